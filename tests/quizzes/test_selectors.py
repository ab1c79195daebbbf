from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.quizzes.selectors import knowledge_gain_rows
from courses.quizzes.services import quiz_attempt_start, quiz_attempt_submit
from lms.people import personal_data
from tests.factories import add_quiz
from tests.quizzes.conftest import Q_MULTI, Q_SINGLE, Q_TF, RIGHT_ANSWERS, standard_questions

pytestmark = pytest.mark.django_db

HALF = {Q_SINGLE: [f"{Q_SINGLE}-a"], Q_MULTI: [f"{Q_MULTI}-ug"], Q_TF: ["false"]}  # 2 of 4
NONE_RIGHT = {Q_SINGLE: [f"{Q_SINGLE}-b"], Q_MULTI: [f"{Q_MULTI}-gh"], Q_TF: ["false"]}


@pytest.fixture
def pre_and_final(course):
    final = add_quiz(course.course, title="Final", kind="final", questions=standard_questions())
    final.save_revision().publish()
    pretest = add_quiz(
        course.course, title="Pre", kind="pretest", questions=[], questions_from=final
    )
    pretest.save_revision().publish()
    return pretest, final


def take(user, quiz, answers, when):
    attempt = quiz_attempt_start(user=user, quiz=quiz, now=when)
    return quiz_attempt_submit(attempt=attempt, user=user, answers=answers, now=when)


def test_knowledge_gain_first_pretest_best_final_in_one_query(
    learner_factory, enrol, course, pre_and_final, django_assert_num_queries
):
    pretest, final = pre_and_final
    alice, bob, carol = learner_factory(), learner_factory(), learner_factory()
    for user in (alice, bob, carol):
        enrol(user, course.course)
    t = timezone.now()
    take(alice, pretest, NONE_RIGHT, t)  # first pre-test: 0%
    take(alice, pretest, HALF, t + timedelta(minutes=1))  # a later one does not count
    take(alice, final, HALF, t + timedelta(minutes=2))  # 50%
    take(alice, final, RIGHT_ANSWERS, t + timedelta(minutes=3))  # best: 100%
    take(bob, pretest, HALF, t)  # 50%, no final yet
    # Another course's quizzes do not mix in.
    from tests.factories import build_course

    other = build_course(title="Border management", modules=1, lessons_per_module=1)
    other_final = add_quiz(
        other.course, title="Other final", kind="final", questions=standard_questions()
    )
    other_final.save_revision().publish()
    enrol(alice, other.course)
    take(alice, other_final, NONE_RIGHT, t)

    with django_assert_num_queries(1):
        rows = list(knowledge_gain_rows(course=course.course))
    by_user = {row["user_id"]: row for row in rows}
    assert by_user[alice.pk]["pretest_percent"] == Decimal("0")
    assert by_user[alice.pk]["final_percent"] == Decimal("100")
    assert by_user[alice.pk]["gain"] == Decimal("100")
    assert by_user[bob.pk]["pretest_percent"] == Decimal("50")
    assert by_user[bob.pk]["final_percent"] is None and by_user[bob.pk]["gain"] is None
    assert by_user[carol.pk]["pretest_percent"] is None
    assert by_user[alice.pk]["course_title"] == "Migration basics"

    everywhere = list(knowledge_gain_rows(users=[alice.pk]))
    assert {(row["course_id"], row["final_percent"]) for row in everywhere} == {
        (course.course.pk, Decimal("100")),
        (other.course.pk, Decimal("0")),
    }


def test_personal_data_export_lists_attempts_and_answers(enrolled, quiz):
    take(enrolled, quiz, HALF, timezone.now())
    (exported,) = personal_data.export_all(enrolled)["quiz_attempts"]
    assert exported["quiz"] == quiz.title and exported["score_percent"] == Decimal("50.00")
    assert [answer["your_answer"] for answer in exported["answers"]] == [
        "A passport",
        "Uganda",
        "False",
    ]


def test_close_expired_command(enrolled, quiz_factory, capsys):
    quiz = quiz_factory(time_limit_minutes=5)
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz, now=timezone.now() - timedelta(hours=1))
    call_command("close_expired_quiz_attempts")
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert "Closed 1 expired attempt." in capsys.readouterr().out


def test_knowledge_gain_first_means_first_attempt_and_best_means_submitted(
    learner_factory, enrol, course
):
    """The semantics pinned: the pre-test that counts is the learner's first attempt, even
    one closed unanswered when its time ran out; the final that counts is the best
    submitted one, never an attempt still open, nor a quiz inside a module."""
    final = add_quiz(course.course, title="Final", kind="final", questions=standard_questions())
    final.save_revision().publish()
    pretest = add_quiz(
        course.course,
        title="Pre",
        kind="pretest",
        questions=[],
        questions_from=final,
        time_limit_minutes=10,
    )
    pretest.save_revision().publish()
    module_final = add_quiz(
        course.modules[0], title="Module check", kind="final", questions=standard_questions()
    )
    module_final.save_revision().publish()
    dan = learner_factory()
    enrol(dan, course.course)
    t = timezone.now() - timedelta(days=1)
    quiz_attempt_start(user=dan, quiz=pretest, now=t)  # never submitted: time runs out
    take(dan, pretest, RIGHT_ANSWERS, t + timedelta(hours=1))  # closes the first at 0%
    take(dan, final, HALF, t + timedelta(hours=2))  # 50%
    quiz_attempt_start(user=dan, quiz=final, now=t + timedelta(hours=3))  # open
    take(dan, module_final, RIGHT_ANSWERS, t + timedelta(hours=4))  # not the course's

    (row,) = knowledge_gain_rows(course=course.course)
    assert (row["pretest_percent"], row["final_percent"], row["gain"]) == (
        Decimal("0"),
        Decimal("50"),
        Decimal("50"),
    )
