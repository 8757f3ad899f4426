"""``ankigen sync`` against Anki's own sync server, with two collections playing two devices."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("anki")

from anki.collection import Collection

from ankigen.cli import main
from ankigen.deliver.importing import import_package
from ankigen.deliver.orphans import ORPHAN_TAG
from ankigen.deliver.remote import Credentials
from ankigen.deliver.sync import sync_collection
from ankigen.errors import AnkigenError
from tests._apkg_factory import FakeNote, write_package
from tests._syncserver import Accounts, run_sync_server

USERS = 12
REPO = Path(__file__).resolve().parent.parent
T0 = 1_750_000_000.0


ACCOUNTS = Accounts(USERS, lambda n: f"s3cret-Pa55-{n}-xyzzy")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Anki's own sync server on 127.0.0.1, with ``USERS`` empty accounts."""
    with run_sync_server(tmp_path_factory.mktemp("syncserver"), ACCOUNTS.users) as endpoint:
        yield endpoint


@pytest.fixture
def account() -> Credentials:
    """A fresh, empty server account for each test."""
    return ACCOUNTS.take()


def v1_notes() -> list[FakeNote]:
    return [
        FakeNote("guid-mitosis", "Mitosis", "cell division into two identical cells"),
        FakeNote("guid-meiosis", "Meiosis", "division into four haploid cells"),
        FakeNote("guid-osmosis", "Osmosis", "water moves across a membrane"),
    ]


def v2_notes() -> list[FakeNote]:
    return [
        FakeNote("guid-mitosis", "Mitosis", "division into two <b>identical</b> daughter cells"),
        FakeNote("guid-meiosis", "Meiosis", "two divisions giving four haploid gametes"),
        FakeNote("guid-osmosis", "Osmosis", "water moves across a semi-permeable membrane"),
    ]


def _fields(path: Path) -> dict[str, str]:
    col = Collection(str(path))
    try:
        assert col.db is not None
        return {str(g): str(f) for g, f in col.db.all("select guid, flds from notes")}
    finally:
        col.close()


def test_two_devices(server: str, account: Credentials, tmp_path: Path) -> None:
    image = tmp_path / "cell-3f2a.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n a cell")
    with_image = {"Image": f'<img src="{image.name}">'}
    v1_list = [*v1_notes(), FakeNote("guid-cell", "Cell", "unit of life", extra_fields=with_image)]
    v2_list = [*v2_notes(), FakeNote("guid-cell", "Cell", "the unit of life", extra_fields=with_image)]
    v1 = write_package(tmp_path / "v1.apkg", v1_list, timestamp=T0, media=[image])
    v2 = write_package(tmp_path / "v2.apkg", v2_list, timestamp=T0 + 10, media=[image])
    device_a = tmp_path / "a" / "collection.anki2"
    device_b = tmp_path / "b" / "collection.anki2"

    # device A: a fresh bot collection and an empty account -> import, first upload
    report = sync_collection(device_a, v1, endpoint=server, credentials=account)
    assert report.created and report.synced
    assert report.imported is not None and report.imported.new == 4
    assert report.full_sync == "upload" and report.media_synced

    # device B: empty -> first download
    report = sync_collection(device_b, None, endpoint=server, credentials=account)
    assert report.full_sync == "download"
    assert len(_fields(device_b)) == 4
    assert (device_b.parent / "collection.media" / image.name).read_bytes() == image.read_bytes()

    # device B reviews two cards and syncs
    col = Collection(str(device_b))
    try:
        deck_id = col.decks.id_for_name("Biology") or col.decks.id("Biology")
        assert deck_id is not None
        col.decks.select(deck_id)
        reviewed = []
        for _ in range(2):
            card = col.sched.getCard()
            assert card is not None
            col.sched.answerCard(card, 3)
            reviewed.append(card.id)
    finally:
        col.close()
    report = sync_collection(device_b, None, endpoint=server, credentials=account)
    assert report.full_sync is None

    # device A: edited notes v2 -> pull (B's reviews), import (updates), push
    report = sync_collection(device_a, v2, endpoint=server, credentials=account)
    assert report.full_sync is None
    assert report.imported is not None
    assert (report.imported.new, report.imported.updated, report.imported.conflicting) == (0, 4, 0)

    # device B sees the updates, no duplicates, its reviews intact
    report = sync_collection(device_b, None, endpoint=server, credentials=account)
    assert report.full_sync is None
    fields = _fields(device_b)
    assert len(fields) == 4
    assert "semi-permeable" in fields["guid-osmosis"]
    assert "<b>identical</b>" in fields["guid-mitosis"]
    col = Collection(str(device_b))
    try:
        assert col.db is not None
        assert col.db.scalar("select count(*) from notes") == 4
        for card_id in reviewed:
            assert col.get_card(card_id).reps == 1
            assert col.db.scalar("select count(*) from revlog where cid = ?", card_id) == 1
    finally:
        col.close()

    # and importing v2 again changes nothing
    report = sync_collection(device_a, v2, endpoint=server, credentials=account)
    assert report.imported is not None
    assert (report.imported.new, report.imported.updated, report.imported.unchanged) == (0, 0, 4)


