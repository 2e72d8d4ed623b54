"""Options as a caller gives them (the CLI's flags, the Python API's keywords) -> the backend
options, the extraction options and an ``Extractor``: one code path for every front end."""

from __future__ import annotations

import os
from pathlib import Path

from extractor.backends import choice
from extractor.backends.choice import BackendOptions
from extractor.errors import ConfigError
from extractor.run.article import SECOND_PASSES, ExtractOptions, Extractor


def backend_options(model: str | None, base_url: str | None, model_path: str | os.PathLike[str] | None,
                    structured_output: str = "json_schema", threads: int | None = None, *,
                    api_key: str | None = None, timeout_s: float | None = None,
                    context: int | None = None) -> BackendOptions:
    if context is not None and context < 1024:
        raise ConfigError(f"the model's context must be 1024 tokens or more, not {context}")
    chosen = BackendOptions(model=model, base_url=base_url, model_path=str(Path(model_path)) if model_path else None,
                            structured_output=structured_output, threads=threads, api_key=api_key, context=context)
    if timeout_s is not None:
        chosen.timeout_s = timeout_s
    return chosen


def extract_options(drop_ungrounded: bool, second_pass: bool) -> ExtractOptions:
    return ExtractOptions(drop_ungrounded=drop_ungrounded, second_pass=SECOND_PASSES if second_pass else ())


def build_extractor(chosen: BackendOptions, extract: ExtractOptions) -> Extractor:
    """The backend the options name (``backends.choice.make_backend``) behind an ``Extractor``."""
    return Extractor(choice.make_backend(chosen), options=extract)
