"""Nothing a user has is lost, overwritten or leaked: outputs never replace inputs, cards do not
depend on the working folder, bad settings stop the build, and one build runs at a time."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import ankigen
from ankigen.cli import main

from .conftest import REPO

NOTE = """# Networking

- **VPC**: a private network in the cloud
- **Subnet**: a range of addresses inside a VPC

S3 Standard-IA is for data that is ==accessed less often== but needs ==fast retrieval==.
"""


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1767225600", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ankigen", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
        env=environment,
        timeout=120,
    )


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: int) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


# ---------------------------------------------------------------------------------------------
# 1. An output never overwrites an input
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "notes", "-o", "notes/a.md"],
        ["preview", "notes", "-o", "notes/a.md"],
        ["build", "notes", "-o", "out.apkg", "--state", "notes/a.md"],
        ["build", "notes/a.md", "-o", "notes/a.md"],
        ["build", "notes", "-o", "out.apkg", "--state", "out.apkg"],
        ["build", "notes", "-o", "notes/.ankigen-state.json"],
        ["preview", "notes", "-o", "notes/.ankigen-state.json"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_an_output_that_is_an_input_is_refused(
    notes: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "notes", "-o", "first.apkg", "-q"]) == 0
    before = {path.name: path.read_bytes() for path in notes.iterdir()}
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert "nothing was written" in error or "same file" in error
    assert {path.name: path.read_bytes() for path in notes.iterdir()} == before, "every input is intact"
    assert not Path("out.apkg").exists()


def test_an_output_that_is_a_second_name_for_a_source_is_refused(
    notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.link(notes / "a.md", tmp_path / "hard.apkg")
    (tmp_path / "soft.html").symlink_to(notes / "a.md")
    assert main(["build", "notes", "-o", "hard.apkg"]) == 2
    assert main(["preview", "notes", "-o", "soft.html"]) == 2
    assert (notes / "a.md").read_text(encoding="utf-8") == NOTE


def test_a_special_file_or_a_folder_is_refused(notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "link-to-pipe").symlink_to(fifo)
    for output in ("pipe", "link-to-pipe"):
        assert main(["build", "notes", "-o", output]) == 2
        assert "device or special file" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the pipe is still a pipe"
    (tmp_path / "state-folder").mkdir()
    assert main(["build", "notes", "--state", "state-folder"]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_output_into_a_folder_is_named_after_the_deck(notes: Path, tmp_path: Path) -> None:
    assert main(["build", "notes", "-o", "decks/", "-q"]) == 0
    assert (tmp_path / "decks" / "Networking.apkg").is_file()
    (tmp_path / "existing").mkdir()
    assert main(["build", "notes", "-o", "existing", "-q"]) == 0
    assert (tmp_path / "existing" / "Networking.apkg").is_file()


def test_a_symbolic_link_is_written_through(notes: Path, tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    real = tmp_path / "decks" / "real.apkg"
    real.write_bytes(b"old")
    link = tmp_path / "link.apkg"
    link.symlink_to(real)
    assert main(["build", "notes", "-o", "link.apkg", "-q"]) == 0
    assert link.is_symlink() and link.resolve() == real.resolve(), "the link stays a link"
    assert zipfile.is_zipfile(real), "its target holds the package"
    assert [path.name for path in (tmp_path / "decks").iterdir()] == ["real.apkg"], "no temporary file left"


def test_a_rebuild_keeps_the_file_mode(notes: Path, tmp_path: Path) -> None:
    assert main(["build", "notes", "-o", "deck.apkg", "-q"]) == 0
    os.chmod("deck.apkg", 0o600)
    os.chmod("notes/.ankigen-state.json", 0o640)
    (notes / "a.md").write_text(NOTE.replace("private network", "private, isolated network"), encoding="utf-8")
    assert main(["build", "notes", "-o", "deck.apkg", "-q"]) == 0
    assert stat.S_IMODE(os.stat("deck.apkg").st_mode) == 0o600
    assert stat.S_IMODE(os.stat("notes/.ankigen-state.json").st_mode) == 0o640


def test_dash_writes_the_package_to_standard_output(notes: Path, tmp_path: Path) -> None:
    done = run_cli("build", "notes", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not Path("-").exists()
    assert b"wrote standard output: 3 notes" in done.stderr
    (tmp_path / "piped.apkg").write_bytes(done.stdout)
    assert zipfile.is_zipfile(tmp_path / "piped.apkg")
    with zipfile.ZipFile(tmp_path / "piped.apkg") as archive:
        assert "collection.anki2" in archive.namelist()
    same = run_cli("build", "notes", "-o", "file.apkg", cwd=tmp_path)
    assert same.returncode == 0
    with zipfile.ZipFile(tmp_path / "file.apkg") as first, zipfile.ZipFile(tmp_path / "piped.apkg") as second:
        assert first.read("collection.anki2") == second.read("collection.anki2")


# ---------------------------------------------------------------------------------------------
# 2. Cards do not depend on the working folder
# ---------------------------------------------------------------------------------------------


def _fields(package: Path) -> list[list[str]]:
    import sqlite3

    with zipfile.ZipFile(package) as archive:
        data = archive.read("collection.anki2")
    database = package.with_suffix(".db")
    database.write_bytes(data)
    connection = sqlite3.connect(database)
    try:
        return [str(row[0]).split("\x1f") for row in connection.execute("select flds from notes")]
    finally:
        connection.close()
        database.unlink()


def test_the_same_cards_from_any_working_folder(tmp_path: Path, epoch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "a"
    (project / "notes" / "net").mkdir(parents=True)
    (project / "notes" / "net" / "vpc.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["build", "notes", "-o", str(tmp_path / "first.apkg"), "-q"]) == 0
    monkeypatch.chdir(tmp_path)
    assert main(["build", "a/notes", "-o", "second.apkg", "-q"]) == 0
    monkeypatch.chdir("/")
    assert main(["build", str(project / "notes"), "-o", str(tmp_path / "third.apkg"), "-q"]) == 0
    first, second, third = (tmp_path / name for name in ("first.apkg", "second.apkg", "third.apkg"))
    assert first.read_bytes() == second.read_bytes() == third.read_bytes()
    fields = _fields(first)
    assert fields and all("net/vpc.md" in note for note in fields), "Source: relative to the notes root"
    assert not any(str(tmp_path) in field or "tmp/" in field for note in fields for field in note), "no machine path"
    result = ankigen.diff_notes([project / "notes"])
    assert {change.change for change in result.changes} == {"unchanged"}


def test_diff_from_the_parent_folder_reports_nothing_changed(
    tmp_path: Path, epoch: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "a"
    (project / "notes").mkdir(parents=True)
    (project / "notes" / "vpc.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["build", "notes", "-q"]) == 0
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "a/notes"]) == 0
    assert "next build: 0 added, 0 changed, 3 unchanged, 0 orphaned" in capsys.readouterr().out


def test_a_build_of_named_files_keeps_its_state_beside_the_package(notes: Path, tmp_path: Path) -> None:
    assert main(["build", "notes/a.md", "-o", "out/deck.apkg", "-q"]) == 0
    assert (tmp_path / "out" / ".ankigen-state.json").is_file()
    assert main(["build", "notes/a.md", "-o", "decks/", "-q"]) == 0
    assert sorted(path.name for path in (tmp_path / "decks").iterdir()) == [".ankigen-state.json", "Networking.apkg"]
    assert sorted(path.name for path in notes.iterdir()) == ["a.md"], "nothing written among the notes"


# ---------------------------------------------------------------------------------------------
# 3. Settings that cannot be read stop the build
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("pyproject.toml", b'[tool.black]\nline-length = 88,\n\n[tool.ankigen]\ndeck = "AWS"\n', 2),
        ("pyproject.toml", b'[project]\nname = "x"\n[tool.ankigen]\ndeck = "AWS"\ndeck = "B"\n', 5),
        ("ankigen.toml", b'deck = "Caf\xe9"\n', 1),
        ("ankigen.toml", b'deck = "AWS"\ntags = [\n', 2),
    ],
    ids=["pyproject-error-elsewhere", "pyproject-duplicate-key", "ankigen-not-utf8", "ankigen-unclosed"],
)
def test_a_settings_file_that_cannot_be_read_is_exit_2_with_its_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    line: int,
) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    for command in ("build", "inspect", "diff", "preview"):
        assert main([command, "notes"]) == 2, command
        error = capsys.readouterr().err
        assert f"{name}:{line}:" in error and "Traceback" not in error
    assert not (tmp_path / "AWS.apkg").exists() and not (tmp_path / "Networking.apkg").exists()


# ---------------------------------------------------------------------------------------------
# 4. One build at a time, and a state that knows its package
# ---------------------------------------------------------------------------------------------


def test_a_second_build_waits_for_the_lock_and_says_who_holds_it(notes: Path, tmp_path: Path) -> None:
    from ankigen.lock import build_lock

    state = notes / ".ankigen-state.json"
    with build_lock(state):
        gave_up = run_cli("build", "notes", "-o", "deck.apkg", cwd=tmp_path, env={"ANKIGEN_LOCK_TIMEOUT": "1"})
        assert gave_up.returncode == 1
        assert f"pid {os.getpid()}".encode() in gave_up.stderr and b"gave up after 1 s" in gave_up.stderr
        assert not (tmp_path / "deck.apkg").exists()
        waiting = subprocess.Popen(
            [sys.executable, "-m", "ankigen", "build", "notes", "-o", "deck.apkg"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(1.5)
        assert waiting.poll() is None, "the second build waits"
    _, error = waiting.communicate(timeout=120)
    assert waiting.returncode == 0
    assert b"waiting for another build" in error and f"pid {os.getpid()}".encode() in error
    assert (tmp_path / "deck.apkg").is_file()
    assert not Path(str(state) + ".lock").exists(), "the lock file goes with the lock"


def test_a_package_and_state_from_different_builds_resend_every_note(notes: Path, tmp_path: Path) -> None:
    # two builds raced: the package of the first (older notes) landed after the state of the second
    ankigen.build_package([notes], tmp_path / "deck.apkg")
    older = (tmp_path / "deck.apkg").read_bytes()
    (notes / "a.md").write_text(NOTE.replace("private network", "private, isolated network"), encoding="utf-8")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(os.environ["SOURCE_DATE_EPOCH"]) + 60)
    ankigen.build_package([notes], tmp_path / "deck.apkg")
    (tmp_path / "deck.apkg").write_bytes(older)
    state = json.loads((notes / ".ankigen-state.json").read_text(encoding="utf-8"))
    assert state["package"]["path"] == "../deck.apkg"
    again = ankigen.build_package([notes], tmp_path / "deck.apkg")
    assert {change.change for change in again.changes} == {"changed"}, "Anki gets every note again"
    assert any("does not belong" in str(diagnostic) for diagnostic in again.diagnostics)
    settled = ankigen.build_package([notes], tmp_path / "deck.apkg")
    assert {change.change for change in settled.changes} == {"unchanged"}
    assert not any("does not belong" in str(diagnostic) for diagnostic in settled.diagnostics)


def test_a_package_imported_and_deleted_changes_nothing(notes: Path, tmp_path: Path) -> None:
    ankigen.build_package([notes], tmp_path / "deck.apkg")
    (tmp_path / "deck.apkg").unlink()
    again = ankigen.build_package([notes], tmp_path / "deck.apkg")
    assert {change.change for change in again.changes} == {"unchanged"}


# ---------------------------------------------------------------------------------------------
# 6. The cache cannot run code, and a changed entry is never used
# ---------------------------------------------------------------------------------------------


class _Payload:
    """What a planted pickle would do on load: create a file (as it could run any command)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def _built_with_one_cache_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, ankigen.BuildResult, Path]:
    """A notes folder of one file built once into a fresh cache: the folder, the build, the cache entry."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTE, encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(cache))
    cold = ankigen.build_notes([notes])
    [entry] = [path for path in cache.rglob("*") if path.is_file() and path.name != ".pruned"]
    return notes, cold, entry


def test_a_planted_cache_entry_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: int) -> None:
    import hashlib
    import pickle

    notes, cold, entry = _built_with_one_cache_entry(tmp_path, monkeypatch)
    marker = tmp_path / "pwned"
    body = pickle.dumps(("ankigen-file-cache-2", entry.stem, _Payload(marker)))
    # with the format's own header and a matching digest, as an attacker would write it; and bare
    for planted in (b"ankigen-file-cache-2 " + hashlib.sha256(body).hexdigest().encode() + b"\n" + body, body):
        entry.write_bytes(planted)
        warm = ankigen.build_notes([notes])
        assert not marker.exists(), "the pickle in the cache ran code"
        assert warm.notes == cold.notes


def test_a_byte_flipped_cache_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: int) -> None:
    notes, cold, entry = _built_with_one_cache_entry(tmp_path, monkeypatch)
    data = entry.read_bytes()
    flipped = data.replace(b"private network", b"public  network")
    assert flipped != data
    entry.write_bytes(flipped)
    warm = ankigen.build_notes([notes])
    assert warm.notes == cold.notes, "text that is in no note never reaches a card"
    assert not any("public  network" in value for note in warm.notes for _, value in note.fields)


# ---------------------------------------------------------------------------------------------
# 7. Only images, audio and video are packaged, never a secret
# ---------------------------------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize(
    ("target", "content", "reason"),
    [
        (".git/config", b"[remote]\n\turl = https://user:token@example.invalid/repo\n", "hidden"),
        (".env", b"API_KEY=secret\n", "hidden"),
        (".hidden.png", PNG, "hidden"),
        ("secrets/.ssh/id.png", PNG, "hidden"),
        ("page.html", b"<html><script>alert(1)</script></html>", "not an image"),
        ("fake.png", b"not an image at all, a password list\n", "not an image"),
        ("scripted.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not an image"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_secrets_and_non_media_are_never_packaged(
    tmp_path: Path, epoch: int, target: str, content: bytes, reason: str
) -> None:
    notes = tmp_path / "notes"
    (notes / target).parent.mkdir(parents=True, exist_ok=True)
    (notes / target).write_bytes(content)
    (notes / "real.png").write_bytes(PNG)
    (notes / "a.md").write_text(f"# Keys\n\n- **Key**: ![s]({target}) and ![ok](real.png)\n", encoding="utf-8")
    result = ankigen.build_package([notes], tmp_path / "deck.apkg")
    assert [media.data for media in result.media] == [PNG], "only the real image"
    with zipfile.ZipFile(tmp_path / "deck.apkg") as archive:
        packaged = b"".join(archive.read(name) for name in archive.namelist() if name.isdigit())
    assert content not in packaged or (content == PNG and packaged == PNG)
    [warning] = [d for d in result.diagnostics if target in d.message or reason in d.message]
    assert warning.span.line == 3 and warning.span.path.endswith("a.md") and reason in warning.message


# ---------------------------------------------------------------------------------------------
# Messages, not tracebacks; exit codes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        '{"format": 1, "notes": {"g": {"hash": "h", "mod": 1e999, "kind": "basic", "path": "a.md", "line": 1}}}',
        '{"format": 1, "notes": {"g": {"hash": "h", "mod": 1%s, "kind": "basic", "path": "a.md", "line": 1}}}'
        % ("0" * 30),
        '{"format": 1, "note_types": {"basic": {"hash": "h", "mod": -5}}}',
        "[" * 100_000,
    ],
    ids=["1e999", "10**30", "negative", "nested"],
)
def test_a_hostile_state_file_is_a_warning_not_a_traceback(
    notes: Path, state: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (notes / ".ankigen-state.json").write_text(state, encoding="utf-8")
    assert main(["build", "notes", "-o", "deck.apkg"]) == 0
    assert main(["diff", "notes"]) == 0
    error = capsys.readouterr().err
    assert "notes/.ankigen-state.json:1: warning: build state unreadable" in error
    assert zipfile.is_zipfile("deck.apkg")


@pytest.mark.parametrize("value", ["99999999999999999999", "-5", "soon"])
def test_source_date_epoch_out_of_range_is_a_message(
    notes: Path, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert main(["build", "notes", "-o", "deck.apkg"]) == 2
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds from 0" in capsys.readouterr().err
    assert not Path("deck.apkg").exists()


@pytest.mark.parametrize("command", ["inspect", "diff", "preview"])
def test_output_piped_to_head_ends_quietly(tmp_path: Path, command: str) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    lines = [f"- **Term {number}**: the meaning of term number {number}, long enough" for number in range(3000)]
    (notes / "many.md").write_text("# Many\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    argv = {"inspect": ["--format", "json"], "diff": ["--all"], "preview": ["-o", str(tmp_path / "p.html")]}[command]
    process = subprocess.Popen(
        [sys.executable, "-m", "ankigen", command, str(notes), *argv],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()  # `| head -c 10`
    error = process.stderr.read()
    process.wait(timeout=120)
    assert b"Traceback" not in error and b"BrokenPipeError" not in error, error.decode()


def test_a_missing_path_has_no_made_up_line(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "notes", "nope.md", "-o", "deck.apkg"]) == 0
    error = capsys.readouterr().err
    assert "nope.md: error: no such file or folder" in error and "nope.md:1" not in error


def test_an_unknown_option_shows_the_subcommands_usage(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["build", "notes", "--bogus"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "usage: ankigen build" in error and "unrecognized arguments: --bogus" in error


def test_a_linked_sub_folder_is_a_warning(notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.md").write_text(NOTE.replace("Networking", "Elsewhere"), encoding="utf-8")
    (notes / "linked").symlink_to(elsewhere, target_is_directory=True)
    assert main(["build", "notes", "-o", "deck.apkg"]) == 0
    assert "notes/linked: warning: a link to a folder, not followed" in capsys.readouterr().err


def run_cli_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The CLI as a user to whom permissions apply: as root (CI runs as root), without the
    capabilities that let root read any folder (``capsh --drop``); skipped where that cannot be done."""
    if os.geteuid() != 0:
        return run_cli(*args, cwd=cwd)
    capsh = shutil.which("capsh")
    if capsh is None:
        pytest.skip("root reads any folder, and capsh (libcap2-bin) is not here to drop that")
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "ankigen", *args))
    environment = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run(
        [capsh, "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", command],
        cwd=cwd,
        capture_output=True,
        check=False,
        env=environment,
        timeout=120,
    )


