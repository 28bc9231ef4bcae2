"""The photo library in a real browser (issue 26): an editor uploads a photo once, sets
its focal point, records its credit, licence and consent with an end date, and uses it
on a project and on that project's workshop; the public page shows the credit under the
photo (screenshots at 360 and 1440 px in test-artifacts/screenshots/)."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from PIL import Image

from photos.models import Photo
from projects.models import Project
from tests.factories import make_full_project, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-pass-123"


def jpeg(width=1600, height=1000):
    """A photo with a bright spot at the upper right, where its focal point will be."""
    image = Image.new("RGB", (width, height), (70, 110, 150))
    for x in range(int(width * 0.7), int(width * 0.9)):
        for y in range(int(height * 0.2), int(height * 0.4)):
            image.putpixel((x, y), (240, 200, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def log_in(new_context, site):
    user = User.objects.create_user("fotoredactie", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    page = new_context().new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "fotoredactie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page


def choose_from_library(page, field_id, title):
    """The chooser's button opens the library; a click on the photo's title chooses it."""
    # The form's parts are folded until opened (the photo, a workshop's details): open
    # the ones the chooser is in, as the editor clicks their headings.
    summaries = page.locator(f"details:has(#lookup_{field_id}) > summary")
    for index in range(summaries.count()):
        summary = summaries.nth(index)
        if summary.evaluate("element => !element.parentElement.open"):
            summary.click()
    with page.expect_popup() as opened:
        page.click(f"#lookup_{field_id}")
    library = opened.value
    library.wait_for_load_state()
    library.fill("#searchbar", title.split()[0])
    library.press("#searchbar", "Enter")
    library.wait_for_load_state()
    assert library.locator("img.photo-thumbnail").count() >= 1  # thumbnails to choose by
    with library.expect_event("close"):
        library.click(f"td.field-title a:text-is('{title}')")
    assert page.input_value(f"#{field_id}")


def test_an_editor_uploads_once_uses_it_twice_and_the_credit_shows(
    new_context, site, screenshots_dir
):
    project = make_full_project(
        title_nl="Rechtshulp in Servië",
        slug="rechtshulp-servie",
        summary_nl="Juridische hulp voor vluchtelingen in Servië.",
        workshop_title="Training in Belgrado",
    )
    page = log_in(new_context, site)

    # Upload once, with credit, licence and consent that ends in two months.
    page.goto(f"{site}/admin/photos/photo/add/")
    page.set_input_files(
        "#id_file", {"name": "IMG_2041.JPG", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    page.fill("#id_title", "Training Belgrado 2024")
    page.fill("#id_alt_nl", "Deelnemers van de training in Belgrado aan een tafel")
    page.fill("#id_credit", "Jan Jansen / VluchtelingenWerk")
    page.select_option("#id_licence", "cc-by-4.0")
    page.check("#id_people_shown_0")  # Ja: recognisable people
    page.check("#id_consent_recorded")
    page.set_input_files(
        "#id_consent_form",
        {"name": "toestemming.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
    )
    page.check("#id_consent_website")
    page.check("#id_consent_social_media")
    ends = timezone.localdate() + datetime.timedelta(days=60)
    page.fill("#id_consent_until", ends.strftime("%d-%m-%Y"))
    page.click("input[name=_continue]")
    page.wait_for_selector(".focal-point img")
    photo = Photo.objects.get(title="Training Belgrado 2024")
    assert photo.consent_until == ends and photo.credit == "Jan Jansen / VluchtelingenWerk"

    # The focal point: a click on the bright spot at the upper right.
    image = page.locator(".focal-point img")
    box = image.bounding_box()
    image.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.3})
    assert page.input_value("#id_focal_x") == "80"
    assert page.input_value("#id_focal_y") == "30"
    page.screenshot(path=str(screenshots_dir / "photo-library-focal-point-nl-1440.png"))
    page.click("input[name=_continue]")
    page.wait_for_selector(".focal-point img")
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (80, 30)

    # Use it on the project and on its workshop, from the library.
    page.goto(f"{site}/admin/projects/project/{project.pk}/change/")
    choose_from_library(page, "id_photo", "Training Belgrado 2024")
    choose_from_library(page, "id_workshops-0-photo", "Training Belgrado 2024")
    page.fill("#id_photo_caption_nl", "De training in Belgrado, voorjaar 2024")
    page.click("input[name=_continue]")
    page.wait_for_selector(".photo-chooser__thumbnail", state="attached")  # folded again
    project = Project.objects.get(pk=project.pk)
    assert project.photo == photo and project.workshops.get().photo == photo
    assert Photo.objects.filter(title="Training Belgrado 2024").count() == 1

    # The photo's page lists both uses.
    page.goto(f"{site}/admin/photos/photo/{photo.pk}/change/")
    uses = page.inner_text(".photo-uses")
    assert "Project: Rechtshulp in Servië" in uses and "Workshop: Training in Belgrado" in uses

    # The public page: the photo with its caption and credit, at phone and desktop width.
    visitor = new_context().new_page()
    for width in (360, 1440):
        visitor.set_viewport_size({"width": width, "height": 900})
        visitor.goto(site + project.get_absolute_url())
        credit = visitor.locator(".project__photo .photo__credit")
        credit.scroll_into_view_if_needed()
        assert credit.is_visible()
        assert credit.inner_text() == "Foto: Jan Jansen / VluchtelingenWerk · CC BY 4.0"
        assert visitor.locator(".workshop__photo .photo__credit").count() == 1
        visitor.locator(".project__photo").screenshot(
            path=str(screenshots_dir / f"photo-library-credit-nl-{width}.png")
        )
        visitor.screenshot(
            path=str(screenshots_dir / f"photo-library-project-nl-{width}.png"), full_page=True
        )
        overflow = visitor.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    og_image = visitor.get_attribute('meta[property="og:image"]', "content")
    assert og_image.endswith("-crop-1200x630-80-30.jpg")
