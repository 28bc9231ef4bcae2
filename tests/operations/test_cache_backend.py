"""operations.cache.RedisCache: Django's Redis backend with one client per server, whose
calls wait at most their socket timeouts and then not at all while the circuit is open."""

import socket
import threading
import time

import pytest
from redis.exceptions import ConnectionError, RedisError

from operations import cache as cache_module
from operations.cache import CacheUnavailable, RedisCache


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


# A Redis that accepts connections and never answers (packets dropped after the handshake,
# a frozen server): every call waits at most the socket timeout, then the circuit opens.


class SilentServer:
    """Accepts TCP connections on the loopback and never sends a byte."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self):
        while True:
            try:
                connection, _address = self.sock.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.sock.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def silent_redis():
    server = SilentServer()
    yield server
    server.close()


def hanging_backend(port, circuit_seconds=5.0):
    return RedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1}},
    )


def test_a_redis_that_never_answers_costs_a_call_its_timeout_then_nothing(silent_redis, settings):
    settings.REDIS_CIRCUIT_SECONDS = 5.0
    backend = hanging_backend(silent_redis.port)
    started = time.monotonic()
    with pytest.raises((RedisError, OSError)):
        backend.get("vwn:page")
    assert time.monotonic() - started < 0.5
    assert backend.circuit.is_open
    started = time.monotonic()
    for _ in range(100):
        with pytest.raises(CacheUnavailable):
            backend.get_many(["vwn:page"])
    assert time.monotonic() - started < 0.05


def test_the_circuit_tries_again_after_its_seconds(silent_redis, settings, monkeypatch):
    settings.REDIS_CIRCUIT_SECONDS = 5.0
    backend = hanging_backend(silent_redis.port)
    with pytest.raises((RedisError, OSError)):
        backend.set("vwn:x", 1, 10)
    now = time.monotonic()
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: now + 6)
    assert not backend.circuit.is_open
    with pytest.raises((RedisError, OSError)):  # one trial, which fails: open again
        backend.get("vwn:x")
    assert backend.circuit.is_open


def test_a_redis_that_answers_again_closes_the_circuit(redis_cache):
    redis_cache.circuit.failed()
    redis_cache.circuit.open_until = 0.0  # its seconds have passed
    redis_cache.set("vwn:test", 1, 10)
    assert redis_cache.circuit.failures == 0
    assert redis_cache.get("vwn:test") == 1
