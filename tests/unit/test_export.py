"""Exports: contract-form JSON/JSONL, and a flat CSV with one row per record."""

from __future__ import annotations

import csv
import json
import os

import pytest
from store_samples import UNFOUND_QUOTE, article_result

from extractor.contract import ArticleResult
from extractor.errors import InputError, StoreError
from extractor.outputs.export import csv_columns, export_format, flatten_record, records_of, write_records, write_results

RESULTS = [article_result("a1"), article_result("a2", error="backend unreachable"), article_result("a3")]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_json_is_one_contract_result_per_article(tmp_path):
    out = tmp_path / "run.json"
    assert write_results(RESULTS, out, "json") == 3
    loaded = [ArticleResult.model_validate(item) for item in json.loads(out.read_text(encoding="utf-8"))]
    assert loaded == RESULTS


def test_jsonl_is_one_contract_result_a_line(tmp_path):
    out = tmp_path / "run.jsonl"
    write_results(RESULTS, out, "jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [ArticleResult.model_validate_json(line) for line in lines] == RESULTS


def test_records_mode_writes_one_object_per_record_with_its_origin(tmp_path):
    out = tmp_path / "transfers.jsonl"
    transfers = [r for r in records_of(RESULTS, "run-1") if r.record_type == "transfers"]
    assert write_records(transfers, out, "jsonl") == 4
    objects = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(o["run_id"], o["article_id"], o["index"], o["record"]["system"]) for o in objects] == [
        ("run-1", "a1", 0, "Kilo-class"), ("run-1", "a1", 1, "BrahMos"),
        ("run-1", "a3", 0, "Kilo-class"), ("run-1", "a3", 1, "BrahMos")]


def test_csv_has_one_row_per_record_and_every_field_flattened(tmp_path):
    out = tmp_path / "run.csv"
    assert write_results(RESULTS, out, "csv", run_id="run-1") == 8
    rows = read_csv(out)
    assert len(rows) == 8
    assert list(rows[0]) == csv_columns()
    assert [r["record_type"] for r in rows[:4]] == ["agreements", "transfers", "transfers", "meetings"]
    agreement, kilo, brahmos, meeting = rows[:4]
    assert agreement["run_id"] == "run-1" and agreement["article_id"] == "a1"
    assert agreement["parties_name"] == "Vietnam; Russia" and agreement["parties_country"] == "VNM; RUS"
    assert agreement["areas"] == "defense_industry; training" and agreement["supplier_name"] == ""
    assert (kilo["supplier_name"], kilo["supplier_country"], kilo["recipient_kind"]) == ("Russia", "RUS", "military")
    assert (kilo["quantity"], kilo["value_amount"], kilo["value_currency"]) == ("6", "2000000000", "USD")
    assert kilo["grounded"] == "true" and kilo["evidence_start"] == "98" and kilo["evidence_spans"] == "98-166"
    assert brahmos["grounded"] == "false" and brahmos["evidence_quotes"] == UNFOUND_QUOTE
    assert brahmos["evidence_start"] == "" and brahmos["evidence_spans"] == "?"
    assert meeting["participants_name"] == "Phan Van Giang; Sergei Shoigu"
    assert meeting["participants_organization"] == "; " and meeting["countries"] == "VNM; RUS"
    assert (meeting["location_city"], meeting["location_country"]) == ("Hanoi", "VNM")
    assert len(meeting["evidence_spans"].split("; ")) == 2 and " | " in meeting["evidence_quotes"]


def test_csv_of_one_type_has_only_that_types_columns(tmp_path):
    out = tmp_path / "meetings.csv"
    meetings = [r for r in records_of(RESULTS) if r.record_type == "meetings"]
    write_records(meetings, out, "csv", record_types=["meetings"])
    rows = read_csv(out)
    assert len(rows) == 2 and "supplier_name" not in rows[0] and "location_city" in rows[0]


def test_csv_loads_in_pandas_one_row_per_record(tmp_path):
    pandas = pytest.importorskip("pandas", reason="pandas is an optional extra (test, notebook); this check runs where it is installed")
    out = tmp_path / "run.csv"
    write_results(RESULTS, out, "csv")
    frame = pandas.read_csv(out)
    assert len(frame) == 8 and list(frame.columns) == csv_columns()


def test_flatten_record_turns_every_field_into_text():
    row = flatten_record(article_result().transfers[0])
    assert all(isinstance(v, str) for v in row.values())
    assert {"supplier_name", "value_amount", "evidence_spans"} <= set(row)


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    out = tmp_path / "run.json"
    out.write_text("previous export", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StoreError, match="No space left"):
        write_results(RESULTS, out, "json")
    assert out.read_text(encoding="utf-8") == "previous export"
    assert os.listdir(tmp_path) == ["run.json"]


def test_the_format_comes_from_the_option_or_the_suffix(tmp_path):
    assert export_format(tmp_path / "x.CSV") == "csv"
    assert export_format(tmp_path / "x.txt", "jsonl") == "jsonl"
    with pytest.raises(InputError, match="--format"):
        export_format(tmp_path / "x.txt")


HOSTILE = ["=HYPERLINK(\"http://evil\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote(tmp_path, cell):
    result = article_result(cell)
    transfer = result.transfers[0].model_copy(update={"system": cell, "summary": cell})
    result = result.model_copy(update={"transfers": [transfer]})
    out = tmp_path / "run.csv"
    write_results([result], out, "csv", run_id=cell)
    rows = read_csv(out)
    assert {r["article_id"] for r in rows} == {r["run_id"] for r in rows} == {"'" + cell}
    [row] = [r for r in rows if r["record_type"] == "transfers"]
    assert row["system"] == row["summary"] == "'" + cell
    assert row["quantity"] == "6" and row["supplier_country"] == "RUS"  # the rest as it was


def test_plain_numbers_and_ordinary_text_are_not_changed_in_csv():
    from extractor.outputs.export import formula_safe

    assert [formula_safe(c) for c in ["-5", "+12.5", "12", "Kilo-class", "a=b", ""]] == \
        ["-5", "+12.5", "12", "Kilo-class", "a=b", ""]
