"""The ``ankigen`` command line. Each subcommand is a module in :mod:`ankigen.commands` with a
``register(subparsers)`` function; adding one is a new module plus one line in ``COMMANDS``.

Exit codes: 0 done (warnings on stderr as ``file:line: warning: message``), 1 nothing could be
built or a check failed, 2 bad usage (unknown options, bad settings in ``ankigen.toml``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from . import __version__
from .errors import AnkigenError, UsageError

__all__ = ["COMMANDS", "main"]

# module names under ankigen.commands, in the order --help lists them
COMMANDS: tuple[str, ...] = ("build", "inspect", "diff", "preview", "sync", "verify")

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


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ankigen",
        description="Turn Markdown study notes into Anki decks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ankigen {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"ankigen.commands.{name}")
        module.register(subparsers)
    return parser


def _subcommand_parser(parser: argparse.ArgumentParser, name: str | None) -> argparse.ArgumentParser:
    """The parser of subcommand ``name`` (for its usage line), else ``parser``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            found: argparse.ArgumentParser = action.choices[name]
            return found
    return parser


def _quiet_broken_pipe() -> int:
    """The reader of standard output went away (``ankigen inspect | head``): stop without a
    traceback, and without another one when Python flushes standard output at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 141  # what a shell reports for a command ended by SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # reported with the subcommand's usage, not the top-level one
        _subcommand_parser(parser, getattr(args, "command", None)).error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.func(args)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except UsageError as exc:
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
