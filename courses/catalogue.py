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
