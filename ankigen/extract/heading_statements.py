"""Heading statements: a terse Japanese statement bullet under a heading that names its subject
(``## RDS の DB パラメータグループ`` / ``- 静的パラメータは再起動が必要``, ``### ネットワーク`` /
``- FWはVPCネットワーク単位``), with no bold, no ``Term: text`` shape and no figure or code, becomes a
cloze led by the heading that hides the one phrase the statement turns on.

Study notes jot down what they learn about a service as bare statements under its heading; with no
key phrase marked, each was explained as ``no-card-shape`` (the largest share of what hunts found
missing). The heading says what the statement is about, so the statement alone is answerable once
the heading leads it. The gap is the phrase the claim rests on, read in this order:

- a need or capability (``…には申請が必要``, ``…の除外パターンを設定できる``): the noun phrase before it;
- an outcome (``…に遅延が生じる``, ``…のボトルネックになる``): the noun phrase it names;
- ``XはY`` with a short noun phrase Y (``FWはVPCネットワーク単位``, ``BigTableはNoSQL``): Y.

Nothing is made (the bullet keeps its ``--explain`` line) when the bullet is long, has children,
two sentences or a comma (several facts), marks a name of its own (another extractor's), holds a
figure, code or a link, leans on its neighbours (``その…``, ``これ``), is a question, an opinion, a
remark or an example, or when the phrase shows in the heading or in a sibling bullet (the card would
give it away), or when the heading is no subject (a step, a topic title such as ``…の違い``, a
grouping word such as ``概要``). It runs last, on the bullets no other extractor used.
"""

from __future__ import annotations

import html
import re

from ..model import Document, ListBlock, ListItem, NoteKind, Paragraph, Section
from ..patterns import lazy_compile
from . import ExtractContext, register
from .clozes import cloze_key
from .common import JA_OPINION, fold, has_cjk, study_sections
from .heading_lists import _property_phrase, _section_parents, _term
from .recital import gap_phrase, key_phrase
from .vocabulary import FUNCTION_WORDS, LEANS_ON_BEFORE_JA, PROSE_GAP_VAGUE_WORDS

MAX_STATEMENT_CHARS = 60
"""A statement bullet longer than this is a sentence to read, not one fact jotted down."""
MAX_COMPLEMENT_CHARS = 14
"""The longest ``Y`` of ``XはY`` that a gap hides (a noun phrase, not a description)."""

