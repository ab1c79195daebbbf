"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` client for every cache call, and
redis-py's client constructor fills a table of about 170 response callbacks each time:
around 0.1 ms of CPU per call, several times what the call itself costs on a local
Redis. A learner's page makes about ten cache calls, so that was a millisecond or more
of every request. ``redis.Redis`` clients are thread-safe and the pools are kept by
Django already, so this backend keeps the client with its pool. Everything else is
Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
