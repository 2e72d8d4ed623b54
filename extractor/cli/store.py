"""``extractor runs | records | export | view``: read the run store, write files from it."""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from extractor.cli import options
from extractor.cli.app import app, user_errors
from extractor.contract import country_code, date_filter
from extractor.errors import InputError, printable
from extractor.outputs.export import STDOUT, atomic_write, export_format, record_object, write_records, write_results
from extractor.outputs.paths import check_output_path
from extractor.outputs.review import render_review
from extractor.store import Store, StoredRecord, default_db_path


class RecordType(str, Enum):
    agreements = "agreements"
    transfers = "transfers"
    meetings = "meetings"


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


DB_OPTION = options.DB
RUN_OPTION = typer.Option(None, "--run", help="run id or unique prefix, or a run group (its shards together); "
                                               "default: the latest run")
TYPE_OPTION = typer.Option(None, "--type", help="only this record type")
COUNTRY_OPTION = typer.Option(None, "--country", help="only records naming this country (ISO3 code or name)")
SINCE_OPTION = typer.Option(None, "--since", help="only records dated on or after YYYY[-MM[-DD]]")
UNTIL_OPTION = typer.Option(None, "--until", help="only records dated on or before YYYY[-MM[-DD]]")
JSON_OPTION = typer.Option(False, "--json", help="print JSON instead of a table")


def _open(db: str | None) -> Store:
    return Store.open(db, create=False)


def _chosen(store: Store, run: str | None) -> tuple[list[str], str]:
    """The runs ``--run`` names (a run group's shards, or one run) and how to name them in a line."""
    if run:
        shards = store.group_runs(run)
        if shards:
            return shards, f"run group {run} ({len(shards)} runs)"
    run_id = store.resolve_run(run)
    return [run_id], f"run {run_id}"


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    code = country_code(value)
    if code is None:
        raise InputError(f"--country {value!r} is not a country: use an ISO 3166-1 alpha-3 code such as VNM")
    return code


