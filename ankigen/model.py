"""The data every pipeline stage passes on: small frozen dataclasses that know where they came from.

Nothing here imports markdown, bs4, genanki or anki. Every object that a user could be told about
carries a :class:`Span` (path and 1-based line), so every diagnostic can name ``file:line``.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, overload


@dataclass(frozen=True, slots=True)
class Span:
    """Where something stands in a source file: 1-based first and last line, inclusive (line 0:
    the file as a whole, such as a path that does not exist; shown without a line)."""

    path: str
    line: int
    end_line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line > 0 else self.path

    def __reduce__(self) -> tuple[type[Span], tuple[str, int, int]]:
        return (Span, (self.path, self.line, self.end_line))

    def at(self, line: int, end_line: int = 0) -> Span:
        """The same file, another line."""
        return Span(self.path, line, end_line or line)


Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A message for the user about one place in their notes."""

    span: Span
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        return f"{self.span}: {self.severity}: {self.message}"

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[Span, str, Severity]]:
        # by constructor, as Note: the generic slots-dataclass state is set by a Python function
        return (Diagnostic, (self.span, self.message, self.severity))


@dataclass(frozen=True, slots=True)
class Skipped:
    """A candidate that made no card, and why (for ``inspect --explain``): ``code`` names the rule
    (a key of :data:`ankigen.extract.selection.REASONS`), ``reason`` says it to the user. Here, not
    in the selection pass that makes most of them, so that a build whose files all come from the
    per-file cache (whose entries hold these) needs no extractor imported."""

    span: Span
    text: str
    reason: str
    code: str = ""

    def __reduce__(self) -> tuple[type[Skipped], tuple[Span, str, str, str]]:
        # by constructor, as Note: a cache entry holds a file's skipped candidates, loaded every build
        return (Skipped, (self.span, self.text, self.reason, self.code))


class NoteKind(enum.StrEnum):
    """The typed note models ankigen writes; each is one Anki note type."""

    DEFINITION = "definition"
    COMPARISON = "comparison"
    CLOZE = "cloze"
    BASIC = "basic"


@dataclass(frozen=True, slots=True)
class Note:
    """One Anki note, before it is written.

    ``key`` is the identity key (what the note is about, e.g. the term); the GUID is derived from
    the namespace, the kind and the normalised key, never from the text, so edits update in place.
    ``fields`` holds (name, html) pairs in note-type order. ``namespace`` is the top-level deck
    name its identity is namespaced by when that is not ``deck``'s (a file the deck rule renamed:
    see :class:`Document`); '' for almost every note.
    """

    kind: NoteKind
    key: str
    fields: tuple[tuple[str, str], ...]
    span: Span
    deck: str = ""
    tags: tuple[str, ...] = ()
    guid: str = ""
    pinned_id: str = ""
    namespace: str = ""

    def __reduce__(self) -> tuple[type[Note], tuple[object, ...]]:
        # pickling (the per-file cache, the process pool) by constructor: several times faster to
        # load than the generic slots-dataclass state, and a vault's notes are loaded on every build
        return (
            Note,
            (
                self.kind,
                self.key,
                self.fields,
                self.span,
                self.deck,
                self.tags,
                self.guid,
                self.pinned_id,
                self.namespace,
            ),
        )

    def with_guid(self, guid: str) -> Note:
        """The same note with ``guid`` (``dataclasses.replace`` costs four times as much, per note)."""
        return Note(
            self.kind, self.key, self.fields, self.span, self.deck, self.tags, guid, self.pinned_id, self.namespace
        )

    def field(self, name: str) -> str:
        for field_name, value in self.fields:
            if field_name == name:
                return value
        raise KeyError(name)

    @overload
    def get(self, name: str, default: str = "") -> str: ...

    @overload
    def get(self, name: str, default: None) -> str | None: ...

    def get(self, name: str, default: str | None = "") -> str | None:
        """The value of field ``name``, or ``default`` when the note type has no such field: what
        ``field_map.get`` gives, without building the dict (asked for every note, many times)."""
        for field_name, value in self.fields:
            if field_name == name:
                return value
        return default

    @property
    def field_map(self) -> dict[str, str]:
        return dict(self.fields)

    @property
    def prompt(self) -> str:
        """The first field: the term, the compared entity, the cloze text or the question."""
        return self.fields[0][1] if self.fields else ""


# ----------------------------------------------------------------------------------------------
# Rendered document: typed blocks with line spans (produced by ankigen.render, read by extractors)
# ----------------------------------------------------------------------------------------------

InlineKind = Literal["text", "strong", "mark", "em", "code", "link", "image", "br", "cloze", "html", "math"]


