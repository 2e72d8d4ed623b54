"""Records of one article that describe the same thing, merged into one.

A small model often reports the same transfer twice (once from the headline, once from the
body), the second pass may find again what the first found, and the pieces of a long
article overlap: merging fills each kept record with what only its duplicate had.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz

from extractor.assembly.amounts import money_in
from extractor.assembly.lexicon import REFERS_BACK, instrument_kinds
from extractor.assembly.names import firm_named_in
from extractor.contract import Actor, Agreement, ArmsTransfer, Meeting, Record


def same_name(a: str | None, b: str | None) -> bool:
    """Two names (of weapon systems) for the same thing: "Yak-130" and "Yak-130 trainers"."""
    if not a or not b:
        return False
    a, b = (re.sub(r"(\d)s\b", r"\1", n.casefold()) for n in (a, b))  # "TB2s" is the TB2
    return fuzz.token_set_ratio(a, b) >= 90


def designation_marks(name: str) -> set[str]:
    """The words of a system's name with a digit, case-folded, a plural's "s" off ("F-16s" -> "f-16")."""
    return {w for w in re.findall(r"[\w/-]+", re.sub(r"(\d)s\b", r"\1", name.casefold())) if any(c.isdigit() for c in w)}


def same_designation(a: str, b: str) -> bool:
    """Two wordings of one designated system: the same words with a digit ("Yak-130 advanced jet trainer"
    and "Yakovlev Yak-130"; not "F-16 Block 52" and "F-16 Block 70")."""
    marks = designation_marks(a)
    return bool(marks) and marks == designation_marks(b)


def _sides(actors) -> frozenset[str]:
    return frozenset(a.country or a.name.casefold() for a in actors)


def dates_agree(a: str | None, b: str | None) -> bool:
    """Two partial dates that may be one: either unknown, or one the other's start ("2015" and "2015-03")."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _same_evidence(a: Record, b: Record) -> bool:
    return bool(a.evidence and b.evidence) and a.evidence[0].quote == b.evidence[0].quote


def _priced_apart(a: Record, b: Record) -> bool:
    """Whether the sentences two records rest on state two different amounts: "a KRW 1.5 trillion
    contract" and "a separate contract worth KRW 300 billion" are two contracts."""
    amounts = [money_in(r.evidence[0].quote) if r.evidence else None for r in (a, b)]
    return None not in amounts and amounts[0] != amounts[1]


def _other_firms(a: Agreement, b: Agreement) -> bool:
    """Whether two instruments of the same two countries bind other firms ("General Electric" and
    HAL's engine deal, "General Atomics"' drone sale to India; a contract "with Israel's Rafael" and one "from
    Israeli firm IMI Systems"): two instruments."""
    firms = [{p.name.casefold() for p in r.parties if p.kind == "company"}
             # where the model gave the firm's country, the firm its sentence names ("with Israel's Rafael ...")
             or {f.casefold() for e in r.evidence if (f := firm_named_in(e.quote))} for r in (a, b)]
    return all(firms) and not any(same_name(x, y) or x in y or y in x for x in firms[0] for y in firms[1])


def _named_apart(a: Agreement, b: Agreement) -> bool:
    """Whether the sentences two instruments rest on name kinds of instrument that have none in common
    ("signed a bilateral defence cooperation plan" and "It builds on a defence cooperation agreement the two
    countries signed in 2019"): two instruments, however generic the kind the model gave one of them. A
    sentence that speaks of one as "the agreement" ("The agreement was signed in the midst of ...") refers back
    to the instrument named before it, whatever its kind; a "pact" may be a treaty or an agreement ("sign
    defence pact" over "signed a defence cooperation agreement")."""
    quotes = [r.evidence[0].quote if r.evidence else "" for r in (a, b)]
    kinds = [{"agreement" if k == "treaty" else k for k in instrument_kinds(q)} for q in quotes]
    return all(kinds) and not kinds[0] & kinds[1] and not any(REFERS_BACK.match(q) for q in quotes)


_NOT_CONTENT = re.compile(r"\b(agreements?|accords?|contracts?|memorand\w+|mous?|treat(y|ies)|pacts?|protocols?|"
                          r"plans?|of|on|for|in|the|and|a|an|understanding|cooperation|co-operation)\b", re.I)


