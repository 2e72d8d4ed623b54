"""When things happened: a record's date from the model's words, its sentence or the sentences
beside it, each resolved against the publication date by the contract's one parser
(``parse_partial_date``); the dates records take from the article's news or from one another once
every answer is in are in ``news_dates``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from extractor.assembly.grounding import clause_of, match_spans, sentences
from extractor.assembly.lexicon import (
    agreement_status_in, instrument_kinds, names_instrument, names_meeting, other_designations,
)
from extractor.contract import parse_partial_date


_YEAR_AFTER = r"(?:,?\s+\d{4}|\s+(?:last|this|next)\s+year)?"  # "March 2019", "March last year"
_DATE_WORDS = re.compile(
    r"(?<!\bby )(?<!\buntil )(?<!\bbefore )\b(?:(?:on|in|since|from|during|last|this|next|early|late|mid-?)\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    + _YEAR_AFTER + r"|(?:january|february|march|april|june|july|august|september|october|november|december|"
    r"jan\.|feb\.|aug\.|sept?\.|oct\.|nov\.|dec\.)(?:\s*\d{1,2}(?:st|nd|rd|th)?\b)?" + _YEAR_AFTER
    + r"|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\s+(?:\d{1,2}\b(?:,?\s+\d{4})?|\d{4})"  # "Jan 2022"
    r"|(?<=in )may(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?" + _YEAR_AFTER + r"|may\s+\d{4}"  # "in May", not the verb
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|yesterday|today|(?:last|this|next) (?:week|month|year)"
    r"|(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten) (?:week|month|year)s? ago"  # "three years ago"
    r"|(?<=in )\d{4}|(?<=since )\d{4}|(?<=between )\d{4}|(?<=early )\d{4}|(?<=late )\d{4}|(?<=mid )\d{4}|mid-\d{4})\b", re.I)


#: a dateline: the place in capitals, its region, then the day of the report and a dash, or the agency and the
#: day in brackets ("SANTIAGO, March 12, 2025 —", "WASHINGTON (UrduPoint News / Sputnik - 20th March, 2020)")
_DATELINE = re.compile(r"\A\s*[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)?)?"
                       r"(?:\s*\([^()]{0,80}\)|,\s*(?=[A-Z\d])[^,—–\n]{3,20}(?:,\s*\d{4})?\s*[—–-]+)")


def dateline_end(sentence: str) -> int:
    """Where a sentence's dateline ends (0 without one): its day is the report's, no event's."""
    m = _DATELINE.match(sentence)
    return m.end() if m else 0


def _without_datelines(text: str) -> str:
    """The text with each sentence's dateline blanked: the day of the report dates no event of it."""
    cuts = [(a, a + end) for a, b in sentences(text) if (end := dateline_end(text[a:b]))]
    for a, b in cuts:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def date_words_in(sentence: str) -> str | None:
    """The first date expression in a sentence ("on 1 December", "in 2019", "last week"), not a
    dateline's day ("SANTIAGO, March 12, 2025 — ... said on Tuesday": "on Tuesday")."""
    skip = dateline_end(sentence)
    span = next(((a, b) for a, b in match_spans(_DATE_WORDS, sentence) if a >= skip), None)
    return sentence[span[0]:span[1]] if span else None


_NEWS_EVENT = re.compile(r"\b(signed|signing|inked|ceremony|approved|cleared|announced|awarded)\b", re.I)


def event_dates_in(sentence: str) -> list[tuple[int | None, str]]:
    """The sentence's date expressions, each with its distance in characters to the nearest word
    of a reported event ("signed", "approved", "ceremony"): the signing's date before the report's
    in "according to the firm on Wednesday, ... attended a signing ceremony on Tuesday". Without
    such a word every distance is None."""
    events = [start for start, _ in match_spans(_NEWS_EVENT, sentence)]
    skip = dateline_end(sentence)
    return [(min(abs(start - e) for e in events) if events else None, sentence[start:end])
            for start, end in match_spans(_DATE_WORDS, sentence) if start >= skip]


