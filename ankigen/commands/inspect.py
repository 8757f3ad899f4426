"""``ankigen inspect PATH... [--format table|json] [--explain]``: show the notes a build would make.

The JSON form is a contract: one array, one object per note:
``{"kind", "guid", "deck", "tags", "source": {"path", "line"}, "fields": {name: html}}`` with
fields in note-type order, the first field being the prompt.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankigen.patterns import HTML_TAG

from . import add_output_options, add_paths_argument, load_settings, print_diagnostics, print_file_counts, progress_bar

if TYPE_CHECKING:  # the pipeline is imported by run, not by `inspect --help`
    from ..extract import Skipped
    from ..model import Note
    from ..pipeline import BuildResult

EXAMPLES = """examples:
  ankigen inspect notes/                       a table: file, line, kind, prompt -> answer
  ankigen inspect notes/aws.md --explain       also what made no card, and why (with a reason code)
  ankigen inspect notes/ --format json | jq '.[] | select(.kind == "cloze")'

exit status: 0 notes found, 1 none found, 2 bad usage or bad settings
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "inspect",
        help="show the notes found, without writing a package",
        description="Show the notes ankigen finds in Markdown notes, with file:line.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths_argument(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output format (default table)")
    parser.add_argument("--explain", action="store_true", help="also list candidates that made no card, and why")
    add_output_options(parser)
    parser.set_defaults(func=run)


def note_to_json(note: Note, source_path: str | None = None) -> dict[str, object]:
    """``source_path``: the note's file relative to the notes root (as in its Source field), so the
    JSON is the same from any working folder; by default the path as shown in messages."""
    return {
        "kind": note.kind.value,
        "guid": note.guid,
        "deck": note.deck,
        "tags": list(note.tags),
        "source": {"path": note.span.path if source_path is None else source_path, "line": note.span.line},
        "fields": dict(note.fields),
    }


def _plain(html_text: str, width: int) -> str:
    """A field as one line of text as the card shows it (``<file>``, not ``&lt;file&gt;``), cut at ``width``."""
    text = " ".join(html.unescape(HTML_TAG.sub(" ", html_text)).split())
    out = []
    used = 0
    for char in text:
        size = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + size > width:
            out.append("…")
            break
        out.append(char)
        used += size
    return "".join(out)


_WHOLE_SPAN_CODES = frozenset(
    {
        "in-details", "sentence-left-out", "cloze-context", "no-card-shape", "bare-name", "code", "html",
        "image", "link-only", "non-study-section", "details-cut", "diagram", "math",
    }
)  # fmt: skip
"""Codes whose explain line speaks for every line of its span: text no card uses (a paragraph's
statements, a code block, a run of names), or sentences of several lines grouped under one reason. A
rejected candidate's span is the candidate's (an item with children that may be cards of their own),
so it is cited by its first line only."""


def explain_lines(skipped: Skipped) -> str:
    """Where an explain line points: its line, or its first and last (``12–14``) when it speaks for
    several lines (a paragraph of statements none of which is a card, sentences grouped under one
    reason), so a line inside the run is not read as left out without a word."""
    span = skipped.span
    whole = span.end_line > span.line and skipped.code in _WHOLE_SPAN_CODES
    return f"{span.line}–{span.end_line}" if whole else str(span.line)


def _print_table(result: BuildResult, explain: bool) -> None:
    by_file: dict[str, list[Note]] = {}
    for note in result.notes:
        by_file.setdefault(note.span.path, []).append(note)
    for path in result.files:
        notes = by_file.get(path, [])
        print(f"{path}: {len(notes)} notes")
        rows: list[tuple[int, str]] = []
        for note in notes:
            answer = note.fields[1][1] if len(note.fields) > 1 and note.kind.value != "cloze" else ""
            row = f"  {note.span.line:>5}  {note.kind.value:<10}  {_plain(note.prompt, 40)}"
            rows.append((note.span.line, f"{row}  →  {_plain(answer, 60)}" if answer else row))
        if explain:  # skipped candidates in line order among the notes, so the reason sits in place
            rows.extend(
                (n.span.line, f"  {n.span.line:>5}  rejected    {_plain(n.prompt, 40)}  (rejected: {n.guid})")
                for n in result.rejected
                if n.span.path == path
            )
            rows.extend(
                (s.span.line, f"  {explain_lines(s):>5}  skipped     {_plain(s.text, 40)}  ({s.code}: {s.reason})")
                for s in result.skipped
                if s.span.path == path
            )
        for _, row in sorted(rows, key=lambda pair: pair[0]):
            print(row)


def run(args: argparse.Namespace) -> int:
    from ..config import notes_root
    from ..pipeline import build_notes, source_name

    config = load_settings(args)
    with progress_bar(args) as progress:
        result = build_notes([Path(path) for path in args.paths], config=config, progress=progress)
    print_diagnostics(result.diagnostics, quiet=args.quiet)
    if args.verbose:
        print_file_counts(result)
    if args.format == "json":
        root = notes_root(args.paths)
        relative = {
            shown: source_name(Path(shown), source.path, root)
            for shown, source in zip(result.files, result.sources, strict=True)
        }
        ordered = sorted(result.notes, key=lambda n: (n.span.path, n.span.line))
        payload: Any = [note_to_json(note, relative.get(note.span.path)) for note in ordered]
        if args.explain:
            for skipped in result.skipped:
                print(f"{skipped.span}: skipped [{skipped.code}]: {skipped.text!r}: {skipped.reason}", file=sys.stderr)
            for note in result.rejected:
                print(f"{note.span}: rejected: {note.guid} {note.kind.value} {note.prompt!r}", file=sys.stderr)
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(result, args.explain)
    return 0 if result.notes else 1
