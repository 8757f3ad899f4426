"""One writer at a time per build state file: ``build``, ``sync`` and ``watch`` take the same lock.

A stand-in, with the interface of the lock the safety branch (issue 12) adds for ``build`` and
``sync``: :func:`build_lock` holds an ``fcntl.flock`` lock on ``STATE.lock`` beside the state file
for the block (``watch``: for each rebuild, import and sync). The kernel releases it when the
process ends, however it ends. The file holds the holder's pid, which the one waiting is told.
Where ``fcntl`` does not exist (Windows) or the file cannot be created (a read-only notes folder,
where the state cannot be written either), no lock is taken.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["build_lock", "lock_path"]


def lock_path(state: Path) -> Path:
    """The lock file for a state file: ``.ankigen-state.json.lock`` beside it."""
    return state.with_name(state.name + ".lock")


def _say(message: str) -> None:
    print(f"ankigen: {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def build_lock(state: Path, *, on_wait: Callable[[str], None] | None = _say) -> Iterator[None]:
    """Hold the lock of the build state file ``state`` while the block runs; when another process
    holds it, tell ``on_wait`` who it is and wait for it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = lock_path(state)
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                holder = os.pread(handle, 200, 0).decode("utf-8", "replace").strip() or "another process"
                on_wait(f"waiting for another build of {state} to finish ({holder})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"pid {os.getpid()}, ankigen {' '.join(sys.argv[1:2])}".encode(), 0)
        yield
    finally:
        os.close(handle)  # releases the lock
