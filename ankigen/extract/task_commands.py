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

Two more recipe shapes, anywhere under a heading, each asked by the words that say what the command
does, the heading shown as context:

- a shell block that alternates a comment and one command (``# 拡張子が .txt のファイルをステージする``
  over ``$ git add -u *.txt``): each comment a task, the command after it its answer, one card a
  pair. A block with a comment that leans on the lines before it (``# see it``, ``# これを確認``),
  a comment over two commands, output or a non-shell fence stays explained as code.
- a sentence that says which task the block below does (``ファイルを新たに追加するには、次を実行します。``,
  ``To drop the stash, run:``) right over a one-command block: the task (``To drop the stash``) is
  the question; so is one action said as a verbal noun and します (``まず quota project を設定します。``,
  asked as ``quota project を設定するには``), unless it leans on what is around it (この, 場合).

A third shape is a cheat sheet's command list: a paragraph that is one command in `code`
(`` `$ git status` ``, often written ````` ```$ git status``` ````` on one line) with one line below it
saying what it does (``コミット可能なファイルを一覧で表示します``). Each pair is a card asking the command
for what it does, the command's program named on the front (``git › …``) so the card is answerable
without the heading; it takes two pairs or more under one heading, so a lone snippet with a remark is
left alone. The one-line blurb under the heading, over such a list (``## 変更の作成`` /
``変更をレビューしコミット操作ログを作成します``), titles the list and is explained, not asked as the
heading's definition.

A heading that asks (``### …を禁止したい場合``, ``### How do I …?``) with nothing under it but a
sub-heading that opens on an arrow (``#### → tcp/25 の送信を DROP する``) is answered by that
sub-heading: one card, the question heading on the front and the arrow heading's text on the back
(what is under the arrow heading, a command say, keeps its own line).

Left alone: a heading that does not ask a task (no ``したい``, ``するには``, ``How do I``, ``?``), a
block of several commands or with comments (a script, not one answer), a command that is not the
first thing under the heading (the text before it says which case it answers), and a long command.
"""

from __future__ import annotations

import html
import itertools
import re

from ankigen.patterns import lazy_compile

from ..model import Block, CodeBlock, Document, NoteKind, Paragraph, RawBlock, Section
from . import ExtractContext, register
from .common import code_lines, study_sections
from .tags import breadcrumb
from .vocabulary import LEANS_COMMAND_COMMENT, LEANS_COMMAND_LEAD_JA

_TASK = lazy_compile(r"(?:したい|するには|する方法)$|^how\s+(?:do|can|should)\s+(?:i|you|we)\b.*\?$", re.IGNORECASE)
_PROMPT = lazy_compile(r"^\s*\$\s+")
_DECORATED_PROMPT = lazy_compile(r"^\s*\S*[)\]>:~]\s*[$#%]\s")
_MAX_COMMAND_CHARS = 80
_MAX_REVEALED_CHARS = 100
"""A command revealed under an exercise heading may be longer: the heading says what it does."""
_REVEAL = lazy_compile(r"^\s*<details\b", re.IGNORECASE)
_ALTERNATIVE = lazy_compile(r"^(?:alternatively|or)\b[^.!?]{0,40}[:.]?$", re.IGNORECASE)
_TWO_TASKS = lazy_compile(r"\s(?:and|&)\s", re.IGNORECASE)
_SHELL_FENCE = lazy_compile(r'class="language-(?:sh|bash|shell|console|zsh|shell-session|sh-session)"')
_COMMENT = lazy_compile(r"^\s*#+\s*(?P<task>\S.*?)\s*$")
# words an English comment that names a thing, not a task, opens on (``# the previous container``)
_NOT_VERBS = (
    r"(?:the|a|an|this|that|these|those|its|my|your|our|their|for|with|without|in|on|of|to|from|by|at|as|or|and|"
    r"if|when|where|which|note|output|result|example|e\.g|default|same|old|new|other)\b"
)
# what a comment must read as to be a task: a Japanese clause ending on a verb, or an English phrase
# of two words or more opening on a verb-like word
_COMMENT_TASK = lazy_compile(
    r"^(?:(?=.*[\u3040-\u30ff\u3400-\u9fff])[^\s#].{3,58}(?:する|る|す|く|ぐ|む|ぶ|つ|う|ぬ|(?:し|出|見)?たい)"
    r"|(?!" + _NOT_VERBS + r")[A-Za-z][a-z]+\s+[\x20-\x7e]{3,70})$",
    re.IGNORECASE,
)
# ``ファイルを新たに追加するには、次を実行します。``: the task, then the words that point at the block
_LEAD_TASK = lazy_compile(
    r"^(?:[^、。]{1,6}、)?(?P<task>[^、。:：]{4,60}?(?:する|す|る|く|う)には)、?(?:次|以下|下記)(?:のコマンド)?を実行"
    r"(?:します|する|してください|しましょう)[。:：]?$"
)
# ``まず ADC の quota project を明示的に設定します。``: one action on an object, a verbal noun and します,
# right over its command: asked as ``…設定するには``
_LEAD_ACTION = lazy_compile(
    r"^(?:(?:まず|次に|最後に|はじめに|最初に)、?\s*)?(?P<task>[^、。:：はが]{2,40}?を[^、。:：をがは]{0,20}?[\u3400-\u9fff]{2,8})"
    r"します。$"
)
# a cheat sheet's command: a program name, then its arguments (``$ git log --follow [file]``)
_LISTED_COMMAND = lazy_compile(r"^(?:\$\s+)?(?P<program>[a-z][a-z0-9_.-]{1,20})(?:\s+\S.*)?$")
_MAX_LISTED_CHARS = 90
_MAX_MEANING_CHARS = 100
_MIN_PAIRS = 2
# a heading that asks: a task, a case (``…したい場合``), a question
_ASKING_HEADING = lazy_compile(r"(?:したい|するには|する方法|場合|[?？])$")
_ARROW_HEADING = lazy_compile(r"^(?:→|⇒|->|=>)\s*(?P<answer>\S.*)$")
_LEAD_TASK_EN = lazy_compile(
    r"^To (?P<task>[a-z][^,.:;]{3,70}), (?:run|use|type|enter)(?: the following| this)?(?: command)?:?$"
)


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


def _commented_pairs(block: CodeBlock) -> list[tuple[int, int, str, str]]:
    """(comment line, command line, task, command) of each pair of a shell block that alternates
    a task comment and one command; [] when any line breaks the shape (the block is then code)."""
    lines = code_lines(block)
    shell = _SHELL_FENCE.search(block.html) is not None
    if not shell and not all(_COMMENT.match(line) or _PROMPT.match(line) for _, line in lines):
        return []  # no fence language saying shell and no ``$`` prompts: may be a program's code
    if len(lines) < 2 or len(lines) % 2:
        return []
    pairs: list[tuple[int, int, str, str]] = []
    for (first, comment), (second, command_line) in zip(lines[::2], lines[1::2], strict=True):
        found = _COMMENT.match(comment)
        if found is None or command_line.lstrip().startswith("#"):
            return []
        task = found.group("task")
        if not _COMMENT_TASK.match(task) or LEANS_COMMAND_COMMENT.search(task):
            return []
        command = _command(CodeBlock(block.span, command_line + "\n"))
        if not command:
            return []
        pairs.append((first, second, task, command))
    return pairs


def _led_in(section: Section, index: int) -> tuple[str, Paragraph, str] | None:
    """(question, the lead-in's paragraph, command) when the block at ``index`` has one command and
    the line right above it says which task it does; None otherwise. The lead-in may be the last
    line of a paragraph (``短縮形は -p です。…`` then ``ファイルを新たに追加するには、次を実行します。``)."""
    if index < 1:
        return None
    block, lead = section.blocks[index], section.blocks[index - 1]
    if not isinstance(block, CodeBlock) or not isinstance(lead, Paragraph):
        return None
    text = " ".join(lead.text.strip().split("\n")[-1].split())
    japanese = _LEAD_TASK.match(text)
    action = _LEAD_ACTION.match(text) if japanese is None and not LEANS_COMMAND_LEAD_JA.search(text) else None
    english = _LEAD_TASK_EN.match(text) if japanese is None and action is None else None
    if japanese is None and action is None and english is None:
        return None
    command = _command(block)
    if not command:
        return None
    if japanese is not None:
        question = japanese.group("task")
    elif action is not None:
        question = f"{action.group('task')}するには"
    else:
        question = f"To {english.group('task') if english else ''}"
    return question, lead, command


def _listed_command(block: Block) -> str:
    """The command a paragraph of one `code` span holds (its ``$`` prompt left out), or ''."""
    if not isinstance(block, Paragraph) or len(block.inlines) != 1 or block.inlines[0].kind != "code":
        return ""
    text = " ".join(block.inlines[0].text.split())
    found = _LISTED_COMMAND.match(text)
    if found is None or len(text) > _MAX_LISTED_CHARS or "\n" in block.inlines[0].text.strip():
        return ""
    return _PROMPT.sub("", text).strip()


def _meaning(block: Block) -> str:
    """The one line a paragraph says a command does, or '' (a command itself, a lead-in, a long text)."""
    if not isinstance(block, Paragraph) or "\n" in block.text.strip() or _listed_command(block):
        return ""
    text = " ".join(block.text.split())
    if not 4 <= len(text) <= _MAX_MEANING_CHARS or text.endswith((":", "：")):
        return ""
    return text


def _command_pairs(section: Section) -> list[tuple[Paragraph, Paragraph, str, str]]:
    """(command paragraph, meaning paragraph, command, meaning) of each cheat-sheet pair of the section."""
    pairs: list[tuple[Paragraph, Paragraph, str, str]] = []
    blocks = section.blocks
    for index in range(len(blocks) - 1):
        command, meaning = _listed_command(blocks[index]), _meaning(blocks[index + 1])
        first, second = blocks[index], blocks[index + 1]
        if command and meaning and isinstance(first, Paragraph) and isinstance(second, Paragraph):
            pairs.append((first, second, command, meaning))
    return pairs if len(pairs) >= _MIN_PAIRS else []


def _emit_command_list(section: Section, context: ExtractContext) -> None:
    """The cheat-sheet command pairs of ``section`` (see the module docstring)."""
    pairs = _command_pairs(section)
    if not pairs or any(context.claimed(part) for pair in pairs for part in pair[:2]):
        return
    opener = section.blocks[0]
    if isinstance(opener, Paragraph) and opener is not pairs[0][0] and _meaning(opener) and not context.claimed(opener):
        context.claim(opener)
        context.skip(
            opener.span,
            opener.text,
            "the line under a heading over a list of commands: it titles the commands below, each asked on its own "
            "card, and is not the heading's definition; no card",
            code="no-card-shape",
        )
    for command_block, meaning_block, command, meaning in pairs:
        program = _LISTED_COMMAND.match(command)
        name = program.group("program") if program is not None else ""
        question = f"{name} › {meaning}" if name else meaning
        fields = {"Question": html.escape(question), "Answer": _answer(command)}
        if section.path:
            fields["Context"] = breadcrumb(section.path)
        context.emit(
            NoteKind.BASIC,
            question,
            section.span.at(command_block.span.line, meaning_block.span.end_line),
            fields,
            section=section,
            source=command_block,
        )
        context.claim(command_block, meaning_block)


def _emit_recipes(section: Section, context: ExtractContext) -> None:
    """The commented-block, led-in and command-list recipes of ``section`` (see the module docstring)."""
    _emit_command_list(section, context)
    for index, block in enumerate(section.blocks):
        if not isinstance(block, CodeBlock) or context.claimed(block):
            continue
        led = _led_in(section, index)
        if led is not None:
            question, lead, command = led
            line = lead.span.end_line
            note = context.emit(
                NoteKind.BASIC,
                question,
                section.span.at(line, block.span.end_line),
                {"Question": html.escape(question), "Answer": _answer(command)},
                section=section,
                source=block,
            )
            context.claim(block)
            if lead.span.line == line:
                context.claim(lead)  # the lead-in is the whole paragraph: no other card reads it
            lead_text = lead.text.strip().split("\n")[-1].strip()
            context.skip(
                section.span.at(line, line),
                lead_text,
                f"a lead-in that names the task of the command below it, asked as the question of the card at line "
                f"{note.span.line} ('{question[:40]}')",
                code="no-card-shape",
            )
            continue
        pairs = _commented_pairs(block)
        if not pairs:
            continue
        # each card from its comment on, the blank lines after its command with it
        starts = [first for first, _, _, _ in pairs]
        ends = [start - 1 for start in starts[1:]] + [pairs[-1][1]]
        for start, end, (_, _, task, command) in zip(starts, ends, pairs, strict=True):
            context.emit(
                NoteKind.BASIC,
                task,
                section.span.at(start, end),
                {"Question": html.escape(task), "Answer": _answer(command)},
                section=section,
                source=block,
            )
        context.claim(block)


def _arrow_answers(document: Document, context: ExtractContext) -> None:
    """One card per asking heading answered by the arrow sub-heading right under it (see the
    module docstring)."""
    sections = document.sections
    for asking, answering in itertools.pairwise(sections):
        title = " ".join(asking.title.split())
        if not asking.level or asking.blocks or answering.level <= asking.level:
            continue
        arrow = _ARROW_HEADING.match(" ".join(answering.title.split()))
        if arrow is None or not (_ASKING_HEADING.search(title) or _TASK.search(title)):
            continue
        fields = {"Question": html.escape(title), "Answer": html.escape(arrow.group("answer"))}
        if asking.path[:-1]:
            fields["Context"] = breadcrumb(asking.path[:-1])
        context.emit(
            NoteKind.BASIC,
            title,
            asking.span.at(asking.span.line, answering.span.line),
            fields,
            section=asking,
            term=title,
        )


@register("task-commands", order=45)
def extract_task_commands(document: Document, context: ExtractContext) -> None:
    """One basic card per task heading answered by the one command right under it."""
    _arrow_answers(document, context)
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
            _emit_recipes(section, context)
            continue
        if not command or any(context.claimed(part) for part in used):
            _emit_recipes(section, context)
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
        _emit_recipes(section, context)
