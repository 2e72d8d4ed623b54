"""Articles in: .txt / .md / .html files, folders, .jsonl (one article a line) and stdin.

Every problem with an input raises ``InputError`` naming the input, so a batch can report it
in one line and carry on with the other articles. Ids are unique within a run: a file's id
is its name without the suffix, or, where two files share a name, its path relative to the
folder given (``a/index``); a JSONL line that repeats an id is a problem for that line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
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
#: longest article text accepted by default (characters); ``--max-chars`` changes it, 0 lifts it
DEFAULT_MAX_CHARS = 1_000_000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_OPTIONAL_TEXT_FIELDS = ("title", "url", "published")


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
    """A publication date from an option or a JSONL field: ISO ``YYYY-MM-DD`` (a time after it is ignored)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"bad publication date {value!r}: expected YYYY-MM-DD", source=source) from None


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not an article (expected .txt, .md, .html or .jsonl text)", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("binary file or not UTF-8 text, cannot read it as an article", source=source) from None


def _jsonl_lines(data: bytes, source: str) -> list[str]:
    """A JSONL feed's lines. Bytes that are not UTF-8 stay in their line as lone surrogates
    (``surrogateescape``), so that line alone is a problem (``_utf8_line``); a feed that is
    binary as a whole (a NUL byte, or most of its lines not UTF-8) is refused like a binary file."""
    try:
        return _decode(data, source).splitlines()
    except InputError:
        lines = data.decode("utf-8-sig", "surrogateescape").splitlines()
        undecodable = sum(_not_utf8(line) is not None for line in lines)
        if b"\x00" in data[:8192] or undecodable * 2 > sum(bool(line.strip()) for line in lines):
            raise
        return lines


