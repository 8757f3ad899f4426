"""Prose gaps: one gap in a plain declarative sentence of running prose, made only when the
sentence passes a confidence gate, else its ``--explain`` line says why it was doubtful.

Articles and translated specs write their facts as whole sentences under a heading, with no bold,
no ``Term: text`` shape and no figure or code span for :mod:`.token_clozes` to ask. These shapes are
read here, all Japanese, each with the subject in view:

- what a named thing is: ``ストリームは論理的な関連付けです。`` under ``## 多重化されたストリーム``
  — the subject is a name (Latin letters: ``http2``, ``HPACK``) or a term the headings show, the
  complement a short noun phrase; the gap hides the complement.
- what a named thing can no longer do, beside what it gains: ``VPCアクセスを設定したLambda関数は、
  …へアクセスできるようになる代わりに、インターネットへアクセスできなくなります。`` — the negated
  capability is the point, the contrast word (``代わりに``, ``が、``) keeps the question answerable;
  the gap hides what the capability is lost on (``インターネット``), the negation stays in view.
- what a named tool makes possible: ``AWS Control Tower を使うと、複数のアカウントを統一的に管理できます。``
  (``…を使って/を利用して/によって …できます``) — the gap hides the tool, a name in Latin letters; what
  it makes possible must not lean on what was said before (``これが実現できます``).

The gate: the subject is a name or a heading's term; the gap is a noun phrase (no clause, no verb,
no vague word such as ``重要``), short, shown nowhere in the headings and said once; a sentence
that leans on another (``この``, ``それ``, ``つまり``), gives an example or an opinion, or holds a
figure or code (the token clozes' to ask) is not read at all. A sentence that has the shape but
fails the gate keeps its explain line, its reason naming what was doubtful.

It runs after :mod:`.token_clozes`, on the paragraphs and list items no card uses, and on the
unasked lines of a block a card uses (a continuation line the card at the item's first line does
not show).
"""

from __future__ import annotations

import html
import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ankigen.patterns import LazyPattern, lazy_compile

from ..model import Document, Inline, ListItem, Paragraph, Section, Span
from . import ExtractContext, register
from .clozes import LineSentence, emit_cloze, unasked_sentences
from .common import file_scoped, fold, plain_html
from .subjects import headings_shown
from .token_clozes import _japanese, _sources, _statement, _Token, _tokens, _with_gap
from .vocabulary import (
    COPULA_VAGUE_WORDS,
    LEANING_DETERMINERS_JA,
    LEANS_TOOL_USE_JA,
    PROSE_GAP_MAX_CHARS,
    PROSE_GAP_PERSONS,
    PROSE_GAP_VAGUE_WORDS,
)

