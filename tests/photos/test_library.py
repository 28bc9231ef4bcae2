"""The photo library (issue 26, items 2 and 3): a photo is uploaded once and used by
projects, workshops, calls to action and places; it carries its credit, licence and the
consent of the people it shows."""

import datetime
import json
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.renditions import crop_box
from photos.models import Photo
from tests.admin_forms import change_form_data
from tests.factories import (
    add_photo,
    image_bytes,
    make_call_to_action,
    make_country,
    make_editor,
    make_library_photo,
    make_project,
    make_workshop,
    pdf_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CC_BY = Photo.Licence.CC_BY


def credited(**fields):
    return make_library_photo(
        "training.jpg",
        image_bytes((1600, 1000), color=(90, 120, 60)),
        alt="Deelnemers van de training in Belgrado",
        **{"credit": "Jan Jansen", "licence": CC_BY, **fields},
    )


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
        )
    ]


def project_data(html):
    for block in json_ld(html):
        for item in block.get("@graph", [block]):
            if item.get("@type") == "Project":
                return item
    raise AssertionError("no schema.org Project on the page")


# -- one photo, many uses -------------------------------------------------------------------


def test_one_upload_serves_a_project_and_its_workshop(client):
    photo = credited()
    project = make_project()
    project.photo = photo
    project.save()
    workshop = make_workshop(project, photo=photo, photo_alt_nl="De trainers aan het werk")

    html = client.get(project.get_absolute_url()).content.decode()

    assert Photo.objects.count() == 1
    assert html.count(f"/media/renditions/{photo.file.name}/") >= 4  # both pictures' srcsets
    # The project shows the library's description, the workshop its own.
    assert 'alt="Deelnemers van de training in Belgrado"' in html
    assert 'alt="De trainers aan het werk"' in html
    assert workshop.photo_description == "De trainers aan het werk"


def test_the_credit_and_licence_stand_under_the_photo(client):
    project = make_project()
    project.photo = credited()
    project.photo_caption_nl = "De training in Belgrado"
    project.save()

    html = client.get(project.get_absolute_url()).content.decode()

    figcaption = re.search(
        r'<figure class="photo project__photo">.*?<figcaption>(.*?)</figcaption>', html, re.S
    ).group(1)
    assert "De training in Belgrado" in figcaption
    assert "Foto: Jan Jansen" in figcaption
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>'
        in figcaption
    )


def test_all_rights_reserved_names_the_maker_only(client):
    project = make_project()
    project.photo = credited(licence=Photo.Licence.ALL_RIGHTS_RESERVED)
    project.save()
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Foto: Jan Jansen" in html
    assert 'rel="license"' not in html


def test_the_structured_data_carries_the_credit_and_licence(client):
    project = make_project()
    project.photo = credited()
    project.save()

    image = project_data(client.get(project.get_absolute_url()).content.decode())["image"]

    assert image["@type"] == "ImageObject"
    assert image["creditText"] == "Jan Jansen"
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "/media/renditions/" in image["contentUrl"]


def test_the_share_image_is_cut_around_the_focal_point(client):
    project = make_project()
    project.photo = credited(focal_x=90, focal_y=20)
    project.save()
    html = client.get(project.get_absolute_url()).content.decode()
    assert re.search(r'<meta property="og:image" content="[^"]+-crop-1200x630-90-20\.jpg"', html)


def test_a_crop_keeps_the_focal_point_in_view():
    # A 1600 × 1000 photo cut to 1.9:1 keeps its full width and moves up or down.
    assert crop_box((1600, 1000), 1200 / 630, (50, 50)) == (0, 80, 1600, 920)
    assert crop_box((1600, 1000), 1200 / 630, (50, 0)) == (0, 0, 1600, 840)
    assert crop_box((1600, 1000), 1200 / 630, (50, 100)) == (0, 160, 1600, 1000)
    # A portrait photo cut to a square around a face near its top.
    assert crop_box((600, 1000), 1, (50, 20)) == (0, 0, 600, 600)


def test_a_call_to_action_and_a_place_show_a_library_photo(client):
    photo = credited()
    country = make_country(photo=photo, photo_caption_nl="Belgrado")
    project = make_project([country])
    call = make_call_to_action(photo=photo, photo_alt_nl="Een oproep")
    project.calls_to_action.add(call)

    country_html = client.get(country.get_absolute_url()).content.decode()
    project_html = client.get(project.get_absolute_url()).content.decode()

    assert 'class="photo country-page__photo"' in country_html
    assert "Foto: Jan Jansen" in country_html
    assert 'alt="Een oproep"' in project_html


# -- the library in the admin -----------------------------------------------------------------


