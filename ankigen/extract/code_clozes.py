"""Code clozes: a sentence that names tools or commands in `code` (``- ネットワークの監視には、`netstat`や`ss`。``,
``- Use `strace` to see the system calls.``) becomes one cloze per bullet hiding those names (a gap number each).

Tips and cheat-sheet bullets mark the thing to remember as code, not bold, so without this such a
file made no card at all. Only a sentence around the code is a fact: a bullet that is only a
command, a ``Term: text`` line (a definition), an example sentence (``例えば``, ``e.g.``) or a long
command line is left alone. It runs after the bold clozes, on what nothing else used. A sentence
that shows a hidden name again (`/proc` then `/proc/cpuinfo`, `free` then the "free" column) is
left to Details rather than hidden there too, and a sentence that hides only options (`-c`, `-p`)
joins the one naming their tool.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, Inline, Inlines, ListItem, NoteKind, Paragraph, Section, Span
from . import ExtractContext, register
from .clozes import cloze_key, gap_numbers, hide_aliases, hide_repeats, in_context, split_sentences
from .common import cloze_gap, has_cjk, iter_items, split_definition, study_sections
from .keyword_headings import is_syntax_template, source_lines
from .subjects import document_topic
from .vocabulary import EXAMPLE_MARKS, EXAMPLE_OPENING, MAX_CLOZE_BULLET_CHARS, SAMPLE_VALUE

MAX_CODE_ANSWER = 40
"""A code span longer than this is a command line to read, not a name to recall."""
MAX_CODE_GAPS = 6
"""More code spans than this in one sentence is a listing (paths, flags), not names to recall."""
_SENTENCE_END = lazy_compile(r"(?<=。)|(?<=[.!?]\s)(?=[A-Z`])")


_FORMAT_FRAME = lazy_compile(
    r"書き方|書式|記法|構文|形式|形|フォーマット|記述|表記|の?ような|の?ように|以下|次|です|となる|になる|する|"
    r"\b(?:the|syntax|format|form|is|looks?|like|written|as|this)\b|[はでがをの、。,.:：()（）\s'\"]",
    re.IGNORECASE,
)
"""Words that only frame a code span as a format (``書き方は `X` のような形式``, ``The syntax is `X`.``)."""


_THIS_COMMAND = lazy_compile(
    r"^\s*(?:This|That)(?:\s+(?:command|example|line|one))?\s+(?:will|would|should|shows?|moves?|opens?|brings?|"
    r"prints?|displays?|lists?|creates?|takes?|changes?)\b"
)
"""A walk-through sentence about the command beside it (``This command will move you into `Desktop```,
``This will bring up … `Downloads```): its code names are an example's values, and "this" leans on
the command it sits by."""


_COMMAND_WORD = lazy_compile(r"^[a-z][a-z0-9._+-]*$")
_PROSE_WORD = lazy_compile(r"^[A-Za-z][a-z]*$|^[A-Z]+s?$")
_PLACEHOLDER = lazy_compile(r"^(?:<[^<>]*>|\*|\.{3}|…)$")
MAX_COMMAND_WORDS = 2
"""A command line's name is at most this many leading words (``iostat``, ``git log``); more plain
words (``aws cloudformation package``) are a name to recall whole."""


def _command_head(text: str) -> str:
    """The command name of a command line that is more than a name (``iostat -mxz 15`` ->
    ``iostat``, ``lsof | grep deleted | …`` -> ``lsof``, ``git log --oneline -n 5`` -> ``git log``):
    its leading plain words, before the first option, number, pipe or quoted argument. '' for a
    short span (``kill -3`` is the thing to recall as a whole) or one that opens with no command."""
    words = text.split()
    real = [word for word in words if not _PLACEHOLDER.match(word)]  # ``kill -3 <pid>``: two words to recall
    sample = len(words) > 1 and any(SAMPLE_VALUE.search(word) for word in words[1:])
    if len(real) < 3 and len(text) <= MAX_CODE_ANSWER and not sample:
        return ""  # ``cat hello.txt``, ``tracepath example.org``: the name is asked, not the sample it is run on
    head: list[str] = []
    for word in words:
        if not _COMMAND_WORD.match(word) or word[0] == "-" or (head and SAMPLE_VALUE.search(word)):
            break
        head.append(word)
    if not head or len(head) == len(words) or len(head) > MAX_COMMAND_WORDS:
        return ""  # ``aws cloudformation package``: all name, its last word is what to recall
    if all(_PROSE_WORD.match(word) for word in words[len(head) :]):
        return ""  # ``public IP address``: a phrase in words, not a command with its arguments
    return " ".join(head)


def _split_commands(inlines: Inlines) -> Inlines:
    """Each command line in `code` split into its name (a code span a gap can hide) and its
    arguments (shown): hiding ``iostat -mxz 15`` whole asks for an arbitrary interval, and a long
    ``lsof | grep deleted | …`` is never hidden at all, though its name is the thing to learn."""
    out: list[Inline] = []
    for part in inlines:
        head = _command_head(part.text.strip()) if part.kind == "code" else ""
        if not head:
            out.append(part)
            continue
        rest = part.text.strip()[len(head) :].strip()
        out.append(Inline("code", f"<code>{html.escape(head, quote=False)}</code>", head))
        out.append(Inline("html", f" <code>{html.escape(rest, quote=False)}</code>", f" {rest}"))  # not prose
    return tuple(out)


def _is_code(part: Inline) -> bool:
    if part.kind == "link":  # [`httpie`](https://…): a tool named by its link
        return part.html.count("<code>") == 1 and "</code></a>" in part.html
    return part.kind == "code"


def _prose(parts: list[Inline]) -> str:
    return "".join(part.text for part in parts if not _is_code(part) and part.kind in ("text", "link", "em"))


def _answers(sentence: list[Inline]) -> list[Inline]:
    """The code spans to hide: not too long, and not an example (``（例: `www.example.com`）``)."""
    found: list[Inline] = []
    before = ""
    for part in sentence:
        example = before.rstrip().rstrip(",、").lower().endswith(EXAMPLE_MARKS)
        if _is_code(part) and 0 < len(part.text.strip()) <= MAX_CODE_ANSWER and not example:
            found.append(part)
        before = part.text
    return found


def _is_statement(text: str) -> bool:
    stripped = text.strip(" 、,。.()（）")
    if has_cjk(stripped):
        return len(stripped) >= 8
    return len(stripped.split()) >= 4


_JSON_MEMBER = lazy_compile(r'^\s*"([^"]{1,40})"\s*:\s*"?([^"{}\[\],]+?)"?\s*$')
"""A JSON member with one plain value (``"Action": "sts:AssumeRole"``, its closing quote left off or
not): the value is what the sentence asks, the key the frame it is written in."""


def _answer_text(part: Inline) -> str:
    """What a code answer asks: a JSON member's value (:data:`_JSON_MEMBER`), else the whole code."""
    member = _JSON_MEMBER.match(part.text)
    return member.group(2).strip() if member else part.text.strip()


