"""Definitions: ``- **Term**: text``, ``**Term**は、…``, ``Xとは`` + explanation, a term line over its
explanation, a heading and its paragraph, a term bullet explained by its child bullets, and
structured topic bullets (``概要`` / ``試験ポイント`` / ``要約`` children) that make one note for the topic."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace

from ankigen.patterns import lazy_compile

from ..model import (
    Block,
    CodeBlock,
    Document,
    Inline,
    Inlines,
    ListBlock,
    ListItem,
    NoteKind,
    Paragraph,
    Quote,
    RawBlock,
    Section,
    Span,
    Table,
    inline_html,
    inline_text,
)
from . import ExtractContext, register
from .aspects import kana_skeleton, latin_skeleton
from .common import (
    COUNTED_THINGS,
    HIRAGANA_END,
    NOMINALISED_CLAUSE,
    NON_STUDY_TERMS,
    OUTLINE_NUMBER,
    SENTENCE_THEN_MORE,
    bare_value,
    block_html,
    breadcrumb_link,
    children_html,
    clean_term,
    cloze_gap,
    excerpt,
    find_word,
    fold,
    has_cjk,
    is_diagram,
    is_group_heading,
    is_non_study_term,
    is_topic_title,
    is_word_or_hyphen,
    iter_items,
    looks_like_term,
    meaningful_body,
    navigation_link,
    opens_with_connective,
    outside_brackets,
    outside_round_brackets,
    parallel_phrases,
    plain_html,
    pointer_only,
    sentence_like,
    split_definition,
    split_lines,
    split_towa,
    study_sections,
)
from .details_field import MORE_MARK
from .label_gate import judge_label, recurring_headings
from .lead_in_lists import (
    emit_lead_in_lines,
    finite_clause,
    lead_in_lines,
    lead_in_sentence,
    own_subject,
    strip_lead_in,
)
from .outline import image_only, is_label
from .question_lists import QUESTION_LABELS
from .recital import recited_items, statement_items
from .tags import breadcrumb
from .vocabulary import (
    ABOUT_THE_TEXT,
    ACTION_ENDINGS,
    ANSWER_TO_SYMPTOM_LABELS,
    BRACKET_LABEL,
    BROKEN_OFF,
    CODE_SNIPPET_MIN_CHARS,
    COLLECTION_LEAD_IN,
    COUNTED_LEAD_IN,
    ERROR_NAME,
    EXAMPLE_LINE_WORDS,
    EXAMPLE_SECTIONS,
    EXCLAIMED_ASIDE,
    EXPLAIN_QUOTE_CHARS,
    GENERIC_LABELS,
    HEADING_BULLET_DEFINITION_EN,
    HEADING_BULLET_KINDS_JA,
    INSTRUCTION_ENDINGS,
    LABEL_TERMS,
    LEAD_IN,
    LIST_LEAD_IN,
    MAX_ANSWER_CHARS,
    MAX_BARE_TERM_CHARS,
    MAX_CARD_NAME_CHARS,
    MAX_LEAD_IN_CODE_LINES,
    MAX_NAME_CHARS,
    MAX_OWNER_CHARS,
    MAX_PUNCTUATED_TERM_CHARS,
    MAX_RECITED_FACTS,
    MAX_RECITED_NAMES,
    MAX_SYMPTOM_CONTEXT_CHARS,
    MAX_TERM_CHARS,
    MEANS_BEFORE,
    MIN_LABELLED_SECTIONS,
    MIN_RECITED_ITEMS,
    MIN_SENTENCE_CHARS,
    NARRATIVE_HEADINGS,
    NARRATIVE_MARKS,
    NARRATIVE_PAST,
    NO_SUBJECT_WORDS,
    NOTES_HEADING,
    NUMBERED_STEP,
    PRACTICE_VERB_ENDINGS_JA,
    PROCESS_LEAD_IN,
    PRONOUN_SUBJECT_EN,
    REMARK_HEADING,
    SECTION_LEAD_IN_ENDINGS,
    SET_TERM_ENDINGS,
    SUMMARY_LABELS,
    SYMPTOM_LABELS,
    TOPIC_LABELS,
    VALUE_ANSWER,
    VENDOR_PREFIXES,
)

__all__ = ["GENERIC_LABELS", "SUMMARY_LABELS", "TOPIC_LABELS", "topic_label"]

_EXAMPLE_SECTIONS = EXAMPLE_SECTIONS
_TOWA_LINE = lazy_compile(r"^(.{1,50}?)\s*(?:とは|って何)\s*[?？:：]?\s*$", needs=("とは", "って何"))
_MARKED_LINE = lazy_compile(r"^\s*[◾◼■□◆◇▶▷►📌✅\u2460-\u2473\u2776-\u277f]\ufe0f?\s*(.+?)\s*$")
_PROPER_NAME = lazy_compile(r"[A-Z][\w-]*(?: [A-Z0-9][\w-]*){1,3}")
_LINE_NUMBER = lazy_compile(r"^\s*\d{1,3}[.)．]\s+")
_DASH_NUMBER = lazy_compile(r"^\s*\d{1,3}-\s+(?=[^\W\d])")
"""An outline number written with a hyphen (``5- Participation``), before a word."""
_TITLE_LINE = lazy_compile(r"^\s*[◾◼■□◆◇▶▷►📌✅]")
# a row of a plain-text table: two columns parted by a tab or three spaces or more (``pwd<TAB>Show
# current directory``, ``\\q                quit psql``); a gap right after a colon is a ``Term:``
# line laid out in a column, still a definition
_COLUMN_ROW = lazy_compile(r"\S(?<![:：])(?:[ \u3000]*\t|[ \u3000]{3,})[ \t\u3000]*\S")
_MIN_COLUMN_ROWS = 2
_SHELL_LINE = lazy_compile(r"\$\{[^}\n]*\}|\$\([^)\n]*\)|^\s*[A-Za-z_][\w\[\]@]*\+?=\(", needs=("$", "=("))
"""A shell line: a ``${name}`` / ``${arr[@]}`` expansion, a ``$(command)`` substitution, or an array
assignment (``colors=(red blue)``, ``colors+=(green)``)."""
_MIN_SHELL_LINES = 3
"""A marked line that titles what follows (not ``❶`` / ``①``, which number the items of an answer)."""
_HEAD_COLON = lazy_compile(r"^(.{1,40}?)\s*[:：]\s*$")
_DIAGRAM_LINE = lazy_compile(r"^(?:[\s⬇⬆↓↑⇩⇧|→←⇒\-=>]+(?:\ufe0e|\ufe0f)?\s*(?:[(（].{0,30}[)）])?|\[[^\[\]]{1,60}\])$")
"""A line of a text diagram: arrows alone or with a short note (``⬇︎ (DNS 解決)``), or a box (``[ Route 53 ]``)."""
_RUN_IN_ITEM = lazy_compile(r"\s-\s+[^\s:：、。][^:：、。]{0,30}[:：]\S")
_LEAD_IN = LEAD_IN


def recurring_labels(document: Document) -> frozenset[str]:
    """Labels an author writes in each of several sibling sections (``**TL;DR:** …`` and
    ``**Otherwise:** …`` under every practice heading, ``- **Why**: …`` under every command): the
    same ``Label: text`` line, opening a paragraph line or a top-level bullet directly under
    :data:`~ankigen.extract.vocabulary.MIN_LABELLED_SECTIONS` or more headings with the same parent
    (a term the notes define again under a second heading, ``AMI`` under ``EC2`` and ``Review``, is
    not one). Such a "term" is a label of its section, not a term: alone
    it asks nothing (and repeats across the file), so its card must carry the heading it is about
    (:func:`_labelled_by_heading`). Folded labels."""
    sections: dict[str, dict[tuple[str, ...], set[int]]] = {}
    for section in study_sections(document):
        if not section.level:
            continue
        lines: list[Inlines] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.extend(split_lines(block.inlines))
            elif isinstance(block, ListBlock):
                lines.extend(item.inlines for item in block.items)
        for line in lines:
            split = split_definition(line)
            if split is None or not inline_text(split[1]).strip():
                continue
            by_parent = sections.setdefault(fold(split[0]), {})
            by_parent.setdefault(section.path[:-1], set()).add(section.span.line)
    return frozenset(
        label
        for label, by_parent in sections.items()
        if any(len(lines) >= MIN_LABELLED_SECTIONS for lines in by_parent.values())
    )


def _recurring_labels(document: Document, context: ExtractContext) -> frozenset[str]:
    """:func:`recurring_labels` of ``document``, read once for the extractors that ask."""
    found = context.memo.get("recurring-labels")
    if not isinstance(found, frozenset):
        found = context.memo["recurring-labels"] = recurring_labels(document)
    return found


def _labelled_by_heading(context: ExtractContext, section: Section, span: Span, label: str) -> str | None:
    """The term a section label's card asks (see :func:`recurring_labels`), as
    :func:`~ankigen.extract.label_gate.judge_label` decides: the heading itself for a summary label
    (``## Use TLS`` / ``**TL;DR:** …`` asks ``Use TLS``), ``Heading › Label`` under a heading that
    names a term; None, with the reason logged, when the heading names nothing to ask about (a group
    title, a topic title, a question, a sentence or a statement such as a practice to follow)."""
    verdict = judge_label(label, section.title)
    if not verdict.front:
        context.skip(span, label, verdict.message, code=verdict.code)
        return None
    return verdict.front


def topic_label(item: ListItem) -> tuple[str, Inlines] | None:
    """``**概要**: …`` inside a structured topic: the label and its text."""
    split = split_definition(item.inlines)
    if split is None:
        return None
    term, body = split
    return (term, body) if fold(term) in TOPIC_LABELS else None


_STRAY_PIPE = lazy_compile(r"\s+\|\s*$")


_LEADING_SEPARATOR = lazy_compile(r"^\s*[;,]\s*(?=\S)")


def _emit_definition(
    context: ExtractContext,
    section: Section,
    item_span: object,
    term: str,
    definition: str,
    details: str = "",
    image: str = "",
    context_path: tuple[str, ...] | None = None,
    owner: str = "",
    source: object | None = None,
    front: str = "",
) -> None:
    """One definition note; ``context_path`` replaces the heading path in Context (a sub-bullet's
    parent term is part of what it means: ``ボリュームサイズ`` under ``gp3``). ``front``: the front
    shown when it is not the term itself (a procedure's step, ``Python のビルド › 静的コード解析``);
    the identity key stays the term's, so the note keeps its GUID.

    ``owner`` is the parent bullet's term for a nested definition. It is part of the identity key
    (``term``, then ``owner``), so the same attribute under two entities (``ボリュームサイズ`` under
    ``io2`` and under ``gp2``) is two notes with their own identity instead of a duplicate-key
    collision numbered by source order; moving the whole bullet tree keeps it."""
    from ..model import Span

    assert isinstance(item_span, Span)
    shown = front or term
    definition = _LEADING_SEPARATOR.sub("", definition)  # ``* ARM:      ; RISC …``: an empty column's ``;``
    if definition.count("|") == 1:
        # ``Service: Zoom |``: a table's cell border left on a line of text, no part of the answer
        definition = _STRAY_PIPE.sub("", definition)
    fields = {"Term": html.escape(shown), "Definition": definition, "Details": details, "Image": image}
    if context_path is not None:
        fields["Context"] = breadcrumb(context_path, shown)
    key = f"{term}\x1f{owner}" if owner and fold(owner) != fold(term) else term
    context.emit(NoteKind.DEFINITION, key, item_span, fields, section=section, term=shown, source=source)


@register("structured-topics", order=20)
def extract_structured_topics(document: Document, context: ExtractContext) -> None:
    """A bold topic bullet whose children are labelled parts: one note for the topic."""
    for section in study_sections(document):
        for item, _parent in iter_items(section.blocks):
            if context.claimed(item) or not item.sublists:
                continue
            children = [child for sublist in item.sublists for child in sublist.items]
            parts = [(child, found) for child in children if (found := topic_label(child)) is not None]
            if len(parts) < 2 or len(parts) < len(children) / 2:
                continue
            term = clean_term(item.text)
            if not term or len(term) > MAX_TERM_CHARS:
                continue
            by_label = {fold(label): (label, body) for _, (label, body) in parts}
            summary_key = next((fold(label) for label in SUMMARY_LABELS if fold(label) in by_label), None)
            if summary_key is None:
                context.skip(
                    item.span,
                    term,
                    "topic has labelled parts but none is 概要/定義/要約/Summary; add `- **概要**: …` "
                    "under it to get one card for the topic",
                    code="topic-without-summary",
                )
                continue
            _summary_label, summary_body = by_label[summary_key]
            details = "".join(
                f"<dt>{html.escape(label)}</dt><dd>{inline_html(body)}</dd>"
                for _, (label, body) in parts
                if fold(label) != summary_key
            )
            _emit_definition(
                context,
                section,
                item.span,
                term,
                inline_html(summary_body),
                f"<dl>{details}</dl>" if details else "",
                source=item,
            )
            context.claim(item)
            context.claim(*children, cloze_ok=True)


_ASIDE_ONLY = lazy_compile(r"^(?:\s*[（(][^（）()]*[）)])?\s*[。.]?\s*$")


def _bold_only(paragraph: Paragraph | ListItem) -> bool:
    """A paragraph that is one **bold** phrase, a bracketed aside and a full stop at most
    (``**ディスタンスベクタ型**（距離ベクトル型）。``): the bold is the whole answer."""
    parts = [part for part in paragraph.inlines if part.kind != "text" or part.text.strip()]
    if not parts or parts[0].kind != "strong":
        return False
    rest = "".join(part.text for part in parts[1:] if part.kind == "text")
    return all(part.kind == "text" for part in parts[1:]) and bool(_ASIDE_ONLY.match(rest))


_DASHED_TITLE = lazy_compile(r"^[^\w]*(?P<name>[^—–]{2,40}?)\s+[—–]\s+(?P<title>[^—–.!?:;,]{2,60})$")
_SMALL_WORDS = frozenset({"a", "an", "and", "or", "of", "the", "to", "in", "on", "for", "with", "by", "vs"})


def _dashed_title(text: str) -> bool:
    """A title line: a name, an em or en dash and a subtitle in Title Case of at most six words
    (``✅ Echo Command — Print Statements``); a definition after the dash is a phrase in lower case
    (``grep — searches files for a pattern``)."""
    match = _DASHED_TITLE.match(" ".join(text.split()))
    if match is None:
        return False
    words = match.group("title").split()
    if re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", match.group("name").strip()):
        return False  # ``EC2 — Elastic Compute Cloud``: the long form of a short name, a card of its own
    return 0 < len(words) <= 6 and all(word[0].isupper() or word.lower() in _SMALL_WORDS for word in words)


def _command_line(body: Inlines) -> bool:
    """A paragraph that is one code span and nothing else (`` `dig +short example.com` ``): a command."""
    parts = [part for part in body if part.kind != "br" and (part.kind != "text" or part.text.strip())]
    return len(parts) == 1 and parts[0].kind == "code"


_PROGRAM_RUN = lazy_compile(r"^[a-z][\w.-]*\s+\S")
"""A command line: a program in lower case and an argument (``docker ps -a``, ``git log --oneline``)."""


def _command_answer(body: Inlines, term: str) -> bool:
    """An answer that is one command in `code` after a task (``* List docker images: `docker images```):
    the command is the answer, though one word of prose would be none; not under a label word
    (``Usage``, ``例``), whose command shows a case, not the answer to a task."""
    if not _command_line(body) or not _task_phrase(term) or is_label(term):
        return False
    command = next(part.text.strip() for part in body if part.kind == "code")
    return bool(_PROGRAM_RUN.match(command)) and "\n" not in command and len(command) <= _MAX_COMMAND_ANSWER


_MAX_COMMAND_ANSWER = 100


def _code_command(inlines: Inlines, term: str) -> bool:
    """A front that is one code span naming a command (`` `aws s3 sync` : …``, `` `git rebase -i`：…``):
    the span names a thing, and the text after the colon says what it does."""
    parts = [part for part in inlines if part.kind != "text" or part.text.strip()]
    if not parts or parts[0].kind != "code" or parts[0].text.strip() != term.strip():
        return False
    return 0 < len(term) <= MAX_TERM_CHARS and "\n" not in term and not term.startswith(("{", "[", "<"))


_SUBJECT_NAME = lazy_compile(r"[\u30a0-\u30ffA-Za-z0-9 ]+")


def _practice_front(label: str, owner: str, body: str) -> str:
    """The front asking why a best practice is followed, for a Japanese label written as an action
    on a named thing (``バッチ処理を利用する``) under the product it is about:
    ``Amazon SQS › バッチ処理を利用する理由``; "" for any other label, or one with no product above it."""
    label = label.strip()
    if not owner or not 0 < len(label) <= MAX_TERM_CHARS or any(mark in label for mark in "、。,;!?！？"):
        return ""
    if not has_cjk(label) or not label.endswith(PRACTICE_VERB_ENDINGS_JA) or label.find("を") < 2:
        return ""  # English labels (``Enable autovacuum``) read as terms and are defined as such
    thing = label[: label.index("を")]
    if _SUBJECT_NAME.fullmatch(thing) and body.lstrip().startswith(f"{thing}は"):
        return ""  # ``ロングポーリングを有効にする: ロングポーリングは、…``: a card on the name (subject_sentences.py)
    return f"{owner} › {label}理由"


_SENTENCE = lazy_compile(r"[^。]+。")


def _reason_first(label: str, answer: str) -> str:
    """A practice's answer with the sentence saying what doing it brings first: under the front
    ``Amazon SQS › バッチ処理を利用する理由``, the text ``バッチ処理は、…減らします。バッチ処理を利用すると、
    スループットを向上させることができます。`` answers the why with its second sentence (``…を利用すると、…``),
    so that one leads and the first goes to the Details. The answer is unchanged when no later sentence
    opens on the label's conditional, or when it holds markup (a sentence is then no plain run)."""
    label = label.strip()
    if "<" in answer or not label.endswith("る"):
        return answer
    sentences = _SENTENCE.findall(answer)
    if len(sentences) < 2 or "".join(sentences) != answer.strip():
        return answer
    said = next((index for index, sentence in enumerate(sentences) if sentence.strip().startswith(f"{label}と")), 0)
    if said == 0:
        return answer
    return "".join(
        [sentences[said].strip(), *(sentence.strip() for index, sentence in enumerate(sentences) if index != said)]
    )


def _task_phrase(term: str) -> bool:
    """A short task a command does (``Find the IP of a host``, ``IP アドレスの逆引き``): one line,
    no full stop inside, short enough to read as a prompt."""
    return 0 < len(term) <= MAX_TERM_CHARS and not re.search(r"[。!?！？]|\.\s", term) and "\n" not in term


_EXAMPLE_LEAD = lazy_compile(r"^\s*(?:例|具体例|使用例|実行例|example|e\.g\.)\s*[:：]", re.IGNORECASE)
"""A paragraph that opens an example (``例：SA に何ができるかを指定``, ``Example: …``)."""


def _example_code_labels(section: Section) -> frozenset[int]:
    """The items of a ``Label: value`` list right below an example's code (``例：…``, then a fenced
    command, then ``- 対象：…`` / ``- Role：…``): each says what one value of that example is, which is
    no fact of the label (``対象`` → ``Cloud Storage …`` asks nothing); a list whose items are not all
    such short labels is left to the other rules."""
    found: set[int] = set()
    blocks = section.blocks
    for index in range(2, len(blocks)):
        block, code, lead = blocks[index], blocks[index - 1], blocks[index - 2]
        if not (isinstance(block, ListBlock) and isinstance(code, CodeBlock) and isinstance(lead, Paragraph)):
            continue
        if not _EXAMPLE_LEAD.match(lead.text) or not block.items:
            continue
        splits = [split_definition(item.inlines) for item in block.items]
        if all(split is not None and not item.sublists for split, item in zip(splits, block.items, strict=True)):
            found.update(id(item) for item in block.items)
    return frozenset(found)


def _example_section(section: Section) -> bool:
    return fold(clean_term(section.title)) in _EXAMPLE_SECTIONS


@register("list-definitions", order=30)
def extract_list_definitions(document: Document, context: ExtractContext) -> None:
    """``- Term: text`` / ``- **Term**は、…`` items, and term bullets explained by their child bullets."""
    recurring = _recurring_labels(document, context)
    symptoms: dict[int, str | None] = {}  # a list's symptom (by its items), read once for all its items
    for section in study_sections(document):
        # ``- Term:`` as the last item of a list, its explanation on the unindented lines below
        trailing: dict[int, Paragraph] = {}
        for index, block in enumerate(section.blocks[:-1]):
            following = section.blocks[index + 1]
            if isinstance(block, ListBlock) and block.items and isinstance(following, Paragraph):
                trailing[id(block.items[-1])] = following
        procedure = _procedure_section(section)
        numbered = _numbered_items(section.blocks)
        step_owners = _procedure_step_owners(section, numbered)
        labelled_lists = _label_lead_ins(section)
        example_items = _example_code_labels(section)
        for item, parent in iter_items(section.blocks):
            if context.claimed(item):
                continue
            if id(item) in example_items:
                context.skip(
                    item.span,
                    inline_text(item.inlines)[:EXPLAIN_QUOTE_CHARS],
                    "a value of the example above it (例： and its code), not a fact to learn on its own; "
                    "write what it teaches as `- **Term**: explanation` to get a card",
                    code="example-value",
                )
                context.claim(item, cloze_ok=True)
                continue
            split = split_definition(item.inlines) or split_towa(item.inlines)
            if (
                split is not None
                and item.sublists
                and _translated_name(split[0], inline_text(split[1]))
                and any(_explains(child.text) for sublist in item.sublists for child in sublist.items)
            ):
                split = None  # ``- Race condition - 競合状態`` over what it is: one term in two languages
            if split is not None:
                term, body = split
                body_text = inline_text(body)
                lazy = trailing.get(id(item))
                command = False
                if not body_text.strip() and not item.sublists and lazy is not None and not context.claimed(lazy):
                    body, body_text = lazy.inlines, lazy.text
                    context.claim(lazy, cloze_ok=True)
                    command = _command_line(body)
                if command and _task_phrase(term) and section.level:
                    # ``- 逆引きする:`` then `` `dig -x 8.8.8.8` `` (a cheat sheet): the task asks for its
                    # command, under the tool or topic the heading names
                    owner = clean_term(section.title)
                    _emit_definition(
                        context,
                        section,
                        item.span.at(item.span.line, lazy.span.end_line) if lazy is not None else item.span,
                        term if fold(owner) in fold(term) else f"{owner} › {term}",
                        inline_html(body),
                        "",
                        source=item,
                    )
                    context.claim(item, cloze_ok=True)
                    continue
                if is_group_heading(term) and not body_text.strip():
                    continue  # ``- オプション:`` over a list: a label, the children carry the content
                if parent is None and section.level and fold(term) in recurring and meaningful_body(body_text):
                    # ``- **Why**: …`` under every heading: the heading is what it is about
                    asked = _labelled_by_heading(context, section, item.span, term)
                    if asked is not None:
                        details = children_html(item) if item.children else ""
                        _emit_definition(
                            context,
                            section,
                            _own_span(item) if details else item.span,
                            asked,
                            inline_html(body),
                            details,
                            context_path=section.path[:-1],
                            source=item,
                        )
                    context.claim(item, cloze_ok=True)
                    continue
                if (
                    parent is not None
                    and id(item) not in step_owners
                    and _step_action(parent, id(parent) in numbered, term, body_text)
                ):
                    context.skip(
                        item.span,
                        term,
                        "an action of the numbered step above it, not a term; card what the step achieves, "
                        "or write the procedure as a numbered list to keep it in Details",
                        code="procedure-step",
                    )
                    # nor a sentence to cloze: which name the step uses is one of several right answers
                    # (``管理者は Acme Console を使用して…`` in a step of a set-up)
                    context.claim(item, cloze_ok=True)
                    continue
                if fold(term).strip(" :：") in _EXAMPLE_CASE_LABELS and (
                    sentence_like(body_text.strip()) or _over_code(section, item, parent)
                ):
                    # ``- chmod: …`` / ``- Example: add all permissions to everyone`` over its command:
                    # the line tells (or captions) one case of what is above it, not what a term
                    # ``Example`` is; no ``chmod › Example`` card asks a case with many right answers
                    context.skip(
                        item.span,
                        excerpt(body_text.strip()),
                        "the bullet tells or captions an example (a case, with many right answers), not what "
                        "its owner is; no card of its own",
                        code="not-what-it-is",
                    )
                    context.claim(item, cloze_ok=True)
                    continue
                step_owner = step_owners.get(id(item), "")
                siblings = _siblings(section, item, parent)
                if _letter_step(term, siblings):
                    context.skip(
                        item.span,
                        term,
                        f"'{term}' labels one step of a figure's walk-through (A, B, C …), not a term: the "
                        "step's text is about the figure; write the point it makes as `- **Term**: explanation` "
                        "to get a card",
                        code="step-or-topic-title",
                    )
                    context.claim(item, cloze_ok=True)
                    continue
                if id(siblings) not in symptoms:
                    symptoms[id(siblings)] = _symptom(siblings)
                symptom = symptoms[id(siblings)]
                if fold(term) in SYMPTOM_LABELS and symptom is not None:
                    shown = "shown as the Context of that card" if symptom else "too long to show with that card"
                    context.skip(
                        item.span,
                        term,
                        f"'{term}' says what went wrong: the question its sibling cause or fix answers, "
                        f"{shown}, not a fact to ask on its own",
                        code="symptom-label",
                    )
                    continue
                stated, statement = _named_by_statement(term), term
                unarticled = _ARTICLE.sub("", term)
                if (
                    not stated
                    and unarticled != term
                    and not looks_like_term(term)
                    and looks_like_term(unarticled)
                    and _NAMED_WORD.search(unarticled)
                ):
                    term = unarticled  # ``* A CPU burst - performing calculations``: the term is ``CPU burst``
                if stated:
                    term = stated  # ``- Modern LANs use full duplex: …``: the text says what full duplex is
                label = term
                coded = False  # the label's owner is a command written as a `code` span: the front names it
                if fold(term) in GENERIC_LABELS:
                    owner = owner_term(parent, section)
                    above = context.outline.subject_of(item) if parent is None else ""
                    headed = any(fold(above) in fold(part) for part in section.path)
                    if above and not headed and looks_like_term(above) and len(above) <= MAX_OWNER_CHARS:
                        # ``**5. Security Groups**`` over ``- Default: deny all inbound``: the title right
                        # above the list names the owner, not the heading above that title
                        owner = above
                    coded = parent is not None and bool(owner) and owner == _code_owner(parent)
                    if fold(owner) in NO_SUBJECT_WORDS:
                        owner = ""  # ``Other``: ``Otherの問題のポイント`` names no subject either
                    if not owner:
                        context.skip(
                            item.span,
                            term,
                            f"'{term}' means nothing on its own; put it under the bullet or heading it belongs to",
                            code="label-without-subject",
                        )
                        continue
                    if fold(term) in fold(owner):
                        term = owner
                    elif has_cjk(term):
                        term = f"{owner}の{term}"
                    else:
                        term = f"{term} of {owner}"
                if (
                    not looks_like_term(term)
                    and not coded
                    and not _word_among_terms(term, body_text, parent)
                    and not _code_command(item.inlines, term)
                    and not _name_among_named(term, body_text, item, parent)
                ):
                    practice = ""
                    if meaningful_body(body_text) and sentence_like(body_text) and not item.sublists:
                        practice = _practice_front(term, owner_term(parent, section), body_text)
                    if practice:
                        term = practice  # ``- バッチ処理を利用する: …`` under ``Amazon SQS``: why do it
                    elif term and not is_non_study_term(term) and len(term) <= MAX_TERM_CHARS:
                        context.skip(
                            item.span,
                            term,
                            "the text before the colon does not read as a term (a sentence, a condition, "
                            "a step number or an example); phrase it as `- **Term**: explanation` to get a card",
                            code="not-a-term",
                        )
                    if not practice:
                        continue
                if not item.sublists and pointer_only(inline_html(body)):
                    context.skip(
                        item.span,
                        term,
                        "the text after the term is only a reference (a link or a URL to read), not a fact to "
                        "recall; write what it is after the colon to get a card",
                        code="link-only",
                    )
                    continue
                command_answer = not item.sublists and _command_answer(body, term)
                if not meaningful_body(body_text) and not item.sublists and not command_answer:
                    context.skip(
                        item.span,
                        term,
                        "the explanation after the term is empty or one word; write a short phrase after the colon",
                        code="empty-answer",
                    )
                    continue
                if (
                    len(term) > 2 * len(body_text) + 8
                    and not item.sublists
                    and not command_answer
                    and not _code_command(item.inlines, term)
                ):
                    context.skip(
                        item.span,
                        term,
                        "the answer is much shorter than the term; is it written the wrong way round?",
                        code="wrong-way-round",
                    )
                    continue
                details = children_html(item) if item.children else ""
                if stated and _USES_NAME.match(statement.strip()):
                    # the statement it was named by stays on the card, under the answer
                    details = html.escape(statement) + (f"<br>{details}" if details else "")
                    context.skip(
                        item.span.at(item.span.line),
                        statement,
                        f"the statement that names '{term}' before the colon: shown in the Details of its "
                        "card, which asks what the text after the colon says it is; never asked on its own",
                        code="in-details",
                    )
                definition, image = inline_html(body), ""
                if term.endswith("理由") and label != term:
                    definition = _reason_first(label, definition)
                spelled = _spelled_child(term, body_text, item)
                if spelled is not None and not context.claimed(spelled):
                    # ``- Deploy : デプロイ先を指定`` over ``- AWS S3, AWS CloudFormation, … など``: the
                    # text only spells the term in katakana; what it names (which targets) is the
                    # one child line, so the back holds both instead of asking the name again
                    definition, details = f"{definition}：{spelled.html}", ""
                    context.claim(spelled, cloze_ok=True)
                if item.sublists and context.claimed(item.sublists[0]):
                    definition = strip_lead_in(definition)  # its list is asked on a card of its own
                value_over_remarks = not meaningful_body(body_text) and bare_value(body_text) and bool(item.sublists)
                if value_over_remarks:
                    # ``- プロトコル: NFS/SMB/HDFS`` over a remark on it: the value answers, the remark
                    # is its Details (never the answer in its place, nor a card of its own)
                    context.claim(*(child for sublist in item.sublists for child in sublist.items), cloze_ok=True)
                elif not meaningful_body(body_text) and not command_answer:
                    children = [child for sublist in item.sublists for child in sublist.items]
                    if not any(_explains(child.text) and sentence_like(child.text) for child in children):
                        said = (
                            "the child bullets are `Label: value` pairs, each read on its own line (asked as "
                            "`… › Label` or explained there), none a statement of what this label is"
                            if children and all(_LABEL_VALUE.match(child.text) for child in children)
                            else "the child bullets are phrases (steps or items), none a statement of what it is"
                            if any(_explains(child.text) for child in children)
                            else "the child bullets are only names, not an explanation"
                        )
                        advice = (
                            "the label itself gives no card"
                            if said.startswith("the child bullets are `Label")
                            else "write what it is after the colon to get a card"
                        )
                        context.skip(item.span, term, f"{said}; {advice}", code="children-only-names")
                        continue
                    if _list_to_recite(item):
                        _recited_list(context, section, item, term)
                        continue
                    (definition, image), details = _children_answer(_without_snippets(context, item, term)), ""
                    labelled = _one_labelled_child(children) if label != term else None
                    if labelled is not None and _one_sentence(labelled[1]):
                        # ``- 利用シナリオ:`` over one ``- 通知が必要な場合：障害を見つけたら担当者に
                        # 知らせる場合に適している。``: one sentence states the case in full, its
                        # label only names it (and may only repeat what the owner is for): the
                        # sentence is the answer
                        definition = inline_html(labelled[1])
                        context.claim(*children, cloze_ok=True)
                    elif labelled is not None:
                        # ``- 利用シナリオ:`` over one ``- 複雑な手順が必要な場合：…に適している。…``: the
                        # child's label answers what the owner's scenario (use, merit …) is; its
                        # sentences explain that answer, in Details, so the back is one phrase
                        definition, details = html.escape(labelled[0]), f"<ul><li>{inline_html(labelled[1])}</li></ul>"
                        context.claim(*children, cloze_ok=True)
                owner = owner_term(parent, section) if parent is not None else ""
                crumbs = (*section.path, owner) if _shown_owner(owner, term, parent, section) else section.path
                lead = labelled_lists.get(id(siblings), "") if parent is None else ""
                if lead and fold(lead) not in fold(term) and not step_owner and (has_cjk(term) or term == term.lower()):
                    # ``CPU specific metrics:`` over ``* idle - the % of time …``: each name is asked
                    # as a part of what the label line names (``idle`` alone asks something else)
                    step_owner = lead
                if symptom and fold(label) in ANSWER_TO_SYMPTOM_LABELS:
                    crumbs = (*crumbs, symptom)  # ``原因`` of what: the ``エラー内容`` beside it
                    error = ERROR_NAME.search(symptom)
                    if error is not None:  # the front names the error it asks the cause or fix of
                        name = error.group(0)
                        term = f"{name}の{label}" if has_cjk(label) else f"{label} of {name}"
                _emit_definition(
                    context,
                    section,
                    _own_span(item) if details else item.span,
                    term,
                    definition,
                    details,
                    image=image,
                    context_path=crumbs,
                    owner=owner,
                    source=item,
                    # ``- 3. コンパイル: …`` among steps that are actions (``- 1. 依存関係のインストール``):
                    # the step's name is asked as a part of the procedure it is a step of
                    front=f"{step_owner} › {term}" if step_owner and fold(step_owner) not in fold(term) else "",
                )
                context.claim(item, cloze_ok=True)
                continue
            # a bare term bullet whose child bullets explain it
            if not item.sublists:
                glossed = _glossed_bullet(item) if id(item) not in numbered and not procedure else None
                if glossed is not None:
                    # ``* Shortest-Job-First Scheduling, SJF (to pick the quickest job).``: a name and,
                    # in brackets, a clause that says what it is or does
                    _emit_definition(context, section, item.span, glossed[0], html.escape(glossed[1]), source=item)
                    context.claim(item, cloze_ok=True)
                continue
            term = clean_term(item.text)
            if opens_with_connective(term):
                context.skip(
                    _own_span(item),
                    term,
                    "a bullet that opens with a connective (よって, したがって, So, Thus) draws a conclusion "
                    "from the lines above; it names no term, so its child bullets are no answer to it",
                    code="not-a-term",
                )
                continue
            if not looks_like_term(term) or is_group_heading(term) or is_topic_title(term):
                continue
            if item.text.strip().endswith(("?", "？")) and fold(term) not in QUESTION_LABELS:
                continue  # ``- それはなぜ？`` over its answer: a question, not a term (extract/question_lists.py)
            if _name_length(term) > MAX_BARE_TERM_CHARS and not _product_name(term):
                context.skip(
                    item.span,
                    term,
                    "a bullet over child bullets whose text is too long for a term (over 30 characters); "
                    "shorten it to the name, or write `- **Name**: explanation`",
                    code="term-too-long",
                )
                continue
            if _example_section(section) or (procedure and parent is None):
                continue
            children = [child for sublist in item.sublists for child in sublist.items]
            if children and _premise(item.text) and _CONSEQUENCE.match(children[0].text.strip()):
                _premise_card(context, section, item, term, children)
                continue
            defining = sum(1 for child in children if split_definition(child.inlines) is not None)
            if defining * 2 >= len(children):
                # a grouping bullet over definitions: the children make the cards; but under a **bold**
                # term, a first child that is a phrase, not a ``Label: text``, says what the term is
                # (``**Physical (Layer 1)**`` / ``- Handles raw bits …`` / ``- Examples: …``)
                _first_child_definition(context, section, item, term, children)
                continue
            if _list_to_recite(item):
                _recited_list(context, section, item, term)
                continue
            child_text = "".join(child.text for child in children)
            if not meaningful_body(child_text) or not any(_explains(child.text) for child in children):
                context.skip(
                    item.span,
                    term,
                    "the child bullets are only names, not an explanation; "
                    "add a bullet that says what it is to get a card",
                    code="children-only-names",
                )
                continue
            part = _part_named(term, children)
            if part:
                context.skip(
                    _own_span(item),
                    term,
                    f"the child bullets are statements about '{part}', not what '{term}' is: '{term}' alone "
                    f"asks none of them; write them under a `- **{part}**: …` bullet to get a card",
                    code="statements-about-part",
                )
                continue
            if _restating_child(term, children):
                # the second child names the term again as its subject (``- Trusted Advisor は …``):
                # a statement of its own, not more of what the first child says the term is. The
                # card asks the first; the second goes to Details (its **bold** may still make a
                # cloze), so the back holds one fact
                first, second = children
                span = item.span.at(item.span.line, first.span.end_line)
                details = f"<ul><li>{second.html}</li></ul>"
                _emit_definition(context, section, span, term, first.html, details, source=item)
                context.claim(item, cloze_ok=True)
                context.claim(first, second, cloze_ok=True)
                continue
            if _asked_member(context, section, item) and not any(_names_kind(child.text) for child in children):
                # ``- 「アラームとアクション」`` in a list a card already asks as a set (``大きく分けて
                # ３つの機能``), over cases of it (``CPU使用率が80%を超えた際にメール通知``): the set's
                # card asks its name; the cases are examples to recite, not what it is
                context.skip(
                    item.span,
                    term,
                    "a member of a list another card asks as a set, over child bullets that are cases or "
                    "examples of it, not what it is; write what it is after the name to get a card",
                    code="not-what-it-is",
                )
                context.claim(item, *children)  # nor a cloze of an example's value (``80%``)
                continue
            answer, image = _children_answer(_without_snippets(context, item, term))
            _emit_definition(context, section, item.span, term, answer, image=image, source=item)
            context.claim(item, *children)


_CONSEQUENCE = lazy_compile(
    r"(?:なので|だから|ですので|そのため|よって|したがって|従って|ゆえに|故に)[、,，\s]?\S"
    r"|(?:so|thus|hence|therefore|consequently)\b[,\s]",
    re.IGNORECASE,
)
"""A child bullet that draws a consequence from the bullet above it (``なので where 句は…``, ``So …``)."""
_PREMISE_JA = lazy_compile(r"[^\s、。]\s?[はが][^\s、。]")
_PREMISE_EN = lazy_compile(r"\b(?:is|are|was|were|has|have|can|cannot|must|does|do)\b", re.IGNORECASE)
_ONE_KEY_PHRASE = lazy_compile(r"「(?P<quote>[^「」]{1,30})」|<strong>(?P<bold>[^<]{1,40})</strong>")


def _premise(text: str) -> bool:
    """A bullet that is a statement (a subject with は/が, or an English verb), not a name."""
    return (_PREMISE_JA if has_cjk(text) else _PREMISE_EN).search(text) is not None


def _premise_card(
    context: ExtractContext, section: Section, item: ListItem, term: str, children: Sequence[ListItem]
) -> None:
    """A statement bullet whose first child draws a consequence from it (``- 集計の前は「行」が単位`` /
    ``  - なので where 句は行を選ぶ``): the bullet is a premise, not a term the children define (its card
    asked the premise and answered ``なので…``). With one key phrase marked in it (「quote」 or
    **bold**), a cloze asks that phrase, the consequences shown under it (Details); else no card and
    an explain line, and the child lines are read on their own."""
    shown = item.html
    phrases = list(_ONE_KEY_PHRASE.finditer(shown))
    if len(phrases) != 1:
        context.skip(
            _own_span(item),
            term,
            "a statement whose child bullets draw a consequence from it (なので…, So …): it is no term they "
            "define; mark its key phrase (「quote」 or **bold**) for a cloze with the consequences under it",
            code="not-a-term",
        )
        return
    found = phrases[0]
    group = "quote" if found.group("quote") is not None else "bold"
    start, end = found.span(group)
    text = shown[:start] + cloze_gap(1, shown[start:end]) + shown[end:]
    details = "<ul>" + "".join(f"<li>{child.html}{children_html(child)}</li>" for child in children) + "</ul>"
    last = children[-1].span.end_line
    context.emit(
        NoteKind.CLOZE,
        term,
        item.span.at(item.span.line, max(last, item.span.line)),
        {"Text": text, "Details": details},
        section=section,
        source=item,
    )
    context.claim(item, *children)


_SPELLED_OPENING = lazy_compile(r"^(?P<kana>[\u30a1-\u30faー]{2,})(?P<rest>[^、。,.:：]*)$")
_LATIN_WORD_TERM = lazy_compile(r"^[A-Za-z][a-z]{2,}$")
MAX_SPELLED_FILLER = 6
"""Characters a restating answer may add after spelling its term (``先を指定``, ``を行う``)."""


def _spelled_child(term: str, body: str, item: ListItem) -> ListItem | None:
    """The one child line of ``- Deploy : デプロイ先を指定`` (``- AWS S3, AWS CloudFormation, … など``)
    when the text after the colon only spells its one-word Latin term in katakana plus a short filler
    (:data:`MAX_SPELLED_FILLER`), so the back would restate the front: the child says what it names.
    None for another answer, or for children that are not one plain line (a list, a ``Label: text``)."""
    if not _LATIN_WORD_TERM.match(term.strip()):
        return None
    opening = _SPELLED_OPENING.match(" ".join(body.split()))
    if opening is None or len(opening["rest"].strip()) > MAX_SPELLED_FILLER:
        return None
    if kana_skeleton(opening["kana"]) != latin_skeleton(term.strip()):
        return None
    children = [child for sublist in item.sublists for child in sublist.items]
    if len(item.children) != 1 or len(children) != 1:
        return None
    child = children[0]
    if child.sublists or split_definition(child.inlines) is not None or len(child.text) > 80:
        return None
    return child


def _asked_member(context: ExtractContext, section: Section, item: ListItem) -> bool:
    """Whether ``item`` is a top-level bullet of a list that another extractor already asks as a set
    (the list is claimed, this bullet is not: ``lead_in_lists`` counts the names of a list whose
    bullets have children of their own)."""
    for block in section.blocks:
        if isinstance(block, ListBlock) and any(other is item for other in block.items):
            return context.claimed(block)
    return False


def _names_kind(text: str) -> bool:
    """A child bullet that says what kind of thing its parent is (``オブジェクトストレージサービス``,
    ``…を監視する機能です``, ``A tool that …``), or states it with a copula: not a case of it
    (``CPU使用率が80%を超えた際にメール通知``) nor an example (``インスタンス再起動、停止``)."""
    stripped = JA_SENTENCE_TAIL.sub("", text.strip())
    if not has_cjk(stripped):
        return bool(HEADING_BULLET_DEFINITION_EN.match(stripped))
    return stripped.endswith((*HEADING_BULLET_KINDS_JA, "こと", "もの")) or bool(re.search(r"です|である|とは", text))


JA_SENTENCE_TAIL = lazy_compile(r"(?:です|である|だ)?[。.\s]*$")


def _one_labelled_child(children: Sequence[ListItem]) -> tuple[str, Inlines] | None:
    """The label and explanation of the only child bullet, when it is a leaf ``Label: sentences``
    whose label is a phrase (not one word) and whose explanation is a sentence, else None."""
    if len(children) != 1 or children[0].children:
        return None
    parts = split_definition(children[0].inlines)
    if parts is None:
        return None
    label, body = parts
    text = inline_text(body)
    if len(label) < 6 or len(label) > MAX_TERM_CHARS or not sentence_like(text):
        return None
    return label, body


def _one_sentence(body: Inlines) -> bool:
    return len([part for part in _SENTENCE_BREAK.split(inline_text(body)) if part.strip()]) < 2


_SENTENCE_BREAK = lazy_compile(r"(?<=[。！？])|(?<=[.!?])\s+")


def _restating_child(term: str, children: Sequence[ListItem]) -> bool:
    """Whether the second of a term's two child bullets opens with the term itself as its subject
    (``Trusted Advisor は …``, ``Redis is …``): that bullet starts a statement of its own about the
    term, not more of what the first says it is. Only two leaf bullets of text count (three or more
    are a list of its points; a tree or an image keeps its children together)."""
    if len(children) != 2 or any(child.children or image_only(child.inlines) for child in children):
        return False
    name = fold(outside_brackets(term).strip())
    text = fold(children[1].text.strip())
    if len(name) < 2 or not text.startswith(name):
        return False
    return bool(re.match(r"\s*(?:は|では|が|\s(?:is|are|can|does|has)\b)", text[len(name) :]))


def _first_child_definition(
    context: ExtractContext, section: Section, item: ListItem, term: str, children: Sequence[ListItem]
) -> None:
    """A term bullet over mostly ``Label: text`` children whose first child is a plain phrase: that
    phrase says what the term is (``**Physical (Layer 1)**`` / ``- Handles raw bits …`` /
    ``- Examples: …``; ``- Security Hub`` / ``- Monitors …`` / ``- Not chosen because: …``). The
    term's card asks it; the other plain leaf children go to Details (never asked: ``in-details``)
    and each labelled child keeps its own card under the term. Without bold, the phrase must read
    as a statement or say what the term is, and the term must not be a label (``Examples``)."""
    first = children[0]
    if first.children or context.claimed(first) or split_definition(first.inlines) is not None:
        return
    text = first.text.strip()
    if not _explains(text) or _name_length(term) > MAX_BARE_TERM_CHARS or image_only(item.inlines):
        return
    if LIST_LEAD_IN.search(text):
        return  # a lead-in (``…に加えて以下が追加される``) announces the children, it says nothing itself
    marked = bool(item.inlines) and all(
        part.kind in ("strong", "mark") or not part.text.strip() for part in item.inlines
    )
    if not marked:
        label = fold(term)
        if label in GENERIC_LABELS or label in LABEL_TERMS or label in TOPIC_LABELS or is_non_study_term(term):
            return
        if label.endswith(SET_TERM_ENDINGS) or _same_head(term, text) or re.search(r"\s/\s|／|\bvs\b", term):
            return  # ``…の設定`` over ``- サンプリングルールの設定``: one member of a set; ``A / B``: two things
        if not (sentence_like(text) or _says_what_it_is(text)):
            return
    rest = [
        child
        for child in children[1:]
        if split_definition(child.inlines) is None and not child.children and not context.claimed(child)
    ]
    details = "".join(f"<li>{child.html}</li>" for child in rest)
    span = item.span.at(item.span.line, first.span.end_line)
    _emit_definition(context, section, span, term, first.html, f"<ul>{details}</ul>" if details else "", source=item)
    context.claim(item, cloze_ok=True)
    context.claim(first, *rest, cloze_ok=True)


def _name_length(term: str) -> int:
    """The length of a term bullet's name without its bracketed expansion or aside: ``ALB
    (Application Load Balancer)`` and ``カスタマーマスターキー (Customer Master Key; CMK)`` are
    short names; the brackets say what they stand for."""
    return len(outside_brackets(term).strip())


_PRODUCT_WORD = lazy_compile(r"^(?:[A-Z][A-Za-z0-9.&/-]*|[0-9][A-Za-z0-9.]*|for|on|of|and)$")
MAX_PRODUCT_WORDS = 6


def _product_name(term: str) -> bool:
    """A product's full name, longer than a bare term may be (``Amazon S3 Transfer Acceleration``,
    ``AWS Transit Gateway Network Manager``): capitalised words only (a joining ``for`` / ``on``
    aside), six at most, within :data:`~ankigen.extract.vocabulary.MAX_CARD_NAME_CHARS`. A sentence
    has lower-case words (``resources within the same region``) and stays too long for a term."""
    words = outside_brackets(term).split()
    return (
        2 <= len(words) <= MAX_PRODUCT_WORDS
        and _name_length(term) <= MAX_CARD_NAME_CHARS
        and all(_PRODUCT_WORD.match(word) for word in words)
        and bool(_PRODUCT_WORD.match(words[0]))
        and words[0][0].isupper()
    )


def _same_head(term: str, text: str) -> bool:
    """A Japanese phrase ending in the term's own head noun (``…の設定`` under ``…の設定``)."""
    core = re.sub(r"[（(][^（）()]*[）)]\s*$", "", text).rstrip("。. ")
    return has_cjk(term) and len(term) >= 2 and core.endswith(term[-2:])


_SNIPPET_STRUCTURE = lazy_compile(r'[{}\[\]]|"\s*:')


def _snippet_child(child: ListItem) -> bool:
    """A leaf child bullet that carries a code snippet (a policy, template or payload fragment written
    inline: `` `"Condition": {"IpAddress": …}` ``): no name, but structure to copy, not to recite."""
    if child.children:
        return False
    return any(
        part.kind == "code" and len(part.text) >= CODE_SNIPPET_MIN_CHARS and _SNIPPET_STRUCTURE.search(part.text)
        for part in child.inlines
    )


def _without_snippets(context: ExtractContext, item: ListItem, term: str) -> ListItem:
    """``item`` without its child bullets that carry a code snippet (:func:`_snippet_child`), each an
    explain line (``code``) pointing at its line: half a back given to a JSON fragment is clutter the
    learner cannot recite, and the bullet beside it states the fact (``…リソースポリシーを設定する``).
    ``item`` itself when no child, or every child, is one (then the snippet is the whole answer: left
    to the other rules)."""
    children = [child for sublist in item.sublists for child in sublist.items]
    snippets = [child for child in children if _snippet_child(child)]
    if not snippets or len(snippets) == len(children) or len(item.sublists) != len(item.children):
        return item
    for child in snippets:
        context.skip(
            child.span,
            child.text,
            f"a code snippet under '{term}': left off its card (code is copied from the note, not recited); "
            "the card asks the bullets beside it",
            code="code",
        )
    context.claim(*snippets)  # nor a cloze hiding the snippet: it is no name to recall
    shown = {id(child) for child in snippets}
    kept = tuple(
        replace(sublist, items=tuple(child for child in sublist.items if id(child) not in shown))
        for sublist in item.sublists
    )
    return replace(item, children=tuple(sublist for sublist in kept if sublist.items))


def _children_answer(item: ListItem) -> tuple[str, str]:
    """The child bullets that answer a term, as HTML, and the images among them: a bullet that is
    only an image (``- ![image](…)`` over ``- 重要なデータは…``) is kept on the card after the
    text, in the Image field, so the answer starts with the first child that says something."""
    images = [
        child
        for sublist in item.sublists
        for child in sublist.items
        if image_only(child.inlines) and not child.children
    ]
    children = [child for sublist in item.sublists for child in sublist.items]
    if not images or len(images) == len(children) or len(item.sublists) != len(item.children):
        return children_html(item), ""
    shown = {id(image) for image in images}
    kept = [replace(sublist, items=tuple(c for c in sublist.items if id(c) not in shown)) for sublist in item.sublists]
    rest = [child for sublist in kept for child in sublist.items]
    if len(rest) == 1 and not rest[0].children:
        answer = rest[0].html  # one bullet of text beside the image: the answer itself, not a list of one
    else:
        answer = "".join(block_html(sublist) for sublist in kept if sublist.items)
    return answer, "".join(child.html for child in images)


def _list_to_recite(item: ListItem) -> bool:
    """Child bullets that, as one answer, are a set to recite rather than a fact to recall."""
    return _recited_items([child for sublist in item.sublists for child in sublist.items])


def _recited_items(children: Sequence[ListItem]) -> bool:
    """Bullets that, as one answer, are a set to recite rather than a fact to recall: more than a
    few facts, more than a handful of names, or a tree of their own (a long answer of a few facts
    is cut by the selection pass instead)."""
    if any(child.sublists for child in children):
        return True
    # a name's length is without its aside in round brackets (``署名に使用したアルゴリズム
    # (AWS4-HMAC-SHA256)`` is a name in a list of names, however long its example)
    names = all(
        len(outside_round_brackets(child.text)) <= MAX_NAME_CHARS and not sentence_like(child.text)
        for child in children
    )
    return len(children) > (MAX_RECITED_NAMES if names else MAX_RECITED_FACTS) or _enumerations(children)


_ENUMERATION_MARK = lazy_compile(r"、")
MIN_ENUMERATED = 3
"""A Japanese bullet that lists at least this many things with ``、`` (``リージョン、AZ、データセンター``)."""


def _enumerations(children: Sequence[ListItem]) -> bool:
    """Two or more Japanese bullets, none a statement, each listing :data:`MIN_ENUMERATED` things or
    more with ``、``, and more than :data:`MAX_RECITED_NAMES` in all (``AWSの責任`` over ``リージョン、AZ、
    データセンターの保護…`` / ``物理サーバー、ホストOS、仮想化レイヤー…の管理``): one back would be a
    catalogue of a dozen things to recite in order, not a fact to recall."""
    if len(children) < 2 or any(not has_cjk(child.text) or _statement(child.text) for child in children):
        return False
    counts = [len(_ENUMERATION_MARK.findall(outside_round_brackets(child.text))) + 1 for child in children]
    return min(counts) >= MIN_ENUMERATED and sum(counts) > MAX_RECITED_NAMES


def _says_what_it_is(text: str) -> bool:
    """A child bullet that names what its parent is (``…を保管するストレージ階層``, ``A service
    that …``), not a fact about it (``…を活用する``, ``Messages are delivered …``)."""
    from .sentence_definitions import names_what_it_is  # sentence_definitions imports this module

    stripped = text.strip()
    if has_cjk(stripped):
        return names_what_it_is(stripped)
    return bool(re.match(r"(?:an?|the|one)\s", stripped, re.IGNORECASE))


def _naming_item(items: Sequence[ListItem], context: ExtractContext, term: str) -> ListItem | None:
    """The first of ``items`` when it says what their owner is (a phrase ending in a noun), else None."""
    if fold(term).endswith(SET_TERM_ENDINGS):
        return None
    first = items[0] if items else None
    if first is None or first.children or context.claimed(first) or split_definition(first.inlines) is not None:
        return None
    if len(items) >= 2 and all(BRACKET_LABEL.match(item.text.strip()) for item in items):
        return None  # ``【EC2】CPU使用率…`` over ``【S3】…``: each item is one labelled example, none says what it is
    text = first.text.strip()
    second = items[1].text.strip() if len(items) >= 2 else ""
    if parallel_phrases(text, second):
        return None  # ``…アカウントへのアクセス`` over ``アプリへのアクセス``: parallel items of one list
    if _parallel_noun_phrases(term, items):
        return None  # ``認証情報に含まれる情報`` over ``署名に使用したアルゴリズム`` / ``署名``: one member of the set
    # a phrase, not one more name of a list: ``…を保管するストレージ階層`` has a clause before its
    # noun (kana), ``自動ストレージ拡張`` is one item among others
    phrase = _explains(text) and (bool(re.search("[\u3040-\u309f]", text)) or not has_cjk(text))
    return first if phrase and _says_what_it_is(text) else None


MIN_PARALLEL_ITEMS = 3
"""A label over this many noun phrases (or more), none a statement, lists the members of a set."""


def _statement(text: str) -> bool:
    """An item that states something (a clause, a verb, a full stop), not a noun phrase naming one
    member of a list: Japanese by its last word; English by a finite verb or a full stop
    (an article alone, ``The signing algorithm``, opens a noun phrase, not a sentence)."""
    core = outside_round_brackets(text)
    if has_cjk(core):
        # a Japanese statement ends on a verb, an adjective or a copula (kana) or holds a full stop;
        # a noun phrase ends on its noun, whatever clause comes before it (``…を示す識別子``)
        return "。" in core or bool(HIRAGANA_END.search(core))
    if core.endswith((".", "!", "?", "。")):
        return True
    # a verb after an article belongs to a clause inside the phrase (``The subject the token was issued to``)
    return bool(_FINITE_VERB.search(fold(core))) and not _ARTICLE.match(core)


def _describing_label(term: str) -> bool:
    """A term that describes a set rather than names a thing: a Japanese phrase with a clause in
    it (``認証情報に含まれる情報``, kana other than a name has), an English phrase of lower-case
    words (``Parts of a signed request``); not a name (``Cold tier``, ``S3 Glacier``)."""
    core = outside_brackets(term).strip()
    if has_cjk(core):
        return bool(_CLAUSE_KANA.search(core))
    return _explains(core)


_FINITE_VERB = lazy_compile(r"\b(?:is|are|was|were|can|could|may|must|should|will|has|have|does|do)\b")
_GLOSSED_BULLET = lazy_compile(
    r"^(?P<name>[A-Za-z0-9][\w/+&.'-]*(?:[ ,]+[A-Za-z0-9][\w/+&.'-]*){0,5})\s*\((?P<gloss>[^()]+)\)\s*[.;]?$"
)
_GLOSS_VERB = lazy_compile(r"^(?:is|are)\s+")
# the gloss opens as what says what a thing is or does (``just a FIFO queue``, ``to pick …``, ``is a
# more general case of …``), not a qualifier (``not block based``), a fact (``core diameter is …``)
# or a list (``inventory, object tags``)
_GLOSS_OPENING = lazy_compile(
    r"^(?:(?:is|are|a|an|the|just|only|simply|basically|to|which|that|where|when|used|for)\s"
    r"|[a-z]{3,}s\s+(?:the|a|an|each|every|all|one|its|it|them)\s)",  # ``evicts the page …``: a verb and its object
    re.IGNORECASE,
)
_KANA_END = lazy_compile(r"[\u3040-\u309f]$")
_CATEGORY_LABEL = lazy_compile(
    r"\b(?:terms?|terminology|vocabulary|glossary|acronyms|abbreviations|definitions|words|keywords|concepts|"
    r"tools|types|kinds|commands|components|examples|notes|topics|services|options)$|(?:用語|一覧|種類)$"
    r"|^(?:things|points|stuff|tips|reminders|remember)\b|\sto\s",
    re.IGNORECASE,
)
"""A label that only names the kind of list it heads (``Key terms:``, ``Tools:``, ``用語一覧:``): its
items are terms of their own, not parts of a thing it names."""
_GLOSS_EXAMPLES = lazy_compile(r"\b(?:e\.g|i\.e|such as|etc|for example|like|see|aka|also)\b", re.IGNORECASE)


def _glossed_bullet(item: ListItem) -> tuple[str, str] | None:
    """(name, gloss) of a bullet that is only a name (with its short form after a comma) and, in
    brackets, a clause of three or more words that says what it is or does, in Latin letters:
    ``* First-Come First-Serve Scheduling, FCFS (just a FIFO queue).``. Not a spelled-out short form
    (``S3 (Simple Storage Service)``: its words are capitalised), nor examples or another name
    (``e.g.``, ``aka``)."""
    text = " ".join(item.text.split())
    if has_cjk(text) or any(part.kind != "text" for part in item.inlines if part.text.strip()):
        return None
    match = _GLOSSED_BULLET.match(text)
    if match is None:
        return None
    name, gloss = match["name"].strip(" ,"), match["gloss"].strip()
    words = gloss.split()
    if len(words) < 3 or not _GLOSS_OPENING.match(gloss) or _GLOSS_EXAMPLES.search(gloss):
        return None
    head = clean_term(name.split(",")[0])
    if not looks_like_term(head) or sentence_like(name) or is_topic_title(head) or _POINTING_GLOSS.match(gloss):
        return None
    if not all(word[:1].isupper() or word[:1].isdigit() or word in _NAME_FUNCTION_WORDS for word in head.split()):
        return None  # ``Fix the login bug (…)``, ``Meeting notes (…)``: a task or a remark, not a name
    if any(word.isdigit() for word in head.split()):
        return None  # ``Chapter 3 (…)``: a numbered part of something, not a name
    return name, _GLOSS_VERB.sub("", gloss)


_NAME_FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "to", "in", "on", "with", "a", "an", "or", "by"})
_POINTING_GLOSS = lazy_compile(r"^(?:the\s+)?(?:one|ones|same)\b", re.IGNORECASE)


