"""Every exit code the README promises is reachable, and the closing line counts what went wrong.

0 all done; 1 some articles partial or failed (the rest written); 2 bad input or options;
3 backend unreachable or refused; 4 the model never produced a valid answer; 5 model file
problem; 6 run store problem; 141 standard output closed by its reader (`| head`).
"""

from __future__ import annotations

import pytest
from cli_samples import ARTICLE, TASK, answer, invoke
from test_cli_run import error_lines

from extractor.backends.fake import FakeBackend
from extractor.contract import ArticleResult
from extractor.store import Store


def use(monkeypatch, responder, max_retries: int = 0) -> FakeBackend:
    backend = FakeBackend(responder=responder, max_retries=max_retries)
    monkeypatch.setattr("extractor.cli.run.make_backend", lambda options: backend)
    return backend


def article_file(tmp_path, name: str, text: str = ARTICLE):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def closing(result) -> str:
    return next(line for line in result.stderr.splitlines() if line.startswith("wrote "))


def broken_meetings(messages):
    return "no JSON" if TASK.search(messages[-1]["content"]).group(1) == "meetings" else answer(messages)


def test_0_when_every_article_is_complete(monkeypatch, tmp_path):
    use(monkeypatch, answer)
    result = invoke(article_file(tmp_path, "good"), "--quiet")
    assert result.exit_code == 0, result.output
    assert "partial" not in closing(result) and "failed" not in closing(result)


def test_1_when_an_article_is_partial_and_the_line_says_which_question_failed(monkeypatch, tmp_path):
    use(monkeypatch, broken_meetings)
    out = tmp_path / "out.jsonl"
    result = invoke(article_file(tmp_path, "good"), "--out", str(out), "--quiet")
    assert result.exit_code == 1, result.output
    [line] = [x for x in result.stderr.splitlines() if x.startswith("partial:")]
    assert "good.txt" in line and "meetings" in line
    assert "1 partial" in closing(result) and "--resume" in closing(result)
    [written] = out.read_text(encoding="utf-8").splitlines()
    partial = ArticleResult.model_validate_json(written)
    assert partial.status == "partial" and partial.failed == ["meetings"] and len(partial.transfers) == 1


def test_1_when_some_articles_failed_and_others_are_complete(monkeypatch, tmp_path):
    use(monkeypatch, lambda messages: "no JSON" if "NEVER VALID" in messages[-1]["content"] else answer(messages))
    result = invoke(article_file(tmp_path, "good"), article_file(tmp_path, "bad", ARTICLE + "\nNEVER VALID\n"),
                    "--quiet", "--concurrency", "1")
    assert result.exit_code == 1, result.output
    assert "1 failed" in closing(result) and "wrote 2 result(s)" in closing(result)


def test_2_for_bad_input_or_options(monkeypatch, tmp_path):
    use(monkeypatch, answer)
    assert invoke().exit_code == 2
    assert invoke(article_file(tmp_path, "good"), "--published", "someday").exit_code == 2


def test_3_when_the_backend_is_unreachable(monkeypatch, tmp_path):
    use(monkeypatch, answer)
    result = invoke(article_file(tmp_path, "down", ARTICLE + "\nBROKEN BACKEND\n"), "--quiet")
    assert result.exit_code == 3
    assert "unreachable" in error_lines(result)[0]


def test_4_when_the_model_never_produced_a_valid_answer(monkeypatch, tmp_path):
    use(monkeypatch, lambda messages: "no JSON here")
    out = tmp_path / "out.jsonl"
    result = invoke(article_file(tmp_path, "a"), article_file(tmp_path, "b", ARTICLE + "\nB\n"), "--out", str(out),
                    "--quiet")
    assert result.exit_code == 4, result.output
    assert "2 failed" in closing(result)
    assert len(error_lines(result)) == 2 and all("never produced a valid answer" in x for x in error_lines(result))
    assert all(ArticleResult.model_validate_json(x).status == "failed"
               for x in out.read_text(encoding="utf-8").splitlines())


def test_5_for_a_model_file_problem(tmp_path):
    result = invoke(article_file(tmp_path, "good"), "--model-path", str(tmp_path / "missing.gguf"), "--quiet")
    assert result.exit_code == 5
    [line] = error_lines(result)
    assert "model file not found" in line


@pytest.mark.parametrize("make_bad_store", ["folder", "not a database"])
def test_6_for_a_run_store_problem(monkeypatch, tmp_path, make_bad_store):
    use(monkeypatch, answer)
    db = tmp_path / "store.db"
    if make_bad_store == "folder":
        db.mkdir()
    else:
        db.write_bytes(b"this is not SQLite, just text " * 100)
    result = invoke(article_file(tmp_path, "good"), "--db", str(db), "--quiet")
    assert result.exit_code == 6, result.output
    [line] = error_lines(result)
    assert "run store" in line and "Traceback" not in result.output


def test_141_and_an_interrupted_run_when_the_reader_of_stdout_goes_away(monkeypatch, tmp_path):
    """``extractor run news/ | head``: head exits, the next write fails with BrokenPipeError."""
    use(monkeypatch, answer)

    def closed_pipe(self, data):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("extractor.outputs.stream.ResultWriter._to_stdout", closed_pipe)
    db = tmp_path / "store.db"
    result = invoke(article_file(tmp_path, "good"), "--db", str(db), "--quiet")
    assert result.exit_code == 141
    assert result.stderr.splitlines() == ["interrupted: standard output was closed; finished articles were kept"]
    with Store.open(db) as store:
        [run] = store.list_runs()
        assert run.status == "interrupted" and [r.article.id for r in store.results(run.id)] == ["good"]


@pytest.mark.parametrize("as_json", [False, True])
def test_141_and_one_line_when_a_table_or_json_reader_of_stdout_is_gone(tmp_path, as_json):
    """``extractor records | head``: the table goes through rich, which meets a closed pipe with
    SystemExit(1) of its own; it ends as the JSON output does, and says nothing of articles."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from store_samples import article_result

    db = tmp_path / "store.db"
    with Store.open(db) as store:
        store.save_result(store.start_run({"model": "m"}), article_result(), "k")
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first write
    try:
        done = subprocess.run([sys.executable, "-c", "from extractor.cli import main; main()", "records",
                               "--db", str(db), *(["--json"] if as_json else [])], stdout=write, stderr=subprocess.PIPE,
                              text=True, timeout=60, cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    finally:
        os.close(write)
    assert (done.returncode, done.stderr.splitlines()) == (141, ["interrupted: standard output was closed"])
