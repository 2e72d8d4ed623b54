"""``extractor serve``: the HTTP API (FastAPI on uvicorn) over the run store, with the same
backend options as ``run``."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import typer

from extractor.backends.choice import make_backend
from extractor.cli import options
from extractor.cli.app import VERBOSE, app, configure_logging, user_errors
from extractor.cli.options import backend_options, extract_options
from extractor.errors import ConfigError
from extractor.run.resume import options_record
from extractor.store import Store, default_db_path


def _port_free(host: str, port: int) -> None:
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@app.command()
@user_errors
def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on (0.0.0.0: every interface)"),
    port: int = typer.Option(8000, min=0, max=65535, help="port to listen on"),
    model: str = options.MODEL,
    base_url: str = options.BASE_URL,
    model_path: Path = options.MODEL_PATH,
    structured_output: str = options.STRUCTURED_OUTPUT,
    concurrency: int = options.CONCURRENCY,
    drop_ungrounded: bool = options.DROP_UNGROUNDED,
    second_pass: bool = options.SECOND_PASS,
    threads: int = options.THREADS,
    context: int = options.CONTEXT,
    db: str = options.DB,
    no_cache: bool = options.NO_CACHE,
    max_article_bytes: int = typer.Option(1_000_000, min=1, help="largest article text accepted, in bytes (413 over)"),
    key_requests: int = typer.Option(8, min=1, help="requests one key may have in flight (429 over)"),
    key_jobs: int = typer.Option(4, min=1, help="unfinished jobs one key may have (429 over)"),
    verbose: int = VERBOSE,
) -> None:
    """Serve the HTTP API: /v1/extract, /v1/jobs, /v1/records, /v1/runs, /metrics, /docs."""
    if verbose:
        configure_logging(verbose)
    try:
        from extractor.service import ServiceSettings, create_app, run_server
    except ImportError as exc:
        raise ConfigError(f"the HTTP API needs the serve extra ({exc.name} is missing): "
                          "pip install 'defence-extractor[serve]'") from None
    _port_free(host, port)
    chosen = backend_options(model, base_url, model_path, structured_output, threads, context=context)
    extract = extract_options(drop_ungrounded, second_pass)
    backend = make_backend(chosen)
    settings = ServiceSettings(max_article_bytes=max_article_bytes, key_requests=key_requests, key_jobs=key_jobs,
                               concurrency=concurrency, use_cache=not no_cache)
    Store.open(db).close()  # a store problem is one line here, before the server starts
    application = create_app(db, backend, settings=settings, extract_options=extract,
                             options=options_record(chosen, backend.name, extract))
    print(f"serving {backend.name} model {backend.model} on http://{host}:{port} (API docs at /docs; "
          f"store {db or default_db_path()})", file=sys.stderr, flush=True)
    run_server(application, host, port)