_BACKGROUND = re.compile(r"(?<!by )(?<!until )(?<!before )\b((19|20)\d\d(s|'s)?|previously|already|earlier|in the past|"
                         r"since|former|ha(s|ve) included|ha(s|ve) (long )?(bought|purchased|acquired|relied|depended)|"
                         r"having (bought|purchased|acquired|received)|over the (past|last) (\w+ )?(years|decades))\b",
                         re.I)


def told_as_background(sentence: str) -> bool:
    """Whether a sentence sets its news in time or in the past ("in 2015", "previously", "has
    included"), so the date of the article's news is not its date (a deadline "by 2030" is not)."""
    return _BACKGROUND.search(sentence) is not None


_DEAL_EVENT = re.compile(r"\b(contracts?|deals?|orders?|ordered|deliver\w*|handed over|handover|signed|signing|inked|"
                         r"terminated|cancel\w*|scrapped|approv\w+|cleared|awarded|agreements?|purchased?|bought|"
                         r"arrived|commissioned)\b", re.I)


def _neighbourhood(sentence: str, text: str, system: str | None = None) -> str:
    """The sentence with the one before and the one after (the whole text when it is not found).
    For a transfer of ``system`` a neighbour counts only when it reports a deal (a contract, a
    signing, a delivery) and names no other weapon: "a deal in 2019 for 12 Yak-130s" does not date
    the Kilo-class submarines of the sentence before, nor "he last visited Vietnam in 2014" a sale."""
    spans = sentences(text)
    at = next((i for i, (a, b) in enumerate(spans) if text[a:b] == sentence), None)
    if not sentence or at is None:
        return text
    near = [text[a:b] for a, b in spans[max(0, at - 1):at + 2]]
    if system is not None:
        near = [s for s in near if s == sentence or (_DEAL_EVENT.search(s) and not other_designations(s, system))]
    return " ".join(near)


_DEADLINE = r"(by|until|before|through|till|no later than)"
_TO_COME = re.compile(r"\b(will|would|(is|are) (to|expected|due|scheduled|set)|expected|due|scheduled)\b", re.I)


def _deadline_year(words: str, sentence: str) -> bool:
    """Whether the year of the model's date words is one the sentence gives only as a deadline of something to
    come ("the remaining jets would arrive in batches through 2028"; not "were delivered by 2023")."""
    if not _TO_COME.search(sentence):
        return False
    at = [m.start() for y in set(re.findall(r"\d{4}", words)) for m in re.finditer(rf"\b{y}\b", sentence)]
    return bool(at) and all(re.search(rf"\b{_DEADLINE}\s+$", sentence[:i], re.I) for i in at)


def resolve_date(words: str | None, sentence: str, text: str, published: dt.date | None, *,
                 nearby: bool = True, system: str | None = None) -> str | None:
    """A partial date from the model's words, kept only when they are not a deadline ("by 2028"
    is when something is due) and are in the record's sentence or the sentences on either side
    (a year named elsewhere dates something else; for a transfer of ``system``, only a neighbour
    about the same deal); ``nearby=False``: anywhere in the article (a meeting's day is often
    given once, in the lead)."""
    if words and (re.match(rf"\s*({_DEADLINE}|since)\b", words, re.I) or _deadline_year(words, sentence)):
        words = None  # "by 2028", or "in 2028" where the sentence says "arrive in batches through 2028"; "since
        # 2023" is when a state began ("under discussion since 2023"), not the day of an event
    if words:
        key = re.findall(r"\d{4}|[A-Za-z]{3,}", words)
        near = _without_datelines(_neighbourhood(sentence, text, system) if nearby else text)
        if all(k.casefold() in near.casefold() for k in key if not k.isdigit() or len(k) == 4):
            try:
                date = parse_partial_date(words, published)
            except ValueError:
                date = None
            if date:
                return _finer(date, sentence, published)
    found = date_words_in(sentence)
    if found:
        try:
            return parse_partial_date(found, published)
        except ValueError:
            return None
    return None


