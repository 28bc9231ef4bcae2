"""Faults under load: the production server while its database, cache and workers fail.

    .venv/bin/python bench/faults.py [--base-port 8515] [--seconds 30] [--check]

Starts its own PostgreSQL (initdb/pg_ctl into a temporary folder) and Redis on free ports
next to ``--base-port`` (never the machine's shared servers), loads the seed content, and
runs gunicorn with the production settings against them. Then, for each fault, wrk sends
public traffic (every page of the sitemap, both languages) while a second client saves
edits through the admin (it adds funding sources, each with a unique name) and a probe
asks for a cached page, an uncached page and /healthz ten times a second:

- redis: Redis is stopped (SHUTDOWN NOSAVE) for 10 s, then started again, empty;
- redis-hang: Redis is frozen (SIGSTOP) for 10 s: it accepts connections and never answers;
- postgres: PostgreSQL is restarted (pg_ctl restart -m fast);
- postgres-freeze: every PostgreSQL process is frozen (SIGSTOP) for 15 s;
- worker: a gunicorn worker is killed with SIGKILL while it serves requests (three times,
  3 s apart);
- two-machines: a second gunicorn from a folder of its own (the same PostgreSQL and
  Redis); a project's title is changed five times by ``manage.py shell`` and the seconds
  until every answer of the second server shows it are reported (``--check``: each ≤ 1 s);
- editor-1s: wrk on /nl/ alone, quiet and while the admin saves once a second (throughput
  and p99 ratios);
- editor-1s-update: the same while a published project shown on /nl/ gets a new title
  once a second (``manage.py shell``): every save makes /nl/ stale;
- varnish: /nl/ through Varnish (deploy/varnish.vcl, when varnishd is installed) against
  the app server direct.

Per fault it reports the public requests answered and failed (wrk, per second), how long
each probe failed and how long the site took to recover after the fault ended, and every
admin save: committed (the admin said so and the row is in the database), refused with a
clear message (a 503 page or the form again), or not answered at all (the connection
dropped); a save the admin confirmed that is not in the database is *lost*. ``--check``
exits 1 on a lost save, a 500 page, or a probe still failing at the end (for CI).
Everything it starts is stopped at the end. Figures in bench/README.md.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent.parent
PYTHON = str(HERE / ".venv" / "bin" / "python")
GUNICORN = str(HERE / ".venv" / "bin" / "gunicorn")
# The checkout whose code is run (--project: e.g. an export of main, for figures before a fix).
ROOT = HERE
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
ADMIN_USER, ADMIN_PASSWORD = "faults", "faults-only-password-4f9a"
WRK_SCRIPT = r"""
local paths = {PATHS}
local counter = 0
-- "second status" -> count; global, so that done() can read it from every thread.
counts = {}
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
response = function(status, headers, body)
  local key = os.time() .. " " .. status
  counts[key] = (counts[key] or 0) + 1
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("counts")) do
      merged[key] = (merged[key] or 0) + count
    end
  end
  local parts = {}
  for key, count in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', key, count))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "errors": {"connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d}, "p99_ms": %.1f, "counts": {%s}}\n',
    summary.requests, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(99) / 1000, table.concat(parts, ", ")))
