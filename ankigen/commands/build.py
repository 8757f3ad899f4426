"""``ankigen build [PATH...] [-o OUT.apkg]``: build a deck."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..outputs import is_stdout
from . import add_output_options, add_paths_argument, load_settings, print_diagnostics, print_file_counts, progress_bar

EXAMPLES = """examples:
  ankigen build                          build notes/ into a deck named after it
  ankigen build notes/ -o my-deck.apkg   choose the output file
  ankigen build notes/ -o decks/         into a folder, named after the deck
  ankigen build notes/ -o - | ssh host 'cat > deck.apkg'   the package on standard output
  ankigen build aws.md network.txt       explicit files, any extension
  ankigen build notes/ -q                print errors only (for scripts)
  ankigen build notes/ -v                say where settings came from and what each file gave

An output that is a source note, the build state, the other output, a folder or a device is
refused before anything is written (exit 2); an output that is a symbolic link is written through,
and a file that exists keeps its permissions. Two builds of the same notes run one after the other.

exit status: 0 built (warnings, if any, on stderr as file:line: warning: ...),
             1 nothing could be built, 2 bad usage, bad settings or an output that would overwrite an input
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "build",
        help="build an .apkg from Markdown notes",
        description="Build an Anki package (.apkg) from Markdown notes.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="the .apkg to write (default: named after the deck); a folder (or a name ending in /): "
        "the default name inside it; -: standard output",
    )
    add_output_options(parser)
    state = parser.add_mutually_exclusive_group()
    state.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="the build state file that keeps unchanged notes' modification times "
        "(default: .ankigen-state.json in the first input folder, or beside the package when "
        "files are named one by one)",
    )
    state.add_argument(
        "--no-state",
        action="store_true",
        help="one-off build: stamp every note with the build time, read and write no state",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..pipeline import build_package  # here, not at the top: `build --help` needs neither
    from ..state import CHANGE_ORDER

    if is_stdout(args.output) and sys.stdout.isatty():
        print("ankigen build: -o - writes a binary package; redirect standard output to a file", file=sys.stderr)
        return 2
    config = load_settings(args)
    state: Path | bool = False if args.no_state else (args.state or True)
    with progress_bar(args) as progress:
        # streamed: the notes are written as they come and not kept, so memory stays flat in vault size
        result = build_package(
            [Path(path) for path in args.paths],
            args.output,
            state=state,
            config=config,
            progress=progress,
            keep_notes=False,
        )
    print_diagnostics(result.diagnostics, quiet=args.quiet)
    counts = result.counts()
    if args.verbose:
        print_file_counts(result)
    if not counts.notes:
        print("ankigen: nothing to build: no notes were found", file=sys.stderr)
        return 1
    if not args.quiet:
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.kinds.items()))
        # with the package on standard output, what would go there goes to stderr
        report = sys.stderr if is_stdout(args.output) else sys.stdout
        written = result.output if result.output is not None else "standard output"
        print(f"wrote {written}: {counts.notes} notes ({summary}) from {len(result.files)} files", file=report)
        if counts.changes:
            rejected = counts.changes.get("rejected", 0)
            print(
                "since the last build: "
                + ", ".join(f"{counts.changes.get(change, 0)} {change}" for change in CHANGE_ORDER)
                + (f", {rejected} rejected" if rejected else ""),
                file=report,
            )
    return 0
