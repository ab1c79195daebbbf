from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from courses.quizzes.blocks import QuestionStreamBlock


class QuizKind(models.TextChoices):
    MODULE = "module", "Module quiz"
    PRETEST = "pretest", "Pre-test"
    FINAL = "final", "Post-test / final assessment"


class RevealAnswers(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each_attempt", "After each attempt"
    AFTER_PASSED_OR_EXHAUSTED = "after_passed_or_exhausted", "Once passed or out of attempts"
    NEVER = "never", "Never"


class QuizPage(Page):
    """A quiz: a pool of questions, the rules for attempts, and when answers are revealed.

    Module quizzes sit in a module; the pre-test and the final assessment sit directly in
    the course and share one pool of questions (same question ids), so knowledge gain
    compares like with like.
    """

    intro = models.TextField(blank=True, max_length=1000, help_text="Shown before learners start.")
    kind = models.CharField(
        max_length=10,
        choices=QuizKind.choices,
        default=QuizKind.MODULE,
        help_text="Module quiz: checks one module. Pre-test: taken before the course, never counts. "
        "Final assessment: the post-test that completes the course.",
    )
    required = models.BooleanField(
        "required for completion",
        default=True,
        help_text="Learners must pass this quiz to complete the course. Pre-tests never count.",
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Percentage needed to pass, 1 to 100.",
    )
    attempt_limit = models.PositiveSmallIntegerField(
        default=0, help_text="How many attempts each learner has. 0 means unlimited."
    )
    draw_count = models.PositiveSmallIntegerField(
        "questions per attempt",
        default=0,
        help_text="Draw this many questions at random from the pool for each attempt. 0 means all.",
    )
    shuffle_questions = models.BooleanField(
        default=True, help_text="Show questions in a random order."
    )
    shuffle_options = models.BooleanField(
        default=True, help_text="Show each question's options in a random order."
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="Optional. The attempt closes and is scored as it stands after this many minutes.",
    )
    reveal_answers = models.CharField(
        max_length=30,
        choices=RevealAnswers.choices,
        default=RevealAnswers.AFTER_EACH_ATTEMPT,
        help_text="When learners see the correct options in their review.",
    )
    questions = StreamField(
        QuestionStreamBlock(),
        help_text="The pool of questions. Each needs an explanation and at least one correct option.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldPanel("required"),
                FieldPanel("pass_mark"),
                FieldPanel("attempt_limit"),
                FieldPanel("draw_count"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("reveal_answers"),
            ],
            heading="Rules",
        ),
        FieldPanel("questions"),
    ]

    # Module quizzes sit in a module; the pre-test and final assessment in the course.
    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = "quiz"
        verbose_name_plural = "quizzes"
