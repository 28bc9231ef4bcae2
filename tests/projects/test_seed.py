"""The seed page: every fact is loaded, rendered, and loading is idempotent."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command

from partners.models import FundingSource, PartnerOrganisation
from projects.models import Country, Project, ProjectFunding, Workshop
from website.page_cache import bump_content_version

pytestmark = pytest.mark.django_db

SEED_FILE = Path(__file__).parent / "data" / "onze-projecten-buiten-nederland.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / SEED_FILE.name

# Elements that end a line of text, as a browser lays the page out; inline elements
# (strong, a, span, ...) run on with the text around them.
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li",
    "main", "nav", "ol", "p", "section", "summary", "table", "td", "th", "tr", "ul",
}  # fmt: skip
UNSHOWN = {"script", "style", "svg", "template", "head"}


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def seed_paragraphs():
    """Every line of the published page that holds text, the interface lines included."""
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    paragraphs = [normalise(line.lstrip(" •")) for line in lines]
    return [p for p in paragraphs if p]


class _PageText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in UNSHOWN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in UNSHOWN:
            self.hidden -= 1
        elif tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def page_text(response):
    """The text of a page as a reader sees it, whitespace normalised."""
    parser = _PageText()
    parser.feed(response.content.decode())
    return normalise("".join(parser.parts))


def test_repository_copy_of_the_seed_matches_the_shared_one():
    if not SHARED_SEED.exists():
        pytest.skip(f"shared seed not present at {SHARED_SEED}")
    assert SEED_FILE.read_text(encoding="utf-8") == SHARED_SEED.read_text(encoding="utf-8")


def test_every_paragraph_of_the_seed_appears_verbatim_on_the_dutch_overview(client, seed):
    text = page_text(client.get("/nl/"))
    assert [paragraph for paragraph in seed_paragraphs() if paragraph not in text] == []


def test_the_seed_check_fails_for_a_sentence_the_page_does_not_have(client, seed):
    """The check above can fail: the site's own wording of the funding is not the seed's."""
    ProjectFunding.objects.update(phrasing=ProjectFunding.Phrasing.BY)
    bump_content_version()
    text = page_text(client.get("/nl/"))
    sentence = (
        "Het project wordt gefinancierd vanuit het Matra-fonds van de Nederlandse ambassade "
        "in Servië en heeft een looptijd van een jaar."
    )
    assert sentence in seed_paragraphs()
    assert sentence not in text


def test_seed_loads_every_record(seed):
    assert Country.objects.count() == 5
    assert Project.objects.published().count() == 5
    assert PartnerOrganisation.objects.count() == 7
    assert FundingSource.objects.count() == 3
    assert Workshop.objects.count() == 3
    matra = FundingSource.objects.get(slug="matra-fonds-ambassade-servie")
    assert matra.parent.slug == "ministerie-van-buitenlandse-zaken"
    assert sorted(Project.objects.values_list("duration_months", flat=True), key=str) == sorted(
        [None, 12, 24, 12, None], key=str
    )


def test_seed_workshop_has_example_photo_and_pdf_report(seed):
    workshop = Workshop.objects.get(title_nl="Asylum Procedures")
    assert workshop.photo.width == 1600 and workshop.photo.alt_nl.startswith("Voorbeeldfoto")
    assert workshop.photo.credit and workshop.public_photo() == workshop.photo
    with workshop.report.open("rb") as report:
        assert report.read(5) == b"%PDF-"
    assert workshop.facilitators.get().acronym == "ECRE"


def test_seed_renders_partner_websites_and_links_and_video(client, seed):
    html = client.get("/nl/").content.decode()
    assert "https://www.hyd.org.tr/" in html
    assert "https://www.cilc.nl/" in html
    assert "Ga naar de website van onze lokale partnerorganisatie." in html
    assert "youtube.com/watch?v=VWNKakuma01" in html
    for partner in PartnerOrganisation.objects.exclude(slug_nl="ecre"):
        assert partner.get_absolute_url() in html


def test_loading_the_seed_twice_changes_nothing(seed):
    def snapshot():
        return {
            model.__name__: sorted(model.objects.values_list("pk", flat=True))
            for model in (Country, Project, PartnerOrganisation, FundingSource, Workshop)
        }

    before = snapshot()
    call_command("load_seed_content", stdout=io.StringIO())
    assert snapshot() == before


def test_loading_the_seed_again_keeps_editors_changes(seed):
    Project.objects.filter(slug_nl="bescherming-vluchtelingen-kenia").update(
        title_nl="Aangepaste titel"
    )
    call_command("load_seed_content", stdout=io.StringIO())
    assert Project.objects.filter(title_nl="Aangepaste titel").count() == 1


def test_english_overview_has_an_english_translation_of_every_project(client, seed):
    text = page_text(client.get("/en/"))
    assert "The situation in Bosnia and Herzegovina" in text
    assert "Many refugees in Kenya live without papers" in text
    assert (
        "The project is funded by the Dutch Ministry of Foreign Affairs and runs for two years."
        in text
    )


def test_seed_content_is_fully_translated_into_english(seed):
    from projects.models import OverviewPage
    from translations.state import COMPLETE, item_statuses

    models = (OverviewPage, Country, Project, PartnerOrganisation, FundingSource, Workshop)
    untranslated = [
        f"{model.__name__}: {status.obj} {[f.field for f in status.missing]}"
        for model in models
        for status in item_statuses(model).values()
        if status.state != COMPLETE
    ]
    assert untranslated == []
