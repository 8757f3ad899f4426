"""Notes from Python: typed notes from any data (a CSV, a database, an API), with the identity,
update safety and sync of the notes built from Markdown.

A script makes notes with :func:`definition`, :func:`comparison`, :func:`cloze` and :func:`basic`,
puts them in a :class:`Deck`, and writes or syncs the deck::

    import ankigen

    deck = ankigen.Deck("French")
    deck.add(ankigen.definition("la pomme", "the apple", example="Je mange une **pomme**."))
    deck.write("french.apkg", state="french-state.json")

What such a note shares with a note from Markdown:

* **identity**: its GUID comes from the namespace, the kind and the key (the term, the compared
  entity and ``title``, the cloze's deletions, the question) through :mod:`ankigen.identity`, never
  from the text, so a changed definition updates the note Anki has. ``id=`` pins the identity as
  an Obsidian block id (``^my-id``) does: the key may then change freely;
* **fields**: every value is Markdown, rendered as a build renders a note's line (a value of one
  line: inline Markdown; of several lines: Markdown blocks, lists and tables), then passed through
  the same HTML allowlist (:mod:`ankigen.sanitize`);
* **modification times**: :meth:`Deck.write` with a ``state`` file keeps an unchanged note's time,
  so Anki leaves it, and the edits made to it in Anki, alone (:mod:`ankigen.state`);
* **duplicates**: two notes with one identity get the build's warning and its deterministic
  numbering, in the order the notes were added;
* **sync**: :meth:`Deck.sync` goes through the code of ``ankigen sync``.

Where a note comes from (its ``span``, shown in messages and kept in the state file) is the line of
the script that made it: the caller of :func:`definition` and the others, as ``file:line`` relative
to the working folder (``<stdin>:1`` and the like for code with no file). A script that makes its
notes in a loop gives them all the loop's line. The ``Source`` field, which shows a Markdown note's
file on its card, stays empty: the script is not what the learner studies.

Not supported here: local images (a field that shows ``![](pic.png)`` raises; images from
``http(s)`` URLs are kept), and Obsidian ``[[links]]``, which stay as written.
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from ankigen.patterns import HTML_TAG, lazy_compile

from .deliver.orphans import ConfirmDelete, PruneOrphans
from .deliver.remote import Credentials
from .deliver.sync import FullSync, SyncReport, sync_package
from .errors import AnkigenError
from .extract.clozes import MAX_CLOZES, cloze_key, cloze_text, explicit_answers, key_phrase_count
from .extract.tables import attributes_html
from .identity import assign_guids, identify
from .media import MediaFile
from .model import Inline, Inlines, Note, NoteKind, Span, inline_html, inline_text
from .notetypes import FIELD_NAMES
from .pipeline import BuildResult, display_path, write_notes
from .render import markdown_to_html, render_inline  # only in the adapter below
from .sanitize import sanitize_note

__all__ = ["Deck", "basic", "cloze", "comparison", "definition"]


# ----------------------------------------------------------------------------------------------
# The one adapter to the Markdown renderer: a field value -> HTML, as the build renders notes
# ----------------------------------------------------------------------------------------------


def _render_line(text: str) -> Inlines:
    """One line of Markdown as inline nodes, as the build renders a note's line."""
    return render_inline(text)


def _render_blocks(text: str) -> str:
    """Markdown of several lines (paragraphs, lists, tables) as an HTML fragment."""
    return markdown_to_html(text).strip()


def _render(text: str) -> tuple[str, str]:
    """A field value's HTML and its plain text."""
    text = text.strip()
    if "\n" not in text:
        inlines = _render_line(text)
        return inline_html(inlines), inline_text(inlines)
    rendered = _render_blocks(text)
    return rendered, " ".join(html.unescape(HTML_TAG.sub(" ", rendered)).split())


def _lines(text: str) -> Inlines:
    """A cloze's text: its lines' inline nodes, joined by line breaks (one paragraph)."""
    out: list[Inline] = []
    for line in (line for line in text.strip().splitlines() if line.strip()):
        if out:
            out.append(Inline("br", "<br>", ""))
        out.extend(_render_line(line))
    return tuple(out)


