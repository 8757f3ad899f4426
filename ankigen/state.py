"""The build state file and the modification-time policy that makes re-imports update in place.

Anki updates a note on import only when the package's note is *strictly newer* (whole seconds)
than its own copy. Stamping every note with the build time would overwrite, on every rebuild, the
edits a user made in Anki; stamping nothing new would never deliver an edit made in the notes.
So ankigen remembers what it last built, per GUID, in a small JSON file, ``.ankigen-state.json``:

* a note whose content (note type, fields, tags) is unchanged keeps its previous modification
  time, so Anki sees nothing newer and leaves the note, and any edit made in Anki, alone;
* a changed note gets ``max(now, previous + 1)``: strictly newer, even for two builds in one second;
* a note not in the state yet gets ``now``;
* ``now`` is ``SOURCE_DATE_EPOCH`` when set, else the clock;
* the note types follow the same policy on a hash of their templates and CSS, so a template or
  style improvement reaches users on their next import, and is not re-sent otherwise.

Where it lives: by default in the notes root, the first input folder, next to the notes; a build of
files named one by one keeps it beside the package it writes, never among the notes (which may be
read-only). It holds, per GUID: the content hash, the modification time, the note kind, where the
note came from (path relative to the state file, and line) and the first field as plain text, for
``ankigen diff``; the note's and its cards' ids in the package (kept from build to build, so that a
change to one note changes only that note's rows); and, per collection that ``ankigen sync``
imported into (by its path relative to the state file), the GUIDs it delivered there, so that a note
the learner deleted in Anki is recognised as deleted and not added again. It is written atomically,
with sorted keys and no absolute paths or machine details, so the same build gives the same file and
it is safe to commit beside the notes (do, if you build on several machines). Entries for notes that
left the source ("orphans") are kept, so building one file of a folder never forgets the others;
``ankigen diff`` lists them. The state also records the package it belongs to (its path and a build
id that the package carries as its zip comment): a package and a state written by different builds
(two builds at once, or a build killed between its two renames) are detected, and the next build
then re-sends every note. Deleting the file is safe: the next build stamps every note ``now`` (Anki
then takes the notes' text over edits made in Anki, once).
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import html
import itertools
import json
import marshal
import operator
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ankigen.patterns import HTML_TAG, lazy_compile

from .atomic import PreparedWrite, prepare_write
from .errors import AnkigenError
from .hashes import content_hash as _content_hash
from .hashes import note_hash
from .model import Diagnostic, Note, NoteKind, Span
from .notetypes import NoteType
from .reader import resolved_in

if TYPE_CHECKING:
    import sqlite3

__all__ = [
    "CHANGE_ORDER",
    "STATE_FILE_NAME",
    "BuildPlan",
    "BuildState",
    "Change",
    "NoteChange",
    "NoteRecord",
    "PackageRecord",
    "PlanSince",
    "ScratchState",
    "SeenGuids",
    "Stamps",
    "StateLines",
    "StreamedPlan",
    "collection_key",
    "default_state_path",
    "load_state",
    "load_state_for_build",
    "note_hash",
    "owned_state",
    "package_build_id",
    "plan_build",
    "prepare_state",
    "prompt_text",
    "resolved_in",
    "restamp",
    "stamp",
    "state_bytes",
    "state_file",
    "state_pieces",
    "with_delivered",
]

STATE_FILE_NAME = ".ankigen-state.json"
STATE_FORMAT = 2
"""Format 2 added each note's ids in the collection (``id``, ``cards``); a format 1 file is read
(its notes get new ids once) and written back as format 2."""
READ_FORMATS = (1, STATE_FORMAT)

NoteIds = tuple[int, tuple[tuple[int, int], ...]]
"""A note's id in the package's collection and its cards' ``(ordinal, card id)``, by ordinal."""

Change = Literal["added", "changed", "unchanged", "orphaned", "rejected"]
CHANGE_ORDER: tuple[Change, ...] = ("added", "changed", "unchanged", "orphaned")

_CLOZE = lazy_compile(r"\{\{c\d+::((?:[^{}]|\{(?!\{)|\}(?!\}))*?)(?:::(?:[^{}]|\{(?!\{)|\}(?!\}))*?)?\}\}")


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """What the state remembers about one note (keyed by GUID)."""

    hash: str
    mod: int
    kind: str
    path: str
    line: int
    prompt: str
    ids: NoteIds | None = None
    """The note's and its cards' ids in the package (None: not recorded yet, as in format 1): a
    note keeps them from build to build, so a change to one note changes only its own rows."""


@dataclass(frozen=True, slots=True)
class TypeRecord:
    """What the state remembers about one note type (keyed by kind)."""

    hash: str
    mod: int


@dataclass(frozen=True, slots=True)
class PackageRecord:
    """The package a state belongs to: its path (relative to the state's folder, forward slashes)
    and the build id the package carries as its zip comment (see :func:`package_build_id`)."""

    path: str
    build: str


@dataclass(frozen=True, slots=True)
class BuildState:
    notes: Mapping[str, NoteRecord] = field(default_factory=dict)
    note_types: Mapping[str, TypeRecord] = field(default_factory=dict)
    package: PackageRecord | None = None
    delivered: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per collection (:func:`collection_key`), the GUIDs ``sync`` delivered to it and found there."""
    next_id: int = 0
    """One past the highest note or card id the notes record (0: none): where new ids start, at the
    least, so that an id once given is not given to another note while the state remembers it."""


PACKAGE_COMMENT_PREFIX = b"ankigen build "


def package_build_id(path: Path) -> str | None:
    """The build id in a package's zip comment; None when the file is missing, unreadable, not a
    zip or carries no ankigen build id."""
    import zipfile  # here: only a build with a state recorded reads it, and zipfile imports a lot

    try:
        with zipfile.ZipFile(path) as archive:
            comment = archive.comment
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    if not comment.startswith(PACKAGE_COMMENT_PREFIX):
        return None
    return comment[len(PACKAGE_COMMENT_PREFIX) :].decode("ascii", "replace").strip()


def load_state_for_build(path: Path) -> tuple[BuildState, list[Diagnostic]]:
    """:func:`load_state`, then the check that the package the state records still belongs to it.

    A recorded package that is gone (imported and deleted, or a throwaway one) says nothing. One that
    holds another build's id was written by a build whose state is not this one: every note's hash
    is forgotten, so every note counts as changed and gets a newer time (Anki takes them all again)."""
    state, diagnostics = load_state(path)
    return owned_state(path, state, diagnostics)


def owned_state(path: Path, state: BuildState, diagnostics: list[Diagnostic]) -> tuple[BuildState, list[Diagnostic]]:
    """The package check of :func:`load_state_for_build` on a state already in memory (``ankigen
    watch`` keeps the one it wrote last): ``state`` as it is when its package is gone or carries
    its build id, else with every hash forgotten and a warning added to ``diagnostics``."""
    foreign = _foreign_package(path, state.package)
    if foreign is None:
        return state, diagnostics
    diagnostics.append(foreign)
    forgotten = {guid: replace(entry, hash="") for guid, entry in state.notes.items()}
    return replace(state, notes=forgotten, note_types=_forgotten_types(state)), diagnostics


def _forgotten_types(state: BuildState) -> dict[str, TypeRecord]:
    return {kind: replace(entry, hash="") for kind, entry in state.note_types.items()}


def _foreign_package(path: Path, record: PackageRecord | None) -> Diagnostic | None:
    """The warning when the package the state at ``path`` records holds another build's id (see
    :func:`load_state_for_build`); None when it carries the state's, is gone, or none is recorded."""
    if record is None:
        return None
    package = path.parent / record.path
    try:
        if not package.exists():
            return None
    except OSError:  # cannot be looked at: says nothing either
        return None
    found = package_build_id(package)
    if found == record.build:
        return None
    return Diagnostic(
        Span(str(path), 1),
        f"the build state does not belong to {package} (written by another build: two builds at once, or one "
        "interrupted); every note is sent again, so Anki takes the notes' text over edits made in Anki once",
    )


