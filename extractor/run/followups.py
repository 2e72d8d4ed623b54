"""What the second pass asks about: what the first answers left out, found by code.

Small models list more weapon systems than they fill in, stop early in long lists, and report
one meeting when an article has several. These functions pick the follow-up questions (a
system, a sentence) from the first answers and the article text; the pipeline asks them with
the same cached prefix.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractor.contract import Agreement, Meeting
from extractor.asking.answers import AgreementsAnswer, MeetingsAnswer, TransfersAnswer
from extractor.assembly.people import people_of
from extractor.assembly.names import named_in
from extractor.assembly.grounding import ground, sentence_naming, sentences, sentences_with
from extractor.assembly.meetings import meeting_sentence
from extractor.assembly.actors import side_country, to_actor, unnamed
from extractor.assembly.amounts import COUNT, money_in
from extractor.assembly.build import designated
from extractor.assembly.merge import same_name
from extractor.assembly.lexicon import (DESIGNATIONS, PROGRAMME, SHIP_NAME, TRADE_WORDS, category_of, civil_only,
                                        named_as_weapon, names_instrument, not_a_weapon)


_DESIGNATION = re.compile(r"[A-Z][A-Za-z]*[-/ ]?\d|\d[A-Z]|-class\b")


def looks_like_weapon(system: str) -> bool:
    """A designation ("Su-30MK2", "Type 23", "K9A1"), a ship's name, or words naming a weapon category."""
    return len(system.split()) <= 8 and bool(_DESIGNATION.search(system) or SHIP_NAME.fullmatch(system)
                                             or category_of(system))


#: a count, a name and what the system is: "24 Saab Gripen E fighters", "12 Rafale jets" (a name with no digits,
#: which the designations do not catch), "12 PzH 2000 howitzers" (a number after a word of the name), also "30
#: additional Rafale jets", "12 more F-16 fighters"
_COUNTED_NAME = re.compile(rf"{COUNT}\s+(?:(?:more|additional|new|further|extra|second-hand|used)\s+)?"
                           rf"((?:[A-Z][\w'-]*\s+(?:\d[\w/-]*\s+)?){{1,4}}[a-z][\w-]*(?:\s+[a-z][\w-]*)?)")
_NOT_A_NAME = re.compile(r".*-(made|built|designed|owned|led)|(Jan|Febr)uary|March|April|May|June|July|August|"
                         r"September|October|November|December", re.I)


def counted_names(sentence: str) -> list[str]:
    """The systems a sentence counts by name: the name and the first words after it that say what it
    is ("24 Saab Gripen E fighters from Sweden" -> "Saab Gripen E fighters"), where a word of the name is
    not a country's or a month's ("24 Swedish fighters" names none)."""
    found = []
    for m in _COUNTED_NAME.finditer(sentence):
        before = sentence[:m.start()].split()
        if len(before) > 1 and before[-1][:1].isupper():
            continue  # a name's own number ("Aster 30 B1NT interceptor missiles"), not a count
        if system := _name_and_kind(m.group(2).split()):
            found.append(system)
    return found


def _name_and_kind(words: list[str], longest: bool = False) -> str | None:
    """A name and the words after it that say what it is ("Pinaka multiple rocket launchers"), where a word of
    the name is not a country's or a month's: the first words that do (``longest``: all that do)."""
    while words and words[0][0].isupper() and (side_country(words[0]) or _NOT_A_NAME.fullmatch(words[0])):
        words = words[1:]  # "18 US-made Black Hawk helicopters"
    caps = [w for w in words if w[0].isupper()]
    if not caps or words[0] != caps[0] or not any(side_country(w) is None and not _NOT_A_NAME.fullmatch(w) for w in caps):
        return None
    sizes = range(len(words), len(caps), -1) if longest else range(len(caps) + 1, len(words) + 1)
    return next((" ".join(words[:n]) for n in sizes if category_of(" ".join(words[len(caps):n]))), None)


_SUPPLYING = re.compile(r"\b(?:suppl(?:y|ies|ying|ied)|deliver(?:s|ing|ed)?|sold|selling|export(?:s|ed|ing))\s+", re.I)


