"""The attempt limit under concurrent starts: needs PostgreSQL's row locks."""

import threading

import pytest
from django.db import connection, connections

from courses.exceptions import QuizRefused
from courses.quizzes.models import QuizAttempt
from courses.quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.quizzes.conftest import RIGHT_ANSWERS

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); run with DATABASE_URL=postgres://...")


def run_in_threads(count, target):
    barrier = threading.Barrier(count)
    errors = []

    def worker():
        try:
            barrier.wait()
            target()
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_concurrent_starts_hold_the_attempt_limit(enrolled, quiz_factory):
    quiz = quiz_factory(attempt_limit=3)

    def take_attempts_until_refused():
        while True:
            try:
                attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
            except QuizRefused:
                return
            quiz_attempt_submit(attempt=attempt, user=enrolled, answers=RIGHT_ANSWERS)

    errors = run_in_threads(8, take_attempts_until_refused)
    assert errors == []
    numbers = sorted(QuizAttempt.objects.filter(user=enrolled).values_list("number", flat=True))
    assert numbers == [1, 2, 3]


def test_concurrent_starts_share_one_open_attempt(enrolled, quiz_factory):
    quiz = quiz_factory(attempt_limit=1)
    started = []
    errors = run_in_threads(
        8, lambda: started.append(quiz_attempt_start(user=enrolled, quiz=quiz).pk)
    )
    assert errors == []
    assert len(set(started)) == 1
    assert QuizAttempt.objects.filter(user=enrolled).count() == 1


def test_concurrent_submits_score_once(enrolled, quiz):
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    results = []
    errors = run_in_threads(
        6,
        lambda: results.append(
            quiz_attempt_submit(attempt=attempt, user=enrolled, answers=RIGHT_ANSWERS).submitted_at
        ),
    )
    assert errors == []
    assert len(set(results)) == 1
    assert attempt.responses.count() == 3
