"""Health checks for load balancers and process managers, each answering within a second.

- ``/healthz/live`` (liveness): 200 whenever the process answers; it asks nothing else,
  so a database or Redis outage never gets healthy workers restarted.
- ``/healthz/ready`` and ``/healthz`` (readiness): 200 while the database answers, 503 when
  it does not; the cache is reported (``"ok"``, or ``"degraded"`` when Redis does not
  answer or its circuit is open) but never fails readiness: pages are then rendered from
  the database, slower, never stale (``website.freshness``).

The database is asked in a thread of its own with a deadline (``HEALTH_CHECK_SECONDS``,
0.8 s): a database that hangs (frozen, packets dropped) makes the check answer 503 in time
instead of hanging with it, and while that query still waits, the next checks answer 503
at once. A database that the content clock's reader already knows to hang is not asked.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from website.freshness import knowledge

logger = logging.getLogger(__name__)

DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"


def select_one():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


class DatabaseCheck:
    """``SELECT 1`` in one thread of its own, waited for at most a deadline."""

    def __init__(self):
        self.lock = threading.Lock()
        self.executor = None
        self.pending = None

    def __call__(self, seconds):
        if settings.PAGE_CACHE_POLL_IN_THREAD and knowledge.database_hangs():
            raise TimeoutError("the database has not answered the content clock's reader")
        if not settings.HEALTH_CHECK_IN_THREAD:
            return select_one()
        with self.lock:
            if self.pending is not None and not self.pending.done():
                raise TimeoutError("the previous check is still waiting for the database")
            if self.executor is None:
                self.executor = ThreadPoolExecutor(1, thread_name_prefix="healthz")
            self.pending = self.executor.submit(self.run)
            pending = self.pending
        try:
            return pending.result(timeout=seconds)
        except FutureTimeout:
            raise TimeoutError(f"the database did not answer within {seconds} s") from None

    @staticmethod
    def run():
        try:
            select_one()
        except Exception:
            # Opened again at the next check (a restarted database, a dropped connection).
            connections["default"].close()
            raise


check_database = DatabaseCheck()


def check_cache():
    """A read proves the cache server answers; a missing key is a fine answer. It waits
    at most the cache's socket timeouts (0.1 s), or not at all while its circuit is open."""
    if settings.CACHES["default"]["BACKEND"] != DUMMY_CACHE:
        cache.get("vwn:healthz")


def result(check, *args):
    try:
        check(*args)
    except Exception as error:  # whatever the failure, the answer is "not healthy"
        logger.warning("Health check %s failed: %r", getattr(check, "__name__", check), error)
        return False
    return True


@never_cache
def liveness(request):
    return JsonResponse({"process": "ok"})


@never_cache
def readiness(request):
    database = result(check_database, settings.HEALTH_CHECK_SECONDS)
    answer = {
        "database": "ok" if database else "unavailable",
        "cache": "ok" if result(check_cache) else "degraded",
    }
    return JsonResponse(answer, status=200 if database else 503)


healthz = readiness