_NAMED_WORD = lazy_compile(r"[A-Z]|\d|/")
"""A word that marks a technical name (``CPU``, ``I/O``, ``L2``), not an everyday phrase (``a good rule``)."""
_ARTICLE = lazy_compile(r"(?:the|an?)\s", re.IGNORECASE)
_CLAUSE_KANA = lazy_compile(r"[ぁ-ねは-ゖ]")
"""A kana other than の: a name (``キャッシュヒット率``, ``Auroraの機能``) holds none; a clause does."""


def _parallel_noun_phrases(term: str, items: Sequence[ListItem]) -> bool:
    """A label describing a set (:func:`_describing_label`) over three or more items that are all
    noun phrases, none a statement (:func:`_statement`): the items are the set's members, parallel
    to each other, so the first is one member, never what the label is (``- 認証情報に含まれる情報``
    over ``- 署名に使用したアルゴリズム (AWS4-HMAC-SHA256)`` / ``- 認証情報スコープ`` / ``- 署名``)."""
    return (
        len(items) >= MIN_PARALLEL_ITEMS
        and _describing_label(term)
        and not any(_statement(item.text) for item in items)
    )


_LABEL_VALUE = lazy_compile(r"^[^:：\n]{1,40}[:：]\s*\S")
"""A child bullet that is a ``Label: value`` pair (``Range Query: `O(log n)` ``)."""


