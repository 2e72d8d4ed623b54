"""``extractor keys``: a key is printed once, stored as a hash, listed by name, revoked by name."""

from __future__ import annotations

import hashlib
import sqlite3

from typer.testing import CliRunner

from extractor.cli import app
from extractor.store import Store
from extractor.store.keys import key_name


def test_create_prints_the_key_once_and_stores_only_its_hash(tmp_path):
    db = tmp_path / "keys.db"
    made = CliRunner().invoke(app, ["keys", "create", "alice", "--db", str(db)])
    assert made.exit_code == 0, made.output
    key = made.stdout.split()[-1]
    assert key.startswith("ext_") and len(key) > 40
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert key not in dump and hashlib.sha256(key.encode()).hexdigest() in dump
    with Store.open(db) as store:
        assert key_name(store, key) == "alice" and key_name(store, key + "x") is None
    listed = CliRunner().invoke(app, ["keys", "list", "--db", str(db)])
    assert "alice" in listed.stdout and key not in listed.stdout


def test_revoke_and_names_are_never_reused(db_url):
    db = db_url  # a SQLite file, then a PostgreSQL URL (--db keeps its '//')
    runner = CliRunner()
    key = runner.invoke(app, ["keys", "create", "bob", "--db", db]).stdout.split()[-1]
    assert runner.invoke(app, ["keys", "revoke", "bob", "--db", db]).exit_code == 0
    with Store.open(db) as store:
        assert key_name(store, key) is None
    again = runner.invoke(app, ["keys", "create", "bob", "--db", db])
    assert again.exit_code == 2 and again.stderr.strip().splitlines() == [
        "error: a key named 'bob' exists already (names of revoked keys are not reused)"]
    listed = runner.invoke(app, ["keys", "list", "--json", "--db", db])
    assert '"revoked_at": "20' in listed.stdout


def test_bad_names_and_unknown_keys_are_one_line_errors(tmp_path):
    db = str(tmp_path / "keys.db")
    for args, message in ((["create", "a b"], "key name 'a b'"), (["revoke", "carol"], "no key named 'carol'")):
        result = CliRunner().invoke(app, ["keys", *args, "--db", db])
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
