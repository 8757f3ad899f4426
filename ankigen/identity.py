"""Note identity: GUIDs from a namespace, the note kind and a normalised key, never from the text.

Anki matches an imported note to the one it already has by GUID alone, so the GUID is what lets a
user edit their notes, rebuild and import again without losing reviews. A note's GUID is

    "ag" + base62(sha256("ankigen-1" \\x1f namespace \\x1f kind \\x1f normalised key)[:8])

What changes a note's identity (Anki then adds a new note and the old one stays as it was):

* its **key**, after normalisation. The key is what the note is about:
  a definition's term (plus its parent bullet's term when it is nested under one); a
  comparison's entity plus the first header cell of its table; the set of
  key phrases (bold / ==marked== / ``{{c1::...}}`` answers) of a cloze, in any order; a basic
  note's question;
* its **kind**: a definition rewritten as a table row becomes a comparison, a new note;
* the **namespace**: by default the top-level deck name (``AWS`` for ``deck: AWS::Networking``).
  Without ``deck:`` or ``title:`` front matter the deck comes from the file's ``#`` heading,
  else the file name, so renaming that heading or that file renames the deck and changes identity;
  set ``deck:`` in the front matter (or pass ``namespace=``) to avoid that. A file with several
  ``#`` headings is decked by its file name, but namespaced by its first ``#`` heading, as the
  rule before it was (``Note.namespace``): that rule's change moved no note to a new GUID.

What does **not** change it: the answer text, the note's position or order, its section, its
heading (renamed or re-levelled), the file it is in (within the same top-level deck), the other
columns and rows of its table, the wording of a cloze around the same key phrases, and in the key
itself letter case, full/half width (NFKC), markup, HTML entities, spacing and trailing ``:`` ``?``.

**Pinning.** An Obsidian block id at the end of the note's line (``- **VPC**: ... ^vpc``) pins the
identity: the GUID then comes from the namespace and the id alone, so the key may change freely.
The id is removed from the card text. Only the note's own fields are searched (never the whole
``Table``, the ``Context`` or the ``Source``), so one row's id does not pin its neighbours.

**Duplicates.** Two notes with the same identity get deterministic, distinct GUIDs: the later one in
source order (files sorted by path, then line) is numbered, with a warning naming both places.
Its identity then depends on the order, so the warning suggests renaming one or pinning it.
No two notes handed on from here ever share a GUID.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Protocol

from ankigen.patterns import HTML_TAG, lazy_compile

from .model import Diagnostic, Note, Span

__all__ = [
    "GuidMemo",
    "GuidNumbering",
    "assign_guids",
    "assign_guids_by_file",
    "guid_for",
    "identify",
    "normalise_key",
    "pin_note",
]

GUID_VERSION = "ankigen-1"  # part of every GUID: changing it re-creates every user's notes

# Fields that show material around the note (the whole table, the heading path, the file),
# where a block id belongs to a neighbour, not to this note.
_SURROUNDING_FIELDS = frozenset({"Table", "Context", "Source"})

_MARKUP = lazy_compile(r"\*+|`+|==|~~|(?<!\w)_+|_+(?!\w)", needs=("*", "`", "==", "~~", "_"))
_CJK_OR_BRACKET = r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef()\[\]{}「」『』【】]"
# (?<!\s): a match starts only where a run of spaces starts; same matches, but linear in the run
_SPACE_NEAR_CJK = lazy_compile(rf"(?<!\s)\s+(?={_CJK_OR_BRACKET})|(?<={_CJK_OR_BRACKET})\s+")
# The same on ASCII text, where the class above can only match its brackets: compiling the CJK ranges
# costs milliseconds (re builds their bitmap a code point at a time), paid on every run otherwise.
_SPACE_NEAR_BRACKET = lazy_compile(r"(?<!\s)\s+(?=[()\[\]{}])|(?<=[()\[\]{}])\s+")
_EDGE_PUNCTUATION = " :;,.!?、。・"
# `` ^block-id`` ending a line of text: before the end of the field, a line break or a closing tag
# (not inside code, where ``grep ^foo`` is not an id).
_BLOCK_ID = lazy_compile(r"[ \t\u3000]+\^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*(?=$|<br\s*/?>|</(?!code\b|pre\b)[a-z0-9]+>)")
_BLOCK_ID_AT_END = lazy_compile(r"[ \t\u3000]+\^([A-Za-z0-9][A-Za-z0-9-]*)\s*(?:</(?!code\b|pre\b)[a-z0-9]+>\s*)*$")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def normalise_key(key: str) -> str:
    """The form of a key that identity depends on.

    NFKC (full/half width), HTML tags and entities and Markdown markup removed, case folded,
    whitespace collapsed and dropped next to CJK text and brackets, ``:`` ``?`` ``。`` and the like
    trimmed from both ends. Parts separated by ``\\x1f`` (entity and table, cloze phrases) are
    normalised one by one.
    """
    return "\x1f".join(_normalise_part(part) for part in key.split("\x1f"))


@lru_cache(maxsize=8192)  # pure; selection compares the keys it normalises, then the GUID needs them
def _normalise_part(text: str) -> str:
    text = html.unescape(HTML_TAG.sub("", text))
    text = unicodedata.normalize("NFKC", text)
    text = _MARKUP.sub("", text).casefold()
    text = " ".join(text.split())
    if " " in text:  # (the only whitespace left: the patterns below find nothing in one word)
        text = (_SPACE_NEAR_BRACKET if text.isascii() else _SPACE_NEAR_CJK).sub("", text)
    return text.strip(_EDGE_PUNCTUATION)


_PAIRS = tuple(high + low for high in _ALPHABET for low in _ALPHABET)  # two base-62 digits at a time


def _encode(number: int) -> str:
    """``number`` in base 62, without leading zeros ("0" for zero)."""
    pairs = []
    while number:
        number, remainder = divmod(number, 3844)
        pairs.append(_PAIRS[remainder])
    return "".join(reversed(pairs)).lstrip("0") or "0"


def guid_for(namespace: str, kind: str, key: str) -> str:
    """A stable Anki GUID (``ag`` and 11 base-62 characters) for a note of ``kind`` with ``key``."""
    material = "\x1f".join((GUID_VERSION, _normalised_namespace(namespace), kind, normalise_key(key)))
    digest = hashlib.sha256(material.encode("utf-8")).digest()
    return "ag" + _encode(int.from_bytes(digest[:8], "big")).rjust(11, "0")


@lru_cache(maxsize=256)  # a vault has a few namespaces (deck roots), asked again for every note
def _normalised_namespace(namespace: str) -> str:
    return normalise_key(namespace)


def namespace_of(note: Note, override: str | None = None) -> str:
    """``override`` (``namespace=``), else the note's own namespace (set where the deck rule renamed
    its file's deck), else its deck's top level."""
    if override:
        return override
    return (note.namespace or note.deck).split("::", 1)[0]


_FIELD_VALUE = itemgetter(1)


def pin_note(note: Note) -> Note:
    """Take a trailing Obsidian block id (``^my-id``) out of the note's text and into ``pinned_id``.

    An id an extractor already set wins. Ids are removed from every field, so none shows on a card.
    """
    pinned = note.pinned_id
    if not pinned and "^" not in "".join(map(_FIELD_VALUE, note.fields)):
        return note  # most notes: no block id can be there (no field holds a ``^``)
    if not pinned:
        for name, value in note.fields:
            if name in _SURROUNDING_FIELDS:
                continue
            match = _BLOCK_ID_AT_END.search(value)
            if match:
                pinned = match.group(1)
                break
    if not pinned and not any("^" in value for _, value in note.fields):
        return note
    fields = tuple((name, _BLOCK_ID.sub("", value)) for name, value in note.fields)
    key = "\x1f".join(_BLOCK_ID.sub("", part) for part in note.key.split("\x1f"))
    return replace(note, fields=fields, key=key, pinned_id=pinned)


def _identity(note: Note) -> tuple[str, str]:
    """The kind and key a note's GUID is made from (a pinned note: its block id alone)."""
    return ("pinned", note.pinned_id) if note.pinned_id else (note.kind.value, note.key)