def _recited_list(context: ExtractContext, section: Section, item: ListItem, term: str) -> None:
    """A term whose child bullets are a list to recite. When the first child says what the term is
    (a sentence, not a ``Label: text``), it is the answer and the other children go to Details;
    otherwise no card for the parent. Either way the children stay free, so each ``Label: text``
    child makes its own card under the parent (nested key ``term``, ``owner``)."""
    children = [child for sublist in item.sublists for child in sublist.items]
    # a bullet of an enumeration names part of the set, never the whole of what the term is
    first = None if _enumerations(children) else _naming_item(children, context, term)
    if first is not None:
        rest = "".join(f"<li>{child.html}{children_html(child)}</li>" for child in children[1:])
        _emit_definition(
            context,
            section,
            item.span.at(item.span.line, first.span.end_line),
            term,
            first.html,
            f"<ul>{rest}</ul>",
            source=item,
        )
        context.claim(item, cloze_ok=True)
        context.claim(first, cloze_ok=True)
        return
    context.skip(
        _own_span(item),
        term,
        "its answer would be a list of the child bullets to recite; write one sentence after the term "
        "for a card about it, or `- Label: text` children to get one card per item",
        code="list-to-recite",
    )


# Words that introduce a remark (an example, a note), never a term, even among terms.
_REMARK_WORDS = frozenset(
    {"例", "注意", "note", "補足", "tip", "todo", "memo", "メモ", "e.g", "eg", "ex", "see", "感想"}
)


def _word_among_terms(term: str, body: str, parent: ListItem | None) -> bool:
    """A word that usually labels metadata (``Source``, ``Ref``) is a term when it stands among
    sibling terms with explanations (CodePipeline's ``Source : …`` beside ``Build : …``)."""
    if (
        parent is None
        or fold(term) not in NON_STUDY_TERMS - _REMARK_WORDS
        or not meaningful_body(body)
        or "://" in body
    ):
        return False
    siblings = [child for sublist in parent.sublists for child in sublist.items]
    defined = [found for child in siblings if (found := split_definition(child.inlines)) is not None]
    return sum(1 for other, _ in defined if looks_like_term(other)) >= 2


_NAMED_POINT_CHARS = 24
"""How long a label read as a sentence may be and still name a point among named siblings."""
_NAMED_POINT_MARKS = frozenset("、。,;；!?！？「」『』()（）→⇒=＝")


def _name_among_named(term: str, body: str, item: ListItem, parent: ListItem | None) -> bool:
    """A short label read as a sentence only for its verb ending (``本番規模で試せる : …``) is the
    name of a point when it stands among siblings of the same ``Label : text`` shape that read as
    terms: a list of named principles, where the author wrote some names as nouns
    (``推測が不要``) and some as verbs. Every child of the parent bullet is such a line, and two or
    more of the other labels read as terms."""
    label = term.strip()
    if (
        parent is None
        or not has_cjk(label)
        or not 4 <= len(label) <= _NAMED_POINT_CHARS
        or any(mark in label for mark in _NAMED_POINT_MARKS)
        or opens_with_connective(label)
        or is_non_study_term(label)
        or not meaningful_body(body)
    ):
        return False
    if "を" in label and (
        label.endswith(PRACTICE_VERB_ENDINGS_JA) or f"{label}する".endswith(PRACTICE_VERB_ENDINGS_JA)
    ):
        return False  # ``Xを有効にする`` / ``Xを使用``: a practice or a task on a thing, asked as one (_practice_front)
    siblings = [child for sublist in parent.sublists for child in sublist.items]
    if len(siblings) < 3 or not any(child is item for child in siblings):
        return False
    labels = [found[0] for child in siblings if (found := split_definition(child.inlines)) is not None]
    if len(labels) != len(siblings):
        return False  # not a list of named points: some lines are plain statements
    return sum(1 for other in labels if other != term and looks_like_term(other)) >= 2


def _part_named(term: str, children: Sequence[ListItem]) -> str:
    """The part of the term that child bullets are each a whole statement about, named by the term
    and a word after it (``- DynamoDB`` over ``- DynamoDB ストリームは…をキャプチャする。`` and ``- SNS
    で DynamoDB ストリームを…``: ``DynamoDB ストリーム``), as the first child spells it; '' when they
    are not all about one such part, or the first says what the term is."""
    texts = [" ".join(child.text.split()) for child in children if not image_only(child.inlines)]
    if len(texts) < 2 or _says_what_it_is(texts[0]) or not all(sentence_like(text) for text in texts):
        return ""
    part = re.compile(re.escape(term) + r"\s?(?:[A-Za-z]+|[\u30a0-\u30ff]{2,})", re.IGNORECASE)
    named = [{fold(found.group(0)): found.group(0) for found in part.finditer(text)} for text in texts]
    shared = set.intersection(*(set(names) for names in named)) if all(named) else set()
    return named[0][min(shared)] if len(shared) == 1 else ""


_USES_NAME = lazy_compile(r"^[A-Z][\w/-]*(?:\s+[\w/-]+){0,4}\s+(?:uses?|used)\s+(?P<name>[\w/-]+(?:\s+[\w/-]+){0,3})$")
_NAME_THEN_SAME = lazy_compile(
    r"^(?P<name>[^,]{2,40}),\s+(?:do|does|did|work|works)\s+(?:the\s+)?(?:opposite|same|reverse|likewise)$"
)


def _named_by_statement(term: str) -> str:
    """The name a statement before the colon gives its text to: ``Modern Ethernet LANs uses full
    duplex: Device sends and receives at same time`` says what full duplex is; ``LAN switches, do
    the opposite: LAN receivers use pins 1 and 2 …`` says what LAN switches do. '' for any other."""
    found = _USES_NAME.match(term.strip()) or _NAME_THEN_SAME.match(term.strip())
    return found.group("name").strip() if found is not None else ""


_STEP_LETTER = lazy_compile(r"^\(?([A-Za-z])[).]?$")


def _letter_step(term: str, siblings: Sequence[ListItem]) -> bool:
    """``- A: Network layer decides …`` / ``- B: R1 compares …``: one of three or more sibling items
    labelled by the letters of a run from A (a figure's steps, marked A, B, C on the picture); a
    lone letter (``- A: an IPv4 address record`` among ``AAAA``, ``MX``) stays a term."""
    if not _STEP_LETTER.match(term.strip()):
        return False
    letters = []
    for sibling in siblings:
        found = split_definition(sibling.inlines)
        match = _STEP_LETTER.match(found[0].strip()) if found is not None else None
        if match is not None:
            letters.append(match.group(1).upper())
    return len(letters) >= 3 and letters == [chr(ord("A") + index) for index in range(len(letters))]


def _siblings(section: Section, item: ListItem, parent: ListItem | None) -> tuple[ListItem, ...]:
    """The items of the list ``item`` is in (``item`` among them)."""
    lists = parent.sublists if parent is not None else [b for b in section.blocks if isinstance(b, ListBlock)]
    return next((found.items for found in lists if any(other is item for other in found.items)), ())


_ARTICLE = lazy_compile(r"^(?:a|an|the)\s+(?=\S)", re.IGNORECASE)


def _label_lead_ins(section: Section) -> dict[int, str]:
    """The lists right under a one-line ``Label:`` paragraph that names a thing (``CPU specific
    metrics:``), by the id of their items tuple, with that name: the list's items are parts of it.
    Not a sentence (``Almost all processes alternate between two states:``), nor a group or label
    word (``Examples:``, ``メリット:``), which names no thing the items belong to."""
    found: dict[int, str] = {}
    for before, block in zip(section.blocks, section.blocks[1:], strict=False):
        if not isinstance(block, ListBlock) or block.ordered or not isinstance(before, Paragraph):
            continue
        text = before.text.strip()
        if "\n" in text or not text.endswith((":", "：")) or block.span.line - before.span.end_line > 2:
            continue
        label = clean_term(text)
        if (
            not label
            or len(label) > MAX_BARE_TERM_CHARS
            or sentence_like(label)
            or not looks_like_term(label)
            or is_group_heading(label)
            or is_label(label)
            or fold(label) in GENERIC_LABELS
            or _KANA_END.search(label)
            or _CATEGORY_LABEL.search(label)
        ):
            continue  # ``他の利点としては:`` ends in a particle: a clause, not a name
        found[id(block.items)] = label
    return found


def _symptom(siblings: Sequence[ListItem]) -> str | None:
    """The problem a cause or fix among ``siblings`` answers: the text of the one sibling labelled
    :data:`SYMPTOM_LABELS` (``- エラー内容: …が発生しました``) when another, labelled
    :data:`ANSWER_TO_SYMPTOM_LABELS` (``- 原因: …``), answers it; '' when that text is too long to
    show as a Context; None with no such pair."""
    labelled = [(fold(found[0]), found[1]) for child in siblings if (found := split_definition(child.inlines))]
    if not any(label in ANSWER_TO_SYMPTOM_LABELS for label, _ in labelled):
        return None
    symptoms = [" ".join(inline_text(body).split()) for label, body in labelled if label in SYMPTOM_LABELS]
    if len(symptoms) != 1 or not symptoms[0]:
        return None
    return symptoms[0] if len(symptoms[0]) <= MAX_SYMPTOM_CONTEXT_CHARS else ""


def _own_span(item: ListItem) -> Span:
    """The item's own lines, without its children: what its card asks (children shown in Details
    are not asked, so they do not count as carded; see extract/coverage.py)."""
    end = min((child.span.line - 1 for child in item.children), default=item.span.end_line)
    return item.span.at(item.span.line, max(item.span.line, end))


def owner_term(parent: ListItem | None, section: Section) -> str:
    """What a generic label (目的, 原因) belongs to: the parent bullet's term, else the heading."""
    if parent is not None:
        split = split_definition(parent.inlines)
        candidate = split[0] if split is not None else clean_term(parent.text)
        if looks_like_term(candidate) and len(candidate) <= MAX_OWNER_CHARS:
            return candidate
        command = _code_owner(parent)
        if command:
            return command
    if section.level and not is_group_heading(section.title):
        # ``## 7. Message Queues``: the section's number is the outline's, no part of the name
        candidate = clean_term(OUTLINE_NUMBER.sub("", section.title))
        if looks_like_term(candidate):
            return candidate
    return ""


_CODE_OWNER = lazy_compile(
    r"^\s*(?:<strong>\s*)?<code>(?P<code>[^<]+)</code>\s*(?:[（(][^（）()<]*[）)])?\s*(?:</strong>)?\s*$"
)
"""A bullet that is one `code` span, bold or not, maybe with a bracketed gloss after it
(``**`sudo apt update`（情報更新）**``)."""


def _code_owner(parent: ListItem) -> str:
    """The command or name a bullet written as one `code` span gives its labelled children
    (``- **`sudo apt update`（情報更新）**`` over ``- **役割**: …``, ``- **目的**: …``): their cards
    ask the role and the purpose of that command, not of the heading above it (two commands side
    by side would ask the same question twice); '' for any other bullet."""
    match = _CODE_OWNER.match("".join(part.html for part in parent.inlines))
    if match is None:
        return ""
    command = " ".join(html.unescape(match.group("code")).split())
    return command if 2 <= len(command) <= MAX_OWNER_CHARS else ""


def _shown_owner(owner: str, term: str, parent: ListItem | None, section: Section) -> bool:
    """Whether a nested definition's Context shows its owner after the headings: not when the
    owner is the heading itself (a parent bullet that names no term falls back to it: ``Other ›
    Other``), nor when the parent bullet is only an image (its alt text, ``image``, names nothing)."""
    if not owner or owner == term or fold(owner) == fold(clean_term(section.title)):
        return False
    return parent is None or not image_only(parent.inlines)


def _numbered_items(blocks: tuple[Block, ...]) -> set[int]:
    """The ids of the items of ordered lists under ``blocks``, and of the bullets written ``- 1. X``
    (no text of their own: the number opens an ordered list inside them)."""
    found: set[int] = set()

    def walk(block: Block) -> None:
        if isinstance(block, ListBlock):
            for item in block.items:
                first = item.children[0] if item.children else None
                if block.ordered or (not item.text.strip() and isinstance(first, ListBlock) and first.ordered):
                    found.add(id(item))
                for child in item.children:
                    walk(child)

    for block in blocks:
        walk(block)
    return found


def _step_action(parent: ListItem, numbered: bool, term: str, body: str) -> bool:
    """``- ポートフォリオの作成: … を作成します。`` under ``- 3. Service Catalog の設定``: a step's action."""
    if not numbered and not NUMBERED_STEP.match(parent.text):
        return False
    return term.endswith(ACTION_ENDINGS) or body.strip().endswith(INSTRUCTION_ENDINGS)


def _procedure_step_owners(section: Section, numbered: set[int]) -> dict[int, str]:
    """The steps of a numbered procedure that are not actions themselves, by id, with the term of
    the bullet the procedure is under (``- Python のビルド:`` over ``- 1. 依存関係のインストール: …``,
    ``- 3. コンパイル: …``): when one step of the list is an action, every step is one, so a step
    whose text explains a name is asked as a part of that procedure, never as a term on its own."""
    owners: dict[int, str] = {}
    for item, _parent in iter_items(section.blocks):
        steps: list[tuple[ListItem, ListItem]] = []  # (step, the numbered item it is or is in)
        for sublist in item.sublists:
            for child in sublist.items:
                if id(child) not in numbered:
                    continue
                if sublist.ordered:
                    steps.append((child, item))
                else:  # ``- 1. X``: the number opens an ordered list inside the bullet
                    steps.extend(
                        (inner, child)
                        for inner_list in child.sublists
                        if inner_list.ordered
                        for inner in inner_list.items
                    )  # (not the bullets under the step: its actions, ``- 1. 設定`` then ``- キューの作成: …``)
        if len(steps) < 3:
            continue
        split = split_definition(item.inlines)
        owner = clean_term(split[0] if split is not None else item.text)
        if not owner or not looks_like_term(owner) or len(owner) > MAX_OWNER_CHARS:
            continue
        named = [(step, holder, found) for step, holder in steps if (found := split_definition(step.inlines))]
        actions = {
            id(step)
            for step, holder, (term, body) in named
            if _step_action(holder, id(holder) in numbered, term, inline_text(body))
        }
        if not actions:
            continue
        # ``- サイトの生成: …通常次のような工程が含まれます：`` introduces its items as the parts
        # of a process: an action among them (``原稿の変換: …を HTML に変換します。``) says what
        # happens in that part, as a name (``検索索引``) does, and is asked the same way; in a
        # how-to (``- 1. 払い出し画面の準備`` over its actions, no such lead-in) the actions stay
        # steps to follow, not facts
        parts = PROCESS_LEAD_IN.search(inline_text(split[1]) if split is not None else "") is not None
        for step, _holder, (_term, body) in named:
            if id(step) not in actions or (parts and _says_what_happens(inline_text(body))):
                owners[id(step)] = owner
    return owners


