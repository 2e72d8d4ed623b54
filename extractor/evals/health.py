"""Pipeline health of a run (scoring spec §4): valid share, grounded share, how evidence was
matched, attempts, tokens, time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields

from extractor.contract import ArticleResult


def known_fields(cls: type, data: Mapping) -> dict:
    """The entries of a saved dict that ``cls`` still has, so older run folders keep loading."""
    return {f.name: data[f.name] for f in fields(cls) if f.name in data}


@dataclass
class PipelineHealth:
    """How the pipeline behaved on a run, beside how right it was."""

    articles: int = 0
    #: articles with no result (a predictions file that covers part of a set): scored as empty,
    #: and in none of the shares or means below
    without_prediction: int = 0
    #: of the results present
    schema_valid_share: float = 0.0
    grounded_share: float | None = None
    #: how each evidence span's quote was found (``Evidence.match``), as shares of all spans;
    #: spans written before ``match`` existed count in none of them
    evidence_exact_share: float | None = None
    evidence_normalised_share: float | None = None
    evidence_fuzzy_share: float | None = None
    evidence_reanchored_share: float | None = None
    evidence_not_found_share: float | None = None
    mean_attempts: float | None = None
    prompt_tokens_per_article: float | None = None
    completion_tokens_per_article: float | None = None
    seconds_per_article: float | None = None
    cost_per_article: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> PipelineHealth:
        return cls(**known_fields(cls, data))


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def pipeline_health(results: Mapping[str, ArticleResult | None],
                    prices: tuple[float, float] | None = None) -> PipelineHealth:
    """Aggregate the results' provenance. A missing result (None) is counted apart: the valid share
    and the means are over the results present. ``prices``: USD per million prompt and completion tokens."""
    present = [r for r in results.values() if r is not None]
    records = [record for r in present for record in r.records()]
    prompt = _mean([r.provenance.usage.prompt_tokens for r in present])
    completion = _mean([r.provenance.usage.completion_tokens for r in present])
    cost = None
    if prices is not None and prompt is not None and completion is not None:
        cost = (prompt * prices[0] + completion * prices[1]) / 1e6
    spans = [e for record in records for e in record.evidence]

    def share(match: str | None) -> float | None:
        if not spans:
            return None
        if match is None:
            return sum(e.match is None and e.start is None for e in spans) / len(spans)
        return sum(e.match == match for e in spans) / len(spans)

    return PipelineHealth(
        articles=len(results),
        without_prediction=len(results) - len(present),
        schema_valid_share=sum(r.error is None for r in present) / len(present) if present else 0.0,
        grounded_share=sum(r.grounded for r in records) / len(records) if records else None,
        evidence_exact_share=share("exact"), evidence_normalised_share=share("normalised"),
        evidence_fuzzy_share=share("fuzzy"), evidence_reanchored_share=share("reanchored"),
        evidence_not_found_share=share(None),
        mean_attempts=_mean([r.provenance.attempts for r in present]),
        prompt_tokens_per_article=prompt,
        completion_tokens_per_article=completion,
        seconds_per_article=_mean([r.provenance.duration_s for r in present]),
        cost_per_article=cost,
    )


