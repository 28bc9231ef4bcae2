"""Django's Redis cache backend, keeping one redis-py client per server.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call.
Building one (its table of response callbacks) took 180 µs here, more than the round trip
to Redis it serves (155 µs for the page cache's one ``MGET``; bench/README.md). A client
holds no connection of its own, it borrows them from the server's connection pool and is
safe to share between threads, so one per server is enough.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
