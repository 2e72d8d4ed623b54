"""An earlier order of a system the news orders: "Greece on Tuesday signed a contract ... for a fourth FDI Belharra
frigate. Greece ordered its first three Belharra frigates in March 2022." The article gives that order its own
count and date, so it is a stage of its own (a record), read by code from its sentence (re-anchored). So is the
order of a delivery the next sentence tells by referring back to it: "received the first of two offshore patrol
vessels ... The two vessels were ordered in December 2023 for 82 million euros."
"""

from __future__ import annotations

import datetime as dt
import re

from extractor.assembly.amounts import COUNT, count_value, money_in, quantity_before
from extractor.assembly.grounding import clause_of, sentences
from extractor.assembly.lexicon import category_of
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


#: a sentence that opens by referring back to what the one before told: "The two vessels were ...", "Both ships"
_BACK = re.compile(rf"^\W*(?:(?:the|these|those)\s+(?:{COUNT}\s+)?|(both)\s+)(?:[a-z-]+\s+)?([a-z]+s)\b", re.I)


def ordered_next(transfers: list[ArmsTransfer], text: str, published: dt.date | None) -> list[ArmsTransfer]:
    """For each delivery of a system no order record holds, the order the next sentence tells by referring back
    to it by its kind ("The two vessels were ordered in December 2023 for 82 million euros"), with a larger count
    where it gives one: that order, with the sentence's date and price."""
    found: list[ArmsTransfer] = []
    for t in transfers:
        if t.status != "delivered" or not t.evidence or any(
                o.status == "ordered" and same_name(o.system, t.system) for o in transfers + found):
            continue
        start, end = next(((a, b) for a, b in sentences(text) if a >= (t.evidence[0].end or 0)), (0, 0))
        back = _BACK.match(text[start:end])
        if back is None or category_of(back.group(3)) != t.category or transfer_status_in(text[start:end]) != "ordered":
            continue
        count = 2 if back.group(2) else count_value(back.group(1)) if back.group(1) else None
        if count is None or count > (t.quantity or 0):
            found += told_in(t, text, start, end, "ordered", count, value=money_in(text[start:end]),
                             date=date_in(text[start:end], published))
    return found


#: a sentence that tells an earlier batch of what the one before told: "The first three boats were handed over in
#: November 2022", "The initial two jets arrived in 2021"
_FIRST_BATCH = re.compile(rf"^\W*the\s+(?:first|initial)\s+{COUNT}\s+(?:[a-z-]+\s+)?([a-z]+s)\b", re.I)


def delivered_first(transfers: list[ArmsTransfer], text: str, published: dt.date | None) -> list[ArmsTransfer]:
    """For each order or delivery of a system, the first batch one of the next two sentences tells as delivered by
    its kind alone, with its own count and date ("... completing a six-boat order. ... The first three boats were
    handed over in November 2022"), where no delivery of the system has that date: that delivery."""
    found: list[ArmsTransfer] = []
    for t in transfers:
        if t.status not in ("ordered", "delivered") or not t.evidence:
            continue
        for start, end in [(a, b) for a, b in sentences(text) if a >= (t.evidence[0].end or 0)][:2]:
            first = _FIRST_BATCH.match(text[start:end])
            if first is None or category_of(first.group(2)) != t.category or transfer_status_in(
                    text[start:end]) != "delivered" or (date := date_in(text[start:end], published)) is None:
                continue
            if not any(same_name(o.system, t.system) and o.status == "delivered" and o.date == date
                       for o in transfers + found):
                found += told_in(t, text, start, end, "delivered", count_value(first.group(1)), value=None, date=date)
    return found
