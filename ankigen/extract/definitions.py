"""Definitions: ``- **Term**: text``, ``Term : text``, ``Xとは`` + explanation, a heading and its
paragraph, a term bullet explained by its child bullets, and structured topic bullets
(``概要`` / ``試験ポイント`` / ``要約`` children) that make one note for the topic."""

from __future__ import annotations

import html

from ..model import Document, Inlines, ListItem, NoteKind, Paragraph, Section, inline_html, inline_text
from . import ExtractContext, register
from .common import (
    children_html,
    clean_term,
    context_of,
    fold,
    is_group_heading,
    iter_items,
    looks_like_term,
    meaningful_body,
    source_of,
    split_definition,
    split_lines,
    study_sections,
)

# Labels of the parts of a structured topic bullet; the first found of SUMMARY_LABELS is the answer.
SUMMARY_LABELS = ("要約", "概要", "定義", "summary", "definition", "overview", "説明", "意味")
TOPIC_LABELS = frozenset(
    {
        "概要",
        "試験ポイント",
        "実務での使い方",
        "要約",
        "副業での需要",
        "ポイント",
        "注意点",
        "メリット",
        "デメリット",
        "特徴",
        "用途",
        "例",
        "具体例",
        "定義",
        "説明",
        "意味",
        "summary",
        "overview",
        "exam tip",
        "exam tips",
        "in practice",
        "key points",
        "definition",
        "example",
        "use cases",
        "pitfalls",
    }
)
_TOWA = ("とは", "とは？", "とは?", "とは:", "とは：", "って何？", "って何?")


def _label(item: ListItem) -> tuple[str, Inlines] | None:
    split = split_definition(item.inlines)
    if split is None:
        return None
    term, body = split
    return (term, body) if fold(term) in TOPIC_LABELS else None


@register("structured-topics", order=20)
def extract_structured_topics(document: Document, context: ExtractContext) -> None:
    """A bold topic bullet whose children are labelled parts: one note for the topic."""
    for section in study_sections(document):
        for item, _parent in iter_items(section.blocks):
            if context.claimed(item) or not item.sublists:
                continue
            children = [child for sublist in item.sublists for child in sublist.items]
            labelled = [(child, _label(child)) for child in children]
            parts = [(child, found) for child, found in labelled if found is not None]
            if len(parts) < 2 or len(parts) < len(children) / 2:
                continue
            term = clean_term(item.text)
            if not looks_like_term(term):
                continue
            by_label = {fold(label): (label, body) for _, (label, body) in parts}
            summary_key = next((fold(label) for label in SUMMARY_LABELS if fold(label) in by_label), None)
            if summary_key is None:
                context.skip(item.span, term, "topic has labelled parts but no 概要/要約/summary to use as the answer")
                continue
            _summary_label, summary_body = by_label[summary_key]
            details = "".join(
                f"<dt>{html.escape(label)}</dt><dd>{inline_html(body)}</dd>"
                for _, (label, body) in parts
                if fold(label) != summary_key
            )
            context.emit(
                NoteKind.DEFINITION,
                term,
                item.span,
                {
                    "Term": html.escape(term),
                    "Definition": inline_html(summary_body),
                    "Details": f"<dl>{details}</dl>" if details else "",
                    "Context": context_of(section),
                    "Source": source_of(document),
                },
            )
            context.claim(item, *children)


@register("list-definitions", order=30)
def extract_list_definitions(document: Document, context: ExtractContext) -> None:
    """``- Term: text`` items, and term bullets explained by their child bullets."""
    for section in study_sections(document):
        for item, _parent in iter_items(section.blocks):
            if context.claimed(item):
                continue
            split = split_definition(item.inlines)
            if split is not None:
                term, body = split
                body_text = inline_text(body)
                if not looks_like_term(term):
                    continue
                if not meaningful_body(body_text) and not item.sublists:
                    context.skip(item.span, term, "the explanation after the term is empty or one word")
                    continue
                details = children_html(item) if item.children else ""
                definition = inline_html(body)
                if not meaningful_body(body_text):
                    definition, details = details, ""
                context.emit(
                    NoteKind.DEFINITION,
                    term,
                    item.span,
                    {
                        "Term": html.escape(term),
                        "Definition": definition,
                        "Details": details,
                        "Context": context_of(section),
                        "Source": source_of(document),
                    },
                )
                context.claim(item)
                continue
            # a bare term bullet whose child bullets explain it
            if not item.sublists:
                continue
            term = clean_term(item.text)
            if not looks_like_term(term) or is_group_heading(term):
                continue
            children = [child for sublist in item.sublists for child in sublist.items]
            defining = sum(1 for child in children if split_definition(child.inlines) is not None)
            if defining * 2 >= len(children):
                continue  # a grouping bullet over definitions: the children make the cards
            body_html = children_html(item)
            if not meaningful_body("".join(child.text for child in children)):
                continue
            context.emit(
                NoteKind.DEFINITION,
                term,
                item.span,
                {
                    "Term": html.escape(term),
                    "Definition": body_html,
                    "Context": context_of(section),
                    "Source": source_of(document),
                },
            )
            context.claim(item, *children)


