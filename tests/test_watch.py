"""``ankigen watch``: a real subprocess on a temporary vault, edited the way editors save; and the
incremental rebuild against a cold build of the same notes."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import operator
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import ankigen
from ankigen.config import Config
from ankigen.identity import GuidMemo, assign_guids, assign_guids_by_file, identify
from ankigen.model import Note, NoteKind, Span
from ankigen.package import DEFLATE_CHUNK
from ankigen.state import STATE_FILE_NAME
from ankigen.watch import Rebuilder
from tests._syncserver import run_sync_server

REPO = Path(__file__).resolve().parent.parent
WAIT = 60.0
"""Seconds allowed for a rebuild to show (the machine is shared: generous, and only the bound of a loop)."""


def _note_file(term: str, text: str, extra: str = "") -> str:
    return f"# Storage\n\n- **{term}**: {text}\n- **Quorum**: the smallest group that must agree.\n{extra}"


def _vault(root: Path, filler: int = 0) -> Path:
    """Two files of two notes each, and ``filler`` more files of one note each."""
    notes = root / "notes"
    notes.mkdir()
    for number in range(filler):
        (notes / f"filler-{number:02d}.md").write_text(
            f"# Filler {number}\n\n- **Term {number}**: filler definition {number}.\n", encoding="utf-8"
        )
    (notes / "storage.md").write_text(_note_file("Shard", "a horizontal partition of the data."), encoding="utf-8")
    (notes / "network.md").write_text(
        "# Network\n\n- **Subnet**: a range of addresses in a network.\n- **Route table**: rules for traffic.\n",
        encoding="utf-8",
    )
    return notes


def _save_like_an_editor(path: Path, text: str) -> None:
    """Write a temporary file beside ``path`` and rename it over ``path``, as most editors save."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _package_fields(apkg: Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(apkg.read_bytes())) as archive:
        database = archive.read("collection.anki2")
    with sqlite3.connect(":memory:") as connection:
        connection.deserialize(database)
        return sorted(str(row[0]) for row in connection.execute("select flds from notes"))


class _Watch:
    """``ankigen watch`` as a subprocess, its output lines read in a thread."""

    def __init__(self, cwd: Path, *args: str, tmpdir: Path, jobs: int = 1, **extra_env: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmpdir), "ANKIGEN_JOBS": str(jobs), **extra_env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ankigen", "watch", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.children: set[int] = set()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def note_children(self) -> None:
        """Remember the processes this one has started (workers, if any) to check them at the end."""
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                self.children.update(int(pid) for pid in (task / "children").read_text().split())

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            self.note_children()
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.output.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {WAIT} s; output:\n{''.join(self.output)}")

    def stop(self) -> tuple[int, float]:
        """SIGINT, then the exit status and how long the process took to exit."""
        self.note_children()
        start = time.monotonic()
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        return code, time.monotonic() - start


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


def _leftovers(*folders: Path) -> list[Path]:
    return [
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.name.endswith(".tmp") or path.name.startswith("ankigen-")
    ]


@pytest.fixture
def watch_tmp(tmp_path: Path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="child processes are found through /proc")
def test_watch_rebuilds_on_save_and_stops_cleanly_on_sigint(tmp_path: Path, watch_tmp: Path) -> None:
    # enough files for the first build to parse them in a pool of two worker processes
    notes = _vault(tmp_path, filler=40)
    out = tmp_path / "deck.apkg"
    watch = _Watch(tmp_path, "notes", "-o", str(out), tmpdir=watch_tmp, jobs=2)
    try:
        first = watch.wait_for("rebuilt")
        assert "44 added" in first and "44 notes" in first
        watch.wait_for("watching for changes")
        assert not any("Shard" in fields and "vertical" in fields for fields in _package_fields(out))

        _save_like_an_editor(notes / "storage.md", _note_file("Shard", "a vertical slice of the data."))
        line = watch.wait_for("rebuilt")
        assert "0 added, 1 changed, 0 orphaned" in line and "1 file(s) parsed" in line
        assert any("vertical slice" in fields for fields in _package_fields(out))

        # two files saved at once: one rebuild
        (notes / "network.md").write_text(
            "# Network\n\n- **Subnet**: a block of addresses.\n- **Route table**: rules for traffic.\n",
            encoding="utf-8",
        )
        _save_like_an_editor(notes / "filler-00.md", "# Filler 0\n\n- **Term 0**: an edited definition.\n")
        line = watch.wait_for("rebuilt")
        assert "0 added, 2 changed, 0 orphaned" in line and "2 file(s) parsed" in line

        # new settings: every file is read again with them
        (notes / "ankigen.toml").write_text('tags = ["watched"]\n', encoding="utf-8")
        line = watch.wait_for("rebuilt")
        assert "0 added, 44 changed, 0 orphaned" in line and "42 file(s) parsed" in line

        # a half-saved file (truncated, not written yet) keeps its notes: none is orphaned
        (notes / "storage.md").write_bytes(b"")
        line = watch.wait_for("rebuilt")
        assert "0 orphaned" in line and "44 notes" in line and "kept the last good notes of 1 file" in line
        assert sum("Shard" in fields or "Quorum" in fields for fields in _package_fields(out)) == 2
    finally:
        code, seconds = watch.stop()
    assert code == 0, "".join(watch.output)
    assert seconds < 2 * 5  # 2 s is the target; the bound leaves room for a loaded CI machine
    assert not [pid for pid in watch.children if _alive(pid)]
    assert not _leftovers(tmp_path)
    made = {path.name for path in notes.iterdir() if not path.name.startswith("filler-")}
    made.discard(STATE_FILE_NAME + ".lock")  # the state's lock file may stay (it is not a temporary file)
    assert made == {STATE_FILE_NAME, "ankigen.toml", "network.md", "storage.md"}


