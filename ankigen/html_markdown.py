"""A raw HTML block written as plain document structure, read as the Markdown it stands for.

The only module that imports ``bs4``. Some notes are written as HTML inside a ``.md`` file
(``<h3>Term</h3>``, ``<p><b>Label:</b> text</p>``, ``<ul><li>…</li></ul>``): Obsidian, GitHub and
VS Code render it, so the learner sees headings, paragraphs, lists, bold terms and tables, and
ankigen reads the same structure. :func:`html_as_markdown` turns such a block into Markdown lines,
each with the source lines it was read from, and :mod:`ankigen.render` parses them with the same
parser as the rest of the note, so an HTML heading starts a section and an HTML list is a list.

Only plain structure is read: headings, paragraphs, lists, definition lists, tables, quotes and
plain ``<div>`` wrappers, with bold, italic, code, links and line breaks inside (and a few inline
tags Markdown passes through as they are: ``<sup>``, ``<sub>``, ``<kbd>``, ``<mark>``…). Anything
else (a script, an iframe, an image, a comment, a ``<details>`` widget, a ``class`` or ``style``
attribute, a tag left open for Markdown below it) keeps the whole block as raw HTML, explained as
today.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, PageElement, Tag

from ankigen.patterns import lazy_compile

__all__ = ["MarkdownLine", "html_as_markdown"]

MarkdownLine = tuple[str, int, int]
"""A Markdown line and the first and last lines (0-based, within the HTML block) it stands for."""
_Line = tuple[str, int, bool]
"""A line of inline Markdown, the source line it starts on, and whether a ``<br>`` started it."""

_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_LISTS = frozenset({"ul", "ol"})
_BLOCKS = frozenset({"p", "ul", "ol", "dl", "table", "blockquote", "div", "hr", *_HEADINGS})
_MARKS = {"b": "**", "strong": "**", "em": "*", "i": "*"}
_PASSED = frozenset({"sup", "sub", "kbd", "mark", "u", "s", "del", "ins", "small", "abbr"})
"""Inline tags a Markdown paragraph keeps as raw HTML: passed through unchanged."""
_INLINE = frozenset({*_MARKS, "code", "a", "br", "span", *_PASSED})
_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "th", "td"})
_VOID = frozenset({"br", "hr", "wbr"})
_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title", "name", "target", "rel"}),
    "ol": frozenset({"start"}),
    "p": frozenset({"align"}),
    "th": frozenset({"align"}),
    "td": frozenset({"align"}),
    **{name: frozenset({"align"}) for name in _HEADINGS},
}
_ANY_ATTRIBUTES = frozenset({"id", "dir", "lang", "title"})
_MAX_DEPTH = 32
"""Deeper nesting than this is no note's structure: the block stays raw HTML (and recursion stays bounded)."""
_TAG_TOKEN = lazy_compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>")
_ANY_TAG = lazy_compile(r"<[^<>]*>")
_SPACE = lazy_compile(r"[ \t\n\r\f]+")
_PUNCTUATION = lazy_compile(r"([!-/:-@\[-`{-~])")
_BACKTICKS = lazy_compile(r"`+")


class _NotPlain(Exception):
    """The block holds something that is not plain document structure."""


def html_as_markdown(content: str) -> list[MarkdownLine] | None:
    """The Markdown lines a raw HTML block stands for, or None when it is not plain structure (or
    shows no text at all)."""
    if "<!" in content or "<?" in content or not _balanced(content):
        return None
    soup = BeautifulSoup(content, "html.parser")
    lines = content.split("\n")
    try:
        out = _Writer(lines).blocks(list(soup.children), len(lines) - 1)
    except _NotPlain:
        return None
    if not any(text.strip() for text, _, _ in out):
        return None
    return out


def _balanced(content: str) -> bool:
    """Every tag that is opened is closed in the block (a ``<div>`` whose end comes after Markdown
    lines further down is a wrapper of Markdown, not structure of its own), nested at most
    :data:`_MAX_DEPTH` deep."""
    depth: dict[str, int] = {}
    total = 0
    for match in _TAG_TOKEN.finditer(content):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        step = -1 if closing else 1
        depth[name] = depth.get(name, 0) + step
        total += step
        if depth[name] < 0 or total > _MAX_DEPTH:
            return False
    return not any(depth.values())


