"""``ankigen review [PATH...] [--all]``: go through the new and changed notes one by one, like
``git add -p``, and keep, reject, skip or edit each. Every decision is saved as it is made."""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ankigen.patterns import HTML_TAG, lazy_compile

from ..config import Config
from ..curate import record_rejections
from ..model import Note, NoteKind
from ..pipeline import build_notes
from ..rejections import rejection_for, rejections_file
from ..reviewed import REVIEWED_FILE_NAME, due_for_review, load_reviewed, save_reviewed
from ..state import note_hash
from . import add_config_option, add_paths_argument, load_settings, print_diagnostics

EXAMPLES = """keys:
  k  keep: the card is good; not asked again until the note changes
  r  reject: never build, export or sync this note (`ankigen reject --undo GUID` brings it back)
  s  skip: decide later; asked again next time
  e  edit: open $VISUAL or $EDITOR at the note's line, then show the note again
  q  quit: stop here; what was decided so far is saved

examples:
  ankigen review                 the notes of notes/ that are new or changed since the last review
  ankigen review notes/aws.md    one file
  ankigen review --all           every note

exit status: 0 done (or quit), 2 not on a terminal or bad usage
"""

PROMPT = "Keep this card? [k]eep [r]eject [s]kip [e]dit [q]uit [?]help: "
HELP = "k keep (good card), r reject (never build it), s skip (ask next time), e edit in $EDITOR, q quit"

_BREAKS = lazy_compile(r"<br\s*/?>|</(?:p|div|li|tr|h\d|pre)>", re.IGNORECASE)
_CELLS = lazy_compile(r"</t[dh]>", re.IGNORECASE)
_CLOZE = lazy_compile(r"\{\{c\d+::((?:[^{}]|\{(?!\{)|\}(?!\}))*?)(?:::((?:[^{}]|\{(?!\{)|\}(?!\}))*?))?\}\}")
_HIDDEN_FIELDS = frozenset({"Source"})


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "review",
        help="go through new and changed notes: keep, reject, skip or edit each",
        description="Show each note that is new or changed since the last review, front and back as text "
        "with its file:line, and ask: keep, reject, skip, edit or quit. Needs a terminal.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths_argument(parser)
    parser.add_argument("--all", action="store_true", help="review every note, not only new and changed ones")
    add_config_option(parser, "give the one the build uses, or GUIDs will not match")
    parser.set_defaults(func=run, quiet=False, verbose=False)


def plain(field_html: str, *, cloze: str = "") -> str:
    """A field as text; clozes as ``[...]`` (``cloze="front"``) or ``[answer]`` (``"back"``)."""
    if cloze:
        field_html = _CLOZE.sub(lambda m: f"[{(m.group(2) or '...') if cloze == 'front' else m.group(1)}]", field_html)
    text = _CELLS.sub(" | ", _BREAKS.sub("\n", field_html))
    text = html.unescape(HTML_TAG.sub("", text))
    lines = (" ".join(line.split()).rstrip(" |") for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def describe(note: Note, position: str, status: str) -> str:
    """The note as the terminal shows it: where, what, front and back."""
    indent = "         "
    out = [f"{position} {note.span}  {note.kind.value}  ({status})"]
    cloze = note.kind is NoteKind.CLOZE
    front = plain(note.prompt, cloze="front" if cloze else "")
    out.append("  Front: " + front.replace("\n", "\n" + indent))
    back: list[str] = []
    if cloze:
        back.append(plain(note.prompt, cloze="back"))
    for name, value in note.fields[1:]:
        text = plain(value)
        if text and name not in _HIDDEN_FIELDS:
            back.append(f"{name}: {text}")
    for number, text in enumerate(back):
        label = "  Back:  " if number == 0 else indent
        out.append(label + text.replace("\n", "\n" + indent))
    return "\n".join(out)


@contextlib.contextmanager
def _single_keys() -> Iterator[None]:
    """Keys are read one at a time, without Enter (as ``git add -p`` with interactive.singleKey),
    for the whole session: a key pressed early is kept for the next question, not lost."""
    try:
        import termios
        import tty
    except ImportError:  # not a POSIX terminal: keys are read a line at a time
        yield
        return
    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    try:
        tty.setcbreak(descriptor, termios.TCSANOW)
        yield
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)