@dataclass(frozen=True, slots=True)
class NoteChange:
    """One note as the next build would treat it; ``span`` is where it is (or was, for an orphan)."""

    change: Change
    guid: str
    kind: str
    span: Span
    prompt: str

    def __str__(self) -> str:
        return f"{self.span}: {self.change} {self.kind} {self.prompt!r}"


@dataclass(frozen=True, slots=True)
class BuildPlan:
    """The modification times to write and the state to save after writing them."""

    changes: tuple[NoteChange, ...]
    note_type_changes: tuple[tuple[NoteKind, Change], ...]
    note_mod: Mapping[str, int]
    model_mod: Mapping[NoteKind, int]
    state: BuildState


def default_state_path(paths: Sequence[Path | str], package_folder: Path | None = None) -> Path:
    """``.ankigen-state.json`` in the first input folder; for files named one by one, in the
    folder the package goes to (the working folder when not known, or on standard output)."""
    first = Path(paths[0]) if paths else Path("notes")
    if first.is_dir():
        return first / STATE_FILE_NAME
    return (package_folder if package_folder is not None else Path()) / STATE_FILE_NAME


def state_file(
    paths: Sequence[Path | str], state: Path | str | bool, package_folder: Path | None = None
) -> Path | None:
    """The state file a build uses: ``True`` the default place, ``False`` none, else the path given."""
    if state is False:
        return None
    if state is True:
        return default_state_path(paths, package_folder)
    return Path(state)


def prompt_text(note: Note) -> str:
    """The note's first field as one line of plain text, at most 60 characters."""
    text = note.prompt
    # each substitution only where it can apply: most prompts are plain text
    if "{{c" in text:
        text = _CLOZE.sub(r"\1", text)
    if "<" in text:
        text = HTML_TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def _relative(path: str, base: Path, folders: dict[str, Path] | None = None) -> str:
    """``path`` relative to ``base`` (resolved already), with forward slashes. ``folders``: the
    folders resolved so far (see :func:`resolved_in`)."""
    absolute = Path(path).resolve() if folders is None else resolved_in(path, folders)
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, base)).as_posix()


def _shown(record: NoteRecord, base: Path) -> str:
    absolute = (base / record.path).resolve()
    try:
        return str(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(absolute)


def load_state(path: Path) -> tuple[BuildState, list[Diagnostic]]:
    """Read a state file; a missing one is an empty state, a broken one an empty state and a warning."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return BuildState(), []
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return BuildState(), [_unreadable(path, str(exc))]
    except RecursionError:
        return BuildState(), [_unreadable(path, "nested too deeply")]
    if not isinstance(raw, dict) or raw.get("format") not in READ_FORMATS:
        return BuildState(), [_unreadable(path, f"not an ankigen state file of format {STATE_FORMAT}")]
    try:
        notes = {str(guid): _record(entry) for guid, entry in dict(raw.get("notes", {})).items()}
        state = _state_rest(raw, notes)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        return BuildState(), [_unreadable(path, f"unexpected content ({type(exc).__name__}: {str(exc)[:200]})")]
    return replace(state, next_id=_next_id(notes.values())), []


def _record(entry: Mapping[str, object]) -> NoteRecord:
    """A note's record as a state file holds it (raises on content ankigen did not write).

    Checked inline first, as ankigen writes a record (strings, whole numbers, one card or a few):
    a rebuild reads every note's (18,000 in the benchmark's vault); anything else goes through
    :func:`_whole` and :func:`_ids`, which raise as before."""
    digest, mod = entry["hash"], entry["mod"]  # read and checked in the order the fields are, as before
    if type(mod) is not int or not 0 <= mod <= _MAX_RECORDED:
        mod = _whole(mod, "mod")
    kind, path, line = entry["kind"], entry["path"], entry["line"]
    if type(line) is not int or not 0 <= line <= _MAX_RECORDED:
        line = _whole(line, "line")
    prompt = entry.get("prompt", "")
    return NoteRecord(
        digest if type(digest) is str else str(digest),
        mod,
        kind if type(kind) is str else str(kind),
        path if type(path) is str else str(path),
        line,
        prompt if type(prompt) is str else str(prompt),
        _ids(entry),
    )


def _state_rest(raw: dict[str, Any], notes: Mapping[str, NoteRecord]) -> BuildState:
    """The state a file's ``raw`` content holds besides its notes, with ``notes`` (raises as :func:`_record`)."""
    types = {
        str(kind): TypeRecord(str(entry["hash"]), _whole(entry["mod"], "mod"))
        for kind, entry in dict(raw.get("note_types", {})).items()
    }
    package_entry = raw.get("package")
    package = (
        PackageRecord(str(package_entry["path"]), str(package_entry["build"]))
        if isinstance(package_entry, dict)
        else None
    )
    delivered = {
        str(collection): frozenset(str(guid) for guid in list(guids))
        for collection, guids in dict(raw.get("delivered", {})).items()
    }
    return BuildState(notes, types, package, delivered=delivered)


def _ids(entry: Mapping[str, object]) -> NoteIds | None:
    """A note's recorded ids; None when it has none (format 1). Ids that are not whole numbers in
    Anki's range, or a card ordinal twice, are no state ankigen wrote."""
    if "id" not in entry:
        return None
    cards = entry.get("cards", [])
    if not isinstance(cards, list):
        raise ValueError("cards is not a list")
    note_id = entry["id"]
    if type(note_id) is int and 1 <= note_id <= _MAX_ID:  # the usual record: checked inline
        checked: list[tuple[int, int]] = []
        for pair in cards:
            if type(pair) is not list or len(pair) != 2:
                break
            ordinal, card = pair
            if type(ordinal) is not int or not 0 <= ordinal <= _MAX_RECORDED:
                break
            if type(card) is not int or not 1 <= card <= _MAX_ID:
                break
            checked.append((ordinal, card))
        else:
            if len(checked) == 1 or len({ordinal for ordinal, _ in checked}) == len(checked):
                return note_id, tuple(sorted(checked))
    pairs: list[tuple[int, int]] = []
    for pair in cards:
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError("a card is not an [ordinal, id] pair")
        pairs.append((_whole(pair[0], "ordinal"), _id(pair[1])))
    if len({ordinal for ordinal, _ in pairs}) != len(pairs):
        raise ValueError("a card ordinal twice")
    return _id(entry["id"]), tuple(sorted(pairs))


