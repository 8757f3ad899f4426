"""Contrast clozes: a plain sentence that pairs two or more conditions with the name chosen for
each, in parallel clauses with the same particle: ``性能重視なら `host`、互換性重視なら `bridge` を
使う``, ``緊急の復旧にはバックトラックを、長期の保護にはスナップショットを利用する``, ``Aの分母は
「予測した数」、Bの分母は「実際の数」です``.

Articles and exam notes state their key choices this way, with no bold, no colon and no term
to define, so such a sentence was dropped as ``no-card-shape``. The parallel clauses are what make
the names the answers: the same particle (``なら`` / ``には`` / ``では`` / ``は``) in front of each,
and right after it a *name*: `code`, a link, a short 「quoted」 phrase, a term another card of the
file asks (a definition's term, a compared entity, a heading's subject, or one of their bracketed
other names), or a run of Latin or katakana words standing alone as the noun of its clause. The
card is one cloze with a gap per chosen name (c1..cN), so each card asks one choice with its
condition and the other choices in view. Nothing is made when the sentence leans on what came
before (``この``, ``それ``), is an example, a question or a first-person remark, or when fewer than
two clauses name a choice; such a sentence keeps its ``--explain`` line.

It runs after every other extractor, on paragraphs and list items nothing used.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass

from ankigen.patterns import lazy_compile

from ..model import Document, Inline, Inlines, ListItem, Paragraph, Section
from . import ExtractContext, register
from .clozes import emit_cloze, unasked_sentences
from .common import (
    JA_SENTENCE_END,
    clean_term,
    fold,
    has_cjk,
    iter_items,
    looks_like_term,
    once_per_object,
    study_sections,
)
from .definitions import topic_label
from .subject_sentences import known_terms
from .vocabulary import (
    CONTRAST_MAX_CHOICES,
    CONTRAST_MAX_QUOTE_CHARS,
    CONTRAST_PARTICLES,
    EXAMPLE_SENTENCE,
    FIRST_PERSON_WORDS,
    HA_CONJUNCTION_STEMS,
    LEANS_CONTRAST_JA,
    MAX_CLOZE_GAP_CHARS,
    MAX_SUBJECT_SENTENCE_CHARS,
)

__all__ = [
    "contrast_choices",
    "linked_names",
    "name_text",
    "plain_sentence",
    "sentence_names",
    "sentence_sources",
    "with_gaps",
]

_QUOTE = lazy_compile(rf"「([^「」]{{2,{CONTRAST_MAX_QUOTE_CHARS}}})」")
# a run of Latin words (``VPC Flow Logs``, ``HAProxy``) or katakana words joined by ・ (``スナップショット・PITR``)
_NAME_RUN = lazy_compile(
    r"[A-Za-z][A-Za-z0-9]*(?:[ ./+-][A-Za-z0-9]+)*(?:・(?:[A-Za-z][A-Za-z0-9]*|[ァ-ヴー]{2,}))*"
    r"|[ァ-ヴー]{3,}(?:・(?:[A-Za-z][A-Za-z0-9]*|[ァ-ヴー]{2,}))*"
)
# a name run is the whole noun of its clause when a particle or punctuation follows it
# (``バックトラックを``, ``host、``), not a word of a longer phrase (``データセンターの集合``)
_RUN_END = lazy_compile(r"^\s*(?:を|が|で|です|と|に|も|、|。|，|,|」|$)")
_COORDINATOR = lazy_compile(r"\s*(?:や|と|、|,|，|・|もしくは|または|あるいは|および|及び|or|and)\s*", re.IGNORECASE)
_LINKED_TOPIC = lazy_compile(r"^[^、。,]{0,12}?(?:は|が)")
_BRACKETED_TAIL = lazy_compile(r"\s*[(（][^()（）]*[)）]$")


@dataclass(frozen=True, slots=True)
class _Name:
    start: int
    end: int
    part: int  # the index of the inline it is in (a name never spans two inlines)


_TermsByFirst = dict[str, list[tuple[int, str]]]

_cjk_terms_of: list[tuple[frozenset[str], _TermsByFirst]] = []
"""The last set of terms asked about, with its Japanese terms by their first character."""


def _cjk_terms(terms: frozenset[str]) -> _TermsByFirst:
    """``terms`` that hold CJK by their first character, each with its place in the order the set
    gives them: each sentence of a file is asked about the same set (the file's known terms), so it
    is filtered once, not once per sentence, and a sentence looks only for the terms whose first
    character it holds. Kept for the very object (``is``): an equal set built another way may
    iterate in another order."""
    if not _cjk_terms_of or _cjk_terms_of[0][0] is not terms:
        by_first: _TermsByFirst = {}
        for order, term in enumerate(term for term in terms if has_cjk(term)):
            by_first.setdefault(term[0], []).append((order, term))
        _cjk_terms_of[:] = [(terms, by_first)]
    return _cjk_terms_of[0][1]


def _term_places(folded: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    """Each place a Japanese term of ``terms`` shows in ``folded``, as (the term's place in the set's
    order, start, term), sorted: the set's order, then left to right, as a walk of the whole set finds
    them."""
    by_first = _cjk_terms(terms)
    places: list[tuple[int, int, str]] = []
    for char in set(folded) & by_first.keys():
        for order, term in by_first[char]:
            start = folded.find(term)
            while start >= 0:
                places.append((order, start, term))
                start = folded.find(term, start + 1)
    places.sort()
    return places


def _names(parts: list[Inline], terms: frozenset[str]) -> list[_Name]:
    """Every name in the sentence: code, links, short quotes, known terms and name runs."""
    found: list[_Name] = []
    for index, part in enumerate(parts):
        if part.kind in ("code", "link"):
            if part.text.strip() and "://" not in part.text:
                found.append(_Name(0, len(part.text), index))
            continue
        if part.kind != "text":
            continue
        text = part.text
        for match in _QUOTE.finditer(text):
            found.append(_Name(match.start(), match.end(), index))
        folded = fold(text)
        # positions agree only when folding kept the length; a text without CJK holds no Japanese term
        if len(folded) == len(text) and has_cjk(folded):
            # Latin terms are found as name runs, on word boundaries
            found.extend(_Name(start, start + len(term), index) for _order, start, term in _term_places(folded, terms))
        for match in _NAME_RUN.finditer(text):
            if _RUN_END.match(text[match.end() :]):
                found.append(_Name(match.start(), match.end(), index))
    return found


def _particle_before(parts: list[Inline], name: _Name) -> str:
    """The contrast particle right before ``name`` (``なら``, ``には`` …), or ''."""
    before = parts[name.part].text[: name.start] if parts[name.part].kind == "text" else ""
    if not before.strip() and name.part > 0 and parts[name.part - 1].kind == "text":
        before = parts[name.part - 1].text
    before = before.rstrip(" 　「")
    for particle in CONTRAST_PARTICLES:
        # a condition before the particle: ``性能特化なら``, not a bare ``は`` opening the sentence
        # nor the ``は`` of a conjunction (``または``, ``あるいは``, ``もしくは``)
        if before.endswith(particle) and len(before) > len(particle):
            stem = before[: -len(particle)]
            return "" if particle == "は" and stem.endswith(HA_CONJUNCTION_STEMS) else particle
    return ""


def contrast_choices(parts: list[Inline], terms: frozenset[str]) -> list[_Name]:
    """The names chosen in parallel clauses (the same particle before each), in reading order;
    [] when fewer than two clauses name a choice or the choices are not distinct."""
    by_particle: dict[str, list[_Name]] = {}
    for name in _names(parts, terms):
        particle = _particle_before(parts, name)
        if particle:
            by_particle.setdefault(particle, []).append(name)
    best: list[_Name] = []
    for names in by_particle.values():
        # a choice that holds another (``「通信経路なら X」`` around ``X``) gives way to it;
        # of names starting at one place, the longest (a known term over a shorter run)
        inner = [
            name
            for name in names
            if not any(
                other is not name
                and other.part == name.part
                and name.start <= other.start
                and other.end <= name.end
                and (other.start, other.end) != (name.start, name.end)
                and _particle_inside(parts, name, other)
                for other in names
            )
        ]
        chosen: list[_Name] = []
        for name in sorted(inner, key=lambda n: (n.part, n.start, -(n.end - n.start))):
            if chosen and chosen[-1].part == name.part and name.start < chosen[-1].end:
                continue  # overlaps the one kept
            chosen.append(name)
        texts = {fold(_text(parts, name)) for name in chosen}
        if len(chosen) >= 2 and len(texts) == len(chosen) and len(chosen) > len(best):
            best = chosen
    if len(best) > CONTRAST_MAX_CHOICES or _named_again(parts, best):
        return []
    return best


def _named_again(parts: list[Inline], names: list[_Name]) -> bool:
    """Whether a choice's name (without its bracketed other name) comes up again in the sentence:
    a chain that describes the thing (``データは X に書き込まれ、X は …``), not a choice between names."""
    sentence = fold("".join(part.text for part in parts))
    for name in names:
        base = _BRACKETED_TAIL.sub("", _text(parts, name)).strip()
        if base and sentence.count(fold(base)) > 1:
            return True
    return False


def _particle_inside(parts: list[Inline], outer: _Name, inner: _Name) -> bool:
    """Whether ``inner`` sits after a contrast particle inside ``outer`` (the nested choice)."""
    text = parts[outer.part].text[outer.start : inner.start].rstrip(" 　")
    return any(text.endswith(particle) for particle in CONTRAST_PARTICLES)


def linked_names(parts: list[Inline]) -> list[_Name]:
    """Two to :data:`CONTRAST_MAX_CHOICES` links to named things joined only by a coordinator
    (``[A](…) や [B](…)``, ``[A](#a) もしくは [B](#b)``): the names the author marked as the
    sentence's key terms, in reading order; [] otherwise."""
    links = [index for index, part in enumerate(parts) if part.kind == "link"]
    if not 2 <= len(links) <= CONTRAST_MAX_CHOICES:
        return []
    for index in links:
        name = " ".join(parts[index].text.split())
        if not name or "://" in name or len(name) > MAX_CLOZE_GAP_CHARS or not looks_like_term(name):
            return []
    for before, after in itertools.pairwise(links):
        between = "".join(part.text for part in parts[before + 1 : after])
        if after != before + 1 and not _COORDINATOR.fullmatch(between):
            return []
    if len({fold(parts[index].text) for index in links}) != len(links):
        return []
    # the names are the sentence's subject (``[A] や [B] などのサービスは…``), not an aside in one
    # of its clauses (``[A] もしくは [B] モードのどちらにおいても、…``), where hiding them asks nothing
    rest = "".join(part.text for part in parts[links[-1] + 1 :])
    if _LINKED_TOPIC.match(rest) is None:
        return []
    return [_Name(0, len(parts[index].text), index) for index in links]


def _text(parts: list[Inline], name: _Name) -> str:
    part = parts[name.part]
    if part.kind != "text":
        return part.text.strip()
    return part.text[name.start : name.end].strip("「」")


def _with_gaps(parts: list[Inline], names: list[_Name]) -> Inlines:
    """The sentence with each chosen name as a key phrase (a ``strong`` inline the cloze hides)."""
    out: list[Inline] = []
    for index, part in enumerate(parts):
        mine = sorted((name for name in names if name.part == index), key=lambda n: n.start)
        if not mine:
            out.append(part)
            continue
        if part.kind == "link":  # the name, not a link to click (often an anchor of the page it came from)
            out.append(Inline("strong", html.escape(part.text, quote=False), part.text))
            continue
        if part.kind != "text":
            out.append(Inline("strong", part.html, part.text))
            continue
        cursor = 0
        for name in mine:
            start, end = name.start, name.end
            if part.text[start] == "「" and part.text[end - 1] == "」":
                start, end = start + 1, end - 1  # the quote marks stay in view
            if start > cursor:
                piece = part.text[cursor:start]
                out.append(Inline("text", html.escape(piece, quote=False), piece))
            phrase = part.text[start:end]
            out.append(Inline("strong", html.escape(phrase, quote=False), phrase))
            cursor = end
        if cursor < len(part.text):
            piece = part.text[cursor:]
            out.append(Inline("text", html.escape(piece, quote=False), piece))
    return tuple(out)


def _plain_sentence(parts: list[Inline]) -> bool:
    """A statement in plain prose: Japanese, not leaning on what came before, not an example, a
    question or a first-person remark, and not too long to read as one card."""
    text = " ".join("".join(part.text for part in parts).split())
    if not has_cjk(text) or len(text) > MAX_SUBJECT_SENTENCE_CHARS:
        return False
    if any(part.kind in ("strong", "mark", "cloze", "image") for part in parts):
        return False  # bold already says what to ask: the cloze extractor's
    if text.endswith(("?", "？")) or LEANS_CONTRAST_JA.search(text) or EXAMPLE_SENTENCE.search(text):
        return False
    if _POINTER_AFTER_SETTING.match(text):
        return False
    return not any(word in text for word in FIRST_PERSON_WORDS)


_POINTER_AFTER_SETTING = lazy_compile(
    r"^[^。、]{1,40}?(?:では|には|場合は?|とき|時)、\s*(?:これ|それ|こちら)(?:は|が|も|により)"
)
"""A sentence whose subject is a pointer after an opening clause of setting (``サポートしているブラウザー
では、これは…``): the pointer names what the sentence before said, which the card does not show."""


def _sources(document: Document) -> list[tuple[Paragraph | ListItem, Inlines, str, Section]]:
    """:func:`_document_sources`, a list of the caller's own (read once a file: asked by this
    extractor, the object clozes and the pointer clozes)."""
    return list(_document_sources(document))


@once_per_object
def _document_sources(document: Document) -> tuple[tuple[Paragraph | ListItem, Inlines, str, Section], ...]:
    """(owner, inlines, topic, section) of every paragraph and list item's own text; a labelled
    part of a topic bullet (``- **注意点**: …``) without its label, the topic as its context."""
    found: list[tuple[Paragraph | ListItem, Inlines, str, Section]] = []
    for section in study_sections(document):
        for block in section.blocks:
            if isinstance(block, Paragraph):
                found.append((block, block.inlines, "", section))
        for item, parent in iter_items(section.blocks):
            label = topic_label(item) if parent is not None else None
            if label is not None and parent is not None:
                found.append((item, label[1], clean_term(parent.text), section))
            else:
                found.append((item, item.inlines, "", section))
            for child in item.children:
                if isinstance(child, Paragraph):
                    found.append((child, child.inlines, "", section))
    return tuple(found)


@register("contrast-clozes", order=99)
def extract_contrast_clozes(document: Document, context: ExtractContext) -> None:
    terms = known_terms(context)
    # a line another card starts on is that card's; a structured topic's labelled part (``- **実務での
    # 使い方**: …``), claimed as the topic's Details, may still be asked here
    asked = {candidate.note.span.line for candidate in context.candidates}
    for owner, inlines, topic, section in _sources(document):
        first_line = owner.span.line
        if context.claimed(owner) and not topic:
            continue
        made = False
        for sentence in unasked_sentences(inlines, first_line, asked, JA_SENTENCE_END):
            parts = list(sentence.parts)
            if not _plain_sentence(parts):
                continue
            choices = contrast_choices(parts, terms) or linked_names(parts)
            if not choices:
                continue
            span = owner.span.at(sentence.line)
            emit_cloze(context, document, section, span, _with_gaps(parts, choices), topic, owner)
            made = True
        if made:
            context.claim(owner)


# for extract/object_clozes.py, which reads the same sentences for the one name they use
sentence_names = _names
sentence_sources = _sources
plain_sentence = _plain_sentence
with_gaps = _with_gaps
name_text = _text
