"""The public catalogue: filter parsing and the cache of its anonymous rendering.

Filters come from the query string and are checked against an allowlist; an unknown
value is ignored (all courses for that filter) and the page says so. The rendered page
for anonymous visitors is cached per filter combination (a small, finite set because
unknown values collapse to "all") with the other caches of the published tree
(courses.tree_cache), so it is dropped whenever a page changes.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict

from courses.models.pages import CoursePage, ThematicArea
from courses.routing import serves_a_page
from courses.tree_cache import tree_cache_key

AREAS = {value: label for value, label in ThematicArea.choices}
AUDIENCES = {
    "county": "County government staff",
    "national": "National government staff",
    "both": "Courses written for both",
}
UNKNOWN_FILTER_MESSAGE = (
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


def catalogue_cache_key(*, host: str, path: str, filters: CatalogueFilters) -> str:
    # Keyed by address rather than page id so CatalogueCacheMiddleware can answer before
    # Wagtail looks up the site and routes the path.
    return tree_cache_key(
        "catalogue", host, path, filters.area or "-", filters.audience or "-", int(filters.unknown)
    )


def catalogue_request_is_cacheable(request) -> bool:
    """An anonymous GET with nothing personal pending: no session, no flash message."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


class CatalogueCacheMiddleware:
    """Serves the cached anonymous catalogue before site lookup and page routing.

    The catalogue is the page most visited by people who are not logged in, often on
    slow links; its rendering is cached by CourseIndexPage.serve, and this answers from
    that cache without touching the database. Only requests the URLconf sends to
    Wagtail's page view are looked up, so other views pay nothing for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (catalogue_request_is_cacheable(request) and serves_a_page(request)):
            return None
        key = catalogue_cache_key(
            host=request.get_host(),
            path=request.path,
            filters=catalogue_filters_parse(request.GET),
        )
        content = cache.get(key)
        return HttpResponse(content) if content is not None else None


def catalogue_courses(*, index, area: str = "", audience: str = "") -> QuerySet:
    """Live courses in the catalogue, filtered by thematic area and audience.

    Audience "county" or "national" includes courses written for both.
    """
    courses = CoursePage.objects.live().child_of(index).order_by("path")
    if area:
        courses = courses.filter(thematic_area=area)
    if audience in ("county", "national"):
        courses = courses.filter(audience__in=[audience, "both"])
    elif audience == "both":
        courses = courses.filter(audience="both")
    return courses
