"""Bad input through ``extractor run``: one line per bad article or line, exit 1, every good article kept.

Each kind of bad input the trust review tried (issue 12) is here; the fake backend answers the rest.
"""

from __future__ import annotations

import json

import pytest
from cli_samples import ARTICLE, fake, invoke  # noqa: F401  (fake is a fixture)
from typer.testing import CliRunner

from extractor.cli import app
from extractor.contract import ArticleResult
from extractor.store import Store


def written(out) -> list[ArticleResult]:
    return [ArticleResult.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def stored_ids(db) -> list[str]:
    with Store.open(db) as store:
        return sorted(r.article.id for r in store.results(store.resolve_run(None)))


def test_two_files_with_one_name_are_two_articles_in_the_output_the_store_and_the_export(fake, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / "news" / folder).mkdir(parents=True)
        (tmp_path / "news" / folder / "index.txt").write_text(ARTICLE + f"\nFrom {folder}.\n", encoding="utf-8")
    out, db = tmp_path / "out.jsonl", tmp_path / "store.db"
    result = invoke(str(tmp_path / "news"), "--out", str(out), "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.output
    assert [r.article.id for r in written(out)] == ["a/index", "b/index"]
    assert stored_ids(db) == ["a/index", "b/index"]
    export = tmp_path / "export.jsonl"
    assert CliRunner().invoke(app, ["export", "--out", str(export), "--db", str(db)]).exit_code == 0
    assert len(export.read_text(encoding="utf-8").splitlines()) == 2


GOOD = [{"id": "good1", "text": ARTICLE}, {"id": "good2", "text": ARTICLE, "title": "T", "url": "https://x/2"}]
BAD = [
    ('{"id": "good1", "text": "the same id again"}', "duplicate id 'good1'"),
    ('{"id": "sur", "text": "lone \\ud800 surrogate"}', "lone surrogate"),
    ('{"id": "obj", "text": "t", "title": {"en": "x"}}', "'title' must be a string"),
    ('{"id": "num", "text": "t", "url": 7}', "'url' must be a string"),
    ('{"id": "pub", "text": "t", "published": "2024-03-27garbage"}', "bad publication date"),
    ('{"id": "big", "text": "' + "x" * 2000 + '"}', "article too long"),
    ('{"id": "", "text": "no id"}', "non-empty 'id'"),
    ('{"id": "emp", "text": "   "}', "empty article"),
    ("[1, 2]", "JSON object"),
    ('{"id": "cut", "text": ', "bad JSON line"),
]


def test_every_bad_line_is_one_error_line_and_every_good_line_is_extracted(fake, tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps(GOOD[0]), *(line for line, _ in BAD), json.dumps(GOOD[1])]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, db = tmp_path / "out.jsonl", tmp_path / "store.db"
    result = invoke(str(feed), "--out", str(out), "--db", str(db), "--max-chars", "1000", "--quiet")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = error_lines(result)
    assert len(errors) == len(BAD), result.stderr
    for number, (line, (_, expected)) in enumerate(zip(errors, BAD), start=2):
        assert f"{feed}:{number}: " in line and expected in line
    assert [r.article.id for r in written(out)] == ["good1", "good2"]
    assert all(len(r.transfers) == 1 for r in written(out))
    assert stored_ids(db) == ["good1", "good2"]


def test_a_published_option_with_garbage_after_the_date_is_refused(fake, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = invoke(str(article), "--published", "2024-03-27garbage")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["error: --published: bad publication date '2024-03-27garbage': "
                                          "expected YYYY-MM-DD"]
    assert fake.requests == []


def test_an_article_over_the_size_limit_is_one_line_and_the_others_are_kept(fake, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "huge.txt").write_text(ARTICLE * 40_000, encoding="utf-8")  # ~4 MB
    (tmp_path / "in" / "small.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke(str(tmp_path / "in"), "--out", str(out), "--quiet")
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "huge.txt" in line and "over the limit of 1,000,000" in line and "--max-chars" in line
    assert [r.article.id for r in written(out)] == ["small"]


@pytest.mark.parametrize("hostile", ["evil\x1b[2J\x1b[31mred", "two\nlines", "bidi\u202eflip"])
def test_an_article_id_with_control_characters_is_printed_escaped(monkeypatch, tmp_path, hostile):
    from extractor.backends.fake import FakeBackend

    backend = FakeBackend(responder=lambda messages: "no JSON here", max_retries=0)
    monkeypatch.setattr("extractor.cli.run.make_backend", lambda options: backend)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": hostile, "text": ARTICLE}) + "\n" + json.dumps({"id": hostile, "text": "x"}),
                    encoding="utf-8")
    result = invoke(str(feed), "--out", str(tmp_path / "out.jsonl"))  # progress lines on
    assert result.exit_code == 4  # the model never produced a valid answer (that outranks the duplicate line's 1)
    for char in ("\x1b", "\u202e"):
        assert char not in result.stderr
    assert hostile.replace("\n", "") not in result.stderr.replace("\n", "")  # never raw
    escaped = hostile.encode("unicode_escape").decode()
    assert len([line for line in result.stderr.splitlines() if escaped in line]) >= 2  # progress and the duplicate


def test_stdin_that_is_not_utf8_is_one_line_and_the_exit_code_of_such_a_file(fake, tmp_path):
    data = b"Russia \xff sold tanks\n"
    (tmp_path / "bad.txt").write_bytes(data)
    from_file = invoke(str(tmp_path / "bad.txt"), "--db", str(tmp_path / "store.db"), "--quiet")
    result = CliRunner().invoke(app, ["run", "-", "--db", str(tmp_path / "store.db"), "--quiet"], input=data)
    assert result.exit_code == from_file.exit_code == 2
    assert result.stderr.splitlines() == ["error: <stdin>: binary file or not UTF-8 text, cannot read it as an article"]
    assert fake.requests == []


NOT_UTF8_FEED = b"".join([json.dumps({"id": "a", "text": ARTICLE}).encode() + b"\n",
                          b'{"id": "b", "text": "Caf\xe9 talks."}\n',
                          json.dumps({"id": "c", "text": ARTICLE}).encode() + b"\n"])


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_a_jsonl_line_that_is_not_utf8_is_one_line_and_the_other_lines_are_extracted(fake, tmp_path, via):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(NOT_UTF8_FEED)
    out, db = tmp_path / "out.jsonl", tmp_path / "store.db"
    args = ["--out", str(out), "--db", str(db), "--quiet"]
    if via == "file":
        result, source = invoke(str(feed), *args), str(feed)
    else:
        result, source = CliRunner().invoke(app, ["run", "-", *args], input=NOT_UTF8_FEED), "<stdin>"
    assert result.exit_code == 1, result.output  # some inputs failed, the rest written: as for a bad JSON line
    assert error_lines(result) == [f"error: {source}:2: not UTF-8 text (byte 0xe9 at character 25), "
                                   "cannot read the line"]
    assert [r.article.id for r in written(out)] == ["a", "c"]
    assert stored_ids(db) == ["a", "c"]
