"""The per-file cache: what one file gave (notes, warnings, skipped candidates) by its content.

A rebuild after editing one file re-parses only that file. An entry's key is a SHA-256 of
everything the result depends on: the file's bytes and displayed path, the settings and
extractors, the ankigen version *and a digest of ankigen's own source* (so a development checkout
never reads stale entries) and the versions of the Markdown stack. Entries live in the user cache
folder (``platformdirs``; ``ANKIGEN_CACHE_DIR`` overrides it, ``ANKIGEN_NO_CACHE=1`` turns the
cache off), are written atomically and readable by the user only; an unreadable, corrupt or
mismatched entry is ignored and rebuilt; entries unused for 30 days are deleted.

An entry cannot run code, and one changed on disk is never used: it is a header line with the
cache format and the SHA-256 of the rest, then a pickle that is read only after that digest
matches, by an unpickler that knows ankigen's own note classes and nothing else (no function, no
other class can be named in it, so a planted pickle cannot call anything). The entry must also
carry the format and key it was asked for.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import io
import os
import pickle
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import _installed_version, model
from .atomic import write_atomically
from .model import Diagnostic, Note, Skipped

__all__ = ["FileCache", "FileNotes", "cache_dir"]

CACHE_FORMAT = "ankigen-file-cache-2"
MAX_AGE_DAYS = 30
"""Entries unused this long are deleted (an edited file leaves its old entry behind)."""
TOUCH_AFTER_SECONDS = 3600
"""An entry read is marked used (its time set to now, for :meth:`FileCache.prune`) only when its
time is older than this: a rebuild reads every entry, and setting the time of each was a write to
the file system per file (a few tenths of a millisecond each); an hour off a month changes nothing."""
_STACK = ("markdown-it-py", "mdit-py-plugins", "PyYAML")


@dataclass(frozen=True, slots=True)
class FileNotes:
    """What stages 1-4 made of one file: its notes (without GUIDs), its diagnostics, the
    candidates it skipped and the path as shown to the user; ``hashes`` holds, per note, its
    content hash for the build state (:func:`ankigen.state.note_hash`), or None for a note with an
    image, whose fields the media stage may still change."""

    notes: tuple[Note, ...]
    diagnostics: tuple[Diagnostic, ...]
    skipped: tuple[Skipped, ...]
    shown: str
    hashes: tuple[str | None, ...] = ()


def _note_classes() -> frozenset[tuple[str, str]]:
    """The only names an entry may hold: ankigen's frozen note dataclasses and enums."""
    names = {(FileNotes.__module__, FileNotes.__name__), (Skipped.__module__, Skipped.__name__)}
    for name, value in vars(model).items():
        ours = isinstance(value, type) and value.__module__ == model.__name__
        if ours and (dataclasses.is_dataclass(value) or issubclass(value, enum.Enum)):
            names.add((model.__name__, name))
    return frozenset(names)


class _NotesUnpickler(pickle.Unpickler):
    """An unpickler that can make ankigen's note classes and nothing else: no function can be
    named, so an entry cannot run code (``os.system``, ``builtins.eval``...)."""

    allowed: frozenset[tuple[str, str]] = frozenset()

    def find_class(self, module: str, name: str) -> type:
        if not self.allowed:
            type(self).allowed = _note_classes()
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"a cache entry may not name {module}.{name}")
        found: type = super().find_class(module, name)
        return found


def cache_dir() -> Path | None:
    """Where entries go, or None when ``ANKIGEN_NO_CACHE`` is set."""
    if os.environ.get("ANKIGEN_NO_CACHE", "").strip() not in ("", "0"):
        return None
    override = os.environ.get("ANKIGEN_CACHE_DIR", "").strip()
    if override:
        root = Path(override)
    else:
        import platformdirs  # here, not at the top: start-up of the commands that use no cache

        root = Path(platformdirs.user_cache_dir("ankigen", appauthor=False))
    return root / CACHE_FORMAT


@cache
def _code_version() -> str:
    """ankigen's version, a digest of its source, and the versions of the stack it renders with."""
    from . import __version__

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    parts = [CACHE_FORMAT, __version__, digest.hexdigest()]
    for name in _STACK:
        found = _installed_version(name)
        if found is None:
            from importlib.metadata import PackageNotFoundError, version

            try:
                found = version(name)
            except PackageNotFoundError:
                found = "?"
        parts.append(f"{name}={found}")
    return "\x1f".join(parts)