def _says_what_happens(body: str) -> bool:
    """A step's text that tells what is done in it (``外部ライブラリをインストールします。``), not
    what the reader is told to do (``…してください``) or a bare name."""
    stripped = body.strip()
    return len(stripped) >= 8 and not stripped.endswith(("してください。", "してください", "please"))


def _procedure_section(section: Section) -> bool:
    """A section that walks through steps (``…の流れ``, ``…の手順``): its bullets are steps, not terms."""
    title = fold(section.title)
    return title.endswith(("流れ", "手順", "ステップ", "steps", "flow", "procedure", "how it works"))


def _explains(text: str) -> bool:
    """A child bullet that says something (a phrase of some length), not a bare name."""
    stripped = text.strip()
    if has_cjk(stripped):
        return len(stripped) >= 8
    words = stripped.split()
    lower = sum(1 for word in words if word[:1].islower())
    return len(words) >= 3 and lower * 2 >= len(words)  # a phrase, not a Proper Name List


# ------------------------------------------------------------------------------------------------
# paragraphs: ``Xとは`` / ``◾️X`` / ``X:`` head lines, a term line over its explanation, ``X: text``
# ------------------------------------------------------------------------------------------------


def head_term(line_text: str, first: bool) -> str | None:
    """The term if this paragraph line opens a definition: ``Xとは``, ``◾️X``, ``X:`` alone, or
    (as a paragraph's first line) a short line that is a name, not a sentence."""
    stripped = line_text.strip()
    towa = _TOWA_LINE.match(stripped)
    if towa:
        term = clean_term(towa.group(1))
        # ``複数台のデバイスとは、時間分割で通信をする``: "with several devices", a count of things, not a name
        if NOMINALISED_CLAUSE.search(term):
            return None  # ``言いたいことは``: こと + は, a clause made a noun, not a term + とは
        return term if looks_like_term(term) and not COUNTED_THINGS.match(term) else None
    marked = _MARKED_LINE.match(stripped)
    if marked:
        term = clean_term(marked.group(1))
        return term if looks_like_term(term) and not is_topic_title(term) and len(term) <= MAX_OWNER_CHARS else None
    colon = _HEAD_COLON.match(stripped)
    if colon:
        term = clean_term(colon.group(1))
        if finite_clause(term):
            return None  # ``Checks can be done through:``: a sentence leading in to a list, not a term
        if looks_like_term(term) or _clause_label(term):
            return None if is_topic_title(term) else term
        return None
    if first and _BRACKETED_ASIDE.match(stripped):
        return None  # ``（読み方：ブート）`` under ``## boot``: a note on the heading's name, never a name
    if first and len(stripped) <= MAX_OWNER_CHARS and not sentence_like(stripped) and not re.search(r"[、,]", stripped):
        # ``Versioning (You enabled this!)``: the exclaimed aside is a remark to oneself, not part of the name
        term = clean_term(EXCLAIMED_ASIDE.sub("", stripped) or stripped)
        # ``**3. Internet Gateway (IGW)**``: a bold title numbered as the notes' outline, the number no part of it
        term = clean_term(OUTLINE_NUMBER.sub("", term)) or term
        if _TOPIC_LINE.search(term):
            # ``サービスアカウント（SA）は`` over ``人ではなく、…ID である。``: a sentence broken after its
            # topic, which the line below completes: the topic is the term, the rest what it is
            term = term[:-1].rstrip()
        if looks_like_term(term) and not is_topic_title(term) and not is_group_heading(term):
            return None if _PAST_STATEMENT.search(term) else term
    return None


_BRACKETED_ASIDE = lazy_compile(r"^[（(][^（）()]+[）)]$")
"""A line that is one bracketed aside (``(読み方：ビン。バイナリの略）``): what the heading's name reads as or
stands for, written under the heading before what it is."""
_TOPIC_LINE = lazy_compile(r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9）)]は$")
"""A paragraph's first line that is a name and its topic particle (``サービスアカウント（SA）は``)."""


# a Japanese label that is a noun with a clause before it (``顧客が責任を持つ部分``,
# ``利用者が管理する範囲``): a subject with が/を/に/で, a verb in its plain form ending on an u-row
# kana, then the noun it describes, written in kanji or katakana
_CLAUSE_LABEL = lazy_compile(
    r"^[^、,，。:：「」\"]{1,24}?[がをにで][^、,，。:：「」\"は]{0,16}?[うくすつぬぶむるぐ]"
    r"(?P<head>[\u4e00-\u9fff\u30a1-\u30fa\u30fc]{2,8})$"
)


def _clause_label(term: str) -> bool:
    """A ``X:`` line's term that is a noun with a describing clause before it (``AWSが責任を持つ部分
    (…):`` over the lines that say which part): a name for what the lines under it explain, though
    the clause's particle makes :func:`looks_like_term` read it as a sentence. An aside in brackets
    at its end may quote a word (``(セキュリティ "of" the cloud)``)."""
    core = outside_brackets(term).strip()
    label = _CLAUSE_LABEL.match(core)
    if label is None or len(term) > MAX_OWNER_CHARS:
        return False
    head = label.group("head")
    return not (is_label(head) or is_group_heading(head) or opens_with_connective(core) or _PAST_STATEMENT.search(core))


WHAT_IT_IS_LABELS = frozenset({"what it is", "what is it", "definition", "定義"})
"""A ``Label: text`` label that says the text is what the heading's name is (not a part of it)."""
_PAST_STATEMENT = lazy_compile(r"[\u3040-\u309f]た(?:\s*[（(][^()（）]*[)）])?$|[\u3040-\u309f\u4e00-\u9fff]のは")
"""A line that ends in a verb's past form (``11ac Wave2でサポートされた（ダウンリンクのみ）``) or says
what something is with のは (``同時に通信できるのは1台のみ``): a fact stated, not a name the line
below explains (a task heading ends in the plain form, ``…を配置する``)."""


def _listed_name(text: str) -> bool:
    """A line that is only a short English name (``Encryption``, ``MFA Delete``, ``Nearline
    storage``): an item of a list written as lines when another such line stands next to it."""
    stripped = text.strip()
    return (
        stripped.isascii()
        and 1 <= len(stripped.split()) <= MAX_LISTED_NAME_WORDS
        and not re.search(r"[.:,;!?]", stripped)
        and not sentence_like(stripped)
        and looks_like_term(clean_term(stripped))
    )


MAX_LISTED_NAME_WORDS = 3


def parallel_lines(line: str, following: str) -> bool:
    """Whether ``following`` is a sibling of ``line`` in lines written as a list, not what ``line``
    names: it opens on the same lowercase first word, a command's, and then parts ways with it (``find /
    -name x`` / ``find / -user y``, ``shutdown -r`` / ``shutdown -c``), or repeats the whole of it and goes on with
    an option or a longer name (``shutdown`` / ``shutdown -h``, ``S3 Glacier`` / ``S3 Glacier Deep
    Archive …``), or is a name of the same kind (``Standard storage`` / ``Nearline storage``).
    ``VPC`` / ``VPC is a virtual network`` is a name and what it is."""
    words, next_words = line.split(), following.split()
    if _listed_name(line) and _listed_name(following) and len(words) >= 2 and len(next_words) >= 2:
        # ``Standard storage`` / ``Nearline storage``: kinds of one thing, named one a line
        return fold(words[-1]) == fold(next_words[-1]) and fold(words[0]) != fold(next_words[0])
    if not words or len(next_words) < 2 or next_words[0] != words[0]:
        return False
    if next_words[: len(words)] == words:
        if len(next_words) == len(words):
            return False
        after = next_words[len(words)]
        return after.startswith("-") or after[:1].isupper()
    # a command's own lowercase word (``find``, ``systemctl``); a capitalised first word is more often
    # the subject a title shares with the items under it (``S3 Storage Classes`` / ``S3 Standard …``)
    return len(words) >= 2 and words[0][:1].islower()


def _name_line(text: str, after: list[Inlines]) -> bool:
    """A line inside a paragraph that is only a short name (no sentence, no list of words) with an
    explanation right under it: it heads the next definition instead of going on with the answer above."""
    stripped = text.strip()
    if not after or len(stripped) > MAX_BARE_TERM_CHARS or sentence_like(stripped):
        return False
    if not stripped[:1].isalnum() or re.search(r"[、,。.:：]", stripped):
        return False  # ``⭕️ item``: a marked line of a list written as lines, not a new term
    term = clean_term(stripped)
    if not looks_like_term(term) or is_topic_title(term) or is_group_heading(term):
        return False
    return is_explanation(after[:1])


_TOPIC_NAME = lazy_compile(r"^([A-Z][A-Z0-9]{1,5})(?:\s+[A-Z][\w&/-]*)*\s*[:：]?$")
"""A topic line: a short capitalised name (``S3``, ``VPC``, ``IAM``) alone or opening a title of
capitalised words (``S3 Storage Classes:``), not a phrase (``GET intensive workload``)."""


def _topic_line_name(block: Paragraph, section: Section) -> str | None:
    """What a one-line paragraph says of the topic of the lines below it, in notes written with few
    headings: a bold title alone (``**VPC Fundamentals**``) starts a part the outline already
    names, so any topic of a plain line above ends (""); a plain title line opening with a short
    capitalised name that no heading above names (``S3 Storage Classes:`` under ``EC2``) gives
    that name (``S3``): the author's own topic, which the lines below it are about until the next
    such line. None: the paragraph says nothing of the topic."""
    lines = split_lines(block.inlines)
    if len(lines) != 1:
        return None
    if all(part.kind == "strong" or not part.text.strip() for part in lines[0]):
        return ""
    text = inline_text(lines[0]).strip()
    split = split_definition(lines[0])
    if len(text) > MAX_BARE_TERM_CHARS or (split is not None and split[1]) or sentence_like(text):
        return None  # (``Name:`` with nothing after its colon is a title line)
    named = _TOPIC_NAME.match(text)
    if named is None:
        return None
    name = named.group(1)
    words = {word for crumb in section.path for word in re.findall(r"[a-z0-9]+", fold(crumb))}
    return None if fold(name) in words else name


def _with_topic(crumbs: tuple[str, ...] | None, section: Section, topic: str) -> tuple[str, ...] | None:
    """A definition's Context path with the topic an author's topic line gave it (``EC2 › S3``)
    after the headings, unless its path already names it (``S3 Storage Classes``). (The headings
    stay: the outline's subject, the last heading's name, is shown on every card under it.)"""
    if not topic:
        return crumbs
    path = crumbs if crumbs is not None else section.path
    if any(fold(topic) in re.findall(r"[a-z0-9]+", fold(crumb)) for crumb in path):
        return crumbs
    return (*path, topic)


def _fact_lines(lines: list[Inlines]) -> bool:
    """Lines of a paragraph standing under a name alone on its line (``Versioning`` / blank /
    ``Keeps multiple versions of objects`` / ``Protects against accidental deletion``): each a
    phrase that states something (mostly lowercase words, no ``Term: text`` or ``Term - text``
    split, no name heading lines of its own), so they are what the name above is, not a term over
    the rest. English only: a Japanese line's shape does not tell a name from a statement."""
    if not 2 <= len(lines) <= MAX_LABEL_FACT_LINES:
        return False
    for line in lines:
        text = inline_text(line).strip()
        if has_cjk(text) or split_definition(line) is not None or not _explains(text) or len(text.split()) < 3:
            return False
    return is_explanation(lines[:1])


_COLON_END = lazy_compile(r"[:：]\s*$")
_METADATA_LINE = lazy_compile(
    r"^\W{0,4}(?:title|created|updated|modified|date|time|author|authors|tags?|aliases|alias|type|status|topics?|"
    r"subject(?:/topics?)?|category|categories|keywords|cssclass(?:es)?|publish(?:ed)?)\s*[:：](?:\s.*)?$",
    re.IGNORECASE,
)
MIN_METADATA_LINES = 2


def metadata_lines(lines: list[Inlines]) -> bool:
    """A paragraph of two or more lines each a note template's field (``Created: 2023-06-08``,
    ``Tags: linux``, ``Author: …``, ``🏷️ Subject/Topics: #kernel``): metadata, not a fact to ask."""
    return len(lines) >= MIN_METADATA_LINES and all(_METADATA_LINE.match(inline_text(line).strip()) for line in lines)


_JOINED_NAMES = lazy_compile(r"\s(?:and|or|vs\.?|&)\s", re.IGNORECASE)
"""A name of two things (``Correlated and Non-Correlated``): one statement under it says what one is."""


def _one_statement(lines: list[Inlines]) -> bool:
    """The one line of a paragraph under a name alone on its line and ending on a colon
    (``First Normal Form (1NF):`` / blank / ``Removes repeating groups: every cell holds one value.``):
    English sentences that say something (a phrase of five words or more, no ``Term: text`` split,
    no lead-in of its own ending on a colon), so they are what the name is."""
    if len(lines) != 1 or split_definition(lines[0]) is not None:
        return False
    text = inline_text(lines[0]).strip()
    return not has_cjk(text) and len(text.split()) >= 5 and _explains(text) and not _COLON_END.search(text)


_TITLE_WORD_END = lazy_compile(
    r"\b(?:fundamentals|basics|overview|essentials|concepts|features|components|notes|summary)$", re.IGNORECASE
)
"""A line ending in a word that titles a section of points (``EC2 Fundamentals``, ``Advanced
Features``): the lines under it are points of the section, not what the title is."""

MAX_LABEL_FACT_LINES = 8
"""The most lines under a name alone on its line that :func:`_fact_lines` reads as its answer."""


def is_explanation(lines: list[Inlines]) -> bool:
    """Body lines that explain: at least one sentence-like line of some length."""
    for line in lines:
        text = inline_text(line).lstrip("→⇒ ")
        cjk = has_cjk(text)
        if (cjk and len(text) >= 10) or (not cjk and len(text.split()) >= 4):
            return True
    return False


def _body_html(lines: list[Inlines]) -> str:
    parts = []
    for line in lines:
        html_text = inline_html(line)
        html_text = re.sub(r"^(?:→|⇒)\s*", "", html_text)
        parts.append(html_text)
    return "<br>".join(parts)


def _following_list(blocks: tuple[Block, ...], index: int, context: ExtractContext) -> ListBlock | None:
    if index + 1 < len(blocks):
        following = blocks[index + 1]
        if isinstance(following, ListBlock) and not any(context.claimed(item) for item in following.items):
            return following
    return None


def _titles_next_run(blocks: tuple[Block, ...], index: int) -> bool:
    """Whether the list ``blocks[index]`` is one bare title item (``- X が向かない場面``) with the
    lines right under it, no blank line between: the item heads the run below it, a block of its
    own, so it is no part of an answer that already has its lines above the list."""
    listed = blocks[index]
    if not isinstance(listed, ListBlock) or len(listed.items) != 1 or index + 1 >= len(blocks):
        return False
    item = listed.items[0]
    text = item.text.strip()
    if item.children or len(text) > MAX_BARE_TERM_CHARS or sentence_like(text) or re.search(r"[、,。:：]", text):
        return False
    return blocks[index + 1].span.line == listed.span.end_line + 1


_COUNTED_LINE = lazy_compile(r"^[0-9]{1,4}(?:\s*\*)?\s+(?![0-9])[^=:：。、,，→]+$")
"""A line that opens on a count or a rank and then a name (``94 Amazon EC2``, ``5 * Amazon SNS``)."""


def _side_definition(line: Inlines) -> tuple[str, Inlines] | None:
    """``※SSL/TLS:データを暗号化して…`` inside a term's lines: a side note that says what another term
    (one the lines above use) is, so it is that term's definition, not more of the answer above (on
    whose card it put a second subject in the Details). The term after the mark must look like one."""
    if not line or line[0].kind != "text" or not line[0].text.lstrip().startswith("※"):
        return None
    unmarked = line[0].text.lstrip()[1:].lstrip()
    if not unmarked:
        return None
    split = split_definition((replace(line[0], text=unmarked), *line[1:]))
    return split if split is not None and looks_like_term(split[0]) else None


