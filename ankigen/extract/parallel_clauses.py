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

Japanese notes write the same shape with ``は`` and ``、``: ``適合率の分母は「予測陽性」、再現率の分母は
「実陽性」です``, ``スタックはLIFOの構造、キューはFIFOの構造です``. There the sentence is often one of a
paragraph, so the card asks that sentence alone, on its own line, and leaves the paragraph's other
sentences to the other extractors; the sentence is recorded (:func:`parallel_sentence`) so that no
later extractor reads its first clause as a definition of its first name.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, Inline, Inlines, ListItem
from . import ExtractContext, register
from .clozes import emit_cloze, split_sentences
from .common import (
    HIRAGANA_END,
    JA_COPULA_END,
    clean_term,
    fold,
    has_cjk,
    looks_like_term,
    prose_owners,
    study_sections,
)
from .vocabulary import (
    MAX_CLOZE_GAP_CHARS,
    MAX_CLOZE_GAP_WORDS,
    MAX_PARALLEL_CLAUSES,
    POINTING_TERMS_JA,
    PRONOUN_TERMS_EN,
)

_CLAUSE = lazy_compile(
    r"^(?:and\s+)?(?:(?:a|an|the)\s+)?(?P<name>[^\s,;]+(?:\s[^\s,;]+){0,2}?)\s+(?:is|are)\s+"
    r"(?P<article>(?:a|an|the)\s+)?(?P<phrase>[^,;]+?)$",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = lazy_compile(r"\s*[,;]\s*(?:(?:while|whereas)\s+)?")


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
        if not name or fold(name) in PRONOUN_TERMS_EN or not looks_like_term(name):
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


# ``Xは…``, ``Xでは…``, ``一方Yは…``: a clause with its own topic; the name holds no particle or quote
_JA_CLAUSE = lazy_compile(
    r"^(?:一方で?|また)?、?(?P<name>[^、。「」（）()はがをにでと]{1,20}?(?:の[^、。「」（）()はがをにでと]{1,12})?)"
    r"(?:は|では|には)、?(?P<phrase>.+)$"
)
_JA_CONNECTIVES = ("一方", "一方で", "また")
_QUOTED = lazy_compile(r"^「(?P<inner>[^「」]+)」$")


def _ja_pieces(text: str) -> list[str]:
    """``text`` cut at each ``、`` outside 「quotes」 and brackets."""
    pieces: list[str] = []
    depth, current = 0, ""
    for char in text:
        if char in "「（(":
            depth += 1
        elif char in "」）)":
            depth = max(depth - 1, 0)
        if char == "、" and not depth:
            pieces.append(current)
            current = ""
            continue
        current += char
    pieces.append(current)
    # ``…、一方、Bは…``: a connective cut off by its own ``、`` opens the clause after it
    merged: list[str] = []
    for piece in pieces:
        if merged and merged[-1].strip() in _JA_CONNECTIVES:
            merged[-1] += "、" + piece
        else:
            merged.append(piece)
    return merged


def japanese_parallel_clauses(sentence: str) -> list[tuple[int, int]] | None:
    """Where each gap of a Japanese sentence of two to :data:`MAX_PARALLEL_CLAUSES` clauses
    ``NameはPhrase`` joined by ``、`` sits (start, end in ``sentence``), else None. A phrase names what
    its name is (a noun: no verb or adjective at its end), or is one 「quoted」 phrase (the quotes
    stay in view); a tail the phrases share after ``の`` (``…層のプロトコル``) stays in view too."""
    body = JA_COPULA_END.sub("", sentence)
    if not has_cjk(body) or "。" in body:
        return None
    pieces = _ja_pieces(body)
    if not 2 <= len(pieces) <= MAX_PARALLEL_CLAUSES:
        return None
    clauses: list[tuple[str, str, int]] = []  # name, phrase, where the phrase starts in the sentence
    cursor = 0
    for piece in pieces:
        at = sentence.find(piece, cursor)
        cursor = at + len(piece)
        match = _JA_CLAUSE.match(piece)
        if match is None:
            return None
        name, phrase = match["name"].strip(), match["phrase"].strip()
        if name.startswith(POINTING_TERMS_JA) or not looks_like_term(clean_term(name)):
            return None
        quoted = _QUOTED.match(phrase)
        if quoted is None and (HIRAGANA_END.search(phrase) or "「" in phrase):
            return None  # ``…を送る``, ``…が速い``: what it does, not what it is
        start = at + match.start("phrase") + len(match["phrase"]) - len(match["phrase"].lstrip())
        clauses.append((name, quoted["inner"] if quoted else phrase, start + (1 if quoted else 0)))
    if len({fold(name) for name, _, _ in clauses}) < len(clauses):
        return None  # one thing described twice, not parallel names
    phrases = [phrase for _, phrase, _ in clauses]
    shared = _shared_tail(phrases)
    gaps = [(start, start + len(phrase) - len(shared)) for _, phrase, start in clauses]
    answers = [sentence[start:end] for start, end in gaps]
    if len({fold(answer) for answer in answers}) < len(answers):
        return None  # the same answer twice: nothing sets the names apart
    if any(not answer.strip() or len(answer) > MAX_CLOZE_GAP_CHARS for answer in answers):
        return None  # a clause to hide, not a phrase to recall
    return gaps


def _shared_tail(phrases: list[str]) -> str:
    """The tail every phrase ends in after a ``の`` (``のプロトコル``), or ''."""
    tail = phrases[0]
    for phrase in phrases[1:]:
        while tail and not phrase.endswith(tail):
            tail = tail[1:]
    cut = tail.find("の")
    tail = tail[cut:] if cut >= 0 else ""
    return tail if tail and all(len(phrase) > len(tail) for phrase in phrases) else ""


def parallel_sentence(context: ExtractContext, sentence: str) -> bool:
    """Whether ``sentence`` (plain text) is a Japanese one of parallel clauses that this extractor asked."""
    taken = context.memo.get(_TAKEN)
    return isinstance(taken, set) and " ".join(sentence.split()) in taken


_TAKEN = "parallel-clauses:sentences"


def _ja_with_gaps(sentence: str, gaps: list[tuple[int, int]]) -> Inlines:
    """The sentence as plain text with each gap as a key phrase (a ``strong`` inline)."""
    out: list[Inline] = []
    cursor = 0
    for start, end in gaps:
        before, gap = sentence[cursor:start], sentence[start:end]
        if before:
            out.append(Inline("text", html.escape(before, quote=False), before))
        out.append(Inline("strong", html.escape(gap, quote=False), gap))
        cursor = end
    if sentence[cursor:]:
        out.append(Inline("text", html.escape(sentence[cursor:], quote=False), sentence[cursor:]))
    return tuple(out)


def _japanese(document: Document, context: ExtractContext) -> None:
    """The Japanese sentences of parallel clauses, one cloze each, in any paragraph or list item."""
    taken: set[str] = set()
    context.memo[_TAKEN] = taken
    for section in study_sections(document):
        for owner in prose_owners(section):
            if context.claimed(owner) or (isinstance(owner, ListItem) and owner.children):
                continue
            whole = owner.text
            sentences = split_sentences(owner.inlines)
            made = 0
            for sentence in sentences:
                if any(part.kind not in ("text", "br") for part in sentence):
                    continue  # bold, code or links already say what to ask
                plain = " ".join("".join(part.text for part in sentence).split())
                gaps = japanese_parallel_clauses(plain)
                if gaps is None:
                    continue
                first = "".join(part.text for part in sentence).strip()[:8]
                line = owner.span.line + whole.count("\n", 0, max(whole.find(first), 0))
                emit_cloze(context, document, section, owner.span.at(line), _ja_with_gaps(plain, gaps), source=owner)
                taken.add(plain)
                made += 1
            if made and made == len(sentences):
                context.claim(owner)


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
    _japanese(document, context)
