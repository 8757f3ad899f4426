"""The build state file and ``ankigen diff``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ankigen

from .conftest import REPO

NOTES = "---\ndeck: Exam\n---\n# T\n\n- **VPC**: 仮想ネットワークのこと\n- **EBS**: ブロックストレージのこと\n"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "ankigen", *args], cwd=cwd, capture_output=True, text=True, check=False, env=env
    )


def test_state_file_is_deterministic_relative_and_sorted(tmp_path: Path, epoch: int) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTES, encoding="utf-8")
    ankigen.build_package([notes], tmp_path / "a.apkg")
    state_path = notes / ".ankigen-state.json"
    first = state_path.read_bytes()
    ankigen.build_package([notes], tmp_path / "a.apkg")
    assert state_path.read_bytes() == first
    state = json.loads(first)
    assert str(tmp_path) not in first.decode(), "no absolute paths: safe to commit and to move"
    assert list(state) == sorted(state) and list(state["notes"]) == sorted(state["notes"])
    assert {entry["path"] for entry in state["notes"].values()} == {"a.md"}
    assert {entry["mod"] for entry in state["notes"].values()} == {epoch}
    assert set(state["note_types"]) == {kind.value for kind in ankigen.NoteKind}
    assert sorted(path.name for path in notes.iterdir()) == [".ankigen-state.json", "a.md"], "no temp files"


def test_state_write_is_atomic(tmp_path: Path, epoch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(NOTES, encoding="utf-8")
    ankigen.build_package([tmp_path], tmp_path / "out" / "a.apkg")
    state_path = tmp_path / ".ankigen-state.json"
    before = state_path.read_bytes()
    (tmp_path / "a.md").write_text(NOTES.replace("のこと", "です"), encoding="utf-8")

    def interrupted(source: object, target: object) -> None:
        if str(target).endswith(".json"):
            raise OSError(28, "No space left on device")
        os.rename(str(source), str(target))

    monkeypatch.setattr(os, "replace", interrupted)
    result = ankigen.build_package([tmp_path], tmp_path / "out" / "a.apkg")
    assert state_path.read_bytes() == before, "the previous state is intact"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".ankigen-state.json", "a.md", "out"]
    [warning] = [d for d in result.diagnostics if "build state" in d.message]
    assert "No space left" in warning.message and "--state" in warning.message


def test_broken_state_file_warns_and_builds(tmp_path: Path, epoch: int) -> None:
    (tmp_path / "a.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / ".ankigen-state.json").write_text("{ not json", encoding="utf-8")
    result = ankigen.build_package([tmp_path], tmp_path / "a.apkg")
    assert result.output and result.output.is_file()
    assert [d for d in result.diagnostics if "build state unreadable" in d.message]
    assert json.loads((tmp_path / ".ankigen-state.json").read_text(encoding="utf-8"))["format"] == 2


def test_diff_cli_lists_added_changed_and_orphaned_with_file_line(tmp_path: Path, epoch: int) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTES, encoding="utf-8")
    fresh = run_cli("diff", "notes", cwd=tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    assert "+ notes/a.md:6: definition VPC" in fresh.stdout and "no build state" in fresh.stderr
    built = run_cli("build", "notes", "-o", "a.apkg", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "2 added" in built.stdout
    (notes / "a.md").write_text(
        "---\ndeck: Exam\n---\n# T\n\n- **VPC**: AWS の仮想ネットワーク\n- **S3**: オブジェクトストレージ\n",
        encoding="utf-8",
    )
    changed = run_cli("diff", "notes", "--all", cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    lines = changed.stdout.splitlines()
    assert "~ notes/a.md:6: definition VPC" in lines
    assert "+ notes/a.md:7: definition S3" in lines
    assert "- notes/a.md:7: definition EBS" in lines, "orphan: where it was"
    assert lines[-1] == "next build: 1 added, 1 changed, 0 unchanged, 1 orphaned"
    as_json = json.loads(run_cli("diff", "notes", "--format", "json", cwd=tmp_path).stdout)
    assert sorted(entry["change"] for entry in as_json["notes"]) == ["added", "changed", "orphaned"]


def test_diff_shows_a_rekeyed_note_orphaned_next_to_its_replacement(tmp_path: Path, epoch: int) -> None:
    """A nested term's key holds its parent's term: moved under another parent, it is a new note,
    and the old one is listed right after it (not at the end), so the user sees what replaced what."""
    notes = tmp_path / "notes"
    notes.mkdir()
    first = (
        "# T\n\n- **Gateway**: connects networks\n  - **Quota**: at most five per region\n"
        "- **Zone**: a data centre\n- **Region**: a geographic area\n"
    )
    (notes / "a.md").write_text(first, encoding="utf-8")
    assert run_cli("build", "notes", "-o", "a.apkg", cwd=tmp_path).returncode == 0
    moved = (
        "# T\n\n- **Gateway**: connects networks\n- **Zone**: a data centre\n"
        "  - **Quota**: at most five per region\n- **Region**: a geographic area\n"
    )
    (notes / "a.md").write_text(moved, encoding="utf-8")
    lines = run_cli("diff", "notes", "--all", cwd=tmp_path).stdout.splitlines()
    assert lines == [
        # the child is a card of its own, so neither parent's Details list it: both are unchanged
        "= notes/a.md:3: definition Gateway",
        "= notes/a.md:4: definition Zone",
        "+ notes/a.md:5: definition Quota",
        "- notes/a.md:4: definition Quota",
        "= notes/a.md:6: definition Region",
        "next build: 1 added, 0 changed, 3 unchanged, 1 orphaned",
    ]


def test_no_state_cli_option(tmp_path: Path, epoch: int) -> None:
    (tmp_path / "a.md").write_text(NOTES, encoding="utf-8")
    built = run_cli("build", "a.md", "-o", "a.apkg", "--no-state", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert not (tmp_path / ".ankigen-state.json").exists()
    elsewhere = run_cli("build", "a.md", "-o", "a.apkg", "--state", "state/s.json", cwd=tmp_path)
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert (tmp_path / "state" / "s.json").is_file() and not (tmp_path / ".ankigen-state.json").exists()


def test_note_hashes_match_those_in_existing_state_files() -> None:
    """A changed hash would make every note 'changed' once, and Anki take the notes' text over
    edits made in Anki: the values below were written by earlier builds and must stay."""
    from ankigen.state import note_hash

    fields = (("Term", "VPC"), ("Definition", "AWS の仮想ネットワーク"), ("Reverse", ""))
    note = ankigen.Note(
        ankigen.NoteKind.DEFINITION, "vpc", fields, ankigen.Span("a.md", 6), tags=("aws", "net", "aws"), guid="g"
    )
    assert note_hash(note) == "b6930813ea738611c7dd703f0324ce5d"
    empty = ankigen.Note(ankigen.NoteKind.CLOZE, "c", (), ankigen.Span("a.md", 6), guid="g")
    assert note_hash(empty) == "87a03476cfba2a151bc26e820ee97328"


def test_state_file_has_one_note_per_line_and_reads_the_earlier_layout(
    tmp_path: Path, epoch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTES, encoding="utf-8")
    ankigen.build_package([notes], tmp_path / "a.apkg")
    state_path = notes / ".ankigen-state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    lines = state_path.read_text(encoding="utf-8").splitlines()
    for guid, entry in state["notes"].items():
        [line] = [line for line in lines if line.startswith(json.dumps(guid))]
        assert json.loads("{" + line.rstrip(",") + "}") == {guid: entry}, "a note's change is a one-line diff"
    # the layout earlier versions wrote: the same document, indented
    state_path.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch + 100))
    result = ankigen.build_package([notes], tmp_path / "a.apkg")
    assert {change.change for change in result.changes} == {"unchanged"}
    assert json.loads(state_path.read_text(encoding="utf-8")) == state, "every note keeps its time"


def test_hashes_from_the_per_file_stage_are_the_notes_own(tmp_path: Path) -> None:
    # the per-file stage hashes notes ahead (cached, in parallel); a note with an image is left to
    # the build, since the media stage may still change its fields
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (notes / "a.md").write_text(NOTES + "- **S3**: オブジェクトストレージ ![S3 の図](pic.png)\n", encoding="utf-8")
    from ankigen.state import note_hash

    result = ankigen.build_notes([notes])
    assert len(result.hashes) == len(result.notes) == 3
    for note, digest in zip(result.notes, result.hashes, strict=True):
        assert digest == (None if any("<img" in value for _, value in note.fields) else note_hash(note))
    assert result.hashes.count(None) == 1


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("mod", True, "mod True is not a whole number"),
        ("mod", -1, "mod -1 is not a whole number"),
        ("line", "6", "line 6 is not a whole number"),
        ("id", 0, "id 0 is not a whole number"),
        ("cards", [[0, 5], [0, 6]], "a card ordinal twice"),
        ("cards", [[0, 2.5]], "id 2.5 is not a whole number"),
        ("cards", [[True, 5]], "ordinal True is not a whole number"),
        ("cards", [[0]], "a card is not an [ordinal, id] pair"),
    ],
)
def test_a_record_ankigen_did_not_write_is_refused_by_both_builds(
    tmp_path: Path, epoch: int, field: str, value: object, reason: str
) -> None:
    # the records are read by a quick check first (every note's, on every rebuild); what it does not
    # take must still be refused, with the reason, by the build that keeps its notes and the one that streams them
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTES, encoding="utf-8")
    ankigen.build_package([notes], tmp_path / "a.apkg")
    state_path = notes / ".ankigen-state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    first = sorted(state["notes"])[0]
    state["notes"][first][field] = value
    broken = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True)
    for keep_notes in (True, False):
        state_path.write_text(broken, encoding="utf-8")
        result = ankigen.build_package([notes], tmp_path / "a.apkg", keep_notes=keep_notes)
        [warning] = [d for d in result.diagnostics if "build state unreadable" in d.message]
        assert reason in warning.message


def test_records_with_cards_in_any_order_are_read_as_written(tmp_path: Path, epoch: int) -> None:
    from ankigen.state import load_state

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTES, encoding="utf-8")
    ankigen.build_package([notes], tmp_path / "a.apkg")
    state_path = notes / ".ankigen-state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    first = sorted(state["notes"])[0]
    state["notes"][first].update(id=7, cards=[[2, 30], [0, 10], [1, 20]])
    state_path.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    loaded, diagnostics = load_state(state_path)
    assert not diagnostics
    assert loaded.notes[first].ids == (7, ((0, 10), (1, 20), (2, 30)))
    numbers = [number for entry in state["notes"].values() for number in (entry["id"], *(c for _, c in entry["cards"]))]
    assert loaded.next_id == max(numbers) + 1, "one past the highest note or card id"


def test_a_note_reached_through_links_is_recorded_at_the_file_it_is(tmp_path: Path, epoch: int) -> None:
    # each file's path in the state is resolved: its folder once per folder, a file that is a link
    # on its own; both builds record the same path
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "deep" / "b.md").write_text(NOTES.replace("VPC", "Subnet").replace("EBS", "S3"), encoding="utf-8")
    notes = tmp_path / "notes"
    (notes / "part").mkdir(parents=True)
    (notes / "part" / "a.md").write_text(NOTES, encoding="utf-8")
    (notes / "part" / "b.md").symlink_to(elsewhere / "deep" / "b.md")
    states = []
    for keep_notes in (True, False):
        (notes / ".ankigen-state.json").unlink(missing_ok=True)
        ankigen.build_package([notes], tmp_path / "a.apkg", keep_notes=keep_notes)
        states.append((notes / ".ankigen-state.json").read_bytes())
        paths = {entry["path"] for entry in json.loads(states[-1])["notes"].values()}
        assert paths == {"part/a.md", "../elsewhere/deep/b.md"}
    assert states[0] == states[1]
