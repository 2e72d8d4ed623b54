"""``extractor run`` as a user runs it: one line per problem, results kept, exit codes that say what happened.

The backend is the in-process fake (``make_backend`` is swapped for it), so no model and no network.
"""

from __future__ import annotations

import json

from cli_samples import ARTICLE, QUOTE, fake, invoke  # noqa: F401  (fake is a fixture)

from extractor.backends.fake import FakeBackend
from extractor.contract import ArticleResult
from extractor.errors import BackendError


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def assert_single_error_line(result, name: str) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:") and name in lines[0]
    assert "Traceback" not in result.output
    assert result.exit_code != 0
    return lines[0]


def test_a_missing_file_prints_one_error_line(fake, tmp_path):
    missing = tmp_path / "nope.txt"
    line = assert_single_error_line(invoke(str(missing)), str(missing))
    assert "no such file" in line


def test_an_empty_file_prints_one_error_line(fake, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    line = assert_single_error_line(invoke(str(empty)), str(empty))
    assert "empty" in line


def test_a_binary_file_prints_one_error_line(fake, tmp_path):
    binary = tmp_path / "model.txt"
    binary.write_bytes(b"GGUF\x00\x00\x00\x03\x00binary weights")
    line = assert_single_error_line(invoke(str(binary)), str(binary))
    assert "binary" in line


def test_a_bad_publication_date_prints_one_error_line(fake, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result = invoke(str(good), "--published", "yesterday")
    line = assert_single_error_line(result, "--published")
    assert "YYYY-MM-DD" in line
    assert result.exit_code == 2


def test_a_good_article_is_written_as_jsonl(fake, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke(str(good), "--out", str(out), "--published", "2021-12-02", "--quiet")
    assert result.exit_code == 0, result.output
    [line] = out.read_text(encoding="utf-8").splitlines()
    written = ArticleResult.model_validate_json(line)
    assert written.article.published == "2021-12-02"
    [transfer] = written.transfers
    assert ARTICLE[transfer.evidence[0].start:transfer.evidence[0].end] == QUOTE
    assert "wrote 1 result(s) with 1 record(s)" in result.stderr


def test_a_batch_with_a_broken_file_writes_the_good_result_and_exits_1(fake, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02 not text")
    out = tmp_path / "out.jsonl"
    result = invoke(str(broken), str(good), "--out", str(out), "--quiet")
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert str(broken) in line
    [written] = [ArticleResult.model_validate_json(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert written.article.id == "good" and len(written.transfers) == 1


def test_format_json_writes_a_valid_json_array(fake, tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a", "b"):
        (tmp_path / "in" / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.json"
    result = invoke(str(tmp_path / "in"), "--out", str(out), "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    assert sorted(ArticleResult.model_validate(r).article.id for r in data) == ["a", "b"]


def test_stdin_in_and_jsonl_on_stdout(fake):
    result = invoke("-", "--published", "2021-12-02", "--quiet", input=ARTICLE)
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    written = ArticleResult.model_validate_json(line)
    assert written.article.id == "stdin" and len(written.transfers) == 1


def test_an_interrupted_run_keeps_finished_results(fake, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a_first.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "b_second.txt").write_text(ARTICLE + "\nBROKEN BACKEND\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke(str(tmp_path / "in"), "--out", str(out), "--concurrency", "1", "--quiet")
    assert result.exit_code == BackendError.exit_code
    [line] = error_lines(result)
    assert "unreachable" in line
    assert "Traceback" not in result.output
    ids = [ArticleResult.model_validate_json(x).article.id for x in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["a_first"]


def test_an_interrupted_json_run_leaves_a_valid_array_of_finished_results(fake, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a_first.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "b_second.txt").write_text(ARTICLE + "\nBROKEN BACKEND\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = invoke(str(tmp_path / "in"), "--out", str(out), "--format", "json", "--concurrency", "1", "--quiet")
    assert result.exit_code == BackendError.exit_code
    assert [r["article"]["id"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["a_first"]


def test_an_article_the_model_never_answers_is_written_with_its_error_and_exits_4(monkeypatch, tmp_path):
    backend = FakeBackend(responder=lambda messages: "no JSON here", max_retries=0)
    monkeypatch.setattr("extractor.cli.run.make_backend", lambda options: backend)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke(str(good), "--out", str(out), "--quiet")
    assert result.exit_code == 4  # the model never produced a valid answer for any article
    [line] = error_lines(result)
    assert str(good) in line and "never produced a valid answer" in line
    [written] = out.read_text(encoding="utf-8").splitlines()
    assert ArticleResult.model_validate_json(written).error == "the model never produced a valid answer"


def test_an_output_folder_that_does_not_exist_is_one_error_line(fake, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result = invoke(str(good), "--out", str(tmp_path / "missing" / "out.jsonl"))
    line = assert_single_error_line(result, str(tmp_path / "missing"))
    assert "does not exist" in line


def test_the_same_text_with_another_publication_date_is_not_served_from_the_cache(fake, tmp_path):
    text = ARTICLE.replace(QUOTE, "On Tuesday, " + QUOTE)
    first = invoke("-", "--published", "2021-12-02", "--quiet", input=text)
    again = invoke("-", "--published", "2021-12-02", "--quiet", input=text)
    other = invoke("-", "--published", "2022-03-10", "--quiet", input=text)
    assert (first.exit_code, again.exit_code, other.exit_code) == (0, 0, 0)
    assert "1 from the cache" in again.stderr
    assert "from the cache" not in other.stderr
    dated = [ArticleResult.model_validate_json(r.stdout).transfers[0].date for r in (first, other)]
    assert dated == ["2021-11-30", "2022-03-08"]  # each resolved against its own publication date
