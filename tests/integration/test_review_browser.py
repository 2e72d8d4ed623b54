"""The review page as a browser shows it: headless Chromium renders it, we read the live DOM.

Needs ``/usr/bin/chromium`` (Debian: ``apt-get install -y chromium``); skipped without it.
"""

from __future__ import annotations

import hashlib
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extractor.contract import Agreement, ArmsTransfer, ArticleMeta, ArticleResult, Evidence, Meeting, Provenance
from extractor.outputs.review import UNGROUNDED_FLAG, render_review

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs /usr/bin/chromium (apt-get install -y chromium)")

TEXT = (
    "MANILA – The Philippines and Israel signed a defense cooperation agreement on Tuesday, "
    "officials said. Israel will supply three ELM-2288 air defence radars to the Philippine Air Force "
    "in a deal worth $30 million. Defense Secretary Delfin Lorenzana met Israeli envoy Ilan Fluss "
    "in Manila to discuss <radar> training & maintenance."
)


def _found(quote: str) -> Evidence:
    start = TEXT.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def _result() -> ArticleResult:
    state = lambda name, code: {"name": name, "country": code, "kind": "state"}  # noqa: E731
    return ArticleResult(
        article=ArticleMeta(id="phl_isr", title="Philippines & Israel <deal>", published="2019-06-04",
                            sha256=hashlib.sha256(TEXT.encode()).hexdigest()),
        agreements=[Agreement(kind="agreement", status="signed", parties=[state("Philippines", "PHL"),
                                                                           state("Israel", "ISR")],
                              evidence=[_found("The Philippines and Israel signed a defense cooperation agreement")],
                              grounded=True)],
        transfers=[
            ArmsTransfer(supplier=state("Israel", "ISR"),
                         recipient={"name": "Philippine Air Force", "country": "PHL", "kind": "military"},
                         system="ELM-2288", category="sensors", quantity=3, status="ordered",
                         value={"amount": 30_000_000, "currency": "USD"},
                         evidence=[_found("Israel will supply three ELM-2288 air defence radars"),
                                   _found("three ELM-2288 air defence radars to the Philippine Air Force")],
                         grounded=True),
            ArmsTransfer(supplier=state("Israel", "ISR"), recipient=state("Philippines", "PHL"),
                         system="Spyder", category="air_defence", status="proposed",
                         evidence=[Evidence(quote="Israel offered the Spyder system")], grounded=False),
        ],
        meetings=[Meeting(participants=[{"name": "Delfin Lorenzana", "title": "Defense Secretary", "country": "PHL"},
                                        {"name": "Ilan Fluss", "title": "envoy", "country": "ISR"}],
                          countries=["PHL", "ISR"], kind="talks", status="held",
                          location={"city": "Manila", "country": "PHL"},
                          evidence=[_found("Delfin Lorenzana met Israeli envoy Ilan Fluss in Manila to discuss "
                                           "<radar> training & maintenance")],
                          grounded=True)],
        provenance=Provenance(model="fake", backend="fake", prompt_version="p1", extractor_version="0.1.0",
                              started_at="2024-01-01T00:00:00+00:00", duration_s=0.1),
    )


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM after Chromium has parsed the page and run its script."""
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class VisibleMarks(HTMLParser):
    """Text inside each ``<mark>`` of the rendered DOM, per record ref, plus flags shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.by_ref: dict[str, str] = {}
        self.flags: list[str] = []
        self._refs: list[str] = []
        self._in_flag = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "mark":
            self._refs = (values.get("data-refs") or "").split()
        if tag == "span" and "ungrounded" in (values.get("class") or "").split():
            self._in_flag = True

    def handle_endtag(self, tag):
        if tag == "mark":
            self._refs = []
        if tag == "span":
            self._in_flag = False

    def handle_data(self, data):
        for ref in self._refs:
            self.by_ref[ref] = self.by_ref.get(ref, "") + data
        if self._in_flag:
            self.flags.append(data)


@pytest.fixture(scope="module")
def dom(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("review")
    page = folder / "report.html"
    page.write_text(render_review([_result()], {"phl_isr": TEXT}), encoding="utf-8")
    return dump_dom(page, folder / "profile")


def test_every_grounded_quote_is_inside_mark_elements_of_its_record(dom):
    marks = VisibleMarks()
    marks.feed(dom)
    result = _result()
    for record_type in ("agreements", "transfers", "meetings"):
        for index, record in enumerate(getattr(result, record_type)):
            if record.grounded:
                for evidence in record.evidence:
                    assert evidence.quote in marks.by_ref[f"a0-{record_type}-{index}"]
    assert "Spyder" not in " ".join(marks.by_ref.values())


def test_the_ungrounded_record_is_flagged_and_the_text_reads_whole(dom):
    marks = VisibleMarks()
    marks.feed(dom)
    assert UNGROUNDED_FLAG in marks.flags
    assert 'class="record transfers ungrounded"' in dom
    assert "Philippines &amp; Israel &lt;deal&gt;" in dom  # escaped title, not markup
    assert "<radar>" not in dom and "&lt;radar&gt;" in dom


def test_the_inline_script_runs_under_the_pages_own_content_policy(dom):
    """The page forbids every external load; its inline script must still run (it marks the body)."""
    assert "default-src 'none'" in dom
    assert '<body class="ready">' in dom
