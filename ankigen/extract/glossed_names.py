"""Glossed names: one sentence that announces a set and then names each member with a gloss in
parentheses: ``There are three ways to run it - batch (jobs queued for the night), stream (records
handled as they arrive), manual (an operator starts each run).``, ``ログの出し方は3種類ある：DEBUG
（開発時だけの詳しい記録）、INFO（普段の動きの記録）、ERROR（処理の失敗）。``

Read as ``Term - text``, the lead is a sentence and no term, so the whole group was dropped; read as
one card, it asks a set to recite. Each member states its own fact (what that mode or kind does), so
each becomes its own cloze: the lead for context, the name as the gap and its gloss in view — the
learner recalls which member the gloss describes.

Left alone: a lead that does not announce a set (no count or kind word such as ``ways``, ``types``,
``種類``, ``3つ``), a lead that gives examples (``such as``, ``例えば``, ``など``), a member whose
gloss is a few words (an expansion like ``S3 (Simple Storage Service)`` is a name, not a fact), a
gloss that shows its name, and a member with no gloss (then the set is only names).
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, Inline, Inlines, ListItem
from . import ExtractContext, register
from .clozes import emit_cloze
from .common import fold, has_cjk, prose_owners, study_sections
from .vocabulary import INLINE_EXAMPLE_MARK, MAX_LIST_GAPS, MIN_RECITED_ITEMS

_LEAD_SPLIT = lazy_compile(r"^(?P<lead>[^():：（）]{8,}?)(?:\s+[-–—]\s+|\s*[:：]\s*)(?P<rest>.+)$")
_SET_WORD_EN = lazy_compile(
    r"\b(?:ways|types|kinds|modes|levels|classes|forms|categories|flavou?rs|variants|tiers|styles|strategies)\b",
    re.IGNORECASE,
)
_SET_WORD_JA = lazy_compile(r"種類|種別|方式が|モードが|タイプが|[0-9０-９一二三四五六七八九]+(?:つ|通り|種)")
_MEMBER = lazy_compile(
    r"\s*(?:(?:and|or)\s+)?(?P<name>[^\s(（),、;；][^(（),、;；]*?)\s*[(（](?P<gloss>[^()（）]+)[)）]\s*"
)
_SEPARATOR = lazy_compile(r"\s*(?:[,、;；]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+|\s*(?:および|及び|と|や)\s*)")
_END = lazy_compile(r"[\s.。．]*$")
_MAX_NAME_WORDS = 4
_MAX_NAME_CHARS = 24
_MIN_GLOSS_WORDS = 3
_MIN_GLOSS_CHARS_JA = 6


def glossed_members(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The lead and each ``(name, gloss)`` of a sentence that announces a set and glosses every
    member in parentheses, or ``None`` when the sentence is not that shape."""
    text = " ".join(text.split())
    match = _LEAD_SPLIT.match(text)
    if match is None:
        return None
    lead, rest = match["lead"].strip(), match["rest"]
    cjk = has_cjk(lead)
    if not (_SET_WORD_JA.search(lead) if cjk else _SET_WORD_EN.search(lead)) or INLINE_EXAMPLE_MARK.search(lead):
        return None
    members: list[tuple[str, str]] = []
    cursor = 0
    while True:
        member = _MEMBER.match(rest, cursor)
        if member is None:
            return None
        name, gloss = member["name"].strip(), " ".join(member["gloss"].split())
        if not _fair_member(name, gloss):
            return None
        members.append((name, gloss))
        cursor = member.end()
        if _END.fullmatch(rest, cursor):
            break
        separator = _SEPARATOR.match(rest, cursor)
        if separator is None or separator.end() == cursor:
            return None
        cursor = separator.end()
    if not MIN_RECITED_ITEMS <= len(members) <= MAX_LIST_GAPS:
        return None
    if len({fold(name) for name, _ in members}) < len(members):
        return None
    return lead, members


def _fair_member(name: str, gloss: str) -> bool:
    """A short name whose gloss says something of its own and does not show the name."""
    if not name or len(name) > _MAX_NAME_CHARS or len(name.split()) > _MAX_NAME_WORDS:
        return False
    if any(mark in name for mark in ".。!?！？"):
        return False
    if fold(name) in fold(gloss):
        return False
    if has_cjk(gloss):
        return len(gloss) >= _MIN_GLOSS_CHARS_JA
    return len(gloss.split()) >= _MIN_GLOSS_WORDS


def _member_inlines(lead: str, name: str, gloss: str) -> Inlines:
    """``lead - **name** (gloss)``: the name is the key phrase (a ``strong`` inline)."""
    if has_cjk(lead):
        before, after = f"{lead}：", f"（{gloss}）"
    else:
        before, after = f"{lead} - ", f" ({gloss})"
    return (
        Inline("text", html.escape(before, quote=False), before),
        Inline("strong", html.escape(name, quote=False), name),
        Inline("text", html.escape(after, quote=False), after),
    )


_TAKEN = "glossed-names:owners"


def glossed_owner(context: ExtractContext, owner: object) -> bool:
    """Whether ``owner`` is a sentence of glossed names this extractor asked member by member (then
    no other card reads one member's gloss as that member's definition: it would ask it again)."""
    taken = context.memo.get(_TAKEN)
    return isinstance(taken, set) and id(owner) in taken


@register("glossed-names", order=29)
def extract_glossed_names(document: Document, context: ExtractContext) -> None:
    taken: set[int] = set()
    context.memo[_TAKEN] = taken
    for section in study_sections(document):
        for owner in prose_owners(section):
            if context.claimed(owner) or (isinstance(owner, ListItem) and owner.children):
                continue
            if any(part.kind in ("strong", "code") for part in owner.inlines):
                continue  # a marked key phrase already says what to ask
            text = owner.text.strip()
            if "\n" in text:
                continue
            found = glossed_members(text)
            if found is None:
                continue
            lead, members = found
            for name, gloss in members:
                emit_cloze(context, document, section, owner.span, _member_inlines(lead, name, gloss), source=owner)
            context.claim(owner)
            taken.add(id(owner))
