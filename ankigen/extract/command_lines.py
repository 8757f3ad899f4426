"""A command line and what it does, on one line: ``**`chage`** `-d 0 [user]` forces a password
change on the next login``.

Man-page-style notes (RHCSA, git, docker, kubectl cheat sheets) write a paragraph that opens with a
command in `code` (the program, often bold, then its arguments in a second span) and goes on to say
what it does. Hiding the program name in a cloze (``[...] -d 0 [user] forces a password change``)
asks nothing worth learning: the options, which are the point, stay visible, and every program of
the file fits the gap. The card asks the command for what it does instead, as the cheat-sheet
command list of :mod:`~ankigen.extract.task_commands` does: the program named on the front
(``chage › forces a password change on the next login``), the command line, as code, the answer.
A sentence after the first one (``The command still works even if …``) goes to Details.

A closing remark in brackets that names another option and what it does (``( `-n` to change
name)``, ``(add -r to remove the home directory)``) is a fact of its own: a second card asks it
(``groupmod › change name`` answered ``groupmod -n``), and the first card's front leaves it off.

A command line with a placeholder and nothing after it that says what it does (a bare synopsis
such as ``useradd [username]``, or only a bracketed remark) asks nothing: it is explained as code. A
paragraph whose one code span is the program alone (``**`chmod`** supports `-R` …``) is a sentence
about the program, not a command line, and is left to the other extractors. The shape takes two
command lines or more in a file, so a lone snippet with a remark is left alone (a lone synopsis
with a placeholder, ``git commit [options]``, is still explained: it asks nothing either).

A table of options (every first cell ``-x``, ``--name``) belongs to a command: its rows are asked
with it (``chage › -M [n]``), found by :func:`options_command` in the line right above the table (a
synopsis or example, or a sentence naming the programs in `code`: ``Most of these options work for
useradd and usermod``, which is then explained, as the fronts say what it says) or the heading.

A command sheet in plain text (no Markdown: each blank-line group a paragraph) writes a command a
line with what it does padded into a second column (three spaces or a tab), option lines (``-a
All, even stopped ones``) under their command, and a line with no command the second column of the
line above (``command-sheets``, in a file where one program opens three such lines or more). A
second column that says a task asks the command as above (``docker › List running containers`` →
``docker ps``); one that leans on the command (``Start it again``, ``To a private repository``, a
hedge such as ``amongst other things``) is asked of the command (``docker start container`` →
``Start it again``); each option is asked of its command (``docker ps › -a``). A statement
(``Default tag is "latest"``), a condition (``If …``), how the argument is given (``By …``) and a
command with nothing in its second column are explained.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ankigen.patterns import lazy_compile

from ..model import Block, Document, Inline, Inlines, NoteKind, Paragraph, Section, Table, inline_text
from . import ExtractContext, register
from .common import clean_term, is_option, study_sections
from .tags import breadcrumb

# a program name: one lowercase word (``chage``, ``kubectl``, ``git``, ``ip``, ``apt-get``)
_PROGRAM = lazy_compile(r"^(?:\$\s+)?(?P<program>[a-z][a-z0-9_.+-]{1,20})$")
_STRONG_CODE = lazy_compile(r"^<(strong|b|em)><code>[^<]*</code></\1>$")
_SENTENCE_END = lazy_compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MIN_LINES = 2
_PLACEHOLDER = lazy_compile(r"\[[^\]]+\]|<[^>]+>")
_MAX_COMMAND_CHARS = 90
_MAX_MEANING_CHARS = 220


def _is_code(inline: Inline) -> bool:
    return inline.kind == "code" or (inline.kind == "strong" and _STRONG_CODE.match(inline.html) is not None)


def command_line(block: object) -> tuple[str, str, str] | None:
    """(program, command, what it does) of a paragraph that opens with a command line in code:
    the program alone in one span and its arguments in the next, or both in one span; the words
    after it ('' for a bare synopsis). None when the paragraph is no command line."""
    if not isinstance(block, Paragraph) or "\n" in block.text.strip():
        return None
    spans: list[str] = []
    rest = len(block.inlines)
    for index, inline in enumerate(block.inlines):
        if _is_code(inline):
            spans.append(" ".join(inline.text.split()))
        elif inline.kind != "text" or inline.text.strip():
            rest = index
            break
    if not spans:
        return None
    command = " ".join(span for span in spans if span)
    words = command.split()
    opening = spans[0].removeprefix("$").split()
    found = _PROGRAM.match(opening[0]) if opening else None
    if found is None or len(words) < 2 or len(command) > _MAX_COMMAND_CHARS:
        return None
    if command.startswith("$"):
        command = command[1:].strip()
    meaning = " ".join("".join(inline.text for inline in block.inlines[rest:]).split())
    return found.group("program"), command, _SEPARATOR.sub("", meaning)


_SEPARATOR = lazy_compile(r"^(?:=+>?|-+>|→|⇒|[:：=\-–—](?=\s))\s*")
"""What joins a command to what it does (```kubectl get crd` = custom resources installed``,
``-> …``, ``: …``, ``- …``): not part of the meaning, so not on the card's front."""


