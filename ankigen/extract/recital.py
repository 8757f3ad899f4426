"""Backs a learner cannot recite: a set of items, or a paragraph of several facts, on one card.

Two shapes, judged on a proposed note's answer whatever extractor made it (the selection pass
calls these on the notes it keeps):

- **A list to recite** (``Why ?`` → fast, consistent, repeatable, portable, reliable;
  ``Examples: HTTP, FTP, SMTP, DNS``): three or more short items on one back are a set, which
  nobody keeps as one card. They become one cloze note with a gap per item (``c1``..``cN``):
  each card asks one item with the others shown, the form for enumerations. A bulleted list of
  short items and an inline list of names (``A, B, C`` / ``A、B、C``) both qualify; a list of
  sentences, a tree or a list whose items repeat each other (``curl`` / ``curl -l``) stays as it
  is (hiding a whole sentence, or an item visible in its sibling, asks nothing).
- **A paragraph of facts** (three or more sentences, or an answer over
  :data:`~ankigen.extract.vocabulary.MAX_ANSWER_CHARS`): the back keeps its first sentence (the
  one that says what the term is), with the second when both are short; the rest moves to
  Details, and the trim is listed by ``inspect --explain`` (``answer-too-long``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from ankigen.patterns import HTML_TAG, Pattern, lazy_compile

from ..model import Note, NoteKind
from .common import (
    cloze_gap,
    file_scoped,
    find_word,
    fold,
    has_cjk,
    is_topic_title,
    is_word_char,
    may_open_with,
    outside_round_brackets,
    parallel_phrases,
    plain_html,
    sentence_like,
    strip_marks,
)
from .vocabulary import (
    ADVICE_EN_STOP_WORDS,
    ADVICE_GENERIC_NOUNS,
    ADVICE_METHOD_ENDING,
    ADVICE_NEVER,
    ADVICE_PICKED,
    ADVICE_USE_EN,
    BRACKET_LABEL,
    CLAUSE_COMMA_ENDINGS,
    COUNT_ANNOUNCEMENT,
    FUNCTION_WORDS,
    GENERIC_LABELS,
    INSTRUCTION_SENTENCE,
    KEY_PHRASE_EXAMPLE,
    KEY_PHRASE_MODAL_ENDING,
    KEY_PHRASE_PREDICATE,
    KEY_PHRASE_STOP_WORDS,
    LEANING_ITEM,
    LIST_LEAD_IN,
    MAX_ANSWER_CHARS,
    MAX_ANSWER_SENTENCES,
    MAX_CELL_ITEM_CHARS,
    MAX_CJK_ANSWER_CHARS,
    MAX_CLAUSE_GAP_CHARS,
    MAX_LIST_GAP_CHARS,
    MAX_LIST_GAP_WORDS,
    MAX_LIST_GAPS,
    MAX_SENTENCE_GAP_CHARS,
    MAX_SENTENCE_GAP_WORDS,
    MAX_SENTENCE_LIST_CHARS,
    MAX_SHORT_ANSWER_CHARS,
    MIN_RECITED_ITEMS,
    MIN_SENTENCE_CHARS,
    NEGATIVE_SENTENCE,
    RELATIVE_KIND_SENTENCE,
    SENTENCE_MARKS,
    VERBAL_NOUN_ENDING,
)

QUALIFIER = " › "
"""Between a compared entity and the attribute its cloze asks (``Parameter Store › 用途``)."""
_WHOLE_LIST = lazy_compile(r"<(ul|ol)>(.*)</\1>", re.DOTALL)
"""A list, whole (``fullmatch``): its tag and its items' HTML."""
_CJK_SENTENCE_MARK = lazy_compile(r"[。！？]")
_LIST_OPEN = lazy_compile(r"<(?:ul|ol)>")
_TAG_NAME = lazy_compile(r"</?\s*([a-zA-Z0-9]+)")
_FLAT_LIST = lazy_compile(r"^\s*<(ul|ol)>((?:\s*<li>(?:(?!<li>|</li>).)*</li>)+)\s*</\1>\s*$", re.DOTALL)
_ITEM = lazy_compile(r"<li>((?:(?!</li>).)*)</li>", re.DOTALL)
_BLOCK_TAG = lazy_compile(r"<(?:ul|ol|li|p|table|pre|div|dl|blockquote|h\d)\b", re.IGNORECASE)
_OPENERS = "（(「『【[<"
_CLOSERS = "）)」』】]>"
_LIST_SEPARATORS = ("、", "，", ", ")
_LAST_ITEM_OPENING = lazy_compile(r"^(?:(?:and|or)\b|及び|および|や)\s*", re.IGNORECASE)
"""``and`` / ``or`` before the last item: a word of its own (not the start of ``Oracle`` or ``order``)."""
_TRAILER = lazy_compile(r"(?:\s*(?:など|等|etc\.?|…)\s*)$", re.IGNORECASE)
_ASIDE_AT_END = lazy_compile(r"\s*[(（][^()（）]*[)）]$")
_DESCRIBED_LAST = lazy_compile(r"\s+\((?=[^()]*\b[a-z])(?![^()]*\b(?:e\.g|i\.e|eg|ex)\b)[^(),]*\s[^(),]*\)$")
"""Words in brackets closing the last item of an English run, one phrase of several words, one of
them lowercase (``(balanced CPU/memory)``, ``(GPU instances)``): a description of the run, not the
expansion of an abbreviation (``(Simple Mail Transfer Protocol)``) nor the last item's own examples
(``ICMP (ping, traceroute)``, a list in brackets)."""
MIN_MODIFIED_NOUN_CHARS = 6
"""A noun phrase after ``の`` at least this long closing a run is what the run modifies (see
:func:`_modified_noun`), not the end of the last name (``…の設定``)."""
_HIRAGANA = lazy_compile(r"[ぁ-ねは-ゖ]")
"""A kana other than の: a name in a list holds none (``キャッシュヒット率``); a clause does."""
_ABBREVIATION = lazy_compile(r"(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|Mr|Dr|St|No|Fig)|\b[A-Z])\.$", re.IGNORECASE)


_plain = plain_html


def _short_item(text: str) -> bool:
    """An item a gap can hide: a name or a short phrase, not a sentence."""
    if not text or "。" in text or (has_cjk(text) and sentence_like(text)):
        return False  # a clause (``…を防ぎます``): hiding it leaves nothing to answer from
    if has_cjk(text):
        return len(text) <= MAX_LIST_GAP_CHARS
    return len(text.split()) <= MAX_LIST_GAP_WORDS and not text.rstrip().endswith(".")


_EN_AUXILIARY = frozenset(
    """may might can cannot can't could will would should must does doesn't do is isn't are aren't was were
    has have had""".split()  # noqa: SIM905
)
_EN_OBJECT_WORDS = frozenset(
    """the a an all its their your you it them itself this these that those every each any some only
    multiple new to from for into onto with without on off up down out in over through between by""".split()  # noqa: SIM905
)
"""Words after a verb that make it one (``control the spread``, ``switch to kernel mode``), not the
first noun of a compound name (``Control plane``, ``Switch port``)."""
_EN_DETERMINERS = frozenset(
    """the a an all its their your his her our this these those every each""".split()  # noqa: SIM905
)
_EN_CONNECTIVES = frozenset(
    """after before when if in on at for with during once while because since unless by from to of as under
    over without within per via""".split()  # noqa: SIM905
)
"""Words that open an adverbial phrase before a sentence's subject (``After a crash the log …``)."""
_EN_PARTICIPLE_ALONE = frozenset(
    """built made run done given known shown written taken kept held set sent""".split()  # noqa: SIM905
)
_EN_IMPERATIVES = frozenset(
    """use look hold boot restart reboot disconnect isolate control save switch execute return run check install
    uninstall create delete open close click select enable disable set add remove update upgrade configure start
    stop copy move verify schedule educate avoid keep make ensure allow send store read write load carry provide
    manage support prevent monitor reduce increase decrease improve define specify attach detach mount connect
    deploy launch scan quarantine apply assign replace change edit find get give go let log take turn try wait
    watch back restore encrypt decrypt block limit protect share test build push pull""".split()  # noqa: SIM905
)
_EN_CLAUSE_LEAD = lazy_compile(r"^(?:(?:or|and|then|also)\b[,\s]*)+", re.IGNORECASE)


def _english_clause(item: str) -> bool:
    """Whether an English list item is a clause about the thing above it, not a name or a term: it
    opens on a modal or an auxiliary (``may trick you into …``, ``can be invisible …``), on a verb in
    its -s form (``modifies core system files``, ``Provides API to users``), on a command
    (``control the spread``, ``Switch to kernel mode``) or on a participle and its preposition
    (``Used for signaling``, ``built into Windows``). A name (``Servers``), a noun phrase
    (``Policy enforcement``, ``Networks and storage``) is none."""
    text = _EN_CLAUSE_LEAD.sub("", " ".join(item.split()))
    words = [word.strip(",;:") for word in text.split()]
    if len(words) < 2 or has_cjk(text):
        return False
    if words[0].endswith("()") and len(words) > 2:
        words = words[1:]  # ``down() decreases the value``: a call named, then what it does
    first, second = words[0].casefold(), words[1].casefold()
    if first in _EN_AUXILIARY:
        return True
    if second in ("of", "and", "or", "&") or not first.isalpha():
        return False
    if second in _EN_AUXILIARY:
        return False  # ``Changes are written …``: a sentence with its own subject
    if second in _EN_DETERMINERS and first not in _EN_CONNECTIVES:
        return True  # ``notify the team``, ``isolate all media``: no name runs on into an article
    if first in _EN_IMPERATIVES or (first.endswith("s") and first[:-1] in _EN_IMPERATIVES):
        return second in _EN_OBJECT_WORDS or first.endswith("s")
    if (first.endswith("ed") or first in _EN_PARTICIPLE_ALONE) and second in _EN_OBJECT_WORDS:
        return True
    verb_s = len(first) >= 4 and first.endswith("s") and not first.endswith(("ss", "us", "is", "ics", "ous"))
    return verb_s and words[1][:1].islower() and not words[0].isupper()