def _state(path: Path) -> tuple[int, int, int]:
    col = Collection(str(path))
    try:
        return (col.mod, col.note_count(), int(col.card_count()))
    finally:
        col.close()


def test_ambiguous_full_sync_stops_without_changes(server: str, account: Credentials, tmp_path: Path) -> None:
    device_a = tmp_path / "a.anki2"
    sync_collection(
        device_a,
        write_package(tmp_path / "v1.apkg", v1_notes(), timestamp=T0),
        endpoint=server,
        credentials=account,
    )
    # device C has its own, never-synced collection with other notes
    device_c = tmp_path / "c.anki2"
    other = [FakeNote("guid-other", "Diffusion", "spreading out", deck="Chemistry")]
    import_package(device_c, write_package(tmp_path / "other.apkg", other, timestamp=T0))
    before_c = _state(device_c)

    with pytest.raises(AnkigenError, match=r"--full-sync upload.*--full-sync download"):
        sync_collection(
            device_c,
            write_package(tmp_path / "v2.apkg", v2_notes(), timestamp=T0 + 10),
            endpoint=server,
            credentials=account,
        )
    assert _state(device_c) == before_c  # nothing imported, nothing downloaded

    # the server is unchanged: device A has nothing to pull and still sees its own notes
    report = sync_collection(device_a, None, endpoint=server, credentials=account)
    assert report.full_sync is None
    assert set(_fields(device_a)) == {"guid-mitosis", "guid-meiosis", "guid-osmosis"}

    # choosing a side proceeds
    report = sync_collection(device_c, None, endpoint=server, credentials=account, full_sync="download")
    assert report.full_sync == "download"
    assert set(_fields(device_c)) == {"guid-mitosis", "guid-meiosis", "guid-osmosis"}