@register("command-lines", order=46)
def extract_command_lines(document: Document, context: ExtractContext) -> None:
    """Each paragraph that is a command line and what it does (see the module docstring)."""
    found = [
        (section, block, line)
        for section in study_sections(document)
        for block in section.blocks
        if (line := command_line(block)) is not None
    ]
    _option_leads(document, context)
    several = len(found) >= _MIN_LINES
    for section, block, (program, command, meaning) in found:
        if context.claimed(block):
            continue
        option = _BRACKET_OPTION.search(meaning)
        if option is not None:
            meaning = meaning[: option.start()].rstrip()
        bare = not meaning or meaning.startswith(("(", "（")) or len(meaning) < 4
        if bare and not meaning and not _PLACEHOLDER.search(command) and not _before_own_command(section, block):
            continue  # a command with no placeholder may be a cheat sheet's, its meaning on the next line
        if not several and not bare:
            continue  # a lone snippet with a remark; a lone synopsis (``git commit [options]``) still asks nothing
        if option is not None and (several or bare):
            _emit_option(context, section, block, program, option)
        if bare:
            context.claim(block)
            remark = f" and only a remark in brackets after it ({meaning.strip('()（）')})" if meaning else ""
            if option is not None:
                remark = f" (the option in brackets after it, {option.group('option')}, is asked on a card of its own)"
            context.skip(
                block.span,
                command,
                f"a command line (a bare synopsis){remark}: nothing says what the command does, so a card "
                "would ask nothing; write what it does after it to get a card",
                code="code",
            )
            continue
        first, *more = _SENTENCE_END.split(meaning, 1)
        card = _command_card(program, command, first, more, section.path)
        if card is None:
            continue
        question, fields = card
        context.emit(NoteKind.BASIC, question, block.span, fields, section=section, source=block)
        context.claim(block)


def _before_own_command(section: Section, block: Block) -> bool:
    """Whether the paragraph right after ``block`` is a command line that says what its own command
    does (```kubectl get crd` = custom resources installed``): then ``block``'s command has no
    meaning on the next line, it is a bare command, not a cheat-sheet pair's first half."""
    blocks = section.blocks
    for index, candidate in enumerate(blocks[:-1]):
        if candidate is block:
            following = command_line(blocks[index + 1])
            return following is not None and len(following[2]) >= 4
    return False


def _command_card(
    program: str, command: str, first: str, more: list[str], path: Sequence[str]
) -> tuple[str, dict[str, str]] | None:
    """The question and fields of a card asking what a command line does: ``program › first``
    (the meaning's first sentence) answered by the command, the next sentence as Details, the
    breadcrumb ``path`` as Context. None when that first sentence is too long to be a prompt."""
    first = first.rstrip(" .。")
    if len(first) > _MAX_MEANING_CHARS:
        return None
    question = f"{program} › {first}"
    fields = {"Question": html.escape(question), "Answer": f"<code>{html.escape(command)}</code>"}
    if more:
        fields["Details"] = html.escape(more[0])
    if path:
        fields["Context"] = breadcrumb(path)
    return question, fields


