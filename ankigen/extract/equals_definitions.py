"""Equals definitions: a bullet or one-line paragraph that is only ``Term = what it is``
(``- Layer 5-7 of OSI model = Layer 5 TCP/IP model``, ``- 「リージョン = 国や地域の単位」``, the whole
line in quotes or not) is a definition of the term.

Notes written in a hurry equate a name with what it means by an equals sign instead of a colon;
with no ``Term: text`` shape and no key phrase marked, the line was explained as a plain statement
(``no-card-shape``). One equals sign between a short name and a short phrase says what the name is,
as a colon would.

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

from ..model import Document, NoteKind
from ..patterns import lazy_compile
from . import ExtractContext, register
from .common import iter_items, looks_like_term, prose_owners, study_sections
from .subjects import QUALIFIER

_EQUALS = lazy_compile(r"^(?P<term>[^=＝()（）]{2,40}?)\s+[=＝]\s+(?P<meaning>[^=＝]{2,60})$")
_QUOTES = lazy_compile(r"^[「『\"“](?P<inner>.*)[」』\"”]$")
_LEANS = lazy_compile(r"^(?:その|この|それ|これ|あの|上記|前述|同じ|same\b|it\b|this\b|that\b)", re.IGNORECASE)
_FORMULA = lazy_compile(r"^[\d\s.,%+\-*/×÷()]+$|\d\s*[+*/×÷]\s*\d")
"""A meaning that is a value or a formula (``100%``, ``2*8``); ``TCP/IP`` or ``255.255.255.255 - MASK`` is none."""
_TERM_FORMULA = lazy_compile(r"^[\d\s.,%+\-*/×÷()]+$|[+*/×÷]")
"""A term side that is a formula (``a+b``); a range in a name (``Layer 5-7``) is none."""
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
    match = _EQUALS.match(text)
    if match is None or any(arrow in text for arrow in _ARROWS):
        return None
    term, meaning = match.group("term").strip(), match.group("meaning").strip().rstrip("。.")
    if not looks_like_term(term) or _TERM_FORMULA.search(term) or _FORMULA.search(meaning):
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
            if context.claimed(owner) or owner.span.line in asked or "\n" in owner.text.strip():
                continue
            if any(part.kind != "text" for part in owner.inlines):
                continue  # code, a link, bold: another shape, read by its own extractors
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
