"""A small OpenAI-compatible chat server on loopback that answers from gold files.

For tests and for trying the CLI without a model: each request's article is matched to a
gold file whose evidence quotes it contains, and the answer is that gold turned into the
drafts the model would write (unknown articles get empty answers). Zero latency, so it also
measures the pipeline's own overhead.

    python tests/support/replay_server.py --port 8765 --gold evals/gold
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def gold_drafts(gold: dict) -> dict[str, dict]:
    """The drafts a perfect model would write for one gold file, per record type."""
    def person(p):
        return {"name": p["name"], "title": p.get("title"), "country": p.get("country")}

    agreements = [{
        "quote": a["evidence"][0]["quote"], "name": a.get("name"), "kind": a["kind"], "status": a["status"],
        "parties": [p["name"] for p in a["parties"]], "signers": [person(p) for p in a.get("signatories", [])],
        "date": a.get("date"), "areas": a.get("areas", []),
    } for a in gold.get("agreements", [])]
    transfers = [{
        "quote": t["evidence"][0]["quote"], "system": t["system"], "category": t["category"],
        "supplier": t["supplier"]["name"], "supplier_country": t["supplier"].get("country"),
        "recipient": t["recipient"]["name"], "quantity": t.get("quantity"),
        "value": f"{t['value']['currency']} {t['value']['amount']}" if t.get("value") else None,
        "status": t["status"], "date": t.get("date"),
    } for t in gold.get("transfers", [])]
    meetings = [{
        "quote": m["evidence"][0]["quote"], "kind": m["kind"], "status": m["status"],
        "participants": [person(p) for p in m["participants"]], "countries": m["countries"],
        "date": m.get("date"), "city": (m.get("location") or {}).get("city"), "topics": m.get("topics", []),
    } for m in gold.get("meetings", [])]
    return {
        "agreements": {"agreements": agreements},
        "transfers": {"systems": [t["system"] for t in transfers], "transfers": transfers},
        "meetings": {"meetings": meetings},
    }


class GoldAnswers:
    def __init__(self, gold_dirs: list[Path]):
        self.golds = [json.loads(p.read_text()) for d in gold_dirs for p in sorted(Path(d).glob("*.json"))]

    def answer(self, messages: list[dict]) -> str:
        user = "\n".join(m["content"] for m in messages if m["role"] == "user")
        follow_up = re.search(r"TASK: (transfers of|meetings in one sentence|agreements in one sentence)", user)
        if follow_up:  # the gold already holds every record: a second pass finds nothing more
            return json.dumps({"transfers of": {"transfers": []}, "meetings in one sentence": {"meetings": []},
                               "agreements in one sentence": {"agreements": []}}[follow_up.group(1)])
        look = re.search(r"TASK: the sentence that states one fact: (.*?)\. Which", user)
        if look:  # the second look at a quote: the gold evidence of the record the fact names
            return json.dumps({"quote": self._quote_of(look.group(1), user)})
        record_type = next((t for t in ("agreements", "transfers", "meetings")
                            if re.search(rf"TASK: (list the (defence or security )?(arms )?)?{t}", user)), "agreements")
        for gold in self.golds:
            quotes = [e["quote"] for t in ("agreements", "transfers", "meetings") for r in gold.get(t, [])
                      for e in r["evidence"]]
            if quotes and all(q in user for q in quotes):
                return json.dumps(gold_drafts(gold)[record_type])
        empty = {"agreements": {"agreements": []},
                 "transfers": {"systems": [], "transfers": []}, "meetings": {"meetings": []}}
        return json.dumps(empty[record_type])


    def _quote_of(self, fact: str, user: str) -> str:
        for gold in self.golds:
            for record in gold.get("transfers", []) + gold.get("meetings", []):
                names = [record["system"]] if "system" in record else [p["name"] for p in record["participants"]]
                if record["evidence"] and record["evidence"][0]["quote"] in user and any(n in fact for n in names):
                    return record["evidence"][0]["quote"]
        return "a sentence the article does not hold"


def completion(text: str, model: str) -> dict:
    return {"id": "chatcmpl-replay", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150}}


def make_server(port: int, answers: GoldAnswers, delay_s: float = 0.0) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers do: no new connection per call
        disable_nagle_algorithm = True  # else headers and body go in two packets, and each call waits ~40 ms for an ACK

        def do_POST(self):  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
            time.sleep(delay_s)
            data = json.dumps(completion(answers.answer(body["messages"]), body.get("model", "replay"))).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


def serve_fast(port: int, answers: GoldAnswers) -> None:
    """The same answers from an aiohttp server (several thousand calls a second on one core,
    where ``http.server`` manages a few hundred): for throughput benchmarks, where the server
    must not be the bottleneck. Answers are remembered per request text."""
    import asyncio
    import functools

    from aiohttp import web

    @functools.lru_cache(maxsize=4096)
    def answer(user: str) -> str:
        return answers.answer([{"role": "user", "content": user}])

    async def chat(request: web.Request) -> web.Response:
        body = json.loads(await request.read())
        user = "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")
        data = json.dumps(completion(answer(user), body.get("model", "replay")))
        return web.Response(body=data.encode(), content_type="application/json")

    async def serve() -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", chat)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        print(f"replaying gold answers on http://127.0.0.1:{port}/v1", flush=True)
        await asyncio.Event().wait()

    asyncio.run(serve())


def serve_in_background(gold_dirs: list[Path], port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    server = make_server(port, GoldAnswers(gold_dirs))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/v1"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--gold", type=Path, action="append", default=None)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    parser.add_argument("--fast", action="store_true", help="an aiohttp server (no --delay): for benchmarks")
    args = parser.parse_args()
    if args.fast:
        serve_fast(args.port, GoldAnswers(args.gold or [Path("evals/gold")]))
    server = make_server(args.port, GoldAnswers(args.gold or [Path("evals/gold")]), args.delay)
    print(f"replaying gold answers on http://127.0.0.1:{args.port}/v1", flush=True)
    server.serve_forever()


def gold_backend_maker(gold_dirs: list[Path], built: list[str]):
    """A stand-in for ``choice.make_backend``: endpoint options get the real OpenAI backend (a
    loopback server), the embedded default a fake model answering from gold; each kind built is
    appended to ``built``."""
    from extractor.backends import choice
    from extractor.backends.fake import FakeBackend

    gold = GoldAnswers(gold_dirs)
    real = choice.make_backend

    def make_backend(options):
        kind = choice.backend_kind(options)
        built.append(kind)
        if kind == "openai":
            return real(options)
        fake = FakeBackend(options.model or "qwen2.5-coder-1.5b", responder=gold.answer)
        fake.name = "local"
        return fake

    return make_backend
