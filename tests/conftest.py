import io

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture
def seed(db):
    """The complete seed content, as `make run` loads it."""
    call_command("load_seed_content", stdout=io.StringIO())


@pytest.fixture
def media_root(settings, tmp_path):
    """A media folder of the test's own: what it uploads or renders goes there."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def admin_client(superuser_client):
    """pytest-django's name for the same thing, with our superuser ("boss")."""
    return superuser_client


@pytest.fixture(autouse=True)
def dutch_is_active():
    """Each test starts in the source language; a request to /en/ leaves English active
    in the thread, which would otherwise leak into the next test's data."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def clear_cache():
    """Every test starts with an empty cache: rolled-back rows send no signals, so a page
    cached by an earlier test would otherwise outlive its data."""
    from projects.listing import forget_facet_indexes
    from website.freshness import knowledge
    from website.page_cache import local_pages

    cache.clear()
    knowledge.forget()
    local_pages.clear()
    forget_facet_indexes()
    yield
    cache.clear()
    knowledge.forget()
    local_pages.clear()
    forget_facet_indexes()


def pytest_collection_modifyitems(items):
    """Every test that commits (``transaction=True``) gets the database back as migrated
    (``serialized_rollback``). Mixed, a committing test without it is flushed with the
    after-migrate handlers run again (the role groups made anew, under new keys), and the
    next one with it then fails to load the groups it saved (UNIQUE auth_group.name).
    A test that commits through the ``transactional_db`` fixture (the browser tests' live
    server) is one too."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if "transactional_db" in getattr(item, "fixturenames", ()) and (
            marker is None or not marker.kwargs.get("transaction")
        ):
            args, kwargs = (marker.args, marker.kwargs) if marker is not None else ((), {})
            marker = pytest.mark.django_db(*args, **{**kwargs, "transaction": True}).mark
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if marker.kwargs.get("serialized_rollback"):
            continue
        # First, so that it is the one pytest-django reads (the closest).
        item.add_marker(
            pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}),
            append=False,
        )
