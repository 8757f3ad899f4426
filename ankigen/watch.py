"""Incremental rebuilds for ``ankigen watch``: the notes of every file kept in memory, only the
files that changed parsed again.

A :class:`Rebuilder` holds, per input file, the bytes it last read and what stages 1-4 made of them
(:class:`~ankigen.cache.FileNotes`). A rebuild is told which files changed (from the file watcher);
it reads those, parses the ones whose bytes differ (through the per-file cache and pool, as a
build does), and hands every file's result, in order, to the same assembly and stage 5 as
:func:`~ankigen.pipeline.build_package`, so a rebuild writes the same bytes as a cold build of the
same notes.

A file that cannot be read, or reads as half-saved (empty, or nothing could be made of it, when it
gave notes before), keeps the notes of its last good read, with a warning: an editor that truncates
a file before writing it again must not orphan its notes for a moment.
"""

from __future__ import annotations

import collections
import operator
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import FileNotes
from .config import CONFIG_FILE, Config, find_config_file, notes_root
from .model import Diagnostic, Span
from .pipeline import (
    MARKDOWN_SUFFIXES,
    BuildMemory,
    BuildResult,
    _assemble,
    _fewer_collections,
    _FileJob,
    _frozen,
    _per_file,
    _read_job,
    _write_build,
    collect_paths,
    default_output_name,
)

__all__ = ["CONFIG_NAMES", "Rebuild", "Rebuilder"]

CONFIG_NAMES = (CONFIG_FILE, "pyproject.toml")
"""Files whose change means the settings may have changed: every file is read again."""


@dataclass(frozen=True, slots=True)
class Rebuild:
    """What one rebuild did: the build's result, the notes added, changed and orphaned since the
    previous rebuild, how many files were parsed, the files whose last good notes were kept, and
    how long it took (seconds, up to the package in place)."""

    result: BuildResult
    added: int
    changed: int
    orphaned: int
    parsed: int
    kept: tuple[str, ...]
    seconds: float

    @property
    def wrote(self) -> bool:
        return self.result.output is not None

    @property
    def anything_changed(self) -> bool:
        return bool(self.added or self.changed or self.orphaned)

    def line(self, *, show_output: bool = True) -> str:
        """The one line ``ankigen watch`` prints per rebuild (``show_output``: with the package's path)."""
        if self.result.output is None:
            where = "no notes, nothing written"
        else:
            where = f"rebuilt {self.result.output}" if show_output else "rebuilt"
        kept = f", kept the last good notes of {len(self.kept)} file(s)" if self.kept else ""
        return (
            f"{time.strftime('%H:%M:%S')} {where}: {self.added} added, {self.changed} changed, "
            f"{self.orphaned} orphaned ({len(self.result.notes)} notes, {self.parsed} file(s) parsed{kept}) "
            f"in {self.seconds:.2f} s"
        )


@dataclass(frozen=True, slots=True)
class _Known:
    job: _FileJob
    result: FileNotes


