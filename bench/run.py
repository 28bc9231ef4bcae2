"""Benchmark the production server: `make bench` (see bench/README.md).

For the seed content and generated sites of 10, 100 and 1,000 projects it builds a SQLite
database, starts gunicorn on 127.0.0.1 with the production settings, and measures with
wrk (64 connections) the Dutch overview, a project page, the English overview and
/healthz, once with the page cache (Redis when it runs on 127.0.0.1:6379, else local
memory) and once with the page cache off (the same cache still holds the rendition
sizes, as in production). It prints one table with each page's throughput
as a share of /healthz on the same server.

Environment: BENCH_SIZES (default "seed,10,100,1000"), BENCH_DURATION (seconds for the
seed content, default 30), BENCH_SIZE_DURATION (seconds for the generated sizes, default
10), BENCH_CONNECTIONS (default 64), BENCH_PORT (default 8105), WEB_CONCURRENCY (workers).
"""

import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PORT = int(os.environ.get("BENCH_PORT", "8105"))
HOST = f"http://127.0.0.1:{PORT}"
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
# The generated sites measure how cost grows with size; their uncached overview of 1,000
# projects takes a quarter of a second of CPU, so fewer connections keep latency in bounds.
SIZE_CONNECTIONS = int(os.environ.get("BENCH_SIZE_CONNECTIONS", "16"))
SIZES = os.environ.get("BENCH_SIZES", "seed,10,100,1000").split(",")
SEED_SECONDS = int(os.environ.get("BENCH_DURATION", "30"))
SIZE_SECONDS = int(os.environ.get("BENCH_SIZE_DURATION", "10"))
REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/14"


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("Installing wrk with apt-get ...")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    apt = ["apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", "wrk"]
    subprocess.run([*sudo, *apt], check=True)


def redis_running():
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def base_environment(database):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CACHE_URL", "REDIS_URL", "DATABASE_URL", "PAGE_CACHE_ENABLED")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="vwn_projects.settings.production",
        SECRET_KEY="bench-only-secret-key-" + "b" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{PORT}",
        DATABASE_URL=f"sqlite:///{database}",
        STATIC_ROOT=str(DATA / "static"),
        MEDIA_ROOT=str(DATA / "media"),
        # Plain http on loopback, as behind the TLS proxy: no redirect to https.
        SECURE_SSL_REDIRECT="false",
        PORT=str(PORT),
    )
    return env


def manage(database, *args, quiet=True):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=base_environment(database),
        check=True,
        capture_output=quiet,
        text=True,
    )
    return result.stdout


def generate(database, size):
    """Fill ``database`` with a generated site of ``size`` projects (bench/content.py)."""
    subprocess.run(
        [PYTHON, "bench/content.py", "--projects", size, "--yes"],
        cwd=ROOT,
        env=base_environment(database),
        check=True,
        capture_output=True,
        text=True,
    )


def build_databases():
    """One SQLite file per size, from a migrated template (migrating once is enough)."""
    DATA.mkdir(parents=True, exist_ok=True)
    template = DATA / "template.sqlite3"
    template.unlink(missing_ok=True)
    log("Migrating the template database ...")
    manage(template, "migrate", "--no-input", "-v0")
    manage(template, "collectstatic", "--no-input", "-v0")
    databases = {}
    for size in SIZES:
        database = DATA / f"db-{size}.sqlite3"
        shutil.copyfile(template, database)
        started = time.monotonic()
        if size == "seed":
            manage(database, "load_seed_content")
        else:
            generate(database, size)
            # Bulk inserts skip the search index's upkeep (docs/public-site.md).
            manage(database, "rebuild_search_index")
        log(f"Built {database.name} in {time.monotonic() - started:.1f} s")
        databases[size] = database
    return databases


def project_url(database):
    code = (
        "from django.utils import translation; from projects.models import Project\n"
        "with translation.override('nl'):\n"
        "    print(Project.objects.published().order_by('pk').first().get_absolute_url())"
    )
    return manage(database, "shell", "-c", code).strip().splitlines()[-1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer 200 within {seconds} s")


class Server:
    def __init__(self, database, cached):
        self.log = DATA / f"gunicorn-{database.stem}-{'cached' if cached else 'uncached'}.log"
        self.env = base_environment(database)
        # A generous worker timeout for slow pages on a loaded machine (gunicorn's default
        # is 30 s), and no worker recycling during a measurement.
        self.env["GUNICORN_CMD_ARGS"] = "--timeout 300 --max-requests 0"
        if cached:
            self.env["CACHE_URL"] = REDIS_URL if redis_running() else "locmemcache://bench"
            # Explicit for local memory too: nobody edits during a benchmark.
            self.env["PAGE_CACHE_ENABLED"] = "true"
        else:
            # Every request renders its page; the cache still holds what production keeps
            # there besides pages (the sizes of image renditions), as it would in production.
            self.env["CACHE_URL"] = REDIS_URL if redis_running() else "locmemcache://bench"
            self.env["PAGE_CACHE_ENABLED"] = "false"

    def __enter__(self):
        self.process = subprocess.Popen(
            [GUNICORN, "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"),
            start_new_session=True,
        )
        try:
            wait_for(f"{HOST}/healthz")
        except BaseException:
            # A server that never came up must not keep the port for the next run.
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)
        # Let the port and the CPU settle before the next server.
        time.sleep(2)


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else None


