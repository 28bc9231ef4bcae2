"""Every change to the content is kept with who, when and what, and can be restored."""

import pytest
from django.db import transaction
from django.urls import reverse

from content import revisions
from content.recording import recording
from partners.models import FundingSource
from projects.models import Country, Project, ProjectLink, Video
from tests.admin_forms import change_form_data
from tests.factories import make_country, make_funder, make_project

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def history_url(obj_or_model, pk=None):
    opts = obj_or_model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_history", args=[pk or obj_or_model.pk]
    )


def edit_in_admin(client, obj, **changes):
    url = change_url(obj)
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and (
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"]],
    )
    return response


def versions(obj):
    return list(revisions.history_of(obj))


def revision_url(obj, revision, model=None):
    opts = (model or obj)._meta
    key = obj if model is not None else obj.pk
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_revision", args=[key, revision.pk])


def test_every_item_kind_keeps_revisions_and_rows_are_part_of_their_item():
    from content.registry import has_own_revisions
    from projects.models import OverviewPage, ProjectFunding, ProjectPartner, Workshop

    for model in (Country, Project, OverviewPage, Workshop, FundingSource):
        assert has_own_revisions(model), model
    for model in (Video, ProjectLink, ProjectPartner, ProjectFunding):
        assert not has_own_revisions(model), model


def test_a_revision_keeps_both_languages_of_translated_fields():
    project = make_project(title_nl="Titel", title_en="Title")
    fields = revisions.snapshot(project)["item"]["fields"]
    assert {"title_nl", "title_en", "slug_nl", "slug_en", "body_nl", "body_en"} <= set(fields)
    assert "title" not in fields


def test_changes_outside_the_admin_are_recorded_once_per_unit_of_work():
    country = make_country("KE", name_nl="Kenia", slug_nl="kenia")
    with recording():
        country.name_nl = "Kenia (nieuw)"
        country.save()
        country.region_nl = "Oost-Afrika"
        country.save()
    # The state before the first recorded change, and the change: two, not three.
    assert [v.content["item"]["fields"]["name_nl"] for v in versions(country)] == [
        "Kenia (nieuw)",
        "Kenia",
    ]


def test_changes_outside_a_block_are_recorded_when_their_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        country = make_country("KE", name_nl="Kenia")
        country.name_nl = "Kenia!"
        country.save()
    assert versions(country)[0].content["item"]["fields"]["name_nl"] == "Kenia!"
    assert versions(country)[0].user is None


def test_an_admin_edit_records_who_when_and_what(admin_client, superuser):
    country = make_country("KE", name_nl="Kenia", name_en="Kenya")
    edit_in_admin(admin_client, country, name_en="Kenya (East Africa)")

    latest, before = versions(country)[:2]
    assert latest.user == superuser
    changes = {
        c.label: (c.old, c.new) for c in revisions.differences(before.content, latest.content)
    }
    assert changes == {"Naam [en]": ("Kenya", "Kenya (East Africa)")}


def test_history_page_shows_a_readable_diff(admin_client):
    country = make_country("KE", name_nl="Kenia", name_en="Kenya")
    edit_in_admin(admin_client, country, name_en="Kenya (East Africa)")

    page = admin_client.get(history_url(country)).content.decode()
    assert "Kenya (East Africa)" in page
    assert "&rarr;" in page
    assert "boss" in page


def test_an_earlier_version_can_be_restored(admin_client):
    country = make_country("KE", name_nl="Kenia", region_nl="Oost-Afrika")
    edit_in_admin(admin_client, country, name_nl="Kenia!", region_nl="")
    first_version = versions(country)[-1]

    url = revision_url(country, first_version)
    page = admin_client.get(url).content.decode()
    assert 'id="restore-changes"' in page and "Kenia!" in page
    response = admin_client.post(url)

    assert response.status_code == 302
    country.refresh_from_db()
    assert (country.name_nl, country.region_nl) == ("Kenia", "Oost-Afrika")
    assert len(versions(country)) == 3
    assert "Restored the version of" in versions(country)[0].comment or versions(country)[0].comment


