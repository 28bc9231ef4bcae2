import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clear_cache():
    """Every test starts with an empty cache: rolled-back rows send no signals, so a page
    cached by an earlier test would otherwise outlive its data."""
    cache.clear()
    yield
    cache.clear()