def supplied_names(sentence: str) -> list[str]:
    """The systems a sentence lists by name, without a count, after a verb of supply ("supplying Pinaka multiple
    rocket launchers and ATAGS howitzers"): each a name and the words that say what it is."""
    m = _SUPPLYING.search(sentence)
    rest = re.split(r"[.;:(]", sentence[m.end():])[0] if m else ""
    items = [item.split()[:6] for item in re.split(r",\s*(?:and\s+)?|\s+and\s+", rest) if item.split()]
    return [system for words in items if words[0][:1].isupper() and (system := _name_and_kind(words, longest=True))]


#: a count and what it counts, in lower case: "two used patrol boats", "four warships" (not "one of the eight")
_COUNTED_KIND = re.compile(rf"{COUNT}\s+((?:(?!(?:of|the|which|them|these|those|and|or|in|to|for|from|with)\b)"
                           r"[a-z][\w-]*\b\s*){1,4})")
_QUALIFIERS = {"more", "additional", "new", "used", "second-hand", "further", "extra", "refurbished", "surplus"}


def counted_kinds(sentence: str) -> list[str]:
    """What a sentence counts by its kind alone ("handed over two used patrol boats", "the export of four
    warships"): the words after the count, less "used", "more" and the like, whose last names a weapon category."""
    found = []
    for m in _COUNTED_KIND.finditer(sentence):
        words = m.group(2).split()
        while words and words[0] in _QUALIFIERS:
            words = words[1:]
        ends = [i for i, w in enumerate(words) if category_of(w)]  # up to its last word that names a category
        if ends and all(i + 1 in ends for i in ends[:-1]):  # "air defence systems", not "jets ... boats"
            found.append(" ".join(words[:ends[-1] + 1]))
    return found


def listed_but_missing(answer: TransfersAnswer, text: str, limit: int = 4) -> list[str]:
    """Weapon systems the answer left without a transfer, that the article names: those it
    listed, then designations ("Kilo-class", "T-90S/SK") and systems counted by name ("24 Saab
    Gripen E fighters") in sentences about sales and deliveries, last what such a sentence no entry quotes
    counts by kind ("two used patrol boats"), of a category no entry is. What a second, per-system pass asks
    about: small models list more than they fill in, and stop early in long lists."""
    named = [s for s in answer.systems if looks_like_weapon(s) or named_as_weapon(s, text)]  # not "telecommunications"
    about_trade = sentences_with(TRADE_WORDS, text)
    quoted = {ground(d.quote, text).sentence for d in answer.transfers}
    told = {category_of(d.system) or d.category for d in answer.transfers}
    kinds: list[str] = []
    for start, end in sentences(text):
        sentence = text[start:end]
        if civil_only(sentence):
            continue
        if (start, end) in about_trade:
            named += [m.group(1) for m in DESIGNATIONS.finditer(sentence) if not money_in(m.group(1))]
            named += counted_names(sentence)
            # of a category the answer has no entry of ("four warships" beside four ships named is their total)
            if sentence not in quoted:
                kinds += [k for k in counted_kinds(sentence) if category_of(k) not in told]
        named += supplied_names(sentence)  # its verb of supply is its word of trade ("supplying Pinaka launchers")
    named += kinds
    # what each entry names, also as the rules will designate it ("Saab radars" -> "Giraffe 1X radars"); an entry
    # to or from a side the article does not name ("more than ten countries") is dropped, so covers nothing
    covered = [s.casefold() for d in answer.transfers if not any(unnamed(to_actor(side, text=text)) for side in
                                                                 (d.supplier, d.recipient))
               for s in (d.system, designated(d.system, text, d.supplier, ground(d.quote, text).sentence))]
    missing: list[str] = []
    for system in named:
        if len(missing) >= limit:
            break
        key = system.casefold().strip()
        if len(key) < 3 or any(fuzz.token_set_ratio(key, c) >= 80 or fuzz.partial_ratio(key, c) >= 90
                               for c in covered + [m.casefold() for m in missing]):
            continue
        if sentence_naming(system, text) is not None:
            missing.append(system)
    return missing


#: where a listed system's name ends: the next item of its list, or the sentence's end
_ITEM_END = re.compile(r",|;|\band\b|\bas well as\b|\bwhile\b|\bwhich\b|\.$")


