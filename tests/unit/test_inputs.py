"""Reading articles: every supported input becomes an ``Article``; every bad one a one-line ``InputProblem``."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from extractor.inputs import Article, InputProblem, parse_published, read_articles
from extractor.errors import InputError

BODY = ("Vietnam has ordered 12 Yak-130 advanced jet trainers from Russia for USD350 million, "
        "the Ministry of Defence said on Tuesday.")

HTML = f"""<!DOCTYPE html><html><head><title>Vietnam buys trainers</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/subscribe">Subscribe to our newsletter today</a></li></ul></nav>
<header><div class="menu">Main menu: Defence | Aerospace | Naval</div></header>
<main><article><h1>Vietnam buys trainers</h1>
<p>{BODY}</p>
<p>The aircraft will be delivered to the Vietnam People's Air Force over the next two years, according to
officials in Hanoi familiar with the programme.</p>
<p>The deal is Vietnam's most recent major procurement from Russia and follows the purchase of Su-30MK2
fighters earlier in the decade.</p>
</article></main>
<footer><p>Copyright 2021 Example Media Group. All rights reserved. Privacy policy and cookie settings.</p></footer>
</body></html>
"""


def read(*paths, published=None) -> list[Article | InputProblem]:
    return list(read_articles([str(p) for p in paths], published))


def only_problem(items) -> InputProblem:
    assert len(items) == 1 and isinstance(items[0], InputProblem), items
    return items[0]


def assert_one_line_naming(problem: InputProblem, name: str) -> str:
    line = problem.error.line()
    assert "\n" not in line
    assert name in line
    return line


# --- what reads -------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_and_markdown_files_are_read_as_they_are(tmp_path, suffix):
    path = tmp_path / f"vietnam-trainers{suffix}"
    path.write_text(f"# Vietnam buys trainers\n\n{BODY}\n", encoding="utf-8")
    [article] = read(path, published=dt.date(2021, 12, 2))
    assert article.id == "vietnam-trainers"
    assert article.text == f"# Vietnam buys trainers\n\n{BODY}\n"
    assert article.source == str(path)
    assert article.published == dt.date(2021, 12, 2)
    assert article.meta().published == "2021-12-02"
    assert len(article.sha256) == 64


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode("utf-8") + BODY.encode("utf-8"))
    [article] = read(path)
    assert article.text == BODY


def test_html_gives_main_text_and_title_without_navigation_or_footer(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    [article] = read(path)
    assert BODY in article.text
    assert "Su-30MK2" in article.text
    assert article.title == "Vietnam buys trainers"
    for boilerplate in ("Subscribe to our newsletter", "Main menu", "Copyright 2021", "Privacy policy"):
        assert boilerplate not in article.text


def test_jsonl_gives_one_article_a_line_with_its_published_url_and_title(tmp_path):
    path = tmp_path / "batch.jsonl"
    rows = [
        {"id": "a1", "text": BODY, "published": "2021-12-02", "url": "https://example.com/a1", "title": "Trainers"},
        {"id": "a2", "text": "Second article text."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    first, second = read(path, published=dt.date(2020, 1, 1))
    assert (first.id, first.text, first.published, first.url, first.title) == (
        "a1", BODY, dt.date(2021, 12, 2), "https://example.com/a1", "Trainers")
    assert first.source == f"{path}:1"
    assert second.id == "a2" and second.published == dt.date(2020, 1, 1)  # the batch date fills in


def test_a_folder_is_read_recursively_in_order_skipping_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / "a.txt").write_text("first article", encoding="utf-8")
    (tmp_path / "b" / "c.md").write_text("second article", encoding="utf-8")
    (tmp_path / "b" / "deep" / "d.txt").write_text("third article", encoding="utf-8")
    (tmp_path / "b" / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    articles = read(tmp_path)
    assert [a.id for a in articles] == ["a", "c", "d"]
    assert all(isinstance(a, Article) for a in articles)


def test_stdin_text_is_one_article(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(BODY + "\n"))
    [article] = read("-", published=dt.date(2021, 12, 2))
    assert (article.id, article.source, article.text.strip()) == ("stdin", "<stdin>", BODY)
    assert article.published == dt.date(2021, 12, 2)


def test_stdin_jsonl_is_several_articles(monkeypatch):
    lines = [json.dumps({"id": "x1", "text": "one"}), json.dumps({"id": "x2", "text": "two"})]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines)))
    assert [a.id for a in read("-")] == ["x1", "x2"]


def test_inputs_are_read_in_the_order_given(tmp_path):
    (tmp_path / "z.txt").write_text("zed", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ay", encoding="utf-8")
    assert [a.id for a in read(tmp_path / "z.txt", tmp_path / "a.txt")] == ["z", "a"]


# --- what does not: one line naming the input, the batch goes on ----------------------------

def test_a_missing_file_is_a_problem_naming_it(tmp_path):
    missing = tmp_path / "nope.txt"
    problem = only_problem(read(missing))
    line = assert_one_line_naming(problem, str(missing))
    assert "no such file" in line
    assert isinstance(problem.error, InputError)


def test_an_empty_file_is_a_problem_naming_it(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    line = assert_one_line_naming(only_problem(read(path)), str(path))
    assert "empty" in line


@pytest.mark.parametrize("data", [b"\x00\x01\x02GGUF\x00binary", b"\xff\xfe\x80\x81 not utf-8 \xc3\x28"])
def test_a_binary_file_is_a_problem_naming_it(tmp_path, data):
    path = tmp_path / "weights.txt"
    path.write_bytes(data)
    line = assert_one_line_naming(only_problem(read(path)), str(path))
    assert "binary" in line


def test_an_html_page_without_article_text_is_a_problem(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>Loading</title></head><body><script>render()</script></body></html>",
                    encoding="utf-8")
    line = assert_one_line_naming(only_problem(read(path)), str(path))
    assert "no article text" in line


def test_a_bad_jsonl_line_is_a_problem_and_the_other_lines_are_still_read(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "ok1", "text": "first"}),
        '{"id": "broken", "text": ',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "", "text": "no id"}),
        json.dumps({"id": "ok2", "text": "second"}),
    ]), encoding="utf-8")
    items = read(path)
    assert [i.id for i in items if isinstance(i, Article)] == ["ok1", "ok2"]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [p.source for p in problems] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    line = assert_one_line_naming(problems[0], f"{path}:2")
    assert "bad JSON line" in line


def test_a_bad_date_in_a_jsonl_line_is_a_problem_naming_the_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([json.dumps({"id": "a", "text": "t", "published": "2 Dec 2021"}),
                               json.dumps({"id": "b", "text": "t", "published": "2021-12-02"})]), encoding="utf-8")
    problem, article = read(path)
    line = assert_one_line_naming(problem, f"{path}:1")
    assert "bad publication date" in line and "YYYY-MM-DD" in line
    assert article.published == dt.date(2021, 12, 2)


def test_a_bad_publication_date_option_says_the_expected_form():
    with pytest.raises(InputError) as caught:
        parse_published("yesterday", "--published")
    assert caught.value.line() == "--published: bad publication date 'yesterday': expected YYYY-MM-DD"
    assert parse_published("2021-12-02", "--published") == dt.date(2021, 12, 2)
    assert parse_published(None, "--published") is None


def test_an_empty_folder_is_a_problem_naming_it(tmp_path):
    (tmp_path / "readme.pdf").write_bytes(b"%PDF")
    line = assert_one_line_naming(only_problem(read(tmp_path)), str(tmp_path))
    assert ".txt" in line


def test_one_bad_input_does_not_stop_the_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(BODY, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    items = read(tmp_path / "missing.txt", empty, good)
    assert [type(i).__name__ for i in items] == ["InputProblem", "InputProblem", "Article"]
    assert items[2].text == BODY


def test_empty_stdin_is_a_problem(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("   \n"))
    line = assert_one_line_naming(only_problem(read("-")), "<stdin>")
    assert "empty" in line


# --- ids are unique within a run; every bad line is a problem for that line only ---------------

def test_two_files_with_one_name_get_their_paths_inside_the_folder_as_ids(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(f"article {folder}", encoding="utf-8")
    (tmp_path / "b" / "other.md").write_text("another article", encoding="utf-8")
    articles = read(tmp_path)
    assert [a.id for a in articles] == ["a/index", "b/index", "other"]  # a unique name keeps today's id
    assert [a.text for a in articles] == ["article a", "article b", "another article"]


def test_two_single_files_with_one_name_get_their_paths_as_given(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"report {folder}", encoding="utf-8")
    first, second = read(tmp_path / "x" / "report.txt", tmp_path / "y" / "report.txt")
    assert first.id == (tmp_path / "x" / "report").as_posix() and second.id == (tmp_path / "y" / "report").as_posix()


def test_the_same_file_given_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("first article", encoding="utf-8")
    article, problem = read(tmp_path / "a.txt", tmp_path / "a.txt")
    assert isinstance(article, Article)
    assert "given twice" in assert_one_line_naming(problem, str(tmp_path / "a.txt"))


def test_a_repeated_jsonl_id_is_a_problem_for_that_line_and_the_rest_is_read(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": f"text {n}"}) for n, i in enumerate(["a", "b", "a", "c"])),
                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("a file named like a line's id", encoding="utf-8")
    items = read(path, tmp_path / "b.txt")
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "c", "b"]  # the file keeps its id
    first, second = [i for i in items if isinstance(i, InputProblem)]
    assert "duplicate id 'b'" in assert_one_line_naming(first, f"{path}:2") and "b.txt" in first.error.line()
    assert "duplicate id 'a'" in assert_one_line_naming(second, f"{path}:3") and f"{path}:1" in second.error.line()


BAD_LINES = {
    "lone surrogate in text": ('{"id": "s", "text": "bad \\ud800 text"}', "lone surrogate"),
    "lone surrogate in id": ('{"id": "\\udfff", "text": "text"}', "lone surrogate"),
    "title is an object": ('{"id": "t", "text": "text", "title": {"en": "x"}}', "'title' must be a string, not an object"),
    "url is a number": ('{"id": "u", "text": "text", "url": 42}', "'url' must be a string, not a number"),
    "published is a number": ('{"id": "p", "text": "text", "published": 20240327}', "'published' must be a string"),
    "id is an object": ('{"id": {"x": 1}, "text": "text"}', "non-empty 'id'"),
    "id is true": ('{"id": true, "text": "text"}', "non-empty 'id'"),
    "text is a list": ('{"id": "l", "text": ["a", "b"]}', "'text' string"),
    "published with garbage": ('{"id": "g", "text": "text", "published": "2024-03-27garbage"}', "bad publication date"),
    "a bare number": ("42", "JSON object"),
    "not JSON": ("{'id': 'q'}", "bad JSON line"),
}


@pytest.mark.parametrize("kind", BAD_LINES)
def test_every_kind_of_bad_jsonl_line_is_one_problem_and_the_good_lines_are_read(tmp_path, kind):
    line, expected = BAD_LINES[kind]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([json.dumps({"id": "ok1", "text": "first"}), line,
                               json.dumps({"id": "ok2", "text": "second", "url": "https://x", "title": "T"})]),
                    encoding="utf-8")
    items = read(path)
    assert [i.id for i in items if isinstance(i, Article)] == ["ok1", "ok2"]
    [problem] = [i for i in items if isinstance(i, InputProblem)]
    assert expected in assert_one_line_naming(problem, f"{path}:2")


def test_a_number_id_is_read_as_text(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "seven"}), encoding="utf-8")
    [article] = read(path)
    assert article.id == "7"


def test_an_article_over_the_size_limit_is_a_problem_and_the_limit_can_change(tmp_path):
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text("x" * 1001, encoding="utf-8")
    small.write_text("y" * 1000, encoding="utf-8")
    problem, article = read_articles([str(big), str(small)], max_chars=1000)
    line = assert_one_line_naming(problem, str(big))
    assert "1,001 characters" in line and "--max-chars" in line
    assert article.id == "small"
    assert [a.id for a in read_articles([str(big), str(small)], max_chars=0)] == ["big", "small"]
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "r", "text": "z" * 1001}), encoding="utf-8")
    assert "1,001 characters" in only_problem(list(read_articles([str(rows)], max_chars=1000))).error.line()


def test_the_default_size_limit_is_a_million_characters(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("w" * 1_000_001, encoding="utf-8")
    assert "over the limit of 1,000,000" in only_problem(read(path)).error.line()


@pytest.mark.parametrize("value", ["2024-03-27garbage", "2024-03-27 and more", "2024-3-27", "20240327"])
def test_a_date_with_anything_after_it_is_refused(value):
    with pytest.raises(InputError):
        parse_published(value, "--published")


@pytest.mark.parametrize("value", ["2024-03-27", "2024-03-27T10:15:00Z", "2024-03-27T10:15:00+02:00", " 2024-03-27 "])
def test_a_date_or_an_iso_timestamp_is_read_as_its_date(value):
    assert parse_published(value, "x") == dt.date(2024, 3, 27)


@pytest.mark.parametrize("stdin", [
    io.TextIOWrapper(io.BytesIO(b"Russia \xff sold tanks\n"), encoding="utf-8", errors="surrogateescape"),
    io.StringIO("Russia \udcff sold tanks\n"),  # what a C locale's stdin reads
])
def test_stdin_that_is_not_utf8_is_a_problem_naming_it(monkeypatch, stdin):
    monkeypatch.setattr("sys.stdin", stdin)
    line = assert_one_line_naming(only_problem(read("-")), "<stdin>")
    assert "not UTF-8 text" in line


def test_a_jsonl_file_that_is_binary_as_a_whole_is_still_refused_whole(tmp_path):
    path = tmp_path / "mostly.jsonl"
    path.write_bytes(b'{"id": "a", "text": "one"}\n\xff\xfe\x80\n\x81\x82\x83\n')
    line = assert_one_line_naming(only_problem(read(path)), str(path))
    assert "binary file or not UTF-8 text" in line
