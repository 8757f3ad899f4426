"""Atomic file writes: a temporary file in the target's folder, fsync, then rename into place.

An interrupted build leaves the previous output intact and no temporary file behind. A target that
is a symbolic link is written *through*: the file it points to is replaced and the link stays, as
editors do. A file that exists keeps its permission bits (a package kept at 600 stays 600).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PreparedWrite", "pid_alive", "prepare_write", "remove_stale", "write_atomically", "write_target"]

STALE_AFTER_SECONDS = 86_400
"""A temporary file whose writer cannot be told (no pid in its name) is stale after this long."""


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (a signal 0 probe)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else (or cannot tell: leave it)
    return True


def _writer_pid(name: str, prefix: str) -> int | None:
    """The pid in a temporary's name ``<prefix><pid>.<random>...``, None when it holds none."""
    head = name[len(prefix) :].split(".", 1)[0].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def remove_stale(folder: Path, prefix: str, suffix: str = "") -> None:
    """Delete the temporaries ``<prefix>*<suffix>`` in ``folder`` (files or folders) that this user
    left behind: their writer (pid in the name) is gone, or they are a day old. A process killed
    with -9 leaves its temporaries; the next run removes them."""
    import shutil
    import time

    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(prefix)]
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if suffix and not entry.name.endswith(suffix):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if hasattr(os, "getuid") and status.st_uid != os.getuid():
            continue
        pid = _writer_pid(entry.name, prefix)
        writer_gone = pid is not None and pid != os.getpid() and not pid_alive(pid)
        if writer_gone or now - status.st_mtime > STALE_AFTER_SECONDS:
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)


def _default_mode() -> int:
    """What a plain ``open(path, "w")`` would give: 0o666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_target(path: Path) -> Path:
    """The file a write to ``path`` replaces: ``path`` itself, or what it links to (followed to the
    end, also when the last link dangles: the file is then created where it points)."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def _mode_for(target: Path) -> int:
    """An existing file's permission bits, else what a plain ``open(path, "w")`` would give."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        return _default_mode()


def write_atomically(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The file gets ``mode``, by default the permissions it has already, or those a normal write would
    give to a new file (mkstemp alone would leave a package or state file readable by its owner
    only). ``durable=False`` skips the fsync: still all-or-nothing for the reader, but after a power
    cut the file may be missing or empty, which is fine for a cache whose broken entries are ignored.
    """
    prepare_write(path, data, mode=mode, durable=durable).commit()


@dataclass(frozen=True, slots=True)
class PreparedWrite:
    """A file written in full beside its target, not yet in place: :meth:`commit` renames it over
    the target, :meth:`discard` deletes it. For a write that must land only after another one."""

    path: Path
    temporary: Path

    def commit(self) -> None:
        try:
            os.replace(self.temporary, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temporary)


def prepare_write(
    path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None, durable: bool = True
) -> PreparedWrite:
    """The first half of :func:`write_atomically`: ``data`` (bytes, or its pieces in order, so that
    a large file need not be held whole) written (and flushed to disk when ``durable``) to a
    temporary file beside ``path`` (beside the file it links to, for a link), left for the caller
    to commit or discard."""
    path = write_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.name}."
    if durable:  # not for cache entries: thousands of writes, and a stale one is pruned with the cache
        remove_stale(path.parent, prefix, ".tmp")
    import tempfile  # here: it imports random and more, which the commands that write nothing never need

    handle, temporary = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, _mode_for(path) if mode is None else mode)
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                for piece in data:
                    stream.write(piece)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return PreparedWrite(path, Path(temporary))
