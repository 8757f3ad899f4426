"""No silent drops: after selection, every line of content that no note spans and no rejection
names gets an ``inspect --explain`` entry with a reason code saying why it made no card.

This is the last word of extraction, not an extractor: it proposes nothing. It walks the typed
blocks (paragraphs, each list item's own lines, table rows, code, raw HTML, quotes) and, for each
part with lines that nothing covers, records a :class:`~ankigen.extract.selection.Skipped` whose
code names the shape found (``non-study-section``, ``in-details``, ``details-cut``, ``code``, ``link-only``,
``image``, ``bare-name``, ``no-card-shape``), so a user can see what to change to get a card.
"""

from __future__ import annotations

import bisect
import html
import operator
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from ankigen.patterns import HTML_TAG, lazy_compile

from ..model import (
    Block,
    CodeBlock,
    Document,
    Inlines,
    ListBlock,
    ListItem,
    Note,
    NoteKind,
    Paragraph,
    Quote,
    RawBlock,
    Section,
    Span,
    Table,
)
from .common import (
    NOT_WORD,
    breadcrumb_link,
    code_lines,
    excerpt,
    file_scoped,
    has_cjk,
    is_fenced,
    is_group_heading,
    is_non_study_term,
    iter_items,
    navigation_link,
    opens_with_connective,
    reference_only,
    sentence_like,
    split_lines,
    study_sections,
    table_as_read,
)
from .details_field import scenario_text
from .selection import Skipped
from .vocabulary import EXCLAIMED_ASIDE, EXPLAIN_QUOTE_CHARS, MIN_SENTENCE_CHARS, SAME_TEXT_RATIO

__all__ = ["explain_uncovered"]

_DIAGRAM_FENCE = lazy_compile(r'class="language-(?:mermaid|plantuml|dot|graphviz)"')
# An arrow's label in a mermaid diagram: ``A -->|Bob can read down| B``, ``A -- text --> B``.
_EDGE_LABEL = lazy_compile(r"(?:-->|-\.->|==>|---|-\.-|\.->)\s*\|([^|\n]+)\||--\s+([^->\n|][^->\n]*?)\s+-->")


def _diagram_reason(text: str) -> str:
    """Why a diagram block makes no card, naming the facts only its arrows state, so a learner sees
    what the picture holds that no card asks."""
    labels: list[str] = []
    for match in _EDGE_LABEL.finditer(text):
        label = " ".join((match.group(1) or match.group(2) or "").split())
        if label and label not in labels:
            labels.append(label)
    if not labels:
        return "a diagram (drawn by its renderer): what it shows is in the picture, not in words; no card"
    said = "; ".join(labels[:6]) + ("; …" if len(labels) > 6 else "")
    return (
        f"a diagram whose arrows state facts only in the picture ({said}); no card asks them: "
        "write the rule they show as a sentence (`- **Rule**: …`) to get a card"
    )


_URL_ONLY = lazy_compile(r"^\s*(?:<?https?://\S+>?\s*)+$")
# a Liquid/Jinja tag alone on its line (``{% raw %}``, ``{% endraw %}``): markup for a site generator
_TEMPLATE_TAG = lazy_compile(r"^\s*\{%-?\s*\w+[^%]*-?%\}\s*$")


def explain_uncovered(document: Document, notes: Sequence[Note], skipped: Sequence[Skipped]) -> list[Skipped]:
    """A :class:`Skipped` for each block part whose lines no note and no rejection covers."""
    covered: set[int] = set()
    for span in [note.span for note in notes]:
        if span.path == document.path:
            covered.update(range(span.line, max(span.line, span.end_line) + 1))
    # a bullet nested in a card's span speaks through that card only when the card shows its text
    # (on the back or in Details): one left off (a cut Details) is explained on its own line
    texts = _NoteTexts()
    covered -= _nested_items_not_shown(document, notes, texts)
    covered -= _nested_code_not_shown(document, notes, texts)
    # a rejected list item names its own lines, not its children's: a child that made no card of
    # its own is explained on its own line, never hidden under its parent's rejection
    own_end = _item_own_ends(document)
    # a rejected heading quotes its title only: unless the rejection speaks for its section (a trim
    # of its card, items carded, a copy), each line under it is explained on its own
    titles = {section.span.line for section in document.sections if section.level}
    spoken = [
        entry if entry.code in _SECTION_CODES else _title_only(entry, titles)
        for entry in skipped
        if entry.span.path == document.path
    ]
    # a trim of a card speaks for what the card still shows (moved to Details), not for a line cut
    # off it altogether (an item of a heading's list past the Details limit): that one is named on
    # its own line (``details-cut``), never only by the trim
    cut_of = _lines_cut_off(document, notes, spoken, texts)
    for entry in spoken:
        span = entry.span
        last = min(max(span.line, span.end_line), own_end.get(span.line, span.end_line))
        if entry.code == "not-a-term":
            last = span.line  # it rejects the text before the colon as a front: the lines after it speak for themselves
        covered.update(line for line in range(span.line, max(span.line, last) + 1) if line not in cut_of)
    study = {id(section) for section in study_sections(document)}
    note_lines = {note.span.line for note in notes if note.span.path == document.path}
    # what each card's Details show, to tell a bullet shown there from one left off (details-cut)
    # (each block of them, a bullet, a paragraph's line, a cell, on a line of its own: a short bullet
    # counts as shown only as a whole block there, never as the opening words of another one)
    shown: dict[int, str] = {}
    for note in notes:
        if note.span.path == document.path:
            shown[note.span.line] = shown.get(note.span.line, "") + "\n" + _shown_blocks(note)
    found: list[Skipped] = []
    # a bullet whose card (its child bullets as the answer) was dropped as a copy of an earlier card:
    # its children that made no card of their own say so, not that they have no shape to ask
    dropped = {entry.span.line: entry.reason for entry in spoken if entry.code == "near-duplicate"}
    # what the cards at each line say (fronts, backs, Details), for a child of a dropped bullet that
    # the card kept says already, or was given (selection: a near-duplicate's added line)
    asked: dict[int, set[str]] = {}
    if dropped:
        for note in notes:
            if note.span.path == document.path:
                said = _note_text(note) + " " + _note_text(note, details=True)
                asked.setdefault(note.span.line, set()).update(_pair_set(said))
    # what the cards at each line ask, compacted: a plain line just under a card that only the card's
    # Details show is named as in them, on its own line (see :meth:`_Walker._details_card`)
    # (each line's text is made when a walk first asks for it: most lines of cards are never asked)
    asks_at = _AsksAt()
    for note in notes:
        if note.span.path == document.path:
            asks_at.notes_at.setdefault(note.span.line, []).append(note)
    for section in document.sections:
        walker = _Walker(covered, found, id(section) not in study, note_lines, shown, cut_of, dropped, asked, asks_at)
        walker.task = section.title.strip() if _TASK_HEADING.search(section.title.strip()) else ""
        walker.heading = (
            section.title.strip() if section.level and len(section.title.strip()) <= EXPLAIN_QUOTE_CHARS else ""
        )
        for block in section.blocks:
            walker.block(block)
    # a trim of a card's answer speaks for the rest of its lines; another rejection, only for its own text
    # (an entry found above explains its lines as they are, whole)
    named = {line for entry in found for line in range(entry.span.line, entry.span.end_line + 1)}
    # (a rejected list item, again, speaks for its own lines only, not for its children's)
    named.update(
        line
        for entry in spoken
        if entry.code in _WHOLE_LINE_CODES or entry.span.end_line > entry.span.line
        for line in range(
            entry.span.line, min(entry.span.end_line, own_end.get(entry.span.line, entry.span.end_line)) + 1
        )
        if line not in cut_of
    )
    rejected: dict[int, list[str]] = {}
    for entry in skipped:
        rejected.setdefault(entry.span.line, []).append(_GAP_MARK.sub(" ", entry.text))
    # the notes citing each line, in build order, found once rather than per line of prose
    citing: dict[int, list[Note]] = {}
    for note in notes:
        if note.span.path == document.path:
            for line in range(note.span.line, max(note.span.line, note.span.end_line) + 1):
                citing.setdefault(line, []).append(note)
    # a list item's first line opens another block: its sentences are never grouped with the ones above
    item_starts = {item.span.line for section in document.sections for item, _ in iter_items(section.blocks)}
    for section in document.sections:
        if id(section) in study:
            for span, text in _text_lines(section.blocks):
                found.extend(_sentences_left_out(span, text, citing, named, rejected, texts, item_starts))
                found.extend(_names_beside_gaps(span, text, citing, rejected))
                found.extend(_glosses_beside_gaps(span, text, citing, rejected))
            found.extend(_row_cells_in_details(section.blocks, citing, named, rejected, texts))
    found.extend(_labels_on_fronts(notes, document.path, item_starts))
    found.extend(_headings_over_nothing(document, study, covered | named, note_lines, [*spoken, *found]))
    return _grouped(found, item_starts)


def _headings_over_nothing(
    document: Document, study: set[int], covered: set[int], note_lines: set[int], entries: Sequence[Skipped] = ()
) -> list[Skipped]:
    """A heading under which nothing made a card, and which no card or rejection names itself: the
    title is explained on its line (``heading-no-card``), since an author who writes facts as headings
    (``### VLAN IDs are 12 bits long``, a heading with nothing or only images under it) would otherwise
    lose them with no word. A heading over a carded line is shown as those cards' context. The reason
    says what is under it (nothing, only headings, only code, or text a card elsewhere asks), so the
    learner sees why (see :func:`_heading_reason`)."""
    sections = document.sections
    found: list[Skipped] = []
    for index, section in enumerate(sections):
        line = section.span.line
        if not section.level or id(section) not in study or line in covered or not section.title.strip():
            continue
        end = next(
            (later.span.line - 1 for later in sections[index + 1 :] if later.level <= section.level),
            None,
        )
        if any(line <= start and (end is None or start <= end) for start in note_lines):
            continue
        below = [
            later
            for later in sections[index + 1 :]
            if later.span.line > line and (end is None or later.span.line <= end)
        ]
        inside = [entry for entry in entries if line < entry.span.line and (end is None or entry.span.line <= end)]
        reason = _heading_reason(section, below, inside, line, end)
        found.append(Skipped(section.span.at(line, line), section.title, reason, "heading-no-card"))
    return found


