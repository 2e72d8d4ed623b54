"""The fault table: what each kind of endpoint fault costs a small batch, loopback only.

A loopback OpenAI-compatible server answers the seed articles from their gold files (as
tests/support/replay_server.py does) and injects one kind of fault per row:

- transient faults hit the first attempt of every distinct request, then the server answers:
  500, 429 (Retry-After: 0), a timeout (the answer comes after the client's timeout), a reset
  (the connection closed without an answer), an empty ``choices`` list, a malformed body;
- persistent faults hit every first-pass transfers request for the whole first run: an answer
  cut at the token cap before its first record (finish_reason=length), and an answer that
  violates the schema on every re-ask.

Each row runs the batch once against the faulty server, then resumes the run against a healthy
one, and compares every article's records with a fault-free reference run:

- written: results written by the first run (of the batch's articles);
- flagged: articles the first run marked partial or failed (the status field);
- silently partial: articles whose records differ from the reference but that say "complete";
- lost: record types still differing from the reference after the resume;
- re-asked: requests the resume sent (only the failed questions should be asked again).

    python scripts/fault_table.py [--articles 5]

Bounded: backoff and timeouts are shrunk (the whole table takes well under a minute).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.replay_server import GoldAnswers, completion  # noqa: E402

TRANSIENT = ("500", "429", "timeout", "reset", "empty choices", "malformed body")
PERSISTENT = ("finish_reason=length", "schema violation")
FIRST_PASS_TRANSFERS = re.compile(r"TASK: (list the )?(arms )?transfers")
CLIENT_TIMEOUT_S = 0.5


class FaultyServer:
    """Gold answers on loopback, with one kind of fault injected (or none)."""

    def __init__(self, answers: GoldAnswers):
        self.answers = answers
        self.fault: str | None = None
        self.seen: set[str] = set()
        self.requests = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
                server.respond(self, body)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/v1"

    def use(self, fault: str | None) -> None:
        with self.lock:
            self.fault, self.seen, self.requests = fault, set(), 0

    def respond(self, handler: BaseHTTPRequestHandler, body: dict) -> None:
        messages = body["messages"]
        key = hashlib.sha256(json.dumps(messages, sort_keys=True).encode()).hexdigest()
        with self.lock:
            self.requests += 1
            first_attempt = key not in self.seen
            self.seen.add(key)
            fault = self.fault
        text = self.answers.answer(messages)
        user = "\n".join(m["content"] for m in messages if m["role"] == "user")
        if fault in TRANSIENT and first_attempt:
            return self.transient(handler, fault)
        if fault in PERSISTENT and FIRST_PASS_TRANSFERS.search(user) and len(messages) >= 2:
            if fault == "finish_reason=length":
                return send(handler, 200, {**completion(text[:40], "m"), "choices": [
                    {"index": 0, "finish_reason": "length", "message": {"role": "assistant", "content": text[:40]}}]})
            broken = json.loads(text)
            broken["transfers"] = [{**t, "status": "bought"} for t in broken["transfers"]] or [{"quote": "x"}]
            text = json.dumps(broken)
        send(handler, 200, completion(text, body.get("model", "m")))

    def transient(self, handler: BaseHTTPRequestHandler, fault: str) -> None:
        if fault == "500":
            send(handler, 500, {"error": {"message": "internal error", "type": "server_error"}})
        elif fault == "429":
            send(handler, 429, {"error": {"message": "rate limited", "type": "rate_limit"}}, {"Retry-After": "0"})
        elif fault == "timeout":
            time.sleep(CLIENT_TIMEOUT_S * 2)
            send(handler, 200, completion('{"agreements": []}', "m"))
        elif fault == "reset":
            handler.close_connection = True
            handler.connection.close()
        elif fault == "empty choices":
            send(handler, 200, {**completion("", "m"), "choices": []})
        else:
            raw = b'{"id": "chatcmpl-x", "choices": [{"index": 0, "mess'
            handler.send_response(200)
            handler.send_header("content-type", "application/json")
            handler.send_header("content-length", str(len(raw)))
            handler.end_headers()
            handler.wfile.write(raw)


def send(handler: BaseHTTPRequestHandler, status: int, payload: dict, headers: dict | None = None) -> None:
    data = json.dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("content-type", "application/json")
    handler.send_header("content-length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    try:
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up (the timeout row): that is the fault


def records_by_type(result) -> dict[str, list]:
    def bare(record):
        data = record.model_dump(mode="json", exclude={"grounded"})
        for evidence in data["evidence"]:
            evidence.pop("match", None)
        return data

    return {t: [bare(r) for r in getattr(result, t)] for t in ("agreements", "transfers", "meetings")}


def run_batch(url: str, articles: list, db: Path, resume: str | None = None):
    from extractor.backends.openai import OpenAIBackend
    from extractor.errors import BackendError
    from extractor.run.article import Extractor
    from extractor.run.batch import execute_run
    from extractor.store import Store

    backend = OpenAIBackend("m", base_url=url, api_key="none", timeout_s=CLIENT_TIMEOUT_S, backoff_initial_s=0.01,
                            backoff_max_s=0.05, transport_attempts=4)
    with Store.open(db) as store:
        try:
            return execute_run(Extractor(backend), [] if resume else articles, store=store, concurrency=4,
                               on_result=lambda result, cached: None, resume_run=resume)
        except BackendError as exc:
            print(f"  (run stopped: {exc.line()})", file=sys.stderr)
            return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5, help="how many seed articles (at most 5)")
    args = parser.parse_args()
    import logging

    logging.disable(logging.CRITICAL)  # instructor logs every failed attempt; the table says what matters
    from extractor.inputs import InputProblem, read_articles

    articles = [a for a in read_articles([str(ROOT / "evals" / "articles")])
                if not isinstance(a, InputProblem)][: args.articles]
    server = FaultyServer(GoldAnswers([ROOT / "evals" / "gold"]))
    with tempfile.TemporaryDirectory() as tmp:
        server.use(None)
        reference = {r.article.id: records_by_type(r) for r in run_batch(server.url, articles, Path(tmp) / "ref.db").results}
        rows = []
        for fault in TRANSIENT + PERSISTENT:
            db = Path(tmp) / f"{fault.replace('=', '_').replace(' ', '_')}.db"
            server.use(fault)
            started = time.perf_counter()
            first = run_batch(server.url, articles, db)
            written = first.results if first else []
            flagged = [r for r in written if getattr(r, "status", "failed" if r.error else "complete") != "complete"]
            silent = [r for r in written if getattr(r, "status", "failed" if r.error else "complete") == "complete"
                      and records_by_type(r) != reference[r.article.id]]
            server.use(None)
            from extractor.store import Store

            with Store.open(db) as store:
                run_id = store.resolve_run()
            run_batch(server.url, articles, db, resume=run_id)
            with Store.open(db) as store:
                final = {r.article.id: records_by_type(r) for r in store.results(run_id)}
            lost = sum(final.get(a.id, {}).get(t) != reference[a.id][t] for a in articles for t in reference[a.id])
            rows.append((fault, len(written), len(flagged), len(silent), lost, server.requests,
                         time.perf_counter() - started))
    print(f"{len(articles)} seed articles per row; the server's healthy answers are the gold records\n")
    print("| fault | articles written | flagged partial/failed | silently partial | answers lost after resume "
          "| requests on resume | seconds |")
    print("|---|---|---|---|---|---|---|")
    for fault, written, flagged, silent, lost, asked, seconds in rows:
        print(f"| {fault} | {written}/{len(articles)} | {flagged} | {silent} | {lost} | {asked} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
