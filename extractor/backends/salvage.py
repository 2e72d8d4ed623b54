"""Salvage a JSON answer cut off at the token cap: keep every record that was complete.

A capped answer ``{"transfers": [{...}, {...}, {"quote": "The sec`` loses only its last,
unfinished record: better than re-asking the whole call, which costs as much again and is
often cut off at the same place. An answer cut before its first record was complete cannot be
salvaged: an empty answer in its place would say "nothing found" when the model was writing
something (the question fails, and the article is partial).
"""

from __future__ import annotations

import json

_CLOSE = {"{": "}", "[": "]"}


def salvage_truncated_json(text: str, record_depth: int = 2) -> str | None:
    """The longest prefix ending after a complete record, open brackets closed; or None (also when
    no record was complete).

    Answers are ``{"list": [{record}, ...], ...}``: a record closes when the stack is back at
    ``record_depth`` (the top object and its list), so a half-written record never survives.
    """
    stack: list[str] = []
    in_string = escaped = False
    best: tuple[int, list[str]] | None = None
    records = 0
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append(ch)
            if ch == "[" and len(stack) <= record_depth:
                best = (i + 1, list(stack))  # an empty list is complete too
        elif ch in "}]":
            if not stack:
                return None
            closed = stack.pop()
            if closed == "{" and len(stack) == record_depth:
                records += 1
            if len(stack) <= record_depth:
                best = (i + 1, list(stack))
            if not stack:
                return text[: i + 1]
    if best is None or records == 0:
        return None
    end, open_brackets = best
    candidate = text[:end].rstrip().rstrip(",") + "".join(_CLOSE[b] for b in reversed(open_brackets))
    try:
        json.loads(candidate)
    except ValueError:
        return None
    return candidate