def test_an_unreadable_sub_folder_is_a_warning(notes: Path) -> None:
    locked = notes / "locked"
    locked.mkdir()
    (locked / "c.md").write_text(NOTE, encoding="utf-8")
    locked.chmod(0)
    try:
        done = run_cli_unprivileged("build", "notes", "-o", "deck.apkg", cwd=notes.parent)
    finally:
        locked.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert b"cannot read this folder" in done.stderr
    assert b"Traceback" not in done.stderr


def test_the_same_warning_many_times_is_counted(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [f"- **Term {number}**: see ![diagram](missing.png) for term {number}" for number in range(50)]
    (notes / "a.md").write_text("# Many\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert main(["build", "notes", "-o", "deck.apkg"]) == 0
    error = capsys.readouterr().err.splitlines()
    assert len([line for line in error if "missing.png" in line and ": warning: " in line]) <= 4
    assert any("47 more of the same warning not shown" in line for line in error)


def test_diff_exit_code(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "notes", "--exit-code"]) == 1, "everything is new"
    assert main(["build", "notes", "-q"]) == 0
    assert main(["diff", "notes", "--exit-code"]) == 0
    (notes / "a.md").write_text(NOTE.replace("private network", "private, isolated network"), encoding="utf-8")
    assert main(["diff", "notes", "--exit-code", "--format", "json"]) == 1
    assert main(["diff", "notes"]) == 0, "without --exit-code, a diff is not a failure"


def test_inspect_json_is_the_same_from_any_working_folder(
    tmp_path: Path, epoch: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "a"
    (project / "notes" / "net").mkdir(parents=True)
    (project / "notes" / "net" / "vpc.md").write_text(NOTE, encoding="utf-8")
    outputs = []
    for folder, path in ((project, "notes"), (tmp_path, "a/notes"), (Path("/"), str(project / "notes"))):
        monkeypatch.chdir(folder)
        assert main(["inspect", path, "--format", "json"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert {note["source"]["path"] for note in json.loads(outputs[0])} == {"net/vpc.md"}


def test_a_link_to_standard_output_is_refused_and_stays_a_link(notes: Path, tmp_path: Path) -> None:
    # /dev/stdout is such a link; run as root, a build replaced it with a regular file
    link = tmp_path / "stdout-link"
    link.symlink_to("/proc/self/fd/1")
    done = run_cli("build", "notes", "-o", str(link), cwd=tmp_path)
    assert done.returncode == 2 and b"device or special file" in done.stderr, done.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


@pytest.mark.parametrize("command", ["build", "inspect", "diff", "preview"])
def test_an_unreadable_notes_folder_is_a_message(notes: Path, command: str) -> None:
    notes.chmod(0)
    try:
        done = run_cli_unprivileged(command, "notes", cwd=notes.parent)
    finally:
        notes.chmod(0o755)
    assert done.returncode in (0, 1), done.stderr
    assert b"notes: cannot read this folder" in done.stderr and b"Traceback" not in done.stderr, done.stderr
