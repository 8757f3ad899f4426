"""Stage 3, HTML: raw Markdown blocks -> Python-Markdown HTML -> BeautifulSoup -> typed blocks.

The only module that imports ``markdown`` and ``bs4``. Extractors never see a parse tree: they
get :mod:`ankigen.model` blocks (paragraphs, lists with nested items, tables, quotes, code), each
with its line span, and inline nodes that carry both their HTML and their plain text.

Line numbers: a raw block knows its first line. Inside a list, ``<li>`` elements in document order
correspond one to one to the marker lines of the block; inside a block, tables in document order
correspond to the lines that open a table (a pipe line followed by an alignment row).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

import markdown
from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.nl2br import Nl2BrExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from pymdownx.mark import MarkExtension
from pymdownx.tilde import DeleteSubExtension

from .model import (
    Block,
    CodeBlock,
    Inline,
    InlineKind,
    Inlines,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    RawBlock,
    Span,
    Table,
)
from .sections import RawBlock as RawTextBlock

__all__ = ["markdown_to_html", "render_blocks", "render_inline", "render_sections"]

# imported here, not named for Python-Markdown to import when the first file is rendered: a pool
# worker forked from this process then has them already (a rebuild's one changed file parses in one)
_EXTENSIONS = (
    TableExtension,  # tables
    FencedCodeExtension,  # fenced_code
    SaneListExtension,  # sane_lists
    Nl2BrExtension,  # nl2br
    MarkExtension,  # pymdownx.mark
    DeleteSubExtension,  # pymdownx.tilde
)
_BLOCK_TAGS = frozenset(
    {"ul", "ol", "p", "table", "pre", "blockquote", "div", "dl", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_INLINE_KINDS: dict[str, InlineKind] = {
    "strong": "strong",
    "b": "strong",
    "mark": "mark",
    "em": "em",
    "i": "em",
    "code": "code",
    "a": "link",
    "img": "image",
    "br": "br",
}
_MARKERS = re.compile(r"^\s*((?:[-*+]|\d{1,9}[.)])(?:\s+|$))+")
_ONE_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:\s+|$)")
_ALIGN_ROW = re.compile(r"^\s*(?:\|\s*)?:?-+:?(?:\s*\|\s*:?-+:?)*(?:\s*\|)?\s*$")  # linear: see sections
_CALLOUT = re.compile(r"^\s*\[!([A-Za-z0-9_-]+)\][+-]?\s*(.*)$")


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[extension() for extension in _EXTENSIONS], output_format="html")


def markdown_to_html(text: str) -> str:
    """Render Markdown text to an HTML fragment with ankigen's Markdown settings."""
    converter = _markdown()
    converter.reset()
    return str(converter.convert(text))


_PLAIN_TITLE = re.compile(r"(?![0-9]{1,9}[.)]|[-+>])[^\\`*_\[\]<>&!~=^{}#|]*")
_BLOCK_START = re.compile(r"^(\s*)(\d{1,9})([.)])(\s)|^(\s*)([-+*>])(\s)")


def render_inline(text: str) -> Inlines:
    """Render one line of inline Markdown (a heading title, say) to inline nodes.

    A title such as ``2. Select the type`` keeps its number: a leading list or quote marker is
    escaped so that it stays text.
    """
    if _PLAIN_TITLE.fullmatch(text):  # most headings: no Markdown, so skip the round trip
        plain = text.strip()
        return (Inline("text", html.escape(plain, quote=False), plain),) if plain else ()
    text = _BLOCK_START.sub(
        lambda m: (
            f"{m.group(1)}{m.group(2)}\\{m.group(3)}{m.group(4)}"
            if m.group(2)
            else f"{m.group(5)}\\{m.group(6)}{m.group(7)}"
        ),
        text,
        count=1,
    )
    soup = BeautifulSoup(markdown_to_html(text), "html.parser")
    paragraph = soup.find("p")
    if isinstance(paragraph, Tag):
        return _inlines(paragraph.contents)
    return _inlines(soup.contents)


def render_blocks(path: str, raw_blocks: Iterable[RawTextBlock]) -> tuple[Block, ...]:
    """Render the raw blocks of one section to typed blocks with spans, one block at a time."""
    out: list[Block] = []
    for raw in raw_blocks:
        soup = BeautifulSoup(markdown_to_html(_markdown_text(raw)), "html.parser")
        out.extend(_typed_blocks(path, raw, soup.contents))
    return tuple(out)


_SPLIT = "ankigen:block"


