"""``extractor run``: extract records from articles and write one result per article."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer

from extractor.backend_choice import BackendOptions, make_backend
from extractor.cli.app import app, user_errors
from extractor.errors import InputError
from extractor.inputs import InputProblem, parse_published, read_articles
from extractor.output import ResultWriter
from extractor.pipeline import ArticleOutcome, ExtractOptions, Extractor
from extractor.progress import Progress

MODEL_HELP = "model name: a local model from `extractor models` (default qwen2.5-coder-1.5b), or the endpoint's model"


@app.command()
@user_errors
def run(
    paths: list[str] = typer.Argument(..., help="articles: .txt .md .html .jsonl files, folders, or - for stdin"),
    model: str = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    base_url: str = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint; without it the embedded model runs"),
    model_path: Path = typer.Option(None, "--model-path", help="any local GGUF file to run instead of a named model"),
    structured_output: str = typer.Option("json_schema", help="how the schema reaches an HTTP server: "
                                          "json_schema | json_object (llama.cpp) | tools | json"),
    out: Path = typer.Option(None, "--out", "-o", help="result file (default: stdout)"),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="json or jsonl"),
    published: str = typer.Option(None, help="publication date YYYY-MM-DD, for relative dates in the text"),
    concurrency: int = typer.Option(4, min=1, help="articles in flight against an HTTP endpoint"),
    drop_ungrounded: bool = typer.Option(False, help="drop records whose evidence is not found in the text"),
    threads: int = typer.Option(None, help="CPU threads for the embedded model (default: all cores)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress output"),
) -> None:
    """Extract agreements, arms transfers and meetings from articles."""
    date = parse_published(published, "--published")
    writer = ResultWriter(out, fmt, stdout=sys.stdout)
    items = list(read_articles(paths, date))
    articles = [i for i in items if not isinstance(i, InputProblem)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    for problem in problems:
        print(f"error: {problem.error.line()}", file=sys.stderr)
    if not articles:
        if problems:  # each already said why in its own line
            raise typer.Exit(InputError.exit_code)
        raise InputError("no article to extract")
    backend = make_backend(BackendOptions(model=model, base_url=base_url,
                                          model_path=str(model_path) if model_path else None,
                                          structured_output=structured_output, threads=threads))
    extractor = Extractor(backend, options=ExtractOptions(drop_ungrounded=drop_ungrounded))
    progress = Progress(len(articles), enabled=not quiet)
    failed: list[str] = []

    def finished(outcome: ArticleOutcome) -> None:
        writer.write(outcome.result)
        progress.advance(outcome.result)
        if outcome.result.error:
            failed.append(outcome.article.id)
            print(f"error: {outcome.article.source}: {outcome.result.error}", file=sys.stderr)

    async def go() -> None:
        try:
            await extractor.extract_many(articles, finished, lambda p: None, concurrency=concurrency)
        finally:
            await backend.aclose()

    try:
        asyncio.run(go())
    finally:
        progress.close()
        writer.close()
    done = len(writer.results)
    records = sum(len(r["agreements"]) + len(r["transfers"]) + len(r["meetings"]) for r in writer.results)
    where = str(out) if out else "stdout"
    print(f"wrote {done} result(s) with {records} record(s) to {where}", file=sys.stderr)
    if problems or failed:
        raise typer.Exit(1)
