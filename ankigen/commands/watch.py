"""``ankigen watch``: build once, then again on every save; with ``--collection`` import each
change, and with ``--ankiweb``/``--endpoint`` sync at most every ``--sync-interval`` seconds and
once more on exit.

Saves are debounced by the file watcher (``watchfiles``): the changes of one save through a
temporary file and a rename, or of several files written at once, make one rebuild. Ctrl-C or
SIGTERM stops it with exit status 0: a package is only ever renamed into place whole, and the
per-file stage's worker processes are shut down before it returns.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import ConfigError, load_config
from ..deliver.deletions import Delivery, deleted_message
from ..errors import AnkigenError
from ..lock import build_lock
from ..model import Note
from ..patterns import lazy_compile
from ..pipeline import PARSED_AGAIN
from ..rejections import rejections_file
from ..state import state_file
from ..watch import CONFIG_NAMES, Rebuild, Rebuilder
from . import SESSION_FILE_ENV, add_output_options, add_paths_argument, add_state_option, load_settings

if TYPE_CHECKING:
    from watchfiles import Change

    from ..deliver.sync import SyncReport

__all__ = ["register", "run"]

STEP_MS = 10
"""How often the file watcher looks for new events: it hands a burst on once a step passed without
one, 10 to 20 ms after its last event. Each look wakes the process: at 10 ms, watch takes about
0.6 % of a core while nothing happens (5 ms: 0.9 %, 25 ms: 0.2 %)."""
QUIET_MS = 25
"""Quiet time after a change before the rebuild starts, unless the change is a save through a
rename: the events of one save (a file truncated, then written; a backup renamed aside, then a new
file written) or of a batch of files arrive within it. A file renamed over a note (the temporary
file an editor or a sync tool wrote, then renamed) is whole at once: that save is rebuilt without
waiting (a batch of such saves spread over more than a step then makes two rebuilds, each of whole
files)."""
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
WAKE_SECONDS = 1.0
"""How often the watcher hands on an empty set without events, to run a sync that has come due."""

EXAMPLES = """examples:
  ankigen watch notes/ -o notes.apkg                         rebuild the package on every save
  ankigen watch notes/ --collection ~/ankibot/collection.anki2 --ankiweb --sync-interval 120
  ankigen watch notes/ --once -o notes.apkg                  one build, as `build` does (for scripts)

Stop it with Ctrl-C (or SIGTERM): it exits 0 after a last sync.
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "watch",
        help="rebuild on every save (and import and sync the changes)",
        description=(
            "Build the notes once, then again on every save, parsing only the files that changed.\n"
            "Each rebuild prints one line: notes added, changed and orphaned, and the time taken.\n"
            "With --collection each change is imported into the collection; with --ankiweb or\n"
            "--endpoint the collection is also synced, at most every --sync-interval seconds and\n"
            "once more on exit."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths_argument(parser)
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "-o", "--output", type=Path, help="the .apkg to keep up to date (default: named after the deck)"
    )
    target.add_argument(
        "--collection",
        type=Path,
        metavar="FILE",
        help="import every change into this Anki collection (created when missing); needs the anki extra",
    )
    parser.add_argument("--ankiweb", action="store_true", help="with --collection: sync it with AnkiWeb")
    parser.add_argument("--endpoint", metavar="URL", help="with --collection: sync with this self-hosted server")
    parser.add_argument(
        "--sync-interval",
        type=float,
        default=60.0,
        metavar="N",
        help="sync at most every N seconds (default 60), and once more on exit",
    )
    parser.add_argument(
        "--session-file",
        type=Path,
        metavar="FILE",
        default=os.environ.get(SESSION_FILE_ENV) or None,
        help="keep the sync session key here (mode 0600), as for `ankigen sync`",
    )
    parser.add_argument("--once", action="store_true", help="build (and import, sync) once and exit")
    add_state_option(parser)
    add_output_options(parser)
    parser.set_defaults(func=run)


_CACHE_ENTRY = lazy_compile(r"^cache entry .+?/[0-9a-f]{2}/[0-9a-f]{64}\.pickle ")


def _cache_cause(message: str) -> str | None:
    """What a warning about an unusable cache entry (or worker's result) says went wrong, without
    the entry it names: the same for every file parsed past such an entry, rebuild after rebuild
    (None for any other warning)."""
    if PARSED_AGAIN not in message or not message.startswith(("cache entry ", "a worker's result ")):
        return None
    return _CACHE_ENTRY.sub("cache entry ", message)


