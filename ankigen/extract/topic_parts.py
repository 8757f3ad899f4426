"""Topic parts: the labelled parts of a structured topic bullet that state a fact of their own
(``- **メリット**: …``, ``- **試験ポイント**: …`` under ``- **Topic**`` with a ``概要``).

The structured-topics extractor makes one card of the topic, its summary the answer and the other
parts its Details; Details are shown, never asked, so a fact there was buried. Here each part that
no other extractor made a card of (a **bold** key phrase in it is a cloze already) is asked on its
own, under its topic; the selection pass then takes it out of the topic's Details:

- a part whose label names the aspect its answer gives
  (:data:`~ankigen.extract.vocabulary.ASKED_TOPIC_LABELS`: ``メリット``, ``用途``) is asked as
  ``Topic › label``;
- a part whose label names no aspect (:data:`~ankigen.extract.vocabulary.OPEN_TOPIC_LABELS`:
  ``試験ポイント``, ``実務での使い方``, ``Pitfalls``) would make an open question ("what is the exam
  point of X?"), so it is asked by its content: its first sentence with a limit (``最大5件``) or one
  short 「quoted」 key phrase becomes a cloze hiding it, the topic as Context and the part's other
  sentences as Details. A part with neither stays in the topic's Details.

The summary, a restatement (``要約``), examples and remarks on demand stay where they are, and a
part too short to state anything or too long to learn stays in the Details with its explain line.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, Inline, Inlines, ListItem, NoteKind, Section, inline_html, inline_text
from . import ExtractContext, register
from .clozes import emit_cloze, gap_problem
from .common import clean_term, fold, has_cjk, iter_items, study_sections
from .definitions import topic_label
from .detail_facts import leans_on_before, limit_gaps, quoted_gap
from .vocabulary import ASKED_TOPIC_LABELS, MAX_ANSWER_CHARS, OPEN_TOPIC_LABELS

_RATING = "★"
_SENTENCE_END = lazy_compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z])")


def _states_a_fact(text: str) -> bool:
    plain = " ".join(text.split())
    if not plain or _RATING in plain or len(plain) > MAX_ANSWER_CHARS:
        return False
    return len(plain) >= 15 if has_cjk(plain) else len(plain.split()) >= 6


def _text(piece: str) -> Inline:
    return Inline("text", html.escape(piece, quote=False), piece)


def _key_sentence(plain: str, topic: str) -> tuple[Inlines, str] | None:
    """The first sentence of an open-labelled part with a limit or one 「quoted」 key phrase, that
    phrase as its key (a ``strong`` inline the cloze hides), and the other sentences' HTML as
    Details; None when no sentence has one (the part stays in the topic's Details)."""
    sentences = [sentence.strip() for sentence in _SENTENCE_END.split(plain) if sentence.strip()]
    for index, sentence in enumerate(sentences):
        if leans_on_before(sentence) or not _states_a_fact(sentence):
            continue
        gaps = limit_gaps(sentence) or quoted_gap(sentence, topic)
        if len(gaps) != 1:
            continue
        start, end = gaps[0]
        answer = sentence[start:end]
        rest = sentence[:start] + sentence[end:]
        if sentence.count(answer) != 1 or gap_problem(answer) or len(re.sub(r"\W", "", rest)) < 8:
            continue  # the key shows again, is a whole clause, or is almost the whole sentence
        others = " ".join(other for number, other in enumerate(sentences) if number != index)
        if fold(answer) in fold(others):
            continue  # the other sentences, shown as Details, would give the gap away
        inlines = (
            _text(sentence[:start]),
            Inline("strong", html.escape(answer, quote=False), answer),
            _text(sentence[end:]),
        )
        return inlines, f"<p>{html.escape(others, quote=False)}</p>" if others else ""
    return None


def _ask_by_content(
    context: ExtractContext, document: Document, section: Section, child: ListItem, body: Inlines, topic: str
) -> None:
    found = _key_sentence(" ".join(inline_text(body).split()), topic)
    if found is None:
        return  # no key phrase to hide: it stays in the topic's Details, listed by --explain
    inlines, details = found
    emit_cloze(context, document, section, child.span, inlines, topic, child, details)


@register("topic-parts", order=100)
def extract_topic_parts(document: Document, context: ExtractContext) -> None:
    topics = {
        id(candidate.source): candidate
        for candidate in context.candidates
        if candidate.extractor == "structured-topics" and isinstance(candidate.source, ListItem)
    }
    asked = {id(candidate.source) for candidate in context.candidates}
    for section in study_sections(document):
        for block_item, _parent in iter_items(section.blocks):
            topic = topics.get(id(block_item))
            if topic is None:
                continue
            name = clean_term(block_item.text)
            for sublist in block_item.sublists:
                for child in sublist.items:
                    found = topic_label(child)
                    if found is None or id(child) in asked or child.sublists:
                        continue
                    label, body = found
                    if fold(label) in OPEN_TOPIC_LABELS:
                        _ask_by_content(context, document, section, child, body, name)
                        continue
                    if fold(label) not in ASKED_TOPIC_LABELS or not _states_a_fact(inline_text(body)):
                        continue
                    context.emit(
                        NoteKind.DEFINITION,
                        f"{label}\x1f{name}",
                        child.span,
                        {"Term": html.escape(f"{name} › {label}"), "Definition": inline_html(body)},
                        section=section,
                        source=child,
                    )
