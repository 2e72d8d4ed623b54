"""The FastAPI app: ``create_app`` over a run store and a backend, with its routes, error
answers (``{"error": "one line"}``), request log, metrics and the job workers' lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.exceptions import HTTPException

from extractor import __version__
from extractor.backends.base import Backend
from extractor.errors import BackendError, ExtractorError, InputError, StoreError
from extractor.run.article import ExtractOptions, Extractor
from extractor.service import routes, store_routes
from extractor.service.jobs import IdTaken, Service
from extractor.service.logs import RequestLog
from extractor.service.metrics import Metrics
from extractor.service.settings import ServiceSettings
from extractor.store import Store


def _error(status: int, message: str, headers: Mapping[str, str] | None = None, **extra: object) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers=dict(headers or {}))


def _field(loc: tuple) -> str:
    return ".".join(str(part) for part in loc if part != "body") or "body"


#: what FastAPI answers (400) for a body it cannot decode (not UTF-8)
UNPARSED_BODY = "There was an error parsing the body"


def _problem(error: Mapping, json_sent: bool) -> str:
    """One validation error as a line: the field, then what is wrong, in the client's terms."""
    loc = tuple(error.get("loc", ()))
    if error.get("type") == "json_invalid":  # loc is ("body", character position)
        where = f" (at character {loc[1]})" if len(loc) > 1 and isinstance(loc[1], int) else ""
        return f"body is not valid JSON{where}"
    if error.get("type") == "model_attributes_type" and loc == ("body",):
        return ("body must be a JSON object (an article's fields, or a job's articles)" if json_sent else
                "body must be a JSON object sent with Content-Type: application/json")
    return f"{_field(loc)}: {error.get('msg', 'invalid').removeprefix('Value error, ')}"


def create_app(store: str | Path | Store | None, backend: Backend, *, settings: ServiceSettings | None = None,
               extract_options: ExtractOptions | None = None, options: Mapping[str, object] | None = None) -> FastAPI:
    """The service over the run store ``store`` (a path, an open ``Store``, or None for the
    default) and ``backend``. ``options`` (``run.resume.options_record``) are kept in each
    job's run, so `extractor run --resume` can finish it too."""
    settings = settings or ServiceSettings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if isinstance(store, Store) else Store.open(store)
        service = Service(opened, Extractor(backend, options=extract_options), settings, metrics, options)
        app.state.service = service
        await service.start()
        try:
            yield
        finally:
            await service.stop()
            if not isinstance(store, Store):
                opened.close()

    app = FastAPI(title="defence-extractor", version=__version__, lifespan=lifespan,
                  description="Typed, validated, source-grounded records of defence agreements, arms transfers and "
                              "meetings. Every /v1 route needs `Authorization: Bearer KEY` "
                              "(`extractor keys create NAME`).")
    app.include_router(routes.router)
    app.include_router(store_routes.router)
    app.add_middleware(RequestLog, metrics=metrics, settings=settings)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == UNPARSED_BODY:  # FastAPI's answer to a body not in UTF-8
            return _error(422, "body is not UTF-8 JSON")
        return _error(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        json_sent = "json" in request.headers.get("content-type", "").lower()
        problems = [_problem(e, json_sent) for e in exc.errors()]
        return _error(422, "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""),
                      detail=[{k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()])

    @app.exception_handler(ExtractorError)
    async def extractor_error(request: Request, exc: ExtractorError) -> JSONResponse:
        status = 502 if isinstance(exc, BackendError) else 409 if isinstance(exc, IdTaken) else \
            422 if isinstance(exc, InputError) else \
            503 if isinstance(exc, StoreError) else 500
        return _error(status, exc.line())

    @app.get("/healthz", tags=["service"])
    async def healthz(request: Request) -> dict:
        """Up and serving (no key needed)."""
        service: Service = request.app.state.service
        backend = service.extractor.backend
        return {"status": "ok", "version": __version__, "backend": backend.name, "model": backend.model,
                "jobs_queued": service.queue.qsize() if service.queue else 0}

    @app.get("/metrics", tags=["service"], response_class=Response)
    async def prometheus() -> Response:
        """Prometheus text: articles, records by type, partial and failed articles, model seconds,
        tokens, request latency (no key needed)."""
        return Response(metrics.text(), media_type=CONTENT_TYPE_LATEST)

    return app


def run_server(app: FastAPI, host: str, port: int) -> None:
    """Serve ``app`` with uvicorn until SIGINT or SIGTERM (then the workers stop and unfinished
    jobs stay in the store, to be resumed). Uvicorn's own lines go through logging (-v shows
    them); the request log is the service's."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, lifespan="on")
