"""Every command example in the README's "Using it", "Local models" and "Run store, cache, exports,
review page" sections runs here, as written, so the documentation cannot drift from the tool.

The examples run in a temporary folder holding what they name (``article.txt``, ``news/``,
``feed.jsonl``: the seed articles) with a private run store. Local-model examples get the
fake backend answering from the seeds' gold files; endpoint examples (``--base-url``, and
``--model gpt-4o-mini``, which goes to OpenAI) use the real OpenAI client against a loopback
server that answers from the same gold files (``OPENAI_BASE_URL`` points the client at it).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.backends.fake import FakeBackend
from extractor.cli import app
from extractor.contract import ArticleResult
from extractor.run.shards import parse_shard, shard_index
from extractor.store import Store
from tests.support.replay_server import GoldAnswers, gold_backend_maker, serve_in_background

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
SECTIONS = ("## Using it", "### Local models", "### Run store, cache, exports, review page")
SEEDS = sorted((REPO / "evals" / "articles").glob("*.txt"))
ENDPOINT_IN_README = "http://localhost:8000/v1"


def section_examples(heading: str) -> list[str]:
    """The ``extractor`` command lines of the bash blocks under ``heading`` (up to the next heading)."""
    start = README.index(heading + "\n")
    following = re.search(r"\n#{2,3} ", README[start + len(heading):])
    body = README[start: start + len(heading) + (following.start() if following else len(README))]
    lines = [line for block in re.findall(r"```bash\n(.*?)```", body, re.S) for line in block.splitlines()]
    commands = [re.sub(r"\s+#\s.*$", "", line).strip() for line in lines]
    return [c for c in commands if re.match(r"(cat \S+ \| )?extractor ", c)]


EXAMPLES = [example for heading in SECTIONS for example in section_examples(heading)]


def test_the_examples_are_all_found():
    # 9 in "Using it", 3 in "Local models" (the pip line is not the tool's), 8 for the store (2 shards)
    assert [len(section_examples(h)) for h in SECTIONS] == [9, 3, 8]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder with what the examples name, a run store, a loopback endpoint, and an interrupted run."""
    root = tmp_path_factory.mktemp("readme")
    (root / "news" / "world").mkdir(parents=True)
    for n, seed in enumerate(SEEDS):
        shutil.copy(seed, root / "news" / ("world" if n % 2 else "") / seed.name)
    shutil.copy(SEEDS[-1], root / "article.txt")
    rows = [{"id": seed.stem, "text": seed.read_text(encoding="utf-8-sig"), "url": f"https://example.org/{n}"}
            for n, seed in enumerate(SEEDS[:2])]
    (root / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    server, url = serve_in_background([REPO / "evals" / "gold"])
    yield root, url
    server.shutdown()
    server.server_close()


@pytest.fixture
def env(workspace, monkeypatch):
    """In the workspace; local-model backends are the fake answering from gold; every backend built is noted."""
    root, url = workspace
    monkeypatch.chdir(root)
    monkeypatch.setenv("EXTRACTOR_DB", str(root / "store.db"))
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("COLUMNS", "200")
    built: list[str] = []
    make_backend = gold_backend_maker([REPO / "evals" / "gold"], built)
    monkeypatch.setattr("extractor.cli.run.make_backend", make_backend)
    return root, url, built


def interrupted_run(root: Path, monkeypatch) -> str:
    """What ``--resume`` finishes: a run over news/ stopped by Ctrl-C after its first article."""
    gold = GoldAnswers([REPO / "evals" / "gold"])
    asked: set[str] = set()

    def answer(messages):
        asked.add(messages[-1]["content"][:300])  # the article block comes first: one entry per article
        if len(asked) > 1:  # the second article's first question
            raise KeyboardInterrupt
        return gold.answer(messages)

    fake = FakeBackend("qwen2.5-coder-1.5b", responder=answer)
    fake.name = "local"
    import extractor.cli.run as run_command

    usual = run_command.make_backend
    monkeypatch.setattr(run_command, "make_backend", lambda options: fake)
    result = CliRunner().invoke(app, ["run", "news/", "--concurrency", "1", "--no-cache", "-q"])
    monkeypatch.setattr(run_command, "make_backend", usual)
    assert result.exit_code == 130, result.output[-2000:]
    with Store.open(root / "store.db") as store:
        [run] = [r for r in store.list_runs() if r.status == "interrupted"]
        assert len(store.results(run.id)) == 1  # the first article finished, the rest is left to --resume
    return run.id


def results_of(command: list[str], stdout: str) -> list[ArticleResult]:
    out = next((command[i + 1] for i, a in enumerate(command) if a in ("--out", "-o")), None)
    text = Path(out).read_text(encoding="utf-8") if out else stdout
    if "json" in command and command[command.index("json") - 1] == "--format":
        return [ArticleResult.model_validate(r) for r in json.loads(text)]
    return [ArticleResult.model_validate_json(line) for line in text.splitlines()]


ARTICLES_IN = {"article.txt": 1, "news/": len(SEEDS), "feed.jsonl": 2, "-": 1}


@pytest.mark.parametrize("example", EXAMPLES)
def test_a_readme_example_runs_as_written(env, example, monkeypatch):
    root, url, built = env
    stdin = None
    if example.startswith("cat "):
        source, example = example[4:].split(" | ", 1)
        stdin = (root / source).read_text(encoding="utf-8")
    command = shlex.split(example.replace(ENDPOINT_IN_README, url))
    assert command[0] == "extractor"
    args = command[1:]
    if "RUN_ID" in args:
        args[args.index("RUN_ID")] = interrupted_run(root, monkeypatch)
    result = CliRunner().invoke(app, args, input=stdin)
    assert result.exit_code == 0, f"{example}\n{result.output[-3000:]}"
    assert "Traceback" not in result.output
    check = CHECKS[args[0]]
    check(args, result, root, built)


def check_run(args, result, root, built):
    if "--resume" in args:
        with Store.open(root / "store.db") as store:
            run_id = args[args.index("--resume") + 1]
            assert {r.article.id for r in store.results(run_id)} == {s.stem for s in SEEDS}
        return
    results = results_of(args, result.stdout)
    source = args[1]  # every example names its input first
    expected = ARTICLES_IN[source]
    if "--shard" in args:  # this shard's share of the seeds (ids are the file stems): some, not all
        k, n = parse_shard(args[args.index("--shard") + 1])
        expected = sum(shard_index(seed.stem, n) == k - 1 for seed in SEEDS)
        assert 0 < expected < len(SEEDS)
    assert len(results) == expected and all(r.error is None for r in results)
    assert sum(len(r.records()) for r in results) > 0
    expected = "openai" if "--base-url" in args or "gpt-4o-mini" in args else "local"
    assert built[-1] == expected and {r.provenance.backend for r in results} == {expected}
    if "--model" in args:
        assert {r.provenance.model for r in results} == {args[args.index("--model") + 1]}
    assert f"wrote {len(results)} result(s)" in result.stderr


def check_runs(args, result, root, built):
    with Store.open(root / "store.db") as store:
        assert all(r.id in result.stdout for r in store.list_runs())


def check_records(args, result, root, built):
    if "--json" in args:
        found = json.loads(result.stdout)
        assert found and all("2019" <= r["record"]["date"][:4] <= "2021" for r in found)
        return
    count = int(result.stdout.strip().splitlines()[-1].split()[0])
    assert count > 0 and "Yak-130" in result.stdout


def check_export(args, result, root, built):
    out = root / args[args.index("--out") + 1]
    assert len(out.read_text(encoding="utf-8").splitlines()) > 1 and f"to {out.name}" in result.stdout


def check_view(args, result, root, built):
    out = root / args[args.index("--out") + 1]
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def check_models(args, result, root, built):
    assert "qwen2.5-coder-1.5b" in result.stdout


CHECKS = {"run": check_run, "runs": check_runs, "records": check_records, "export": check_export,
          "view": check_view, "models": check_models}
