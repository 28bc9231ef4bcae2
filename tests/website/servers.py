"""Production servers for the tests that need real processes: gunicorn with the
production settings, one database file, Redis when a server answers on the loopback.

Each server runs from a working folder of its own, as two machines (or two checkouts)
would; what they share is the database and the cache, nothing on disk.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def redis_answers(port=6379):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def get(port, path, timeout=5, headers=None):
    """(status, headers dict, body), or (None, {}, error name) when nothing answered."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (OSError, http.client.HTTPException) as error:
        return None, {}, type(error).__name__.encode()
    finally:
        connection.close()


class Site:
    """One database (a file), static files collected once, and any number of servers."""

    def __init__(self, folder, cache_url="", **extra):
        self.folder = Path(folder)
        self.database = self.folder / "site.sqlite3"
        self.cache_url = cache_url
        self.extra = extra
        self.servers = []

    def environment(self, **extra):
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("CACHE_URL", "REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="vwn_projects.settings.production",
            SECRET_KEY="test-servers-only-secret-" + "k9" * 20,
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL="http://127.0.0.1",
            DATABASE_URL=f"sqlite:///{self.database}",
            STATIC_ROOT=str(self.folder / "static"),
            MEDIA_ROOT=str(self.folder / "media"),
            SECURE_SSL_REDIRECT="false",
            PAGE_CACHE_ENABLED="true",
            PYTHONPATH=str(ROOT),
        )
        if self.cache_url:
            env["CACHE_URL"] = self.cache_url
        env.update(self.extra)
        env.update(extra)
        return env

    def manage(self, *args, cwd=None):
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=cwd or self.folder,
            env=self.environment(),
            check=True,
            capture_output=True,
            text=True,
        )

    def prepare(self):
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")

    def shell(self, code):
        """Run ``code`` in ``manage.py shell`` (another process); return its output."""
        return self.manage("shell", "-c", code).stdout

    def start(self, name, workers=2, **extra):
        folder = self.folder / name
        folder.mkdir(exist_ok=True)
        port = free_port()
        log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (closed in stop)
        process = subprocess.Popen(
            [str(GUNICORN), "--config", str(ROOT / "gunicorn.conf.py")],
            cwd=folder,
            env=self.environment(
                BIND=f"127.0.0.1:{port}",
                WEB_CONCURRENCY=str(workers),
                # What `make serve` set before issue 24, one file per machine: ignored now.
                PAGE_CACHE_VERSION_FILE=str(folder / "content-version"),
                **extra,
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.servers.append((process, log))
        if not wait_for_port(port):
            self.stop()
            raise RuntimeError(f"gunicorn did not start: {(folder / 'gunicorn.log').read_text()}")
        return port

    def stop(self):
        for process, log in self.servers:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            log.close()
        self.servers = []
