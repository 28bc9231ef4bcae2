"""gunicorn.conf.py: workers, address, and a fresh page cache for each new start."""

import runpy
from pathlib import Path

import pytest

from website import freshness

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def load(monkeypatch, **environment):
    # The file sets DATABASE_STATEMENT_TIMEOUT_MS for gunicorn's process: undone after
    # the test, so it never reaches later tests' subprocesses.
    for name in ("PORT", "BIND", "WEB_CONCURRENCY", "DATABASE_STATEMENT_TIMEOUT_MS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_gunicorn_listens_on_the_loopback_at_port(monkeypatch):
    assert load(monkeypatch, PORT="8123")["bind"] == "127.0.0.1:8123"


def test_gunicorn_runs_two_workers_per_core_plus_one(monkeypatch):
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    assert load(monkeypatch)["workers"] == 5
    assert load(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


# Transactional: the master closes its database connection after the change (the workers
# must not inherit it), which a test's open transaction would not survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_starting_gunicorn_makes_pages_of_the_previous_release_stale(monkeypatch):
    before = freshness.read_clock()
    load(monkeypatch)["on_starting"](None)
    assert freshness.read_clock()[1] > before[1]


def test_gunicorn_logs_each_request_with_its_id_in_the_sites_line_format(monkeypatch):
    import logging

    from operations.logs import Formatter

    config = load(monkeypatch)
    assert config["accesslog"] == "-"
    assert "%({x-request-id}o)s" in config["access_log_format"]
    formatters = config["logconfig_dict"]["formatters"]
    assert formatters["line"]["()"] == "operations.logs.Formatter"
    # gunicorn's access record: its message made from the atoms, which carry the id.
    atoms = {"h": "127.0.0.1", "r": "GET /nl/ HTTP/1.1", "s": "200", "{x-request-id}o": "f00d" * 8}
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, config["access_log_format"], (), None
    )
    record.args = {**atoms, "b": "10", "M": "3"}
    line = Formatter(json_lines=False).format(record)
    assert " INFO gunicorn.access [" + "f00d" * 8 + "] 127.0.0.1 " in line


@pytest.mark.django_db
def test_the_master_leaves_no_database_connection_to_its_workers(monkeypatch):
    """Workers are forked from the master: a connection it kept open would be one socket
    shared by every worker at once (mixed up answers, lost commits)."""
    from django.db import connections

    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    load(monkeypatch)["on_starting"](None)
    assert closed
