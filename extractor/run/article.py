"""One article end to end, and many articles with bounded concurrency.

article -> pieces (long articles) -> one call per record type per piece (the article block
first, so a prompt cache reuses it) -> validated drafts -> grounded contract records ->
merged, de-duplicated ``ArticleResult``. A backend failure (unreachable, refused key) stops
the run; a question the model never answers validly (a record type, a second-pass question)
makes the article *partial* (``status``, ``failed``), and the valid answers it did get are
handed back by request key, so a rerun asks the model only what failed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from extractor import __version__
from extractor.assembly.build import assemble
from extractor.assembly.finish import finish
from extractor.run.request_keys import code_digest, hash_messages, schema_digest, value_digest
from extractor.run.followups import (
    agreement_candidates, list_siblings, listed_but_missing, meeting_candidates, misquoted, on_the_asked_sentence,
    openings, requoted,
)
from extractor.backends.base import Backend, CallRecord
from extractor.run.chunking import split_article
from extractor.contract import RECORD_TYPES, SCHEMA_VERSION, ArticleResult, Provenance, Record, Usage
from extractor.asking.answers import (
    ANSWERS, AgreementItemAnswer, MeetingItemAnswer, MeetingsAnswer, TransferItemAnswer, TransfersAnswer, quote_choice,
)
from extractor.errors import ConfigError, ValidationExhausted
from extractor.inputs import Article, InputProblem
from extractor.asking.prompts import PromptSet, load_prompts

T = TypeVar("T")

SECOND_PASSES = ("agreements", "transfers", "meetings")
#: the per-sentence second passes: record type -> (task, answer model, sentence picker)
_SENTENCE_PASSES: dict[str, tuple[str, type[BaseModel], Callable[[list, str], list[str]]]] = {
    "agreements": ("agreement_item", AgreementItemAnswer, agreement_candidates),
    "meetings": ("meeting_item", MeetingItemAnswer, meeting_candidates),
}
#: the task each record type's second pass asks (transfers: one question per listed system)
_SECOND_PASS_TASKS = {"transfers": "transfer_item", **{t: task for t, (task, _, _) in _SENTENCE_PASSES.items()}}
#: the record types whose second pass also asks again for a quote that states another fact
_REQUOTED = ("transfers", "meetings")
#: tokens kept beside a piece for a second-pass question's quoted sentence, system name or shown
#: sentences (three of at most 160 characters) and the chat template's markup
_QUESTION_ROOM = 400
DEFAULT_MAX_TOKENS = {"agreements": 500, "transfers": 700, "meetings": 500, "agreement_item": 400, "transfer_item": 400,
                      "meeting_item": 400, "quote": 80}


@dataclass
class ExtractOptions:
    drop_ungrounded: bool = False
    #: second-pass calls: per weapon system the transfers answer listed but did not fill in, and
    #: per sentence where officials meet that no meeting record rests on
    second_pass: tuple[str, ...] = SECOND_PASSES
    record_types: tuple[str, ...] = tuple(RECORD_TYPES)
    max_tokens: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_MAX_TOKENS))


@dataclass
class ArticleOutcome:
    """A finished article: its result, the raw model calls behind it, and its valid answers by
    request key (``Extractor.answer_key``)."""

    article: Article
    result: ArticleResult
    calls: list[CallRecord]
    answers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Trail:
    """What one article's questions left behind."""

    calls: list[CallRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    reused: int = 0

    def extend(self, other: _Trail) -> None:
        """Append what another trail (one record type's questions) left behind."""
        self.calls += other.calls
        self.warnings += other.warnings
        self.failed += other.failed
        self.answers.update(other.answers)
        self.reused += other.reused


def _opening(sentence: str, chars: int = 160) -> str:
    """A sentence's first words, enough to pick it by (the prompt tokens a question costs)."""
    return sentence if len(sentence) <= chars else sentence[:chars].rsplit(" ", 1)[0] + " ..."


class Extractor:
    """Runs the record-type calls for articles against one backend and one prompt set."""

    def __init__(self, backend: Backend, prompts: PromptSet | None = None, options: ExtractOptions | None = None,
                 reuse_answer: Callable[[str], str | None] | None = None):
        self.backend = backend
        self.prompts = prompts or load_prompts()
        self.options = options or ExtractOptions()
        #: a valid answer an earlier run got for the identical request (by ``answer_key``), or None
        self.reuse_answer = reuse_answer
        self._key_bases: dict[tuple[type[BaseModel], int], str] = {}

    @property
    def prompt_version(self) -> str:
        return self.prompts.version

    def settings(self) -> dict:
        """What changes the output, beside the article: the cache key's ingredients."""
        return {**self.backend.settings(), "prompt_version": self.prompt_version, "schema_version": SCHEMA_VERSION,
                "extractor_version": __version__, "code": code_digest(),
                "record_types": list(self.options.record_types), "max_tokens": self.options.max_tokens,
                "drop_ungrounded": self.options.drop_ungrounded, "second_pass": list(self.options.second_pass)}

    def answer_key(self, messages: list[dict[str, str]], answer_model: type[BaseModel], max_tokens: int) -> str:
        """The identity of one request: the rendered messages, the answer's schema, the token cap,
        the backend's sampling settings, and the code that validates the answer."""
        base = hashlib.sha256(self._answer_key_base(answer_model, max_tokens).encode())
        return hash_messages(base, messages).hexdigest()

    def _answer_key_base(self, answer_model: type[BaseModel], max_tokens: int) -> str:
        """What ``answer_key`` hashes beside the messages, per answer model and token cap."""
        cached = self._key_bases.get((answer_model, max_tokens))
        if cached is None:
            cached = value_digest({"schema": schema_digest(answer_model), "max_tokens": max_tokens,
                              "backend": self.backend.settings(), "code": code_digest()})
            self._key_bases[(answer_model, max_tokens)] = cached
        return cached

    def requests_digest(self, article: Article) -> str:
        """What decides an article's answers beside the settings: the first-pass requests as they
        are rendered (article text, publication date, task), their schemas and token caps. The
        pieces of a long article and the second-pass requests follow from these and the code."""
        digest = hashlib.sha256(value_digest([{"schema": schema_digest(ANSWERS[t]), "max_tokens": self.options.max_tokens[t]}
                                         for t in self.options.record_types]
                                        + [{"context_tokens": self.backend.context_tokens,
                                            "context_window": self.backend.context_window}]).encode())
        for record_type in self.options.record_types:
            digest.update(b"\x1d")
            hash_messages(digest, self.prompts.messages(article, record_type))
        return digest.hexdigest()

    def _count_tokens(self, text: str) -> int:
        counter = getattr(self.backend, "count_tokens", None)
        return counter(text) if counter else len(text) // 4

    @functools.cached_property
    def piece_tokens(self) -> int:
        """The article tokens one piece may hold: the backend's cap, and, where the model's context
        window is known, no more than that window leaves beside the longest request's other text
        (system message, task, a second-pass question's sentence) and the largest answer."""
        window = self.backend.context_window
        if not window:
            return self.backend.context_tokens
        second = [t for t in self.options.second_pass if t in self.options.record_types]
        tasks = [*self.options.record_types, *(_SECOND_PASS_TASKS[t] for t in second),
                 *(["quote"] if set(second) & set(_REQUOTED) else [])]
        empty = Article(id="", text="", source="")
        frame = max(self._count_tokens("\n".join(m["content"] for m in self.prompts.messages(
            empty, task, text="", sentence="", system="", record="", sentences=""))) for task in tasks)
        answer = max(self.options.max_tokens[task] for task in tasks)
        room = window - frame - answer - _QUESTION_ROOM
        if room < 256:
            raise ConfigError(f"the model's context of {window} tokens leaves no room for an article beside the "
                              f"prompts ({frame} tokens) and an answer ({answer}): give it a larger context")
        return min(self.backend.context_tokens, room)

    async def extract(self, article: Article) -> ArticleOutcome:
        started_at = dt.datetime.now(dt.timezone.utc)
        clock = time.perf_counter()
        pieces = split_article(article.text, self.piece_tokens, self._count_tokens)
        records: dict[str, list[Record]] = {t: [] for t in RECORD_TYPES}
        trail = _Trail()
        warnings = trail.warnings
        failed_types = 0
        for number, piece in enumerate(pieces, 1):
            part = f" (part {number} of {len(pieces)})" if len(pieces) > 1 else ""
            done = await self._record_types(article, piece, part)
            for record_type, (found, type_trail) in zip(self.options.record_types, done):
                trail.extend(type_trail)  # in record-type order, whichever finished first
                if found is None:
                    failed_types += 1
                else:
                    records[record_type].extend(found)
        merged_types = finish(records, article.text, article.published)
        for record_type in RECORD_TYPES:
            merged = merged_types[record_type]
            ungrounded = [r for r in merged if not r.grounded]
            if ungrounded:
                action = "dropped" if self.options.drop_ungrounded else "kept"
                warnings.append(f"{record_type}: {len(ungrounded)} record(s) not grounded in the text or "
                                f"re-anchored ({action})")
                if self.options.drop_ungrounded:
                    merged = [r for r in merged if r.grounded]
            records[record_type] = merged
        every_call_failed = failed_types == len(pieces) * len(self.options.record_types)
        if trail.reused:
            warnings.append(f"{trail.reused} valid answer(s) of an earlier run reused (no model call)")
        result = ArticleResult(
            article=article.meta(), **records, warnings=warnings,
            error="the model never produced a valid answer" if every_call_failed else None,
            status="failed" if every_call_failed else "partial" if trail.failed else "complete", failed=trail.failed,
            provenance=self._provenance(started_at, time.perf_counter() - clock, trail.calls),
        )
        return ArticleOutcome(article, result, trail.calls, trail.answers)

    async def _record_types(self, article: Article, piece: str, part: str) -> list[tuple[list[Record] | None, _Trail]]:
        """Every record type of one piece, in ``record_types`` order (``_side_by_side``)."""
        return await self._side_by_side([functools.partial(self._record_type, article, piece, t, part)
                                         for t in self.options.record_types])

    async def _side_by_side(self, asks: list[Callable[[], Awaitable[T]]]) -> list[T]:
        """Each of ``asks`` awaited, their results in order: all at once where the backend takes
        questions so (``Backend.side_by_side``: the embedded model decodes them in one batch), else
        one after another. A failure that stops the run cancels those still asking."""
        if not self.backend.side_by_side:
            return [await ask() for ask in asks]
        tasks = [asyncio.ensure_future(ask()) for ask in asks]
        try:
            return list(await asyncio.gather(*tasks))
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    async def _ask_each(self, questions: list[tuple[list[dict[str, str]], str, type[BaseModel], str]],
                        trail: _Trail) -> list[BaseModel | None]:
        """Questions (``_ask``'s arguments) side by side, leaving ``trail`` what they leave, in order."""
        trails = [_Trail() for _ in questions]
        answers = await self._side_by_side([functools.partial(self._ask, *question, own)
                                            for question, own in zip(questions, trails)])
        for own in trails:
            trail.extend(own)
        return answers

    async def _record_type(self, article: Article, piece: str, record_type: str,
                           part: str) -> tuple[list[Record] | None, _Trail]:
        """One record type of one piece: its question, its second pass, its records (None when
        the model never answered it validly), and what its questions left behind."""
        trail = _Trail()
        answer = await self._ask(self.prompts.messages(article, record_type, text=piece), record_type,
                                 ANSWERS[record_type], record_type + part, trail)
        if answer is None:
            return None, trail
        if isinstance(answer, TransfersAnswer) and "transfers" in self.options.second_pass:
            answer = await self._fill_listed(article, piece, answer, trail)
        if record_type in _REQUOTED and record_type in self.options.second_pass:
            answer = await self._requote(article, piece, answer, trail)
        built = assemble(answer, article.text, article.published)
        follow_up = _SENTENCE_PASSES.get(record_type)
        if follow_up is not None and record_type in self.options.second_pass:
            built.records += await self._sentences_left_out(article, piece, built.records, trail, record_type,
                                                            *follow_up)
        trail.warnings.extend(f"{record_type}: dropped {reason}" for reason in built.dropped)
        return built.records, trail

    async def _ask(self, messages: list[dict[str, str]], task: str, answer_model: type[BaseModel], label: str,
                   trail: _Trail) -> BaseModel | None:
        """One structured call under ``task``'s token cap, its calls logged; None (a warning, and
        ``label`` among the failed questions) when the model never answers validly. A valid
        answer an earlier run got for the identical request is reused instead of a call."""
        max_tokens = self.options.max_tokens[task]
        key = self.answer_key(messages, answer_model, max_tokens)
        stored = self.reuse_answer(key) if self.reuse_answer is not None else None
        if stored is not None:
            try:
                answer = answer_model.model_validate_json(stored)
            except ValidationError:
                pass  # not valid under today's answer models: ask again
            else:
                trail.answers[key] = stored
                trail.reused += 1
                return answer
        try:
            completion = await self.backend.complete(messages, answer_model, max_tokens=max_tokens)
        except ValidationExhausted as exc:
            trail.calls.extend(exc.partial_calls)
            trail.warnings.append(f"{label}: {exc.message}")
            trail.failed.append(label)
            return None
        trail.calls.extend(completion.calls)
        if completion.salvaged:
            trail.warnings.append(f"{label}: answer cut off at the token cap ({max_tokens}); its complete records kept")
        trail.answers[key] = completion.answer.model_dump_json()
        return completion.answer

    async def _fill_listed(self, article: Article, piece: str, answer: TransfersAnswer,
                           trail: _Trail) -> TransfersAnswer:
        """Ask once per system the answer listed but left without a transfer (same cached prefix)."""
        items = await self._ask_each([
            (self.prompts.messages(article, "transfer_item", text=piece, system=system), "transfer_item",
             TransferItemAnswer, f"transfers of {system}") for system in listed_but_missing(answer, piece)], trail)
        extra = [t for item in items if item is not None for t in item.transfers]
        return list_siblings(answer.model_copy(update={"transfers": [*answer.transfers, *extra]}), article.text)

    async def _requote(self, article: Article, piece: str, answer: TransfersAnswer | MeetingsAnswer,
                       trail: _Trail) -> TransfersAnswer | MeetingsAnswer:
        """Ask once more, per record whose quote states something else, for the sentence that
        states it (same cached prefix); a quote that does is the record's evidence."""
        asks = misquoted(answer, article.text)
        items = await self._ask_each([
            (self.prompts.messages(article, "quote", text=piece, record=fact,
                                   sentences="\n".join(f'- "{_opening(s)}"' for s in shown)), "quote",
             quote_choice(openings(shown)), f"the quote of {fact}") for _, fact, shown in asks], trail)
        return requoted(answer, [(i, item.quote) for (indices, _, _), item in zip(asks, items) if item is not None
                                 for i in indices], article.text)

    async def _sentences_left_out(self, article: Article, piece: str, records: list, trail: _Trail, record_type: str,
                                  task: str, answer_model: type[BaseModel],
                                  candidates: Callable[[list, str], list[str]]) -> list:
        """Ask once per sentence that may report a record of this type that no record rests on
        (a meeting: officials meet; an agreement: an instrument is signed or ended)."""
        asked = candidates(records, piece)
        items = await self._ask_each([
            (self.prompts.messages(article, task, text=piece, sentence=sentence), task, answer_model,
             f"{record_type} in {sentence[:40]!r}") for sentence in asked], trail)
        if record_type == "agreements":  # entries that quote another sentence, one naming no instrument
            items = [None if item is None else on_the_asked_sentence(item, sentence, article.text)
                     for item, sentence in zip(items, asked)]
        built = [assemble(item, article.text, article.published) for item in items if item is not None]
        trail.warnings.extend(f"{record_type}: dropped {reason}" for b in built for reason in b.dropped)
        return [r for b in built for r in b.records]

    def _provenance(self, started_at: dt.datetime, duration: float, calls: list[CallRecord]) -> Provenance:
        model_times = [c.model_time_s for c in calls if c.model_time_s is not None]
        return Provenance(
            model=self.backend.model, backend=self.backend.name, prompt_version=self.prompt_version,
            schema_version=SCHEMA_VERSION, extractor_version=__version__,
            started_at=started_at.isoformat(timespec="seconds"), duration_s=round(duration, 3),
            usage=sum((c.usage for c in calls), Usage()), attempts=len(calls),
            model_digest=self.backend.model_digest,
            model_time_s=round(sum(model_times), 3) if model_times else None,
        )

    async def extract_many(
        self,
        items: Iterable[Article | InputProblem],
        on_outcome: Callable[[ArticleOutcome], Awaitable[None] | None],
        on_problem: Callable[[InputProblem], None],
        concurrency: int = 4,
        skip: Callable[[Article], Awaitable[bool] | bool] | None = None,
    ) -> None:
        """Extract every article, handing each result over as soon as it is finished.

        Input problems are reported and skipped. A backend error stops the run: articles in
        flight are cancelled, every finished one has already been handed over.
        """
        limit = asyncio.Semaphore(concurrency if self.backend.concurrent else 1)

        async def one(article: Article) -> None:
            async with limit:
                if skip is not None:
                    skipped = skip(article)
                    if asyncio.iscoroutine(skipped):
                        skipped = await skipped
                    if skipped:
                        return
                outcome = await self.extract(article)
                handed = on_outcome(outcome)
                if asyncio.iscoroutine(handed):
                    await handed

        tasks: list[asyncio.Task] = []
        for item in items:
            if isinstance(item, InputProblem):
                on_problem(item)
            else:
                tasks.append(asyncio.ensure_future(one(item)))
        try:
            for finished in asyncio.as_completed(tasks):
                await finished
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
