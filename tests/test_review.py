"""``ankigen review`` in a real pseudo-terminal: keys in, decisions saved as they are made."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ankigen
from tests._vault import CELLS, write_vault

from .conftest import REPO

pty = pytest.importorskip("pty")

NOTES = CELLS + "\nThe **nucleus** holds the chromosomes.\n"

EDITOR = """import pathlib, sys
line, path = int(sys.argv[1].lstrip("+")), pathlib.Path(sys.argv[2])
lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
lines[line - 1] = lines[line - 1].replace("a membrane", "a semi-permeable membrane")
path.write_text("".join(lines), encoding="utf-8")
(path.parent.parent / "editor-was-called").write_text(f"{sys.argv[2]}:{line}")
"""


class Terminal:
    """``python -m ankigen ARGS`` with a pseudo-terminal as its stdin, stdout and stderr."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ankigen", *args], cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave
        )
        os.close(slave)
        self.output = ""

    def expect(self, text: str, timeout: float = 30) -> str:
        """Everything printed up to ``text``, waiting for it (at most ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while text not in self.output:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"waited for {text!r}; the terminal shows:\n{self.output}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"ended before {text!r}; the terminal shows:\n{self.output}"
                self.output += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        shown, self.output = self.output.split(text, 1)
        return shown + text

    def press(self, key: str) -> None:
        os.write(self.master, key.encode())

    def finish(self) -> int:
        code = self.process.wait(timeout=30)
        os.close(self.master)
        return code


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path, NOTES)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(REPO), "EDITOR": f"{sys.executable} {editor}", "TERM": "dumb"}
    environment.pop("VISUAL", None)
    return environment


PROMPT = "[?]help: "


def test_keep_reject_skip_edit_and_quit(vault: Path, tmp_path: Path, env: dict[str, str]) -> None:
    guids = {note.key: note.guid for note in ankigen.build_notes([vault]).notes}
    term = Terminal("review", "notes", cwd=tmp_path, env=env)
    first = term.expect(PROMPT)
    assert "(1/4) notes/bio.md:6  definition  (new)" in first
    assert "Front: Mitosis" in first and "Back:  Definition: division into two identical daughter cells" in first
    term.press("k")
    second = term.expect(PROMPT)
    assert "(2/4) notes/bio.md:7" in second and "Front: Meiosis" in second
    # "keep" was saved the moment it was pressed, before the next answer
    assert guids["Mitosis"] in (vault / ".ankigen-reviewed.txt").read_text(encoding="utf-8")
    term.press("r")
    third = term.expect(PROMPT)
    assert f"rejected {guids['Meiosis']}" in third
    assert guids["Meiosis"] in ankigen.rejected(vault), "saved as it was made"
    assert "Front: Osmosis" in third
    term.press("x")  # not a key: the help, then the same question
    assert "k keep" in term.expect(PROMPT)
    term.press("e")  # the editor opens at the note's line; the note is shown again as edited
    again = term.expect(PROMPT)
    assert (tmp_path / "editor-was-called").read_text() == "notes/bio.md:8"
    assert "Front: Osmosis" in again and "semi-permeable membrane" in again
    term.press("s")
    cloze = term.expect(PROMPT)
    assert "notes/bio.md:10  cloze" in cloze
    assert "Front: The [...] holds the chromosomes." in cloze and "Back:  The [nucleus] holds" in cloze
    term.press("q")
    assert "reviewed: 1 kept, 1 rejected, 1 skipped; 2 note(s) new or changed and not kept yet" in term.expect(
        "not kept yet"
    )
    assert term.finish() == 0

    # the next review asks only about what was skipped or not reached, and a change brings a note back
    (vault / "bio.md").write_text(
        (vault / "bio.md").read_text(encoding="utf-8").replace("two identical", "two genetically identical"),
        encoding="utf-8",
    )
    term = Terminal("review", "notes", cwd=tmp_path, env=env)
    shown = term.expect(PROMPT)
    assert "(1/3) notes/bio.md:6  definition  (changed)" in shown and "genetically identical" in shown
    term.press("k")
    assert "Front: Osmosis" in term.expect(PROMPT)
    term.press("k")
    assert "cloze" in term.expect(PROMPT)
    term.press("k")
    term.expect("not kept yet")
    assert term.finish() == 0
    term = Terminal("review", "notes", cwd=tmp_path, env=env)
    assert "nothing to review" in term.expect("(--all reviews every note)")
    assert term.finish() == 0
    term = Terminal("review", "notes", "--all", cwd=tmp_path, env=env)
    assert "(1/3)" in term.expect(PROMPT), "--all: every note that is not rejected"
    term.press("q")
    assert term.finish() == 0


def test_without_a_terminal_it_refuses(vault: Path, tmp_path: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ankigen", "review", "notes"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "needs a terminal" in done.stderr and "ankigen reject" in done.stderr
    assert not (vault / ".ankigen-reviewed.txt").exists() and not (vault / ".ankigen-rejected.txt").exists()
