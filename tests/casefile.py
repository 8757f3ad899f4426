"""Case files: ``title / . / markdown / . / expected / .`` blocks, as in markdown-it-py's fixtures.

Each case is a title line, a line holding only ``.``, the Markdown, a ``.`` line, the expected
notes, and a closing ``.`` line. Blank lines between cases, and lines starting with ``%``, are
ignored. Expected lines:

* ``kind | prompt | answer``: one note, in source order. ``prompt`` is the first field as plain
  text and must match exactly; ``answer`` (optional) must occur in the plain second field
  (for a cloze write ``cloze | text with {{c1::…}}``).
* ``  Field: text`` (indented, after a note line): the plain field contains ``text``;
  ``  Field lacks: text`` that it does not; ``  Field html: text`` checks the raw HTML
  (``  Field html lacks: text`` that the raw HTML does not hold it);
  ``  tags: t`` a tag equals ``t``; ``  deck: d``;
  ``  line: N`` the note's ``source.line`` is N (line 1 is the case's first Markdown line).
* ``warning: text`` / ``skipped: text``: a diagnostic / an ``inspect --explain`` line
  (``code: reason``, e.g. ``skipped: repeats-children``) contains it.
* ``(none)``: no notes at all.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ankigen import BuildResult, Note

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<(?:br|/?p|/?li|/?ul|/?ol|/?tr|/?td|/?th|/?dt|/?dd|/?dl|/?table|/?div)\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Case:
    title: str
    markdown: str
    expected: tuple[str, ...]
    path: Path
    line: int


def load_cases(folder: Path) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(folder.glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        index = 0
        while index < len(lines):
            if not lines[index].strip() or lines[index].startswith("%"):
                index += 1
                continue
            title, start = lines[index].strip(), index + 1
            if index + 1 >= len(lines) or lines[index + 1] != ".":
                raise ValueError(f"{path}:{index + 2}: expected '.' after the case title {title!r}")
            end_markdown = lines.index(".", index + 2)
            end_expected = lines.index(".", end_markdown + 1)
            cases.append(
                Case(
                    title,
                    "\n".join(lines[index + 2 : end_markdown]) + "\n",
                    tuple(line for line in lines[end_markdown + 1 : end_expected] if line.strip()),
                    path,
                    start,
                )
            )
            index = end_expected + 1
    return cases


def plain(fragment: str) -> str:
    """Visible text: block tags become spaces, inline tags vanish."""
    return " ".join(html.unescape(_TAG.sub("", _BREAK.sub(" ", fragment))).split())


_NOT_TEXT = re.compile(r"[\s*`=_>#|:：{}\[\]()（）!\-$\\]|c\d+(?=::)")
_QUALIFIERS = re.compile(r"の| of | › |[:：]")
_VERSUS_ASKED = re.compile(r"^How do (.+?) and .+ differ\?$|^(.+?) と .+ の違い$")
"""A ``A vs B`` topic asked as the question it names (``How do A and B differ?``): A is on the line."""


def _letters(text: str) -> str:
    """The letters of ``text`` without Markdown markup, brackets, math delimiters (``$x$`` is written
    ``\\(x\\)`` on the card), cloze numbers and spaces, folded."""
    return _NOT_TEXT.sub("", html.unescape(text)).casefold()


def starts_on_its_line(note: Note, lines: list[str]) -> bool:
    """Whether the note's source line holds the start of its prompt (of one part of it, for a prompt
    qualified by its subject: ``cfn-hupの目的``, ``Purpose of cfn-hup``, ``Cognito › IAM との連携``, a cloze
    ``SRE: {{c1::…}}`` asking the points listed under its subject)."""
    if not 0 < note.span.line <= len(lines):
        return False
    line = _letters(lines[note.span.line - 1])
    parts = [plain(note.prompt), *_QUALIFIERS.split(plain(note.prompt)), re.split(r"[:：]", plain(note.prompt))[0]]
    versus = _VERSUS_ASKED.match(plain(note.prompt))
    if versus:
        parts.append(versus.group(1) or versus.group(2))
    if note.kind.value == "definition" and "›" in note.prompt and len(note.fields) > 1:
        # ``Term › 用途`` asked from a child bullet that names no aspect: the bullet holds the answer
        parts.append(plain(note.fields[1][1]))
    if not any(_letters(part) for part in parts):
        # a prompt of signs only (``_``, ``%`` as the wildcard a bullet names): the signs on the line
        return bool(plain(note.prompt).strip()) and plain(note.prompt).strip() in lines[note.span.line - 1]
    return any(_letters(part)[:4] in line for part in parts if _letters(part))


def note_line(note: Note) -> str:
    prompt = plain(note.prompt)
    answer = plain(note.fields[1][1]) if note.kind.value != "cloze" and len(note.fields) > 1 else ""
    return f"{note.kind.value} | {prompt} | {answer}".rstrip(" |")


def _check_field(note: Note, position: int, line: str) -> str:
    name, _, wanted = line.strip().partition(": ")
    if name == "tags":
        return "" if wanted in note.tags else f"note {position}: tags {note.tags} lack {wanted!r}"
    if name == "line":
        return "" if str(note.span.line) == wanted else f"note {position}: line {note.span.line}, expected {wanted}"
    if name == "deck":
        return "" if note.deck == wanted else f"note {position}: deck {note.deck!r}, expected {wanted!r}"
    if name.endswith(" html lacks"):
        value = note.field(name[: -len(" html lacks")])
        return "" if wanted not in value else f"note {position}: {name} holds {wanted!r}: {value}"
    if name.endswith(" lacks"):
        value = plain(note.field(name[:-6]))
        return "" if wanted not in value else f"note {position}: {name[:-6]} holds {wanted!r}: {value!r}"
    if name.endswith(" html"):
        value = note.field(name[:-5])
        return "" if wanted in value else f"note {position}: {name} lacks {wanted!r}: {value}"
    value = plain(note.field(name))
    return "" if wanted in value else f"note {position}: {name} lacks {wanted!r}: {value!r}"


def check(case: Case, result: BuildResult) -> list[str]:
    """Problems found, as readable lines (empty when the case passes)."""
    notes = list(result.notes)
    problems: list[str] = []
    expected_notes = [line for line in case.expected if not line.startswith(" ") and " | " in line]
    actual = "\n".join(note_line(note) for note in notes) or "(none)"
    if "(none)" in case.expected and notes:
        problems.append(f"expected no notes, got:\n{actual}")
    if len(expected_notes) != len(notes) and "(none)" not in case.expected:
        return [f"expected {len(expected_notes)} notes, got {len(notes)}:\n{actual}"]
    position = -1
    for line in case.expected:
        if " | " in line and not line.startswith(" "):
            position += 1
            note = notes[position]
            kind, prompt, *answer = (part.strip() for part in line.split(" | ", 2))
            if note.kind.value != kind or plain(note.prompt) != prompt:
                problems.append(f"note {position + 1}: expected {kind} | {prompt}, got {note_line(note)}")
            elif answer and answer[0] not in plain(note.fields[1][1]):
                problems.append(f"note {position + 1}: answer lacks {answer[0]!r}: {note_line(note)}")
        elif line.startswith("  ") and position >= 0:
            problem = _check_field(notes[position], position + 1, line)
            if problem:
                problems.append(problem)
        elif line.startswith(("warning: ", "skipped: ")):
            wanted = line.split(": ", 1)[1]
            if line.startswith("warning"):
                found = [d.message for d in result.diagnostics]
            else:
                found = [f"{s.code}: {s.reason}" for s in result.skipped]
            if not any(wanted in text for text in found):
                problems.append(f"no {line.split(':')[0]} message contains {wanted!r}: {found}")
    return problems