def test_watch_imports_each_change_into_the_collection(tmp_path: Path, watch_tmp: Path) -> None:
    collection_module = pytest.importorskip("anki.collection")
    notes = _vault(tmp_path)
    collection = tmp_path / "collection.anki2"
    watch = _Watch(tmp_path, "notes", "--collection", str(collection), tmpdir=watch_tmp)
    try:
        assert "4 new" in watch.wait_for("imported into")
        _save_like_an_editor(notes / "storage.md", _note_file("Shard", "a vertical slice of the data."))
        watch.wait_for("rebuilt")
        assert "1 updated" in watch.wait_for("imported into")
    finally:
        code, _ = watch.stop()
    assert code == 0, "".join(watch.output)
    assert not _leftovers(tmp_path)
    assert not list(watch_tmp.iterdir())  # the packages it imported were removed with their folder
    col = collection_module.Collection(str(collection))
    try:
        fields = sorted(" ".join(col.get_note(nid).fields) for nid in col.find_notes(""))
        assert len(fields) == 4
        assert any("vertical slice" in field for field in fields)
        assert not any("horizontal partition" in field for field in fields)
    finally:
        col.close()


SYNC_USER = "watcher"
SYNC_PASSWORD = "w4tch-Pa55-xyzzy"


@pytest.fixture
def sync_server(tmp_path: Path) -> Iterator[str]:
    """Anki's own sync server on a free port of 127.0.0.1, with one empty account."""
    pytest.importorskip("anki")
    with run_sync_server(tmp_path / "server", {SYNC_USER: SYNC_PASSWORD}, wait=WAIT) as endpoint:
        yield endpoint


@pytest.mark.parametrize("interval", ["0", "3600"])
def test_watch_syncs_at_most_every_interval_and_once_more_on_exit(
    tmp_path: Path, watch_tmp: Path, sync_server: str, interval: str
) -> None:
    from ankigen.deliver.remote import Credentials
    from ankigen.deliver.sync import sync_collection

    notes = _vault(tmp_path)
    collection = tmp_path / "bot" / "collection.anki2"
    args = ("notes", "--collection", str(collection), "--endpoint", sync_server, "--sync-interval", interval)
    watch = _Watch(tmp_path, *args, tmpdir=watch_tmp, ANKIWEB_USERNAME=SYNC_USER, ANKIWEB_PASSWORD=SYNC_PASSWORD)
    try:
        assert "synced" in watch.wait_for("imported into")  # at start: pull, import, push
        _save_like_an_editor(notes / "storage.md", _note_file("Shard", "a vertical slice of the data."))
        line = watch.wait_for("imported into")
        assert "1 updated" in line and "synced" not in line  # imported here only
        if interval == "0":
            watch.wait_for("synced")  # then sent at once
        _save_like_an_editor(notes / "network.md", "# Network\n\n- **Subnet**: a block of addresses.\n")
        assert "1 updated" in watch.wait_for("imported into")
    finally:
        code, _ = watch.stop()
    assert code == 0, "".join(watch.output)
    if interval == "3600":  # nothing was sent between the start and the exit
        assert sum("synced" in line for line in watch.output) == 1
    assert not list(watch_tmp.iterdir())
    # a phone: a fresh collection that downloads the account's, with both edits in it
    phone = tmp_path / "phone" / "collection.anki2"
    report = sync_collection(phone, None, endpoint=sync_server, credentials=Credentials(SYNC_USER, SYNC_PASSWORD))
    assert report.full_sync == "download"
    col = pytest.importorskip("anki.collection").Collection(str(phone))
    try:
        fields = " ".join(" ".join(col.get_note(nid).fields) for nid in col.find_notes(""))
    finally:
        col.close()
    assert "vertical slice" in fields and "a block of addresses" in fields
    assert "horizontal partition" not in fields


