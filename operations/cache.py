"""Django's Redis cache backend, keeping one redis-py client per server, with a circuit
breaker so that a Redis that hangs costs the site almost nothing.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call.
Building one (its table of response callbacks) took 180 µs here, more than the round trip
to Redis it serves (155 µs for the page cache's one ``MGET``; bench/README.md). A client
holds no connection of its own, it borrows them from the server's connection pool and is
safe to share between threads, so one per server is enough.

Every call waits at most the socket timeouts (``socket_connect_timeout`` and
``socket_timeout``, 0.1 s by default: ``vwn_projects.settings.base.cache_config``). When
one fails (refused, timed out, any Redis error), the circuit opens: for the next
``REDIS_CIRCUIT_SECONDS`` (default 5) every call of this process fails at once with
``CacheUnavailable`` instead of waiting for a Redis that is known not to answer; then one
call tries again. The page cache and the media decisions treat a failing cache as a miss
(``website.page_cache``), so the site renders from the database meanwhile, and
``/healthz/ready`` reports the cache as degraded.
"""

import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError


class CacheUnavailable(ConnectionError):
    """Raised without asking Redis while the circuit is open."""


class Circuit:
    """Open for ``seconds`` after a failure; one trial call at a time after that."""

    def __init__(self):
        self.lock = threading.Lock()
        self.open_until = 0.0
        self.failures = 0

    def seconds(self):
        return getattr(settings, "REDIS_CIRCUIT_SECONDS", 5.0)

    def before(self):
        now = time.monotonic()
        if now < self.open_until:
            raise CacheUnavailable("Redis did not answer; not asked again for a few seconds")
        if self.failures:
            with self.lock:
                # Half open: this call tries; the others wait for its answer elsewhere.
                if now < self.open_until:
                    raise CacheUnavailable("Redis did not answer; another call is trying")
                self.open_until = now + self.seconds()

    def succeeded(self):
        if self.failures:
            self.failures = 0
            self.open_until = 0.0

    def failed(self):
        self.failures += 1
        self.open_until = time.monotonic() + self.seconds()

    @property
    def is_open(self):
        return time.monotonic() < self.open_until


def guarded(name):
    method = getattr(RedisCacheClient, name)

    def call(self, *args, **kwargs):
        self.circuit.before()
        try:
            result = method(self, *args, **kwargs)
        except (RedisError, OSError):
            self.circuit.failed()
            raise
        self.circuit.succeeded()
        return result

    call.__name__ = name
    return call


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self.circuit = Circuit()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    for _name in (
        "add",
        "get",
        "set",
        "touch",
        "delete",
        "get_many",
        "has_key",
        "incr",
        "set_many",
        "delete_many",
        "clear",
    ):
        locals()[_name] = guarded(_name)
    del _name


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    @property
    def circuit(self):
        return self._cache.circuit
