"""Greedy decoding under a JSON-Schema grammar, without llama-cpp-python's per-token overheads.

``Llama.create_chat_completion`` with a schema applies the grammar to every one of the
vocabulary's ~150k candidates at each step, and evaluates one token at a time. With greedy
decoding neither is needed to get the same tokens:

- **Grammar only when it matters.** Take the most likely token; ask the grammar about that
  one token; only when it refuses, filter the whole vocabulary and take the best token left.
  The token chosen is the one greedy sampling over the grammar-filtered vocabulary picks.
- **Prompt lookup drafts.** Answers copy the article (quotes, names, designations) and repeat
  the JSON keys of the guide's example: the tokens that followed the last n-gram earlier in
  the context are a cheap draft. One batch evaluates the draft; every draft token that equals
  the greedy choice is kept, the first that does not is replaced by the greedy choice and
  the rest is dropped from the KV cache. Greedy verification keeps the output the model
  would give token by token (up to llama.cpp's small numeric differences between batch sizes).
  Or speculative decoding: a smaller model of the same tokenizer drafts (``ModelDraft``).
- **The schema's grammar is converted once** per schema, not once per call.

The chat template, the tokenizer and the KV-cache prefix reuse across calls are
llama-cpp-python's own; llama_cpp is imported lazily (it is the ``local`` extra).
"""

from __future__ import annotations

import ctypes
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from extractor.errors import PromptTooLong, QuestionRefused

_TOKEN_DATA = np.dtype([("id", np.intc), ("logit", np.single), ("p", np.single)], align=True)


@dataclass
class Decoded:
    text: str
    finish_reason: str  # "stop" or "length"
    prompt_tokens: int
    completion_tokens: int
    drafted: int = 0  # draft tokens proposed
    accepted: int = 0  # draft tokens kept


@lru_cache(maxsize=64)
def grammar_text(schema_json: str) -> str:
    """The GBNF grammar of a JSON Schema, converted once per schema."""
    from llama_cpp.llama_grammar import LlamaGrammar

    return LlamaGrammar.from_json_schema(schema_json, verbose=False)._grammar


def capped_quotes(schema: Any, chars: int) -> Any:
    """The schema with every ``quote`` string held to ``chars`` characters: the grammar closes a
    quote there. A quote only has to find its sentence (the evidence is the whole sentence), and
    small models copy whole sentences, a third of the tokens they generate."""
    if isinstance(schema, list):
        return [capped_quotes(item, chars) for item in schema]
    if not isinstance(schema, dict):
        return schema
    capped = {key: capped_quotes(value, chars) for key, value in schema.items()}
    quote = capped.get("properties", {}).get("quote")
    if isinstance(quote, dict) and quote.get("type") == "string":
        capped["properties"]["quote"] = {**quote, "maxLength": min(quote.get("maxLength", chars), chars)}
    return capped


class Grammar:
    """A llama.cpp grammar sampler asked about one token, or about the whole vocabulary."""

    def __init__(self, llama: Any, schema: dict):
        from llama_cpp import llama_cpp as C

        self._C = C
        self._vocab = llama._model.vocab
        self._sampler = C.llama_sampler_init_grammar(
            self._vocab, grammar_text(json.dumps(schema)).encode("utf-8"), b"root")
        if not self._sampler:
            raise QuestionRefused("llama.cpp could not parse the grammar of this question's answer schema")
        self._one = (C.llama_token_data * 1)()
        self._n_vocab = llama.n_vocab()
        self._all = np.zeros(self._n_vocab, dtype=_TOKEN_DATA)
        self._all["id"] = np.arange(self._n_vocab, dtype=np.intc)

    def allows(self, token: int) -> bool:
        C = self._C
        self._one[0].id, self._one[0].logit, self._one[0].p = token, 0.0, 0.0
        array = C.llama_token_data_array(self._one, 1, -1, False)
        C.llama_sampler_apply(self._sampler, ctypes.byref(array))
        return self._one[0].logit != -np.inf

    def best_allowed(self, logits: np.ndarray) -> int:
        C = self._C
        self._all["logit"] = logits
        self._all["p"] = 0.0
        data = self._all.ctypes.data_as(ctypes.POINTER(C.llama_token_data))
        array = C.llama_token_data_array(data, self._n_vocab, -1, False)
        C.llama_sampler_apply(self._sampler, ctypes.byref(array))
        return int(self._all["id"][int(np.argmax(self._all["logit"]))])

    def accept(self, token: int) -> None:
        self._C.llama_sampler_accept(self._sampler, token)

    def close(self) -> None:
        if self._sampler:
            self._C.llama_sampler_free(self._sampler)
            self._sampler = None