def test_watch_once_builds_and_exits(tmp_path: Path, watch_tmp: Path) -> None:
    _vault(tmp_path)
    watch = _Watch(tmp_path, "notes", "-o", "deck.apkg", "--once", tmpdir=watch_tmp)
    assert watch.process.wait(timeout=WAIT) == 0
    assert len(_package_fields(tmp_path / "deck.apkg")) == 4


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _rebuild_sequence(notes: Path, out: Path, *, watch: bool) -> list[bytes]:
    """Build, edit one file, add another (with a term twice: a numbered GUID), edit the first
    again, and build after each step: by watch's rebuilder or by cold builds. Each step's package
    and build state."""
    packages: list[bytes] = []
    rebuilder = Rebuilder([notes], out, config=Config(), state=notes / STATE_FILE_NAME) if watch else None
    edits: list[tuple[Path, str] | None] = [
        None,
        (notes / "storage.md", _note_file("Shard", "a vertical slice of the data.")),
        (notes / "extra" / "new.md", "# Extra\n\n- **Replica**: a copy of the data.\n- **Replica**: one more copy.\n"),
        (notes / "storage.md", _note_file("Shard", "a slice of the data, kept on one node.")),
    ]
    for edit in edits:
        changed: set[Path] = set()
        if edit is not None:
            path, text = edit
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.add(path.resolve())
        if rebuilder is not None:
            rebuild = rebuilder.rebuild(changed if edit is not None else None)
            assert rebuild.parsed == (len(list(notes.glob("*.md"))) if edit is None else 1)
        else:
            ankigen.build_package([notes], out)
        packages.append(out.read_bytes())
        packages.append((notes / STATE_FILE_NAME).read_bytes())
    return packages


def test_a_watch_rebuild_writes_the_same_bytes_as_a_cold_build(in_tmp: Path, epoch: int) -> None:
    notes = _vault(in_tmp)
    # a file of many notes, for a collection of three pieces of deflate stream (of which watch
    # deflates again only those that changed)
    bulk = [
        f"- **Term {number}**: the definition of term {number}, long enough to fill a page." for number in range(400)
    ]
    (notes / "bulk.md").write_text("# Bulk\n\n" + "\n".join(bulk) + "\n", encoding="utf-8")
    originals = {path: path.read_bytes() for path in notes.iterdir()}
    cold = _rebuild_sequence(notes, in_tmp / "deck.apkg", watch=False)
    # the same notes again from the start: the same files, no state or package, no new file
    (notes / STATE_FILE_NAME).unlink()
    (in_tmp / "deck.apkg").unlink()
    (notes / "extra" / "new.md").unlink()
    (notes / "extra").rmdir()
    for path, data in originals.items():
        path.write_bytes(data)
    watched = _rebuild_sequence(notes, in_tmp / "deck.apkg", watch=True)
    assert len(set(cold[::2])) == 4  # each step changed the package
    with zipfile.ZipFile(io.BytesIO(cold[-2])) as archive:
        assert archive.getinfo("collection.anki2").file_size > 2 * DEFLATE_CHUNK  # three pieces
    assert watched == cold  # the packages, and the build states watch keeps in memory


