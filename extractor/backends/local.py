"""The embedded default: a GGUF model run in-process by llama.cpp, no key and no network.

The response model's JSON Schema is handed to llama.cpp as a grammar
(``response_format={"type": "json_object", "schema": ...}``), so even the first answer
parses. The model is loaded once per process; llama.cpp keeps the last prompt's KV cache and
reuses the longest shared prefix, which is why every record type's prompt starts with the
same article block.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

from openai.types.chat import ChatCompletion

from extractor.backends import decoding, warm_start
from extractor.backends.batch_decoding import MAX_SEQUENCES, BatchDecoder, Job
from extractor.backends.base import Backend, completion_from_text, schema_of
from extractor.backends.model_files import ModelFile, cache_dir
from extractor.backends.salvage import salvage_truncated_json
from extractor.errors import ConfigError, PromptTooLong, QuestionRefused

# Prompt-lookup drafts of the greedy decoder: 3 tokens, checked with the next one in a batch of
# four, which llama.cpp evaluates in 1.6x the time of one token (AVX-512, 2 threads: 142 ms
# against 87). Answers copy the article and the guide's keys, so about 3 of 4 drafted tokens are
# kept: 18.5 generated tokens per second instead of 9.4 (d01, d02). Longer drafts cost more than
# they keep (a batch of nine takes 3.1x one token). Batches round differently from single tokens,
# so the answers are other greedy answers of the model, scored in evals/CHANGELOG.md (session 14).
DEFAULT_DRAFT_TOKENS = 3
# Quotes held to a number of characters while decoding (``decoding.capped_quotes``): off by default.
# At 80 characters the dev set lost quality for few tokens (d01–d12 0.766 -> 0.748, d13–d24
# 0.696 -> 0.673, completion tokens 3-7 % fewer; evals/CHANGELOG.md, session 7).
DEFAULT_QUOTE_CHARS: int | None = None
# The model's context: the system message with its worked example (~1,300 tokens), an article
# piece, a task and an answer of up to 700 tokens. 4096 left a piece of 2,600 tokens too little
# room (its answers cut, or its request refused), so long news articles lost records.
DEFAULT_N_CTX = 8192
# An article longer than this is asked about in pieces (the size every set was measured with).
PIECE_TOKENS = 2696
_LOADED: dict[tuple[str, int, int], Any] = {}
_LOAD_LOCK = threading.Lock()
#: held while any thread runs llama.cpp: backends built by separate runs (the Python API's
#: worker threads, a service) share one loaded model, and it must never decode twice at once
_DECODE_LOCK = threading.Lock()


def default_threads() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 2)


def load_llama(path: str, n_ctx: int, n_threads: int) -> Any:
    """One ``Llama`` per model file and settings for the whole process."""
    try:
        from llama_cpp import Llama
    except ImportError:
        raise ConfigError("the embedded model needs llama-cpp-python: pip install '.[local]'") from None
    key = (path, n_ctx, n_threads)
    with _LOAD_LOCK:
        if key not in _LOADED:
            with _plain_buffers() if amx_build() else contextlib.nullcontext(), _sequences(MAX_SEQUENCES):
                _LOADED[key] = Llama(model_path=path, n_ctx=n_ctx, n_threads=n_threads, n_threads_batch=n_threads,
                                     n_batch=512, verbose=False, seed=0)
        return _LOADED[key]


def _build_features() -> list[str] | None:
    """The CPU features the installed llama.cpp was built with ("AVX2", "AMX_INT8", "REPACK"),
    read from its system info; None without llama-cpp-python."""
    try:
        import llama_cpp

        info = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    except (ImportError, AttributeError):
        return None
    return [name.rpartition(":")[2].strip() for name, _, value in
            (part.partition("=") for part in info.split("|")) if value.strip() == "1"]


def amx_build() -> bool:
    """Whether the installed llama.cpp carries its AMX kernels: pip builds it with the building
    CPU's instructions, so a CPU with AMX (Intel Xeon since Sapphire Rapids) gets them. On such a
    machine of this project (a VM, 2 cores) the first decode crashed the process (segmentation
    fault in ``llama_decode``) with both bundled models; loading the weights without llama.cpp's
    extra buffer types (AMX, repacked layouts) runs the same build. ``.ci/run`` builds without AMX."""
    return "AMX_INT8" in (_build_features() or [])


def llama_build() -> str | None:
    """llama-cpp-python's version and the CPU features its llama.cpp was built with: greedy answers
    repeat themselves on one build, not across builds (evals/CHANGELOG.md, session 12)."""
    features = _build_features()
    if features is None:
        return None
    import llama_cpp

    loaded = ", weights without extra buffers" if "AMX_INT8" in features else ""
    return f"llama-cpp-python {getattr(llama_cpp, '__version__', '?')}: {' '.join(features)}{loaded}"


@contextlib.contextmanager
def _sequences(count: int) -> Iterator[None]:
    """``Llama``'s context holds ``count`` sequences in one KV cache of ``n_ctx`` cells (its
    constructor has no argument for it: the default context parameters are adjusted while it
    loads, under the load lock), so that ``batch_decoding`` can decode an article's questions
    together."""
    import llama_cpp.llama_cpp as low

    defaults = low.llama_context_default_params

    def several() -> Any:
        params = defaults()
        params.n_seq_max, params.kv_unified = count, True
        return params

    low.llama_context_default_params = several
    try:
        yield
    finally:
        low.llama_context_default_params = defaults


def sequences_of(llama: Any) -> int:
    """How many sequences a loaded model's context holds (1 for one made without ``_sequences``)."""
    try:
        import llama_cpp.llama_cpp as low

        return int(low.llama_n_seq_max(llama._ctx.ctx))
    except (ImportError, AttributeError, TypeError):
        return 1


