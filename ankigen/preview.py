"""``ankigen preview``: every card, front and back as Anki shows them, on one self-contained HTML page.

The page needs no network and no server: the card CSS, the page's own CSS and a few lines of
plain JavaScript are inline, and a Content-Security-Policy forbids loading anything else. Cards are
grouped by deck, then by source file, each labelled with its ``file:line``; checkboxes filter by
note kind, and a night-mode switch adds the ``nightMode`` class as Anki's reviewers do.

Cards are rendered by Anki itself (:func:`ankigen.deliver.rendering.render_cards`) when the ``anki``
extra is installed, otherwise by :mod:`ankigen.cards`, which renders the same templates the same
way.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ankigen.patterns import lazy_compile

from . import __version__
from .atomic import write_atomically
from .cards import Card, render_cards
from .errors import AnkigenError
from .media import MediaFile
from .model import Diagnostic, Note, NoteKind
from .notetypes import all_note_types

__all__ = ["Renderer", "preview_html", "render_for_preview", "write_preview"]

Renderer = Literal["auto", "anki", "python"]

_JAPANESE = lazy_compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")

FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", '
    '"Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic UI", "Yu Gothic", Meiryo, Roboto, sans-serif'
)

_PAGE_CSS = """
:root { color-scheme: light; --pv-bg: #f3f4f6; --pv-fg: #1f2328; --pv-panel: #ffffff; --pv-line: #d0d7de;
  --pv-muted: #57606a; --pv-accent: #0969da; }
body.nightMode { color-scheme: dark; --pv-bg: #010409; --pv-fg: #e6edf3; --pv-panel: #0d1117; --pv-line: #30363d;
  --pv-muted: #8b949e; --pv-accent: #58a6ff; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body.pv { margin: 0; background: var(--pv-bg); color: var(--pv-fg); font-family: FONT_STACK; line-height: 1.5; }
.pv-bar { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem;
  align-items: center; padding: 0.6rem 1rem; background: var(--pv-panel); border-bottom: 1px solid var(--pv-line); }
.pv-bar h1 { font-size: 1.1rem; margin: 0; }
.pv-summary { margin: 0; color: var(--pv-muted); font-size: 0.9rem; }
.pv-filter { display: flex; flex-wrap: wrap; gap: 0.2rem 0.8rem; border: 0; margin: 0; padding: 0; }
.pv-filter legend { float: left; margin-right: 0.4rem; color: var(--pv-muted); font-size: 0.9rem; }
.pv-filter label, .pv-night { font-size: 0.9rem; white-space: nowrap; cursor: pointer; }
.pv-diagnostics { margin: 0.8rem 1rem; font-size: 0.85rem; }
.pv-diagnostics li { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
main { padding: 0 1rem 2rem; }
.pv-deck > h2 { font-size: 1.2rem; margin: 1.4rem 0 0.4rem; }
.pv-file > h3 { font-size: 0.95rem; font-weight: 500; color: var(--pv-muted); margin: 1rem 0 0.4rem;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.pv-card { background: var(--pv-panel); border: 1px solid var(--pv-line); border-radius: 8px; margin: 0 0 0.8rem;
  overflow: hidden; }
.pv-label { display: flex; flex-wrap: wrap; gap: 0.2rem 0.8rem; padding: 0.3rem 0.7rem; font-size: 0.8rem;
  color: var(--pv-muted); border-bottom: 1px solid var(--pv-line); }
.pv-label code { color: var(--pv-accent); }
.pv-kind { font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
.pv-sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); }
.pv-side { margin: 0; min-width: 0; border-right: 1px solid var(--pv-line); }
.pv-side:last-child { border-right: 0; }
.pv-side > figcaption { font-size: 0.7rem; color: var(--pv-muted); padding: 0.2rem 0.7rem 0;
  text-transform: uppercase; }
.pv-side > .card { min-height: 4rem; }
"""

_PAGE_JS = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="kind"]'));
  var shown = document.getElementById('pv-shown');
  function applyFilter() {
    var on = {};
    boxes.forEach(function (box) { on[box.value] = box.checked; });
    document.querySelectorAll('.pv-card').forEach(function (card) { card.hidden = !on[card.dataset.kind]; });
    document.querySelectorAll('.pv-file, .pv-deck').forEach(function (group) {
      group.hidden = !group.querySelector('.pv-card:not([hidden])');
    });
    shown.textContent = document.querySelectorAll('.pv-card:not([hidden])').length;
  }
  boxes.forEach(function (box) { box.addEventListener('change', applyFilter); });
  var night = document.getElementById('pv-night');
  function setNight(on) {
    [document.body].concat(Array.prototype.slice.call(document.querySelectorAll('.card'))).forEach(function (el) {
      el.classList.toggle('nightMode', on);
      el.classList.toggle('night_mode', on);
    });
  }
  night.addEventListener('change', function () { setNight(night.checked); });
  if (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches) {
    night.checked = true;
    setNight(true);
  }
  applyFilter();
})();
"""

# any fixed time will do for a throwaway package (note ids derive from it, so it must not be 0)
_PACKAGE_TIME = 1_700_000_000

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: file:; font-src data:"


def render_for_preview(notes: Sequence[Note], renderer: Renderer = "auto") -> tuple[tuple[Card, ...], str]:
    """The cards of ``notes`` and a description of what rendered them.

    ``auto`` uses Anki when the ``anki`` extra is installed, else the pure-Python renderer.
    """
    from .deliver.collection import anki_available

    if renderer == "python" or (renderer == "auto" and not anki_available()):
        return render_cards(notes), "ankigen's template renderer (install ankigen[anki] to render with Anki)"
    if not anki_available():
        raise AnkigenError("the anki renderer needs the anki extra: pip install 'ankigen[anki]'")
    return _render_with_anki(notes), "Anki's own template engine"


def _render_with_anki(notes: Sequence[Note]) -> tuple[Card, ...]:
    from .deliver.rendering import render_cards as render_with_anki
    from .package import write_package

    by_guid = {note.guid: note for note in notes}
    if len(by_guid) != len(notes) or "" in by_guid:
        raise AnkigenError("internal: preview needs notes with distinct GUIDs (use build_notes)")
    with tempfile.TemporaryDirectory(prefix="ankigen-preview-") as folder:
        package = Path(folder) / "preview.apkg"
        write_package(package, notes, timestamp=_PACKAGE_TIME)
        rendered = render_with_anki(package)
    cards = [
        Card(by_guid[card.guid], card.ordinal, card.template, card.question, card.answer)
        for card in rendered
        if card.guid in by_guid
    ]
    order = {note.guid: index for index, note in enumerate(notes)}
    return tuple(sorted(cards, key=lambda card: (order[card.note.guid], card.ordinal)))


_IMAGE_SRC = lazy_compile(r"""(<img\b[^>]*?\bsrc=)(["']?)([^"'\s>]+)\2""", re.IGNORECASE)


def _inline_media(content: str, media: dict[str, str]) -> str:
    """Packaged images as data: URLs, so the page shows them with no files beside it."""
    if not media:
        return content
    return _IMAGE_SRC.sub(
        lambda m: f'{m.group(1)}"{media[m.group(3)]}"' if m.group(3) in media else m.group(0), content
    )


def _data_urls(media: Sequence[MediaFile]) -> dict[str, str]:
    urls = {}
    for item in media:
        kind = mimetypes.guess_type(item.name)[0] or "application/octet-stream"
        urls[item.name] = f"data:{kind};base64,{base64.b64encode(item.data).decode('ascii')}"
    return urls


def _side(label: str, ordinal: int, content: str) -> str:
    lang = ' lang="ja"' if _JAPANESE.search(content) else ""
    return (
        f'<figure class="pv-side pv-{label.lower()}"><figcaption>{label}</figcaption>'
        f'<div class="card card{ordinal + 1}"{lang}>{content}</div></figure>'
    )


def _card_html(card: Card, media: dict[str, str]) -> str:
    note = card.note
    tags = " ".join(f"#{html.escape(tag)}" for tag in note.tags)
    return (
        f'<article class="pv-card" data-kind="{note.kind.value}" data-guid="{html.escape(note.guid)}" '
        f'data-ordinal="{card.ordinal}" id="card-{html.escape(note.guid)}-{card.ordinal}">'
        f'<header class="pv-label"><code class="pv-source">{html.escape(str(note.span))}</code>'
        f'<span class="pv-kind">{note.kind.value}</span><span class="pv-template">{html.escape(card.template)}</span>'
        f'<span class="pv-tags">{tags}</span></header>'
        f'<div class="pv-sides">{_side("Front", card.ordinal, _inline_media(card.question, media))}'
        f"{_side('Back', card.ordinal, _inline_media(card.answer, media))}</div></article>"
    )


def preview_html(
    cards: Sequence[Card],
    *,
    diagnostics: Sequence[Diagnostic] = (),
    renderer: str = "",
    title: str = "ankigen preview",
    media: Sequence[MediaFile] = (),
) -> str:
    """The whole page for ``cards`` (from :func:`render_for_preview`), as one string.

    ``media`` (``BuildResult.media``) are shown inline; other images, remote ones included, are not
    loaded: the page never touches the network.
    """
    media_urls = _data_urls(media)
    decks: dict[str, dict[str, list[Card]]] = {}
    for card in sorted(cards, key=lambda c: (c.note.deck, c.note.span.path, c.note.span.line, c.ordinal)):
        decks.setdefault(card.note.deck, {}).setdefault(card.note.span.path, []).append(card)
    notes = {card.note.guid or id(card.note) for card in cards}
    files = {card.note.span.path for card in cards}
    counts = {kind: sum(1 for card in cards if card.note.kind is kind) for kind in NoteKind}
    filters = "".join(
        f'<label><input type="checkbox" name="kind" value="{kind.value}" checked> {kind.value} '
        f'<span class="pv-count">({count})</span></label>'
        for kind, count in counts.items()
        if count
    )
    css = "\n".join(dict.fromkeys(kind.css for kind in all_note_types()))
    body: list[str] = []
    for deck, by_file in decks.items():
        body.append(f'<section class="pv-deck" data-deck="{html.escape(deck)}"><h2>{html.escape(deck)}</h2>')
        for path, file_cards in by_file.items():
            body.append(f'<section class="pv-file" data-path="{html.escape(path)}"><h3>{html.escape(path)}</h3>')
            body.extend(_card_html(card, media_urls) for card in file_cards)
            body.append("</section>")
        body.append("</section>")
    problems = ""
    if diagnostics:
        items = "".join(f"<li>{html.escape(str(diagnostic))}</li>" for diagnostic in diagnostics)
        problems = (
            f'<details class="pv-diagnostics"><summary>{len(diagnostics)} warnings while reading the notes'
            f"</summary><ul>{items}</ul></details>"
        )
    summary = (
        f'<span id="pv-shown">{len(cards)}</span> of {len(cards)} cards from {len(notes)} notes '
        f"in {len(decks)} decks and {len(files)} files"
    )
    by = f" · rendered by {html.escape(renderer)}" if renderer else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="generator" content="ankigen {html.escape(__version__)}">
<title>{html.escape(title)}</title>
<style>{_PAGE_CSS.replace("FONT_STACK", FONT_STACK)}</style>
<style>
{css}
</style>
</head>
<body class="pv">
<header class="pv-bar">
<h1>{html.escape(title)}</h1>
<p class="pv-summary">{summary}{by}</p>
<fieldset class="pv-filter"><legend>Kinds</legend>{filters}</fieldset>
<label class="pv-night"><input type="checkbox" id="pv-night"> Night mode</label>
</header>
{problems}
<main>
{"".join(body) if body else '<p class="pv-empty">No cards: ankigen found no notes here.</p>'}
</main>
<script>{_PAGE_JS}</script>
</body>
</html>
"""


def write_preview(
    notes: Sequence[Note],
    out: Path | str,
    *,
    diagnostics: Sequence[Diagnostic] = (),
    renderer: Renderer = "auto",
    title: str = "ankigen preview",
    media: Sequence[MediaFile] = (),
) -> tuple[Path, tuple[Card, ...]]:
    """Render the cards of ``notes`` (with GUIDs, from :func:`ankigen.build_notes`) and write the page.

    Pass ``media=result.media`` to show the notes' images."""
    cards, used = render_for_preview(notes, renderer)
    target = Path(out)
    page = preview_html(cards, diagnostics=diagnostics, renderer=used, title=title, media=media)
    write_atomically(target, page.encode("utf-8"))
    return target, cards
