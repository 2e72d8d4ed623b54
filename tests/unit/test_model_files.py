"""Local model files: assembling chunk packages into the cache, digest checks, clear errors, and the
local backend handing the response schema to llama.cpp.

Chunk packages are tiny fakes on ``sys.path``; the model cache is a temp folder; the network is
never touched.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.backends import model_files
from extractor.backends.local import LocalBackend
from extractor.backends.model_files import ModelFile, ModelSpec, resolve_model
from extractor.cli import app
from extractor.asking.answers import TransfersAnswer
from extractor.errors import ModelFileError, ValidationExhausted
from extractor.inputs import Article
from extractor.run.article import Extractor

PART1 = b"GGUF\x03\x00\x00\x00" + b"first half of the weights " * 8
PART2 = b"second half of the weights " * 8
DIGEST = hashlib.sha256(PART1 + PART2).hexdigest()


@pytest.fixture(autouse=True)
def model_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "model-cache"
    monkeypatch.setenv("EXTRACTOR_MODEL_DIR", str(folder))
    return folder / "models"


@pytest.fixture
def packages(tmp_path, monkeypatch) -> Path:
    """``fakepart1`` and ``fakepart2`` installed: each a package holding ``data/partNN.bin``."""
    site = tmp_path / "site"
    for number, data in ((1, PART1), (2, PART2)):
        package = site / f"fakepart{number}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("", encoding="utf-8")
        (package / "data" / f"part{number:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(site))
    return site


def spec(**changes) -> ModelSpec:
    fields = {"name": "fake-model", "file_name": "fake-model.gguf", "description": "a test model",
              "package_prefix": "fakepart", "parts": 2, "extra": "fake", "sha256": DIGEST}
    fields.update(changes)
    return ModelSpec(**fields)


@pytest.fixture
def registered(monkeypatch):
    def register(s: ModelSpec) -> ModelSpec:
        monkeypatch.setitem(model_files.REGISTRY, s.name, s)
        return s

    return register


def cache_files(model_dir: Path) -> list[str]:
    return sorted(p.name for p in model_dir.rglob("*")) if model_dir.exists() else []


# --- assembling registered models ------------------------------------------------------------

def test_a_named_model_is_assembled_once_into_the_cache_and_verified(packages, registered, model_dir):
    registered(spec())
    model = resolve_model("fake-model")
    assert model.path == model_dir / "fake-model.gguf"
    assert model.path.read_bytes() == PART1 + PART2
    assert (model.name, model.sha256) == ("fake-model", DIGEST)
    assert cache_files(model_dir) == ["fake-model.gguf", "fake-model.gguf.sha256.json"]

    shutil.rmtree(packages)  # the chunks are no longer needed: the cache serves the next run
    again = resolve_model("fake-model")
    assert again == model
    assert again.path.read_bytes() == PART1 + PART2


def test_a_wrong_digest_is_an_error_and_leaves_no_file_in_the_cache(packages, registered, model_dir):
    registered(spec(sha256="0" * 64))
    with pytest.raises(ModelFileError) as caught:
        resolve_model("fake-model")
    assert "sha256" in caught.value.line() and "removed" in caught.value.line()
    assert "fake-model" in caught.value.line()
    assert cache_files(model_dir) == []


def test_a_corrupted_cached_file_is_removed_and_reassembled_next_time(packages, registered, model_dir):
    registered(spec())
    model = resolve_model("fake-model")
    model.path.write_bytes(PART1 + b"bit rot" + PART2)
    with pytest.raises(ModelFileError) as caught:
        resolve_model("fake-model")
    assert "assembled again" in caught.value.line()
    assert not model.path.exists()
    assert resolve_model("fake-model").path.read_bytes() == PART1 + PART2


def test_missing_chunk_packages_name_the_pip_extra(registered, model_dir):
    registered(spec(package_prefix="nosuchfakepart"))
    with pytest.raises(ModelFileError) as caught:
        resolve_model("fake-model")
    line = caught.value.line()
    assert "not installed" in line and "2 of 2" in line and "nosuchfakepart1" in line
    assert "pip install '.[fake]'" in line
    assert cache_files(model_dir) == []


def test_one_missing_chunk_package_is_named(packages, registered, model_dir):
    shutil.rmtree(packages / "fakepart2")
    registered(spec())
    with pytest.raises(ModelFileError, match=r"1 of 2 packages missing, e\.g\. fakepart2"):
        resolve_model("fake-model")
    assert cache_files(model_dir) == []


def test_an_unknown_model_name_lists_the_choices():
    with pytest.raises(ModelFileError) as caught:
        resolve_model("gpt-17")
    assert "qwen2.5-coder-1.5b" in caught.value.line() and "--model-path" in caught.value.line()


# --- --model-path -----------------------------------------------------------------------------

def test_a_model_path_that_does_not_exist_is_an_error(tmp_path):
    missing = tmp_path / "nope.gguf"
    with pytest.raises(ModelFileError) as caught:
        resolve_model(model_path=missing)
    assert caught.value.line() == f"{missing}: model file not found"


def test_a_model_path_that_is_not_gguf_is_an_error(tmp_path):
    fake = tmp_path / "weights.gguf"
    fake.write_bytes(b"PK\x03\x04 a zip, not a model")
    with pytest.raises(ModelFileError, match="not a GGUF model file"):
        resolve_model(model_path=fake)
    with pytest.raises(ModelFileError, match="not a file"):
        resolve_model(model_path=tmp_path)


def test_a_gguf_model_path_is_used_as_it_is(tmp_path):
    path = tmp_path / "mine.gguf"
    path.write_bytes(PART1 + PART2)
    model = resolve_model(model_path=path)
    assert (model.name, model.path, model.sha256) == ("mine", path, DIGEST)


def test_the_cli_reports_a_bad_model_path_in_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Vietnam ordered 12 Yak-130 trainers from Russia.", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--model-path", str(tmp_path / "nope.gguf")])
    assert result.exit_code == ModelFileError.exit_code
    assert result.stderr.splitlines() == [f"error: {tmp_path / 'nope.gguf'}: model file not found"]


# --- hub downloads ----------------------------------------------------------------------------

def test_a_hub_download_without_internet_fails_fast_with_a_clear_error(monkeypatch, model_dir):
    calls = []

    def offline(url, timeout=None):
        calls.append((url, timeout))
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(ModelFileError) as caught:
        resolve_model("hf:Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf")
    line = caught.value.line()
    assert line.startswith("Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF: cannot download")
    assert "name resolution" in line and "--model-path" in line
    [(url, timeout)] = calls
    assert url == ("https://huggingface.co/Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/resolve/main/"
                   "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf")
    assert timeout is not None and timeout <= 30
    assert [n for n in cache_files(model_dir) if n.endswith((".gguf", ".partial"))] == []


# --- the local backend and llama.cpp -------------------------------------------------------------

class FakeLlama:
    """Stands in for ``llama_cpp.Llama``: records each call, answers from a queue."""

    def __init__(self, *answers: dict):
        self.answers = list(answers)
        self.calls: list[dict] = []

    def create_chat_completion(self, **kw):
        self.calls.append(kw)
        content = json.dumps(self.answers.pop(0))
        return {"id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": content}}],
                "usage": {"prompt_tokens": 200, "completion_tokens": 40, "total_tokens": 240}}

    def tokenize(self, data: bytes, add_bos: bool = True):
        return list(range(len(data.split())))


QUOTE = "Vietnam ordered 12 Yak-130 trainers from Russia."
TRANSFERS = {"systems": ["Yak-130"], "transfers": [
    {"quote": QUOTE, "system": "Yak-130", "category": "aircraft", "supplier": "Russia", "recipient": "Vietnam",
     "quantity": 12, "status": "ordered"}]}
MESSAGES = [{"role": "system", "content": "Answer with JSON only."},
            {"role": "user", "content": f"ARTICLE:\n{QUOTE}\nTASK: list the arms transfers in the article."}]


def local_backend(llama: FakeLlama, tmp_path: Path) -> LocalBackend:
    model = ModelFile(name="fake-model", path=tmp_path / "fake.gguf", sha256=DIGEST)
    return LocalBackend(model, llama=llama, n_threads=1)


def test_the_local_backend_sends_the_response_schema_to_llama_cpp(tmp_path):
    llama = FakeLlama(TRANSFERS)
    backend = local_backend(llama, tmp_path)
    completion = asyncio.run(backend.complete([dict(m) for m in MESSAGES], TransfersAnswer, max_tokens=300))
    [kw] = llama.calls
    assert kw["response_format"] == {"type": "json_object", "schema": TransfersAnswer.model_json_schema()}
    assert kw["messages"] == MESSAGES
    assert kw["max_tokens"] == 300 and kw["temperature"] == 0.0
    assert completion.answer.model_dump() == TransfersAnswer.model_validate(TRANSFERS).model_dump()
    assert completion.attempts == 1
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (200, 40)


def test_the_local_backend_reasks_with_the_validation_error(tmp_path):
    wrong = {"systems": [], "transfers": [{**TRANSFERS["transfers"][0], "status": "bought"}]}
    llama = FakeLlama(wrong, TRANSFERS)
    completion = asyncio.run(local_backend(llama, tmp_path).complete([dict(m) for m in MESSAGES], TransfersAnswer,
                                                                      max_tokens=300))
    assert completion.attempts == 2
    assert completion.answer.transfers[0].status == "ordered"
    assert "bought" in llama.calls[1]["messages"][-1]["content"]


def test_a_request_too_long_for_the_models_context_is_one_failed_question_with_its_reason(tmp_path):
    class FullLlama(FakeLlama):
        def create_chat_completion(self, **kw):
            self.calls.append(kw)
            raise ValueError("Requested tokens (8300) exceed context window of 8192")

    backend = local_backend(FullLlama(), tmp_path)
    with pytest.raises(ValidationExhausted, match=r"exceed context window of 8192") as failed:
        asyncio.run(backend.complete([dict(m) for m in MESSAGES], TransfersAnswer, max_tokens=300))
    assert failed.value.attempts == 1  # not asked again: the same request cannot fit the next time


def test_results_from_the_local_backend_carry_the_model_digest(tmp_path):
    empty = {"agreements": [], "instruments": []}
    llama = FakeLlama(empty, TRANSFERS, {"meetings": []})
    backend = local_backend(llama, tmp_path)
    article = Article(id="a", text=f"Trainers for Hanoi\n\n{QUOTE}\n", source="a.txt")
    result = asyncio.run(Extractor(backend).extract(article)).result
    assert result.provenance.model_digest == DIGEST
    assert result.provenance.backend == "local" and result.provenance.model == "fake-model"
    [transfer] = result.transfers
    assert article.text[transfer.evidence[0].start:transfer.evidence[0].end] == QUOTE
    assert backend.count_tokens("three small words") == 3


@pytest.mark.parametrize("amx", [True, False])
def test_a_llama_cpp_built_with_amx_loads_its_weights_without_extra_buffers(monkeypatch, amx):
    """pip builds llama.cpp with the building CPU's instructions; its AMX kernels crashed the first
    decode on a CPU with AMX. Such a build loads the weights without the extra buffer types."""
    low = pytest.importorskip("llama_cpp.llama_cpp")
    import llama_cpp

    from extractor.backends import local

    seen = []

    class RecordingLlama:
        def __init__(self, **kwargs):
            seen.append(low.llama_model_default_params().use_extra_bufts)

    monkeypatch.setattr(llama_cpp, "Llama", RecordingLlama)
    monkeypatch.setattr(llama_cpp, "llama_print_system_info",
                        lambda: b"CPU : AVX2 = 1 | " + (b"AMX_INT8 = 1 | " if amx else b"") + b"REPACK = 1 |")
    monkeypatch.setattr(local, "_LOADED", {})
    assert local.amx_build() is amx
    local.load_llama("model.gguf", 2048, 1)
    assert seen == [not amx]
    assert low.llama_model_default_params().use_extra_bufts is True  # the defaults are back afterwards


def test_the_llama_cpp_build_is_named_by_its_version_and_cpu_features(monkeypatch):
    pytest.importorskip("llama_cpp")
    import llama_cpp

    from extractor.backends import local

    monkeypatch.setattr(llama_cpp, "llama_print_system_info",
                        lambda: b"CPU : SSE3 = 1 | AVX2 = 1 | AVX512 = 0 | AMX_INT8 = 1 | REPACK = 1 | ")
    built = local.llama_build()
    assert built == f"llama-cpp-python {llama_cpp.__version__}: SSE3 AVX2 AMX_INT8 REPACK, weights without extra buffers"
    backend = LocalBackend(ModelFile(name="m", path=Path("m.gguf"), sha256=DIGEST), llama=object(), n_threads=1)
    assert backend.runtime() == built
    assert "runtime" not in backend.settings()  # a build is recorded, never part of the cache key
