"""Make a packet for a blind judge: the notes, the cards built from them, and what made no card.

The judge (someone who did not write the extractors) reads only ``../shared/quality/JUDGING.md``
and this packet, never the code. Run from the repository root::

    PYTHONPATH=. python benchmarks/judge_packet.py OUT_DIR FILE... [--sample 40] [--seed 1]

For each note file it writes ``OUT_DIR/<name>/notes.md`` (a copy of the file, its lines numbered
as the cards cite them), ``cards.txt`` (every card, or a uniform random sample of ``--sample``
of them drawn with ``random.Random(seed)`` over the build order, each with its ``file:line``, the
front as the card shows it — context line and prompt — and the back), and ``explain.txt`` (every
candidate that made no card, with its line and reason code, as ``ankigen inspect --explain``
lists them), and ``fronts.txt`` (every card's front, sampled or not, to tell a missing fact from
one asked by a card outside the sample). The sample size and seed are written at the top of
``cards.txt`` so a figure can say what it was measured on.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import shutil
from pathlib import Path

import ankigen
from ankigen import Note
from ankigen.commands.inspect import explain_lines

# a block element starts and ends a line, as Anki shows it (a paragraph inside a list item is not
# glued to the item's first words)
_BREAK = re.compile(r"</?(?:br|p|div|ul|ol|pre|table|blockquote)\b[^>]*>|<(?:/li|/tr|/h\d|/dd)\b[^>]*>", re.IGNORECASE)
_TERM_END = re.compile(r"</dt>", re.IGNORECASE)
_CELL = re.compile(r"</t[dh]>", re.IGNORECASE)
_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def text_of(fragment: str) -> str:
    """HTML of a field as the plain text a learner reads (line breaks kept, `[...]` for cells, an
    image as ``[image]``: the card shows it, so a bullet holding one is not empty)."""
    fragment = _IMAGE.sub("[image]", fragment)
    fragment = _ITEM.sub("\n• ", _CELL.sub(" | ", _TERM_END.sub(": ", _BREAK.sub("\n", fragment))))
    lines = (" ".join(line.split()) for line in html.unescape(_TAG.sub("", fragment)).splitlines())
    return "\n".join(line for line in lines if line)


def card_text(index: int, note: Note) -> str:
    fields = note.field_map
    context = text_of(fields.get("Context", ""))
    prompt = text_of(note.prompt)
    rows = [f"#{index} {note.kind.value} line {note.span.line}"]
    if context:
        rows.append(f"  context: {context}")
    topic = text_of(fields.get("Topic", "")) if note.kind.value == "comparison" else ""
    if topic:
        rows.append(f"  topic:   {topic}")  # the comparison card shows its topic on the front, above the entity
    if note.kind.value == "cloze":
        # each gap keeps its number: Anki makes one card per number, which hides that number's gaps
        # and shows the others, so `[...c1] [...c2]` is two cards of one gap each, `[...c1] [...c1]`
        # one card hiding both; without the numbers a reader cannot tell the two apart
        # the gaps are read from the field's HTML, as Anki reads them: in plain text a gap holding
        # ``<code>${var}</code>`` would close at the brace (``${var}}}``) and look mangled
        shown = text_of(_CLOZE.sub(lambda match: f"[...c{match.group(1)}]", note.prompt))
        hidden = [f"c{match.group(1)}: {text_of(match.group(2))}" for match in _CLOZE.finditer(note.prompt)]
        rows.append("  front:   " + shown.replace("\n", "\n" + " " * 11))
        rows.append(f"  hidden:  {' ; '.join(hidden)}")
        answer_fields: tuple[str, ...] = ("Extra", "Details")
    else:
        rows.append("  front:   " + prompt.replace("\n", "\n" + " " * 11))
        answer_fields = tuple(
            name for name, _ in note.fields[1:] if name not in ("Context", "Source", "Reverse", "Topic")
        )
    for name in answer_fields:
        value = text_of(fields.get(name, ""))
        if value:
            label = f"  {name.lower():<8} "
            # a continuation line starts under the value's first character, so a second bullet
            # reads as part of the same back
            rows.append(label + value.replace("\n", "\n" + " " * len(label)))
    return "\n".join(rows)


def write_packet(out: Path, path: Path, sample: int, seed: int) -> tuple[int, int]:
    result = ankigen.build_notes([path])
    notes = list(result.notes)
    chosen = (
        sorted(random.Random(seed).sample(range(len(notes)), sample))
        if len(notes) > sample
        else list(range(len(notes)))
    )
    folder = out / path.stem
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, folder / "notes.md")
    shown = (
        f"a sample of {len(chosen)} (random.Random({seed}).sample over the build order)"
        if len(chosen) < len(notes)
        else "all"
    )
    header = (
        f"# Cards built from {path.name}: {len(notes)} notes; shown here: {shown}"
        + "\n# '#N' is the note's position in the build order; 'line' is its line in notes.md."
        + "\n# A cloze note is one card per gap number: card cN hides the gaps marked [...cN] and shows"
        + "\n# the text of the other gaps, so `[...c1] [...c2] [...c3]` is three cards of one gap each.\n"
    )
    (folder / "cards.txt").write_text(header + "\n" + "\n\n".join(card_text(i, notes[i]) for i in chosen) + "\n")
    fronts = [f"#{i} {note.kind.value} line {note.span.line}: {text_of(note.prompt)}" for i, note in enumerate(notes)]
    fronts_header = "# Every card's front, for checking what is missing\n"
    (folder / "fronts.txt").write_text(fronts_header + "\n".join(fronts) + "\n")
    explain = [f"line {explain_lines(item)}: {item.reason}: {item.text}" for item in result.skipped]
    (folder / "explain.txt").write_text(
        "# Candidates that made no card, and why (ankigen inspect --explain)\n" + "\n".join(explain) + "\n"
    )
    return len(notes), len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--sample", type=int, default=40, help="cards per file at most (default 40)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for path in args.files:
        total, shown = write_packet(args.out, path, args.sample, args.seed)
        print(f"{path.name}: {total} notes, {shown} in the packet")


if __name__ == "__main__":
    main()
