"""An IATI activity as plain data, and the calculations the standard asks for.

``Activity`` holds what one activity says in IATI terms; the builder writes it as XML and
the rules check it, so both see exactly the same values. Nothing here knows this site's
content: ``projects.open_data`` maps published projects onto these classes.
"""

import calendar
import datetime
import html
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.html import strip_tags

from .codelists import ActivityDateType

CENT = Decimal("0.01")


HUNDRED = Decimal("100")


@dataclass
class Organisation:
    names: dict
    type: str
    ref: str = ""
    role: str = ""


@dataclass
class Budget:
    start: datetime.date
    end: datetime.date
    amount: Decimal
    currency: str


@dataclass
class DocumentLink:
    url: str
    format: str
    category: str
    titles: dict
    language: str
    date: datetime.date | None = None


@dataclass
class Indicator:
    titles: dict
    measure: str
    descriptions: dict = field(default_factory=dict)
    # The reporting period and its numbers; without a period the indicator is qualitative.
    period: tuple | None = None  # (start date, end date)
    target: Decimal | None = None
    actual: Decimal | None = None


@dataclass
class Result:
    type: str
    titles: dict
    indicators: list


@dataclass
class Activity:
    identifier: str
    reporting_org: Organisation
    titles: dict
    descriptions: list  # (description type, {language: text})
    participating_orgs: list
    status: str
    dates: dict  # ActivityDateType -> date
    countries: list  # (IATI country code, percentage)
    sector: str
    budgets: list
    default_currency: str
    document_links: list
    last_updated: datetime.datetime | None
    regions: list = field(default_factory=list)  # (IATI region code, percentage)
    results: list = field(default_factory=list)
    # Facts the rules report on that the XML itself cannot show.
    # The start date stands in for a missing one: "published" (the day the project was
    # first published) or "created" (a project never published yet); "" when entered.
    start_stand_in: str = ""
    amounts_without_period: bool = False
    currencies: list = field(default_factory=list)


def reporting_organisation():
    return Organisation(
        names={"nl": settings.IATI_REPORTING_ORG_NAME},
        type=settings.IATI_REPORTING_ORG_TYPE,
        ref=settings.IATI_REPORTING_ORG_IDENTIFIER,
    )


def plain_text(value):
    """Editor rich text as plain text: paragraphs kept as blank lines, tags dropped."""
    value = re.sub(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", "\n\n", value or "", flags=re.I)
    text = html.unescape(strip_tags(value))
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def one_year_after(day):
    """The last day of a one-year period that starts on ``day`` (29 February: 28 February)."""
    try:
        next_start = day.replace(year=day.year + 1)
    except ValueError:
        next_start = datetime.date(day.year + 1, 3, 1)
    return next_start - datetime.timedelta(days=1)


def number(value):
    """A decimal as IATI writes a value: 450, 12.5 (no trailing zeros, no exponent)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def split_evenly(total, count):
    """``count`` shares of ``total`` rounded to cents that add up to exactly ``total``."""
    share = (total / count).quantize(CENT, rounding=ROUND_HALF_UP)
    return [share] * (count - 1) + [total - share * (count - 1)]


def budget_periods(start, end):
    """Consecutive periods of at most one year from ``start`` to ``end`` (inclusive)."""
    periods = []
    while start <= end:
        period_end = min(one_year_after(start), end)
        periods.append((start, period_end))
        start = period_end + datetime.timedelta(days=1)
    return periods


def budgets(fundings, dates):
    """Each currency's known funding, spread over periods of at most a year by days."""
    totals = {}
    for funding in fundings:
        if funding.amount is not None:
            currency = (funding.currency or settings.IATI_DEFAULT_CURRENCY).upper()
            totals[currency] = totals.get(currency, Decimal(0)) + funding.amount
    start = dates.get(ActivityDateType.ACTUAL_START) or dates.get(ActivityDateType.PLANNED_START)
    end = dates.get(ActivityDateType.ACTUAL_END) or dates.get(ActivityDateType.PLANNED_END)
    if not totals or not start or not end or end < start:
        return [], list(totals)
    periods = budget_periods(start, end)
    total_days = (end - start).days + 1
    result = []
    for currency, total in totals.items():
        remaining = total
        for index, (period_start, period_end) in enumerate(periods):
            if index == len(periods) - 1:
                amount = remaining
            else:
                days = (period_end - period_start).days + 1
                amount = (total * days / total_days).quantize(CENT, rounding=ROUND_HALF_UP)
            remaining -= amount
            result.append(Budget(period_start, period_end, amount, currency))
    return result, list(totals)


# Without a configured address (e.g. on a laptop), links point at the local server;
# the rules warn about that before anyone publishes the file.
LOCAL_SITE_URL = "http://127.0.0.1:8000"


def site_url():
    return settings.SITE_URL or LOCAL_SITE_URL


def absolute_url(path):
    return f"{site_url()}{path}"
