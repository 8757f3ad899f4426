"""Helpers shared by the extractors: term cleaning, splitting ``term: body``, junk detection."""

from __future__ import annotations

import html
import operator
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import _lru_cache_wrapper, lru_cache, wraps
from typing import Any, TypeVar

from ankigen.patterns import HTML_TAG, lazy_compile

from ..model import (
    Block,
    CodeBlock,
    Document,
    Inline,
    Inlines,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Table,
    inline_html,
    inline_text,
)
from .vocabulary import (
    ADJECTIVE_ENDINGS,
    COLUMN_LABELS,
    CONNECTIVE_OPENINGS_EN,
    CONNECTIVE_OPENINGS_JA,
    DIFFERENCE_HEADER,
    DIRECTION_WORDS,
    EXPLAIN_QUOTE_CHARS,
    FLOW_MARKS,
    GROUP_HEADINGS,
    MANNER_NOUNS,
    MATH_DELIMITERS,
    MATH_ONLY,
    MAX_PUNCTUATED_TERM_CHARS,
    MAX_TERM_CHARS,
    MIN_VALUE_HEADER_WORDS,
    NO_SUBJECT_WORDS,
    NON_STUDY_HEADINGS,
    NON_STUDY_TERMS,
    SENTENCE_ENDINGS,
    SENTENCE_MARKS,
    STAGE_LABELS_JA,
    TOPIC_TITLE_ENDINGS,
    TOPIC_TITLE_OPENINGS,
)

_LEADING_MARKS = lazy_compile(
    r"^[\s\u2460-\u2473\u2776-\u277f\u278a-\u2793◾◼■□◆◇●○◎★☆▶▷►▼▽◀◁➤→⭕✅✔✉📌🔍💡✨・•*#>\-\ufe0f"
    # emoji and pictographs an author sets before a tip (🔸, ❗, ⏱, 💸, 📒, ⚠): marks, never a term's first letter
    r"\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\u200d]+"
)
_OPTION = lazy_compile(r"^(?:--[A-Za-z][A-Za-z0-9-]*|-[A-Za-z0-9]{1,4})(?=$|[\s,=\[<|/:：])")
"""A command-line option (``-M [n]``, ``-a, --append``, ``--set-file=``), or a cluster of short ones
(``-it``, ``-rf``, ``-xzvf``): its dash is part of the name (``-m`` and ``-M`` differ, ``-it`` is no
``it``), never a bullet mark."""
_URL = lazy_compile(r"https?://|www\.", re.IGNORECASE)
_DATE = lazy_compile(r"^\s*\d{2,4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?\s*$")
_OPEN_CLOSE = {"（": "）", "(": ")", "「": "」", "[": "]", "【": "】", "『": "』"}
# (?<!\s): a match only starts where a whitespace run starts, so a long run is scanned once (linear)
_DASH = lazy_compile(
    r"(?<!\s)(?:\s+(?:—|–|-{1,2})\s+|\s*[—–]\s*|\s*・{2,}\s*(?=[^\s・]))", needs=("—", "–", "-", "・・")
)
"""A spaced dash or an em/en dash between a term and its body; also a run of nakaguro dots, the way
Japanese notes set a term off from what it is (``バケット・・・オブジェクトを保持するための領域``), when
text follows (``メタデータ・・・`` alone trails off: a name with its text still to write)."""
_RANGE_END = lazy_compile(r"(?<![\w.])\d[\d.,]*$")
_RANGE_START = lazy_compile(r"\d[\d.,]*(?![\w.])")
"""A dash between two figures (``1 - 126``, ``169.254.0.0 – 169.254.255.255``) spans a range."""
_NAME_BEFORE_DASH = lazy_compile(r"(?<![\w-])[A-Z][\w.]*$")
_NAME_SUFFIX = lazy_compile(r"[A-Z]{2,4}(?=\s*[:：]|\s+(?:—|–|-{1,2})\s+)")
"""A short capital suffix after a spaced hyphen, itself followed by the separator (``S3 One Zone - IA -
…``, ``S3 Standard - IA: …``): the hyphen is part of the name, not the term's separator."""
_STEP = lazy_compile(
    r"^.{0,12}(?:ステップ|手順|シナリオ|パターン|step|scenario|case|pattern|例)\s*\d+$|^\d+$", re.IGNORECASE
)
_BOX_DRAWING = lazy_compile(r"[\u2500-\u257f]")
_COMMAND = lazy_compile(
    r"^(?:\$\s|(?:cat|ls|cd|aws|sudo|git|docker|kubectl|npm|pip|curl|ssh|echo|export|sam|cdk|terraform)\s)|~/"
)
_SENTENCE_MARKS = SENTENCE_MARKS
_ANY_SENTENCE_MARK = lazy_compile("|".join(map(re.escape, SENTENCE_MARKS)))
"""Any of :data:`_SENTENCE_MARKS`, a literal text each: one search in C for ``any(mark in text …)``."""
_ANY_FLOW_MARK = lazy_compile("|".join(map(re.escape, FLOW_MARKS)))
"""Any of :data:`~ankigen.extract.vocabulary.FLOW_MARKS`, a literal text each (as above)."""
_SENTENCE_ENDINGS = SENTENCE_ENDINGS
_TOPIC_TITLE_ENDINGS = TOPIC_TITLE_ENDINGS
GROUP_ONE = operator.itemgetter(1)
"""``pattern.sub(GROUP_ONE, text)``: each match replaced by its first group, as the template ``r"\\1"``
gives (for a group that always takes part) but in C: a template calls back into ``re`` per call and
per match."""

_Cached = TypeVar("_Cached", bound="_lru_cache_wrapper[Any]")
_FILE_SCOPED: list[_lru_cache_wrapper[Any]] = []


def file_scoped(cached: _Cached) -> _Cached:
    """An ``lru_cache``'d check emptied once each file's notes are made (:func:`forget_file`): for
    a check asked again of the same text only within one file (a whole answer, a line, a label),
    whose entries would otherwise stay and fill the bound as the vault grows (issue 14: memory
    flat in vault size). Put it over the ``lru_cache``; the bound still holds within a file."""
    _FILE_SCOPED.append(cached)
    return cached


_Of = TypeVar("_Of")
_Made = TypeVar("_Made")
_PER_OBJECT: list[dict[int, tuple[Any, Any]]] = []


def once_per_object(make: Callable[[_Of], _Made]) -> Callable[[_Of], _Made]:
    """``make(obj)`` remembered for ``obj`` itself (by ``id``, beside the object, so the id cannot be
    reused while its entry lives) until :func:`forget_file`: for a pure derivation of a document or a
    block that several extractors ask of the same object (its answer, shared, must not be changed).
    Unlike ``lru_cache`` it neither hashes nor compares the object (a document's fields are deep)."""
    memo: dict[int, tuple[Any, Any]] = {}
    _PER_OBJECT.append(memo)

    @wraps(make)
    def remembered(obj: _Of) -> _Made:
        kept = memo.get(id(obj))
        if kept is not None and kept[0] is obj:
            made: _Made = kept[1]
            return made
        made = make(obj)
        memo[id(obj)] = (obj, made)
        return made

    return remembered


def forget_file() -> None:
    """Empty what the extractors remember of one file (the :func:`file_scoped` caches, the walks
    :func:`iter_items` remembers and the lines :func:`split_lines` does): called when a file's notes
    are made, so none of it is held while the next file is parsed or the package is written."""
    for cached in _FILE_SCOPED:
        cached.cache_clear()
    for memo in _PER_OBJECT:
        memo.clear()
    _WALKED.clear()
    _SPLIT.clear()


def forget_all() -> None:
    """Empty every bounded cache of the extractors (``lru_cache`` with a ``maxsize``, in any
    ``ankigen.extract`` module) and what :func:`forget_file` empties: called once a build's
    per-file stage is over. What they hold (about 40 MB once full, past some 250 files: terms
    folded, answers split, HTML made plain) is of no use to the package and the state written next,
    and was most of a build's peak memory, which is reached while those are written (issue 14).
    The caches left are those of whole tables made once (no ``maxsize``)."""
    forget_file()
    cleared: set[int] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith("ankigen.extract.") or module is None:
            continue
        for value in list(vars(module).values()):
            if (
                isinstance(value, _lru_cache_wrapper)
                and id(value) not in cleared
                and value.cache_parameters()["maxsize"] is not None
            ):
                cleared.add(id(value))
                value.cache_clear()


