"""``extractor runs | records | export | view`` against a store in a temp dir, then on PostgreSQL."""

from __future__ import annotations

import csv
import json

import pytest
from store_samples import TEXT, MarkText, article_result, grounded_quotes
from typer.testing import CliRunner

from extractor.cli import app
from extractor.contract import ArticleResult
from extractor.store import Store

runner = CliRunner()


@pytest.fixture(autouse=True)
def store_path(db_url, tmp_path, monkeypatch):
    """Every command reads the store named by EXTRACTOR_DB, never the user's own: a SQLite file
    in a folder not made yet, or a PostgreSQL schema of its own."""
    path = tmp_path / "store" / "extractor.db" if db_url.endswith(".db") else db_url
    monkeypatch.setenv("EXTRACTOR_DB", str(path))
    monkeypatch.setenv("COLUMNS", "200")
    return path


@pytest.fixture
def two_runs(store_path):
    """An older run with one article, and the latest with two (one failed)."""
    with Store.open(store_path) as store:
        older = store.start_run({"model": "old-model", "backend": "fake", "prompt_version": "p0"})
        store.save_result(older, article_result("old_article"), "k0", article_text=TEXT)
        store.finish_run(older, "finished", 3.0, {"prompt_tokens": 50, "completion_tokens": 5})
        latest = store.start_run({"model": "fake-model", "backend": "fake", "prompt_version": "p1"})
        store.save_result(latest, article_result("a1"), "k1", article_text=TEXT)
        store.save_result(latest, article_result("a2", error="backend unreachable"), None)
    return older, latest


def invoke(*args):
    return runner.invoke(app, list(args))


def test_runs_lists_every_run_newest_first(two_runs):
    older, latest = two_runs
    result = invoke("runs")
    assert result.exit_code == 0, result.output
    assert result.stdout.index(latest) < result.stdout.index(older)
    assert "finished" in result.stdout and "running" in result.stdout and "old-model" in result.stdout


def test_runs_without_a_store_says_so():
    result = invoke("runs")
    assert result.exit_code == 0 and "no runs yet" in result.stdout


def test_records_shows_the_latest_run_and_filters(two_runs):
    older, latest = two_runs
    result = invoke("records")
    assert result.exit_code == 0, result.output
    assert "a1" in result.stdout and "old_article" not in result.stdout
    assert f"4 records in run {latest}" in result.stdout
    transfers = invoke("records", "--type", "transfers", "--country", "India")
    assert "BrahMos" in transfers.stdout and "Kilo-class" not in transfers.stdout
    assert "1 records" in transfers.stdout
    everything = invoke("records", "--run", "all", "--since", "2021-11")
    assert "old_article" in everything.stdout and "4 records in all runs" in everything.stdout
    by_prefix = invoke("records", "--run", older[:-1])
    assert "old_article" in by_prefix.stdout and f"4 records in run {older}" in by_prefix.stdout


def test_records_with_bad_input_print_one_line_and_no_traceback(two_runs, tmp_path):
    bad_country = invoke("records", "--country", "Atlantis")
    assert bad_country.exit_code == 2 and bad_country.stderr.startswith("error: --country 'Atlantis'")
    assert len(bad_country.stderr.strip().splitlines()) == 1 and "Traceback" not in bad_country.output
    bad_run = invoke("records", "--run", "19990101")
    assert bad_run.exit_code == 6 and "no run '19990101'" in bad_run.stderr
    assert invoke("records", "--type", "visits").exit_code == 2
    no_store = invoke("records", "--db", str(tmp_path / "absent.db"))
    assert no_store.exit_code == 6 and "no run store here yet" in no_store.stderr


