"""``sync --prune-orphans delete --yes`` cannot delete by accident: not on a read that may be torn,
not a reviewed note missing once, and it counts notes, not cards. With the real ``anki`` package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("anki")

from anki.collection import Collection

from ankigen.cli import main
from ankigen.commands import sync as sync_command
from ankigen.lock import build_lock

from .conftest import REPO

NOTES = """---
deck: Storage
---

# Storage

- **Bucket**: a container for objects
- **Object**: a file and its metadata

S3 Standard-IA is for data that is ==accessed less often== but needs ==fast retrieval==.
"""

WITHOUT_CLOZE = NOTES.replace(
    "S3 Standard-IA is for data that is ==accessed less often== but needs ==fast retrieval==.\n", ""
)
WITHOUT_BUCKET = NOTES.replace("- **Bucket**: a container for objects\n", "")


@pytest.fixture
def synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Notes synced once into a new collection: (the notes file, the collection)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    source = notes / "storage.md"
    source.write_text(NOTES, encoding="utf-8")
    collection = tmp_path / "col.anki2"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["sync", str(notes), "--collection", str(collection)]) == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225700")
    return source, collection


def _prune(source: Path, collection: Path) -> int:
    return main(["sync", str(source.parent), "--collection", str(collection), "--prune-orphans", "delete", "--yes"])


def _notes(collection: Path) -> dict[str, int]:
    """First field -> number of cards, per note."""
    col = Collection(str(collection))
    try:
        assert col.db is not None
        rows = col.db.all("select n.flds, count(c.id) from notes n join cards c on c.nid = n.id group by n.id")
        return {str(flds).split("\x1f")[0]: int(cards) for flds, cards in rows}
    finally:
        col.close()


def _review(collection: Path, first_field: str) -> None:
    col = Collection(str(collection))
    try:
        assert col.db is not None
        [note_id] = [nid for nid, flds in col.db.all("select id, flds from notes") if flds.startswith(first_field)]
        card = col.get_note(note_id).cards()[0]
        card.start_timer()
        col.sched.answerCard(card, 3)
    finally:
        col.close()


def test_the_deleted_count_is_notes_not_cards(synced: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    source, collection = synced
    before = _notes(collection)
    [cloze] = [name for name, cards in before.items() if cards == 2]  # one note, two cards
    capsys.readouterr()
    source.write_text(WITHOUT_CLOZE, encoding="utf-8")
    assert _prune(source, collection) == 0
    out = capsys.readouterr().out
    assert "1 orphaned ankigen note(s)" in out and "deleted 1 orphaned note(s)" in out
    assert cloze not in _notes(collection) and len(_notes(collection)) == len(before) - 1


def test_a_reviewed_note_is_deleted_only_when_missing_two_syncs_in_a_row(
    synced: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    source, collection = synced
    _review(collection, "Bucket")
    source.write_text(WITHOUT_BUCKET, encoding="utf-8")  # a torn read would look the same
    capsys.readouterr()
    assert _prune(source, collection) == 0
    out = capsys.readouterr().out
    assert "kept 1 orphaned note(s) with review history" in out and "deleted 1" not in out
    assert "Bucket" in _notes(collection)
    # back in the notes: the count starts again
    source.write_text(NOTES, encoding="utf-8")
    assert _prune(source, collection) == 0
    source.write_text(WITHOUT_BUCKET, encoding="utf-8")
    assert _prune(source, collection) == 0
    assert "Bucket" in _notes(collection), "missing once since it came back: kept"
    capsys.readouterr()
    assert _prune(source, collection) == 0
    assert "deleted 1 orphaned note(s)" in capsys.readouterr().out
    assert "Bucket" not in _notes(collection), "missing two syncs in a row: deleted"


def test_an_unreviewed_orphan_is_deleted_at_once(synced: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    source, collection = synced
    source.write_text(WITHOUT_BUCKET, encoding="utf-8")
    capsys.readouterr()
    assert _prune(source, collection) == 0
    assert "deleted 1 orphaned note(s)" in capsys.readouterr().out
    assert "Bucket" not in _notes(collection)


def test_no_prune_when_a_source_changed_during_the_sync(
    synced: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, collection = synced
    real = sync_command._build

    def editor_saves_meanwhile(*args: Any, **kwargs: Any) -> Any:
        # the build read the file while an editor was saving it: what it read lacks a note; by the
        # time the sync imports, the file is whole again
        built = real(*args, **kwargs)
        source.write_text(NOTES, encoding="utf-8")
        return built

    source.write_text(WITHOUT_BUCKET, encoding="utf-8")
    monkeypatch.setattr(sync_command, "_build", editor_saves_meanwhile)
    capsys.readouterr()
    assert _prune(source, collection) == 0
    captured = capsys.readouterr()
    assert "changed while this sync ran" in captured.err and "storage.md" in captured.err
    assert "deleted 1" not in captured.out
    assert "Bucket" in _notes(collection), "nothing deleted on a read that may be torn"


def test_sync_holds_the_build_lock_and_refuses_a_state_that_is_a_note(
    synced: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, collection = synced
    monkeypatch.setenv("ANKIGEN_LOCK_TIMEOUT", "0.5")
    with build_lock(source.parent / ".ankigen-state.json", on_wait=None):
        # the lock is re-entrant within one process, so the second sync is another process
        done = subprocess.run(
            [sys.executable, "-m", "ankigen", "sync", str(source.parent), "--collection", str(collection)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            timeout=120,
        )
    assert done.returncode == 1 and "another build holds its lock" in done.stderr
    capsys.readouterr()
    before = source.read_bytes()
    assert main(["sync", str(source.parent), "--collection", str(collection), "--state", str(source)]) == 2
    assert "would overwrite a source note" in capsys.readouterr().err
    assert source.read_bytes() == before


@pytest.mark.parametrize("kind", ["markdown", "folder", "truncated"])
def test_a_collection_that_is_not_one_is_named_for_what_it_is(
    synced: tuple[Path, Path], tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source, collection = synced
    if kind == "markdown":
        target, expected, code = source, "not an Anki collection", 2
    elif kind == "folder":
        target, expected, code = source.parent, "is a folder, not an Anki collection", 2
    else:
        target = tmp_path / "truncated.anki2"
        data = collection.read_bytes()
        target.write_bytes(data[: len(data) // 3])
        expected, code = "the collection is damaged", 1
    before = target.read_bytes() if target.is_file() else None
    capsys.readouterr()
    assert main(["sync", "--package", str(tmp_path / "none.apkg"), "--collection", str(target)]) == 1  # no package
    assert main(["sync", str(source.parent), "--collection", str(target)]) == code
    error = capsys.readouterr().err
    assert expected in error and "open in another program" not in error
    if before is not None:
        assert target.read_bytes() == before, "left as it was"


def test_sync_with_nothing_to_do_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "--collection", str(tmp_path / "col.anki2")]) == 2
    assert "nothing to do" in capsys.readouterr().err
    assert not (tmp_path / "col.anki2").exists()


def test_import_package_takes_str_paths(tmp_path: Path) -> None:
    from ankigen import build_package, import_package

    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "storage.md").write_text(NOTES, encoding="utf-8")
    build_package([tmp_path / "notes"], tmp_path / "deck.apkg")
    report = import_package(str(tmp_path / "col.anki2"), str(tmp_path / "deck.apkg"))
    assert report.new == 3


def test_deck_default_imports_into_the_default_deck(tmp_path: Path) -> None:
    from ankigen import build_package, import_package

    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("---\ndeck: Default\n---\n" + NOTES.split("---\n", 2)[2], encoding="utf-8")
    build_package([tmp_path / "notes"], tmp_path / "deck.apkg")
    import_package(tmp_path / "col.anki2", tmp_path / "deck.apkg")
    col = Collection(str(tmp_path / "col.anki2"))
    try:
        assert sorted(deck.name for deck in col.decks.all_names_and_ids()) == ["Default"]
        assert len(col.find_cards("deck:Default")) == 4
    finally:
        col.close()


def test_sync_of_named_files_keeps_the_state_where_build_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "storage.md").write_text(NOTES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["build", "notes/storage.md", "-q"]) == 0  # state in the working folder, beside Storage.apkg
    state = tmp_path / ".ankigen-state.json"
    before = json.loads(state.read_text(encoding="utf-8"))["notes"]
    (tmp_path / "notes" / "storage.md").write_text(NOTES.replace("a container", "a named container"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225700")
    assert main(["sync", "notes/storage.md", "--collection", "col.anki2"]) == 0
    after = json.loads(state.read_text(encoding="utf-8"))["notes"]
    assert sorted(entry["mod"] for entry in after.values()) == [1767225600, 1767225600, 1767225700], (
        "the sync used and updated the build's state"
    )
    assert before.keys() == after.keys()
    assert sorted(path.name for path in (tmp_path / "notes").iterdir()) == ["storage.md"]
