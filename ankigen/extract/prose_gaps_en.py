"""English prose gaps: one gap (or one per name) in a plain English statement of running prose,
made only when the sentence passes a confidence gate, else its ``--explain`` line says why it was
doubtful. The English counterpart of :mod:`.prose_gaps`, whose gate it shares.

Tip sheets and course notes in English state many facts as whole sentences with no bold, no
``Term: text`` shape and no figure, so each was explained as ``no-card-shape``. These shapes are
read, each one where the sentence itself says which phrase is its point:

- terms in brackets after the words that describe them: ``DB first verifies the user credentials
  (authentication), and then …`` — the words are the cue, each term (a process or property noun:
  ``-tion``, ``-ment``, ``-ity`` …) a gap;
- ``Only X can …``: the rest of the sentence is the cue, the subject ``X`` the gap;
- ``X can be provided by A, B, and C``: a gap per name (never a list hidden in one gap), each item a
  name, at most :data:`~.vocabulary.PROSE_AGENT_MAX_NAMES`;
- what the heading's term does: ``A primary key uniquely identifies a row.`` under ``## Primary key``
  — the object of its present-tense verb;
- the one thing a superlative picks, when it is a name: ``MySQL is the most widely used …``;
- a default: ``all new buckets are private by default``, ``The port defaults to 8080``;
- a reason or an effect: ``… because of the huge cost associated with …``, ``… can result in
  significant cost savings for …`` — the noun phrase after ``because of`` / ``due to`` / ``result
  in`` / ``lead to``, cut where a participle or a preposition goes on about it.

A paragraph set apart under a bullet that is only a name (``- [Indexes](…)``, a blank line, ``Most
indexes use B+ tree structure.``) is read too, that name as its topic, with the provide rule of
:mod:`.token_clozes` (a kind noun such as ``structure`` after the gap stays in view as a hint).

The gate: a sentence that opens on a word going on from the one before (``These``, ``It``, ``Also``),
points at the notes (``above``), names ``this X`` it has not said itself before its last gap, speaks
to the reader or of the writer (``you``, ``we``, ``I``), gives an opinion or advice (``should``,
``maybe``) or an example (``e.g.``, ``such as``) is not asked; nor is a gap that shows in the
headings or twice in the sentence, is longer than a gap may be, or is a judgement (``popular``).
Such a sentence keeps an explain line naming why. Sentences of none of the shapes keep the line they
had. It runs last, on what no other extractor used.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, Inline, Inlines, ListItem, Paragraph, Section
from . import ExtractContext, register
from .clozes import emit_cloze, gap_problem
from .common import fold, split_lines
from .prose_gaps import _ONLY_IF, VAGUE_WORD_EN, asked_and_shown, prose_sentences, skip_doubtful
from .token_clozes import _MARK, _japanese, _sources, provided_object
from .vocabulary import (
    MAX_CLOZE_CHARS,
    MAX_CLOZE_GAP_CHARS,
    MAX_PROSE_CLOZE_GAPS,
    PROSE_AGENT_MAX_NAMES,
    PROSE_EN_LEAN_OPENINGS,
    PROSE_EN_READER_WORDS,
    PROSE_GAP_CLASSIFIERS,
    PROSE_GLOSS_ENDINGS,
    PROSE_GLOSS_NOT_TERMS,
    PROVIDE_OBJECT_STOPS,
    PROVIDE_SUBJECT_STOPS,
)

_SENTENCE_END = lazy_compile(r"(?<=[.!?])\s+(?=[A-Z`\"“(])")

_GLOSS_ENDING = "|".join(PROSE_GLOSS_ENDINGS)
# ``… verifies the user credentials (authentication), and then …``: one lower-case word in brackets
# after a word, ending as a process or property noun does
_GLOSS = lazy_compile(rf"(?<=[A-Za-z]) \((?P<term>[a-z][a-z\-]{{2,22}}(?:{_GLOSS_ENDING}))\)")
# ``Only the root user can change …``: the one kind of subject a capability or a rule holds for
_ONLY_SUBJECT = lazy_compile(
    r"^Only\s+(?:(?:the|a|an)\s+)?(?P<gap>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,3}?)\s+"
    r"(?:can(?:not)?|may|is|are|has|have|gets?|receives?|needs?|must|will)\s+(?P<rest>\S.*)$"
)
# ``Risk assessment can be provided by Amazon Inspector, GuardDuty, and Macie.``: what does a thing,
# the names after ``by`` / ``through`` a passive verb
_AGENTS = lazy_compile(
    r"^(?P<subject>[A-Za-z][\w\-]*(?:\s+[\w\-]+){0,4}?)\s+(?:(?:can|may|could|should)\s+)?(?:be|is|are)\s+"
    r"(?:[a-z]+ed|done|given|made|built|run|kept|held|seen|shown|found|taken|written|sent)\s+"
    r"(?:by|through|via|using|with)\s+(?P<agents>[^.;:!?()]+?)\s*\.?$"
)
_AGENT_SPLIT = lazy_compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
# a name among the agents: it opens on a capitalised word, an acronym or a word with a digit (``AWS
# WAF``, ``VPC Flow Logs``, ``AWS Config streams``), with no verb, preposition or clause after it
_AGENT_NAME = lazy_compile(r"^(?:[A-Z][\w\-+.]*|[a-z]+\d[\w]*)(?:\s+[\w\-+.]+){0,3}$")
_AGENT_NOT_NAME = lazy_compile(
    r"\b(?:[a-z]+ed|in|on|at|of|for|from|to|into|with|by|via|that|which|who|is|are|can|as)\b"
)
# ``… preferred open source DBs because of the huge cost associated with commercial software``: the
# reason a sentence gives, a short noun phrase ending where a participle, a relative or a
# preposition goes on about it
_REASON = lazy_compile(
    r"(?<=\w)\s+(?:because\s+of|due\s+to|thanks\s+to|(?:(?:can|may|will|could)\s+)?(?:results?\s+in|leads?\s+to))"
    r"\s+(?:(?:the|its|their|a|an)\s+)?"
    r"(?P<gap>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}?)"
    r"(?=\s+(?:associated|involved|required|needed|offered|provided|caused|available|of|that|which|with|in|from|for|on|by)\b"
    r"|\s*[.,;]?\s*$|\s*[,;])"
)
# ``MySQL is the most widely used open source DB``: the one thing a superlative picks, its name the gap
_PICKED = lazy_compile(
    r"^(?P<gap>[A-Za-z][\w\-+.]*(?:\s+[A-Z0-9][\w\-+.]*){0,3})\s+(?:is|was)\s+the\s+"
    r"(?:(?:most|least)\s+[a-z]+|first|only|default|largest|smallest|fastest|slowest|cheapest|oldest|newest|"
    r"biggest|highest|lowest|simplest)\s+(?P<rest>.+)$"
)
_NAMED = lazy_compile(r"[A-Z][a-z0-9]*[A-Z]|[A-Za-z]\d|^[A-Z]{2,}")
"""A word that is a name whatever its place: an inner capital (``MySQL``), a digit (``gp3``), an acronym."""
# ``A primary key uniquely identifies a row.`` under ``## Primary key``: what the heading's term does,
# the object of its verb (a present-tense verb, an adverb before it) ending the sentence
_TERM_DOES = lazy_compile(
    r"^(?:(?:A|An|The|Each|Every|Any|Most|All|This|These|Its|Their)\s+)?(?P<subject>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,3}?)"
    r"(?:\s+\([^()]{1,40}\))?\s+(?:(?:[a-z]+ly|also|always|often)\s+)?(?P<verb>[a-z]{3,}(?:s|es))\s+"
    r"(?:(?:the|a|an)\s+)?(?P<object>[A-Za-z0-9][\w\-+]*(?:\s+[\w\-+]+){0,3})\s*\.?$"
)
_NOT_VERB = lazy_compile(
    r"^(?:is|was|has|does|its|this|thus|plus|less|unless|address|access|class|process|status|bus|gas)$"
)
# what makes the words after the verb more than one thing it acts on: a preposition, a quantifier of
# time, a negation or a verb after it
_OBJECT_GOES_ON = lazy_compile(
    r"\b(?:on|in|at|after|before|during|until|every|per|for|from|to|into|with|without|by|between|"
    r"never|not|no|once|twice|than)\b"
)
# a word that makes a gap part of a clause (``paths that``), a negation (``not read-only``) or a phrase cut
# short (``vulnerabilities within``, ``stability and``)
_GAP_GOES_ON = lazy_compile(
    r"\b(?:that|which|who|whose|where|when|not|no|never)\b|\s(?:and|or|of|in|on|at|to|for|with|within|from|by|as|the|a|an)$",
    re.IGNORECASE,
)
# a sentence whose reason or effect sits in a clause, not in what it states: a condition or a time
# opening it (``If …``, ``When …``), or a relative clause leading to the trigger (``issues that can lead to``)
_CLAUSE_OPENING = lazy_compile(r"^(?:If|When|Whenever|Unless|Although|Though|While|Because|Since|As|Once|Until)\b")
_RELATIVE_BEFORE = lazy_compile(r"\b(?:that|which|who)\s+(?:\S+\s+){0,2}$")
# ``all new buckets are private by default``, ``The port defaults to 8080``: the default a thing has
_DEFAULT = lazy_compile(
    r"^(?P<subject>[A-Za-z][\w\-]*(?:\s+[\w\-]+){0,5}?)\s+(?:(?:is|are)\s+(?:set\s+to\s+)?"
    r"(?P<gap>[\w\-]+(?:\s+[\w\-]+){0,3}?)\s+by\s+default|defaults?\s+to\s+(?P<value>[\w\-]+(?:\s+[\w\-]+){0,3}?))"
    r"\s*\.?$"
)
_LATIN_WORD = lazy_compile(r"[A-Za-z]+")
_PROVIDE_STOP = lazy_compile(rf"\b(?:{'|'.join(PROVIDE_OBJECT_STOPS)})\b", re.IGNORECASE)
"""A word that makes an object no one thing the heading's term acts on (``to``, ``them``, ``ways``)."""
_EN_LEAN_WORDS = lazy_compile(r"\b(?:above|below|following|former|latter|aforementioned)\b", re.IGNORECASE)
_EN_DEMONSTRATIVE = lazy_compile(r"\b(?:this|these|those|such)\s+([a-z][\w\-]*)", re.IGNORECASE)
_EN_OPINION = lazy_compile(
    r"\b(?:I think|I believe|maybe|probably|perhaps|seems?|should|worth|nice|cool|awesome|love|hate)\b", re.IGNORECASE
)
_EN_EXAMPLE = lazy_compile(r"\be\.g\.|\bi\.e\.|\bfor (?:example|instance)\b|\bsuch as\b|\blike\b", re.IGNORECASE)


