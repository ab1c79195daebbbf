"""The shape of the loaded curriculum, read once, as plain data the generator can use
without touching the database again: courses, their lessons and quizzes in order, and
each quiz's questions (courses.quizzes.questions values, as attempts snapshot them)."""

from dataclasses import dataclass, field

from courses.models import CoursePage, LessonPage, ModulePage
from courses.quizzes.models import QuizPage
from courses.quizzes.questions import Question


@dataclass(frozen=True)
class Quiz:
    id: int
    kind: str
    required: bool
    pass_mark: int
    attempt_limit: int
    draw_count: int
    shuffle_questions: bool
    shuffle_options: bool
    time_limit_minutes: int | None
    revision_id: int | None
    questions: tuple[Question, ...]


@dataclass
class Course:
    id: int
    title: str
    hours: int
    certificate_enabled: bool
    recertification_months: int | None
    revision_id: int | None
    pretest: Quiz | None = None
    final: Quiz | None = None
    # In learning order: ("lesson", id) or ("quiz", Quiz), module by module.
    steps: list[tuple[str, object]] = field(default_factory=list)

    @property
    def lesson_ids(self) -> list[int]:
        return [item for kind, item in self.steps if kind == "lesson"]


def _quiz(page: QuizPage) -> Quiz:
    return Quiz(
        id=page.pk,
        kind=page.kind,
        required=page.required,
        pass_mark=page.pass_mark,
        attempt_limit=page.attempt_limit,
        draw_count=page.draw_count,
        shuffle_questions=page.shuffle_questions,
        shuffle_options=page.shuffle_options,
        time_limit_minutes=page.time_limit_minutes,
        # Attempts pin the revision of the quiz whose pool is asked (a pre-test and the
        # final share one pool), as courses.quizzes.services does.
        revision_id=page.pool_page.live_revision_id,
        questions=tuple(page.pool().values()),
    )


def curriculum_load() -> list[Course]:
    """Every live course with its live lessons and quizzes, in catalogue and tree order."""
    courses = []
    for page in CoursePage.objects.live().order_by("path"):
        course = Course(
            id=page.pk,
            title=page.title,
            hours=page.estimated_hours,
            certificate_enabled=page.certificate_enabled,
            recertification_months=page.recertification_months,
            revision_id=page.live_revision_id,
        )
        modules = list(ModulePage.objects.live().child_of(page).order_by("path"))
        lessons = list(LessonPage.objects.live().descendant_of(page).order_by("path"))
        quizzes = [
            _quiz(q)
            for q in QuizPage.objects.live()
            .descendant_of(page)
            .select_related("questions_from")
            .order_by("path")
        ]
        quiz_paths = dict(
            QuizPage.objects.live().descendant_of(page).order_by("path").values_list("pk", "path")
        )
        for quiz in quizzes:
            if quiz.kind == "pretest" and course.pretest is None:
                course.pretest = quiz
            elif quiz.kind == "final" and course.final is None:
                course.final = quiz
        for module in modules:
            for lesson in lessons:
                if lesson.path.startswith(module.path):
                    course.steps.append(("lesson", lesson.pk))
            for quiz in quizzes:
                if quiz.kind == "module" and quiz_paths[quiz.id].startswith(module.path):
                    course.steps.append(("quiz", quiz))
        if course.steps or course.final:
            courses.append(course)
    return courses
