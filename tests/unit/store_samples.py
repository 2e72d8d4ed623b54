"""Hand-built article results (valid per the contract) for the store, export and review tests."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

from extractor.contract import Agreement, ArmsTransfer, ArticleMeta, ArticleResult, Evidence, Meeting, Provenance

TEXT = (
    "HANOI – Vietnam and Russia signed a memorandum of understanding on defense cooperation on Monday. "
    "Russia will deliver six Kilo-class submarines to the Vietnamese Navy under a $2 billion deal. "
    "Defence Minister Phan Van Giang met Russian Defence Minister Sergei Shoigu in Hanoi; "
    "the two ministers discussed maritime security & <training>."
)
UNFOUND_QUOTE = "India will sell BrahMos missiles to Vietnam"


def found(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def provenance(model: str = "fake-model") -> Provenance:
    return Provenance(model=model, backend="fake", prompt_version="p1", extractor_version="0.1.0",
                      started_at="2024-01-01T00:00:00+00:00", duration_s=1.5,
                      usage={"prompt_tokens": 100, "completion_tokens": 20})


def article_result(article_id: str = "001_vn_ru", text: str = TEXT, *, error: str | None = None,
                   published: str = "2021-12-02") -> ArticleResult:
    """Agreement, two transfers (one ungrounded) and a meeting; an error result has no records."""
    meta = ArticleMeta(id=article_id, source=f"articles/{article_id}.txt", title=f"Title of {article_id}",
                       published=published, sha256=hashlib.sha256(text.encode()).hexdigest(),
                       url=f"https://example.org/{article_id}")
    if error:
        return ArticleResult(article=meta, provenance=provenance(), error=error)
    agreement = Agreement(
        name="memorandum of understanding on defense cooperation", kind="mou",
        parties=[{"name": "Vietnam", "country": "VNM", "kind": "state"},
                 {"name": "Russia", "country": "RUS", "kind": "state"}],
        date="2021-11-29", status="signed", areas=["defense_industry", "training"],
        summary="Vietnam and Russia signed a defence MoU.",
        evidence=[found(text, "Vietnam and Russia signed a memorandum of understanding on defense cooperation")],
        grounded=True)
    submarines = ArmsTransfer(
        supplier={"name": "Russia", "country": "RUS", "kind": "state"},
        recipient={"name": "Vietnamese Navy", "country": "VNM", "kind": "military"},
        system="Kilo-class", category="ships", quantity=6, value={"amount": 2_000_000_000, "currency": "USD"},
        status="ordered", date="2021", summary="Six Kilo-class submarines for Vietnam.",
        evidence=[found(text, "Russia will deliver six Kilo-class submarines to the Vietnamese Navy")],
        grounded=True)
    brahmos = ArmsTransfer(
        supplier={"name": "India", "country": "IND", "kind": "state"},
        recipient={"name": "Vietnam", "country": "VNM", "kind": "state"},
        system="BrahMos", category="missiles", status="proposed", date=None, summary="BrahMos; not in text.",
        evidence=[Evidence(quote=UNFOUND_QUOTE)], grounded=False)
    meeting = Meeting(
        participants=[{"name": "Phan Van Giang", "title": "Defence Minister", "country": "VNM"},
                      {"name": "Sergei Shoigu", "title": "Defence Minister", "country": "RUS"}],
        countries=["VNM", "RUS"], kind="talks", status="held", date="2021-11-29",
        location={"city": "Hanoi", "country": "VNM"}, topics=["maritime_security", "training"],
        summary="The two ministers met in Hanoi.",
        evidence=[found(text, "Phan Van Giang met Russian Defence Minister Sergei Shoigu in Hanoi"),
                  found(text, "the two ministers discussed maritime security & <training>")],
        grounded=True)
    return ArticleResult(article=meta, agreements=[agreement], transfers=[submarines, brahmos], meetings=[meeting],
                         provenance=provenance(), warnings=["chunk 2 of 2 was empty"])


def grounded_quotes(result: ArticleResult) -> list[str]:
    return [e.quote for r in result.records() if r.grounded for e in r.evidence]


class MarkText(HTMLParser):
    """Collects, per record ref, the text inside the ``<mark>`` elements that cite it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.by_ref: dict[str, str] = {}
        self.mark_classes: list[str] = []
        self._refs: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            values = dict(attrs)
            self._refs = (values.get("data-refs") or "").split()
            self.mark_classes.append(values.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._refs = None

    def handle_data(self, data: str) -> None:
        for ref in self._refs or []:
            self.by_ref[ref] = self.by_ref.get(ref, "") + data

    @classmethod
    def parse(cls, html: str) -> MarkText:
        parser = cls()
        parser.feed(html)
        return parser
