"""Who may see the files of a library photo that the public may not see yet: whoever may
see an item that uses it (a share link to a draft project shows the draft's photos). A
rule of the MEDIA_ACCESS_RULES setting (operations.media)."""

from editorial.access import may_see_unpublished

from .models import Photo
from .uses import uses_of


def may_see_through_its_uses(request, owner):
    if not isinstance(owner, Photo):
        return False
    return any(may_see_unpublished(request, item) for item in uses_of(owner))
