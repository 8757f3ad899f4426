"""``ankigen sync``: build the notes, import them into a collection, and sync it with AnkiWeb.

Order with ``--ankiweb`` or ``--endpoint``: pull, import, push, media. Credentials come from
``ANKIWEB_USERNAME``/``ANKIWEB_PASSWORD`` or a terminal prompt and are never printed; with
``--session-file`` only the session key is kept (mode 0600), so later runs need no password.

Building PATH..., the build state remembers which notes were delivered to the collection; a note
that the collection no longer has after the pull was deleted in Anki (here or on another device),
so it is recorded as rejected in the notes root before the build, and is not added again.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..config import load_config
from ..deliver.collection import NoteRef
from ..deliver.deletions import Delivery, deleted_message
from ..deliver.sync import sync_package
from ..errors import AnkigenError, UsageError
from ..lock import build_lock
from ..pipeline import BuildResult, build_notes, build_package
from ..rejections import rejections_file
from ..state import state_file
from . import SESSION_FILE_ENV, add_config_option, add_state_option, print_diagnostics

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="build and import into an Anki collection, optionally through AnkiWeb",
        description=(
            "Build the notes in PATH... (or take --package), import them into --collection "
            "(created when missing) so that edited notes update in place, report orphaned "
            "notes, and with --ankiweb or --endpoint sync: pull, import, push. Credentials come "
            "from ANKIWEB_USERNAME and ANKIWEB_PASSWORD or a prompt. Needs the anki extra."
        ),
        epilog="""examples:
  ankigen sync notes/ --collection ~/ankibot/collection.anki2             import only, no server
  ankigen sync notes/ --collection ~/ankibot/collection.anki2 --ankiweb   and sync with AnkiWeb
  ankigen sync --package aws.apkg --collection col.anki2 --endpoint http://localhost:8080/
""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="Markdown files or folders to build and import (none: only sync the collection)",
    )
    parser.add_argument(
        "--collection",
        required=True,
        type=Path,
        metavar="FILE",
        help="the Anki collection (collection.anki2); created when it does not exist",
    )
    parser.add_argument(
        "--package",
        type=Path,
        metavar="DECK.apkg",
        help="import this already built package instead of building PATH...",
    )
    parser.add_argument("--ankiweb", action="store_true", help="sync with AnkiWeb")
    parser.add_argument("--endpoint", metavar="URL", help="sync with this self-hosted sync server instead")
    parser.add_argument(
        "--full-sync",
        choices=("upload", "download"),
        help="when a full sync is required, which side wins (upload: this collection; "
        "download: the server's, then import)",
    )
    parser.add_argument(
        "--prune-orphans",
        choices=("tag", "delete"),
        help="tag orphaned ankigen notes ankigen::orphan, or delete them (asks first)",
    )
    parser.add_argument("--yes", "-y", action="store_true", help="delete orphans without asking")
    parser.add_argument(
        "--session-file",
        type=Path,
        metavar="FILE",
        default=os.environ.get(SESSION_FILE_ENV) or None,
        help="keep the sync session key here (mode 0600) so the password need not be stored "
        f"(default: ${SESSION_FILE_ENV})",
    )
    parser.add_argument("--no-media", action="store_true", help="do not sync media files with the server")
    add_config_option(parser, "give `ankigen build` the same one, or the notes get other decks and GUIDs")
    add_state_option(parser)
    parser.set_defaults(func=run)


def _build(paths: list[Path], out: Path, config_file: Path | None, state: Path | None) -> BuildResult:
    # the same settings and state as `ankigen build`, so both make the same decks, GUIDs and times
    result = build_package(
        paths, out, config=load_config(paths, config_file), state=state or True, record_package=False
    )
    print_diagnostics(result.diagnostics)
    if not result.notes or result.output is None:
        raise AnkigenError("nothing to sync: no notes were found in " + ", ".join(str(path) for path in paths))
    print(f"built {len(result.notes)} notes from {len(result.files)} files")
    return result