@register("paragraph-definitions", order=40)
def extract_paragraph_definitions(document: Document, context: ExtractContext) -> None:
    """Paragraph lines: ``Xとは`` (also ``◾️Xとは``) or a term line followed by its explanation, and
    ``Term: text`` lines. A paragraph may hold several such definitions one after the other."""
    recurring = _recurring_labels(document, context)
    parts_said: dict[tuple[str, str], int] = {}  # (label, text) of a section label's card -> its line
    for section in study_sections(document):
        blocks = section.blocks
        topic = ""  # a name the author's own topic line gave the lines below it (``S3 Storage Classes:``)
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                topic_named = _topic_line_name(block, section)
                topic = topic if topic_named is None else topic_named
            if not isinstance(block, Paragraph) or context.claimed(block):
                continue
            lines = split_lines(block.inlines)
            if not lines:
                continue
            if is_diagram("\n".join(inline_text(line) for line in lines)):
                context.skip(
                    block.span, inline_text(lines[0]), "looks like a diagram, not study text; no card", code="diagram"
                )
                context.claim(block)
                continue
            if metadata_lines(lines):
                # ``Created: 2023-06-08`` / ``Tags: linux`` / ``Author: …``: a note template's fields
                # written in the body (or front matter the reader did not take), not facts
                context.skip(
                    block.span,
                    " ".join(inline_text(lines[0]).split()),
                    "the note's metadata fields (Date:, Tags:, Author: …) written in its body, not a fact; no card",
                    code="no-card-shape",
                )
                context.claim(block)
                continue
            if len(lines) >= 2 and _only_links(block):
                # ``[わかりそうデータ定義言語 (DDL)](…)`` / ``[DDLとDMLの違い](…)``: a stack of links, the titles of
                # pages to read; read as a term line over its explanation, one title got the next as its answer
                context.skip(
                    block.span,
                    " ".join(block.text.split()),
                    "lines that are only links (the titles of pages to read), not a term and its explanation; no card",
                    code="link-only",
                )
                context.claim(block)
                continue
            rows = sum(1 for line in lines if _COLUMN_ROW.search(inline_text(line).strip()))
            if rows >= _MIN_COLUMN_ROWS and 2 * rows >= len(lines):
                # ``psql commands:`` over ``\\q      quit psql`` lines, a sheet pasted with tabs: a plain-text
                # table, whose rows, read as a term's lines, put a whole sheet on the title's back or cut a
                # row at its `` - `` (``touch`` → ``file Create an empty file``)
                context.skip(
                    block.span,
                    inline_text(lines[0]),
                    "lines of a plain-text table (columns parted by a tab or three spaces), not a term and "
                    "its explanation; write a Markdown table (`| command | what it does |`) to get a card a row",
                    code="no-card-shape",
                )
                context.claim(block)
                continue
            if len(lines) >= 2 and all(_COUNTED_LINE.match(inline_text(line).strip()) for line in lines):
                # ``94 Amazon EC2`` / ``68 Amazon S3`` / ``36 Amazon RDS``: a count (or a rank) before each
                # name, a tally of parallel lines; read as a term and its explanation, one line's name got
                # the next lines' names as its answer
                context.skip(
                    block.span,
                    " ".join(inline_text(lines[0]).split()),
                    "lines that each put a number before a name (a tally or a ranking), a list of parallel "
                    "items, not a term and its explanation; no card (write `- **Name**: what it is` for one)",
                    code="no-card-shape",
                )
                context.claim(block)
                continue
            shell = sum(1 for line in lines if _SHELL_LINE.search(inline_text(line)))
            if shell >= _MIN_SHELL_LINES and 3 * shell >= len(lines):
                # ``配列の宣言`` / ``colors=(red blue pink)`` / ``呼び出し`` / ``${colors[0]} # red`` …: short
                # labels over shell lines, written as one paragraph of hard-broken lines; read as terms and
                # answers, a label got the next labels and lines as its answer and a line as its heading
                context.skip(
                    block.span,
                    " ".join(inline_text(lines[0]).split()),
                    "lines of shell code (`${…}`, `name=(…)`, `$(…)`) with short labels between them, written as "
                    "one paragraph: code is copied, not recited, and a label is no term; put the code in a "
                    "fenced block, or write `- **Term**: explanation` for a card",
                    code="code",
                )
                context.claim(block)
                continue
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if len(lines) == 1 and isinstance(following, Table | ListBlock | CodeBlock) and _dashed_title(block.text):
                # ``✅ Find Command — Locate Files and Directories`` over a table: the line titles the
                # table below it; what follows the dash is a subtitle, not what the command is
                context.skip(
                    block.span,
                    " ".join(block.text.split()),
                    "a title line over the table or list below it (a name, a dash and a subtitle in Title Case), "
                    "not a term and its explanation; no card",
                    code="step-or-topic-title",
                )
                context.claim(block)
                continue
            # group the lines into (head term, head line offset, body lines); one-line definitions apart
            groups: list[tuple[str, int, list[Inlines]]] = []
            emitted = False
            continued: set[int] = set()  # lines that went on with a ``Term: text`` line's answer
            for offset, line in enumerate(lines):
                if offset in continued:
                    continue
                text = inline_text(line)
                # ``LRU:…`` as the first line is a ``Term: text`` line, not a name heading the lines below
                head = head_term(text, first=offset == 0 and split_definition(line) is None)
                following_line = inline_text(lines[offset + 1]) if offset + 1 < len(lines) else ""
                if head is not None and following_line and parallel_lines(text, following_line):
                    # ``find / -name x`` over ``find / -user y``, ``S3 Glacier`` over ``S3 Glacier Deep Archive …``:
                    # lines written one under another as items of a list, the next one no answer to this one
                    head = None
                if head is not None:
                    # ``***5- Participation***`` over its list: the number is the outline's
                    head = _DASH_NUMBER.sub("", head) or head
                    groups.append((head, offset, []))
                    continue
                split = split_definition(line) or split_towa(line) or (_side_definition(line) if offset else None)
                if split is not None:
                    # ``2. **LSA**: …`` inside a paragraph (a list can only interrupt one at ``1.``)
                    split = (_LINE_NUMBER.sub("", split[0]) or split[0], split[1])
                if split is not None and section.level and _example_case(split[0], inline_text(split[1])):
                    # ``### RBAC`` / ``Access is assigned by role.`` / ``**Example:** A finance role …``: the
                    # line tells a case of the heading's topic, not what a term ``Example`` is. Inside the
                    # heading's text it is left to the heading's card (its Example field); alone it is
                    # explained, and no ``RBAC › Example`` card asks a scenario with many right answers
                    if offset == 0:
                        context.skip(
                            block.span.at(block.span.line, block.span.end_line),
                            excerpt(inline_text(split[1]).strip()),
                            f"the line tells an example of '{clean_term(section.title)}' (a case, with many right "
                            "answers), not what it is; no card of its own",
                            code="not-what-it-is",
                        )
                        context.claim(block)
                        break
                    groups.append(("", offset, []))
                    continue
                if split is not None and looks_like_term(split[0]) and meaningful_body(inline_text(split[1])):
                    line_term, line_body = split
                    more = _term_line_continuation(lines, offset)
                    continued.update(range(offset + 1, offset + 1 + len(more)))
                    line_span = block.span.at(block.span.line + offset, block.span.line + offset + len(more))
                    crumbs = _under_title(section, block, lines, offset, groups, line_term, context)
                    crumbs = _with_topic(crumbs, section, topic)
                    heading_term = clean_term(section.title)
                    if (
                        fold(line_term) in WHAT_IT_IS_LABELS
                        and section.level
                        and offset == 0
                        and block is blocks[0]
                        and looks_like_term(heading_term)
                    ):
                        # ``### EC2`` / ``**What it is**: Virtual servers …``: the label says the line is
                        # what the heading's name is, so the card asks the name, from its heading
                        line_term, crumbs = heading_term, section.path[:-1]
                        line_span = block.span.at(section.span.line, line_span.end_line)
                    elif fold(line_term) in recurring and section.level:
                        # ``**TL;DR:** …`` under every heading: the heading is what it is about
                        asked = _labelled_by_heading(context, section, line_span, line_term)
                        said = (fold(line_term), " ".join(inline_text(line_body).split()))
                        if asked is not None and said in parts_said:
                            context.skip(
                                line_span,
                                asked,
                                f"'{line_term}' says the same here as under an earlier heading "
                                f"(line {parts_said[said]}); asked once",
                                code="duplicate-term",
                            )
                            asked = None
                        if asked is None:
                            context.claim(block, cloze_ok=True)
                            groups.append(("", offset, []))
                            continue
                        parts_said[said] = line_span.line
                        crumbs = section.path[:-1]  # the front names the heading: Context would repeat it
                        if fold(asked) == fold(clean_term(section.title)) and offset == 0 and block is blocks[0]:
                            line_span = block.span.at(section.span.line, line_span.end_line)  # asked from its heading
                        line_term = asked
                    _emit_definition(
                        context,
                        section,
                        line_span,
                        line_term,
                        "<br>".join((inline_html(line_body), _body_html(more))) if more else inline_html(line_body),
                        context_path=crumbs,
                        source=block,
                    )
                    emitted = True
                    groups.append(("", offset, []))  # closes the open group
                    continue
                if (
                    offset
                    and len(text.strip()) <= MAX_OWNER_CHARS
                    and (_TITLE_LINE.match(text) or _TOWA_LINE.match(text.strip()))
                ):
                    # a marked title line (``✅ X を選ぶ理由``) that names no term still ends the answer above
                    _drop_title_lead_in(context, block, offset, text, groups)
                    if groups and groups[-1][0]:
                        context.skip(
                            block.span.at(block.span.line + offset),
                            text.strip(),
                            "a title line inside the text that does not read as a term; it ends the answer "
                            "above it and makes no card of its own",
                            code="not-a-term",
                        )
                    groups.append(("", offset, []))
                    continue
                if groups and groups[-1][0] and groups[-1][2] and _colon_title(text, lines[offset + 1 :]):
                    # ``…に適している:`` over lines of its own: the next titled block starts here, even
                    # when its title reads as no term; the answer above ends, this block makes no card.
                    # The rejection names the title line only: the lines under it are explained on
                    # their own lines (extract/coverage.py), never hidden under the title's entry
                    context.skip(
                        block.span.at(block.span.line + offset),
                        text.strip(),
                        "a title line over lines of its own that does not read as a term; it ends the "
                        "answer above it and makes no card; write `Term: explanation` to get one",
                        code="not-a-term",
                    )
                    groups.append(("", offset, []))
                    continue
                if (
                    groups
                    and groups[-1][0]
                    and groups[-1][2]
                    and not _listed_name(inline_text(groups[-1][2][-1]))
                    and _name_line(text, lines[offset + 1 :])
                    and not parallel_lines(text, inline_text(lines[offset + 1]))
                ):
                    # (a name line right under another short line is one more item of a list written as
                    # lines: ``Versioning`` / ``Encryption`` / ``MFA Delete`` / ``Secure data using ACLs …``)
                    # ``S3`` alone between explanation lines: the next term's head, not a line of this answer
                    groups.append((clean_term(text.strip()), offset, []))
                    continue
                named = _names_the_means(line) if groups and groups[-1][0] and groups[-1][2] else None
                if named is not None:
                    # ``特定ドメインからのアクセスだけ許可:CORS設定`` under ``バケットポリシー``: the line
                    # names another thing (the feature that does it), so it is no line of this
                    # answer; written the wrong way round, as a `- Term: text` bullet would be
                    context.skip(
                        block.span.at(block.span.line + offset),
                        named[1],
                        f"says what something does, then names it ('{named[0]}'): another thing than "
                        f"'{groups[-1][0]}' above, so no line of its answer; is it written the wrong way "
                        f"round? write `{named[0]}: {named[1]}` to get a card",
                        code="wrong-way-round",
                    )
                    groups.append(("", offset, []))
                    continue
                if groups and groups[-1][0]:
                    groups[-1][2].append(line)
            for number, (term, offset, body) in enumerate(groups):
                if not term:
                    continue
                if len(body) >= 2 and number == len(groups) - 1 and _dangling_title(inline_text(body[-1])):
                    # ``AWS Artifact`` alone as the paragraph's last line: a title of nothing, not the answer's end
                    context.skip(
                        block.span.at(block.span.line + offset + len(body)),
                        inline_text(body[-1]).strip(),
                        "a name on its own line with nothing under it; write what it is after it "
                        "(`Name: explanation`) to get a card",
                        code="no-explanation",
                    )
                    body = body[:-1]
                elif len(body) >= 2 and number < len(groups) - 1 and is_group_heading(inline_text(body[-1]).strip()):
                    # ``構成要素`` alone right above the next ``◾️Name`` line: it titles the terms after
                    # it, not the end of this answer
                    context.skip(
                        block.span.at(block.span.line + offset + len(body)),
                        inline_text(body[-1]).strip(),
                        "a group title (構成要素, 主な機能) over the terms after it; it ends the answer above it "
                        "and makes no card of its own",
                        code="not-a-term",
                    )
                    body = body[:-1]
                at = lead_in_lines([inline_text(line) for line in body]) if len(body) >= 3 else None
                if at is not None:
                    # ``…を指定する。`` / ``選択肢は以下の3つ。`` / one line per option: the lead-in asks its
                    # lines on a card of its own (its term in Context), the answer keeps the lines above it
                    texts = [inline_text(line).strip() for line in body[at + 1 :]]
                    first_line = block.span.line + offset + 1 + at
                    if emit_lead_in_lines(
                        context,
                        section,
                        lead_in_sentence(inline_text(body[at])),
                        block.span.at(first_line, first_line + len(texts)),
                        texts,
                        block,
                        {"Context": breadcrumb((*section.path, term))},
                    ):
                        body = body[:at]
                head_text = inline_text(lines[offset]).strip()
                explicit = any(pattern.match(head_text) for pattern in (_TOWA_LINE, _MARKED_LINE, _HEAD_COLON))
                last = number == len(groups) - 1
                following = _following_list(blocks, index, context) if last else None
                if following is not None and body and _titles_next_run(blocks, index + 1):
                    following = None  # the answer ended above the list: its one item titles the next run
                details = ""
                own_lines = len(body)  # the lines of this paragraph under the head that its answer holds
                if not body and following is None and last and index + 1 < len(blocks):
                    nxt = blocks[index + 1]
                    if isinstance(nxt, Paragraph) and not context.claimed(nxt):
                        next_lines = split_lines(nxt.inlines)
                        if _TOWA_LINE.match(head_text):
                            takes = bool(next_lines) and head_term(inline_text(next_lines[0]), first=True) is None
                        else:
                            takes = (
                                len(lines) == 1
                                and not _TITLE_WORD_END.search(term)
                                and (
                                    _fact_lines(next_lines)
                                    or (
                                        _COLON_END.search(head_text) is not None
                                        and _JOINED_NAMES.search(term) is None
                                        and _one_statement(next_lines)
                                    )
                                )
                            )
                        if takes:
                            body = next_lines
                            context.claim(nxt, cloze_ok=True)
                            # the note spans the name's line down to the last of the lines under it
                            own_lines = nxt.span.end_line - block.span.line - offset
                lead_in = ""
                if body and ends_with_lead_in(inline_text(body[-1])) and last:
                    introduced = lead_in_block(blocks, index, context)
                    if introduced is not None:  # ``…次のような特徴がある。`` then the list: the answer is both
                        lead_in = block_html(introduced)
                        context.claim(introduced, *introduced.items)
                        following = None
                    elif _leads_in_to_nothing(blocks, index, context, inline_text(body[-1])):
                        # ``Lifecycle Policies`` / ``Automatically transition objects …:`` and then the
                        # next name's own lines: the colon leads in to nothing, the line is the answer
                        body = [*body[:-1], _without_end_colon(body[-1])]
                if not body and following is not None and _recited_items(following.items):
                    first = _naming_item(following.items, context, term)
                    if first is not None:  # ``Route53`` / ``- DNSサービス`` / ``- …``: the first says what it is
                        rest = "".join(f"<li>{item.html}{children_html(item)}</li>" for item in following.items[1:])
                        run_on = _RUN_ON_MARK if rest and _runs_on(blocks, index + 1, context) else ""
                        _emit_definition(
                            context,
                            section,
                            block.span.at(block.span.line + offset, first.span.end_line),
                            term,
                            first.html,
                            f"<ul>{rest}</ul>{run_on}",
                            source=block,
                        )
                        context.claim(first, cloze_ok=True)
                        emitted = True
                        continue
                    context.skip(
                        block.span.at(block.span.line + offset),
                        term,
                        "its answer would be the list under it, to recite; write one sentence under the "
                        "term for a card about it, or `- Label: text` items to get one card per item",
                        code="list-to-recite",
                    )
                    continue
                if following is not None and _explains_list(following):
                    details = block_html(following)
                    context.claim(following, *following.items)
                    continuation = _continuation(blocks, index + 1, context)
                    if continuation is not None:  # the lines right under the list go on with the answer
                        label = _aspect_bullet(following) if not body else ""
                        if label:
                            # ``DynamoDB`` / ``- 利用者の責任になるタスク`` / ``アクセス権は…``: the one bullet
                            # names the aspect the lines under it answer, so the front asks it
                            term, details = f"{term} › {label}", ""
                            body = split_lines(continuation.inlines)
                        else:
                            details += block_html(continuation)
                        context.claim(continuation, cloze_ok=True)
                    elif body and _runs_on(blocks, index + 1, context):  # Details only, never an asked back
                        details += _RUN_ON_MARK
                if not body and details:
                    body_html, details = details, ""
                elif body and (is_explanation(body) or lead_in):
                    body_html = _body_html(body) + lead_in
                else:
                    if explicit or offset:  # a head inside the paragraph: it was no line of the answer above
                        context.skip(
                            block.span.at(block.span.line + offset),
                            term,
                            "the lines under the term do not explain it (empty or only names); "
                            "write a sentence under it, or use `- **Term**: explanation`",
                            code="no-explanation",
                        )
                    continue
                # the note spans its head line and the lines of its answer under it: an explain
                # entry for a line of that answer gives that line, quoting its own text
                start = block.span.line + offset
                if _under_example_line(lines, offset):
                    context.skip(
                        block.span.at(start, start + own_lines),
                        term,
                        f"'{term}' is a case under an example line (具体例, Example) in the text: it shows a "
                        "rule stated elsewhere, not a term; card the rule, or the case as `- Term: text` under it",
                        code="example-value",
                    )
                    continue
                _emit_definition(
                    context,
                    section,
                    block.span.at(start, start + own_lines),
                    term,
                    body_html,
                    details,
                    context_path=_with_topic(
                        _under_title(section, block, lines, offset, groups[:number], term, context), section, topic
                    ),
                    source=block,
                )
                emitted = True
            if emitted:
                context.claim(block, cloze_ok=True)


MAX_MEANS_NAME_CHARS = 25
"""The longest name after the colon of a ``what it does: Name`` line (:func:`_names_the_means`)."""


def _names_the_means(line: Inlines) -> tuple[str, str] | None:
    """``特定ドメインからのアクセスだけ許可:CORS設定``: a line whose words before the colon say what
    something does (a phrase, no term) and whose words after it are only a short name (no
    sentence): the name of the feature that does it, a ``Term: text`` line written the wrong way
    round. Returns (name, what it does), else None."""
    split = split_definition(line)
    if split is None or looks_like_term(split[0]):
        return None
    name = inline_text(split[1]).strip()
    if not name or len(name) > MAX_MEANS_NAME_CHARS or not looks_like_term(name) or sentence_like(name):
        return None
    return clean_term(name), split[0].strip()


def _head_ranks(lines: list[Inlines]) -> list[int]:
    """How high each line of a paragraph heads what follows it, read as the paragraph extractor
    groups them: 0 for a name line or ``Xとは`` line over its explanation (``S3``, ``Cognito``), 1 for
    a marked head (``◾️バケット``, ``📌 X``), 2 for anything else (a ``Term: text`` line, a line of an
    answer). A name line in the middle heads only after an answer line, as in the extractor."""
    ranks: list[int] = []
    answered = False  # a head is open above, and a line of its answer came after it
    for index, line in enumerate(lines):
        text = inline_text(line).strip()
        head = head_term(text, first=index == 0) is not None
        if split_definition(line) is not None:
            rank = 2
        elif head and (_TITLE_LINE.match(text) or _MARKED_LINE.match(text)):
            rank = 1
        elif head or (answered and _name_line(text, lines[index + 1 :])):
            rank = 0
        else:
            rank = 2
        answered = rank == 2 and any(earlier < 2 for earlier in ranks)
        ranks.append(rank)
    return ranks


def owner_in_paragraph(paragraph: Paragraph, offset: int) -> str | None:
    """The term a definition made from line ``offset`` of ``paragraph`` belongs to, by the head
    lines above it in the paragraph: the nearest one that heads it from a higher rank (``◾️バケット``
    under ``S3``, ``認証: …`` under ``◾️ユーザープール``), or a head right over it (a title line).
    None when there is none: a plain name line after another one with its own lines (``S3`` after
    ``静的コンテンツ`` over its explanation) is its sibling, not its part. '' when a label line
    (``具体例``) stops the search: the paragraph's own topic is what is left."""
    lines = split_lines(paragraph.inlines)
    if not 0 < offset < len(lines):
        return None
    ranks = _head_ranks(lines)
    for above in range(offset - 1, -1, -1):
        text = inline_text(lines[above]).strip()
        if len(text) <= MAX_BARE_TERM_CHARS and (is_label(clean_term(text)) or is_group_heading(clean_term(text))):
            return ""  # a label line (``具体例``) names nothing and starts a part of its own, as in Context
        if ranks[above] < ranks[offset] or (above == offset - 1 and ranks[above] < 2):
            # a head of a higher rank, or a head right over this one with nothing of its own: a title
            text = inline_text(lines[above]).strip()
            term = head_term(text, first=above == 0)
            return term if term is not None else clean_term(text)
    return None


def title_in_paragraph(paragraph: Paragraph, offset: int) -> str:
    """The title line a ``Term: text`` line at ``offset`` sits under in its paragraph (``パッチ管理``
    over a sentence, then ``顧客責任:…``), as its Context shows it (:func:`_under_title`): the
    nearest short line above that names a topic, passing over sentences and other ``Term: text``
    lines; '' when a label line (``具体例``) or the paragraph's start comes first."""
    lines = split_lines(paragraph.inlines)
    if not 0 < offset < len(lines) or split_definition(lines[offset]) is None:
        return ""
    for above in range(offset - 1, -1, -1):
        text = inline_text(lines[above]).strip()
        if len(text) <= MAX_BARE_TERM_CHARS and (is_label(clean_term(text)) or is_group_heading(clean_term(text))):
            return ""
        if split_definition(lines[above]) is None and _title_line(text):
            return clean_term(text)
    return ""


def marked_head(paragraph: Paragraph, offset: int) -> bool:
    """Whether line ``offset`` of ``paragraph`` is a marked head (``◾️X``, ``📌 X``)."""
    lines = split_lines(paragraph.inlines)
    return 0 <= offset < len(lines) and _head_ranks(lines)[offset] == 1


def _drop_title_lead_in(
    context: ExtractContext, block: Paragraph, offset: int, title: str, groups: list[tuple[str, int, list[Inlines]]]
) -> None:
    """The open answer's last line when it leads in to the title line at ``offset`` (``…が、X を使用する
    理由`` over ``✅ X を使う理由``): a phrase, no sentence, ending on the title's own head noun. It
    belongs to the block the title starts, not to the answer above (whose Details would end on it):
    taken off that answer, an explain line (``lead-in-only``)."""
    if not groups or not groups[-1][0] or len(groups[-1][2]) < 2:
        return
    marked = _MARKED_LINE.match(title)
    head = clean_term(marked.group(1) if marked else title.strip())
    last = inline_text(groups[-1][2][-1]).strip()
    if not last or last.endswith(("。", ".", "！", "!", "）", ")")) or not _same_head(head, last):
        return
    groups[-1][2].pop()
    context.skip(
        block.span.at(block.span.line + offset - 1),
        last,
        f"a line that leads in to the title below it ('{head}'): no part of the answer above it, and "
        "it asks nothing on its own; no card",
        code="lead-in-only",
    )


def _plain_line(line: Inlines) -> bool:
    """A paragraph line that can go on with the answer above it: text of its own, not a head
    (``◾️X``, ``Xとは``, ``X:``), a ``Term: text`` line, a title or label line, or a line of a diagram
    (``⬇︎ (DNS 解決)``, ``[ Route 53 ]``)."""
    text = inline_text(line).strip()
    if not text or head_term(text, first=False) is not None or split_definition(line) or split_towa(line):
        return False
    if _TITLE_LINE.match(text) or _TOWA_LINE.match(text) or _DIAGRAM_LINE.match(text) or _HEAD_COLON.match(text):
        return False  # a line ending on a colon titles the lines under it: a block of its own
    if _RUN_IN_ITEM.search(text):
        return False  # ``… - Glacier: …``: the next item of a list, run into this line
    term = clean_term(text)
    return not (len(text) <= MAX_BARE_TERM_CHARS and (is_label(term) or is_group_heading(term)))


def _colon_title(text: str, after: list[Inlines]) -> bool:
    """A line that ends on a colon with nothing after it (``X:``, ``…の場合:``) over a plain line of
    its own: it titles the lines below it, as a ``X:`` head does, so it starts a block of its own.
    A label (``例:``, ``注意:``) stays a part of the answer above it."""
    colon = _HEAD_COLON.match(text.strip())
    if colon is None or not after or not _plain_line(after[0]):
        return False
    term = clean_term(colon.group(1))
    return not (is_label(term) or is_group_heading(term))


_HANGING_END = lazy_compile(
    r"(?:[、，]|(?<=[\u3040-\u30ff\u4e00-\u9fff])(?:に|を|が|は|で|と|も|の|て|や|から|より|へ))$"
)
"""A Japanese line that ends mid-clause, on a comma or a particle: the next line goes on with it."""


def _term_line_continuation(lines: list[Inlines], offset: int) -> list[Inlines]:
    """The plain lines right under the ``Term: text`` line ``lines[offset]`` that go on with its
    answer: up to the next head, ``Term: text`` line, title or diagram line. Only for a term line
    alone in its paragraph, or lines that another ``Term: text`` line follows: lines after the last
    of several term lines are about the whole run (``→ A で…し、B で…する``), not the last term."""
    more: list[Inlines] = []
    for line in lines[offset + 1 :]:
        if not _plain_line(line):
            break
        more.append(line)
    if not more:
        return more
    cut = [line for line in (lines[offset], *more[:-1]) if _HANGING_END.search(inline_text(line).rstrip())]
    if len(cut) == len(more):
        # ``rsyncとは、ファイルの差分だけを転送して、離れた場所に`` / ``同じ内容を作るコマンド``: the line
        # breaks mid-clause (on a particle or a comma), so the lines under it are the rest of its answer
        return more
    if offset + 1 + len(more) < len(lines):
        following = lines[offset + 1 + len(more)]
        return more if split_definition(following) is not None else []
    siblings = sum(1 for line in lines if split_definition(line) is not None)
    if len(more) >= 2 and all(_CAPITAL_NAME.match(inline_text(line).strip()) for line in more):
        # ``Biba - Simple security property`` / ``Star Model`` / ``Bell-LaPadula``: names of the same
        # kind as the term, one a line, not the rest of its answer
        return []
    return more if siblings == 1 and not _is_diagram_text(more) else []


_CAPITAL_NAME = lazy_compile(r"^[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}$")
"""A name of one to three capitalised words (``Star Model``, ``Brewer-Nash``)."""


def _is_diagram_text(lines: list[Inlines]) -> bool:
    return is_diagram("\n".join(inline_text(line) for line in lines))


def _under_title(
    section: Section,
    block: Paragraph,
    lines: list[Inlines],
    offset: int,
    groups: list[tuple[str, int, list[Inlines]]],
    term: str,
    context: ExtractContext,
) -> tuple[str, ...] | None:
    """The Context path of a definition made from line ``offset`` of a paragraph: the headings, then
    the nearest title line above it in the same paragraph (``パッチ管理`` over ``顧客責任: …``); None
    (the headings alone) when there is none. Other definitions above it (a head with its
    explanation, a ``Term: text`` line) are siblings, passed over; a label line (``具体例``), even
    inside such an explanation, names nothing, and ends the search."""
    explained: set[int] = set()
    for head, head_offset, body in groups:
        if head and is_explanation(body):
            explained.update(range(head_offset, head_offset + len(body) + 1))
    for above in range(offset - 1, -1, -1):
        text = inline_text(lines[above]).strip()
        if len(text) <= MAX_BARE_TERM_CHARS and (is_label(clean_term(text)) or is_group_heading(clean_term(text))):
            return None  # even inside an explanation above, a label line starts a part of its own
        if split_definition(lines[above]) is not None or not _title_line(text):
            continue
        title = clean_term(text)
        if above in explained:
            continue
        node = context.outline.node(block)
        subject = node.term or node.subject  # what the whole paragraph is about comes first
        path = (*section.path, subject) if subject and fold(subject) not in map(fold, section.path) else section.path
        if fold(title) in (fold(term), *map(fold, path)):
            return None
        return (*path, title)
    return None


_EXAMPLE_CASE_LABELS = frozenset({"example", "e.g", "e.g.", "for example", "real-world example", "real‑world example"})
"""The label of a line that tells one case (``**Example:** A finance role can approve invoices.``);
the plural ``Examples:`` usually lists instances (names), which a card may ask."""


def _over_code(section: Section, item: ListItem, parent: ListItem | None) -> bool:
    """Whether a code block follows ``item``: nested under it, or right after the list it ends."""
    if any(isinstance(child, CodeBlock) for child in item.children):
        return True
    blocks = parent.children if parent is not None else section.blocks
    for index, block in enumerate(blocks[:-1]):
        if isinstance(block, ListBlock) and block.items and block.items[-1] is item:
            return isinstance(blocks[index + 1], CodeBlock)
    return False


def _example_case(label: str, body: str) -> bool:
    """Whether a ``Label: text`` line is an example told as a sentence: its label says "example" (one
    case) and its text is a sentence, not a list of names."""
    return fold(label).strip(" :：") in _EXAMPLE_CASE_LABELS and sentence_like(body.strip())


def _under_example_line(lines: list[Inlines], offset: int) -> bool:
    """Whether the head at line ``offset`` of a paragraph sits under an example line (``具体例``,
    ``Example``): the nearest label line above it, as :func:`_under_title` finds one, is an example
    word, so the head labels a case (``Aの責任(…の更新):``), not a term."""
    for above in range(offset - 1, -1, -1):
        text = inline_text(lines[above]).strip()
        term = clean_term(text)
        if len(text) <= MAX_BARE_TERM_CHARS and (is_label(term) or is_group_heading(term)):
            return fold(term).strip(" :：") in EXAMPLE_LINE_WORDS
    return False


def _title_line(text: str) -> bool:
    """A short line that names a topic (``パッチ管理``, ``📌 Aレコードと CNAME の違い``): no sentence
    (in Japanese, it ends in a noun), no list of words, no ``X:`` / ``Xとは`` head of a definition."""
    if not text or len(text) > MAX_BARE_TERM_CHARS or text.endswith((":", "：")) or re.search(r"[、,。]", text):
        return False
    if sentence_like(text) or _TOWA_LINE.match(text):
        return False
    if re.search("[はがを]", text) and re.search("[\u3040-\u309f]$", text):
        return False  # ``…はサービスによって異なる``: a clause, not a title (``…の違い`` is one)
    term = clean_term(text)
    return looks_like_term(term) and not is_group_heading(term)


_OPENS_DEFINITION = lazy_compile(r"(?:とは|って何)\s*[、,:：?？]?$")
"""A first line that opens a definition of its own (``ファイアウォールとは、``)."""


def _adjoining(
    blocks: tuple[Block, ...], index: int, context: ExtractContext
) -> tuple[Paragraph, list[Inlines], str] | None:
    """(paragraph, its lines, its first line's text) of the paragraph right under ``blocks[index]``,
    no blank line between, that no card has taken, that the outline gives no term and whose first
    line opens no definition of its own; None otherwise (:func:`_continuation`, :func:`_runs_on`)."""
    if index + 1 >= len(blocks):
        return None
    block, following = blocks[index], blocks[index + 1]
    if not isinstance(following, Paragraph) or context.claimed(following):
        return None
    if following.span.line > block.span.end_line + 1 or context.outline.node(following).term:
        return None
    lines = split_lines(following.inlines)
    first = inline_text(lines[0]).strip() if lines else ""
    if _OPENS_DEFINITION.search(first) or head_term(first, first=True) is not None:
        return None  # ``ファイアウォールとは、`` opens a definition of its own
    return following, lines, first


def _continuation(blocks: tuple[Block, ...], index: int, context: ExtractContext) -> Paragraph | None:
    """The paragraph right under ``blocks[index]`` with no blank line between that heads nothing of
    its own (in text without headings, the rest of the same answer), else None."""
    adjoining = _adjoining(blocks, index, context)
    if adjoining is None:
        return None
    following, lines, _ = adjoining
    if any(split_definition(line) or split_towa(line) or _TITLE_LINE.match(inline_text(line)) for line in lines):
        return None
    return following


_RUN_ON_MARK = f"<p>{MORE_MARK}</p>"


def _runs_on(blocks: tuple[Block, ...], index: int, context: ExtractContext) -> bool:
    """Whether the list ``blocks[index]`` goes on in lines the answer does not take: a paragraph
    right under it, no blank line between, that opens on no head of its own (``- OS が DNS に問い
    合わせ`` / ``🔍DNS は名前に対応するアドレスを探す`` / ``→名前をアドレスに変換``, the list's last
    item going on). Shown as the list alone, the steps would stop short as if they were all, so the
    Details end on a mark that more follows in the notes; the lines left are explained on their own."""
    adjoining = _adjoining(blocks, index, context)
    if adjoining is None or not adjoining[2]:
        return False
    _, lines, first = adjoining
    return not (split_definition(lines[0]) or split_towa(lines[0]) or _TITLE_LINE.match(first))


def _dangling_title(text: str) -> bool:
    """A short line that is only a product-style name (``AWS Artifact``, ``Amazon S3``): a title with
    nothing under it. Lines in the answer's own words (``HTTPS のリクエストのみ受け付ける``,
    ``⭕️スタックの追跡``) never match."""
    stripped = text.strip()
    return bool(_PROPER_NAME.fullmatch(stripped)) and head_term(stripped, first=True) is not None


