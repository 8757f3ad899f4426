"""``ankigen sync``: a package into a collection and, with a server, the collection to and from it.

Sync order with a server (AnkiWeb or a self-hosted ``anki.syncserver``): pull (a normal
two-way sync), import, push, then media. A full sync happens on its own only in the two
unambiguous cases, a first upload to an empty account and a first download into an empty
collection; any other full sync stops before anything changed and names ``--full-sync``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..atomic import remove_stale
from ..errors import AnkigenError
from .apkg import package_guids
from .collection import NoteRef, open_collection, remove_new_collection, require_anki
from .deletions import find_deleted, remove_again
from .importing import ImportReport, import_into, import_report, log_note_ids
from .orphans import ORPHAN_TAG, ConfirmDelete, Orphans, PruneOrphans, handle_orphans
from .remote import Credentials, Remote, full_sync_needed_message, normalise_endpoint

__all__ = ["SYNC_TEMP_PREFIX", "FullSync", "SyncReport", "sync", "sync_collection", "sync_package"]

FullSync = Literal["upload", "download"]

SYNC_TEMP_PREFIX = "ankigen-sync-"
"""A sync's temporary folder: ``ankigen-sync-<pid>-*``, removed by the next sync when that pid is gone."""


@dataclass(frozen=True, slots=True)
class SyncReport:
    """The outcome of :func:`sync_collection`."""

    collection: Path
    imported: ImportReport | None
    orphans: tuple[NoteRef, ...] = ()
    """ankigen notes in the package's decks whose GUID is not in the package (always reported)."""
    orphans_tagged: int = 0
    orphans_deleted: int = 0
    """Notes deleted (not cards)."""
    orphans_kept: int = 0
    """Orphans not deleted although asked: they have review history and were missing for the first
    sync in a row (see :data:`~ankigen.deliver.orphans.ORPHAN_SYNCS_BEFORE_DELETE`)."""
    synced: bool = False
    """Whether a server was contacted (``--ankiweb`` or ``--endpoint``)."""
    full_sync: FullSync | None = None
    """Which way a full sync went, if one happened."""
    media_synced: bool = False
    server_message: str = ""
    created: bool = False
    """Whether the local collection file was created by this run."""
    deleted_in_anki: tuple[str, ...] = ()
    """GUIDs of ``delivered`` that the collection no longer held after the pull: deleted in Anki."""
    delivered: frozenset[str] = frozenset()
    """GUIDs of ``delivered`` and of the package that the collection holds at the end of the run."""
    unrelated: bool = False
    """The collection held none of ``delivered``: a new or replaced collection, so nothing counted
    as deleted."""

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.created:
            out.append(f"created collection {self.collection}")
        if self.imported is not None:
            out.append(f"imported into {self.collection}: {self.imported.summary()}")
        if self.synced:
            way = f" (full {self.full_sync})" if self.full_sync else ""
            media = ", media synced" if self.media_synced else ""
            out.append(f"synced{way}{media}")
        if self.server_message:
            out.append(f"server message: {self.server_message}")
        if self.unrelated:
            out.append(
                "the collection holds none of the notes ankigen delivered to it before (a new or replaced "
                "collection?): no note is taken as deleted in Anki"
            )
        if self.orphans:
            out.append(f"{len(self.orphans)} orphaned ankigen note(s) (their source is gone):")
            out.extend(f"  {orphan}" for orphan in self.orphans)
            if self.orphans_deleted:
                out.append(f"deleted {self.orphans_deleted} orphaned note(s)")
            if self.orphans_kept:
                out.append(
                    f"kept {self.orphans_kept} orphaned note(s) with review history: missing for the first time; "
                    "they are deleted if still missing at the next sync"
                )
            if self.orphans_tagged:
                out.append(f"tagged {self.orphans_tagged} orphaned note(s) {ORPHAN_TAG}")
            elif not self.orphans_deleted and not self.orphans_kept:
                out.append("kept them; use --prune-orphans tag|delete to tag or delete them")
        return out


