"""Names enumerated inside one sentence: a gap per name.

A definition whose back is a sentence that runs through three or more names (``Uses MAC addresses,
Ethernet headers, and CSMA/CD to manage access …``, ``…の適合率・再現率・F1値と support をまとめる``,
``(Application, Presentation, Session, …)``) asks the learner to recite a set, which nobody keeps as
one card. When the point of the sentence is that set, it becomes one cloze with a gap per name
(``c1``..``cN``), the rest of the sentence kept visible, led by the term (``802.3 Ethernet: Uses
{{c1::…}}``) unless the sentence names it. A sentence before the enumerating one, or a clause
before the list that says what the term is (``Xは…するビルドサービスでA、B、Cを…``), stays the
definition (its GUID kept) and the cloze is a new note; else the note itself becomes the cloze (its
note type, and so its GUID, changes: counted as ``recast`` by tests/test_guid_fixture.py). A
sentence that only says what the term is, the names one part of it (``…を収集、保存、分析する
サービス``), keeps its shape.

Left alone: names given as examples (``例えば``, ``such as``, ``など``: they are not the fact), a name
the front or Context shows (a gap would hide what the card shows), items that are clauses, not
names (kana in a Japanese item, a verb or more than a few words in an English one), and lists of
more than :data:`~ankigen.extract.vocabulary.MAX_LIST_GAPS` names.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from ankigen.patterns import lazy_compile

from ..model import Note, NoteKind
from .common import cloze_gap, file_scoped, find_word, fold, has_cjk, is_word_char, plain_html
from .recital import _as_cloze, _says_what_it_is
from .vocabulary import (
    INLINE_EXAMPLE_MARK,
    INLINE_LIST_STOP_WORDS,
    MAX_CELL_ITEM_CHARS,
    MAX_LIST_GAP_WORDS,
    MAX_LIST_GAPS,
    MAX_NAMED_SET_SENTENCE_CHARS,
    MAX_NAMED_SET_SENTENCE_WORDS,
    MIN_LIST_LEAD_CHARS,
    MIN_RECITED_ITEMS,
)

QUALIFIER = " › "
_OPENERS = '（(「『【[“"‘'
_CLOSERS = '）)」』】]”"’'
_BREAKS = set("。．.!！?？:：;；") | set(_OPENERS) | set(_CLOSERS)
_HIRAGANA = lazy_compile(r"[ぁ-ゖ]")
_LATIN_WORD = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9_.+/-]*")
_LATIN = lazy_compile(r"[A-Za-z0-9]")
_SEPARATORS: dict[str, tuple[str, ...]] = {"、": ("、", "，"), ",": (", ", "，"), "・": ("・",)}
"""Kinds of list separator; a list uses one kind throughout (a ``・`` inside ``、`` items stays)."""
_JOINER_JA = lazy_compile(r"^\s*(?:と|や|及び|および|並びに|ならびに|or|and)\s*")
_JOINER_EN = lazy_compile(r"^\s*(?:and|or|&)\s+", re.IGNORECASE)
_MAX_NAME_WORDS = MAX_LIST_GAP_WORDS // 2
"""An English name in a sentence is a few words (``wireless MAC frames``); more is a clause."""


@dataclass(frozen=True)
class _Text:
    """An HTML fragment's visible text, each character's offset in the HTML kept."""

    plain: str
    starts: tuple[int, ...]  # HTML offset where each plain character starts
    ends: tuple[int, ...]  # HTML offset just after it


_PIECE = lazy_compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|[^<&]+|[<&]")
"""What :func:`_text` reads at a time: a tag, an entity, a run of text, or a ``<`` / ``&`` on its own."""


def _text(fragment: str) -> _Text:
    if "<" not in fragment and "&" not in fragment:
        return _Text(fragment, tuple(range(len(fragment))), tuple(range(1, len(fragment) + 1)))
    plain: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for piece in _PIECE.finditer(fragment):
        start, end = piece.span()
        first = fragment[start]
        if first == "<":
            if end - start == 1:
                break  # a ``<`` no ``>`` closes: the rest is not read
            continue  # a tag
        if first == "&" and end - start > 1:
            plain.append(html.unescape(piece.group()))  # one character of the text, however many it unescapes to
            starts.append(start)
            ends.append(end)
            continue
        plain.append(piece.group())
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))
    return _Text("".join(plain), tuple(starts), tuple(ends))


@lru_cache(maxsize=256)  # read again for each kind of separator
def _top_level(text: str) -> tuple[bool, ...]:
    """For each character of ``text``: whether it stands outside brackets and quotes."""
    flags: list[bool] = []
    depth = 0
    for char in text:
        if char in _OPENERS and not (char in _CLOSERS and depth):
            depth += 1
            flags.append(False)
        elif char in _CLOSERS and depth:
            depth -= 1
            flags.append(False)
        else:
            flags.append(depth == 0)
    return tuple(flags)


def _name_char(char: str) -> bool:
    return not (char.isspace() or char in _BREAKS or char in "、，,・" or _HIRAGANA.match(char))


def _japanese_tail(piece: str) -> tuple[int, int] | None:
    """The name that ends ``piece`` (Japanese text): its span, or None."""
    end = len(piece.rstrip())
    start = end
    while start > 0:
        char = piece[start - 1]
        if _name_char(char):
            start -= 1
        elif char == " " and start - 1 > 0 and _LATIN.match(piece[start - 2]) and _LATIN.match(piece[start]):
            start -= 1  # ``Amazon S3``
        else:
            break
    return (start, end) if start < end else None


def _japanese_head(piece: str) -> tuple[int, int] | None:
    """The name that opens ``piece`` (Japanese text), with a name joined to it by ``と`` / ``や``
    (``F1値と support``) as a second one: the spans, or None."""
    start = len(piece) - len(piece.lstrip())
    end = start
    while end < len(piece):
        char = piece[end]
        if _name_char(char) or (
            char == " "
            and end > start
            and _LATIN.match(piece[end - 1])
            and end + 1 < len(piece)
            and _LATIN.match(piece[end + 1])
        ):
            end += 1
        else:
            break
    return (start, end) if start < end else None


def _words(piece: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in re.finditer(r"\S+", piece)]


def _stop(word: str) -> bool:
    return word.strip("()[]“”\"'.,;:").casefold() in INLINE_LIST_STOP_WORDS


def _english_tail(piece: str) -> tuple[int, int] | None:
    """The name that ends ``piece`` (English): its span, or None when none does, when it runs
    over a few words, or when it opens a clause (``…; sets up``, ``to collect``: a verb)."""
    words = _words(piece)
    taken: list[tuple[int, int]] = []
    before = ""
    for start, end in reversed(words):
        word = piece[start:end]
        if word.endswith((":", "：")) or _stop(word) or any(char in _BREAKS for char in word[1:]):
            before = word
            break
        if word[0] in _OPENERS:
            taken.insert(0, (start + 1, end))
            before = word[0]
            break
        taken.insert(0, (start, end))
    if not taken or len(taken) > _MAX_NAME_WORDS:
        return None
    if before.casefold() == "to" or ((not before or before.endswith(";")) and piece[taken[0][0]].islower()):
        return None  # ``to collect, clean, and move``, ``; sets up, maintains``: verbs, not names
    return taken[0][0], taken[-1][1]


def _english_head(piece: str) -> tuple[int, int] | None:
    """The name that opens ``piece`` (English), up to a word that goes on with the sentence."""
    taken: list[tuple[int, int]] = []
    for start, end in _words(piece):
        word = piece[start:end]
        if _stop(word):
            break
        stripped = word.rstrip("".join(_BREAKS) + ",")
        if word[0] in _OPENERS or not stripped:
            break
        if stripped != word:
            taken.append((start, start + len(stripped)))
            break
        taken.append((start, end))
    if not taken or len(taken) > _MAX_NAME_WORDS:
        return None
    return taken[0][0], taken[-1][1]


def _whole_name(piece: str, japanese: bool) -> bool:
    text = piece.strip()
    if not text or any(char in _BREAKS for char in text):
        return False
    if japanese:
        return not _HIRAGANA.search(text) and len(text) <= MAX_CELL_ITEM_CHARS and "、" not in text
    words = text.split()
    return len(words) <= _MAX_NAME_WORDS and not any(_stop(word) for word in words)


_SEPARATOR = {kind: lazy_compile("|".join(re.escape(sep) for sep in seps)) for kind, seps in _SEPARATORS.items()}
"""Each kind's separators, the first of them that stands at a place matching there (as listed)."""


