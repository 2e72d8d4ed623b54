"""``--engine ray``: articles extracted on Ray actors, saved by the driver exactly once.

A local Ray is started for each run (the ``ray`` extra). Without Ray these tests skip with
their reason; in CI (``CI`` set, as ``.ci/run`` does) they fail instead, since CI installs it.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from extractor.backends.fake import FakeBackend
from extractor.inputs import Article
from extractor.run.article import ExtractOptions, Extractor
from extractor.run.batch import execute_run
from extractor.run.ray_engine import RayEngine
from extractor.store import Store

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "support"))
from replay_server import make_server  # noqa: E402

TEXT = ("Vietnam has ordered 12 Yak-130 trainer aircraft from Russia for USD350 million, officials said. "
        "Article number {n}.")


def _ray():
    try:
        import ray
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("Ray is not installed: CI installs the ray extra (pip install '.[ray]')")
        pytest.skip("Ray is not installed (pip install '.[ray]')")
    return ray


def task_of(messages: list[dict]) -> str:
    """The record type a request asks for, from its TASK line."""
    user = "\n".join(m["content"] for m in messages if m["role"] == "user")
    return re.findall(r"TASK: (agreements|transfers|meetings)", user)[-1]


def fake_model() -> FakeBackend:
    """What each actor builds: a fake model answering one transfer per article."""
    def answer(messages):
        kind = task_of(messages)
        if kind != "transfers":
            return {kind: []}
        return {"systems": ["Yak-130"], "transfers": [{
            "quote": TEXT.split(" officials")[0], "system": "Yak-130", "category": "aircraft", "supplier": "Russia",
            "recipient": "Vietnam", "quantity": 12, "value": "USD350 million", "status": "ordered", "date": None}]}
    return FakeBackend(responder=answer)


def test_a_ray_run_of_200_articles_saves_each_once(tmp_path):
    ray = _ray()
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    articles = [Article(id=f"a{n:03d}", text=TEXT.format(n=n), source=f"a{n:03d}") for n in range(200)]
    seen: list[str] = []
    with Store.open(tmp_path / "store.db") as store:
        extractor = Extractor(fake_model(), options=ExtractOptions(second_pass=()))
        report = execute_run(extractor, articles, store=store, on_result=lambda r, cached: seen.append(r.article.id),
                             engine=RayEngine(2, fake_model, store=str(store.path)))
        assert sorted(seen) == [a.id for a in articles]  # each handed to the output once
        assert not report.failed and not report.partial and len(report.results) == 200
        results = store.results(report.run_id)
    assert sorted(r.article.id for r in results) == [a.id for a in articles]
    assert all(len(r.transfers) == 1 and r.transfers[0].grounded for r in results)
    with sqlite3.connect(tmp_path / "store.db") as conn:
        rows = conn.execute("SELECT article_id, COUNT(*) FROM results GROUP BY article_id").fetchall()
        calls = conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
    assert len(rows) == 200 and {count for _, count in rows} == {1}
    assert calls == 200 * 3  # one call per record type per article: nothing extracted twice


class Flaky:
    """Gold-free answers; the meetings question of articles marked BROKEN fails until ``fixed``."""

    def __init__(self):
        self.fixed = False
        self.asked: list[str] = []
        self.lock = threading.Lock()

    def answer(self, messages):
        user = "\n".join(m["content"] for m in messages if m["role"] == "user")
        kind = task_of(messages)
        with self.lock:
            self.asked.append(kind)
        if kind == "meetings" and "BROKEN" in user and not self.fixed:
            return "no JSON here"
        return json.dumps({"systems": [], "transfers": []} if kind == "transfers" else {kind: []})


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", "from extractor.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=600)


def test_resume_after_a_ray_run_asks_only_what_failed(tmp_path):
    _ray()
    flaky = Flaky()
    server = make_server(0, flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"n{n}", "text": f"News item {n}. " + ("BROKEN " if n % 5 == 0 else "")
                                        + "Nothing happened today."}) + "\n" for n in range(20)))
    db = tmp_path / "store.db"
    common = ["--db", str(db), "-q", "--engine", "ray", "--workers", "2"]
    first = cli("run", str(feed), "--base-url", url, "--model", "m", "--no-second-pass", "--out",
                str(tmp_path / "out.jsonl"), *common, cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    assert sum(line.startswith("partial: ") for line in first.stderr.splitlines()) == 4
    run_id = first.stderr.split("; run ")[1].split()[0]
    flaky.fixed, asked_before = True, len(flaky.asked)
    second = cli("run", "--resume", run_id, "--out", str(tmp_path / "out.jsonl"), *common, cwd=tmp_path)
    server.shutdown()
    assert second.returncode == 0, second.stderr
    assert sorted(flaky.asked[asked_before:]) == ["meetings"] * 4  # the valid answers were kept
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert sorted(r["article"]["id"] for r in lines) == sorted(f"n{n}" for n in range(20))
    assert {r["status"] for r in lines} == {"complete"}


@pytest.mark.parametrize(("args", "says"), [
    (["--engine", "ray", "--workers", "0"], "--workers must be at least 1"),
    (["--engine", "ray", "--ray-address", "127.0.0.1:1"], "cannot reach the Ray cluster at 127.0.0.1:1"),
    (["--engine", "ray", "--ray-address", "nonsense"], "give host:port"),
    (["--workers", "2"], "--workers needs --engine ray"),
    (["--engine", "spark"], "unknown --engine 'spark'"),
])
def test_bad_engine_options_are_one_line_errors(tmp_path, args, says):
    article = tmp_path / "a.txt"
    article.write_text("Nothing happened.")
    result = cli("run", str(article), "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
                 "--db", str(tmp_path / "s.db"), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and says in result.stderr and "Traceback" not in result.stderr


def test_the_python_api_runs_on_ray_and_keeps_the_run(tmp_path):
    _ray()
    import extractor

    flaky = Flaky()
    flaky.fixed = True
    server = make_server(0, flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    texts = [{"id": f"p{n}", "text": f"Item {n}. Nothing happened today."} for n in range(12)]
    try:
        results = list(extractor.extract_many(texts, base_url=url, model="m", second_pass=False, progress=False,
                                              store=tmp_path / "store.db", engine="ray", workers=2))
    finally:
        server.shutdown()
    assert sorted(r.article.id for r in results) == sorted(t["id"] for t in texts)
    assert {r.status for r in results} == {"complete"}
    assert sorted(flaky.asked) == sorted(["agreements", "transfers", "meetings"] * 12)  # each article asked once
    with Store.open(tmp_path / "store.db") as store:
        (run,) = store.list_runs()
        assert run.status == "finished" and len(store.results(run.id)) == 12


@pytest.mark.parametrize(("options", "says"), [
    ({"engine": "ray", "workers": 0}, "workers must be at least 1"),
    ({"workers": 2}, "workers needs engine ray"),
    ({"engine": "spark"}, "unknown engine 'spark'"),
])
def test_bad_engine_arguments_of_the_python_api_raise_before_any_call(options, says):
    import extractor
    from extractor.errors import ConfigError

    with pytest.raises(ConfigError, match=says):
        extractor.extract_many(["Nothing happened."], base_url="http://127.0.0.1:9/v1", model="m", **options)
