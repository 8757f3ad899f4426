"""Heading lists: a heading whose only content is a short list of plain bullets
(``### Continuous Integration`` then ``- frequent code changes``, ``- Using a CI Server``) is
defined by that list: one card for the heading, the bullets its answer.

No bullet says what the heading is on its own, and each alone is a fragment, so nothing was asked.
The heading must be a term (not a topic title, a step, or a grouping word such as 概要); a label
heading (Goals, メリット) is asked with the heading above it (``DevOps Culture › Goals``). A list
of ``Term: text`` bullets, bullets with children, bold key phrases (not a stressed ``**NOT**``),
code (tools: code clozes), links or sentences (。) is left to the other extractors, and so is a
list followed by more text under the heading. It runs last among the definitions, on what nothing
else used.

A heading that asks a question (``## Why use containers?``, ``### Redisはなぜ速いのか？``) over such a
list is answered by it: one basic card, the heading the question (led by the heading above it when
the question alone names nothing: ``Redis › なぜ速いのか？``), its bullets the answer. Sentences may
be its bullets; the selection pass then asks them a gap each (extract/recital.py). A list of three
or more that no gap can ask one by one stays an explain line (``list-to-recite``).

A heading whose first paragraph another card already asks (its definition: ``#### Traditional
Flow`` / ``Dev -> QA -> Ops``) and a list after it (the flow's problems, a service's properties, what
a provider gives) is asked a gap per point: one cloze led by the heading, when every point is a
short phrase or statement a gap can hide (the same choice as the selection pass's list clozes,
extract/recital.py) and none names the heading's subject (sentences of their own, the object
clozes'); a closing paragraph may follow, a second list may not. Before, each point was lost as
"a name with nothing that explains it".

Heading bullets (``heading-bullets``, after the rest): a heading that names a thing (``# VNet``, ``###
Amazon Foo``) whose list opens on a bullet with no subject that says what the thing is, a noun phrase
(``- a private network that isolates …``, ``- …を自動で行うサービス``), gets that bullet as its
definition, when no card defines the heading yet. A bullet after it that states one limit, need or
capability of the thing (``- cannot span zones but …``, ``- 拠点の追加には申請が必要``) is asked a gap on
the phrase after its verb (before it, in Japanese), in one cloze led by the heading; any other bullet
(a clause with no such phrase, a step, an opinion) stays an explain line.
"""

from __future__ import annotations

import html
import re
import unicodedata

from ankigen.patterns import lazy_compile

from ..model import Document, Inline, ListBlock, ListItem, NoteKind, Paragraph, Section
from . import ExtractContext, register
from .common import (
    SENTENCE_THEN_MORE,
    block_html,
    clean_term,
    fold,
    has_cjk,
    is_group_heading,
    is_topic_title,
    looks_like_term,
    split_definition,
    study_sections,
)
from .question_lists import QUESTION_LABELS, names_its_subject
from .recital import (
    QUALIFIER,
    gap_phrase,
    key_phrase,
    points_html,
    recited_items,
    statement_cloze_text,
    statement_items,
)
from .tags import breadcrumb
from .vocabulary import (
    ABOUT_THE_TEXT,
    COLLECTION_LEAD_IN,
    FUNCTION_WORDS,
    HEADING_BULLET_DEFINITION_EN,
    HEADING_BULLET_KINDS_JA,
    HEADING_BULLET_PROPERTY_EN,
    HEADING_BULLET_PROPERTY_JA,
    MAX_QUESTION_ITEM_CHARS,
    MIN_RECITED_ITEMS,
)

MAX_ITEMS = 8
MAX_ITEM_LENGTH = 80
_WHAT_IS = lazy_compile(r"^(?:what\s+(?:is|are)\s+(?:an?\s+|the\s+)?)(.+?)\s*\??$", re.IGNORECASE)
_NUMBERED = lazy_compile(r"^\s*(?:\d+[.)．]|第\s*\d+)")


