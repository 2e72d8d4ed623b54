"""Eval sets and run folders on disk: the one part of the harness that reads and writes files.

A run folder (``evals/runs/<timestamp>_<set>_<model-slug>/``) keeps everything needed to
trust and re-read a score later: what ran (config.json), what it answered
(predictions.jsonl), the counts per article (per_article.json, which ``compare`` bootstraps
over) and the summary (summary.json, summary.md).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ValidationError

from extractor import __version__
from extractor.contract import SCHEMA_VERSION, ArticleRecords, ArticleResult
from extractor.errors import InputError, StoreError
from extractor.evals.compare import run_markdown
from extractor.evals.scoring import RunScore

# Named eval sets, relative to the repository root.
SETS: dict[str, Path] = {"seeds": Path("evals"), "contrast": Path("evals/contrast"), "devset": Path("../shared/devset")}
ARTICLE_SUFFIXES = (".txt", ".md", ".html")


def repo_root() -> Path:
    """The checkout this package runs from (an editable install), else the working directory."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "pyproject.toml").is_file() else Path.cwd()


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("file not found", source=str(path), cause=exc) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read JSON: {exc}", source=str(path), cause=exc) from exc


# --- eval sets ----------------------------------------------------------------------------


@dataclass
class EvalArticle:
    id: str
    path: Path | None  # None when a gold file has no article text beside it
    published: str | None = None
    url: str | None = None


@dataclass
class EvalSet:
    """Articles and their gold; every gold id is an article id (its file's stem)."""

    name: str
    root: Path
    articles: dict[str, EvalArticle]
    golds: dict[str, ArticleRecords]


def _read_gold(path: Path) -> ArticleRecords:
    try:
        gold = ArticleRecords.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        raise InputError(f"not a gold file: {_first_error(exc)}", source=str(path), cause=exc) from exc
    if gold.article.id != path.stem:
        raise InputError(f"gold file names article {gold.article.id!r}, not {path.stem!r}", source=str(path))
    return gold


def load_eval_set(name_or_path: str | Path, root: Path | None = None) -> EvalSet:
    """A named set (seeds, contrast, devset) or a folder holding ``articles/``, ``gold/`` and
    an optional ``index.json`` ({id: {"published": ..., "url": ...}})."""
    key = str(name_or_path)
    folder = (root or repo_root()) / SETS[key] if key in SETS else Path(name_or_path)
    if not folder.is_dir():
        raise InputError(f"no eval set folder here (named sets: {', '.join(SETS)})", source=str(folder))
    gold_files = sorted((folder / "gold").glob("*.json"))
    if not gold_files:
        raise InputError("eval set has no gold/*.json", source=str(folder))
    golds = {path.stem: _read_gold(path) for path in gold_files}
    index_path = folder / "index.json"
    index = _read_json(index_path) if index_path.is_file() else {}
    if not isinstance(index, dict):
        raise InputError("index.json must map article ids to {published, url}", source=str(index_path))
    texts = {p.stem: p for p in sorted((folder / "articles").glob("*")) if p.suffix in ARTICLE_SUFFIXES}
    articles = {}
    for article_id in sorted(set(golds) | set(texts)):
        entry = index.get(article_id) or {}
        gold = golds.get(article_id)
        published = entry.get("published") or (gold.article.published if gold else None)
        articles[article_id] = EvalArticle(article_id, texts.get(article_id), published, entry.get("url"))
    return EvalSet(key if key in SETS else folder.name, folder, articles, golds)


# --- predictions ----------------------------------------------------------------------------


def _as_result(data: object) -> ArticleResult:
    """A prediction; a gold-shaped object (no provenance) is read as hand-labelled output."""
    if isinstance(data, dict) and "provenance" not in data:
        data = {**data, "provenance": HAND_LABELLED}
    return ArticleResult.model_validate(data)


HAND_LABELLED = {"model": "gold", "backend": "hand-labelled", "prompt_version": "-", "extractor_version": "-",
                 "started_at": "-", "duration_s": 0.0, "attempts": 0}


def read_predictions(path: Path) -> dict[str, ArticleResult]:
    """Article id -> result from a JSONL file, a JSON file (one result or a list), or a folder of
    JSON files such as ``evals/gold``; a later result for the same article wins (a resumed run)."""
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError("folder holds no .json predictions", source=str(path))
        results: dict[str, ArticleResult] = {}
        for file in files:
            results.update(read_predictions(file))
        return results
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("predictions file not found", source=str(path), cause=exc) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read predictions: {exc}", source=str(path), cause=exc) from exc
    if path.suffix == ".json":
        try:
            data = json.loads(text)
            items = data if isinstance(data, list) else [data]
            results = {r.article.id: r for r in map(_as_result, items)}
        except (ValueError, ValidationError) as exc:
            detail = _first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            raise InputError(f"not an article result: {detail}", source=str(path), cause=exc) from exc
        return results
    results = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            result = _as_result(json.loads(line))
        except ValueError as exc:
            detail = _first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            raise InputError(f"line {number} is not an article result: {detail}",
                             source=str(path), cause=exc) from exc
        results[result.article.id] = result
    if not results:
        raise InputError("predictions file holds no result", source=str(path))
    return results


