"""Task lines over command lines typed at a prompt, and runs of command bullets.

Lab notes of a router or a shell copy what was typed, prompt and all, under a bold line that says the
task (``**Create a policer policy**`` over ``[edit]`` / ``user@vsrx# set firewall policer …``). The
bold line alone is a label and the lines under it are no sentences, so each was explained as a plain
statement, and the bold line became the "definition" of the page title above it. The task line is the
question and the command lines (their prompt left off, a ``[edit …]`` line kept: it says where they
are typed) the answer: ``Firewall › Create a policer policy`` → the commands. Command lines with no
task line over them are explained as code (what they do is said nowhere).

A run of bullets that are each a command of one program (``* schtasks /change /Disable /TN "…"``,
some commented out with ``rem``, some empty) is a script to copy, not facts: each bullet is explained
as code, not as a plain statement.

A heading that names a task as an action (``## Moving a filter up``, ``## How to rename a branch``)
with one command in `code` alone on a line among its sentences (`` `insert term A before term B` ``)
is answered by that command: ``Moving a filter up › command`` → the command. The sentences stay the
heading's own card; the command was explained as code and never asked.
"""

from __future__ import annotations

import html

from ankigen.patterns import lazy_compile

from ..model import Block, Document, ListBlock, NoteKind, Paragraph, Section
from . import ExtractContext, register
from .common import is_group_heading, sentence_like, study_sections
from .tags import breadcrumb

# ``user@host# set …``, ``router> show …``, ``$ ls``: a command after a prompt
_PROMPT_LINE = lazy_compile(r"^\s*(?:[\w.-]+@[\w.:~/-]+\s?[#>%$]|[\w.-]+[#>]|[$#])\s*(?P<command>[a-z]\S*(?:\s.*)?)$")
# ``[edit firewall family inet]``: where (in a configuration tree) the lines under it are typed
_CONTEXT_LINE = lazy_compile(r"^\s*\[edit(?:\s[^\]]*)?\]\s*$")
# a command with no prompt, under a context line (``show policer P1``)
_BARE_LINE = lazy_compile(r"^\s*(?P<command>[a-z][\w.-]*(?:\s+\S+)+)\s*$")
_MAX_COMMANDS = 4
_MAX_COMMAND_CHARS = 100
_MAX_TASK_CHARS = 60
_MIN_RUN = 3
# a bullet that runs a program with its arguments (``rem`` first: commented out in a batch file)
_COMMAND_BULLET = lazy_compile(r"^(?:rem\s+|#\s*)?(?P<program>[a-z][\w.-]*(?:\.exe)?)\s+(?:/|-|[a-z])\S*(?:\s+\S+)+$")


def _command_lines(block: Block) -> list[str]:
    """The lines of a paragraph typed at a prompt (``user@host# set …``, a ``[edit …]`` line kept, the
    prompt left off), or [] when any line is something else or no line has a prompt or a context."""
    if not isinstance(block, Paragraph) or any(part.kind not in ("text", "br") for part in block.inlines):
        return []  # a command in `code` is a cheat sheet's (extract/task_commands.py)
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    out: list[str] = []
    anchored = False
    for line in lines:
        prompt = _PROMPT_LINE.match(line)
        if prompt is not None:
            out.append(prompt.group("command").strip())
            anchored = True
        elif _CONTEXT_LINE.match(line):
            out.append(" ".join(line.split()))
            anchored = True
        elif _BARE_LINE.match(line) and anchored:
            out.append(line)
        else:
            return []
    return out if anchored and any(not _CONTEXT_LINE.match(line) for line in out) else []


def _task_line(block: Block) -> str:
    """The task a paragraph of one bold phrase names (``**Create a policer policy**``), or ''."""
    if not isinstance(block, Paragraph):
        return ""
    parts = [part for part in block.inlines if part.kind != "text" or part.text.strip()]
    parts = [part for part in parts if part.kind != "br"]
    if len(parts) != 1 or parts[0].kind != "strong":
        return ""
    task = " ".join(parts[0].text.split()).rstrip(":：")
    if not 2 <= len(task) <= _MAX_TASK_CHARS or sentence_like(task) or (len(task.split()) < 2 and task.isascii()):
        return ""
    return task


