"""``extractor schema``: write the contract's JSON Schemas to ``schemas/``."""

from __future__ import annotations

from pathlib import Path

import typer

from extractor.cli.app import app, user_errors
from extractor.schema_export import write_schemas


@app.command()
@user_errors
def schema(out: Path = typer.Option(Path("schemas"), "--out", help="folder to write *.schema.json into")) -> None:
    """Write the contract's JSON Schemas (schemas/*.schema.json)."""
    for path in write_schemas(out):
        print(path)
