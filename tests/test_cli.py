"""The command line as people use it: exit codes, --quiet/--verbose, --help, --version, progress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ankigen
from ankigen.cli import COMMANDS, main, make_parser

from .conftest import NOTES, REPO

GOOD = "# VPC\n\n- **Subnet**: a range of IP addresses\n- **Route table**: where traffic goes\n"
# a term repeated under another top heading (another subject, so both are kept): a warning with
# file:line for their shared key, and the build goes on
WARNS = GOOD + "\n# Elsewhere\n\n- **Subnet**: said twice\n"


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "vpc.md").write_text(GOOD, encoding="utf-8")
    return folder


def run(*args: str) -> int:
    try:
        return main(list(args))
    except SystemExit as exit:  # argparse: --help, --version, bad usage
        return int(exit.code or 0)


def test_build_exit_0_with_summary(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("build", "-o", "out.apkg") == 0
    out, err = capsys.readouterr()
    assert out.startswith("wrote out.apkg: 2 notes (2 definition) from 1 files")
    assert err == ""


def test_build_exit_0_with_warnings_on_stderr(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "vpc.md").write_text(WARNS, encoding="utf-8")
    assert run("build", "-o", "out.apkg") == 0
    out, err = capsys.readouterr()
    assert "wrote out.apkg" in out
    assert "notes/vpc.md:" in err and ": warning: " in err


def test_quiet_prints_only_errors(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "vpc.md").write_text(WARNS, encoding="utf-8")
    assert run("build", "-q", "-o", "out.apkg") == 0
    assert capsys.readouterr() == ("", "")
    assert Path("out.apkg").is_file()


def test_verbose_says_where_settings_came_from_and_what_each_file_gave(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (notes / "ankigen.toml").write_text('deck = "AWS"\n', encoding="utf-8")
    assert run("build", "-v", "-o", "out.apkg") == 0
    err = capsys.readouterr().err
    assert "settings from notes/ankigen.toml" in err
    assert "notes/vpc.md: 2 notes" in err


PARENT_OVER_CHILDREN = """# Design

- **Design pillars**:
  - **Security**: the pillar that protects data, systems and assets.
  - **Reliability**: the pillar that keeps a workload running through failures.
"""


def test_inspect_explain_lists_each_rejection_with_its_line_and_reason_code(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (notes / "vpc.md").write_text(PARENT_OVER_CHILDREN, encoding="utf-8")
    assert run("inspect", "--explain") == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "notes/vpc.md: 2 notes"
    assert rows[1].split() == ["3", "skipped", "Design", "pillars", "(repeats-children:", *rows[1].split()[5:]]
    assert "kept: line 4" in rows[1]
    # a generic word (Security) is asked of the term above it
    assert [row.split()[:6] for row in rows[2:]] == [
        ["4", "definition", "Design", "pillars", "›", "Security"],
        ["5", "definition", "Design", "pillars", "›", "Reliability"],
    ]
    assert run("inspect", "--explain", "--format", "json") == 0
    out, err = capsys.readouterr()
    terms = [note["fields"]["Term"] for note in json.loads(out)]
    assert terms == ["Design pillars › Security", "Design pillars › Reliability"]
    assert "notes/vpc.md:3: skipped [repeats-children]: 'Design pillars':" in err


PLAIN_RUN = """# Shared responsibility

- **Subnet**: a range of IP addresses

The provider looks after the hardware and the data centres
while the customer looks after the guest system
and the settings of every application it runs
"""


def test_inspect_explain_cites_a_run_of_plain_lines_by_its_first_and_last_line(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A paragraph no card uses is one explain entry: it names lines 5–7, so its second and third
    lines are not read as dropped without a word (a reviewer who sees only ``5`` would)."""
    (notes / "vpc.md").write_text(PLAIN_RUN, encoding="utf-8")
    assert run("inspect", "--explain") == 0
    rows = capsys.readouterr().out.splitlines()
    skipped = [row.split() for row in rows if " skipped " in row]
    assert [row[:2] for row in skipped] == [["5–7", "skipped"]]
    assert "(no-card-shape:" in " ".join(skipped[0])