class FileCache:
    """Entries under ``root``, one small file each."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def open(cls) -> FileCache | None:
        root = cache_dir()
        return cls(root) if root is not None else None

    @staticmethod
    def key(data: bytes, configuration: str) -> str:
        """The key for a file with contents ``data`` read with ``configuration`` (its displayed path,
        the extractors and settings chosen: everything else its result depends on)."""
        digest = hashlib.sha256()
        for part in (_code_version(), configuration):
            digest.update(part.encode("utf-8", "surrogateescape"))
            digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def holds(self, key: str) -> bool:
        """Whether an entry for ``key`` is stored (it may still turn out unreadable: see :meth:`get`)."""
        return self._path(key).is_file()

    def get(self, key: str) -> FileNotes | None:
        """The entry for ``key``, or None when absent, unreadable, corrupt or made for another key."""
        found = self.load(key)
        return found if isinstance(found, FileNotes) else None

    def load(self, key: str) -> FileNotes | str:
        """The entry for ``key``, or why it cannot be used (absent, unreadable, corrupt, made for
        another key), said for the user: the caller parses the file again and tells them."""
        path = self._path(key)
        try:
            with open(path, "rb") as stream:
                data = stream.read()
                modified = os.fstat(stream.fileno()).st_mtime
            if time.time() - modified > TOUCH_AFTER_SECONDS:
                os.utime(path)  # used: kept by prune()
        except OSError as exc:
            return f"cache entry {path} cannot be read ({exc.strerror or exc})"
        found = self.check(data, key)
        return found if isinstance(found, FileNotes) else f"cache entry {path} {found}"

    @staticmethod
    def encode(key: str, entry: FileNotes) -> bytes:
        """An entry as stored: a header (the cache format and the SHA-256 of the rest), then the
        format, its key and the result, pickled."""
        body = pickle.dumps((CACHE_FORMAT, key, entry), pickle.HIGHEST_PROTOCOL)
        return f"{CACHE_FORMAT} {hashlib.sha256(body).hexdigest()}\n".encode("ascii") + body

    @staticmethod
    def decode(data: bytes, key: str | None = None) -> FileNotes | None:
        """The result in stored bytes, or None when they are corrupt or changed (the digest in the
        header does not match), of another format or (when ``key`` is given) made for another key."""
        found = FileCache.check(data, key)
        return found if isinstance(found, FileNotes) else None

    @staticmethod
    def check(data: bytes, key: str | None = None) -> FileNotes | str:
        """:meth:`decode`, with what is wrong with the bytes (a phrase) instead of None."""
        header, newline, body = data.partition(b"\n")
        if not newline:
            return "is truncated (no header line)"
        if not header.startswith(f"{CACHE_FORMAT} ".encode("ascii")):
            return "does not start with this version's cache header (corrupt, or written by another version)"
        if header != f"{CACHE_FORMAT} {hashlib.sha256(body).hexdigest()}".encode("ascii"):
            return "is corrupt (its checksum does not match its contents)"
        try:
            stored = _NotesUnpickler(io.BytesIO(body)).load()
        except Exception as exc:  # corrupt, or names something other than a note class: rebuild
            return f"cannot be unpickled ({type(exc).__name__}: {exc})"
        if not (
            isinstance(stored, tuple)
            and len(stored) == 3
            and stored[0] == CACHE_FORMAT
            and isinstance(stored[2], FileNotes)
        ):
            return "does not hold a file's notes"
        if key is not None and stored[1] != key:
            return "was made for another file or settings (its key differs)"
        return stored[2]

    def prune(self, max_age_days: int = MAX_AGE_DAYS) -> None:
        """Delete entries unused for ``max_age_days``; at most once a day, so a build stays cheap. The
        build states' kept databases (``states/``, see :func:`ankigen.state.kept_database`) and any
        temporary file a killed build left there go the same way."""
        marker = self.root / ".pruned"
        now = time.time()
        try:
            if now - marker.stat().st_mtime < 86_400:
                return
        except OSError:
            pass
        with contextlib.suppress(OSError):
            self.root.mkdir(parents=True, exist_ok=True)
            marker.touch()
            for entry in [*self.root.glob("??/*.pickle"), *self.root.glob("states/*")]:
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > max_age_days * 86_400:
                        entry.unlink()

    def put(self, key: str, entry: FileNotes) -> None:
        """Store ``entry`` atomically; a cache that cannot be written only costs speed."""
        self.put_encoded(key, self.encode(key, entry))

    def put_encoded(self, key: str, data: bytes) -> None:
        """Store bytes made by :meth:`encode` for ``key``."""
        with contextlib.suppress(OSError):
            write_atomically(self._path(key), data, mode=0o600, durable=False)
