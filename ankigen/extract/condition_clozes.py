"""Condition clozes: a Japanese rule sentence, ``<condition>場合(は/、/には) <outcome>``, whose outcome
names one thing — a name in Latin letters (``…権限がない場合は InsufficientCapabilitiesException
エラーが出る``), a quoted term (``…場合は「HttpOnly」を設定する``), the thing after an arrow (``…が必要な
場合 → DataSync``) or the thing the sentence calls the answer (``…にする場合、大体はリードレプリカが
正解です``) — becomes a cloze hiding that one thing; the condition is the cue.

Study notes and exam memos state their rules this way, with no bold and no ``Term: text`` shape, so
each such rule was dropped as ``no-card-shape``. Nothing is made when the outcome names two or more
things or none (several facts, or a rule whose outcome is a whole clause to recite), when the thing
also shows in the condition or the headings, when the sentence leans on what came before (``この``,
``それ``, ``なお``), is an example or an opinion, or is too long; such a sentence keeps its
``--explain`` line. It runs after the token clozes, on paragraphs and bullets nothing used.
"""

from __future__ import annotations

import html
import re

from ..model import Document, Inline, Inlines, ListItem, Paragraph
from ..patterns import lazy_compile
from . import ExtractContext, register
from .clozes import emit_cloze, unasked_sentences
from .common import JA_OPINION, JA_QUOTED, JA_SENTENCE_END, fold, iter_items, study_sections
from .subjects import headings_shown
from .vocabulary import (
    EXAMPLE_SENTENCE,
    LEANS_CONDITION_JA,
    MAX_CLOZE_GAP_CHARS,
    MAX_SUBJECT_SENTENCE_CHARS,
    RULE_ANSWER_WORDS_JA,
)

# the last ``場合`` of the sentence, and what it is followed by: the outcome
_CONDITION = lazy_compile(r"^(?P<condition>.{8,}?場合)(?P<joint>のみ|には|は、?|、|\s*(?:→|⇒|->)\s*)(?P<outcome>.+)$")
_ARROW = lazy_compile(r"^\s*(?:→|⇒|->)\s*$")
# a name in Latin letters standing as a word of its own (not ``ルートDNSサーバー``, a part of a word)
_LATIN_NAME = lazy_compile(
    r"(?<![A-Za-z0-9_\-ァ-ヶー])[A-Za-z][A-Za-z0-9]*(?:[ .-][A-Za-z0-9]+)*(?![A-Za-z0-9_\-ァ-ヶー])"
)
_BRACKETED = lazy_compile(r"[（(][^（）()]*[）)]")
_ANSWER = lazy_compile(
    rf"(?:^|[、は])\s*(?P<answer>[^、。はがを]{{2,30}}?)\s*が(?:{'|'.join(map(re.escape, RULE_ANSWER_WORDS_JA))})"
)
_OWNS = lazy_compile(r"\s*の")
_JOINED = lazy_compile(r"[A-Za-z0-9一-龯ァ-ヶー)）」]\s*(?:と|および|及び)\s*[A-Za-z0-9一-龯ァ-ヶー(（「]")
"""Two nouns joined by ``と`` / ``および`` (``定期取得とマルチ-AZ``), not ``と`` inside a word
(``こと``, ``ひと``): a noun character on each side."""


def _answer(outcome: str, joint: str) -> str:
    """The one thing the outcome names, or '' when it names none or several."""
    if _ARROW.match(joint):
        target = outcome.strip().rstrip("。")
        return target if 2 <= len(target) <= MAX_CLOZE_GAP_CHARS and "、" not in target else ""
    called = _ANSWER.search(outcome)
    if called is not None:
        answer = called.group("answer").strip()
        # ``スナップショットの定期取得とマルチ-AZ デプロイメントがベストプラクティス``: two things joined, a
        # set to recite, not the one thing the sentence calls the answer
        return "" if _JOINED.search(answer) else answer
    quoted = {match.group(1) for match in JA_QUOTED.finditer(outcome)}
    if quoted:
        return quoted.pop() if len(quoted) == 1 else ""
    bare = _BRACKETED.sub("", outcome)  # ``（IAM ポリシー）``: an aside, not the outcome
    found = list(_LATIN_NAME.finditer(bare))
    if found and not bare[: found[0].start()].strip() and _OWNS.match(bare, found[0].end()):
        # ``…場合は X のアカウントの操作だけで完結する``: the name the outcome opens with owns what it is
        # about (the sentence's subject), it is no outcome; ``向き先の ELB の変更`` still is one
        return ""
    names = {match.group(0).strip() for match in found}
    return names.pop() if len(names) == 1 else ""


def _rule(text: str, headings: str) -> tuple[str, str] | None:
    """(the text before the answer, the answer) of a rule sentence, or None."""
    if len(text) > MAX_SUBJECT_SENTENCE_CHARS or any(
        p.search(text) for p in (LEANS_CONDITION_JA, EXAMPLE_SENTENCE, JA_OPINION)
    ):
        return None
    if not re.search(r"[。]$|[るすた]$|[A-Za-z0-9]$", text.rstrip()):
        return None
    match = _CONDITION.match(text)
    if match is None or "場合" in match.group("outcome"):
        return None
    answer = _answer(match.group("outcome"), match.group("joint"))
    folded = fold(answer)
    if (
        not answer
        or len(answer) > MAX_CLOZE_GAP_CHARS
        or folded in fold(match.group("condition"))
        or folded in headings
        or fold(text).count(folded) > 1
    ):
        return None
    start = match.start("outcome") + match.group("outcome").index(answer)
    return text[:start], answer


@register("condition-clozes", order=104)
def extract_condition_clozes(document: Document, context: ExtractContext) -> None:
    asked = {candidate.note.span.line for candidate in context.candidates}
    for section in study_sections(document):
        if not section.level:
            continue  # no heading to say what the rule is about
        headings = headings_shown(document, section)
        owners: list[Paragraph | ListItem] = [block for block in section.blocks if isinstance(block, Paragraph)]
        owners.extend(item for item, _parent in iter_items(section.blocks))
        for owner in owners:
            if context.claimed(owner):
                continue
            made = False
            for sentence in unasked_sentences(owner.inlines, owner.span.line, asked, JA_SENTENCE_END):
                parts = sentence.parts
                if not parts or any(part.kind != "text" for part in parts):
                    continue
                text = " ".join("".join(part.text for part in parts).split())
                found = _rule(text, headings)
                if found is None:
                    continue
                before, answer = found
                after = text[len(before) + len(answer) :]
                inlines: Inlines = tuple(
                    Inline("strong" if index == 1 else "text", html.escape(piece, quote=False), piece)
                    for index, piece in enumerate((before, answer, after))
                    if piece
                )
                count = len(context.candidates)
                emit_cloze(context, document, section, owner.span.at(sentence.line), inlines, "", owner)
                made = made or len(context.candidates) > count
            if made:
                context.claim(owner)
