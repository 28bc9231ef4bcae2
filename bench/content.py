"""Generated content of any size, for the benchmark and the query-count tests.

    python bench/content.py --projects 100 --yes   # replaces all content of the database

Deterministic: the same size always gives the same rows (names, texts, relations follow
from the row numbers, nothing is random), so measurements can be compared between runs
and machines. Every project has countries, partners with roles, funders (some with a
parent funder), workshops with facilitators, a video and a link; every other project is
translated into English, every tenth is a draft, every fifth is completed. Every tenth
place is a territory of three codes; projects have results (half of them with numbers),
the organisation has results of its own, and two calls to action are placed on the
overview and on every third project.
"""

import argparse
import math
import os
import sys
from datetime import date
from pathlib import Path

if __name__ == "__main__":
    # Run as a script: the project folder is the import root, dev settings by default.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vwn_projects.settings.dev")
    import django

    django.setup()

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_countries import countries as iso_countries

from partners.models import FundingSource, PartnerOrganisation
from projects.models import (
    CallToAction,
    Country,
    OverviewPage,
    Project,
    ProjectFunding,
    ProjectLink,
    ProjectPartner,
    Result,
    Video,
    Workshop,
)
from website.page_cache import bump_content_version

MAX_COUNTRIES = 100
FUNDER_COUNT = 12

WORDS_NL = [
    "vluchtelingen",
    "asiel",
    "opvang",
    "training",
    "partners",
    "kennis",
    "procedures",
    "integratie",
    "rechtshulp",
    "samenwerking",
    "gemeenten",
    "overheid",
    "ondersteuning",
    "ervaring",
    "organisatie",
    "bescherming",
    "advocaten",
    "begeleiding",
    "onderzoek",
    "beleid",
]
WORDS_EN = [
    "refugees",
    "asylum",
    "reception",
    "training",
    "partners",
    "knowledge",
    "procedures",
    "integration",
    "legal-aid",
    "cooperation",
    "municipalities",
    "government",
    "support",
    "experience",
    "organisation",
    "protection",
    "lawyers",
    "guidance",
    "research",
    "policy",
]


def sentence(words, seed, length=14):
    picked = [words[(seed * 7 + i * 3) % len(words)] for i in range(length)]
    return " ".join(picked).capitalize() + "."


def paragraphs(words, seed, count=2):
    """About as long as the seed content's texts."""
    return "".join(
        "<p>" + " ".join(sentence(words, seed + p * 5 + s, 12) for s in range(3)) + "</p>"
        for p in range(count)
    )