def test_a_deleted_object_is_listed_and_can_be_restored(admin_client):
    funder = make_funder(name_nl="het Matra-fonds", slug="matra")
    pk = funder.pk
    admin_client.post(reverse("admin:partners_fundingsource_delete", args=[pk]), {"post": "yes"})
    assert not FundingSource.objects.filter(pk=pk).exists()

    deleted_page = admin_client.get(reverse("admin:partners_fundingsource_deleted"))
    assert "het Matra-fonds" in deleted_page.content.decode()

    deletion = revisions.history_of(pk, FundingSource).get(state="deleted")
    url = revision_url(pk, deletion, FundingSource)
    assert url in deleted_page.content.decode()
    response = admin_client.post(url)

    assert response.status_code == 302
    assert FundingSource.objects.get(pk=pk).name_nl == "het Matra-fonds"
    # Its history goes on where it stopped.
    assert admin_client.get(history_url(FundingSource.objects.get(pk=pk))).status_code == 200


def test_restoring_a_deleted_project_brings_back_its_rows_and_countries(admin_client):
    country = make_country("KE")
    project = make_project(countries=[country], title_nl="Kenia-project")
    edit_in_admin(admin_client, project, title_en="Kenya project")
    # Rows added in the admin, in the same save as a project version.
    data = change_form_data(admin_client.get(change_url(project)))
    data.update(
        {
            "videos-TOTAL_FORMS": "1",
            "videos-0-url": "https://www.youtube.com/watch?v=abcdefghijk",
            "videos-0-title_nl": "Film",
            "videos-0-sort_order": "0",
            "links-TOTAL_FORMS": "1",
            "links-0-label_nl": "Meer lezen",
            "links-0-url_nl": "https://example.org/",
            "links-0-sort_order": "0",
        }
    )
    assert admin_client.post(change_url(project), data).status_code == 302
    assert project.videos.count() == 1
    pk = project.pk

    admin_client.post(reverse("admin:projects_project_delete", args=[pk]), {"post": "yes"})
    assert not Project.objects.filter(pk=pk).exists()
    assert not Video.objects.exists() and not ProjectLink.objects.exists()

    # The deletion holds what was deleted, rows included.
    deletion = revisions.history_of(pk, Project).first()
    assert deletion.state == "deleted"
    response = admin_client.post(revision_url(pk, deletion, Project))

    assert response.status_code == 302
    restored = Project.objects.get(pk=pk)
    assert restored.title_en == "Kenya project"
    assert list(restored.countries.all()) == [country]
    assert [v.title_nl for v in restored.videos.all()] == ["Film"]
    assert [link.url_nl for link in restored.links.all()] == ["https://example.org/"]


def test_project_history_page_lists_the_changes_of_its_rows(admin_client):
    project = make_project(countries=[make_country("KE")])
    with recording():
        Video.objects.create(
            project=project, url="https://youtu.be/abcdefghijk", title_nl="Eerste film"
        )
    video = project.videos.get()
    with recording():
        video.title_nl = "Tweede film"
        video.save()

    page = admin_client.get(history_url(project)).content.decode()
    assert "Eerste film" in page and "Tweede film" in page
    assert "toegevoegd" in page


def test_history_shows_choices_and_yes_no_as_the_form_names_them(admin_client):
    project = make_project(published=False, countries=[make_country("KE")])
    with recording():
        project.status = Project.Status.PUBLISHED
        project.completed = True
        project.save()
    page = admin_client.get(history_url(project)).content.decode()
    page = page.replace("&nbsp;&rarr;&nbsp;", " → ")
    assert "<strong>Status:</strong> concept → gepubliceerd" in page
    assert "<strong>Afgerond:</strong> nee → ja" in page


def test_history_lists_the_places_of_a_change_by_name(admin_client):
    kenya, kosovo = make_country("KE", name_nl="Kenia"), make_country("XK", name_nl="Kosovo")
    project = make_project(countries=[kenya])
    edit_in_admin(admin_client, project, countries=[str(kenya.pk), str(kosovo.pk)])
    page = admin_client.get(history_url(project)).content.decode()
    assert "Kenia&nbsp;&rarr;&nbsp;Kenia, Kosovo" in page
    assert "[" not in page[page.index('id="change-history"') :].split("</table>")[0]


