"""A transfer's price that another sentence states: "Chile signed for two C-390s ... The deal is valued
at about $290 million"; "his country will pay over 1.6 billion euros for the aircraft". News often gives
the price a sentence after the order; the model answers from the order's sentence and leaves it out.
"""

from __future__ import annotations

import re

from extractor.assembly.amounts import money_in
from extractor.assembly.grounding import sentences
from extractor.assembly.merge import same_name
from extractor.assembly.names import named_in
from extractor.contract import ArmsTransfer, Money

_PRICE_WORDS = re.compile(r"\b(valued|worth|costs?|costing|pay|pays|paying|paid|priced|price tag)\b", re.I)
#: a sentence about another deal than the record's
_ANOTHER = re.compile(r"\b(separate|another|earlier|previous|prior|second|other|also)\b", re.I)
_THE = r"\b(?:the|this|that|its)\s+(?:[\w-]+\s+)?"
#: the deal itself ("the deal", "the contract"), said of the article's one system only
_THE_DEAL = re.compile(_THE + r"(deal|contract|purchase|order|agreement|acquisition|package|sale)\b", re.I)
#: the system by what it is ("the aircraft", "the frigates")
_THE_KIND = {
    "aircraft": r"aircraft|jets|fighters|planes|helicopters|trainers|drones",
    "ships": r"ships|vessels|frigates|corvettes|submarines|boats|warships",
    "armoured_vehicles": r"tanks|vehicles", "artillery": r"howitzers|guns|artillery",
    "missiles": r"missiles", "air_defence": r"systems|batteries|missiles",
}


def _about(t: ArmsTransfer, sentence: str, one_system: bool) -> bool:
    """Whether a sentence speaks of ``t``'s deal: names its system, or "the aircraft" of its kind, or
    "the deal" where the article has one system."""
    if named_in(t.system, sentence):
        return True
    kind = _THE_KIND.get(t.category or "")
    if kind and re.search(_THE + rf"({kind})\b", sentence, re.I):
        return True
    return one_system and bool(_THE_DEAL.search(sentence))


def priced_elsewhere(transfers: list[ArmsTransfer], text: str) -> list[ArmsTransfer]:
    """An order, clearance or offer without a price takes the one amount the other sentences that speak
    of its deal in price words state: only the article's one record of that system that is not a
    delivery, from sentences that name no other system of the article's transfers."""
    deals = [t for t in transfers if t.status != "delivered"]
    systems = [t.system for t in transfers]
    one_system = all(same_name(s, systems[0]) for s in systems)
    out = []
    for t in transfers:
        if t.value is None and t.status != "delivered" and sum(same_name(t.system, o.system) for o in deals) == 1:
            own = {e.quote for e in t.evidence}
            amounts = set()
            for a, b in sentences(text):
                sentence = text[a:b]
                if (sentence in own or not _PRICE_WORDS.search(sentence) or _ANOTHER.search(sentence)
                        or any(not same_name(s, t.system) and named_in(s, sentence) for s in systems)
                        or not _about(t, sentence, one_system)):
                    continue
                money = money_in(sentence)
                if money is not None:
                    amounts.add((money["amount"], money["currency"]))
            if len(amounts) == 1:
                amount, currency = amounts.pop()
                t = t.model_copy(update={"value": Money(amount=amount, currency=currency)})
        out.append(t)
    return out
