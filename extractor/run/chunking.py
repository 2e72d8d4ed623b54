"""Long articles: split on paragraph boundaries with overlap (``assembly.merge`` joins the
records of the pieces back). A paragraph longer than a piece is cut between its sentences, and a
sentence longer than a piece between its words, so that no piece outgrows the model's context
(scraped text often comes as one block)."""

from __future__ import annotations

import re
from collections.abc import Callable

from extractor.assembly.grounding import sentences

_SPACE = re.compile(r"\s+")


def split_article(text: str, budget_tokens: int, count_tokens: Callable[[str], int], overlap: int = 1) -> list[str]:
    """Pieces of at most ``budget_tokens`` each, cut between paragraphs, the last ``overlap`` repeated."""
    if count_tokens(text) <= budget_tokens:
        return [text]
    paragraphs = [part for p in re.split(r"\n\s*\n|\n(?=\S)", text) if p.strip()
                  for part in _within(p, budget_tokens, count_tokens)]
    pieces: list[list[str]] = [[]]
    for paragraph in paragraphs:
        current = pieces[-1]
        if current and count_tokens("\n\n".join([*current, paragraph])) > budget_tokens:
            pieces.append(current[-overlap:] if overlap else [])
            if count_tokens("\n\n".join([*pieces[-1], paragraph])) > budget_tokens:
                pieces[-1] = []
        pieces[-1].append(paragraph)
    return ["\n\n".join(p) for p in pieces if p]


def _within(paragraph: str, budget: int, count: Callable[[str], int]) -> list[str]:
    """The paragraph, or, when it is longer than ``budget``, runs of its sentences that fit (runs
    of words for a sentence longer still), each a slice of the paragraph as written."""
    if count(paragraph) <= budget:
        return [paragraph]
    parts = []
    for run in _runs(paragraph, [start for start, _ in sentences(paragraph)[1:]], budget, count):
        parts.extend([run] if count(run) <= budget
                     else _runs(run, [m.end() for m in _SPACE.finditer(run)], budget, count))
    return parts


def _runs(text: str, cuts: list[int], budget: int, count: Callable[[str], int]) -> list[str]:
    """``text`` cut at some of ``cuts`` (its sentences' or words' starts) into the longest runs that
    fit in ``budget`` (a unit that does not fit alone is a run of its own)."""
    cuts = [*cuts, len(text)]
    runs, start, end = [], 0, 0
    for cut in cuts:
        if end > start and count(text[start:cut]) > budget:
            runs.append(text[start:end].strip())
            start = end
        end = cut
    runs.append(text[start:end].strip())
    return [run for run in runs if run]
