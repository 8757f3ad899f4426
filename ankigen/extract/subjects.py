"""Subjects on the card: after selection, every definition and comparison note names what it is about.

An extractor knows its term (``IAM との連携が簡単``) but often not what the term belongs to: a table
row under ``✅ Cognito を使う理由``, a bullet under ``CloudFormationとは`` in text without headings, a
hook listed under three parents. The outline (:mod:`ankigen.extract.outline`) resolves that
subject once for every block; this pass puts it on the card:

* the ``Context`` line gains the subject when neither it nor the prompt names it, so the card can
  be answered from its front alone (every kind: a cloze of a sub-bullet needs it as much);
* the prompt itself is qualified (``Cognito › IAM との連携``) when the term means nothing alone (a
  label such as ``使用するメリット``, or a feature phrase such as ``データの可視化`` whose owner is a
  name: ``Macie › データの可視化``) or when the same prompt in one file has different answers that only
  the subject tells apart (``BeforeAllowTraffic`` under EC2, ECS and Lambda);
* the Context also shows what the names above a card are members or parts of: a lead-in bullet over
  them (``- 設定の逸脱を見つけたときに呼び出せる連携先:`` over ``- Amazon SNS:``), the name a
  part's owner is itself part of (``ルールセット › 自社管理ルール`` under ``- Acme Edge
  Guard:``), and the name a parent's last sentence says runs the items under it (``Acme Deployer は
  2 つのステージを実行します``).

Only displayed fields change: the identity key stays the unqualified term, so a note keeps its GUID.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ankigen.patterns import lazy_compile

from ..model import Document, ListItem, Note, NoteKind, Paragraph, Section, Table, inline_text
from .common import (
    STAGE_TOOL_ASPECT,
    clean_term,
    file_scoped,
    fold,
    has_cjk,
    is_group_heading,
    is_label_phrase,
    is_topic_title,
    names_a_thing,
    once_per_object,
    plain_html,
    sentence_like,
    stage_tool,
)
from .label_gate import nameless_lead, needs_subject
from .outline import Node, Outline, _label_words, image_only
from .selection import Candidate
from .vocabulary import (
    ANSWER_ASPECTS,
    ASPECT_GROUP_ENDINGS,
    ATTRIBUTE_WORDS,
    CHAPTER_TITLE,
    COUNTED_LEAD_IN,
    FEATURE_ANSWER_OWNER,
    FEATURE_LEAD_IN,
    FEATURE_PHRASE,
    GENERIC_TERMS,
    GROUP_HEAD,
    GROUPING_OWNER_ENDINGS,
    LIMIT_ANSWER,
    LIST_LEAD_IN,
    MAX_ASPECT_ANSWER_CHARS,
    MAX_CONTEXT_SENTENCE_CHARS,
    MAX_TERM_CHARS,
    MEMBER_GROUPS,
    NAME_COLUMN_HEADERS,
    QUALIFYING_GROUPS,
    QUESTION_WORDS,
    SENTENCE_OWNER,
    STANDARD_ANSWER,
    TOPIC_KEYS,
)

__all__ = ["QUALIFIER", "document_topic", "owner_path", "qualify_subjects", "show_topic"]

QUALIFIER = " › "
"""Between a subject and the term it qualifies, as in the Context breadcrumb."""

_QUALIFIED_KINDS = frozenset({NoteKind.DEFINITION, NoteKind.COMPARISON})
_MARKED = lazy_compile(r"^\s*[◾◼■□◆◇▶▷►📌✅]")
_TRAILING_ASIDE = lazy_compile(r"\s*[（(][^（）()]{11,}[）)]\s*$")
"""A long aside in brackets at the end of a subject (``（値には実行コマンドを設定）``); a short one such as
``(Layer 1)`` is part of the name."""


_plain = plain_html


@lru_cache(maxsize=8192)  # asked of the same fronts by the selection pass and again here
def _bare_label(term: str) -> bool:
    """The term is a label word and nothing else (``Why``, ``Examples``, ``目的``): only such a term
    takes the file's topic; ``VPCエンドポイント`` ends like a label but names a thing."""
    folded = fold(term).rstrip(" ?？:：")
    singular = folded[:-1] if folded.endswith("s") and folded.isascii() else folded
    words = _label_words()
    return folded in words or singular in words or is_label_phrase(term)


@file_scoped
@lru_cache(maxsize=8192)  # asked of the same fronts by the selection pass and again here
def _labels(term: str) -> bool:
    """A front that needs its subject to be asked: a label word (``Examples``, ``目的``), a label
    phrase (``Top-Down``, ``Protocols & Devices``, ``Traditional Flow``: common.is_label_phrase), a
    property (``Region-specific``): the gate's one test, label_gate.needs_subject."""
    return needs_subject(term)


@file_scoped
@lru_cache(maxsize=8192)  # asked of the same fronts by the selection pass and again here
def _generic(term: str) -> bool:
    """A word that names a quality or a kind of thing in general (``セキュリティ``,
    ``アプリケーション``, ``Performance``: :data:`~ankigen.extract.vocabulary.GENERIC_TERMS`)."""
    return fold(term).strip(" :：") in GENERIC_TERMS


def _feature_phrase(term: str) -> bool:
    """A Japanese noun phrase that says what something does (``データセキュリティリスクの可視化``,
    ``キャッシュによる負荷軽減``, ``ユーザーとグループの自動プロビジョニング``): a feature or a
    benefit of its subject, not a name, so alone it does not say whose. A phrase whose head is a
    thing (``EC2インスタンスのIAMロール``, ``Lambda関数のキャッシュ``) names a part and stays as it is."""
    phrase = clean_term(term).replace(" ", "")
    # ASCII never matches (every branch needs a particle or kanji): skip compiling the CJK pattern
    return not phrase.isascii() and bool(FEATURE_PHRASE.match(phrase))


def _feature_owner(candidate: Candidate, outline: Outline, term: str, subject: str) -> str:
    """Whose feature a :func:`_feature_phrase` front names: the name a lead-in bullet above it
    gives (``AWS SSO は以下の機能を提供します：``), else the subject the outline resolved, or the
    term above a group head that names nothing but a count (``大きく分けて3つの機能``); with
    nothing at all above it, the name the answer opens with (``CloudFrontは…``). '' for a chapter
    title (``第 6 分野: …``), a label, a generic word or a phrase of the same kind (``鍵の管理``):
    the Context shows those already and they say no more on the front."""
    owner = _outline_owner(candidate, outline, term, subject)
    if owner or subject:
        return owner  # a subject above it (if only a chapter title) is where the answer's name is not
    opening = FEATURE_ANSWER_OWNER.match(_plain(candidate.note.fields[1][1]) if len(candidate.note.fields) > 1 else "")
    return opening.group("owner").strip() if opening and fold(opening.group("owner")) != fold(term) else ""


