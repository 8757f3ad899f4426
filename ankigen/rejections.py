"""Rejected notes: the learner's "not this one", kept in a plain-text file beside the notes.

The file is ``.ankigen-rejected.txt`` in the notes root (:func:`ankigen.config.notes_root`: the
folder given, or the common folder of the files given). One note per line, sorted by GUID::

    ag0a1B2c3D4e5  # definition "Mitosis" bio.md:7

The GUID is all that counts; the comment after ``#`` (kind, front, ``file:line`` relative to the
file) is for people reading it or a diff of it, and is refreshed whenever ankigen writes the file.
Lines starting with ``#`` and blank lines are ignored. The file is meant to be committed with the
notes: a rejection then holds on every machine.

A rejected note is never built, exported or synced: the pipeline drops it right after GUIDs are
assigned (:func:`ankigen.pipeline.build_notes`). Since a GUID comes from the note's kind and key,
never its answer or place, a rejection holds when the answer is edited or the note moves.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ankigen.patterns import lazy_compile

from .atomic import write_atomically
from .config import notes_root
from .errors import AnkigenError
from .model import Note

__all__ = [
    "REJECTIONS_FILE_NAME",
    "Rejection",
    "Rejections",
    "load_rejections",
    "rejection_for",
    "rejections_bytes",
    "rejections_file",
    "save_rejections",
]

REJECTIONS_FILE_NAME = ".ankigen-rejected.txt"

_HEADER = (
    "# ankigen: rejected notes, never built, exported or synced. One per line: the GUID, then a comment\n"
    "# (kind, front, file:line) for you. Commit this file with your notes; `ankigen reject --undo GUID`\n"
    "# brings a note back.\n"
)
_GUID = lazy_compile(r"^[^\s#]+$")


@dataclass(frozen=True, slots=True)
class Rejection:
    """One rejected note: its GUID and, for people, what it was (``kind``, ``front``, ``location``)."""

    guid: str
    kind: str = ""
    front: str = ""
    location: str = ""
    """``file:line`` relative to the rejections file's folder, when known."""

    def line(self) -> str:
        about = " ".join(part for part in (self.kind, _quoted(self.front) if self.front else "", self.location) if part)
        return f"{self.guid}  # {about}" if about else self.guid


@dataclass(frozen=True, slots=True)
class Rejections:
    """The rejected notes of one notes root, sorted by GUID; ``path`` is the file they are kept in."""

    path: Path | None
    entries: tuple[Rejection, ...] = ()

    @property
    def guids(self) -> frozenset[str]:
        return frozenset(entry.guid for entry in self.entries)

    def __contains__(self, guid: object) -> bool:
        return any(entry.guid == guid for entry in self.entries)

    def __iter__(self) -> Iterator[Rejection]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, guid: str) -> Rejection | None:
        return next((entry for entry in self.entries if entry.guid == guid), None)

    def adding(self, new: Iterable[Rejection]) -> Rejections:
        """These rejections and ``new`` (a GUID already here gets the newer comment)."""
        merged = {entry.guid: entry for entry in self.entries}
        merged.update((entry.guid, entry) for entry in new)
        return Rejections(self.path, tuple(merged[guid] for guid in sorted(merged)))

    def removing(self, guids: Iterable[str]) -> Rejections:
        gone = set(guids)
        return Rejections(self.path, tuple(entry for entry in self.entries if entry.guid not in gone))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rejections_file(paths: Sequence[Path | str], rejections: Path | str | bool = True) -> Path | None:
    """The rejections file a build reads: ``True`` the one in the notes root, ``False`` none, else the path."""
    if rejections is False:
        return None
    if rejections is True:
        return notes_root(paths) / REJECTIONS_FILE_NAME
    path = Path(rejections)
    return path / REJECTIONS_FILE_NAME if path.is_dir() else path


def load_rejections(path: Path | None) -> Rejections:
    """Read a rejections file; a missing one holds nothing. An unreadable one raises: building
    without it would put every rejected note back into the deck."""
    if path is None:
        return Rejections(None)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Rejections(path)
    except (OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, PermissionError) and not os.access(path.parent, os.X_OK):
            # the folder itself cannot be read: say so, rather than blame a file that may not exist
            message = f"{path.parent}: cannot read this folder ({exc.strerror}); check its permissions"
            raise AnkigenError(message) from None
        raise AnkigenError(
            f"{path}:1: cannot read the rejected notes ({exc}); fix or remove the file, "
            "or the notes it rejects would be built again"
        ) from None
    entries: dict[str, Rejection] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        content, _, comment = raw.partition("#") if not raw.lstrip().startswith("#") else ("", "", "")
        guid = content.strip()
        if not guid:
            continue
        if not _GUID.match(guid):
            raise AnkigenError(
                f"{path}:{number}: {guid!r} is not one GUID; each line holds one GUID, then optionally '# a comment'"
            )
        entries[guid] = _parse_comment(guid, comment.strip())
    return Rejections(path, tuple(entries[guid] for guid in sorted(entries)))


_COMMENT = lazy_compile(r'^(?P<kind>\S+)?\s*(?:"(?P<front>(?:[^"\\]|\\.)*)")?\s*(?P<location>\S+:\d+)?$')


def _parse_comment(guid: str, comment: str) -> Rejection:
    match = _COMMENT.match(comment)
    if match is None:
        return Rejection(guid, front=comment)
    front = re.sub(r"\\(.)", r"\1", match.group("front") or "")
    return Rejection(guid, match.group("kind") or "", front, match.group("location") or "")


def rejections_bytes(rejections: Rejections) -> bytes:
    """The file's content: the header, then one line per rejected note, sorted by GUID."""
    lines = [rejection.line() for rejection in sorted(rejections.entries, key=lambda entry: entry.guid)]
    return (_HEADER + "".join(line + "\n" for line in lines)).encode("utf-8")


def save_rejections(rejections: Rejections) -> None:
    """Write the file atomically (or remove it once it rejects nothing and only the header is left)."""
    if rejections.path is None:
        raise AnkigenError("internal: rejections without a file to save them in")
    if not rejections.entries and not rejections.path.exists():
        return
    write_atomically(rejections.path, rejections_bytes(rejections))


def _location(path: str, line: int, base: Path) -> str:
    absolute = Path(path).resolve()
    try:
        shown = absolute.relative_to(base.resolve()).as_posix()
    except ValueError:
        shown = Path(os.path.relpath(absolute, base.resolve())).as_posix()
    return f"{shown}:{line}"


def rejection_for(note: Note, rejections_path: Path) -> Rejection:
    """The entry for ``note``, with its place relative to the rejections file."""
    where = _location(note.span.path, note.span.line, rejections_path.parent)
    from .state import prompt_text  # here: inspect reads rejections but needs no build state

    return Rejection(note.guid, note.kind.value, prompt_text(note), where)


def refreshed(rejections: Rejections, notes: Mapping[str, Note]) -> Rejections:
    """The same rejections with the comments of the notes in ``notes`` (by GUID) brought up to date."""
    if rejections.path is None:
        return rejections
    path = rejections.path
    return Rejections(
        path,
        tuple(rejection_for(notes[entry.guid], path) if entry.guid in notes else entry for entry in rejections.entries),
    )