# --- run folders ------------------------------------------------------------------------------


class RunConfig(BaseModel):
    """What produced a run: enough to reproduce it or to tell two runs apart."""

    model: str
    backend: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    extractor_version: str = __version__
    git_revision: str | None = None
    eval_set: str
    predictions: str | None = None  # the scored file, when the run scored an existing one
    created_at: str
    #: what ran the model beside its weights (a local llama.cpp build), when the run made the answers
    runtime: str | None = None


def git_revision(root: Path) -> str | None:
    """HEAD's commit read from ``.git`` files (no git process); None outside a checkout."""
    try:
        git_dir = root / ".git"
        if git_dir.is_file():  # a worktree: ".git" names the real folder
            git_dir = root / git_dir.read_text().split(":", 1)[1].strip()
        head = (git_dir / "HEAD").read_text().strip()
        if not head.startswith("ref:"):
            return head
        ref = head.split(":", 1)[1].strip()
        if (git_dir / ref).is_file():
            return (git_dir / ref).read_text().strip()
        for line in (git_dir / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except (OSError, IndexError):
        return None
    return None


def _most_common(values: list[str]) -> str:
    return Counter(values).most_common(1)[0][0] if values else "unknown"


def run_config(predictions: Mapping[str, ArticleResult | None], eval_set: str,
               predictions_path: str | None = None, root: Path | None = None, runtime: str | None = None) -> RunConfig:
    """The config of a run, read from its predictions' provenance; ``runtime``: the model build that
    made the answers, when this run made them (``Backend.runtime``)."""
    provenances = [r.provenance for r in predictions.values() if r is not None]
    return RunConfig(
        model=_most_common([p.model for p in provenances]),
        backend=_most_common([p.backend for p in provenances]),
        prompt_version=_most_common([p.prompt_version for p in provenances]),
        schema_version=_most_common([p.schema_version for p in provenances]),
        extractor_version=_most_common([p.extractor_version for p in provenances]),
        git_revision=git_revision(root or repo_root()),
        eval_set=eval_set, predictions=predictions_path,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), runtime=runtime,
    )


def slug(text: str) -> str:
    """A folder-name-safe form: ``Qwen/Qwen2.5-1.5B-Instruct`` -> ``qwen-qwen2.5-1.5b-instruct``."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.casefold()).strip("-.")[:60] or "unknown"


def save_run(out_dir: Path, config: RunConfig, predictions: Mapping[str, ArticleResult | None],
             score: RunScore, when: datetime | None = None) -> Path:
    """Write a new run folder and return it; a name already taken gets a ``-2``, ``-3`` suffix."""
    stamp = (when or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S")
    base = out_dir / f"{stamp}_{slug(config.eval_set)}_{slug(config.model)}"
    folder, n = base, 2
    while folder.exists():
        folder, n = base.with_name(f"{base.name}-{n}"), n + 1
    try:
        folder.mkdir(parents=True)
        (folder / "config.json").write_text(config.model_dump_json(indent=2) + "\n", encoding="utf-8")
        (folder / "predictions.jsonl").write_text(
            "".join(r.model_dump_json() + "\n" for r in predictions.values() if r is not None), encoding="utf-8")
        per_article = {article_id: a.to_dict() for article_id, a in score.articles.items()}
        (folder / "per_article.json").write_text(json.dumps(per_article, indent=1) + "\n", encoding="utf-8")
        (folder / "summary.json").write_text(json.dumps(score.to_dict(), indent=2) + "\n", encoding="utf-8")
        (folder / "summary.md").write_text(run_markdown(folder.name, score), encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"cannot write the run folder: {exc}", source=str(folder), cause=exc) from exc
    return folder


@dataclass
class SavedRun:
    path: Path
    config: RunConfig
    score: RunScore

    @property
    def name(self) -> str:
        return self.path.name


def load_run(path: Path) -> SavedRun:
    """Read a run folder back; its scores come from the saved counts, not by re-scoring."""
    if not path.is_dir():
        raise InputError("no run folder here", source=str(path))
    for name in ("config.json", "summary.json", "per_article.json"):
        if not (path / name).is_file():
            raise InputError(f"not a run folder: {name} is missing", source=str(path))
    try:
        config = RunConfig.model_validate(_read_json(path / "config.json"))
        summary, per_article = _read_json(path / "summary.json"), _read_json(path / "per_article.json")
        score = RunScore.from_dicts(summary, per_article)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise InputError(f"config.json is not a run config: {_first_error(exc)}", source=str(path), cause=exc) from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"run folder holds unexpected scores ({exc!r})", source=str(path), cause=exc) from exc
    return SavedRun(path, config, score)
