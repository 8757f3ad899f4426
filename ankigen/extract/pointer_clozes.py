"""Pointer clozes: an English sentence that opens by pointing back (``They can be configured through
[Scaling Policies](…) to …`` after ``- **Auto Scaling Groups** are used to …``; ``But servers can
use Dynamic DNS.`` under ``### Static vs Dynamic IP Addresses``) and says exactly one name.

Note-takers write a run of bullets or paragraphs about one subject: the first names it, the next
ones say ``It …`` / ``They …`` or open with a connective (``But``, ``However,``, ``Also,``). Such a
sentence has no bold and no ``Term: text`` shape, so it was dropped as ``no-card-shape``, though the
one name it says (a link, `code`, or a run of Capitalised Words) is the fact it carries.

The card is a cloze hiding that name. A pronoun is resolved to the term of the definition card the
sibling right before asks (the card names what the sentence is about, the pronoun would not); a
connective is dropped (the sentence has its own subject, the headings stay its Context).

Nothing is made when the pronoun has no definition card right before it, when ``It`` is the empty
subject of ``It is possible …`` / ``It may make sense …``, when the sentence says no name or two
(two facts, or a name beside its alternative), a figure (two facts: the name and the number), a
negation, or a question, when the name shows in the headings or the resolved subject (hiding it
would ask nothing); such a sentence keeps its ``--explain`` line.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, Inline, ListItem, NoteKind
from . import ExtractContext, register
from .clozes import emit_cloze, split_sentences
from .common import fold, split_lines
from .contrast_clozes import _Name as Name
from .contrast_clozes import name_text, sentence_sources, with_gaps
from .subjects import headings_shown
from .vocabulary import MAX_CLOZE_GAP_CHARS, POINTER_CONNECTIVES, POINTER_MAX_SENTENCE_CHARS, POINTER_PRONOUNS

_SENTENCE_END = lazy_compile(r"(?<=[.!?]\s)(?=[A-Z])")
_PRONOUN = lazy_compile(rf"^\s*(?P<word>{'|'.join(POINTER_PRONOUNS)})\s+(?=[a-z])")
_CONNECTIVE = lazy_compile(rf"^\s*(?:{'|'.join(POINTER_CONNECTIVES)})[,\s]\s*(?=[a-z])")
# ``It is possible for …``, ``It may make sense to …``: an empty subject, not a pointer back
_EMPTY_IT = lazy_compile(
    r"^\s*It\s+(?:is|was|'s|may|might|would|could|seems|makes|can\s+be\s+(?:hard|easy|useful))\b", re.IGNORECASE
)
# a run of two or more Capitalised Words (``Scaling Policies``, ``Dynamic DNS``), not the first word
_TITLE_RUN = lazy_compile(r"(?<![\w.-])[A-Z][A-Za-z0-9]*(?:[ -][A-Z][A-Za-z0-9]*)+(?![\w-])")
_FIGURE = lazy_compile(r"\d")
_NEGATION = lazy_compile(r"\b(?:not|never|no|cannot|can't|don't|doesn't|won't|isn't|aren't)\b", re.IGNORECASE)
_FIRST_PERSON = lazy_compile(r"\b(?:I|I'm|I've|my|we|our|you|your)\b")


def _names(parts: list[Inline]) -> list[Name]:
    """Every name the sentence says: links, code spans and runs of Capitalised Words."""
    found: list[Name] = []
    for index, part in enumerate(parts):
        if part.kind in ("code", "link"):
            if part.text.strip() and "://" not in part.text:
                found.append(Name(0, len(part.text), index))
        elif part.kind == "text":
            found.extend(Name(m.start(), m.end(), index) for m in _TITLE_RUN.finditer(part.text))
    return found


def _defined_before(context: ExtractContext, owner: object) -> str:
    """The term of the definition card the line ``owner`` starts on asks; '' when none does."""
    span = getattr(owner, "span", None)
    if span is None:
        return ""
    for candidate in context.candidates:
        note = candidate.note
        if candidate.kind == NoteKind.DEFINITION and note.span.path == span.path and note.span.line == span.line:
            return str(candidate.term)
    return ""


@register("pointer-clozes", order=102)
def extract_pointer_clozes(document: Document, context: ExtractContext) -> None:
    asked = {candidate.note.span.line for candidate in context.candidates}
    sources = sentence_sources(document)
    for number, (owner, inlines, topic, section) in enumerate(sources):
        if topic or context.claimed(owner) or owner.span.line in asked or not section.level:
            continue
        previous = sources[number - 1] if number else None
        lines = split_lines(inlines)
        if not lines:
            continue
        sentences = split_sentences(lines[0], _SENTENCE_END)
        if not sentences:
            continue
        parts = [part for part in sentences[0] if part.kind != "br"]
        if not parts or parts[0].kind != "text":
            continue
        text = " ".join("".join(part.text for part in parts).split())
        if (
            len(text) > POINTER_MAX_SENTENCE_CHARS
            or text.endswith("?")
            or any(part.kind in ("strong", "mark", "cloze", "image") for part in parts)
            or _NEGATION.search(text)
            or _FIRST_PERSON.search(text)
        ):
            continue
        first = parts[0].text
        pronoun = _PRONOUN.match(first)
        connective = _CONNECTIVE.match(first)
        subject = ""
        if pronoun is not None and not _EMPTY_IT.match(first):
            if previous is None or previous[3] is not section or type(previous[0]) is not type(owner):
                continue  # the sentence before is in another section, or not a sibling
            subject = _defined_before(context, previous[0])
            if not subject:
                continue  # nothing right before says what the pronoun is
            lead = subject + " "
            rest = first[pronoun.end() :]
        elif connective is not None:
            lead, rest = "", first[connective.end() :]
            rest = rest[:1].upper() + rest[1:]
        else:
            continue
        body = [Inline("text", html.escape(rest, quote=False), rest), *parts[1:]]
        names = _names(body)
        if len(names) != 1 or _FIGURE.search("".join(part.text for part in body)):
            continue  # no name to ask, two facts, or a figure that is a fact of its own
        hidden = fold(name_text(body, names[0]))
        headings = headings_shown(document, section)
        if not hidden or len(hidden) > MAX_CLOZE_GAP_CHARS or hidden in headings or hidden in fold(subject):
            continue
        if fold(text).count(hidden) > 1:
            continue  # the answer shows elsewhere on the card
        gapped = with_gaps(body, names)
        if lead:
            gapped = (Inline("text", html.escape(lead, quote=False), lead), *gapped)
        details = ""
        if isinstance(owner, ListItem) and len(sentences) > 1:
            others = " ".join("".join(part.html for part in sentence).strip() for sentence in sentences[1:])
            details = f"<p>{others.strip()}</p>" if others.strip() else ""
        before = len(context.candidates)
        emit_cloze(context, document, section, owner.span, gapped, "", owner, details)
        if len(context.candidates) > before:
            context.claim(owner)


__all__ = ["extract_pointer_clozes"]
