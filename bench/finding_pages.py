"""The pages rendered on every request whatever the cache (issue 27), timed in one process.

    .venv/bin/python bench/finding_pages.py seed          # bench/data/db-seed.sqlite3
    .venv/bin/python bench/finding_pages.py 1000 --profile list-filtered

Renders the search, the filtered projects list and a page of the JSON API (the
``FINDING_PAGES`` of ``bench/peers.py``) of a database built by ``make bench`` through
Django's test client (production settings, page cache off, the whole middleware stack,
no network), in turn for ``--rounds`` rounds after three warm-up renders each. Prints per
page its bytes, queries and median render time; ``--profile PAGE`` prints the cProfile
of that page's renders instead.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "search": "/nl/zoeken/?q=vluchtelingen",
    "list-filtered": "/nl/projecten/?status=current&theme=15136",
    "api-projects": "/api/v1/projects?lang=nl",
    "overview": "/nl/",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="seed, 10, 100 or 1000 (bench/data/db-SIZE.sqlite3)")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--profile", choices=sorted(PAGES))
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()

    from bench.run import DATA, base_environment

    os.environ.update(base_environment(DATA / f"db-{args.size}.sqlite3"))
    os.environ["PAGE_CACHE_ENABLED"] = "false"
    import django

    django.setup()
    from django.test import Client

    from bench.overview_growth import time_pages

    client = Client(HTTP_HOST="127.0.0.1")
    pages = {name: PAGES[name] for name in args.pages.split(",")}
    if args.profile:
        url = PAGES[args.profile]
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.rounds):
            client.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        return
    results = time_pages(client, pages, args.rounds)
    print(f"size {args.size}, load average {os.getloadavg()[0]:.2f}")
    print("| page | bytes | queries | ms (median) | ms (min) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, found in results.items():
        print(
            f"| {name} | {found['bytes']:,} | {found['queries']} | "
            f"{statistics.median(found['ms']):.2f} | {min(found['ms']):.2f} |"
        )


if __name__ == "__main__":
    main()