_AFTER_OPENING_VERB = frozenset(("that", "the", "a", "an", "whether", "if", "how", "what", "to", "you", "it", "its"))
"""What follows a verb that opens a sentence with no subject (``Indicates that …``, ``Returns the …``)."""


def _word_count(text: str) -> int:
    """How many Latin-letter words ``text`` holds."""
    return len(_LATIN_WORD.findall(text))


def _english_leans(text: str, cue_end: int) -> str:
    """Why an English sentence cannot be asked alone, else ``""``: it opens on a word that goes on
    from the sentence before, points at a part of the notes (``above``), or names a thing with
    ``this`` / ``these`` that it has not said itself before ``cue_end`` (the end of its last gap; what
    comes after no longer shapes the question); it is an opinion, an example, or it speaks to the
    reader or of the writer."""
    words = re.findall(r"[A-Za-z’']+", text)
    first = words[0].lower() if words else ""
    if first in PROSE_EN_LEAN_OPENINGS:
        return f"it opens on '{words[0]}', which goes on from the sentence before it"
    if len(words) > 1 and re.match(r"^[A-Z][a-z]+s$", words[0]) and words[1].lower() in _AFTER_OPENING_VERB:
        return f"it has no subject: it opens on the verb '{words[0]}'"
    pointing = _EN_LEAN_WORDS.search(text)
    if pointing is not None:
        return f"it points at '{pointing.group(0)}' in the notes, which the card does not show"
    for match in _EN_DEMONSTRATIVE.finditer(text[:cue_end]):
        noun = match.group(1).lower().rstrip("s")
        if len(noun) < 3 or noun not in text[: match.start()].lower():
            return f"it names '{match.group(0)}', which it has not said itself"
    if first == "one" or any(word.lower() in PROSE_EN_READER_WORDS for word in words):
        return "it speaks to the reader or of the writer (an instruction or a remark), not a fact of its subject"
    opinion = _EN_OPINION.search(text)
    if opinion is not None:
        return f"it is an opinion or advice ('{opinion.group(0)}'), not a fact"
    if _EN_EXAMPLE.search(text):
        return "it gives an example, not the fact itself"
    return ""


