"""Extraction behaviour, one case per recognised pattern (see tests/casefile.py for the format)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

import ankigen

from .casefile import Case, check, load_cases, starts_on_its_line
from .conftest import NOTES, REPO

CASES = load_cases(Path(__file__).parent / "cases")
# a 1x1 PNG, so that images a case refers to exist and are packaged
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
_IMAGE = re.compile(r"!\[\[([^\]|]+)|!\[[^\]]*\]\(<?([^)>\s]+)")


@pytest.mark.parametrize("case", CASES, ids=[case.title for case in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(case.markdown, encoding="utf-8")
    for match in _IMAGE.finditer(case.markdown):
        image = tmp_path / (match.group(1) or match.group(2))
        image.parent.mkdir(parents=True, exist_ok=True)
        image.write_bytes(PNG)
    result = ankigen.build_notes([source])
    problems = check(case, result)
    assert not problems, f"{case.path.name}:{case.line}: {case.title}\n" + "\n".join(problems)


def _build_case(case: Case, folder: Path) -> ankigen.BuildResult:
    source = folder / "notes.md"
    source.write_text(case.markdown, encoding="utf-8")
    return ankigen.build_notes([source])


@pytest.mark.parametrize("case", CASES, ids=[case.title for case in CASES])
def test_every_note_starts_on_its_source_line(case: Case, tmp_path: Path) -> None:
    """source.line is the line where the note's text starts, for every note (issue 11)."""
    lines = case.markdown.split("\n")
    wrong = [note for note in _build_case(case, tmp_path).notes if not starts_on_its_line(note, lines)]
    assert not wrong, "\n".join(f"line {note.span.line}: {note.kind.value} {note.prompt!r}" for note in wrong)


# Notes of the tune files that do not start on their source line (none known: a fix that adds one
# lists it here with the reason, and the fix of its cause deletes it).
KNOWN_OFF_LINE_IN_TUNE: dict[str, list[int]] = {}


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "benchmarks" / "corpus").glob("*.md"))
    + sorted(NOTES.rglob("*.md"))
    + sorted((REPO / "benchmarks" / "realworld" / "tune").glob("*.md")),
    ids=lambda path: path.name,
)
def test_every_note_of_the_corpus_notes_and_tune_files_starts_on_its_source_line(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    wrong = [note for note in ankigen.build_notes([path]).notes if not starts_on_its_line(note, lines)]
    known = KNOWN_OFF_LINE_IN_TUNE.get(path.name, [])
    assert [note.span.line for note in wrong] == known, "\n".join(
        f"line {note.span.line}: {note.kind.value} {note.prompt!r}" for note in wrong
    )


def test_every_note_of_the_seeds_starts_on_its_source_line(seeds: list[Path]) -> None:
    """The seed notes (read from ../shared/seeds, skipped when absent)."""
    problems: list[str] = []
    for path in seeds:
        lines = path.read_text(encoding="utf-8").split("\n")
        wrong = [note for note in ankigen.build_notes([path]).notes if not starts_on_its_line(note, lines)]
        problems.extend(f"{path.name}:{note.span.line}: {note.kind.value} {note.prompt!r}" for note in wrong)
    assert not problems, "\n".join(problems)


def test_every_case_file_has_cases() -> None:
    files = {case.path.name for case in CASES}
    assert {"definitions.md", "comparisons.md", "clozes.md", "explicit.md", "no-card.md", "decks-tags.md"} <= files