def identify(note: Note, namespace: str | None = None) -> Note:
    """Pin, then give the note the GUID of its own identity, before collisions are resolved.

    A pure function of one note, so the per-file stage does it (in parallel, and cached)."""
    note = pin_note(note)
    kind, key = _identity(note)
    return note.with_guid(guid_for(namespace_of(note, namespace), kind, key))


class GuidMemo:
    """What :func:`assign_guids_by_file` keeps between the rebuilds of ``ankigen watch``: per file
    (by ``id()`` of its notes as the per-file stage gave them, with those notes) its notes with their
    own GUIDs, how many notes have each GUID, those that more than one note has, the numbered GUIDs
    worked out (their hashes), and per numbered note (by ``id()``, with the note) its renamed copy,
    so an unchanged note stays the same object and later stages can recognise it."""

    __slots__ = ("counts", "files", "guids", "namespace", "renamed", "shared")

    def __init__(self) -> None:
        self.guids: dict[tuple[str, str, str], str] = {}
        self.renamed: dict[int, tuple[Note, Note, Span, Diagnostic]] = {}
        self.files: dict[int, tuple[Sequence[Note], Sequence[Note], list[str]]] = {}
        self.counts: dict[str, int] = {}
        self.shared: set[str] = set()
        self.namespace: str | None = None

    def _count(self, guids: Iterable[str], step: int) -> None:
        counts, shared = self.counts, self.shared
        for guid in guids:
            count = counts.get(guid, 0) + step
            if count >= 2:
                shared.add(guid)
            else:
                shared.discard(guid)
            if count:
                counts[guid] = count
            else:
                del counts[guid]


