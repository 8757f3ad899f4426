"""Stage 5, package: typed notes -> a deterministic .apkg. The only module that imports genanki.

genanki builds the collection database (schema, decks, note types); ankigen inserts the notes and
cards as the rows genanki would write for them (its card rules, read from the stored note types;
``tests/test_package_rows.py`` compares the two), in one transaction. Each note's and note type's
modification time comes from the build state (so unchanged notes keep theirs and Anki leaves user
edits alone). ankigen writes the zip itself with fixed entry times and order, so the same notes
give the same bytes.
The file is written to a temporary file beside the target and renamed into place.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import importlib
import io
import itertools
import json
import os
import re
import sqlite3
import struct
import sys
import tempfile
import types
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ankigen.patterns import lazy_compile

from .atomic import PreparedWrite, prepare_write, remove_stale, write_target
from .errors import AnkigenError
from .media import MediaFile
from .model import Note, NoteKind
from .notetypes import NoteType, note_type
from .state import NoteIds


class _YamlOnUse(types.ModuleType):
    """Stands in for ``yaml`` in genanki's model module, which reads fields and templates given as
    YAML text with it (ankigen gives lists): the real module is imported on the first use."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("yaml"), name)


def _import_genanki() -> Any:
    """genanki, imported without two of its imports, about a seventh of what ``ankigen build``
    imports: the ``cached_property`` package's module imports ``asyncio`` (and with it ``ssl``) for
    a decorator genanki puts on two plain methods (``Model._req``, ``Note.cards``), which
    :func:`functools.cached_property` does the same (computed once, kept in the instance's
    ``__dict__``); ``yaml`` only reads note types given as YAML text (see :class:`_YamlOnUse`). The
    stand-ins are in ``sys.modules`` only while genanki imports: a later ``import cached_property``
    or ``import yaml`` gets the real package. One already imported, or genanki already loaded:
    nothing is replaced.

    Why stand-ins and not a supported mechanism: genanki 0.13.1 (the last release; pyproject pins
    <0.14) runs ``from cached_property import cached_property`` and ``import yaml`` at import, and
    offers no hook to give it a decorator or a loader. ``importlib.util.LazyLoader``, the
    stdlib's documented lazy import, defers a module only until its first attribute is read, and
    ``from cached_property import cached_property`` reads it at once: ``cached_property`` 2.0.1
    imports ``asyncio`` at its top, so ``asyncio`` and ``ssl`` would load anyway (asyncio alone is
    the larger part of the cost above). For ``yaml`` a ``LazyLoader`` module would work, but it
    would stay in ``sys.modules`` for the whole process, so every later ``import yaml`` (the
    reader's front matter) would get a lazy module, where the stand-in is seen by genanki only."""
    if "genanki" in sys.modules:
        return importlib.import_module("genanki")
    lazy_yaml = _YamlOnUse("yaml")
    decorator = types.ModuleType("cached_property")
    decorator.cached_property = functools.cached_property  # type: ignore[attr-defined]
    candidates: dict[str, types.ModuleType] = {"yaml": lazy_yaml, "cached_property": decorator}
    stand_ins = {name: module for name, module in candidates.items() if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        return importlib.import_module("genanki")
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


if TYPE_CHECKING:
    import genanki
else:
    genanki = _import_genanki()

__all__ = [
    "CollectionStream",
    "LiveCollection",
    "MediaFile",
    "RowCache",
    "assign_ids",
    "cannot_write",
    "collection_bytes",
    "collection_file",
    "collection_zip",
    "deck_id_for",
    "package_folder",
    "reassign_ids",
    "scratch_file",
    "write_collection",
    "write_collection_to",
    "write_package",
]

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 1
"""Deflate level of the package's entries. The whole collection is compressed again on every build,
on the way of every ``ankigen watch`` rebuild: level 1 (zlib's fast matcher) takes 60% of the CPU
time of level 4 and a quarter of the default 6's, for a package 3% larger than at level 4 (15,000
notes, a 10.3 MB database: 36 ms and 1.34 MB at 1, 61 ms and 1.31 MB at 4, 130 ms and 1.22 MB at 6).
The package is only imported on the same machine (AnkiWeb syncs the collection, not the file)."""


DEFAULT_DECK_ID = 1
"""Every collection's own "Default" deck."""


def deck_id_for(name: str) -> int:
    """Anki ignores deck ids on import (decks match by name); still, make them stable. The deck named
    Default (any case: Anki's deck names are) is the collection's own, id 1: another id under that
    name would be a second Default deck, which Anki imports as "Default_"."""
    if name.casefold() == "default":
        return DEFAULT_DECK_ID
    return (int.from_bytes(hashlib.sha256(name.encode()).digest()[:6], "big") % (1 << 40)) + (1 << 40)


def _model(kind_type: NoteType) -> genanki.Model:
    return genanki.Model(
        model_id=kind_type.model_id,
        name=kind_type.name,
        fields=[{"name": name} for name in kind_type.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in kind_type.templates],
        css=kind_type.css,
        model_type=genanki.Model.CLOZE if kind_type.is_cloze else genanki.Model.FRONT_BACK,
        sort_field_index=0,
    )


def _anki_tag(tag: str) -> str:
    return "_".join(tag.split())


# genanki's own card rules (genanki/note.py, ``Note.cards``), applied to plain rows: building a
# genanki.Note per note and letting it insert itself costs 30 us a note in field checks, a property
# per card and one INSERT per row (0.4 s of a 15,000-note rebuild); the rows here are the same.
_CLOZE_REFERENCE = lazy_compile(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}")
_CLOZE_REFERENCE_OLD = lazy_compile("<%cloze:(.+?)%>")
_CLOZE_NUMBER = lazy_compile(r"{{c(\d+)::.+?}}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class _CardRule:
    """Which cards a note of one note type gets, read from the note type as genanki stores it.

    A front/back type has a card per template whose requirement holds: ``req`` in the stored
    model, ``(ordinal, "all" | "any", field indexes)``, the fields its front needs non-empty
    (genanki derives it by rendering the front with and without each field). A cloze type has a
    card per distinct number ``N`` of ``{{cN::...}}`` in the fields its first front names.
    """

    field_count: int
    requirements: tuple[tuple[int, bool, tuple[int, ...]], ...]
    cloze_fields: tuple[int, ...] | None

    @classmethod
    def of(cls, stored: Mapping[str, Any]) -> _CardRule:
        names = [field["name"] for field in stored["flds"]]
        if stored["type"] == genanki.Model.CLOZE:
            front = stored["tmpls"][0]["qfmt"]
            named = set(_CLOZE_REFERENCE.findall(front) + _CLOZE_REFERENCE_OLD.findall(front))
            return cls(len(names), (), tuple(names.index(name) for name in sorted(named) if name in names))
        requirements = tuple((int(ordinal), mode == "all", tuple(fields)) for ordinal, mode, fields in stored["req"])
        return cls(len(names), requirements, None)

    def ordinals(self, fields: Sequence[str]) -> Iterable[int]:
        if self.cloze_fields is None:
            out: list[int] = []
            for ordinal, needs_all, indexes in self.requirements:
                if len(indexes) == 1:  # the usual requirement: one field (the term, the question)
                    if fields[indexes[0]]:
                        out.append(ordinal)
                elif (all if needs_all else any)(map(fields.__getitem__, indexes)):  # no generator frame
                    out.append(ordinal)
            return out
        numbers: set[int] = set()
        for index in self.cloze_fields:
            numbers.update(int(number) - 1 for number in _CLOZE_NUMBER.findall(fields[index]) if int(number) > 0)
        # genanki iterates the set as is (card ids follow that order), and a note without a cloze
        # gets no card (its fallback to card 1 compares a set with {} and never fires)
        return numbers


_NoteParts = tuple[int, str, str, str, tuple[int, ...]]
"""What a note's rows hold besides ids, deck and times: note type id, tags, fields, sort field and
card ordinals (in genanki's order)."""

RowCache = dict[int, tuple[Note, _NoteParts]]
"""Per note (by ``id()``, with the note itself, so a new note at a reused address is not taken for
it), its :data:`_NoteParts`: ``ankigen watch`` keeps them between rebuilds, so a rebuild works out
only the new notes' rows. Valid for one set of note types (those are fixed)."""


@functools.cache
def _rules() -> dict[NoteKind, tuple[int, _CardRule]]:
    """Per note kind, its note type's id and card rule (the note types are fixed)."""
    rules: dict[NoteKind, tuple[int, _CardRule]] = {}
    for kind in NoteKind:
        model = _model(note_type(kind))
        rules[kind] = (model.model_id, _CardRule.of(model.to_json(0, DEFAULT_DECK_ID)))
    return rules


_TAG_STRINGS = 4096
"""Tag sets whose row text :class:`_Parts` keeps at most (then it starts afresh)."""


class _Parts:
    """A note's :data:`_NoteParts`, made once per note (and per tag set) and kept in ``rows`` when given."""

    __slots__ = ("kept", "rows", "rules", "tag_strings")

    def __init__(self, rows: RowCache | None) -> None:
        self.rows = rows
        self.kept: RowCache = {}
        self.rules = _rules()
        self.tag_strings: dict[tuple[str, ...], str] = {}

    def of(self, note: Note) -> _NoteParts:
        if self.rows is not None:
            known = self.rows.get(id(note))
            if known is not None and known[0] is note:
                self.kept[id(note)] = known
                return known[1]
        model_id, rule = self.rules[note.kind]
        fields = [value for _, value in note.fields]
        if len(fields) != rule.field_count:  # genanki raised on this too
            raise AnkigenError(
                f"internal: {note.span}: a {note.kind.value} note with {len(fields)} fields, "
                f"its note type has {rule.field_count}; please report this"
            )
        tags = self.tag_strings.get(note.tags)
        if tags is None:  # the notes of a file mostly share their tags
            tags = " " + " ".join(_anki_tag(tag) for tag in note.tags if tag.strip()) + " "
            if len(self.tag_strings) >= _TAG_STRINGS:  # a section's tags: as many as the vault has sections
                self.tag_strings.clear()
            self.tag_strings[note.tags] = tags
        made = (model_id, tags, "\x1f".join(fields), fields[0], tuple(rule.ordinals(fields)))
        if self.rows is not None:
            self.kept[id(note)] = (note, made)
        return made

    def ordinals(self, note: Note) -> tuple[int, ...]:
        if self.rows is not None:
            return self.of(note)[4]
        rule = self.rules[note.kind][1]
        return tuple(rule.ordinals([value for _, value in note.fields]))

    def keep(self) -> None:
        """Leave in ``rows`` only the notes asked for since this was made."""
        if self.rows is not None:
            self.rows.clear()
            self.rows.update(self.kept)


def _check_guids(notes: Sequence[Note]) -> None:
    guids = {note.guid for note in notes}
    if len(guids) != len(notes) or "" in guids:
        raise AnkigenError("internal: notes must carry distinct, non-empty GUIDs before packaging")


def assign_ids(
    notes: Sequence[Note],
    recorded: Callable[[str], NoteIds | None],
    *,
    start: int,
    rows: RowCache | None = None,
) -> dict[str, NoteIds]:
    """Each note's id and its cards' ids (by ordinal) in the collection: those ``recorded`` gives
    for its GUID (the build state's), so that an unchanged note keeps its rows; new ones counted up
    from ``start`` (the build time in milliseconds, or one past the highest id the state records if
    higher) over the notes that need one, in order (deck, file, line, GUID), each note followed by
    its cards, as genanki numbers them: with nothing recorded, these are genanki's ids.

    A recorded id another note took first, in the order of ``notes`` (a state merged by hand), is
    not used twice. A note whose recorded ids are all still right gets ``recorded``'s own value
    back. ``rows``: as for :class:`LiveCollection`; the parts of new notes are added to it."""
    assigned = reassign_ids(notes, recorded, start=start, rows=rows, kept={}, own={})
    assert assigned is not None  # nothing kept: nothing to clash with
    return assigned


def reassign_ids(
    notes: Sequence[Note],
    recorded: Callable[[str], NoteIds | None],
    *,
    start: int,
    rows: RowCache | None,
    kept: Mapping[str, NoteIds],
    own: Mapping[str, NoteIds],
) -> dict[str, NoteIds] | None:
    """:func:`assign_ids` for ``notes`` beside the notes ``kept`` (by GUID, with their ids: an
    ``ankigen watch`` rebuild asks only for the notes that changed), as :func:`assign_ids` of all
    of them would give; None when a recorded id of ``notes`` is one of ``kept``'s (a state merged by
    hand: the order of all the notes decides, see :func:`assign_ids`). ``own``: the ids given last
    time, by GUID; a note given its recorded ids then cannot clash with another's now."""
    parts = _Parts(rows)
    assigned: dict[str, NoteIds] = {}
    pending: list[tuple[Note, tuple[int, ...], int | None, dict[int, int]]] = []
    checked: list[tuple[Note, tuple[int, ...], NoteIds]] = []
    taken_notes: set[int] = set()
    taken_cards: set[int] = set()
    for note in notes:
        ordinals = parts.ordinals(note)
        known = recorded(note.guid)
        if known is None:
            pending.append((note, ordinals, None, {}))
        elif kept and known is own.get(note.guid):
            checked.insert(0, (note, ordinals, known))  # first: these ids are its own, of all
        else:
            checked.append((note, ordinals, known))
    if kept and any(known is not own.get(note.guid) for note, _, known in checked):
        taken_notes = {note_id for note_id, _ in kept.values()}
        taken_cards = {card_id for _, pairs in kept.values() for _, card_id in pairs}
    for note, ordinals, known in checked:
        note_id, pairs = known
        cards = dict(pairs)
        clash = note_id in taken_notes or not taken_cards.isdisjoint(cards.values())
        if clash and kept:
            return None
        if not clash and len(pairs) == len(ordinals) and all(ordinal in cards for ordinal in ordinals):
            taken_notes.add(note_id)
            taken_cards.update(cards.values())
            assigned[note.guid] = known
            continue
        kept_id: int | None = None
        if note_id not in taken_notes:
            kept_id = note_id
            taken_notes.add(note_id)
        kept_cards: dict[int, int] = {}
        for ordinal in ordinals:
            card_id = cards.get(ordinal)
            if card_id is not None and card_id not in taken_cards:
                kept_cards[ordinal] = card_id
                taken_cards.add(card_id)
        pending.append((note, ordinals, kept_id, kept_cards))
    if pending:
        counter = itertools.count(start)
        pending.sort(key=lambda item: (item[0].deck, item[0].span.path, item[0].span.line, item[0].guid))
        for note, ordinals, kept_id, kept_cards in pending:
            note_id = kept_id if kept_id is not None else next(counter)
            cards = {ordinal: kept_cards[ordinal] if ordinal in kept_cards else next(counter) for ordinal in ordinals}
            assigned[note.guid] = (note_id, tuple(sorted(cards.items())))
    if rows is not None:
        rows.update(parts.kept)
    return assigned


def collection_bytes(
    notes: Sequence[Note],
    *,
    timestamp: int,
    note_mod: Mapping[str, int] | None = None,
    model_mod: Mapping[NoteKind, int] | None = None,
    ids: Mapping[str, NoteIds] | None = None,
) -> bytes:
    """The collection database (``collection.anki2``) for ``notes``, which must carry distinct GUIDs.

    genanki writes the collection's schema, decks and note types; the notes and cards go in as
    rows, exactly as genanki would insert them, with the ids ``ids`` gives (see :func:`assign_ids`;
    None: counted up from ``timestamp * 1000``, genanki's). The database is then copied with
    ``VACUUM INTO``, which lays it out by its content alone: the same rows give the same bytes,
    however they were written (``ankigen watch`` changes only the rows that changed, see
    :class:`LiveCollection`).
    """
    with collection_file(
        Path(tempfile.gettempdir()), notes, timestamp=timestamp, note_mod=note_mod, model_mod=model_mod, ids=ids
    ) as path:
        return path.read_bytes()


_DATABASE_PREFIX = ".ankigen-collection."

DATABASE_CACHE_KIB = 16_384
"""SQLite's page cache for a collection written to a file: the most of the database a build holds
in memory, whatever the database's size."""

STREAM_CACHE_KIB = 4096
"""The same for a build that streams its notes (:class:`CollectionStream`), which writes its rows
mostly in order of id (and its sorts, for the indexes, take as much memory as the cache): pages
beyond it are the operating system's file cache, read back without a disk (no measurable cost:
callgrind, a 6,135-note build, 2,868 M instructions against 2,867 M at 16 MB)."""

SORT_CACHE_KIB = 1024
"""The same while :class:`CollectionStream` sorts (the notes waiting for ids, in :meth:`~CollectionStream.number`;
each index, in :meth:`~CollectionStream.written`): SQLite's sorter keeps up to the page cache's size of
rows in memory before it writes them to a temporary file and merges, so with :data:`STREAM_CACHE_KIB`
a sort took 1.3 MB for 18,000 notes and 4 MB for 290,000; with this, about 1 MB for any number. 1 MB
is SQLite's least (``SQLITE_SORTER_PMASZ``, 250 pages). Also kept for ``VACUUM INTO`` at the end
(:meth:`~CollectionStream.written`), which gives the copy it writes the cache size of the database it
reads: with :data:`STREAM_CACHE_KIB`, the two caches filled took 6 MB more at the build's peak for any
number of notes; it reads the pages once, in order, and writes the copy's once, so a small cache
costs no time (the copy took 0.4-0.8 s for 18,000-74,000 notes either way, under load)."""


WAITING_CACHE_KIB = 256
"""SQLite's page cache for :class:`CollectionStream`'s table of the notes waiting for ids (a
temporary table, kept apart from the database): written at its end as the files come and read once,
in order, when the ids are given (:meth:`~CollectionStream.number`), so its pages beyond this go to
the temporary file whatever the size. SQLite's default there (2 MB) was not full after the 1x bench
vault's 18,000 notes (1.7 MB) and was at 16x: held memory that grew with the vault (issue 14)."""


def scratch_file(folder: Path) -> Path:
    """A new empty temporary file in ``folder``, named as the collection's scratch files are (so a
    build killed before deleting it leaves nothing the next build does not remove)."""
    return _scratch(folder)


def _scratch(folder: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f"{_DATABASE_PREFIX}{os.getpid()}.", suffix=".tmp", dir=folder)
    os.close(handle)
    return Path(name)


def cannot_write(exc: Exception, folder: Path, package: Path | None) -> AnkigenError:
    """The error for a database (or scratch file) that could not be written to ``folder`` on the
    way to the ``package`` (None: standard output)."""
    return _cannot_write(exc, folder, package)


def _cannot_write(exc: Exception, folder: Path, package: Path | None) -> AnkigenError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    kept = "the previous file is unchanged" if package is not None and package.exists() else "nothing was written"
    return AnkigenError(
        f"{package if package is not None else folder}: cannot write the package (its database, written "
        f"first to a temporary file in {folder}: {reason}); {kept}. Check free space and permissions"
    )


def _vacuum_into(connection: sqlite3.Connection, folder: Path) -> Path:
    """A copy of ``connection``'s database, laid out anew (``VACUUM INTO``), in a temporary file in
    ``folder``: its bytes depend on the rows alone, not on the order they were written in."""
    path = _scratch(folder)
    try:
        path.unlink()  # VACUUM INTO wants a new file (the name stays this process's)
        connection.execute("VACUUM INTO ?", (str(path),))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        raise
    return path


@contextlib.contextmanager
def collection_file(
    folder: Path,
    notes: Sequence[Note],
    *,
    timestamp: int,
    note_mod: Mapping[str, int] | None = None,
    model_mod: Mapping[NoteKind, int] | None = None,
    ids: Mapping[str, NoteIds] | None = None,
    package: Path | None = None,
) -> Iterator[Path]:
    """:func:`collection_bytes` written to a temporary file in ``folder`` (deleted when the block
    ends), with the same bytes. SQLite writes it page by page, so a build does not hold the whole
    database in memory, and then its serialised copy (together 27 MB per 19,000 notes): first a
    scratch file, then its ``VACUUM INTO`` copy, and the scratch file is deleted. ``package``: the
    package it is for, named in the message when it cannot be written."""
    remove_stale(folder, _DATABASE_PREFIX, ".tmp")
    scratch: Path | None = None
    path: Path | None = None
    try:
        scratch = _scratch(folder)
        connection = sqlite3.connect(scratch)
        try:
            # a scratch file: no journal and no fsync (the package made from it is synced)
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute(f"PRAGMA cache_size = -{DATABASE_CACHE_KIB}")
            _fill(connection, notes, timestamp=timestamp, note_mod=note_mod, model_mod=model_mod, ids=ids)
            path = _vacuum_into(connection, folder)
        finally:
            connection.close()
    except (OSError, sqlite3.OperationalError) as exc:
        raise _cannot_write(exc, folder, package) from exc
    finally:
        if scratch is not None:
            with contextlib.suppress(FileNotFoundError):
                scratch.unlink()
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _schema(cursor: sqlite3.Cursor) -> list[str]:
    """genanki's schema and collection row, without the indexes; their statements, to run once the
    rows are in (in one sort each, not row by row: half the time of the inserts). Every collection
    goes through these same statements, so its schema (and its schema cookie) is the same."""
    genanki.Package([]).write_to_db(cursor, 0, itertools.count())  # schema and the collection row
    indexes = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in indexes]


def _collection_json(
    uses: Collection[tuple[NoteKind, str]], timestamp: int, model_mod: Mapping[NoteKind, int] | None, base_decks: str
) -> tuple[str, str, dict[str, int]]:
    """The collection row's decks and note types (JSON) for notes of these (kind, deck) pairs, and
    each deck's id."""
    last_deck: dict[NoteKind, str] = {}
    for kind, deck in uses:
        known = last_deck.get(kind)
        if known is None or deck > known:
            last_deck[kind] = deck
    deck_ids = {name: deck_id_for(name) for name in sorted({deck for _, deck in uses})}
    if not deck_ids:
        deck_ids = {"Default": deck_id_for("Default")}
    # a note type is stored with the id of the last deck (by name) that uses it, as genanki does
    stored_models: dict[str, dict[str, Any]] = {}
    for kind in NoteKind:
        if kind in last_deck:
            model = _model(note_type(kind))
            stored = model.to_json(timestamp, deck_ids[last_deck[kind]])
            if model_mod and kind in model_mod:
                stored["mod"] = int(model_mod[kind])
            stored_models[str(model.model_id)] = stored
    decks = json.loads(base_decks)
    decks.update({str(deck_id): genanki.Deck(deck_id, name).to_json() for name, deck_id in deck_ids.items()})
    return json.dumps(decks), json.dumps(stored_models, sort_keys=True, ensure_ascii=False), deck_ids


def _fill(
    connection: sqlite3.Connection,
    notes: Sequence[Note],
    *,
    timestamp: int,
    note_mod: Mapping[str, int] | None,
    model_mod: Mapping[NoteKind, int] | None,
    ids: Mapping[str, NoteIds] | None,
) -> None:
    """Write the collection for ``notes`` into the empty database ``connection`` and commit (see
    :func:`collection_bytes`)."""
    _check_guids(notes)
    if ids is None:
        ids = assign_ids(notes, _nothing_recorded, start=timestamp * 1000)
    cursor = connection.cursor()
    indexes = _schema(cursor)
    (base_decks,) = cursor.execute("SELECT decks FROM col").fetchone()
    uses = {(note.kind, note.deck) for note in notes}
    decks, models, deck_ids = _collection_json(uses, timestamp, model_mod, base_decks)
    cursor.execute("UPDATE col SET decks = ?, models = ?", (decks, models))
    mods = note_mod or {}
    parts = _Parts(None)
    cards: list[tuple[int, int, int, int, int]] = []  # (id, note id, deck id, ordinal, mod)

    def note_rows() -> Iterator[tuple[object, ...]]:
        # a generator, so each note's joined fields live only until SQLite has copied them
        for note in notes:
            model_id, tags, joined, sort_field, _ = parts.of(note)
            guid = note.guid
            note_id, pairs = ids[guid]
            mod = mods.get(guid, timestamp)
            deck_id = deck_ids[note.deck]
            cards.extend((card_id, note_id, deck_id, ordinal, mod) for ordinal, card_id in pairs)
            yield (note_id, guid, model_id, mod, -1, tags, joined, sort_field, 0, 0, "")

    cursor.executemany(_INSERT_NOTE, note_rows())
    cursor.executemany(_INSERT_CARD, cards)
    for sql in indexes:
        cursor.execute(sql)
    connection.commit()


def _nothing_recorded(guid: str) -> NoteIds | None:
    return None


_INSERT_NOTE = "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_CARD = "INSERT OR REPLACE INTO cards VALUES (?, ?, ?, ?, ?, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')"

_NoteRow = tuple[int, str, int, int, int, str, str, str, int, int, str]
_CardRow = tuple[int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class _Written:
    """One note as :class:`LiveCollection` wrote it: the note, its time and ids, and its rows."""

    note: Note
    mod: int
    ids: NoteIds
    row: _NoteRow
    cards: tuple[_CardRow, ...]


class LiveCollection:
    """The collection database of ``ankigen watch``, kept in memory between rebuilds: a rebuild
    changes only the rows of the notes that changed (inserted, updated, deleted), then writes the
    database out with ``VACUUM INTO``, which gives the bytes :func:`collection_file` gives for the
    same notes, ids and times (both go through the same schema statements; the copy is laid out by
    content alone)."""

    def __init__(self) -> None:
        self._connection: sqlite3.Connection | None = None
        self._written: dict[str, _Written] = {}
        self._uses: collections.Counter[tuple[NoteKind, str]] = collections.Counter()
        self._collection: tuple[str, str] = ("", "")
        self._base_decks = ""
        self.deflated = Deflated()
        """The last package's deflated collection, for the next (see :class:`Deflated`)."""

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._written = {}
        self._uses = collections.Counter()

    def update(
        self,
        notes: Sequence[Note],
        *,
        timestamp: int,
        note_mod: Mapping[str, int],
        model_mod: Mapping[NoteKind, int],
        ids: Mapping[str, NoteIds],
        rows: RowCache,
        changed: tuple[Sequence[Note], Collection[str]] | None = None,
    ) -> None:
        """Make the database hold ``notes`` (as :func:`collection_file` would), writing only what
        changed. ``changed``: the notes that are not the same objects as in the last update, and
        the GUIDs that left; the caller knows that every other note kept its time and ids (None:
        every note is looked at)."""
        try:
            self._update(notes, timestamp, note_mod, model_mod, ids, rows, changed)
        except BaseException:
            self.close()  # made afresh next time: what it holds now is not known
            raise

    def _update(
        self,
        notes: Sequence[Note],
        timestamp: int,
        note_mod: Mapping[str, int],
        model_mod: Mapping[NoteKind, int],
        ids: Mapping[str, NoteIds],
        rows: RowCache,
        changed: tuple[Sequence[Note], Collection[str]] | None,
    ) -> None:
        if self._connection is None:
            # a rebuild runs in a new thread each time, one at a time
            # with URIs on: :meth:`image` copies it into a memdb database named by one
            connection = sqlite3.connect("file::memory:", uri=True, check_same_thread=False)
            cursor = connection.cursor()
            for sql in _schema(cursor):
                cursor.execute(sql)
            (self._base_decks,) = cursor.execute("SELECT decks FROM col").fetchone()
            connection.commit()
            self._connection, self._written, self._collection = connection, {}, ("", "")
            self._uses = collections.Counter()
            changed = None
        connection = self._connection
        written = self._written
        parts = _Parts(rows)
        if changed is None:
            _check_guids(notes)
            look_at: Sequence[Note] = notes
            present = {note.guid for note in notes}
            gone: Collection[str] = [guid for guid in written if guid not in present]
        else:
            look_at, gone = changed
        uses = self._uses
        for guid in gone:
            left = written[guid].note
            uses[left.kind, left.deck] -= 1
        for note in look_at:
            before = written.get(note.guid)
            if before is None or before.note is not note:
                uses[note.kind, note.deck] += 1
                if before is not None:
                    uses[before.note.kind, before.note.deck] -= 1
        decks, models, deck_ids = _collection_json(
            [use for use, count in uses.items() if count > 0], timestamp, model_mod, self._base_decks
        )
        note_rows: list[_NoteRow] = []
        card_rows: list[_CardRow] = []
        gone_notes: list[int] = []
        gone_cards: list[int] = []
        for note in look_at:
            guid = note.guid
            mod = note_mod.get(guid, timestamp)
            note_ids = ids[guid]
            old = written.get(guid)
            if old is not None and old.note is note and old.mod == mod and old.ids is note_ids:
                parts.of(note)  # kept in the row cache
                continue
            model_id, tags, joined, sort_field, _ = parts.of(note)
            note_id, pairs = note_ids
            deck_id = deck_ids[note.deck]
            row: _NoteRow = (note_id, guid, model_id, mod, -1, tags, joined, sort_field, 0, 0, "")
            cards = tuple((card_id, note_id, deck_id, ordinal, mod) for ordinal, card_id in pairs)
            written[guid] = _Written(note, mod, note_ids, row, cards)
            if old is None or old.row != row:
                note_rows.append(row)
                if old is not None and old.row[0] != note_id:
                    gone_notes.append(old.row[0])
            if old is None or old.cards != cards:
                card_rows.extend(cards)
                if old is not None:
                    gone_cards.extend(card[0] for card in old.cards if card not in cards)
            if old is not None and rows.get(id(old.note), (None,))[0] is old.note and old.note is not note:
                del rows[id(old.note)]
        for guid in gone:
            removed = written.pop(guid)
            gone_notes.append(removed.row[0])
            gone_cards.extend(card[0] for card in removed.cards)
            if rows.get(id(removed.note), (None,))[0] is removed.note:
                del rows[id(removed.note)]
        cursor = connection.cursor()
        if (decks, models) != self._collection:
            cursor.execute("UPDATE col SET decks = ?, models = ?", (decks, models))
        # deleted first: an id given up by one note may be another's now
        cursor.executemany("DELETE FROM notes WHERE id = ?", [(note_id,) for note_id in gone_notes])
        cursor.executemany("DELETE FROM cards WHERE id = ?", [(card_id,) for card_id in gone_cards])
        cursor.executemany(_INSERT_NOTE, note_rows)
        cursor.executemany(_INSERT_CARD, card_rows)
        connection.commit()
        self._collection = (decks, models)
        if changed is None:
            parts.keep()

    @contextlib.contextmanager
    def written(self, folder: Path, package: Path | None = None) -> Iterator[Path]:
        """The database as :func:`collection_file` gives it, in a temporary file in ``folder``
        (deleted when the block ends)."""
        if self._connection is None:
            raise AnkigenError("internal: the collection was never filled")
        remove_stale(folder, _DATABASE_PREFIX, ".tmp")
        try:
            path = _vacuum_into(self._connection, folder)
        except (OSError, sqlite3.OperationalError) as exc:
            raise _cannot_write(exc, folder, package) from exc
        try:
            yield path
        finally:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def image(self, folder: Path, package: Path | None = None) -> bytes:
        """The bytes :meth:`written` gives, copied (``VACUUM INTO``) into a database in memory
        rather than a file (the collection is in memory already): a watch rebuild neither writes
        nor reads the copy back. Through a file in ``folder`` where SQLite cannot serialise."""
        if self._connection is None:
            raise AnkigenError("internal: the collection was never filled")
        if not hasattr(sqlite3.Connection, "serialize"):
            with self.written(folder, package) as path:
                return path.read_bytes()
        # a database of SQLite's memdb file system, named for this process and collection; it lives
        # while a connection to it is open (``target``), and VACUUM INTO fills it
        name = f"file:/ankigen-{os.getpid()}-{id(self)}?vfs=memdb"
        target = sqlite3.connect(name, uri=True)
        try:
            self._connection.execute("VACUUM INTO ?", (name,))
            image = target.serialize()
        except sqlite3.Error as exc:
            raise _cannot_write(exc, folder, package) from exc
        finally:
            target.close()
        if not image:
            raise AnkigenError("internal: the collection's copy in memory is empty")
        return image


class CollectionStream:
    """The collection database of a build that streams its notes (``ankigen build``): each note's
    rows are written as it comes, into a scratch file in ``folder``, and the note is not kept.

    Its ids are as :func:`assign_ids` gives them over all the notes, in the order they come: a note
    whose ``recorded`` ids are all still right is written with them; one that needs new ids (counted
    up in (deck, file, line, GUID) order over all such notes) is written with a stand-in id, and
    renumbered by :meth:`number` once every note came. Kept per note until then, in a temporary
    table beside the database: each waiting note's place, card ordinals and the ids it keeps; in
    memory, only when the recorded ids may clash (not ``distinct_ids``): the ids of the notes that
    have theirs. With ``distinct_ids``, a recorded id given to two notes (a state merged by hand)
    shows in the database's rows, each id a key (:meth:`clashed`). :meth:`written` then gives the
    bytes :func:`collection_file` gives for the same notes, times and ids (the copy is laid out by
    content alone, whatever order the rows were written in)."""

    BATCH = 512
    """Rows handed to SQLite at a time."""

    def __init__(
        self, folder: Path, *, timestamp: int, package: Path | None = None, distinct_ids: bool = False
    ) -> None:
        """``distinct_ids``: take every note id and card id ``recorded`` gives as given for one GUID
        only (a build state ankigen wrote): the ids taken are not kept to tell a clash, and when one
        was given twice after all, :meth:`clashed` says so (build again without)."""
        self._folder = folder
        self._distinct_ids = distinct_ids
        self._package = package
        self._timestamp = timestamp
        remove_stale(folder, _DATABASE_PREFIX, ".tmp")
        self._path: Path | None = None
        try:
            self._path = _scratch(folder)
            # filled here, copied in the thread that writes the package
            self._connection = sqlite3.connect(self._path, check_same_thread=False)
            self._connection.execute("PRAGMA journal_mode = OFF")  # a scratch file: see collection_file
            self._connection.execute("PRAGMA synchronous = OFF")
            self._connection.execute(f"PRAGMA cache_size = -{STREAM_CACHE_KIB}")
            self._connection.execute(f"PRAGMA temp.cache_size = -{WAITING_CACHE_KIB}")
            cursor = self._connection.cursor()
            self._indexes = _schema(cursor)
            (self._base_decks,) = cursor.execute("SELECT decks FROM col").fetchone()
            # not in the database: VACUUM INTO copies the main one alone
            cursor.execute(
                "CREATE TEMP TABLE waiting (deck TEXT, path TEXT, line INTEGER, guid TEXT, stand_in INTEGER, "
                "ordinals TEXT, kept_id INTEGER, kept_cards TEXT, mod INTEGER)"
            )
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise _cannot_write(exc, folder, package) from exc
        self._parts = _Parts(None)
        self._uses: set[tuple[NoteKind, str]] = set()
        self._deck_ids: dict[str, int] = {}
        self._taken_notes: set[int] = set()
        self._taken_cards: set[int] = set()
        self._waiting: list[tuple[str, str, int, str, int, str, int | None, str | None, int]] = []
        self._waits = 0
        self._note_rows: list[_NoteRow] = []
        self._card_rows: list[_CardRow] = []
        self._stand_ins = itertools.count(1)
        self.count = 0
        self._cards = 0  # card rows written (the waiting notes' by number)

    def add(self, note: Note, mod: int, recorded: NoteIds | None) -> NoteIds | None:
        """Write ``note`` (with its GUID, distinct from every other note's), modified at ``mod``;
        ``recorded``: the ids the build state records for it. Its ids, or None when it waits for
        new ones (:meth:`number` gives them)."""
        model_id, tags, joined, sort_field, ordinals = self._parts.of(note)
        deck = note.deck
        self._uses.add((note.kind, deck))
        deck_id = self._deck_ids.get(deck)
        if deck_id is None:
            deck_id = self._deck_ids[deck] = deck_id_for(deck)
        self.count += 1
        guid = note.guid
        taken_notes, taken_cards = self._taken_notes, self._taken_cards
        kept_id: int | None = None
        kept_cards: dict[int, int] = {}
        if recorded is not None:
            note_id, pairs = recorded
            cards = dict(pairs)
            # with distinct_ids nothing is kept in taken_*: no clash to look for here (see clashed)
            clash = not self._distinct_ids and (note_id in taken_notes or not taken_cards.isdisjoint(cards.values()))
            if not clash and len(pairs) == len(ordinals) and all(map(cards.__contains__, ordinals)):
                if not self._distinct_ids:
                    taken_notes.add(note_id)
                    taken_cards.update(cards.values())
                self._row((note_id, guid, model_id, mod, -1, tags, joined, sort_field, 0, 0, ""))
                self._card_rows.extend((card_id, note_id, deck_id, ordinal, mod) for ordinal, card_id in pairs)
                self._cards += len(pairs)
                return recorded
            if note_id not in taken_notes:
                kept_id = note_id
                if not self._distinct_ids:
                    taken_notes.add(note_id)
            for ordinal in ordinals:
                card_id = cards.get(ordinal)
                if card_id is not None and card_id not in taken_cards:
                    kept_cards[ordinal] = card_id
                    if not self._distinct_ids:
                        taken_cards.add(card_id)
        stand_in = -next(self._stand_ins)  # real ids are positive
        self._waits += 1
        self._waiting.append(
            (
                deck,
                note.span.path,
                note.span.line,
                guid,
                stand_in,
                ",".join(map(str, ordinals)),
                kept_id,
                ",".join(f"{ordinal}:{card_id}" for ordinal, card_id in kept_cards.items()) if kept_cards else None,
                mod,
            )
        )
        self._row((stand_in, guid, model_id, mod, -1, tags, joined, sort_field, 0, 0, ""))
        return None

    def _row(self, row: _NoteRow) -> None:
        self._note_rows.append(row)
        if len(self._note_rows) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        try:
            self._connection.executemany(_INSERT_NOTE, self._note_rows)
            self._connection.executemany(_INSERT_CARD, self._card_rows)
            self._connection.executemany("INSERT INTO waiting VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self._waiting)
        except (OSError, sqlite3.Error) as exc:
            raise _cannot_write(exc, self._folder, self._package) from exc
        self._note_rows.clear()
        self._card_rows.clear()
        self._waiting.clear()

    @property
    def decks(self) -> tuple[str, ...]:
        """The decks of the notes written, sorted."""
        return tuple(sorted(self._deck_ids))

    def number(self, start: int) -> Iterator[tuple[str, NoteIds]]:
        """Give the notes waiting for new ids theirs, counted up from ``start`` (see
        :func:`assign_ids`; SQLite's order of text is Python's), and write their cards: each such
        note's GUID and ids."""
        self._flush()
        counter = itertools.count(start)
        renumbered: list[tuple[int, int]] = []
        try:
            # sorted as the statement's first step, with the sorter's memory bounded (SORT_CACHE_KIB)
            self._connection.execute(f"PRAGMA cache_size = -{SORT_CACHE_KIB}")
            waiting = self._connection.execute(
                "SELECT deck, guid, stand_in, ordinals, kept_id, kept_cards, mod FROM waiting "
                "ORDER BY deck, path, line, guid"
            )
            self._connection.execute(f"PRAGMA cache_size = -{STREAM_CACHE_KIB}")
            for deck, guid, stand_in, ordinals, kept_id, kept, mod in waiting:
                kept_cards: dict[int, int] = {}
                for pair in kept.split(",") if kept else ():
                    ordinal, card_id = pair.split(":")
                    kept_cards[int(ordinal)] = int(card_id)
                note_id = kept_id if kept_id is not None else next(counter)
                cards = {
                    ordinal: kept_cards[ordinal] if ordinal in kept_cards else next(counter)
                    for ordinal in (map(int, ordinals.split(",")) if ordinals else ())
                }
                renumbered.append((note_id, stand_in))
                deck_id = self._deck_ids[deck]
                self._card_rows.extend((card_id, note_id, deck_id, ordinal, mod) for ordinal, card_id in cards.items())
                self._cards += len(cards)
                if len(renumbered) >= self.BATCH:
                    self._renumber(renumbered)
                yield guid, (note_id, tuple(sorted(cards.items())))
            self._renumber(renumbered)
            self._connection.execute("DELETE FROM waiting")
        except (OSError, sqlite3.Error) as exc:
            raise _cannot_write(exc, self._folder, self._package) from exc
        self._waits = 0

    def _renumber(self, renumbered: list[tuple[int, int]]) -> None:
        # OR REPLACE: an id taken twice (only with distinct_ids) leaves a row fewer (see clashed)
        self._connection.executemany("UPDATE OR REPLACE notes SET id = ? WHERE id = ?", renumbered)
        renumbered.clear()
        self._flush()

    def clashed(self) -> bool:
        """Once :meth:`number` is through: whether, with ``distinct_ids``, a recorded note or card id
        was written for two notes after all (the second row replaced the first: fewer rows than
        written). The database is then not the one :func:`collection_file` gives: build again
        without ``distinct_ids``."""
        if not self._distinct_ids:
            return False
        try:
            self._flush()
            (notes,) = self._connection.execute("SELECT count(*) FROM notes").fetchone()
            (cards,) = self._connection.execute("SELECT count(*) FROM cards").fetchone()
        except (OSError, sqlite3.Error) as exc:
            raise _cannot_write(exc, self._folder, self._package) from exc
        return bool(notes != self.count or cards != self._cards)

    @contextlib.contextmanager
    def written(self, model_mod: Mapping[NoteKind, int] | None = None) -> Iterator[Path]:
        """Once :meth:`number` is through: the database, as :func:`collection_file` gives it, in a
        temporary file in the folder (deleted when the block ends, as is the scratch file)."""
        if self._waits:
            raise AnkigenError("internal: notes are still waiting for their ids")
        try:
            self._flush()
            decks, models, _ = _collection_json(self._uses, self._timestamp, model_mod, self._base_decks)
            cursor = self._connection.cursor()
            cursor.execute("UPDATE col SET decks = ?, models = ?", (decks, models))
            # each index a sort, and then VACUUM INTO, whose new database takes this cache's size
            # (see SORT_CACHE_KIB)
            cursor.execute(f"PRAGMA cache_size = -{SORT_CACHE_KIB}")
            for sql in self._indexes:
                cursor.execute(sql)
            self._connection.commit()
            path = _vacuum_into(self._connection, self._folder)
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise _cannot_write(exc, self._folder, self._package) from exc
        self.close()
        try:
            yield path
        finally:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def close(self) -> None:
        """Close the database and delete the scratch file (done by :meth:`written`; call it when
        the build stops before)."""
        connection = getattr(self, "_connection", None)
        if connection is not None:
            connection.close()
            self._connection = None  # type: ignore[assignment]
        if self._path is not None:
            with contextlib.suppress(FileNotFoundError):
                self._path.unlink()
            self._path = None


def collection_zip(database: bytes, media: Sequence[MediaFile] = (), *, comment: bytes = b"") -> bytes:
    """The package's bytes: the database from :func:`collection_bytes` zipped with ``media``;
    ``comment`` is the zip comment (a build's id, which Anki ignores)."""
    buffer = io.BytesIO()
    _zip_into(buffer, database, media, comment)
    return buffer.getvalue()


_CHUNK = 1 << 20

DEFLATE_CHUNK = 1 << 16
"""The collection is deflated in pieces of this many bytes, each on its own, with the 32 KiB before
it as its dictionary (what a deflate stream may refer back to), the stream flushed to a byte
boundary between them: a piece's bytes depend on those 96 KiB alone, so ``ankigen watch`` deflates
again only the pieces of the database that changed (a save changes a few of the 114 pieces of a
15,000-note database: 2-3 ms instead of 25-30 ms), in two threads, and a build that streams the
database from its file gives the same bytes. The package comes out 0.4 % smaller than deflated in
one go (at 64 KiB; 1 MiB pieces: 0.3 % larger), the stream is one ordinary deflate stream."""

_WINDOW = 1 << 15

_THREADED_PIECES = 16
"""From this many pieces to deflate (1 MiB, 4-5 ms), half are deflated in a second thread; a save
in watch usually changes fewer, not worth a thread on a busy machine."""


def _deflate_piece(window: bytes, chunk: bytes, last: bool) -> bytes:
    """One piece of the collection's deflate stream (see :data:`DEFLATE_CHUNK`)."""
    if window:
        compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15, zdict=window)
    else:
        compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(chunk) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


def _deflate_stream(source: BinaryIO, size: int, memo: PieceMemo | None = None) -> Iterator[tuple[bytes, bytes]]:
    """The database read from ``source`` (``size`` bytes), a chunk at a time: each chunk and its piece
    (``memo``: taken from the last build's pieces where the same, see :class:`PieceMemo`)."""
    window = b""
    done = 0
    while True:
        chunk = source.read(DEFLATE_CHUNK)
        done += len(chunk)
        last = done >= size or len(chunk) < DEFLATE_CHUNK
        yield chunk, (_deflate_piece(window, chunk, last) if memo is None else memo.piece(window, chunk, last))
        if last:
            return
        window = chunk[-_WINDOW:]


_MEMO_HEADER = b"ankigen-deflate-memo-1\n"
# per piece: the chunk before's digest, the chunk's, whether it is the last, the piece's digest, where, size
_MEMO_ENTRY = struct.Struct("<32s32sB32sQL")
_MEMO_TRAILER = struct.Struct("<QL32s")  # where the entries start, how many, the digest of the version line


def _memo_version() -> bytes:
    """What a kept piece's bytes depend on besides its chunk and window: zlib, the level, the sizes
    (and ankigen's code, which says how a piece is made)."""
    from .cache import _code_version

    return (
        f"{zlib.ZLIB_RUNTIME_VERSION}\x1f{COMPRESS_LEVEL}\x1f{DEFLATE_CHUNK}\x1f{_WINDOW}\x1f{_code_version()}"
    ).encode("utf-8", "surrogateescape")


class PieceMemo:
    """The collection's deflated pieces (see :data:`DEFLATE_CHUNK`) kept from one ``ankigen build``
    to the next, in a file of the cache folder (``path``, beside the state's kept database): a
    rebuild after a few edits changes a few of the database's pieces (the rest are the same bytes,
    after ``VACUUM INTO``), so it deflates only those and takes the others from the file.

    A piece is made from its chunk and the 32 KiB before it (the end of the chunk before), so it is
    looked up by the SHA-256 of both chunks and whether it is the last; a piece read back is used
    only when its own SHA-256 is the one recorded (a file cut short or changed on disk gives a
    piece deflated again, never a wrong one), and only from a file written by the same zlib, level,
    piece size and ankigen code. The file is replaced by this build's pieces (a temporary file
    renamed into place once the collection is zipped); it cannot be read or written: every piece is
    deflated, as without it. What is held in memory is the entries (~110 bytes a piece), not the
    pieces."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reused = 0
        self.deflated = 0
        self._kept: dict[tuple[bytes, bytes, bool], tuple[bytes, int, int]] = {}
        self._source: BinaryIO | None = None
        self._version = hashlib.sha256(_memo_version()).digest()
        self._previous = hashlib.sha256(b"").digest()  # the digest of the chunk before (none yet)
        self._open_kept()
        self._temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        self._out: BinaryIO | None = None
        self._entries: list[bytes] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._out = open(self._temporary, "wb")  # noqa: SIM115 (closed by commit or discard)
            self._out.write(_MEMO_HEADER)
        except OSError:
            self._out = None

    def _open_kept(self) -> None:
        try:
            source = open(self.path, "rb")  # noqa: SIM115 (closed by close)
        except OSError:
            return
        try:
            size = os.fstat(source.fileno()).st_size
            if source.read(len(_MEMO_HEADER)) != _MEMO_HEADER or size < len(_MEMO_HEADER) + _MEMO_TRAILER.size:
                raise ValueError("not a memo")
            source.seek(size - _MEMO_TRAILER.size)
            start, count, version = _MEMO_TRAILER.unpack(source.read(_MEMO_TRAILER.size))
            if version != self._version or start + count * _MEMO_ENTRY.size != size - _MEMO_TRAILER.size:
                raise ValueError("another version, or cut short")
            source.seek(start)
            entries = source.read(count * _MEMO_ENTRY.size)
            for before, digest, last, piece, where, length in _MEMO_ENTRY.iter_unpack(entries):
                self._kept[before, digest, bool(last)] = (piece, where, length)
        except (OSError, ValueError, struct.error):
            source.close()
            self._kept.clear()
            return
        self._source = source

    def piece(self, window: bytes, chunk: bytes, last: bool) -> bytes:
        """The piece of ``chunk`` after ``window`` (the chunk before's last 32 KiB), as
        :func:`_deflate_piece` makes it: kept, or deflated; recorded for the next build."""
        digest = hashlib.sha256(chunk).digest()
        key = (self._previous, digest, last)
        self._previous = digest
        made = self._read(key)
        if made is None:
            made = _deflate_piece(window, chunk, last)
            self.deflated += 1
        else:
            self.reused += 1
        self._record(key, made)
        return made

    def _read(self, key: tuple[bytes, bytes, bool]) -> bytes | None:
        found = self._kept.get(key)
        if found is None or self._source is None:
            return None
        expected, where, length = found
        try:
            self._source.seek(where)
            piece = self._source.read(length)
        except OSError:
            return None
        return piece if len(piece) == length and hashlib.sha256(piece).digest() == expected else None

    def _record(self, key: tuple[bytes, bytes, bool], piece: bytes) -> None:
        if self._out is None:
            return
        before, digest, last = key
        try:
            where = self._out.tell()
            self._out.write(piece)
        except OSError:
            self.discard()
            return
        self._entries.append(_MEMO_ENTRY.pack(before, digest, last, hashlib.sha256(piece).digest(), where, len(piece)))

    def commit(self) -> None:
        """Every piece was given: this build's pieces replace the file's (no harm done if not)."""
        self.close()
        if self._out is None:
            return
        try:
            start = self._out.tell()
            self._out.write(b"".join(self._entries))
            self._out.write(_MEMO_TRAILER.pack(start, len(self._entries), self._version))
            self._out.close()
            os.replace(self._temporary, self.path)
        except OSError:
            self.discard()
        self._out = None

    def discard(self) -> None:
        """The pieces were not all given (the package was not written): the file stays as it was."""
        self.close()
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None
        with contextlib.suppress(OSError):
            self._temporary.unlink()

    def close(self) -> None:
        """Let go of the last build's file."""
        if self._source is not None:
            self._source.close()
            self._source = None


class Deflated:
    """The collection ``ankigen watch`` zipped last, with its deflated pieces (see
    :data:`DEFLATE_CHUNK`): the next package deflates only the pieces whose bytes (or the 32 KiB
    before them) differ."""

    __slots__ = ("data", "pieces")

    def __init__(self) -> None:
        self.data = b""
        self.pieces: list[bytes] = []


def _deflate_image(data: bytes, memo: Deflated | None) -> Iterator[tuple[memoryview, bytes]]:
    """The pieces of ``data``, as :func:`_deflate_stream` gives them for the same bytes; those
    ``memo`` holds for the same bytes taken from it, the rest deflated in two threads. ``memo`` is
    updated."""
    size = len(data)
    starts = range(0, max(size, 1), DEFLATE_CHUNK)
    old, known = (memo.data, memo.pieces) if memo is not None else (b"", [])
    pieces: list[bytes | None] = []
    todo: list[int] = []
    for number, start in enumerate(starts):
        end = start + DEFLATE_CHUNK
        low = max(0, start - _WINDOW)
        last = end >= size
        if number < len(known) and last == (end >= len(old)) and data[low:end] == old[low:end]:
            pieces.append(known[number])
        else:
            pieces.append(None)
            todo.append(number)

    def deflate(number: int) -> bytes:
        start = starts[number]
        end = start + DEFLATE_CHUNK
        return _deflate_piece(data[max(0, start - _WINDOW) : start], data[start:end], end >= size)

    if len(todo) >= _THREADED_PIECES:  # zlib lets go of the GIL: two cores, two threads
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ankigen-deflate") as helper:
            half = len(todo) // 2
            there = helper.submit(lambda: [deflate(number) for number in todo[:half]])
            here = [deflate(number) for number in todo[half:]]
            made = there.result() + here
    else:
        made = [deflate(number) for number in todo]
    for number, piece in zip(todo, made, strict=True):
        pieces[number] = piece
    complete = [piece for piece in pieces if piece is not None]
    assert len(complete) == len(pieces)
    if memo is not None:
        memo.data, memo.pieces = data, complete
    view = memoryview(data)
    return ((view[start : start + DEFLATE_CHUNK], piece) for start, piece in zip(starts, complete, strict=True))


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_VERSION = 20  # deflate
_DOS_DATE = (_ZIP_EPOCH[0] - 1980) << 9 | _ZIP_EPOCH[1] << 5 | _ZIP_EPOCH[2]
_DOS_TIME = _ZIP_EPOCH[3] << 11 | _ZIP_EPOCH[4] << 5 | _ZIP_EPOCH[5] // 2
_ZIP_LIMIT = 0xFFFF_FFFF


def _fits_plain_zip(size: int, media: Sequence[MediaFile]) -> bool:
    """Whether the package fits a zip without its 64-bit extensions (every size and offset under
    4 GiB, under 65,535 entries), with room for deflate's worst case (stored blocks, a few bytes
    per 16 KiB) and the headers."""
    total = size + sum(len(item.data) for item in media)
    return len(media) + 2 < 0xFFFF and total + total // 256 + 1024 * (len(media) + 2) < _ZIP_LIMIT


def _zip_into(
    out: BinaryIO,
    database: bytes | tuple[BinaryIO, int],
    media: Sequence[MediaFile],
    comment: bytes,
    memo: Deflated | None = None,
    pieces: PieceMemo | None = None,
) -> None:
    """The package into ``out`` (seekable): the database, as bytes or read from a file (with its
    size) a chunk at a time, then the media index and the media. Written entry by entry here (the
    collection deflated in pieces, see :data:`DEFLATE_CHUNK`; ``memo``: the pieces of the last
    package, for bytes), with the headers ``zipfile`` writes; a package over 4 GiB or with 65,535
    images is left to ``zipfile`` (its 64-bit extensions). ``pieces``: for a database read from a
    file, the pieces kept from the last build (see :class:`PieceMemo`), replaced by these once the
    collection is zipped."""
    size = len(database) if isinstance(database, bytes) else database[1]
    ordered = sorted(media, key=lambda item: item.name)
    if not _fits_plain_zip(size, ordered):
        _zip64_into(out, database if isinstance(database, tuple) else (io.BytesIO(database), size), ordered, comment)
        return
    index = {str(number): item.name for number, item in enumerate(ordered)}
    central: list[bytes] = []
    if isinstance(database, bytes):
        _zip_member(out, "collection.anki2", _deflate_image(database, memo), central)
    else:
        _zip_member(out, "collection.anki2", _deflate_stream(*database, pieces), central)
        if pieces is not None:
            pieces.commit()
    listed = json.dumps(index, ensure_ascii=False, sort_keys=True).encode()
    _zip_member(out, "media", [(listed, _deflate_piece(b"", listed, True))], central)
    for number, item in enumerate(ordered):
        _zip_member(out, str(number), [(item.data, _deflate_piece(b"", item.data, True))], central)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    count = len(central)
    out.write(_END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), start, len(comment)) + comment)


def _zip_member(
    out: BinaryIO, name: str, pieces: Iterable[tuple[bytes | memoryview, bytes]], central: list[bytes]
) -> None:
    """One deflated entry (its data and its pieces of deflate stream), its local header written
    again once its checksum and sizes are known, as ``zipfile`` does; its central header added to
    ``central``."""
    encoded = name.encode("ascii")  # the entries are numbered: collection.anki2, media, 0, 1, ...
    offset = out.tell()
    out.write(_LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, 0, 0, zipfile.ZIP_DEFLATED, 0, 0, 0, 0, 0, 0, 0))
    out.write(encoded)
    crc = size = compressed = 0
    for data, piece in pieces:
        crc = zlib.crc32(data, crc)
        size += len(data)
        compressed += len(piece)
        out.write(piece)
    end = out.tell()
    out.seek(offset)
    sums = (crc, compressed, size, len(encoded))
    out.write(_LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, 0, 0, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, *sums, 0))
    out.seek(end)
    central.append(
        _CENTRAL_HEADER.pack(
            b"PK\x01\x02",
            _VERSION,
            3,
            _VERSION,
            0,
            0,
            zipfile.ZIP_DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            *sums,
            0,
            0,
            0,
            0,
            0o644 << 16,
            offset,
        )
        + encoded
    )


