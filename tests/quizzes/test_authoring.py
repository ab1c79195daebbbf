"""Checks before publishing (QuizPageForm), shared pools, preview, and page rules."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.quizzes.models import QuizPage
from courses.quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.factories import add_quiz
from tests.quizzes.conftest import RIGHT_ANSWERS, standard_questions

pytestmark = pytest.mark.django_db


def options(*items):
    """ListBlock form data: (text, correct) pairs."""
    data = {"count": str(len(items))}
    for index, (text, correct) in enumerate(items):
        data[str(index)] = {
            "value": {"text": text, **({"correct": "on"} if correct else {})},
            "deleted": "",
            "order": str(index),
        }
    return data


def single_data(*flags):
    return (
        "single_choice",
        {
            "text": "Which document?",
            "explanation": "Because.",
            "points": "1",
            "kind": "recall",
            "options": options(*[(f"Option {i}", flag) for i, flag in enumerate(flags)]),
        },
    )


def multiple_data(*flags):
    kind, value = single_data(*flags)
    return ("multiple_response", {**value, "scoring": "partial"})


def form_for(parent, *, questions=(), publish=True, instance=None, **fields):
    form_class = QuizPage.get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "title": "Module 1 quiz",
            "slug": "module-1-quiz",
            "kind": "module",
            "required": "on",
            "pass_mark": "70",
            "attempt_limit": "0",
            "draw_count": "0",
            "reveal_answers": "after_each_attempt",
            "questions": streamfield(list(questions)),
            **fields,
        }
    )
    data = {key: value for key, value in data.items() if value is not None}
    form = form_class(data, instance=instance or QuizPage(), parent_page=parent)
    if not publish:
        form.defer_required_fields()
    form.is_valid()
    return form


def messages(form, field):
    error = form.errors.as_data().get(field, [])
    found = []
    for item in error:
        found.extend(
            getattr(item, "non_block_errors", None)
            and [m for e in item.non_block_errors.as_data() for m in e.messages]
            or item.messages
        )
    return found


def test_a_valid_quiz_passes(course):
    form = form_for(
        course.modules[0], questions=[single_data(True, False), multiple_data(True, True, False)]
    )
    assert form.errors == {}


def test_no_questions(course):
    form = form_for(course.modules[0])
    assert "Add at least one question" in " ".join(messages(form, "questions"))


def test_single_choice_needs_exactly_one_correct_and_multiple_at_least_one(course):
    form = form_for(
        course.modules[0],
        questions=[single_data(True, True), multiple_data(False, False), single_data(True, False)],
    )
    found = messages(form, "questions")
    assert found == [
        "Question 1: Tick exactly one option as correct (this question has 2).",
        "Question 2: Tick at least one option as correct.",
    ]


def test_draw_count_not_above_the_pool(course):
    form = form_for(course.modules[0], questions=[single_data(True, False)], draw_count="3")
    assert "pool has only 1" in " ".join(form.errors["draw_count"])


def test_pass_mark_between_1_and_100(course):
    for value in ("0", "101"):
        form = form_for(course.modules[0], questions=[single_data(True, False)], pass_mark=value)
        assert "pass_mark" in form.errors


def test_pretest_cannot_be_required(course):
    form = form_for(
        course.course, questions=[single_data(True, False)], kind="pretest", slug="pre-test"
    )
    assert "never counts towards completion" in " ".join(form.errors["required"])


def test_drafts_may_be_incomplete(course):
    form = form_for(course.modules[0], questions=[single_data(False, False)], publish=False)
    assert form.errors == {}


def test_shared_pool(course, enrol, learner):
    final = add_quiz(course.course, title="Final", kind="final", questions=standard_questions())
    final.save_revision().publish()
    form = form_for(
        course.course,
        kind="pretest",
        required=None,
        slug="pre-test",
        questions_from=str(final.pk),
        draw_count="2",
    )
    assert form.errors == {}
    both = form_for(
        course.course,
        kind="pretest",
        required=None,
        slug="pre-test",
        questions=[single_data(True, False)],
        questions_from=str(final.pk),
    )
    assert "not both" in " ".join(both.errors["questions_from"])

    pretest = add_quiz(
        course.course, title="Pre", kind="pretest", questions=[], questions_from=final
    )
    pretest.save_revision().publish()
    enrol(learner, course.course)
    attempt = quiz_attempt_start(user=learner, quiz=pretest)
    assert str(attempt.revision.object_id) == str(final.pk)
    assert sorted(attempt.question_order) == sorted(RIGHT_ANSWERS)
    result = quiz_attempt_submit(attempt=attempt, user=learner, answers=RIGHT_ANSWERS)
    assert result.score_percent == 100


def test_preview_shows_the_pool_with_answers_marked(client, user_factory, quiz):
    from django.urls import reverse

    from lms.people import roles

    client.force_login(user_factory(groups=[roles.TRAINER]))
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[quiz.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "(preview)" in html and html.count("(right answer)") == 4


def test_page_rules(course):
    from wagtail.test.utils import WagtailPageTestCase

    from courses.models import CoursePage, LessonPage, ModulePage

    helper = WagtailPageTestCase()
    helper.assertAllowedParentPageTypes(QuizPage, {ModulePage, CoursePage})
    helper.assertAllowedSubpageTypes(QuizPage, {})
    assert LessonPage not in QuizPage.allowed_parent_page_models()


def test_publishing_in_the_admin_shows_the_messages(client, user_factory, quiz):
    """Through the real edit view: publish is refused with the messages, a draft saves."""
    from django.urls import reverse

    from lms.people import roles

    client.force_login(user_factory(groups=[roles.LEAD_TRAINER]))
    url = reverse("wagtailadmin_pages:edit", args=[quiz.pk])
    data = nested_form_data(
        {
            "title": quiz.title,
            "slug": quiz.slug,
            "kind": "module",
            "required": "on",
            "pass_mark": "70",
            "attempt_limit": "0",
            "draw_count": "5",
            "reveal_answers": "after_each_attempt",
            "questions": streamfield([single_data(True, True)]),
            "comments": {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            },
        }
    )
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 200  # the form again, with errors
    html = response.content.decode()
    assert "Question 1: Tick exactly one option as correct (this question has 2)." in html
    assert "pool has only 1" in html
    quiz.refresh_from_db()
    assert quiz.draw_count == 0 and len(quiz.questions) == 3

    response = client.post(url, data)  # save draft
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert quiz.has_unpublished_changes and len(quiz.questions) == 3  # live content unchanged


def test_shared_pool_must_come_from_the_same_course(course):
    from tests.factories import build_course

    other = build_course(title="Border management", modules=1, lessons_per_module=1)
    elsewhere = add_quiz(
        other.course, title="Other final", kind="final", questions=standard_questions()
    )
    form = form_for(
        course.course,
        kind="pretest",
        required=None,
        slug="pre-test",
        questions_from=str(elsewhere.pk),
    )
    assert "belongs to another one" in " ".join(form.errors["questions_from"])
