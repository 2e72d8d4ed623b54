"""The Python API: ``extractor.extract`` / ``extract_many`` / ``aextract`` / ``aextract_many`` /
``to_frame``, against the in-process fake model (the backend the options would build is
swapped for it) or a loopback OpenAI-compatible server answering from the seeds' gold."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import extractor
from extractor.backends.fake import FakeBackend
from extractor.cli import app
from extractor.errors import BackendError, ConfigError, InputError
from extractor.store import Store
from tests.unit.cli_samples import ARTICLE, QUOTE, answer

REPO = Path(__file__).resolve().parents[2]
OTHER = "Thailand and Sweden held talks in Stockholm on Tuesday about training."


class SlowFake(FakeBackend):
    """The fake model, taking ``delays[word]`` seconds for an article that contains ``word``."""

    def __init__(self, delays: dict[str, float] | None = None, **kw):
        super().__init__(responder=self.answer, **kw)
        self.delays = delays or {}

    def answer(self, messages):
        user = next(m["content"] for m in messages if m["role"] == "user")
        if "GARBLED" in user:
            return "this is not JSON"
        return answer(messages)

    async def create(self, **kwargs):
        user = next(m["content"] for m in kwargs["messages"] if m["role"] == "user")
        await asyncio.sleep(max([d for w, d in self.delays.items() if w in user], default=0.0))
        return await super().create(**kwargs)


@pytest.fixture
def fake(monkeypatch) -> SlowFake:
    """Every backend the API builds is this fake (the options it was asked for are noted)."""
    backend = SlowFake()
    backend.asked = []

    def make(options):
        backend.asked.append(options)
        return backend

    monkeypatch.setattr("extractor.backends.choice.make_backend", make)
    return backend


def transfers(result) -> list[str]:
    return [t.system for t in result.transfers]


def test_extract_returns_the_article_result_with_its_date_and_metadata(fake):
    result = extractor.extract(ARTICLE, published="2024-03-27", id="vn-1", title="Trainers", url="https://x.org/1")
    assert isinstance(result, extractor.ArticleResult)
    assert result.status == "complete" and transfers(result) == ["Yak-130"]
    assert (result.article.id, result.article.published, result.article.title, result.article.url) == (
        "vn-1", "2024-03-27", "Trainers", "https://x.org/1")
    evidence = result.transfers[0].evidence[0]
    assert ARTICLE[evidence.start:evidence.end] == QUOTE
    assert fake.asked[-1].model is None and fake.asked[-1].base_url is None  # the embedded default was asked for


def test_extract_in_a_plain_script_against_an_endpoint(tmp_path):
    """A script as a user writes it: the real OpenAI client, a loopback server, no fake."""
    from tests.support.replay_server import serve_in_background

    server, url = serve_in_background([REPO / "evals" / "gold"])
    seed = sorted((REPO / "evals" / "articles").glob("*.txt"))[0]
    script = tmp_path / "script.py"
    script.write_text(
        "import sys, extractor\n"
        "heavy = [m for m in ('openai', 'instructor', 'llama_cpp') if m in sys.modules]\n"
        f"text = open({str(seed)!r}, encoding='utf-8-sig').read()\n"
        f"result = extractor.extract(text, base_url={url!r}, model='m', published='2024-03-27')\n"
        "print(heavy, result.status, len(result.records()))\n", encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-2000:]
    heavy, status, records = done.stdout.rsplit(" ", 2)
    assert heavy == "[]" and status == "complete" and int(records) > 0  # `import extractor` loaded no model library


def test_extract_inside_a_running_event_loop_leaves_the_loop_alone(fake):
    async def notebook_cell():
        loop = asyncio.get_running_loop()
        policy = asyncio.get_event_loop_policy()
        methods = {name: getattr(type(loop), name) for name in ("run_until_complete", "run_forever", "_run_once")}
        result = extractor.extract(ARTICLE)  # a plain call, as in a Jupyter cell
        assert asyncio.get_running_loop() is loop and asyncio.get_event_loop_policy() is policy
        assert {name: getattr(type(loop), name) for name in methods} == methods  # no nest_asyncio patching
        assert not hasattr(loop, "_nest_patched") and "nest_asyncio" not in sys.modules
        return result

    run = asyncio.run
    result = asyncio.run(notebook_cell())
    assert asyncio.run is run and transfers(result) == ["Yak-130"]


def test_aextract_does_not_block_the_callers_loop(fake):
    fake.delays = {"Yak-130": 0.1}
    ticks = []

    async def main():
        async def ticker():
            while True:
                ticks.append(time.perf_counter())
                await asyncio.sleep(0.02)

        task = asyncio.create_task(ticker())
        result = await extractor.aextract(ARTICLE, published="2024-03-27")
        task.cancel()
        return result

    result = asyncio.run(main())
    assert transfers(result) == ["Yak-130"] and result.article.published == "2024-03-27"
    assert len(ticks) >= 5  # three model calls of 0.1 s each, and the loop went on ticking meanwhile


def test_aextract_many_yields_every_result(fake):
    async def main():
        return [r async for r in extractor.aextract_many([ARTICLE, OTHER], progress=False)]

    assert sorted(r.article.id for r in asyncio.run(main())) == ["0", "1"]


def test_extract_many_takes_texts_dicts_and_articles(fake):
    article = extractor.Article(id="given", text=OTHER, source="mine.txt")
    rows = [ARTICLE, {"id": "d", "text": ARTICLE, "published": "2023-01-02", "title": "T"}, article]
    results = {r.article.id: r for r in extractor.extract_many(rows, published="2024-03-27", progress=False)}
    assert set(results) == {"0", "d", "given"}
    assert results["0"].article.published == "2024-03-27"  # the default date
    assert (results["d"].article.published, results["d"].article.title) == ("2023-01-02", "T")  # its own
    assert results["given"].article.source == "mine.txt" and results["given"].transfers == []
    assert transfers(results["0"]) == transfers(results["d"]) == ["Yak-130"]


def test_extract_many_yields_results_as_they_finish(fake):
    fake.delays = {"SLOW": 0.3}
    slow = ARTICLE + "\nSLOW\n"
    order = [r.article.id for r in extractor.extract_many([slow, ARTICLE, OTHER], progress=False)]
    assert order[-1] == "0" and sorted(order) == ["0", "1", "2"]


def test_an_article_the_model_never_answers_comes_back_failed_and_the_others_complete(fake):
    results = {r.article.id: r for r in extractor.extract_many([ARTICLE, "GARBLED " + ARTICLE, OTHER],
                                                              progress=False)}
    assert len(results) == 3
    assert results["1"].status == "failed" and results["1"].error
    assert results["0"].status == results["2"].status == "complete" and transfers(results["0"]) == ["Yak-130"]


def test_a_backend_error_is_raised_after_the_results_before_it(fake, tmp_path):
    db = tmp_path / "api.db"
    seen = []
    with pytest.raises(BackendError, match="unreachable"):
        for result in extractor.extract_many([ARTICLE, "BROKEN BACKEND " + ARTICLE], concurrency=1, store=db,
                                             progress=False):
            seen.append(result.article.id)
    assert seen == ["0"]
    with Store.open(db) as store:
        [run] = store.list_runs()
        assert [r.article.id for r in store.results(run.id)] == ["0"] and run.status == "failed"


def test_a_store_keeps_the_run_for_extractor_runs_and_serves_the_cache(fake, tmp_path):
    db = tmp_path / "api.db"
    first = extractor.extract(ARTICLE, store=db)
    calls = len(fake.requests)
    again = extractor.extract(ARTICLE, store=db)
    assert len(fake.requests) == calls  # no model call the second time
    assert "served from the cache (no model call)" in again.warnings and transfers(again) == transfers(first)
    fresh = extractor.extract(ARTICLE, store=db, cache=False)
    assert len(fake.requests) > calls and fresh.status == "complete"
    listed = CliRunner().invoke(app, ["runs", "--db", str(db), "--json"])
    runs = json.loads(listed.stdout)
    assert len(runs) == 3 and {r["status"] for r in runs} == {"finished"} and {r["done"] for r in runs} == {1}


def test_store_true_is_the_default_store(fake, tmp_path):
    extractor.extract(ARTICLE, store=True)  # EXTRACTOR_DB points at this test's own store (conftest)
    with Store.open(os.environ["EXTRACTOR_DB"]) as store:
        assert len(store.list_runs()) == 1


def test_stopping_early_interrupts_the_run_and_keeps_what_finished(fake, tmp_path):
    fake.delays = {"SLOW": 5.0}
    db = tmp_path / "api.db"
    results = extractor.extract_many([ARTICLE, ARTICLE + "\nSLOW\n"], store=db, progress=False)
    first = next(results)
    results.close()  # what `break` does
    deadline = time.monotonic() + 4  # well before the slow article's 5 s
    with Store.open(db) as store:
        while store.list_runs()[0].status == "running" and time.monotonic() < deadline:
            time.sleep(0.05)
        [run] = store.list_runs()
        assert run.status == "interrupted" and [r.article.id for r in store.results(run.id)] == [first.article.id]


def test_progress_prints_a_line_per_article_unless_silenced(fake, capsys):
    list(extractor.extract_many([ARTICLE, OTHER]))
    lines = capsys.readouterr().err.splitlines()
    assert sorted(line.split()[0] for line in lines) == ["[1/2]", "[2/2]"] and "1T" in "".join(lines)
    list(extractor.extract_many([ARTICLE, OTHER], progress=False))
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("call, error, message", [
    (lambda: extractor.extract("   "), InputError, "text: empty article|articles\\[0\\]: empty article"),
    (lambda: extractor.extract(ARTICLE, published="27/03/2024"), InputError, "bad publication date"),
    (lambda: extractor.extract(["a", "b"]), InputError, "extract_many takes many"),
    (lambda: extractor.extract_many("one text"), InputError, "takes a list"),
    (lambda: extractor.extract_many([ARTICLE, {"id": "0", "text": OTHER}]), InputError, "duplicate id '0'"),
    (lambda: extractor.extract_many([ARTICLE, {"text": 3}]), InputError,
     "articles\\[1\\]: 'text' must be the article's text \\(a str\\), not int"),
    (lambda: extractor.extract_many([{"id": "a"}]), InputError, "articles\\[0\\]: 'text' must be"),
    (lambda: extractor.extract_many([{"id": " ", "text": ARTICLE}]), InputError, "'id' must be a non-empty string, or left"),
    (lambda: extractor.extract(ARTICLE, id=""), InputError, "^id must be a non-empty string, or left out$"),
    (lambda: extractor.extract_many(None), InputError, "takes a list \\(or any iterable\\) of articles, not NoneType"),
    (lambda: extractor.extract(ARTICLE, max_chars=-1), ConfigError, "max_chars must be 0 \\(no limit\\) or more"),
    (lambda: extractor.extract_many([ARTICLE, 42]), InputError, "articles\\[1\\]: an article is a text"),
    (lambda: extractor.extract_many([ARTICLE], concurrency=0), ConfigError, "concurrency"),
    (lambda: extractor.extract(ARTICLE, max_chars=10), InputError, "article too long"),
])
def test_bad_input_raises_a_typed_one_line_error_before_any_model_call(fake, call, error, message):
    with pytest.raises(error, match=message) as raised:
        call()
    assert "\n" not in str(raised.value) and fake.requests == []


def test_an_unopenable_store_fails_before_any_model_call(fake, tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(extractor.ExtractorError, match="run store"):
        extractor.extract_many([ARTICLE], store=tmp_path / "dir.db")
    assert fake.requests == []


def test_backend_options_and_errors_of_the_real_choice(monkeypatch):
    for name in ("OPENAI_API_KEY", "EXTRACTOR_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="needs an API key"):
        extractor.extract(ARTICLE, model="gpt-4o-mini")
    with pytest.raises(ConfigError, match="model-path"):
        extractor.extract(ARTICLE, base_url="http://127.0.0.1:9/v1", model_path="x.gguf")
    with pytest.raises(ConfigError, match="structured-output mode"):
        extractor.extract(ARTICLE, base_url="http://127.0.0.1:9/v1", structured_output="xml")
    for url in ("notaurl", "ftp://host/v1", "http:///v1"):  # not retried for minutes as unreachable
        with pytest.raises(ConfigError, match=r"is not an http\(s\) URL with a host"):
            extractor.extract(ARTICLE, base_url=url)


def test_an_api_key_reaches_the_endpoint_and_is_never_stored(httpserver, tmp_path):
    from tests.support.replay_server import GoldAnswers, completion

    gold = GoldAnswers([REPO / "evals" / "gold"])
    keys = []

    def respond(request):
        from werkzeug import Response

        keys.append(request.headers.get("Authorization"))
        body = json.loads(request.data)
        return Response(json.dumps(completion(gold.answer(body["messages"]), body["model"])),
                        content_type="application/json")

    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(respond)
    db = tmp_path / "api.db"
    result = extractor.extract(ARTICLE, base_url=httpserver.url_for("/v1"), model="m", api_key="sk-secret-123",
                               store=db)
    assert result.provenance.backend == "openai" and set(keys) == {"Bearer sk-secret-123"}
    assert b"sk-secret-123" not in db.read_bytes() and not list(tmp_path.glob("*-wal"))  # closed: WAL folded in


def test_to_frame_is_the_csv_exports_table(fake, tmp_path):
    pandas = pytest.importorskip("pandas", reason="to_frame needs pandas (the test and notebook extras)")
    db = tmp_path / "api.db"
    results = list(extractor.extract_many([ARTICLE, OTHER, {"id": "x", "text": ARTICLE}], store=db, progress=False))
    frame = extractor.to_frame(results)
    out = tmp_path / "records.csv"
    exported = CliRunner().invoke(app, ["export", "--format", "csv", "--out", str(out), "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    table = pandas.read_csv(out, dtype={"article_id": str})
    assert list(frame.columns) == list(table.columns)
    assert len(frame) == len(table) == 2 and sorted(frame["article_id"]) == ["0", "x"]
    columns = ["article_id", "record_type", "system", "supplier_country", "quantity", "grounded"]
    assert (frame.sort_values("article_id")[columns].to_dict("records")
            == table.sort_values("article_id")[columns].to_dict("records"))
    assert frame.loc[0, "quantity"] == 12 and frame.loc[0, "evidence_quotes"] == QUOTE
    assert list(extractor.to_frame([]).columns) == list(table.columns)


def test_to_frame_without_pandas_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ConfigError, match=r"pip install 'defence-extractor\[notebook\]'"):
        extractor.to_frame([])


def test_the_public_names_are_few_typed_and_lazy():
    assert sorted(extractor.__all__) == ["Article", "ArticleResult", "ExtractorError", "aextract", "aextract_many",
                                         "extract", "extract_many", "to_frame"]
    assert all(getattr(extractor, name) is not None for name in extractor.__all__)
    stub = (REPO / "extractor" / "__init__.pyi").read_text(encoding="utf-8")
    assert all(f" as {name}\n" in stub for name in extractor.__all__)
    with pytest.raises(AttributeError):
        extractor.no_such_name  # noqa: B018
    code = "import sys, extractor; print(sorted(m for m in ('openai', 'instructor', 'llama_cpp', 'pandas', " \
           "'extractor.api', 'extractor.run') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.stdout.strip() == "[]", done.stderr


def test_the_wheel_ships_py_typed_and_the_stub(tmp_path):
    import zipfile

    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO), "-w", str(tmp_path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    [wheel] = tmp_path.glob("defence_extractor-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"extractor/py.typed", "extractor/__init__.pyi", "extractor/api.py"} <= names
    # the store's Alembic scripts: without them an installed copy cannot create or migrate a store
    assert {"extractor/store/alembic/env.py", "extractor/store/alembic/versions/0001_baseline.py",
            "extractor/store/alembic/versions/0002_run_groups.py"} <= names


def test_a_notebook_gets_the_live_bar_on_its_stream(monkeypatch):
    import io

    from extractor.run import progress

    assert progress.in_notebook() is False  # not a Jupyter kernel: plain lines off a terminal
    monkeypatch.setattr(progress, "in_notebook", lambda: True)
    stream = io.StringIO()
    shown = progress.Progress(2, stream=stream)
    assert shown._bar is not None and shown._bar.console.file is stream
    shown.close()