def test_wrong_password_is_a_clear_error(
    server: str, account: Credentials, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = Credentials(account.username, "not-the-Pa55word-42")
    path = tmp_path / "col.anki2"
    with pytest.raises(AnkigenError, match="rejected the username or password") as info:
        sync_collection(path, None, endpoint=server, credentials=wrong)
    assert wrong.password not in str(info.value)
    assert not path.exists(), "a failed first run leaves no empty collection behind"
    assert wrong.password not in repr(wrong)
    assert wrong.password not in str(wrong)
    out = capsys.readouterr()
    assert wrong.password not in out.out + out.err


def test_locked_collection(server: str, account: Credentials, tmp_path: Path) -> None:
    path = tmp_path / "col.anki2"
    import_package(path, write_package(tmp_path / "v1.apkg", v1_notes(), timestamp=T0))
    other = Collection(str(path))  # "Anki desktop" has it open
    try:
        with pytest.raises(AnkigenError, match=r"open in another program.*nothing was changed"):
            sync_collection(
                path,
                write_package(tmp_path / "v2.apkg", v2_notes(), timestamp=T0 + 10),
                endpoint=server,
                credentials=account,
            )
    finally:
        other.close()
    assert "semi-permeable" not in _fields(path)["guid-osmosis"]


def _run_cli(argv: list[str]) -> int:
    return main(argv)


def test_cli_never_shows_the_password(
    server: str,
    account: Credentials,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    package = write_package(tmp_path / "v1.apkg", v1_notes(), timestamp=T0)
    collection = tmp_path / "bot" / "collection.anki2"
    session = tmp_path / "session.json"
    common = ["sync", "--collection", str(collection), "--package", str(package)]
    common += ["--endpoint", server, "--session-file", str(session)]

    monkeypatch.setenv("ANKIWEB_USERNAME", account.username)
    monkeypatch.setenv("ANKIWEB_PASSWORD", "wrong-" + account.password)
    assert _run_cli(common) == 1
    assert not session.exists()
    failed = capsys.readouterr()
    assert "rejected the username or password" in failed.err

    monkeypatch.setenv("ANKIWEB_PASSWORD", account.password)
    assert _run_cli(common) == 0
    done = capsys.readouterr()
    assert "3 new" in done.out

    # the session file keeps the key, not the password, and only the user can read it
    assert session.stat().st_mode & 0o777 == 0o600
    assert account.password not in session.read_text()

    # with the session file, no password is needed any more
    monkeypatch.delenv("ANKIWEB_USERNAME")
    monkeypatch.delenv("ANKIWEB_PASSWORD")
    assert _run_cli(common) == 0
    again = capsys.readouterr()
    assert "3 unchanged" in again.out

    everything = failed.out + failed.err + done.out + done.err + again.out + again.err
    for secret in (account.password, "wrong-" + account.password):
        assert secret not in everything
        assert secret not in caplog.text


def test_cli_subprocess_never_shows_the_password(server: str, account: Credentials, tmp_path: Path) -> None:
    package = write_package(tmp_path / "v1.apkg", v1_notes(), timestamp=T0)
    env = dict(os.environ, ANKIWEB_USERNAME=account.username, ANKIWEB_PASSWORD=account.password)
    env["PYTHONPATH"] = str(REPO)
    env["RUST_LOG"] = "trace"
    argv = ["sync", "--collection", str(tmp_path / "c.anki2"), "--package", str(package)]
    argv += ["--endpoint", server]
    for password in (account.password, "wrong-" + account.password):
        env["ANKIWEB_PASSWORD"] = password
        done = subprocess.run(
            [sys.executable, "-m", "ankigen", *argv],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == (0 if password == account.password else 1), done.stderr
        assert password not in done.stdout + done.stderr


def _biology_with_a_hand_made_note(tmp_path: Path) -> Path:
    path = tmp_path / "col.anki2"
    import_package(
        path,
        write_package(
            tmp_path / "v1.apkg",
            [*v1_notes(), FakeNote("guid-genes", "Gene", "unit of heredity", deck="Biology::Genetics")],
            timestamp=T0,
        ),
    )
    col = Collection(str(path))
    try:  # the user's own note in the same deck is never an orphan
        note = col.new_note(col.models.by_name("Basic"))  # type: ignore[arg-type]
        note["Front"], note["Back"] = "my own", "note"
        col.add_note(note, col.decks.id_for_name("Biology"))  # type: ignore[arg-type]
    finally:
        col.close()
    return path


def _orphan_state(path: Path) -> dict[str, str]:
    col = Collection(str(path))
    try:
        assert col.db is not None
        return {str(g): str(t) for g, t in col.db.all("select guid, tags from notes")}
    finally:
        col.close()


@pytest.mark.parametrize("prune", [None, "tag", "delete"])
def test_orphans(tmp_path: Path, prune: str | None) -> None:
    path = _biology_with_a_hand_made_note(tmp_path)
    # osmosis and the whole genetics section are gone from the source
    later = write_package(tmp_path / "v2.apkg", v2_notes()[:2], timestamp=T0 + 10)
    report = sync_collection(path, later, prune_orphans=prune)  # type: ignore[arg-type]
    assert sorted(o.guid for o in report.orphans) == ["guid-genes", "guid-osmosis"]
    assert {o.first_field for o in report.orphans} == {"Gene", "Osmosis"}
    notes = _orphan_state(path)
    assert len(notes) == (3 if prune == "delete" else 5)
    if prune == "delete":
        assert report.orphans_deleted == 2
        assert "guid-osmosis" not in notes and "guid-genes" not in notes
    else:
        assert report.orphans_deleted == 0
        tagged = {guid for guid, tags in notes.items() if ORPHAN_TAG in tags}
        assert tagged == ({"guid-genes", "guid-osmosis"} if prune == "tag" else set())


def test_orphan_delete_needs_confirmation(tmp_path: Path) -> None:
    path = _biology_with_a_hand_made_note(tmp_path)
    later = write_package(tmp_path / "v2.apkg", v2_notes()[:2], timestamp=T0 + 10)
    asked: list[int] = []

    def refuse(orphans: object) -> bool:
        asked.append(len(orphans))  # type: ignore[arg-type]
        return False

    report = sync_collection(path, later, prune_orphans="delete", confirm_delete=refuse)
    assert asked == [2] and report.orphans_deleted == 0
    assert len(_orphan_state(path)) == 5
    # the CLI without --yes and without a terminal deletes nothing
    assert _run_cli(["sync", "--collection", str(path), "--package", str(later), "--prune-orphans", "delete"]) == 0
    assert len(_orphan_state(path)) == 5
    assert (
        _run_cli(["sync", "--collection", str(path), "--package", str(later), "--prune-orphans", "delete", "--yes"])
        == 0
    )
    assert len(_orphan_state(path)) == 3


NOTES_V1 = """---
deck: Biology
---

# Cells

## Mitosis

Cell division into two identical daughter cells.

## Meiosis

Division into four haploid cells.

- **Osmosis**: water moving across a membrane
"""


def test_cli_builds_markdown_and_syncs(
    server: str,
    account: Credentials,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole path: Markdown -> ankigen.pipeline -> import -> server, then an edit updates in place."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "bio.md").write_text(NOTES_V1, encoding="utf-8")
    monkeypatch.setenv("ANKIWEB_USERNAME", account.username)
    monkeypatch.setenv("ANKIWEB_PASSWORD", account.password)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(T0)))
    bot = tmp_path / "bot" / "collection.anki2"
    argv = ["sync", str(notes), "--collection", str(bot), "--endpoint", server]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert "3 new" in first and "full upload" in first

    (notes / "bio.md").write_text(
        NOTES_V1.replace("four haploid cells", "four haploid gametes").replace(
            "- **Osmosis**: water moving across a membrane\n", ""
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(T0) + 60))
    assert main([*argv, "--prune-orphans", "tag"]) == 0
    second = capsys.readouterr().out
    assert "0 new" in second and "1 orphaned ankigen note" in second and "Osmosis" in second

    phone = tmp_path / "phone.anki2"
    assert main(["sync", "--collection", str(phone), "--endpoint", server]) == 0
    col = Collection(str(phone))
    try:
        assert col.note_count() == 3
        (meiosis,) = col.find_notes('"Term:Meiosis"')
        assert "four haploid gametes" in col.get_note(meiosis)["Definition"]
        assert len(col.find_notes(f"tag:{ORPHAN_TAG}")) == 1
    finally:
        col.close()


def test_expired_session_falls_back_to_the_password(server: str, account: Credentials, tmp_path: Path) -> None:
    session = tmp_path / "session.json"
    path = tmp_path / "col.anki2"
    sync_collection(path, None, endpoint=server, credentials=account, session_file=session)
    assert session.stat().st_mode & 0o777 == 0o600
    data = json.loads(session.read_text())
    data["hkey"] = "expired-or-revoked"
    session.write_text(json.dumps(data))
    asked: list[str] = []

    def ask() -> Credentials:
        asked.append("password")
        return account

    report = sync_collection(path, None, endpoint=server, credentials=ask, session_file=session)
    assert report.synced and asked == ["password"]
    assert json.loads(session.read_text())["hkey"] != "expired-or-revoked"
    # and the renewed session is used without asking again
    sync_collection(path, None, endpoint=server, credentials=ask, session_file=session)
    assert asked == ["password"]


def test_bot_joins_an_existing_account(server: str, account: Credentials, tmp_path: Path) -> None:
    """The scheduled-job case: the user's own collection is on the server, the bot starts empty."""
    desktop = tmp_path / "desktop.anki2"
    col = Collection(str(desktop))
    try:
        note = col.new_note(col.models.by_name("Basic"))  # type: ignore[arg-type]
        note["Front"], note["Back"] = "my own card", "from the desktop"
        col.add_note(note, col.decks.id("Default"))  # type: ignore[arg-type]
    finally:
        col.close()
    assert sync_collection(desktop, None, endpoint=server, credentials=account).full_sync == "upload"

    bot = tmp_path / "bot.anki2"
    v1 = write_package(tmp_path / "v1.apkg", v1_notes(), timestamp=T0)
    report = sync_collection(bot, v1, endpoint=server, credentials=account, full_sync="download")
    # first download into the empty bot collection, then the import goes up with a normal sync
    assert report.full_sync == "download"
    assert report.imported is not None and report.imported.new == 3

    report = sync_collection(desktop, None, endpoint=server, credentials=account)
    assert report.full_sync is None
    assert len(_fields(desktop)) == 4


def test_cli_sync_builds_with_the_settings_file_and_state_the_build_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deck built with --config and --state, then synced with the same: the collection holds the
    build's notes (same GUIDs), and a second sync of unchanged notes changes nothing."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "bio.md").write_text(NOTES_V1, encoding="utf-8")
    custom = tmp_path / "exam.toml"
    custom.write_text('namespace = "exam-2026"\n', encoding="utf-8")  # not found from the notes
    state = tmp_path / "exam-state.json"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(T0)))
    options = ["--config", str(custom), "--state", str(state)]
    assert main(["inspect", str(notes), "--config", str(custom), "--format", "json"]) == 0
    built = {note["guid"]: note["deck"] for note in json.loads(capsys.readouterr().out)}
    collection = tmp_path / "col.anki2"

    assert main(["sync", str(notes), "--collection", str(collection), *options]) == 0
    assert "3 new" in capsys.readouterr().out and state.exists()
    col = Collection(str(collection))
    try:
        assert col.db is not None
        guids = {str(guid) for (guid,) in col.db.all("select guid from notes")}
        assert guids == set(built)
    finally:
        col.close()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(T0) + 60))
    assert main(["sync", str(notes), "--collection", str(collection), *options]) == 0
    assert "0 new, 0 updated" in capsys.readouterr().out


