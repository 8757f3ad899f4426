"""Reading a package's own files directly, without Anki: its GUIDs and its media list."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import AnkigenError

__all__ = ["package_guid_list", "package_guids", "package_media_names"]


@contextlib.contextmanager
def _package_db(apkg_path: Path) -> Iterator[sqlite3.Connection | None]:
    """The package's SQLite collection (``collection.anki21`` or ``collection.anki2``), if any.

    Packages in the newest format (``collection.anki21b``, zstd-compressed) also carry a dummy
    ``collection.anki2``; for those ``None`` is yielded and callers rely on the imported data.
    """
    try:
        archive = zipfile.ZipFile(apkg_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise AnkigenError(f"{apkg_path}: not an Anki package (.apkg): {exc}") from None
    with archive, tempfile.TemporaryDirectory(prefix="ankigen-pkg-") as tmp:
        names = set(archive.namelist())
        if "collection.anki21b" in names:
            yield None
            return
        member = next((name for name in ("collection.anki21", "collection.anki2") if name in names), None)
        if member is None:
            raise AnkigenError(f"{apkg_path}: not an Anki package (no collection inside)")
        target = Path(tmp) / member
        target.write_bytes(archive.read(member))
        db = sqlite3.connect(target)
        try:
            yield db
        finally:
            db.close()


def package_guid_list(apkg_path: Path) -> list[str] | None:
    """The GUIDs of the notes in a package, repeats included, or ``None`` for the newest format."""
    with _package_db(apkg_path) as db:
        if db is None:
            return None
        try:
            return [str(row[0]) for row in db.execute("select guid from notes")]
        except sqlite3.DatabaseError as exc:
            raise AnkigenError(f"{apkg_path}: the package's collection is unreadable: {exc}") from None


def package_guids(apkg_path: Path) -> frozenset[str] | None:
    """The GUIDs of the notes in a package, or ``None`` for the zstd-compressed newest format."""
    guids = package_guid_list(apkg_path)
    return None if guids is None else frozenset(guids)


def package_media_names(apkg_path: Path) -> set[str] | None:
    """The names of the media files a package holds, or ``None`` when its media list is unreadable here."""
    try:
        with zipfile.ZipFile(apkg_path) as archive:
            if "media" not in archive.namelist():
                return set()
            raw = archive.read("media")
    except (OSError, zipfile.BadZipFile):
        return None
    try:
        mapping = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None  # newest format: protobuf, compressed
    if not isinstance(mapping, dict):
        return None
    return {str(name) for name in mapping.values()}
