"""Score an extraction against gold, rule by rule as ``shared/eval-scoring.md`` writes them.

People compare model versions by these numbers, so each rule lives here once and is pinned by
hand-computed tests: per article and record type, records are aligned one-to-one (weighted key
similarity, Hungarian assignment, a match threshold), then every scored field counts TP, FP
and FN. Pure: pydantic models, rapidfuzz, scipy and the standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property

from pydantic import BaseModel
from scipy.optimize import linear_sum_assignment

from extractor.contract import ArticleRecords, ArticleResult
from extractor.evals.comparators import PERSON_DETAILS, Comparators, field_value as _value, similarity as _similarity
from extractor.evals.health import PipelineHealth, known_fields as _known, pipeline_health

# How each scored field is compared (§2, §3). Scalars count once; "list", "actors" and
# "people" count once per element. summary, evidence and grounded are not scored.
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "agreements": (("name", "text"), ("kind", "exact"), ("parties", "actors"), ("signatories", "people"),
                   ("date", "date"), ("status", "exact"), ("areas", "list")),
    "transfers": (("supplier", "actor"), ("recipient", "actor"), ("system", "text"), ("category", "exact"),
                  ("quantity", "exact"), ("value", "money"), ("status", "exact"), ("date", "date")),
    "meetings": (("participants", "people"), ("countries", "list"), ("kind", "exact"), ("status", "exact"),
                 ("date", "date"), ("location.city", "text"), ("location.country", "exact"), ("topics", "list")),
}
_LISTS = {"list", "actors", "people"}
# Weight of the all-fields similarity in an assignment score: small enough to only break ties.
_TIE = 1e-6


def field_keys() -> list[str]:
    """Every key a field count is reported under, e.g. ``agreements.signatories.title``."""
    keys = []
    for record_type, specs in FIELDS.items():
        for name, kind in specs:
            keys.append(f"{record_type}.{name}")
            if kind == "people":
                keys += [f"{record_type}.{name}.{detail}" for detail, _ in PERSON_DETAILS]
    return keys


def _default_weights() -> dict[str, dict[str, float]]:
    # A record is mostly who and what: parties and the system weigh double.
    return {
        "agreements": {"parties": 2.0, "kind": 1.0, "date": 1.0},
        "transfers": {"system": 2.0, "supplier": 1.0, "recipient": 1.0, "category": 1.0},
        "meetings": {"countries": 1.0, "participants": 1.0, "date": 1.0},
    }


@dataclass(frozen=True)
class ScoringConfig:
    """Every number the scores depend on, in one place, saved with each run."""

    match_threshold: float = 0.5
    weights: Mapping[str, Mapping[str, float]] = field(default_factory=_default_weights)
    name_similarity: float = 85.0  # rapidfuzz token_set_ratio, 0-100
    money_tolerance: float = 0.01
    bootstrap_samples: int = 2000
    bootstrap_seed: int = 0
    confidence: float = 0.95

    def __post_init__(self) -> None:
        for record_type, weights in self.weights.items():
            unknown = set(weights) - {name for name, _ in FIELDS[record_type]}
            if unknown:
                raise ValueError(f"weights for {record_type} name fields it does not have: {sorted(unknown)}")

    def to_dict(self) -> dict:
        return {**asdict(self), "weights": {t: dict(w) for t, w in self.weights.items()}}

    @classmethod
    def from_dict(cls, data: Mapping) -> ScoringConfig:
        return cls(**_known(cls, data))


@dataclass
class Counts:
    """TP, FP and FN; floats because a partial date counts halves."""

    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    def add(self, tp: float = 0.0, fp: float = 0.0, fn: float = 0.0) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def _rate(self, denominator: float) -> float:
        # Nothing to find and nothing found is perfect; otherwise an empty denominator is 0.
        if denominator:
            return self.tp / denominator
        return 1.0 if self.fp == self.fn == 0 else 0.0

    @property
    def precision(self) -> float:
        return self._rate(self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._rate(self.tp + self.fn)

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 1.0

    def to_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}

    @classmethod
    def from_dict(cls, data: Mapping[str, float]) -> Counts:
        return cls(data["tp"], data["fp"], data["fn"])


def _assign(scores: list[list[float]]) -> list[tuple[int, int]]:
    """The one-to-one pairing with the largest total score (Hungarian)."""
    if not scores or not scores[0]:
        return []
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols)]


def _pair_elements(preds: Sequence, golds: Sequence, compare: Callable[..., float],
                   prefer: Callable[..., float] | None = None) -> list[tuple[int, int]]:
    """List elements matched one-to-one with the field's comparator."""
    base = [[compare(p, g) for g in golds] for p in preds]
    scores = [[s + (_TIE * prefer(p, g) if prefer and s else 0.0) for s, g in zip(row, golds)]
              for row, p in zip(base, preds)]
    return [(i, j) for i, j in _assign(scores) if base[i][j] >= 1.0]


