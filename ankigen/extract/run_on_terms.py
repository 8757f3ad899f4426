"""Run-on terms: a ``- Term: explanation`` bullet written on the end of another line's text
(``→読み出しが速い - Memcached:単純なキャッシュ``) is a definition of its own.

Notes pasted or typed in a hurry lose a line break before a bullet: its ``-`` marker then sits in
the middle of the line above, the bullet is read as part of that line's text, and the term it
explains was only named inside that line's explanation (a plain statement, ``no-card-shape``). A
`` - `` between spaces after some text, then a short name, a colon and an explanation of some
length, is such a bullet.

Left alone: a line that opens with its ``-`` (a bullet, read as one), a line of several dashes
(names joined by dashes), a name that is no term or a sentence, a short explanation, and a line
with a link, code or a marked (bold) name, whose dash is part of the name.
"""

from __future__ import annotations

import html

from ..model import Document, NoteKind
from ..patterns import lazy_compile
from . import ExtractContext, register
from .common import fold, joins_name_suffix, looks_like_term, prose_owners, sentence_like, study_sections

_DASH = lazy_compile(r"\s[-‐]\s+")
_BULLET = lazy_compile(r"(?P<term>[^\s:：\-‐][^:：。、,]{0,38}?)\s*[:：]\s*(?P<body>[^\s:：].{7,})$")
"""What follows a run-on bullet's dash: a short name, a colon and an explanation to the line's end."""
_MIN_BEFORE_CHARS = 6


def run_on_term(line: str) -> tuple[str, str] | None:
    """(term, explanation) of a ``- Term: text`` bullet run onto the end of ``line``, or None."""
    text = line.strip()
    dashes = [dash for dash in _DASH.finditer(text) if dash.start() >= _MIN_BEFORE_CHARS]
    if len(dashes) != 1:
        return None  # none, or several: a list of names joined by dashes, not one bullet
    match = _BULLET.match(text, dashes[0].end())
    if match is None or joins_name_suffix(text[: dashes[0].start()], text[dashes[0].end() :]):
        return None  # no bullet; or ``S3 One Zone - IA: …``, one name with a hyphen in it
    term, body = match.group("term").strip(), match.group("body").strip()
    if not looks_like_term(term) or sentence_like(term):
        return None
    if "`" in line or "://" in line or fold(term) in fold(body):
        return None
    return term, body


@register("run-on-terms", order=111)
def extract_run_on_terms(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        for owner in prose_owners(section):
            if any(part.kind not in ("text", "br") for part in owner.inlines):
                continue  # a marked name (``**Tier A - infrequent access**: …``): one name, with a dash in it
            lines = owner.text.split("\n")
            for index, line in enumerate(lines):
                found = run_on_term(line)
                if found is None:
                    continue
                term, body = found
                context.emit(
                    NoteKind.DEFINITION,
                    term,
                    owner.span.at(owner.span.line + index),
                    {"Term": html.escape(term), "Definition": html.escape(body)},
                    section=section,
                    term=term,
                    source=owner,
                )
