"""Question lists: a short question or label line over a list (``Why ?`` then ``- fast``,
``- consistent``; ``Purpose:`` then its bullets) becomes one basic card asking that question of
the heading's subject (``Build Automation › Why ?`` → the list).

The line alone names nothing and the bullets alone are fragments, so each was dropped; together
they are one fact a learner asks ("why automate builds?"). An item that another extractor read as
a definition (``- Automated response - self healing``) is part of this answer, and the selection
pass drops its card (``question-answer-item``) unless most items are such cards. The subject is
the heading; under a heading that only groups (概要, Overview) it is the heading above that, else
the file's topic (its front matter ``title`` or file name, when it has no ``#`` title heading);
with none, there is no card.
"""

from __future__ import annotations

import html

from ..model import Block, Document, ListBlock, NoteKind, Paragraph, Quote, Section
from . import ExtractContext, register
from .common import block_html, clean_term, fold, is_group_heading, looks_like_term, study_sections
from .subjects import document_topic

MAX_QUESTION = 40
"""A longer line over a list is a sentence introducing it, not a question label."""
# Label lines that ask a question of the subject when a list follows them.
QUESTION_LABELS = frozenset(
    {
        "why",
        "purpose",
        "goals",
        "benefits",
        "advantages",
        "disadvantages",
        "drawbacks",
        "pros",
        "cons",
        "use cases",
        "features",
        "目的",
        "理由",
        "メリット",
        "デメリット",
        "利点",
        "欠点",
        "特徴",
        "用途",
    }
)


def _question(paragraph: Paragraph) -> str:
    """The question the line asks, or ''."""
    text = " ".join(paragraph.text.split())
    if not text or len(text) > MAX_QUESTION or "\n" in paragraph.text.strip():
        return ""
    if text.endswith(("?", "？")):
        return text
    label = fold(clean_term(text))
    return clean_term(text) if text.endswith((":", "：")) and label in QUESTION_LABELS else ""


def _pairs(blocks: tuple[Block, ...]) -> list[tuple[Paragraph, ListBlock]]:
    found: list[tuple[Paragraph, ListBlock]] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Quote):
            found.extend(_pairs(block.children))
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph) and isinstance(following, ListBlock):
            found.append((block, following))
    return found


def _subject(section: Section, document: Document) -> str:
    if not section.level:
        return document_topic(document)  # text before any heading: the file's topic, if it has one
    if is_group_heading(section.title):
        # ``## Overview`` only groups: the question is asked of the heading above it, else of the
        # file's topic (front matter ``title``, the file name), as the Context line shows it
        for title in reversed(section.path[:-1]):
            if not is_group_heading(title):
                term = clean_term(title)
                return term if looks_like_term(term) else ""
        return document_topic(document)
    title = clean_term(section.title)
    return title if looks_like_term(title) else ""


@register("question-lists", order=38)
def extract_question_lists(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        subject = _subject(section, document)
        if not subject:
            continue
        for paragraph, items in _pairs(section.blocks):
            if context.claimed(paragraph):
                continue
            # an item another extractor took (``- Automated response - self healing`` as a
            # definition) does not silence the question over the list: the selection pass drops
            # that item's card (``question-answer-item``). When most items are cards of their
            # own, the list is theirs and the question would only repeat them.
            taken = sum(1 for item in items.items if context.claimed(item))
            if taken * 2 >= len(items.items):
                continue
            question = _question(paragraph)
            if not question:
                continue
            prompt = f"{subject} › {question}"
            context.emit(
                NoteKind.BASIC,
                prompt,
                paragraph.span.at(paragraph.span.line, items.span.end_line),
                {"Question": html.escape(prompt), "Answer": block_html(items)},
                section=section,
                source=paragraph,
            )
            context.claim(paragraph, items, *(item for item in items.items if not context.claimed(item)))
