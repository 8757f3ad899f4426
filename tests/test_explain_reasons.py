"""``inspect --explain`` says the true reason (issue 11): every reason code an explain line can carry is
one of :data:`ankigen.extract.selection.REASONS`, and the README's table of reason codes gives each of
them the same sentence, so a learner who reads a code in the output finds what it means."""

from __future__ import annotations

import re
from pathlib import Path

import ankigen
from ankigen.extract.selection import REASONS

from .conftest import REPO

TUNE = sorted((REPO / "benchmarks" / "realworld" / "tune").glob("*.md"))
_ROW = re.compile(r"^\| `([a-z-]+)` \| (.*) \|$")


def _readme_rows() -> dict[str, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### The reason codes of `inspect --explain`") :]
    section = section[: section.index("\n## ")]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        match = _ROW.match(line)
        if match:
            rows[match.group(1)] = match.group(2).replace("\\|", "|")
    return rows


def test_the_readme_gives_every_reason_code_its_sentence() -> None:
    rows = _readme_rows()
    assert sorted(set(REASONS) - set(rows)) == [], "codes missing from the README's table of reason codes"
    assert sorted(set(rows) - set(REASONS)) == [], "README rows for codes that no longer exist"
    wrong = [code for code, sentence in rows.items() if sentence != REASONS[code]]
    assert wrong == [], f"README sentences that differ from REASONS: {wrong}"


def test_every_explain_line_of_the_tune_files_and_seeds_carries_a_known_code(seeds: list[Path]) -> None:
    unknown = sorted(
        {
            f"{entry.code} ({Path(entry.span.path).name}:{entry.span.line})"
            for path in [*TUNE, *seeds]
            for entry in ankigen.build_notes([path]).skipped
            if entry.code not in REASONS
        }
    )
    assert unknown == []


def test_a_horizontal_rule_is_no_explain_line(tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("## Ports\n\n- SSH: port 22\n\n---\n\n- HTTPS: port 443\n", encoding="utf-8")
    result = ankigen.build_notes([source])
    assert [entry for entry in result.skipped if entry.span.line == 5] == []


def test_a_card_kept_from_the_same_line_is_never_called_earlier(tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("## Keys\n\n- **Vault**とは、アプリの秘密情報を**暗号**で守る保管庫\n", encoding="utf-8")
    reasons = [entry.reason for entry in ankigen.build_notes([source]).skipped if "(kept: line 3)" in entry.reason]
    assert reasons
    assert all("earlier" not in reason for reason in reasons)
