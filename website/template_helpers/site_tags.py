"""Template helpers for the public pages."""

from functools import cache, lru_cache

from babel import Locale
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils.html import conditional_escape, format_html, format_html_join, mark_safe
from django.utils.translation import gettext, ngettext, pgettext
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_language

from content.richtext import RichTextField, is_partial_translation

from .fallback_notice import note_fallback

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _localized_value(obj, field_name, language, rich):
    """(text shown in ``language``, whether it is the Dutch fallback).

    What django-modeltranslation's fallback gives (the language's own text, else the
    Dutch), read from the columns directly: this runs for every text on every page. Rich
    text translated in part (some paragraphs only) is shown in Dutch as a whole.
    """
    own = getattr(obj, build_localized_fieldname(field_name, language), None)
    if language == SOURCE_LANGUAGE:
        return own or "", False
    source = getattr(obj, build_localized_fieldname(field_name, SOURCE_LANGUAGE), None)
    if own and not (rich and is_partial_translation(source, own)):
        return own, False
    return source or "", bool(source)


@cache
def _field_kind(model, field_name):
    """(whether the field is translated, whether it is rich text)."""
    translated_fields = translator.get_options_for_model(model).all_fields
    rich = isinstance(model._meta.get_field(field_name), RichTextField)
    return field_name in translated_fields, rich


def translated(obj, field_name, *, svg=False):
    """Render a translated field; Dutch text shown on an English page carries lang="nl".

    Rich text is sanitised when saved, so it is rendered as HTML; plain text is escaped.
    Inside an inline SVG (``svg=True``: a map's labels) the Dutch is a ``<tspan>``: an
    HTML ``<span>`` there would end the SVG for the browser and spill the rest of the
    drawing onto the page.
    """
    is_translated, rich = _field_kind(type(obj), field_name)
    if not is_translated:
        raise ValueError(f"{type(obj).__name__}.{field_name} is not a translated field.")
    value, fallback = _localized_value(obj, field_name, get_language(), rich)
    if fallback:
        note_fallback()
        if rich:
            return format_html('<div lang="{}">{}</div>', SOURCE_LANGUAGE, mark_safe(value))
        if svg and not rich:
            return format_html('<tspan lang="{}">{}</tspan>', SOURCE_LANGUAGE, value)
        if svg:
            raise ValueError(f"{type(obj).__name__}.{field_name} is rich text: not for an SVG.")
        return format_html('<span lang="{}">{}</span>', SOURCE_LANGUAGE, value)
    return mark_safe(value) if rich else conditional_escape(value)


_NUMBER_WORDS = {
    1: lambda: gettext("one"),
    2: lambda: gettext("two"),
    3: lambda: gettext("three"),
    4: lambda: gettext("four"),
    5: lambda: gettext("five"),
}


def duration(months):
    """12 → "een jaar" / "one year", 24 → "twee jaar", 18 → "18 maanden"."""
    if not months:
        return ""
    if months % 12 == 0:
        years = months // 12
        word = _NUMBER_WORDS.get(years, lambda: str(years))()
        return ngettext("%(count)s year", "%(count)s years", years) % {"count": word}
    word = _NUMBER_WORDS.get(months, lambda: str(months))()
    return ngettext("%(count)s month", "%(count)s months", months) % {"count": word}


def join_with_and(items):
    """["a", "b", "c"] → "a, b en c" (HTML-safe when the items are)."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return conditional_escape(items[0])
    head = format_html_join(", ", "{}", ((item,) for item in items[:-1]))
    return format_html("{} {} {}", head, gettext("and"), items[-1])


def name_in_sentence_text(place, language=None):
    """(the name of ``place`` as it reads inside a sentence in ``language``, whether that
    is the Dutch shown for want of English): "de Nederlandse Cariben", "the Dutch
    Caribbean", "Kenia".

    The name with its article where the editor gave one, else the plain name. An English
    name without an English article form stands on its own (never the Dutch article in
    an English sentence); without an English name both fall back to the Dutch.
    """
    language = language or get_language()
    with_article, fallback = _localized_value(place, "name_with_article", language, rich=False)
    if with_article and not fallback:
        return with_article, False
    name, name_fallback = _localized_value(place, "name", language, rich=False)
    if name_fallback and with_article:
        return with_article, True
    return name, name_fallback


def name_in_sentence(place):
    """A place's name for a generated sentence or heading ("De situatie in de Nederlandse
    Cariben"), HTML-safe; Dutch shown on an English page carries lang="nl"."""
    text, fallback = name_in_sentence_text(place)
    if fallback:
        note_fallback()
        return format_html('<span lang="{}">{}</span>', SOURCE_LANGUAGE, text)
    return conditional_escape(text)


