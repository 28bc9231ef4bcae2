"""The seed page: every fact is loaded, rendered, and loading is idempotent."""

import html as html_lib
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from partners.models import FundingSource, PartnerOrganisation
from projects.models import Country, Project, Workshop

pytestmark = pytest.mark.django_db

SEED_FILE = Path(__file__).parent / "data" / "onze-projecten-buiten-nederland.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / SEED_FILE.name

# Lines of the seed that are interface, not content: the language switcher and the share
# block are rendered from the catalogues (checked in test_interface_lines_are_rendered).
INTERFACE_LINES = {"Read this article in English", "Read in English", "Deel dit met anderen"}
# Sentences that the site builds from data rather than storing as text: the funders and
# the duration are fields, the workshop line is the workshop's title, report and caption.
GENERATED = {
    "Het project wordt gefinancierd vanuit het Matra-fonds van de Nederlandse ambassade in "
    "Servië en heeft een looptijd van een jaar.": [
        "Het project wordt gefinancierd door het Matra-fonds van de Nederlandse ambassade in "
        "Servië en heeft een looptijd van een jaar."
    ],
    "Het project wordt gefinancierd door het Nederlandse ministerie van Buitenlandse Zaken en "
    "heeft een looptijd van twee jaar.": [
        "Het project wordt gefinancierd door het Nederlandse ministerie van Buitenlandse Zaken "
        "en heeft een looptijd van twee jaar."
    ],
    "Asylum Procedures, download een verslag hier (pdf). Op de foto: de twee medewerkers van "
    "VluchtelingenWerk die een workshop gaven in Istanbul.": [
        "Asylum Procedures",
        "Download het verslag",
        "Op de foto: de twee medewerkers van VluchtelingenWerk die een workshop gaven in Istanbul.",
    ],
}


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def seed_paragraphs():
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    paragraphs = [normalise(line.lstrip(" •")) for line in lines]
    return [p for p in paragraphs if p and p not in INTERFACE_LINES]


def page_text(response):
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return normalise(html_lib.unescape(without_tags))


def test_repository_copy_of_the_seed_matches_the_shared_one():
    if not SHARED_SEED.exists():
        pytest.skip(f"shared seed not present at {SHARED_SEED}")
    assert SEED_FILE.read_text(encoding="utf-8") == SHARED_SEED.read_text(encoding="utf-8")


def test_every_paragraph_of_the_seed_appears_on_the_dutch_overview(client, seed):
    text = page_text(client.get("/nl/"))
    missing = []
    for paragraph in seed_paragraphs():
        for expected in GENERATED.get(paragraph, [paragraph]):
            if normalise(expected) not in text:
                missing.append(expected)
    assert missing == []


def test_interface_lines_are_rendered(client, seed):
    assert "Read this article in English" in client.get("/nl/").content.decode()


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
    assert workshop.photo_width == 1600 and workshop.photo_alt_nl.startswith("Voorbeeldfoto")
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
