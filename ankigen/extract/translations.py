"""A Japanese translation written right under its English original (a quoted documentation
paragraph, then the writer's own rendering of it): one fact in two languages. The original's card
asks it; the cards the translation would make ask it again (``Table`` and ``テーブル``), so they
go, and the translation is explained as a ``near-duplicate`` of the card that asks its original."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

from ankigen.patterns import lazy_compile

from ..model import Document, Note, Paragraph, Quote, Skipped, Span
from .selection import Candidate

_CJK = lazy_compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_KANA = lazy_compile(r"[\u3040-\u30ff]")
_WORD = lazy_compile(r"[A-Za-z][A-Za-z'-]*")
_LONG_WORD = lazy_compile(r"[A-Za-z][A-Za-z0-9]{2,}")
_EN_SENTENCE_END = lazy_compile(r"[.!?](?:\s|$)")
_JA_SENTENCE_END = lazy_compile(r"[。！？]")
_NOT_PROSE = lazy_compile(r"https?://|^\s*[$>#]|`")

_MIN_WORDS = 8
"""An original of fewer English words is a phrase or a name, not a passage someone translates."""
_SHORTEST, _LONGEST = 0.15, 0.9
"""How long a Japanese rendering runs against its English original, in characters."""


def _text(block: object) -> str | None:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Quote) and not block.callout:
        parts = [_text(child) for child in block.children]
        if parts and all(part is not None for part in parts):
            return "\n".join(part for part in parts if part is not None)
    return None


def _sentences(text: str, end: str) -> int:
    pattern = _EN_SENTENCE_END if end == "en" else _JA_SENTENCE_END
    return sum(
        max(1, len(pattern.findall(line.strip() + (" " if end == "en" else ""))))
        for line in text.splitlines()
        if line.strip()
    )


def _translation(original: str, rendering: str) -> bool:
    """Whether ``rendering`` reads as the Japanese translation of the English ``original``: prose
    in each script, about as many sentences, a length a translation runs to, and no English word of
    more than two letters in it that the original lacks (the names a translation keeps)."""
    if _CJK.search(original) or not _KANA.search(rendering):
        return False
    if _NOT_PROSE.search(original) or _NOT_PROSE.search(rendering):
        return False
    if len(_WORD.findall(original)) < _MIN_WORDS or not _EN_SENTENCE_END.search(original + " "):
        return False
    if not _SHORTEST <= len(rendering) / len(original) <= _LONGEST:
        return False
    english, japanese = _sentences(original, "en"), _sentences(rendering, "ja")
    if not english / 2 <= japanese <= english + 1:  # a rendering may shorten, not add
        return False
    known = {word.casefold() for word in _LONG_WORD.findall(original)}
    return all(word.casefold() in known for word in _LONG_WORD.findall(rendering))


def translation_pairs(document: Document) -> Iterator[tuple[Span, Span, str]]:
    """(original, translation) spans and the translation's text: a quote of English prose and,
    next in the same section, a quote of its Japanese rendering."""
    for section in document.sections:
        blocks = section.blocks
        for original, rendering in pairwise(blocks):
            # both quoted: a passage quoted from a manual and the writer's quoted rendering of it (a
            # plain Japanese paragraph after an English one is the writer's own note on it)
            if not isinstance(original, Quote) or not isinstance(rendering, Quote):
                continue
            english, japanese = _text(original), _text(rendering)
            if english is not None and japanese is not None and _translation(english, japanese):
                yield original.span, rendering.span, japanese


def _within(span: Span, outer: Span) -> bool:
    """Whether ``span`` starts on a line of ``outer`` (a one-line span's ``end_line`` may be 0)."""
    return outer.line <= span.line <= max(outer.end_line, outer.line)


def drop_translations(
    document: Document, notes: Sequence[Note], kept: list[Candidate], rejected: Sequence[Skipped]
) -> tuple[list[Note], list[Skipped]]:
    """The notes without those made from a translation whose original a kept note asks; each such
    translation is explained once (its own explain lines, which named the cards gone, go too)."""
    pairs = list(translation_pairs(document))
    if not pairs:
        return list(notes), list(rejected)
    gone: list[tuple[Span, Note, str]] = []
    for original, rendering, japanese in pairs:
        askers = (note for note in notes if _within(original, note.span) and not _within(note.span, rendering))
        asker = next(askers, None)
        if asker is not None and any(_within(note.span, rendering) for note in notes):
            gone.append((rendering, asker, japanese))
    if not gone:
        return list(notes), list(rejected)
    dropped = [rendering for rendering, _, _ in gone]
    keep = [not any(_within(note.span, rendering) for rendering in dropped) for note in notes]
    kept[:] = [candidate for candidate, stays in zip(kept, keep, strict=True) if stays]
    left = [entry for entry in rejected if not any(_within(entry.span, rendering) for rendering in dropped)]
    for rendering, asker, japanese in gone:
        message = (
            f"a Japanese translation of the English text above it, which the card at line {asker.span.line} "
            "already asks; one fact, one card"
        )
        left.append(Skipped(rendering, " ".join(japanese.split())[:120], message, "near-duplicate"))
    return [note for note, stays in zip(notes, keep, strict=True) if stays], left