def _changed_sources(built: Sequence[BuildResult]) -> list[str]:
    """The files that no longer hold what the build read (an editor saved one meanwhile)."""
    return [
        shown
        for result in built
        for shown, source in zip(result.files, result.sources, strict=True)
        if source.changed()
    ]


def _confirm_delete(assume_yes: bool, built: Sequence[BuildResult]) -> Callable[[Sequence[NoteRef]], bool]:
    def confirm(orphans: Sequence[NoteRef]) -> bool:
        # a file read while it was being saved may have lost notes that are not gone at all:
        # deleting on such a read would delete them, with their reviews, from Anki
        changed = _changed_sources(built)
        if changed:
            listed = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
            print(
                f"not deleting {len(orphans)} orphaned note(s): {listed} changed while this sync ran, so what was "
                "read may be incomplete. Run the sync again",
                file=sys.stderr,
            )
            return False
        if assume_yes:
            return True
        if sys.stdin is None or not sys.stdin.isatty():
            print(
                f"not deleting {len(orphans)} orphaned note(s): confirm on a terminal or pass --yes",
                file=sys.stderr,
            )
            return False
        for orphan in orphans:
            print(f"  {orphan}", file=sys.stderr)
        try:
            answer = input(f"Delete these {len(orphans)} note(s) and their reviews? [y/N] ")
        except EOFError:
            return False
        return answer.strip().lower() in ("y", "yes")

    return confirm


def run(args: argparse.Namespace) -> int:
    if args.paths and args.package:
        print("ankigen sync: give PATH... or --package, not both", file=sys.stderr)
        return 2
    if not args.paths and (args.config or args.state):
        print("ankigen sync: --config and --state apply to building PATH...; give the notes too", file=sys.stderr)
        return 2
    if not args.paths and not args.package and not args.ankiweb and not args.endpoint:
        print(
            "ankigen sync: nothing to do: give the notes (PATH...) or --package to import, "
            "and --ankiweb or --endpoint to sync",
            file=sys.stderr,
        )
        return 2
    paths: list[Path] = list(args.paths)
    # the build state (for files named one by one: in the working folder, as for `ankigen build`
    # without -o, not beside the throwaway package) and its lock, held from the build to the end
    # of the import (see ankigen.lock)
    state = state_file(paths, args.state or True) if paths else None
    built: list[BuildResult] = []
    delivery: Delivery | None = None  # read once the lock is held
    rejected = 0

    def build(out: Path) -> None:
        built.append(_build(paths, out, args.config, state))

    def reject_deleted(deleted: frozenset[str]) -> None:
        # before the build: the notes deleted in Anki that the notes still give are rejected, so
        # the build leaves them out
        nonlocal rejected
        path = rejections_file(paths)
        if deleted and delivery is not None and path is not None:
            notes = build_notes(paths, config=load_config(paths, args.config)).notes
            rejected = delivery.reject_deleted(deleted, notes, path)

    try:
        with build_lock(state) if state is not None else contextlib.nullcontext():
            delivery = Delivery(state, args.collection) if state is not None else None
            report = sync_package(
                args.collection,
                build if paths else args.package,
                ankiweb=bool(args.ankiweb),
                endpoint=args.endpoint,
                session_file=args.session_file,
                full_sync=args.full_sync,
                prune_orphans=args.prune_orphans,
                confirm_delete=_confirm_delete(bool(args.yes), built),
                sync_media=not args.no_media,
                delivered=delivery.before if delivery is not None else (),
                deleted_in_anki=reject_deleted if delivery is not None else None,
            )
            problem = delivery.save(report.delivered) if delivery is not None else None
    except UsageError as exc:
        print(f"ankigen sync: error: {exc}", file=sys.stderr)
        return 2
    except AnkigenError as exc:
        print(f"ankigen sync: {exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    if problem is not None:
        print(problem, file=sys.stderr)
    if rejected:
        print(deleted_message(rejected))
    return 0