def test_history_view_escapes_plain_text(admin_client):
    country = make_country("KE", name_nl="<script>alert('x')</script>")
    with recording():
        country.name_nl = "<img src=x onerror=alert(1)>"
        country.save()

    page = admin_client.get(history_url(country)).content.decode()
    assert "<script>alert(" not in page
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("kind", ["country", "funder"])
def test_deleting_reference_data_in_use_is_refused_with_a_message(admin_client, kind):
    country = make_country("KE", name_nl="Kenia")
    project = make_project(countries=[country], title_nl="Kenia-project")
    if kind == "country":
        # A country is protected through the projects that name it.
        target, url_name = country, "admin:projects_country_delete"
    else:
        target = make_funder(name_nl="de EU")
        project.fundings.create(funder=target)
        url_name = "admin:partners_fundingsource_delete"

    response = admin_client.post(reverse(url_name, args=[target.pk]), {"post": "yes"})

    assert response.status_code in (200, 302)
    type(target).objects.get(pk=target.pk)
    content = response.content.decode()
    assert "Kenia-project" in content
    # The admin is Dutch: "<object> kan niet worden verwijderd", with what protects it.
    assert "kan niet worden verwijderd" in content


def test_deleting_a_country_in_use_outside_the_admin_is_refused_too():
    from django.db.models.deletion import ProtectedError

    country = make_country("KE")
    make_project(countries=[country])
    with pytest.raises(ProtectedError), transaction.atomic():
        country.delete()
    assert Country.objects.filter(pk=country.pk).exists()


def test_the_overview_page_can_be_restored_although_it_cannot_be_deleted(admin_client):
    from projects.models import OverviewPage

    page = OverviewPage.objects.create(title_nl="Onze projecten")
    with recording():
        page.title_nl = "Gewijzigd"
        page.save()
    first = versions(page)[-1]

    response = admin_client.post(revision_url(page, first))

    assert response.status_code == 302
    assert OverviewPage.objects.get().title_nl == "Onze projecten"


def test_rich_text_changes_are_shown_as_words_not_html(admin_client):
    country = make_country("KE", situation_nl="<p>Oude tekst.</p>")
    with recording():
        country.situation_nl = "<p>Nieuwe <strong>tekst</strong>.</p>"
        country.save()

    page = admin_client.get(history_url(country)).content.decode()

    assert "Oude tekst. &rarr;" in page.replace("&nbsp;", " ")
    assert "Nieuwe tekst." in page
    assert "&lt;strong&gt;" not in page