def _outline_owner(candidate: Candidate, outline: Outline, term: str, subject: str) -> str:
    """:func:`_feature_owner` by the outline alone: a lead-in bullet's name, or ``subject``."""
    node = outline.find(candidate.source)
    if node is None:
        return ""
    for ancestor in outline.ancestors(node):
        if ancestor.kind in ("section", "document"):
            break
        if ancestor.kind == "item" and not ancestor.term:
            text = " ".join(_plain(ancestor.text).split())
            named = FEATURE_LEAD_IN.search(text)
            if named:
                return named.group("owner").strip()
            # ``サービスコントロールポリシー（SCP）は、…以下に説明します：``: a lead-in that opens with a name
            opening = SENTENCE_OWNER.match(text) if text.endswith((":", "：")) and LIST_LEAD_IN.search(text) else None
            if opening:
                return opening.group("owner").strip()
    named_before = _named_sibling_before(outline, node)
    if named_before and fold(named_before) != fold(term):
        return named_before  # ``- Storage Gateway: …`` then ``- ファイルの参照：`` whose bullets name it
    owner = subject
    counted = GROUP_HEAD.search(owner)
    if counted and not re.search(r"[A-Za-z\u30a0-\u30ff]", owner[: counted.start()]):
        owner = ""  # ``大きく分けて３つの機能`` names none; ``Well-Architected の6つの柱`` does
        passed = False
        for ancestor in outline.ancestors(node):
            if passed and ancestor.term:
                owner = ancestor.term
                break
            passed = passed or fold(ancestor.term) == fold(subject)
    if (
        not owner
        or re.search(r"[:：]", owner)
        or _labels(owner)
        or _bare_label(owner)
        or _generic(owner)
        or _asks(owner)
        or _feature_phrase(owner)
        or fold(owner) == fold(term)
    ):
        return ""  # ``鍵の管理`` over ``鍵のローテーション``: a topic of the same kind, no owner of it
    return owner


_LATIN_OR_DIGIT = lazy_compile(r"[A-Za-z0-9]")
_VENDOR = lazy_compile(r"^(?:AWS|Amazon|Azure|Google Cloud|GCP|Microsoft)\s+")


def _named_sibling_before(outline: Outline, node: Node) -> str:
    """The name a feature phrase bullet belongs to when it is not above it but beside it: the
    nearest earlier bullet of the same list whose term is a name in Latin letters (``- Storage
    Gateway: …``), when the bullets under this one name it again (``…まず Storage Gateway に…``).
    '' otherwise: a name beside it that its own lines never mention is a peer, not its owner."""
    parent = outline.parent(node)
    if node.kind != "item" or parent is None or not node.children:
        return ""
    texts: list[str] = []
    stack = list(node.children)
    while stack:
        child = outline.nodes[stack.pop()]
        texts.append(_plain(child.text))
        stack.extend(child.children)
    below = fold(" ".join(texts))
    for index in reversed(parent.children[: parent.children.index(node.index)]):
        sibling = outline.nodes[index]
        name = clean_term(sibling.term)
        if name and _LATIN_OR_DIGIT.search(name) and names_a_thing(name) and not _labels(name):
            bare = _VENDOR.sub("", name)  # ``AWS Storage Gateway`` is named again as ``Storage Gateway``
            return name if fold(bare or name) in below else ""
    return ""


def _part_of(term: str, owner: str, in_paragraph: bool = False) -> bool:
    """Whether a definition's term is a part of the thing it is written under, asked as
    ``Owner › Term``: a plain Japanese label (``自動修復`` under ``- Config:``, ``データ保存`` under
    ``- ボリュームゲートウェイ``, ``顧客責任`` under the line ``パッチ管理``) says nothing about whose it
    is, while a name in Latin letters (``Data Streams``, ``gp2``) is a thing of its own. Not under an
    owner that groups names (``ポリシーの種類``, ``構成要素``, ``AとBの違い``: its items are members,
    asked by their names), a sentence, a label or a question, nor when the term names the owner."""
    if not owner or _names(term, owner):
        return False
    if (not has_cjk(term) or _LATIN_OR_DIGIT.search(term)) and (_LATIN_OR_DIGIT.search(owner) or not in_paragraph):
        # ``Data Streams`` under ``Kinesis``, ``SSE-S3`` under ``- 暗号化``: a name under a bullet is
        # a thing of its own; under a title line of plain text (``サブネット設定`` over ``ECS: …``),
        # with no heading or bullet to say so, it is the value the title asks
        return False
    if fold(term) in fold(owner):
        return False  # ``Kinesis Data Streamsプロデューサ`` over ``プロデューサ: …``
    folded = fold(owner).rstrip(" :：")
    return not (
        is_group_heading(owner)
        or is_topic_title(owner)
        or folded.endswith(GROUPING_OWNER_ENDINGS)
        or GROUP_HEAD.search(owner)
        or sentence_like(owner)
        or re.search(r"[:：、。]|とは|[\u3040-\u309f]$", owner)  # a clause (``…が変わる``), not a title
        or _labels(owner)
        or _bare_label(owner)
        or _generic(owner)
        or _asks(owner)
    )


def _asks(subject: str) -> bool:
    """A head that only asks (``Why ?``, ``なぜ？``, ``How does it scale?``): it names no subject."""
    return subject.rstrip().endswith(("?", "？")) or fold(subject).strip(" ?？:：") in QUESTION_WORDS


def _generic_path(candidate: Candidate, outline: Outline, subject: str) -> str:
    """``subject`` as the Context shows it: a generic subject (``アプリケーション``) led by the
    nearest real term above the node that names it (``AWS CodeDeploy › アプリケーション``)."""
    if not _generic(subject):
        return subject
    node = outline.find(candidate.source)
    if node is None:
        return subject
    above = outline.ancestors(node)
    for ancestor in above:
        if fold(ancestor.term) == fold(subject):
            break
    for ancestor in above:
        if ancestor.term and not _generic(ancestor.term) and not is_label_phrase(ancestor.term):
            return f"{ancestor.term}{QUALIFIER}{subject}"
    return subject


def _takes_topic(candidate: Candidate, outline: Outline, term: str) -> bool:
    """A bare label (``Why:``, ``- **Examples**``) with nothing above it is asked of the file's topic;
    a label *heading* (``## 仕組み`` over a paragraph) is a section title, not a question about it."""
    if not _bare_label(term):
        return False
    if isinstance(candidate.source, Section):
        return False
    node = outline.find(candidate.source)
    if node is None:
        return True
    parent = outline.parent(node)
    return not (parent is not None and parent.kind == "section" and parent.span.line == candidate.span.line)


def _short(subject: str) -> str:
    """The subject without a trailing aside: ``EC2で有効な設定（値には…）`` -> ``EC2で有効な設定``."""
    shortened = _TRAILING_ASIDE.sub("", subject)
    return shortened or subject


def _subject(candidate: Candidate, outline: Outline, term: str) -> str:
    """What the candidate's source is about, by the outline; '' when nothing above it names a term."""
    node = outline.find(candidate.source)
    if node is None:
        return ""
    if isinstance(candidate.source, Table) and node.headings:
        from .tables import peers_of_heading  # tables registers an extractor: imported once extract is loaded

        section = outline.nodes[node.headings[-1]].owner
        if isinstance(section, Section) and peers_of_heading(section, candidate.source, outline):
            return ""  # a table of the heading's peers sits under it only by position (tables.py)
    if isinstance(candidate.source, Paragraph) and candidate.span.line > node.span.line:
        from .definitions import marked_head, owner_in_paragraph  # definitions registers an extractor

        offset = candidate.span.line - node.span.line
        owner = owner_in_paragraph(candidate.source, offset)
        if owner and fold(owner) != fold(term):
            return owner  # a definition inside a paragraph under a head line above it (``◾️ユーザープール``)
        if owner == "" and node.term and fold(node.term) != fold(term):
            return node.term
        if marked_head(candidate.source, offset) and _marked_lead(outline, node):
            return _heading_subject(outline, node)  # ``◾️B`` after ``◾️A``'s lines: B is A's sibling
        if owner is None and node.term and fold(node.term) != fold(term):
            return node.subject  # ``S3`` over its lines after ``静的コンテンツ`` over its own: siblings
    return node.subject


