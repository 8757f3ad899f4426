"""No silent drops (issue 11): every line of content is on a card or listed by ``inspect --explain``.

The content lines are found here from the raw Markdown, independently of the parser: every
non-blank line outside front matter, fenced code, HTML and Obsidian (``%% … %%``, inline or over
lines) comments, titles (headings, a table's header row, a callout's title line), horizontal rules,
table delimiter rows, and lines Obsidian shows no text on (a ``^block-id`` or ``#tags`` alone). A MyST
directive fence (```` ```{note} ````, ``:::{tip}``, ``:::warning``) is markup around content: its
fence and option lines are not content, the lines inside are. Each must lie inside some note's span
or some skipped candidate's span.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import ankigen

from .casefile import Case, load_cases
from .conftest import REPO

CASES = load_cases(Path(__file__).parent / "cases")
TUNE = sorted((REPO / "benchmarks" / "realworld" / "tune").glob("*.md"))

_FENCE = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)*(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CALLOUT_TITLE = re.compile(r"^\s*>\s*\[![^\]]+\][-+]?")
_EMPTY_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>)*\s*$")
_DIRECTIVE_FENCE = re.compile(r"^\s*(?:>\s*)*(`{3,}|~{3,}|:{3,})(?:\s*\{[A-Za-z][\w:.-]*\}|\s*[A-Za-z]|\s*$)")
_DIRECTIVE_OPTION = re.compile(r"^\s*(?:>\s*)*:[A-Za-z][\w-]*:(?:\s|$)")


_CODE_SPAN = re.compile(r"`[^`]*`")
_HIDDEN = re.compile(r"^\s*(?:\^[A-Za-z0-9-]+|#[\w/-]*[^\W\d][\w/-]*(?:\s+#[\w/-]*[^\W\d][\w/-]*)*)\s*$")


def _outside_comments(line: str, inside: bool) -> tuple[str, bool]:
    """The text of ``line`` outside ``%% … %%`` comments (``%%`` in a code span is text), and
    whether a comment is still open at its end."""
    kept: list[str] = []
    masked = _CODE_SPAN.sub(lambda match: "`" + "x" * (len(match.group()) - 2) + "`", line)
    for number, piece in enumerate(masked.split("%%")):
        if number:
            inside = not inside
        if not inside:
            kept.append(piece)
    return " ".join(kept), inside


def content_lines(markdown: str) -> list[int]:
    """The 1-based numbers of the lines a learner wrote content on."""
    lines = markdown.split("\n")
    found: list[int] = []
    index = 0
    if lines and lines[0].strip() == "---":
        end = next((number for number in range(1, len(lines)) if lines[number].strip() in ("---", "...")), None)
        if end is not None:
            index = end + 1
    fence = ""
    directives: list[str] = []  # the markers of the directive fences open around this line
    comment = False
    obsidian_comment = False
    while index < len(lines):
        line = lines[index]
        index += 1
        marker = _DIRECTIVE_FENCE.match(line) if not fence else None
        if marker and directives and line.strip().lstrip("> ") == directives[-1]:
            directives.pop()
            continue
        if marker and (marker.group(1)[0] == ":" or "{" in line):
            if marker.group(1)[0] != ":" or line.strip().lstrip("> ") != marker.group(1):
                directives.append(marker.group(1))
                while index < len(lines) and _DIRECTIVE_OPTION.match(lines[index]):
                    index += 1
            continue
        if fence:
            if line.strip().lstrip(">- ").startswith(fence):
                fence = ""
            continue
        if obsidian_comment or "%%" in line:
            # Obsidian shows nothing of a %% comment, inline or over lines; it ends at the next %%
            line, obsidian_comment = _outside_comments(line, obsidian_comment)
            if not line.strip():
                continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)[0] * 3
            continue
        if _HIDDEN.match(line):
            continue  # a block id or tags alone on a line: Obsidian shows no text there
        if comment or line.strip().startswith("<!--"):
            comment = "-->" not in line
            continue
        following = lines[index] if index < len(lines) else ""
        if _DELIMITER.match(following) or _CALLOUT_TITLE.match(line):
            continue  # a table's header row or a callout's title: titles, as headings are
        if _HEADING.match(line) or _RULE.match(line) or _DELIMITER.match(line) or _EMPTY_MARKER.match(line):
            continue
        if line.strip() and _SETEXT.match(following) and not re.match(r"^\s*(?:[-*+]|\d+[.)])\s", line):
            index += 1  # a setext heading: its text and its underline are a title
            continue
        found.append(index)
    return found


_FRONT_ONLY = frozenset({"not-a-term"})
"""Rejections of a title line as a front (it reads as no term): they say nothing of the lines under it."""


def silent_lines(markdown: str, result: ankigen.BuildResult) -> list[int]:
    """Content lines that no note shows and no ``--explain`` entry names. A note shows the lines of
    its span, except a bullet nested under its first line whose text is on none of its fields (a
    bullet left off a cut Details is dropped unless an entry names it)."""
    lines = markdown.split("\n")
    covered: set[int] = set()
    for note in result.notes:
        span = note.span
        shown = _pairs(_note_text(note))
        for number in range(span.line, max(span.line, span.end_line) + 1):
            if number == span.line or not _BULLET.match(lines[number - 1]) or _held(lines[number - 1], shown):
                covered.add(number)
    for entry in result.skipped:
        span = entry.span
        last = span.line if entry.code in _FRONT_ONLY else max(span.line, span.end_line)
        covered.update(range(span.line, _own_end(lines, span.line, last) + 1))
    return [number for number in content_lines(markdown) if number not in covered]


def _held(line: str, shown: set[str]) -> bool:
    """Whether most of the opening of a source line's text (markup left out) is among ``shown``."""
    for pattern, replacement in _MARKUP:
        line = pattern.sub(replacement, line)
    pairs = _pairs(_NOT_WORD.sub("", line.casefold())[:60])
    return len(pairs & shown) >= 0.8 * len(pairs)