def _cell(value: object) -> str:
    """Text for a table cell: rich markup and terminal control characters shown as they are."""
    return escape(printable(str(value)))


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _since(value: str | None, option: str = "--since") -> str | None:
    if value is None:
        return None
    parsed = date_filter(value)
    if parsed is None:
        raise InputError(f"{option} {value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return parsed


def _headline(stored: StoredRecord) -> str:
    """What a record is about, in a few words, for the records table."""
    r = stored.record
    if stored.record_type == "transfers":
        return f"{r.system}: {r.supplier.name} → {r.recipient.name}"  # type: ignore[union-attr]
    if stored.record_type == "agreements":
        parties = ", ".join(p.name for p in r.parties)  # type: ignore[union-attr]
        return f"{r.kind} ({parties})" + (f": {r.name}" if r.name else "")  # type: ignore[union-attr]
    return f"{r.kind} ({', '.join(r.countries)})"  # type: ignore[union-attr]


@app.command()
@user_errors
def runs(db: str | None = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List the stored runs, newest first."""
    path = db or default_db_path()
    if not Store.exists(path):
        if as_json:
            _print_json([])
            return
        print(f"no runs yet (no store at {path})")
        return
    with _open(db) as store:
        summaries = store.list_runs()
    if as_json:
        _print_json([{**dataclasses.asdict(s), "usage": s.usage.model_dump()} for s in summaries])
        return
    if not summaries:
        print(f"no runs yet in {path}")
        return
    table = Table(Column("run", no_wrap=True), Column("started", no_wrap=True), "status", "model", "backend",
                  "prompts", "articles", "records", "time", "tokens")
    sharded = any(s.shard for s in summaries)
    if sharded:
        table.add_column("shard of group", no_wrap=True)
    for s in summaries:
        table.add_row(s.id, s.created_at[:16].replace("T", " "), s.status, _cell(s.model or ""), _cell(s.backend or ""),
                      (s.prompt_version or "")[:12],
                      f"{s.done}/{s.planned}" + _unfinished(s.errors, s.partial), str(s.records),
                      "" if s.duration is None else f"{s.duration:.1f}s",
                      f"{s.usage.prompt_tokens}+{s.usage.completion_tokens}",
                      *([f"{s.shard} of {s.run_group}" if s.shard else ""] if sharded else []))
    Console().print(table)


def _unfinished(failed: int, partial: int) -> str:
    said = [f"{partial} partial" if partial else "", f"{failed} failed" if failed else ""]
    return f" ({', '.join(x for x in said if x)})" if failed or partial else ""


@app.command()
@user_errors
def records(
    run: str | None = typer.Option(None, "--run", help="run id or unique prefix, a run group, or 'all'; "
                                                       "default: the latest run"),
    type: RecordType | None = TYPE_OPTION,
    country: str | None = COUNTRY_OPTION,
    since: str | None = SINCE_OPTION,
    until: str | None = UNTIL_OPTION,
    db: str | None = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show stored records in a table, filtered by run, type, country and date."""
    with _open(db) as store:
        run_ids, label = ([None], "all runs") if run == "all" else _chosen(store, run)
        found = [stored for run_id in run_ids
                 for stored in store.query_records(run=run_id, type=type.value if type else None,
                                                   country=_country(country), since=_since(since),
                                                   until=_since(until, "--until"))]
    run_id = run_ids[0] if len(run_ids) == 1 else None
    if as_json:
        _print_json([record_object(stored) for stored in found])
        return
    headers = ["article", "type", "#", "date", "countries", "what", "grounded"]
    table = Table(*(["run"] if run_id is None else []), *headers)
    for stored in found:
        cells = [_cell(stored.article_id), stored.record_type, str(stored.index + 1), _cell(stored.record.date or ""),
                 " ".join(stored.countries), _cell(_headline(stored)), "yes" if stored.record.grounded else "NO"]
        table.add_row(*([stored.run_id] if run_id is None else []), *cells)
    console = Console()
    if found:
        console.print(table)
    console.print(f"{len(found)} records in {label}", highlight=False)


@app.command()
@user_errors
def export(
    out: Path = typer.Option(..., "--out", "-o", help="file to write, or - for stdout (with --format)"),
    format: ExportFormat | None = typer.Option(None, "--format", help="default: from the --out suffix"),
    run: str | None = RUN_OPTION,
    type: RecordType | None = TYPE_OPTION,
    country: str | None = COUNTRY_OPTION,
    since: str | None = SINCE_OPTION,
    until: str | None = UNTIL_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Write a run as json / jsonl (one ArticleResult per article) or csv (one row per record).

    With --type, --country, --since or --until, json and jsonl hold the matching records instead.
    """
    chosen = export_format(out, format.value if format else None)
    filtered = any(x is not None for x in (type, country, since, until))
    said = sys.stderr if str(out) == STDOUT else sys.stdout  # the summary line stays out of the data
    with _open(db) as store:
        if str(out) != STDOUT:
            check_output_path(out, store=store.path)
        run_ids, label = _chosen(store, run)
        if chosen == "csv" or filtered:
            found = [stored for run_id in run_ids
                     for stored in store.query_records(run=run_id, type=type.value if type else None,
                                                       country=_country(country), since=_since(since),
                                                       until=_since(until, "--until"))]
            count = write_records(found, out, chosen, record_types=[type.value] if type else None)
            print(f"wrote {count} records of {label} to {_shown(out)}", file=said)
        else:
            results = [result for run_id in run_ids for result in store.results(run_id)]
            count = write_results(results, out, chosen, run_id=run_ids[0])
            print(f"wrote {count} articles of {label} to {_shown(out)}", file=said)


@app.command()
@user_errors
def view(
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="HTML file to write, or - for stdout"),
    run: str | None = RUN_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Write a self-contained HTML page to review a run: evidence highlighted in each article."""
    with _open(db) as store:
        if str(out) != STDOUT:
            check_output_path(out, store=store.path)
        run_ids, label = _chosen(store, run)
        results = [result for run_id in run_ids for result in store.results(run_id)]
        texts = {article: text for run_id in run_ids for article, text in store.article_texts(run_id).items()}
    page = render_review(results, texts, title=f"Review of {label}")
    atomic_write(out, lambda handle: handle.write(page))
    n_records = sum(len(r.records()) for r in results)
    ungrounded = sum(1 for r in results for rec in r.records() if not rec.grounded)
    missing = sum(1 for r in results if r.article.id not in texts)
    print(f"wrote {_shown(out)}: {len(results)} articles, {n_records} records, {ungrounded} ungrounded"
          + (f", {missing} articles without stored text" if missing else ""),
          file=sys.stderr if str(out) == STDOUT else sys.stdout)


def _shown(out: Path) -> str:
    return "stdout" if str(out) == STDOUT else str(out)
