"""The ``ankigen`` command line. Each subcommand is a module in :mod:`ankigen.commands` with a
``register(subparsers)`` function; adding one is a new module plus one line in ``SUMMARIES``.

Exit codes: 0 done (warnings on stderr as ``file:line: warning: message``), 1 nothing could be
built or a check failed, 2 bad usage (unknown options, bad settings in ``ankigen.toml``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["COMMANDS", "SUMMARIES", "main"]

SUMMARIES: dict[str, str] = {
    "build": "build an .apkg from Markdown notes",
    "inspect": "show the notes found, without writing a package",
    "diff": "show what the next build changes in Anki, note by note",
    "preview": "write an HTML page showing every card, front and back",
    "sync": "build and import into an Anki collection, optionally through AnkiWeb",
    "verify": "check a package with the real Anki importer",
    "watch": "rebuild on every save (and import and sync the changes)",
}
"""Each command's line in ``ankigen --help``, the same as the ``help=`` its module registers: the
CLI imports only the module of the command it runs (start-up time), so ``--help`` lists the others
from here."""

# module names under ankigen.commands, in the order --help lists them
COMMANDS: tuple[str, ...] = tuple(SUMMARIES)

EPILOG = """examples:
  ankigen build                        build notes/ into a deck named after it
  ankigen build notes/aws.md -o aws.apkg
  ankigen inspect notes/ --format table
  ankigen inspect notes/aws.md --format json | jq '.[].fields'
  ankigen preview notes/ --open        see every card before importing
  ankigen verify aws.apkg              check a deck with the real Anki importer
  ankigen sync notes/ --collection ~/ankibot/collection.anki2 --ankiweb

settings: ankigen.toml in the notes folder, or [tool.ankigen] in pyproject.toml
  (deck, tags, namespace, extractors, subdeck_depth); `ankigen COMMAND --help` for more.

exit status: 0 done (warnings on stderr), 1 nothing could be built or a check failed,
             2 bad usage or bad settings
"""


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked (importlib.metadata is slow to load)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from . import __version__

        print(f"ankigen {__version__}")  # on stdout, as argparse's own version action
        parser.exit()


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command's options, or (``command`` given) with that command's options
    and only the names of the others, which is all ``main`` needs to run ``command``."""
    parser = argparse.ArgumentParser(
        prog="ankigen",
        description="Turn Markdown study notes into Anki decks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if command is None or name == command:
            module = importlib.import_module(f"ankigen.commands.{name}")
            module.register(subparsers)
        else:
            subparsers.add_parser(name, help=SUMMARIES[name], add_help=False)
    return parser


def _command_in(argv: Sequence[str]) -> str:
    """The command ``argv`` names (its first argument that is not an option), or '' for none: the
    only options before it are --help and --version, which take no value."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in SUMMARIES else ""
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser(_command_in(arguments) or "")
    args = parser.parse_args(arguments)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    from .config import ConfigError
    from .errors import AnkigenError

    try:
        code: int = args.func(args)
    except ConfigError as exc:
        print(f"ankigen: error: {exc}", file=sys.stderr)
        return 2
    except AnkigenError as exc:
        print(f"ankigen: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("ankigen: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
