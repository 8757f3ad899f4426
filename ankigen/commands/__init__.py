"""Subcommands of the ``ankigen`` CLI, one module each (see :mod:`ankigen.cli`)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:  # the pipeline is imported by the command that runs, not by `COMMAND --help`
    from ..config import Config
    from ..model import Diagnostic
    from ..pipeline import BuildResult, Progress

__all__ = [
    "SESSION_FILE_ENV",
    "add_config_option",
    "add_output_options",
    "add_paths_argument",
    "add_state_option",
    "load_settings",
    "print_diagnostics",
    "print_file_counts",
    "progress_bar",
]


SESSION_FILE_ENV = "ANKIGEN_SESSION_FILE"
"""The default of ``--session-file`` for the commands that sync (sync, watch)."""

SHOWN_PER_MESSAGE = 3
"""The same message (at other places) is printed this many times, then counted in one line."""


def print_diagnostics(diagnostics: Iterable[Diagnostic], *, quiet: bool = False) -> int:
    """Print ``file:line: severity: message`` lines on stderr; returns how many errors there were.

    A message that comes back more than :data:`SHOWN_PER_MESSAGE` times is printed that often, then
    once more as a count, so thousands of the same warning do not bury the rest."""
    errors = 0
    seen: dict[tuple[str, str], int] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            errors += 1
        if quiet and diagnostic.severity != "error":
            continue
        key = (diagnostic.severity, diagnostic.message)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= SHOWN_PER_MESSAGE:
            print(str(diagnostic), file=sys.stderr)
    for (severity, message), count in seen.items():
        if count > SHOWN_PER_MESSAGE:
            shown = message if len(message) <= 100 else message[:99] + "…"
            print(
                f"ankigen: {severity}: {count - SHOWN_PER_MESSAGE} more of the same {severity} not shown: {shown}",
                file=sys.stderr,
            )
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


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``-q``/``-v`` and ``--config``, shared by the commands that read notes."""
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="also say where settings came from and what each file gave"
    )
    add_config_option(parser)


def add_config_option(parser: argparse.ArgumentParser, note: str = "") -> None:
    """``--config FILE``: the settings file, for every command that builds notes."""
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: ankigen.toml or [tool.ankigen] in pyproject.toml, found from the notes)"
        + (f"; {note}" if note else ""),
    )


def add_state_option(parser: argparse.ArgumentParser) -> None:
    """``--state FILE`` for the commands that build as ``ankigen build`` does, then import (sync, watch)."""
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="the build state file, as for `ankigen build` (default: .ankigen-state.json in the first input folder)",
    )


def load_settings(args: argparse.Namespace) -> Config:
    """The settings for ``args.paths`` (and ``--config``); says where they came from with ``-v``."""
    from ..config import load_config

    config = load_config(args.paths, args.config)
    if args.verbose:
        print(f"ankigen: settings from {config.source or 'defaults (no ankigen.toml found)'}", file=sys.stderr)
    return config


LONG_BUILD_FILES = 100
"""From this many files on, the package takes long enough to write that the bar is worth showing."""


@contextlib.contextmanager
def progress_bar(args: argparse.Namespace) -> Iterator[Progress | None]:
    """A progress bar on stderr, only when stderr is a terminal and not ``--quiet``.

    The bar appears only once a build has taken half a second, so quick builds print nothing extra.
    """
    if args.quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bars: list[tqdm[NoReturn]] = []

    def update(done: int, total: int, path: str) -> None:
        if not bars:
            bars.append(tqdm(total=total, unit="file", file=sys.stderr, delay=0.5, leave=False, dynamic_ncols=True))
        bar = bars[0]
        if path.startswith("writing "):
            bar.set_postfix_str(f"writing {Path(path[8:]).name}", refresh=False)
        elif path:
            bar.set_postfix_str(path if len(path) <= 40 else "…" + path[-39:], refresh=False)
        bar.update(done - bar.n)
        if path.startswith("writing ") and (total >= LONG_BUILD_FILES or bar.format_dict["elapsed"] >= 0.5):
            bar.refresh()  # writing a big package takes a while and sends no updates: show the bar now

    try:
        yield update
    finally:
        for bar in bars:
            bar.close()


def print_file_counts(result: BuildResult) -> None:
    """``-v``: how many notes each file gave, on stderr."""
    counts = result.counts().files
    for path in result.files:
        print(f"{path}: {counts.get(path, 0)} notes", file=sys.stderr)
