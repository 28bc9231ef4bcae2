"""Content behaviour is declared once, on the model (content.registry), and the rest of the
site reads it. ``tests.testapp`` adds a throw-away content model, Leaflet, with nothing but
its declaration, translation.py and admin: it must reach the desk, the roles, the history,
the page cache, SEO and the renditions with no other edit."""

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import translation

from content import roles
from content.models import Photo
from content.registry import content_models, desk_options, options_for, register_content
from content.roles import sync_roles
from tests.factories import (
    image_bytes,
    make_library_photo,
    make_project,
    make_translator,
    make_workshop,
)
from tests.testapp.models import Leaflet
from translations.exchange import ALL, export_catalogue
from translations.exchange.units import base_id
from translations.models import TranslationRecord
from website import freshness
from website.seo import has_content_in

pytestmark = pytest.mark.django_db


def make_leaflet(**fields):
    return Leaflet.objects.create(
        **{"title_nl": "Folder", "body_nl": "<p>Wat we doen.</p>", **fields}
    )


def content_version():
    return freshness.read_clock()


def test_a_new_content_model_is_a_kind_on_the_translators_desk(client):
    client.force_login(make_translator())
    leaflet = make_leaflet(title_nl="Folder over opvang")
    response = client.get("/admin/translations/")
    summaries = {
        s.kind.key: (s.complete, s.missing, s.outdated) for s in response.context["desk"].summaries
    }
    assert summaries["testapp.leaflet"] == (0, 1, 0)
    assert f"/admin/testapp/leaflet/{leaflet.pk}/change/" in response.content.decode()
    assert "Folder over opvang" in response.content.decode()


def test_a_new_content_model_is_in_the_translators_export():
    leaflet = make_leaflet()
    units = {base_id(entry.msgctxt) for entry in export_catalogue(ALL)}
    assert f"testapp.leaflet.{leaflet.pk}.title" in units
    assert f"testapp.leaflet.{leaflet.pk}.body.1" in units  # its rich text, per segment


def test_a_new_content_model_is_in_both_roles():
    editors = Group.objects.get(name="editors")
    translators = Group.objects.get(name="translators")
    editor_codenames = set(editors.permissions.values_list("codename", flat=True))
    translator_codenames = set(translators.permissions.values_list("codename", flat=True))
    assert {"add_leaflet", "change_leaflet", "delete_leaflet", "view_leaflet"} <= editor_codenames
    assert {"change_leaflet", "view_leaflet"} <= translator_codenames
    assert not {"add_leaflet", "delete_leaflet"} & translator_codenames


def test_translators_may_change_but_never_add_or_delete_any_content():
    translators = Group.objects.get(name="translators")
    codenames = set(translators.permissions.values_list("codename", flat=True))
    expected = {
        f"{action}_{model._meta.model_name}"
        for model in content_models()
        for action in ("change", "view")
    }
    assert codenames == expected


def test_roles_are_set_exactly_as_declared_at_every_sync():
    editors = Group.objects.get(name="editors")
    stray = Permission.objects.get(codename="delete_user")
    editors.permissions.add(stray)
    editors.permissions.remove(Permission.objects.get(codename="change_leaflet"))

    sync_roles()

    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert "delete_user" not in codenames
    assert "change_leaflet" in codenames
    # Plus what other apps grant the role (the editorial app: seeing and removing redirects).
    extra = {name.split(".", 1)[1] for name in roles.EXTRA_PERMISSIONS["editors"]}
    assert extra == {"view_redirect", "delete_redirect"}
    assert len(codenames) == 4 * len(content_models()) + len(extra)


def test_migrate_keeps_the_roles_in_sync():
    Group.objects.filter(name="translators").delete()
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    assert (
        Group.objects.get(name="translators").permissions.filter(codename="change_leaflet").exists()
    )


def test_saving_or_deleting_a_new_content_model_makes_cached_pages_stale():
    before = content_version()
    leaflet = make_leaflet()
    after_save = content_version()
    assert after_save != before

    leaflet.delete()
    assert content_version() != after_save


def test_models_that_are_not_content_leave_cached_pages_alone():
    project = make_project()
    before = content_version()
    TranslationRecord.objects.create(
        content_type_id=1, object_id=project.pk, field="title", source_hash="x"
    )
    assert content_version() == before


def test_a_new_content_model_keeps_its_history_in_both_languages():
    from content import revisions
    from content.recording import recording

    leaflet = make_leaflet(title_en="Leaflet")
    with recording():
        leaflet.title_nl = "Nieuwe folder"
        leaflet.save()
    versions = [v.content["item"]["fields"] for v in revisions.history_of(leaflet)]
    assert [v["title_nl"] for v in versions] == ["Nieuwe folder", "Folder"]
    assert versions[0]["title_en"] == "Leaflet"


def test_a_page_exists_in_english_when_its_main_text_fields_are_translated():
    dutch_only = make_leaflet()
    translated = make_leaflet(title_en="Leaflet", body_en="<p>What we do.</p>")
    half = make_leaflet(title_en="Leaflet")
    assert not has_content_in(dutch_only, "en")
    assert has_content_in(translated, "en")
    assert not has_content_in(half, "en")


def test_renditions_are_made_for_the_image_fields_of_every_content_model(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    leaflet = make_leaflet(photo_alt_nl="Een folder")
    leaflet.photo.save("folder.jpg", ContentFile(image_bytes((900, 600))))
    out = io.StringIO()
    call_command("make_renditions", stdout=out, stderr=io.StringIO())
    assert "Renditions ready for 1 images" in out.getvalue()
    assert options_for(Leaflet).image_fields == ["photo"]


def test_every_model_of_the_content_apps_is_declared():
    for label in ("projects", "partners"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert options_for(model) is not None, f"{model.__name__} is not declared as content"


def test_revisions_are_not_content():
    from content.models import Revision

    assert options_for(Revision) is None


def test_the_desk_lists_kinds_in_the_order_of_the_apps_and_their_models():
    desk = [opts.key for opts in desk_options()]
    assert desk[:8] == [
        "projects.overviewpage",
        "projects.country",
        "projects.project",
        "projects.workshop",
        "projects.calltoaction",
        "projects.result",
        "partners.partnerorganisation",
        "partners.fundingsource",
    ]


def test_abstract_models_cannot_be_declared():
    with pytest.raises(TypeError):
        register_content(Photo)


# The photo field group ---------------------------------------------------------------------


@pytest.mark.parametrize("model", [m for m in content_models() if issubclass(m, Photo)])
def test_every_model_with_a_photo_shares_the_photo_fields_and_their_help(model):
    alt = model._meta.get_field("photo_alt")
    assert str(alt.help_text) == str(Photo._meta.get_field("photo_alt").help_text)
    assert model._meta.get_field("photo").width_field == "photo_width"


def test_photos_of_the_library_go_to_its_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    project = make_project()
    project.photo = make_library_photo("Foto.jpg", image_bytes())
    assert project.photo.file.name.startswith("photos/foto-")


@pytest.mark.parametrize("factory", ["leaflet"])
def test_a_photo_without_a_description_is_refused_on_every_model(factory):
    from django.core.exceptions import ValidationError

    project = make_project()
    obj = {
        "project": lambda: project,
        "workshop": lambda: make_workshop(project),
        "leaflet": make_leaflet,
    }[factory]()
    obj.photo.name = "projects/photos/foto.jpg"
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        obj.clean()
    assert "photo_alt" in error.value.message_dict
