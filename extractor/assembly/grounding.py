"""Find each evidence quote in the article and give it character offsets.

Three steps, stopping at the first that finds the quote: exact, then ignoring whitespace,
case and typographic quote marks, then fuzzy alignment above a threshold. The status says
which step found it, so a reader knows how far to trust the span.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from extractor.contract import Evidence, Record

Status = Literal["exact", "normalised", "fuzzy", "none"]
FUZZY_THRESHOLD = 88.0
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                       "\u00a0": " "})


@dataclass(frozen=True)
class Span:
    start: int | None
    end: int | None
    status: Status

    @property
    def found(self) -> bool:
        return self.status != "none"


def _normalised(text: str) -> tuple[str, list[int]]:
    """Text with runs of whitespace collapsed, casefolded, quotes folded; and each char's source index."""
    chars: list[str] = []
    index: list[int] = []
    previous_space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        chars.append(_fold_char(ch))
        index.append(i)
    return "".join(chars), index


def _fold_char(ch: str) -> str:
    for folded in (ch.casefold(), ch.lower()):
        if len(folded) == 1:
            return folded
    return ch  # "İ" folds to two characters either way


def fold(text: str) -> str:
    """``text`` case-folded character by character, each in its place, so that where a name stands in
    the fold is where it stands in ``text`` ("ß", "İ", "ﬁ" fold to two characters and would shift every
    place after them)."""
    folded = text.casefold()
    return folded if len(folded) == len(text) else "".join(map(_fold_char, text))


def _trimmed(quote: str, text: str, start: int, end: int, slack: int = 4) -> tuple[int, int]:
    """An alignment's window from the quote's first word to its last: without the few characters it
    may take in around them, the end of the sentence before ("... announced. The Russian MoD said ..."
    for a quote the model closed with "...") or the next word, which would rest the record on another
    sentence or stretch the span."""
    words = re.findall(r"\w+", quote)
    if not words:
        return start, end
    first = re.search(rf"(?<!\w){re.escape(words[0])}", text[start:min(end, start + len(words[0]) + slack)])
    if first:
        start += first.start()
    tail = max(start, end - len(words[-1]) - slack)
    ends = [m.end() for m in re.finditer(rf"{re.escape(words[-1])}(?!\w)", text[tail:end])]
    if ends:
        end = tail + ends[-1]
    return start, end


@functools.lru_cache(maxsize=128)  # a few articles' quotes: the texts are kept while their quotes are
def locate_quote(quote: str, text: str, threshold: float = FUZZY_THRESHOLD) -> Span:
    """Where the quote stands in the text: exactly, after normalising quote marks and spaces, or by a
    fuzzy alignment. Cached: the stages that read one answer (its list siblings, then its records)
    ground the same quotes, and the fuzzy alignment is the costly part."""
    quote = quote.strip().strip('"').strip()
    if not quote:
        return Span(None, None, "none")
    start = text.find(quote)
    if start >= 0:
        return Span(start, start + len(quote), "exact")
    norm_text, index = _normalised(text)
    norm_quote, _ = _normalised(quote)
    norm_quote = norm_quote.strip()
    at = norm_text.find(norm_quote)
    if at >= 0 and norm_quote:
        return Span(index[at], index[at + len(norm_quote) - 1] + 1, "normalised")
    if len(norm_quote) < 12:
        return Span(None, None, "none")
    alignment = fuzz.partial_ratio_alignment(norm_quote, norm_text, score_cutoff=threshold)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return Span(None, None, "none")
    dest_start, dest_end = _trimmed(norm_quote, norm_text, alignment.dest_start, alignment.dest_end)
    start, end = index[dest_start], index[dest_end - 1] + 1
    while start > 0 and text[start - 1].isalnum():  # snap to whole words
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return Span(start, end, "fuzzy")


