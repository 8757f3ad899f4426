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

A bullet that says a task can be done some way (``コマンド経由で無効化することもできます。``) over one
sub-bullet ``Label: `command``` (``コマンド プロンプト (管理者権限): `schtasks …```) asks the task
(``コマンド経由で無効化するには``), answered by the label and the command: the label says where to type
the command, it is no term the command defines.

A heading that names a task as an action (``## Moving a filter up``, ``## How to rename a branch``)
with one command in `code` alone on a line among its sentences (`` `insert term A before term B` ``)
is answered by that command: ``Moving a filter up › command`` → the command. The sentences stay the
heading's own card; the command was explained as code and never asked.
"""

from __future__ import annotations

import html

from ankigen.patterns import lazy_compile

from ..model import Block, Document, ListBlock, ListItem, Paragraph, Section
from . import ExtractContext, register
from .common import is_group_heading, iter_items, sentence_like, study_sections
from .task_commands import _emit_asked

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
            _emit_asked(
                context,
                section,
                question,
                "<br>".join(f"<code>{html.escape(line)}</code>" for line in commands),
                section.span.at(previous.span.line, block.span.end_line),
                block,
                path=section.path if not topic else section.path[:-1],
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


# the line right above a heading's lone command that says the task it does: ``Juniper makes it simple
# to move a term.``, ``Use this to rename a branch:`` (a verb, then its object of a few words)
_TASK_BEFORE = lazy_compile(
    r"\bto\s+(?P<task>[a-z]+\s+(?:a|an|the|one|this|that|your)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s*[.:：]?$"
)


def _task_before(blocks: tuple[Block, ...], block: Block) -> str:
    """The task the one-sentence paragraph right above ``block`` says (``move a term``), or ''."""
    index = blocks.index(block)
    above = blocks[index - 1] if index else None
    if not isinstance(above, Paragraph) or "\n" in above.text.strip():
        return ""
    found = _TASK_BEFORE.search(" ".join(above.text.split()))
    return found.group("task") if found is not None else ""


def _emit_task_heading(section: Section, context: ExtractContext) -> None:
    """A bullet that says a task can be done some way (``コマンド経由で無効化することもできます。``) over one
    sub-bullet ``Label: `command``` (``コマンド プロンプト (管理者権限): `schtasks …```) asks the task
    (``コマンド経由で無効化するには``), answered by the label and the command: the label says where to type
    the command, it is no term the command defines.

    A heading that names a task as an action, with one command in `code` alone on a line among the
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
    task = _task_before(section.blocks, block)
    # (the heading alone may front its sentences' card)
    question = f"{title} › {task or 'command'}"
    _emit_asked(
        context,
        section,
        question,
        f"<code>{html.escape(command)}</code>",
        section.span.at(section.span.line, block.span.end_line),
        block,
        path=section.path[:-1],
    )
    context.claim(block)


# a bullet that says a task can be done some way (``コマンド経由で無効化することもできます。``)
_CAN_DO = lazy_compile(r"^(?P<task>[^。、]{2,40}?)(?:することも|することが|も)?できます。$")
# ``コマンド プロンプト (管理者権限): `schtasks …```: where to type it, then the command
_PLACE_LABEL = lazy_compile(r"^(?P<label>[^:：`]{2,80}?)\s*[:：]\s*$")
_MAX_PLACE_CHARS = 30


def _placed_command(item: ListItem, most: int = _MAX_PLACE_CHARS) -> tuple[str, str]:
    """(label, command) of a bullet that is only ``Label: `command```, else ('', '')."""
    parts = [part for part in item.inlines if part.kind != "br" and (part.kind != "text" or part.text.strip())]
    if len(parts) != 2 or parts[0].kind != "text" or parts[1].kind != "code" or item.children:
        return "", ""
    label = _PLACE_LABEL.match(" ".join(parts[0].text.split()))
    command = " ".join(parts[1].text.split())
    if label is None or not command or len(command) > _MAX_COMMAND_CHARS or len(label.group("label")) > most:
        return "", ""
    if sentence_like(label.group("label")):
        return "", ""
    return label.group("label"), command


def _emit_can_do_items(section: Section, context: ExtractContext) -> None:
    """A bullet saying a task can be done some way over one sub-bullet ``Label: `command```: the card
    asks the task (``コマンド経由で無効化するには``) and answers with the command, its label (where to
    type it) before it; the label alone is no term the command defines."""
    for item, _ in iter_items(section.blocks):
        lists = [child for child in item.children if isinstance(child, ListBlock)]
        if len(lists) != 1 or len(lists[0].items) != 1 or len(item.children) != 1:
            continue
        found = _CAN_DO.match(" ".join(item.text.split()))
        child = lists[0].items[0]
        label, command = _placed_command(child)
        if found is None or not command or context.claimed(item) or context.claimed(child):
            continue
        question = f"{found.group('task')}するには"
        _emit_asked(
            context,
            section,
            question,
            f"{html.escape(label)}: <code>{html.escape(command)}</code>",
            section.span.at(item.span.line, child.span.end_line),
            child,
            path=section.path,
        )
        context.claim(item, child, lists[0])
        context.skip(
            section.span.at(item.span.line, item.span.line),
            " ".join(item.text.split()),
            f"a bullet that names the task of the command under it, asked as the question of the card at line "
            f"{item.span.line} ('{question[:40]}')",
            code="no-card-shape",
        )


@register("task-line-items", order=23)
def extract_can_do_items(document: Document, context: ExtractContext) -> None:
    """One basic card per 'can be done so' bullet over its one ``Label: `command``` sub-bullet, and per
    ``Use X to Y: `code``` bullet."""
    for section in study_sections(document):
        _emit_can_do_items(section, context)
        _emit_how_items(section, context)


# ``Use a classic single quote to trigger an error``: the means, then the task
_USE_TO = lazy_compile(
    r"^(?:use|try|send|type|add|inject)\s+(?P<means>\S.{1,40}?)\s+to\s+(?P<task>[a-z]\S*(?:\s+\S+){0,6})$"
)
# ``Identify BigQuery using backtick notation``: the task (an imperative), then the means
_TASK_USING = lazy_compile(
    r"^(?P<task>(?!(?:the|a|an|this|that|its|for|in|on|of|to|from|by|with|when|if|note|example)\b)"
    r"[A-Z][a-z]+(?:\s+\S+){1,5}?)\s+(?:using|with|via|through)\s+(?P<means>\S.{1,40})$"
)


def _task_and_means(label: str) -> tuple[str, str]:
    """(task, means) of a bullet's label that says how to do a task (``Use X to Y``, ``Y using X``),
    else ('', '')."""
    text = " ".join(label.split())
    found = _USE_TO.match(text[0].lower() + text[1:]) if text else None
    if found is None:
        found = _TASK_USING.match(text)
    if found is None:
        return "", ""
    return found.group("task"), found.group("means")


def _emit_how_items(section: Section, context: ExtractContext) -> None:
    """A bullet ``Use X to Y: `code``` or ``Y using X: `code```: the card asks the task Y of the heading,
    answered by the means and the code (``Detection › trigger an error`` → ``a classic single quote:
    '``); a cloze of X would show the code, and the label is no term."""
    title = " ".join(section.title.split())
    topic = title if section.level and title and not is_group_heading(title) else ""
    for item, _ in iter_items(section.blocks):
        if context.claimed(item):
            continue
        label, command = _placed_command(item, _MAX_COMMAND_CHARS)
        task, means = _task_and_means(label)
        if not task or not topic:
            continue
        question = f"{topic} › {task}"
        _emit_asked(
            context,
            section,
            question,
            f"{html.escape(means)}: <code>{html.escape(command)}</code>",
            section.span.at(item.span.line, item.span.end_line),
            item,
            path=section.path[:-1],
        )
        context.claim(item)
