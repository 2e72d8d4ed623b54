"""``extractor eval`` and ``extractor compare``: score runs against gold and put runs side by side.

Thin: running the sets is ``extractor.evals.runner``, reading and writing is
``extractor.evals.runs``, the numbers are ``extractor.evals.scoring`` and
``extractor.evals.compare``; this module parses options and prints tables.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractor.cli import options
from extractor.cli.app import app, user_errors
from extractor.cli.options import backend_options, extract_options
from extractor.errors import ConfigError, InputError, printable
from extractor.evals.compare import Comparison, compare_runs, comparison_markdown
from extractor.evals.runner import ScoredSet, run_model_over_sets, score_predictions
from extractor.evals.runs import load_run
from extractor.evals.scoring import ScoringConfig


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _print_run(console: Console, scored: ScoredSet) -> None:
    set_name, score, folder = scored.name, scored.score, scored.folder
    if score.health.without_prediction:
        print(f"warning: {score.health.without_prediction} of {len(score.articles)} gold articles of eval set "
              f"{printable(set_name)} have no prediction (scored as empty)", file=sys.stderr)
    table = Table(title=f"eval set {escape(set_name)}: {len(score.articles)} articles")
    for column in ("type", "record P", "record R", "record F1", "field P", "field R", "field F1"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for record_type, levels in score.per_type().items():
        r, f = levels["records"], levels["fields"]
        table.add_row(record_type, *(_f(v) for v in (r.precision, r.recall, r.f1, f.precision, f.recall, f.f1)))
    console.print(table)
    console.print(f"headline field F1: {score.headline_f1:.3f} (strict {score.strict_headline_f1:.3f})")
    health = Table(title="pipeline health")
    health.add_column("measure")
    health.add_column("value", justify="right")
    for name, value in score.health.to_dict().items():
        health.add_row(name.replace("_", " "), str(value) if isinstance(value, int) else _f(value))
    console.print(health)
    if score.unscored:
        console.print(f"{len(score.unscored)} predicted articles have no gold in this set and were not scored")
    console.print(f"run saved: {escape(str(folder))}")


@app.command("eval")
@user_errors
def eval_command(
    sets: list[str] = typer.Option(["seeds"], "--set", help="eval set: seeds, contrast, devset or a folder; repeatable"),
    predictions: Optional[Path] = typer.Option(None, "--predictions", help="score this predictions JSONL instead of running a model"),
    out_dir: Path = typer.Option(Path("evals/runs"), "--out-dir", help="where run folders are written"),
    threshold: float = typer.Option(0.5, "--threshold", min=0.0, max=1.0, help="record match threshold"),
    model: str = options.MODEL,
    base_url: str = options.BASE_URL,
    model_path: Path = options.MODEL_PATH,
    structured_output: str = options.STRUCTURED_OUTPUT,
    threads: int = options.THREADS,
    context: int = options.CONTEXT,
    concurrency: int = options.CONCURRENCY,
    drop_ungrounded: bool = options.DROP_UNGROUNDED,
    second_pass: bool = options.SECOND_PASS,
    db: str = options.DB,
    no_cache: bool = options.NO_CACHE,
    quiet: bool = options.QUIET,
    replay: Optional[str] = typer.Option(None, "--replay", metavar="RUN",
                                         help="take the model's answers from this stored run (same prompts): "
                                              "re-scores changes to validation and rules without model calls"),
    live: bool = typer.Option(False, "--live", help="with --replay: send the requests that run never made "
                                                    "(new second-pass calls) to the model"),
) -> None:
    """Run a model over eval sets (or score --predictions), score against gold, save a run folder.

    Sets: seeds (evals/), contrast (evals/contrast), devset (../shared/devset), a folder, or all.
    """
    console = Console(highlight=False)
    config = ScoringConfig(match_threshold=threshold)
    if live and not replay:
        raise ConfigError("--live only goes with --replay RUN")

    def show(scored: ScoredSet) -> None:
        _print_run(console, scored)

    if predictions is None:
        run_model_over_sets(sets, out_dir, config,
                            backend_options(model, base_url, model_path, structured_output, threads, context=context),
                            extract_options(drop_ungrounded, second_pass), show, db=db, use_cache=not no_cache,
                            concurrency=concurrency, quiet=quiet, replay=replay, live=live)
        return
    score_predictions(sets, predictions, out_dir, config, show)


def _print_comparison(console: Console, comparison: Comparison) -> None:
    table = Table(title="runs side by side (Δ against the first)")
    table.add_column("metric")
    for i, name in enumerate(comparison.names):
        table.add_column(escape(name) + (" (baseline)" if i == 0 else " (Δ)"), justify="right")
    for row in comparison.metrics:
        cells = [_f(row.values[0])] + [
            _f(v) if d is None else f"{_f(v)} ({d:+.3f})" for v, d in zip(row.values[1:], row.deltas[1:])]
        table.add_row(row.name, *cells)
    console.print(table)
    for name, interval in zip(comparison.names[1:], comparison.intervals):
        if interval is not None:
            console.print(f"{escape(name)}: headline Δ {interval.delta:+.3f}, {interval.confidence:.0%} interval "
                          f"{escape(f'[{interval.low:+.3f}, {interval.high:+.3f}]')} over {interval.articles} articles")


@app.command("compare")
@user_errors
def compare_command(
    runs: list[Path] = typer.Argument(..., help="run folders; the first is the baseline"),
    markdown: Optional[Path] = typer.Option(None, "--markdown", help="write the Markdown comparison here instead of printing it"),
    samples: int = typer.Option(2000, "--samples", min=1, help="bootstrap resamples"),
    seed: int = typer.Option(0, "--seed", help="bootstrap seed"),
) -> None:
    """Put two or more saved runs side by side, with a bootstrap interval for the headline delta."""
    if len(runs) < 2:
        raise InputError("compare needs two or more run folders")
    saved = [load_run(path) for path in runs]
    base = set(saved[0].score.articles)
    for run in saved[1:]:
        other = set(run.score.articles)
        if other != base:  # the table's headlines are over different articles: say so, not only the interval
            print(f"warning: {printable(run.name)} and {printable(saved[0].name)} cover different articles "
                  f"({len(base & other)} shared of {len(other)} and {len(base)}): the table compares each run "
                  "over its own articles, the interval only the shared ones", file=sys.stderr)
        if run.config.runtime and saved[0].config.runtime and run.config.runtime != saved[0].config.runtime:
            print(f"warning: {printable(run.name)} and {printable(saved[0].name)} were made by different model "
                  f"builds ({printable(run.config.runtime)}; {printable(saved[0].config.runtime)}): greedy answers "
                  "differ between builds, so part of the difference may be the build, not the change", file=sys.stderr)
    config = ScoringConfig(bootstrap_samples=samples, bootstrap_seed=seed)
    comparison = compare_runs([(run.name, run.score) for run in saved], config)
    _print_comparison(Console(highlight=False), comparison)
    text = comparison_markdown(comparison)
    if markdown is None:
        print(text, end="")
        return
    try:
        markdown.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write Markdown: {exc}", source=str(markdown), cause=exc) from exc
    print(f"markdown written: {markdown}")
