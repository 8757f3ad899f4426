"""Points under a term: a term bullet that says what it is (``- 信頼性 : …能力``) over three to
:data:`~ankigen.extract.vocabulary.MAX_POINT_ITEMS` short plain bullets (its principles, factors
or parts: ``- 障害から自動的に復旧する`` …) that no other card asks.

The term's card asks what the term is; the bullets under it went to its Details, shown but never
asked (``in-details``), or were cut from them (``details-cut``). They are one short set that
belongs to the term, so they become one cloze with a gap per bullet, the term as its lead: each
card asks one point of the term's set, the others shown, the form for enumerations. A bullet's
closing aside in brackets stays outside its gap.

Only when every bullet is one plain line (no ``Term: text``, no sentence with 。, no link, no
example, nothing nested) of at most :data:`~ankigen.extract.vocabulary.MAX_LIST_GAP_CHARS`
characters (or :data:`~ankigen.extract.vocabulary.MAX_LIST_GAP_WORDS` words), no bullet shows in the
term or shows inside a sibling, no bullet is a one-character mark (``高`` beside ``中`` and ``低``, found
by elimination); a longer item is too much to hide (such lists keep their explain lines). A point
asked by a card of its own (``強力な{{c1::基盤}}を実装する``) is shown in the set, not a gap (it would be
asked twice); at least three gaps must remain.
"""

from __future__ import annotations

import html

from ankigen.patterns import lazy_compile

from ..model import Document, ListBlock, ListItem, Note, NoteKind, Section, Span
from . import Candidate, ExtractContext, register
from .common import cloze_gap, examples_only, fold, has_cjk, split_definition, study_sections
from .recital import _distinct
from .subjects import owner_path
from .tags import breadcrumb
from .vocabulary import MAX_LIST_GAP_CHARS, MAX_LIST_GAP_WORDS, MAX_POINT_ITEMS, MIN_RECITED_ITEMS

__all__ = ["point_items"]

_PROBE = Note(kind=NoteKind.CLOZE, key="", fields=(), span=Span("", 0, 0), deck="")
"""A stand-in note: :func:`owner_path` reads only a candidate's source."""
_BRACKETS = lazy_compile(r"[（(][^()（）]*[)）]")
MIN_OWN_CHARS = 4
"""A term bullet says what its term is in at least this many characters besides the term, its
bracketed asides and its colon (``- **Queue** (standard) :`` over its points says nothing: the points
are its answer)."""
_ASIDE = lazy_compile(r"\s*[（(][^()（）]*[)）]\s*$")
_EXAMPLE = lazy_compile(r"^(?:例|e\.g\.|eg\b|ex\.|example|for example)", flags=0)
_SENTENCE_MARK = lazy_compile(r"[。．]|\.\s|[!?！？]")


def _point(item: ListItem, long_ok: bool = False) -> str | None:
    """The bullet's text without its closing aside when it is one short plain point (a list of
    examples under it is allowed: :func:`~ankigen.extract.common.examples_only`; with ``long_ok``
    a point too long to hide is one too); else None."""
    text = " ".join(item.text.split())
    if not text or not examples_only(item) or "\n" in item.text.strip() or split_definition(item.inlines) is not None:
        return None
    if any(part.kind not in ("text", "strong", "em", "code") for part in item.inlines if part.text.strip()):
        return None  # a link, a picture, an explicit cloze
    core = _ASIDE.sub("", text)
    if len(core) < 2:
        return None  # a grade mark (``高`` / ``中`` / ``低``): its siblings give it away by elimination
    if not core or _EXAMPLE.match(core.casefold()) or _SENTENCE_MARK.search(core.rstrip("。.")):
        return None
    if "{{" in text or "}}" in text or "::" in text or core.endswith((":", "：")):
        return None
    if long_ok:
        return core
    if has_cjk(core) and len(core) > MAX_LIST_GAP_CHARS:
        return None
    if not has_cjk(core) and len(core.split()) > MAX_LIST_GAP_WORDS:
        return None
    return core


