"""What the submit path saves, and that it saves nothing it should not: the pool cached per
revision, course completion evaluated only when it can change."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment, LessonCompletion
from courses.quizzes.models import QuizAttempt
from courses.quizzes.selectors import attempt_pool, attempt_questions
from courses.quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.factories import add_quiz
from tests.quizzes.conftest import Q_MULTI, Q_SINGLE, Q_TF, RIGHT_ANSWERS, single

pytestmark = pytest.mark.django_db

WRONG_ANSWERS = {Q_SINGLE: [f"{Q_SINGLE}-b"], Q_MULTI: [f"{Q_MULTI}-gh"], Q_TF: ["false"]}


# --- The question pool, cached per revision -------------------------------------------


def test_a_revisions_pool_is_read_from_the_database_once(enrolled, quiz, django_assert_num_queries):
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    attempt = QuizAttempt.objects.get(pk=attempt.pk)
    with django_assert_num_queries(0):
        pool = attempt_pool(attempt)
    assert list(pool) == [Q_SINGLE, Q_MULTI, Q_TF]


def test_a_publish_is_asked_in_the_next_attempt_and_the_open_one_keeps_its_questions(
    enrolled, quiz
):
    first = quiz_attempt_start(user=enrolled, quiz=quiz)
    attempt_pool(first)  # cached under the first revision
    # The trainer rewrites the first question and changes its right answer.
    quiz.questions = [
        single(Q_SINGLE, right="b", text="Reworded question"),
        *list(quiz.questions.raw_data)[1:],
    ]
    quiz.save_revision().publish()
    quiz.refresh_from_db()

    assert attempt_questions(first)[0].text != "Reworded question"
    result = quiz_attempt_submit(attempt=first, user=enrolled, answers=RIGHT_ANSWERS)
    assert result.score_percent == Decimal("100.00")  # scored on the revision it was asked

    second = quiz_attempt_start(user=enrolled, quiz=quiz)
    assert second.revision_id == quiz.live_revision_id != first.revision_id
    assert attempt_questions(second)[0].text == "Reworded question"
    result = quiz_attempt_submit(attempt=second, user=enrolled, answers=RIGHT_ANSWERS)
    assert result.score_percent < Decimal("100.00")  # "a" is no longer right


def test_a_deleted_revision_falls_back_to_the_live_questions(enrolled, quiz):
    from wagtail.models import Revision

    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    attempt_pool(attempt)
    Revision.objects.filter(pk=attempt.revision_id).delete()
    attempt.refresh_from_db()
    assert attempt.revision_id is None
    assert list(attempt_pool(attempt)) == [Q_SINGLE, Q_MULTI, Q_TF]


# --- Course completion, evaluated only when it can change ------------------------------


@pytest.fixture
def evaluations(monkeypatch):
    """The calls of the courses part's completion rule, which still runs."""
    import courses.services

    calls = []
    rule = courses.services.course_completion_evaluate

    def spy(**kwargs):
        calls.append(kwargs)
        return rule(**kwargs)

    monkeypatch.setattr(courses.services, "course_completion_evaluate", spy)
    return calls


@pytest.mark.parametrize(
    ("fields", "answers", "evaluated"),
    [
        pytest.param({}, RIGHT_ANSWERS, True, id="required-passed"),
        pytest.param({}, WRONG_ANSWERS, False, id="required-failed"),
        pytest.param({"required": False}, RIGHT_ANSWERS, False, id="optional-passed"),
        pytest.param({"kind": "pretest"}, RIGHT_ANSWERS, False, id="pretest-passed"),
        pytest.param({"kind": "final"}, RIGHT_ANSWERS, True, id="final-passed"),
    ],
)
def test_completion_is_evaluated_only_when_a_quiz_that_counts_is_passed(
    enrolled, course, quiz_factory, evaluations, fields, answers, evaluated
):
    parent = course.course if fields.get("kind") in ("pretest", "final") else None
    quiz = quiz_factory(parent=parent, **fields)
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    quiz_attempt_submit(attempt=attempt, user=enrolled, answers=answers)
    assert len(evaluations) == (1 if evaluated else 0)


