from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.exceptions import AttemptLimitReached, NotEnrolled
from courses.models import Enrolment
from courses.quizzes.models import QuizAttempt, QuizResponse
from courses.quizzes.services import (
    DEADLINE_GRACE,
    AnswersInvalidError,
    quiz_attempt_start,
    quiz_attempt_submit,
    quiz_attempts_close_expired,
)
from tests.quizzes.conftest import Q_MULTI, Q_SINGLE, Q_TF, RIGHT_ANSWERS, single

pytestmark = pytest.mark.django_db


def test_start_records_number_revision_draw_and_order(enrolled, quiz):
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    assert attempt.number == 1
    assert attempt.revision_id == quiz.live_revision_id
    assert attempt.question_order == [Q_SINGLE, Q_MULTI, Q_TF]
    assert attempt.option_order[Q_SINGLE] == [f"{Q_SINGLE}-a", f"{Q_SINGLE}-b", f"{Q_SINGLE}-c"]
    assert attempt.option_order[Q_TF] == ["true", "false"]
    assert attempt.deadline is None


def test_start_returns_the_open_attempt(enrolled, quiz):
    first = quiz_attempt_start(user=enrolled, quiz=quiz)
    assert quiz_attempt_start(user=enrolled, quiz=quiz).pk == first.pk
    assert QuizAttempt.objects.count() == 1


def test_start_draws_n_questions_and_shuffles(enrolled, quiz_factory):
    pool = [single(f"q{n}") for n in range(10)]
    quiz = quiz_factory(questions=pool, draw_count=4, shuffle_questions=True, shuffle_options=True)
    orders = set()
    for _ in range(6):
        attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
        assert len(attempt.question_order) == 4
        assert set(attempt.question_order) <= {f"q{n}" for n in range(10)}
        orders.add(tuple(attempt.question_order))
        quiz_attempt_submit(
            attempt=attempt,
            user=enrolled,
            answers={qid: [f"{qid}-a"] for qid in attempt.question_order},
        )
    assert len(orders) > 1  # six identical draws of 4 from 10 would be a broken RNG


def test_start_refuses_learners_not_enrolled(learner, quiz):
    with pytest.raises(NotEnrolled):
        quiz_attempt_start(user=learner, quiz=quiz)
    assert not QuizAttempt.objects.exists()


def test_attempt_limit(enrolled, quiz_factory):
    quiz = quiz_factory(attempt_limit=2)
    for _ in range(2):
        attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
        quiz_attempt_submit(attempt=attempt, user=enrolled, answers=RIGHT_ANSWERS)
    with pytest.raises(AttemptLimitReached, match="all 2 attempts"):
        quiz_attempt_start(user=enrolled, quiz=quiz)
    assert QuizAttempt.objects.filter(user=enrolled).count() == 2


def test_submit_scores_on_the_server_and_writes_one_row_per_question(enrolled, quiz):
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    result = quiz_attempt_submit(
        attempt=attempt,
        user=enrolled,
        answers={Q_SINGLE: [f"{Q_SINGLE}-a"], Q_MULTI: [f"{Q_MULTI}-ug"], Q_TF: ["false"]},
    )
    # 1 (single) + 1 of 2 (partial) + 0 (true/false) = 2 of 4 points.
    assert (result.score_points, result.max_points) == (Decimal("2.00"), Decimal("4.00"))
    assert result.score_percent == Decimal("50.00")
    assert result.passed is False  # pass mark 60
    rows = {row.block_id: row for row in QuizResponse.objects.filter(attempt=attempt)}
    assert set(rows) == {Q_SINGLE, Q_MULTI, Q_TF}
    assert rows[Q_SINGLE].is_correct and rows[Q_SINGLE].chosen_text == "A passport"
    assert rows[Q_MULTI].points_awarded == Decimal("1.00") and not rows[Q_MULTI].is_correct
    assert rows[Q_TF].chosen_option_ids == ["false"] and rows[Q_TF].chosen_text == "False"
    assert rows[Q_MULTI].options_snapshot[2] == {
        "id": f"{Q_MULTI}-gh",
        "text": "Ghana",
        "correct": False,
    }
    assert [rows[q].position for q in (Q_SINGLE, Q_MULTI, Q_TF)] == [1, 2, 3]