_SENTENCE_END = lazy_compile(r"(?<=[。！？])")
# ``http2はバイナリープロトコルです。``: a subject, は, a noun phrase and the copula ending the sentence
_COPULA = lazy_compile(r"^(?P<subject>[^、。は]{2,30}?)は、?(?P<gap>[^、。]{2,40}?)(?:です|である|でした)。?$")
# ``…代わりに、インターネットへアクセスできなくなります。``: the last clause's object, its particle,
# a short verbal noun and a negated capability ending the sentence
_CANNOT = lazy_compile(
    r"(?:^|[、，は])(?P<gap>[^、，。はがをにへでと「」（）()]{2,30}?)(?:へ|に|を|には|へは|とは)"
    r"(?P<verb>[\u30a0-\u30ff\u3400-\u9fff]{0,6})(?:でき(?:なくなります|なくなる|ません|ない)|不可(?:能)?(?:です)?)。?$"
)
# ``一つのhttp2接続は複数の並行して開かれた状態のストリームを含むことができ、…``: what a named thing
# holds, supports or gives, the noun phrase before を
_HAS = lazy_compile(
    r"^(?P<subject>[^、。は]{2,30}?)は、?(?P<object>[^、。はがを]{2,40}?)を(?:含[むみめ]|持[つちっ]|サポート|提供)"
    r"(?P<relative>(?<=[むつ])[\u30a0-\u30ff\u3400-\u9fffA-Za-z])?"
)
# where the object's own noun phrase starts: after the last particle of what leads to it
# (``それぞれ独立にフローウインドウ``)
_OBJECT_LEAD = lazy_compile(r"^.*[にへでと]")
# ``Note: Active directory can only be installed if the server has a static IP.``: an English
# restriction on a named thing, its condition ending on the noun phrase the gap hides
_ONLY_IF = lazy_compile(
    r"^(?:(?:Note|NB|Tip)\s*:\s*)?(?P<subject>[A-Z][\w\-]*(?:\s+[\w\-]+){0,3}?)\s+can\s+only\s+be\s+[a-z]+ed\s+"
    r"(?:if|when|on|in|into|to|with|by|from|after)\s+(?P<rest>[^.;:!?]*?\b(?:a|an|the|its)\s+"
    r"(?P<gap>[\w\-]+(?:\s+[\w\-]+){0,3}))\s*\.?$"
)
# ``AWS Control Tower を使うと、複数のアカウントを統一的に管理できます。``: a named tool, the verb of using
# it, and what it makes possible; the gap hides the tool
_USE = lazy_compile(
    r"^(?:(?P<topic>[^、。はをがに]{2,30}?)は、?)?(?P<gap>[^、。はがをにでと「」『』（）()]{2,40}?)\s*"
    r"(?:を使うと|を使えば|を使って|を使用して|を使用すると|を用いて|を用いると|を利用して|を利用すると|によって|により)、?"
    r"(?P<rest>[^。]{6,80}?)(?:ことが)?でき(?:ます|る)。?$"
)
_CANNOT_SUBJECT = lazy_compile(r"^(?P<subject>[^、。]{2,40}?)は、?")
# what makes the capability a contrast: what the subject gains, said before what it loses
_CONTRAST = lazy_compile(r"代わりに|ますが、|できるが、|ものの|一方で?、")
# a clause, not a noun phrase: a case particle, a verb ending, a conjunction
_CLAUSE = lazy_compile(r"[をがへ]|に(?!よる)|で(?!き)|から|まで|ため|ので|けど|する|して|され|れる|られ|ない")
# ``このLambda専用のVPCからは、…``: a demonstrative before a name the sentence says itself, which
# leans on nothing the card does not show
_LEADING_DEMONSTRATIVE = lazy_compile(rf"^(?:{'|'.join(LEANING_DETERMINERS_JA)})(?=[A-Za-z])")
# in an object before を a verb may qualify the noun (``並行して開かれた状態のストリーム``): only a
# case particle or a negation makes it a clause
_OBJECT_CLAUSE = lazy_compile(r"[をがへ]|に(?!よる)|から|まで|ため|ので|ない")
VAGUE_WORD_EN = lazy_compile(rf"\b(?:{'|'.join(COPULA_VAGUE_WORDS)})\b", re.IGNORECASE)
"""A judgement word (``important``, ``useful``): an English gap holding one asks an opinion, not a fact."""
_LATIN_NAME = lazy_compile(r"^[A-Za-z][A-Za-z0-9./+\-]*(?:\s[A-Za-z0-9][A-Za-z0-9./+\-]*){0,3}$")
_ENDS_NOUN = lazy_compile(r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9）)]$|(?<=[\u3400-\u9fff])[けりみえし]$")


_SECTION_NUMBER = lazy_compile(r"^\s*[\d.]+\s*")
_HEADING_WORD_BREAK = lazy_compile(r"[\s/・、（）()]+")


def _heading_words(headings: str) -> list[str]:
    """The headings' terms, each heading split on spaces and section numbers (``6.3.``)."""
    return list(_heading_word_tuple(headings))


@file_scoped
@lru_cache(maxsize=256)  # the same headings for every sentence of a section, in both prose-gap walks
def _heading_word_tuple(headings: str) -> tuple[str, ...]:
    words: list[str] = []
    for part in headings.split(" › "):
        part = _SECTION_NUMBER.sub("", part)
        words.extend(word for word in _HEADING_WORD_BREAK.split(part) if len(word) >= 2)
    return tuple(words)


