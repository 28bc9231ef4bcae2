"""Uploaded media: private until its content is published, and served with headers that
keep a stored file from running as a page."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from content.renditions import renditions
from operations.security import serve_media
from projects.models import Project
from tests.factories import (
    add_partner,
    image_bytes,
    make_editor,
    make_library_photo,
    make_partner,
    make_project,
    make_translator,
    make_user,
    make_workshop,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content)


def with_photo(obj, name="Foto.jpg", field="photo"):
    """The address of a new file of ``obj``: a library photo it uses, or a file of its own
    (a logo, the photo of tests/testapp's leaflet)."""
    if obj._meta.get_field(field).is_relation:
        obj.photo = make_library_photo(name, image_bytes(), alt="Een foto")
        obj.save()
        return "/media/" + obj.photo.file.name
    getattr(obj, field).save(name, ContentFile(image_bytes()), save=False)
    if field == "photo":
        obj.photo_alt_nl = "Een foto"
    obj.save()
    return "/media/" + getattr(obj, field).name


@pytest.fixture
def draft(media_root):
    """A draft project with a photo, a workshop with photo and report, and a partner that
    appears only in this draft, with a logo."""
    project = make_project(published=False)
    workshop = make_workshop(project)
    workshop.report.save("Vertrouwelijk verslag.pdf", ContentFile(pdf_bytes()), save=False)
    partner = make_partner()
    add_partner(project, partner)
    return {
        "project": project,
        "photo": with_photo(project),
        "workshop photo": with_photo(workshop, "Workshop.jpg"),
        "report": "/media/" + workshop.report.name,
        "logo": with_photo(partner, "Logo.png", field="logo"),
        "rendition": renditions(project.photo.file).default.url,
    }


DRAFT_FILES = ["photo", "workshop photo", "report", "logo", "rendition"]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
@pytest.mark.parametrize("kind", DRAFT_FILES)
def test_files_of_unpublished_content_are_404_for_the_public(client, settings, draft, kind, debug):
    settings.DEBUG = debug
    assert draft["report"] == "/media/workshops/reports/vertrouwelijk-verslag.pdf"
    assert client.get(draft[kind]).status_code == 404


@pytest.mark.parametrize("kind", DRAFT_FILES)
def test_files_of_published_content_are_served_to_the_public(client, draft, kind):
    draft["project"].status = Project.Status.PUBLISHED
    draft["project"].save()
    response = client.get(draft[kind])
    assert response.status_code == 200
    assert body(response)
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("make_staff", [make_editor, make_translator], ids=["editor", "translator"])
@pytest.mark.parametrize("kind", DRAFT_FILES)
def test_staff_see_files_of_unpublished_content(client, draft, make_staff, kind):
    client.force_login(make_staff())
    response = client.get(draft[kind])
    assert response.status_code == 200
    assert body(response)
    assert response["Cache-Control"] == "private, no-store"


def test_the_superuser_sees_files_of_unpublished_content(superuser_client, draft):
    assert superuser_client.get(draft["report"]).status_code == 200


def test_staff_without_any_role_do_not_see_unpublished_files(client, draft):
    client.force_login(make_user())  # is_staff, but in no group
    assert client.get(draft["photo"]).status_code == 404


def share_link_rule(request, owner):
    """A rule of the MEDIA_ACCESS_RULES kind (the editorial workflow's is real); a library
    photo is seen through the items that use it."""
    from photos.models import Photo
    from photos.uses import uses_of
    from projects.models import Project

    if isinstance(owner, Photo):
        return any(share_link_rule(request, item) for item in uses_of(owner))
    project = getattr(owner, "project", owner)
    return request.GET.get("share") == "token" and project == Project.objects.get(
        slug_nl="concept-project"
    )


def test_an_access_rule_can_open_unpublished_files_to_a_share_link(client, draft, settings):
    """The MEDIA_ACCESS_RULES setting lists who may see unpublished files."""
    project = draft["project"]
    project.slug_nl = "concept-project"
    project.save()
    settings.MEDIA_ACCESS_RULES = [
        *settings.MEDIA_ACCESS_RULES,
        "tests.operations.test_media.share_link_rule",
    ]
    assert client.get(draft["report"], {"share": "token"}).status_code == 200
    assert client.get(draft["photo"], {"share": "token"}).status_code == 200
    assert client.get(draft["report"]).status_code == 404


def test_unpublishing_makes_the_files_private_again_at_once(client, draft):
    project = draft["project"]
    project.status = Project.Status.PUBLISHED
    project.save()
    assert client.get(draft["report"]).status_code == 200
    project.status = Project.Status.DRAFT
    project.save()
    assert client.get(draft["report"]).status_code == 404


def test_a_partner_logo_is_public_through_a_published_project(client, draft):
    add_partner(make_project(), Project.objects.get(pk=draft["project"].pk).partners.get())
    assert client.get(draft["logo"]).status_code == 200
    assert client.get(draft["photo"]).status_code == 404


def test_a_partner_logo_is_public_through_a_workshop_it_facilitated(client, draft):
    partner = draft["project"].partners.get()
    make_workshop(make_project()).facilitators.add(partner)
    assert client.get(draft["logo"]).status_code == 200


def test_files_of_a_new_kind_of_content_follow_its_published_queryset(client, media_root):
    """tests/testapp: declared with register_content, nothing else about media."""
    from tests.testapp.models import Leaflet

    draft = Leaflet.objects.create(title_nl="Concept", is_draft=True)
    public = Leaflet.objects.create(title_nl="Folder")
    assert client.get(with_photo(draft, "concept.jpg")).status_code == 404
    assert client.get(with_photo(public, "folder.jpg")).status_code == 200


def test_a_file_no_content_owns_is_404_for_the_public(client, media_root, draft):
    (media_root / "workshops" / "reports" / "oud.pdf").write_bytes(pdf_bytes())
    assert client.get("/media/workshops/reports/oud.pdf").status_code == 404


def test_a_replaced_upload_of_published_content_is_no_longer_public(client, media_root):
    project = make_project()
    old = with_photo(project, "oud.jpg")
    new = with_photo(project, "nieuw.jpg")
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/media/../manage.py", "/media/%2e%2e/manage.py", "/media/..%2fmanage.py", "/media/"],
)
def test_media_outside_the_media_root_is_refused(client, superuser_client, path):
    assert client.get(path).status_code in (400, 404)
    assert superuser_client.get(path).status_code in (400, 404)