def _term(section: Section, parents: dict[int, Section]) -> str:
    title = section.title.strip()
    what = _WHAT_IS.match(title)
    term = clean_term(what.group(1) if what else title)
    if _NUMBERED.match(title) or is_topic_title(term) or not looks_like_term(term):
        return ""
    if is_group_heading(term) and fold(term) not in QUESTION_LABELS:
        return ""  # 概要, Key points: a heading that only groups
    if fold(term) in QUESTION_LABELS:
        parent = parents.get(id(section))
        if parent is None or is_group_heading(parent.title):
            return ""
        owner = clean_term(parent.title)
        return f"{owner} › {term}" if looks_like_term(owner) else ""
    return term


def _question(section: Section, parents: dict[int, Section]) -> str:
    """The question a heading asks (``Why use containers?``), led by the term heading above it when
    it names nothing on its own (``Redis › なぜ速いのか？``); '' for any other heading."""
    title = " ".join(section.title.replace("**", "").replace("`", "").split())
    if not title.endswith(("?", "？")) or len(title) > MAX_QUESTION_ITEM_CHARS or _NUMBERED.match(title):
        return ""
    if names_its_subject(title):
        return title
    parent = parents.get(id(section))
    if parent is None or not parent.level or is_group_heading(parent.title):
        return ""
    owner = clean_term(parent.title)
    return f"{owner} › {title}" if looks_like_term(owner) and not is_topic_title(owner) else ""


def _plain_list(block: ListBlock, sentences: bool) -> bool:
    """``sentences``: bullets may be sentences (under a label heading such as 欠点, the
    disadvantages are often written out), else a sentence bullet means running notes."""
    if not 2 <= len(block.items) <= MAX_ITEMS:
        return False
    for item in block.items:
        if not item.text.strip() or len(item.text) > MAX_ITEM_LENGTH:
            return False
        if item.children and not (sentences and _leaf_lists(item)):
            return False  # under a label heading (欠点), a reason may carry its own sub-points
        if "。" in item.text and not sentences:
            return False
        if split_definition(item.inlines) is not None:
            return False
        if any(part.kind in ("strong", "mark", "code") and not _function_word(part) for part in item.inlines):
            return False
    # a list of links is a reading list, not a meaning
    return not all({part.kind for part in item.inlines if part.text.strip()} <= {"link"} for item in block.items)


def _leaf_lists(item: ListItem) -> bool:
    """Children that are only lists of bullets with nothing nested under them."""
    return all(isinstance(child, ListBlock) and all(not sub.children for sub in child.items) for child in item.children)


def _function_word(part: Inline) -> bool:
    """A bold ``NOT`` or ``only`` stresses a word; it is no key phrase for a cloze to take."""
    return part.kind in ("strong", "mark") and fold(part.text) in FUNCTION_WORDS


def _section_parents(sections: list[Section]) -> dict[int, Section]:
    """Each section's enclosing heading section (by ``id``), from the sections in document order."""
    parents: dict[int, Section] = {}
    stack: list[Section] = []
    for section in sections:
        while stack and stack[-1].level >= section.level:
            stack.pop()
        if stack:
            parents[id(section)] = stack[-1]
        if section.level:
            stack.append(section)
    return parents


@register("heading-lists", order=58)
def extract_heading_lists(document: Document, context: ExtractContext) -> None:
    sections = list(study_sections(document))
    parents = _section_parents(sections)
    for section in sections:
        if section.level < 2 or not section.blocks:
            continue
        led = _led_list(section, context)
        if led is not None:
            _lead_in_list(section, parents, led, context)
            continue
        if not isinstance(section.blocks[0], ListBlock):
            continue
        block = section.blocks[0]
        if not all(context.claimed(other) for other in section.blocks[1:]) and not _counted_list(section, block):
            continue  # more under the heading than the list: the list is not its whole meaning
        items = [*block.items, *(sub for item in block.items for child in item.sublists for sub in child.items)]
        if context.claimed(block) or any(context.claimed(item) for item in items):
            continue
        term = _term(section, parents)
        if not term:
            _question_list(section, parents, block, items, context)
            continue
        label = any(fold(part) in QUESTION_LABELS for part in re.split(r" › |[:：]", term))
        if not _plain_list(block, sentences=label):
            continue
        if (label or _topic_heading(term)) and _sentences_to_recite(section, term, block, items, context):
            continue
        if _topic_heading(term) and _glossed_members(section, term, block, items, context):
            continue
        context.emit(
            NoteKind.DEFINITION,
            term,
            section.span.at(section.span.line, block.span.end_line),
            {"Term": html.escape(term), "Definition": block_html(block)},
            section=section,
            term=term,
            source=block,
        )
        context.claim(block, *items)