_NOT_TOPIC = ("また", "で", "に", "へ", "から", "まで")
"""What a は after it is no topic marker of (``または``, ``では``, ``には``): no subject read."""


def _subject_doubt(subject: str, words: list[str]) -> str:
    """Why ``subject`` keeps a sentence from being asked alone, else ``""``."""
    if subject.endswith(PROSE_GAP_PERSONS):
        return f"its subject ('{subject}') is a person of a scenario or a story, not a thing to learn"
    if not _named(subject, words):
        return f"its subject ('{subject}') is a plain noun, no name the headings show"
    return ""


def _named(subject: str, words: list[str]) -> bool:
    """Whether ``subject`` is a name (Latin letters) or holds a term the headings show."""
    core = subject.strip()
    if _LATIN_NAME.match(core) and re.search(r"[A-Za-z]{2}", core):
        return True
    folded = fold(core)
    if re.search(r"[A-Za-z][A-Za-z0-9]+", core) and not _LATIN_NAME.match(core):
        # ``VPCアクセスを設定したLambda関数``: a name inside the subject's phrase
        return any(len(name) >= 3 for name in re.findall(r"[A-Za-z][A-Za-z0-9]+", core))
    return any(word in folded or (len(folded) >= 2 and folded in word) for word in words)


def _doubt(gap: str, text: str, words: list[str], headings: str, clause: LazyPattern = _CLAUSE) -> str:
    """Why hiding ``gap`` would make a doubtful card, else ``""``."""
    folded = fold(gap)
    if len(gap) > PROSE_GAP_MAX_CHARS:
        return f"the phrase to hide ('{gap}') is longer than a gap should be"
    if clause.search(gap):
        return f"the phrase to hide ('{gap}') is a clause, not one term"
    if not _ENDS_NOUN.search(gap):
        return f"the phrase to hide ('{gap}') does not end on a noun"
    if any(word in gap for word in PROSE_GAP_VAGUE_WORDS):
        return f"the phrase to hide ('{gap}') is a judgement or a vague word, not a fact"
    if folded in headings or any(word in folded or folded in word for word in words):
        return f"the phrase to hide ('{gap}') shows in the headings, so the card would give its answer away"
    if fold(text).count(folded) > 1:
        return f"the phrase to hide ('{gap}') shows twice in the sentence"
    return ""


def _english_gap(text: str, words: list[str], headings: str) -> tuple[int, int, int, str] | None:
    """(first, start, end, doubt) of the gap an English restriction asks (:data:`_ONLY_IF`), the card's
    text starting at ``first`` (a ``Note:`` label left off); None when the sentence has no such shape."""
    only = _ONLY_IF.match(text)
    if only is None:
        return None
    subject, gap = only.group("subject"), only.group("gap")
    start, end = only.start("gap"), only.end("gap")
    words_of = subject.split()
    named = any(re.match(r"[A-Z]", word) for word in words_of[1:]) or any(
        fold(subject) in word or word in fold(subject) for word in words
    )
    if not named or subject.lower().split()[0] in ("you", "we", "i", "one", "users", "people"):
        return only.start("subject"), start, end, f"its subject ('{subject}') is no name the headings show"
    folded = fold(gap)
    if any(fold(word) in folded or folded in fold(word) for word in words) or folded in headings:
        return only.start("subject"), start, end, f"the phrase to hide ('{gap}') shows in the headings"
    if VAGUE_WORD_EN.search(gap):
        return only.start("subject"), start, end, f"the phrase to hide ('{gap}') is a judgement, not a fact"
    return only.start("subject"), start, end, ""


