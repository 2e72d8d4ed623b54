"""The typer app and the one place that turns an ``ExtractorError`` into a line and an exit code."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TypeVar

import typer

from extractor.errors import ExtractorError

app = typer.Typer(
    name="extractor",
    help="Typed, validated, source-grounded records of defence agreements, arms transfers and meetings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., object])


def user_errors(fn: F) -> F:
    """Print an ``ExtractorError`` as one line on stderr and exit with its code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ExtractorError as exc:
            print(f"error: {exc.line()}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            print("interrupted: finished articles were kept", file=sys.stderr)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def root() -> None:
    """Extract defence-cooperation records from news articles."""