def test_a_build_run_between_two_rebuilds_is_taken_into_account(in_tmp: Path, epoch: int) -> None:
    # watch holds the lock only while it rebuilds: a build of the same notes in between writes the
    # state and the package, and the next rebuild starts from what that build wrote
    notes = _vault(in_tmp)
    package = in_tmp / "deck.apkg"
    rebuilder = Rebuilder([notes], package, config=Config(), state=notes / STATE_FILE_NAME)
    assert len(rebuilder.rebuild().result.notes) == 4
    storage = notes / "storage.md"
    storage.write_text(_note_file("Shard", "a vertical slice of the data."), encoding="utf-8")
    built = ankigen.build_package([notes], package)
    assert sum(change.change == "changed" for change in built.changes) == 1
    written, state = package.read_bytes(), (notes / STATE_FILE_NAME).read_bytes()

    rebuild = rebuilder.rebuild({storage.resolve()})

    assert (rebuild.added, rebuild.changed, rebuild.orphaned) == (0, 0, 0)
    assert not [d for d in rebuild.result.diagnostics if "does not belong" in d.message]
    assert package.read_bytes() == written  # nothing changed since that build: the same package
    assert (notes / STATE_FILE_NAME).read_bytes() == state  # and the same state
    # the next save goes as a cold build of it would
    storage.write_text(_note_file("Shard", "a slice of the data, on one node."), encoding="utf-8")
    rebuild = rebuilder.rebuild({storage.resolve()})
    watched = (package.read_bytes(), (notes / STATE_FILE_NAME).read_bytes(), _changes(rebuild.result))
    (notes / STATE_FILE_NAME).write_bytes(state)
    package.write_bytes(written)
    cold = ankigen.build_package([notes], package)
    assert watched == (package.read_bytes(), (notes / STATE_FILE_NAME).read_bytes(), _changes(cold))
    assert (rebuild.added, rebuild.changed, rebuild.orphaned) == (0, 1, 0)


def test_an_unreadable_or_binary_file_keeps_its_last_good_notes(in_tmp: Path, epoch: int) -> None:
    notes = _vault(in_tmp)
    rebuilder = Rebuilder([notes], in_tmp / "deck.apkg", config=Config(), state=notes / STATE_FILE_NAME)
    assert len(rebuilder.rebuild().result.notes) == 4
    storage = notes / "storage.md"
    storage.write_bytes(b"\0\0\0 half-written")
    rebuild = rebuilder.rebuild({storage.resolve()})
    assert len(rebuild.result.notes) == 4 and rebuild.orphaned == 0
    assert rebuild.kept == ("notes/storage.md",)
    warning = [str(d) for d in rebuild.result.diagnostics if "last good read" in d.message]
    assert warning and warning[0].startswith("notes/storage.md:1: warning:")
    # once it reads cleanly again, its new content counts
    storage.write_text("# Storage\n\n- **Quorum**: the smallest group that must agree.\n", encoding="utf-8")
    rebuild = rebuilder.rebuild({storage.resolve()})
    assert len(rebuild.result.notes) == 3 and rebuild.orphaned == 1 and not rebuild.kept


@pytest.mark.parametrize(
    ("name", "relevant"),
    [
        ("notes/storage.md", True),
        ("notes/sub/new.markdown", True),
        ("notes/ankigen.toml", True),
        ("notes/.storage.md.swp", False),
        ("notes/storage.md~", False),
        ("notes/.obsidian/workspace.md", False),
        ("notes/deck.apkg", False),
        ("notes/.ankigen-state.json", False),
        ("elsewhere/other.md", False),
    ],
)
def test_which_changes_trigger_a_rebuild(in_tmp: Path, name: str, relevant: bool) -> None:
    notes = _vault(in_tmp)
    rebuilder = Rebuilder([notes], None, config=Config(), state=notes / STATE_FILE_NAME)
    assert rebuilder.is_relevant((in_tmp / name).resolve()) is relevant


_Changes = list[tuple[str, str, str, str]]


def _changes(result: ankigen.BuildResult) -> _Changes:
    """What a build reports per note, in order: its change, GUID, place and prompt."""
    return [(change.change, change.guid, str(change.span), change.prompt) for change in result.changes]


