"""Stage 2, sections: source lines -> headings and raw Markdown blocks, each with its line span.

This stage works on text only. It splits the body at ATX headings (outside code fences) and each
section into blocks (paragraph, list, table, quote, code), so that every rendered block knows its
first line. On the way it normalises what Python-Markdown reads differently from the editors people
write in, always keeping one output line per input line so that line numbers stay exact:

* nested lists indented by 2 (or 3, or tabs) are re-indented to Python-Markdown's 4 columns by
  their real nesting (a child is indented at least to its parent's text), as CommonMark does;
* a list or table that follows a paragraph line directly starts a new block (no blank line needed);
* Japanese ``・`` bullets become list items;
* Obsidian ``[[target|alias]]`` links become their text and ``![[file.png]]`` embeds become images.

It also keeps hostile input from making the later stages slow (each with a ``file:line`` warning):
lines longer than :data:`MAX_LINE_CHARS` are dropped, lists and quotes nested deeper than
:data:`MAX_DEPTH` are flattened to that depth (Python-Markdown recurses per level), and a block with
many unmatched ``[`` or stray ``<`` has them escaped (Python-Markdown and ``html.parser`` scan to the
end of the block from each one, which is quadratic).

Python-Markdown's list parser only knows one indent width, and existing extensions
(mdx_truly_sane_lists) fix the width per document; the notes people write mix 2 and 4 spaces,
sometimes in one file, which is why nesting is resolved here by column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Diagnostic, Span

__all__ = ["MAX_DEPTH", "MAX_LINE_CHARS", "RawBlock", "RawSection", "split_sections"]

MAX_LINE_CHARS = 20_000
"""Longer lines are dropped with a warning: no card needs them, and they make rendering slow."""
MAX_DEPTH = 16
"""Deeper list and quote nesting is flattened to this depth with a warning."""
_MAX_STRAY = 32  # unmatched '[' or stray '<' in one block before they are escaped

# The opening only; the closing '#'s are stripped by hand (_heading): the one-regex form
# (.*?)[ \t]*#*[ \t]*$ backtracks cubically on a heading with a long run of spaces (2,000: 5 s).
_HEADING_OPEN = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
_FENCE = re.compile(r"^(\s*(?:(?:[-*+]|\d{1,9}[.)])\s+)?)(`{3,}|~{3,})")
_MARKER = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(\s+|$)")
_JA_BULLET = re.compile(r"^(\s*)[・•●◦▪](\s*)")
_TABLE_LINE = re.compile(r"^\s*\|")
_QUOTE = re.compile(r"^\s{0,3}>")
# no '[' inside: each match attempt then stops at the next '[', which keeps a line of '[[[[...' linear
_EMBED = re.compile(r"!\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_WIKILINK = re.compile(r"\[\[([^\[\]|#]*)(?:#([^\[\]|]*))?(?:\|([^\[\]]*))?\]\]")
_HR = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
_TAG_LIKE = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>")
# no two \s* side by side (with only an optional '|' between): that form split a run of spaces
# every possible way before failing, quadratic in its length
_ALIGN_ROW = re.compile(r"^\s*(?:\|\s*)?:?-+:?(?:\s*\|\s*:?-+:?)+(?:\s*\|)?\s*$")


@dataclass(frozen=True, slots=True)
class RawBlock:
    """Markdown text of one block; ``line`` is the 1-based line of its first line."""

    kind: str  # "paragraph", "list", "table", "quote", "code", "other"
    line: int
    lines: tuple[str, ...]

    @property
    def end_line(self) -> int:
        return self.line + len(self.lines) - 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class RawSection:
    level: int
    title: str
    line: int
    end_line: int
    blocks: tuple[RawBlock, ...]


def _indent_width(text: str) -> int:
    width = 0
    for char in text:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _replace_links(line: str) -> str:
    if "[[" not in line:
        return line

    def embed(match: re.Match[str]) -> str:
        target = match.group(1).strip()
        alt = (match.group(2) or target).strip()
        if alt.isdigit():  # Obsidian size hint ![[img.png|200]]
            alt = target
        return f"![{alt}](<{target}>)"

    def link(match: re.Match[str]) -> str:
        target, heading, alias = match.group(1), match.group(2), match.group(3)
        shown = alias if alias is not None else (target or heading or "")
        return shown.strip()

    return _WIKILINK.sub(link, _EMBED.sub(embed, line))


def _heading(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and title, without a closing sequence (``## Title ##``), as CommonMark
    reads it: the closing '#'s must follow a space, so ``# C#`` is about C#."""
    opening = _HEADING_OPEN.match(line)
    if not opening:
        return None
    title = line[opening.end() :].strip(" \t")
    without_closing = title.rstrip("#")
    if without_closing != title and (not without_closing or without_closing[-1] in " \t"):
        title = without_closing.rstrip(" \t")
    return len(opening.group(1)), title.strip()