_BRACKET_OPTION = lazy_compile(
    r"\(\s*(?:add|use|with)?\s*(?P<option>-{1,2}[A-Za-z][\w-]*)\s+(?:to|for)\s+(?P<task>[^()]{3,80}?)\s*\)\.?$"
)
"""A remark in brackets that ends a command line and names another option with what it does
(``( -n to change name)``, ``(add -r to remove the home directory)``): a fact of its own."""


def _emit_option(context: ExtractContext, section: Section, block: Block, program: str, option: re.Match[str]) -> None:
    """The card of an option a command line's closing remark names: ``groupmod › change name``
    answered by ``groupmod -n``."""
    question = f"{program} › {option.group('task').rstrip(' .。')}"
    fields = {
        "Question": html.escape(question),
        "Answer": f"<code>{html.escape(program + ' ' + option.group('option'))}</code>",
    }
    if section.path:
        fields["Context"] = breadcrumb(section.path)
    context.emit(NoteKind.BASIC, question, block.span, fields, section=section, source=block)


def options_table(table: Table) -> bool:
    """A table of a command's options: every first cell is an option (``-M [n]``, ``--lock``)."""
    firsts = [clean_term(inline_text(row[0])) for row in table.rows if row]
    return len(table.header) == 2 and bool(firsts) and all(is_option(first) for first in firsts)


def _option_leads(document: Document, context: ExtractContext) -> None:
    """The sentence over a table of options that only says which commands they belong to (``Most of
    these options work for useradd and usermod``): explained, the rows' fronts naming the commands."""
    for section in study_sections(document):
        for block in section.blocks:
            if not isinstance(block, Table) or not options_table(block):
                continue
            command, lead = options_command(section, block)
            if lead is None or context.claimed(lead):
                continue
            context.claim(lead)
            context.skip(
                lead.span,
                lead.text,
                "the line over a table of options says which commands they belong to: each row's card names "
                f"them ({command} › …), so the line asks nothing of its own",
                code="no-card-shape",
            )


def command_gap(inlines: Inlines) -> Inlines:
    """The inlines with a bold program name's gap moved to the point of the sentence: the whole
    command when its arguments follow in `code` (``using **`ls`** `-l [file]```: the gap hides
    ``ls -l [file]``, not the program alone with its options in view), else the one option the
    sentence names (``**`chmod`** supports `-R` for recursive operations``: the gap hides ``-R``,
    which is what the sentence says of chmod; many programs would fit a gap on the name)."""
    programs = [
        index
        for index, part in enumerate(inlines)
        if part.kind == "strong" and _STRONG_CODE.match(part.html) and _PROGRAM.match(part.text.strip())
    ]
    if len(programs) != 1 or sum(part.kind in ("strong", "mark") for part in inlines) != 1:
        return inlines
    index = programs[0]
    out = list(inlines)
    after = index + 1
    while after < len(inlines) and inlines[after].kind == "text" and not inlines[after].text.strip():
        after += 1
    if after < len(inlines) and inlines[after].kind == "code":
        arguments = inlines[after]
        text = f"{inlines[index].text.strip()} {' '.join(arguments.text.split())}"
        gap = f"<strong>{_unwrapped(inlines[index])} {arguments.html}</strong>"
        out[index : after + 1] = [Inline("strong", gap, text)]
        return tuple(out)
    options = [position for position, part in enumerate(inlines) if part.kind == "code" and is_option(part.text)]
    if len(options) != 1:
        return inlines
    program, option = inlines[index], inlines[options[0]]
    out[index] = Inline("code", _unwrapped(program), program.text)
    out[options[0]] = Inline("strong", f"<strong>{option.html}</strong>", option.text)
    return tuple(out)


def _unwrapped(part: Inline) -> str:
    """A bold code span's HTML without its emphasis: the ``<code>`` element alone."""
    return _EMPHASIS.sub("", part.html)


_EMPHASIS = lazy_compile(r"^<(?:strong|b|em)>|</(?:strong|b|em)>$")
_SUBCOMMAND = lazy_compile(r"^[a-z][a-z0-9-]*$")


def _command_name(command: str) -> str:
    """The program of a command line and its subcommand, if any: ``git commit`` of
    ``git commit -m [msg]``, ``chage`` of ``chage -m 0 -M 90 [user]``."""
    words = command.split()
    if len(words) > 2 and _SUBCOMMAND.match(words[1]) and words[2].startswith(("-", "[", "<")):
        return " ".join(words[:2])
    return words[0]


