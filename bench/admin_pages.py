"""Time the editors' own pages against the plain Django admin, in one process.

Run by bench/peers.py with ``DJANGO_SETTINGS_MODULE=bench.settings`` on a copy of a bench
database: the project changelist and the change form of the first project, and the
changelist of a one-field model (``bench.onefield``) holding as many rows as there are
projects, all rendered by the same logged-in superuser through Django's test client
(the whole middleware stack, no network), the pages in turn in each of ``ROUNDS`` rounds.
Prints one JSON line: per page the median of its renders in milliseconds and its query
count.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.onefield.models import Note  # noqa: E402
from projects.models import Project  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ADMIN_ROUNDS", "30"))


def timed(client, pages):
    """{name: median ms, queries} of the pages {name: (url, settings)}, rendered in turn in
    every round (so that a change in the machine's load weighs on all of them alike), each
    with its settings."""
    durations = {name: [] for name in pages}
    for url, changed in pages.values():
        with override_settings(**changed):
            for _ in range(3):  # warm: templates compiled, caches filled
                assert client.get(url).status_code == 200, url
    for _ in range(ROUNDS):
        for name, (url, changed) in pages.items():
            with override_settings(**changed):
                started = time.perf_counter()
                client.get(url)
                durations[name].append((time.perf_counter() - started) * 1000)
    results = {}
    for name, (url, changed) in pages.items():
        with override_settings(**changed), CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[name] = {"ms": statistics.median(durations[name]), "queries": len(queries)}
    return results


def main():
    call_command("migrate", run_syncdb=True, verbosity=0)
    projects = Project.objects.count()
    if Note.objects.count() != projects:
        Note.objects.all().delete()
        Note.objects.bulk_create(Note(name=f"Notitie {n}") for n in range(projects))
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    first = Project.objects.order_by("pk").first()
    plain = reverse("admin:onefield_note_changelist")
    pages = {
        # The goal's baseline: the plain admin as Django renders it.
        "plain changelist": (plain, {}),
        "project changelist": (reverse("admin:projects_project_changelist"), {}),
        "project change form": (
            reverse("admin:projects_project_change", args=[first.pk]),
            {},
        ),
    }
    print(json.dumps(timed(client, pages)))


if __name__ == "__main__":
    main()
