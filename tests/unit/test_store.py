"""The run store: results survive, the cache hits only on the same key, runs resume."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from store_samples import TEXT, article_result

from extractor.contract import Usage
from extractor.errors import InputError, StoreError
from extractor.store import SavedArticle, Store, cache_key, default_db_path
from extractor.store.engine import head_revision

CONFIG = {"model": "fake-model", "backend": "fake", "prompt_version": "p1", "temperature": 0}


@pytest.fixture
def store(db_url):
    """Every test below that takes ``store`` runs on SQLite and on PostgreSQL."""
    with Store.open(db_url) as s:
        yield s


def key(result) -> str:
    return cache_key(result.article.sha256, "fake-model", "p1", "1", {"temperature": 0})


# --- cache key -------------------------------------------------------------------------


def test_cache_key_is_the_same_for_equal_inputs_and_differs_otherwise():
    base = cache_key("abc", "m", "p1", "1", {"temperature": 0.0, "chunk": 4000})
    assert len(base) == 64 and int(base, 16) >= 0
    assert base == cache_key("abc", "m", "p1", "1", {"chunk": 4000, "temperature": 0})
    changed = [cache_key("abd", "m", "p1", "1", {"temperature": 0, "chunk": 4000}),
               cache_key("abc", "m2", "p1", "1", {"temperature": 0, "chunk": 4000}),
               cache_key("abc", "m", "p2", "1", {"temperature": 0, "chunk": 4000}),
               cache_key("abc", "m", "p1", "2", {"temperature": 0, "chunk": 4000}),
               cache_key("abc", "m", "p1", "1", {"temperature": 0.2, "chunk": 4000})]
    assert base not in changed and len(set(changed)) == len(changed)


# --- saving and reading ----------------------------------------------------------------


def test_a_saved_result_reads_back_equal_with_its_records_and_calls(store):
    run = store.start_run(CONFIG)
    result = article_result()
    calls = [{"record_type": "transfers", "request": {"messages": [{"role": "user", "content": "…"}]},
              "response": '{"transfers": []}', "usage": Usage(prompt_tokens=10, completion_tokens=2),
              "duration": 0.25}]
    store.save_result(run, result, key(result), calls, article_text=TEXT)

    assert store.results(run) == [result]
    assert [(r.record_type, r.index) for r in store.query_records(run=run)] == [
        ("agreements", 0), ("transfers", 0), ("transfers", 1), ("meetings", 0)]
    [call] = store.calls(run)
    assert call["article_id"] == result.article.id and call["record_type"] == "transfers"
    assert call["response"] == '{"transfers": []}' and call["duration"] == 0.25
    assert '"prompt_tokens": 10' in call["usage"] and '"role": "user"' in call["request"]
    assert store.article_texts(run) == {result.article.id: TEXT}
    assert store.run_config(run) == CONFIG


def test_saving_an_article_again_replaces_its_result_and_keeps_every_call(store):
    run = store.start_run(CONFIG)
    store.save_result(run, article_result(error="timeout"), None, [{"response": "first"}])
    store.save_result(run, article_result(), "k", [{"response": "second"}])
    assert [r.error for r in store.results(run)] == [None]
    assert len(store.query_records(run=run)) == 4
    assert [c["response"] for c in store.calls(run)] == ["first", "second"]


def test_a_batch_of_articles_is_saved_whole_in_plan_order_and_a_repeat_replaces_its_result(store):
    run = store.start_run(CONFIG)
    results = [article_result(f"b{n}") for n in range(3)]
    store.save_results(run, [SavedArticle(r, f"k{n}", [{"response": f"call {n}"}], TEXT) for n, r in enumerate(results)])
    assert sorted(r.article.id for r in store.results(run)) == ["b0", "b1", "b2"]
    assert len(store.query_records(run=run)) == 12 and len(store.calls(run)) == 3
    assert store.pending_articles(run) == []
    store.save_results(run, [SavedArticle(article_result("b1", error="timeout"), None, [{"response": "again"}])])
    assert sorted((r.article.id, r.error) for r in store.results(run)) == [("b0", None), ("b1", "timeout"), ("b2", None)]
    assert len(store.calls(run)) == 4  # every call kept


def test_a_failed_save_writes_nothing(store, monkeypatch):
    run = store.start_run(CONFIG)
    seen = []

    def fail_on_second(record):
        seen.append(record)
        if len(seen) == 2:
            raise RuntimeError("crash while writing records")
        return []

    monkeypatch.setattr("extractor.store.run_store.record_countries", fail_on_second)
    with pytest.raises(RuntimeError):
        store.save_result(run, article_result(), "k", [{"response": "x"}], article_text=TEXT)
    assert store.results(run) == [] and store.calls(run) == [] and store.query_records(run=run) == []
    assert store.pending_articles(run) == []


def test_an_unknown_call_field_is_refused_before_anything_is_written(store):
    run = store.start_run(CONFIG)
    with pytest.raises(StoreError, match="unknown call field"):
        store.save_result(run, article_result(), "k", [{"respnse": "typo"}])
    assert store.results(run) == []


def test_saving_into_an_unknown_run_is_a_store_error(store):
    with pytest.raises(StoreError, match="no run"):
        store.save_result("nope", article_result(), "k")


# --- cache -----------------------------------------------------------------------------


def test_cache_hits_on_the_same_key_from_any_run_and_misses_otherwise(store):
    first = store.start_run(CONFIG)
    result = article_result()
    store.save_result(first, result, key(result))
    assert store.cached_result(key(result)) == result
    assert store.cached_result(cache_key(result.article.sha256, "other-model", "p1", "1", {})) is None
    assert store.cached_result("0" * 64) is None


def test_a_result_with_an_error_is_never_a_cache_hit(store):
    run = store.start_run(CONFIG)
    failed = article_result("002_failed", error="validation exhausted after 3 attempts")
    store.save_result(run, failed, key(failed))
    assert store.cached_result(key(failed)) is None


# --- runs and resume -------------------------------------------------------------------


def test_pending_articles_are_what_an_interrupted_run_has_left(store):
    class Article:  # what the pipeline's input reader gives: an object with id and text
        def __init__(self, id, text):
            self.id, self.text, self.sha256 = id, text, None

    run = store.start_run(CONFIG)
    store.planned_articles(run, [Article("a1", "one"), "a2", {"id": "a3"}, Article("a4", "four")])
    store.save_result(run, article_result("a1"), "k1")
    store.save_result(run, article_result("a3", error="backend unreachable"), None)
    assert store.pending_articles(run) == ["a2", "a3", "a4"]
    assert store.pending_articles(run, retry_errors=False) == ["a2", "a4"]

    store.planned_articles(run, ["a4", "a5"])  # planning again adds only what is new
    assert store.pending_articles(run) == ["a2", "a3", "a4", "a5"]


def test_finish_run_and_list_runs_show_status_counts_and_usage(store):
    older = store.start_run(CONFIG)
    newer = store.start_run({**CONFIG, "model": "other"})
    store.planned_articles(newer, ["001_vn_ru", "x"])
    store.save_result(newer, article_result(), "k")
    store.finish_run(newer, "interrupted", 12.5, Usage(prompt_tokens=100, completion_tokens=20))

    runs = store.list_runs()
    assert [r.id for r in runs] == [newer, older]
    assert (runs[0].status, runs[0].model, runs[0].planned, runs[0].done, runs[0].records) == (
        "interrupted", "other", 2, 1, 4)
    assert runs[0].duration == 12.5 and runs[0].usage == Usage(prompt_tokens=100, completion_tokens=20)
    assert runs[1].status == "running" and runs[1].finished_at is None
    with pytest.raises(ValueError):
        store.finish_run(older, "done-ish")


def test_a_run_on_another_machine_reads_as_interrupted_once_its_heartbeat_is_stale(store, monkeypatch):
    from sqlalchemy import update

    from extractor.run.batch import Heartbeat
    from extractor.store import rows
    from extractor.store.tables import runs

    run = store.start_run(CONFIG)

    def status() -> str:
        return next(r.status for r in store.list_runs() if r.id == run)

    def elsewhere(heartbeat_at):
        with store._transaction() as conn:
            conn.execute(update(runs).where(runs.c.id == run).values(host="another-machine", pid=1,
                                                                     heartbeat_at=heartbeat_at))

    elsewhere(rows.now())
    assert status() == "running"  # its process on that machine is at work
    elsewhere("2020-01-01T00:00:00.000+00:00")
    assert status() == "interrupted"  # it stopped beating: killed, or its machine is gone
    elsewhere(None)
    assert status() == "running"  # a run of an older version: nothing to tell by

    elsewhere("2020-01-01T00:00:00.000+00:00")
    monkeypatch.setattr("extractor.run.batch.HEARTBEAT_S", 0.05)
    beating = Heartbeat(store, run)
    try:
        deadline = time.monotonic() + 10
        while status() != "running" and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        beating.stop()
    assert status() == "running"  # the run's own process renews it


def test_each_heartbeat_records_the_runs_time_so_far(store, monkeypatch):
    """A process killed with SIGKILL records nothing at its end: what its beats recorded stands,
    and a --resume adds its own time to that (before, a killed process's time was lost)."""
    from extractor.run.batch import Heartbeat

    run = store.start_run(CONFIG)
    monkeypatch.setattr("extractor.run.batch.HEARTBEAT_S", 0.05)
    beating = Heartbeat(store, run, lambda: 42.5)
    try:
        deadline = time.monotonic() + 10
        while store.recorded_time(run) != 42.5 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        beating.stop()
    assert store.recorded_time(run) == 42.5
    store.finish_run(run, "finished", 50.0)
    store.beat(run, 60.0)  # a finished run's time is its own: a late beat changes nothing
    assert store.recorded_time(run) == 50.0


def test_resolve_run_takes_the_latest_an_id_or_a_unique_prefix(store):
    with pytest.raises(StoreError, match="no runs"):
        store.resolve_run(None)
    first = store.start_run(CONFIG)
    second = store.start_run(CONFIG)
    assert store.resolve_run(None) == store.resolve_run("latest") == second
    assert store.resolve_run(first) == first
    assert store.resolve_run(first[:-2]) == first
    with pytest.raises(StoreError, match="no run"):
        store.resolve_run("19990101")
    assert store.run_ids() == [second, first]  # newest first, ids only
    assert store.run_ids(first) == [first]
    assert store.run_ids("%") == [] and store.run_ids("_") == []  # the prefix is text, not a LIKE pattern


def test_a_runs_recorded_time_and_result_count(store):
    run_id = store.start_run(CONFIG)
    assert store.recorded_time(run_id) == 0.0 and store.result_count(run_id) == 0
    store.save_result(run_id, article_result("a1"), "k1")
    store.finish_run(run_id, "finished", 12.5, Usage(prompt_tokens=3, completion_tokens=2))
    assert store.recorded_time(run_id) == 12.5 and store.result_count(run_id) == 1


# --- records ---------------------------------------------------------------------------


def test_query_records_filters_by_run_type_country_and_date(store):
    first, second = store.start_run(CONFIG), store.start_run(CONFIG)
    store.save_result(first, article_result("a1"), "k1")
    store.save_result(second, article_result("a2"), "k2")

    assert len(store.query_records()) == 8
    assert {r.run_id for r in store.query_records(run=first)} == {first}
    transfers = store.query_records(run=first, type="transfers")
    assert [r.record.system for r in transfers] == ["Kilo-class", "BrahMos"]
    assert [r.record.system for r in store.query_records(run=first, country="ind")] == ["BrahMos"]
    assert {r.record_type for r in store.query_records(run=first, country="RUS")} == {
        "agreements", "transfers", "meetings"}
    assert [r.record_type for r in store.query_records(run=first, since="2021-11")] == [
        "agreements", "meetings"]  # "2021" is not known to be after November; undated never matches
    assert [r.record_type for r in store.query_records(run=first, since="2021")] == [
        "agreements", "transfers", "meetings"]
    with pytest.raises(InputError):
        store.query_records(type="visits")


# --- opening and migrations ------------------------------------------------------------


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_migrations_run_once_and_reopening_keeps_the_data(db_url):
    with Store.open(db_url) as store:
        run = store.start_run(CONFIG)
        store.save_result(run, article_result(), "k")
    with Store.open(db_url) as store:
        assert store.results(run) == [article_result()]
        assert store.list_runs()[0].id == run
        from sqlalchemy import text

        with store._engine.connect() as conn:  # the revision table Alembic keeps: at the newest step
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]