def test_a_password_in_the_endpoint_is_never_shown_nor_stored(
    server: str,
    account: Credentials,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ANKIWEB_USERNAME", raising=False)
    monkeypatch.delenv("ANKIWEB_PASSWORD", raising=False)
    package = write_package(tmp_path / "v1.apkg", v1_notes(), timestamp=T0)
    session = tmp_path / "session.json"
    common = ["sync", "--collection", str(tmp_path / "c.anki2"), "--package", str(package)]
    common += ["--session-file", str(session), "--endpoint"]
    host = server.split("://", 1)[1]
    wrong = "wrong-" + account.password
    assert _run_cli([*common, f"http://{account.username}:{wrong}@{host}"]) == 1
    failed = capsys.readouterr()
    assert "rejected the username or password" in failed.err
    assert _run_cli([*common, f"http://{account.username}:{account.password}@{host}"]) == 0
    done = capsys.readouterr()
    assert "3 new" in done.out
    stored = session.read_text(encoding="utf-8")
    assert account.password not in stored and f"{account.username}:" not in stored
    assert _run_cli([*common, f"ftp://{account.username}:{account.password}@{host}"]) == 2, "bad usage"
    bad = capsys.readouterr()
    everything = failed.out + failed.err + done.out + done.err + bad.out + bad.err
    assert account.password not in everything and wrong not in everything