def point_items(item: ListItem, term: str) -> list[tuple[ListItem, str, bool]] | None:
    """The term bullet's child points (item, text without aside, whether it is too long to hide) when
    it has one list of :data:`MIN_RECITED_ITEMS` to :data:`MAX_POINT_ITEMS` short plain points and
    nothing else nested. One point of the set may be too long to hide (``より効率的な…を予測して採用する``,
    over :data:`MAX_LIST_GAP_CHARS`): it is shown in the set as a cue, the others are asked, and it
    stays in the term's Details (``in-details``)."""
    if len(item.children) != 1 or not isinstance(item.children[0], ListBlock):
        return None
    own = _BRACKETS.sub("", fold(" ".join(item.text.split())).replace(fold(term), "", 1))
    if not term or len(own.replace("とは", "").strip(" :：、,.。-—")) < MIN_OWN_CHARS:
        return None  # a bare name over its list: its first point may be its answer, and labels have rules of their own
    items = item.children[0].items
    if not MIN_RECITED_ITEMS <= len(items) <= MAX_POINT_ITEMS:
        return None
    points = [_point(child) for child in items]
    long = [index for index, point in enumerate(points) if point is None]
    if len(long) > 1 or any(_point(items[index], long_ok=True) is None for index in long):
        return None
    cores = [point or _point(items[index], long_ok=True) or "" for index, point in enumerate(points)]
    folded = fold(term)
    if not _distinct(cores) or any(fold(core) in folded for core in cores):
        return None
    return [(child, core, index in long) for index, (child, core) in enumerate(zip(items, cores, strict=True))]


def _term_items(blocks: tuple[object, ...]) -> list[ListItem]:
    found: list[ListItem] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                found.append(item)
                found.extend(_term_items(item.children))
    return found


@register("point-lists", order=107)
def extract_point_lists(document: Document, context: ExtractContext) -> None:
    carded = {id(candidate.source) for candidate in context.candidates if candidate.source is not None}
    terms = {
        id(candidate.source): candidate.term
        for candidate in context.candidates
        if candidate.source is not None and candidate.note.kind is NoteKind.DEFINITION and candidate.term
    }
    for section in study_sections(document):
        for item in _term_items(section.blocks):
            term = terms.get(id(item), "")
            if not term:
                continue  # the bullet says what no term is: its points are no set of a known term
            points = point_items(item, term)
            if points is None:
                continue
            block = item.children[0]
            if not isinstance(block, ListBlock):
                continue
            if id(block) in carded or any(context.claimed(child) and id(child) not in carded for child, _, _ in points):
                continue  # a point some extractor used without a card of its own: its explain line says why
            asked = {id(child) for child, _, long in points if id(child) in carded or long}
            if len(points) - len(asked) < MIN_RECITED_ITEMS:
                continue
            _emit(context, section, term, item, block, points, asked)


def _emit(
    context: ExtractContext,
    section: Section,
    term: str,
    item: ListItem,
    block: ListBlock,
    points: list[tuple[ListItem, str, bool]],
    asked: set[int],
) -> None:
    parts = []
    number = 0
    for child, core, _ in points:
        text = " ".join(child.text.split())
        if id(child) in asked:
            parts.append(f"<li>{html.escape(text, quote=False)}</li>")  # asked on its own card, or too long: shown
            continue
        number += 1
        gap = cloze_gap(number, html.escape(core, quote=False))
        parts.append(f"<li>{gap}{html.escape(text[len(core) :], quote=False)}</li>")
    tag = "ol" if block.ordered else "ul"
    # the names of the bullets the term sits under (``AWS Well-Architected の6つの柱`` over
    # ``セキュリティ``) follow the headings in Context, as on the cards of the term and its points
    owners = owner_path(Candidate(_PROBE, "", item, ""), context.outline)
    crumbs = [breadcrumb(section.path)] if section.path else []
    crumbs.extend(html.escape(name, quote=False) for name in reversed(owners))
    context.emit(
        NoteKind.CLOZE,
        term,
        Span(block.span.path, item.span.line, points[-1][0].span.line),
        {"Text": f"{html.escape(term, quote=False)}:<{tag}>{''.join(parts)}</{tag}>", "Context": " › ".join(crumbs)},
        section=section,
        source=block,
    )
