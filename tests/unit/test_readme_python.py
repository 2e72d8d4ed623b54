"""The README's "Python API" examples run here, as written, one after the other in one namespace
(as in a notebook), in a folder holding what they name (``article.txt``, ``news/``: the seed
articles). The embedded model is the fake answering from the seeds' gold files; the endpoint
example (``base_url=``) uses the real OpenAI client against a loopback server answering from
the same gold files."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.backends import choice
from extractor.cli import app
from tests.support.replay_server import gold_backend_maker, serve_in_background

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
SEEDS = sorted((REPO / "evals" / "articles").glob("*.txt"))
ENDPOINT_IN_README = "http://localhost:8000/v1"


def python_blocks(heading: str = "### Python API") -> list[str]:
    start = README.index(heading + "\n")
    following = re.search(r"\n#{2,3} ", README[start + len(heading):])
    body = README[start: start + len(heading) + (following.start() if following else len(README))]
    return re.findall(r"```python\n(.*?)```", body, re.S)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    (tmp_path / "news" / "world").mkdir(parents=True)
    for n, seed in enumerate(SEEDS):
        shutil.copy(seed, tmp_path / "news" / ("world" if n % 2 else "") / seed.name)
    shutil.copy(SEEDS[-1], tmp_path / "article.txt")
    server, url = serve_in_background([REPO / "evals" / "gold"])
    monkeypatch.chdir(tmp_path)
    built: list[str] = []
    make_backend = gold_backend_maker([REPO / "evals" / "gold"], built)
    monkeypatch.setattr(choice, "make_backend", make_backend)
    yield tmp_path, url, built
    server.shutdown()
    server.server_close()


def test_the_python_examples_are_found():
    assert len(python_blocks()) == 3


def test_the_python_api_examples_run_as_written(workspace):
    pytest.importorskip("pandas", reason="the README's to_frame example needs pandas (the test extra)")
    root, url, built = workspace
    namespace: dict = {}
    printed = []
    for block in python_blocks():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block.replace(ENDPOINT_IN_README, url), "README.md", "exec"), namespace)  # noqa: S102
        printed.append(out.getvalue())
    result = namespace["result"]
    assert result.article.published == "2024-03-27" and result.transfers
    assert printed[0].splitlines()[0].startswith(result.transfers[0].system)
    results, frame = namespace["results"], namespace["frame"]
    assert sorted(r.article.id for r in results) == sorted(s.stem for s in SEEDS)
    assert len(frame) == sum(len(r.records()) for r in results) > 0
    systems = {t.system for r in results for t in r.transfers}
    assert "Yak-130" in systems and all(system in printed[1] for system in systems)
    listed = CliRunner().invoke(app, ["runs", "--db", str(root / "api.db"), "--json"])
    [run] = json.loads(listed.stdout)
    assert run["status"] == "finished" and run["done"] == len(SEEDS)
    assert built == ["local", "local", "openai"] and printed[2].strip() == "complete"
