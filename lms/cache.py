"""Versioned cache entries: plain data that is dropped all at once, after the change commits.

A family of cache entries that must go together (everything published in the page tree,
every user's Admin link) shares one version token kept under its own key. Each entry is
stored with the token it was worked out under; an entry whose token is no longer the
current one is never served. Replacing the token drops the whole family on every process.

The token is replaced only once the transaction that made the change has committed
(``transaction.on_commit``). Replacing it earlier would let a request that reads between
the change and the commit store the old rows under the new token, where they would stay
until they expire. Read the token before reading the database: an entry built from rows
older than the token it is stored under is then impossible.

Only plain data goes in (ids, titles, paths, numbers, rendered text): never a model
instance, so a new release never unpickles an object of an older shape.
"""

import uuid

from django.core.cache import cache
from django.db import transaction


def version_current(version_key: str) -> str:
    """The token stored under ``version_key``, created on first use."""
    token = cache.get(version_key)
    if token is None:
        # A fresh random token: entries made under a lost token can never be served.
        cache.add(version_key, uuid.uuid4().hex, timeout=None)
        token = cache.get(version_key)
    return token


def version_replace_on_commit(version_key: str) -> None:
    """Drop every entry of the family once the current transaction commits (at once when
    no transaction is open)."""
    transaction.on_commit(lambda: cache.set(version_key, uuid.uuid4().hex, timeout=None))


def versioned_get_many(version_key: str, keys: list[str]) -> tuple[str, dict]:
    """The current token and, of the values stored under ``keys``, those stored under it;
    in one round trip."""
    found = cache.get_many([version_key, *keys])
    token = found.get(version_key) or version_current(version_key)
    values = {}
    for key in keys:
        entry = found.get(key)
        if entry is not None and entry[0] == token:
            values[key] = entry[1]
    return token, values


def versioned_set_many(values: dict, *, token: str, timeout: int) -> None:
    """Store ``values`` (key to value) with the token read before they were worked out."""
    cache.set_many({key: (token, value) for key, value in values.items()}, timeout)


def versioned_cached_many(version_key: str, keys: list[str], build, *, timeout: int) -> dict:
    """The values under ``keys``; ``build(missing_keys)`` returns those not cached under
    the current token (one call for all of them), which are then stored."""
    token, values = versioned_get_many(version_key, keys)
    missing = [key for key in keys if key not in values]
    if missing:
        built = build(missing)
        versioned_set_many(built, token=token, timeout=timeout)
        values.update(built)
    return values


def versioned_cached(version_key: str, key: str, build, *, timeout: int):
    """The value under ``key`` if stored under the current token, else ``build()``, stored
    with the token read before it was built."""
    return versioned_cached_many(
        version_key, [key], lambda missing: {key: build()}, timeout=timeout
    )[key]