def sizes(project_count):
    """How many countries and partner organisations go with this many projects."""
    country_count = min(MAX_COUNTRIES, max(1, math.ceil(project_count / 2)))
    partner_count = max(4, project_count // 2)
    return country_count, partner_count


@transaction.atomic
def build(project_count, stdout=None):
    """Replace all content by a generated site with ``project_count`` projects."""

    def say(message):
        if stdout is not None:
            stdout.write(message + "\n")

    with translation.override("nl"):
        for model in (
            Result,
            Workshop,
            Video,
            ProjectLink,
            ProjectPartner,
            ProjectFunding,
            Project,
            CallToAction,
        ):
            model.objects.all().delete()
        Country.objects.all().delete()
        PartnerOrganisation.objects.all().delete()
        FundingSource.objects.filter(parent__isnull=False).delete()
        FundingSource.objects.all().delete()
        OverviewPage.objects.all().delete()

        country_count, partner_count = sizes(project_count)
        OverviewPage.objects.create(
            title_nl="Onze projecten buiten Nederland",
            title_en="Our projects outside the Netherlands",
            intro_nl=paragraphs(WORDS_NL, 1, 2),
            intro_en=paragraphs(WORDS_EN, 1, 2),
            projects_heading_nl="Onze projecten",
            projects_heading_en="Our projects",
            projects_intro_nl=paragraphs(WORDS_NL, 2, 1),
            projects_intro_en=paragraphs(WORDS_EN, 2, 1),
            more_info_heading_nl="Meer informatie",
            more_info_heading_en="More information",
            more_info_nl=paragraphs(WORDS_NL, 3, 1),
            more_info_en=paragraphs(WORDS_EN, 3, 1),
            meta_description_nl=sentence(WORDS_NL, 4),
            meta_description_en=sentence(WORDS_EN, 4),
            results_years="2019, 2020",
        )

        all_codes = sorted(code for code, _name in iso_countries if code != "NL")
        codes = all_codes[:country_count]
        spare = iter(all_codes[country_count:])
        countries = Country.objects.bulk_create(
            Country(
                name_nl=f"Land {number}",
                name_en=f"Country {number}",
                slug_nl=f"land-{number}",
                slug_en=f"country-{number}",
                # Every tenth place is a territory of three codes.
                kind=Country.Kind.TERRITORY if number % 10 == 0 else Country.Kind.COUNTRY,
                codes=[code, next(spare), next(spare)] if number % 10 == 0 else [code],
                region_nl="regio " + WORDS_NL[number % len(WORDS_NL)],
                situation_nl=paragraphs(WORDS_NL, number, 1),
                situation_en=paragraphs(WORDS_EN, number, 1) if number % 2 else "",
                sort_order=number,
            )
            for number, code in enumerate(codes, start=1)
        )
        say(f"  {len(countries)} countries")

        parents = FundingSource.objects.bulk_create(
            FundingSource(
                name_nl=f"Ministerie {n}", name_en=f"Ministry {n}", slug=f"ministerie-{n}"
            )
            for n in range(1, 4)
        )
        funders = parents + FundingSource.objects.bulk_create(
            FundingSource(
                name_nl=f"Fonds {n}",
                name_en=f"Fund {n}",
                slug=f"fonds-{n}",
                parent=parents[n % len(parents)] if n % 2 else None,
            )
            for n in range(1, FUNDER_COUNT - len(parents) + 1)
        )

        partners = PartnerOrganisation.objects.bulk_create(
            PartnerOrganisation(
                name_nl=f"Partnerorganisatie {n}",
                name_en=f"Partner organisation {n}" if n % 2 else "",
                acronym=f"PO{n}",
                slug_nl=f"partner-{n}",
                website=f"https://partner-{n}.example.org/",
                description_nl=paragraphs(WORDS_NL, n, 1),
            )
            for n in range(1, partner_count + 1)
        )
        say(f"  {len(partners)} partner organisations, {len(funders)} funders")

        projects = Project.objects.bulk_create(
            Project(
                title_nl=f"Project {n}: {WORDS_NL[n % len(WORDS_NL)]}",
                title_en=f"Project {n}: {WORDS_EN[n % len(WORDS_EN)]}" if n % 2 else "",
                slug_nl=f"project-{n}",
                slug_en=f"project-{n}-en" if n % 2 else None,
                status=Project.Status.DRAFT if n % 10 == 0 else Project.Status.PUBLISHED,
                summary_nl=sentence(WORDS_NL, n),
                summary_en=sentence(WORDS_EN, n) if n % 2 else "",
                body_nl=paragraphs(WORDS_NL, n),
                body_en=paragraphs(WORDS_EN, n) if n % 2 else "",
                start_date=date(2018 + n % 6, 1 + n % 12, 1),
                end_date=(end := date(2035 + n % 3, 1 + n % 12, 1)),
                duration_months=12 * (1 + n % 3),
                completed=n % 5 == 3,
                sort_order=n,
                # bulk_create skips Project.save(), which would number the codes and
                # keep the planned end (here the end date).
                project_code=f"P{n:04d}",
                planned_end=end,
            )
            for n in range(1, project_count + 1)
        )
        Project.countries.through.objects.bulk_create(
            Project.countries.through(project=project, country=countries[index])
            for number, project in enumerate(projects)
            for index in {number % len(countries), (number * 7 + 3) % len(countries)}
        )
        ProjectPartner.objects.bulk_create(
            ProjectPartner(
                project=project,
                partner=partners[index],
                role=ProjectPartner.Role.values[(number + order) % len(ProjectPartner.Role)],
                sort_order=order,
            )
            for number, project in enumerate(projects)
            for order, index in enumerate(
                sorted({number % len(partners), (number * 3 + 1) % len(partners)})
            )
        )
        ProjectFunding.objects.bulk_create(
            ProjectFunding(
                project=project,
                funder=funders[index],
                amount=10_000 * (1 + (number + order) % 20),
                show_amount=bool(number % 2),
                phrasing=ProjectFunding.Phrasing.FROM if order else ProjectFunding.Phrasing.BY,
                sort_order=order,
            )
            for number, project in enumerate(projects)
            for order, index in enumerate(
                sorted({number % len(funders), (number + 5) % len(funders)})
            )
        )
        Video.objects.bulk_create(
            Video(
                project=project,
                url=f"https://www.youtube.com/watch?v=bench{number:06d}",
                title_nl=f"Film over project {number + 1}",
                title_en=f"Film about project {number + 1}",
                caption_nl=sentence(WORDS_NL, number, 8),
            )
            for number, project in enumerate(projects)
        )
        ProjectLink.objects.bulk_create(
            ProjectLink(
                project=project,
                label_nl="Ga naar de website van onze lokale partnerorganisatie",
                label_en="Go to the website of our local partner organisation",
                url=f"https://partner-{number}.example.org/project",
            )
            for number, project in enumerate(projects)
        )
        workshops = Workshop.objects.bulk_create(
            Workshop(
                project=project,
                title_nl=title_nl,
                title_en=title_en,
                description_nl=sentence(WORDS_NL, number + order, 16),
                date=date(2020 + number % 5, 1 + order, 10),
                location="Istanbul" if order else "Belgrado",
                sort_order=order,
            )
            for number, project in enumerate(projects)
            for order, (title_nl, title_en) in enumerate(
                [("Asielprocedures", "Asylum Procedures"), ("Opvang", "Reception")]
            )
        )
        Workshop.facilitators.through.objects.bulk_create(
            Workshop.facilitators.through(
                workshop=workshop, partnerorganisation=partners[number % len(partners)]
            )
            for number, workshop in enumerate(workshops)
        )
        results = Result.objects.bulk_create(
            Result(
                project=project,
                year=2019 + order,
                statement_nl=sentence(WORDS_NL, number + order, 8),
                statement_en=sentence(WORDS_EN, number + order, 8),
                value=(number + 1) * 10 if order else None,
                unit_nl="deelnemers" if order else "",
                unit_en="participants" if order else "",
                target=(number + 1) * 12 if order else None,
                sort_order=order,
            )
            for number, project in enumerate(projects)
            for order in range(2)
        ) + Result.objects.bulk_create(
            Result(
                year=2019 + n % 2,
                statement_nl=sentence(WORDS_NL, n, 8),
                statement_en=sentence(WORDS_EN, n, 8),
                value=100 * n if n % 2 else None,
                unit_nl="asielzoekers" if n % 2 else "",
                unit_en="asylum seekers" if n % 2 else "",
                sort_order=n,
            )
            for n in range(1, 6)
        )
        calls = CallToAction.objects.bulk_create(
            CallToAction(
                heading_nl=f"Help direct {n}",
                heading_en=f"Help now {n}",
                text_nl=sentence(WORDS_NL, n, 12),
                text_en=sentence(WORDS_EN, n, 12),
                button_label_nl="Help en doneer direct",
                button_label_en="Help and donate now",
                url_nl=f"https://www.vluchtelingenwerk.nl/doneren-{n}",
            )
            for n in range(1, 3)
        )
        OverviewPage.objects.get().calls_to_action.set(calls[:1])
        Project.calls_to_action.through.objects.bulk_create(
            Project.calls_to_action.through(project=project, calltoaction=call)
            for number, project in enumerate(projects)
            if number % 3 == 0
            for call in calls
        )
        say(
            f"  {len(projects)} projects with {len(workshops)} workshops and {len(results)} results"
        )
    # Bulk inserts send no signals: make cached pages stale here.
    transaction.on_commit(bump_content_version)
    return projects


def main(argv=None):
    """Replace all content of the configured database by a generated site (not for
    production: everything else is deleted)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--projects", type=int, required=True)
    parser.add_argument(
        "--yes", action="store_true", help="Confirm that all existing content is deleted."
    )
    args = parser.parse_args(argv)
    if not args.yes:
        parser.error("this deletes all content; run it again with --yes")
    if args.projects < 1:
        parser.error("--projects must be at least 1")
    print(f"Generating {args.projects} projects in {settings.DATABASES['default']['NAME']}")
    build(args.projects, stdout=sys.stdout)
    print("Done.")


if __name__ == "__main__":
    main()
