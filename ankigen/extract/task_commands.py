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

- a command block with comments (``# 拡張子が .txt のファイルをステージする`` over
  ``$ git add -u *.txt``), decided a comment at a time: a comment that names a task (a verb phrase,
  an action noun such as ``CHAIN 追加`` or ``設定の確認``, an English imperative) over one to three
  runs of one program is a card, ``<program> › <task>`` (``firewall-cmd › 設定の確認``) → the
  command(s); a bare action on the settings (``# 設定``, ``# 設定削除``) is asked of the heading
  above, which says what is set (``icmpパケットをすべてDROP › 設定削除``), unless it only names a
  topic or is a label (``…について``, ``手順``, ``Usage``). A comment that leans on what is around
  it (``# 設定ファイルはこちら``, ``# see it``), states a fact (``…は…になる``), is too short, or
  sits over output or a command too long to learn makes no card and gets its own explain line; its
  neighbours are still cards. The block must read as commands: a shell fence, ``$`` prompts, or a
  fence with no language whose lines are each a program and its arguments (an option among them,
  or one program on two lines or more); a block with no comment that is a card stays explained as
  code.
- a sentence that says which task the block below does (``ファイルを新たに追加するには、次を実行します。``,
  ``To drop the stash, run:``) right over a one-command block: the task (``To drop the stash``) is
  the question; so is one action said as a verbal noun and します (``まず quota project を設定します。``,
  asked as ``quota project を設定するには``), unless it leans on what is around it (この, 場合).

A third shape is a cheat sheet's command list: a paragraph that is one command in `code`
(`` `$ git status` ``, often written ````` ```$ git status``` ````` on one line) with one line below it
saying what it does (``コミット可能なファイルを一覧で表示します``). Each pair is a card asking the command
for what it does, the command's program named on the front (``git › …``) so the card is answerable
without the heading; it takes two pairs or more under one heading, so a lone snippet with a remark is
left alone, unless another heading of the file holds such a list (a cheat sheet's section of one
command). The one-line blurb under the heading, over such a list (``## 変更の作成`` /
``変更をレビューしコミット操作ログを作成します``), titles the list and is explained, not asked as the
heading's definition.

The same list the other way round is a cheat sheet too: a line that names a task in plain words
(``list running containers``, ``remove a volume``, ``プロジェクト初期化``: a verb phrase or an action
noun, no sentence mark or lead-in colon)
right over a block of the one command that does it. Each pair is a card asking the command for the
task, the program named on the front (``docker › list running containers`` → ``docker ps``), when
two pairs or more of the section run one program; a block in a fence of another language (``sql``,
``yaml``) or a query is no command.

A heading that asks (``### …を禁止したい場合``, ``### How do I …?``) with nothing under it but a
sub-heading that opens on an arrow (``#### → tcp/25 の送信を DROP する``) is answered by that
sub-heading: one card, the question heading on the front and the arrow heading's text on the back
(what is under the arrow heading, a command say, keeps its own line).

Task notes (``task-bullets``, run before the readers of a bullet and its sub-bullets): a tool's
heading (``## asadmin``) over one-bullet lists (``- サーバ起動``) each right over a block of its one
command, or a bullet with the block nested under it, two such pairs or more in a file. Each pair asks
the task with the tool as subject (``asadmin › サーバ起動`` → ``asadmin start-domain domain1``; the
program when the heading names it or names no tool), the bullet's sub-bullets in Details. A block of
``action: key chord`` lines (``ウインドウ分割: cntl + B, %``) asks each action of the heading's tool
(``tmux › ウインドウ分割`` → the keys); a one-bullet label right over it (``- ショートカット``) is
explained.

Lab steps (issue 11, lab logs): a numbered or bulleted step that names a task and ends on a lead-in
colon (``1. **Stop the container:**``, ``- Delete empty directory:``) over the block of its one command
is a task bullet too (a numbered step needs the colon; a condition ``If …:``, an example ``For
example:`` or a step that names the very program it asks is no task). A heading that names a task in
plain words (``### コンテナ再起動``, ``### 2. kdump有効化``, ``### Delete deployment``: an action noun,
a Japanese verb phrase, or an English phrase opening on a verb) over nothing but the block of its one
command asks that task, the program as subject, when the file holds two such headings or more.

Left alone (as a heading's answer): a heading that does not ask a task (no ``したい``, ``するには``,
``How do I``, ``?``), a block of several commands or with comments (a script, not one answer), a
command that is not the first thing under the heading (the text before it says which case it
answers), and a long command.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass

from ankigen.patterns import lazy_compile

from ..model import Block, CodeBlock, Document, ListBlock, ListItem, NoteKind, Paragraph, RawBlock, Section, Span
from . import ExtractContext, register
from .common import GROUP_ONE, code_lines, has_cjk, is_group_heading, study_sections
from .outline import is_label
from .tags import breadcrumb
from .vocabulary import LEANS_COMMAND_COMMENT, LEANS_COMMAND_LEAD_JA

_TASK = lazy_compile(r"(?:したい|するには|する方法)$|^how\s+(?:do|can|should)\s+(?:i|you|we)\b.*\?$", re.IGNORECASE)
_PROMPT = lazy_compile(r"^\s*\$\s+")
_DECORATED_PROMPT = lazy_compile(r"^\s*\S*[)\]>:~]\s*[$#%]\s")
# a root shell's ``#`` prompt before a well-known program (``# docker ps``, ``# systemctl restart sshd``):
# the line is a command run as root, not a comment (a comment says something in words: ``# list pods``)
_ROOT_PROMPT = lazy_compile(
    r"^\s*#\s+(?=(?:sudo\s+)?(?:docker|podman|kubectl|helm|git|systemctl|journalctl|apt|apt-get|yum|dnf|"
    r"ls|cat|cd|cp|mv|rm|mkdir|chmod|chown|curl|wget|ssh|scp|aws|gcloud|az|ip|ss|netstat|ping|mount|umount|"
    r"useradd|usermod|passwd|firewall-cmd|terraform|npm|pip|tar)(?:\s|$))"
)
# the full stop a Japanese comment may end on, after its verb or action noun (``# コンテナを停止します。``),
# when the comment is that one sentence and says what the action is on (``…を``, ``…の``, ``…に``)
_JA_COMMENT_STOP = lazy_compile(r"^(?=[^。．.!?！？]*[をのに])([^。．.!?！？]*[\u3040-\u30ff\u3400-\u9fff])。$")
_MAX_COMMAND_CHARS = 80
_MAX_REVEALED_CHARS = 100
"""A command revealed under an exercise heading may be longer: the heading says what it does."""
_REVEAL = lazy_compile(r"^\s*<details\b", re.IGNORECASE)
_ALTERNATIVE = lazy_compile(r"^(?:alternatively|or)\b[^.!?]{0,40}[:.]?$", re.IGNORECASE)
_TWO_TASKS = lazy_compile(r"\s(?:and|&)\s", re.IGNORECASE)
_SHELL_FENCE = lazy_compile(r'class="language-(?:sh|bash|shell|console|zsh|shell-session|sh-session)"')
_COMMENT = lazy_compile(r"^\s*#+(?!!)\s*(?P<task>\S.*?)\s*$")
# a command line that ends on a comment: the command, a space or more, ``#`` and a space, the comment
_TRAILING_COMMENT = lazy_compile(r"^(?P<command>\s*(?:\$\s+)?[^\s#][^#]*?)\s+#\s+(?P<task>[^#]*?\S)\s*$")
# a comment that numbers a step or points at numbered steps (``step 1: create …``, ``combines steps 1 & 2``)
_STEP_REFERENCE = lazy_compile(r"\bsteps?\s*\d", re.IGNORECASE)
# words an English comment that names a thing, not a task, opens on (``# the previous container``)
_NOT_VERBS = (
    r"(?:the|a|an|this|that|these|those|its|my|your|our|their|for|with|without|in|on|of|to|from|by|at|as|or|and|"
    r"if|when|where|which|note|output|result|example|e\.g|default|same|old|new|other|"
    r"one|two|three|all|both|each|every|some|no|not|only|just|you|we|i|it|they)\b"
)
# what a comment must read as to be a task: a Japanese clause ending on a verb, or an English phrase
# of two words or more opening on a verb-like word
_COMMENT_TASK = lazy_compile(
    r"^(?:(?=.*[\u3040-\u30ff\u3400-\u9fff])[^\s#].{3,58}(?:する|る|す|く|ぐ|む|ぶ|つ|う|ぬ|(?:し|出|見)?たい)"
    r"|(?!" + _NOT_VERBS + r")[A-Za-z][a-z]+\s+[\x20-\x7e]{3,70})$",
    re.IGNORECASE,
)
# a comment that states a fact (``設定は direct.xml に保存される``, ``the file is read at boot``)
_COMMENT_FACT = lazy_compile(
    r"[\u3400-\u9fff\u30a0-\u30ffA-Za-z0-9]は|(?:され|られ)る$|(?:です|である|だ)。?$|^[\w.-]+\s+(?:is|are|was|were)\b",
    re.IGNORECASE,
)
_ACTION_NOUNS = (
    r"(?:追加|削除|確認|一覧|表示|設定|作成|変更|更新|取得|登録|解除|有効化|無効化|許可|拒否|禁止|適用|反映|"
    r"再起動|起動|停止|保存|初期化|実行|インストール|アンインストール|出力|検索|編集|移動|コピー|リセット|"
    r"ダウンロード|アップロード|切り替え|切替|ビルド|デプロイ|マウント|アンマウント|バックアップ|リストア|"
    r"インポート|エクスポート|アップデート|アップグレード|ログイン|ログアウト|クリア|破棄)"
)
# an action said as a noun, ending a Japanese comment on its object (``CHAIN 追加``, ``設定の確認``)
_NOUN_TASK = lazy_compile(
    r"^(?=.*[\u3040-\u30ff\u3400-\u9fff])[^\s#].{0,56}?\S\s*(?:の)?" + _ACTION_NOUNS + r"(?:する|します)?$"
)
# a comment that names an action and nothing it acts on but the settings (``設定``, ``設定削除``,
# ``設定の確認``): the heading above says what is set
_GENERIC_TASK = lazy_compile(r"^(?:設定の?)?" + _ACTION_NOUNS + r"{1,2}$")
# a label that opens a comment and is no part of its task (``設定例：``, ``例:``)
_EXAMPLE_LABEL = lazy_compile(r"^(?:[^\s:：]{0,4}例|e\.g\.|example)\s*[:：]\s*", re.IGNORECASE)
_SHORT_COMMENT_CHARS = 3
# a heading that names a topic, not a thing to set up (``ダイレクトルールについて``)
_TOPIC_HEADING = lazy_compile(
    r"(?:について|とは|まとめ|メモ|コマンド|操作|[?？])$|^(?:about|notes?)\b|\bcommands?$", re.IGNORECASE
)
_MAX_GROUP_COMMANDS = 3
_SUDO = lazy_compile(r"^(?:\$\s+)?sudo\s+")
# a line that runs no program: a crontab entry (``*/15 * * * * job.sh``, ``@reboot job.sh``), a value
_DATA_LINE = lazy_compile(r"^(?:\$\s+)?[\d*@]")
# a command line in a fence without a language: a program, then its arguments
_BARE_COMMAND = lazy_compile(r"^\s*(?:sudo\s+)?[a-z][a-z0-9_.-]{1,30}(?:\s+\S+)+\s*$")
# what a line of a program's code has and a command line does not
_NOT_SHELL = lazy_compile(r"\s=\s|==|[;{}]\s*$|^\s*(?:import|from|def|class|return|if|for|while|let|const|var)\b|\w\(")
_OPTION = lazy_compile(r"\s--?[A-Za-z]")
_FENCE_LANGUAGE = lazy_compile(r'class="language-')
# ``ファイルを新たに追加するには、次を実行します。``: the task, then the words that point at the block
_LEAD_TASK = lazy_compile(
    r"^(?:[^、。]{1,6}、)?(?P<task>[^、。:：]{4,60}?(?:する|す|る|く|う)には)、?(?:次|以下|下記)(?:のコマンド)?を実行"
    r"(?:します|する|してください|しましょう)[。:：]?$"
)
# ``まず ADC の quota project を明示的に設定します。``: one action on an object, a verbal noun and します,
# right over its command: asked as ``…設定するには``
_LEAD_ACTION = lazy_compile(
    r"^(?:(?:まず|次に|最後に|はじめに|最初に)、?\s*)?(?P<task>[^、。:：はが]{2,40}?を[^、。:：をがは]{0,20}?(?:[\u3400-\u9fff]{2,8}|[\u30a1-\u30fa]{2}[\u30a1-\u30faー]{0,8}))"
    r"します。$"
)
# a cheat sheet's command: a program name, then its arguments (``$ git log --follow [file]``)
_LISTED_COMMAND = lazy_compile(r"^(?:\$\s+)?(?P<program>[a-z][a-z0-9_.-]{1,20})(?:\s+\S.*)?$")
_MAX_LISTED_CHARS = 90
_MAX_MEANING_CHARS = 100
# a code span that is only a placeholder of the command above (``[commit]``, ``<file>``)
_PLACEHOLDER_SPAN = lazy_compile(r"^(?:\[[^\]]+\]|<[^>]+>)$")
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
        command = _PROMPT.sub("", _ROOT_PROMPT.sub("", line)).strip()
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


@dataclass(frozen=True, slots=True)
class _Group:
    """A comment of a commented block and the command lines under it (up to the next comment)."""

    first: int
    """The comment's line (for the lines above the first comment: the first of them)."""
    last: int
    """The last command line (the comment's line when no command follows it)."""
    comment: str
    """The comment's text, without its ``#``; '' for lines above the first comment."""
    commands: tuple[str, ...]
    """The command lines as written (a ``$`` prompt kept)."""
    trailing: bool = False
    """The comment ends the command's own line (``$ docker ps   # list running containers``)."""


def _shell_like(block: CodeBlock, lines: list[tuple[int, str]]) -> bool:
    """Whether the block reads as shell commands: a shell fence language, a ``$`` prompt on every
    command line, or (no fence language) every command line a program and its arguments, with an
    option among them (``firewall-cmd --direct --get-all-rules``) or one program on two lines or more;
    a program's code reads otherwise."""
    if _SHELL_FENCE.search(block.html):
        return True
    commands = [line for _, line in lines if not _COMMENT.match(line)]
    if not commands:
        return False
    if all(_PROMPT.match(line) for line in commands):
        return True
    if _FENCE_LANGUAGE.search(block.html):
        return False
    if not all(_BARE_COMMAND.match(line) and not _NOT_SHELL.search(line) for line in commands):
        return False
    programs = [_program(line) for line in commands]
    return any(_OPTION.search(line) for line in commands) or any(programs.count(name) > 1 for name in programs)


def _groups(block: CodeBlock) -> list[_Group]:
    """The block's comments, each with the command lines under it; [] when the block has no
    comment or does not read as shell commands (then it is code as a whole)."""
    joined: list[tuple[int, int, str]] = []  # (first line, last line, text): ```` continuations joined
    for number, line in code_lines(block):
        if joined and joined[-1][2].endswith("\\") and not _COMMENT.match(joined[-1][2]):
            first, _, text = joined[-1]
            joined[-1] = (first, number, f"{text[:-1].rstrip()} {line.strip()}")
        else:
            joined.append((number, number, line))
    trailing = [_trailing_comment(text) for _, _, text in joined]
    lines = [(first, found[0] if found else text) for (first, _, text), found in zip(joined, trailing, strict=True)]
    if not any(_COMMENT.match(line) for _, line in lines) and not any(trailing):
        return []
    if not _shell_like(block, lines):
        return []
    groups: list[_Group] = []
    for (first, end, line), found in zip(joined, trailing, strict=True):
        comment = _COMMENT.match(line)
        if comment is not None:
            groups.append(_Group(first, end, comment.group("task"), ()))
        elif found:
            # ``$ docker ps   # list running containers``: the command and what it does on one line, a
            # card of its own (a comment line right above it, with no command of its own, is explained)
            groups.append(_Group(first, end, found[1], (found[0],), trailing=True))
        elif groups and not groups[-1].trailing:
            last = groups[-1]
            groups[-1] = _Group(last.first, end, last.comment, (*last.commands, line))
        else:
            groups.append(_Group(first, end, "", (line,)))
    return groups


def _trailing_comment(line: str) -> tuple[str, str] | None:
    """(the command, its comment) of a command line that ends on a ``#`` comment saying what it does
    (``$ docker ps   # list running containers``), else None: a comment line, or a ``#`` inside quotes."""
    found = _TRAILING_COMMENT.match(line)
    if found is None or _COMMENT.match(line):
        return None
    command = found.group("command").rstrip()
    if command.count("'") % 2 or command.count('"') % 2 or command.count("`") % 2:
        return None  # the ``#`` is inside a quoted argument
    return command, found.group("task")


def _task_of(comment: str, heading: str) -> tuple[str, str, str]:
    """(subject, the task a comment names, '') or ('', '', why it names none). The subject is the
    heading for a comment that names only an action on the settings (``設定削除`` under
    ``icmpパケットをすべてDROP``), else '' (the command's program names it)."""
    task = _JA_COMMENT_STOP.sub(GROUP_ONE, _EXAMPLE_LABEL.sub("", comment).strip())
    if _GENERIC_TASK.match(task):
        subject = " ".join(heading.split())
        if subject and not (_TOPIC_HEADING.search(subject) or is_label(subject) or is_group_heading(subject)):
            return subject, task, ""
        if len(task) <= _SHORT_COMMENT_CHARS:
            return "", "", f"its comment ('{task}') names an action but not what it acts on, and no heading says it"
    if LEANS_COMMAND_COMMENT.search(task):
        return "", "", "its comment leans on what is around it (こちら, この, it, this), so it says no task of its own"
    if _STEP_REFERENCE.search(task):
        return (
            "",
            "",
            (
                "its comment numbers a step or points at numbered steps (step 1, steps 1 & 2): it leans on the lines "
                "around it"
            ),
        )
    if _COMMENT_FACT.search(task):
        return "", "", "its comment states a fact about the code, not a task the command does"
    if _COMMENT_TASK.match(task) or _NOUN_TASK.match(task):
        return "", task, ""
    if len(task) <= _SHORT_COMMENT_CHARS:
        return "", "", f"its comment ('{task}') is too short to say which task the command does"
    return "", "", "its comment does not read as a task (a verb phrase, an action noun such as 追加 or 確認)"


@dataclass(frozen=True, slots=True)
class _Pair:
    """A comment's card: its question, the command(s) answering it, and whether the heading is
    the question's subject (then the breadcrumb on the card leaves the heading out)."""

    group: _Group
    question: str
    command: str
    on_heading: bool


def _pair_of(group: _Group, heading: str) -> tuple[str, str, tuple[str, ...], str]:
    """(subject, task, commands, '') for a group that is a card, else ('', '', (), why not)."""
    if not group.comment:
        if all(line.startswith("#!") for line in group.commands):
            return "", "", (), "the script's interpreter line (#!), not a command"
        return "", "", (), "a command with no comment above it saying what it does"
    if not group.commands:
        if _COMMENT_FACT.search(group.comment):
            return "", "", (), "a comment that states a fact about the code, with no command under it"
        return "", "", (), "a comment with no command under it"
    subject, task, why = _task_of(group.comment, heading)
    if not task:
        return "", "", (), why
    if len(group.commands) > _MAX_GROUP_COMMANDS:
        return "", "", (), f"its comment is over {len(group.commands)} lines: a script to read, not one answer"
    commands = tuple(_command(CodeBlock(Span("", 0), line + "\n"), 1, 10_000) for line in group.commands)
    prompted = [_PROMPT.match(line) is not None for line in group.commands]
    programs = {_program(command) for command in commands}
    if any(_DATA_LINE.match(command) for command in commands):
        # ``# every 15 min`` over ``*/15 * * * * job.sh``: an example entry of a schedule or a file, which
        # runs no program the comment's task could be asked of
        return "", "", (), "the lines under its comment run no program (a crontab entry, a value): data, not a command"
    if not all(commands) or any(prompted) != all(prompted) or (len(commands) > 1 and len(programs) > 1):
        # a line without the ``$`` the others have, or a second line that runs no program of the
        # first's, is output or a script's next step
        return "", "", (), "the lines under its comment are not runs of one command (output, a script)"
    if any(len(command) > _MAX_COMMAND_CHARS for command in commands):
        return "", "", (), f"a command under its comment is too long to learn (over {_MAX_COMMAND_CHARS} characters)"
    return subject, task, commands, ""


def _program(command: str) -> str:
    """The program a command runs (``sudo`` passed over), or ''."""
    found = _LISTED_COMMAND.match(_SUDO.sub("", command))
    return found.group("program") if found is not None else ""


# an argument the reader replaces with their own value: ``ユーザ名``, ``<user>``, ``{name}``, ``[file]``
_PLACEHOLDER_ARGUMENT = lazy_compile(r"^(?:<[^<>]+>|\{[^{}]+\}|\[[^\[\]]+\]|[^\x00-\x7f]+)$")


def _program_is_answer(command: str) -> bool:
    """Whether naming a command's program on the front gives its answer away: a command of one
    line that is its program alone, or with only placeholders you fill in (``whoami``, ``exit``,
    ``su ユーザ名``, ``sudo adduser <user>``): the program is the whole thing to recall. ``docker
    ps`` asks a subcommand, ``usermod -aG sudo ユーザ名`` its options, ``sysctl net.ipv4.ip_forward``
    its key, so ``docker › …`` stays."""
    if "\n" in command.strip():
        return False
    words = _SUDO.sub("", _PROMPT.sub("", command.strip())).split()
    return bool(words) and all(_PLACEHOLDER_ARGUMENT.match(word) for word in words[1:])


# a subcommand that is a tool of its own, with its own subcommands (``docker compose ps`` lists a
# project's services, ``docker ps`` every container): the card names both words
_PLUGIN = lazy_compile(r"^(?:\$\s+)?(?:sudo\s+)?(?P<tool>(?:docker|podman)\s+compose)\s")


def _tool(command: str) -> str:
    """What a commented command's card is asked of: its program (:func:`_program`), or the program and
    its plugin when the subcommand is a tool of its own (``docker compose › list containers`` for
    ``docker compose ps``: asked of ``docker`` alone, ``docker ps`` would be the answer)."""
    plugin = _PLUGIN.match(command)
    return " ".join(plugin.group("tool").split()) if plugin is not None else _program(command)


def _commented_pairs(block: CodeBlock, heading: str) -> tuple[list[_Pair], list[tuple[_Group, str]]]:
    """The cards of a commented shell block, decided a comment at a time: each comment that names
    a task over one to three runs of one program, the question naming the program
    (``firewall-cmd › 設定の確認``) or the heading it acts on; and (group, why not) of the other lines."""
    cards: list[_Pair] = []
    others: list[tuple[_Group, str]] = []
    for group in _groups(block):
        subject, task, commands, why = _pair_of(group, heading)
        if not task:
            others.append((group, why))
            continue
        program = not subject
        subject = subject or _tool(commands[0])
        named = subject and (subject == heading or subject.lower() not in task.lower())
        if program and len(commands) == 1 and _program_is_answer(commands[0]):
            named = False  # ``whoami › ユーザ名を確認`` → ``whoami`` would show its answer on the front
        question = f"{subject} › {task}" if named else task
        cards.append(_Pair(group, question, "\n".join(commands), subject == heading))
    return cards, others


_MAX_LED_CHARS = 130
"""A command under a lead-in that names its task may be longer than a bare one: the lead-in says what
it does (``バケットを作成します。`` over a ``gcloud storage buckets create …`` of its options)."""
# the first sentence of a lead-in line that goes on with a remark on the command
# (``画像データをコピーします。このコマンドが完了するまでに 20 分程度かかります。``)
_FIRST_SENTENCE = lazy_compile(r"^(?P<first>[^。]{2,60}?します。)\s*(?P<rest>\S.*)$")


def _lead_sentence(text: str) -> str:
    """The sentence of a lead-in line that may name the task of the command below: the whole line, or
    its first sentence when a remark follows it (the remark is read on its own)."""
    found = _FIRST_SENTENCE.match(text)
    return found.group("first") if found is not None else text


# a command that only sets a variable to a value the reader replaces (``export PROJECT_ID=your-project-id``)
_PLACEHOLDER_SETTING = lazy_compile(
    r"^(?:export\s+|set\s+|\$env:)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*[\"']?(?:your[-_]|<|\{\{|x{3,}|YOUR_|\[)",
    re.IGNORECASE,
)


def _placeholder_setting(command: str) -> bool:
    """A command that only sets a variable to a placeholder: a tutorial's step, nothing to recall."""
    return "\n" not in command and _PLACEHOLDER_SETTING.match(command) is not None


# a lead-in that points back at an earlier step of the walk-through (``前の手順で保存したファイルを…``)
_EARLIER_STEP = lazy_compile(r"(?:前|先|最初|直前)の(?:手順|ステップ|節|章|項)|前回|先ほど")


def _leaning_lead(section: Section, index: int) -> Paragraph | None:
    """The one-line paragraph right over the one-command block at ``index`` that says an action on an
    object (``…をアップロードします。``) but leans on an earlier step (``前の手順で保存したファイルを…``):
    it names no task a card could ask on its own."""
    if index < 1:
        return None
    block, lead = section.blocks[index], section.blocks[index - 1]
    if not isinstance(block, CodeBlock) or not isinstance(lead, Paragraph) or "\n" in lead.text.strip():
        return None
    text = _lead_sentence(" ".join(lead.text.split()))
    if not (text.endswith("します。") and "を" in text):
        return None
    if not (LEANS_COMMAND_LEAD_JA.search(text) or _EARLIER_STEP.search(text)):
        return None
    return lead if _command(block, 1, _MAX_LED_CHARS) else None


def _led_in(section: Section, index: int) -> tuple[str, Paragraph, str] | None:
    """(question, the lead-in's paragraph, command) when the block at ``index`` has one command and
    the line right above it says which task it does; None otherwise. The lead-in may be the last
    line of a paragraph (``短縮形は -p です。…`` then ``ファイルを新たに追加するには、次を実行します。``)."""
    if index < 1:
        return None
    block, lead = section.blocks[index], section.blocks[index - 1]
    if not isinstance(block, CodeBlock) or not isinstance(lead, Paragraph):
        return None
    text = _lead_sentence(" ".join(lead.text.strip().split("\n")[-1].split()))
    japanese = _LEAD_TASK.match(text)
    action = (
        _LEAD_ACTION.match(text)
        if japanese is None and not LEANS_COMMAND_LEAD_JA.search(text) and not _EARLIER_STEP.search(text)
        else None
    )
    english = _LEAD_TASK_EN.match(text) if japanese is None and action is None else None
    if japanese is None and action is None and english is None:
        return None
    command = _command(block, 1, _MAX_LED_CHARS)
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
    """The one line a paragraph says a command does, or '' (a command itself, a lead-in, a long text,
    a line that opens with code or holds a command of its own: ```kubectl explain pods` = similar to
    man pages`` says what its own command does, not the one above; a value after ``=``)."""
    if not isinstance(block, Paragraph) or "\n" in block.text.strip() or _listed_command(block):
        return ""
    text = " ".join(block.text.split())
    if not 4 <= len(text) <= _MAX_MEANING_CHARS or text.endswith((":", "：")) or " = " in f" {text} ":
        return ""
    codes = [inline for inline in block.inlines if inline.kind == "code"]
    if block.inlines and block.inlines[0].kind == "code" and not _PLACEHOLDER_SPAN.match(block.inlines[0].text.strip()):
        return ""  # a line opening on a value in code (6443 is the API port) states a fact; a placeholder opens a task
    if any(_LISTED_COMMAND.match(" ".join(code.text.split())) and len(code.text.split()) >= 2 for code in codes):
        return ""
    return text


def _command_pairs(section: Section, least: int = _MIN_PAIRS) -> list[tuple[Paragraph, Paragraph, str, str]]:
    """(command paragraph, meaning paragraph, command, meaning) of each cheat-sheet pair of the
    section; [] when it has fewer than ``least``."""
    pairs: list[tuple[Paragraph, Paragraph, str, str]] = []
    blocks = section.blocks
    for index in range(len(blocks) - 1):
        command, meaning = _listed_command(blocks[index]), _meaning(blocks[index + 1])
        first, second = blocks[index], blocks[index + 1]
        if command and meaning and isinstance(first, Paragraph) and isinstance(second, Paragraph):
            pairs.append((first, second, command, meaning))
    return pairs if len(pairs) >= least else []


def _emit_command_list(section: Section, context: ExtractContext, cheat_sheet: bool) -> None:
    """The cheat-sheet command pairs of ``section`` (see the module docstring); with ``cheat_sheet``
    (another heading of the file holds a command list) a lone pair is one too."""
    pairs = _command_pairs(section, 1 if cheat_sheet else _MIN_PAIRS)
    if not pairs or any(context.claimed(part) for pair in pairs for part in pair[:2]):
        return
    titles = len(pairs) >= _MIN_PAIRS or (len(section.blocks) > 1 and section.blocks[1] is pairs[0][0])
    if titles:
        _explain_opener(section, pairs[0][0], context)
    for command_block, meaning_block, command, meaning in pairs:
        program = _LISTED_COMMAND.match(command)
        name = program.group("program") if program is not None else ""
        question = f"{name} › {meaning}" if name else meaning
        span = section.span.at(command_block.span.line, meaning_block.span.end_line)
        _emit_asked(context, section, question, _answer(command), span, command_block)
        context.claim(command_block, meaning_block)


def _emit_asked(
    context: ExtractContext,
    section: Section,
    question: str,
    answer: str,
    span: Span,
    source: Block | ListItem,
    *,
    on_heading: bool = False,
    details: list[str] | None = None,
    path: tuple[str, ...] = (),
) -> None:
    """The basic card of a task and the command (or keys) that does it, as every recipe of this
    module and of :mod:`.task_lines` writes it: with ``on_heading`` the heading is the question's
    subject, so the breadcrumb on the card leaves it out; else a non-empty ``path`` is the card's
    breadcrumb; ``details`` (a bullet's hints) shown one a line."""
    fields = {"Question": html.escape(question), "Answer": answer}
    if details:
        fields["Details"] = "<br>".join(html.escape(text) for text in details)
    if on_heading:
        fields["Context"] = breadcrumb(section.path[:-1])  # the heading is on the front
    elif path:
        fields["Context"] = breadcrumb(path)
    context.emit(NoteKind.BASIC, question, span, fields, section=section, source=source)


# a task line over its command must be a short phrase: no sentence mark, no lead-in colon, no question
_TASK_LINE_END = lazy_compile(r"[.。:：?？!！,、;]$")
_MAX_TASK_LINE_CHARS = 70
# SQL statements read like a program and its arguments (``select * from t``): a query, not a shell command
_SQL_WORDS = frozenset({"select", "insert", "update", "delete", "create", "drop", "alter", "with", "from", "grant"})


def _task_line(block: Block) -> str:
    """The task a one-line paragraph names over the command block below it (``list running
    containers``, ``remove a volume``), or '': a verb phrase of plain words, no sentence or lead-in."""
    if not isinstance(block, Paragraph) or "\n" in block.text.strip():
        return ""
    text = " ".join(block.text.split())
    if (
        len(text) > _MAX_TASK_LINE_CHARS
        or _TASK_LINE_END.search(text)
        or any(part.kind == "code" for part in block.inlines)
    ):
        return ""
    if LEANS_COMMAND_COMMENT.search(text) or _STEP_REFERENCE.search(text) or _COMMENT_FACT.search(text):
        return ""
    # an action said as a noun names the task too (``プロジェクト初期化``, ``リソースの破棄``, ``初期化``):
    # the command's program, named on the card, says what it acts on
    return text if _COMMENT_TASK.match(text) or _NOUN_TASK.match(text) or _GENERIC_TASK.match(text) else ""


def _task_command(block: Block) -> str:
    """The one shell command a code block holds under a task line, or '': a program and its
    arguments, in a block with no fence language or a shell one (a ``sql`` or ``yaml`` block, or a
    query written without one, is no command)."""
    if not isinstance(block, CodeBlock) or (_FENCE_LANGUAGE.search(block.html) and not _SHELL_FENCE.search(block.html)):
        return ""
    command = _command(block)
    if not command or not _BARE_COMMAND.match(_PROMPT.sub("", command)) or _NOT_SHELL.search(command):
        return ""
    return command if _program(command) not in _SQL_WORDS else ""


def _task_pairs(section: Section) -> list[tuple[Paragraph, CodeBlock, str, str]]:
    """(task paragraph, command block, task, command) of each task line right over its one-command
    block (see the module docstring); [] unless two pairs or more run one program (a cheat sheet of
    that tool, not a lone snippet under a remark)."""
    pairs: list[tuple[Paragraph, CodeBlock, str, str]] = []
    for lead, block in itertools.pairwise(section.blocks):
        task, command = _task_line(lead), _task_command(block)
        if task and command and isinstance(lead, Paragraph) and isinstance(block, CodeBlock):
            pairs.append((lead, block, task, command))
    programs = [_program(command) for *_, command in pairs]
    return pairs if any(programs.count(name) >= _MIN_PAIRS for name in programs) else []


def _explain_opener(section: Section, first: Block, context: ExtractContext) -> None:
    """A one-line remark that opens the section above its commands (``よく使うコマンド``) titles the list
    below, each command asked on its own card: it is claimed and explained, not taken for the
    heading's definition."""
    opener = section.blocks[0]
    if isinstance(opener, Paragraph) and opener is not first and _meaning(opener) and not context.claimed(opener):
        context.claim(opener)
        context.skip(
            opener.span,
            opener.text,
            "the line under a heading over a list of commands: it titles the commands below, each asked on its own "
            "card, and is not the heading's definition; no card",
            code="no-card-shape",
        )


def _emit_task_lines(section: Section, context: ExtractContext) -> None:
    """One card per task line over its command (``docker › list running containers`` → ``docker
    ps``); a one-line remark that opens the section above them titles the list and is explained."""
    pairs = [pair for pair in _task_pairs(section) if not any(context.claimed(part) for part in pair[:2])]
    if len(pairs) < _MIN_PAIRS:
        return
    opener = section.blocks[0]
    if not (isinstance(opener, Paragraph) and _COMMENT_FACT.search(" ".join(opener.text.split()))):
        # (a first line that states a fact, ``IAM Policyは、…を定義している。``, is the heading's, not a title)
        _explain_opener(section, pairs[0][0], context)
    for lead, block, task, command in pairs:
        tool = _tool(command)
        named = tool and tool.lower() not in task.lower() and not _program_is_answer(command)
        question = f"{tool} › {task}" if named else task
        span = section.span.at(lead.span.line, block.span.end_line)
        _emit_asked(context, section, question, _answer(command), span, block)
        context.claim(lead, block)


def _emit_recipes(section: Section, context: ExtractContext, cheat_sheet: bool) -> None:
    """The commented-block, led-in, command-list and task-line recipes of ``section`` (see the module
    docstring)."""
    _emit_command_list(section, context, cheat_sheet)
    _emit_task_lines(section, context)
    for index, block in enumerate(section.blocks):
        if not isinstance(block, CodeBlock) or context.claimed(block):
            continue
        led = _led_in(section, index)
        if led is not None and _placeholder_setting(led[2]):
            lead = led[1]
            context.skip(
                section.span.at(lead.span.end_line, block.span.end_line),
                led[2],
                "a step that only sets a variable to a placeholder you replace with your own value (your-…, <…>): "
                "a step of the walk-through, not a fact to recall; no card",
                code="code",
            )
            context.claim(block)
            if lead.span.line == lead.span.end_line and _lead_sentence(lead.text.strip()) == lead.text.strip():
                context.claim(lead)
                context.skip(lead.span, lead.text.strip(), "the lead-in of that placeholder step; no card", code="code")
            continue
        leaning = _leaning_lead(section, index) if led is None else None
        if leaning is not None and not context.claimed(leaning):
            context.claim(leaning)
            context.skip(
                leaning.span,
                leaning.text.strip(),
                "a lead-in over the command below that leans on an earlier step (前の…, この…, 同様に): it names "
                "no task of its own to ask; name the object itself to get a card",
                code="no-card-shape",
            )
        if led is not None:
            question, lead, command = led
            line = lead.span.end_line
            lead_line = " ".join(lead.text.strip().split("\n")[-1].split())
            lead_text = _lead_sentence(lead_line)
            remark = lead_line[len(lead_text) :].strip()
            fields = {"Question": html.escape(question), "Answer": _answer(command)}
            if remark:
                fields["Details"] = html.escape(remark)  # a remark on the command (how long it runs)
            note = context.emit(
                NoteKind.BASIC,
                question,
                section.span.at(line, block.span.end_line),
                fields,
                section=section,
                source=block,
            )
            context.claim(block)
            if lead.span.line == line:
                context.claim(lead)  # the lead-in is the whole paragraph: no other card reads it
            if remark:
                context.skip(
                    section.span.at(line, line),
                    remark,
                    f"a remark on the command of the card at line {note.span.line}, shown in its Details, never "
                    "asked on its own; write it as `- **Term**: explanation` to get a card of its own",
                    code="in-details",
                )
            context.skip(
                section.span.at(line, line),
                lead_text,
                f"a lead-in that names the task of the command below it, asked as the question of the card at line "
                f"{note.span.line} ('{question[:40]}')",
                code="no-card-shape",
            )
            continue
        cards, others = _commented_pairs(block, " ".join(section.title.split()) if section.level else "")
        if not cards:
            continue
        for pair in cards:
            span = section.span.at(pair.group.first, pair.group.last)
            _emit_asked(context, section, pair.question, _answer(pair.command), span, block, on_heading=pair.on_heading)
        for group, why in others:
            if group.trailing:
                shown = f"{group.commands[0].strip()}  # {group.comment}"
            else:
                shown = " ".join((f"# {group.comment}" if group.comment else "", *group.commands)).strip()
            context.skip(
                section.span.at(group.first, group.last),
                shown,
                f"lines of a commented command block: {why}; no card (the block's other comments are cards)",
                code="code",
            )
        context.claim(block)


_WHAT_IS = lazy_compile(r"^(?:What|Who)\s+(?:is|are)\s+\S.*\?$")
_MIN_SENTENCE_HEADING_WORDS = 6


def _sentence_heading(asking: str, answering: Section) -> str:
    """The answer a sentence written as the empty sub-heading of a "What is …?" heading gives
    (``## What is a decorator in Python?`` / ``### decorator is a function that takes another
    function …``): a heading of six words or more that ends on a full stop, with nothing under it;
    "" for any other heading."""
    text = " ".join(answering.title.split())
    if not _WHAT_IS.match(asking) or answering.blocks or not text.endswith("."):
        return ""
    return text if len(text.split()) >= _MIN_SENTENCE_HEADING_WORDS else ""


def _arrow_answers(document: Document, context: ExtractContext) -> None:
    """One card per asking heading answered by the arrow sub-heading right under it (see the
    module docstring)."""
    sections = document.sections
    for asking, answering in itertools.pairwise(sections):
        title = " ".join(asking.title.split())
        if not asking.level or asking.blocks or answering.level <= asking.level:
            continue
        arrow = _ARROW_HEADING.match(" ".join(answering.title.split()))
        answer = arrow.group("answer") if arrow is not None else _sentence_heading(title, answering)
        if not answer or not (_ASKING_HEADING.search(title) or _TASK.search(title)):
            continue
        fields = {"Question": html.escape(title), "Answer": html.escape(answer)}
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


# a step's number before a heading's task (``2. ``, ``1.1 ``, ``STEP1: ``, ``Step 3 - ``)
_HEADING_NUMBER = lazy_compile(r"^(?:(?:step|ステップ)\s*\d+\s*[:：.\-]?\s*|\d+(?:\.\d+)*[.)]?\s+)", re.IGNORECASE)
_MIN_TASK_HEADINGS = 2
# the verb an English task heading opens on (``Delete deployment``, ``Create soft links``): a title in
# words of another kind (``Port Mapping``, ``Docker Hub``) names a topic, not a step
_HEADING_VERB = lazy_compile(
    r"^(?:add|apply|attach|build|cancel|change|check|clean|clear|clone|configure|connect|copy|create|delete|deploy|"
    r"describe|disable|display|download|edit|enable|enter|exec|execute|expose|export|find|follow|generate|get|"
    r"import|init|initialize|inspect|install|kill|list|load|log|login|make|mount|move|open|print|pull|push|reboot|"
    r"remove|rename|reset|restart|restore|run|save|scale|search|set|show|shutdown|start|stop|switch|tag|test|"
    r"uninstall|unmount|update|upgrade|upload|verify|view|watch)\s",
    re.IGNORECASE,
)


def _heading_task(section: Section) -> tuple[str, CodeBlock, str] | None:
    """(task, block, command) of a heading that names a task in plain words (``### コンテナ再起動``,
    ``### 2. kdump有効化``, ``### Delete deployment``) over nothing but the block of its one command: a lab
    log's step, asked as the task with the program as subject. A heading that names a topic
    (``…について``, ``…コマンド``), states a fact, or leans on what is around it is no task."""
    if len(section.blocks) != 1 or not isinstance(section.blocks[0], CodeBlock):
        return None
    block = section.blocks[0]
    title = " ".join(section.title.split())
    task = _HEADING_NUMBER.sub("", title).strip()
    if not 2 <= len(task) <= _MAX_STEP_CHARS or _TASK_LINE_END.search(task) or "`" in task:
        return None
    if _TOPIC_HEADING.search(task) or is_label(task) or is_group_heading(task) or _EXAMPLE_WORD.search(task):
        return None
    if LEANS_COMMAND_COMMENT.search(task) or _STEP_REFERENCE.search(task) or _COMMENT_FACT.search(task):
        return None
    if has_cjk(task):
        if not (_COMMENT_TASK.match(task) or _NOUN_TASK.match(task) or _GENERIC_TASK.match(task)):
            return None
    elif not _HEADING_VERB.match(task):
        return None
    command = _task_command(block)
    return (task, block, command) if command else None


def _emit_task_heading(section: Section, context: ExtractContext) -> bool:
    """The card of a task heading over its one command (see :func:`_heading_task`): ``docker ›
    コンテナ再起動`` → ``docker restart web``; False when the section is no such step."""
    found = _heading_task(section)
    if found is None or context.claimed(found[1]):
        return False
    task, block, command = found
    tool = _tool(command)
    named = tool and tool.lower() not in task.lower() and not _program_is_answer(command)
    question = f"{tool} › {task}" if named else task
    fields = {"Question": html.escape(question), "Answer": _answer(command)}
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
    return True


@register("task-commands", order=45)
def extract_task_commands(document: Document, context: ExtractContext) -> None:
    """One basic card per task heading answered by the one command right under it."""
    _arrow_answers(document, context)
    cheat_sheet = any(_command_pairs(section) for section in study_sections(document) if section.level)
    # a lab log's steps: two task headings or more, each over the block of its one command
    steps = (
        sum(1 for section in study_sections(document) if section.level and _heading_task(section)) >= _MIN_TASK_HEADINGS
    )
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
        elif steps and _emit_task_heading(section, context):
            continue
        else:
            _emit_recipes(section, context, cheat_sheet)
            continue
        if not command or any(context.claimed(part) for part in used):
            _emit_recipes(section, context, cheat_sheet)
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
        _emit_recipes(section, context, cheat_sheet)


# A tool's name as a heading (``## asadmin``, ``## zip, unzip``, ``## tmux``): the subject of the
# task bullets under it
_TOOL_HEADING = lazy_compile(r"^[A-Za-z][\w.+-]{0,30}(?:\s*[,/&]\s*[A-Za-z][\w.+-]{0,30}){0,3}$")
_MAX_TASK_CHARS = 40
# a lab step over its command may say more (``List files, including hidden ones, in a directory:``)
_MAX_STEP_CHARS = 60
# a step that says when, not what (``If ssh runs on another port:``, ``When it fails:``)
_STEP_CONDITION = lazy_compile(
    r"^(?:if|when|while|once|after|before|unless|in case|for|on|then|now|next|finally)\b", re.IGNORECASE
)
# a step that leads in to an example of something done before (``Build the image, for example:``)
_EXAMPLE_WORD = lazy_compile(
    r"\b(?:for example|for instance|e\.g|example|such as|like this|as follows)\b|例", re.IGNORECASE
)
_MIN_TASK_BULLETS = 2
# a key chord: a modifier and a key (``cntl + z``, ``Ctrl+B, O``, ``C-x C-s``, ``⌘+C``, ``^Z``)
_KEY_CHORD = lazy_compile(
    r"^(?:(?:ctrl|cntl|ctl|control|cmd|command|alt|opt|option|shift|meta|super|win|fn|prefix|[⌘⌥⇧⌃])\s*[+\-]\s*\S"
    r"|\^[A-Za-z\[\]]|[CMS]-\S)",
    re.IGNORECASE,
)
_KEY_LINE = lazy_compile(r"^\s*(?P<name>[^:：\s][^:：]{0,29}?)\s*[:：]\s*(?P<keys>\S.{0,39}?)\s*$")


def _task_step(item: ListItem) -> str:
    """The task a lab step names over the command block right under it, its lead-in colon left out
    (``1. **Stop the container:**``, ``- Delete empty directory:``, ``- コンテナを停止する：``): a
    verb phrase of plain words or an action noun, no sentence, no example or condition label; ''
    otherwise."""
    text = " ".join(item.text.split())
    if "\n" in item.text.strip() or not text.endswith((":", "：")):
        return ""
    task = text[:-1].rstrip()
    if not 2 <= len(task) <= _MAX_STEP_CHARS or _TASK_LINE_END.search(task) or _EXAMPLE_LABEL.match(text):
        return ""
    if _STEP_CONDITION.match(task) or _EXAMPLE_WORD.search(task) or any(part.kind == "code" for part in item.inlines):
        return ""
    if LEANS_COMMAND_COMMENT.search(task) or _STEP_REFERENCE.search(task) or _COMMENT_FACT.search(task):
        return ""
    return task if _COMMENT_TASK.match(task) or _NOUN_TASK.match(task) else ""


def _task_item(item: ListItem, block: CodeBlock) -> str:
    """The command of ``block`` when ``item`` reads as a task over it (one short line, only
    sub-bullets besides the block; a step that ends on a lead-in colon must read as a task, see
    :func:`_task_step`); '' otherwise."""
    text = " ".join(item.text.split())
    if "\n" in item.text.strip():
        return ""
    if text.endswith((":", "：")):
        if not _task_step(item):
            return ""
    elif not 2 <= len(text) <= _MAX_TASK_CHARS:
        return ""
    if any(not isinstance(child, ListBlock) for child in item.children if child is not block):
        return ""
    command = _command(block)
    return command if command and _LISTED_COMMAND.match(command) else ""


def _task_bullets_of(section: Section) -> list[tuple[ListBlock, ListItem, CodeBlock, str]]:
    """(list, item, block, command) of each bullet of ``section`` that names a task over the block
    of its one command: a list of one bullet right over the block, or a bullet with the block
    nested under it (after its sub-bullets, if any)."""
    found: list[tuple[ListBlock, ListItem, CodeBlock, str]] = []
    blocks = section.blocks
    for index, listed in enumerate(blocks):
        if not isinstance(listed, ListBlock):
            continue
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        if len(listed.items) == 1 and isinstance(after, CodeBlock) and not _nested_block(listed.items[0]):
            item = listed.items[0]
            # a numbered step is a task over its command only when it says so with a lead-in colon
            command = _task_item(item, after) if not listed.ordered or _task_step(item) else ""
            if command:
                found.append((listed, item, after, command))
            continue
        for item in listed.items:
            block = _nested_block(item)
            if listed.ordered and not _task_step(item):
                continue
            command = _task_item(item, block) if block is not None else ""
            if block is not None and command:
                found.append((listed, item, block, command))
    return found


def _nested_block(item: ListItem) -> CodeBlock | None:
    """The one code block nested under a bullet, last of its children; None otherwise."""
    blocks = [child for child in item.children if isinstance(child, CodeBlock)]
    if len(blocks) != 1 or item.children[-1] is not blocks[0]:
        return None
    return blocks[0]


def _tool_subject(heading: str, program: str) -> str:
    """The subject of a task bullet's card: the program when the heading names it or names no tool
    (``zip, unzip`` over ``unzip …``), else the heading's tool (``maven`` over ``mvn clean``,
    ``emacs`` over ``fg``)."""
    title = " ".join(heading.split())
    if not title or not _TOOL_HEADING.match(title) or is_group_heading(title):
        return program
    names = {name.lower() for name in re.split(r"\s*[,/&]\s*|\s+", title) if name}
    return program if program.lower() in names else title


def _task_bullets(document: Document) -> int:
    """How many task bullets over their command the file holds."""
    return sum(len(_task_bullets_of(section)) for section in study_sections(document))


def _emit_task_bullets(section: Section, context: ExtractContext) -> None:
    """Each bullet that names a task right over the block of its one command (``- サーバ起動`` over
    ``$ asadmin start-domain domain1``): a card ``asadmin › サーバ起動`` answered by the command; the
    bullet's sub-bullets (a condition, a hint) go to Details."""
    heading = " ".join(section.title.split()) if section.level else ""
    found = [pair for pair in _task_bullets_of(section) if not any(context.claimed(part) for part in pair[:3])]
    paired = {id(item) for _, item, _, _ in found}
    # a list all of whose bullets are tasks is used whole; else only its task bullets are
    whole = {id(listed) for listed, _, _, _ in found if all(id(item) in paired for item in listed.items)}
    for listed, item, block, command in found:
        used = (listed, item) if id(listed) in whole else (item,)
        task = _task_step(item) or " ".join(item.text.split())
        span = section.span.at(item.span.line, block.span.end_line)
        why = ""
        if LEANS_COMMAND_COMMENT.search(task):
            why = "it leans on what is around it (こちら, この, it, this), so it says no task of its own"
        elif _COMMENT_FACT.search(task):
            why = "it states a fact, not a task the command does"
        elif _program_is_answer(command) and re.search(
            rf"(?<![\w-]){re.escape(_program(command))}(?![\w-])", task, re.I
        ):
            # ``Create text files using the touch command:`` over ``touch <file>``: the front gives the answer
            why = (
                "it names the program it runs, and the command is that program with only placeholders, so the "
                "front gives the answer away"
            )
        if why:
            context.skip(
                span,
                f"{task} {command}",
                f"a bullet over a command block: {why}; no card",
                code="code",
            )
            context.claim(*used, block, *item.children)
            continue
        subject = _tool_subject(heading, _program(command))
        if subject == _program(command) and subject.lower() not in heading.lower() and _program_is_answer(command):
            subject = ""  # the program is the answer: ``exit › コンテナから抜ける`` → ``exit`` asks nothing
        question = f"{subject} › {task}" if subject and subject.lower() not in task.lower() else task
        notes = [
            " ".join(child.text.split())
            for sub in item.children
            if isinstance(sub, ListBlock)
            for child in sub.items
            if child.text.strip()
        ]
        on_heading = bool(heading) and subject == heading
        _emit_asked(context, section, question, _answer(command), span, block, on_heading=on_heading, details=notes)
        context.claim(*used, block, *item.children)
        for sub in item.children:
            if isinstance(sub, ListBlock):
                context.claim(*sub.items)


def _key_bindings(block: CodeBlock) -> list[tuple[int, str, str]]:
    """(line, name, keys) of each line of a block of key bindings (``ウインドウ分割: cntl + B, %``),
    every line one; [] otherwise."""
    if _FENCE_LANGUAGE.search(block.html):
        return []
    found: list[tuple[int, str, str]] = []
    for number, line in code_lines(block):
        match = _KEY_LINE.match(line)
        if match is None or not _KEY_CHORD.match(match.group("keys")):
            return []
        found.append((number, match.group("name"), match.group("keys")))
    return found


def _emit_key_bindings(section: Section, context: ExtractContext) -> None:
    """Each line of a block of key bindings (``中断: cntl + z``): a card asking the keys for the
    action, the heading (the tool) its subject; a one-bullet label right over the block
    (``- ショートカット``) titles it and is explained."""
    heading = " ".join(section.title.split()) if section.level else ""
    for index, block in enumerate(section.blocks):
        if not isinstance(block, CodeBlock) or context.claimed(block):
            continue
        bindings = _key_bindings(block)
        if not bindings:
            continue
        for line, name, keys in bindings:
            question = f"{heading} › {name}" if heading else name
            answer = f"<code>{html.escape(keys)}</code>"
            _emit_asked(context, section, question, answer, section.span.at(line), block, on_heading=bool(heading))
        context.claim(block)
        above = section.blocks[index - 1] if index else None
        if (
            isinstance(above, ListBlock)
            and len(above.items) == 1
            and not above.items[0].children
            and len(above.items[0].text.strip()) <= _MAX_TASK_CHARS
            and not context.claimed(above)
        ):
            context.claim(above, above.items[0])
            context.skip(
                above.span,
                above.items[0].text.strip(),
                "a label over a block of key bindings: each binding below is asked on its own card, "
                "so the label asks nothing of its own",
                code="no-card-shape",
            )


@register("task-bullets", order=18)
def extract_task_bullets(document: Document, context: ExtractContext) -> None:
    """Task bullets over their command and blocks of key bindings (see :func:`_emit_task_bullets`
    and :func:`_emit_key_bindings`); before the readers of a bullet and its sub-bullets as a term and
    its definition, which would ask the side note (``再デプロイ → プロジェクト名を入力``)."""
    bullets = _task_bullets(document) >= _MIN_TASK_BULLETS
    for section in study_sections(document):
        _emit_key_bindings(section, context)
        if bullets:
            _emit_task_bullets(section, context)