def place_names(places):
    """ "Albanië, de Nederlandse Cariben en Servië": the names of places as they read in a
    sentence (``name_in_sentence``)."""
    return join_with_and(name_in_sentence(place) for place in places)


def funding_sentence(project):
    """ "Het project wordt gefinancierd door X en heeft een looptijd van een jaar." from data,
    or the project's own sentence when an editor wrote one.

    Each funding row says how the sentence names its funder ("door" or "vanuit": its
    ``phrasing``); neighbours with the same phrasing share it ("door X en Y"). The project
    comes from projects.public, which loads its ``public_fundings``.
    """
    own, _fallback = _localized_value(project, "funding_text", get_language(), rich=False)
    if own.strip():
        return translated(project, "funding_text")
    groups = []
    for funding in project.public_fundings:
        name = translated(funding.funder, "name")
        if groups and groups[-1][0] == funding.phrasing:
            groups[-1][1].append(name)
        else:
            groups.append((funding.phrasing, [name]))
    funders = join_with_and(
        format_html(
            "{} {}",
            pgettext("funded", "from") if phrasing == "from" else pgettext("funded", "by"),
            join_with_and(names),
        )
        for phrasing, names in groups
    )
    length = duration(project.duration_months)
    if funders and length:
        text = gettext("The project is funded %(funders)s and runs for %(duration)s.")
    elif funders:
        text = gettext("The project is funded %(funders)s.")
    elif length:
        text = gettext("The project runs for %(duration)s.")
    else:
        return ""
    return mark_safe(
        conditional_escape(text) % {"funders": funders, "duration": conditional_escape(length)}
    )


# The locale each page language formats numbers and money in.
NUMBER_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def _number_locale():
    return NUMBER_LOCALES.get(get_language() or SOURCE_LANGUAGE, "nl_NL")


def money(amount, currency):
    """€ 25.000 on a Dutch page, €25,000 on an English one; cents only when there are any."""
    locale = _number_locale()
    if amount == amount.to_integral_value():
        pattern = Locale.parse(locale).currency_formats["standard"].pattern
        whole = pattern.replace(".00", "")
        return format_currency(amount, currency, format=whole, locale=locale, currency_digits=False)
    return format_currency(amount, currency, locale=locale)


def number(value):
    """450, 1.250 or 12,5 on a Dutch page; 1,250 or 12.5 on an English one."""
    if type(value) is int:  # counts: the same few numbers over and over (the list's filters)
        return _whole_number(value, _number_locale())
    return format_decimal(value, locale=_number_locale())


@lru_cache(maxsize=4096)
def _whole_number(value, locale):
    return format_decimal(value, locale=locale)


def funding_amounts(project):
    """The amounts the editor chose to show: [(funder, amount, currency)] and, when there
    are several, the total per currency [(amount, currency)]."""
    shown = [
        (funding.funder, funding.amount, funding.currency)
        for funding in project.public_fundings
        if funding.show_amount and funding.amount is not None
    ]
    totals = {}
    for _funder, amount, currency in shown:
        totals[currency] = totals.get(currency, 0) + amount
    totals = [(amount, currency) for currency, amount in totals.items()]
    return {"rows": shown, "totals": totals if len(shown) > 1 else []}


def read_about_projects(country, count):
    """The overview's link to a country page that lists more projects than it shows."""
    text = ngettext(
        "Read about the project in %(country_name)s",
        "Read about all %(counter)s projects in %(country_name)s",
        count,
    )
    return mark_safe(
        conditional_escape(text) % {"counter": count, "country_name": name_in_sentence(country)}
    )
