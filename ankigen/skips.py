"""Skip markers: the learner says "no card from this" in the notes themselves.

The markers are comments, so they are invisible wherever the notes are rendered (Obsidian, VS Code,
GitHub), and ankigen takes them out of the text before parsing, so they never reach a card:

* ``<!-- ankigen: skip -->`` (or Obsidian's ``%% ankigen: skip %%``) at the end of a line or list
  item: that item gives no card (a list item, a table row, or the note that ends on that line);
* the same on a line of its own: the next block gives none (a paragraph, a list, a table or a
  code block; directly under a heading, also the heading's own definition, which that block makes);
* ``<!-- ankigen: skip-section -->`` right under a heading: that section and its subsections;
* ``ankigen: skip`` in the front matter: the whole file.

An unknown ``ankigen:`` directive is a warning with ``file:line``. Markers in code blocks are text.

This module works on source lines only, not on a parse tree: :func:`read_markers` turns the
markers into line ranges (:class:`SkipPlan`), :meth:`SkipPlan.resolved` ends each skipped block
where the parser's span of it ends, and :meth:`SkipPlan.apply` takes the notes that start in the
ranges out of a file's notes, in one place (:func:`ankigen.pipeline._notes_for_file`). So it
holds whatever parser makes the blocks, as long as blocks and notes carry their source lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ankigen.patterns import lazy_compile

from .model import Diagnostic, Document, Note, Skipped, Span
from .reader import SourceText

__all__ = ["DIRECTIVES", "SKIP_CODE", "SKIP_REASON", "SkipPlan", "SkipRule", "read_markers"]

DIRECTIVES = ("skip", "skip-section")
SKIP_REASON = "skip marker"
SKIP_CODE = "skip-marker"
"""The :class:`~ankigen.extract.Skipped` code (one of :data:`ankigen.extract.selection.REASONS`)."""

# each form scans only up to the next "<" or "%": linear in the line, however many markers it holds
_MARKER = lazy_compile(r"<!--\s*ankigen\s*:(?P<html>(?:(?!-->)[^<])*)-->|%%\s*ankigen\s*:(?P<obsidian>[^%]*)%%")
_FENCE = lazy_compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = lazy_compile(r"^\s{0,3}(#{1,6})(?:\s|$)")
_LIST_ITEM = lazy_compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_FRONT_MATTER_KEY = lazy_compile(r"^ankigen\s*:")


@dataclass(frozen=True, slots=True)
class SkipRule:
    """Lines whose notes give no card. ``start``: notes that start on ``first``..``last``;
    ``cover``: notes that start on ``first``..``last`` and reach down to ``last`` (the marker's
    line), so a note that ends with the marked line goes and the notes before it in the block stay."""

    first: int
    last: int
    marker: int
    mode: Literal["start", "cover"] = "start"
    block: int = 0
    """For a marker on its own line: the first line of the block it skips (its end is then taken
    from the parser's span of that block, see :meth:`SkipPlan.resolved`)."""

    def skips(self, span: Span) -> bool:
        if not self.first <= span.line <= self.last:
            return False
        return self.mode == "start" or max(span.end_line, span.line) >= self.last


@dataclass(frozen=True, slots=True)
class SkipPlan:
    """What a file's markers skip: the whole file (``whole_file``, where it says so) or line ranges."""

    path: str
    rules: tuple[SkipRule, ...] = ()
    whole_file: Span | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    def skips(self, span: Span) -> bool:
        return self.whole_file is not None or any(rule.skips(span) for rule in self.rules)

    def resolved(self, document: Document) -> SkipPlan:
        """The plan with each skipped block ending where the parser's span of it ends (the lines
        alone give a close guess: blank lines, fences and list markers, not CommonMark in full)."""
        if not any(rule.block for rule in self.rules):
            return self
        ends: dict[int, int] = {}
        for section in document.sections:
            for block in section.blocks:
                ends.setdefault(block.span.line, max(block.span.end_line, block.span.line))
        rules = tuple(replace(rule, last=ends[rule.block]) if rule.block in ends else rule for rule in self.rules)
        return replace(self, rules=rules)

    def apply(self, notes: Sequence[Note]) -> tuple[list[Note], list[Skipped]]:
        """The notes no marker skips, and the others as skipped candidates (``inspect --explain``)."""
        if not self.rules and self.whole_file is None:
            return list(notes), []
        from .state import prompt_text  # here: most files have no marker, and inspect writes no state

        kept: list[Note] = []
        skipped: list[Skipped] = []
        for note in notes:
            if self.skips(note.span):
                skipped.append(Skipped(note.span, prompt_text(note), SKIP_REASON, SKIP_CODE))
            else:
                kept.append(note)
        return kept, skipped


def read_markers(source: SourceText) -> tuple[SourceText, SkipPlan]:
    """The source with every ``ankigen:`` marker taken out of its lines (the line count kept, so
    spans do not move), and what the markers skip."""
    path = source.path
    diagnostics: list[Diagnostic] = []
    whole_file = _front_matter_skip(source, diagnostics)
    lines = list(source.lines)
    if not any("ankigen" in line for line in lines[source.body_start :]):
        return source, SkipPlan(path, (), whole_file, tuple(diagnostics))
    in_code = _code_lines(lines, source.body_start)
    # first every marker out of the text (a line that held only markers is blank), then the ranges
    # over the text as it is parsed
    markers: list[tuple[int, list[str]]] = []
    for index in range(source.body_start, len(lines)):
        line = lines[index]
        if "ankigen" not in line or index in in_code:
            continue
        names = [
            (m.group("html") if m.group("html") is not None else m.group("obsidian")).strip()
            for m in _MARKER.finditer(line)
        ]
        if names:
            lines[index] = _MARKER.sub("", line).rstrip()
            markers.append((index, names))
    rules: list[SkipRule] = []
    for index, names in markers:
        for name in names:
            where = Span(path, index + 1)
            rule = _rule(name, lines, index, bool(lines[index].strip()), in_code, where, diagnostics)
            if rule is not None:
                rules.append(rule)
    cleaned = replace(source, lines=tuple(lines))
    return cleaned, SkipPlan(path, tuple(rules), whole_file, tuple(diagnostics))


def _front_matter_skip(source: SourceText, diagnostics: list[Diagnostic]) -> Span | None:
    if "ankigen" not in source.front_matter:
        return None
    line = next(
        (index + 1 for index in range(source.body_start) if _FRONT_MATTER_KEY.match(source.lines[index])),
        1,
    )
    value = source.front_matter["ankigen"]
    if isinstance(value, str) and value.strip() == "skip":
        # the span runs to the last line: every line the file holds is named by this one explain entry
        return Span(source.path, line, max(line, len(source.lines)))
    diagnostics.append(
        Diagnostic(
            Span(source.path, line),
            f"front matter 'ankigen: {value}' is not a directive ankigen knows; ignored. "
            "'ankigen: skip' makes the whole file give no card",
        )
    )
    return None


def _code_lines(lines: Sequence[str], start: int) -> set[int]:
    """Indexes of the lines in fenced code blocks, fences included."""
    inside: set[int] = set()
    fence = ""
    for index in range(start, len(lines)):
        match = _FENCE.match(lines[index])
        if fence:
            inside.add(index)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
        elif match:
            fence = match.group(1)
            inside.add(index)
    return inside


def _rule(
    name: str,
    lines: Sequence[str],
    index: int,
    at_end_of_line: bool,
    in_code: set[int],
    where: Span,
    diagnostics: list[Diagnostic],
) -> SkipRule | None:
    number = index + 1
    if name not in DIRECTIVES:
        diagnostics.append(
            Diagnostic(
                where,
                f"unknown ankigen directive {name!r}; ignored. Known: "
                + ", ".join(f"<!-- ankigen: {known} -->" for known in DIRECTIVES),
            )
        )
        return None
    if name == "skip-section":
        heading = _heading_above(lines, index) if not at_end_of_line else index
        if heading is None or not _HEADING.match(lines[heading]):
            diagnostics.append(
                Diagnostic(
                    where,
                    "skip-section belongs right under a heading (on the next line); ignored here. "
                    "Use <!-- ankigen: skip --> for one block or item",
                )
            )
            return None
        return SkipRule(heading + 1, _section_end(lines, heading, in_code), number)
    if at_end_of_line:
        return _item_rule(lines, index, in_code)
    block = _next_block(lines, index, in_code)
    if block is None:
        diagnostics.append(Diagnostic(where, "nothing follows this skip marker to skip; ignored"))
        return None
    first, last = block
    start = first
    heading = _heading_above(lines, index)
    if heading is not None and _HEADING.match(lines[heading]) and not _HEADING.match(lines[first]):
        first = heading  # the heading's definition is made from this block: it goes too
    return SkipRule(first + 1, last + 1, number, block=start + 1)


def _heading_above(lines: Sequence[str], index: int) -> int | None:
    """The index of the nearest non-blank line above ``index``, if any."""
    above = index - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    return above if above >= 0 else None


def _section_end(lines: Sequence[str], heading: int, in_code: set[int]) -> int:
    """The last line (1-based) of the section of the heading at ``heading``, subsections included."""
    match = _HEADING.match(lines[heading])
    assert match is not None
    level = len(match.group(1))
    for index in range(heading + 1, len(lines)):
        other = _HEADING.match(lines[index])
        if other and index not in in_code and len(other.group(1)) <= level:
            return index
    return len(lines)


def _item_rule(lines: Sequence[str], index: int, in_code: set[int]) -> SkipRule:
    """A marker at the end of line ``index``: its list item, table row, heading or the note ending there."""
    line = lines[index]
    number = index + 1
    if _LIST_ITEM.match(line) or line.lstrip().startswith("|") or _HEADING.match(line):
        return SkipRule(number, number, number)
    # a continuation line: of a list item (then the item), or of a paragraph (then the note that ends here)
    above = index - 1
    while above >= 0 and lines[above].strip() and above not in in_code and not _HEADING.match(lines[above]):
        if _LIST_ITEM.match(lines[above]):
            item = above + 1
            return SkipRule(item, item, number)
        above -= 1
    return SkipRule(above + 2, number, number, "cover")


def _next_block(lines: Sequence[str], index: int, in_code: set[int]) -> tuple[int, int] | None:
    """The first and last index of the block after line ``index``: a code block, a list (with its
    nested items and blank lines between items), a heading line, or lines up to a blank line."""
    first = index + 1
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first >= len(lines):
        return None
    if first in in_code:  # a fenced code block, through its closing fence (or the end of the file)
        last = first + 1
        while last < len(lines) and not _closes(lines, first, last):
            last += 1
        return first, min(last, len(lines) - 1)
    if _HEADING.match(lines[first]):
        return first, first
    last = first
    is_list = bool(_LIST_ITEM.match(lines[first]))
    while last + 1 < len(lines):
        following = lines[last + 1]
        if _HEADING.match(following) or (last + 1 in in_code and not is_list):
            break
        if not following.strip():
            if not is_list:
                break
            after = last + 2
            while after < len(lines) and not lines[after].strip():
                after += 1
            if after >= len(lines) or not (_LIST_ITEM.match(lines[after]) or lines[after][:1] in (" ", "\t")):
                break
            last = after
            continue
        last += 1
    return first, last


def _closes(lines: Sequence[str], opening: int, index: int) -> bool:
    """Whether line ``index`` is the fence that closes the code block opened at ``opening``."""
    start = _FENCE.match(lines[opening])
    end = _FENCE.match(lines[index])
    return bool(start and end and index > opening and end.group(1)[0] == start.group(1)[0])