# --- counting (§2) ----------------------------------------------------------------------


def _count_scalar(counts: Counts, pred: object, gold: object, compare: Callable[..., float]) -> None:
    if pred is None and gold is None:
        return
    score = 0.0 if pred is None or gold is None else compare(pred, gold)
    counts.add(tp=score, fp=1 - score if pred is not None else 0.0, fn=1 - score if gold is not None else 0.0)


def score_pair(record_type: str, pred: BaseModel, gold: BaseModel, cmp: Comparators) -> dict[str, Counts]:
    """Field counts of a matched predicted and gold record."""
    counts = {}
    for name, kind in FIELDS[record_type]:
        key = f"{record_type}.{name}"
        p, g = _value(pred, name), _value(gold, name)
        here = counts.setdefault(key, Counts())
        if kind not in _LISTS:
            _count_scalar(here, p, g, cmp.for_kind(kind))
            continue
        pairs = _pair_elements(p, g, cmp.for_kind(kind), cmp.preference(kind))
        here.add(tp=len(pairs), fp=len(p) - len(pairs), fn=len(g) - len(pairs))
        if kind == "people":  # the name counted above; a matched person's details count as scalars
            for i, j in pairs:
                for detail, detail_kind in PERSON_DETAILS:
                    _count_scalar(counts.setdefault(f"{key}.{detail}", Counts()),
                                  _value(p[i], detail), _value(g[j], detail), cmp.for_kind(detail_kind))
    return counts


def count_unmatched(record_type: str, record: BaseModel, side: str) -> dict[str, Counts]:
    """An unmatched record: each filled field once as FP (side "fp") or FN ("fn"), lists per element."""
    counts = {}
    for name, kind in FIELDS[record_type]:
        value = _value(record, name)
        n = len(value) if kind in _LISTS else int(value is not None)
        counts[f"{record_type}.{name}"] = Counts(fp=n) if side == "fp" else Counts(fn=n)
    return counts


# --- alignment (§1) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A predicted record (index in the prediction) aligned with a gold record (index in gold)."""

    record_type: str
    pred: int
    gold: int
    similarity: float


def key_similarity(record_type: str, pred: BaseModel, gold: BaseModel, cmp: Comparators) -> float:
    """Weighted mean of the key fields' similarities; list fields give their Dice overlap."""
    weights = cmp.config.weights[record_type]
    kinds = dict(FIELDS[record_type])
    score = 0.0
    for name, weight in weights.items():
        p, g = _value(pred, name), _value(gold, name)
        if kinds[name] in _LISTS:
            compare = cmp.parties if name == "parties" else cmp.for_kind(kinds[name])
            matched = len(_pair_elements(p, g, compare))
            similarity = 2 * matched / (len(p) + len(g)) if p or g else 1.0
        else:
            similarity = _similarity(cmp.for_kind(kinds[name]), p, g)
        score += weight * similarity
    weight_sum = sum(weights.values())
    return score / weight_sum if weight_sum else 0.0