def sync_collection(
    collection_path: Path,
    apkg_path: Path | None = None,
    *,
    ankiweb: bool = False,
    endpoint: str | None = None,
    credentials: Credentials | Callable[[], Credentials] | None = None,
    session_file: Path | None = None,
    full_sync: FullSync | None = None,
    prune_orphans: PruneOrphans | None = None,
    confirm_delete: ConfirmDelete | None = None,
    sync_media: bool = True,
    delivered: Iterable[str] = (),
    build: Callable[[frozenset[str]], Path] | None = None,
) -> SyncReport:
    """Import a package into a collection and, with a server, pull first and push after.

    ``collection_path`` is created when missing. With ``ankiweb=True`` or an ``endpoint`` (a
    self-hosted server), the collection is synced: pull (normal sync), import, push, media.
    ``credentials`` defaults to :func:`credentials_from_env_or_prompt`, called only if a login is
    needed; with ``session_file`` the session key is cached there (mode 0600) and reused.

    Full syncs: a first download into an empty collection and a first upload to an empty
    account proceed; any other full sync raises :class:`AnkigenError` naming ``--full-sync``
    before anything changed, unless ``full_sync`` says which way to go.

    Orphans (ankigen notes in the package's decks whose GUID is not in the package) are always
    reported; ``prune_orphans="tag"`` tags them ``ankigen::orphan``, ``"delete"`` deletes them
    if ``confirm_delete`` (when given) returns true.

    Deletions in Anki: ``delivered`` holds the GUIDs an earlier run delivered to this collection.
    Those the collection no longer has after the pull (deleted there, or on another device that
    synced) are in :attr:`SyncReport.deleted_in_anki`, and are passed to ``build``, when given: it
    is called after the pull, instead of importing ``apkg_path``, and returns the package to import
    (ankigen's sync records those notes as rejected before it builds, so they stay deleted). A
    package that holds them anyway (built before the pull) does not bring them back. When
    the collection holds none of ``delivered`` (a new or replaced one), nothing counts as deleted.
    :attr:`SyncReport.delivered` is what to pass as ``delivered`` next time.
    """
    require_anki()
    from ._anki import SyncOutput

    collection_path = Path(collection_path)
    if full_sync not in (None, "upload", "download"):
        raise AnkigenError(f"--full-sync must be 'upload' or 'download', not {full_sync!r}")
    if prune_orphans not in (None, "tag", "delete"):
        raise AnkigenError(f"--prune-orphans must be 'tag' or 'delete', not {prune_orphans!r}")
    if apkg_path is not None and not Path(apkg_path).is_file():
        raise AnkigenError(f"{apkg_path}: no such package; build it first")
    if apkg_path is not None and build is not None:
        raise AnkigenError("give a package or a build function, not both")
    delivered_before = frozenset(delivered)
    gone: frozenset[str] = frozenset()
    unrelated = False
    package_guid_set: frozenset[str] = frozenset()
    login_endpoint, in_address = normalise_endpoint(endpoint)
    if credentials is None:
        credentials = in_address
    remote_wanted = ankiweb or login_endpoint is not None
    created = not collection_path.exists()

    required = SyncOutput.ChangesRequired
    full_done: FullSync | None = None
    server_message = ""
    imported: ImportReport | None = None
    orphans = Orphans()
    media_synced = False

    col = open_collection(collection_path)
    changed_locally = False
    succeeded = False
    try:
        remote: Remote | None = None
        upload_pending = False
        if remote_wanted:
            remote = Remote(
                col,
                endpoint=login_endpoint,
                credentials=credentials,
                session_file=session_file,
            )
            remote.login()
            # 1. pull
            needed, server_message = remote.normal_sync("pulling")
            if needed == required.FULL_DOWNLOAD:
                # this collection is empty: take the server's (unless told to upload)
                if full_sync == "upload":
                    upload_pending = True
                else:
                    remote.full_sync(upload=False)
                    full_done = "download"
            elif needed == required.FULL_UPLOAD:
                upload_pending = True  # the account is empty: the push uploads
            elif needed == required.FULL_SYNC:
                if full_sync is None:
                    raise AnkigenError(
                        full_sync_needed_message(remote.where, "before importing", "Nothing was changed")
                    )
                if full_sync == "download":
                    remote.full_sync(upload=False)
                    full_done = "download"
                else:
                    upload_pending = True

        # deletions in Anki: what an earlier run delivered and the collection (after the pull) lacks
        if delivered_before:
            gone, unrelated = find_deleted(col, delivered_before)
        if build is not None:
            apkg_path = build(gone)

        # 2. import
        package_note_ids: list[int] = []
        if apkg_path is not None:
            changed_locally = True
            result = import_into(col, Path(apkg_path))
            imported = import_report(result)
            package_note_ids = log_note_ids(result)
            guids = package_guids(Path(apkg_path))
            if guids is None:
                assert col.db is not None
                from ._anki import ids2str

                guids = frozenset(
                    str(g) for g in col.db.list(f"select guid from notes where id in {ids2str(package_note_ids)}")
                )
            package_guid_set = guids
            if gone & guids:
                # a package built before the pull (a prebuilt one, watch's) holds notes deleted in
                # Anki: the import added them back, so they are removed again before anything is pushed
                remove_again(col, gone)
            orphans = handle_orphans(col, guids, package_note_ids, prune_orphans, confirm_delete)

        # 3. push
        if remote is not None:
            if upload_pending:
                remote.full_sync(upload=True)
                full_done = "upload"
            else:
                needed, message = remote.normal_sync("pushing")
                server_message = server_message or message
                if needed == required.FULL_UPLOAD or (needed == required.FULL_SYNC and full_sync == "upload"):
                    remote.full_sync(upload=True)
                    full_done = "upload"
                elif needed == required.FULL_DOWNLOAD and full_sync != "upload":
                    remote.full_sync(upload=False)
                    full_done = "download"
                elif needed in (required.FULL_SYNC, required.FULL_DOWNLOAD):
                    raise AnkigenError(
                        full_sync_needed_message(
                            remote.where,
                            "after importing",
                            "The import was kept in this collection but not sent to the server",
                        )
                    )
            if sync_media:
                remote.sync_media()
                media_synced = True
        assert col.db is not None
        held = (delivered_before | package_guid_set).intersection(
            str(guid) for guid in col.db.list("select guid from notes")
        )
        succeeded = True
    finally:
        col.close()
        if created and not succeeded and not changed_locally and full_done is None:
            remove_new_collection(collection_path)

    return SyncReport(
        collection=collection_path,
        imported=imported,
        orphans=orphans.found,
        orphans_tagged=orphans.tagged,
        orphans_deleted=orphans.deleted,
        orphans_kept=orphans.kept,
        synced=remote_wanted,
        full_sync=full_done,
        media_synced=media_synced,
        server_message=server_message,
        created=created,
        deleted_in_anki=tuple(sorted(gone)),
        delivered=frozenset(held),
        unrelated=unrelated,
    )


