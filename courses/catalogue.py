"""Reads for the public catalogue: its filters and its courses.

Filters come from the query string and are checked against an allowlist; an unknown
value is ignored (all courses for that filter) and the page says so. Visitors without a
session get the rendered page from Django's page cache (courses.cache).
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from courses import models
from courses.choices import Audience, ThematicArea

# The catalogue's one address. Every header and breadcrumb links here directly (a
# constant, so drawing the link costs no query or cache read on any page); the page is
# created by a data migration with this slug, and its edit form refuses another one.
# /catalogue/ (courses:catalogue) still redirects here for old links and bookmarks.
CATALOGUE_SLUG = "courses"
CATALOGUE_URL = f"/{CATALOGUE_SLUG}/"

AREAS = dict(ThematicArea.choices)
AUDIENCES = {
    Audience.COUNTY.value: Audience.COUNTY.label,
    Audience.NATIONAL.value: Audience.NATIONAL.label,
    Audience.BOTH.value: _("Courses written for both"),
}
UNKNOWN_FILTER_MESSAGE = _(
    "We did not recognise one of the filters in the address, so courses are shown without it."
)


@dataclass(frozen=True)
class CatalogueFilters:
    area: str = ""
    audience: str = ""
    unknown: bool = False

    @property
    def area_label(self) -> str:
        return AREAS.get(self.area, "")

    @property
    def audience_label(self) -> str:
        return AUDIENCES.get(self.audience, "")

    @property
    def is_filtered(self) -> bool:
        return bool(self.area or self.audience)


def catalogue_filters_parse(query: QueryDict) -> CatalogueFilters:
    """Allowlisted ``area`` and ``audience`` from the query string; empty means all."""
    area = query.get("area", "").strip()
    audience = query.get("audience", "").strip()
    unknown = False
    if area and area not in AREAS:
        area, unknown = "", True
    if audience and audience not in AUDIENCES:
        audience, unknown = "", True
    return CatalogueFilters(area=area, audience=audience, unknown=unknown)


def catalogue_courses(*, index, area: str = "", audience: str = "") -> QuerySet:
    """Live courses in the catalogue, filtered by thematic area and audience.

    Audience "county" or "national" includes courses written for both.
    """
    courses = models.CoursePage.objects.live().child_of(index).order_by("path")
    if area:
        courses = courses.filter(thematic_area=area)
    if audience in (Audience.COUNTY, Audience.NATIONAL):
        courses = courses.filter(audience__in=[audience, Audience.BOTH])
    elif audience == Audience.BOTH:
        courses = courses.filter(audience=Audience.BOTH)
    return courses


def catalogue_context(*, index, query: QueryDict, user) -> dict:
    """What the catalogue page shows: filters, courses, and which the learner is on."""
    filters = catalogue_filters_parse(query)
    courses = list(catalogue_courses(index=index, area=filters.area, audience=filters.audience))
    enrolled_ids = set()
    if user.is_authenticated and courses:
        enrolled_ids = set(
            models.Enrolment.objects.filter(user=user, course__in=courses).values_list(
                "course_id", flat=True
            )
        )
    return {
        "filters": filters,
        "courses": courses,
        "enrolled_ids": enrolled_ids,
        "areas": AREAS,
        "audiences": AUDIENCES,
        "unknown_filter_message": UNKNOWN_FILTER_MESSAGE,
    }


# What each thematic area is about, for the home page (one sentence each).
AREA_SUMMARIES = {
    ThematicArea.MIGRATION_CYCLE: _(
        "Why people move, how they travel and return, and how county and national services "
        "meet them at each stage."
    ),
    ThematicArea.MIGRATION_HEALTH: _(
        "Health along the way: screening, referral, outbreaks at crossings and the rights of "
        "migrants to care."
    ),
    ThematicArea.BORDER_MANAGEMENT: _(
        "Coordinated, humane border management: one stop border posts, documents, "
        "trafficking and smuggling, and regional integration."
    ),
}


@dataclass(frozen=True)
class AreaCourse:
    title: str
    url: str
    hours: int


@dataclass(frozen=True)
class ProgrammeArea:
    """A thematic area as the home page presents it: its published courses and hours."""

    value: str
    courses: tuple[AreaCourse, ...]

    @property
    def label(self) -> str:
        return AREAS[self.value]

    @property
    def summary(self) -> str:
        return AREA_SUMMARIES.get(self.value, "")

    @property
    def hours(self) -> int:
        return sum(course.hours for course in self.courses)

    @property
    def catalogue_url(self) -> str:
        return f"{CATALOGUE_URL}?area={self.value}"


def programme_areas() -> list[ProgrammeArea]:
    """The three thematic areas, in their fixed order, each with the live courses of the
    catalogue. Plain data from the cache of what is published (courses.cache): no query
    while nothing published has changed, one when it has."""
    from courses.cache import published_cached

    return published_cached("programme-areas", build=_programme_areas_build)


def _programme_areas_build() -> list[ProgrammeArea]:
    index = models.CourseIndexPage.objects.live().first()
    by_area: dict[str, list[AreaCourse]] = {value: [] for value in AREAS}
    if index is not None:
        for course in catalogue_courses(index=index):
            if course.thematic_area in by_area:
                by_area[course.thematic_area].append(
                    AreaCourse(
                        title=course.title, url=course.get_url(), hours=course.estimated_hours or 0
                    )
                )
    return [ProgrammeArea(value=value, courses=tuple(items)) for value, items in by_area.items()]
