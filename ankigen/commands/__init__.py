"""Subcommands of the ``ankigen`` CLI, one module each (see :mod:`ankigen.cli`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from ..model import Diagnostic

__all__ = ["Subparsers", "print_diagnostics"]

Subparsers = "argparse._SubParsersAction[argparse.ArgumentParser]"


def print_diagnostics(diagnostics: Iterable[Diagnostic], *, quiet: bool = False) -> int:
    """Print ``file:line: severity: message`` lines on stderr; returns how many errors there were."""
    errors = 0
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            errors += 1
        if quiet and diagnostic.severity != "error":
            continue
        print(str(diagnostic), file=sys.stderr)
    return errors


def add_paths_argument(parser: argparse.ArgumentParser, default: str | None = "notes") -> None:
    if default is None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or folders")
    else:
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            default=[default],
            help=f"Markdown files (any extension) or folders (scanned for .md/.markdown); default {default}/",
        )