@lru_cache(maxsize=16384)  # asked again and again for the same term by the checks below
def fold(text: str) -> str:
    """NFKC, case folded, whitespace collapsed: for comparing words a user wrote."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@file_scoped
@lru_cache(maxsize=4096)  # every recital check strips the same lines again
def strip_marks(text: str) -> str:
    """``text`` without its leading bullet marks (``⭕️``, ``・``, ``★``, ``→``)."""
    return _LEADING_MARKS.sub("", text)


_LETTER_KEY = lazy_compile(r"[^A-Za-z\s]{0,3}[A-Za-z][^A-Za-z\s]{0,3}")


def is_letter_key(term: str) -> bool:
    """A key of an editor or a pager written as one Latin letter, maybe with marks around it (``o``,
    ``O``, ``:w``, ``:q!``): its case is part of it, ``n`` and ``N`` are two keys."""
    return _LETTER_KEY.fullmatch(term.strip()) is not None


def is_option(term: str) -> bool:
    """Whether ``term`` opens with a command-line option (``-M [n]``, ``-a, --append``, ``--set-file=``)."""
    return _OPTION.match(term) is not None


DASHED_SECTION_NUMBER = lazy_compile(r"^[0-9]{1,3}(?:[ \t]*-[ \t]*[0-9]{1,3})+\s+(?=\S)")
"""``### 02-1-3 スレッド``: a section number written with dashes, no part of the term it numbers."""


# a key chord whose key is a punctuation mark (``prefix ,``, ``Ctrl + ?``, ``C-b .``), then the
# ``:`` of a ``Term: text`` line if any
_KEY_CHORD = lazy_compile(
    r"^(?P<chord>(?:prefix|leader|ctrl|control|alt|shift|cmd|command|option|meta|super|[CMS]-[a-z])\b"
    r"(?:(?:\s+|\s*[+-]\s*)[^\s+-]+)*?(?:\s+|\s*[+-]\s*)[,.?？;])\s*[:：]?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)  # pure, and asked again for every note under the same headings
def clean_term(text: str) -> str:
    """A term as a card front: no markup, no leading bullet marks, no trailing colon or とは,
    and brackets balanced (``Active Directory（`` becomes ``Active Directory``)."""
    term = " ".join(text.replace("**", "").replace("==", "").replace("`", "").split())
    if not _OPTION.match(term):
        term = _LEADING_MARKS.sub("", term)
    term = DASHED_SECTION_NUMBER.sub("", term)
    chord = _KEY_CHORD.match(term)
    term = term.rstrip(" :：、,.。?？")
    if term.endswith(";;"):  # an AsciiDoc definition list's ``Term;;``
        term = term[:-2].rstrip(" :：")
    if chord is not None:  # ``prefix ,`` / ``Ctrl + ?``: the mark is the key pressed, not punctuation
        term = chord.group("chord")
    for suffix in ("とは何か", "って何", "とは"):
        if term.endswith(suffix) and len(term) > len(suffix):
            term = term[: -len(suffix)].rstrip()
            break
    for opening, closing in (("「", "」"), ("<", ">"), ("＜", "＞"), ("【", "】"), ("『", "』")):
        if term.startswith(opening) and term.endswith(closing) and term.count(opening) == 1:
            term = term[1:-1].strip()
    term = _balance(term)
    return term.strip()


_ANY_BRACKET = lazy_compile(
    "[" + re.escape("".join(opening + closing for opening, closing in _OPEN_CLOSE.items())) + "]"
)
"""Any of the brackets in _OPEN_CLOSE: most terms have none, and then nothing is unbalanced."""


def excerpt(text: str) -> str:
    """The opening of a text that an ``inspect --explain`` message quotes (:data:`EXPLAIN_QUOTE_CHARS`)."""
    return text[:EXPLAIN_QUOTE_CHARS]


def is_fenced(block: CodeBlock) -> bool:
    """Whether a code block stands between fence lines (its span holds more lines than its text), not
    indented."""
    return block.span.end_line - block.span.line + 1 > len(block.text.splitlines())


def code_lines(block: CodeBlock) -> list[tuple[int, str]]:
    """A code block's non-blank lines with the source line each stands on (a fenced block's text
    starts a line below its opening fence). The one reading of which lines a block's text covers:
    extract/task_commands.py pairs its comments and commands by it, extract/coverage.py checks by it
    that every text line of a block is on a card."""
    first = block.span.line + (1 if is_fenced(block) else 0)
    return [(first + index, line) for index, line in enumerate(block.text.splitlines()) if line.strip()]


@file_scoped
@lru_cache(maxsize=16384)  # every extractor strips the markup off the same fields again and again
def plain_html(fragment: str) -> str:
    """The text of an HTML fragment: tags read as spaces, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(HTML_TAG.sub(" ", fragment) if "<" in fragment else fragment).split())


def _balance(term: str) -> str:
    if _ANY_BRACKET.search(term) is None:
        return term
    for opening, closing in _OPEN_CLOSE.items():
        if term.count(opening) > term.count(closing):
            index = term.rfind(opening)
            if index > 0 and closing not in term[index:]:
                term = term[:index].rstrip()
        if term.count(closing) > term.count(opening) and term.startswith(closing):
            term = term[1:]
    return term


_BRACKETED_PART = lazy_compile(r"[（(【「『\[][^）)】」』\]]*[）)】」』\]]")


@file_scoped
@lru_cache(maxsize=4096)
def outside_brackets(text: str) -> str:
    """``text`` without its bracketed parts (an expansion, a reading, an aside)."""
    return _BRACKETED_PART.sub("", text)


_ROUND_ASIDE = lazy_compile(r"\s*[（(][^（）()]*[）)]")


def outside_round_brackets(text: str) -> str:
    """``text`` without its parts in round brackets (an example, an expansion: ``署名に使用した
    アルゴリズム (AWS4-HMAC-SHA256)``), stripped; a label (``【EC2】``) or a quote (``「…」``) stays, as
    it is part of what the text says."""
    return _ROUND_ASIDE.sub("", text).strip()


@lru_cache(maxsize=4096)
def is_group_heading(title: str) -> bool:
    return fold(clean_term(title)) in GROUP_HEADINGS


HEADINGS_KEPT = 256
"""Headings whose checks below are kept: a file's notes ask of the same few headings again and
again (and the bench vault's files share theirs, hit just as often at this bound as at 1,024); a
vault has about one more distinct heading a file, so a larger bound, not full after the 1x bench
vault's 300 files, grew with the vault to the end (issue 14: memory flat in vault size)."""


_FILE_NAME_TITLE = lazy_compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")
"""A top heading written as a file name (``exam_memo``, ``aws_notes_2024``): a file's label, not a subject."""


@lru_cache(maxsize=HEADINGS_KEPT)  # a file's headings, asked again for its notes (not a vault's: see HEADINGS_KEPT)
def names_no_subject(title: str, top: bool = False) -> bool:
    """A heading under which nothing takes its subject from it: ``Other``, ``Misc``, ``その他``, or
    (``top``: a level-1 heading) a file-name title such as ``exam_memo``."""
    folded = fold(clean_term(title))
    return folded in NO_SUBJECT_WORDS or (top and bool(_FILE_NAME_TITLE.match(folded)))


@lru_cache(maxsize=HEADINGS_KEPT)  # a file's headings, asked again for its notes (not a vault's: see HEADINGS_KEPT)
def is_non_study_heading(title: str) -> bool:
    folded = fold(clean_term(title))
    return folded in NON_STUDY_HEADINGS or bool(_DATE.match(folded))


def is_non_study_term(term: str) -> bool:
    folded = fold(term)
    if folded in NON_STUDY_TERMS or bool(_DATE.match(folded)) or bool(_URL.search(term)):
        return True
    numbered = _NUMBERED_REMARK.match(folded)
    return numbered is not None and numbered[1] in _REMARK_LABELS  # ``注意 1``, ``Note 2``: a remark, numbered


_NUMBERED_REMARK = lazy_compile(r"^(\S+?)\s*(?:[0-9０-９]+[.)）]?|[①-⑳])$")
_REMARK_LABELS = frozenset(
    {"注意", "注", "補足", "備考", "メモ", "note", "notes", "nb", "tip", "memo", "caution", "warning"}
)
"""Words that label a remark: with a number after them (``注意 1``), still a label and no term."""


def is_topic_title(term: str) -> bool:
    """A title that names a topic (``AとBの違い``, ``…まとめ``, ``A vs B``), not a term to define."""
    folded = fold(term)
    opening = next((opening for opening in TOPIC_TITLE_OPENINGS if folded.startswith(opening)), "")
    if opening and len(folded) > len(opening) + 1:
        return True  # ``How it compares to …``, ``なぜ必要か``; a bare ``Why`` is a label, left to the label rules
    return folded.endswith(_TOPIC_TITLE_ENDINGS) or " vs" in folded or ("と" in folded and folded.endswith("違い"))


@file_scoped
@lru_cache(maxsize=4096)  # asked of the same answers and items by several extractors
def sentence_like(text: str) -> bool:
    """Reads as a statement (has a Japanese object particle, a verb ending, or a full stop)."""
    core = outside_brackets(text).strip()
    if "。" in core or (core.endswith(".") and " " in core):
        return True
    words = core.lower().split()
    if len(words) >= 3 and words[0] in ("the", "a", "an", "this", "it", "they", "we", "you", "i"):
        return True  # an English sentence or description, not a name
    if len(words) >= 3 and words[0] == "there" and words[1] in ("is", "are", "was", "were"):
        return True  # ``There are three modes``: a sentence that announces something, not a name
    if _ANY_SENTENCE_MARK.search(core) is not None:  # (any mark of _SENTENCE_MARKS in it)
        return True
    return len(core) > 6 and core.endswith(_SENTENCE_ENDINGS)


_VALUE_SEPARATOR = lazy_compile(r"[、，;；]|,\s")


def _reads_as_value(cell: str) -> bool:
    """A header cell that reads as a table's data, not a column's name: a statement, a list of
    parts (``connection-oriented, ordered``, ``高速、安価``) or a phrase of
    MIN_VALUE_HEADER_WORDS words or more."""
    text = strip_marks(cell).strip()
    return bool(text) and (
        sentence_like(text) or bool(_VALUE_SEPARATOR.search(text)) or len(text.split()) >= MIN_VALUE_HEADER_WORDS
    )


def header_is_data(table: Table) -> bool:
    """Whether a pipe table's header row is its first row of data: the author wrote no header, so
    the parser read the first row as one (``| TCP | reliable, ordered |`` over ``|---|---|``). Its
    first cell names a thing (not empty, not a column label such as 項目) and a cell after it reads
    as a value, never as a column's name."""
    if len(table.header) < 2:
        return False
    first = clean_term(inline_text(table.header[0]))
    if not first or fold(first) in COLUMN_LABELS or not looks_like_term(first):
        return False
    cells = [" ".join(inline_text(cell).split()) for cell in table.header[1:]]
    if any(DIFFERENCE_HEADER.match(cell) for cell in cells):
        return False  # ``Difference from TCP and UDP`` names what the column says of each row
    values = [cell for cell in cells if _reads_as_value(cell)]
    if len(cells) >= 2 and all(_title_cased(cell) and not sentence_like(cell) for cell in values):
        # ``| Speed | Common Name | Cable Type, Maximum Length |``: a long cell or one with a comma,
        # written as a title (each word capitalised) in a row of three or more, names its column
        return False
    return bool(values)


_TITLE_WORD = lazy_compile(r"^[(\[]?(?:[A-Z0-9]|[a-z]+[A-Z])")
"""A word as a title writes it: a capital (``Name``, ``IEEE``, ``(PDU)``), a figure (``1122``,
``802.11``) or a name with a capital inside (``iPhone``)."""


def _title_cased(cell: str) -> bool:
    """A header cell written as a title: every word of two letters or more capitalised (small joining
    words ``of``, ``and``, ``w/`` aside), and at least one word."""
    words = [word for word in strip_marks(cell).replace(",", " ").split() if word.lower() not in _TITLE_SMALL_WORDS]
    return bool(words) and all(_TITLE_WORD.match(word) for word in words)


_TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "per", "by", "w/", "vs", "vs.", "&", "/", "-"}
)