_IMPERATIVE = lazy_compile(
    r"^(?:create|get|add|delete|list|run|write|set|make|install|configure|use|find|check|change|remove|update|show|"
    r"edit|copy|move|rename)\s",
    re.IGNORECASE,
)
"""A heading that orders a task (``Create a busybox pod …``, ``Get pods on all namespaces``): an exercise."""
_CARD_NAMED = lazy_compile(r"(?:kept: line|card at line|cloze at line) (\d+)")
_HEADING_TAIL = "a heading only titles the text below it, so what it states is not asked"


def _heading_reason(
    section: Section, below: Sequence[Section], inside: Sequence[Skipped], line: int, end: int | None
) -> str:
    """Why a heading with no card under it has none, by what is under it."""
    blocks = [block for part in (section, *below) for block in part.blocks]
    if not section.blocks and below:
        return (
            "a heading that only groups the headings under it, and none of them made a card (each is explained on "
            f"its own line); {_HEADING_TAIL}"
        )
    if not blocks:
        if below:
            return (
                "a heading that only groups the headings under it, and none of them made a card (each line under "
                f"them is explained on its own); {_HEADING_TAIL}"
            )
        return "an empty heading: nothing is written under it before the next heading, so nothing is asked"
    elsewhere = sorted(
        {
            int(match.group(1))
            for entry in inside
            if (match := _CARD_NAMED.search(entry.reason))
            and not (line <= int(match.group(1)) and (end is None or int(match.group(1)) <= end))
        }
    )
    if inside and all(entry.code == "link-only" for entry in inside):
        return "a heading over links only (pages to read), which make no card; nothing under it is asked"
    if elsewhere:
        lines = ", ".join(map(str, elsewhere[:3])) + (", …" if len(elsewhere) > 3 else "")
        return (
            f"a heading whose text is asked or shown by the card at line {lines}, under another heading, so no card is "
            f"made under it; {_HEADING_TAIL}"
        )
    if (_TASK_HEADING.search(section.title.strip()) or _IMPERATIVE.match(section.title.strip())) and all(
        isinstance(block, (CodeBlock, RawBlock))
        or (isinstance(block, ListBlock) and block.ordered)
        or (isinstance(block, Paragraph) and len(block.text) <= _SHORT_TEXT * 5)
        for block in blocks
    ):
        return (
            "a task heading (how to do something) answered below by steps or commands, which make no card of their "
            "own (each is explained on its line); write `- Task: answer` under it to get one"
        )
    if all(isinstance(block, (CodeBlock, RawBlock)) for block in blocks):
        return f"a heading over code or raw HTML only, which makes no card; {_HEADING_TAIL}"
    return (
        f"a heading with no card under it: each line under it is explained on its own line; {_HEADING_TAIL}; "
        "write a fact as a bullet (`- Term: explanation`) for a card"
    )


_GROUPED_CODES = frozenset({"in-details", "sentence-left-out", "cloze-context"})


def _grouped(found: list[Skipped], item_starts: set[int]) -> list[Skipped]:
    """Sentence entries of one block that share their reason (the same code, about the same card),
    on one line or on lines that follow each other, as one entry spanning those lines and quoting
    every sentence (``L12–14 sentence-left-out (3 sentences)``): exact, and one line to read, not
    one per sentence of a long bullet."""
    out: list[Skipped] = []
    counts: list[int] = []
    for entry in found:
        last = out[-1] if out else None
        if (
            last is not None
            and entry.code in _GROUPED_CODES
            and entry.code == last.code
            and entry.reason == _one_reason(last.reason, counts[-1])
            and entry.span.path == last.span.path
            and last.span.line <= entry.span.line <= max(last.span.line, last.span.end_line) + 1
            and (entry.span.line == last.span.line or entry.span.line not in item_starts)
        ):
            count = counts[-1] + 1
            span = last.span.at(last.span.line, max(last.span.end_line, entry.span.end_line, entry.span.line))
            reason = _many_reason(entry.reason, count)
            out[-1] = Skipped(span, f"{last.text} / {entry.text}", reason, entry.code)
            counts[-1] = count
            continue
        out.append(entry)
        counts.append(1)
    return out


def _many_reason(reason: str, count: int) -> str:
    return f"{count} sentences{reason[len('a sentence') :]}" if reason.startswith("a sentence") else reason


def _one_reason(reason: str, count: int) -> str:
    prefix = f"{count} sentences"
    return f"a sentence{reason[len(prefix) :]}" if count > 1 and reason.startswith(prefix) else reason


def _row_cells_in_details(
    blocks: Sequence[Block],
    citing_line: dict[int, list[Note]],
    named: set[int],
    rejected: dict[int, list[str]],
    texts: _NoteTexts,
) -> list[Skipped]:
    """The cells of a table row whose cards show them but ask them nowhere: a cell shown only in
    a card's Details (an examples column, a value every entity shares) is ``in-details``, and a
    cell shown on a comparison's back beside the attribute its front asks (a ``備考`` remark that
    rides on the row's first note) is ``beside-answer``, each on the row's line; a cell continued
    on the lines below its row is explained on those lines. A cell that an entry of the row names
    already (``Entity › 備考``), that is only links (references), or that no card shows, is left to
    the entries that speak for it."""
    found: list[Skipped] = []
    for block in blocks:
        if isinstance(block, Quote):
            found.extend(_row_cells_in_details(block.children, citing_line, named, rejected, texts))
        elif isinstance(block, ListBlock):
            for item in block.items:
                found.extend(_row_cells_in_details(item.children, citing_line, named, rejected, texts))
        elif isinstance(block, Table):
            block = table_as_read(block)  # a header row that is data is its first row
            header = [_compact("".join(part.text for part in cell)) for cell in block.header]
            for index, row in enumerate(block.rows):
                span = block.row_span(index)
                cards = [note for note in citing_line.get(span.line, []) if note.span.line == span.line]
                continued = span.end_line > span.line
                if not cards or (continued and set(range(span.line + 1, span.end_line + 1)) & named):
                    continue
                entries = rejected.get(span.line, [])
                asked = _pair_set(" ".join(entries)).union(*(texts.of(note, texts.ASKED) for note in cards))
                # an entry of the row quoting ``Entity › attribute`` names that attribute's cell
                names = {_compact(part) for entry in entries for part in entry.split(_QUALIFIER)}
                for column, cell in enumerate(row[1:], start=1):
                    text = "".join(part.text for part in cell).strip()
                    if (
                        not NOT_WORD.sub("", text)
                        or (_held(text, asked) and _asked_word(text, entries, cards, texts))
                        or all(part.kind == "link" or not NOT_WORD.sub("", part.text) for part in cell)
                    ):
                        continue  # asked, or marks or links only (references, never on a card)
                    if (column < len(header) and header[column] in names) or _compact(text) in names:
                        continue
                    in_details = next((note for note in cards if _held(text, texts.of(note, texts.DETAILS))), None)
                    beside = next((note for note in cards if _held(text, texts.of(note, texts.BESIDE))), None)
                    where = span.at(span.line + 1, span.end_line) if continued else span.at(span.line)
                    if in_details is not None:
                        reason = (
                            f"a cell shown in the Details of the card at line {in_details.span.line} (examples, or a "
                            "value every row shares), never asked on its own"
                        )
                        found.append(Skipped(where, text, reason, "in-details"))
                    elif beside is not None and not continued:
                        reason = (
                            f"a cell shown on the back of the card at line {beside.span.line} beside the attribute its "
                            "front asks (a remark), never asked on its own"
                        )
                        found.append(Skipped(where, text, reason, "beside-answer"))
    return found


def _asked_word(cell: str, entries: list[str], cards: list[Note], texts: _NoteTexts) -> bool:
    """Whether a cell held by the row's asked text is asked as a word of its own: a short cell
    (``IP``, two or three letters) is held by any word that contains its letters (``TCP/IP`` of a
    column name), so it must be one of the asked words; a longer cell's pairs say enough."""
    compact = _compact(cell)
    if len(compact) > _SHORT_CELL:
        return True
    words = " ".join([*entries, *(texts.asked_text(note) for note in cards)]).split()
    return compact in {_compact(word) for word in words}


_SHORT_CELL = 3


