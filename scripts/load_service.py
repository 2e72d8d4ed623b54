"""Load on the HTTP service, on loopback: what the service itself costs, and that it loses nothing.

Default mode: the service runs in a subprocess (uvicorn, the real app) with the fake backend
answering at once from the seeds' gold files; CLIENTS concurrent clients, each with its own
key, send REQUESTS synchronous extractions each (after CALM extractions by one client
alone, which give the service's own cost per request with nothing queued) (every article text unique, so none comes
from the cache) and then one job of two articles, polled until finished. It prints the
request latency (p50 / p99), the wait for the model and the time inside the pipeline (the
Server-Timing header), what is left (the service's own overhead: HTTP, auth, JSON, the store),
the latency of job status polls, and the requests lost (an error, a missing or incomplete result): must be 0.

    python scripts/load_service.py [--clients 200] [--requests 1] [--calm 50]

--embedded: seconds per article through the service (one job of the articles, timed from
POST to finished) against `extractor run` on the same articles, both with the embedded model
(or the backend options given after --), each on a new store with --no-cache.

    python scripts/load_service.py --embedded [--set devset] [--limit N] [-- --model qwen2.5-coder-0.5b]
    python scripts/load_service.py --embedded --limit 2 --dry-run   # loopback replay endpoint, no model
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's extractor and tests.support, not an installed copy
SETS = {"seeds": ROOT / "evals" / "articles", "contrast": ROOT / "evals" / "contrast",
        "devset": ROOT.parent / "shared" / "devset" / "articles"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def env_with_root(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            **extra}


def wait_healthy(base: str, process: subprocess.Popen, timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the service exited with status {process.returncode}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the service did not start in time")


# --- the fake-backend service (run in its own process) -------------------------------------

def serve_fake(port: int, db: str) -> None:
    from extractor.backends.fake import FakeBackend
    from extractor.service import ServiceSettings, create_app, run_server
    from tests.support.replay_server import GoldAnswers

    backend = FakeBackend("fake-model", responder=GoldAnswers([ROOT / "evals" / "gold"]).answer)
    run_server(create_app(db, backend, settings=ServiceSettings()), "127.0.0.1", port)


def make_keys(db: str, count: int) -> list[str]:
    from extractor.store import Store
    from extractor.store.keys import create_key

    with Store.open(db) as store:
        return [create_key(store, f"client{n}") for n in range(count)]


async def client(base: str, key: str, number: int, articles: list[str], requests: int, stats: dict) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=600) as http:
        for n in range(requests):
            text = articles[(number + n) % len(articles)] + f"\n\n(Load test copy {number}.{n}.)"
            started = time.perf_counter()
            try:
                answer = await http.post("/v1/extract", json={"id": f"c{number}-{n}", "text": text})
                latency = time.perf_counter() - started
                result = answer.json() if answer.status_code == 200 else None
            except (httpx.HTTPError, ValueError) as exc:
                stats["lost"].append(f"c{number}-{n}: {type(exc).__name__}")
                continue
            if result is None or result.get("status") != "complete":
                stats["lost"].append(f"c{number}-{n}: HTTP {answer.status_code} {answer.text[:100]}")
                continue
            timing = dict(part.strip().split(";dur=") for part in answer.headers["Server-Timing"].split(","))
            queued, inside = float(timing["queue"]) / 1000, float(timing["extract"]) / 1000
            stats["latency"].append(latency)
            stats["queue"].append(queued)
            stats["pipeline"].append(inside)
            stats["overhead"].append(latency - queued - inside)
        job_articles = [{"id": f"j{number}-{i}", "text": articles[(number + i) % len(articles)] + f"\n\n(Job {number}.)"}
                        for i in range(2)]
        try:
            job = (await http.post("/v1/jobs", json={"articles": job_articles})).json()["id"]
            while True:
                started = time.perf_counter()
                polled = await http.get(f"/v1/jobs/{job}")
                stats["polls"].append(time.perf_counter() - started)
                if (status := polled.json())["status"] not in ("queued", "running"):
                    break
                await asyncio.sleep(0.5)
            results = (await http.get(f"/v1/jobs/{job}/results")).json()
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            stats["lost"].append(f"job of c{number}: {type(exc).__name__}")
            return
        complete = [r for r in results if r.get("status") == "complete"]
        if status["status"] != "finished" or len(complete) != len(job_articles):
            stats["lost"].append(f"job of c{number}: {status['status']}, {len(complete)} complete")
        stats["job_articles"] += len(complete)


async def calm(base: str, key: str, articles: list[str], count: int) -> list[float]:
    """One client, one request at a time: the service's own cost per request with nothing queued."""
    import httpx

    overheads = []
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=600) as http:
        for n in range(count):
            text = articles[n % len(articles)] + f"\n\n(Calm copy {n}.)"
            started = time.perf_counter()
            answer = await http.post("/v1/extract", json={"id": f"calm-{n}", "text": text})
            latency = time.perf_counter() - started
            timing = dict(part.strip().split(";dur=") for part in answer.headers["Server-Timing"].split(","))
            overheads.append(latency - (float(timing["queue"]) + float(timing["extract"])) / 1000)
    return overheads