def supports(llama: Any) -> bool:
    """Whether the model's chat prompt comes from its own template (what the decoder rebuilds);
    other chat formats keep ``create_chat_completion``."""
    return (getattr(llama, "chat_handler", None) is None and hasattr(llama, "_ctx")
            and getattr(llama, "chat_format", None) == "chat_template.default")


def chat_prompt_tokens(llama: Any, messages: list[dict[str, str]]) -> list[int]:
    """The prompt ``create_chat_completion`` builds: the model's own chat template, with the
    end and start tokens it names."""
    from llama_cpp import llama_chat_format

    eos, bos = llama.token_eos(), llama.token_bos()
    formatter = llama_chat_format.Jinja2ChatFormatter(
        template=llama.metadata["tokenizer.chat_template"],
        eos_token=llama._model.token_get_text(eos) if eos != -1 else "",
        bos_token=llama._model.token_get_text(bos) if bos != -1 else "")
    result = formatter(messages=messages)
    return llama.tokenize(result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True)


def shared_length(a: Any, b: Any) -> int:
    """How many tokens two token sequences have in common at their start."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def eval_prefix(llama: Any, tokens: list[int]) -> np.ndarray:
    """Evaluate ``tokens`` on ``llama``, reusing the longest prefix already in its KV cache;
    the last position's logits."""
    shared = shared_length(llama.input_ids[: llama.n_tokens], tokens)
    shared = min(shared, len(tokens) - 1)  # evaluate at least one token for fresh logits
    llama.n_tokens = shared
    llama.eval(tokens[shared:])
    return np.ctypeslib.as_array(llama._ctx.get_logits_ith(-1), shape=(llama.n_vocab(),)).copy()


def lookup_draft(context: np.ndarray, ngram: int, tokens: int) -> list[int]:
    """The ``tokens`` tokens that followed the latest earlier occurrence of the context's last
    ``ngram`` tokens (a short n-gram drafts noise, and a rejected draft costs a batch)."""
    if tokens <= 0 or len(context) <= ngram:
        return []
    windows = np.lib.stride_tricks.sliding_window_view(context[:-1], ngram)
    hits = np.flatnonzero((windows == context[-ngram:]).all(axis=1))
    if not len(hits):
        return []
    start = int(hits[-1]) + ngram
    return [int(t) for t in context[start:start + tokens]]


def choose(grammar: Grammar, logits: np.ndarray) -> int:
    """The greedy token the grammar allows, accepted into the grammar's state."""
    token = int(np.argmax(logits))
    if not grammar.allows(token):
        token = grammar.best_allowed(logits)
    grammar.accept(token)
    return token


def keep_drafted(grammar: Grammar, rows: np.ndarray, draft: list[int], out: list[int], limit: int,
                 is_end: Any) -> tuple[int, int]:
    """Greedy verification of a draft evaluated after the last token (``rows``: the logits of that
    token and of each drafted one): each drafted token the model would choose too is appended to
    ``out`` (up to ``limit`` tokens), the first it would not is replaced by its own choice. The
    token chosen next (not yet in ``out``) and how many drafted tokens were kept."""
    kept = 0
    token = choose(grammar, rows[0])
    while kept < len(draft) and token == draft[kept] and not is_end(token):
        out.append(token)
        kept += 1
        if len(out) >= limit:
            break
        token = choose(grammar, rows[kept])
    return token, kept


