"""Wagtail page types of a course: course index -> course -> module -> lesson / quiz.

Quiz pages live in courses.quizzes and may sit under a module (module quiz) or directly
under a course (pre-test, final assessment).
"""

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from courses.blocks import LESSON_RICHTEXT_FEATURES, LessonBodyBlock


def lines(text: str) -> list[str]:
    """The non-empty lines of a 'one item per line' field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CachedViewRestrictionsMixin:
    """Skips Wagtail's look-up of privacy settings while no page has any (cached with the
    page tree, see courses.tree_cache); with one anywhere, Wagtail's check runs as usual."""

    def get_view_restrictions(self):
        from courses.tree_cache import view_restrictions_exist

        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class Audience(models.TextChoices):
    COUNTY = "county", "County government staff"
    NATIONAL = "national", "National government staff"
    BOTH = "both", "County and national staff"


class ThematicArea(models.TextChoices):
    MIGRATION_CYCLE = "migration_cycle", "Migration cycle"
    MIGRATION_HEALTH = "migration_health", "Migration health"
    BORDER_MANAGEMENT = "border_management", "Border management"


class CourseIndexPage(CachedViewRestrictionsMixin, Page):
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

    def get_context(self, request, *args, **kwargs):
        from courses import catalogue
        from courses.models.records import Enrolment

        context = super().get_context(request, *args, **kwargs)
        filters = catalogue.catalogue_filters_parse(request.GET)
        courses = list(
            catalogue.catalogue_courses(index=self, area=filters.area, audience=filters.audience)
        )
        enrolled_ids = set()
        if request.user.is_authenticated and courses:
            enrolled_ids = set(
                Enrolment.objects.filter(user=request.user, course__in=courses).values_list(
                    "course_id", flat=True
                )
            )
        context.update(
            filters=filters,
            courses=courses,
            enrolled_ids=enrolled_ids,
            areas=catalogue.AREAS,
            audiences=catalogue.AUDIENCES,
            unknown_filter_message=catalogue.UNKNOWN_FILTER_MESSAGE,
        )
        return context

    def serve(self, request, *args, **kwargs):
        """Anonymous visitors get a cached rendering per filter combination (dropped on any
        publish, unpublish, move or delete; see courses.catalogue)."""
        from courses import catalogue, tree_cache

        cacheable = (
            catalogue.catalogue_request_is_cacheable(request)
            and not request.user.is_authenticated
            # A pending message (e.g. 'You have signed out') belongs to one visitor.
            and not len(get_messages(request))
        )
        if not cacheable:
            return super().serve(request, *args, **kwargs)
        filters = catalogue.catalogue_filters_parse(request.GET)
        key = catalogue.catalogue_cache_key(
            host=request.get_host(), path=request.path, filters=filters
        )
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content)
        response = super().serve(request, *args, **kwargs)
        if response.status_code == 200:
            response.render()
            cache.set(key, response.content, tree_cache.CACHE_SECONDS)
        return response


class CoursePage(CachedViewRestrictionsMixin, Page):
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
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        outline = selectors.course_outline(course=self, user=request.user)
        enrolment = selectors.enrolment_get(user=request.user, course=self)
        context.update(
            course=self,
            outline=outline,
            progress=outline.progress,
            enrolment=enrolment,
            continue_item=(
                selectors.continue_target(structure=outline.structure, enrolment=enrolment)
                if enrolment
                else None
            ),
            first_item=outline.structure.sequence[0] if outline.structure.sequence else None,
        )
        return context


class ModulePage(CachedViewRestrictionsMixin, Page):
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
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        course = selectors.course_for_page(self)
        outline = selectors.course_outline(course=course, user=request.user) if course else None
        module = None
        if outline is not None:
            module = next((m for m in outline.modules if m.page.pk == self.pk), None)
        context.update(
            course=course,
            outline=outline,
            module=module,
            enrolment=selectors.enrolment_get(user=request.user, course=course) if course else None,
        )
        return context


class LessonPage(CachedViewRestrictionsMixin, Page):
    """A lesson: the text learners read, with callouts, media and a reflection question."""

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

    @staticmethod
    def body_cache_key(page_id: int) -> str:
        from courses.tree_cache import tree_cache_key

        return tree_cache_key("lesson-body", page_id)

    def body_html(self, request) -> str:
        """The lesson's blocks rendered, cached with the published tree (the same for
        every learner); previews of unsaved or draft content always render afresh."""
        from courses import tree_cache

        def render() -> str:
            return render_to_string("courses/includes/lesson_body.html", {"page": self})

        if getattr(request, "is_preview", False):
            return render()
        # A SafeString, and still one when it comes back from the cache.
        return tree_cache.tree_cached(self.body_cache_key(self.pk), render)

    def serve(self, request, *args, **kwargs):
        """Learners only: see courses.access.learner_page_gate."""
        from courses import selectors
        from courses.access import learner_page_gate, refusal
        from courses.services import LESSON_NOT_AVAILABLE

        gate = learner_page_gate(request, self)
        if gate.response is not None:
            return gate.response
        outline = None
        if gate.course is not None:
            outline = selectors.course_outline(course=gate.course, user=request.user)
        if not gate.is_preview and (outline is None or outline.structure.item_for(self.pk) is None):
            # Live itself, but its module is not: it is not part of the course right now.
            return refusal(request, message=LESSON_NOT_AVAILABLE, status=404)
        return super().serve(request, *args, gate=gate, outline=outline, **kwargs)

    def get_context(self, request, *args, gate=None, outline=None, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        course = gate.course if gate else selectors.course_for_page(self)
        if outline is None and course is not None:
            outline = selectors.course_outline(course=course, user=request.user)
        previous_item = next_item = module = item = None
        if outline is not None:
            structure = outline.structure
            previous_item, next_item = structure.neighbours(self.pk)
            module = structure.module_of(self.pk)
            item = structure.item_for(self.pk)
        show_body = gate.show_body if gate else True
        context.update(
            gate=gate,
            course=course,
            enrolment=gate.enrolment if gate else None,
            show_body=show_body,
            outline=outline,
            progress=outline.progress if outline else None,
            module=module,
            is_done=bool(item and item.done),
            previous_item=previous_item,
            next_item=next_item,
            body_html=self.body_html(request) if show_body else "",
        )
        return context