def test_a_store_made_by_the_code_before_alembic_is_migrated_in_place_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "store-m006.db", path)  # made by the m001..m006 migrations of the earlier code
    with Store.open(path) as store:
        [run] = store.list_runs()
        assert (run.status, run.planned, run.done, run.records, run.run_group) == ("finished", 2, 1, 4, None)
        assert store.results(run.id) == [article_result()]
        assert store.article_texts(run.id) == {article_result().article.id: TEXT}
        assert store.cached_result("key-1") == article_result()
        assert store.cached_answer("answer-key") == '{"meetings": []}'
        assert store.pending_articles(run.id) == ["later"]
        assert len(store.query_records(country="VNM")) == 4
        new = store.start_run(CONFIG, run_group="g", shard="1/2")  # the new columns are there
        assert {r.id: r.shard for r in store.list_runs()} == {run.id: None, new: "1/2"}
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
    conn.close()


def test_a_migrated_store_has_the_tables_and_indexes_of_a_new_one(tmp_path):
    """What the migrations build is what the code declares: a store made by older code ends up
    with the same columns and indexes (the look-ups a long run saves through) as a new one."""
    def shape(path: Path) -> set[tuple]:
        conn = sqlite3.connect(path)
        try:
            tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                      if t != "_migrations"]  # the earlier code's own bookkeeping, left in place
            columns = {(t, c[1]) for t in tables for c in conn.execute(f"PRAGMA table_info('{t}')")}
            indexes = {("index", t, name, tuple(c[2] for c in conn.execute(f"PRAGMA index_info('{name}')")))
                       for t in tables for _, name, *_ in conn.execute(f"PRAGMA index_list('{t}')")
                       if not name.startswith("sqlite_autoindex")}
            return columns | indexes
        finally:
            conn.close()

    old = tmp_path / "old.db"
    shutil.copy(FIXTURES / "store-m006.db", old)
    Store.open(old).close()
    Store.open(tmp_path / "new.db").close()
    assert shape(old) == shape(tmp_path / "new.db")
    assert ("index", "records", "records_run_article", ("run_id", "article_id")) in shape(old)


