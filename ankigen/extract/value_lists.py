"""Value lists: a short lead-in line (``usable ranges:``, ``使えないアドレス:``) over a code block whose
every line is one value (an address, a range, a number) with at most a label in brackets
(``224.0.0.0/4 (Multicast)``) is a list of facts written in a fixed-width font, not a command: one
cloze, a gap per value, its label shown as the cue.

Notes put such tables of ranges or reserved values in a code block to line them up; as code they
made no card at all. A block with any line of another shape (a word, a command, a key = value
line) is still code and keeps its ``--explain`` line.
"""

from __future__ import annotations

import html

from ..model import CodeBlock, Document, NoteKind, Paragraph
from ..patterns import lazy_compile
from . import ExtractContext, register
from .clozes import cloze_key
from .common import clean_term, cloze_gap, study_sections
from .recital import QUALIFIER
from .vocabulary import MAX_LIST_GAPS

_VALUE_LINE = lazy_compile(r"^(?P<value>\d[\d.:/]*(?:\s*[-–~]\s*\d[\d.:/]*)?)\s*(?P<label>[(（][^()（）]{1,40}[)）])?$")
MAX_LEAD_IN_CHARS = 40
"""A lead-in longer than this is a sentence of its own, not the label of the values under it."""


def _values(block: CodeBlock) -> list[tuple[str, str]] | None:
    """(value, label) of each line of a block of values, or None when a line is anything else."""
    lines = [line.strip() for line in block.text.splitlines() if line.strip()]
    found = [_VALUE_LINE.match(line) for line in lines]
    if not 2 <= len(lines) <= MAX_LIST_GAPS or any(match is None for match in found):
        return None
    return [(match.group("value"), match.group("label") or "") for match in found if match is not None]


@register("value-lists", order=26)
def extract_value_lists(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        if not section.level:
            continue  # no heading to say what the values are
        for lead, block in zip(section.blocks, section.blocks[1:], strict=False):
            if not isinstance(lead, Paragraph) or not isinstance(block, CodeBlock) or context.claimed(block):
                continue
            text = " ".join(lead.text.split())
            if not text.endswith((":", "：")) or len(text) > MAX_LEAD_IN_CHARS:
                continue
            values = _values(block)
            if values is None:
                continue
            rows = "".join(
                f"<li>{cloze_gap(number, html.escape(value))}{' ' + html.escape(label) if label else ''}</li>"
                for number, (value, label) in enumerate(values, 1)
            )
            context.emit(
                NoteKind.CLOZE,
                cloze_key([value for value, _ in values]),
                lead.span.at(lead.span.line, block.span.end_line),
                {"Text": f"{html.escape(clean_term(section.title))}{QUALIFIER}{html.escape(text)}<ul>{rows}</ul>"},
                section=section,
                source=block,
            )
            context.claim(lead, block)
