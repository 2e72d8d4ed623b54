"""A fresh PostgreSQL schema per test, on the cluster named by ``EXTRACTOR_TEST_PG_URL``.

.ci/run starts a throwaway cluster (tests/support/pg_cluster.sh) and sets the URL; there a
test that cannot reach it fails with the reason. Elsewhere, without the URL, it skips.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

PG_ENV = "EXTRACTOR_TEST_PG_URL"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is needed here and {reason}")
    pytest.skip(f"no PostgreSQL: {reason}")


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A store URL whose tables land in a new, empty schema (dropped afterwards)."""
    base = os.environ.get(PG_ENV)
    if not base:
        _unavailable(f"{PG_ENV} is not set (start a cluster with tests/support/pg_cluster.sh start DIR PORT)")
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed (pip install '.[postgres]')")
    schema = "t_" + secrets.token_hex(6)
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(plain, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.Error as exc:
        _unavailable(f"{PG_ENV}={base} cannot be reached: {str(exc).strip().splitlines()[0]}")
    joiner = "&" if "?" in base else "?"
    try:
        yield f"{base}{joiner}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(plain, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