def _owner_above(candidate: Candidate, outline: Outline, term: str) -> str:
    """The nearest term above a label phrase that is its own heading (``#### Traditional Flow``
    under ``### Devops vs Traditional Silos``); '' when only labels and the label are above it."""
    node = outline.find(candidate.source)
    if node is None:
        return ""
    for ancestor in outline.ancestors(node):
        if ancestor.term and fold(ancestor.term) != fold(term) and not is_label_phrase(ancestor.term):
            return ancestor.term
    return ""


_HEADING_JOINT = lazy_compile(r"\s*(?:と|および|及び|[、・&/／]|\band\b)\s*")


def _label_heading(title: str) -> bool:
    """A heading that names no thing, only labels its points: a label (``チェック内容``), a group
    heading (``主要な機能``), or such words joined (``主要な機能とチェック内容``)."""
    if _labels(title) or is_group_heading(title):
        return True
    parts = [part for part in _HEADING_JOINT.split(clean_term(title)) if part.strip()]
    if len(parts) < 2 or not any(is_group_heading(part) for part in parts):
        return False
    # joined to a group heading, a phrase ending in a label word (``チェック内容``) labels too
    words = [word for word in (*_label_words(), *ATTRIBUTE_WORDS) if len(word) >= 2]
    return all(
        _labels(part) or is_group_heading(part) or any(fold(part).endswith(word) for word in words) for part in parts
    )


def _name_above_labels(candidate: Candidate, outline: Outline, term: str) -> str:
    """The nearest term above a label that is no label or group heading itself (``AWS Trusted Advisor``
    over ``#### 主要な機能とチェック内容`` over a ``サービス制限`` row); '' when none is."""
    node = outline.find(candidate.source)
    if node is None:
        return ""
    for ancestor in outline.ancestors(node):
        name = ancestor.term
        if name and fold(name) != fold(term) and not _label_heading(name):
            return name
    return ""


def owner_path(candidate: Candidate, outline: Outline) -> tuple[str, ...]:
    """The names a candidate's term belongs to below the headings, nearest first: the terms of the
    bullets it sits under (``- **HTTP API**`` over ``- 設定項目`` over ``- ルート: …``), the name a
    bullet sentence over it is about (``- Amazon ElastiCache for Redis は、…`` over ``- マルチ-AZ: …``)
    and the head line a list hangs from (``◾️Cognito``). Labels, group words and examples name no
    owner and are left out; () when only headings are above it (the Context shows those)."""
    node = outline.find(candidate.source)
    if node is None:
        return ()
    found: list[str] = []
    below = node
    for above in outline.ancestors(node):
        if above.kind in ("section", "document"):
            break
        name = above.term
        if above.kind == "item" and not name and not above.roles.example:
            opening = SENTENCE_OWNER.match(" ".join(_plain(above.text).split()))
            name = opening.group("owner").strip() if opening else ""
        elif above.kind == "list" and below.kind == "item" and above.subject:
            parent = outline.parent(above)
            inherited = parent.term or parent.subject if parent is not None else ""
            name = above.subject if fold(above.subject) != fold(inherited) else ""  # a head line's lead
        below = above
        if not name or above.roles.label or above.roles.group or above.roles.example:
            continue
        if _labels(name) or _bare_label(name) or _asks(name) or _generic(name):
            continue  # ``Settings``, ``目的``, ``Why?``: what a thing has, not a thing
        if not found or fold(found[-1]) != fold(name):
            found.append(name)
    return tuple(found)


def _kind_of_rows(candidate: Candidate, term: str) -> str:
    """The kind of thing a ``name | meaning`` table's rows are, by its first header
    (``デプロイパターン | 特徴`` over ``Immutable | …``), for a row nothing above names a subject of
    (the table under ``## Other``): '' for a header that only says "name" (``用語``, ``Term``), a
    label, a group word, or one the term names already."""
    table = candidate.source
    if not isinstance(table, Table) or len(table.header) != 2:
        return ""
    kind = clean_term(inline_text(table.header[0]))
    folded = fold(kind).strip(" :：")
    if (
        not kind
        or len(kind) > MAX_TERM_CHARS
        or folded in NAME_COLUMN_HEADERS
        or folded.endswith(GROUPING_OWNER_ENDINGS)
        or is_group_heading(kind)
        or _labels(kind)
        or _bare_label(kind)
        or _generic(kind)
        or _names(term, kind)
        or sentence_like(kind)
    ):
        return ""
    return kind


def _part_owner(candidate: Candidate, outline: Outline) -> str:
    """What a definition is written directly under: the term of its parent bullet (``- Config:``
    over ``- 自動修復: …``; a label or group bullet between, ``- 構成要素:`` or ``- 用途：``, is passed
    over), or the title line above it in its paragraph (``パッチ管理`` over ``顧客責任:…``). '' under
    a bullet that names nothing (a sentence over its list) or when only headings are above it."""
    node = outline.find(candidate.source)
    if node is None:
        return ""
    if isinstance(candidate.source, Paragraph):
        if candidate.span.line <= node.span.line:
            return ""
        from .definitions import owner_in_paragraph, title_in_paragraph  # definitions registers an extractor

        offset = candidate.span.line - node.span.line
        return owner_in_paragraph(candidate.source, offset) or title_in_paragraph(candidate.source, offset)
    if node.kind != "item":
        return ""
    for above in outline.ancestors(node):
        if above.kind == "list":
            continue
        if above.kind != "item":
            return ""
        if above.roles.label or above.roles.group:
            continue
        return above.term
    return ""


def _member_group(candidate: Candidate, outline: Outline) -> str:
    """The group bullet right between a definition and its owner when it says what kind of member
    the term is (``- 構成要素:`` under ``- Acme Edge Guard:``: :data:`~ankigen.extract.vocabulary.
    MEMBER_GROUPS`), joined as the front shows it (``の構成要素``, `` components``); '' otherwise: a
    part asked as ``Owner › Term`` would not say it is one of the owner's components."""
    node = outline.find(candidate.source)
    if node is None or node.kind != "item":
        return ""
    for above in outline.ancestors(node):
        if above.kind == "list":
            continue
        if above.kind != "item" or above.term or not above.roles.group:
            return ""
        word = clean_term(above.text).rstrip(" :：")
        if fold(word) not in MEMBER_GROUPS:
            return ""
        return f"の{word}" if has_cjk(word) else f" {word.lower()}"
    return ""


def _heading_subject(outline: Outline, node: Node) -> str:
    """The term of the nearest heading or item above ``node`` (not a paragraph's head line)."""
    for ancestor in outline.ancestors(node):
        if ancestor.term:
            return ancestor.term
    return ""


