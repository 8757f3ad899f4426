"""Atomic file writes: a temporary file in the target's folder, fsync, then rename into place.

An interrupted build leaves the previous output intact and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PreparedWrite", "prepare_write", "write_atomically"]


def _default_mode() -> int:
    """What a plain ``open(path, "w")`` would give: 0o666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The file gets ``mode``, by default the permissions a normal write would give (mkstemp alone
    would leave a package or state file readable by its owner only). ``durable=False`` skips the
    fsync: still all-or-nothing for the reader, but after a power cut the file may be missing or
    empty, which is fine for a cache whose broken entries are ignored.
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
    ``durable``) to a temporary file beside ``path``, left for the caller to commit or discard."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, _default_mode() if mode is None else mode)
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