def _cap_containers(path: str, number: int, line: str, diagnostics: list[Diagnostic]) -> str:
    """Escape the quote or list marker that would open level ``MAX_DEPTH + 1`` on one line
    (``> > > ...`` or ``- - - ...``): Python-Markdown recurses once per level."""
    if ">" not in line[:64] and not _MARKER.match(line):
        return line
    position = 0
    depth = 0
    while depth <= MAX_DEPTH:
        container = _CONTAINER.match(line, position)
        if not container:
            return line
        depth += 1
        if depth > MAX_DEPTH:
            break
        position = container.end()
    if _HR.match(line):
        return line
    marker_at = len(line) - len(line[position:].lstrip(" \t"))
    marker = _CONTAINER.match(line, position)
    assert marker is not None
    escaped = line[marker_at : marker.end()]
    escaped = escaped[:-1] + "\\" + escaped[-1] if escaped[0].isdigit() else "\\" + escaped
    diagnostics.append(
        Diagnostic(
            Span(path, number),
            f"line opens more than {MAX_DEPTH} nested quotes or lists; the rest is read as text. Nest less deeply",
        )
    )
    return line[:marker_at] + escaped + line[marker.end() :]


def _normalise_line(line: str) -> str:
    line = line.replace("\t", "    ") if line.startswith("\t") else line
    bullet = _JA_BULLET.match(line)
    if bullet:
        line = f"{bullet.group(1)}- {line[bullet.end() :]}"
    return _replace_links(line)


def split_sections(
    path: str, lines: tuple[str, ...], body_start: int
) -> tuple[tuple[RawSection, ...], tuple[Diagnostic, ...]]:
    """Split ``lines[body_start:]`` into sections; line numbers are 1-based into ``lines``."""
    diagnostics: list[Diagnostic] = []
    sections: list[RawSection] = []
    level, title, start = 0, "", body_start + 1
    body: list[tuple[int, str]] = []
    fence: str | None = None
    fence_line = 0

    def close(end: int) -> None:
        blocks = _split_blocks(path, body, diagnostics)
        if level or blocks:
            sections.append(RawSection(level, title, start, end, blocks))

    for index in range(body_start, len(lines)):
        number = index + 1
        line = lines[index]
        if len(line) > MAX_LINE_CHARS:
            diagnostics.append(
                Diagnostic(
                    Span(path, number),
                    f"line is {len(line):,} characters long, over the {MAX_LINE_CHARS:,} a line may have; "
                    "it was skipped. Break it into shorter lines or paragraphs",
                )
            )
            line = ""
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            body.append((number, line))
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            fence = fence_match.group(2)
            fence_line = number
            body.append((number, line))
            continue
        heading = _heading(line)
        if heading:
            close(number - 1)
            level, title = heading[0], _replace_links(heading[1])
            start = number
            body = []
            continue
        line = _cap_containers(path, number, line, diagnostics)
        body.append((number, _normalise_line(line)))
    if fence is not None:
        diagnostics.append(
            Diagnostic(
                Span(path, fence_line),
                "code fence is never closed; everything after it is read as code. Close it with a matching fence",
            )
        )
    close(len(lines))
    return tuple(sections), tuple(diagnostics)


def _classify(line: str) -> str:
    if _FENCE.match(line):
        return "code"
    if _TABLE_LINE.match(line):
        return "table"
    if _QUOTE.match(line):
        return "quote"
    if _HR.match(line):
        return "other"
    if _MARKER.match(line) and _indent_width(line) <= 3:
        return "list"
    return "paragraph"