def test_a_photo_lists_where_it_is_used(admin_client):
    photo = credited()
    project = make_project(title_nl="Rechtshulp in Servië")
    project.photo = photo
    project.save()
    make_workshop(project, title_nl="Training Belgrado", photo=photo)

    html = admin_client.get(reverse("admin:photos_photo_change", args=[photo.pk])).content.decode()

    assert "Project: Rechtshulp in Servië" in html
    assert "Workshop: Training Belgrado" in html
    assert reverse("admin:projects_project_change", args=[project.pk]) in html


def test_the_library_list_counts_the_uses(admin_client):
    photo = credited()
    for _ in range(2):
        make_project(photo=photo)
    html = admin_client.get(reverse("admin:photos_photo_changelist")).content.decode()
    assert re.search(r'<td class="field-used">2</td>', html)


def test_deleting_a_used_photo_warns_with_its_uses(admin_client):
    photo = credited()
    project = make_project(title_nl="Rechtshulp in Servië", photo=photo)
    url = reverse("admin:photos_photo_delete", args=[photo.pk])

    html = admin_client.get(url).content.decode()

    assert "Deze foto wordt gebruikt op 1 pagina" in html
    assert "Project: Rechtshulp in Servië" in html
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    project.refresh_from_db()
    assert project.photo is None


def test_replacing_the_file_updates_every_use_and_asks_to_check_the_descriptions(admin_client):
    visitor = Client()
    photo = credited()
    project = make_project(photo=photo)
    old_page = visitor.get(project.get_absolute_url()).content.decode()
    old_name = photo.file.name
    url = reverse("admin:photos_photo_change", args=[photo.pk])
    data = change_form_data(admin_client.get(url))
    data["file"] = SimpleUploadedFile("nieuw.jpg", image_bytes((1000, 800)), "image/jpeg")

    response = admin_client.post(url, data, follow=True)

    photo.refresh_from_db()
    assert photo.file.name != old_name and photo.alt_check_needed
    assert "Controleer de beschrijving" in response.content.decode()
    new_page = visitor.get(project.get_absolute_url()).content.decode()
    assert old_name in old_page and old_name not in new_page
    assert f"/media/renditions/{photo.file.name}/" in new_page
    assert visitor.get("/media/" + old_name).status_code == 404


def test_the_chooser_shows_the_chosen_photo_and_opens_the_library(admin_client):
    photo = credited(title="Training Belgrado")
    project = make_project(photo=photo)
    html = admin_client.get(
        reverse("admin:projects_project_change", args=[project.pk])
    ).content.decode()
    # The project's own chooser (the form's inline rows have theirs).
    chooser = next(
        found
        for found in re.findall(r'<div class="photo-chooser">.*?</div>', html, re.S)
        if 'name="photo"' in found
    )
    assert 'class="photo-chooser__thumbnail"' in chooser and "/media/renditions/" in chooser
    assert "Training Belgrado" in chooser
    assert reverse("admin:photos_photo_changelist") in chooser
    assert "Jan Jansen" in chooser


def test_the_library_is_searched_by_title_credit_and_description(admin_client):
    credited(title="Training Belgrado")
    make_library_photo("ander.jpg", alt="Een tent in de sneeuw", title="Kamp")
    url = reverse("admin:photos_photo_changelist")
    assert "Training Belgrado" in admin_client.get(url, {"q": "jansen"}).content.decode()
    found = admin_client.get(url, {"q": "sneeuw"}).content.decode()
    assert "Kamp" in found and "Training Belgrado" not in found


# -- consent ---------------------------------------------------------------------------------


def test_the_consent_form_is_never_served_at_media_but_editors_download_it(client):
    photo = credited(people_shown=True, consent_recorded=True, consent_website=True)
    photo.consent_form.save("toestemming.pdf", SimpleUploadedFile("t.pdf", pdf_bytes()))
    make_project(photo=photo)
    assert photo.consent_form.name.startswith("private/consent-forms/")

    editor = Client()
    editor.force_login(make_editor())
    assert client.get("/media/" + photo.consent_form.name).status_code == 404
    assert editor.get("/media/" + photo.consent_form.name).status_code == 404
    response = editor.get(reverse("admin:photos_photo_consent_form", args=[photo.pk]))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        client.get(reverse("admin:photos_photo_consent_form", args=[photo.pk])).status_code == 302
    )


def test_people_without_recorded_consent_are_not_shown(client):
    photo = credited(people_shown=True, consent_recorded=False)
    project = make_project(photo=photo)
    html = client.get(project.get_absolute_url()).content.decode()
    assert photo.file.name not in html
    assert "Jan Jansen" not in html
    assert client.get("/media/" + photo.file.name).status_code == 404