def table_as_read(table: Table) -> Table:
    """The table as its rows are read: a header row that is data (:func:`header_is_data`) becomes
    its first row, on the table's first line, under a header of empty cells; any other table as it is."""
    if not header_is_data(table):
        return table
    lines = table.row_lines or tuple(table.span.line + 2 + index for index in range(len(table.rows)))
    return replace(
        table,
        header=tuple(() for _ in table.header),
        rows=(table.header, *table.rows),
        row_lines=(table.span.line, *lines),
    )


_PLAIN_WORD = lazy_compile(r"^[A-Za-z][a-z]+$")  # ``Devices``, ``isolation``; not ``TCP``, ``DevOps``, ``802``
_JOINT = lazy_compile(r"\s+(?:&|and)\s+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def joins_topics(term: str) -> bool:
    """Two plain topic words joined (``Protocols & Devices``, ``Databases and Analytics``): the
    title of a section or a page about both, not a term a back can say what it is. Names keep their
    form (``TCP & UDP``, ``DevOps and SRE``), and ``Continuous Delivery and Continuous Deployment``
    joins two terms."""
    text = clean_term(term)
    if not text.isascii() or len(text) > MAX_TERM_CHARS:
        return False
    parts = _JOINT.split(text)
    return len(parts) == 2 and all(len(part.split()) == 1 and _PLAIN_WORD.match(part) for part in parts)


_LABEL_WORD_BREAK = lazy_compile(r"[\s\-]+")


@lru_cache(maxsize=4096)
def is_label_phrase(term: str) -> bool:
    """A front that labels a point instead of naming a thing, so it needs its subject to be asked:
    two plain topics joined (``Protocols & Devices``), a direction (``Top-Down``, ``Bottom-Up``), or
    one adjective before a manner noun (``Traditional Flow``). Names keep their form: an acronym, a
    digit or a capital inside a word (``TCP & UDP``, ``DevOps Way``, ``Round-Robin``) is no label."""
    text = clean_term(term)
    if not text.isascii() or len(text) > MAX_TERM_CHARS:
        return False
    if len(_JOINT.split(text)) == 2:
        return joins_topics(text)
    words = _LABEL_WORD_BREAK.split(text)
    if len(words) >= 2 and all(word.lower() in DIRECTION_WORDS for word in words):
        return True
    return (
        len(words) == 2
        and all(_PLAIN_WORD.match(word) for word in words)
        and words[0].lower().endswith(ADJECTIVE_ENDINGS)
        and words[1].lower() in MANNER_NOUNS
    )


_THING_NAME = lazy_compile(r"[A-Z]|[a-z][-_.][a-z]|\d")
HIRAGANA = lazy_compile(r"[\u3040-\u309f]")
"""A hiragana letter: Japanese grammar (particles, endings), not a name."""
_ASIDES = lazy_compile(r"[(（][^()（）]*[)）]")

JA_COPULA_END = lazy_compile(r"(?:です|である|だ)?[。.]?\s*$")
"""A Japanese sentence's closing copula and full stop (``…である。``), to take off its claim."""
HIRAGANA_END = lazy_compile("[\u3040-\u309f]$")
JA_SENTENCE_END = lazy_compile(r"(?<=[。！？])")
"""Where a Japanese sentence ends (after ``。``, ``！`` or ``？``), to split a paragraph on."""
SENTENCE_THEN_MORE = lazy_compile(r"[.。!?！？]\s*\S")
"""A sentence mark with more text after it: a text that says more than one sentence (or a dotted
name, ``v1.2``), no short lead-in or announcement."""
JA_QUOTED = lazy_compile(r"「(?![^をにへがとのは、\s「」]{2,7}[るいた]」)([^「」]{2,20})」")
"""A short phrase in Japanese quotes (``「…」``), the phrase in group 1; not a short word that ends as
a verb or an adjective does (``「信頼できる」``: :data:`~.vocabulary.LOOSE_QUOTED_WORD`), which the
quotes only mark as used loosely."""

JA_OPINION = lazy_compile(r"と思う|と思います|気がする|かもしれない")
"""A Japanese sentence that gives an opinion (``…と思う``, ``…かもしれない``), not a fact to card."""

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
"""A number, with thousands separators or a decimal part: the source text, to build patterns from."""
"""Text that ends in hiragana: a verb or an adjective (``まとめる``), not a name."""
BRACKETED_TAIL = lazy_compile(r"\s*[(（][^()（）]*[)）]\s*$")
"""A bracket at the end of a name or phrase (``ボリュームゲートウェイ (Stored)``), to compare without it."""


def names_a_thing(name: str) -> bool:
    """Whether an owner above a term names a thing (``HTTP API``, ``Amazon RDS``, ``Lambda関数``,
    ``cfn-init``: a capital, a digit or a joined identifier, no particle), not a label or a topic
    phrase (``設定項目``, ``Lambda関数の呼び出し``, ``settings``)."""
    bare = _ASIDES.sub("", name)
    return bool(_THING_NAME.search(bare)) and not HIRAGANA.search(bare)


OUTLINE_NUMBER = lazy_compile(r"^\s*\d+(?:\.\d+)*[.)]\s+(?=\S)")
"""A heading's outline number before its name (``7. ``, ``4.1. ``, ``2) ``): the notes' numbering of
their sections, no part of the name a card asks a label of (``7. Message Queues › Concept``)."""


@lru_cache(maxsize=8192)
def looks_like_term(term: str) -> bool:
    """Short, no sentence punctuation: something a card can ask about."""
    if not term or len(term) > MAX_TERM_CHARS or term.startswith("※"):
        return False
    if _ANY_FLOW_MARK.search(term) is not None:  # (any mark of FLOW_MARKS in it)
        return False
    if any(mark in term for mark in ("。", "？", "?", "！", "!")) and len(term) > MAX_PUNCTUATED_TERM_CHARS:
        return False
    if term.count(" ") > 6 or _STEP.match(term) or sentence_like(term) or _COMMAND.search(term):
        return False
    if term.endswith(("例", "例一覧")) or fold(term).endswith((" example", " examples")):
        return False  # トリガー例, 使用例: examples, not a term
    if term.startswith(("{", "[", "<")) or '"' in term:
        return False  # JSON, code or markup
    if term.startswith(MATH_DELIMITERS) or MATH_ONLY.fullmatch(term):
        return False  # a formula (``$$`` opening one, or ``$x^2$`` alone), not a term
    if opens_with_connective(term):
        return False  # ``よって、発信元として使えません``: a conclusion from the line above, not a name
    if not has_cjk(term) and (_EN_CLAUSE.search(term) or _EN_SUBORDINATE.match(term)):
        return False  # ``Disasters can occur within systems``, ``Finally, if everything is outsourced``: a clause
    if has_cjk(term) and _JA_CLAUSE.search(_BRACKETED.sub("", term)):
        return False  # ``NAPTはアドレス変換技術``, ``ここで端末Bがログアウトすると``: a clause, not a name
    if has_cjk(term) and _JA_PARTICLE_END.search(term):
        return False  # ``開発者が``, ``CloudWatchの``: a sentence cut before its predicate, not a name
    return not is_non_study_term(term)


_EN_SUBORDINATE = lazy_compile(
    r"^(?:While|Whereas|Although|Though|Because|Unless)\s+(?:[A-Z0-9]|(?:the|a|an|it|this|they|we|you)\s)"
    r"|^If\s+(?:[a-z]|(?:the|a|an|it|this|they|we|you)\s)"
)
"""A clause that opens on a subordinating conjunction (``While QLDB``, cut from ``While QLDB is a ledger
database…, QLDB is not…``; ``If latency``, cut from ``If latency is an issue you can use …``): the
sentence's condition, not a name (``while loop`` is one: lower case; ``If`` before a capital stays)."""


# a Japanese clause rather than a name: a topic and what is said of it (``XはY``, outside brackets),
# or a condition (``…すると``, ``…したら``) that the next line completes
_JA_CLAUSE = lazy_compile(
    r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9]は[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9]"
    r"|(?:すると|したら|すれば|ると|れば|たら)$"
)
# an English clause rather than a name: a modal and the verb after it (``… can occur within …``), or a
# connective and a condition (``Finally, if everything is outsourced``); a label such as ``When Used``
# opens on no connective and stays a term
_EN_CLAUSE = lazy_compile(
    r"\s(?:can|could|may|might|must|should|will|would|cannot)\s+(?:not\s+)?[a-z]{2,}\b"
    r"|^(?:finally|however|then|also|so|thus|hence|therefore|otherwise)\s*,\s*(?:if|when|whenever|unless)\s",
    re.IGNORECASE,
)
_BRACKETED = lazy_compile(r"[（(][^（()）]*[）)]")
_JA_PARTICLE_END = lazy_compile(r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9）)」』]\s*[がをにへでとのも]$")
"""A term that ends on a case or topic particle right after a name (``開発者が``, ``CloudWatchの``,
``サービスアカウント（SA）は``): the opening of a sentence whose predicate is on the next line, not a
name (a word written in kana, ``もの``, ``こと``, keeps its last kana)."""


