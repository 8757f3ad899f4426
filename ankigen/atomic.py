"""Atomic file writes: a temporary file in the target's folder, fsync, then rename into place.

An interrupted build leaves the previous output intact and no temporary file behind. A target that
is a symbolic link is written *through*: the file it points to is replaced and the link stays, as
editors do. A file that exists keeps its permission bits (a package kept at 600 stays 600).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PreparedWrite", "prepare_write", "write_atomically", "write_target"]


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


def prepare_write(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> PreparedWrite:
    """The first half of :func:`write_atomically`: ``data`` written (and flushed to disk when
    ``durable``) to a temporary file beside ``path`` (beside the file it links to, for a link), left
    for the caller to commit or discard."""
    path = write_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, _mode_for(path) if mode is None else mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return PreparedWrite(path, Path(temporary))
