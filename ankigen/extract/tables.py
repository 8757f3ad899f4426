"""Tables: 2-column ``term | meaning`` tables give definitions; wider tables give one comparison
note per compared entity, whether the entities stand in rows or in columns.

An entity with one or two asked attributes is one note (``Read committed`` → ``Dirty read
prevented``). One with three or more would be a list to recite, so it becomes one note per
attribute (``Reserved › Price`` → ``low``), at most
:data:`~ankigen.extract.vocabulary.MAX_COMPARISON_ATTRIBUTES` of them. The note for the first
asked attribute keeps the entity's own key (the key the single note had), so a user's reviews of
it survive the split; the others are keyed ``Entity › Attribute`` and are new notes."""

from __future__ import annotations

import html
import itertools
import operator
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from ankigen.patterns import HTML_TAG, lazy_compile

from ..model import (
    Document,
    Inlines,
    ListBlock,
    NoteKind,
    Paragraph,
    Section,
    Span,
    Table,
    inline_html,
    inline_text,
)
from . import ExtractContext, register
from .command_lines import options_command, options_table
from .common import (
    BRACKETED_TAIL,
    clean_term,
    cloze_gap,
    file_scoped,
    fold,
    has_cjk,
    is_group_heading,
    is_option,
    iter_items,
    looks_like_term,
    meaningful_body,
    names_no_subject,
    plain_html,
    sentence_like,
    study_sections,
    table_as_read,
)
from .outline import Outline
from .recital import recited_items
from .tags import breadcrumb
from .vocabulary import (
    ATTRIBUTE_SUFFIXES,
    ATTRIBUTE_WORDS,
    CELL_ECHO_RATIO,
    CLAIM_HEADERS,
    COLUMN_LABELS,
    DIFFERENCE_HEADER,
    EXAMPLE_HEADERS,
    FORMER_NAME_MARKS,
    HYPOTHETICAL_LEAD_IN,
    MAX_CARD_NAME_CHARS,
    MAX_COMPARISON_ATTRIBUTES,
    MAX_ODD_ONE_OUT_ENTITIES,
    MAX_ROW_KEY_CHARS,
    MAX_ROW_KEY_WORDS,
    MAX_TERM_CHARS,
    MIN_CELL_ECHO_PAIRS,
    MIN_REMARK_FACT_CHARS,
    MIN_REMARK_FACT_WORDS,
    MIN_UNIFORM_ENTITIES,
    NON_STUDY_TERMS,
    REMARK_COLUMNS,
    RESOURCE_HEADERS,
    VALUE_ANSWER,
    VENDOR_PREFIXES,
)

__all__ = ["ATTRIBUTE_SUFFIXES", "ATTRIBUTE_WORDS", "COLUMN_LABELS", "MAX_TABLE_CELLS", "attributes_html"]


def _cell_text(cell: Inlines) -> str:
    return inline_text(cell)  # (stripped already)


def _skip_rows(context: ExtractContext, table: Table, reason: str, code: str) -> None:
    """Every row of ``table`` explained by ``reason``, each at its own line (a table that makes no card)."""
    for index, row in enumerate(table.rows):
        context.skip(table.row_span(index), _cell_text(row[0]), reason, code=code)


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
    (学習内容, まとめ) or names no subject (Other, その他), the topic bullet or the short caption
    line just above the table (``デプロイ方式の比較表``)."""
    if section.level and not is_group_heading(section.title) and not names_no_subject(section.title):
        return section.title
    previous = None
    for block in section.blocks:
        if block is table:
            break
        previous = block
    if isinstance(previous, ListBlock) and previous.items:
        term = clean_term(previous.items[-1].text)
        # the list names the rows' peers (``- テープゲートウェイ`` over a table with a テープゲートウェイ
        # row): its last item is one of the things compared, not what the table compares
        items = {fold(clean_term(item.text.split("\n", 1)[0])) for item in previous.items}
        rows = {fold(clean_term(_cell_text(row[0]))) for row in table.rows if row}
        if term and len(term) <= MAX_TERM_CHARS and not (items & rows - {""}):
            return term
    if isinstance(previous, Paragraph):
        caption = clean_term(previous.text)
        if caption and len(caption) <= MAX_TERM_CHARS and not sentence_like(caption) and "\n" not in caption:
            return caption
        said = _CAPTION_SENTENCE.match(caption) if "\n" not in caption else None
        if said and len(said["topic"].strip()) <= MAX_TERM_CHARS:
            return said["topic"].strip()
    return section.title if section.level else ""


_CAPTION_SENTENCE = lazy_compile(
    r"^(?:以下|下記|次)の表は[、,]?\s*(?P<topic>\S.*?)\s*を(?:示した|まとめた|比較した|表した)(?:もの)?(?:です|である)?[。.]?$"
)
"""A sentence over a table that says what it compares (``以下の表は、AとBの違いを示したものです。``):
under a heading that only groups (``試験メモ``) its object is the table's topic, not the heading."""