def clause_list(answer: str) -> bool:
    """Whether ``answer`` (HTML) is a short flat list of English clauses about the thing asked
    (:func:`_english_clause`, more than half of the items): what it does or is, each item a verb
    phrase (``Rootkits`` → ``modifies core system files`` / ``embeds itself deep inside the OS`` /
    ``can be invisible to anti-virus software``). A gap per item would ask a clause recited word for
    word, with no name or figure to recall; the list is the answer of one card, when it fits
    :data:`MAX_ANSWER_CHARS`."""
    items = _bulleted_items(answer.strip())
    led = _LED_LIST.match(answer) if items is None else None
    if led is not None and _plain(led.group(1)).rstrip().endswith((":", "：")):
        items = _bulleted_items(led.group(2))  # ``Each application:`` over what it does
    if items is None or not MIN_RECITED_ITEMS <= len(items) <= MAX_LIST_GAPS:
        return False
    plain = [_plain(item) for item in items]
    if any(has_cjk(item) for item in plain) or sum(map(len, plain)) > MAX_ANSWER_CHARS:
        return False
    if 2 * sum(item.rstrip().endswith((".", "!", "?")) for item in plain) > len(plain):
        return False  # whole sentences, each a statement of its own: a gap per statement (statement_notes)
    return 2 * sum(_english_clause(item) for item in plain) > len(plain)


def _distinct(items: list[str]) -> bool:
    """No item shows inside another (``curl`` in ``curl -l``): a sibling would give the answer away."""
    folded = [" ".join(item.casefold().split()) for item in items]
    return all(a != b and a not in b for i, a in enumerate(folded) for j, b in enumerate(folded) if i != j)


def _bulleted_items(answer: str) -> list[str] | None:
    match = _FLAT_LIST.match(answer)
    if match is None:
        return None
    items = [item.strip() for item in _ITEM.findall(match.group(2))]
    items = [re.sub(r"^<p>(.*)</p>$", r"\1", item, flags=re.DOTALL).strip() for item in items]
    if any(_BLOCK_TAG.search(item) for item in items):
        return None
    return items


def _split_top(text: str) -> list[str]:
    """``text`` cut at list separators outside brackets and tags."""
    pieces: list[str] = []
    depth = 0
    start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0:
            separator = next((sep for sep in _LIST_SEPARATORS if text.startswith(sep, index)), "")
            if separator:
                pieces.append(text[start:index])
                index += len(separator)
                start = index
                continue
        index += 1
    pieces.append(text[start:])
    return pieces


