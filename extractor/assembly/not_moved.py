"""A weapon a sentence names without moving it from one side to another: made together or at home, upgraded,
replaced by a new one, flown in a drill, or only described. Each veto reads the evidence sentence (and the
system's name) and fires only where the sentence states no word of trade for it (``lexicon.speaks_of_purchase``)."""

from __future__ import annotations

import re

from extractor.assembly.grounding import first_span
from extractor.assembly.lexicon import MOVING_WORDS, category_of, speaks_of_purchase


def _head(system: str) -> str | None:
    """The system's first word as a pattern: where the sentence names it ("F-16" of "F-16 fighter jets")."""
    return re.escape(system.split()[0]) if system.split() else None


_MADE_TOGETHER = re.compile(r"\b(jointly (manufactur|produc|build|develop|make)\w*|joint venture|co-?produc\w*|"
                            r"indigenously|"
                            # a step in building it: "TKMS launched Egypt's third submarine", "rolled out the first jet"
                            r"launched(?! (a |an |the |its )?([\w-]+ )?(tender|competition|talks|negotiations|programme|program|"
                            r"bids?|process|request|search))|keel[- ]laying|laid down|floated out|rolled out|sea trials|maiden flight|first flight)",
                            re.I)


def made_not_moved(sentence: str) -> bool:
    """A sentence about making a weapon together or at home ("the two jointly manufacture the
    J-17", "a joint venture that will produce armoured vehicles", "indigenously constructed"), or
    about a step in building it ("TKMS launched Egypt's third submarine", "the first jet rolled out"),
    that states no sale, order, delivery or supply: joint production, not an arms transfer."""
    return bool(first_span(_MADE_TOGETHER, sentence)) and not speaks_of_purchase(sentence)


#: work on a weapon, as a verb or its noun ("upgraded" or "refurbished" before a noun is what is sold:
#: "11 upgraded frigates")
_UPGRADE = re.compile(r"\b(upgrad(e|es|ing)|moderni[sz](e|es|ing|ation)|overhaul(s|ing)?|refurbish(es|ing|ment)|"
                      r"retrofit(s|ting)?|refit(s|ting)?|mid-life (update|upgrade)|life[- ]extension)\b", re.I)
_MOVED = re.compile(rf"\b({MOVING_WORDS})\b", re.I)  # ``TRADE_WORDS`` less "contract" and "included"


def upgraded_not_moved(system: str, sentence: str) -> bool:
    """A sentence in which the system is what a contract upgrades ("a contract with Lockheed Martin to
    upgrade 10 of its F-16 fighter jets") and nothing is bought, ordered or delivered: work on the
    buyer's own weapons, not an arms transfer."""
    head = _head(system)
    return bool(head and re.search(rf"{_UPGRADE.pattern}(\s+[\w,'’-]+){{0,5}}?\s+{head}", sentence, re.I)
                and not _MOVED.search(sentence))


#: what a new weapon takes the place of; not "replaced by" or "replace X with" the new one
#: (also what a side retired or phased out: "retired its last M-84s", not "retired Mirage jets" it bought)
_REPLACES = re.compile(r"\b(replac(e|es|ed|ing)|replacements? (for|of)|succeed(s|ing)?|retir(e|es|ing)|"
                       r"(retired|decommissioned)(?=\s+(its|their|the)\b)|phas(ed|ing) out)\b(?!\s+by\b)", re.I)


def replaced_not_moved(system: str, sentence: str) -> bool:
    """A system the sentence first names as what another replaces ("will buy five MH-60R helicopters ... to
    replace its ageing SH-2G(I) Seasprites") and that no word of trade follows ("... Romeo class vessels
    delivered in 1983" is a delivery): the buyer's old weapon, not a transfer."""
    head = _head(system)
    at = re.search(rf"\b{head}", sentence, re.I) if head else None
    before = list(_REPLACES.finditer(sentence[:at.start()])) if at else []
    between = sentence[before[-1].end():at.start()].split() if before else []
    return bool(before and len(between) <= 8 and not {"with", "by"} & {w.casefold() for w in between}
                and not _MOVED.search(sentence[at.end():]))


