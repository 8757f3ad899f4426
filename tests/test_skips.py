"""Skip markers never reach a card, and ``inspect --explain`` names what they skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

import ankigen
from ankigen.cli import main

from .casefile import Case, load_cases

CASES = [case for case in load_cases(Path(__file__).parent / "cases") if case.path.name == "skip-markers.md"]


@pytest.mark.parametrize("case", CASES, ids=[case.title for case in CASES])
def test_no_marker_reaches_a_card(case: Case, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(case.markdown, encoding="utf-8")
    for note in ankigen.build_notes([source]).notes:
        for name, value in note.fields:
            assert "ankigen" not in value and "%%" not in value and "&lt;!--" not in value, (name, value)


@pytest.mark.parametrize("marker", ["<!-- ankigen: skp -->", "%% ankigen: skp %%"], ids=["html", "obsidian"])
def test_a_marker_on_a_note_that_stays_is_not_on_its_card(marker: str, tmp_path: Path) -> None:
    """An unknown directive skips nothing: the note, the sentence and the row keep their cards, without it."""
    source = tmp_path / "notes.md"
    source.write_text(
        f"- **Mitosis**: two identical daughter cells {marker}\n\n"
        f"The **nucleus** holds the chromosomes. {marker}\n\n"
        f"| Service | Layer | Scope |\n| --- | --- | --- |\n| Security group | instance | stateful {marker} |\n"
        "| Network ACL | subnet | stateless |\n",
        encoding="utf-8",
    )
    result = ankigen.build_notes([source])
    assert sorted(note.kind.value for note in result.notes) == ["cloze", "comparison", "comparison", "definition"]
    for note in result.notes:
        for name, value in note.fields:
            assert "ankigen" not in value and "%%" not in value and "<!--" not in value, (name, value)
    assert [d.span.line for d in result.diagnostics if "unknown ankigen directive" in d.message] == [1, 3, 7]


def test_markers_are_out_of_the_text_for_the_python_api_too() -> None:
    document = ankigen.parse_text("## Cells\n\n- **Mitosis**: two cells %% ankigen: skp %%\n", "t.md")
    [section] = [s for s in document.sections if s.title == "Cells"]
    assert "ankigen" not in repr(section.blocks)


def test_inspect_explain_names_the_skip_marker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "bio.md"
    notes.write_text(
        "- **Mitosis**: two identical daughter cells\n- **Meiosis**: four haploid cells <!-- ankigen: skip -->\n",
        encoding="utf-8",
    )
    assert main(["inspect", str(notes), "--explain"]) == 0
    out = capsys.readouterr().out
    [row] = [line for line in out.splitlines() if "Meiosis" in line]
    assert row.split()[:2] == ["2", "skipped"] and "skip marker)" in row
    assert "1 notes" in out
