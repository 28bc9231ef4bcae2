"""Load the content of the page "Onze projecten buiten Nederland" (idempotent).

Rows are found by a stable key (the Dutch slug) and only created when missing; an
existing row is left as an editor may have changed it. Running the command twice
changes nothing the second time.
"""

import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from partners.models import FundingSource, PartnerOrganisation
from photos.models import Photo
from projects import seed_content
from projects.models import (
    Country,
    OverviewPage,
    Project,
    ProjectFunding,
    ProjectLink,
    ProjectPartner,
    Video,
    Workshop,
)


def example_image(label, subtitle, size=(1600, 1000)):
    """A JPEG that says plainly it is an example ("voorbeeldfoto")."""
    image = Image.new("RGB", size, (236, 232, 226))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, size[0], 24], fill=(176, 0, 42))
    title_font = ImageFont.load_default(size=size[0] // 11)
    small_font = ImageFont.load_default(size=size[0] // 40)
    draw.text(
        (size[0] / 2, size[1] / 2 - 40), label, font=title_font, fill=(90, 90, 100), anchor="mm"
    )
    draw.text(
        (size[0] / 2, size[1] / 2 + 90), subtitle, font=small_font, fill=(60, 60, 70), anchor="mm"
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def example_pdf(title, lines):
    """A one-page PDF that says plainly it is an example report ("voorbeeldverslag")."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.text(
        (100, 140), "VOORBEELDVERSLAG", font=ImageFont.load_default(size=64), fill=(176, 0, 42)
    )
    draw.text((100, 260), title, font=ImageFont.load_default(size=48), fill=(20, 20, 20))
    body_font = ImageFont.load_default(size=30)
    for number, line in enumerate(lines):
        draw.text((100, 380 + number * 50), line, font=body_font, fill=(60, 60, 60))
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=150.0, title=f"Voorbeeldverslag: {title}")
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load the seed content (countries, projects, partners, workshops, funders). Idempotent."

    def handle(self, *args, **options):
        self.created = 0
        with transaction.atomic():
            self.load_overview()
            funders = self.load_funders()
            partners = self.load_partners()
            countries = self.load_countries()
            self.load_projects(countries, partners, funders)
        if self.created:
            self.stdout.write(self.style.SUCCESS(f"Seed content loaded: {self.created} new rows."))
        else:
            self.stdout.write("Seed content already present; nothing changed.")

    def report(self, kind, label, created):
        if created:
            self.created += 1
            self.stdout.write(f"  + {kind}: {label}")

    def load_overview(self):
        if OverviewPage.objects.exists():
            return
        page = OverviewPage.objects.create(**seed_content.OVERVIEW)
        self.report("overview page", page.title_nl, True)

    def load_funders(self):
        funders = {}
        for data in seed_content.FUNDERS:
            data = dict(data)
            parent = data.pop("parent", None)
            funder, created = FundingSource.objects.get_or_create(
                slug=data.pop("slug"),
                defaults={**data, "parent": funders.get(parent)},
            )
            funders[funder.slug] = funder
            self.report("funder", funder.name_nl, created)
        return funders

    def load_partners(self):
        partners = {}
        for data in seed_content.PARTNERS:
            data = dict(data)
            partner, created = PartnerOrganisation.objects.get_or_create(
                slug_nl=data.pop("slug_nl"), defaults=data
            )
            partners[partner.slug_nl] = partner
            self.report("partner", partner.name_nl, created)
        return partners

    def load_countries(self):
        countries = {}
        for data in seed_content.COUNTRIES:
            data = dict(data)
            country, created = Country.objects.get_or_create(
                slug_nl=data.pop("slug_nl"), defaults=data
            )
            for code in data["codes"]:
                countries[code] = country
            self.report("country", country.name_nl, created)
        return countries

    def load_projects(self, countries, partners, funders):
        for data in seed_content.PROJECTS:
            data = dict(data)
            country_codes = data.pop("countries")
            partner_roles = data.pop("partners")
            funder_slugs = data.pop("funders")
            workshops = data.pop("workshops", [])
            links = data.pop("links", [])
            videos = data.pop("videos", [])
            project, created = Project.objects.get_or_create(
                slug_nl=data.pop("slug_nl"),
                defaults={**data, "status": Project.Status.PUBLISHED},
            )
            self.report("project", project.title_nl, created)
            if not created:
                continue
            project.countries.set([countries[code] for code in country_codes])
            for order, (slug, role) in enumerate(partner_roles):
                ProjectPartner.objects.create(
                    project=project, partner=partners[slug], role=role, sort_order=order
                )
            for order, (slug, phrasing) in enumerate(funder_slugs):
                # The page says "gefinancierd door" the ministry but "vanuit" the Matra fund.
                ProjectFunding.objects.create(
                    project=project, funder=funders[slug], phrasing=phrasing, sort_order=order
                )
            for order, workshop in enumerate(workshops):
                self.load_workshop(project, partners, dict(workshop), order)
            for order, link in enumerate(links):
                ProjectLink.objects.create(project=project, sort_order=order, **link)
            for order, video in enumerate(videos):
                Video.objects.create(project=project, sort_order=order, **video)

    def load_workshop(self, project, partners, data, order):
        facilitators = data.pop("facilitators", [])
        photo_name = data.pop("example_photo", None)
        report_name = data.pop("example_report", None)
        alts = {key: data.pop(key) for key in ("photo_alt_nl", "photo_alt_en") if key in data}
        workshop = Workshop(project=project, sort_order=order, **data)
        if photo_name:
            # An example picture without people, in the photo library, its description there.
            photo = Photo(
                title=f"Workshop {data['title_nl']}",
                alt_nl=alts.get("photo_alt_nl", ""),
                alt_en=alts.get("photo_alt_en", ""),
                credit="VluchtelingenWerk Nederland",
                people_shown=False,
            )
            photo.file.save(
                photo_name,
                # A named file, so Django records the photo's width and height.
                ContentFile(
                    example_image("VOORBEELDFOTO", f"Workshop {data['title_nl']}"), name=photo_name
                ),
                save=False,
            )
            photo.save()
            workshop.photo = photo
        if report_name:
            workshop.report.save(
                report_name,
                ContentFile(
                    example_pdf(
                        data["title_nl"],
                        [
                            "Dit is een voorbeeldbestand: het echte verslag van deze workshop",
                            "is nog niet toegevoegd. Vervang het in het beheer.",
                            "This is an example file, not the real report.",
                        ],
                    )
                ),
                save=False,
            )
        workshop.save()
        workshop.facilitators.set([partners[slug] for slug in facilitators])
        self.report("workshop", f"{workshop.title_nl} ({Path(photo_name or '-').stem})", True)
