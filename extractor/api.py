"""The Python API: ``extract``, ``extract_many``, their async twins, and ``to_frame``.

The same options as ``extractor run`` build the same backend and ``Extractor``
(``run.settings``), and the articles go through the same ``run.batch.execute_run`` (its
concurrency, cache, store and partial results). The run happens on a worker thread with an
event loop of its own, so the API works in a plain script and inside a running loop (Jupyter,
async code) alike, and never touches the caller's loop: results cross back through a queue.

Errors are ``extractor.errors`` types, raised before any model call where they can be:
``InputError`` (an empty article, a bad date, a bad dict, a duplicate id), ``ConfigError``
(options that cannot work together, a missing key, pandas missing for ``to_frame``),
``ModelFileError`` (a local model file), ``StoreError`` (the run store); while the run goes
on, ``BackendError`` (endpoint unreachable or refusing). A question the model never answers
validly is no exception: the article comes back ``partial`` or ``failed``, as in the CLI.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import queue
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from extractor.contract import ArticleResult
from extractor.errors import ConfigError, InputError
from extractor.inputs import DEFAULT_MAX_CHARS, Article

if TYPE_CHECKING:
    import pandas

    from extractor.run.batch import StopSignal

#: what ``extract_many`` takes per article: its text, a dict of the JSONL fields, or an ``Article``
ArticleInput = Union[str, Mapping[str, Any], Article]
#: a run store: a path (``True``: the default store, ``$EXTRACTOR_DB`` or the user data folder)
StoreArg = Union[str, "os.PathLike[str]", bool, None]
DateArg = Union[str, dt.date, None]


@dataclass(frozen=True)
class _Plan:
    """A run, ready: its articles, its extractor, where to keep it, how to show progress."""

    articles: list[Article]
    extractor: Any  # run.article.Extractor (imported lazily: it pulls in the model libraries)
    backend_options: Any
    store: str | None
    use_cache: bool
    concurrency: int
    progress: bool
    engine: Any = None  # run.ray_engine.RayEngine, or None for this process


class _End:
    pass


@dataclass
class _Raised:
    error: BaseException


def _date_text(value: DateArg) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _article(item: ArticleInput, index: int, published: dt.date | None, max_chars: int) -> Article:
    from extractor.inputs import article_from_row

    where = f"articles[{index}]"
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, Mapping):
        raise InputError(f"an article is a text, a dict with 'text' or an Article, not {type(item).__name__}",
                         source=where)
    if not isinstance(item.get("text"), str):
        raise InputError(f"'text' must be the article's text (a str), not {type(item.get('text')).__name__}",
                         source=where)
    if "id" in item and not (isinstance(item["id"], (str, int)) and str(item["id"]).strip()):
        raise InputError("'id' must be a non-empty string, or left out (the article's position is its id)",
                         source=where)
    row = {"id": str(index), **item}
    row["published"] = _date_text(row.get("published"))
    return article_from_row(row, where, published, max_chars)


def _articles(items: Iterable[ArticleInput], published: DateArg, max_chars: int) -> list[Article]:
    """Every input as an ``Article`` (id: its position, unless it names one); InputError before any
    model call when one cannot be, naming it."""
    from extractor.inputs import parse_published

    if isinstance(items, (str, Mapping, Article)):
        raise InputError("extract_many takes a list (or any iterable) of articles; extract takes one")
    if not isinstance(items, Iterable):
        raise InputError(f"extract_many takes a list (or any iterable) of articles, not {type(items).__name__}")
    default_date = parse_published(_date_text(published), "published")
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        article = _article(item, index, default_date, max_chars)
        if article.id in seen:
            raise InputError(f"duplicate id {article.id!r} (already used by articles[{seen[article.id]}]): "
                             "ids must be unique within a run", source=f"articles[{index}]")
        seen[article.id] = index
        articles.append(article)
    return articles


def _plan(items: Iterable[ArticleInput], *, published: DateArg, max_chars: int, model: str | None,
          base_url: str | None, model_path: str | os.PathLike[str] | None, structured_output: str,
          api_key: str | None, threads: int | None, timeout_s: float | None, context: int | None, drop_ungrounded: bool,
          second_pass: bool, store: StoreArg, cache: bool, concurrency: int, progress: bool,
          engine: str = "local", ray_address: str | None = None, workers: int | None = None) -> _Plan:
    from extractor.run.ray_engine import engine_for, engine_options
    from extractor.run.settings import backend_options, build_extractor, extract_options
    from extractor.store import Store, default_db_path

    if concurrency < 1:
        raise ConfigError(f"concurrency must be 1 or more, not {concurrency}")
    if max_chars < 0:
        raise ConfigError(f"max_chars must be 0 (no limit) or more, not {max_chars}")
    ray_workers = engine_options(engine, ray_address, workers, flags=False)
    articles = _articles(items, published, max_chars)
    chosen = backend_options(model, base_url, model_path, structured_output, threads, api_key=api_key,
                             timeout_s=timeout_s, context=context)
    where = str(default_db_path()) if store is True else (os.fspath(store) if store else None)
    if where is not None:
        Store.open(where).close()  # a store that cannot be opened fails here, before any model call
    extractor = build_extractor(chosen, extract_options(drop_ungrounded, second_pass))
    ray_engine = engine_for(ray_workers, ray_address, chosen, extractor.backend, where, concurrency)
    return _Plan(articles, extractor, chosen, where, cache, concurrency, progress, ray_engine)


def _start(plan: _Plan, sink: Callable[[object], None]) -> StopSignal:
    """Run ``plan`` on a worker thread with its own event loop; ``sink`` gets each (result,
    cached) pair as it finishes, then ``_End`` or ``_Raised``. Returns what stops it."""
    from extractor.run.batch import StopSignal, execute_run
    from extractor.run.resume import options_record
    from extractor.store import Store

    stop = StopSignal()

    def work() -> None:
        try:
            store = Store.open(plan.store) if plan.store else None
            try:
                execute_run(plan.extractor, plan.articles, store=store, on_result=lambda r, c: sink((r, c)),
                            concurrency=plan.concurrency, use_cache=plan.use_cache, stop=stop, engine=plan.engine,
                            options=options_record(plan.backend_options, plan.extractor.backend.name,
                                                   plan.extractor.options))
            finally:
                if store is not None:
                    store.close()
            sink(_End())
        except BaseException as exc:  # handed to the caller's thread, raised there
            sink(_Raised(exc))

    threading.Thread(target=work, name="extractor-run", daemon=True).start()
    return stop


def _progress(plan: _Plan) -> Any:
    from extractor.run.progress import Progress

    return Progress(len(plan.articles), enabled=plan.progress)


def _handed(item: object, progress: Any) -> ArticleResult | None:
    """What the run's thread handed over: the next result (counted on the bar), None at the end;
    the run's own error raised."""
    if isinstance(item, _End):
        return None
    if isinstance(item, _Raised):
        raise item.error
    result, cached = item  # type: ignore[misc]
    progress.advance(result, cached)
    return result