def _names_apart(a: Agreement, b: Agreement) -> bool:
    """Whether two instruments the article names share no word of what they are about ("lease agreement", "agreement
    on military aviation training"): two instruments, though signed together by the same sides."""
    words = [set(_NOT_CONTENT.sub(" ", r.name or "").casefold().split()) for r in (a, b)]
    return all(words) and not words[0] & words[1]


def same_record(a: Record, b: Record) -> bool:
    """Whether two records of one article describe the same instrument, transfer or meeting."""
    if type(a) is not type(b):
        return False
    if isinstance(a, ArmsTransfer):
        if (_same_evidence(a, b) and (same_name(a.system, b.system) or same_designation(a.system, b.system))
                and dates_agree(a.date, b.date)
                and (a.quantity is None or b.quantity is None or a.quantity == b.quantity)):
            return True  # one sentence read twice for one system, with different guesses at status or sides
        return (same_name(a.system, b.system) and a.status == b.status
                and (a.recipient.country or a.recipient.name) == (b.recipient.country or b.recipient.name)
                and (a.quantity is None or b.quantity is None or a.quantity == b.quantity)
                and dates_agree(a.date, b.date))
    if isinstance(a, Agreement):
        # A model often reports one instrument twice, once with a generic kind ("agreement").
        kinds_agree = a.kind == b.kind or {a.kind, b.kind} & GENERIC_KINDS
        if kinds_agree and _same_evidence(a, b) and len(_sides(a.parties) & _sides(b.parties)) >= 2 \
                and not _names_apart(a, b):
            return True  # one sentence read twice, with different guesses at kind or date
        statuses_agree = a.status == b.status or {a.status, b.status} == {"signed", "ended"}
        if kinds_agree and _one_name(a, b) and {a.status, b.status} == {"signed", "in_force"} \
                and _sides(a.parties) == _sides(b.parties):
            return True  # one instrument the article names the same, told in force and told signed
        return (bool(kinds_agree) and statuses_agree and _sides(a.parties) == _sides(b.parties)
                and (dates_agree(a.date, b.date) or _signed_then_ended(a, b))
                and not _priced_apart(a, b) and not _other_firms(a, b) and not _named_apart(a, b)
                and not _names_apart(a, b))
    assert isinstance(a, Meeting) and isinstance(b, Meeting)
    names_a = {p.name.split()[-1].casefold() for p in a.participants}
    names_b = {p.name.split()[-1].casefold() for p in b.participants}
    return (set(a.countries) == set(b.countries) and dates_agree(a.date, b.date)
            and bool(names_a & names_b) and a.status == b.status)


GENERIC_KINDS = {"agreement", "other"}


def _one_name(a: Agreement, b: Agreement) -> bool:
    """Two instruments the article names alike: a name of three words or more, the same."""
    return bool(a.name and b.name) and len(a.name.split()) >= 3 and a.name.casefold() == b.name.casefold()


def _signed_then_ended(a: Agreement, b: Agreement) -> bool:
    """An instrument's signing and its ending told apart ("the contract, signed in November 2023" and "Peru
    scraps Elbit drone deal"): one instrument, dated by its signing, where the signing came first."""
    signed, ended = (a, b) if a.status == "signed" else (b, a)
    return (signed.status, ended.status) == ("signed", "ended") and bool(signed.date and ended.date) \
        and signed.date[:len(ended.date)] <= ended.date[:len(signed.date)]


def _union(first: list, second: list, key: Callable) -> list:
    seen = {key(x) for x in first}
    return first + [x for x in second if key(x) not in seen]


def one_per_side(parties: list[Actor]) -> list[Actor]:
    """The parties of an instrument reported twice, each side once: a firm written twice
    ("Rafael", "Rafael Advanced Defense Systems") once, by its fuller name; one state, ministry
    or force per country (the first named); and none of those beside a firm of that country when
    the other side is another country ("Israel" beside "Rafael" in a contract with India)."""
    firms = [p for p in parties if p.kind == "company"]
    two_sides = len({p.country for p in parties if p.country}) > 1
    kept: list[Actor] = []
    for p in parties:
        words = set(p.name.casefold().split())
        if p.kind == "company":
            if any(o is not p and o.country == p.country and words < set(o.name.casefold().split()) for o in firms):
                continue
            if any(k.kind == "company" and k.country == p.country and words == set(k.name.casefold().split())
                   for k in kept):
                continue
        elif p.country and (any(k.kind != "company" and k.country == p.country for k in kept)
                            or (two_sides and any(f.country == p.country for f in firms))):
            continue
        kept.append(p)
    return kept


