"""``extractor run``: extract records from articles and write one result per article."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from extractor.backends.choice import make_backend
from extractor.run.batch import execute_run
from extractor.cli import options
from extractor.cli.app import VERBOSE, app, configure_logging, user_errors
from extractor.cli.options import backend_options, extract_options
from extractor.contract import ArticleResult
from extractor.errors import InputError, printable
from extractor.inputs import DEFAULT_MAX_CHARS, InputProblem, parse_published, read_articles
from extractor.outputs.paths import check_output_path
from extractor.outputs.stream import ResultWriter
from extractor.run.article import Extractor
from extractor.run.progress import Progress
from extractor.store import Store, default_db_path


@app.command()
@user_errors
def run(
    paths: list[str] = typer.Argument(None, help="articles: .txt .md .html .jsonl files, folders, or - for stdin"),
    model: str = options.MODEL,
    base_url: str = options.BASE_URL,
    model_path: Path = options.MODEL_PATH,
    structured_output: str = options.STRUCTURED_OUTPUT,
    out: Path = typer.Option(None, "--out", "-o", help="result file (default: stdout)"),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="json or jsonl"),
    published: str = typer.Option(None, help="publication date YYYY-MM-DD, for relative dates in the text"),
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=0,
                                  help="longest article text accepted, in characters (0: no limit)"),
    concurrency: int = options.CONCURRENCY,
    drop_ungrounded: bool = options.DROP_UNGROUNDED,
    second_pass: bool = options.SECOND_PASS,
    threads: int = options.THREADS,
    db: Path = options.DB,
    no_cache: bool = options.NO_CACHE,
    resume: str = typer.Option(None, "--resume", help="finish an interrupted run (id from `extractor runs`)"),
    quiet: bool = options.QUIET,
    verbose: int = VERBOSE,
) -> None:
    """Extract agreements, arms transfers and meetings from articles."""
    if verbose:
        configure_logging(verbose)
    date = parse_published(published, "--published")
    if not paths and not resume:
        raise InputError("give article files or folders (or - for stdin), or --resume RUN_ID")
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
    backend = make_backend(backend_options(model, base_url, model_path, structured_output, threads))
    extractor = Extractor(backend, options=extract_options(drop_ungrounded, second_pass))
    progress = Progress(len(articles) or None, enabled=not quiet)

    def finished(result: ArticleResult, cached: bool) -> None:
        writer.write(result)
        progress.advance(result, cached)
        if result.error:
            print(f"error: {printable(f'{result.article.source}: {result.error}')}", file=sys.stderr)

    with Store.open(db) as store:
        if resume:
            writer.prior = finished_results(store, store.resolve_run(resume))
        completed = False
        try:
            report = execute_run(extractor, articles, store=store, on_result=finished, concurrency=concurrency,
                                 use_cache=not no_cache, resume_run=resume)
            completed = True
        finally:
            progress.close()
            writer.close(finished=completed)
    records = sum(len(r.agreements) + len(r.transfers) + len(r.meetings) for r in report.results)
    cached = f", {report.cached} from the cache" if report.cached else ""
    print(f"wrote {len(report.results)} result(s) with {records} record(s) to {out or 'stdout'} "
          f"in {report.duration_s:.1f}s{cached}; run {report.run_id} (store {store.path})", file=sys.stderr)
    if problems or report.failed:
        raise typer.Exit(1)


def finished_results(store: Store, run_id: str) -> list[ArticleResult]:
    """A run's stored results that ``--resume`` will not redo: what its output file starts with."""
    pending = {row["id"] for row in store.pending_article_rows(run_id)}
    return [r for r in store.results(run_id) if r.article.id not in pending]