_EN_FIRST_WORD = lazy_compile(r"^([A-Za-z]+)(?:,|\s)")


def opens_with_connective(text: str) -> bool:
    """Text that opens with a word joining it to what comes before (``よって、…``, ``したがって…``,
    ``So …``, ``Thus, …``): a conclusion or a turn of the argument, which leans on the line above."""
    stripped = text.strip()
    if stripped.startswith(CONNECTIVE_OPENINGS_JA):  # one C-level test first: most text opens with none
        for word in CONNECTIVE_OPENINGS_JA:
            if stripped.startswith(word) and stripped[len(word) : len(word) + 1] in ("、", ",", "，", " "):
                return True
    english = _EN_FIRST_WORD.match(stripped)
    return english is not None and not english[1].isupper() and english[1].lower() in CONNECTIVE_OPENINGS_EN


_CJK = lazy_compile("[^\x00-\u2e80]")  # [\u2e81-\U0010ffff], which took 5 ms of start-up to compile


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a CJK (or later-block) character: Japanese notes read differently."""
    # an ASCII text holds none (``isascii`` reads a flag of the string: no scan)
    return not text.isascii() and _CJK.search(text) is not None


@lru_cache(maxsize=1024)
def _opening(lead: str, first: str, flags: int) -> re.Pattern[str]:
    return re.compile(lead + re.escape(first), flags)


def may_open_with(lead: str, first: str, text: str, flags: int = 0) -> bool:
    """False when no pattern ``lead`` + ``re.escape(first)`` + anything can match at the start of
    ``text`` (``re.match``, ``flags``): ``lead`` then the character ``first`` does not. A check made
    before compiling a pattern for one name (one for each term of a file, each a few hundred
    microseconds to compile and used once), by a pattern kept per first character."""
    return _opening(lead, first, flags).match(text) is not None


def is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a text pattern: a letter or digit of any script (``str.isalnum``) or ``_``."""
    return char.isalnum() or char == "_"


def is_word_or_hyphen(char: str) -> bool:
    """What ``[\\w-]`` matches."""
    return char.isalnum() or char in "_-"


is_latin_name_char = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-").__contains__
"""What ``[A-Za-z0-9_-]`` matches."""


def find_word(text: str, word: str, inside: Callable[[str], bool], *, after: bool = True) -> int:
    """Where ``word`` first shows in ``text`` with no character ``inside`` accepts right before it (and,
    with ``after``, right after it), or -1: ``re.search(rf"(?<![…]){re.escape(word)}(?![…])", text)``
    (its ``start()``), without compiling a pattern for each word."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (not start or not inside(text[start - 1])) and (not after or end == len(text) or not inside(text[end])):
            return start
        start = text.find(word, start + 1)
    return -1


_PARALLEL_TAIL = lazy_compile(r"[のをにへとで]([^\u3040-\u309f。、]{2,})$")


def parallel_phrases(first: str, second: str) -> bool:
    """Two Japanese list items (plain) that end on the same noun phrase after a particle
    (``複数のアカウントへのアクセス`` and ``アプリへのアクセス``): parallel items of one list, so the
    first names one of a set, not what the list's owner is."""
    tail = _PARALLEL_TAIL.search(second.strip())
    return has_cjk(first) and tail is not None and first.strip().endswith(second.strip()[tail.start() :])


_CODE_ELEMENT = lazy_compile(r"<code\b[^<>]*>.*?</code>|<pre\b[^<>]*>.*?</pre>", re.IGNORECASE | re.DOTALL)
_LINK_ELEMENT = lazy_compile(r"<a\b[^<>]*>.*?</a>", re.IGNORECASE | re.DOTALL)
_BARE_URL = lazy_compile(r"<?https?://[^\s<>]+>?", re.IGNORECASE, needs=("://",))
NOT_WORD = lazy_compile(r"[\W_]+")
"""A run of what is not a letter or digit (punctuation, spaces, ``_``): taken out to compare words."""
MAX_REFERENCE_LABEL_CHARS = 20
"""The most a reference's label may hold (``参考:``, ``GDPR -``, ``Lambda関数の作成例）``), letters and digits."""


