"""Model answers -> contract records, deterministically (agreements in ``agreements``, meetings in
``meetings``).

The model wrote names, money and dates as the article words them. Here they become ISO
codes, ``Money`` and partial dates resolved against the publication date; evidence quotes
are grounded in the text; what the model left empty but its own quote states (a quantity, a
price, a date) is filled from the quote; and what cannot be right is dropped (a person whose
name is not in the article, a meeting with a single side).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from extractor.asking.answers import AgreementsAnswer, MeetingsAnswer, TransferDraft, TransfersAnswer
from extractor.assembly.actors import (
    contractor_of_government_sale, countries_named, country_name, firm_country, force_served, home_country,
    side_country, split_countries, to_actor, unnamed,
)
from extractor.assembly.agreements import agreement
from extractor.assembly.amounts import figures_in, money_in, package_total, quantity_before, without_count
from extractor.assembly.dates import (
    after_publication, date_words_in, offer_date, resolve_date, signing_date, told_as_background,
)
from extractor.assembly.grounding import (
    clause_of, fold, ground, mentions, name_as_written, reanchored, sentence_naming, sentences, stretch_of,
)
from extractor.assembly.hedges import denied_report, not_bought, speculative
from extractor.assembly.lexicon import category_of, civil_only, not_a_weapon, ship_type, speaks_of_purchase
from extractor.assembly.not_moved import (
    described, fitted_to, in_exercise, made_not_moved, passed_over, replaced_not_moved, upgraded_not_moved,
)
from extractor.assembly.meetings import meeting
from extractor.assembly.merge import designation_marks, same_name
from extractor.assembly.names import as_written, code_word, firm_home, firm_named_in, named_in, names_a_sibling
from extractor.assembly.trade_status import stage_referred, transfer_status_in
from extractor.contract import Actor, Agreement, ArmsTransfer, Meeting, parse_money


@dataclass
class Assembled:
    records: list[Agreement | ArmsTransfer | Meeting] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _described(system: str, sentence: str) -> str:
    """The words that follow a designation in its sentence: "SAMP/T NG long-range air defence
    batteries" says what a SAMP/T NG is."""
    at = fold(sentence).find(fold(system))
    if at < 0:
        return ""
    return " ".join(sentence[at + len(system):].split()[:6])


# up to ten words between the verb and "from" / "to", none of them an order or a contract a firm wins
# ("Hanwha received a contract from Poland" makes Poland no supplier)
_BETWEEN = r"\b(?:\s+(?!(?:orders?|contracts?|deals?|requests?|awards?|approval)\b)\S+){0,10}?\s+"
_FROM = (r"\b(?:bought|buys?|buying|purchas(?:e|es|ed|ing)|acquir(?:e|es|ed|ing)|ordered|receiv(?:e|es|ed|ing)|"
         r"import(?:s|ed)?|procur(?:e|es|ed))" + _BETWEEN + r"from\s+(?:the\s+)?")
_TO = (r"\b(?:sold|sells?|selling|sale|deliver(?:s|ed|y|ing)?|suppl(?:y|ies|ied)|export(?:s|ed)?|"
       r"transferr?(?:s|ed)?|donat(?:e|es|ed)|handed\s+over|hands\s+over)" + _BETWEEN + r"to\s+(?:the\s+)?")


def _named_after(marker: str, name: str, sentence: str) -> bool:
    return bool(name) and re.search(marker + re.escape(name) + r"\b", sentence, re.I) is not None


_HAS = r"\s+(?:has\s+|have\s+|had\s+)?(?:also\s+|already\s+)?"
#: the buyer or the seller as the subject of its verb: "Saudi Arabia bought 72 Typhoons", "Russia sold ..."
_BUYS = (_HAS + r"(?:bought|purchased|ordered|acquired|received|imported|procured)\b"
         r"(?!\s+(?:a|an|the)\s+(?:[\w$.,-]+\s+){0,3}(?:contract|order|deal|award)s?\b)")  # a firm "received a contract"
_SELLS = _HAS + r"(?:sold|supplied|delivered|exported)\b"


def _named_before(verbs: str, name: str, sentence: str) -> bool:
    return bool(name) and re.search(r"\b" + re.escape(name) + verbs, sentence, re.I) is not None


