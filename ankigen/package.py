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

import contextlib
import hashlib
import io
import itertools
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import genanki

from .atomic import PreparedWrite, prepare_write, remove_stale, write_target
from .errors import AnkigenError
from .media import MediaFile
from .model import Note, NoteKind
from .notetypes import NoteType, note_type

__all__ = [
    "MediaFile",
    "RowCache",
    "collection_bytes",
    "collection_file",
    "collection_zip",
    "deck_id_for",
    "package_folder",
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
_CLOZE_REFERENCE = re.compile(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}")
_CLOZE_REFERENCE_OLD = re.compile("<%cloze:(.+?)%>")
_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


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
                elif (all if needs_all else any)(fields[index] for index in indexes):
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
card ordinals."""

RowCache = dict[int, tuple[Note, _NoteParts]]
"""Per note (by ``id()``, with the note itself, so a new note at a reused address is not taken for
it), its :data:`_NoteParts`: ``ankigen watch`` keeps them between rebuilds, so a rebuild works out
only the new notes' rows. Valid for one set of note types (those are fixed)."""


def collection_bytes(
    notes: Sequence[Note],
    *,
    timestamp: int,
    note_mod: Mapping[str, int] | None = None,
    model_mod: Mapping[NoteKind, int] | None = None,
    rows: RowCache | None = None,
) -> bytes:
    """The collection database (``collection.anki2``) for ``notes``, which must carry distinct GUIDs.

    genanki writes the collection's schema, decks and note types; the notes and cards go in as
    rows, in one transaction, exactly as genanki would insert them: ids counted up from
    ``timestamp * 1000`` in order (deck, file, line, GUID), each note followed by its cards.
    ``rows``, when given, holds the parts of rows made before, and is updated to hold these notes'.
    """
    with collection_file(
        Path(tempfile.gettempdir()), notes, timestamp=timestamp, note_mod=note_mod, model_mod=model_mod, rows=rows
    ) as path:
        return path.read_bytes()


_DATABASE_PREFIX = ".ankigen-collection."

DATABASE_CACHE_KIB = 16_384
"""SQLite's page cache for a collection written to a file: the most of the database a build holds
in memory, whatever the database's size."""


@contextlib.contextmanager
def collection_file(
    folder: Path,
    notes: Sequence[Note],
    *,
    timestamp: int,
    note_mod: Mapping[str, int] | None = None,
    model_mod: Mapping[NoteKind, int] | None = None,
    rows: RowCache | None = None,
    package: Path | None = None,
) -> Iterator[Path]:
    """:func:`collection_bytes` written to a temporary file in ``folder`` (deleted when the block
    ends), with the same bytes. SQLite writes it page by page, so a build does not hold the whole
    database in memory, and then its serialised copy (together 27 MB per 19,000 notes). ``package``:
    the package it is for, named in the message when it cannot be written."""
    remove_stale(folder, _DATABASE_PREFIX, ".tmp")
    path: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f"{_DATABASE_PREFIX}{os.getpid()}.", suffix=".tmp", dir=folder)
        os.close(handle)
        path = Path(name)
        connection = sqlite3.connect(path)
        try:
            # a scratch file: no journal and no fsync (the package made from it is synced)
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute(f"PRAGMA cache_size = -{DATABASE_CACHE_KIB}")
            # no VACUUM: a fresh database written in one fixed order is laid out the same way every
            # time already, and is no larger (the indexes dropped in _fill were still empty)
            _fill(connection, notes, timestamp=timestamp, note_mod=note_mod, model_mod=model_mod, rows=rows)
        finally:
            connection.close()
    except (OSError, sqlite3.OperationalError) as exc:
        if path is not None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        kept = "the previous file is unchanged" if package is not None and package.exists() else "nothing was written"
        raise AnkigenError(
            f"{package if package is not None else folder}: cannot write the package (its database, written "
            f"first to a temporary file in {folder}: {reason}); {kept}. Check free space and permissions"
        ) from exc
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _fill(
    connection: sqlite3.Connection,
    notes: Sequence[Note],
    *,
    timestamp: int,
    note_mod: Mapping[str, int] | None,
    model_mod: Mapping[NoteKind, int] | None,
    rows: RowCache | None,
) -> None:
    """Write the collection for ``notes`` into the empty database ``connection`` and commit (see
    :func:`collection_bytes`)."""
    guids = [note.guid for note in notes]
    if len(set(guids)) != len(guids) or any(not guid for guid in guids):
        raise AnkigenError("internal: notes must carry distinct, non-empty GUIDs before packaging")
    ordered = sorted(notes, key=lambda n: (n.deck, n.span.path, n.span.line, n.guid))
    deck_ids = {name: deck_id_for(name) for name in sorted({note.deck for note in notes})}
    if not deck_ids:
        deck_ids = {"Default": deck_id_for("Default")}
    # a note type is stored with the id of the last deck (by name) that uses it, as genanki does
    model_deck = {note.kind: deck_ids[note.deck] for note in ordered}
    stored_models: dict[str, dict[str, Any]] = {}
    rules: dict[NoteKind, tuple[int, _CardRule]] = {}
    for kind in NoteKind:
        if kind in model_deck:
            model = _model(note_type(kind))
            stored = model.to_json(timestamp, model_deck[kind])
            if model_mod and kind in model_mod:
                stored["mod"] = int(model_mod[kind])
            stored_models[str(model.model_id)] = stored
            rules[kind] = (model.model_id, _CardRule.of(stored))
    ids = itertools.count(timestamp * 1000)
    mods = note_mod or {}
    cards: list[tuple[int, int, int, int, int]] = []  # (id, note id, deck id, ordinal, mod), as notes go in
    tag_strings: dict[tuple[str, ...], str] = {}

    def parts(note: Note) -> _NoteParts:
        model_id, rule = rules[note.kind]
        fields = [value for _, value in note.fields]
        if len(fields) != rule.field_count:  # genanki raised on this too
            raise AnkigenError(
                f"internal: {note.span}: a {note.kind.value} note with {len(fields)} fields, "
                f"its note type has {rule.field_count}; please report this"
            )
        tags = tag_strings.get(note.tags)
        if tags is None:  # the notes of a file mostly share their tags
            tags = tag_strings[note.tags] = " " + " ".join(_anki_tag(tag) for tag in note.tags if tag.strip()) + " "
        return (model_id, tags, "\x1f".join(fields), fields[0], tuple(rule.ordinals(fields)))

    kept: RowCache = {}

    def note_rows() -> Iterator[tuple[object, ...]]:
        # a generator, so each note's joined fields live only until SQLite has copied them (when
        # no cache keeps them)
        for note in ordered:
            if rows is None:
                made = parts(note)
            else:
                known = rows.get(id(note))
                if known is None or known[0] is not note:
                    known = (note, parts(note))
                kept[id(note)] = known
                made = known[1]
            model_id, tags, joined, sort_field, ordinals = made
            note_id = next(ids)
            guid = note.guid
            deck_id = deck_ids[note.deck]
            for ordinal in ordinals:
                cards.append((next(ids), note_id, deck_id, ordinal, timestamp))
            yield (note_id, guid, model_id, mods.get(guid, timestamp), -1, tags, joined, sort_field, 0, 0, "")

    cursor = connection.cursor()
    genanki.Package([]).write_to_db(cursor, timestamp, ids)  # schema and the collection row
    (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
    decks = json.loads(decks_json)
    decks.update({str(deck_id): genanki.Deck(deck_id, name).to_json() for name, deck_id in deck_ids.items()})
    cursor.execute(
        "UPDATE col SET decks = ?, models = ?",
        (
            json.dumps(decks),
            json.dumps(stored_models, sort_keys=True, ensure_ascii=False),
        ),
    )
    # indexes built after the rows, in one sort each, not row by row (half the time of the
    # inserts); all of them, dropped and made again in their order, so the schema is unchanged
    indexes = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", note_rows())
    cursor.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')", cards)
    for _, sql in indexes:
        cursor.execute(sql)
    connection.commit()
    if rows is not None:
        rows.clear()
        rows.update(kept)


def collection_zip(database: bytes, media: Sequence[MediaFile] = (), *, comment: bytes = b"") -> bytes:
    """The package's bytes: the database from :func:`collection_bytes` zipped with ``media``;
    ``comment`` is the zip comment (a build's id, which Anki ignores)."""
    buffer = io.BytesIO()
    _zip_into(buffer, io.BytesIO(database), len(database), media, comment)
    return buffer.getvalue()


_CHUNK = 1 << 20


def _zip_into(out: BinaryIO, database: BinaryIO, size: int, media: Sequence[MediaFile], comment: bytes) -> None:
    """The package into ``out`` (seekable), the database read from ``database`` (``size`` bytes) a
    chunk at a time."""
    ordered = sorted(media, key=lambda item: item.name)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.comment = comment
        info = _entry("collection.anki2")
        info.file_size = size  # as writestr sets it: the same local header
        with archive.open(info, "w") as entry:
            while chunk := database.read(_CHUNK):
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


def write_collection(path: Path, database: Path, media: Sequence[MediaFile] = (), *, comment: bytes = b"") -> None:
    """Zip a database from :func:`collection_file` with ``media`` and write it to ``path``
    atomically, a chunk at a time.

    Compressing and writing release the GIL, so this can run in a thread beside other work."""
    prepared: PreparedWrite | None = None
    try:
        target = write_target(path)
        remove_stale(target.parent, f".{target.name}.", ".tmp")
        prepared = prepare_write(path, b"", durable=False)  # the temporary file, with the target's mode
        with prepared.temporary.open("wb") as out, database.open("rb") as source:
            _zip_into(out, source, database.stat().st_size, media, comment)
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


def write_collection_to(
    out: BinaryIO, database: Path, media: Sequence[MediaFile] = (), *, comment: bytes = b""
) -> None:
    """The package to a stream that may not be seekable (standard output), with the same bytes as
    :func:`write_collection` writes: zipped into an unnamed temporary file first, then copied."""
    with tempfile.TemporaryFile() as spool, database.open("rb") as source:
        _zip_into(spool, source, database.stat().st_size, media, comment)
        spool.seek(0)
        while chunk := spool.read(_CHUNK):
            out.write(chunk)
