"""A learner's course records for the "download my data" file.

Enrolments and lesson completions hold no personal data beyond the link to the account
(which the people part anonymises), so the anonymiser removes nothing: the rows stay for
aggregate completion reports.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from courses.models import Enrolment, LessonCompletion


def enrolments_export(user: AbstractBaseUser) -> dict[str, Any]:
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("course", "last_lesson")
        .order_by("enrolled_at")
    )
    completions = (
        LessonCompletion.objects.filter(user=user).select_related("lesson").order_by("completed_at")
    )
    return {
        "enrolments": [
            {
                "course": enrolment.course.title,
                "enrolled_at": enrolment.enrolled_at,
                "last_activity_at": enrolment.last_activity_at,
                "last_lesson": enrolment.last_lesson.title if enrolment.last_lesson else None,
                "completed_at": enrolment.completed_at,
                "final_score": enrolment.final_score,
            }
            for enrolment in enrolments
        ],
        "lesson_completions": [
            {"lesson": completion.lesson.title, "completed_at": completion.completed_at}
            for completion in completions
        ],
    }


def enrolments_anonymise(user: AbstractBaseUser) -> None:
    """Nothing to remove: see the module docstring."""