end
"""


def free_port(preferred):
    for port in range(preferred, preferred + 200):
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def wait_for_port(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


class Servers:
    """The private PostgreSQL, Redis and gunicorn this script starts and stops."""

    def __init__(self, base_port, folder):
        self.folder = folder
        self.pg_port = free_port(base_port)
        self.redis_port = free_port(self.pg_port + 1)
        self.web_port = free_port(self.redis_port + 1)
        self.pg_data = folder / "pg"
        self.redis = self.gunicorn = None
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    # PostgreSQL -------------------------------------------------------------------------
    def pg(self, tool, *args, check=True):
        return subprocess.run(
            [*self.as_postgres, str(PG_BIN[-1] / tool), *args],
            check=check,
            capture_output=True,
            text=True,
        )

    def start_postgres(self):
        self.pg_data.mkdir()
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.pg_data, "postgres")
        self.pg("initdb", "-D", str(self.pg_data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.pg_start()
        self.pg("createdb", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "vwn")

    def pg_ctl(self, *action):
        options = f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        log = str(self.folder / "pg.log")
        self.pg("pg_ctl", "-D", str(self.pg_data), "-o", options, "-l", log, "-w", *action)

    def pg_start(self):
        self.pg_ctl("start")

    def pg_restart(self):
        self.pg_ctl("-m", "fast", "restart")

    # Redis ------------------------------------------------------------------------------
    def start_redis(self):
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for_port(self.redis_port):
            raise RuntimeError("Redis did not start")

    def stop_redis(self):
        subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), "shutdown", "nosave"], capture_output=True
        )
        self.redis.wait(timeout=10)

    # The site ---------------------------------------------------------------------------
    def environment(self):
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("CACHE_URL", "REDIS_URL", "DATABASE_URL", "PAGE_CACHE_ENABLED")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="vwn_projects.settings.production",
            SECRET_KEY="faults-only-secret-key-" + "f7" * 20,
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{self.web_port}",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.pg_port}/vwn",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            STATIC_ROOT=str(self.folder / "static"),
            MEDIA_ROOT=str(self.folder / "media"),
            SECURE_SSL_REDIRECT="false",
            # The admin client speaks plain http on the loopback.
            BIND=f"127.0.0.1:{self.web_port}",
            WEB_CONCURRENCY="3",
        )
        if getattr(self, "varnish_port", None):
            env["FRONT_CACHE_URLS"] = f"http://127.0.0.1:{self.varnish_port}"
        return env

    def manage(self, *args, **extra):
        subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env={**self.environment(), **extra},
            check=True,
            capture_output=True,
            text=True,
        )

    def prepare_site(self):
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")
        self.manage("load_seed_content")
        self.manage(
            "createsuperuser",
            "--no-input",
            "--username",
            ADMIN_USER,
            "--email",
            "faults@example.org",
            DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
        )

    def start_gunicorn(self):
        self.log = open(self.folder / "gunicorn.log", "w")  # noqa: SIM115 (closed in stop)
        self.gunicorn = subprocess.Popen(
            [GUNICORN, "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.environment(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        if not wait_for_port(self.web_port, 60):
            raise RuntimeError("gunicorn did not start; see " + str(self.folder / "gunicorn.log"))

    def postgres_pids(self):
        """The postmaster and all its children."""
        postmaster = int((self.pg_data / "postmaster.pid").read_text().split()[0])
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
        return [postmaster, *map(int, children)]

    def start_varnish(self):
        """deploy/varnish.vcl in front of the app server (when varnishd is installed)."""
        self.varnish_port = free_port(self.web_port + 20)
        vcl = self.folder / "varnish.vcl"
        vcl.write_text(
            (ROOT / "deploy" / "varnish.vcl").read_text().replace('"8000"', f'"{self.web_port}"')
        )
        self.varnish = subprocess.Popen(
            [
                "varnishd", "-F", "-j", "none", "-T", "none", "-s", "malloc,256m",
                "-a", f"127.0.0.1:{self.varnish_port}", "-f", str(vcl),
                "-n", str(self.folder / "varnish"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def start_second_machine(self):
        """A second app server from a working folder of its own, as on another machine:
        the same database and Redis, nothing else shared."""
        self.second_port = free_port(self.web_port + 1)
        folder = self.folder / "machine-b"
        folder.mkdir()
        self.second_log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (closed in stop)
        self.second = subprocess.Popen(
            [GUNICORN, "--config", str(ROOT / "gunicorn.conf.py")],
            cwd=folder,
            env={
                **self.environment(),
                "BIND": f"127.0.0.1:{self.second_port}",
                "PYTHONPATH": str(ROOT),
                "WEB_CONCURRENCY": "2",
            },
            stdout=self.second_log,
            stderr=subprocess.STDOUT,
        )
        if not wait_for_port(self.second_port, 60):
            raise RuntimeError("the second gunicorn did not start")

    def workers(self):
        children = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self):
        varnish = getattr(self, "varnish", None)
        if varnish is not None and varnish.poll() is None:
            varnish.terminate()
            varnish.wait(timeout=30)
        second = getattr(self, "second", None)
        if second is not None and second.poll() is None:
            second.send_signal(signal.SIGTERM)
            try:
                second.wait(timeout=30)
            except subprocess.TimeoutExpired:
                second.kill()
            self.second_log.close()
        if self.gunicorn and self.gunicorn.poll() is None:
            self.gunicorn.send_signal(signal.SIGTERM)
            try:
                self.gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.gunicorn.kill()
            self.log.close()
        if self.redis and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)
        if (self.pg_data / "postmaster.pid").exists():
            self.pg("pg_ctl", "-D", str(self.pg_data), "-m", "immediate", "stop", check=False)


# Clients ------------------------------------------------------------------------------


def request(port, method, path, body=None, headers=None, timeout=10):
    """(status, headers, body) or (None, error text) for a connection that failed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    except (OSError, http.client.HTTPException) as error:
        return None, type(error).__name__, b""
    finally:
        connection.close()


