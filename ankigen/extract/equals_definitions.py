"""Equals definitions: a bullet or one-line paragraph that is only ``Term = what it is``
(``- Layer 5-7 of OSI model = Layer 5 TCP/IP model``, ``- 「リージョン = 国や地域の単位」``, the whole
line in quotes or not) is a definition of the term.

Notes written in a hurry equate a name with what it means by an equals sign instead of a colon;
with no ``Term: text`` shape and no key phrase marked, the line was explained as a plain statement
(``no-card-shape``). One equals sign between a short name and a short phrase says what the name is,
as a colon would.

A paragraph of several lines is read line by line: a line of it that is only ``Term = meaning``
(``count(*) = 行数をカウントする`` under ``countについて``, ``Ajax = Asynchronous JavaScript Xml の略称。``
after a remark) is a definition of its own, the paragraph's other lines explained as they read. A
name in ``code`` on either side (```オリジン` = `URLのスキーマ + ドメイン + ポート番号` ``) counts
when the equals sign itself stands outside the code and the meaning is words, not code. A function's
call (``count(*)``) is a name.

Left alone: a line with a second equals sign (``A = 6 bytes = 48 bits``: two facts), a formula (a
side of digits and operators, ``x+y = 100%``), code, a link, an arrow, an equals sign inside
brackets (``(LH = Link header)``), a side that is no term or too long, and a meaning that leans on
the line above (``その中のデータセンター単位``: inside what?), unless that line is itself ``Term = meaning``
and the bullet sits under it: then the card's front names both (``リージョン › AZ``), so what the
meaning leans on is shown.
"""

from __future__ import annotations

import html
import re

from ..model import Document, Inlines, NoteKind, Paragraph, Section, Span, inline_text
from ..patterns import lazy_compile
from . import ExtractContext, register
from .common import has_cjk, iter_items, looks_like_term, prose_owners, split_lines, study_sections
from .subjects import QUALIFIER

_EQUALS = lazy_compile(r"^(?P<term>[^=＝()（）]{2,40}?)\s+[=＝]\s+(?P<meaning>[^=＝]{2,60})$")
_QUOTES = lazy_compile(r"^[「『\"“](?P<inner>.*)[」』\"”]$")
_LEANS = lazy_compile(r"^(?:その|この|それ|これ|あの|上記|前述|同じ|same\b|it\b|this\b|that\b)", re.IGNORECASE)
_FORMULA = lazy_compile(r"^[\d\s.,%+\-*/×÷()]+$|\d\s*[+*/×÷]\s*\d")
"""A meaning that is a value or a formula (``100%``, ``2*8``); ``TCP/IP`` or ``255.255.255.255 - MASK`` is none."""
_TERM_FORMULA = lazy_compile(r"^[\d\s.,%+\-*/×÷()]+$|[+*/×÷]")
"""A term side that is a formula (``a+b``); a range in a name (``Layer 5-7``) is none."""
_CALL = lazy_compile(r"^(?P<term>[A-Za-z_][A-Za-z0-9_.]{0,30}\([^()=＝]{0,20}\))\s+[=＝]\s+(?P<meaning>[^=＝]{2,60})$")
"""A line that says what a function's call does (``count(*) = 行数をカウントする``)."""
_ARROWS = ("→", "->", "=>", "⇒", "<-", "←")


def equals_definition(text: str, within: bool = False) -> tuple[str, str] | None:
    """(term, meaning) of a line that is only ``Term = meaning``, or None. ``within``: the line is a
    child bullet of another ``Term = meaning`` line, so a meaning that leans on the line above
    (``その中のデータセンター単位`` under ``リージョン = 国や地域の単位``) names what it leans on: the card
    shows that term above its own."""
    text = " ".join(text.split())
    quoted = _QUOTES.match(text)
    if quoted:
        text = quoted.group("inner").strip()
    call = _CALL.match(text)
    match = call or _EQUALS.match(text)
    if match is None or any(arrow in text for arrow in _ARROWS):
        return None
    term, meaning = match.group("term").strip(), match.group("meaning").strip().rstrip("。.")
    if not looks_like_term(term) or (not call and _TERM_FORMULA.search(term)) or _FORMULA.search(meaning):
        return None
    if (_LEANS.match(meaning) and not within) or len(meaning) < 2 or not re.search(r"[^\W\d_]", meaning):
        return None
    return term, meaning


@register("equals-definitions", order=110)
def extract_equals_definitions(document: Document, context: ExtractContext) -> None:
    asked = {candidate.note.span.line for candidate in context.candidates}
    for section in study_sections(document):
        parents = {id(item): parent for item, parent in iter_items(section.blocks)}
        for owner in prose_owners(section):
            if context.claimed(owner) or owner.span.line in asked:
                continue
            if "\n" in owner.text.strip():
                if isinstance(owner, Paragraph):
                    _paragraph_lines(owner, section, context, asked)
                continue
            if not _plain_equals(owner.inlines):
                continue  # a link, bold, an equals sign in code: another shape, read by its own extractors
            parent = parents.get(id(owner))
            above = equals_definition(parent.text) if parent is not None else None
            found = equals_definition(owner.text, within=above is not None)
            if found is None:
                continue
            term, meaning = found
            if above is not None and _LEANS.match(meaning):
                term = f"{above[0]}{QUALIFIER}{term}"  # ``リージョン › AZ``: what その points at is on the front
            context.emit(
                NoteKind.DEFINITION,
                term,
                owner.span,
                {"Term": html.escape(term), "Definition": html.escape(meaning)},
                section=section,
                term=term,
                source=owner,
            )
            context.claim(owner)


def _plain_equals(inlines: Inlines) -> bool:
    """Text only, or a name or a phrase in ``code`` beside an equals sign written outside it, with
    words (not code) on the meaning's side."""
    if all(part.kind == "text" for part in inlines):
        return True
    if any(part.kind not in ("text", "code") for part in inlines):
        return False
    if not any(part.kind == "text" and ("=" in part.text or "＝" in part.text) for part in inlines):
        return False
    if any("=" in part.text or "＝" in part.text for part in inlines if part.kind == "code"):
        return False
    return has_cjk(inline_text(inlines))


def _paragraph_lines(paragraph: Paragraph, section: Section, context: ExtractContext, asked: set[int]) -> None:
    """The lines of a paragraph that are each only ``Term = meaning``: a definition each, at its
    own line (the other lines stay for the extractors after this one and the explain lines)."""
    lines = split_lines(paragraph.inlines)
    if len(lines) < 2:
        return
    first = paragraph.span.line
    for offset, line in enumerate(lines):
        number = first + offset
        if number in asked or not _plain_equals(line):
            continue
        found = equals_definition(inline_text(line))
        if found is None:
            continue
        term, meaning = found
        context.emit(
            NoteKind.DEFINITION,
            term,
            Span(paragraph.span.path, number, number),
            {"Term": html.escape(term), "Definition": html.escape(meaning)},
            section=section,
            term=term,
            source=paragraph,
        )