def _english_gap_doubt(gap: str, text: str, words: list[str], headings: str) -> str:
    """Why hiding the English ``gap`` would make a doubtful card, else ``""``."""
    folded = fold(gap)
    loose = _GAP_GOES_ON.search(gap)
    if loose:
        return f"the phrase to hide ('{gap}') holds '{loose.group(0)}', so it is cut from a clause or a negation"
    if len(gap) > MAX_CLOZE_GAP_CHARS:
        return f"the phrase to hide ('{gap}') is longer than a gap should be"
    if folded in headings or any(fold(word) == folded or (len(word) > 3 and fold(word) in folded) for word in words):
        return f"the phrase to hide ('{gap}') shows in the headings, so the card would give its answer away"
    if len(re.findall(rf"(?<![\w\-]){re.escape(folded)}(?![\w\-])", fold(text))) > 1:
        return f"the phrase to hide ('{gap}') shows twice in the sentence"
    if VAGUE_WORD_EN.search(gap):
        return f"the phrase to hide ('{gap}') is a judgement, not a fact"
    return ""


def _english_prose(text: str, words: list[str], headings: str) -> tuple[list[tuple[int, int]], str] | None:
    """(gaps, doubt) of an English plain statement in one of the shapes below, the doubt ``""`` when the
    gate passes; None when the sentence has none of them:

    - terms in brackets after the words that describe them (``verifies the user credentials
      (authentication)``): the words are the cue, each term a gap;
    - ``Only X can …``: the rest of the sentence is the cue, the subject ``X`` the gap;
    - ``X can be done by A, B and C``: what does it, a gap per name (no list hidden in one gap);
    - ``A primary key uniquely identifies a row.`` under its heading: the object;
    - ``MySQL is the most …``: the name a superlative picks;
    - ``X is Y by default``, ``X defaults to Y``: the default ``Y``;
    - ``… because of the Y associated with …``, ``… can result in Y``: the reason or effect ``Y``.
    """
    glosses = list(_GLOSS.finditer(text))
    if glosses:
        gaps: list[tuple[int, int]] = []
        previous = 0
        for match in glosses:
            term = match.group("term")
            described = text[previous : match.start()]
            previous = match.end()
            if term in PROSE_GLOSS_NOT_TERMS or _word_count(described) < 3:
                continue
            gaps.append((match.start("term"), match.end("term")))
        if gaps:
            doubt = _english_leans(text, gaps[-1][1])
            for start, end in gaps:
                term = text[start:end]
                doubt = doubt or _english_gap_doubt(term, text, words, headings)
                if not doubt and term[:5].lower() in text[: start - 2].lower():
                    doubt = f"the words before '{term}' give it away"
            if len(gaps) > MAX_PROSE_CLOZE_GAPS:
                doubt = doubt or f"it names {len(gaps)} terms in brackets, a list more than one fact"
            return gaps, doubt
    only = _ONLY_SUBJECT.match(text)
    if only is not None:
        gap = only.group("gap")
        start, end = only.start("gap"), only.end("gap")
        if gap.split()[0].lower() in (*PROSE_EN_READER_WORDS, *PROVIDE_SUBJECT_STOPS):
            return [(start, end)], f"its subject ('{gap}') is a person or a pronoun, not a thing to learn"
        if _word_count(only.group("rest")) < 3:
            return [(start, end)], "what it says of its subject is too short to ask from"
        return [(start, end)], _english_leans(text, len(text)) or _english_gap_doubt(gap, text, words, headings)
    agents = _AGENTS.match(text)
    names = [name.strip() for name in _AGENT_SPLIT.split(agents.group("agents")) if name.strip()] if agents else []
    if agents is not None and len(names) > 1:  # one agent (``by default``): not what this shape asks
        subject = agents.group("subject")
        gaps, position = [], agents.start("agents")
        for name in names:
            start = text.index(name, position)
            gaps.append((start, start + len(name)))
            position = start + len(name)
        doubt = _english_leans(text, len(text))
        if not doubt and any(
            word.lower() in (*PROSE_EN_READER_WORDS, *PROVIDE_SUBJECT_STOPS) for word in subject.split()
        ):
            doubt = f"its subject ('{subject}') is a pronoun or a clause, not a thing to learn"
        plain = next((name for name in names if not _AGENT_NAME.match(name) or _AGENT_NOT_NAME.search(name)), "")
        if not doubt and plain:
            doubt = f"one of what it lists ('{plain}') is no name but a description, so the list is no set of names"
        if not doubt and len(names) > PROSE_AGENT_MAX_NAMES:
            doubt = f"it lists {len(names)} names, too many to ask in one sentence"
        for name in names:
            doubt = doubt or _english_gap_doubt(name, text, words, headings)
        return gaps, doubt
    default = _DEFAULT.match(text)
    if default is not None:
        group = "gap" if default.group("gap") is not None else "value"
        gap, subject = default.group(group), default.group("subject")
        span = [(default.start(group), default.end(group))]
        if subject.split()[0].lower() in (*PROSE_EN_LEAN_OPENINGS, *PROSE_EN_READER_WORDS, *PROVIDE_SUBJECT_STOPS):
            return span, f"its subject ('{subject}') is a pronoun, which the card does not name"
        return span, _english_leans(text, len(text)) or _english_gap_doubt(gap, text, words, headings)
    does = _TERM_DOES.match(text)
    if does is not None and not _NOT_VERB.match(does.group("verb")):
        subject, gap = does.group("subject"), does.group("object")
        about = fold(subject).rstrip("s")
        # the subject is the whole term of a heading (``primary key`` under ``## Primary key``), not one
        # word of it (``Fixed`` under ``## Fixed vs Floating Addresses``)
        if len(about) > 2 and any(part.strip(" ›").rstrip("s") == about for part in headings.split(" › ")):
            if gap_problem(gap) or _PROVIDE_STOP.search(gap) or _OBJECT_GOES_ON.search(gap):
                return None  # ``keeps a queue on disk``, ``retries every ten minutes``: no one thing it acts on
            span = [(does.start("object"), does.end("object"))]
            return span, _english_leans(text, len(text)) or _english_gap_doubt(gap, text, words, headings)
    picked = _PICKED.match(text)
    if picked is not None and _word_count(picked.group("rest")) >= 2:
        gap = picked.group("gap")
        named = any(_NAMED.search(word) for word in gap.split()) or len(gap.split()) > 1
        if named and gap.split()[0].lower() not in ("the", "a", "an", *PROSE_EN_LEAN_OPENINGS):
            span = [(0, len(gap))]
            return span, _english_leans(text, len(text)) or _english_gap_doubt(gap, text, words, headings)
    reason = _REASON.search(text)
    if reason is not None and _word_count(text[: reason.start()]) >= 4:
        gap = reason.group("gap")
        span = [(reason.start("gap"), reason.end("gap"))]
        if gap.split()[0] in (*PROSE_EN_LEAN_OPENINGS, *PROVIDE_SUBJECT_STOPS):
            return span, f"the reason it gives ('{gap}') points at a thing it does not name"
        if text[reason.end("gap") :].lstrip().startswith("of "):
            return span, f"the phrase to hide ('{gap}') is cut before the 'of …' that says what it is"
        if _CLAUSE_OPENING.match(text) or _RELATIVE_BEFORE.search(text[: reason.start() + 1]):
            return (
                span,
                f"the reason or effect it gives ('{gap}') sits in a clause, not in what the sentence states",
            )
        return span, _english_leans(text, reason.end("gap")) or _english_gap_doubt(gap, text, words, headings)
    return None