_COLUMN_IDENTIFIER = lazy_compile(r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$")
_SINGLE_TOKEN = lazy_compile(r"^[A-Za-z][A-Za-z0-9_]*$")


# a column named in CamelCase, each word capitalised and the last may be ``ID`` (``StudentName``,
# ``CourseID``, ``DeptLocation``): the parts are words of one capital and lower-case letters
_CAMEL_PART = lazy_compile(r"[A-Z][a-z]+|ID$|Id$")


def _camel_parts(name: str) -> list[str]:
    """The words of a CamelCase column name (``StudentName`` → ``Student``, ``Name``), or none when
    the name is not two or more such words joined (``DynamoDB``, ``Linux``, ``IPv4``)."""
    parts = _CAMEL_PART.findall(name)
    return parts if len(parts) >= 2 and "".join(parts) == name else []


def _sample_relation(table: Table) -> bool:
    """A table whose header names columns as a database does (``emp_id | emp_name | emp_dept``,
    ``Book | Author | Author_Age``): every header cell one word or identifier, at least one of them
    joined by an underscore, or two of them written in CamelCase that share a word or end in ``ID``
    (``StudentID | StudentName | CourseID``, ``EmpDept | DeptLocation``). Its rows are sample records
    (``101 | Rick | Delhi``) that show a schema or a normal form at work, not entities with attributes
    to learn. A header of product names (``DynamoDB | MongoDB``) is no CamelCase of words."""
    names = [_cell_text(cell).strip() for cell in table.header]
    if len(names) < 2 or not all(_SINGLE_TOKEN.match(name) for name in names):
        return False
    if any(_COLUMN_IDENTIFIER.match(name) for name in names):
        return True
    camel = [parts for parts in (_camel_parts(name) for name in names) if parts]
    if len(camel) < 2:
        return False
    if sum(1 for parts in camel if parts[-1] in {"ID", "Id"}) >= 1:
        return True
    words = [word for parts in camel for word in set(parts)]
    return len(words) > len(set(words))


_TRUTH_VALUE = lazy_compile(r"^(?:true|false|t|f|0|1)$", re.IGNORECASE)


def _truth_table(table: Table) -> bool:
    """A truth table: every cell of every row TRUE/FALSE (or T/F, 0/1), marks aside (``| TRUE | FALSE |
    ==FALSE== |`` under ``| A | B | A AND B |``). A row is one combination of inputs, no term with
    attributes: read as one, it asks ``A › TRUE`` → ``WHERE NOT A FALSE``."""
    return (
        len(table.header) >= 3
        and len(table.rows) >= 2
        and all(len(row) == len(table.header) for row in table.rows)
        and all(_TRUTH_VALUE.match(_cell_text(cell)) for row in table.rows for cell in row)
    )


_RECORD_VALUE = lazy_compile(r"^[\d¥$€£]?[\d,./:-]*\d[%円]?$")
_RECORD_KEY = lazy_compile(r"^\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?$|^\d+$")


def _sample_records(table: Table) -> bool:
    """A table of sample records (``| 購入日 | 商品名 | 数量 | 価格 |`` over ``| 4/14 | 電卓 | 2 | 1,200 |``):
    four columns or more, each row keyed by a date or a serial number, and two more of its cells
    numbers (a quantity, a price). The rows are data a design or a query is shown on, not entities
    with attributes to learn; a table of ports (``| 22 | TCP | SSH |``) has one number a row."""
    if len(table.header) < 4 or len(table.rows) < 2:
        return False
    for row in table.rows:
        cells = [_cell_text(cell) for cell in row]
        if not cells or not _RECORD_KEY.match(cells[0]):
            return False
        if sum(1 for cell in cells[1:] if _RECORD_VALUE.match(cell)) < 2:
            return False
    return True


_COMPARED = lazy_compile(r"\b(?:vs\.?|versus|compared|comparison|differences?)(?:\s|$)", re.IGNORECASE)


def _header_named(name: str, heading: str) -> bool:
    """Whether a header cell names a thing the heading names (``NACLs`` in ``Security groups vs. NACLs``):
    each of its words, a plural ``s`` aside, stands in the heading."""
    words = [word.rstrip("s") for word in re.findall(r"\w+", fold(name))]
    return bool(words) and all(re.search(rf"\b{re.escape(word)}", heading) for word in words if word)


def _compared_pair(section: Section, table: Table) -> bool:
    """A two-column table whose header names the two things its heading compares (``## Security groups
    vs. NACLs`` over ``| Security Groups | NACLs |``): each row holds one statement of each
    (``operates at instance level | operates at subnet level``), so the first cell is no term."""
    heading = fold(section.title)
    if len(table.header) != 2 or not _COMPARED.search(heading):
        return False
    names = [clean_term(_cell_text(cell)) for cell in table.header]
    return all(name and len(name.split()) <= 4 and _header_named(name, heading) for name in names)


def _example_sequence(table: Table) -> bool:
    """A two-column table that walks through one example in order (``操作 | リリース番号`` /
    ``インストール | リリース 1`` / ``アップグレード | リリース 2`` / ``アップグレード | リリース 3``): a step
    in the first column repeats in a later row, and every second cell holds a number that grows row by
    row (a counter, a version, a time). The rows hold the example's values at each step (``アップグレード``
    is ``リリース 2`` only in this run), not facts about the steps."""
    if len(table.header) != 2 or len(table.rows) < 3 or any(len(row) < 2 for row in table.rows):
        return False
    steps = [fold(_cell_text(row[0])) for row in table.rows]
    if len(set(steps)) == len(steps) or any(not step or step.isdigit() for step in steps):
        return False
    counters = [_FIRST_NUMBER.search(_cell_text(row[1])) for row in table.rows]
    numbers = [float(found.group()) for found in counters if found is not None]
    return len(numbers) == len(steps) and all(a < b for a, b in itertools.pairwise(numbers))


_FIRST_NUMBER = lazy_compile(r"\d+(?:\.\d+)?")


def _imagined_case(section: Section, table: Table) -> str:
    """The line right above the table when it imagines a case the rows illustrate
    (:data:`~ankigen.extract.vocabulary.HYPOTHETICAL_LEAD_IN`); '' otherwise."""
    previous = None
    for block in section.blocks:
        if block is table:
            break
        previous = block
    if not isinstance(previous, Paragraph) or not previous.text.strip():
        return ""
    last = previous.text.strip().splitlines()[-1].strip()
    return last if HYPOTHETICAL_LEAD_IN.match(last) else ""


MAX_TABLE_CELLS = 1000
"""Kept for callers of the old name: a row's note no longer carries the whole table, nor its own row."""
MAX_ROW_ATTRIBUTES = MAX_COMPARISON_ATTRIBUTES
"""Kept for callers of the old name: an entity is asked at most this many of its cells (one note
each when it has three or more); the rest are named by ``inspect --explain``."""
SPLIT_FROM = 3
"""An entity with this many asked attributes or more gets one comparison note per attribute."""

# A cell that only marks yes/no (``✔``, ``✘``, ``○``, ``×``, ``-``): a flag, not an explanation.
_MARK = lazy_compile(
    r"^(?:[✔✓✅☑✘✗✕❌×○◯●◎△▲\-–—]|yes|no|y|n|true|false|はい|いいえ|あり|なし|可|不可)$", re.IGNORECASE
)
# A flag that says yes (``✔``, ``○``, ``はい``): a feature the entity has.
_AFFIRMATIVE = lazy_compile(r"^(?:[✔✓✅☑○◯●◎]|yes|y|true|はい|あり|可)$", re.IGNORECASE)
# A cell that only says yes or no in words (``対応している``, ``サポートなし``, ``Supported``): as
# guessable on a card of its own as a ``✔``.
_YES_NO = lazy_compile(
    r"^(?:(?:未|非)?対応(?:している|していない|しない|する|済み?|あり|なし)?|"
    r"サポート(?:している|していない|される|されない|あり|なし)?|"
    r"有り?|無し?|可能|不可能|できる|できない|"
    r"(?:not\s+)?supported|unsupported|available|not\s+available)[。.]?$",
    re.IGNORECASE,
)
# A cell that only points elsewhere: links, RFC / section references, footnote numbers.
_REFERENCE = lazy_compile(r"^(?:(?:rfc\s?\d+\S*|\[\d+\]|§\s?\S+|p\.\s?\d+|https?://\S+)[\s,、;]*)+$", re.IGNORECASE)
# A list written inside one cell: ``- a<br>- b`` or ``・a<br>・b``.
_CELL_BULLET = lazy_compile(r"^\s*(?:[-*・•]\s*)")


def _only_links(cell: Inlines) -> bool:
    """The cell's visible text is all link text or references: ``[RFC7231#4.3.1](…), [RFC2616#9.3](…)``."""
    text = _cell_text(cell)
    if not text:
        return False
    if _REFERENCE.match(text):
        return True
    rendered = inline_html(cell)
    without_links = re.sub(r"<a\b[^>]*>.*?</a>", "", rendered)
    return "<a" in rendered and not re.sub(r"<br\s*/?>|[\s,、;]", "", without_links)


_WEB_LINK = lazy_compile(r'^<a href="https?://[^"]+"[^>]*>[^<]+</a>$')


def _reading_list(table: Table) -> bool:
    """A list of pages or tools to go to (``| 資料名 | 用途 |`` over ``| [PMBOK Guide](https://…) | リスク管理全般 |``):
    the first header names resources (:data:`RESOURCE_HEADERS`) and every row's first cell is one link
    to a web page and nothing else. Its rows say what the writer reads or uses a page for, not what a
    term is. A glossary whose terms link to the notes' own pages (``[適合率](/learn/…)``) is no such list."""
    if fold(clean_term(_cell_text(table.header[0]))) not in RESOURCE_HEADERS:
        return False
    return all(row and _WEB_LINK.match(inline_html(row[0]).strip()) for row in table.rows)


def _answer_columns(table: Table) -> tuple[list[int], list[int]]:
    """Which columns answer a row (its descriptions and values) and which only mark it with flags.

    Columns whose filled cells are all links or references (``spec``, ``RFC``), or only symbols
    drawn as a picture, are neither: they are pointers or decoration, not facts, and stay off the
    card. Mark columns (``✔``/``✘``) become one short line under the answer rather than attributes
    of their own."""
    answers: list[int] = []
    marks: list[int] = []
    lookup = _lookup_table(table)
    for column in range(1, len(table.header)):
        if not _cell_text(table.header[column]):
            continue  # no name to ask its cells by (see _explain_unnamed_columns)
        cells = [row[column] for row in table.rows if len(row) > column and _cell_text(row[column])]
        if cells and all(_only_links(cell) for cell in cells):
            continue
        if cells and all(_MARK.match(_cell_text(cell)) for cell in cells):
            marks.append(column)
            continue
        if lookup and fold(clean_term(_cell_text(table.header[column]))) not in _MEANING_HEADERS:
            # a code's short settings (``rwx``, ``r-x`` under User/Group) beside what it means: one
            # line under the meaning, not a card per cell (``777 › User`` → rwx)
            marks.append(column)
            continue
        if cells and not any(re.search(r"\w", _cell_text(cell)) for cell in cells):
            continue  # a picture drawn in symbols (``【■■】``): nothing to recall in words
        answers.append(column)
    if not any(_describes(table, column) for column in answers):
        # the flags are the comparison itself (``| 方式 | ダウンタイム | 追加コスト |`` → あり/なし)
        return _asked_first(table, sorted(answers + marks)), []
    return _asked_first(table, answers), marks


def _explain_unnamed_columns(context: ExtractContext, table: Table) -> None:
    """A column with an empty header cell has no name to ask its cells by (``1`` → ``: DSSS``): it
    stays off the cards, and each row's cell in it is explained at the row's line."""
    for column in range(1, len(table.header)):
        if _cell_text(table.header[column]):
            continue
        before = clean_term(_cell_text(table.header[column - 1]))
        for index, row in enumerate(table.rows):
            cell = _cell_text(row[column]) if len(row) > column else ""
            if cell:
                context.skip(
                    table.row_span(index),
                    cell,
                    f"a cell of the column after {before or 'the first one'}, which has no header: "
                    "it has no name to be asked by; give the column a header to get it asked",
                    code="unnamed-column",
                )


# The first cell only numbers its row (``1``, ``6/6E``, ``No.3``): an ordinal or a generation.
_ORDINAL = lazy_compile(r"^(?:no\.?\s*|#)?\d{1,2}[a-z]{0,2}(?:\s*/\s*\d{1,2}[a-z]{0,2})*$", re.IGNORECASE)


def _key_column(table: Table) -> int:
    """The column that names the rows when the first one cannot: its values repeat (two rows of
    generation ``2``) or only number the rows (``1``, ``2``, ``6/6E``). It is the first of the next two
    columns whose cells are all filled, all different and all names; 0 keeps the first column."""
    if _columns_are_entities(table) or len(table.header) < 3:
        return 0
    first = [fold(clean_term(_cell_text(row[0]))) for row in table.rows if row]
    if len(first) < 2:
        return 0
    repeats = len(set(first)) < len(first)
    if not repeats and not all(_ORDINAL.match(value) for value in first):
        return 0
    # ``4``, ``2``, ``1`` (the bits of a mode) are values the row is about, not its number; but numbers
    # in no order beside a column of identifiers (``15 | SIGTERM``) are a fact of that name, which the
    # learner asks by: the name column keys the rows
    identifiers_only = not repeats and not _ascending(first)
    for column in range(1, min(3, len(table.header))):
        if not _cell_text(table.header[column]):
            continue
        names = [clean_term(_cell_text(row[column])) if len(row) > column else "" for row in table.rows if row]
        if not all(names) or len({fold(name) for name in names}) < len(names):
            continue
        if not all(looks_like_term(name) and not _ORDINAL.match(name) for name in names):
            continue
        if any(_ADDRESS.search(name) for name in names):
            continue  # ``0.0.0.0/0``, ``10.0.1.0/24``: the peer of a rule, a value, not the name of the row
        if identifiers_only and not all(_identifier_cell(row[column]) for row in table.rows if row):
            continue
        if not all(_FIGURE.match(name) for name in names):  # not a column of measurements
            return column
    return 0


# An identifier a row is known by: ALL-CAPS with digits or underscores (``SIGTERM``, ``EPERM``, ``O_RDONLY``).
_IDENTIFIER = lazy_compile(r"^[A-Z][A-Z0-9_]{2,}$")


def _identifier_cell(cell: Inlines) -> bool:
    """Whether a cell holds one identifier: an ALL-CAPS name or one code span (``SIGTERM``, `` `ENOENT` ``)."""
    return bool(_IDENTIFIER.match(clean_term(_cell_text(cell)))) or _one_code_span(cell)


_LEADING_NUMBER = lazy_compile(r"\d+")
_ADDRESS = lazy_compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?\b")


def _unnamed_records(table: Table) -> bool:
    """Whether the rows are records that no column names: the first column repeats its values
    (``inbound``, ``inbound``, ``outbound`` of a firewall's rules) and no other column names each
    row (:func:`_key_column` finds none). A front would be ``inbound › ポート``: one of several rows
    that share it, so what it asks has no one answer."""
    if _columns_are_entities(table) or len(table.header) < 3:
        return False
    first = [fold(clean_term(_cell_text(row[0]))) for row in table.rows if row]
    if len(first) < 2 or len(set(first)) == len(first) or not all(first):
        return False
    return _key_column(table) == 0


def _ascending(values: list[str]) -> bool:
    """Whether numbers that number rows go up (``1``, ``2``, ``6/6E``), as a numbering does."""
    numbers = [int(found.group()) for value in values if (found := _LEADING_NUMBER.search(value)) is not None]
    return all(earlier < later for earlier, later in itertools.pairwise(numbers))


def _keyed_by(table: Table, column: int) -> Table:
    """``table`` with ``column`` moved first, the other columns in their order."""

    def order(cells: tuple[Inlines, ...]) -> tuple[Inlines, ...]:
        if len(cells) <= column:
            return cells
        return (cells[column], *cells[:column], *cells[column + 1 :])

    return replace(table, header=order(table.header), rows=tuple(order(row) for row in table.rows))


def _asked_first(table: Table, columns: list[int]) -> list[int]:
    """The columns a capped card asks come first: the describing ones (``特徴``, a phrase per
    row) before short values, each group in table order; the rest follow, in table order."""
    if len(columns) <= MAX_ROW_ATTRIBUTES:
        return columns
    ranked = sorted(columns, key=lambda column: (not _describes(table, column), column))
    asked = sorted(ranked[:MAX_ROW_ATTRIBUTES])
    return asked + [column for column in columns if column not in asked]


_VALUE_KEY = lazy_compile(
    r"^[<>≤≥~]?\s*\d[\d,.]*\s*(?:%|[KMGTP]i?B|[KMGT]?bps|ms|sec|min|[smhdx]|秒|分|時間|日|倍|個|件|回|円)$",
    re.IGNORECASE,
)
"""A row key that is a figure with its unit (``25%``, ``10 GB``, ``100ms``): a value looked up in the
table, not a name a learner knows it by."""

MAX_SETTING_CHARS = 8
"""A lookup table's setting cell (``rwx``, ``r-x``, ``0644``) is at most this long, with no space."""


def _value_key(text: str) -> bool:
    """Whether a row key is a bare value: a number or code (``777``, ``404``) or a figure with a unit."""
    return bool(_NUMBER.match(text) or _VALUE_KEY.match(text))


def _lookup_table(table: Table) -> bool:
    """A lookup table of codes: every row keyed by a value (``777``, ``644``), one column saying what
    the code means (Meaning/説明) and the others only short settings with no space (``rwx``,
    ``r-x``). A learner asks what a code means; its settings are shown beside the answer."""
    if len(table.header) < 3 or len(table.rows) < 2:
        return False
    if not all(row and _value_key(clean_term(_cell_text(row[0]))) for row in table.rows):
        return False
    headers = [fold(clean_term(_cell_text(cell))) for cell in table.header[1:]]
    meaning = [index + 1 for index, header in enumerate(headers) if header in _MEANING_HEADERS]
    if len(meaning) != 1:
        return False
    others = [column for column in range(1, len(table.header)) if column not in meaning]
    for row in table.rows:
        for column in others:
            text = _cell_text(row[column]).strip() if len(row) > column else ""
            if len(text) > MAX_SETTING_CHARS or any(char.isspace() for char in text):
                return False
    return True


def _describes(table: Table, column: int) -> bool:
    """A column that explains its rows: headed 説明/description, or holding a phrase in some cell."""
    if fold(clean_term(_cell_text(table.header[column]))) in _MEANING_HEADERS:
        return True
    for row in table.rows:
        text = _cell_text(row[column]) if len(row) > column else ""
        if len(text) > (10 if has_cjk(text) else 20):
            return True
    return False


def _marks_line(table: Table, row: tuple[Inlines, ...], marks: list[int]) -> str:
    """The row's flags in one line: ``safe ✔ · idem. ✔ · cache. ✘``."""
    shown = [
        f"{inline_html(table.header[column])} {inline_html(row[column])}"
        for column in marks
        if column < len(row) and _cell_text(row[column])
    ]
    return " · ".join(shown)


_CELL_BREAK = lazy_compile(r"<br\s*/?>")
_CELL_ONE_BULLET = lazy_compile(r"^[-*・•]\s+\S")


def _cell_html(cell: Inlines) -> str:
    """A cell for a card's back: a list written in the cell (``- a<br>- b``) becomes a real list,
    so the dashes do not show as text."""
    rendered = inline_html(cell)
    parts = [part.strip() for part in _CELL_BREAK.split(rendered)]
    if len(parts) >= 2 and all(_CELL_BULLET.match(part) for part in parts if part):
        items = "".join(f"<li>{_CELL_BULLET.sub('', part)}</li>" for part in parts if part)
        return f"<ul>{items}</ul>"
    if len(parts) == 1 and _CELL_ONE_BULLET.match(rendered):
        return _CELL_BULLET.sub("", rendered)
    return rendered


def _over_cap(context: ExtractContext, span: Span, entity: str, pairs: list[tuple[str, str]]) -> bool:
    """Whether the card must leave attributes out (more than :data:`MAX_ROW_ATTRIBUTES`); says which."""
    if len(pairs) <= MAX_ROW_ATTRIBUTES:
        return False
    left = [html.unescape(HTML_TAG.sub("", label)) for label, _ in pairs[MAX_ROW_ATTRIBUTES:]]
    context.skip(
        span,
        entity,
        f"{len(pairs)} attributes are too many to recall at once: the card asks the first "
        f"{MAX_ROW_ATTRIBUTES}, one note each; {', '.join(left)} are not asked. Split the table to ask them",
        code="too-many-attributes",
    )
    return True


def _phrase_row(entity: str) -> bool:
    """A first cell that names a case in a phrase (``一方だけを優先できない``), not a name or a code."""
    return _row_key(entity) and not looks_like_term(entity) and not _NUMBER.match(entity)


def _row_key(entity: str) -> bool:
    """A first cell a row can be asked by: a name, a code or number (``404``, ``22/tcp``), or a short
    phrase naming a case (``見逃しが多い``, ``Choose the denominator``) — not a sentence or code."""
    if looks_like_term(entity) or _NUMBER.match(entity):
        return True
    if not entity or entity.startswith(("{", "[", "<", "$", "`")) or any(mark in entity for mark in "。.!?！？"):
        return False
    return len(entity) <= MAX_ROW_KEY_CHARS if has_cjk(entity) else len(entity.split()) <= MAX_ROW_KEY_WORDS


def _row_key_problem(entity: str) -> str:
    """What keeps a first cell from naming its row (:func:`_row_key` said no), as the explain line says it."""
    if not entity:
        return "the first cell is empty"
    if entity.startswith(("{", "[", "<", "$", "`")):
        return "the first cell is code or markup, not a name"
    if any(mark in entity for mark in "。.!?！？") or sentence_like(entity):
        return "the first cell is a sentence, not a name"
    if (len(entity) > MAX_ROW_KEY_CHARS) if has_cjk(entity) else (len(entity.split()) > MAX_ROW_KEY_WORDS):
        return (
            f"the first cell is too long to be a name (more than {MAX_ROW_KEY_CHARS} characters or "
            f"{MAX_ROW_KEY_WORDS} words; a former name or a note in brackets belongs in another cell)"
        )
    return "the first cell is a phrase or a step, not a name"


def attributes_html(pairs: list[tuple[str, str]]) -> str:
    """A comparison's ``Attributes`` field: a definition list of (label, value) HTML pairs, empty values left out."""
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in pairs if value)
    return f'<dl class="ag-attrs">{items}</dl>'


