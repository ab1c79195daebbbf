"""Quality warnings for a valid curriculum: the quiz-quality check and reading level.

The rules live in courses.quizzes.quality and courses.readability (the Wagtail editor
uses the same ones); this module only turns the files' specs into their plain values and
pins each finding to a file and line. Warnings never stop a load.
"""

from __future__ import annotations

from decimal import Decimal

from courses.quizzes.quality import (
    course_flaws,
    near_duplicate_message,
    near_duplicates,
    question_flaws,
)
from courses.quizzes.questions import TRUE_FALSE_OPTIONS, Option, Question
from courses.readability import MAX_GRADE_LEVEL, grade_level, lesson_plain_text

from .problems import Problem, Problems
from .specs import Curriculum, LessonSpec, QuestionSpec
from .values import QUESTION_BLOCK


def as_question(spec: QuestionSpec) -> Question:
    """The plain question a spec becomes (options identified by their text)."""
    if spec.type == "true_false":
        answer = "true" if spec.answer else "false"
        options = tuple(
            Option(id=option_id, text=label, correct=option_id == answer)
            for option_id, label in TRUE_FALSE_OPTIONS
        )
    else:
        options = tuple(
            Option(id=text, text=text, correct=correct) for text, correct in spec.options
        )
    return Question(
        id=spec.id,
        type=QUESTION_BLOCK[spec.type],
        text=spec.text,
        explanation=spec.explanation,
        points=Decimal(spec.points),
        options=options,
        scoring=spec.scoring or "all_or_nothing",
        kind=spec.kind,
    )


def lesson_grade(lesson: LessonSpec) -> float:
    """The US grade level of a lesson file's text (courses.readability)."""
    blocks = [
        (block.type, block.value["html"] if block.type == "paragraph" else block.value)
        for block in lesson.body
    ]
    return grade_level(lesson_plain_text(blocks))


def quality_warnings(curriculum: Curriculum) -> list[Problem]:
    """Every quality warning of a (valid) curriculum, sorted by file and line."""
    problems = Problems()
    everything = []  # ((path, line, id), question) over all courses
    for course in curriculum.courses:
        quizzes = [module.quiz for module in course.modules if module.quiz]
        # The pre-test and final share one pool: its items count once.
        pool = next((quiz for quiz in (course.pretest, course.final) if quiz), None)
        items = [
            ((quiz.path, spec.line, spec.id), as_question(spec))
            for quiz in [*quizzes, *([pool] if pool else [])]
            for spec in quiz.questions
        ]
        for (path, line, qid), question in items:
            for flaw in question_flaws(question):
                problems.warn(path, line, f"question '{qid}': {flaw.message}")
        for flaw in course_flaws(question for _, question in items):
            problems.warn(course.path, 0, flaw.message)
        everything.extend(items)
        for module in course.modules:
            for lesson in module.lessons:
                grade = lesson_grade(lesson)
                if grade > MAX_GRADE_LEVEL:
                    problems.warn(
                        lesson.path,
                        0,
                        f"the lesson reads at US grade {grade:.1f} (at most {MAX_GRADE_LEVEL}): "
                        "use shorter sentences and plainer words",
                    )
    for (path, line, qid), (other_path, other_line, other_id), ratio in near_duplicates(everything):
        other = f"question '{other_id}' ({Problems.relative(other_path)}:{other_line})"
        problems.warn(path, line, f"question '{qid}' {near_duplicate_message(other, ratio)}")
    return sorted(set(problems.warnings))
