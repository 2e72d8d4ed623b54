"""Result files written as articles finish: an interrupted run keeps every finished article.

The file is created (atomically: a temporary file renamed over the target) only when the
first result arrives, so a run that fails before finishing any article leaves the old file
as it was. It then grows by one article at a time and is synced after each: JSONL appends a
line; JSON keeps the file a valid array by writing the new item over the closing bracket and
closing it again (no rewrite of what is already there). A resumed run starts the file with
the run's results already in the store, so the file holds every finished article of the run.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from extractor.contract import ArticleResult
from extractor.errors import InputError, StoreError

FORMATS = ("json", "jsonl")
_CLOSE = b"\n]\n"


def _json_item(data: dict) -> bytes:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return ("  " + text.replace("\n", "\n  ")).encode("utf-8")


def _line(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


class ResultWriter:
    """Writes results to a file (or stdout) in ``json`` or ``jsonl`` as they arrive.

    ``prior``: results the file starts with (a resumed run's finished articles).
    """

    def __init__(self, out: Path | None, fmt: str, stdout: TextIO | None = None,
                 prior: Sequence[ArticleResult] = ()):
        if fmt not in FORMATS:
            raise InputError(f"unknown output format {fmt!r}: use json or jsonl")
        if out is not None and out.parent and not out.parent.exists():
            raise InputError("output folder does not exist", source=str(out.parent))
        if out is not None and not out.parent.is_dir():  # found before the model is asked anything
            raise InputError("output folder is a file, not a folder", source=str(out.parent))
        if out is not None and not os.access(out.parent, os.W_OK | os.X_OK):
            raise InputError("output folder is not writable", source=str(out.parent))
        self.out = out
        self.fmt = fmt
        self.stdout = stdout
        self.prior = prior
        self.written = 0
        self._stdout_items: list[dict] = []
        self._handle: BinaryIO | None = None
        self._end = 0  # JSON: where the closing bracket starts
        self._count = 0  # items in the file

    def write(self, result: ArticleResult) -> None:
        data = result.model_dump(mode="json")
        self.written += 1
        if self.out is None:
            self._to_stdout(data)
            return
        if self._handle is None:
            self._start()
        assert self._handle is not None
        try:
            if self.fmt == "jsonl":
                self._handle.seek(0, os.SEEK_END)
                self._handle.write(_line(data))
            else:
                item = (b",\n" if self._count else b"") + _json_item(data)
                self._handle.seek(self._end)
                self._handle.write(item + _CLOSE)
                self._handle.truncate()
                self._end += len(item)
            self._count += 1
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise StoreError(f"cannot write the result file: {exc.strerror or exc}", source=str(self.out)) from exc

    def close(self, *, finished: bool = True) -> None:
        """Close the file; a run that finished without results still gets its (empty or resumed) file."""
        if self.out is None:
            if self.fmt == "json" and self.stdout is not None:
                self.stdout.write(json.dumps(self._stdout_items, ensure_ascii=False, indent=2) + "\n")
            return
        if self._handle is None and finished:
            self._start()
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _to_stdout(self, data: dict) -> None:
        if self.fmt == "json":
            self._stdout_items.append(data)
        elif self.stdout is not None:
            self.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            self.stdout.flush()

    def _start(self) -> None:
        """Replace the target with a file holding ``prior`` (atomically), then keep it open. A
        folder that cannot hold the file (missing, not a folder, read-only) is a ``StoreError``,
        like any failed write: the results stay in the store."""
        assert self.out is not None
        if self.fmt == "jsonl":
            head = b"".join(_line(r.model_dump(mode="json")) for r in self.prior)
            self._end = len(head)
        else:
            head = b"[\n" + b",\n".join(_json_item(r.model_dump(mode="json")) for r in self.prior)
            self._end = len(head)
            head += _CLOSE if self.prior else b"]\n"
        self._count = len(self.prior)
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=self.out.parent, prefix=f".{self.out.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(head)
                handle.flush()
                os.fsync(handle.fileno())
            mode = self.out.stat().st_mode & 0o777 if self.out.exists() else 0o644
            os.chmod(tmp, mode)
            os.replace(tmp, self.out)
            self._handle = self.out.open("r+b")
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise StoreError(f"cannot write the result file: {exc.strerror or exc}", source=str(self.out)) from exc
