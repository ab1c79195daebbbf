"""Page routing in one query, through Wagtail's documented ``route()`` override.

Wagtail routes a request level by level: one child lookup and one typed-page load per
level, about ten queries for a lesson four levels below the home page. The home page
instead finds the deepest page whose address is a prefix of the requested path and hands
the rest of the path to that page's own ``route()``. So a page type that answers sub-paths
of its own (``RoutablePageMixin``) still gets them, a page that is not live still answers
404, and an unknown slug still raises Http404, exactly as with Wagtail's routing.

Which page an address leads to is plain data (its id, its type and how much of the path
it consumed), cached with what is published (courses.cache): a warm request loads the
typed page in one query. Addresses that lead nowhere are not cached (a scanner's guesses
would fill the cache).
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page

from courses.cache import published_cached


def _deepest_page(root: Page, path_components: list[str]) -> tuple[int, int, int]:
    """(page id, content type id, path components consumed) of the deepest page below
    ``root`` whose address is a prefix of the path; Http404 if there is none."""
    prefixes = {
        f"{root.url_path}{'/'.join(path_components[:length])}/": length
        for length in range(1, len(path_components) + 1)
    }
    deepest = (
        Page.objects.descendant_of(root)
        .filter(url_path__in=list(prefixes))
        .order_by("-depth")
        .values_list("id", "content_type_id", "url_path")
        .first()
    )
    if deepest is None:
        raise Http404
    page_id, content_type_id, url_path = deepest
    return page_id, content_type_id, prefixes[url_path]


def route_in_one_query(root: Page, request, path_components: list[str]):
    """What Wagtail's ``Page.route`` returns for a non-empty ``path_components`` below
    ``root``."""
    page_id, content_type_id, consumed = published_cached(
        "route",
        root.pk,
        # Hashed: an address may hold characters a cache key must not.
        hashlib.sha256("/".join(path_components).encode()).hexdigest(),
        build=lambda: _deepest_page(root, path_components),
    )
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    try:
        page = model.objects.get(pk=page_id)
    except model.DoesNotExist:
        # Deleted since it was cached, and the change has not committed yet.
        raise Http404 from None
    return page.route(request, path_components[consumed:])


class OneQueryRoutingMixin:
    """For the root page of a site: route every address below it in one query."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return route_in_one_query(self, request, path_components)
