"""Deleting in Anki is the learner's last word: ``ankigen sync`` does not bring the note back.
Suspending is the learner's business: ankigen leaves it alone. Against Anki's own sync server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("anki")

from anki.collection import Collection
from anki.notes import NoteId

import ankigen
from ankigen.cli import main
from ankigen.deliver.remote import Credentials
from ankigen.deliver.sync import sync_collection
from tests._syncserver import Accounts, run_sync_server
from tests._vault import CELLS, write_vault

USERS = 4
T0 = 1_750_000_000

NOTES = CELLS


ACCOUNTS = Accounts(USERS, lambda n: f"deleted-Pa55-{n}-plugh")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m anki.syncserver`` on a free port of 127.0.0.1, with ``USERS`` empty accounts."""
    with run_sync_server(tmp_path_factory.mktemp("syncserver"), ACCOUNTS.users) as endpoint:
        yield endpoint


@pytest.fixture
def account(monkeypatch: pytest.MonkeyPatch) -> Credentials:
    credentials = ACCOUNTS.take()
    monkeypatch.setenv("ANKIWEB_USERNAME", credentials.username)
    monkeypatch.setenv("ANKIWEB_PASSWORD", credentials.password)
    return credentials


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    notes = write_vault(tmp_path, NOTES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0))
    return notes


def _terms(collection: Path) -> dict[str, str]:
    """Term -> GUID of the notes in a collection."""
    col = Collection(str(collection))
    try:
        return {col.get_note(nid)["Term"]: col.get_note(nid).guid for nid in col.find_notes("")}
    finally:
        col.close()


def _delete(collection: Path, term: str) -> None:
    col = Collection(str(collection))
    try:
        col.remove_notes([NoteId(nid) for nid in col.find_notes(f'"Term:{term}"')])
    finally:
        col.close()