def peers_of_heading(section: Section, table: Table, outline: Outline) -> bool:
    """Whether the table's rows name things of the same kind as its heading, but not the heading
    itself: most first cells open with the heading's first word (or another of the same vendor's:
    ``Amazon`` and ``AWS``), none is the
    heading. Such a table lists the heading's peers; it sits under the heading only by position.
    The subject pass asks again for every row of the table: the answer is kept in the document's
    ``outline`` (:attr:`~ankigen.extract.outline.Outline.peers`), one per document being read."""
    key = (id(section), id(table))
    found = outline.peers.get(key)
    if found is None:
        found = outline.peers[key] = _peers_of_heading(section, table)
    return found


def _peers_of_heading(section: Section, table: Table) -> bool:
    if not section.level or is_group_heading(section.title) or len(table.rows) < 2:
        return False
    heading = fold(clean_term(section.title))
    first_word = heading.split(" ", 1)[0]
    if not first_word or first_word == heading:
        return False
    names = [fold(clean_term(_cell_text(row[0]))) for row in table.rows if row]
    if any(name == heading or heading.startswith(name) or name.startswith(heading) for name in names):
        return False
    if first_word in VENDOR_PREFIXES:
        # ``AWS Snow Family`` over ``AWS Snowcone`` / ``AWS Snowball Edge``: the word after the vendor
        # begins the rows' own, so the rows are the heading's members, not its peers
        stem = heading.split(" ")[1]
        members = sum(1 for name in names if len(name.split(" ")) > 1 and name.split(" ")[1].startswith(stem))
        if members * 2 > len(names):
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


# tables whose rows illustrate something rather than state facts: (test, why there are no cards, reason code);
# the first that holds explains the whole table under its first header cell (or the section's title)
_EXAMPLE_TABLES: tuple[tuple[Callable[[Table], bool], str, str], ...] = (
    (
        _sample_relation,
        "the table's columns are named like a database's (emp_id, teacher_age, StudentID: identifiers "
        "with no space, joined by an underscore or in CamelCase): its rows are sample records of a "
        "relation, values that illustrate a design, not facts to learn; no cards. State the rule they "
        "show in a sentence to get a card",
        "example-value",
    ),
    (
        _truth_table,
        "the table is a truth table (every cell TRUE/FALSE or 0/1): each row is one combination of "
        "values, not a term with attributes; no cards. State the rule it shows in a sentence "
        "(`A AND B` is true only when both are) to get a card",
        "example-value",
    ),
    (
        _sample_records,
        "the rows are sample records (each keyed by a date or a number, with quantities or prices): "
        "data a design or a query is shown on, not facts to learn; no cards. State the rule they "
        "show in a sentence to get a card",
        "example-value",
    ),
    (
        _example_sequence,
        "the table walks through one example step by step (a step repeats in a later row, and the "
        "counter in its second column grows row by row): each row holds the example's value at that "
        "step, not a fact about the step; no cards. State the rule the rows show in a sentence to "
        "get a card",
        "example-sequence",
    ),
)


