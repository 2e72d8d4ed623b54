"""The /v1 routes that extract: one article synchronously, and jobs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from starlette.exceptions import HTTPException

from extractor.contract import ArticleResult
from extractor.service.auth import bearer, key_of
from extractor.service.jobs import Service
from extractor.service.models import ArticleIn, ErrorOut, JobCreated, JobIn, JobOut

ERRORS = {401: {"model": ErrorOut, "description": "no key, or an unknown or revoked one"},
          429: {"model": ErrorOut, "description": "the key's cap on requests in flight (or jobs) is reached; "
                                                  "see Retry-After"}}


def service(request: Request) -> Service:
    return request.app.state.service


async def current_key(request: Request,
                      credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> AsyncIterator[str]:
    """The caller's key name, counted in flight while the request lasts (429 over its cap)."""
    name = await key_of(request, credentials)
    limits = service(request).limits
    limits.enter(name)
    try:
        yield name
    finally:
        limits.leave(name)


router = APIRouter(prefix="/v1", responses=ERRORS)


def _checked_size(article: ArticleIn, limit: int, label: str) -> None:
    size = len(article.text.encode("utf-8"))
    if size > limit:
        raise HTTPException(413, f"{label}: text of {size:,} bytes, over the limit of {limit:,} bytes per article")


@router.post("/extract", response_model=ArticleResult, tags=["extract"],
             responses={413: {"model": ErrorOut, "description": "article over the size limit"},
                        422: {"description": "not an article (the message says which field)"}})
async def extract(body: ArticleIn, request: Request, response: Response,
                  key: str = Depends(current_key)) -> ArticleResult:
    """Extract one article and return its result (also kept in the store). The Server-Timing
    header says how long it waited for the model (queue) and how long extracting took."""
    svc = service(request)
    _checked_size(body, svc.settings.max_article_bytes, "article")
    done = await svc.extract(body.article())
    extracting = 0.0 if done.cached else done.result.provenance.duration_s
    response.headers["Server-Timing"] = f"queue;dur={done.queued_s * 1000:.1f}, extract;dur={extracting * 1000:.1f}"
    return done.result


@router.post("/jobs", response_model=JobCreated, status_code=202, tags=["jobs"],
             responses={413: {"model": ErrorOut, "description": "an article or the body over the size limit"}})
async def create_job(body: JobIn, request: Request, key: str = Depends(current_key)) -> JobCreated:
    """Queue articles for extraction in the background; returns the job's id at once."""
    svc = service(request)
    articles = []
    for number, item in enumerate(body.articles, 1):
        _checked_size(item, svc.settings.max_article_bytes, f"article {number}")
        articles.append(item.article(default_id=str(number)))
    ids = [a.id for a in articles]
    repeated = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) < len(ids) else []
    if repeated:
        raise HTTPException(422, f"article ids must be unique within a job: {', '.join(repeated[:5])} repeated")
    return JobCreated(id=await svc.submit(key, articles))


def _owned(svc: Service, job_id: str, key: str):
    job = svc.job(job_id, key)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r} for this key")
    return job


@router.get("/jobs/{job_id}", response_model=JobOut, tags=["jobs"],
            responses={404: {"model": ErrorOut, "description": "no such job for this key"}})
async def job_status(job_id: str, request: Request, key: str = Depends(current_key)) -> JobOut:
    """A job's status (queued, running, finished, failed) and how many of its articles are done."""
    svc = service(request)
    job = await asyncio.to_thread(_owned, svc, job_id, key)
    return JobOut(id=job.id, status=job.status, done=job.done, total=job.total, error=job.error,
                  created_at=job.created_at, updated_at=job.updated_at)


@router.get("/jobs/{job_id}/results", response_model=list[ArticleResult], tags=["jobs"],
            responses={404: {"model": ErrorOut, "description": "no such job for this key"}})
async def job_results(job_id: str, request: Request, key: str = Depends(current_key)) -> list[ArticleResult]:
    """The job's results so far, in the order of its articles."""
    svc = service(request)
    await asyncio.to_thread(_owned, svc, job_id, key)
    return await asyncio.to_thread(svc.store.results, job_id)
