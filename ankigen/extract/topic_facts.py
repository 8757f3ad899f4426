"""Topic facts: a child bullet that names its own term as its topic and says a fact about it
(``ECRはコンテナイメージを非公開にできる`` under ``- **ECR**: …``, ``IAMの設定はグローバルであり…``
under ``- **IAM**とは…``, ``NACL is stateless…`` under ``- **NACL**: …``) becomes a cloze hiding
that name, the fact as its cue.

Such bullets sat in the Details of the term's card, shown but never asked (``in-details``), though
each is a fact a learner would card on their own, and exams ask them from the fact to the name
(which service keeps images private?). The name is the gap, so the card's Context shows the
headings only, never the term above the bullet. The name is the term or one of its names
(``ネットワークACL (NACL)`` → ``ネットワークACL``, ``NACL``), opening the bullet as its topic:
``Xは`` / ``Xでは`` / ``Xが``, a kind of it (``EBSボリュームは``), a part of it (``IAMの設定は``), or
``X is`` / ``X can`` … in English. Nothing is made when the name shows again in the bullet or in the
headings (the gap would hide nothing), when the bullet is an example, a step of a procedure, a
scenario or a question, points back (``その…``), holds a link or code with a number, is several
lines or longer than :data:`~ankigen.extract.vocabulary.MAX_DETAIL_FACT_CHARS`, or is the answer of
another card; such a bullet keeps its ``in-details`` explain line. It runs after every other
extractor, so a bullet another one asks (a limit, a quoted or named key phrase, an object) keeps
that card, which asks more than the name.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..model import Document, ListBlock, ListItem, NoteKind, Section
from ..patterns import lazy_compile
from . import ExtractContext, register
from .clozes import cloze_key
from .common import (
    NOT_WORD,
    children_html,
    cloze_gap,
    fold,
    is_label_phrase,
    iter_items,
    looks_like_term,
    study_sections,
)
from .detail_facts import leans_on_before, limit_gaps, subject_gap
from .subjects import headings_shown
from .tags import breadcrumb
from .vocabulary import LIST_LEAD_IN_EXCLUDED, MAX_DETAIL_FACT_CHARS, NUMBERED_STEP

_SAME_CLAIM = 0.5
"""Two bullets whose words after the name overlap this much (character pairs) say the same thing."""
_FIRST_ITEM = lazy_compile(r"<li>(.*?)(?:<ul>|<ol>|<pre>|</li>)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Fact:
    section: Section
    item: ListItem
    plain: str
    start: int
    end: int
    details: str
    named: bool
    """The gap is the term's name (not a limit)."""


def _bigrams(text: str) -> set[str]:
    squeezed = NOT_WORD.sub("", fold(text))
    return {squeezed[index : index + 2] for index in range(len(squeezed) - 1)}


def _same_claim(one: _Fact, other: _Fact) -> bool:
    """Whether two bullets say nearly the same of two different names (so each gap is a guess)."""
    if fold(one.plain[one.start : one.end]) == fold(other.plain[other.start : other.end]):
        return False
    mine, theirs = _bigrams(one.plain[one.end :]), _bigrams(other.plain[other.end :])
    return bool(mine and theirs) and len(mine & theirs) / len(mine | theirs) >= _SAME_CLAIM


def _in_steps(context: ExtractContext, parent: ListItem) -> bool:
    return bool(
        NUMBERED_STEP.match(parent.text)
        # a lead-in to steps or commands (``手順:``), not a name that says ``コマンド`` (``AWS CLI (AWSコマンド…)``)
        or (
            LIST_LEAD_IN_EXCLUDED.search(parent.text)
            and (context.outline.node(parent).roles.label or parent.text.rstrip().endswith((":", "：")))
        )
        or context.outline.node(parent).roles.step
        or (
            not parent.text.strip() and any(isinstance(block, ListBlock) and block.ordered for block in parent.children)
        )
    )


def _plain(value: str) -> str:
    return fold(" ".join(re.sub(r"<[^>]+>", " ", html.unescape(value)).split()))


def _asked(context: ExtractContext) -> str:
    """What the cards so far ask, folded: each answer, but of an answer that is a list of the
    term's child bullets (the selection pass keeps its first and shows the rest in the Details)
    only its first item."""
    asked: list[str] = []
    for candidate in context.candidates:
        fields = dict(candidate.note.fields)
        for name in ("Definition", "Answer", "Text", "Attributes"):
            value = fields.get(name, "")
            if value.lstrip().startswith(("<ul>", "<ol>")):
                first = _FIRST_ITEM.search(value)
                asked.append(_plain(first.group(1)) if first else "")
            elif value:
                asked.append(_plain(value))
    return "\n".join(asked)


@register("topic-facts", order=105)
def extract_topic_facts(document: Document, context: ExtractContext) -> None:
    sources = {id(candidate.source) for candidate in context.candidates}
    asked = _asked(context)
    found: list[_Fact] = []
    for section in study_sections(document):
        shown = headings_shown(document, section)
        for item, parent in iter_items(section.blocks):
            if parent is None or id(item) in sources or _in_steps(context, parent):
                continue
            node = context.outline.node(item)
            subject = node.subject
            if node.roles.example or node.roles.step or node.roles.scenario or not subject:
                continue
            if not looks_like_term(subject) or is_label_phrase(subject):
                continue
            text = item.text
            plain = " ".join(text.split())
            if "\n" in text.strip() or len(plain) > MAX_DETAIL_FACT_CHARS or leans_on_before(plain):
                continue
            if any(part.kind not in ("text", "code", "strong", "em", "mark") for part in item.inlines):
                continue  # links, images, line breaks: keep the bullet as the Details show it
            if any(part.kind == "strong" for part in item.inlines) or fold(plain) in asked:
                continue  # a bold phrase is the clozes extractor's; an answer is asked already
            gaps = subject_gap(plain, subject, (*section.path, shown))
            if not gaps:
                continue
            limits = [(start, end) for start, end in limit_gaps(plain) if plain.count(plain[start:end]) == 1]
            if limits:
                gaps = limits[:1]  # a limit is the fact to ask (``Xは0～35日間保持できる``): the name is its cue
            (start, end), details = gaps[0], children_html(item)
            if fold(plain[start:end]) in _plain(details):
                continue  # the bullets under it name the term again: the gap would show
            found.append(_Fact(section, item, plain, start, end, details, not limits))
    for fact in found:
        if fact.named and any(other.named and _same_claim(fact, other) for other in found if other is not fact):
            continue  # ``RDS は自動的に…`` beside ``Aurora は自動的に…``: which name the gap hides is a guess
        plain, start, end = fact.plain, fact.start, fact.end
        gapped = (
            html.escape(plain[:start], quote=False)
            + cloze_gap(1, html.escape(plain[start:end], quote=False))
            + html.escape(plain[end:], quote=False)
        )
        context.emit(
            NoteKind.CLOZE,
            cloze_key([fold(plain[start:end]), fold(plain)]),
            fact.item.span.at(fact.item.span.line),
            {"Text": gapped, "Details": fact.details, "Context": breadcrumb(fact.section.path)},
            section=fact.section,
            source=fact.item,
        )
        context.claim(fact.item, *(child for child, _ in iter_items(fact.item.children)))
