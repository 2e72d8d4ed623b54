"""``extractor serve`` as a real process on a loopback port, with a loopback model endpoint
(answers from the seeds' gold files), talked to over HTTP; then stopped with SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.store import Store
from tests.support.replay_server import serve_in_background

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "evals" / "articles").glob("*.txt"))

if os.environ.get("CI"):  # CI installs the serve extra: a missing one is a failure there, not a skip
    import fastapi  # noqa: F401
    import httpx
    import uvicorn  # noqa: F401
else:
    pytest.importorskip("uvicorn", reason="the service needs the serve extra: pip install '.[serve]'")
    httpx = pytest.importorskip("httpx")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def extractor(*args: str, env: dict) -> list[str]:
    return [sys.executable, "-c", "from extractor.cli import main; main()", *args]


@pytest.fixture
def served(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "EXTRACTOR_DB": str(tmp_path / "store.db")}
    made = subprocess.run(extractor("keys", "create", "ci", env=env), env=env, capture_output=True, text=True,
                          timeout=60)
    assert made.returncode == 0, made.stderr
    key = made.stdout.split()[-1]
    endpoint, url = serve_in_background([REPO / "evals" / "gold"])
    port = free_port()
    log = open(tmp_path / "serve.log", "w")  # a file, not a pipe: nobody reads a pipe while the server runs
    process = subprocess.Popen(extractor("serve", "--port", str(port), "--base-url", url, "--model", "replay",
                                         env=env), env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(f"extractor serve did not start: {(tmp_path / 'serve.log').read_text()[-2000:]}")
        time.sleep(0.1)
    yield base, key, process, tmp_path
    if process.poll() is None:
        process.kill()
        process.wait()
    log.close()
    endpoint.shutdown()
    endpoint.server_close()


def test_serve_answers_over_http_and_stops_cleanly(served):
    base, key, process, tmp_path = served
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        assert httpx.get(base + "/v1/runs").status_code == 401
        text = SEEDS[0].read_text(encoding="utf-8-sig")
        result = client.post("/v1/extract", json={"id": "seed", "text": text, "published": "2024-03-27"}).json()
        assert result["status"] == "complete" and result["provenance"]["backend"] == "openai"
        assert result["transfers"] and all(t["grounded"] for t in result["transfers"])
        job = client.post("/v1/jobs", json={"articles": [{"text": p.read_text(encoding="utf-8-sig")}
                                                         for p in SEEDS[1:3]]})
        assert job.status_code == 202
        job_id = job.json()["id"]
        deadline = time.monotonic() + 60
        while (status := client.get(f"/v1/jobs/{job_id}").json())["status"] != "finished":
            assert status["status"] != "failed" and time.monotonic() < deadline, status
            time.sleep(0.1)
        assert len(client.get(f"/v1/jobs/{job_id}/results").json()) == 2
        assert 'extractor_articles_total{source="model",status="complete"} 3.0' in httpx.get(base + "/metrics").text
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    err = (tmp_path / "serve.log").read_text()
    # uvicorn shuts down gracefully, then re-raises the signal so the exit status says SIGTERM
    assert process.returncode in (0, -signal.SIGTERM), err[-2000:]
    with Store.open(tmp_path / "store.db") as store:  # the shutdown closed the run of /v1/extract
        assert {r.status for r in store.list_runs()} == {"finished"}
    logged = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert {"route": "/v1/extract", "status": 200, "key": "ci"}.items() <= logged[2].items()
    assert key not in err and "Traceback" not in err