def _zip64_into(out: BinaryIO, database: tuple[BinaryIO, int], ordered: Sequence[MediaFile], comment: bytes) -> None:
    """The package through ``zipfile``, for one too large for :func:`_zip_into`'s plain zip."""
    source, size = database
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.comment = comment
        info = _entry("collection.anki2")
        info.file_size = size  # as writestr sets it: the same local header
        with archive.open(info, "w") as entry:
            while chunk := source.read(_CHUNK):
                entry.write(chunk)
        index = {str(number): item.name for number, item in enumerate(ordered)}
        archive.writestr(_entry("media"), json.dumps(index, ensure_ascii=False, sort_keys=True).encode())
        for number, item in enumerate(ordered):
            archive.writestr(_entry(str(number)), item.data)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = COMPRESS_LEVEL  # type: ignore[attr-defined]  # what writestr(compresslevel=) sets
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def write_package(
    path: Path,
    notes: Sequence[Note],
    *,
    timestamp: int,
    note_mod: Mapping[str, int] | None = None,
    model_mod: Mapping[NoteKind, int] | None = None,
    media: Sequence[MediaFile] = (),
) -> None:
    """Write the package for ``notes`` to ``path`` atomically."""
    folder = package_folder(path)
    with collection_file(
        folder, notes, timestamp=timestamp, note_mod=note_mod, model_mod=model_mod, package=path
    ) as database:
        write_collection(path, database, media)