def ground_evidence(evidence: list[Evidence], text: str) -> tuple[list[Evidence], bool]:
    """Evidence with offsets filled, and whether every quote was found."""
    grounded = []
    all_found = True
    for item in evidence:
        span = locate_quote(item.quote, text)
        all_found &= span.found
        grounded.append(item.model_copy(update={"start": span.start, "end": span.end}))
    return grounded, all_found


_BLANK_LINE = re.compile(r"\n\s*\n")  # a paragraph's end, whatever the word before it
_SENTENCE_END = re.compile(rf"(?<=[.!?])[\"'\u201d\u2019)]?\s+|{_BLANK_LINE.pattern}|(?P<line>[ \t\r]*\n\s*)")
# a full stop that ends no sentence: before a word in lower case ("Lockheed Martin Corp. for 12 jets"),
# after an initialism or an initial ("U.S. defense firms", "J. Smith") unless a sentence starts after
# it, a title or rank before a name ("Sen. Bernie Sanders", "Lt. Gen. Kim"), a month or "No." before a
# number ("on Nov. 5")
_INITIALS = re.compile(r"(?:^|[\s(\"'\u201c\u2018-])(?:[A-Z]\.)+$")
_TITLE = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Cmdr|Cdr|Adm|Sgt|Brig|Gov|Sen|Rep|Prof|Rev|Amb|Hon|"
                    r"Pres|Sec|Messrs|Mt|Ft)\.$")
_BEFORE_NUMBER = re.compile(r"(?:^|\s)(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Vol|Art)\.$")
_OPENERS = frozenset("""The This That These Those It Its He She They We I In On At A An But And Both However
Meanwhile According Last Earlier Under After Before While As His Her Their Our There Since When If For
Speaking Asked Also Yet So Such""".split())


@functools.lru_cache(maxsize=32)
def _hard_wrapped(text: str) -> bool:
    """Whether the text breaks its lines inside sentences (wrapped at a width) rather than between
    paragraphs, headlines and list items: a third or more of its single line breaks go on in lower case."""
    breaks = [text[m.end():m.end() + 1] for m in re.finditer(r"(?<![.!?\n])[ \t\r]*\n[ \t]*(?=\S)", text)]
    return bool(breaks) and sum(c.islower() for c in breaks) * 3 >= len(breaks)


def _ends(text: str, start: int = 0, stop: int | None = None) -> Iterator[re.Match[str]]:
    """The sentence ends between ``start`` and ``stop``: a full stop, question or exclamation mark and
    the space after it, a blank line, or a line break before a headline, a list item or a paragraph
    (not in a text wrapped at a width); not the full stop of an abbreviation."""
    for m in _SENTENCE_END.finditer(text, start, len(text) if stop is None else stop):
        if _BLANK_LINE.search(m.group()):
            pass  # a paragraph's end, whatever stands before it
        elif m.group("line") is not None:
            if _hard_wrapped(text) or text[m.end():m.end() + 1].islower():
                continue  # a line wrapped inside a sentence
        elif text[m.start() - 1:m.start()] == ".":
            before = text[max(0, m.start() - 12):m.start()]
            after = text[m.end():m.end() + 20].split(maxsplit=1)
            following = after[0] if after else ""
            if (following[:1].islower() or _TITLE.search(before)
                    or (_BEFORE_NUMBER.search(before) and following[:1].isdigit())
                    or (_INITIALS.search(before) and following.strip("\"'\u201c\u2018(") not in _OPENERS)):
                continue
        yield m


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) that hold ``text[start:end]``."""
    left = 0
    for m in _ends(text, 0, start):
        left = m.end()
    m = next(_ends(text, end), None)
    right = m.start() + (1 if m and text[m.start()] in ".!?" else 0) if m else len(text)
    return left, max(right, end)


@functools.lru_cache(maxsize=32)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the article's sentences (found once per text: every rule asks)."""
    spans, left = [], 0
    for m in _ends(text):
        if text[left:m.start()].strip():
            spans.append((left, m.start() + (1 if text[m.start()] in ".!?" else 0)))
        left = m.end()
    if text[left:].strip():
        spans.append((left, len(text.rstrip())))
    return tuple(spans)