_COUNTED_TITLE = lazy_compile(r"(?<![0-9０-９])(?P<count>[2-8２-８])\s*(?:つ|個|種類|大|点|原則|本柱)の?")


def _counted_list(section: Section, block: ListBlock) -> bool:
    """A heading that counts its things (``## クラウドの6つのメリット``) over a list of that many
    short items: the list is the set the heading names, whatever the author writes about each item
    below it (a bold line over an image, a paragraph per item)."""
    match = _COUNTED_TITLE.search(section.title)
    if match is None or any(item.children for item in block.items):
        return False
    return len(block.items) == int(unicodedata.normalize("NFKC", match.group("count")))


MIN_MIXED_SET_ITEMS = 6
"""A list this long under a title that joins two kinds (``concepts/features``) is no one set a gap
could cue: each gap would show the other items and nothing in the order says which one is hidden."""
_GLOSSED_ITEM = lazy_compile(r"^(?P<name>[^()（）]{1,40}?)\s*[(（](?P<gloss>[^()（）]+)[)）]$")


def _glossed_members(
    section: Section, term: str, block: ListBlock, items: list[ListItem], context: ExtractContext
) -> bool:
    """A long list of names under a joined title (``## parts/settings`` over seven bullets), some
    written ``name (what it is)``: each glossed one is a definition of its own (the title in Context),
    and a bare name alone is an explain line, instead of one cloze of seven gaps under a vague label.
    True when so (the list is used up)."""
    if len(items) < MIN_MIXED_SET_ITEMS or any(item.children for item in items):
        return False
    glossed: list[tuple[ListItem, str, str]] = []
    for item in items:
        match = _GLOSSED_ITEM.match(item.text.strip())
        if match is None:
            continue
        name, gloss = clean_term(match.group("name")), match.group("gloss").strip()
        if not looks_like_term(name) or name.isupper() or (len(gloss.split()) < 2 and not has_cjk(gloss)):
            continue  # ``S3 (Simple Storage Service)``: an expansion, a name; one word: a tag, no gloss
        glossed.append((item, name, gloss))
    if len(glossed) < 2:
        return False
    for item, name, gloss in glossed:
        context.emit(
            NoteKind.DEFINITION,
            name,
            item.span,
            {
                "Term": html.escape(name),
                "Definition": html.escape(gloss),
                "Context": breadcrumb(section.path, name),
            },
            section=section,
            term=name,
            source=item,
        )
    named = {id(item) for item, _, _ in glossed}
    for item in items:
        if id(item) not in named:
            context.skip(
                item.span,
                item.text,
                f"one of {len(items)} names under '{term}', a title that joins two kinds: a gap for it would "
                "show the other names with nothing to say which is hidden; write `- Name (what it is)` for a card",
                code="bare-name",
            )
    context.claim(block, *items)
    return True


def _led_list(section: Section, context: ExtractContext) -> ListBlock | None:
    """The list of a heading whose one paragraph before it another card already asks (``#### Traditional
    Flow`` / ``Dev -> QA -> Ops`` / six problems): the list after that paragraph, when nothing else under
    the heading is left; else None."""
    blocks = section.blocks
    if len(blocks) < 2 or not isinstance(blocks[0], Paragraph) or not isinstance(blocks[1], ListBlock):
        return None
    if not context.claimed(blocks[0]):
        return None
    if not all(context.claimed(other) or isinstance(other, Paragraph) for other in blocks[2:]):
        return None  # another list under the heading: which one its subject's facts are is unclear
    return blocks[1]


