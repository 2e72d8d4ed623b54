"""What a run remembers of how it was started, so ``--resume`` finishes it the same way.

A run's config keeps the backend options and extraction options it was started with (never
a secret: an API key comes from the environment; a key inside a URL is left out). Resuming
rebuilds them from there; an option given again that says otherwise is refused, so a run
is never finished by a second model under the first one's label.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from extractor.backends.choice import BackendOptions
from extractor.backends.openai import redact_url
from extractor.errors import ConfigError
from extractor.run.article import SECOND_PASSES, ExtractOptions

#: options that decide the answers; ``threads`` and timeouts do not
_DECIDING = ("backend", "model", "base_url", "model_path", "structured_output", "max_retries", "context")


def without_secret(url: str | None) -> str | None:
    """``http://user:KEY@host/v1`` -> ``http://host/v1``: the store never holds a key."""
    return redact_url(url, mask="")


def options_record(backend: BackendOptions, backend_name: str, extract: ExtractOptions) -> dict:
    """The options to keep in a run's config."""
    kept = {k: v for k, v in asdict(backend).items() if k in _DECIDING}
    kept["backend"] = backend.backend or backend_name
    kept["base_url"] = without_secret(backend.base_url)
    if backend.model_path:
        kept["model_path"] = str(Path(backend.model_path).expanduser().resolve())
    return {"backend_options": kept, "drop_ungrounded": extract.drop_ungrounded,
            "second_pass": list(extract.second_pass)}


@dataclass(frozen=True)
class Given:
    """What the command line said beside ``--resume`` (None or the option's default: not said)."""

    model: str | None = None
    base_url: str | None = None
    model_path: str | None = None
    structured_output: str | None = None
    drop_ungrounded: bool | None = None
    second_pass: bool | None = None
    context: int | None = None


def resumed_options(run_id: str, config: Mapping[str, object], given: Given,
                    threads: int | None = None) -> tuple[BackendOptions, ExtractOptions]:
    """The backend and extraction options ``run_id`` was started with; ConfigError when an option
    given now says otherwise, or when the run was not started by ``extractor run``."""
    options = config.get("options")
    if not isinstance(options, Mapping) or not isinstance(options.get("backend_options"), Mapping):
        backend = config.get("backend")
        raise ConfigError(f"run {run_id} cannot be resumed: it keeps no options to resume with "
                          f"(backend {backend!r}, made by an eval or an older version): start a new run")
    stored = {k: v for k, v in options["backend_options"].items() if k in {f.name for f in fields(BackendOptions)}}
    second = tuple(options.get("second_pass") or ())
    drop = bool(options.get("drop_ungrounded"))
    conflicts = []
    for name in ("model", "base_url", "model_path", "structured_output", "context"):
        value = getattr(given, name)
        if name == "model_path" and value:
            value = str(Path(value).expanduser().resolve())
        if name == "base_url":
            value = without_secret(value)
        if value is not None and value != stored.get(name):
            conflicts.append(f"--{name.replace('_', '-')} {value} (the run used {stored.get(name) or 'none'})")
    if given.second_pass is not None and given.second_pass != bool(second):
        conflicts.append(f"--{'' if given.second_pass else 'no-'}second-pass")
    if given.drop_ungrounded is not None and given.drop_ungrounded != drop:
        conflicts.append(f"--{'' if given.drop_ungrounded else 'no-'}drop-ungrounded")
    if conflicts:
        raise ConfigError(f"run {run_id} was started with other options; resume it without "
                          + "; ".join(conflicts) + ", or start a new run")
    if given.base_url and stored.get("base_url") and given.base_url != stored["base_url"]:
        stored["base_url"] = given.base_url  # the same endpoint, with a key in the URL: use it, never store it
    backend = BackendOptions(**{**stored, "threads": threads})
    return backend, ExtractOptions(drop_ungrounded=drop, second_pass=tuple(s for s in second if s in SECOND_PASSES))