def evidence_start(r: Record) -> int:
    """Where a record's first evidence starts in the article (-1 where it was not found)."""
    return r.evidence[0].start if r.evidence and r.evidence[0].start is not None else -1


def sentence_index(text: str, at: int) -> int | None:
    """Which of the article's sentences holds character ``at``; None when none does."""
    return next((i for i, (a, b) in enumerate(sentences(text)) if a <= at < b), None)


_ESCAPE = re.compile(r"\\.")


@functools.cache
def _lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without IGNORECASE, for text in lower case (Python's matcher is about three
    times faster on news text that way); None when it is case-sensitive or spells a capital."""
    if not pattern.flags & re.IGNORECASE or any(c.isupper() for c in _ESCAPE.sub("", pattern.pattern)):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def _searched(pattern: re.Pattern[str], text: str) -> tuple[re.Pattern[str], str]:
    """What to search instead of ``text`` with ``pattern``, to the same spans: its lower case with a
    case-sensitive twin when lower case keeps every offset (it almost always does), else itself."""
    twin = _lower_case_twin(pattern)
    if twin is not None:
        low = text.lower()
        if len(low) == len(text):
            return twin, low
    return pattern, text


def first_span(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    """The span ``pattern.search(text)`` finds, or None (see ``_searched``)."""
    searching, searched = _searched(pattern, text)
    m = searching.search(searched)
    return m.span() if m else None


def match_spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The spans ``pattern.finditer(text)`` finds (see ``_searched``)."""
    searching, searched = _searched(pattern, text)
    return [m.span() for m in searching.finditer(searched)]


@functools.lru_cache(maxsize=64)
def sentences_with(pattern: re.Pattern[str], text: str) -> frozenset[tuple[int, int]]:
    """The spans of the sentences in which ``pattern`` matches (found once per text and pattern)."""
    searching, searched = _searched(pattern, text)
    return frozenset((a, b) for a, b in sentences(text) if searching.search(searched[a:b]))


def sentence_naming(name: str, text: str, threshold: float = 85.0) -> tuple[int, int] | None:
    """The first sentence that names ``name`` best (fuzzy), for re-anchoring a misplaced quote."""
    best: tuple[float, int, int] | None = None
    key = name.casefold()
    for start, end in sentences(text):
        score = fuzz.partial_ratio(key, text[start:end].casefold())
        if score >= threshold and (best is None or score > best[0]):
            best = (score, start, end)
    return (best[1], best[2]) if best else None


def _first_word_at(name: str, folded: str) -> tuple[int | None, str]:
    """Where a (case-folded) sentence first names ``name`` by its first word, and that word."""
    head = name.split()[0].casefold() if name.split() else ""
    at = next(mentions(head, folded), None) if head else None
    if at is None and head[-1:].isdigit():  # a designation's plural: "21 MiG-29s", "F-16s"
        at = next(mentions(head + "s", folded), None)
    return at, head


def stretch_of(name: str, others: Iterable[str], sentence: str, *, from_own: bool = False) -> str:
    """The part of a sentence about ``name`` when it also names some of ``others`` (each by its first
    word): from the last other named before it (or the start; or ``name`` itself, ``from_own``) up to
    the next other named after it. "took delivery of two Rafale jets in January and has also signed
    for 12 Mirage 2000-5s, a deal later cancelled": the Rafales' part says delivered, the Mirages'
    cancelled. The whole sentence when it names no other."""
    folded = fold(sentence)
    at, head = _first_word_at(name, folded)
    if at is None:
        return sentence
    marks = sorted(p for other in others for p, h in [_first_word_at(other, folded)] if p is not None and h != head)
    if not marks:
        return sentence
    start = at if from_own else max((p for p in marks if p < at), default=0)
    end = min((p for p in marks if p > at), default=len(sentence))
    return sentence[start:end]


