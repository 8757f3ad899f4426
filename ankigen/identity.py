"""Note identity: GUIDs from a namespace, the note kind and a normalised key, never from the text.

What changes a note's identity (and so makes Anki add a new note instead of updating):
* its key: the term of a definition, the entity (and the table's first header cell) of a
  comparison, the set of key phrases of a cloze, the question of a basic note;
* its kind (a definition rewritten as a table row is a new comparison note);
* the namespace, by default the top-level deck name.
What does not: the text of the answer, markup and letter case and full/half width of the key, the
position of the note, its section, its heading, its file within the same deck.

A user can pin identity with an Obsidian block id at the end of the note's line (``^my-id``):
the GUID then comes from the namespace and that id alone.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from .model import Diagnostic, Note

__all__ = ["assign_guids", "guid_for", "normalise_key"]

_MARKUP = re.compile(r"<[^>]+>|[*_=`~]+")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def normalise_key(key: str) -> str:
    """NFKC, case and width folded, markup stripped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", key)
    text = _MARKUP.sub("", text)
    return " ".join(text.casefold().split())


def _encode(number: int) -> str:
    digits = []
    while number:
        number, remainder = divmod(number, len(_ALPHABET))
        digits.append(_ALPHABET[remainder])
    return "".join(reversed(digits)) or "0"


def guid_for(namespace: str, kind: str, key: str) -> str:
    """A stable Anki GUID (11 characters, base 62) for a note of ``kind`` with ``key``."""
    material = "\x1f".join(("ankigen-1", normalise_key(namespace), kind, normalise_key(key)))
    digest = hashlib.sha256(material.encode("utf-8")).digest()
    return "ag" + _encode(int.from_bytes(digest[:8], "big")).rjust(11, "0")


def namespace_of(note: Note, override: str | None = None) -> str:
    if override:
        return override
    return note.deck.split("::", 1)[0]


def assign_guids(notes: Iterable[Note], namespace: str | None = None) -> tuple[list[Note], list[Diagnostic]]:
    """Give every note its GUID. Notes whose keys collide get deterministic, distinct GUIDs (the
    later one by source order is numbered) and a warning that names both places."""
    out: list[Note] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, Note] = {}
    for note in notes:
        space = namespace_of(note, namespace)
        if note.pinned_id:
            guid = guid_for(space, "pinned", note.pinned_id)
        else:
            guid = guid_for(space, note.kind.value, note.key)
        if guid in seen:
            first = seen[guid]
            counter = 2
            candidate = guid
            while candidate in seen:
                candidate = guid_for(space, note.kind.value, f"{note.key}\x1f#{counter}")
                counter += 1
            shown = note.key.split("\x1f")[0]
            diagnostics.append(
                Diagnostic(
                    note.span,
                    f"{note.kind.value} {shown!r} is also at {first.span}; both are kept as separate notes, "
                    "but this one's identity now depends on the order. Rename one, or pin it with ^id",
                )
            )
            guid = candidate
        note = replace(note, guid=guid)
        seen[guid] = note
        out.append(note)
    return out, diagnostics
