"""One writer at a time per build state file: ``build``, ``sync`` and ``watch`` take the same lock.

A minimal ``fcntl.flock`` lock on ``STATE.lock`` beside the state file, held for the duration of a
build (for ``watch``: of each rebuild and import). The kernel releases it when the process ends,
however it ends, so a crash leaves nothing to clean up. The lock file itself stays (deleting a lock
file that another process may have just opened would let two writers in); it holds the holder's
command and process id, which the one waiting is told. Where ``fcntl`` does not exist (Windows)
no lock is taken.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["hold_lock", "lock_path"]


def lock_path(state_path: Path) -> Path:
    """The lock file for a state file: ``.ankigen-state.json.lock`` beside it."""
    return state_path.with_name(state_path.name + ".lock")


@contextlib.contextmanager
def hold_lock(state_path: Path | None, command: str) -> Iterator[None]:
    """Hold the lock of ``state_path`` (nothing when None) while the block runs; when another
    process holds it, say which one on stderr and wait for it."""
    if state_path is None:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = lock_path(state_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only notes folder: the state cannot be written either, nothing to guard
        yield
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 200, 0).decode("utf-8", "replace").strip() or "another ankigen"
            print(f"ankigen {command}: waiting for {holder} to finish with {state_path}", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"ankigen {command} (pid {os.getpid()})".encode(), 0)
        yield
    finally:
        os.close(handle)  # releases the lock