def options_command(section: Section, table: Table) -> tuple[str, Paragraph | None]:
    """The command a table of options belongs to, as its rows' fronts name it (``chage › -M [n]``):
    the command line of the paragraph right above the table (its synopsis or an example), or the
    program names in `code` of a sentence there (``Most of these options work for useradd and
    usermod``: ``useradd/usermod``), else the heading when it is a program name; '' when none says.
    The sentence is returned too: it only says which command the rows' fronts name."""
    blocks = section.blocks
    index = next((position for position, block in enumerate(blocks) if block is table), 0)
    before = blocks[index - 1] if index else None
    if isinstance(before, Paragraph):
        line = command_line(before)
        if line is not None:
            return _command_name(line[1]), None
        names = [
            found.group("program")
            for inline in before.inlines
            if _is_code(inline) and (found := _PROGRAM.match(" ".join(inline.text.split()))) is not None
        ]
        if 1 <= len(names) <= _MOST_NAMES:
            return "/".join(dict.fromkeys(names)), before
    title = " ".join(clean_term(section.title).split())
    named = _HEADING_COMMAND.match(title) is not None and title.split()[0] not in _NOT_PROGRAMS
    return (title if named else ""), None


_MOST_NAMES = 3
# a heading that names a command: a program and up to two subcommands, in lowercase (``## docker run``)
_HEADING_COMMAND = lazy_compile(r"^[a-z][a-z0-9_.+-]{1,20}(?: [a-z][a-z0-9-]*){0,2}$")
_NOT_PROGRAMS = frozenset(
    {"options", "option", "flags", "flag", "usage", "syntax", "examples", "example", "notes", "commands", "arguments"}
)
"""Lowercase headings over an options table that name no program (``## options``)."""


# A command sheet in plain text (``docker ps            List running containers``): each line a
# command with what it does padded into a second column, option lines (``-a    All, even stopped
# ones``) under their command, a line with no command the second column of the line above.
_COLUMN_GAP = lazy_compile(r"\s{3,}|\s*\t\s*")
_SHEET_COMMAND = lazy_compile(r"^(?:\$\s+)?(?P<program>[a-z][a-z0-9_.+-]{1,20})(?=\s|$)")
_SHEET_OPTION = lazy_compile(
    r"^(?P<option>-{1,2}[A-Za-z][\w-]*(?:=\S+)?(?:,\s*-{1,2}[A-Za-z][\w-]*)*(?: (?!-)\S+)?)"
    r"(?:\s{2,}(?P<meaning>\S.*))?$"
)
# what marks a line as a command of another program (``ssh-keygen -t ed25519``): an option, a path
_ARGUMENT = lazy_compile(r"\s(?:-{1,2}[A-Za-z]|\S*[/=:@$]\S*)")
_PATH_WORD = lazy_compile(r"^[a-z][a-z-]*$")
_MAX_PATH_WORDS = 3
_MIN_SHEET_ROWS = 3
# what a second column says when it is no task the command does: a statement (``Default tag is
# "latest"``), a condition (``If the Dockerfile specified …``), words that lean on the command
# (``By container ID or name``, ``To a private repository``, ``Start it again``, ``Delete the lot``)
_SHEET_STATEMENT = lazy_compile(
    r"\b(?:is|are|was|were|has|have|must|will|should|can)\b|^defaults?\s+to\b", re.IGNORECASE
)
_SHEET_CONDITION = lazy_compile(r"^(?:if|when|unless|once|only if|after|before)\b", re.IGNORECASE)
_SHEET_PREPOSITION = lazy_compile(r"^(?:from|to|for|in|on|at|into|onto|amongst|among)\b", re.IGNORECASE)
# a second column that says how the command's argument is given (``By container ID or name``), or
# only points elsewhere (``See man page``): nothing the command does
_SHEET_ARGUMENT = lazy_compile(r"^(?:by|via|using|with|as|e\.g\.?|eg\.?|see|cf\.?)\b", re.IGNORECASE)
# a hedge (``Shows the path, amongst other things``): the column is part of what the command does, so
# it does not find the command; the command asks it
_TRAILING_LINK = lazy_compile(r"(?:\s+(?:at|on|from|in|via))?\s+(?P<url>https?://\S+)$")
_SHEET_LEANS = lazy_compile(r"\b(?:it|them)\b|\bthe lot\b|\bam(?:ong|ongst) other things\b", re.IGNORECASE)


