"""Outputs that cannot destroy inputs: the package, the preview page and the build state.

Each output is checked before anything is written: it must not be a source note, the build state
or another output of the same run (compared as files, so a link or a second name for the same file
counts), and it must be a regular file or not exist yet: a folder, a device or a pipe is refused.
A refusal is a :class:`~ankigen.errors.UsageError` (exit 2) that names the path and what to do.
A symbolic link is allowed: the write goes through it to its target (see :mod:`ankigen.atomic`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from .atomic import write_target
from .errors import UsageError

__all__ = ["STDOUT", "check_outputs", "is_stdout", "wants_folder"]

STDOUT = "-"
"""The output name that means standard output (``-o -``)."""


def is_stdout(path: Path | str | None) -> bool:
    return path is not None and str(path) == STDOUT


def wants_folder(path: Path | str) -> bool:
    """Whether ``path`` names a folder to write into: it ends with a separator or is a folder."""
    text = str(path)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


def _identity(path: Path) -> tuple[object, ...]:
    """What makes two names the same file: device and inode when it exists, else its resolved path."""
    try:
        status = os.stat(path)
    except OSError:
        return ("path", str(Path(path).resolve()))
    return ("inode", status.st_dev, status.st_ino)


def _check_kind(role: str, path: Path) -> None:
    try:
        status = os.stat(path)  # through links, magic ones too: /dev/stdout is a pipe or a terminal
    except OSError:
        return  # does not exist yet (or cannot be seen): the write itself reports what goes wrong
    if stat.S_ISDIR(status.st_mode):
        raise UsageError(f"{path}: the {role} is a folder; give a file name inside it")
    if not stat.S_ISREG(status.st_mode):
        hint = " (-o - writes the package to standard output)" if role == "package" else ""
        raise UsageError(f"{path}: the {role} is a device or special file, not a regular file; give a file name{hint}")


def check_outputs(outputs: Sequence[tuple[str, Path]], sources: Iterable[Path]) -> None:
    """Raise :class:`UsageError` when an output (``(role, path)``, e.g. ``("package", out)``) is a
    folder, a device, one of ``sources`` or another output."""
    for role, path in outputs:
        _check_kind(role, path)
    inputs = {_identity(source) for source in sources}
    seen: dict[tuple[object, ...], tuple[str, Path]] = {}
    for role, path in outputs:
        identity = _identity(write_target(path))
        if identity in inputs:
            raise UsageError(
                f"{path}: the {role} would overwrite a source note; nothing was written. Give another file name"
            )
        if identity in seen:
            other_role, other = seen[identity]
            raise UsageError(
                f"{path}: the {role} and the {other_role} ({other}) are the same file; nothing was written. "
                "Give them different names"
            )
        seen[identity] = (role, path)