def test_an_optional_quiz_never_completed_a_course(enrolled, course, quiz_factory):
    # The rule itself ignores optional quizzes: not evaluating after one changes nothing.
    LessonCompletion.objects.create(user=enrolled, lesson=course.lessons[0])
    optional = quiz_factory(required=False)
    attempt = quiz_attempt_start(user=enrolled, quiz=optional)
    quiz_attempt_submit(attempt=attempt, user=enrolled, answers=RIGHT_ANSWERS)
    assert Enrolment.objects.get(user=enrolled).completed_at is None


def test_a_completed_course_is_not_evaluated_again(enrolled, course, quiz, evaluations):
    enrolment = Enrolment.objects.get(user=enrolled)
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    quiz_attempt_submit(
        attempt=attempt,
        user=enrolled,
        answers=RIGHT_ANSWERS,
        course=course.course,
        enrolment=enrolment,
    )
    assert evaluations == []


def test_a_stale_enrolment_still_completes_the_course(enrolled, course, quiz):
    # The view's enrolment was read before the submit; not yet complete means evaluate.
    enrolment = Enrolment.objects.get(user=enrolled)
    LessonCompletion.objects.create(user=enrolled, lesson=course.lessons[0])
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    quiz_attempt_submit(
        attempt=attempt,
        user=enrolled,
        answers=RIGHT_ANSWERS,
        course=course.course,
        enrolment=enrolment,
    )
    assert Enrolment.objects.get(user=enrolled).completed_at is not None


# --- Query counts of the whole requests ---------------------------------------------


@pytest.fixture
def logged_in(client, enrolled):
    client.force_login(enrolled)
    return client


def _form():
    return {f"q-{qid}": values for qid, values in RIGHT_ANSWERS.items()}


@pytest.mark.parametrize("complete", [False, True], ids=["in-progress", "completed"])
def test_submit_request_query_count(
    logged_in, enrolled, course, quiz, complete, django_assert_max_num_queries
):
    if complete:
        Enrolment.objects.filter(user=enrolled).update(completed_at=timezone.now())
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    url = reverse("quizzes:attempt", args=[attempt.pk])
    logged_in.get(url)  # the header's per-user look-ups, cached from the first page on
    # Session, user, attempt, the learner gate (profile, enrolment), the attempt's lock,
    # responses, scores; then, unless the course is complete, the completion rule (its
    # lock, the course structure, lessons and quiz results). Counted with the tests'
    # savepoints; the course structure is cached in production.
    with django_assert_max_num_queries(10 if complete else 16):
        response = logged_in.post(url, _form())
    assert response.status_code == 302
    assert QuizAttempt.objects.get(pk=attempt.pk).passed is True


def test_start_request_query_count(logged_in, quiz, django_assert_max_num_queries):
    url = reverse("quizzes:start", args=[quiz.pk])
    logged_in.get(quiz.url)
    # The quiz, session, user, the learner gate, the enrolment's lock, earlier attempts,
    # the revision's questions (once: cached from then on), the new attempt.
    with django_assert_max_num_queries(11):
        assert logged_in.post(url).status_code == 302


def test_a_pretest_sharing_the_finals_questions_is_asked_them(enrolled, course, quiz_factory):
    final = quiz_factory(parent=course.course, kind="final", title="Final")
    pretest = add_quiz(
        course.course,
        title="Pre-test",
        kind="pretest",
        questions=[],
        questions_from=final,
        shuffle_questions=False,
        shuffle_options=False,
    )
    pretest.save_revision().publish()
    attempt = quiz_attempt_start(user=enrolled, quiz=pretest)
    assert attempt.revision_id == final.live_revision_id
    assert [q.id for q in attempt_questions(attempt)] == [Q_SINGLE, Q_MULTI, Q_TF]
