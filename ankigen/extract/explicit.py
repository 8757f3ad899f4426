"""Explicit markup: ``Q:`` / ``A:`` pairs (basic notes) and Obsidian ``Term:: text`` fields."""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, NoteKind, Paragraph, Span, inline_html, inline_text
from . import ExtractContext, register
from .common import clean_term, iter_items, looks_like_term, meaningful_body, split_lines, study_sections

_QUESTION = lazy_compile(r"^\s*(?:Q|問|質問|Question)\s*[:：.．]\s*", re.IGNORECASE)
_ANSWER = lazy_compile(r"^\s*(?:A|答|答え|Answer)\s*[:：.．]\s*", re.IGNORECASE)
# the same marks as the author emphasised them (``**Q.**``, ``<b>A:</b>``), in a line's HTML
_MARKED_QUESTION = lazy_compile(
    r"^\s*<(strong|b|em)>\s*(?:Q|問|質問|Question)\s*[:：.．]?\s*</\1>\s*[:：.．]?\s*", re.IGNORECASE
)
# the mark inside the emphasis that holds the whole question (``**Q: What is X?**``): the front
# keeps the emphasis and drops the mark (``Q:`` is not part of what is asked)
_MARK_IN_EMPHASIS = lazy_compile(
    r"^(\s*<(?:strong|b|em)>)\s*(?:Q|問|質問|Question)\s*[:：.．]\s*(?!\s*</)", re.IGNORECASE
)
_MARKED_ANSWER = lazy_compile(
    r"^\s*<(strong|b|em)>\s*(?:A|答|答え|Answer)\s*[:：.．]?\s*</\1>\s*[:：.．]?\s*", re.IGNORECASE
)
# ``Term:: text``: a space after ``::`` (``AWS::Region`` or ``Fn::GetAtt`` are names, not fields);
# AsciiDoc writes a definition list's nested levels ``Term::: text`` / ``Term:::: text`` and ``Term;; text``
_DATAVIEW = lazy_compile(r"^\s*(?:([^:\n]{1,60}?)::(?::{1,2}(?!:))?|([^:;\n]{1,60}?);;)\s+(.+)$")
_MARKER = lazy_compile(r"::(?::{1,2}(?!:))?\s*|;;\s+")


@register("questions", order=5)
def extract_questions(document: Document, context: ExtractContext) -> None:
    """``Q: ...`` followed by ``A: ...`` (same paragraph or the next one)."""
    for section in study_sections(document):
        blocks = section.blocks
        pending: tuple[str, object, int] | None = None
        for block in blocks:
            if not isinstance(block, Paragraph):
                pending = None
                continue
            lines = split_lines(block.inlines)
            question_html = ""
            for offset, line in enumerate(lines):
                text = inline_text(line)
                line_html = inline_html(line)
                if _QUESTION.match(text):
                    question_html = _QUESTION.sub("", line_html, count=1)
                    pending = (question_html, block, block.span.line + offset)
                    continue
                if _ANSWER.match(text) and pending is not None:
                    question, owner, line_number = pending
                    answer = _MARKED_ANSWER.sub("", _ANSWER.sub("", line_html, count=1), count=1)
                    context.emit(
                        NoteKind.BASIC,
                        clean_term(re.sub(r"<[^>]+>", "", question)),  # the key as it always was: the GUID stays
                        block.span.at(line_number, block.span.line + offset),  # the answer's line is on the card
                        {"Question": _question_field(question), "Answer": answer},
                        section=section,
                        source=block,
                    )
                    context.claim(owner, block)
                    pending = None


def _question_field(question: str) -> str:
    """The front of a ``Q:`` / ``A:`` pair: the question without its mark, whether the mark stands
    emphasised apart (``**Q:** What…``) or inside the emphasis of the whole line (``**Q: What…?**``)."""
    question = _MARKED_QUESTION.sub("", question, count=1)
    return _MARK_IN_EMPHASIS.sub(r"\1", question, count=1)


@register("inline-fields", order=8)
def extract_inline_fields(document: Document, context: ExtractContext) -> None:
    """Obsidian / Dataview ``Term:: text`` lines, in paragraphs or list items."""
    for section in study_sections(document):
        owners: list[tuple[object, list[tuple[int, str, str]]]] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                owners.append(
                    (
                        block,
                        [
                            (block.span.line + offset, inline_text(line), inline_html(line))
                            for offset, line in enumerate(split_lines(block.inlines))
                        ],
                    )
                )
        for item, _ in iter_items(section.blocks):
            owners.append((item, [(item.span.line, item.text, item.html)]))
        for owner, lines in owners:
            if context.claimed(owner):
                continue
            for line_number, text, line_html in lines:
                match = _DATAVIEW.match(text)
                if not match or "{{c" in text or _in_code(line_html):
                    continue
                term = clean_term(match.group(1) or match.group(2))
                if not looks_like_term(term) or not meaningful_body(match.group(3)):
                    context.skip(
                        document_span(document, line_number),
                        term,
                        "a `Term:: text` field needs a short term and an explanation of a few words",
                        code="field-too-short",
                    )
                    continue
                parts = _MARKER.split(line_html, maxsplit=1)
                answer = parts[1].strip() if len(parts) == 2 else html.escape(match.group(3))
                context.emit(
                    NoteKind.DEFINITION,
                    term,
                    document_span(document, line_number),
                    {"Term": html.escape(term), "Definition": answer},
                    section=section,
                    term=term,
                    source=owner,
                )
                context.claim(owner)


def _in_code(line_html: str) -> bool:
    """Whether the line's first ``::`` is inside a code span (``setfacl -m o:: file``): text, never
    a field separator."""
    parts = _MARKER.split(line_html, maxsplit=1)
    return len(parts) == 2 and parts[0].count("<code") > parts[0].count("</code>")


def document_span(document: Document, line: int) -> Span:
    return Span(document.path, line, line)
