"""Stage 2, prepare: source lines -> the body lines the parser reads, one output line per input line.

This stage works on text only and never moves a line, so the parser's line maps are file lines.
It does not decide structure (the CommonMark parser in :mod:`ankigen.render` does); it only
rewrites what CommonMark editors people use show differently, and what would make parsing slow:

* Japanese ``・`` bullets become list items (``- ``), as many Japanese editors show them, and a run
  of ``•`` bullets not under a Markdown list loses its common indentation (``\t•\tText``, as word
  processors paste them, is a list, not code);
* a line that is only bold text, alone between blank lines over a paragraph of prose
  (``**Network Address**``), becomes a heading one level under the heading above it
  (:func:`_bold_headings`);
* a lone ``-`` right under a line of text is read as a separator (an empty bullet, as notes pasted
  from outliners use it), not as the underline of a setext heading (``===`` and ``---`` are);
* Obsidian ``[[target|alias]]`` links become their text (``[[Page#Heading]]``: ``Page > Heading``,
  as Obsidian shows it; ``[[Page#^id]]``: ``Page``) and ``![[file.png]]`` embeds become images
  (outside code), so a ``|`` in a link never splits a table cell;
* what Obsidian's reading view hides is taken out (outside code), the line kept: ``%% comments %%``
  (inline, or over several lines: a line inside one is blank), a block id ``^id`` on a line of its
  own (one ending a line of text pins the note, see :mod:`ankigen.identity`), and ``#tags`` that end
  a line or make up a whole line (labels, not facts; a tag inside a sentence stays as written);
* lines longer than :data:`MAX_LINE_CHARS` are dropped, and lists and quotes nested deeper than
  :data:`MAX_DEPTH` are moved out to that depth (on one line or by indentation);
* a run of lines with many unmatched ``[`` or stray ``<`` has them escaped;
* bullets indented four spaces right under a heading, and a fence with no language around notes
  written in Markdown (bold-term bullets and bold lines, no code), are read as the notes they are,
  not as code (:func:`_indented_outlines`, :func:`_fenced_outlines`).

Each of these, and a ragged table or an unclosed code fence, is a ``file:line`` warning.
"""

from __future__ import annotations

import re

from ankigen.patterns import lazy_compile

from .extract.vocabulary import GENERIC_LABELS, NON_STUDY_HEADINGS, NON_STUDY_TERMS, TOPIC_LABELS
from .model import Diagnostic, Span

__all__ = ["MAX_DEPTH", "MAX_LINE_CHARS", "prepare_lines"]

MAX_LINE_CHARS = 20_000
"""Longer lines are dropped with a warning: no card needs them, and they make rendering slow."""
MAX_DEPTH = 16
"""Deeper list and quote nesting is flattened to this depth with a warning."""
_MAX_STRAY = 32  # unmatched '[' or stray '<' in one block before they are escaped

