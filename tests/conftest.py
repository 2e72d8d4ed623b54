"""Every test gets its own run store, never the user's."""

import pytest


@pytest.fixture(autouse=True)
def _private_run_store(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_DB", str(tmp_path / "extractor-test.db"))
    # tables and help are drawn as wide as the terminal: the tests' reading of them must not
    # depend on the window pytest runs in (a narrow one wrapped "--install-completion")
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def pg_url():
    """A PostgreSQL store URL with a schema of its own (skips without a cluster; fails in CI)."""
    from tests.support.pg import fresh_schema

    with fresh_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    """Each store kind in turn: a new SQLite file, then a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "runs.db")
    else:
        yield request.getfixturevalue("pg_url")
