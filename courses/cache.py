"""What the learner side caches of the published page tree, and when it is dropped.

Three things, all plain data under one version token (lms.cache), all dropped once a
change to what is published commits (see docs/courses.md, "What is cached"):

- per lesson or quiz page: its course and that course's live structure (ids, titles,
  addresses, kinds), read by courses.selectors;
- rendered lesson bodies: Wagtail's ``{% wagtailpagecache %}`` in the lesson template,
  keyed on the page's ``cache_key`` and this version;
- pages served to visitors who have no session (the catalogue, course overviews): Django's
  ``cache_page`` around Wagtail's page view, keyed on this version.

Decisions that count (completion, certificates, scores) never read these: the services
build the course structure from the database.
"""

from functools import wraps

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.views.decorators.cache import cache_page
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from lms.cache import version_current, version_replace_on_commit, versioned_cached_many

VERSION_KEY = "courses:published:version"
# Entries also expire on their own, so nothing lives forever if a change was ever made
# without a signal (e.g. a bulk update in a data migration).
CACHE_SECONDS = 60 * 60


def published_version() -> str:
    """The current version of what is published (for fragment cache keys)."""
    return version_current(VERSION_KEY)


def published_changed(**kwargs) -> None:
    """Signal receiver: drop every entry once the change commits."""
    version_replace_on_commit(VERSION_KEY)


def published_key(*parts: object) -> str:
    return ":".join(["courses:published", *(str(part) for part in parts)])


def published_cached_many(keys: list[str], build) -> dict:
    """Plain data derived from published pages, by key (see published_key), cached until
    the next published change; ``build(missing_keys)`` works out what is not cached."""
    return versioned_cached_many(VERSION_KEY, keys, build, timeout=CACHE_SECONDS)


def published_cached(*parts: object, build):
    """One value of plain data derived from published pages (see published_cached_many)."""
    key = published_key(*parts)
    return published_cached_many([key], lambda missing: {key: build()})[key]


def _page_saved(sender, instance, **kwargs) -> None:
    # post_save is sent with the specific class of the page.
    if isinstance(instance, Page):
        published_changed()


def published_signals_connect() -> None:
    """Any change to the page tree, its privacy settings, the sites, or an image or
    document a lesson shows may change what an address leads to, a course's structure, a
    rendered lesson or the catalogue."""
    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        signal.connect(published_changed, dispatch_uid=f"courses_published_{name}")
    post_save.connect(_page_saved, dispatch_uid="courses_published_page_saved")
    media = (get_image_model(), get_document_model())
    for model in (Page, PageViewRestriction, Site, *media):
        post_delete.connect(
            published_changed, sender=model, dispatch_uid=f"courses_published_{model.__name__}_del"
        )
    for model in (PageViewRestriction, Site, *media):
        post_save.connect(
            published_changed, sender=model, dispatch_uid=f"courses_published_{model.__name__}_save"
        )


def request_is_anonymous_and_cookieless(request) -> bool:
    """A GET or HEAD with no session and no pending message: nothing in its answer can be
    personal, so one rendering serves every such visitor."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def anonymous_pages_cached(view):
    """Wagtail's page view, answered from Django's page cache for visitors without a
    session (the most-visited pages by people who are not logged in, often on slow
    links). The key carries the published version, so a publish drops it on commit."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request_is_anonymous_and_cookieless(request):
            return view(request, *args, **kwargs)
        cached_view = cache_page(CACHE_SECONDS, key_prefix=f"pages:{published_version()}")(view)
        return cached_view(request, *args, **kwargs)

    return wrapper