def _prose_sources(document: Document) -> list[tuple[Paragraph | ListItem, Section, str, bool]]:
    """The token clozes' sources (:func:`~.token_clozes._sources`), each with ``False``; and, with
    ``True``, the paragraphs set apart under a bullet that is only a name (``- [Indexes](…)`` then a
    blank line and ``Most indexes use B+ tree structure.``), that name as their topic: the bullet makes
    no card of its own, and its paragraphs say what each says of it, as under a heading."""
    from .definitions import head_term  # definitions imports the package

    found: list[tuple[Paragraph | ListItem, Section, str, bool]] = []
    for owner, section, topic in _sources(document):
        found.append((owner, section, topic, False))
        if not isinstance(owner, ListItem) or not owner.children:
            continue
        name = head_term(owner.text, first=True)
        if not name or fold(name) != fold(owner.text.strip().rstrip(":：")):
            continue
        found.extend((child, section, name, True) for child in owner.children if isinstance(child, Paragraph))
    return found


def _whole_sentence(lines: list[str], offset: int, index: int, count: int) -> bool:
    """Whether sentence ``index`` of the ``count`` on line ``offset`` of a block (``lines``, its text per
    line) is a whole sentence: a sentence that opens its line goes on from the line before unless that
    one ends a sentence (``.``, ``!``, ``?``, ``:``), and one that closes its line goes on to the next
    unless it ends on such a mark itself (a bullet or a block of one line ends where it ends)."""
    if index == 0 and offset > 0 and not lines[offset - 1].rstrip(" )").endswith((".", "!", "?", ":")):
        return False
    last_line = offset == len(lines) - 1
    return index < count - 1 or last_line or lines[offset].rstrip(" )").endswith((".", "!", "?"))


