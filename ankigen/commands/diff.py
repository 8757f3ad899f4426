"""``ankigen diff [PATH...]``: what the next build would add, change, keep and orphan, per note."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..config import load_config
from ..diff import BuildDiff, diff_notes
from ..state import CHANGE_ORDER
from . import add_config_option, add_paths_argument, print_diagnostics

_MARKS = {"added": "+", "changed": "~", "unchanged": "=", "orphaned": "-", "rejected": "x"}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "diff",
        help="show what the next build changes in Anki, note by note",
        description="Compare the notes with the build state of the last build: which notes the next build "
        "adds (+), changes (~), leaves unchanged (=, listed with --all), and which are orphaned (-: in the "
        "state but gone from the notes; Anki keeps them until you delete them there), and which are rejected (x: "
        "left out by `ankigen reject`).",
        epilog="""examples:
  ankigen diff notes/                  what the next build adds, changes and orphans
  ankigen diff notes/ --all            also the unchanged notes
  ankigen diff notes/ --format json | jq '.notes[] | select(.change == "changed")'
""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths_argument(parser)
    parser.add_argument("--state", type=Path, metavar="FILE", help="the build state file (default as for build)")
    add_config_option(parser, "give the one the build uses, or GUIDs will not match")
    parser.add_argument("--all", action="store_true", help="also list unchanged notes")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when the next build would add, change or orphan a note or change a note type "
        "(as git diff --exit-code), 0 when it would change nothing",
    )
    parser.set_defaults(func=run)


def to_json(diff: BuildDiff) -> dict[str, object]:
    return {
        "state": str(diff.state_path) if diff.state_path else None,
        "note_types": {kind.value: change for kind, change in diff.note_types},
        "notes": [
            {
                "change": entry.change,
                "guid": entry.guid,
                "kind": entry.kind,
                "source": {"path": entry.span.path, "line": entry.span.line},
                "prompt": entry.prompt,
            }
            for entry in diff.changes
        ],
    }


def run(args: argparse.Namespace) -> int:
    # the same settings as `ankigen build`, so the comparison sees the same decks and GUIDs
    config = load_config(args.paths, args.config)
    diff = diff_notes([Path(path) for path in args.paths], state=args.state or True, config=config)
    print_diagnostics(diff.diagnostics, quiet=True)
    changed = any(entry.change != "unchanged" for entry in diff.changes) or any(
        change != "unchanged" for _, change in diff.note_types
    )
    outcome = 1 if args.exit_code and changed else 0
    if args.format == "json":
        print(json.dumps(to_json(diff), ensure_ascii=False, indent=2))
        return outcome
    if diff.state_path is not None and not diff.state_path.exists():
        print(f"no build state at {diff.state_path}: every note is new to it", file=sys.stderr)
    for entry in diff.changes:
        if entry.change != "unchanged" or args.all:
            print(f"{_MARKS[entry.change]} {entry.span}: {entry.kind} {entry.prompt}")
    for kind, change in diff.note_types:
        if change == "changed":
            print(f"~ note type {kind.value}: templates or CSS changed; Anki will update it")
    counts = ", ".join(f"{len(diff.of(change))} {change}" for change in CHANGE_ORDER)
    if diff.of("rejected"):
        counts += f", {len(diff.of('rejected'))} rejected"
    print(f"next build: {counts}")
    return outcome
