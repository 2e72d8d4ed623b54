"""``extractor run --shard K/N``: real processes splitting one feed over one PostgreSQL store.

The model is a loopback server that answers every request with empty records (after a delay
the test sets) and counts the first-pass requests per article, so "extracted exactly once"
is checked at the model as well as in the store.
"""

from __future__ import annotations

import collections
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.store import Store
from tests.support.replay_server import GoldAnswers, make_server

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 40


class CountingAnswers(GoldAnswers):
    """Empty answers; counts the agreements request (one per article extracted) by article id."""

    def __init__(self) -> None:
        super().__init__([])
        self.delay_s = 0.0
        self.asked: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    def answer(self, messages: list[dict]) -> str:
        time.sleep(self.delay_s)
        user = "\n".join(m["content"] for m in messages if m["role"] == "user")
        marker = re.search(r"feed item (\d+)\b", user)
        if marker and re.search(r"TASK: (list the (defence or security )?(arms )?)?agreements", user):
            with self.lock:
                self.asked[marker.group(1)] += 1
        return super().answer(messages)


@pytest.fixture
def endpoint():
    answers = CountingAnswers()
    server = make_server(0, answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield answers, f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [{"id": f"item-{i:03d}", "text": f"feed item {i:03d}: the ministry published its annual report today."}
             for i in range(ARTICLES)]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def start_shard(feed: Path, url: str, db: str, shard: str, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, "-c", "from extractor.cli import main; main()", "run", str(feed), "--base-url", url,
         "--model", "m", "--db", db, "--shard", shard, "--quiet", "--concurrency", "2", "--out",
         str(feed.with_name(f"out-{shard.replace('/', 'of')}.jsonl")), *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def group_results(db: str) -> tuple[list, collections.Counter]:
    """The runs of the store and how many results each article id has across them."""
    with Store.open(db, create=False) as store:
        runs = store.list_runs()
        counts = collections.Counter(r.article.id for run in runs for r in store.results(run.id))
    return runs, counts


def test_two_shard_processes_on_one_postgresql_store_extract_every_article_once(pg_url, feed, endpoint):
    answers, url = endpoint
    shards = [start_shard(feed, url, pg_url, f"{k}/2") for k in (1, 2)]
    for process in shards:
        _, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
    runs, counts = group_results(pg_url)
    assert sorted(r.shard for r in runs) == ["1/2", "2/2"]
    assert len({r.run_group for r in runs}) == 1 and runs[0].run_group.startswith("g-")  # one feed, one group
    assert all(r.status == "finished" and 0 < r.planned < ARTICLES for r in runs)
    assert counts == {f"item-{i:03d}": 1 for i in range(ARTICLES)}  # every article, once, in exactly one shard
    assert sorted(answers.asked) == [f"{i:03d}" for i in range(ARTICLES)] and set(answers.asked.values()) == {1}
    listed = CliRunner().invoke(app, ["runs", "--db", pg_url], env={"COLUMNS": "250"})
    assert listed.exit_code == 0 and "1/2 of g-" in listed.stdout and "2/2 of g-" in listed.stdout


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_shard_killed_mid_run_is_finished_by_resume_with_nothing_lost_or_twice(pg_url, feed, endpoint):
    answers, url = endpoint
    # slow model: the kill lands mid-run, and each request outlasts the store's save interval twice over
    # (0.25 s), so a process killed loses at most two articles per slot: one in flight and one
    # finished but not saved yet
    answers.delay_s = 0.5
    victim = start_shard(feed, url, pg_url, "1/2", "--run-group", "nightly")
    other = start_shard(feed, url, pg_url, "2/2", "--run-group", "nightly")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until the victim has saved a few articles
            runs, counts = group_results(pg_url) if Store.exists(pg_url) else ([], {})
            mine = [r for r in runs if r.shard == "1/2"]
            if mine and mine[0].done >= 3:
                break
            time.sleep(0.2)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        assert other.wait(timeout=240) == 0
    finally:
        for process in (victim, other):
            if process.poll() is None:
                process.kill()
    runs, counts = group_results(pg_url)
    [killed] = [r for r in runs if r.shard == "1/2"]
    assert killed.status == "interrupted" and 3 <= killed.done < killed.planned  # work done before the kill kept
    saved_before = set(counts)
    answers.delay_s = 0.0
    resumed = CliRunner().invoke(app, ["run", "--resume", killed.id, "--db", pg_url, "--quiet"])
    assert resumed.exit_code == 0, resumed.output
    runs, counts = group_results(pg_url)
    assert {r.status for r in runs} == {"finished"} and {r.run_group for r in runs} == {"nightly"}
    assert counts == {f"item-{i:03d}": 1 for i in range(ARTICLES)}  # nothing lost, nothing twice
    # the model was asked again only about articles the killed shard had not saved: at most its
    # in-flight ones and those finished within the last save interval (2 slots x 2)
    again = {i for i, n in answers.asked.items() if n > 1}
    assert again <= {f"{int(a[5:]):03d}" for a in set(counts) - saved_before} and len(again) <= 4


@pytest.mark.parametrize("bad", ["3/2", "0/2", "1/0", "half", "1/2/3", ""])
def test_a_bad_shard_is_one_line_and_exit_2(bad, feed, tmp_path):
    result = CliRunner().invoke(app, ["run", str(feed), "--model", "m", "--base-url", "http://127.0.0.1:9/v1",
                                      "--db", str(tmp_path / "s.db"), "--shard", bad])
    assert result.exit_code == 2 and result.stderr.startswith("error: --shard")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "s.db").exists()  # refused before the store was touched
