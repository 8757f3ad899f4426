"""Test-only: small packages with chosen GUIDs and times, written by ankigen's real packaging stage.

The backend tests need exact control (fixed GUIDs, a given modification time, a missing image,
even a broken package holding one GUID twice), so they make :class:`ankigen.model.Note` objects
by hand and write them with :func:`ankigen.package.write_package`.
"""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ankigen.model import Note, NoteKind, Span
from ankigen.notetypes import note_type
from ankigen.package import MediaFile
from ankigen.package import write_package as write_apkg_file


@dataclass(frozen=True, slots=True)
class FakeNote:
    guid: str
    question: str
    answer: str
    deck: str = "Biology"
    kind: NoteKind = NoteKind.BASIC
    extra_fields: dict[str, str] = field(default_factory=dict)

    def to_note(self, line: int) -> Note:
        nt = note_type(self.kind)
        values = dict.fromkeys(nt.fields, "")
        values[nt.fields[0]] = self.question
        values[nt.fields[1]] = self.answer
        values.update(self.extra_fields)
        return Note(
            kind=self.kind,
            key=self.question,
            fields=tuple((name, values[name]) for name in nt.fields),
            span=Span("test.md", line),
            deck=self.deck,
            guid=self.guid,
        )


def write_package(
    out: Path,
    notes: Sequence[FakeNote],
    *,
    timestamp: float,
    media: Sequence[Path] = (),
) -> Path:
    """Write ``notes`` to ``out``; a GUID given twice is written twice (a broken package)."""
    seen: set[str] = set()
    twice: list[tuple[int, str]] = []
    built: list[Note] = []
    for line, item in enumerate(notes, start=1):
        if item.guid in seen:  # the packager refuses duplicates: write a stand-in and patch it
            twice.append((line, item.guid))
            item = FakeNote(f"dupe-{line}", item.question, item.answer, item.deck, item.kind, item.extra_fields)
        seen.add(item.guid)
        built.append(item.to_note(line))
    write_apkg_file(
        out,
        built,
        timestamp=int(timestamp),
        media=[MediaFile(path.name, path.read_bytes()) for path in media],
    )
    if twice:
        _patch_guids(out, {f"dupe-{line}": guid for line, guid in twice})
    return out


def _patch_guids(apkg: Path, renames: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(apkg) as archive:
            entries = {name: archive.read(name) for name in archive.namelist()}
        db_path = Path(tmp) / "collection.anki2"
        db_path.write_bytes(entries["collection.anki2"])
        db = sqlite3.connect(db_path)
        with db:
            for old, new in renames.items():
                db.execute("update notes set guid = ? where guid = ?", (new, old))
        db.close()
        entries["collection.anki2"] = db_path.read_bytes()
        with zipfile.ZipFile(apkg, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
