"""Question headings: a heading that asks for one thing (``### 距離ベクトル型の経路表を送る方式を何という？``,
``### RIPのホップ数の上限は？``) over a paragraph that is only its short answer (``**ディスタンスベクタ型**。``,
``15。``), the shape of exam question-and-answer notes, is one basic card: the heading → the answer.

The heading is no term (it is a question; a short one the heading definitions read as a term keeps its
definition card, as this runs after them), and the answer alone is a name
or a figure with nothing to hide around it, so no cloze asks it: both were explain lines
(``heading-no-card``, ``no-card-shape``) though together they are the note's fact. Metadata bullets
between them (``- 出典: …`` / ``- 難易度: 基礎``) are skipped as the heading definitions skip them.

Only a Japanese heading with one question mark at its end that asks for a thing (何, いくつ, どれ, ``…は？``)
counts; ``Xとは？`` stays a definition of X (heading definitions), and why/how questions (なぜ, どう, 違い)
are answered by explanations, not by a short answer. The answer is the whole first paragraph: one line,
one sentence of at most :data:`MAX_ANSWER_CHARS` characters; the paragraphs after it are left to the
other extractors (a remark on the answer is read on its own line).
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, ListBlock, NoteKind, Paragraph, inline_html
from . import ExtractContext, register
from .common import clean_term, has_cjk, study_sections
from .definitions import _metadata_list

MAX_ANSWER_CHARS = 30
"""A first paragraph longer than this (in characters, its closing 。 aside) explains; it is no short answer."""
MAX_HEADING_CHARS = 60
_ASKS_THING = lazy_compile(r"何|いくつ|どれ|どこ|誰|いつ|どの|は\s*[?？]$")
"""``…を何という？``, ``…はいくつ？``, ``…の最大値は？``: a question whose answer is a thing or a value."""
_ASKS_EXPLANATION = lazy_compile(r"とは|って何|なぜ|どう|どのよう|違い|理由|方法|手順|仕組み|メリット|デメリット")
"""``Xとは？`` (a definition of X) and why/how questions: answered by explanations, not a short answer."""
_NOT_SHORT = lazy_compile(r"[。．.!！?？:：]|次の|以下|この|その|これ|それ|あの")
"""A second sentence, a question or a lead-in inside the answer, or an answer that leans on the text
around it (``ざっくりこの順で比べる。`` over the list that answers): it explains or introduces, not answers."""


def _asks_thing(title: str) -> bool:
    text = title.strip()
    return (
        has_cjk(text)
        and len(text) <= MAX_HEADING_CHARS
        and len(re.findall(r"[?？]", text)) == 1
        and bool(_ASKS_THING.search(text))
        and not _ASKS_EXPLANATION.search(text)
    )


def _short_answer(block: Paragraph) -> bool:
    text = block.text.strip()
    if not text or "\n" in text:
        return False
    body = text[:-1] if text.endswith(("。", "．")) else text
    return 0 < len(body) <= MAX_ANSWER_CHARS and not _NOT_SHORT.search(body)


@register("question-headings", order=51)
def extract_question_headings(document: Document, context: ExtractContext) -> None:
    """``### …を何という？`` over ``**バックボーンエリア**（エリア0）。``: one basic card, question → answer."""
    for section in study_sections(document):
        if not section.level or not _asks_thing(section.title):
            continue
        answer: Paragraph | None = None
        for index, block in enumerate(section.blocks):
            if isinstance(block, ListBlock) and index + 1 < len(section.blocks) and _metadata_list(block):
                continue  # ``- 出典: R7 午後Ⅰ 問1`` / ``- 難易度: 基礎`` over the answer: facts about the note
            answer = block if isinstance(block, Paragraph) else None
            break
        if answer is None or context.claimed(answer) or not _short_answer(answer):
            continue
        if any(candidate.source is answer for candidate in context.candidates):
            continue  # ``### OSPF のコストの上限は？`` read as a term by the heading definitions: its card stays
        question = " ".join(section.title.split())
        context.emit(
            NoteKind.BASIC,
            question,
            section.span.at(section.span.line, answer.span.end_line),  # the question's line is on the card
            {"Question": html.escape(question), "Answer": inline_html(answer.inlines)},
            section=section,
            term=clean_term(section.title),
            source=answer,
        )
        context.claim(answer)