def _lead_in_list(section: Section, parents: dict[int, Section], block: ListBlock, context: ExtractContext) -> None:
    """A heading's list after a paragraph another card asks: its items are more facts about the
    heading's subject, asked a gap each (one cloze, ``Traditional Flow: {{c1::No trust between
    teams}} …``). Only when every item is a short phrase or statement a gap can hide
    (:func:`recited_items`, :func:`statement_items`): a definition holding the list would repeat the
    paragraph's card."""
    items = list(block.items)
    if context.claimed(block) or any(context.claimed(item) or item.children for item in items):
        return
    term = _term(section, parents)
    if not term or not _plain_list(block, sentences=True):
        return
    if any(fold(term) in fold(item.text) for item in items):
        return  # ``印刷サーバーは…`` ×3: sentences of their own about the subject (the object clozes'), no points
    answer = block_html(block)
    tag = "ol" if block.ordered else "ul"
    prompt = html.escape(term)
    announced = _announcement(section)
    if announced:  # ``AWS will provide different options`` over the options: the front says what they are
        prompt = f"{prompt}{QUALIFIER}{html.escape(announced)}:"
    recited = recited_items(answer)
    statements = statement_items(answer) if recited is None else [(item, [], tag) for item in recited[0]]
    if statements is None:
        return
    context.emit(
        NoteKind.CLOZE,
        term,
        section.span.at(block.span.line, block.span.end_line),
        {"Text": statement_cloze_text(prompt, statements, tag)},
        section=section,
        term=term,
        source=block,
    )
    context.claim(block, *items)


MAX_ANNOUNCEMENT_CHARS = 80


def _announcement(section: Section) -> str:
    """The one short sentence before a heading's list that says what its items are (``AWS will
    provide different options``), which no card asks: without it the items' front is only the
    heading; '' when the paragraph is another card's or speaks of the notes themselves."""
    lead = section.blocks[0]
    if not isinstance(lead, Paragraph):
        return ""
    text = " ".join(lead.text.split()).rstrip(":：").rstrip()
    if not text or len(text) > MAX_ANNOUNCEMENT_CHARS or SENTENCE_THEN_MORE.search(text):
        return ""
    if ABOUT_THE_TEXT.match(text) or not COLLECTION_LEAD_IN.search(text):
        return ""
    return text


_JOINED_TOPICS = lazy_compile(r"\S\s*と\s*\S|\s(?:or|vs\.?|and|&)\s|[/／]", re.IGNORECASE)
_TITLE_COLON = lazy_compile(r"^\S.{0,30}?[:：]\s*\S")
_ASPECT = lazy_compile(r"^[^の、。\s]{2,20}の[^の、。\s]{2,15}$")
_ACTION = lazy_compile(r"^[A-Z][a-z]+ing\s+\S")


def _topic_heading(term: str) -> bool:
    """A heading that titles a topic rather than naming one term: two or more things joined (``X と Y
    or Z``, ``A vs B``, ``Caching & Queues``), a coded title (``OWASP A3: …``, ``Part 2: …``), an aspect
    of a subject (``バックアップの取り扱い``) or an action (``Hardening the relay``). Points under it are
    each a point of the topic, not what a term is."""
    return bool(_JOINED_TOPICS.search(term) or _TITLE_COLON.match(term) or _ASPECT.match(term) or _ACTION.match(term))


def _sentences_to_recite(
    section: Section, term: str, block: ListBlock, items: list[ListItem], context: ExtractContext
) -> bool:
    """A heading (a label such as ``欠点: DNS``, or a topic such as ``Hardening the relay``) over three
    or more points written as whole sentences: no gap can ask one (it would hide a sentence), and one
    card holding them all is a paragraph to recite (cut after its first points, the rest is lost),
    under a prompt that only names the label or topic, not a term the points define. An explain line
    (``list-to-recite``), not a card; True when so."""
    answer = block_html(block)
    if len(items) < MIN_RECITED_ITEMS or recited_items(answer) is not None or statement_items(answer) is not None:
        return False
    if _key_phrase_points(section, term, block, context):
        return True
    context.skip(
        section.span.at(section.span.line, block.span.end_line),
        term,
        f"the {len(items)} points under '{term}' are whole sentences: a gap hiding one asks a sentence to recite, "
        "and one card holding them all is a paragraph; write each as a short phrase, or bold its key phrase",
        code="list-to-recite",
    )
    return True


