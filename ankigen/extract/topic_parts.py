"""Topic parts: the labelled parts of a structured topic bullet that state a fact of their own
(``- **試験ポイント**: …``, ``- **注意点**: …`` under ``- **Topic**`` with a ``概要``) become cards
asked as ``Topic › label``.

The structured-topics extractor makes one card of the topic, its summary the answer and the other
parts its Details; Details are shown, never asked, so an exam point there was buried. Here each
part whose label is in :data:`~ankigen.extract.vocabulary.ASKED_TOPIC_LABELS` and that no other
extractor made a card of (a **bold** key phrase in it is a cloze already) is asked on its own,
under its topic; the selection pass then takes it out of the topic's Details. The summary, a
restatement (``要約``), examples and remarks on demand stay where they are, and a part too short
to state anything or too long to learn stays in the Details with its explain line.
"""

from __future__ import annotations

import html

from ..model import Document, ListItem, NoteKind, inline_html, inline_text
from . import ExtractContext, register
from .common import clean_term, fold, has_cjk, iter_items, study_sections
from .definitions import topic_label
from .vocabulary import ASKED_TOPIC_LABELS, MAX_ANSWER_CHARS

_RATING = "★"


def _states_a_fact(text: str) -> bool:
    plain = " ".join(text.split())
    if not plain or _RATING in plain or len(plain) > MAX_ANSWER_CHARS:
        return False
    return len(plain) >= 15 if has_cjk(plain) else len(plain.split()) >= 6


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