def assign_guids(
    notes: Iterable[Note], namespace: str | None = None, memo: GuidMemo | None = None
) -> tuple[list[Note], list[Diagnostic]]:
    """Give every note its GUID (:func:`identify`, unless it has one already), then resolve collisions.

    Notes whose identities collide get deterministic, distinct GUIDs (the later one in the given
    order is numbered) and a warning that names both places. ``memo``: see :class:`GuidMemo`.
    """
    numbering = GuidNumbering(namespace, memo)
    out: list[Note] = []
    diagnostics: list[Diagnostic] = []
    for note in notes:
        note, duplicate = numbering.assign(note)
        out.append(note)
        if duplicate is not None:
            diagnostics.append(duplicate)
    numbering.done()
    return out, diagnostics


def assign_guids_by_file(
    files: Sequence[Sequence[Note]], namespace: str | None, memo: GuidMemo
) -> tuple[list[Note], list[Diagnostic]]:
    """:func:`assign_guids` over the notes of ``files`` one after the other: the same notes and
    warnings, for ``ankigen watch``, which calls it with the ``memo`` of its last call and the same
    sequence object for a file that did not change.

    Only the GUIDs of the files that are new objects are counted again, and only the notes that
    may be numbered are numbered, in order: those whose GUID another note has, and those whose GUID
    is one their numbering gave (until none is left out). Every other note keeps its GUID
    in a numbering of all the notes, and takes no part in the numbering of the others."""
    if memo.namespace != namespace:
        memo.files, memo.counts, memo.shared, memo.namespace = {}, {}, set(), namespace
    previous = memo.files
    current: dict[int, tuple[Sequence[Note], Sequence[Note], list[str]]] = {}
    for notes in files:
        key = id(notes)
        if key in current:
            if notes:  # the same notes twice (never in watch): count everything again next time
                memo.files, memo.counts, memo.shared = {}, {}, set()
                return assign_guids(itertools.chain.from_iterable(files), namespace, memo)
            continue
        entry = previous.get(key)
        if entry is None or entry[0] is not notes:
            identified = notes if all(map(_GUID, notes)) else tuple(_identified(notes, namespace))
            entry = (notes, identified, list(map(_GUID, identified)))
            memo._count(entry[2], 1)
        current[key] = entry
    for key, (_, _, guids) in previous.items():
        if key not in current:
            memo._count(guids, -1)
    memo.files = current
    placed = [current[id(notes)] for notes in files]
    counts, hot = memo.counts, set(memo.shared)
    while True:
        seen: dict[str, Span] = {}
        numbering = GuidNumbering(namespace, memo, seen)
        out: list[Note] = []
        diagnostics: list[Diagnostic] = []
        for _, identified, guids in placed:
            if not hot or hot.isdisjoint(guids):
                out.extend(identified)
                continue
            start = len(out)
            out.extend(identified)
            for index in itertools.compress(range(len(guids)), map(hot.__contains__, guids)):
                note, duplicate = numbering.assign(identified[index])
                out[start + index] = note
                if duplicate is not None:
                    diagnostics.append(duplicate)
        # a GUID the numbering gave that a note left out has: that note takes part too (a GUID it
        # tried and passed over is one it gave before)
        missed = {guid for guid in seen if guid in counts} - hot
        if not missed:
            numbering.done()
            return out, diagnostics
        hot |= missed