_MAX_ID = (1 << 63) - 1


def _id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_ID:
        raise ValueError(f"id {str(value)[:40]} is not a whole number from 1 to {_MAX_ID}")
    return value


def _next_id(records: Iterable[NoteRecord]) -> int:
    """One past the highest id in ``records`` (0 when none has ids)."""
    highest = 0
    for record in records:
        ids = record.ids
        if ids is not None:
            note_id, cards = ids
            if note_id > highest:
                highest = note_id
            for _, card_id in cards:
                if card_id > highest:
                    highest = card_id
    return highest + 1 if highest else 0


_MAX_RECORDED = 253_402_300_799  # a time or line past this is no state ankigen wrote (year 9999)


def _whole(value: object, name: str) -> int:
    """A non-negative whole number that fits Anki's fields (times are stored in milliseconds too)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_RECORDED:
        raise ValueError(f"{name} {str(value)[:40]} is not a whole number from 0 to {_MAX_RECORDED}")
    return value


def _unreadable(path: Path, reason: str) -> Diagnostic:
    return Diagnostic(
        Span(str(path), 1),
        f"build state unreadable ({reason}); starting afresh: every note counts as new and Anki will take "
        "the notes' text over edits made in Anki once. Delete the file to silence this",
    )


_ABOUT = "ankigen build state: modification times per note; safe to commit, see the README"


def _note_line(guid: str, record: NoteRecord) -> bytes:
    """A note's line in the state file: what ``json.dumps`` gives the entry, formatted with the C
    string encoder (``json.dumps(..., indent=1)`` takes the pure-Python one, 0.3 s for 15,000 notes)."""
    note_id, cards = (None, None) if record.ids is None else (record.ids[0], _cards_text(record.ids[1]))
    return _line(guid, record.hash, record.mod, record.kind, record.path, record.line, record.prompt, note_id, cards)


def _cards_text(pairs: Iterable[tuple[int, int]]) -> str:
    """A note's cards as its line in the state file lists them, without the brackets around."""
    return ", ".join(f"[{ordinal:d}, {card:d}]" for ordinal, card in pairs)


def _line(
    guid: str,
    digest: str,
    mod: int,
    kind: str,
    path: str,
    line: int,
    prompt: str,
    note_id: int | None,
    cards: str | None,
) -> bytes:
    """:func:`_note_line` from a record's parts (``cards``: :func:`_cards_text`; None with no ids)."""
    quote = json.encoder.encode_basestring  # a JSON string, non-ASCII kept as is
    if note_id is None:
        listed = ids = ""
    else:
        listed = f'"cards": [{cards}], '
        ids = f'"id": {note_id:d}, '
    return (
        f'{quote(guid)}: {{{listed}"hash": {quote(digest)}, {ids}"kind": {quote(kind)}, '
        f'"line": {line:d}, "mod": {mod:d}, "path": {quote(path)}, '
        f'"prompt": {quote(prompt)}}}'
    ).encode()


class StateLines:
    """The notes' lines of the state file last formatted, in GUID order, kept by ``ankigen watch``:
    told which GUIDs' records may have changed since (``touched``, see :func:`state_bytes`), it
    formats those alone and puts them in their place; the rest of the file is joined as it was."""

    __slots__ = ("guids", "lines", "notes")

    def __init__(self) -> None:
        self.notes: Mapping[str, NoteRecord] | None = None
        """The records the lines are of."""
        self.guids: list[str] = []
        self.lines: list[bytes] = []

    def of(
        self, notes: Mapping[str, NoteRecord], since: tuple[Mapping[str, NoteRecord], Iterable[str]] | None
    ) -> list[bytes]:
        """The lines of ``notes``; ``since``: the records the lines were last made of and the
        GUIDs whose records may differ from those (None, or other records: every line is made)."""
        if since is None or self.notes is None or since[0] is not self.notes:
            ordered = sorted(notes.items())
            self.guids = [guid for guid, _ in ordered]
            self.lines = [_note_line(guid, record) for guid, record in ordered]
        else:
            before, touched = since
            guids, lines = self.guids, self.lines
            for guid in sorted(set(touched)):
                record = notes[guid]
                if before.get(guid) is record:
                    continue
                index = bisect.bisect_left(guids, guid)
                if index < len(guids) and guids[index] == guid:
                    lines[index] = _note_line(guid, record)
                else:
                    guids.insert(index, guid)
                    lines.insert(index, _note_line(guid, record))
        self.notes = notes
        return self.lines


def state_bytes(
    state: BuildState,
    kept: StateLines | None = None,
    since: tuple[Mapping[str, NoteRecord], Iterable[str]] | None = None,
) -> bytes:
    """The file's content: one JSON document, keys sorted, one note per line, a trailing newline.

    ``kept``, when given, holds the note lines formatted last (and is updated to hold this
    state's); ``since``: the records they were of and the GUIDs whose records may have changed
    (see :meth:`StateLines.of`)."""
    return b"".join(state_pieces(state, kept, since))


STATE_PIECE_LINES = 2048
"""Note lines per piece of :func:`state_pieces`: a build writes the state a piece at a time, never
holding the whole file (about 250 bytes a note) at once."""


def state_pieces(
    state: BuildState,
    kept: StateLines | None = None,
    since: tuple[Mapping[str, NoteRecord], Iterable[str]] | None = None,
    note_lines: Iterable[bytes] | None = None,
) -> Iterator[bytes]:
    """:func:`state_bytes` in pieces, in order (joined, they are its bytes): without ``kept``, the
    note lines are formatted a piece at a time. ``note_lines``: the notes' lines in GUID order, in place
    of ``state.notes`` (a build that streams its notes: :meth:`ScratchState.lines`)."""
    quote = json.encoder.encode_basestring
    notes = kept.of(state.notes, since) if kept is not None else None
    types = [
        f'{quote(kind)}: {{"hash": {quote(record.hash)}, "mod": {record.mod:d}}}'
        for kind, record in sorted(state.note_types.items())
    ]
    lines = ["{", f'"about": {quote(_ABOUT)},']
    if state.delivered:  # one GUID per line, so a diff of the file shows which notes went where
        delivered = [
            "\n".join([f"{quote(collection)}: [", *_comma_separated([quote(g) for g in sorted(guids)]), "]"])
            if guids
            else f"{quote(collection)}: []"
            for collection, guids in sorted(state.delivered.items())
        ]
        lines += ['"delivered": {', *_comma_separated(delivered), "},"]
    lines.append(f'"format": {STATE_FORMAT:d},')
    lines += ['"note_types": {', *_comma_separated(types), "},", '"notes": {']
    head = ("\n".join(lines) + "\n").encode("utf-8")
    if state.package is not None:
        package = state.package
        tail = ["},", f'"package": {{"build": {quote(package.build)}, "path": {quote(package.path)}}}', "}"]
    else:
        tail = ["}", "}"]
    end = ("\n".join(tail) + "\n").encode("utf-8")
    yield head
    if notes is not None:
        yield b",\n".join(notes) + (b"\n" if notes else b"")
    else:
        ordered = (
            iter(note_lines) if note_lines is not None else itertools.starmap(_note_line, sorted(state.notes.items()))
        )
        separator = b""
        while piece := list(itertools.islice(ordered, STATE_PIECE_LINES)):
            yield separator + b",\n".join(piece)
            separator = b",\n"
        if separator:
            yield b"\n"
    yield end