@register("tables", order=60)
def extract_tables(document: Document, context: ExtractContext) -> None:
    for section, table in _tables(document):
        if context.claimed(table) or not table.rows or len(table.header) < 2:
            continue
        context.claim(table)
        if peers_of_heading(section, table, context.outline):
            # the rows are the heading's peers (``Amazon Textract`` … under ``# Amazon EMR``): the
            # table is not about that heading, so it neither names the topic nor joins the Context
            section = replace(section, level=0, title="", path=section.path[:-1])
        imagined = _imagined_case(section, table)
        if imagined:
            context.skip(
                table.span,
                imagined,
                "the table shows examples of an imagined case, not terms to learn; no cards. "
                "State what the rows have in common in a sentence to get a card",
                code="hypothetical-table",
            )
            continue
        if _reading_list(table):
            _skip_rows(
                context,
                table,
                "the row names a web page or tool to go to (its first cell is only a link, under a header "
                "such as 資料名/Resource) and what the writer uses it for: a reading list, not a term and what "
                "it is; no card. Write what the thing is (`- **Name**: what it is`) to get a card",
                "link-only",
            )
            continue
        example = next((entry for entry in _EXAMPLE_TABLES if entry[0](table)), None)
        if example is not None:
            _, why, code = example
            context.skip(table.span, _cell_text(table.header[0]) or section.title, why, code=code)
            continue
        width = len(table.header)
        topic = html.escape(_topic(section, table))
        read = table_as_read(table)
        if read is not table and width > 2:
            # no header row: the columns have no names, so no cell can be asked by its column
            _skip_rows(
                context,
                read,
                "the table has no header row (its first row is data, read as the header), so its columns "
                "have no names to ask a cell by; add a header row (`| Name | Attribute | … |`) to get cards",
                "headerless-table",
            )
            continue
        if width == 2:
            if fold(clean_term(_cell_text(read.header[1]))) in _EXAMPLE_HEADERS:
                context.skip(
                    table.span,
                    _cell_text(table.header[0]),
                    "the second column holds examples, not meanings; no definition cards. "
                    "Name the column 説明/Meaning to get one card per row",
                    code="examples-column",
                )
                continue
            if read is table and fold(clean_term(_cell_text(table.header[0]))) in CLAIM_HEADERS:
                _skip_rows(
                    context,
                    table,
                    "the first column holds reasons or merits (statements), not names to ask; no card. "
                    "Write the reason as a sentence about its subject to get a card",
                    "claim-table",
                )
                continue
            if read is table and _compared_pair(section, table):
                _skip_rows(
                    context,
                    table,
                    "the header names the two things the heading compares and each row states one fact of "
                    "each, side by side: neither cell is a term the other defines, so no card. Add a first "
                    "column naming what each row compares (`| Aspect | A | B |`) to get cards",
                    "row-without-term",
                )
                continue
            if read is table and _question_answer_header(table):
                for index, row in enumerate(table.rows):
                    if len(row) >= 2:
                        _question_row(context, section, table, index, row)
                continue
            if read is table and _task_table(table):
                _emit_task_rows(context, section, table, _topic(section, table))
                continue
            # (a header row that is data is read as the first row; the cards still come from ``table``)
            command = options_command(section, table)[0] if options_table(read) else ""
            for index, row in enumerate(read.rows):
                if len(row) >= 2:
                    _two_column_row(context, section, read, index, row, _topic(section, table), table, command)
            continue
        if _record_of_topic(table):
            _emit_record(context, document, section, table, topic)
            continue
        if _is_legend(table):
            _emit_legend(context, section, table)
            continue
        if _unnamed_records(table):
            _skip_rows(
                context,
                table,
                "the table's first column repeats its values and no other column names each row: the rows "
                "are records of a list (a firewall's rules, a log), not things to ask about; state the rule "
                "they show in a sentence, or put a distinct name first, to get a card",
                "row-without-term",
            )
            continue
        key_column = _key_column(table)
        if key_column:
            # the first column repeats or only numbers its rows (``| 世代 | 規格 | …`` with two rows of
            # generation 2): the rows are asked by the column that names them, the first one is an
            # attribute like the others, so no two rows merge under one number
            table = _keyed_by(table, key_column)
            if not topic:
                topic = html.escape(clean_term(_cell_text(table.header[0])))
        label = clean_term(_cell_text(table.header[0]))
        lookup = _lookup_table(table)
        _explain_unnamed_columns(context, table)
        columns, marks = _answer_columns(table)
        uniform = _uniform_attributes(table, columns)
        entities = len(table.header) - 1 if _columns_are_entities(table) else len(table.rows)
        flags_idle = entities >= MIN_UNIFORM_ENTITIES
        paired: frozenset[str] = frozenset()
        if flags_idle:
            _odd_ones_out(context, section, table, topic, sorted(columns + marks))
        elif entities == 2:
            # (a marks column rides beside each row's note, as its Extra: it is no cell asked alone)
            paired = _odd_ones_out(context, section, table, topic, sorted(columns))
        if _columns_are_entities(table):
            names = [clean_term(_cell_text(table.header[column])) for column in range(1, width)]
            for column in range(1, width):
                entity = clean_term(_cell_text(table.header[column]))
                if not looks_like_term(entity):
                    continue
                pairs = [(inline_html(row[0]), _cell_html(row[column])) for row in table.rows if len(row) > column]
                pairs = _against_other(pairs, names, entity)
                _emit_comparison(
                    context,
                    document,
                    section,
                    entity,
                    label,
                    table.span,
                    topic,
                    pairs,
                    table,
                    "",
                    uniform=uniform,
                    flags_idle=flags_idle,
                    paired=paired,
                )
            continue
        # rows named by phrases (``見逃しが多い``) rather than names: every row's front says what the
        # first column holds (``困ること › 見逃しが多い``); the key stays the bare first cell
        phrased = looks_like_term(label) and any(
            _phrase_row(clean_term(_cell_text(row[0]))) for row in table.rows if row
        )
        names = [clean_term(_cell_text(row[0])) for row in table.rows if row]
        # rows named by words the table's other columns use too (``| OSI Model | TCP/IP Model |`` with
        # ``Transport`` in both): the first column's name says which of them the front asks
        echoed = looks_like_term(label) and _names_echoed(table, names)
        for index, row in enumerate(table.rows):
            if not row:
                continue
            entity = clean_term(_cell_text(row[0]))
            if not _row_key(entity):
                context.skip(
                    table.row_span(index),
                    entity,
                    f"{_row_key_problem(entity)}, so the row cannot be asked about; put a short name first",
                    code="row-without-term",
                )
                continue
            if _split_by_pipe(row):
                context.skip(
                    table.row_span(index),
                    entity,
                    "a `|` inside a code span cut this row into extra cells; write it as `\\|` to keep it in its cell",
                    code="split-cell",
                )
                continue
            if _measurements_only(row):
                context.skip(
                    table.row_span(index),
                    entity,
                    "every cell of the row is a figure (a count, a rate, a score): no cell names what the row "
                    "is about, so it cannot be asked; put the name of what is measured first to get a card",
                    code="row-without-term",
                )
                continue
            answer_columns = [column for column in columns if column < len(row)]
            pairs = [(inline_html(table.header[column]), _cell_html(row[column])) for column in answer_columns]
            pairs = _against_other(pairs, names, entity)
            if not any(_cell_text(row[column]) for column in answer_columns):
                context.skip(
                    table.row_span(index),
                    entity,
                    "the row has only marks (✔/✘) or references beside its name, nothing to explain it; "
                    "fill in its description to get a card",
                    code="marks-only",
                )
                continue
            extra = _marks_line(table, row, marks)
            if lookup and extra:
                # (the settings are named here: a cell like ``r--`` is too short to be found on the card)
                settings = [plain_html(inline_html(table.header[column])) for column in marks if column < len(row)]
                shown_line = html.unescape(HTML_TAG.sub("", extra))
                context.skip(
                    table.row_span(index),
                    _QUALIFIER.join([entity, *settings]),
                    f"short settings of the code, shown on one line beside its meaning ({shown_line}), "
                    "never asked on their own: a learner asks what the code means",
                    code="beside-answer",
                )
            _emit_comparison(
                context,
                document,
                section,
                entity,
                label,
                table.row_span(index),
                topic,
                pairs,
                table,
                extra,
                f"{label} › {entity}" if (phrased or echoed) and not _NUMBER.match(entity) else "",
                uniform=uniform,
                flags_idle=flags_idle,
                paired=paired,
            )


def _names_echoed(table: Table, names: list[str]) -> bool:
    """Whether most rows' names are also values of another column (``Application`` under both
    ``OSI Model`` and ``TCP/IP Model``): a name alone would not say which column's it is."""
    others = {fold(clean_term(_cell_text(cell))) for row in table.rows for cell in row[1:] if _cell_text(cell).strip()}
    found = sum(1 for name in names if fold(name) in others)
    return len(names) >= 3 and found * 2 > len(names)


_DASH = lazy_compile(r"^[\-–—]$")
_BARE_COMPARATIVE = lazy_compile(r"^より(?=\S)", needs=("より",))
"""A cell that compares with nothing named (``より高価``: more expensive, than what?)."""


def _against_other(pairs: list[tuple[str, str]], names: list[str], entity: str) -> list[tuple[str, str]]:
    """The cells of one of exactly two compared entities, a bare comparative among them
    (``より高価``) naming the other entity it is measured against (``専有インスタンスより高価``): on a
    note of its own the back would not say than what. With three or more entities the other one
    is not known, and the cell stays as written."""
    others = [name for name in names if name and name != entity]
    if len(names) != 2 or len(others) != 1:
        return pairs
    other = html.escape(others[0])
    return [(name, _BARE_COMPARATIVE.sub(f"{other}より", value, count=1)) for name, value in pairs]


def _odd_ones_out(
    context: ExtractContext, section: Section, table: Table, topic: str, columns: list[int]
) -> frozenset[str]:
    """One card per attribute on which exactly one of three or more compared entities differs, when
    every entity's cell only says yes or no (``対応している`` for one, ``対応していない`` for the
    others): the cells alone are guesses (``cell-yes-no``), but which entity alone has it is a
    contrast the table draws. The question names every entity; the back is the odd one, the others'
    value in its Details. Of two compared entities, an attribute that one has (``はい``, with a
    bracketed remark or not) and the other has not (``いいえ``) is asked the same way, which of the
    two has it; those attributes (HTML names, as the entities' cells are asked by) are returned, so
    that their cells, a yes or no each, get no note of their own."""
    if _columns_are_entities(table):
        names = [clean_term(_cell_text(cell)) for cell in table.header[1:]]
        attributes = [
            (
                clean_term(_cell_text(row[0])),
                [_cell_text(cell) for cell in row[1:]],
                table.row_span(index),
                inline_html(row[0]),
            )
            for index, row in enumerate(table.rows)
            if row
        ]
    else:
        names = [clean_term(_cell_text(row[0])) if row else "" for row in table.rows]
        attributes = [
            (
                clean_term(_cell_text(table.header[column])),
                [_cell_text(row[column]) if len(row) > column else "" for row in table.rows],
                table.span,
                inline_html(table.header[column]),
            )
            for column in columns
        ]
    # two entities whose cells are asked one note each (:data:`SPLIT_FROM`): a yes or no is a note
    # of its own only then, beside the entity's other cells it rides with on one note
    pair = len(names) == 2 and len(attributes) >= SPLIT_FROM
    if not (pair or MIN_UNIFORM_ENTITIES <= len(names) <= MAX_ODD_ONE_OUT_ENTITIES) or not all(
        looks_like_term(name) for name in names
    ):
        return frozenset()
    paired: set[str] = set()
    for attribute, cells, span, label in attributes:
        values = [" ".join(cell.split()) for cell in cells]
        if len(values) != len(names) or not attribute or not looks_like_term(attribute):
            continue
        remark = ""
        if pair:
            one = _has_and_has_not(values)
            if one < 0:
                continue
            flag = _FLAG_REMARK.match(values[one])
            assert flag is not None
            remark = flag["remark"] or ""
            values = [flag["flag"] if index == one else value for index, value in enumerate(values)]
        else:
            if not all(value and (_MARK.match(value) or _YES_NO.match(value)) for value in values):
                continue
            folded = [fold(value).rstrip("。.") for value in values]
            odd = [index for index, value in enumerate(folded) if folded.count(value) == 1]
            if len(set(folded)) != 2 or len(odd) != 1 or _DASH.match(values[odd[0]]):
                continue
            one = odd[0]
        others = [name for index, name in enumerate(names) if index != one]
        common = values[(one + 1) % len(values)]
        # the attribute first: it is what the source line (its row, or the header) shows
        if has_cjk(attribute + values[one]):
            # ``「あり」なのは``, but a verb or an adjective (``「対応している」のは``) takes no な
            copula = "" if re.search(r"[るいた]$", values[one]) and values[one] not in ("はい", "いいえ") else "な"
            question = f"{attribute}が「{values[one]}」{copula}のは、{'・'.join(names)}のうちどれ？"
            details = f"{'・'.join(others)}: {common}"
        else:
            question = f"{attribute} is “{values[one]}” for which of {', '.join(names[:-1])} and {names[-1]}?"
            details = f"{', '.join(others)}: {common}"
        if remark:  # ``はい (SCIM プロトコル使用)``: how it has it
            joint = "" if remark.startswith("（") else " "
            details = f"{names[one]}: {values[one]}{joint}{remark}; {details}"
        if pair:
            paired.add(label)
        shown = breadcrumb(section.path)
        if topic and html.unescape(topic) not in section.path:
            shown = f"{shown} › {topic}" if shown else topic
        context.emit(
            NoteKind.BASIC,
            question,
            span,
            {
                "Question": html.escape(question),
                "Answer": html.escape(names[one]),
                "Details": f"<p>{html.escape(details)}</p>",
                "Context": shown,
            },
            section=section,
            source=table,
        )
    return frozenset(paired)