def list_siblings(answer: TransfersAnswer, text: str) -> TransfersAnswer:
    """The answer with a transfer for each designation the sentence of one of its transfers lists beside
    that transfer's system, where no entry gives it one: the same sides, stage and date, its own name and
    category ("Russian sales to the Southeast Asian country have included Kilo-class diesel-electric attack
    submarines, Gepard-class frigates, ... Svetlyak-class patrol vessels ... and T-90S/SK main battle tanks"),
    marked as code's reading (re-anchored: the model quoted the sentence for another system). Small models
    fill in the first systems of a list and, asked about the rest one by one, answer with another system of
    the article."""
    covered = [d.system for d in answer.transfers]
    extra = []
    for draft in answer.transfers:
        g = ground(draft.quote, text)
        if not g.found or not named_in(draft.system, g.sentence):
            continue
        for m in DESIGNATIONS.finditer(g.sentence):
            rest = g.sentence[m.start():]
            end = _ITEM_END.search(rest, len(m.group(1)))
            item = rest[: end.start() if end else len(rest)].strip(" .")
            if money_in(item) or any(same_name(item, c) or named_in(m.group(1), c) for c in covered):
                continue
            item, _, origin = item.partition(" from ")  # "MiG-29M jets from Russia": its own supplier
            covered.append(item)
            supplier = {"supplier": origin} if side_country(origin.removeprefix("the ")) else {}
            extra.append(draft.beside(system=item, category=category_of(item) or draft.category, quantity=None,
                                      value=None, **supplier))
    return answer.model_copy(update={"transfers": [*answer.transfers, *extra]}) if extra else answer


_MEETING_VERBS = re.compile(r"\b(met|meets|meeting with|visit(s|ed|ing)?|talks (with|in|between)|"
                            r"(held|hold|holds|holding) ([\w-]+ ){0,2}talks|(bilateral|official|formal) talks|"
                            r"on the sidelines|(tele)?phoned|courtesy call|"
                            r"(phone|video|telephone) call|(spoke|talked) (with|to|by)|host(s|ed)?|received|"
                            r"(?<!reached )(?<!contacted )(by|over the) (tele)?phone|by video ?link|"  # "discussed the purchase with X by telephone"
                            r"travel(s|led)? to|counterpart|video ?conferenc\w*|teleconferenc\w*|"
                            r"(at|during|after) (a|the) ([\w-]+ ){0,2}meeting)\b", re.I)
_OFFICIALS = re.compile(r"\b(ministers?|presidents?|secretar(y|ies)|chiefs?|generals?|admirals?|ambassadors?|"
                        r"counterparts?|premiers?|king|commanders?|chairman|heads? of|(the two|both) leaders)\b", re.I)


def meeting_candidates(meetings: list[Meeting], text: str, limit: int = 2) -> list[str]:
    """Sentences where officials meet, visit or call that no meeting record rests on: what a
    second, per-sentence pass asks about (small models report one meeting, articles have more).
    An official is named by a title, or, once a meeting record names him, by his surname alone
    ("next month in Copenhagen, when Petri travels to the European country")."""
    meeting = sentences_with(_MEETING_VERBS, text)
    picked = meeting & sentences_with(_OFFICIALS, text)
    surnames = sorted({p.name.split()[-1] for m in meetings for p in m.participants if len(p.name.split()[-1]) > 2})
    if surnames:
        named = re.compile(r"\b(" + "|".join(re.escape(n) for n in surnames) + r")\b")
        picked |= meeting & sentences_with(named, text)
    return _sentences_left_out(meetings, text, lambda span: span in picked, limit)


_INSTRUMENT_NOUNS = re.compile(r"\b(agreements?|accords?|mous?|memorand\w+|contracts?|treat(y|ies)|pacts?|"
                               r"letters? of (intent|offer and acceptance)|joint (statement|declaration)s?|deals?|"
                               r"(statements?|declarations?) of intent|(exchange[sd]? of|exchanged) notes|protocols?|"
                               r"conventions?|arrangements?|road ?maps?|plans?(?! to\b)|" + PROGRAMME + r")\b", re.I)
_CONCLUDING = re.compile(r"\b(sign\w*|ink\w*|conclu\w+|agreed|seal\w*|award\w*|finali[sz]\w+|negotiat\w+|issued|adopted|"
                         r"renew\w*|extend\w*|cancel\w*|terminat\w+|scrap\w*|withdr[ae]w\w*|"
                         # won or secured ("had secured a contract to produce four of the eight submarines")
                         r"secur(ed|es)|won|wins|clinch\w*|"
                         # one in force: "already cooperate under an agreement on joint patrols", "builds on" (not
                         # "under the howitzer contract": the one named before)
                         r"under (an?|(the|its|their) (existing|current)) |in force|took effect|builds? on)\b", re.I)