@dataclass
class _SheetOption:
    line: int
    option: str
    meaning: str
    last: int


@dataclass
class _SheetEntry:
    """A command of a sheet (with the other forms written right under it) and what it does, the
    lines under that, and the options listed under it."""

    commands: list[tuple[int, str]]
    meaning: str = ""
    meaning_line: int = 0
    more: list[tuple[int, str]] = field(default_factory=list)
    options: list[_SheetOption] = field(default_factory=list)


def _sheet_row(line: str, programs: frozenset[str]) -> tuple[str, str, str]:
    """(kind, left, right) of a sheet's line: ``command`` (the command and its second column, ''
    for none), ``option`` (the option and what it does) or ``more`` (a second column's line)."""
    text = line.strip()
    found = _SHEET_COMMAND.match(text)
    if found is not None and (found.group("program") in programs or _ARGUMENT.search(_COLUMN_GAP.split(text)[0])):
        parts = _COLUMN_GAP.split(text, maxsplit=1)
        return "command", parts[0].removeprefix("$").strip(), parts[1].strip() if len(parts) > 1 else ""
    option = _SHEET_OPTION.match(text)
    if option is not None:
        return "option", option.group("option"), (option.group("meaning") or "").strip()
    return "more", "", text


def _sheet_lines(block: Block) -> list[str]:
    """The lines of a plain-text paragraph, one a source line; [] for any other block."""
    if not isinstance(block, Paragraph) or any(inline.kind not in ("text", "br") for inline in block.inlines):
        return []
    lines = block.text.split("\n")
    return lines if len(lines) == block.span.end_line - block.span.line + 1 else []


def _sheet_programs(document: Document) -> frozenset[str]:
    """The programs of a file's command sheet: each opening three lines or more that have a second
    column (``docker ps            List running containers``, or ``$ git status`` over it on the next
    line); none when the file has no sheet."""
    counts: dict[str, int] = {}
    for section in study_sections(document):
        for block in section.blocks:
            lines = _sheet_lines(block)
            for index, line in enumerate(lines):
                found = _SHEET_COMMAND.match(line.strip())
                parts = _COLUMN_GAP.split(line.strip(), maxsplit=1)
                below = lines[index + 1].strip() if index + 1 < len(lines) else ""
                # ``$ git status`` over its meaning on the next line (indented in the source): the
                # prompt mark says the line is a command, the line under it, no command, its column
                prompted = line.lstrip().startswith("$ ") and below and not _SHEET_COMMAND.match(below)
                if found is None or (_SENTENCE_LIKE.search(parts[0]) and not line.lstrip().startswith("$ ")):
                    continue  # words, not a command line; but ``$ git add .`` is one, by its prompt
                if len(parts) == 2 or (prompted and len(parts) == 1 and not below.startswith("-")):
                    counts[found.group("program")] = counts.get(found.group("program"), 0) + 1
    return frozenset(program for program, count in counts.items() if count >= _MIN_SHEET_ROWS)


# a first column that is words, not a command line (``the first   column``): a capital, a full stop
_SENTENCE_LIKE = lazy_compile(r"[.!?]$|\s[A-Z][a-z]+\s[a-z]+\s[a-z]+")


