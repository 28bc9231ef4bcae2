"""Open Graph and Twitter card tags, and schema.org JSON-LD."""

import pytest

from tests.factories import (
    NEW_COUNTRY,
    NEW_PROJECT,
    image_bytes,
    make_country,
    make_library_photo,
    make_project,
)

pytestmark = pytest.mark.django_db

TURKEY_EN = "/en/projects/legal-aid-asylum-seekers-turkey/"


def test_project_photo_is_the_absolute_share_image(head):
    project = make_project(
        [make_country("GR", **NEW_COUNTRY)], **NEW_PROJECT, photo_alt_nl="Mensen bij een training"
    )
    project.photo = make_library_photo("foto.jpg", image_bytes((1200, 800), color=(120, 30, 40)))
    project.save()
    page = head("/nl/projecten/nieuw-project/")
    # A rendition of the photo cut to the share size, never the original upload.
    assert page.meta("og:image").startswith("http://testserver/media/renditions/")
    assert page.meta("og:image").endswith("-crop-1200x630-50-50.jpg")
    assert project.photo.file.url not in page.html
    assert page.meta("og:image:width") == "1200"
    assert page.meta("og:image:height") == "630"
    assert page.meta("og:image:alt") == "Mensen bij een training"
    assert page.meta("twitter:image") == page.meta("og:image")
    assert page.meta("twitter:card") == "summary_large_image"


def test_project_without_photo_shares_its_workshop_photo(seed, head):
    page = head(TURKEY_EN)
    assert "/media/renditions/" in page.meta("og:image")
    assert "voorbeeldfoto-workshop-istanbul" in page.meta("og:image")
    assert page.meta("og:image:alt") == (
        "Example photo: two VluchtelingenWerk staff giving a workshop"
    )


def test_page_without_any_photo_shares_the_site_image(head):
    make_project([make_country("GR", **NEW_COUNTRY)], **NEW_PROJECT)
    page = head("/nl/projecten/nieuw-project/")
    assert page.meta("og:image") == "http://testserver/static/img/share.png"


def test_open_graph_describes_the_page(seed, head):
    page = head(TURKEY_EN)
    assert page.meta("og:title") == "Free legal aid for asylum seekers in Turkey"
    assert page.meta("og:description") == page.meta("description")
    assert page.meta("og:url") == page.canonical
    assert page.meta("og:type") == "article"
    assert page.meta("og:locale") == "en_GB"
    assert page.all_meta("og:locale:alternate") == ["nl_NL"]
    assert page.meta("og:site_name") == "VluchtelingenWerk Nederland"
    assert page.meta("twitter:title") == page.meta("og:title")


def test_untranslated_page_offers_no_alternate_locale(head):
    make_project([make_country("GR", **NEW_COUNTRY)], **NEW_PROJECT)
    assert head("/nl/projecten/nieuw-project/").all_meta("og:locale:alternate") == []


def test_every_page_describes_the_organisation(seed, head):
    for url in ("/nl/", "/en/countries/kenya/", TURKEY_EN, "/nl/partners/ecre/"):
        graph = head(url).json_ld["@graph"]
        [organisation] = [n for n in graph if n["@id"] == "http://testserver/#organisation"]
        assert organisation["@type"] == "NGO"
        assert organisation["name"] == "VluchtelingenWerk Nederland"
        assert organisation["url"] == "https://www.vluchtelingenwerk.nl/"


def test_project_json_ld_has_funder_location_partners_and_organisation(seed, head):
    page = head(TURKEY_EN)
    assert page.json_ld["@context"] == "https://schema.org"
    project = page.graph_node("Project")
    assert project["name"] == "Free legal aid for asylum seekers in Turkey"
    assert project["url"] == page.canonical
    assert project["location"] == [{"@type": "Country", "name": "Turkey", "identifier": "TR"}]
    assert [funder["name"] for funder in project["funder"]] == ["the EU"]
    assert [member["name"] for member in project["member"]] == [
        "Helsinki Citizens Assembly",
        "European Council on Refugees and Exiles",
    ]
    assert project["parentOrganization"] == {"@id": "http://testserver/#organisation"}


def test_project_json_ld_has_its_dates(head):
    import datetime

    make_project(
        [make_country("GR", **NEW_COUNTRY)],
        **NEW_PROJECT,
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2025, 2, 28),
    )
    project = head("/nl/projecten/nieuw-project/").graph_node("Project")
    assert project["foundingDate"] == "2024-03-01"
    assert project["dissolutionDate"] == "2025-02-28"


def test_overview_json_ld_lists_the_published_projects(seed, head):
    make_project([make_country("GR", **NEW_COUNTRY)], **NEW_PROJECT, status="draft")
    collection = head("/nl/").graph_node("CollectionPage")
    items = [element["item"] for element in collection["mainEntity"]["itemListElement"]]
    assert [item["name"] for item in items] == [
        "Gratis rechtshulp voor asielzoekers in Turkije",
        "Betere bescherming van vluchtelingen in Montenegro",
        "Samen de Bosnische vreemdelingenketen versterken",
        "Versterking van het Servische asielsysteem",
        "Bescherming van vluchtelingen in Kenia",
    ]
    assert all(item["@id"].endswith("/#project") for item in items)


def test_partner_json_ld_uses_a_type_for_its_kind(seed, head):
    page = head("/en/partners/ind-immigration-service/")
    partner = page.graph_node("GovernmentOrganization")
    assert partner["alternateName"] == "IND"
    assert partner["sameAs"] == "https://ind.nl/"
    assert partner["address"]["addressCountry"] == "NL"


def test_json_ld_cannot_be_closed_by_content(client, head):
    title = '</script><script>alert("x")</script>'
    make_project([make_country("GR", **NEW_COUNTRY)], **(NEW_PROJECT | {"title_nl": title}))
    html = client.get("/nl/projecten/nieuw-project/").content.decode()
    json_ld = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in json_ld
    assert "\\u003C/script\\u003E" in json_ld
    assert head("/nl/projecten/nieuw-project/").graph_node("Project")["name"] == title


def test_detail_pages_have_a_breadcrumb_to_the_overview(seed, head):
    for url in (TURKEY_EN, "/en/countries/kenya/", "/en/partners/ecre/"):
        page = head(url)
        crumbs = page.graph_node("WebPage")["breadcrumb"]["itemListElement"]
        assert [(c["position"], c["item"]) for c in crumbs] == [
            (1, "http://testserver/en/"),
            (2, page.canonical),
        ]
        assert crumbs[0]["name"] == "All projects"


def test_country_json_ld_is_about_the_country_and_lists_its_projects(seed, head):
    page = head("/en/countries/kenya/")
    web_page = page.graph_node("WebPage")
    assert web_page["about"] == {"@type": "Country", "name": "Kenya", "identifier": "KE"}
    [element] = web_page["mainEntity"]["itemListElement"]
    assert element["item"]["@type"] == "Project"
    assert element["item"]["name"] == "Protecting refugees in Kenya"