def _identified(notes: Iterable[Note], namespace: str | None) -> Iterator[Note]:
    for note in notes:
        yield note if note.guid else identify(note, namespace)


_GUID = attrgetter("guid")


class SeenSpans(Protocol):
    """What :class:`GuidNumbering` keeps of the GUIDs it gave: each with where its note is."""

    def __contains__(self, guid: str, /) -> bool: ...

    def __getitem__(self, guid: str, /) -> Span: ...

    def __setitem__(self, guid: str, span: Span, /) -> None: ...


LAST_COUNTERS_KEPT = 1024
"""The most colliding GUIDs :class:`GuidNumbering` keeps its last count for (the copies of one
identity mostly come close together, in one file): a vault with a few duplicates a file would
otherwise keep one for every file, and a streamed build's memory grow with the vault. Forgetting
one gives the same GUIDs: the numbering then tries the numbers from 2 again, each found taken."""


class GuidNumbering:
    """:func:`assign_guids` a note at a time, for a build that streams its notes: a note's GUID is
    final once it is given (only a later note with the same identity is numbered), and only each
    GUID and where its note is are kept, not the notes."""

    __slots__ = ("last_counter", "memo", "namespace", "renamed", "seen")

    def __init__(
        self, namespace: str | None = None, memo: GuidMemo | None = None, seen: SeenSpans | None = None
    ) -> None:
        self.namespace = namespace
        self.memo = memo
        self.seen: SeenSpans = seen if seen is not None else {}
        """Each GUID given, with where its note is: a dict, or a table on disk (a build that
        streams its notes, see :class:`ankigen.state.SeenGuids`)."""
        self.last_counter: dict[str, int] = {}  # per colliding GUID: so n duplicates cost n, not n squared
        self.renamed: dict[int, tuple[Note, Note, Span, Diagnostic]] = {}

    def assign(self, note: Note) -> tuple[Note, Diagnostic | None]:
        """The note with its GUID, and the warning when it had to be numbered."""
        namespace, memo, seen = self.namespace, self.memo, self.seen
        if not note.guid:
            note = identify(note, namespace)
        guid = note.guid
        duplicate: Diagnostic | None = None
        if guid in seen:
            first = seen[guid]
            space = namespace_of(note, namespace)
            kind, key = _identity(note)
            base = guid
            counter = self.last_counter.get(base, 1)
            while guid in seen:
                counter += 1
                numbered = f"{key}\x1f#{counter}"
                if memo is None:
                    guid = guid_for(space, kind, numbered)
                else:
                    guid = memo.guids.get((space, kind, numbered)) or guid_for(space, kind, numbered)
                    memo.guids[(space, kind, numbered)] = guid
            if len(self.last_counter) >= LAST_COUNTERS_KEPT:
                self.last_counter.clear()  # a hint only: without it, the count starts at 1 and skips the GUIDs given
            self.last_counter[base] = counter
            original = note
            known = memo.renamed.get(id(original)) if memo is not None else None
            if known is not None and known[0] is original and known[1].guid == guid:
                note = known[1]
                # the same warning as then when it names the same first place
                duplicate = known[3] if known[2] == first else Diagnostic(note.span, _duplicate_message(note, first))
            else:
                note = note.with_guid(guid)
                duplicate = Diagnostic(note.span, _duplicate_message(note, first))
            if memo is not None:
                self.renamed[id(original)] = (original, note, first, duplicate)
        seen[guid] = note.span
        return note, duplicate

    def done(self) -> None:
        """Leave in the memo what this numbering worked out (see :class:`GuidMemo`)."""
        memo = self.memo
        if memo is not None:
            memo.renamed = self.renamed
            if len(memo.guids) > 4 * len(self.renamed) + 1024:  # numbers no longer asked for
                memo.guids.clear()


def _duplicate_message(note: Note, first: Span) -> str:
    if note.pinned_id:
        return (
            f"block id ^{note.pinned_id} is also used at {first}; both are kept as separate notes, but "
            "this one's identity now depends on the order. Give each note its own ^id"
        )
    shown = note.key.split("\x1f")[0] if note.kind.value != "cloze" else " / ".join(note.key.split("\x1f"))
    return (
        f"{note.kind.value} {shown!r} is also at {first} (same key after normalising case, width and "
        "markup); both are kept as separate notes, but this one's identity now depends on the order. "
        "Rename one, or pin it with a block id such as ^my-id at the end of its line"
    )