def _emit_task_lines(section: Section, context: ExtractContext) -> None:
    blocks = section.blocks
    title = " ".join(section.title.split())
    topic = title if section.level and title and not is_group_heading(title) else ""
    for index, block in enumerate(blocks):
        commands = _command_lines(block)
        if not commands or context.claimed(block):
            continue
        task = _task_line(blocks[index - 1]) if index else ""
        previous = blocks[index - 1] if index else None
        typed = [line for line in commands if not _CONTEXT_LINE.match(line)]
        fits = len(typed) <= _MAX_COMMANDS and all(len(line) <= _MAX_COMMAND_CHARS for line in typed)
        if task and previous is not None and not context.claimed(previous) and fits:
            question = f"{topic} › {task}" if topic and topic.lower() not in task.lower() else task
            fields = {
                "Question": html.escape(question),
                "Answer": "<br>".join(f"<code>{html.escape(line)}</code>" for line in commands),
            }
            if section.path[:-1] or (section.path and not topic):
                fields["Context"] = breadcrumb(section.path if not topic else section.path[:-1])
            context.emit(
                NoteKind.BASIC,
                question,
                section.span.at(previous.span.line, block.span.end_line),
                fields,
                section=section,
                source=block,
            )
            context.claim(previous, block)
            continue
        context.claim(block)
        why = (
            "too many commands under the task line to learn as one answer"
            if task and not fits
            else "with no task line over them (a bold `**Do this**` line) saying what they do"
        )
        context.skip(
            block.span,
            " ".join(commands),
            f"command lines typed at a prompt (`user@host# …`, `[edit …]`) {why}: code, no card",
            code="code",
        )


def _command_run(block: ListBlock) -> bool:
    """A list whose bullets each run one program with its arguments (empty bullets aside), three or
    more of them: a script to copy."""
    texts = [" ".join(item.text.split()) for item in block.items]
    filled = [text for text in texts if text]
    if len(filled) < _MIN_RUN or any(item.children for item in block.items):
        return False
    found = [_COMMAND_BULLET.match(text) for text in filled]
    programs = {match.group("program").lower() for match in found if match is not None}
    return all(found) and len(programs) == 1


def _explain_command_runs(section: Section, context: ExtractContext) -> None:
    for block in section.blocks:
        if not isinstance(block, ListBlock) or context.claimed(block) or not _command_run(block):
            continue
        context.claim(block, *block.items)
        for item in block.items:
            text = " ".join(item.text.split())
            if not text:
                continue
            context.skip(
                item.span,
                text,
                "a bullet of a run of commands of one program (a script to copy), with no task said for it: "
                "code, no card",
                code="code",
            )


@register("task-lines", order=44)
def extract_task_lines(document: Document, context: ExtractContext) -> None:
    """One basic card per bold task line over the command lines typed for it (see the module docstring)."""
    for section in study_sections(document):
        _emit_task_lines(section, context)
        _explain_command_runs(section, context)
        _emit_task_heading(section, context)


# a heading that names a task as an action (``Moving a filter up``, ``Renaming a branch``)
_TASK_HEADING = lazy_compile(r"^(?:[A-Z][a-z]+ing|How\s+to\s+[a-z]+)\s+\S.{2,60}$")
# a command in `code` alone on its line: a program and its arguments (``insert term A before term B``)
_CODE_COMMAND = lazy_compile(r"^[a-z][\w.-]*(?:\s+\S+){1,12}$")


def _lone_command(block: Block) -> str:
    """The command a paragraph of one `code` span holds (``insert term A before term B``), or ''."""
    if not isinstance(block, Paragraph):
        return ""
    parts = [part for part in block.inlines if part.kind != "br" and (part.kind != "text" or part.text.strip())]
    if len(parts) != 1 or parts[0].kind != "code":
        return ""
    text = " ".join(parts[0].text.split())
    return text if _CODE_COMMAND.match(text) and len(text) <= _MAX_COMMAND_CHARS else ""


def _emit_task_heading(section: Section, context: ExtractContext) -> None:
    """A heading that names a task as an action, with one command in `code` alone on a line among the
    sentences under it: the card asks the heading, answered by that command (the sentences stay for
    the heading's other cards)."""
    title = " ".join(section.title.split())
    if not section.level or not _TASK_HEADING.match(title):
        return
    found = [(block, _lone_command(block)) for block in section.blocks]
    commands = [(block, command) for block, command in found if command and not context.claimed(block)]
    if len(commands) != 1:
        return
    block, command = commands[0]
    question = f"{title} › command"  # (the heading alone may front its sentences' card)
    fields = {"Question": html.escape(question), "Answer": f"<code>{html.escape(command)}</code>"}
    if section.path[:-1]:
        fields["Context"] = breadcrumb(section.path[:-1])
    context.emit(
        NoteKind.BASIC,
        question,
        section.span.at(section.span.line, block.span.end_line),
        fields,
        section=section,
        source=block,
    )
    context.claim(block)