def _align(record_type: str, preds: Sequence[BaseModel], golds: Sequence[BaseModel],
           cmp: Comparators) -> list[tuple[Match, dict[str, Counts]]]:
    """Matched pairs with their field counts. Pairs below the threshold score 0 before solving,
    so a pair that cannot match never displaces one that can; ties on the key fields go to the
    pair agreeing on more of all scored fields."""
    threshold = cmp.config.match_threshold
    keys = [[key_similarity(record_type, p, g, cmp) for g in golds] for p in preds]
    pair_counts = {(i, j): score_pair(record_type, preds[i], golds[j], cmp)
                   for i, row in enumerate(keys) for j, k in enumerate(row) if k >= threshold}
    scores = [[k + _TIE * sum(pair_counts[i, j].values(), Counts()).f1 if (i, j) in pair_counts else 0.0
               for j, k in enumerate(row)] for i, row in enumerate(keys)]
    return [(Match(record_type, i, j, keys[i][j]), pair_counts[i, j])
            for i, j in _assign(scores) if (i, j) in pair_counts]


# --- results ----------------------------------------------------------------------------


@dataclass
class Tally:
    """Record counts per type and field counts per field, under one comparator mode."""

    records: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in FIELDS})
    fields: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in field_keys()})

    def merge(self, field_counts: Mapping[str, Counts]) -> None:
        for key, c in field_counts.items():
            self.fields[key].add(c.tp, c.fp, c.fn)

    def __add__(self, other: Tally) -> Tally:
        return Tally({t: c + other.records[t] for t, c in self.records.items()},
                     {k: c + other.fields[k] for k, c in self.fields.items()})

    def field_counts(self, record_type: str | None = None) -> Counts:
        """Field counts summed over one record type, or over all of them (the headline)."""
        return sum((c for k, c in self.fields.items() if record_type is None or k.startswith(record_type + ".")), Counts())

    def to_dict(self) -> dict:
        return {"records": {t: c.to_dict() for t, c in self.records.items()},
                "fields": {k: c.to_dict() for k, c in self.fields.items()}}

    @classmethod
    def from_dict(cls, data: Mapping) -> Tally:
        tally = cls()
        tally.records.update({t: Counts.from_dict(c) for t, c in data["records"].items()})
        tally.fields.update({k: Counts.from_dict(c) for k, c in data["fields"].items()})
        return tally


def _tally(pred: ArticleRecords, gold: ArticleRecords, cmp: Comparators) -> tuple[Tally, list[Match]]:
    tally, matches = Tally(), []
    for record_type in FIELDS:
        preds, golds = getattr(pred, record_type), getattr(gold, record_type)
        aligned = _align(record_type, preds, golds, cmp)
        tally.records[record_type].add(tp=len(aligned), fp=len(preds) - len(aligned), fn=len(golds) - len(aligned))
        for match, counts in aligned:
            matches.append(match)
            tally.merge(counts)
        matched_preds, matched_golds = {m.pred for m, _ in aligned}, {m.gold for m, _ in aligned}
        for i, record in enumerate(preds):
            if i not in matched_preds:
                tally.merge(count_unmatched(record_type, record, "fp"))
        for j, record in enumerate(golds):
            if j not in matched_golds:
                tally.merge(count_unmatched(record_type, record, "fn"))
    return tally, matches


@dataclass
class ArticleScore:
    """One article's counts, lenient (the headline) and strict, and how its records aligned."""

    article_id: str
    lenient: Tally
    strict: Tally
    matches: list[Match] = field(default_factory=list)
    predicted: bool = True

    @property
    def field_f1(self) -> float:
        return self.lenient.field_counts().f1

    @property
    def strict_field_f1(self) -> float:
        return self.strict.field_counts().f1

    def to_dict(self) -> dict:
        return {"article_id": self.article_id, "predicted": self.predicted, "field_f1": self.field_f1,
                "strict_field_f1": self.strict_field_f1, "lenient": self.lenient.to_dict(),
                "strict": self.strict.to_dict(), "matches": [asdict(m) for m in self.matches]}

    @classmethod
    def from_dict(cls, data: Mapping) -> ArticleScore:
        return cls(data["article_id"], Tally.from_dict(data["lenient"]), Tally.from_dict(data["strict"]),
                   [Match(**m) for m in data.get("matches", [])], data.get("predicted", True))


