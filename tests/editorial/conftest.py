import pytest


@pytest.fixture
def approval(settings):
    """Approval on: editors' changes to published content wait for a publisher."""
    settings.EDITORIAL_APPROVAL = True
