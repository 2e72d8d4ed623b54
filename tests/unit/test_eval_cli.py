"""``extractor eval --predictions`` and ``extractor compare`` as a user runs them, plus the set and run folders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli.app import app
from extractor.contract import ArticleRecords
from extractor.evals.runs import load_eval_set, load_run, read_predictions
from extractor.errors import InputError
from tests.support.devset import needs_devset

runner = CliRunner()
EVIDENCE = [{"quote": "q"}]
PROVENANCE = {"model": "fake/model-1", "backend": "fake", "prompt_version": "p1", "extractor_version": "0.1",
              "started_at": "2024-01-01T00:00:00Z", "duration_s": 2.0,
              "usage": {"prompt_tokens": 1000, "completion_tokens": 100}, "attempts": 1}
TRANSFER = {"supplier": {"name": "Russia", "country": "RUS", "kind": "state"},
            "recipient": {"name": "Vietnam", "country": "VNM", "kind": "state"},
            "system": "Su-30MK2", "category": "aircraft", "status": "ordered", "evidence": EVIDENCE}
AGREEMENT = {"kind": "mou", "parties": [{"name": "Vietnam", "country": "VNM", "kind": "state"},
                                        {"name": "India", "country": "IND", "kind": "state"}],
             "status": "signed", "evidence": EVIDENCE}
GOLD = {"a1": {"article": {"id": "a1"}, "transfers": [TRANSFER]},
        "a2": {"article": {"id": "a2"}, "agreements": [AGREEMENT]}}


@pytest.fixture
def eval_set(tmp_path) -> Path:
    folder = tmp_path / "tiny"
    (folder / "articles").mkdir(parents=True)
    (folder / "gold").mkdir()
    for article_id, gold in GOLD.items():
        (folder / "articles" / f"{article_id}.txt").write_text("text", encoding="utf-8")
        (folder / "gold" / f"{article_id}.json").write_text(json.dumps(gold), encoding="utf-8")
    (folder / "index.json").write_text(json.dumps({"a1": {"published": "2021-12-02", "url": "https://x"}}))
    return folder


def write_predictions(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps({**r, "provenance": PROVENANCE}) + "\n" for r in records), encoding="utf-8")
    return path


# a1: the transfer right plus a quantity gold lacks -> TP 5 (supplier, recipient, system, category, status), FP 1
# a2: no prediction -> the agreement's kind, 2 parties, status FN 4
# headline: 2*5 / (2*5 + 1 + 4) = 10/15 = 0.667
MISTAKES = [{"article": {"id": "a1"}, "transfers": [{**TRANSFER, "quantity": 12}]}]
PERFECT = list(GOLD.values())


def run_eval(eval_set: Path, predictions: Path, out: Path):
    return runner.invoke(app, ["eval", "--set", str(eval_set), "--predictions", str(predictions), "--out-dir", str(out)])


def test_eval_predictions_writes_a_run_folder_and_prints_the_headline(eval_set, tmp_path):
    result = run_eval(eval_set, write_predictions(tmp_path / "p.jsonl", MISTAKES), tmp_path / "runs")
    assert result.exit_code == 0, result.output
    assert "headline field F1: 0.667" in result.output
    assert "transfers" in result.output and "pipeline health" in result.output
    (folder,) = (tmp_path / "runs").iterdir()
    assert re.fullmatch(r"\d{8}T\d{6}_tiny_fake-model-1", folder.name)
    assert sorted(p.name for p in folder.iterdir()) == [
        "config.json", "per_article.json", "predictions.jsonl", "summary.json", "summary.md"]
    config = json.loads((folder / "config.json").read_text())
    assert (config["model"], config["backend"], config["prompt_version"], config["eval_set"]) == (
        "fake/model-1", "fake", "p1", "tiny")
    assert {"schema_version", "extractor_version", "git_revision", "created_at"} <= set(config)
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["headline"]["field_f1"] == pytest.approx(2 / 3)
    assert summary["articles"] == {"a1": pytest.approx(10 / 11), "a2": 0.0}
    assert summary["health"]["schema_valid_share"] == 1.0 and summary["health"]["without_prediction"] == 1
    per_article = json.loads((folder / "per_article.json").read_text())
    assert per_article["a2"]["predicted"] is False
    assert "Headline field F1 **0.667**" in (folder / "summary.md").read_text()
    saved = load_run(folder)
    assert saved.score.headline_f1 == pytest.approx(2 / 3)
    assert saved.score.per_article_f1() == {"a1": pytest.approx(10 / 11), "a2": 0.0}


def test_a_partial_predictions_file_is_scored_with_one_warning_and_valid_share_of_what_was_predicted(eval_set, tmp_path):
    result = run_eval(eval_set, write_predictions(tmp_path / "p.jsonl", MISTAKES), tmp_path / "runs")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["warning: 1 of 2 gold articles of eval set tiny have no prediction (scored as empty)"]
    assert re.search(r"schema valid share +│ +1\.000", result.stdout)
    assert re.search(r"without prediction +│ +1 ", result.stdout)
    complete = run_eval(eval_set, write_predictions(tmp_path / "all.jsonl", PERFECT), tmp_path / "runs")
    assert complete.exit_code == 0 and complete.stderr == ""


def test_compare_prints_and_writes_markdown(eval_set, tmp_path):
    assert run_eval(eval_set, write_predictions(tmp_path / "p1.jsonl", MISTAKES), tmp_path / "runs").exit_code == 0
    assert run_eval(eval_set, write_predictions(tmp_path / "p2.jsonl", PERFECT), tmp_path / "runs").exit_code == 0
    first, second = sorted((tmp_path / "runs").iterdir())  # same second: the second gets "-2"
    out = tmp_path / "cmp.md"
    result = runner.invoke(app, ["compare", str(first), str(second), "--markdown", str(out), "--samples", "300"])
    assert result.exit_code == 0, result.output
    assert "field F1 (headline)" in result.output
    text = out.read_text()
    assert "| field F1 (headline) | 0.667 | 1.000 (+0.333) |" in text
    assert "headline field F1 delta +0.333" in text
    printed = runner.invoke(app, ["compare", str(first), str(second), "--samples", "300"])
    assert "## Eval comparison" in printed.output


def test_compare_warns_when_the_runs_cover_different_articles(eval_set, tmp_path):
    assert run_eval(eval_set, write_predictions(tmp_path / "p.jsonl", PERFECT), tmp_path / "runs").exit_code == 0
    (eval_set / "gold" / "a2.json").unlink()  # the same set, one article fewer
    assert run_eval(eval_set, write_predictions(tmp_path / "p.jsonl", PERFECT), tmp_path / "runs").exit_code == 0
    first, second = sorted((tmp_path / "runs").iterdir())
    result = runner.invoke(app, ["compare", str(first), str(second), "--samples", "100"])
    assert result.exit_code == 0, result.output
    assert "cover different articles (1 shared of 1 and 2)" in result.stderr
    same = runner.invoke(app, ["compare", str(first), str(first), "--samples", "100"])
    assert "different articles" not in same.stderr


@needs_devset
def test_devset_gold_as_predictions_scores_one(tmp_path):
    devset = load_eval_set("devset")
    lines = [json.dumps({**gold.model_dump(mode="json"), "provenance": PROVENANCE}) for gold in devset.golds.values()]
    predictions = tmp_path / "gold.jsonl"
    predictions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--set", "devset", "--predictions", str(predictions), "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "headline field F1: 1.000 (strict 1.000)" in result.output


def test_load_eval_set_reads_articles_gold_and_index(eval_set):
    loaded = load_eval_set(eval_set)
    assert loaded.name == "tiny"
    assert set(loaded.golds) == {"a1", "a2"} and isinstance(loaded.golds["a1"], ArticleRecords)
    assert loaded.articles["a1"].published == "2021-12-02" and loaded.articles["a1"].url == "https://x"
    assert loaded.articles["a2"].path == eval_set / "articles" / "a2.txt"


@needs_devset
def test_load_eval_set_reads_the_devset_in_place():
    devset = load_eval_set("devset")
    on_disk = {p.stem for p in (devset.root / "gold").glob("*.json")}
    assert set(devset.golds) == on_disk == set(devset.articles) and len(on_disk) >= 12
    assert devset.articles["d01"].published == "2018-12-12"


@pytest.mark.parametrize("args, message", [
    (["eval", "--set", "nowhere"], "no eval set folder here"),
    (["eval", "--set", "nowhere", "--predictions", "p.jsonl"], "no eval set folder here"),
    (["compare", "only-one"], "error: compare needs two or more run folders"),
])
def test_user_errors_are_one_line(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_missing_or_bad_predictions_are_input_errors(eval_set, tmp_path):
    result = run_eval(eval_set, tmp_path / "absent.jsonl", tmp_path / "runs")
    assert result.exit_code == 2 and "predictions file not found" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**PERFECT[0], "provenance": PROVENANCE}) + "\n{not json\n")
    result = run_eval(eval_set, bad, tmp_path / "runs")
    assert result.exit_code == 2 and "line 2 is not an article result" in result.output
    other = write_predictions(tmp_path / "other.jsonl", [{"article": {"id": "zz"}}])
    result = run_eval(eval_set, other, tmp_path / "runs")
    assert result.exit_code == 2 and "no prediction is for an article of eval set tiny" in result.output
    assert not (tmp_path / "runs").exists()
    with pytest.raises(InputError, match="not an article result"):
        read_predictions(bad)


def test_compare_rejects_a_folder_that_is_not_a_run(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    result = runner.invoke(app, ["compare", str(tmp_path / "a"), str(tmp_path / "b")])
    assert result.exit_code == 2 and "not a run folder: config.json is missing" in result.output


def test_eval_runs_a_model_over_a_set_and_saves_a_scored_run(eval_set, tmp_path, monkeypatch):
    from tests.support.replay_server import serve_in_background

    monkeypatch.setenv("EXTRACTOR_DB", str(tmp_path / "store.db"))
    server, url = serve_in_background([eval_set / "gold"])
    try:
        result = runner.invoke(app, ["eval", "--set", str(eval_set), "--base-url", url, "--model", "replay",
                                     "--out-dir", str(tmp_path / "runs"), "-q"])
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert "headline field F1" in result.output
    [folder] = (tmp_path / "runs").iterdir()
    summary = json.loads((folder / "summary.json").read_text())
    assert len((folder / "predictions.jsonl").read_text().splitlines()) == 2
    assert summary


def test_gold_folder_scored_against_itself_is_perfect(tmp_path):
    result = runner.invoke(app, ["eval", "--set", "seeds", "--predictions", "evals/gold",
                                 "--out-dir", str(tmp_path / "runs")])
    assert result.exit_code == 0, result.output
    assert "headline field F1: 1.000 (strict 1.000)" in result.output


def test_compare_warns_when_the_runs_were_made_by_different_model_builds(eval_set, tmp_path):
    """Greedy answers repeat themselves on one llama.cpp build, not across builds: an eval run that
    made its answers records the build, and compare says when two runs' builds differ."""
    for name in ("p1.jsonl", "p2.jsonl"):
        assert run_eval(eval_set, write_predictions(tmp_path / name, PERFECT), tmp_path / "runs").exit_code == 0
    first, second = sorted((tmp_path / "runs").iterdir())
    assert json.loads((first / "config.json").read_text())["runtime"] is None  # scored predictions: unknown

    def built_by(folder: Path, runtime: str) -> None:
        config = json.loads((folder / "config.json").read_text())
        (folder / "config.json").write_text(json.dumps({**config, "runtime": runtime}))

    built_by(first, "llama-cpp-python 0.3.36: AVX2 AVX512 REPACK")
    built_by(second, "llama-cpp-python 0.3.36: AVX2 AVX512 AMX_INT8 REPACK, weights without extra buffers")
    result = runner.invoke(app, ["compare", str(first), str(second), "--samples", "100"])
    assert result.exit_code == 0, result.output
    assert "were made by different model builds" in result.stderr
    assert "AMX_INT8" in result.stderr
    built_by(second, "llama-cpp-python 0.3.36: AVX2 AVX512 REPACK")
    same = runner.invoke(app, ["compare", str(first), str(second), "--samples", "100"])
    assert same.exit_code == 0 and "different model builds" not in same.stderr