_TOPIC_COMPLEMENT = lazy_compile(
    r"^(?P<topic>[^、。,，はがをにでと「」()（）\s][^、。,，はがをにでと「」()（）]{0,19})は\s*"
    r"(?P<complement>[^、。,，？?！!]{2,30}?)(?:です|である|だ)?。?$"
)
_NOUN = r"[\u3400-\u9fff々\u30a1-\u30faーA-Za-z][\u3400-\u9fff々\u30a1-\u30faー・A-Za-z0-9 ]{1,15}?"
_TOPIC = r"[^、。,，はがをにでと「」()（）\s][^、。,，はがをにでと「」()（）]{0,19}"
_RECOMMENDED = lazy_compile(
    rf"^(?:{_TOPIC}(?:は|では|には)\s*)?(?P<phrase>{_NOUN})\s*(?:[（(][^（）()]*[）)])?\s*"
    r"(?:を|が)(?:推奨|おすすめ|オススメ|ベストプラクティス)(?:です|する|します|される|されます)?。?$"
)
"""``…はBGPを推奨``: the choice recommended is the gap."""
_MANNER = lazy_compile(
    rf"^{_TOPIC}(?:は|も)\s*(?P<phrase>[\u3400-\u9fff々\u30a1-\u30faー]{{2,8}}?的?)(?:で|に)?"
    r"(?!可能|必要|不要|不可)[\u3400-\u9fff]{2,4}(?:される|されます|する|します|できる|できます|可能)?。?$"
)
"""``更新データは非同期で転送``, ``動的パラメータは即時適用される``: how the topic is handled is the gap."""
_ONLY = lazy_compile(
    rf"^{_TOPIC}(?:は|も)\s*(?P<phrase>{_NOUN})(?:の|で|に)?(?:のみ|だけ)(?:可能|できる|できます|有効)。?$"
)
"""``VMの名前解決は同一VPCネットワーク内のみ可能``: the one place or way something is allowed is the gap."""
_NEED = lazy_compile(r"(?:が|は)(?:必要|不要)(?:です)?。?$")
"""``静的パラメータは再起動が必要``: what is needed is the fact, a kanji noun as much as a name."""
_NAME_LIKE = lazy_compile(r"[A-Za-z\u30a1-\u30fa]")
_GENERIC_KATAKANA = lazy_compile(
    r"アクション|データ|サービス|ユーザー?|リソース|ファイル|システム|コード|アクセス|メリット|デメリット"
)
"""Katakana words too general to be the one thing a statement asks."""
_CLAUSE_SEPARATOR = lazy_compile(r"[、,，;；]|。\s*\S")
_CLAUSE_KANA = lazy_compile(r"(?![のな])[\u3041-\u3096]")
"""Kana other than the particles that join nouns: a verb or an ending, so the complement is a clause."""
_CONJUNCTION_HA = lazy_compile(r"(?:また|あるい|もしく|ない|ある|で|に|と|て|く)$")
"""What ends a topic whose は belongs to another word (``または``, ``では``, ``には``, ``とは``)."""
_FIGURE_OR_MARK = lazy_compile(r"\d|[`*=_\[\]<>→⇒]|->|=>|https?://")
_REMARK = lazy_compile(r"^(?:※|注|例|たとえば|例えば|ex\b|e\.g\.)|らしい|みたい|だろう|かも|気がする|\?|？")


_NOTE_TITLE = lazy_compile(r"(?:メモ|まとめ|ノート|備忘録|雑記|その他|notes?|memo|tips|misc)$", re.IGNORECASE)
"""A heading that titles the writer's notes (``データベースのメモ``, ``…まとめ``): it names no subject a
statement under it is about."""


def _leans(text: str) -> bool:
    return text.startswith(LEANS_ON_BEFORE_JA) or bool(JA_OPINION.search(text) or _REMARK.search(text))


def _complement(text: str) -> str:
    """Y of a terse ``XはY`` whose Y is a short noun phrase (``VPCネットワーク単位``); ''."""
    match = _TOPIC_COMPLEMENT.match(text)
    if match is None or _CONJUNCTION_HA.search(match.group("topic")) or not _NAME_LIKE.search(match.group("topic")):
        return ""
    complement = match.group("complement").strip()
    if len(complement) > MAX_COMPLEMENT_CHARS or _CLAUSE_KANA.search(complement):
        return ""
    if any(word in complement for word in PROSE_GAP_VAGUE_WORDS):
        return ""
    return complement


_CAPABILITY_END = lazy_compile(
    r"(?:可能|不可能|不可|でき(?:る|ます|ない|ません)|され(?:る|ます|ない|ません))(?:です)?。?$"
)
"""What a statement of what its subject can, cannot or is made to do closes on (``…の保存が可能``,
``…で利用される``, ``…は不可能``)."""
_NAME_CHUNK = lazy_compile(r"[^\u3041-\u3096、。,，;；:：()（）「」『』\s]+")
"""A run of the statement between its kana and punctuation: a noun, or a noun with its kanji suffix."""

_ACTION_OR_EXAMPLE_AFTER = lazy_compile(r"(?:する|でき|され|させ|し|を?可能|を?不可|に(?:した|する)|など|等)")
"""What follows a name that is the action itself (``カスタマイズできる``, ``トリガーにした``) or one
example of several (``…などに利用される``): no one answer."""

