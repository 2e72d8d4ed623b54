"""The README's HTTP API session runs here as written: `extractor keys create` and `extractor
serve` through the CLI (serve's app is taken before uvicorn would run it, with the fake
backend answering from the seeds' gold), and each curl line as the same HTTP request."""

from __future__ import annotations

import json
import re
import shlex
import time
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi", reason="the service needs the serve extra")
from fastapi.testclient import TestClient  # noqa: E402

from extractor.cli import app as cli  # noqa: E402
from tests.unit.service_support import REPO, SlowFake, seed  # noqa: E402

README = (REPO / "README.md").read_text(encoding="utf-8")


def session() -> list[str]:
    start = README.index("### HTTP API\n")
    body = README[start: start + README[start:].index("\n### ", 5)]
    [block] = re.findall(r"```bash\n(.*?)```", body, re.S)
    return [re.sub(r"\s+#\s.*$", "", line).strip() for line in block.splitlines() if line.strip()]


def curl(line: str, variables: dict[str, str], workdir) -> tuple[str, str, dict, bytes | None]:
    """The request a curl line sends: method, path with query, headers, body."""
    for name, value in variables.items():
        line = line.replace(f"${name}", value)
    args = shlex.split(line)[1:]
    headers, data, url, method = {}, None, None, None
    while args:
        arg = args.pop(0)
        if arg == "-s":
            continue
        if arg == "-H":
            name, value = args.pop(0).split(":", 1)
            headers[name.strip()] = value.strip()
        elif arg == "-d":
            value = args.pop(0)
            data = (workdir / value[1:]).read_bytes() if value.startswith("@") else value.encode()
        elif arg == "-X":
            method = args.pop(0)
        else:
            assert url is None and not arg.startswith("-"), f"curl option not understood: {arg}"
            url = arg
    parts = urlsplit("http://" + url)
    assert parts.netloc == "localhost:8000"
    return method or ("POST" if data is not None else "GET"), parts.path + (f"?{parts.query}" if parts.query else ""), \
        headers, data


def test_the_readme_curl_session_runs(tmp_path, monkeypatch):
    lines = session()
    assert [line.split()[0] for line in lines] == ["export", "extractor"] + ["curl"] * 7
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EXTRACTOR_DB", str(tmp_path / "store.db"))
    (tmp_path / "article.json").write_text(json.dumps(seed(0)), encoding="utf-8")
    (tmp_path / "job.json").write_text(json.dumps({"articles": [seed(1), seed(2)]}), encoding="utf-8")

    made = re.fullmatch(r"export KEY=\$\((extractor .*?) \| awk '\{print \$NF\}'\)", lines[0])
    created = CliRunner().invoke(cli, shlex.split(made.group(1))[1:])
    assert created.exit_code == 0, created.output
    variables = {"KEY": created.stdout.split()[-1]}

    served = {}
    monkeypatch.setattr("extractor.cli.serve.make_backend", lambda options: SlowFake())
    monkeypatch.setattr("extractor.cli.serve._port_free", lambda host, port: None)
    monkeypatch.setattr("extractor.service.run_server", lambda app, host, port: served.update(app=app, at=(host, port)))
    started = CliRunner().invoke(cli, shlex.split(lines[1].rstrip("&"))[1:])
    assert started.exit_code == 0, started.output
    assert served["at"] == ("127.0.0.1", 8000)

    answers = []
    with TestClient(served["app"]) as client:
        for line in lines[2:]:
            method, path, headers, data = curl(line, variables, tmp_path)
            answer = client.request(method, path, headers=headers, content=data)
            deadline = time.monotonic() + 20
            while re.fullmatch(r"/v1/jobs/[^/]+", path) and answer.json()["status"] in ("queued", "running"):
                assert time.monotonic() < deadline  # a user asks again until the job is finished
                time.sleep(0.02)
                answer = client.request(method, path, headers=headers, content=data)
            assert answer.status_code in (200, 202), f"{line}\n{answer.text}"
            if path == "/v1/jobs":
                variables["JOB"] = answer.json()["id"]
            answers.append(answer)
    health, extracted, job, status, results, records, metrics = answers
    assert health.json()["status"] == "ok"
    assert extracted.json()["status"] == "complete" and extracted.json()["article"]["id"] == seed(0)["id"]
    assert (status.json()["status"], status.json()["done"]) == ("finished", 2)
    assert [r["article"]["id"] for r in results.json()] == [seed(1)["id"], seed(2)["id"]]
    assert records.json() and all(r["record_type"] == "transfers" for r in records.json())
    assert "extractor_articles_total" in metrics.text