def score_article(pred: ArticleRecords, gold: ArticleRecords, config: ScoringConfig | None = None) -> ArticleScore:
    """Align one article's predicted records with its gold and count records and fields."""
    config = config or ScoringConfig()
    lenient, matches = _tally(pred, gold, Comparators(config))
    strict, _ = _tally(pred, gold, Comparators(config, strict=True))
    return ArticleScore(gold.article.id, lenient, strict, matches)


@dataclass
class RunScore:
    """A run's article scores and health; the summed numbers are derived, never stored twice."""

    articles: dict[str, ArticleScore]
    health: PipelineHealth = field(default_factory=PipelineHealth)
    config: ScoringConfig = field(default_factory=ScoringConfig)
    unscored: list[str] = field(default_factory=list)  # predicted article ids with no gold

    @cached_property
    def lenient(self) -> Tally:
        return sum((a.lenient for a in self.articles.values()), Tally())

    @cached_property
    def strict(self) -> Tally:
        return sum((a.strict for a in self.articles.values()), Tally())

    @property
    def headline_f1(self) -> float:
        """Field F1 over all record types, lenient: the number a run is judged by."""
        return self.lenient.field_counts().f1

    @property
    def strict_headline_f1(self) -> float:
        return self.strict.field_counts().f1

    def per_type(self, strict: bool = False) -> dict[str, dict[str, Counts]]:
        tally = self.strict if strict else self.lenient
        return {t: {"records": tally.records[t], "fields": tally.field_counts(t)} for t in FIELDS}

    def per_article_f1(self) -> dict[str, float]:
        return {article_id: a.field_f1 for article_id, a in self.articles.items()}

    def to_dict(self) -> dict:
        """The summary: headline, per type, per field, per article F1, health, config."""
        def types(strict: bool) -> dict:
            return {t: {k: c.to_dict() for k, c in v.items()} for t, v in self.per_type(strict).items()}
        return {
            "headline": {"field_f1": self.headline_f1, "strict_field_f1": self.strict_headline_f1,
                         "articles": len(self.articles)},
            "types": types(False), "strict_types": types(True),
            "fields": {k: c.to_dict() for k, c in self.lenient.fields.items()},
            "strict_fields": {k: c.to_dict() for k, c in self.strict.fields.items()},
            "articles": self.per_article_f1(),
            "health": self.health.to_dict(), "config": self.config.to_dict(), "unscored": self.unscored,
        }

    @classmethod
    def from_dicts(cls, summary: Mapping, per_article: Mapping[str, Mapping]) -> RunScore:
        """Rebuild a saved run from its summary and per-article counts."""
        return cls({k: ArticleScore.from_dict(v) for k, v in per_article.items()},
                   PipelineHealth.from_dict(summary.get("health", {})),
                   ScoringConfig.from_dict(summary.get("config", {})), list(summary.get("unscored", [])))


def score_run(preds: Mapping[str, ArticleResult | None], golds: Mapping[str, ArticleRecords],
              config: ScoringConfig | None = None, prices: tuple[float, float] | None = None) -> RunScore:
    """Score every gold article; a missing prediction leaves all its gold records FN."""
    config = config or ScoringConfig()
    articles = {}
    for article_id, gold in golds.items():
        pred = preds.get(article_id)
        scored = score_article(pred if pred is not None else ArticleRecords(article=gold.article), gold, config)
        scored.article_id, scored.predicted = article_id, pred is not None
        articles[article_id] = scored
    health = pipeline_health({article_id: preds.get(article_id) for article_id in golds}, prices)
    return RunScore(articles, health, config, sorted(set(preds) - set(golds)))
