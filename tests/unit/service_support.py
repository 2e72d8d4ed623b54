"""Shared pieces of the service tests: a fake backend answering from the seeds' gold files, an
app over a private store, and keys."""

from __future__ import annotations

import asyncio
from pathlib import Path

from extractor.backends.fake import FakeBackend
from extractor.service import ServiceSettings, create_app
from extractor.store import Store
from extractor.store.keys import create_key
from tests.support.replay_server import GoldAnswers

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "evals" / "articles").glob("*.txt"))
GOLD = GoldAnswers([REPO / "evals" / "gold"])


def seed(n: int = 0) -> dict:
    path = SEEDS[n]
    return {"id": path.stem, "text": path.read_text(encoding="utf-8-sig"), "published": "2024-03-27"}


class SlowFake(FakeBackend):
    """Answers from gold after ``delay_s`` (awaited: the event loop stays free), counting articles asked."""

    def __init__(self, delay_s: float = 0.0, concurrent: bool = True):
        super().__init__("fake-model", responder=GOLD.answer)
        self.delay_s = delay_s
        self.concurrent = concurrent
        self.in_model = 0
        self.most_in_model = 0

    async def create(self, **kwargs):
        self.in_model += 1
        self.most_in_model = max(self.most_in_model, self.in_model)
        try:
            await asyncio.sleep(self.delay_s)
            return await super().create(**kwargs)
        finally:
            self.in_model -= 1

    def articles_asked(self) -> set[str]:
        """The seeds whose text reached the model."""
        asked = " ".join(" ".join(m["content"].split()) for r in self.requests for m in r["messages"])
        return {p.stem for p in SEEDS if " ".join(p.read_text(encoding="utf-8-sig").split()[40:60]) in asked}


def keyed_store(path: Path, *names: str) -> dict[str, str]:
    with Store.open(path) as store:
        return {name: create_key(store, name) for name in names}


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def make_app(db: Path, backend: FakeBackend | None = None, **settings):
    return create_app(db, backend or SlowFake(), settings=ServiceSettings(**settings))
