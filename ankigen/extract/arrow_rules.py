"""Arrow rules: a list whose every bullet reads ``<condition> → <name>`` (``- 帯域が細い → Snowball``,
``- Needs a fixed address → Elastic IP``) is a choice table: each bullet becomes a cloze of its own
that shows the condition and hides the one name it leads to, under the list's heading.

Such lists compare services (``## A と B``, ``## A vs B``) and say which one to use when. As one card
they were a set to recite, or a list cloze hiding each whole line, condition included, so the
learner had to recite the condition too. A bullet whose condition only points at its siblings
(``上記以外``, ``otherwise``) asks nothing alone and gets an ``--explain`` line instead, and so does
one whose condition spells out every part of the name (``大量のS3オブジェクトへのバッチ処理 → S3バッチ処理``:
both ``S3`` and ``バッチ処理`` are on the front, so the gap hides nothing to recall). A list with
any bullet of another shape, a child list, a chain (``A → B → C``) or an outcome that is a clause
(``→ AWSへバックアップ``) is left to the other extractors.
"""

from __future__ import annotations

import html

from ..model import Document, ListBlock, ListItem, NoteKind
from ..patterns import lazy_compile
from . import ExtractContext, register
from .clozes import cloze_key
from .common import HIRAGANA, cloze_gap, study_sections
from .vocabulary import LEANS_ARROW_CONDITION, MAX_CLOZE_GAP_CHARS

_RULE = lazy_compile(r"^(?P<condition>[^→⇒]+?)\s+(?:→|⇒|->)\s+(?P<outcome>[^→⇒]+?)[。.]?$", needs=("→", "⇒", "->"))
# The parts a name is made of: a run of Latin letters and digits, of katakana, or of kanji.
_NAME_PART = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*|[\u30a0-\u30ff]{2,}|[\u4e00-\u9fff]{2,}")
_TEXT_KINDS = frozenset({"text", "code", "em", "strong", "link"})


def _rule(item: ListItem) -> tuple[str, str] | None:
    """(condition, name) of a ``<condition> → <name>`` bullet, or None."""
    if item.children or any(part.kind not in _TEXT_KINDS for part in item.inlines):
        return None
    text = " ".join(item.text.split())
    match = _RULE.match(text)
    if match is None:
        return None
    condition, outcome = match.group("condition").strip(" :："), match.group("outcome").strip()
    if (
        len(condition) < 2
        or not 2 <= len(outcome) <= MAX_CLOZE_GAP_CHARS
        or HIRAGANA.search(outcome)
        or any(mark in outcome for mark in ("、", ",", "。", ":", "："))
        or len(outcome.split()) > 4
    ):
        return None
    return condition, outcome


def _spelled_out(name: str, condition: str) -> bool:
    """Whether every part of ``name`` (its Latin words, katakana and kanji runs) shows in ``condition``,
    a Latin part as a whole word: ``S3バッチ処理`` in ``大量のS3オブジェクトへのバッチ処理``."""
    parts = _NAME_PART.findall(name)
    if not parts or sum(len(part) for part in parts) < len(name.replace(" ", "")) // 2:
        return False
    folded = condition.casefold()
    for part in parts:
        part = part.casefold()
        if part.isascii():
            at, found = folded.find(part), False
            while at >= 0 and not found:
                end = at + len(part)
                found = (at == 0 or not folded[at - 1].isascii() or not folded[at - 1].isalnum()) and (
                    end == len(folded) or not folded[end].isascii() or not folded[end].isalnum()
                )
                at = folded.find(part, at + 1)
            if not found:
                return False
        elif part not in folded:
            return False
    return True


@register("arrow-rules", order=27)
def extract_arrow_rules(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        if not section.level:
            continue  # no heading to say what the choice is between
        for block in section.blocks:
            if not isinstance(block, ListBlock) or len(block.items) < 2 or context.claimed(block):
                continue
            rules = [_rule(item) for item in block.items]
            if any(rule is None for rule in rules):
                continue
            for item, rule in zip(block.items, rules, strict=True):
                assert rule is not None
                condition, name = rule
                if LEANS_ARROW_CONDITION.search(condition.casefold()):
                    message = (
                        f"the condition {condition[:40]!r} only points at the bullets around it: alone the "
                        "card asks nothing; name the case it means"
                    )
                    context.skip(item.span, item.text, message, code="unresolved-referent")
                    continue
                if _spelled_out(name, condition):
                    message = (
                        f"the condition spells out every part of the name {name!r}: hiding it gives nothing "
                        "to recall; say what sets it apart instead"
                    )
                    context.skip(item.span, item.text, message, code="answer-shown")
                    continue
                text = f"{html.escape(condition, quote=False)} → {cloze_gap(1, html.escape(name, quote=False))}"
                context.emit(
                    NoteKind.CLOZE,
                    cloze_key([condition, name]),
                    item.span,
                    {"Text": text},
                    section=section,
                    source=item,
                )
                context.claim(item)
            context.claim(block)
