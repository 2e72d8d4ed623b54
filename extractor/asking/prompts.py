"""Prompt templates from ``prompts/``, rendered per article and record type.

The templates live in ``prompts/`` at the top of the repository; an installed package carries
them as ``extractor.asking.templates`` (``package-dir`` in ``pyproject.toml``), a source tree
reads them from ``prompts/`` itself.

The prompt version recorded in every result is a hash of the templates actually used, so two
runs with the same version asked the model the same thing. The article block comes first in
every record type's message, so a backend with a prompt cache (llama.cpp) evaluates it once.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.contract import RECORD_TYPES
from extractor.inputs import Article

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

TEMPLATE_NAMES = ("system", "article", *RECORD_TYPES, "agreement_item", "transfer_item", "meeting_item", "quote")

Message = dict[str, str]


@dataclass(frozen=True)
class PromptSet:
    templates: dict[str, str]

    @functools.cached_property
    def version(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.templates):
            digest.update(name.encode() + b"\0" + self.templates[name].encode() + b"\0")
        return digest.hexdigest()[:12]

    def messages(self, article: Article, record_type: str, text: str | None = None, **fields: str) -> list[Message]:
        """System message, then the article block followed by the task (a record type's, or a
        second-pass one: ``transfer_item`` with ``system=``, ``agreement_item`` and ``meeting_item``
        with ``sentence=``, ``quote`` with ``record=``)."""
        published = article.published.isoformat() if article.published else "unknown"
        block = self.templates["article"].format(published=published, text=(text or article.text).strip())
        task = self.templates[record_type].format(**fields)
        return [
            {"role": "system", "content": self.templates["system"].strip()},
            {"role": "user", "content": f"{block}\n{task.strip()}"},
        ]


def templates_folder() -> Traversable:
    """The installed templates, else ``prompts/`` of the source tree this module is in."""
    try:
        return resources.files("extractor.asking.templates")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "prompts"


@cache
def load_prompts() -> PromptSet:
    folder = templates_folder()
    return PromptSet({name: folder.joinpath(f"{name}.md").read_text(encoding="utf-8") for name in TEMPLATE_NAMES})
