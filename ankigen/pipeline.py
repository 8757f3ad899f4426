"""The ankigen pipeline, from Markdown notes to an Anki package, in five stages.

1. **read** (:mod:`ankigen.reader`): bytes -> text lines. UTF-8 with or without BOM, CRLF,
   broken encodings (replaced, with a warning); binary files are skipped; YAML front matter is
   split off (``deck:``, ``title:``, ``tags:``).
2. **prepare** (:mod:`ankigen.sections`): body lines -> the lines the parser reads, never moving
   one: ``・`` bullets become list items, Obsidian ``[[links]]`` / ``![[embeds]]`` text and images;
   hostile input (huge lines, absurd nesting, thousands of stray brackets) is defused with warnings.
3. **blocks** (:mod:`ankigen.render`): the lines -> markdown-it-py tokens (CommonMark with GFM
   tables) -> sections at headings, holding typed blocks (:class:`~ankigen.model.Paragraph`,
   :class:`~ankigen.model.ListBlock`, :class:`~ankigen.model.Table`, ...) whose ``file:line``
   spans are the tokens' line maps; :mod:`ankigen.outline` links them into a tree.
4. **notes** (:mod:`ankigen.extract`): named extractors, in order, propose candidate notes
   (definition, comparison, cloze, basic) from the blocks, with the block each came from (the
   document's outline, :mod:`ankigen.extract.outline`, gives every block its parent, subject and
   roles); one selection pass (:mod:`ankigen.extract.selection`) keeps the typed
   :class:`~ankigen.model.Note` objects and gives every rejection a reason code; the settings
   (:mod:`ankigen.config`: ``ankigen.toml``, front matter) choose the extractors, deck, subdecks
   and tags of each file's notes; then every note
   gets a stable GUID from its kind and key (:mod:`ankigen.identity`), and the local images it
   shows are read and named by content (:mod:`ankigen.media`). Last, every field goes through an
   HTML allowlist (:mod:`ankigen.sanitize`): no script survives into a card.
5. **package** (:mod:`ankigen.package`): notes -> a deterministic ``.apkg`` written atomically,
   with modification times from the build state (:mod:`ankigen.state`). The package is deflated
   and written in a thread while the new state is made and written beside its file; the state is
   renamed into place only after the package is.

Every stage is a pure function of its input; problems become :class:`~ankigen.model.Diagnostic`
values with ``file:line``, and one bad file never stops the others.

Stages 1-4 depend on one file only, so they run per file (:func:`_notes_for_file`): results come
from the per-file cache (:mod:`ankigen.cache`) when the file is unchanged, the rest are parsed in a
process pool when there are enough of them to pay for it (or while the cache loads), and then GUIDs
are assigned over all files in order, so the output does not depend on the cache or the pool.

Right after GUIDs are assigned, the notes the learner rejected (:mod:`ankigen.rejections`) are
taken out, in this one place: no later stage, package, preview or sync ever sees them.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import hashlib
import itertools
import operator
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ankigen.patterns import lazy_compile

from .atomic import PreparedWrite, prepare_write
from .cache import FileCache, FileNotes, cache_dir
from .config import Config, apply_config, notes_root
from .errors import AnkigenError, UsageError
from .hashes import note_hash
from .identity import GuidMemo, GuidNumbering, assign_guids, assign_guids_by_file, identify
from .lock import build_lock
from .media import MediaFile, attach_media, has_image
from .model import Diagnostic, Document, Note, NoteKind, Section, Skipped, Span
from .notetypes import all_note_types
from .outputs import check_outputs, is_stdout, wants_folder
from .reader import SourceText, decode_source, read_source, resolved_in
from .rejections import load_rejections, rejections_file
from .sanitize import sanitize_note
from .skips import SKIP_CODE, SKIP_REASON, read_markers

# the build state is imported where a build writes it: inspect (and a command's --help) need none of it
if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .extract import ExtractContext
    from .package import Deflated, LiveCollection
    from .state import BuildState, NoteChange, NoteIds, Stamps

# Imported where used, not here, to keep start-up short for the commands that need neither: the
# package stage (genanki) and the process pool (multiprocessing).

__all__ = [
    "BuildResult",
    "NoteTally",
    "SourceFile",
    "build_notes",
    "build_package",
    "collect_paths",
    "default_output_name",
    "parse_document",
    "parse_text",
    "write_apkg",
    "write_notes",
]

MARKDOWN_SUFFIXES = (".md", ".markdown")

_T = TypeVar("_T")


class SourceFile:
    """A file a build read: its resolved path and the SHA-256 of the bytes read (None: unreadable).
    Reading the files again and comparing tells whether one changed while the build ran.

    Immutable, compared and hashed by both, as a frozen dataclass. The path is kept as its text
    and made a :class:`~pathlib.Path` when asked for: a build holds one of these per file until it
    ends, and a ``Path`` (its parts, each a string) takes about four times the memory of its text,
    some 0.45 KB a file of a large vault (issue 14: memory flat in vault size)."""

    __slots__ = ("_name", "digest")

    _name: str
    digest: str | None

    def __init__(self, path: Path | str, digest: str | None) -> None:
        object.__setattr__(self, "_name", os.fspath(path))
        object.__setattr__(self, "digest", digest)

    @property
    def path(self) -> Path:
        """The file's resolved path."""
        return Path(self._name)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, SourceFile)
        return (self._name, self.digest) == (other._name, other.digest)

    def __hash__(self) -> int:
        return hash((self._name, self.digest))

    def __repr__(self) -> str:
        return f"SourceFile(path={self.path!r}, digest={self.digest!r})"

    def __reduce__(self) -> tuple[type[SourceFile], tuple[str, str | None]]:
        return (SourceFile, (self._name, self.digest))

    def changed(self) -> bool:
        """Whether the file's content now differs from what the build read."""
        try:
            with open(self._name, "rb") as file:
                return _digest(file.read()) != self.digest
        except OSError:
            return self.digest is not None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build found: the notes (with GUIDs), problems, skipped candidates and the files read."""

    notes: tuple[Note, ...]
    diagnostics: tuple[Diagnostic, ...]
    skipped: tuple[Skipped, ...] = ()
    files: tuple[str, ...] = ()
    output: Path | None = None
    media: tuple[MediaFile, ...] = ()
    changes: tuple[NoteChange, ...] = ()
    hashes: tuple[str | None, ...] = ()
    """Per note, its content hash for the build state when already known (see :func:`plan_build`)."""
    sources: tuple[SourceFile, ...] = ()
    """Every file read, with what was read, in order."""
    rejected: tuple[Note, ...] = ()
    """The notes found but left out because the learner rejected them (:mod:`ankigen.rejections`)."""
    tally: NoteTally | None = None
    """How many notes were written, when they were not kept (``build_package(keep_notes=False)``);
    None when ``notes`` holds them. :meth:`counts` gives it either way."""

    @property
    def decks(self) -> tuple[str, ...]:
        if self.tally is not None:
            return self.tally.decks
        return tuple(sorted({note.deck for note in self.notes}))

    def counts(self) -> NoteTally:
        """How many notes the build found, by kind, by file and by change since the last build."""
        if self.tally is not None:
            return self.tally
        kinds: dict[str, int] = {}
        files: dict[str, int] = {}
        for note in self.notes:
            kinds[note.kind.value] = kinds.get(note.kind.value, 0) + 1
            files[note.span.path] = files.get(note.span.path, 0) + 1
        changes: dict[str, int] = {}
        for change in self.changes:
            changes[change.change] = changes.get(change.change, 0) + 1
        return NoteTally(len(self.notes), kinds, files, self.decks, changes)


@dataclass(frozen=True, slots=True)
class NoteTally:
    """How many notes a build found: in all, per kind, per file (as shown), the decks, and per
    change since the last build (``added``, ``changed``, ``unchanged``, ``orphaned``, ``rejected``;
    empty without a build state). What a build that streams its notes returns in their place."""

    notes: int
    kinds: Mapping[str, int]
    files: Mapping[str, int]
    decks: tuple[str, ...]
    changes: Mapping[str, int]


def display_path(path: Path, cwd: Path | None = None, resolved: Path | None = None) -> str:
    """The path as the user should see it: relative to the working folder where possible, and
    printable (it goes into messages one per line, and into notes' fields). ``cwd`` and
    ``resolved``: the working folder and the path, already resolved (a build resolves each once)."""
    try:
        absolute = resolved if resolved is not None else path.resolve()
        shown = str(absolute.relative_to(cwd if cwd is not None else Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    return _printable(shown)


def _printable(name: str) -> str:
    """A file name that is not UTF-8 (U+FFFD for the bad bytes) or holds control characters
    (escaped, ``\\n``) would otherwise break a message line or the package's UTF-8 database."""
    if name.isprintable():
        return name
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in name)


def collect_paths(paths: Sequence[Path]) -> tuple[list[tuple[Path, Path]], list[Diagnostic]]:
    """Files to read, each with its resolved path: explicit files whatever their extension, folders
    scanned for .md/.markdown."""
    files: list[Path] = []
    diagnostics: list[Diagnostic] = []
    for path in paths:
        try:
            is_folder, is_file = path.is_dir(), path.is_file()
        except OSError as exc:  # a folder on the way cannot be read
            reason = f"cannot read it ({exc.strerror or exc}); check its permissions"
            diagnostics.append(Diagnostic(Span(_printable(str(path)), 0), reason, "error"))
            continue
        if is_folder:
            found = _scan_folder(path, diagnostics)
            if not found:
                diagnostics.append(Diagnostic(Span(str(path), 1), "folder holds no .md or .markdown files"))
            files.extend(found)
        elif is_file:
            files.append(path)
        else:
            diagnostics.append(Diagnostic(Span(str(path), 0), "no such file or folder; check the path", "error"))
    # the same file named twice (``notes`` and ``notes/../notes``, a folder and a file in it) is read once
    seen: set[Path] = set()
    unique: list[tuple[Path, Path]] = []
    folders: dict[str, Path] = {}
    for file in files:
        resolved = resolved_in(str(file), folders)
        if resolved not in seen:
            seen.add(resolved)
            unique.append((file, resolved))
    return unique, diagnostics


