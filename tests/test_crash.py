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
KILLED_FROM = ("start", "workers", "workers-gone", "workers", "workers-gone")
"""Where each round of test_build_killed_at_random_moments counts its random moment from (see _kill_at_random)."""
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


def _kill_at_random(
    argv: list[str], cwd: Path, env: dict[str, str], delay: float, *, counted_from: str = "start"
) -> set[int]:
    """Start ankigen, kill it with -9 ``delay`` seconds after it started (``counted_from`` "start"),
    after its first worker is seen ("workers") or after its workers are gone ("workers-gone": the
    package and the state being written); the worker pids it had then."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ankigen", *argv], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + delay if counted_from == "start" else None
    workers: set[int] = set()
    while (deadline is None or time.monotonic() < deadline) and process.poll() is None:
        children = _children(process.pid)
        workers |= children
        if deadline is None and workers and (counted_from == "workers" or not children):
            deadline = time.monotonic() + delay
        time.sleep(0.01)
    workers |= _children(process.pid)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    return workers


def _timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Run ankigen to the end: how long it took, and when its first and its last worker were seen."""
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "ankigen", *argv], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    seen: list[float] = []
    while process.poll() is None:
        if _children(process.pid):
            seen.append(time.monotonic() - start)
        time.sleep(0.01)
    assert process.wait(timeout=300) == 0
    took = time.monotonic() - start
    return took, (seen[0] if seen else took), (seen[-1] if seen else took)


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
    # the moments are drawn as parts of how long a whole build (of a copy of the notes) takes here and
    # now, each counted from a moment of its own round, not as fixed seconds from the start: under
    # heavy load a new process took longer to start its workers than the latest fixed moment, and no
    # round was killed while they ran (nor, at any load, while the package and the state were written)
    copy = tmp_path / "timed"
    copy.mkdir()
    _write_notes(copy / "notes", 0)
    took, first_worker, last_worker = _timed(["build", "notes", "-o", "deck.apkg"], copy, env)
    seen_workers = 0
    for round_number in range(ROUNDS):
        _write_notes(notes, round_number)
        argv = ["build", str(notes), "-o", str(out / "deck.apkg")]
        counted_from = KILLED_FROM[round_number % len(KILLED_FROM)]
        phase = {"start": took, "workers": last_worker - first_worker, "workers-gone": took - last_worker}
        delay = rng.uniform(0.0, 0.9) * phase[counted_from]
        workers = _kill_at_random(argv, tmp_path, env, delay, counted_from=counted_from)
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


_LATE_WORKERS = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1])
from ankigen import pipeline

started = pipeline._worker_start


def late(*arguments):
    # a worker scheduled only after its build was killed (heavy load): it starts once the build is gone
    deadline = time.monotonic() + 30
    while os.getppid() == build and time.monotonic() < deadline:
        time.sleep(0.02)
    started(*arguments)


build = os.getpid()


pipeline._worker_start = late

pool = pipeline._pool(2)
futures = [pool.submit(time.sleep, 0.01) for _ in range(4)]
print("forked", flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see the workers")
def test_a_worker_that_starts_after_its_build_was_killed_exits(tmp_path: Path) -> None:
    """Deterministic companion of test_build_killed_at_random_moments: a build killed between
    forking a worker and the worker's start (which heavy load makes likely) leaves no worker behind.
    The worker cannot learn its build's pid from its parent then (init): the build gives it."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers are this process's children only where they are forked")
    build = subprocess.Popen(
        [sys.executable, "-c", _LATE_WORKERS, str(REPO)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert build.stdout is not None and build.stdout.readline().strip() == "forked"
        workers = _children(build.pid)
    finally:
        build.kill()
        build.wait(timeout=60)
    assert len(workers) == 2
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # not left running after a failure
        os.kill(pid, signal.SIGKILL)
    assert not left, "a worker that started after its build was killed outlived it"
