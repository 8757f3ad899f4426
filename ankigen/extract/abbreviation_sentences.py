"""Abbreviation sentences: a name introduced with its abbreviation inside running text and said
there what it does (``Address Resolution Protocol (ARP) is used to learn …``), or in the sentence
right after it, which opens on the abbreviation (``… the Carrier Sense Multiple Access with Collision
Detection (CSMA/CD) algorithm is used. CSMA/CD allows only 1 device to send at a time``), becomes a
definition of ``Expansion (ABBR)`` whose back is what the sentence says it does.

Notes for an exam introduce their key protocols and mechanisms this way, in the middle of a
paragraph, with no bold and no ``Term: text`` shape, so the fact was only explained as a plain
statement (``no-card-shape``). The bracketed abbreviation marks the name as the term the sentence
introduces; that is what keeps this from asking any sentence's subject (``OSI does not use …``
would make the weak front ``OSI``): only a name whose abbreviation follows it, letter for letter
its words' initials (``of``, ``and``, ``with`` … may sit between them), and only a predicate that
says what the thing is for or does: ``is used to`` / ``is used for``, ``allows``, ``lets``,
``enables``, ``provides``, ``is responsible for``, ``refers to``. The back is that predicate
(``Used to dynamically learn …``); the line's other sentences keep their own explain lines.

A named command is introduced the same way in lab logs and tutorial walk-throughs, where the
sentence that says what a tool does sits between the steps: ``The traceroute command can be used to
investigate the path …``, ``The mount command is used to attach a filesystem …``. A sentence that
opens on ``[The] NAME command`` (also ``utility``, ``tool``) and goes on ``is used to`` / ``is used
for`` / ``can be used to`` (or ``allows``, ``lets``, ``enables``, ``provides``) becomes a definition
of ``NAME command``. The name is one word or code span (``ping``, ``netstat``, ``kubectl``); a
generic ``you`` may stand in its predicate (``… from your machine``); one that leads in to a
scenario (``… used for the following scenario``) is no definition.

Left alone: a name the file already defines (any card with the abbreviation or the name as its
term), a predicate of fewer than four words or with a pronoun (``it``, ``this``, ``they``) or the
writer (``we``, ``I``), a negation, an abbreviation whose letters are not the name's initials
(``(e.g. …)``, ``(see RFC 1918)``), and text in Japanese (its own extractors read ``X（Y）は…``).
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, NoteKind
from . import ExtractContext, register
from .common import fold, has_cjk, prose_owners, study_sections

_ABBREVIATION = lazy_compile(r"\(([A-Z][A-Za-z0-9]*(?:[/-][A-Za-z0-9]+)*)\)")
"""An abbreviation in brackets (``(ARP)``, ``(CSMA/CD)``, ``(IPv6)``)."""
_NAME_WORD = lazy_compile(r"^[A-Z][A-Za-z0-9-]*$")
_JOINERS = frozenset({"of", "and", "with", "for", "the", "to", "in", "on", "a", "an", "&"})
"""Small words that may sit between the capitalised words of a name (``Access with Collision``)."""
_PREDICATE = lazy_compile(
    r"^\s+(?:(?:is|are)\s+(?P<used>used\s+(?:to|for)\b)"
    r"|(?:is|are)\s+(?P<resp>responsible\s+for\b)"
    r"|(?P<verb>allows|allow|lets|let|enables|enable|provides|provide|refers\s+to))\s+(?P<rest>.+)$"
)
"""What a sentence says its introduced name does, right after the name (or the abbreviation)."""
_COMMAND_OPENING = lazy_compile(
    r"^(?:The\s+)?(?P<name>[A-Za-z][A-Za-z0-9._-]{1,30})\s+(?P<kind>command|utility|tool)\s+"
    r"(?P<rest>(?:can\s+be|is|are)\s+used\s+(?:to|for)\b.+|(?:allows|lets|enables|provides)\b.+)$"
)
"""A sentence that opens on a named command and says what it is for (``The ping command is used to …``)."""
_LEAD_IN = lazy_compile(r"\b(?:following|as\s+follows|below)\b", re.IGNORECASE)
_NOT_A_NAME = frozenset(
    {"this", "that", "the", "each", "every", "same", "next", "last", "above", "previous", "following"}
)
_GENERIC_YOU = lazy_compile(r"\b(?:you|your)\b", re.IGNORECASE)
_LEANING = lazy_compile(r"\b(?:it|its|this|these|those|they|them|their|that's|we|our|us|I|my|you)\b", re.IGNORECASE)
_NEGATION = lazy_compile(r"\b(?:not|never|no|cannot|can't|don't|doesn't|isn't|aren't|won't)\b", re.IGNORECASE)
_SENTENCE_END = lazy_compile(r"(?<=[.!?])\s+(?=[A-Z])")
_OPENING = lazy_compile(r"^(?:(?:The|A|An)\s+)")
_MIN_PREDICATE_WORDS = 4
_MAX_PREDICATE_CHARS = 200
_MAX_NAME_WORDS = 8


def expansion_before(text: str, abbreviation: str) -> str:
    """The name ``abbreviation`` abbreviates, read backwards from the end of ``text``: capitalised
    words whose initials are its capital letters, in order (``Carrier Sense Multiple Access with
    Collision Detection`` before ``CSMA/CD``); '' when the words before it are not that name."""
    letters = [char for char in abbreviation if char.isupper()]
    if len(letters) < 2 or len(letters) > _MAX_NAME_WORDS:
        return ""
    words = text.split()
    index = len(letters) - 1
    taken: list[str] = []
    for word in reversed(words):
        if index < 0:
            break
        if word.lower() in _JOINERS and taken:
            taken.append(word)
            continue
        if not _NAME_WORD.match(word) or word[0] != letters[index]:
            return ""
        taken.append(word)
        index -= 1
    if index >= 0 or not taken or taken[-1].lower() in _JOINERS:
        return ""
    return " ".join(reversed(taken))


def _predicate(rest: str) -> str:
    """The back a predicate gives (``is used to learn …`` → ``Used to learn …``), or '' when it says
    too little, leans on another sentence or the writer, or denies."""
    match = _PREDICATE.match(rest)
    if match is None:
        return ""
    said = " ".join(
        rest[
            match.start("used") if match["used"] else match.start("resp") if match["resp"] else match.start("verb") :
        ].split()
    )
    said = said.rstrip(" .")
    words = said.split()
    if len(words) < _MIN_PREDICATE_WORDS + 1 or len(said) > _MAX_PREDICATE_CHARS:
        return ""
    if _LEANING.search(said) or _NEGATION.search(said) or "<" in said:
        return ""
    return said[0].upper() + said[1:]


def command_definitions(text: str) -> list[tuple[str, str]]:
    """``(NAME command, what it does)`` for each sentence of a text that opens on a named command
    and says what it is used for (``The netstat command is used to show …``)."""
    found: list[tuple[str, str]] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = " ".join(sentence.split())
        match = _COMMAND_OPENING.match(sentence)
        if match is None or match["name"].lower() in _NOT_A_NAME:
            continue
        rest = match["rest"].rstrip(" ,.;:")
        rest = re.sub(r"^can\s+be\s+used", "is used", rest)
        if _LEAD_IN.search(rest) or not _predicate(" " + _GENERIC_YOU.sub("one", rest)):
            continue
        back = re.sub(r"^(?:is|are)\s+", "", rest)
        found.append((f"{match['name']} {match['kind']}", back[0].upper() + back[1:]))
    return found


def abbreviation_definitions(text: str) -> list[tuple[str, str, str]]:
    """``(name, abbreviation, what it does)`` for each name a text introduces with its
    abbreviation and says what it does, in the same sentence or the next one."""
    found: list[tuple[str, str, str]] = []
    sentences = [" ".join(sentence.split()) for sentence in _SENTENCE_END.split(text) if sentence.strip()]
    for position, sentence in enumerate(sentences):
        for match in _ABBREVIATION.finditer(sentence):
            abbreviation = match.group(1)
            name = expansion_before(sentence[: match.start()].rstrip(), abbreviation)
            if not name:
                continue
            opening = sentence[: match.start()].rstrip()[: -len(name)]
            said = ""
            if not _OPENING.sub("", opening).strip():
                said = _predicate(sentence[match.end() :])  # ``ARP (…) is used to …``: the name opens the sentence
            if not said and position + 1 < len(sentences):
                following = sentences[position + 1]
                if following.startswith(abbreviation + " "):
                    said = _predicate(following[len(abbreviation) :])  # ``… (CSMA/CD) …. CSMA/CD allows …``
            if said:
                found.append((name, abbreviation, said))
    return found


@register("abbreviation-sentences", order=108)
def extract_abbreviation_sentences(document: Document, context: ExtractContext) -> None:
    defined = {fold(candidate.term) for candidate in context.candidates if candidate.term}
    defined.update(
        fold(candidate.note.fields[0][1])
        for candidate in context.candidates
        if candidate.note.kind is NoteKind.DEFINITION
    )
    asked = {candidate.note.span.line for candidate in context.candidates}
    for section in study_sections(document):
        for owner in prose_owners(section):
            if context.claimed(owner) or owner.span.line in asked:
                continue
            text = " ".join(part.text for part in owner.inlines if part.kind in ("text", "code", "em", "link"))
            if has_cjk(text):
                continue
            made: list[tuple[str, str]] = []
            for name, abbreviation, said in abbreviation_definitions(text):
                term = f"{name} ({abbreviation})"
                if not any(
                    fold(abbreviation) == other
                    or fold(name) == other
                    or fold(term) == other
                    or f"({fold(abbreviation)})" in other
                    for other in defined
                ):
                    made.append((term, said))
                    defined.add(fold(term))
            for term, said in command_definitions(text):
                bare = term.rsplit(" ", 1)[0]
                if fold(term) not in defined and fold(bare) not in defined:
                    made.append((term, said))
                    defined.add(fold(term))
            for term, said in made:
                context.emit(
                    NoteKind.DEFINITION,
                    term,
                    owner.span,
                    {"Term": html.escape(term), "Definition": html.escape(said)},
                    section=section,
                    term=term,
                    source=owner,
                )
            if made:
                context.claim(owner)
