from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from courses import selectors
from courses.exceptions import (
    CourseNotAvailable,
    LessonNotAvailable,
    NotEnrolled,
    ProfileIncomplete,
)
from courses.models import Enrolment, LessonCompletion
from courses.services import course_completion_evaluate, enrolment_create, lesson_complete
from courses.signals import course_completed
from tests.factories import add_lesson, build_course


@pytest.fixture
def completions():
    """Every course_completed signal sent during the test."""
    sent = []

    def receiver(sender, enrolment, **kwargs):
        sent.append(enrolment)

    course_completed.connect(receiver, dispatch_uid="test-completions")
    yield sent
    course_completed.disconnect(dispatch_uid="test-completions")


def complete_all_lessons(user, built):
    for lesson in built.lessons:
        lesson_complete(user=user, lesson=lesson)


# --- enrolment ---------------------------------------------------------------------


def test_enrolment_create_is_idempotent(learner, course_tree):
    first = enrolment_create(user=learner, course=course_tree.course)
    second = enrolment_create(user=learner, course=course_tree.course)
    assert first.pk == second.pk
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_enrolment_unique_in_the_database(learner, course_tree):
    enrolment_create(user=learner, course=course_tree.course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=learner, course=course_tree.course)


def test_enrolment_refused_without_complete_profile(user_factory, course_tree):
    user = user_factory()
    with pytest.raises(ProfileIncomplete, match="staff profile"):
        enrolment_create(user=user, course=course_tree.course)
    assert not Enrolment.objects.exists()


def test_enrolment_refused_for_unpublished_course(learner, course_tree):
    course_tree.course.unpublish()
    with pytest.raises(CourseNotAvailable, match="not published"):
        enrolment_create(user=learner, course=course_tree.course)
    assert not Enrolment.objects.exists()


# --- lesson completion -------------------------------------------------------------


def test_lesson_complete_records_progress_and_where_the_learner_left_off(enrolled, course_tree):
    learner, lesson = enrolled.user, course_tree.lessons[1]
    completion = lesson_complete(user=learner, lesson=lesson)
    again = lesson_complete(user=learner, lesson=lesson)
    assert completion.pk == again.pk
    enrolled.refresh_from_db()
    assert enrolled.last_lesson_id == lesson.pk
    assert enrolled.last_activity_at is not None
    progress = selectors.course_progress(user=learner, course=course_tree.course)
    assert (progress.completed, progress.total, progress.percent) == (1, 4, 25)


def test_lesson_complete_needs_an_enrolment(learner, course_tree):
    with pytest.raises(NotEnrolled, match="not enrolled"):
        lesson_complete(user=learner, lesson=course_tree.lessons[0])
    assert not LessonCompletion.objects.exists()


def test_lesson_complete_refuses_an_unpublished_lesson(enrolled, course_tree):
    lesson = course_tree.lessons[0]
    lesson.unpublish()
    with pytest.raises(LessonNotAvailable):
        lesson_complete(user=enrolled.user, lesson=lesson)
    assert not LessonCompletion.objects.exists()


def test_lesson_complete_refuses_a_lesson_in_an_unpublished_module(enrolled, course_tree):
    # Page.unpublish() leaves the module's lessons live: they still must not count.
    course_tree.modules[0].unpublish()
    course_tree.lessons[0].refresh_from_db()
    assert course_tree.lessons[0].live
    with pytest.raises(LessonNotAvailable):
        lesson_complete(user=enrolled.user, lesson=course_tree.lessons[0])
    progress = selectors.course_progress(user=enrolled.user, course=course_tree.course)
    assert progress.total == 2


# --- the completion rule -----------------------------------------------------------


def test_course_completes_when_every_live_lesson_is_done(enrolled, course_tree, completions):
    for lesson in course_tree.lessons[:-1]:
        lesson_complete(user=enrolled.user, lesson=lesson)
    enrolled.refresh_from_db()
    assert enrolled.completed_at is None
    assert completions == []

    lesson_complete(user=enrolled.user, lesson=course_tree.lessons[-1])
    enrolled.refresh_from_db()
    assert enrolled.completed_at is not None
    assert enrolled.final_score is None  # no final assessment in this course
    assert [e.pk for e in completions] == [enrolled.pk]


def test_completion_fires_once(enrolled, course_tree, completions):
    complete_all_lessons(enrolled.user, course_tree)
    assert course_completion_evaluate(user=enrolled.user, course=course_tree.course) is True
    lesson_complete(user=enrolled.user, lesson=course_tree.lessons[0])
    assert len(completions) == 1


def test_unpublished_lesson_is_not_counted(enrolled, course_tree, completions):
    course_tree.lessons[-1].unpublish()
    for lesson in course_tree.lessons[:-1]:
        lesson_complete(user=enrolled.user, lesson=lesson)
    enrolled.refresh_from_db()
    assert enrolled.completed_at is not None
    progress = selectors.course_progress(user=enrolled.user, course=course_tree.course)
    assert (progress.completed, progress.total) == (3, 3)


