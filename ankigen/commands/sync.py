"""``ankigen sync``: build the notes, import them into a collection, and sync it with AnkiWeb.

Order with ``--ankiweb`` or ``--endpoint``: pull, import, push, media. Credentials come from
``ANKIWEB_USERNAME``/``ANKIWEB_PASSWORD`` or a terminal prompt and are never printed; with
``--session-file`` only the session key is kept (mode 0600), so later runs need no password.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..anki_backend import NoteRef, sync_package
from ..config import load_config
from ..errors import AnkigenError
from ..pipeline import build_package
from . import add_config_option, print_diagnostics

__all__ = ["register", "run"]

SESSION_FILE_ENV = "ANKIGEN_SESSION_FILE"


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
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="the build state file, as for `ankigen build` (default: .ankigen-state.json in the first input folder)",
    )
    parser.set_defaults(func=run)


def _build(paths: list[Path], out: Path, config_file: Path | None, state: Path | None) -> None:
    # the same settings and state as `ankigen build`, so both make the same decks, GUIDs and times
    result = build_package(paths, out, config=load_config(paths, config_file), state=state or True)
    print_diagnostics(result.diagnostics)
    if not result.notes or result.output is None:
        raise AnkigenError("nothing to sync: no notes were found in " + ", ".join(str(path) for path in paths))
    print(f"built {len(result.notes)} notes from {len(result.files)} files")


def _confirm_delete(assume_yes: bool) -> Callable[[Sequence[NoteRef]], bool]:
    def confirm(orphans: Sequence[NoteRef]) -> bool:
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
    paths = list(args.paths)

    def build(out: Path) -> None:
        _build(paths, out, args.config, args.state)

    try:
        report = sync_package(
            args.collection,
            build if paths else args.package,
            ankiweb=bool(args.ankiweb),
            endpoint=args.endpoint,
            session_file=args.session_file,
            full_sync=args.full_sync,
            prune_orphans=args.prune_orphans,
            confirm_delete=_confirm_delete(bool(args.yes)),
            sync_media=not args.no_media,
        )
    except AnkigenError as exc:
        print(f"ankigen sync: {exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0
