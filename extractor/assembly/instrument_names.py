"""An instrument's name as its sentence words it: "a defence cooperation agreement", "memorandum of
understanding on maritime surveillance", "the Reciprocal Access Agreement". A bare "contract" or
"agreement" names nothing (the contract's ``name`` stays null); descriptors before the noun and a short
"on / for / concerning / over ..." after it are the name, dates and prices are not.
"""

from __future__ import annotations

import re

from extractor.assembly.grounding import reanchored, sentences
from extractor.assembly.lexicon import areas_in, instrument_kinds, names_instrument
from extractor.assembly.names import named_in
from extractor.contract import Actor, Agreement


_KIND_NOUNS = {
    "mou": r"memorandum of (?:understanding|co-?operation|agreement)|memorandum|mou", "letter_of_intent": r"letter of intent",
    "treaty": r"treaty|pact", "joint_statement": r"joint statement|joint declaration",
    "plan": r"plan|road ?map|(?<=operation )program(?:me)?", "contract": r"contract|letter of offer and acceptance",
    "agreement": r"agreement|accord|protocol", "other": r"framework|arrangement|agreement|protocol|exchange of notes",
}
_ANY_KIND_NOUN = re.compile(rf"\b({'|'.join(_KIND_NOUNS.values())})\b", re.I)
_NOT_DESCRIPTORS = {"a", "an", "the", "new", "separate", "this", "that", "its", "their", "his", "her", "of", "with",
                    "signed", "inked", "to", "and", "on", "under", "existing", "nearly", "worth", "first", "second",
                    "latest", "previous", "earlier", "current", "dollar", "dollars", "billion", "million", "euro",
                    "euros", "crore", "trillion", "multi-billion", "multibillion", "landmark", "major", "deal",
                    "ringgit", "rupees", "rupiah", "won", "yen", "yuan", "pesos", "baht", "zloty", "lira", "riyals",
                    "dirhams", "rand", "naira", "shekels", "kronor", "kroner", "pounds", "roubles", "rubles", "lakh",
                    "peso", "rupee", "pound", "rouble", "ruble", "riyal", "dirham", "shekel", "dinar", "dinars", "franc",
                    "francs",
                    # a headline's verb: "EDGE and Pindad sign joint venture agreement"
                    "sign", "signs", "ink", "inks", "seal", "seals", "agree", "agrees", "conclude", "concludes",
                    "renew", "renews", "ratify", "ratifies", "seek", "seeks", "eye", "eyes", "planned", "proposed",
                    "finalise", "finalises", "finalize", "finalizes", "approve", "approves", "discuss", "discusses",
                    "negotiate", "negotiates",
                    # no instrument, or not one in particular: "no contract has been signed", "any agreement"
                    "no", "any", "another", "such"}
_WHEN = (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
         r"august|september|october|november|december|yesterday|today|year|years|month|months|decade|period|behalf")
_COUNT_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|several|up to|at least|more than"
# a tail that begins with a time ("on Wednesday", "for the coming year"), "on behalf of", or a count ("for three
# batteries": a purchase, not the contract's name) names no subject
_TIME_TAIL = re.compile(rf"(?:(?:the|this|next|last|coming|current|following|same|another|a further|an additional)\s+)*"
                        rf"(?:\d|(?:{_WHEN}|{_COUNT_WORDS})\b)", re.I)
_TAIL_STOP = re.compile(rf"\b(?:(?:next|last|this|coming|following)\s+)?(?:{_WHEN})\b|"
                        r"\bfor\s+(?:another|a\s+further|an\s+additional|the\s+next|(?:the\s+)?\d)|"
                        # not "in" of a field: "on cooperation in the defence industry", "in the field of ..."
                        r"\b(on|in(?!\s+(?:the\s+)?(?:fields?|areas?|spheres?|defen[cs]e|military|security)\b)|"
                        r"that|which|with|before|after|at|to|by|during|worth|was|were|is|will|would|signed|"
                        r"committing|covering|allows|between|as|amid|while)\b|\band (?:a|an|the|its|their)\b|"
                        r"\band (?:\w+ )?\w+ed (?:to|a|an|the|on|that)\b|\b(?:later|earlier|soon)\b|[,.;:(\"“]", re.I)  # "... on maritime security and agreed to ..."


