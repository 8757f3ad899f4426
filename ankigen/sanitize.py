"""Field sanitising: every field goes through an allowlist before it reaches a card.

Cards run inside a web view (Anki's desktop, AnkiDroid, AnkiMobile), and notes are often copied
from web pages, so a field must never carry script. Markdown passes raw HTML through, so the
allowlist is applied to the finished fields with nh3 (Python bindings to the Rust ``ammonia``
sanitiser, which parses with html5ever like a browser does): only the tags and attributes below
survive, ``<script>``/``<style>`` are dropped with their content, event-handler attributes and
``javascript:`` (or any non-http/mailto) URLs are removed. What notes legitimately contain
survives: tables (with ankigen's ``class="ag-hl"`` highlight and alignment), code, ruby, images,
links, ``<mark>``, definition lists, sub/sup, strike-through. Cloze markup ``{{c1::...}}`` is text
and passes unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import nh3

from .model import Note

__all__ = ["sanitize_html", "sanitize_note"]

_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
        "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
        "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul", "var",
    }
)  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style"},
    "ol": {"start", "type"},
    "col": {"span"},
    "colgroup": {"span"},
}
_STYLE_PROPERTIES = {"text-align"}  # markdown-it-py writes table alignment as style="text-align:..."
_URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(_TAGS),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        url_schemes=set(_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties=set(_STYLE_PROPERTIES),
    )


def sanitize_html(fragment: str) -> str:
    """``fragment`` with everything outside the allowlist removed."""
    if "<" not in fragment and "&" not in fragment and ">" not in fragment:
        return fragment  # plain text: nothing to remove, and most fields are plain text
    return str(_cleaner().clean(fragment))


def sanitize_note(note: Note) -> Note:
    """The same note with every field sanitised."""
    fields = tuple((name, sanitize_html(value)) for name, value in note.fields)
    return note if fields == note.fields else replace(note, fields=fields)
