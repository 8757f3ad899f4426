"""A note's content hash, what the build state records to tell a changed note from an unchanged one.

Here, not in :mod:`ankigen.state`, so that ``ankigen inspect`` (which hashes the notes it finds but
writes no state) does not import the state module."""

from __future__ import annotations

import hashlib
import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Note

__all__ = ["content_hash", "note_hash"]


def note_hash(note: Note) -> str:
    """A hash of everything Anki updates for an existing note: its note type, fields and tags."""
    return content_hash(note.kind.value, note)


def content_hash(kind: str, note: Note) -> str:
    """:func:`note_hash` with the note type named by ``kind``."""
    # "kind\0name\0value\0...name\0value\0tag\0tag" hashed in one go: the same bytes, so the same
    # hashes, as the field-by-field updates that wrote existing state files
    text = "\0".join([kind, *itertools.chain.from_iterable(note.fields), "\0".join(sorted(set(note.tags)))])
    return hashlib.sha256(text.encode()).hexdigest()[:32]
