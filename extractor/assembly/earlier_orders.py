"""An earlier order of a system the news orders: "Greece on Tuesday signed a contract ... for a fourth FDI Belharra
frigate. Greece ordered its first three Belharra frigates in March 2022." The article gives that order its own
count and date, so it is a stage of its own (a record), read by code from its sentence (re-anchored)."""

from __future__ import annotations

import datetime as dt

from extractor.assembly.amounts import quantity_before
from extractor.assembly.grounding import clause_of, sentences
from extractor.assembly.hedges import speculative
from extractor.assembly.merge import same_name
from extractor.assembly.names import named_in
from extractor.assembly.stages import date_in, told_in
from extractor.assembly.trade_status import transfer_status_in
from extractor.contract import ArmsTransfer


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date else None


def earlier_orders(transfers: list[ArmsTransfer], text: str, published: dt.date | None) -> list[ArmsTransfer]:
    """For each dated order, another sentence no record rests on that orders the same system (and names none of
    the article's others, nor hedges) with its own count, in a year before it: that earlier order."""
    rested = {e.start for t in transfers for e in t.evidence}
    found: list[ArmsTransfer] = []
    for t in transfers:
        if t.status != "ordered" or _year(t.date) is None:
            continue
        for start, end in sentences(text):
            sentence = text[start:end]
            if start in rested or not named_in(t.system, sentence) or speculative(sentence) or any(
                    named_in(o.system, sentence) and not same_name(o.system, t.system) for o in transfers):
                continue
            clause = clause_of(t.system, sentence)  # "ordered its first three ... in March 2022 | ; the first ..."
            count, date = quantity_before(t.system, clause, one_of=False), date_in(clause, published)
            if (transfer_status_in(clause) != "ordered" or count is None or count == t.quantity
                    or (_year(date) or 9999) >= (_year(t.date) or 0)):
                continue
            if not any(same_name(o.system, t.system) and o.status == "ordered" and o.date == date
                       for o in transfers + found):
                found += told_in(t, text, start, end, "ordered", count, value=None, date=date)
    return found
