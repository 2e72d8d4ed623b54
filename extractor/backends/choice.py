"""Which backend a command line asks for: the embedded model unless an endpoint is named."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.backends.base import Backend
from extractor.errors import ConfigError


@dataclass
class BackendOptions:
    model: str | None = None
    base_url: str | None = None
    model_path: str | None = None
    backend: str | None = None  # "local" or "openai"; None decides from the other options
    structured_output: str = "json_schema"
    threads: int | None = None
    max_retries: int | None = None
    timeout_s: float = 120.0


def make_backend(options: BackendOptions) -> Backend:
    """``local`` when no endpoint is given (no key, no network), else the OpenAI-compatible client."""
    kind = options.backend or ("openai" if options.base_url else "local")
    if kind == "local":
        if options.base_url:
            raise ConfigError("--base-url names an HTTP endpoint; it cannot be used with --backend local")
        from extractor.backends.local import LocalBackend
        from extractor.backends.model_files import resolve_model

        model_file = resolve_model(options.model, options.model_path)
        return LocalBackend(model_file, n_threads=options.threads,
                            max_retries=1 if options.max_retries is None else options.max_retries)
    if kind == "openai":
        if options.model_path:
            raise ConfigError("--model-path is a local GGUF file; it cannot be used with an HTTP endpoint")
        from extractor.backends.openai import OpenAIBackend

        return OpenAIBackend(options.model or "gpt-4o-mini", base_url=options.base_url,
                             structured_output=options.structured_output, timeout_s=options.timeout_s,
                             max_retries=2 if options.max_retries is None else options.max_retries)
    raise ConfigError(f"unknown backend {kind!r}: use local or openai")