class _Session:
    """One ``ankigen watch`` run: rebuilds, and the imports and syncs that follow them."""

    def __init__(self, args: argparse.Namespace, rebuilder: Rebuilder, state: Path) -> None:
        self.args = args
        self.rebuilder = rebuilder
        self.state = state
        self.remote = bool(args.ankiweb or args.endpoint)
        self.printed: set[str] = set()
        self.causes: set[str] = set()
        """The cache warnings said (what went wrong, without the file and the entry they name)."""
        self.imported_once = False
        self.unsynced = False
        self.last_sync = float("-inf")
        self.failed = False
        """Whether a rebuild, import or sync failed (``--once`` then exits 1)."""
        self.notes: tuple[Note, ...] = ()
        """The notes of the last rebuild."""

    def step(self, changed: set[Path] | None) -> Rebuild | None:
        """One rebuild (``changed``: the paths that changed, None: all), and its import."""
        if changed is not None and any(path.name in CONFIG_NAMES for path in changed):
            try:
                self.rebuilder.set_config(load_config(self.args.paths, self.args.config))
            except ConfigError as exc:
                print(f"ankigen watch: {exc}; keeping the settings read before", file=sys.stderr)
            changed = None
        try:
            with build_lock(self.state):
                rebuild = self.rebuilder.rebuild(changed)
                self.notes = rebuild.result.notes
                self._print(rebuild)
                wanted = rebuild.anything_changed or not self.imported_once
                if self.args.collection is not None and rebuild.wrote and wanted:
                    first_sync = self.remote and not self.imported_once
                    try:
                        self._import(rebuild, sync_now=first_sync)
                    except AnkigenError as exc:
                        if not first_sync:
                            raise
                        # the server cannot be reached or asks for a full sync: import here, and
                        # let the periodic sync try the server again
                        print(f"ankigen watch: {exc}", file=sys.stderr)
                        self.failed = True
                        self.last_sync = time.monotonic()
                        self._import(rebuild, sync_now=False)
            return rebuild
        except (AnkigenError, OSError) as exc:
            self.failed = True
            print(f"ankigen watch: error: {exc}; trying again at the next save", file=sys.stderr)
            return None

    def _print(self, rebuild: Rebuild) -> None:
        shown = {str(diagnostic): diagnostic for diagnostic in rebuild.result.diagnostics}
        for line in sorted(shown.keys() - self.printed):
            cause = _cache_cause(shown[line].message)
            if cause is not None:
                if cause in self.causes:
                    continue  # said once: each file parsed past an unusable entry says it again
                self.causes.add(cause)
            if not (self.args.quiet and ": error: " not in line):
                print(line, file=sys.stderr)
        self.printed = set(shown)
        if not self.args.quiet:
            print(rebuild.line(show_output=self.args.collection is None), flush=True)

    def _import(self, rebuild: Rebuild, *, sync_now: bool) -> None:
        from ..deliver.sync import sync_collection

        start = time.perf_counter()
        delivery = Delivery(self.state, self.args.collection)
        report = sync_collection(
            self.args.collection,
            rebuild.result.output,
            ankiweb=bool(self.args.ankiweb) and sync_now,
            endpoint=self.args.endpoint if sync_now else None,
            session_file=self.args.session_file,
            sync_media=sync_now,
            delivered=delivery.before,
        )
        self._deleted_in_anki(delivery, report)
        self.imported_once = True
        if sync_now:
            self.last_sync = time.monotonic()
        else:
            self.unsynced = self.remote
        if report.imported is not None and not self.args.quiet:
            synced = ", synced" if report.synced else ""
            print(
                f"{time.strftime('%H:%M:%S')} imported into {self.args.collection}: {report.imported.summary()}"
                f"{synced} in {time.perf_counter() - start:.2f} s",
                flush=True,
            )

    def _deleted_in_anki(self, delivery: Delivery, report: SyncReport) -> None:
        """Notes deleted in Anki (found by the pull) become rejected, and the package is built
        again without them; the collection's notes are remembered for the next sync."""
        problem = delivery.save(report.delivered)
        if problem is not None:
            print(problem, file=sys.stderr)
        rejections = rejections_file(self.rebuilder.paths)
        if not report.deleted_in_anki or rejections is None:
            return
        count = delivery.reject_deleted(report.deleted_in_anki, self.notes, rejections)
        if count:
            print(f"{time.strftime('%H:%M:%S')} {deleted_message(count)}", flush=True)
            self.notes = self.rebuilder.rebuild(set()).result.notes  # the package, without them

    def sync_if_due(self, *, final: bool = False) -> None:
        """Sync when there is something to send and the interval has passed; on exit, always."""
        if not self.remote or self.args.collection is None:
            return
        if not final and not (self.unsynced and time.monotonic() - self.last_sync >= self.args.sync_interval):
            return
        from ..deliver.sync import sync_collection

        try:
            with build_lock(self.state):
                delivery = Delivery(self.state, self.args.collection)
                report = sync_collection(
                    self.args.collection,
                    None,
                    ankiweb=bool(self.args.ankiweb),
                    endpoint=self.args.endpoint,
                    session_file=self.args.session_file,
                    delivered=delivery.before,
                )
                self._deleted_in_anki(delivery, report)
        except AnkigenError as exc:
            print(f"ankigen watch: {exc}", file=sys.stderr)
            self.failed = True
            self.last_sync = time.monotonic()  # retry after the interval, not at once
            return
        self.unsynced = False
        self.last_sync = time.monotonic()
        if not self.args.quiet:
            print(f"{time.strftime('%H:%M:%S')} " + "; ".join(report.lines()), flush=True)


