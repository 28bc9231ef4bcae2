from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.urls import reverse
from django.utils import translation

from .language import admin_language


class AdminLanguageMiddleware:
    """Serve the admin in the language of whoever uses it, whatever the browser prefers:
    the language a member of staff chose (on the translator's desk), else their role's
    (English for translators, Dutch for everyone else and before logging in).

    The public pages choose their language from the URL prefix; the back office has no
    prefix, so LocaleMiddleware would otherwise follow the browser's Accept-Language.
    Needs ``request.user``: it comes after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path_info.startswith(self.admin_prefix):
            try:
                language = admin_language(getattr(request, "user", None))
            except (OperationalError, InterfaceError):
                # The database is unreachable (restarting): the view meets the same error
                # and answers with the 503 page of DatabaseUnavailableMiddleware, in the
                # site's language, instead of a 500 from here.
                language = settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
