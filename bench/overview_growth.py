"""How the uncached overview grows from 10 to 1,000 projects, in one process.

    .venv/bin/python bench/overview_growth.py            # builds bench/data/growth-*.sqlite3
    .venv/bin/python bench/overview_growth.py --reuse    # the databases of an earlier run

For each size a SQLite database with the benchmark's content (``bench/content.py``: the
10- and 1,000-project sites of ``make bench``) is made with the production settings and
the page cache off, then both overviews (Dutch and English) of both sizes are rendered in
turn through Django's test client (the whole middleware stack, no network) for
``ROUNDS`` rounds after three warm-up renders each, so that a change in the machine's load
weighs on all of them alike. One process per size: two databases cannot share one set of
settings. Prints per page its bytes, queries and the median and quartiles of its render
times, and the ratios of 1,000 to 10 projects (the goal of issue 27: at most 1.5).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SIZES = (10, 1000)
ROUNDS = int(os.environ.get("BENCH_GROWTH_ROUNDS", "40"))


def database(size):
    return DATA / f"growth-{size}.sqlite3"


def environment(size):
    """The benchmark's production environment (bench/run.py) with the page cache off."""
    from bench.run import base_environment

    return {**base_environment(database(size)), "PAGE_CACHE_ENABLED": "false"}


def build(size):
    from bench.run import generate, manage

    DATA.mkdir(parents=True, exist_ok=True)
    database(size).unlink(missing_ok=True)
    manage(database(size), "migrate", "-v", "0")
    manage(database(size), "collectstatic", "--no-input", "-v0")
    generate(database(size), str(size))


def serve(size, rounds):
    """Run in a child process (``--child``): time this size's two overviews, print JSON."""
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    pages = {language: f"/{language}/" for language in ("nl", "en")}
    results = time_pages(client, pages, rounds)
    print(json.dumps(results))


def time_pages(client, pages, rounds):
    """{name: {"bytes", "queries", "ms": [one per round]}} of ``pages`` ({name: url})
    rendered by the test ``client``: three warm-up renders each, then ``rounds`` rounds
    in turn (also ``bench/finding_pages.py``)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for name, url in pages.items():
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        results[name] = {"bytes": len(response.content), "queries": len(queries), "ms": []}
    for _ in range(rounds):
        for name, url in pages.items():
            started = time.perf_counter()
            client.get(url)
            results[name]["ms"].append((time.perf_counter() - started) * 1000)
    return results


def measure(rounds):
    """Both sizes in turn, one child process each, in ``rounds`` short bursts each, so that
    the machine's load weighs on both alike."""
    merged = {}
    for _ in range(rounds // 5):
        for size in SIZES:
            output = subprocess.run(
                [sys.executable, __file__, "--child", str(size), "--rounds", "5"],
                cwd=ROOT,
                env=environment(size),
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for language, found in json.loads(output.splitlines()[-1]).items():
                page = merged.setdefault((size, language), {**found, "ms": []})
                page["ms"] += found["ms"]
    return merged


def quartiles(values):
    q1, median, q3 = statistics.quantiles(values, n=4)
    return q1, median, q3


def report(merged):
    print("| projects | page | bytes | queries | ms (median) | quartiles |")
    print("| ---: | --- | ---: | ---: | ---: | --- |")
    for (size, language), page in sorted(merged.items()):
        q1, median, q3 = quartiles(page["ms"])
        print(
            f"| {size} | /{language}/ | {page['bytes']:,} | {page['queries']} | {median:.1f} "
            f"| {q1:.1f}–{q3:.1f} |"
        )
    for language in ("nl", "en"):
        small, large = merged[(SIZES[0], language)], merged[(SIZES[-1], language)]
        print(
            f"/{language}/ 1,000 vs 10 projects: bytes ×{large['bytes'] / small['bytes']:.2f}, "
            f"render time ×{statistics.median(large['ms']) / statistics.median(small['ms']):.2f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep the databases of a run")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    if args.child:
        serve(args.child, args.rounds)
        return
    for size in SIZES:
        if not (args.reuse and database(size).exists()):
            build(size)
    report(measure(args.rounds))


if __name__ == "__main__":
    main()