def _aspect_bullet(block: ListBlock) -> str:
    """The text of a list's only bullet when it is a short label (a noun phrase, no children, no
    sentence: ``利用する際にユーザーの責任になるタスク``) that names the aspect the lines under the
    list explain; else ''."""
    if len(block.items) != 1 or block.items[0].children:
        return ""
    text = block.items[0].text.strip()
    if not has_cjk(text) or len(text) > MAX_ASPECT_BULLET_CHARS or sentence_like(text) or "\n" in text:
        return ""
    return text if _ASPECT_NOUN_END.search(text) else ""


MAX_ASPECT_BULLET_CHARS = 40
_ASPECT_NOUN_END = lazy_compile(r"(?:タスク|作業|責任|ポイント|注意点|手順|役割|設定|対策)$")


def _explains_list(block: ListBlock) -> bool:
    return any(_explains(item.text) for item in block.items)


# ------------------------------------------------------------------------------------------------
# headings
# ------------------------------------------------------------------------------------------------

# a sentence that names its own subject: ``X は …`` / ``X とは`` / ``X: …`` / ``X is …`` (a definition
# text without one is a bare noun phrase whose subject was the heading)
_OWN_SUBJECT = lazy_compile(r"は|とは|が|[:：]|\b(?:is|are|means|refers to)\b", re.IGNORECASE)
_NUMBERED_STEP = lazy_compile(r"^\s*(?:\d+[.)．]|第\s*\d+\s*[章節部分])\s*")
# ``GlobalSecondaryIndex``, ``ReadCapacityUnits（読み込みキャパシティーユニット）``: one identifier whose
# words are run together in CamelCase, maybe with its translation in brackets: a name, never a step
_IDENTIFIER_TITLE = lazy_compile(r"^(?:[A-Z][a-z]+){2,}[A-Z]?[a-z]*\s*(?:[（(][^()（）]{1,30}[)）])?\s*$")
# ``## 6.1. バイナリー``: a section number of two levels or more before a name, a spec's or a book's
# section title (its name the term), not a step of a procedure
_SECTION_NUMBER = lazy_compile(r"^\s*\d+(?:\.\d+)+\.?\s+(?=\S)")


# ``これは”キャッシュプッシュ”とも呼ばれている機能です。`` / ``Python の SDK が使う認証方式です。``: a
# first sentence that says what the heading's thing is, its subject a pointer (これは) or left out,
# ending on a noun and the copula; a procedure (``…を選ぶ手順です``) says the heading is a step
_UNNAMED_DEFINITION = lazy_compile(
    r"^(?:これは|それは)?、?(?P<phrase>[^。は、]{4,60}?[\u30a0-\u30ff\u3400-\u9fff])(?<!手順|方法|作業|工程|段階|操作|流れ)"
    r"(?<!ステップ)(?:です|である)。"
)


# ``Distributes incoming traffic across the servers.`` under ``## 3. Load Balancing``: an English
# first sentence whose subject (the heading's thing) is left out, opening on a verb in the third
# person and its object; not a plural noun before its verb (``Requests are …``) or a pointer (``This …``)
_UNNAMED_DEFINITION_EN = lazy_compile(
    r"^(?!(?:this|it|its|these|those|there|thus|always|sometimes|as|us|is|was|has|does|yes)\b)"
    r"[A-Z][a-z]{2,}s\s+(?!(?:are|is|were|was|have|has|had|can|could|will|would|may|might|must|should|do|"
    r"does|did|of|and|or|in|on|at|to|for|with|from|by|as|that|which|who|the|a|an)\b)[a-z][a-z-]+\s+[a-z]",
    re.IGNORECASE,
)


def _defines_unnamed(text: str) -> bool:
    """Whether ``text`` opens by saying what the heading's thing is without naming it (its subject
    left out or ``これは``, or an English verb with no subject before it, ``Distributes traffic …``):
    a numbered section's text that defines its title all the same."""
    joined = " ".join(text.split())
    return _UNNAMED_DEFINITION.match(joined) is not None or _UNNAMED_DEFINITION_EN.match(joined) is not None


def _subject_of_title(title: str, text: str) -> str | None:
    """The subject a paragraph under a title heading opens on and says what it is, when the title names
    that subject among other words and never as the paragraph's subject: ``Securing the SPA Using HTTP
    Headers`` over ``An HTTP (HyperText Transfer Protocol) header is used to …`` gives ``HTTP header``.
    Only an English title that names a task (it opens on an ``-ing`` verb: ``Securing``, ``Using``,
    ``Understanding``), so an aspect of the subject (``Pricing of Lambda``, ``Lambda の料金``) keeps
    its own card. None for a paragraph that names the title itself, or whose subject is not in it."""
    folded_title = fold(title)
    if folded_title in fold(text):
        return None
    if not title.isascii() or not _TASK_TITLE.match(folded_title) or len(folded_title.split()) < 3:
        return None
    match = _TITLE_SUBJECT_EN.match(text.strip())
    if match is None:
        return None
    subject = re.sub(r"\s*[(（][^)）]*[)）]\s*", " ", match.group("subject")).strip()
    subject = re.sub(r"\s+", " ", subject)
    name = fold(subject)
    if len(name) < 3 or name == folded_title or not looks_like_term(subject):
        return None
    if not re.search(rf"(?<!\w){re.escape(name)}(?:s|es)?(?!\w)", folded_title):
        return None
    return subject


_TITLE_SUBJECT_EN = lazy_compile(
    r"^(?:An?|The)\s+(?P<subject>[A-Za-z][\w-]*(?:\s+(?:\([^)]{1,60}\)|[A-Za-z][\w-]*)){0,4}?)"
    r"\s+(?:is|are|refers to|means)\s"
)
_TASK_TITLE = lazy_compile(r"^[a-z]{3,}ing\s+(?!(?:of|in|for|and|or|with|on|at|to|by|vs)\b)")


def _defined_later(context: ExtractContext, section: Section, first: Paragraph, term: str) -> Paragraph | None:
    """The paragraph under a heading that says what the heading is, when the first one does not: the
    first never names the heading's term nor speaks of it (``It``, ``これは``), it sets the scene
    (``If your website links to another domain, it is a referrer.``), and a later paragraph of the
    section opens on the term as its subject (``The Referrer-Policy header allows …``,
    ``Referrer-Policy は…``). None when the first paragraph is the answer, or none later opens so."""
    name = fold(term)
    text = fold(first.text.strip())
    if len(name) < 3 or name in text or PRONOUN_SUBJECT_EN.match(text) or text.startswith(_LEANS_BACK_JA):
        return None
    if _defines_heading(term, first.text) or _defines_unnamed(first.text):
        return None  # ``A package of …``, ``…を含む Helm パッケージ。``: what the heading is, its subject left out
    if has_cjk(text) and not _JA_OWN_TOPIC.match(text):
        return None  # ``…へ振り分ける役目を持つ。``: Japanese leaves the heading out as the subject
    seen = False
    for block in section.blocks:
        if block is first:
            seen = True
            continue
        if (
            seen
            and isinstance(block, Paragraph)
            and not context.claimed(block)
            and not _bold_label(block)  # ``**Storage classes**`` over a list: a sub-heading, not a sentence
            and _opens_on(name, block.text)
        ):
            return block
    return None


_MAX_BOLD_LABEL_CHARS = 60


def _bold_label(block: object) -> bool:
    """A paragraph of one line that is only a **bold** phrase and no sentence (``**Normal Mode**``,
    ``**Method 1: Command**``, ``**Example:**``): a sub-heading written in bold, not text that says
    what the heading above it is."""
    if not isinstance(block, Paragraph) or "\n" in block.text.strip() or not _bold_only(block):
        return False
    text = block.text.strip()
    return (
        len(text) <= _MAX_BOLD_LABEL_CHARS
        and not text.endswith((".", "。", "!", "?", "！", "？"))
        and _SAYS_WHAT.search(text) is None
    )


_SAYS_WHAT = lazy_compile(r"[=＝→]|->")
"""``**X = 鍵交換用の公開情報セット**``: a bold line that says what something is, no sub-heading."""


def _bold_sub_headings(sections: Sequence[Section], index: int) -> list[str]:
    """The bold-only label lines of a section's own text (see :func:`_bold_label`), then the titles
    of the sections right under it that were bold lines (sections.py reads a lone bold line over
    prose as a heading: ``**Method 2: Manifest**`` over ``Create pod.yml:``)."""
    section = sections[index]
    labels = [block.text.strip() for block in section.blocks if isinstance(block, Paragraph) and _bold_label(block)]
    for below in sections[index + 1 :]:
        if below.level <= section.level:
            break
        title = below.title_html.strip()
        if below.level == section.level + 1 and title.startswith("<strong>") and title.endswith("</strong>"):
            labels.append(below.title)
    return labels


def _opens_on(name: str, text: str) -> bool:
    """Whether ``text`` opens on the folded term ``name`` as the subject of its sentence (an article
    before it, a verb or a topic particle after it)."""
    folded = _LEADING_ARTICLE.sub("", fold(text.strip()), count=1)
    if not folded.startswith(name):
        return False
    rest = folded[len(name) :]
    return bool(_OWN_SUBJECT.match(rest.lstrip()) or _SUBJECT_VERB.match(rest))


_LEADING_ARTICLE = lazy_compile(r"^(?:the|a|an)\s+")
_JA_OWN_TOPIC = lazy_compile(r"^[^。]{1,40}?[^ぁ-ゖ\s]\s?(?:は|が)")
_SUBJECT_VERB = lazy_compile(r"\s+(?:(?:can|will|must|should|may|does|do|was|were|has|have)\b|[a-z]{3,}s\b)")
_LEANS_BACK_JA = ("これ", "それ", "この", "その", "こちら")


_TRANSLATION = lazy_compile(r"^[\u30a0-\u30ff\u3400-\u9fff々ー・]{2,12}$")


def _translated_name(term: str, body: str) -> bool:
    """Whether ``Term - body`` is one name written in two languages (``Race condition - 競合状態``):
    a term in Latin letters and, after it, only a short name in kanji or katakana."""
    return not has_cjk(term) and _TRANSLATION.match(body.strip().rstrip("。.")) is not None


_PREDICATE_END = lazy_compile(r"(?:[るたうくすつぬむぶぐだ]|です|ます|ない|ません|[はがをにでとへや])$")
"""A Japanese text ending as a predicate (``…を管理する``) or on a particle, not on a noun (``…仕組み``)."""


def _phrase_definition(text: str) -> bool:
    """Whether ``text`` is one noun phrase whose clause says what a thing is (``A unit of execution
    that runs inside a process.``, ``メモリ上にロードされ実行されている状態のプログラム``): under a
    numbered section's title (``### 1.2 Thread``), a definition of the title all the same."""
    stripped = " ".join(text.split()).rstrip("。.")
    if not stripped or any(mark in stripped for mark in "。!?！？") or ". " in stripped:
        return False
    if has_cjk(stripped):
        return _MODIFIED_NOUN.search(stripped) is not None and _PREDICATE_END.search(stripped) is None
    return _MODIFIED_NOUN.search(stripped) is not None and len(stripped.split()) <= 25


def _names_own_subject(term: str, text: str) -> bool:
    """Whether ``text`` opens on ``term`` as its subject (``フロー制御とは…``, ``Flow control is …``)."""
    folded, name = fold(text.strip()), fold(term)
    return bool(name) and folded.startswith(name) and bool(_OWN_SUBJECT.match(folded[len(name) :].lstrip()))


def _image_only(block: Block) -> str:
    """The image HTML if the block is only an image (or an HTML figure: an image and a short
    caption, ``<p align="center"><img …><br><i>Source: …</i></p>``), else ''."""
    if isinstance(block, Paragraph) and block.inlines and all(part.kind in ("image", "br") for part in block.inlines):
        return block.html
    if isinstance(block, RawBlock) and "<img" in block.html.lower() and len(block.text) <= 120:
        return block.html
    return ""


def _defines_heading(title: str, text: str) -> bool:
    """A quote under a heading that reads as its definition: it names the heading's term, or it
    is a noun phrase (``An ordered, mutable sequence``, ``順序付きで変更可能な列``)."""
    term = fold(clean_term(title))
    folded = fold(text)
    if term and term in folded:
        return True
    if re.match(r"(?:a|an|the)\s", folded):
        return True
    words = term.split()
    if len(words) > 1 and words[0] in VENDOR_PREFIXES and " ".join(words[1:]) in folded:
        return True  # ``### AWS Fargate`` over ``> … Fargate を使用すると…``: the name without its vendor
    # the first sentence says what the heading is (``…のサーバーレス実行エンジンです。``), the ones
    # after it say more of it (``Fargate を使用すると…できます。``)
    core = folded.split("。", 1)[0].rstrip("。. ") if has_cjk(folded) else folded.rstrip("。. ")
    if has_cjk(core) and core.endswith(_COPULAS):
        # ``DNS 情報を調べるユーティリティーです``: what the heading is, its subject left out
        core = core[: -len(next(copula for copula in _COPULAS if core.endswith(copula)))]
    return has_cjk(core) and not re.search("[\u3040-\u309f]$", core)


_COPULAS = ("です", "である", "だ")


_POINTER = lazy_compile(
    r"\b(?:continue reading|read more|see (?:also|here|below|above)|"
    r"for (?:a |the )?(?:full|complete) (?:list|reference)|for (?:more |further )?(?:details|information)\b)"
    r"|詳しくは|詳細は|を参照(?:して(?:ください|下さい)|のこと|[。.]|$)",
    re.IGNORECASE,
)
MAX_POINTER_CHARS = 160
"""A text longer than this says something of its own, even when it also points to a reference."""
_PAIR_TITLE = lazy_compile(r"^([^と、。\s]{2,15})と([^と、。\s]{2,15})$")
_VERB_TITLE = lazy_compile(
    "[\u3040-\u30ff\u4e00-\u9fffA-Za-z0-9][でをにがへ][\u4e00-\u9fff\u3040-\u309f]*[うくぐすつぬぶむる]$"
)


def _points_elsewhere(answer: Paragraph | ListItem) -> bool:
    """The heading's text only points to a reference (``For a full list, continue reading on
    [RFC]``, ``詳しくは…を参照``): a card would ask for a link, not a fact."""
    text = answer.text.strip()
    has_link = any(part.kind == "link" for part in answer.inlines)
    return has_link and len(text) <= MAX_POINTER_CHARS and bool(_POINTER.search(text))


_SHOUTED_RULE = lazy_compile(r"^(?:NO|NOT|NEVER|DO NOT|DON'T)\s[A-Z][A-Z0-9' -]*$")
"""``NO TABS ALLOWED``, ``DO NOT COMMIT SECRETS``: a rule in capitals over the notes, not a term."""
_GOES_ON = lazy_compile(
    r"^(?:between|across|among|to|from|with|within|into|onto|in|on|at|by|for|through|over|using|via|without)\b"
)
MIN_RESTATED_WORDS = 2


def _restates_heading(term: str, text: str) -> bool:
    """An English heading of two or more words whose text opens with the very same words and goes on
    with a preposition (``## Filter network traffic`` / ``filter network traffic between subnets using
    …``, ``## Connect to on-premises networks`` / ``Connect to on-premises networks through …``): the
    heading is the opening of the sentence, an action or a topic, not a term the text defines (a
    definition says what the term is: ``Redis is …``, ``Redis: an in-memory store``)."""
    words = fold(term).split()
    if len(words) < MIN_RESTATED_WORDS or not term.isascii():
        return False
    folded = " ".join(fold(text).split())
    opening = " ".join(words)
    if not folded.startswith(opening + " "):
        return False
    return bool(_GOES_ON.match(folded[len(opening) + 1 :]))


def _titles_a_section(title: str, text: str) -> bool:
    """A heading that titles a section rather than naming one term: two terms joined by と
    (``マージとリベース``) or an action (``実装で確かめる``), when its text does not name the
    title as a whole (the text goes on about the section, it does not define the title)."""
    term = clean_term(title)
    if not (_PAIR_TITLE.match(term) or _VERB_TITLE.search(term)):
        return False
    return fold(term) not in fold(text)


def _narrates(term: str, text: str) -> bool:
    """A Japanese heading that is a remark or a stage of a story (:data:`REMARK_HEADING`,
    :data:`NARRATIVE_HEADINGS`: ``データの読み出しが遅い！``, ``結局どうしたの``, ``その後``, ``現象``) over
    a paragraph whose first sentence narrates (:data:`NARRATIVE_MARKS`, :data:`NARRATIVE_PAST`:
    ``私が関わっていたプロジェクトで…が発生しました。``); or any heading over a paragraph that does both
    (first person and the past tense): the writer's story, not what the heading is."""
    first = " ".join(text.split()).split("。", 1)[0] + "。"
    if not has_cjk(term) or fold(term) in fold(first):
        return False  # ``## 現象`` / ``現象とは…``: the sentence names the heading, it may say what it is
    marked = NARRATIVE_MARKS.search(first) is not None
    past = NARRATIVE_PAST.search(first) is not None
    remark = REMARK_HEADING.search(term) is not None or term.strip() in NARRATIVE_HEADINGS
    return (remark and (marked or past)) or (marked and past)


_ASPECT_TITLE = lazy_compile(r"^([^の、。\s]{2,20})の([^の、。\s]{2,15})$")
"""A heading naming an aspect of a subject (``キャッシュの制限``, ``リベースのsquash``), not a term."""


def _section_lead_in(section: Section, answer: Paragraph | ListItem) -> bool:
    """The heading names an aspect of a subject (``XのY``) and its first paragraph, which does not
    name the title as a whole and ends as a lead-in does (:data:`SECTION_LEAD_IN_ENDINGS`), is
    followed by the rest of the section (a list, more paragraphs):
    the paragraph leads in to what the section says (``Xは便利な一方で、Yのようには使えません。``
    over the reasons), it is not what the title is; the card would ask the aspect and answer with
    the lead-in."""
    term = clean_term(section.title)
    if not _ASPECT_TITLE.match(term) or fold(term) in fold(answer.text):
        return False
    if not answer.text.strip().rstrip("。.").endswith(SECTION_LEAD_IN_ENDINGS):
        return False  # ``圧縮方式は…で選ぶ。`` under ``## 圧縮の選び方`` says the aspect itself
    blocks = section.blocks
    at = next((index for index, block in enumerate(blocks) if block is answer), None)
    return at is not None and any(not _image_only(block) for block in blocks[at + 1 :])


# a first sentence that says what the page walks the reader through (``…データを準備する手順を解説します。``,
# ``This tutorial shows how to …``): it speaks of the notes, not of what the heading is
_ANNOUNCES_STEPS = lazy_compile(
    r"^[^。.]{0,80}?(?:手順|方法|やり方|流れ|使い方)(?:について)?を(?:解説|説明|紹介|まとめ|記載)(?:します|しています|する)。"
    r"|^(?:this|the following)\s+(?:tutorial|guide|walk-?through|lab|how-?to)\s+"
    r"(?:shows|explains|describes|walks|covers|goes)\b",
    re.IGNORECASE,
)


_WRITER_ANNOUNCES = lazy_compile(
    r"^[^。]{0,120}?(?:[てで](?:み|いき)(?:ます|ましょう)|(?:しよう|したい|みよう|みたい)と思います"
    r"|(?:紹介|説明|解説|整理|確認)(?:します|していきます|してみます|しましょう))。"
)
"""A first sentence in which the writer announces what the text does next (``ここまでの話を整理して
みます。``, ``…の例を紹介しようと思います。``, ``…登録するところまでやってみます。``): it speaks of the
article, not of what the heading is."""


_LABEL_ONLY = lazy_compile(r"^[A-Za-z][\w/&'-]*(?: [\w/&'-]+){0,2}:\s*(?:\([^()]{1,30}\))?$", re.ASCII)
"""A paragraph that is only a label of at most three words and its colon, with at most a remark in
brackets (``Cloud Computing: (consists of)``): it heads what follows and states nothing. (A longer
line, ``Each router was given:``, is a sentence cut short, left to the other checks.)"""


def _introduces_section(section: Section, answer: Paragraph | ListItem) -> bool:
    """The paragraph under the heading speaks of the notes themselves (:data:`ABOUT_THE_TEXT`,
    ``この章では…``), or is one sentence that only announces the kinds of what the list right
    after it names (:data:`COLLECTION_LEAD_IN`, ``AWS offers several options`` over the options; a
    count is a fact and stays): either way it says nothing the heading is, and a card would ask
    the title for it."""
    text = " ".join(answer.text.split())
    if ABOUT_THE_TEXT.match(text) or _ANNOUNCES_STEPS.match(text) or _WRITER_ANNOUNCES.match(text):
        return True
    if isinstance(answer, Paragraph) and _LABEL_ONLY.match(text):
        return True  # ``Cloud Computing: (consists of)`` over the bullets it labels: a label, no statement
    if not isinstance(answer, Paragraph) or SENTENCE_THEN_MORE.search(text) or not COLLECTION_LEAD_IN.search(text):
        return False
    return isinstance(_list_after(section, answer), ListBlock)


def ends_with_lead_in(text: str) -> bool:
    """Text that announces what follows (``…the following:``, ``次のような特徴がある。``): an answer
    that stops there has lost its point, the list or table after it."""
    return bool(_LEAD_IN.search(text.strip()))


_POINTS_BELOW = lazy_compile(r"^(?:[^、。]{1,40}?(?:とは|は)[、,]?\s*)?(?:以下|次の|下記)")


MAX_ASIDE_CHILDREN = 3
"""The most sub-bullets a heading's one bullet may carry and still be the heading's answer (its notes)."""
_OWN_TOPIC = lazy_compile(r"^[^、。\s]{1,20}\s?(?:は|とは)[、,]?")
"""A sub-bullet that opens on a subject of its own (``シャードはインデックスを…``): a term, not a note."""
_STEP_PARAGRAPH = lazy_compile(r"^\s*(?:[0-9０-９]{1,2}[.．)）](?![0-9０-９])|[①-⑳])\s*\S")
"""A paragraph that opens with a step's number (``1. TCP で接続する``, ``①``): a procedure's step."""
_ABOUT_NAME = lazy_compile(r"^(?P<name>[^\u3040-\u309f\s]{2,30})\s*について$")


def _about_name(title: str) -> str:
    """The name a heading ``Xについて`` (about X) is about, when X is a name (no kana particle or
    verb in it: ``Cookie``, ``Set-Cookie``, ``正規化``), else empty. Over a paragraph, such a
    heading titles what X is; ``パスワードを紛失した場合について`` (a case, not a name) stays a
    topic title."""
    found = _ABOUT_NAME.match(title.strip())
    if found is None:
        return ""
    name = found.group("name")
    return name if looks_like_term(name) and not is_topic_title(name) else ""


_JA_LIST_POINTER = lazy_compile(r"^(?:以下|次|下記)の")
_LIST_BELOW_SUBJECT = lazy_compile(
    r"^(?:以下|次|下記)の(?!よう|とおり|通り)[^、。]{1,20}?(?<![でにと])(?:は|が)|^the (?:following|below)\b",
    re.IGNORECASE,
)


def _subject_is_list_below(section: Section, answer: Paragraph | ListItem) -> bool:
    """``### 統一的接尾辞`` over ``以下の接尾辞は…。`` and a list: the paragraph's subject is the
    list's items (以下の…, the following …), so it says nothing of the heading as a term."""
    if not isinstance(answer, Paragraph) or not _LIST_BELOW_SUBJECT.match(answer.text.strip()):
        return False
    blocks = section.blocks
    index = next((found for found, block in enumerate(blocks) if block is answer), -1)
    return 0 <= index < len(blocks) - 1 and isinstance(blocks[index + 1], ListBlock)


def points_below(text: str) -> bool:
    """A sentence that only points at what follows (``Xとは以下のような場合です。``, ``次のとおり。``):
    whatever it leads in to (code, a list) is not on a back made of it, so it says nothing."""
    stripped = " ".join(text.split())
    return "。" not in stripped.rstrip("。") and bool(_POINTS_BELOW.match(stripped)) and ends_with_lead_in(stripped)


def _leads_in_to_nothing(blocks: tuple[Block, ...], index: int, context: ExtractContext, text: str) -> bool:
    """A statement (three words or more) that ends in a bare colon with nothing after it that it
    could lead in to: the section ends there, or the next block is a paragraph headed by a name of
    its own (``Versioning`` over its lines). The author meant a list and never wrote it; the
    sentence still says what the term is."""
    stripped = text.strip()
    if not stripped.endswith((":", "：")) or has_cjk(stripped) or len(stripped.split()) < 3:
        return False
    if _LEAD_IN.search(stripped.rstrip(":： ")) or "following" in stripped.lower():
        return False  # ``…as follows:``, ``the following:``: it announces, whatever comes after it
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is None:
        return True
    if not isinstance(following, Paragraph) or context.claimed(following):
        return False
    first = split_lines(following.inlines)[:1]
    return bool(first) and head_term(inline_text(first[0]), first=True) is not None


def _without_end_colon(line: Inlines) -> Inlines:
    """``line`` without the colon at its end (the last text run's)."""
    *rest, last = line
    if last.kind != "text":
        return line
    return (*rest, replace(last, text=last.text.rstrip().rstrip(":："), html=last.html.rstrip().rstrip(":：")))