def _split(text: str, kind: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between its top-level separators of ``kind``."""
    flags = _top_level(text)
    spans: list[tuple[int, int]] = []
    start = 0
    index = 0
    separator = _SEPARATOR[kind]
    while (found := separator.search(text, index)) is not None:
        if flags[found.start()]:
            spans.append((start, found.start()))
            index = start = found.end()
        else:
            index = found.start() + 1
    spans.append((start, len(text)))
    return spans


def _groups(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` read for a list: the whole, and the inside of each outermost bracket
    (``“…” (Application, Presentation, …)``)."""
    spans = [(0, len(text))]
    flags = _top_level(text)
    start = -1
    for index, char in enumerate(text):
        if start < 0 and not flags[index] and char in _OPENERS:
            start = index + 1
        elif start >= 0 and (index + 1 == len(text) or flags[index + 1]) and not flags[index]:
            spans.append((start, index))
            start = -1
    return spans


_VERB_AFTER = lazy_compile(r"^\s*(?:する|し[、てたま]|でき|され|させ|が(?:容易|可能|でき)|可能)")
"""After names, a verb they make (``作成、管理、削除する``, ``実行・停止できる``): actions, not names."""


_BEFORE_NAME_JA = lazy_compile(r"(?:^|[のはがをにでとやもへ]|から|まで|より|[^ぁ-ゖ])$")
"""What a first name in a Japanese list follows: a particle (``…ごとの適合率、``), a mark or a
name; after another kana the piece ends a clause (``…している場合、``)."""
_AFTER_NAME_JA = lazy_compile(r"^(?:$|[^ぁ-ゖ]|[のはがをにへとやでもか]|まで|より|など|だけ|のみ)")
"""What follows the last name of a Japanese list: a particle or a mark; another kana is part of
the word (``ソート済み``, ``複雑さ``), which the name would cut."""
_AFTER_OPENING_NAMES_JA = lazy_compile(r"^\s*(?:[はがをにへのとやも）)」』]|など|まで|から|より)")
"""What follows names that open a Japanese sentence when they are its subject or object (``EC2、
ECS、Lambdaへ…``); ``…、バッチで処理するため`` ends a list of features with a clause."""


def _run(text: str, kind: str, japanese: bool) -> list[tuple[int, int]] | None:
    """The names of ``text`` when every top-level separator of ``kind`` in it stands between two
    of them: a name ends the first piece, the pieces between are names, a name (and one joined to
    it by ``and`` / ``と``) opens the last; else None."""
    pieces = _split(text, kind)
    if len(pieces) < 2:
        return None
    joiner = _JOINER_JA if japanese else _JOINER_EN
    first_start, first_end = pieces[0]
    tail = (_japanese_tail if japanese else _english_tail)(text[first_start:first_end])
    if tail is None:
        return None
    names = [(first_start + tail[0], first_start + tail[1])]
    before = text[first_start : names[0][0]]
    if japanese and before.rstrip() and not _BEFORE_NAME_JA.search(before.rstrip()):
        return None  # ``…している場合、…``: the first piece ends a clause, not on a name after a particle
    if japanese:  # ``Eメールや SMS、…``: a name joined to the first one
        joined = re.search(r"(?:や|と|及び|および)\s*$", before)
        earlier = _japanese_tail(before[: joined.start()]) if joined else None
        if joined and earlier:
            names.insert(0, (first_start + earlier[0], first_start + earlier[1]))
    for start, end in pieces[1:-1]:
        if not _whole_name(text[start:end], japanese):
            return None
        piece = text[start:end]
        names.append((start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())))
    last_start, last_end = pieces[-1]
    opening = joiner.match(text[last_start:last_end])
    offset = last_start + (opening.end() if opening else 0)
    head = (_japanese_head if japanese else _english_head)(text[offset:last_end])
    if head is None:
        return None
    names.append((offset + head[0], offset + head[1]))
    rest_at = offset + head[1]
    more = joiner.match(text[rest_at:last_end])
    if more is not None and not opening:
        extra_at = rest_at + more.end()
        extra = (_japanese_head if japanese else _english_head)(text[extra_at:last_end])
        if extra is not None:
            names.append((extra_at + extra[0], extra_at + extra[1]))
    if not japanese and not opening and more is None and any(text[start].islower() for start, _ in names):
        return None  # ``Stored in memory, only 400 lines, lost on reboot``: clauses, no ``and`` before the last
    after = text[names[-1][1] :]
    if japanese and (_VERB_AFTER.match(after) or not _AFTER_NAME_JA.match(after)):
        return None  # ``…削除する``: actions; ``ソート済み集合``: the last name goes on past a kana
    if japanese and not before.strip() and after.strip() and not _AFTER_OPENING_NAMES_JA.match(after):
        return None  # ``A、B、Cで処理するため…`` opening the sentence: features, the last one a clause
    return names


