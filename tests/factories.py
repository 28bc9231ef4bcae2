"""Small builders of test data; each test builds what it needs. The suite's only ones.

Every ``make_*`` creates one object with unique defaults and takes any model field as a
keyword to override them. Content is in Dutch and English unless the name says otherwise
(``make_dutch_only_project``); pass ``name_en=None`` and the like for a single field that
has no English yet: a field given as None is stored as if it had never been given.

``plain=True`` leaves out everything the model does not require: the record then has its
unique Dutch name (title) and slug and the fields you pass, nothing else (no English, no
rich text, sort order 0). The presets at the end are the field values some suites were
written against, to spread into a call.
"""

import io
import itertools
import os
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from django_countries import countries as all_countries
from PIL import Image

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

_counter = itertools.count(1)


def _n():
    return next(_counter)


# Files ------------------------------------------------------------------------------------


def image_bytes(size=(64, 48), fmt="JPEG", *, mode="RGB", color=(200, 30, 40), exif=None):
    """The bytes of a real image of one ``color`` in the Pillow format ``fmt``; ``mode``
    "RGBA" with a four-part colour for transparency, ``exif`` to store metadata."""
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def image_upload(
    name="photo.jpg", size=(64, 48), fmt="JPEG", content_type=None, *, color=(200, 30, 40)
):
    return SimpleUploadedFile(
        name,
        image_bytes(size, fmt, color=color),
        content_type=content_type or f"image/{fmt.lower()}",
    )


def pdf_bytes():
    """The bytes of a real PDF: one blank page."""
    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, "PDF")
    return buffer.getvalue()


def pdf_document(catalog=b"", page=b"", objects=()):
    """A hand-written one-page PDF with a correct cross-reference table: ``catalog`` and
    ``page`` are added to the catalogue's and the page's dictionary, ``objects`` become
    objects 4, 5, ... . For crafting the tricks the upload check must see through."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << >> " + page + b" >>",
        *objects,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(bodies) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def jpeg_bytes(size=(400, 300)):
    """A JPEG of noise (so its data is long enough to cut off in the middle)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "JPEG")
    return buffer.getvalue()


# Users ------------------------------------------------------------------------------------