sync = sync_collection
"""Alias: ``ankigen.sync(...)`` is :func:`sync_collection`."""


def sync_package(
    collection_path: Path,
    package: Path | Callable[[Path], object] | None,
    *,
    ankiweb: bool = False,
    endpoint: str | None = None,
    credentials: Credentials | Callable[[], Credentials] | None = None,
    session_file: Path | None = None,
    full_sync: FullSync | None = None,
    prune_orphans: PruneOrphans | None = None,
    confirm_delete: ConfirmDelete | None = None,
    sync_media: bool = True,
    delivered: Iterable[str] = (),
    deleted_in_anki: Callable[[frozenset[str]], object] | None = None,
) -> SyncReport:
    """:func:`sync_collection` for ``ankigen sync`` and :meth:`ankigen.Deck.sync` alike.

    ``package`` is a built package, or a function that writes one to the path it is given (a build
    with its state, a :class:`~ankigen.Deck`): it is written into a temporary folder after the pull,
    and if writing fails nothing is imported or pushed. None: only sync the collection.
    ``delivered`` is as for :func:`sync_collection`; ``deleted_in_anki``, when given, is called
    with the GUIDs of the notes deleted in Anki before ``package`` writes (``ankigen sync`` records
    them as rejected there, so the build leaves them out).
    """
    remove_stale(Path(tempfile.gettempdir()), SYNC_TEMP_PREFIX)  # left by a sync killed with -9
    with tempfile.TemporaryDirectory(prefix=f"{SYNC_TEMP_PREFIX}{os.getpid()}-") as folder:
        write = package if callable(package) else None

        def build(gone: frozenset[str]) -> Path:
            assert write is not None
            if deleted_in_anki is not None:
                deleted_in_anki(gone)
            target = Path(folder) / "deck.apkg"
            write(target)
            return target

        return sync_collection(
            collection_path,
            None if callable(package) else package,
            delivered=delivered,
            build=build if write is not None else None,
            ankiweb=ankiweb,
            endpoint=endpoint,
            credentials=credentials,
            session_file=session_file,
            full_sync=full_sync,
            prune_orphans=prune_orphans,
            confirm_delete=confirm_delete,
            sync_media=sync_media,
        )