_NAME_WORD = re.compile(r"[A-Z][\w-]*|[A-Z][\w-]*-[A-Za-z][\w-]*")
_NAME_LINKS = {"of", "and", "on", "for", "in"}
_NOT_NAME_WORDS = {"The", "A", "An", "This", "That", "Its", "Their", "New", "Sign", "Signs", "Signed", "Ink", "Inks",
                   "Inked", "To", "With", "Under", "Agree", "Agrees"}


_HEADS = {"Memorandum", "Letter", "Exchange", "Statement", "Declaration", "Protocol"}


def _proper_name_before(before: list[str], sentence: str) -> list[str]:
    """The capitalised words that name an instrument with it ("the Reciprocal Access Agreement",
    "a Status of Forces Agreement"); none in a headline written in title case, where every word is."""
    if not re.search(r"\b[a-z][a-z]{3,}\b", sentence):  # no lower-case word of four letters or more
        return []
    name: list[str] = []
    words = before[-8:]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if _NAME_WORD.fullmatch(word) and word not in _NOT_NAME_WORDS:
            name.insert(0, word)
        elif word in _NAME_LINKS and (name or (i and words[i - 1] in _HEADS)):  # "Memorandum of Agreement"
            name.insert(0, word)
        else:
            break
    while name and name[0] in _NAME_LINKS:
        name.pop(0)
    return name


def instrument_name(sentence: str, kind: str) -> str | None:
    """The instrument's name as the sentence words it: "a defence cooperation agreement",
    "memorandum of understanding on maritime surveillance". None for a bare "contract" or
    "agreement", which name nothing."""
    m = (re.search(rf"\b({_KIND_NOUNS.get(kind, _KIND_NOUNS['agreement'])})\b", sentence, re.I)
         # the sentence's own word when it calls the instrument otherwise ("accord" for a treaty)
         or _ANY_KIND_NOUN.search(sentence))
    if not m:
        return None
    before = sentence[:m.start()].split()
    descriptors = _proper_name_before(before, sentence) if m.group(1)[0].isupper() else []
    words = before[-5:] if not descriptors else []
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        # "an acquisition and cross-servicing agreement": "and" between two descriptors
        linked = word == "and" and descriptors and i and re.fullmatch(r"[a-z][a-z-]*", words[i - 1]) \
            and words[i - 1] not in _NOT_DESCRIPTORS
        if not linked and (not re.fullmatch(r"[a-z][a-z-]*", word) or word in _NOT_DESCRIPTORS):
            break
        descriptors.insert(0, word)
    tail = ""
    # an abbreviation in brackets ("Memorandum of Understanding (MoU) on ...") stands between the noun and
    # what it covers; so does the other side of an instrument that is no purchase ("an agreement with
    # Brazil on ..."; a contract "with Saab for radars" names no contract)
    rest = re.sub(r"^\s*\([A-Z][A-Za-z&-]{1,11}\)", "", sentence[m.end():])
    if kind != "contract":
        side = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"  # "with Brazil", "between Egypt and Greece"
        rest = re.sub(rf"^\s+(?:with\s+{side}|between\s+{side}\s+and\s+{side})(?=\s+(?:on|concerning|over|in)\s)", "", rest)
    # a plan "of" what it plans: "a plan of bilateral military cooperation for 2024", "a plan of action"
    of = "|of" if re.fullmatch(r"plan|road ?map|program(?:me)?", m.group(1), re.I) else ""
    t = re.match(rf"\s+(on|for|concerning|over|in the (?:fields?|areas?|spheres?) of{of})\s+(.+)", rest)
    proper = re.match(r"\s+of((?:\s+(?:[A-Z][\w-]*|and|of|on))+)", rest) if m.group(1)[0].isupper() else None
    if proper:  # "the Treaty of Friendship and Cooperation"
        words = proper.group(1).split()[:6]
        while words and not words[-1][0].isupper():
            words.pop()
        tail = " of " + " ".join(words) if words else ""
    elif t and not _TIME_TAIL.match(t.group(2)) and not (kind == "contract" and t.group(1) == "for"):
        # a contract "for the ships" is what it buys, not its name
        stop = _TAIL_STOP.search(t.group(2))
        words = (t.group(2)[:stop.start()] if stop else t.group(2)).split()
        if 1 <= len(words) <= 9:
            tail = f" {t.group(1)} " + " ".join(words)
    noun = m.group(1)
    if not descriptors and not tail and noun.casefold() not in ("letter of intent", "joint statement", "exchange of notes",
                                                             "letter of offer and acceptance"):
        return None
    return " ".join([*descriptors, noun]) + tail