class Rebuilder:
    """Builds ``paths`` into ``output`` again and again, parsing only what changed.

    ``state`` is the build state file (as ``build --state``); ``output`` None names the package
    after the deck at the first build and keeps that name.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        output: Path | None,
        *,
        config: Config,
        state: Path,
        namespace: str | None = None,
        extractors: Sequence[str] | None = None,
    ) -> None:
        self.paths = tuple(paths)
        self.output = output
        self.config = config
        self.state = state
        self.namespace = namespace
        self.extractors = tuple(extractors) if extractors is not None else None
        self._known: dict[Path, _Known] = {}
        self._found: tuple[list[tuple[Path, Path]], tuple[Diagnostic, ...]] | None = None
        self._guids: frozenset[str] = frozenset()
        self._memory = BuildMemory()
        self._cwd = Path.cwd().resolve()
        self._root = notes_root(self.paths)  # the Source field is relative to it, as in a build
        resolved = [path.resolve() for path in self.paths]
        self._folders = tuple(path for path in resolved if path.is_dir())
        self._files = frozenset(path for path in resolved if not path.is_dir())

    def is_relevant(self, path: Path) -> bool:
        """Whether a change to ``path`` (resolved) can change the notes: the files named, Markdown
        files in the folders that are not hidden (as a build reads them; editors' swap and backup
        files are left out: ``.note.md.swp``, ``note.md~``) and settings files."""
        if path in self._files or path.name in CONFIG_NAMES:
            return True
        if path.suffix.lower() not in MARKDOWN_SUFFIXES:
            return False
        for folder in self._folders:
            if path.is_relative_to(folder):
                return not any(part.startswith(".") for part in path.relative_to(folder).parts)
        return False

    def settings_file(self) -> Path | None:
        """The settings file in use (found again each time: one may have been created)."""
        return Path(self.config.source) if self.config.source else find_config_file(self.paths)

    def set_config(self, config: Config) -> None:
        """New settings: every file is parsed again at the next rebuild (through the cache), and a
        file caught half-saved meanwhile keeps its notes as the old settings made them."""
        self.config = config
        self._found = None

    def stale(self) -> set[Path]:
        """The files (resolved) that differ from what the last rebuild read: changed, new or gone.
        For the changes the watcher cannot have seen, made before it started."""
        found, _ = collect_paths(self.paths)
        now = {resolved for _, resolved in found}
        stale = {path for path in self._known if path not in now}
        for file, resolved in found:
            known = self._known.get(resolved)
            try:
                if known is None or file.read_bytes() != known.job.data:
                    stale.add(resolved)
            except OSError:
                stale.add(resolved)
        return stale

    def rebuild(self, changed: Collection[Path] | None = None) -> Rebuild:
        """Build again; ``changed`` holds the resolved paths that changed (None: all of them may
        have). Files not named are taken from memory; new files are read whatever ``changed`` says."""
        start = time.perf_counter()
        with _fewer_collections(), _frozen():
            result, parsed, kept = self._build_notes(changed)
            if result.notes:
                if self.output is None:
                    self.output = Path(default_output_name(result))
                result = _write_build(result, self.output, self.state, None, memory=self._memory)
        seconds = time.perf_counter() - start
        counts = collections.Counter(map(_CHANGE, result.changes))  # mapped: 15,000 notes in C
        guids = frozenset(map(_GUID, result.notes))
        orphaned = len(self._guids - guids)
        self._guids = guids
        return Rebuild(result, counts["added"], counts["changed"], orphaned, parsed, kept, seconds)

    def _input_files(self, changed: Collection[Path] | None) -> tuple[list[tuple[Path, Path]], list[Diagnostic]]:
        """The files to read, as :func:`collect_paths` finds them; the list of the last rebuild when
        only files it holds changed (the usual save), which saves walking the folders."""
        if changed is not None and self._found is not None:
            gone = [path for path in changed if path in self._known and not path.is_file()]
            if gone:
                _wait_for(gone)
            if all(path in self._known and path.is_file() for path in changed):
                return self._found[0], list(self._found[1])
        found, diagnostics = collect_paths(self.paths)
        self._found = (found, tuple(diagnostics))
        return found, diagnostics

    def _build_notes(self, changed: Collection[Path] | None) -> tuple[BuildResult, int, tuple[str, ...]]:
        found, diagnostics = self._input_files(changed)
        space = self.namespace or self.config.namespace
        jobs: list[_FileJob] = []
        results: list[FileNotes | None] = []
        todo: list[int] = []
        known_now: dict[Path, _Known] = {}
        for file, resolved in found:
            known = self._known.get(resolved)
            if known is not None and changed is not None and resolved not in changed:
                jobs.append(known.job)
                results.append(known.result)
                known_now[resolved] = known
                continue
            job = _read_job(file, self.extractors, self.config, space, self._cwd, resolved, self._root)
            jobs.append(job)
            if (
                known is not None
                and job.data is not None
                and job.data == known.job.data
                and job.configuration == known.job.configuration
            ):
                results.append(known.result)
                known_now[resolved] = known
            else:
                results.append(None)
                todo.append(len(jobs) - 1)
        kept: list[str] = []
        for index, result in zip(todo, _per_file([jobs[index] for index in todo]), strict=True):
            resolved = found[index][1]
            known = self._known.get(resolved)
            problem = _half_saved(jobs[index], result)
            if problem and known is not None and known.result.notes:
                diagnostics.append(
                    Diagnostic(
                        Span(result.shown, 1),
                        f"{problem}; kept its {len(known.result.notes)} notes from the last good read "
                        "until it reads cleanly (delete the file to remove them)",
                    )
                )
                results[index] = known.result
                jobs[index] = known.job
                known_now[resolved] = known
                kept.append(result.shown)
                continue
            results[index] = result
            known_now[resolved] = _Known(jobs[index], result)
        self._known = known_now
        complete = [result for result in results if result is not None]
        assert len(complete) == len(results)
        assembled = _assemble(self.paths, len(complete), complete, diagnostics, space, None, memo=self._memory.guids)
        return assembled, len(todo), tuple(kept)


_CHANGE = operator.attrgetter("change")
_GUID = operator.attrgetter("guid")

REAPPEAR_SECONDS = 0.25
"""How long a file that was just removed may take to come back (a save through a rename that the
watcher reported half done) before its notes are taken as gone."""


def _wait_for(paths: Sequence[Path]) -> None:
    deadline = time.monotonic() + REAPPEAR_SECONDS
    while time.monotonic() < deadline and not all(path.is_file() for path in paths):
        time.sleep(0.01)


def _half_saved(job: _FileJob, result: FileNotes) -> str:
    """Why ``result`` looks like a file caught half-written or unreadable ('' when it does not)."""
    if job.data is None:
        return "cannot read the file now"
    if not job.data.strip():
        return "the file is empty now (half-saved?)"
    errors = [diagnostic for diagnostic in result.diagnostics if diagnostic.severity == "error"]
    if errors and not result.notes:
        return f"nothing could be read from it now ({errors[0].message})"
    return ""