def _comma_separated(entries: list[str]) -> list[str]:
    return [entry + "," for entry in entries[:-1]] + entries[-1:]


def prepare_state(
    path: Path,
    state: BuildState,
    kept: StateLines | None = None,
    since: tuple[Mapping[str, NoteRecord], Iterable[str]] | None = None,
) -> PreparedWrite:
    """Write the state beside ``path`` without putting it in place yet (a temporary file, flushed
    to disk): a build prepares it while its package is written, and commits it (a rename) once the
    package is in place. ``kept`` and ``since``: as for :func:`state_bytes`."""
    return prepare_write(path, state_pieces(state, kept, since))


def _next_mod(previous: int | None, same: bool, now: int) -> tuple[Change, int]:
    if previous is None:
        return "added", now
    if same:
        return "unchanged", previous
    return "changed", max(now, previous + 1)


@dataclass(frozen=True, slots=True)
class Stamps:
    """The modification times a build writes (the package needs only these), and, per note (by
    GUID), its hash and what the policy found (added, changed or unchanged)."""

    note_mod: Mapping[str, int]
    model_mod: Mapping[NoteKind, int]
    type_changes: tuple[tuple[NoteKind, Change], ...]
    types: Mapping[str, TypeRecord]
    digests: Mapping[str, str]
    note_changes: Mapping[str, Change]


def stamp(
    previous: BuildState,
    notes: Sequence[Note],
    note_types: Iterable[NoteType],
    *,
    now: int,
    hashes: Sequence[str | None] = (),
) -> Stamps:
    """The modification times of ``notes`` and ``note_types`` by the policy above.

    ``hashes``, when given, holds the notes' :func:`note_hash` in order, already computed (in the
    per-file stage, in parallel and cached); where it holds None, or ends, the hash is computed here.
    """
    note_mod: dict[str, int] = {}
    digests: dict[str, str] = {}
    note_changes: dict[str, Change] = {}
    _stamp_notes(previous, notes, hashes, now, note_mod, digests, note_changes)
    return _with_types(previous, note_types, now, note_mod, digests, note_changes)


def _stamp_notes(
    previous: BuildState,
    notes: Sequence[Note],
    hashes: Sequence[str | None],
    now: int,
    note_mod: dict[str, int],
    digests: dict[str, str],
    note_changes: dict[str, Change],
) -> None:
    known = len(hashes)
    records = previous.notes
    for index, note in enumerate(notes):
        guid = note.guid
        digest = (hashes[index] if index < known else None) or _content_hash(note.kind.value, note)
        digests[guid] = digest
        old = records.get(guid)
        note_changes[guid], note_mod[guid] = _next_mod(
            old.mod if old else None, old is not None and old.hash == digest, now
        )


def _with_types(
    previous: BuildState,
    note_types: Iterable[NoteType],
    now: int,
    note_mod: dict[str, int],
    digests: dict[str, str],
    note_changes: dict[str, Change],
) -> Stamps:
    model_mod, type_changes, types = _stamp_types(previous, note_types, now)
    return Stamps(note_mod, model_mod, type_changes, types, digests, note_changes)


def _stamp_types(
    previous: BuildState, note_types: Iterable[NoteType], now: int
) -> tuple[dict[NoteKind, int], tuple[tuple[NoteKind, Change], ...], dict[str, TypeRecord]]:
    """The note types' part of :func:`stamp`: their times, what the policy found, their records."""
    type_changes: list[tuple[NoteKind, Change]] = []
    model_mod: dict[NoteKind, int] = {}
    types = dict(previous.note_types)
    for note_type in note_types:
        old_type = previous.note_types.get(note_type.kind.value)
        type_digest = note_type.content_hash[:32]
        change, mod = _next_mod(
            old_type.mod if old_type else None, old_type is not None and old_type.hash == type_digest, now
        )
        model_mod[note_type.kind] = mod
        type_changes.append((note_type.kind, change))
        types[note_type.kind.value] = TypeRecord(type_digest, mod)
    return model_mod, tuple(type_changes), types


def restamp(
    previous: BuildState,
    last: Stamps,
    changed: Sequence[Note],
    gone: Iterable[str],
    note_types: Iterable[NoteType],
    *,
    now: int,
    hashes: Sequence[str | None] = (),
) -> Stamps:
    """:func:`stamp` for a build whose notes are those ``last`` stamped, less the GUIDs ``gone``,
    with the ``changed`` notes new (``hashes``: theirs, as for :func:`stamp`), when ``previous`` is
    the state planned from ``last`` (``ankigen watch``): every other note's hash and time are
    those ``previous`` records for it, so it is unchanged and keeps them. The same stamps as
    :func:`stamp` of all the notes, for the work of the changed ones."""
    note_mod = dict(last.note_mod)
    digests = dict(last.digests)
    for guid in gone:
        del note_mod[guid], digests[guid]
    note_changes: dict[str, Change] = dict.fromkeys(note_mod, "unchanged")
    _stamp_notes(previous, changed, hashes, now, note_mod, digests, note_changes)
    return _with_types(previous, note_types, now, note_mod, digests, note_changes)


def plan_build(
    previous: BuildState,
    notes: Sequence[Note],
    note_types: Iterable[NoteType],
    *,
    now: int,
    base: Path,
    hashes: Sequence[str | None] = (),
    stamps: Stamps | None = None,
    relative: dict[str, str] | None = None,
    ids: Mapping[str, NoteIds] | None = None,
    since: PlanSince | None = None,
) -> BuildPlan:
    """Modification times for ``notes`` and ``note_types`` by the policy above, and the new state.

    ``base`` is the state file's folder: paths in the state are relative to it. ``hashes`` is as for
    :func:`stamp`; ``stamps``, when given, is what :func:`stamp` returned for the same arguments
    (a build writes the package with them while the rest of the plan is made). ``relative``, when
    given, holds each file's path in the state, as found before (for ``base``), and takes new ones.
    ``ids``: each note's ids in the package written (see :func:`ankigen.package.assign_ids`), recorded.
    ``since``: what ``ankigen watch`` knows from its last plan (see :class:`PlanSince`): only its
    changed notes are planned, with the same result.
    """
    if stamps is None:
        stamps = stamp(previous, notes, note_types, now=now, hashes=hashes)
    records = dict(previous.notes)
    if relative is None:
        relative = {}  # per file, not per note: resolving a path costs a few syscalls
    planned = since.changed if since is not None else notes
    planned_changes, next_id = _plan_notes(previous, planned, stamps, records, relative, base.resolve(), ids)
    changes = planned_changes if since is None else since.all_changes(notes, planned_changes)
    orphaned = previous.notes.keys() - stamps.note_mod.keys()
    orphans = sorted(
        ((guid, previous.notes[guid]) for guid in orphaned), key=lambda item: (item[1].path, item[1].line, item[0])
    )
    for guid, record in orphans:
        changes.append(
            NoteChange("orphaned", guid, record.kind, Span(_shown(record, base), record.line), record.prompt)
        )
    state = BuildState(records, stamps.types, previous.package, delivered=previous.delivered, next_id=next_id)
    return BuildPlan(tuple(changes), stamps.type_changes, stamps.note_mod, stamps.model_mod, state)