def test_submit_scores_from_the_pinned_revision(enrolled, quiz):
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    # The trainer changes the right answer after the learner started.
    quiz.questions = [single(Q_SINGLE, right="b"), *list(quiz.questions.raw_data)[1:]]
    quiz.save_revision().publish()
    result = quiz_attempt_submit(attempt=attempt, user=enrolled, answers=RIGHT_ANSWERS)
    assert result.score_percent == Decimal("100.00")


def test_double_submit_returns_the_first_result_unchanged(enrolled, quiz):
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    first = quiz_attempt_submit(attempt=attempt, user=enrolled, answers=RIGHT_ANSWERS)
    wrong = {Q_SINGLE: [f"{Q_SINGLE}-b"], Q_MULTI: [f"{Q_MULTI}-gh"], Q_TF: ["false"]}
    again = quiz_attempt_submit(attempt=attempt, user=enrolled, answers=wrong)
    assert again.pk == first.pk
    assert again.score_percent == Decimal("100.00")
    assert again.submitted_at == first.submitted_at
    assert QuizResponse.objects.filter(attempt=attempt).count() == 3


def test_passing_a_required_quiz_completes_the_course(enrolled, course, quiz):
    from courses.models import LessonCompletion

    LessonCompletion.objects.create(user=enrolled, lesson=course.lessons[0])
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    quiz_attempt_submit(attempt=attempt, user=enrolled, answers=RIGHT_ANSWERS)
    assert Enrolment.objects.get(user=enrolled).completed_at is not None


BAD_ANSWERS = [
    pytest.param({**RIGHT_ANSWERS, "not-drawn": ["x"]}, "not part of this attempt", id="undrawn"),
    pytest.param({**RIGHT_ANSWERS, Q_SINGLE: ["nope"]}, "not one of its options", id="unknown"),
    pytest.param({**RIGHT_ANSWERS, Q_SINGLE: ["true"]}, "another question", id="foreign"),
    pytest.param(
        {**RIGHT_ANSWERS, Q_SINGLE: [f"{Q_SINGLE}-a", f"{Q_SINGLE}-b"]}, "only one", id="two"
    ),
    pytest.param({Q_SINGLE: [f"{Q_SINGLE}-a"]}, "answer questions 2, 3", id="missing"),
]


@pytest.mark.parametrize(("answers", "message"), BAD_ANSWERS)
def test_bad_answers_are_refused_and_nothing_is_saved(enrolled, quiz, answers, message):
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    with pytest.raises(AnswersInvalidError, match=message):
        quiz_attempt_submit(attempt=attempt, user=enrolled, answers=answers)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score_percent is None
    assert not QuizResponse.objects.exists()


def test_someone_elses_attempt_is_not_found(enrolled, learner_factory, quiz):
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    with pytest.raises(QuizAttempt.DoesNotExist):
        quiz_attempt_submit(attempt=attempt, user=learner_factory(), answers=RIGHT_ANSWERS)
    assert not QuizResponse.objects.exists()