def _marked_lead(outline: Outline, node: Node) -> bool:
    """Whether the subject ``node`` takes from the blocks right above it is a marked head line
    (``◾️Webサイトホスティング`` ending the paragraph over a list, then this paragraph)."""
    before, _after = outline.siblings(node)
    while before is not None and before.kind != "paragraph":
        before, _after = outline.siblings(before)
    if before is None or not node.subject:
        return False
    last = before.text.strip().splitlines()[-1] if before.text.strip() else ""
    return bool(_MARKED.match(last)) and fold(node.subject) in fold(last)


def has_subject(candidate: Candidate, outline: Outline, topic: str = "") -> bool:
    """Whether the candidate's term is a label (``Examples``, ``目的``) that :func:`qualify_subjects`
    will show with a subject the outline names above it (``Physical (Layer 1) › Examples``), or
    with the file's ``topic`` (:func:`document_topic`) when nothing above it names one."""
    term = _plain(candidate.note.prompt)
    if not _labels(term):
        return False
    if _topic_asks(candidate, outline, term, topic):
        return True
    subject = _subject(candidate, outline, term) or (topic if _takes_topic(candidate, outline, term) else "")
    return bool(subject) and fold(subject) != fold(term)


def _topic_asks(candidate: Candidate, outline: Outline, term: str, topic: str) -> bool:
    """A label (``## 原因``, ``- 原因:``) with no term above it in a file whose topic already ends with
    that label (``MySQL で AUTO INCREMENT の値がリセットされる原因``): the topic is the question the
    section answers, so the label is asked of it (``… リセットされる原因 › 原因``) where a label heading
    otherwise takes no topic (:func:`_takes_topic`)."""
    label = fold(term).strip(" :：?？")
    if not topic or len(label) < 2 or len(topic) > MAX_TERM_CHARS:
        return False
    if not fold(topic).rstrip(" ?？。.").endswith(label) or fold(topic) == label:
        return False
    subject = _subject(candidate, outline, term)
    return not subject or (fold(subject) == fold(term) and not _owner_above(candidate, outline, term))


def _names(text: str, subject: str) -> bool:
    folded = fold(text)
    return fold(subject) in folded or fold(_short(subject)) in folded


def _with_field(note: Note, name: str, value: str) -> Note:
    fields = tuple((field_name, value if field_name == name else old) for field_name, old in note.fields)
    return replace(note, fields=fields)


_KATAKANA_WORD = lazy_compile(r"^[ァ-ヶー]{2,}$")
_COMPOUND_CHAR = lazy_compile(r"[ァ-ヶー一-龯々]")


def _head_word(term: str, subject: str) -> bool:
    """Whether ``term`` is the head word of its subject's compound name (``ゲートウェイ`` under ``FSx
    ファイルゲートウェイ``): the word alone names every such thing, not this one, so it needs its owner."""
    last = subject.split()[-1] if subject.split() else ""
    if not _KATAKANA_WORD.match(term) or len(last) <= len(term) or not last.endswith(term):
        return False
    return bool(_COMPOUND_CHAR.match(last[-len(term) - 1]))  # ``ファイル|ゲートウェイ``: one compound


def qualify_subjects(
    notes: Sequence[Note], candidates: Sequence[Candidate], outline: Outline, topic: str = ""
) -> list[Note]:
    """The selected ``notes`` with their subject shown: in Context, or in the prompt where the term
    alone is a label or is ambiguous in the file. A label with no subject above it takes the file's
    ``topic``. Keys (and so GUIDs) are unchanged."""
    by_note = {id(candidate.note): candidate for candidate in candidates}
    result = list(notes)
    subjects: dict[int, str] = {}
    owners: dict[int, tuple[str, bool]] = {}  # the nearest name of a thing above it, below the headings
    for index, note in enumerate(result):
        candidate = by_note.get(id(note))
        if candidate is None or candidate.source is None:
            continue
        owner = next((owner for owner in owner_path(candidate, outline) if names_a_thing(owner)), "")
        if owner:
            owners[index] = (owner, _under_headings_only(candidate, outline))
        note = result[index] = _with_group(note, candidate, outline)
        if note.kind in (NoteKind.BASIC, NoteKind.CLOZE):
            note = result[index] = _with_lead_subject(note, candidate, outline)
        term = _plain(note.prompt) if note.kind in _QUALIFIED_KINDS else ""
        subject = _subject(candidate, outline, term)
        if term and fold(subject) == fold(term) and (is_label_phrase(term) or _labels(term)):
            # ``#### Traditional Flow``, ``## 防止方法``: its own heading, asked of the one above it
            subject = _owner_above(candidate, outline, term)
        if term and _labels(term) and _topic_asks(candidate, outline, term, topic):
            qualified = f"{html.escape(topic)}{QUALIFIER}{note.prompt}"  # ``原因`` of a file about a cause
            result[index] = _with_field(note, note.fields[0][0], qualified)
            continue
        if not subject and term and _takes_topic(candidate, outline, term):
            subject = topic
        if not subject and note.kind is NoteKind.DEFINITION and _feature_phrase(term) and not _labels(term):
            subject = _feature_owner(candidate, outline, term, "")  # ``CloudFrontは…`` under a bare phrase
            subject = "" if _names(term, subject) else subject  # ``AWS PrivateLink の要求``: named already
        if not subject:
            result[index] = _with_parent_sentence(note, candidate, outline)
            continue
        if fold(subject) == fold(term):
            continue
        subjects[index] = subject
        if term and _names(term, subject):
            continue
        prompt_field = note.fields[0][0]
        # ``GET › Purpose`` (one attribute of a compared entity) names its subject already
        # a generic word (``セキュリティ`` under ``## 主な機能``) asks nothing until it says whose; a
        # table row's Topic already says which table it is in
        generic = note.kind is NoteKind.DEFINITION and _generic(term) and not _labels(term)
        owner = subject
        if generic and (_labels(subject) or _bare_label(subject) or _generic(subject) or _asks(subject)):
            owner = _owner_above(candidate, outline, term)  # ``Why ?`` over ``- Cost: …``: the heading above
        elif _labels(term) and not generic and _label_heading(subject):
            # a label row (``サービス制限``) whose subject is itself a label heading (``主要な機能とチェック内容``):
            # whose feature it is, the name above that heading (``AWS Trusted Advisor``)
            owner = _name_above_labels(candidate, outline, term) or subject
        # a feature phrase (``データセキュリティリスクの可視化``) asks nothing until it says whose
        feature = note.kind is NoteKind.DEFINITION and not generic and not _labels(term) and _feature_phrase(term)
        if feature:
            owner = _feature_owner(candidate, outline, term, subject)  # ``Amazon Macie › 機密データの検出``
            feature = bool(owner)
            owner = owner or subject
        if (
            term
            and ((_labels(term) and not generic) or (generic and owner) or feature or _head_word(term, subject))
            and not (note.kind is NoteKind.COMPARISON and QUALIFIER in term)
        ):
            qualified = f"{html.escape(_short(owner))}{QUALIFIER}{note.prompt}"
            result[index] = _with_field(note, prompt_field, qualified)
            continue
        context = note.get("Context", "")
        shown_fields = " ".join((note.prompt, *(note.get(name, "") for name in ("Context", "Topic"))))
        if _gives_away(note, subject):
            subject = _higher_subject(note, candidate, outline, subject)
        if subject and not _names(_plain(shown_fields), subject):
            shown = html.escape(_short(_generic_path(candidate, outline, subject)))
            result[index] = _with_field(note, "Context", f"{context}{QUALIFIER}{shown}" if context else shown)
        elif subject:
            # the Context shows only the heading: a lead-in bullet between (``X は以下の方法で…：``) says what it is
            result[index] = _with_parent_sentence(note, candidate, outline, lead_in_only=True)
    result = _distinguish(result, subjects, owners)
    for index, note in enumerate(result):
        # a part of the thing it is written under (``- Config:`` over ``- 自動修復: …``): after
        # _distinguish, which qualifies same-prompt notes by their own subjects first
        candidate = by_note.get(id(notes[index]))
        if candidate is None or candidate.source is None or note.kind is not NoteKind.DEFINITION:
            continue
        term = _plain(note.prompt)
        if QUALIFIER in term or _labels(term) or _generic(term) or _feature_phrase(term):
            continue
        owner = _part_owner(candidate, outline)
        in_paragraph = isinstance(candidate.source, Paragraph)
        if in_paragraph and fold(_plain(note.get("Context", "")).rpartition(QUALIFIER)[2]) != fold(owner):
            owner = ""  # a line of an explanation above it, not the title line its Context shows
        if _part_of(term, owner, in_paragraph) or (index not in subjects and _kind_of_rows(candidate, term)):
            owner = owner or _kind_of_rows(candidate, term)
            group = _member_group(candidate, outline) if owner else ""
            qualified = f"{html.escape(_short(owner))}{html.escape(group)}{QUALIFIER}{note.prompt}"
            note = _with_field(note, note.fields[0][0], qualified)
            context, _, last = note.get("Context", "").rpartition(QUALIFIER)
            if fold(_plain(last)) == fold(owner):  # the front names it now: Context would repeat it
                note = _with_field(note, "Context", context)
            result[index] = _with_owner_of_owner(note, candidate, outline, owner)
    for index, note in enumerate(result):
        candidate = by_note.get(id(notes[index]))
        if candidate is not None and candidate.source is not None:
            result[index] = _with_counted_owner(_with_lead_in_above(note, candidate, outline), candidate, outline)
            result[index] = _with_procedure_owner(result[index], candidate, outline)
    return [
        _asking_tool(_aspect_first(_asking_difference(_with_aspect(_without_lone_bullet(_without_remark_aside(note))))))
        for note in result
    ]