def _plan_notes(
    previous: BuildState,
    notes: Sequence[Note],
    stamps: Stamps,
    records: dict[str, NoteRecord],
    relative: dict[str, str],
    resolved_base: Path,
    ids: Mapping[str, NoteIds] | None,
) -> tuple[list[NoteChange], int]:
    """The change of each of ``notes`` in order, its record put in ``records``, and the state's next id."""
    changes: list[NoteChange] = []
    note_mod = stamps.note_mod
    digests = stamps.digests
    note_changes = stamps.note_changes
    old_records = previous.notes
    next_id = previous.next_id
    folders: dict[str, Path] = {}
    for note in notes:
        guid = note.guid
        span = note.span
        digest, change = digests[guid], note_changes[guid]
        path = relative.get(span.path)
        if path is None:
            path = relative[span.path] = _relative(span.path, resolved_base, folders)
        old = old_records.get(guid)
        note_ids = ids.get(guid) if ids is not None else None
        if change == "unchanged" and old is not None and old.line == span.line and old.path == path:
            # the usual case in a rebuild: the same content (so the same kind and prompt) in the same place
            changes.append(NoteChange("unchanged", guid, old.kind, span, old.prompt))
            if note_ids is not None and old.ids != note_ids:
                records[guid] = replace(old, ids=note_ids)
                next_id = max(next_id, _next_id([records[guid]]))
            continue
        kind = note.kind.value
        prompt = prompt_text(note)
        changes.append(NoteChange(change, guid, kind, span, prompt))
        record = NoteRecord(digest, note_mod[guid], kind, path, span.line, prompt, note_ids)
        records[guid] = record
        if note_ids is not None:
            next_id = max(next_id, _next_id([record]))
    return changes, next_id


class PlanSince:
    """What ``ankigen watch`` keeps from one plan to the next: each note's entry for the next plan,
    where it is unchanged. With :attr:`changed` set to the notes that are not the objects last
    planned (the rest are the same notes, unchanged in the state the last plan made, which must be
    ``previous``), :func:`plan_build` plans only those and gives every other note its entry."""

    __slots__ = ("changed", "changes")

    def __init__(self) -> None:
        self.changed: Sequence[Note] = ()
        self.changes: dict[str, NoteChange] = {}
        """Per GUID, the note's change in a plan where it is the same object and unchanged."""

    def all_changes(self, notes: Sequence[Note], planned: Sequence[NoteChange]) -> list[NoteChange]:
        """Every note's change in order: ``planned`` for the changed notes, unchanged for the rest."""
        known = self.changes
        known.update((change.guid, change) for change in planned)
        changes = list(map(known.__getitem__, map(_GUID, notes)))
        self._keep(planned)
        if len(known) > 2 * len(notes) + 1024:  # GUIDs that left long ago
            self.changes = {change.guid: change for change in changes}
        return changes

    def remember(self, plan: BuildPlan) -> None:
        """After a full plan: each note's change."""
        self.changes = {}
        self._keep(plan.changes)

    def _keep(self, changes: Iterable[NoteChange]) -> None:
        # a note added or changed now is unchanged next time, with what its record now holds: the
        # kind and prompt of this change
        known = self.changes
        for change in changes:
            if change.change == "unchanged":
                known[change.guid] = change
            elif change.change != "orphaned":
                known[change.guid] = replace(change, change="unchanged")


_GUID = operator.attrgetter("guid")


class SeenGuids:
    """The GUIDs a streamed build gave so far, each with where its note is (to name the first of a
    duplicate), in its scratch database (see :class:`ScratchState`): what
    :class:`~ankigen.identity.GuidNumbering` asks of its ``seen``. A file's GUIDs are looked up in
    one query (:meth:`prefetch`); the GUIDs given are written a file at a time."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._pending: dict[str, Span] = {}
        self._found: dict[str, Span] = {}
        self._asked: set[str] = set()

    def prefetch(self, guids: Iterable[str]) -> None:
        """Write the GUIDs given since the last call, and look up ``guids`` (the next file's)."""
        self._begin(set(guids))
        for chunk in _chunks(list(self._asked)):
            query = f"SELECT guid, path, line, end_line FROM seen WHERE guid IN ({', '.join('?' * len(chunk))})"
            for guid, path, line, end_line in self._connection.execute(query, chunk):
                self._found[guid] = Span(path, line, end_line)

    def _begin(self, asked: set[str]) -> None:
        """Write the GUIDs given since the last call; ``asked`` are the next file's, looked up by the
        caller (:meth:`prefetch`, or :meth:`ScratchState.prefetch` with their previous records)."""
        self._flush()
        self._asked = asked

    def _flush(self) -> None:
        if self._pending:
            self._connection.executemany(
                "INSERT INTO seen VALUES (?, ?, ?, ?)",
                [(guid, span.path, span.line, span.end_line) for guid, span in self._pending.items()],
            )
            self._pending.clear()
        self._found.clear()
        self._asked = set()

    def get(self, guid: str) -> Span | None:
        span = self._pending.get(guid)
        if span is not None:
            return span
        span = self._found.get(guid)
        if span is not None or guid in self._asked:
            return span
        row = self._connection.execute("SELECT path, line, end_line FROM seen WHERE guid = ?", (guid,)).fetchone()
        return Span(*row) if row is not None else None

    def __contains__(self, guid: str) -> bool:
        # asked for every note (GuidNumbering.assign): the dicts first, without a call to get
        if guid in self._pending or guid in self._found:
            return True
        if guid in self._asked:
            return False
        return self.get(guid) is not None

    def __getitem__(self, guid: str) -> Span:
        span = self.get(guid)
        if span is None:
            raise KeyError(guid)
        return span

    def __setitem__(self, guid: str, span: Span) -> None:
        self._pending[guid] = span


_IN_LIST = 500
"""GUIDs per ``IN (...)`` query (SQLite allows 32,766 parameters; older builds 999)."""


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _IN_LIST):
        yield items[start : start + _IN_LIST]


SCRATCH_CACHE_KIB = 2048
"""SQLite's page cache for a streamed build's scratch database (:class:`ScratchState`): its
tables are read and written mostly in order of GUID within a file, so a small cache does."""

_RowValues = tuple[str, str, int, str, str, int, str, bytes | None, int | None]


def _top(ids: NoteIds) -> int:
    """The highest of a note's ids (its note id and card ids, counted from one counter)."""
    return max((ids[0], *(card for _, card in ids[1])))