def _text_lines(blocks: Sequence[Block]) -> list[tuple[Span, str]]:
    """Each line of prose under ``blocks`` with its span: a paragraph's lines and a list item's own
    lines, wherever they sit (in a quote, under an item, in a loose item's later paragraph). An
    image's alt text is no prose: the image goes with its card (its Image field) or is explained
    as an image."""
    found: list[tuple[Span, str]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found.extend(_own_lines(block.span, block.inlines, block.text, block.span.end_line))
        elif isinstance(block, ListBlock):
            for item in block.items:
                own_end = min((child.span.line - 1 for child in item.children), default=item.span.end_line)
                found.extend(_own_lines(item.span, item.inlines, item.text, max(item.span.line, own_end)))
                found.extend(_text_lines(item.children))
        elif isinstance(block, Quote):
            found.extend(_text_lines(block.children))
    return found


def _own_lines(span: Span, inlines: Inlines, text: str, last: int) -> list[tuple[Span, str]]:
    """The lines of a block's own text from ``span.line`` to ``last``, each without its images
    (none when the text does not map onto those lines one to one)."""
    texts = text.split("\n")
    per_line = split_lines(inlines)
    if span.line + len(texts) - 1 > last:
        return []
    if len(per_line) == len(texts):
        texts = ["".join(part.text for part in parts if part.kind != "image") for parts in per_line]
    return [(span.at(span.line + offset), line_text) for offset, line_text in enumerate(texts)]


_SENTENCE = lazy_compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z`\[(])")
_GAP_MARK = lazy_compile(r"\{\{c\d+::|::[^{}]*?\}\}|\}\}", needs=("{{c", "}}"))


def _line_sentences(line_text: str) -> list[str]:
    """The sentences of a source line that are long enough to explain on their own
    (:data:`~ankigen.extract.vocabulary.MIN_SENTENCE_CHARS` or more), each stripped: what
    :func:`_sentences_left_out` and :func:`_sentences_beside_rejection` check one by one."""
    return [sentence.strip() for sentence in _SENTENCE.split(line_text) if len(sentence.strip()) >= MIN_SENTENCE_CHARS]


_SHOWN_PREFIX = 60
"""How much of a bullet's text (compacted) must be in a card's Details for it to count as shown there."""


_BLOCK_BREAK = lazy_compile(
    r"</?(?:li|dd|dt|p|br|ul|ol|dl|tr|td|th|div|table|thead|tbody|blockquote|pre|h[1-6])\b[^<>]*>|\n", re.IGNORECASE
)


def _shown_blocks(note: Note) -> str:
    """The Details of ``note``, each block (a bullet's own text, a term or a value of a list of terms,
    a paragraph's line) compacted on a line of its own."""
    return "\n".join(
        compact
        for value in (value for name, value in note.fields if name == "Details")
        for part in _BLOCK_BREAK.split(value)
        if (compact := _compact(html.unescape(HTML_TAG.sub(" ", _GAP_MARK.sub(" ", part)))))
    )


def _shown_in(compact: str, blocks: str) -> bool:
    """Whether a bullet's text (compacted) is shown in ``blocks`` (see :func:`_shown_blocks`): its
    first :data:`_SHOWN_PREFIX` characters anywhere for a long one; a short one whole, from the start
    of a block to the end of one (``EC2``, a label over other bullets, is not shown by a bullet that
    opens ``EC2にインストールした…``; ``要約: …`` is, by its term and value)."""
    if not compact:
        return False
    if len(compact) >= _SHOWN_PREFIX:
        return compact[:_SHOWN_PREFIX] in blocks.replace("\n", "")
    if compact not in blocks.replace("\n", ""):
        return False
    # ``(?:^|\n)`` + the characters joined by ``\n?`` + ``(?:\n|$)`` without a pattern compiled for each
    # text: whole lines in a row, none of them empty, that make ``compact`` joined
    lines = blocks.split("\n")
    for first, line in enumerate(lines):
        if not line or not compact.startswith(line):
            continue
        rest = compact[len(line) :]
        for following in lines[first + 1 :]:
            if not rest or not following or not rest.startswith(following):
                break
            rest = rest[len(following) :]
        if not rest:
            return True
    return False


def _in_details_reason(card: int) -> str:
    """The reason for a line that only the Details of the card at line ``card`` show."""
    return (
        f"shown in the Details of the card at line {card}, never asked on its own; "
        "write it as `- **Term**: explanation` to get a card of its own"
    )


_READ_OUT_WINDOW = 6
"""How many lines below a card a plain line may be and still count as read out by it."""
_READ_OUT_MIN = 8
"""The least compacted length of a line matched to a card's text (shorter ones are in any text)."""

_SHORT_TEXT = 16
"""A text this short (compacted: a name, a label) has its character pairs inside most longer texts:
it counts as shown in a card's Details only as a whole block of them (see :func:`_shown_in`)."""


def _shown_whole(sentence: str, note: Note) -> bool:
    """Whether a short sentence (a name) is a whole block of ``note``'s Details; True for a longer one."""
    compact = _compact(sentence)
    return len(compact) >= _SHORT_TEXT or _shown_in(compact, _shown_blocks(note))


@file_scoped
@lru_cache(maxsize=4096)  # a line's sentences, a card's texts: each compacted for several checks of a file
def _compact(text: str) -> str:
    """Folded text without spaces and punctuation: the same words whatever the markup around them.

    (``fold``, whose collapsing of whitespace goes here with the punctuation, without a place in
    its cache for every card's whole text; whitespace is split off first, as one match of the
    pattern per word costs more than the split. ASCII text, which NFKC leaves as it is and which
    folds by lowering, has its non-alphanumeric bytes deleted in one pass instead.)"""
    if text.isascii():
        return text.lower().encode("ascii").translate(None, _ASCII_NOT_WORD).decode("ascii")
    return NOT_WORD.sub("", "".join(unicodedata.normalize("NFKC", text).casefold().split()))


_ASCII_NOT_WORD = bytes(code for code in range(128) if not chr(code).isalnum())
"""The ASCII characters ``[\\W_]`` matches: all but A-Z, a-z and 0-9."""


def _pairs(text: str) -> list[str]:
    compact = _compact(text)
    if len(compact) < 2:
        return [compact]
    return list(map(operator.add, compact, compact[1:]))  # each character with the next


def _pair_set(text: str) -> set[str]:
    """``set(_pairs(text))``, without the list."""
    compact = _compact(text)
    if len(compact) < 2:
        return {compact}
    return set(map(operator.add, compact, compact[1:]))


def _held(sentence: str, carded: set[str]) -> bool:
    """Whether the text whose character pairs are ``carded`` holds the sentence: most of its
    character pairs, in any script."""
    return _holds(_pairs(sentence), carded)


def _holds(inner: list[str], carded: set[str]) -> bool:
    """:func:`_held` of a sentence whose character pairs are ``inner``."""
    return sum(map(carded.__contains__, inner)) >= SAME_TEXT_RATIO * len(inner)


def _note_text(note: Note, details: bool = False) -> str:
    """The text a note asks (``details``: the text of its Details instead)."""
    return " ".join(
        html.unescape(HTML_TAG.sub(" ", _GAP_MARK.sub(" ", value)))
        for name, value in note.fields
        if name != "Source" and (name == "Details") == details
    )


_WHOLE_LINE_CODES = frozenset({"answer-too-long", "details-too-long", "in-details", "non-study-section"})

_SECTION_CODES = frozenset(
    {
        *_WHOLE_LINE_CODES,
        "skip-marker",
        "duplicate",
        "duplicate-term",
        "same-fact",
        "near-duplicate",
        "list-to-recite",
    }
)
"""Rejections of a heading as a term that speak for the text under it too: a trim of its card, a
skip the author asked for, a copy of another card, a list to recite. Any other (``diary`` for a
first-person account under a heading, ``not-what-it-is`` …) quotes the title only, and the lines
under it are explained one by one — also ``repeats-children`` and ``children-carded``: a heading
whose items are cards speaks for those cards, not for a line under it that no card asks (a step of
a procedure between two carded steps was silent under its section's ``repeats-children``)."""


def _title_only(entry: Skipped, titles: set[int]) -> Skipped:
    """``entry`` narrowed to its first line when that line is a heading's (in ``titles``), else as it is."""
    if entry.span.line not in titles or entry.span.end_line <= entry.span.line:
        return entry
    return Skipped(entry.span.at(entry.span.line), entry.text, entry.reason, entry.code)


_ASKED_FIELDS = frozenset({"Term", "Definition", "Entity", "Attributes", "Topic", "Question", "Answer"})
"""The fields a card asks or answers; Details, Example and Extra only show context, and a cloze's
``Text`` asks only its sentences with a gap (see :class:`_NoteTexts`)."""
_SHOWN_FIELDS = frozenset({"Details", "Example", "Extra"})
_FIELD_SENTENCE = lazy_compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z`\[({])")


class _NoteTexts:
    """The character pairs of what each note asks, what its cloze shows around the gaps, and what its
    Details show: each found once per note, when first asked for (most notes are asked for what
    they ask only)."""

    ASKED, CONTEXT, DETAILS, BESIDE = 0, 1, 2, 3

    def __init__(self) -> None:
        self._texts: dict[int, tuple[str, str, str, str]] = {}
        self._pairs: dict[tuple[int, int], set[str]] = {}
        self._shown: dict[int, set[str]] = {}

    def shown(self, note: Note) -> set[str]:
        """The character pairs of everything ``note`` shows: what it asks, its cloze's context and its Details."""
        if id(note) not in self._shown:
            self._shown[id(note)] = set().union(*(self.of(note, part) for part in range(4)))
        return self._shown[id(note)]

    def of(self, note: Note, part: int) -> set[str]:
        """The character pairs of ``note``'s :attr:`ASKED`, :attr:`CONTEXT` or :attr:`DETAILS` text."""
        key = (id(note), part)
        found = self._pairs.get(key)
        if found is None:
            found = self._pairs[key] = _pair_set(self._text(note)[part])
        return found

    def asked_text(self, note: Note) -> str:
        """The text ``note`` asks (its :attr:`ASKED` part)."""
        return self._text(note)[self.ASKED]

    def _text(self, note: Note) -> tuple[str, str, str, str]:
        if id(note) not in self._texts:
            asked: list[str] = []
            context: list[str] = []
            details: list[str] = []
            beside: list[str] = []
            for name, value in note.fields:
                if name == "Attributes":
                    named, others = _asked_attributes(note.field("Entity"), value)
                    asked.append(_plain(named))
                    beside.append(_plain(others))
                elif name in _ASKED_FIELDS:
                    asked.append(_plain(value))
                elif name in _SHOWN_FIELDS:
                    details.append(_plain(value))
                elif name == "Text":
                    text = html.unescape(HTML_TAG.sub(" ", value))
                    for sentence in _FIELD_SENTENCE.split(text):
                        (asked if _GAP_MARK.search(sentence) else context).append(_GAP_MARK.sub(" ", sentence))
            self._texts[id(note)] = (" ".join(asked), " ".join(context), " ".join(details), " ".join(beside))
        return self._texts[id(note)]


_QUALIFIER = " › "
_ATTRIBUTE = lazy_compile(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", re.DOTALL)


def _asked_attributes(entity: str, attributes: str) -> tuple[str, str]:
    """What a comparison's back asks, and what it shows beside: all its attributes are asked,
    unless its front names one (``Entity › 特徴``); then the others (a ``備考`` remark that rides on
    it) are only shown beside the answer."""
    pairs = _ATTRIBUTE.findall(attributes)
    if _QUALIFIER not in entity or not pairs:
        return attributes, ""
    asked = _plain(entity.rsplit(_QUALIFIER, 1)[1]).strip()
    named = [value for label, value in pairs if _plain(label).strip() == asked]
    if not named:
        return attributes, ""
    return " ".join(named), " ".join(value for label, value in pairs if _plain(label).strip() != asked)


def _plain(value: str) -> str:
    return html.unescape(HTML_TAG.sub(" ", _GAP_MARK.sub(" ", value)))


_LEADING_LABEL = lazy_compile(r"^[^:：。.!?]{1,20}[:：]\s*")
"""A short label before a colon that opens a line (``試験ポイント:``, ``Note:``): not part of what a card asks."""


def _sentences_left_out(
    span: Span,
    line_text: str,
    citing_line: dict[int, list[Note]],
    named: set[int],
    rejected: dict[int, list[str]],
    texts: _NoteTexts,
    item_starts: set[int],
) -> list[Skipped]:
    """A line that a card cites but that no card asks in full: each sentence of it that no note
    citing it asks (a Details, or a cloze's text around its gaps, only shows it) gets an explain
    line, so a card that asks one sentence of a paragraph never drops the rest silently, and a line
    shown only in a card's Details is ``in-details``, never silently "shown"."""
    line = span.line
    citing = citing_line.get(line, [])
    if line in named or not _compact(line_text):
        return []
    if not citing:
        return _sentences_beside_rejection(span, line_text, rejected.get(line, []))
    sentences = _line_sentences(line_text)
    if not sentences:
        if any(note.span.line == line for note in citing):
            return []  # a short line a card starts at: its term or title
        sentences = [line_text.strip()]
    asked = _pair_set(" ".join(rejected.get(line, [])))
    for note in citing:
        asked |= texts.of(note, texts.ASKED)
    found: list[Skipped] = []
    nested = line in item_starts and all(note.span.line != line for note in citing)  # a bullet under the card
    for sentence in sentences:
        inner = _pairs(sentence)  # (each check below reads the same pairs)
        if _holds(inner, asked):
            continue
        unlabelled = _LEADING_LABEL.sub("", sentence)
        if unlabelled != sentence and _held(unlabelled, asked):
            continue  # (a card asks what follows a label: ``試験ポイント: …`` asked as ``…``)
        in_details = next(
            (note for note in citing if _holds(inner, texts.of(note, texts.DETAILS)) and _shown_whole(sentence, note)),
            None,
        )
        in_context = (
            next((note for note in citing if _holds(inner, texts.of(note, texts.CONTEXT))), None)
            if in_details is None
            else None
        )
        if in_details is not None:
            code = "in-details"
            reason = (
                f"a sentence shown in the Details of the card at line {in_details.span.line}, never asked on its "
                "own; write it as `- **Term**: explanation` to get a card of its own"
            )
        elif in_context is not None:
            code = "cloze-context"
            reason = _cue_reason(in_context)
        elif (remark := EXCLAIMED_ASIDE.search(sentence)) is not None and _held(sentence[: remark.start()], asked):
            # ``Versioning (You enabled this!)``: the card asks the name; the bracket exclaims to oneself
            code = "diary"
            reason = (
                f"a remark in brackets ('{remark.group(0).strip()}') beside the name the card at line "
                f"{citing[0].span.line} asks: an exclamation to oneself, not a fact; no card"
            )
        elif nested and not any(_holds(_pairs(other), asked) for other in sentences):
            # a bullet under a card that asks none of it: left off that card (its Details), not a
            # sentence of a line the card asks
            code, reason = "details-cut", _cut_reason(citing[0].span.line)
        else:
            code = "sentence-left-out"
            reason = (
                f"a sentence of a line the card at line {citing[0].span.line} asks, left off that card and on no "
                "other; write it as `- **Term**: explanation` to get a card of its own"
            )
        found.append(Skipped(span, sentence, reason, code))
    return found


def _cue_reason(cloze: Note) -> str:
    """Why a sentence shown on a cloze with no gap in it is not asked: it is the cue the cloze gives
    for the names its gaps hide (``If the transfer half fails, … [...] rolls it back``: the scenario
    of an example), named so the learner sees which gap it leads to."""
    gaps = [" ".join(HTML_TAG.sub("", gap).split()) for gap in _CLOZE_GAP.findall(cloze.field("Text"))]
    named = ", ".join(f"'{gap}'" for gap in dict.fromkeys(gap for gap in gaps if gap))
    hidden = f" (the cue for {named})" if named and len(named) <= 80 else ""
    return (
        f"a sentence shown on the cloze at line {cloze.span.line} around its gaps{hidden}, never asked "
        "(no gap in it); bold its key phrase for a gap, or write `- **Term**: explanation`"
    )


def _sentences_beside_rejection(span: Span, line_text: str, rejections: list[str]) -> list[Skipped]:
    """A line of several sentences that no card cites, where a rejection quotes one of its sentences
    (``no-card-shape`` for the first): each other sentence that no rejection quotes is explained on
    its own, so the entry for one sentence never hides the rest of the paragraph."""
    if not rejections:
        return []
    sentences = _line_sentences(line_text)
    quoted = {_compact(text) for text in rejections}
    if len(sentences) < 2 or not any(_compact(sentence) in quoted for sentence in sentences):
        return []  # a rejection that speaks for the whole line (a term, the paragraph)
    asked = _pair_set(" ".join(rejections))
    return [
        Skipped(
            span,
            sentence,
            "a sentence of a line whose other sentence made no card, on no card itself; write it as "
            "`- **Term**: explanation` to get a card of its own",
            "sentence-left-out",
        )
        for sentence in sentences
        if _compact(sentence) not in quoted and not _holds(_pairs(sentence), asked)
    ]


_CLOZE_GAP = lazy_compile(r"\{\{c\d+::(.*?)(?:::[^{}]*?)?\}\}", re.DOTALL)
_LINK_TEXT = lazy_compile(r"<a\s[^<>]*>(.*?)</a>", re.DOTALL)
_NAME_MARK = lazy_compile(r"[A-Z0-9]")


def _names_beside_gaps(
    span: Span, line_text: str, citing_line: dict[int, list[Note]], rejected: dict[int, list[str]]
) -> list[Skipped]:
    """A linked name that a cloze shows beside the names its gaps hide, in the same sentence
    (``JDKの [...]、[...] も便利で、[SJK tools](…)はより高度なツールである``): the sentence is asked
    and the name in it is not, so it is named on its line unless another card asks it. A name is a
    link whose text has a capital or a digit; the sentence hides two names or more."""
    found: list[Skipped] = []
    citing = citing_line.get(span.line, [])
    for note in citing:
        if note.kind is not NoteKind.CLOZE:
            continue
        for sentence in _FIELD_SENTENCE.split(note.field("Text")):
            if len(_CLOZE_GAP.findall(sentence)) < 2:
                continue
            for match in _LINK_TEXT.finditer(_CLOZE_GAP.sub(" ", sentence)):
                name = " ".join(html.unescape(HTML_TAG.sub("", match.group(1))).split())
                if not _NAME_MARK.search(name) or _compact(name) not in _compact(line_text):
                    continue
                if any(_compact(name) in _compact(entry) for entry in rejected.get(span.line, [])):
                    continue
                if any(_asks_name(other, name) for other in citing) or any(
                    _compact(name) == _compact(entry.text) for entry in found
                ):
                    continue
                reason = (
                    f"a name shown on the cloze at line {note.span.line} beside the names its gaps hide, never asked "
                    "(no gap hides it); bold it for a gap of its own"
                )
                found.append(Skipped(span, name, reason, "cloze-context"))
    return found


_BRACKETED = lazy_compile(r"[(（]([^()（）]*)[)）]")
_GLOSS_PAIR = lazy_compile(r"^\s*([^\s:：,，、;；]{1,20})\s*[:：]\s*(\S.*?)\s*$")


def _glosses_beside_gaps(
    span: Span, line_text: str, citing_line: dict[int, list[Note]], rejected: dict[int, list[str]]
) -> list[Skipped]:
    """Glosses in brackets that a cloze shows beside its gap (``「{{c1::-it}}」(-d: 背後で動かす, -i:
    入力を繋ぐ)``): two ``name: meaning`` pairs or more in one bracket with no gap in it. The cloze
    asks its gap, never what each name means, so each pair no other card asks is named on its line
    (``cloze-context``), not only shown."""
    found: list[Skipped] = []
    citing = citing_line.get(span.line, [])
    for note in citing:
        if note.kind is not NoteKind.CLOZE:
            continue
        for bracket in _BRACKETED.finditer(note.field("Text")):
            inner = html.unescape(HTML_TAG.sub("", bracket.group(1)))
            if _CLOZE_GAP.search(bracket.group(1)) or "{{" in bracket.group(1):
                continue
            pairs = [_GLOSS_PAIR.match(part) for part in re.split(r"[,，、;；]", inner)]
            if len(pairs) < 2 or not all(pairs):
                continue
            for match in pairs:
                assert match is not None
                gloss = f"{match.group(1)}: {match.group(2)}"
                if _compact(gloss) not in _compact(line_text.replace("：", ":")) and _compact(
                    match.group(2)
                ) not in _compact(line_text):
                    continue
                if any(_compact(match.group(2)) in _compact(entry) for entry in rejected.get(span.line, [])):
                    continue
                if any(other is not note and _asks_name(other, match.group(2)) for other in citing):
                    continue
                if any(_compact(gloss) == _compact(entry.text) for entry in found):
                    continue
                reason = (
                    f"a gloss in brackets ('{match.group(1)}') shown on the cloze at line {note.span.line} beside its "
                    f"gap, never asked (no gap hides what '{match.group(1)}' means); write it as "
                    f"`- **{match.group(1)}**: {match.group(2)}` to get a card of its own"
                )
                found.append(Skipped(span, gloss, reason, "cloze-context"))
    return found


_FRONT_LABEL = lazy_compile(r"^([A-Za-z][A-Za-z0-9 /&-]{1,30}?|[^\s:：]{1,12})\s*[:：]\s+(\S.*)$")


def _labels_on_fronts(notes: Sequence[Note], path: str, item_starts: set[int]) -> list[Skipped]:
    """A heading (or a bold line alone) ``Transport layer: Netstat and Telnet commands`` made the front
    of a definition: its back says what the text under it says, never the label before the colon, so what the heading
    states of the name (its layer, its group) is shown on the front and asked by no card. It is
    named on the heading's line (``front-only``), unless the back says the label too."""
    found: list[Skipped] = []
    for note in notes:
        if note.kind is not NoteKind.DEFINITION or note.span.path != path:
            continue
        term = html.unescape(HTML_TAG.sub("", note.field("Term"))).rpartition(" › ")[2].strip()
        if note.span.line in item_starts:
            continue  # a bullet's term (``- `key: value` - …``): the colon is in the name itself
        match = _FRONT_LABEL.match(term)
        if match is None:
            continue
        label, rest = match.group(1).strip(), match.group(2).strip()
        if _compact(label) in _compact(_note_text(note)).replace(_compact(term), "", 1):
            continue  # the back says the label as well
        reason = (
            f"the label '{label}' that the heading shows before '{rest}' on the front of the card at line "
            f"{note.span.line}, never asked (the back says what the text under the heading says); write it as "
            f"`- **{rest}**: {label}` to get a card of its own"
        )
        found.append(Skipped(note.span.at(note.span.line), term, reason, "front-only"))
    return found


def _asks_name(note: Note, name: str) -> bool:
    """Whether ``note`` asks ``name``: in one of its gaps, or on the front or back of another kind."""
    if note.kind is NoteKind.CLOZE:
        return any(_compact(name) in _compact(HTML_TAG.sub("", gap)) for gap in _CLOZE_GAP.findall(note.field("Text")))
    return _compact(name) in _compact(_note_text(note))


def _nested_items_not_shown(document: Document, notes: Sequence[Note], texts: _NoteTexts) -> set[int]:
    """The own lines of list items nested under a card's first line, inside its span, that no card
    starts at and whose text no card spanning them shows in any field (most of the character pairs
    of its opening: a label such as ``**概要**:`` left off the back does not hide it)."""
    spans = [(note.span.line, note.span.end_line, note) for note in notes if note.span.path == document.path]
    starts = {first for first, _last, _note in spans}
    spans = [span for span in spans if span[0] < span[1]]  # a card on one line holds no line below it
    found: set[int] = set()
    for section in document.sections:
        for item, _parent in iter_items(section.blocks):
            line = item.span.line
            if line in starts:
                continue  # a card starts there (most items): no scan of the cards for those holding it
            holding = [note for first, last, note in spans if first < line <= last]
            opening = _compact(item.text)[:_SHOWN_PREFIX]
            if not holding or not opening:
                continue
            if not any(_held(opening, texts.shown(note)) for note in holding):
                own_end = min((child.span.line - 1 for child in item.children), default=item.span.end_line)
                found.update(range(line, max(line, own_end) + 1))
    return found


def _nested_code_not_shown(document: Document, notes: Sequence[Note], texts: _NoteTexts) -> set[int]:
    """The lines of code blocks nested in a card's span (a command under a step's bullet) that no
    card spanning them shows: each is explained as code on its own lines, never hidden by the card
    of the bullet above it."""
    spans = [
        (note.span.line, note.span.end_line, note)
        for note in notes
        if note.span.path == document.path and note.span.line < note.span.end_line  # a one-line card holds none
    ]
    found: set[int] = set()

    def walk(blocks: Sequence[Block]) -> None:
        for block in blocks:
            if isinstance(block, CodeBlock):
                line = block.span.line
                holding = [note for first, last, note in spans if first < line <= last]
                opening = _compact(block.text)[:_SHOWN_PREFIX]
                if holding and opening and not any(_held(opening, texts.shown(note)) for note in holding):
                    found.update(range(line, max(line, block.span.end_line) + 1))
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item.children)
            elif isinstance(block, Quote):
                walk(block.children)

    for section in document.sections:
        walk(section.blocks)
    return found


_TRIM_CODES = frozenset({"answer-too-long", "details-too-long"})


def _lines_cut_off(
    document: Document, notes: Sequence[Note], spoken: Sequence[Skipped], texts: _NoteTexts
) -> dict[int, int]:
    """The lines of prose in the span of a trim of a card (``answer-too-long``, ``details-too-long``)
    that the card no longer shows in any field (most of the character pairs of its opening), each
    with the card's line: left off its back and its Details both, so asked nowhere."""
    trims = [entry for entry in spoken if entry.code in _TRIM_CODES and entry.span.end_line > entry.span.line]
    if not trims:
        return {}
    prose = {span.line: text for section in document.sections for span, text in _text_lines(section.blocks)}
    found: dict[int, int] = {}
    for entry in trims:
        cards = [note for note in notes if note.span.path == document.path and note.span.line == entry.span.line]
        if not cards:
            continue
        for line in range(entry.span.line + 1, entry.span.end_line + 1):
            opening = _compact(prose.get(line, ""))[:_SHOWN_PREFIX]
            if opening and not any(_held(opening, texts.shown(note)) for note in cards):
                found.setdefault(line, entry.span.line)
    return found


def _item_own_ends(document: Document) -> dict[int, int]:
    """For each list item with children: its first line -> the last line of its own text."""
    return {
        item.span.line: max(item.span.line, min(child.span.line for child in item.children) - 1)
        for section in document.sections
        for item, _parent in iter_items(section.blocks)
        if item.children
    }


def _image_only(per_line: Sequence[Inlines], index: int) -> bool:
    """Whether line ``index`` of a block (its inlines split by line) holds images and no text."""
    if not 0 <= index < len(per_line):
        return False
    parts = per_line[index]
    pictured = any(part.kind == "image" or (part.kind == "html" and "<img" in part.html.lower()) for part in parts)
    return pictured and not any(part.kind not in ("image", "br", "html") and part.text.strip() for part in parts)


class _AsksAt(dict[int, str]):
    """Line of a card -> what the cards at that line ask (front, back, Example), each compacted
    (:func:`_compact`) and opened by a line break, in the order of the notes; made on first lookup."""

    def __init__(self) -> None:
        super().__init__()
        self.notes_at: dict[int, list[Note]] = {}

    def __missing__(self, line: int) -> str:
        found = self[line] = "".join("\n" + _compact(_note_text(note)) for note in self.notes_at[line])
        return found


class _Walker:
    def __init__(
        self,
        covered: set[int],
        found: list[Skipped],
        non_study: bool,
        note_lines: set[int],
        shown: dict[int, str],
        cut_of: dict[int, int],
        dropped: dict[int, str] | None = None,
        asked: dict[int, set[str]] | None = None,
        asks_at: _AsksAt | None = None,
    ) -> None:
        self.covered = covered
        self.found = found
        self.non_study = non_study
        self.note_lines = note_lines
        self.shown = shown
        """The Details of the cards at each line, compacted (see :func:`_compact`)."""
        self.details_of = 0
        """The line of the card whose Details show the block being walked (0: none)."""
        self.task = ""
        """The section's heading when it asks how to do a task (``…したい``, ``How do I …?``): the
        commands under it answer it."""
        self.cut_of = cut_of
        """Lines cut off a trimmed card (see :func:`_lines_cut_off`) -> the card's line."""
        self.dropped = dropped or {}
        """Lines of bullets whose card was dropped as a near-duplicate -> the reason given."""
        self.dropped_parent = 0
        """The line of the dropped bullet whose child bullets are being walked (0: none)."""
        self.asked = asked or {}
        """The character pairs of what the cards at each line say (front, back and Details)."""
        self.item: tuple[ListItem, ListItem | None] | None = None
        """The list item whose own text is being explained, and the item after it (None: not an item)."""
        self.parents: list[ListItem] = []
        """The list items above the one being walked, the nearest last."""
        self.ordered = False
        """Whether the list item being explained is an item of a numbered list."""
        self.heading = ""
        """The title of the section being walked (a heading that names a subject)."""
        self.paragraph: Paragraph | None = None
        """The paragraph last walked (the one being explained, while its text is)."""
        self.asks_at = asks_at if asks_at is not None else _AsksAt()
        """What the cards at each line ask (front, back, Example), compacted (see :func:`_compact`)."""
        self.card_lines = sorted(self.asks_at.notes_at)
        """The lines of the cards, in order."""

    def _details_card(self, line: int, text: str) -> int:
        """The line of the nearest card at most :data:`_READ_OUT_WINDOW` lines above ``line`` whose
        Details show ``text`` (a plain line the card took them from) while nothing it asks holds it;
        0 when there is none, or the nearest card that says it asks it."""
        compact = _compact(text)
        if len(compact) < _READ_OUT_MIN:
            return 0
        for index in range(bisect.bisect_left(self.card_lines, line) - 1, -1, -1):
            card = self.card_lines[index]
            if line - card > _READ_OUT_WINDOW:
                break
            if compact[:_SHOWN_PREFIX] in self.asks_at[card]:
                return 0
            if _shown_in(compact, self.shown.get(card, "")):
                return card
        return 0

    def _text_covered(self, block: CodeBlock) -> bool:
        """Whether a fenced block's every non-blank text line is on a card (only its fences are not)."""
        if not is_fenced(block):
            return False  # an indented block: no fence lines
        text_lines = [line for line, _ in code_lines(block)]
        return bool(text_lines) and all(line in self.covered for line in text_lines)

    def _uncovered(self, span: Span, last: int) -> list[int]:
        return [line for line in range(span.line, max(span.line, last) + 1) if line not in self.covered]

    def _add_runs(self, span: Span, last: int, inlines: Inlines, text: str) -> None:
        """A block's text, explained by runs of uncovered lines: each entry gives the line its quoted
        text starts on and is classified by that text alone (a paragraph whose title line is a card
        explains its body lines as themselves, not by quoting the title again)."""
        lines = self._uncovered(span, last)
        if not lines:
            return  # every line is covered: nothing to explain (most blocks)
        per_line = split_lines(inlines)
        pictures = [
            line
            for line in lines
            if (len(per_line) > 1 or not text.strip()) and _image_only(per_line, line - span.line)
        ]
        for line in pictures:
            # ``<img …>`` on a line of its own under a bullet's text: explained as the image it is
            self._add(
                span.at(line, line), line, "[image]", "image", "an image alone on its line, not next to a card's text"
            )
        lines = [line for line in lines if line not in pictures]
        if not lines:
            return
        if len(per_line) != last - span.line + 1 or len(text.split("\n")) != len(per_line):
            self._add(span, last, text, *_classify(inlines, text))
            return
        texts = text.split("\n")
        if not self.non_study:
            kept: list[int] = []
            for line in lines:
                line_text = texts[line - span.line]
                card = self._details_card(line, line_text)
                if not card:
                    kept.append(line)  # explained below as it reads
                    continue
                reason = self._listed(_in_details_reason(card), card, line)
                self.found.append(Skipped(span.at(line, line), line_text[:120], reason, "in-details"))
                self.covered.add(line)
            lines = kept
        runs: list[list[int]] = []
        for line in lines:
            if runs and runs[-1][-1] == line - 1:
                runs[-1].append(line)
            else:
                runs.append([line])
        for run in runs:
            first, end = run[0] - span.line, run[-1] - span.line + 1
            part_inlines = tuple(part for line_inlines in per_line[first:end] for part in line_inlines)
            part_text = "\n".join(texts[first:end])
            self._add(span.at(run[0], run[-1]), run[-1], part_text, *_classify(part_inlines, part_text))

    def _add(self, span: Span, last: int, text: str, code: str, reason: str) -> None:
        lines = self._uncovered(span, last)
        if not lines:
            return
        card = self.details_of or self.cut_of.get(lines[0], 0)
        if self.non_study:
            code, reason = "non-study-section", "under a heading for material that is not studied (参考, 感想, Links …)"
        elif self.dropped_parent and not card and code == "no-card-shape":
            code = "near-duplicate"
            kept = re.search(r"\(kept: line (\d+)\)", self.dropped[self.dropped_parent])
            if kept and _held(text, self.asked.get(int(kept.group(1)), set())):
                reason = (
                    f"part of the answer of the bullet at line {self.dropped_parent}, whose card was dropped as a "
                    f"near-duplicate: the card kept at line {kept.group(1)} says this (on its back or in its Details)"
                )
            else:
                reason = (
                    f"part of the answer of the bullet at line {self.dropped_parent}, whose card was dropped as a "
                    f"near-duplicate of an earlier card{' ' + kept.group() if kept else ''}, which does not say "
                    "this; asked on no card of its own; write it as `- **Term**: explanation` to get a card"
                )
        elif code == "bare-name" and self.item is not None:
            reason = (
                _name_over(text, *self.item) or (self._listed_under(text) if reason == _BARE_NAME else "") or reason
            )
        elif code == "no-card-shape" and reason in (_NO_SHAPE, _NO_SHAPE_MARKED, _NO_SHAPE_BOLD):
            reason = self._shape_reason(text, {_NO_SHAPE_MARKED: "code", _NO_SHAPE_BOLD: "bold"}.get(reason, ""))
        if code == "bare-name" and reason == _NAME_LIST and self.heading and not self.parents:
            reason = (
                f"short phrases (names or properties) listed under the heading '{self.heading}', with no statement "
                f"that says what they are to it; write it as a sentence (`{self.heading} is …`) or `- **Name**: what "
                "it is` to get a card"
            )
        if card and not self.non_study and code not in ("code", "image", "html", "link-only"):
            if _shown_in(_compact(text), self.shown.get(card, "")):
                code, reason = "in-details", _in_details_reason(card)
            elif scenario_text(text):
                code, reason = "details-cut", _scenario_reason(card)
            else:
                code, reason = "details-cut", _cut_reason(card)
            reason = self._listed(reason, card, span.line)
        self.found.append(Skipped(span.at(lines[0], lines[-1]), text[:120], reason, code))
        self.covered.update(lines)

    def _listed(self, reason: str, card: int, line: int) -> str:
        """``reason`` for a line the Details of the card at line ``card`` held, led by the bullet it is
        listed under when that bullet is below the card's own line (``- 選ぶ基準:`` / ``- 料金``): the
        line belongs to that bullet, the card only showed it as context."""
        name, parent = self._parent_name()
        if name and card < parent < line:
            return f"a bullet under '{name}' on line {parent}, {reason[:1].lower()}{reason[1:]}"
        return reason

    def _parent_name(self) -> tuple[str, int]:
        """The own text of the list item above (its first line, without a closing colon), and its line."""
        if not self.parents:
            return "", 0
        parent = self.parents[-1]
        if not any(part.kind != "image" and part.text.strip() for part in parent.inlines):
            return "", 0  # a bullet that only shows an image names nothing
        name = parent.text.split("\n", 1)[0].strip().rstrip(":：").strip()
        return (name if len(name) <= EXPLAIN_QUOTE_CHARS else excerpt(name) + "…"), parent.span.line

    def _listed_under(self, text: str) -> str:
        """The reason for a bare name that is a bullet under another bullet (``- Flash`` / ``- IOS``):
        one of the names that bullet lists, not a name with nothing said of it anywhere."""
        parent, line = self._parent_name()
        if not parent or self.item is None or self.item[0].children:
            return ""
        if sentence_like(parent) or "…" in parent:
            if not self.parents[-1].text.split("\n", 1)[0].strip().endswith((":", "：")):
                return ""  # (under a sentence that runs on, the names finish it: not a name list's entry)
            return (
                f"an item of the list that the bullet on line {line} leads in to (it ends on a colon): a name with "
                "nothing that says what it is, and the list became no card; write each item as `- **Name**: what it "
                "is` to get a card"
            )
        return (
            f"a name listed under the bullet '{parent}' on line {line}, with nothing on its own line that says what "
            f"it is to '{parent}': the list gives no card; write `- {parent}: …` saying what the names are to it "
            "(what it holds, uses or offers) to get one"
        )

    def _shape_reason(self, text: str, marked: str = "") -> str:
        """Why a line with no card shape makes none, by what it is: a sentence drawn from the lines above,
        a step of a numbered list, a lead-in to what follows, a plain sentence, or a phrase."""
        stripped = text.strip()
        if opens_with_connective(stripped):
            return (
                "a sentence that opens on a connective (a conclusion or a turn from the lines above), so it leans "
                "on them and asks nothing alone; write the fact it states as a sentence of its own, with its key "
                "phrase in **bold**, to get a cloze"
            )
        if self.item is not None and self.ordered:
            return (
                "a step of a numbered list (one point of a procedure or a flow), with no term or key phrase marked "
                "to ask; steps make no card of their own: bold the key phrase for a cloze, or write "
                "`- **Term**: explanation`"
            )
        if (
            _LEAD_IN_LINE.search(stripped)
            and "\n" not in stripped
            and len(_SENTENCE.split(stripped.rstrip("。."))) == 1
        ):
            return (
                "a lead-in to what follows it (a list, code or a table, read on their own lines), not a fact of "
                "its own; no card"
            )
        parent, line = self._parent_name()
        if parent and self.item is None and self.parents[-1].children[:1] == (self.paragraph,):
            return (
                f"a paragraph inside the bullet '{parent}' on line {line}, set apart from its line by a blank line, so "
                f"it is not read as its answer and names no term of its own; write it on the bullet's line "
                f"(`- {parent}: …`) to get a card"
            )
        under = f" {'inside' if self.item is None else 'under'} the bullet '{parent}' on line {line}," if parent else ""
        label = _LEADING_LABEL.match(stripped)
        name = label.group().strip().rstrip(":：").strip() if label is not None else ""
        if name and (marked == "bold" or is_group_heading(name) or is_non_study_term(name)):
            return (
                f"a line under the label '{name}'{under.rstrip(',')}: the label is no term to ask and "
                "its text has no **bold** key phrase to hide; bold one for a cloze, or write "
                "`- **Term**: explanation` with the subject as the term"
            )
        if marked == "bold":
            return (
                f"a statement{under} whose **bold** phrases no card asks (a cloze of it was left out as doubtful: too "
                "long, or a passage that leans on others); bold one short key phrase for a cloze, or write "
                "`- **Term**: explanation`"
            )
        if marked:
            return (
                f"a statement{under} with no **bold** or ==highlighted== key phrase: its `code` or 「quoted」 phrases "
                "make a cloze only in a few sentence shapes (a name to use, one figure or identifier under a heading), "
                "and this is not one; bold its key phrase for a cloze, or write `- **Term**: explanation`"
            )
        if sentence_like(stripped) or len(stripped.split()) >= 6:
            return (
                f"a plain statement{under} with no key phrase marked (no **bold**, ==highlight==, `code` or "
                "「quote」) to hide for a cloze, and no term it defines (`Term: text`); bold its key phrase for a "
                "cloze, or write `- **Term**: explanation`"
            )
        return (
            f"a phrase, not a sentence,{under or ''} with no term or key phrase marked to ask; bold the key phrase for "
            "a cloze, or write `- **Term**: explanation`"
        )

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.paragraph = block
            self._add_runs(block.span, block.span.end_line, block.inlines, block.text)
        elif isinstance(block, ListBlock):
            for position, item in enumerate(block.items):
                own_end = min((child.span.line - 1 for child in item.children), default=item.span.end_line)
                if item.children:  # not the blank line between its text and a loose list under it
                    # (a line holding only an image is part of the text: ``… light <br />`` then ``<img>``)
                    own_end = min(
                        own_end, item.span.line + max(item.text.count("\n"), len(split_lines(item.inlines)) - 1)
                    )
                # (an empty bullet says nothing; ``- 1. step``: the item inside says it)
                if item.text.strip() or _image_only(split_lines(item.inlines), 0):
                    following = block.items[position + 1] if position + 1 < len(block.items) else None
                    self.item, self.ordered = (item, following), block.ordered
                    self._add_runs(item.span, max(item.span.line, own_end), item.inlines, item.text)
                    self.item, self.ordered = None, False
                outer, outer_dropped = self.details_of, self.dropped_parent
                if item.span.line in self.note_lines and item.children:
                    self.details_of = item.span.line
                if item.span.line in self.dropped and item.span.line not in self.note_lines:
                    self.dropped_parent = item.span.line
                self.parents.append(item)
                for child in item.children:
                    self.block(child)
                self.parents.pop()
                self.details_of, self.dropped_parent = outer, outer_dropped
        elif isinstance(block, Quote):
            for child in block.children:
                self.block(child)
        elif isinstance(block, Table):
            read = table_as_read(block)  # a header row that is data is a row to account for
            for index, row in enumerate(read.rows):
                text = " | ".join("".join(part.text for part in cell) for cell in row)
                span = read.row_span(index)
                self._add(span, span.line, text, "row-without-term", "a table row that no extractor could read")
        elif isinstance(block, CodeBlock) and self._text_covered(block):
            pass  # every line of the block's text is on a card: its fence lines say nothing
        elif isinstance(block, CodeBlock) and _DIAGRAM_FENCE.search(block.html):
            self._add(block.span, block.span.end_line, block.text, "diagram", _diagram_reason(block.text))
        elif isinstance(block, CodeBlock) and self.task:
            reason = (
                f"the command for the task its heading asks ('{excerpt(self.task)}'), a how-to recipe; no card: "
                "write `- Task: `command`` under the heading to get one"
            )
            self._add(block.span, block.span.end_line, block.text, "code", reason)
        elif isinstance(block, CodeBlock):
            self._add(block.span, block.span.end_line, block.text, "code", "code or a command; no card")
        elif isinstance(block, RawBlock) and block.directive:
            reason = f"a `{{{block.directive}}}` directive, shown by its renderer, not read as notes; no card"
            self._add(block.span, block.span.end_line, block.text or block.directive, "directive", reason)
        elif isinstance(block, RawBlock) and block.html == "<hr>":
            pass  # a horizontal rule (``---``): a separator, no text to explain
        elif isinstance(block, RawBlock):
            asked = next(
                (line for line in range(block.span.line, block.span.end_line + 2) if line in self.note_lines), 0
            )
            code, reason = _raw_reason(block, asked)
            self._add(block.span, block.span.end_line, block.text or block.html, code, reason)


_SUMMARY = lazy_compile(r"<summary\b[^<>]*>(.*?)</summary", re.IGNORECASE | re.DOTALL)


def _raw_reason(block: RawBlock, asked: int = 0) -> tuple[str, str]:
    """The code and reason for a block of raw HTML that no card reads, by what it holds (``asked``:
    the line of a card made on or right after its lines, 0 if none)."""
    lowered = block.html.lower()
    if "<img" in lowered:
        return "image", "an image in raw HTML, alone, not next to a card's text"
    if lowered.lstrip().startswith("<!--"):
        return "html", "an HTML comment, hidden wherever the notes are shown; no card"
    if asked and _SUMMARY.search(block.html) is not None:
        return "html", (
            f"the opening tags of a folded `<details>` block: its summary and answer are asked by the card at line "
            f"{asked}; nothing else to ask"
        )
    if not block.text.strip():
        return "html", "HTML tags with no text (the opening or close of a block around other lines); nothing to ask"
    summary = _SUMMARY.search(block.html)
    if summary is not None and "</details" not in lowered:
        return "html", (
            "the summary line of a folded `<details>` block whose answer is not in HTML of its own: the lines it "
            "folds are read (and explained) on their own; write `<details><summary>question</summary>answer"
            "</details>` to get a card"
        )
    return "html", (
        "raw HTML that is not read as notes (a tag or attribute ankigen does not turn into text, such as a "
        "`class`, a comment or an unknown tag); write it as Markdown to get a card"
    )


def _scenario_reason(card: int) -> str:
    return (
        f"left off the Details of the card at line {card}: an exam scenario (what someone wants, each sentence "
        "a wish: `…したい。`), no fact about the card's term; write the fact it tests as `- **Term**: explanation` "
        "to get a card"
    )


def _cut_reason(card: int) -> str:
    return (
        f"left off the Details of the card at line {card} (Details hold only short context for their card) and "
        "asked on no card; write it as `- **Term**: explanation` to get a card of its own"
    )


def _name_over(text: str, item: ListItem, following: ListItem | None) -> str:
    """The reason for a bare name that is a bullet with bullets under it (they say things about it,
    each asked or explained on its own line), or whose next bullet says what it is; '' otherwise."""
    if item.children and not any(isinstance(child, (ListBlock, Table, CodeBlock)) for child in item.children):
        return (
            "a name over a paragraph indented under it and set apart by a blank line, so the paragraph is not read as "
            "its answer (it is explained on its own line); write `- **Name**: what it is` on one line to get a card"
        )
    if item.children:
        if text.strip().endswith((":", "：")):
            return (
                "a label that leads in to the bullets under it, not a name to learn: each of them is asked or "
                "explained on its own line"
            )
        return (
            "a name or title over bullets about it, with nothing on its own line that says what it is: each bullet "
            "under it is asked or explained on its own line; write `- **Name**: what it is` to get a card for it"
        )
    name = _compact(text)
    if following is not None and name and name in _compact(following.text) and sentence_like(following.text):
        return (
            f"a name alone on its bullet; the next bullet, on line {following.span.line}, says what it is, but as "
            "a bullet of its own: write `- **Name**: what it is` on one line to get a card"
        )
    return ""


def _classify(inlines: Inlines, text: str) -> tuple[str, str]:
    kinds = {part.kind for part in inlines if part.kind != "br" and (part.text.strip() or part.kind == "image")}
    if kinds and kinds <= {"image"}:
        return "image", "an image alone, not next to a card's text"
    if (kinds and kinds <= {"link"}) or _URL_ONLY.match(text):
        return "link-only", "only links; no card"
    if navigation_link(inlines):
        return (
            "link-only",
            "a link back through the notes (to their index), the way to another page, not a fact; no card",
        )
    if breadcrumb_link(inlines, text):
        return "link-only", "a breadcrumb to a page (site > section > page), a page to read, not a fact; no card"
    if _MADE_WITH.match(text):
        return "attribution", "where the image above comes from (Made with …, Image by …), not a fact; no card"
    if reference_only("".join(part.html for part in inlines)):
        return (
            "link-only",
            "a reference (a link or a URL, with at most a short label), a page to read, not a fact; no card",
        )
    if kinds and kinds <= {"code"}:
        return "code", "code or a command; no card"
    if kinds and kinds <= {"math"}:
        return "math", "a formula alone, with no words that say what it gives; no card"
    if _TEMPLATE_TAG.match(text):
        return "directive", "a template tag (`{% raw %}`), read by a site generator, not notes; no card"
    if _TARGET_LABEL.match(text):
        return "directive", "a MyST target (`(name)=`), an anchor for links to what follows it, not notes; no card"
    if _is_bare_name(text):
        return _bare_name(text)
    remark = _REMARK_LINE.match(text)
    if remark is not None and is_non_study_term(remark[1]):
        return "no-card-shape", (
            f"a remark under the label '{remark[1].strip()}', which names no term to ask; write the remark "
            "about its subject (`Subject: …`, or bold its key phrase) to get a card"
        )
    if kinds and kinds <= {"strong", "mark"}:
        return (
            "no-card-shape",
            "the whole sentence is bold: no key phrase inside it to hide and no term to ask; bold only its key "
            "phrase for a cloze, or write `- **Term**: explanation`",
        )
    if kinds & {"strong", "mark"}:
        return "no-card-shape", _NO_SHAPE_BOLD
    if "code" in kinds or "「" in text:
        return "no-card-shape", _NO_SHAPE_MARKED
    if kinds <= {"text"} and _plain_command(text):
        return "code", "a command line written as plain text (a program and its arguments, not a sentence); no card"
    counts = _bare_counts(text)
    if counts:
        shown = ", ".join(counts)
        return "no-card-shape", (
            f"its figure{'s' if len(counts) > 1 else ''} ({shown}) count{'' if len(counts) > 1 else 's'} things "
            "with no unit and no term to ask by (a bare count, or one of several facts in one line); write each as "
            "`- Name: value` on a line of its own to get a card"
        )
    return "no-card-shape", _NO_SHAPE


# a line of lowercase words with no word a sentence needs: a program and its arguments
# (``set interfaces lo0 unit 0 family inet filter input test``)
_COMMAND_WORDS = lazy_compile(r"^[a-z][\w.-]*(?:\s+[\w./\\:@=\"'-]+){3,}$")
_SENTENCE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "at",
        "with",
        "for",
        "from",
        "by",
        "it",
        "this",
        "that",
        "these",
        "those",
        "not",
        "no",
        "can",
        "will",
        "should",
        "must",
        "has",
        "have",
        "had",
        "do",
        "does",
        "if",
        "then",
        "than",
        "as",
        "which",
        "who",
        "what",
        "when",
        "where",
    ]
)


