"""Options several commands share (``run``, ``eval``, the store commands): declared once."""

from __future__ import annotations

from pathlib import Path

import typer

from extractor.run.settings import backend_options, extract_options  # noqa: F401  (shared with the Python API)
from extractor.store import DB_ENV

MODEL_HELP = "a local model from `extractor models` (default qwen2.5-coder-1.5b), or the endpoint's model name"

MODEL = typer.Option(None, "--model", "-m", help=MODEL_HELP)
BASE_URL = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint; without it the embedded model runs")
MODEL_PATH = typer.Option(None, "--model-path", help="any local GGUF file to run instead of a named model")
STRUCTURED_OUTPUT = typer.Option("json_schema", help="how the schema reaches an HTTP server: "
                                 "json_schema | json_object (llama.cpp) | tools | json")
CONCURRENCY = typer.Option(4, min=1, help="articles in flight against an HTTP endpoint")
DROP_UNGROUNDED = typer.Option(False, help="drop records whose evidence is not found in the text")
SECOND_PASS = typer.Option(True, help="ask once more for each weapon system the model listed without its transfer "
                                      "(better recall, a few seconds per such system)")
THREADS = typer.Option(None, help="CPU threads for the embedded model (default: all cores)")
CONTEXT = typer.Option(None, "--context", help="the model's context window in tokens, prompt and answer together, "
                       "when it is small (a server started with --n_ctx 4096; the embedded model's: 8192): "
                       "long articles are cut into pieces that fit")
DB = typer.Option(None, "--db", envvar=DB_ENV, show_envvar=True,
                  help="run store: a SQLite file or postgresql://user@host/db; default: extractor.db in the user data directory")
NO_CACHE = typer.Option(False, "--no-cache", help="call the model even when a stored result matches")
QUIET = typer.Option(False, "--quiet", "-q", help="no progress output")