def sides_reversed(supplier: str, recipient: str, sentence: str, system: str = "") -> bool:
    """Whether a sentence says the sides the other way round: "Turkey bought the S-400 from Russia",
    "Russia delivered the S-400 to Turkey" or "two Istif-class frigates for Indonesia are being built" where
    the answer makes Turkey (Indonesia) the supplier. Only when the sentence marks a side so and marks
    neither the answer's way."""
    # the weapons "for" a side: the system, up to two words ("frigates", "being built"), then "for"
    meant = rf"{re.escape(system)}(?:\s+[a-z-]+){{0,2}}\s+for\s+(?:the\s+)?" if system else r"(?!)"
    marked_reversed = (_named_after(_FROM, recipient, sentence) or _named_after(_TO, supplier, sentence)
                       or _named_before(_BUYS, supplier, sentence) or _named_before(_SELLS, recipient, sentence)
                       or _named_after(meant, supplier, sentence))
    marked_as_answered = (_named_after(_FROM, supplier, sentence) or _named_after(_TO, recipient, sentence)
                          or _named_before(_BUYS, recipient, sentence) or _named_before(_SELLS, supplier, sentence)
                          or _named_after(meant, recipient, sentence))
    return marked_reversed and not marked_as_answered


_NAME = r"((?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*){0,3})"
#: who the sentence says supplies: "six of which were donated by Moscow", "The US approved the sale of 12 more F-16s"
_SUPPLIER_SAID = re.compile(rf"\b(?:donated|supplied|delivered|sold|provided|gifted|transferred|given|offered)\s+by\s+"
                            rf"(?:the\s+)?{_NAME}|^\W*(?:the\s+)?{_NAME}{_HAS}(?:approved|cleared|sold|supplied|delivered|"
                            rf"donated|offered|gave|gifted|provided|exported)\b|\bfrom\s+(?:the\s+)?{_NAME}", re.I)


def supplier_said(supplier: Actor, recipient: Actor, sentence: str, text: str) -> Actor:
    """The model's supplier, or, where the sentence names neither it nor its country, the one the sentence
    says supplies ("... MiG-29 jets, six of which were donated by Moscow in 2017", which the model gave the
    article's other supplier; "operates F-16s from the United States")."""
    if named_in(supplier.name, sentence) or (supplier.country and supplier.country in countries_named(sentence)):
        return supplier
    said = _SUPPLIER_SAID.search(sentence)
    actor = to_actor(next(n for n in said.groups() if n), text=text) if said else None
    if actor is None or not actor.country or actor.country == recipient.country:
        return supplier
    return Actor(name=country_name(actor.country), country=actor.country, kind="state") if actor.kind == "state" else actor


def maker_country(system: str, sentence: str, supplier: Actor, recipient: Actor) -> Actor:
    """The country a sentence writes as the system's own ("selected Norway's NASAMS, Germany's IRIS-T SLM") where
    the model gave another state as its supplier; the model's supplier otherwise (a firm, or the buyer's own fleet:
    "Ukraine's F-16s")."""
    of = re.search(rf"([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+{re.escape(system)}", sentence)
    country = side_country(of.group(1)) if of else None
    if supplier.kind != "state" or country in (None, supplier.country, recipient.country):
        return supplier
    return Actor(name=country_name(country), country=country, kind="state")


_PROPER_RUN = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b")
_DESIGNATION_CODE = r"[A-Z]{1,4}-\d+[A-Z0-9]*"


_NOT_NAME_WORD = re.compile(r"(?:Jan|Febr)uary|March|April|May|June|July|August|September|October|November|December|"
                     r"Army|Navy|Force|Forces|Corps|Guard|Marines|Ministry|Government|Command")  # nor a service's