def _finer(date: str, sentence: str, published: dt.date | None) -> str:
    """A year the model gave, made as precise as the sentence's one date of that year ("in 2024" where the
    sentence says "In July 2024, Romania signed" is 2024-07); not a report's day ("the ministry said on Monday")."""
    if len(date) != 4:
        return date
    finer = set()
    for words in _event_dates(sentence):
        try:
            finer.add(parse_partial_date(words, published) or "")
        except ValueError:
            continue
    finer = {f for f in finer if f.startswith(date)}
    return finer.pop() if len(finer) == 1 else date


_REPORTED = re.compile(r"\b(said|says|announced|announces|told|reported|stated|confirmed|added)\s+(on\s+)?$|"
                       r"\baccording to\b[^,.;]{0,60}$|"
                       # "said in a statement on Monday"
                       r"\b(said|announced)\s+in\s+a\s+statement\s+(on\s+)?$", re.I)
SIGNED_WORDS = re.compile(r"\b(signed|inked|concluded|sealed)\b", re.I)


_RATIFIED = re.compile(r"\b(ratif(y|ies|ied|ying)|ratification)\b", re.I)
_ANOTHER = re.compile(r"\b(separate|another|earlier|previous|prior)\b|\balso (signed|inked|concluded)\b", re.I)
_SIGNING_EVENT = re.compile(r"\bsigning ceremony\b", re.I)


def _reported(words: str, sentence: str, text: str) -> bool:
    """Whether date words date a report ("the ministry said on Tuesday", "according to the firm on
    Wednesday"): in the sentence, or, where the model took them from another sentence, everywhere
    the article writes them."""
    at = sentence.find(words)
    if at >= 0:
        return _REPORTED.search(sentence[:at]) is not None
    found = [m.start() for m in re.finditer(re.escape(words), text)]
    return bool(found) and all(_REPORTED.search(text[max(0, i - 80):i]) for i in found)


#: what may stand before a date that opens a sentence: "On Thursday, ...", "Earlier this month, ..."
_OPENING = re.compile(r"\W*(?:(?:late|early|earlier|later)\s+)?(?:on|in|at|during)?\s*", re.I)


def meeting_date(words: str | None, sentence: str, text: str, published: dt.date | None) -> str | None:
    """A meeting's date: the model's words wherever the article has them (its day is often given
    once, in the lead), but not words from another sentence where the meeting's own sentence dates
    the meeting itself, right after a meeting word ("during a visit to Jeddah in September"), or after
    one, with no signing nor report before it ("met ... on board the Prairial on Tuesday", not the drill's Monday),
    or that opens a sentence telling of a meeting ("On Thursday, Tuinman held talks in Berlin with ...")."""
    spans, skip = match_spans(_DATE_WORDS, sentence), dateline_end(sentence)
    own = next((sentence[a:b] for a, b in spans if names_meeting(sentence[max(0, a - 40):a])), None) \
        or next((sentence[a:b] for a, b in spans if a >= skip and names_meeting(sentence[:a])
                 and not SIGNED_WORDS.search(sentence[:a]) and not _REPORTED.search(sentence[:a])), None) \
        or next((sentence[a:b] for a, b in spans if _OPENING.fullmatch(sentence[skip:a]) and names_meeting(sentence[b:])), None)
    if words and words.casefold() not in sentence.casefold() and own:
        words = own
    return resolve_date(words, sentence, text, published, nearby=False)


def offer_date(words: str | None, sentence: str, published: dt.date | None) -> str | None:
    """An offer's or a wish's date: its own sentence's, not a neighbouring deal's, and not the day it
    was reported ("is in talks to buy 24 M-346s, officials said last month")."""
    date = resolve_date(words, sentence, sentence, published)
    spoken = words if words and words in sentence else date_words_in(sentence)
    if date is None or not spoken or not _reported(spoken, sentence, sentence):
        return date
    own = _event_date_words(sentence)
    try:
        return parse_partial_date(own, published) if own else None
    except ValueError:
        return None


