"""``ankigen reject``: a rejected note is never built, exported or synced, whatever happens to its text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ankigen
from tests._vault import CELLS, write_vault

from .conftest import REPO

NOTES = CELLS


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "ankigen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path, NOTES)


def _guids(notes: Path) -> dict[str, str]:
    """Term -> GUID, as `ankigen inspect --format json` shows them."""
    shown = run_cli("inspect", str(notes), "--format", "json", cwd=notes.parent)
    assert shown.returncode == 0, shown.stderr
    return {note["fields"]["Term"]: note["guid"] for note in json.loads(shown.stdout)}


def _package_guids(package: Path, tmp_path: Path) -> set[str]:
    """The GUIDs Anki itself finds in the package, imported into a real collection."""
    pytest.importorskip("anki")
    from anki.collection import Collection

    collection = tmp_path / f"check-{package.stem}.anki2"
    ankigen.import_package(collection, package)
    col = Collection(str(collection))
    try:
        assert col.db is not None
        return {str(guid) for guid in col.db.list("select guid from notes")}
    finally:
        col.close()


def test_reject_in_one_process_then_build_in_another(vault: Path, tmp_path: Path, epoch: int) -> None:
    guids = _guids(vault)
    rejected = run_cli("reject", guids["Osmosis"], "--notes", "notes", cwd=tmp_path)
    assert rejected.returncode == 0, rejected.stderr
    assert f"rejected {guids['Osmosis']}" in rejected.stdout and "bio.md:8" in rejected.stdout

    built = run_cli("build", "notes", "-o", "bio.apkg", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "2 notes" in built.stdout and "1 rejected" in built.stdout
    assert _package_guids(tmp_path / "bio.apkg", tmp_path) == {guids["Mitosis"], guids["Meiosis"]}

    explained = run_cli("inspect", "notes", "--explain", cwd=tmp_path)
    [row] = [line for line in explained.stdout.splitlines() if "Osmosis" in line]
    assert row.split()[:2] == ["8", "rejected"] and guids["Osmosis"] in row
    diff = run_cli("diff", "notes", cwd=tmp_path)
    assert "x notes/bio.md:8: definition Osmosis" in diff.stdout.splitlines()
    assert diff.stdout.splitlines()[-1].endswith(", 1 rejected")
    as_json = json.loads(run_cli("diff", "notes", "--format", "json", cwd=tmp_path).stdout)
    assert {entry["guid"]: entry["change"] for entry in as_json["notes"]}[guids["Osmosis"]] == "rejected"


def test_the_rejections_file_is_plain_sorted_text(vault: Path, tmp_path: Path) -> None:
    guids = _guids(vault)
    done = run_cli("reject", "notes/bio.md:8", "notes/bio.md:6", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (vault / ".ankigen-rejected.txt").read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert entries == sorted(
        [
            f'{guids["Mitosis"]}  # definition "Mitosis" bio.md:6',
            f'{guids["Osmosis"]}  # definition "Osmosis" bio.md:8',
        ]
    )
    assert ankigen.rejected(vault).guids == {guids["Mitosis"], guids["Osmosis"]}
    assert guids["Osmosis"] in ankigen.rejected(vault)
    assert [entry.location for entry in ankigen.rejected(vault)] == [entry.split()[-1] for entry in entries], (
        "entries come back with their file:line"
    )


def test_a_rejection_holds_when_the_answer_changes_or_the_note_moves(vault: Path, tmp_path: Path) -> None:
    guids = _guids(vault)
    assert ankigen.reject([guids["Osmosis"]], root=vault)[0].front == "Osmosis"
    # a new answer, in another file, further down, under another heading
    (vault / "bio.md").write_text(NOTES.replace("- **Osmosis**: water moving across a membrane\n", ""), "utf-8")
    (vault / "more.md").write_text(
        "---\ndeck: Biology\n---\n# Transport\n\nSome text.\n\n## Passive\n\n"
        "- **Osmosis**: diffusion of water through a semi-permeable membrane\n",
        encoding="utf-8",
    )
    result = ankigen.build_notes([vault])
    keys = {note.key for note in result.notes}
    assert "Osmosis" not in keys and {"Mitosis", "Meiosis"} <= keys
    [moved] = result.rejected
    assert moved.guid == guids["Osmosis"] and moved.span.path.endswith("more.md")
    # and taking the rejection back builds it again, where it now is
    [back] = ankigen.reject([guids["Osmosis"]], root=vault, undo=True)
    assert back.guid == guids["Osmosis"]
    assert "Osmosis" in {note.key for note in ankigen.build_notes([vault]).notes}
    assert len(ankigen.rejected(vault)) == 0


def test_rejected_notes_are_in_no_export(vault: Path, tmp_path: Path, epoch: int) -> None:
    guids = _guids(vault)
    ankigen.reject([f"{vault / 'bio.md'}:7"], root=vault)
    result = ankigen.build_package([vault], tmp_path / "deck.apkg")
    assert guids["Meiosis"] not in {note.guid for note in result.notes}
    assert _package_guids(tmp_path / "deck.apkg", tmp_path) == {guids["Mitosis"], guids["Osmosis"]}
    preview = run_cli("preview", "notes", "-o", "p.html", "--renderer", "python", cwd=tmp_path)
    assert preview.returncode == 0, preview.stderr
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "four haploid" not in page and "identical daughter" in page
    # rejections=False builds everything, for a one-off look
    assert len(ankigen.build_notes([vault], rejections=False).notes) == 3


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("agNoSuchGuid0", "no note with this GUID"),
        ("notes/bio.md:3", "no note starts on that line (notes there start at lines 6, 7, 8)"),
        ("notes/nope.md:3", "no such file"),
        ("elsewhere.md:6", "not under the notes root notes; give its root with --notes"),
    ],
    ids=["unknown GUID", "line without a note", "missing file", "file outside the notes"],
)
def test_a_target_that_names_no_note_changes_nothing(vault: Path, tmp_path: Path, target: str, message: str) -> None:
    (tmp_path / "elsewhere.md").write_text(NOTES, encoding="utf-8")
    done = run_cli("reject", "notes/bio.md:6", target, cwd=tmp_path)
    assert done.returncode == 1 and message in done.stderr and "nothing was changed" in done.stderr
    assert not (vault / ".ankigen-rejected.txt").exists()


def test_undo_of_a_note_not_rejected_is_an_error(vault: Path, tmp_path: Path) -> None:
    done = run_cli("reject", "--undo", "notes/bio.md:6", cwd=tmp_path)
    assert done.returncode == 1 and "not rejected" in done.stderr


def test_a_broken_rejections_file_stops_the_build_with_file_and_line(vault: Path, tmp_path: Path) -> None:
    (vault / ".ankigen-rejected.txt").write_text("# mine\nagA agB\n", encoding="utf-8")
    built = run_cli("build", "notes", "-o", "x.apkg", cwd=tmp_path)
    assert built.returncode == 1
    assert "notes/.ankigen-rejected.txt:2:" in built.stderr and "one GUID" in built.stderr
    assert not (tmp_path / "x.apkg").exists(), "no deck with the rejected notes back in it"
