"""A task heading over its command: ``### バージョン管理されているファイルを全部ステージしたい`` or
``### How do I drop the last commit?`` with a fenced block of one command right under it.

Recipe notes (flight rules, cheat sheets) ask a task in the heading and answer it with the command
below; the command alone is code and the heading alone a title, so both were explained and the
recipe made no card. The heading is the question and the command, shown as code, the answer.

Exercise files ask in the heading and hide the answer in a ``<details>`` reveal
(``### Get pods on all namespaces`` over ``<details><summary>show</summary>`` and a block of
``kubectl get po --all-namespaces``): the reveal says the heading is a question, so it need not
read as one; a one-line command right inside it answers it (``Alternatively`` and a second one-line
block after it is an equal answer), and a heading that asks two things (``… and …``) may take a
two-line block, one command each. YAML bodies, commented scripts and answers led by a sentence stay
explained as code.

Left alone: a heading that does not ask a task (no ``したい``, ``するには``, ``How do I``, ``?``), a
block of several commands or with comments (a script, not one answer), a command that is not the
first thing under the heading (the text before it says which case it answers), and a long command.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Block, CodeBlock, Document, NoteKind, Paragraph, RawBlock, Section
from . import ExtractContext, register
from .common import study_sections
from .tags import breadcrumb

_TASK = lazy_compile(r"(?:したい|するには|する方法)$|^how\s+(?:do|can|should)\s+(?:i|you|we)\b.*\?$", re.IGNORECASE)
_PROMPT = lazy_compile(r"^\s*\$\s+")
_DECORATED_PROMPT = lazy_compile(r"^\s*\S*[)\]>:~]\s*[$#%]\s")
_MAX_COMMAND_CHARS = 80
_MAX_REVEALED_CHARS = 100
"""A command revealed under an exercise heading may be longer: the heading says what it does."""
_REVEAL = lazy_compile(r"^\s*<details\b", re.IGNORECASE)
_ALTERNATIVE = lazy_compile(r"^(?:alternatively|or)\b[^.!?]{0,40}[:.]?$", re.IGNORECASE)
_TWO_TASKS = lazy_compile(r"\s(?:and|&)\s", re.IGNORECASE)


def _command(block: CodeBlock, most_lines: int = 1, most_chars: int = _MAX_COMMAND_CHARS) -> str:
    """The one command a block holds, a bare ``$`` prompt left out; '' otherwise (a prompt that shows
    more, ``(my-branch*)$``, is part of what the block says: the block stays explained as code).
    With ``most_lines`` 2, a block of two such commands, one a line, joined by a newline."""
    lines = [line for line in block.text.splitlines() if line.strip()]
    if not 1 <= len(lines) <= most_lines:
        return ""
    commands: list[str] = []
    for line in lines:
        if _DECORATED_PROMPT.match(line):
            return ""
        command = _PROMPT.sub("", line).strip()
        if not command or len(command) > most_chars or " #" in command or command.startswith("#"):
            return ""
        commands.append(command)
    return "\n".join(commands)


def _revealed(section: Section) -> tuple[CodeBlock, str, tuple[Block, ...]] | None:
    """An exercise's answer: the one-line command block first inside the ``<details>`` reveal that
    opens the section, its command(s) and the blocks it answers with (an ``Alternatively`` block
    after it included)."""
    blocks = section.blocks
    if len(blocks) < 2 or not isinstance(blocks[0], RawBlock) or not _REVEAL.match(blocks[0].html):
        return None
    block = blocks[1]
    if not isinstance(block, CodeBlock):
        return None
    title = " ".join(section.title.split())
    command = _command(block, 2 if _TWO_TASKS.search(title) else 1, _MAX_REVEALED_CHARS)
    if not command:
        return None
    used: tuple[Block, ...] = (block,)
    rest = blocks[2:]
    if len(rest) >= 2 and isinstance(rest[0], Paragraph) and _ALTERNATIVE.match(rest[0].text.strip()):
        other = rest[1]
        alternative = _command(other, 1, _MAX_REVEALED_CHARS) if isinstance(other, CodeBlock) else ""
        if alternative and "\n" not in command:
            command = f"{command}\n{_OR}{rest[0].text.strip().rstrip(':.')}\x00{alternative}"
            used = (block, rest[0], other)
    return block, command, used


_OR = "\x00"


def _answer(command: str) -> str:
    """The command(s) as code, one a line; an alternative after the word that leads it in the notes
    (``Alternatively: kubectl get po -A``)."""
    parts = []
    for line in command.split("\n"):
        if line.startswith(_OR):
            lead, _, alternative = line[len(_OR) :].partition(_OR)
            parts.append(f"{html.escape(lead)}: <code>{html.escape(alternative)}</code>")
        else:
            parts.append(f"<code>{html.escape(line)}</code>")
    return "<br>".join(parts)


@register("task-commands", order=45)
def extract_task_commands(document: Document, context: ExtractContext) -> None:
    """One basic card per task heading answered by the one command right under it."""
    for section in study_sections(document):
        title = " ".join(section.title.split())
        if not section.level or not section.blocks:
            continue
        revealed = _revealed(section) if len(title.split()) >= 3 else None
        if revealed is not None:
            block, command, used = revealed
        elif _TASK.search(title) and isinstance(section.blocks[0], CodeBlock):
            block, used = section.blocks[0], (section.blocks[0],)
            command = _command(block)
        else:
            continue
        if not command or any(context.claimed(part) for part in used):
            continue
        fields = {"Question": html.escape(title), "Answer": _answer(command)}
        if section.path[:-1]:
            fields["Context"] = breadcrumb(section.path[:-1])
        context.emit(
            NoteKind.BASIC,
            title,
            section.span.at(section.span.line, used[-1].span.end_line),
            fields,
            section=section,
            term=title,
            source=block,
        )
        context.claim(*used)
        opener = section.blocks[0]
        if revealed is not None and isinstance(opener, RawBlock):
            context.skip(
                opener.span,
                opener.text,
                "the reveal widget (`<details>`) that hides the answer of the card at line "
                f"{section.span.line}, not a fact; no card",
                code="html",
            )