def test_export_json_is_the_latest_run_in_contract_form(two_runs, tmp_path):
    out = tmp_path / "out" / "run.json"
    result = invoke("export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote 2 articles" in result.stdout
    loaded = [ArticleResult.model_validate(x) for x in json.loads(out.read_text(encoding="utf-8"))]
    assert [r.article.id for r in loaded] == ["a1", "a2"] and loaded[0] == article_result("a1")


def test_export_csv_and_filtered_jsonl_hold_records(two_runs, tmp_path):
    older, latest = two_runs
    result = invoke("export", "--format", "csv", "--out", str(tmp_path / "r.csv"))
    assert result.exit_code == 0 and "wrote 4 records" in result.stdout
    with open(tmp_path / "r.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4 and {r["run_id"] for r in rows} == {latest}
    result = invoke("export", "--out", str(tmp_path / "m.jsonl"), "--type", "meetings", "--run", older)
    assert result.exit_code == 0 and "wrote 1 records" in result.stdout
    [line] = (tmp_path / "m.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["record"]["location"] == {"city": "Hanoi", "country": "VNM"}


def test_export_and_view_to_dash_write_standard_output_and_no_file(two_runs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "--format", "jsonl", "--out", "-")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()] == ["a1", "a2"]
    assert result.stderr.startswith("wrote 2 articles") and "to stdout" in result.stderr
    page = invoke("view", "--out", "-")
    assert page.exit_code == 0 and page.stdout.lstrip().startswith("<!") and "a1" in page.stdout
    assert not (tmp_path / "-").exists()
    assert invoke("export", "--out", "-").exit_code == 2  # a stream has no suffix: --format says which


def test_export_needs_a_format_it_can_tell(two_runs, tmp_path):
    result = invoke("export", "--out", str(tmp_path / "run.txt"))
    assert result.exit_code == 2 and "--format" in result.stderr


def test_view_writes_a_review_page_from_the_store_alone(two_runs, tmp_path):
    out = tmp_path / "report.html"
    result = invoke("view", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 2 articles, 4 records, 1 ungrounded, 1 articles without stored text" in result.stdout
    page = out.read_text(encoding="utf-8")
    marked = " ".join(MarkText.parse(page).by_ref.values())
    assert all(quote in marked for quote in grounded_quotes(article_result("a1")))
    assert "UNGROUNDED" in page and "Extraction failed: backend unreachable" in page


def test_the_db_option_wins_over_the_environment(two_runs, tmp_path):
    other = tmp_path / "other.db"
    with Store.open(other) as store:
        store.start_run({"model": "elsewhere"})
    result = invoke("runs", "--db", str(other))
    assert "elsewhere" in result.stdout and "old-model" not in result.stdout


def test_records_until_keeps_what_is_dated_on_or_before_and_not_what_may_be_later(two_runs):
    def count(*args):
        result = invoke("records", *args)
        assert result.exit_code == 0, result.output
        return result.stdout.strip().splitlines()[-1].split()[0]

    assert count("--until", "2021") == "3"          # the undated BrahMos transfer is not counted
    assert count("--until", "2021-11") == "2"       # a transfer dated only "2021" may be later than November
    assert count("--until", "2021-11-28") == "0"
    assert count("--since", "2021-11", "--until", "2021-11-30") == "2"
    bad = invoke("records", "--until", "soon")
    assert bad.exit_code == 2 and bad.stderr.startswith("error: --until 'soon' is not a date")


@pytest.mark.parametrize("args", [("records", "--since", "2019-13"), ("records", "--since", "2019-02-30"),
                                  ("records", "--since", "2019-00"), ("records", "--since", "0000"),
                                  ("records", "--until", "2030-99"), ("export", "--since", "2019-13")])
def test_a_month_or_day_that_does_not_exist_is_not_a_date(two_runs, tmp_path, args):
    out = ("--out", str(tmp_path / "x.json")) if args[0] == "export" else ()
    result = invoke(*args, *out)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {args[1]} {args[2]!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"]


def test_runs_and_records_print_json_with_json(two_runs):
    older, latest = two_runs
    runs = json.loads(invoke("runs", "--json").stdout)
    assert [r["id"] for r in runs] == [latest, older]
    assert runs[1]["model"] == "old-model" and runs[1]["usage"] == {"prompt_tokens": 50, "completion_tokens": 5}
    records = json.loads(invoke("records", "--json", "--type", "transfers").stdout)
    assert [(r["article_id"], r["record"]["system"]) for r in records] == [("a1", "Kilo-class"), ("a1", "BrahMos")]
    assert all(r["run_id"] == latest for r in records)


def test_runs_json_without_a_store_is_an_empty_list():
    result = invoke("runs", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_records_tables_show_markup_and_escape_codes_as_text(store_path):
    hostile = "[bold]x[/bold]\x1b[2J"
    with Store.open(store_path) as store:
        run = store.start_run({"model": "[red]m[/red]", "backend": "fake"})
        store.save_result(run, article_result(hostile), "k", article_text=TEXT)
    result = invoke("records")
    assert result.stdout.count("[bold]x[/bold]\\x1b[2J") == 4  # one row per record, shown as it is, escaped
    assert "\x1b" not in result.stdout
    assert "[red]m[/red]" in invoke("runs").stdout


def test_a_run_group_reads_as_one_run_in_records_export_and_view(store_path, tmp_path):
    with Store.open(store_path) as store:
        for k, article in ((2, "a2"), (1, "a1")):
            run = store.start_run({"model": "fake-model", "backend": "fake"}, run_group="nightly", shard=f"{k}/2")
            store.save_result(run, article_result(article), f"k{k}", article_text=TEXT)
            store.finish_run(run, "finished")
        alone = store.start_run({"model": "fake-model", "backend": "fake"})  # the latest run, not in the group
        store.save_result(alone, article_result("elsewhere"), "k3")
    records = invoke("records", "--run", "nightly", "--json")
    assert sorted({r["article_id"] for r in json.loads(records.stdout)}) == ["a1", "a2"]
    assert "8 records in run group nightly (2 runs)" in invoke("records", "--run", "nightly").stdout
    out = tmp_path / "group.jsonl"
    exported = invoke("export", "--run", "nightly", "--out", str(out))
    assert exported.exit_code == 0 and "wrote 2 articles of run group nightly (2 runs)" in exported.stdout
    assert [json.loads(line)["article"]["id"] for line in out.read_text().splitlines()] == ["a1", "a2"]  # by shard
    page = tmp_path / "group.html"
    viewed = invoke("view", "--run", "nightly", "--out", str(page))
    assert viewed.exit_code == 0 and "2 articles, 8 records" in viewed.stdout
    assert "Review of run group nightly" in page.read_text(encoding="utf-8")
    listed = invoke("runs")
    assert listed.stdout.count("of nightly") == 2 and "2/2 of nightly" in listed.stdout