def lead_in_block(blocks: tuple[Block, ...], index: int, context: ExtractContext) -> ListBlock | None:
    """The list right after ``blocks[index]`` that its lead-in introduces, unless other cards
    already ask its items (``1. **Router ID**: …`` items are cards of their own). A table is left
    to the table extractor: its rows are cards, with the lead-in's subject on them."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if isinstance(following, ListBlock) and not any(context.claimed(item) for item in following.items):
        return following
    return None


_CARDED = "\x00carded"
"""What :func:`_answer_block` gives as the lead-in when the heading's text only introduces a list of cards."""


def _breaks_off(text: str) -> bool:
    """A paragraph whose sentence stops mid-clause (``…using any combination of``) and goes on in
    the list under it: without that list, a back of it is a fragment."""
    return not has_cjk(text) and BROKEN_OFF.search(text.strip()) is not None


def _list_after(section: Section, answer: Paragraph) -> ListBlock | None:
    """The list right after ``answer`` under its heading, if any."""
    blocks = section.blocks
    for index, block in enumerate(blocks[:-1]):
        if block is answer:
            following = blocks[index + 1]
            return following if isinstance(following, ListBlock) else None
    return None


def _points_to_recite(answer: Paragraph, listed: ListBlock) -> bool:
    """A lead-in's list of :data:`MIN_RECITED_ITEMS` or more points that, with the lead-in, runs past
    :data:`MAX_ANSWER_CHARS` and that no gap can ask one by one (some points are sentences): the
    selection pass would cut such a back after its first point and leave the rest unasked."""
    if len(listed.items) < MIN_RECITED_ITEMS:
        return False
    listed_html = block_html(listed)
    if len(answer.text) + len(plain_html(listed_html)) <= MAX_ANSWER_CHARS:
        return False
    return recited_items(listed_html) is None and statement_items(listed_html) is None


MIN_STATED_WORDS = 6
"""An English lead-in shorter than this many words (``Key points of setup:``) names its list, it
states nothing of its own."""


_SUBJECT_IS = lazy_compile(r"^((?:the|a|an)\s+[^,;:.]{8,80}?)\s+(is|are)\s+([^,;:.]{3,60})\.?$", re.IGNORECASE)
MIN_NAMED_WORD_CHARS = 4


def _named_in_predicate(term: str, text: str) -> tuple[str, str, str] | None:
    """(subject, copula, predicate) of one English sentence ``The … is …`` whose predicate holds a
    word of the heading (``IR Preparation`` over ``The first phase of the … lifecycle is preparation
    and anticipation.``) while its subject holds none: the heading is the sentence's answer, not its
    subject. None otherwise (``A Tree is …`` under ``Tree`` says what the heading is)."""
    flat = " ".join(text.split())
    found = _SUBJECT_IS.match(flat)
    if found is None or not term.isascii() or len(term.split()) < MIN_RESTATED_WORDS:
        return None
    words = {word.casefold() for word in re.findall(r"[A-Za-z]+", term) if len(word) >= MIN_NAMED_WORD_CHARS}
    subject, copula, predicate = found.group(1), found.group(2), found.group(3)
    said = set(re.findall(r"[a-z]+", predicate.casefold()))
    if not words & said or words & set(re.findall(r"[a-z]+", subject.casefold())):
        return None
    return subject, copula, predicate


_SPELLED = lazy_compile(r"^([A-Z][A-Za-z0-9]{1,7})\s*[:：]\s+([A-Z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*){1,7})$")


def _spelled_heading(term: str) -> tuple[str, str] | None:
    """(name, long form) of a heading ``RDS: Relational Database Service``: a short name, a colon
    and words whose capitals spell it. None for any other heading (``Tip: use caching``)."""
    found = _SPELLED.match(term)
    if found is None:
        return None
    name, expansion = found.group(1), found.group(2)
    initials = "".join(word[0] for word in re.split(r"[\s-]+", expansion) if word[:1].isupper())
    return (name, expansion) if initials.casefold() == name.casefold() else None


def _code_after(section: Section, answer: Paragraph) -> bool:
    """The block right after ``answer`` under its heading is code."""
    blocks = section.blocks
    return any(block is answer and isinstance(blocks[index + 1], CodeBlock) for index, block in enumerate(blocks[:-1]))


MIN_GERUND_CHARS = 6


def _how_to_question(term: str, text: str) -> str | None:
    """``Turning WAL mode off again: how is it done?`` for an English heading that opens with a verb's
    -ing form (``Turning WAL mode off again``, ``Using sqlite-utils``) when the text under it uses
    that verb (``If you want to turn WAL mode off…``): the heading names a task, so its question is
    how it is done. None for a heading of one word (``Monitoring``) or one whose verb the text does
    not use (``Streaming replication`` is a name)."""
    words = term.split()
    first = words[0].casefold() if words else ""
    if len(words) < MIN_RESTATED_WORDS or not term.isascii() or len(first) < MIN_GERUND_CHARS:
        return None
    if not first.endswith("ing") or not first.isalpha():
        return None
    stem = first[:-3]
    used = set(re.findall(r"[a-z]+", fold(text)))
    forms = (stem, stem + "e", stem[:-1] if stem[-1] == stem[-2] else "")
    if not any(form and form in used for form in forms):
        return None
    return f"{term}: how is it done?"


def _colon_lead(text: str) -> str:
    """A paragraph of one sentence ending in a colon, without the colon; '' otherwise."""
    flat = " ".join(text.split())
    if not flat.endswith((":", "：")) or re.search(r"[.!?。]\s", flat):
        return ""
    return flat[:-1].rstrip()


def _lead_in_statement(answer: Paragraph) -> str | None:
    """A lead-in that states a fact of its own once its closing colon is off (``…にはデータを
    常に分けておくことが必要です:``): its HTML without the colon. None for one that only announces
    its list (``…の特徴は以下の通り:``, ``Use the following:``) or is too short to say anything."""
    text = re.sub(r"\s*[:：]\s*$", "", answer.text.strip())
    if text == answer.text.strip() or len(text) < MIN_SENTENCE_CHARS:
        return None
    if not (sentence_like(text) if has_cjk(text) else len(text.split()) >= MIN_STATED_WORDS):
        return None
    if LIST_LEAD_IN.search(text) or ends_with_lead_in(text):
        return None
    stated = re.sub(r"\s*[:：]\s*$", "", answer.html.strip())
    return stated if stated != answer.html.strip() else None


_OVERVIEW_LABELS = frozenset({"特徴", "概要", "overview", "features", "about"})
"""Headings whose first paragraph may say what the heading above is (``## AWS Transfer Family`` /
``### 特徴`` / ``…を可能にするサービス。``), when that heading has no text of its own."""


def _defines_parent(answer: Paragraph | ListItem) -> bool:
    """A paragraph of one sentence that names what its subject is (``…を可能にするサービス。``,
    ``A service that …``): the definition of the heading above an overview label."""
    from .recital import _says_what_it_is  # recital imports this module's helpers

    text = " ".join(answer.text.split())
    if not isinstance(answer, Paragraph) or SENTENCE_THEN_MORE.search(text):
        return False
    return _says_what_it_is(text)


_METADATA_LABELS = frozenset(
    {
        "段階", "出典", "出題", "出題年度", "難易度", "重要度", "頻出度", "本文", "分野", "タグ", "正答率",
        "ステータス", "レベル", "difficulty", "level", "source", "status", "tags", "tag", "priority",
    }
)  # fmt: skip


def _metadata_list(block: ListBlock) -> bool:
    """A list of the note's own metadata under a heading (``- 段階: 基礎`` / ``- 出典: R7 午後Ⅰ 問1``):
    every item a known label (:data:`_METADATA_LABELS`) and a short value, no child bullets. The
    paragraph after it is what the heading's text says."""
    for item in block.items:
        split = split_definition(item.inlines)
        if item.children or split is None or fold(split[0].strip()) not in _METADATA_LABELS:
            return False
        if len(inline_text(split[1]).strip()) > MAX_METADATA_VALUE_CHARS:
            return False
    return bool(block.items)


MAX_METADATA_VALUE_CHARS = 40


def _only_links(block: Paragraph) -> bool:
    """A paragraph of links alone, one or more lines of them (``[一番分かりやすい OAuth の説明](…)`` under
    ``## OAuth認証``, ``[What is Bearer token?](…)`` / ``[…の違い](…)`` stacked): the titles of pages to
    read, not what the heading is nor a term and its explanation; they are explained as link-only."""
    parts = [part for part in block.inlines if part.kind != "br" and part.text.strip()]
    return bool(parts) and all(part.kind == "link" for part in parts)


_LEVEL_TITLE = lazy_compile(
    r"(?:(?:basic|beginner|intermediate|advanced|expert|entry)(?:\s+level)?|level\s*\d+|初級|中級|上級|基礎編|応用編)$"
)
"""A heading that names a level of the notes (``### Basic Level``, ``## 上級``), not a term."""
_SCOPE_REMARK = lazy_compile(
    r"(?:(?:usually|often|generally|mostly|typically|normally)\s+)?not\s+(?:handled|needed|required|covered|"
    r"used|asked|tested|part)\b",
    re.IGNORECASE,
)
"""A paragraph that opens on what its section is not (``Usually not handled by Tier 1 but …``)."""


def _titled_list(term: str, answer: Paragraph | ListItem) -> str | None:
    """The title line over a list that opens with the heading and names a part of it
    (``セキュリティの主要な柱`` under ``# セキュリティ``, ``Benefits of caching`` under ``## Caching``):
    the list's own subject, which the card asks instead of the bare heading."""
    if not isinstance(answer, Paragraph):
        return None
    line = " ".join(answer.text.split()).rstrip(":：")
    if "\n" in answer.text.strip() or not line or len(line) > MAX_TERM_CHARS or re.search(r"[。.！？!?、,]", line):
        return None
    folded, owner = fold(line), fold(term)
    if folded.startswith(owner + "の") and len(folded) > len(owner) + 2 and not _CLAUSE_PARTICLE.search(line):
        return line
    if folded.endswith(" of " + owner) and len(folded.split()) <= MAX_TITLED_LIST_WORDS:
        return line
    return None


_CLAUSE_PARTICLE = lazy_compile(r"[はがをで]|以下|次の")
"""A title line that goes on as a clause (``…の主な材料は以下の通り``): a lead-in, not a name."""
MAX_TITLED_LIST_WORDS = 6
"""The longest English title line over a list (``Main pillars of security``) read as the list's name."""


MAX_LABEL_WORDS = 3
"""The longest label read as one property's name in a ``Label: value`` line (``Service``, ``Port range``)."""


def _labels_a_value(term: str, answer: Paragraph | ListItem, label: str) -> bool:
    """One ``Label: value`` line alone under a heading (``Service: Spiceworks`` under ``# Ticketing
    Systems``), whose label is neither the heading itself (``RDS: Relational Database Service`` under
    ``## RDS``) nor a word that says "what it is" (``定義:``, ``Definition:``, ``概要:``): the line
    gives one property of the heading, not its definition."""
    if not isinstance(answer, Paragraph) or "\n" in answer.text.strip():
        return False
    name = clean_term(label)
    if not looks_like_term(name) or sentence_like(name) or len(name.split()) > MAX_LABEL_WORDS:
        return False  # ``A transaction is **isolated**: …``, ``…the commands are as follows:``: a sentence
    folded = fold(name)
    if not folded or folded == fold(term) or folded in {fold(word) for word in SUMMARY_LABELS}:
        return False
    return folded not in _OVERVIEW_LABELS and fold(term) not in folded


def _answer_block(section: Section, context: ExtractContext) -> tuple[Paragraph | ListItem | None, str, str]:
    """The first paragraph under a heading (or a single bullet that is a sentence), any images
    before it, and the list it introduces when it is a lead-in (``大きく分けて3つの機能``,
    ``…the following:``, ``次のような特徴がある。``)."""
    images: list[str] = []
    after_links = False  # a paragraph of links to other pages came first
    for index, block in enumerate(section.blocks):
        image = _image_only(block)
        if image:
            images.append(image)
            continue
        if isinstance(block, Paragraph) and index + 1 < len(section.blocks) and _only_links(block):
            # ``## Bearer認証`` / ``[トークン認証 API を実装するとき…調べた](…)`` / ``[…](…)`` over the text: the
            # titles of pages to read, explained as link-only; the paragraph after them answers when it names
            # the heading (a link to the heading's own page, ``[AWS DataSync](…)``, says it is about the heading).
            # A link alone under a heading stays its answer when it reads as one (not titled like a page).
            if fold(block.text) != fold(clean_term(section.title)):
                after_links = True
            continue
        if isinstance(block, ListBlock) and index + 1 < len(section.blocks) and _metadata_list(block):
            continue  # ``- 出典: R7 午後Ⅰ 問1`` / ``- 難易度: 基礎`` over the answer: facts about the note, not it
        if isinstance(block, Paragraph) and metadata_lines(split_lines(block.inlines)):
            continue  # ``Date: …`` / ``Tags: …`` under the heading: the note's fields; what follows answers
        if isinstance(block, Paragraph):
            if after_links and fold(clean_term(section.title)) not in fold(block.text):
                # ``### GitHub Desktop`` / ``[desktop.github.com](…)`` / ``LinuxまたはPOSIXシステムのためのGit…``:
                # past the links, a paragraph that does not name the heading may be about something else
                return None, "", ""
            lead_in = ""
            following = section.blocks[index + 1] if index + 1 < len(section.blocks) else None
            introduced = lead_in_block(section.blocks, index, context)
            if (
                isinstance(following, ListBlock)
                and len(block.text) < MAX_PUNCTUATED_TERM_CHARS
                and not block.text.endswith("。")
            ):
                if all(context.claimed(item) for item in following.items):
                    return None, "", _CARDED  # ``大きく分けて3つの機能`` over items that are cards already
                lead_in = block_html(following)
            elif introduced is not None and (ends_with_lead_in(block.text) or _breaks_off(block.text)):
                lead_in = block_html(introduced)
                context.claim(introduced, *introduced.items)
            elif _leads_to_code(block, following):
                # ``…the way to do that is:`` then a short code block: the code is the answer's end
                assert isinstance(following, CodeBlock)
                lead_in = "<br>" + "<br>".join(
                    f"<code>{html.escape(line.strip(), quote=False)}</code>"
                    for line in following.text.splitlines()
                    if line.strip()
                )
                context.claim(following)
            return block, "".join(images), lead_in
        if isinstance(block, Quote) and block.children and isinstance(block.children[0], Paragraph):
            # ``### List`` then ``> An ordered, mutable sequence``: a definition set off as a quote,
            # when it reads as one (names the heading, or is a noun phrase), not a quoted remark
            quoted = _quote_summary(block.children[0])
            named = section.level >= 2 or (section.level == 1 and _page_summary(section.title, block, quoted))
            if named and _defines_heading(section.title, quoted.text):
                return quoted, "".join(images), ""
            return None, "", ""
        if isinstance(block, ListBlock) and len(block.items) == 1 and block.items[0].children:
            # ``### Access-Control-Max-Age`` over only ``- プリフライトの結果をキャッシュする上限時間(秒)``
            # and its sub-bullets (then a sample of the header): the one bullet says what the heading is,
            # its children add to it
            item = block.items[0]
            rest = section.blocks[index + 1 :]
            children = [sub for child in item.children if isinstance(child, ListBlock) for sub in child.items]
            if (
                all(isinstance(child, ListBlock) for child in item.children)
                and all(isinstance(after, CodeBlock) or _image_only(after) for after in rest)
                and has_cjk(item.text)
                and _explains(item.text)
                and (sentence_like(item.text) or _LINKED_NOUN_PHRASE.fullmatch(item.text.strip()) is not None)
                and not (LIST_LEAD_IN.search(item.text) or COUNTED_LEAD_IN.search(item.text))
                and any(sentence_like(sub.text) for sub in children)  # notes on it, not the names of a set
                and len(children) <= MAX_ASIDE_CHILDREN
                # notes on the bullet, not terms of their own (``- 送信先: …``, ``シャードは…です。``)
                and not any(split_definition(sub.inlines) or _OWN_TOPIC.match(sub.text) for sub in children)
            ):
                return item, "".join(images), ""
            return None, "", ""
        if isinstance(block, ListBlock) and len(block.items) == 1 and not block.items[0].children:
            item = block.items[0]
            if sentence_like(item.text) or len(item.text) >= MAX_PUNCTUATED_TERM_CHARS:
                return item, "".join(images), ""
            rest = section.blocks[index + 1 :]
            last = index == len(section.blocks) - 1 or all(isinstance(after, CodeBlock) for after in rest)
            if last and _explains(item.text) and _MODIFIED_NOUN.search(item.text):
                # ``### プログラム`` over only ``- 機械語の命令が書かれた実行形式のファイル``: the one
                # line under the heading is a noun phrase with a clause that says what it is
                return item, "".join(images), ""
            if last and _explains(item.text) and _LINKED_NOUN_PHRASE.fullmatch(item.text):
                # ``### サービスデスク`` over only ``- 利用者からの問い合わせの一次窓口``, ``### ページフォールト`` over
                # ``- 参照したページが主記憶上にないこと``: a noun phrase of words joined by particles, what the
                # heading is or does (a bare name or a word alone stays no card)
                return item, "".join(images), ""
        return None, "", ""
    return None, "", ""


_LINKED_NOUN_PHRASE = lazy_compile(
    r"(?=.*[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9](?:から|まで|より|の|が|を|に|で|へ|や|と)+[\u30a0-\u30ff\u3400-\u9fffA-Za-z])"
    r"[^。．！？!?:：]*(?:[\u30a0-\u30ff\u3400-\u9fff]|こと|もの)"
)
"""A Japanese noun phrase of words joined by particles that ends on a noun (``利用者からの問い合わせの一次窓口``,
``参照したページが主記憶上にないこと``): no sentence, no label, no bare name."""
_MODIFIED_NOUN = lazy_compile(
    r"[がをにで][^、。]*?(?:[たるい]|れた|れる|ない)[\u30a0-\u30ff\u3400-\u9fff]|^(?:a|an|the)\s+\w+.*\b(?:that|which|of|for|used|where)\b",
    re.IGNORECASE,
)
"""A noun phrase whose clause says what it is: ``命令が書かれた…ファイル``, ``a file of machine instructions``."""


def _page_summary(title: str, quote: Quote, quoted: Paragraph) -> bool:
    """A plain quote under a page title that is a short name (``# dig`` / ``> DNS lookup utility.``):
    the page's summary, as command references write it. Not a callout (a note set off in a box),
    not a ``Label: value`` line (``> 参照: …``), not a sentence about another subject (``> A block
    device is …`` under ``# Storage notes``); a longer title (``# KNOW YOUR HTTP methods WELL``)
    is no term a quote defines."""
    if quote.callout or len(clean_term(title).split()) > 2 or split_definition(quoted.inlines) is not None:
        return False
    return _OTHER_SUBJECT.match(fold(quoted.text)) is None


_OTHER_SUBJECT = lazy_compile(r"(?:a|an|the)\s+\S+(?:\s+\S+){0,3}?\s+(?:is|are|was|were)\b")


def _leads_to_code(paragraph: Paragraph, following: Block | None) -> bool:
    """A sentence ending in a colon right above a short code block (one to
    :data:`MAX_LEAD_IN_CODE_LINES` lines: a command, a setting): the code is what the sentence
    leads to, so a card with the sentence alone would end on ``…is:`` with its answer lost. The
    command goes on the back as inline code, as a ``- Task:`` bullet's command line does; a longer
    listing is an example, never the answer."""
    if not isinstance(following, CodeBlock) or not paragraph.text.rstrip().endswith((":", "：")):
        return False
    lines = [line for line in following.text.splitlines() if line.strip()]
    return 0 < len(lines) <= MAX_LEAD_IN_CODE_LINES


def _quote_summary(quoted: Paragraph) -> Paragraph:
    """A quote's summary lines without the ``Label: value`` lines under them (``> A DNS lookup
    utility.`` / ``> See also: host.`` / ``> More information: <url>.``, a command reference's
    header): those label lines are read on their own, the summary is the heading's answer."""
    lines = split_lines(quoted.inlines)
    first = next((index for index, line in enumerate(lines) if index and split_definition(line)), 0)
    if not first or not all(split_definition(line) for line in lines[first:] if inline_text(line)):
        return quoted
    head = tuple(part for line in lines[:first] for part in (*line, Inline("br", "<br>", "\n")))[:-1]
    return Paragraph(quoted.span.at(quoted.span.line, quoted.span.line + first - 1), head)


def _image_after(section: Section, answer: Paragraph | ListItem) -> Block | None:
    """The image standing alone right after the answer paragraph, if any."""
    blocks = section.blocks
    for index, block in enumerate(blocks[:-1]):
        if block is answer:
            following = blocks[index + 1]
            return following if _image_only(following) else None
    return None


def _lead_in_end(section: Section, answer: Paragraph | ListItem) -> int:
    """The last line of the list that follows the lead-in paragraph ``answer``."""
    blocks = section.blocks
    for index, block in enumerate(blocks[:-1]):
        if block is answer:
            return blocks[index + 1].span.end_line
    return answer.span.end_line


def _without_asked_lead_in(section: Section, answer: Paragraph | ListItem, context: ExtractContext) -> str:
    """The answer's HTML, without a closing lead-in sentence (``…以下のことに効果的です:``) whose
    list another card asks (extract/lead_in_lists.py): on this back it would announce nothing."""
    blocks = section.blocks
    for index, block in enumerate(blocks[:-1]):
        if block is answer and isinstance(blocks[index + 1], ListBlock) and context.claimed(blocks[index + 1]):
            return strip_lead_in(answer.html)
    return answer.html


def _subject_lines(answer: object) -> bool:
    """A paragraph of two lines or more, each opening on its own subject in `code`
    (```/etc/passwd` contains …`` / ```/etc/shadow` contains …``): facts listed under a title."""
    if not isinstance(answer, Paragraph):
        return False
    lines = [line for line in split_lines(answer.inlines) if inline_text(line)]
    subjects = [_code_opening(line) for line in lines]
    return len(lines) >= 2 and all(subjects) and len(set(subjects)) == len(subjects)


def _code_opening(line: Inlines) -> str:
    first = next((inline for inline in line if inline.kind != "text" or inline.text.strip()), None)
    if first is None or not (first.kind == "code" or first.html.startswith(("<strong><code>", "<b><code>"))):
        return ""
    return first.text.strip()


def _instruction_about(term: str, text: str) -> bool:
    """Whether ``text`` opens with an instruction (a bare verb: Check, Use, Run) whose first sentence
    names ``term`` itself (``Check if a file has ACLs using …`` under ``ACLs``)."""
    stripped = text.strip()
    if not _IMPERATIVE.match(stripped) or _USAGE_RULE.match(stripped):
        return False
    first = fold(re.split(r"(?<=[.!?])\s", stripped, maxsplit=1)[0])
    name = fold(term)
    found = find_word(first[1:], name, is_word_or_hyphen) if len(name) >= 2 else -1
    # ``Change the default mode of new files using umask`` under ``umask``: the term is the means,
    # and the task is what it is for (a definition)
    return found >= 0 and MEANS_BEFORE.search(first[: found + 1]) is None


_USAGE_RULE = lazy_compile(
    r"(?:must|should|shall|needs? to|ha(?:ve|s) to|cannot|can't|can not|don't|do not|never|always)\s",
    re.IGNORECASE,
)
"""An English text that opens with a modal and no subject: a rule for using what the heading names."""
_OBJECTIVE_TITLE = lazy_compile(
    r"^(?:create|configure|manage|install|operate|deploy|troubleshoot|perform|implement|identify|describe|"
    r"explain|evaluate|determine|recognize|interpret|diagnose|maintain|restore|modify|adjust|locate|"
    r"set\s+up|back\s+up|work\s+with|(?:start|stop|enable|disable)(?=,|\s+(?:and|or)\s))"
    r"(?:,|\s+(?:and|or)\s+\w+)*\s+\w"
)
"""A heading that names a task or an exam objective (``Create and Edit Text Files``, ``Operate running
systems``, ``Start, Stop and Check …``): an imperative, not a term its first paragraph defines."""


def _task_title(term: str) -> bool:
    """Whether the heading ``term`` is an imperative task of three words or more (not in capitals,
    which is a statement such as ``CREATE TABLE``)."""
    return len(term.split()) >= 3 and not term.isupper() and bool(_OBJECTIVE_TITLE.match(fold(term)))


_IMPERATIVE = lazy_compile(
    r"(?:use|avoid|make sure|ensure|specify|enforce|set|enable|disable|add|remove|run|call|check)\s",
    re.IGNORECASE,
)
"""An item that opens with a bare verb: an instruction, not what the label above it is."""


def _label_sub_block(section: Section, answer: Paragraph | ListItem) -> ListBlock | None:
    """The list under the heading's first paragraph when that paragraph is only a short name
    (``Bucket Policy``, ``GET intensive workload``): a sub-heading written as a plain line, heading
    the list under it. The section heading titles the section; it is no term this block defines. Not
    a Japanese lead-in (``大きく分けて3つの機能``: kana), not a sentence, not a ``Label:`` line."""
    if not isinstance(answer, Paragraph) or "\n" in answer.text.strip():
        return None
    label = answer.text.strip()
    if (
        len(label) > MAX_BARE_TERM_CHARS
        or sentence_like(label)
        or re.search("[\u3040-\u309f、,。.:：;]", label)
        or not looks_like_term(clean_term(label))
        or is_group_heading(label)
        or is_topic_title(clean_term(label))
    ):
        return None
    return _list_after(section, answer)


