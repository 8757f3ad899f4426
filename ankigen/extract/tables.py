"""Tables: 2-column ``term | meaning`` tables give definitions; wider tables give one comparison
note per compared entity, whether the entities stand in rows or in columns."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from ..model import Document, Inlines, ListBlock, NoteKind, Section, Span, Table, inline_html, inline_text
from . import ExtractContext, register
from .common import (
    clean_term,
    fold,
    has_cjk,
    is_group_heading,
    iter_items,
    looks_like_term,
    meaningful_body,
    sentence_like,
    study_sections,
)
from .tags import breadcrumb
from .vocabulary import (
    ATTRIBUTE_SUFFIXES,
    ATTRIBUTE_WORDS,
    COLUMN_LABELS,
    EXAMPLE_HEADERS,
    MAX_TERM_CHARS,
    VENDOR_PREFIXES,
)

__all__ = ["ATTRIBUTE_SUFFIXES", "ATTRIBUTE_WORDS", "COLUMN_LABELS", "MAX_TABLE_CELLS", "attributes_html"]


def _cell_text(cell: Inlines) -> str:
    return inline_text(cell).strip()


def _columns_are_entities(table: Table) -> bool:
    """Entities stand in the columns: an empty first header cell, or a label such as 特徴 / 項目
    over a short header of names (``| 特徴 | セキュリティグループ | ネットワークACL |``)."""
    if len(table.header) < 3 or len(table.header) > 6:
        return False
    first = fold(clean_term(_cell_text(table.header[0])))
    if first not in COLUMN_LABELS:
        return False
    others = [fold(clean_term(_cell_text(cell))) for cell in table.header[1:]]
    if any(name in ATTRIBUTE_WORDS or name.endswith(ATTRIBUTE_SUFFIXES) for name in others):
        return False
    labels = [looks_like_term(clean_term(_cell_text(row[0]))) for row in table.rows if row]
    return first == "" or sum(labels) * 2 >= len(labels)


_EXAMPLE_HEADERS = EXAMPLE_HEADERS


def _topic(section: Section, table: Table) -> str:
    """What the table compares, for the card front: the heading, or when the heading only groups
    (学習内容, まとめ), the topic bullet just above the table."""
    if section.level and not is_group_heading(section.title):
        return section.title
    previous = None
    for block in section.blocks:
        if block is table:
            break
        previous = block
    if isinstance(previous, ListBlock) and previous.items:
        term = clean_term(previous.items[-1].text)
        if term and len(term) <= MAX_TERM_CHARS:
            return term
    return section.title if section.level else ""


MAX_TABLE_CELLS = 1000
"""Above this many cells, a row's note shows the header and the rows around it, not the whole table."""


def _highlighted_table(table: Table, row: int | None = None, column: int | None = None) -> str:
    mark = ' class="ag-hl"'
    head = "".join(
        f"<th{mark if column == index else ''}>{inline_html(cell)}</th>" for index, cell in enumerate(table.header)
    )
    body = []
    shown = range(len(table.rows))
    cells_in_table = len(table.rows) * max(len(table.header), 1)
    if row is not None and cells_in_table > MAX_TABLE_CELLS:
        # every row's note carries the table, so a huge one would cost rows x cells: show nearby rows
        shown = range(max(0, row - 5), min(len(table.rows), row + 6))
    for row_index in shown:
        cells = table.rows[row_index]
        row_class = mark if row == row_index else ""
        tds = "".join(
            f"<td{mark if column == index else ''}>{inline_html(cell)}</td>" for index, cell in enumerate(cells)
        )
        body.append(f"<tr{row_class}>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def attributes_html(pairs: list[tuple[str, str]]) -> str:
    """A comparison's ``Attributes`` field: a definition list of (label, value) HTML pairs, empty values left out."""
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in pairs if value)
    return f'<dl class="ag-attrs">{items}</dl>'