def _scan_folder(folder: Path, diagnostics: list[Diagnostic]) -> list[Path]:
    """The .md/.markdown files under ``folder``, hidden files and folders left out. A sub-folder
    that cannot be read, or that is a link (not followed: it may lead anywhere, or in a circle),
    is a warning naming it, never silence."""

    def unreadable(error: OSError) -> None:
        where = _printable(str(error.filename or folder))
        diagnostics.append(
            Diagnostic(
                Span(where, 0),
                f"cannot read this folder ({error.strerror or error}); its notes are left out. Check its permissions",
            )
        )

    found: list[Path] = []
    for current, subfolders, names in os.walk(folder, onerror=unreadable):
        base = Path(current)
        kept: list[str] = []
        for name in subfolders:
            if name.startswith("."):
                continue
            if (base / name).is_symlink():
                diagnostics.append(
                    Diagnostic(
                        Span(_printable(str(base / name)), 0),
                        "a link to a folder, not followed: its notes are left out. Name the folder it links to "
                        "as a PATH to build it too",
                    )
                )
                continue
            kept.append(name)
        subfolders[:] = kept
        found.extend(
            base / name
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in MARKDOWN_SUFFIXES and (base / name).is_file()
        )
    return sorted(found)


_SLUG = lazy_compile(r"[^\w.-]+", re.UNICODE)


def _deck_name(source: SourceText, sections: Sequence[Section], fallback: str) -> tuple[str, str]:
    """The file's deck, and the deck its notes' identity is namespaced by ('' when the same).

    Front matter ``deck:``, else ``title:``, else the ``#`` heading when the file has only one, else
    the file name. A file with several ``#`` headings is a set of topics, not one titled note, so
    its first heading names only its first part and the file name is the deck; its identity stays
    namespaced by that first heading, as the earlier rule named the deck, so no GUID changes.
    """
    for key in ("deck", "title"):
        value = source.front_matter.get(key)
        if isinstance(value, (str, int, float)) and str(value).strip():
            return _clean_deck(str(value)), ""
    titles = [section.title for section in sections if section.level == 1 and section.title]
    if len(titles) == 1:
        return _clean_deck(titles[0]), ""
    deck = _clean_deck(fallback)
    if not titles:
        return deck, ""
    earlier = _clean_deck(titles[0])
    return deck, earlier if earlier != deck else ""


def _clean_deck(name: str) -> str:
    parts = [" ".join(part.replace("*", "").replace("`", "").split()) for part in name.split("::")]
    return "::".join(part for part in parts if part) or "Default"


# The extractors and the Markdown stack (ankigen.extract, ankigen.render, ankigen.sections) are
# imported where a file is parsed, not here: a build whose files all come from the per-file cache
# does not load them (about two fifths of what `ankigen build` imports), and a rebuild after one
# edit imports them in the forked worker that parses that file, on the other core.


def _front_matter_tags(source: SourceText) -> tuple[str, ...]:
    from .extract.tags import anki_tag

    raw = source.front_matter.get("tags", ())
    values: Iterable[object]
    if isinstance(raw, str):
        values = re.split(r"[,\s]+", raw)
    elif isinstance(raw, (list, tuple)):
        values = raw
    else:
        values = ()
    tags = (anki_tag(str(value)) for value in values if isinstance(value, (str, int, float)))
    return tuple(tag for tag in tags if tag)


def parse_source(source: SourceText) -> Document:
    """Stages 2-3 for an already decoded file (its ``ankigen:`` skip markers taken out of the text)."""
    from .render import parse_sections, section_title
    from .sections import prepare_lines

    source, _ = read_markers(source)
    diagnostics = list(source.diagnostics)
    if not source.ok:
        return Document(source.path, "", source.front_matter, (), (), tuple(diagnostics))
    body, prepare_diagnostics = prepare_lines(source.path, source.lines, source.body_start)
    diagnostics.extend(prepare_diagnostics)
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    heads, rendered = parse_sections(source.path, body, source.body_start, len(source.lines))
    for (level, title_inlines, first, last), blocks in zip(heads, rendered, strict=True):
        title, title_html = section_title(title_inlines)
        while stack and stack[-1][0] >= level:
            stack.pop()
        if level:
            stack.append((level, title))
        sections.append(
            Section(Span(source.path, first, last), level, title, title_html, tuple(t for _, t in stack), blocks)
        )
    stem = Path(source.path).stem
    deck, namespace = _deck_name(source, sections, stem)
    return Document(
        source.path,
        deck,
        source.front_matter,
        _front_matter_tags(source),
        tuple(sections),
        tuple(diagnostics),
        separators=_separator_lines(source),
        task_items=_task_item_lines(source),
        namespace=namespace,
    )


_TASK_ITEM = lazy_compile(r"^\s*(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\][ \t]+\S")


def _task_item_lines(source: SourceText) -> dict[int, bool]:
    """The 1-based lines that open a task-list item (``- [x] …``), each with whether it is ticked."""
    found: dict[int, bool] = {}
    for number in range(max(source.body_start, 0), len(source.lines)):
        match = _TASK_ITEM.match(source.lines[number])
        if match is not None:
            found[number + 1] = match.group(1) != " "
    return found


def _separator_lines(source: SourceText) -> frozenset[int]:
    """The 1-based lines of lone ``-`` separators right under text (sections.py reads them as blank)."""
    lines = source.lines
    return frozenset(
        number + 1
        for number in range(max(source.body_start, 1), len(lines))
        if lines[number].strip() == "-" and lines[number - 1].strip()
    )


def parse_document(path: Path | str, *, shown_as: str | None = None) -> Document:
    """Read and parse one Markdown file into a :class:`Document` (stages 1-3)."""
    path = Path(path)
    return parse_source(read_source(path, shown_as if shown_as is not None else display_path(path)))


def parse_text(text: str, path: str = "<text>") -> Document:
    """Parse Markdown given as a string (stages 1-3); ``path`` is used in spans and for the deck."""
    return parse_source(decode_source(text.encode("utf-8"), path))


def extract_notes(document: Document, extractors: Iterable[str] | None = None) -> ExtractContext:
    """Stage 4 for one document: the notes (without GUIDs yet), warnings and skipped candidates."""
    from .extract import run_extractors

    return run_extractors(document, extractors)


Progress = Callable[[int, int, str], None]
"""Called before each file is read with (files done, files in all, the file's path); then with
(all, all, "") when reading is done, and (all, all, "writing OUT.apkg") before the package is written."""


@dataclass(frozen=True, slots=True)
class _FileJob:
    """One file for the per-file stage; ``data`` is None when the file could not be read."""

    path: str
    shown: str
    data: bytes | None
    extractors: tuple[str, ...] | None
    config: Config
    namespace: str | None = None
    source: str = ""
    """The file relative to the notes root (the ``Source`` field)."""
    digest: str | None = None
    """With ``data`` None: the SHA-256 of the bytes read first, the file to be read again when it is
    parsed (a build that streams its notes does not hold every file's bytes at once)."""
    key: str | None = None
    """With ``digest``: the file's cache key, made from the bytes read first."""

    @property
    def configuration(self) -> str:
        """What besides the file's bytes its notes depend on (part of the cache key)."""
        return f"{self.shown}\x1f{self.source}\x1f{self.extractors!r}\x1f{self.config!r}\x1f{self.namespace!r}"


def _notes_for_file(job: _FileJob) -> FileNotes:
    """Stages 1-4 for one file, before GUIDs: a pure function of the job, so it can be cached and run
    in another process. Nothing in a file, however broken, makes it raise."""
    try:
        source = decode_source(job.data, job.shown) if job.data is not None else read_source(Path(job.path), job.shown)
        source, skips = read_markers(source)
        document = parse_source(source)
        if job.source:
            document = replace(document, source=job.source)
    except Exception as exc:  # one bad file never stops the build of the rest
        return FileNotes((), (_internal_error(job.shown, "read", exc),), (), job.shown)
    if skips.whole_file is not None:
        whole = Skipped(skips.whole_file, "the whole file (front matter ankigen: skip)", SKIP_REASON, SKIP_CODE)
        return FileNotes((), (*document.diagnostics, *skips.diagnostics), (whole,), document.path)
    if not document.sections:
        empty = () if document.diagnostics else (Diagnostic(Span(document.path, 1), "file is empty; no notes"),)
        return FileNotes((), (*document.diagnostics, *empty), (), document.path)
    file_settings, setting_problems = job.config.for_document(document)
    found = (*document.diagnostics, *setting_problems)
    try:
        context = extract_notes(document, job.extractors if job.extractors is not None else file_settings.extractors)
        # the one place skip markers act: the notes that start in a skipped line range go
        configured, marked = skips.resolved(document).apply(apply_config(document, context.notes, file_settings))
        # identity and sanitising are per note, so they are done here, in parallel and cached; a note
        # with an image is sanitised after the media stage has seen (and maybe refused) its images
        finished = [_finish(identify(note, job.namespace)) for note in configured]
        notes = tuple(note for note, _ in finished)
        hashes = tuple(digest for _, digest in finished)
    except AnkigenError:
        raise
    except Exception as exc:
        return FileNotes((), (*found, _internal_error(document.path, "extract", exc)), (), document.path)
    problems = (*found, *skips.diagnostics, *context.diagnostics)
    return FileNotes(notes, problems, (*_not_about(context.skipped, marked), *marked), document.path, hashes)


_ABOUT_CARD = lazy_compile(r"\b(?:card|cloze) at line (\d+)\b")


def _not_about(entries: Sequence[Skipped], marked: Sequence[Skipped]) -> list[Skipped]:
    """The explain entries, with those that speak of a card a skip marker took out (``shown in the
    Details of the card at line N``) told as the marker's: that card is gone, so its lines are."""
    gone = {entry.span.line for entry in marked}
    if not gone:
        return list(entries)
    return [
        Skipped(entry.span, entry.text, SKIP_REASON, SKIP_CODE)
        if any(int(line) in gone for line in _ABOUT_CARD.findall(entry.reason))
        else entry
        for entry in entries
    ]