_LIST_OPEN = lazy_compile(r"<(?:ul|ol)\b|\{\{c\d")


def _with_lead_subject(note: Note, candidate: Candidate, outline: Outline) -> Note:
    """A basic or cloze note whose front is only a plain phrase over its list (``Incident analysis:``,
    ``Charges:``: label_gate.nameless_lead) asked of the subject the outline gives above it
    (``IR Detection and Analysis › Incident analysis:``), as a label is: alone it says of what only
    through the Context line. Unchanged when nothing above names a subject (a label, a group or
    topic title, a question), or when the phrase names it already."""
    lead = _LIST_OPEN.split(note.prompt, maxsplit=1)[0]
    prompt = _plain(lead).strip()
    if note.kind is NoteKind.CLOZE:
        if lead == note.prompt or not prompt.endswith((":", "：")):
            return note  # a sentence with gaps, not a phrase over its list
    elif len(note.fields) < 2 or not _LIST_OPEN.match(note.fields[1][1].lstrip()):
        return note  # a question answered in prose (``Switch`` of a ``Switch vs Router?`` row)
    if QUALIFIER in prompt or not nameless_lead(prompt):
        return note
    subject = clean_term(_subject(candidate, outline, prompt))
    if fold(subject) == fold(prompt.rstrip(" :：")):
        subject = clean_term(
            _owner_above(candidate, outline, subject)
        )  # ``## Charges`` over its list: of the heading above
    if (
        not subject
        or len(subject) > MAX_TERM_CHARS
        or not names_a_thing(subject)
        or re.search(r"[:：]", subject)  # ``第 5 分野: …``: a chapter title, no owner
        or _names(prompt, subject)
        or fold(prompt.rstrip(" :：")) in fold(subject)
        or is_group_heading(subject)
        or is_topic_title(subject)
        or sentence_like(subject)
        or _labels(subject)
        or _bare_label(subject)
        or _generic(subject)
        or _asks(subject)
    ):
        return note
    return _with_field(note, note.fields[0][0], f"{html.escape(_short(subject))}{QUALIFIER}{note.prompt}")


def _asking_tool(note: Note) -> Note:
    """A definition asked as ``CodePipeline › デプロイ`` whose answer is one product name
    (``CodeDeploy``, ``基本は CodeBuild``) or the few usually picked (``使うことが多いのは CodeCommit と
    ECR です。``): the label is a stage of the thing above it
    (:data:`~ankigen.extract.vocabulary.STAGE_LABELS_JA`), and the front asks which product does it
    (``CodePipeline › デプロイ に使うサービス``). Keys (and GUIDs) are unchanged."""
    if note.kind is not NoteKind.DEFINITION or len(note.fields) < 2:
        return note
    owner, qualifier, label = _plain(note.prompt).rpartition(QUALIFIER)
    if not qualifier or not owner.strip() or not stage_tool(label, _plain(note.fields[1][1])):
        return note
    return _with_field(note, note.fields[0][0], f"{note.prompt} {STAGE_TOOL_ASPECT}")


_GROUP_WORD = lazy_compile(r"[a-z0-9]{3,}|[\u30a0-\u30ff]{3,}")


def _aspect_first(note: Note) -> Note:
    """A definition asked as ``監視対象の違い › GuardDuty``: the grouping parent compares several
    names by one aspect, so one cell asks for a "difference" with nothing beside it to differ from;
    the front asks that aspect of the name instead (``GuardDuty › 監視対象``). Not when the group
    names the family its item belongs to (``Kinesis の比較 › Kinesis Data Streams``: what each
    member is), nor for a name that is itself a label. Keys (and GUIDs) are unchanged."""
    if note.kind is not NoteKind.DEFINITION or len(note.fields) < 2:
        return note
    group, qualifier, name = _plain(note.prompt).rpartition(QUALIFIER)
    if not qualifier or QUALIFIER in group or not name.strip() or _labels(name) or not names_a_thing(name):
        return note
    folded = fold(group).rstrip(" :：")
    ending = next((end for end in ASPECT_GROUP_ENDINGS if folded.endswith(end) and len(folded) > len(end)), "")
    aspect = group.strip().rstrip(" :：")[: len(group.strip().rstrip(" :：")) - len(ending)].strip() if ending else ""
    if (
        not aspect
        or aspect.endswith(("と", "・", "、"))
        or set(_GROUP_WORD.findall(fold(aspect))) & set(_GROUP_WORD.findall(fold(name)))
    ):
        return note
    return _with_field(note, note.fields[0][0], f"{html.escape(name.strip())}{QUALIFIER}{html.escape(aspect)}")


