"""content.admin_rendering: the admin's field groups and table rows, written in Python, are
character for character what Django's own ``admin/includes/fieldset.html`` and
``admin/edit_inline/tabular.html`` make of every admin page of the site: each page is
rendered twice, once as the site renders it and once with Django's two templates put back
in front, and the two answers are compared."""

import re
import shutil
from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.template import engines
from django.test import override_settings

from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import (
    admin_url,
    make_editor,
    make_full_project,
    make_later_content,
    make_result,
    make_translator,
)

ADMIN_TEMPLATES = Path(django.__file__).parent / "contrib" / "admin" / "templates"
TOKENS = re.compile(r'name="(csrfmiddlewaretoken|_editorial_version)" value="[^"]+"')
NONCE = re.compile(r'nonce="[^"]+"')
OVERRIDDEN = ["admin/includes/fieldset.html", "admin/edit_inline/tabular.html"]


@pytest.fixture
def django_templates(tmp_path, settings):
    """A context manager: inside it, the admin renders with Django's own two templates."""
    for name in OVERRIDDEN:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ADMIN_TEMPLATES / name, tmp_path / name)
    templates = [dict(backend) for backend in settings.TEMPLATES]
    for backend in templates:
        if backend["BACKEND"].endswith("DjangoTemplates"):
            backend["DIRS"] = [tmp_path, *backend["DIRS"]]
    return override_settings(TEMPLATES=templates)


def both_ways(client, django_templates, url, data=None):
    """The page at ``url`` (a GET, or a POST of ``data``) as the site renders it and as
    Django's own templates render it; asserts that the second really used Django's."""

    def send():
        return client.get(url) if data is None else client.post(url, data)

    ours = send()
    with django_templates:
        theirs = send()
        origin = engines["django"].engine.get_template(OVERRIDDEN[0]).origin.name
        assert "content_admin" not in Path(origin).read_text()  # Django's copy, not the site's
    assert ours.status_code == theirs.status_code
    return ours.content.decode(), theirs.content.decode()


def masked(page):
    """The page without what differs on every request: the masked CSRF token, the signed
    (timestamped) version of the form, the policy's nonce."""
    return NONCE.sub("nonce", TOKENS.sub(r"\1", page))


def assert_same(ours, theirs):
    ours, theirs = masked(ours), masked(theirs)
    if ours != theirs:  # show where, not two 200 kB strings
        at = next(i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b)
        around = slice(max(at - 200, 0), at + 200)
        pytest.fail(f"differs at {at}:\nours:   {ours[around]!r}\ntheirs: {theirs[around]!r}")


@pytest.fixture
def content(seed, media_root):
    project = make_full_project()
    make_result(project)
    make_later_content()
    return project


def pages():
    """Every admin page with a form: the add form of every model and the change form of
    its first object."""
    urls = []
    for model in admin.site._registry:
        opts = model._meta
        urls.append(f"/admin/{opts.app_label}/{opts.model_name}/add/")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(admin_url(first))
    return urls


@pytest.mark.parametrize("role", ["superuser", "editor", "translator"])
def test_every_form_is_what_django_templates_make(
    content, client, superuser, django_templates, role
):
    user = {"superuser": superuser, "editor": make_editor(), "translator": make_translator()}[role]
    client.force_login(user)
    compared = 0
    for url in pages():
        ours, theirs = both_ways(client, django_templates, url)
        if 'class="module aligned' in theirs or 'data-inline-type="tabular"' in theirs:
            compared += 1
        assert_same(ours, theirs)
    assert compared >= 5  # translators see only the forms of translated content


def test_a_form_with_errors_is_what_django_templates_make(
    content, superuser_client, django_templates
):
    url = admin_url(content)
    data = change_form_data(superuser_client.get(url))
    data["title_nl"] = ""  # required: the field's line gets its errors
    data["links-0-url"] = "geen adres"  # an error in a table row
    data["fundings-0-amount"] = "veel"
    ours, theirs = both_ways(superuser_client, django_templates, url, data)
    assert "errorlist" in theirs
    assert_same(ours, theirs)


def test_the_python_templates_are_the_ones_in_use(content, superuser_client):
    page = superuser_client.get(admin_url(content)).content.decode()
    assert 'data-inline-type="tabular"' in page and 'class="module aligned' in page
    for name in OVERRIDDEN:
        origin = engines["django"].engine.get_template(name).origin.name
        assert "content_admin" in Path(origin).read_text(), name
    assert Project.objects.count() >= 1


def test_chosen_options_from_the_form_are_what_django_would_query(
    content, superuser_client, monkeypatch
):
    """content.admin.KnownOptionsMixin: the search fields' chosen options, labelled from
    the objects the form holds, are the ones Django's query gives, also after a submitted
    form chose other ones."""
    import content.admin as content_admin
    from projects.models import Workshop
    from tests.factories import make_partner

    workshop = Workshop.objects.filter(project=content).first()
    workshop.facilitators.add(make_partner(name_nl="Aardige partner"), make_partner())
    urls = [admin_url(content), admin_url(workshop)]
    data = change_form_data(superuser_client.get(urls[0]))
    data["title_nl"] = ""  # shown again, with the submitted choices
    data["partnerships-0-partner"] = str(make_partner().pk)
    data["workshops-0-facilitators"] = [*data["workshops-0-facilitators"], str(make_partner().pk)]

    def pages():
        found = [superuser_client.get(url).content.decode() for url in urls]
        return [*found, superuser_client.post(urls[0], data).content.decode()]

    ours = pages()
    monkeypatch.setattr(content_admin, "known_objects", lambda *args: {})
    theirs = pages()
    assert "errorlist" in theirs[2]
    for mine, djangos in zip(ours, theirs, strict=True):
        assert_same(mine, djangos)


@pytest.mark.parametrize("role", ["superuser", "editor", "translator"])
def test_every_form_is_what_djangos_form_renderer_makes(content, client, superuser, role):
    """content.form_rendering writes the plainest widgets, labels and error lists in Python:
    every admin page with a form is what Django's own form renderer, all templates, makes
    of it."""
    user = {"superuser": superuser, "editor": make_editor(), "translator": make_translator()}[role]
    client.force_login(user)
    fast = {"<label": 0, "<input": 0, "<textarea": 0}
    for url in pages():
        ours = client.get(url).content.decode()
        with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
            theirs = client.get(url).content.decode()
        for marker in fast:
            fast[marker] += marker in theirs
        assert_same(ours, theirs)
    assert all(fast.values()), fast
