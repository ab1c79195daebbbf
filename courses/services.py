"""Writes for the learner side: enrolling, completing lessons, completing a course.

Each service is one transaction, guarded by the unique constraints on Enrolment
(user, course) and LessonCompletion (user, lesson). The completion rule lives in
``course_completion_evaluate`` and nowhere else.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses import selectors
from courses.exceptions import (
    CourseNotAvailable,
    LessonNotAvailable,
    NotEnrolled,
    ProfileIncomplete,
)
from courses.models import (
    CoursePage,
    Enrolment,
    JobAidFile,
    LessonCompletion,
    LessonPage,
    ModulePage,
)
from courses.signals import course_completed

PROFILE_INCOMPLETE = (
    "Please complete your staff profile before you enrol: your certificate and your HR "
    "officer's reports depend on it."
)
COURSE_NOT_AVAILABLE = "This course is not open for enrolment: it is not published."
LESSON_NOT_AVAILABLE = "This lesson is not available: it is not published, or it has moved."
NOT_ENROLLED = "You are not enrolled in this course. Enrol first, then mark lessons as complete."


def _profile_is_complete(user: AbstractBaseUser) -> bool:
    from lms.people.selectors import profile_is_complete

    return profile_is_complete(user=user)


def enrolment_create(*, user: AbstractBaseUser, course: CoursePage) -> Enrolment:
    """Enrol ``user`` on ``course``; enrolling twice returns the existing enrolment.

    Raises ProfileIncomplete when the learner's staff profile is not complete and
    CourseNotAvailable when the course is not live.
    """
    if not _profile_is_complete(user):
        raise ProfileIncomplete(PROFILE_INCOMPLETE)
    if not CoursePage.objects.live().filter(pk=course.pk).exists():
        raise CourseNotAvailable(COURSE_NOT_AVAILABLE)
    with transaction.atomic():
        # get_or_create retries the read when a concurrent insert wins the unique
        # constraint, so double clicks and two tabs end with one enrolment.
        enrolment, _created = Enrolment.objects.get_or_create(user=user, course_id=course.pk)
    return enrolment


def lesson_complete(*, user: AbstractBaseUser, lesson: LessonPage) -> LessonCompletion:
    """Record that ``user`` completed ``lesson`` (idempotent), remember it as where they
    left off, then evaluate whether the course is now complete.

    Raises LessonNotAvailable when the lesson is not live (or its module or course is not)
    and NotEnrolled when the learner is not enrolled in the lesson's course.
    """
    course, _reachable = selectors.course_for_learner_page(lesson)
    if course is None or not course.live:
        raise LessonNotAvailable(LESSON_NOT_AVAILABLE)
    structure = selectors.course_structure(course=course)
    item = structure.item_for(lesson.pk)
    if item is None or not item.is_lesson:
        raise LessonNotAvailable(LESSON_NOT_AVAILABLE)
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
        if enrolment is None:
            raise NotEnrolled(NOT_ENROLLED)
        completion, _created = LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
        enrolment.last_lesson = lesson
        enrolment.last_activity_at = timezone.now()
        enrolment.save(update_fields=["last_lesson", "last_activity_at"])
        _completion_evaluate(user=user, enrolment=enrolment, structure=structure)
    return completion


def course_completion_evaluate(*, user: AbstractBaseUser, course: CoursePage) -> bool:
    """THE completion rule. True when ``user`` has completed ``course``.

    Complete means: every live lesson of the course completed and every live required
    quiz that is not a pre-test passed (and the course has at least one of either). On
    the first completion, sets completed_at and final_score (best passed score on the
    course's final assessment, None without one) and sends
    courses.signals.course_completed inside this transaction. The enrolment row is
    locked, so concurrent calls complete the course once. Returns False when the learner
    is not enrolled.
    """
    # No savepoint when a caller's transaction is open (a quiz submission): an error
    # here fails that whole transaction anyway, and the savepoint cost two round trips.
    with transaction.atomic(savepoint=False):
        enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
        if enrolment is None:
            return False
        return _completion_evaluate(
            user=user, enrolment=enrolment, structure=selectors.course_structure(course=course)
        )


def _completion_evaluate(
    *, user: AbstractBaseUser, enrolment: Enrolment, structure: selectors.CourseStructure
) -> bool:
    """course_completion_evaluate for an enrolment already locked by the caller."""
    if enrolment.completed_at is not None:
        return True
    counted = [item for item in structure.sequence if item.counts_for_completion]
    if not counted:
        return False
    completed, results = selectors.learner_records(user=user, structure=structure)
    for item in counted:
        if item.is_lesson and item.page.pk not in completed:
            return False
        if item.is_quiz and not results.get(item.page.pk, {}).get("passed"):
            return False
    final_scores = [
        results[item.page.pk]["best"]
        for item in structure.quizzes
        if item.quiz_kind == selectors.FINAL
        and item.page.pk in results
        and results[item.page.pk]["best"] is not None
    ]
    enrolment.completed_at = timezone.now()
    enrolment.final_score = max(final_scores) if final_scores else None
    enrolment.last_activity_at = enrolment.completed_at
    enrolment.save(update_fields=["completed_at", "final_score", "last_activity_at"])
    course_completed.send(sender=Enrolment, enrolment=enrolment)
    return True


def job_aid_file_ensure(*, module: ModulePage) -> JobAidFile | None:
    """The stored PDF of ``module``'s published job aid: rendered and stored the first
    time the live revision is asked for, read from storage every later time. None when
    the module has no job aid or no published revision.

    Two first requests at once both render; the unique revision lets one row in and the
    other request removes its file and uses that row.
    """
    from courses.job_aids import job_aid_pdf

    if not module.job_aid_title or module.live_revision_id is None:
        return None
    existing = JobAidFile.objects.filter(revision_id=module.live_revision_id).first()
    if existing is not None:
        return existing
    revision = module.live_revision
    pdf = job_aid_pdf(
        module=module,
        course=selectors.course_for_page(module),
        revision_date=revision.created_at,
    )
    file = JobAidFile(module=module, revision=revision)
    file.pdf.save(f"job-aid-{module.slug}-{revision.pk}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:
        file.pdf.delete(save=False)
        return JobAidFile.objects.get(revision_id=revision.pk)
    return file