def _row_of(guid: str, record: NoteRecord, ids: NoteIds | None = None) -> _RowValues:
    """A record's row (with ``ids`` in place of its own when given): its ids as ``marshal`` bytes
    (read back in C) and the highest of them."""
    if ids is None:
        ids = record.ids
    if ids is None:
        return (guid, record.hash, record.mod, record.kind, record.path, record.line, record.prompt, None, None)
    packed = marshal.dumps(ids)
    return (guid, record.hash, record.mod, record.kind, record.path, record.line, record.prompt, packed, _top(ids))


def _record_of(row: Sequence[Any]) -> NoteRecord:
    """A record from its row (without the GUID)."""
    digest, mod, kind, path, line, prompt, ids = row
    return NoteRecord(digest, mod, kind, path, line, prompt, marshal.loads(ids) if ids is not None else None)


_LOOKUP = (
    "SELECT g.value, s.path, s.line, s.end_line, n.hash, n.mod, n.kind, n.path, n.line, n.prompt, n.ids "
    "FROM json_each(?) AS g LEFT JOIN seen AS s ON s.guid = g.value LEFT JOIN notes AS n ON n.guid = g.value "
    "WHERE s.guid IS NOT NULL OR n.guid IS NOT NULL"
)
"""A file's GUIDs (a JSON array) looked up in the GUIDs given and the previous state's records at once
(:meth:`ScratchState.prefetch`)."""


_SCRATCH_TABLES = (
    "CREATE TABLE seen (guid TEXT PRIMARY KEY, path TEXT, line INTEGER, end_line INTEGER) WITHOUT ROWID",
    "CREATE TABLE notes (guid TEXT PRIMARY KEY, hash TEXT, mod INTEGER, kind TEXT, path TEXT, "
    "line INTEGER, prompt TEXT, ids BLOB, top INTEGER, text BLOB) WITHOUT ROWID",
)
"""The scratch tables. ``notes.text``: the record's line in the state file (:func:`_line`), once
:meth:`ScratchState.lines` formatted it, so that a record copied from a kept database and left as it
was is not formatted again; NULL for a record written or changed since (every write sets it so).
``notes.top``: the highest of the record's ids (:attr:`ScratchState.written_next_id`, in C)."""

_INSERT_RECORD = "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"

KEPT_FORMAT = 2
"""The layout of the database a streamed build keeps for the next (:meth:`ScratchState.keep`); 2:
each record's formatted line kept with it."""


def _kept_version() -> str:
    """What a kept database must have been written by: this ankigen's code and state format."""
    from .cache import _code_version

    return f"{STATE_FORMAT}\x1f{_code_version()}"


def kept_database(state_path: Path) -> Path | None:
    """Where a streamed build keeps its records for the build state at ``state_path`` (in the cache
    folder, not beside the state, which is safe to commit): None when the cache is off."""
    from .cache import cache_dir

    root = cache_dir()
    if root is None:
        return None
    try:
        name = str(state_path.resolve())
    except OSError:
        return None
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return root / "states" / f"{digest}.db"


