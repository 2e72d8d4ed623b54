"""Print the raw model answers per record type for one article (prompt debugging aid).

    python scripts/probe.py ARTICLE.txt [--published YYYY-MM-DD] [--model NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from extractor.backends.choice import BackendOptions, make_backend
from extractor.asking.answers import ANSWERS
from extractor.inputs import parse_published, read_articles
from extractor.run.article import DEFAULT_MAX_TOKENS
from extractor.asking.prompts import load_prompts
from extractor.contract import RECORD_TYPES


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("article")
    parser.add_argument("--published")
    parser.add_argument("--model")
    parser.add_argument("--types", default=",".join(RECORD_TYPES))
    args = parser.parse_args()
    backend = make_backend(BackendOptions(model=args.model))
    article = next(iter(read_articles([args.article], parse_published(args.published, "--published"))))
    for record_type in args.types.split(","):
        started = time.perf_counter()
        completion = await backend.complete(load_prompts().messages(article, record_type), ANSWERS[record_type],
                                            max_tokens=DEFAULT_MAX_TOKENS[record_type])
        print(f"== {record_type} {time.perf_counter() - started:.1f}s {completion.usage}")
        for call in completion.calls:
            print(call.response_text)


if __name__ == "__main__":
    asyncio.run(main())
