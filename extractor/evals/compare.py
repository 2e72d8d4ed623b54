"""Put saved runs side by side and say whether the headline moved more than chance.

Pure, like the scorer: a comparison is computed from ``RunScore`` objects alone and rendered
as Markdown text for a pull request. The paired bootstrap resamples articles, not fields,
because articles are the unit a new eval set adds; each resample recomputes micro F1 from
summed counts, as the headline itself is computed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from extractor.evals.scoring import FIELDS, Counts, RunScore, ScoringConfig

def _metrics() -> list[tuple[str, Callable[[RunScore], float | None]]]:
    """Name -> how to read it from a run; a health value may be None (unknown for that run)."""
    metrics: list[tuple[str, Callable[[RunScore], float | None]]] = [
        ("field F1 (headline)", lambda r: r.headline_f1),
        ("field F1 strict", lambda r: r.strict_headline_f1),
        ("field precision", lambda r: r.lenient.field_counts().precision),
        ("field recall", lambda r: r.lenient.field_counts().recall),
    ]
    for record_type in FIELDS:
        for level in ("records", "fields"):
            for measure in ("precision", "recall", "f1"):
                metrics.append((f"{record_type} {level} {measure}",
                                lambda r, t=record_type, lv=level, m=measure: getattr(r.per_type()[t][lv], m)))
    for name in ("schema_valid_share", "grounded_share", "evidence_exact_share", "evidence_reanchored_share",
                 "mean_attempts", "prompt_tokens_per_article",
                 "completion_tokens_per_article", "seconds_per_article", "cost_per_article"):
        metrics.append((name.replace("_", " "), lambda r, n=name: getattr(r.health, n)))
    return metrics


@dataclass
class MetricRow:
    """One metric across runs; ``deltas[0]`` is None (the baseline)."""

    name: str
    values: list[float | None]
    deltas: list[float | None]


@dataclass
class ArticleChange:
    article_id: str
    base_f1: float
    other_f1: float

    @property
    def delta(self) -> float:
        return self.other_f1 - self.base_f1


@dataclass
class BootstrapInterval:
    """Observed headline delta (other - base) over shared articles and its percentile interval."""

    delta: float
    low: float
    high: float
    articles: int
    samples: int
    seed: int
    confidence: float


@dataclass
class Comparison:
    names: list[str]
    metrics: list[MetricRow]
    fields: list[MetricRow]
    changes: list[list[ArticleChange]]  # per run after the first
    intervals: list[BootstrapInterval | None]  # per run after the first; None: no shared article

    def to_dict(self) -> dict:
        return {"names": self.names, "metrics": [asdict(m) for m in self.metrics],
                "fields": [asdict(f) for f in self.fields],
                "changes": [[{**asdict(c), "delta": c.delta} for c in run] for run in self.changes],
                "intervals": [asdict(i) if i else None for i in self.intervals]}


def _row(name: str, values: list[float | None]) -> MetricRow:
    base = values[0]
    deltas = [None] + [None if v is None or base is None else v - base for v in values[1:]]
    return MetricRow(name, values, deltas)


def _micro_f1(counts: Sequence[Counts]) -> float:
    return sum(counts, Counts()).f1


def paired_bootstrap(base: RunScore, other: RunScore, samples: int = 2000, seed: int = 0,
                     confidence: float = 0.95) -> BootstrapInterval | None:
    """Resample the shared articles with replacement; the same draw scores both runs (paired)."""
    shared = sorted(set(base.articles) & set(other.articles))
    if not shared:
        return None
    base_counts = [base.articles[a].lenient.field_counts() for a in shared]
    other_counts = [other.articles[a].lenient.field_counts() for a in shared]
    rng = random.Random(seed)
    deltas = []
    for _ in range(samples):
        draw = [rng.randrange(len(shared)) for _ in shared]
        deltas.append(_micro_f1([other_counts[i] for i in draw]) - _micro_f1([base_counts[i] for i in draw]))
    deltas.sort()
    tail = (1 - confidence) / 2
    low = deltas[max(0, math.floor(tail * samples))]
    high = deltas[min(samples - 1, math.ceil((1 - tail) * samples) - 1)]
    return BootstrapInterval(_micro_f1(other_counts) - _micro_f1(base_counts), low, high,
                             len(shared), samples, seed, confidence)


def compare_runs(runs: Sequence[tuple[str, RunScore]], config: ScoringConfig | None = None,
                 top_articles: int = 5) -> Comparison:
    """Every metric with its delta against the first run, per-field F1 deltas, the articles whose
    field F1 moved most, and a bootstrap interval for each run's headline delta."""
    if len(runs) < 2:
        raise ValueError("a comparison needs two or more runs")
    config = config or ScoringConfig()
    names = [name for name, _ in runs]
    scores = [score for _, score in runs]
    metrics = [_row(name, [read(s) for s in scores]) for name, read in _metrics()]
    field_names = list(scores[0].lenient.fields)
    fields = [_row(f, [s.lenient.fields[f].f1 for s in scores]) for f in field_names
              if any(s.lenient.fields[f] != Counts() for s in scores)]
    base = scores[0]
    changes, intervals = [], []
    for other in scores[1:]:
        moved = [ArticleChange(a, base.articles[a].field_f1, other.articles[a].field_f1)
                 for a in sorted(set(base.articles) & set(other.articles))]
        moved.sort(key=lambda c: (-abs(c.delta), c.article_id))
        changes.append([c for c in moved if c.delta][:top_articles])
        intervals.append(paired_bootstrap(base, other, config.bootstrap_samples, config.bootstrap_seed,
                                          config.confidence))
    return Comparison(names, metrics, fields, changes, intervals)


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"