def _plain_command(text: str) -> bool:
    """A line that reads as a command, not a sentence: lowercase words and arguments only, none of the
    words a sentence is built with (``set interfaces lo0 unit 0 family inet filter input test``)."""
    line = " ".join(text.split())
    if not line.isascii() or _COMMAND_WORDS.match(line) is None:
        return False
    words = line.lower().split()
    if any(word in _SENTENCE_WORDS for word in words):
        return False
    # an argument only code has: a figure, a path, an option, an assignment, an address
    return any(_CODE_ARGUMENT.search(word) for word in words[1:])


_CODE_ARGUMENT = lazy_compile(r"\d|[/\\=@:]|^-")


_NO_SHAPE_MARKED = "no term and no `Term: text` shape; its `code` or quoted phrases are asked on no card"
_NO_SHAPE_BOLD = "no term and no `Term: text` shape; its bold phrases are asked on no card"
"""The reason for text of no card shape that marks phrases (:meth:`_Walker._shape_reason` says more)."""
_NO_SHAPE = (
    "no term, no **bold** key phrase and no `Term: text` shape to ask; bold the key phrase for a cloze, "
    "or write `- **Term**: explanation`"
)
"""The reason for text of no card shape before :meth:`_Walker._shape_reason` says which text it is."""
_LEAD_IN_LINE = lazy_compile(
    r"[:：]$|以下[のにを]|次を|次の(?:よう|通り|とおり)|\b(?:the following|as follows)\b", re.IGNORECASE
)
"""A line that leads in to what follows it (``…を実行します：``, ``次を実行します。``, ``as follows``)."""


