"""Against a loopback endpoint, as a user runs the CLI: a key in ``--base-url`` or in a server's
error body never reaches a line or the store, and the libraries' own log lines (instructor's
"API call failed on attempt 1", "Max retries exceeded") reach stderr only with ``-v``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from extractor.backends.openai import BODY_CHARS, redact, redact_url

REPO = Path(__file__).resolve().parents[2]
KEY = "KEYinURL-0123456789"
BODY_KEY = "sk-live-abcdef0123456789abcdef"


def extractor(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The CLI in a fresh process: logging as a user's terminal gets it, not as pytest captures it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("OPENAI_API_KEY", None)
    return subprocess.run([sys.executable, "-c", "from extractor.cli import main; main()", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("Vietnam has ordered 12 Yak-130 trainer aircraft from Russia.", encoding="utf-8")
    return path


def store_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_a_key_in_the_base_url_or_the_error_body_is_never_printed_nor_stored(httpserver: HTTPServer, article, tmp_path):
    body = json.dumps({"error": {"message": f"bad request from key {BODY_KEY}; api_key=hunter2hunter2 "
                                            + "detail " * 200}})
    httpserver.expect_request("/v1/chat/completions").respond_with_response(
        Response(body, status=400, content_type="application/json"))
    url = httpserver.url_for("/v1").replace("http://", f"http://user:{KEY}@")
    db = tmp_path / "store.db"
    result = extractor("run", str(article), "--base-url", url, "--model", "m", "--db", str(db), "-q", cwd=tmp_path)
    assert result.returncode == 3
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "400" in line and "user:" not in line and "***@localhost" in line
    for secret in (KEY, BODY_KEY, "hunter2hunter2"):
        assert secret not in result.stderr
        assert secret.encode() not in store_bytes(db)
    assert len(line) < 400  # the body is cut short


def test_instructor_log_lines_reach_stderr_only_with_verbose(httpserver: HTTPServer, article, tmp_path):
    chat = {"id": "x", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "not JSON"}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
    httpserver.expect_request("/v1/chat/completions").respond_with_json(chat)
    args = ["run", str(article), "--base-url", httpserver.url_for("/v1"), "--model", "m", "--no-second-pass",
            "--db", str(tmp_path / "store.db"), "-q"]
    quiet = extractor(*args, cwd=tmp_path)
    assert quiet.returncode != 0
    error, closing = quiet.stderr.splitlines()  # the article's error and the run's closing line, nothing else
    assert error.startswith(f"error: {article}: ") and closing.startswith("wrote 1 result(s)")
    assert "attempt" not in quiet.stderr and "Max retries" not in quiet.stderr and "Traceback" not in quiet.stderr
    loud = extractor(*args, "-v", cwd=tmp_path)
    assert "max retries exceeded" in loud.stderr.lower() and "did not validate" in loud.stderr


@pytest.mark.parametrize(("url", "shown"), [
    ("http://user:secret@host:8000/v1", "http://***@host:8000/v1"),
    ("http://secret@host/v1", "http://***@host/v1"),
    ("http://host:8000/v1", "http://host:8000/v1"),
    (None, None),
])
def test_userinfo_is_redacted_from_urls(url, shown):
    assert redact_url(url) == shown


def test_a_body_is_redacted_and_cut_short():
    text = redact("token: abc.def-123 Bearer xyz0123 sk-proj-0123456789 " + "word " * 100, ("mykey123",))
    assert "abc.def-123" not in text and "xyz0123" not in text and "sk-proj" not in text
    assert len(text) <= BODY_CHARS + 1 and text.endswith("…")
    assert redact("it said mykey123 twice: mykey123", ("mykey123",)) == "it said *** twice: ***"