def whole_name(system: str, text: str) -> str:
    """The system as the article writes it where the model cut its name short: a name word before it ("AMB
    radars" of "17 Giraffe AMB radars"; not a country's, a firm's, a month's or a service's, nor a sentence's first
    word) and
    what it is after a name that ends in a describing word ("Lynx infantry fighting" of "... fighting vehicles")."""
    at = text.find(system)
    if at < 0:
        return system
    words = system.split()
    after = re.match(r"\s+([a-z]+)\b", text[at + len(system):])
    if words[-1].islower() and after and category_of(after.group(1)) and not category_of(words[-1]):
        system += " " + after.group(1)
    before = re.search(r"(?<=[\w,]\s)([A-Z][A-Za-z-]+)\s+$", text[:at])
    if (before and code_word(words[0]) and not side_country(before.group(1))
            and not firm_country(before.group(1)) and not _NOT_NAME_WORD.fullmatch(before.group(1))):
        system = f"{before.group(1)} {system}"
    return system


def designated(system: str, text: str, supplier: str = "", sentence: str = "") -> str:
    """The system as the article designates it, where the answer wrote only its name: "AH-64E Apache"
    for "Apache helicopters", "UH-60M Black Hawk" for "Black Hawk helicopters" (a designation the
    article writes with the name, before or after it; one, or the name stays as written); where it wrote
    its maker's name and what it is ("Saab radars"), the designation its sentence gives that
    ("Giraffe 1X radars")."""
    if (ship := ship_type(system, sentence)) or any(c.isdigit() for c in system):  # a ship's name: its type
        return ship or system
    if supplier and system.casefold().startswith(supplier.casefold() + " "):
        what = system[len(supplier):].strip()
        at = re.search(rf"\b{re.escape(what)}\b", sentence)
        words = sentence[:at.start()].split()[-3:] if at else []
        while words and not (words[0][:1].isupper() or words[0][:1].isdigit()):
            words.pop(0)
        mixed = any(any(c.isdigit() for c in w) and any(c.isalpha() for c in w) for w in words)
        if (words and all(w[:1].isupper() or w[:1].isdigit() for w in words) and any(c.isdigit() for w in words for c in w)
                and (words[0][:1].isupper() or mixed)):  # a designation, not a count ("for 12 radars")
            return " ".join([*words, what])
    runs = _PROPER_RUN.findall(system)
    if not runs:
        return system
    name = re.escape(max(runs, key=len))
    found = {m.group(0) for m in re.finditer(rf"\b{_DESIGNATION_CODE}\s+{name}\b|\b{name}\s+{_DESIGNATION_CODE}\b", text)}
    codes = {re.search(_DESIGNATION_CODE, f).group(0) for f in found}
    return found.pop() if len(codes) == 1 and len(found) == 1 else system


def transfer_summary(supplier: str, recipient: str, quantity: int | None, system: str, status: str) -> str:
    """A transfer's one-line summary, as "Russia -> Vietnam: 12 Yak-130 (ordered)." reads."""
    return f"{supplier} -> {recipient}: {quantity or ''} {system} ({status})".replace("  ", " ") + "."


#: a supply still to come in the system's own clause: another clause's delivery is not its own
_WILL_SUPPLY = re.compile(r"\b(will|would|is to|are to|to)\s+(also\s+)?(transfer|deliver|supply|provide|hand over|donate|"
                          r"gift|sell|give|send|lend|loan)\b", re.I)