def test_consent_for_social_media_only_keeps_the_photo_off_the_site_and_its_previews(client):
    """A share preview's image is served by the website: it needs both."""
    photo = credited(people_shown=True, consent_recorded=True, consent_social_media=True)
    project = make_project(photo=photo)
    assert photo.file.name not in client.get(project.get_absolute_url()).content.decode()


def test_consent_for_the_website_only_keeps_the_photo_out_of_share_previews(client):
    photo = credited(people_shown=True, consent_recorded=True, consent_website=True)
    project = make_project(photo=photo)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Foto: Jan Jansen" in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert photo.file.name not in og_image


def test_ended_consent_removes_the_photo_everywhere_at_its_moment_without_a_save(client):
    """The photo is on the project page, the overview, the share preview and the page's
    structured data, and its files are public; the day after its consent ends all of that
    is gone without anyone saving."""
    today = timezone.localdate()
    photo = credited(
        people_shown=True,
        consent_recorded=True,
        consent_website=True,
        consent_social_media=True,
        consent_until=today + datetime.timedelta(days=3),
    )
    project = make_project(photo=photo)
    rendition = re.search(
        r'src="(/media/renditions/[^"]+)"', client.get(project.get_absolute_url()).content.decode()
    ).group(1)

    def everywhere():
        page = client.get(project.get_absolute_url()).content.decode()
        overview = client.get("/nl/").content.decode()
        return {
            "page": photo.file.name in page.split("</head>")[1],
            "share preview": photo.file.name
            in re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1),
            "structured data": "image" in project_data(page),
            "overview": photo.file.name in overview,
            "credit": "Jan Jansen" in page,
            "file": client.get("/media/" + photo.file.name).status_code == 200,
            "rendition": client.get(rendition).status_code == 200,
        }

    assert all(everywhere().values()), everywhere()
    last_day = datetime.datetime.combine(today + datetime.timedelta(days=3), datetime.time(23, 59))
    with time_machine.travel(timezone.make_aware(last_day), tick=False):
        assert all(everywhere().values())
    next_morning = datetime.datetime.combine(
        today + datetime.timedelta(days=4), datetime.time(0, 0, 1)
    )
    with time_machine.travel(timezone.make_aware(next_morning), tick=False):
        assert not any(everywhere().values()), everywhere()


def test_editors_are_warned_a_month_before_consent_ends(admin_client):
    ends = timezone.localdate() + datetime.timedelta(days=20)
    photo = credited(
        title="Training Belgrado",
        people_shown=True,
        consent_recorded=True,
        consent_website=True,
        consent_until=ends,
    )
    make_project(photo=photo)
    credited(title="Later", consent_until=timezone.localdate() + datetime.timedelta(days=90))

    listing = admin_client.get(reverse("admin:photos_photo_changelist")).content.decode()
    page = admin_client.get(reverse("admin:photos_photo_change", args=[photo.pk])).content.decode()

    assert (
        "De toestemming van 1 gebruikte foto loopt binnen een maand af: Training Belgrado"
        in listing
    )
    assert "loopt af op" in page


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("not_needed", {"Zonder mensen"}),
        ("given", {"Toestemming"}),
        ("ending", {"Bijna afgelopen"}),
        ("ended", {"Afgelopen"}),
        ("missing", {"Zonder toestemming"}),
        ("unanswered", {"Niet nagekeken"}),
    ],
)
def test_the_library_lists_photos_by_consent_state(admin_client, state, expected):
    today = timezone.localdate()
    given = {"people_shown": True, "consent_recorded": True, "consent_website": True}
    credited(title="Zonder mensen")
    credited(title="Toestemming", **given)
    credited(title="Bijna afgelopen", consent_until=today + datetime.timedelta(days=10), **given)
    credited(title="Afgelopen", consent_until=today - datetime.timedelta(days=1), **given)
    credited(title="Zonder toestemming", people_shown=True)
    credited(title="Niet nagekeken", people_shown=None)

    html = admin_client.get(
        reverse("admin:photos_photo_changelist"), {"consent": state}
    ).content.decode()

    titles = set(re.findall(r'class="field-title"><a [^>]*>([^<]+)</a>', html))
    assert titles == expected


def test_a_new_photo_must_say_whether_people_are_recognisable(admin_client):
    url = reverse("admin:photos_photo_add")
    data = change_form_data(admin_client.get(url))
    data |= {
        "file": SimpleUploadedFile("foto.jpg", image_bytes(), "image/jpeg"),
        "title": "Training",
        "alt_nl": "Een training",
    }
    data.pop("people_shown", None)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "people_shown" in response.context["adminform"].form.errors


def test_add_photo_gives_a_use_its_own_library_photo():
    project = add_photo(make_project(), alt="Twee mensen")
    assert project.photo.alt_nl == "Twee mensen" and project.photo_alt == ""