_PARTICLE_AFTER = lazy_compile(r"(?:の|を|が|は|で|に|と|へ|から|まで|より)")


def _capability_name(text: str) -> str:
    """The one name a capability statement rests on (``JSON形式のファイルの保存が可能`` → JSON形式,
    ``BIツールで利用される`` → BIツール): the only run of it spelled in Latin or katakana, no
    general katakana word; '' when there is none or more than one (the statement turns on no one name),
    or when that name is the action itself or one example of several."""
    if not _CAPABILITY_END.search(text):
        return ""
    names = [
        found
        for found in _NAME_CHUNK.finditer(text)
        if _NAME_LIKE.search(found.group()) and not _GENERIC_KATAKANA.fullmatch(found.group())
    ]
    if len(names) != 1 or _ACTION_OR_EXAMPLE_AFTER.match(text, names[0].end()):
        return ""
    if not _PARTICLE_AFTER.match(text, names[0].end()) or (
        names[0].start() and text[names[0].start() - 1] not in "のをがはでにとへもらり"
    ):
        return ""  # part of a word written with kana (``API呼び出し``): no whole name to hide
    return names[0].group()


def statement_phrase(text: str, others: list[str], heading: str) -> str:
    """The phrase a gap hides in a terse statement bullet under ``heading``; '' when none is clear."""
    text = " ".join(text.split())
    if not has_cjk(text) or len(text) > MAX_STATEMENT_CHARS or _FIGURE_OR_MARK.search(text) or _leans(text):
        return ""
    if _CLAUSE_SEPARATOR.search(text):
        return ""  # several clauses or sentences: several facts
    phrase = ""
    for shape in (_RECOMMENDED, _ONLY, _MANNER):
        match = shape.match(text)
        if match is not None and not _CONJUNCTION_HA.search(text[: match.start("phrase")].rstrip("はもでに ")):
            phrase = match.group("phrase").strip()
            break
    if not phrase:
        claim = _property_phrase(text) or key_phrase(html.escape(text), [html.escape(o) for o in others], heading) or ""
        # what a capability or outcome rests on is asked only when it is a name (``除外パターン``,
        # ``NoSQL``): a kanji noun there is most often the action itself (``構築``, ``制限``), no fact
        named = bool(_NAME_LIKE.search(claim)) and not _GENERIC_KATAKANA.fullmatch(claim)
        phrase = claim if named or (claim and _NEED.search(text)) else ""
    if not phrase:
        phrase = _complement(text)
    if not phrase:
        phrase = _capability_name(text)
    if not phrase or len(phrase) < 2 or fold(phrase) in FUNCTION_WORDS or text.count(phrase) != 1:
        return ""
    if fold(phrase) in fold(heading) or any(fold(phrase) in fold(other) for other in others):
        return ""
    return phrase


_HEADING_VALUE = lazy_compile(
    r"^(?:約|最大|最小|最長|up to |about |max\.? )?\d[\d.,]*\s*"
    r"(?:%|％|[A-Za-z]{1,5}|ヶ月|か月|カ月|ヵ月|年|日|時間|分|秒|回|台|個|件|週間?|バイト|ビット|円|ドル)"
    r"(?:\s*(?:以内|以下|以上|まで|未満))?$",
    re.IGNORECASE,
)
"""A value with its unit, alone (``15 ヶ月``, ``5 TB``, ``99.99%``, ``最大 100 個``): what a heading that
names an aspect of a subject (``CloudWatch のメトリクスデータの保管期間``) asks."""