_VERSUS = lazy_compile(r"^(?P<one>[^›<>]+?)\s+(?:vs\.?|versus)\s+(?P<other>[^›<>]+)$", re.IGNORECASE)


def _asking_difference(note: Note) -> Note:
    """A definition whose front is a comparison title (``Secrets Manager vs SSM Parameter Store``) asked
    as what it is: its answer says how the two differ, so the front asks that (``Secrets Manager と SSM
    Parameter Store の違い``; ``How do A and B differ?``) instead of naming no question."""
    if note.kind is not NoteKind.DEFINITION or len(note.fields) < 2:
        return note
    match = _VERSUS.match(_plain(note.prompt).strip())
    if match is None:
        return note
    one, other = match.group("one").strip(), match.group("other").strip()
    japanese = has_cjk(_plain(note.fields[1][1]))
    asked = f"{one} と {other} の違い" if japanese else f"How do {one} and {other} differ?"
    return _with_field(note, note.fields[0][0], html.escape(asked))


_PROCEDURE_LABEL = lazy_compile(
    r"(?:手順|流れ|ステップ|やり方|\b(?:steps|procedure|workflow)\b)[。.:：]?$", re.IGNORECASE
)


def _with_procedure_owner(note: Note, candidate: Candidate, outline: Outline) -> Note:
    """A cloze whose Context ends on a procedure's label (``フェイルオーバーの手順``, ``Steps``) that
    says whose procedure it is nowhere: the name of the thing the label sits under (``- Aurora``
    over ``- フェイルオーバーの手順。`` over the steps) goes into the Context before the label, so a
    step's card says what system the procedure is for. Unchanged when the Context or the text names
    it already, or no thing is named above."""
    context = note.get("Context", None)
    if note.kind is not NoteKind.CLOZE or not context:
        return note
    head, _, last = context.rpartition(QUALIFIER)
    label = _plain(last).strip()
    if not label or not _PROCEDURE_LABEL.search(label):
        return note
    path = [name for name in owner_path(candidate, outline) if fold(name) != fold(label)]
    owner = next((name for name in path if names_a_thing(name)), "")
    if not owner or _names(_plain(f"{context} {note.prompt}"), owner):
        return note
    shown = html.escape(_short(owner))
    return _with_field(note, "Context", QUALIFIER.join(part for part in (head, shown, last) if part))


def _with_owner_of_owner(note: Note, candidate: Candidate, outline: Outline, owner: str) -> Note:
    """A note asked as ``Owner › Term`` whose owner is itself a part of a name above it
    (``ルールセット › 自社管理ルール`` under ``- Acme Edge Guard:``): that name ends its
    Context when the Context and the front do not show it, so the card says what system it is about."""
    context = note.get("Context", None)
    if context is None:
        return note
    path = owner_path(candidate, outline)
    folded = [fold(name) for name in path]
    if fold(owner) not in folded:
        return note
    above = [name for name in path[folded.index(fold(owner)) + 1 :] if names_a_thing(name)]
    if not above or _names(_plain(f"{context} {note.prompt}"), above[0]) or _names(owner, above[0]):
        return note
    shown = html.escape(_short(above[0]))
    return _with_field(note, "Context", f"{context}{QUALIFIER}{shown}" if context else shown)


_SENTENCE_END = lazy_compile(r"(?<=[。！？])\s*")


def _counted_owner(candidate: Candidate, outline: Outline) -> tuple[str, str]:
    """The name whose parts a card's parent bullet says its items are, in its last sentence
    (``- 配布パイプライン: …。設定を登録すると、Acme Deployer は 2 つのステージを実行します。`` over
    two stage bullets: ``Acme Deployer``), with that parent's term; ('', '') when the sentence opens with
    no name or counts other than the items under it."""
    node = outline.find(candidate.source)
    if node is None or node.kind != "item":
        return "", ""
    parent = outline.parent(node)
    if parent is not None and parent.kind == "list":
        parent = outline.parent(parent)
    if parent is None or parent.kind != "item" or not parent.term:
        return "", ""
    sentences = [part for part in _SENTENCE_END.split(" ".join(_plain(parent.text).split())) if part.strip()]
    if len(sentences) < 2:
        return "", ""  # the term's own one sentence: what it is, not whose
    last = sentences[-1]
    # the name opens the sentence or the clause after a condition (``…すると、Acme Deployer は…``)
    openings = (SENTENCE_OWNER.match(clause.strip()) for clause in last.split("、"))
    opening = next((found for found in openings if found is not None), None)
    counts = list(COUNTED_LEAD_IN.finditer(last))
    if opening is None or len(counts) != 1:
        return "", ""
    token = counts[0].group("count") or ""
    count = int(unicodedata.normalize("NFKC", token)) if token.isdigit() else 0
    items = sum(len(outline.nodes[child].children) for child in parent.children if outline.nodes[child].kind == "list")
    name = opening.group("owner").strip()
    if count != items or fold(name) in fold(parent.term):
        return "", ""
    return name, parent.term


def _with_counted_owner(note: Note, candidate: Candidate, outline: Outline) -> Note:
    """The note with the :func:`_counted_owner` name in its Context, before its parent's term when the
    Context shows it (else at its end), unless the Context or the front names it already."""
    context = note.get("Context", None)
    if context is None:
        return note
    name, owner = _counted_owner(candidate, outline)
    return _with_context_part(note, context, name, {fold(owner)})


def _lead_in_above(candidate: Candidate, outline: Outline) -> tuple[str, tuple[str, ...]]:
    """The lead-in bullet above the names a card is about (``- 設定の逸脱を見つけたときに呼び出せる
    連携先:`` over ``- Amazon SNS:``, ``- AWS Step Functions:`` …), without its colon, and the names
    between (nearest first): the case those names are members of, which their own cards need to say
    what they ask (``SNS の利用シナリオ`` of what). ('', ()) when no term lies between, when a
    sentence that is no lead-in comes first, or for an example, a step, an exam scenario or a passage."""
    node = outline.find(candidate.source)
    if node is None or node.kind != "item":
        return "", ()
    names: list[str] = [node.term] if node.term else []
    for above in outline.ancestors(node):
        if above.kind == "list":
            continue
        if above.kind != "item":
            return "", ()
        if above.term:
            names.append(above.term)
            continue
        if above.roles.label or above.roles.group:
            continue
        if isinstance(above.owner, ListItem) and image_only(above.owner.inlines):
            continue  # ``- ![image](…)`` over the bullets: it says nothing, look above it
        sentence = " ".join(_plain(above.text).split())
        roles = above.roles
        if (
            not names
            or roles.example
            or roles.step
            or roles.scenario
            or not sentence.endswith((":", "："))
            or len(sentence) > MAX_CONTEXT_SENTENCE_CHARS
        ):
            return "", ()
        shown = sentence.rstrip(":：").rstrip()
        return re.split(r"(?<=[。！？])\s*", shown)[-1] or shown, tuple(names)  # its last sentence leads in
    return "", ()


