"""One build at a time per build state file: :func:`build_lock`.

``build``, ``sync`` and ``watch`` (anything that reads and writes a build state) hold the lock of its
state file while they run, so two builds never interleave their package and state writes. The lock
is an advisory lock (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) on a small file beside
the state, ``.ankigen-state.json.lock``, which holds the pid and command of its holder for messages
and is removed when the lock is released. The operating system releases the lock when its holder
exits, however it exits, so a lock is never left stale: a file left by a build killed with -9 is
simply locked and removed by the next build. Forked pool workers close their copy of the file, so
they never keep a lock alive.

A second build waits for the first, saying who holds the lock, and gives up with
:class:`LockTimeout` after ``timeout`` seconds (``ANKIGEN_LOCK_TIMEOUT``, default 600). Where the lock
file cannot be created (a read-only notes folder, where the state cannot be written either) the
build goes on unlocked. The lock is re-entrant within a process: ``sync`` holds it around the build
it starts. The standard library does this in a few lines; no dependency is needed.

On Windows ``msvcrt.locking`` locks the file's first byte; it is released when the process exits
too, and the file is left in place (an open file cannot be removed there). Network file systems may
not honour either lock; there the state's package record (:mod:`ankigen.state`) still detects a
package and a state written by different builds.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import AnkigenError

__all__ = ["LOCK_SUFFIX", "LockTimeout", "build_lock", "lock_path"]

LOCK_SUFFIX = ".lock"
TIMEOUT_ENV = "ANKIGEN_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 600.0
_POLL = 0.1

_held: dict[str, int] = {}  # resolved lock path -> how many times this process holds it
_held_guard = threading.Lock()
_handles: set[int] = set()  # the open lock files of this process


def _close_in_child() -> None:
    """A forked child (a pool worker) closes its copies of the lock files: a lock is held as long as
    any process has its file open, and a worker left behind by a killed build must not keep it."""
    for handle in list(_handles):
        with contextlib.suppress(OSError):
            os.close(handle)
    _handles.clear()
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


class LockTimeout(AnkigenError):
    """Another build held the state's lock for longer than the timeout."""


def lock_path(state: Path) -> Path:
    return state.with_name(state.name + LOCK_SUFFIX)


def _default_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(TIMEOUT_ENV, "") or DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def _command() -> str:
    """What this process is, for another build's message: the program and its subcommand only (the
    rest of the command line may hold a server address with a password)."""
    words = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:2]]
    return " ".join(word for word in words if word and not word.startswith("-"))


def _try_lock(handle: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(handle, 0, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(handle: int) -> str:
    with contextlib.suppress(OSError, AttributeError):
        text = os.pread(handle, 200, 0).decode("utf-8", "replace").strip()
        if text:
            return text
    return "another process"


def _say(message: str) -> None:
    print(f"ankigen: {message}", file=sys.stderr, flush=True)


def _same_file(handle: int, path: Path) -> bool:
    """Whether ``path`` still names the file open as ``handle`` (the holder before removes it)."""
    try:
        opened, named = os.fstat(handle), os.stat(path)
    except OSError:
        return False
    return (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino)


def _acquire(path: Path, state: Path, limit: float, on_wait: Callable[[str], None] | None) -> int | None:
    """The open, locked lock file; None when it cannot be created. The file is removed by its holder
    on release, so a lock obtained on a file that is no longer ``path`` is dropped and tried again."""
    deadline = time.monotonic() + limit
    told = False
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # as the state's write will
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            return None  # a read-only folder: nothing can be written beside the state either
        _handles.add(handle)
        try:
            while not _try_lock(handle):
                holder = _holder(handle)
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{state}: another build holds its lock ({holder}; lock file {path}); gave up after "
                        f"{limit:g} s. Wait for it to finish, or set {TIMEOUT_ENV} to wait longer"
                    )
                if not told and on_wait is not None:
                    on_wait(f"waiting for another build of {state} to finish ({holder})")
                    told = True
                time.sleep(_POLL)
        except BaseException:
            _release(handle, None)
            raise
        if _same_file(handle, path) or sys.platform == "win32":
            return handle
        _release(handle, None)


def _release(handle: int, path: Path | None) -> None:
    """Remove the lock file (when ``path`` is given) while still holding it, then close it."""
    if path is not None:
        with contextlib.suppress(OSError):
            os.unlink(path)
    _handles.discard(handle)
    with contextlib.suppress(OSError):
        os.close(handle)


@contextlib.contextmanager
def build_lock(
    state: Path, *, timeout: float | None = None, on_wait: Callable[[str], None] | None = _say
) -> Iterator[None]:
    """Hold the lock of the build state file ``state`` for the block; wait up to ``timeout`` seconds
    (default ``ANKIGEN_LOCK_TIMEOUT`` or 600) for another holder, telling ``on_wait`` who it is."""
    path = lock_path(Path(state))
    key = str(path.resolve())
    with _held_guard:
        reentered = bool(_held.get(key))
        if reentered:
            _held[key] += 1
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    handle = _acquire(path, Path(state), _default_timeout() if timeout is None else timeout, on_wait)
    if handle is None:
        yield
        return
    try:
        with contextlib.suppress(OSError, AttributeError):
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"pid {os.getpid()}, {_command()}".encode(), 0)
        with _held_guard:
            _held[key] = 1
        yield
    finally:
        with _held_guard:
            _held.pop(key, None)
        _release(handle, path if sys.platform != "win32" else None)
