"""Every test gets its own run store, never the user's."""

import pytest


@pytest.fixture(autouse=True)
def _private_run_store(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_DB", str(tmp_path / "extractor-test.db"))
