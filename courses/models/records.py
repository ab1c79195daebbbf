"""What learners do: enrolments and lesson completions, as plain rows reports can count.

Records point at pages with PROTECT: unpublishing or moving a lesson keeps them, and a page
that learners have used cannot be deleted by accident (unpublish it instead).
"""

from django.conf import settings
from django.db import models


class Enrolment(models.Model):
    """A learner's place on a course; one per learner and course."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    last_lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Percentage on the final assessment when the course was completed (None if the course
    # has no final assessment).
    final_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_unique_user_course"),
            models.CheckConstraint(
                condition=models.Q(final_score__isnull=True)
                | models.Q(final_score__gte=0, final_score__lte=100),
                name="enrolment_final_score_percent",
            ),
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} on {self.course_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonCompletion(models.Model):
    """A learner marked a lesson as complete; one per learner and lesson."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="completions"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="lessoncompletion_unique_user_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.lesson_id}"
