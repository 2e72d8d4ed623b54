"""The /v1 routes that read the run store: records, runs, a run's review page, and the schemas.

The store is shared by the CLI and every key, but a job is private: runs that are other keys'
jobs are left out of every answer here (404 for their review page)."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from extractor.contract import country_code, date_filter
from extractor.contract.schemas import SCHEMA_MODELS
from extractor.errors import ExtractorError
from extractor.outputs.export import record_object
from extractor.outputs.review import render_review
from extractor.service.models import ErrorOut
from extractor.service.routes import ERRORS, current_key, service
from extractor.store.keys import others_job_runs

router = APIRouter(prefix="/v1", responses=ERRORS)
SCHEMA_ALIASES = {"agreements": "agreement", "transfers": "arms_transfer", "meetings": "meeting",
                  "article": "article_result", "result": "article_result"}
NOT_FOUND = {404: {"model": ErrorOut, "description": "no such run (or another key's job)"}}


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    parsed = date_filter(value)
    if parsed is None:
        raise HTTPException(422, f"{name} {value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return parsed


def _visible_run(request: Request, key: str, run: str) -> str:
    """The run ``run`` names among those ``key`` may see: ``latest`` is the newest of them, and
    a prefix is matched against them only (404 none, 422 several, naming only visible runs)."""
    store = service(request).store
    hidden = others_job_runs(store, key)
    if run in ("", "latest"):
        visible = [i for i in store.run_ids() if i not in hidden]  # newest first
        if not visible:
            raise HTTPException(404, f"no run {run!r}: this key sees no runs yet")
        return visible[0]
    try:
        run_id = store.resolve_run(run)
    except ExtractorError:
        matches = sorted(i for i in store.run_ids(run) if i not in hidden)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise HTTPException(422, f"{run!r} matches {len(matches)} runs ({', '.join(matches[:3])}"
                                     f"{'...' if len(matches) > 3 else ''}): give more of the id") from None
        raise HTTPException(404, f"no run {run!r}") from None
    if run_id in hidden:
        raise HTTPException(404, f"no run {run!r}")
    return run_id


@router.get("/records", tags=["store"], responses=NOT_FOUND)
async def records(request: Request, key: str = Depends(current_key),
                  run: str | None = Query(None, description="run id or unique prefix, 'latest', or 'all' (the default)"),
                  type: Literal["agreements", "transfers", "meetings"] | None = Query(None),
                  country: str | None = Query(None, description="ISO 3166-1 alpha-3 code or a country's name"),
                  since: str | None = Query(None, description="dated on or after YYYY[-MM[-DD]]"),
                  until: str | None = Query(None, description="dated on or before YYYY[-MM[-DD]]")) -> list[dict]:
    """Stored records, filtered as `extractor records` filters them."""
    code = None
    if country is not None:
        code = country_code(country)
        if code is None:
            raise HTTPException(422, f"country {country!r} is not a country: use an ISO 3166-1 alpha-3 code such as VNM")
    since_, until_ = _date(since, "since"), _date(until, "until")

    def query() -> list[dict]:
        store = service(request).store
        run_id = None if run in (None, "all") else _visible_run(request, key, run)
        hidden = others_job_runs(store, key)
        found = store.query_records(run=run_id, type=type, country=code, since=since_, until=until_)
        return [record_object(r) for r in found if r.run_id not in hidden]

    return await asyncio.to_thread(query)


@router.get("/runs", tags=["store"])
async def runs(request: Request, key: str = Depends(current_key)) -> list[dict]:
    """Every run in the store, newest first (as `extractor runs --json`), without other keys' jobs."""

    def listed() -> list[dict]:
        store = service(request).store
        hidden = others_job_runs(store, key)
        return [{**dataclasses.asdict(s), "usage": s.usage.model_dump()} for s in store.list_runs()
                if s.id not in hidden]

    return await asyncio.to_thread(listed)


@router.get("/runs/{run_id}/review", response_class=HTMLResponse, tags=["store"], responses=NOT_FOUND)
async def review(run_id: str, request: Request, key: str = Depends(current_key)) -> HTMLResponse:
    """The run's review page (as `extractor view` writes it): each article with its evidence highlighted."""

    def page() -> str:
        store = service(request).store
        found = _visible_run(request, key, run_id)
        return render_review(store.results(found), store.article_texts(found), title=f"Review of run {found}")

    return HTMLResponse(await asyncio.to_thread(page))


@router.get("/schemas/{name}", tags=["store"],
            responses={404: {"model": ErrorOut, "description": "no such schema"}})
async def schema(name: str, key: str = Depends(current_key)) -> dict:
    """A JSON Schema of the data contract: article_result, agreement, arms_transfer, meeting, gold
    (or agreements, transfers, meetings)."""
    model = SCHEMA_MODELS.get(SCHEMA_ALIASES.get(name, name))
    if model is None:
        names = ", ".join([*SCHEMA_MODELS, *SCHEMA_ALIASES])
        raise HTTPException(404, f"no schema {name!r}: use one of {names}")
    return model.model_json_schema()
