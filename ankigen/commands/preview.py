"""``ankigen preview [PATH...] [-o preview.html] [--open]``: see every card before importing."""

from __future__ import annotations

import argparse
import sys
import webbrowser
from pathlib import Path
from typing import Any

from ..outputs import check_outputs, wants_folder
from ..pipeline import build_notes
from ..preview import write_preview
from ..state import default_state_path
from . import add_output_options, add_paths_argument, load_settings, print_diagnostics, print_file_counts, progress_bar

EXAMPLES = """examples:
  ankigen preview                          every card of notes/ in preview.html
  ankigen preview notes/aws.md --open      one file, opened in the web browser
  ankigen preview notes/ -o /tmp/cards.html --renderer python

The page is one self-contained file (no network): cards grouped by deck and file, each labelled
file:line, with filters by note kind and a night-mode switch. With the anki extra installed
(pip install 'ankigen[anki]') Anki itself renders the cards; otherwise ankigen renders the same
templates the same way.

exit status: 0 written, 1 no notes found, 2 bad usage or bad settings
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "preview",
        help="write an HTML page showing every card, front and back",
        description="Write one HTML page showing every card's front and back as Anki shows them.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        default="preview.html",
        help="the page to write (default preview.html; a folder: preview.html inside it). A source note, "
        "the build state, a device or a folder is refused (exit 2)",
    )
    parser.add_argument("--open", action="store_true", help="open the page in the web browser")
    parser.add_argument(
        "--renderer",
        choices=("auto", "anki", "python"),
        default="auto",
        help="who renders the cards: Anki if installed (auto, the default), anki, or python",
    )
    add_output_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load_settings(args)
    with progress_bar(args) as progress:
        result = build_notes([Path(path) for path in args.paths], config=config, progress=progress)
    print_diagnostics(result.diagnostics, quiet=args.quiet)
    if args.verbose:
        print_file_counts(result)
    if not result.notes:
        print("ankigen: nothing to preview: no notes were found", file=sys.stderr)
        return 1
    output = Path(args.output) / "preview.html" if wants_folder(args.output) else Path(args.output)
    check_outputs([("preview page", output)], [source.path for source in result.sources])
    check_outputs([("preview page", output), ("build state", default_state_path(args.paths))], [])
    target, cards = write_preview(
        result.notes, output, diagnostics=result.diagnostics, renderer=args.renderer, media=result.media
    )
    if not args.quiet:
        print(f"wrote {target}: {len(cards)} cards from {len(result.notes)} notes")
    if args.open:
        webbrowser.open(target.resolve().as_uri())
    return 0
