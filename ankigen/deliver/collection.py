"""Opening a collection file for the other modules, and how a note in one is shown to the user."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import AnkigenError, UsageError

if TYPE_CHECKING:
    from ._anki import Collection

__all__ = [
    "NoteRef",
    "anki_available",
    "collection",
    "first_field_text",
    "open_collection",
    "remove_new_collection",
    "require_anki",
]


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A note in a collection, as shown to the user: its GUID and its first field as text."""

    guid: str
    first_field: str

    def __str__(self) -> str:
        return f"{self.guid}  {self.first_field}"


def require_anki() -> None:
    """Raise a message naming the ``anki`` extra when the official Anki package is missing."""
    try:
        from . import _anki  # noqa: F401
    except ImportError:
        raise AnkigenError("this needs the official Anki package: pip install 'ankigen[anki]'") from None


def open_collection(path: Path) -> Collection:
    """Open (or create) the collection file at ``path``; a message that says what to do when it cannot be."""
    require_anki()
    from ._anki import BackendError, Collection, DBError

    if path.is_dir():
        raise UsageError(f"{path}: is a folder, not an Anki collection; give the collection file (collection.anki2)")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return Collection(str(path))
    except DBError as exc:
        reason = str(exc)
        if "NotADatabase" in reason or "not a database" in reason:
            raise UsageError(
                f"{path}: not an Anki collection (not an SQLite database); give the collection file "
                "(collection.anki2); nothing was changed"
            ) from None
        if "DatabaseCorrupt" in reason or "malformed" in reason:
            raise AnkigenError(
                f"{path}: the collection is damaged (truncated or corrupt); restore it from Anki's backups; "
                "nothing was changed"
            ) from None
        if "CannotOpen" in reason:
            raise AnkigenError(f"{path}: cannot open the collection file; check the path and its permissions") from None
        raise AnkigenError(
            f"{path}: the collection is open in another program (Anki desktop, or a sync in "
            f"progress); close it and try again; nothing was changed ({exc})"
        ) from None
    except BackendError as exc:
        raise AnkigenError(f"{path}: cannot open the Anki collection: {exc}") from None


@contextlib.contextmanager
def collection(path: Path) -> Iterator[Collection]:
    """The open collection at ``path``, closed afterwards."""
    col = open_collection(path)
    try:
        yield col
    finally:
        col.close()


def remove_new_collection(path: Path) -> None:
    """Undo the creation of a collection file by a run that failed before using it."""
    from ._anki import media_paths_from_col_path

    media_folder, media_db = media_paths_from_col_path(str(path))
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(media_db)):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    with contextlib.suppress(OSError):
        Path(media_folder).rmdir()  # only if empty


def first_field_text(flds: str, limit: int = 80) -> str:
    """A note's first field as one line of text (images as their file names), cut at ``limit``."""
    first = flds.split("\x1f", 1)[0]
    first = re.sub(r"<img[^>]*src=[\"']?([^\"'>\s]+)[^>]*>", r" \1 ", first, flags=re.IGNORECASE)
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", first)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def anki_available() -> bool:
    """Whether the ``anki`` extra is installed (without importing it)."""
    import importlib.util

    return importlib.util.find_spec("anki") is not None
