from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from courses.access import LearnerPageMixin
from courses.privacy import CachedPrivacyMixin
from courses.quizzes import selectors
from courses.quizzes.blocks import QuestionStreamBlock
from courses.quizzes.choices import QuizKind, RevealAnswers
from courses.quizzes.forms import QuizPageForm
from courses.quizzes.questions import Question, questions_from_stream

PRETEST_REQUIRED_MESSAGE = (
    "A pre-test never counts towards completion: untick 'required for completion'."
)


class QuizPage(LearnerPageMixin, CachedPrivacyMixin, Page):
    """A quiz: a pool of questions, the rules for attempts, and when answers are revealed.

    Module quizzes sit in a module; the pre-test and the final assessment sit directly in
    the course and share one pool of questions (same question ids), so knowledge gain
    compares like with like. Only enrolled learners take it (courses.access); attempts
    are answered and reviewed at /quizzes/... (courses.quizzes.urls, see docs/quizzes.md).
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
        blank=True,
        help_text="The pool of questions. Each needs an explanation and at least one correct option. "
        "Leave empty when the questions come from another quiz (below).",
    )
    questions_from = models.ForeignKey(
        "quizzes.QuizPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="use the questions of",
        help_text="Optional, for a pre-test: take the questions of another quiz of the same course "
        "(usually its final assessment), so pre-test and post-test share one pool.",
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
        FieldPanel("questions_from"),
    ]
    base_form_class = QuizPageForm

    # Module quizzes sit in a module; the pre-test and final assessment in the course.
    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = "quiz"
        verbose_name_plural = "quizzes"

    def clean(self):
        super().clean()
        # Publish-time rules (questions, draw count) live in QuizPageForm; this one holds
        # for drafts and for pages created in code (the content importer) too.
        if self.kind == QuizKind.PRETEST and self.required:
            raise ValidationError({"required": PRETEST_REQUIRED_MESSAGE})
        if self.questions_from_id and self.questions_from_id == self.pk:
            raise ValidationError(
                {"questions_from": "A quiz cannot take its questions from itself."}
            )

    @property
    def pool_page(self) -> "QuizPage":
        """The quiz whose questions this quiz uses: itself, or the one it shares a pool with."""
        return self.questions_from if self.questions_from_id else self

    @property
    def counts_for_completion(self) -> bool:
        """Whether passing this quiz is part of completing its course: required and not a
        pre-test (the rule of courses.selectors.CourseItem.counts_for_completion)."""
        return self.required and self.kind != QuizKind.PRETEST

    def pool(self) -> dict[str, Question]:
        """The questions learners are asked now (the live pool), by block id."""
        return questions_from_stream(self.pool_page.questions)

    def get_context(self, request, *args, gate=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            selectors.quiz_page_context(
                quiz=self, gate=self.learner_gate(request, gate), user=request.user
            )
        )
        return context

    def get_preview_template(self, request, mode_name):
        # Authors see the whole pool with the right answers marked.
        return "quizzes/quiz_preview.html"
