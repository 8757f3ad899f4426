"""``ankigen reject TARGET... [--undo] [--notes PATH]``: leave notes out of every build, for good."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..config import load_config
from ..curate import reject, rejected
from . import add_config_option

EXAMPLES = """examples:
  ankigen inspect notes/bio.md                 find the note: its file:line (and GUID with --format json)
  ankigen reject notes/bio.md:12               reject the note that starts on line 12
  ankigen reject ag0a1B2c3D4e5                 reject by GUID
  ankigen reject --undo ag0a1B2c3D4e5          bring it back
  ankigen reject --notes ~/vault vault-note.md:3

Rejections are kept in .ankigen-rejected.txt in the notes root, one GUID per line with a comment;
commit it with your notes. A rejected note stays rejected when its answer changes or it moves.

exit status: 0 done, 1 a target names no note (nothing changed), 2 bad usage
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "reject",
        help="never build, export or sync these notes (--undo: bring them back)",
        description="Reject notes: no build, export or sync has them any more. A TARGET is a GUID, as "
        "`ankigen inspect` shows it, or FILE:LINE of a note.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("targets", nargs="+", metavar="TARGET", help="a GUID or FILE:LINE")
    parser.add_argument("--undo", action="store_true", help="take the rejection back: build the notes again")
    parser.add_argument(
        "--notes",
        type=Path,
        default=Path("notes"),
        metavar="PATH",
        help="the notes root, as build's PATH (default notes/); the rejections file is kept there",
    )
    add_config_option(parser, "give the one the build uses, or GUIDs will not match")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load_config([args.notes], args.config)
    changed = reject(args.targets, root=args.notes, undo=args.undo, config=config)
    verb = "brought back" if args.undo else "rejected"
    for entry in changed:
        print(f"{verb} {entry.line()}")
    now = rejected(args.notes)
    print(f"{len(now)} rejected note(s) in {now.path}")
    return 0