class Probe(threading.Thread):
    """Ten requests a second to each of a cached page, an uncached page and /healthz."""

    PATHS = {
        "cached page": "/nl/",
        # The list reads its filters: a filtered list is rendered for every request.
        "uncached page": "/en/projects/?year={n}",
        "healthz": "/healthz/ready",
    }

    def __init__(self, port, stop):
        super().__init__(daemon=True)
        self.port, self.stop, self.samples = port, stop, []

    def run(self):
        n = 0
        while not self.stop.is_set():
            for kind, path in self.PATHS.items():
                n += 1
                status, *_ = request(self.port, "GET", path.format(n=n), timeout=5)
                self.samples.append((time.time(), kind, status))
            time.sleep(0.1)


class Editor(threading.Thread):
    """Saves new funding sources through the admin, one after the other, and writes down
    what the admin answered to each."""

    def __init__(self, port, stop, label):
        super().__init__(daemon=True)
        self.port, self.stop, self.label = port, stop, label
        self.cookies, self.saves = {}, []

    def send(self, method, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        status, response_headers, content = request(self.port, method, path, body, headers)
        if status is not None:
            for name, value in response_headers:
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
        return status, response_headers, content

    def csrf_token(self, content):
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        return found.group(1).decode() if found else ""

    def log_in(self):
        status, _h, content = self.send("GET", "/admin/login/")
        if status != 200:
            return False
        status, headers, _c = self.send(
            "POST",
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": self.csrf_token(content),
                "username": ADMIN_USER,
                "password": ADMIN_PASSWORD,
                "next": "/admin/",
            },
        )
        return status == 302

    def run(self):
        while not self.stop.is_set():
            self.run_once()
            time.sleep(0.2)

    def run_once(self):
        if "sessionid" not in self.cookies and not self.log_in():
            return
        self.n = getattr(self, "n", 0) + 1
        name = f"Storingstest {self.label} {self.n}"
        status, _h, form = self.send("GET", "/admin/partners/fundingsource/add/")
        if status != 200:
            self.saves.append(
                {
                    "name": name,
                    "t": time.time(),
                    "sent": False,
                    "outcome": f"form not shown ({status})",
                }
            )
            return
        data = {
            "csrfmiddlewaretoken": self.csrf_token(form),
            "name_nl": name,
            "name_en": name,
            "slug": re.sub(r"\W+", "-", name.lower()),
            "kind": "other",
            "description_nl": "",
            "description_en": "",
            "_save": "Opslaan",
        }
        started = time.time()
        status, headers, content = self.send("POST", "/admin/partners/fundingsource/add/", data)
        self.saves.append(
            {
                "name": name,
                "t": started,
                "sent": True,
                "outcome": self.outcome(status, headers, content),
            }
        )

    @staticmethod
    def outcome(status, headers, content):
        if status is None:
            return "no answer"
        if status == 302:
            return "committed"
        if status == 503 and b"niet opgeslagen" in content:
            return "refused with a clear message"
        if status == 200 and b"errornote" in content:
            return "refused with a clear message"
        return f"HTTP {status}"