_BARE_COUNT = lazy_compile(
    r"(?:^|(?<![A-Za-z])[a-z]{1,12}\s|[&,;]\s)(\d{1,4})(?![\w.,:/%-])(?=\s+[a-z])"
    r"(?!\s+(?:is|are|was|were|means?|stands?)\b)(?!\s+(?:and|or|to)\s+\d)"
)
"""A count in an English line, between lower-case words (``has 1 collision domain``, ``up to 8 switches``):
not a name's number (``Route 53``, ``Tier 1``), nor a year (``July 2018``), nor one of numbers named
in a row (``pins 1 and 2``: which pins, not how many)."""


_MAX_COUNT_LINE = 120
_MAX_COUNT_WORDS = 16
"""A line of more words than this says more than its count (``To send data, 2 devices follow the same
rules called an encoding scheme``): its count is not why it made no card."""


def _bare_counts(text: str) -> list[str]:
    """The bare counts of an English line (``1 collision domain``, ``8 switches``) when it holds no
    figure with a unit that a token cloze asks: why such a line made no card."""
    from .token_clozes import unit_figures  # token_clozes imports the extractors this module's users load

    if has_cjk(text) or len(text) > _MAX_COUNT_LINE or unit_figures(text):
        return []
    if len(text.split()) > _MAX_COUNT_WORDS:
        return []  # a longer line has more in it than its count: the count is not why it made no card
    return _BARE_COUNT.findall(text)