def _key_phrase_points(section: Section, term: str, block: ListBlock, context: ExtractContext) -> bool:
    """A label heading's points written as whole sentences (``欠点: DNS`` → ``…接続には少し遅延が生じる。``)
    asked a gap each on the key phrase their claim ends on (:func:`key_phrase`: ``遅延``): one cloze led
    by the heading, each point whose phrase is clear a row of it. A point with no clear phrase (its
    claim ends on ``必要``, or its phrase shows in a sibling point) is left off, free for another
    extractor (a token or a name in it) or its explain line; True when a cloze was made."""
    if any(item.children for item in block.items):
        return False  # a point with sub-points: its own small tree, not one sentence
    points = points_html(block_html(block))
    if points is None or len(points) != len(block.items):
        return False
    rows: list[str] = []
    asked: list[ListItem] = []
    for index, (item, point) in enumerate(zip(block.items, points, strict=True)):
        others = points[:index] + points[index + 1 :]
        phrase = key_phrase(point, others, f"{term} {section.title}")
        gapped = gap_phrase(point, phrase, len(rows) + 1) if phrase else None
        if gapped is not None:
            rows.append(gapped)
            asked.append(item)
    if not rows:
        return False
    tag = "ol" if block.ordered else "ul"
    body = f"<{tag}>" + "".join(f"<li>{row}</li>" for row in rows) + f"</{tag}>"
    prompt = html.escape(term)
    text = f"{prompt}{body}" if re.search(r"[:：?？]", term) else f"{prompt}:{body}"
    context.emit(
        NoteKind.CLOZE,
        term,
        section.span.at(asked[0].span.line, block.span.end_line),
        {"Text": text},
        section=section,
        term=term,
        source=block,
    )
    context.claim(*asked)  # a point left off stays free for another card (a name or token in it)
    return True


def _question_list(
    section: Section, parents: dict[int, Section], block: ListBlock, items: list[ListItem], context: ExtractContext
) -> None:
    """A question heading over its list: one basic card (see the module's docstring)."""
    question = _question(section, parents)
    if not question or not _plain_list(block, sentences=True):
        return
    answer = block_html(block)
    span = section.span.at(section.span.line, block.span.end_line)
    if len(block.items) >= MIN_RECITED_ITEMS and recited_items(answer) is None and statement_items(answer) is None:
        context.skip(
            span,
            question,
            f"the answer to '{question}' would be {len(block.items)} points to recite on one card, and they are "
            "too long or lean on each other for a gap each; write each as a short statement",
            code="list-to-recite",
        )
        return
    context.emit(
        NoteKind.BASIC,
        question,
        span,
        {"Question": html.escape(question), "Answer": answer},
        section=section,
        term=clean_term(section.title),
        source=block,
    )
    context.claim(block, *items)


_EN_FINITE = lazy_compile(r"\s(?:is|are|was|were|has|have)\s", re.IGNORECASE)
_MAX_DEFINING_BULLET_CHARS = 200
_JA_CONJUNCTION_HA = lazy_compile(r"または|あるいは|もしくは|ないしは")


def _defines_heading(text: str, term: str) -> bool:
    """A bullet with no subject that says what the heading's thing is: an English noun phrase opening
    on an article with no verb of its own (``a logical network used to …``), or a Japanese clause
    ending on a kind of thing (``…を行うサービス``) with no topic of its own (``Xは``)."""
    text = " ".join(text.split()).rstrip("。．. ")
    if not text or len(text) > _MAX_DEFINING_BULLET_CHARS or fold(term) in fold(text):
        return False
    if SENTENCE_THEN_MORE.search(text) or text.endswith(("：", ":")):
        return False  # two sentences, or a lead-in to a list
    if HEADING_BULLET_DEFINITION_EN.match(text):
        return _EN_FINITE.search(f" {text} ") is None
    core = text.rstrip("。")
    # the は of a conjunction (``発行、または、インポート``) marks no topic of its own
    topical = _JA_CONJUNCTION_HA.sub("", core)
    if len(core) < 8 or "は" in topical or core in HEADING_BULLET_KINDS_JA:
        return False  # a bare kind word, or a sentence with a topic of its own (``Xは``)
    return core.endswith(HEADING_BULLET_KINDS_JA)


