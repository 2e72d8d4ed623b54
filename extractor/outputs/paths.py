"""Where output may go: never over the run store or an input of the run."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from extractor.errors import ConfigError
from extractor.inputs import SUPPORTED


def _same(a: Path, b: Path) -> bool:
    """One file under two names (a symlink, ``..``, a hard link)?"""
    if a == b:
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(out: Path, *, inputs: Iterable[str] = (), store: Path | str | None = None,
                      option: str = "--out") -> None:
    """Refuse an output that would overwrite the run store or an input of the run, or that is a folder."""
    target = out.expanduser().resolve()
    if target.is_dir():
        raise ConfigError(f"{option} {out} is a folder: name a file")
    if store is not None and str(store) != ":memory:" and "://" not in str(store):  # a database server's URL: no file
        db = Path(store).expanduser().resolve()
        if any(_same(target, db.with_name(db.name + tail)) for tail in ("", "-wal", "-shm", "-journal")):
            raise ConfigError(f"{option} {out} is the run store: writing there would destroy every stored run; "
                              "choose another file")
    for raw in inputs:
        if raw == "-":
            continue
        source = Path(raw).expanduser().resolve()
        if _same(target, source):
            raise ConfigError(f"{option} {out} is an input of this run: choose another file (nothing was written)")
        if source.is_dir() and source in target.parents and target.suffix.lower() in SUPPORTED:
            raise ConfigError(f"{option} {out} is inside the input folder {raw} and would be read as an input "
                              "next time: choose a file outside it")