def _with_lead_in_above(note: Note, candidate: Candidate, outline: Outline) -> Note:
    """The note with the :func:`_lead_in_above` sentence in its Context, before the first name under
    it that the Context shows (else at its end), unless the Context or the front says it already or
    it would show a cloze's answer."""
    context = note.get("Context", None)
    if context is None:
        return note
    sentence, names = _lead_in_above(candidate, outline)
    return _with_context_part(note, context, sentence, {fold(name) for name in names})


def _with_context_part(note: Note, context: str, part: str, before: set[str]) -> Note:
    """The note with ``part`` in its Context, before the first part of it whose folded text is in
    ``before`` (else at its end), unless ``part`` is empty, the Context or the front says it already,
    or it would show a cloze's answer."""
    if not part or _gives_away(note, part) or _names(_plain(f"{context} {note.prompt}"), part):
        return note
    parts = context.split(QUALIFIER) if context else []
    at = next((place for place, shown in enumerate(parts) if fold(_plain(shown)) in before), len(parts))
    parts.insert(at, html.escape(part))
    return _with_field(note, "Context", QUALIFIER.join(parts))


_LONE_BULLET = lazy_compile(r"^<ul><li>(?P<item>(?:(?!<li>|<ul>|<ol>).)*)</li></ul>$", re.DOTALL)


def _without_lone_bullet(note: Note) -> Note:
    """A definition whose answer is one bullet (the one line written under its term) answered as
    that line: a bullet on its own promises a list the back does not have."""
    answer = note.get("Definition", None)
    if note.kind is not NoteKind.DEFINITION or not answer:
        return note
    match = _LONE_BULLET.match(answer)
    return _with_field(note, "Definition", match.group("item")) if match else note


_REMARK_ASIDE = lazy_compile(
    r"\s*[（(](?P<aside>[^（）()]{4,}?(?:ある|いる|ない|できる|する|なる|です|ます|らしい))[）)]\s*$"
)
"""An aside at the end of a front that is a clause of its own (``Aurora Serverless(Redshiftにも似たような
のがある)``): the author's remark, not part of the name."""


def _without_remark_aside(note: Note) -> Note:
    """A definition whose front ends in a :data:`_REMARK_ASIDE` with the remark moved to the end of
    its Details: the front names the thing only; the remark is still on the card."""
    if note.kind is not NoteKind.DEFINITION or note.get("Details", None) is None:
        return note
    match = _REMARK_ASIDE.search(note.prompt)
    if match is None or not has_cjk(match.group("aside")) or not match.start():
        return note
    remark = f"<p>（{match.group('aside')}）</p>"
    note = _with_field(note, note.fields[0][0], note.prompt[: match.start()])
    return _with_field(note, "Details", f"{note.get('Details')}{remark}")


def _answer_aspect(answer: str) -> str:
    """The aspect a definition's answer gives when it is one property, not what the term is: its
    standard (``IEEE 802.2``: :data:`~ankigen.extract.vocabulary.STANDARD_ANSWER`) or, in one
    sentence, a quota (``…ごとに 1 つのみ``: :data:`~ankigen.extract.vocabulary.LIMIT_ANSWER`),
    labelled in the answer's language; '' otherwise."""
    text = " ".join(answer.split())
    if not text or len(text) > MAX_ASPECT_ANSWER_CHARS:
        return ""
    labels = {kind: (english, japanese) for kind, english, japanese in ANSWER_ASPECTS}
    kind = ""
    if STANDARD_ANSWER.match(text):
        kind = "standard"
    elif (
        LIMIT_ANSWER.search(text)
        and len([part for part in re.split(r"[。.;；](?:\s|$)|[;；]", text) if part.strip()]) == 1
        and not re.match(r"(?:an?|the|one)\s", text, re.IGNORECASE)  # ``the environment …``: what it is
    ):
        kind = "limit"
    if not kind:
        return ""
    english, japanese = labels[kind]
    return japanese if has_cjk(text) else english


def _with_aspect(note: Note) -> Note:
    """A definition whose answer is one property of its term (:func:`_answer_aspect`) with that
    aspect on its front (``LLC (Logical Link Control) › standard``), unless the front says it."""
    if note.kind is not NoteKind.DEFINITION or len(note.fields) < 2:
        return note
    aspect = _answer_aspect(_plain(note.fields[1][1]))
    prompt = _plain(note.prompt)
    if not aspect or fold(aspect) in fold(prompt):
        return note
    return _with_field(note, note.fields[0][0], f"{note.prompt}{QUALIFIER}{html.escape(aspect)}")


def _with_parent_sentence(note: Note, candidate: Candidate, outline: Outline, lead_in_only: bool = False) -> Note:
    """The note with the sentence of the bullet it sits under at the end of its Context, when
    nothing above names a subject and that bullet names no term but says what its children are
    (``- 段階的なデプロイには CodeDeploy が使われる`` over ``- Linear: …`` under ``## Other``):
    without it the card does not say what it asks about. Not for a label, an example, a step or a
    long passage, nor on a cloze whose answer the sentence shows. ``lead_in_only`` (a heading above
    is the subject, shown in Context already): only a sentence that announces its list and ends
    with a colon (``SSM は以下の方法で通信を確立できます：`` over ``- インターネット経由: …``), shown
    without the colon; the heading alone does not say what such a label is a case of."""
    context = note.get("Context", None)
    node = outline.find(candidate.source)
    if node is None:
        return note
    if context is None:
        return note
    parent = outline.parent(node)
    if parent is not None and parent.kind == "list" and node.kind == "item":
        parent = outline.parent(parent)  # an item's list, then the item that holds the list
    if parent is None or parent.kind != "item" or parent.term:
        return note
    if isinstance(parent.owner, ListItem) and image_only(parent.owner.inlines):
        return note  # ``- ![image](…)``: its alt text says nothing
    roles = parent.roles
    sentence = " ".join(_plain(parent.text).split())
    if (
        not sentence
        or roles.label
        or roles.example
        or roles.step
        or roles.scenario
        or roles.group
        or (sentence.endswith((":", "：")) != lead_in_only)
        or (lead_in_only and not LIST_LEAD_IN.search(sentence))
    ):
        return note
    shown = sentence.rstrip(":：").rstrip()
    if len(sentence) > MAX_CONTEXT_SENTENCE_CHARS:
        # a long sentence is a passage; a lead-in that opens with a name (``サービスコントロール
        # ポリシー（SCP）は、…を説明します：``) still says whose parts the labels under it are
        # (``階層構造の継承``): that name is shown
        opening = SENTENCE_OWNER.match(sentence) if lead_in_only else None
        if opening is None:
            return note
        shown = opening.group("owner").strip()
    if _gives_away(note, shown) or _names(_plain(f"{context} {note.prompt}"), shown):
        return note
    shown = html.escape(shown)
    return _with_field(note, "Context", f"{context}{QUALIFIER}{shown}" if context else shown)


def _gives_away(note: Note, subject: str) -> bool:
    """Whether showing ``subject`` on a cloze shows one of its answers: a parent bullet that names
    both siblings (``停止と休止について`` over a gap for each) answers the card it heads."""
    if note.kind is not NoteKind.CLOZE:
        return False
    from .clozes import explicit_answers, in_context  # clozes imports this module

    return any(in_context(_plain(answer), subject) for answer in explicit_answers(note.prompt))


