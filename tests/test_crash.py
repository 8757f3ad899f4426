"""Crash consistency: ``build`` and ``sync`` killed with -9 at random moments leave a usable package,
state and collection, no worker behind them, and temporaries that the next run removes.

Bounded: a fixed seed, a few rounds each, every child with a timeout."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

ROUNDS = 5
FILES = 120
TERMS = 12


def _write_notes(folder: Path, edition: int) -> None:
    folder.mkdir(exist_ok=True)
    for number in range(FILES):
        lines = [f"# Topic {number}", ""]
        lines += [
            f"- **Term {number}-{term}**: meaning {term} of topic {number}, edition {edition}" for term in range(TERMS)
        ]
        (folder / f"topic-{number:03d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "ANKIGEN_NO_CACHE": "1",  # every file parsed, by the pool: there are workers to kill
        "ANKIGEN_JOBS": "2",
        "TMPDIR": str(tmp_path / "tmp"),
    }


def _children(pid: int) -> set[int]:
    try:
        return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited; only its parent has not collected it


def _kill_at_random(argv: list[str], cwd: Path, env: dict[str, str], delay: float) -> set[int]:
    """Start ankigen, kill it with -9 after ``delay`` seconds; the worker pids it had then."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ankigen", *argv], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + delay
    workers: set[int] = set()
    while time.monotonic() < deadline and process.poll() is None:
        workers |= _children(process.pid)
        time.sleep(0.01)
    workers |= _children(process.pid)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    return workers


def _ankigen(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ankigen *args`` to the end (no kill), its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "ankigen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _temporaries(*folders: Path) -> list[Path]:
    return [path for folder in folders for path in folder.rglob("*") if path.name.endswith(".tmp")]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see the workers")
def test_build_killed_at_random_moments(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "tmp").mkdir()
    env = _env(tmp_path)
    rng = random.Random(12)
    seen_workers = 0
    for round_number in range(ROUNDS):
        _write_notes(notes, round_number)
        workers = _kill_at_random(
            ["build", str(notes), "-o", str(out / "deck.apkg")], tmp_path, env, rng.uniform(0.2, 2.5)
        )
        seen_workers += len(workers)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers), "a worker outlived the build that was killed"
        if (out / "deck.apkg").exists():  # the previous package or the new one, whole
            with zipfile.ZipFile(out / "deck.apkg") as archive:
                assert archive.testzip() is None and "collection.anki2" in archive.namelist()
        state = notes / ".ankigen-state.json"
        if state.exists():
            assert json.loads(state.read_text(encoding="utf-8"))["format"] == 2
    assert seen_workers, "no run was killed while its workers ran: make the notes bigger"

    done = _ankigen(["build", str(notes), "-o", str(out / "deck.apkg")], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert not _temporaries(notes, out), "the next build removes what the killed ones left"
    assert not list(notes.glob("*.lock"))
    diff = _ankigen(["diff", str(notes), "--exit-code"], tmp_path, env)
    assert diff.returncode == 0, diff.stdout[-2000:]

    pytest.importorskip("anki")
    from ankigen import import_package

    report = import_package(tmp_path / "check.anki2", out / "deck.apkg")  # the real Anki importer
    assert report.new == FILES * TERMS


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see the workers")
def test_sync_killed_at_random_moments(tmp_path: Path) -> None:
    pytest.importorskip("anki")
    from anki.collection import Collection

    notes = tmp_path / "notes"
    (tmp_path / "tmp").mkdir()
    collection = tmp_path / "col.anki2"
    env = _env(tmp_path)
    rng = random.Random(7)
    for round_number in range(ROUNDS - 1):
        _write_notes(notes, round_number)
        workers = _kill_at_random(
            ["sync", str(notes), "--collection", str(collection)], tmp_path, env, rng.uniform(0.3, 3.5)
        )
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers), "a worker outlived the sync that was killed"
        if collection.exists():
            col = Collection(str(collection))
            try:
                assert col.db is not None and col.db.scalar("pragma integrity_check") == "ok"
            finally:
                col.close()

    _write_notes(notes, 99)
    done = _ankigen(["sync", str(notes), "--collection", str(collection)], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert not list((tmp_path / "tmp").glob("ankigen-sync-*")), "the next sync removes the killed ones' folders"
    assert not _temporaries(notes)
    col = Collection(str(collection))
    try:
        assert col.note_count() == FILES * TERMS
        assert len(col.find_notes('"Definition:*edition 99*"')) == FILES * TERMS, "the last sync's edits are all in"
    finally:
        col.close()


def test_the_next_run_removes_what_a_killed_one_left(tmp_path: Path) -> None:
    """Deterministic companion of the tests above: temporaries of a writer that is gone (its pid,
    past any pid the system gives, is in the name) are removed; those of a live one are kept."""
    notes = tmp_path / "notes"
    _write_notes(notes, 0)
    (tmp_path / "tmp").mkdir()
    dead = 99_999_999
    left = [notes / f"..ankigen-state.json.{dead}.x1y2.tmp", tmp_path / f".deck.apkg.{dead}.a9b8.tmp"]
    for path in left:
        path.write_bytes(b"partial")
    alive = tmp_path / f".deck.apkg.{os.getpid()}.c7d6.tmp"
    alive.write_bytes(b"being written")
    sync_folder = tmp_path / "tmp" / f"ankigen-sync-{dead}-q1w2"
    sync_folder.mkdir()
    (sync_folder / "deck.apkg").write_bytes(b"partial")
    env = _env(tmp_path)
    done = _ankigen(["build", str(notes), "-o", "deck.apkg"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert [path.name for path in left if path.exists()] == [] and alive.exists()
    if sys.modules.get("anki") is not None or _has_anki():
        done = _ankigen(["sync", str(notes), "--collection", str(tmp_path / "c.anki2")], tmp_path, env)
        assert done.returncode == 0, done.stderr
        assert not sync_folder.exists()


def _has_anki() -> bool:
    import importlib.util

    return importlib.util.find_spec("anki") is not None
