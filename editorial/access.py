"""Who may see content the public may not see yet.

``may_see_unpublished(request, obj)`` is the one question for it, asked by the preview
and share views, and meant for the media view that serves the files of unpublished
content: staff who may view ``obj``'s kind of content may, and so may a visitor who
opened a still valid share link of ``obj``'s page (a workshop's photo belongs to its
project's page) in this browser session.
"""

from django.contrib.contenttypes.models import ContentType

from .preview import preview_for
from .sharing import SESSION_KEY


def may_see_unpublished(request, obj):
    if obj is None:  # a file no content owns: not a draft of anything
        return False
    user = getattr(request, "user", None)
    opts = obj._meta
    staff = user is not None and user.is_active and user.is_staff
    if staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return True
    keys = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not keys:
        return False
    from .models import ShareLink

    declaration = preview_for(type(obj))
    page_object = declaration.object_for(obj) if declaration else obj
    candidates = {(type(obj), obj.pk), (type(page_object), page_object.pk)}
    links = ShareLink.objects.active().filter(key__in=keys)
    return any(
        links.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id=str(pk),
        ).exists()
        for model, pk in candidates
    )
