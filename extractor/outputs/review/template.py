"""The review page's skeleton, style and script: inline, so the page works offline as one file.

``PAGE`` is a ``string.Template``; the renderer fills ``$title``, ``$summary``, ``$legend``,
``$nav`` and ``$articles`` with escaped HTML.
"""

from __future__ import annotations

from string import Template

# Colours per record type; the legend and the marks use the same ones.
TYPE_COLOURS = {"agreements": "#bcd7ff", "transfers": "#ffd19a", "meetings": "#b9ecc0"}
TYPE_LABELS = {"agreements": "Agreement", "transfers": "Arms transfer", "meetings": "Meeting"}

STYLE = """
:root { --agreements: %(agreements)s; --transfers: %(transfers)s; --meetings: %(meetings)s;
        --ink: #1d2330; --muted: #667085; --line: #d9dee7; --warn: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       background: #f6f7f9; }
header.page { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line);
              padding: 10px 20px; }
header.page h1 { font-size: 18px; margin: 0 0 4px; }
.summary { color: var(--muted); }
.legend { display: flex; gap: 14px; flex-wrap: wrap; margin-top: 6px; align-items: center; }
.legend label { cursor: pointer; user-select: none; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: -2px;
          margin-right: 4px; border: 1px solid rgba(0,0,0,.15); }
.swatch.agreements, mark.agreements, .record.agreements .kind-tag { background-color: var(--agreements); }
.swatch.transfers, mark.transfers, .record.transfers .kind-tag { background-color: var(--transfers); }
.swatch.meetings, mark.meetings, .record.meetings .kind-tag { background-color: var(--meetings); }
.swatch.overlap, mark.overlap { background-image: repeating-linear-gradient(135deg, rgba(0,0,0,.16) 0 2px,
                                transparent 2px 6px); }
nav.articles { padding: 8px 20px; font-size: 13px; }
nav.articles a { margin-right: 10px; }
main { padding: 0 20px 40px; }
section.article { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 16px 0;
                  padding: 14px 16px; }
section.article h2 { font-size: 16px; margin: 0; }
.meta { color: var(--muted); font-size: 12px; margin: 2px 0 8px; }
.error { border-left: 4px solid var(--warn); background: #fef3f2; padding: 6px 10px; margin: 6px 0; }
.warnings { color: #93370d; font-size: 12px; margin: 6px 0; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(300px, 2fr); gap: 16px; }
@media (max-width: 900px) { .columns { grid-template-columns: 1fr; } }
.text { white-space: pre-wrap; font: 14px/1.65 Georgia, "Times New Roman", serif; max-height: 80vh;
        overflow: auto; padding-right: 6px; }
.missing { color: var(--muted); font-style: italic; }
mark { color: inherit; border-radius: 2px; padding: 0 1px; cursor: pointer; }
mark.ungrounded { outline: 1px dashed var(--warn); }
mark.active { outline: 2px solid var(--ink); }
.records { display: flex; flex-direction: column; gap: 10px; max-height: 80vh; overflow: auto; }
.record { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; cursor: pointer; }
.record.active { box-shadow: 0 0 0 2px var(--ink); }
.record.ungrounded { border: 2px solid var(--warn); background: #fffbfa; }
.record h3 { font-size: 13px; margin: 0 0 4px; display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.kind-tag { border-radius: 3px; padding: 0 6px; font-weight: 600; }
.badge { font-size: 11px; border-radius: 10px; padding: 0 8px; }
.badge.grounded { background: #ecfdf3; color: #067647; }
.badge.ungrounded { background: var(--warn); color: #fff; font-weight: 700; }
.match { font-size: 0.85em; color: #555; }
.match.reanchored { color: var(--warn); font-weight: 700; }
.record table { border-collapse: collapse; width: 100%%; font-size: 12.5px; }
.record th { text-align: left; color: var(--muted); font-weight: 500; padding: 1px 8px 1px 0; width: 7.5em;
             vertical-align: top; }
.record td { padding: 1px 0; }
.evidence { margin: 6px 0 0; padding-left: 18px; font-size: 12px; color: #344054; }
.evidence .offsets { color: var(--muted); }
.evidence .not-found { color: var(--warn); font-weight: 600; }
.none { color: var(--muted); font-style: italic; font-size: 13px; }
body.hide-agreements mark.agreements:not(.transfers):not(.meetings),
body.hide-transfers mark.transfers:not(.agreements):not(.meetings),
body.hide-meetings mark.meetings:not(.agreements):not(.transfers) { background: none; outline: none; }
body.hide-agreements .record.agreements, body.hide-transfers .record.transfers,
body.hide-meetings .record.meetings { display: none; }
""" % TYPE_COLOURS

SCRIPT = """
(function () {
  function refsOf(el) { return (el.getAttribute('data-refs') || el.getAttribute('data-ref') || '').split(' '); }
  function clear() {
    document.querySelectorAll('.active').forEach(function (el) { el.classList.remove('active'); });
  }
  function activate(ref, scrollTo) {
    clear();
    var marks = Array.prototype.filter.call(document.querySelectorAll('mark[data-refs]'),
      function (m) { return refsOf(m).indexOf(ref) >= 0; });
    marks.forEach(function (m) { m.classList.add('active'); });
    var card = document.querySelector('.record[data-ref="' + ref + '"]');
    if (card) { card.classList.add('active'); }
    var target = scrollTo === 'card' ? card : marks[0];
    if (target) { target.scrollIntoView({block: 'center', behavior: 'smooth'}); }
  }
  document.addEventListener('click', function (event) {
    var mark = event.target.closest('mark[data-refs]');
    if (mark) { activate(refsOf(mark)[0], 'card'); return; }
    var card = event.target.closest('.record[data-ref]');
    if (card) { activate(card.getAttribute('data-ref'), 'mark'); }
  });
  document.querySelectorAll('.legend input[data-type]').forEach(function (box) {
    box.addEventListener('change', function () {
      document.body.classList.toggle('hide-' + box.getAttribute('data-type'), !box.checked);
    });
  });
  document.body.classList.add('ready');
})();
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>$title</title>
<style>$style</style>
</head>
<body>
<header class="page">
<h1>$title</h1>
<div class="summary">$summary</div>
<div class="legend">$legend</div>
</header>
<nav class="articles">$nav</nav>
<main>
$articles
</main>
<script>$script</script>
</body>
</html>
""")
