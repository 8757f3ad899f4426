"""Interrupted writes leave the previous package, state and cache intact and no temporary files;
the per-file cache and the process pool never change what a build gives."""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pytest

import ankigen
from ankigen import pipeline
from ankigen.cache import FileCache, FileNotes

from .conftest import NOTES, REPO

# The child runs the CLI with a file size limit: the write fails part way, as on a full disk.
LIMITED_CLI = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from ankigen.cli import main
sys.exit(main(sys.argv[2:]))
"""


def run_cli(*args: str, cwd: Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1767225600"}
    command = (
        [sys.executable, "-c", LIMITED_CLI, str(limit), *args] if limit else [sys.executable, "-m", "ankigen", *args]
    )
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=120)


def write_notes(folder: Path, files: int, terms: int, edition: str = "") -> None:
    folder.mkdir(exist_ok=True)
    for number in range(files):
        lines = [f"# Topic {number}", ""]
        lines += [
            f"- **用語{number}-{term}**: 用語 {term} の説明{edition}、カードの裏になる程度の長さ"
            for term in range(terms)
        ]
        (folder / f"topic-{number:02d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def temporary_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.name.endswith(".tmp")]


def test_interrupted_package_write_keeps_the_previous_package(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write_notes(notes, files=3, terms=20)
    assert run_cli("build", "notes", "-o", "out.apkg", "--no-state", cwd=tmp_path).returncode == 0
    before = (tmp_path / "out.apkg").read_bytes()
    write_notes(notes, files=3, terms=20, edition=" (第2版)")

    done = run_cli("build", "notes", "-o", "out.apkg", "--no-state", cwd=tmp_path, limit=len(before) // 2)

    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    # the collection's database is written to a temporary file beside the package first, and hits
    # the limit there (SQLite reports a disk I/O error, without the system's reason)
    assert "out.apkg: cannot write the package (its database" in done.stderr
    assert "disk I/O error); the previous file is unchanged" in done.stderr
    assert (tmp_path / "out.apkg").read_bytes() == before
    assert not temporary_files(tmp_path)


def test_interrupted_state_write_keeps_the_previous_state(tmp_path: Path) -> None:
    # A file size limit above the package but below the state. The collection's database is written
    # to a temporary file first, and it is larger than both, so the build now stops there, before
    # the package or the state is replaced (a limit between them can no longer reach the state alone).
    notes = tmp_path / "notes"
    write_notes(notes, files=4, terms=60)  # the state (JSON) is larger than the package (deflated)
    assert run_cli("build", "notes", "-o", "out.apkg", cwd=tmp_path).returncode == 0
    state = notes / ".ankigen-state.json"
    before = state.read_bytes()
    package_before = (tmp_path / "out.apkg").read_bytes()
    assert len(package_before) < len(before), "the test needs a state file larger than the package"
    write_notes(notes, files=4, terms=60, edition=" (第2版)")

    done = run_cli("build", "notes", "-o", "out.apkg", cwd=tmp_path, limit=(len(package_before) + len(before)) // 2)

    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "out.apkg: cannot write the package" in done.stderr
    assert state.read_bytes() == before
    assert (tmp_path / "out.apkg").read_bytes() == package_before
    assert not temporary_files(tmp_path)


def test_interrupted_cache_writes_leave_no_partial_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = tmp_path / "notes"
    write_notes(notes, files=3, terms=20)
    cache = tmp_path / "cache"
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(cache))  # the child inherits it

    done = run_cli("build", "notes", "-o", "out.apkg", "--no-state", cwd=tmp_path, limit=200)

    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr  # the package fails, loudly
    assert "could not" not in done.stderr.replace("cannot write the package", ""), "a cache failure is silent"
    assert not temporary_files(tmp_path)
    for entry in cache.rglob("*.pickle"):
        assert FileCache.decode(entry.read_bytes(), entry.stem) is not None


def build(folder: Path) -> ankigen.BuildResult:
    return ankigen.build_notes([folder])


def same(one: ankigen.BuildResult, other: ankigen.BuildResult) -> bool:
    return (one.notes, one.diagnostics, one.skipped, one.files) == (
        other.notes,
        other.diagnostics,
        other.skipped,
        other.files,
    )


def test_corrupt_cache_entries_are_ignored_and_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = tmp_path / "notes"
    write_notes(notes, files=4, terms=5)
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    cold = build(notes)
    entries = sorted((tmp_path / "cache").rglob("*.pickle"))
    assert len(entries) == 4 and not temporary_files(tmp_path / "cache")
    entries[0].write_bytes(b"")  # empty
    entries[1].write_bytes(entries[1].read_bytes()[:-1] + b"?")  # changed on disk
    entries[2].write_bytes(FileCache.encode("another key", FileNotes((), (), (), "x.md")))  # not its key
    entries[3].write_bytes(b"\x80\x05not a pickle at all")

    warm = build(notes)

    assert (warm.notes, warm.skipped, warm.files) == (cold.notes, cold.skipped, cold.files)
    added = [diagnostic for diagnostic in warm.diagnostics if diagnostic not in cold.diagnostics]
    assert len(added) == 4 and len(warm.diagnostics) == len(cold.diagnostics) + 4
    reasons = ["is truncated", "is corrupt", "was made for another file", "is truncated"]
    for entry, reason in zip(entries, reasons, strict=True):  # each entry named once, with why
        (warning,) = [found for found in added if f"cache entry {entry} {reason}" in found.message]
        assert warning.severity == "warning" and warning.span.path in cold.files, warning
        assert warning.message.endswith("parsed the file again and stored it in the cache"), warning
    assert len({warning.span.path for warning in added}) == 4
    for entry in entries:
        assert FileCache.decode(entry.read_bytes(), entry.stem) is not None, "rebuilt under its own key"
    assert same(build(notes), cold), "a rebuilt entry reads cleanly: no warning the next time"


def _garbled(job: pipeline._FileJob, cache_root: str | None, key: str | None) -> bytes:
    """A worker whose result arrives damaged (module level: the pool sends it by name)."""
    return b"ankigen-file-cache-2 0000\nnot the notes"


def test_a_worker_result_that_cannot_be_read_is_parsed_again_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    write_notes(notes, files=32, terms=2)  # enough for two workers
    monkeypatch.setenv("ANKIGEN_NO_CACHE", "1")
    monkeypatch.setenv("ANKIGEN_JOBS", "1")
    serial = build(notes)
    monkeypatch.setenv("ANKIGEN_JOBS", "2")
    monkeypatch.setattr(pipeline, "_compute_encoded", _garbled)

    damaged = build(notes)

    assert (damaged.notes, damaged.skipped, damaged.files) == (serial.notes, serial.skipped, serial.files)
    added = [diagnostic for diagnostic in damaged.diagnostics if diagnostic not in serial.diagnostics]
    assert sorted(warning.span.path for warning in added) == sorted(serial.files), "one warning per file"
    for warning in added:
        assert warning.severity == "warning", warning
        assert (
            warning.message
            == "a worker's result is corrupt (its checksum does not match its contents); parsed the file again"
        )


def test_cache_and_process_pool_give_the_same_build_as_a_cold_serial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    write_notes(notes, files=70, terms=3)  # enough for two workers, and for a rebuild to parse in one
    monkeypatch.setenv("ANKIGEN_NO_CACHE", "1")
    monkeypatch.setenv("ANKIGEN_JOBS", "1")
    serial = build(notes)
    monkeypatch.delenv("ANKIGEN_NO_CACHE")
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKIGEN_JOBS", "2")
    parallel_cold = build(notes)
    warm = build(notes)
    assert same(parallel_cold, serial) and same(warm, serial)
    assert len(list((tmp_path / "cache").rglob("*.pickle"))) == 70

    (notes / "topic-07.md").write_text(
        "# Topic 7\n\n- **新しい用語**: 変更したファイルだけが読み直される説明\n", "utf-8"
    )
    parsed_by = tmp_path / "parsed-by"
    parse = pipeline._notes_for_file

    def recording(job: pipeline._FileJob) -> FileNotes:  # a forked worker inherits the patch
        with parsed_by.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")
        return parse(job)

    monkeypatch.setattr(pipeline, "_notes_for_file", recording)
    changed = build(notes)
    monkeypatch.setattr(pipeline, "_notes_for_file", parse)
    monkeypatch.setenv("ANKIGEN_NO_CACHE", "1")
    assert same(changed, build(notes))
    assert "新しい用語" in [note.prompt for note in changed.notes]
    workers = parsed_by.read_text(encoding="utf-8").split()
    assert len(workers) == 1 and workers != [str(os.getpid())], "parsed in a worker while the cache loaded"


def test_package_that_cannot_be_written_leaves_the_build_state_as_it_was(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write_notes(notes, files=3, terms=20)
    assert run_cli("build", "notes", "-o", "out.apkg", cwd=tmp_path).returncode == 0
    state = notes / ".ankigen-state.json"
    before = state.read_bytes(), (tmp_path / "out.apkg").read_bytes()
    write_notes(notes, files=3, terms=20, edition=" (第2版)")

    done = run_cli("build", "notes", "-o", "out.apkg", cwd=tmp_path, limit=len(before[1]) // 2)

    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "cannot write the package" in done.stderr
    assert (state.read_bytes(), (tmp_path / "out.apkg").read_bytes()) == before, "the state would claim notes sent"
    assert not temporary_files(tmp_path)


def _built_with_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two small note files built once with their own cache folder: (notes, cache)."""
    notes = tmp_path / "notes"
    write_notes(notes, files=2, terms=3)
    cache = tmp_path / "cache"
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(cache))
    build(notes)
    return notes, cache