def _edit_sequence(notes: Path, out: Path, *, watch: bool) -> list[tuple[bytes, bytes, _Changes, tuple[int, int, int]]]:
    """A build, then real saves: a note taken out of a file, one added to another, that file deleted,
    a note's text changed, two notes swapping places. After each step, built by watch's rebuilder
    (told only the path that changed) or by a cold build: the package, the build state, every
    note's change, and (for watch) the notes added, changed and orphaned."""
    storage, network = notes / "storage.md", notes / "network.md"
    steps: list[tuple[Path, str | None] | None] = [
        None,
        (storage, "# Storage\n\n- **Shard**: a horizontal partition of the data.\n"),
        (network, network.read_text(encoding="utf-8") + "- **Gateway**: where traffic leaves the network.\n"),
        (network, None),
        (storage, "# Storage\n\n- **Shard**: a partition of the rows, kept on one node.\n"),
        (
            storage,
            "# Storage\n\n- **Quorum**: most of the nodes.\n- **Shard**: a partition of the rows, kept on one node.\n",
        ),
        (
            storage,
            "# Storage\n\n- **Shard**: a partition of the rows, kept on one node.\n- **Quorum**: most of the nodes.\n",
        ),
    ]
    rebuilder = Rebuilder([notes], out, config=Config(), state=notes / STATE_FILE_NAME) if watch else None
    seen: list[tuple[bytes, bytes, _Changes, tuple[int, int, int]]] = []
    for step in steps:
        if step is not None:
            path, text = step
            if text is None:
                path.unlink()
            else:
                _save_like_an_editor(path, text)
        counts = (0, 0, 0)
        if rebuilder is not None:
            rebuild = rebuilder.rebuild(None if step is None else {step[0].resolve()})
            counts = (rebuild.added, rebuild.changed, rebuild.orphaned)
            result = rebuild.result
        else:
            result = ankigen.build_package([notes], out)
        seen.append((out.read_bytes(), (notes / STATE_FILE_NAME).read_bytes(), _changes(result), counts))
    return seen


def test_watch_rebuilds_after_notes_are_removed_added_and_changed_match_cold_builds(in_tmp: Path, epoch: int) -> None:
    notes = _vault(in_tmp)
    originals = {path: path.read_bytes() for path in notes.iterdir()}
    cold = _edit_sequence(notes, in_tmp / "deck.apkg", watch=False)
    (notes / STATE_FILE_NAME).unlink()
    (in_tmp / "deck.apkg").unlink()
    for path, data in originals.items():
        path.write_bytes(data)
    watched = _edit_sequence(notes, in_tmp / "deck.apkg", watch=True)

    # Quorum, taken out at the first save, comes back with other text: the state still knows it, changed
    assert [step[3] for step in watched] == [
        (4, 0, 0),
        (0, 0, 1),
        (1, 0, 0),
        (0, 0, 3),
        (0, 1, 0),
        (0, 1, 0),
        (0, 0, 0),
    ]
    assert len({package for package, _, _, _ in cold}) == 6  # every step changed the package but the last
    for step, (watch_step, cold_step) in enumerate(zip(watched, cold, strict=True)):
        assert watch_step[:3] == cold_step[:3], f"step {step}: watch and a cold build differ"
    fields = sorted(note.split("\x1f")[0] for note in _package_fields(in_tmp / "deck.apkg"))
    assert fields == ["Quorum", "Shard"]
    # the notes swapped places: the same package, and a state that records where they are now
    assert watched[-1][0] == watched[-2][0] and watched[-1][1] != watched[-2][1]
    assert [(change, place) for change, _, place, _ in watched[-1][2]] == [
        ("unchanged", "notes/storage.md:3"),
        ("unchanged", "notes/storage.md:4"),
        *[("orphaned", place) for change, _, place, _ in watched[-1][2][2:]],
    ]


_Ids = dict[str, tuple[int, tuple[tuple[int, int], ...]]]


def _package_ids(apkg: Path) -> _Ids:
    """Per GUID in the package: the note's id and its cards' (ordinal, id)."""
    with zipfile.ZipFile(io.BytesIO(apkg.read_bytes())) as archive:
        database = archive.read("collection.anki2")
    with sqlite3.connect(":memory:") as connection:
        connection.deserialize(database)
        cards: dict[int, list[tuple[int, int]]] = {}
        for card_id, note_id, ordinal in connection.execute("select id, nid, ord from cards"):
            cards.setdefault(note_id, []).append((ordinal, card_id))
        return {
            guid: (note_id, tuple(sorted(cards.get(note_id, []))))
            for note_id, guid in connection.execute("select id, guid from notes")
        }


# two gaps neither of which shows the other's answer (``asynchronous`` would show ``synchronous``:
# that gap is turned back into text, selection.answers_shown)
_CLOZE_FILE = "# Replication\n\n**Synchronous replication** waits for the replica, **lazy replication** does not.\n"