@dataclass(frozen=True, slots=True)
class Inline:
    """One top-level inline node of a paragraph, list item or table cell.

    A formula (``math``) is written as Anki's MathJax in both forms: ``\\(…\\)`` inline, ``\\[…\\]``
    on its own; its ``text`` is that source (so a field built from plain text still shows it as
    math) and its ``html`` the same, escaped."""

    kind: InlineKind
    html: str
    text: str


Inlines = tuple[Inline, ...]


_HTML = operator.attrgetter("html")
_TEXT = operator.attrgetter("text")


def inline_html(inlines: Inlines) -> str:
    return "".join(map(_HTML, inlines)).strip()  # (attrgetter: asked thousands of times per file, in C)


def inline_text(inlines: Inlines) -> str:
    return "".join(map(_TEXT, inlines)).strip()


@dataclass(frozen=True, slots=True)
class Paragraph:
    span: Span
    inlines: Inlines
    text: str = field(init=False, repr=False, compare=False)
    """The plain text of ``inlines``, joined once (the extractors read it thousands of times a file)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", inline_text(self.inlines))

    @property
    def html(self) -> str:
        return inline_html(self.inlines)


@dataclass(frozen=True, slots=True)
class ListItem:
    """A list item: its own text (``inlines``) and what is nested under it (``children``)."""

    span: Span
    inlines: Inlines
    children: tuple[Block, ...] = ()
    text: str = field(init=False, repr=False, compare=False)
    """The plain text of ``inlines``, joined once (the extractors read it thousands of times a file)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", inline_text(self.inlines))

    @property
    def html(self) -> str:
        return inline_html(self.inlines)

    @property
    def sublists(self) -> tuple[ListBlock, ...]:
        return tuple(child for child in self.children if isinstance(child, ListBlock))


@dataclass(frozen=True, slots=True)
class ListBlock:
    span: Span
    ordered: bool
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A pipe table. ``header`` and each row are tuples of cells; a cell is a tuple of inlines.
    ``row_lines`` holds each data row's 1-based line."""

    span: Span
    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    row_lines: tuple[int, ...] = ()

    @property
    def html(self) -> str:
        """The table as HTML, built from its cells (rendering it once per table costs more)."""
        head = "".join(f"<th>{inline_html(cell)}</th>" for cell in self.header)
        body = "".join("<tr>" + "".join(f"<td>{inline_html(cell)}</td>" for cell in row) + "</tr>" for row in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def row_span(self, index: int) -> Span:
        """The lines of data row ``index``: its own, and those of a cell it continues over several lines."""
        if index < len(self.row_lines):
            line = self.row_lines[index]
            last = self.row_lines[index + 1] - 1 if index + 1 < len(self.row_lines) else self.span.end_line
            return self.span.at(line, max(line, last))
        return self.span.at(self.span.line + 2 + index)


@dataclass(frozen=True, slots=True)
class CodeBlock:
    span: Span
    text: str
    html: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """A block quote; ``callout`` is the Obsidian callout type (``note`` for ``> [!note]``) or ''."""

    span: Span
    children: tuple[Block, ...]
    callout: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class RawBlock:
    """Anything else (raw HTML, rules, images alone): kept for context, never a card by itself.
    ``directive`` names the MyST directive (``toctree`` for ```` ```{toctree} ````) it was read from
    when ankigen does not read that directive's content; '' otherwise."""

    span: Span
    html: str
    text: str = ""
    directive: str = ""


Block = Paragraph | ListBlock | Table | CodeBlock | Quote | RawBlock


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the blocks under it, up to the next heading of any level.

    ``level`` is 0 for the text before the first heading. ``path`` is the heading breadcrumb,
    outermost first, including this section's own title.
    """

    span: Span
    level: int
    title: str
    title_html: str
    path: tuple[str, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed source file. ``path`` is as shown in messages (relative to the working folder);
    ``source`` is the file relative to the notes root, for the ``Source`` field ('' when not known:
    ``path`` is used), so cards do not depend on where a build was started."""

    path: str
    deck: str
    front_matter: Mapping[str, object] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    source: str = ""
    separators: frozenset[int] = frozenset()
    """File lines holding a lone ``-`` under text (an outliner's empty bullet, read as a separator):
    the blocks on either side are written together, as if no blank line stood between them."""
    task_items: Mapping[int, bool] = field(default_factory=dict)
    """File lines that open a GFM task-list item (``- [x] …`` / ``- [ ] …``), each with whether it
    is ticked: the parser drops the marker from the item's text, a quiz's right option keeps it here."""
    namespace: str = ""
    """The deck name its notes' identity is namespaced by when that is not ``deck`` ('' otherwise):
    a file with several ``#`` headings is named after the file, but its GUIDs stay those of the
    earlier rule, which named it after its first ``#`` heading (README, "Decks and tags")."""