def _sheet_entries(block: Block, programs: frozenset[str]) -> list[_SheetEntry]:
    """The entries of a paragraph of a command sheet; [] when it is no part of one (its first line
    not a command of the sheet's programs)."""
    lines = _sheet_lines(block)
    if not lines:
        return []
    entries: list[_SheetEntry] = []
    first = block.span.line
    for number, line in enumerate(lines, first):
        if not line.strip():
            return []
        kind, left, right = _sheet_row(line, programs)
        if kind != "command" and not entries:
            return []
        if kind == "command":
            option = _SHEET_OPTION.match(right) if right.startswith("-") else None
            last = entries[-1] if entries else None
            same = (
                last is not None
                and not right
                and last.meaning
                and not last.options
                and last.commands[-1][0] == number - 1
                and _path(last.commands[0][1]) == _path(left)
            )
            if same and last is not None:
                last.commands.append((number, left))  # another form of the command above
            elif last is not None and not right and not last.meaning and not last.options:
                last.commands.append((number, left))  # commands whose second column is below them
            else:
                entries.append(_SheetEntry([(number, left)]))
                if option is not None and option.group("meaning"):
                    entries[-1].options.append(
                        _SheetOption(number, option.group("option"), option.group("meaning"), number)
                    )
                elif right:
                    entries[-1].meaning, entries[-1].meaning_line = right, number
        elif kind == "option":
            entries[-1].options.append(_SheetOption(number, left, right, number))
        elif entries[-1].options:
            option_row = entries[-1].options[-1]
            option_row.meaning = f"{option_row.meaning} {right}".strip()
            option_row.last = number
        elif entries[-1].meaning:
            entries[-1].more.append((number, right))
        else:
            entries[-1].meaning, entries[-1].meaning_line = right, number
    return entries


def _path(command: str) -> str:
    """A command's program and the subcommands after it (``docker image ls -a`` → ``docker image ls``):
    its plain words up to an option or an argument with punctuation, three words at most."""
    words = command.split()
    path = words[:1]
    for word in words[1:_MAX_PATH_WORDS]:
        if not _PATH_WORD.match(word):
            break
        path.append(word)
    return " ".join(path)


def _sheet_task(meaning: str) -> tuple[str, str]:
    """How a sheet's second column is asked: ("task", '') when it says a task its command does (the
    task asks the command); ("leans", '') when it leans on the command (``Start it again``, ``To
    Docker Hub``: the command asks it); ("", why) when it asks nothing of the command."""
    if meaning.endswith(("?", "？")):
        return "task", ""
    if _SHEET_ARGUMENT.match(meaning):
        return "", "it says how the command's argument is given (By …, With …) or points elsewhere, not what it does"
    if _SHEET_CONDITION.match(meaning):
        return "", "it says when to use the command (a condition), not what it does"
    if _SHEET_PREPOSITION.match(meaning) or _SHEET_LEANS.search(meaning):
        return "leans", ""
    if _SHEET_STATEMENT.search(meaning):
        return "", "it states a fact, not what the command does"
    return "task", ""


def _emit_sheet_entry(context: ExtractContext, section: Section, block: Block, entry: _SheetEntry) -> None:
    """The cards of one entry of a command sheet: the task asked of the program, answered by the
    command(s); each option asked of the command; an explain line for what makes no card."""
    lines = [number for number, _ in entry.commands]
    commands = [command for _, command in entry.commands]
    program = commands[0].split()[0]
    last = max([*lines, entry.meaning_line, *(number for number, _ in entry.more)])
    span = section.span.at(lines[0], last)
    shown = " ".join(commands)
    if not entry.meaning:
        context.skip(
            section.span.at(lines[0], lines[-1]),
            shown,
            "a command sheet's command with nothing in its second column saying what it does"
            + (" (its options below are asked on cards of their own)" if entry.options else "")
            + "; no card",
            code="code",
        )
    elif (shape := _sheet_task(entry.meaning))[1]:
        context.skip(
            span,
            f"{shown} {entry.meaning}",
            f"a command sheet's line whose second column is no task the command does: {shape[1]}; no card",
            code="no-card-shape",
        )
    elif shape[0] == "leans":
        # the second column leans on the command (``Start it again``): the command is the front
        term = commands[0]
        definition = " ".join([entry.meaning, *(text for _, text in entry.more)])
        link = _TRAILING_LINK.search(definition)
        more = [f"<code>{html.escape(c)}</code>" for c in commands[1:]]
        if link is not None:
            # ``To Docker Hub at https://…``: the address is a reference, shown under the answer
            definition = definition[: link.start()].rstrip()
            more.append(html.escape(link.group("url")))
        fields = {"Term": f"<code>{html.escape(term)}</code>", "Definition": html.escape(definition)}
        if more:
            fields["Details"] = "<br>".join(more)
        if section.path:
            fields["Context"] = breadcrumb(section.path)
        context.emit(NoteKind.DEFINITION, term, span, fields, section=section, source=block)
    else:
        meaning = entry.meaning.rstrip(" .")
        details = [text for _, text in entry.more]
        question = f"{program} › {meaning}"
        fields = {
            "Question": html.escape(question),
            "Answer": "<br>".join(f"<code>{html.escape(c)}</code>" for c in commands),
        }
        if details:
            fields["Details"] = "<br>".join(html.escape(text) for text in details)
        if section.path:
            fields["Context"] = breadcrumb(section.path)
        context.emit(NoteKind.BASIC, question, span, fields, section=section, source=block)
    path = _path(commands[-1])
    for option in entry.options:
        where = section.span.at(option.line, option.last)
        if not option.meaning:
            context.skip(
                where,
                option.option,
                f"an option of {path} with nothing saying what it does; no card",
                code="code",
            )
            continue
        name, equals, _ = option.option.partition("=")
        if not equals or " " in name or option.line == option.last:
            name = option.option  # ``--restart=unless-stopped`` over its values is asked as ``--restart``
        definition = option.meaning
        term = f"{path} › {name}"
        fields = {"Term": html.escape(term), "Definition": html.escape(definition)}
        if section.path:
            fields["Context"] = breadcrumb(section.path)
        context.emit(NoteKind.DEFINITION, term, where, fields, section=section, source=block)


