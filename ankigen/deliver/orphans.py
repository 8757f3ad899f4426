"""Orphans: ankigen notes in the package's decks whose source is gone from the notes.

They are always reported; on request they are tagged :data:`ORPHAN_TAG` or deleted. A note with
review history is deleted only once it was missing :data:`ORPHAN_SYNCS_BEFORE_DELETE` syncs in a
row, so one misread of a note file never deletes reviews.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .collection import NoteRef, first_field_text

if TYPE_CHECKING:
    from ._anki import Collection

__all__ = [
    "ANKIGEN_NOTETYPE_PREFIX",
    "ORPHAN_SYNCS_BEFORE_DELETE",
    "ORPHAN_SYNCS_CONFIG",
    "ORPHAN_TAG",
    "ConfirmDelete",
    "Orphans",
    "PruneOrphans",
    "find_orphans",
    "handle_orphans",
]

PruneOrphans = Literal["tag", "delete"]

ConfirmDelete = Callable[[Sequence[NoteRef]], bool]

ANKIGEN_NOTETYPE_PREFIX = "ankigen "
"""Notes whose note type name starts with this were made by ankigen."""

ORPHAN_TAG = "ankigen::orphan"

ORPHAN_SYNCS_BEFORE_DELETE = 2
"""A note with review history is deleted as an orphan only once it was missing from the package
this many syncs in a row: one misread of a note file never deletes reviews."""
ORPHAN_SYNCS_CONFIG = "ankigenOrphanSyncs"
"""The collection setting that counts, per orphan GUID, the syncs in a row it was missing in. It is
kept in the collection, not in the notes' build state: being missing is relative to a collection,
and the same notes may be synced into several."""


@dataclass(frozen=True, slots=True)
class Orphans:
    """The orphans one sync found, and what it did with them."""

    found: tuple[NoteRef, ...] = ()
    tagged: int = 0
    deleted: int = 0
    """Notes deleted (not cards)."""
    kept: int = 0
    """Orphans not deleted although asked: they have review history and were missing for the first
    sync in a row."""


def find_orphans(col: Collection, guids: frozenset[str], package_note_ids: Sequence[int]) -> list[tuple[int, NoteRef]]:
    """ankigen notes in the package's deck trees whose GUID is not in the package.

    The target decks are the top-level decks that hold the package's notes, with all their
    subdecks, so a removed section (subdeck) is found too.
    """
    from ._anki import ids2str

    db = col.db
    assert db is not None
    mids = [nt.id for nt in col.models.all_names_and_ids() if nt.name.startswith(ANKIGEN_NOTETYPE_PREFIX)]
    if not mids or not package_note_ids:
        return []
    deck_ids = db.list(f"select distinct did from cards where nid in {ids2str(package_note_ids)}")
    roots: set[str] = set()
    for did in deck_ids:
        name = col.decks.name_if_exists(did)
        if name:
            roots.add(name.split("::", 1)[0])
    target: set[int] = set()
    for root in roots:
        root_id = col.decks.id_for_name(root)
        if root_id is not None:
            target.update(int(did) for did in col.decks.deck_and_child_ids(root_id))
    if not target:
        return []
    rows = db.all(
        "select distinct n.id, n.guid, n.flds from notes n join cards c on c.nid = n.id "
        f"where n.mid in {ids2str(mids)} and c.did in {ids2str(target)} order by n.id"
    )
    return [
        (int(nid), NoteRef(str(guid), first_field_text(str(flds))))
        for nid, guid, flds in rows
        if str(guid) not in guids
    ]


def count_orphan_syncs(col: Collection, orphan_guids: Sequence[str]) -> dict[str, int]:
    """Per orphan GUID, the syncs in a row (this one included) it has been missing in; the count
    is saved in the collection, and a GUID that is back (or deleted) is forgotten."""
    stored = col.get_config(ORPHAN_SYNCS_CONFIG, {})
    previous = stored if isinstance(stored, dict) else {}
    counts: dict[str, int] = {}
    for guid in orphan_guids:
        before = previous.get(guid, 0)
        counts[guid] = (before if isinstance(before, int) else 0) + 1
    if counts != previous:
        col.set_config(ORPHAN_SYNCS_CONFIG, counts)
    return counts


def reviewed(col: Collection, note_ids: Sequence[int]) -> set[int]:
    """The notes among ``note_ids`` with review history: a card reviewed, learned or in the log."""
    from ._anki import ids2str

    db = col.db
    assert db is not None
    rows = db.list(
        f"select distinct c.nid from cards c where c.nid in {ids2str(note_ids)} and "
        "(c.type != 0 or c.reps > 0 or exists (select 1 from revlog r where r.cid = c.id))"
    )
    return {int(nid) for nid in rows}


def handle_orphans(
    col: Collection,
    guids: frozenset[str],
    package_note_ids: Sequence[int],
    prune: PruneOrphans | None,
    confirm_delete: ConfirmDelete | None,
) -> Orphans:
    """Find the orphans of a package just imported (``guids``, ``package_note_ids``), count the syncs
    they have been missing in, and tag or delete them as ``prune`` says."""
    from ._anki import NoteId

    orphans = find_orphans(col, guids, package_note_ids)
    orphan_ids = [nid for nid, _ in orphans]
    missing_for = count_orphan_syncs(col, [ref.guid for _, ref in orphans])
    tagged = deleted = kept = 0
    if orphan_ids and prune == "tag":
        tagged = col.tags.bulk_add([NoteId(n) for n in orphan_ids], ORPHAN_TAG).count
    elif orphan_ids and prune == "delete":
        refs = [ref for _, ref in orphans]
        if confirm_delete is None or confirm_delete(refs):
            reviewed_ids = reviewed(col, orphan_ids)
            doomed = [
                nid
                for nid, ref in orphans
                if nid not in reviewed_ids or missing_for.get(ref.guid, 0) >= ORPHAN_SYNCS_BEFORE_DELETE
            ]
            kept = len(orphan_ids) - len(doomed)
            if doomed:
                before = col.note_count()
                col.remove_notes([NoteId(n) for n in doomed])
                deleted = before - col.note_count()  # notes; remove_notes counts cards
    return Orphans(tuple(ref for _, ref in orphans), tagged, deleted, kept)