# ----------------------------------------------------------------------------------------------
# Making notes
# ----------------------------------------------------------------------------------------------


def _caller() -> Span:
    """Where the script called the public function that called this: ``file:line``."""
    frame = sys._getframe(2)
    return Span(display_path(Path(frame.f_code.co_filename)), frame.f_lineno)


class _Problem:
    """Raises :class:`AnkigenError` for one note being made, naming it and where the script made it."""

    def __init__(self, span: Span, kind: NoteKind, name: object) -> None:
        self.span = span
        self.what = f"{kind.value} {name!r}" if isinstance(name, str) and name.strip() else f"a {kind.value} note"

    def __call__(self, message: str) -> AnkigenError:
        return AnkigenError(f"{self.span}: {self.what}: {message}")


def _text(value: object, name: str, problem: _Problem, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise problem(f"{name} must be a string, not {type(value).__name__} ({value!r:.60}); convert it first")
    if required and not value.strip():
        raise problem(f"{name} is empty; give it some text, or leave this note out")
    return value


def _field(value: object, name: str, problem: _Problem, *, required: bool = False) -> tuple[str, str]:
    """A field's HTML and plain text, checked: a string, and not empty when ``required``."""
    return _render(_text(value, name, problem, required=required))


def _shows_something(value: str) -> bool:
    """Whether a field's HTML shows any text or an image."""
    return "<img" in value or bool(html.unescape(HTML_TAG.sub("", value)).strip())


def _tags(tags: Iterable[str] | str, problem: _Problem) -> tuple[str, ...]:
    """Tags as Anki keeps them: NFC, spaces as ``_``; ``::`` is hierarchy, as in ``lang::french``."""
    if isinstance(tags, str):
        tags = (tags,)
    out: list[str] = []
    for tag in tags:
        if not isinstance(tag, str):
            raise problem(f"tags must be strings, not {type(tag).__name__} ({tag!r:.60})")
        cleaned = "_".join(unicodedata.normalize("NFC", tag).split())
        if cleaned:
            out.append(cleaned)
    return tuple(dict.fromkeys(out))


def _deck(name: object, problem: Callable[[str], AnkigenError]) -> str:
    """A deck name: a string with at least one non-empty part between ``::``."""
    if not isinstance(name, str):
        raise problem(f"a deck name must be a string, not {type(name).__name__}")
    parts = [" ".join(part.split()) for part in name.split("::")]
    cleaned = "::".join(part for part in parts if part)
    if not cleaned:
        raise problem(f"deck name {name!r} is empty; name the deck, e.g. 'Vocabulary::French'")
    return cleaned


_NUMBERED = lazy_compile(r"\{\{c0*[1-9][0-9]*::")  # Anki makes no card for {{c0::...}}
_LOCAL_IMAGE = lazy_compile(r"""<img\b[^>]*\bsrc\s*=\s*["'](?!https?:)([^"']*)["']""", re.IGNORECASE)


def _note(
    kind: NoteKind,
    key: str,
    fields: Mapping[str, str],
    required: Mapping[str, str],
    *,
    span: Span,
    problem: _Problem,
    tags: Iterable[str] | str,
    deck: str | None,
    id: str | None,
) -> Note:
    """The finished note: sanitised, and with its GUID when its deck, so its namespace, is known.

    ``required`` names the fields that must show something once sanitised (field -> what the
    caller called it), so that no note without a front, or a cloze without a card, is written."""
    pinned = ""
    if id is not None:
        pinned = _text(id, "id", problem, required=True).strip()
    note = Note(
        kind=kind,
        key=key,
        fields=tuple((name, fields.get(name, "")) for name in FIELD_NAMES[kind]),
        span=span,
        deck=_deck(deck, problem) if deck is not None else "",
        tags=_tags(tags, problem),
        pinned_id=pinned,
    )
    note = sanitize_note(note)
    for name, label in required.items():
        if not _shows_something(note.field(name)):
            raise problem(f"{label} has no text once its Markdown is rendered and sanitised; give it some words")
    if kind is NoteKind.CLOZE and not _NUMBERED.search(note.field("Text")):
        raise problem("no deletion is left once the text is rendered and sanitised; write it as plain text")
    for name, value in note.fields:
        image = _LOCAL_IMAGE.search(value)
        if image:
            raise problem(
                f"{name} shows the local image {image.group(1)!r}; notes made from Python take images "
                "from http(s) URLs only. Put the image online, or the note in Markdown"
            )
    return identify(note) if note.deck else note


def definition(
    term: str,
    definition: str,
    *,
    details: str = "",
    example: str = "",
    tags: Iterable[str] = (),
    deck: str | None = None,
    id: str | None = None,
) -> Note:
    """A definition note: ``term`` on the front, ``definition`` on the back.

    All text is Markdown (``**bold**``, ``==marked==``, `` `code` ``, links, lists on several
    lines). The identity key is the term's text: changing the definition, details or example
    updates the note in Anki; changing the term makes a new note unless ``id`` pins it.

    ``deck`` places the note in that deck (``"Vocabulary::French"``) and gives it its GUID at once,
    in the namespace of the deck's top level; without it, the note gets the deck and the GUID of the
    :class:`Deck` it is added to. ``tags`` are Anki tags (``::`` nests them).

    Raises :class:`AnkigenError`, naming the note and the script's line, when ``term`` or
    ``definition`` is empty or any value is not a string.
    """
    span = _caller()
    problem = _Problem(span, NoteKind.DEFINITION, term)
    term_html, term_text = _field(term, "the term", problem, required=True)
    definition_html, _ = _field(definition, "the definition", problem, required=True)
    fields = {
        "Term": term_html,
        "Definition": definition_html,
        "Details": _field(details, "details", problem)[0],
        "Example": _field(example, "example", problem)[0],
    }
    required = {"Term": "the term", "Definition": "the definition"}
    return _note(
        NoteKind.DEFINITION, term_text, fields, required, span=span, problem=problem, tags=tags, deck=deck, id=id
    )


def comparison(
    entity: str,
    attributes: Mapping[str, str],
    *,
    title: str | None = None,
    tags: Iterable[str] = (),
    deck: str | None = None,
    id: str | None = None,
) -> Note:
    """A comparison note: ``entity`` on the front, its ``attributes`` (label -> value) on the back.

    This is the note a build makes from one row of a comparison table: ``title`` plays the part of
    the table (shown above the entity, and part of the identity key with the entity, so the same
    entity in two comparisons is two notes). Labels and values are Markdown; an attribute with an
    empty value is left out. ``tags``, ``deck`` and ``id`` are as for :func:`definition`.

    Raises :class:`AnkigenError`, naming the note, when ``entity`` is empty, ``attributes`` is not a
    mapping of strings to strings, or no attribute has a value.
    """
    span = _caller()
    problem = _Problem(span, NoteKind.COMPARISON, entity)
    entity_html, entity_text = _field(entity, "the entity", problem, required=True)
    if not isinstance(attributes, Mapping):
        raise problem(f"attributes must be a mapping of label to value, not {type(attributes).__name__}")
    pairs: list[tuple[str, str]] = []
    for label, value in attributes.items():
        label_html, _ = _field(label, "an attribute's label", problem, required=True)
        value_html, _ = _field(value, f"attribute {label!r}", problem)
        pairs.append((label_html, value_html))
    if not any(value for _, value in pairs):
        raise problem("no attribute has a value; give at least one, e.g. {'Price': 'low'}")
    topic_html, topic_text = _field(title, "the title", problem) if title is not None else ("", "")
    key = f"{entity_text}\x1f{topic_text}" if topic_text.strip() else entity_text
    fields = {"Entity": entity_html, "Attributes": attributes_html(pairs), "Topic": topic_html}
    required = {"Entity": "the entity"}
    return _note(NoteKind.COMPARISON, key, fields, required, span=span, problem=problem, tags=tags, deck=deck, id=id)


def cloze(
    text: str,
    *,
    extra: str = "",
    tags: Iterable[str] = (),
    deck: str | None = None,
    id: str | None = None,
) -> Note:
    """A cloze note: ``text`` with its deletions hidden, one card per deletion.

    The deletions are written as in notes: ``{{c1::answer}}`` (with an optional ``::hint``) as Anki
    writes them, or else the **bold** and ==marked== phrases, which become ``c1``, ``c2`` ... in
    reading order (at most 8: write more with ``{{cN::...}}``). Lines of ``text`` stay separate
    lines of one paragraph. The identity key is the set of answers, so rewording the sentence around
    them updates the note. ``extra`` is shown on the back; ``tags``, ``deck`` and ``id`` are as for
    :func:`definition`.

    Raises :class:`AnkigenError`, naming the note, when ``text`` holds no deletion.
    """
    span = _caller()
    problem = _Problem(span, NoteKind.CLOZE, text[:60] if isinstance(text, str) else text)
    inlines = _lines(_text(text, "the text", problem, required=True))
    rendered = inline_html(inlines)
    answers = explicit_answers(rendered)
    if not answers:
        count = key_phrase_count(inlines)
        if count > MAX_CLOZES:
            raise problem(
                f"{count} bold or marked phrases; at most {MAX_CLOZES} become deletions. "
                "Write the deletions as {{c1::...}}, or split the text"
            )
        rendered, answers = cloze_text(inlines)
    if not any(answer.strip() for answer in answers) or not _NUMBERED.search(rendered):
        raise problem("no deletion; mark what to hide as {{c1::answer}}, **bold** or ==marked==")
    fields = {"Text": rendered, "Extra": _field(extra, "extra", problem)[0]}
    required = {"Text": "the text"}
    return _note(
        NoteKind.CLOZE, cloze_key(answers), fields, required, span=span, problem=problem, tags=tags, deck=deck, id=id
    )


def basic(
    question: str,
    answer: str,
    *,
    tags: Iterable[str] = (),
    deck: str | None = None,
    id: str | None = None,
) -> Note:
    """A question and its answer. The identity key is the question's text; ``tags``, ``deck`` and
    ``id`` are as for :func:`definition`.

    Raises :class:`AnkigenError`, naming the note, when the question or the answer is empty.
    """
    span = _caller()
    problem = _Problem(span, NoteKind.BASIC, question)
    question_html, question_text = _field(question, "the question", problem, required=True)
    answer_html, _ = _field(answer, "the answer", problem, required=True)
    fields = {"Question": question_html, "Answer": answer_html}
    required = {"Question": "the question", "Answer": "the answer"}
    return _note(
        NoteKind.BASIC, question_text, fields, required, span=span, problem=problem, tags=tags, deck=deck, id=id
    )


# ----------------------------------------------------------------------------------------------
# The deck
# ----------------------------------------------------------------------------------------------


class Deck:
    """Notes to write to one package or sync into one collection, in the order they were added.

    ``name`` is the deck of the notes made without ``deck=``. ``namespace`` is the identity namespace
    of the notes that get their GUID here (those made without ``deck=``); by default the top level
    of ``name`` (``French`` for ``French::Verbs``), as in a build. A note that has a GUID already (made
    with ``deck=``, or built from Markdown) keeps it: a note's identity never changes on the way.
    """

    __slots__ = ("_media", "_notes", "name", "namespace")

    def __init__(self, name: str, *, namespace: str | None = None) -> None:
        self.name = _deck(name, AnkigenError)
        if namespace is not None and (not isinstance(namespace, str) or not namespace.strip()):
            raise AnkigenError(f"deck {self.name!r}: namespace must be a non-empty string, or None")
        self.namespace = namespace
        self._notes: list[Note] = []
        self._media: dict[str, MediaFile] = {}

    def __repr__(self) -> str:
        return f"Deck({self.name!r}, namespace={self.namespace!r}, notes={len(self._notes)})"

    def __len__(self) -> int:
        return len(self._notes)

    @property
    def notes(self) -> tuple[Note, ...]:
        """The notes added so far, as they will be written (before duplicates are numbered)."""
        return tuple(self._notes)

    def add(self, note: Note) -> Note:
        """Add one note; returns it as the deck keeps it, with its deck and GUID."""
        if not isinstance(note, Note):
            raise AnkigenError(
                f"deck {self.name!r}: add() takes a Note (from ankigen.definition() and the like), "
                f"not {type(note).__name__}"
            )
        if not note.deck:
            note = replace(note, deck=self.name)
        if not note.guid:
            note = identify(note, self.namespace)
        self._notes.append(note)
        return note

    def extend(self, notes: Iterable[Note] | BuildResult) -> None:
        """Add several notes in order. Given a :class:`BuildResult` (``ankigen.build_notes(...)``),
        its notes are added with the images they show; given only its ``.notes``, the images are
        not packaged."""
        if isinstance(notes, BuildResult):
            self._media.update((media.name, media) for media in notes.media)
            notes = notes.notes
        for note in notes:
            self.add(note)

    def write(self, path: Path | str, *, state: Path | str | None = None) -> BuildResult:
        """Write the notes to the package ``path``; returns what was written, with its warnings.

        With ``state`` (a file, created when missing, kept beside your script or data like
        ``.ankigen-state.json`` beside notes), an unchanged note keeps the modification time it was
        written with, so importing again leaves it, and the edits made to it in Anki, alone, while a
        changed note is newer and updates; ``result.changes`` says which were added, changed or
        unchanged. Without ``state`` every note is stamped now (``SOURCE_DATE_EPOCH`` when set), so
        every import overwrites the notes in Anki.

        Notes with the same identity are numbered as in a build, each with a warning (returned in
        ``result.diagnostics`` and issued as a :class:`UserWarning`). Raises :class:`AnkigenError`
        when the deck has no notes; nothing is written then.
        """
        if not self._notes:
            raise AnkigenError(f"deck {self.name!r} has no notes; add some before writing {path}")
        notes, duplicates = assign_guids(self._notes, self.namespace)
        result = write_notes(notes, path, state=state, media=[self._media[name] for name in sorted(self._media)])
        diagnostics = (*duplicates, *result.diagnostics)
        for diagnostic in diagnostics:
            warnings.warn(str(diagnostic), UserWarning, stacklevel=2)
        return replace(result, diagnostics=diagnostics)

    def sync(
        self,
        collection: Path | str,
        *,
        endpoint: str | None = None,
        ankiweb: bool = False,
        prune_orphans: PruneOrphans | None = None,
        state: Path | str | None = None,
        full_sync: FullSync | None = None,
        credentials: Credentials | Callable[[], Credentials] | None = None,
        session_file: Path | str | None = None,
        confirm_delete: ConfirmDelete | None = None,
        sync_media: bool = True,
    ) -> SyncReport:
        """Import the notes into ``collection`` (created when missing), and with ``ankiweb=True`` or an
        ``endpoint`` (a self-hosted sync server) sync it: pull, import, push, media, as
        ``ankigen sync`` does, through the same code (needs the ``anki`` extra).

        The package is written as by :meth:`write` with ``state`` (give one, or every sync
        overwrites the edits made in Anki). Orphans, ankigen notes in this deck's decks that the
        deck no longer holds, are reported; ``prune_orphans="tag"`` tags them ``ankigen::orphan``,
        ``"delete"`` deletes them (when ``confirm_delete``, if given, agrees). ``credentials``,
        ``session_file`` and ``full_sync`` are as for :func:`ankigen.sync`.
        """

        def write(package: Path) -> None:
            self.write(package, state=state)

        return sync_package(
            Path(collection),
            write,
            ankiweb=ankiweb,
            endpoint=endpoint,
            credentials=credentials,
            session_file=Path(session_file) if session_file is not None else None,
            full_sync=full_sync,
            prune_orphans=prune_orphans,
            confirm_delete=confirm_delete,
            sync_media=sync_media,
        )
