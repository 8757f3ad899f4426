"""Term lines inside a bullet: a bullet that titles a topic (``- Constraints``) with paragraphs under
it, one of which is ``*Primary key*: a column set that …`` or ``**Check**: …`` on a line of its own.

Such a line has the ``Term: text`` shape a definition needs, but as a paragraph nested in a list item
no extractor read it (list items are read for their own text and child bullets, paragraphs for the
section's own blocks), so it was dropped as having no ``Term: text`` shape. Each such paragraph is a
definition of its own; the bullet's title goes into Context, and a label that means nothing without
it (``Why use them``, ``メリット``) is asked under it (``Indexes › Why use them``).

Left alone: a paragraph of several lines (a text that starts with a label, read by the other
extractors and explained line by line), a body that is no explanation (one word, a URL, a command),
a term that does not read as one, an exercise or an example (``*Exercise*: Classify …``), and a
list left open (``…, backup, users, etc``).
"""

from __future__ import annotations

import re

from ankigen.patterns import lazy_compile

from ..model import Document, Paragraph
from . import ExtractContext, register
from .common import (
    clean_term,
    fold,
    inline_html,
    inline_text,
    iter_items,
    looks_like_term,
    meaningful_body,
    split_definition,
    split_lines,
    study_sections,
)
from .definitions import _emit_definition
from .vocabulary import GENERIC_LABELS, POINTER_TERM_EN

_OPEN_LIST = lazy_compile(r"(?:\betc\.?|など|等)\s*[.。]?$", re.IGNORECASE)
_NOT_A_TERM = frozenset({"exercise", "example", "e.g.", "note", "tip", "todo", "練習", "演習", "例", "注意", "メモ"})


@register("item-paragraphs", order=41)
def extract_item_paragraphs(document: Document, context: ExtractContext) -> None:
    """One definition per ``Term: text`` paragraph of one line nested under a bullet."""
    for section in study_sections(document):
        for item, _parent in iter_items(section.blocks):
            owner = clean_term(item.text.strip())
            for child in item.children:
                if not isinstance(child, Paragraph) or context.claimed(child):
                    continue
                lines = split_lines(child.inlines)
                if len(lines) != 1:
                    continue
                split = split_definition(lines[0])
                if split is None:
                    continue
                term, body = split
                said_line = inline_text(lines[0]).lstrip()
                if not (said_line.startswith(term) and said_line[len(term) :].lstrip().startswith((":", "："))):
                    continue  # ``CRUD operations—create, read, …``: a dash runs on a list, no term line
                if fold(term) in _NOT_A_TERM or not looks_like_term(term):
                    continue
                said = inline_text(body).strip()
                if not meaningful_body(said) or _OPEN_LIST.search(said):
                    continue  # (``create, backup, users, etc``: a list left open, no answer to recite)
                asked = term
                if owner and (fold(term) in GENERIC_LABELS or POINTER_TERM_EN.search(term.lower())):
                    asked = f"{owner} › {term}"  # ``Why use them`` is about the bullet it sits under
                path = (*section.path, owner) if owner and asked == term else section.path
                _emit_definition(
                    context,
                    section,
                    child.span,
                    asked,
                    inline_html(body),
                    context_path=tuple(path),
                    owner=owner,
                    source=child,
                )
                context.claim(child)