def _event_dates(sentence: str) -> Iterator[str]:
    """The sentence's date words that do not date a report ("the ministry said on Monday", a dateline's day), in
    order."""
    skip = dateline_end(sentence)
    return (sentence[a:b] for a, b in match_spans(_DATE_WORDS, sentence)
            if a >= skip and not _REPORTED.search(sentence[:a]))


def _event_date_words(sentence: str) -> str | None:
    """The sentence's first date words that do not date a report."""
    return next(_event_dates(sentence), None)


_SIGNING = re.compile(r"\b(signed|signs|inked|inks|sealed|concluded|awarded|ordered|placed an order)\b", re.I)


def _nearest_signing(words: str | None, sentence: str, system: str | None) -> str | None:
    """Of the dates in a sentence (in a system's own clause of it), the one nearest its signing word,
    where the model took another date of the sentence or one of another sentence: "took delivery of its first
    C295 in 2023, and in March this year signed a contract" is signed in March; "received two vessels, ordered
    in 2021 under a contract ...", beside "The ships arrived on 14 March", was ordered in 2021."""
    scope = clause_of(system, sentence) if system else sentence
    signings = [start for start, _ in match_spans(_SIGNING, scope)]
    skip = dateline_end(scope)  # not the report's day
    spans = [(a, b) for a, b in match_spans(_DATE_WORDS, scope) if a >= skip]
    if not words or len(signings) != 1 or not spans:
        return words
    at = signings[0]
    # one no comma parts from the signing first ("on Friday, more than two years after Manila signed a contract
    # ... in January 2022" was signed in January 2022)
    joined = [span for span in spans if not re.search(r"[,;]", scope[min(span[1], at):max(span[0], at)])]
    near = min(joined or spans, key=lambda span: min(abs(span[0] - at), abs(span[1] - at)))
    return scope[near[0]:near[1]]


#: a date in a relative clause of its own ("the four frigates it ordered in 2022"): what another thing did, not the
#: instrument's signing
_RELATIVE_PAST = re.compile(r"\b(it|they|which|that)\s+(?:had\s+|has\s+|have\s+)?"
                            r"(?:[a-z]+ed|bought|sold|built|won|took)\s+$", re.I)


def _instrument_date_words(sentence: str) -> str | None:
    """The sentence's first date words that date neither a report nor another thing in a clause of its own."""
    words = _event_date_words(sentence)
    return None if words and _RELATIVE_PAST.search(sentence[:max(sentence.find(words), 0)]) else words


def signing_date(words: str | None, sentence: str, text: str, published: dt.date | None, *,
                 system: str | None = None, kind: str | None = None) -> str | None:
    """The date an instrument (of ``kind``) was signed. "X signed a contract, the ministry said on
    Tuesday" dates the report: when another sentence says when it was "signed ... on Monday", that
    wins; not one that names another kind of instrument ("also signed a memorandum last year") or
    tells of another one ("under a separate contract signed last year")."""
    words = _nearest_signing(words, sentence, system)
    date = resolve_date(words, sentence, text, published, system=system)
    spoken = date_words_in(sentence) if not words else words
    # a ratification's day is not the signing's ("ratified on Thursday" / "was signed in London last September")
    ratified = bool(_RATIFIED.search(sentence)) and not SIGNED_WORDS.search(sentence)
    if date is None or not spoken or not (ratified or _reported(spoken, sentence, text)):
        return date
    # a system's dates are its clause's; an instrument's, none a relative clause gives another thing
    dating = _event_date_words if system else _instrument_date_words
    # the record's sentence (a system's own clause) dates it ("signed for 42 Rafales in 2022")
    own = dating(clause_of(system, sentence) if system else sentence)
    if own and own != spoken and not ratified:
        try:
            return parse_partial_date(own, published) or date
        except ValueError:
            pass
    for other in _of_this_instrument(text, sentence, kind):
        if (((SIGNED_WORDS.search(other) and names_instrument(other)) or _SIGNING_EVENT.search(other))
                and (found := dating(other))):
            try:
                return parse_partial_date(found, published) or date
            except ValueError:
                continue
    # the report's day, taken from another sentence, does not date what this one tells as background
    # ("The order follows earlier purchases of Pinaka launchers")
    return None if spoken.casefold() not in sentence.casefold() and told_as_background(sentence) else date