def transfer(draft: TransferDraft, text: str, published: dt.date | None, shared_quote: bool,
             others: tuple[str, ...] = ()) -> ArmsTransfer | str:
    """``others``: the other systems the answer names; where the sentence names some of them too, this
    system's status and price are read from its own part of it."""
    system, counted = without_count(" ".join(draft.system.split()))
    system = whole_name(as_written(system, text), text)
    written = next(mentions(fold(system), fold(text)), None) if system != system.lower() else None
    if written is not None:  # a designation as the article writes it ("FREMM frigates", not "FREMm frigates")
        system = text[written:written + len(system)]
    draft = draft.model_copy(update={"system": system})
    if not_a_weapon(draft.system):
        return f"transfer of {draft.system}: not a weapon system"
    g = ground(draft.quote, text)
    if g.found and draft.read_beside:  # code's reading of a list the model quoted for another system
        g = reanchored(text, g.evidence.start or 0, g.evidence.end or 0)
    if not named_in(draft.system, g.sentence if g.found else "") and not (
            g.found and named_in(re.sub(r"(?<=\w{4})s\b", "", draft.system), g.sentence)):  # "Rafales": "Rafale jets"
        # The quote is about something else (small models often copy the first sentence):
        # anchor the evidence on the sentence that names the system, or drop the record.
        anchor = sentence_naming(draft.system, text)
        if anchor is None:
            return f"transfer of {draft.system}: the system is not named in the article"
        g = reanchored(text, *anchor)
    elif (names_a_sibling(draft.system, g.sentence) and (anchor := sentence_naming(draft.system, text, threshold=95))
          and text[anchor[0]:anchor[1]] != g.sentence):
        g = reanchored(text, *anchor)  # quoted on a sibling's sentence ("Giraffe AMB" for "Giraffe 4A"): its own
    # "its Rafale M jets will operate alongside ... during the drill", "The Kingklip Mk2 is a medium-frequency sonar",
    # "launched the second of two frigates it is building for": the sentence that trades it, if one does
    vetoed = ("in an exercise or described" if in_exercise(g.sentence) or described(g.sentence)
              else "made together or at home" if made_not_moved(g.sentence) else None)
    if vetoed or speculative(g.sentence):  # "Estonia could buy more HIMARS": a sentence that trades it firmly
        trading = [(a, b) for a, b in sentences(text) if named_in(draft.system, text[a:b])
                   and speaks_of_purchase(text[a:b]) and not made_not_moved(text[a:b])]  # a word of trade
        firm = [s for s in trading if transfer_status_in(text[s[0]:s[1]]) not in (None, "proposed")
                and not speculative(text[s[0]:s[1]])]  # a deal done: not another "weighs buying more"
        anchor = firm[0] if firm else (trading[0] if trading and vetoed else None)
        if anchor is None:
            return f"transfer of {draft.system}: " + (f"{vetoed}, not transferred" if vetoed else "speculation")
        g = reanchored(text, *anchor)
    if item := fitted_to(draft.system, g.sentence):  # "missiles for its F-16 fighters": the missiles move
        draft = draft.model_copy(update={"system": item, "category": category_of(item)})
    evidence, grounded = [g.evidence], g.supported
    if g.evidence.match == "reanchored" and draft.seconded:
        picked = ground(draft.seconded, text)  # the model's own pick, which names it too
        if picked.found and named_in(draft.system, picked.sentence):
            evidence, grounded = [g.evidence, picked.evidence], True
    if civil_only(g.sentence):
        return f"transfer of {draft.system}: a civil deal"
    if speculative(g.sentence):
        return f"transfer of {draft.system}: speculation"
    if denied_report(g.sentence, text):
        return f"transfer of {draft.system}: a report the article denies"
    if upgraded_not_moved(draft.system, g.sentence):
        return f"transfer of {draft.system}: upgraded, not transferred"
    if replaced_not_moved(draft.system, g.sentence):
        return f"transfer of {draft.system}: what another replaces, not transferred"
    if passed_over(draft.system, g.sentence):
        return f"transfer of {draft.system}: the bid a buyer passed over, not transferred"
    if {draft.supplier.strip().casefold(), draft.recipient.strip().casefold()} & {"", "null", "none", "unknown", "n/a"}:
        return f"transfer of {draft.system} without its sides"  # the model wrote "null" for who supplies it
    for side in ("supplier", "recipient") if g.evidence.match == "fuzzy" else ():
        # a quote that swapped a side for another country ("Japan received ..."): the article's side
        named = getattr(draft, side)
        said = name_as_written(named, draft.quote, g.sentence)
        if said != named and to_actor(said, text=text).country != to_actor(named, text=text).country:
            draft = draft.model_copy(update={side: said})
    supplier = contractor_of_government_sale(to_actor(draft.supplier, draft.supplier_country, text), text)
    recipient = to_actor(draft.recipient, text=text)
    if draft.system.casefold() in (draft.supplier.strip().casefold(), supplier.name.casefold()):
        return f"transfer of {draft.system}: the supplier's name, not a weapon system"  # "Hanwha Aerospace"
    if unnamed(supplier) or unnamed(recipient):
        return f"transfer of {draft.system} to or from a side the article does not name"  # "foreign customers"
    maker = firm_named_in(draft.system)  # "Dassault Rafale jets" are Dassault's, not another firm's
    if maker and supplier.kind == "company" and firm_home(maker) != supplier.country:
        supplier = to_actor(maker, text=text)
    part = stretch_of(draft.system, others, g.sentence)  # its part of the sentence, where it names others too
    firm_receives = recipient.kind == "company" and supplier.kind != "company"  # a state's arms go to states
    if sides_reversed(supplier.name, recipient.name, part, draft.system) or firm_receives:
        supplier, recipient = recipient, supplier
    if supplier.kind == recipient.kind == "company" and not _named_after(_TO, recipient.name, part):
        # arms go to forces and states, not from one firm to another (unless it sells them to it: "Thales will
        # deliver four sonars to COTECMAR"): the force the weapons are for, else an industrial deal
        recipient = force_served(g.sentence)  # "will work with SIMA to build ... and deliver them to the Peruvian Navy"
        if recipient is None:
            return f"transfer of {draft.system} between two firms (an industrial deal, not an arms transfer)"
    supplier = supplier_said(supplier, recipient, part, text)
    # each system of a list its own supplier ("12 Mirage 2000 jets from France in 1984 and 21 MiG-29s from Belarus")
    own = stretch_of(draft.system, others, g.sentence, from_own=True)
    supplier = supplier_said(supplier, recipient, own, text) if own != part else supplier
    supplier = maker_country(draft.system, g.sentence, supplier, recipient)
    home = home_country(supplier)  # a foreign firm's local arm: "Hanwha Defense Australia" sells from Korea
    if supplier.country and supplier.country == recipient.country and home not in (None, supplier.country):
        supplier = supplier.model_copy(update={"country": home})
    if supplier.country and supplier.country == recipient.country:
        return f"transfer of {draft.system} within one country (not an arms transfer)"
    category = category_of(draft.system) or category_of(_described(draft.system, g.sentence)) or draft.category
    value = parse_money(draft.value) if draft.value else None
    # a price before several systems, or after a comma behind the last ("..., in a deal worth"), is no one's
    if value is None and (own != g.sentence or not shared_quote):
        value = money_in(re.split(r"[,;]", own)[0] if own != g.sentence else own)
    if value is not None and (package_total(g.sentence) or value in figures_in(g.sentence)):
        value = None  # several deals' total, or a figure of the firm's ("its order backlog rose to 52 billion euros")
    # the status its own clause states, else its part of the sentence's, else the model's; a cancellation
    # in another clause is another deal's ("scrapped the Tejas purchase and will instead buy 18 FA-50s")
    clause = clause_of(draft.system, part)
    elsewhere = transfer_status_in(part) or transfer_status_in(g.sentence)
    if elsewhere == "delivered" and _WILL_SUPPLY.search(clause):
        elsewhere = None  # "will transfer a third cutter ..., after two earlier cutters were handed over"
    status = (transfer_status_in(clause) or (elsewhere if elsewhere != "cancelled" or clause == part else None)
              or draft.status)
    told, when = g.sentence, draft.date  # its stage told by its sentence, or by the deal a listing refers back to
    if (referred := stage_referred(g.sentence, (text[a:b] for a, b in reversed(sentences(text))
                                                if b <= (g.evidence.start or 0)))):  # read only for a listing
        status, told = referred
    elif own != g.sentence and draft.date and draft.date.casefold() not in own.casefold() and date_words_in(own):
        told, when = own, date_words_in(own)  # its part's date ("... in 1984 and 21 MiG-29s from Belarus in 1996")
    quantity = draft.quantity
    if quantity is None:  # "the first of 42 jets": one delivered, or the 42 ordered
        quantity = quantity_before(draft.system, g.sentence, one_of=status == "delivered") or counted
    if status != "cancelled" and not_bought(clause):
        return f"transfer of {draft.system}: a purchase the article says is not made"
    if status == "ordered":  # the date its contract was signed
        date = signing_date(when, told, text, published, system=draft.system, kind="contract")
    elif status == "proposed":  # an offer or a wish: its own sentence's date, not a neighbouring deal's (nor that
        # of another clause's deal: "signed a contract for 25 jets in December 2024, and is negotiating to acquire ...")
        other = transfer_status_in(g.sentence.replace(clause, " ")) if clause != g.sentence else None
        date = offer_date(draft.date, clause if other not in (None, "proposed") else g.sentence, published)
    else:  # a sentence code chose: the model's date was its own quote's, so only one this sentence gives; nor
        # does a neighbour's date a sentence that tells its news as background ("having acquired ... over the past
        # two decades", beside "during talks in Hanoi on Monday")
        code_chose = g.evidence.match == "reanchored" or told_as_background(g.sentence)
        date = resolve_date(when, told, told if code_chose else text, published, system=draft.system)
    if status != "proposed" and after_publication(date, published):
        date = None  # "projected to arrive in September": when it is due, not when it was ordered
    system = designated(draft.system, text, supplier.name, g.sentence)
    try:
        return ArmsTransfer(supplier=supplier, recipient=recipient, system=system, category=category,
                            quantity=quantity, value=value, status=status, date=date,
                            summary=transfer_summary(supplier.name, recipient.name, quantity, system, status),
                            evidence=evidence, grounded=grounded)
    except ValidationError as exc:
        return f"transfer of {system}: {exc.errors()[0]['msg']}"