@file_scoped
@lru_cache(maxsize=4096)  # the selection checks ask it of the same answer several times
def reference_only(fragment: str, link_text_says: bool = False) -> bool:
    """Whether an HTML fragment (or plain text) is only a reference to read elsewhere: links or bare
    URLs (outside code), with at most a short label beside them and no statement (``参考:
    https://…``, ``GDPR - https://…``, a list of links), not a fact a card can ask. With
    ``link_text_says`` a link's text counts as what the fragment says (an answer written as a link,
    ``[the smallest deployable unit](…)``, says it), unless it is a URL itself."""
    outside_code = _CODE_ELEMENT.sub(" ", fragment)
    if link_text_says:
        outside_code = _LINK_ELEMENT.sub(_link_text_unless_url, outside_code)
    links = len(_LINK_ELEMENT.findall(outside_code))
    text = html.unescape(HTML_TAG.sub(" ", _LINK_ELEMENT.sub(" ", outside_code)))  # (an image's src is no URL said)
    if not links and not _BARE_URL.search(text):
        return False
    rest = _BARE_URL.sub(" ", text)
    label = NOT_WORD.sub("", rest)
    return len(label) <= MAX_REFERENCE_LABEL_CHARS and not sentence_like(rest)


_POINTER_LABEL = lazy_compile(
    r"^(?:参考|参照|出典|詳細|詳しくは|例|リンク|公式|ドキュメント|see|ref|refs|reference|references|source|sources|"
    r"link|links|docs?|more|read more|further reading)?$",
    re.IGNORECASE,
)


_BREADCRUMB = lazy_compile(r"^(?:[^<>›»\n]{1,60}?\s[>›»]\s){2,}", needs=(">", "›", "»"))


def breadcrumb_link(inlines: Inlines, text: str) -> bool:
    """``kubernetes.io > Documentation > Tasks > [Page]``: a path through a site's navigation to a
    linked page, a place to read, not a statement about anything."""
    return any(part.kind == "link" for part in inlines) and bool(_BREADCRUMB.match(text.strip()))


# a link that moves through the notes (``[Back](README.md) to the index``, ``[← 目次へ戻る](../)``)
_NAVIGATION_LINK = lazy_compile(
    r"^[\W_]*(?:back|home|top|index|contents|prev|previous|next|up|戻る|トップ|目次|前へ|次へ)\b",
    re.IGNORECASE,
)


def navigation_link(inlines: Inlines) -> bool:
    """``[Back](README.md) to Linux Cheatsheets``: a line that opens on a link back (or on) through
    the notes, the way to another page of them, not a statement about anything."""
    first = next((part for part in inlines if part.kind != "br" and part.text.strip()), None)
    return first is not None and first.kind == "link" and _NAVIGATION_LINK.match(first.text.strip()) is not None


@file_scoped
@lru_cache(maxsize=4096)  # the selection checks ask it of the same answer several times
def pointer_only(definition: str) -> bool:
    """An answer that is only a reference with nothing beside its links but a pointer word (``参考:
    https://…``, ``see https://…``, a list of links): no fact to recall. A name beside the URL (``GDPR -
    https://…``) is the answer, and the URL leaves the back (``url-moved``)."""
    if _resource_link(definition):
        return True
    if not reference_only(definition, link_text_says=True):
        return False
    titled = _LINK_ELEMENT.sub(lambda link: " " if _titled_link(link) else link.group(), definition)
    label = _BARE_URL.sub(" ", html.unescape(HTML_TAG.sub(" ", titled)))
    words = " ".join(NOT_WORD.sub(" ", label).split())
    outside = HTML_TAG.sub(" ", _LINK_ELEMENT.sub(" ", definition))
    links = len(_LINK_ELEMENT.findall(definition)) + len(_BARE_URL.findall(outside))
    # a pointer word, an example or walkthrough named (``作成例）``, ``Sample code``), a fragment of an
    # aside (an unopened bracket), or a list of links
    return bool(_POINTER_LABEL.match(words) or _EXAMPLE_LABEL.search(label) or _UNOPENED.search(label)) or links > 1


def _resource_link(definition: str) -> bool:
    """An answer that is one link to a web page and nothing else, its text naming a resource to read
    or watch (``[Learning Module](https://…)``): where to learn about the term, not what it is."""
    links = _LINK_ELEMENT.findall(definition)
    if len(links) != 1 or "http" not in definition:
        return False
    rest = html.unescape(HTML_TAG.sub(" ", _LINK_ELEMENT.sub(" ", definition)))
    if NOT_WORD.sub("", rest):
        return False
    words = " ".join(NOT_WORD.sub(" ", html.unescape(HTML_TAG.sub(" ", definition))).split())
    return len(words.split()) <= MAX_RESOURCE_LABEL_WORDS and bool(_RESOURCE_LABEL.search(words))


MAX_RESOURCE_LABEL_WORDS = 5
"""The longest link text that can only name where to read (``Learning Path``, ``Based on this video``)."""
_RESOURCE_LABEL = lazy_compile(
    r"\b(?:learning (?:path|module)|module|video|course|lesson|lecture|article|blog(?: post)?|playlist|"
    r"slides?|documentation|docs|tutorial|guide|introduction|intro|primer|handbook|here|this page|cheat ?sheet)s?\b",
    re.IGNORECASE,
)
"""A link's text that names a resource to read or watch (a course's module, a video, the docs), not a
fact: an answer that is only such a link (``[Learning Module](https://…)`` under ``## Cost management``,
``[Based on this video](https://…)`` under ``VPC``) points elsewhere, like a pointer word."""


_EXAMPLE_LABEL = lazy_compile(r"例|example|sample|walkthrough|tutorial|参考|参照|詳細|see also", re.IGNORECASE)
_UNOPENED = lazy_compile(r"^[^(（]*[)）]")
_TRAILING_URL = lazy_compile(r"\s*(?:[-–—:：]\s*)?(?<![\"'=/])(https?://[^\s<>\"']+)\s*$", needs=("http",))


def reference_off(fragment: str, answer: bool = False) -> tuple[str, str] | None:
    """What an HTML fragment on a card's back keeps once the reference in it leaves, and that
    reference: ``(kept, reference)``, or None when nothing leaves. A web address or a link is a page
    to read, never a fact to recall, so it leaves every back; what stays beside it depends on the
    field it is in:

    * context (Details, the default): a fragment that is only a reference (:func:`reference_only`:
      ``参考: https://…``, a list of links, ``GDPR - https://…``) leaves whole, ``('', fragment)``: a
      label beside a link says nothing about the card's front;
    * an ``answer`` (a definition's back): a bare web address that ends it leaves, with the dash or
      colon before it, and the rest stays (``GDPR - https://…`` keeps ``GDPR``): the name is what the
      front asks. An answer that is only a pointer word and links makes no card (:func:`pointer_only`).
    """
    if not answer:
        return ("", fragment) if reference_only(fragment) else None
    match = _TRAILING_URL.search(fragment)
    if match is None or "</a>" in fragment[match.start() :]:
        return None
    head = fragment[: match.start()].rstrip()
    if len(plain_html(head)) < 2:
        return None
    return head, match.group(1)


def _link_text_unless_url(link: re.Match[str]) -> str:
    text = html.unescape(HTML_TAG.sub("", link.group()))
    if _BARE_URL.fullmatch(text.strip()) or _PAGE_TITLE.search(text.strip()):
        return link.group()  # a URL or a page's title (``MTU の変え方 - あるwiki``): where to read, no statement
    return f" {html.escape(text, quote=False)} "


def _titled_link(link: re.Match[str]) -> bool:
    """A link whose text is the title of the page it opens (:data:`_PAGE_TITLE`)."""
    return _PAGE_TITLE.search(html.unescape(HTML_TAG.sub("", link.group())).strip()) is not None


_PAGE_TITLE = lazy_compile(r"\S\s+[-–—|｜]\s+\S|^[^:：。!?]{2,40}[:：]\s*\S[^。]*$")
"""A link's text that is the title of the page it opens: a site's name set off by a spaced dash or bar
(``MTU の変え方 - あるwiki``, ``Check an open port - a Q&A site``) or before a colon
(``PC部ブログ：LAN の機器を探す方法``, ``… 公式ブログ: 新しい輻輳制御``)."""


