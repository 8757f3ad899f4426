"""Question lists: a short question or label line over a list (``Why ?`` then ``- fast``,
``- consistent``; ``Purpose:`` then its bullets) becomes one basic card asking that question of
the heading's subject (``Build Automation › Why ?`` → the list).

The line alone names nothing and the bullets alone are fragments, so each was dropped; together
they are one fact a learner asks ("why automate builds?"). An item that another extractor read as
a definition (``- Automated response - self healing``) is part of this answer, and the selection
pass drops its card (``question-answer-item``) unless most items are such cards. The subject is
the heading; under a heading that only groups (概要, Overview) it is the heading above that, else
the file's topic (its front matter ``title`` or file name, when it has no ``#`` title heading);
with none, there is no card.

A question bullet over its answer (``- How do you …?`` then ``  - Use …``, the shape of exam
practice notes) is one basic card, question → answer, when the question names what it asks about
(it does not lean on the line above: ``Why?``, ``それはなぜ？``), fits
:data:`~ankigen.extract.vocabulary.MAX_QUESTION_ITEM_CHARS`, and the answer is one bullet of at most
two sentences within :data:`~ankigen.extract.vocabulary.MAX_QUESTION_ANSWER_CHARS`; side notes under
it (``※…``) go to Details. A longer question or answer (a scenario told in full) is an explain line
(``question-too-long``).
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Block, Document, ListBlock, ListItem, NoteKind, Paragraph, Quote, Section, inline_html
from . import ExtractContext, register
from .common import (
    block_html,
    children_html,
    clean_term,
    cloze_gap,
    fold,
    has_cjk,
    is_group_heading,
    iter_items,
    looks_like_term,
    opens_with_connective,
    plain_html,
    split_definition,
    study_sections,
    top_level_blocks,
)
from .subjects import document_topic
from .vocabulary import (
    LEANING_ITEM,
    LEANING_QUESTION,
    MAX_ANSWER_SENTENCES,
    MAX_LIST_GAP_CHARS,
    MAX_LIST_GAPS,
    MAX_QUESTION_ANSWER_CHARS,
    MAX_QUESTION_ITEM_CHARS,
    MIN_SENTENCE_CHARS,
    NOTE_ITEM,
)

MAX_QUESTION = 40
"""A longer line over a list is a sentence introducing it, not a question label."""
# Label lines that ask a question of the subject when a list follows them.
QUESTION_LABELS = frozenset(
    {
        "why",
        "purpose",
        "goals",
        "benefits",
        "advantages",
        "disadvantages",
        "drawbacks",
        "pros",
        "cons",
        "use cases",
        "features",
        "目的",
        "理由",
        "メリット",
        "デメリット",
        "利点",
        "欠点",
        "特徴",
        "用途",
    }
)


def _question(paragraph: Paragraph) -> str:
    """The question the line asks, or ''."""
    text = " ".join(paragraph.text.split())
    if not text or len(text) > MAX_QUESTION or "\n" in paragraph.text.strip():
        return ""
    if text.endswith(("?", "？")):
        return text
    label = fold(clean_term(text))
    return clean_term(text) if text.endswith((":", "：")) and label in QUESTION_LABELS else ""


def _pairs(blocks: tuple[Block, ...]) -> list[tuple[Paragraph, ListBlock]]:
    found: list[tuple[Paragraph, ListBlock]] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Quote):
            found.extend(_pairs(block.children))
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph) and isinstance(following, ListBlock):
            found.append((block, following))
    return found


def _subject(section: Section, document: Document) -> str:
    if not section.level:
        return document_topic(document)  # text before any heading: the file's topic, if it has one
    if is_group_heading(section.title):
        # ``## Overview`` only groups: the question is asked of the heading above it, else of the
        # file's topic (front matter ``title``, the file name), as the Context line shows it
        for title in reversed(section.path[:-1]):
            if not is_group_heading(title):
                term = clean_term(title)
                return term if looks_like_term(term) else ""
        return document_topic(document)
    title = clean_term(section.title)
    return title if looks_like_term(title) else ""


@register("question-lists", order=38)
def extract_question_lists(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        subject = _subject(section, document)
        if not subject:
            continue
        for paragraph, items in _pairs(section.blocks):
            if context.claimed(paragraph):
                continue
            # an item another extractor took (``- Automated response - self healing`` as a
            # definition) does not silence the question over the list: the selection pass drops
            # that item's card (``question-answer-item``). When most items are cards of their
            # own, the list is theirs and the question would only repeat them.
            taken = sum(1 for item in items.items if context.claimed(item))
            if taken * 2 >= len(items.items):
                continue
            question = _question(paragraph)
            if not question:
                continue
            prompt = f"{subject} › {question}"
            context.emit(
                NoteKind.BASIC,
                prompt,
                paragraph.span.at(paragraph.span.line, items.span.end_line),
                {"Question": html.escape(prompt), "Answer": block_html(items)},
                section=section,
                source=paragraph,
            )
            context.claim(paragraph, items, *(item for item in items.items if not context.claimed(item)))


# ------------------------------------------------------------------------------------------------
# a question bullet over its answer
# ------------------------------------------------------------------------------------------------

_SENTENCE_END = lazy_compile(r"[。！？!?]|\.(?=\s|$)")
_MIN_CJK_QUESTION_CHARS = MIN_SENTENCE_CHARS // 2
"""A Japanese question says in half the characters what an English one does (``Redisはなぜ速い？``)."""


# ``What is Docker?``, ``What are pods?``: a short question that asks what a name is names its subject
_WHAT_IS_NAME = lazy_compile(r"^(?:what|who)\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<name>[^\s?].*)$", re.IGNORECASE)
_PRONOUNS = frozenset({"it", "this", "that", "these", "those", "they", "them", "he", "she"})


def _asks_what_name_is(text: str) -> bool:
    """``What is Docker``, ``What is a pod``: a question of what one name is, however short (``What
    is it``, ``What is this for`` lean on the line above)."""
    found = _WHAT_IS_NAME.match(text)
    if found is None:
        return False
    name = found.group("name").strip()
    words = name.split()
    return 1 <= len(words) <= 4 and words[0].lower() not in _PRONOUNS and looks_like_term(name)


def names_its_subject(question: str) -> bool:
    """A question a learner can answer from its own words: long enough to name what it asks about
    (or asking what one name is: ``What is Docker?``), and not leaning on the line above it
    (``Why?``, ``それはなぜ？``, ``How does it work?``)."""
    text = " ".join(question.split()).rstrip("?？ ")
    if len(text) < (_MIN_CJK_QUESTION_CHARS if has_cjk(text) else MIN_SENTENCE_CHARS) and not _asks_what_name_is(text):
        return False
    return not (LEANING_ITEM.match(text) or LEANING_QUESTION.match(text) or opens_with_connective(text))


def _answer_parts(item: ListItem) -> tuple[ListItem, tuple[ListItem, ...]] | None:
    """The one answer bullet under a question bullet and the side notes after it (``※…``), when the
    question holds nothing but one list of them; else None."""
    if len(item.children) != 1 or not isinstance(item.children[0], ListBlock):
        return None
    answer, *rest = item.children[0].items
    if answer.children or not answer.text.strip() or NOTE_ITEM.match(answer.text):
        return None
    if any(not NOTE_ITEM.match(note.text) for note in rest):
        return None  # two answers, or a list of points: other extractors read those
    return answer, tuple(rest)


def _first_says_what(item: ListItem, question: str) -> tuple[ListItem, tuple[ListItem, ...]] | None:
    """``What are Linux Containers?`` over several plain bullets, the first a statement about the name
    it asks (``Containers are isolated …``): the first is the answer, the others more about it
    (Details); None for any other shape."""
    found = _WHAT_IS_NAME.match(" ".join(question.split()).rstrip("?？ "))
    if found is None or not _asks_what_name_is(found.group(0)):
        return None
    if len(item.children) != 1 or not isinstance(item.children[0], ListBlock):
        return None
    first, *rest = item.children[0].items
    if not rest or any(point.children or not point.text.strip() for point in (first, *rest)):
        return None
    head = fold(found.group("name").split()[-1]).rstrip("s")
    opening = fold(" ".join(first.text.split()[:3]))
    return (first, tuple(rest)) if len(head) >= 3 and head in opening else None


def _short_answer(answer: ListItem) -> bool:
    text = plain_html(answer.html)
    if "<pre" in answer.html or "<table" in answer.html or len(text) > MAX_QUESTION_ANSWER_CHARS:
        return False
    ends = len(_SENTENCE_END.findall(text.rstrip("。.!?！？"))) + 1
    return ends <= MAX_ANSWER_SENTENCES


@register("question-items", order=37)
def extract_question_items(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        for item, _ in iter_items(section.blocks):
            question = " ".join(item.text.split())
            if context.claimed(item) or not question.endswith(("?", "？")):
                continue
            if not names_its_subject(question):
                _leaning_question(item, question, context)
                continue
            parts = _answer_parts(item) or _first_says_what(item, question)
            if parts is None:
                continue
            answer, notes = parts
            if any(context.claimed(part) for part in (answer, *notes)):
                continue
            if len(question) > MAX_QUESTION_ITEM_CHARS or not _short_answer(answer):
                context.skip(
                    item.span.at(item.span.line, answer.span.end_line),
                    question,
                    "the question or its answer is too long for one card (a scenario to read, not a fact to "
                    "recall); shorten the question to what it asks, and the answer to one or two sentences",
                    code="question-too-long",
                )
                reason = "the answer to a question too long for one card"
                context.skip(answer.span, answer.text, reason, code="question-too-long")
                continue
            details = ""
            if notes:
                details = "<ul>" + "".join(f"<li>{note.html}</li>" for note in notes) + "</ul>"
            end = (notes[-1] if notes else answer).span.end_line
            context.emit(
                NoteKind.BASIC,
                clean_term(question),
                item.span.at(item.span.line, end),
                {"Question": item.html, "Answer": answer.html, "Details": details},
                section=section,
                source=item,
            )
            context.claim(item, item.children[0], answer, *notes)


_WHY = lazy_compile(r"なぜ|何故|理由|\bwhy\b", re.IGNORECASE)
"""A question that asks for reasons (``なぜ X を使用するのか？``, ``Why use X?``)."""


@register("question-reasons", order=24)
def extract_question_reasons(document: Document, context: ExtractContext) -> None:
    """A why-question bullet over labelled reasons (``- なぜ NLB を使用するのか？`` then ``- 固定 IP
    アドレスのサポート: NLB は固定 IP …``): each label is an answer to the question, not a term, so
    read as definitions they made fronts that give their answer away (``固定 IP アドレスのサポート`` →
    "NLB supports fixed IPs"). A cloze per reason asks the question with that reason's label as
    the gap and the other labels in view; its explanation is the Details. Not for a question that
    leans on the line above (``それはなぜ？``), a reason with bullets of its own, or labels too long
    to hide."""
    for section in study_sections(document):
        for item, _ in iter_items(section.blocks):
            question = " ".join(item.text.split())
            if context.claimed(item) or not question.endswith(("?", "？")) or not _WHY.search(question):
                continue
            if len(question) > MAX_QUESTION_ITEM_CHARS or not names_its_subject(question):
                continue
            if len(item.children) != 1 or not isinstance(item.children[0], ListBlock):
                continue
            reasons = item.children[0].items
            if not 2 <= len(reasons) <= MAX_LIST_GAPS or any(reason.children for reason in reasons):
                continue
            if any(context.claimed(reason) for reason in reasons):
                continue
            labels: list[str] = []
            for reason in reasons:
                split = split_definition(reason.inlines)
                label = clean_term(split[0]) if split is not None else ""
                if not label or len(label) > MAX_LIST_GAP_CHARS or len(plain_html(reason.html)) <= len(label) + 4:
                    break
                labels.append(label)
            if len(labels) != len(reasons) or len({fold(label) for label in labels}) != len(labels):
                continue
            # one cloze per reason, the other reasons in view: each keeps the identity its label had
            # as a definition (the label, then the heading it is under), so its GUID survives
            owner = clean_term(section.title) if section.level else ""
            for index, reason in enumerate(reasons):
                shown = "".join(
                    f"<li>{cloze_gap(1, html.escape(label)) if other == index else html.escape(label)}</li>"
                    for other, label in enumerate(labels)
                )
                key = f"{labels[index]}\x1f{owner}" if owner and fold(owner) != fold(labels[index]) else labels[index]
                context.emit(
                    NoteKind.CLOZE,
                    key,
                    reason.span if index else item.span.at(item.span.line, reason.span.end_line),
                    {"Text": f"{html.escape(question)}<ul>{shown}</ul>", "Details": f"<p>{reason.html}</p>"},
                    section=section,
                    source=reason,
                )
            context.claim(item, item.children[0], *reasons)
        _reason_lead_ins(section, context)
        _occasion_lists(section, context)


_OCCASION_LEAD = lazy_compile(r"(?:タイミング|ケース|場面|場合|時|とき)\s*[:：]?\s*$")
"""A bullet that says the items under it are occasions (``- CodeDeploy が動作する主なタイミング:``)."""
_OCCASION_LABEL = lazy_compile(r"(?:時|とき|場合|際)$")
"""A label that names an occasion (``アプリケーションが更新された時``)."""


def _occasion_lists(section: Section, context: ExtractContext) -> None:
    """A bullet that says when something happens (``- Acme Deployer が動く主なタイミング:``) over
    labelled occasions (``- 設定が変わった時:`` with its explanation below or after the colon): each
    label is one answer to "when?", so read as a definition its front (``…タイミング › 設定が変わった
    時``) gave its answer away. A cloze per occasion asks the lead-in with that label as the gap and the
    other labels in view; its explanation is the Details. Each keeps the key its label had as a
    definition (the label, then the lead-in's term), so a learner's note is recast, not new."""
    for item, _ in list(iter_items(section.blocks)):
        lead = " ".join(item.text.split())
        if context.claimed(item) or not _OCCASION_LEAD.search(lead) or len(item.children) != 1:
            continue
        block = item.children[0]
        if not isinstance(block, ListBlock) or not 2 <= len(block.items) <= MAX_LIST_GAPS:
            continue
        owner = clean_term(lead.rstrip(" :："))
        if not owner or len(owner) > MAX_QUESTION_ITEM_CHARS:
            continue
        occasions: list[tuple[ListItem, str, str]] = []
        for occasion in block.items:
            split = split_definition(occasion.inlines)
            label = clean_term(split[0]) if split is not None else clean_term(occasion.text.rstrip(" :："))
            if context.claimed(occasion) or not label or len(label) > MAX_LIST_GAP_CHARS:
                break
            if not _OCCASION_LABEL.search(label):
                break
            said = plain_html(inline_html(split[1])) if split is not None else ""
            if said and occasion.children:
                break
            if occasion.children:
                explained = children_html(occasion)
            elif said:
                explained = f"<p>{inline_html(split[1]) if split is not None else ''}</p>"
            else:
                break
            occasions.append((occasion, label, explained))
        if len(occasions) != len(block.items) or len({fold(label) for _, label, _ in occasions}) != len(occasions):
            continue
        for index, (occasion, label, explained) in enumerate(occasions):
            shown = "".join(
                f"<li>{cloze_gap(1, html.escape(other)) if at == index else html.escape(other)}</li>"
                for at, (_, other, _) in enumerate(occasions)
            )
            context.emit(
                NoteKind.CLOZE,
                f"{label}\x1f{owner}" if fold(owner) != fold(label) else label,
                occasion.span if index else item.span.at(item.span.line, occasion.span.end_line),
                {"Text": f"{html.escape(owner)}<ul>{shown}</ul>", "Details": explained},
                section=section,
                source=occasion,
            )
        context.claim(item, block, *(part for occasion, _, _ in occasions for part in (occasion, *occasion.children)))


_ANNOUNCES = lazy_compile(r"以下|次の|下記|挙げ|\bfollowing\b|\bbelow\b|[:：]\s*$", re.IGNORECASE)
"""A line that announces the list after it (``以下に理由を挙げます``, ``for the following reasons:``)."""


def _labelled_reason(item: ListItem) -> tuple[ListItem, tuple[object, ...]] | None:
    """The item that states one reason of a list (``- テストの自動化: …``), and the wrappers it sits
    in: a bullet that holds only a numbered item (``- 3. テストの自動化: …``) is that item."""
    if not item.text.strip() and len(item.children) == 1 and isinstance(item.children[0], ListBlock):
        inner = item.children[0]
        if len(inner.items) == 1 and not inner.items[0].children and inner.items[0].text.strip():
            return inner.items[0], (item, inner)
        return None
    if item.children or not item.text.strip():
        return None
    return item, ()


def _reason_lead_ins(section: Section, context: ExtractContext) -> None:
    """A bullet that says what a list of reasons is about and announces it (``- 毎回作り直す理由は
    …。以下に挙げます。`` then ``- 1. 依存の更新: …``, ``- 2. 誤りの検出: …`` as its siblings): the
    labels answer that lead-in, not a question of their own, so read as definitions their fronts
    (``依存の更新``) lost what they are reasons for. As for a why-question over its reasons, a cloze
    per reason asks the lead-in with that label as the gap and the other labels in view; its
    explanation is the Details."""
    for item, _ in list(iter_items(section.blocks)):
        for sublist in item.sublists:
            _reason_list(sublist, item, section, context)
    for top in section.blocks:
        if isinstance(top, ListBlock):
            _reason_list(top, None, section, context)


def _reason_list(block: ListBlock, owner_item: ListItem | None, section: Section, context: ExtractContext) -> None:
    items = block.items
    for start, lead in enumerate(items):
        text = " ".join(lead.text.split())
        if context.claimed(lead) or lead.children or not _WHY.search(text) or not _ANNOUNCES.search(text):
            continue
        reasons: list[tuple[ListItem, tuple[object, ...]]] = []
        for sibling in items[start + 1 :]:
            found = _labelled_reason(sibling)
            if found is None or context.claimed(found[0]):
                break
            reasons.append(found)
        if not 2 <= len(reasons) <= MAX_LIST_GAPS:
            continue
        labels: list[str] = []
        for reason, _ in reasons:
            split = split_definition(reason.inlines)
            label = clean_term(split[0]) if split is not None else ""
            if not label or len(label) > MAX_LIST_GAP_CHARS or len(plain_html(reason.html)) <= len(label) + 4:
                break
            labels.append(label)
        if len(labels) != len(reasons) or len({fold(label) for label in labels}) != len(labels):
            continue
        # each keeps the identity its label had as a definition (the label, then what the definition
        # extractor takes as its owner: the bullet it is under, else the heading), so a learner's
        # note is recast under its own key: a numbered reason's wrapper bullet names no owner
        from .definitions import owner_term

        for index, (reason, wrappers) in enumerate(reasons):
            parent = wrappers[0] if wrappers else owner_item
            owner = owner_term(parent if isinstance(parent, ListItem) else None, section)
            shown = "".join(
                f"<li>{cloze_gap(1, html.escape(label)) if other == index else html.escape(label)}</li>"
                for other, label in enumerate(labels)
            )
            key = f"{labels[index]}\x1f{owner}" if owner and fold(owner) != fold(labels[index]) else labels[index]
            context.emit(
                NoteKind.CLOZE,
                key,
                reason.span if index else lead.span.at(lead.span.line, reason.span.end_line),
                {"Text": f"{lead.html}<ul>{shown}</ul>", "Details": f"<p>{reason.html}</p>"},
                section=section,
                source=reason,
            )
        context.claim(lead, *(part for reason, wrappers in reasons for part in (reason, *wrappers)))
        return


def _leaning_question(item: ListItem, question: str, context: ExtractContext) -> None:
    """A question bullet that leans on the line above it (``それはなぜ？``, ``How does it scale?``)
    over its one answer: no card can ask it alone, and read as a term it made a junk definition
    (``それはなぜ`` → the answer). An explain line (``question-leans``), its answer claimed with it."""
    text = " ".join(question.split()).rstrip("?？ ")
    if not (LEANING_QUESTION.match(text) or opens_with_connective(text)) or fold(text) in QUESTION_LABELS:
        return
    parts = _answer_parts(item)
    if parts is None or any(context.claimed(part) for part in (parts[0], *parts[1])):
        return
    answer, notes = parts
    end = (notes[-1] if notes else answer).span.end_line
    context.skip(
        item.span.at(item.span.line, end),
        question,
        f"the question {question[:40]!r} leans on the line above it (それ, it): alone it asks nothing; "
        "write what it asks about (`Xはなぜ速いのか？`, `Why is X fast?`) to get a card",
        code="question-leans",
    )
    context.claim(item, item.children[0], answer, *notes)


# ------------------------------------------------------------------------------------------------
# a question line over its answer line
# ------------------------------------------------------------------------------------------------

_ASKED_THING = lazy_compile(r"[\u3040-\u309f\u4e00-\u9fff](?:[うくぐすつぬぶむる]|た|ない)(?:もの|こと)$")
"""A Japanese line that ends on a relative clause and the thing it describes (``…の間で共有されるもの``,
``…が担当すること``): what the line asks for, as an exam question written without its ``？``."""
MAX_SHORT_ANSWER_CHARS = 20
"""An answer line longer than this is an explanation, not the name a question line asks for."""


def _asked_line(line: str) -> bool:
    text = " ".join(line.split())
    if not has_cjk(text) or not _MIN_CJK_QUESTION_CHARS <= len(text) <= MAX_QUESTION_ITEM_CHARS:
        return False
    if any(mark in text for mark in ":：。？?") or opens_with_connective(text) or LEANING_ITEM.match(text):
        return False
    return _ASKED_THING.search(text) is not None


def _answer_line(line: str) -> bool:
    text = " ".join(line.split())
    if not text or len(text) > MAX_SHORT_ANSWER_CHARS or any(mark in text for mark in ":：。、,"):
        return False
    return looks_like_term(text) and not _ASKED_THING.search(text)


@register("question-lines", order=39)
def extract_question_lines(document: Document, context: ExtractContext) -> None:
    """A paragraph that opens with a line asking for a thing (``…の間で共有されるもの``) and goes on
    with a short name on the next line (``パッチ管理``): one basic card, that line → the name. The
    lines after it are left to the other extractors (``顧客責任:…`` lines under it)."""
    for section in study_sections(document):
        for block in top_level_blocks(section.blocks):
            if not isinstance(block, Paragraph) or context.claimed(block):
                continue
            if any(part.kind not in ("text", "br") for part in block.inlines):
                continue
            lines = block.text.split("\n")
            if len(lines) < 2 or not _asked_line(lines[0]) or not _answer_line(lines[1]):
                continue
            question, answer = " ".join(lines[0].split()), " ".join(lines[1].split())
            context.emit(
                NoteKind.BASIC,
                question,
                block.span.at(block.span.line, block.span.line + 1),
                {"Question": html.escape(question), "Answer": html.escape(answer)},
                section=section,
                source=block,
            )
