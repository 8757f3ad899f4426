"""Self-test blocks: ``<details><summary>question</summary>answer</details>`` becomes one basic card.

Exam notes hide the answer to a question in a collapsed block; the summary is the front and the
hidden part is the back. The answer is either inside the same raw HTML block (written on one
line) or the Markdown blocks between the opening ``<details>`` line and the closing
``</details>`` line. A summary that only says "answer" (``解答``, ``Show answer``) asks the
paragraph just above it. A block without a summary, with a summary that is no question
(``Output``, ``コード``: a fold for long content) or with nothing hidden is no card; the coverage
pass explains its lines. A box whose title asks is the same shape: a VuePress ``::: details Why …?``,
an MkDocs ``??? question "What …?"``, an Obsidian ``> [!question]- What …?``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ankigen.patterns import lazy_compile

from ..model import Block, CodeBlock, Document, ListBlock, NoteKind, Paragraph, Quote, RawBlock, Section, Table
from . import ExtractContext, register
from .common import block_html, fold, plain_html, study_sections
from .vocabulary import QUOTED_CALLOUTS

_SUMMARY = lazy_compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_OPEN = lazy_compile(r"<details\b", re.IGNORECASE)
_CLOSE = lazy_compile(r"</details\s*>", re.IGNORECASE)
_QUESTION_MARK = lazy_compile(r"^\s*(?:Q|問|質問|Question)\s*\d*\s*[:：.．]\s*", re.IGNORECASE)
# Summaries that only label the hidden part: the question is the paragraph above.
ANSWER_SUMMARIES = frozenset(
    {
        "answer",
        "show answer",
        "solution",
        "show solution",
        "click to show",
        "click to expand",
        "解答",
        "答え",
        "正解",
        "解答例",
        "回答",
        "回答例",
        "模範解答",
        "模範回答",
        "sample answer",
        "example answer",
        "解説",
        "解答・解説",
        "答えを見る",
        "解答を見る",
    }
)


def _text_html(fragment: str) -> str:
    """Raw HTML text shown on a card: as plain text, one line per source line."""
    lines = [plain_html(line) for line in fragment.split("\n")]
    return "<br>".join(html.escape(line) for line in lines if line)


_ASKS = lazy_compile(r"(?:[?？]|[かの][。.]?|ですか[。.]?|とは)\s*$")


def _asks(summary: str) -> bool:
    """The summary reads as a question (``…?``, ``…は何か``, ``…とは``)."""
    return bool(_ASKS.search(summary))


def _answer_label(summary: str) -> bool:
    return fold(summary.strip(" :：.。")) in ANSWER_SUMMARIES


_REFERENCE_LABEL = lazy_compile(
    r"^(?:参考|参考文献|参考資料|参考リンク|参考サイト|references?|sources?|出典|see also)\s*(?:[:：].*)?$",
    re.IGNORECASE | re.DOTALL,
)
"""A line that labels the pages to read (``参考``, ``References:``, ``参考：<https://…>``): the answer ends
above it."""
_PROMPT_LINE = lazy_compile(r"^\s*(?:[\w.-]+(?:\([^)]*\))?=?[>#]|[$%])\s")
"""A line typed at a prompt: ``mysql> SELECT …``, ``mysql(A)> …``, ``postgres=# …``, ``$ ls``."""


def _transcript(code: CodeBlock) -> bool:
    """A code block that records a run: lines typed at a prompt and the output printed under them."""
    lines = [line for line in code.text.split("\n") if line.strip()]
    typed = sum(1 for line in lines if _PROMPT_LINE.match(line))
    return 0 < typed < len(lines)


def _answer_blocks(inner: Sequence[Block]) -> list[Block]:
    """The blocks of a fold that answer its question: the pages to read under a reference label
    (``参考``, ``References``) are no part of the answer, nor is the record of a run (a prompt line and its
    output) once the answer has said it in words: a back is learnt, a transcript is not. What is left
    out stays unclaimed, so the coverage pass explains it (link-only, code)."""
    kept: list[Block] = []
    for block in inner:
        if isinstance(block, Paragraph) and _REFERENCE_LABEL.match(block.text.strip()):
            break
        if isinstance(block, CodeBlock) and _transcript(block) and any(isinstance(b, Paragraph) for b in kept):
            continue
        kept.append(block)
    return kept


def _walk(blocks: tuple[Block, ...], section: Section, context: ExtractContext) -> None:
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if isinstance(block, Quote):
            if not _box_question(block, blocks[: index - 1], section, context):
                _walk(block.children, section, context)
            continue
        if not isinstance(block, RawBlock) or not _OPEN.search(block.html) or context.claimed(block):
            continue
        found = _SUMMARY.search(block.html)
        if found is None:
            continue
        summary = plain_html(found.group(1))
        rest = block.html[found.end() :]
        inner: list[Block] = []
        end_block: Block = block
        closed = _CLOSE.search(rest)
        if closed is not None:
            rest = rest[: closed.start()]
        else:
            while index < len(blocks):
                following = blocks[index]
                index += 1
                if isinstance(following, RawBlock) and _CLOSE.search(following.html):
                    end_block = following
                    break
                inner.append(following)
                end_block = following
        inner = _answer_blocks(inner)
        answer = "".join(part for part in (_text_html(rest), *(block_html(b) for b in inner)) if part)
        start = block.span.line + block.html.count("\n", 0, found.start())
        asked = _asked(summary, block, start, blocks[: blocks.index(block)], context, above_asks=False)
        if asked is None or not answer:
            continue  # ``<summary>Output</summary>``, ``<summary>コード</summary>``: a fold, not a question
        _emit_question(context, section, asked, end_block, answer, block, inner, end_block)
        if asked[1] is not block:  # ``<summary>回答例</summary>``: a label, the question is the paragraph above
            context.skip(
                block.span.at(start, start),
                summary,
                f"the label of a folded answer: the card at line {asked[2]} asks the question above it and "
                "shows the answer; nothing else to ask",
                code="html",
            )


def _box_question(box: Quote, before: tuple[Block, ...], section: Section, context: ExtractContext) -> bool:
    """A box whose title asks (``::: details Why …?``, ``??? question "What …?"``, ``> [!faq]- What
    …?``), or is an answer label under a paragraph that asks (``::: details 解答``): one basic card,
    the question on the front and the box's body on the back, as a ``<details>`` block. A box that
    holds someone else's words (``> [!quote]``), one with another title or no body is no card here:
    its body is read as notes."""
    summary = " ".join(box.title.split())
    if not summary or not box.callout or box.callout in QUOTED_CALLOUTS or not box.children:
        return False
    asked = _asked(summary, box, box.span.line, before, context, above_asks=True)
    if asked is None:
        return False
    if any(context.claimed(child) for child in box.children):
        return False
    answer = "".join(block_html(child) for child in box.children)
    if not answer:
        return False
    _emit_question(context, section, asked, box, answer, box, box.children)
    return True


def _asked(
    summary: str, node: Block, start: int, before: Sequence[Block], context: ExtractContext, *, above_asks: bool
) -> tuple[str, Block, int] | None:
    """The question a fold's summary or a box's title asks, the block the card starts at and its first
    line: the title itself when it asks (marked ``?`` or worded as a question), or the paragraph right
    above when the title is only an answer label (``解答``, ``Answer``) — for a box, only a paragraph
    that itself asks (``above_asks``). None for a title that asks nothing."""
    first = node
    if _answer_label(summary):
        above = before[-1] if before else None
        if isinstance(above, (Table, CodeBlock)) and len(before) >= 2 and isinstance(before[-2], Paragraph):
            # ``以下のテーブルで ORDER BY name を実行すると？`` over the table it asks about: the question is
            # the paragraph, shown with the table (see _shown)
            if context.claimed(above) or not _asks(before[-2].text.strip()):
                return None
            above = before[-2]
        if not isinstance(above, Paragraph) or context.claimed(above):
            return None
        if above_asks and not _asks(above.text.strip()):
            return None
        summary, first, start = " ".join(above.text.split()), above, above.span.line
    marked = first is node and bool(_QUESTION_MARK.match(summary))
    question = _QUESTION_MARK.sub("", summary, count=1).strip()
    if not question or not (marked or first is not node or _asks(question)):
        return None
    return question, first, start


def _emit_question(
    context: ExtractContext,
    section: Section,
    asked: tuple[str, Block, int],
    last: Block,
    answer: str,
    source: Block,
    body: Sequence[Block],
    *tail: Block,
) -> None:
    """One basic card: the question on the front, ``answer`` (the fold's or box's body) on the back,
    from the question's line to ``last``'s end; the question, the fold or box, its body (and the
    body's list items) and ``tail`` are used."""
    question, first, start = asked
    shown = _shown(first, source, section)
    context.emit(
        NoteKind.BASIC,
        question,
        first.span.at(start, last.span.end_line),
        {"Question": html.escape(question) + "".join(block_html(block) for block in shown), "Answer": answer},
        section=section,
        source=source,
    )
    items = [item for part in body if isinstance(part, ListBlock) for item in part.items]
    context.claim(first, source, *shown, *body, *items, *tail)


def _shown(first: Block, source: Block, section: Section) -> tuple[Block, ...]:
    """The table or code between a question and the fold that answers it: what the question asks about,
    shown on the front under it."""
    blocks = section.blocks
    if first is source or first not in blocks or source not in blocks:
        return ()
    between = blocks[blocks.index(first) + 1 : blocks.index(source)]
    return tuple(block for block in between if isinstance(block, (Table, CodeBlock)))


@register("details", order=4)
def extract_details(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        _walk(section.blocks, section, context)
