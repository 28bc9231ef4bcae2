"""The Nu Html Checker finds no errors in the overview of a large organisation and in the
result charts (issue 27): neither is in the seed content the sitemap audit checks."""

from decimal import Decimal

import pytest
from django.utils import translation

from tests.validity.test_nu_html_checker import check_html, vnu_jar

pytestmark = pytest.mark.django_db


def test_a_large_overview_and_the_result_charts_are_valid_html(client, settings, tmp_path):
    from projects.models import OverviewPage
    from tests.factories import make_many_projects, make_result

    settings.PAGE_CACHE_ENABLED = False
    jar = vnu_jar()
    projects = make_many_projects(60)
    OverviewPage.objects.update(results_years="2019, 2020")
    make_result(
        projects[0], year=2020, statement_nl="advocaten opgeleid", value=Decimal(26),
        target=Decimal(20), unit_nl="advocaten",
    )  # fmt: skip
    paths = ["/nl/", "/en/", "/nl/in-een-oogopslag/", "/en/at-a-glance/"]
    for language in ("nl", "en"):
        with translation.override(language):
            paths.append(projects[0].get_absolute_url())
    documents = {path: client.get(path).content.decode() for path in paths}
    assert all('<figure class="chart"' in html for html in documents.values())
    assert all('class="overview__more-places"' in documents[path] for path in ("/nl/", "/en/"))
    assert check_html(jar, documents, tmp_path) == []