def _split_blocks(path: str, body: list[tuple[int, str]], diagnostics: list[Diagnostic]) -> tuple[RawBlock, ...]:
    blocks: list[RawBlock] = []
    kind = ""
    start = 0
    current: list[str] = []
    fence: str | None = None

    def flush() -> None:
        nonlocal current, kind
        while current and not current[-1].strip():
            current.pop()
        if current:
            text_lines = current
            if kind == "list":
                text_lines, deepest = _reindent_list(current)
                if deepest is not None:
                    offset, depth = deepest
                    diagnostics.append(
                        Diagnostic(
                            Span(path, start + offset),
                            f"list nested {depth} levels deep; items deeper than {MAX_DEPTH} levels are read "
                            f"at level {MAX_DEPTH}. Indent less",
                        )
                    )
            if kind == "table":
                _check_table(path, start, text_lines, diagnostics)
            if kind != "code":
                text_lines = _defuse(path, start, text_lines, diagnostics)
            blocks.append(RawBlock(kind, start, tuple(text_lines)))
        current = []
        kind = ""

    for position, (number, line) in enumerate(body):
        if fence is not None:
            current.append(line)
            stripped = line.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
                if kind == "code":
                    flush()
            continue
        fence_match = _FENCE.match(line)
        if not line.strip():
            if kind == "list" and _list_continues(body, position):
                current.append("")
                continue
            flush()
            continue
        line_kind = _classify(line)
        # a pipe table written without the leading pipe: ``a | b`` over an alignment row ``---|---``
        next_line = body[position + 1][1] if position + 1 < len(body) else ""
        if line_kind == "paragraph" and "|" in line and (_ALIGN_ROW.match(next_line) or kind == "table"):
            line_kind = "table"
        indented = _indent_width(line) >= 1
        if fence_match and (kind != "list" or not indented):
            flush()
            kind, start, fence = "code", number, fence_match.group(2)
            current.append(line)
            continue
        if fence_match:  # a fence inside a list item
            fence = fence_match.group(2)
            current.append(line)
            continue
        if not current:
            kind, start = line_kind, number
            current.append(line)
            continue
        if kind == "list":
            if line_kind == "list" or indented:
                current.append(line)
                continue
            flush()
            kind, start = line_kind, number
            current.append(line)
            continue
        if line_kind != kind and line_kind in ("list", "table", "quote", "other"):
            flush()
            kind, start = line_kind, number
            current.append(line)
            continue
        if kind in ("table", "quote", "other") and line_kind != kind:
            flush()
            kind, start = line_kind, number
            current.append(line)
            continue
        current.append(line)
    flush()
    return tuple(blocks)


def _list_continues(body: list[tuple[int, str]], position: int) -> bool:
    """After a blank line inside a list: does the list go on (an indented line or another item)?"""
    for _, line in body[position + 1 :]:
        if not line.strip():
            continue
        return _indent_width(line) >= 1 or bool(_MARKER.match(line))
    return False


def _reindent_list(lines: list[str]) -> tuple[list[str], tuple[int, int] | None]:
    """Re-indent a list block to 4 columns a level, nesting by column as CommonMark does.

    A fenced code block inside an item becomes an indented code block (Python-Markdown reads
    fences only at the top level); its fence lines become blank lines, so line numbers hold.
    Items deeper than :data:`MAX_DEPTH` are read at that depth; the second value is then the offset
    of the first such line and the deepest nesting found.
    """
    markers: list[int] = []  # marker columns of the open items, outermost first
    out: list[str] = []
    too_deep: tuple[int, int] | None = None
    fence: str | None = None
    code_indent = 0
    fence_column = 0
    for line in lines:
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
                out.append("")
                continue
            width = _indent_width(line)
            out.append(" " * (code_indent + max(0, width - fence_column)) + line.lstrip() if stripped else "")
            continue
        if not line.strip():
            out.append("")
            continue
        width = _indent_width(line)
        content = line.lstrip()
        marker = _MARKER.match(line)
        fence_match = _FENCE.match(line)
        if marker:
            # deeper than the open item's marker: a child; otherwise a sibling of an outer item
            while markers and width <= markers[-1]:
                markers.pop()
            level = len(markers)
            if level >= MAX_DEPTH:
                too_deep = (too_deep[0] if too_deep else len(out), max(level + 1, too_deep[1] if too_deep else 0))
                level = MAX_DEPTH - 1
                markers[MAX_DEPTH - 1 :] = []
            markers.append(width)
            if fence_match:
                fence, fence_column, code_indent = fence_match.group(2), width, 4 * level + 8
                out.append(" " * (4 * level) + marker.group(0).strip())
                continue
            out.append(" " * (4 * level) + content)
            continue
        # a continuation line belongs to the deepest open item whose marker it is right of
        while markers and width <= markers[-1]:
            markers.pop()
        shift = 4 * len(markers)
        if fence_match:
            fence, fence_column, code_indent = fence_match.group(2), width, shift + 4
            out.append("")
            continue
        out.append(" " * shift + content)
    return out, too_deep


