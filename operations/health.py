"""/healthz for load balancers: 200 only when the database and the cache answer."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    """A read proves the cache server answers; a missing key is a fine answer."""
    if settings.CACHES["default"]["BACKEND"] != DUMMY_CACHE:
        cache.get("vwn:healthz")


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # whatever the failure, the answer is "not healthy"
            logger.warning("Health check %s failed: %r", name, error)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