def _with_gaps(text: str, gaps: list[tuple[int, int]]) -> Inlines:
    """``text`` with each of ``gaps`` (character ranges) a key phrase the cloze hides."""
    out: list[Inline] = []
    position = 0
    for start, end in sorted(gaps):
        if text[position:start]:
            out.append(Inline("text", html.escape(text[position:start], quote=False), text[position:start]))
        out.append(Inline("strong", html.escape(text[start:end], quote=False), text[start:end]))
        position = end
    if text[position:]:
        out.append(Inline("text", html.escape(text[position:], quote=False), text[position:]))
    return tuple(out)


def _english_sentence(
    parts: list[Inline], words: list[str], headings: str, nested: bool
) -> tuple[str, list[tuple[int, int]], str] | None:
    """(text, gaps, doubt) of a plain English sentence in one of the prose shapes (the card's text,
    a leading mark such as ``💸`` left off), None when it has none."""
    joined = " ".join("".join(part.text for part in parts).split())
    text = _MARK.sub("", joined)
    if (
        _word_count(text) < 4
        or len(text) > MAX_CLOZE_CHARS
        or text.endswith(("?", ":"))
        or not re.match(r"[A-Za-z]", text)
    ):
        return None
    found = _english_prose(text, words, headings)
    if found is not None:
        return text, found[0], found[1]
    if nested:
        # a paragraph under a name-only bullet, which the token clozes do not read: what its named
        # subject provides, uses or is (``Most indexes use B+ tree structure.`` under ``Indexes``)
        token = provided_object([Inline("text", html.escape(text, quote=False), text)], headings)
        if token is not None and not _english_leans(text, token.end):
            gap = text[token.start : token.end]
            head, _, last = gap.rpartition(" ")
            end = token.start + len(head) if head and last.lower() in PROSE_GAP_CLASSIFIERS else token.end
            return text, [(token.start, end)], ""
    return None


@register("prose-gaps-en", order=106)
def extract_english_prose(document: Document, context: ExtractContext) -> None:
    seen = asked_and_shown(context)
    for owner, section, topic, nested in _prose_sources(document):
        lines: list[str] | None = None  # the owner's lines as read, once it has a sentence to read
        for prose in prose_sentences(document, context, owner, section, topic, seen, _SENTENCE_END):
            sentence = prose.sentence
            if lines is None:
                lines = [" ".join("".join(part.text for part in line).split()) for line in split_lines(owner.inlines)]
            if not _whole_sentence(
                lines, sentence.line - owner.span.line, sentence.index, len(sentence.line_sentences)
            ):
                continue  # a piece of a sentence wrapped over lines: the walk sees one line of it
            if _japanese(prose.joined) or _ONLY_IF.match(prose.joined):
                continue  # the prose gaps' to read
            found = _english_sentence(prose.parts, prose.words, prose.headings, nested)
            if found is None:
                continue
            text, gaps, doubt = found
            span = owner.span.at(sentence.line)
            if doubt:
                skip_doubtful(context, span, text, doubt)
                continue
            emit_cloze(context, document, section, span, _with_gaps(text, gaps), topic, owner)