def _defuse(path: str, start: int, lines: list[str], diagnostics: list[Diagnostic]) -> list[str]:
    """Escape unmatched (or very deeply nested) ``[`` and stray ``<`` when a block has many of them.

    Python-Markdown looks for the closing bracket of every ``[`` and ``html.parser`` for the end of
    every ``<`` up to the end of the text, so thousands of them take quadratic time. Notes have a
    few; only a block with more than ``_MAX_STRAY`` is rewritten (``\\[`` and ``&lt;`` look the same).
    """
    text = "\n".join(lines)
    if text.count("[") <= _MAX_STRAY and text.count("<") <= _MAX_STRAY and text.count("](") <= _MAX_STRAY:
        return lines
    escape: list[int] = []
    stack: list[int] = []
    parens: list[int] = []
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "[":
            stack.append(position)
        elif char == "]" and stack:
            opened = stack.pop()
            if len(stack) >= MAX_DEPTH:
                escape.extend((opened, position))
        elif char == "(":
            parens.append(position)
        elif char == ")" and parens:
            parens.pop()
        position += 1
    escape.extend(stack)
    # an unclosed '(' after ']' makes Python-Markdown scan to the end for the link's target
    escape.extend(index for index in parens if index and text[index - 1] == "]")
    brackets = len(escape)
    if brackets <= _MAX_STRAY:
        escape = []
    stray = [index for index in _positions(text, "<") if not _TAG_LIKE.match(text, index)]
    if len(stray) <= _MAX_STRAY:
        stray = []
    if not escape and not stray:
        return lines
    replacements = {index: "\\" + text[index] for index in escape}
    replacements.update({index: "&lt;" for index in stray})
    pieces: list[str] = []
    previous = 0
    for index in sorted(replacements):
        pieces.append(text[previous:index])
        pieces.append(replacements[index])
        previous = index + 1
    pieces.append(text[previous:])
    what = " and ".join(
        part
        for part in (f"{brackets} unmatched '['" if escape else "", f"{len(stray)} stray '<'" if stray else "")
        if part
    )
    diagnostics.append(
        Diagnostic(
            Span(path, start),
            f"this block has {what}; they are read as plain text. Close the brackets or write &lt;",
        )
    )
    return "".join(pieces).split("\n")


def _cell_count(line: str) -> int:
    """Cells in a pipe-table line: '|' outside code spans and not escaped, less the outer ones."""
    text = line.strip()
    pipes = 0
    in_code = False
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "`":
            in_code = not in_code
        elif char == "|" and not in_code:
            pipes += 1
    pipes -= text.startswith("|")
    pipes -= text.endswith("|") and not text.endswith("\\|") and len(text) > 1
    return pipes + 1


def _check_table(path: str, start: int, lines: list[str], diagnostics: list[Diagnostic]) -> None:
    """Warn about what Python-Markdown silently drops from a ragged table: the whole table when the
    alignment row does not match the header, the extra cells of a longer row."""
    if len(lines) < 2 or not _ALIGN_ROW.match(lines[1]):
        return
    header = _cell_count(lines[0])
    alignment = _cell_count(lines[1])
    if alignment != header:
        diagnostics.append(
            Diagnostic(
                Span(path, start),
                f"table header has {header} cells but the row of dashes under it has {alignment}; the table is "
                "read as plain text. Give both the same number of cells",
            )
        )
        return
    for offset, line in enumerate(lines[2:], 2):
        if not line.strip():
            break
        cells = _cell_count(line)
        if cells > header:
            diagnostics.append(
                Diagnostic(
                    Span(path, start + offset),
                    f"table row has {cells} cells but the header has {header}; the cells past the "
                    f"{header}th are dropped. Add header cells or merge the extra ones",
                )
            )


def _positions(text: str, char: str) -> list[int]:
    found: list[int] = []
    index = text.find(char)
    while index != -1:
        found.append(index)
        index = text.find(char, index + 1)
    return found
