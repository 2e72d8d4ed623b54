"""Render one self-contained HTML review page: article text with evidence highlighted, records beside it.

Every piece of text is escaped. Evidence spans may overlap (two records quoting the same
sentence, or one quote inside another): the text is cut at every span boundary and each
piece becomes one ``<mark>`` listing all the records that cover it, so no tags interleave.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from extractor.contract import RECORD_TYPES, Actor, ArticleResult, Money, Person, Record
from extractor.outputs.review.template import PAGE, SCRIPT, STYLE, TYPE_LABELS

UNGROUNDED_FLAG = "UNGROUNDED: a quote was not found in the article, or the evidence was re-anchored"
#: how the model's quote was found (``Evidence.match``), as a reviewer reads it
MATCH_LABELS = {"exact": "exact quote", "normalised": "quote found ignoring spacing and case",
                "fuzzy": "quote found approximately",
                "reanchored": "RE-ANCHORED: the model quoted another sentence; code chose this one"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    record_type: str
    ref: str
    grounded: bool
    label: str


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


# --- field formatting ------------------------------------------------------------------


def _actor(actor: Actor) -> str:
    return f"{actor.name} ({', '.join(x for x in (actor.country, actor.kind) if x)})"


def _person(person: Person) -> str:
    parts = [person.name] + [x for x in (person.title, person.organization) if x]
    return ", ".join(parts) + (f" [{person.country}]" if person.country else "")


def _money(money: Money | None) -> str:
    return f"{money.amount:,.0f} {money.currency}" if money else ""


def key_fields(record_type: str, record: Record) -> list[tuple[str, str]]:
    """The fields a reviewer checks first, as (label, text), empty ones left out."""
    r = record
    if record_type == "agreements":
        rows = [("Kind", r.kind), ("Status", r.status), ("Date", r.date), ("Name", r.name),
                ("Parties", "; ".join(_actor(a) for a in r.parties)),
                ("Signatories", "; ".join(_person(p) for p in r.signatories)),
                ("Areas", ", ".join(r.areas)), ("Summary", r.summary)]
    elif record_type == "transfers":
        rows = [("System", r.system), ("Category", r.category), ("Supplier", _actor(r.supplier)),
                ("Recipient", _actor(r.recipient)), ("Quantity", r.quantity), ("Value", _money(r.value)),
                ("Status", r.status), ("Date", r.date), ("Summary", r.summary)]
    else:
        location = ", ".join(x for x in (r.location.city, r.location.country) if x)
        rows = [("Kind", r.kind), ("Status", r.status), ("Date", r.date), ("Countries", ", ".join(r.countries)),
                ("Participants", "; ".join(_person(p) for p in r.participants)), ("Location", location),
                ("Topics", ", ".join(r.topics)), ("Summary", r.summary)]
    return [(label, str(value)) for label, value in rows if value not in (None, "")]


# --- spans and highlighting ------------------------------------------------------------


def _valid(start: int | None, end: int | None, length: int) -> bool:
    return start is not None and end is not None and 0 <= start < end <= length


def evidence_spans(result: ArticleResult, text: str, prefix: str) -> list[Span]:
    """Every evidence span with usable offsets, tagged with its record's type and ref."""
    spans = []
    for record_type in RECORD_TYPES:
        for index, record in enumerate(getattr(result, record_type)):
            for evidence in record.evidence:
                if _valid(evidence.start, evidence.end, len(text)):
                    spans.append(Span(evidence.start, evidence.end, record_type,  # type: ignore[arg-type]
                                      f"{prefix}-{record_type}-{index}", record.grounded,
                                      f"{TYPE_LABELS[record_type]} {index + 1}"))
    return spans