def _gapped(number: int, part: Inline) -> str:
    """A code answer as a gap: a JSON member keeps its key in sight and hides its value (``"Action":
    "{{c1::sts:AssumeRole}}"``), a gap on the whole member would ask its punctuation too."""
    member = _JSON_MEMBER.match(part.text)
    if member is None:
        return cloze_gap(number, part.html)
    key, value = html.escape(member.group(1), quote=False), html.escape(member.group(2).strip(), quote=False)
    return f'<code>"{key}": "{cloze_gap(number, value)}"</code>'


def _text_with_gaps(inlines: Inlines, answers: list[Inline]) -> str:
    """The text with each answer as a gap: names that hold one another (``curl``, ``curl -I``) share
    a number, and an answer shown again in the text (``/proc`` in ``/proc/cpuinfo``) is hidden there
    too, so no card shows what it asks."""
    names = [_answer_text(part) for part in answers]
    numbers = gap_numbers(names)
    hidden = {id(part): number for part, number in zip(answers, numbers, strict=True)}
    out: list[str] = []
    for part in inlines:
        if id(part) in hidden:
            out.append(_gapped(hidden[id(part)], part))
        else:
            out.append(part.html)
    return hide_aliases(hide_repeats("".join(out).strip(), names, numbers))


def _repeats(sentence: list[Inline], names: list[str]) -> bool:
    """Whether a sentence shows one of the names again (``"free"の値`` after `free`, ``/proc/cpuinfo``
    after `/proc`): hidden there too, the card would be a row of gaps that give each other away."""
    text = "".join(part.text for part in sentence)
    return any(name in text for name in names)


def _asked_text(sentences: list[list[Inline]], answers: list[Inline]) -> tuple[Inline, ...] | None:
    """The sentences a cloze shows: those with gaps, and those without that do not show a gap's name
    again (they go to Details, where the whole bullet is); None when none is left out."""
    names = [part.text.strip() for part in answers]
    ids = {id(part) for part in answers}
    kept = [s for s in sentences if any(id(part) in ids for part in s) or not _repeats(s, names)]
    if len(kept) == len(sentences):
        return None
    return tuple(part for sentence in kept for part in sentence)


def _is_option(part: Inline) -> bool:
    return part.text.strip().startswith("-")