def render_sections(path: str, sections: Sequence[Sequence[RawTextBlock]]) -> list[tuple[Block, ...]]:
    """The blocks of every section of a file, rendered in one Python-Markdown and one BeautifulSoup
    pass (a pass per block costs three times as much on a typical file).

    Blocks are joined with a marker comment between blank lines, which ends any list or paragraph;
    if the markers do not all come back at the top level (an unclosed raw HTML tag swallowed one),
    the file is rendered block by block instead. Same result as :func:`render_blocks` per section.
    """
    flat = [raw for blocks in sections for raw in blocks]
    per_block = _render_joined(path, flat) if len(flat) > 1 else None
    if per_block is None:
        per_block = [render_blocks(path, [raw]) for raw in flat]
    out: list[tuple[Block, ...]] = []
    position = 0
    for blocks in sections:
        out.append(tuple(block for rendered in per_block[position : position + len(blocks)] for block in rendered))
        position += len(blocks)
    return out


def _render_joined(path: str, flat: Sequence[RawTextBlock]) -> list[tuple[Block, ...]] | None:
    if any(_SPLIT in raw.text for raw in flat):
        return None
    soup = BeautifulSoup(
        markdown_to_html(f"\n\n<!--{_SPLIT}-->\n\n".join(_markdown_text(raw) for raw in flat)), "html.parser"
    )
    chunks: list[list[object]] = [[]]
    for element in soup.contents:
        if isinstance(element, Comment) and element.strip() == _SPLIT:
            chunks.append([])
        else:
            chunks[-1].append(element)
    if len(chunks) != len(flat):
        return None
    return [_typed_blocks(path, raw, chunk) for raw, chunk in zip(flat, chunks, strict=True)]


def _typed_blocks(path: str, raw: RawTextBlock, elements: Iterable[object]) -> tuple[Block, ...]:
    out: list[Block] = []
    cursor = _LineCursor(path, raw)
    for element in elements:
        if isinstance(element, Tag):
            block = _block(element, cursor, Span(path, raw.line, raw.end_line))
            if block is not None:
                out.append(block)
        elif isinstance(element, NavigableString) and not isinstance(element, Comment) and element.strip():
            text = str(element).strip()
            out.append(Paragraph(Span(path, raw.line, raw.end_line), (Inline("text", html.escape(text), text),)))
    return tuple(out)


_CALLOUT_LINE = re.compile(r"^\s{0,3}>\s?\[![A-Za-z0-9_-]+\]")


def _markdown_text(raw: RawTextBlock) -> str:
    """The block's text as Python-Markdown needs it: a blank line before a table that starts right
    under a list item's text, and after a callout's ``> [!note]`` line, so that a list or table
    there is read as one. Only the text given to Markdown changes; line numbers come from ``raw``."""
    lines = list(raw.lines)
    out: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        starts_table = line.lstrip().startswith("|") and bool(_ALIGN_ROW.match(following)) and "-" in following
        if raw.kind == "list" and starts_table and out and out[-1].strip() and not out[-1].lstrip().startswith("|"):
            out.append(" " * (len(line) - len(line.lstrip())))
        out.append(line)
        if raw.kind == "quote" and index == 0 and _CALLOUT_LINE.match(line) and len(lines) > 1:
            out.append(">")
    return "\n".join(out)


class _LineCursor:
    """Hands out the source lines of list items and tables in document order."""

    def __init__(self, path: str, raw: RawTextBlock) -> None:
        self.path = path
        self.raw = raw
        self._items: Iterator[int] = iter(self._item_lines())
        self._tables: Iterator[int] = iter(self._table_lines())
        self._last_item = raw.line

    def _item_lines(self) -> list[int]:
        lines: list[int] = []
        in_fence = False
        for offset, line in enumerate(self.raw.lines):
            stripped = line.strip()
            if stripped.startswith(("```", "~~~")):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            match = _MARKERS.match(line)
            if match:
                count = len(_ONE_MARKER.findall(match.group(0)))
                lines.extend([self.raw.line + offset] * max(count, 1))
        return lines

    def _table_lines(self) -> list[int]:
        lines = self.raw.lines
        return [
            self.raw.line + offset
            for offset in range(len(lines) - 1)
            if "|" in lines[offset] and _ALIGN_ROW.match(lines[offset + 1]) and "-" in lines[offset + 1]
        ]

    def next_item(self) -> Span:
        line = next(self._items, self._last_item)
        self._last_item = line
        return Span(self.path, line)

    def next_table(self, fallback: Span) -> Span:
        line = next(self._tables, fallback.line)
        return Span(self.path, line, line)


