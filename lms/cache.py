"""Cache helpers: generation tokens, and Django's Redis backend keeping its clients.

Generation tokens: a cache that must be dropped all at once (every page of the published
tree, every user's Admin link) keys or stamps its entries with a token kept under one
key; replacing the token makes every older entry unreadable at once, on every process.

The backend: Django's Redis cache backend, keeping one Redis client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` client for every cache call, and
redis-py's client constructor fills a table of about 170 response callbacks each time:
around 0.1 ms of CPU per call, several times what the call itself costs on a local
Redis. A learner's page makes about ten cache calls, so that was a millisecond or more
of every request. ``redis.Redis`` clients are thread-safe and the pools are kept by
Django already, so this backend keeps the client with its pool. Everything else is
Django's.
"""

import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


def generation_current(token_key: str) -> str:
    """The token stored under ``token_key``, created on first use."""
    token = cache.get(token_key)
    if token is None:
        # A fresh random token: entries made under a lost token can never be served.
        cache.add(token_key, uuid.uuid4().hex, timeout=None)
        token = cache.get(token_key)
    return token


def generation_replace(token_key: str) -> str:
    """Replace the token: everything made under the old one is dropped. The new token."""
    token = uuid.uuid4().hex
    cache.set(token_key, token, timeout=None)
    return token


def stamped_get(token_key: str, key: str):
    """The current token and the value stored under ``key`` with stamped_set, in one
    round trip; the value is None unless it was stored under the current token."""
    found = cache.get_many([token_key, key])
    token = found.get(token_key) or generation_current(token_key)
    entry = found.get(key)
    return token, (entry[1] if entry is not None and entry[0] == token else None)


def stamped_set(key: str, value, *, token: str, timeout: int) -> None:
    """Store ``value`` with the token read before it was worked out."""
    cache.set(key, (token, value), timeout)


class _ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClientRedisCacheClient
