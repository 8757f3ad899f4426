"""List-name clozes: a bullet of a Japanese list of statements (best practices, drawbacks,
problems) whose point is the one name it marks — a Latin-letter name (``MFA/2FA``, ``VPC``,
``AWS CloudTrail``), a link, a `code` span or a short 「quoted」 term — becomes a cloze hiding that
name, the headings as its Context: ``重要なアカウントは MFA/2FA を要求する`` under
``## OWASP A2: 壊れた認証``, ``TTLが切れる前にコンテンツが更新されると陳腐化する`` under ``### 欠点: CDN``.

Such bullets are whole statements with no bold and no ``Term: text`` shape, so each was dropped
(``no-card-shape``), and a label heading over three of them (欠点) was one list to recite. In
Japanese prose a name in Latin letters, a link or a quote stands out of the sentence: it is the
thing the author wants remembered, and the rest of the statement (with the heading) says what it
is for. One card per bullet, so nothing is recited.

Only a name that is a whole noun is asked: a particle follows it (``MFA を``, ``TTLが``), not a
noun it qualifies (``SSH キー``, ``IPアドレス``: part of a compound). Names the headings say are
the statement's subject, not its answer, and are not counted; neither are names in brackets (an
aside or an alias) or before ``など`` (an example). Two or three names joined by ``や`` / ``と`` /
``、`` are one gap each. Nothing is made when the bullet holds other names, says its name as its
topic (``X は …``), leans on what came before (``この``, ``それ``), is an example, a question, a
negation or an opinion, does not end on a predicate, or when the section has no heading; such a
bullet keeps its ``--explain`` line.

It runs after the token clozes, on top-level bullets of lists of two or more that nothing used.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass

from ankigen.patterns import lazy_compile

from ..model import Block, Document, Inline, Inlines, ListBlock, ListItem, Paragraph, Quote, Section
from . import ExtractContext, register
from .clozes import emit_cloze, unasked_sentences
from .common import JA_OPINION, JA_QUOTED, JA_SENTENCE_END, fold, study_sections, top_level_blocks
from .subjects import headings_shown
from .vocabulary import (
    CONTRAST_MAX_CHOICES,
    EXAMPLE_SENTENCE,
    FIRST_PERSON_WORDS,
    LEANS_LIST_NAME_JA,
    LIST_NAME_AMBIENT_MIN_LINES,
    LIST_NAME_AMBIENT_SHARE,
    LIST_NAME_GENERIC,
    LIST_NAME_PARTICLES,
    MAX_CLOZE_GAP_CHARS,
    MAX_SUBJECT_SENTENCE_CHARS,
)

_JAPANESE = lazy_compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# a Latin-letter name: words joined by ``-./+`` (``MFA/2FA``, ``Content-Security``), or by a
# space before a capital (``AWS CloudTrail``, ``Trusted Advisor``); ``HTTP(S)``
_LATIN = lazy_compile(
    r"(?<![A-Za-z0-9_.\-/])[A-Za-z][A-Za-z0-9]*(?:[-/.+][A-Za-z0-9]+|\s[A-Z][A-Za-z0-9]*)*(?:\([A-Za-z]\))?"
    r"(?![A-Za-z0-9_])"
)
_BRACKETS = lazy_compile(r"（[^（）]*）|\([^()]*\)|［[^［］]*］|\[[^\[\]]*\]")
_PREDICATE = lazy_compile(r"(?:ます|です|でした|ました|[うくすつぬぶむるぐ]|た|だ|可能|必要)$")
_NEGATION = lazy_compile(r"ない|ません|ず[、。]|ずに")
# what joins a name to another thing beside it (``HTTP と TCP``); not ``として``, ``という``
_SIDE_BY_SIDE = lazy_compile(r"^\s*(?:や|と(?!して|しては|いう|いった|なる|なり|同じ|同様|比べ)|、|,|・)")
_BESIDE_BEFORE = lazy_compile(r"(?:や|と|・|[A-Za-z0-9)）」]\s*[、,])\s*$")
# a scenario's opening (``ある企業が…``): a case an exam question sets up, no fact
_SCENARIO = lazy_compile(r"^(?:ある|某)[^\s、。]{1,6}(?:が|は|で)")
_LABEL = lazy_compile(r"^[^、。:：\s]{1,12}\s*[:：]")
_JOINER = lazy_compile(r"^\s*(?:や|と|、|,|・)\s*$")


@dataclass(frozen=True, slots=True)
class _Name:
    start: int  # offsets in the sentence's plain text
    end: int
    part: int  # the inline it is in
    whole: bool  # the whole inline (a link or a code span)
    latin: bool = False  # a run of Latin letters in the text (not a quote)


def _japanese(text: str) -> bool:
    return _JAPANESE.search(text) is not None


def _masked(text: str) -> str:
    """``text`` with what brackets hold blanked (same length): asides and aliases are no statement."""
    previous = None
    while previous != text:
        previous = text
        text = _BRACKETS.sub(lambda match: " " * len(match.group(0)), text)
    return text


def _names(parts: list[Inline]) -> list[_Name]:
    """The marked names of the sentence, in reading order: links, code, quotes and Latin runs."""
    found: list[_Name] = []
    offset = 0
    for index, part in enumerate(parts):
        if part.kind in ("code", "link"):
            if part.text.strip():
                found.append(_Name(offset, offset + len(part.text), index, whole=True))
        elif part.kind == "text":
            quoted: list[tuple[int, int]] = []
            for match in JA_QUOTED.finditer(part.text):
                quoted.append((match.start(), match.end()))
                found.append(_Name(offset + match.start(1), offset + match.end(1), index, whole=False))
            for match in _LATIN.finditer(part.text):
                if not any(start <= match.start() < end for start, end in quoted):
                    found.append(_Name(offset + match.start(), offset + match.end(), index, whole=False, latin=True))
        offset += len(part.text)
    return found


def _followed_by_particle(after: str) -> bool:
    """The name is a whole noun: a particle or a comma follows it, not a noun it qualifies."""
    after = after.lstrip(" \u3000")
    return not after or after.startswith(LIST_NAME_PARTICLES)


def _in_headings(name: str, headings: str) -> bool:
    folded = fold(name)
    return folded in headings or any(part and part in folded for part in re.split(r" › |[:：]\s*", headings))


def list_names(parts: list[Inline], headings: str, ambient: frozenset[str] = frozenset()) -> list[_Name]:
    """The one name a statement bullet asks (or two or three joined by ``や`` / ``と``), [] when it
    asks none: see the module's docstring."""
    if any(part.kind in ("strong", "mark", "cloze", "image", "math") for part in parts):
        return []  # bold already says what to ask: the cloze extractor's
    text = "".join(part.text for part in parts)
    masked = _masked(text)
    plain = " ".join(masked.split())
    if not _japanese(plain) or len(text) > MAX_SUBJECT_SENTENCE_CHARS or plain.endswith(("?", "？", ":", "：")):
        return []
    if LEANS_LIST_NAME_JA.search(plain) or EXAMPLE_SENTENCE.search(plain) or _SCENARIO.search(plain):
        return []  # leans on what came before, or an example (one in brackets is an aside)
    if JA_OPINION.search(plain) or _NEGATION.search(plain) or any(word in plain for word in FIRST_PERSON_WORDS):
        return []
    if not _PREDICATE.search(plain.rstrip("。 ")):
        return []  # a noun phrase, not a statement
    if _LABEL.match(plain):
        return []  # ``用途: …``: a label's text, about a subject the label does not name
    counted: list[_Name] = []
    for name in _names(parts):
        said = text[name.start : name.end]
        after = text[name.end :]
        if masked[name.start : name.end].strip() != said.strip():
            continue  # in brackets: an aside or an alias
        if "://" in said or not re.search(r"[A-Za-z0-9\u3040-\u30ff\u3400-\u9fff]", said[:1] or "x"):
            return []  # a bare address or a marked pointer (``🔗 さらに読む``): no name to learn
        if _in_headings(said, headings) or fold(said) in ambient:
            continue  # the heading's own name, or the notes' own domain (``AWS``): the subject
        if name.latin and fold(said) in LIST_NAME_GENERIC:
            continue  # ``API``, ``URL``: a kind of thing, not the one this bullet teaches
        if after.lstrip(" \u3000").startswith("など"):
            continue  # an example of something
        if name.latin and (not re.search(r"[A-Z]", said) or not _followed_by_particle(after)):
            continue  # a lower-case word, or part of a compound noun (``API コール``): no name to ask
        counted.append(name)
    if not counted or len(counted) > CONTRAST_MAX_CHOICES:
        return []
    for first, second in itertools.pairwise(counted):
        if not _JOINER.match(text[first.end : second.start]):
            return []  # two names apart: two facts, or one asked with the other shown
    first, last = counted[0], counted[-1]
    if _BESIDE_BEFORE.search(text[: first.start]) or _SIDE_BY_SIDE.match(text[last.end :]):
        return []  # one of several things side by side, the others plain
    if re.match(r"^\s*(?:の[^、。はが]{0,15})?(?:は|では|には|とは)(?!じめ)", text[last.end :]):
        return []  # the statement's topic (``X は``, ``X のロールバックは``): what it says is about X
    hidden = [fold(text[name.start : name.end]) for name in counted]
    sentence = fold(text)
    if len(set(hidden)) != len(hidden) or any(
        len(said) > MAX_CLOZE_GAP_CHARS or sentence.count(said) > 1 for said in hidden
    ):
        return []
    rest = re.sub(r"[\W_]+", "", fold(masked))
    for said in hidden:
        rest = rest.replace(re.sub(r"[\W_]+", "", said), "", 1)
    if len(rest) < 8:
        return []  # a name with a word or two: a label, nothing to answer from
    return counted


def _with_gaps(parts: list[Inline], names: list[_Name]) -> Inlines:
    """The sentence with each name as a key phrase (a ``strong`` inline the cloze hides)."""
    out: list[Inline] = []
    offset = 0
    for index, part in enumerate(parts):
        own = [name for name in names if name.part == index]
        if not own:
            out.append(part)
        elif own[0].whole:
            out.append(Inline("strong", html.escape(part.text, quote=False), part.text))
        else:
            at = 0
            for name in own:
                start, end = name.start - offset, name.end - offset
                if part.text[at:start]:
                    out.append(Inline("text", html.escape(part.text[at:start], quote=False), part.text[at:start]))
                out.append(Inline("strong", html.escape(part.text[start:end], quote=False), part.text[start:end]))
                at = end
            if part.text[at:]:
                out.append(Inline("text", html.escape(part.text[at:], quote=False), part.text[at:]))
        offset += len(part.text)
    return tuple(out)


def _ambient_names(document: Document) -> frozenset[str]:
    """Latin names on so many lines of the notes that they are its domain (``AWS`` in AWS exam
    notes), not a fact one bullet teaches: hiding one asks nothing."""
    lines: list[str] = []

    def walk(blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                lines.extend(line for line in block.text.splitlines() if line.strip())
            elif isinstance(block, Quote):
                walk(block.children)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    lines.extend(line for line in item.text.splitlines() if line.strip())
                    walk(item.children)

    for section in document.sections:
        lines.append(section.title)
        walk(section.blocks)
    counts: dict[str, int] = {}
    for line in lines:
        for name in {fold(match.group(0)) for match in _LATIN.finditer(line)}:  # once a line
            counts[name] = counts.get(name, 0) + 1
    floor = max(LIST_NAME_AMBIENT_MIN_LINES, len(lines) * LIST_NAME_AMBIENT_SHARE)
    return frozenset(name for name, count in counts.items() if count >= floor)


def _sources(document: Document) -> list[tuple[ListItem, Section]]:
    """The top-level bullets of the lists of two or more items in each study section."""
    return [
        (item, section)
        for section in study_sections(document)
        for block in top_level_blocks(section.blocks)
        if isinstance(block, ListBlock) and len(block.items) >= 2
        for item in block.items
    ]


@register("list-names", order=103)
def extract_list_names(document: Document, context: ExtractContext) -> None:
    asked = {candidate.note.span.line for candidate in context.candidates}
    ambient = _ambient_names(document)
    for owner, section in _sources(document):
        if context.claimed(owner) or not section.level:
            continue  # used by another card, or no heading to say what the bullet is about
        if any(mark in _masked(owner.text) for mark in ("?", "？")):
            continue  # a question, or a scenario that asks one: no statement to learn
        headings = headings_shown(document, section)
        made = False
        for sentence in unasked_sentences(owner.inlines, owner.span.line, asked, JA_SENTENCE_END):
            parts = list(sentence.parts)
            while parts and parts[0].kind == "text" and not parts[0].text.strip():
                parts.pop(0)
            names = list_names(parts, headings, ambient)
            if not names:
                continue
            before = len(context.candidates)
            span = owner.span.at(sentence.line)
            emit_cloze(context, document, section, span, _with_gaps(parts, names), source=owner)
            made = made or len(context.candidates) > before
        if made:
            context.claim(owner)
