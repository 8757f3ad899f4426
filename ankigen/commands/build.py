"""``ankigen build [PATH...] [-o OUT.apkg]``: build a deck."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..pipeline import build_package
from ..state import CHANGE_ORDER
from . import add_paths_argument, print_diagnostics


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "build",
        help="build an .apkg from Markdown notes",
        description="Build an Anki package (.apkg) from Markdown notes.",
        epilog="example: ankigen build notes/ -o my-deck.apkg",
    )
    add_paths_argument(parser)
    parser.add_argument("-o", "--output", type=Path, help="the .apkg to write (default: named after the deck)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    state = parser.add_mutually_exclusive_group()
    state.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="the build state file that keeps unchanged notes' modification times "
        "(default: .ankigen-state.json in the first input folder)",
    )
    state.add_argument(
        "--no-state",
        action="store_true",
        help="one-off build: stamp every note with the build time, read and write no state",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    state: Path | bool = False if args.no_state else (args.state or True)
    result = build_package([Path(path) for path in args.paths], args.output, state=state)
    print_diagnostics(result.diagnostics, quiet=args.quiet)
    if not result.notes or result.output is None:
        print("ankigen: nothing to build: no notes were found", file=sys.stderr)
        return 1
    if not args.quiet:
        kinds: dict[str, int] = {}
        for note in result.notes:
            kinds[note.kind.value] = kinds.get(note.kind.value, 0) + 1
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        print(f"wrote {result.output}: {len(result.notes)} notes ({summary}) from {len(result.files)} files")
        if result.changes:
            counts = {change: sum(1 for c in result.changes if c.change == change) for change in CHANGE_ORDER}
            print("since the last build: " + ", ".join(f"{count} {change}" for change, count in counts.items()))
    return 0