class ScratchState:
    """A streamed build's scratch database (``ankigen build``, see :class:`StreamedPlan`), a file
    at ``path`` (made by the caller, deleted by :meth:`close`), so that what a build keeps per note
    is not in memory: the GUIDs given (:attr:`seen`), the records of the previous state (read a
    line at a time, :meth:`load`) and, over them, the records of the new one, which is written from
    a query in GUID order (:meth:`lines`)."""

    BATCH = 512

    def __init__(self, path: Path) -> None:
        import sqlite3  # here: a build that streams its notes needs it, the commands that start fast do not

        self.path: Path | None = path
        self._connection = sqlite3.connect(path)
        try:
            for sql in (
                "PRAGMA journal_mode = OFF",  # a scratch file: no journal, no fsync
                "PRAGMA synchronous = OFF",
                f"PRAGMA cache_size = -{SCRATCH_CACHE_KIB}",
                *_SCRATCH_TABLES,
            ):
                self._connection.execute(sql)
        except BaseException:
            self.close()
            raise
        self.seen = SeenGuids(self._connection)
        self.count = 0
        """How many records the previous state holds."""
        self.next_id = 0
        """As :attr:`BuildState.next_id`, for the previous state."""
        self.written_next_id = 0
        """As :attr:`BuildState.next_id`, for the state :meth:`lines` wrote."""
        self._puts: list[_RowValues] = []
        self._found: dict[str, Sequence[Any]] = {}  # rows, made records only when asked (previous)
        self._asked: set[str] = set()

    def close(self) -> None:
        connection = getattr(self, "_connection", None)
        if connection is not None:
            connection.close()
            self._connection = None  # type: ignore[assignment]
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self.path = None

    # the previous state

    def load(self, path: Path, kept: Path | None = None) -> tuple[BuildState, list[Diagnostic]]:
        """:func:`load_state_for_build` for the state file at ``path``, its notes' records put in this
        database: the state returned holds no ``notes`` (see :meth:`previous`). ``kept``: where the
        last build kept this database (:meth:`keep`); when it holds the records of the state file as
        it is (its digest), it is copied here in one step instead of the file read a note at a time;
        when it does not (a state written since by another build or by hand), the file is read; when
        it cannot be read, the file is read and an ``info`` diagnostic says so."""
        found = self._from_kept(path, kept) if kept is not None else None
        diagnostics: list[Diagnostic]
        if isinstance(found, BuildState):
            state, diagnostics = found, []
        else:
            state, diagnostics = self._read(path)
            if found is not None:
                diagnostics.append(found)
        foreign = _foreign_package(path, state.package)
        if foreign is not None:
            diagnostics.append(foreign)
            self._connection.execute("UPDATE notes SET hash = '', text = NULL")
            state = replace(state, note_types=_forgotten_types(state))
        (self.count,) = self._connection.execute("SELECT count(*) FROM notes").fetchone()
        return replace(state, next_id=self.next_id), diagnostics

    def _from_kept(self, path: Path, kept: Path) -> BuildState | Diagnostic | None:
        """The state at ``path`` from the database kept at ``kept`` (its records copied into this one),
        or why not (a note for the user), or None when there is no kept database or no state file."""
        import sqlite3

        if not kept.is_file():
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None  # the state file is read as before, and says what is wrong with it
        why = ""
        try:
            source = sqlite3.connect(kept)
            try:
                header = source.execute("SELECT format, version, digest, skeleton, next_id FROM kept").fetchall()
                expected = (KEPT_FORMAT, _kept_version(), hashlib.sha256(data).hexdigest())
                if len(header) == 1 and header[0][:3] == expected:
                    _, _, _, skeleton, next_id = header[0]
                    state = _state_rest(json.loads(skeleton), {})
                    source.backup(self._connection)
                    self.next_id = int(next_id)
                    return state
            finally:
                source.close()
        except (sqlite3.Error, OSError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            why = f"it cannot be read: {exc}"
            self._reset()
        if not why:
            # written for another state file than this one (by watch, a build that keeps its notes, or a
            # hand edit): reading the file is the normal path then, nothing to tell the user
            return None
        return Diagnostic(
            Span(str(path), 1),
            f"the database the last build kept ({kept}) was not used ({why}); the file was read instead",
            "info",
        )

    def _reset(self) -> None:
        """This database's tables empty (after a copy from a kept database that failed)."""
        for sql in (
            "DROP TABLE IF EXISTS kept",
            "DROP TABLE IF EXISTS seen",
            "DROP TABLE IF EXISTS notes",
            *_SCRATCH_TABLES,
        ):
            self._connection.execute(sql)
        self.next_id = 0

    def keep(self, kept: Path, digest: str, skeleton: str) -> Path:
        """Copy this database's records (the new state's, once :meth:`lines` wrote them) for ``kept``,
        with the ``digest`` of the state file they were written to and its ``skeleton`` (the file
        with no notes), for the next build's :meth:`load`: a temporary file beside ``kept``, returned,
        for the caller to rename into place once the state file is (or to delete). Made while the
        package is still being written, in the other thread, not after it."""
        import sqlite3

        connection = self._connection
        self._flush()
        connection.execute("DELETE FROM seen")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS kept "
            "(format INTEGER, version TEXT, digest TEXT, skeleton TEXT, next_id INTEGER)"
        )
        connection.execute("DELETE FROM kept")
        connection.execute(
            "INSERT INTO kept VALUES (?, ?, ?, ?, ?)",
            (KEPT_FORMAT, _kept_version(), digest, skeleton, self.written_next_id),
        )
        connection.commit()
        kept.parent.mkdir(parents=True, exist_ok=True)
        temporary = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        try:
            target = sqlite3.connect(temporary)
            try:
                connection.backup(target)
            finally:
                target.close()
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            raise
        return temporary

    def _read(self, path: Path) -> tuple[BuildState, list[Diagnostic]]:
        """The file read a line at a time, as ankigen writes it (the ``notes`` object one note per
        line), with the result :func:`load_state` gives; a file laid out otherwise, or one that is
        not a valid state, is read by :func:`load_state` itself (whole, in memory)."""
        try:
            source = path.open("rb")
        except FileNotFoundError:
            return BuildState(), []
        except OSError:
            return self._read_whole(path)
        marker = f"\0ankigen notes {os.urandom(8).hex()}"
        skeleton: list[str] = []
        bodies: list[str] = []  # note lines, their commas taken off: joined by commas, the same JSON
        block = 0  # 0: before the notes, 1: in them, 2: after them
        comma: bool | None = None  # whether the last note line ended with a comma
        try:
            with source:
                for raw in source:
                    text = raw.decode("utf-8")
                    stripped = text.strip()
                    if block == 1:
                        if not stripped:
                            continue
                        if stripped[0] == "}":
                            if comma or stripped not in ("}", "},"):
                                return self._read_whole(path)
                            skeleton.append(stripped[1:] + "\n")
                            block = 2
                            self._take(bodies)
                            continue
                        if comma is False:
                            return self._read_whole(path)
                        comma = stripped.endswith(",")
                        bodies.append(stripped[:-1] if comma else stripped)
                        if len(bodies) >= self.BATCH:
                            self._take(bodies)
                        continue
                    if stripped == '"notes": {':
                        if block:
                            return self._read_whole(path)
                        skeleton.append(f'"notes": {json.dumps(marker)}\n')
                        block = 1
                        continue
                    skeleton.append(text)
            if block != 2:
                return self._read_whole(path)
            raw_state = json.loads("".join(skeleton))
            if (
                not isinstance(raw_state, dict)
                or raw_state.get("format") not in READ_FORMATS
                or raw_state.get("notes") != marker
            ):
                return self._read_whole(path)
            state = _state_rest(raw_state, {})
        except (
            OSError,
            UnicodeError,
            json.JSONDecodeError,
            RecursionError,
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
            OverflowError,
        ):
            return self._read_whole(path)
        return state, []

    def _read_whole(self, path: Path) -> tuple[BuildState, list[Diagnostic]]:
        self._connection.execute("DELETE FROM notes")
        self.next_id = 0
        state, diagnostics = load_state(path)
        self._insert_previous(list(state.notes.items()))
        return replace(state, notes={}), diagnostics

    def _take(self, bodies: list[str]) -> None:
        """The note lines in ``bodies`` read and put in the table (raises as :func:`_record`, or on
        lines that are not JSON)."""
        if bodies:
            entries = json.loads("{" + ",".join(bodies) + "}")
            self._insert_previous([(str(guid), _record(entry)) for guid, entry in entries.items()])
            bodies.clear()

    def _insert_previous(self, records: list[tuple[str, NoteRecord]]) -> None:
        """Put ``records`` in the table; no check that each id is recorded once (ankigen counts note
        and card ids from one counter, and only a state merged by hand records one twice): a
        clash shows in the collection's rows (:meth:`~ankigen.package.CollectionStream.clashed`)."""
        rows = [_row_of(guid, record) for guid, record in records]
        self._connection.executemany(_INSERT_RECORD, rows)
        top = max((row[8] for row in rows if row[8] is not None), default=-1)
        self.next_id = max(self.next_id, top + 1)

    # this build's notes

    def prefetch(self, guids: Iterable[str]) -> None:
        """Look up ``guids`` (the next file's notes, before numbering) in one query: whether each was
        given before in this build (:attr:`seen`, whose GUIDs given so far are written first) and its
        record in the previous state, both found by one statement that SQLite runs in C over a JSON
        array of the GUIDs (``json_each``), a row for each GUID found in either table."""
        import sqlite3

        asked = set(guids)
        seen = self.seen
        seen._begin(asked)
        self._found.clear()
        self._asked = asked
        if not asked:
            return
        try:
            rows = self._connection.execute(_LOOKUP, (json.dumps(list(asked)),)).fetchall()
        except sqlite3.OperationalError:  # no json_each (SQLite built without JSON): two queries
            seen.prefetch(asked)
            self._prefetch_previous()
            return
        found, spans = self._found, seen._found
        for guid, path, line, end_line, *record in rows:
            if path is not None:
                spans[guid] = Span(path, line, end_line)
            if record[0] is not None:
                found[guid] = record

    def _prefetch_previous(self) -> None:
        for chunk in _chunks(list(self._asked)):
            query = (
                "SELECT guid, hash, mod, kind, path, line, prompt, ids FROM notes "
                f"WHERE guid IN ({', '.join('?' * len(chunk))})"
            )
            for row in self._connection.execute(query, chunk):
                self._found[row[0]] = row[1:]

    def previous(self, guid: str) -> NoteRecord | None:
        """The previous state's record of ``guid`` (asked once per GUID: a record written for it
        since is not this)."""
        row = self.previous_row(guid)
        return _record_of(row) if row is not None else None

    def previous_row(self, guid: str) -> Sequence[Any] | None:
        """:meth:`previous` as the row it is made from (hash, mod, kind, path, line, prompt and the
        ids as ``marshal`` bytes): a record is made only where one is needed (most notes of a
        rebuild keep theirs as it is, :meth:`StreamedPlan.stamp`)."""
        row = self._found.get(guid)
        if row is not None or guid in self._asked:
            return row
        found: Sequence[Any] | None = self._connection.execute(
            "SELECT hash, mod, kind, path, line, prompt, ids FROM notes WHERE guid = ?", (guid,)
        ).fetchone()
        return found

    def put(self, guid: str, record: NoteRecord, ids: NoteIds | None = None) -> None:
        """``guid``'s record in the new state (with ``ids`` in place of its own when given)."""
        self._puts.append(_row_of(guid, record, ids))
        if len(self._puts) >= self.BATCH:
            self._flush()

    def put_ids(self, items: Iterable[tuple[str, NoteIds]]) -> None:
        """Each GUID's ids, in the records :meth:`put` wrote for them."""
        self._flush()
        self._connection.executemany(
            "UPDATE notes SET ids = ?, top = ?, text = NULL WHERE guid = ?",
            ((marshal.dumps(ids), _top(ids), guid) for guid, ids in items),
        )

    def _flush(self) -> None:
        self._connection.executemany(_INSERT_RECORD, self._puts)
        self._puts.clear()

    def lines(self) -> Iterator[bytes]:
        """The new state's note lines (see :func:`state_pieces`), in GUID order (SQLite's order of
        text is Python's), read :attr:`BATCH` records at a time: a record whose line is kept
        (``notes.text``: copied from the last build's kept database and not written since) gives it
        as it is; the others are formatted and their lines stored with them for :meth:`keep`."""
        self._flush()
        loads = marshal.loads
        connection = self._connection
        select = "SELECT guid, hash, mod, kind, path, line, prompt, ids, text FROM notes"
        rows = connection.execute(f"{select} ORDER BY guid LIMIT ?", (self.BATCH,)).fetchall()
        while rows:
            made: list[tuple[bytes, str]] = []
            for guid, digest, mod, kind, path, line, prompt, ids, text in rows:
                if text is None:
                    if ids is None:
                        text = _line(guid, digest, mod, kind, path, line, prompt, None, None)
                    else:
                        note_id, pairs = loads(ids)
                        text = _line(guid, digest, mod, kind, path, line, prompt, note_id, _cards_text(pairs))
                    made.append((text, guid))
                yield text
            if made:  # no statement of this connection is stepping now (each batch is fetched whole)
                connection.executemany("UPDATE notes SET text = ? WHERE guid = ?", made)
            rows = connection.execute(
                f"{select} WHERE guid > ? ORDER BY guid LIMIT ?", (rows[-1][0], self.BATCH)
            ).fetchall()
        (top,) = connection.execute("SELECT max(top) FROM notes").fetchone()
        self.written_next_id = top + 1 if top is not None else 0


