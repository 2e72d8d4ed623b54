"""The system message's KV cache kept on disk, so that a new process does not evaluate it again.

Every request starts with the same system message (the guides and the worked example, ~1,300
tokens: 15 s of prompt evaluation on 2 cores). Within a process llama.cpp evaluates it once and
``decoding.eval_prefix`` reuses it; across processes (each ``extractor run``, each Ray worker,
each service start) it was evaluated again. Here a fresh model evaluates that shared prefix on
its own and saves llama.cpp's state of it, keyed by the tokens, the model file and the llama.cpp
build; the next process with the same key loads the state (milliseconds) instead.

The prefix is always evaluated on its own, loaded or not, so a request's answer does not depend
on whether its process found the state on disk.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: states kept per folder (each is the prefix's keys and values: ~40 MB for the 1.5B model)
KEEP = 4


def state_key(prefix: list[int], model: str, build: str | None, n_batch: int) -> str:
    digest = hashlib.sha256(f"{model}\n{build}\n{n_batch}\n".encode())
    digest.update(",".join(map(str, prefix)).encode())
    return digest.hexdigest()[:32]


def warm(llama: Any, prefix: list[int], folder: Path, key: str) -> str:
    """Bring ``prefix`` into a fresh ``llama``'s KV cache: loaded from ``folder`` when a state of
    ``key`` is there, else evaluated and saved. Returns "loaded", "saved" or "evaluated" (saving
    failed: the run goes on, the next process evaluates it again), or "skipped" when the cache is
    not empty or the prefix is too short to be worth a file."""
    if llama.n_tokens or len(prefix) < 2:
        return "skipped"
    path = folder / f"{key}.kv"
    if path.is_file() and _load(llama, path, prefix):
        return "loaded"
    llama.eval(prefix)
    return "saved" if _save(llama, path, prefix) else "evaluated"


def _load(llama: Any, path: Path, prefix: list[int]) -> bool:
    from llama_cpp import llama_cpp as C

    tokens = (C.llama_token * len(prefix))()
    count = ctypes.c_size_t(0)
    read = C.llama_state_seq_load_file(llama._ctx.ctx, str(path).encode(), 0, tokens, len(prefix), ctypes.byref(count))
    if read and count.value == len(prefix) and list(tokens) == prefix:
        llama.input_ids[: len(prefix)] = prefix
        llama.n_tokens = len(prefix)
        os.utime(path)  # the most recently used states are the ones kept
        return True
    llama._ctx.kv_cache_seq_rm(-1, 0, -1)  # a state of another build or a cut file: evaluate instead
    llama.n_tokens = 0
    log.warning("ignored the saved prompt state %s (unreadable or of another prompt)", path.name)
    return False


def _save(llama: Any, path: Path, prefix: list[int]) -> bool:
    from llama_cpp import llama_cpp as C

    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tokens = (C.llama_token * len(prefix))(*prefix)
        if not C.llama_state_seq_save_file(llama._ctx.ctx, str(partial).encode(), 0, tokens, len(prefix)):
            raise OSError("llama.cpp could not write it")
        os.replace(partial, path)
    except OSError as exc:
        log.warning("could not keep the prompt state in %s: %s", path.parent, exc)
        with contextlib.suppress(OSError):
            partial.unlink()
        return False
    with contextlib.suppress(OSError):  # another process may be pruning the same folder
        for old in sorted(path.parent.glob("*.kv"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]:
            old.unlink()
    return True