def counted_elsewhere(transfers: list[ArmsTransfer], text: str) -> list[ArmsTransfer]:
    """A transfer without a count takes the one other sentences give ("Slovakia is to buy 14 F-16
    jets" in the lead, the record resting on "The F-16 Block 70 jets are meant to replace ..."):
    only when it is the article's one transfer of that system, and every sentence that names the
    system once and its recipient gives the same count (stages and other buyers have their own)."""
    out = []
    for t in transfers:
        if t.quantity is None and sum(same_name(t.system, o.system) for o in transfers) == 1:
            head = t.system.split()[0].casefold()
            marks = designation_marks(t.system)  # not another variant's sentence ("Leopard 1A5" for "Leopard 2")
            counts = {quantity_before(t.system, text[a:b]) for a, b in sentences(text)
                      if text[a:b].casefold().count(head) == 1 and named_in(t.system, text[a:b])
                      and named_in(t.recipient.name, text[a:b])
                      and not (marks and designation_marks(text[a:b]).isdisjoint(marks))} - {None}
            if len(counts) == 1:
                t = t.model_copy(update={"quantity": counts.pop()})
        out.append(t)
    return out


def _safely(build: Callable[[], Agreement | ArmsTransfer | Meeting | str]) -> Agreement | ArmsTransfer | Meeting | str:
    """One record, or the reason it cannot be one: a draft the contract rejects is dropped with
    a warning, never a crash of the article (or of the run)."""
    try:
        return build()
    except ValidationError as exc:
        error = exc.errors()[0]
        return f"record the contract rejects ({'.'.join(map(str, error['loc']))}: {error['msg']})"


