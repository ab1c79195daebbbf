"""Page routing from the cache: an address that led to a page once leads there again,
without a query, until the page tree changes.

Wagtail routes a request level by level (find the site, load its root page, then one
child lookup and one typed-page load per level), which for a lesson four levels down is
about ten queries before the page does any work of its own. ``PageRouteCacheMiddleware``
remembers, per host and path, the page Wagtail's routing found (the published page
itself, as loaded from the database) and hands it to Wagtail's serve view through ``request._wagtail_route_for_request``, the attribute Wagtail
itself uses to cache the route of a request (``Page.route_for_request``). The entries
live in the cache of the published tree (courses.tree_cache), so any save, publish,
unpublish, move or delete of a page, and any change to the sites, drops them all.

Only plain routes are remembered: a page found with no extra arguments, of a page type
that does not route sub-paths itself.
"""

from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from courses.models import CoursePage, LessonPage
from courses.tree_cache import (
    generation_read_once,
    stamped_key,
    tree_cache_get_stamped,
    tree_cache_prefetch,
    tree_cache_set_stamped,
    tree_generation,
    view_restrictions_cache_key,
)

WAGTAIL_SERVE = "wagtail_serve"


def serves_a_page(request) -> bool:
    """Whether the URLconf sent this request to Wagtail's page view (in process_view)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == WAGTAIL_SERVE


def _remember_route(request, key: str, generation: str) -> None:
    route = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None:
        return
    page, args, kwargs = route
    # A page type that overrides route() may answer sub-paths of its own (e.g. routable
    # pages); the address alone does not say what it would do, so it is not remembered.
    if args or kwargs or type(page).route is not Page.route:
        return
    # A fresh copy: the served one carries whatever rendering attached to it.
    page = type(page).objects.filter(pk=page.pk, live=True).first()
    if page is None:
        return
    course_id = (
        CoursePage.objects.ancestor_of(page, inclusive=True).values_list("pk", flat=True).first()
    )
    tree_cache_set_stamped(
        key, (Site.objects.get(pk=site.pk), page, course_id), generation=generation
    )


def _prefetch_for(page: Page, course_id: int | None) -> None:
    """What the page will read from the tree cache, in one round trip."""
    from courses import selectors

    keys = [view_restrictions_cache_key(), selectors.course_of_cache_key(page.path)]
    if course_id is not None:
        keys.append(selectors.structure_cache_key(course_id))
    if isinstance(page, LessonPage):
        keys.append(LessonPage.body_cache_key(page.pk))
    tree_cache_prefetch(keys)


class PageRouteCacheMiddleware:
    """Hands a remembered route to Wagtail's page view (GET and HEAD only), and remembers
    the route of a page served without one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with generation_read_once():
            response = self.get_response(request)
            miss = getattr(request, "_route_cache_miss", None)
            if miss is not None and response.status_code == 200:
                _remember_route(request, *miss)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not serves_a_page(request):
            return None
        key = stamped_key("route", request.get_host(), request.path_info)
        found = tree_cache_get_stamped(key)
        if found is None:
            # Remembered under the token read now, before the page is looked up.
            request._route_cache_miss = (key, tree_generation())
            return None
        site, page, course_id = found
        request._wagtail_site = site
        request._wagtail_route_for_request = RouteResult(page)
        _prefetch_for(page, course_id)
        return None