#: forces training together; not a buyer who "exercises an option for two more frigates"
_EXERCISE = re.compile(r"\b(exercises?(?! ((an?|the|its|their) )?(\w+ )?options?\b)|drills?|manoeuvres|maneuvers|war ?games|"
                       r"joint patrols?)\b", re.I)


def in_exercise(sentence: str) -> bool:
    """A sentence about forces training or patrolling together with no word of trade ("the French carrier and
    its Rafale M jets will operate alongside INS Vikrant during the five-day drill"): no transfer's sentence."""
    return bool(first_span(_EXERCISE, sentence)) and not speaks_of_purchase(sentence)


#: what a weapon is: "The Kingklip Mk2 is a medium-frequency hull-mounted sonar", "The AH-64E Apache is one of ..."
_DESCRIBED = re.compile(r"^\W*(The|Its|Their) [^,;]{0,60}? (is|are) (a|an|one of)\b")


def described(sentence: str) -> bool:
    """A sentence that says what a weapon is and states no trade ("The Kingklip Mk2 is a medium-frequency sonar ...
    and is in service with several NATO navies"): no transfer's sentence, whoever flies it."""
    return bool(_DESCRIBED.search(sentence)) and not speaks_of_purchase(sentence)


#: what a buyer passed over: "beating Germany's TKMS MEKO A-200", "ending a contest with the F-16 and the Rafale",
#: "chose the Gripen over the F-35", "instead of the Typhoon"
_PASSED_OVER = re.compile(r"\b(beat(s|ing)?( out)?|defeat(s|ed|ing)|edg(ed|es|ing) out|outbid\w*|instead of|rather than|"
                          r"in preference to|(contest|competition|race|battle|bidding war) (with|against|between)|"
                          r"compet(ing|ed|es) (with|against)|rival(s|led)?|lost out|losing (bid|bidder|contender)s?|"
                          r"(select(ed|s|ing)?|choose|choosing|chose|chosen|pick(ed|ing)?|prefer(red|ring)?|favou?red|"
                          r"opted for)\b[^.;]{0,80}?\bover)\b", re.I)


def passed_over(system: str, sentence: str) -> bool:
    """A system the sentence names, within a few words, after one that a buyer chose instead ("Australia has chosen
    the Mogami-class frigate ..., beating Germany's TKMS MEKO A-200"; "ending a long contest with the Lockheed Martin
    F-16 and the Dassault Rafale") with no word of trade between: the losing bid, not a transfer."""
    head = _head(system)
    at = re.search(rf"(?<![\w-]){head}", sentence, re.I) if head else None
    marks = list(_PASSED_OVER.finditer(sentence[:at.start()])) if at else []
    between = sentence[marks[-1].end():at.start()] if marks else ""
    return bool(marks and len(between.split()) <= 12 and not re.search(r"[.;]", between) and not _MOVED.search(between))


#: what is bought for a weapon the buyer already has: "missiles for its F-16 fighters", "engines for their Su-30 jets"
_FOR_OWN = r"((?:[\w-]+ ){0,2}[\w-]+) for (?:its|their|\w+['’]s) (?:own |existing |ageing |aging |current )?"
_LEAD = {"including", "include", "includes", "of", "and", "with", "a", "an", "the", "new", "more", "additional",
         "further", "some", "to", "supply", "send", "sell", "deliver", "provide", "buy", "order"}


def fitted_to(system: str, sentence: str) -> str | None:
    """What the sentence moves where it names the system only as the buyer's own, after "for its" ("will send
    Ukraine ... missiles for its F-16 fighters": the missiles, not the fighters), when those words name a
    category of weapon; None otherwise."""
    head = _head(system)
    named = list(re.finditer(rf"(?<![\w-]){head}", sentence, re.I)) if head else []
    m = re.search(_FOR_OWN + rf"{head}(?![\w-])", sentence, re.I) if len(named) == 1 else None
    words = m.group(1).split() if m else []
    while words and words[0].casefold() in _LEAD:
        words.pop(0)
    item = " ".join(words)
    return item if item and category_of(item) else None