_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


def upcoming(date: str | None, words: str, published: dt.date | None) -> str | None:
    """The date of something still to come: a weekday it is set for ("will travel to Mumbai on
    Friday") is the next one, and a month without its year ("will travel to Tokyo in June", in an article
    of February) the next June, not the last ones the publication date would give."""
    if not (date and published and date < published.isoformat()[:len(date)]):
        return date
    if len(date) == 10 and _WEEKDAY.search(words):
        return (dt.date.fromisoformat(date) + dt.timedelta(days=7)).isoformat()
    if len(date) == 7 and not re.search(r"\b\d{4}\b", words):
        return f"{int(date[:4]) + 1}{date[4:]}"
    return date


def before_publication(date: str | None, published: dt.date | None) -> bool:
    """Whether a partial date is over before the article was published ("2025-10-07", "2025-09"
    or "2024" for an article of 2025-10-09): a date a planned instrument cannot be signed on."""
    return bool(date and published and date < published.isoformat()[:len(date)])


def after_publication(date: str | None, published: dt.date | None) -> bool:
    """Whether a partial date is still to come when the article was published: a date no order,
    approval, delivery or cancellation the article reports can have."""
    return bool(date and published and date > published.isoformat()[:len(date)])


_YEAR_INSTRUMENT = re.compile(r"\b(?:the|a|an|its|their)\s+((?:19|20)\d\d)(?![-–/]\d)(?:\s+[A-Za-z-]+){0,3}?\s+"
                              r"(?:agreements?|accords?|contracts?|deals?|treat(?:y|ies)|pacts?|memorand\w+|mous?|"
                              r"plans?|frameworks?|arrangements?)\b", re.I)


def instrument_year(sentence: str, kind: str | None = None) -> str | None:
    """The year an instrument (of ``kind``) is known by ("the 2020 contract", "a 1997 military cooperation
    accord", "the 2021 AUKUS pact"); not another kind's beside it ("reaffirmed the 1951 Mutual Defense Treaty and
    discussed the Enhanced Defense Cooperation Agreement": no year of the agreement's)."""
    return next((m.group(1) for m in _YEAR_INSTRUMENT.finditer(sentence)
                 if kind is None or kind in (kinds := instrument_kinds(m.group(0))) or not kinds), None)


def _of_this_instrument(text: str, besides: str, kind: str | None) -> Iterator[str]:
    """The article's sentences but ``besides`` that may tell of an instrument of ``kind``: not another instrument
    ("under a separate contract signed last year", one of another kind) nor a signing still to come ("is expected
    to be signed next month")."""
    for start, end in sentences(text):
        other = text[start:end]
        if not (other == besides or _ANOTHER.search(other) or agreement_status_in(other) == "planned"
                or (kind and (kinds := instrument_kinds(other)) and kind not in kinds)):
            yield other


def signed_when(text: str, kind: str, published: dt.date | None, besides: str = "") -> str | None:
    """The date a sentence of its own gives the signing of the article's one instrument of ``kind`` ("The contract
    was signed in March 2024."): one that names that kind only, signed, not planned, not another one; None if none."""
    for sentence in _of_this_instrument(text, besides, kind):
        if not SIGNED_WORDS.search(sentence) or instrument_kinds(sentence) != [kind]:
            continue
        if (words := _instrument_date_words(sentence)) is not None:
            try:
                return parse_partial_date(words, published)
            except ValueError:
                return None
    return None
