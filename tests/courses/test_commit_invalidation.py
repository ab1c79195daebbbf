"""Caches of what is published are dropped when the change commits, not before, and the
decisions that count read the database (courses.cache, docs/courses.md)."""

import threading

import pytest
from django.db import connection, transaction
from wagtail.models import WorkflowState

from courses.models import Enrolment
from courses.services import course_completion_evaluate, enrolment_create, lesson_complete
from tests.factories import add_quiz


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_stale_entry_survives_the_commit_of_a_review_approval(
    client, learner, trainer, lead_trainer, course_tree
):
    """A lead trainer approves a new required quiz through the Course review workflow
    (Wagtail publishes inside the approval's transaction). A learner who reads the lesson
    and the course while that transaction is open sees what is committed; once it
    commits, the next request sees the quiz."""
    if connection.vendor != "postgresql":
        pytest.skip("Two open transactions at once need PostgreSQL (DATABASE_URL=postgres://...).")
    enrolment_create(user=learner, course=course_tree.course)
    client.force_login(learner)
    lesson, course_url = course_tree.lessons[1], course_tree.course.url
    quiz = add_quiz(course_tree.modules[0], title="Checkpoint quiz", live=False)
    quiz.save_revision(user=trainer)
    state = quiz.get_workflow().start(quiz, trainer)
    assert "Checkpoint quiz" not in _text(client, course_url)
    assert "Checkpoint quiz" not in _text(client, lesson.url)

    changed, read = threading.Event(), threading.Event()
    errors = []

    def approve():
        try:
            with transaction.atomic():
                task_state = WorkflowState.objects.get(pk=state.pk).current_task_state
                task_state.specific.approve(user=lead_trainer)
                changed.set()
                read.wait(timeout=30)  # hold the transaction open while the learner reads
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
            changed.set()
        finally:
            connection.close()

    thread = threading.Thread(target=approve)
    thread.start()
    try:
        assert changed.wait(timeout=30)
        # Between the change and the commit: what is committed, cached as such.
        assert "Checkpoint quiz" not in _text(client, course_url)
        assert "Checkpoint quiz" not in _text(client, lesson.url)
    finally:
        read.set()
        thread.join(timeout=30)
    assert errors == []

    # After the commit: the next request sees the approved quiz, on both pages.
    assert "Checkpoint quiz" in _text(client, course_url)
    assert "Next: Checkpoint quiz" in _text(client, lesson.url)
    # And completing every lesson does not complete the course: the quiz is required.
    for each in course_tree.lessons:
        lesson_complete(user=learner, lesson=each)
    assert Enrolment.objects.get(user=learner).completed_at is None


@pytest.mark.django_db
def test_completion_reads_the_structure_from_the_database(client, learner, course_tree):
    """The structure changes (a required quiz is published) while the learner's cached
    copy still lacks it, because the change has not committed: completing the last lesson
    in the same breath does not complete the course."""
    enrolment_create(user=learner, course=course_tree.course)
    client.force_login(learner)
    for lesson in course_tree.lessons[:-1]:
        lesson_complete(user=learner, lesson=lesson)
    assert client.get(course_tree.lessons[-1].url).status_code == 200  # caches warm

    add_quiz(course_tree.modules[-1], title="Late quiz")
    assert "Late quiz" not in _text(client, course_tree.course.url)  # not committed yet
    lesson_complete(user=learner, lesson=course_tree.lessons[-1])

    assert Enrolment.objects.get(user=learner).completed_at is None
    assert course_completion_evaluate(user=learner, course=course_tree.course) is False