def _heading_value(section: Section, heading: str, context: ExtractContext) -> bool:
    """A heading whose whole content is one bullet or line holding only a value with its unit: the
    heading's definition, the value its answer; True when made."""
    if len(section.blocks) != 1:
        return False
    block = section.blocks[0]
    if isinstance(block, ListBlock):
        if len(block.items) != 1 or block.items[0].children:
            return False
        owner: ListItem | Paragraph = block.items[0]
    elif isinstance(block, Paragraph):
        owner = block
    else:
        return False
    value = " ".join(owner.text.split()).rstrip("。.")
    if context.claimed(block) or context.claimed(owner) or not _HEADING_VALUE.match(value):
        return False
    if any(part.kind not in ("text", "strong", "em", "code") for part in owner.inlines):
        return False
    context.emit(
        NoteKind.DEFINITION,
        heading,
        section.span.at(section.span.line, owner.span.end_line),
        {"Term": html.escape(heading), "Definition": html.escape(value)},
        section=section,
        term=heading,
        source=owner,
    )
    context.claim(block, owner)
    return True


_FIGURE_ASPECT = lazy_compile(
    r"^(?P<value>(?:\d[\d.,]*\s*(?:to|-|–)\s*)?\d[\d.,]*\s*"
    r"(?:%|[KMGTP]i?B\b|9s\b|ms\b|k\b|hours?\b|days?\b|minutes?\b|seconds?\b|years?\b|months?\b)?)"
    r"\s+(?P<aspect>[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2})$"
)
"""``99.99% availability``, ``0 to 5TB file size``: a figure, then the aspect of the heading's subject
it gives (no verb): the card asks the aspect of the subject, the figure is its answer."""
_NOT_ASPECT = frozenset(
    {"is", "are", "was", "were", "be", "can", "will", "per", "of", "to", "for", "and", "or", "the", "a", "an",
     "times", "more", "less", "than", "steps", "ways", "types", "kinds", "things", "items", "points"}
)  # fmt: skip


def _figure_aspect(text: str) -> tuple[str, str] | None:
    """(aspect, figure) of a bullet that is only a figure and the aspect it measures; None."""
    match = _FIGURE_ASPECT.match(" ".join(text.split()).rstrip("."))
    if match is None:
        return None
    words = match.group("aspect").split()
    if any(word in _NOT_ASPECT or word.endswith(("ed", "ing", "ly")) for word in words):
        return None
    return match.group("aspect"), match.group("value").strip()


def _plain(item: ListItem) -> bool:
    return all(part.kind == "text" for part in item.inlines) and "\n" not in item.text.strip()


@register("heading-statements", order=112)
def extract_heading_statements(document: Document, context: ExtractContext) -> None:
    sections = list(study_sections(document))
    parents = _section_parents(sections)
    asked = {candidate.note.span.line for candidate in context.candidates}
    for section in sections:
        if section.level < 1:
            continue
        heading = _term(section, parents)
        if not heading or _NOTE_TITLE.search(heading) or _heading_value(section, heading, context):
            continue
        for block in section.blocks:
            if not isinstance(block, ListBlock):
                continue
            if context.claimed(block):
                continue
            texts = [" ".join(item.text.split()) for item in block.items]
            for index, item in enumerate(block.items):
                if context.claimed(item) or item.span.line in asked or not _plain(item):
                    continue
                measured = _figure_aspect(texts[index])
                if measured is not None:
                    aspect, figure = measured
                    term = f"{heading} › {aspect}"
                    context.emit(
                        NoteKind.DEFINITION,
                        term,
                        item.span,
                        {"Term": html.escape(term), "Definition": html.escape(figure)},
                        section=section,
                        term=heading,
                        source=item,
                    )
                    context.claim(item)
                    continue
                others = texts[:index] + texts[index + 1 :]
                phrase = statement_phrase(texts[index], others, heading)
                gapped = gap_phrase(html.escape(texts[index]), html.escape(phrase), 1) if phrase else None
                if gapped is None:
                    continue
                context.emit(
                    NoteKind.CLOZE,
                    cloze_key([fold(phrase), fold(texts[index])]),
                    item.span,
                    {"Text": f"{html.escape(heading)}: {gapped}"},
                    section=section,
                    term=heading,
                    source=item,
                )
                context.claim(item)