@register("heading-bullets", order=59)
def extract_heading_bullets(document: Document, context: ExtractContext) -> None:
    """A term heading's first bullet that says, with no subject, what the heading's thing is: the
    heading's definition (see the module's docstring)."""
    sections = list(study_sections(document))
    parents = _section_parents(sections)
    defined = {fold(candidate.term or candidate.note.key) for candidate in context.candidates}
    for section in sections:
        if section.level < 1 or not section.blocks or not isinstance(section.blocks[0], ListBlock):
            continue
        block = section.blocks[0]
        first = block.items[0] if block.items else None
        if first is None or context.claimed(block) or context.claimed(first) or first.children:
            continue
        term = _term(section, parents)
        if not term or "›" in term or _topic_heading(term) or fold(term) in defined:
            continue
        if split_definition(first.inlines) is not None or _marked(first):
            continue  # a key phrase or a name (other extractors'), a link (a reading list)
        if not _defines_heading(first.text, term):
            continue
        context.emit(
            NoteKind.DEFINITION,
            term,
            section.span.at(section.span.line, first.span.end_line),
            {"Term": html.escape(term), "Definition": html.escape(" ".join(first.text.split()))},
            section=section,
            term=term,
            source=first,
        )
        context.claim(first)
        defined.add(fold(term))
        _property_bullets(section, term, list(block.items[1:]), context)


def _marked(item: ListItem) -> bool:
    """A bullet holding a key phrase, a name in code or a link: another extractor's, or a reading list."""
    return any(part.kind in ("strong", "mark", "code", "link") for part in item.inlines)


def _property_phrase(text: str) -> str:
    """The phrase a gap hides in a subject-less bullet stating one limit, need or capability; ''."""
    text = " ".join(text.split())
    if SENTENCE_THEN_MORE.search(text):
        return ""  # more than one sentence
    match = HEADING_BULLET_PROPERTY_JA.search(text) if has_cjk(text) else HEADING_BULLET_PROPERTY_EN.match(text)
    if match is None:
        return ""
    phrase = match.group("phrase").strip()
    if fold(phrase) in FUNCTION_WORDS or len(phrase) < 2 or text.count(phrase) != 1:
        return ""
    return phrase


def _property_bullets(section: Section, term: str, items: list[ListItem], context: ExtractContext) -> None:
    """The bullets after a heading's defining bullet that each state one limit, need or capability of
    its thing: one cloze led by the heading, a gap per bullet (see the module's docstring)."""
    rows: list[str] = []
    asked: list[ListItem] = []
    texts = [" ".join(item.text.split()) for item in items]
    for index, item in enumerate(items):
        if context.claimed(item) or item.children or split_definition(item.inlines) is not None:
            continue
        if _marked(item):
            continue
        phrase = _property_phrase(item.text)
        others = texts[:index] + texts[index + 1 :]
        if not phrase or fold(phrase) in fold(term) or any(fold(phrase) in fold(other) for other in others):
            continue
        gapped = gap_phrase(html.escape(texts[index]), html.escape(phrase), len(rows) + 1)
        if gapped is not None:
            rows.append(gapped)
            asked.append(item)
    if not rows:
        return
    body = rows[0] if len(rows) == 1 else "<ul>" + "".join(f"<li>{row}</li>" for row in rows) + "</ul>"
    context.emit(
        NoteKind.CLOZE,
        term,
        section.span.at(asked[0].span.line, asked[-1].span.end_line),
        {"Text": f"{html.escape(term)}: {body}" if len(rows) == 1 else f"{html.escape(term)}:{body}"},
        section=section,
        term=term,
        source=asked[0],
    )
    context.claim(*asked)