def _block(element: Tag, cursor: _LineCursor, span: Span) -> Block | None:
    name = element.name
    if name in ("ul", "ol"):
        return _list(element, cursor, span)
    if name == "p":
        inlines = _inlines(element.contents)
        if not inlines:
            return None
        return Paragraph(span, inlines)
    if name == "table":
        return _table(element, cursor.next_table(span))
    if name == "pre":
        return CodeBlock(span, element.get_text(), str(element))
    if name == "blockquote":
        return _quote(element, cursor, span)
    text = element.get_text().strip()
    return RawBlock(span, str(element), text)


def _list(element: Tag, cursor: _LineCursor, span: Span) -> ListBlock:
    items: list[ListItem] = []
    for child in _children(element, "li"):
        item_span = cursor.next_item()
        head: list[object] = []
        rest: list[Tag] = []
        for node in child.contents:
            if isinstance(node, Tag) and (node.name in _BLOCK_TAGS or rest):
                rest.append(node)
            elif not rest:
                head.append(node)
        inlines = _inlines(head)
        if not inlines and rest and rest[0].name == "p":
            inlines = _inlines(rest.pop(0).contents)
        children: list[Block] = []
        for node in rest:
            block = _block(node, cursor, item_span)
            if block is not None:
                children.append(block)
        items.append(ListItem(item_span, inlines, tuple(children)))
    first = items[0].span if items else span
    last = max((item.span.line for item in items), default=span.line)
    return ListBlock(Span(span.path, first.line, last), element.name == "ol", tuple(items))


def _children(element: Tag, *names: str) -> list[Tag]:
    """The child elements named ``names``: ``find_all(names, recursive=False)``, without the
    SoupStrainer that BeautifulSoup builds for every call (a twentieth of a file's parse)."""
    return [child for child in element.children if isinstance(child, Tag) and child.name in names]


def _table(element: Tag, span: Span) -> Table:
    header: tuple[Inlines, ...] = ()
    rows: list[tuple[Inlines, ...]] = []
    for row in element.descendants:
        if not isinstance(row, Tag) or row.name != "tr":
            continue
        row_cells = _children(row, "th", "td")
        cells = tuple(_inlines(cell.contents) for cell in row_cells)
        if any(cell.name == "th" for cell in row_cells) and not header and not rows:
            header = cells
        else:
            rows.append(cells)
    end = span.line + 1 + len(rows)
    return Table(Span(span.path, span.line, end), header, tuple(rows))


def _quote(element: Tag, cursor: _LineCursor, span: Span) -> Quote:
    children: list[Block] = []
    callout = ""
    title = ""
    for node in element.children:
        if not isinstance(node, Tag):
            continue
        block = _block(node, cursor, span)
        if block is None:
            continue
        if not children and not callout and isinstance(block, Paragraph):
            match = _CALLOUT.match(block.text)
            if match:
                callout = match.group(1).lower()
                title = match.group(2).strip()
                body_inlines = _drop_first_line(block.inlines)
                if body_inlines:
                    children.append(Paragraph(span, body_inlines))
                continue
        children.append(block)
    return Quote(span, tuple(children), callout, title)


def _drop_first_line(inlines: Inlines) -> Inlines:
    """The inlines after the first line break (the callout marker line)."""
    for index, part in enumerate(inlines):
        if part.kind == "br":
            rest = list(inlines[index + 1 :])
            if rest and rest[0].kind == "text":
                text = rest[0].text.lstrip("\n")
                rest[0] = Inline("text", html.escape(text), text)
            return tuple(part for part in rest if part.text or part.kind != "text")
        if part.kind == "text" and "\n" in part.text:
            text = part.text.split("\n", 1)[1]
            tail = (Inline("text", html.escape(text), text),) if text else ()
            return tail + tuple(inlines[index + 1 :])
    return ()


def _inlines(nodes: Iterable[object]) -> Inlines:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            text = str(node)
            if text:
                out.append(Inline("text", html.escape(text, quote=False), text))
            continue
        if not isinstance(node, Tag):
            continue
        kind = _INLINE_KINDS.get(node.name, "html")
        if kind == "br":
            out.append(Inline("br", "<br>", ""))
        elif kind == "image":
            alt = node.get("alt")
            out.append(Inline("image", str(node), alt if isinstance(alt, str) else ""))
        elif not node.attrs and len(node.contents) == 1 and type(node.contents[0]) is NavigableString:
            # the common case (``**bold**``, ``==mark==``, `` `code` ``): no need to serialise the tag
            text = str(node.contents[0])
            out.append(Inline(kind, f"<{node.name}>{html.escape(text, quote=False)}</{node.name}>", text))
        else:
            out.append(Inline(kind, str(node), node.get_text()))
    # trim leading and trailing whitespace-only text
    while out and out[0].kind == "text" and not out[0].text.strip():
        out.pop(0)
    while out and out[-1].kind in ("text", "br") and not out[-1].text.strip():
        out.pop()
    return tuple(out)
