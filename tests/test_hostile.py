"""Hostile input: every bad file gives a file:line message, never a traceback or a hang, and the
good files of the same build are still built.

Each case is one file, built next to a good file through the CLI in a child process with a time
limit, so a hang (a quadratic regex, a recursion) fails the test instead of hanging CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import ankigen
import ankigen.media

from .conftest import REPO

GOOD = """# Good notes

- **TCP**: 接続の確立と再送によって信頼性を保証するトランスポート層のプロトコル
- **UDP**: コネクションレスで軽量な、順序も到達も保証しないトランスポート層のプロトコル
"""
GOOD_NOTES = 2
TIME_LIMIT = 60  # seconds for one build of two files: each takes well under 5 s


@dataclass(frozen=True)
class Case:
    title: str
    data: bytes
    line: int | None  # where the message must point; None when the input is fine as it is
    message: str = ""  # a piece of that message
    notes: int = 0  # at least this many notes from the hostile file itself, where it holds good ones


def _definition(term: str) -> str:
    return f"- **{term}**: an explanation that is long enough to become the back of a card\n"


def _deep_list(levels: int) -> str:
    return "".join("  " * depth + f"- item at depth {depth}\n" for depth in range(levels))


CASES = [
    Case("UTF-8 with BOM", ("\ufeff# BOM\n\n" + _definition("BOM")).encode(), None, notes=1),
    Case("CRLF line ends", ("# CRLF\r\n\r\n" + _definition("CRLF")).replace("\n", "\r\n").encode(), None, notes=1),
    Case(
        "Latin-1",
        ("# Desserts\n\n" + _definition("Crème brûlée")).encode("latin-1"),
        3,
        "not valid UTF-8",
        notes=1,
    ),
    Case(
        "Shift_JIS (a Japanese note saved by an older Windows editor)",
        ("# ネットワーク\n\n" + _definition("サブネット") + _definition("ルーティング")).encode("cp932"),
        1,
        "read as Shift_JIS",
        notes=2,
    ),
    Case("invalid UTF-8", b"# Broken\n\n" + _definition("Broken").encode() + b"\n- \xff\xfe\xfa bytes\n", 5, "UTF-8"),
    Case("binary file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, 1, "binary file"),
    Case(
        "NUL byte in a long text file",
        ("# NUL\n\n" + "filler line of text\n" * 600 + "a NUL here: \0 done\n" + _definition("After NUL")).encode(),
        603,
        "NUL characters removed",
        notes=1,
    ),
    Case("empty file", b"", 1, "file is empty"),
    Case(
        "a line of 3 MB",
        ("# Long\n\n" + "長い行 " * 750_000 + "\n\n" + _definition("Short line")).encode(),
        3,
        "characters long",
        notes=1,
    ),
    Case("a list 300 levels deep", ("# Deep\n\n" + _deep_list(300)).encode(), 19, "nested 17 levels deep"),
    Case("300 list markers on one line", ("# Deep\n\n" + "- " * 300 + "x\n").encode(), 3, "nested quotes or lists"),
    Case("quotes 500 levels deep", ("# Quotes\n\n" + "> " * 500 + "x\n").encode(), 3, "nested quotes or lists"),
    Case(
        "400 bold spans in one paragraph",
        ("# Bold\n\n" + " ".join(f"**用語{i}** の説明文" for i in range(400)) + "\n").encode(),
        3,
        "400 bold phrases in one paragraph",
    ),
    Case(
        "ragged table: a row with extra cells",
        b"# Table\n\n| Item | A | B |\n| --- | --- | --- |\n| speed | fast | slow |\n| cost | low | high | extra |\n",
        6,
        "table row has 4 cells but the header has 3",
    ),
    Case(
        "ragged table: dashes do not match the header",
        b"# Table\n\n| Item | A | B |\n| --- | --- |\n| speed | fast | slow |\n",
        3,
        "read as plain text",
    ),
    Case(
        "unclosed code fence",
        ("# Code\n\n" + _definition("Before") + "\n```python\nprint(1)\n").encode(),
        5,
        "never closed",
    ),
    Case(
        "malformed front matter",
        ("---\ndeck: [unclosed\ntags: a\n---\n# FM\n\n" + _definition("Front")).encode(),
        2,
        "front matter is not valid YAML",
        notes=1,
    ),
    Case(
        "front matter with a billion laughs",
        (
            '---\na: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
            + "".join(f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
            + "tags: [*i, *i]\ndeck: *i\n---\n# Laughs\n\n"
            + _definition("Laughs")
        ).encode(),
        3,
        "YAML alias",
        notes=1,
    ),
    Case(
        "front matter of 200 KB",
        (
            "---\n"
            + "".join(f"key{i}: value number {i}\n" for i in range(10_000))
            + "---\n# Big\n\n"
            + _definition("Big")
        ).encode(),
        1,
        "characters long",
        notes=1,
    ),
    Case("front matter never closed", ("---\ndeck: x\n\n# FM\n\n" + _definition("Open")).encode(), 1, "never closed"),
    Case(
        "duplicate terms",
        (
            "# Dup\n\n"
            + _definition("Duplicate")
            + "\n# Elsewhere\n\n- **Duplicate**: the same term again with another explanation\n"
        ).encode(),
        7,
        "also at",
        notes=2,
    ),
    # inputs that made a stage quadratic or worse before they were fixed
    Case("20,000 unmatched '['", ("# Brackets\n\n" + "[" * 19_000 + "\n").encode(), 3, "unmatched '['"),
    Case("5,000 unclosed '[a]('", ("# Links\n\n" + "[a](" * 4_900 + "\n").encode(), 3, "unmatched '['"),
    Case("6,000 stray '<a '", ("# Tags\n\n" + "<a " * 6_000 + "\n").encode(), 3, "stray '<'"),
    Case("3,000 unclosed '{{c1::'", ("# Clozes\n\n" + "{{c1::" * 3_000 + "\n").encode(), None),
    Case("4,000 unclosed '[[a|'", ("# Wikilinks\n\n" + "[[a|" * 4_000 + "\n").encode(), 3, "unmatched '['"),
    # an HTML block is kept as it is (no HTML tree is built from it), so no depth limit is hit
    Case("raw HTML 3000 levels deep", ("# Divs\n\n" + "<div>\n" * 3000 + "x\n" + "</div>\n" * 3000).encode(), None),
    Case("a bold term then 19,000 spaces", ("# Spaces\n\n**term**" + " " * 19_000 + "x\n").encode(), None),
    Case("a term then 19,000 spaces", ("# Spaces\n\n- term" + " " * 19_000 + "x\n").encode(), None),
    Case("a heading with 19,000 spaces", ("### a" + " " * 19_000 + "x\n\n" + _definition("H")).encode(), None),
    Case("a table row of 19,000 ideographic spaces", ("| a | b |\n" + "\u3000" * 19_000 + "x\n").encode(), None),
    Case("a term with 19,000 spaces before a kanji", ("- **a" + " " * 19_000 + "漢**: x\n").encode(), None),
    Case("20 lines of 6,000 tags and a word", ("# Tags\n\n" + ("a" + " #t" * 6_000 + " x\n") * 20).encode(), None),
    Case("20 comments over 10,000 backticks", ("# T\n\n" + ("a %% " + "`" * 10_000 + " b %%\n") * 20).encode(), None),
    Case("a %% comment never closed", ("# Open\n\n" + _definition("Shown") + "%% x\n- y\n").encode(), 4, "%%", notes=1),
    Case("a table 1000 cells wide", ("# Wide\n\n" + "| a " * 1000 + "|\n|" + "---|" * 1000 + "\n").encode(), None),
]


def build(folder: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONFAULTHANDLER": "1"}
    return subprocess.run(
        [sys.executable, "-m", "ankigen", "build", str(folder), "-o", str(cwd / "out.apkg"), "--no-state", "-v"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=TIME_LIMIT,
    )


@pytest.mark.parametrize("case", CASES, ids=[case.title for case in CASES])
def test_hostile_file_is_reported_and_the_good_file_is_still_built(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / "hostile.md").write_bytes(case.data)

    done = build(folder, tmp_path)

    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"notes/good.md: {GOOD_NOTES} notes" in done.stderr, done.stderr[-3000:]
    assert (tmp_path / "out.apkg").is_file()
    hostile = [line for line in done.stderr.splitlines() if line.startswith("notes/hostile.md:")]
    if case.line is None:
        assert not [line for line in hostile if re.match(r"notes/hostile\.md:\d+: error", line)], hostile
    else:
        expected = re.compile(rf"notes/hostile\.md:{case.line}: (?:warning|error): .*{re.escape(case.message)}")
        assert any(expected.match(line) for line in hostile), "\n".join(hostile)[:3000]
    made = re.search(r"^notes/hostile\.md: (\d+) notes", done.stderr, re.MULTILINE)
    assert int(made.group(1) if made else 0) >= case.notes, done.stderr[-3000:]
    assert len(done.stderr) < 20_000, "a hostile file must not flood the terminal"


# --- images: only files inside the notes folder are packaged (ankigen.media) --------------------

SECRET = b"\x89PNG\r\n\x1a\n" + b"the secret outside the notes folder"


def _setup_secret_files(tmp_path: Path, notes: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(SECRET)
    (tmp_path / "secret.png").write_bytes(SECRET)
    os.symlink(outside / "secret.png", notes / "link.png")
    os.symlink(outside, notes / "linked-folder")
    os.mkfifo(notes / "fifo.png")  # reading it would block forever
    (notes / "folder.png").mkdir()


IMAGE_CASES = [
    ("dot-dot escape", "![s](../secret.png)"),
    ("dot-dot escape, percent-encoded", "![s](%2e%2e/secret.png)"),
    ("dot-dot escape with a query", "![s](../secret.png?v=1)"),
    ("deep dot-dot escape", "![s](a/b/../../../outside/secret.png)"),
    ("absolute path", "![s]({outside}/secret.png)"),
    ("file URL", "![s](file://{outside}/secret.png)"),
    ("raw HTML img with an escape", '<img src="../secret.png" alt="s">'),
    ("Obsidian embed with an escape", "![[../secret.png]]"),
    ("symlink leaving the root", "![s](link.png)"),
    ("symlinked folder leaving the root", "![s](linked-folder/secret.png)"),
    ("a FIFO named like an image", "![s](fifo.png)"),
    ("a folder named like an image", "![s](folder.png)"),
]


@pytest.mark.parametrize(("title", "embed"), IMAGE_CASES, ids=[title for title, _ in IMAGE_CASES])
def test_image_outside_the_notes_folder_is_refused_and_never_packaged(title: str, embed: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    _setup_secret_files(tmp_path, notes)
    (notes / "good.md").write_text(GOOD, encoding="utf-8")
    shown = embed.format(outside=tmp_path / "outside")
    (notes / "hostile.md").write_text(f"# Images\n\n- **Picture**: a diagram of the network {shown}\n", "utf-8")

    done = build(notes, tmp_path)

    assert "Traceback" not in done.stderr and done.returncode == 0, done.stderr[-3000:]
    assert f"notes/good.md: {GOOD_NOTES} notes" in done.stderr
    assert re.search(r"^notes/hostile\.md:3: warning: image .* was not packaged", done.stderr, re.MULTILINE), title
    with zipfile.ZipFile(tmp_path / "out.apkg") as archive:
        assert json.loads(archive.read("media")) == {}, title
        assert not any(SECRET in archive.read(name) for name in archive.namelist()), title


def test_image_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    with (notes / "huge.png").open("wb") as stream:  # sparse: no disk used
        stream.truncate(ankigen.media.MAX_MEDIA_BYTES + 1)
    (notes / "small.png").write_bytes(SECRET)
    (notes / "a.md").write_text(
        "# Images\n\n- **Huge**: a big diagram ![h](huge.png)\n- **Small**: a small one ![s](small.png)\n"
    )
    result = ankigen.build_notes([notes])
    [warning] = [str(d) for d in result.diagnostics if "huge.png" in d.message]
    assert re.match(r".*a\.md:3: warning: .*over the 20 MB limit", warning)
    assert [media.data for media in result.media] == [SECRET], "the small image is still packaged"


# --- file names and folders ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "name", "shown"),
    [
        ("a name that is not UTF-8", b"bad\xffname.md", "notes/bad\ufffdname.md"),
        ("a newline in the name", b"new\nline.md", "notes/new\\nline.md"),
        ("an escape sequence in the name", b"\x1b[31mred.md", "notes/\\x1b[31mred.md"),
    ],
    ids=["not UTF-8", "newline", "terminal escape"],
)
def test_odd_file_names_are_shown_on_one_printable_line(title: str, name: bytes, shown: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "good.md").write_text(GOOD, encoding="utf-8")
    with open(os.path.join(os.fsencode(notes), name), "wb") as stream:
        stream.write(("# Odd\n\n" + _definition("Odd name") + "\n```\nunclosed\n").encode())

    done = build(notes, tmp_path)

    assert "Traceback" not in done.stderr and done.returncode == 0, done.stderr[-3000:]
    assert f"notes/good.md: {GOOD_NOTES} notes" in done.stderr
    assert f"{shown}: 1 notes" in done.stderr, title
    assert f"{shown}:5: warning: code fence is never closed" in done.stderr, title


def test_a_symlink_loop_and_dangling_links_in_the_notes_folder(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    (notes / "good.md").write_text(GOOD, encoding="utf-8")
    os.symlink("..", notes / "sub" / "loop")
    os.symlink(tmp_path / "nowhere.md", notes / "dangling.md")
    os.mkfifo(notes / "pipe.md")  # reading it would block forever

    done = build(notes, tmp_path)

    assert "Traceback" not in done.stderr and done.returncode == 0, done.stderr[-3000:]
    assert f"notes/good.md: {GOOD_NOTES} notes" in done.stderr


def test_heading_closing_sequence_needs_a_space_before_it() -> None:
    # the linear heading reader (the regex it replaces was cubic) reads these as CommonMark does
    titles = [section.title for section in ankigen.parse_text("# C#\n## Title ##\n####### seven\n").sections]
    assert titles == ["C#", "Title"]