def test_new_lesson_counts_until_done(enrolled, course_tree):
    complete_all_lessons(enrolled.user, course_tree)
    # Completion is kept once reached, even when a lesson is added afterwards.
    add_lesson(course_tree.modules[0], title="Late addition")
    enrolled.refresh_from_db()
    assert enrolled.completed_at is not None
    progress = selectors.course_progress(user=enrolled.user, course=course_tree.course)
    assert (progress.completed, progress.total) == (4, 5)


def test_unpublishing_or_moving_a_lesson_keeps_records(
    enrolled, course_tree, django_capture_on_commit_callbacks
):
    learner = enrolled.user
    first, second = course_tree.lessons[0], course_tree.lessons[1]
    lesson_complete(user=learner, lesson=first)
    lesson_complete(user=learner, lesson=second)

    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
        second.move(course_tree.modules[1], pos="last-child")

    assert LessonCompletion.objects.filter(user=learner).count() == 2
    progress = selectors.course_progress(user=learner, course=course_tree.course)
    # The moved lesson still counts (it is still in the course); the unpublished one not.
    assert (progress.completed, progress.total) == (1, 3)

    with django_capture_on_commit_callbacks(execute=True):
        other = build_course(title="Another course")
        second.refresh_from_db()
        second.move(other.modules[1], pos="last-child")
    assert LessonCompletion.objects.filter(user=learner, lesson=second).exists()
    progress = selectors.course_progress(user=learner, course=course_tree.course)
    assert (progress.completed, progress.total) == (0, 2)


def test_required_quizzes_must_be_passed(learner, quiz_course, attempt_factory, completions):
    enrolment = enrolment_create(user=learner, course=quiz_course.course)
    complete_all_lessons(learner, quiz_course)
    assert not course_completion_evaluate(user=learner, course=quiz_course.course)

    for quiz in quiz_course.module_quizzes:
        attempt_factory(user=learner, quiz=quiz, score=90)
    attempt_factory(user=learner, quiz=quiz_course.final_quiz, score=40, passed=False)
    assert not course_completion_evaluate(user=learner, course=quiz_course.course)

    # The pre-test never counts, taken or not.
    attempt_factory(user=learner, quiz=quiz_course.final_quiz, score=75)
    attempt_factory(user=learner, quiz=quiz_course.final_quiz, score=85)
    assert course_completion_evaluate(user=learner, course=quiz_course.course)
    enrolment.refresh_from_db()
    assert enrolment.final_score == Decimal("85.00")  # best passed final attempt
    assert len(completions) == 1


def test_optional_and_unpublished_quizzes_do_not_block(learner, quiz_course, attempt_factory):
    enrolment_create(user=learner, course=quiz_course.course)
    complete_all_lessons(learner, quiz_course)
    optional = quiz_course.module_quizzes[0]
    optional.required = False
    optional.save_revision().publish()
    quiz_course.module_quizzes[1].unpublish()
    attempt_factory(user=learner, quiz=quiz_course.final_quiz, score=70)
    assert course_completion_evaluate(user=learner, course=quiz_course.course)


def test_evaluate_is_false_when_not_enrolled(learner, course_tree):
    assert course_completion_evaluate(user=learner, course=course_tree.course) is False


def test_course_with_nothing_live_never_completes(enrolled, course_tree):
    for lesson in course_tree.lessons:
        lesson.unpublish()
    assert course_completion_evaluate(user=enrolled.user, course=course_tree.course) is False


# --- selectors ---------------------------------------------------------------------


def test_progress_counts_lessons_and_required_quizzes(learner, quiz_course, attempt_factory):
    """Steps are the 4 lessons, 2 module quizzes and the final assessment (the pre-test is
    not one); 100% only once the required quizzes are passed too."""
    enrolment_create(user=learner, course=quiz_course.course)
    attempt_factory(user=learner, quiz=quiz_course.pretest, score=90)
    progress = selectors.course_progress(user=learner, course=quiz_course.course)
    assert (progress.completed, progress.total, progress.percent) == (0, 7, 0)

    complete_all_lessons(learner, quiz_course)
    progress = selectors.course_progress(user=learner, course=quiz_course.course)
    assert (progress.completed, progress.total, progress.percent) == (4, 7, 57)
    assert not progress.is_complete

    for quiz in quiz_course.module_quizzes:
        attempt_factory(user=learner, quiz=quiz, score=90)
    attempt_factory(user=learner, quiz=quiz_course.final_quiz, score=40, passed=False)
    progress = selectors.course_progress(user=learner, course=quiz_course.course)
    assert (progress.completed, progress.total, progress.percent) == (6, 7, 85)

    attempt_factory(user=learner, quiz=quiz_course.final_quiz, score=80)
    progress = selectors.course_progress(user=learner, course=quiz_course.course)
    assert (progress.completed, progress.total, progress.percent) == (7, 7, 100)
    assert progress.is_complete
    assert course_completion_evaluate(user=learner, course=quiz_course.course)