class ModelDraft:
    """Speculative decoding's drafts: a smaller model of the same tokenizer continues the
    context greedily (no grammar: the big model's verification keeps only what it would say)."""

    def __init__(self, llama: Any):
        self.llama = llama

    def __call__(self, context: np.ndarray, tokens: int) -> list[int]:
        from llama_cpp import llama_cpp as C

        llama = self.llama
        if len(context) + tokens >= llama.n_ctx():
            return []
        logits = eval_prefix(llama, [int(t) for t in context])
        out: list[int] = []
        for _ in range(tokens):
            token = int(np.argmax(logits))
            if C.llama_vocab_is_eog(llama._model.vocab, token):
                break
            out.append(token)
            if len(out) < tokens:
                llama.eval([token])
                logits = np.ctypeslib.as_array(llama._ctx.get_logits_ith(-1), shape=(llama.n_vocab(),))
        return out


class GreedyDecoder:
    """Greedy, grammar-constrained completion of chat messages on one ``Llama``."""

    def __init__(self, llama: Any, draft_tokens: int = 8, ngram: int = 3, draft_model: ModelDraft | None = None):
        self.llama = llama
        self.draft_tokens = draft_tokens
        self.ngram = ngram
        #: drafts from a smaller model instead of prompt lookup
        self.draft_model = draft_model

    def _draft(self, context: np.ndarray) -> list[int]:
        """Prompt lookup's draft (``lookup_draft``), or, with a draft model, what it says next."""
        if self.draft_model is not None and self.draft_tokens > 0 and len(context) > self.ngram:
            return self.draft_model(context, self.draft_tokens)
        return lookup_draft(context, self.ngram, self.draft_tokens)

    def _eval_prompt(self, tokens: list[int]) -> np.ndarray:
        return eval_prefix(self.llama, tokens)

    def _eval_batch(self, tokens: list[int]) -> np.ndarray:
        """Evaluate tokens after the cache, logits for every one of them."""
        llama = self.llama
        n_past, n = llama.n_tokens, len(tokens)
        llama._ctx.kv_cache_seq_rm(-1, n_past, -1)
        llama._batch.set_batch(batch=tokens, n_past=n_past, logits_all=True)
        llama._ctx.decode(llama._batch)
        llama.input_ids[n_past:n_past + n] = tokens
        llama.n_tokens += n
        return np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(n, llama.n_vocab())).copy()

    def complete(self, messages: list[dict[str, str]], schema: dict, max_tokens: int | None) -> Decoded:
        from llama_cpp import llama_cpp as C

        llama = self.llama
        prompt = chat_prompt_tokens(llama, messages)
        if len(prompt) >= llama.n_ctx():
            raise PromptTooLong(f"a request of {len(prompt)} tokens does not fit the model's context of "
                                f"{llama.n_ctx()} tokens")
        limit = llama.n_ctx() - len(prompt)
        if max_tokens:
            limit = min(limit, max_tokens)
        vocab = llama._model.vocab
        grammar = Grammar(llama, schema)
        out: list[int] = []
        drafted = accepted = 0
        finish = "length"
        try:
            logits = self._eval_prompt(prompt)
            token = choose(grammar, logits)
            while True:
                if C.llama_vocab_is_eog(vocab, token):
                    finish = "stop"
                    break
                out.append(token)
                if len(out) >= limit:
                    break
                room = min(limit - len(out), llama.n_ctx() - llama.n_tokens - 1)
                context = np.asarray(prompt + out, dtype=np.intc)
                draft = self._draft(context)[: max(0, room - 1)]
                rows = self._eval_batch([token, *draft])
                drafted += len(draft)
                token, kept = keep_drafted(grammar, rows, draft, out, limit, lambda t: C.llama_vocab_is_eog(vocab, t))
                accepted += kept
                if len(out) >= limit:
                    break
                if kept < len(draft):  # the rest of the draft is not what the model says
                    llama.n_tokens -= len(draft) - kept
                    llama._ctx.kv_cache_seq_rm(-1, llama.n_tokens, -1)
        finally:
            grammar.close()
        text = llama.detokenize(out).decode("utf-8", errors="ignore")
        return Decoded(text, finish, len(prompt), len(out), drafted, accepted)