def _towa_term(line_text: str) -> str | None:
    stripped = line_text.strip()
    for suffix in _TOWA:
        if stripped.endswith(suffix) and len(stripped) > len(suffix):
            term = clean_term(stripped[: -len(suffix)] + "とは")
            return term if looks_like_term(term) else None
    return None


@register("paragraph-definitions", order=40)
def extract_paragraph_definitions(document: Document, context: ExtractContext) -> None:
    """``Xとは`` + explanation, and ``Term: text`` lines in paragraphs."""
    for section in study_sections(document):
        blocks = section.blocks
        for index, block in enumerate(blocks):
            if not isinstance(block, Paragraph) or context.claimed(block):
                continue
            lines = split_lines(block.inlines)
            if not lines:
                continue
            term = _towa_term(inline_text(lines[0]))
            if term is not None:
                body_html = "<br>".join(inline_html(line) for line in lines[1:])
                extra_blocks = []
                if not body_html and index + 1 < len(blocks):
                    following = blocks[index + 1]
                    body_html = getattr(following, "html", "")
                    extra_blocks.append(following)
                elif index + 1 < len(blocks) and not isinstance(blocks[index + 1], Paragraph):
                    following = blocks[index + 1]
                    body_html += getattr(following, "html", "")
                    extra_blocks.append(following)
                if body_html:
                    context.emit(
                        NoteKind.DEFINITION,
                        term,
                        block.span,
                        {
                            "Term": html.escape(term),
                            "Definition": body_html,
                            "Context": context_of(section),
                            "Source": source_of(document),
                        },
                    )
                    context.claim(block, *extra_blocks)
                continue
            emitted = False
            for offset, line in enumerate(lines):
                split = split_definition(line)
                if split is None:
                    continue
                line_term, body = split
                if not looks_like_term(line_term) or not meaningful_body(inline_text(body)):
                    continue
                context.emit(
                    NoteKind.DEFINITION,
                    line_term,
                    block.span.at(block.span.line + offset),
                    {
                        "Term": html.escape(line_term),
                        "Definition": inline_html(body),
                        "Context": context_of(section),
                        "Source": source_of(document),
                    },
                )
                emitted = True
            if emitted:
                context.claim(block)


@register("heading-definitions", order=50)
def extract_heading_definitions(document: Document, context: ExtractContext) -> None:
    """A heading followed by its paragraph defines the heading; ``## 定義`` defines its parent."""
    sections = [section for section in study_sections(document)]
    for index, section in enumerate(sections):
        if not section.level or not section.blocks:
            continue
        first = section.blocks[0]
        if not isinstance(first, Paragraph) or context.claimed(first):
            continue
        term_section: Section = section
        if is_group_heading(section.title):
            if fold(clean_term(section.title)) not in ("定義", "definition", "概要", "overview"):
                continue
            parent = next(
                (earlier for earlier in reversed(sections[:index]) if earlier.level < section.level),
                None,
            )
            if parent is None or parent.blocks:
                continue
            term_section = parent
        term = clean_term(term_section.title)
        if not looks_like_term(term) or is_group_heading(term):
            continue
        if not meaningful_body(first.text):
            context.skip(first.span, term, "the paragraph under the heading is too short for an answer")
            continue
        context.emit(
            NoteKind.DEFINITION,
            term,
            term_section.span if term_section is not section else section.span,
            {
                "Term": html.escape(term),
                "Definition": first.html,
                "Context": context_of(term_section),
                "Source": source_of(document),
            },
        )
        context.claim(first)