def test_progress_is_the_same_on_every_page(learner, quiz_course, attempt_factory):
    """The course outline, the course progress and My learning use one selector."""
    enrolment_create(user=learner, course=quiz_course.course)
    complete_all_lessons(learner, quiz_course)
    attempt_factory(user=learner, quiz=quiz_course.module_quizzes[0], score=90)
    outline = selectors.course_outline(course=quiz_course.course, user=learner).progress
    alone = selectors.course_progress(user=learner, course=quiz_course.course)
    [row] = selectors.my_learning(user=learner)
    assert outline == alone == row.progress == selectors.Progress(completed=5, total=7)


def test_percent_never_rounds_up_to_100():
    assert selectors.Progress(completed=199, total=200).percent == 99
    assert selectors.Progress(completed=0, total=0).percent == 0


def test_outline_marks_done_and_orders_the_course(learner, quiz_course, attempt_factory):
    enrolment_create(user=learner, course=quiz_course.course)
    lesson_complete(user=learner, lesson=quiz_course.lessons[0])
    attempt_factory(user=learner, quiz=quiz_course.pretest, score=20, passed=False)
    outline = selectors.course_outline(course=quiz_course.course, user=learner)

    titles = [item.page.title for item in outline.structure.sequence]
    assert titles == [
        "Border management: pre-test",
        "Lesson 1.1",
        "Lesson 1.2",
        "Module 1 quiz",
        "Lesson 2.1",
        "Lesson 2.2",
        "Module 2 quiz",
        "Border management: final assessment",
    ]
    done = {item.page.title: item.done for item in outline.structure.sequence}
    assert done["Lesson 1.1"] and done["Border management: pre-test"]
    assert not done["Lesson 1.2"] and not done["Module 1 quiz"]
    assert [m.done_count for m in outline.modules] == [1, 0]
    # Steps: lessons and required quizzes, not the pre-test.
    assert (outline.progress.completed, outline.progress.total) == (1, 7)


def test_continue_target(learner, course_tree):
    enrolment = enrolment_create(user=learner, course=course_tree.course)
    outline = selectors.course_outline(course=course_tree.course, user=learner)
    assert selectors.continue_target(structure=outline.structure, enrolment=enrolment).page.pk == (
        course_tree.lessons[0].pk
    )
    lesson_complete(user=learner, lesson=course_tree.lessons[2])
    enrolment.refresh_from_db()
    outline = selectors.course_outline(course=course_tree.course, user=learner)
    # After the last lesson done: the next unfinished one after it.
    target = selectors.continue_target(structure=outline.structure, enrolment=enrolment)
    assert target.page.pk == course_tree.lessons[3].pk


def test_course_for_page(course_tree):
    course = course_tree.course
    assert selectors.course_for_page(course_tree.lessons[0]) == course
    assert selectors.course_for_page(course_tree.modules[1]) == course
    assert selectors.course_for_page(course) == course
    assert selectors.course_for_page(course_tree.index) is None


def test_learner_place_checks_every_level(course_tree, django_capture_on_commit_callbacks):
    lesson = course_tree.lessons[0]
    course = selectors.PageRef.of(course_tree.course)
    assert selectors.learner_place(lesson) == selectors.LearnerPlace(course, True)
    with django_capture_on_commit_callbacks(execute=True):
        course_tree.modules[0].unpublish()
    assert selectors.learner_place(lesson) == selectors.LearnerPlace(course, False)
    assert selectors.learner_place(course_tree.lessons[2]) == selectors.LearnerPlace(course, True)
    with django_capture_on_commit_callbacks(execute=True):
        course_tree.course.unpublish()
    place = selectors.learner_place(course_tree.lessons[2])
    assert place.course.pk == course_tree.course.pk and not place.reachable
    assert selectors.learner_place(course_tree.index) == selectors.LearnerPlace(None, False)


def test_my_learning_lists_enrolments_with_progress(learner, course_tree):
    other = build_course(title="Migration health", thematic_area="migration_health")
    enrolment_create(user=learner, course=course_tree.course)
    enrolment_create(user=learner, course=other.course)
    lesson_complete(user=learner, lesson=other.lessons[0])
    rows = selectors.my_learning(user=learner)
    assert [row.enrolment.course.title for row in rows] == ["Migration health", "Migration basics"]
    assert [(row.progress.completed, row.progress.total) for row in rows] == [(1, 4), (0, 4)]
    assert all(row.certificate is None for row in rows)


def test_personal_data_export_and_anonymise(enrolled, course_tree):
    from lms.people import personal_data

    lesson_complete(user=enrolled.user, lesson=course_tree.lessons[0])
    exported = personal_data.export_all(enrolled.user)["courses"]
    assert exported["enrolments"][0]["course"] == "Migration basics"
    assert exported["enrolments"][0]["last_lesson"] == "Lesson 1.1"
    assert [c["lesson"] for c in exported["lesson_completions"]] == ["Lesson 1.1"]
    personal_data.anonymise_all(enrolled.user)
    assert Enrolment.objects.filter(pk=enrolled.pk).exists()
    assert LessonCompletion.objects.filter(user=enrolled.user).count() == 1