def _finish(note: Note) -> tuple[Note, str | None]:
    """The note sanitised and its content hash; a note with an image as it is and no hash, both
    left for after the media stage."""
    if has_image(note):
        return note, None
    clean = sanitize_note(note)
    return clean, note_hash(clean)


def _internal_error(shown: str, stage: str, exc: Exception) -> Diagnostic:
    if isinstance(exc, RecursionError):  # a parser or sanitiser recursing on absurdly nested input
        return Diagnostic(
            Span(shown, 1),
            "its HTML is nested too deeply to read (RecursionError); file skipped. Nest tags less deeply",
            "error",
        )
    return Diagnostic(
        Span(shown, 1),
        f"could not {stage} notes ({type(exc).__name__}: {str(exc)[:200]}); file skipped. Please report this",
        "error",
    )


GC_THRESHOLD = 50_000
"""Allocations between collections of the youngest generation during a build (Python's default: 700).

A build allocates millions of small objects that live until the end of a file (parse trees) or of
the build (notes), so the default collects thousands of times for little: a tenth of a cold build
and of a rebuild. mypy raises its threshold for the same reason. Memory stays bounded: garbage
that needs the cycle collector is still collected every 50,000 allocations."""


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Raise the collector's threshold for the duration of a build, then restore it."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """Objects alive now, and the notes loaded from the cache or a worker while the block runs
    (``gc.freeze()`` after each), left out of cycle collections until the end of the block, when
    they go to the oldest generation (``gc.unfreeze()``).

    Notes make no reference cycles, and a rebuild holds hundreds of thousands of objects for them:
    each collection of a young generation walked them all again, 0.01 to 0.06 s of a 0.25 s
    rebuild. Parse trees do make cycles, so within the per-file stage nothing more is frozen once a
    file was parsed in this process (their garbage is collected as usual); stage 5 freezes what is
    left at its start, at most the garbage of the last GC_THRESHOLD allocations, which is collected
    after the build. Not done at all when the caller has frozen objects of its own
    (``gc.get_freeze_count()``), which ``gc.unfreeze()`` would undo."""
    global _FREEZING
    if gc.get_freeze_count() or _FREEZING:
        yield
        return
    gc.freeze()
    _FREEZING = True
    try:
        yield
    finally:
        _FREEZING = False
        gc.unfreeze()


_FREEZING = False


def _worker_start(build: int | None = None) -> None:
    """A pool worker, however started (forked or spawned), collects as seldom as the build, and
    exits when the build that started it dies (see :func:`_exit_with_parent`)."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], GC_THRESHOLD), *threshold[1:])
    _exit_with_parent(build)


PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent(build: int | None = None) -> None:
    """A thread that ends this worker once its parent is gone (the pid it was started by is no
    longer its parent's: it was re-parented to init). A build killed with -9 gives its workers no
    chance to be told, and they would otherwise live on, about 45 MB each.

    ``build`` is the pid of the build that made the pool (None where workers are not its children:
    ``forkserver``). It is taken in the build, not here: a worker forked just before the build was
    killed may run this only after, when its parent is already init, and would then watch init for
    ever (seen under heavy load, tests/test_crash.py). Such a worker exits at once."""
    parent = os.getppid() if build is None else build
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="ankigen-parent-watch", daemon=True).start()