def _options_with_tool(
    groups: list[tuple[list[Inline], list[Inline]]],
) -> list[tuple[list[Inline], list[Inline]]]:
    """A sentence whose gaps are only options (`-c`, `-p`) asks them of the tool named before it, so
    it joins the sentence that names that tool: a card of options alone says not whose they are."""
    joined: list[tuple[list[Inline], list[Inline]]] = []
    for sentence, answers in groups:
        if joined and all(_is_option(part) for part in answers):
            # the tool's sentence and the options' one; the sentences that only went on from the tool
            # (what it is for) leave the card for Details: three sentences are a paragraph to read
            tool = {id(part) for part in joined[-1][1]}
            asking = [part for part in _sentences_of(joined[-1][0]) if any(id(inline) in tool for inline in part)]
            joined[-1] = ([*(inline for part in asking for inline in part), *sentence], [*joined[-1][1], *answers])
        else:
            joined.append((list(sentence), list(answers)))
    return joined


def _sentences_of(parts: list[Inline]) -> list[list[Inline]]:
    """``parts`` (whole sentences run together) cut back into their sentences, each part kept as it
    is (by identity: a gap is found by its part)."""
    sentences: list[list[Inline]] = [[]]
    for part in parts:
        sentences[-1].append(part)
        if part.kind == "text" and _SENTENCE_END.search(part.text + " A") and _ends_sentence(part.text):
            sentences.append([])
    return [sentence for sentence in sentences if sentence]


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(("。", ".", "!", "?", "！", "？"))


def _left_out(whole: list[Inline], shown: list[str]) -> str:
    """The HTML of the sentences of ``whole`` that no card's text shows (``shown``: the cards' texts,
    plain), for Details: Details that repeat the front are clutter."""
    kept = [sentence for sentence in _sentences_of(whole) if "".join(part.text for part in sentence).strip()]
    return "".join(
        "".join(part.html for part in sentence)
        for sentence in kept
        if not any(" ".join("".join(part.text for part in sentence).split()) in text for text in shown)
    ).strip()


def _with_followers(
    sentences: list[list[Inline]], gapped: list[tuple[list[Inline], list[Inline]]]
) -> list[tuple[list[Inline], list[Inline]]]:
    """Each gapped sentence with the gap-less sentences after it (``…を知っておこう。`` then what
    they are for), and any before the first one in front of it."""
    starts = {id(sentence[0]): answers for sentence, answers in gapped}
    groups: list[tuple[list[Inline], list[Inline]]] = []
    leading: list[Inline] = []
    for sentence in sentences:
        if id(sentence[0]) in starts:
            groups.append(([*leading, *sentence], starts[id(sentence[0])]))
            leading = []
        elif groups:
            groups[-1][0].extend(sentence)
        else:
            leading.extend(sentence)
    return groups