def package_folder(path: Path | None) -> Path:
    """Where the database for a package at ``path`` is written first: beside the package (made
    if missing), or in the temporary folder for standard output (None)."""
    if path is None:
        return Path(tempfile.gettempdir())
    folder = write_target(path).parent
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_collection(
    path: Path,
    database: Path | bytes,
    media: Sequence[MediaFile] = (),
    *,
    comment: bytes = b"",
    memo: Deflated | None = None,
    pieces: Path | None = None,
) -> None:
    """Zip a database from :func:`collection_file` (read a chunk at a time), or its bytes (from
    :meth:`LiveCollection.image`), with ``media`` and write it to ``path`` atomically. ``memo``:
    for bytes, the last package's deflated pieces (see :class:`Deflated`); ``pieces``: for a file,
    where the last build kept its pieces and this one keeps its own (see :class:`PieceMemo`).

    Compressing and writing release the GIL, so this can run in a thread beside other work."""
    prepared: PreparedWrite | None = None
    try:
        target = write_target(path)
        remove_stale(target.parent, f".{target.name}.", ".tmp")
        prepared = prepare_write(path, b"", durable=False)  # the temporary file, with the target's mode
        with prepared.temporary.open("wb") as out:
            _zip_database(out, database, media, comment, memo, pieces)
            out.flush()
            os.fsync(out.fileno())
        prepared.commit()
    except OSError as exc:
        if prepared is not None:
            prepared.discard()
        kept = "the previous file is unchanged" if path.exists() else "nothing was written"
        raise AnkigenError(
            f"{path}: cannot write the package ({exc.strerror or exc}); {kept}. Check free space and permissions"
        ) from exc
    except BaseException:
        if prepared is not None:
            prepared.discard()
        raise


def _zip_database(
    out: BinaryIO,
    database: Path | bytes,
    media: Sequence[MediaFile],
    comment: bytes,
    memo: Deflated | None,
    pieces: Path | None = None,
) -> None:
    if isinstance(database, bytes):
        _zip_into(out, database, media, comment, memo)
        return
    kept = PieceMemo(pieces) if pieces is not None else None
    try:
        with database.open("rb") as source:
            _zip_into(out, (source, database.stat().st_size), media, comment, pieces=kept)
    finally:
        if kept is not None:
            kept.discard()  # after commit (the collection zipped): nothing left to do


def write_collection_to(
    out: BinaryIO,
    database: Path | bytes,
    media: Sequence[MediaFile] = (),
    *,
    comment: bytes = b"",
    memo: Deflated | None = None,
    pieces: Path | None = None,
) -> None:
    """The package to a stream that may not be seekable (standard output), with the same bytes as
    :func:`write_collection` writes: zipped into an unnamed temporary file first, then copied."""
    with tempfile.TemporaryFile() as spool:
        _zip_database(spool, database, media, comment, memo, pieces)
        spool.seek(0)
        while chunk := spool.read(_CHUNK):
            out.write(chunk)