def _id_sequence(notes: Path, out: Path, *, watch: bool) -> list[tuple[bytes, bytes, _Ids]]:
    """A build, then saves: a note's text changed, a cloze given one more gap (a new note: its key
    phrases changed), a file deleted, the same file back again, the cloze as it was. After each, by
    watch's rebuilder or a cold build: the package, the build state and the package's ids per GUID."""
    network = notes / "network.md"
    network_text = network.read_text(encoding="utf-8")
    replication = notes / "replication.md"
    replication.write_text(_CLOZE_FILE, encoding="utf-8")
    steps: list[tuple[Path, str | None] | None] = [
        None,
        (notes / "storage.md", _note_file("Shard", "a partition of the rows, kept on one node.")),
        (replication, _CLOZE_FILE.replace("does not.", "does not, and **quorum writes** wait for most.")),
        (network, None),
        (network, network_text),
        (replication, _CLOZE_FILE),
    ]
    rebuilder = Rebuilder([notes], out, config=Config(), state=notes / STATE_FILE_NAME) if watch else None
    seen: list[tuple[bytes, bytes, _Ids]] = []
    for step in steps:
        if step is not None:
            path, text = step
            if text is None:
                path.unlink()
            else:
                _save_like_an_editor(path, text)
        if rebuilder is not None:
            rebuilder.rebuild(None if step is None else {step[0].resolve()})
        else:
            ankigen.build_package([notes], out)
        seen.append((out.read_bytes(), (notes / STATE_FILE_NAME).read_bytes(), _package_ids(out)))
    return seen


def test_notes_keep_their_ids_through_changes_and_watch_writes_what_a_cold_build_does(in_tmp: Path, epoch: int) -> None:
    notes = _vault(in_tmp)
    originals = {path: path.read_bytes() for path in notes.iterdir()}
    cold = _id_sequence(notes, in_tmp / "deck.apkg", watch=False)
    (notes / STATE_FILE_NAME).unlink()
    (in_tmp / "deck.apkg").unlink()
    for path in notes.iterdir():
        if path not in originals:
            path.unlink()
    for path, data in originals.items():
        path.write_bytes(data)
    watched = _id_sequence(notes, in_tmp / "deck.apkg", watch=True)

    for step, (watch_step, cold_step) in enumerate(zip(watched, cold, strict=True)):
        assert watch_step[:2] == cold_step[:2], f"step {step}: watch and a cold build differ"
    first, changed, more_gaps, without, back, reverted = (ids for _, _, ids in watched)
    assert len({package for package, _, _ in watched[:4]}) == 4
    # a note keeps its ids when it changes, and every other note keeps its own
    assert changed == first
    # a cloze with one more gap is a new note with new ids (past all the others), in place of the old one
    [old_cloze] = set(first) - set(more_gaps)
    [new_cloze] = set(more_gaps) - set(first)
    assert len(more_gaps[new_cloze][1]) == 3 > len(first[old_cloze][1])
    highest = max(max(note_id, *(card for _, card in cards)) for note_id, cards in first.values())
    assert min(more_gaps[new_cloze][0], *(card for _, card in more_gaps[new_cloze][1])) > highest
    assert {guid: ids for guid, ids in more_gaps.items() if guid != new_cloze} == {
        guid: ids for guid, ids in first.items() if guid != old_cloze
    }
    # notes that leave and come back get their ids back
    assert len(without) == len(more_gaps) - 2
    assert back == more_gaps
    assert reverted == first


def test_a_format_1_state_is_read_and_written_back_with_ids(in_tmp: Path, epoch: int) -> None:
    notes = _vault(in_tmp)
    out = in_tmp / "deck.apkg"
    ankigen.build_package([notes], out)
    state_path = notes / STATE_FILE_NAME
    state = json.loads(state_path.read_text(encoding="utf-8"))
    assert state["format"] == 2
    ids = _package_ids(out)
    assert {guid: (entry["id"], tuple(map(tuple, entry["cards"]))) for guid, entry in state["notes"].items()} == ids
    # the file an older ankigen wrote: no ids
    state["format"] = 1
    for entry in state["notes"].values():
        del entry["id"], entry["cards"]
    state_path.write_text(json.dumps(state), encoding="utf-8")

    result = ankigen.build_package([notes], out)

    assert not [d for d in result.diagnostics if "state" in d.message]
    assert [change.change for change in result.changes] == ["unchanged"] * 4  # the times are kept
    rewritten = json.loads(state_path.read_text(encoding="utf-8"))
    assert rewritten["format"] == 2
    assert {guid: (entry["id"], tuple(map(tuple, entry["cards"]))) for guid, entry in rewritten["notes"].items()} == (
        _package_ids(out)
    )