_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s")


def _own_end(lines: list[str], first: int, last: int) -> int:
    """The last line a rejection starting at bullet line ``first`` speaks for: up to its first
    child bullet (a rejected bullet does not explain the children under it), else ``last``."""
    opening = _BULLET.match(lines[first - 1]) if first <= len(lines) else None
    if opening is None:
        return last
    for number in range(first + 1, last + 1):
        child = _BULLET.match(lines[number - 1])
        if child is not None and len(child.group(1)) > len(opening.group(1)):
            return number - 1
    return last


_MARKUP = (
    (re.compile(r"%%.*?(?:%%|$)|<!--.*?(?:-->|$)"), " "),  # comments Obsidian or HTML hide
    (re.compile(r"(?:\s+#[\w/-]+)+\s*$"), ""),  # tags that end a line
    (re.compile(r"!?\[\[(?:[^\]|]*\|)?([^\]]*)\]\]"), r"\1"),  # [[page|shown]]
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),  # <https://autolink>: its address is shown
    (re.compile(r"<[^<>]+>|[*_`~]|^\s*(?:[-*+]|\d+[.)]|>)\s+(?:\[[ xX]\]\s+)?"), ""),
)
_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z])")
_NOT_WORD = re.compile(r"[\W_]+")


def _pairs(text: str) -> set[str]:
    compact = _NOT_WORD.sub("", text.casefold())
    return {compact[index : index + 2] for index in range(max(len(compact) - 1, 1))}


def _note_text(note: ankigen.Note) -> str:
    text = " ".join(value for name, value in note.fields if name != "Source")
    return html.unescape(re.sub(r"<[^<>]+>|\{\{c\d+::|::[^{}]*?\}\}|\}\}", " ", text))


def partly_carded_lines(markdown: str, result: ankigen.BuildResult) -> list[int]:
    """Prose lines a card cites with a sentence that no card citing the line holds (not even in
    its Details) and no ``--explain`` entry names: a fact dropped silently by a trim."""
    lines = markdown.split("\n")
    named: set[int] = set()
    for entry in result.skipped:
        named.update(range(entry.span.line, max(entry.span.line, entry.span.end_line) + 1))
    found: list[int] = []
    for number in content_lines(markdown):
        line = lines[number - 1]
        citing = [note for note in result.notes if note.span.line <= number <= max(note.span.line, note.span.end_line)]
        if number in named or not citing or "|" in line:
            continue
        for pattern, replacement in _MARKUP:
            line = pattern.sub(replacement, line)
        carded = set().union(*(_pairs(_note_text(note)) for note in citing))
        for sentence in _SENTENCE_END.split(line):
            pairs = _pairs(sentence)
            if len(sentence.strip()) >= 15 and len(pairs & carded) < 0.8 * len(pairs):
                found.append(number)
                break
    return found


def _report(markdown: str, silent: list[int]) -> str:
    lines = markdown.split("\n")
    return "\n".join(f"  line {number}: {lines[number - 1][:100]}" for number in silent)


