"""Running a model over eval sets: the orchestration behind ``extractor eval``.

Chooses the backend (live, or a stored run's answers replayed), extracts every article of
each set through the same run machinery as ``extractor run`` (store, cache, progress), scores
the results against gold and saves a run folder per set. The CLI only parses options and
prints what each finished set hands back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from extractor.backends.base import Backend
from extractor.backends.choice import BackendOptions, make_backend
from extractor.backends.replay import ReplayBackend
from extractor.contract import ArticleResult
from extractor.errors import ConfigError, InputError
from extractor.evals.runs import EvalSet, load_eval_set, read_predictions, run_config, save_run
from extractor.evals.scoring import RunScore, ScoringConfig, score_run
from extractor.inputs import Article, InputProblem, parse_published, read_articles
from extractor.run.article import ExtractOptions, Extractor
from extractor.run.batch import execute_run
from extractor.run.progress import Progress
from extractor.store import Store

ALL_SETS = ("seeds", "contrast", "devset")


@dataclass(frozen=True)
class ScoredSet:
    """One eval set scored and saved."""

    name: str
    score: RunScore
    folder: Path


def eval_sets(names: list[str]) -> list[EvalSet]:
    """The named sets (or folders); ``all`` is every named set."""
    return [load_eval_set(name) for name in (ALL_SETS if names == ["all"] else names)]


def set_articles(eval_set: EvalSet) -> list[Article]:
    """The set's articles with their publication dates, read like ``extractor run`` reads files."""
    articles = []
    for item in eval_set.articles.values():
        if item.path is None:
            continue
        published = parse_published(item.published, str(item.path))
        for article in read_articles([str(item.path)], published):
            if isinstance(article, InputProblem):
                raise article.error
            articles.append(article)
    return articles


def choose_backend(store: Store, backend: BackendOptions, replay: str | None, live: bool) -> Backend:
    """The model named by ``backend``, or with ``replay`` that stored run's answers (and, with
    ``live``, the model for the requests that run never made)."""
    if not replay:
        return make_backend(backend)
    run_id = store.resolve_run(replay)
    calls = store.calls(run_id)
    if not any(c.get("response") is not None and not c.get("error") for c in calls) and store.result_count(run_id):
        source = store.cache_source(run_id)
        maker = f"replay run {source}, which made them" if source else "replay the run that made them (see `extractor runs`)"
        raise ConfigError(f"run {run_id} was served from the cache, so it has no model answers of its own: {maker}")
    return ReplayBackend(run_id, calls, store.run_config(run_id),
                         live=make_backend(backend) if live else None)


def score_and_save(eval_set: EvalSet, results: Mapping[str, ArticleResult | None], source: str | None,
                   out_dir: Path, config: ScoringConfig, runtime: str | None = None) -> ScoredSet:
    score = score_run(results, eval_set.golds, config)
    folder = save_run(out_dir, run_config(results, eval_set.name, source, runtime=runtime), results, score)
    return ScoredSet(eval_set.name, score, folder)


def run_model_over_sets(set_names: list[str], out_dir: Path, config: ScoringConfig, backend: BackendOptions,
                        options: ExtractOptions, on_scored: Callable[[ScoredSet], None], *, db: str | Path | None,
                        use_cache: bool, concurrency: int, quiet: bool, replay: str | None = None,
                        live: bool = False) -> None:
    """Extract every article of each set, then score and save a run per set (handed to
    ``on_scored`` as each set finishes). A replayed run is never served from the cache."""
    sets = eval_sets(set_names)
    with Store.open(db) as store:
        model = choose_backend(store, backend, replay, live)
        if replay:
            use_cache = False
        extractor = Extractor(model, options=options)
        for eval_set in sets:
            articles = set_articles(eval_set)
            progress = Progress(len(articles), enabled=not quiet)
            try:
                report = execute_run(extractor, articles, store=store, concurrency=concurrency,
                                     use_cache=use_cache, on_result=progress.advance)
            finally:
                progress.close()
            results = {r.article.id: r for r in report.results}
            on_scored(score_and_save(eval_set, results, f"store run {report.run_id}", out_dir, config,
                                     runtime=model.runtime()))


def score_predictions(set_names: list[str], predictions: Path, out_dir: Path, config: ScoringConfig,
                      on_scored: Callable[[ScoredSet], None]) -> None:
    """Score a predictions JSONL against each set; every set must have a prediction."""
    sets = [load_eval_set(name) for name in set_names]
    results = read_predictions(predictions)
    for eval_set in sets:
        if not set(results) & set(eval_set.golds):
            raise InputError(f"no prediction is for an article of eval set {eval_set.name}", source=str(predictions))
    for eval_set in sets:
        on_scored(score_and_save(eval_set, results, str(predictions), out_dir, config))