def load(clients: int, requests: int, calm_requests: int) -> None:
    articles = [p.read_text(encoding="utf-8-sig") for p in sorted(SETS["seeds"].glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "load.db")
        keys = make_keys(db, clients)
        port = free_port()
        log = open(Path(tmp) / "service.log", "w+")  # the request log: one line per request, read only on failure
        server = subprocess.Popen([sys.executable, __file__, "--serve-fake", str(port), db], env=env_with_root(),
                                  stdout=subprocess.DEVNULL, stderr=log, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, server)
            quiet = asyncio.run(calm(base, keys[0], articles, calm_requests))
            stats: dict = {"latency": [], "queue": [], "pipeline": [], "overhead": [], "polls": [], "lost": [],
                           "job_articles": 0}

            async def everyone() -> None:
                await asyncio.gather(*(client(base, keys[n], n, articles, requests, stats) for n in range(clients)))

            started = time.perf_counter()
            asyncio.run(everyone())
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()
    ms = lambda values, q: f"{percentile(values, q) * 1000:.1f} ms"  # noqa: E731
    print(f"one client, {calm_requests} extractions one at a time: service overhead p50 {ms(quiet, 50)}, "
          f"p99 {ms(quiet, 99)} (latency - queue - pipeline)")
    sent = clients * requests
    print(f"{clients} clients, {sent} extractions + {clients} jobs of 2 articles in {wall:.1f} s "
          f"({(sent + stats['job_articles']) / wall:.1f} articles/s)")
    print(f"request latency      p50 {ms(stats['latency'], 50)}, p99 {ms(stats['latency'], 99)}")
    print(f"waiting for the model p50 {ms(stats['queue'], 50)}, p99 {ms(stats['queue'], 99)} "
          f"(the queue in front of the backend: {clients} clients, {clients * 2} job articles, 4 at a time)")
    print(f"inside the pipeline  p50 {ms(stats['pipeline'], 50)}, p99 {ms(stats['pipeline'], 99)}")
    print(f"service overhead     p50 {ms(stats['overhead'], 50)}, p99 {ms(stats['overhead'], 99)} "
          "(latency - queue - pipeline: HTTP, keys, JSON, the store, the shared event loop)")
    print(f"job status polls     p50 {ms(stats['polls'], 50)}, p99 {ms(stats['polls'], 99)} "
          "(a route that waits for no model: the service's own cost under the same load)")
    print(f"requests lost: {len(stats['lost'])}" + "".join(f"\n  {x}" for x in stats["lost"][:10]))


# --- service vs CLI with the embedded model --------------------------------------------------

def embedded(article_set: str, limit: int | None, backend_args: list[str]) -> None:
    import httpx

    folder = SETS[article_set]
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html"))[:limit]
    with tempfile.TemporaryDirectory() as tmp:
        env = env_with_root(EXTRACTOR_DB=str(Path(tmp) / "service.db"))
        cli = [sys.executable, "-c", "from extractor.cli import main; main()"]
        started = time.perf_counter()
        done = subprocess.run([*cli, "run", *map(str, paths), "--no-cache", "-q", "--out", str(Path(tmp) / "cli.jsonl"),
                               "--db", str(Path(tmp) / "cli.db"), *backend_args], env=env, capture_output=True, text=True)
        cli_wall = time.perf_counter() - started
        if done.returncode not in (0, 1):
            raise SystemExit(f"extractor run failed: {done.stderr[-2000:]}")
        cli_results = [json.loads(line) for line in (Path(tmp) / "cli.jsonl").read_text().splitlines()]
        key = subprocess.run([*cli, "keys", "create", "bench"], env=env, capture_output=True, text=True).stdout.split()[-1]
        port = free_port()
        log = open(Path(tmp) / "service.log", "w+")
        server = subprocess.Popen([*cli, "serve", "--port", str(port), "--no-cache", *backend_args], env=env,
                                  stdout=subprocess.DEVNULL, stderr=log, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, server)
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=600) as http:
                body = {"articles": [{"id": p.stem, "text": p.read_text(encoding="utf-8-sig")} for p in paths]}
                started = time.perf_counter()
                job = http.post("/v1/jobs", json=body).json()["id"]
                while (status := http.get(f"/v1/jobs/{job}").json())["status"] in ("queued", "running"):
                    time.sleep(0.5)
                service_wall = time.perf_counter() - started
                service_results = http.get(f"/v1/jobs/{job}/results").json()
        finally:
            server.terminate()
            server.wait(timeout=120)
            log.close()
    n = len(paths)
    mean = lambda results: statistics.mean(r["provenance"]["duration_s"] for r in results)  # noqa: E731
    print(f"{n} articles from {article_set}; backend options: {' '.join(backend_args) or 'the embedded default'}")
    print(f"CLI      {cli_wall / n:.2f} s per article in all (model load included), "
          f"{mean(cli_results):.2f} s per article extracting; {len(cli_results)} results")
    print(f"service  {service_wall / n:.2f} s per article from POST /v1/jobs to finished (model load included), "
          f"{mean(service_results):.2f} s per article extracting; job {status['status']}, "
          f"{len(service_results)} results")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve-fake":
        serve_fake(int(sys.argv[2]), sys.argv[3])
        return
    argv, backend_args = (sys.argv[1:], []) if "--" not in sys.argv else \
        (sys.argv[1:sys.argv.index("--")], sys.argv[sys.argv.index("--") + 1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=1, help="synchronous extractions per client")
    parser.add_argument("--calm", type=int, default=50, help="extractions by one client alone, first")
    parser.add_argument("--embedded", action="store_true", help="service vs CLI, seconds per article")
    parser.add_argument("--set", default="seeds", choices=sorted(SETS))
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of the set")
    parser.add_argument("--dry-run", action="store_true",
                        help="--embedded against a loopback endpoint answering from gold (no model)")
    args = parser.parse_args(argv)
    if not args.embedded:
        load(args.clients, args.requests, args.calm)
        return
    if args.dry_run:
        from tests.support.replay_server import serve_in_background

        _, url = serve_in_background([ROOT / "evals" / "gold"])
        backend_args = ["--base-url", url, "--model", "replay", *backend_args]
    embedded(args.set, args.limit, backend_args)


if __name__ == "__main__":
    main()