#: the capitalised words any instrument's name may have: a name with another one is the instrument's own
_GENERIC_NAME_WORDS = re.compile(r"(Memorandum|Understanding|Agreement|Treaty|Letter|Intent|Contract|Plan|Joint|"
                                 r"Statement|Declaration|Accord|Pact|Defen[cs]e|Security|Cooperation|Co-operation|"
                                 r"Military|Strategic|Framework|Partnership|Comprehensive|Bilateral|Mutual)")


def _proper(name: str) -> bool:
    """Whether an instrument's name is its own ("Pukpuk Treaty", "Reciprocal Access Agreement"), not words
    any instrument may be called by ("defence treaty", "Memorandum of Understanding")."""
    return any(w[:1].isupper() and not _GENERIC_NAME_WORDS.fullmatch(w) for w in name.split())


def merge_pair(a: Record, b: Record) -> Record:
    """``a`` with what only ``b`` has: empty fields filled, lists and evidence united."""
    update = {}
    for name in type(a).model_fields:
        mine, theirs = getattr(a, name), getattr(b, name)
        if name == "evidence":
            update[name] = _union(mine, theirs, lambda e: e.quote)
        elif name in ("participants", "signatories"):
            update[name] = _union(mine, theirs, lambda p: p.name.split()[-1].casefold())
        elif name == "parties":
            update[name] = one_per_side(_union(mine, theirs, lambda p: (p.country, p.name.casefold())))
        elif name in ("countries", "areas", "topics"):
            update[name] = list(dict.fromkeys([*mine, *theirs]))
        elif name == "status" and isinstance(a, Agreement) and {mine, theirs} == {"signed", "in_force"}:
            update[name] = "signed"  # its signing told, though in force now: dated by the signing
            update["date"] = a.date if mine == "signed" else b.date
            update["summary"] = a.summary.replace(f"({mine})", "(signed)")
        elif name == "status" and theirs == "ended" and isinstance(a, Agreement):
            update[name] = theirs  # an instrument signed, then ended, is ended
            update["summary"] = a.summary.replace(f"({mine})", "(ended)")
        elif name == "date" and isinstance(a, Agreement) and {a.status, b.status} == {"signed", "ended"} \
                and mine and theirs and not dates_agree(mine, theirs):
            update[name] = mine if a.status == "signed" else theirs  # the signing's date, not the ending's
        elif name == "kind" and mine in GENERIC_KINDS and theirs not in GENERIC_KINDS \
                and not (a.name and re.search(r"\b(agreement|accord)\b", a.name, re.I)):
            update[name] = theirs  # not where its name says what it is: "a defence cooperation agreement"
        elif name == "name" and mine and theirs and _proper(theirs) and not _proper(mine):
            update[name] = theirs  # the instrument's own name ("the Pukpuk Treaty"), not a headline's "defence treaty"
        elif name == "date" and mine and theirs and len(theirs) > len(mine) and theirs.startswith(mine):
            update[name] = theirs
        elif mine is None and theirs is not None:
            update[name] = theirs
    update["grounded"] = a.grounded and b.grounded
    return a.model_copy(update=update)


def merge_records(records: list[Record]) -> list[Record]:
    """One record per instrument, transfer or meeting. Two readings that both rest on the model's
    own quote (or neither does) are merged; when only one does, it stands alone, so a re-anchored
    duplicate never makes a record ungrounded."""
    merged: list[Record] = []
    for record in records:
        for i, kept in enumerate(merged):
            if same_record(kept, record):
                if kept.grounded != record.grounded:
                    # one reading rests on the model's own quote, the other on a sentence code chose:
                    # the first stands alone, nothing of the weaker reading is added to it
                    merged[i] = kept if kept.grounded else record
                else:
                    merged[i] = merge_pair(kept, record)
                break
        else:
            merged.append(record)
    return merged


def headline_end(text: str) -> int:
    """Where the article's headline ends: its first line, when that line ends in no full stop and
    a line break follows it ("Kenya, Uganda sign defence pact, agree to joint border patrols"); 0
    when the article starts with a sentence."""
    line = re.match(r"[ \t]*([^\n]*\S)[ \t]*\n", text)
    return line.end(1) if line and line.group(1)[-1] not in ".!?:" and len(line.group(1).split()) <= 20 else 0


def _on_headline(r: Record, end: int) -> bool:
    return bool(r.evidence) and r.evidence[0].start is not None and r.evidence[0].start < end


