"""While the database hangs, a query that has waited as long as the content clock's
reader is ended by shutting its socket: the request fails clearly (503) instead of
waiting with a frozen server (website.freshness.end_waiting_queries)."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections

from website import freshness

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs on PostgreSQL (CI does)")
def test_a_query_waiting_for_the_database_is_ended():
    outcome = {}

    def waiting():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_sleep(10)")
            outcome["result"] = "answered"
        except OperationalError as error:
            outcome["result"] = error
        finally:
            connections["default"].close()

    thread = threading.Thread(target=waiting)
    started = time.monotonic()
    thread.start()
    time.sleep(0.5)
    freshness.end_waiting_queries(time.monotonic())
    thread.join(5)
    assert isinstance(outcome.get("result"), OperationalError)
    assert time.monotonic() - started < 2.0


def test_every_query_is_known_while_it_runs():
    with connection.cursor() as cursor:
        assert freshness.track_query in connection.execute_wrappers
        cursor.execute("SELECT 1")
    assert threading.get_ident() not in freshness._queries