_FLAG_REMARK = lazy_compile(r"^(?P<flag>[^()（）]+?)\s*(?P<remark>[(（][^()（）]+[)）])?$")
"""A yes or no cell, with a bracketed remark on how or why or not (``はい (SCIM プロトコル使用)``)."""
_NEGATIVE = lazy_compile(
    r"^(?:[✘✗✕❌×]|no|false|いいえ|なし|無し?|不可|不可能|できない|非対応|未対応|対応していない|対応しない|"
    r"サポートしていない|サポートされない|サポートなし|unsupported|not\s+supported|not\s+available)[。.]?$",
    re.IGNORECASE,
)
"""A flag that says no (``いいえ``, ``✘``, ``非対応``): a feature the entity lacks. (Not ``-``: it may
mean "not applicable".)"""


def _has_and_has_not(values: list[str]) -> int:
    """Of two entities' cells, the index of the one that says yes (``はい``, ``○``, ``対応``, with a
    bracketed remark or not) when the other says no (``いいえ``, ``×``); -1 otherwise."""
    if len(values) != 2:
        return -1
    flags = [_FLAG_REMARK.match(value) for value in values]
    yes = [
        index
        for index, flag in enumerate(flags)
        if flag is not None
        and (_AFFIRMATIVE.match(flag["flag"]) or (_YES_NO.match(flag["flag"]) and not _NEGATIVE.match(flag["flag"])))
    ]
    no = [index for index, value in enumerate(values) if _NEGATIVE.match(value)]
    return yes[0] if len(yes) == 1 and len(no) == 1 and yes != no else -1


def _record_of_topic(table: Table) -> bool:
    """One row of values under a header of attribute names (``| Access | Search |`` over ``| O(n) |
    O(1) |``): no cell names an entity, the table gives the attributes of what its heading names.
    A row of bare figures is not one: it reads as statistics (see :func:`_measurements_only`)."""
    if len(table.rows) != 1 or _measurements_only(table.rows[0]):
        return False  # figures alone (``| 33 | 19.09% |``) are statistics, explained as such
    cells = [clean_term(_cell_text(cell)) for cell in table.rows[0]]
    names = [clean_term(_cell_text(cell)) for cell in table.header]
    return (
        len([cell for cell in cells if cell]) >= 2
        and all(VALUE_ANSWER.match(cell) for cell in cells if cell)
        and all(name and looks_like_term(name) for name in names)
    )


def _emit_record(context: ExtractContext, document: Document, section: Section, table: Table, topic: str) -> None:
    """The attributes of a :func:`_record_of_topic` table, asked of the table's topic (one note per
    attribute from three on), or an explain line when no heading or caption names it."""
    entity = html.unescape(topic)
    row = table.rows[0]
    if not entity:
        context.skip(
            table.row_span(0),
            clean_term(_cell_text(row[0])),
            "a row of values with no name beside them, under no heading that says what they describe; "
            "put the table under a heading that names its subject",
            code="row-without-term",
        )
        return
    pairs = [(inline_html(name), _cell_html(cell)) for name, cell in zip(table.header, row, strict=False)]
    # the table's span: its header holds what each note asks, its row the answers
    _emit_comparison(context, document, section, entity, "", table.span, topic, pairs, table, "")


# A measured figure: ``33``, ``19.09%``, ``274,228``, ``7.25``, ``-3.5 %``.
_FIGURE = lazy_compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*%?$")


def _measurements_only(row: tuple[Inlines, ...]) -> bool:
    """Every filled cell of the row is a figure, the first one too (``| 33 | 19.09% | 7.25 |``): a row
    of statistics, with no name to ask it by. A number that names its row (a status code, a port)
    stands beside words (``| 404 | Not Found |``)."""
    cells = [clean_term(_cell_text(cell)) for cell in row]
    filled = [cell for cell in cells if cell]
    return len(filled) >= 2 and all(_FIGURE.match(cell) for cell in filled)


_NUMBER = lazy_compile(r"^\d[\dxX]{0,4}(?:\s*[-–~/]\s*\d{1,5})?(?:/(?:tcp|udp))?$", re.IGNORECASE)
# Second-column headers that only say "the meaning": a one-word cell under them is no answer.
_MEANING_HEADERS = frozenset(
    {"説明", "意味", "定義", "概要", "内容", "備考", "description", "meaning", "definition", "notes"}
)


_LEGEND_CELL = lazy_compile(r"^(?P<symbol>[^\s()（）]{1,3})\s*[(（](?P<gloss>[^()（）]+)[)）]$")
"""A legend's cell: a symbol and its meaning in brackets (``u (owner)``, ``+ (add permission)``)."""


def _is_legend(table: Table) -> bool:
    """A legend: three columns or more, every cell a symbol and its meaning in brackets. Its columns
    are independent lists (who, operator, permission), so a row pairs cells that have nothing to do
    with each other, and is no entity with attributes."""
    if len(table.header) < 3 or len(table.rows) < 2:
        return False
    return all(
        len(row) == len(table.header) and all(_LEGEND_CELL.match(_cell_text(cell).strip()) for cell in row)
        for row in table.rows
    )


def _emit_legend(context: ExtractContext, section: Section, table: Table) -> None:
    """Each column of a legend as its own list: a symbol asked for its meaning under the column's
    name (``Operator › +`` → add permission); a symbol its column gives twice is explained."""
    headers = [clean_term(_cell_text(cell)) for cell in table.header]
    cells = [[_LEGEND_CELL.match(_cell_text(cell).strip()) for cell in row] for row in table.rows]
    columns = [
        [found.group("symbol") for row in cells if (found := row[column]) is not None] for column in range(len(headers))
    ]
    for index, row in enumerate(cells):
        for column, found in enumerate(row):
            if found is None:
                continue
            header, symbols = headers[column], columns[column]
            symbol, gloss = found.group("symbol"), " ".join(found.group("gloss").split())
            if not header or not looks_like_term(header) or symbols.count(symbol) > 1:
                context.skip(
                    table.row_span(index),
                    _cell_text(table.rows[index][column]),
                    "a legend table (every cell a symbol and its meaning): its columns are independent lists, "
                    "so a row is no entity with attributes; this symbol "
                    + ("appears twice in its column" if header else "is in a column with no name")
                    + ", so it cannot be asked alone",
                    code="legend-table",
                )
                continue
            _emit_row(context, section, table, table.row_span(index), f"{header} › {symbol}", html.escape(gloss))


def _is_name(text: str) -> bool:
    """A short name (``SSH``, ``Not Found``, ``緊急``), not a description."""
    if sentence_like(text):
        return False
    return len(text) <= 20 if has_cjk(text) else len(text.split()) <= 4


def _cell_term(cell: Inlines) -> str:
    """A cell as a card front: a ``|`` written inside it (``\\|``, or in code) is part of the name."""
    term = clean_term(_cell_text(cell))
    return term if looks_like_term(term.replace("|", "/")) else ""


_COMMAND_HEADERS = frozenset({"command", "commands", "cmd", "syntax", "usage"})
_MAX_COMMAND_SPACES = 8


def _command_cell(table: Table, cell: Inlines) -> str:
    """A first cell that is one `code` span, a command on one line, under a ``Command`` header
    (``| `echo 'Hi' > out.txt` | Write the text into a file. |``): the command is the row's front even
    though a command word, a quoted argument or a redirection keeps it from reading as a name."""
    if not _code_only(cell) or fold(clean_term(_cell_text(table.header[0]))) not in _COMMAND_HEADERS:
        return ""
    text = clean_term(_cell_text(cell))
    if not text or len(text) > MAX_TERM_CHARS or "\n" in text or text.count(" ") > _MAX_COMMAND_SPACES:
        return ""
    return text


def _split_by_pipe(row: tuple[Inlines, ...]) -> bool:
    """A ``|`` inside a code span that was not written ``\\|`` cut the row: a cell holds half a code span."""
    return any(_cell_text(cell).count("`") % 2 for cell in row)


_QUESTION_HEADERS = frozenset({"question", "questions", "q", "質問", "問題", "問い", "問", "設問", "q."})
_ANSWER_HEADERS = frozenset({"answer", "answers", "a", "回答", "答え", "解答", "答", "a."})


def _question_answer_header(table: Table) -> bool:
    """A ``| Question | Answer |`` table (``Q | A``, ``質問 | 回答``, ``問題 | 答え``): each row is a
    question and its answer, written as a flashcard by the author."""
    names = [fold(clean_term(_cell_text(cell))) for cell in table.header[:2]]
    return names[0] in _QUESTION_HEADERS and names[1] in _ANSWER_HEADERS


def _question_row(
    context: ExtractContext, section: Section, table: Table, index: int, row: tuple[Inlines, ...]
) -> None:
    """One row of a :func:`_question_answer_header` table: a basic card, its first cell the question
    and its second the answer, whole (the author wrote it as the answer; no cut to Details)."""
    span = table.row_span(index)
    question, answer = _cell_text(row[0]).strip(), _cell_text(row[1]).strip()
    if not question or not answer:
        context.skip(span, question or answer, "the row has an empty cell; no card", code="row-without-term")
        return
    pairs = _one_definition_each(question, answer)
    if pairs is not None:
        # ``| Lan / Wan / Subnet | Local Area Network which is … Wide Area Network which is … |``: one
        # definition per name, each its own sentence; on one back they are a set to recite
        for name, sentence in pairs:
            context.emit(
                NoteKind.BASIC,
                name,
                span,
                {
                    "Question": html.escape(name),
                    "Answer": html.escape(sentence, quote=False),
                    "Context": breadcrumb(section.path),
                },
                section=section,
                term=name,
                source=table,
            )
        return
    sentences = _SENTENCE_END.split(answer)
    if len(sentences) >= MIN_QA_SENTENCES_TOO_MANY and len(answer.split()) > MAX_QA_ANSWER_WORDS:
        spelled = _spells_out(question, sentences[0])
        if spelled:
            # ``| DHCP | Dynamic Host Configuration Protocol. This assigns … |``: the first sentence says
            # what the name stands for, a card of its own; the facts after it are too many for one back
            context.emit(
                NoteKind.BASIC,
                clean_term(question),
                span,
                {
                    "Question": inline_html(row[0]),
                    "Answer": html.escape(spelled, quote=False),
                    "Context": breadcrumb(section.path),
                },
                section=section,
                term=clean_term(question),
                source=table,
            )
        context.skip(
            span,
            question,
            f"the answer to '{question}' is {len(sentences)} sentences of {len(answer.split())} words, several "
            "facts on one back, too long to learn as one card"
            + (" (only what the name stands for is asked)" if spelled else "")
            + "; write each fact as its own row or bullet",
            code="question-too-long",
        )
        return
    fields = {"Question": inline_html(row[0]), "Answer": _cell_html(row[1])}
    if section.path:
        fields["Context"] = breadcrumb(section.path)
    context.emit(
        NoteKind.BASIC, clean_term(question), span, fields, section=section, term=clean_term(question), source=table
    )


