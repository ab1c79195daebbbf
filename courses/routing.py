"""Page routing in one query, through Wagtail's documented ``route()`` override.

Wagtail routes a request level by level: one child lookup and one typed-page load per
level, about ten queries for a lesson four levels below the home page. The home page
instead looks up, in one query, the deepest page whose address is a prefix of the
requested path, and hands the rest of the path to that page's own ``route()``. So a page
type that answers sub-paths of its own (``RoutablePageMixin``) still gets them, a page
that is not live still answers 404, and an unknown slug still raises Http404, exactly as
with Wagtail's routing.
"""

from django.http import Http404
from wagtail.models import Page


def route_in_one_query(root: Page, request, path_components: list[str]):
    """What Wagtail's ``Page.route`` returns for a non-empty ``path_components`` below
    ``root``."""
    prefixes = {
        f"{root.url_path}{'/'.join(path_components[:length])}/": length
        for length in range(1, len(path_components) + 1)
    }
    deepest = (
        Page.objects.descendant_of(root)
        .filter(url_path__in=list(prefixes))
        .order_by("-depth")
        .first()
    )
    if deepest is None:
        raise Http404
    consumed = prefixes[deepest.url_path]
    return deepest.specific.route(request, path_components[consumed:])


class OneQueryRoutingMixin:
    """For the root page of a site: route every address below it in one query."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return route_in_one_query(self, request, path_components)
