"""Limits in Details: a child bullet that states a number with its unit as a limit or a default
(``最大5個まで``, ``デフォルトで2回まで``, ``up to 15 minutes``) becomes a cloze hiding that quantity.

A term's child bullets that are no card of their own end in its Details, which are shown but never
asked; numbers and limits are what exams ask, and what readers of such cards found missing most
often. The bullet keeps its wording, the quantity is the gap (``c1``; a second limit in the same
bullet is ``c2``, so each card hides one), and the term above it is the card's subject (the
selection pass shows it in Context). Only a bullet nothing else used, with a term above it, that
is no example, step or scenario, reads as a sentence and is at most
:data:`~ankigen.extract.vocabulary.MAX_DETAIL_FACT_CHARS` long; a number with no limit word
(``1つのLambda関数で``) is left visible unless it is the bullet's only quantity and carries a unit.
A bullet with no limit but one short 「quoted」 key phrase (``レスポンスヘッダ「X-Amz-Function-Error」が
設定される``) becomes a cloze on that phrase the same way, unless it quotes its own subject, several
names (a list to recite), an example, or a phrase its own child bullets name again (the gap would
show in the Details); a bullet that sums up or contrasts the one before (``つまり、…``) is left alone.
Everything else stays in the Details with its ``in-details`` explain line.
"""

from __future__ import annotations

import html
import re
from functools import cache

from ..model import Document, ListItem, NoteKind, Section
from . import ExtractContext, register
from .clozes import cloze_key
from .common import children_html, cloze_gap, fold, has_cjk, iter_items, study_sections
from .outline import Node
from .vocabulary import (
    LIMIT_AFTER,
    LIMIT_BEFORE,
    LIMIT_UNITS_JA,
    LIMIT_UNITS_LATIN,
    MAX_DETAIL_FACT_CHARS,
    MAX_QUOTED_GAP_CHARS,
)

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_LEANS_ON_BEFORE = re.compile(
    r"^(?:この|その|これ|それ|上記|前述|つまり|要するに|一方)"
    r"|^(?:this|that|these|those|it|they|so|thus|therefore|in other words|on the other hand)\b",
    re.IGNORECASE,
)
"""A bullet that points back (``その…``) or sums up or contrasts the one before (``つまり、…``,
``一方で、…``): it says nothing alone."""
_MAX_GAPS = 2
_TAG = re.compile(r"<[^>]+>")
_COUNTERS = ("つ", "個", "台", "件")
"""Counters that, with no limit word, count things in passing (``2つの方法``), not a limit."""
_UPPER_BEFORE = ("最大", "上限", "up to", "at most", "maximum of", "max", "no more than", "limited to")
_UPPER_AFTER = ("まで", "以内", "未満", "単位", "ごと", "毎")


@cache
def _quantity() -> re.Pattern[str]:
    """A number and its unit, not part of a name (``EC2``, ``IPv4``, ``S3``) or a date."""
    latin = "|".join(LIMIT_UNITS_LATIN)
    japanese = "|".join(sorted(map(re.escape, LIMIT_UNITS_JA), key=len, reverse=True))
    return re.compile(
        rf"(?<![A-Za-z0-9_.\-/:$#])(?P<number>{_NUMBER})"
        rf"(?P<unit>\s?(?:{latin})(?![A-Za-z])|\s?(?:{japanese}))"
        rf"(?:\s?[〜~～\-]\s?(?:{_NUMBER})(?:\s?(?:{latin})(?![A-Za-z])|\s?(?:{japanese}))?)?"
    )


def _one(number: str) -> bool:
    return number in ("0", "1")


def _marked(text: str, start: int, end: int, one: bool) -> bool:
    """Whether the quantity at ``text[start:end]`` is a limit or a default by the words around it.
    ``1 つ以上`` / ``at least 1`` only mean "some": a one is a limit by an upper bound or a step."""
    before = text[max(0, start - 14) : start].rstrip(" ,、").casefold()
    after = text[end : end + 6].lstrip()
    if one:
        return before.endswith(_UPPER_BEFORE) or after.startswith(_UPPER_AFTER)
    return before.endswith(tuple(word.casefold() for word in LIMIT_BEFORE)) or after.startswith(LIMIT_AFTER)


def limit_gaps(text: str) -> list[tuple[int, int]]:
    """Where the limits of a sentence are (start, end), at most :data:`_MAX_GAPS` of them: the
    quantities with a limit word beside them, else the sentence's only quantity; [] when none."""
    found = [
        match
        for match in _quantity().finditer(text)
        if not re.match(r"\d{4}年", match.group(0)) and not text[: match.start()].rstrip().endswith(("年", "月"))
    ]
    marked = [(m.start(), m.end()) for m in found if _marked(text, m.start(), m.end(), _one(m.group("number")))]
    if marked:
        return marked[:_MAX_GAPS]
    if len(found) == 1 and not _one(found[0].group("number")) and found[0].group("unit").strip() not in _COUNTERS:
        return [(found[0].start(), found[0].end())]
    return []