@register("command-sheets", order=17)
def extract_command_sheets(document: Document, context: ExtractContext) -> None:
    """A plain-text command sheet's lines (see the comment over :data:`_COLUMN_GAP`): each command
    asked by what its second column says it does (``docker › List running containers`` →
    ``docker ps``), each option listed under it asked of the command (``docker ps › -a``)."""
    programs = _sheet_programs(document)
    if not programs:
        return
    for section in study_sections(document):
        for block in section.blocks:
            if context.claimed(block):
                continue
            entries = _sheet_entries(block, programs)
            if not entries:
                continue
            for entry in entries:
                _emit_sheet_entry(context, section, block, entry)
            context.claim(block)


_CODE_TITLE = lazy_compile(r"^\s*<code>([^<]+)</code>\s*$")
_JA_SENTENCE_END = lazy_compile(r"(?<=。)")


def _code_heading(section: Section) -> tuple[str, str] | None:
    """(program, command) of a heading that is only a command line in code (``### `docker ps```),
    else None: a command sheet's entry, its explanation the paragraph under it."""
    found = _CODE_TITLE.match(section.title_html)
    if found is None or not section.level:
        return None
    command = " ".join(html.unescape(found.group(1)).split()).removeprefix("$").strip()
    words = command.split()
    program = _PROGRAM.match(words[0]) if words else None
    if program is None or len(words) < 2 or len(command) > _MAX_COMMAND_CHARS:
        return None
    return program.group("program"), command


@register("command-headings", order=47)
def extract_command_headings(document: Document, context: ExtractContext) -> None:
    """Headings that are each only a command line in code, over one paragraph saying what it does
    (``### `docker ps``` / ``Lists the running containers.``), two or more in a file (a command
    sheet written as headings): each asked like a command line (``docker › Lists the running
    containers`` → ``docker ps``), the sentences after the first in Details. The heading alone names
    no term a definition could ask (it is code), so it made no card."""
    found = [
        (section, line, section.blocks[0])
        for section in study_sections(document)
        if (line := _code_heading(section)) is not None
        and section.blocks
        and isinstance(section.blocks[0], Paragraph)
        and "\n" not in section.blocks[0].text.strip()
        and not any(_is_code(inline) for inline in section.blocks[0].inlines)
    ]
    if len(found) < _MIN_LINES:
        return
    for section, (program, command), block in found:
        meaning = " ".join(block.text.split())
        if context.claimed(block) or len(meaning) < 4:
            continue
        splitter = _JA_SENTENCE_END if "。" in meaning else _SENTENCE_END
        first, *more = [part.strip() for part in splitter.split(meaning, 1) if part.strip()]
        card = _command_card(program, command, first, more, section.path[:-1])
        if card is None:
            continue
        question, fields = card
        span = section.span.at(section.span.line, block.span.end_line)
        context.emit(NoteKind.BASIC, question, span, fields, section=section, source=block)
        context.claim(block)
