"""``ankigen verify DECK.apkg``: import into a throw-away collection and report what Anki sees."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import AnkigenError

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="check a package with the real Anki importer",
        description=(
            "Import DECK.apkg into a temporary collection with Anki's own code and report note "
            "and card counts, note types, empty cards, duplicate GUIDs and missing media. "
            "Exits with status 1 when there is any problem. Needs the anki extra."
        ),
        epilog="""examples:
  ankigen verify aws.apkg                  what Anki sees in one package
  ankigen build notes/ -o deck.apkg && ankigen verify deck.apkg

exit status: 0 no problems, 1 a problem was found, 2 bad usage or a package that cannot be read
""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("packages", nargs="+", type=Path, metavar="DECK.apkg")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..deliver.verify import verify

    status = 0
    for package in args.packages:
        try:
            report = verify(package)
        except AnkigenError as exc:
            print(f"ankigen verify: {exc}", file=sys.stderr)
            status = 2
            continue
        for line in report.lines():
            print(line)
        if not report.ok:
            status = max(status, 1)
    return status
