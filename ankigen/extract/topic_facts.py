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
another card; such a bullet keeps its ``in-details`` explain line. Bullets of one list that each
open on a different product name as topic (``ALB は…`` beside ``Route 53 は…``) are asked the same way
though the name is not the term above (:func:`_sibling_topic`). It runs after every other
extractor, so a bullet another one asks (a limit, a quoted or named key phrase, an object) keeps
that card, which asks more than the name.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..model import Document, ListBlock, ListItem, NoteKind, Section
from ..patterns import HTML_TAG, lazy_compile
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
from .detail_facts import leans_on_before, limit_gaps, spelled_in_kana, subject_gap
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
    return fold(" ".join(HTML_TAG.sub(" ", html.unescape(value)).split()))


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


_LATIN_TOPIC = lazy_compile(
    r"^(?P<name>[A-Z][A-Za-z0-9\-]*(?:\s[A-Z0-9][A-Za-z0-9\-]*){0,3})\s?(?:は|では)、?(?![\u3040-\u309f])"
)
"""A bullet opening on a name in Latin letters as its topic (``ALB は…``, ``Route 53 は、…``)."""


def _sibling_topic(plain: str, parent: ListItem, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where a bullet's topic name is when it is not its term but one of the parallel topics of its
    list (``- ALB は EC2 インスタンスのヘルスチェックを行い…`` beside ``- Route 53 は ALB の…``): each bullet
    says what another thing does, so the name is what to recall. [] unless the name is an acronym, a
    name of two words or more or a camel-case one (not one capitalised word: ``Private``, ``Regional``
    name kinds the bullet describes in their own words), a sibling bullet opens on another such name,
    the name shows nowhere else in the bullet nor in ``shown`` (term and headings; one letter off
    counts, a typo), the bullet does not spell it in katakana and says a fact after it."""
    found = _LATIN_TOPIC.match(plain)
    if found is None:
        return []
    name = found.group("name")
    if not re.fullmatch(r"[A-Z0-9\-]{2,}|\S+\s\S+.*|.*[a-z][A-Z].*", name):
        return []  # one capitalised word (``Private``, ``Regional``): a kind the bullet describes by its own words
    folded = re.sub(r"\s", "", fold(name))
    siblings = [child for sublist in parent.sublists for child in sublist.items]
    others = [
        other.group("name")
        for child in siblings
        if (other := _LATIN_TOPIC.match(" ".join(child.text.split()))) is not None
    ]
    if not any(re.sub(r"\s", "", fold(other)) != folded for other in others):
        return []  # no parallel topic beside it: the name is only where the bullet starts
    squeezed = [re.sub(r"\s", "", fold(part)) for part in shown if part]
    after = plain[found.end() :]
    words = {word for part in shown for word in re.findall(r"[a-z0-9]{3,}", fold(part))}
    if (
        any(folded in part or part in folded for part in squeezed)
        or any(_one_letter_off(folded, word) for word in words)
        or folded in re.sub(r"\s", "", fold(after))
        or len(re.sub(r"\W", "", after)) < 10
        or spelled_in_kana(name, after)
    ):
        return []  # shown (or misspelt beside its heading: ``NLP`` under ``NLB``), said again, or spelt in katakana
    return [(0, len(name))]


def _one_letter_off(one: str, other: str) -> bool:
    """Two names of the same length, three letters or more, that differ in one letter (a typo)."""
    return len(one) == len(other) >= 3 and sum(a != b for a, b in zip(one, other, strict=True)) == 1


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
            gaps = subject_gap(plain, subject, (*section.path, shown)) or _sibling_topic(
                plain, parent, (subject, *section.path, shown)
            )
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
