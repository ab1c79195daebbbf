import pytest
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.quizzes.models import QuizPage


def _questions(prefix: str, count: int) -> list[tuple[str, dict]]:
    questions = []
    for i in range(count):
        if i % 3 == 0:
            questions.append(
                (
                    "true_false",
                    {
                        "text": f"{prefix} statement {i}",
                        "explanation": "Because.",
                        "points": 1,
                        "answer": "true",
                    },
                )
            )
        elif i % 3 == 1:
            questions.append(
                (
                    "single_choice",
                    {
                        "text": f"{prefix} question {i}",
                        "explanation": "Because.",
                        "points": 2,
                        "options": [
                            {"text": "Right", "correct": True},
                            {"text": "Wrong", "correct": False},
                            {"text": "Also wrong", "correct": False},
                        ],
                    },
                )
            )
        else:
            questions.append(
                (
                    "multiple_response",
                    {
                        "text": f"{prefix} pick two {i}",
                        "explanation": "Because.",
                        "points": 1,
                        "scoring": "all_or_nothing",
                        "options": [
                            {"text": "A", "correct": True},
                            {"text": "B", "correct": True},
                            {"text": "C", "correct": False},
                        ],
                    },
                )
            )
    return questions


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _course(index: CourseIndexPage, slug: str, *, modules: int = 2, lessons: int = 2) -> CoursePage:
    course = _publish(
        index,
        CoursePage(
            title=f"Course {slug}",
            slug=slug,
            summary="A course.",
            thematic_area="migration_cycle",
            estimated_hours=4,
            recertification_months=24,
        ),
    )
    _publish(
        course,
        QuizPage(
            title="Pre-test",
            slug="pre-test",
            kind="pretest",
            required=False,
            questions=_questions("pre", 10),
        ),
    )
    for m in range(1, modules + 1):
        module = _publish(course, ModulePage(title=f"Module {m}", slug=f"module-{m}"))
        for lesson_number in range(1, lessons + 1):
            _publish(
                module,
                LessonPage(
                    title=f"Lesson {m}.{lesson_number}",
                    slug=f"lesson-{lesson_number}",
                    body=[("paragraph", "<p>Text.</p>")],
                ),
            )
        _publish(
            module,
            QuizPage(
                title=f"Quiz {m}",
                slug="quiz",
                kind="module",
                pass_mark=70,
                attempt_limit=3,
                questions=_questions(f"m{m}", 5),
            ),
        )
    _publish(
        course,
        QuizPage(
            title="Final assessment",
            slug="final",
            kind="final",
            pass_mark=70,
            draw_count=10,
            questions=_questions("final", 12),
        ),
    )
    return course


@pytest.fixture
def curriculum(db):
    """Two small published courses: pre-test, two modules of two lessons and a quiz, final."""
    index = CourseIndexPage.objects.first()
    if index is None:  # a migration may already have made the catalogue
        home = Page.objects.get(depth=2).specific
        index = _publish(home, CourseIndexPage(title="Courses", slug="courses"))
    return [_course(index, "course-a"), _course(index, "course-b")]
