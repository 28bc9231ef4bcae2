"""Small builders for the translation tests (kept here to stay out of tests/factories.py)."""

import re

from django.contrib.auth.models import Group, User

from partners.models import FundingSource, PartnerOrganisation
from projects.models import Country, OverviewPage, Project, ProjectLink, Video, Workshop

_counter = {"n": 0}


def _next():
    _counter["n"] += 1
    return _counter["n"]


def make_user(group=None, **kwargs):
    n = _next()
    user = User.objects.create_user(f"user{n}", password="secret-pass-123", is_staff=True, **kwargs)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_translator():
    return make_user("translators")


def make_editor():
    return make_user("editors")


ISO_CODES = ["KE", "TR", "RS", "ME", "BA", "AL", "MK", "GR", "LB", "JO"]


def make_country(**kwargs):
    n = _next()
    defaults = {
        "name_nl": f"Land {n}",
        "name_en": f"Country {n}",
        "slug_nl": f"land-{n}",
        "iso_code": ISO_CODES[Country.objects.count() % len(ISO_CODES)],
    }
    defaults.update(kwargs)
    return Country.objects.create(**defaults)


def make_project(countries=(), **kwargs):
    n = _next()
    defaults = {
        "title_nl": f"Project {n} in het Nederlands",
        "slug_nl": f"project-{n}",
        "summary_nl": "Een korte samenvatting.",
        "body_nl": "<p>Wat VluchtelingenWerk doet.</p>",
        "status": Project.Status.PUBLISHED,
    }
    defaults.update(kwargs)
    project = Project.objects.create(**defaults)
    project.countries.set(countries or [make_country()])
    return project


def make_translated_project(**kwargs):
    defaults = {
        "title_en": "Project in English",
        "slug_en": f"project-en-{_next()}",
        "summary_en": "A short summary.",
        "body_en": "<p>What VluchtelingenWerk does.</p>",
    }
    defaults.update(kwargs)
    return make_project(**defaults)


def make_video(project, **kwargs):
    defaults = {"url": "https://www.youtube.com/watch?v=abcdefghijk", "title_nl": "Een video"}
    defaults.update(kwargs)
    return Video.objects.create(project=project, **defaults)


def make_link(project, **kwargs):
    defaults = {"label_nl": "Lees meer", "url_nl": "https://example.org/"}
    defaults.update(kwargs)
    return ProjectLink.objects.create(project=project, **defaults)


def make_workshop(project, **kwargs):
    defaults = {"title_nl": "Training", "description_nl": "<p>Een training.</p>"}
    defaults.update(kwargs)
    return Workshop.objects.create(project=project, **defaults)


def make_partner(**kwargs):
    n = _next()
    defaults = {"name_nl": f"Partner {n}", "slug_nl": f"partner-{n}"}
    defaults.update(kwargs)
    return PartnerOrganisation.objects.create(**defaults)


def make_funder(**kwargs):
    n = _next()
    defaults = {"name_nl": f"Fonds {n}", "slug": f"fonds-{n}"}
    defaults.update(kwargs)
    return FundingSource.objects.create(**defaults)


def make_overview(**kwargs):
    defaults = {"title_nl": "Onze projecten", "title_en": "Our projects"}
    defaults.update(kwargs)
    return OverviewPage.objects.create(**defaults)


def admin_url(obj, action="change"):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{action}/"


def text(html):
    """Visible text of an HTML fragment, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
