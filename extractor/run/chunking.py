"""Long articles: split on paragraph boundaries with overlap (``assembly.merge`` joins the
records of the pieces back)."""

from __future__ import annotations

import re
from collections.abc import Callable



def split_article(text: str, budget_tokens: int, count_tokens: Callable[[str], int], overlap: int = 1) -> list[str]:
    """Pieces of at most ``budget_tokens`` each, cut between paragraphs, the last ``overlap`` repeated."""
    if count_tokens(text) <= budget_tokens:
        return [text]
    paragraphs = [p for p in re.split(r"\n\s*\n|\n(?=\S)", text) if p.strip()]
    pieces: list[list[str]] = [[]]
    for paragraph in paragraphs:
        current = pieces[-1]
        if current and count_tokens("\n\n".join([*current, paragraph])) > budget_tokens:
            pieces.append(current[-overlap:] if overlap else [])
            if count_tokens("\n\n".join([*pieces[-1], paragraph])) > budget_tokens:
                pieces[-1] = []
        pieces[-1].append(paragraph)
    return ["\n\n".join(p) for p in pieces if p]
