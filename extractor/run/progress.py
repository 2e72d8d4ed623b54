"""Progress on long runs: a bar on a terminal or in a notebook, plain log lines otherwise (CI, pipes)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from extractor.contract import ArticleResult
from extractor.errors import printable


def in_notebook() -> bool:
    """A Jupyter kernel that can show rich's live bar (it needs ipywidgets); elsewhere, plain lines."""
    from importlib.util import find_spec

    from rich.console import Console

    return Console().is_jupyter and find_spec("ipywidgets") is not None


class Progress:
    def __init__(self, total: int | None, stream: TextIO | None = None, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.tokens = 0
        self.started = time.perf_counter()
        self.enabled = enabled
        self._bar = None
        if enabled and (self.stream.isatty() or in_notebook()):
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

            self._bar = Bar(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.fields[rate]}"), transient=True, console=Console(file=self.stream))
            self._task = self._bar.add_task("run", total=total, rate="")
            self._bar.start()

    def advance(self, result: ArticleResult, cached: bool = False) -> None:
        self.done += 1
        if not cached:
            self.tokens += result.provenance.usage.completion_tokens
        elapsed = time.perf_counter() - self.started
        rate = f"{elapsed / self.done:.1f} s/article, {self.tokens / elapsed:.1f} tok/s" if elapsed else ""
        if self._bar is not None:
            self._bar.update(self._task, advance=1, rate=rate)
        elif self.enabled:
            counts = f"{len(result.agreements)}A {len(result.transfers)}T {len(result.meetings)}M"
            where = "cache" if cached else f"{result.provenance.duration_s:.1f}s"
            of = f"/{self.total}" if self.total else ""
            print(f"[{self.done}{of}] {printable(result.article.id)}: {counts} ({where}; {rate})", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
