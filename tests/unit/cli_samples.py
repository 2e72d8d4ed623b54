"""A fake model for CLI tests: answers the record-type prompts for one article about a Yak-130 order.

``BROKEN BACKEND`` in an article makes the backend unreachable; ``invoke`` runs ``extractor run``.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from extractor.backends.fake import FakeBackend
from extractor.cli import app
from extractor.errors import BackendError

QUOTE = "Vietnam has ordered 12 Yak-130 trainer aircraft from Russia for USD350 million."
ARTICLE = f"Vietnam orders trainers\n\n{QUOTE}\n"
TRANSFER = {"quote": QUOTE, "system": "Yak-130", "category": "aircraft", "supplier": "Russia",
            "recipient": "Vietnam", "quantity": 12, "value": "USD350 million", "status": "ordered"}
TASK = re.compile(r"TASK: (?:list the (?:defence or security )?(?:arms )?)?(agreements|transfers|meetings)")


def answer(messages: list[dict]) -> dict:
    user = next(m["content"] for m in messages if m["role"] == "user")
    record_type = TASK.search(user).group(1)
    if "BROKEN BACKEND" in user:
        raise BackendError("cannot connect: backend http://127.0.0.1:9/v1 unreachable after 5 attempts")
    if record_type == "transfers":
        return {"systems": ["Yak-130"], "transfers": [TRANSFER] if QUOTE in user else []}
    return {"agreements": {"instruments": [], "agreements": []}, "meetings": {"meetings": []}}[record_type]


@pytest.fixture
def fake(monkeypatch) -> FakeBackend:
    backend = FakeBackend(responder=answer)
    monkeypatch.setattr("extractor.cli.run.make_backend", lambda options: backend)
    return backend


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["run", *args], input=input)
