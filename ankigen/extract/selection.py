"""Candidates and the one selection pass over them: which proposed notes become notes, and why not.

Extractors propose :class:`Candidate` notes (``ExtractContext.emit``) and reject what cannot be a
card with a reason code (``ExtractContext.skip``). :func:`select` then sees every candidate of the
document at once, in the order proposed, and rejects, each with a code and a message naming the
note that was kept:

* ``duplicate``: the same fact proposed twice (same kind and key, made from the same block);
* ``same-fact``: a cloze whose only gaps are the term that a definition of the same text asks for
  (``**タイムアウト**とは…`` is one fact, asked once, as the definition);
* ``repeats-children``: a definition of a bullet whose answer is only its child bullets, when each
  of those children became a card of its own.

Every code a rejection can carry is listed in :data:`REASONS`; ``inspect --explain`` shows it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..identity import normalise_key
from ..model import ListItem, Note, NoteKind, Span

__all__ = ["REASONS", "Candidate", "Skipped", "select"]

REASONS: dict[str, str] = {
    # rejected by an extractor, before selection
    "not-a-term": "the text that would be the front does not read as a term",
    "label-without-subject": "a label (目的, メリット …) with nothing above it to belong to",
    "empty-answer": "the answer is empty, one word, or too short",
    "term-too-long": "a bullet over child bullets whose text is too long to be a term",
    "wrong-way-round": "the answer is much shorter than the term",
    "children-only-names": "the child bullets name things but explain nothing",
    "topic-without-summary": "a topic with labelled parts but no 概要/Summary part",
    "diagram": "ASCII art or a diagram, not study text",
    "no-explanation": "the lines under a term do not explain it",
    "definition-heading-without-term": "a 定義/Definition heading with no term heading right above it",
    "step-or-topic-title": "a numbered step or a topic title, not a term",
    "examples-column": "a table whose second column holds examples, not meanings",
    "row-without-term": "a table row without a short name in its first cell or a phrase in its second",
    "split-cell": "a `|` inside a code span cut a table row into extra cells",
    "no-values": "a table row with no values to compare",
    "field-too-short": "a Term:: field without a short term and an explanation",
    # lines no note and no rejection covers (extract/coverage.py): no silent drops
    "non-study-section": "under a heading for material that is not studied (参考, 感想, Links …)",
    "in-details": "shown in another card's Details, never asked on its own",
    "code": "code or a command",
    "link-only": "only links",
    "image": "an image alone",
    "html": "raw HTML",
    "bare-name": "a name with nothing that explains it",
    "no-card-shape": "text with no term, key phrase or definition shape to ask",
    # rejected by the selection pass
    "duplicate": "the same fact was already proposed from the same text",
    "same-fact": "a cloze of the term that a definition of the same text asks for",
    "repeats-children": "a parent whose answer only repeats children that are cards of their own",
    # left out by the learner (ankigen.skips)
    "skip-marker": "an ankigen: skip marker in the notes",
}


@dataclass(frozen=True, slots=True)
class Skipped:
    """A candidate that made no card, and why (for ``inspect --explain``): ``code`` names the rule
    (a key of :data:`REASONS`), ``reason`` says it to the user."""

    span: Span
    text: str
    reason: str
    code: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A note an extractor proposes; the selection pass decides which become notes.

    ``source`` is the typed block, list item or section it was made from (its outline node gives
    its subject and roles), ``extractor`` the name of the extractor that proposed it, ``term`` the
    definition's term (empty for other kinds)."""

    note: Note
    extractor: str
    source: object | None = None
    term: str = ""

    @property
    def kind(self) -> NoteKind:
        return self.note.kind

    @property
    def span(self) -> Span:
        return self.note.span

    @property
    def prompt(self) -> str:
        return self.note.prompt

    @property
    def answer(self) -> str:
        return self.note.fields[1][1] if len(self.note.fields) > 1 and self.note.kind != NoteKind.CLOZE else ""


_TAG = re.compile(r"<[^<>]+>")


def _plain_prompt(candidate: Candidate) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", candidate.prompt)).split())


def select(candidates: Sequence[Candidate]) -> tuple[list[Note], list[Skipped]]:
    """The notes to keep, in the order proposed, and a :class:`Skipped` with a code for each other."""
    rejected: dict[int, Skipped] = {}
    by_source: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        if candidate.source is not None:
            by_source.setdefault(id(candidate.source), []).append(index)
    for indexes in by_source.values():
        if len(indexes) > 1:
            _same_source(candidates, indexes, rejected)
    _repeated_children(candidates, by_source, rejected)
    notes = [candidate.note for index, candidate in enumerate(candidates) if index not in rejected]
    return notes, [rejected[index] for index in sorted(rejected)]


def _reject(candidate: Candidate, code: str, kept: Candidate, message: str) -> Skipped:
    return Skipped(candidate.span, _plain_prompt(candidate)[:120], f"{message} (kept: line {kept.span.line})", code)


def _same_source(candidates: Sequence[Candidate], indexes: Iterable[int], rejected: dict[int, Skipped]) -> None:
    """Candidates made from one block or item: the same fact twice, or a cloze of the definition's term."""
    seen: dict[tuple[NoteKind, str], Candidate] = {}
    definitions: list[Candidate] = []
    for index in indexes:
        candidate = candidates[index]
        identity = (candidate.kind, normalise_key(candidate.note.key))
        first = seen.get(identity)
        if first is not None and first.span.line == candidate.span.line:
            rejected[index] = _reject(candidate, "duplicate", first, "the same note was already made from this text")
            continue
        seen.setdefault(identity, candidate)
        if candidate.kind == NoteKind.DEFINITION:
            definitions.append(candidate)
            continue
        if candidate.kind == NoteKind.CLOZE:
            answers = {part for part in normalise_key(candidate.note.key).split("\x1f") if part}
            for definition in definitions:
                term = normalise_key(definition.term or definition.prompt)
                if answers and answers <= {term}:
                    message = "this cloze only hides the term that the definition of the same text asks for"
                    rejected[index] = _reject(candidate, "same-fact", definition, message)
                    break


def _repeated_children(
    candidates: Sequence[Candidate], by_source: dict[int, list[int]], rejected: dict[int, Skipped]
) -> None:
    """A definition of a bullet made only of its child bullets, each of which is a card itself."""
    for index, candidate in enumerate(candidates):
        item = candidate.source
        if index in rejected or candidate.kind != NoteKind.DEFINITION or not isinstance(item, ListItem):
            continue
        if item.inlines and candidate.answer and not _answer_is_children(candidate, item):
            continue
        children = [child for sublist in item.sublists for child in sublist.items]
        if not children:
            continue
        carded = [any(other not in rejected for other in by_source.get(id(child), ())) for child in children]
        if all(carded):
            kept = candidates[next(other for other in by_source[id(children[0])] if other not in rejected)]
            message = "its answer only lists its child bullets, and each of them is a card of its own"
            rejected[index] = _reject(candidate, "repeats-children", kept, message)


def _answer_is_children(candidate: Candidate, item: ListItem) -> bool:
    """Whether the definition's answer is the item's nested lists (not a text of its own)."""
    return candidate.answer.lstrip().startswith(("<ul>", "<ol>")) and not candidate.note.field_map.get("Details")
