"""The learner's last word, from Python: reject notes (or take a rejection back) and list them.

``ankigen reject``, ``ankigen review`` and ``ankigen sync`` (for notes deleted in Anki) all go
through here; the file format is in :mod:`ankigen.rejections`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ankigen.patterns import lazy_compile

from .config import Config, load_config
from .errors import AnkigenError
from .model import Note
from .pipeline import build_notes
from .rejections import (
    REJECTIONS_FILE_NAME,
    Rejection,
    Rejections,
    load_rejections,
    refreshed,
    rejection_for,
    save_rejections,
)
from .state import STATE_FILE_NAME, load_state

__all__ = ["reject", "rejected", "rejections_path"]

_LOCATION = lazy_compile(r"^(?P<file>.+):(?P<line>\d+)$")


def rejections_path(root: Path | str) -> Path:
    """The rejections file of a notes root (a folder, or a file whose folder is the root)."""
    folder = Path(root)
    return (folder if folder.is_dir() or not folder.exists() else folder.parent) / REJECTIONS_FILE_NAME


def rejected(root: Path | str = "notes") -> Rejections:
    """The notes rejected under the notes root ``root``: ``guid in ankigen.rejected("notes")``,
    ``.guids``, and per entry its kind, front and ``file:line``."""
    return load_rejections(rejections_path(root))


def reject(
    targets: Iterable[str],
    *,
    root: Path | str = "notes",
    undo: bool = False,
    config: Config | None = None,
) -> tuple[Rejection, ...]:
    """Reject notes, so that no build, export or sync has them any more; ``undo=True`` brings them back.

    A target is a GUID, as ``ankigen inspect`` shows it, or ``FILE:LINE`` of a note (every note that
    starts on that line). ``root`` is the notes root, as for ``build``; ``config`` its settings
    (default: found from ``root``), which must be the build's for the GUIDs to match. Returns the
    entries added (or removed); raises :class:`AnkigenError`, changing nothing, when a target names
    no note.
    """
    wanted = [target.strip() for target in targets if target.strip()]
    if not wanted:
        raise AnkigenError("nothing to reject: give a GUID (as `ankigen inspect` shows it) or FILE:LINE of a note")
    root_path = Path(root)
    if not root_path.exists():
        raise AnkigenError(f"{root_path}: no such notes folder; give the notes root with --notes")
    settings = config if config is not None else load_config([root_path], None)
    result = build_notes([root_path], config=settings, rejections=False)
    notes = {note.guid: note for note in result.notes}
    current = load_rejections(rejections_path(root_path))
    assert current.path is not None
    found: dict[str, Rejection] = {}
    problems: list[str] = []
    for target in wanted:
        matched = _resolve(target, result.notes, notes, current, root_path, problems, undo)
        for entry in matched:
            found[entry.guid] = entry
    if undo:
        problems.extend(f"{guid}: not rejected in {current.path}" for guid in sorted(found) if guid not in current)
    if problems:
        raise AnkigenError("; ".join(problems) + "; nothing was changed")
    if undo:
        changed = tuple(entry for _, entry in sorted(found.items()))
        updated = current.removing(found)
    else:
        changed = tuple(entry for _, entry in sorted(found.items()))
        updated = current.adding(changed)
    save_rejections(refreshed(updated, notes))
    return changed


def _resolve(
    target: str,
    all_notes: Sequence[Note],
    by_guid: dict[str, Note],
    current: Rejections,
    root: Path,
    problems: list[str],
    undo: bool,
) -> list[Rejection]:
    assert current.path is not None
    location = _LOCATION.match(target)
    if location is not None and Path(location.group("file")).is_file():
        file = Path(location.group("file")).resolve()
        line = int(location.group("line"))
        in_file = [note for note in all_notes if Path(note.span.path).resolve() == file]
        if not in_file and root.is_dir() and not file.is_relative_to(root.resolve()):
            problems.append(f"{target}: the file is not under the notes root {root}; give its root with --notes")
            return []
        here = [note for note in in_file if note.span.line == line]
        if not here:
            here = [note for note in in_file if note.span.line <= line <= note.span.end_line]
        if not here:
            starts = sorted({note.span.line for note in in_file})
            hint = f"notes there start at lines {', '.join(map(str, starts[:20]))}" if starts else "it gives no notes"
            problems.append(f"{target}: no note starts on that line ({hint})")
        return [rejection_for(note, current.path) for note in here]
    if target in by_guid:
        return [rejection_for(by_guid[target], current.path)]
    known = current.get(target)
    if known is not None:
        return [known]
    record = load_state(root / STATE_FILE_NAME)[0].notes.get(target) if root.is_dir() else None
    if record is not None:  # a note that left the source but that a build once delivered
        return [Rejection(target, record.kind, record.prompt, f"{record.path}:{record.line}")]
    if undo:
        problems.append(f"{target}: not rejected in {current.path}")
    elif location is not None:
        problems.append(f"{target}: no such file")
    else:
        problems.append(
            f"{target}: no note with this GUID in {root}; `ankigen inspect {root}` shows each note's GUID, "
            "or give FILE:LINE"
        )
    return []


def record_rejections(path: Path, entries: Iterable[Rejection]) -> Rejections:
    """Add ``entries`` to the rejections file at ``path`` (``sync`` for notes deleted in Anki,
    ``review`` for each "reject" as it is made)."""
    updated = load_rejections(path).adding(entries)
    save_rejections(updated)
    return updated