def run_wrk(port, seconds, paths, folder):
    script = folder / "faults.lua"
    script.write_text(
        WRK_SCRIPT.replace("{PATHS}", "{" + ", ".join(json.dumps(p) for p in paths) + "}")
    )
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c12",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("WRK-JSON ")), None)
    if line is None:
        raise RuntimeError(
            f"wrk gave no report ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    report = json.loads(line.removeprefix("WRK-JSON "))
    seconds = {}
    for key, count in report.pop("counts").items():
        second, status = key.split()
        seconds.setdefault(second, {})[status] = count
    report["seconds"] = seconds
    report["answered"] = sum(
        seconds_counts for c in seconds.values() for seconds_counts in c.values()
    )
    return report


def sitemap_paths(port):
    _status, _h, content = request(port, "GET", "/sitemap.xml")
    locations = re.findall(rb"<loc>([^<]+)</loc>", content)
    return sorted({re.sub(rb"^https?://[^/]+", b"", loc).decode() for loc in locations})


# One fault ----------------------------------------------------------------------------


def run_fault(servers, name, inject, seconds, paths):
    stop = threading.Event()
    probe, editor = Probe(servers.web_port, stop), Editor(servers.web_port, stop, name)
    outcome = {}
    wrk_thread = threading.Thread(
        target=lambda: outcome.update(wrk=run_wrk(servers.web_port, seconds, paths, servers.folder))
    )
    probe.start()
    editor.start()
    wrk_thread.start()
    time.sleep(5)
    fault_start = time.time()
    inject(servers)
    fault_end = time.time()
    wrk_thread.join()
    time.sleep(1)
    stop.set()
    probe.join()
    editor.join()
    return summarise(
        name, servers, outcome["wrk"], probe.samples, editor.saves, fault_start, fault_end
    )


def redis_down(servers):
    servers.stop_redis()
    time.sleep(10)
    servers.start_redis()


def postgres_restart(servers):
    servers.pg_restart()


def worker_killed(servers):
    for _ in range(3):
        workers = servers.workers()
        if workers:
            os.kill(workers[0], signal.SIGKILL)
        time.sleep(3)


def redis_hangs(servers):
    """Redis accepts connections and never answers (frozen: packets unanswered, not
    refused) for 10 s: every call must give up after its timeout."""
    os.kill(servers.redis.pid, signal.SIGSTOP)
    try:
        time.sleep(10)
    finally:
        os.kill(servers.redis.pid, signal.SIGCONT)


def postgres_freezes(servers):
    """Every PostgreSQL process stopped (SIGSTOP) for 15 s: connections stay open, queries
    never answer. Requests must fail clearly (503) instead of waiting with it."""
    pids = servers.postgres_pids()
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(15)
    finally:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


FAULTS = {
    "redis": redis_down,
    "redis-hang": redis_hangs,
    "postgres": postgres_restart,
    "postgres-freeze": postgres_freezes,
    "worker": worker_killed,
}


def names_in_database(servers, label):
    result = subprocess.run(
        [
            *servers.as_postgres,
            str(PG_BIN[-1] / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(servers.pg_port),
            "-U",
            "postgres",
            "-d",
            "vwn",
            "-At",
            "-c",
            "SELECT name_nl FROM partners_fundingsource "
            f"WHERE name_nl LIKE 'Storingstest {label} %'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split("\n")) - {""}


def summarise(name, servers, wrk, samples, saves, fault_start, fault_end):
    failed_statuses = {
        s: c
        for sec in wrk["seconds"].values()
        for s, c in sec.items()
        if not s.startswith(("2", "3"))
    }
    answered = wrk["requests"]
    failing_seconds = sorted(
        int(sec)
        for sec, counts in wrk["seconds"].items()
        if any(not s.startswith(("2", "3")) for s in counts)
    )
    socket_errors = sum(v for k, v in wrk["errors"].items() if k != "status")
    probes = {}
    for kind in Probe.PATHS:
        mine = [(t, status) for t, k, status in samples if k == kind]
        bad = [t for t, status in mine if status != 200]
        last_bad = max(bad) if bad else None
        recovered = None
        if last_bad is not None:
            after = [t for t, status in mine if t > last_bad and status == 200]
            recovered = round(max(0.0, (after[0] if after else time.time()) - fault_end), 1)
        probes[kind] = {
            "requests": len(mine),
            "failed": len(bad),
            "failing_for_s": round(last_bad - min(bad), 1) if bad else 0.0,
            "statuses": sorted({str(status) for t, status in mine if status != 200}),
            "recovered_after_fault_s": recovered,
            "ok_at_end": bool(mine) and mine[-1][1] == 200,
        }
    in_database = names_in_database(servers, name)
    counted = {}
    lost, ghosts = [], []
    for save in saves:
        counted[save["outcome"]] = counted.get(save["outcome"], 0) + 1
        if save["outcome"] == "committed" and save["name"] not in in_database:
            lost.append(save["name"])
        if save["outcome"] != "committed" and save["name"] in in_database:
            ghosts.append((save["name"], save["outcome"]))
    return {
        "fault": name,
        "fault_seconds": round(fault_end - fault_start, 1),
        "public": {
            "answered": answered,
            "failed_http": failed_statuses,
            "socket_errors": wrk["errors"],
            # wrk's own count of 4xx/5xx answers plus connections that failed.
            "failed_total": wrk["errors"]["status"] + socket_errors,
            "seconds_with_failures": len(failing_seconds),
            "p99_ms": wrk["p99_ms"],
        },
        "probes": probes,
        "saves": {
            "sent": sum(1 for s in saves if s["sent"]),
            "outcomes": counted,
            "lost": lost,
            "answered_failed_but_committed": ghosts,
        },
    }


def two_machines(servers, changes=5):
    """A title changed through machine A's admin (or ``manage.py``), seen on machine B:
    seconds until every answer of B shows it, per change."""
    servers.start_second_machine()
    for port in (servers.web_port, servers.second_port):
        for _ in range(10):
            request(port, "GET", "/nl/")
    seconds = []
    for number in range(changes):
        title = f"Twee machines {number} {time.time_ns()}"
        servers.manage(
            "shell",
            "-c",
            "from projects.models import Project\n"
            "project = Project.objects.filter(status='published').order_by('pk').first()\n"
            f"project.title_nl = {title!r}\n"
            "project.save()\n",
        )
        changed = time.monotonic()
        seen = None
        while time.monotonic() - changed < 30:
            # When the first round of answers that all show it began (a round takes a few
            # requests' time on a busy machine).
            round_began = time.monotonic()
            answers = [request(servers.second_port, "GET", "/nl/") for _ in range(4)]
            if all(status == 200 and title.encode() in body for status, _h, body in answers):
                seen = round(round_began - changed, 2)
                break
            time.sleep(0.02)
        seconds.append(seen)
    return {"fault": "two-machines", "seconds_until_seen_on_b": seconds}


def plain_wrk(port, path, seconds):
    """(requests per second, p99 in ms) of wrk -t2 -c16 on one address."""
    result = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", result.stdout).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return round(rate), round(p99, 1)


class SavingEditor(Editor):
    """Saves once a second through the admin (a new funding source; it funds no published
    project, so since issue 24 it makes no public list stale: what it measures is the
    admin's own load beside the visitors')."""

    def run(self):
        while not self.stop.is_set():
            before = len(self.saves)
            Editor.run_once(self)
            if len(self.saves) == before:
                time.sleep(0.2)
            else:
                self.stop.wait(1.0)


def editor_every_second(servers, seconds=15):
    """/nl/ under wrk, quiet and with an editor saving once a second."""
    quiet = plain_wrk(servers.web_port, "/nl/", seconds)
    stop = threading.Event()
    editor = SavingEditor(servers.web_port, stop, f"elke-seconde {time.time_ns()}")
    editor.start()
    time.sleep(2)
    busy = plain_wrk(servers.web_port, "/nl/", seconds)
    stop.set()
    editor.join()
    committed = sum(1 for save in editor.saves if save["outcome"] == "committed")
    return {
        "fault": "editor-1s",
        "quiet": {"requests_per_s": quiet[0], "p99_ms": quiet[1]},
        "busy": {"requests_per_s": busy[0], "p99_ms": busy[1], "saves": committed},
        "throughput_ratio": round(busy[0] / quiet[0], 2),
        "p99_ratio": round(busy[1] / quiet[1], 2),
    }


# An editor correcting a published project's title once a second (as the admin's save
# does it: Model.save(), with its signals, in a transaction), from one process of its own.
RENAMING_EDITOR = r"""
import sys, time
from django.db import transaction
from projects.models import Project
project = Project.objects.published().order_by("sort_order", "pk").first()
title, n = project.title_nl, 0
while True:
    n += 1
    with transaction.atomic():
        project.title_nl = f"{title} ({n})"
        project.save()
    print(n, flush=True)
    time.sleep(1)
"""


def cpu_ms(pids, children_of=None):
    """CPU time (user + system, ms) the processes ``pids`` used so far (Linux /proc), and
    the children ``children_of`` has waited for (gunicorn's recycled workers)."""
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
        if pid == children_of:
            total += int(fields[13]) + int(fields[14])
    return total * tick


def measured_wrk(servers, path, seconds):
    """plain_wrk and the gunicorn workers' CPU time per request (ms): on a busy machine
    the request rate moves with everything else running, the CPU per request does not.
    (Workers recycled by max_requests count by the master's total of its children.)"""
    master = servers.gunicorn.pid

    def used():
        return cpu_ms([master, *servers.workers()], children_of=master)

    before = used()
    rate, p99 = plain_wrk(servers.web_port, path, seconds)
    spent = used() - before
    return rate, p99, round(spent / max(1, rate * seconds), 3)


def editor_updating_every_second(servers, seconds=15):
    """/nl/ under wrk, quiet and while a published project shown on /nl/ gets a new title
    once a second: every save makes /nl/ stale (an update: the page as it was may answer
    while one worker renders it again)."""
    quiet = measured_wrk(servers, "/nl/", seconds)
    editor = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", RENAMING_EDITOR],
        cwd=ROOT,
        env=servers.environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        time.sleep(4)  # the shell has started and saved at least once
        editor_before = cpu_ms([editor.pid])
        busy = measured_wrk(servers, "/nl/", seconds)
        editor_used = cpu_ms([editor.pid]) - editor_before
    finally:
        editor.terminate()
        output, _ = editor.communicate(timeout=30)
    saves = len(output.split())
    return {
        "fault": "editor-1s-update",
        "quiet": {"requests_per_s": quiet[0], "p99_ms": quiet[1], "worker_cpu_ms": quiet[2]},
        "busy": {
            "requests_per_s": busy[0],
            "p99_ms": busy[1],
            "worker_cpu_ms": busy[2],
            "saves": saves,
            "editor_cpu_ms_per_s": round(editor_used / seconds, 1),
        },
        "throughput_ratio": round(busy[0] / quiet[0], 2),
        "p99_ratio": round(busy[1] / quiet[1], 2),
    }


def through_varnish(servers, seconds=15):
    """/nl/ direct from gunicorn and through Varnish (deploy/varnish.vcl)."""
    if not getattr(servers, "varnish_port", None):
        return {"fault": "varnish", "skipped": "varnishd is not installed"}
    for _ in range(3):
        request(servers.varnish_port, "GET", "/nl/")
    direct = plain_wrk(servers.web_port, "/nl/", seconds)
    front = plain_wrk(servers.varnish_port, "/nl/", seconds)
    return {
        "fault": "varnish",
        "direct": {"requests_per_s": direct[0], "p99_ms": direct[1]},
        "varnish": {"requests_per_s": front[0], "p99_ms": front[1]},
        "ratio": round(front[0] / direct[0], 1),
    }


MEASUREMENTS = {
    "two-machines": two_machines,
    "editor-1s": editor_every_second,
    "editor-1s-update": editor_updating_every_second,
    "varnish": through_varnish,
}


def markdown(results):
    lines = [
        "| fault | public answered | public failed | seconds with failures | p99 ms "
        "| probe failing (s): cached / uncached / healthz | recovered after (s) | saves sent "
        "| committed | refused clearly | other answers | lost |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in results:
        if "probes" not in r:
            continue
        probes = r["probes"]
        failing = " / ".join(str(probes[k]["failing_for_s"]) for k in Probe.PATHS)
        recovered = " / ".join(str(probes[k]["recovered_after_fault_s"] or 0) for k in Probe.PATHS)
        outcomes = r["saves"]["outcomes"]
        other = (
            ", ".join(
                f"{k}: {v}"
                for k, v in outcomes.items()
                if k not in ("committed", "refused with a clear message")
            )
            or "none"
        )
        lines.append(
            f"| {r['fault']} | {r['public']['answered']} | {r['public']['failed_total']} "
            f"| {r['public']['seconds_with_failures']} | {r['public']['p99_ms']} | {failing} "
            f"| {recovered} | {r['saves']['sent']} | {outcomes.get('committed', 0)} "
            f"| {outcomes.get('refused with a clear message', 0)} | {other} "
            f"| {len(r['saves']['lost'])} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-port", type=int, default=8511)
    parser.add_argument("--seconds", type=int, default=30, help="load per fault")
    parser.add_argument("--faults", default=",".join([*FAULTS, *MEASUREMENTS]))
    parser.add_argument("--check", action="store_true", help="exit 1 when something broke")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--project", type=Path, help="run another checkout's code")
    args = parser.parse_args()
    global ROOT
    ROOT = (args.project or HERE).resolve()
    if not PG_BIN:
        sys.exit("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin")
    for tool in ("wrk", "redis-server", "redis-cli"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed")
    folder = Path(tempfile.mkdtemp(prefix="vwn-faults-"))
    servers = Servers(args.base_port, folder)
    results = []
    try:
        print(
            f"PostgreSQL :{servers.pg_port}, Redis :{servers.redis_port}, "
            f"gunicorn :{servers.web_port}, in {folder}",
            flush=True,
        )
        servers.start_postgres()
        servers.start_redis()
        servers.prepare_site()
        if shutil.which("varnishd"):
            servers.start_varnish()
        servers.start_gunicorn()
        paths = sitemap_paths(servers.web_port)
        for path in paths:  # warm the page cache and the renditions
            request(servers.web_port, "GET", path)
        print(f"{len(paths)} public pages under load", flush=True)
        for name in args.faults.split(","):
            print(f"fault: {name} ...", flush=True)
            if name in MEASUREMENTS:
                results.append(MEASUREMENTS[name](servers))
            else:
                results.append(run_fault(servers, name, FAULTS[name], args.seconds, paths))
            print(json.dumps(results[-1], indent=1), flush=True)
    finally:
        servers.stop()
        if (folder / "gunicorn.log").exists():
            kept = Path(tempfile.gettempdir()) / "vwn-faults-gunicorn.log"
            shutil.copy(folder / "gunicorn.log", kept)
        shutil.rmtree(folder, ignore_errors=True)
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if args.check:
        broken = [
            r["fault"]
            for r in results
            if "seconds_until_seen_on_b" in r
            and any(seen is None or seen > 1.0 for seen in r["seconds_until_seen_on_b"])
        ] + [
            r["fault"]
            for r in results
            if "saves" in r
            and (
                r["saves"]["lost"]
                or any(s.startswith("5") and s != "503" for s in r["public"]["failed_http"])
                or any(k.startswith("HTTP 5") for k in r["saves"]["outcomes"])
                or not all(p["ok_at_end"] for p in r["probes"].values())
            )
        ]
        if broken:
            sys.exit(f"faults not survived: {', '.join(broken)}")


if __name__ == "__main__":
    main()