def _pool(workers: int) -> ProcessPoolExecutor:
    """A process pool of ``workers`` whose workers exit with this process (:func:`_worker_start`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # a forked or spawned worker is this process's child; a forkserver's is the server's, which
    # exits with this process (the worker then sees its parent change)
    build = None if multiprocessing.get_start_method() == "forkserver" else os.getpid()
    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_start, initargs=(build,))


MIN_FILES_PER_WORKER = 16
"""Below this many files to parse per worker, starting a process pool costs more than it saves
(where workers are forked: they start in milliseconds with everything imported)."""
MIN_FILES_PER_SPAWNED_WORKER = 32
"""The same where workers start as new interpreters (``spawn``, the default on macOS and Windows,
or ``forkserver``) and import ankigen first: about 0.3 s each, measured break-even near 60 files."""


def _available_workers() -> int:
    """``ANKIGEN_JOBS`` when set, else the number of CPUs."""
    configured = os.environ.get("ANKIGEN_JOBS", "").strip()
    return int(configured) if configured.isdigit() and int(configured) > 0 else (os.cpu_count() or 1)


def _forked() -> bool:
    """Whether pool workers are forked from this process (the default on Linux up to Python 3.13)."""
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


def _workers(count: int) -> int:
    """Worker processes for ``count`` files to parse (1: not worth a pool)."""
    if count < 2 * MIN_FILES_PER_WORKER:  # not worth a pool however workers start
        return 1
    per_worker = MIN_FILES_PER_WORKER if _forked() else MIN_FILES_PER_SPAWNED_WORKER
    return max(1, min(_available_workers(), count // per_worker))


PARSED_AGAIN = "; parsed the file again"
"""How the warning for a cache entry or a worker's result that could not be used goes on after
saying why (``cache entry …/ab/ab12….pickle is corrupt …; parsed the file again``)."""

OVERLAP_MIN_CACHED = 64
"""With at least this many files to load from the cache, the few files that changed are parsed in a
forked worker meanwhile (a rebuild after one edit: its parse costs about what loading the rest
does). Not with workers that start as new interpreters: starting one costs more than the parse."""


def _per_file(jobs: Sequence[_FileJob] | _JobSpool) -> Iterator[FileNotes]:
    """:func:`_notes_for_file` over ``jobs``, in order: the files the cache holds are loaded from it
    while the rest are parsed, in a process pool when that pays. ``jobs`` may wait on disk
    (:class:`_JobSpool`, a streamed build): each is then made as it is taken, and nothing is kept
    per file but whether the cache holds it (a byte)."""
    cache = FileCache.open()
    keys: list[str | None] | None = None  # a job's key, when made from its bytes (not its own: _FileJob.key)
    if not isinstance(jobs, _JobSpool):
        keys = [
            (cache.key(job.data, job.configuration) if job.data is not None else job.key) if cache is not None else None
            for job in jobs
        ]

    def keyed() -> Generator[tuple[_FileJob, str | None], None, None]:
        """Every job, in order, with its cache key (None: no cache, or none to store it under)."""
        if keys is not None:
            yield from zip(jobs, keys, strict=True)
            return
        for job in jobs:
            yield job, job.key if cache is not None else None

    held = bytearray(cache is not None and key is not None and cache.holds(key) for _, key in keyed())
    missing = held.count(0)  # the files to parse
    root = str(cache.root) if cache is not None else None
    workers = _workers(missing)
    if workers == 1:  # too few files for a pool of their own: one worker if the cache loads meanwhile
        overlap = missing and len(held) - missing >= OVERLAP_MIN_CACHED and _available_workers() > 1 and _forked()
        workers = 1 if overlap else 0
    todo: list[int] = []
    tasks: list[tuple[_FileJob, str | None, str | None]] = []
    if workers >= 1:
        for index, (job, key) in enumerate(keyed()):
            if not held[index]:
                todo.append(index)
                tasks.append((job, root, key))
    pool, futures = _start(workers, tasks)
    del tasks  # each job only in the pool's work items, let go of once sent
    try:
        # while a worker parses, the cached files load meanwhile; the rest load as they are taken,
        # one at a time, so a build holds at most the results loaded ahead, not every file's
        loaded: dict[int, FileNotes | None] = {}
        unusable: dict[int, str] = {}  # why a held entry or a worker's result could not be read
        ahead = 0  # the files up to here were looked up already
        if pool is not None:
            with contextlib.closing(keyed()) as looked_up:
                for _, key in looked_up:
                    if pool is None:
                        break
                    ahead += 1
                    if cache is not None and key is not None and held[ahead - 1]:
                        loaded[ahead - 1] = _usable(cache.load(key), ahead - 1, unusable)
                        if _FREEZING:
                            gc.freeze()  # what was just loaded: notes, no cycles (see _frozen)
                        if all(future.done() for future in futures):
                            # the worker is done: let it exit now, not after the loading (while a forked
                            # worker lives, every page this process writes to is copied first)
                            pool.shutdown(wait=True)
                            pool = None
        pending = dict(zip(todo, futures, strict=False))
        futures = []  # each result only in pending, so it is let go of once taken (a future holds its result)
        parsed_here = False  # from then on, garbage with cycles (parse trees) may be about: no freezing
        for index, (job, key) in enumerate(keyed()):
            result = loaded.pop(index, None)
            if index >= ahead and held[index] and cache is not None and key is not None:
                result = _usable(cache.load(key), index, unusable)
                if result is not None and _FREEZING and not parsed_here:
                    gc.freeze()
            if result is None and index in pending:
                result = _usable(_collect(pending.pop(index)), index, unusable)
                if result is not None and _FREEZING and not parsed_here:
                    gc.freeze()  # a worker's notes, just unpickled: no cycles
            if result is None:
                if parsed_here:
                    _collect_parse_garbage()  # the file parsed before this one's
                result = _compute(job, root, key)
                parsed_here = True
                if index in unusable:  # never silent: the user sees why the file was parsed again
                    stored = " and stored it in the cache" if root is not None and key is not None else ""
                    warning = f"{unusable.pop(index)}{PARSED_AGAIN}{stored}"
                    result = replace(
                        result, diagnostics=(Diagnostic(Span(result.shown, 0), warning), *result.diagnostics)
                    )
            yield result
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    _forget_extractors()
    if cache is not None:
        cache.prune()  # after the lookups, which mark the entries still in use
    if missing >= TRIM_MIN_PARSED:
        gc.collect()  # what is left of the parses, in any generation, freed before the heap is given back
        _give_back_freed_heap()


def _collect_parse_garbage() -> None:
    """Free the garbage a file's parse left (issue 14: memory flat in vault size), before the next
    file is parsed in this process.

    A parse (markdown-it's tokens, the blocks, the outline, the candidates) makes reference cycles
    that only the cycle collector frees. With the build's threshold (:data:`GC_THRESHOLD`) a young
    collection comes every 50,000 allocations, in the middle of a file as often as not: what the
    file still uses then moves to an older generation, and once garbage it waits there for a
    collection of that generation (every tenth young one, or rarer). So the garbage of several
    files piled up: the per-file stage's Python blocks swung by some 150,000 (about 10 MB), the
    highest swing grew with the number of files, and its memory stayed as the resident set through
    the package and the state (pymalloc keeps an arena while one block of it is used). Collected
    here, the two young generations hold one file's objects: the benchmark's peak over the imports
    fell from 57 to 41 MB at 1x, for no more CPU (the collections the threshold made are mostly
    not needed any more). Not after the last file: a watch rebuild of one file pays nothing."""
    gc.collect(1)


def _forget_extractors() -> None:
    """Every file parsed: what the extractors' caches hold (tens of MB once full) let go of before
    the package and the state are written, where a build's memory peaks (issue 14). Not imported
    here when no file was parsed in this process."""
    if "ankigen.extract.common" in sys.modules:
        from .extract.common import forget_all

        forget_all()


TRIM_MIN_PARSED = 64
"""Files parsed (not loaded from the per-file cache) before the per-file stage gives the freed heap
back: a rebuild of a few changed files (``ankigen watch``) frees little, and the trim walks the whole
heap (~3 ms at the 1x bench vault's end)."""


def _give_back_freed_heap() -> None:
    """Every file parsed: glibc keeps the heap a build's per-file stage freed (it grows with how
    long the build ran, not with what it holds) unless asked to give it back; ``malloc_trim(0)``
    does, before the package and the state are written, where a build's memory peaks (issue 14).
    A no-op where the C library is not glibc."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_TRIM: list[Callable[[int], int] | None] = []


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, looked up once; None elsewhere (another C library, no ctypes)."""
    if not _TRIM:
        _TRIM.append(None)
        try:
            glibc = os.confstr("CS_GNU_LIBC_VERSION")
        except (ValueError, OSError, AttributeError):
            glibc = None
        if sys.platform.startswith("linux") and glibc:
            try:
                import ctypes

                function = ctypes.CDLL(None).malloc_trim
                function.argtypes = [ctypes.c_size_t]
                function.restype = ctypes.c_int
                _TRIM[0] = function
            except (ImportError, OSError, AttributeError):
                pass
    return _TRIM[0]


def _start(
    workers: int, tasks: list[tuple[_FileJob, str | None, str | None]]
) -> tuple[ProcessPoolExecutor | None, list[Future[bytes]]]:
    """A process pool of ``workers`` with every task submitted, or (None, []) when ``workers`` is 0 or
    no pool can start (a sandbox without semaphores, a script re-imported by spawn without a
    ``__main__`` guard): the tasks are then done in this process."""
    if workers < 1 or not tasks:
        return None, []
    if workers > 1 and _forked():
        _warm_for_workers()
    from concurrent.futures.process import BrokenProcessPool

    try:
        pool = _pool(workers)
    except (OSError, NotImplementedError):
        return None, []
    try:
        # one file per task: files differ in cost, and a chunk of them left on one worker at the end
        # keeps the other idle (a tenth of a cold build); a task costs well under 1 ms
        return pool, [pool.submit(_compute_encoded, *task) for task in tasks]
    except (BrokenProcessPool, OSError):
        pool.shutdown(wait=False, cancel_futures=True)
        return None, []


def _warm_for_workers() -> None:
    """Import what every worker needs to parse a file (the Markdown parser and the extractors)
    in this process, before the pool forks it: each forked worker then starts with them, instead
    of importing them itself (about 0.3 s of CPU a worker; issue 14's cold build forks two). Only
    for a pool of several forked workers: with one, the import costs the same in either process,
    and here it would no longer overlap with loading the cached files (a rebuild)."""
    from .extract import extractor_names
    from .render import _parser

    _parser()
    extractor_names()


def _usable(found: FileNotes | str | None, index: int, unusable: dict[int, str]) -> FileNotes | None:
    """``found`` when it is a result; else None, with why it is not one (a phrase) kept in ``unusable``."""
    if isinstance(found, str):
        unusable[index] = found
        return None
    return found


def _collect(future: Future[bytes]) -> FileNotes | str | None:
    """A worker's result, what is wrong with the bytes it sent, or None when the pool broke (the
    caller then does the file itself)."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        found = FileCache.check(future.result())
    except (BrokenProcessPool, OSError):
        return None
    return found if isinstance(found, FileNotes) else f"a worker's result {found}"


def _read_again(job: _FileJob, key: str | None) -> tuple[_FileJob, str | None]:
    """A job whose bytes were let go of (see :attr:`_FileJob.digest`) with them read again, and the
    key to store its result under: None when the file changed since it was first read (its notes
    are not those of the key's bytes)."""
    if job.data is not None or job.digest is None:
        return job, key
    try:
        data = Path(job.path).read_bytes()
    except OSError:  # read_source reports why, with the path
        return replace(job, digest=None), None
    return replace(job, data=data, digest=None), key if _digest(data) == job.digest else None


def _compute(job: _FileJob, cache_root: str | None, key: str | None) -> FileNotes:
    """:func:`_notes_for_file`, stored in the cache."""
    job, key = _read_again(job, key)
    result = _notes_for_file(job)
    if cache_root is not None and key is not None:
        FileCache(Path(cache_root)).put(key, result)
    return result


def _compute_encoded(job: _FileJob, cache_root: str | None, key: str | None) -> bytes:
    """:func:`_notes_for_file` in a worker: stored in the cache by the worker, and sent back as the
    same bytes (pickled once, not once for the cache and once more for the pool)."""
    job, key = _read_again(job, key)
    encoded = FileCache.encode(key or "", _notes_for_file(job))
    if cache_root is not None and key is not None:
        FileCache(Path(cache_root)).put_encoded(key, encoded)
    return encoded


def _read_job(
    path: Path,
    extractors: tuple[str, ...] | None,
    config: Config,
    namespace: str | None,
    cwd: Path,
    resolved: Path,
    root: Path,
) -> _FileJob:
    """One file's job; ``root`` is the notes root (:func:`ankigen.config.notes_root`, resolved) its
    ``Source`` field is relative to."""
    try:
        data: bytes | None = path.read_bytes()
    except OSError:
        data = None  # read_source reports why, with the path
    shown = display_path(path, cwd, resolved)
    return _FileJob(str(path), shown, data, extractors, config, namespace, source_name(path, resolved, root))


def source_name(path: Path, resolved: Path, root: Path) -> str:
    """``path`` relative to the notes ``root`` (resolved), with forward slashes: the same from any
    working folder and with no machine path in it. A file outside the root (reached through a link)
    is named by its own name."""
    for candidate in (resolved, Path(os.path.abspath(path))):
        try:
            return _printable(candidate.relative_to(root).as_posix())
        except ValueError:
            continue
    return _printable(path.name)


@_fewer_collections()
@_frozen()
def build_notes(
    paths: Sequence[Path | str],
    *,
    namespace: str | None = None,
    extractors: Iterable[str] | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
    rejections: Path | str | bool = True,
) -> BuildResult:
    """Read every path (files or folders) and return the notes with their GUIDs.

    ``config`` (see :func:`ankigen.load_config`) sets deck, tags, subdecks, extractors and namespace;
    ``namespace`` and ``extractors`` given here win over it. ``rejections`` is the file of rejected
    notes (see :func:`ankigen.reject`): ``True`` (default) for ``.ankigen-rejected.txt`` in the notes
    root, a path, or ``False`` to leave none out. Rejected notes are in ``result.rejected``, not in
    ``result.notes``.
    """
    jobs, diagnostics, space, sources = _jobs(paths, namespace, extractors, config)
    return _assemble(paths, len(jobs), _per_file(jobs), diagnostics, space, progress, sources, rejections)


def _jobs(
    paths: Sequence[Path | str],
    namespace: str | None,
    extractors: Iterable[str] | None,
    config: Config | None,
) -> tuple[list[_FileJob], list[Diagnostic], str | None, tuple[SourceFile, ...]]:
    """Every file's job (its bytes in it), the problems finding them, the namespace, and what was read."""
    diagnostics, (_, _, space), each = _each_job(paths, namespace, extractors, config, keep_bytes=True)
    jobs: list[_FileJob] = []
    sources: list[SourceFile] = []
    for job, source in each:
        jobs.append(job)
        sources.append(source)
    return jobs, diagnostics, space, tuple(sources)


_Shared = tuple[tuple[str, ...] | None, Config, str | None]
"""What every file's job of a build shares: the extractors chosen, the settings, the namespace."""


def _spool_jobs(
    paths: Sequence[Path | str],
    namespace: str | None,
    extractors: Iterable[str] | None,
    config: Config | None,
    spools: _Spools,
) -> tuple[_JobSpool, list[Diagnostic], str | None]:
    """Every file's job, without its bytes (see :attr:`_FileJob.digest`), in a temporary file until
    the per-file stage takes it (:class:`_JobSpool`), and what was read in ``spools.sources``; the
    problems finding them and the namespace. A streamed build so holds nothing per file while its
    files are parsed (issue 14: memory flat in vault size)."""
    diagnostics, shared, each = _each_job(paths, namespace, extractors, config, keep_bytes=False)
    jobs = _JobSpool(spools.jobs, *shared)
    for job, source in each:
        jobs.append(job)
        spools.sources.append(source)
    return jobs, diagnostics, shared[2]


def _each_job(
    paths: Sequence[Path | str],
    namespace: str | None,
    extractors: Iterable[str] | None,
    config: Config | None,
    keep_bytes: bool,
) -> tuple[list[Diagnostic], _Shared, Iterator[tuple[_FileJob, SourceFile]]]:
    """The problems finding the files, what every file's job shares (the extractors chosen, the
    settings, the namespace), and each file's job with what was read of it, made as it is taken.
    ``keep_bytes=False``: each file's bytes let go of once its digest and cache key are made (see
    :attr:`_FileJob.digest`)."""
    found, diagnostics = collect_paths([Path(path) for path in paths])
    settings = config if config is not None else Config()
    selected = tuple(extractors) if extractors is not None else None
    space = namespace or settings.namespace
    cwd = Path.cwd().resolve()
    root = notes_root(paths)
    caching = not keep_bytes and cache_dir() is not None  # a key costs a digest of ankigen's source first

    def each() -> Iterator[tuple[_FileJob, SourceFile]]:
        found.reverse()  # taken from the end: each file's paths let go of once its job is made
        while found:
            file, resolved = found.pop()
            job = _read_job(file, selected, settings, space, cwd, resolved, root)
            digest = _digest(job.data) if job.data is not None else None
            if not keep_bytes and job.data is not None:
                key = FileCache.key(job.data, job.configuration) if caching else None
                job = replace(job, data=None, digest=digest, key=key)
            yield job, SourceFile(resolved, digest)

    return diagnostics, (selected, settings, space), each()


def _assemble(
    paths: Sequence[Path | str],
    count: int,
    per_file: Iterable[FileNotes],
    diagnostics: list[Diagnostic],
    space: str | None,
    progress: Progress | None,
    sources: tuple[SourceFile, ...] = (),
    rejections: Path | str | bool = True,
    memo: GuidMemo | None = None,
) -> BuildResult:
    """The rest of stage 4 over every file's result (``count`` of them, in order): GUIDs over all
    files, the rejected notes left out, then images and the sanitiser for the notes with images.
    ``ankigen watch`` calls it with the results it keeps in memory, so its rebuilds give what a
    build does. ``sources``: what was read, for :attr:`BuildResult.sources`."""
    files: list[Sequence[Note]] = []
    hashes: list[str | None] = []
    skipped: list[Skipped] = []
    shown: list[str] = []
    for done, result in enumerate(per_file):
        if progress is not None:
            progress(done, count, result.shown)
        shown.append(result.shown)
        files.append(result.notes)
        hashes.extend(result.hashes if len(result.hashes) == len(result.notes) else [None] * len(result.notes))
        diagnostics.extend(result.diagnostics)
        skipped.extend(result.skipped)
    if progress is not None:
        progress(count, count, "")
    if memo is None:
        with_guids, identity_diagnostics = assign_guids(itertools.chain.from_iterable(files), space)
    else:  # watch: only the changed files counted again, and only the notes that may be numbered numbered
        with_guids, identity_diagnostics = assign_guids_by_file(files, space, memo)
    diagnostics.extend(identity_diagnostics)
    rejected_guids = load_rejections(rejections_file(paths, rejections)).guids
    rejected: list[Note] = []
    if rejected_guids:  # the one place rejected notes are left out (see the module docstring)
        kept = [index for index, note in enumerate(with_guids) if note.guid not in rejected_guids]
        rejected = [note for note in with_guids if note.guid in rejected_guids]
        with_guids = [with_guids[index] for index in kept]
        hashes = [hashes[index] for index in kept]
    # the media stage, then the sanitiser, for the notes the per-file stage left without a hash:
    # those with images, which the media stage rewrites (or drops), are not sanitised yet
    pending = [index for index, digest in enumerate(hashes) if digest is None]
    roots = [path if path.is_dir() else path.parent for path in map(Path, paths)]
    with_media, media, media_diagnostics = attach_media([with_guids[index] for index in pending], roots)
    diagnostics.extend(media_diagnostics)
    for index, note in zip(pending, with_media, strict=True):
        with_guids[index] = sanitize_note(note)
    return BuildResult(
        tuple(with_guids),
        tuple(diagnostics),
        tuple(skipped),
        tuple(shown),
        media=media,
        hashes=tuple(hashes),
        sources=sources,
        rejected=tuple(rejected),
    )


def source_date_epoch() -> int:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the current time."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        try:
            seconds = int(value)
        except ValueError:
            seconds = -1
        if not 0 <= seconds <= MAX_EPOCH:
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to {MAX_EPOCH} (the year 9999), "
                f"not {value[:40]!r}; fix or unset it"
            )
        return seconds
    return int(time.time())


MAX_EPOCH = 253_402_300_799
"""The last second of the year 9999: later times overflow Anki's millisecond ids."""


def write_apkg(
    notes: Sequence[Note], out: Path | str, *, timestamp: int | None = None, media: Sequence[MediaFile] = ()
) -> Path:
    """Write ``notes`` (with GUIDs, e.g. from :func:`build_notes`) to an .apkg file.

    Every note and note type is stamped ``timestamp`` (default: now); :func:`build_package` keeps
    a build state instead, so unchanged notes keep their time."""
    from .package import write_package

    target = Path(out)
    write_package(target, notes, timestamp=timestamp if timestamp is not None else source_date_epoch(), media=media)
    return target


def write_notes(
    notes: Sequence[Note], out: Path | str, *, state: Path | str | None = None, media: Sequence[MediaFile] = ()
) -> BuildResult:
    """Stage 5 alone, for notes that carry their GUIDs already (made by :class:`ankigen.Deck`):
    the package, with the modification times a build gives them from the ``state`` file (None:
    every note stamped now, no state kept), as :func:`build_package` writes it."""
    result = BuildResult(tuple(notes), (), media=tuple(media))
    with _frozen():
        return _write_build(result, Path(out), Path(state) if state is not None else None, None)


def default_output_name(result: BuildResult) -> str:
    return _output_name(result.decks)


def _output_name(decks: Sequence[str]) -> str:
    roots = {deck.split("::", 1)[0] for deck in decks}
    name = roots.pop() if len(roots) == 1 else "ankigen"
    slug = _SLUG.sub("-", name).strip("-.") or "ankigen"
    return f"{slug}.apkg"


@_fewer_collections()
def build_package(
    paths: Sequence[Path | str],
    out: Path | str | None = None,
    *,
    namespace: str | None = None,
    extractors: Iterable[str] | None = None,
    state: Path | str | bool = True,
    config: Config | None = None,
    progress: Progress | None = None,
    record_package: bool = True,
    rejections: Path | str | bool = True,
    keep_notes: bool = True,
) -> BuildResult:
    """Build notes from ``paths`` and write them to ``out`` (default: named after the deck; a folder,
    or a name ending with a separator: the default name inside it; ``"-"``: standard output).

    ``state`` is the build state file (:mod:`ankigen.state`) that keeps unchanged notes' modification
    times: ``True`` (default) for ``.ankigen-state.json`` in the first input folder (beside the
    package for files named one by one), a path, or ``False`` for a one-off build that stamps every
    note with the build time and saves nothing. The state's lock (:func:`ankigen.lock.build_lock`)
    is held for the whole build, so a second build of the same notes waits for this one.

    ``record_package=False`` is for a throwaway package (``sync`` builds one in a temporary folder):
    the state then keeps the package it recorded before. ``rejections`` is as for
    :func:`build_notes`: rejected notes are not in the package.

    ``keep_notes=False`` streams the notes (what ``ankigen build`` does): each file's notes are
    written to the package's database as they come and then dropped, so the memory a build takes
    does not grow with the notes (what a build needs per note, its GUID and place and its records in
    the previous and the new state, is kept in a scratch database beside the collection's).
    The package and the state are the same bytes; the result then holds no ``notes``, ``changes``,
    ``hashes`` or ``skipped`` candidates, and :attr:`BuildResult.tally` (:meth:`BuildResult.counts`)
    counts the notes and changes instead.

    Raises :class:`~ankigen.errors.UsageError`, before writing anything, when the package or the
    state would overwrite a source note or each other, or is a folder or a device.
    """
    package_folder: Path | None = None
    if out is not None and not is_stdout(out):
        package_folder = Path(out) if wants_folder(out) else Path(out).parent
    from .state import state_file

    state_path = state_file(paths, state, package_folder)
    lock = build_lock(state_path) if state_path is not None else contextlib.nullcontext()
    with lock:
        if not keep_notes:
            # the previous state's ids taken as recorded once each, as ankigen writes them; built
            # again without that when two notes were given one after all (a state merged by hand:
            # the collection holds fewer rows than written, CollectionStream.clashed; the files then
            # come from the cache the first pass filled, and ``progress`` counts them again)
            request = _StreamedBuild(
                paths,
                out,
                state_path,
                namespace,
                tuple(extractors) if extractors is not None else None,  # the same for a second pass
                config,
                progress,
                record_package,
                rejections,
            )
            try:
                return _stream_package(request, distinct_ids=True)
            except _IdsClash:
                return _stream_package(request, distinct_ids=False)
        result = build_notes(
            paths, namespace=namespace, extractors=extractors, config=config, progress=progress, rejections=rejections
        )
        if not result.notes:
            return result
        target: Path | None = None
        if not is_stdout(out):
            target = Path(default_output_name(result))
            if out is not None:
                target = Path(out) / target if wants_folder(out) else Path(out)
        outputs = [("package", target)] if target is not None else []
        if state_path is not None:
            outputs.append(("build state", state_path))
        check_outputs(outputs, [source.path for source in result.sources])
        with _frozen():
            return _write_build(result, target, state_path, progress, record_package)


class _Spool(Generic[_T]):
    """Values kept in a temporary file until the end of a streamed build, in the order they came:
    what a build holds per file or per note until it returns (about three duplicate-term warnings
    a file in a large vault, ~0.7 KB each in memory; each file's name, what was read and how many
    notes it gave, ~0.5 KB a file) would otherwise grow with the vault while the package and the
    state are written (the build's peak); read back once those are done and their memory is free.
    They are pickled :data:`BATCH` at a time, as one list (a pickle per diagnostic wrote its
    classes' names and the paths again each time: about ten times the CPU, some 25 ms of a rebuild
    of the benchmark's vault)."""

    __slots__ = ("_batch", "_file", "count")

    BATCH = 256  # values held in memory before they are written: ~0.2 MB at most

    def __init__(self) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by read or close)
        self._batch: list[_T] = []
        self.count = 0

    def append(self, value: _T) -> None:
        self._batch.append(value)
        self.count += 1
        if len(self._batch) >= self.BATCH:
            self._spill()

    def extend(self, values: Iterable[_T]) -> None:
        for value in values:
            self.append(value)

    def _spill(self) -> None:
        import pickle

        pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._batch = []

    def __iter__(self) -> Iterator[_T]:
        """Every value spooled so far, in order, a batch at a time (none appended meanwhile); the
        spool stays open."""
        import pickle

        end = self._file.tell()
        self._file.seek(0)
        try:
            while self._file.tell() < end:
                batch: list[_T] = pickle.load(self._file)
                yield from batch
        finally:
            self._file.seek(end)
        yield from list(self._batch)

    def read(self) -> list[_T]:
        """Every value spooled, in order; the file is closed."""
        import pickle

        with self._file:
            self._file.seek(0)
            read: list[_T] = []
            while len(read) < self.count - len(self._batch):
                read.extend(pickle.load(self._file))
            read.extend(self._batch)
            self._batch = []
            return read

    def close(self) -> None:
        self._batch = []
        self._file.close()


class _Spools:
    """What a streamed build keeps until it returns, in temporary files (:class:`_Spool`): the
    files' and identity's diagnostics, every file read (:attr:`BuildResult.sources`), every file's
    name as shown (:attr:`BuildResult.files`) and its notes counted by path (:attr:`NoteTally.files`);
    and, until the per-file stage takes them, the files' jobs (:class:`_JobSpool`)."""

    __slots__ = ("file_diagnostics", "files", "identity_diagnostics", "jobs", "shown", "sources")

    def __init__(self) -> None:
        self.file_diagnostics: _Spool[Diagnostic] = _Spool()
        self.identity_diagnostics: _Spool[Diagnostic] = _Spool()
        self.sources: _Spool[SourceFile] = _Spool()
        self.shown: _Spool[str] = _Spool()
        self.files: _Spool[tuple[str, int]] = _Spool()
        self.jobs: _Spool[_JobRecord] = _Spool()

    def all(self) -> tuple[_Spool[Any], ...]:
        return (self.file_diagnostics, self.identity_diagnostics, self.sources, self.shown, self.files, self.jobs)


_JobRecord = tuple[str, str, str, str | None, str | None]
"""What a :class:`_JobSpool` keeps of a job: its path, name as shown, ``Source``, digest and key."""


class _JobSpool:
    """The files' jobs of a streamed build, in a temporary file (:class:`_Spool`) from when the
    files are first read until the per-file stage takes them, in order, a job made as it is taken
    (:func:`_per_file`). Held in memory instead, a job and its four strings took about 0.5 KB a
    file, and the found paths before them about 1 KB: some 3 MB of the 16x benchmark vault's
    4,800 files at the start of the per-file stage, left in pymalloc's arenas as the files were
    done (issue 14: memory flat in vault size). Only each job's own strings are kept; what every
    job shares (the extractors chosen, the settings, the namespace) is kept once. Every job is
    without its bytes (read again when parsed: :attr:`_FileJob.digest`)."""

    __slots__ = ("_config", "_extractors", "_namespace", "_records")

    def __init__(
        self,
        records: _Spool[_JobRecord],
        extractors: tuple[str, ...] | None,
        config: Config,
        namespace: str | None,
    ) -> None:
        self._records = records
        self._extractors = extractors
        self._config = config
        self._namespace = namespace

    def append(self, job: _FileJob) -> None:
        assert job.data is None and job.config is self._config
        self._records.append((job.path, job.shown, job.source, job.digest, job.key))

    def __len__(self) -> int:
        return self._records.count

    def __iter__(self) -> Iterator[_FileJob]:
        """Every job, in order, a batch of records read at a time (see :meth:`_Spool.__iter__`)."""
        extractors, config, namespace = self._extractors, self._config, self._namespace
        for path, shown, source, digest, key in self._records:
            yield _FileJob(path, shown, None, extractors, config, namespace, source, digest, key)


class _IdsClash(Exception):
    """A streamed build's recorded ids, taken as distinct, were given to two notes (see
    :meth:`~ankigen.package.CollectionStream.clashed`)."""


@dataclass(frozen=True, slots=True)
class _StreamedBuild:
    """What :func:`build_package` passes on to a streamed build (its arguments, with the state
    file found): one object, so a second pass (:class:`_IdsClash`) asks for the same build."""

    paths: Sequence[Path | str]
    out: Path | str | None
    state_path: Path | None
    namespace: str | None
    extractors: tuple[str, ...] | None
    config: Config | None
    progress: Progress | None
    record_package: bool
    rejections: Path | str | bool


@_fewer_collections()
@_frozen()
def _stream_package(request: _StreamedBuild, *, distinct_ids: bool) -> BuildResult:
    """:func:`_streamed` with what it keeps until it returns spooled to temporary files
    (:class:`_Spools`: the files' and identity's diagnostics, the files read, shown and counted) and
    put back in their place once the package and the state are written and the collection and the
    scratch database are closed."""
    spools = _Spools()
    try:
        result, place = _streamed(request, distinct_ids=distinct_ids, spools=spools)
        spooled = [*spools.file_diagnostics.read(), *spools.identity_diagnostics.read()]
        sources = tuple(spools.sources.read())
        shown = tuple(spools.shown.read())
        files: dict[str, int] = {}
        for path, number in spools.files.read():
            files[path] = files.get(path, 0) + number
    finally:
        for spool in spools.all():
            spool.close()
    tally = replace(result.tally, files=files) if result.tally is not None else None
    result = replace(result, files=shown, sources=sources, tally=tally)
    if not spooled:
        return result
    given = result.diagnostics
    return replace(result, diagnostics=(*given[:place], *spooled, *given[place:]))


def _streamed(request: _StreamedBuild, *, distinct_ids: bool, spools: _Spools) -> tuple[BuildResult, int]:
    """:func:`build_package` with ``keep_notes=False``: stages 4 (after the per-file stage) and 5 a
    note at a time, as each file's notes come, in the order :func:`build_notes` and
    :func:`_write_build` take them, so the package and the state are the same bytes. What a note
    needs from all the others is on disk, not in memory: its rows (the ids of new notes are given at
    the end, :class:`~ankigen.package.CollectionStream`), its GUID and place (duplicates), its
    record in the previous state and in the new one (:class:`~ankigen.state.ScratchState`, looked
    up a file at a time); the build id is a sum. Each file's bytes are read again when it is parsed.
    ``distinct_ids``: take the previous state's ids as given for one GUID each; raises
    :class:`_IdsClash`, before writing anything, when one was given to two notes after all."""
    import sqlite3
    from concurrent.futures import ThreadPoolExecutor

    from .media import MediaStage
    from .package import CollectionStream, cannot_write, package_folder, scratch_file
    from .state import BuildState, PackageRecord, ScratchState, StreamedPlan, kept_database, state_pieces

    paths, out, state_path, progress = request.paths, request.out, request.state_path, request.progress
    # every file read once (its digest and cache key), its job and what was read spooled to disk
    jobs, found_diagnostics, space = _spool_jobs(paths, request.namespace, request.extractors, request.config, spools)
    now = source_date_epoch()
    rejected_guids = load_rejections(rejections_file(paths, request.rejections)).guids
    media = MediaStage([path if path.is_dir() else path.parent for path in map(Path, paths)])
    named = Path(out) if out is not None and not is_stdout(out) and not wants_folder(out) else None
    if named is not None or is_stdout(out):  # checked before anything is written; else once the decks are known
        _check_outputs(named, state_path, spools.sources)
    if is_stdout(out):
        folder = package_folder(None)
    elif named is not None:
        folder = _folder(named)
    else:  # the package's name comes from the decks, known at the end
        folder = _folder((Path(out) if out is not None else Path()) / "ankigen.apkg")
    # what the build keeps per note besides the collection's rows, on disk beside them: the GUIDs
    # given (duplicates), the previous state's records and the new state's
    package = Path(out) if out is not None and not is_stdout(out) else None
    try:
        scratch = ScratchState(scratch_file(folder))
    except (OSError, sqlite3.Error) as exc:
        raise cannot_write(exc, folder, package) from exc
    stream: CollectionStream | None = None
    try:
        kept = kept_database(state_path) if state_path is not None else None
        previous, state_diagnostics = scratch.load(state_path, kept) if state_path is not None else (BuildState(), [])
        plan = (
            StreamedPlan(previous, scratch, all_note_types(), now=now, base=state_path.parent)
            if state_path is not None
            else None
        )
        numbering = GuidNumbering(space, seen=scratch.seen)
        stream = CollectionStream(folder, timestamp=now, package=package, distinct_ids=distinct_ids)
        # in temporary files until the end (_stream_package)
        file_diagnostics, identity_diagnostics = spools.file_diagnostics, spools.identity_diagnostics
        rejected: list[Note] = []
        kinds: dict[str, int] = {}
        by_kind: dict[NoteKind, int] = {}  # kinds, counted by the kind itself (its .value costs a call)
        files: dict[str, int] = {}  # a file's notes by path, spooled once per file (spools.files)
        terms = 0  # the build id's (see _build_id)
        file_terms: list[tuple[str, str, int]] = []  # a file's notes' terms, summed once per file
        count = len(jobs)
        for done, result in enumerate(_per_file(jobs)):
            if progress is not None:
                progress(done, count, result.shown)
            spools.shown.append(result.shown)
            file_diagnostics.extend(result.diagnostics)
            hashes = result.hashes if len(result.hashes) == len(result.notes) else [None] * len(result.notes)
            guids = [note.guid for note in result.notes]  # before numbering: the same but for duplicates
            if plan is not None:  # the GUIDs given before and the previous records, in one query
                scratch.prefetch(guids)
            else:
                scratch.seen.prefetch(guids)
            for note, digest in zip(result.notes, hashes, strict=True):
                note, duplicate = numbering.assign(note)
                if duplicate is not None:
                    identity_diagnostics.append(duplicate)
                if note.guid in rejected_guids:
                    rejected.append(note)
                    if plan is not None:
                        plan.present(note.guid)
                    continue
                if digest is None:  # a note with images: the media stage, then the sanitiser (see _assemble)
                    note = sanitize_note(media.attach(note))
                    digest = note_hash(note)
                kind = note.kind
                by_kind[kind] = by_kind.get(kind, 0) + 1
                path = note.span.path
                files[path] = files.get(path, 0) + 1
                if plan is None:
                    stream.add(note, now, None)
                    continue
                mod, record, recorded = plan.stamp(note, digest)
                file_terms.append((note.guid, digest, mod))
                ids = stream.add(note, mod, recorded)
                if ids is None:
                    plan.wait(note.guid, record)
                else:
                    plan.record(note.guid, record, ids, recorded)
            if file_terms:
                terms += _note_terms(file_terms)
                file_terms.clear()
            if files:
                spools.files.extend(files.items())
                files.clear()
            del result
        spools.jobs.close()  # every file's job taken
        kinds.update((kind.value, number) for kind, number in by_kind.items())
        if progress is not None:
            progress(count, count, "")
        numbering.done()
        place = len(found_diagnostics)  # where the spooled diagnostics go (_stream_package)
        diagnostics = [*found_diagnostics, *media.diagnostics]
        del found_diagnostics
        media_files = media.files()
        decks = stream.decks
        changes: dict[str, int] = {}

        def tally_of() -> NoteTally:  # its files filled in from spools.files (_stream_package)
            return NoteTally(stream.count, kinds, {}, decks, changes)

        outcome = BuildResult(
            (),
            tuple(diagnostics),
            (),  # the candidates left out: for inspect --explain, not kept here
            (),  # the files shown and read: from spools.shown and spools.sources (_stream_package)
            media=media_files,
            rejected=tuple(rejected),
        )
        if not stream.count:
            stream.close()
            return replace(outcome, tally=tally_of()), place
        target: Path | None = None
        if not is_stdout(out):
            target = Path(_output_name(decks))
            if out is not None:
                target = Path(out) / target if wants_folder(out) else Path(out)
        if named is None and not is_stdout(out):
            _check_outputs(target, state_path, spools.sources)
        if progress is not None:
            progress(count, count, f"writing {target if target is not None else 'stdout'}")
        start = max(now * 1000, previous.next_id)
        if plan is not None:
            plan.numbered(stream.number(start))
        else:
            collections.deque(stream.number(start), maxlen=0)
        if stream.clashed():  # nothing written yet: the caller builds again
            raise _IdsClash
        build = _build_id_of(terms, plan.model_mod, media_files) if plan is not None else ""

        written_by = stream
        # the collection's deflated pieces kept beside the state's records: the next build deflates
        # only the pieces whose bytes changed (package.PieceMemo)
        pieces = kept.with_suffix(".deflate") if kept is not None else None

        def write_package() -> None:
            with written_by.written(plan.model_mod if plan is not None else None) as database:
                _write_package(target, database, media_files, build, pieces=pieces)

        if plan is None or state_path is None:
            write_package()
            return replace(outcome, output=target, tally=tally_of()), place
        prepared: PreparedWrite | None = None
        kept_copy: Path | None = None  # for the next build's scratch.load, renamed into place with the state
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ankigen-package") as writer:
                written = writer.submit(write_package)
                new_state = plan.state()
                if target is not None and request.record_package:
                    where = os.path.relpath(os.path.abspath(target), os.path.abspath(state_path.parent))
                    new_state = replace(new_state, package=PackageRecord(Path(where).as_posix(), build))
                kept_as = _KeptPieces(state_pieces(new_state, note_lines=scratch.lines()))
                try:
                    prepared = prepare_write(state_path, kept_as)
                except OSError as exc:
                    state_diagnostics.append(_state_not_saved(state_path, exc))
                except sqlite3.Error as exc:  # the scratch database, read back
                    state_diagnostics.append(_state_not_saved(state_path, OSError(str(exc))))
                if prepared is not None and kept is not None:  # while the package is written: no harm done if it fails
                    with contextlib.suppress(OSError, sqlite3.Error):
                        kept_copy = scratch.keep(kept, kept_as.digest.hexdigest(), kept_as.skeleton())
                try:
                    written.result()
                except BaseException:
                    if prepared is not None:
                        prepared.discard()
                    raise
            if prepared is not None:
                try:
                    prepared.commit()
                except OSError as exc:
                    state_diagnostics.append(_state_not_saved(state_path, exc))
                else:
                    if kept_copy is not None and kept is not None:
                        with contextlib.suppress(OSError):
                            os.replace(kept_copy, kept)
                            kept_copy = None
        finally:
            if kept_copy is not None:  # the state was not written: the kept database stays as it was
                with contextlib.suppress(OSError):
                    kept_copy.unlink()
        for change, number in plan.counts.items():
            changes[change] = number
        if rejected:  # those the state knew are not orphans (plan.present)
            changes["rejected"] = len(rejected)
        diagnostics = [*outcome.diagnostics, *state_diagnostics]
        return replace(outcome, diagnostics=tuple(diagnostics), output=target, tally=tally_of()), place
    except sqlite3.Error as exc:  # the scratch database (the collection's errors are told already)
        raise cannot_write(exc, folder, package) from exc
    finally:
        if stream is not None:
            stream.close()
        scratch.close()


class _KeptPieces:
    """A state file's pieces (:func:`~ankigen.state.state_pieces`) passed on as they are written,
    their digest taken and the first and last kept: joined, those two are the file with no notes
    (its ``notes`` object opens the first and closes in the last), what
    :meth:`~ankigen.state.ScratchState.keep` records beside the notes' rows."""

    def __init__(self, pieces: Iterable[bytes]) -> None:
        self._pieces = pieces
        self.digest = hashlib.sha256()
        self._first = b""
        self._last = b""

    def __iter__(self) -> Iterator[bytes]:
        update = self.digest.update
        for piece in self._pieces:
            if not self._first:
                self._first = piece
            self._last = piece
            update(piece)
            yield piece

    def skeleton(self) -> str:
        return (self._first + self._last).decode("utf-8")


def _check_outputs(target: Path | None, state_path: Path | None, sources: Iterable[SourceFile]) -> None:
    """:func:`~ankigen.outputs.check_outputs` for the package at ``target`` (None: standard output)
    and the state."""
    outputs = [("package", target)] if target is not None else []
    if state_path is not None:
        outputs.append(("build state", state_path))
    check_outputs(outputs, (source.path for source in sources))


def _write_package(
    target: Path | None,
    database: Path | bytes,
    media: Sequence[MediaFile],
    build: str,
    memo: Deflated | None = None,
    pieces: Path | None = None,
) -> None:
    """The package to ``target``, or to standard output when None (``memo``, ``pieces``: see
    :func:`ankigen.package.write_collection`)."""
    from .package import write_collection, write_collection_to

    comment = f"ankigen build {build}".encode() if build else b""
    if target is not None:
        write_collection(target, database, media, comment=comment, memo=memo, pieces=pieces)
        return
    sys.stdout.flush()
    write_collection_to(sys.stdout.buffer, database, media, comment=comment, memo=memo, pieces=pieces)
    sys.stdout.buffer.flush()


def _note_terms(items: Iterable[tuple[str, str, int]]) -> int:
    """The sum of each note's term in the build id: a 128-bit hash of its GUID, content hash and
    modification time. A sum, so a rebuild of ``ankigen watch`` works it out from the last one's by
    taking out the terms of the notes that changed or left and adding those of the new ones."""
    sha256 = hashlib.sha256
    total = 0
    for guid, digest, mod in items:
        total += int.from_bytes(sha256(f"{guid}\x1f{digest}\x1f{mod}".encode("utf-8", "surrogateescape")).digest()[:16])
    return total


def _build_id(total: int | None, stamps: Stamps | None, media: Sequence[MediaFile]) -> str:
    """What the package and the state share to tell they were written by the same build: a hash of
    the notes' terms (:func:`_note_terms` of every note's GUID, content hash and modification time:
    ``total``), the note types' times and the media names. A rebuild that changes nothing gives the
    same id, so the state file stays the same; so does one that only moves notes (the package's
    rows are the same)."""
    if stamps is None or total is None:
        return ""
    return _build_id_of(total, stamps.model_mod, media)


def _build_id_of(total: int, model_mod: Mapping[NoteKind, int], media: Sequence[MediaFile]) -> str:
    """:func:`_build_id` from the note types' times."""
    lines = [f"{total % (1 << 128):032x}"]
    types = sorted((kind.value, mod) for kind, mod in model_mod.items())
    lines += [f"{kind}\x1f{mod}" for kind, mod in types]
    lines += sorted(item.name for item in media)
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _all_terms(notes: Sequence[Note], stamps: Stamps) -> int:
    digests, mods = stamps.digests, stamps.note_mod
    return _note_terms((note.guid, digests[note.guid], mods[note.guid]) for note in notes)


class BuildMemory:
    """What ``ankigen watch`` keeps between its rebuilds so that stage 5 redoes only the notes that
    changed: the build state it wrote last (read again when the file changed since: a build run
    between two rebuilds), the numbered GUIDs, each note's row parts, stamps, change and state
    line, each file's path in the state, and the collection database, whose rows a rebuild changes
    only for the notes that changed. Every rebuild still writes the whole package and state, the
    same bytes a build without it writes."""

    __slots__ = ("collection", "guids", "last", "lines", "plan", "relative", "rows", "state", "state_file")

    def __init__(self) -> None:
        from .state import PlanSince, StateLines

        self.guids = GuidMemo()
        self.state: BuildState | None = None
        self.state_file: tuple[int, int, int] | None = None
        """The state file as this process left it (inode, size, time): a build run between two
        rebuilds (watch holds the lock only while it rebuilds) changes it, and it is read again."""
        self.rows: dict[int, Any] = {}
        self.lines = StateLines()
        self.plan = PlanSince()
        self.relative: dict[str, str] = {}
        self.collection: LiveCollection | None = None
        """The collection database of the last rebuild, in memory: a rebuild changes only the rows
        of the notes that changed."""
        self.last: _LastBuild | None = None
        """The notes the last rebuild wrote with :attr:`state`, their ids and stamps, and the sum of
        their build id terms (None after a failed one): a rebuild from that state looks again only
        at the notes that are new objects."""


@dataclass(frozen=True, slots=True)
class _LastBuild:
    notes: dict[str, Note]
    ids: dict[str, NoteIds]
    stamps: Stamps
    terms: int


def _changed_notes(
    last: _LastBuild, notes: Sequence[Note], hashes: Sequence[str | None]
) -> tuple[list[Note], list[str | None], list[str], dict[str, Note]]:
    """The notes that are not the objects ``last`` wrote and their hashes (as ``hashes`` holds
    them, by note), the GUIDs that left (sorted), and every note by GUID: ``last.notes``, updated
    (the last build is over). Mapped, not looped: the notes of a 15,000-note watch in C."""
    known = last.notes
    guids = list(map(_GUID, notes))
    indexes = list(itertools.compress(range(len(notes)), map(operator.is_not, map(known.get, guids), notes)))
    changed = [notes[index] for index in indexes]
    changed_hashes = [hashes[index] if index < len(hashes) else None for index in indexes]
    gone = sorted(known.keys() - set(guids)) if len(notes) - len(changed) != len(known) else []
    for guid in gone:
        del known[guid]
    known.update((note.guid, note) for note in changed)
    return changed, changed_hashes, gone, known


_GUID = operator.attrgetter("guid")


def _write_build(
    result: BuildResult,
    target: Path | None,
    state_path: Path | None,
    progress: Progress | None,
    record_package: bool = True,
    memory: BuildMemory | None = None,
) -> BuildResult:
    """Stage 5 for the notes of a build: the package (to standard output when ``target`` is None),
    then the build state. ``memory``: what the previous rebuild of a watch left (see
    :class:`BuildMemory`), updated here."""
    if progress is not None:
        progress(len(result.files), len(result.files), f"writing {target if target is not None else 'stdout'}")
    now = source_date_epoch()
    if state_path is None:
        with _database(target, result.notes, timestamp=now) as database:
            _write_package(target, database, result.media, _build_id(None, None, result.media))
        return replace(result, output=target)
    return _write_build_with_state(result, target, state_path, record_package, memory, now)


def _database(
    target: Path | None, notes: Sequence[Note], *, timestamp: int, **options: Any
) -> contextlib.AbstractContextManager[Path]:
    """The collection database for a package at ``target``, in a temporary file beside it (see
    :func:`ankigen.package.collection_file`)."""
    from .package import collection_file

    return collection_file(_folder(target), notes, timestamp=timestamp, package=target, **options)


def _folder(target: Path | None) -> Path:
    """Where the database for a package at ``target`` is written first (made if missing)."""
    from .package import package_folder

    try:
        return package_folder(target)
    except OSError as exc:
        raise AnkigenError(
            f"{target}: cannot write the package ({exc.strerror or exc}); nothing was written. "
            "Check free space and permissions"
        ) from exc


def _note_ids(notes: Sequence[Note], previous: BuildState, now: int, rows: dict[int, Any] | None) -> dict[str, NoteIds]:
    """Each note's ids in the package: those the build state records for its GUID, new ones from
    the build time (in milliseconds, as Anki's ids are) or past the highest recorded id."""
    from .package import assign_ids

    records = previous.notes

    def recorded(guid: str) -> NoteIds | None:
        record = records.get(guid)
        return record.ids if record is not None else None

    return assign_ids(notes, recorded, start=max(now * 1000, previous.next_id), rows=rows)


def _note_ids_since(
    last: _LastBuild, changed: Sequence[Note], gone: Sequence[str], previous: BuildState, now: int, rows: dict[int, Any]
) -> dict[str, NoteIds] | None:
    """:func:`_note_ids`, given the ids of the last rebuild from ``previous``: only the ``changed``
    notes are looked at. None when a changed note's recorded ids clash with another note's."""
    from .package import reassign_ids

    records = previous.notes

    def recorded(guid: str) -> NoteIds | None:
        record = records.get(guid)
        return record.ids if record is not None else None

    kept = dict(last.ids)
    for guid in gone:
        del kept[guid]
    for note in changed:
        kept.pop(note.guid, None)
    if not kept:
        return None
    start = max(now * 1000, previous.next_id)
    assigned = reassign_ids(changed, recorded, start=start, rows=rows, kept=kept, own=last.ids)
    if assigned is None:
        return None
    kept.update(assigned)
    return kept


def _write_build_with_state(
    result: BuildResult,
    target: Path | None,
    state_path: Path,
    record_package: bool,
    memory: BuildMemory | None,
    now: int,
) -> BuildResult:
    """:func:`_write_build` with a build state."""
    from concurrent.futures import ThreadPoolExecutor

    from .state import (
        PackageRecord,
        PlanSince,
        kept_database,
        load_state_for_build,
        owned_state,
        plan_build,
        prepare_state,
        restamp,
        stamp,
    )

    if memory is not None and memory.state is not None and _file_identity(state_path) == memory.state_file:
        previous, diagnostics = owned_state(state_path, memory.state, [])
    else:
        previous, diagnostics = load_state_for_build(state_path)
    delta: tuple[list[Note], list[str]] | None = None
    ids: dict[str, NoteIds] | None = None
    by_guid: dict[str, Note] | None = None
    last = memory.last if memory is not None and memory.state is previous else None
    if memory is not None and last is not None:
        # the state this process wrote last: every note that is the same object as then has the
        # same content, time and ids (a build between two rebuilds changes the state file, which
        # is then read again), so only the others are stamped, given ids and planned
        changed, changed_hashes, gone, by_guid = _changed_notes(last, result.notes, result.hashes)
        stamps = restamp(previous, last.stamps, changed, gone, all_note_types(), now=now, hashes=changed_hashes)
        left = [guid for guid in (*gone, *(note.guid for note in changed)) if guid in last.stamps.digests]
        terms = (
            last.terms
            - _note_terms((guid, last.stamps.digests[guid], last.stamps.note_mod[guid]) for guid in left)
            + _note_terms((note.guid, stamps.digests[note.guid], stamps.note_mod[note.guid]) for note in changed)
        )
        ids = _note_ids_since(last, changed, gone, previous, now, memory.rows)
        if ids is not None:
            delta = (changed, gone)
    else:
        stamps = stamp(previous, result.notes, all_note_types(), now=now, hashes=result.hashes)
        terms = _all_terms(result.notes, stamps)
    build = _build_id(terms, stamps, result.media)
    if ids is None:
        ids = _note_ids(result.notes, previous, now, memory.rows if memory is not None else None)
    if memory is not None:
        memory.last = None  # set again once this rebuild is through

    def write_package() -> None:
        if memory is None:
            # the collection's pieces kept for the state, as a streamed build keeps them (package.PieceMemo)
            kept = kept_database(state_path)
            with _database(
                target, result.notes, timestamp=now, note_mod=stamps.note_mod, model_mod=stamps.model_mod, ids=ids
            ) as database:
                _write_package(
                    target, database, result.media, build, pieces=kept.with_suffix(".deflate") if kept else None
                )
            return
        from .package import LiveCollection

        if memory.collection is None:
            memory.collection = LiveCollection()
        memory.collection.update(
            result.notes,
            timestamp=now,
            note_mod=stamps.note_mod,
            model_mod=stamps.model_mod,
            ids=ids,
            rows=memory.rows,
            changed=delta,
        )
        image = memory.collection.image(_folder(target), target)
        _write_package(target, image, result.media, build, memory.collection.deflated)

    # the database is filled, then compressed and written as the package, in a thread (SQLite's
    # steps, zlib and file writes release the GIL: on two cores, half the time of filling the
    # database goes beside the state's) while the rest of the state is made and written beside its
    # file here; the state is put in place only once the package is
    prepared: PreparedWrite | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ankigen-package") as writer:
        written = writer.submit(write_package)
        since: PlanSince | None = None
        if memory is not None and delta is not None:
            since = memory.plan
            since.changed = delta[0]
        plan = plan_build(
            previous,
            result.notes,
            all_note_types(),
            now=now,
            base=state_path.parent,
            stamps=stamps,
            relative=memory.relative if memory is not None else None,
            ids=ids,
            since=since,
        )
        if memory is not None and since is None:
            memory.plan.remember(plan)
        if target is not None and record_package:
            where = os.path.relpath(os.path.abspath(target), os.path.abspath(state_path.parent))
            plan = replace(plan, state=replace(plan.state, package=PackageRecord(Path(where).as_posix(), build)))
        try:
            lines = memory.lines if memory is not None else None
            touched = (previous.notes, [note.guid for note in delta[0]]) if delta is not None else None
            prepared = prepare_state(state_path, plan.state, lines, touched)
        except OSError as exc:
            diagnostics.append(_state_not_saved(state_path, exc))
        try:
            written.result()
        except BaseException:
            if prepared is not None:
                prepared.discard()
            if memory is not None:
                memory.state = None  # the state file is read again: it is what stays on disk
            raise
    if memory is not None:
        memory.state = None
    if prepared is not None:
        try:
            prepared.commit()
        except OSError as exc:
            diagnostics.append(_state_not_saved(state_path, exc))
        else:
            if memory is not None:
                memory.state, memory.state_file = plan.state, _file_identity(state_path)
                if by_guid is None:
                    by_guid = {note.guid: note for note in result.notes}
                memory.last = _LastBuild(by_guid, ids, stamps, terms)
    changes = mark_rejected(plan.changes, result.rejected)
    return replace(result, diagnostics=(*result.diagnostics, *diagnostics), output=target, changes=changes)


def mark_rejected(changes: Sequence[NoteChange], rejected: Sequence[Note]) -> tuple[NoteChange, ...]:
    """``changes`` with the rejected notes as ``rejected``: those the state knew (which left the
    build, so the plan calls them orphaned) and those it did not, at the end."""
    from .state import NoteChange, prompt_text

    if not rejected:
        return tuple(changes)
    by_guid = {note.guid: note for note in rejected}
    out = [
        NoteChange("rejected", c.guid, c.kind, by_guid[c.guid].span, c.prompt) if c.guid in by_guid else c
        for c in changes
    ]
    known = {c.guid for c in changes}
    out.extend(
        NoteChange("rejected", note.guid, note.kind.value, note.span, prompt_text(note))
        for note in rejected
        if note.guid not in known
    )
    return tuple(out)


def _file_identity(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def _state_not_saved(path: Path, exc: OSError) -> Diagnostic:
    return Diagnostic(
        Span(str(path), 1),
        f"could not save the build state ({exc.strerror or exc}); the next build will re-send every "
        "note. Pass --state PATH to keep it somewhere writable",
    )
