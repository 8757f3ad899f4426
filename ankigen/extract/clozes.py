"""Clozes: sentences whose key phrases are **bold** or ==marked== become cloze notes, c1..cN in
reading order; explicit ``{{c1::...}}`` markup is kept as written."""

from __future__ import annotations

import html
import re

from ..model import Block, Document, Inlines, ListItem, NoteKind, Paragraph, Section, Span, inline_html
from . import ExtractContext, register
from .common import context_of, fold, iter_items, source_of, study_sections

MAX_CLOZES = 8
_EXPLICIT = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}")


def _cloze_text(inlines: Inlines) -> tuple[str, list[str]]:
    parts: list[str] = []
    answers: list[str] = []
    for part in inlines:
        if part.kind in ("strong", "mark") and part.text.strip():
            if len(answers) < MAX_CLOZES:
                answers.append(part.text.strip())
                inner = re.sub(r"^<(strong|b|mark)>|</(strong|b|mark)>$", "", part.html)
                parts.append(f"{{{{c{len(answers)}::{inner}}}}}")
            else:
                parts.append(part.html)
        else:
            parts.append(part.html)
    return "".join(parts).strip(), answers


def _worth_a_cloze(inlines: Inlines) -> bool:
    key = [part for part in inlines if part.kind in ("strong", "mark") and part.text.strip()]
    if not key:
        return False
    rest = "".join(part.text for part in inlines if part.kind not in ("strong", "mark")).strip(" :：、。")
    # a bold label alone, or bold with a few characters around it, is a heading, not a sentence
    return len(rest) >= 8


def _emit(
    context: ExtractContext, document: Document, section: Section, span: Span, inlines: Inlines, owner: object
) -> None:
    strong_count = sum(1 for part in inlines if part.kind in ("strong", "mark"))
    text, answers = _cloze_text(inlines)
    if strong_count > MAX_CLOZES:
        context.warn(
            span,
            f"{strong_count} bold phrases in one paragraph; only the first {MAX_CLOZES} became clozes. "
            "Split the paragraph or bold fewer phrases",
        )
    context.emit(
        NoteKind.CLOZE,
        "\x1f".join(sorted(fold(answer) for answer in answers)),
        span,
        {"Text": text, "Context": context_of(section), "Source": source_of(document)},
    )
    context.claim(owner)


@register("explicit-clozes", order=10)
def extract_explicit_clozes(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        for owner, span, inlines in _candidates(section.blocks):
            if context.claimed(owner):
                continue
            html_text = inline_html(inlines)
            answers = _EXPLICIT.findall(html_text)
            if not answers:
                continue
            context.emit(
                NoteKind.CLOZE,
                "\x1f".join(sorted(fold(answer[1]) for answer in answers)),
                span,
                {"Text": html_text, "Context": context_of(section), "Source": source_of(document)},
            )
            context.claim(owner)


@register("clozes", order=90)
def extract_clozes(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        for owner, span, inlines in _candidates(section.blocks):
            if context.claimed(owner) or not _worth_a_cloze(inlines):
                continue
            _emit(context, document, section, span, inlines, owner)


def _candidates(blocks: tuple[Block, ...]) -> list[tuple[object, Span, Inlines]]:
    found: list[tuple[object, Span, Inlines]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found.append((block, block.span, block.inlines))
    for item, _parent in iter_items(blocks):
        found.append((item, item.span, item.inlines))
        for child in item.children:
            if isinstance(child, Paragraph):
                found.append((child, child.span, child.inlines))
    return found


__all__ = ["MAX_CLOZES", "ListItem", "html"]
