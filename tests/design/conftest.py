"""Fixtures for the design tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes its uploads and renditions to its own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