def peers_of_heading(section: Section, table: Table) -> bool:
    """Whether the table's rows name things of the same kind as its heading, but not the heading
    itself: most first cells open with the heading's first word (or another of the same vendor's:
    ``Amazon`` and ``AWS``), none is the
    heading. Such a table lists the heading's peers; it sits under the heading only by position."""
    if not section.level or is_group_heading(section.title) or len(table.rows) < 2:
        return False
    heading = fold(clean_term(section.title))
    first_word = heading.split(" ", 1)[0]
    if not first_word or first_word == heading:
        return False
    names = [fold(clean_term(_cell_text(row[0]))) for row in table.rows if row]
    if any(name == heading or heading.startswith(name) or name.startswith(heading) for name in names):
        return False
    family = {first_word} | (VENDOR_PREFIXES if first_word in VENDOR_PREFIXES else set())
    peers = sum(1 for name in names if name.split(" ", 1)[0] in family)
    return peers * 2 > len(names)


def _tables(document: Document) -> list[tuple[Section, Table]]:
    found: list[tuple[Section, Table]] = []
    for section in study_sections(document):
        for block in section.blocks:
            if isinstance(block, Table):
                found.append((section, block))
        for item, _ in iter_items(section.blocks):
            for child in item.children:
                if isinstance(child, Table):
                    found.append((section, child))
    return found


@register("tables", order=60)
def extract_tables(document: Document, context: ExtractContext) -> None:
    for section, table in _tables(document):
        if context.claimed(table) or not table.rows or len(table.header) < 2:
            continue
        context.claim(table)
        if peers_of_heading(section, table):
            # the rows are the heading's peers (``Amazon Textract`` … under ``# Amazon EMR``): the
            # table is not about that heading, so it neither names the topic nor joins the Context
            section = replace(section, level=0, title="", path=section.path[:-1])
        width = len(table.header)
        topic = html.escape(_topic(section, table))
        if width == 2:
            if fold(clean_term(_cell_text(table.header[1]))) in _EXAMPLE_HEADERS:
                context.skip(
                    table.span,
                    _cell_text(table.header[0]),
                    "the second column holds examples, not meanings; no definition cards. "
                    "Name the column 説明/Meaning to get one card per row",
                    code="examples-column",
                )
                continue
            for index, row in enumerate(table.rows):
                if len(row) >= 2:
                    _two_column_row(context, section, table, index, row, _topic(section, table))
            continue
        label = clean_term(_cell_text(table.header[0]))
        if _columns_are_entities(table):
            for column in range(1, width):
                entity = clean_term(_cell_text(table.header[column]))
                if not looks_like_term(entity):
                    continue
                pairs = [(inline_html(row[0]), inline_html(row[column])) for row in table.rows if len(row) > column]
                _emit_comparison(
                    context,
                    document,
                    section,
                    entity,
                    label,
                    table.span,
                    topic,
                    pairs,
                    _highlighted_table(table, column=column),
                    table,
                )
            continue
        for index, row in enumerate(table.rows):
            if not row:
                continue
            entity = clean_term(_cell_text(row[0]))
            if not looks_like_term(entity):
                context.skip(
                    table.row_span(index),
                    entity,
                    "the first cell is not a short name, so the row cannot be asked about; put the name first",
                    code="row-without-term",
                )
                continue
            pairs = [
                (inline_html(table.header[column]), inline_html(row[column]))
                for column in range(1, min(width, len(row)))
            ]
            _emit_comparison(
                context,
                document,
                section,
                entity,
                label,
                table.row_span(index),
                topic,
                pairs,
                _highlighted_table(table, row=index),
                table,
            )


_NUMBER = re.compile(r"^\d[\dxX]{0,4}(?:\s*[-–~/]\s*\d{1,5})?(?:/(?:tcp|udp))?$", re.IGNORECASE)
# Second-column headers that only say "the meaning": a one-word cell under them is no answer.
_MEANING_HEADERS = frozenset(
    {"説明", "意味", "定義", "概要", "内容", "備考", "description", "meaning", "definition", "notes"}
)


def _is_name(text: str) -> bool:
    """A short name (``SSH``, ``Not Found``, ``緊急``), not a description."""
    if sentence_like(text):
        return False
    return len(text) <= 20 if has_cjk(text) else len(text.split()) <= 4