def _signed(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:+.3f}" if abs(value) < 10 else f"{value:+,.1f}"


def _table(header: list[str], rows: list[MetricRow]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [_number(row.values[0])]
        cells += [f"{_number(v)} ({_signed(d)})" if d is not None else _number(v)
                  for v, d in zip(row.values[1:], row.deltas[1:])]
        lines.append(f"| {row.name} | " + " | ".join(cells) + " |")
    return lines


def comparison_markdown(comparison: Comparison) -> str:
    """The comparison as Markdown, ready to paste into a pull request."""
    names = comparison.names
    header = ["metric", f"{names[0]} (baseline)", *(f"{n} (Δ)" for n in names[1:])]
    lines = [f"## Eval comparison: {', '.join(names)}", ""]
    for name, interval in zip(names[1:], comparison.intervals):
        if interval is None:
            lines.append(f"- **{name}**: no article in common with the baseline; no interval.")
            continue
        lines.append(f"- **{name}**: headline field F1 delta {interval.delta:+.3f}, "
                     f"{interval.confidence:.0%} paired bootstrap interval [{interval.low:+.3f}, {interval.high:+.3f}] "
                     f"({interval.articles} articles, {interval.samples} resamples, seed {interval.seed})")
    lines += ["", "### Metrics", "", *_table(header, comparison.metrics)]
    lines += ["", "### Field F1", "", *_table(["field", *header[1:]], comparison.fields)]
    lines += ["", "### Articles that changed most", ""]
    for name, changes in zip(names[1:], comparison.changes):
        lines.append(f"**{name}** vs {names[0]}:" if changes else f"**{name}**: no article's field F1 changed.")
        lines += [f"- `{c.article_id}`: {c.base_f1:.3f} → {c.other_f1:.3f} ({c.delta:+.3f})" for c in changes]
    return "\n".join(lines) + "\n"


def run_markdown(name: str, run: RunScore) -> str:
    """One run's summary as Markdown (a run folder's summary.md)."""
    lines = [f"## Eval run {name}", "",
             f"Headline field F1 **{run.headline_f1:.3f}** (strict {run.strict_headline_f1:.3f}) "
             f"over {len(run.articles)} articles.", "",
             "| type | record P | record R | record F1 | field P | field R | field F1 |",
             "|---|---|---|---|---|---|---|"]
    for record_type, levels in run.per_type().items():
        r, f = levels["records"], levels["fields"]
        lines.append(f"| {record_type} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} "
                     f"| {f.precision:.3f} | {f.recall:.3f} | {f.f1:.3f} |")
    lines += ["", "| field | TP | FP | FN | P | R | F1 |", "|---|---|---|---|---|---|---|"]
    for key, c in run.lenient.fields.items():
        if c != Counts():
            lines.append(f"| {key} | {c.tp:g} | {c.fp:g} | {c.fn:g} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} |")
    lines += ["", "| pipeline health | value |", "|---|---|"]
    lines += [f"| {k.replace('_', ' ')} | {_number(v) if not isinstance(v, int) else v} |"
              for k, v in run.health.to_dict().items()]
    lines += ["", "| article | field F1 | strict field F1 |", "|---|---|---|"]
    lines += [f"| {a.article_id} | {a.field_f1:.3f} | {a.strict_field_f1:.3f} |" for a in run.articles.values()]
    return "\n".join(lines) + "\n"