@contextlib.contextmanager
def _plain_buffers() -> Iterator[None]:
    """``Llama`` loads its weights with ``use_extra_bufts`` off (its constructor has no argument
    for it: the default parameters it starts from are adjusted while it loads, under the load lock)."""
    import llama_cpp.llama_cpp as low

    defaults = low.llama_model_default_params

    def plain() -> Any:
        params = defaults()
        if hasattr(params, "use_extra_bufts"):
            params.use_extra_bufts = False
        return params

    low.llama_model_default_params = plain
    try:
        yield
    finally:
        low.llama_model_default_params = defaults


class LocalBackend(Backend):
    """llama.cpp in-process, one request at a time."""

    name = "local"
    concurrent = False

    def __init__(self, model_file: ModelFile, *, n_ctx: int = DEFAULT_N_CTX, n_threads: int | None = None,
                 max_retries: int = 1, llama: Any = None, draft_tokens: int = DEFAULT_DRAFT_TOKENS,
                 decoder: str = "greedy", quote_chars: int | None = DEFAULT_QUOTE_CHARS):
        super().__init__(model_file.name, max_retries=max_retries)
        #: prompt-lookup draft length for the greedy decoder (0: one token at a time)
        self.draft_tokens = draft_tokens
        #: "greedy": ``decoding.GreedyDecoder`` where the model allows it; "llama": llama.cpp's sampler
        self.decoder = decoder
        #: ``decoding.capped_quotes``: the grammar closes a quote after this many characters (None: 300)
        self.quote_chars = quote_chars
        self.model_file = model_file
        self.n_ctx = n_ctx
        self.n_threads = n_threads or default_threads()
        # Pieces of at most PIECE_TOKENS, fewer where the context leaves less room beside the
        # prompts and the answer (``Extractor.piece_tokens``).
        self.context_tokens = PIECE_TOKENS
        self.context_window = n_ctx
        self._llama = llama
        self._lock = _DECODE_LOCK
        #: speculative decoding: drafts of ``draft_tokens`` from a smaller model (measured, off)
        self.draft_model: decoding.ModelDraft | None = None
        self.drafted = self.accepted = 0  # draft tokens proposed and kept, over this backend's calls
        #: a fresh model loads the system message's state an earlier process saved (``warm_start``)
        self.warm_start = True
        #: questions asked side by side are decoded together (``side_by_side``)
        self.batching = True
        self._waiting: dict[asyncio.AbstractEventLoop, list[tuple[dict[str, Any], asyncio.Future]]] = {}
        self._answering: set[asyncio.Task] = set()

    @property
    def model_digest(self) -> str | None:
        return self.model_file.sha256

    @property
    def llama(self) -> Any:
        if self._llama is None:
            self._llama = load_llama(str(self.model_file.path), self.n_ctx, self.n_threads)
        return self._llama

    def settings(self) -> dict[str, Any]:
        capped = {"quote_chars": self.quote_chars} if self.quote_chars else {}
        drafts = {"draft_tokens": self.draft_tokens} if self.draft_tokens and self.decoder == "greedy" else {}
        together = {"decoded_together": True} if self.side_by_side else {}  # batches round otherwise
        return {**super().settings(), "model_sha256": self.model_file.sha256, "n_ctx": self.n_ctx, **capped, **drafts,
                **together}

    def runtime(self) -> str | None:
        return llama_build()

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False))

    def _llama_seconds(self) -> float | None:
        """llama.cpp's own time since the last reset: prompt evaluation plus generation."""
        try:
            import llama_cpp

            data = llama_cpp.llama_perf_context(self.llama._ctx.ctx)
            return (data.t_p_eval_ms + data.t_eval_ms) / 1000.0
        except (ImportError, AttributeError):
            return None

    def _reset_perf(self) -> None:
        try:
            import llama_cpp

            llama_cpp.llama_perf_context_reset(self.llama._ctx.ctx)
        except (ImportError, AttributeError):
            pass

    @property
    def side_by_side(self) -> bool:
        """Questions asked together are decoded together (``batch_decoding``): the greedy decoder
        with prompt-lookup drafts, one article at a time."""
        return self.batching and self.decoder == "greedy" and self.draft_model is None and self.temperature == 0.0

    def create_sync(self, **kwargs: Any) -> ChatCompletion:
        [answer] = self.create_many_sync([kwargs])
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def create_many_sync(self, requests: list[dict[str, Any]]) -> list[ChatCompletion | Exception]:
        """Each request's completion, or the error that stopped it; several greedy requests are
        decoded together when the model's context holds them."""
        schemas = []
        for kwargs in requests:
            schema = schema_of(kwargs)
            if schema is None:
                raise ConfigError("the local backend needs a response schema to constrain decoding")
            schemas.append(decoding.capped_quotes(schema, self.quote_chars) if self.quote_chars else schema)
        with self._lock:
            llama = self.llama
            if self.warm_start and decoding.supports(llama) and not llama.n_tokens:
                self._warm(requests[0]["messages"])
            self._reset_perf()
            size = max(sequences_of(llama), 1) if self.side_by_side and decoding.supports(llama) else 1
            pairs = list(zip(requests, schemas))
            decoded: list[decoding.Decoded | Exception] = []
            for start in range(0, len(pairs), size):  # as many at a time as the context has sequences
                decoded += self._decode_group(pairs[start:start + size])
            model_time = self._llama_seconds()
        share = model_time / len(requests) if model_time is not None else None
        return [one if isinstance(one, Exception) else self._completion(one, share) for one in decoded]

    def _decode_group(self, group: list[tuple[dict[str, Any], dict]]) -> list[decoding.Decoded | Exception]:
        """Requests decoded together, or one at a time where they would not fit the cache together."""
        decoded = None
        if len(group) > 1:
            jobs = [Job(kwargs["messages"], schema, kwargs.get("max_tokens")) for kwargs, schema in group]
            decoded = BatchDecoder(self.llama, self.draft_tokens).complete(jobs)
        if decoded is None:
            decoded = []
            for kwargs, schema in group:
                try:
                    decoded.append(self._decode_one(kwargs, schema))
                except QuestionRefused as exc:  # this one cannot be asked; the others can
                    decoded.append(exc)
        return decoded

    def _decode_one(self, kwargs: dict[str, Any], schema: dict) -> decoding.Decoded:
        """One request on the loaded model (the decode lock held)."""
        temperature = kwargs.get("temperature", 0.0)
        if temperature == 0.0 and self.decoder == "greedy" and decoding.supports(self.llama):
            greedy = decoding.GreedyDecoder(self.llama, self.draft_tokens, draft_model=self.draft_model)
            return greedy.complete(kwargs["messages"], schema, kwargs.get("max_tokens"))
        try:
            raw = self.llama.create_chat_completion(
                messages=kwargs["messages"], response_format={"type": "json_object", "schema": schema},
                temperature=temperature, max_tokens=kwargs.get("max_tokens"), seed=0)
        except ValueError as exc:  # llama-cpp-python's "Requested tokens (N) exceed context window of M"
            if "context window" not in str(exc):
                raise
            raise PromptTooLong(str(exc)) from None
        choice = raw["choices"][0]
        usage = raw.get("usage") or {}
        return decoding.Decoded(choice["message"]["content"] or "", choice.get("finish_reason") or "stop",
                                usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0))

    def _completion(self, decoded: decoding.Decoded, model_time: float | None) -> ChatCompletion:
        """An OpenAI-shaped completion of a decoded answer; one cut off at the token cap keeps its
        complete records rather than being re-asked."""
        self.drafted += decoded.drafted
        self.accepted += decoded.accepted
        text, finish, cut = decoded.text, decoded.finish_reason, False
        if finish == "length":
            salvaged = salvage_truncated_json(text)
            if salvaged is not None:
                text, finish, cut = salvaged, "stop", True
        completion = completion_from_text(text, model=self.model, finish_reason=finish,
                                          prompt_tokens=decoded.prompt_tokens,
                                          completion_tokens=decoded.completion_tokens)
        if model_time is not None:
            object.__setattr__(completion, "_model_time_s", model_time)
        if cut:
            object.__setattr__(completion, "_salvaged", True)
        return completion

    def _warm(self, messages: list[dict[str, str]]) -> None:
        """A fresh model's KV cache gets the prompt all requests share (the system message),
        loaded from the model folder when an earlier process saved it (``warm_start``)."""
        llama = self.llama
        prompt = decoding.chat_prompt_tokens(llama, messages)
        other = decoding.chat_prompt_tokens(llama, [*messages[:-1], {"role": "user", "content": ""}])
        prefix = prompt[: decoding.shared_length(prompt, other)]
        key = warm_start.state_key(prefix, self.model_file.sha256 or str(self.model_file.path), llama_build(),
                                   llama.n_batch)
        warm_start.warm(llama, prefix, cache_dir() / "prompt-states", key)

    async def create(self, **kwargs: Any) -> ChatCompletion:
        if not self.side_by_side:
            return await asyncio.to_thread(self.create_sync, **kwargs)
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[ChatCompletion] = loop.create_future()
        waiting = self._waiting.setdefault(loop, [])
        waiting.append((kwargs, answer))
        if len(waiting) == 1:
            self._answering.add(loop.create_task(self._answer_waiting(loop)))
        return await answer

    async def _answer_waiting(self, loop: asyncio.AbstractEventLoop) -> None:
        """Decode together the requests this event loop made in one turn (an article's record
        types, or their second-pass questions)."""
        try:
            await asyncio.sleep(0)  # the other questions asked at once arrive in this turn
            batch = self._waiting.pop(loop, [])
            try:
                answers: list[Any] = await asyncio.to_thread(self.create_many_sync, [kwargs for kwargs, _ in batch])
            except BaseException as exc:  # noqa: BLE001 (each waiting request gets the error)
                answers = [exc] * len(batch)
            for (_, future), answer in zip(batch, answers):
                if future.done():
                    continue
                if isinstance(answer, BaseException):
                    future.set_exception(answer)
                else:
                    future.set_result(answer)
        finally:
            self._answering.discard(asyncio.current_task())  # type: ignore[arg-type]

    def model_time_of(self, response: ChatCompletion) -> float | None:
        return getattr(response, "_model_time_s", None)
