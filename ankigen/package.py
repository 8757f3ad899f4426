"""Stage 5, package: typed notes -> a deterministic .apkg. The only module that imports genanki.

genanki builds the collection database; ankigen then sets each note's and note type's modification
time from the build state (so unchanged notes keep theirs and Anki leaves user edits alone), and
writes the zip itself with fixed entry times and order, so the same notes give the same bytes.
The file is written to a temporary file beside the target and renamed into place.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import sqlite3
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import genanki

from .atomic import write_atomically
from .errors import AnkigenError
from .media import MediaFile
from .model import Note, NoteKind
from .notetypes import NoteType, note_type

__all__ = ["MediaFile", "deck_id_for", "package_bytes", "write_package"]

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def deck_id_for(name: str) -> int:
    """Anki ignores deck ids on import (decks match by name); still, make them stable."""
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


def package_bytes(
    notes: Sequence[Note],
    *,
    timestamp: int,
    note_mod: Mapping[str, int] | None = None,
    model_mod: Mapping[NoteKind, int] | None = None,
    media: Sequence[MediaFile] = (),
) -> bytes:
    """The .apkg bytes for ``notes`` (which must carry distinct GUIDs)."""
    guids = [note.guid for note in notes]
    if len(set(guids)) != len(guids) or any(not guid for guid in guids):
        raise AnkigenError("internal: notes must carry distinct, non-empty GUIDs before packaging")
    models = {kind: _model(note_type(kind)) for kind in NoteKind}
    decks: dict[str, genanki.Deck] = {}
    for note in sorted(notes, key=lambda n: (n.deck, n.span.path, n.span.line, n.guid)):
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(deck_id_for(note.deck), note.deck)
        deck.add_note(
            genanki.Note(
                model=models[note.kind],
                fields=[value for _, value in note.fields],
                guid=note.guid,
                tags=[_anki_tag(tag) for tag in note.tags if tag.strip()],
            )
        )
    package = genanki.Package(
        [decks[name] for name in sorted(decks)] or [genanki.Deck(deck_id_for("Default"), "Default")]
    )
    connection = sqlite3.connect(":memory:")
    try:
        cursor = connection.cursor()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            package.write_to_db(cursor, timestamp, itertools.count(timestamp * 1000))
        if note_mod:
            # one join through a temporary table (outside the saved database): an UPDATE per note
            # scans the unindexed notes table each time, quadratic (10 s for 15,000 notes)
            cursor.execute("CREATE TEMP TABLE note_mod (guid TEXT PRIMARY KEY, mod INTEGER)")
            cursor.executemany("INSERT INTO note_mod VALUES (?, ?)", ((g, int(m)) for g, m in note_mod.items()))
            cursor.execute(
                "UPDATE notes SET mod = (SELECT mod FROM note_mod WHERE note_mod.guid = notes.guid) "
                "WHERE guid IN (SELECT guid FROM note_mod)"
            )
            cursor.execute("DROP TABLE note_mod")
        (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
        stored = json.loads(models_json)
        for kind, mod in (model_mod or {}).items():
            entry = stored.get(str(note_type(kind).model_id))
            if entry is not None:
                entry["mod"] = int(mod)
        cursor.execute("UPDATE col SET models = ?", (json.dumps(stored, sort_keys=True, ensure_ascii=False),))
        connection.commit()
        cursor.execute("VACUUM")
        database = connection.serialize()
    finally:
        connection.close()
    return _zip(database, media)


def _zip(database: bytes, media: Sequence[MediaFile]) -> bytes:
    buffer = io.BytesIO()
    ordered = sorted(media, key=lambda item: item.name)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write_entry(archive, "collection.anki2", database)
        index = {str(number): item.name for number, item in enumerate(ordered)}
        _write_entry(archive, "media", json.dumps(index, ensure_ascii=False, sort_keys=True).encode())
        for number, item in enumerate(ordered):
            _write_entry(archive, str(number), item.data)
    return buffer.getvalue()


def _write_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    archive.writestr(info, data)


def write_package(
    path: Path,
    notes: Sequence[Note],
    *,
    timestamp: int,
    note_mod: Mapping[str, int] | None = None,
    model_mod: Mapping[NoteKind, int] | None = None,
    media: Sequence[MediaFile] = (),
) -> None:
    data = package_bytes(notes, timestamp=timestamp, note_mod=note_mod, model_mod=model_mod, media=media)
    try:
        write_atomically(path, data)
    except OSError as exc:
        kept = "the previous file is unchanged" if path.exists() else "nothing was written"
        raise AnkigenError(
            f"{path}: cannot write the package ({exc.strerror or exc}); {kept}. Check free space and permissions"
        ) from exc