def test_bulk_delete_of_countries_in_use_is_refused(admin_client):
    used = make_country("KE", name_nl="Kenia")
    make_project(countries=[used])
    unused = make_country("UG", name_nl="Oeganda")

    response = admin_client.post(
        reverse("admin:projects_country_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert "kan niet worden verwijderd" in response.content.decode()
    assert Country.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2


@pytest.mark.parametrize(
    "admin_class_path",
    [
        "projects.admin.ProjectAdmin",
        "projects.admin.CountryAdmin",
        "projects.admin.WorkshopAdmin",
        "projects.admin.OverviewPageAdmin",
        "projects.admin.CallToActionAdmin",
        "projects.admin.ResultAdmin",
        "partners.admin.PartnerOrganisationAdmin",
        "partners.admin.FundingSourceAdmin",
    ],
)
def test_content_admins_are_one_base_class_over_the_translation_tabs(admin_class_path):
    """Each content admin is its own class on ``ContentAdmin``, which stands directly on
    the libraries' admins: no stack of the site's mixins whose order matters."""
    from django.utils.module_loading import import_string
    from modeltranslation.admin import TabbedTranslationAdmin

    from editorial.admin import ContentAdmin

    mro = import_string(admin_class_path).__mro__
    ours = [cls for cls in mro if cls.__module__.split(".")[0] in SITE_PACKAGES]
    assert ours == [mro[0], ContentAdmin]
    assert mro[2] is TabbedTranslationAdmin


SITE_PACKAGES = {
    "content",
    "editorial",
    "translations",
    "projects",
    "partners",
    "website",
    "operations",
}


def test_change_form_has_translation_tabs_and_a_history_link(admin_client):
    project = make_project(countries=[make_country("KE")])
    html = admin_client.get(change_url(project)).content.decode()
    assert "tabbed_translation_fields.js" in html
    assert history_url(project) in html


def test_admin_lists_link_to_the_deleted_items(admin_client):
    html = admin_client.get(reverse("admin:projects_country_changelist")).content.decode()
    assert reverse("admin:projects_country_deleted") in html


class TestRestoringAVersionWithADeletedPartner:
    """A version whose rows point at a partner deleted since: a clear message on the form,
    status 200, nothing changed (never an IntegrityError)."""

    @pytest.fixture
    def situation(self, admin_client):
        from tests.factories import add_partner, make_partner

        project = make_project(countries=[make_country("KE")], title_nl="Kenia-project")
        partner = make_partner(name_nl="Kituo cha Sheria")
        with recording():
            add_partner(project, partner)
        version = versions(project)[0]
        edit_in_admin(admin_client, project, title_nl="Nieuwe titel")
        with recording():
            project.partnerships.all().delete()
            partner.delete()
        return project, version

    def test_revert_says_which_partner_is_gone_and_changes_nothing(self, admin_client, situation):
        project, version = situation
        response = admin_client.post(revision_url(project, version))

        assert response.status_code == 200
        html = response.content.decode()
        assert "partnerorganisatie “Kituo cha Sheria”" in html
        assert "Er is niets gewijzigd" in html
        project.refresh_from_db()
        assert project.title_nl == "Nieuwe titel"
        assert not project.partnerships.exists()

    def test_recovering_the_deleted_project_says_so_too(self, admin_client, situation):
        project, _version = situation
        pk = project.pk
        admin_client.post(reverse("admin:projects_project_delete", args=[pk]), {"post": "yes"})
        # The version that had the partnership (before "Nieuwe titel").
        response = admin_client.post(revision_url(pk, _version, Project))

        assert response.status_code == 200
        assert "Kituo cha Sheria" in response.content.decode()
        assert not Project.objects.filter(pk=pk).exists()


def test_a_translators_save_then_an_editors_reads_as_what_each_changed(admin_client):
    """django-modeltranslation writes the saver's language into a translated field's own
    column; the history shows the language fields, so nothing reads as changed that was
    not, and no row reads "— → —"."""
    from django.test import Client
    from django.utils import translation

    from tests.factories import make_editor, make_translated_project, make_translator

    project = make_translated_project(
        slug="bescherming-montenegro", slug_en="protection-montenegro", funding_text_nl=""
    )
    translator = Client()
    translator.force_login(make_translator())
    edit_in_admin(translator, project, summary_en="A new English summary.")
    editor = Client()
    editor.force_login(make_editor())
    edit_in_admin(editor, project, title_nl="Nieuwe titel")

    latest, translated, before = versions(project)[:3]
    with translation.override("nl"):
        changes = [c.label for c in revisions.differences(translated.content, latest.content)]
        assert changes == ["Titel [nl]"], changes
        english = [c.label for c in revisions.differences(before.content, translated.content)]
        assert english == ["Samenvatting [en]"], english


def test_the_version_page_names_the_item_in_the_admins_language(admin_client):
    project = make_project(title_nl="Een project")
    edit_in_admin(admin_client, project, title_nl="Een ander project")
    html = admin_client.get(revision_url(project, versions(project)[-1])).content.decode()
    crumbs = html[html.index('<div class="breadcrumbs">') :].split("</div>")[0]
    assert '<a href="/admin/projects/">Projecten</a>' in crumbs
    assert '<a href="/admin/projects/project/">Projecten</a>' in crumbs
    assert "Historical" not in html and "historical " not in html
    assert "Een project" in html and "Een ander project" in html


def test_the_admin_passes_its_checks_after_its_forms_were_shown(admin_client):
    """django-modeltranslation sets an admin's ``fields`` from its form's ``Meta.fields``
    the first time it lays out a form; with ``fieldsets`` as well, Django's check (run by
    a restore, and at every start) then failed with admin.E005."""
    from django.core.management import call_command

    from tests.factories import make_country, make_project

    for obj in (make_project(countries=[make_country("KE")]), make_country("TZ")):
        opts = obj._meta
        admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    call_command("check", fail_level="ERROR")


@pytest.mark.django_db(transaction=True)
def test_changes_without_a_transaction_are_recorded_as_they_happen():
    """``manage.py shell``: every save commits at once, and is a version at once; a
    deletion keeps what was deleted, with its rows."""
    country = make_country("KE", name_nl="Kenia")
    project = make_project(countries=[country], title_nl="Kenia-project")
    Video.objects.create(project=project, url="https://youtu.be/abcdefghijk", title_nl="Film")
    country.name_nl = "Kenia!"
    country.save()
    assert [v.content["item"]["fields"]["name_nl"] for v in versions(country)] == [
        "Kenia!",
        "Kenia",
    ]
    pk = project.pk
    project.delete()
    deletion = revisions.history_of(pk, Project).first()
    assert deletion.state == "deleted"
    assert [v["fields"]["title_nl"] for v in deletion.content["rows"]["videos"]] == ["Film"]
    assert deletion.content["item"]["fields"]["countries"] == [country.pk]
