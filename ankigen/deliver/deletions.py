"""Notes deleted in Anki stay deleted: what was delivered to a collection, and what is gone from it.

The build state remembers, per collection, the GUIDs that ``sync`` (or ``watch``) delivered there
and found there afterwards (:attr:`ankigen.state.BuildState.delivered`). A sync compares them with
the collection after its pull (:func:`ankigen.deliver.sync.sync_collection`, with
:func:`find_deleted`): a delivered note that is gone was deleted by the learner, in Anki here or
on a device that synced. :class:`Delivery` records those notes as rejected
(:mod:`ankigen.rejections`), so no later build has them, and keeps the delivered GUIDs up to date.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Diagnostic, Note, Span
from ..rejections import load_rejections, rejection_for, save_rejections
from ..state import collection_key, load_state, prepare_state, with_delivered

if TYPE_CHECKING:
    from ._anki import Collection

__all__ = ["Delivery", "deleted_message", "find_deleted", "remove_again"]


class Delivery:
    """The notes delivered to one collection, as the build state at ``state_path`` remembers them."""

    def __init__(self, state_path: Path, collection: Path) -> None:
        self.state_path = state_path
        self.key = collection_key(collection, state_path)
        self.before = load_state(state_path)[0].delivered.get(self.key, frozenset())

    def reject_deleted(self, deleted: Iterable[str], notes: Iterable[Note], rejections: Path) -> int:
        """Record as rejected, in the file ``rejections``, the notes of ``notes`` (the notes as they
        are built now) whose GUID is in ``deleted``; returns how many. A deleted note the notes no
        longer give (an orphan the learner cleared away) is not recorded: if it comes back to the
        notes, it is built again."""
        gone = set(deleted)
        found = [note for note in notes if note.guid in gone]
        if found:
            save_rejections(load_rejections(rejections).adding(rejection_for(note, rejections) for note in found))
        return len(found)

    def save(self, held: frozenset[str]) -> Diagnostic | None:
        """Remember that the collection now holds ``held``; a warning when the state cannot be written."""
        state, _ = load_state(self.state_path)
        if state.delivered.get(self.key) == held:
            return None
        try:
            prepare_state(self.state_path, with_delivered(state, self.key, held)).commit()
        except OSError as exc:
            return Diagnostic(
                Span(str(self.state_path), 1),
                f"could not record which notes are in the collection ({exc.strerror or exc}); notes deleted in "
                "Anki until the next sync may come back. Pass --state PATH to keep the state somewhere writable",
            )
        self.before = held
        return None


def deleted_message(count: int) -> str:
    """The one line that says how many notes deleted in Anki are now rejected."""
    notes = "1 note deleted in Anki is" if count == 1 else f"{count} notes deleted in Anki are"
    return f"{notes} now rejected (`ankigen reject --undo GUID` brings one back)"


def find_deleted(col: Collection, delivered: frozenset[str]) -> tuple[frozenset[str], bool]:
    """The GUIDs of ``delivered`` that the collection (after the pull) no longer holds, and whether it
    holds none of them: a new or replaced collection, in which nothing counts as deleted."""
    assert col.db is not None
    present = delivered.intersection(str(guid) for guid in col.db.list("select guid from notes"))
    unrelated = not present
    return (frozenset() if unrelated else delivered - present), unrelated


def remove_again(col: Collection, gone: frozenset[str]) -> None:
    """Remove the notes of ``gone`` that an import of a package built before the pull added back."""
    from ._anki import NoteId

    assert col.db is not None
    again = [NoteId(int(nid)) for nid, guid in col.db.all("select id, guid from notes") if str(guid) in gone]
    if again:
        col.remove_notes(again)