def _gap(text: str, words: list[str], headings: str) -> tuple[int, int, str] | None:
    """(start, end, doubt) of the one gap the sentence asks, the doubt ``""`` when the gate passes;
    None when the sentence has neither shape."""
    copula = _COPULA.match(text)
    if copula is not None:
        subject, gap = copula.group("subject").strip(), copula.group("gap").strip()
        subject = subject[:-1] if subject.endswith("と") else subject  # ``X とは Y です``
        if (
            subject.endswith(_NOT_TOPIC)
            or _CLAUSE.search(subject)
            or fold(gap) in fold(subject)
            or fold(subject) in fold(gap)
        ):
            return None
        start = copula.start("gap") + copula.group("gap").index(gap)
        if _subject_doubt(subject, words):
            return start, start + len(gap), _subject_doubt(subject, words)
        return start, start + len(gap), _doubt(gap, text, words, headings)
    has = _HAS.match(text)
    if has is not None:
        subject, whole = has.group("subject").strip(), has.group("object")
        lead = _OBJECT_LEAD.match(whole)
        gap = whole[lead.end() :] if lead else whole
        start = has.start("object") + (lead.end() if lead else 0)
        if _CLAUSE.search(subject) or len(gap) < 3 or has.group("relative") or subject.endswith(_NOT_TOPIC):
            return None  # ``…を持つアプリケーションを管理します``: the object qualifies a noun, no predicate
        if _subject_doubt(subject, words):
            return start, start + len(gap), _subject_doubt(subject, words)
        return start, start + len(gap), _doubt(gap, text, words, headings, _OBJECT_CLAUSE)
    use = _USE.match(text)
    if use is not None and re.search(r"[A-Za-z]{2}", use.group("gap")):
        gap = use.group("gap").strip()
        start = use.start("gap")
        if (use.group("topic") and _CLAUSE.search(use.group("topic"))) or gap.startswith(("また", "なお", "さらに")):
            return None
        if LEANS_TOOL_USE_JA.search(use.group("rest")) or LEANS_TOOL_USE_JA.search(gap):
            return (
                start,
                start + len(gap),
                "what the tool makes possible leans on something said before it (これ, この…), so the card "
                "would not say what it asks",
            )
        return start, start + len(gap), _doubt(gap, text, words, headings)
    cannot = _CANNOT.search(text)
    owner = _CANNOT_SUBJECT.match(text)
    if (
        cannot is None
        or owner is None
        or owner.end() > cannot.start("gap")
        or owner.group("subject").endswith(_NOT_TOPIC)
    ):
        return None
    subject, gap = owner.group("subject").strip(), cannot.group("gap").strip()
    start = cannot.start("gap") + cannot.group("gap").index(gap)
    if _subject_doubt(subject, words):
        return start, start + len(gap), _subject_doubt(subject, words)
    if not _CONTRAST.search(text[: cannot.start("gap")]):
        return (
            start,
            start + len(gap),
            "it says only what its subject cannot do, with nothing it can do beside it, so the gap would ask "
            "one of everything it cannot",
        )
    return start, start + len(gap), _doubt(gap, text, words, headings)


def plain_parts(parts: Sequence[Inline]) -> tuple[list[Inline], str] | None:
    """A sentence's inline parts without leading blanks, and their text, when every part is plain
    text: a link, code span or bold phrase is another extractor's key, so such a sentence is ``None``."""
    kept = list(parts)
    while kept and kept[0].kind == "text" and not kept[0].text.strip():
        kept.pop(0)
    if not kept or any(part.kind != "text" for part in kept):
        return None
    return kept, "".join(part.text for part in kept).strip()


def skip_doubtful(context: ExtractContext, span: Span, text: str, doubt: str) -> None:
    """The explain line of a sentence that has a prose-gap shape but fails the gate (both languages)."""
    context.skip(
        span,
        text,
        f"a plain sentence with a gap candidate, left out as doubtful: {doubt}; bold the key phrase for a cloze",
        code="no-card-shape",
    )


@dataclass(frozen=True, slots=True)
class ProseSentence:
    """A sentence of an owner's text that no card asks, with what both prose-gap walks read of it."""

    sentence: LineSentence
    parts: list[Inline]
    """Its parts, plain text only (:func:`plain_parts`)."""
    joined: str
    """Its text."""
    headings: str
    """The headings shown over it (:func:`~ankigen.extract.subjects.headings_shown`)."""
    words: list[str]
    """The words of those headings (:func:`_heading_words`)."""