def _inline_items(answer: str, cell: bool = False) -> tuple[list[str], str] | None:
    """An answer that is only a run of names (``HTTP, FTP, SMTP``): its items, and what follows the
    last one (``など``) to keep outside the gaps. In a table ``cell`` the run is the whole answer by
    its place, so a short noun phrase with kana (``柔軟な取得オプション``) is an item too, when it
    fits :data:`MAX_CELL_ITEM_CHARS`."""
    if _BLOCK_TAG.search(answer) or "<br" in answer or "<code>" in answer:
        return None
    text = answer.strip()
    if sentence_like(html.unescape(HTML_TAG.sub("", text))):
        return None
    pieces = [piece.strip() for piece in _split_top(text)]
    if len(pieces) < MIN_RECITED_ITEMS or any(not piece for piece in pieces):
        return None
    pieces[-1] = _LAST_ITEM_OPENING.sub("", pieces[-1])
    trailer = _TRAILER.search(pieces[-1])
    tail = ""
    if trailer is not None and trailer.start() > 0:
        tail = pieces[-1][trailer.start() :]
        pieces[-1] = pieces[-1][: trailer.start()].rstrip()
    described = _DESCRIBED_LAST.search(pieces[-1])
    others_bracketed = any(_ASIDE_AT_END.search(piece) for piece in pieces[:-1])
    if described is not None and described.start() > 0 and not others_bracketed:
        # ``t3, t4g, m5, m6i (balanced CPU/memory)``: the words in brackets after the last name say
        # what the whole run has in common; they stay on the front, outside the last gap
        tail = pieces[-1][described.start() :] + tail
        pieces[-1] = pieces[-1][: described.start()].rstrip()
    plain = [_plain(piece) for piece in pieces]
    if any(len(piece.split()) > MAX_LIST_GAP_WORDS // 2 and not has_cjk(piece) for piece in plain):
        return None  # a phrase with a verb between commas, not a name
    if any(sentence_like(piece) for piece in plain):
        return None
    named = [name for name, _ in _glossed(plain)]  # ``filter (選択条件)``: the gloss is no part of the name
    if any(_HIRAGANA.search(name) and (not cell or len(name) > MAX_CELL_ITEM_CHARS) for name in named):
        return None  # ``…は自動で行う`` / ``SAML などに対応``: a clause between commas, not a name
    if not cell and _modified_noun(plain):
        return None  # ``HTML、CSS、スクリプトの静的サイトの配信``: the names modify the noun after の
    return pieces, tail


def _gloss_split(item: str, any_bracket: bool = False) -> tuple[str, str]:
    """``item`` as (name, gloss) when it closes on words in brackets that hold kana, a description of
    the name (``display (表示する項目の選択)``): a gap asks the name, the gloss stays on the front as
    its cue; else (item, ""). A bracket with no kana (``pick (列指定)``, ``ICMP (ping)``) is left
    with its name, as before, unless ``any_bracket`` (a run whose other items are glossed)."""
    aside = _ASIDE_AT_END.search(item)
    if aside is None or aside.start() == 0 or not (any_bracket or _HIRAGANA.search(aside.group())):
        return item, ""
    return item[: aside.start()].rstrip(), item[aside.start() :]


def _glossed(items: list[str]) -> list[tuple[str, str]]:
    """Each item as (name, gloss) in a run of glossed names: two items or more close on brackets,
    one of them with kana (``filter (選択条件), stats (集約), …``); the brackets closing the others
    are glosses too (``stats (集約)``). Else each item whole: one bracket after the last name says
    what the whole run is for (``RDS, Aurora, Redshift（一般的なアプリ）``), not what one name does."""
    bracketed = sum(1 for item in items if _gloss_split(item, True)[1])
    glossed = bracketed >= 2 and any(_gloss_split(item)[1] for item in items)
    return [_gloss_split(item, True) if glossed else (item, "") for item in items]


def _modified_noun(plain: list[str]) -> bool:
    """Whether the last item of a Japanese run goes on after ``の`` with a noun phrase longer than
    every other item (``HTML、CSS、スクリプトの静的サイトの配信``): the run names what that noun is
    of, and a gap over the last item would hide the phrase the line is about, not a name."""
    head, joint, noun = plain[-1].partition("の")
    if not joint or not head or any("の" in piece for piece in plain[:-1]):
        return False
    return len(noun) >= MIN_MODIFIED_NOUN_CHARS and len(noun) > max(len(piece) for piece in plain[:-1])


def recited_items(answer: str, cell: bool = False) -> tuple[list[str], str, str] | None:
    """The items of ``answer`` (HTML) when the whole of it is a short list of short items to recite
    (see the module's docstring): the items (HTML), what follows the last one (``など``) and the
    list's tag (``ul``/``ol``, or ``""`` for an inline run of names); else None."""
    found = _recited_items(answer, cell)
    return None if found is None else (list(found[0]), found[1], found[2])  # a list of the caller's own


@file_scoped
@lru_cache(maxsize=4096)  # several extractors and the recasting ask it of the same answers
def _recited_items(answer: str, cell: bool) -> tuple[list[str], str, str] | None:
    answer = answer.strip()
    bulleted = _bulleted_items(answer)
    inline = None if bulleted is not None else _inline_items(answer, cell)
    items = bulleted if bulleted is not None else (inline[0] if inline else None)
    if items is None or not MIN_RECITED_ITEMS <= len(items) <= MAX_LIST_GAPS:
        return None
    plain = [_plain(item) for item in items]
    if not all(_short_item(item) for item in plain) or not _distinct(plain):
        return None
    if any("{{c" in item or "::" in item for item in items):
        return None
    if bulleted is not None:
        return items, "", "ol" if answer.startswith("<ol>") else "ul"
    return items, inline[1] if inline else "", ""


_LINE_BREAK = lazy_compile(r"<br\s*/?>", re.IGNORECASE)
_CONTINUATION = lazy_compile(r"^(?:→|⇒|->|-&gt;|=&gt;)\s*")
"""A line that goes on from the item above it (``→スタック単位で作成・削除可能``), not an item."""


def _line_items(answer: str) -> tuple[list[str], list[tuple[str, str]]] | None:
    """The items of an answer written as lines (``⭕️A<br>⭕️B<br>⭕️C``), marks off, when they
    are a short list of short items to recite: the items (HTML), and each line that only goes on
    from the item above it (``→…``, or an unmarked line under a marked one) as (item, line); else
    None. Lines count as items when each was marked or the text is Japanese: a hard-wrapped English
    sentence breaks into lines too."""
    found = _line_items_of(answer)
    return None if found is None else (list(found[0]), list(found[1]))  # lists of the caller's own


@file_scoped
@lru_cache(maxsize=4096)  # the recasting and the short-answer checks ask it of the same answers
def _line_items_of(answer: str) -> tuple[list[str], list[tuple[str, str]]] | None:
    if _BLOCK_TAG.search(answer) or "{{c" in answer:
        return None
    items: list[str] = []
    marked: list[bool] = []
    notes: list[tuple[str, str]] = []
    lines = [line.strip() for line in _LINE_BREAK.split(answer.strip()) if _plain(line)]
    first_marked = bool(lines) and strip_marks(lines[0]) != lines[0] and not _CONTINUATION.match(lines[0])
    for line in lines:
        continuation = _CONTINUATION.match(line)
        item = strip_marks(line).strip()
        if continuation is not None or (first_marked and item == line):
            if not items:
                return None
            notes.append((items[-1], line[continuation.end() :].strip() if continuation else line))
            continue
        marked.append(item != line)
        items.append(item)
    if not MIN_RECITED_ITEMS <= len(items) <= MAX_LIST_GAPS:
        return None
    plain = [_plain(item) for item in items]
    if not (all(marked) or all(has_cjk(item) for item in plain)):
        return None
    if not all(_short_item(item) for item in plain) or not _distinct(plain):
        return None
    return items, notes


_ATTRIBUTE = lazy_compile(
    r'^<dl class="ag-attrs"><dt>((?:(?!</dt>).)*)</dt><dd>((?:(?!</dd>).)*)</dd></dl>$', re.DOTALL
)


_LED_LIST = lazy_compile(
    r"^\s*(?:<p>)?((?:(?!<(?:ul|ol|p|br)\b).)+?)(?:</p>)?\s*(<(ul|ol)>.*</\3>)\s*$", re.DOTALL, needs=("<ul>", "<ol>")
)


def led_list_notes(note: Note, line_of: Callable[[str], int] | None = None) -> tuple[Note, ...] | None:
    """A definition or basic note whose back is a sentence leading in to a list of short items
    (``## Amazon S3`` → ``S3 offers the following storage classes:`` over ``- Standard`` ``- Glacier``
    ``- Intelligent-Tiering``; ``Redisの主な用途:`` over its uses), as one cloze with a gap per item:
    the lead-in stays on the front, led by the note's subject when it does not name it
    (``Amazon S3 › It offers these classes:``), so the card
    says what the items are. A back holding the lead and the list is a set to recite under a heading.
    When a statement comes before the lead-in (``Kubernetes is a container orchestrator. Its control
    plane has these parts:``), the note keeps the statement as its answer and the cloze asks the
    list. None when the back is not that shape (a list of sentences, items that repeat each other,
    no lead-in): the other recasts and trims judge it. ``line_of`` gives the line a text starts on:
    a cloze that opens with the lead-in is placed on the lead-in's line."""
    if note.kind not in (NoteKind.DEFINITION, NoteKind.BASIC):
        return None
    field = "Definition" if note.kind == NoteKind.DEFINITION else "Answer"
    match = _LED_LIST.match(note.get(field, ""))
    if match is None:
        return None
    lead = match.group(1).strip()
    ends = [end for end in _sentence_ends(lead) if _plain(lead[end:])]
    head, lead = (lead[: ends[-1]].strip(), lead[ends[-1] :].strip()) if ends else ("", lead)
    if not LIST_LEAD_IN.search(_plain(lead)) or (head and len(_plain(head)) < MIN_SENTENCE_CHARS):
        return None
    recited = recited_items(match.group(2))
    if recited is None or not recited[2]:
        return None
    items, _, tag = recited
    prompt = note.prompt.strip()
    # the lead-in names what the items are; the note's subject leads it as the thing it is asked of
    # (``Infrastructure monitoring › The best tools for it:``), as a qualified front shows its subject
    front = lead if _names(_plain(prompt), lead) else f"{prompt}{QUALIFIER}{lead}"
    gaps = "".join(f"<li>{cloze_gap(number, item)}</li>" for number, item in enumerate(items, 1))
    text = f"{front}<{tag}>{gaps}</{tag}>"
    details = "".join(note.get(name, "") for name in ("Details", "Example"))
    context = note.get("Context", "")
    line = line_of(_plain(lead)) if line_of is not None and front == lead else 0
    if not head:
        cloze = _as_cloze(note, text, details, context)
        return (replace(cloze, span=cloze.span.at(line, cloze.span.end_line)) if line else cloze,)
    kept = replace(note, fields=tuple((name, head if name == field else value) for name, value in note.fields))
    key = "\x1f".join(sorted(fold(_plain(item)) for item in items))
    cloze = _as_cloze(note, text, "", context, key)
    return kept, replace(cloze, span=cloze.span.at(line, cloze.span.end_line)) if line else cloze


def _asked_attribute(note: Note) -> tuple[str, str] | None:
    """A comparison note's one asked attribute, as (label, value) HTML, when the note asks only it
    and carries no table; else None."""
    fields = note
    if fields.get("Table", "").strip():
        return None
    match = _ATTRIBUTE.match(fields.get("Attributes", "").strip())
    return (match.group(1), match.group(2)) if match else None


_ASIDE_ITEM = lazy_compile(r"^\s*[（(][^()（）]+[)）]\s*$")


def without_asides(note: Note) -> Note:
    """``note`` with the list items of its back that are only an aside in brackets (``(in practice
    the shop uses another protocol)``) moved to its Details: a remark on the other items, not one of
    the things the back lists, so no gap asks it and it never stands as an answer."""
    field = "Definition" if note.kind is NoteKind.DEFINITION else "Answer" if note.kind is NoteKind.BASIC else ""
    answer = note.get(field, None) if field else None
    if not answer:
        return note
    match = _FLAT_LIST.match(answer)
    if match is None:
        return note
    items = _ITEM.findall(match.group(2))
    asides = [item for item in items if _ASIDE_ITEM.match(_plain(item))]
    kept = [item for item in items if item not in asides]
    if not asides or len(kept) < 2:
        return note
    tag = match.group(1)
    back = f"<{tag}>" + "".join(f"<li>{item}</li>" for item in kept) + f"</{tag}>"
    details = "<ul>" + "".join(f"<li>{item}</li>" for item in asides) + "</ul>" + note.get("Details", "")
    updates = {field: back, "Details": details}
    return replace(note, fields=tuple((name, updates.get(name, value)) for name, value in note.fields))


def item_cloze(note: Note) -> Note | None:
    """The note as one cloze with a gap per item, when its whole answer is a short list of short
    items to recite (see the module's docstring); else None. A comparison note that asks one
    attribute (a table cell: ``Parameter Store › 用途`` → ``アプリ設定、AMI ID、License``) is
    turned the same way; its table's topic joins the Context."""
    fields = note
    prompt = note.prompt.strip()
    context = fields.get("Context", "")
    if note.kind == NoteKind.COMPARISON:
        attribute = _asked_attribute(note)
        if attribute is None:
            return None
        label, answer = attribute
        label_text = _plain(label)
        if label_text and not _plain(prompt).endswith(f"{QUALIFIER}{label_text}"):
            prompt = f"{prompt}{QUALIFIER}{label}"
        topic = fields.get("Topic", "")
        if topic and fold(_plain(topic)) not in fold(_plain(f"{context} {prompt}")):
            context = f"{context}{QUALIFIER}{topic}" if context else topic
        details = "".join(fields.get(name, "") for name in ("Details",))
    elif note.kind in (NoteKind.DEFINITION, NoteKind.BASIC):
        answer = fields.get("Definition" if note.kind == NoteKind.DEFINITION else "Answer", "")
        details = "".join(fields.get(name, "") for name in ("Details", "Example"))
    else:
        return None
    recited = recited_items(answer, cell=note.kind == NoteKind.COMPARISON)
    lines = _line_items(answer) if recited is None and note.kind != NoteKind.COMPARISON else None
    if lines is not None:  # ``⭕️A<br>⭕️B<br>⭕️C``: a list written as lines; a ``→…`` line goes to Details
        recited = (lines[0], "", "ul")
        details = "".join(f"<p>{line}</p>" for _, line in lines[1]) + details  # not the item: a gap hides it
    if recited is None:
        return None
    items, tail, tag = recited
    shown = _named_items(items, prompt)
    shown |= _generic_items(items, shown)
    if tag:
        gaps = _item_gaps(items, shown)
    else:
        numbers = _gap_numbers(len(items), shown)
        gaps = [
            item if number == 0 else _plus_gap(number, name) + gloss
            for item, number, (name, gloss) in zip(items, numbers, _glossed(items), strict=True)
        ]
    if tag:
        body = f"<{tag}>" + "".join(f"<li>{gap}</li>" for gap in gaps) + f"</{tag}>"
        text = f"{prompt}:{body}" if not prompt.endswith((":", "：", "?", "？")) else f"{prompt}{body}"
    else:
        separator = "、" if has_cjk("".join(_plain(item) for item in items)) else ", "
        text = f"{prompt}: {separator.join(gaps)}{tail}"
    return _as_cloze(note, text, details, context)


_PLUS_MARK = lazy_compile(r"^[+＋]\s*(?=\w)")
"""A ``+`` before an item of a cell (``+ Cost protection, …``: what a tier adds to the one before it)."""


def _plus_gap(number: int, item: str) -> str:
    """A gap over ``item`` without a leading ``+`` mark: the answer is the item alone (the mark, on
    the front, would only say "in addition to" of a cell the card does not show)."""
    mark = _PLUS_MARK.match(item)
    return cloze_gap(number, item if mark is None else item[mark.end() :])


_NAMED_ITEM = lazy_compile(r"^(?P<name>[^:：<>]{1,40}?)(?P<sep>\s*(?::\s+|：\s*))(?P<rest>\S.*)$", re.DOTALL)
_RULE_ITEM = lazy_compile(r"^(?P<rest>[^→⇒]+?\s*(?:→|⇒|-&gt;)\s*)(?P<name>[^→⇒<>:：、,]{2,40})$", re.DOTALL)


def _item_name(item: str) -> tuple[str, str, str] | None:
    """(before, name, after) of a list item that names a thing and says more about it: ``Name:
    explanation`` or ``condition → Name``; None for any other item (a name or phrase alone)."""
    named = _NAMED_ITEM.match(item)
    if named is not None and _short_name(named.group("name")):
        return "", named.group("name"), f"{named.group('sep')}{named.group('rest')}"
    rule = _RULE_ITEM.match(item)
    if rule is not None and _short_name(rule.group("name")) and not _HIRAGANA.search(rule.group("name")):
        return rule.group("rest"), rule.group("name"), ""
    return None


def _short_name(text: str) -> bool:
    text = html.unescape(text).strip()
    if not text or text.casefold() in ("http", "https", "note", "e.g", "ex", "例", "注意"):
        return False
    return len(text) <= MAX_LIST_GAP_CHARS if has_cjk(text) else len(text.split()) <= 4


_NAME_WORD = lazy_compile(r"[a-z][a-z0-9]{3,}")
_CAPITALISED = lazy_compile(r"(?<![A-Za-z])[A-Z][A-Za-z0-9]{3,}")
_VENDOR_WORDS = frozenset({"amazon", "azure", "google", "microsoft", "cloud", "service", "services"})
"""Words of a product's name that name its maker or kind, not the product: shared by an item and
its subject, they give nothing away."""


def _named_items(items: list[str], prompt: str) -> frozenset[int]:
    """The items (by index) that the front's subject gives away (``Windowsネイティブ`` under ``FSx for
    Windows File Server › 特徴``): a Japanese item holding a capitalised name of four or more letters
    that the subject's name holds too, so its gap would be answered by reading the front. They stay
    shown, as cues, when two items or more are left to hide; else none is. (English items share
    plain words with their subject, ``Automated deployment`` under ``Continuous Deployment``,
    without being given away.)"""
    subject = fold(_plain(prompt).rpartition(QUALIFIER)[0] or _plain(prompt))
    words = set(_NAME_WORD.findall(subject)) - _VENDOR_WORDS
    if not words:
        return frozenset()
    shown = frozenset(
        index
        for index, item in enumerate(items)
        if has_cjk(_plain(item)) and words & set(_NAME_WORD.findall(fold(" ".join(_CAPITALISED.findall(_plain(item))))))
    )
    return shown if len(items) - len(shown) >= 2 else frozenset()


_GENERIC_QUALITY = lazy_compile(
    r"^(?:超|非常に|より|とても)?"
    r"(?:(?:高い|低い|高|低|優れた)\s*(?:レイテンシー?|パフォーマンス|スループット|性能|可用性|耐久性|信頼性|拡張性|柔軟性|"
    r"コスト|価格|速度|IOPS)|高速|安価|簡単|高性能|低価格|低遅延|スケーラブル)(?:な|である|です)?"
    r"|(?:very\s+|highly\s+)?(?:(?:high|low)\s+(?:latency|performance|throughput|availability|durability|cost)|"
    r"fast|cheap|inexpensive|scalable|available|reliable|cost[- ]effective)$",
    re.IGNORECASE,
)
"""An item that only praises (``低レイテンシー``, ``高いパフォーマンス``, ``高速``, ``low latency``, ``scalable``):
a quality word any service claims, with no name, number or superlative of its own."""


def _generic_items(items: list[str], shown: frozenset[int]) -> frozenset[int]:
    """The items (by index) that are only a generic quality word (:data:`_GENERIC_QUALITY`): a gap
    on one asks a guess (which praise did the notes pick?), so they stay shown as the cue of the
    items that say something. An item written as a name (``High Availability``, each word
    capitalised) is a concept to recall, not praise. When no item says more than a quality (every
    other one a bare English adjective too: ``fast, consistent, repeatable``), the list is one of
    qualities and none is shown."""
    plain = [" ".join(_plain(item).split()) for item in items]
    generic = frozenset(
        index
        for index, text in enumerate(plain)
        if _GENERIC_QUALITY.fullmatch(text) and not _TITLE_WORDS.fullmatch(text)
    )
    rest = [text for index, text in enumerate(plain) if index not in generic | shown]
    if not generic or not rest or all(_BARE_WORD.fullmatch(text) for text in rest):
        return frozenset()
    return generic


_BARE_WORD = lazy_compile(r"[a-z][a-z-]*")
_TITLE_WORDS = lazy_compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")
"""Words each capitalised (``High Availability``): the name of a concept in a list of them, not praise."""


def _gap_numbers(count: int, shown: frozenset[int]) -> list[int]:
    """The gap number of each of ``count`` items, 0 for an item ``shown`` (no gap), the others
    numbered from 1 in order."""
    numbers: list[int] = []
    for index in range(count):
        numbers.append(0 if index in shown else len([n for n in numbers if n]) + 1)
    return numbers


def _item_gaps(items: list[str], shown: frozenset[int] = frozenset()) -> list[str]:
    """A gap per item; an item that names a thing and says more of it (``ExpressRoute: not over the
    internet``, ``厳しい帯域制限 → Snowball``) hides only the name, its explanation or condition
    shown as the cue: hiding the whole line asks it recited. The names must differ (a sibling would
    show the answer). An item ``shown`` (the front gives it away) gets no gap."""
    named = [_item_name(item) for item in items]
    names = [fold(_plain(found[1])) for found in named if found is not None]
    if len(set(names)) < len(names):
        named = [None] * len(items)
    gaps: list[str] = []
    numbers = _gap_numbers(len(items), shown)
    for number, item, found in zip(numbers, items, named, strict=True):
        if number == 0:
            gaps.append(item)
        elif found is None:
            gaps.append(cloze_gap(number, item))
        else:
            before, name, after = found
            gaps.append(f"{before}{cloze_gap(number, name.strip())}{after}")
    return gaps


def _as_cloze(note: Note, text: str, details: str, context: str, key: str = "") -> Note:
    """``note`` as a cloze note of ``text``, its Details and Context kept (its key too, unless
    ``key`` is given)."""
    fields = note
    new_fields = {
        "Text": text,
        "Extra": fields.get("Extra", ""),
        "Details": details,
        "Image": fields.get("Image", ""),
        "Context": context,
        "Source": fields.get("Source", ""),
    }
    return Note(
        NoteKind.CLOZE,
        key or note.key,
        tuple(new_fields.items()),
        note.span,
        note.deck,
        note.tags,
        note.guid if not key else "",
        note.pinned_id if not key else "",
    )


# ------------------------------------------------------------------------------------------------
# a paragraph of facts
# ------------------------------------------------------------------------------------------------


_SENTENCE_MARK = lazy_compile(r"[<（(「『【）)」』】。！？.!?]")
"""The characters :func:`_sentence_ends` acts on: a tag, a bracket, a sentence end."""


@lru_cache(maxsize=64)  # the selection pass asks it of one answer several times in a row
def _sentence_ends(fragment: str, lines: bool = False) -> tuple[int, ...]:
    """Offsets in ``fragment`` (HTML) just after each sentence end outside tags, brackets and
    inline elements: at ``。！？`` and at ``.!?`` before a space and a capital; with ``lines``,
    also before a line break that ends a Japanese statement (``…のこと<br>…``: a line written
    without ``。`` is one of its own there; an English line may be a hard-wrapped sentence). Only
    text before the first block (a list, a table) is read."""
    ends: list[int] = []
    open_elements = 0
    depth = 0
    index = 0
    while index < len(fragment):
        mark = _SENTENCE_MARK.search(fragment, index)  # every other character changes nothing below
        if mark is None:
            break
        index = mark.start()
        char = fragment[index]
        if char == "<":
            close = fragment.find(">", index)
            if close < 0:
                break
            tag = fragment[index : close + 1]
            if _BLOCK_TAG.match(tag) or tag.startswith(("<ul", "<ol", "<table", "<pre")):
                break
            name = _TAG_NAME.match(tag)
            if lines and name and name.group(1).lower() == "br" and depth == 0 and open_elements <= 0:
                line = _plain(fragment[ends[-1] if ends else 0 : index])
                if has_cjk(line) and (len(line) >= MIN_SENTENCE_CHARS or sentence_like(line)):
                    ends.append(index)  # not after a short title line (``まとめ``): it goes with the next
            if name and name.group(1).lower() not in ("br", "img", "wbr"):
                open_elements += -1 if tag.startswith("</") else (0 if tag.endswith("/>") else 1)
            index = close + 1
            continue
        if char in "（(「『【":
            depth += 1
        elif char in "）)」』】":
            depth = max(0, depth - 1)
        elif depth == 0 and open_elements <= 0:
            if char in "。！？":
                ends.append(index + 1)
            elif char in ".!?":
                after = _plain(fragment[index + 1 : index + 40])
                between = fragment[index + 1 : index + 6]
                spaced = between[:1].isspace() or between.startswith("<br")
                abbreviated = _ABBREVIATION.search(fragment[max(0, index - 8) : index + 1])
                # before a capital, or before a line break and anything but a lower-case word (a
                # figure, a formula: ``…delimiters.<br>$0.12…$``): a hard-wrapped sentence goes on
                # in lower case
                opens = after[:1].isupper() or (between.startswith("<br") and after[:1] and not after[:1].islower())
                if opens and spaced and not abbreviated:
                    ends.append(index + 1)
        index += 1
    return tuple(ends)


def _sentence_count(fragment: str, ends: tuple[int, ...]) -> int:
    count = len(ends)
    rest = fragment[ends[-1] :] if ends else fragment
    if _plain(rest.split("<ul>")[0].split("<ol>")[0]):
        count += 1
    count += fragment.count("<li>")
    return count


def _short_enough(text: str) -> bool:
    """Two sentences that fit :data:`MAX_SHORT_ANSWER_CHARS` (half that in CJK, where a character
    carries about as much as a short English word does)."""
    return len(text) <= (MAX_SHORT_ANSWER_CHARS // 2 if has_cjk(text) else MAX_SHORT_ANSWER_CHARS)


def _opens_list(fragment: str) -> bool:
    """``fragment`` (HTML) opens with a list mark (``❶``, ``・``, ``⭕️``) or with a short title
    line over the lines after it (``<利点>``): a list's start, not a sentence of the answer."""
    lines = [_plain(line) for line in _LINE_BREAK.split(fragment)]
    lines = [line for line in lines if line]
    if not lines:
        return False
    first = lines[0]
    if strip_marks(first) != first:
        return True
    return len(lines) > 1 and len(first) < MIN_SENTENCE_CHARS and not sentence_like(first)


def _second_joins(answer: str, ends: tuple[int, ...]) -> bool:
    """Whether the second sentence of ``answer`` (HTML, ``ends`` its sentence ends) may join the first
    on the back: it is neither the first step of lines after it (``❶…``) nor a lead-in to them
    (``選択肢は以下の3つ。``), which go with their lines to Details."""
    second = answer[ends[0] : ends[1]]
    return (
        not _opens_list(second)
        and not LIST_LEAD_IN.search(_plain(second))
        and not COUNT_ANNOUNCEMENT.search(_plain(second).strip())
    )


@file_scoped
@lru_cache(maxsize=1024)  # extraction, then the selection's trim and checks ask it of the same answer
def first_facts(answer: str, lead_in: Pattern, term: str = "") -> tuple[str, str] | None:
    """``answer`` (HTML) cut after its first sentence (or two, when short), and the rest, when it
    holds more than :data:`MAX_ANSWER_SENTENCES` sentences (list items count as one each) or runs
    over :data:`MAX_ANSWER_CHARS` (:data:`MAX_CJK_ANSWER_CHARS` in Japanese); None when it is short
    enough, or has no sentence end to cut at, or its first sentence only leads in to what follows
    (``…the following:``). With ``term`` (the prompt's own name): a first sentence that does not
    name it, before one that does, is a side remark (``ルールに紐づける形で設定します。`` before
    ``…に対して修復アクションを行い…``): both stay when they fit :data:`MAX_SHORT_ANSWER_CHARS`, so the
    back holds what the term does."""
    if _line_items(answer) is not None:
        return None  # a list written as lines: a cloze asks each item (item_cloze)
    # an answer written as lines without ``。`` (one statement a line) is cut between lines
    ends = _sentence_ends(answer, lines=not _CJK_SENTENCE_MARK.search(_plain(answer)))
    if not ends:
        return None
    before_list = _LIST_OPEN.split(answer, maxsplit=1)
    if len(before_list) > 1 and lead_in.search(_plain(before_list[0])):
        return None  # the text introduces its list (``Its roles are the following:``): they answer together
    limit = MAX_CJK_ANSWER_CHARS if has_cjk(_plain(answer)) else MAX_ANSWER_CHARS
    if _sentence_count(answer, ends) <= MAX_ANSWER_SENTENCES and len(_plain(answer)) <= limit:
        return None
    defining = _defining_sentence(answer, ends, term) or _instruction(answer, ends, term)
    if defining is not None:
        return defining
    cut = ends[0]
    if len(_plain(answer[:cut])) < MIN_SENTENCE_CHARS and len(ends) > 1:
        cut = ends[1]  # ``アクション。`` names the term again: the sentence after it says what it is
    elif len(ends) > 1 and _short_enough(_plain(answer[: ends[1]])) and _second_joins(answer, ends):
        # two short sentences are one answer (not a first step ``❶…`` of the lines after, nor a
        # lead-in ``選択肢は以下の3つ。`` to them: that goes with its lines, to Details)
        cut = ends[1]
    elif len(ends) > 1 and NEGATIVE_SENTENCE.search(_plain(answer[:cut])):
        cut = ends[1]  # ``X is not a storage service.`` says what it is not: the next sentence says what it is
    elif len(ends) > 1 and RELATIVE_KIND_SENTENCE.search(_plain(answer[:cut])) and _second_joins(answer, ends):
        cut = ends[1]  # ``CSRF は、関連するクラスの攻撃です。`` only relates it to the line above
    elif (
        len(ends) > 1
        and _names(term, answer[ends[0] : ends[1]])
        and not _names(term, answer[: ends[0]])
        and not _says_what_it_is(_plain(answer[: ends[0]]))
        and len(_plain(answer[: ends[1]])) <= MAX_SHORT_ANSWER_CHARS
        and _second_joins(answer, ends)
    ):
        cut = ends[1]  # the first sentence is a side remark: the one naming the term says what it does
    elif (
        len(ends) > 1
        and term
        and _SCENE_OPENING.match(_plain(answer[: ends[0]]).strip())
        and not _names(term, answer[: ends[0]])
        and len(_plain(answer[: ends[1]])) <= MAX_SHORT_ANSWER_CHARS
        and _second_joins(answer, ends)
    ):
        cut = ends[1]  # ``SQS では … を取り出せます。`` only sets the scene: the next sentence says what the term does
    head, rest = answer[:cut], answer[cut:]
    if lead_in.search(_plain(head)):
        return None
    rest = re.sub(r"^(?:\s|<br\s*/?>)+", "", rest)
    if not _plain(rest):
        return None
    return head.strip(), rest


_SCENE_OPENING = lazy_compile(r"^(?P<scene>[^、。,，ぁ-ねは-ゖ]{1,30}?)\s*(?:では|において)[、,]?\s*\S")
"""A sentence that opens on the place or thing it speaks of, a name or noun phrase (no kana but の)
before では (``SQS では …``, ``開発環境では …``; not a condition clause, ``…が制限されている環境では``):
when it does not name the card's term, it sets the scene for the sentence after it."""


def _instruction(answer: str, ends: tuple[int, ...], term: str) -> tuple[str, str] | None:
    """The back and the rest when the first sentence of ``answer`` (HTML) neither says what ``term``
    is nor tells what to do, and a later one tells what to do (:data:`INSTRUCTION_SENTENCE`:
    ``独自の関数を使うと…脆弱になります。安全な文字列には crypto.randomBytes を使用してください。``):
    that sentence answers, the reason before it goes to Details. None otherwise."""
    return _defining_sentence(answer, ends, term, lambda text: INSTRUCTION_SENTENCE.search(text) is not None)


def _defining_sentence(
    answer: str, ends: tuple[int, ...], term: str, answers: Callable[[str], bool] | None = None
) -> tuple[str, str] | None:
    """The back and the rest when the sentence of ``answer`` (HTML) that says what ``term`` is
    (``Xは…のサービスです。``, ``Xとは…``, ``X is a …``) comes second or third, after a lead-in or a
    remark (``名前の由来は…``, ``By default, …``) that does not: that sentence is the back, the
    others (in their order) go to Details. None when the first sentence says what the term is, or
    no later one names the term that way. ``answers``: what else a sentence that answers says
    (:func:`_instruction`), in place of naming the term."""
    if not term or len(ends) < 2:
        return None
    bounds = [0, *ends[:3]]
    sentences = [answer[start:end] for start, end in pairwise(bounds)]
    first = _plain(sentences[0]).strip()
    says = answers or (lambda text: _defines(term, text))
    if _says_what_it_is(first) or _defines(term, first) or says(first):
        return None
    for index, sentence in enumerate(sentences[1:], start=1):
        text = _plain(sentence).strip()
        if not says(text) or len(text) > MAX_SHORT_ANSWER_CHARS or _opens_list(sentence):
            continue
        start, end = bounds[index], bounds[index + 1]
        head = re.sub(r"^(?:\s|<br\s*/?>)+", "", sentence).strip()
        rest = (
            re.sub(r"(?:\s|<br\s*/?>)+$", "", answer[:start]).strip()
            + ("" if has_cjk(text) else " ")
            + answer[end:].lstrip()
        )
        rest = re.sub(r"^(?:\s|<br\s*/?>)+", "", rest).strip()
        if not _plain(rest) or LIST_LEAD_IN.search(text):
            return None
        return head, rest
    return None


def _defines(term: str, sentence: str) -> bool:
    """``sentence`` (plain text) names ``term`` as its subject and says what it is: ``Xは…のサービス
    です。``, ``Xとは…``, ``X is a …`` (``X`` without a parenthesised aside, as a word)."""
    from .sentence_definitions import names_what_it_is  # sentence_definitions imports the package

    name = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", term.rpartition(" › ")[2]).strip()
    if len(name) < 2:
        return False
    text = re.sub(r"^(?:(?:Amazon|AWS|Azure|Google)\s+)", "", sentence.strip()) if not has_cjk(name) else sentence
    bare = re.sub(r"^(?:(?:Amazon|AWS|Azure|Google)\s+)", "", name)
    for candidate in dict.fromkeys((name, bare)):
        if not may_open_with(r"(?:(?:an?|the)\s+)?", candidate[:1], text.strip(), re.IGNORECASE):
            continue
        opened = re.match(rf"(?:(?:an?|the)\s+)?{re.escape(candidate)}", text.strip(), re.IGNORECASE)
        if opened is None:
            continue
        after = text.strip()[opened.end() :].lstrip()
        after = re.sub(r"^[（(][^（）()]{1,40}[）)]\s*", "", after)
        japanese = re.match(r"(?:とは、?|は、?)(?P<rest>.{6,})", after)
        if japanese:
            return names_what_it_is(japanese.group("rest")) and not VERBAL_NOUN_ENDING.search(japanese.group("rest"))
        if re.match(r"(?:,[^,]{1,60},\s*)?(?:is|are|refers to)\s+(?:an?|the|one of)\s", after, re.IGNORECASE):
            return True
    return False


def _names(term: str, fragment: str) -> bool:
    """``fragment`` (HTML) names ``term`` (its own name, without a parenthesised aside), as a word."""
    name = fold(re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", term.rpartition(" › ")[2])).strip()
    if len(name) < 2:
        return False
    text = fold(_plain(fragment))
    if has_cjk(name):
        return name in text
    return find_word(text, name, is_word_char, after=False) >= 0


def trailing_lead_in(answer: str, lead_in: Pattern) -> tuple[str, str] | None:
    """``answer`` (prose HTML, no block) cut before its last sentence when that sentence only leads
    in to a list that is not on the back (``…する機能。以下のサービスでサポートされている。``), and
    that sentence; None when the answer is one sentence, holds a block, or ends on a fact."""
    if _BLOCK_TAG.search(answer):
        return None
    # an answer written as lines without ``。`` (``…を実行する<br>…以下のようになる``) ends its statements at its lines
    ends = _sentence_ends(answer, lines=not _CJK_SENTENCE_MARK.search(_plain(answer)))
    tail_start = ends[-2] if len(ends) >= 2 and not _plain(answer[ends[-1] :]) else (ends[-1] if ends else 0)
    if not tail_start:
        return None
    head, tail = answer[:tail_start].strip(), answer[tail_start:].strip()
    short = len(_plain(head)) < MIN_SENTENCE_CHARS and not sentence_like(_plain(head))
    if not _plain(tail) or short or not lead_in.search(_plain(tail)):
        return None
    return head, tail


_DANGLING_END = lazy_compile(r"[、，,]\s*$")


_BLOCK_OPEN = lazy_compile(r"<(?:ul|ol|table|pre)\b")
_TRAILING_BREAKS = lazy_compile(r"(?:\s*<br\s*/?>\s*)+$")
_LEADING_BREAKS = lazy_compile(r"^(?:\s*<br\s*/?>\s*)+")


def trailing_fragment(answer: str) -> tuple[str, str] | None:
    """``answer`` (prose HTML, no block) cut before its last clause when that clause breaks off on a
    comma (``…IPアドレスです。<br>前述の通りのことですが、``): it leads in to what comes next in the
    notes (a list, a figure), so on the back it is a fragment; and that clause. None when the answer
    holds a block, has no whole sentence before the clause, or ends on a sentence."""
    if _BLOCK_TAG.search(answer) or _BLOCK_OPEN.search(answer):
        return None
    if not _DANGLING_END.search(_plain(answer)):
        return None
    ends = _sentence_ends(answer, lines=not _CJK_SENTENCE_MARK.search(_plain(answer)))
    if not ends or not _plain(answer[ends[-1] :]):
        return None
    head, tail = answer[: ends[-1]].strip(), answer[ends[-1] :].strip()
    if not sentence_like(_plain(head)) and len(_plain(head)) < MIN_SENTENCE_CHARS:
        return None
    head = _TRAILING_BREAKS.sub("", head)
    tail = _LEADING_BREAKS.sub("", tail)
    return head, tail


def _top_items(inner: str) -> list[str] | None:
    """The top-level ``<li>`` contents of a list's inner HTML (nested lists kept inside their
    item); None when text stands between items."""
    items: list[str] = []
    depth = 0
    start = 0
    position = 0
    while position < len(inner):
        if inner.startswith("<li>", position):
            if depth == 0:
                if _plain(inner[start:position]) and items:
                    return None
                start = position + len("<li>")
            depth += 1
        elif inner.startswith("</li>", position):
            depth -= 1
            if depth == 0:
                items.append(inner[start:position])
                start = position + len("</li>")
        position += 1
    if depth or _plain(inner[start:]) or (items and _plain(inner[: inner.find("<li>")])):
        return None
    return items


def _names_in(text: str) -> int:
    """How many names a sentence runs through between commas (``… C++、Go、Java、Python などで使用可``),
    when there are more than :data:`MIN_RECITED_ITEMS` of them (a list to recite inside a
    sentence); else 0."""
    pieces = [_TRAILER.sub("", piece).strip() for piece in _split_top(text)]
    names = [
        piece
        for piece in pieces[1:-1]
        if piece and len(piece) <= MAX_CELL_ITEM_CHARS and not _HIRAGANA.search(piece) and " " not in piece.strip()
    ]
    return len(names) + 2 if len(names) + 2 > MIN_RECITED_ITEMS and len(names) == len(pieces) - 2 else 0


_NESTED = lazy_compile(r"<(ul|ol)>.*</\1>", re.DOTALL)


def first_items(answer: str, prompt: str = "") -> tuple[str, str] | None:
    """``answer`` (HTML) that is one list of more than :data:`MAX_ANSWER_SENTENCES` items (nested
    ones count too) of which some are sentences, so no gap can ask them one by one: its first item
    or two, and the rest (a list of the same kind) for Details. A first item with a list under it
    stays alone, the list moving on. None for any other answer, and for a list of short items (a
    cloze asks those: :func:`item_cloze`)."""
    answer = answer.strip()
    match = _WHOLE_LIST.fullmatch(answer)
    if match is None or recited_items(answer) is not None or statement_items(answer) is not None:
        return None  # a list a cloze asks item by item (item_cloze)
    tag = match.group(1)
    items = _top_items(match.group(2))
    if not items:
        return None
    own = [_NESTED.sub("", item).strip() for item in items]
    named = [_names_in(_plain(text)) for text in own]
    points = len(items) + sum(item.count("<li>") for item in items) + sum(max(0, count - 1) for count in named)
    if points <= MAX_ANSWER_SENTENCES:
        return None
    # an item is judged without its aside in round brackets: ``署名に使用したアルゴリズム (AWS4-HMAC-SHA256)``
    # is a name whatever the length of its example, and a list of names is no list of sentences
    if all(_short_item(outside_round_brackets(_plain(text))) for text in own) or not all(_plain(text) for text in own):
        return None
    nested = _NESTED.search(items[0])
    if nested is not None:
        head, rest = [own[0]], [*(_top_items(nested.group(0)[4:-5]) or []), *items[1:]]
    elif len(items) > 1 and "<li>" not in items[1] and not named[1] and not named[0]:
        head, rest = items[:2], items[2:]
    else:
        head, rest = items[:1], items[1:]
    if not rest:
        return None
    if nested is None:
        head, rest = _own_items_first(prompt, items, head, rest)

    def listed(parts: list[str]) -> str:
        return f"<{tag}>" + "".join(f"<li>{part}</li>" for part in parts) + f"</{tag}>"

    return listed(head), listed(rest)


_TOPIC_OPENING = lazy_compile(r"^([A-Za-z][\w-]*(?:\s[A-Za-z][\w-]*)?)\s*(?:は|:|：)")


def _own_items_first(prompt: str, items: list[str], head: list[str], rest: list[str]) -> tuple[list[str], list[str]]:
    """The items kept on the back when a later item is the one that says what ``prompt`` itself does
    (``Pull mode`` over ``- same steps as push mode`` / ``- push mode starts at …`` / ``- pull mode
    starts at …``): that item joins the back and a kept item about another name (``push mode
    starts at …``) leaves it, so the back never answers with the other term's facts alone."""
    name = fold(prompt)
    if len(name) < 3:
        return head, rest

    named = prompt.split()

    def subject(item: str) -> str:
        text = _plain(_NESTED.sub("", item)).strip()
        match = _TOPIC_OPENING.match(text)
        if match:
            return fold(match.group(1))
        # ``Push replication starts …`` under ``Pull replication``: a sibling of the term, named by
        # the same head word, opens the item
        words = text.split()
        if len(named) >= 2 and len(words) > len(named) and fold(words[len(named) - 1]) == fold(named[-1]):
            return fold(" ".join(words[: len(named)]))
        return ""

    def about_itself(item: str) -> bool:
        said = subject(item)
        return bool(said) and (name.startswith(said) or said.startswith(name))

    own = [item for item in rest if about_itself(item)]
    others = [item for item in head if subject(item) and not about_itself(item)]
    if not own or not others or any(about_itself(item) for item in head):
        return head, rest
    kept = [item for item in head if item not in others] + own
    return [item for item in items if item in kept], [item for item in items if item not in kept]


def parallel_set(answer: str, prompt: str) -> int:
    """How many points ``answer`` (HTML) lists when it is a set of parallel answers that
    :func:`first_items` would cut: one list of :data:`MIN_RECITED_ITEMS` or more top-level items,
    some of them sentences, under a prompt that asks for the set (a label such as ``役割`` or
    ``方法``, a comparison ``AとBの違い``). Its first items on a card would ask the learner for
    part of a set with the rest out of sight (three patterns, two on the back), so no card asks
    it; else 0."""
    answer = answer.strip()
    match = _WHOLE_LIST.fullmatch(answer)
    if match is None or first_items(answer) is None:
        return 0
    items = _top_items(match.group(2)) or []
    if len(items) < MIN_RECITED_ITEMS:
        return 0
    text = _plain(prompt)
    # the prompt names the set (``…の方法``, ``AとBの違い``): its points are parallel answers. A term
    # heading over facts about it (``Snapshot isolation`` → reads from a snapshot …) is no set: its
    # first points answer it
    return len(items) if _labelled(text) or is_topic_title(text) else 0


# ------------------------------------------------------------------------------------------------
# a list of statements
# ------------------------------------------------------------------------------------------------

_SUB_LIST = lazy_compile(r"^(.*?)<(ul|ol)>(.*)</\2>\s*$", re.DOTALL)
_LABEL = lazy_compile(r"^([^:：。]{1,40}?)\s*[:：]\s*\S")
_LATIN_WORD = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9_.+/-]*")
_NOT_IN_GAP = lazy_compile(r"<(?:pre|table|img|p|div|dl|blockquote|h\d|br)\b", re.IGNORECASE)


def _statement(item: str) -> bool:
    """A list item a gap can ask alone: one plain statement about the list's term, short enough
    to recall (:data:`MAX_SENTENCE_GAP_CHARS`), that neither leans on the item before it nor
    only leads in to something else (``…の例:``)."""
    text = _plain(item)
    if not text or _NOT_IN_GAP.search(item) or "{{c" in item or "::" in text:
        return False
    if LEANING_ITEM.match(text) or text.endswith((":", "：")) or LIST_LEAD_IN.search(text):
        return False
    if re.fullmatch(r"\s*<code>(?:(?!</code>).)*</code>\s*", item, re.DOTALL):
        return False  # a command, not a statement (extract/code_clozes.py asks those)
    if _key_phrases(item):
        return False  # ``…EKSでは「**ポッド**」と呼ばれる``, ``**Ethernet** uses CSMA/CD``: its own cloze asks it
    label = _LABEL.match(text)
    if label is not None and not sentence_like(label.group(1)):
        return False  # ``Amazon EFS Replication : …``: a term with its own definition, not a statement
    return not whole_sentence(item)


def whole_sentence(item: str) -> bool:
    """A list item (HTML) longer than a phrase: two sentences, or a statement over
    :data:`MAX_SENTENCE_GAP_CHARS` (CJK, a Latin word counted as two) or
    :data:`MAX_SENTENCE_GAP_WORDS` words, or two clauses joined by a comma past
    :data:`MAX_CLAUSE_GAP_CHARS`. A gap hiding it asks a sentence to recite with no cue."""
    text = _plain(item)
    if len(_sentence_ends(item)) + (0 if re.search(r"[。.!?！？]\s*$", text) else 1) > 1:
        return True
    if not has_cjk(text):
        return len(text.split()) > MAX_SENTENCE_GAP_WORDS
    size = len(_LATIN_WORD.sub("ab", text))  # a Latin word reads as a short kana word
    if size > MAX_SENTENCE_GAP_CHARS:
        return True
    return size > MAX_CLAUSE_GAP_CHARS and any(_clause(piece) for piece in _split_top(text)[:-1])


def _clause(piece: str) -> bool:
    """The words before a comma are a clause of their own (``…オープンソースで``, ``…を停止できない場合``),
    not an item of a list run through with commas (``全額前払い``)."""
    piece = piece.strip()
    return piece.endswith(CLAUSE_COMMA_ENDINGS) or any(mark in piece for mark in SENTENCE_MARKS)


def statement_items(answer: str) -> list[tuple[str, list[str], str]] | None:
    """The items of ``answer`` (HTML) when the whole of it is one list of statements about its term
    to ask one by one (``欠点: キャッシュ`` → three short drawbacks, each a phrase a gap can hide, not a
    whole sentence: :func:`whole_sentence`): each top-level item's own
    text, the items of the one plain list under it (if any) and that list's tag. The list must hold from
    :data:`MIN_RECITED_ITEMS` to :data:`MAX_LIST_GAPS` items in all, each a self-contained statement
    (:func:`_statement`), none showing inside another, and fit :data:`MAX_SENTENCE_LIST_CHARS`; a
    list of short items is :func:`recited_items`' (None here). Else None: a longer list keeps its
    first items on the card (:func:`first_items`)."""
    answer = answer.strip()
    match = _WHOLE_LIST.fullmatch(answer)
    if match is None or len(_plain(answer)) > MAX_SENTENCE_LIST_CHARS or recited_items(answer) is not None:
        return None
    top = _top_items(match.group(2))
    if not top:
        return None
    items: list[tuple[str, list[str], str]] = []
    for item in top:
        own, subs, sub_tag = item.strip(), [], "ul"
        nested = _SUB_LIST.match(own)
        if nested is not None:
            own = nested.group(1).strip()
            found = _top_items(nested.group(3))
            if not found or any(re.search(r"<(?:ul|ol)>", sub) for sub in found):
                return None  # a deeper tree: not a set of statements
            subs, sub_tag = [sub.strip() for sub in found], nested.group(2)
        own = re.sub(r"^<p>(.*)</p>$", r"\1", own, flags=re.DOTALL).strip()
        items.append((own, subs, sub_tag))
    gaps = [text for own, subs, _ in items for text in (own, *subs)]
    if not MIN_RECITED_ITEMS <= len(gaps) <= MAX_LIST_GAPS:
        return None
    if not all(_statement(gap) for gap in gaps) or not _distinct([_plain(gap) for gap in gaps]):
        return None
    return items


_KEY_PHRASE = lazy_compile(r"<(strong|b|mark)>((?:(?!</?\1>).)+)</\1>", re.DOTALL)


def _key_phrases(item: str) -> bool:
    """The item holds a phrase its author put in bold as the thing to recall (not a stressed
    ``NOT``): a cloze of its own sentence asks it (extract/clozes.py), so the list is not asked again."""
    return any(fold(_plain(match.group(2))) not in FUNCTION_WORDS for match in _KEY_PHRASE.finditer(item))


def statement_cloze_text(prompt: str, items: list[tuple[str, list[str], str]], tag: str) -> str:
    """The cloze text asking ``items`` (:func:`statement_items`) under ``prompt``, a gap each in
    reading order, the list's shape kept."""
    number = 0
    rows: list[str] = []
    for own, subs, sub_tag in items:
        number += 1
        label = BRACKET_LABEL.match(own)
        if label and _plain(own[label.end() :]).strip():
            # ``【API】…``: the bracketed name is the cue of its item, the rest the gap
            row = own[: label.end()] + cloze_gap(number, own[label.end() :].strip())
        else:
            row = cloze_gap(number, own)
        if subs:
            inner = []
            for sub in subs:
                number += 1
                inner.append(f"<li>{cloze_gap(number, sub)}</li>")
            row += f"<{sub_tag}>" + "".join(inner) + f"</{sub_tag}>"
        rows.append(f"<li>{row}</li>")
    body = f"<{tag}>" + "".join(rows) + f"</{tag}>"
    if prompt.rstrip().endswith((":", "：", "?", "？")) or re.search(r"[:：]\s", _plain(prompt)):
        return f"{prompt}{body}"  # ``欠点: DNS`` is a label already: no second colon
    return f"{prompt}:{body}"


def _says_what_it_is(text: str) -> bool:
    """A statement that names what its term is (``…を自動化するためのツール``, ``Is a culture of …``,
    ``A service that …``), not one fact about it."""
    from .sentence_definitions import names_what_it_is  # sentence_definitions imports the package

    first = text.split("。", 1)[0].strip()
    if BRACKET_LABEL.match(first):
        return False  # ``【EC2】CPU使用率…``: one labelled example of a set
    if has_cjk(first):
        return names_what_it_is(first) and not VERBAL_NOUN_ENDING.search(first)
    if _KIND_NOUN_OPENING.match(first):
        return True  # ``statement often used with …``, ``operator that …``: a cheat sheet's gloss of a keyword
    return re.match(r"(?:(?:is|are)\s+)?(?:an?|the|one)\s", first, re.IGNORECASE) is not None


_KIND_NOUN_OPENING = lazy_compile(
    r"(?:set\s+)?(?:operator|statement|clause|function|command|keyword|directive|method)\s+"
    r"(?:that|which|used|often|to|for)\b"
)
"""A gloss opening with the kind of thing its keyword is (``operator that …``, ``statement often used
with …``): it says what the keyword is, in a cheat sheet's terse style (no article)."""


_MEANS_OPENING = lazy_compile(r"^[^、。,]{1,30}?(?:による|により|を使った|を使って|を用いた|を用いて)")
"""A point that opens on the means it uses (``セキュリティグループによる…``, ``TLSにより…``): one of
several measures, written like its siblings."""


def _parallel_means(first: str, second: str) -> bool:
    """Two points that each open on the means they use (``セキュリティグループによるアクセス制御``,
    ``SSL/TLSによる通信暗号化``): parallel measures of one set, so the first is not what the term is
    and the card asks them all, not the first alone as a definition and the rest as a cloze."""
    return _MEANS_OPENING.match(first) is not None and _MEANS_OPENING.match(second) is not None


def _labelled(prompt: str) -> bool:
    """A prompt that asks a label of its subject (``Amazon Kinesis › 特徴``, ``欠点: DNS``,
    ``Route53 Resolverの役割``): its items are parallel answers, none of them says what it is."""
    from .question_lists import QUESTION_LABELS  # question_lists imports the package

    parts = [fold(part) for part in re.split(r" › |[:：]|の", prompt) if part.strip()]
    return any(part in GENERIC_LABELS or part in QUESTION_LABELS for part in parts)


MIN_CLAUSE_GAP_CHARS = 10
"""A Japanese gap at least this long that ends on a verb is a clause (a step, a statement), no name."""

VERB_END = lazy_compile(r"[\u3040-\u309f\u4e00-\u9fff](?:る|う|く|す|つ|む|ぶ|ぐ|ない)[。]?$")
"""How a Japanese clause ends: on a verb (``…が配置される``, ``…を共有することができる``)."""


MIN_LONG_GAP_CHARS = 20
"""A gap at least this long hides a phrase to recite (``block started by symbol の略``), not a term or
a figure (``保存期間は一年``) a learner recalls."""

MIN_PREDICATE_GAP_CHARS = 15
"""A Japanese list item at least this long that holds a case particle and a predicate (``ブラウザだけで
コードを書ける``) is a statement of its own, not a name the list's lead sets up to recall."""


def clause_gap(text: str) -> bool:
    """Whether ``text`` (plain) is a whole Japanese clause, not a name or a figure: at least
    :data:`MIN_CLAUSE_GAP_CHARS` long and ending on a verb (``初期化されていない変数などが配置される``)."""
    text = " ".join(text.split()).rstrip("。．")
    return has_cjk(text) and len(text) >= MIN_CLAUSE_GAP_CHARS and VERB_END.search(text) is not None


def _statement_details(items: list[tuple[str, list[str], str]], details: str) -> str:
    """The Details of a definition that shows ``items`` (:func:`statement_items`) as a list, before
    the note's own ``details``."""
    rows = "".join(
        f"<li>{own}" + (f"<{tag}>" + "".join(f"<li>{sub}</li>" for sub in subs) + f"</{tag}>" if subs else "") + "</li>"
        for own, subs, tag in items
    )
    return f"<ul>{rows}</ul>{details}"


def statement_notes(note: Note) -> tuple[Note, ...] | None:
    """A definition or basic note whose whole answer is a list of statements about its term
    (:func:`statement_items`) as clozes, a gap per statement (see the module's docstring); None for
    any other note. When the first statement says what the term is (``AWS CLI`` → ``…を自動化する
    ためのツール``) and the others are facts about it, the definition keeps it as its answer (and its
    GUID) and a new cloze asks the others; else the note becomes the cloze (its kind changes, and so
    its GUID: the card now asks one item at a time, not the whole list)."""
    if note.kind not in (NoteKind.DEFINITION, NoteKind.BASIC):
        return None
    field = "Definition" if note.kind == NoteKind.DEFINITION else "Answer"
    answer = note.get(field, "").strip()
    statements = statement_items(answer)
    if statements is None:
        return None
    prompt = note.prompt.strip()
    context = note.get("Context", "")
    details = "".join(note.get(name, "") for name in ("Details", "Example"))
    tag = "ol" if answer.startswith("<ol>") else "ul"
    first, subs, _ = statements[0]
    rest = statements[1:]
    if (
        note.kind == NoteKind.DEFINITION
        and not subs
        and tag == "ul"
        and not _labelled(_plain(prompt))
        and _says_what_it_is(_plain(first))
    ):
        gaps = [text for own, below, _ in rest for text in (own, *below)]
        # when every item names a thing (``…への名前解決`` ×3), they are parallel parts, not a
        # definition and facts about it: the cloze asks them all
        # nor when the first ends like the second (``…へのアクセス`` twice): one item of a set, not a definition
        parallel = parallel_phrases(_plain(first), _plain(rest[0][0])) or _parallel_means(
            _plain(first), _plain(rest[0][0])
        )
        if len(gaps) >= 2 and not parallel and not all(_says_what_it_is(_plain(gap)) for gap in gaps):
            definition = replace(
                note, fields=tuple((name, first if name == field else value) for name, value in note.fields)
            )
            plain_gaps = [" ".join(_plain(gap).split()) for gap in gaps]
            if any(clause_gap(gap) for gap in plain_gaps) and all(
                clause_gap(gap) or len(gap) >= MIN_LONG_GAP_CHARS for gap in plain_gaps
            ):
                # the other statements are whole clauses (``…を共有することができる``) or long phrases,
                # no term or figure among them: a gap each would ask a line to recite word for word,
                # so the definition shows them in its Details
                own = note.get("Details", "")
                fields = tuple(
                    (name, _statement_details(rest, own) if name == "Details" else value)
                    for name, value in definition.fields
                )
                return (replace(definition, fields=fields),)
            key = "\x1f".join(sorted(fold(_plain(gap)) for gap in gaps))
            cloze = _as_cloze(note, statement_cloze_text(prompt, rest, tag), details, context, key)
            return definition, cloze
    return (_as_cloze(note, statement_cloze_text(prompt, statements, tag), details, context),)


# ------------------------------------------------------------------------------------------------
# a key phrase in a sentence point
# ------------------------------------------------------------------------------------------------


_OKURIGANA = "ちりきけげせえれびぎじひみ"
"""A kana that ends a verb stem inside a compound noun (``待ち時間``, ``取り扱い``): between two kanji,
it makes one word."""


def key_phrase(item: str, others: list[str], context: str) -> str | None:
    """The one phrase a gap asks in a point written as a whole Japanese sentence (``欠点: DNS`` →
    ``…DNSサーバーへの接続には少し遅延が生じる。``): the noun phrase its first sentence's claim ends
    on (:data:`~ankigen.extract.vocabulary.KEY_PHRASE_PREDICATE`: ``遅延``), once the modal tail
    (``…可能性があります``) is cut. None when the point cites an example of its claim (the example
    names the outcome), the claim ends on no such phrase, the phrase is a word
    any point could end on (``必要``, ``可能``), shows twice in the point, or shows in a sibling point
    (``others``) or in the ``context`` (the card would give it away)."""
    text = _plain(item)
    if not has_cjk(text) or "{{c" in item or KEY_PHRASE_EXAMPLE.search(text):
        return None  # an example of the claim (``DDoS attack の例で``) names what the gap would hide
    ends = _sentence_ends(item)
    first = _plain(item[: ends[0]]) if ends else text
    claim = re.sub(r"[。．.!！]+$", "", first.strip())
    while True:
        cut = KEY_PHRASE_MODAL_ENDING.sub("", claim).rstrip("、 ")
        if cut == claim:
            break
        claim = cut
    match = KEY_PHRASE_PREDICATE.search(claim)
    if match is None:
        return None
    phrase = match.group("phrase")
    before = claim[max(0, match.start() - 2) : match.start()]
    if len(before) == 2 and before[1] in _OKURIGANA and re.match(r"[\u3400-\u9fff]", before[0]):
        return None  # ``待ち時間``: the phrase is the tail of a compound, cut at its okurigana
    folded = fold(phrase)
    if len(phrase) < 2 or folded in FUNCTION_WORDS or phrase in KEY_PHRASE_STOP_WORDS or phrase.isascii():
        return None
    if text.count(phrase) != 1 or any(folded in fold(_plain(other)) for other in others):
        return None
    if folded in fold(context):
        return None
    return phrase


_TRAILING_ASIDE = lazy_compile(r"\s*(?:[(（][^()（）]*[)）]\s*)+$")


def advice_phrase(sentence: str, headings: str) -> str | None:
    """The one phrase a gap asks in an advice bullet with no name to hide (``…強力なパスワード
    ポリシーを適用する``, ``…最小権限で実行する``): the noun phrase its claim ends on as the method or
    thing to use (:data:`~ankigen.extract.vocabulary.ADVICE_METHOD_ENDING`), once a bracketed aside
    at its end is cut. None when the sentence is no Japanese advice ending so, cites an example, the
    phrase is the tail of a longer name (``TCP ロードバランサー``) or compound (``待ち時間``), a word any
    advice could end on (``利用``, ``設定``), shows twice in the sentence, or shows in the ``headings``
    (the card would give it away)."""
    text = sentence.strip()
    if "{{c" in text or KEY_PHRASE_EXAMPLE.search(text):
        return None
    if not has_cjk(text):
        return _english_advice_phrase(text, headings)
    claim = _TRAILING_ASIDE.sub("", re.sub(r"[。．.!！]+$", "", text)).strip()
    claim = re.sub(r"[。．.!！]+$", "", claim)
    match = ADVICE_METHOD_ENDING.search(claim)
    if match is None:
        other = ADVICE_PICKED.match(claim) or ADVICE_NEVER.match(claim)
        if other is None:
            return None
        phrase = other.group("phrase").strip("・／")
        if phrase in ADVICE_GENERIC_NOUNS or fold(phrase) in FUNCTION_WORDS or phrase in KEY_PHRASE_STOP_WORDS:
            return None
        if text.count(phrase) != 1 or fold(phrase) in fold(headings):
            return None
        return phrase
    phrase = match.group("phrase").strip("・／")
    before = claim[: match.start()]
    if re.search(r"[A-Za-z0-9_)\]）-]\s*$", before):
        return None  # ``HTTP(S) と TCP ロードバランサー``: the tail of a longer name
    if re.search(r"(?:や|と|、|,|・|または|もしくは|及び|および)\s*$", before):
        return None  # ``テンプレートエンジンやフレームワーク``: one of things side by side
    if len(before) >= 2 and before[-1] in _OKURIGANA and re.match(r"[\u3400-\u9fff]", before[-2]):
        return None  # ``待ち時間``: the phrase is the tail of a compound, cut at its okurigana
    folded = fold(phrase)
    if len(phrase) < 2 or folded in FUNCTION_WORDS or phrase in KEY_PHRASE_STOP_WORDS:
        return None
    if phrase in ADVICE_GENERIC_NOUNS:
        return None
    if text.count(phrase) != 1 or folded in fold(headings):
        return None
    return phrase


def _english_advice_phrase(text: str, headings: str) -> str | None:
    """The thing an English advice bullet says to use, and what for (``Use a secrets manager to
    …``): one to four words, no pronoun nor joiner, said once and not in the headings; else None."""
    match = ADVICE_USE_EN.match(text)
    if match is None:
        return None
    phrase = match.group("phrase")
    words = phrase.lower().split()
    if any(word in ADVICE_EN_STOP_WORDS for word in words) or len(phrase) < 3:
        return None
    if fold(text).count(fold(phrase)) != 1 or fold(phrase) in fold(headings):
        return None
    return phrase


def points_html(answer: str) -> list[str] | None:
    """The top-level items (HTML, a ``<p>`` around one unwrapped) of ``answer`` when it is one list
    with nothing nested; else None."""
    match = re.fullmatch(r"<(ul|ol)>(.*)</\1>", answer.strip(), re.DOTALL)
    items = _top_items(match.group(2)) if match else None
    if not items or any(re.search(r"<(?:ul|ol)>", item) for item in items):
        return None
    return [re.sub(r"^<p>(.*)</p>$", r"\1", item.strip(), flags=re.DOTALL).strip() for item in items]


def gap_phrase(item: str, phrase: str, number: int) -> str | None:
    """``item`` (HTML) with ``phrase`` hidden in gap ``number``, when it shows once in its text
    outside tags; else None."""
    pieces = re.split(r"(<[^<>]+>)", item)
    hits = [index for index, piece in enumerate(pieces) if not piece.startswith("<") and phrase in piece]
    if len(hits) != 1 or pieces[hits[0]].count(phrase) != 1:
        return None
    pieces[hits[0]] = pieces[hits[0]].replace(phrase, cloze_gap(number, phrase))
    return "".join(pieces)
