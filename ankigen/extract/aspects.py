"""Near-duplicates by subject and aspect: a later card that asks the same thing of the same subject.

A card asks one *aspect* (what it is, its 監視レベル, its 記録内容 …) of one *subject* (a service,
a term, a table row's entity). Notes written by people repeat themselves: the same service comes
back under another name (``AWS Trusted Advisor`` after ``Trusted Advisor``, ``IAM Identity Center``
after ``AWS IAM Identity Center（旧称 AWS SSO）``, ``VPCフローログ`` after ``VPC Flow Logs``), a section is
pasted twice, a comparison table repeats a column another table already has under a near-synonym
(``速さ`` / ``処理の速さ``), a list of differences asks again what a definition above said.

Two cards are about the same subject when their names agree once folded, with their bracketed
asides and vendor prefixes (:data:`~ankigen.extract.vocabulary.VENDOR_PREFIXES`) left out, through
the other names the same file gives in brackets (``X（Y）``, ``X（旧称 Y）``, also at the opening of a
definition's answer: ``継続的インテグレーション（CI）は…``), or when the names
differ only by one part written in katakana in one and in Latin letters in the other with the same
consonants (a slash joining two parts as a word break, and a last word that only says what kind of
thing it is left off either: ``ブルー/グリーンデプロイメント`` / ``Blue/Green アーキテクチャ``).
A product name spaced otherwise (``Cloud Trail``, its ``Cloud`` kept though it is a vendor prefix) is
the same name as ``AWS CloudTrail``.
Two nested terms under two different owners (``BeforeAllowTraffic`` under EC2 and under
Lambda) are two subjects. They ask the same aspect when the aspect labels agree (one holds the
other: ``速さ`` / ``処理の速さ``; a later ``レベル: L3/L4`` after ``監視レベル: ネットワーク`` asks
the same thing again, and its rejection quotes the figure it adds), when both ask what the thing is
(a bare front, ``説明``, ``特徴``, ``目的と機能の違い``:
:data:`~ankigen.extract.vocabulary.DEFINING_ASPECTS`), or when the later card's back is mostly the
earlier one's (:data:`~ankigen.extract.vocabulary.REPEAT_BACK_RATIO`).
Two columns of one table row are two aspects unless their values are the same.

The earlier card is kept (it keeps its GUID), unless it is a one-line mention and the later one a
definition several times as rich (the term's own section after a list of choices that names it).
The other one is rejected as ``near-duplicate``, its
message naming the kept line and quoting the lines of its back that the kept card does not say,
so a fact it adds is never dropped silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ankigen.patterns import lazy_compile

from .common import GROUP_ONE, file_scoped, fold, has_cjk, is_letter_key, names_a_thing
from .vocabulary import (
    ASPECT_GROUP_ENDINGS,
    DEFINING_ASPECTS,
    FORMER_NAME_MARKS,
    INLINE_LIST_STOP_WORDS,
    MAX_NAME_CHARS,
    MIN_CELL_WORDS,
    MIN_REPEATED_PAIRS,
    MIN_REPEATED_WORDS,
    MIN_TRANSLITERATED_SKELETON,
    NO_SUBJECT_WORDS,
    REPEAT_BACK_RATIO,
    RICHER_RATIO,
    TRANSLITERATED_KIND_ENDINGS,
    VENDOR_PREFIXES,
)

__all__ = ["Asking", "added_lines", "answer_name", "family_item", "kana_skeleton", "latin_skeleton", "repeats"]


@dataclass(frozen=True, slots=True)
class Asking:
    """What one card asks, for finding a later card that asks it again: ``subject`` the name it
    is about as written (a front, a row's entity, the term a label belongs to), ``aspect`` what it
    asks of it ('' for what it is), ``owner`` the term above it that it is part of ('' for none),
    ``back`` its answer as plain text (one line per line), ``details`` the lines its Details show,
    ``row`` the table row it comes from, ``place`` the headings (and owning bullets) it sits under,
    ``owners`` the names it belongs to below the headings, nearest first (the bullet terms and the
    bullet sentences' names above it: subjects.owner_path)."""

    index: int
    subject: str
    aspect: str
    owner: str
    back: str
    details: str = ""
    row: tuple[int, int] | None = None
    place: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    shown: str = ""
    """The part of ``back`` the card keeps on its back when the rest moves to its Details ('' for
    all of it): what a later card is compared with, since a Details line is asked by no card."""


_ASIDE = lazy_compile(r"[(（]([^()（）]*)[)）]")
_SPLIT_GLOSS = lazy_compile(r"\s*[/／;；]\s*")
_NOT_A_NAME = lazy_compile(r"[、,，。]|など|etc|e\.g\.|例")
_NUMBER = lazy_compile(r"\d+(?:[.,]\d+)?")


@file_scoped
@lru_cache(maxsize=8192)  # the same names again: a file's headings, subjects and owners, each read twice
def _core(name: str) -> str:
    """A name as compared: folded, bracketed asides and a vendor prefix left out, no spaces. A
    short option keeps its case: ``-m`` and ``-M`` are two options; so does a one-letter key
    (``o`` and ``O``, ``:w`` and ``:W`` of an editor's key table)."""
    words = (fold(_ASIDE.sub(" ", name)) or fold(name)).split()
    if _SHORT_OPTION.search(name) or is_letter_key(name):
        return "".join(unicodedata.normalize("NFKC", _ASIDE.sub(" ", name) or name).split())
    while len(words) > 1 and words[0] in VENDOR_PREFIXES:
        words = words[1:]  # ``AWS Trusted Advisor``, ``Google Cloud Storage``
        if len(words[0]) > 2 and words[0].startswith("の"):
            words[0] = words[0][1:]  # ``AWS のサービスコントロールポリシー``: the vendor's X is X
    while len(words) > 1 and words[-1] in _SCRIPT_KIND_WORDS and any(char.isascii() for char in words[0]):
        words = words[:-1]  # ``cfn-signal ヘルパー スクリプト`` is ``cfn-signal``: a tool named, then its kind
    return "".join(words)


_SCRIPT_KIND_WORDS = frozenset(
    {"スクリプト", "ヘルパー", "ヘルパースクリプト", "script", "helper", "コマンド", "command"}
)


_GLOSS_AFTER = lazy_compile(r"\s*[:：]\s+")


def answer_name(answer: str) -> str:
    """An answer as a name, for telling the same answer written twice: the name before a gloss
    (``ExpressRoute: not through public internet``), as compared (``Azure ExpressRoute`` ->
    ``expressroute``); an answer that is no name gives its core whole."""
    name = _GLOSS_AFTER.split(answer, maxsplit=1)[0]
    return _core(name) or _core(answer)


def _glosses(name: str) -> list[str]:
    """The other names a front gives in brackets: a former name (``X（旧称 AWS SSO）``), a
    translation (``起動テンプレート (Launch Template)``) or an expansion (``EFS (Elastic File
    System)``). A bracket of examples (``c5, c6など``), a sentence, or another name in the same
    script that is no expansion (``Account Factory (AWS Service Catalog)``: what it is built on)
    gives none."""
    if "(" not in name and "（" not in name:
        return []  # (no bracket: nothing for :data:`_ASIDE` to find, and nothing below to read)
    found: list[str] = []
    base = _ASIDE.sub(" ", name).strip()
    bare = _unbranded(base)  # ``Amazon EFS (Elastic File System)``: EFS is what the bracket expands
    for inner in _ASIDE.findall(name):
        for part in _SPLIT_GLOSS.split(inner.strip()):
            text = part.strip(" :：")
            former = False
            for mark in FORMER_NAME_MARKS:
                if fold(text).startswith(mark):
                    text, former = text[len(mark) :].strip(" :："), True
                    break
            if not text or _NOT_A_NAME.search(text) or len(text) > MAX_NAME_CHARS:
                continue
            if former or has_cjk(text) != has_cjk(base) or _expands(text, bare) or _expands(bare, text):
                found.append(text)
    return found


def _unbranded(name: str) -> str:
    """A name without its vendor prefix (``Amazon EFS`` -> ``EFS``), as written."""
    words = name.split()
    while len(words) > 1 and fold(words[0]) in VENDOR_PREFIXES:
        words = words[1:]
    return " ".join(words)


def _expands(short: str, long: str) -> bool:
    """Whether ``short`` is the initials of ``long`` (``EFS`` / ``Elastic File System``)."""
    letters = "".join(short.split()).lower()
    initials = "".join(word[0] for word in re.split(r"[\s/-]+", long) if word[:1].isalpha()).lower()
    return len(letters) >= 2 and letters == initials


def _alias_map(names: Iterable[str]) -> dict[str, str]:
    """Each other name a bracket gives (its core) -> the core of the name it glosses; one that
    glosses two different names (``(推奨)``) is no name of either."""
    targets: dict[str, set[str]] = {}
    for name in names:
        main = _core(name)
        for gloss in _glosses(name):
            alias = _core(gloss)
            if alias and main and alias != main:
                targets.setdefault(alias, set()).add(main)
    return {alias: next(iter(mains)) for alias, mains in targets.items() if len(mains) == 1}


def _canonical(name: str, aliases: dict[str, str]) -> str:
    core = _core(name)
    seen = [core]
    for _ in range(3):  # ``A (B)`` and ``B (C)``: C is A
        if core not in aliases:
            break
        core = aliases[core]
        if core in seen:
            # ``MAC (Media Access Control)`` and ``Media Access Control (MAC)`` gloss each other: both
            # names stand for one, the same whichever the chain starts from
            return min(seen)
        seen.append(core)
    return core


# consonants of katakana, as a loan word spells them in Latin letters (vowels, y, w, h dropped)
_KANA_ROWS = {
    "k": "カキクケコガギグゲゴ",  # g read as k: ``グ`` / ``g`` and ``ク`` / ``c`` both agree
    "s": "サシスセソザジズゼゾ",
    "t": "タチツテトダヂヅデド",
    "n": "ナニヌネノン",
    "f": "フ",
    "b": "バビブベボパピプペポヴ",
    "m": "マミムメモ",
    "r": "ラリルレロ",
}
_KANA_CONSONANT = {kana: consonant for consonant, row in _KANA_ROWS.items() for kana in row}
_LATIN_SOUNDS = (
    ("ph", "f"),
    ("gh", ""),
    ("ck", "k"),
    ("th", "s"),
    ("sh", "s"),
    ("ch", "t"),
    ("x", "ks"),
    ("q", "k"),
    ("c", "k"),
    ("g", "k"),
    ("j", "s"),
    ("z", "s"),
    ("d", "t"),
    ("p", "b"),
    ("v", "b"),
    ("l", "r"),
)
_KATAKANA_RUN = lazy_compile(r"[\u30a1-\u30faー]+")
_LATIN_WORD = lazy_compile(r"[a-z0-9]+")
_NOT_CONSONANT = lazy_compile(r"[aeiouyhw0-9]")
_REPEATED = lazy_compile(r"(.)\1+")
_NOT_LATIN = lazy_compile(r"[^a-z0-9\s.-]")


def kana_skeleton(text: str) -> str:
    """The consonants of katakana, a repeat counted once (``ビルド`` -> ``brt``, ``ログ`` -> ``rk``)."""
    return _REPEATED.sub(GROUP_ONE, "".join(_KANA_CONSONANT.get(char, "") for char in text))


# the same words again for every katakana name they are compared with, mostly within a file: at
# 8,192 it held about one word a file to the end of a large vault (4,800 at 16x the bench vault),
# for a few per cent more hits on the seeds and tune files (issue 14)
@lru_cache(maxsize=256)
def latin_skeleton(word: str) -> str:
    """The consonants of a Latin word as katakana would spell them (``build`` -> ``brt``)."""
    text = word.lower()
    if len(text) > 3 and text.endswith("s"):
        text = text[:-1]  # a plural: ``Logs`` / ``ログ``
    for spelled, sound in _LATIN_SOUNDS:
        text = text.replace(spelled, sound)
    text = _NOT_CONSONANT.sub("", text)
    return _REPEATED.sub(GROUP_ONE, text)


def _kana_form(folded: str) -> tuple[tuple[str, ...], str] | None:
    """A name (``folded``: without its bracketed asides, folded) written partly in katakana, as its
    Latin words and the consonants of its katakana (``VPCフローログ`` -> ``("vpc",)``, ``frk``); None
    for a name with kanji or hiragana (a translation, not a spelling) or without katakana."""
    if not _KATAKANA_RUN.search(folded):
        return None
    rest = _KATAKANA_RUN.sub(" ", folded)
    if has_cjk(rest) or _NOT_LATIN.search(rest):
        return None
    skeleton = kana_skeleton("".join(_KATAKANA_RUN.findall(folded)))
    return tuple(_LATIN_WORD.findall(rest)), skeleton


@file_scoped
@lru_cache(maxsize=8192)  # a Latin name's other words, again for each katakana name sharing a word with it
def _latin_form(words: tuple[str, ...]) -> str:
    return _REPEATED.sub(GROUP_ONE, "".join(latin_skeleton(word) for word in words))


def _long_enough(kana: tuple[tuple[str, ...], str]) -> bool:
    """A short skeleton (``bkt``: バケット, API Gateway) matches by chance, unless a word is shared too."""
    shared, skeleton = kana
    return len(skeleton) > MIN_TRANSLITERATED_SKELETON or (
        len(skeleton) == MIN_TRANSLITERATED_SKELETON and bool(shared)
    )


def _spelled_alike(kana: tuple[tuple[str, ...], str], words: Sequence[str]) -> bool:
    """Whether a Latin name (its words) is the katakana name spelled in Latin letters: its own
    Latin words shared, the other words with the same consonants (``VPCフローログ`` / ``VPC Flow
    Logs``, ``パイロットライト`` / ``Pilot Light``), and the skeleton long enough (:func:`_long_enough`)."""
    shared, skeleton = kana
    remaining = list(words)
    for word in shared:
        if word not in remaining:
            return False
        remaining.remove(word)
    return _long_enough(kana) and _latin_form(tuple(remaining)) == skeleton


def _aspect_of_group(owner: str) -> str | None:
    """The aspect a grouping parent asks (``監視対象の違い`` -> ``監視対象``), or None when the owner
    is a subject its items are part of."""
    folded = fold(owner).rstrip(" :：")
    for ending in ASPECT_GROUP_ENDINGS:
        if folded.endswith(ending) and len(folded) > len(ending):
            return folded[: -len(ending)].strip()
    return None


def _family(group: str, subject: str) -> bool:
    """Whether a grouping parent's aspect (``amazon kinesis シリーズ`` of ``…の比較``) names the family
    its item belongs to, not an aspect: a word of it (Latin, or a katakana run, three letters or
    more) is in the item's name (``Kinesis Data Streams``; ``ゲートウェイの比較`` over
    ``ファイルゲートウェイ``). Its items then ask what each member is."""
    words = {word for word in _LATIN_WORD.findall(group) if len(word) >= 3 and word not in VENDOR_PREFIXES}
    if words & set(_LATIN_WORD.findall(fold(subject))):
        return True
    return any(len(run) >= 3 and run in fold(subject) for run in _KATAKANA_RUN.findall(group))


_ASPECT_PARTS = lazy_compile(r"\s*(?:と|・|、|,|/|&|\band\b)\s*")


def _defining(aspect: str) -> bool:
    """Whether an aspect asks what the thing is: none, or only words such as 説明, 目的, 機能."""
    folded = fold(aspect).strip(" :：?？")
    if not folded:
        return True
    parts = [part for part in _ASPECT_PARTS.split(folded) if part]
    return bool(parts) and all(part in DEFINING_ASPECTS for part in parts)


_SHORT_OPTION = lazy_compile(r"(?<![\w-])-[A-Za-z0-9](?![\w-])")
"""A short option of a command (``-m``, ``-M``): its letter's case is part of it."""


def _options_differ(one: str, other: str) -> bool:
    """Whether two texts name short options that differ, if only in case (``-m [n]``, ``-M [n]``),
    or are one-letter keys that differ in case (``n`` and ``N``)."""
    if is_letter_key(one) and is_letter_key(other):
        return one.strip() != other.strip()
    mine, theirs = _SHORT_OPTION.findall(one), _SHORT_OPTION.findall(other)
    return bool(mine) and bool(theirs) and mine != theirs


def _same_aspect(one: str, other: str) -> bool:
    if _options_differ(one, other):
        return False
    first, second = ("".join(fold(text).strip(" :：?？").split()) for text in (one, other))
    if first == second:
        return True
    if "".join(fold(_ASIDE.sub(" ", one)).split()) == "".join(fold(_ASIDE.sub(" ", other)).split()):
        return False  # ``VTL`` and ``VTL(S3 Glacier Deep Archive)``: a bracket qualifies one of them
    if _defining(one) and _defining(other):
        return True
    shorter, longer = sorted((first, second), key=len)
    if len(shorter) < 2 or shorter not in longer:
        return False
    if shorter.isascii() and longer.isascii():
        # ``RAM`` and ``VRAM``: Latin letters inside another word are another name, not the same aspect
        words = sorted((" ".join(fold(text).strip(" :：?？").split()) for text in (one, other)), key=len)
        return re.search(rf"(?<![a-z0-9]){re.escape(words[0])}(?![a-z0-9])", words[1]) is not None
    return True


_LETTER = lazy_compile(r"[^\W_]")


@file_scoped
@lru_cache(maxsize=1024)  # each back against every other back of a file: each asked many times
def _pairs(text: str) -> frozenset[str]:
    folded = fold(text)
    if not has_cjk(folded):
        return frozenset(_LATIN_WORD.findall(folded))
    squeezed = "".join(_LETTER.findall(unicodedata.normalize("NFKC", folded)))
    return frozenset(squeezed[index : index + 2] for index in range(len(squeezed) - 1))


def _contained(inner: str, outer: str) -> float:
    pairs = _pairs(inner)
    return len(pairs & _pairs(outer)) / len(pairs) if pairs else 0.0


def _says_again(back: str, earlier: str) -> bool:
    """Whether a back is mostly an earlier back: long enough to be a statement (``O(n)`` beside
    ``O(n)`` is two facts that happen to agree), most of its pairs in the earlier, and of each of
    its lines, its numbers too."""
    pairs = _pairs(back)
    if len(pairs) < (MIN_REPEATED_PAIRS if has_cjk(back) else MIN_REPEATED_WORDS):
        return False
    if len(pairs & _pairs(earlier)) / len(pairs) < REPEAT_BACK_RATIO or not _numbers_said(back, earlier):
        return False
    # and no line of it says something new (``Needs a cloud: no`` beside a repeated first line)
    return all(_contained(line, earlier) >= REPEAT_BACK_RATIO for line in back.splitlines() if _pairs(line))


def _numbers_said(inner: str, outer: str) -> bool:
    said = _NUMBER.findall(outer)
    return all(number in said for number in _NUMBER.findall(inner))


@dataclass(frozen=True, slots=True)
class _Entry:
    asking: Asking
    name: str
    owner: str
    aspect: str
    place: tuple[str, ...]
    owners: tuple[str, ...] = ()
    family: str = ""
    """The comparison of a family the card is an item of (``Amazon Kinesis シリーズの比較``), else ''."""


def _place(asking: Asking) -> tuple[str, ...]:
    """The headings a card sits under, folded."""
    return tuple(part for part in (fold(part) for part in asking.place) if part)


def _settled(place: tuple[str, ...]) -> tuple[str, ...]:
    """A place without catch-all headings (``Other``, ``その他``)."""
    return tuple(part for part in place if part not in NO_SUBJECT_WORDS)


_PROPER = lazy_compile(r"[A-Z]|[a-z][-_.][a-z]|\d")


def _one_place(entry: _Entry, other: _Entry) -> bool:
    """Whether two cards of one name are in one place: one's headings inside the other's; or, for
    a proper name (``Trusted Advisor``, ``cfn-init``: capitals, a joined identifier, a figure),
    once catch-all headings are left out, since a product's name means the same thing in an
    ``Other`` section. A common word there (``stash`` under ``Misc``) may mean something else."""
    if _nested(entry.place, other.place):
        return True
    proper = any(_PROPER.search(_ASIDE.sub("", item.asking.subject)) for item in (entry, other))
    return proper and _nested(_settled(entry.place), _settled(other.place))


def _nested(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether one place is inside the other (or the same): a term under two unrelated headings
    (``ステージ`` of API Gateway and of CodePipeline) may name two things."""
    shorter, longer = sorted((one, other), key=len)
    return longer[: len(shorter)] == shorter


def repeats(asked: Sequence[Asking], names: Iterable[str] = (), title: str = "") -> dict[int, tuple[int, str]]:
    """The cards that ask again what an earlier card asks: each one's index -> the kept card's
    index and a message (saying what it adds, if anything). ``asked`` in build order; ``names``:
    every other name the file writes with a bracketed gloss, for the other names it gives;
    ``title``: what the whole file is about (its top heading or front-matter title), whose own
    terms mean one thing in every section of it."""
    opened = [name for name in map(_opening_name, asked) if name]
    aliases = _alias_map(
        [*names, title, *opened, *(asking.subject for asking in asked), *(asking.owner for asking in asked)]
    )
    about = _title_names(title, aliases)
    entries: list[_Entry] = []
    for asking in asked:
        group = _aspect_of_group(asking.owner) if asking.owner else None
        family = ""
        if group and _family(group, asking.subject):
            group = ""  # ``Amazon Kinesis シリーズの比較`` over ``Kinesis Data Streams``: what each member is
            family = asking.owner
        aspect = asking.aspect or (group or "")
        owner = "" if group is not None else _canonical(asking.owner, aliases) if asking.owner else ""
        name = _canonical(asking.subject, aliases)
        if name:
            entries.append(_Entry(asking, name, owner, aspect, _place(asking), _owners(asking, name, aliases), family))
    # the earlier cards each card may repeat: the same name, or the same name spelled in katakana
    by_name: dict[str, list[_Entry]] = {}
    for entry in entries:
        by_name.setdefault(entry.name, []).append(entry)
    spelled = _spellings(entries)
    for name, others in _prefixed(entries, set(by_name)).items():
        spelled.setdefault(name, set()).update(others)
    peers = {
        id(entry): [other for name in (entry.name, *spelled.get(entry.name, ())) for other in by_name[name]]
        for entry in entries
    }
    # two names in two unrelated places are one subject once a pair of their cards says the same
    confirmed = {
        (entry.name, entry.place, other.name, other.place)
        for entry in entries
        for other in peers[id(entry)]
        if other is not entry
        and not _same_row(entry, other)
        and (_says_again(entry.asking.back, other.asking.back) or _file_subject(entry, other, about))
    }
    found: dict[int, tuple[int, str]] = {}
    kept: set[int] = set()
    serving: set[int] = set()  # kept cards that another card was rejected for
    moved: list[tuple[_Entry, _Entry]] = []  # (earlier, later) where the later, fuller one was kept
    for entry in entries:
        earlier = [other for other in peers[id(entry)] if id(other) in kept]
        repeated = next((other for other in earlier if _repeats(entry, other, confirmed)), None)
        if repeated is None:
            kept.add(id(entry))
        elif id(repeated) not in serving and _richer(entry, repeated):
            # a one-line mention first (a list of choices), the term's own section later: keep that
            kept.discard(id(repeated))
            kept.add(id(entry))
            serving.add(id(entry))
            found[repeated.asking.index] = (entry.asking.index, _message(repeated, entry, fuller=True))
            moved.append((repeated, entry))
        else:
            serving.add(id(repeated))
            found[entry.asking.index] = (repeated.asking.index, _message(entry, repeated))
    _pair_follows(entries, moved, found)
    return found


def _pair_follows(
    entries: Sequence[_Entry], moved: Sequence[tuple[_Entry, _Entry]], found: dict[int, tuple[int, str]]
) -> None:
    """Two terms an author defines side by side (``cfn-hup`` / ``cfn-init``) and defines again side by
    side in a later place: where one of them is asked from the later place (a fuller definition),
    its neighbour is asked from there too, not from the earlier place. The two definitions of one
    place were written together and contrast each other; a card from each place can mix two
    versions (the earlier place swapping the two, the later correcting it), teaching one term's
    meaning under the other's name. The earlier neighbour is then the one explained."""
    position = {id(entry): number for number, entry in enumerate(entries)}
    for earlier, later in moved:
        pairs = [
            (old, new)
            for old in _neighbours(entries, position[id(earlier)], earlier)
            for new in _neighbours(entries, position[id(later)], later)
            if old.name == new.name != earlier.name
        ]
        for old, new in pairs:
            if found.get(new.asking.index, (None,))[0] != old.asking.index or old.asking.index in found:
                continue  # the later neighbour was not dropped for the earlier one
            if old.aspect or new.aspect or old.asking.row is not None or new.asking.row is not None:
                continue
            del found[new.asking.index]
            lead = (
                f"a later place defines {old.asking.subject!r} again beside {earlier.asking.subject!r}, whose"
                " fuller definition is asked from there: both are asked from that place"
            )
            found[old.asking.index] = (new.asking.index, _message(old, new, lead=lead))
            for index, (kept, said) in list(found.items()):
                if kept == old.asking.index:
                    found[index] = (new.asking.index, said)


def _neighbours(entries: Sequence[_Entry], number: int, beside: _Entry) -> list[_Entry]:
    """The entries just before and after ``number`` that are in the same place as ``beside``."""
    found = (entries[at] for at in (number - 1, number + 1) if 0 <= at < len(entries))
    return [entry for entry in found if entry.place == beside.place and entry.owner == beside.owner]


def _owners(asking: Asking, name: str, aliases: dict[str, str]) -> tuple[str, ...]:
    """The names a card belongs to, as compared, nearest first: only names of things (``HTTP API``,
    ``Amazon RDS``, ``Lambda関数``: a capital, a digit or a joined identifier, no particle), not a
    label or a topic phrase (``設定項目``, ``Lambda関数の呼び出し``, ``監視対象の違い``), nor the card's
    own subject (a label card's owner is what it asks about)."""
    found: list[str] = []
    for owner in asking.owners:
        if not names_a_thing(owner):
            continue
        core = _canonical(owner, aliases)
        if core and core != name and core not in found:
            found.append(core)
    return tuple(found)


def _title_names(title: str, aliases: dict[str, str]) -> tuple[str, ...]:
    """The file's title as compared (``mediaaccesscontrol``) and the names it gives in brackets
    (``mac``), each as the name it stands for."""
    if not title.strip():
        return ()
    return tuple(dict.fromkeys(name for name in (_canonical(title, aliases), _core(title)) if name))


def _file_subject(entry: _Entry, other: _Entry, about: Sequence[str]) -> bool:
    """Two cards of one name, both defining it, where the name is what the file's title is about
    (``適合率`` in a file titled ``適合率再現率F値``, ``Media Access Control`` under ``# Media Access
    Control (MAC)``): under two of the file's sections it is still the one thing the file is about,
    not a common word that a section's subject gives another meaning. Two nested terms (an owner
    each) are left to their owners."""
    if entry.owner or other.owner or not _defining(entry.aspect) or not _defining(other.aspect):
        return False
    name = entry.name
    return len(name) >= 2 and any(name == title or (has_cjk(name) and name in title) for title in about)


def _richer(entry: _Entry, other: _Entry) -> bool:
    """Whether a later definition says much more than the earlier one it repeats: the earlier is
    one line, the later several and at least RICHER_RATIO times as long (both bare terms)."""
    if entry.aspect or other.aspect or entry.asking.row is not None or other.asking.row is not None:
        return False
    lines = [line for line in entry.asking.back.splitlines() if line.strip()]
    earlier = [line for line in other.asking.back.splitlines() if line.strip()]
    # several lines, or one line of several sentences (``…を読み取り適用します。これにより、…``)
    several = len(lines) > 1 or len(_SENTENCE_BREAK.findall(entry.asking.back.strip())) >= 1
    one = len(earlier) == 1 and not _SENTENCE_BREAK.search(other.asking.back.strip())
    return one and several and len(entry.asking.back) >= RICHER_RATIO * len(other.asking.back)


_SENTENCE_BREAK = lazy_compile(r"[。．！？](?=\s*\S)|[.!?]\s+(?=[A-Z])")


_OPENING_GLOSS = lazy_compile(r"\s*([(（][^()（）]{1,30}[)）])")


def _opening_name(asking: Asking) -> str:
    """The name a definition's back opens with when it is the card's own subject followed by a
    bracketed other name (``継続的インテグレーション（CI）は…`` under ``継続的インテグレーション``):
    that bracket names the same thing as any card written under the other name (``CI``); else ''."""
    subject = _ASIDE.sub(" ", asking.subject).strip()
    back = asking.back.lstrip()
    if not subject or _ASIDE.search(asking.subject) or not back.startswith(subject):
        return ""
    gloss = _OPENING_GLOSS.match(back, len(subject))
    return subject + gloss.group(1) if gloss else ""


def _prefixed(entries: Sequence[_Entry], known: set[str]) -> dict[str, set[str]]:
    """Name -> the other names of the file that are the same name with a leading word that is also
    a vendor prefix kept and joined (``Cloud Trail``, whose core drops ``Cloud``, and ``AWS
    CloudTrail``): the spacing of a product name does not make it another product."""
    found: dict[str, set[str]] = {}
    for entry in entries:
        words = fold(_ASIDE.sub(" ", entry.asking.subject)).split()
        for start in range(len(words) - 1):
            if words[start] not in VENDOR_PREFIXES:
                break
            form = "".join(words[start:])
            if form != entry.name and form in known:
                found.setdefault(entry.name, set()).add(form)
                found.setdefault(form, set()).add(entry.name)
    return found


def _spellings(entries: Sequence[_Entry]) -> dict[str, set[str]]:
    """Name -> the other names of the file that spell it in katakana where it has Latin letters,
    or the other way round (``vpcフローログ`` <-> ``vpcflowlogs``). Latin names are looked up by
    their consonants, or by a word they share with the katakana name."""
    kana: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    latin: dict[str, list[list[str]]] = {}
    for entry in entries:
        if entry.name in kana or entry.name in latin:
            continue
        variants = _spelling_variants(entry.asking.subject)
        forms = [form for form in map(_kana_form, variants) if form is not None]
        if forms:
            kana[entry.name] = forms
        # a Latin name, or a Latin name before a kind word (``Blue/Green アーキテクチャ``)
        spellings = [_LATIN_WORD.findall(variant) for variant in variants if not has_cjk(variant)]
        if spellings and not _KATAKANA_RUN.search(variants[-1]):
            latin[entry.name] = spellings
    if not kana:
        return {}  # (no katakana name: nothing to look up, and only the loop below adds to ``found``)
    by_skeleton: dict[str, list[str]] = {}
    by_word: dict[str, list[str]] = {}
    word_sets: dict[str, set[str]] = {}
    for name, spellings in latin.items():
        word_sets[name] = {word for words in spellings for word in words}
        for words in spellings:
            names = by_skeleton.setdefault(_latin_form(tuple(words)), [])
            if name not in names:
                names.append(name)
        for word in sorted(word_sets[name]):
            by_word.setdefault(word, []).append(name)
    found: dict[str, set[str]] = {}
    for kana_name, forms in kana.items():
        for form in forms:
            shared, skeleton = form
            if not _long_enough(form):
                continue  # no Latin name is spelled alike (:func:`_spelled_alike`)
            # a Latin name spelled alike has every shared word: of the names with the rarest of them
            # (each list is in the same order, the file's), those with all of them
            names = (
                min((by_word.get(word, []) for word in shared), key=len) if shared else by_skeleton.get(skeleton, [])
            )
            wanted = set(shared)
            for latin_name in names:
                if wanted <= word_sets[latin_name] and any(_spelled_alike(form, words) for words in latin[latin_name]):
                    found.setdefault(kana_name, set()).add(latin_name)
                    found.setdefault(latin_name, set()).add(kana_name)
    return found


_NAME_SLASH = lazy_compile(r"\s*[/／]\s*")


def _spelling_variants(subject: str) -> list[str]:
    """A subject as compared for its spelling: folded, without its bracketed asides, the parts a
    slash joins as words (``ブルー/グリーン`` / ``Blue/Green``), and again without a last word that
    only says what kind of thing it is (:data:`~ankigen.extract.vocabulary.TRANSLITERATED_KIND_ENDINGS`)."""
    spaced = _NAME_SLASH.sub(" ", fold(_ASIDE.sub(" ", subject))).strip()
    variants = [spaced]
    for ending in TRANSLITERATED_KIND_ENDINGS:
        if not spaced.endswith(ending):
            continue
        rest = spaced[: -len(ending)]
        if ending.isascii() and not rest.endswith(" "):
            continue  # ``redeploy``: a Latin kind word is a word of its own
        if rest.strip():
            variants.append(rest.strip())
        break
    return variants


def _same_row(entry: _Entry, other: _Entry) -> bool:
    return entry.asking.row is not None and entry.asking.row == other.asking.row


def _repeats(entry: _Entry, other: _Entry, confirmed: set[tuple[str, tuple[str, ...], str, tuple[str, ...]]]) -> bool:
    """Whether ``entry`` asks again what the earlier ``other`` (a card of the same name) asks."""
    if entry.owner and other.owner and entry.owner != other.owner:
        return False  # the same term under two owners: ``BeforeAllowTraffic`` of EC2 and of Lambda
    if _options_differ(entry.aspect, other.aspect):
        return False  # ``chage › -m [n]`` and ``chage › -M [n]``: two options of one command, two facts
    back, earlier_back = entry.asking.back, other.asking.shown or other.asking.back
    if not back or not earlier_back or _same_row(entry, other):
        return False  # two columns of one row ask two aspects
    if _says_again(back, earlier_back):
        return True
    if _variants(entry, other):
        return False  # ``ボリュームゲートウェイ(Stored)`` and ``(Cached)`` side by side: two things
    if _other_owners(entry, other):
        return False  # ``マルチ-AZ`` of RDS and of ElastiCache: one name, two things, two facts
    one_subject = _one_place(entry, other) or (entry.name, entry.place, other.name, other.place) in confirmed
    if one_subject and entry.asking.row is not None and other.asking.row is None and _cell_said(back, earlier_back):
        return True  # ``VPCピアリング › 対象サービス: VPC間の通信`` after a definition that says so
    # two labels of which one only holds the other (``速さ`` / ``処理の速さ``, ``レベル`` / ``監視レベル``)
    # are one column named twice: a later cell that brings a figure the earlier does not say
    # (``レベル: L3/L4`` after ``監視レベル: ネットワーク``) asks the same question again, and its
    # rejection quotes that figure, so the fact it adds is in the explain line, not lost
    return one_subject and _same_aspect(entry.aspect, other.aspect)


def _variants(entry: _Entry, other: _Entry) -> bool:
    """Two names of one core that differ in a bracketed qualifier, in one place: variants an author
    lists side by side (``ボリュームゲートウェイ(Stored)`` and ``(Cached)``, ``VTL`` and ``VTL(S3
    Glacier Flexible Retrieval)``), not one thing named twice. A bracket that gives another name of
    the thing (``EFS (Elastic File System)``, a translation) qualifies nothing."""
    if entry.place != other.place:
        return False
    mine = {fold(aside) for aside in _ASIDE.findall(entry.asking.subject) if not _examples(aside)}
    theirs = {fold(aside) for aside in _ASIDE.findall(other.asking.subject) if not _examples(aside)}
    if mine == theirs:
        return False
    if mine and theirs:
        return True  # two different brackets on one name: two variants of it
    named = entry if mine else other
    glosses = [fold(gloss) for gloss in _glosses(named.asking.subject)]
    return not all(any(gloss in aside for gloss in glosses) for aside in mine or theirs)


_EXAMPLE_MARKS = lazy_compile(r"など|等|例|\betc\b|\be\.g\.|\bsuch as\b|\bincl")


def _examples(aside: str) -> bool:
    """Whether a bracket lists members of a name (``R系 (r5, r6など)``, ``NoSQL (e.g. DynamoDB)``):
    it qualifies nothing, the name is the same thing with or without it."""
    return bool(_EXAMPLE_MARKS.search(fold(aside)))


_KEY_RUN = lazy_compile(r"[\u4e00-\u9fff\u30a0-\u30ffー々]{2,}|[a-z][a-z0-9-]+")


def _cell_said(cell: str, earlier: str) -> bool:
    """Whether a short table cell says nothing the earlier definition of its entity does not: each
    of its words (CJK: each run of kanji or katakana), MIN_CELL_WORDS or more, is in that back, and
    so are its numbers. Too short for :func:`_says_again` to weigh, the cell still only restates it."""
    words = [word for word in _KEY_RUN.findall(fold(cell)) if word not in INLINE_LIST_STOP_WORDS]
    said = fold(earlier)
    return len(words) >= MIN_CELL_WORDS and all(word in said for word in words) and _numbers_said(cell, earlier)


def _other_owners(entry: _Entry, other: _Entry) -> bool:
    """Whether two cards of one name belong to two different things below the headings: both sit
    under bullets that name a thing (a term, a sentence about a name), and the nearest of each is
    none of the other's, nor part of one by name (``ルート`` under ``HTTP API › 設定項目`` and under
    ``WebSocket API › 設定項目``; ``マルチ-AZ`` under ``Amazon RDS`` and under a bullet sentence about
    ``Amazon ElastiCache for Redis``). A card with no owner below the headings may be about either,
    so it is left to the other rules."""
    if not entry.owners or not other.owners:
        return False
    return not _related(entry.owners[0], other.owners) and not _related(other.owners[0], entry.owners)


def _related(owner: str, owners: Sequence[str]) -> bool:
    """Whether an owner is one of ``owners`` or part of one by name (``EC2`` / ``EC2 Auto Scaling``,
    ``Lambda`` / ``Lambda関数``): an owner under another, or a feature of it, is that thing too."""
    return any(owner in other or other in owner for other in owners)


def family_item(asking: Asking) -> bool:
    """Whether a card is an item of a comparison of its own family (``Kinesis Data Analytics`` under
    ``Amazon Kinesis シリーズの比較``): what it says is why to pick it among the others, not what it is."""
    group = _aspect_of_group(asking.owner) if asking.owner else None
    return bool(group) and _family(group or "", asking.subject)


def added_lines(back: str, said: str) -> list[str]:
    """The lines of ``back`` that ``said`` (what the card kept shows) does not say: a line is added
    when the kept card says little of it, or not its figures (``L3/L4`` beside ``ネットワーク``)."""
    return [
        line.strip()
        for line in back.splitlines()
        if line.strip() and (_contained(line, said) < REPEAT_BACK_RATIO or not _numbers_said(line, said))
    ]


def _message(entry: _Entry, other: _Entry, fuller: bool = False, lead: str = "") -> str:
    """What the rejection says: which card asks this again (``lead``, if given), and the lines of
    its back that the card kept does not say (none lost silently)."""
    asked = entry.asking.subject + (f" › {entry.aspect}" if entry.aspect else "")
    added = added_lines(
        entry.asking.back + "\n" + entry.asking.details, other.asking.back + "\n" + other.asking.details
    )
    if lead:
        message = lead
    elif fuller:
        message = f"a later, fuller definition asks {asked!r} again"
    elif entry.family:
        # an item of ``Amazon Kinesis シリーズの比較``: what it says of the member is not what the
        # earlier card asks, so the message names the comparison rather than "the same aspect"
        message = f"an item of the comparison {entry.family!r}; an earlier card already asks what {asked!r} is"
    elif _same_aspect(entry.aspect, other.aspect):
        message = f"an earlier card already asks {asked!r} (the same subject, the same aspect)"
    else:
        message = f"an earlier card about {entry.asking.subject!r} already says this"
    if added:
        shown = " / ".join(line[:60] for line in added[:3]) + (" …" if len(added) > 3 else "")
        message += f"; what this one adds stays in the notes: {shown}"
    return message