_CLAUSE_BREAK = re.compile(r";|,? and (?:will|would|has|have|is|was)\b|,? but\b|,? while\b|,? whereas\b|,? instead\b|"
                           r", and\b|, after\b|\safter(?=\s+[a-z]+ing\b)|,? in addition to\b|,? on top of\b|"
                           # a part of it told apart: "bought five in 2019 | and the first was delivered in 2023"
                           r",? and the (?:first|second|third|last|final|rest|remainder|remaining)\b", re.I)


def clause_of(name: str, sentence: str) -> str:
    """The clause of a sentence that names ``name`` (by its first word): "Malaysia decided not to proceed
    with the Tejas | and will instead buy 18 FA-50 jets". The whole sentence when it has one clause or
    does not name it."""
    at, _ = _first_word_at(name, fold(sentence))
    if at is None:
        return sentence
    cuts = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    return next(sentence[a:b] for a, b in zip(cuts, cuts[1:]) if a <= at < b)


def sentence_after(text: str, end: int) -> str:
    """The sentence that follows position ``end`` ("" at the end of the text)."""
    for start, stop in sentences(text):
        if start >= end:
            return text[start:stop]
    return ""


def word_char(ch: str) -> bool:
    """A letter, digit or underscore: what ``\\w`` matches."""
    return ch.isalnum() or ch == "_"


def mentions(word: str, text: str) -> Iterator[int]:
    """Where ``word`` stands alone in ``text`` (no letter, digit or underscore right before or
    after it), left to right, not overlapping: ``(?<!\\w)word(?!\\w)`` without compiling a
    pattern per name (rules look up names and designations the process has never met)."""
    if not word:  # as the pattern would: every place between two non-word characters
        yield from (m.start() for m in re.finditer(r"(?<!\w)(?!\w)", text))
        return
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not word_char(text[at - 1])) and (end == len(text) or not word_char(text[end])):
            yield at
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)


@dataclass(frozen=True)
class Grounded:
    """A draft's quote located in the article (or a sentence code chose instead), and the
    sentence around it."""

    evidence: Evidence
    found: bool
    sentence: str

    @property
    def supported(self) -> bool:
        """Whether the model's own words hold the record up: its quote was found (exactly,
        normalised or fuzzily), not re-anchored on a sentence the code picked."""
        return self.evidence.match in ("exact", "normalised", "fuzzy")


def ground(quote: str, text: str) -> Grounded:
    span = locate_quote(quote, text)
    if not span.found:
        return Grounded(Evidence(quote=quote), False, quote)
    # The evidence is the whole sentence the quote comes from: models quote its first words.
    left, right = sentence_around(text, span.start, span.end)
    return Grounded(Evidence(quote=text[left:right], start=left, end=right, match=span.status), True,
                    text[left:right])


def reanchored(text: str, start: int, end: int) -> Grounded:
    """Evidence on a sentence the code chose, not the one the model quoted: kept, not grounded."""
    return Grounded(Evidence(quote=text[start:end], start=start, end=end, match="reanchored"), True, text[start:end])


def name_as_written(name: str, quote: str, sentence: str) -> str:
    """The side the article names where the model's quote changed it: a quote found only fuzzily that reads
    "Japan received ..." of "The Philippines received ..." names the Philippines, not Japan. ``name``
    itself where the sentence names it or the quote did not swap it for other words."""
    words = re.findall(r"[\w'-]+", quote)
    written = re.findall(r"[\w'-]+", sentence)
    if not name.strip() or name.casefold() in sentence.casefold():
        return name
    matcher = difflib.SequenceMatcher(a=[w.casefold() for w in words], b=[w.casefold() for w in written],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and " ".join(words[i1:i2]).casefold() == " ".join(name.split()).casefold():
            swapped = written[j1 + (written[j1].casefold() == "the"):j2]
            return " ".join(swapped) if swapped else name
    return name