def _label_sub_block_card(
    context: ExtractContext, section: Section, answer: Paragraph, listed: ListBlock, heading: str
) -> None:
    """The label's card: the label as the term (the heading in Context) and its list items, those no
    other card asks, as the answer. Items that are instructions (``use the generator``) are no answer
    to what the label is: no card then, and an explain line."""
    label = clean_term(answer.text.strip())
    free = [item for item in listed.items if not context.claimed(item)]
    span = answer.span.at(answer.span.line, max(listed.span.end_line, answer.span.line))
    context.skip(
        section.span.at(section.span.line),
        heading,
        f"'{heading}' titles a section whose text opens with the sub-heading '{label}' over its own list; "
        "the heading is no term that text defines, so no card for it",
        code="step-or-topic-title",
    )
    context.claim(answer)
    if _SHOUTED_RULE.match(label):
        context.skip(
            answer.span,
            label,
            f"'{label}' is a rule in capitals (NO … ALLOWED) over the notes, not a name the list under it "
            "explains; each item is read on its own line; no card for it",
            code="not-what-it-is",
        )
        context.claim(listed)  # no card of the list as a whole; its items stay free
        return
    if not free or any(_IMPERATIVE.match(item.text.strip()) or _USAGE_RULE.match(item.text.strip()) for item in free):
        # the label line only: each item the list holds is a card of its own, or read by the
        # extractors after this one, or explained on its own line (one line speaking for a whole
        # list hid its facts: a hub's collision domains, a stack limit)
        context.skip(
            answer.span,
            label,
            f"the list under '{label}' holds instructions (use…, must…) or only points other cards ask, not "
            f"what '{label}' is; no card: write `- **{label}**: what it is` for one",
            code="not-what-it-is",
        )
        context.claim(listed)  # no card of the list as a whole; its items stay free
        return
    if len(free) == 1:
        answer_html = free[0].html + children_html(free[0])
    else:
        answer_html = "<ul>" + "".join(f"<li>{item.html}{children_html(item)}</li>" for item in free) + "</ul>"
    _emit_definition(context, section, span, label, answer_html, context_path=section.path, source=answer)
    context.claim(listed, *free)


@register("heading-definitions", order=50)
def extract_heading_definitions(document: Document, context: ExtractContext) -> None:
    """A heading followed by its paragraph defines the heading; ``## 定義`` defines its parent."""
    sections = list(study_sections(document))
    outline_titles = recurring_headings(sections)
    keyword_headings = context.memo.get("keyword-headings", frozenset())
    assert isinstance(keyword_headings, frozenset)
    for index, section in enumerate(sections):
        if not section.level or not section.blocks or id(section) in keyword_headings:
            continue
        answer, image, lead_in = _answer_block(section, context)
        if answer is None and lead_in is _CARDED:
            context.skip(
                section.span,
                section.title,
                "the heading's text only introduces a list whose items are cards of their own; no card for the heading",
                code="repeats-children",
            )
            continue
        if answer is None or context.claimed_for_cloze(answer):
            continue
        if isinstance(answer, Paragraph) and _STEP_PARAGRAPH.match(answer.text) and len(section.blocks) > 1:
            # ``### SSL/TLS の流れ`` over ``1\. TCP で接続する`` / ``2\. …`` as paragraphs: the first step
            # of a procedure, not what the heading is; the steps are explained as they read
            context.skip(
                section.span.at(section.span.line),
                clean_term(section.title),
                "the text under the heading opens with a step number (1. …): it is the first step of a "
                "procedure written as paragraphs, not what the heading is; no definition card",
                code="procedure-step",
            )
            continue
        if (
            isinstance(answer, Paragraph)
            and not lead_in
            and answer.text.rstrip().endswith(("、", "，"))
            and not re.search("[。．]", answer.text)
        ):
            # ``## 権限の委譲`` over only ``…指定できると、`` (the lines after it apart): a sentence cut off
            # at its comma, with no whole sentence before it; its lines are read on their own
            continue
        term_section: Section = section
        overview = False
        if is_group_heading(section.title):
            overview = fold(clean_term(section.title)) in _OVERVIEW_LABELS and _defines_parent(answer)
            if fold(clean_term(section.title)) not in ("定義", "definition", "what it is") and not overview:
                continue
            parent = sections[index - 1] if index else None
            if parent is None or parent.level >= section.level or any(not _image_only(b) for b in parent.blocks):
                context.skip(
                    section.span.at(section.span.line),
                    section.title,
                    "a 定義/Definition heading defines the heading right above it, which is missing here; "
                    "put it directly under the term's heading",
                    code="definition-heading-without-term",
                )
                if isinstance(answer, Paragraph) and not _OWN_SUBJECT.search(answer.text):
                    # the text under it names no subject of its own (``Windows で使うファイル共有の
                    # プロトコル``): a cloze made from it would ask about nothing the card names
                    context.claim(answer)
                    context.skip(
                        answer.span,
                        answer.text,
                        "the text under a 定義/Definition heading with no term heading above it names no "
                        "subject, so no card can say what it defines; put it directly under the term's heading",
                        code="definition-heading-without-term",
                    )
                continue
            term_section = parent
        numbered = _SECTION_NUMBER.match(term_section.title)
        unnamed = isinstance(answer, Paragraph) and _defines_unnamed(answer.text)
        # ``## 2. ADC（…）`` over ``Python の SDK が使う認証方式です。``: a numbered item of a list of
        # terms, its number no part of the term
        step = _NUMBERED_STEP.match(term_section.title) if unnamed and not numbered else None
        if step is None and not numbered and isinstance(answer, Paragraph):
            # ``#### 1. GlobalSecondaryIndex`` / ``#### 2. WriteCapacityUnits（書き込み…）`` over its
            # statements: a numbered list of names (one identifier in CamelCase), not a procedure's step
            item_number = _NUMBERED_STEP.match(term_section.title)
            if item_number is not None and _IDENTIFIER_TITLE.match(term_section.title[item_number.end() :]):
                step = item_number
        number = numbered or step
        shown_title = term_section.title[number.end() :] if number is not None else term_section.title
        term = clean_term(shown_title)
        about = _about_name(term) if isinstance(answer, Paragraph) else ""
        if about:
            term = about  # ``## Cookieについて`` over what a cookie is: the heading names Cookie
        defined = unnamed or _names_own_subject(term, answer.text) or _phrase_definition(answer.text)
        if numbered and not defined:
            context.skip(
                section.span.at(section.span.line),
                term,
                "a numbered section title (a spec's or a book's section), and its text does not open by naming "
                f"'{term}' as its subject: no definition card",
                code="step-or-topic-title",
            )
            continue
        if (
            (_NUMBERED_STEP.match(term_section.title) and not numbered and not (step and looks_like_term(term)))
            or is_topic_title(term)
            or _LEVEL_TITLE.match(fold(term))
        ):
            context.skip(
                section.span.at(section.span.line),
                term,
                "a numbered step or a topic title, not a term; no definition card",
                code="step-or-topic-title",
            )
            continue
        if term_section is section and fold(term) in outline_titles and not is_label(term):
            # ``### Gotchas`` under every queue: a section of the author's outline, its text about the
            # heading above it; asked of that heading when it names a term, else explained (label_gate)
            verdict = judge_label(term, section.path[-2])
            if not verdict.front:
                context.skip(section.span.at(section.span.line), term, verdict.message, code=verdict.code)
                continue
            term = verdict.front
        if (
            term_section is section
            and not unnamed
            and _task_title(term)
            and not (isinstance(answer, Paragraph) and _named_in_predicate(term, answer.text))
        ):
            # ``### Create and Edit Text Files`` over ``Nano needs installing``: an objective of a
            # syllabus, not a name its text says what it is; the text is read on its own lines (a
            # sentence that ends on what the heading names is asked as a cloze further on)
            context.skip(
                section.span.at(section.span.line),
                term,
                f"'{term}' names a task or an objective (an imperative), not a term its first paragraph defines; "
                "no definition card, the text is read on its own",
                code="step-or-topic-title",
            )
            continue
        if not looks_like_term(term) or is_group_heading(term):
            continue
        if NOTES_HEADING.match(fold(term)):
            continue  # ``Further notes`` over loose remarks: each is read on its own line
        later = (
            _defined_later(context, section, answer, term)
            if term_section is section and not lead_in and isinstance(answer, Paragraph)
            else None
        )
        if later is not None:
            # ``### Referrer-Policy header`` / ``If your website links to …, it is a referrer.`` then
            # ``The Referrer-Policy header allows …``: the first paragraph sets the scene (it never names
            # the heading), the later one says what the heading is; the card asks that one, and the
            # first is read on its own line
            answer, image = later, ""
        text = answer.text
        if term_section is section and _subject_lines(answer):
            # ``## Users`` over ```/etc/passwd` contains …`` / ```/etc/shadow` contains …``: lines each
            # about its own subject, which the heading only titles; each line is read on its own
            context.skip(
                section.span.at(section.span.line),
                term,
                f"a topic title: the lines under '{term}' each open on a subject of their own (in `code`), and "
                "the heading only titles them, it is not a term they say what it is; each line is read on its own",
                code="step-or-topic-title",
            )
            continue
        if term_section is section and _instruction_about(term, text):
            # ``## ACLs`` / ``Check if a file has ACLs using `ls -l` …``: an instruction that does
            # something with the heading's thing, not what it is (a tagline such as ``Run and scale big
            # data workloads`` names no term: it says what the thing does); the text is read on its own
            context.skip(
                section.span.at(section.span.line),
                term,
                f"the text under '{term}' opens with an instruction (Check…, Use…, Run…), not what '{term}' is: "
                f"a card of the heading would not say what it asks; write `- **{term}**: what it is` to get one",
                code="not-what-it-is",
            )
            continue
        titled_subject = (
            _subject_of_title(term, text) if term_section is section and not lead_in and later is None else None
        )
        if titled_subject is not None:
            # ``# Securing the SPA Using HTTP Headers`` / ``An HTTP header is used to pass …``: the heading
            # titles the page, the paragraph says what a term the title names is; the card asks that term
            # (the title stays its Context), not the title, which the paragraph never answers
            term = titled_subject
        if term_section is section and _USAGE_RULE.match(text.strip()):
            # ``## CORS`` / ``- must use the endpoint url for a static website``: a rule for using the
            # heading's thing, its subject left out, not what the thing is; a card of the heading would
            # ask a question its front does not pose
            context.skip(
                answer.span,
                term,
                f"the text under '{term}' is a rule for using it (must…, should…, never…), not what it is: "
                f"a card of the heading would not say what it asks; write `- **{term}**: what it is` or bold "
                "the rule's key phrase for a cloze",
                code="not-what-it-is",
            )
            context.claim(answer)
            continue
        sub_block = _label_sub_block(section, answer) if term_section is section and lead_in else None
        if sub_block is not None and isinstance(answer, Paragraph):
            _label_sub_block_card(context, section, answer, sub_block, term)
            continue
        labels = _bold_sub_headings(sections, index) if term_section is section and _bold_label(answer) else []
        if len(labels) >= 2:
            # ``### Creating a Pod`` over ``**Method 1: Command**`` / code / ``**Method 2: Manifest**`` / …:
            # the heading titles parts that each have a bold sub-heading; the first sub-heading is no
            # answer to the heading (``Creating a Pod → Method 1: Command``); each part is read on its own
            shown = ", ".join(f"'{clean_term(label)}'" for label in labels[:3])
            context.skip(
                section.span.at(section.span.line),
                term,
                f"'{term}' titles a section split under bold sub-headings ({shown}); the first of them is no "
                "answer to the heading, so no card for it; each part is read on its own",
                code="step-or-topic-title",
            )
            continue
        if term_section is section and _subject_is_list_below(section, answer):
            shown = inline_html(answer.inlines).strip()
            pointer = _JA_LIST_POINTER.match(shown)
            if pointer is None:
                context.skip(
                    answer.span,
                    term,
                    f"the text under '{term}' is about the list below it (The following …), which is read "
                    "item by item on its own lines; the heading is no term that text defines, so no card for it",
                    code="lead-in-only",
                )
                context.claim(answer)
                continue
            # ``### 統一的接尾辞`` / ``以下の接尾辞は一般的意味を持ち…``: the sentence says what the
            # heading's things do; its pointer to the list (以下の) is left off, so the back asks it alone
            _emit_definition(
                context,
                section,
                section.span.at(section.span.line, max(answer.span.end_line, section.span.line)),
                term,
                shown[pointer.end() :],
                source=answer,
            )
            context.claim(answer, cloze_ok=True)
            continue
        if _points_elsewhere(answer):
            context.skip(
                answer.span, term, "the text under the heading only points to a reference; no card", code="link-only"
            )
            context.claim(answer)
            continue
        if navigation_link(answer.inlines):
            context.skip(
                answer.span,
                term,
                "the text under the heading is a link back through the notes ([Back](README.md) to the "
                "index), the way to another page, not what it is; no card",
                code="link-only",
            )
            continue
        if breadcrumb_link(answer.inlines, answer.text):
            context.skip(
                answer.span,
                term,
                "the text under the heading is a breadcrumb to a page (site > section > page), where to read "
                "about it, not what it is; no card",
                code="link-only",
            )
            continue
        if term_section is section and _titles_a_section(section.title, text):
            context.skip(
                section.span.at(section.span.line),
                term,
                "a section title (two terms joined, or an action), not a term its text defines; no definition card",
                code="step-or-topic-title",
            )
            continue
        if term_section is section and _restates_heading(term, text):
            last = _lead_in_end(section, answer) if lead_in else answer.span.end_line
            context.skip(
                section.span.at(section.span.line, max(last, section.span.line)),
                term,
                f"the text under '{term}' opens by repeating the heading and goes on from it (an action or a "
                "topic the sentence is about, not a term it says what it is): a card would show its answer on "
                "the front; write the point as a statement with its key phrase bolded for a cloze",
                code="not-a-term",
            )
            context.claim(answer)
            continue
        if term_section is section and not lead_in and _section_lead_in(section, answer):
            context.skip(
                answer.span,
                term,
                f"the heading names an aspect ('{term}') and its first paragraph only leads in to the rest of "
                "the section, it does not say what the aspect is; no card for the heading",
                code="lead-in-only",
            )
            context.claim(answer)  # nor a cloze of it: the lead-in asks nothing, whatever shape it takes
            continue
        if term_section is section and _introduces_section(section, answer):
            context.skip(
                answer.span,
                term,
                f"the text under '{term}' speaks of the notes themselves or only announces the list after it "
                "(several options, いくつかの方法): it does not say what the heading is; no card for the heading",
                code="lead-in-only",
            )
            context.claim(answer)
            continue
        if term_section is section and _narrates(term, text):
            # ``## 結局どうしたの？`` / ``…するように変更した。``: a stage of the writer's story, not a term
            # the text says what it is; each sentence is read on its own (a prose gap for one that
            # states a general fact, else its explain line)
            context.skip(
                section.span.at(section.span.line),
                term,
                f"the heading '{term}' is a remark or a stage of a story (an exclamation, a question, その後, "
                "現象) and the text under it narrates what the writer did (first person, past tense): no "
                "definition card; write a fact as `- **Term**: explanation` to get a card",
                code="heading-is-remark",
            )
            continue
        split = split_definition(answer.inlines)
        if split is not None and is_non_study_term(split[0]):
            context.claim(answer)
            continue
        if (
            split is not None
            and term_section is section
            and not lead_in
            and not context.claimed(answer)
            and _labels_a_value(term, answer, split[0])
        ):
            # ``# Ticketing Systems`` / ``Service: Spiceworks``: the line says one property of the
            # heading (its label and value), not what the heading is; a card of the heading would show
            # the label on its back and ask a definition the back never gives. The label is asked of
            # the heading (``Ticketing Systems › Service``), or, when it names no aspect, nothing is
            label = clean_term(split[0])
            body = inline_html(split[1]).strip()
            asked = _labelled_by_heading(context, section, answer.span, label) if body else None
            if asked is not None:
                _emit_definition(
                    context,
                    section,
                    section.span.at(section.span.line, max(answer.span.end_line, section.span.line)),
                    asked,
                    body,
                    context_path=section.path[:-1],
                    source=answer,
                )
            elif not body:
                context.skip(
                    answer.span,
                    term,
                    f"the line under '{term}' is a label ('{label}') with no value after it, not what the "
                    "heading is; no definition card for the heading",
                    code="label-as-term",
                )
            context.claim(answer, cloze_ok=asked is None)
            continue
        if is_diagram(text):
            context.skip(answer.span, term, "the text under the heading looks like a diagram; no card", code="diagram")
            context.claim(answer)
            continue
        if not meaningful_body(text) and not (
            # a value alone under a heading that has a parent to name its subject (``### 空間計算量``
            # then ``O(n)`` under ``## リンクリスト``): the value is the answer
            VALUE_ANSWER.match(text.strip()) and term_section is section and len(section.path) > 1
        ):
            context.skip(
                answer.span, term, "the paragraph under the heading is too short for an answer", code="empty-answer"
            )
            continue
        if (
            term_section is section
            and not lead_in
            and isinstance(answer, Paragraph)
            and text.rstrip().endswith(("、", "，", ","))
            and _list_after(section, answer) is not None
            and fold(term) not in fold(text)
        ):
            # ``# 権限管理`` / ``AWS責任共有モデルによる責務分担。ユーザー側の責任範囲は、`` over a list: the
            # paragraph runs on into the list, so what is left of it once the cut clause is dropped is
            # a remark about the list's subject, not what the heading is (one that names the heading,
            # ``グローバルアドレスは、…IPアドレスです。前述の通りのことですが、``, still says what it is)
            context.skip(
                answer.span,
                term,
                f"the text under '{term}' runs on into the list below it (it ends on '、' or ',') and never "
                "names the heading: it introduces that list rather than saying what the heading is; no card",
                code="lead-in-only",
            )
            context.claim(answer)
            continue
        if term_section is section and _SCOPE_REMARK.match(text.strip()):
            context.skip(
                answer.span,
                term,
                f"the text under '{term}' says what the section is not or who does not need it (a remark on "
                "its scope), not what the heading is; no definition card",
                code="not-a-term",
            )
            continue
        if opens_with_connective(text):
            context.skip(
                answer.span,
                term,
                "the text under the heading opens with a connective (その一方で, しかし, So): it goes on from "
                "what came before and does not say what the heading is; no definition card",
                code="not-a-term",
            )
            continue
        if not lead_in and points_below(text):
            context.skip(
                answer.span,
                term,
                "the text under the heading only points at what follows (以下のような…), which is no list "
                "a card could ask; no card",
                code="empty-answer",
            )
            continue
        if context.claimed(answer):
            continue
        if lead_in and isinstance(answer, Paragraph) and term_section is section:
            listed = _list_after(section, answer)
            lead = _colon_lead(answer.text)
            if listed is not None and lead and own_subject(term, lead):
                # ``## Account Security Monitoring`` / ``Account security logging can be done through:``
                # over points too long for a gap each (lead-in-lists asks a list of short ones): the
                # heading titles the section and the sentence says whose list it is, so a card of the
                # title would ask nothing its front names, and the points on one back are a list to recite
                context.skip(
                    section.span.at(section.span.line, max(listed.span.end_line, section.span.line)),
                    term,
                    f"'{term}' titles a section, it is not a term the text under it defines: the sentence "
                    f"'{lead}' leads in to {len(listed.items)} points too long to ask as one card; write each "
                    "as `- **Term**: explanation` or bold its key phrase",
                    code="list-to-recite",
                )
                context.claim(answer)
                context.release(*(item for item in listed.items if not any(p.kind == "strong" for p in item.inlines)))
                continue
        if lead_in and isinstance(answer, Paragraph):
            listed = _list_after(section, answer)
            if listed is not None and _points_to_recite(answer, listed):
                # ``## 防止方法`` / ``…が必要です:`` over four long points: a back holding them all is a
                # paragraph to recite, and one cut after its first point answers part of the heading
                # while the rest is lost; the list is an explain line, and the lead-in, when it states
                # a fact of its own, is the heading's answer
                context.skip(
                    listed.span,
                    term,
                    f"the {len(listed.items)} points under '{term}' are sentences too long to recite on one "
                    "card, and a card cut after the first would leave the rest unasked; write each as "
                    "`- **Term**: explanation` or bold its key phrase",
                    code="list-to-recite",
                )
                # each point stays free for a cloze of its own sentence (an advice bullet's method:
                # ``…サーバーサイドの入力検証を用いる``, extract/object_clozes.py), the rest keeps the line above
                # (not one with a **bold** label such as ``**注意:**``: it is no key phrase to hide)
                context.release(
                    *(item for item in listed.items if not any(part.kind == "strong" for part in item.inlines))
                )
                stated = _lead_in_statement(answer)
                if stated is None:
                    context.claim(answer)
                    continue
                answer_html, lead_in = stated, ""
                span = term_section.span.at(term_section.span.line, max(answer.span.end_line, term_section.span.line))
                _emit_definition(
                    context,
                    term_section,
                    span,
                    term,
                    answer_html,
                    image=image,
                    source=term_section if overview else answer,
                )
                context.claim(answer, cloze_ok=True)
                continue
        titled = _titled_list(term, answer) if term_section is section and lead_in else None
        if titled is not None:
            # ``# セキュリティ`` / ``セキュリティの主要な柱`` over a list: the line is the list's title and
            # names what the list is (the heading's pillars), so it is the front; the heading alone
            # would ask for a definition that the back, a list under a label, never gives
            last = _lead_in_end(section, answer)
            _emit_definition(
                context,
                section,
                section.span.at(section.span.line, max(last, section.span.line)),
                titled,
                lead_in.removeprefix("<br>"),
                image=image,
                context_path=section.path[:-1],
                source=answer,
            )
            context.claim(answer)
            continue
        named = _named_in_predicate(term, text) if term_section is section and not lead_in and not image else None
        if named is not None and isinstance(answer, Paragraph):
            # ``### IR Preparation`` / ``The first phase of the Incident Response lifecycle is preparation
            # and anticipation.``: the heading names what the sentence ends on, so a card of the heading
            # shows its answer on the front; the sentence asks it instead, the heading left out of Context
            subject, copula, predicate = named
            context.emit(
                NoteKind.CLOZE,
                subject,
                answer.span,
                {
                    "Text": f"{html.escape(subject)} {copula} {cloze_gap(1, html.escape(predicate))}.",
                    "Context": breadcrumb(section.path[:-1]),
                },
                section=section,
                source=None,  # no subject for it: the heading, the only one above, would show the answer
            )
            context.skip(
                section.span.at(section.span.line),
                term,
                f"the heading '{term}' names the answer of the sentence under it; that sentence is asked "
                "as a cloze instead, so the front does not give its answer away",
                code="not-a-term",
            )
            context.claim(answer)
            continue
        question = _how_to_question(term, text) if term_section is section and lead_in else None
        if question is not None and isinstance(answer, Paragraph) and _code_after(section, answer):
            # ``## Turning WAL mode off again`` / ``If you want to turn WAL mode off …, the way to do that
            # is:`` over a command: the heading is a task, not a term, and the command is its answer;
            # the card asks the task as the question the heading implies, the sentence goes to Details
            context.emit(
                NoteKind.BASIC,
                question,
                section.span.at(section.span.line, max(_lead_in_end(section, answer), section.span.line)),
                {
                    "Question": html.escape(question),
                    "Answer": lead_in.removeprefix("<br>"),
                    "Details": re.sub(r"\s*[:：]\s*$", "", answer.html.strip()),
                },
                section=section,
                source=answer,
            )
            context.claim(answer)
            continue
        # the note spans the heading, its images and its answer (with the list a lead-in introduces),
        # not the whole section: what follows is not on this card
        last = _lead_in_end(section, answer) if lead_in else answer.span.end_line
        after = _image_after(section, answer) if not lead_in else None
        if after is not None:  # a figure right after the paragraph illustrates it: on the same card
            image += _image_only(after)
            last = after.span.end_line
            context.claim(after)
        span = term_section.span.at(term_section.span.line, max(last, term_section.span.line))
        if later is not None or titled_subject is not None:
            # the paragraph before it is not on the card; the title is only the card's Context
            span = answer.span
        answer_html = answer.html if lead_in else _without_asked_lead_in(section, answer, context)
        # an overview label's paragraph (``### 特徴``) asks of the heading above, not of the label
        source = term_section if overview else answer
        spelled = _spelled_heading(term) if term_section is section and not lead_in else None
        if spelled is not None:
            # ``### RDS: Relational Database Service`` over ``Storage backed up by EBS``: the heading
            # says what the name stands for, the text one thing about it; the card asks the name, the
            # long form answers, and the text is shown with it in Details
            name, expansion = spelled
            _emit_definition(
                context,
                term_section,
                span,
                name,
                html.escape(expansion),
                answer_html,
                image=image,
                context_path=section.path[:-1],
                source=None,  # no subject shown: the heading above is the answer itself
            )
            context.claim(answer, cloze_ok=True)
            continue
        _emit_definition(context, term_section, span, term, answer_html + lead_in, image=image, source=source)
        # ``**00-00-5E-00-01-{VRID}**（VRIDは番号）。`` under a question: the bold is the whole answer, and
        # a cloze of it would ask the same again
        context.claim(answer, cloze_ok=bool(lead_in) or not _bold_only(answer))