def _roots(rebuilder: Rebuilder) -> list[Path]:
    """The folders to watch: those given, those of the files given and of the settings file."""
    roots: list[Path] = []
    for path in rebuilder.paths:
        resolved = path.resolve()
        roots.append(resolved if resolved.is_dir() else resolved.parent)
    settings = rebuilder.settings_file()
    if settings is not None:
        roots.append(settings.resolve().parent)
    unique = sorted(set(roots))
    # a folder inside another watched folder is watched through it already
    return [root for root in unique if not any(root != other and root.is_relative_to(other) for other in unique)]


def _changes(rebuilder: Rebuilder) -> Iterator[set[Path]]:
    """Sets of changed paths, one per debounced burst (see :data:`QUIET_MS`); an empty set at the
    start and about every second."""
    from watchfiles import Change, watch

    def wanted(change: Change, path: str) -> bool:
        # the relevant paths, and every path renamed away or deleted (an editor's temporary file)
        return change == Change.deleted or rebuilder.is_relevant(Path(path))

    pending: set[tuple[Change, str]] = set()
    woke = float("-inf")
    for changes in watch(
        *_roots(rebuilder),
        watch_filter=wanted,
        step=STEP_MS,
        rust_timeout=QUIET_MS,  # an empty set once no event came for this long
        yield_on_timeout=True,
        raise_interrupt=True,
    ):
        pending |= changes
        relevant = {(change, path) for change, path in pending if rebuilder.is_relevant(Path(path))}
        if not relevant:
            pending.clear()
            if not changes and time.monotonic() - woke >= WAKE_SECONDS:
                woke = time.monotonic()
                yield set()
            continue
        if changes and not _renamed_into_place(pending, relevant):
            continue  # wait until no event came for QUIET_MS
        pending.clear()
        yield {Path(path).resolve() for _, path in relevant}


def _renamed_into_place(changes: set[tuple[Change, str]], relevant: set[tuple[Change, str]]) -> bool:
    """Whether the relevant ``changes`` are files renamed over (or into) their place, each whole:
    only added paths, and a path beside them deleted (the temporary file renamed away)."""
    from watchfiles import Change

    if any(change != Change.added for change, _ in relevant):
        return False
    folders = {os.path.dirname(path) for _, path in relevant}
    return any(change == Change.deleted and os.path.dirname(path) in folders for change, path in changes - relevant)


def run(args: argparse.Namespace) -> int:
    if (args.ankiweb or args.endpoint) and args.collection is None:
        print("ankigen watch: --ankiweb and --endpoint need --collection", file=sys.stderr)
        return 2
    if args.sync_interval < 0:
        print("ankigen watch: --sync-interval must be 0 or more seconds", file=sys.stderr)
        return 2
    paths = [Path(path) for path in args.paths]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        print(f"ankigen watch: no such file or folder: {', '.join(missing)}; check the path", file=sys.stderr)
        return 1
    config = load_settings(args)
    # as `ankigen build -o OUT` does: for files named one by one, the state goes beside the package
    state = state_file(paths, args.state or True, Path(args.output).parent if args.output is not None else None)
    assert state is not None
    workdir: Path | None = None
    output: Path | None = args.output
    if args.collection is not None:
        workdir = Path(tempfile.mkdtemp(prefix="ankigen-watch-"))
        output = workdir / "deck.apkg"
    # both stop it, even where SIGINT was ignored (a job started in the background by a script)
    previous = {number: signal.signal(number, signal.default_int_handler) for number in STOP_SIGNALS}
    session: _Session | None = None
    code = 0
    try:
        session = _Session(args, Rebuilder(paths, output, config=config, state=state), state)
        first = session.step(None)
        if args.once:
            session.sync_if_due(final=session.unsynced)  # the import's sync, if the first one failed
            code = 0 if first is not None and first.wrote and not session.failed else 1
        else:
            started = False
            for changed in _changes(session.rebuilder):
                if not started:  # the watcher runs from now on: catch up with what changed meanwhile
                    changed |= session.rebuilder.stale()
                    started = True
                    if not args.quiet:
                        print("watching for changes; Ctrl-C to stop", file=sys.stderr, flush=True)
                if changed:
                    session.step(changed)
                session.sync_if_due()
    except KeyboardInterrupt:
        pass
    finally:
        try:
            if session is not None and session.imported_once and not args.once:
                session.sync_if_due(final=True)
        except KeyboardInterrupt:
            pass
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
            if workdir is not None:
                shutil.rmtree(workdir, ignore_errors=True)
    if not args.once and not args.quiet:
        print("ankigen watch: stopped", file=sys.stderr)
    return code