def test_a_published_file_is_decided_from_the_cache_without_queries(
    client, media_root, django_assert_num_queries
):
    url = with_photo(make_project())
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_with_x_accel_redirect_the_site_decides_and_the_proxy_sends(client, settings, draft):
    settings.MEDIA_X_ACCEL_PREFIX = "/internal-media/"
    assert client.get(draft["report"]).status_code == 404
    draft["project"].status = Project.Status.PUBLISHED
    draft["project"].save()

    response = client.get(draft["report"])

    assert response.status_code == 200
    assert (
        response["X-Accel-Redirect"]
        == "/internal-media/workshops/reports/vertrouwelijk-verslag.pdf"
    )
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def stored_files(media_root):
    (media_root / "photo.jpg").write_bytes(image_bytes())
    (media_root / "report.pdf").write_bytes(pdf_bytes())
    (media_root / "notes.txt").write_bytes(b"<script>alert(1)</script>")
    return media_root


def test_media_is_served_with_nosniff(rf, stored_files):
    response = serve_media(rf.get("/media/photo.jpg"), "photo.jpg")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "sandbox" in response["Content-Security-Policy"]


def test_pdfs_are_served_as_attachments(rf, stored_files):
    response = serve_media(rf.get("/media/report.pdf"), "report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_files_are_served_as_opaque_downloads(rf, stored_files):
    response = serve_media(rf.get("/media/notes.txt"), "notes.txt")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("path", ["../secret", "photo.jpg\x00.html", "missing.jpg"])
def test_media_serving_refuses_bad_paths_with_404(rf, stored_files, path):
    with pytest.raises(Http404):
        serve_media(rf.get("/media/x"), path)


def test_published_media_urls_are_served_with_the_headers(client, media_root):
    from projects.models import Workshop

    workshop = make_workshop(make_project())
    workshop.report.save("verslag.pdf", ContentFile(pdf_bytes()))
    response = client.get(Workshop.objects.get().report.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_files_follow_a_projects_publish_until_moment_without_a_save(client, draft):
    """The cached "public" answer never outlives the next scheduled moment."""
    import datetime

    import time_machine
    from django.utils import timezone

    project = draft["project"]
    end = timezone.now() + datetime.timedelta(hours=1)
    project.status = Project.Status.PUBLISHED
    project.publish_until = end
    project.save()
    assert client.get(draft["photo"]).status_code == 200
    with time_machine.travel(end + datetime.timedelta(seconds=1)):
        assert client.get(draft["photo"]).status_code == 404
        assert client.get(draft["report"]).status_code == 404


def test_files_appear_at_a_projects_publish_from_moment_without_a_save(client, draft):
    import datetime

    import time_machine
    from django.utils import timezone

    project = draft["project"]
    start = timezone.now() + datetime.timedelta(hours=1)
    project.status = Project.Status.PUBLISHED
    project.publish_from = start
    project.save()
    assert client.get(draft["photo"]).status_code == 404
    with time_machine.travel(start + datetime.timedelta(seconds=1)):
        assert client.get(draft["photo"]).status_code == 200


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
@pytest.mark.parametrize("control", ["%00", "%01", "%0d%0a", "%0a", "%09", "%1f", "%7f"])
@pytest.mark.parametrize("where", ["/media/x{}", "/media/x{}.pdf", "/media/renditions/{}/a.jpg"])
def test_malformed_media_paths_answer_400_never_500(client, settings, debug, control, where):
    """Measured: /media/x%0d%0a ended in a server error (the file name went into a
    Content-Disposition header); pages already answer a NUL byte with 400."""
    settings.DEBUG = debug
    client.raise_request_exception = False
    response = client.get(where.format(control))
    assert response.status_code == 400
    assert "\r" not in response.get("Content-Disposition", "")
    assert "\n" not in response.get("Content-Disposition", "")


def test_a_media_path_with_a_control_character_is_refused_before_any_lookup(
    client, media_root, django_assert_num_queries
):
    make_workshop(make_project()).report.save("x.pdf", ContentFile(pdf_bytes()))
    with django_assert_num_queries(0):
        assert client.get("/media/workshops/reports/x.pdf%0d%0a").status_code == 400


def test_random_media_addresses_leave_nothing_in_the_cache(client, media_root, draft):
    """Only the answer "public" is cached: a request for a name that does not exist, or
    for a draft's file, costs no cache entry (issue 24)."""
    from django.core.cache import cache

    from operations.media import CACHE_PREFIX

    written = []
    original = cache.set

    def recording(key, *args, **kwargs):
        written.append(key)
        return original(key, *args, **kwargs)

    cache.set = recording
    try:
        for number in range(20):
            assert client.get(f"/media/photos/{number:08x}.jpg").status_code == 404
        assert client.get(draft["photo"]).status_code == 404
    finally:
        del cache.set
    assert not [key for key in written if key.startswith(CACHE_PREFIX)]
