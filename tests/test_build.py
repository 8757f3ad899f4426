"""Building decks end to end, and importing them into a real Anki collection."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import ankigen
from ankigen import NoteKind

from .conftest import NOTES, REPO

anki_collection = pytest.importorskip("anki.collection")
if TYPE_CHECKING:
    # anki types an open collection's db, models and scheduler as optional; these tests only use
    # open collections, so they type it loosely rather than assert on every access.
    Collection = Any


def import_into_new_collection(apkg: Path, folder: Path) -> Collection:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = anki_collection.Collection(str(folder / "collection.anki2"))
    col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions(with_scheduling=False))
    )
    return col


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "ankigen", *args], cwd=cwd, capture_output=True, text=True, check=False, env=env
    )


def test_bundled_notes_import_into_real_anki(tmp_path: Path, epoch: int) -> None:
    out = tmp_path / "notes.apkg"
    result = ankigen.build_package([NOTES], out, state=False)
    assert result.output == out and out.is_file()
    col = import_into_new_collection(out, tmp_path)
    try:
        assert col.note_count() == len(result.notes)
        used = Counter(col.models.get(col.get_note(nid).mid)["name"] for nid in col.find_notes(""))
        assert set(used) == {
            "ankigen Definition",
            "ankigen Comparison",
            "ankigen Cloze",
            "ankigen Basic",
        }
        guids = [guid for (guid,) in col.db.all("select guid from notes")]
        assert len(guids) == len(set(guids))
        assert not col.get_empty_cards().notes, "no card renders an empty front"
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            assert note.fields[0].strip(), f"empty first field in {note.note_type()['name']}"
        # field text as written in notes/aws/networking.md
        nid = col.find_notes('"Term:インターネットゲートウェイ"')
        assert len(nid) == 1
        definition = col.get_note(nid[0])["Definition"]
        assert "VPC とインターネットの間の通信を可能にする" in definition
        decks = set(col.decks.all_names())
        assert "AWS::Networking" in decks
    finally:
        col.close()


def test_build_is_byte_identical_under_source_date_epoch(tmp_path: Path, epoch: int) -> None:
    # two builds in two folders, each with its package and state (the state names its package)
    first = ankigen.build_package([NOTES], tmp_path / "a" / "deck.apkg", state=tmp_path / "a" / "state.json")
    second = ankigen.build_package([NOTES], tmp_path / "b" / "deck.apkg", state=tmp_path / "b" / "state.json")
    assert first.output and second.output
    assert hashlib.sha256(first.output.read_bytes()).digest() == hashlib.sha256(second.output.read_bytes()).digest()
    for folder in ("a", "b"):
        assert sorted(p.name for p in (tmp_path / folder).iterdir()) == ["deck.apkg", "state.json"], "no temp files"
    assert (tmp_path / "a" / "state.json").read_bytes() == (tmp_path / "b" / "state.json").read_bytes()


def test_seeds_build_twice_identically_and_import(tmp_path: Path, seeds: list[Path], epoch: int) -> None:
    one = run_cli("build", *map(str, seeds), "-o", str(tmp_path / "one.apkg"), "--no-state")
    two = run_cli("build", *map(str, seeds), "-o", str(tmp_path / "two.apkg"), "--no-state")
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()
    col = import_into_new_collection(tmp_path / "one.apkg", tmp_path)
    try:
        guids = [guid for (guid,) in col.db.all("select guid from notes")]
        assert guids and len(guids) == len(set(guids))
        assert not col.get_empty_cards().notes
        used = {col.models.get(col.get_note(nid).mid)["name"] for nid in col.find_notes("")}
        assert len(used) >= 3
    finally:
        col.close()


def test_every_seed_builds_on_its_own(seeds: list[Path]) -> None:
    for seed in seeds:
        result = ankigen.build_notes([seed])
        assert result.notes, f"{seed.name} gave no notes"
        assert not [d for d in result.diagnostics if d.severity == "error"], seed.name


def test_inspect_json_contract() -> None:
    completed = run_cli("inspect", "notes", "--format", "json")
    assert completed.returncode == 0, completed.stderr
    notes = json.loads(completed.stdout)
    assert isinstance(notes, list) and notes
    for note in notes:
        assert set(note) == {"kind", "guid", "deck", "tags", "source", "fields"}
        assert note["kind"] in {"definition", "comparison", "cloze", "basic"}
        assert isinstance(note["source"]["line"], int) and note["source"]["path"].endswith(".md")
        expected_fields = ankigen.note_type(NoteKind(note["kind"])).fields
        assert tuple(note["fields"]) == expected_fields
        assert next(iter(note["fields"].values())).strip(), "first field is the prompt"


def test_exit_codes(tmp_path: Path) -> None:
    assert run_cli("build", "--no-such-flag").returncode == 2
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    nothing = run_cli("build", str(empty), "-o", str(tmp_path / "x.apkg"))
    assert nothing.returncode == 1
    assert "nothing to build" in nothing.stderr
    assert not (tmp_path / "x.apkg").exists()


def test_explicit_file_any_extension_and_folder_scan(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("- **Term one**: an explanation that is long enough\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("- **Term two**: another explanation here\n", encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text("- **Term three**: not scanned in folders\n", encoding="utf-8")
    explicit = ankigen.build_notes([tmp_path / "a.txt"])
    assert [n.field("Term") for n in explicit.notes] == ["Term one"]
    scanned = ankigen.build_notes([tmp_path])
    assert [n.field("Term") for n in scanned.notes] == ["Term two"]


def test_default_output_named_after_deck(tmp_path: Path, epoch: int) -> None:
    (tmp_path / "n.md").write_text(
        "---\ndeck: My Exam::Part 1\n---\n- **Term**: an explanation here\n", encoding="utf-8"
    )
    completed = run_cli("build", str(tmp_path / "n.md"), cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "My-Exam.apkg").is_file()


def test_outputs_get_ordinary_file_permissions(tmp_path: Path, epoch: int) -> None:
    import stat

    out = tmp_path / "deck.apkg"
    old = os.umask(0o022)
    try:
        ankigen.build_package([NOTES], out, state=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644, "a package is shared like any file, not owner-only"


def test_the_same_file_named_twice_is_read_once() -> None:
    once = ankigen.build_notes([NOTES])
    twice = ankigen.build_notes([NOTES, NOTES / ".." / "notes", NOTES / "aws" / "networking.md"])
    assert [n.guid for n in twice.notes] == [n.guid for n in once.notes]
    assert not [d for d in twice.diagnostics if "also at" in d.message]


def test_math_reaches_anki_as_mathjax_and_a_gap_around_it_stays_whole(tmp_path: Path, epoch: int) -> None:
    """``$…$`` in the notes is Anki's ``\\(…\\)`` in the imported collection, in a definition and in a
    cloze whose gap holds a formula with ``}}``: the real Anki hides the whole formula on the front
    and shows it whole, as MathJax, on the back; prices stay text."""
    source = tmp_path / "physics.md"
    source.write_text(
        "- **Momentum**: mass times velocity, $p = m{v}$, costing $5 or $10 to measure\n\n"
        "A moving body carries a kinetic energy of **$\\frac{m}{2}{v^{2}}$** for its speed $v$.\n",
        encoding="utf-8",
    )
    out = tmp_path / "physics.apkg"
    ankigen.build_package([source], out, state=False)
    col = import_into_new_collection(out, tmp_path)
    try:
        (definition_id,) = col.find_notes('"Term:Momentum"')
        assert "\\(p = m{v}\\)" in col.get_note(definition_id)["Definition"]
        assert "$5 or $10" in col.get_note(definition_id)["Definition"]
        (cloze_id,) = col.find_notes("note:*Cloze*")
        text = col.get_note(cloze_id)["Text"]
        formula = "\\(\\frac{m}{2}{v^{2} }\\)"
        assert f"{{{{c1::{formula}}}}}" in text and "\\(v\\)" in text
        (card,) = col.get_note(cloze_id).cards()
        question, answer = (side.split("</style>")[-1] for side in (card.question(), card.answer()))
        assert formula not in question and "[...]" in question and "\\)}}" not in question
        assert formula in answer and "}}" not in answer
    finally:
        col.close()