_SENTENCE_END = lazy_compile(r"(?<=[.!?])\s+(?=[A-Z])")
MIN_QA_SENTENCES_TOO_MANY = 4
"""An author's answer cell of this many sentences or more (and over :data:`MAX_QA_ANSWER_WORDS`)
holds several facts: ``| DHCP | Dynamic Host … This assigns … Using a server … The server needs … |``."""
MAX_QA_ANSWER_WORDS = 60


def _spells_out(name: str, sentence: str) -> str:
    """``Dynamic Host Configuration Protocol.`` for ``DHCP`` (``Transmission Control Protocol /
    Internet Protocol.`` for ``TCP / IP``): the sentence, without its full stop, when it is the long
    form of the name, its words' initials spelling the name; else ``""``."""
    letters = re.sub(r"[^A-Za-z]", "", name)
    long_form = sentence.strip().rstrip(".")
    words = [word for word in re.split(r"[\s/]+", long_form) if word]
    if len(letters) < 2 or not name.replace("/", "").replace(" ", "").isupper() or len(words) != len(letters):
        return ""
    return long_form if "".join(word[0] for word in words).upper() == letters.upper() else ""


_VERSUS = lazy_compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)


def _one_definition_each(question: str, answer: str) -> list[tuple[str, str]] | None:
    """Names joined by ``/`` (or two by ``vs``) in a question cell, each defined by one sentence of the answer in the
    same order and opening with that name or its long form (``Lan`` → ``Local Area Network which
    is …``, ``Subnet`` → ``Subnetwork which is …``); None when the answer is not one per name."""
    versus = _VERSUS.split(question.strip().rstrip("?？").strip())
    # ``| Switch vs Router? | Switches … Routers … |``: a sentence for each side, each its own card
    names = [name.strip() for name in (versus if len(versus) == 2 else question.split("/"))]
    if len(names) < 2 or not all(looks_like_term(name) and len(name.split()) <= 2 for name in names):
        return None
    sentences = [sentence.strip() for sentence in _SENTENCE_END.split(answer) if sentence.strip()]
    if len(sentences) != len(names):
        return None
    for name, sentence in zip(names, sentences, strict=True):
        words = sentence.split()
        initials = "".join(word[0] for word in words[: len(name)] if word)
        if not (fold(sentence).startswith(fold(name)) or (name.isalpha() and initials.upper() == name.upper())):
            return None
    return list(zip(names, sentences, strict=True))


_MAX_TASK_WORDS = 8
_MAX_TASK_CHARS_CJK = 30


def _code_only(cell: Inlines) -> bool:
    """A cell that is one `code` span and nothing else (blank text around it aside)."""
    parts = [part for part in cell if part.kind != "text" or part.text.strip()]
    return len(parts) == 1 and parts[0].kind == "code" and bool(parts[0].text.strip())


def _names_a_task(text: str) -> bool:
    """A short phrase that names what a snippet does or is (``Gathering project id``, ``Hash comment``,
    ``ファイル一覧を表示``), not a sentence about it."""
    text = " ".join(text.split())
    if not text or sentence_like(text) or text.endswith((".", "。", ":", "：")):
        return False
    return len(text) <= _MAX_TASK_CHARS_CJK if has_cjk(text) else len(text.split()) <= _MAX_TASK_WORDS


def _task_table(table: Table) -> bool:
    """A table of snippets and what each does (``| SQL Query | Description |`` over
    ``| `SELECT @@project_id` | Gathering project id |``): every first cell is one `code` span (not a
    table of a command's options), every second cell a short phrase naming its task. The snippet is
    what a learner recalls, the phrase the cue: the row is asked by the phrase, answered by the code."""
    rows = [row for row in table.rows if len(row) >= 2]
    if len(rows) != len(table.rows) or options_table(table) or _split_by_pipe(table.header):
        return False
    return all(_code_only(row[0]) and _names_a_task(_cell_text(row[1])) and not _split_by_pipe(row) for row in rows)


def _emit_task_rows(context: ExtractContext, section: Section, table: Table, topic: str) -> None:
    """One card per row of a snippet table (see :func:`_task_table`): ``topic › task`` → the code;
    with no topic to ask by, the rows are explained."""
    for index, row in enumerate(table.rows):
        span = table.row_span(index)
        task = " ".join(_cell_text(row[1]).split())
        if not topic:
            context.skip(
                span,
                task,
                "a row of a table of snippets and what each does, with no heading to say what they act on; "
                "put the table under a heading that names the tool or topic to get a card",
                code="row-without-term",
            )
            continue
        _emit_row(context, section, table, span, f"{topic} › {task}", inline_html(row[0]))


def _two_column_row(
    context: ExtractContext,
    section: Section,
    table: Table,
    index: int,
    row: tuple[Inlines, ...],
    topic: str,
    source: Table,
    command: str = "",
) -> None:
    """One row of a ``term | meaning`` table. A number first (a port, a status code, a level) is
    asked for by the name beside it (``SSH › Port`` → 22) or, beside a description, by the table's
    topic (``HTTP status › 404``). A short second cell under a header naming an attribute is the
    answer to ``name › attribute`` (``Session › TCP/IP Equivalent`` → Application). A row of a
    table of options is asked with the ``command`` they belong to (``chage › -M [n]``)."""
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
        if name and len(name) <= MAX_CARD_NAME_CHARS and _is_name(second):
            prompt = f"{name} › {attribute}" if attribute and looks_like_term(attribute) else name
            answer = inline_html(row[0])
        elif topic:
            prompt, answer = f"{topic} › {number}", _cell_html(row[1])
        else:
            context.skip(span, number, "a number with no name or heading to ask it by", code="row-without-term")
            return
        _emit_row(context, section, source, span, prompt, answer)
        return
    term = _cell_term(row[0]) or _command_cell(table, row[0])
    key_header = clean_term(_cell_text(table.header[0]))
    if _VALUE_KEY.match(number) and key_header and looks_like_term(key_header):
        # a figure looked up in the table (``25%`` under ``1Gbpsの占有率``): the front says what it
        # is a value of, else ``25% › 日数`` asks about a bare percentage
        term = f"{key_header} {number}"
    if is_option(clean_term(first)):
        term = clean_term(first)
        if command:
            term = f"{command} › {term}"
    if not term:
        context.skip(
            span,
            first,
            f"{_row_key_problem(first)}; put the name first to get a card",
            code="row-without-term",
        )
        return
    asked = _compared_with_itself(context, table, term)
    if asked:
        context.skip(
            span,
            term,
            f"the column asks how each row differs from {term}, so this row compares it with itself; "
            f"the card at line {asked} already asks what {term} is; what this row says of it is asked by "
            f"no card and stays in the notes: {' '.join(second.split())}",
            code="near-duplicate",
        )
        return
    if meaningful_body(second) or (_one_code_span(row[1]) and not _one_code_span(row[0])):
        # ``| Check permissions | `ls -l` |``: a task and the command that does it, however short
        _emit_row(context, section, source, span, term, _cell_html(row[1]))
        return
    attribute = clean_term(_cell_text(table.header[1]))
    if attribute and looks_like_term(attribute) and fold(attribute) not in _MEANING_HEADERS:
        _emit_row(context, section, source, span, f"{term} › {attribute}", inline_html(row[1]))
        return
    context.skip(
        span,
        term,
        "the second cell is one word under a header that only says 'meaning'; write a phrase to get a card",
        code="empty-answer",
    )


def _one_code_span(cell: Inlines) -> bool:
    """A cell that is one ``code`` span and nothing else (``| `ls -l` |``)."""
    parts = [part for part in cell if part.kind != "text" or part.text.strip()]
    return len(parts) == 1 and parts[0].kind == "code"


_NAME_SEPARATORS = lazy_compile(r"\s*(?:・|、|,|/|／|\band\b|\bor\b|と|や)\s*", re.IGNORECASE)


def _compared_with_itself(context: ExtractContext, table: Table, term: str) -> int:
    """The line of an earlier definition of ``term`` when the table's second column says how each
    row differs from things it names, ``term`` among them (``| 適合率 | … |`` under ``適合率・再現率
    との違い``); else 0."""
    match = DIFFERENCE_HEADER.match(" ".join(_cell_text(table.header[1]).split()))
    if match is None:
        return 0
    names = match["names"] or match["english"] or match["versus"] or ""
    wanted = fold(BRACKETED_TAIL.sub("", term))
    if wanted not in {fold(name) for name in _NAME_SEPARATORS.split(names) if name}:
        return 0
    for candidate in context.candidates:
        note = candidate.note
        earlier = note.kind is NoteKind.DEFINITION and note.span.line < table.span.line
        if earlier and fold(BRACKETED_TAIL.sub("", candidate.term or note.key)) == wanted:
            return note.span.line
    return 0


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


def _repeats(entity: str, value: str) -> bool:
    """A cell that only says the entity's name again (``| S3 | S3 | … |``): nothing to ask."""
    plain = clean_term(html.unescape(HTML_TAG.sub(" ", value)))
    return bool(plain) and fold(plain) == fold(entity)


_TRANSLATED_NAME = lazy_compile(
    r"^(?P<name>[A-Za-z][A-Za-z-]*)\s*[（(](?P<gloss>[\u3041-\u30ff\u3400-\u9fff々ー・]{1,8})[)）]$"
)


def _translated_name(entity: str) -> tuple[str, str] | None:
    """A row's name given in one Latin word with its translation in brackets (``Extract（抽出）``):
    the name alone and the whole name, or None. Any other bracket (an expansion, a former name, a
    product the row is built on) stays on the front."""
    found = _TRANSLATED_NAME.match(entity.strip())
    if found is None or any(mark in found["gloss"] for mark in FORMER_NAME_MARKS):
        return None
    return found["name"], entity.strip()


