"""The shipped curriculum (content/) loads on a fresh database, reloads with no change, and
has the shape and the quiz settings the programme asked for (issue 8)."""

import re

import pytest
from wagtail.models import Revision

from content.services import curriculum_load
from courses.models import CoursePage, LessonPage, ModulePage
from courses.quizzes.models import QuizPage

pytestmark = pytest.mark.django_db


def words(lesson: LessonPage) -> int:
    text = []
    for block in lesson.body.raw_data:
        value = block["value"]
        if block["type"] == "image":
            continue
        if isinstance(value, dict):
            value = " ".join(str(v) for k, v in value.items() if k not in ("kind", "level", "url"))
        text.append(re.sub(r"<[^>]+>", " ", value))
    return len(" ".join(text).split())


def test_the_whole_curriculum_loads_once_and_reloads_unchanged():
    report = curriculum_load()
    assert report.total("skipped") == report.total("updated") == 0
    created = report.total("created")
    revisions = Revision.objects.count()

    again = curriculum_load()

    assert again.total("unchanged") == created
    assert again.total("created") == again.total("updated") == again.total("skipped") == 0
    assert Revision.objects.count() == revisions

    courses = list(CoursePage.objects.live().order_by("path"))
    assert len(courses) == 3
    assert {c.thematic_area for c in courses} == {
        "migration_cycle",
        "migration_health",
        "border_management",
    }
    for course in courses:
        assert course.certificate_enabled
        children = [page.specific for page in course.get_children()]
        pretest, modules, final = children[0], children[1:-1], children[-1]
        assert isinstance(pretest, QuizPage) and pretest.kind == "pretest"
        assert isinstance(final, QuizPage) and final.kind == "final"
        assert 4 <= len(modules) <= 8, course.slug  # issue 18 adds modules
        for module in modules:
            assert isinstance(module, ModulePage)
            module_children = [page.specific for page in module.get_children()]
            lessons, quiz = module_children[:-1], module_children[-1]
            assert 2 <= len(lessons) <= 4, module.url_path
            for lesson in lessons:
                assert isinstance(lesson, LessonPage)
                assert 500 <= words(lesson) <= 1200, (lesson.url_path, words(lesson))
                kinds = [
                    block["value"]["kind"]
                    for block in lesson.body.raw_data
                    if block["type"] == "callout"
                ]
                assert "case_study" in kinds, lesson.url_path
                assert lesson.objective_list and lesson.source_list, lesson.url_path
            assert isinstance(quiz, QuizPage) and quiz.kind == "module", module.url_path
            assert 8 <= len(quiz.questions.raw_data) <= 12, module.url_path
            assert all(q["value"]["explanation"].strip() for q in quiz.questions.raw_data)
            # Formative: unlimited attempts, answers after each attempt, pass at 70%.
            assert (quiz.attempt_limit, quiz.reveal_answers, quiz.pass_mark) == (
                0,
                "after_each_attempt",
                70,
            )
        pool = [q["id"] for q in pretest.questions.raw_data]
        assert len(pool) >= 20
        assert [q["id"] for q in final.questions.raw_data] == pool
        assert all(q["value"]["explanation"].strip() for q in final.questions.raw_data)
        assert (pretest.reveal_answers, pretest.required) == ("never", False)
        assert (final.draw_count, final.attempt_limit, final.pass_mark, final.required) == (
            15,
            3,
            70,
            True,
        )
        assert final.reveal_answers == "after_passed_or_exhausted"


def test_a_second_load_of_the_whole_curriculum_is_a_few_queries(django_assert_max_num_queries):
    curriculum_load()

    # What `make run` does on every start: read the files, compare hashes, write nothing.
    with django_assert_max_num_queries(30):
        report = curriculum_load()

    assert report.total("unchanged") == len(report.pages)
