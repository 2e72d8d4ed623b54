"""What a sentence only guesses, denies or negates, so that no record rests on it: "analysts say Hanoi may
buy drones", "denied media reports that it had signed a deal", "will not purchase more Rafale jets", "does
not mean a contract was signed". Each reading vetoes only what it can show is no deal.
"""

from __future__ import annotations

import re

from extractor.assembly.grounding import sentences
from extractor.assembly.lexicon import names_instrument
from extractor.assembly.trade_status import CANCELLED, NOT_SAID


_NOT_SIGNED = re.compile(r"\b(not|no|never|without)\b[^.;]{0,40}\b(been signed|was signed|were signed|signed yet|"
                         r"signing|concluded|inked)\b", re.I)


def denies_signing(sentence: str) -> bool:
    """A sentence that says an instrument has not been signed ("does not mean a contract was signed")."""
    return bool(_NOT_SIGNED.search(sentence))


_HEDGED = re.compile(r"\b(could|might|(?-i:may)|would|analysts? (say|said|believe|expect)|hop(e|es|ed|ing) to|"  # not "May 14"
                     r"showcase|speculat\w+|is said to be considering|rumou?r\w*)\b", re.I)
_FIRM = re.compile(r"\b(signed|inked|ordered|delivered|handed over|approved|cleared|offered|awarded|contract|"
                   r"agreed|received|purchased|bought|took delivery|under the (\w+ )?(deal|agreement|accord|package)|"
                   r"donated|gifted|supplied|transferred|announced (that )?(it|they) would|"
                   r"the (\w+ )?(deal|agreement|package) (would|will) (see|include|cover|involve|provide))\b", re.I)


_STOPPED = re.compile(CANCELLED, re.I)


_DEAL_WORD = r"\b(sign|deal|contract|agree|buy|bought|purchas|order|sell|sold|acqui)"  # what a denial denies
_DENIED = re.compile(r"\b(den(y|ies|ied)|dismiss(ed|es)?|refut(ed|es)) "
                     r"(the |these |those |an? |media |press |news |local |newspaper )*"
                     rf"(reports?|claims?|rumou?rs?|speculation)\b[^.;]{{0,60}}?{_DEAL_WORD}|"
                     rf"\bden(y|ies|ied) (that|having|it had|they had)\b[^.;]{{0,40}}?{_DEAL_WORD}|"
                     r"\bthere (is|was|were|are|has been|have been) no (contract|deal|agreement|negotiations?|talks)\b|"
                     # "No new arms deals were announced", "no agreement was reached"
                     r"\bno (new|further|fresh|major) ([\w-]+ )?(deals?|contracts?|agreements?|orders?) "
                     r"((was|were|has been|have been|had been) )?(announced|reached|signed)\b|"
                     r"\bno (deal|contract|agreement) (was|has been|had been) reached\b", re.I)


def denied(sentence: str) -> bool:
    """A deal the sentence denies: "denied media reports that it had signed a deal to buy JF-17
    fighters", "There is no contract and there have been no negotiations"."""
    return bool(_DENIED.search(sentence))


#: a sentence that passes on what a report said: "The daily El Informante reported on Monday that Chile was preparing
#: to order two submarines", "according to media reports"
_HEARSAY = re.compile(r"\breport(ed|s)?\b[^.;]{0,30}\bthat\b|\baccording to\b[^.;]{0,30}\breports?\b|"
                      r"\breports? (said|says|claimed|claims|suggested)\b", re.I)


def denied_report(sentence: str, text: str) -> bool:
    """A sentence passing on a report that another sentence of the article denies ("denied a newspaper report
    that the country was close to buying new submarines"): the rumour, not a deal."""
    return bool(_HEARSAY.search(sentence)) and any(denied(text[a:b]) for a, b in sentences(text)
                                                    if text[a:b] != sentence)


