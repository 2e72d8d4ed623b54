"""Output files: never over an input or the run store, never emptied before a run has a result,
always holding every finished article of their run (also on ``--resume``), JSON grown in place."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from cli_samples import ARTICLE, fake, invoke  # noqa: F401  (fake is a fixture)
from typer.testing import CliRunner

from extractor.cli import app
from extractor.contract import ArticleResult
from extractor.outputs.stream import ResultWriter
from extractor.store import Store
from store_samples import article_result


def ids_in(out) -> list[str]:
    text = out.read_text(encoding="utf-8")
    if out.suffix == ".json":
        return [r["article"]["id"] for r in json.loads(text)]
    return [ArticleResult.model_validate_json(line).article.id for line in text.splitlines()]


@pytest.fixture
def store_with_a_run(tmp_path):
    db = tmp_path / "store.db"
    with Store.open(db) as store:
        run = store.start_run({"model": "m", "backend": "fake", "prompt_version": "p"})
        store.save_result(run, article_result("a1"), "k1")
        store.finish_run(run, "finished", 1.0)
    return db


@pytest.mark.parametrize("command", [["export", "--format", "csv", "--out"], ["export", "--format", "json", "-o"],
                                     ["view", "--out"], ["view", "-o"]])
def test_export_or_view_onto_the_run_store_is_refused_and_the_store_is_untouched(store_with_a_run, command,
                                                                                 monkeypatch):
    monkeypatch.setenv("EXTRACTOR_DB", str(store_with_a_run))
    before = store_with_a_run.read_bytes()
    result = CliRunner().invoke(app, [*command, str(store_with_a_run)])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error:") and "is the run store" in line
    assert store_with_a_run.read_bytes() == before
    with Store.open(store_with_a_run) as store:
        assert len(store.list_runs()) == 1


def test_run_output_onto_its_input_is_refused_and_the_input_is_untouched(fake, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    before = feed.read_bytes()
    result = invoke(str(feed), "--out", str(feed))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: --out {feed} is an input of this run: choose another file "
                                          "(nothing was written)"]
    assert feed.read_bytes() == before and fake.requests == []


def test_run_output_onto_the_run_store_or_inside_an_input_folder_is_refused(fake, tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "store.db"
    result = invoke(str(tmp_path / "news"), "--db", str(db), "-o", str(db))
    assert result.exit_code == 2 and "is the run store" in result.stderr
    result = invoke(str(tmp_path / "news"), "--db", str(db), "-o", str(tmp_path / "news" / "out.jsonl"))
    assert result.exit_code == 2 and "inside the input folder" in result.stderr
    assert not (tmp_path / "news" / "out.jsonl").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_out_dash_writes_to_stdout_not_to_a_file_named_dash(fake, tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = invoke("a.txt", "--out", "-", "--format", fmt, "--quiet")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    printed = json.loads(result.stdout) if fmt == "json" else [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"]["id"] for r in printed] == ["a"]
    assert result.stderr.splitlines()[-1].startswith("wrote 1 result(s) with 1 record(s) to stdout")


def test_an_output_file_is_kept_as_it_was_when_the_store_cannot_open(fake, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text('{"kept": "from an earlier run"}\n', encoding="utf-8")
    not_a_db = tmp_path / "not-a-store.db"
    not_a_db.write_bytes(b"this is not SQLite" * 100)
    result = invoke(str(article), "--out", str(out), "--db", str(not_a_db))
    assert result.exit_code == 6
    assert out.read_text(encoding="utf-8") == '{"kept": "from an earlier run"}\n'


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_a_resumed_run_keeps_the_articles_finished_before_the_crash_in_its_file(fake, tmp_path, fmt):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a_first.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "b_second.txt").write_text(ARTICLE + "\nBROKEN BACKEND\n", encoding="utf-8")
    out, db = tmp_path / f"out.{fmt}", tmp_path / "store.db"
    first = invoke(str(tmp_path / "in"), "-o", str(out), "-f", fmt, "--db", str(db), "--concurrency", "1", "-q")
    assert first.exit_code == 3 and ids_in(out) == ["a_first"]
    with Store.open(db) as store:
        run_id = store.resolve_run(None)
    (tmp_path / "in" / "b_second.txt").write_text(ARTICLE, encoding="utf-8")  # the stored text still breaks it
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET text = replace(text, 'BROKEN BACKEND', 'mended')")
    resumed = invoke("--resume", run_id, "-o", str(out), "-f", fmt, "--db", str(db), "-q")
    assert resumed.exit_code == 0, resumed.output
    assert ids_in(out) == ["a_first", "b_second"]


def test_json_output_grows_in_place_and_stays_a_valid_array_after_every_article(tmp_path):
    out = tmp_path / "out.json"
    writer = ResultWriter(out, "json")
    sizes = []
    for n in range(3):
        writer.write(article_result(f"a{n}"))
        assert [r["article"]["id"] for r in json.loads(out.read_text(encoding="utf-8"))] == [f"a{i}" for i in range(n + 1)]
        sizes.append(os.stat(out).st_ino)
    writer.close()
    assert len(set(sizes)) == 1  # one file, appended to: not replaced after every article
    assert ids_in(out) == ["a0", "a1", "a2"]


def test_a_writer_with_no_result_leaves_the_old_file_unless_the_run_finished(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("[]\n", encoding="utf-8")
    ResultWriter(out, "json").close(finished=False)
    assert out.read_text(encoding="utf-8") == "[]\n"
    out.write_text("old", encoding="utf-8")
    ResultWriter(out, "json").close(finished=True)
    assert json.loads(out.read_text(encoding="utf-8")) == []


def test_a_result_file_under_a_file_is_refused_before_the_model_is_asked(fake, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "file.txt").write_text("a file, not a folder", encoding="utf-8")
    result = invoke(str(article), "--out", str(tmp_path / "file.txt" / "out.jsonl"), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {tmp_path / 'file.txt'}: output folder is a file, not a folder"]
    assert fake.requests == []


def test_a_result_file_that_cannot_be_written_is_one_line_and_the_results_stay_in_the_store(fake, tmp_path,
                                                                                           monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out, db, reason = tmp_path / "out.jsonl", tmp_path / "store.db", "Permission denied"

    def refused(*args, **kwargs):  # chmod does not stop root: the folder refuses the temporary file
        raise PermissionError(13, reason)

    monkeypatch.setattr("extractor.outputs.stream.tempfile.mkstemp", refused)
    result = invoke(str(article), "--out", str(out), "--db", str(db), "--quiet")
    assert result.exit_code == 6  # as export and view when their file cannot be written
    assert result.stderr.splitlines() == [f"error: {out}: cannot write the result file: {reason}"]
    with Store.open(db) as store:
        assert [r.article.id for r in store.results(store.resolve_run(None))] == ["a"]


@pytest.mark.parametrize("name, reason", [("file.txt", "a file is in the way, name a folder"),
                                          ("file.txt/schemas", "Not a directory")])
def test_schema_into_a_place_that_cannot_hold_a_folder_is_one_line(tmp_path, name, reason):
    (tmp_path / "file.txt").write_text("a file, not a folder", encoding="utf-8")
    folder = tmp_path / name
    result = CliRunner().invoke(app, ["schema", "--out", str(folder)])
    assert result.exit_code == 6
    assert result.stderr.splitlines() == [f"error: {folder}: cannot write the schemas: {reason}"]