@file_scoped
@lru_cache(maxsize=4096)  # asked of the same answer by several extractors and checks
def meaningful_body(text: str) -> bool:
    """An answer worth a card: not empty, not one bare word, not only a URL or a date."""
    stripped = text.strip().lstrip("→⇒ ")
    if not stripped or _URL.match(stripped) or _DATE.match(stripped) or _COMMAND.match(stripped):
        return False
    if stripped.startswith(("例)", "例）", "e.g.", "例:", "例：")):
        return False  # an example, not an explanation
    if has_cjk(stripped):
        return len(stripped) >= 4
    return len(stripped.split()) >= 2


_COUNT = lazy_compile(r"^\d+\s*(?:つ|種類?|個|点|通り|types?|kinds?|ways?|parts?)?$", re.IGNORECASE)


def bare_value(text: str) -> bool:
    """A value too short to read as an answer alone, one word or a few names (``NFS/SMB/HDFS``,
    ``TCP``, ``有効``), yet the value a ``Label: value`` line states: not empty, not a URL, a date, a
    command, an example or a count (``2つ``, ``3 types``: a lead-in to the bullets under it)."""
    stripped = text.strip().lstrip("→⇒ ")
    if not stripped or meaningful_body(stripped) or _COUNT.match(stripped):
        return False
    if _URL.match(stripped) or _DATE.match(stripped) or _COMMAND.match(stripped):
        return False
    return not stripped.startswith(("例)", "例）", "e.g.", "例:", "例：")) and any(char.isalpha() for char in stripped)


def is_diagram(text: str) -> bool:
    """ASCII or box-drawing art: more drawing characters than words."""
    if _BOX_DRAWING.search(text):
        return True
    lines = [line for line in text.splitlines() if line.strip()]
    arrows = sum(1 for line in lines if re.fullmatch(r"[\s⬇︎↓|→\-]+.*", line) and len(line.strip()) < 20)
    return len(lines) >= 3 and arrows * 2 >= len(lines)


_COLON = lazy_compile("[:：]")


def joins_name_suffix(before: str, after: str) -> bool:
    """Whether a spaced hyphen between ``before`` and ``after`` joins a name to its short capital
    suffix (:data:`_NAME_SUFFIX`: ``S3 One Zone - IA: …``) rather than separating a term from its body."""
    return _NAME_BEFORE_DASH.search(before.rstrip()) is not None and _NAME_SUFFIX.match(after.lstrip()) is not None


def _separator_in(text: str, allow_dash: bool) -> tuple[int, int] | None:
    """Where the first ``:``, ``：`` or spaced dash in ``text`` separates a term from its body.

    An ASCII colon between two ASCII letters or digits (``s3:GetObject``, ``10:30``), a double
    colon (``AWS::Region``), the colon of an assignment (``:=``) or of a URL is part of a name or of
    code, not a separator.
    """
    found: tuple[int, int] | None = None
    for colon in _COLON.finditer(text):  # the colons only, not every character
        index = colon.start()
        if colon.group() == ":":
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if ":" in (before, after) or after == "=":
                continue  # ``AWS::Region``; ``sum := 1``, Go's or Python's assignment operator
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                # the ASCII words after it, across commas (``Aurora:MySQL,PostgreSQLの…``) but never
                # across another colon (``s3:GetObject, s3:PutObject``: names, each with its colon)
                run = re.match(r"[A-Za-z0-9_.-]*(?:[,，][ ]?[A-Za-z0-9_.-]+)*", text[index + 1 :])
                following = text[index + 1 + (run.end() if run else 0) :][:1]
                if not (following and ord(following) > 0x2E80) or (before.isdigit() and after.isdigit()):
                    # ``s3:GetObject``; ``100:0で振り分ける``, a ratio or a time (``10:30に``) between
                    # digits; but ``CloudTrail:APIの…`` is a Japanese body
                    continue
            if text[:index].lower().endswith(("http", "https")) or text.startswith("//", index + 1):
                # the colon of a URL or a storage path (``gs://bucket/``, ``s3://bucket``): part of a name
                continue
        end = index + 1
        while end < len(text) and text[end] in " \t\u3000":
            end += 1
        start = index
        while start > 0 and text[start - 1] in " \t\u3000":
            start -= 1
        found = (start, end)
        break
    if allow_dash:
        for dash in _DASH.finditer(text):
            if found is not None and dash.start() >= found[0]:
                break
            if _RANGE_END.search(text[: dash.start()]) and _RANGE_START.match(text[dash.end() :]):
                continue  # ``A 1 - 126``, ``10.0.0.0 - 10.255.255.255``: one value, a range, not term and body
            if dash.group().strip() == "-" and joins_name_suffix(text[: dash.start()], text[dash.end() :]):
                continue  # ``S3 One Zone - IA - …``: the hyphen joins the name's suffix
            if _CLAUSE_GOES_ON.match(text[dash.end() :]):
                continue  # ``Aurora costs more than RDS – but is more efficient``: one sentence, no term
            found = (dash.start(), dash.end())
            break
        if found is not None and text[found[0] : found[1]].strip() in _DASHES and name_chain(text):
            return None  # ``On-premises - IaaS - PaaS - SaaS``: a sequence of names, not a term and its body
    return found


_CLAUSE_GOES_ON = lazy_compile(r"(?:but|yet|so|and|or|which|while|whereas|although|though|because)\b")
"""Words that carry a sentence on past a dash (lower case: ``… – but is more efficient``): what
follows is the rest of one statement, not the body of a term before the dash."""
_DASHES = frozenset({"-", "--", "–", "—"})
_CHAIN_WORDS = 3
"""A chain's links are names of at most this many words each."""


def name_chain(text: str) -> bool:
    """Three or more short names joined by spaced dashes and nothing else (``On-premises - IaaS -
    PaaS - SaaS``, ``data - application - runtime - OS``): an order or a layering of names, with no
    term set apart from a body that says what it is."""
    links = _DASH.split(text)
    return len(links) >= 3 and all(0 < len(link.split()) <= _CHAIN_WORDS and not _COLON.search(link) for link in links)


_TERM_KINDS = frozenset({"text", "strong", "mark", "code", "em", "link", "math"})


@file_scoped
@lru_cache(maxsize=8192)  # the cloze and definition extractors both ask, for every item
def split_definition(inlines: Inlines) -> tuple[str, Inlines] | None:
    """Split ``**Term**: body``, ``Term: body``, ``Term — body`` (and full-width ``：``).

    The separator is searched across the leading inlines, so a term may mix bold and plain text
    (``**Linear** デプロイ : …``). Returns the cleaned term and the body inlines, or None.
    """
    if not inlines:
        return None
    first_text = inlines[0].text.lstrip()
    if first_text.startswith(("→", "⇒", "※", "例)", "例）")):
        return None
    term_parts: list[str] = []
    for index, part in enumerate(inlines):
        if part.kind not in _TERM_KINDS:
            return None
        if part.kind in ("strong", "mark") and part.text.strip().endswith((":", "：")) and index + 1 < len(inlines):
            term_parts.append(part.text)
            return _finish(term_parts, _trim(inlines[index + 1 :]))
        if part.kind == "text":
            found = _separator_in(part.text, allow_dash=True)
            if found is not None:
                before = part.text[: found[0]]
                if "\n" in before:
                    return None
                term_parts.append(before)
                rest = _text_inline(part.text[found[1] :]) + inlines[index + 1 :]
                return _finish(term_parts, _trim(rest))
            if "\n" in part.text:
                return None
        term_parts.append(part.text)
        if sum(len(text) for text in term_parts) > MAX_TERM_CHARS:
            return None
    return None


def _finish(term_parts: list[str], body: Inlines) -> tuple[str, Inlines] | None:
    raw = "".join(term_parts)
    if not raw.strip() or _URL.search(raw):
        return None
    if _ANY_BRACKET.search(raw) is not None and any(
        raw.count(opening) > raw.count(closing) for opening, closing in _OPEN_CLOSE.items()
    ):
        return None  # the colon stands inside brackets: ``動的データ(例: …)``
    return clean_term(raw), body