def test_inspect_shows_a_card_as_it_reads_not_its_html_entities(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A front with ``<file>`` in it is shown as the card shows it; the field itself stays HTML (``&lt;``)."""
    (notes / "gzip.md").write_text(
        "# Archives\n\n| Task | Command |\n| --- | --- |\n| Compress <file> | `gzip <file>` |\n"
        "| Unpack a tarball | `tar xzf <archive>` |\n",
        encoding="utf-8",
    )
    assert run("inspect") == 0
    rows = capsys.readouterr().out.splitlines()
    shown = next(row for row in rows if "Compress" in row)
    assert "Compress <file>" in shown and "gzip <file>" in shown and "&lt;" not in shown
    assert run("inspect", "--format", "json") == 0
    fields = [note["fields"] for note in json.loads(capsys.readouterr().out)]
    assert any("Compress &lt;file&gt;" in field["Term"] for field in fields)


def test_nothing_to_build_exits_1(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "vpc.md").write_text("just a sentence, no cards\n", encoding="utf-8")
    assert run("build", "-o", "out.apkg") == 1
    assert "nothing to build" in capsys.readouterr().err
    assert not Path("out.apkg").exists()


def test_missing_path_exits_1_naming_it(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("build", "nowhere/") == 1
    assert "nowhere" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [("build", "--no-such-option"), ("frobnicate",), (), ("build", "-q", "-v"), ("preview", "--renderer", "x")],
    ids=["unknown option", "unknown command", "no command", "quiet and verbose", "bad choice"],
)
def test_bad_usage_exits_2(notes: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    assert run(*args) == 2
    assert "usage:" in capsys.readouterr().err


def test_bad_settings_exit_2_naming_file_and_key(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "ankigen.toml").write_text("subdeck_dept = 1\n", encoding="utf-8")
    assert run("build") == 2
    err = capsys.readouterr().err
    assert "notes/ankigen.toml:1" in err and "'subdeck_dept'" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--version") == 0
    assert capsys.readouterr().out.strip() == f"ankigen {ankigen.__version__}"


def test_help_without_importing_the_commands_is_the_same() -> None:
    # ankigen --help lists the commands from cli.SUMMARIES; each module registers its own line
    assert make_parser("").format_help() == make_parser().format_help()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(command, "--help") == 0
    out = capsys.readouterr().out
    assert "example" in out and f"ankigen {command}" in out


def test_preview_writes_the_page(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("preview", "-o", "cards.html", "--renderer", "python") == 0
    assert capsys.readouterr().out.startswith("wrote cards.html: 2 cards from 2 notes")
    page = Path("cards.html").read_text(encoding="utf-8")
    assert page.count('class="pv-card"') == 2 and "notes/vpc.md:3" in page


def test_preview_with_no_notes_exits_1(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "vpc.md").write_text("no cards here\n", encoding="utf-8")
    assert run("preview") == 1
    assert "nothing to preview" in capsys.readouterr().err
    assert not Path("preview.html").exists()


def _cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "ankigen", *args], text=True, check=False, env=env, **kwargs
    )


def test_python_dash_m_and_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    done = _cli("build", str(NOTES), "--no-state", "-o", str(tmp_path / "n.apkg"))
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr and "file/s" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32", reason="needs a POSIX terminal")
def test_progress_bar_on_a_terminal_for_a_long_build(tmp_path: Path) -> None:
    import fcntl
    import struct
    import termios

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(120):  # enough files to count as a long build
        (folder / f"n{number:03}.md").write_text(
            f"# T{number}\n\n- **term {number}**: meaning {number}\n- **word {number}**: sense {number}\n",
            encoding="utf-8",
        )
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    try:
        done = _cli("build", str(folder), "-o", str(tmp_path / "many.apkg"), stderr=follower)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert done.returncode == 0
    assert "120/120" in shown and "writing" in shown
