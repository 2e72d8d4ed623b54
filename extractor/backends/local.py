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
from extractor.backends.base import Backend, completion_from_text, schema_of
from extractor.backends.model_files import ModelFile, cache_dir
from extractor.backends.salvage import salvage_truncated_json
from extractor.errors import ConfigError, PromptTooLong

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
            with _plain_buffers() if amx_build() else contextlib.nullcontext():
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
        return {**super().settings(), "model_sha256": self.model_file.sha256, "n_ctx": self.n_ctx, **capped, **drafts}

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

    def create_sync(self, **kwargs: Any) -> ChatCompletion:
        schema = schema_of(kwargs)
        if schema is None:
            raise ConfigError("the local backend needs a response schema to constrain decoding")
        if self.quote_chars:
            schema = decoding.capped_quotes(schema, self.quote_chars)
        temperature = kwargs.get("temperature", 0.0)
        with self._lock:
            if self.warm_start and decoding.supports(self.llama) and not self.llama.n_tokens:
                self._warm(kwargs["messages"])
            self._reset_perf()
            if temperature == 0.0 and self.decoder == "greedy" and decoding.supports(self.llama):
                greedy = decoding.GreedyDecoder(self.llama, self.draft_tokens, draft_model=self.draft_model)
                decoded = greedy.complete(kwargs["messages"], schema, kwargs.get("max_tokens"))
                self.drafted += decoded.drafted
                self.accepted += decoded.accepted
                text, finish = decoded.text, decoded.finish_reason
                usage = {"prompt_tokens": decoded.prompt_tokens, "completion_tokens": decoded.completion_tokens}
            else:
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
                text, finish = choice["message"]["content"] or "", choice.get("finish_reason") or "stop"
            model_time = self._llama_seconds()
        cut = False
        if finish == "length":
            # Cut off at the token cap: keep the complete records rather than re-asking.
            salvaged = salvage_truncated_json(text)
            if salvaged is not None:
                text, finish, cut = salvaged, "stop", True
        completion = completion_from_text(
            text, model=self.model, finish_reason=finish,
            prompt_tokens=usage.get("prompt_tokens", 0), completion_tokens=usage.get("completion_tokens", 0),
        )
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
        return await asyncio.to_thread(self.create_sync, **kwargs)

    def model_time_of(self, response: ChatCompletion) -> float | None:
        return getattr(response, "_model_time_s", None)
