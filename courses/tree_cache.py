"""Caches of what is published in the page tree, dropped together on any change to it.

Learner pages read the same published structure on every request: which page an address
leads to, the course a lesson belongs to, the modules, lessons and quizzes of that course,
the anonymous catalogue. None of it changes until an editor saves, publishes, unpublishes,
moves or deletes a page, so it is cached in Django's cache (Redis in production, shared by
every web process) under keys that carry a generation token. Any such change replaces the
token, and every entry cached under the old one can never be read again; the entries
expire on their own.

Only published, non-personal data goes in here: a learner's progress is always read
fresh from the database.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

from lms.cache import generation_current, generation_replace, stamped_get, stamped_set

GENERATION_KEY = "courses:tree:generation"
# Part of every key: change it when the shape of a cached value changes, so a new release
# never reads what an older one stored.
FORMAT = "1"
# Entries expire on their own too, so nothing lives forever if a signal was ever missed
# (e.g. a bulk update in a data migration).
CACHE_SECONDS = 60 * 60

# Inside one request the token is read once (see generation_read_once); None outside.
_request_memo: ContextVar[dict | None] = ContextVar("courses_tree_generation", default=None)
# A prefetched key that was not in the cache (None is never stored).
_MISSING = object()


@contextmanager
def generation_read_once():
    """Within the block (one request), read the token from the cache once and reuse it.

    The request then sees one consistent generation; a change made during the request by
    this same request (an editor publishing) still moves it on, see tree_cache_invalidate.
    """
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def tree_generation() -> str:
    """The current generation token (created on first use)."""
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation = generation_current(GENERATION_KEY)
    if memo is not None:
        memo["generation"] = generation
    return generation


def tree_cache_key(*parts: object, generation: str | None = None) -> str:
    """A cache key valid until the page tree next changes."""
    token = generation or tree_generation()
    return ":".join(["courses:tree", FORMAT, token, *(str(part) for part in parts)])


def stamped_key(*parts: object) -> str:
    """A key without the token, for a value stored with its token (tree_cache_get_stamped)."""
    return ":".join(["courses:tree", FORMAT, "stamped", *(str(part) for part in parts)])


def tree_cache_get_stamped(key: str):
    """The value stored under ``key`` (see stamped_key) if it was stored under the current
    token, else None; the token comes in the same round trip. The request's first lookup
    uses this, so reading the token costs no round trip of its own."""
    generation, value = stamped_get(GENERATION_KEY, key)
    memo = _request_memo.get()
    if memo is not None and "generation" not in memo:
        memo["generation"] = generation
    return value


def tree_cache_set_stamped(key: str, value, *, generation: str) -> None:
    """Store ``value`` with the token read before it was worked out."""
    stamped_set(key, value, token=generation, timeout=CACHE_SECONDS)


def tree_cache_invalidate(**kwargs) -> None:
    """Drop everything cached under the current generation (signal receiver)."""
    generation = generation_replace(GENERATION_KEY)
    memo = _request_memo.get()
    if memo is not None:
        memo["generation"] = generation
        memo["prefetched"] = {}


def tree_cache_prefetch(keys: list[str]) -> None:
    """Read ``keys`` in one round trip; the next tree_cache_get of each uses the result.

    Only inside a request (generation_read_once). A learner's page needs four or five of
    these entries, and on a busy server every round trip to Redis costs more than the
    lookup itself.
    """
    memo = _request_memo.get()
    if memo is None or not keys:
        return
    found = cache.get_many(keys)
    memo.setdefault("prefetched", {}).update({key: found.get(key, _MISSING) for key in keys})


def tree_cache_get(key: str):
    """The cached value of ``key``, or None. A prefetched value is handed out once (the
    caller may change it), later reads go to the cache again and get their own copy."""
    memo = _request_memo.get()
    if memo is not None:
        value = memo.get("prefetched", {}).pop(key, None)
        if value is _MISSING:
            return None
        if value is not None:
            return value
    return cache.get(key)


def tree_cached(key: str, build):
    """The value cached under ``key`` (a tree_cache_key), else ``build()``, stored."""
    value = tree_cache_get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def view_restrictions_cache_key() -> str:
    return tree_cache_key("view-restrictions")


def view_restrictions_exist() -> bool:
    """Whether any page has a Wagtail privacy setting (password, login or groups).

    The platform controls access to lessons itself (courses.access), so usually none
    does, and pages can skip Wagtail's two queries per request that look for one.
    """
    from wagtail.models import PageViewRestriction

    return tree_cached(view_restrictions_cache_key(), PageViewRestriction.objects.exists)
