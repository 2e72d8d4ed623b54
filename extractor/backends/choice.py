"""Which backend a command line asks for: the embedded model unless an endpoint or a model
that is not a local one is named."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.backends.base import Backend
from extractor.errors import ConfigError

OPENAI_DEFAULT_MODEL = "gpt-4o-mini"


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
    #: the model's context window in tokens, prompt and answer together (a server started with a
    #: small one); None: the embedded model's own, or an endpoint's assumed large
    context: int | None = None
    #: a key for the endpoint (the Python API's ``api_key=``); else it comes from the environment. Never stored.
    api_key: str | None = field(default=None, repr=False)


def backend_kind(options: BackendOptions) -> str:
    """``openai`` for an endpoint (``--base-url``) or a model name that is not a local model
    (``gpt-4o-mini``: OpenAI itself); else ``local`` (the default model, a known local model,
    ``hf:REPO/FILE.gguf`` or ``--model-path``)."""
    if options.backend:
        return options.backend
    if options.base_url:
        return "openai"
    if options.model_path or options.model is None:
        return "local"
    from extractor.backends.model_files import REGISTRY

    return "local" if options.model in REGISTRY or options.model.startswith("hf:") else "openai"


def make_backend(options: BackendOptions) -> Backend:
    """The backend ``backend_kind`` names, built from the options."""
    kind = backend_kind(options)
    if kind == "local":
        if options.base_url:
            raise ConfigError("--base-url names an HTTP endpoint; it cannot be used with --backend local")
        from extractor.backends.local import DEFAULT_N_CTX, LocalBackend
        from extractor.backends.model_files import resolve_model

        model_file = resolve_model(options.model, options.model_path)
        return LocalBackend(model_file, n_threads=options.threads, n_ctx=options.context or DEFAULT_N_CTX,
                            max_retries=1 if options.max_retries is None else options.max_retries)
    if kind == "openai":
        if options.model_path:
            raise ConfigError("--model-path is a local GGUF file; it cannot be used with an HTTP endpoint")
        from extractor.backends.openai import KEY_ENV, OpenAIBackend, api_key_from_env

        if options.base_url is None and options.api_key is None and api_key_from_env() is None:
            why = (f"--model {options.model} is not a local model (`extractor models` lists them), so it goes to "
                   "OpenAI, which" if options.model else "OpenAI")
            raise ConfigError(f"{why} needs an API key: set {' or '.join(reversed(KEY_ENV))}, "
                              "or give --base-url for another endpoint")
        return OpenAIBackend(options.model or OPENAI_DEFAULT_MODEL, base_url=options.base_url, api_key=options.api_key,
                             structured_output=options.structured_output, timeout_s=options.timeout_s,
                             context_window=options.context,
                             max_retries=2 if options.max_retries is None else options.max_retries)
    raise ConfigError(f"unknown backend {kind!r}: use local or openai")
