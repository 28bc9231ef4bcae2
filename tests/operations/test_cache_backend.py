"""operations.cache.RedisCache: Django's Redis backend with one client per server."""

import pytest
from redis.exceptions import ConnectionError

from operations.cache import RedisCache


@pytest.fixture
def redis_cache():
    backend = RedisCache("redis://127.0.0.1:6379/13", {"OPTIONS": {"socket_timeout": 1}})
    try:
        backend._cache.get_client().ping()
    except ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    yield backend
    backend.clear()


def test_every_cache_call_reuses_the_one_client(redis_cache):
    first = redis_cache._cache.get_client(write=False)
    assert redis_cache._cache.get_client(write=True) is first
    redis_cache.set("vwn:test", {"a": 1}, 10)
    assert redis_cache.get_many(["vwn:test", "vwn:missing"]) == {"vwn:test": {"a": 1}}
    assert redis_cache._cache.get_client() is first


def test_a_second_server_has_its_own_client():
    backend = RedisCache("redis://127.0.0.1:6379/13,redis://127.0.0.1:6379/12", {"OPTIONS": {}})
    writer = backend._cache.get_client(write=True)
    reader = backend._cache.get_client(write=False)
    assert writer is not reader
    assert backend._cache.get_client(write=False) is reader