def highlight(text: str, spans: Sequence[Span]) -> str:
    """Escaped ``text`` with each piece covered by spans wrapped in one ``<mark>``."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = _e(text[a:b])
        covering = [s for s in spans if s.start <= a and b <= s.end]
        if not covering:
            out.append(piece)
            continue
        types = list(dict.fromkeys(s.record_type for s in covering))
        refs = list(dict.fromkeys(s.ref for s in covering))
        classes = types + (["overlap"] if len(refs) > 1 else [])
        if not all(s.grounded for s in covering):
            classes.append("ungrounded")
        title = ", ".join(dict.fromkeys(s.label for s in covering))
        out.append(f'<mark class="{_e(" ".join(classes))}" data-refs="{_e(" ".join(refs))}" '
                   f'title="{_e(title)}">{piece}</mark>')
    return "".join(out)


# --- blocks ----------------------------------------------------------------------------


def _record_card(record_type: str, index: int, record: Record, ref: str, text_length: int | None) -> str:
    flag = ("ungrounded", UNGROUNDED_FLAG) if not record.grounded else ("grounded", "grounded")
    rows = "".join(f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>"
                   for label, value in key_fields(record_type, record))
    quotes = []
    for evidence in record.evidence:
        if text_length is not None and _valid(evidence.start, evidence.end, text_length):
            where = f'<span class="offsets">[{evidence.start}&ndash;{evidence.end}]</span>'
        elif evidence.start is None:
            where = '<span class="not-found">not found in text</span>'
        else:
            where = (f'<span class="not-found">offsets {_e(evidence.start)}&ndash;{_e(evidence.end)} '
                     "outside the text</span>")
        match = MATCH_LABELS.get(evidence.match or "")
        how = f' <span class="match {_e(evidence.match)}">{_e(match)}</span>' if match else ""
        quotes.append(f"<li>&ldquo;{_e(evidence.quote)}&rdquo; {where}{how}</li>")
    classes = f"record {record_type}" + (" ungrounded" if not record.grounded else "")
    return (f'<div class="{classes}" data-ref="{_e(ref)}" id="{_e(ref)}">'
            f'<h3><span class="kind-tag">{_e(TYPE_LABELS[record_type])} {index + 1}</span>'
            f'<span class="badge {flag[0]}">{_e(flag[1])}</span></h3>'
            f'<table>{rows}</table><ul class="evidence">{"".join(quotes)}</ul></div>')


def _safe_url(url: str | None) -> str:
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noreferrer noopener">{_e(url)}</a>'
    return _e(url)


def _article_block(position: int, result: ArticleResult, text: str | None) -> str:
    prefix = f"a{position}"
    meta = result.article
    details = [f"id {meta.id}"] + [x for x in (meta.published and f"published {meta.published}", meta.source) if x]
    prov = result.provenance
    details.append(f"{prov.model} via {prov.backend}, prompts {prov.prompt_version}")
    parts = [f'<section class="article" id="{prefix}">',
             f"<h2>{_e(meta.title or meta.id)}</h2>",
             f'<div class="meta">{_e(" · ".join(details))}{" · " + _safe_url(meta.url) if meta.url else ""}</div>']
    if result.error:
        parts.append(f'<div class="error">Extraction failed: {_e(result.error)}</div>')
    elif result.status == "partial":
        parts.append(f'<div class="error">Partial: no valid answer for {_e(", ".join(result.failed))}</div>')
    if result.warnings:
        parts.append('<ul class="warnings">' + "".join(f"<li>{_e(w)}</li>" for w in result.warnings) + "</ul>")
    body = (f'<div class="text">{highlight(text, evidence_spans(result, text, prefix))}</div>' if text is not None
            else '<div class="text missing">The article text is not available: offsets cannot be shown.</div>')
    cards = [_record_card(t, i, r, f"{prefix}-{t}-{i}", None if text is None else len(text))
             for t in RECORD_TYPES for i, r in enumerate(getattr(result, t))]
    records = "".join(cards) or '<div class="none">No records.</div>'
    parts.append(f'<div class="columns">{body}<div class="records">{records}</div></div></section>')
    return "".join(parts)


def render_review(results: Sequence[ArticleResult], article_texts: Mapping[str, str],
                  title: str = "Extraction review") -> str:
    """One self-contained HTML page reviewing ``results`` against their articles' text."""
    counts = {t: sum(len(getattr(r, t)) for r in results) for t in RECORD_TYPES}
    ungrounded = sum(1 for r in results for rec in r.records() if not rec.grounded)
    errors = sum(1 for r in results if r.error)
    partial = sum(1 for r in results if r.status == "partial")
    spans = [e for r in results for rec in r.records() for e in rec.evidence]
    matches = " · ".join(f"{label}: {sum(e.match == m for e in spans)}" for m, label in (
        ("exact", "exact"), ("normalised", "normalised"), ("fuzzy", "fuzzy"), ("reanchored", "re-anchored")))
    summary = (f"articles: {len(results)} · " + " · ".join(f"{t}: {n}" for t, n in counts.items())
               + f" · ungrounded records: {ungrounded} · failed articles: {errors} · partial articles: {partial}"
               + f" · evidence {matches} · not found: {sum(e.start is None for e in spans)}")
    legend = "".join(
        f'<label><input type="checkbox" checked data-type="{t}"><span class="swatch {t}"></span>'
        f"{_e(label)}s ({counts[t]})</label>" for t, label in TYPE_LABELS.items())
    legend += ('<span><span class="swatch overlap"></span>overlapping evidence</span>'
               '<span><span class="badge ungrounded">UNGROUNDED</span> quote not found, or re-anchored</span>')
    nav_links = []
    for i, result in enumerate(results):
        flagged = sum(not record.grounded for record in result.records())
        badge = f' <span class="badge ungrounded" title="ungrounded records">{flagged}</span>' if flagged else ""
        nav_links.append(f'<a href="#a{i}">{_e(result.article.id)}</a>{badge}')
    nav = " ".join(nav_links)
    articles = "\n".join(_article_block(i, r, article_texts.get(r.article.id)) for i, r in enumerate(results))
    return PAGE.substitute(title=_e(title), style=STYLE, script=SCRIPT, summary=_e(summary), legend=legend,
                           nav=nav, articles=articles or '<p class="none">No articles in this run.</p>')
