"""The pipeline's own overhead per article, against a zero-latency loopback server.

Starts tests/support/replay_server.py in a subprocess (it answers every call at once from
the gold files), extracts the seed articles ROUNDS times through the endpoint backend (aiohttp),
instructor, grounding and assembly, and prints the median milliseconds per article.

    python scripts/bench_overhead.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def bench(base_url: str, rounds: int) -> list[float]:
    from extractor.backends.openai import OpenAIBackend
    from extractor.inputs import InputProblem, read_articles
    from extractor.run.article import Extractor

    articles = [a for a in read_articles([str(ROOT / "evals" / "articles")]) if not isinstance(a, InputProblem)]
    extractor = Extractor(OpenAIBackend("replay", base_url=base_url, api_key="none"))
    timings = []
    for _ in range(rounds):
        for article in articles:
            started = time.perf_counter()
            await extractor.extract(article)
            timings.append((time.perf_counter() - started) * 1000)
    await extractor.backend.aclose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "tests" / "support" / "replay_server.py"), "--port",
                               str(port), "--gold", str(ROOT / "evals" / "gold")], cwd=ROOT,
                              stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        server.stdout.readline()  # ready line
        timings = asyncio.run(bench(f"http://127.0.0.1:{port}/v1", args.rounds))
    finally:
        server.terminate()
    timings.sort()
    print(f"articles: {len(timings)} ({args.rounds} rounds over evals/articles; the record-type calls and the "
          "second-pass calls, which the server answers with empty lists)")
    print(f"pipeline overhead per article: median {statistics.median(timings):.1f} ms, "
          f"p90 {timings[int(len(timings) * 0.9)]:.1f} ms, min {timings[0]:.1f} ms")


if __name__ == "__main__":
    main()
