"""The dates records take once every answer is in: the date of the article's news for undated orders,
the publication's year for news told in the present perfect, and the date of the record told right
before ("also signed", "on the sidelines"; the same mechanism gives "the ministers also signed" its signers)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TypeVar

from extractor.assembly.dates import event_dates_in, told_as_background
from extractor.assembly.grounding import evidence_start, sentences
from extractor.contract import Agreement, ArmsTransfer, Meeting, parse_partial_date


def news_date(text: str, published: dt.date | None) -> str | None:
    """The date of the article's news, from its first three sentences: a date said beside a reported
    event ("signed", "approved"), the nearest first; else the first date they give."""
    found = sorted((distance is None, distance or 0, order, words)
                   for order, (a, b) in enumerate(sentences(text)[:3]) for distance, words in event_dates_in(text[a:b]))
    for *_, words in found:
        try:
            date = parse_partial_date(words, published)
        except ValueError:
            continue
        if date:
            return date
    return None


def dated_by_news(transfers: list[ArmsTransfer], text: str, published: dt.date | None) -> list[ArmsTransfer]:
    """Transfers ordered or approved in the article's news, whose own sentence gives no date
    ("Under the contract, the shipbuilder will build a frigate ..."), take the news's date. Not one
    proposed (a plan is undated) or one its sentence tells as background ("sales have included ...")."""
    undated = {id(t) for t in transfers if t.date is None and t.status in ("ordered", "approved")
               and not (t.evidence and told_as_background(t.evidence[0].quote))}
    date = news_date(text, published) if undated else None
    if date is None:
        return transfers
    return [t.model_copy(update={"date": date}) if id(t) in undated else t for t in transfers]


R = TypeVar("R", Agreement, ArmsTransfer)
D = TypeVar("D", Agreement, Meeting)

#: news told in the present perfect ("Qatar has signed a five-billion-euro contract", "has formally offered")
#: (not what a country "has bought" or "has received", often over years)
_PRESENT_PERFECT = re.compile(r"\b(has|have)\s+(\w+ly\s+)?(signed|inked|concluded|sealed|ordered|approved|cleared|"
                              r"offered|agreed)\b", re.I)


#: an instrument planned for this year ("would finalise a memorandum ... before the end of the year")
_THIS_YEAR = re.compile(r"\b(by|before|until|till|no later than) the end of (the|this) year\b", re.I)


def _this_year(r: Agreement | ArmsTransfer) -> bool:
    quote = r.evidence[0].quote if r.evidence else ""
    if isinstance(r, Agreement) and r.status == "planned":
        return bool(_THIS_YEAR.search(quote))
    return bool(_PRESENT_PERFECT.search(quote)) and not told_as_background(quote)


def dated_by_year(records: list[R], published: dt.date | None) -> list[R]:
    """Records with no date whose own sentence tells them as the news, in the present perfect, take the
    publication's year (the contract: a year may come from the publication date; no more precise than that);
    so does an instrument planned "before the end of the year" (its planned date)."""
    if published is None:
        return records
    return [r.model_copy(update={"date": str(published.year)}) if r.date is None and _this_year(r) else r
            for r in records]


#: an instrument signed at the event the article told before ("The two sides also signed a memorandum",
#: "During the same ceremony, the agency and the firm also signed ...")
_ALONGSIDE = re.compile(r"\balso (signed|inked|concluded|sealed|exchanged)\b|\b(the same|that) (ceremony|event|occasion|day|"
                        r"visit|meeting)\b", re.I)


def from_one_before(records: list[D], told: re.Pattern[str], fits: Callable[[D, D], bool],
                    field: str = "date") -> list[D]:
    """Each record without ``field`` whose sentence ``told`` matches takes it from the last record the article
    tells before it that has it and ``fits(that, it)``: the date of an instrument "also signed" or of talks "on the
    sidelines", the signers of an instrument "the ministers also signed"."""
    out = list(records)
    for i, r in enumerate(out):
        if not getattr(r, field) and evidence_start(r) >= 0 and told.search(r.evidence[0].quote):
            before = [o for o in out if getattr(o, field) and 0 <= evidence_start(o) < evidence_start(r) and fits(o, r)]
            if before:
                out[i] = r.model_copy(update={field: getattr(max(before, key=evidence_start), field)})
    return out


def agreement_sides(a: Agreement) -> set[str]:
    """The sides of an instrument, each by its country (or its name where it has none)."""
    return {p.country or p.name for p in a.parties}


def dated_alongside(agreements: list[Agreement]) -> list[Agreement]:
    """An undated instrument its sentence says was signed alongside another takes the date of the dated
    instrument of a side of its that the article tells right before it (neither of them planned)."""
    return from_one_before(agreements, _ALONGSIDE, lambda a, r: "planned" not in (a.status, r.status)
                           and bool(agreement_sides(a) & agreement_sides(r)))