def _latin(char: str) -> bool:
    """A Latin letter or digit (the CJK-friendly emphasis rule of :mod:`ankigen.render` already
    reads bold beside Japanese text)."""
    return char.isascii() and char.isalnum()


def _escape(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", text)


def _code(text: str) -> str:
    text = _SPACE.sub(" ", text)
    if not text.strip():
        return ""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _wrap(mark: str, inner: str) -> str:
    """``inner`` between emphasis marks, its outer spaces left outside them (``**term** text``)."""
    stripped = inner.strip()
    if not stripped:
        return inner
    before = inner[: len(inner) - len(inner.lstrip())]
    after = inner[len(inner.rstrip()) :]
    return f"{before}{mark}{stripped}{mark}{after}"


class _Writer:
    """Turns the elements of one HTML block into Markdown lines that keep their source lines."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines

    # -- lines ---------------------------------------------------------------------------------

    def _start(self, node: PageElement) -> int:
        """The line an element starts on; text starts where the tag before it ends (as written:
        its line and the line breaks in it) or where its parent starts."""
        if isinstance(node, Tag) and node.sourceline is not None:
            return node.sourceline - 1
        previous = node.previous_sibling
        if previous is not None:
            return self._start(previous) + str(previous).count("\n")
        parent = node.parent
        return self._start(parent) if parent is not None else 0

    def _next_start(self, node: PageElement, limit: int) -> int:
        """The line where the next tag after ``node`` (not inside it) starts, or ``limit`` + 1."""
        current: PageElement | None = node
        while current is not None:
            sibling = current.next_sibling
            while sibling is not None:
                if isinstance(sibling, Tag) and sibling.sourceline is not None:
                    return sibling.sourceline - 1
                sibling = sibling.next_sibling
            current = current.parent
        return limit + 1

    def _text_line(self, line: int, last: int) -> int:
        """The first line from ``line`` to ``last`` that shows text (``<p>`` alone on its line
        stands above its text), or ``line``."""
        for number in range(line, min(last, len(self.lines) - 1) + 1):
            if _ANY_TAG.sub("", self.lines[number]).strip():
                return number
        return line

    def _end(self, node: PageElement, limit: int) -> int:
        """The last line of ``node`` that shows text (closing tags alone on a line are not its text)."""
        start = self._start(node)
        last = min(self._next_start(node, limit) - 1, limit)
        for line in range(last, start, -1):
            if 0 <= line < len(self.lines) and _ANY_TAG.sub("", self.lines[line]).strip():
                return line
        return start

    # -- blocks --------------------------------------------------------------------------------

    def blocks(self, nodes: Sequence[PageElement], limit: int) -> list[MarkdownLine]:
        """The Markdown of a run of sibling nodes, one block after another with blank lines between."""
        out: list[MarkdownLine] = []
        run: list[PageElement] = []

        def add(block: list[MarkdownLine], interrupts: bool = False) -> None:
            if not block:
                return
            if out and not interrupts:
                out.append(("", out[-1][2], out[-1][2]))
            out.extend(block)

        for node in nodes:
            if isinstance(node, Comment):
                raise _NotPlain
            if isinstance(node, Tag) and node.name in _BLOCKS:
                add(self.paragraph(run, limit))
                run = []
                add(self.block(node, limit), interrupts=node.name == "ul" or _starts_at_one(node))
            elif isinstance(node, Tag) and node.name not in _INLINE:
                raise _NotPlain
            else:
                run.append(node)
        add(self.paragraph(run, limit))
        return out

    def block(self, node: Tag, limit: int) -> list[MarkdownLine]:
        _check_attributes(node)
        name = node.name
        start, end = self._start(node), self._end(node, limit)
        if name in _HEADINGS:
            start = self._text_line(start, end)
            text = self.flat(node.children, start, " ")
            return [(f"{'#' * _HEADINGS[name]} {text.strip()}", start, end)] if text.strip() else []
        if name == "p":
            return self.paragraph(list(node.children), limit, end)
        if name in _LISTS:
            return self.list_items(node, limit)
        if name == "dl":
            return self.definitions(node, limit)
        if name == "table":
            return self.table(node)
        if name == "blockquote":
            inner = self.blocks(list(node.children), limit)
            return [(f"> {text}".rstrip(), first, last) for text, first, last in inner]
        if name == "div":
            return self.blocks(list(node.children), limit)
        return [("***", start, start)]  # hr

    def paragraph(self, nodes: Sequence[PageElement], limit: int, end: int = -1) -> list[MarkdownLine]:
        if not nodes:
            return []
        last = end if end >= 0 else self._end(nodes[-1], limit)
        parts = [(text.strip(), line) for text, line, _ in self.inline(nodes, self._start(nodes[0]))]
        while parts and not parts[-1][0]:
            parts.pop()
        while parts and not parts[0][0]:
            parts.pop(0)
        if not parts:
            return []
        out = [(text, line, line) for text, line in parts]
        text, line, _ = out[-1]
        out[-1] = (text, line, max(line, last))
        return out

    def inline(self, nodes: Iterable[PageElement], line: int, wrap: bool = True) -> list[_Line]:
        """The Markdown of inline nodes as lines, each with its source line and whether a ``<br>``
        started it. With ``wrap``, a line of text that goes on on the next source line goes on on the
        next Markdown line too (a soft break, as in the Markdown paragraph written on those lines);
        without, it goes on after a space (text inside bold or a link)."""
        out: list[_Line] = [("", line, False)]
        at = line
        closed = False  # the last text put ends with emphasis closed after punctuation (``**Term:**``)

        def put(text: str, mark: bool = False) -> None:
            nonlocal closed
            current, start, hard = out[-1]
            if not current.strip():
                current, start = "", at  # the line starts where its text does
                text = text.lstrip()
            elif current.endswith(" ") and text.startswith(" "):
                text = text[1:]
            elif (closed and _latin(text[:1])) or (
                mark and _latin(current[-1:]) and _PUNCTUATION.match(text.lstrip("*")[:1])
            ):
                # ``<b>Term:</b>text``: emphasis that ends (or starts) on punctuation right beside a
                # letter is no emphasis in Markdown; a space beside it keeps it bold
                text = " " + text
            closed = mark and bool(_PUNCTUATION.match(text.rstrip("*")[-1:] or " "))
            out[-1] = (current + text, start, hard)

        def new_line(hard: bool) -> None:
            if out[-1][0].strip() or hard:
                out.append(("", at, hard))

        for node in nodes:
            if isinstance(node, Comment):
                raise _NotPlain
            if isinstance(node, NavigableString):
                pieces = str(node).split("\n") if wrap else [str(node)]
                for number, piece in enumerate(pieces):
                    if number:
                        at += 1
                        new_line(False)
                    if piece.strip() or out[-1][0].strip():
                        put(_escape(_SPACE.sub(" ", piece)))
                continue
            if not isinstance(node, Tag):
                raise _NotPlain
            _check_attributes(node)
            name = node.name
            at = self._start(node)
            if name == "br":
                new_line(True)
                continue
            if name not in _INLINE:
                raise _NotPlain
            inner_lines = self.inline(node.children, at, wrap and name == "span")
            if len(inner_lines) > 1 and name != "span":
                raise _NotPlain  # a line break inside bold or a link: no Markdown for it
            at += str(node).count("\n")
            if name == "span":
                put(inner_lines[0][0])
                out.extend(inner_lines[1:])
                continue
            inner = inner_lines[0][0]
            if name in _MARKS:
                put(_wrap(_MARKS[name], inner), mark=True)
            elif name == "code":
                put(_code(node.get_text()))
            elif name == "a":
                put(_link(node, inner))
            else:
                put(f"<{name}>{inner}</{name}>")
        return out

    def flat(self, nodes: Iterable[PageElement], line: int, breaks: str) -> str:
        """Inline nodes on one line: a ``<br>`` as ``breaks``, a source line break as a space."""
        text = ""
        for part, _, hard in self.inline(nodes, line):
            text = f"{text}{breaks if hard else ' '}{part.strip()}" if text else part.strip()
        return text.strip()

    def list_items(self, node: Tag, limit: int) -> list[MarkdownLine]:
        ordered = node.name == "ol"
        number = _start_number(node)
        out: list[MarkdownLine] = []
        for child in node.children:
            if isinstance(child, NavigableString) and not isinstance(child, Comment) and not child.strip():
                continue
            if not isinstance(child, Tag) or child.name != "li":
                raise _NotPlain
            _check_attributes(child)
            marker = f"{number}. " if ordered else "- "
            number += 1
            body = self.blocks(list(child.children), limit)
            start = self._start(child)
            if not body:
                out.append((marker.rstrip(), start, start))
                continue
            indent = " " * len(marker)
            for index, (text, first, last) in enumerate(body):
                out.append((marker + text if index == 0 else (indent + text if text else ""), first, last))
        return out

    def definitions(self, node: Tag, limit: int) -> list[MarkdownLine]:
        """``<dt>term</dt><dd>meaning</dd>`` as a list item ``**term**: meaning`` (several meanings:
        one nested item each)."""
        out: list[MarkdownLine] = []
        terms: list[tuple[Tag, list[Tag]]] = []
        for child in node.children:
            if isinstance(child, NavigableString) and not isinstance(child, Comment) and not child.strip():
                continue
            if not isinstance(child, Tag) or child.name not in ("dt", "dd"):
                raise _NotPlain
            _check_attributes(child)
            if child.name == "dt":
                terms.append((child, []))
            elif terms:
                terms[-1][1].append(child)
            else:
                raise _NotPlain
        for term, meanings in terms:
            start = self._start(term)
            label = self.flat(term.children, start, " ")
            if not label:
                raise _NotPlain
            if not label.startswith("**"):
                label = f"**{label}**"
            bodies = [self.blocks(list(meaning.children), limit) for meaning in meanings]
            bodies = [body for body in bodies if body]
            if len(bodies) == 1 and len(bodies[0]) == 1:
                text, first, last = bodies[0][0]
                out.append((f"- {label}: {text}", start, last))
                continue
            out.append((f"- {label}", start, self._end(term, limit)))
            for body in bodies:
                for index, (text, first, last) in enumerate(body):
                    out.append((f"  - {text}" if index == 0 else (f"    {text}" if text else ""), first, last))
        return out

    def table(self, node: Tag) -> list[MarkdownLine]:
        rows: list[tuple[Tag, list[str]]] = []
        header_cells = False
        for row in _rows(node):
            cells: list[str] = []
            for cell in row.children:
                if isinstance(cell, NavigableString) and not isinstance(cell, Comment) and not cell.strip():
                    continue
                if not isinstance(cell, Tag) or cell.name not in ("th", "td"):
                    raise _NotPlain
                _check_attributes(cell)
                cells.append(self.flat(cell.children, self._start(cell), "<br>"))
                if not rows and cell.name == "th":
                    header_cells = True
            rows.append((row, cells))
        if not rows or (not header_cells and len(rows) < 2):
            raise _NotPlain
        width = max(len(cells) for _, cells in rows)
        out: list[MarkdownLine] = []
        for index, (row, cells) in enumerate(rows):
            line = self._start(row)
            padded = cells + [""] * (width - len(cells))
            out.append(("| " + " | ".join(padded) + " |", line, line))
            if index == 0:
                out.append(("|" + " --- |" * width, line, line))
        return out


def _rows(table: Tag) -> list[Tag]:
    rows: list[Tag] = []
    for child in table.children:
        if isinstance(child, NavigableString) and not isinstance(child, Comment) and not child.strip():
            continue
        if not isinstance(child, Tag) or child.name not in _TABLE_PARTS:
            raise _NotPlain
        _check_attributes(child)
        if child.name == "tr":
            rows.append(child)
        elif child.name in ("thead", "tbody", "tfoot"):
            rows.extend(_rows(child))
        else:
            raise _NotPlain
    return rows


def _check_attributes(node: Tag) -> None:
    allowed = _ATTRIBUTES.get(node.name, frozenset()) | _ANY_ATTRIBUTES
    if any(name.lower() not in allowed for name in node.attrs):
        raise _NotPlain


def _start_number(node: Tag) -> int:
    value = node.get("start")
    text = value if isinstance(value, str) else "1"
    return int(text) if text.strip().isdigit() else 1


def _starts_at_one(node: Tag) -> bool:
    """An ordered list that Markdown lets stand right under a paragraph (it starts at 1)."""
    return node.name == "ol" and _start_number(node) == 1


def _link(node: Tag, inner: str) -> str:
    href = node.get("href")
    if not isinstance(href, str) or not href.strip() or any(char in href for char in "<>\n"):
        return inner
    return f"[{inner}](<{href.strip()}>)" if inner.strip() else ""
