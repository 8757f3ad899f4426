"""Token clozes: a plain statement under a heading or topic whose point is one salient token —
a figure with its unit (``16k IOPS``, ``99.99%``, ``32 bits``, ``65534台``), a `code` span or
command, an identifier (``ReplaceUnhealthy``, ``gp2``, ``RFC1918``) or a short quoted term —
becomes a cloze hiding that token, the headings as its Context.

Tip sheets and articles state their figures and option names in whole sentences (``A standard
block size for an EBS volume is 16kb.``) or bullets under a topic heading, with no bold and no
``Term: text`` shape, so such a fact was dropped as ``no-card-shape``. The one token is what makes
the sentence a question: the heading says what it is about, the rest of the sentence says what
the token is, and the token is the answer. A sentence with a figure asks the figure (names
beside it are its subject: ``A single gp2 volume allows 16k IOPS``); a sentence with no figure
asks its one code span, identifier or quote.

Nothing is made when the sentence has two or more figures (or, with none, two or more names):
that is several facts or a list to recite; nor when it leans on what came before (``This``,
``It``, ``They``, ``この``, ``それ``), is an example, a question, a first-person remark or an
opinion (``I think``, ``と思う``), when the token shows in the headings or twice in the sentence
(hiding it asks nothing), or when the section has no heading to say what the sentence is about;
such a sentence keeps its ``--explain`` line.

An English sentence with no figure or lone name to ask may still carry its own subject: a name
(``EBS``, ``gp2 volumes``, ``The Elastic Block Store``, or the bold name the headings show, which
the bold cloze could not hide) that provides, supports, stores … a short object (``EBS provides
block level storage.``), is a short complement (``UDP is connectionless.``) or can be attached to
one (``… can only be attached to one EC2 instance at a time.``). That object is the fact, the
subject keeps it from leaning on anything: the gap hides the object (:func:`provided_object`).
A plain noun capitalised only to open the sentence, a person or an infinitive as the object
(``allows you to …``), a judgement (``is important``), a passive (``is stored in``), a negation,
or an object longer than a gap may be keeps its ``--explain`` line.

A bullet too terse for a statement (no verb, under six words: ``- AWS guarantees 99.9% availability``,
``- File size from 0 to 5TB`` under ``## S3``) may still ask its one measure (a share, a size, a span
of time, a rate) when words before it say what it measures: the heading is its subject. A bound
(``> 256KB``), a guess (``about 20 secs``), a rate whose unit runs past the gap (``2 MB/s``), other
numbers beside it or a bullet opening lower-case keep the ``--explain`` line (:func:`_terse_figure_bullet`).

It runs after every other extractor, on paragraphs and list items nothing used (and on an item
an extractor looked at and made nothing of, for a provide sentence only).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ankigen.patterns import HTML_TAG, lazy_compile

from ..model import Document, Inline, Inlines, ListBlock, ListItem, Paragraph, Section
from . import ExtractContext, register
from .clozes import emit_cloze, gap_problem, unasked_sentences
from .common import NUMBER, fold, looks_like_term, once_per_object, split_lines, study_sections, top_level_blocks
from .object_clozes import ATTRIBUTE_OPENING, explain_unowned_attribute, heading_defined
from .subjects import headings_shown
from .vocabulary import (
    COPULA_END_PREPOSITIONS,
    COPULA_MAX_OBJECT_WORDS,
    COPULA_VAGUE_WORDS,
    EXAMPLE_SENTENCE,
    FIRST_PERSON_WORDS,
    JA_ADJECTIVE_ENDINGS,
    LEANS_TOKEN_EN,
    LEANS_TOKEN_JA,
    LIMIT_UNITS_JA,
    LIMIT_UNITS_LATIN,
    LOOSE_QUOTED_WORD,
    MAX_CLOZE_GAP_CHARS,
    MAX_SUBJECT_SENTENCE_CHARS,
    PROVIDE_MAX_OBJECT_WORDS,
    PROVIDE_MIN_WORDS,
    PROVIDE_OBJECT_STOPS,
    PROVIDE_SUBJECT_STOPS,
    PROVIDE_VERBS,
    TOKEN_EXTRA_UNITS,
    TOKEN_MIN_WORDS,
)

_SENTENCE_END = lazy_compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z`\"“「(])")
_LATIN_UNITS = "|".join((*TOKEN_EXTRA_UNITS, *LIMIT_UNITS_LATIN))
_JA_UNITS = "|".join(sorted(map(re.escape, LIMIT_UNITS_JA), key=len, reverse=True))
_UNIT = rf"(?:\s?[kKMG]?\s?(?:{_LATIN_UNITS})(?![A-Za-z])|\s?(?:{_JA_UNITS}))"
# a figure with its unit, or a range of them (``0.1% - 0.2%``, ``5〜10分``); not part of a name
# (``EC2``, ``IPv4``, ``S3``), a version (``2.15``) or a date
_FIGURE = lazy_compile(
    rf"(?<![A-Za-z0-9_.\-/:$#])(?:{NUMBER})(?:{_UNIT})?"
    rf"(?:\s?(?:[〜~～\-–]|to)\s?(?:{NUMBER}))?{_UNIT}"
    rf"|(?<![A-Za-z0-9_.\-/:$#])/\d{{1,2}}(?![\d.])"
)
# an identifier, in English text: a word with a lower-case run after an inner capital
# (``ReplaceUnhealthy``), lower-case letters then digits (``gp2``, ``io1``), a code-like name with an
# underscore (``journal_mode``) or an RFC number; in any text, an RFC number only (product names in
# Latin letters inside Japanese prose are its subjects, not figures to ask)
_IDENTIFIER = lazy_compile(
    r"(?<![\w.\-/])(?:[A-Z][a-z]+(?:[A-Z][a-z]+)+|[a-z]{1,4}\d{1,3}[a-z]?|[a-z]+_[a-z_]+|RFC\s?\d{3,5})(?![\w\-/])"
)
_RFC = lazy_compile(r"(?<![\w.\-/])RFC\s?\d{3,5}(?![\w\-/])")
# a Japanese statement ends on a predicate, or on the figure its topic is (``最大容量は 16 TB``): a
# verb in its plain form whatever kana ends it (``…の設定を行う``, ``…を防ぐ``, ``…を探す``, ``…を持つ``,
# after kanji or kana, not a counter after a figure: ``3つ``), or a verbal noun after its object, the
# terse ending of notes (``「パーティション」という単位でデータを分割``, ``…の一覧を提供``)
_JA_PREDICATE = lazy_compile(
    r"(?:ます|です|でした|ました|る|た|だ|可能|必要|(?<=[\u3040-\u309f\u3400-\u9fff])[うくぐすつぬぶむ]"
    rf"|を[\u3400-\u9fff]{{2,4}}|{'|'.join(JA_ADJECTIVE_ENDINGS)})[。）)]*$"
)
_NEGATION = lazy_compile(r"ない|ません|ず[、。]|\b(?:not|never|no)\b|n't\b", re.IGNORECASE)
_DATE_BEFORE = ("年", "月", "/")
_JAPANESE = lazy_compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# other names a sentence may hold beside its one name (``EC2``, ``S3``, ``CloudWatch``): with one,
# hiding the name would ask one of two names the sentence sets side by side
_OTHER_NAME = lazy_compile(r"(?<![\w.\-/])(?:[A-Z][A-Za-z]*\d+[a-z]?|[A-Z][a-z]+[A-Z]\w*)(?![\w\-/])")


def unit_figures(text: str) -> list[str]:
    """The figures with a unit a token cloze can ask in ``text`` (``1528 byte``, ``5 minutes``)."""
    return [match.group(0).strip() for match in _FIGURE.finditer(text)]


def _japanese(text: str) -> bool:
    """Whether ``text`` holds kana or kanji (an emoji is no Japanese)."""
    return _JAPANESE.search(text) is not None


_COUNTERS = ("つ", "個", "台", "件", "回")
# a name in Latin letters inside Japanese text (``Kinesis Data Firehose``, ``ALB``)
_LATIN_NAME = lazy_compile(r"[A-Z][A-Za-z0-9]*(?:\s[A-Z][A-Za-z0-9]*)*")
_QUOTE = lazy_compile(r"[“\"]([^“”\"]{2,30})[”\"]|「([^「」]{2,20})」")
_FIRST_PERSON = lazy_compile(r"\b(?:I|I'm|I've|I'd|my|me|we|our|us)\b|I think|I believe")
_OPINION = lazy_compile(r"と思う|と思います|気がする|かもしれない|\bmaybe\b|\bprobably\b|\bperhaps\b", re.IGNORECASE)


# the verb of a terse bullet with no full stop, after its plural or compound subject: ``End devices
# only accept 1528 byte packets``, ``ARP tables get flushed every 5 minutes``, ``10BASE-T … use 2 pairs``
_TERSE_VERB = lazy_compile(
    r"^(?:[A-Z]|\d+[A-Z])[\w&/ -]{2,40}?\s(?:only\s|always\s)?(?:accept|get|gets|expire|expires|last|lasts|hold|holds|"
    r"support|supports|reach|reaches|use|uses|take|takes)\s"
)


@dataclass(frozen=True, slots=True)
class _Token:
    part: int  # the index of the inline it is in
    start: int
    end: int
    figure: bool
    heading: bool = False  # a name in Latin letters of a sentence about its heading's term (_heading_topic)


# a measure a terse bullet states of its subject: a share, a size, a span of time, a rate
_MEASURE = lazy_compile(
    r"(?:%|％|(?<![A-Za-z])(?:[kKMGTP]i?B|[kKMGT]?bytes?|bits?|ms|msec|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?"
    r"|days?|weeks?|months?|years?|[kMG]?Hz|IOPS|TPS))$"
)


def _tokens(parts: list[Inline], topic_end: int = -1, measures: bool = False) -> tuple[list[_Token], list[_Token]]:
    """(figures, names) of the sentence: figures with their unit; code spans, identifiers and
    short quoted terms; with ``topic_end`` (a Japanese sentence about its heading's term, which ends
    at that character), also the names in Latin letters after it (:func:`_heading_topic`)."""
    figures: list[_Token] = []
    names: list[_Token] = []
    position = 0
    for index, part in enumerate(parts):
        start, position = position, position + len(part.text)
        if topic_end >= 0 and part.kind == "text" and position > topic_end:
            for match in _HEADING_NAME.finditer(part.text):
                if (
                    start + match.start() >= topic_end
                    and _latin_name(part.text, match.start(), match.end())
                    and not _USED_NAME.match(part.text[match.end() :])
                ):
                    names.append(_Token(index, match.start(), match.end(), figure=False, heading=True))
        if part.kind == "code":
            if part.text.strip():
                names.append(_Token(index, 0, len(part.text), figure=False))
            continue
        if part.kind not in ("text", "link"):
            continue
        text = part.text
        for match in _FIGURE.finditer(text):
            figure = match.group(0).strip()
            lone = re.match(r"^[01](?![\d.,])", figure) and not (measures and _MEASURE.search(figure))
            if text[: match.start()].rstrip().endswith(_DATE_BEFORE) or lone:
                continue  # a date, or a one or a zero (``1つの場所``): no figure to learn
            figures.append(_Token(index, match.start(), match.end(), figure=True))
        for match in (_RFC if _japanese(text) else _IDENTIFIER).finditer(text):
            if not any(t.part == index and t.start <= match.start() < t.end for t in figures):
                names.append(_Token(index, match.start(), match.end(), figure=False))
        for match in _QUOTE.finditer(text):
            group = 1 if match.group(1) is not None else 2
            if group == 2 and LOOSE_QUOTED_WORD.fullmatch(match.group(2)):
                continue  # ``「信頼できる」サーバー``: a word used loosely, no name
            names.append(_Token(index, match.start(group), match.end(group), figure=False))
    return figures, names


# a name in Latin letters in a Japanese sentence about its heading's term: capitalised words
# (``HAProxy``, ``Amazon EFS``) or a standard's short name (``11ac Wave2``, ``11ax``)
_HEADING_NAME = lazy_compile(r"(?:[A-Z][A-Za-z0-9]*|\d+[a-z]+[A-Za-z0-9]*)(?:\s[A-Z][A-Za-z0-9]*)*")
_TOPIC_PARTICLE = lazy_compile(r"^\s*(?:は|では|とは|も)、?")


def _heading_topic(text: str, title: str, defined: bool = False) -> int:
    """Where the topic of a Japanese sentence that opens on its section's heading term ends
    (``ロードバランサーは (費用の高い) ハードウェアもしくはHAProxyなどのソフトウェアで実現できる。`` under
    ``## ロードバランサー``), else -1. The heading is what the sentence is about, so a name in Latin
    letters after the topic is what it says of it (how the load balancer is built: HAProxy), not a
    subject of its own. When a definition card asks the heading (``defined``), a sentence with no
    topic at all (``11ac Wave2でサポートされた`` under ``#### MU-MIMO``) is about the heading's term as
    well: 0, its names are all what it says."""
    name = " ".join(title.split())
    if not name or not _japanese(text) or not looks_like_term(name) or len(name) < 2 or _CONNECTIVE.match(text):
        return -1
    if not fold(text).startswith(fold(name)):
        return 0 if defined and not _ANY_TOPIC.search(text) else -1
    particle = _TOPIC_PARTICLE.match(text[len(name) :])
    return len(name) + particle.end() if particle else -1


_ANY_TOPIC = lazy_compile(r"[はが]|について|とは")
"""What marks a topic or subject of a Japanese sentence (a sentence with none is about its heading)."""


def _latin_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole name in Latin letters of at least three characters,
    no unit after a number (``2.4GHz``) nor part of a longer word, name or compound noun
    (``HAProxy-based``, ``Lambda関数``)."""
    name = text[start:end]
    if len(name) < 3 or not re.search(r"[a-z]|[A-Z]{3}", name):
        return False
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if re.match(r"[\u30a0-\u30ff\u3400-\u9fff]", after):
        return False  # ``Lambda関数``, ``API呼び出し``: the head of a compound noun, not a name of its own
    return not re.match(r"[A-Za-z0-9_.\-/$#]", before) and not re.match(r"[A-Za-z0-9_\-/]", after)


def _text(parts: list[Inline], token: _Token) -> str:
    return parts[token.part].text[token.start : token.end].strip()


def _distinct(parts: list[Inline], tokens: list[_Token]) -> list[_Token]:
    """The tokens with a text met before (or held in one met before) left out."""
    kept: list[_Token] = []
    seen: list[str] = []
    for token in sorted(tokens, key=lambda t: (t.part, t.start)):
        text = fold(_text(parts, token))
        if any(text in other or other in text for other in seen):
            continue
        seen.append(text)
        kept.append(token)
    return kept


def _statement(parts: list[Inline], min_words: int = TOKEN_MIN_WORDS) -> str:
    """The sentence's plain text when it is a statement a cloze can ask alone (of at least
    ``min_words`` English words), else ''."""
    if any(part.kind in ("strong", "mark", "cloze", "image", "math") for part in parts):
        return ""  # bold already says what to ask: the cloze extractor's
    text = " ".join("".join(part.text for part in parts).split())
    if not text or len(text) > MAX_SUBJECT_SENTENCE_CHARS or text.endswith(("?", "？", ":", "：")):
        return ""
    if EXAMPLE_SENTENCE.search(text) or _OPINION.search(text) or any(word in text for word in FIRST_PERSON_WORDS):
        return ""
    if _japanese(text):
        return "" if LEANS_TOKEN_JA.search(text) or len(text) < 12 else text
    if (
        LEANS_TOKEN_EN.search(text)
        or re.search(r"\b(?:it|they|them)\b", text, re.IGNORECASE)
        or _FIRST_PERSON.search(text)
        or len(text.split()) < min_words
    ):
        return ""
    if not text.rstrip(")）").endswith((".", "!")) and not (
        re.search(r"\b(?:is|are|has|have|allows?)\b", text) or _TERSE_VERB.search(text)
    ):
        return ""  # a fragment with no verb: a label, not a statement
    return text


_CHANGED_TO = lazy_compile(
    r"^\s*(?:に|へ)(?:変更|拡張|拡大|増加|増え|減少|減っ|引き上げ|引き下げ|緩和|短縮|延長|なっ|なり|なる)"
)


def _changed_to(parts: list[Inline], figures: list[_Token]) -> list[_Token]:
    """Of the figures of a Japanese sentence that says a value changed from one to another
    (``暗号鍵も40ビット（拡張版の場合は104ビット）から128ビットに変更された``), the new one alone: the
    old values stay in view as the cue. All the figures when the sentence says no such change."""
    text = "".join(part.text for part in parts)
    if "から" not in text or not _japanese(text):
        return figures
    changed = [
        token for token in figures if _CHANGED_TO.match(_after(parts, token)) and "から" in _before(parts, token)
    ]
    return changed if len(changed) == 1 else figures


_ASIDE_AT_END = lazy_compile(r"\s*[（(][^（）()]*[)）]$")
"""An aside in brackets after the predicate (``…でサポートされた（ダウンリンクのみ）``)."""


_OPENING_CONNECTIVE = lazy_compile(r"\s*(?:また|さらに|更に|なお|一方|ただし|しかし)\s*、\s*")
"""A word that opens a sentence and joins it to the one before (``また、``): its comma lists nothing."""


# what makes a figure no fact of the subject: a bound of a condition (``> 256KB``) or a guess
# (``about 20secs``) before a figure: it is no fact of the subject (a rate running on is checked after it)
_FIGURE_NOT_FACT_BEFORE = lazy_compile(
    r"(?:[<>≤≥=]|\b(?:about|around|approx\.?|approximately|roughly|nearly))\s*$", re.I
)


def _terse_figure_bullet(parts: list[Inline]) -> _Token | None:
    """The figure of a terse bullet that states one measure of the topic above it with no verb or
    under six words (``- AWS guarantees 99.9% availability``, ``- File size from 0 to 5TB`` under
    ``## S3``): the topic is its subject, the words beside the figure say what the figure measures.
    None when the bullet opens lower-case (a note running on), holds no measure or more than one
    figure, or the figure is a bound, a guess or a rate whose unit runs on past the gap."""
    if any(part.kind in ("strong", "mark", "cloze", "image", "math", "code") for part in parts):
        return None
    text = " ".join("".join(part.text for part in parts).split())
    if not text or not re.match(r"[A-Z0-9]", text) or len(text.split()) < 3 or len(text.split()) > 10:
        return None
    if text.endswith(("?", "？", ":", "：")) or _japanese(text) or _NEGATION.search(text):
        return None
    if EXAMPLE_SENTENCE.search(text) or _OPINION.search(text) or _FIRST_PERSON.search(text):
        return None
    if LEANS_TOKEN_EN.search(text) or re.search(r"\b(?:it|they|them|this|these|that)\b", text, re.IGNORECASE):
        return None
    figures, _names = _tokens(parts, measures=True)
    figures = _distinct(parts, figures)
    if len(figures) != 1 or len(unit_figures(text)) != 1:
        return None
    token = figures[0]
    hidden = _text(parts, token).strip()
    if not _MEASURE.search(hidden):
        return None
    if _FIGURE_NOT_FACT_BEFORE.search(_before(parts, token)) or _after(parts, token).startswith(("/", "-", ".")):
        return None
    before = _before(parts, token)
    if re.search(r"\d[,.]$", before):
        return None  # ``99,95%``: the figure is only the tail of a number written with a comma
    if not re.search(r"[A-Za-z]{2}", before):
        return None  # ``0 to 5TB file size``: a value opening a label, no subject said before it
    if re.search(r"(?<![A-Za-z])\d", before + " " + _after(parts, token)):
        return None  # ``15-17 Q 7 min per Q``: other numbers beside the figure, several facts
    return token


def salient_token(
    parts: list[Inline], headings: str, title: str = "", defined: bool = False, bullet: bool = False
) -> _Token | None:
    """The one token a statement asks: its one figure, else (with no figure) its one name; None
    when there is none or more than one, or when hiding it would ask nothing. ``title`` is the
    section's own heading, whose term a Japanese sentence may be about (:func:`_heading_topic`).
    A ``bullet`` too terse for a statement may still ask its one measure (:func:`_terse_figure_bullet`)."""
    text = _statement(parts)
    if not text:
        token = _terse_figure_bullet(parts) if bullet else None
        if token is None:
            return None
        text = " ".join("".join(part.text for part in parts).split())
        hidden = fold(_text(parts, token))
        rest = re.sub(r"[\W_]+", "", fold(text).replace(hidden, "", 1))
        if hidden in headings or fold(text).count(hidden) > 1 or len(rest) < 8 or len(hidden) > MAX_CLOZE_GAP_CHARS:
            return None
        return token
    figures, names = _tokens(parts, _heading_topic("".join(part.text for part in parts), title, defined))
    figures, names = _distinct(parts, figures), _distinct(parts, names)
    if len(figures) > 1:
        figures = _changed_to(parts, figures)
    if len(figures) == 1 and len(names) > 2:
        # ``UTP`` under ``## … with UTP``: a name the headings show is no second fact beside the figure
        names = [name for name in names if fold(_text(parts, name)) not in headings]
    if len(figures) > 1 or (not figures and len(names) != 1) or len(names) > 2:
        return None  # several figures or names: several facts, or a list to recite
    token = figures[0] if figures else names[0]
    hidden = fold(_text(parts, token))
    if not token.figure and any(
        fold(other) != hidden and fold(other) not in hidden for other in _OTHER_NAME.findall(text)
    ):
        return None  # ``you pay for EC2 and CloudWatch``: one of two names side by side
    before = _before(parts, token).rstrip()
    after = _after(parts, token).lstrip()
    if not token.figure and (
        (re.search(r"(?:\b(?:and|or)|[,、・や])$", before) and not _OPENING_CONNECTIVE.fullmatch(before))
        or re.match(r"^(?:(?:and|or)\b|[,、・や])", after)
    ):
        return None  # ``Standard and gp2 volumes``: one of names side by side, the others shown
    if _NEGATION.search(text):
        return None  # what something is not: the gap would ask one of everything it is not
    if _japanese(text):
        ending = _ASIDE_AT_END.sub("", text.rstrip("。 "))
        if not _JA_PREDICATE.search(ending) and not (token.figure and fold(ending).endswith(hidden)):
            return None  # a noun phrase (``Amazon EC2 アクション``), not a statement
        if token.figure and hidden.endswith(_COUNTERS) and (names or len(set(_LATIN_NAME.findall(before))) > 1):
            return None  # ``「A」「B」の3つ``, ``A や B と比較して…ほか 2 つの``: the count of names the sentence shows
    core = re.sub(r"[\W_]+", "", hidden)
    if not core or len(hidden) > MAX_CLOZE_GAP_CHARS or hidden in headings or fold(text).count(hidden) > 1:
        return None
    if not token.figure and any(hidden in part or part in hidden for part in headings.split(" › ") if part):
        return None  # ``gp2`` under ``## gp2 volumes``: the answer shows above
    rest = re.sub(r"[\W_]+", "", fold(text).replace(hidden, "", 1))
    if len(rest) < 8:
        return None  # a figure or a name with a word or two: a label, nothing to answer from
    return token


_PROVIDE_FORMS = "|".join(
    sorted({form for verb in PROVIDE_VERBS for form in (verb, verb[:-1] + "ies" if verb.endswith("y") else verb + "s")})
)
# ``EBS (Elastic Block Store) provides block level storage.``, ``Standard volumes can also support
# burst credits.``, ``UDP is connectionless.``, ``A volume can only be attached to one host at a
# time.``: a subject of a few words (with its expansion in brackets), a provide verb, ``is`` / ``are``
# or ``can be <done> to``, and the short object that ends the sentence
_PROVIDE_SENTENCE = lazy_compile(
    r"^(?:(?:A|An|The|Each|Every)\s+)?(?P<subject>[^\s,;:()]+(?:\s+[^\s,;:()]+){0,4}?)(?:\s+\([^()]{1,40}\))?"
    rf"\s+(?:(?:can|also|only|always|still|now|usually|typically|generally|often|mostly)\s+){{0,2}}"
    rf"(?P<verb>{_PROVIDE_FORMS}|is|are|can\s+(?:only\s+)?be\s+[a-z]+ed\s+(?:to|in|on|into|from|across|with))"
    r"(?:\s+(?:also|always|usually|typically|generally|often|mostly))?"
    r"(?:\s+for)?\s+(?:(?:a|an|the)\s+)?(?P<object>[^,;:()\[\]]+?)\s*[.!]?\s*$"
)
# what a subject is not made of: a verb, a modal, a clause or a person (``Dynamic Auto Scaling is
# easiest to use with …`` reads no subject before ``use``)
_SUBJECT_STOPS = frozenset(PROVIDE_SUBJECT_STOPS)
# a named word: an acronym or a word with an inner capital (``EBS``, ``IPv6``, ``DynamoDB``), one with a
# digit (``gp2``, ``S3``), or a Capitalised word after the first (``Elastic Block Store``)
_NAMED_WORD = lazy_compile(r"^(?:[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*|[A-Za-z]+\d[A-Za-z0-9]*|[A-Z][a-z]+)$")
# a past participle (``used``, ``called``, ``stored``, ``known``, ``built``) opening the complement:
# a passive, whose fact is the agent or the place, not the complement
_PARTICIPLE = lazy_compile(r"^(?:[a-z]+ed|called|known|built|made|done|seen|run|set|kept|held|given|written|taken)$")
_PREPOSITIONS = frozenset(COPULA_END_PREPOSITIONS)
# ``… to one EC2 instance at a time``: how the object holds, which stays in view after the gap
_TRAILING_ADVERBIAL = lazy_compile(r"\s+(?:at\s+a\s+time|at\s+once|by\s+default|per\s+[a-z]+)$", re.IGNORECASE)
_CAPITALISED = lazy_compile(r"^[A-Z][a-z]+$")
"""A word only capitalised: named after the first word, but the first may be capitalised to open
the sentence (``Autoscalers``)."""


def provided_object(parts: list[Inline], headings: str) -> _Token | None:
    """The object a sentence says its named subject has or gives (``EBS provides [block level
    storage].``), when the sentence has no one figure or name to ask: the subject stays on the card,
    the short noun phrase after the provide verb is the gap. None when the subject is not a name (a
    plain noun, a clause, a person), the object is long, vague or a clause (``allows you to …``), the
    sentence leans on another, is negated, or the object shows in the headings."""
    plain = [_plain(part) for part in parts]
    text = "".join(part.text for part in plain)
    if not _statement(plain, PROVIDE_MIN_WORDS) or _japanese(text) or _NEGATION.search(text):
        return None
    mark = _MARK.match(text)
    lead = mark.end() if mark else 0
    match = _PROVIDE_SENTENCE.match(text[lead:])
    if match is None:
        return None
    start, end = lead + match.start("subject"), lead + match.end("verb")
    if any(part.kind == "strong" and not _inside(parts, index, start, end) for index, part in enumerate(parts)):
        return None  # bold in the object: the bold cloze's to ask
    words = match.group("subject").split()
    if any(word.lower() in _SUBJECT_STOPS for word in words):
        return None
    named = any(
        _NAMED_WORD.match(word) and (number or not _CAPITALISED.match(word)) for number, word in enumerate(words)
    )
    strong_subject = any(
        part.kind in ("strong", "code") and _inside(parts, index, start, end) for index, part in enumerate(parts)
    )
    in_headings = any(len(word) > 2 and fold(word) in headings.split() for word in words)
    if not (named or strong_subject or in_headings):
        return None  # ``Autoscalers can …``: a plain noun, capitalised only to open the sentence
    obj = _TRAILING_ADVERBIAL.sub("", match.group("object"))
    object_words = obj.split()
    copula = match.group("verb") in ("is", "are")
    if len(object_words) > (COPULA_MAX_OBJECT_WORDS if copula else PROVIDE_MAX_OBJECT_WORDS):
        return None
    if len(obj) > MAX_CLOZE_GAP_CHARS or gap_problem(obj) or not re.search(r"[A-Za-z]{3,}", obj):
        return None
    stops = "|".join((*PROVIDE_OBJECT_STOPS, *(COPULA_VAGUE_WORDS if copula else ())))
    if re.search(rf"\b(?:{stops})\b", obj, re.IGNORECASE) or re.search(r"\bone\s+of\b", obj, re.IGNORECASE):
        return None
    if copula and (_PARTICIPLE.match(object_words[0]) or object_words[-1].lower() in _SUBJECT_STOPS | _PREPOSITIONS):
        return None  # ``X is called …``, ``X is stored in …``: a passive, not what X is
    hidden = fold(obj)
    if hidden in headings or any(part and (part in hidden) for part in headings.split(" › ") if len(part) > 2):
        return None
    offset = lead + match.start("object")
    position = 0
    for index, part in enumerate(plain):
        if position <= offset and offset + len(obj) <= position + len(part.text) and part.kind == "text":
            return _Token(index, offset - position, offset - position + len(obj), figure=False)
        position += len(part.text)
    return None  # the object runs over a link or code: not one phrase to hide


_LABELLED = lazy_compile(r"^\s*[^\s:：]{1,12}\s*[:：]")
_USED_NAME = lazy_compile(r"^\s*を(?:使用|利用|使)")
_CONNECTIVE = lazy_compile(r"^\s*(?:そして|また|さらに|でも|しかし|ただし|なお|一方)")
_BRACKETED = lazy_compile(r"[(（][^)）]*$")
_BRACKET_CLOSE = lazy_compile(r"^[^(（]*[)）]")


def _said_again(owner: Paragraph | ListItem, name: str) -> bool:
    """Whether the text of ``owner`` says ``name`` more than once."""
    return fold("".join(part.text for part in owner.inlines)).count(fold(name)) > 1


def _plain_statement(context: ExtractContext, owner: Paragraph | ListItem) -> bool:
    """Whether ``owner`` states a fact of its own: no example, step of a procedure or part of an exam
    scenario (``要件:`` over ``企業の Active Directory システムを使用している。``)."""
    node = context.outline.find(owner)
    return node is not None and not (node.roles.example or node.roles.step or node.roles.scenario)


def _named_token(parts: list[Inline], headings: str) -> _Token | None:
    """The one product name or identifier in Latin letters a Japanese bullet under a heading says
    (``問題を修復するために AWS Config ルールを設定``), as :func:`~.detail_facts.named_gap` finds it in a
    term's bullets: not its topic, not one of a list, not in the headings; None when the sentence is
    no statement or a line under a label (``エラー内容: …``), says to use the name (the
    object clozes' shape, which weighs more), goes on from the one before (``そして``), holds a figure,
    or the name is not inside one plain text part."""
    from .detail_facts import named_gap  # detail_facts imports this module's neighbours

    if not _statement(parts) or any(part.kind != "text" for part in parts):
        return None  # a link or code is the sentence's own key, asked as it
    text = "".join(part.text for part in parts)
    gaps = named_gap(text, tuple(headings.split(" › ")))
    if len(gaps) != 1:
        return None
    start, end = gaps[0]
    if _USED_NAME.match(text[end:]) or _CONNECTIVE.match(text) or _tokens(parts)[0]:
        # a name to use (object clozes weigh it), a sentence going on from the one before, a figure beside it
        return None
    if _LABELLED.match(text):
        return None  # ``エラー内容: …``: a line under a label, which the label's own extractors read
    if _BRACKETED.search(text[:start]) and _BRACKET_CLOSE.search(text[end:]):
        return None  # ``…の設定 (CodeDeploy エージェントなど)``: an example in brackets, not the fact
    position = 0
    for index, part in enumerate(parts):
        if position <= start and end <= position + len(part.text):
            return _Token(index, start - position, end - position, figure=False) if part.kind == "text" else None
        position += len(part.text)
    return None


def _plain(part: Inline) -> Inline:
    """A bold part as plain text (the subject a provide cloze keeps in view), others as they are."""
    return Inline("text", html.escape(part.text, quote=False), part.text) if part.kind == "strong" else part


def _inside(parts: list[Inline], index: int, start: int, end: int) -> bool:
    """Whether part ``index`` lies within the characters ``start``..``end`` of the sentence's text."""
    position = sum(len(part.text) for part in parts[:index])
    return start <= position and position + len(parts[index].text) <= end


def _before(parts: list[Inline], token: _Token) -> str:
    own = parts[token.part].text[: token.start] if parts[token.part].kind != "code" else ""
    return "".join(part.text for part in parts[: token.part]) + own


def _after(parts: list[Inline], token: _Token) -> str:
    own = parts[token.part].text[token.end :] if parts[token.part].kind != "code" else ""
    return own + "".join(part.text for part in parts[token.part + 1 :])


_MARK = lazy_compile(r"^[^\w\s(（「\"“`]+\s*")
"""A mark an author sets before a tip (``💸``, ``❗``, ``⏱``): no part of the sentence a card asks."""


def _with_gap(parts: list[Inline], token: _Token) -> Inlines:
    """The sentence with the token as a key phrase (a ``strong`` inline the cloze hides)."""
    out: list[Inline] = []
    for index, part in enumerate(parts):
        if index != token.part:
            out.append(part)
            continue
        if part.kind == "code":
            out.append(Inline("strong", part.html, part.text))
            continue
        pieces = (part.text[: token.start], part.text[token.start : token.end], part.text[token.end :])
        for number, piece in enumerate(pieces):
            if piece:
                out.append(Inline("strong" if number == 1 else "text", html.escape(piece, quote=False), piece))
    if out and out[0].kind == "text" and _MARK.match(out[0].text):
        text = _MARK.sub("", out[0].text)
        out[0] = Inline("text", html.escape(text, quote=False), text)
    return tuple(out)


def _sources(document: Document) -> list[tuple[Paragraph | ListItem, Section, str]]:
    """:func:`_document_sources`, a list of the caller's own (read once a file: asked by this
    extractor twice and by both prose-gap extractors)."""
    return list(_document_sources(document))


@once_per_object
def _document_sources(document: Document) -> tuple[tuple[Paragraph | ListItem, Section, str], ...]:
    """The paragraphs and the top-level list items of each study section (also inside quotes), with
    the topic a list's items are about when a line that names a term stands right above the list
    (``DynamoDB`` then ``- 「パーティション」という単位でデータを分割``: notes with no headings, or a
    term under a heading): that line says what each item is about, as a heading would. A nested
    bullet belongs to its parent, whose card or Details speak for it."""
    from .definitions import head_term  # definitions imports the package

    found: list[tuple[Paragraph | ListItem, Section, str]] = []
    for section in study_sections(document):
        previous: object = None
        for block in top_level_blocks(section.blocks):
            if isinstance(block, Paragraph):
                found.append((block, section, ""))
            else:
                topic = ""
                if isinstance(previous, Paragraph):
                    lines = split_lines(previous.inlines)
                    if len(lines) == 1:
                        topic = head_term("".join(part.text for part in lines[0]), first=True) or ""
                        topic = "" if _NEGATION.search(topic) else topic  # ``NO TABS ALLOWED``: a rule, no topic
                for item in block.items:
                    found.append((item, section, topic))
                    found.extend((child, section, label) for child, label in _label_children(item))
            previous = block
    return tuple(found)


def _shown_in(owner: Paragraph | ListItem, shown: str) -> bool:
    """Whether the text of ``owner`` shows on a card made so far (as its Details or Text)."""
    text = " ".join("".join(part.text for part in owner.inlines).split())
    probe = _MARK.sub("", text)[:40]
    return bool(probe) and probe in " ".join(shown.split())


def _label_children(item: ListItem) -> list[tuple[ListItem, str]]:
    """The nested bullets of a bullet that is only a name (``- Amazon Aurora:`` then ``- 6 つのコピーに…``),
    each with that name as its topic: the parent says what each bullet is about, as a heading would,
    and makes no card of its own to speak for them. A parent with its own text keeps its bullets."""
    from .definitions import head_term  # definitions imports the package

    if not item.sublists:
        return []
    label = head_term(item.text, first=True) if item.text.strip().endswith((":", "：")) else None
    if not label:
        return []
    return [(child, label) for sublist in item.sublists for child in sublist.items]


_UI_COUNT = lazy_compile(r"^\d+\s*(?:times?|x|回)$", re.IGNORECASE)
"""A count of clicks or key presses (``click next 5 times``): how the screen goes, not a fact."""
_UI_VERB = lazy_compile(r"\b(?:click|clicks|clicking|press|hit|tap|select|choose|type|go|open|check)\b", re.IGNORECASE)
_UI_WORDS = frozenset(
    [
        "click",
        "clicks",
        "on",
        "in",
        "at",
        "the",
        "a",
        "an",
        "and",
        "then",
        "select",
        "choose",
        "type",
        "go",
        "to",
        "open",
        "check",
        "add",
        "press",
        "hit",
        "tap",
        "it",
        "them",
        "field",
        "button",
        "menu",
        "option",
        "tab",
    ]
)
"""Words of a UI step that say how to reach a control, not what the step is for."""
_OPENS = lazy_compile(r"^(?:open|launch|start)\s+(?:the\s+)?([^.,;:]{3,40}?)\.?$", re.IGNORECASE)
"""A first step that opens the program the steps after it click in (``Open Server manager.``)."""
_SCREEN_PLACE = lazy_compile(
    r"\b(?:(?:top|bottom|upper|lower)[- ](?:right|left)(?:[- ]hand)?(?:\s+corner)?|(?:right|left)[- ]hand side)\b",
    re.IGNORECASE,
)
"""A place on the screen (``top right``, ``left hand side``): where a control is, not what it is."""
_QUOTED = lazy_compile(r"[\"“”「」『』][^\"“”「」『』]*[\"“”「」『』]")


def _list_of(document: Document, owner: ListItem) -> ListBlock | None:
    """The list that holds ``owner`` as one of its items."""
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, ListBlock) and any(item is owner for item in block.items):
                return block
    return None


def _ui_step_problem(document: Document, owner: Paragraph | ListItem, parts: list[Inline], token: _Token) -> str:
    """Why a gap in one step of a UI procedure asks nothing worth learning, else ``""``: it hides a
    click count (``… and click next {{5 times}}``), or the step reads the same as another step of its
    list once the quoted names are hidden (``Go to the search field and type "…"`` twice: which one?),
    or it says nothing but how to reach the control (``Click on "{{member of}}" and add.``), so the
    front does not say what the step is for."""
    text = "".join(part.text for part in parts)
    if not _UI_VERB.search(text):
        return ""
    hidden = _text(parts, token).strip()
    if token.figure and _UI_COUNT.match(hidden):
        return f"the gap would hide a click count ('{hidden}'), a detail of the screen, not a fact to learn"
    if not isinstance(owner, ListItem) or token.figure:
        return ""
    listed = _list_of(document, owner)
    if listed is None or not listed.ordered:
        return ""
    frame = _QUOTED.sub('""', text).strip().rstrip(".").lower()
    for item in listed.items:
        if item is not owner and _QUOTED.sub('""', item.text).strip().rstrip(".").lower() == frame:
            return (
                f"the step reads the same as another step of its list ('{item.text.strip()[:60]}') once the "
                "quoted name is hidden, so the front does not say which step it asks"
            )
    words = re.findall(r"[a-z]+", fold(_QUOTED.sub(" ", text)))
    if words and not [word for word in words if word not in _UI_WORDS]:
        return "the step only says where to click, not what it is for, so the gap cannot be answered from the front"
    opened = _OPENS.match(listed.items[0].text.strip()) if owner is not listed.items[0] else None
    place = _SCREEN_PLACE.search(_QUOTED.sub(" ", text))
    if opened is not None and place is not None and fold(opened.group(1)) not in fold(text):
        return (
            f"the step finds its control only by its place on the screen ('{place.group(0)}'), in "
            f"'{opened.group(1)}', which step 1 opens and the front does not show"
        )
    return ""


_OPTION_LETTER = lazy_compile(r"^-{0,2}[A-Za-z0-9]$")
"""A one-letter option or key (``e``, ``-p``): it means something only with the command it belongs to."""


def _passing_code_problem(owner: Paragraph | ListItem, parts: list[Inline], token: _Token) -> str:
    """Why a gap on a code span asks a word its sentence only mentions in passing, else ``""``: a
    one-letter option (``オプション `e` を使うと…``) of a command the sentence does not name, or a
    command that the paragraph shows again with an option in a later sentence (``コマンド `git add`
    は…。また、`git add -p` を使うと…``): the sentence only leads in to that one."""
    if parts[token.part].kind != "code":
        return ""
    hidden = _text(parts, token)
    codes = [part.text.strip() for part in parts if part.kind == "code"]
    if _OPTION_LETTER.match(hidden) and len(codes) == 1:
        return (
            f"the gap would hide the one-letter option '{hidden}' of a command the sentence does not name, "
            "so the front cannot say what it belongs to; name the command in the sentence to get a card"
        )
    sentence = "".join(part.text for part in parts)
    whole = "".join(part.text for part in owner.inlines)
    later = whole[whole.find(sentence) + len(sentence) :] if sentence in whole else ""
    extended = [
        part.text.strip()
        for part in owner.inlines
        if part.kind == "code" and part.text.strip().startswith(f"{hidden} -") and part.text in later
    ]
    if extended:
        return (
            f"the sentence only leads in to the next one, about '{extended[0]}': the plain '{hidden}' it "
            "hides is mentioned in passing, not the point"
        )
    return ""


# a sentence that places its subject after the one before it (``… is executed next.``, ``Then, …``)
_ORDER_AFTER = lazy_compile(
    r"\b(?:next|afterwards|after that)\s*[.!]?$|^(?:Next|Then|After that|Afterwards),?\s", re.IGNORECASE
)


@register("token-clozes", order=102)
def extract_token_clozes(document: Document, context: ExtractContext) -> None:
    asked = {candidate.note.span.line for candidate in context.candidates}
    sources = {id(candidate.source) for candidate in context.candidates}
    shown = html.unescape(
        HTML_TAG.sub(" ", " ".join(value for candidate in context.candidates for _, value in candidate.note.fields))
    )
    # a bullet under a name-only parent that made a card of its own: that card speaks for it
    parents_carded = {
        child
        for owner, _section, _topic in _sources(document)
        if isinstance(owner, ListItem) and (context.claimed(owner) or owner.span.line in asked)
        for child, _label in _label_children(owner)
    }
    for owner, section, topic in _sources(document):
        if not (section.level or topic) or owner in parents_carded:
            continue  # no heading or term line to say what the sentence is about, or the parent's card speaks for it
        # an item an extractor looked at and made nothing of (``**EBS** provides …``, its bold
        # phrase in the headings) may still say what its subject provides; one used by a card is not
        claimed = context.claimed(owner)
        if claimed and (id(owner) in sources or _shown_in(owner, shown)):
            continue
        inlines = owner.inlines
        headings = headings_shown(document, section, topic)
        made = False
        for sentence in unasked_sentences(inlines, owner.span.line, asked, _SENTENCE_END):
            parts = list(sentence.parts)
            while parts and parts[0].kind == "text" and not parts[0].text.strip():
                parts.pop(0)
            token = (
                None
                if claimed
                else salient_token(
                    parts,
                    headings,
                    topic or section.title,
                    not topic and heading_defined(context, section),
                    bullet=isinstance(owner, ListItem),
                )
            )
            if token is None:
                token = provided_object(parts, headings)
                if token is not None:
                    parts = [_plain(part) for part in parts]
            if token is not None and token.heading and _said_again(owner, _text(parts, token)):
                continue  # ``X を…。X は軽い。``: the paragraph says the name beside the gap
            if token is None and not claimed and isinstance(owner, ListItem) and _plain_statement(context, owner):
                token = _named_token(parts, headings)
            if token is None:
                continue
            if ATTRIBUTE_OPENING.match(_before(parts, token)) and not (topic or heading_defined(context, section)):
                # ``デフォルトは`pick`です`` under a heading no card asks: the default of what?
                where = owner.span.at(sentence.line)
                explain_unowned_attribute(context, where, "".join(part.text for part in parts))
                continue
            problem = _ui_step_problem(document, owner, parts, token)
            if problem:
                context.skip(
                    owner.span.at(sentence.line), "".join(part.text for part in parts), problem, code="procedure-step"
                )
                continue
            problem = _passing_code_problem(owner, parts, token)
            if problem:
                context.skip(
                    owner.span.at(sentence.line), "".join(part.text for part in parts), problem, code="gap-in-passing"
                )
                continue
            said = "".join(part.text for part in parts)
            if _ORDER_AFTER.search(" ".join(said.split())):
                # ``The `WHERE` clause is executed next.`` after ``Step 2: …``: next after what? the
                # order is the line above's; alone the card has one right answer per step it follows
                context.skip(
                    owner.span.at(sentence.line),
                    said,
                    "the sentence places its subject after the step before it (… next, then …); alone the "
                    "card does not say after what; write the order as a numbered list to get it asked",
                    code="unresolved-referent",
                )
                continue
            before = len(context.candidates)
            span = owner.span.at(sentence.line)
            emit_cloze(context, document, section, span, _with_gap(parts, token), topic, owner)
            made = made or len(context.candidates) > before
        if made:
            context.claim(owner)