def test_cache_forgets_entries_unused_for_a_month(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes, cache = _built_with_cache(tmp_path, monkeypatch)
    before = set(cache.rglob("*.pickle"))
    write_notes(notes, files=2, terms=3, edition=" (第2版)")  # both files change: two new entries
    build(notes)
    stale = before & set(cache.rglob("*.pickle"))
    assert len(stale) == 2
    current = {entry: entry.stat().st_ino for entry in set(cache.rglob("*.pickle")) - stale}
    month_ago = time.time() - 31 * 86_400
    for entry in [*cache.rglob("*.pickle"), *cache.rglob(".pruned")]:
        os.utime(entry, (month_ago, month_ago))

    build(notes)  # a day since the last pruning: prune, but the entries this build used stay

    assert not stale & set(cache.rglob("*.pickle"))
    assert {entry: entry.stat().st_ino for entry in cache.rglob("*.pickle")} == current, "used, so kept as is"


def test_cache_marks_an_entry_used_only_when_its_time_is_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a rebuild reads every entry: one read within the hour keeps its time (no write per file),
    # an older one gets the time of now, so prune() keeps what builds still use
    notes, cache = _built_with_cache(tmp_path, monkeypatch)
    recent, old = sorted(cache.rglob("*.pickle"))
    minutes_ago = time.time() - 600
    hours_ago = time.time() - 2 * 3600
    os.utime(recent, (minutes_ago, minutes_ago))
    os.utime(old, (hours_ago, hours_ago))

    build(notes)  # both files from the cache

    assert recent.stat().st_mtime == pytest.approx(minutes_ago)
    assert old.stat().st_mtime > time.time() - 600


UNGUARDED_SPAWN_SCRIPT = """
import multiprocessing, sys
multiprocessing.set_start_method("spawn", force=True)  # as on macOS and Windows
import ankigen
result = ankigen.build_notes([sys.argv[1]])  # no `if __name__ == "__main__":` guard
print(len(result.notes), len({note.guid for note in result.notes}))
"""


def test_a_pool_that_cannot_start_falls_back_to_one_process(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write_notes(notes, files=70, terms=3)  # enough for two spawned workers
    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED_SPAWN_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "ANKIGEN_JOBS": "2", "ANKIGEN_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, str(script), str(notes)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["210", "210"]


def test_a_build_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = tmp_path / "notes"
    write_notes(notes, files=70, terms=3)  # a rebuild loads 69 files from the cache
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    ankigen.build_package([notes], tmp_path / "out.apkg")
    (notes / "topic-07.md").write_text("# Topic 7\n\n- **用語**: 変更したファイルの説明\n", "utf-8")
    ankigen.build_package([notes], tmp_path / "out.apkg")
    assert (gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()) == (threshold, enabled, 0)

    gc.freeze()  # a caller that froze objects of its own keeps them frozen
    try:
        frozen = gc.get_freeze_count()
        ankigen.build_package([notes], tmp_path / "again.apkg")
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(("method", "workers"), [("fork", 1), ("spawn", 0), ("forkserver", 0)])
def test_a_changed_file_is_parsed_beside_the_cache_only_by_a_forked_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str, workers: int
) -> None:
    # a worker that starts as a new interpreter costs more than the one file it would parse
    notes = tmp_path / "notes"
    write_notes(notes, files=70, terms=2)
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKIGEN_JOBS", "2")
    build(notes)
    (notes / "topic-07.md").write_text("# Topic 7\n\n- **用語**: 変更したファイルの説明\n", "utf-8")
    started: list[int] = []
    start = pipeline._start

    def recording(
        count: int, tasks: list[tuple[pipeline._FileJob, str | None, str | None]]
    ) -> tuple[ProcessPoolExecutor | None, list[Future[bytes]]]:
        started.append(count)
        return start(count if method == "fork" else 0, tasks)  # never really spawn here

    monkeypatch.setattr(multiprocessing, "get_start_method", lambda: method)
    monkeypatch.setattr(pipeline, "_start", recording)
    changed = build(notes)
    assert started == [workers]
    assert "用語" in [note.prompt for note in changed.notes]


def test_every_cache_entry_of_the_notes_can_be_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker hands its result back as a cache entry's bytes, read by an unpickler that knows only
    ankigen.model's classes: a rejection of another class (the selection pass's own) would make the
    entry unreadable, and the file be parsed a second time in the build's own process."""
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKIGEN_JOBS", "1")
    folders = [NOTES, REPO / "tests" / "cases", REPO / "benchmarks" / "realworld" / "tune"]
    result = ankigen.build_notes([folder for folder in folders if folder.is_dir()])
    assert result.skipped and {type(skip) for skip in result.skipped} == {ankigen.Skipped}
    entries = list((tmp_path / "cache").rglob("*.pickle"))
    assert len(entries) >= len(result.files) > 50
    for entry in entries:
        assert FileCache.decode(entry.read_bytes(), entry.stem) is not None, entry.name


def test_pruning_the_cache_also_removes_old_kept_state_databases(tmp_path: Path) -> None:
    """A build state's kept database (``states/``) unused for the cache's age limit goes with the
    cache entries, and so does a temporary file a killed build left there; a recent one stays."""
    from ankigen.cache import MAX_AGE_DAYS, FileCache

    states = tmp_path / "cache" / "states"
    states.mkdir(parents=True)
    old, left, recent = states / "a.db", states / "b.db.1234.tmp", states / "c.db"
    for path in (old, left, recent):
        path.write_bytes(b"x")
    long_ago = time.time() - (MAX_AGE_DAYS + 1) * 86_400
    for path in (old, left):
        os.utime(path, (long_ago, long_ago))
    FileCache(tmp_path / "cache").prune()
    assert not old.exists() and not left.exists() and recent.exists()
