"""A task heading over its command: ``### バージョン管理されているファイルを全部ステージしたい`` or
``### How do I drop the last commit?`` with a fenced block of one command right under it.

Recipe notes (flight rules, cheat sheets) ask a task in the heading and answer it with the command
below; the command alone is code and the heading alone a title, so both were explained and the
recipe made no card. The heading is the question and the command, shown as code, the answer.

Left alone: a heading that does not ask a task (no ``したい``, ``するには``, ``How do I``, ``?``), a
block of several commands or with comments (a script, not one answer), a command that is not the
first thing under the heading (the text before it says which case it answers), and a long command.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import CodeBlock, Document, NoteKind
from . import ExtractContext, register
from .common import study_sections
from .tags import breadcrumb

_TASK = lazy_compile(r"(?:したい|するには|する方法)$|^how\s+(?:do|can|should)\s+(?:i|you|we)\b.*\?$", re.IGNORECASE)
_PROMPT = lazy_compile(r"^\s*\$\s+")
_DECORATED_PROMPT = lazy_compile(r"^\s*\S*[)\]>:~]\s*[$#%]\s")
_MAX_COMMAND_CHARS = 80


def _command(block: CodeBlock) -> str:
    """The one command a block holds, a bare ``$`` prompt left out; '' otherwise (a prompt that shows
    more, ``(my-branch*)$``, is part of what the block says: the block stays explained as code)."""
    lines = [line for line in block.text.splitlines() if line.strip()]
    if len(lines) != 1:
        return ""
    if _DECORATED_PROMPT.match(lines[0]):
        return ""
    command = _PROMPT.sub("", lines[0]).strip()
    if not command or len(command) > _MAX_COMMAND_CHARS or " #" in command or command.startswith("#"):
        return ""
    return command


@register("task-commands", order=45)
def extract_task_commands(document: Document, context: ExtractContext) -> None:
    """One basic card per task heading answered by the one command right under it."""
    for section in study_sections(document):
        title = " ".join(section.title.split())
        if not section.level or not section.blocks or not _TASK.search(title):
            continue
        block = section.blocks[0]
        if not isinstance(block, CodeBlock) or context.claimed(block):
            continue
        command = _command(block)
        if not command:
            continue
        fields = {"Question": html.escape(title), "Answer": f"<code>{html.escape(command)}</code>"}
        if section.path[:-1]:
            fields["Context"] = breadcrumb(section.path[:-1])
        context.emit(
            NoteKind.BASIC,
            title,
            section.span.at(section.span.line, block.span.end_line),
            fields,
            section=section,
            term=title,
            source=block,
        )
        context.claim(block)