def prose_sentences(
    document: Document,
    context: ExtractContext,
    owner: Paragraph | ListItem,
    section: Section,
    topic: str,
    seen: tuple[set[int], str],
    sentence_end: LazyPattern,
) -> Iterator[ProseSentence]:
    """The one walk of both prose-gap extractors over an owner's sentences: nothing outside a
    studied section or a topic; each sentence no card asks (``seen``: the lines asked and the text
    shown, :func:`asked_and_shown`), plain text only (a link, code or bold is another extractor's
    key), and not one a card of a claimed owner already shows. Once the owner's sentences are read,
    the owner is claimed if the caller made a card of any of them."""
    if not (section.level or topic):
        return
    asked, shown = seen
    claimed = context.claimed(owner)
    headings = headings_shown(document, section, topic)
    words = _heading_words(headings)
    before = len(context.candidates)
    for sentence in unasked_sentences(owner.inlines, owner.span.line, asked, sentence_end):
        read = plain_parts(sentence.parts)
        if read is None:
            continue  # a link, code or bold: another extractor's key
        parts, joined = read
        if claimed and (len(joined) < 12 or joined[:40] in shown):
            continue  # a sentence a card already shows
        yield ProseSentence(sentence, parts, joined, headings, words)
    if len(context.candidates) > before:
        context.claim(owner)


def asked_and_shown(context: ExtractContext) -> tuple[set[int], str]:
    """The lines the cards so far ask and the plain text they show, read once per extractor run
    (and kept for the next run that finds the same candidates: they are frozen, and when none was
    proposed, taken back or replaced since, the answer is the same; the set is the caller's own)."""
    candidates = tuple(context.candidates)
    kept = context.memo.get("asked-and-shown")
    if isinstance(kept, _AskedAndShown) and kept.same(candidates):
        return set(kept.asked), kept.shown
    asked = {candidate.note.span.line for candidate in candidates}
    shown = plain_html(" ".join(value for candidate in candidates for _, value in candidate.note.fields))
    context.memo["asked-and-shown"] = _AskedAndShown(candidates, frozenset(asked), shown)
    return asked, shown


@dataclass(frozen=True, slots=True)
class _AskedAndShown:
    """:func:`asked_and_shown`'s answer for the candidates it read."""

    candidates: tuple[object, ...]
    asked: frozenset[int]
    shown: str

    def same(self, candidates: tuple[object, ...]) -> bool:
        return len(candidates) == len(self.candidates) and all(map(operator.is_, candidates, self.candidates))


@register("prose-gaps", order=103)
def extract_prose_gaps(document: Document, context: ExtractContext) -> None:
    seen = asked_and_shown(context)
    for owner, section, topic in _sources(document):
        for prose in prose_sentences(document, context, owner, section, topic, seen, _SENTENCE_END):
            parts, joined = prose.parts, prose.joined
            text = _statement(parts) or _statement([Inline("text", "", _LEADING_DEMONSTRATIVE.sub("", joined))])
            if not text or not joined.endswith(text):
                continue
            text, first = joined, 0
            figures, names = _tokens(parts)
            if figures or names:
                continue  # a figure, identifier or quote: the token clozes weigh it
            if _japanese(text):
                found = _gap(text, prose.words, prose.headings)
            else:
                english = _english_gap(text, prose.words, prose.headings)
                found = None if english is None else english[1:]
                first = 0 if english is None else english[0]
            if found is None:
                continue
            start, end, doubt = found
            span = owner.span.at(prose.sentence.line)
            if doubt:
                skip_doubtful(context, span, text, doubt)
                continue
            text, start, end = text[first:], start - first, end - first
            plain = [Inline("text", html.escape(text, quote=False), text)]
            emit_cloze(
                context, document, section, span, _with_gap(plain, _Token(0, start, end, figure=False)), topic, owner
            )
