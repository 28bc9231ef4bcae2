"""Simple bar charts drawn on the server as SVG (``includes/bar_chart.html``), each with
the table of its figures behind it: readable without JavaScript, by screen readers (the
chart is one image with a name; the table has every number) and in print."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

BAR_HEIGHT = 14
ROW_HEIGHT = 40  # a label line above each bar
WIDTH = 320


@dataclass
class Bar:
    label: str
    value: float
    shown: str  # the value as the page writes it
    lang: str = ""  # the label's language where it is not the page's (Dutch shown for English)
    full: str = ""  # the whole label for the table, where the chart draws it shortened
    y: int = 0
    width: float = 0


@dataclass
class BarChart:
    id: str
    caption: str
    label_heading: str
    value_heading: str
    bars: list = field(default_factory=list)

    def __post_init__(self):
        top = max((bar.value for bar in self.bars), default=0) or 1
        # Room on the right for the value beside the longest bar (about 7 units a
        # character at the chart's type size).
        room = min(max(60, 7 * max((len(bar.shown) for bar in self.bars), default=0) + 10), 200)
        for number, bar in enumerate(self.bars):
            bar.y = number * ROW_HEIGHT
            bar.width = round(max(bar.value / top * (WIDTH - room), 1 if bar.value else 0), 1)

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT

    @property
    def width(self):
        return WIDTH

    @property
    def bar_height(self):
        return BAR_HEIGHT


# Results in figures ----------------------------------------------------------------------

# At most this many charts of results (units) on a page: the units most results count in.
RESULT_CHARTS = 4
LABEL_LENGTH = 44  # characters of a label drawn in a chart; the table has it whole


def shorten(text, length=LABEL_LENGTH):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def unit_label(unit_nl, unit_en, language=None):
    """(a result's unit in the page's language, the language it is in where that is not
    the page's)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language != "nl" and unit_en:
        return unit_en.strip(), ""
    return (unit_nl or "").strip(), "" if language == "nl" else "nl"


def result_charts(rows, prefix, language=None, number=str, limit=RESULT_CHARTS):
    """Per unit a chart of its figures per year, newest year last: ``rows`` are (year,
    unit_nl, unit_en, value, results) with the value of ``results`` results added up
    (those of one unit and year). Percentages are not added up and results without a
    unit or number are left out. At most ``limit`` charts, of the units with the most
    results, each named "<unit> per year"."""
    units = {}
    for year, unit_nl, unit_en, value, results in rows:
        label, lang = unit_label(unit_nl, unit_en, language)
        if value is None or not label or label == "%":
            continue
        unit = units.setdefault(label, {"lang": lang, "years": {}, "results": 0})
        unit["years"][year] = unit["years"].get(year, Decimal(0)) + Decimal(value)
        unit["results"] += results
    chosen = sorted(units.items(), key=lambda item: (-item[1]["results"], item[0]))[:limit]
    charts = []
    for number_, (label, unit) in enumerate(sorted(chosen, key=lambda item: item[0]), start=1):

        def marked(text, lang=unit["lang"]):
            return format_html('<span lang="{}">{}</span>', lang, text) if lang else text

        name = marked(label)
        caption = escape(_("%(unit)s per year")) % {"unit": "\x00"}
        # The unit first, with a capital: "Advocaten per jaar", "Lawyers per year".
        caption = caption.replace("\x00", conditional_escape(marked(capfirst(label))))
        charts.append(
            BarChart(
                f"{prefix}-{number_}",
                mark_safe(caption),
                _("Year"),
                name,
                [
                    Bar(str(year), float(total), number(total))
                    for year, total in sorted(unit["years"].items())
                ],
            )
        )
    return charts


def target_chart(results, chart_id, number=str):
    """The results that have both a number and a target as a chart of how much of the
    target each reached (a share, so that results in different units compare), or None
    when none has both. Each bar is labelled with its year and statement, oldest first."""
    bars = []
    for result in sorted(results, key=lambda result: (result.year, result.sort_order, result.pk)):
        if result.value is None or not result.target:
            continue
        share = float(result.value / result.target * 100)
        percent = "%" if result.is_percentage else ""
        english_missing = translation.get_language() != "nl" and not result.statement_en
        bars.append(
            Bar(
                shorten(f"{result.year}: {result.statement}"),
                share,
                _("%(value)s of %(target)s (%(share)s%%)")
                % {
                    "value": number(result.value) + percent,
                    "target": number(result.target) + percent,
                    "share": number(round(share)),
                },
                lang="nl" if english_missing else "",
                full=f"{result.year}: {result.statement}",
            )
        )
    if not bars:
        return None
    return BarChart(
        chart_id,
        _("Achieved compared with the target"),
        _("Result"),
        _("Achieved of the target"),
        bars,
    )
