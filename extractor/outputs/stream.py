"""Result files written as articles finish: an interrupted run keeps every finished article.

JSONL appends one complete line per result and syncs it; JSON rewrites the whole array
to a temporary file and renames it over the old one, so the file is always valid JSON.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TextIO

from extractor.contract import ArticleResult
from extractor.errors import InputError


class ResultWriter:
    """Writes results to a file (or stdout) in ``json`` or ``jsonl`` as they arrive."""

    def __init__(self, out: Path | None, fmt: str, stdout: TextIO | None = None):
        if fmt not in ("json", "jsonl"):
            raise InputError(f"unknown output format {fmt!r}: use json or jsonl")
        self.out = out
        self.fmt = fmt
        self.stdout = stdout
        self.results: list[dict] = []
        if out is not None:
            if out.parent and not out.parent.exists():
                raise InputError("output folder does not exist", source=str(out.parent))
            if fmt == "jsonl":
                out.write_text("", encoding="utf-8")
            else:
                self._replace("[]\n")

    def write(self, result: ArticleResult) -> None:
        data = result.model_dump(mode="json")
        self.results.append(data)
        if self.out is None:
            if self.fmt == "jsonl" and self.stdout is not None:
                self.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
                self.stdout.flush()
            return
        if self.fmt == "jsonl":
            line = json.dumps(data, ensure_ascii=False) + "\n"
            with self.out.open("a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        else:
            self._replace(json.dumps(self.results, ensure_ascii=False, indent=2) + "\n")

    def close(self) -> None:
        if self.out is None and self.fmt == "json" and self.stdout is not None:
            self.stdout.write(json.dumps(self.results, ensure_ascii=False, indent=2) + "\n")

    def _replace(self, text: str) -> None:
        assert self.out is not None
        fd, tmp = tempfile.mkstemp(dir=self.out.parent, prefix=self.out.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
