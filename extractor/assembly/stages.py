"""Stages of one order that the article counts apart: "ordered 24 in 2020, the first six of which were handed over
in March", "has received the first ten of its 180 K2 tanks", or a delivery beside "an order for 12 M-346s that Argentina
signed in June 2022" in another sentence. The contract's granularity rule makes each stage that has its own number a
transfer record of its own; the model answers once per system, so the stage the article counts apart becomes one.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import ValidationError

from extractor.assembly.amounts import COUNT, count_value, money_in, order_count, quantity_before
from extractor.assembly.build import transfer_summary
from extractor.assembly.dates import resolve_date
from extractor.assembly.grounding import clause_of, evidence_start, reanchored, sentence_index, sentences
from extractor.assembly.hedges import speculative
from extractor.assembly.lexicon import DESIGNATIONS, category_of
from extractor.assembly.merge import dates_agree, designation_marks, same_name
from extractor.assembly.not_moved import replaced_not_moved
from extractor.assembly.names import named_in
from extractor.assembly.trade_status import transfer_status_in
from extractor.contract import ArmsTransfer

_DELIVERED = r"(?:delivered|handed\s+over|received|commissioned|inducted|arrived|transferred)"
_BEEN = r"(?:were|was|have|has|had|are|is)\s+(?:already\s+|now\s+)?(?:been\s+)?"
_STAGE = re.compile(
    # "the first six (of which / of them / aircraft) were handed over", "the first four arrived"
    rf"\b(?:first|initial)\s+{COUNT}\b(?:\s+(?:of\s+(?:which|them|these|those)|[\w-]+)){{0,3}}?\s+"
    rf"(?:{_BEEN})?{_DELIVERED}\b"
    # "has received the first ten", "took delivery of its first four"
    rf"|\b(?:received|took\s+delivery\s+of|taken\s+delivery\s+of|delivered|handed\s+over|inducted)\s+"
    rf"(?:the|its|their)\s+first\s+{COUNT}\b"
    # "six of which have been delivered", "four of them have already arrived"
    rf"|\b{COUNT}\s+of\s+(?:which|them)\s+{_BEEN}{_DELIVERED}\b"
    # "; eight have been delivered so far"
    rf"|\b{COUNT}\s+(?:have|has)\s+(?:already\s+|now\s+)?been\s+{_DELIVERED}\b"
    # uncounted: ", the first of which were delivered last year", "the first of them arrived in May"
    rf"|\bfirst\s+(?:ones?\s+)?of\s+(?:which|them|these|those)\s+(?:{_BEEN})?{_DELIVERED}\b", re.I)
#: "the first four of the 22": the order's count after the delivered few
_OF_ORDER = re.compile(rf"\b(?:first|initial)\s+{COUNT}\s+of\s+(?:(?:the|its|their)\s+)?{COUNT}\b", re.I)


def date_in(words: str, published: dt.date | None) -> str | None:
    """The date the words say (their first date expression), or None."""
    return resolve_date(None, words, words, published)


def _stage(t: ArmsTransfer, status: str, quantity: int | None) -> dict:
    """The fields that make ``t`` another stage: its status and count, and the summary that says them."""
    return {"status": status, "quantity": quantity,
            "summary": transfer_summary(t.supplier.name, t.recipient.name, quantity, t.system, status)}


def _again(t: ArmsTransfer, status: str, quantity: int | None, **update) -> ArmsTransfer:
    """``t`` as another stage."""
    return t.model_copy(update={**_stage(t, status, quantity), **update})


def told_in(t: ArmsTransfer, text: str, start: int, end: int, status: str, quantity: int | None,
             **update) -> list[ArmsTransfer]:
    """``t`` as the stage another sentence (``text[start:end]``, chosen by code: re-anchored) tells,
    validated (a price becomes the contract's Money); none when the contract rejects the reading."""
    g = reanchored(text, start, end)
    try:
        return [ArmsTransfer.model_validate({**t.model_dump(), **_stage(t, status, quantity),
                                             "evidence": [g.evidence.model_dump()], "grounded": g.supported, **update})]
    except ValidationError:
        return []


def delivered_stage(sentence: str) -> tuple[int | None, str, str] | None:
    """The count of the first delivery a sentence tells apart from its order (None where it gives none:
    "the first of which were delivered"), the words from there to the end of its clause (where the
    delivery's date is) and the words before it."""
    # a delivery still to come ("the first two of which will be delivered in 2026") is no stage yet
    m = next((m for m in _STAGE.finditer(sentence) if transfer_status_in(m.group(0)) == "delivered"), None)
    if m is None:
        return None
    raw = next((g for g in m.groups() if g), None)
    rest = re.split(r"[;:]|,\s+(?:while|but|and|which|as)\b", sentence[m.start():])[0]
    return (count_value(raw) if raw else None), rest, sentence[:m.start()]


#: "delivered the first of two corvettes ordered in 2019": one delivered of an order of two
_ONE_OF = re.compile(rf"\b(?:first|second|third|last|final)\s+of\s+(?:the\s+|its\s+|their\s+)?{COUNT}\b", re.I)


#: more of the same: "a further", "another", "an additional", "an extra"
_ANOTHER = r"(?:a\s+further|another|an?\s+(?:additional|extra))"
#: "took delivery of its first four Su-30SM fighters in 2015 and ordered a further eight in 2018": a second order
_FURTHER = re.compile(rf"\b(?:ordered|bought|purchased|signed\s+for|contracted\s+for)\s+(?:{_ANOTHER}|"
                      rf"(?:a\s+)?second\s+batch\s+of)\s+{COUNT}\b", re.I)


#: "shipped the second batch ... under a $375 million contract signed in January 2022", "completing a 12-aircraft order
#: signed in 2014": the order a delivery is under
_UNDER_ORDER = re.compile(r"\b(?:under|completing|completes|fulfilling|(?:as\s+)?part\s+of)\s+(?:a|an|the|its|their)\s+[^.;]{0,60}?\b(?:contract|deal|order|agreement)s?\b"
                          r"(?P<when>[^.;]{0,40}?\b(?:signed|awarded|placed|concluded|inked)\b[^.;,]{0,30})"
                          # "under a 2020 contract with Mitsubishi Electric": the year before the noun
                          r"|\b(?:under|completing|completes|fulfilling|(?:as\s+)?part\s+of)\s+(?:a|an|the|its|their)\s+"
                          r"(?P<year>(?:19|20)\d\d)\s+(?:[\w$.,-]+\s+){0,3}?(?:contract|deal|order)s?\b", re.I)


def _under_order(t: ArmsTransfer, sentence: str, published: dt.date | None) -> list[ArmsTransfer] | None:
    """A delivery its sentence says came under a contract signed at another date: the delivery (its date
    the sentence's other words give, no price) and the order (the contract's price and date; its count only
    where the sentence gives the whole: "the first 18 of 54")."""
    u = _UNDER_ORDER.search(sentence) if t.status == "delivered" else None
    order_date = date_in(u.group("when") or f"in {u.group('year')}", published) if u else None
    if u is None or order_date is None:
        return None
    delivery_date = date_in(sentence[:u.start()] + " " + sentence[u.end():], published)
    # the order's count where the words before say it ("the first of four radars", "the first 18 of 54 howitzers"),
    # or its own ("completing a six-boat order")
    one = _ONE_OF.search(sentence, 0, u.start()) if t.quantity == 1 else None
    few = _OF_ORDER.search(sentence, 0, u.start())
    count = count_value(one.group(1)) if one else count_value(few.group(2)) if few else order_count(u.group(0))
    try:
        order = ArmsTransfer.model_validate({**t.model_dump(), **_stage(t, "ordered", count),
                                             "value": money_in(u.group(0)), "date": order_date})
    except ValidationError:
        return None
    return [_again(t, "delivered", t.quantity, value=None,
                   date=delivery_date or (t.date if t.date != order_date else None)), order]


#: "... and another six in March 2022": a further order the sentence counts after the first (no verb of its own)
_ANOTHER_BATCH = re.compile(rf"\band\s+{_ANOTHER}\s+{COUNT}\b(?!\s+more\b)"
                          rf"(?:\s+(?:in|on|during)\b[^,;.]{{0,25}})?", re.I)


def _news_day(date: str | None, published: dt.date | None) -> bool:
    """Whether a date is a day of the week before publication: the news's."""
    return bool(date and published and len(date) == 10
                and 0 <= (published - dt.date.fromisoformat(date)).days <= 7)


_UNDER_YEAR = re.compile(r"\bunder (?:a|an|the) (?:19|20)\d\d (?:[\w-]+ )?(?:agreement|contract|deal)\b", re.I)


def _split(t: ArmsTransfer, published: dt.date | None) -> list[ArmsTransfer]:
    """``t`` as its order and its first delivery, where its sentence counts them apart, or says the
    contract it came under was signed at another date; else ``t``. A delivery beside a further order the
    sentence counts ("and ordered a further eight in 2018") is two."""
    sentence = t.evidence[0].quote if t.evidence else ""
    if (under := _under_order(t, sentence, published)) is not None:
        return under
    again = _ANOTHER_BATCH.search(sentence) if t.status == "ordered" and t.quantity else None
    tail = re.split(r"[,;:]", sentence[again.start():])[0] if again else ""  # "and another six were delivered": no order
    if again and transfer_status_in(sentence[:again.start()]) == "ordered" and transfer_status_in(tail) in (None, "ordered"):
        # "ordered 18 Rafales in January 2021 and another six in March 2022": two orders, each with its date
        return [_again(t, "ordered", t.quantity, date=date_in(sentence[:again.start()], published) or t.date),
                _again(t, "ordered", count_value(again.group(1)), value=None,
                       date=date_in(sentence[again.start():], published))]
    further = _FURTHER.search(sentence) if t.status == "delivered" else None
    if further and transfer_status_in(sentence[:further.start()]) == "delivered":
        return [t, _again(t, "ordered", count_value(further.group(1)), value=None,
                          date=date_in(sentence[further.end():], published))]
    stage = delivered_stage(sentence)
    one = _ONE_OF.search(sentence) if t.status == "delivered" and t.quantity == 1 else None
    if one and transfer_status_in(sentence[one.end():]) == "ordered":
        ordered, delivered = count_value(one.group(1)), 1
        order_date = date_in(sentence[one.end():], published)
        delivery_date = t.date if t.date != order_date else None  # the order's year is not the delivery's
        if _news_day(order_date, published):  # "the last of 24 jets ordered from Dassault, on Thursday": the
            order_date, delivery_date = None, order_date  # delivery's day (none is delivered the day it is ordered)
    elif t.quantity is None or stage is None:
        return [t]
    elif t.status == "delivered" and (m := _OF_ORDER.search(sentence)):
        # "delivered the first four of the 22": the delivery is this record, the order the second
        ordered, delivered = count_value(m.group(2)), t.quantity
        order_date, delivery_date = None, t.date
    elif t.status in ("ordered", "delivered") and (transfer_status_in(stage[2]) == "ordered"
                                                   or _UNDER_YEAR.search(stage[2])):
        # "ordered 24 in 2020, the first six of which were handed over": the order is this record; so is what a
        # deal of a year is building ("Under a 2008 agreement, ... build four Scorpene-class submarines, three of ...")
        count, words, before = stage
        ordered, delivered = t.quantity, count
        under = _UNDER_YEAR.search(before)
        order_date = (date_in(before, published) or (re.search(r"\d{4}", under.group(0)).group(0) if under else None)
                      or (t.date if t.status == "ordered" else None))
        delivery_date = date_in(words, published)
    else:
        return [t]
    if delivered is not None and not 0 < delivered < ordered:
        return [t]
    return [_again(t, "ordered", ordered, date=order_date),
            _again(t, "delivered", delivered, value=None, date=delivery_date)]


def staged(transfers: list[ArmsTransfer], published: dt.date | None) -> list[ArmsTransfer]:
    """Each transfer whose own sentence counts its order and its first delivery apart, as two
    records, unless the article's records already hold both stages of that system."""
    out: list[ArmsTransfer] = []
    for t in transfers:
        # not its twin: the same stage read twice from its sentence (dated apart), which would hold its own stage
        others = [o for o in transfers if o is not t and same_name(o.system, t.system)
                  and not (o.status == t.status and evidence_start(o) == evidence_start(t))]
        if {o.status for o in others} >= {"ordered", "delivered"}:
            out.append(t)
            continue
        split = _split(t, published)
        new = [s for s in split if not any(o.status == s.status and o.quantity in (None, s.quantity)
                                           and dates_agree(o.date, s.date) for o in others)]  # not an order years apart
        for s in (new if len(split) > 1 and new else [t]):  # a stage the records hold already is not made twice
            if len(split) == 1 or not any((o.status, o.quantity, evidence_start(o)) == (s.status, s.quantity, evidence_start(s))
                                          for o in out):
                out.append(s)
    return out


def _one_system(a: str, b: str) -> bool:
    """Two records' names for one system: the same name, or the same first word and the same words with a digit
    ("Rafale jets", "Rafale fighter"; not "F-16 Block 52" and "F-16 Block 70")."""
    return same_name(a, b) or (a.split()[:1] == b.split()[:1] and designation_marks(a) == designation_marks(b))


def _order_told(t: ArmsTransfer, transfers: list[ArmsTransfer], text: str,
                published: dt.date | None) -> list[ArmsTransfer]:
    """The order ``t`` is part of, where another sentence reports one of its system with a larger count and names
    none of the article's other systems nor hedges (re-anchored: code chose it); none otherwise."""
    for start, end in sentences(text):
        sentence = text[start:end]
        if (t.evidence and t.evidence[0].start == start) or not named_in(t.system, sentence):
            continue
        if any(not _one_system(o.system, t.system) and named_in(o.system, sentence) for o in transfers):
            continue
        count = quantity_before(t.system, sentence)
        if (transfer_status_in(sentence) != "ordered" or speculative(sentence) or count is None
                or count <= (t.quantity or 0)):
            continue
        return told_in(t, text, start, end, "ordered", count, value=money_in(sentence),
                        date=date_in(sentence, published))
    return []


def ordered_elsewhere(transfers: list[ArmsTransfer], text: str, published: dt.date | None) -> list[ArmsTransfer]:
    """The orders that deliveries are part of, where another sentence reports one with a larger
    count ("an order for 12 M-346s that Argentina signed with Leonardo in June 2022") and no record
    holds it. Each rests on that sentence, which code chose (re-anchored evidence); a sentence that
    names another of the article's systems, or hedges, is not read."""
    orders: list[ArmsTransfer] = []
    for t in transfers:
        if t.status != "delivered" or any(o.status == "ordered" and same_name(o.system, t.system)
                                          for o in transfers + orders):
            continue
        orders += _order_told(t, transfers, text, published)
    return orders


#: a delivery still to come: "will receive its first three Rafale jets in early 2026"
_AWAITED = re.compile(r"\b(will|is to|are to|is due to|are due to|is set to|are set to|expects? to) (take delivery of|"
                      r"receive|get|deliver|supply|hand over)\b", re.I)  # the seller's too: "will deliver the rest"


def awaited(transfers: list[ArmsTransfer], text: str, published: dt.date | None) -> list[ArmsTransfer]:
    """Orders in place of the deliveries to come their sentence tells with no word of an order ("Indonesia will
    receive its first three Rafale jets in early 2026", an order of three the model gave): the order another sentence
    reports with a larger count ("Jakarta ordered 42 Rafales ... signed in February 2022"), once per system."""
    out: list[ArmsTransfer] = []
    for t in transfers:
        sentence = t.evidence[0].quote if t.evidence else ""
        order = _order_told(t, transfers, text, published) if t.status == "ordered" and _AWAITED.search(
            clause_of(t.system, sentence)) and transfer_status_in(sentence) is None else []
        if not order:
            out.append(t)
        elif not any(o.status == "ordered" and o.evidence == order[0].evidence for o in out):
            out += order
    return out


_BACK_REFERENCE = re.compile(r"\bthe\s+(?:\w+\s+)?(?:purchase|procurement|acquisition|deal|sale|order|contract)\b", re.I)


def cleared_elsewhere(transfers: list[ArmsTransfer], text: str, published: dt.date | None) -> list[ArmsTransfer]:
    """The clearance of an article's one ordered system, where another sentence reports it by
    pointing back ("The Defence Acquisition Council had cleared the purchase in March") and no
    record holds it: an approval of that system, dated by that sentence, resting on it (re-anchored).
    Not where the article orders several systems, nor from a sentence naming a weapon of its own."""
    ordered = [t for t in transfers if t.status == "ordered"]
    if not ordered or any(not same_name(t.system, ordered[0].system) for t in ordered) or any(
            t.status == "approved" and same_name(t.system, ordered[0].system) for t in transfers):
        return []
    t = ordered[0]
    own = {e.start for o in ordered for e in o.evidence}
    for start, end in sentences(text):
        sentence = text[start:end]
        if (start in own or transfer_status_in(sentence) != "approved" or not _BACK_REFERENCE.search(sentence)
                or speculative(sentence) or (DESIGNATIONS.search(sentence) or category_of(sentence))
                and not named_in(t.system, sentence)):
            continue
        return told_in(t, text, start, end, "approved", quantity_before(t.system, sentence), value=None,
                        date=date_in(sentence, published))
    return []


def cancelled_elsewhere(transfers: list[ArmsTransfer], text: str,
                        published: dt.date | None = None) -> list[ArmsTransfer]:
    """A purchase another sentence calls off in the clause that names it ("has broken off negotiations with
    Saab for 16 Gripen fighters"), not another system's there ("scraps Gripen purchase, opts for Rafale"):
    cancelled, with that sentence (chosen by code: re-anchored) beside its own. Only the article's one record
    of that system, not a delivery, nor a clause that hedges. A purchase made years before the news ("Chile
    bought 140 Leopard 2A4 tanks from Germany in 2007") is not the one called off now: that one is a record of
    its own, resting on the sentence that counts it ("abandoned a plan to acquire 40 second-hand Leopard 2A4s")."""
    out = []
    for t in transfers:
        if t.status not in ("cancelled", "delivered") and sum(same_name(t.system, o.system) for o in transfers) == 1:
            own, others = {e.start for e in t.evidence}, [o.system for o in transfers if o is not t]
            calls = []
            for start, end in sentences(text):
                # not where its clause names another system too ("scraps Gripen purchase, opts for Rafale")
                clause = clause_of(t.system, text[start:end]) if named_in(t.system, text[start:end]) else ""
                if any(named_in(o, clause) and not same_name(o, t.system) for o in others):
                    continue
                if (start not in own and transfer_status_in(clause) == "cancelled" and not speculative(clause)
                        and not replaced_not_moved(t.system, text[start:end])):  # not "to replace its ageing F-16s"
                    calls.append((start, end))
            if calls and t.date and published and int(t.date[:4]) <= published.year - 2:
                counted = [(start, end, quantity_before(t.system, text[start:end])) for start, end in calls]
                start, end, count = next((c for c in counted if c[2]), counted[0])
                out.extend(told_in(t, text, start, end, "cancelled", count, value=None,
                                    date=date_in(text[start:end], published)))
            elif calls:
                start, end = calls[0]
                t = _again(t, "cancelled", t.quantity, evidence=[*t.evidence, reanchored(text, start, end).evidence])
        out.append(t)
    return out


#: "an option for a further 18 howitzers", "options on another 12", "an option to buy up to six more"
_OPTION = re.compile(rf"\boptions?\s+(?:for|on|to\s+(?:buy|order|acquire|purchase))\s+(?:{_ANOTHER}|up\s+to|"
                     rf"as\s+many\s+as)?\s*{COUNT}\b", re.I)
# an option taken up is an order: "exercised", "decided to take the option" (not "could (be) exercise(d)")
_EXERCISED = re.compile(r"(?<!\bbe )\b(exercised|took up|taken up|triggered)\b|"
                        r"\b(take|takes|took|taking|taken)\s+(up\s+)?(the|an|its|their)\s+options?\b", re.I)
#: "wants to buy six more", "plans to order a further 12", "is seeking another four"
_MORE = re.compile(rf"\b{_ANOTHER}\s+{COUNT}\b|\b{COUNT}\s+more\b", re.I)


def _nouns(words: str) -> list[str]:
    """The first two words after an option's count, singular and case-folded ("more" left out)."""
    return [w.rstrip("s").casefold() for w in re.findall(r"[A-Za-z][\w-]+", words)[:2] if w.casefold() != "more"]


def _another(t: ArmsTransfer, words: str, transfers: list[ArmsTransfer]) -> bool:
    """Whether the words after an option's count name another system the article records, not this one
    ("two more A400M transport aircraft" are not AW149 helicopters, though both are aircraft)."""
    nouns = " ".join(_nouns(words))
    return not named_in(t.system.split()[0], nouns) and any(
        not same_name(o.system, t.system) and named_in(o.system.split()[0], nouns) for o in transfers)


def _fits(t: ArmsTransfer, words: str) -> bool:
    """Whether the words after an option's count are this system ("18 howitzers" of "K9 self-propelled
    howitzers", "six more jets" of an aircraft)."""
    nouns = _nouns(words)
    return bool(nouns) and (any(n in t.system.casefold() for n in nouns) or category_of(words) == t.category)


def _more_wanted(sentence: str) -> re.Match[str] | None:
    """An option for more ("an option for a further 18 howitzers"), not one exercised, or a wish to buy
    more in a clause that proposes it ("and the government wants to buy six more"), not one it hedges."""
    m = _OPTION.search(sentence)
    if m is not None:
        return None if _EXERCISED.search(sentence) or speculative(sentence[:m.end()]) else m
    m = _MORE.search(sentence)
    clause = re.split(r"[,;:]|\band\b|\bbut\b", sentence[:m.end()])[-1] if m else ""
    return m if m and transfer_status_in(clause) == "proposed" and not speculative(clause) else None


def optioned(transfers: list[ArmsTransfer], text: str) -> list[ArmsTransfer]:
    """An option for more of a system ordered or delivered ("The contract includes an option for a further
    18 howitzers"), or a wish to buy more of it ("took delivery of the last of 24 Rafales, and the government
    wants to buy six more"), in that record's sentence or the one after it (or the second after it, where the
    words after the count name the system or its kind): a proposed transfer of that system
    with that count, resting on that sentence (code's reading: re-anchored). The system the words after the
    count name, or the one system recorded there; not where a record holds a proposed stage of it."""
    spans = sentences(text)
    where = {id(t): sentence_index(text, t.evidence[0].start) for t in transfers
             if t.status in ("ordered", "delivered") and t.evidence and t.evidence[0].start is not None}
    out: list[ArmsTransfer] = []
    for i, (start, end) in enumerate(spans):
        sentence = text[start:end]
        m = _more_wanted(sentence)
        if m is None:
            continue
        near = [t for t in transfers if where.get(id(t)) in (i, i - 1)]
        words = sentence[m.end():m.end() + 40]
        # the words after the count name it: also a record two sentences before ("... 20 F-35A jets. The first
        # are expected in 2028. Athens also has an option for a further 20 jets.")
        picked = ([t for t in transfers if where.get(id(t)) in (i, i - 1, i - 2) and _fits(t, words)]
                  or (near if len({t.system for t in near}) == 1 else []))
        picked = [t for t in picked if not _another(t, words, transfers)]
        if picked and not any(o.status == "proposed" and same_name(o.system, picked[0].system) for o in transfers + out):
            count = count_value(next(g for g in m.groups() if g))
            out += told_in(picked[0], text, start, end, "proposed", count, value=None, date=None)
    return out