def _numbering_note(rng: random.Random, file: int, line: int) -> Note:
    """A note for the numbering test: keys from a small pool, so that they collide within and across
    files, among them a cloze whose key is another cloze's first numbered key (``x`` then ``#2``)
    and block ids."""
    colliding = [
        (NoteKind.DEFINITION, "VPC"),
        (NoteKind.DEFINITION, "ｖｐｃ"),
        (NoteKind.DEFINITION, "Subnet"),
        (NoteKind.CLOZE, "quorum"),
        (NoteKind.CLOZE, "quorum\x1f#2"),
        (NoteKind.CLOZE, "quorum\x1f#3"),
    ]
    own = (NoteKind.DEFINITION, f"Term {file}.{line}.{rng.randrange(3)}")
    kind, key = rng.choice(colliding) if rng.random() < 0.08 else own
    pinned = rng.choice(["pin-a", "pin-b"]) if rng.random() < 0.03 else ""
    note = Note(
        kind, key, (("Front", key), ("Back", f"text {line}")), Span(f"f{file}.md", rng.randrange(1, 1000)), deck="Exam"
    )
    return identify(replace(note, pinned_id=pinned))


def test_numbering_only_what_may_be_numbered_gives_what_numbering_every_note_gives() -> None:
    """Watch counts the GUIDs of the changed files only and numbers only the notes that may be
    numbered: over random saves (notes colliding within and across files, a cloze whose key is
    another's numbered key, block ids, files added and deleted), its GUIDs and warnings are those
    of one pass over all the notes, and an unchanged file's notes stay the same objects whenever
    their GUIDs did not change (later stages find the changed notes by that)."""
    rng = random.Random(14)
    files: dict[int, tuple[Note, ...]] = {}

    def new_file(number: int) -> tuple[Note, ...]:
        return tuple(_numbering_note(rng, number, line) for line in range(rng.randrange(0, 5)))

    for number in range(8):
        files[number] = new_file(number)
    memo = GuidMemo()
    before: dict[int, tuple[tuple[Note, ...], list[Note]]] = {}
    for step in range(600):
        if step:
            number = rng.randrange(10)
            if number in files and rng.random() < 0.15:
                del files[number]
            else:
                files[number] = new_file(number)
        ordered = [files[number] for number in sorted(files)]
        notes, diagnostics = assign_guids_by_file(ordered, None, memo)
        expected, expected_diagnostics = assign_guids(itertools.chain.from_iterable(ordered))
        assert [note.guid for note in notes] == [note.guid for note in expected], f"step {step}"
        assert [str(item) for item in diagnostics] == [str(item) for item in expected_diagnostics], f"step {step}"
        assert notes == expected
        start = 0
        after: dict[int, tuple[tuple[Note, ...], list[Note]]] = {}
        for number in sorted(files):
            after[number] = (files[number], notes[start : start + len(files[number])])
            start += len(files[number])
            source, last = before.get(number, ((), []))
            if source is files[number] and [note.guid for note in last] == [note.guid for note in after[number][1]]:
                assert all(map(operator.is_, last, after[number][1])), f"step {step}: file {number}'s notes are new"
        before = after


def test_a_duplicate_across_files_through_watch_rebuilds_matches_cold_builds(in_tmp: Path, epoch: int) -> None:
    """One term in two files of one deck (the later one numbered): watch's rebuilds, as the
    duplicate comes, goes and comes back and other files change, write what cold builds write."""
    notes = in_tmp / "notes"
    notes.mkdir()
    head = "---\ndeck: Exam\n---\n# {}\n\n"
    first, second, third = notes / "a.md", notes / "b.md", notes / "c.md"
    texts = {
        first: head.format("A") + "- **VPC**: a private network.\n- **Subnet**: a range of addresses.\n",
        second: head.format("B") + "- **Route table**: rules for traffic.\n",
        third: head.format("C") + "- **Gateway**: where traffic leaves.\n",
    }
    steps: list[tuple[Path, str]] = [
        (second, texts[second] + "- **ＶＰＣ**: the network again, in full width.\n"),
        (first, texts[first].replace("a private network", "an isolated network")),
        (first, head.format("A") + "- **Subnet**: a range of addresses.\n"),
        (third, texts[third].replace("leaves", "leaves the network")),
        (first, texts[first]),
        (second, texts[second]),
    ]

    def run(*, watch: bool) -> list[tuple[bytes, bytes, list[str]]]:
        for path, text in texts.items():
            path.write_text(text, encoding="utf-8")
        (notes / STATE_FILE_NAME).unlink(missing_ok=True)
        out = in_tmp / "deck.apkg"
        out.unlink(missing_ok=True)
        rebuilder = Rebuilder([notes], out, config=Config(), state=notes / STATE_FILE_NAME) if watch else None
        seen = []
        for step in [None, *steps]:
            if step is not None:
                _save_like_an_editor(*step)
            if rebuilder is not None:
                result = rebuilder.rebuild(None if step is None else {step[0].resolve()}).result
            else:
                result = ankigen.build_package([notes], out)
            warnings = sorted(d.message for d in result.diagnostics if "also at" in d.message)
            seen.append((out.read_bytes(), (notes / STATE_FILE_NAME).read_bytes(), warnings))
        return seen

    cold = run(watch=False)
    watched = run(watch=True)
    assert [bool(warnings) for _, _, warnings in cold] == [False, True, True, False, False, True, False]
    for step, (watch_step, cold_step) in enumerate(zip(watched, cold, strict=True)):
        assert watch_step == cold_step, f"step {step}: watch and a cold build differ"


