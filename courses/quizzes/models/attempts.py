from django.conf import settings
from django.db import models
from django.utils import timezone

from courses.quizzes.questions import DEFAULT_QUESTION_KIND, QUESTION_KIND_CHOICES


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
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The published revision the questions were drawn from (of the quiz whose "
        "pool is used). Scoring reads the questions from it.",
    )
    # Presentation only: the block ids drawn, in the order shown, and each question's
    # option ids in the order shown. Scoring and reports use QuizResponse rows.
    question_order = models.JSONField(
        default=list, help_text="Block ids of the drawn questions, in the order shown."
    )
    option_order = models.JSONField(
        default=dict, help_text="Per question block id, its option ids in the order shown."
    )
    # Not auto_now_add: services pass the server time they work with (tests freeze it).
    started_at = models.DateTimeField(default=timezone.now, help_text="Server time at start.")
    deadline = models.DateTimeField(
        null=True, blank=True, help_text="Server time the attempt closes; empty: no time limit."
    )
    submitted_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="Empty while the attempt is open."
    )
    score_points = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, help_text="Points scored."
    )
    max_points = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, help_text="Points possible."
    )
    score_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Points scored as a percentage of points possible, 0 to 100.",
    )
    passed = models.BooleanField(
        null=True, blank=True, help_text="Whether the percentage reached the pass mark."
    )

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
    block_id = models.CharField(
        max_length=64, db_index=True, help_text="The question's stable StreamField block id."
    )
    position = models.PositiveSmallIntegerField(help_text="1 for the first question shown.")
    question_type = models.CharField(
        max_length=30, help_text="single_choice, multiple_response or true_false."
    )
    question_text = models.TextField(help_text="The question as it was asked.")
    question_kind = models.CharField(
        max_length=20,
        choices=QUESTION_KIND_CHOICES,
        default=DEFAULT_QUESTION_KIND,
        # Rows written in bulk by raw SQL (the demo seeder) get the default from the database.
        db_default=DEFAULT_QUESTION_KIND,
        help_text="Scenario, application or recall, as the question was marked at the attempt.",
    )
    # [{"id": ..., "text": ..., "correct": bool}, ...] as the question stood at the attempt.
    options_snapshot = models.JSONField(
        default=list, help_text="The options as they were asked, with their correct flags."
    )
    chosen_option_ids = models.JSONField(default=list, help_text="The option ids chosen.")
    chosen_text = models.TextField(
        blank=True, help_text="The chosen options, readable, for reports."
    )
    is_correct = models.BooleanField(help_text="Exactly the correct options were chosen.")
    points_awarded = models.DecimalField(
        max_digits=6, decimal_places=2, help_text="Points scored (partial credit may apply)."
    )
    points_possible = models.DecimalField(
        max_digits=6, decimal_places=2, help_text="The question's points."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "block_id"], name="quizresponse_unique_question"
            ),
        ]
        ordering = ["attempt_id", "position"]

    def __str__(self) -> str:
        return f"{self.block_id} in {self.attempt_id}"