_REMARK_LINE = lazy_compile(r"^\s*([^\s:：]{1,12}(?:\s*[0-9０-９]+)?)\s*[:：]\s*\S")
"""A line under a label and a colon (``注意 1：…``, ``Note: …``); a remark when the label is no term."""
_TASK_HEADING = lazy_compile(
    r"(?:したい|するには|には|する方法|のやり方)$|^how\s+(?:do|can|to|should)\b|\?$|？$", re.IGNORECASE
)
"""A heading that asks how to do a task (``ファイルを全部ステージしたい``, ``How do I undo a commit?``)."""
_TARGET_LABEL = lazy_compile(r"^\s*\([\w.:-]+\)=\s*$")
"""A MyST target above a heading (``(private_addr)=``), which cross-references point at."""
_MADE_WITH = lazy_compile(
    r"^\s*(?:made|created|drawn|generated) (?:with|by|using)\b|^\s*(?:image|photo|figure|diagram) (?:by|from|credit)\b",
    re.IGNORECASE,
)
"""A credit under an image (``Made with okso.app``, ``Image by …``)."""
_EXPANDED = lazy_compile(r"^\s*([^()（）]+?)\s*[（(]\s*([^()（）]+?)\s*[)）]\s*$")
_ACRONYM = lazy_compile(r"^[A-Z][A-Za-z0-9&/.-]{1,9}$")
_JOINED = lazy_compile(r"^\s*[^=＝]+?\s+[=＝]\s+\S")
_RUNS_ON = lazy_compile(r"\s(and|or|like|such as|as|of|to|the|an?|with|for|in|between|from|by|via)$", re.IGNORECASE)
"""Words a line cannot end on when it holds a whole statement (``network security groups and``)."""
_RUNS_ON_JA = lazy_compile(r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9）)」』]\s*([がをにでとのも])$")
"""A Japanese line that stops on a case particle after a name (``開発者が``): its predicate is below."""
_SHORT_STATEMENT_JA = lazy_compile(r"^[^、。，,]{1,24}?[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9）)の]は\s*[^、。，,\s]")
"""A Japanese topic and what is said of it (``ゾーンはまとめて落ちる範囲``, ``ストレージクラスは変更可能``):
a whole statement, not a name waiting for an explanation."""
_LIST_OF_NAMES = lazy_compile(r"[,、，]")
_PREDICATE_FIRST = lazy_compile(
    r"^(?:can|cannot|can't|must|may|should|will|does|do|is|are|has|have|works?|uses?|needs?|supports?|allows?|"
    r"provides?)\s",
    re.IGNORECASE,
)
"""A phrase that opens on its verb (``Can combine different classes``): a property said of the bullet above."""
_SHORT_STATEMENT = lazy_compile(
    r"^[A-Za-z0-9][\w.-]*(?:\s+\([^()]*\))?\s+(?:is|are|was|were|has|have|represents?|describes?|contains?|holds?|"
    r"stores?|means?|defines?|identif(?:y|ies)|uses?|needs?|runs?|keeps?|returns?|maps?)\s+\S",
    re.IGNORECASE,
)
"""A few words that make a whole English statement (``Tables represent relations``, ``Rows are
individual records``): a subject, a verb and its object, no name waiting for an explanation."""


