"""A run killed with SIGKILL (no chance to record anything) shows as interrupted once its
process is gone, and ``--resume`` finishes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from extractor.cli import app
from extractor.store import Store

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "Vietnam has ordered 12 Yak-130 trainer aircraft from Russia for USD350 million.\n"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_run_shows_as_interrupted_not_running(tmp_path):
    asked, release = threading.Event(), threading.Event()
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)

    def hang(request: Request) -> Response:
        asked.set()
        release.wait(timeout=30)  # the model "thinks" until the test is done with it
        return Response("{}", status=503)

    server.expect_request("/v1/chat/completions").respond_with_handler(hang)
    server.start()
    db = tmp_path / "runs.db"
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
           "EXTRACTOR_DB": str(db)}
    process = subprocess.Popen(
        [sys.executable, "-c", "from extractor.cli import main; main()", "run", str(article),
         "--base-url", server.url_for("/v1"), "--model", "m", "--quiet"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert asked.wait(timeout=60), "the run never asked the model"  # started, and mid-article
        with Store.open(db) as store:
            [before] = store.list_runs()
        assert before.status == "running"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        release.set()
        server.stop()

    with Store.open(db) as store:
        [after] = store.list_runs()
        assert after.status == "interrupted"
        assert store.pending_articles(after.id) == ["a"]
    listed = CliRunner().invoke(app, ["runs", "--db", str(db)], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "interrupted" in listed.stdout and "running" not in listed.stdout