_QUOTED = re.compile(rf"「([^「」]{{2,{MAX_QUOTED_GAP_CHARS}}})」")
_EXAMPLE_MARK = re.compile(r"(?:例|e\.g\.|for example|such as)", re.IGNORECASE)


def quoted_gap(text: str, subject: str) -> list[tuple[int, int]]:
    """Where a sentence's one 「quoted」 key phrase is (inside the brackets), as a one-gap list;
    [] when it quotes none, two or more (a list of names to recite), its own subject (the answer
    would show in Context) or an example (``例：「…」``)."""
    found = list(_QUOTED.finditer(text))
    if len(found) != 1 or "「" in text[found[0].end() :] or "「" in text[: found[0].start()]:
        return []
    match = found[0]
    phrase = fold(match.group(1))
    if not phrase.strip() or phrase in fold(subject) or fold(subject) in phrase:
        return []
    if _EXAMPLE_MARK.search(text[max(0, match.start() - 6) : match.start()]):
        return []
    return [(match.start(1), match.end(1))]


def leans_on_before(text: str) -> bool:
    """Whether a sentence points back (``その…``) or sums up or contrasts the one before it."""
    return _LEANS_ON_BEFORE.match(text) is not None


def _reads_as_fact(text: str) -> bool:
    if has_cjk(text):
        return len(text) >= 10
    return len(text.split()) >= 5


def _subject_node(context: ExtractContext, item: ListItem) -> Node | None:
    node = context.outline.node(item)
    if node.roles.example or node.roles.step or node.roles.scenario or not node.subject:
        return None
    return node


def _emit(context: ExtractContext, section: Section, item: ListItem, asked: str) -> bool:
    text = item.text
    plain = " ".join(text.split())
    if "\n" in text.strip() or len(plain) > MAX_DETAIL_FACT_CHARS or not _reads_as_fact(plain):
        return False
    if _LEANS_ON_BEFORE.match(plain) or any(
        part.kind == "code" for part in item.inlines if any(c.isdigit() for c in part.text)
    ):
        return False
    if any(part.kind not in ("text", "code", "strong", "em", "mark") for part in item.inlines):
        return False  # links, images, line breaks: keep the sentence as the Details show it
    if fold(plain) in asked:
        return False  # another card's answer is this bullet (a label's only child): it is asked already
    gaps = limit_gaps(plain)
    node = _subject_node(context, item)
    quoted = not gaps and node is not None and bool(gaps := quoted_gap(plain, node.subject))
    if not gaps or node is None:
        return False
    answers = [plain[start:end] for start, end in gaps]
    numbers = [re.match(_NUMBER, answer) for answer in answers]
    if any(plain.count(answer) != 1 for answer in answers) or any(
        not quoted
        and (number is None or len(re.findall(rf"(?<![\d.,]){re.escape(number.group(0))}(?![\d.,]\d)", plain)) != 1)
        for number in numbers
    ):
        # the quantity shows again in the sentence (``…Every1Minutes（1分ごと…``): the gap hides nothing
        return False
    if quoted and fold(answers[0]) in fold(_TAG.sub(" ", html.unescape(children_html(item)))):
        return False  # the Details under it name the phrase again: the gap would show on the card
    rest = plain
    for start, end in reversed(gaps):
        rest = rest[:start] + rest[end:]
    if len(re.sub(r"\W", "", rest)) < 8:
        return False  # the number is almost the whole bullet: a value, not a sentence
    pieces: list[str] = []
    last = 0
    for number, (start, end) in enumerate(gaps, 1):
        pieces.append(html.escape(plain[last:start], quote=False))
        pieces.append(cloze_gap(number, html.escape(plain[start:end], quote=False)))
        last = end
    pieces.append(html.escape(plain[last:], quote=False))
    context.emit(
        NoteKind.CLOZE,
        cloze_key([fold(answer) for answer in answers] + [fold(plain)]),
        item.span.at(item.span.line),
        {"Text": "".join(pieces), "Details": children_html(item)},
        section=section,
        source=item,
    )
    return True


@register("detail-facts", order=98)
def extract_detail_facts(document: Document, context: ExtractContext) -> None:
    asked = "\n".join(
        fold(_TAG.sub("", html.unescape(candidate.note.fields[1][1] if len(candidate.note.fields) > 1 else "")))
        for candidate in context.candidates
    )
    for section in study_sections(document):
        for item, parent in iter_items(section.blocks):
            if parent is None or context.claimed(item):
                continue
            if _emit(context, section, item, asked):
                # its child bullets are its Details: a limit there would ask this card's gap again
                context.claim(item, *(child for child, _ in iter_items(item.children)))
