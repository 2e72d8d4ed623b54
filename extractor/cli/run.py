"""``extractor run``: extract records from articles and write one result per article."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from extractor.backends.choice import BackendOptions, make_backend
from extractor.run.batch import RunReport, execute_run, run_config
from extractor.cli import options
from extractor.cli.app import VERBOSE, app, configure_logging, user_errors
from extractor.cli.options import backend_options, extract_options
from extractor.contract import ArticleResult
from extractor.errors import ConfigError, InputError, ValidationExhausted, printable
from extractor.inputs import DEFAULT_MAX_CHARS, InputProblem, parse_published, read_articles
from extractor.outputs.paths import check_output_path
from extractor.outputs.stream import ResultWriter
from extractor.run.article import Extractor
from extractor.run.progress import Progress
from extractor.run.ray_engine import engine_for, engine_options
from extractor.run.resume import Given, options_record, resumed_options
from extractor.run.shards import group_id, parse_shard, take_shard
from extractor.store import Store, default_db_path


@app.command()
@user_errors
def run(
    paths: list[str] = typer.Argument(None, help="articles: .txt .md .html .jsonl files, folders, or - for stdin"),
    model: str = options.MODEL,
    base_url: str = options.BASE_URL,
    model_path: Path = options.MODEL_PATH,
    structured_output: str = options.STRUCTURED_OUTPUT,
    out: Path = typer.Option(None, "--out", "-o", help="result file, or - for stdout (the default)"),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="json or jsonl"),
    published: str = typer.Option(None, help="publication date YYYY-MM-DD, for relative dates in the text"),
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=0,
                                  help="longest article text accepted, in characters (0: no limit)"),
    concurrency: int = options.CONCURRENCY,
    drop_ungrounded: bool = options.DROP_UNGROUNDED,
    second_pass: bool = options.SECOND_PASS,
    threads: int = options.THREADS,
    context: int = options.CONTEXT,
    db: str = options.DB,
    no_cache: bool = options.NO_CACHE,
    engine: str = typer.Option("local", "--engine", help="local (this process) or ray (Ray actors; the ray extra)"),
    ray_address: str = typer.Option(None, "--ray-address", metavar="ADDR",
                                    help="with --engine ray: join this Ray cluster (default: start a local Ray)"),
    workers: int = typer.Option(None, "--workers", help="with --engine ray: Ray actors, each with its own backend "
                                                        "(default 2)"),
    resume: str = typer.Option(None, "--resume", help="finish an interrupted run (id from `extractor runs`) "
                                                      "with its own model and settings"),
    shard: str = typer.Option(None, "--shard", help="K/N: extract only this process's share K of N of the input "
                                                    "(by article id); N processes share one store"),
    run_group: str = typer.Option(None, "--run-group", help="name the group this run's shards belong to "
                                                            "(default: derived from the input and settings)"),
    quiet: bool = options.QUIET,
    verbose: int = VERBOSE,
) -> None:
    """Extract agreements, arms transfers and meetings from articles."""
    if verbose:
        configure_logging(verbose)
    date = parse_published(published, "--published")
    if not paths and not resume:
        raise InputError("give article files or folders (or - for stdin), or --resume RUN_ID")
    if paths and resume:
        raise ConfigError("--resume finishes the articles the run planned: give no article paths with it")
    if published and resume:
        raise ConfigError("--resume uses the publication dates the run stored: give no --published with it")
    if (shard or run_group) and resume:
        raise ConfigError("--resume finishes that run's own share: give no --shard or --run-group with it")
    if run_group is not None and not run_group.strip():
        raise ConfigError("--run-group needs a name")
    share = parse_shard(shard) if shard is not None else None
    if out is not None and str(out) == "-":  # as for the inputs: - is the standard stream
        out = None
    ray_workers = engine_options(engine, ray_address, workers)
    if out is not None:
        check_output_path(out, inputs=paths or [], store=db or default_db_path())
    writer = ResultWriter(out, fmt, stdout=sys.stdout)
    items = list(read_articles(paths or [], date, max_chars=max_chars))
    articles = [i for i in items if not isinstance(i, InputProblem)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    for problem in problems:
        print(f"error: {problem.error.line()}", file=sys.stderr)
    if not articles and not resume:
        raise typer.Exit(InputError.exit_code)
    with Store.open(db) as store:
        if resume:
            resume = store.resolve_run(resume)
            config = store.run_config(resume)
            given = Given(model, base_url, str(model_path) if model_path else None,
                          None if structured_output == "json_schema" else structured_output,
                          drop_ungrounded or None, None if second_pass else False, context)
            chosen, extract = resumed_options(resume, config, given, threads)
        else:
            chosen = backend_options(model, base_url, model_path, structured_output, threads, context=context)
            extract = extract_options(drop_ungrounded, second_pass)
        backend = make_backend(chosen)
        if resume and config.get("model_digest") and backend.model_digest not in (None, config["model_digest"]):
            raise ConfigError(f"run {resume} was made with another model file (sha256 {config['model_digest']}): "
                              "resume it with that file, or start a new run")
        extractor = Extractor(backend, options=extract)
        if share:  # the group is named after the whole feed, before this shard takes its share
            run_group = run_group or group_id(articles, run_config(extractor))
            articles = take_shard(articles, *share)
        ray_engine = engine_for(ray_workers, ray_address, chosen, backend, str(db or default_db_path()), concurrency)
        progress = Progress(len(articles) or None, enabled=not quiet)

        def finished(result: ArticleResult, cached: bool) -> None:
            writer.write(result)
            progress.advance(result, cached)
            if result.status == "failed":
                print(f"error: {printable(f'{result.article.source}: {result.error}')}", file=sys.stderr)
            elif result.status == "partial":
                failed = ", ".join(result.failed)
                print(f"partial: {printable(f'{result.article.source}: no valid answer for {failed}')}", file=sys.stderr)

        if resume:
            writer.prior = finished_results(store, resume)
        completed = False
        try:
            report = execute_run(extractor, articles, store=store, on_result=finished, concurrency=concurrency,
                                 use_cache=not no_cache, resume_run=resume,
                                 options=options_record(chosen, backend.name, extract), run_group=run_group,
                                 shard=f"{share[0]}/{share[1]}" if share else None, engine=ray_engine)
            completed = True
        finally:
            progress.close()
            writer.close(finished=completed)
    print(closing_line(report, out, store.path), file=sys.stderr)
    raise typer.Exit(exit_code(report, problems))


def finished_results(store: Store, run_id: str) -> list[ArticleResult]:
    """A run's stored results that ``--resume`` will not redo: what its output file starts with."""
    pending = {row["id"] for row in store.pending_article_rows(run_id)}
    return [r for r in store.results(run_id) if r.article.id not in pending]


def closing_line(report: RunReport, out: Path | None, store_path: object) -> str:
    records = sum(len(r.agreements) + len(r.transfers) + len(r.meetings) for r in report.results)
    counts = [f"{report.cached} from the cache" if report.cached else "",
              f"{len(report.partial)} partial" if report.partial else "",
              f"{len(report.failed)} failed" if report.failed else ""]
    counted = "".join(f", {c}" for c in counts if c)
    redo = f" (`extractor run --resume {report.run_id}` asks again what failed)" if report.partial or report.failed else ""
    return (f"wrote {len(report.results)} result(s) with {records} record(s) to {out or 'stdout'} "
            f"in {report.duration_s:.1f}s{counted}; run {report.run_id} (store {store_path}){redo}")


def exit_code(report: RunReport, problems: list[InputProblem]) -> int:
    """0 every article complete; 4 the model never produced a valid answer for any article it was
    asked about; 1 some articles partial or failed, or some inputs unreadable (the rest written)."""
    if report.results and len(report.failed) == len(report.results):
        return ValidationExhausted.exit_code
    return 1 if problems or report.failed or report.partial else 0
