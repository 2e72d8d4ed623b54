"""Comparators of the scoring spec (§3): when a predicted value counts as the gold one.

Pure: rapidfuzz and the contract's models only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from pydantic import BaseModel

from extractor.contract import Actor, Money, Person

if TYPE_CHECKING:
    from extractor.evals.scoring import ScoringConfig

# A matched person's details, scored as scalar fields under "<field>.<detail>".
PERSON_DETAILS = (("title", "text"), ("organization", "text"), ("country", "exact"))
_NAMED_KINDS = {"company", "organization"}


_LETTERS = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d", "þ": "th"})


def normalise_name(text: str) -> str:
    """Casefold, drop diacritics and punctuation: ``Phạm Minh Chính`` -> ``pham minh chinh``."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


@dataclass(frozen=True)
class Comparators:
    """The spec's comparators; ``strict`` keeps names exact after casefold and dates whole.

    Each returns 1 (match), 0.5 (a date at coarser precision, lenient only) or 0.
    """

    config: ScoringConfig
    strict: bool = False

    def names(self, pred: str, gold: str) -> float:
        if self.strict:
            return float(pred.casefold() == gold.casefold())
        p, g = normalise_name(pred), normalise_name(gold)
        if not p or not g:
            return float(p == g)
        p_tokens, g_tokens = set(p.split()), set(g.split())
        return float(p_tokens <= g_tokens or g_tokens <= p_tokens  # "Shoigu" ~ "Sergei Shoigu"
                     or p.replace(" ", "") == g.replace(" ", "")  # "F16" ~ "F-16"
                     or fuzz.token_set_ratio(p, g) >= self.config.name_similarity)

    def dates(self, pred: str, gold: str) -> float:
        if pred == gold:
            return 1.0
        return 0.5 if not self.strict and (pred.startswith(gold) or gold.startswith(pred)) else 0.0

    def money(self, pred: Money, gold: Money) -> float:
        # 1 % of the gold amount; the tiny factor keeps 1 % itself inside despite float rounding.
        limit = self.config.money_tolerance * gold.amount * (1 + 1e-9)
        return float(pred.currency == gold.currency and abs(pred.amount - gold.amount) <= limit)

    def actors(self, pred: Actor, gold: Actor) -> float:
        if pred.country and gold.country:
            if pred.country != gold.country:
                return 0.0
            if pred.kind in _NAMED_KINDS and gold.kind in _NAMED_KINDS:
                return self.names(pred.name, gold.name)  # "IMI Systems" != "Elbit Systems"
            return 1.0
        return self.names(pred.name, gold.name)

    def parties(self, pred: Actor, gold: Actor) -> float:
        """Alignment key for ``parties``: the country, or the name when a party has none."""
        if pred.country and gold.country:
            return float(pred.country == gold.country)
        return self.names(pred.name, gold.name)

    @staticmethod
    def exact(pred: object, gold: object) -> float:
        return float(pred == gold)

    def for_kind(self, kind: str) -> Callable[..., float]:
        return {"exact": self.exact, "list": self.exact, "date": self.dates, "money": self.money,
                "text": self.names, "actor": self.actors, "actors": self.actors, "people": self.people_names}[kind]

    def people_names(self, pred: Person, gold: Person) -> float:
        return self.names(pred.name, gold.name)

    def preference(self, kind: str) -> Callable[..., float] | None:
        """Among elements that match, prefer the one agreeing on more details."""
        if kind == "people":
            return lambda p, g: sum(similarity(self.for_kind(k), field_value(p, d), field_value(g, d))
                                    for d, k in PERSON_DETAILS) / len(PERSON_DETAILS)
        if kind == "actors":
            return lambda p, g: (self.names(p.name, g.name) + float(p.kind == g.kind)) / 2
        return None




def field_value(model: BaseModel, path: str) -> object:
    value: object = model
    for part in path.split("."):
        value = getattr(value, part)
    return None if isinstance(value, str) and not value.strip() else value


def similarity(compare: Callable[..., float], pred: object, gold: object) -> float:
    if pred is None or gold is None:
        return float(pred is None and gold is None)
    return compare(pred, gold)
