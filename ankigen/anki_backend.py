"""Straight into Anki: import, verify and sync with Anki's own collection code (the ``anki`` extra).

This is the only module of ankigen that imports :mod:`anki`, and it does so lazily, inside the
functions, so that ``import ankigen`` works without the extra installed. Everything the outside
world sees is a frozen dataclass or an :class:`~ankigen.errors.AnkigenError` whose message says what
to do.

Import rules (see issue 4): Anki matches notes by GUID only and updates a note only when the
package's note is strictly newer; note types are never merged or forked by us
(``merge_notetypes=False``), and scheduling in the package is ignored so reviews stay the user's.

Sync order with a server (AnkiWeb or a self-hosted ``anki.syncserver``): pull (a normal
two-way sync), import, push, then media. A full sync happens on its own only in the two
unambiguous cases, a first upload to an empty account and a first download into an empty
collection; any other full sync stops before anything changed and names ``--full-sync``.

Credentials come from :class:`Credentials`, from ``ANKIWEB_USERNAME``/``ANKIWEB_PASSWORD``, or
from a terminal prompt; they are never printed, logged or put into an exception message. An
optional session file (mode 0600) keeps the session key so the password need not be stored.
"""

from __future__ import annotations

import contextlib
import getpass
import html
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from .errors import AnkigenError

if TYPE_CHECKING:
    from anki.collection import Collection, ImportLogWithChanges
    from anki.sync import SyncAuth

__all__ = [
    "ANKIGEN_NOTETYPE_PREFIX",
    "ORPHAN_TAG",
    "Credentials",
    "FullSync",
    "ImportReport",
    "NoteRef",
    "PruneOrphans",
    "RenderedCard",
    "SyncReport",
    "VerifyReport",
    "anki_available",
    "credentials_from_env_or_prompt",
    "import_package",
    "package_guids",
    "render_cards",
    "sync",
    "sync_collection",
    "sync_package",
    "verify",
]

FullSync = Literal["upload", "download"]
PruneOrphans = Literal["tag", "delete"]

ANKIGEN_NOTETYPE_PREFIX = "ankigen "
"""Notes whose note type name starts with this were made by ankigen."""

ORPHAN_TAG = "ankigen::orphan"

USERNAME_ENV = "ANKIWEB_USERNAME"
PASSWORD_ENV = "ANKIWEB_PASSWORD"

_MEDIA_SYNC_TIMEOUT_SECS = 600.0

