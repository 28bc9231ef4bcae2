from django.test import override_settings

from operations.checks import check_site_url


def test_site_url_may_not_be_empty():
    with override_settings(SITE_URL=""):
        assert [error.id for error in check_site_url(None)] == ["operations.E001"]


def test_site_url_may_be_an_origin():
    with override_settings(SITE_URL="https://projecten.vluchtelingenwerk.nl"):
        assert check_site_url(None) == []


def test_site_url_with_a_path_or_without_scheme_is_an_error():
    for value in ("projecten.vluchtelingenwerk.nl", "https://example.org/nl/"):
        with override_settings(SITE_URL=value):
            assert [error.id for error in check_site_url(None)] == ["operations.E001"]
