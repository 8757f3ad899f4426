"""A file's notes depend only on the file: not on what the same process built before it.

``ankigen watch`` and API users build file after file in one long-lived process, and the extractors
keep pure caches (``split_definition``, ``fold``, ...) keyed on text that other files share. Each
case is written to a file of its own; two fresh interpreters build all of them twice, in opposite
orders, so every file is built after different histories (the first of each run alone, then again
after every file, itself included); the notes and the ``--explain`` lines must be the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .casefile import load_cases

# cases that share sentences across files (the same bullet opens several pointer cases)
_CASE_FILES = ("pointer-clozes.md", "definitions.md", "clozes.md", "subject-sentences.md")

_SCRIPT = """
import json, sys
from pathlib import Path
import ankigen
from tests.casefile import note_line
out = {}
for name in sys.argv[1:] * 2:
    result = ankigen.build_notes([Path(name)])
    out.setdefault(Path(name).name, []).append([
        [note_line(note), note.span.line, list(note.fields), list(note.tags)] for note in result.notes
    ] + [[skipped.code, skipped.span.line, skipped.text] for skipped in result.skipped])
print(json.dumps(out))
"""


def _build_in_order(paths: list[Path]) -> dict[str, list[object]]:
    env = {**os.environ, "ANKIGEN_NO_CACHE": "1"}  # the disk cache would hide what memory carried over
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *map(str, paths)],
        cwd=Path(__file__).parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    found: dict[str, list[object]] = json.loads(done.stdout)
    return found


def test_a_files_notes_do_not_depend_on_the_files_built_before_it(tmp_path: Path) -> None:
    folder = Path(__file__).parent / "cases"
    cases = [case for case in load_cases(folder) if case.path.name in _CASE_FILES]
    assert {case.path.name for case in cases} == set(_CASE_FILES)
    paths: list[Path] = []
    for number, case in enumerate(cases):
        path = tmp_path / f"case{number:04d}.md"
        path.write_text(case.markdown, encoding="utf-8")
        paths.append(path)
    forward = _build_in_order(paths)
    backward = _build_in_order(paths[::-1])
    differ = [
        path.name
        for path in paths
        if not forward[path.name][0] == forward[path.name][1] == backward[path.name][0] == backward[path.name][1]
    ]
    assert not differ, "built after other files, these cases gave other notes: " + ", ".join(differ)
    assert any(forward[path.name][0] for path in paths)  # the builds made notes at all
