"""The contract's partial dates: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` at the precision the text
gives, relative dates ("last week", "on Monday", "two years ago") resolved against the article's
publication date, passed as validation context:
``Model.model_validate(data, context={"published": date(2021, 12, 2)})``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")
_MONTHS = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", re.I)
_YEAR_RE = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_DAY_RE = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    """The partial date at the precision given; ValueError for one that does not exist
    (2021-02-30, 2019-13, 2019-00, year 0000)."""
    dt.date(year, 1 if month is None else month, 1 if day is None else day)
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


_NEXT_YEAR = re.compile(r"\bnext year\b", re.I)
_LAST_YEAR = re.compile(r"\b(last|previous|past) year\b", re.I)
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}
_AGO = re.compile(r"\b(\d{1,2}|" + "|".join(_COUNT_WORDS) + r") (day|week|month|year)s? ago\b")
_SEASON = re.compile(r"\b(this|last|next) (spring|summer|autumn|fall)\b")


def _ago(t: str, published: dt.date) -> str | None:
    """"Two years ago", "three weeks ago": the year, or the month, that far before publication."""
    m = _AGO.search(t)
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else _COUNT_WORDS[m.group(1)]
    unit = m.group(2)
    if unit == "year":
        return f"{published.year - n:04d}"
    if unit == "month":
        months = published.year * 12 + published.month - 1 - n
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    back = published - dt.timedelta(days=n * (7 if unit == "week" else 1))
    return back.isoformat() if unit == "day" else back.strftime("%Y-%m")


def _relative(text: str, published: dt.date) -> str | None:
    """Dates given relative to the publication date ("last week", "on Monday")."""
    t = text.casefold()
    if "yesterday" in t:
        return (published - dt.timedelta(days=1)).isoformat()
    if "today" in t or "this morning" in t or "tonight" in t:
        return published.isoformat()
    if "tomorrow" in t:
        return (published + dt.timedelta(days=1)).isoformat()
    for i, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", t):
            back = (published.weekday() - i) % 7
            if re.search(r"\b(next|coming|upcoming)\b", t):
                return (published + dt.timedelta(days=(i - published.weekday()) % 7 or 7)).isoformat()
            if "last" in t and back == 0:
                back = 7
            return (published - dt.timedelta(days=back)).isoformat()
    weekend = re.search(r"\b(?:(this|coming|next|upcoming)\s+)?weekend\b", t)
    if weekend:  # a Saturday and a Sunday: the month they fall in ("over the weekend", "this weekend")
        saturday = (published + dt.timedelta(days=(5 - published.weekday()) % 7) if weekend.group(1)
                    else published - dt.timedelta(days=(published.weekday() - 5) % 7))
        sunday = saturday + dt.timedelta(days=1)
        return saturday.strftime("%Y-%m") if saturday.month == sunday.month else f"{saturday.year:04d}"
    if re.search(r"\b(last|previous|past) week\b", t):
        return (published - dt.timedelta(days=7)).strftime("%Y-%m")
    if re.search(r"\b(this|earlier this|later this|current|past few days|this past) (week|month)\b", t):
        return published.strftime("%Y-%m")
    if re.search(r"\b(next|coming) week\b", t):
        return (published + dt.timedelta(days=7)).strftime("%Y-%m")
    if re.search(r"\b(last|previous) month\b", t):
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first.strftime("%Y-%m")
    if re.search(r"\bnext month\b", t):
        nxt = (published.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return nxt.strftime("%Y-%m")
    if _LAST_YEAR.search(t):
        return f"{published.year - 1:04d}"
    if _NEXT_YEAR.search(t):
        return f"{published.year + 1:04d}"
    if re.search(r"\b(this|current|later this|earlier this|end of the|end of this) year\b", t):
        return f"{published.year:04d}"
    season = _SEASON.search(t)
    if season:
        return f"{published.year + {'this': 0, 'last': -1, 'next': 1}[season.group(1)]:04d}"
    return _ago(t, published)


def parse_partial_date(text: str, published: dt.date | None = None) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` at the precision the text gives, else None.

    Never invents precision: "March 2015" is ``2015-03``. A day or month without a year takes
    the year from ``published``; with no publication date it is None.
    """
    text = text.strip()
    m = _ISO_DATE.match(text)
    if m:
        year, month, day = (int(g) if g else None for g in m.groups())
        if day is None and month == (year + 1) % 100 and month > 12:
            return _iso(year)  # a fiscal year written "2019-20" starts in 2019
        return _iso(year, month, day)
    year_m = _YEAR_RE.search(text)
    month_m = next((m for m in _MONTH_RE.finditer(text) if m.group(1) != "may"), None)  # "may be signed"
    if month_m:
        month = _MONTHS[month_m.group(1).casefold()]
        rest = text[: month_m.start()] + " " + text[month_m.end():]
        day_m = next((d for d in _DAY_RE.finditer(rest) if 1 <= int(d.group(1)) <= 31
                      and not _YEAR_RE.fullmatch(d.group(0))), None)
        day = int(day_m.group(1)) if day_m else None
        if year_m:
            return _iso(int(year_m.group(1)), month, day)
        if published is None:
            return None
        year = published.year
        if _NEXT_YEAR.search(text):  # "in January next year"
            year += 1
        elif _LAST_YEAR.search(text) or (month - published.month) > 3:
            # An unyeared month far after publication is last year's ("December" in a March story).
            year -= 1
        return _iso(year, month, day)
    if year_m:
        return _iso(int(year_m.group(1)))
    return _relative(text, published) if published else None


def date_filter(value: str) -> str | None:
    """A date to filter by: YYYY, YYYY-MM or YYYY-MM-DD as written, or words ``parse_partial_date``
    reads; None when it is neither, or when the month or day does not exist (2019-13, 2019-02-30)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if m:
        year, month, day = (int(g) if g else 1 for g in m.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
        return value.strip()
    try:
        return parse_partial_date(value)
    except ValueError:
        return None


def _normalise_date(value: Any, info: ValidationInfo) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1900 <= value <= 2100:
        return str(value)
    if not isinstance(value, str):
        return value
    if not value.strip() or value.strip().casefold() in {"null", "none", "unknown", "n/a"}:
        return None
    published = (info.context or {}).get("published") if info.context else None
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    try:
        return parse_partial_date(value, published)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc}): write YYYY, YYYY-MM or YYYY-MM-DD") from exc


PartialDate = Annotated[
    Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None,
    BeforeValidator(_normalise_date),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD; null when unknown"),
]
