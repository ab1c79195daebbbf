"""Helpers that build test data other parts' tests can import.

``build_course()`` makes a small published course under the catalogue page that the
courses data migration creates: course -> modules -> lessons, with optional quizzes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LESSON_BODY = [
    {"type": "heading", "value": {"text": "Why it matters", "level": "h2"}},
    {"type": "paragraph", "value": "<p>Every officer meets migrants in their daily work.</p>"},
    {
        "type": "callout",
        "value": {
            "kind": "in_your_county",
            "title": "Busia",
            "body": "<p>Busia One Stop Border Post handles thousands of crossings a day.</p>",
        },
    },
    {"type": "reflection", "value": {"question": "Who crosses at your duty station?"}},
]


def quiz_questions(count: int = 2) -> list[dict]:
    return [
        {
            "type": "true_false",
            "value": {
                "text": f"Statement {number}: Kenya is a member of the EAC.",
                "explanation": "Kenya is a founding member of the East African Community.",
                "points": 1,
                "answer": "true",
            },
        }
        for number in range(1, count + 1)
    ]


@dataclass
class BuiltCourse:
    index: object
    course: object
    modules: list = field(default_factory=list)
    # Lessons in course order (module 1's, then module 2's ...).
    lessons: list = field(default_factory=list)
    # Module quizzes in course order.
    module_quizzes: list = field(default_factory=list)
    pretest: object | None = None
    final_quiz: object | None = None

    def lessons_of(self, module) -> list:
        return [lesson for lesson in self.lessons if lesson.path.startswith(module.path)]


def course_index():
    """The catalogue page created by the courses data migration."""
    from courses.models import CourseIndexPage

    return CourseIndexPage.objects.get(slug="courses")


def add_lesson(module, *, title: str, slug: str | None = None, live: bool = True, **fields):
    from courses.models import LessonPage

    lesson = LessonPage(
        title=title,
        slug=slug or None,
        summary=fields.pop("summary", f"What {title.lower()} covers."),
        objectives=fields.pop("objectives", "Explain the idea\nApply it at work"),
        sources=fields.pop("sources", "Kenya Citizenship and Immigration Act, 2011"),
        body=fields.pop("body", LESSON_BODY),
        live=live,
        **fields,
    )
    module.add_child(instance=lesson)
    return lesson


def add_quiz(parent, *, title: str, kind: str = "module", required: bool = True, **fields):
    from courses.quizzes.models import QuizPage

    quiz = QuizPage(
        title=title,
        kind=kind,
        required=required if kind != "pretest" else False,
        pass_mark=fields.pop("pass_mark", 60),
        questions=fields.pop("questions", quiz_questions()),
        live=fields.pop("live", True),
        **fields,
    )
    parent.add_child(instance=quiz)
    return quiz


def build_course(
    *,
    title: str = "Migration basics",
    modules: int = 2,
    lessons_per_module: int = 2,
    module_quizzes: bool = False,
    pretest: bool = False,
    final_quiz: bool = False,
    thematic_area: str = "migration_cycle",
    audience: str = "both",
    live: bool = True,
    index=None,
) -> BuiltCourse:
    """A published course under the catalogue: ``modules`` modules of
    ``lessons_per_module`` lessons each, plus the quizzes asked for. Needs the db."""
    from courses.models import CoursePage, ModulePage

    index = index or course_index()
    course = CoursePage(
        title=title,
        summary=f"{title}: a short course for county and national staff.",
        objectives="Describe the migration cycle\nRefer people to the right service",
        thematic_area=thematic_area,
        audience=audience,
        estimated_hours=3,
        live=live,
    )
    index.add_child(instance=course)
    built = BuiltCourse(index=index, course=course)
    if pretest:
        built.pretest = add_quiz(course, title=f"{title}: pre-test", kind="pretest")
    for module_number in range(1, modules + 1):
        module = ModulePage(
            title=f"Module {module_number}",
            summary=f"What module {module_number} covers.",
            objectives="One objective",
            live=True,
        )
        course.add_child(instance=module)
        built.modules.append(module)
        for lesson_number in range(1, lessons_per_module + 1):
            built.lessons.append(
                add_lesson(module, title=f"Lesson {module_number}.{lesson_number}")
            )
        if module_quizzes:
            built.module_quizzes.append(add_quiz(module, title=f"Module {module_number} quiz"))
    if final_quiz:
        built.final_quiz = add_quiz(course, title=f"{title}: final assessment", kind="final")
    return built
