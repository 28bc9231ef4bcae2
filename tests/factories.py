"""Small builders of test data; each test builds what it needs.

Every ``make_*`` creates one object with unique defaults and takes any model field as a
keyword to override them. Content is in Dutch and English unless the name says otherwise
(``make_dutch_only_project``); pass ``name_en=None`` and the like for a single field that
has no English yet.
"""

import io
import itertools

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django_countries import countries as all_countries
from PIL import Image

from partners.models import FundingSource, PartnerOrganisation
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

_counter = itertools.count(1)


def _n():
    return next(_counter)


# Files ------------------------------------------------------------------------------------


def image_bytes(size=(64, 48), fmt="JPEG"):
    """The bytes of a real image in the Pillow format ``fmt``."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="photo.jpg", size=(64, 48), fmt="JPEG", content_type=None):
    return SimpleUploadedFile(
        name, image_bytes(size, fmt), content_type=content_type or f"image/{fmt.lower()}"
    )


def pdf_bytes():
    """The bytes of a real PDF: one blank page."""
    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, "PDF")
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


def make_country(iso_code=None, **fields):
    """A country; without ``iso_code``, one whose code no other country has yet."""
    n = _n()
    defaults = {
        "iso_code": iso_code or _free_iso_code(),
        "name_nl": f"Land {n}",
        "name_en": f"Country {n}",
        "slug_nl": f"land-{n}",
        "slug_en": f"country-{n}",
        "situation_nl": f"<p>Situatie in land {n}.</p>",
        "situation_en": f"<p>Situation in country {n}.</p>",
        "sort_order": n,
    }
    return Country.objects.create(**{**defaults, **fields})


def _free_iso_code():
    used = set(Country.objects.values_list("iso_code", flat=True))
    return next(code for code, _name in all_countries if code not in used)


def make_partner(**fields):
    n = _n()
    defaults = {
        "name_nl": f"Partner {n}",
        "slug_nl": f"partner-{n}",
        "website": f"https://partner{n}.example.org/",
        "home_country": "NL",
    }
    return PartnerOrganisation.objects.create(**{**defaults, **fields})


def make_funder(**fields):
    n = _n()
    defaults = {"name_nl": f"het fonds {n}", "name_en": f"the fund {n}", "slug": f"fonds-{n}"}
    return FundingSource.objects.create(**{**defaults, **fields})


def make_project(countries=None, published=True, english=True, **fields):
    """A project with a title and body, in a new country unless ``countries`` is given
    (``countries=[]`` for none). ``english=False`` leaves out every English field."""
    n = _n()
    defaults = {
        "title_nl": f"Project {n}",
        "slug_nl": f"project-{n}",
        "body_nl": f"<p>Wat we doen in project {n}.</p>",
        "status": Project.Status.PUBLISHED if published else Project.Status.DRAFT,
        "sort_order": n,
    }
    if english:
        defaults.update(
            {
                "title_en": f"Project {n} (en)",
                "slug_en": f"project-{n}-en",
                "body_en": f"<p>What we do in project {n}.</p>",
            }
        )
    project = Project.objects.create(**{**defaults, **fields})
    project.countries.set(countries if countries is not None else [make_country()])
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


def make_workshop(project, **fields):
    defaults = {"title_nl": "Training", "description_nl": "<p>Een training.</p>"}
    return Workshop.objects.create(project=project, **{**defaults, **fields})


def make_video(project, **fields):
    defaults = {"url": "https://www.youtube.com/watch?v=abcdefghijk", "title_nl": "Een video"}
    return Video.objects.create(project=project, **{**defaults, **fields})


def make_link(project, **fields):
    defaults = {"label_nl": "Lees meer", "url_nl": "https://example.org/"}
    return ProjectLink.objects.create(project=project, **{**defaults, **fields})


def make_full_project(countries=None, workshop_title=None, **fields):
    """A project with one of every relation: a partner, a funder that belongs to another, a
    workshop ("Workshop <pk>" unless ``workshop_title`` is given) with another partner as
    facilitator, a video and a link."""
    project = make_project(countries=countries, duration_months=12, **fields)
    ProjectPartner.objects.create(project=project, partner=make_partner())
    ProjectFunding.objects.create(project=project, funder=make_funder(parent=make_funder()))
    workshop = make_workshop(project, title_nl=workshop_title or f"Workshop {project.pk}")
    workshop.facilitators.add(make_partner())
    make_video(project)
    make_link(project)
    return project


# Admin ------------------------------------------------------------------------------------


def admin_url(obj, action="change"):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{action}/"
