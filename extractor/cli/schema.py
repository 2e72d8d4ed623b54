"""``extractor schema``: write the contract's JSON Schemas to ``schemas/``."""

from __future__ import annotations

from pathlib import Path

import typer

from extractor.cli.app import app, user_errors
from extractor.contract.schemas import schema_texts


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@app.command()
@user_errors
def schema(out: Path = typer.Option(Path("schemas"), "--out", "-o", help="folder to write *.schema.json into")) -> None:
    """Write the contract's JSON Schemas (schemas/*.schema.json)."""
    for path in write_schemas(out):
        print(path)