def instrument_sentence(text: str, kind: str, parties: list[str]) -> tuple[int, int] | None:
    """The span of the sentence that best names an instrument of ``kind`` between ``parties``: one of its
    kind before any other instrument, more of the parties before fewer, the first of equals; None when no
    sentence names an instrument and one of them."""
    def fit(sentence: str) -> int:
        kinds, named = instrument_kinds(sentence), sum(named_in(p, sentence) for p in parties)
        return 4 * (kind in kinds) + 2 * bool(kinds) + named if named and names_instrument(sentence) else 0

    best = max(((fit(text[a:b]), -a, a, b) for a, b in sentences(text)), default=(0, 0, 0, 0))
    return (best[2], best[3]) if best[0] else None


def agreement_summary(kind: str, status: str, parties: list[Actor]) -> str:
    """An agreement's one-line summary, as "mou (signed) between Israel, Vietnam." reads."""
    return f"{kind.replace('_', ' ')} ({status}) between " + ", ".join(p.name for p in parties) + "."


#: "signed a memorandum of understanding on ... and a letter of intent on ...": a second instrument joined on
_AND_ANOTHER = re.compile(rf"\band\s+(?P<part>(?:also\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){{0,5}}?"
                          rf"(?:{'|'.join(_KIND_NOUNS.values())}))\b", re.I)


def signed_beside(agreements: list[Agreement], text: str) -> list[Agreement]:
    """The instruments an agreement's own sentence joins on to it ("The ministers signed a memorandum of
    understanding on defence industry cooperation and a letter of intent on maritime security training"),
    where no record holds one of that kind and name: each a record of its own, with the sides, signers,
    date and status of the one the model gave, its own name and areas (from its part of the sentence),
    resting on that sentence as code's reading (re-anchored). Small models give the first of the two."""
    out = list(agreements)
    # each sentence an agreement rests on (a merged one rests on more than one: "under two agreements signed on
    # Monday" and "signed the lease agreement and a separate agreement on ...")
    resting = [(i, g) for i, a in enumerate(agreements) for g in a.evidence if g.start is not None and g.end is not None]
    for i, g in resting:
        a, sentence = out[i], text[g.start:g.end]
        for m in _AND_ANOTHER.finditer(sentence):
            part = re.split(r"[,;:]|\band\b", sentence[m.start("part"):])[0]  # to the next clause or "and"
            kinds = instrument_kinds(part)
            name = instrument_name(part, kinds[0]) if kinds else None
            if not kinds or name is None or any(o.kind == kinds[0] and (o.name or "").casefold() == name.casefold()
                                                for o in out):
                continue
            own = sentence[:m.start()]  # the first instrument's part keeps only the areas it names
            out[i] = a = a.model_copy(update={"areas": areas_in(own) or a.areas})
            out.append(a.model_copy(update={"kind": kinds[0], "name": name, "areas": areas_in(part),
                                            "summary": agreement_summary(kinds[0], a.status, a.parties),
                                            "evidence": [reanchored(text, g.start, g.end).evidence], "grounded": False}))
    return out

