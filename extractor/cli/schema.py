"""``extractor schema``: write the contract's JSON Schemas to ``schemas/``."""

from __future__ import annotations

from pathlib import Path

import typer

from extractor.cli.app import app, user_errors
from extractor.contract.schemas import schema_texts
from extractor.errors import StoreError


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (made if missing); a folder that cannot be made or
    written (a file in the way, a read-only place) is a ``StoreError``, as for ``export``."""
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in schema_texts().items():
            path = folder / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except FileExistsError as exc:
        raise StoreError("cannot write the schemas: a file is in the way, name a folder", source=str(folder),
                         cause=exc) from exc
    except OSError as exc:
        raise StoreError(f"cannot write the schemas: {exc.strerror or exc}", source=str(folder), cause=exc) from exc
    return written


@app.command()
@user_errors
def schema(out: Path = typer.Option(Path("schemas"), "--out", "-o", help="folder to write *.schema.json into")) -> None:
    """Write the contract's JSON Schemas (schemas/*.schema.json)."""
    for path in write_schemas(out):
        print(path)
