"""What ``ankigen review`` has seen: per note, the content it was kept with.

Kept in ``.ankigen-reviewed.txt`` in the notes root, beside the rejections: one line per note,
``GUID HASH`` sorted by GUID, where HASH is the note's content hash (:func:`ankigen.state.note_hash`:
note type, fields and tags). A note is due for review when it is new (no line) or changed (another
hash). Rejected notes need no line: no build has them any more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .atomic import write_atomically
from .errors import AnkigenError
from .model import Note
from .state import note_hash

__all__ = ["REVIEWED_FILE_NAME", "due_for_review", "load_reviewed", "save_reviewed"]

REVIEWED_FILE_NAME = ".ankigen-reviewed.txt"

_HEADER = "# ankigen review: notes kept, with the content hash they were kept with (GUID HASH)\n"


def load_reviewed(path: Path) -> dict[str, str]:
    """GUID -> content hash of the notes kept in earlier reviews; a missing file holds none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise AnkigenError(f"{path}:1: cannot read what was reviewed ({exc}); fix or remove the file") from None
    reviewed: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise AnkigenError(f"{path}:{number}: expected 'GUID HASH'; fix the line or remove the file")
        reviewed[parts[0]] = parts[1]
    return reviewed


def save_reviewed(path: Path, reviewed: Mapping[str, str]) -> None:
    lines = "".join(f"{guid} {digest}\n" for guid, digest in sorted(reviewed.items()))
    write_atomically(path, (_HEADER + lines).encode("utf-8"))


def due_for_review(notes: Iterable[Note], reviewed: Mapping[str, str], *, every: bool = False) -> Sequence[Note]:
    """The notes new or changed since they were kept (all of them with ``every``), in source order."""
    return [note for note in notes if every or reviewed.get(note.guid) != note_hash(note)]