def agreement_candidates(agreements: list[Agreement], text: str, limit: int = 4) -> list[str]:
    """Sentences that report an instrument being signed, negotiated, renewed or ended that no
    agreement record rests on: what a second, per-sentence pass asks about (small models
    report the first instrument of an article and miss the others)."""
    picked = sentences_with(_INSTRUMENT_NOUNS, text) & sentences_with(_CONCLUDING, text)
    return _sentences_left_out(agreements, text, lambda span: span in picked and not civil_only(text[span[0]:span[1]]),
                               limit)


def on_the_asked_sentence(answer: AgreementsAnswer, sentence: str, text: str) -> AgreementsAnswer:
    """A second-pass answer about ``sentence`` whose entries all quote another sentence, one that names no
    instrument (asked about "The two ministers also signed an agreement on the transfer of ...", the model
    quoted the sentence after it): each entry read on the asked sentence instead, undated, marked as code's
    reading (re-anchored), where it would otherwise be dropped for resting on no instrument."""
    quoted = [ground(d.quote, text) for d in answer.agreements]
    if not quoted or not all(g.found and g.sentence != sentence and not names_instrument(g.sentence) for g in quoted):
        return answer  # one quotes the asked sentence, an instrument or nothing the article holds
    return answer.model_copy(update={"agreements": [d.beside(quote=sentence, date=None) for d in answer.agreements]})


def _sentences_left_out(records: Sequence[Agreement | Meeting], text: str,
                        asks: Callable[[tuple[int, int]], bool], limit: int) -> list[str]:
    """The first ``limit`` sentences ``asks`` picks (by their span) that no record's evidence is."""
    used = {e.quote for r in records for e in r.evidence}
    picked = (text[a:b] for a, b in sentences(text) if asks((a, b)) and text[a:b] not in used)
    return list(itertools.islice(picked, max(limit, 0)))


Answer = TransfersAnswer | MeetingsAnswer


@dataclass(frozen=True)
class _Judged:
    """How assembly will judge a draft's evidence: whether a quote states it (names its system;
    reports its meeting as well as any sentence does), and where the sentence starts that assembly
    rests it on when its own quote does not (for a transfer, the sentence naming its system best,
    the first of equals: usually the lead, where its count, price and status are read; for a
    meeting, the one reporting most of its people meeting)."""

    states: Callable[[str], bool]
    anchor: int | None


def _judged(answer: Answer, draft, text: str) -> _Judged | None:
    """``_Judged`` for a draft; None when no sentence of the article could state it (its system is no
    weapon or is not named; none of its people is)."""
    if isinstance(answer, TransfersAnswer):
        system = " ".join(draft.system.split())
        naming = None if not_a_weapon(system) else sentence_naming(system, text)
        if naming is None:
            return None

        def names_it(quote: str) -> bool:
            g = ground(quote, text)
            return g.found and named_in(system, g.sentence)

        return _Judged(names_it, naming[0])
    participants = people_of(draft.participants, text)
    if not participants:
        return None

    def resting(quote: str):
        return meeting_sentence(ground(quote, text), participants, text).evidence

    own = resting(draft.quote)
    return _Judged(lambda quote: resting(quote).match != "reanchored",
                   own.start if own.match == "reanchored" else None)


def _fact(answer: Answer, drafts: list) -> str:
    """The fact drafts state, in words for a question about its sentence: one meeting, or the
    transfers of one stage between the same sides ("the ordered transfer of frigate, offshore patrol
    vessel and landing craft from HD Hyundai Heavy Industries to SIMA")."""
    draft = drafts[0]
    if isinstance(answer, TransfersAnswer):
        systems = list(dict.fromkeys(d.system for d in drafts))
        named = ", ".join(systems[:-1]) + " and " + systems[-1] if len(systems) > 1 else systems[0]
        return f"the {draft.status} transfer of {named} from {draft.supplier} to {draft.recipient}"
    people = [p.name for p in draft.participants]
    return f"the {draft.kind} ({draft.status}) of " + " and ".join([", ".join(people[:-1]), people[-1]] if len(people) > 1
                                                                   else people)


def _nearest(quote: str, text: str, other_than: tuple[int, int]) -> tuple[int, int] | None:
    """The sentence a quote not found in the text comes nearest to (a paraphrase of it), other than
    ``other_than``."""
    scored = [(fuzz.partial_ratio(quote.casefold(), text[a:b].casefold()), (a, b)) for a, b in sentences(text)
              if (a, b) != other_than]
    return max(scored)[1] if scored else None


