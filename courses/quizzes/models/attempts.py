from django.conf import settings
from django.db import models
from django.utils import timezone


class QuizAttempt(models.Model):
    """One attempt at a quiz, pinned to the page revision it was taken on.

    Starting records the drawn questions and their order; submitting scores it on the
    server. The unique (user, quiz, number) constraint holds the attempt limit even under
    concurrent starts.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey("quizzes.QuizPage", on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField(
        help_text="1 for the learner's first attempt at this quiz."
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Presentation only: the block ids drawn, in the order shown, and each question's
    # option ids in the order shown. Scoring and reports use QuizResponse rows.
    question_order = models.JSONField(default=list)
    option_order = models.JSONField(default=dict)
    # Not auto_now_add: services pass the server time they work with (tests freeze it).
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    score_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    score_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="quizattempt_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="quizattempt_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(score_percent__isnull=True)
                | models.Q(score_percent__gte=0, score_percent__lte=100),
                name="quizattempt_percent_range",
            ),
        ]
        indexes = [models.Index(fields=["quiz", "submitted_at"])]
        ordering = ["quiz_id", "user_id", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} by {self.user_id} on quiz {self.quiz_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class QuizResponse(models.Model):
    """One row per question of a submitted attempt, with a snapshot of what was asked."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="responses")
    block_id = models.CharField(max_length=64, db_index=True)
    position = models.PositiveSmallIntegerField()
    question_type = models.CharField(max_length=30)
    question_text = models.TextField()
    # [{"id": ..., "text": ..., "correct": bool}, ...] as the question stood at the attempt.
    options_snapshot = models.JSONField(default=list)
    chosen_option_ids = models.JSONField(default=list)
    chosen_text = models.TextField(
        blank=True, help_text="The chosen options, readable, for reports."
    )
    is_correct = models.BooleanField()
    points_awarded = models.DecimalField(max_digits=6, decimal_places=2)
    points_possible = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "block_id"], name="quizresponse_unique_question"
            ),
        ]
        ordering = ["attempt_id", "position"]

    def __str__(self) -> str:
        return f"{self.block_id} in {self.attempt_id}"