def _results(plan: _Plan) -> Iterator[ArticleResult]:
    finished: queue.SimpleQueue[object] = queue.SimpleQueue()
    stop = _start(plan, finished.put)
    progress = _progress(plan)
    try:
        while (result := _handed(finished.get(), progress)) is not None:
            yield result
    finally:
        stop.stop()  # the caller stopped reading (break, an exception, Ctrl-C): end the run
        progress.close()


async def _aresults(plan: _Plan) -> AsyncIterator[ArticleResult]:
    loop = asyncio.get_running_loop()
    finished: asyncio.Queue[object] = asyncio.Queue()

    def sink(item: object) -> None:
        try:
            loop.call_soon_threadsafe(finished.put_nowait, item)
        except RuntimeError:  # the caller's loop is closed: nobody reads any more
            stop.stop()

    stop = _start(plan, sink)
    progress = _progress(plan)
    try:
        while (result := _handed(await finished.get(), progress)) is not None:
            yield result
    finally:
        stop.stop()
        progress.close()


def extract_many(articles: Iterable[ArticleInput], *, published: DateArg = None, model: str | None = None,
                 base_url: str | None = None, model_path: str | os.PathLike[str] | None = None,
                 structured_output: str = "json_schema", api_key: str | None = None, threads: int | None = None,
                 timeout_s: float | None = None, context: int | None = None, drop_ungrounded: bool = False,
                 second_pass: bool = True, store: StoreArg = None, cache: bool = True, concurrency: int = 4,
                 progress: bool = True, max_chars: int = DEFAULT_MAX_CHARS, engine: str = "local",
                 ray_address: str | None = None, workers: int | None = None) -> Iterator[ArticleResult]:
    """Extract many articles; yields each ``ArticleResult`` as it finishes (not in input order).

    ``articles``: texts, dicts with the JSONL fields (``text``, and ``id``, ``published``,
    ``title``, ``url``) or ``Article``s; an article without an id gets its position ("0",
    "1", ...). ``published`` is the date for articles that give none. The backend options are
    ``extractor run``'s: the embedded model by default, ``model=`` a local model or an
    endpoint's model name, ``base_url=`` an OpenAI-compatible endpoint, ``model_path=`` a GGUF
    file, ``api_key=`` (else ``OPENAI_API_KEY`` / ``EXTRACTOR_API_KEY``). ``store=`` a path
    keeps the run (``extractor runs`` lists it) and serves repeats from its cache (``cache=False``
    to ask the model anyway). A partial or failed article comes back as such (``status``);
    the others are not lost. Stopping early (``break``) cancels the articles in flight.
    ``context=`` is the model's context window in tokens when it is small (a llama.cpp server
    started with ``--n_ctx 4096``; the embedded model's is 8192): long articles are then cut into
    pieces whose requests and answers fit in it. ``engine="ray"`` fans the articles out to
    ``workers`` Ray actors (the ``ray`` extra), on the cluster at ``ray_address`` or on a local
    Ray started for the run, as ``extractor run --engine ray`` does.

    Bad input or options raise here, before any model call (``InputError``, ``ConfigError``).
    """
    plan = _plan(articles, published=published, max_chars=max_chars, model=model, base_url=base_url,
                 model_path=model_path, structured_output=structured_output, api_key=api_key, threads=threads,
                 timeout_s=timeout_s, context=context, drop_ungrounded=drop_ungrounded, second_pass=second_pass,
                 store=store, cache=cache, concurrency=concurrency, progress=progress, engine=engine,
                 ray_address=ray_address, workers=workers)
    return _results(plan)


