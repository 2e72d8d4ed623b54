"""The typer app, the one place that turns an ``ExtractorError`` (or a bad option) into a line
and an exit code, and the root options (``--version``, ``-v``)."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from typing import NoReturn, TypeVar

import typer
from typer.core import TyperGroup

try:  # typer 0.26 and later carry their own click
    from typer._click import Context
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover
    from click import Context
    from click.exceptions import NoArgsIsHelpError, UsageError

from extractor import __version__
from extractor.errors import ExtractorError, StderrHandler, printable


@contextlib.contextmanager
def _usage_errors_in_one_line() -> Iterator[None]:
    """A bad option, argument or command name as one line (``error: ...``, exit 2), like every
    other error, instead of click's usage box."""
    try:
        yield
    except NoArgsIsHelpError:
        raise  # bare ``extractor``: the help
    except UsageError as exc:
        message = exc.format_message().replace("Value error, ", "").rstrip(".")
        where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        print(f"error: {printable(message[:1].lower() + message[1:])}{where}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None


class OneLineErrors(TyperGroup):
    """The command group whose parsing (its own options, the command's name, then that command's
    options and arguments) reports a usage error in one line."""

    def make_context(self, *args, **kwargs) -> Context:
        with _usage_errors_in_one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Context):
        with _usage_errors_in_one_line():
            return super().invoke(ctx)


app = typer.Typer(
    name="extractor",
    help="Typed, validated, source-grounded records of defence agreements, arms transfers and meetings.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    cls=OneLineErrors,
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
        except BrokenPipeError:  # the reader of stdout went away (| head): stop as SIGPIPE stops other tools
            _closed_stdout(fn.__name__ in EXTRACTING)
        except SystemExit as exc:  # rich's Console meets a closed pipe with SystemExit(1) (``on_broken_pipe``)
            if exc.code == 1 and isinstance(exc.__context__, BrokenPipeError):
                _closed_stdout(fn.__name__ in EXTRACTING)
            raise

    return wrapper  # type: ignore[return-value]


#: the commands that extract articles, whose finished articles an interruption keeps
EXTRACTING = ("run", "eval_command")


def _closed_stdout(extracting: bool) -> NoReturn:
    _stdout_to_devnull()
    try:
        print("interrupted: standard output was closed" + ("; finished articles were kept" if extracting else ""),
              file=sys.stderr)
    except OSError:
        pass
    raise typer.Exit(141) from None


def _stdout_to_devnull() -> None:
    """Point stdout's descriptor at /dev/null, so that Python's own flush at exit does not fail
    on the closed pipe once more (and print "Exception ignored")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no descriptor (a test runner's stdout)
        pass


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