def enumerated_names(sentence: str) -> list[tuple[int, int]] | None:
    """The spans (in ``sentence``, plain text) of the names it enumerates, MIN_RECITED_ITEMS to
    MAX_LIST_GAPS of them in one run (``A, B, and C`` / ``A、B、C`` / ``A・B・CとD``) through which
    all the separators of their kind in the sentence (or in one bracket of it) run; None when it
    holds no such run, more than one, or a run of clauses or verbs."""
    found = _enumerated_names(sentence)
    return None if found is None else list(found)  # a list of the caller's own


@file_scoped
@lru_cache(maxsize=4096)  # the same sentences, read again for each note made of them
def _enumerated_names(sentence: str) -> list[tuple[int, int]] | None:
    japanese = has_cjk(sentence)
    found: list[list[tuple[int, int]]] = []
    for group_start, group_end in _groups(sentence):
        for kind in _SEPARATORS:
            names = _run(sentence[group_start:group_end], kind, japanese)
            if names is not None and len(names) >= MIN_RECITED_ITEMS:
                found.append([(group_start + start, group_start + end) for start, end in names])
    if len(found) != 1:
        return None
    names = found[0]
    texts = [fold(sentence[start:end]) for start, end in names]
    if not MIN_RECITED_ITEMS <= len(names) <= MAX_LIST_GAPS or len(set(texts)) != len(texts):
        return None
    if not all(_whole_name(sentence[start:end], japanese) for start, end in names):
        return None
    # a name inside a sibling (``送信元`` / ``送信元ポート番号``, ``curl`` / ``curl -l``) stays shown: its gap
    # would show its answer in the sibling; the longer names are the gaps, if enough of them are left
    names = [
        span
        for span, text in zip(names, texts, strict=True)
        if not any(text in other for other in texts if other != text)
    ]
    if len(names) < MIN_RECITED_ITEMS:
        return None
    if any(re.fullmatch(r"[A-Za-z]", sentence[start:end]) for start, end in names):
        return None  # ``R・S・T``: letters standing for things, not names to learn
    if any(word in _COUNT_WORDS for text in texts for word in text.split()[:1] + text.split()[-1:]):
        return None  # ``represents zero, one, or multiple characters``: a range of counts, one fact, not names
    return names