@contextlib.contextmanager
def _line_mode() -> Iterator[None]:
    """The terminal as it was before the review, while the editor runs."""
    try:
        import termios
    except ImportError:
        yield
        return
    descriptor = sys.stdin.fileno()
    current = termios.tcgetattr(descriptor)
    restored = list(current)
    restored[3] = current[3] | termios.ICANON | termios.ECHO
    termios.tcsetattr(descriptor, termios.TCSANOW, restored)
    try:
        yield
    finally:
        termios.tcsetattr(descriptor, termios.TCSANOW, current)


def _read_key() -> str:
    """One key, lower-cased; ``q`` at the end of input. Line ends are passed over, for terminals
    read a line at a time."""
    key = "\n"
    while key in ("\r", "\n"):
        key = sys.stdin.read(1)
        if not key:
            return "q"
    print(key)
    return key.lower()


def _edit(note: Note) -> None:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    command = [*shlex.split(editor), f"+{note.span.line}", note.span.path]
    try:
        with _line_mode():
            subprocess.run(command, check=False)
    except OSError as exc:
        print(f"could not start the editor {editor!r} ({exc}); set $EDITOR", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "ankigen review: needs a terminal, since it asks about each note; "
            "in a script, use `ankigen reject TARGET` (and `ankigen inspect` to find the targets)",
            file=sys.stderr,
        )
        return 2
    paths = [Path(path) for path in args.paths]
    config = load_settings(args)
    rejections = rejections_file(paths)
    assert rejections is not None
    record = rejections.parent / REVIEWED_FILE_NAME
    reviewed = load_reviewed(record)
    decided: set[str] = set()
    counts = {"kept": 0, "rejected": 0, "skipped": 0}
    with _single_keys():
        queue = _session(args, paths, config, reviewed, record, rejections, decided, counts)
    if not decided and not queue:
        print("nothing to review: no note is new or changed since the last review (--all reviews every note)")
        return 0
    left = len(due_for_review(build_notes(paths, config=config).notes, reviewed))
    summary = ", ".join(f"{count} {what}" for what, count in counts.items())
    print(f"reviewed: {summary}; {left} note(s) new or changed and not kept yet")
    return 0


def _session(
    args: argparse.Namespace,
    paths: list[Path],
    config: Config,
    reviewed: dict[str, str],
    record: Path,
    rejections: Path,
    decided: set[str],
    counts: dict[str, int],
) -> list[Note]:
    """Ask until every due note was answered, or quit; returns the last queue."""
    diagnostics_shown = False
    while True:
        result = build_notes(paths, config=config)
        if not diagnostics_shown:
            print_diagnostics(result.diagnostics, quiet=True)
            diagnostics_shown = True
        queue = [note for note in due_for_review(result.notes, reviewed, every=args.all) if note.guid not in decided]
        if not queue:
            break
        edited = _review(queue, reviewed, record, rejections, decided, counts, total=len(queue))
        if not edited:
            break
    return queue


def _review(
    queue: list[Note],
    reviewed: dict[str, str],
    record: Path,
    rejections: Path,
    decided: set[str],
    counts: dict[str, int],
    *,
    total: int,
) -> bool:
    """Ask about each note of ``queue``; True when a note was edited (the caller rebuilds and goes on)."""
    for index, note in enumerate(queue, start=1):
        status = "changed" if note.guid in reviewed else "new"
        print()
        print(describe(note, f"({index}/{total})", status))
        while True:
            print(PROMPT, end="", flush=True)
            try:
                key = _read_key()
            except KeyboardInterrupt:
                key = "q"
            if key == "k":
                reviewed[note.guid] = note_hash(note)
                save_reviewed(record, reviewed)
                decided.add(note.guid)
                counts["kept"] += 1
            elif key == "r":
                record_rejections(rejections, [rejection_for(note, rejections)])
                decided.add(note.guid)
                counts["rejected"] += 1
                print(f"rejected {note.guid} (`ankigen reject --undo {note.guid}` brings it back)")
            elif key == "s":
                decided.add(note.guid)
                counts["skipped"] += 1
            elif key == "e":
                _edit(note)
                return True
            elif key == "q":
                return False
            else:
                print(HELP)
                continue
            break
    return False