def assemble(answer: AgreementsAnswer | TransfersAnswer | MeetingsAnswer, text: str,
             published: dt.date | None) -> Assembled:
    out = Assembled()
    if isinstance(answer, AgreementsAnswer):
        results = [_safely(lambda d=d: agreement(d, text, published)) for d in answer.agreements]
    elif isinstance(answer, TransfersAnswer):
        # one transfer per recipient where the model wrote several countries as one ("Poland, Romania and the
        # Czech Republic"): the count and price its sentence gives are one buyer's, so none of theirs
        answer = answer.model_copy(update={"transfers": [
            d.model_copy(update={"recipient": r, "quantity": None, "value": None}) if len(rs) > 1 else d
            for d in answer.transfers for rs in [split_countries(d.recipient)] for r in rs]})
        named = [*answer.systems, *(d.system for d in answer.transfers)]
        # quoted together with another system or stage by the first answer (the same stage of the same system
        # asked twice is not another)
        results = [_safely(lambda d=d: transfer(d, text, published, any(
                       o.answered_quote == d.answered_quote
                       and not (same_name(o.system, d.system) and o.status == d.status) for o in answer.transfers),
                       tuple(n for n in named if not same_name(n, d.system))))
                   for d in answer.transfers]
    else:
        results = [_safely(lambda d=d: meeting(d, text, published)) for d in answer.meetings]
    for item in results:
        (out.dropped if isinstance(item, str) else out.records).append(item)
    return out