_T = TypeVar("_T")


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A note in a collection, as shown to the user: its GUID and its first field as text."""

    guid: str
    first_field: str

    def __str__(self) -> str:
        return f"{self.guid}  {self.first_field}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What Anki's importer did with each note of a package (counts from its import log)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    """Notes already present and not older in the collection (Anki's log calls them duplicates)."""
    conflicting: int = 0
    """Notes whose note type no longer matches the collection's (fields or templates changed)."""
    first_field_match: int = 0
    missing_notetype: int = 0
    missing_deck: int = 0
    empty_first_field: int = 0
    found_notes: int = 0

    @property
    def total(self) -> int:
        return (
            self.new
            + self.updated
            + self.unchanged
            + self.conflicting
            + self.first_field_match
            + self.missing_notetype
            + self.missing_deck
            + self.empty_first_field
        )

    def summary(self) -> str:
        parts = [f"{self.new} new", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        for label, count in (
            ("conflicting", self.conflicting),
            ("first-field matches", self.first_field_match),
            ("with missing note type", self.missing_notetype),
            ("with missing deck", self.missing_deck),
            ("with empty first field", self.empty_first_field),
        ):
            if count:
                parts.append(f"{count} {label}")
        return "notes: " + ", ".join(parts)


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What a package turns into once imported into an empty collection by the real backend."""

    package: Path
    notes: int
    cards: int
    note_types: dict[str, int] = field(hash=False)
    """Note type name -> number of notes using it."""
    empty_cards: int = 0
    duplicate_guids: tuple[str, ...] = ()
    missing_media: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """A human-readable report, one line per item."""
        out = [
            f"{self.package}: {self.notes} notes, {self.cards} cards",
        ]
        for name, count in sorted(self.note_types.items()):
            out.append(f"  note type {name!r}: {count} note{'' if count == 1 else 's'}")
        out.append(f"  empty cards: {self.empty_cards}")
        out.append(f"  duplicate GUIDs: {len(self.duplicate_guids)}")
        out.append(f"  missing media: {len(self.missing_media)}")
        if self.problems:
            out.append(f"{len(self.problems)} problem(s):")
            out.extend(f"  - {problem}" for problem in self.problems)
        else:
            out.append("ok")
        return out


@dataclass(frozen=True, slots=True)
class SyncReport:
    """The outcome of :func:`sync_collection`."""

    collection: Path
    imported: ImportReport | None
    orphans: tuple[NoteRef, ...] = ()
    """ankigen notes in the package's decks whose GUID is not in the package (always reported)."""
    orphans_tagged: int = 0
    orphans_deleted: int = 0
    synced: bool = False
    """Whether a server was contacted (``--ankiweb`` or ``--endpoint``)."""
    full_sync: FullSync | None = None
    """Which way a full sync went, if one happened."""
    media_synced: bool = False
    server_message: str = ""
    created: bool = False
    """Whether the local collection file was created by this run."""

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
        if self.orphans:
            out.append(f"{len(self.orphans)} orphaned ankigen note(s) (their source is gone):")
            out.extend(f"  {orphan}" for orphan in self.orphans)
            if self.orphans_deleted:
                out.append(f"deleted {self.orphans_deleted} orphaned note(s)")
            elif self.orphans_tagged:
                out.append(f"tagged {self.orphans_tagged} orphaned note(s) {ORPHAN_TAG}")
            else:
                out.append("kept them; use --prune-orphans tag|delete to tag or delete them")
        return out


# --------------------------------------------------------------------------------------------
# Credentials and the session file
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Credentials:
    """An AnkiWeb (or self-hosted server) login. The password is left out of ``repr``."""

    username: str
    password: str = field(repr=False)

    def __str__(self) -> str:
        return f"Credentials(username={self.username!r})"


def credentials_from_env_or_prompt(*, prompt: bool | None = None) -> Credentials:
    """Read ``ANKIWEB_USERNAME``/``ANKIWEB_PASSWORD``, or ask on the terminal.

    ``prompt=None`` asks only when standard input is a terminal.
    """
    username = os.environ.get(USERNAME_ENV, "")
    password = os.environ.get(PASSWORD_ENV, "")
    if username and password:
        return Credentials(username, password)
    if prompt is None:
        prompt = sys.stdin is not None and sys.stdin.isatty()
    if not prompt:
        raise AnkigenError(
            f"no sync credentials: set {USERNAME_ENV} and {PASSWORD_ENV} in the environment, "
            "run on a terminal to be asked, or use a session file from an earlier login"
        )
    try:
        if not username:
            username = input("AnkiWeb username (email): ").strip()
        if not password:
            password = getpass.getpass("AnkiWeb password: ")
    except (EOFError, KeyboardInterrupt):
        raise AnkigenError("no sync credentials given; nothing was changed") from None
    if not username or not password:
        raise AnkigenError("no sync credentials given; nothing was changed")
    return Credentials(username, password)


def _normalise_endpoint(endpoint: str | None) -> str | None:
    if not endpoint:
        return None
    if not re.match(r"^https?://", endpoint):
        raise AnkigenError(
            f"--endpoint {endpoint!r} is not an http(s) URL; give the sync server's address, "
            "e.g. http://localhost:8080/"
        )
    return endpoint if endpoint.endswith("/") else endpoint + "/"


@dataclass(frozen=True, slots=True)
class _Session:
    hkey: str = field(repr=False)
    endpoint: str | None
    login_endpoint: str | None


def _read_session(path: Path | None, login_endpoint: str | None) -> _Session | None:
    if path is None or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    hkey = data.get("hkey")
    endpoint = data.get("endpoint")
    stored_login = data.get("login_endpoint")
    if not isinstance(hkey, str) or not hkey:
        return None
    if stored_login != login_endpoint:
        return None  # a session for another server
    return _Session(
        hkey,
        endpoint if isinstance(endpoint, str) and endpoint else None,
        login_endpoint,
    )


def _write_session(path: Path | None, session: _Session) -> None:
    """Write the session file atomically, readable and writable by the user only (0600)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(
        {
            "hkey": session.hkey,
            "endpoint": session.endpoint,
            "login_endpoint": session.login_endpoint,
        }
    )
    fd, tmp = tempfile.mkstemp(prefix=".ankigen-session-", dir=path.parent)  # created 0600
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _forget_session(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


# --------------------------------------------------------------------------------------------
# Collections
# --------------------------------------------------------------------------------------------


def _require_anki() -> None:
    try:
        import anki  # noqa: F401
    except ImportError:
        raise AnkigenError("this needs the official Anki package: pip install 'ankigen[anki]'") from None


def _open_collection(path: Path) -> Collection:
    _require_anki()
    from anki.collection import Collection
    from anki.errors import BackendError, DBError

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return Collection(str(path))
    except DBError as exc:
        raise AnkigenError(
            f"{path}: the collection is open in another program (Anki desktop, or a sync in "
            f"progress); close it and try again; nothing was changed ({exc})"
        ) from None
    except BackendError as exc:
        raise AnkigenError(f"{path}: cannot open the Anki collection: {exc}") from None


@contextlib.contextmanager
def _collection(path: Path) -> Iterator[Collection]:
    col = _open_collection(path)
    try:
        yield col
    finally:
        col.close()


def _import(col: Collection, apkg_path: Path) -> ImportLogWithChanges:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.errors import BackendError
    from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER

    if not apkg_path.is_file():
        raise AnkigenError(f"{apkg_path}: no such package; build it first")
    request = ImportAnkiPackageRequest(
        package_path=str(apkg_path.resolve()),
        options=ImportAnkiPackageOptions(
            merge_notetypes=False,
            update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            with_scheduling=False,
            with_deck_configs=False,
        ),
    )
    try:
        return col.import_anki_package(request)
    except BackendError as exc:
        raise AnkigenError(
            f"{apkg_path}: Anki could not import this package: {exc}; check it with `ankigen verify`"
        ) from None


def _import_report(result: ImportLogWithChanges) -> ImportReport:
    log = result.log
    return ImportReport(
        new=len(log.new),
        updated=len(log.updated),
        unchanged=len(log.duplicate),
        conflicting=len(log.conflicting),
        first_field_match=len(log.first_field_match),
        missing_notetype=len(log.missing_notetype),
        missing_deck=len(log.missing_deck),
        empty_first_field=len(log.empty_first_field),
        found_notes=log.found_notes,
    )


def _log_note_ids(result: ImportLogWithChanges) -> list[int]:
    log = result.log
    ids: list[int] = []
    for group in (log.new, log.updated, log.duplicate, log.conflicting, log.first_field_match):
        ids.extend(note.id.nid for note in group)
    return ids


def import_package(collection_path: Path, apkg_path: Path) -> ImportReport:
    """Import ``apkg_path`` into the collection file (created when missing) with ankigen's rules.

    Notes are updated only when the package's note is newer; note types are never merged.
    """
    with _collection(collection_path) as col:
        return _import_report(_import(col, apkg_path))


# --------------------------------------------------------------------------------------------
# Reading a package directly
# --------------------------------------------------------------------------------------------


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


def _package_guid_list(apkg_path: Path) -> list[str] | None:
    with _package_db(apkg_path) as db:
        if db is None:
            return None
        try:
            return [str(row[0]) for row in db.execute("select guid from notes")]
        except sqlite3.DatabaseError as exc:
            raise AnkigenError(f"{apkg_path}: the package's collection is unreadable: {exc}") from None


def package_guids(apkg_path: Path) -> frozenset[str] | None:
    """The GUIDs of the notes in a package, or ``None`` for the zstd-compressed newest format."""
    guids = _package_guid_list(apkg_path)
    return None if guids is None else frozenset(guids)


def _package_media_names(apkg_path: Path) -> set[str] | None:
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


# --------------------------------------------------------------------------------------------
# verify
# --------------------------------------------------------------------------------------------


def _first_field_text(flds: str, limit: int = 80) -> str:
    first = flds.split("\x1f", 1)[0]
    first = re.sub(r"<img[^>]*src=[\"']?([^\"'>\s]+)[^>]*>", r" \1 ", first, flags=re.IGNORECASE)
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", first)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def verify(apkg_path: Path) -> VerifyReport:
    """Import the package into a temporary collection with the real backend and check it.

    Reports note and card counts, note types, empty cards, duplicate GUIDs and missing media;
    :attr:`VerifyReport.problems` lists everything wrong and :attr:`VerifyReport.ok` is false
    when there is anything.
    """
    _require_anki()
    apkg_path = Path(apkg_path)
    if not apkg_path.is_file():
        raise AnkigenError(f"{apkg_path}: no such package")
    listed = _package_guid_list(apkg_path)
    problems: list[str] = []
    duplicates: set[str] = set()
    if listed is not None:
        seen: set[str] = set()
        for guid in listed:
            if guid in seen:
                duplicates.add(guid)
            seen.add(guid)

    with (
        tempfile.TemporaryDirectory(prefix="ankigen-verify-") as tmp,
        _collection(Path(tmp) / "collection.anki2") as col,
    ):
        result = _import(col, apkg_path)
        report = _import_report(result)
        assert col.db is not None
        notes = col.note_count()
        cards = int(col.card_count())
        note_types = {
            str(name): int(count)
            for name, count in col.db.all(
                "select nt.name, count(*) from notes n join notetypes nt on nt.id = n.mid "
                "group by nt.name order by nt.name"
            )
        }
        duplicates.update(str(guid) for guid in col.db.list("select guid from notes group by guid having count(*) > 1"))
        empty = col.get_empty_cards()
        empty_count = sum(len(note.card_ids) for note in empty.notes)
        for note in empty.notes[:20]:
            flds = col.db.scalar("select flds from notes where id = ?", note.note_id) or ""
            what = "all its cards are" if note.will_delete_note else (f"{len(note.card_ids)} card(s) are")
            problems.append(
                f"empty cards: note {_first_field_text(str(flds))!r}: {what} blank (a template renders nothing for it)"
            )
        if len(empty.notes) > 20:
            problems.append(f"empty cards: and {len(empty.notes) - 20} more notes")
        cardless = col.db.all("select flds from notes n where not exists (select 1 from cards c where c.nid = n.id)")
        for (flds,) in cardless[:20]:
            problems.append(
                f"no cards: note {_first_field_text(str(flds))!r} makes no card "
                "(its prompt field is empty, or a cloze note has no {{c1::...}})"
            )
        if len(cardless) > 20:
            problems.append(f"no cards: and {len(cardless) - 20} more notes")
        check = col.media.check()
        missing = set(check.missing)

    in_package = _package_media_names(apkg_path)
    if in_package is not None:
        missing -= in_package
    for guid in sorted(duplicates):
        problems.append(
            f"duplicate GUID {guid!r}: the package holds two notes with it, so Anki adds both; "
            "give one of the notes a distinct key or id"
        )
    for name in sorted(missing):
        problems.append(f"missing media: a field references {name!r}, which is not in the package")
    if notes == 0:
        problems.append("the package holds no notes")
    for label, count in (
        ("conflicting", report.conflicting),
        ("with a missing note type", report.missing_notetype),
        ("with a missing deck", report.missing_deck),
        ("with an empty first field", report.empty_first_field),
    ):
        if count:
            problems.append(f"{count} note(s) {label} on import")
    return VerifyReport(
        package=apkg_path,
        notes=notes,
        cards=cards,
        note_types=note_types,
        empty_cards=empty_count,
        duplicate_guids=tuple(sorted(duplicates)),
        missing_media=tuple(sorted(missing)),
        problems=tuple(problems),
    )


# --------------------------------------------------------------------------------------------
# Orphans
# --------------------------------------------------------------------------------------------


def _find_orphans(col: Collection, guids: frozenset[str], package_note_ids: Sequence[int]) -> list[tuple[int, NoteRef]]:
    """ankigen notes in the package's deck trees whose GUID is not in the package.

    The target decks are the top-level decks that hold the package's notes, with all their
    subdecks, so a removed section (subdeck) is found too.
    """
    from anki.utils import ids2str

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
        (int(nid), NoteRef(str(guid), _first_field_text(str(flds))))
        for nid, guid, flds in rows
        if str(guid) not in guids
    ]


# --------------------------------------------------------------------------------------------
# Sync
# --------------------------------------------------------------------------------------------

ConfirmDelete = Callable[[Sequence[NoteRef]], bool]


class _Remote:
    """One logged-in sync session; wraps Anki's errors into messages without credentials."""

    def __init__(
        self,
        col: Collection,
        *,
        endpoint: str | None,
        credentials: Credentials | Callable[[], Credentials] | None,
        session_file: Path | None,
    ) -> None:
        self.col = col
        self.login_endpoint = endpoint
        self.credentials = credentials
        self.session_file = session_file
        self.auth: SyncAuth | None = None
        self.from_cache = False
        self.where = endpoint or "AnkiWeb"

    def login(self) -> None:
        session = _read_session(self.session_file, self.login_endpoint)
        if session is not None:
            self._set_auth(session.hkey, session.endpoint or self.login_endpoint)
            self.from_cache = True
            return
        self._login_with_password()

    def _login_with_password(self) -> None:
        from anki.errors import BackendError, NetworkError, SyncError, SyncErrorKind

        creds = self.credentials
        if creds is None:
            creds = credentials_from_env_or_prompt()
        elif not isinstance(creds, Credentials):
            creds = creds()
        try:
            auth = self.col.sync_login(creds.username, creds.password, self.login_endpoint)
        except SyncError as exc:
            if exc.kind == SyncErrorKind.AUTH:
                raise AnkigenError(
                    f"{self.where} rejected the username or password; check {USERNAME_ENV} and "
                    f"{PASSWORD_ENV} (or what you typed) and try again; nothing was changed"
                ) from None
            raise AnkigenError(f"cannot log in to {self.where}: {exc}; nothing was changed") from None
        except NetworkError:
            raise AnkigenError(
                f"cannot reach the sync server {self.where}; check the network or --endpoint; nothing was changed"
            ) from None
        except BackendError as exc:
            raise AnkigenError(f"cannot log in to {self.where}: {exc}; nothing was changed") from None
        finally:
            del creds
        self.from_cache = False
        endpoint = auth.endpoint if auth.HasField("endpoint") else self.login_endpoint
        self._set_auth(auth.hkey, endpoint)
        self._save()

    def _set_auth(self, hkey: str, endpoint: str | None) -> None:
        from anki.sync import SyncAuth

        self.auth = SyncAuth(hkey=hkey, endpoint=endpoint) if endpoint else SyncAuth(hkey=hkey)

    def _save(self) -> None:
        if self.auth is None:
            return
        endpoint = self.auth.endpoint if self.auth.HasField("endpoint") else None
        _write_session(self.session_file, _Session(self.auth.hkey, endpoint, self.login_endpoint))

    def _call_with_auth(self, call: Callable[[SyncAuth], _T], what: str) -> _T:
        from anki.errors import BackendError, NetworkError, SyncError, SyncErrorKind

        for attempt in range(2):
            assert self.auth is not None
            try:
                return call(self.auth)
            except SyncError as exc:
                if exc.kind == SyncErrorKind.AUTH and self.from_cache and attempt == 0:
                    # the cached session expired: forget it and log in with the password
                    _forget_session(self.session_file)
                    self._login_with_password()
                    continue
                if exc.kind == SyncErrorKind.AUTH:
                    raise AnkigenError(
                        f"{self.where} rejected the login while {what}; log in again "
                        f"(check {USERNAME_ENV}/{PASSWORD_ENV})"
                    ) from None
                raise AnkigenError(f"{what} with {self.where} failed: {exc}") from None
            except NetworkError as exc:
                raise AnkigenError(
                    f"{what} with {self.where} failed, the server could not be reached ({exc}); "
                    "check the network or --endpoint and run again"
                ) from None
            except BackendError as exc:
                raise AnkigenError(f"{what} with {self.where} failed: {exc}") from None
        raise AssertionError("unreachable")

    def normal_sync(self, what: str) -> tuple[int, str]:
        """A normal two-way sync; returns (what Anki says is still required, server message)."""
        out = self._call_with_auth(lambda auth: self.col.sync_collection(auth, False), what)
        if out.HasField("new_endpoint") and out.new_endpoint and self.auth is not None:
            self._set_auth(self.auth.hkey, out.new_endpoint)
            self._save()
        return int(out.required), out.server_message

    def full_sync(self, upload: bool) -> None:
        col = self.col
        what = "uploading the whole collection" if upload else "downloading the whole collection"
        col.close_for_full_sync()
        try:
            self._call_with_auth(
                lambda auth: col.full_upload_or_download(auth=auth, server_usn=None, upload=upload),
                what,
            )
        finally:
            col.reopen(after_full_sync=True)

    def sync_media(self) -> None:
        from anki.errors import BackendError

        self._call_with_auth(self.col.sync_media, "syncing media")
        deadline = time.monotonic() + _MEDIA_SYNC_TIMEOUT_SECS
        while True:
            try:
                status = self.col.media_sync_status()
            except BackendError as exc:
                raise AnkigenError(
                    f"the collection was synced, but syncing media with {self.where} failed: {exc}; run again to retry"
                ) from None
            if not status.active:
                return
            if time.monotonic() > deadline:
                self.col.abort_media_sync()
                raise AnkigenError(
                    f"the collection was synced, but media sync with {self.where} timed out; run again to continue"
                )
            time.sleep(0.05)


def _full_sync_needed_message(where: str, stage: str, outcome: str) -> str:
    return (
        f"{where} asks for a full sync {stage}: the collection here and the one on the server "
        "have both changed in ways that cannot be merged (or were never synced together). "
        f"{outcome}. Choose which side wins and run again with "
        "`--full-sync upload` (replace the server's collection with this one) or "
        "`--full-sync download` (replace this collection with the server's, then import)"
    )


def _remove_new_collection(path: Path) -> None:
    """Undo the creation of a collection file by a run that failed before using it."""
    from anki.media import media_paths_from_col_path

    media_folder, media_db = media_paths_from_col_path(str(path))
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(media_db)):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    with contextlib.suppress(OSError):
        Path(media_folder).rmdir()  # only if empty


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
    """
    _require_anki()
    from anki.sync import SyncOutput

    collection_path = Path(collection_path)
    if full_sync not in (None, "upload", "download"):
        raise AnkigenError(f"--full-sync must be 'upload' or 'download', not {full_sync!r}")
    if prune_orphans not in (None, "tag", "delete"):
        raise AnkigenError(f"--prune-orphans must be 'tag' or 'delete', not {prune_orphans!r}")
    if apkg_path is not None and not Path(apkg_path).is_file():
        raise AnkigenError(f"{apkg_path}: no such package; build it first")
    login_endpoint = _normalise_endpoint(endpoint)
    remote_wanted = ankiweb or login_endpoint is not None
    created = not collection_path.exists()

    required = SyncOutput.ChangesRequired
    full_done: FullSync | None = None
    server_message = ""
    imported: ImportReport | None = None
    orphans: list[tuple[int, NoteRef]] = []
    tagged = deleted = 0
    media_synced = False

    col = _open_collection(collection_path)
    changed_locally = False
    succeeded = False
    try:
        remote: _Remote | None = None
        upload_pending = False
        if remote_wanted:
            remote = _Remote(
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
                        _full_sync_needed_message(remote.where, "before importing", "Nothing was changed")
                    )
                if full_sync == "download":
                    remote.full_sync(upload=False)
                    full_done = "download"
                else:
                    upload_pending = True

        # 2. import
        package_note_ids: list[int] = []
        if apkg_path is not None:
            changed_locally = True
            result = _import(col, Path(apkg_path))
            imported = _import_report(result)
            package_note_ids = _log_note_ids(result)
            guids = package_guids(Path(apkg_path))
            if guids is None:
                assert col.db is not None
                from anki.utils import ids2str

                guids = frozenset(
                    str(g) for g in col.db.list(f"select guid from notes where id in {ids2str(package_note_ids)}")
                )
            orphans = _find_orphans(col, guids, package_note_ids)
            orphan_ids = [nid for nid, _ in orphans]
            if orphan_ids and prune_orphans == "tag":
                from anki.notes import NoteId

                tagged = col.tags.bulk_add([NoteId(n) for n in orphan_ids], ORPHAN_TAG).count
            elif orphan_ids and prune_orphans == "delete":
                refs = [ref for _, ref in orphans]
                if confirm_delete is None or confirm_delete(refs):
                    from anki.notes import NoteId

                    deleted = col.remove_notes([NoteId(n) for n in orphan_ids]).count

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
                        _full_sync_needed_message(
                            remote.where,
                            "after importing",
                            "The import was kept in this collection but not sent to the server",
                        )
                    )
            if sync_media:
                remote.sync_media()
                media_synced = True
        succeeded = True
    finally:
        col.close()
        if created and not succeeded and not changed_locally and full_done is None:
            _remove_new_collection(collection_path)

    return SyncReport(
        collection=collection_path,
        imported=imported,
        orphans=tuple(ref for _, ref in orphans),
        orphans_tagged=tagged,
        orphans_deleted=deleted,
        synced=remote_wanted,
        full_sync=full_done,
        media_synced=media_synced,
        server_message=server_message,
        created=created,
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
) -> SyncReport:
    """:func:`sync_collection` for ``ankigen sync`` and :meth:`ankigen.Deck.sync` alike.

    ``package`` is a built package, or a function that writes one to the path it is given (a build
    with its state, a :class:`~ankigen.Deck`): it is written into a temporary folder first, and
    nothing touches the collection if writing fails. None: only sync the collection.
    """
    with tempfile.TemporaryDirectory(prefix="ankigen-sync-") as folder:
        if callable(package):
            target = Path(folder) / "deck.apkg"
            package(target)
            package = target
        return sync_collection(
            collection_path,
            package,
            ankiweb=ankiweb,
            endpoint=endpoint,
            credentials=credentials,
            session_file=session_file,
            full_sync=full_sync,
            prune_orphans=prune_orphans,
            confirm_delete=confirm_delete,
            sync_media=sync_media,
        )


# --------------------------------------------------------------------------------------------
# Preview rendering (issue 6): cards as Anki itself renders them, for ``ankigen preview``
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """One card of a package, both sides rendered by Anki's own template engine."""

    guid: str
    ordinal: int
    template: str
    question: str
    answer: str


def anki_available() -> bool:
    """Whether the ``anki`` extra is installed (without importing it)."""
    import importlib.util

    return importlib.util.find_spec("anki") is not None


def render_cards(package: Path | str) -> tuple[RenderedCard, ...]:
    """Import ``package`` into a throwaway collection and render every card, sorted by GUID and ordinal."""
    cards: list[RenderedCard] = []
    with (
        tempfile.TemporaryDirectory(prefix="ankigen-render-") as folder,
        _collection(Path(folder) / "collection.anki2") as col,
    ):
        _import(col, Path(package))
        for card_id in col.find_cards(""):
            card = col.get_card(card_id)
            output = card.render_output(reload=True)
            template = str(card.template()["name"])
            cards.append(RenderedCard(card.note().guid, card.ord, template, output.question_text, output.answer_text))
    return tuple(sorted(cards, key=lambda card: (card.guid, card.ordinal)))