@pytest.mark.parametrize("case", CASES, ids=[case.title for case in CASES])
def test_no_silent_drops_in_cases(case: Case, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(case.markdown, encoding="utf-8")
    silent = silent_lines(case.markdown, ankigen.build_notes([source]))
    assert not silent, f"{case.path.name}:{case.line}: {case.title}: silent lines\n" + _report(case.markdown, silent)


@pytest.mark.parametrize("case", CASES, ids=[case.title for case in CASES])
def test_no_sentence_of_a_carded_line_dropped_in_cases(case: Case, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(case.markdown, encoding="utf-8")
    partly = partly_carded_lines(case.markdown, ankigen.build_notes([source]))
    assert not partly, f"{case.path.name}:{case.line}: {case.title}: sentences dropped\n" + _report(
        case.markdown, partly
    )


@pytest.mark.parametrize("path", TUNE, ids=lambda path: path.name)
def test_no_sentence_of_a_carded_line_dropped_in_realworld_tune_files(path: Path) -> None:
    markdown = path.read_text(encoding="utf-8")
    partly = partly_carded_lines(markdown, ankigen.build_notes([path]))
    assert not partly, f"{path.name}: sentences dropped\n" + _report(markdown, partly)


@pytest.mark.parametrize("path", TUNE, ids=lambda path: path.name)
def test_no_silent_drops_in_realworld_tune_files(path: Path) -> None:
    markdown = path.read_text(encoding="utf-8")
    silent = silent_lines(markdown, ankigen.build_notes([path]))
    assert not silent, f"{path.name}: silent lines\n" + _report(markdown, silent)


def test_content_lines_leave_out_titles_code_and_front_matter() -> None:
    markdown = "---\ntags: [a]\n---\n# Title\n\nText here.\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert content_lines(markdown) == [6, 14]


def test_content_lines_leave_out_what_obsidian_hides() -> None:
    markdown = (
        "Shown %% hidden %% shown.\n"  # 1: content
        "%%\n- **Draft**: hidden\n```\n%%\n"  # 2-5: a block comment (its fence is commented out)
        "Shown again %% opens here\nstill hidden\ncloses %% shown.\n"  # 6-8: 6 and 8 are content
        "^an-id\n#tag #nested/tag\n"  # 9-10: shown as no text
        "Code `a %% b` stays.\n#1 is a number.\n"  # 11-12: content
    )
    assert content_lines(markdown) == [1, 6, 8, 11, 12]


def test_no_silent_drops_in_the_seeds(seeds: list[Path]) -> None:
    """The seed notes (read from ../shared/seeds, skipped when absent): no silent line either."""
    problems = []
    for path in seeds:
        markdown = path.read_text(encoding="utf-8")
        silent = silent_lines(markdown, ankigen.build_notes([path]))
        if silent:
            problems.append(f"{path.name}: {len(silent)} silent lines\n" + _report(markdown, silent[:20]))
    assert not problems, "\n".join(problems)


_LINE_CODES = frozenset({"no-card-shape", "bare-name", "details-cut", "in-details", "sentence-left-out"})
"""The codes of entries that explain lines of text as they are (extract/coverage.py)."""


def misplaced_entries(markdown: str, result: ankigen.BuildResult) -> list[int]:
    """Lines given by such an ``--explain`` entry whose quoted text starts on another line: the
    line a learner is sent to must hold the text the entry quotes, as a note's line does."""
    lines = markdown.split("\n")
    found: list[int] = []
    for entry in result.skipped:
        if entry.code not in _LINE_CODES or not 0 < entry.span.line <= len(lines) or not entry.text.strip():
            continue
        line = lines[entry.span.line - 1]
        for pattern, replacement in _MARKUP:
            line = pattern.sub(replacement, line)
        opening = _pairs(_NOT_WORD.sub("", entry.text.split("\n")[0].casefold())[:20])
        if len(opening & _pairs(line)) < 0.8 * len(opening):
            found.append(entry.span.line)
    return found


@pytest.mark.parametrize("case", CASES, ids=[case.title for case in CASES])
def test_explain_entries_give_the_line_they_quote_in_cases(case: Case, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(case.markdown, encoding="utf-8")
    misplaced = misplaced_entries(case.markdown, ankigen.build_notes([source]))
    assert not misplaced, f"{case.path.name}:{case.line}: {case.title}: entries quoting another line\n" + _report(
        case.markdown, misplaced
    )


def test_explain_entries_give_the_line_they_quote_in_tune_files_and_seeds(seeds: list[Path]) -> None:
    """An explain entry for a line of prose quotes that line (seeds read from ../shared/seeds when present)."""
    problems = []
    for path in [*TUNE, *seeds]:
        markdown = path.read_text(encoding="utf-8")
        misplaced = misplaced_entries(markdown, ankigen.build_notes([path]))
        if misplaced:
            problems.append(f"{path.name}: entries quoting another line\n" + _report(markdown, misplaced[:20]))
    assert not problems, "\n".join(problems)