_TOWA_SENTENCE = lazy_compile(r"^\s*(?:[（(][^）)]*[）)]\s*)?(?:とは|は)\s*[、,，]\s*")  # one \s* per run: linear
_PLAIN_TOWA = lazy_compile(r"^([^、。\n]{1,40}?)\s*とは\s*[、,，]\s*")
NOMINALISED_CLAUSE = lazy_compile(r"(?:^|[\u3040-\u309f])(?:こと?|もの|ため|ところ|わけ|はず)$")
"""What stands before a とは when it is no name: a clause made a noun (``言いたいもの``, ``…のため``),
or one cut inside its nominaliser: ``学ぶことは多い`` read as ``学ぶこ`` + ``とは`` (``ことは`` is こと
and the topic は, never the とは of a definition)."""
COUNTED_THINGS = lazy_compile(
    r"^(?:複数|多数|すべて|全て|一部|両方|[0-9０-９一二三四五六七八九十]+)(?:台|個|つ|件|人|本|種類?|回)?の"
)
"""A phrase that counts things (``複数台のデバイス``, ``2つのサーバー``): ``複数台のデバイスとは、…``
says what is done *with* some of them, not what a name is."""


# asked twice a sentence, by extractors of the same file: the hits come within a file, and the keys
# are whole sentences (about 0.9 KB an entry), so a larger bound only grew with the vault (memory3)
@file_scoped
@lru_cache(maxsize=1024)
def split_towa(inlines: Inlines) -> tuple[str, Inlines] | None:
    """``**Term**は、…``, ``**Term** (reading) とは、…`` and plain ``Termとは、…`` sentences."""
    if len(inlines) >= 2 and inlines[0].kind in ("strong", "mark") and inlines[1].kind == "text":
        match = _TOWA_SENTENCE.match(inlines[1].text)
        if match:
            reading = inlines[1].text[: match.end()]
            reading_match = re.search(r"[（(][^）)]*[）)]", reading)
            term = clean_term(inlines[0].text)
            if reading_match:
                reading_text = reading_match.group(0)
                term = f"{term} {reading_text}" if reading_text.startswith("(") else term + reading_text
            body = _text_inline(inlines[1].text[match.end() :]) + inlines[2:]
            return term, _trim(body)
    if inlines and inlines[0].kind == "text":
        match = _PLAIN_TOWA.match(inlines[0].text)
        if match:
            term = clean_term(match.group(1))
            if COUNTED_THINGS.match(term) or NOMINALISED_CLAUSE.search(term):
                return None
            body = _text_inline(inlines[0].text[match.end() :]) + inlines[1:]
            return term, _trim(body)
    return None


def _text_inline(text: str) -> Inlines:
    return (Inline("text", html.escape(text, quote=False), text),) if text else ()


def _trim(inlines: Inlines) -> Inlines:
    out = list(inlines)
    while out and out[0].kind in ("text", "br") and not out[0].text.strip():
        out.pop(0)
    if out and out[0].kind == "text":
        text = out[0].text.lstrip()
        out[0] = Inline("text", html.escape(text, quote=False), text)
    while out and out[-1].kind in ("text", "br") and not out[-1].text.strip():
        out.pop()
    return tuple(out)


_SPLIT: dict[int, tuple[Inlines, tuple[Inlines, ...]]] = {}
"""``split_lines``' answers by the ``id`` of the inlines split, each beside those inlines (so the id
cannot be reused while its entry lives): a paragraph's lines are asked for by a dozen extractors and
the coverage pass, and its inlines never change (a tuple of frozen dataclasses)."""

_SPLIT_MAX = 1024
"""Entries kept before :data:`_SPLIT` is emptied (about one file's paragraphs and items)."""


def split_lines(inlines: Inlines) -> list[Inlines]:
    """Split a paragraph's inlines at line breaks (``<br>`` from single newlines)."""
    split = _SPLIT.get(id(inlines))
    if split is not None and split[0] is inlines:
        return list(split[1])
    lines = _split_lines(inlines)
    if len(_SPLIT) >= _SPLIT_MAX:
        _SPLIT.clear()
    _SPLIT[id(inlines)] = (inlines, tuple(lines))
    return lines


def _split_lines(inlines: Inlines) -> list[Inlines]:
    lines: list[list[Inline]] = [[]]
    for part in inlines:
        if part.kind == "br":
            lines.append([])
            continue
        if part.kind == "text" and "\n" in part.text:
            pieces = part.text.split("\n")
            for index, piece in enumerate(pieces):
                if index:
                    lines.append([])
                if piece:
                    lines[-1].append(Inline("text", html.escape(piece, quote=False), piece))
            continue
        lines[-1].append(part)
    return [trimmed for line in lines if (trimmed := _trim(tuple(line)))]


def context_of(section: Section) -> str:
    """The heading breadcrumb shown small on cards."""
    return html.escape(" › ".join(title for title in section.path if title))


def source_of(document: Document) -> str:
    return html.escape(document.path)


_WALKED: dict[int, tuple[tuple[Block, ...], tuple[tuple[ListItem, ListItem | None], ...]]] = {}
"""``iter_items``' answers by the ``id`` of the blocks walked, each beside those blocks (so the id
cannot be reused while its entry lives): some twenty extractors and the coverage pass walk every
section's lists, and the blocks never change (frozen dataclasses in tuples)."""

_WALKED_MAX = 256
"""Entries kept before :data:`_WALKED` is emptied (about one file's sections and items)."""


def iter_items(blocks: tuple[Block, ...]) -> Iterator[tuple[ListItem, ListItem | None]]:
    """Every list item under ``blocks`` (depth first), with its parent item."""
    walked = _WALKED.get(id(blocks))
    if walked is not None and walked[0] is blocks:
        return iter(walked[1])
    found: list[tuple[ListItem, ListItem | None]] = []

    def walk(block: Block, parent: ListItem | None) -> None:
        if isinstance(block, ListBlock):
            for item in block.items:
                found.append((item, parent))
                for child in item.children:
                    walk(child, item)
        elif isinstance(block, Quote):
            for child in block.children:
                walk(child, parent)

    for block in blocks:
        walk(block, None)
    if len(_WALKED) >= _WALKED_MAX:
        _WALKED.clear()
    _WALKED[id(blocks)] = (blocks, tuple(found))
    return iter(_WALKED[id(blocks)][1])


_TASK_END = lazy_compile(
    r"(?:設定|作成|管理|有効化|自動化|構築|実装|分析|使用|決定|統合|修正|収集|適用|委任|検出|暗号化|デプロイ|"
    r"セットアップ|トラブルシューティング|実行|測定|変換|標準化|維持|処理|評価|選択|監視|特定|保存|開発|"
    r"呼び出し|定義|移行|最適化|プロビジョン|導入|削減|保護|検証|追跡)$"
)
_TRAILING_ASIDE = lazy_compile(r"\s*[(（][^()（）]*[)）]?\s*$")


def _task_statement(item: ListItem) -> bool | None:
    """Whether a bullet reads as a task of an exam guide's objective list: a verbal noun ending the
    phrase (``…を設定``, ``…の自動化``, ``…を有効化 (X、Y など)``), no sentence and no label; None for a
    bullet that cannot be one (a label, a sentence, a nested list)."""
    text = " ".join(item.text.split())
    if item.children or not text or not has_cjk(text) or any(mark in text for mark in "。！？!?"):
        return None
    if split_definition(item.inlines) is not None:
        return None
    return bool(_TASK_END.search(_TRAILING_ASIDE.sub("", text)))


def objective_items(blocks: tuple[Block, ...]) -> list[ListItem]:
    """The bullets of the lists under ``blocks`` that are an exam guide's objectives (``- ログデータの
    暗号化の設定 (AWS KMS など)``, ``- 問題を修復するために AWS Config ルールを設定``): at least four
    bullets with no label and no sentence, two thirds of them a task ending in a verbal noun. Each
    says what a candidate must be able to do, not a fact: a gap in one asks a name the task only
    mentions."""
    found: list[ListItem] = []
    for block in top_level_blocks(blocks):
        if not isinstance(block, ListBlock) or len(block.items) < 4:
            continue
        tasks = [_task_statement(item) for item in block.items]
        if None in tasks or 3 * sum(1 for task in tasks if task) < 2 * len(tasks):
            continue
        found.extend(block.items)
    return found


