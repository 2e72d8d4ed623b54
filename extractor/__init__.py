"""Typed, validated, source-grounded records of defence cooperation from news articles.

The Python API (``extractor.api``)::

    import extractor
    result = extractor.extract(text, published="2024-03-27")

``import extractor`` stays cheap: the names below load on first use, and the model libraries
(llama.cpp, openai) only when a run starts. Type checkers read the names' types from
``__init__.pyi`` (a stub, so the import graph keeps the stages apart).
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("defence-extractor")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

_PUBLIC = {
    "extract": "extractor.api", "extract_many": "extractor.api", "aextract": "extractor.api",
    "aextract_many": "extractor.api", "to_frame": "extractor.api",
    "Article": "extractor.inputs", "ArticleResult": "extractor.contract", "ExtractorError": "extractor.errors",
}
__all__ = ["Article", "ArticleResult", "ExtractorError", "aextract", "aextract_many", "extract", "extract_many",
           "to_frame"]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
