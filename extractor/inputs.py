"""Articles in: .txt / .md / .html files, folders, .jsonl (one article a line) and stdin.

Every problem with an input raises ``InputError`` naming the input, so a batch can report it
in one line and carry on with the other articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractor.contract import ArticleMeta
from extractor.errors import InputError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True)
class Article:
    """One article's text and what is known about it."""

    id: str
    text: str
    source: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    sha256: str = field(default="")

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", hashlib.sha256(self.text.encode("utf-8")).hexdigest())

    def meta(self) -> ArticleMeta:
        return ArticleMeta(id=self.id, source=self.source, title=self.title, url=self.url, sha256=self.sha256,
                           published=self.published.isoformat() if self.published else None)


@dataclass(frozen=True)
class InputProblem:
    """An input that could not become an article; the batch reports it and goes on."""

    source: str
    error: InputError


def parse_published(value: str | None, source: str) -> dt.date | None:
    """A publication date from an option or a JSONL field: ISO ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"bad publication date {value!r}: expected YYYY-MM-DD", source=source) from None


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not an article (expected .txt, .md, .html or .jsonl text)", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("binary file or not UTF-8 text, cannot read it as an article", source=source) from None


def html_main_text(html: str, source: str) -> tuple[str, str | None]:
    """Main text and title of an HTML page, boilerplate removed (trafilatura)."""
    import lxml_html_clean  # noqa: F401  trafilatura's justext needs it; lxml 6 no longer pulls it in
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    meta = trafilatura.extract_metadata(html)
    if not text:
        raise InputError("no article text found in the HTML page", source=source)
    return text, (meta.title if meta else None)


def _checked(text: str, source: str) -> str:
    if not text.strip():
        raise InputError("empty article", source=source)
    return text


def _article_from_file(path: Path, published: dt.date | None) -> Article:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=source) from None
    text = _decode(data, source)
    title = None
    if path.suffix.lower() in HTML_SUFFIXES:
        text, title = html_main_text(_checked(text, source), source)
    return Article(id=path.stem, text=_checked(text, source), source=source, published=published, title=title)


def _articles_from_jsonl(lines: list[str], source: str, published: dt.date | None) -> Iterator[Article | InputProblem]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise InputError("each line must be a JSON object with 'id' and 'text'", source=where)
            if not row.get("id") or not isinstance(row.get("text"), str):
                raise InputError("each line needs a non-empty 'id' and a 'text' string", source=where)
            yield Article(
                id=str(row["id"]), text=_checked(row["text"], where), source=where,
                published=parse_published(row.get("published"), where) or published,
                title=row.get("title"), url=row.get("url"),
            )
        except json.JSONDecodeError as exc:
            yield InputProblem(where, InputError(f"bad JSON line ({exc.msg})", source=where))
        except InputError as exc:
            yield InputProblem(where, exc)


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)


def read_articles(paths: list[str], published: dt.date | None = None) -> Iterator[Article | InputProblem]:
    """Articles from files, folders (recursively) and ``-`` (stdin), in the order given.

    A path that cannot be read yields an ``InputProblem`` instead of stopping the batch.
    """
    for raw in paths:
        if raw == "-":
            text = sys.stdin.read()
            stripped = text.lstrip()
            if stripped.startswith("{"):
                yield from _articles_from_jsonl(text.splitlines(), "<stdin>", published)
            else:
                try:
                    yield Article(id="stdin", text=_checked(text, "<stdin>"), source="<stdin>", published=published)
                except InputError as exc:
                    yield InputProblem("<stdin>", exc)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _files_under(path)
            if not files:
                yield InputProblem(raw, InputError("folder holds no .txt, .md, .html or .jsonl files", source=raw))
            for file in files:
                yield from _read_file(file, published)
        elif not path.exists():
            yield InputProblem(raw, InputError("no such file or folder", source=raw))
        else:
            yield from _read_file(path, published)


def _read_file(path: Path, published: dt.date | None) -> Iterator[Article | InputProblem]:
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            text = _decode(path.read_bytes(), str(path))
            yield from _articles_from_jsonl(text.splitlines(), str(path), published)
        else:
            yield _article_from_file(path, published)
    except InputError as exc:
        yield InputProblem(str(path), exc)
    except OSError as exc:
        yield InputProblem(str(path), InputError(f"cannot read file: {exc.strerror}", source=str(path)))
