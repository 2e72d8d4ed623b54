"""json / jsonl / csv writers over article results and stored records.

JSON and JSONL keep the contract's form: one ``ArticleResult`` per article (a JSON array, or
one object a line). Filtered records are written in records mode: one object per record with
where it came from. CSV is always one row per record, every field flattened to text, so it
loads in a spreadsheet or ``pandas.read_csv`` as-is; a cell a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
``'``, as OWASP recommends against CSV injection (plain numbers such as ``-5`` stay as they are).
Every write goes to a temporary file first and replaces the target only when complete.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import tempfile
import types
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Annotated, TextIO, Union, get_args, get_origin

from pydantic import BaseModel

from extractor.contract import RECORD_TYPES, ArticleResult, Record
from extractor.errors import InputError, StoreError
from extractor.store.rows import StoredRecord

FORMATS = ("json", "jsonl", "csv")
#: the ``--out`` that means standard output
STDOUT = "-"
LIST_SEPARATOR = "; "
QUOTE_SEPARATOR = " | "  # quotes often contain "; " themselves
META_COLUMNS = ("run_id", "article_id", "record_type", "record_index")
EVIDENCE_COLUMNS = ("grounded", "evidence_quotes", "evidence_start", "evidence_end", "evidence_spans")
_NOT_FLATTENED = {"evidence", "grounded"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def export_format(path: Path, format: str | None = None) -> str:
    """The format asked for, else the one the file's suffix names."""
    chosen = (format or Path(path).suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise InputError(f"cannot tell the export format of {path}: pass --format {'|'.join(FORMATS)}")
    return chosen


# --- flattening ------------------------------------------------------------------------


def _nested_model(annotation: object) -> tuple[type[BaseModel] | None, bool]:
    """(the model class inside a field's type, whether it is a list) — ``list[Actor]`` is (Actor, True)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _nested_model(get_args(annotation)[0])
    if origin is list:
        return _nested_model(get_args(annotation)[0])[0], True
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                found = _nested_model(arg)
                if found != (None, False):
                    return found
        return None, False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def _field_columns(model: type[BaseModel]) -> list[str]:
    columns = []
    for name, info in model.model_fields.items():
        if name in _NOT_FLATTENED:
            continue
        nested, _ = _nested_model(info.annotation)
        if nested is None:
            columns.append(name)
        else:
            columns.extend(f"{name}_{sub}" for sub in nested.model_fields)
    return columns


def csv_columns(record_types: Iterable[str] = RECORD_TYPES) -> list[str]:
    """Header for the given record types: meta, each type's flattened fields (union, in order), evidence."""
    fields: list[str] = []
    for record_type in record_types:
        fields.extend(c for c in _field_columns(RECORD_TYPES[record_type]) if c not in fields)
    return [*META_COLUMNS, *fields, *EVIDENCE_COLUMNS]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def formula_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs: ``=HYPERLINK(...)`` becomes ``'=HYPERLINK(...)``."""
    if cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def flatten_record(record: Record) -> dict[str, str]:
    """One record as text columns: ``supplier_country``, ``parties_name`` ("a; b"), ``value_amount``..."""
    row: dict[str, str] = {}
    for name, info in type(record).model_fields.items():
        if name in _NOT_FLATTENED:
            continue
        value = getattr(record, name)
        nested, is_list = _nested_model(info.annotation)
        if nested is not None:
            items = value if is_list else [value]
            for sub in nested.model_fields:
                cells = [_cell(getattr(item, sub) if item is not None else None) for item in items]
                row[f"{name}_{sub}"] = LIST_SEPARATOR.join(cells) if is_list else cells[0]
        elif is_list:
            row[name] = LIST_SEPARATOR.join(_cell(v) for v in value)
        else:
            row[name] = _cell(value)
    evidence = record.evidence
    row["grounded"] = _cell(record.grounded)
    row["evidence_quotes"] = QUOTE_SEPARATOR.join(e.quote for e in evidence)
    row["evidence_start"] = _cell(evidence[0].start) if evidence else ""
    row["evidence_end"] = _cell(evidence[0].end) if evidence else ""
    row["evidence_spans"] = LIST_SEPARATOR.join(
        f"{e.start}-{e.end}" if e.start is not None and e.end is not None else "?" for e in evidence)
    return row


def records_of(results: Iterable[ArticleResult], run_id: str = "") -> list[StoredRecord]:
    """Fresh results as records, in article order, for the records writers."""
    return [
        StoredRecord(run_id=run_id, article_id=result.article.id, record_type=record_type, index=index, record=record)
        for result in results
        for record_type in RECORD_TYPES
        for index, record in enumerate(getattr(result, record_type))
    ]


# --- writing ---------------------------------------------------------------------------


def atomic_write(path: Path, write: Callable[[TextIO], None]) -> None:
    """Write UTF-8 text through ``write`` to a temp file beside ``path``, then replace ``path``;
    ``-`` is standard output."""
    if str(path) == STDOUT:
        write(sys.stdout)
        sys.stdout.flush()
        return
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"cannot write: {exc.strerror or exc}", source=str(path), cause=exc) from exc
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def _write_json_lines(items: Sequence[dict], path: Path, format: str) -> None:
    def write(handle: TextIO) -> None:
        if format == "jsonl":
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        else:
            json.dump(list(items), handle, ensure_ascii=False, indent=2)
            handle.write("\n")

    atomic_write(path, write)


def record_object(stored: StoredRecord) -> dict:
    return {"run_id": stored.run_id, "article_id": stored.article_id, "record_type": stored.record_type,
            "index": stored.index, "record": stored.record.model_dump(mode="json")}


def write_records(records: Sequence[StoredRecord], path: Path, format: str,
                  record_types: Iterable[str] | None = None) -> int:
    """Records mode: one object (json/jsonl) or one row (csv) per record; returns how many.

    ``record_types`` fixes the CSV columns (default: every type, so files of different
    filters share one header).
    """
    if format not in FORMATS:
        raise InputError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    if format != "csv":
        _write_json_lines([record_object(r) for r in records], path, format)
        return len(records)
    atomic_write(path, lambda handle: write_csv(handle, records, record_types))
    return len(records)


def write_csv(handle: TextIO, records: Iterable[StoredRecord], record_types: Iterable[str] | None = None, *,
              safe: bool = True) -> None:
    """The CSV table: the header (``csv_columns``), then one flattened row per record; ``safe``
    guards cells against formula injection (off for a DataFrame, which no spreadsheet runs)."""
    writer = csv.DictWriter(handle, fieldnames=csv_columns(record_types or RECORD_TYPES), restval="",
                            extrasaction="raise")
    writer.writeheader()
    for stored in records:
        row = {"run_id": stored.run_id, "article_id": stored.article_id, "record_type": stored.record_type,
               "record_index": str(stored.index), **flatten_record(stored.record)}
        writer.writerow({column: formula_safe(value) if safe else value for column, value in row.items()})


def write_results(results: Sequence[ArticleResult], path: Path, format: str, run_id: str = "") -> int:
    """Contract form: one ``ArticleResult`` per article (json array / jsonl); CSV falls back to
    records mode. Returns the number of articles written (records for CSV)."""
    if format == "csv":
        return write_records(records_of(results, run_id), path, format)
    if format not in FORMATS:
        raise InputError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    _write_json_lines([r.model_dump(mode="json") for r in results], path, format)
    return len(results)