def _emit_sentences(
    context: ExtractContext,
    document: Document,
    section: Section,
    owner: ListItem | Paragraph,
    inlines: Inlines,
    span: Span,
) -> None:
    inlines = _split_commands(inlines)
    sentences = split_sentences(inlines, _SENTENCE_END)
    # the parts of ``inlines`` each sentence holds, by identity, so the gaps stand in the whole text
    whole: list[Inline] = []
    for sentence in sentences:
        whole.extend(sentence)
    hidden: list[Inline] = []
    per_sentence: list[tuple[list[Inline], list[Inline]]] = []
    framed: list[str] = []
    leaning: list[str] = []
    previous: list[Inline] | None = None
    for sentence in sentences:
        answers, last, previous = _answers(sentence), previous, sentence
        prose = _prose(sentence)
        if answers and not prose.strip(" 、,。.:：") and per_sentence and per_sentence[-1][0] is last:
            # only a command line after ``…こうやって確認しよう。``: the sentence before it asks its name
            per_sentence[-1] = (last, [*per_sentence[-1][1], *answers])
            hidden.extend(answers)
            continue
        if not answers or len(answers) > MAX_CODE_GAPS or not _is_statement(prose):
            continue
        names = [part.text.strip() for part in answers]
        if len(set(names)) < len(names):
            continue  # the same name twice: a walk through an example (`master` … `master`), not a list of tools
        if EXAMPLE_OPENING.match(prose):
            continue
        if _THIS_COMMAND.match(prose):
            leaning.append(" ".join("".join(part.text for part in sentence).split()))
            continue
        if not _FORMAT_FRAME.sub("", prose):
            # ``書き方は `{{resolve:サービス名:キー名}}` のような形式``: the gap is the whole syntax and the
            # sentence around it names no subject, so the card asks a template from nothing
            framed.append(" ".join("".join(part.text for part in sentence).split()))
            continue
        hidden.extend(answers)
        per_sentence.append((sentence, answers))
    headings = " › ".join((document_topic(document), *(title for title in section.path if title)))
    for part in [part for part in hidden if in_context(part.text.strip(), headings)]:
        hidden.remove(part)
        message = f"`{part.text.strip()[:60]}` shows in the card's headings, so hiding it asks nothing"
        context.skip(span, part.text.strip(), message, code="gap-in-context")
    kept_ids = {id(part) for part in hidden}
    per_sentence = [
        (sentence, [part for part in answers if id(part) in kept_ids]) for sentence, answers in per_sentence
    ]
    per_sentence = [(sentence, answers) for sentence, answers in per_sentence if answers]
    for text in framed:
        message = (
            "a sentence that only frames a syntax in `code` (書き方は `…` のような形式, The syntax is `…`): a gap "
            "on the whole template names no subject to answer from; write `- **Name**: `template`` for a card"
        )
        context.skip(span, text, message, code="code")
    for text in leaning:
        message = (
            "the sentence tells what 'this' command (the one beside it) does to an example's names (This "
            "command will move you into `Desktop`): alone the card does not say which command, and the "
            "gap is one example's value; write `- `command`: what it does` for a card"
        )
        context.skip(span, text, message, code="unresolved-referent")
    if not hidden:
        if framed or leaning:
            context.claim(owner)
        return
    if len(per_sentence) > 1 and len("".join(part.text for part in whole)) > MAX_CLOZE_BULLET_CHARS:
        # a paragraph-long bullet with gaps in several sentences: one note per such sentence (each
        # asks its own tools), the whole bullet in Details so the sentences it leans on stay readable
        groups = [
            (_asked_text(split_sentences(tuple(sentence), _SENTENCE_END), answers) or tuple(sentence), answers)
            for sentence, answers in _options_with_tool(_with_followers(sentences, per_sentence))
        ]
        details = _left_out(whole, [" ".join("".join(part.text for part in shown).split()) for shown, _ in groups])
        for shown, answers in groups:
            context.emit(
                NoteKind.CLOZE,
                cloze_key([part.text.strip() for part in answers]),
                span,
                {"Text": _text_with_gaps(shown, answers), **({"Details": details} if details else {})},
                section=section,
                source=owner,
            )
        context.claim(owner)
        return
    if len(hidden) > MAX_CODE_GAPS:
        return
    # one note per bullet: its sentences lean on each other (``…には、`dstat`が便利。より詳しく見るには、
    # `glances`。``), so a card per sentence asks the second without what it continues
    asked = _asked_text(sentences, hidden)
    fields = {"Text": _text_with_gaps(tuple(whole), hidden)}
    if asked is not None:  # a sentence that shows a gap's name again is read in Details (only it: not the front again)
        left = _left_out(whole, [" ".join("".join(part.text for part in asked).split())])
        fields = {"Text": _text_with_gaps(asked, hidden), **({"Details": left} if left else {})}
    context.emit(
        NoteKind.CLOZE,
        cloze_key([part.text.strip() for part in hidden]),
        span,
        fields,
        section=section,
        source=owner,
    )
    context.claim(owner)


@register("code-clozes", order=95)
def extract_code_clozes(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        # bullets only: in running prose, code marks the example's names (branches, files), not tools
        for owner, _ in iter_items(section.blocks):
            if context.claimed(owner):
                continue
            inlines = owner.inlines
            if not any(_is_code(part) for part in inlines) or any(part.kind in ("strong", "mark") for part in inlines):
                continue
            if split_definition(inlines) is not None:
                continue  # ``cmd: what it does`` is a definition's shape, not a sentence
            node = context.outline.find(owner)
            if node is not None and node.roles.example and _answers(list(_split_commands(inlines))):
                # ``Ex. `http://host.me/index.html`. Host name is `host.me` …``, the steps under ``Suppose
                # user enters URL `host.me/index.html`:``: the code names one example's values, not tools
                for span, text in source_lines(owner):
                    context.skip(
                        span,
                        text,
                        "an example or walk-through (Ex., e.g., Suppose …): its `code` names the example's own "
                        "values (a host, a file), not names to recall; no cloze (state the rule it shows for a card)",
                        code="example-value",
                    )
                context.claim(owner)  # a step of the walk-through is no subject's definition either
                continue
            if is_syntax_template(inlines):
                # ``SELECT * FROM table_name WHERE condition;``: gaps on its keywords have only the
                # template for a cue, and templates that differ in one keyword read the same
                for span, text in source_lines(owner):
                    context.skip(
                        span,
                        text,
                        "a syntax template (keywords in `code` among placeholders such as table_name, column1, *, ;), "
                        "not a sentence: a gap on a keyword has nothing to answer from; write `### **KEYWORD**: what "
                        "it does` over it for a card, with the template shown in its Details",
                        code="code",
                    )
                context.claim(owner)
                continue
            _emit_sentences(context, document, section, owner, inlines, owner.span)
