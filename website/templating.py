"""The Jinja2 environment of the public pages.

The public templates (templates/jinja2/) are Jinja2: they render the overview in a
fraction of the time the Django template language needs (bench/README.md). The admin
and its overrides (templates/admin/) stay Django templates.

Interface text is marked with ``_("...")`` at the very start of a ``{{ }}`` expression,
placeholders filled with the ``format`` filter:
``{{ _("The situation in %(country)s")|format(country=name) }}``. That is the form
``makemessages`` (``make messages``) reads from a template; a ``_()`` anywhere else in an
expression is not extracted (tests/translations/test_catalogues.py checks every template).
"""

import datetime
from functools import lru_cache, partial

from django.template.defaultfilters import date as date_filter
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, gettext_noop, ngettext
from jinja2 import Environment, pass_context
from markupsafe import Markup

from website.template_helpers import media_tags, seo_tags, site_tags
from website.template_helpers.fallback_notice import capture_content

# The language links name each other language in that language: in full above an
# article ("Read this article in English"), short in the header ("Read in English").
READ_IN_LANGUAGE = gettext_noop("Read this article in this language")
READ_IN_LANGUAGE_SHORT = gettext_noop("Read in this language")


def read_in_language(code, short=False):
    with translation.override(code):
        return gettext(READ_IN_LANGUAGE_SHORT if short else READ_IN_LANGUAGE)


def date(value, format_string=None):
    """Django's ``date`` filter, with the local-time conversion Django templates apply."""
    if type(value) is datetime.date:  # a day is written the same each time in a language
        return _day(value, format_string, translation.get_language())
    return date_filter(template_localtime(value), format_string)


@lru_cache(maxsize=4096)
def _day(value, format_string, _language):
    return date_filter(value, format_string)


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)

    def include(template_name, build, *args, **kwargs):
        """What Django calls an inclusion tag: ``build`` makes the context of a template."""
        return Markup(env.get_template(template_name).render(build(*args, **kwargs)))

    @pass_context
    def share_links(context, title):
        # A preview's address is not the page's and not public: nothing to share yet.
        if context.get("preview"):
            return Markup("")
        return include("includes/share.html", media_tags.share_links, context, title)

    env.globals.update(
        url=url,
        static=static,
        translated=site_tags.translated,
        funding_sentence=site_tags.funding_sentence,
        funding_amounts=site_tags.funding_amounts,
        join_with_and=site_tags.join_with_and,
        place_names=site_tags.place_names,
        name_in_sentence=site_tags.name_in_sentence,
        read_about_projects=site_tags.read_about_projects,
        picture=partial(include, "includes/picture.html", media_tags.picture),
        item_photo=partial(include, "includes/picture.html", media_tags.item_photo),
        project_map=partial(include, "includes/project_map.html", media_tags.project_map),
        share_links=share_links,
        svg_icon=media_tags.svg_icon,
        json_ld=seo_tags.json_ld,
        capture_content=capture_content,
        read_in_language=read_in_language,
        current_language=translation.get_language,
    )
    env.filters.update(
        date=date,
        file_label=media_tags.file_label,
        money=site_tags.money,
        number=site_tags.number,
    )
    return env