class TestTimeLimit:
    @pytest.fixture
    def timed(self, quiz_factory):
        return quiz_factory(time_limit_minutes=10)

    @pytest.fixture
    def t0(self):
        return timezone.now().replace(microsecond=0)

    def test_deadline_comes_from_the_server_clock(self, enrolled, timed, t0):
        attempt = quiz_attempt_start(user=enrolled, quiz=timed, now=t0)
        assert attempt.started_at == t0
        assert attempt.deadline == t0 + timedelta(minutes=10)

    def test_before_the_deadline_missing_answers_are_refused(self, enrolled, timed, t0):
        attempt = quiz_attempt_start(user=enrolled, quiz=timed, now=t0)
        with pytest.raises(AnswersInvalidError):
            quiz_attempt_submit(
                attempt=attempt,
                user=enrolled,
                answers={Q_SINGLE: [f"{Q_SINGLE}-a"]},
                now=t0 + timedelta(minutes=9),
            )

    def test_just_after_the_deadline_the_attempt_is_scored_as_it_stands(self, enrolled, timed, t0):
        attempt = quiz_attempt_start(user=enrolled, quiz=timed, now=t0)
        result = quiz_attempt_submit(
            attempt=attempt,
            user=enrolled,
            answers={Q_SINGLE: [f"{Q_SINGLE}-a"]},
            now=t0 + timedelta(minutes=10, seconds=30),
        )
        assert result.score_points == Decimal("1.00") and result.score_percent == Decimal("25.00")
        assert QuizResponse.objects.filter(attempt=attempt).count() == 3

    def test_answers_after_deadline_and_grace_are_not_counted(self, enrolled, timed, t0):
        attempt = quiz_attempt_start(user=enrolled, quiz=timed, now=t0)
        late = t0 + timedelta(minutes=10) + DEADLINE_GRACE + timedelta(seconds=1)
        result = quiz_attempt_submit(
            attempt=attempt, user=enrolled, answers=RIGHT_ANSWERS, now=late
        )
        assert result.score_points == Decimal("0.00") and result.submitted_at == late

    def test_an_expired_open_attempt_is_closed_when_the_next_one_starts(self, enrolled, timed, t0):
        first = quiz_attempt_start(user=enrolled, quiz=timed, now=t0)
        second = quiz_attempt_start(user=enrolled, quiz=timed, now=t0 + timedelta(hours=1))
        first.refresh_from_db()
        assert second.number == 2
        assert first.submitted_at is not None and first.score_percent == Decimal("0.00")

    def test_close_expired(self, enrolled, timed, t0):
        attempt = quiz_attempt_start(user=enrolled, quiz=timed, now=t0)
        assert quiz_attempts_close_expired(now=t0 + timedelta(minutes=11)) == 0
        assert quiz_attempts_close_expired(now=t0 + timedelta(minutes=12)) == 1
        attempt.refresh_from_db()
        assert attempt.passed is False


@pytest.mark.parametrize("count", [3, 12])
def test_submit_query_count_does_not_grow_with_questions(
    enrolled, quiz_factory, count, django_assert_max_num_queries
):
    quiz = quiz_factory(questions=[single(f"q{n}") for n in range(count)], pass_mark=100)
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    answers = {f"q{n}": [f"q{n}-b"] for n in range(count)}  # fail: no completion check
    with django_assert_max_num_queries(5):
        quiz_attempt_submit(attempt=attempt, user=enrolled, answers=answers)


@pytest.mark.parametrize("count", [3, 12])
def test_passing_submit_query_count_does_not_grow_with_questions(
    enrolled, quiz_factory, count, django_assert_max_num_queries
):
    quiz = quiz_factory(questions=[single(f"q{n}") for n in range(count)])
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    answers = {f"q{n}": [f"q{n}-a"] for n in range(count)}
    with django_assert_max_num_queries(12):
        quiz_attempt_submit(attempt=attempt, user=enrolled, answers=answers)


def test_each_response_row_keeps_the_kind_the_question_had(enrolled, quiz_factory):
    scenario = single("q-scenario")
    scenario["value"]["kind"] = "scenario"
    quiz = quiz_factory(questions=[scenario, single("q-unmarked")])
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)

    quiz_attempt_submit(
        attempt=attempt,
        user=enrolled,
        answers={"q-scenario": ["q-scenario-a"], "q-unmarked": ["q-unmarked-b"]},
    )

    kinds = dict(QuizResponse.objects.values_list("block_id", "question_kind"))
    assert kinds == {"q-scenario": "scenario", "q-unmarked": "recall"}
