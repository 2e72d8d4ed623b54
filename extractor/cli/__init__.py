"""Command line: a thin typer layer. Each module registers its commands on ``app``."""

from extractor.cli import run, schema, models  # noqa: F401  (registers commands, in help order)
from extractor.cli import evals  # noqa: F401
from extractor.cli import store  # noqa: F401
from extractor.cli import keys, serve  # noqa: F401
from extractor.cli.app import app


def main() -> None:
    app()