def test_only_a_file_renamed_whole_into_place_skips_the_quiet_wait() -> None:
    """The watcher's events for the ways editors save: a temporary file renamed over the note is
    rebuilt at once; a note written in place, created, or renamed aside before a new one is written
    waits for the quiet time, so the rest of the save joins the same rebuild."""
    from watchfiles import Change

    from ankigen.commands.watch import _renamed_into_place

    note, temporary, backup = "/v/notes/a.md", "/v/notes/.a.md.swp", "/v/notes/a.md~"

    def decide(*events: tuple[Change, str]) -> bool:
        changes = set(events)
        return _renamed_into_place(changes, {event for event in changes if event[1].endswith(".md")})

    assert decide((Change.added, temporary), (Change.deleted, temporary), (Change.added, note))
    assert decide((Change.deleted, temporary), (Change.added, note))
    assert not decide((Change.modified, note))  # written in place: truncated, then written
    assert not decide((Change.added, note))  # created, maybe not written yet
    assert not decide((Change.deleted, note), (Change.added, backup))  # renamed aside, the new one to come
    assert not decide((Change.deleted, note), (Change.added, backup), (Change.added, note))
    assert not decide((Change.deleted, "/v/other/.b.md.swp"), (Change.added, note))  # not beside it


def test_watch_says_a_cache_warning_once_per_cause(
    in_tmp: Path, epoch: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # review leftover (session 12): with cache entries that cannot be used (corrupt here, and a cache
    # that cannot be written: they stay so), each rebuild that parsed a file said the same cache
    # warning again, once per file and per entry (each names its entry): say it once per cause
    import argparse

    from ankigen.cache import FileCache
    from ankigen.commands.watch import _Session

    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(in_tmp / "cache"))
    notes = _vault(in_tmp)
    storage = notes / "storage.md"
    first, second = storage.read_text(encoding="utf-8"), _note_file("Shard", "a partition of the rows.")
    ankigen.build_package([notes], in_tmp / "first.apkg")
    storage.write_text(second, encoding="utf-8")
    ankigen.build_package([notes], in_tmp / "second.apkg")
    entries = sorted((in_tmp / "cache").rglob("*.pickle"))
    assert len(entries) == 3  # network.md, and storage.md as first and as second
    for entry in entries:
        entry.write_bytes(b"not a cache entry")
    monkeypatch.setattr(FileCache, "put_encoded", lambda self, key, data: None)  # as a read-only cache

    args = argparse.Namespace(quiet=False, collection=None, ankiweb=None, endpoint=None)
    rebuilder = Rebuilder([notes], in_tmp / "deck.apkg", config=Config(), state=notes / STATE_FILE_NAME)
    session = _Session(args, rebuilder, notes / STATE_FILE_NAME)
    capsys.readouterr()
    assert session.step(None) is not None  # both files parsed: two entries, one cause
    for text in (first, second, first):  # each save parses storage.md again past its corrupt entry
        storage.write_text(text, encoding="utf-8")
        assert session.step({storage.resolve()}) is not None
    said = [line for line in capsys.readouterr().err.splitlines() if "cache entry" in line]
    assert len(said) == 1, said
    assert "is truncated (no header line); parsed the file again" in said[0]
