"""A real nginx with the shipped deploy/nginx.conf (only its port and paths changed) in
front of a real gunicorn with the production settings: public pages, the admin, static
files, and uploads the site allows sent by nginx (X-Accel-Redirect) while a draft's are
refused (issue 25). nginx runs as a private instance in a temporary folder (its own port,
pid, logs and temporary files), never the machine's. Skipped where nginx is not installed
(.ci/run installs it)."""

import http.client
import json
import os
import shutil
import subprocess
import time

import pytest

from tests.website.servers import ROOT, Site, free_port, get, wait_for_port

# Debian installs it in /usr/sbin, which is not on every user's PATH.
NGINX = shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))
pytestmark = pytest.mark.skipif(not NGINX, reason="nginx is not installed (apt-get install nginx)")

CONTENT = """
import io
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from projects.models import Country, Project, Workshop
def photo(color):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())
def library_photo(name, color, alt):
    from photos.models import Photo

    chosen = Photo(title=name, alt_nl=alt, people_shown=False)
    chosen.file.save(name, photo(color))
    return chosen
def report():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, "PDF")
    return ContentFile(buffer.getvalue())
country = Country.objects.create(name_nl="Kenia", slug_nl="kenia", codes=["KE"])
shown = Project.objects.create(
    title_nl="Rechtshulp in Kakuma", slug_nl="rechtshulp-in-kakuma",
    body_nl="<p>Tekst.</p>", status="published", start_date=timezone.localdate(),
    photo=library_photo("tent.jpg", (200, 30, 40), "Een tent"),
)
shown.countries.add(country)
workshop = Workshop.objects.create(project=shown, title_nl="Training")
workshop.report.save("Verslag training.pdf", report())
draft = Project.objects.create(
    title_nl="Opvang in Nairobi", slug_nl="opvang-in-nairobi", body_nl="<p>Concept.</p>",
    status="draft", start_date=timezone.localdate(),
    photo=library_photo("huis.jpg", (30, 120, 200), "Een huis"),
)
draft.countries.add(country)
print(shown.photo.file.name, workshop.report.name, draft.photo.file.name)
"""

# The main configuration around the shipped server block: everything nginx writes (pid,
# logs, request bodies, proxy buffers) stays in the test's folder.
MAIN_CONF = """
worker_processes 1;
{user}
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format ids '$request_id $status "$request"';
    access_log {folder}/access.log ids;
    client_body_temp_path {folder}/temp/body;
    proxy_temp_path {folder}/temp/proxy;
    fastcgi_temp_path {folder}/temp/fastcgi;
    uwsgi_temp_path {folder}/temp/uwsgi;
    scgi_temp_path {folder}/temp/scgi;
    include {folder}/vwn.conf;
}}
"""


def site_conf(folder, port, backend, static_root, media_root):
    shipped = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in [
        ("listen 80;\n    server_name", f"listen 127.0.0.1:{port};\n    server_name"),
        ("proxy_pass http://127.0.0.1:8000;", f"proxy_pass http://127.0.0.1:{backend};"),
        ("alias /srv/vwn/static/;", f"alias {static_root}/;"),
        ("alias /srv/vwn/media/;", f"alias {media_root}/;"),
    ]:
        assert shipped.count(old) == 1, old
        shipped = shipped.replace(old, new)
    return shipped


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    site = Site(folder, MEDIA_X_ACCEL_PREFIX="/internal-media/", TRUSTED_PROXY_COUNT="1")
    site.prepare()
    site.photo, site.report, site.draft_photo = site.shell(CONTENT).split()[-3:]
    backend = site.start("app", workers=1)
    port = free_port()
    (folder / "temp").mkdir()
    (folder / "vwn.conf").write_text(
        site_conf(folder, port, backend, folder / "static", folder / "media")
    )
    # As root, nginx's workers would otherwise read the files as nobody, which cannot enter
    # pytest's private temporary folder.
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(MAIN_CONF.format(folder=folder, user=user))
    command = [
        NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf"),
        "-g", f"daemon off; pid {folder}/nginx.pid;",
    ]  # fmt: skip
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        assert wait_for_port(port, 30), (folder / "error.log").read_text()
        site.port = port
        site.backend = backend
        yield site
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)
        site.stop()


def through(proxy, path):
    return get(proxy.port, path, headers={"Host": "127.0.0.1"})


def header_lines(proxy, path, name):
    """Every value of the header ``name`` nginx sent (a header sent twice counts twice)."""
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.msg.get_all(name) or []
    finally:
        connection.close()


def test_a_public_page_comes_through_with_the_security_headers(proxy):
    status, headers, body = through(proxy, "/nl/")
    assert status == 200
    assert b"Rechtshulp in Kakuma" in body
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # The id nginx gave the request (its access log, written once the answer is sent) is
    # the site's.
    line = headers["X-Request-ID"] + ' 200 "GET /nl/ '
    deadline = time.monotonic() + 5
    while line not in (proxy.folder / "access.log").read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert line in (proxy.folder / "access.log").read_text()


def test_a_drafts_upload_is_refused(proxy):
    assert (proxy.folder / "media" / proxy.draft_photo).is_file()
    status, headers, body = through(proxy, "/media/" + proxy.draft_photo)
    assert status == 404
    assert b"\xff\xd8" not in body


def test_the_internal_location_cannot_be_reached_from_outside(proxy):
    for name in (proxy.draft_photo, proxy.photo):
        assert through(proxy, "/internal-media/" + name)[0] == 404


def test_a_public_photo_is_sent_by_nginx_after_the_site_allowed_it(proxy):
    status, headers, body = get(proxy.backend, "/media/" + proxy.photo)
    assert status == 200
    assert headers["X-Accel-Redirect"] == "/internal-media/" + proxy.photo
    assert body == b""

    status, headers, body = through(proxy, "/media/" + proxy.photo)
    assert status == 200
    assert body == (proxy.folder / "media" / proxy.photo).read_bytes()
    assert "X-Accel-Redirect" not in headers
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert "Content-Disposition" not in headers
    assert header_lines(proxy, "/media/" + proxy.photo, "Cache-Control") == [
        get(proxy.backend, "/media/" + proxy.photo)[1]["Cache-Control"]
    ]
    assert headers["Cache-Control"].startswith("public")


def test_a_public_report_is_sent_by_nginx_as_a_download(proxy):
    status, headers, body = through(proxy, "/media/" + proxy.report)
    assert status == 200
    assert body == (proxy.folder / "media" / proxy.report).read_bytes()
    assert body.startswith(b"%PDF")
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment")
    # The site's own Content-Disposition is not sent beside nginx's.
    assert len(header_lines(proxy, "/media/" + proxy.report, "Content-Disposition")) == 1
    assert "sandbox" in headers["Content-Security-Policy"]


def test_a_static_file_is_sent_by_nginx_from_the_static_root(proxy):
    manifest = (proxy.folder / "static" / "staticfiles.json").read_text()
    hashed = json.loads(manifest)["paths"]["css/site.css"]
    status, headers, body = through(proxy, "/static/" + hashed)
    assert status == 200
    assert body == (proxy.folder / "static" / hashed).read_bytes()
    assert "immutable" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    # nginx answered it: gunicorn never saw the request.
    assert hashed not in (proxy.folder / "app" / "gunicorn.log").read_text()


def test_the_admin_login_page_is_reachable(proxy):
    status, headers, body = through(proxy, "/admin/login/")
    assert status == 200
    assert b"csrfmiddlewaretoken" in body
    assert "no-store" in headers["Cache-Control"] or "private" in headers["Cache-Control"]
