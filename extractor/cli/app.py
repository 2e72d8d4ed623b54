"""The typer app, the one place that turns an ``ExtractorError`` into a line and an exit code,
and the root options (``--version``, ``-v``)."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import TypeVar

import typer

from extractor import __version__
from extractor.errors import ExtractorError, StderrHandler

app = typer.Typer(
    name="extractor",
    help="Typed, validated, source-grounded records of defence agreements, arms transfers and meetings.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., object])

VERBOSE = typer.Option(0, "--verbose", "-v", count=True,
                       help="show the libraries' own log lines (retries, HTTP); -vv for debug detail")


_installed: list[logging.Handler] = []


def configure_logging(verbosity: int) -> None:
    """One error, one line: without ``-v`` the log lines of instructor, openai, httpx and
    llama.cpp (and Python warnings) never reach stderr; ``-v`` shows them, ``-vv`` with debug."""
    root = logging.getLogger()
    while _installed:
        root.removeHandler(_installed.pop())
    handler: logging.Handler
    if verbosity > 0:
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
    else:
        handler = logging.NullHandler()  # keeps logging's last-resort printer away
        root.setLevel(logging.WARNING)
    _installed.append(handler)
    root.addHandler(handler)
    logging.captureWarnings(True)


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


def _version(value: bool) -> None:
    if value:
        print(f"extractor {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    verbose: int = VERBOSE,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="print the version and exit"),
) -> None:
    """Extract defence-cooperation records from news articles."""
    configure_logging(verbose)
