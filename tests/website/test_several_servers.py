"""Several machines, `make serve`'s defaults: two gunicorn servers from working folders of
their own, one database, one Redis (when one answers on the loopback). A change made by
any process, here `manage.py shell`, is seen by both within a second (issue 24)."""

import time

import pytest

from tests.website.servers import Site, get, redis_answers

# A Redis database of its own (the suite's is 15): emptied before use.
REDIS_URL = "redis://127.0.0.1:6379/13"

PROJECT = """
from django.utils import timezone
from projects.models import Country, Project
country = Country.objects.create(name_nl="Kenia", slug_nl="kenia", codes=["KE"])
project = Project.objects.create(
    title_nl="Rechtshulp in Kakuma", slug_nl="rechtshulp-in-kakuma",
    body_nl="<p>Oude tekst.</p>", status="published", start_date=timezone.localdate(),
)
project.countries.add(country)
print(project.get_absolute_url())
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    cache_url = ""
    if redis_answers():
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        cache_url = REDIS_URL
    site = Site(tmp_path_factory.mktemp("servers"), cache_url=cache_url)
    site.prepare()
    site.url = site.shell(PROJECT).strip().splitlines()[-1]
    site.ports = [site.start("machine-a"), site.start("machine-b")]
    yield site
    site.stop()


def seen_everywhere(site, path, wanted, seconds=1.0):
    """Seconds until every server answered ``wanted(status, body)`` to each of a round of
    requests (a few to each, so every worker did): when the first such round began, or
    None after ``seconds`` and a margin."""
    started = time.monotonic()
    while time.monotonic() - started < seconds + 1.0:
        round_began = time.monotonic()
        answers = [get(port, path)[::2] for port in site.ports for _ in range(4)]
        if all(wanted(status, body) for status, body in answers):
            return round_began - started
        time.sleep(0.02)
    return None


def warm(site, path):
    for port in site.ports:
        for _ in range(8):
            status, _headers, _body = get(port, path)
            assert status == 200


def test_a_change_in_manage_py_reaches_both_servers_within_a_second(site):
    warm(site, site.url)
    site.shell(
        "from projects.models import Project\n"
        "project = Project.objects.get(slug_nl='rechtshulp-in-kakuma')\n"
        "project.body_nl = '<p>Nieuwe tekst.</p>'\n"
        "project.save()\n"
    )
    took = seen_everywhere(site, site.url, lambda status, body: b"Nieuwe tekst." in body)
    assert took is not None and took <= 1.0, took


def test_an_unpublish_in_manage_py_is_gone_from_both_servers_within_a_second(site):
    warm(site, site.url)
    warm(site, "/nl/")
    site.shell(
        "from projects.models import Project\n"
        "project = Project.objects.get(slug_nl='rechtshulp-in-kakuma')\n"
        "project.status = 'draft'\n"
        "project.save()\n"
    )
    took = seen_everywhere(site, site.url, lambda status, body: status == 404)
    assert took is not None and took <= 1.0, took
    assert seen_everywhere(site, "/nl/", lambda status, body: b"Kakuma" not in body) is not None


def test_after_a_change_each_server_has_the_pages_it_served_rendered_again(site):
    """Warm-up after a change: the overview and a project page, shown by both servers, are
    rendered again in the background, so the next visitors find them ready."""
    if not site.cache_url:
        pytest.skip("needs Redis on 127.0.0.1:6379 (the servers share it)")
    site.shell(
        "from projects.models import Project\n"
        "Project.objects.filter(slug_nl='rechtshulp-in-kakuma').update(status='published')\n"
        "from website.page_cache import bump_content_version\n"
        "bump_content_version()\n"
    )
    time.sleep(1.5)
    warm(site, "/nl/")
    site.shell(
        "from projects.models import Project\n"
        "project = Project.objects.get(slug_nl='rechtshulp-in-kakuma')\n"
        "project.title_nl = 'Rechtshulp in Kakuma en Nairobi'\n"
        "project.save()\n"
    )
    time.sleep(3)  # learnt within a second, rendered again in the background meanwhile
    for port in site.ports:
        for _ in range(4):
            status, headers, body = get(port, "/nl/")
            assert status == 200
            assert b"Rechtshulp in Kakuma en Nairobi" in body
            assert headers.get("X-Page-Cache") == "hit", headers