# The opening only; the closing '#'s are stripped by hand (_heading): the one-regex form
# (.*?)[ \t]*#*[ \t]*$ backtracks cubically on a heading with a long run of spaces (2,000: 5 s).
_HEADING_OPEN = lazy_compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
_FENCE = lazy_compile(r"^(\s*(?:(?:[-*+]|\d{1,9}[.)])\s+)?)(`{3,}|~{3,})")
_MARKER = lazy_compile(r"^(\s*)([-*+]|\d{1,9}[.)])(\s+|$)")
_JA_BULLET = lazy_compile(r"^(\s*)[・•●◦▪](\s*)")
_TABLE_LINE = lazy_compile(r"^\s*\|")
_QUOTE = lazy_compile(r"^\s{0,3}>")
# no '[' inside: each match attempt then stops at the next '[', which keeps a line of '[[[[...' linear
_EMBED = lazy_compile(r"!\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_WIKILINK = lazy_compile(r"\[\[([^\[\]|#]*)(?:#([^\[\]|]*))?(?:\|([^\[\]]*))?\]\]")
_COMMENT = "%%"
_TICKS = lazy_compile(r"`+")
# an Obsidian tag, a word of its own: '#', then letters, digits, _ - / with at least one non-digit
_TAG_WORD = lazy_compile(r"#[\w/-]*[^\W\d][\w/-]*")
_BLOCK_ID_WORD = lazy_compile(r"\^[A-Za-z0-9][A-Za-z0-9-]*")
_MARKERS_ONLY = lazy_compile(r"^[ \t]*(?:(?:[-*+>]|\d{1,9}[.)])[ \t]*)*$")
_BLOCK_ID_ONLY = lazy_compile(r"^[ \t]*\^[A-Za-z0-9][A-Za-z0-9-]*[ \t]*$")
_HR = lazy_compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_CONTAINER = lazy_compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
_TAG_LIKE = lazy_compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>")
# no two \s* side by side (with only an optional '|' between): that form split a run of spaces
# every possible way before failing, quadratic in its length
_ALIGN_ROW = lazy_compile(r"^\s*(?:\|\s*)?:?-+:?(?:\s*\|\s*:?-+:?)+(?:\s*\|)?\s*$")


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes the code block ``fence`` opened: the same character, at least as
    many, and nothing else on the line (CommonMark's closing fence)."""
    stripped = line.strip()
    return stripped.startswith(fence) and stripped.strip(fence[0]) == ""


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
        if alias is not None and alias.strip():
            return alias.strip()
        # Obsidian shows a heading link as "Page > Heading" (nested: "Page > H1 > H2"); a block
        # link (#^id) as its page, or as the id alone within the same page
        parts = [target.strip()] if target.strip() else []
        if heading is not None and not heading.startswith("^"):
            parts.extend(part.strip() for part in heading.split("#") if part.strip())
        if not parts and heading:
            parts.append(heading.strip())
        return " > ".join(parts)

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
    (``> > > ...`` or ``- - - ...``): the parser recurses once per level."""
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
    bullet = _JA_BULLET.match(line)
    if bullet:
        line = f"{bullet.group(1)}- {line[bullet.end() :]}"
    return _replace_links(line)


def _bullet_shift(out: list[str], indent: int) -> int:
    """Columns to take off a run of ``•`` bullets starting at ``indent``: all of it, unless the run
    goes on a Markdown list or indented text above it (then its indentation nests it there). Notes
    pasted from word processors indent ``\t•\tText`` by a tab, which CommonMark reads as code."""
    above = next((line for line in reversed(out) if line.strip()), "")
    if _MARKER.match(above) or _indent_width(above) > 0:
        return 0
    return indent


def _shifted(line: str, indent: str, shift: int) -> str:
    if not shift:
        return line
    return " " * max(0, _indent_width(indent) - shift) + line[len(indent) :]


def _visible(line: str, in_comment: bool) -> tuple[str, bool]:
    """``line`` without its ``%% comments %%`` (not inside a code span), and whether a comment is
    still open at its end. A comment inside the line goes with the spaces before it; the text after
    a comment closed from an earlier line keeps the line's indentation."""
    if _COMMENT not in line:
        return ("" if in_comment else line), in_comment
    pieces: list[str] = []
    position = 0
    if in_comment:
        close = line.find(_COMMENT)
        if close == -1:
            return "", True
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        rest = line[close + 2 :].lstrip(" \t")
        if not rest.strip():
            return "", False
        line = indent + rest
        position = len(indent)
        pieces.append(indent)
    while True:
        opening = line.find(_COMMENT, position)
        tick = line.find("`", position)
        if tick != -1 and (opening == -1 or tick < opening):
            end = _code_span_end(line, tick)
            pieces.append(line[position:end])
            position = end
            continue
        if opening == -1:
            pieces.append(line[position:])
            return "".join(pieces), False
        pieces.append(line[position:opening].rstrip(" \t") if opening > position else "")
        close = line.find(_COMMENT, opening + 2)
        if close == -1:
            return "".join(pieces).rstrip(" \t"), True
        position = close + 2
        after = line[position:]
        if pieces and "".join(pieces).strip() and after[:1] in (" ", "\t"):
            pieces.append(" ")
        position += len(after) - len(after.lstrip(" \t"))


def _code_span_end(line: str, start: int) -> int:
    """Where the code span opened by the backticks at ``start`` ends (after its closing run of as
    many backticks); without one, where the opening run ends (the backticks are then text)."""
    opening = _TICKS.match(line, start)
    assert opening is not None
    for run in _TICKS.finditer(line, opening.end()):
        if len(run.group()) == len(opening.group()):
            return run.end()
    return opening.end()


def _without_trailing_tags(line: str) -> str:
    """``line`` without the ``#tags`` that end it after its text (a block id after them stays), so
    ``- **Switch**: forwards frames #layer2 ^sw`` -> ``- **Switch**: forwards frames ^sw``. Word by
    word from the end, linear in the line."""
    text = line.rstrip(" \t")
    block_id = ""
    cut = max(text.rfind(" "), text.rfind("\t"))
    if cut >= 0 and _BLOCK_ID_WORD.fullmatch(text, cut + 1):
        block_id = text[cut:]
        text = text[:cut].rstrip(" \t")
    end = len(text)
    while True:
        cut = max(text.rfind(" ", 0, end), text.rfind("\t", 0, end))
        if cut < 0 or not _TAG_WORD.fullmatch(text, cut + 1, end):
            break
        end = len(text[:cut].rstrip(" \t"))
    if end == len(text) or not text[:end].strip():
        return line
    return text[:end] + block_id


def _hidden_removed(path: str, lines: tuple[str, ...], body_start: int) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """``lines`` without what Obsidian's reading view hides (see the module docstring), outside
    fenced code; a line that held only hidden text is blank, so no line moves."""
    if not any(_COMMENT in line or "#" in line or "^" in line for line in lines[body_start:]):
        return lines, []
    out = list(lines)
    fence: str | None = None
    in_comment = False
    opened = 0
    for index in range(body_start, len(lines)):
        line = lines[index]
        if fence is not None and not in_comment:
            if _closes(line, fence):
                fence = None
            continue
        if not in_comment:
            fence_match = _FENCE.match(line)
            if fence_match:
                fence = fence_match.group(2)
                continue
        if in_comment or _COMMENT in line:
            was_open = in_comment
            line, in_comment = _visible(line, in_comment)
            if in_comment and not was_open:
                opened = index + 1
        if "^" in line and _BLOCK_ID_ONLY.match(line):
            line = ""
        elif "#" in line:
            if all(_TAG_WORD.fullmatch(word) for word in line.split()):
                line = ""
            else:
                untagged = _without_trailing_tags(line)
                if not _MARKERS_ONLY.match(untagged):  # "- #todo" stays an item
                    line = untagged
        out[index] = line
    diagnostics = []
    if in_comment:
        diagnostics.append(
            Diagnostic(
                Span(path, opened),
                "comment opened with %% is never closed; everything after it is hidden, as Obsidian hides it. "
                "Close it with %%",
            )
        )
    return tuple(out), diagnostics


def prepare_lines(path: str, lines: tuple[str, ...], body_start: int) -> tuple[tuple[str, ...], tuple[Diagnostic, ...]]:
    """The body lines (``lines[body_start:]``) as the parser should read them, one output line per
    input line, and the warnings found on the way (see the module docstring)."""
    lines, diagnostics = _hidden_removed(path, lines, body_start)
    out: list[str] = []
    fence: str | None = None
    fence_line = 0
    shift: int | None = None  # columns taken off the run of ``•`` bullets under way (None: no run)
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
            if _closes(line, fence):
                fence = None
            out.append(line)
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            fence = fence_match.group(2)
            fence_line = number
            out.append(line)
            continue
        if _heading(line):
            out.append(_replace_links(line))
            continue
        if line.strip() == "-" and out and out[-1].strip():
            out.append("")  # a lone '-' under text separates (an empty bullet), it is no setext underline
            continue
        line = _cap_containers(path, number, line, diagnostics)
        bullet = _JA_BULLET.match(line)
        if bullet is None:
            shift = None if line.strip() else shift
        else:
            if shift is None:
                shift = _bullet_shift(out, _indent_width(bullet.group(1)))
            line = _shifted(line, bullet.group(1), shift)
        out.append(_normalise_line(line))
    if fence is not None:
        diagnostics.append(
            Diagnostic(
                Span(path, fence_line),
                "code fence is never closed; everything after it is read as code. Close it with a matching fence",
            )
        )
    out = _indented_outlines(out)
    out = _fenced_outlines(out)
    out = _bold_headings(out)
    out = _cap_list_depth(path, body_start, out, diagnostics)
    out = _check_chunks(path, body_start, out, diagnostics)
    return tuple(out), tuple(diagnostics)


# a line that is only bold text (``**Network Address**``, ``**Loop prevention:**``), not a sentence
_BOLD_ONLY = lazy_compile(r"^\*\*([^*\n]{1,60}?)\*\*[ \t]*[:：]?[ \t]*$")
_SENTENCE_END = ("。", ".", "!", "?", "！", "？")
# a line that opens no plain paragraph: a list item, quote, table row, image, HTML, HR, bold-only line
_NOT_PROSE = lazy_compile(r"^(?:[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|[>|!<\[]|\*\*[^*]*\*\*[ \t]*[:：]?[ \t]*$)")
_MIN_BOLD_HEADINGS = 2
_BOLD_LABELS = NON_STUDY_TERMS | TOPIC_LABELS | GENERIC_LABELS | NON_STUDY_HEADINGS | {"note", "notes", "tip", "tips"}


def _bold_headings(lines: list[str]) -> list[str]:
    """A line that is only bold text, standing alone (blank lines around it) over a paragraph of
    prose, is read as a heading one level under the heading above it (``**Network Address**``, a
    blank line, then what it is): its paragraph then has a subject, as under a ``###`` heading. Not
    a bold sentence (``**…are stored.**``), a label (``**Example**``, ``**Note:**``), a line over a
    list, code, a table or another bold line (bold labels over those are read as they were), nor
    in a section whose headings are already six deep. Only where the notes do it at least
    :data:`_MIN_BOLD_HEADINGS` times: one lone bold line over a paragraph is as often the label of a
    remark on the notes (``**About this translation**``) as a heading."""
    out = list(lines)
    found: list[tuple[int, int]] = []
    level = 1
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is not None:
            if _closes(line, fence):
                fence = None
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            fence = fence_match.group(2)
            continue
        heading = _heading(line)
        if heading:
            level = heading[0]
            continue
        bold = _BOLD_ONLY.match(line)
        if bold is None or level >= 6 or not _bold_heading(bold.group(1).strip()):
            continue
        if (index and lines[index - 1].strip()) or index + 1 >= len(lines) or lines[index + 1].strip():
            continue
        below = index + 1
        while below < len(lines) and not lines[below].strip():
            below += 1
        if below >= len(lines) or not _prose_line(lines[below]):
            continue
        found.append((index, level))
    if len(found) < _MIN_BOLD_HEADINGS:
        return out
    for index, level in found:
        out[index] = f"{'#' * (level + 1)} {lines[index].strip()}"
    return out


def _bold_heading(title: str) -> bool:
    return (
        bool(title)
        and not title.endswith(_SENTENCE_END)
        and "=" not in title
        and title.rstrip(":：").strip().lower() not in _BOLD_LABELS
    )


def _prose_line(line: str) -> bool:
    """A line that opens a plain paragraph at the margin (no list, quote, table, code or heading)."""
    if _indent_width(line) >= 4 or _heading(line) or _FENCE.match(line) or _HR.match(line):
        return False
    return _NOT_PROSE.match(line.lstrip()) is None


# a bullet of prose: a marker, then a word (bold or in code, as a term is written) and at least three
# more (``- Pods run one or more …``, ``- **Pod**: the smallest unit …``)
_PROSE_BULLET = lazy_compile(r"^[-*+] +(?:\*\*|`)?[A-Za-z][\w'’-]*(?:\*\*|`)?:?(?: +\S+){3,}")
# what marks an indented block as code, whatever its first line: a YAML or JSON key, a shell
# prompt or comment, a brace or semicolon ending a line, an HTML tag
_CODE_LINE = lazy_compile(r"^(?:[-*+] +)?[\w.-]+:(?:\s|$)|^[$#>]|^<|[{};]$")


def _indented_outlines(lines: list[str]) -> list[str]:
    """Bullets indented four spaces or more right under a heading (``## Pods`` over ``    - A pod is
    …``), as some editors indent a section's outline: CommonMark reads them as an indented code
    block, so they made no card. When the block opens with a bullet of prose and holds no line of
    code (see :data:`_CODE_LINE`), it is moved left by its smallest indent, every line kept in place,
    and read as the section's list."""
    out = list(lines)
    fence: str | None = None
    index = 0
    while index < len(out):
        line = out[index]
        if fence is not None:
            if _closes(line, fence):
                fence = None
            index += 1
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            fence = fence_match.group(2)
            index += 1
            continue
        if not _heading(line):
            index += 1
            continue
        start = index + 1
        while start < len(out) and not out[start].strip():
            start += 1
        stop = start
        while stop < len(out) and (not out[stop].strip() or _indent_width(out[stop]) >= 4):
            stop += 1
        end = stop
        while end > start and not out[end - 1].strip():
            end -= 1
        block = out[start:end]
        if block and _indented_outline(block):
            shift = min(len(text) - len(text.lstrip(" ")) for text in block if text.strip())
            out[start:end] = [text[shift:] if text.strip() else "" for text in block]
        index = max(stop, index + 1)
    return out


def _indented_outline(block: list[str]) -> bool:
    """An indented block (see :func:`_indented_outlines`) that is an outline, not code: indented by
    spaces only, opening with a bullet of prose, no line of it code."""
    texts = [text for text in block if text.strip()]
    if any(text[: len(text) - len(text.lstrip())].count("\t") for text in texts):
        return False
    if not _PROSE_BULLET.match(texts[0].strip()):
        return False
    return not any(_CODE_LINE.search(text.strip()) for text in texts)


# a line of a Markdown outline: a bullet or numbered item, a line in bold, or a heading
_OUTLINE_LINE = lazy_compile(r"^(?:[-*+]|\d{1,9}[.)])\s+\S|^\*\*[^*\s][^*]*\*\*:?$|^#{1,6}\s+\S")
_BOLD_RUN = lazy_compile(r"\*\*[^*\s][^*]*?\*\*")
# what marks a fenced line as code even in an outline: a prompt, a brace, a semicolon or a backslash
# ending the line, an assignment, an HTML tag
_FENCED_CODE = lazy_compile(r"^[$#>]\s|[{};\\]$|^\s*[\w.-]+\s*=\s*\S|^<")
_MIN_OUTLINE_LINES = 5


def _fenced_outlines(lines: list[str]) -> list[str]:
    """A code fence with no language around notes written in Markdown (``**1. Subnets**`` over
    ``- **Public Subnet** - Has route to …`` bullets), as notes pasted from a chat or an editor's
    preview come: CommonMark reads the whole block as code, so its terms made no card. When every
    line of the block is a line of an outline (a bullet, a bold line, a heading), at least half of
    them hold a **bold** term and none is code (:data:`_FENCED_CODE`), the two fence lines are
    blanked and the block is read as the notes it holds, every line kept in place. A short block
    (fewer than :data:`_MIN_OUTLINE_LINES` lines) stays code: it is more likely an example of how
    to write Markdown than notes."""
    out = list(lines)
    index = 0
    while index < len(out):
        fence_match = _FENCE.match(out[index])
        if not fence_match:
            index += 1
            continue
        fence = fence_match.group(2)
        close = index + 1
        while close < len(out) and not _closes(out[close], fence):
            close += 1
        if close >= len(out):
            break  # never closed: prepare_lines has warned, everything after it is code
        info = out[index][fence_match.end() :].strip()
        if not fence_match.group(1) and not info and _fenced_outline(out[index + 1 : close]):
            out[index] = out[close] = ""
        index = close + 1
    return out


def _fenced_outline(block: list[str]) -> bool:
    """A fenced block (see :func:`_fenced_outlines`) that holds notes in Markdown, not code."""
    texts = [text.strip() for text in block if text.strip()]
    if len(texts) < _MIN_OUTLINE_LINES or any(not _OUTLINE_LINE.match(text) for text in texts):
        return False
    if any(_FENCED_CODE.search(text) for text in texts):
        return False
    return 2 * sum(1 for text in texts if _BOLD_RUN.search(text)) >= len(texts)


def _cap_list_depth(path: str, body_start: int, lines: list[str], diagnostics: list[Diagnostic]) -> list[str]:
    """Items nested deeper than :data:`MAX_DEPTH` are moved out to that depth (one warning, at the
    first); nesting is by column, as CommonMark reads it. Notes nest a few levels: nothing changes."""
    markers: list[int] = []  # marker columns of the open items, outermost first
    out = list(lines)
    too_deep: tuple[int, int] | None = None
    fence: str | None = None
    for position, line in enumerate(lines):
        if fence is not None:
            if _closes(line, fence):
                fence = None
            continue
        if not line.strip():
            continue
        width = _indent_width(line)
        marker = _MARKER.match(line)
        fence_match = _FENCE.match(line)
        if fence_match:
            fence = fence_match.group(2)
        if not marker:
            if width == 0:
                markers = []
            continue
        while markers and width <= markers[-1]:
            markers.pop()
        if len(markers) >= MAX_DEPTH:
            column = markers[MAX_DEPTH - 1]
            markers[MAX_DEPTH - 1 :] = []
            too_deep = (too_deep[0] if too_deep else position, MAX_DEPTH + 1)
            out[position] = " " * column + line.lstrip(" \t")
            width = column
        markers.append(width)
    if too_deep is not None:
        diagnostics.append(
            Diagnostic(
                Span(path, body_start + too_deep[0] + 1),
                f"list nested {too_deep[1]} levels deep; items deeper than {MAX_DEPTH} levels are read "
                f"at level {MAX_DEPTH}. Indent less",
            )
        )
    return out


def _check_chunks(path: str, body_start: int, lines: list[str], diagnostics: list[Diagnostic]) -> list[str]:
    """Per run of non-blank lines outside code: the table checks, and hostile brackets defused."""
    out: list[str] = []
    chunk: list[str] = []
    chunk_start = 0
    fence: str | None = None

    def flush() -> None:
        nonlocal chunk
        if chunk:
            first = body_start + chunk_start + 1
            _check_tables(path, first, chunk, diagnostics)
            out.extend(_defuse(path, first, chunk, diagnostics))
        chunk = []

    for position, line in enumerate(lines):
        if fence is not None:
            if _closes(line, fence):
                fence = None
            out.append(line)
            continue
        fence_match = _FENCE.match(line)
        if fence_match or not line.strip():
            flush()
            if fence_match:
                fence = fence_match.group(2)
            out.append(line)
            continue
        if not chunk:
            chunk_start = position
        chunk.append(line)
    flush()
    return out


def _defuse(path: str, start: int, lines: list[str], diagnostics: list[Diagnostic]) -> list[str]:
    """Escape unmatched (or very deeply nested) ``[`` and stray ``<`` when a block has many of them.

    Link and tag parsing look for the closing bracket of every ``[`` and the end of every ``<``, so
    thousands of them could take quadratic time. Notes have a
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
    # an unclosed '(' after ']' makes a link parser scan to the end for the link's target
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


def _check_tables(path: str, first: int, lines: list[str], diagnostics: list[Diagnostic]) -> None:
    """Each pipe table in a run of lines: see :func:`_check_table`."""
    for offset in range(len(lines) - 1):
        if "|" in lines[offset] and "-" in lines[offset + 1] and _ALIGN_ROW.match(lines[offset + 1]):
            _check_table(path, first + offset, lines[offset:], diagnostics)


def _check_table(path: str, start: int, lines: list[str], diagnostics: list[Diagnostic]) -> None:
    """Warn about what a GFM parser silently drops from a ragged table: the whole table when the
    alignment row does not match the header, the extra cells of a longer row."""
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
                    f"table row has {cells} cells but the header has {header}; the cells after the first "
                    f"{header} join the last cell on a new line. Add header cells to give them a column of their own",
                )
            )


def _positions(text: str, char: str) -> list[int]:
    found: list[int] = []
    index = text.find(char)
    while index != -1:
        found.append(index)
        index = text.find(char, index + 1)
    return found