def aextract_many(articles: Iterable[ArticleInput], *, published: DateArg = None, model: str | None = None,
                  base_url: str | None = None, model_path: str | os.PathLike[str] | None = None,
                  structured_output: str = "json_schema", api_key: str | None = None, threads: int | None = None,
                  timeout_s: float | None = None, context: int | None = None, drop_ungrounded: bool = False,
                  second_pass: bool = True, store: StoreArg = None, cache: bool = True, concurrency: int = 4,
                  progress: bool = True, max_chars: int = DEFAULT_MAX_CHARS, engine: str = "local",
                  ray_address: str | None = None, workers: int | None = None) -> AsyncIterator[ArticleResult]:
    """``extract_many`` for async code: ``async for result in aextract_many(...)``. The run goes
    on a worker thread; the caller's loop only waits for results, never blocks on the model."""
    plan = _plan(articles, published=published, max_chars=max_chars, model=model, base_url=base_url,
                 model_path=model_path, structured_output=structured_output, api_key=api_key, threads=threads,
                 timeout_s=timeout_s, context=context, drop_ungrounded=drop_ungrounded, second_pass=second_pass,
                 store=store, cache=cache, concurrency=concurrency, progress=progress, engine=engine,
                 ray_address=ray_address, workers=workers)
    return _aresults(plan)


