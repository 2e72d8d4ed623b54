"""Who signed an instrument: the people the model named whom a sentence reporting a signing of that
instrument names, other than as onlookers ("in the presence of", "witnessed by")."""

from __future__ import annotations

import functools
import re

from extractor.assembly.dates import SIGNED_WORDS
from extractor.assembly.grounding import mentions, sentences, sentences_with
from extractor.assembly.lexicon import instrument_kinds
from extractor.assembly.news_dates import agreement_sides, from_one_before
from extractor.contract import Agreement, Person

_SIGNS = re.compile(r"\b(sign(s|ed|ing)?|countersign\w*|ink(s|ed)?|seal(s|ed)?|conclud(e|es|ed))\b", re.I)


@functools.lru_cache(maxsize=32)
def _signing_sentences(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The article's sentences that report a signing, each with the kinds of instrument it is about:
    those it names, or, naming none ("Danjuma signed for the ministry"), those the sentence before it
    that names one names (found once per text: every agreement of the article asks)."""
    signing = sentences_with(_SIGNS, text)
    found, last = [], frozenset[str]()
    for a, b in sentences(text):
        kinds = frozenset(instrument_kinds(text[a:b]))
        if (a, b) in signing:
            found.append((text[a:b], kinds or last))
        last = kinds or last
    return tuple(found)


def signed_by(signers: list[Person], kind: str, status: str, sentence: str, text: str) -> list[Person]:
    """The people the article says signed this instrument: none for one still planned; each
    named in a sentence that reports a signing of it (its own sentence, or one that names the
    same kind of instrument, or none). Officials named elsewhere are not its signers."""
    if status == "planned":
        return []
    signing = [s for s, kinds in _signing_sentences(text) if s == sentence or not kinds or kind in kinds]
    # one who looked on at the signing in one sentence ("in the presence of Macron") did not sign it in another
    return [p for p in signers if any(_signs_in(p.name.split()[-1], s) for s in signing)
            and not any(_looks_on_in(p.name.split()[-1], s) for s in signing)]


_ONLOOKERS = re.compile(r"\b(attended by|in the presence of|witnessed by|watched by|presence of|"
                        # who looked on beside an onlooker: "attended the signing in Budapest together with Papperger"
                        r"(?:attended|witnessed|oversaw|watched)\b[^.;]{0,60}?\b(?:together with|along with|alongside)|"
                        r"overseen by|presided (over )?by|witnessed the signing|(during|on) a visit by|"
                        # "a deal sealed during French President Emmanuel Macron's visit to Belgrade"
                        r"during(?=\s+(?:(?-i:[A-Z])[\w.'’-]*\s+){1,5}?(?-i:[A-Z])[\w.-]*['’]s\s+(?:[\w-]+\s+)?visit))\b", re.I)


#: an onlooker as the subject ("Presidents Lula and Macron oversaw the signing", "the leaders looked on as ...")
_LOOKS_ON = re.compile(r"\b(?:witness(?:ed|es)|oversaw|oversees|attended|presided over|watched|"
                       r"(?:was|were) present at)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:signing|ceremony|exchange)\b|"
                       r"\b(?:looked|look|looks) on\b|\bwatched as\b", re.I)


_AND_SIGNED = re.compile(r"\band\s+(?:then\s+|also\s+)?(?:signed|inked|sealed|concluded)\b", re.I)


def _looks_on_after(sentence: str, at: int) -> bool:
    """Whether the person named at ``at`` is the subject of looking on: the first of a signing or an
    onlooker's words after the name is the onlooker's ("Lula and Macron oversaw the signing of ...")."""
    looks, signs = _LOOKS_ON.search(sentence, at), _SIGNS.search(sentence, at)
    if looks is None or (signs is not None and signs.start() < looks.start()):
        return False
    # "attended the ceremony and signed the pact": who looked on and then signed is a signer
    return not _AND_SIGNED.search(re.split(r"[,;:]", sentence[looks.end():])[0])


def _looks_on_in(surname: str, sentence: str) -> bool:
    """Whether a signing sentence names this person only after "in the presence of" and the like, or as who
    looked on ("Vucic and Macron attended the signing")."""
    return any(_ONLOOKERS.search(sentence, 0, at) or _looks_on_after(sentence, at) for at in mentions(surname, sentence)) \
        and not _signs_in(surname, sentence)


#: the words that attribute a report to its speaker ("..., the minister said at a press conference with ...")
_REPORTS = re.compile(r"\b(said|says|told|added|noted|stated)\b", re.I)
_QUOTE_ENDS = re.compile(r"[”\"]\s*(,|$)|,[”\"]")  # the close of a quotation the speaker's name follows


def _reports_it(sentence: str, at: int) -> bool:
    """Whether the name at ``at`` stands in the attribution after a signing the sentence reports
    ("“Today we signed the contract ...,” Costa told reporters alongside her counterpart Vidal"): a
    speaker and the people around him, not who signed."""
    signing = [m.end() for m in _SIGNS.finditer(sentence, 0, at)]
    return bool(signing) and (_REPORTS.search(sentence, signing[-1], at) is not None
                              or _QUOTE_ENDS.search(sentence, signing[-1], at) is not None)


#: a signing told as what came before the sentence's event: "A met B on Wednesday, days after the two countries signed"
SIGNED_BEFORE = re.compile(r"\b(days|weeks|months|shortly|soon|a day|a week|a month|hours)\s+after\b[^.;]{0,60}?"
                           r"\b(signed|inked|concluded|sealed)\b", re.I)


def signed_before(sentence: str, at: int = 0) -> re.Match[str] | None:
    """A signing the sentence tells, after ``at``, as what came before its event, with no signing of the event's own
    between ("met ... on Wednesday, days after the two countries signed", not "signed X, days after signing Y")."""
    m = SIGNED_BEFORE.search(sentence, at)
    return m if m and not SIGNED_WORDS.search(sentence, at, m.start()) else None


def _signs_in(surname: str, sentence: str) -> bool:
    """Whether a signing sentence names this person other than as an onlooker ("at a ceremony
    attended by", "in the presence of", "witnessed by": there, not signing), as who reports it, or as who met
    days after a signing ("Nasirzadeh met Belousov ..., days after the two countries signed a treaty")."""
    for at in mentions(surname, sentence):
        if _reports_it(sentence, at) or _looks_on_after(sentence, at) or signed_before(sentence, at):
            continue
        onlooker = _ONLOOKERS.search(sentence, 0, at)
        if onlooker is None or SIGNED_WORDS.search(sentence, onlooker.end(), at):
            return True
    return False


#: signers the sentence names only by what they are: "The ministers also signed ...", "Both leaders then signed"
_THE_SIGNERS = re.compile(r"^\W*(?:the|both)\s+(?:two\s+)?(?:defen[cs]e\s+|foreign\s+|prime\s+)?(?:ministers|leaders|"
                          r"presidents|heads of state|secretaries|chiefs)\s+(?:(?:also|then|later)\s+)?"
                          r"(?:signed|inked|concluded|sealed)\b", re.I)


def signed_by_the_same(agreements: list[Agreement]) -> list[Agreement]:
    """An instrument with no signers whose sentence says "the ministers" (or "both leaders") signed it: the
    signers of the one the article tells before it between the same sides (they are who "the ministers" are)."""
    return from_one_before(agreements, _THE_SIGNERS, lambda o, a: a.status != "planned"
                           and agreement_sides(o) == agreement_sides(a), field="signatories")