def make_user(group=None, **fields):
    """A staff user, in ``group`` ("editors" or "translators") when given."""
    user = User.objects.create_user(
        f"user{_n()}", password="secret-pass-123", is_staff=True, **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_editor():
    return make_user("editors")


def make_translator():
    return make_user("translators")


# Content ----------------------------------------------------------------------------------


def make_overview(**fields):
    defaults = {"title_nl": "Onze projecten", "title_en": "Our projects"}
    return OverviewPage.objects.create(**{**defaults, **fields})


def make_country(iso_code=None, english=True, *, plain=False, **fields):
    """A country with the code ``iso_code``; without it, one whose code no other place has
    yet. Pass ``codes=[...]`` (and a ``kind``) for a territory or region of several codes.
    ``english=False`` leaves out every English field; a plain country is named after its
    code ("Land TR", slug "land-tr") and has no situation."""
    n = _n()
    codes = fields.pop("codes", None) or [iso_code or _free_iso_code()]
    code = "-".join(codes)
    if plain:
        defaults = {"codes": codes, "name_nl": f"Land {code}", "slug_nl": f"land-{code.lower()}"}
        return Country.objects.create(**{**defaults, **fields})
    defaults = {
        "codes": codes,
        "name_nl": f"Land {n}",
        "slug_nl": f"land-{n}",
        "situation_nl": f"<p>Situatie in land {n}.</p>",
        "sort_order": n,
    }
    if english:
        defaults.update(
            {
                "name_en": f"Country {n}",
                "slug_en": f"country-{n}",
                "situation_en": f"<p>Situation in country {n}.</p>",
            }
        )
    return Country.objects.create(**{**defaults, **fields})


def make_territory(codes, name, **fields):
    """A territory of several codes, named ``name`` in Dutch (and in English unless given)."""
    slug = slugify(name)
    defaults = {
        "kind": Country.Kind.TERRITORY,
        "plain": True,
        "name_nl": name,
        "slug_nl": slug,
        "slug_en": slug,
    }
    return make_country(codes=codes, **{**defaults, **fields})


def make_area(name="Europa", iati_region="89", **fields):
    """A region worked in as a whole: an IATI region (89: Europe, regional), no country codes."""
    slug = slugify(name)
    defaults = {
        "kind": Country.Kind.REGION,
        "iati_region": iati_region,
        "codes": [],
        "name_nl": name,
        "slug_nl": slug,
        "slug_en": f"{slug}-en",
    }
    return Country.objects.create(**{**defaults, **fields})


def _free_iso_code():
    # values_list gives the stored text: "AW,BQ,CW,SX".
    stored = Country.objects.values_list("codes", flat=True)
    used = {code for codes in stored for code in str(codes).split(",")}
    return next(code for code, _name in all_countries if code not in used)


def make_partner(name=None, *, slug=None, plain=False, **fields):
    """A partner organisation called ``name`` (Dutch), with a website in the Netherlands
    unless plain."""
    n = _n()
    defaults = {"name_nl": name or f"Partner {n}", "slug_nl": slug or f"partner-{n}"}
    if not plain:
        defaults.update({"website": f"https://partner{n}.example.org/", "home_country": "NL"})
    return PartnerOrganisation.objects.create(**{**defaults, **fields})


def make_funder(name=None, *, plain=False, **fields):
    """A funding source called ``name`` (Dutch, as it reads in a sentence); with an
    English name unless plain."""
    n = _n()
    defaults = {"name_nl": name or f"het fonds {n}", "slug": f"fonds-{n}"}
    if not plain:
        defaults["name_en"] = f"the fund {n}"
    return FundingSource.objects.create(**{**defaults, **fields})


def make_project(
    countries=None, published=True, english=True, *, slug=None, status=None, plain=False, **fields
):
    """A project with a title and body, in a new country unless ``countries`` is given
    (``countries=()`` for none). ``english=False`` leaves out every English field;
    ``slug`` is the Dutch slug; ``status`` wins over ``published``. A plain project has a
    title, slug and status only, and its new country is plain too."""
    n = _n()
    defaults = {
        "title_nl": f"Project {n}",
        "slug_nl": slug or f"project-{n}",
        "status": status or (Project.Status.PUBLISHED if published else Project.Status.DRAFT),
    }
    if not plain:
        defaults.update({"body_nl": f"<p>Wat we doen in project {n}.</p>", "sort_order": n})
        if english:
            defaults.update(
                {
                    "title_en": f"Project {n} (en)",
                    "slug_en": f"project-{n}-en",
                    "body_en": f"<p>What we do in project {n}.</p>",
                }
            )
    project = Project.objects.create(**{**defaults, **fields})
    project.countries.set(countries if countries is not None else [make_country(plain=plain)])
    return project


def make_dutch_only_project(countries=None, **fields):
    """A published project whose title, summary and body await their English translation:
    where the translation workflow starts."""
    defaults = {
        "summary_nl": "Een korte samenvatting.",
        "body_nl": "<p>Wat VluchtelingenWerk doet.</p>",
    }
    return make_project(countries, english=False, **{**defaults, **fields})


def make_translated_project(countries=None, **fields):
    """A Dutch-only project with the English of each of its texts filled in."""
    english = {
        "title_en": "Project in English",
        "slug_en": f"project-en-{_n()}",
        "summary_en": "A short summary.",
        "body_en": "<p>What VluchtelingenWerk does.</p>",
    }
    return make_dutch_only_project(countries, **{**english, **fields})


def make_workshop(project, *, plain=False, **fields):
    """A workshop called "Training", with a description unless plain."""
    defaults = {"title_nl": "Training"}
    if not plain:
        defaults["description_nl"] = "<p>Een training.</p>"
    return Workshop.objects.create(project=project, **{**defaults, **fields})


def make_video(project, **fields):
    defaults = {"url": "https://www.youtube.com/watch?v=abcdefghijk", "title_nl": "Een video"}
    return Video.objects.create(project=project, **{**defaults, **fields})


def make_link(project, **fields):
    defaults = {"label_nl": "Lees meer", "url_nl": "https://example.org/"}
    return ProjectLink.objects.create(project=project, **{**defaults, **fields})


def make_result(project=None, **fields):
    """A result of ``project`` (or of the organisation as a whole) in 2018, without a
    number unless given."""
    defaults = {"year": 2018, "statement_nl": f"Resultaat {_n()}"}
    return Result.objects.create(project=project, **{**defaults, **fields})


def make_call_to_action(**fields):
    """A call to action "Help en doneer direct" (Dutch and English), shown at once."""
    n = _n()
    defaults = {
        "heading_nl": f"Noodhulp {n}",
        "heading_en": f"Emergency aid {n}",
        "text_nl": "Help vluchtelingen die nu alles kwijt zijn.",
        "text_en": "Help refugees who have lost everything.",
        "button_label_nl": "Help en doneer direct",
        "button_label_en": "Help and donate now",
        "url_nl": f"https://www.vluchtelingenwerk.nl/doneren/{n}",
    }
    return CallToAction.objects.create(**{**defaults, **fields})


def make_full_project(countries=None, workshop_title=None, **fields):
    """A project with one of every relation: a partner, a funder that belongs to another, a
    workshop ("Workshop <pk>" unless ``workshop_title`` is given) with another partner as
    facilitator, a video and a link."""
    project = make_project(countries=countries, duration_months=12, **fields)
    add_partner(project, make_partner())
    add_funding(project, make_funder(parent=make_funder()))
    workshop = make_workshop(project, title_nl=workshop_title or f"Workshop {project.pk}")
    workshop.facilitators.add(make_partner())
    make_video(project)
    make_link(project)
    return project


def make_many_projects(count, *, places=None):
    """``count`` published, current projects made in bulk (no save(), no signals: a
    thousand in about a second), for the tests of how pages grow with content. They are
    spread over ``places`` new places (default: half as many as projects, at most 100);
    every third project is a programme in two places. Each has a summary, a partner, a
    funder, a workshop and a result in 2019 and 2020 (one with a number); the
    organisation has results of its own in both years and an overview that shows them.
    Start dates run over six years, so "the newest" differs per place. The search index is
    not kept (``manage.py rebuild_search_index`` where a test searches)."""
    import datetime

    first = _n()
    place_count = places or min(100, max(1, (count + 1) // 2))
    stored = Country.objects.values_list("codes", flat=True)  # "AW,BQ,CW,SX"
    used = {code for codes in stored for code in str(codes).split(",")}
    codes = [code for code, _name in all_countries if code not in used][:place_count]
    made_places = Country.objects.bulk_create(
        Country(
            codes=[code],
            name_nl=f"Plaats {first}-{number}",
            name_en=f"Place {first}-{number}",
            slug_nl=f"plaats-{first}-{number}",
            slug_en=f"place-{first}-{number}",
            region_nl="Oost-Europa" if number % 2 else "Oost-Afrika",
            situation_nl=f"<p>De situatie in plaats {number}: vluchtelingen en asiel.</p>",
            situation_en=f"<p>The situation in place {number}: refugees and asylum.</p>",
            sort_order=number,
        )
        for number, code in enumerate(codes)
    )
    partner = make_partner()
    funder = make_funder()
    end = datetime.date.today() + datetime.timedelta(days=3 * 365)
    projects = Project.objects.bulk_create(
        Project(
            title_nl=f"Project {first}-{n}: rechtshulp",
            title_en=f"Project {first}-{n}: legal aid",
            slug_nl=f"project-{first}-{n}",
            slug_en=f"project-{first}-{n}-en",
            summary_nl=f"Samenvatting van project {n}: rechtshulp aan vluchtelingen.",
            summary_en=f"Summary of project {n}: legal aid to refugees.",
            body_nl=f"<p>Wat we doen in project {n}.</p>",
            body_en=f"<p>What we do in project {n}.</p>",
            status=Project.Status.PUBLISHED,
            start_date=datetime.date(2019 + n % 6, 1 + n % 12, 1),
            end_date=end,
            planned_end=end,  # save() would keep it
            sort_order=n,
            project_code=f"M{first}-{n}",
        )
        for n in range(count)
    )
    Project.countries.through.objects.bulk_create(
        Project.countries.through(project=project, country=made_places[index])
        for n, project in enumerate(projects)
        for index in {n % place_count, (n + 1) % place_count if n % 3 == 0 else n % place_count}
    )
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=project, partner=partner) for project in projects
    )
    ProjectFunding.objects.bulk_create(
        ProjectFunding(project=project, funder=funder, amount=Decimal(10_000), show_amount=True)
        for project in projects
    )
    Workshop.objects.bulk_create(
        Workshop(project=project, title_nl="Asielprocedures", title_en="Asylum procedures")
        for project in projects
    )
    Result.objects.bulk_create(
        Result(
            project=project,
            year=year,
            statement_nl="deelnemers opgeleid",
            statement_en="participants trained",
            value=Decimal(10 + n % 40) if year == 2020 else None,
            unit_nl="deelnemers" if year == 2020 else "",
            unit_en="participants" if year == 2020 else "",
        )
        for n, project in enumerate(projects)
        for year in (2019, 2020)
    )
    if not OverviewPage.objects.exists():
        make_overview(results_years="2019, 2020")
        Result.objects.bulk_create(
            Result(
                year=year, statement_nl=f"Resultaat van {year}", statement_en=f"Result of {year}"
            )
            for year in (2019, 2020)
        )
    # As an import in bulk does: one change of everything, so the processes' structures
    # kept while the content clock says nothing changed (the facet index) are read again.
    from website.freshness import record_change

    record_change()
    return projects


# Relations and files of a record ----------------------------------------------------------


def add_partner(project, partner, role=ProjectPartner.Role.LOCAL_PARTNER):
    return ProjectPartner.objects.create(project=project, partner=partner, role=role)


def add_funding(project, funder, amount=None, currency="EUR"):
    return ProjectFunding.objects.create(
        project=project,
        funder=funder,
        amount=Decimal(amount) if amount is not None else None,
        currency=currency,
    )


def add_workshop_with_report(project, **fields):
    """A workshop "Asielprocedures" with a (tiny) PDF report, saved once."""
    workshop = Workshop(project=project, title_nl="Asielprocedures", **fields)
    workshop.report.save("verslag.pdf", ContentFile(b"%PDF-1.4 example"), save=False)
    workshop.save()
    return workshop


def make_library_photo(name="foto.jpg", content=None, alt="Twee mensen in gesprek", **fields):
    """A saved photo of the library (``photos.Photo``) with Dutch alt text, no people in
    it unless ``fields`` say so; ``content`` the file's bytes (a 2000 × 1250 JPEG)."""
    from photos.models import Photo

    if content is None:
        content = image_bytes((2000, 1250), color=(200, 80, 60))
    photo = Photo(title=fields.pop("title", name), alt_nl=alt, **{"people_shown": False, **fields})
    photo.file.save(name, ContentFile(content, name=name), save=False)
    photo.save()
    return photo


def add_photo(
    obj, width=2000, height=1250, name="foto.jpg", alt="Twee mensen in gesprek", **fields
):
    """Give a project, workshop, call to action or place a new library photo of ``width``
    × ``height`` with Dutch alt text (the library photo's own description)."""
    content = image_bytes((width, height), color=(200, 80, 60))
    obj.photo = make_library_photo(name, content, alt=alt, **fields)
    obj.save()
    return obj


# Admin ------------------------------------------------------------------------------------


def admin_url(obj, action="change"):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{action}/"


# Presets ----------------------------------------------------------------------------------
# Field values some suites were written against; spread one into a make_* call. A field
# given with the call as well wins when the two are merged first: ``**(NEW_PROJECT | {...})``.

# A project as an editor first enters it, in Dutch only, for the page head, sharing and
# sitemap tests; its country is made with ``make_country(code, **NEW_COUNTRY)``.
NEW_PROJECT = {
    "plain": True,
    "slug": "nieuw-project",
    "title_nl": "Nieuw project",
    "summary_nl": "Een korte samenvatting van het nieuwe project.",
    "body_nl": "<p>Wat VluchtelingenWerk hier doet.</p>",
}
NEW_COUNTRY = {"plain": True, "situation_nl": "<p>De situatie in dit land.</p>"}

# A project with a Dutch title, slug and one-line summary and nothing else: the IATI tests
# see exactly what they give it.
SUMMARY_ONLY = {"plain": True, "summary_nl": "Een korte samenvatting."}


# The countries of the rendition, media, map and page design tests: plain, named in Dutch,
# with the same slug in both languages.
def _one_slug_country(iso_code, name, slug):
    return {"iso_code": iso_code, "plain": True, "name_nl": name, "slug_nl": slug, "slug_en": slug}


SERBIA = _one_slug_country("RS", "Servië", "servie")
KENYA = _one_slug_country("KE", "Kenia", "kenia")
TURKEY = _one_slug_country("TR", "Turkije", "turkije")


# The organisation's later pages ------------------------------------------------------------


def make_later_content():
    """On top of the seed content: what the organisation published later. Kosovo and
    Albania, the Caribbean part of the Kingdom (four codes), a programme in five of them
    with results, shown amounts and a donation appeal (also on the overview, with the
    organisation's results of 2018), and a completed project in Greece. Returns the
    programme, the territory and the completed project."""
    from datetime import date

    seed_country = Country.objects.get
    kosovo = make_country(
        "XK", name_nl="Kosovo", name_en="Kosovo", slug_nl="kosovo", slug_en="kosovo"
    )
    albania = make_country(
        "AL", name_nl="Albanië", name_en="Albania", slug_nl="albanie", slug_en="albania"
    )
    territory = make_territory(
        ["AW", "CW", "SX", "BQ"],
        "Caribisch deel van het Koninkrijk",
        name_en="Caribbean part of the Kingdom",
        slug_en="caribbean-part-of-the-kingdom",
        situation_nl="<p>Op de eilanden komen vluchtelingen uit Venezuela aan.</p>",
        situation_en="<p>Refugees from Venezuela arrive on the islands.</p>",
    )
    programme = make_project(
        [albania, kosovo, seed_country(slug_nl="montenegro"), seed_country(slug_nl="servie")]
        + [territory],
        title_nl="Programma westelijke Balkan en Caribisch gebied",
        title_en="Western Balkans and Caribbean programme",
        slug="programma-balkan-caribisch",
        slug_en="balkans-caribbean-programme",
        summary_nl="Een programma in vijf landen en gebieden.",
        summary_en="A programme in five countries and territories.",
        body_nl="<p>Met partners in vijf landen en gebieden versterken we de opvang.</p>",
        body_en="<p>With partners in five countries and territories we strengthen reception.</p>",
        duration_months=24,
    )
    for order, (slug, amount, phrasing) in enumerate(
        [("eu", "25000", "by"), ("matra-fonds-ambassade-servie", "15000", "from")]
    ):
        ProjectFunding.objects.create(
            project=programme,
            funder=FundingSource.objects.get(slug=slug),
            amount=Decimal(amount),
            show_amount=True,
            phrasing=phrasing,
            sort_order=order,
        )
    make_result(
        programme,
        statement_nl="kregen gratis rechtshulp",
        statement_en="received free legal aid",
        value=Decimal(450),
        unit_nl="asielzoekers",
        unit_en="asylum seekers",
        target=Decimal(500),
    )
    make_result(
        programme,
        statement_nl="Een netwerk van advocaten opgezet",
        statement_en="Set up a network of lawyers",
    )
    make_result(
        None,
        statement_nl="vluchtelingenorganisaties kregen training",
        statement_en="refugee organisations were trained",
        value=Decimal(12),
        unit_nl="organisaties",
        unit_en="organisations",
    )
    appeal = make_call_to_action(
        heading_nl="Noodhulp voor vluchtelingen",
        heading_en="Emergency aid for refugees",
        text_nl="Duizenden mensen zijn op de vlucht. Uw gift helpt direct.",
        text_en="Thousands of people have fled. Your gift helps at once.",
    )
    programme.calls_to_action.add(appeal)
    overview = OverviewPage.objects.get()
    overview.results_years = "2018"
    overview.save()
    overview.calls_to_action.add(appeal)
    completed = make_project(
        [make_country("GR", name_nl="Griekenland", name_en="Greece", slug_nl="griekenland")],
        title_nl="Opvang op de Griekse eilanden",
        title_en="Reception on the Greek islands",
        slug="opvang-griekse-eilanden",
        slug_en="reception-greek-islands",
        summary_nl="Samen met lokale partners verbeterden we de opvang.",
        summary_en="With local partners we improved reception.",
        start_date=date(2016, 1, 1),
        end_date=date(2018, 6, 30),
    )
    return programme, territory, completed
