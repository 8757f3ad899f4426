"""Extraction behaviour, one case per recognised pattern (see tests/casefile.py for the format)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

import ankigen

from .casefile import Case, check, load_cases

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


def test_every_case_file_has_cases() -> None:
    files = {case.path.name for case in CASES}
    assert {"definitions.md", "comparisons.md", "clozes.md", "explicit.md", "no-card.md", "decks-tags.md"} <= files