def _higher_subject(note: Note, candidate: Candidate, outline: Outline, subject: str) -> str:
    """The nearest term above the one that gives a cloze's answer away, below the headings (which
    Context shows already); '' when there is none."""
    node = outline.find(candidate.source)
    if node is None:
        return ""
    for above in outline.ancestors(node):
        if above.kind in ("section", "document"):
            break
        if above.term and fold(above.term) != fold(subject) and not _gives_away(note, above.term):
            return above.term
    return ""


def _with_group(note: Note, candidate: Candidate, outline: Outline) -> Note:
    """The note with the group heading right above it at the end of its Context, when that heading
    says what its items are (``## Mnemonics`` over ``Top-Down: …``: QUALIFYING_GROUPS). The
    breadcrumb leaves group headings out; these ones the front needs."""
    context = note.get("Context", None)
    node = outline.find(candidate.source)
    if node is None:
        return note
    if context is None or not node.headings:
        return note
    parent = outline.parent(node)
    if parent is not None and parent.kind == "list":
        parent = outline.parent(parent)  # an item of a list right under the heading
    if parent is None or parent.index != node.headings[-1]:
        return note  # nested under an item: that item is its subject, already in Context
    title = clean_term(parent.text)
    if fold(title) not in QUALIFYING_GROUPS or fold(title) in fold(_plain(f"{context} {note.prompt}")):
        return note
    shown = html.escape(title)
    return _with_field(note, "Context", f"{context}{QUALIFIER}{shown}" if context else shown)


def _under_headings_only(candidate: Candidate, outline: Outline) -> bool:
    """Whether the subject the outline gives a candidate is a heading's (no bullet term between)."""
    node = outline.find(candidate.source)
    if node is None:
        return False
    for above in outline.ancestors(node):
        if above.kind in ("section", "document"):
            return True
        if above.term:
            return False
    return True


def _distinguish(notes: list[Note], subjects: dict[int, str], owners: dict[int, tuple[str, bool]]) -> list[Note]:
    """Notes of one file with the same prompt and different answers: qualify each prompt with its
    subject, when that tells them apart. The name of the thing a note sits under below the headings
    (``owners``: ``Amazon ElastiCache は、…`` over ``- マルチ-AZ: …``, each with whether only headings
    name its subject) comes before a heading's title, and tells apart notes whose subjects do not
    (``HTTP API`` and ``WebSocket API``, each over ``- 設定項目`` over ``- ルート: …``)."""
    groups: dict[tuple[NoteKind, str], list[int]] = defaultdict(list)
    for index, note in enumerate(notes):
        if note.kind in _QUALIFIED_KINDS:
            groups[(note.kind, fold(_plain(note.prompt)))].append(index)
    for indexes in groups.values():
        if len(indexes) < 2 or len({fold(_plain(notes[index].fields[1][1])) for index in indexes}) < 2:
            continue
        qualifiers = _qualifiers(indexes, subjects, owners, by_owner=False)
        if not _tells_apart(qualifiers):
            qualifiers = _qualifiers(indexes, subjects, owners, by_owner=True)
        if not _tells_apart(qualifiers):
            continue  # two or more with nothing above them that names a subject: nothing tells them apart
        for index, qualifier in zip(indexes, qualifiers, strict=True):
            if not qualifier or CHAPTER_TITLE.match(qualifier):
                # the one under ``Other`` (or nothing) keeps its bare front; the others are told
                # apart. A chapter's title (``第 4 分野: …``) says where in the course, not whose:
                # on the front it reads as a heading, so the Context alone shows it
                continue
            note = notes[index]
            prompt = _plain(note.prompt)
            if _names(prompt, qualifier) or fold(prompt) in fold(qualifier):
                continue  # ``Lambda`` under ``AWS Lambda``: the heading is the term itself, not its subject
            notes[index] = _with_field(note, note.fields[0][0], f"{html.escape(qualifier)}{QUALIFIER}{note.prompt}")
    return notes


def _qualifiers(
    indexes: list[int], subjects: dict[int, str], owners: dict[int, tuple[str, bool]], by_owner: bool
) -> list[str]:
    """Each note's subject (a heading's title gives way to the owner below it), or with ``by_owner``
    the name of the thing it sits under, where there is one."""
    found = []
    for index in indexes:
        subject = subjects.get(index, "")
        owner, heading = owners.get(index, ("", False))
        found.append(_short(owner if owner and (by_owner or heading or not subject) else subject))
    return found


def _tells_apart(qualifiers: list[str]) -> bool:
    """Whether qualifiers tell their notes apart: all but at most one named, no name twice."""
    named = [fold(qualifier) for qualifier in qualifiers if qualifier]
    return len(qualifiers) - len(named) <= 1 and len(set(named)) == len(named)


_ID_NAME = lazy_compile(r"[0-9a-f]{8,}|\d{6,}|^[a-z0-9]+(?:[-_][a-z0-9]+)+$", re.IGNORECASE)
"""A hash, a long number or a slug (``ja-eshikaku-precision-recall``) as a file name: an id given
by a tool or a site, not a title a card can show."""
_UNTITLED = frozenset({"untitled", "無題", "新規ノート", "new note", "readme", "index", "notes", "note"})


@once_per_object  # asked for every sentence the prose-gap walks read (headings_shown)
def document_topic(document: Document) -> str:
    """What a file without a top heading is about: its front matter ``title`` (or ``concept``,
    ``topic``, ``subject``: :data:`~ankigen.extract.vocabulary.TOPIC_KEYS`), else its deck's last
    part (the file or folder name, as Obsidian shows a note's title). '' when it has a top heading
    (the heading is in every card's Context already)."""
    if any(section.level == 1 for section in document.sections):
        return ""
    for key in TOPIC_KEYS:
        title = document.front_matter.get(key)
        if isinstance(title, str) and title.strip() and len(title) <= MAX_TERM_CHARS:
            return " ".join(title.split())
    name = document.deck.split("::")[-1].strip()
    if not any(char.isalpha() for char in name) or _ID_NAME.search(name) or fold(name) in _UNTITLED:
        return ""  # ``2024-05-01``, ``002_a8d74d50``, ``Untitled``: a file name that names no topic
    return name


def headings_shown(document: Document, section: Section, *topic: str) -> str:
    """What a card from ``section`` shows of where it stands, folded: the document's topic, the
    section's heading path and a ``topic`` when given (a term line above the block), joined by
    `` › `` — what a gap must not repeat to be asked."""
    return fold(" › ".join((document_topic(document), *(title for title in section.path if title), *topic)))


def show_topic(notes: Sequence[Note], topic: str) -> list[Note]:
    """Every note whose front and Context do not name the file's ``topic`` gets it at the head of
    its Context (``Linux memory › Swap area``): a file without a top heading otherwise gives cards
    that never say what they are about."""
    if not topic:
        return list(notes)
    shown_topic = html.escape(topic)
    result: list[Note] = []
    for note in notes:
        context = note.get("Context", None)
        if context is None:
            result.append(note)
            continue
        shown = _plain(" ".join((note.prompt, context, note.get("Topic", ""))))
        if fold(topic) in fold(shown):
            result.append(note)
            continue
        result.append(_with_field(note, "Context", f"{shown_topic}{QUALIFIER}{context}" if context else shown_topic))
    return result
