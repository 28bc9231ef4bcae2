"""Benchmark a large translation import, as a translator meets it (bench/README.md).

    python bench/translation_import.py                # about 5 MB: 640 projects
    python bench/translation_import.py --projects 300 --format xliff12

1. Builds a SQLite database of generated content (``bench/content.py``) in bench/data/.
2. Exports everything (PO by default) and writes a translation of every unit: the English
   is new for each one (placeholders kept), so every unit is checked and applied, the
   heaviest case there is.
3. Posts the file to the desk's import page as a superuser, in a fresh process (the
   server's view, with the report stored), and then opens the report page.
It prints the file's size and units, the wall and CPU time of the import request, the
peak memory of that process above what it used before the request, and the report page's
size. SQLite unless BENCH_DATABASE_URL names another (empty) database, e.g.
postgres://postgres@127.0.0.1:5432/vwn_bench (its content is replaced).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"


def _setup(database):
    sys.path.insert(0, str(ROOT))
    # BENCH_DATABASE_URL measures another database (an existing, empty PostgreSQL one).
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vwn_projects.settings.dev")
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def _rss_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def translate(notation):
    """English for a Dutch unit that keeps its placeholders: the words marked as English."""
    parts = re.split(r"(</?\d+/?>)", notation)
    return "".join(part if re.fullmatch(r"</?\d+/?>", part) else part.upper() for part in parts)


def prepare(projects, file_format, database, path):
    from django.core.management import call_command

    from bench.content import build
    from translations.exchange import ALL, export_units
    from translations.exchange.formats import write_file
    from translations.exchange.units import SLUG, TRANSLATED, URL

    if database.exists() and "BENCH_DATABASE_URL" not in os.environ:
        database.unlink()
    call_command("migrate", verbosity=0)
    build(projects)
    units = export_units(ALL)
    for unit in units:
        if unit.kind == SLUG:
            unit.target = f"{unit.source}-en"
        elif unit.kind == URL:
            unit.target = unit.source.replace("https://", "https://en.")
        else:
            unit.target = translate(unit.source)
        unit.status, unit.previous = TRANSLATED, None
    path.write_bytes(write_file(units, file_format, ALL))
    return len(units)


def run_import(database, path):
    """In this (fresh) process: post the file as a superuser, then open the report."""
    _setup(database)
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", "bench@example.org", "bench-password-123"
    )
    client = Client()
    client.force_login(user)
    client.get("/admin/translations/import/")  # warm up: URLs, templates, translations
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    before = _rss_kb("VmRSS")
    cpu = time.process_time()
    start = time.perf_counter()
    response = client.post("/admin/translations/import/", {"file": upload})
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    peak = _rss_kb("VmHWM")
    if response.status_code != 302:
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text)
        sys.exit(f"The import was refused ({response.status_code}): {errors}")
    report_url = response["Location"]
    start = time.perf_counter()
    page = client.get(report_url)
    page_seconds = time.perf_counter() - start
    from translations.models import TranslationImport

    stored = TranslationImport.objects.latest("pk")
    print(
        json.dumps(
            {
                "status": response.status_code,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu_seconds, 2),
                "peak_mb_above_start": round((peak - before) / 1024, 1),
                "peak_mb": round(peak / 1024, 1),
                "report_page_kb": round(len(page.content) / 1024, 1),
                "report_page_seconds": round(page_seconds, 2),
                "counts": {k: v for k, v in stored.counts.items() if v},
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=640)
    parser.add_argument("--format", default="po", choices=["po", "xliff12", "xliff2"])
    parser.add_argument("--run-import", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / "translations.sqlite3"
    if args.run_import:
        run_import(database, Path(args.run_import))
        return
    _setup(database)
    path = DATA / f"translations-{args.projects}.{args.format}"
    start = time.perf_counter()
    count = prepare(args.projects, args.format, database, path)
    print(
        f"{args.projects} projects: {count:,} units, {path.stat().st_size / 1e6:.2f} MB "
        f"{args.format} (built and exported in {time.perf_counter() - start:.0f} s)"
    )
    result = subprocess.run(
        [sys.executable, __file__, "--run-import", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    print(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