def test_a_note_deleted_on_another_device_stays_deleted_on_both(
    server: str, account: Credentials, vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = tmp_path / "bot" / "collection.anki2"
    phone = tmp_path / "phone" / "collection.anki2"
    sync = ["sync", str(vault), "--collection", str(bot), "--endpoint", server]
    assert main(sync) == 0
    assert "3 new" in capsys.readouterr().out
    assert sync_collection(phone, None, endpoint=server, credentials=account).full_sync == "download"
    osmosis = _terms(phone)["Osmosis"]

    # 1. device B deletes a note and syncs
    _delete(phone, "Osmosis")
    assert sync_collection(phone, None, endpoint=server, credentials=account).full_sync is None

    # 2. ankigen sync runs: the note is not added again, and is now rejected
    assert main(sync) == 0
    out = capsys.readouterr().out
    assert "1 note deleted in Anki is now rejected (`ankigen reject --undo GUID` brings one back)" in out
    assert "0 new" in out
    assert osmosis in ankigen.rejected(vault)
    assert osmosis in (vault / ".ankigen-rejected.txt").read_text(encoding="utf-8")

    # 3. the note is back on neither device, after two more syncs
    for _ in range(2):
        assert main(sync) == 0
        assert "deleted in Anki" not in capsys.readouterr().out
        sync_collection(phone, None, endpoint=server, credentials=account)
        assert set(_terms(bot)) == set(_terms(phone)) == {"Mitosis", "Meiosis"}

    # and `reject --undo` brings it back to both
    assert main(["reject", "--undo", osmosis, "--notes", str(vault)]) == 0
    assert main(sync) == 0
    assert "1 new" in capsys.readouterr().out
    sync_collection(phone, None, endpoint=server, credentials=account)
    assert _terms(phone)["Osmosis"] == osmosis


def test_a_note_deleted_in_the_collection_itself_stays_deleted(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = tmp_path / "collection.anki2"
    sync = ["sync", str(vault), "--collection", str(collection)]
    assert main(sync) == 0
    meiosis = _terms(collection)["Meiosis"]
    _delete(collection, "Meiosis")
    for run in range(2):
        assert main(sync) == 0
        out = capsys.readouterr().out
        assert ("1 note deleted in Anki is now rejected" in out) == (run == 0)
        assert set(_terms(collection)) == {"Mitosis", "Osmosis"}
    assert [entry.guid for entry in ankigen.rejected(vault)] == [meiosis]
    # ankigen's own deletions are not the learner's: a pruned orphan that comes back is built again
    (vault / "bio.md").write_text(NOTES.replace("- **Osmosis**: water moving across a membrane\n", ""), "utf-8")
    assert main([*sync, "--prune-orphans", "delete", "--yes"]) == 0
    assert set(_terms(collection)) == {"Mitosis"}
    (vault / "bio.md").write_text(NOTES, encoding="utf-8")
    assert main(sync) == 0
    assert set(_terms(collection)) == {"Mitosis", "Osmosis"}
    assert [entry.guid for entry in ankigen.rejected(vault)] == [meiosis]


def test_a_new_collection_is_not_taken_as_everything_deleted(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = tmp_path / "collection.anki2"
    sync = ["sync", str(vault), "--collection", str(collection)]
    assert main(sync) == 0
    collection.unlink()  # the learner starts a fresh collection at the same place
    assert main(sync) == 0
    out = capsys.readouterr().out
    assert "holds none of the notes ankigen delivered" in out and "3 new" in out
    assert len(ankigen.rejected(vault)) == 0


def test_a_suspended_card_stays_suspended_after_a_rebuild_and_sync(
    server: str, account: Credentials, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = tmp_path / "bot.anki2"
    phone = tmp_path / "phone.anki2"
    sync = ["sync", str(vault), "--collection", str(bot), "--endpoint", server]
    assert main(sync) == 0
    sync_collection(phone, None, endpoint=server, credentials=account)
    col = Collection(str(phone))
    try:
        (mitosis,) = col.find_notes('"Term:Mitosis"')
        card_ids = col.card_ids_of_note(mitosis)
        col.sched.suspend_cards(card_ids)
    finally:
        col.close()
    sync_collection(phone, None, endpoint=server, credentials=account)

    # the note's text changes, so the rebuild updates it in Anki
    (vault / "bio.md").write_text(NOTES.replace("identical daughter cells", "genetically identical cells"), "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0 + 60))
    assert main(sync) == 0
    sync_collection(phone, None, endpoint=server, credentials=account)
    for device in (bot, phone):
        col = Collection(str(device))
        try:
            (note_id,) = col.find_notes('"Term:Mitosis"')
            assert "genetically identical" in col.get_note(note_id)["Definition"]
            assert [col.get_card(cid).queue for cid in col.card_ids_of_note(note_id)] == [-1] * len(card_ids)
        finally:
            col.close()
    assert len(ankigen.rejected(vault)) == 0, "suspending is not deleting"


def test_a_rejected_note_already_in_the_collection_is_an_orphan(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = tmp_path / "collection.anki2"
    sync = ["sync", str(vault), "--collection", str(collection)]
    assert main(sync) == 0
    osmosis = _terms(collection)["Osmosis"]
    assert main(["reject", osmosis, "--notes", str(vault)]) == 0
    capsys.readouterr()
    assert main(sync) == 0
    out = capsys.readouterr().out
    assert "1 orphaned ankigen note(s)" in out and f"{osmosis}  Osmosis" in out and "kept them" in out
    assert main([*sync, "--prune-orphans", "tag"]) == 0
    col = Collection(str(collection))
    try:
        assert [col.get_note(nid).guid for nid in col.find_notes("tag:ankigen::orphan")] == [osmosis]
    finally:
        col.close()
    assert main([*sync, "--prune-orphans", "delete", "--yes"]) == 0
    assert set(_terms(collection)) == {"Mitosis", "Meiosis"}
    assert main(sync) == 0
    assert "deleted in Anki" not in capsys.readouterr().out, "ankigen's own deletion is not the learner's"


def test_watch_does_not_bring_back_a_note_deleted_on_another_device(
    server: str, account: Credentials, vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = tmp_path / "bot.anki2"
    phone = tmp_path / "phone.anki2"
    watch = ["watch", str(vault), "--collection", str(bot), "--endpoint", server, "--once"]
    assert main(watch) == 0
    sync_collection(phone, None, endpoint=server, credentials=account)
    meiosis = _terms(phone)["Meiosis"]
    _delete(phone, "Meiosis")
    sync_collection(phone, None, endpoint=server, credentials=account)
    capsys.readouterr()

    # watch's package is built before its pull: the import does not add the note back all the same
    assert main(watch) == 0
    assert "1 note deleted in Anki is now rejected" in capsys.readouterr().out
    assert meiosis in ankigen.rejected(vault)
    for _ in range(2):
        assert main(watch) == 0
        sync_collection(phone, None, endpoint=server, credentials=account)
        assert set(_terms(bot)) == set(_terms(phone)) == {"Mitosis", "Osmosis"}
