"""Seconds and tokens per article with the embedded model, and how close to llama.cpp's limit.

Extracts every article of an eval set with a local model (no cache), then prints per
article: wall seconds, prompt tokens sent, completion tokens, model calls (three record
types plus the second passes) and the ratio of wall time to the time llama.cpp itself spent
evaluating and generating.

    python scripts/bench_local.py [--set seeds] [--model qwen2.5-coder-1.5b] [--limit N] [--no-second-pass]
                                  [--decoder greedy|llama] [--draft-tokens 3] [--draft-model qwen2.5-coder-0.5b]
                                  [--quote-chars N] [--one-at-a-time]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's package, not an installed one

from extractor.backends.choice import BackendOptions, make_backend  # noqa: E402
from extractor.backends.decoding import ModelDraft  # noqa: E402
from extractor.backends.local import DEFAULT_DRAFT_TOKENS, load_llama  # noqa: E402
from extractor.evals.runner import set_articles  # noqa: E402
from extractor.evals.runs import load_eval_set  # noqa: E402
from extractor.run.article import ExtractOptions, Extractor  # noqa: E402


async def bench(set_name: str, model: str | None, limit: int | None, second_pass: bool = True,
                decoder: str = "greedy", draft_tokens: int = DEFAULT_DRAFT_TOKENS, draft_model: str | None = None,
                quote_chars: int | None = None, together: bool = True) -> None:
    backend = make_backend(BackendOptions(model=model))
    backend.decoder, backend.draft_tokens, backend.quote_chars = decoder, draft_tokens, quote_chars
    backend.batching = together
    if draft_model:  # speculative decoding: the small model drafts, the default model verifies
        drafter = make_backend(BackendOptions(model=draft_model, threads=backend.n_threads))
        backend.draft_model = ModelDraft(load_llama(str(drafter.model_file.path), backend.n_ctx, backend.n_threads))
    started = time.perf_counter()
    backend.llama  # load the model before timing articles  # noqa: B018
    load_s = time.perf_counter() - started
    extractor = Extractor(backend, options=ExtractOptions() if second_pass else ExtractOptions(second_pass=()))
    articles = set_articles(load_eval_set(set_name))[:limit]
    rows = []
    print(f"decoder {decoder}, drafts of {draft_tokens} tokens" + (f" from {draft_model}" if draft_model else "")
          + (f", quotes held to {quote_chars} characters" if quote_chars else "")
          + (", questions decoded together" if backend.side_by_side else ", one question at a time"))
    print(f"model {backend.model} ({backend.n_threads} threads), loaded in {load_s:.1f}s; prompt {extractor.prompt_version}")
    print(f"{'article':<24}{'wall s':>8}{'llama s':>9}{'ratio':>7}{'prompt':>8}{'compl.':>8}{'calls':>6}{'records':>8}")
    for article in articles:
        t0 = time.perf_counter()
        outcome = await extractor.extract(article)
        wall = time.perf_counter() - t0
        p = outcome.result.provenance
        llama_s = p.model_time_s or 0.0
        n = len(outcome.result.agreements) + len(outcome.result.transfers) + len(outcome.result.meetings)
        rows.append((wall, llama_s, p.usage.prompt_tokens, p.usage.completion_tokens))
        print(f"{article.id[:23]:<24}{wall:>8.1f}{llama_s:>9.1f}{wall / llama_s if llama_s else 0:>7.2f}"
              f"{p.usage.prompt_tokens:>8}{p.usage.completion_tokens:>8}{p.attempts:>6}{n:>8}", flush=True)
    walls = [r[0] for r in rows]
    total_wall, total_llama = sum(walls), sum(r[1] for r in rows)
    print(f"median s/article {statistics.median(walls):.1f}; mean {statistics.mean(walls):.1f}")
    print(f"mean prompt tokens/article {statistics.mean(r[2] for r in rows):.0f}; "
          f"mean completion tokens/article {statistics.mean(r[3] for r in rows):.0f}")
    print(f"wall / llama.cpp time: {total_wall / total_llama:.3f} ({total_wall:.1f}s / {total_llama:.1f}s)")
    if backend.drafted:
        print(f"draft tokens kept: {backend.accepted} of {backend.drafted} ({backend.accepted / backend.drafted:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="seeds")
    parser.add_argument("--model")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--no-second-pass", action="store_true", help="only the three record-type calls")
    parser.add_argument("--decoder", choices=["greedy", "llama"], default="greedy",
                        help="greedy: the project's decoder (default); llama: llama.cpp's own sampler")
    parser.add_argument("--draft-tokens", type=int, default=DEFAULT_DRAFT_TOKENS,
                        help=f"prompt-lookup draft length (0: one token at a time; default {DEFAULT_DRAFT_TOKENS})")
    parser.add_argument("--draft-model", help="a smaller local model drafting --draft-tokens (speculative decoding)")
    parser.add_argument("--quote-chars", type=int, help="hold quotes to N characters while decoding (off by default)")
    parser.add_argument("--one-at-a-time", action="store_true",
                        help="decode an article's questions one after another, not together (as before session 15)")
    args = parser.parse_args()
    asyncio.run(bench(args.set, args.model, args.limit, second_pass=not args.no_second_pass,
                      decoder=args.decoder, draft_tokens=args.draft_tokens, draft_model=args.draft_model,
                      quote_chars=args.quote_chars, together=not args.one_at_a_time))


if __name__ == "__main__":
    main()