def _restates(head: Record, body: Record) -> bool:
    """Whether a headline's record is a body's, read loosely: a headline says "sign defence pact" for
    the memorandum its body tells (naming no more sides than the body: "Argentina signs letter of intent
    to buy Danish F-16s" for the body's letter between Argentina, Denmark and the United States), "to buy"
    for the letter of intent to buy, or for the order of that system for that recipient on the same day
    (a headline's stage is the loosest reading of the news)."""
    if isinstance(head, Agreement) and isinstance(body, Agreement):
        if head.name and body.name and head.name.casefold().endswith(body.name.casefold()) and _proper(body.name):
            # one instrument by its own name ("sign Reciprocal Access Agreement into force" and "The Reciprocal
            # Access Agreement was signed in July"), whatever day the headline tells: the body dates it
            return _sides(head.parties) <= _sides(body.parties)
        # a purchase is no memorandum: "Norway orders six CV90s" is not the maintenance MoU signed beside it
        kinds = {head.kind, body.kind}
        bought_apart = "contract" in kinds and len(kinds) == 2 and not kinds & GENERIC_KINDS
        return (_sides(head.parties) <= _sides(body.parties) and dates_agree(head.date, body.date)
                and head.status == body.status and not bought_apart and not _other_firms(head, body))
    if isinstance(head, ArmsTransfer) and isinstance(body, ArmsTransfer):
        loosely = head.status == "ordered" and body.status in ("proposed", "approved")  # "to buy": a letter of intent
        return (head.status != "delivered" and body.status != "delivered" and same_name(head.system, body.system)
                and (loosely or dates_agree(head.date, body.date))
                and (head.recipient.country or head.recipient.name) == (body.recipient.country or body.recipient.name))
    return False


def restated_in_body(records: list[Record], text: str) -> list[Record]:
    """The body's reading of what the headline also tells (filled with what only the headline's
    record had), not two records; a headline's record the body does not tell stays."""
    end = headline_end(text)
    if not end:
        return records
    out = list(records)
    for head in [r for r in records if _on_headline(r, end)]:
        body = next((r for r in out if r is not head and not _on_headline(r, end) and _restates(head, r)), None)
        if body is not None:
            kept = {"kind": body.kind, "name": body.name} if isinstance(body, Agreement) else {}  # the body's words
            out[out.index(body)] = merge_pair(body, head).model_copy(update={"grounded": body.grounded, **kept})
            out.remove(head)
    return out


_THE_DEAL = re.compile(r"\b(the|this|that) deal\b", re.I)
_THE_AGREEMENT = re.compile(r"^\W*(the|this|that) agreement\b", re.I)


def referred_back(agreements: list[Agreement]) -> list[Agreement]:
    """An instrument a later sentence speaks of as "the agreement" is the one of that kind the article named
    before it, between a side of its: one record, the first reading's, with the later sentence's date only
    where the first had none (a later reading code re-anchored adds nothing)."""
    def start(r: Agreement) -> int:
        return r.evidence[0].start if r.evidence and r.evidence[0].start is not None else 1 << 30

    kept: dict[int, Agreement] = {}  # by the position of each kept reading in ``agreements``
    for i in sorted(range(len(agreements)), key=lambda i: start(agreements[i])):
        b = agreements[i]
        quote = b.evidence[0].quote if b.evidence else ""
        # "the deal" with no noun of a kind ("Petri signed the deal with his Danish counterpart"): any kind, the
        # model's being a guess
        any_kind = not instrument_kinds(quote) and _THE_DEAL.search(quote) is not None
        # "The agreement follows ..." after a contract: the generic word for any instrument, the model's kind its echo
        any_kind = any_kind or (b.kind == "agreement" and instrument_kinds(quote) == ["agreement"]
                                and _THE_AGREEMENT.match(quote) is not None)
        if b.name or not (REFERS_BACK.match(quote) or any_kind) or len(instrument_kinds(quote)) > 1:
            kept[i] = b  # named, or its sentence names another instrument too ("the first under a framework agreement")
            continue
        j = next((j for j, a in kept.items() if (a.kind == b.kind or any_kind)
                  and _sides(a.parties) & _sides(b.parties) and not _priced_apart(a, b)), None)
        if j is None:
            kept[i] = b
        elif b.grounded:
            a = kept[j]
            kept[j] = a.model_copy(update={"evidence": _union(a.evidence, b.evidence, lambda e: e.quote),
                                           "date": a.date or b.date})
    return [kept[i] for i in sorted(kept)]
