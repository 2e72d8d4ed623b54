"""Command line: a thin typer layer. Each module registers its commands on ``app``."""

from extractor.cli import schema  # noqa: F401  (registers commands)
from extractor.cli.app import app


def main() -> None:
    app()