def misquoted(answer: Answer, text: str, limit: int = 4, shown: int = 3) -> list[tuple[list[int], str, list[str]]]:
    """The records whose quote states something else though a sentence of the article states them
    (a transfer's quote does not name its system; a meeting's does not report its people meeting),
    or is not in the text: each question by the records it asks about (their places in the answer),
    the fact they state, and the sentences to pick from, in article order: those that would state it
    (the first ``shown``, always with the one the record would rest on), and where only one would, the
    one the model quoted beside it (the one its quote comes nearest to, where the quote is not in the
    text: a paraphrase). Transfers of one stage between the same sides shown the same sentences (the
    systems one sentence lists) are one question. Small models often quote the article's first sentence
    or a neighbour; shown these, the model mostly picks the one that states the fact, so the record
    rests on its own quote instead of the sentence code would pick. Asked only where there is a choice."""
    drafts = answer.transfers if isinstance(answer, TransfersAnswer) else answer.meetings
    asked: dict[tuple, tuple[list[int], list[str]]] = {}
    for index, draft in enumerate(drafts):
        if sum(len(indices) for indices, _ in asked.values()) >= limit:
            break
        judged = _judged(answer, draft, text)
        if judged is None or judged.states(draft.quote):
            continue
        spans = [(a, b) for a, b in sentences(text) if judged.states(text[a:b])]
        anchor = next(((a, b) for a, b in spans if a == judged.anchor), None)
        spans = spans[:shown] if anchor is None or anchor in spans[:shown] else [*spans[:shown - 1], anchor]
        if len(spans) == 1:
            own = ground(draft.quote, text)
            beside = (own.evidence.start, own.evidence.end) if own.found else _nearest(draft.quote, text, spans[0])
            if beside is not None and beside not in spans:
                spans.append(beside)
        if len(spans) >= 2:
            picks = [text[a:b] for a, b in sorted(spans)]
            key = ((draft.status, draft.supplier, draft.recipient) if isinstance(answer, TransfersAnswer)
                   else (_fact(answer, [draft]),), tuple(picks))
            asked.setdefault(key, ([], picks))[0].append(index)
    return [(indices, _fact(answer, [drafts[i] for i in indices]), picks) for indices, picks in asked.values()]


def openings(picks: list[str], chars: int = 60) -> list[str]:
    """The first words of each sentence a second look shows, up to ``chars`` characters, longer where
    two would begin alike: what the model may answer (each as the sentence writes it, from its first
    word, past any opening quote mark, which the model leaves out, to its first straight quote mark or
    backslash, which llama-cpp-python's schema grammar cannot spell in a fixed value)."""
    words = [re.split(r'["\\]', p.lstrip('"\u201c\u201d\u2018\u2019\'\u00ab( '), maxsplit=1)[0].rstrip() for p in picks]
    out = []
    for usable in words:
        cut = chars
        while True:
            opening = usable if len(usable) <= cut else usable[:cut].rsplit(" ", 1)[0].rstrip()
            if opening == usable or not any(w.startswith(opening) for w in words if w != usable):
                break
            cut += 20
        out.append(opening)
    return out


def requoted(answer: Answer, quotes: list[tuple[int, str]], text: str) -> Answer:
    """The answer with each misquoted record's quote replaced by the one the second look gave, where
    that one is the sentence assembly would rest the record on: the model's pick and the rule's
    agree, and the record is grounded by the model's own quote. Where they differ the record keeps
    its quote, and assembly re-anchors it on the rule's sentence, marked so: measured, the model's
    other picks read poorer counts, prices and stages than the rule's sentence. A transfer's pick that
    names its system too goes beside that sentence as the model's own evidence (``seconded``)."""
    key = "transfers" if isinstance(answer, TransfersAnswer) else "meetings"
    drafts = list(getattr(answer, key))
    changed = False
    for index, quote in quotes:
        judged, g = _judged(answer, drafts[index], text), ground(quote, text)
        if judged is not None and g.found and g.evidence.start == judged.anchor:
            drafts[index] = drafts[index].requoted(quote)
            changed = True
        elif judged is not None and g.found and key == "transfers" and judged.states(quote):
            drafts[index] = drafts[index].seconded_by(quote)
            changed = True
    return answer.model_copy(update={key: drafts}) if changed else answer