def _emit_comparison(
    context: ExtractContext,
    document: Document,
    section: Section,
    entity: str,
    label: str,
    span: Span,
    topic: str,
    pairs: list[tuple[str, str]],
    table: Table,
    extra: str,
    shown: str = "",
    *,
    uniform: frozenset[str] = frozenset(),
    flags_idle: bool = False,
    paired: frozenset[str] = frozenset(),
) -> None:
    """The entity's comparison note, or one note per attribute when it has :data:`SPLIT_FROM` or
    more. The entity's own row or column is never put on a split note's back: it holds the answers
    of the entity's other notes, so it would give them away. A cell that asks nothing (see
    :func:`_idle_cells`) gets no note of its own; it still counts towards the split and names the
    keeper, so every other note keeps its front and its key."""
    if not any(value for _, value in pairs):
        context.skip(span, entity, "no attribute values to compare", code="no-values")
        return
    translated = _translated_name(shown or entity)
    if translated:
        # ``Extract（抽出）``: the translation in brackets is most of what the row's description says,
        # so the front asks the name alone and the translation is shown after the answer
        shown = translated[0]
    asked = [(name, value) for name, value in pairs if value and not _repeats(entity, value)]
    if not asked:
        context.skip(span, entity, "its cells only repeat its name: nothing to compare", code="no-values")
        return
    # an examples column (具体例, 用途例, ``具体例 / 制限``) is not asked on its own: it rides in
    # the Details of the entity's (first) note, unless it is all the row says
    # a column joining examples to another name (``具体例 / 制限``) whose cell is a statement, not a
    # list of cases (``アプリ層の情報は含まない``), holds the other name's fact: asked by that name
    asked = [(_stated_part(name, value) or name, value) for name, value in asked]
    examples = [(name, value) for name, value in asked if _examples_label(name)]
    asked = [pair for pair in asked if pair not in examples] or asked
    examples = [pair for pair in examples if pair not in asked]
    details = attributes_html(examples) if examples else ""
    # a cell that is a list to recite (``アプリ設定、AMI ID、License``) is asked on a note of its
    # own, which becomes a cloze with a gap per item (extract/recital.py)
    # (the examples still count towards the split, so the notes a row had before keep their fronts)
    listed = [recited_items(value, cell=True) is not None for _, value in asked]
    # (a row split for a list cell keeps its first other cell as the keeper, so a wide pair is one
    # with no list cell)
    split_before = len(asked) + len(examples) >= SPLIT_FROM or (not any(listed) and _wide_pair(asked))
    # a cell that asks nothing gets no note; it still counts towards the split and the keeper, so
    # every other note keeps its front and its key
    idle_at = _idle_cells(
        context, section, span, entity, topic, asked, uniform, flags_idle=flags_idle and split_before, paired=paired
    )
    if extra and "cell-yes-no" in idle_at.values():
        # the row's flag columns (``ダウンタイム なし · …``) say only yes or no too: they ride on the
        # row's first note left, which may be none (or dropped later), so they are listed as well
        context.skip(
            span,
            html.unescape(HTML_TAG.sub("", extra)),
            "cells that only say yes or no among three or more compared entities, shown beside the row's "
            "first note only; no card of their own",
            code="cell-yes-no",
        )
    if len(idle_at) == len(asked):
        return  # every cell asks nothing: each is listed by --explain
    idle = [asked[index] for index in sorted(idle_at)]
    # a value every entity shares is still true of this one: it rides in the Details
    shared = [asked[index] for index, code in sorted(idle_at.items()) if code == "cell-same-for-all"]
    details = attributes_html([*examples, *shared]) if examples or shared else ""
    if translated:
        details = f"<p>{html.escape(translated[1])}</p>{details}"
    if not split_before and not (len(asked) > 1 and any(listed)):
        kept = [pair for pair in asked if pair not in idle]
        _emit_entity(
            context, section, f"{entity}\x1f{label}", shown or entity, span, topic, kept, table, extra, details
        )
        return
    # a remark column (備考, Notes) is not asked on its own: it rides on the first split note
    remarks = [(name, value) for name, value in asked if plain_html(name).casefold() in REMARK_COLUMNS]
    split = [pair for pair in asked if pair not in remarks] or asked
    remarks = [pair for pair in remarks if pair not in split and pair not in idle]
    _over_cap(context, span, entity, split)
    split = split[:MAX_ROW_ATTRIBUTES]
    if all(pair in idle for pair in split):
        split, remarks = [*split, *remarks], []  # only the remark says something: it is asked
    # the note that keeps the entity's own key (and so its GUID) is the first attribute's; when
    # the row is split only for its lists, it is the first attribute that stays a comparison
    # (a cloze is a new note anyway)
    keeper = 0
    if not split_before:
        keeper = next((index for index, pair in enumerate(split) if recited_items(pair[1], cell=True) is None), 0)
    # the marks, remarks and Details ride on the keeper, or on the first note left when it asks nothing
    rider = keeper if split[keeper] not in idle else next(i for i, pair in enumerate(split) if pair not in idle)
    # a remark its own cloze asks stays off the first note: that note asks one column, and its back
    # would answer the cloze beside it (``bridge › 特徴`` showing ``備考: ポートマッピングが必要``)
    riding = [
        (name, value)
        for name, value in remarks
        if not _remark_cloze_text(section, entity, shown or entity, name, value, topic, table)
    ]
    for index, (name, value) in enumerate(split):
        if (name, value) in idle:
            continue
        attribute = plain_html(name)
        key = f"{entity}\x1f{label}" if index == keeper else f"{entity}{_QUALIFIER}{attribute}\x1f{label}"
        prompt = f"{shown or entity}{_QUALIFIER}{attribute}" if attribute else shown or entity
        first = index == rider
        marks = extra if first else ""
        pairs_asked = [(name, value), *riding] if first else [(name, value)]
        _emit_entity(context, section, key, prompt, span, topic, pairs_asked, table, marks, details if first else "")
    for name, value in remarks:
        _remark_cloze(context, section, entity, shown or entity, name, value, span, topic, label, table)


_REMARK_NAME = lazy_compile(
    r"(?<![A-Za-z0-9_$\-./])[A-Za-z][A-Za-z0-9_\-./]*[A-Za-z0-9](?:\s[A-Z][A-Za-z0-9_\-.]*[A-Za-z0-9])*"
)


WIDE_PAIR_ITEMS = 5
"""Two cells that together list this many items or more (each cell two or more) are asked one note
each: recited together they are too wide for one answer."""


def _wide_pair(asked: list[tuple[str, str]]) -> bool:
    """Whether a row's two asked cells are both runs of items that together are :data:`WIDE_PAIR_ITEMS`
    or more (用途 ``大規模なデータ転送、エッジコンピューティング（…）`` beside 特徴 ``耐久性のあるデバイス、
    50TBまたは80TBの容量、…をサポート``): one card reciting both is too wide, so each gets its own
    ``Entity › Attribute`` note. Sentences (``…へデプロイ。すべて…と成功。``) are one item each; two
    cells of two Japanese sentences or more each (``一度に半分へデプロイ。半分できると成功。`` beside
    ``一度に半分へデプロイ。半分へ再ルーティングできれば成功。``) are as wide: four clauses to recite."""
    if len(asked) != 2:
        return False
    plain = [_BRACKETED.sub("", HTML_TAG.sub("", value)) for _, value in asked]
    if all(len([part for part in _JA_SENTENCES.split(text) if part.strip()]) >= 2 for text in plain):
        return True
    counts = [len(_RUN_ITEMS.split(text)) for text in plain]
    return min(counts) >= 2 and sum(counts) >= WIDE_PAIR_ITEMS


_JA_SENTENCES = lazy_compile(r"(?<=。)")


_RUN_ITEMS = lazy_compile(r"[、，]|,(?!\d)")
_BRACKETED = lazy_compile(r"（[^（）]*）|\([^()]*\)")


def remark_gap(text: str, shown: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the one name a Japanese remark cell states a fact about is (``Fargate必須``,
    ``Aurora MySQL専用、高速復旧``, ``S3に継続保存``): the remark rides on the row's first note, never
    asked, yet such a name is what the row's exam fact turns on. None unless the cell is Japanese,
    names exactly one thing in Latin script, says something beside it (``必須``, ``に継続保存``), and
    no word of the name shows in ``shown`` (the entity, the topic and the headings: the answer
    would be on the card) or elsewhere in the cell."""
    if not has_cjk(text):
        return None
    names = list(_REMARK_NAME.finditer(text))
    if len(names) != 1:
        return None
    start, end = names[0].span()
    squeezed = [fold(part) for part in shown if part]
    # a word of the name the card shows already (``Aurora`` of ``Aurora MySQL`` in the topic) stays
    # in view; the gap hides the rest when that is the name's end or start
    parts = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", names[0].group(0))]
    hidden = [(a, b) for a, b in parts if not any(fold(text[a:b]) in part for part in squeezed)]
    if not hidden or (hidden != parts[len(parts) - len(hidden) :] and hidden != parts[: len(hidden)]):
        return None
    start, end = hidden[0][0], hidden[-1][1]
    words = re.findall(r"[a-z0-9]{2,}", fold(text[start:end]))
    if not words:
        return None
    around = fold(text[:start] + " " + text[end:])
    if any(word in part for word in words for part in squeezed) or any(word in around for word in words):
        return None
    if len(re.sub(r"[\W\d_]", "", text[:start] + text[end:])) < 2:
        return None  # the name is all the cell says
    return start, end


_NEGATIVE_REMARK = lazy_compile(
    r"(?:ではない|ではありません|でない|ではなく|じゃない)[。.]?\s*$|^(?:not|no longer)\b|\bis\s+not\b|\bisn't\b",
    re.IGNORECASE,
)


def remark_owner_asked(cell: str, entity: str, table: Table) -> bool:
    """Whether a remark cell with no name to hide is asked by hiding its row's entity (``{{c1::bridge}}:
    ポートマッピングが必要``): it reads as a statement (:data:`MIN_REMARK_FACT_CHARS` characters in
    Japanese, :data:`MIN_REMARK_FACT_WORDS` words otherwise), the table compares two or more rows, no
    other cell says the same (the answer would be two rows), and no word of the entity shows in it."""
    if has_cjk(cell):
        if len(re.sub(r"[\W\d_]", "", cell)) < MIN_REMARK_FACT_CHARS:
            return False
    elif len(cell.split()) < MIN_REMARK_FACT_WORDS:
        return False
    if len(table.rows) < 2 or fold(cell) in NON_STUDY_TERMS:
        return False
    if _NEGATIVE_REMARK.search(cell):
        # ``過去への復旧機能ではない``: what the row is not, so the cloze asks "which row is not …",
        # answerable only by knowing every row; the remark stays on the row's own note
        return False
    if any(len(word) >= 2 and word in fold(cell) for word in re.split(r"[\W_]+", fold(entity))):
        return False  # a word of the entity shows in the remark (``Memcached専用``): the answer is on the card
    same = sum(fold(_cell_text(c)) == fold(cell) for row in table.rows for c in row)
    return same == 1


def _remark_cloze_text(
    section: Section, entity: str, shown: str, name: str, value: str, topic: str, table: Table
) -> str:
    """The Text of :func:`_remark_cloze` for a remark cell, or '' when the remark is asked by no cloze."""
    cell = " ".join(html.unescape(HTML_TAG.sub("", re.sub(r"<br\s*/?>", " ", value))).split())
    gap = remark_gap(cell, (entity, shown, plain_html(topic), *section.path))
    if gap is None:
        if not remark_owner_asked(cell, shown, table):
            return ""
        return f"{cloze_gap(1, html.escape(shown))}: {html.escape(cell)}"
    start, end = gap
    return (
        f"{html.escape(shown)}{_QUALIFIER}{html.escape(plain_html(name))}: {html.escape(cell[:start])}"
        f"{cloze_gap(1, html.escape(cell[start:end]))}{html.escape(cell[end:])}"
    )


def _remark_cloze(
    context: ExtractContext,
    section: Section,
    entity: str,
    shown: str,
    name: str,
    value: str,
    span: Span,
    topic: str,
    label: str,
    table: Table,
) -> None:
    """A remark cell that turns on one name (:func:`remark_gap`) asked as a cloze hiding that name,
    ``entity › 備考: [...]必須`` with the table's topic in Context; a remark that states a fact of its
    own with no such name (``ポートマッピングが必要``, ``kept until deleted``) asked as a cloze hiding
    the entity it belongs to (:func:`remark_owner_asked`). A remark asked so no longer rides on the
    row's first note; one asked by no cloze still does."""
    text = _remark_cloze_text(section, entity, shown, name, value, topic, table)
    if not text:
        return
    base = breadcrumb(section.path, section.title if _heading_in_topic(section, topic) else "")
    plain_topic = html.escape(plain_html(topic))
    where = f"{base}{_QUALIFIER}{plain_topic}" if plain_topic and fold(plain_topic) not in fold(base) else base
    context.emit(
        NoteKind.CLOZE,
        f"{entity}{_QUALIFIER}{plain_html(name)}\x1f{label}\x1fremark",
        span,
        {"Text": text, "Context": where},
        section=section,
        source=None,
    )


