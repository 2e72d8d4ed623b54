"""Throughput of one process, shards and Ray workers against an endpoint that answers at once.

The loopback gold server (tests/support/replay_server.py --fast, an aiohttp subprocess that
remembers its answers) answers every call at once with the drafts a perfect model would write, so what is measured is the pipeline:
HTTP client, validation, grounding, assembly and the store. ARTICLES articles are made from
the eval sets' 53 articles (unique ids, texts repeated, --no-cache). Figures per mode:
articles/s (wall) and CPU ms per article of the processes measured (one process: itself;
shards: both CLI processes, start-up included; Ray: the driver only, the actors' CPU is not
counted). Ray's wall time includes starting a local Ray; "steady" counts from the first result.

    python scripts/bench_scale.py [--articles 500] [--modes process,shards,ray1,ray2,fresh]
    python scripts/bench_scale.py --articles 8000 --modes process --slices 1000   # flat over a long run?
    python scripts/bench_scale.py --embedded [--articles 4] [--model qwen2.5-coder-1.5b]
    python scripts/bench_scale.py --embedded --dry-run     # the same plumbing with a fake model

The corpus repeats 53 texts, so after the first round a process has seen every name, system
and place in it; ``fresh`` measures what the repeats hide: in each of 5 new processes, warmed
up on the seeds and the contrast set (lazy tables loaded), each dev-set article once, as a
feed's news, which names new people and systems every day; CPU ms per article, the median
process reported.

``--embedded`` gives seconds per article of the embedded model on 1 and 2 Ray workers (each
actor loads the model once and gets its share of the cores).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.backends.choice import BackendOptions, make_backend  # noqa: E402
from extractor.backends.fake import FakeBackend  # noqa: E402
from extractor.inputs import InputProblem, read_articles  # noqa: E402
from extractor.run.article import Extractor  # noqa: E402
from extractor.run.batch import execute_run  # noqa: E402
from extractor.run.ray_engine import RayEngine  # noqa: E402
from extractor.store import Store  # noqa: E402

SETS = [(ROOT / "evals" / "articles", ROOT / "evals" / "gold"),
        (ROOT / "evals" / "contrast" / "articles", ROOT / "evals" / "contrast" / "gold"),
        (ROOT.parent / "shared" / "devset" / "articles", ROOT.parent / "shared" / "devset" / "gold")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def corpus(n: int) -> list:
    base = [a for folder, _ in SETS if folder.exists() for a in read_articles([str(folder)])
            if not isinstance(a, InputProblem)]
    return [dataclasses.replace(base[i % len(base)], id=f"{base[i % len(base)].id}-{i}") for i in range(n)]


def line(mode: str, n: int, wall: float, cpu: float | None, steady: float | None = None) -> str:
    cpu_text = f", CPU {cpu / n * 1000:.1f} ms/article" if cpu is not None else ""
    steady_text = f", steady {steady:.1f} articles/s" if steady else ""
    return f"{mode:<28} {n} articles in {wall:.1f} s: {n / wall:.1f} articles/s{steady_text}{cpu_text}"


def in_process(articles: list, make, engine: RayEngine | None, concurrency: int = 8,
               slices: int = 0) -> tuple[float, float, float]:
    """Wall s, this process's CPU s, steady articles/s (from the first result). With ``slices``,
    prints the figures of each slice of that many articles (does saving slow as the run grows?)."""
    first: list[float] = []
    stamps: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        extractor = Extractor(make())
        if engine is not None:
            engine.store = str(Path(tmp) / "bench.db")
        wall, cpu = time.perf_counter(), time.process_time()
        execute_run(extractor, articles, store=store, use_cache=False, concurrency=concurrency, engine=engine,
                    on_result=lambda r, c: (first.append(time.perf_counter()), stamps.append(
                        (time.perf_counter(), time.process_time()))))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    for i in range(0, len(stamps) - slices, slices) if slices else ():
        (w0, c0), (w1, c1) = stamps[i], stamps[i + slices]
        print(f"  results {i + 1}-{i + slices}: {slices / (w1 - w0):.1f} articles/s, "
              f"CPU {(c1 - c0) / slices * 1000:.1f} ms/article", flush=True)
    steady = (len(first) - 1) / (first[-1] - first[0]) if len(first) > 1 and first[-1] > first[0] else None
    return wall, cpu, steady


def shards(articles: list, url: str, n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text("".join(json.dumps({"id": a.id, "text": a.text, "published": a.published.isoformat()
                                            if a.published else None}) + "\n" for a in articles))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        procs = [subprocess.Popen([sys.executable, "-c", "from extractor.cli import main; main()", "run", str(feed),
                                   "--base-url", url, "--model", "replay", "--no-cache", "--concurrency", "8",
                                   "--db", str(Path(tmp) / "bench.db"), "--shard", f"{k}/{n}", "-q",
                                   "--out", str(Path(tmp) / f"out{k}.jsonl")], env=env, stderr=subprocess.PIPE)
                 for k in range(1, n + 1)]
        for p in procs:
            _, err = p.communicate()
            if p.returncode not in (0, 1):
                raise SystemExit(f"shard failed: {err.decode().strip().splitlines()[-1]}")
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        written = sum(len((Path(tmp) / f"out{k}.jsonl").read_text().splitlines()) for k in range(1, n + 1))
        assert written == len(articles), f"{written} results for {len(articles)} articles"
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def fresh_process(url: str) -> tuple[float, int]:
    """CPU seconds and articles of one new process that sees each article once (``fresh``)."""
    out = subprocess.run([sys.executable, __file__, "--fresh-child", url], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True).stdout
    cpu, n = json.loads(out.splitlines()[-1])
    return cpu, n


def fresh_child(url: str) -> None:
    make = functools.partial(make_backend, BackendOptions(model="replay", base_url=url))
    sets = [[a for a in read_articles([str(folder)]) if not isinstance(a, InputProblem)]
            for folder, _ in SETS if folder.exists()]
    in_process([a for found in sets[:-1] for a in found], make, None)  # warm-up: lazy tables, statements
    _, cpu, _ = in_process(sets[-1], make, None)
    print(json.dumps([cpu, len(sets[-1])]))


def fake_model() -> FakeBackend:
    """--dry-run: a model that answers every question with an empty list, at once."""
    def answer(messages):
        task = messages[-1]["content"]
        return next(({k: []} for k in ("agreements", "meetings") if f"TASK: {k}" in task), {"systems": [], "transfers": []})
    return FakeBackend(responder=answer)


def endpoint(args: argparse.Namespace) -> None:
    port = free_port()
    server = [sys.executable, str(ROOT / "tests" / "support" / "replay_server.py"), "--port", str(port), "--fast"]
    for _, gold in SETS:
        if gold.exists():
            server += ["--gold", str(gold)]
    proc = subprocess.Popen(server, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    proc.stdout.readline()
    url = f"http://127.0.0.1:{port}/v1"
    articles = corpus(args.articles)
    make = functools.partial(make_backend, BackendOptions(model="replay", base_url=url))
    print(f"{len(articles)} articles against the loopback gold server ({url}); {os.cpu_count()} CPUs here")
    try:
        in_process(corpus(20), make, None)  # warm-up: imports, gazetteer, schemas
        for mode in args.modes.split(","):
            if mode == "process":
                wall, cpu, _ = in_process(articles, make, None, slices=args.slices)
                print(line("1 process", len(articles), wall, cpu), flush=True)
            elif mode == "shards":
                wall, cpu = shards(articles, url, 2)
                print(line("2 shards (CLI processes)", len(articles), wall, cpu), flush=True)
            elif mode == "fresh":
                runs = sorted(fresh_process(url) for _ in range(5))
                cpu, n = runs[len(runs) // 2]
                print(f"{'1 process, first sight':<28} {n} new articles in each of 5 processes: CPU {cpu / n * 1000:.1f} "
                      f"ms/article (median; range {runs[0][0] / n * 1000:.1f}-{runs[-1][0] / n * 1000:.1f})", flush=True)
            elif mode.startswith("ray"):
                workers = int(mode[3:])
                wall, cpu, steady = in_process(articles, make, RayEngine(workers, make, concurrency=8))
                print(line(f"Ray, {workers} worker(s) (driver CPU)", len(articles), wall, cpu, steady), flush=True)
            else:
                raise SystemExit(f"unknown mode {mode!r}: process, shards, ray1, ray2, fresh")
    finally:
        proc.terminate()


def embedded(args: argparse.Namespace) -> None:
    articles = corpus(args.articles)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2
    for workers in (1, 2):
        if args.dry_run:
            make = fake_model
        else:
            make = functools.partial(make_backend, BackendOptions(model=args.model, threads=max(1, cores // workers)))
        wall, _, steady = in_process(articles, make, RayEngine(workers, make))
        what = "fake model (dry run)" if args.dry_run else f"{args.model}, {max(1, cores // workers)} thread(s) each"
        print(f"Ray, {workers} worker(s), {what}: {len(articles)} articles in {wall:.1f} s: "
              f"{wall / len(articles):.1f} s/article (Ray start and model loads included)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="default 500 (endpoint), 4 (--embedded)")
    parser.add_argument("--modes", default="process,shards,ray1,ray2")
    parser.add_argument("--slices", type=int, default=0, metavar="N",
                        help="process mode: also the figures of every N results (a long run should stay flat)")
    parser.add_argument("--embedded", action="store_true", help="seconds per article of the embedded model on Ray")
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--dry-run", action="store_true", help="with --embedded: a fake model instead")
    parser.add_argument("--fresh-child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fresh_child:
        return fresh_child(args.fresh_child)
    args.articles = args.articles or (4 if args.embedded else 500)
    embedded(args) if args.embedded else endpoint(args)


if __name__ == "__main__":
    main()
