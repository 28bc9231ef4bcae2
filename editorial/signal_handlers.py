"""Signal receivers of the editorial app, connected in ``EditorialConfig.ready()``."""

from content import roles

from . import redirects


def connect():
    redirects.connect()
    # Editors and publishers see and remove the automatic redirects.
    for group in (roles.EDITORS_GROUP, roles.PUBLISHERS_GROUP):
        roles.grant(group, "redirects.view_redirect", "redirects.delete_redirect")