def _cell_term(cell: Inlines) -> str:
    """A cell as a card front: a ``|`` written inside it (``\\|``, or in code) is part of the name."""
    term = clean_term(_cell_text(cell))
    return term if looks_like_term(term.replace("|", "/")) else ""


def _split_by_pipe(row: tuple[Inlines, ...]) -> bool:
    """A ``|`` inside a code span that was not written ``\\|`` cut the row: a cell holds half a code span."""
    return any(_cell_text(cell).count("`") % 2 for cell in row)


def _two_column_row(
    context: ExtractContext, section: Section, table: Table, index: int, row: tuple[Inlines, ...], topic: str
) -> None:
    """One row of a ``term | meaning`` table. A number first (a port, a status code, a level) is
    asked for by the name beside it (``SSH › Port`` → 22) or, beside a description, by the table's
    topic (``HTTP status › 404``). A short second cell under a header naming an attribute is the
    answer to ``name › attribute`` (``Session › TCP/IP Equivalent`` → Application)."""
    span = table.row_span(index)
    first, second = _cell_text(row[0]), _cell_text(row[1])
    if _split_by_pipe(row):
        context.skip(
            span,
            first,
            "a `|` inside a code span cut this row into extra cells; write it as `\\|` to keep it in its cell",
            code="split-cell",
        )
        return
    if not first or not second:
        context.skip(span, first or second, "the row has an empty cell; no card", code="row-without-term")
        return
    number = clean_term(first)
    if _NUMBER.match(number):
        attribute = clean_term(_cell_text(table.header[0]))
        name = _cell_term(row[1])
        if name and len(name) <= 40 and _is_name(second):
            prompt = f"{name} › {attribute}" if attribute and looks_like_term(attribute) else name
            answer = inline_html(row[0])
        elif topic:
            prompt, answer = f"{topic} › {number}", inline_html(row[1])
        else:
            context.skip(span, number, "a number with no name or heading to ask it by", code="row-without-term")
            return
        _emit_row(context, section, table, span, prompt, answer)
        return
    term = _cell_term(row[0])
    if not term:
        context.skip(
            span,
            first,
            "the first cell is not a short name (a sentence, a step or code); put the name first to get a card",
            code="row-without-term",
        )
        return
    if meaningful_body(second):
        _emit_row(context, section, table, span, term, inline_html(row[1]))
        return
    attribute = clean_term(_cell_text(table.header[1]))
    if attribute and looks_like_term(attribute) and fold(attribute) not in _MEANING_HEADERS:
        _emit_row(context, section, table, span, f"{term} › {attribute}", inline_html(row[1]))
        return
    context.skip(
        span,
        term,
        "the second cell is one word under a header that only says 'meaning'; write a phrase to get a card",
        code="empty-answer",
    )


def _emit_row(context: ExtractContext, section: Section, table: Table, span: Span, term: str, answer: str) -> None:
    context.emit(
        NoteKind.DEFINITION,
        term,
        span,
        {"Term": html.escape(term), "Definition": answer},
        section=section,
        term=term,
        source=table,
    )


def _emit_comparison(
    context: ExtractContext,
    document: Document,
    section: Section,
    entity: str,
    label: str,
    span: Span,
    topic: str,
    pairs: list[tuple[str, str]],
    table_html: str,
    table: Table,
) -> None:
    if not any(value for _, value in pairs):
        context.skip(span, entity, "no attribute values to compare", code="no-values")
        return
    context.emit(
        NoteKind.COMPARISON,
        f"{entity}\x1f{label}",
        span,
        {
            "Entity": html.escape(entity),
            "Attributes": attributes_html(pairs),
            "Table": table_html,
            "Topic": topic,
            # the topic line already names the table's own heading: the breadcrumb stops above it
            "Context": breadcrumb(
                section.path, section.title if section.level and topic == html.escape(section.title) else ""
            ),
        },
        section=section,
        source=table,
    )
