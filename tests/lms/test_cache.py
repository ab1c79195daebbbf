"""lms.cache.RedisCache: Django's Redis backend that keeps its clients. Runs against the
Redis at REDIS_URL (CI and the development machine have one at 127.0.0.1:6379)."""

import os
import socket
import uuid
from urllib.parse import urlsplit

import pytest

from lms.cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def redis_answers() -> bool:
    address = urlsplit(REDIS_URL)
    try:
        socket.create_connection((address.hostname, address.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not redis_answers() and not os.environ.get("CI"), reason=f"no Redis at {REDIS_URL}"
)


@pytest.fixture
def redis_cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    # Not clear(): that empties the whole Redis database, which other test processes use.
    backend.delete_many(["a", "b", "c", "x"])


def test_it_is_a_working_cache(redis_cache):
    redis_cache.set("a", {"structure": [1, 2, 3]}, 60)
    redis_cache.set_many({"b": 2, "c": 3}, 60)
    assert redis_cache.get("a") == {"structure": [1, 2, 3]}
    assert redis_cache.get_many(["a", "b", "c", "missing"]) == {
        "a": {"structure": [1, 2, 3]},
        "b": 2,
        "c": 3,
    }
    assert redis_cache.add("b", 99) is False
    redis_cache.delete("a")
    assert redis_cache.get("a") is None


def test_it_keeps_one_client_per_pool(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client(write=True) is client
    redis_cache.set("x", 1, 60)
    assert redis_cache._cache.get_client(write=True) is client
