"""Wagtail page types of a course: course index -> course -> module -> lesson / quiz.

Quiz pages live in courses.quizzes and may sit under a module (module quiz) or directly
under a course (pre-test, final assessment).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses import catalogue, selectors
from courses.access import LearnerPageMixin
from courses.blocks import LESSON_RICHTEXT_FEATURES, LessonBodyBlock
from courses.choices import Audience, ThematicArea
from courses.privacy import CachedPrivacyMixin


def lines(text: str) -> list[str]:
    """The non-empty lines of a 'one item per line' field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CourseIndexPage(CachedPrivacyMixin, Page):
    """The course catalogue: every published course, filterable by theme and audience."""

    intro = models.TextField(
        blank=True, max_length=600, help_text="A sentence or two shown above the list of courses."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    # One catalogue, directly under the home page; it holds only courses.
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "course catalogue"

    def clean(self):
        super().clean()
        # Every page links to the catalogue by this fixed address (courses.catalogue).
        if self.slug != catalogue.CATALOGUE_SLUG:
            raise ValidationError(
                {
                    "slug": _(
                        "The catalogue's slug must stay “%(slug)s”: every page links to "
                        "it by that address."
                    )
                    % {"slug": catalogue.CATALOGUE_SLUG}
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            catalogue.catalogue_context(index=self, query=request.GET, user=request.user)
        )
        return context


class CoursePage(CachedPrivacyMixin, Page):
    """A course: modules of lessons and quizzes, with the rules for completing it."""

    summary = models.TextField(
        max_length=500,
        help_text="One or two sentences shown in the catalogue: what the course is about.",
    )
    objectives = models.TextField(
        blank=True,
        help_text="What learners can do after the course. One objective per line.",
    )
    audience = models.CharField(
        max_length=10,
        choices=Audience.choices,
        default=Audience.BOTH,
        help_text="Who the course is written for. Learners can filter the catalogue by it.",
    )
    thematic_area = models.CharField(
        max_length=30,
        choices=ThematicArea.choices,
        help_text="The programme theme the course belongs to.",
    )
    estimated_hours = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text="Roughly how many hours a learner needs, including quizzes. Printed on certificates.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. A small, light image shown on the course page.",
    )
    certificate_enabled = models.BooleanField(
        "issue certificates",
        default=True,
        help_text="Issue a certificate to learners who complete the course.",
    )
    recertification_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="Optional. Certificates expire this many months after issue; leave empty for no expiry.",
    )
    certificate_wording = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence printed under the learner's name, e.g. 'has completed the course ...'.",
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [FieldPanel("thematic_area"), FieldPanel("audience"), FieldPanel("estimated_hours")],
            heading="Catalogue",
        ),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("certificate_enabled"),
                FieldPanel("certificate_wording"),
                FieldPanel("recertification_months"),
            ],
            heading="Certificate",
        ),
    ]

    # Courses live in the catalogue; they hold modules, and the course-level quizzes
    # (pre-test and final assessment).
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = "course"

    @property
    def objective_list(self) -> list[str]:
        return lines(self.objectives)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.course_page_context(course=self, user=request.user))
        return context


class ModulePage(CachedPrivacyMixin, Page):
    """A module of a course: a few lessons and usually a quiz. Order is the page order."""

    summary = models.TextField(
        max_length=500, blank=True, help_text="One or two sentences: what this module covers."
    )
    objectives = models.TextField(
        blank=True, help_text="What learners can do after this module. One objective per line."
    )
    # The one page an officer keeps at the desk; learners download it as a PDF
    # (courses.job_aids). Empty when the module has none.
    job_aid_title = models.CharField(
        _("job aid title"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty when the module has no job aid."),
    )
    job_aid = RichTextField(
        _("job aid"),
        features=LESSON_RICHTEXT_FEATURES,
        blank=True,
        help_text=_(
            "A checklist, referral pathway or steps to follow, short enough for one printed page."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        MultiFieldPanel([FieldPanel("job_aid_title"), FieldPanel("job_aid")], heading=_("Job aid")),
    ]

    # Modules belong to a course and hold lessons and the module quiz. Their order in the
    # course is their order in the page tree (drag to reorder in the admin).
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = "module"

    @property
    def objective_list(self) -> list[str]:
        return lines(self.objectives)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.module_page_context(module=self, user=request.user))
        return context


class LessonPage(LearnerPageMixin, CachedPrivacyMixin, Page):
    """A lesson: the text learners read, with callouts, media and a reflection question.

    Only enrolled learners read its body (courses.access.LearnerPageMixin).
    """

    summary = models.TextField(
        max_length=500, blank=True, help_text="One sentence: what the lesson is about."
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="Roughly how long the lesson takes to read.",
    )
    objectives = models.TextField(
        blank=True, help_text="What learners can do after this lesson. One objective per line."
    )
    body = StreamField(LessonBodyBlock(), help_text="The lesson itself, built from blocks.")
    sources = models.TextField(
        blank=True,
        help_text="Laws, policies and guidance the lesson relies on, by title and year. One per line.",
    )

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("objectives"),
        FieldPanel("body"),
        FieldPanel("sources"),
    ]

    # Lessons sit in a module and have no children.
    parent_page_types = ["courses.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = "lesson"

    @property
    def objective_list(self) -> list[str]:
        return lines(self.objectives)

    @property
    def source_list(self) -> list[str]:
        return lines(self.sources)

    def get_context(self, request, *args, gate=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            selectors.lesson_page_context(
                lesson=self, gate=self.learner_gate(request, gate), user=request.user
            )
        )
        return context
