"""A calmer project form: grouped as an editor thinks (text, places and partners, money,
workshops and results, media, open data), the funders right under the funding sentence,
the rows of workshops, results and videos folded to one line, sort orders left empty until
saved; and a list that says which projects are current and which have ended.
(tests/browser/test_project_form_length.py measures the screens at 1440 px.)"""

import datetime
import html as html_module
import re

import pytest

from projects.models import ProjectFunding, ProjectPartner
from projects.open_data import check_project
from tests.admin_forms import change_form_data
from tests.factories import (
    SUMMARY_ONLY,
    add_funding,
    add_partner,
    admin_url,
    make_editor,
    make_full_project,
    make_funder,
    make_partner,
    make_project,
    make_result,
    make_workshop,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def headings(html):
    """The form's group and inline headings, in order."""
    return [
        html_module.unescape(re.sub(r"<[^>]+>|\s+", " ", heading).strip())
        for heading in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    ]


def test_the_form_is_grouped_with_the_funders_under_the_funding_sentence(editor_client):
    project = make_full_project()
    html = editor_client.get(admin_url(project)).content.decode()
    order = [
        "Tekst",
        "Publicatie",
        "Plaatsen en partners",
        "Samenwerkingen",
        "Geld en looptijd",
        "Financiering",
        "Workshops",
        "Resultaten",
        "Foto",
        "Video's",
        "Links",
        "Open data (IATI)",
    ]
    found = [heading for heading in headings(html) if heading in order]
    assert found == order
    sentence = html.index('name="funding_text_nl"')
    assert sentence < html.index('id="fundings-group"') < html.index('id="workshops-group"')


def folded(html, name):
    return bool(re.search(rf"<details><summary>\s*<h2[^>]*>{re.escape(name)}</h2>", html))


def test_rarely_changed_groups_are_folded_and_open_with_a_mistake(editor_client):
    project = make_project(**SUMMARY_ONLY, start_date=datetime.date(2024, 1, 1))
    assert check_project(project) == []
    html = editor_client.get(admin_url(project)).content.decode()
    for name in ("Publicatie", "Foto", "Open data (IATI)"):
        assert folded(html, name), name
    assert not folded(html, "Tekst")
    data = change_form_data(editor_client.get(admin_url(project)))
    data["publish_from_0"] = "geen datum"
    html = editor_client.post(admin_url(project), data).content.decode()
    assert not folded(html, "Publicatie")


def test_the_open_data_group_is_open_while_the_rules_find_something(editor_client):
    project = make_project(**SUMMARY_ONLY)  # no start date: IATI needs one
    assert check_project(project) != []
    html = editor_client.get(admin_url(project)).content.decode()
    assert not folded(html, "Open data (IATI)")
    assert 'class="messagelist iati-warnings"' in html


def test_each_workshop_result_and_video_is_one_line_until_opened(editor_client):
    project = make_full_project()
    make_workshop(project, title_nl="Asielprocedures")
    make_result(project, statement_nl="450 asielzoekers kregen rechtshulp")
    html = editor_client.get(admin_url(project)).content.decode()
    row = re.search(
        r'<div class="inline-related[^"]*" id="workshops-1">(.*?)</fieldset>', html, re.S
    )
    assert "Asielprocedures" in re.search(r"<h3>(.*?)</h3>", row[1], re.S)[1]
    assert re.search(r"<details><summary>\s*<h4[^>]*>Details</h4>", row[1])
    for group in ("workshops-group", "results-group", "videos-group"):
        part = html[html.index(f'id="{group}"') :]
        assert "<details><summary>" in part, group


def test_a_new_rows_sort_order_is_left_empty_and_put_at_the_end(editor_client):
    project = make_project()
    add_partner(project, make_partner("CEDEM", plain=True))
    add_funding(project, make_funder("het fonds", plain=True))
    html = editor_client.get(admin_url(project)).content.decode()
    for prefix in ("partnerships", "fundings", "videos", "links"):
        field = re.search(rf'<input [^>]*name="{prefix}-__prefix__-sort_order"[^>]*>', html)[0]
        assert "value=" not in field, prefix
    data = change_form_data(editor_client.get(admin_url(project)))
    data.update(
        {
            "partnerships-TOTAL_FORMS": "2",
            "partnerships-1-partner": str(make_partner("IND", plain=True).pk),
            "partnerships-1-role": ProjectPartner.Role.TRAINER,
            "partnerships-1-sort_order": "",
            "partnerships-1-project": str(project.pk),
        }
    )
    response = editor_client.post(admin_url(project), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    orders = list(project.partnerships.values_list("partner__name_nl", "sort_order"))
    assert orders == [("CEDEM", 10), ("IND", 20)]
    assert ProjectFunding.objects.get(project=project).sort_order == 10


def test_the_list_says_which_projects_are_current_and_which_have_ended(editor_client):
    make_project(title_nl="Lopend werk")
    make_project(title_nl="Afgelopen werk", end_date=datetime.date(2020, 12, 31))
    html = editor_client.get("/admin/projects/project/").content.decode()
    rows = {
        title: re.sub(r"<[^>]+>", "|", row)
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
        for title in ("Lopend werk", "Afgelopen werk")
        if title in row
    }
    assert "|lopend|" in rows["Lopend werk"]
    assert "|afgerond|" in rows["Afgelopen werk"]