_GOAL_HEADING = lazy_compile(
    r"(?:ゴール|目標|到達目標|goals?|objectives?|できるようになること|学ぶこと|学べること|理解すること)\s*[:：]?$"
)
"""A heading that names what a page's reader is to reach (``## 0. ゴール``, ``## 🎯 Learning Objectives``,
``## このページでできるようになること``)."""
_GOAL_LEAD_IN = lazy_compile(
    r"(?:be able to|you will learn|you'll learn|learn how to|できるようになる(?:こと)?|学べること|学ぶこと)"
    r"\s*[.。:：]?\s*$"
)
"""A lead-in that announces the reader's goals (``By the end, you should be able to:``)."""
_GOAL_LINE_JA = lazy_compile(
    r"(?:できる|できるようになる|理解する|理解できる|把握する|わかる|分かる|読める|書ける|学ぶ|身につける|習得する)"
    r"[。.]?$"
)
_GOAL_LINE_EN = lazy_compile(
    r"^(?:describe|explain|understand|learn|practi[cs]e|know|identify|compare|define|recogni[sz]e|differentiate|"
    r"discuss|summari[sz]e|gain|get (?:familiar|comfortable|hands-on)|become familiar|be able to|master|explore|"
    r"run your first)\b",
    re.IGNORECASE,
)


def _goal_line(text: str) -> bool:
    """A line that says what the reader will be able to do (``…の違いを説明できる``, ``Understand the
    container lifecycle``), not what a service does: a learner's verb at the end (Japanese) or at the
    start (English)."""
    core = re.sub(r"[（(][^）)]*[）)]\s*$", "", " ".join(text.split())).strip()
    return bool(_GOAL_LINE_JA.search(core) or _GOAL_LINE_EN.match(core))


def goal_lists(section: Section) -> list[tuple[Paragraph | None, ListBlock]]:
    """The lists in ``section`` that are a learning-goals list, each with its lead-in paragraph: under
    a heading naming goals (``## ゴール``, ``### Learning Objectives``) or after a lead-in announcing
    them (``By the end, you should be able to:``), at least two top-level bullets, two thirds of them
    a goal line (:func:`_goal_line`). Such a list tells what the reader will be able to do, not a fact:
    a DevOps ``### Goals`` list of what the practice aims at (``- Fast time-to-market``) stays notes."""
    title = re.sub(r"^[^\w]*(?:[0-9０-９]+[.．)）]?\s*)?", "", fold(clean_term(section.title)))
    under_goal = bool(section.level and _GOAL_HEADING.search(title))
    found: list[tuple[Paragraph | None, ListBlock]] = []
    previous: Block | None = None
    for block in section.blocks:
        lead = previous if isinstance(previous, Paragraph) else None
        led = lead is not None and bool(_GOAL_LEAD_IN.search(" ".join(lead.text.split())))
        previous = block
        if not isinstance(block, ListBlock) or not (under_goal or led) or len(block.items) < 2:
            continue
        if 3 * sum(1 for item in block.items if _goal_line(item.text)) < 2 * len(block.items):
            continue
        found.append((lead if led else None, block))
    return found


def top_level_blocks(blocks: tuple[Block, ...]) -> Iterator[Paragraph | ListBlock]:
    """The paragraphs and lists among ``blocks``, also those inside quotes, in order (not the lists
    nested in a list item: a nested bullet belongs to its parent)."""
    for block in blocks:
        if isinstance(block, (Paragraph, ListBlock)):
            yield block
        elif isinstance(block, Quote):
            yield from top_level_blocks(block.children)


def prose_owners(section: Section) -> Iterator[Paragraph | ListItem]:
    """Every block of running text in a section: its paragraphs (also those inside quotes), then
    every list item (depth first) — where a sentence that names or contrasts something may sit."""
    yield from (block for block in top_level_blocks(section.blocks) if isinstance(block, Paragraph))
    for item, _parent in iter_items(section.blocks):
        yield item


def study_sections(document: Document) -> Iterator[Section]:
    """Sections that hold study material: not under a non-study heading (日付, 参考資料, ...)."""
    skip_below: int | None = None
    for section in document.sections:
        if skip_below is not None and section.level > skip_below:
            continue
        skip_below = None
        if section.level and is_non_study_heading(section.title):
            skip_below = section.level
            continue
        yield section


def children_html(item: ListItem) -> str:
    """The item's nested blocks as HTML (lists re-rendered from their items)."""
    parts: list[str] = []
    for child in item.children:
        parts.append(block_html(child))
    return "".join(parts)


def block_html(block: Block) -> str:
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{item.html}{children_html(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Quote):
        return "".join(block_html(child) for child in block.children)
    html_value = getattr(block, "html", "")
    if html_value:
        return str(html_value) if str(html_value).startswith("<") else f"<p>{html_value}</p>"
    return ""


_WORD_JOINER = "\u2060"


def cloze_gap(number: int, answer: str) -> str:
    """``{{cN::answer}}``, with what Anki would read as cloze syntax inside the answer broken up by an
    invisible word joiner: ``::`` (a hint separator), ``{{`` and ``}}``, and a ``}`` at its end (it
    would close the gap early): ``arn:aws::…`` or ``{{resolve:…}}`` stay whole on the card."""
    safe = (
        answer.replace("::", f":{_WORD_JOINER}:")
        .replace("{{", f"{{{_WORD_JOINER}{{")
        .replace("}}", f"}}{_WORD_JOINER}}}")
    )
    if safe.endswith("}"):
        safe += _WORD_JOINER
    return f"{{{{c{number}::{safe}}}}}"


_EXAMPLE_BULLET = lazy_compile(r"^(?:例|e\.g\.|eg\b|ex\.|example|for example)")


def examples_only(item: ListItem) -> bool:
    """Whether all that is nested under the bullet is a list of examples (``例）…`` / ``e.g. …``),
    each one plain line with nothing under it: they illustrate the bullet and leave it one point
    (``マネージドサービスを使用する`` over ``例）…Fargate…``). True for a bullet with nothing nested."""
    return all(
        isinstance(block, ListBlock)
        and all(
            not child.children and _EXAMPLE_BULLET.match(" ".join(child.text.split()).casefold()) is not None
            for child in block.items
        )
        for block in item.children
    )


__all__ = [
    "BRACKETED_TAIL",
    "COUNTED_THINGS",
    "DASHED_SECTION_NUMBER",
    "GROUP_HEADINGS",
    "GROUP_ONE",
    "HIRAGANA",
    "HIRAGANA_END",
    "JA_COPULA_END",
    "MAX_REFERENCE_LABEL_CHARS",
    "NOMINALISED_CLAUSE",
    "NON_STUDY_HEADINGS",
    "NON_STUDY_TERMS",
    "NOT_WORD",
    "SENTENCE_THEN_MORE",
    "block_html",
    "children_html",
    "clean_term",
    "cloze_gap",
    "context_of",
    "examples_only",
    "fold",
    "goal_lists",
    "inline_html",
    "inline_text",
    "is_diagram",
    "is_group_heading",
    "is_non_study_heading",
    "is_non_study_term",
    "is_topic_title",
    "iter_items",
    "joins_topics",
    "looks_like_term",
    "meaningful_body",
    "name_chain",
    "names_no_subject",
    "outside_brackets",
    "outside_round_brackets",
    "pointer_only",
    "reference_off",
    "reference_only",
    "sentence_like",
    "source_of",
    "split_definition",
    "split_lines",
    "split_towa",
    "strip_marks",
    "study_sections",
]


_PRODUCT = r"[A-Z][A-Za-z0-9]*(?:[ .-][A-Z][A-Za-z0-9]*){0,2}"
_PRODUCT_ANSWER = lazy_compile(
    r"^(?:基本は|主に|通常は|(?:よく)?使う(?:ことが多い)?のは(?:圧倒的に|主に)?)?\s*"
    rf"({_PRODUCT}(?:\s*(?:と|、|や|,)\s*{_PRODUCT}){{0,3}})\s*(?:です)?。?$"
)
"""One product name (``CodeDeploy``, ``基本は CodeBuild``), or a few that are the usual picks
(``使うことが多いのは圧倒的に CodeCommit と ECR です。``)."""


STAGE_TOOL_ASPECT = "に使うサービス"
"""What a stage label answered by a product asks (``CodePipeline › デプロイ に使うサービス``)."""


def stage_tool(label: str, answer: str) -> bool:
    """Whether a label naming a stage of the thing above it (``デプロイ`` under ``CodePipeline``,
    :data:`~ankigen.extract.vocabulary.STAGE_LABELS_JA`) is answered by the product that does that
    stage (``基本は CodeBuild``): such a card asks which product, not what the stage is
    (extract/subjects.py words its front, extract/selection.py its aspect)."""
    return label.strip() in STAGE_LABELS_JA and _PRODUCT_ANSWER.match(answer.strip()) is not None