def _unencodable_at(value: str) -> int | None:
    """Where ``value`` first holds a character UTF-8 cannot encode (a lone surrogate), or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _not_utf8(line: str) -> tuple[int, int] | None:
    """The first byte ``surrogateescape`` kept in ``line`` (it is not UTF-8) and where, or None."""
    at = _unencodable_at(line)
    return None if at is None else (ord(line[at]) - 0xDC00, at + 1)


def _utf8_line(line: str, where: str) -> str:
    bad = _not_utf8(line)
    if bad is not None:
        raise InputError(f"not UTF-8 text (byte 0x{bad[0]:02x} at character {bad[1]}), cannot read the line",
                         source=where)
    return line


def html_main_text(html: str, source: str) -> tuple[str, str | None]:
    """Main text and title of an HTML page, boilerplate removed (trafilatura)."""
    import lxml_html_clean  # noqa: F401  trafilatura's justext needs it; lxml 6 no longer pulls it in
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    meta = trafilatura.extract_metadata(html)
    if not text:
        raise InputError("no article text found in the HTML page", source=source)
    return text, (meta.title if meta else None)


def _checked(text: str, source: str, max_chars: int) -> str:
    if not text.strip():
        raise InputError("empty article", source=source)
    if max_chars and len(text) > max_chars:
        raise InputError(f"article too long: {len(text):,} characters, over the limit of {max_chars:,} "
                         "(--max-chars to change it)", source=source)
    return text


def _article_from_file(path: Path, article_id: str, published: dt.date | None, max_chars: int) -> Article:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=source) from None
    text = _decode(data, source)
    title = None
    if path.suffix.lower() in HTML_SUFFIXES:
        text, title = html_main_text(_checked(text, source, 0), source)
    return Article(id=article_id, text=_checked(text, source, max_chars), source=source, published=published, title=title)


def invalid_character(value: str) -> str | None:
    """What makes ``value`` not UTF-8 (``"an invalid character ('\\ud800' at 7, a lone surrogate)"``), or None."""
    at = _unencodable_at(value)
    return None if at is None else f"an invalid character ({value[at]!r} at {at}, a lone surrogate)"


def _valid_unicode(value: str, name: str, where: str) -> str:
    problem = invalid_character(value)
    if problem is not None:
        raise InputError(f"'{name}' holds {problem}", source=where)
    return value


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)


def article_from_row(row: object, where: str, published: dt.date | None, max_chars: int) -> Article:
    if not isinstance(row, dict):
        raise InputError("each line must be a JSON object with 'id' and 'text'", source=where)
    raw_id, text = row.get("id"), row.get("text")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if not isinstance(raw_id, str) or not raw_id.strip() or not isinstance(text, str):
        raise InputError("each line needs a non-empty 'id' and a 'text' string", source=where)
    fields: dict[str, str | None] = {}
    for name in _OPTIONAL_TEXT_FIELDS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(f"'{name}' must be a string, not {_kind(value)}", source=where)
        fields[name] = None if value is None else _valid_unicode(value, name, where)
    return Article(
        id=_valid_unicode(raw_id, "id", where), text=_checked(_valid_unicode(text, "text", where), where, max_chars),
        source=where, published=parse_published(fields["published"], where) or published,
        title=fields["title"], url=fields["url"],
    )


def _articles_from_jsonl(lines: list[str], source: str, published: dt.date | None, max_chars: int,
                         ids: dict[str, str]) -> Iterator[Article | InputProblem]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            article = article_from_row(json.loads(_utf8_line(line, where)), where, published, max_chars)
            if article.id in ids:
                raise InputError(f"duplicate id {article.id!r} (already used by {ids[article.id]}): "
                                 "ids must be unique within a run", source=where)
            ids[article.id] = where
            yield article
        except json.JSONDecodeError as exc:
            yield InputProblem(where, InputError(f"bad JSON line ({exc.msg})", source=where))
        except InputError as exc:
            yield InputProblem(where, exc)


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)


@dataclass
class _Entry:
    """One thing to read: a file (with the folder it was found in), stdin, or a problem already."""

    path: Path | None = None
    root: Path | None = None
    problem: InputProblem | None = None
    id: str | None = None

    def id_candidates(self) -> list[str]:
        """Ids from shortest to longest: the name, the path inside its folder, the path as given."""
        if self.path is None:
            return ["stdin"] * 3
        inside = self.path.relative_to(self.root) if self.root else Path(self.path.name)
        return [self.path.stem, inside.with_suffix("").as_posix(), self.path.with_suffix("").as_posix()]


def _entries(paths: list[str]) -> Iterator[_Entry]:
    for raw in paths:
        if raw == "-":
            yield _Entry()
            continue
        path = Path(raw)
        if path.is_dir():
            files = _files_under(path)
            if not files:
                yield _Entry(problem=InputProblem(raw, InputError(
                    "folder holds no .txt, .md, .html or .jsonl files", source=raw)))
            for file in files:
                yield _Entry(file, path)
        elif not path.exists():
            yield _Entry(problem=InputProblem(raw, InputError("no such file or folder", source=raw)))
        else:
            yield _Entry(path)


def _assign_ids(entries: list[_Entry]) -> None:
    """Each article file gets the shortest of its id candidates that no other file shares."""
    named = [e for e in entries if e.problem is None and (e.path is None or e.path.suffix.lower() not in JSONL_SUFFIXES)]
    level = [0] * len(named)
    while True:
        by_id: dict[str, list[int]] = {}
        for n, entry in enumerate(named):
            by_id.setdefault(entry.id_candidates()[level[n]], []).append(n)
        bumped = False
        for group in by_id.values():
            for n in group if len(group) > 1 else ():
                if level[n] < 2:
                    level[n] += 1
                    bumped = True
        if not bumped:
            break
    seen: set[str] = set()
    for n, entry in enumerate(named):
        candidate = entry.id_candidates()[level[n]]
        if candidate in seen:  # the same file given twice
            source = str(entry.path) if entry.path else "<stdin>"
            entry.problem = InputProblem(source, InputError("given twice: read once already", source=source))
        else:
            entry.id = candidate
            seen.add(candidate)


def read_articles(paths: list[str], published: dt.date | None = None, *,
                  max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | InputProblem]:
    """Articles from files, folders (recursively) and ``-`` (stdin), in the order given.

    A path, line or article that cannot be read yields an ``InputProblem`` instead of
    stopping the batch; a JSONL line that is not UTF-8 is a problem for that line only. Texts
    over ``max_chars`` characters are problems too (0: no limit). Stdin is read as bytes and
    decoded like a file.
    """
    entries = list(_entries(paths))
    _assign_ids(entries)
    ids: dict[str, str] = {e.id: str(e.path or "<stdin>") for e in entries if e.id is not None}
    for entry in entries:
        if entry.problem is not None:
            yield entry.problem
        elif entry.path is None:
            yield from _read_stdin(entry, published, max_chars, ids)
        else:
            yield from _read_file(entry, published, max_chars, ids)


def _stdin_bytes() -> bytes:
    """Stdin's bytes, so that it decodes as a file does (a text stream, a test's, is encoded back)."""
    buffer = getattr(sys.stdin, "buffer", None)
    return buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8", "surrogateescape")


def _read_stdin(entry: _Entry, published: dt.date | None, max_chars: int,
                ids: dict[str, str]) -> Iterator[Article | InputProblem]:
    data = _stdin_bytes()
    try:
        if data.decode("utf-8-sig", "surrogateescape").lstrip().startswith("{"):
            ids.pop("stdin", None)
            yield from _articles_from_jsonl(_jsonl_lines(data, "<stdin>"), "<stdin>", published, max_chars, ids)
            return
        text = _decode(data, "<stdin>")
        yield Article(id=entry.id or "stdin", text=_checked(text, "<stdin>", max_chars), source="<stdin>",
                      published=published)
    except InputError as exc:
        yield InputProblem("<stdin>", exc)


def _read_file(entry: _Entry, published: dt.date | None, max_chars: int,
               ids: dict[str, str]) -> Iterator[Article | InputProblem]:
    path = entry.path
    assert path is not None
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            lines = _jsonl_lines(path.read_bytes(), str(path))
            yield from _articles_from_jsonl(lines, str(path), published, max_chars, ids)
        else:
            yield _article_from_file(path, entry.id or path.stem, published, max_chars)
    except InputError as exc:
        yield InputProblem(str(path), exc)
    except OSError as exc:
        yield InputProblem(str(path), InputError(f"cannot read file: {exc.strerror}", source=str(path)))
