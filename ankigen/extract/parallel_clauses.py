"""Parallel clauses: one English sentence that says what each of two to four names is, clause by
clause in the same form: ``TCP is a transport layer protocol, HTTP is an application layer
protocol, IP is a network layer protocol.``, ``A stack is a LIFO structure; a queue is a FIFO
structure.``

Notes state a set of related facts this way, often in bold as a whole (so no bold phrase is a gap)
or with no mark at all; read as a definition of its first name, the card asked the first fact and
gave away the others on its back. The clauses are what make the answers: each names a thing and
says what it is in the same words around a part of its own (``transport layer`` / ``application
layer`` before ``protocol``). The card is one cloze with a gap per clause on that part (c1..cN), the
names in view, so each card asks what one name is with its siblings as context.

It runs before the sentence definitions and the bold clozes, on paragraphs (quoted ones too) and
list items that are that one sentence alone.
"""

from __future__ import annotations

import html
import re

from ..model import Document, Inline, Inlines, ListItem
from . import ExtractContext, register
from .clozes import emit_cloze
from .common import clean_term, fold, looks_like_term, prose_owners, study_sections
from .vocabulary import MAX_CLOZE_GAP_WORDS, MAX_PARALLEL_CLAUSES

_CLAUSE = re.compile(
    r"^(?:and\s+)?(?:(?:a|an|the)\s+)?(?P<name>[^\s,;]+(?:\s[^\s,;]+){0,2}?)\s+(?:is|are)\s+"
    r"(?P<article>(?:a|an|the)\s+)?(?P<phrase>[^,;]+?)$",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r"\s*[,;]\s*")
_PRONOUNS = frozenset({"it", "this", "that", "these", "those", "they", "which", "there", "what", "who", "he", "she"})


def parallel_clauses(sentence: str) -> list[tuple[str, str, str]] | None:
    """(name, the words before its gap, its gap) per clause when the whole sentence is two to
    :data:`MAX_PARALLEL_CLAUSES` clauses ``Name is a <phrase>`` whose phrases end in the same word
    (or are all short), else None."""
    text = " ".join(sentence.split()).rstrip(".")
    if not text or "." in text.replace("e.g.", "").replace("i.e.", ""):
        return None
    pieces = _CLAUSE_SPLIT.split(text)
    if not 2 <= len(pieces) <= MAX_PARALLEL_CLAUSES:
        return None
    clauses: list[tuple[str, str, str]] = []
    for piece in pieces:
        match = _CLAUSE.match(piece)
        if match is None:
            return None
        name = clean_term(match["name"])
        if not name or fold(name) in _PRONOUNS or not looks_like_term(name):
            return None
        clauses.append((name, match["article"] or "", match["phrase"]))
    if len({fold(name) for name, _, _ in clauses}) < len(clauses):
        return None  # ``X is fast, X is cheap``: one thing described twice, not parallel names
    tails = {fold(phrase.split()[-1]) for _, _, phrase in clauses}
    shared = len(tails) == 1 and all(len(phrase.split()) >= 2 for _, _, phrase in clauses)
    gaps: list[tuple[str, str, str]] = []
    for name, article, phrase in clauses:
        gap = phrase.rsplit(" ", 1)[0] if shared else phrase
        if len(gap.split()) > MAX_CLOZE_GAP_WORDS:
            return None  # a long description in each clause: a passage, not parallel facts
        gaps.append((name, article, gap))
    if len({fold(gap) for _, _, gap in gaps}) < len(gaps):
        return None  # the same answer twice: nothing sets the names apart
    return gaps


def _with_gaps(sentence: str, clauses: list[tuple[str, str, str]]) -> Inlines:
    """The sentence as plain text with each clause's gap as a key phrase (a ``strong`` inline)."""
    out: list[Inline] = []
    cursor = 0
    text = " ".join(sentence.split())
    for name, article, gap in clauses:
        start = text.find(name, cursor)
        start = text.find(f"{article}{gap}", max(start, cursor)) + len(article)
        if start < cursor + len(article):
            return ()
        before = text[cursor:start]
        out.append(Inline("text", html.escape(before, quote=False), before))
        out.append(Inline("strong", html.escape(gap, quote=False), gap))
        cursor = start + len(gap)
    rest = text[cursor:]
    if rest:
        out.append(Inline("text", html.escape(rest, quote=False), rest))
    return tuple(out)


@register("parallel-clauses", order=52)
def extract_parallel_clauses(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        for owner in prose_owners(section):
            if context.claimed(owner) or (isinstance(owner, ListItem) and owner.children):
                continue
            text = owner.text.strip()
            if "\n" in text:
                continue
            clauses = parallel_clauses(text)
            if clauses is None:
                continue
            inlines = _with_gaps(text, clauses)
            if not inlines:
                continue
            emit_cloze(context, document, section, owner.span, inlines, source=owner)
            context.claim(owner)