RELATIVE_KEPT = 64
"""The files whose path relative to the state's folder :class:`StreamedPlan` keeps (each file's
notes come one after another): one per file would grow with the vault."""


class StreamedPlan:
    """:func:`stamp` and :func:`plan_build` a note at a time, for a build that streams its notes
    (``ankigen build``): the previous state's records are looked up in ``scratch`` (see
    :class:`ScratchState`, loaded with the previous state) a file at a time, and each note's record
    in the new state is written there, not kept; the changes are counted, not listed. The same
    times and the same state as :func:`plan_build` gives for the same notes in the same order."""

    def __init__(
        self, previous: BuildState, scratch: ScratchState, note_types: Iterable[NoteType], *, now: int, base: Path
    ) -> None:
        self.previous = previous
        self.scratch = scratch
        self.now = now
        self.base = base
        self._resolved_base = base.resolve()
        self._relative: dict[str, str] = {}
        self._folders: dict[str, Path] = {}
        self.model_mod, self.type_changes, self._types = _stamp_types(previous, note_types, now)
        self.counts: dict[Change, int] = dict.fromkeys(CHANGE_ORDER, 0)
        self._known = 0  # this build's GUIDs the previous state records

    def stamp(self, note: Note, digest: str) -> tuple[int, NoteRecord | None, NoteIds | None]:
        """The note's modification time, its record in the new state without its new ids yet (give
        them with :meth:`record` or :meth:`wait`; None: the previous record as it is, for a note with
        the same content in the same place, most notes of a rebuild), and the ids the previous state
        records for it."""
        old = self.scratch.previous_row(note.guid)  # hash, mod, kind, path, line, prompt, ids
        span = note.span
        path = self._relative.get(span.path)
        if path is None:
            if len(self._relative) >= RELATIVE_KEPT:  # a file's notes come together: a few files kept do
                self._relative.clear()
            path = self._relative[span.path] = _relative(span.path, self._resolved_base, self._folders)
        recorded: NoteIds | None = None
        if old is not None:
            self._known += 1
            if old[6] is not None:
                recorded = marshal.loads(old[6])
            if old[0] == digest and old[4] == span.line and old[3] == path:
                # the same content (so the same kind and prompt) in the same place: the same record
                self.counts["unchanged"] += 1
                return old[1], None, recorded
        change, mod = _next_mod(old[1] if old is not None else None, old is not None and old[0] == digest, self.now)
        self.counts[change] += 1
        return mod, NoteRecord(digest, mod, note.kind.value, path, span.line, prompt_text(note)), recorded

    def present(self, guid: str) -> None:
        """A note of this build that is not planned (rejected): its record stays as it was, and it
        is no orphan."""
        if self.scratch.previous_row(guid) is not None:
            self._known += 1

    def record(self, guid: str, record: NoteRecord | None, ids: NoteIds, recorded: NoteIds | None = None) -> None:
        """The note's record in the new state (None: the previous one, whose ids are ``recorded``,
        see :meth:`stamp`), with the ids it was written with."""
        if record is None:
            if ids is recorded or ids == recorded:  # the previous record, already in place
                return
            record = self._previous(guid)
        if record.ids != ids:  # else the previous record, already in place
            self.scratch.put(guid, record, ids)

    def wait(self, guid: str, record: NoteRecord | None) -> None:
        """The record of a note that waits for new ids (given by :meth:`numbered`, which replace
        those it holds); None as for :meth:`record`."""
        self.scratch.put(guid, record if record is not None else self._previous(guid))

    def _previous(self, guid: str) -> NoteRecord:
        record = self.scratch.previous(guid)
        if record is None:
            raise AnkigenError(f"internal: no previous record for {guid}")
        return record

    def numbered(self, items: Iterable[tuple[str, NoteIds]]) -> None:
        """The new ids of the notes that waited for them."""
        self.scratch.put_ids(items)

    def state(self) -> BuildState:
        """The new state (its notes' records in ``scratch``: :meth:`ScratchState.lines`), once every
        note was recorded; counts the notes of the previous state that are not in this build as
        orphaned. Orphans stay in it."""
        self.counts["orphaned"] = self.scratch.count - self._known
        previous = self.previous
        return BuildState({}, self._types, previous.package, delivered=previous.delivered)


def collection_key(collection: Path, state_path: Path) -> str:
    """How the state names a collection: its path relative to the state file's folder."""
    return _relative(str(collection), state_path.parent.resolve())


def with_delivered(state: BuildState, collection: str, guids: Iterable[str]) -> BuildState:
    """``state`` with the GUIDs delivered to ``collection`` replaced by ``guids``."""
    delivered = dict(state.delivered)
    delivered[collection] = frozenset(guids)
    return replace(state, delivered=delivered)