def test_an_older_store_is_upgraded_in_place_when_opened(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "store-m003.db", path)  # the earlier code's m001..m003: no call outcome, no status
    with Store.open(path) as store:
        assert [r.id for r in store.list_runs()] == ["old-run"]
        assert store.calls("old-run")[0]["error"] is None and "model_time" in store.calls("old-run")[0]
        assert store.list_runs()[0].errors == 1 and store.pending_articles("old-run") == []
        run = store.start_run(CONFIG)
        store.save_result(run, article_result(), "k", answers={"a": "b"})
        assert store.cached_answer("a") == "b"


def test_an_older_stores_unreadable_failed_row_reads_back_as_a_failed_result(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "store-m003.db", path)  # its failed row holds result '{}' and error 'boom'
    with Store.open(path) as store:
        [result] = store.results("old-run")
    assert (result.article.id, result.status, result.error, result.records()) == ("a", "failed", "boom", [])
    assert result.provenance.model == "unknown" and result.provenance.started_at == "2020"


def test_opening_a_missing_store_read_only_or_a_non_database_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no run store"):
        Store.open(tmp_path / "absent.db", create=False)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store.open(junk)


def test_default_path_is_the_env_var_or_the_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("EXTRACTOR_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"
    monkeypatch.delenv("EXTRACTOR_DB")
    assert default_db_path().name == "extractor.db" and "defence-extractor" in str(default_db_path())


def test_worker_threads_can_save_results_concurrently(store):
    run = store.start_run(CONFIG)
    ids = [f"art{i:02d}" for i in range(16)]
    store.planned_articles(run, ids)
    threads = [threading.Thread(target=store.save_result, args=(run, article_result(i), f"k{i}")) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.pending_articles(run) == []
    assert [r.article.id for r in store.results(run)] == ids


def test_article_text_given_when_planning_serves_the_review_page(store):
    result = article_result()
    run = store.start_run(CONFIG)
    store.planned_articles(run, [{"id": result.article.id, "sha256": result.article.sha256, "text": TEXT},
                                 {"id": "no_sha", "text": "text without a hash"}])
    store.save_result(run, result, "k")
    store.save_result(run, article_result("no_sha"), "k2")
    assert store.article_texts(run) == {result.article.id: TEXT, "no_sha": "text without a hash"}


def test_the_backends_call_records_are_stored_as_they_come(store):
    from extractor.backends.base import CallRecord

    run = store.start_run(CONFIG)
    ok = CallRecord(request={"messages": []}, response_text='{"meetings": []}', usage=Usage(prompt_tokens=7),
                    duration_s=0.5, model_time_s=0.4)
    failed = CallRecord(request={"messages": []}, response_text=None, usage=Usage(), duration_s=1.0,
                        error="validation failed")
    store.save_result(run, article_result(), "k", [ok, {**failed.to_dict(), "record_type": "meetings"}])
    first, second = store.calls(run)
    assert (first["response"], first["duration"], first["model_time"], first["error"]) == (
        '{"meetings": []}', 0.5, 0.4, None)
    assert (second["record_type"], second["response"], second["error"]) == ("meetings", None, "validation failed")
