"""Concurrent completion on PostgreSQL: the enrolment row lock makes it happen once."""

import threading
import time

import pytest
from django.db import connection

from courses.models import Enrolment, LessonCompletion
from courses.services import course_completion_evaluate, enrolment_create
from courses.signals import course_completed


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_evaluations_complete_the_course_once(learner, course_tree):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (run with DATABASE_URL=postgres://...).")
    enrolment = enrolment_create(user=learner, course=course_tree.course)
    for lesson in course_tree.lessons:
        LessonCompletion.objects.create(user=learner, lesson=lesson)

    sent = []

    def slow_receiver(sender, enrolment, **kwargs):
        sent.append(enrolment.pk)
        time.sleep(0.3)  # hold the lock while the other call waits for it

    course_completed.connect(slow_receiver, dispatch_uid="test-concurrent-completion")
    barrier = threading.Barrier(4)
    results, errors = [], []

    def evaluate():
        try:
            barrier.wait()
            results.append(course_completion_evaluate(user=learner, course=course_tree.course))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=evaluate) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        course_completed.disconnect(dispatch_uid="test-concurrent-completion")

    assert errors == []
    assert results == [True, True, True, True]
    assert sent == [enrolment.pk]
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
