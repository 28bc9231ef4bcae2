"""The site beside its peers, in one run: `make bench` (see bench/README.md).

Sets up the peers of ../shared/perf-anchors (plain Django and Wagtail serving the seed
content) into bench/data/, builds one SQLite database per size (seed content, and 10, 100
and 1,000 generated projects), and hands the peers' servers and this site's servers to
the anchors' own bench.sh, so that every figure comes from the same run and every goal is
a ratio within it:

- cached public pages (page cache on, Redis) against plain Django's ``/hello/``, and the
  largest (the 1 MB overview of 1,000 projects) in bytes per second against whitenoise's
  static file; with the seed also on a second app server (``second``: a server of its own
  on the same database and Redis, as a second machine would be, the first one running);
- cold pages (page cache off) against plain Django's ``/overview/``;
- the editors' own pages, timed in one process by bench/admin_pages.py, against the plain
  Django admin's changelist of a one-field model;
- publishing while visitors read (bench/faults.py on a production-like server of its own:
  PostgreSQL, Redis, Varnish): ``/nl/`` with an editor saving once a second against the
  same site quiet, and through Varnish against gunicorn direct.

Environment: BENCH_SIZES (default "seed,10,100,1000"), BENCH_PUBLISHING (default 1: the
publishing figures; 0 skips them), and bench.sh's DURATION, ROUNDS,
CONNS, WORKERS (defaults 10s, 2, 16, 2, as the anchors were measured).
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402
    DATA,
    PYTHON,
    ROOT,
    base_environment,
    build_databases,
    ensure_wrk,
    log,
    manage,
    redis_running,
)

ANCHORS = ROOT.parent / "shared" / "perf-anchors"
PERF_VENV = DATA / "perf-venv"
PERF_DATA = DATA / "perf-data"
BIN = Path(sys.executable).parent
# One Redis database per server (6 to 14: Redis has 16), each with its own content version
# and pages, emptied before each run so no page of an earlier run is served.
FIRST_REDIS_DB = 6
# The sizes measured in one bench.sh run each, beside the peers. The 1,000-project pages
# get a run of their own with a longer pause between URLs: their uncached overview takes
# seconds, and the requests still queued when wrk stops would otherwise load the next URL.
GROUPS = [("seed", "10", "100"), ("1000",)]
SLOW_PAUSE = "10"

# Goals of the issue, per kind of row.
CACHED_GOAL = 0.8
COLD_GOAL = 1.0
ADMIN_GOAL = 3.0
# A cached page this large (the overviews of 100 and 1,000 projects, 0.4 and 1 MB) is bound
# by bytes, not by the request: it is compared with whitenoise's static file in bytes/s.
BYTES_BOUND = 100_000
# Which servers each size gets (BENCH_MODES=cold: only the uncached ones, for a shorter
# run of the pages that are never cached) and whether the editors' pages are timed.
MODES = os.environ.get("BENCH_MODES", "cached,second,cold").split(",")
ADMIN = os.environ.get("BENCH_ADMIN", "1") == "1"
PUBLISHING = os.environ.get("BENCH_PUBLISHING", "1") == "1"
# Issue 24: with an editor saving once a second, visitors' throughput and p99 against the
# quiet site; Varnish against gunicorn direct.
SAVING_THROUGHPUT_GOAL = 0.7
SAVING_P99_GOAL = 3.0
VARNISH_GOAL = 5.0
# Pages rendered on every request whatever the cache (issue 27): a search, a filtered
# list and a page of the JSON API, measured on the uncached servers.
FINDING_PAGES = [
    ("search", "/nl/zoeken/?q=vluchtelingen"),
    ("list-filtered", "/nl/projecten/?status=current&theme=15136"),
    ("api-projects", "/api/v1/projects?lang=nl"),
]


def setup_peers():
    marker = PERF_DATA / ".ready"
    if marker.exists():
        return
    log("Setting up the peers (plain Django, Wagtail) in bench/data/ ...")
    env = dict(os.environ, PERF_VENV=str(PERF_VENV), PERF_DATA=str(PERF_DATA), LOCK="1")
    subprocess.run(["bash", str(ANCHORS / "setup.sh")], env=env, check=True)
    marker.touch()


def urls_of(database):
    """A project page and a country page of the site in ``database`` (Dutch)."""
    code = (
        "from django.utils import translation\n"
        "from projects.models import Country, Project\n"
        "with translation.override('nl'):\n"
        "    print(Project.objects.published().order_by('pk').first().get_absolute_url())\n"
        "    print(Country.objects.order_by('sort_order', 'pk').first().get_absolute_url())"
    )
    project, country = manage(database, "shell", "-c", code).strip().splitlines()[-2:]
    return project, country


def server_line(name, database, cached, redis_db):
    env = base_environment(database)
    keep = {
        key: env[key]
        for key in (
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SITE_URL",
            "DATABASE_URL",
            "STATIC_ROOT",
            "MEDIA_ROOT",
            "SECURE_SSL_REDIRECT",
        )
    }
    if redis_running():
        keep["CACHE_URL"] = f"redis://127.0.0.1:6379/{redis_db}"
    keep["PAGE_CACHE_ENABLED"] = "true" if cached else "false"
    words = " ".join(f"{key}={value}" for key, value in keep.items())
    return f"server {name} {BIN} {ROOT} vwn_projects.wsgi:application {words}"


def flush_redis(database_number):
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=database_number).flushdb()


def write_conf(databases, name, first_redis_db):
    """bench/data/<name>.conf: this site's servers and URLs, added to the anchors' run;
    returns it and the number of servers (each has a Redis database from first_redis_db)."""
    lines = ["# Written by bench/peers.py; read by ../shared/perf-anchors/bench.sh."]
    redis_of = {}
    for size, database in databases.items():
        project, country = urls_of(database)
        modes = [m for m in ("cached", "cold") if m in MODES]
        if size == "seed" and "second" in MODES and "cached" in MODES:
            modes.insert(1, "second")
        for mode in modes:
            server = f"site-{size}-{mode}"
            if mode == "second":
                # The same database and Redis as the first server: a second machine.
                redis_db = redis_of[f"site-{size}-cached"]
            else:
                redis_db = redis_of[server] = first_redis_db + len(redis_of)
                if redis_running():
                    flush_redis(redis_db)
            lines.append(server_line(server, database, mode != "cold", redis_db))
            pages = [("overview-nl", "/nl/"), ("project", project), ("country", country)]
            if mode == "cached":
                pages.insert(1, ("overview-en", "/en/"))
            elif mode == "second":
                pages = pages[:2]
            else:
                pages += FINDING_PAGES
            for page, path in pages:
                label = f"{server}-{page}"
                lines.append(f"url {label} {server} {path}")
                lines.append(f"ratio {label} {peer_of(mode)}")
    conf = DATA / f"{name}.conf"
    conf.write_text("\n".join(lines) + "\n")
    return conf, len(redis_of)


def peer_of(mode):
    """The peer a page of a server in ``mode`` is measured against."""
    return "dj-overview" if mode == "cold" else "dj-hello"


def run_peers(conf, **settings):
    out = DATA / "peers" / time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    env = dict(os.environ, PERF_VENV=str(PERF_VENV), PERF_DATA=str(PERF_DATA), OUT=str(out))
    env.update(settings)
    subprocess.run(
        ["bash", str(ANCHORS / "bench.sh"), str(ANCHORS / "targets.conf"), str(conf)],
        env=env,
        check=True,
        # Not the project folder: gunicorn would read its gunicorn.conf.py for the peers too.
        cwd=DATA,
    )
    return json.loads((out / "summary.json").read_text()), out


def admin_timings(databases):
    """bench/admin_pages.py per size, in its own process (its settings add the one-field
    model of the plain admin)."""
    results = {}
    for size in ("seed", "1000"):
        if size not in databases:
            continue
        copy = DATA / f"admin-{size}.sqlite3"
        shutil.copyfile(databases[size], copy)
        env = base_environment(copy)
        env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        completed = subprocess.run(
            [PYTHON, "bench/admin_pages.py"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        results[size] = json.loads(completed.stdout.strip().splitlines()[-1])
    return results


def publishing_figures():
    """bench/faults.py's measurements of publishing under load, in a process of its own."""
    results = DATA / "publishing.json"
    results.unlink(missing_ok=True)
    log("Publishing while visitors read (bench/faults.py) ...")
    subprocess.run(
        [
            PYTHON,
            "bench/faults.py",
            "--faults",
            "editor-1s-update,editor-1s,varnish",
            "--seconds",
            "15",
            "--json",
            str(results),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(results.read_text())


def publishing_table(figures):
    lines = [
        "| case | quiet req/s | p99 ms | busy req/s | p99 ms | throughput | p99 | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for figure in figures:
        if figure["fault"] == "varnish":
            if "skipped" in figure:
                lines.append(f"| varnish | | | | | | | {figure['skipped']} |")
                continue
            direct, front = figure["direct"], figure["varnish"]
            lines.append(
                f"| through Varnish (quiet: gunicorn direct) | {direct['requests_per_s']} | "
                f"{direct['p99_ms']} | {front['requests_per_s']} | {front['p99_ms']} | "
                f"{figure['ratio']}× | | ≥ {VARNISH_GOAL}×: "
                f"{verdict(figure['ratio'], VARNISH_GOAL)} |"
            )
            continue
        quiet, busy = figure["quiet"], figure["busy"]
        goal = (
            f"throughput ≥ {SAVING_THROUGHPUT_GOAL}: "
            f"{verdict(figure['throughput_ratio'], SAVING_THROUGHPUT_GOAL)}; "
            f"p99 ≤ {SAVING_P99_GOAL}×: "
            f"{verdict(figure['p99_ratio'], SAVING_P99_GOAL, higher_is_better=False)}"
        )
        lines.append(
            f"| {figure['fault']} ({busy['saves']} saves) | {quiet['requests_per_s']} | "
            f"{quiet['p99_ms']} | {busy['requests_per_s']} | {busy['p99_ms']} | "
            f"{figure['throughput_ratio']} | {figure['p99_ratio']}× | {goal} |"
        )
    return "\n".join(lines) + "\n"


def verdict(value, goal, higher_is_better=True):
    met = value >= goal if higher_is_better else value <= goal
    return "met" if met else f"not met (distance {abs(goal - value):.2f})"


def report(summary, rows, out):
    data = {row["label"]: row for row in summary["rows"]}
    hello = data["dj-hello"]["rps_median"]
    overview = data["dj-overview"]["rps_median"]
    static = data["dj-static"]
    static_bytes_per_second = static["rps_median"] * static["bytes"]
    lines = [
        "| size | mode | page | bytes | req/s | vs dj /hello/ | vs dj /overview/ | "
        "bytes/s vs dj static | goal |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for peer in ("dj-hello", "dj-overview", "wt-projects", "dj-static"):
        row = data[peer]
        lines.append(
            f"| peer | | {peer} `{row['path']}` | {row['bytes']} | {row['rps_median']:.0f} | "
            f"{row['rps_median'] / hello:.3f} | {row['rps_median'] / overview:.2f} | | |"
        )
    for label, size, mode, page, _peer in rows:
        row = data[label]
        rps = row["rps_median"] or 0
        to_hello, to_overview = rps / hello, rps / overview
        to_static = rps * row["bytes"] / static_bytes_per_second
        errors = row["non2xx"] + row["sockerr"]
        if mode != "cold" and row["bytes"] >= BYTES_BOUND:
            goal = f"≥ {CACHED_GOAL} of static bytes/s: {verdict(to_static, CACHED_GOAL)}"
        elif mode != "cold":
            goal = f"≥ {CACHED_GOAL} of /hello/: {verdict(to_hello, CACHED_GOAL)}"
        else:
            goal = f"≥ {COLD_GOAL} of /overview/: {verdict(to_overview, COLD_GOAL)}"
        if errors:
            goal += f"; {errors} errors"
        lines.append(
            f"| {size} | {mode} | {page} | {row['bytes']} | {rps:.0f} | {to_hello:.3f} | "
            f"{to_overview:.2f} | {to_static:.2f} | {goal} |"
        )
    env_text = (out / "env.txt").read_text()
    return "\n".join(lines) + "\n\n```\n" + env_text + "```\n"


def admin_table(admin):
    lines = [
        "| size | admin page | ms (median) | queries | vs plain admin changelist | goal |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for size, pages in admin.items():
        baseline = pages["plain changelist"]["ms"]
        for page, figures in pages.items():
            ratio = figures["ms"] / baseline
            goal = (
                ""
                if page.startswith("plain changelist")
                else f"≤ {ADMIN_GOAL}: " + verdict(ratio, ADMIN_GOAL, higher_is_better=False)
            )
            lines.append(
                f"| {size} | {page} | {figures['ms']:.1f} | {figures['queries']} | "
                f"{ratio:.2f} | {goal} |"
            )
    return "\n".join(lines) + "\n"


def rows_of(out):
    """The (label, size, mode, page, peer) of the site's URLs in a bench.sh results folder."""
    rows = []
    for line in (out / "urls.tsv").read_text().splitlines():
        label = line.split("\t")[0]
        if not label.startswith("site-"):
            continue
        _site, size, mode, page = label.split("-", 3)
        rows.append((label, size, mode, page, peer_of(mode)))
    return rows


def write_report(outs, admin, publishing=()):
    tables = [
        report(json.loads((out / "summary.json").read_text()), rows_of(out), out) for out in outs
    ]
    text = "\n".join(tables) + "\n" + admin_table(admin)
    if publishing:
        text += "\n" + publishing_table(publishing)
    (DATA / "results.md").write_text(text)
    (DATA / "last-run.json").write_text(
        json.dumps({"outs": [str(o) for o in outs], "admin": admin, "publishing": publishing})
    )
    print(text)


def main():
    if sys.argv[1:] == ["--report"]:
        # The table again from the last run's raw results (after changing the report).
        last = json.loads((DATA / "last-run.json").read_text())
        write_report([Path(out) for out in last["outs"]], last["admin"], last.get("publishing", ()))
        return
    ensure_wrk()
    started = time.monotonic()
    setup_peers()
    databases = build_databases()
    outs = []
    first_redis_db = FIRST_REDIS_DB
    for group in GROUPS:
        sizes = {size: databases[size] for size in group if size in databases}
        if not sizes:
            continue
        name = "site-" + "-".join(sizes)
        conf, servers = write_conf(sizes, name, first_redis_db)
        first_redis_db += servers
        log(f"Running the peers and the site with {conf} ...")
        settings = {"PAUSE": os.environ.get("PAUSE", SLOW_PAUSE)} if "1000" in sizes else {}
        _summary, out = run_peers(conf, **settings)
        outs.append(out)
    write_report(
        outs,
        admin_timings(databases) if ADMIN else {},
        publishing_figures() if PUBLISHING else (),
    )
    log(f"Total {time.monotonic() - started:.0f} s; table in bench/data/results.md")


if __name__ == "__main__":
    main()