def worker_cpu_ms(master_pid):
    """CPU time (user + system, ms) used so far by gunicorn's workers (Linux /proc).

    Throughput on a busy machine moves with everything else running on it; the CPU time
    the workers spend per request does not, so it is reported as well."""
    if TICK_MS is None or not Path("/proc").exists():
        return None

    def times(stat):
        # After the command name: state, ppid, ...; utime, stime, cutime, cstime are
        # fields 14-17 of /proc/<pid>/stat.
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return int(fields[1]), [int(n) for n in fields[11:15]]

    # Workers that ended (and were waited for) count in the master's cutime and cstime.
    _ppid, (_utime, _stime, cutime, cstime) = times(Path(f"/proc/{master_pid}/stat"))
    total = cutime + cstime
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid, (utime, stime, _cutime, _cstime) = times(stat)
        except (OSError, IndexError, ValueError):
            continue
        if ppid == master_pid:
            total += utime + stime
    return total * TICK_MS


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url, seconds, connections, server=None):
    cpu_before = worker_cpu_ms(server.process.pid) if server else None
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, os.cpu_count() or 1)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "120s",
            "--latency",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    cpu = None
    if cpu_before is not None and requests:
        cpu = (worker_cpu_ms(server.process.pid) - cpu_before) / requests
    return {
        "cpu": cpu,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(percentiles["50"]),
        "p99": to_ms(percentiles["99"]),
        "requests": requests,
        "errors": errors,
    }


def average_cpu(*results):
    measured = [(r["cpu"], r["requests"]) for r in results if r["cpu"] is not None]
    if not measured:
        return None
    return sum(cpu * n for cpu, n in measured) / sum(n for _cpu, n in measured)


def page_size(url):
    with urllib.request.urlopen(url, timeout=600) as response:
        return len(response.read())


def measure(size, database):
    seconds = SEED_SECONDS if size == "seed" else SIZE_SECONDS
    connections = CONNECTIONS if size == "seed" else SIZE_CONNECTIONS
    pages = [
        ("overview nl", "/nl/"),
        ("project nl", project_url(database)),
        ("overview en", "/en/"),
    ]
    rows = []
    for mode in ("cached", "uncached"):
        with Server(database, cached=mode == "cached") as server:
            cache = server.env["CACHE_URL"].split(":")[0]
            run_wrk(HOST + "/healthz", 3, connections)  # warm up the workers, not recorded
            # /healthz is measured half before and half after the pages, so a change in
            # the machine's load during the run weighs on both sides of the ratio.
            first = run_wrk(HOST + "/healthz", max(1, seconds // 2), connections, server)
            measured = []
            for name, path in pages:
                url = HOST + path
                kb = page_size(url) / 1024  # also fills the cache
                conns = connections
                log(f"{size:>5} {mode:<8} {name:<12} {seconds} s, {conns} connections")
                result = run_wrk(url, seconds, conns, server)
                result["connections"] = conns
                log(f"      {result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms")
                measured.append((name, kb, result))
            last = run_wrk(HOST + "/healthz", max(1, seconds // 2), connections, server)
            healthz = {
                "rps": (first["rps"] + last["rps"]) / 2,
                "p50": (first["p50"] + last["p50"]) / 2,
                "p99": max(first["p99"], last["p99"]),
                "requests": first["requests"] + last["requests"],
                "errors": first["errors"] + last["errors"],
                "cpu": average_cpu(first, last),
            }
            healthz["connections"] = connections
            for name, kb, result in [("/healthz", 0.0, healthz), *measured]:
                row = {"size": size, "mode": mode, "cache": cache, "page": name, "kb": kb}
                rows.append(row | result)
    return rows


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    workers = os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2 + 1))
    load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}, load average at the end {load}; "
        f"{platform.platform()}; "
        f"Python {platform.python_version()}; gunicorn {workers} sync workers; "
        "wrk on the same machine"
    )


def table(rows):
    lines = [
        "| size | mode | cache | page | KB | conns | req/s | p50 ms | p99 ms | errors "
        "| vs /healthz | CPU ms/req | CPU vs /healthz |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    baseline, cpu_baseline = {}, {}
    for row in rows:
        if row["page"] == "/healthz":
            baseline[row["size"], row["mode"]] = row["rps"]
            cpu_baseline[row["size"], row["mode"]] = row["cpu"]
        ratio = row["rps"] / baseline[row["size"], row["mode"]]
        healthz_cpu = cpu_baseline[row["size"], row["mode"]]
        cpu, cpu_ratio = "", ""
        if row["cpu"] and healthz_cpu:
            cpu, cpu_ratio = f"{row['cpu']:.2f}", f"{healthz_cpu / row['cpu']:.0%}"
        lines.append(
            f"| {row['size']} | {row['mode']} | {row['cache']} | {row['page']} | "
            f"{row['kb']:.1f} | {row['connections']} | {row['rps']:.1f} | {row['p50']:.1f} | "
            f"{row['p99']:.1f} | "
            f"{row['errors']} | {ratio:.0%} | {cpu} | {cpu_ratio} |"
        )
    return "\n".join(lines)


def main():
    # Stopped from outside: leave through the Server context, which stops gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    ensure_wrk()
    started = time.monotonic()
    databases = build_databases()
    rows = []
    for size, database in databases.items():
        rows.extend(measure(size, database))
        (DATA / "results.md").write_text(table(rows) + "\n")  # partial results survive
    report = (
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}.\n"
        f"Durations: {SEED_SECONDS} s per row with {CONNECTIONS} connections for the seed "
        f"content, {SIZE_SECONDS} s with {SIZE_CONNECTIONS} connections for the generated "
        f"sizes.\n\n{table(rows)}\n"
    )
    (DATA / "results.md").write_text(report)
    print(report)
    log(f"Total {time.monotonic() - started:.0f} s; table saved in {DATA / 'results.md'}")


if __name__ == "__main__":
    main()