def only_guessed(sentence: str) -> bool:
    """An instrument a sentence only guesses at ("could become the next buyer", "analysts say"): a hedge
    other than "would" (which words a plan: "would also sign a memorandum"), and no firm word."""
    return speculative(re.sub(r"\bwould\b", " ", sentence, flags=re.I))


#: a purchase the clause negates or rules out ("will not purchase more", "is not expected to buy", "has never
#: ordered", "did not place an order", "rules out F-35 purchase"): not "not only", "not the first purchase", "not
#: yet signed" (still wanted), what was not said, nor a negation "but", "instead" or "rather" turns ("is not a lease
#: but an order")
_BOUGHT = r"\b(buy(s|ing)?|bought|purchas\w+|order(ed|ing)?|acquir\w+|procur\w+)\b"
_NOT_BOUGHT = re.compile(rf"\b(not|never|n['’]t)\b(?! (only|the first|the last|the only|yet)\b){NOT_SAID}"
                         rf"(?:(?!\b(?:but|instead|rather|in order)\b)[^.;,]){{0,40}}?{_BOUGHT}"
                         rf"|\brul(?:e|es|ed|ing) out\s+(?:(?!(?:and|but|or)\b)[\w'-]+\s+){{0,3}}?{_BOUGHT}", re.I)


def not_bought(clause: str) -> bool:
    """A purchase the clause says is not made ("Egypt will not purchase more Rafale jets", "is not expected
    to buy the tanks"). A purchase called off ("decided not to buy") is a cancellation: the caller reads
    the clause's status first."""
    return bool(_NOT_BOUGHT.search(clause))


#: what a side said it would do is its word, not a guess ("Germany said it would supply Ukraine with a further
#: IRIS-T system"): "would" there is "will" told in reported speech
_PLEDGED = re.compile(r"\b((said|says|announced|confirmed|pledged|promised|agreed|decided) (that )?(it|they)) would "
                      r"(?=(also )?(supply|deliver|send|provide|give|donate|sell|transfer|lend|buy|purchase|order|"
                      r"acquire)\b)", re.I)


def speculative(sentence: str) -> bool:
    """A sentence that denies a deal, or only guesses ("could turn to", "analysts say", "hoped to showcase")
    and states no signing, order, delivery, approval, offer or cancellation ("suspended talks
    over the purchase of 50 F-35s, citing restrictions on how the jets could be used")."""
    sentence = _PLEDGED.sub(r"\1 will ", sentence)  # "analysts said it would buy" stays a guess
    return denied(sentence) or (bool(_HEDGED.search(sentence)) and not _FIRM.search(sentence)
                                and not _STOPPED.search(sentence))


#: contracts still to be competed for ("opening the way for British firms to bid for contracts there"): none won
_SOUGHT = re.compile(r"\b(bid|bids|bidding|compete|competes|competing|vie|vying|tender|tendering)\s+for\s+"
                     r"(?:(?:new|future|more|further|defence|defense|arms|military|the|such)\s+)*"
                     r"(contracts?|deals?|orders?|agreements?)\b", re.I)


def only_sought(sentence: str) -> bool:
    """A sentence whose only instrument is one still to be bid or competed for."""
    return bool(_SOUGHT.search(sentence)) and not names_instrument(_SOUGHT.sub(" ", sentence))


#: an instrument named only to liken another to it: "the first Latin American country to sign such an agreement"
_ALIKE = re.compile(r"\b(?:such(?:\s+an?)?|another\s+such|this\s+kind\s+of|that\s+kind\s+of)\s+"
                    r"(?:[\w-]+\s+){0,2}?(agreements?|accords?|deals?|pacts?|treat(?:y|ies)|memorand\w+|contracts?)\b",
                    re.I)


def only_alike(sentence: str) -> bool:
    """A sentence whose only instrument is one it names as like another ("such an agreement"): no instrument of
    its own, only the one the article told before, compared ("a similar agreement with Japan" is one of its own)."""
    return bool(_ALIKE.search(sentence)) and not names_instrument(_ALIKE.sub(" ", sentence))