def _uniform_attributes(table: Table, columns: list[int]) -> frozenset[str]:
    """The attributes (header or first-cell HTML) whose value is the same for every compared entity,
    when there are :data:`MIN_UNIFORM_ENTITIES` or more and every one fills it
    (``| セキュリティ | インターネットを経由しない | インターネットを経由しない | … |``)."""
    found: set[str] = set()
    if _columns_are_entities(table):
        entities = [
            column
            for column in range(1, len(table.header))
            if looks_like_term(clean_term(_cell_text(table.header[column])))
        ]
        for row in table.rows:
            values = {fold(_cell_text(row[column])) if column < len(row) else "" for column in entities}
            if row and _same_for_all(values, len(entities)):
                found.add(inline_html(row[0]))
        return frozenset(found)
    rows = [row for row in table.rows if row and _row_key(clean_term(_cell_text(row[0])))]
    if len(rows) < MIN_UNIFORM_ENTITIES:
        return frozenset()
    for column in columns:
        values = {fold(_cell_text(row[column])) if column < len(row) else "" for row in rows}
        if len(values) == 1 and "" not in values:
            found.add(inline_html(table.header[column]))
    return frozenset(found)


def _same_for_all(values: set[str], entities: int) -> bool:
    """One filled value for all ``entities`` of a checklist whose columns are the compared things
    (``| 機能 | A | B |``): with :data:`MIN_UNIFORM_ENTITIES` or more any value; with two only a
    yes flag (``| ユーザー認証 | はい | はい |``), a feature both have that tells them apart in
    nothing. A shared ``no`` stays asked (``Needs a cloud: no`` for two of three kinds, the third
    elsewhere), and entities in rows keep a flag two of them share (``Blocks writers: yes`` is a
    property of each, the column is no checklist of features)."""
    if len(values) != 1 or "" in values or entities < 2:
        return False
    return entities >= MIN_UNIFORM_ENTITIES or bool(_AFFIRMATIVE.match(next(iter(values))))


_PLACEHOLDER = lazy_compile(r"^[(（][^()（）]*[)）]$")
_SQUEEZE = lazy_compile(r"[\s、。・,.「」()（）:：/]")


_PAIRS_KEPT = 256
"""Texts whose character pairs :func:`_pairs` keeps. Its hits come within one table (the topic and
headings again for each row); an entry is ~3.4 KB (a frozenset of two-character strings), so at
4,096 the cache grew with the vault up to ~14 MB (3 MB at the benchmark's 1x, 6 MB at 2x, full
only past 4x: tracemalloc). The same hits at 256 as at 4,096 on the benchmark's vault (8,092 of
9,000 calls) and on the seeds and tune files (130 of 482)."""


@file_scoped
@lru_cache(maxsize=_PAIRS_KEPT)  # the topic and headings again for every row of a table, cells again per column
def _pairs(text: str) -> frozenset[str]:
    """A text's character pairs, folded, spaces and punctuation left out."""
    letters = _SQUEEZE.sub("", fold(html.unescape(HTML_TAG.sub(" ", text))))
    return frozenset(map(operator.add, letters, letters[1:]))  # each character with the next


def _echoes(inner: frozenset[str], outer: frozenset[str]) -> bool:
    return len(inner) >= MIN_CELL_ECHO_PAIRS and len(inner & outer) >= CELL_ECHO_RATIO * len(inner)


MAX_SPELLED_CELL_CHARS = 16
"""A cell up to this many letters may be spelled by its front (``_spelled_by_front``)."""


def _spelled_by_front(value: str, entity: str, label: str) -> bool:
    """A short cell made only of pieces (two letters or more each) of the row's name and the
    column's label, one of them from the name (``S3バケットポリシー`` · ``制御単位`` -> ``バケット単位``):
    the front shows every word of it, so it asks nothing. A cell with a word of its own
    (``オブジェクト単位``) is kept."""
    cell = _SQUEEZE.sub("", fold(html.unescape(value)))
    name = _SQUEEZE.sub("", fold(html.unescape(entity)))
    column = _SQUEEZE.sub("", fold(html.unescape(label)))
    if not 2 <= len(cell) <= MAX_SPELLED_CELL_CHARS or cell in column or not has_cjk(cell):
        return False
    # reach[i]: the cell's first i letters split into such pieces (and whether one came from the name)
    reach: list[tuple[bool, bool]] = [(True, False)] + [(False, False)] * len(cell)
    for end in range(2, len(cell) + 1):
        for start in range(end - 1):
            if not reach[start][0]:
                continue
            piece = cell[start:end]
            if end - start >= 2 and (piece in name or piece in column):
                reach[end] = (True, reach[end][1] or reach[start][1] or piece in name)
    return reach[-1] == (True, True)


def _idle_cells(
    context: ExtractContext,
    section: Section,
    span: Span,
    entity: str,
    topic: str,
    asked: list[tuple[str, str]],
    uniform: frozenset[str],
    *,
    flags_idle: bool = False,
    paired: frozenset[str] = frozenset(),
) -> dict[int, str]:
    """The entity's cells that ask nothing, by index into ``asked``, with their reason code; each is
    listed by ``inspect --explain``. A cell asks nothing when it is only a bracketed placeholder
    (``(現行クラスター)``), when the card's topic line or headings already say it, when every
    compared entity has the same value (it tells them apart in nothing), or when another cell of
    the same entity said it before in (nearly) the same words: the later of two alike, or when it
    is an open list of examples (``EC2, RDS, WorkSpaces など``). A short cell
    inside a longer one is kept (``Redis版のみ対応`` for two attributes are two facts; a step inside
    a longer step says less, not the same). With ``flags_idle`` (three or more entities compared, one
    note per cell) a cell that only says yes or no (``あり``, ``対応していない``, ``✔``) asks nothing
    either: a note ``PrivateLink › サードパーティ対応 → 対応している`` is answered by a guess."""
    said = _pairs(" ".join((html.unescape(topic), *section.path)))
    pairs = [_pairs(value) for _, value in asked]
    idle: dict[int, str] = {}
    for index, (name, value) in enumerate(asked):
        plain = plain_html(value)
        recited = recited_items(value, cell=True)
        if _PLACEHOLDER.match(plain):
            code, why = "cell-placeholder", "the cell is only a bracketed placeholder, not a value to recall"
        elif recited is not None and recited[1].strip():
            code = "example-value"
            why = (
                f"the cell is an open list of examples ('{recited[1].strip()}'): a gap per item would ask "
                "which examples the author picked, a guess, not a fact"
            )
        elif _echoes(pairs[index], said):
            code, why = "cell-in-context", "the card's topic line or headings already say it"
        elif _spelled_by_front(plain, entity, plain_html(name)):
            code = "cell-in-front"
            why = (
                f"the cell '{plain}' is only words of the row's name and the column's label, which the front "
                "shows: the front gives it away"
            )
        elif name in uniform:
            code, why = "cell-same-for-all", "every compared entity has this same value: it tells them apart in nothing"
        elif flags_idle and (_MARK.match(plain) or _YES_NO.match(plain)):
            code = "cell-yes-no"
            why = (
                f"the cell only says {plain}, a yes or no among three or more compared entities: "
                "a note of its own would be answered by a guess"
            )
        elif name in paired:
            code = "cell-yes-no"
            why = (
                f"the cell only says {plain}, a yes or no of one of two compared entities: asked instead as "
                "which of the two has it, since a note of its own would be answered by a guess"
            )
        else:
            twin = next(
                (
                    other
                    for other, own in enumerate(pairs)
                    if other != index
                    and other not in idle
                    and other < index
                    and _echoes(pairs[index], own)
                    and _echoes(own, pairs[index])
                ),
                None,
            )
            if twin is None:
                continue
            code = "cell-repeats-cell"
            why = f"it (nearly) says what its {plain_html(asked[twin][0])} cell says, which is asked"
        idle[index] = code
        context.skip(span, f"{entity}{_QUALIFIER}{plain_html(name)}", f"{why}; no card of its own", code=code)
    return idle


_LABEL_JOINT = lazy_compile(r"\s*[/／・、,]\s*|\s+(?:and|or)\s+")


def _examples_label(label: str) -> bool:
    """A column header naming examples (``具体例``, ``用途例``, ``Examples``), alone or joined to
    another name (``具体例 / 制限``: a front asking it would not say which of the two it asks)."""
    parts = _LABEL_JOINT.split(fold(plain_html(label)))
    return any(part in EXAMPLE_HEADERS for part in parts if part)


def _stated_part(label: str, value: str) -> str:
    """The name a joined examples column (``具体例 / 制限``, ``Examples / Limits``) asks a cell by
    when the cell is a statement rather than examples: its parts that do not name examples
    (``制限``); '' for any other column or cell, and for a part that names remarks (``例 / 注意``:
    a remark is never asked by its column's name, so the cell stays in the Details)."""
    parts = [part for part in _LABEL_JOINT.split(plain_html(label)) if part.strip()]
    others = [part for part in parts if fold(part) not in EXAMPLE_HEADERS]
    if len(others) == len(parts) or not others or not sentence_like(plain_html(value)):
        return ""
    if any(fold(part) in REMARK_COLUMNS for part in others):
        return ""
    return html.escape(" / ".join(others))


_QUALIFIER = " › "
"""Between the entity and the attribute a split note asks, as between a subject and its term."""


def _heading_in_topic(section: Section, topic: str) -> bool:
    """Whether the breadcrumb stops above the table's own heading: the topic line names it, or it
    names no subject (``Other``), so it would only be noise under a caption topic."""
    return bool(section.level) and (topic == html.escape(section.title) or names_no_subject(section.title))


def _emit_entity(
    context: ExtractContext,
    section: Section,
    key: str,
    prompt: str,
    span: Span,
    topic: str,
    pairs: list[tuple[str, str]],
    table: Table,
    extra: str,
    details: str = "",
) -> None:
    context.emit(
        NoteKind.COMPARISON,
        key,
        span,
        {
            "Entity": html.escape(prompt),
            "Attributes": attributes_html(pairs),
            "Table": "",
            "Topic": topic,
            "Extra": extra,
            "Details": details,
            # the topic line already names the table's own heading (or it names nothing): the
            # breadcrumb stops above it
            "Context": breadcrumb(section.path, section.title if _heading_in_topic(section, topic) else ""),
        },
        section=section,
        source=table,
    )
