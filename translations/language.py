"""The language of the back office: a member of staff's own choice, else their role's.

Translators write English all day and may not read Dutch, so their admin, the desk and
its messages are in English unless they choose Dutch; editors' stays Dutch (the site's
source language) unless they choose English.
"""

from django.conf import settings

from .models import AdminLanguage
from .registry import SOURCE_LANGUAGE, TARGET_LANGUAGE
from .roles import is_translator

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def role_language(user):
    return TARGET_LANGUAGE if is_translator(user) else SOURCE_LANGUAGE


def chosen_language(user):
    """The language ``user`` chose, or None."""
    if not hasattr(user, "_admin_language"):
        user._admin_language = (
            AdminLanguage.objects.filter(user=user).values_list("language", flat=True).first()
        )
    return user._admin_language


def admin_language(user):
    if user is None or not user.is_authenticated:
        return settings.LANGUAGE_CODE
    chosen = chosen_language(user)
    return chosen if chosen in LANGUAGE_CODES else role_language(user)


def choose_language(user, language):
    AdminLanguage.objects.update_or_create(user=user, defaults={"language": language})
    user._admin_language = language