_COUNT_WORDS = frozenset(("zero", "one", "none", "multiple", "many", "several", "more", "single"))
"""Words of a count (``zero, one, or multiple``): a run of them is a range, not a set of names."""


_SENTENCE_END = lazy_compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z(“\"])")


def _sentences(plain: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    flags = _top_level(plain)
    for match in _SENTENCE_END.finditer(plain):
        if match.start() <= start or not flags[match.start() - 1]:
            continue
        spans.append((start, match.start()))
        start = match.end()
    if plain[start:].strip():
        spans.append((start, len(plain)))
    return [
        (start + len(plain[start:end]) - len(plain[start:end].lstrip()), end)
        for start, end in spans
        if plain[start:end].strip()
    ]


_TAG = lazy_compile(r"<(/?)([a-zA-Z0-9]+)[^<>]*?(/?)>")


def _balanced(fragment: str) -> bool:
    stack: list[str] = []
    for match in _TAG.finditer(fragment):
        closing, name, empty = match.groups()
        if empty or name.lower() in ("br", "img", "wbr"):
            continue
        if closing:
            if not stack or stack.pop() != name.lower():
                return False
        else:
            stack.append(name.lower())
    return not stack


@dataclass(frozen=True)
class InlineList:
    """An answer whose sentence enumerates names: the HTML before that sentence, the sentence with
    a gap around each name, the HTML after it, and the names."""

    before: str
    sentence: str
    after: str
    names: tuple[str, ...]
    source: str
    """The sentence as written (HTML), no gaps."""


_BLOCK_HTML = lazy_compile(r"<(?:ul|ol|table|pre|blockquote|dl|h\d)\b")


_ASKS = lazy_compile(r"(?:のか|ですか|ますか|だろうか|か)[。]?$|[?？]$")
"""A sentence that ends as a question (``…どうやって操作をするのか。``, ``Which one …?``)."""


def inline_list(answer: str, shown: str) -> InlineList | None:
    """The sentence of ``answer`` (HTML) that enumerates names, with a gap per name (see the
    module's docstring); ``shown`` is what the card shows besides (front, Context). None when no
    sentence of the answer is such a list."""
    if _BLOCK_HTML.search(answer) or "{{c" in answer:
        return None
    text = _text(answer)
    plain = text.plain
    chosen: tuple[tuple[int, int], list[tuple[int, int]]] | None = None
    for start, end in _sentences(plain):
        names = enumerated_names(plain[start:end])
        if names is None:
            continue
        if chosen is not None:
            return None  # two lists: too much for one card
        chosen = ((start, end), [(start + a, start + b) for a, b in names])
    if chosen is None:
        return None
    (sentence_start, sentence_end), names = chosen
    sentence = plain[sentence_start:sentence_end]
    if INLINE_EXAMPLE_MARK.search(sentence):
        return None  # ``such as A, B, C`` / ``A、B、Cなど``: examples, not the fact
    if _ASKS.search(sentence.strip()):
        return None  # ``A、B、Cがあったときにどうやって…のか。``: a question the notes raise, not a fact
    if has_cjk(sentence) and len(_LATIN_WORD.sub("ab", sentence)) > MAX_NAMED_SET_SENTENCE_CHARS:
        return None  # a long sentence: the names are not its point (a Latin word reads as a short kana word)
    if not has_cjk(sentence) and len(sentence.split()) > MAX_NAMED_SET_SENTENCE_WORDS:
        return None
    shown_folded = fold(plain_html(shown))
    shown_parts = {fold(part) for part in re.split(r" › |[:：]", plain_html(shown)) if part.strip()}
    for start, end in names:
        name = fold(plain[start:end])
        if name in shown_parts or (name.isascii() and find_word(shown_folded, name, is_word_char) >= 0):
            return None  # the card shows it: a gap would hide nothing
    html_start = text.starts[sentence_start]
    html_end = text.ends[sentence_end - 1]
    pieces: list[str] = []
    position = html_start
    for number, (start, end) in enumerate(names, 1):
        name_start, name_end = text.starts[start], text.ends[end - 1]
        inner = answer[name_start:name_end]
        if "<" in inner and not _balanced(inner):
            return None
        pieces.append(answer[position:name_start])
        pieces.append(cloze_gap(number, inner))
        position = name_end
    pieces.append(answer[position:html_end])
    if not _balanced("".join(pieces)) or not _balanced(answer[:html_start]):
        return None  # the sentence starts or ends inside markup
    names_text = tuple(plain[start:end] for start, end in names)
    return InlineList(answer[:html_start], "".join(pieces), answer[html_end:], names_text, answer[html_start:html_end])


_CLAUSE_END = lazy_compile(r"(?:[、,，;；]|\s(?:and|which)\s|(?<=[\u30a0-\u30ff\u4e00-\u9fff])で(?=[^ぁ-ゖ]))")
_CONNECTIVE_END = lazy_compile(r"(?:で|であり|であって|であるが)$")


def _defining_clause(sentence_html: str, first_name: str) -> str:
    """The clause of a sentence before the list it enumerates, when it says what the term is and
    stands alone as an answer (``…を管理するサービスで、`` before ``A、B、Cの3種類がある``): its
    HTML, else ``""``."""
    text = _text(sentence_html)
    at = text.plain.find(first_name)
    ends = list(_CLAUSE_END.finditer(text.plain[: max(at, 0)]))
    if at <= 0 or not ends:
        return ""
    clause = text.plain[: ends[-1].start()].rstrip()
    connective = _CONNECTIVE_END.search(clause)
    if connective is not None:
        clause = clause[: connective.start()]
    if len(clause) < MIN_LIST_LEAD_CHARS or not _says_what_it_is(clause):
        return ""
    fragment = sentence_html[: text.ends[len(clause) - 1]]
    return fragment if _balanced(fragment) else ""


_SINGLE_ITEM = lazy_compile(r"<(ul|ol)>\s*<li>((?:(?!<li>|</li>).)*)</li>\s*</\1>", re.DOTALL)


def inline_list_notes(note: Note, line_of: Callable[[str], int] | None = None) -> tuple[Note, ...] | None:
    """A definition (or basic) note whose answer enumerates names in a sentence, as a cloze with a
    gap per name (see the module's docstring): the definition kept with what says what its term is
    (its GUID kept) and a new cloze, or the note itself recast as the cloze. None for any other note."""
    if note.kind not in (NoteKind.DEFINITION, NoteKind.BASIC):
        return None
    field = "Definition" if note.kind == NoteKind.DEFINITION else "Answer"
    answer = note.get(field, "").strip()
    single = _SINGLE_ITEM.fullmatch(answer)
    if single is not None:
        answer = single.group(2).strip()  # a term over one child bullet: that bullet is the answer
    context = note.get("Context", "")
    prompt = note.prompt.strip()
    found = inline_list(answer, f"{prompt}{QUALIFIER}{context}")
    if found is None:
        return None
    # the term leads the cloze (``802.3 Ethernet: Uses {{c1::…}}``) unless the sentence names it on
    # the term's own line: the card says what it asks about, and stays on the term's line
    named = fold(plain_html(prompt)) in fold(plain_html(found.source))
    line = line_of(_text(found.source).plain) if line_of is not None else 0
    lead_in = "" if named and line in (0, note.span.line) else f"{prompt}: "
    details = "".join(note.get(name, "") for name in ("Details", "Example"))
    # a sentence before the list's says what the term is, or the clause before the list does
    # (``…するサービスで、A、B、Cを…``): the definition keeps it, a new cloze asks the names
    lead = found.before.strip() or _defining_clause(found.source, found.names[0])
    if lead and note.kind == NoteKind.DEFINITION:
        definition = replace(
            note, fields=tuple((name, lead if name == field else value) for name, value in note.fields)
        )
        key = "\x1f".join(sorted(fold(name) for name in found.names))
        # what follows the list's sentence (``python 環境 install など。``) was a remark on the back: Details
        text = lead_in + found.sentence.strip()
        return definition, _cloze(note, text, found.after.strip(), context, key)
    if lead or _defines(found.source, found.names):
        return None  # the list is part of what the term is (``…を作成、管理するサービス``): the definition stays
    return (_cloze(note, lead_in + (found.sentence + found.after).strip(), details, context),)


def _defines(sentence_html: str, names: tuple[str, ...]) -> bool:
    """The sentence says what its term is (``…を管理するサービス``, ``A principle stating …``),
    the names only part of it: not when they are its subject (``HTTP, FTP and SMTP are …``) or
    all that follows a modifier (``CMKの無効化・有効化・削除``)."""
    plain = _text(sentence_html).plain
    if has_cjk(plain):
        rest = plain[plain.rfind(names[-1]) + len(names[-1]) :]
        return bool(rest.strip(" 。.")) and _says_what_it_is(plain)
    opening = plain[: max(plain.find(names[0]), 0)]
    return len(opening.split()) > 1 and _says_what_it_is(plain)


def _cloze(note: Note, text: str, details: str, context: str, key: str = "") -> Note:
    return _as_cloze(note, text, details, context, key)