def _bare_name(text: str) -> tuple[str, str]:
    """The code and reason of a short line with no statement in it: a name, said truly of its shape
    (a name with its expansion, a term joined to a few words by ``=``, a piece of a sentence that
    runs on, a list of names)."""
    stripped = text.strip()
    expanded = _EXPANDED.match(stripped)
    if (
        expanded
        and any(_ACRONYM.match(part) for part in expanded.groups())
        and not all(_ACRONYM.match(part) for part in expanded.groups())
    ):
        return "name-and-expansion", (
            "a name and its expansion (another name for the same thing), with nothing that says what it is or does; "
            "write `- **Name** (expansion): what it is` to get a card"
        )
    if _JOINED.match(stripped):
        return "no-card-shape", (
            "a term and a few words joined by '=', not read as `Term = meaning` (a formula, a value, a second '=', "
            "a meaning that leans on the line above); write `- **Term**: explanation` to get a card"
        )
    if stripped.endswith(("、", ",", "，")):
        return "no-card-shape", (
            f"a piece of a sentence that runs on into the next line (it ends on '{stripped[-1]}'), no whole "
            "statement to ask; write the sentence on one line to get a card"
        )
    runs_on = _RUNS_ON.search(stripped) or _RUNS_ON_JA.search(stripped)
    if runs_on:
        return "no-card-shape", (
            f"a piece of a sentence that runs on into the next line (it ends on '{runs_on.group(1)}'), no whole "
            "statement to ask; write the sentence on one line to get a card"
        )
    if _SHORT_STATEMENT.match(stripped) or _SHORT_STATEMENT_JA.match(stripped):
        return "no-card-shape", (
            "a short statement (a subject, its verb and what it says of it) with no term or key phrase marked "
            "to ask; bold the key phrase for a cloze, or write `- **Term**: explanation`"
        )
    if _LIST_OF_NAMES.search(stripped):
        return "bare-name", _NAME_LIST
    words = stripped.split()
    if len(words) >= 2 and (
        _PREDICATE_FIRST.match(stripped)
        or (stripped.isascii() and stripped[:1].islower() and not _ACRONYM.match(words[0]))
    ):
        return "no-card-shape", _NO_SHAPE  # ``use policy generator``: a phrase (an instruction, a property), no name
    return "bare-name", _BARE_NAME


_NAME_LIST = (
    "a list of names (or properties) with nothing that explains them; write `- **Name**: what it is` for each "
    "to get a card"
)


_BARE_NAME = "a name with nothing that explains it; write `- **Name**: what it is` to get a card"


def _is_bare_name(text: str) -> bool:
    stripped = text.strip()
    if has_cjk(stripped):
        return len(stripped) <= 15 and not sentence_like(stripped)
    return len(stripped.split()) <= 4 and not sentence_like(stripped)