def _one(text: str | Article, id: str | None, published: DateArg, title: str | None,
         url: str | None) -> list[ArticleInput]:
    if isinstance(text, Article):
        if id is not None or title is not None or url is not None or published is not None:
            raise ConfigError("an Article carries its own id, title, url and date: give them to Article, not here")
        return [text]
    if not isinstance(text, str):
        raise InputError(f"extract takes the article's text (a str), not {type(text).__name__}; "
                         "extract_many takes many")
    row: dict[str, Any] = {"text": text, "title": title, "url": url, "published": _date_text(published)}
    if id is not None:
        if not isinstance(id, str) or not id.strip():
            raise InputError("id must be a non-empty string, or left out")
        row["id"] = id
    return [row]


def extract(text: str | Article, *, id: str | None = None, published: DateArg = None, title: str | None = None,
            url: str | None = None, model: str | None = None, base_url: str | None = None,
            model_path: str | os.PathLike[str] | None = None, structured_output: str = "json_schema",
            api_key: str | None = None, threads: int | None = None, timeout_s: float | None = None,
            context: int | None = None, drop_ungrounded: bool = False, second_pass: bool = True,
            store: StoreArg = None, cache: bool = True, max_chars: int = DEFAULT_MAX_CHARS) -> ArticleResult:
    """One article's ``ArticleResult`` (agreements, transfers, meetings, provenance, status).

    ``published`` (``"2024-03-27"`` or a ``date``) resolves relative dates in the text; ``id``
    defaults to "0". Works in scripts and inside a running event loop (Jupyter) alike; in async
    code prefer ``await aextract(...)``, which does not block the loop. Options and errors as
    in ``extract_many``.
    """
    results = extract_many(_one(text, id, published, title, url), model=model, base_url=base_url,
                           model_path=model_path, structured_output=structured_output, api_key=api_key,
                           threads=threads, timeout_s=timeout_s, context=context, drop_ungrounded=drop_ungrounded,
                           second_pass=second_pass, store=store, cache=cache, progress=False, max_chars=max_chars)
    [result] = list(results)  # the whole run, so it is finished (and stored) when this returns
    return result


async def aextract(text: str | Article, *, id: str | None = None, published: DateArg = None,
                   title: str | None = None, url: str | None = None, model: str | None = None,
                   base_url: str | None = None, model_path: str | os.PathLike[str] | None = None,
                   structured_output: str = "json_schema", api_key: str | None = None, threads: int | None = None,
                   timeout_s: float | None = None, context: int | None = None, drop_ungrounded: bool = False,
                   second_pass: bool = True, store: StoreArg = None, cache: bool = True,
                   max_chars: int = DEFAULT_MAX_CHARS) -> ArticleResult:
    """``extract`` for async code: ``result = await aextract(text, ...)``."""
    results = aextract_many(_one(text, id, published, title, url), model=model, base_url=base_url,
                            model_path=model_path, structured_output=structured_output, api_key=api_key,
                            threads=threads, timeout_s=timeout_s, context=context, drop_ungrounded=drop_ungrounded,
                            second_pass=second_pass, store=store, cache=cache, progress=False, max_chars=max_chars)
    [result] = [r async for r in results]
    return result


def to_frame(results: Iterable[ArticleResult]) -> pandas.DataFrame:
    """A pandas DataFrame with one row per record: the table ``extractor export --format csv``
    writes (same columns, read as ``pandas.read_csv`` reads that file). Needs pandas
    (``pip install 'defence-extractor[notebook]'``)."""
    try:
        import pandas
    except ImportError:
        raise ConfigError("to_frame needs pandas: pip install 'defence-extractor[notebook]' (or pandas)") from None
    import io

    from extractor.outputs.export import records_of, write_csv

    table = io.StringIO()
    write_csv(table, records_of(list(results)), safe=False)
    table.seek(0)
    return pandas.read_csv(table, dtype={"run_id": str, "article_id": str})


__all__ = ["ArticleInput", "aextract", "aextract_many", "extract", "extract_many", "to_frame"]
