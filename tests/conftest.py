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
    from website.freshness import knowledge
    from website.page_cache import local_pages

    cache.clear()
    knowledge.forget()
    local_pages.clear()
    yield
    cache.clear()
    knowledge.forget()
    local_pages.clear()
