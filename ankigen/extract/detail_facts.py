"""Limits in Details: a child bullet that states a number with its unit as a limit or a default
(``最大5個まで``, ``デフォルトで2回まで``, ``up to 15 minutes``) becomes a cloze hiding that quantity.

A term's child bullets that are no card of their own end in its Details, which are shown but never
asked; numbers and limits are what exams ask, and what readers of such cards found missing most
often. The bullet keeps its wording, the quantity is the gap (``c1``; a second limit in the same
bullet is ``c2``, so each card hides one), and the term above it is the card's subject (the
selection pass shows it in Context). Only a bullet nothing else used, with a term above it, that
is no example, step or scenario, reads as a sentence and is at most
:data:`~ankigen.extract.vocabulary.MAX_DETAIL_FACT_CHARS` long; a number with no limit word
(``1つのLambda関数で``) is left visible unless it is the bullet's only quantity and carries a unit.
A bullet that says what a setting is by default with no number (``…はデフォルトでプライベートになる``,
``…はデフォルトでは IAM 認可で保護される``, ``New queues are encrypted by default.``) becomes a cloze on
that value (:func:`default_gap`): one sentence, a short value that is no clause, no negation.
A bullet with no limit but one short 「quoted」 key phrase (``レスポンスヘッダ「X-Amz-Function-Error」が
設定される``) becomes a cloze on that phrase the same way, unless it quotes its own subject, several
names (a list to recite), an example, or a phrase its own child bullets name again (the gap would
show in the Details); a bullet that sums up or contrasts the one before (``つまり、…``) is left alone.
A bullet in Japanese that names one thing in Latin script, an identifier (``$LATEST``,
``ReceiptHandle``) or a product name of two words or more (``Amazon CloudWatch``), becomes a cloze
on that name, unless the name opens the bullet (its topic), is one of a list, shows in the subject
or the headings or elsewhere in the bullet, or the bullet is an example or a step of a procedure.
The later sentences of a definition paragraph, which the selection pass moves off the back into
its Details (``answer-too-long``), are asked the same way when one holds a key phrase (a `code`
name, a limit, a 「quoted」 phrase or such a name) that does not open it. One with no key phrase whose
topic is the term (``Xは…``, ``Xを使用すると…``, ``XをAとBの間に配置することで…``) is a cloze hiding the
name; under the term's own heading it is asked under the headings above, unless it only says again
what the term is (a noun and a copula). One with no topic that says what the term suits
(``特に、…ケースに適しています``) is asked as ``Term › 適した用途``.
A child bullet of two or more sentences is read a sentence at a time (:func:`_bullet_sentences`):
each sentence with such a key phrase is a cloze of its own, the term in Context, the other
sentences in Details. Key phrases also include the names a sentence counts (``AとBの 2 つのX``:
:func:`counted_gaps`) and product names listed before ``など`` and a particle (``…Amazon S3、Amazon
Redshift などへ…``: :func:`such_as_gaps`), a gap per name; an interval (``5分間隔``) is a limit, and a
name the sentence spells in katakana as well (``カナリア… Canary``) is no key.
A bullet that numbers the items of an enumeration inside its one sentence (``…との違いは 2 つ、
1)…点、2)…点です``, ``①…②…``, ``… two ways: (a) …, and (b) …``) becomes one cloze with a gap per item
(:func:`enumeration_gaps`), when each item is a short clause and the sentence says before the
first mark what they are; not the steps of a procedure or examples.
A Japanese bullet that says what must be done or cannot be (``…にXをインストールする必要がある``,
``…にXは設定できない``, ``…はXしかできない``, ``AとBが…されることはない``) becomes a cloze on the noun
its closing verb binds (:func:`obligation_gap`): one sentence, at most a case clause before it
(``…の場合、``), not a plain word (``処理``) nor a noun a clause qualifies (``耐故障性のある…``).
A bullet with no such gap that only says what its term is used for (``主に…を実現するために使用``,
``…できるようにするため``, ``Used to …``) is asked as ``Term › 用途`` / ``Term › use``
(:func:`purpose_clause`); not a reason (``…できないため``), a bullet that first says what the term is,
or three or more uses in one breath (a list to recite).
A ``Term : text`` bullet among the points a bare label lists (``- その他の機能`` over two bare names and
``- X : what X is``) is asked as ``Owner › Term``, the owner being the list item above the label
(:func:`_term_in_list`); not in a list of mostly labelled parts, whose own extractors ask them.
Everything else stays in the Details with its ``in-details`` explain line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

from ankigen.patterns import HTML_TAG, lazy_compile

from ..model import Document, Inline, ListBlock, ListItem, NoteKind, Paragraph, Section, inline_html, inline_text
from . import Candidate, ExtractContext, register
from .clozes import cloze_key, split_sentences
from .common import (
    HIRAGANA,
    NUMBER,
    children_html,
    clean_term,
    cloze_gap,
    fold,
    has_cjk,
    is_label_phrase,
    iter_items,
    looks_like_term,
    may_open_with,
    names_a_thing,
    plain_html,
    prose_owners,
    split_definition,
    study_sections,
)
from .lead_in_lists import lead_in_sentence
from .outline import Node
from .recital import first_facts
from .tags import breadcrumb
from .vocabulary import (
    COMPARATIVE_EN,
    COMPARISON_MARKS_JA,
    COMPARISON_OTHER_JA,
    CONNECTIVE_OPENINGS_EN,
    CONNECTIVE_OPENINGS_JA,
    CONTRAST_MARKS_JA,
    COUNT_ANNOUNCEMENT,
    DEFAULT_VALUE_MAX_CHARS,
    EXAMPLE_OPENING,
    INLINE_ENUMERATION_MARKS,
    LEAD_IN,
    LEANS_DETAIL_FACT,
    LIMIT_AFTER,
    LIMIT_BEFORE,
    LIMIT_UNITS_JA,
    LIMIT_UNITS_LATIN,
    LIST_LEAD_IN_EXCLUDED,
    LIST_RUN_ADVERBS_JA,
    LIST_RUN_MAX_ITEMS,
    LIST_RUN_MAX_TAIL_CHARS,
    LOOSE_QUOTED_WORD,
    MAX_CLOZE_GAP_CHARS,
    MAX_DETAIL_FACT_CHARS,
    MAX_LIST_GAP_CHARS,
    MAX_LIST_GAP_WORDS,
    MAX_LIST_GAPS,
    MAX_QUOTED_GAP_CHARS,
    MAX_RUN_ITEM_CHARS,
    NAME_PREFIX_WORDS,
    NAMING_MARKS_EN,
    NAMING_MARKS_JA,
    NAMING_STOP_WORDS_EN,
    NUMBERED_STEP,
    ONLY_WHEN_EN,
    ONLY_WHEN_JA,
    PURPOSE_ASPECT_EN,
    PURPOSE_ASPECT_JA,
    PURPOSE_VERBS_JA,
    SENTENCE_ASPECTS_EN,
    SENTENCE_ASPECTS_JA,
    SUITED_ASPECT_JA,
)

_MAX_GAPS = 2
_CONNECTIVE = lazy_compile(
    "^(?:" + "|".join(map(re.escape, sorted(CONNECTIVE_OPENINGS_JA, key=len, reverse=True))) + r")[、,，]\s*"
    "|^(?:" + "|".join(sorted(CONNECTIVE_OPENINGS_EN, key=len, reverse=True)) + r")\b,?\s*",
    re.IGNORECASE,
)
"""A connective opening a sentence (``また、``, ``However,``): what follows it may still point back."""
_COUNTERS = ("つ", "個", "台", "件")
"""Counters that, with no limit word, count things in passing (``2つの方法``), not a limit."""
_UPPER_BEFORE = ("最大", "上限", "up to", "at most", "maximum of", "max", "no more than", "limited to")
_UPPER_AFTER = ("まで", "以内", "未満", "単位", "ごと", "毎", "間隔")


@cache
def _quantity() -> re.Pattern[str]:
    """A number and its unit, not part of a name (``EC2``, ``IPv4``, ``S3``) or a date."""
    latin = "|".join(LIMIT_UNITS_LATIN)
    japanese = "|".join(sorted(map(re.escape, LIMIT_UNITS_JA), key=len, reverse=True))
    return re.compile(
        rf"(?<![A-Za-z0-9_.\-/:$#])(?P<number>{NUMBER})"
        rf"(?P<unit>\s?(?:{latin})(?![A-Za-z])|\s?(?:{japanese})(?!隔))"  # ``5分間隔``: 分, then 間隔
        rf"(?:\s?[〜~～\-]\s?(?:{NUMBER})(?:\s?(?:{latin})(?![A-Za-z])|\s?(?:{japanese}))?)?"
    )


def _one(number: str) -> bool:
    return number in ("0", "1")


def _marked(text: str, start: int, end: int, one: bool) -> bool:
    """Whether the quantity at ``text[start:end]`` is a limit or a default by the words around it.
    ``1 つ以上`` / ``at least 1`` only mean "some": a one is a limit by an upper bound or a step."""
    before = text[max(0, start - 14) : start].rstrip(" ,、").casefold()
    after = text[end : end + 6].lstrip()
    if one:
        return before.endswith(_UPPER_BEFORE) or after.startswith(_UPPER_AFTER)
    return before.endswith(tuple(word.casefold() for word in LIMIT_BEFORE)) or after.startswith(LIMIT_AFTER)


def limit_gaps(text: str) -> list[tuple[int, int]]:
    """Where the limits of a sentence are (start, end), at most :data:`_MAX_GAPS` of them: the
    quantities with a limit word beside them, else the sentence's only quantity; [] when none."""
    found = [
        match
        for match in _quantity().finditer(text)
        if not re.match(r"\d{4}年", match.group(0)) and not text[: match.start()].rstrip().endswith(("年", "月"))
    ]
    marked = [(m.start(), m.end()) for m in found if _marked(text, m.start(), m.end(), _one(m.group("number")))]
    if marked:
        return marked[:_MAX_GAPS]
    if len(found) == 1 and not _one(found[0].group("number")) and found[0].group("unit").strip() not in _COUNTERS:
        return [(found[0].start(), found[0].end())]
    return []


_DEFAULT_JA = lazy_compile(
    r"(?:デフォルト|既定|初期設定|初期状態)(?:では|の設定では|の状態では|だと|で)、?\s*"
    rf"(?P<value>[^\s、。，,（(「][^、。，,（()）「」]{{0,{DEFAULT_VALUE_MAX_CHARS - 1}}}?)\s*(?:で|に|と)\s*"
    r"(?P<predicate>[^、。，,]{1,14}?)[。．]?$"
)
_DEFAULT_EN = lazy_compile(
    r"^(?:by default,\s+(?P<subject1>[^,;]{2,60}?)\s+(?:is|are)\s+(?P<value1>[A-Za-z][\w\-]*(?:\s[\w\-]+){0,2})"
    r"|(?P<subject2>[^,;]{2,60}?)\s+(?:is|are)\s+(?P<value2>[A-Za-z][\w\-]*(?:\s[\w\-]+){0,2})\s+by default)"
    r"\s*[.!]?$",
    re.IGNORECASE,
)
_JA_VERB_END = lazy_compile(r"(?:る|た|ます|ました|です)$")


def default_gap(text: str) -> list[tuple[int, int]]:
    """Where the default a sentence states is (``…のURLは、デフォルトでは IAM 認可で保護される``,
    ``…はデフォルトでプライベートになる``, ``Buckets are private by default.``), as a one-gap list: the
    short value between the default mark and the particle (or ``by default``) that ends on a verb.
    [] when the value is a clause (a particle other than ``の`` in it), a figure (a limit's gap),
    negated (``…になっていない``), an example, the text holds two defaults or more than one sentence."""
    if _EXAMPLE_MARK.search(text) or len(re.findall(r"デフォルト|既定|初期設定|初期状態|by default", text, re.I)) != 1:
        return []
    if re.search(r"[。！？:：]|[.!?]\s", text.strip().rstrip("。！？.!? ")):
        return []  # several sentences, or a label before its text: the default is one fact among others
    if has_cjk(text):
        match = _DEFAULT_JA.search(text.rstrip())
        if match is None:
            return []
        value, predicate = match.group("value").strip(), match.group("predicate").strip()
        if (
            HIRAGANA.search(value.replace("の", ""))
            or re.match(NUMBER, value)
            or not _JA_VERB_END.search(predicate)
            or re.search(r"ない|ません|ず$", predicate)
        ):
            return []
        start = match.start("value")  # the value opens on no space, and trailing ones go to the ``\s*`` after it
        return [(start, start + len(value))]
    match = _DEFAULT_EN.match(text.strip())
    if match is None:
        return []
    group = "value1" if match.group("value1") is not None else "value2"
    value = match.group(group)
    if re.match(r"(?:not|never|no|an?|the|used|set|called|\d)\b", value, re.IGNORECASE) or re.search(
        r"\bnot\b|n't\b", text, re.IGNORECASE
    ):
        return []  # a negation, a noun phrase or a passive: no one value to ask
    offset = len(text) - len(text.lstrip())
    return [(offset + match.start(group), offset + match.end(group))]


def _shown_default(text: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """:func:`default_gap`, unless the value shows in the subject or the headings (or twice in the
    sentence): hiding it would ask nothing."""
    gaps = default_gap(text)
    if not gaps:
        return []
    value = fold(text[gaps[0][0] : gaps[0][1]])
    if fold(text).count(value) != 1 or any(value in fold(part) or fold(part) in value for part in shown if part):
        return []
    return gaps


_QUOTED = lazy_compile(rf"「([^「」]{{2,{MAX_QUOTED_GAP_CHARS}}})」")
_EXAMPLE_MARK = lazy_compile(r"(?:例|e\.g\.|for example|such as)", re.IGNORECASE)


def quoted_gap(text: str, subject: str) -> list[tuple[int, int]]:
    """Where a sentence's one 「quoted」 key phrase is (inside the brackets), as a one-gap list;
    [] when it quotes none, two or more (a list of names to recite), its own subject (the answer
    would show in Context) or an example (``例：「…」``)."""
    found = list(_QUOTED.finditer(text))
    if len(found) != 1 or "「" in text[found[0].end() :] or "「" in text[: found[0].start()]:
        return []
    match = found[0]
    phrase = fold(match.group(1))
    if not phrase.strip() or phrase in fold(subject) or fold(subject) in phrase:
        return []
    if _EXAMPLE_MARK.search(text[max(0, match.start() - 6) : match.start()]):
        return []
    if LOOSE_QUOTED_WORD.fullmatch(phrase):
        return []  # ``「信頼できる」サーバー``: quotes set off a word used loosely (a verb or adjective), no name
    return [(match.start(1), match.end(1))]


_LATIN_NAME = lazy_compile(
    r"(?<![A-Za-z0-9_$\-.:/@#])[$A-Za-z][A-Za-z0-9_$\-.:/]*[A-Za-z0-9_$](?:\s[A-Z][A-Za-z0-9_$\-.]*[A-Za-z0-9_$])*"
    r"(?![A-Za-z0-9_$\-:/@#])"
)
_IDENTIFIER = lazy_compile(r"^\$|_|::|[a-z][A-Z]")
"""A name as code spells it (``$LATEST``, ``CAPABILITY_IAM``, ``ReceiptHandle``), not a word."""
_NAME_LIST = lazy_compile(r"^\s*(?:[、，,・/]|など|等|や|and\b|or\b)|[、，,・/]\s*$|(?:や|と)$")


def _a_name(name: str) -> bool:
    """A name a gap can ask: an identifier, or a product name of two words or more (``Amazon EBS``,
    ``AWS Security Hub``); a lone word (``SSH``, ``EC2``, ``Git``) is too common to be the fact."""
    return bool(_IDENTIFIER.search(name)) or (" " in name and name[0].isupper())


def _name_words(name: str) -> list[str]:
    """The words of a name that would give it away (``CloudWatch Logs Agent`` → cloudwatch, logs,
    agent), without a vendor prefix (``AWS``, ``Amazon``) many names share."""
    return [word for word in re.findall(r"[a-z0-9_$]{3,}", fold(name)) if word not in NAME_PREFIX_WORDS]


def named_gap(text: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where a Japanese sentence's one name is (``…暗黙的に $LATEST が呼び出される``,
    ``…引き続き Amazon EBS のストレージは課金される``), as a one-gap list; [] when the sentence is not
    Japanese or not one sentence, opens on the name (its topic, not a fact about it), names none or
    two or more (a list to recite), or a word of the name shows elsewhere in it or in ``shown``
    (its subject and headings): the answer would be on the card."""
    if not has_cjk(text) or re.search(r"[。！？].", text.rstrip("。！？ ")):
        return []
    squeezed = [re.sub(r"\s", "", fold(part)) for part in shown if part]
    names = [
        match
        for match in _LATIN_NAME.finditer(text)
        if not any(word in part for word in _name_words(match.group(0)) for part in squeezed)
    ]
    if len(names) != 1 or not _a_name(name := names[0].group(0)):
        return []
    start, end = names[0].span()
    elsewhere = fold(text[:start] + " " + text[end:])
    if not text[:start].strip() or any(word in elsewhere for word in _name_words(name)):
        return []  # the sentence's topic, or its answer shows beside the gap
    if _NAME_LIST.search(text[end:]) or _NAME_LIST.search(text[:start]):
        return []  # one of a list of names
    if _EXAMPLE_MARK.search(text) or len(re.sub(r"\W", "", text[:start] + text[end:])) < 12:
        return []  # an example, or a name with a few words around it: no statement
    return [(start, end)]


_SUBJECT_PARTS = lazy_compile(r"\s*[（(]\s*|\s*[)）]\s*|\s+/\s+|／")
_JA_TOPIC_AFTER = lazy_compile(
    r"^(?:\s?(?:は|では|が)(?![\u3040-\u309f])"  # ``ECRは…``, ``IAMでは、…``
    r"|[\u30a0-\u30ffA-Za-z]{1,12}(?:は|が)(?![\u3040-\u309f])"  # ``EBSボリュームは…``: a kind of the name
    r"|の[^、。をにへとで]{1,10}?(?:は|が)(?![\u3040-\u309f])"  # ``IAMの設定は…``: a part of the name
    r"|\s?を(?:使用|利用|使)(?:する|う)?(?:ことで|と)、?(?![\u3040-\u309f])"  # ``Xを使用することで、…できる``
    r"|\s?を[^。、をがは]{2,30}?に(?:配置|設置|導入)(?:する)?ことで、)"  # ``XをAとBの間に配置することで、…``
)
_EN_TOPIC_AFTER = lazy_compile(
    r"^\s(?:is|are|can|cannot|can't|does|doesn't|has|have|supports|stores|runs|uses|keeps|only|must|will)\b",
    re.IGNORECASE,
)


def subject_names(subject: str) -> list[str]:
    """The names a term goes by (``ネットワークACL (NACL)`` → ネットワークACL, NACL), longest first."""
    parts = [part.strip(" \u3000:：") for part in _SUBJECT_PARTS.split(subject)]
    # ``Amazon Kinesis Data Firehose`` goes by ``Kinesis Data Firehose`` as well
    parts += [part.split(None, 1)[1] for part in parts if " " in part and fold(part.split()[0]) in NAME_PREFIX_WORDS]
    return sorted({part for part in parts if len(part) >= 2}, key=lambda part: (-len(part), part))


def subject_gap(text: str, subject: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where a bullet names its own term as its topic (``ECRはイメージを非公開にできる``), as a
    one-gap list hiding that name; [] when the bullet does not open on the term (or one of its
    names) as a topic, names it again, is a question or an example, says too little after the
    name, or the name shows in ``shown`` (the headings on the card)."""
    plain = text.strip()
    if plain.endswith(("?", "？")) or EXAMPLE_OPENING.match(plain):
        return []
    names = subject_names(subject)
    squeezed = [re.sub(r"\s", "", fold(part)) for part in shown if part]
    lead = rf"(?:(?:{'|'.join(sorted(NAME_PREFIX_WORDS))})\s?)?"
    for name in names:
        if not may_open_with(lead, name.replace(" ", "")[:1], plain, re.IGNORECASE):
            continue  # the bullet does not open on the name's first character
        # ``Route 53`` for ``Route53``, ``AWS CodeStar`` for ``CodeStar``: the same name
        spelled = r"\s?".join(re.escape(char) for char in name.replace(" ", ""))
        found = re.match(lead + spelled, plain, re.IGNORECASE)
        if found is None:
            continue
        after = plain[found.end() :]
        topic = _JA_TOPIC_AFTER.match(after) if has_cjk(after[:3]) else _EN_TOPIC_AFTER.match(after)
        if topic is None:
            return []  # the name is an object or part of a longer word (``ECRを…``, ``ECRs``)
        rest = fold(after)
        if any(fold(other) in rest for other in names) or any(
            re.sub(r"\s", "", fold(other)) in part for other in names for part in squeezed
        ):
            return []  # the name shows again in the bullet or in the headings: the gap hides nothing
        if len(re.sub(r"\W", "", after)) < 10:
            return []  # a few words after the name: no statement
        return [(0, found.end())]
    return []


_JA_NAME_BEFORE = lazy_compile(
    r"(?:「([^「」]{2,30})」|([^\u3040-\u309f\s、。，,．：:；;（）()「」『』【】・/]+(?:\s[A-Za-z0-9][\w.\-]*)*))\s*$"
)
_JA_NAME_AFTER = lazy_compile(
    r"^[、，,]?\s*([^\u3040-\u309f\s、。，,．：:；;（）()「」『』【】・/]+(?:\s[A-Za-z0-9][\w.\-]*)*)(?=[をがはにでへも])"
)
_EN_QUOTED = lazy_compile(r"^\s*(?:[\"“']([^\"”']{2,40})[\"”']|`([^`]{2,40})`)")
_EN_WORD = lazy_compile(r"^\s*([A-Za-z0-9][A-Za-z0-9\-./+#]*)")


def _a_key_name(name: str) -> bool:
    """A name a gap may hide: a few characters or words, with a letter, not an adverb (``定期的``)."""
    plain = name.strip()
    if has_cjk(plain):
        return (
            2 <= len(plain) <= MAX_RUN_ITEM_CHARS and not plain.endswith("的") and bool(re.search(r"[^\W\d_]", plain))
        )
    return 1 <= len(plain.split()) <= MAX_LIST_GAP_WORDS and len(plain) >= 2 and bool(re.search(r"[A-Za-z]", plain))


def _naming_spans(text: str) -> list[tuple[int, int]]:
    """Where the names a sentence introduces are (``…シャードと呼ばれる…``, ``…units called shards``)."""
    spans: list[tuple[int, int]] = []
    for mark in NAMING_MARKS_JA:
        position = text.find(mark)
        if position > 0 and (found := _JA_NAME_BEFORE.search(text[:position])):
            group = 1 if found.group(1) else 2
            spans.append((found.start(group), found.end(group)))
            break
    for mark in NAMING_MARKS_EN:
        match = re.search(rf"\b{mark}\s+(?:(?:a|an|the)\s+)?", text, re.IGNORECASE)
        if match is None:
            continue
        after = text[match.end() :]
        quoted = _EN_QUOTED.match(after)
        if quoted:
            group = 1 if quoted.group(1) else 2
            spans.append((match.end() + quoted.start(group), match.end() + quoted.end(group)))
            break
        end = 0
        words = 0
        while words < MAX_LIST_GAP_WORDS and (word := _EN_WORD.match(after[end:])):
            token = word.group(1).rstrip(".")
            if token.casefold() in NAMING_STOP_WORDS_EN or word.group(1).casefold() in NAMING_STOP_WORDS_EN:
                break
            end += word.start(1) + len(token)
            words += 1
            if len(token) < len(word.group(1)):
                break  # a full stop ends the name
        if words:
            spans.append((match.end(), match.end() + end))
        break
    return spans


def _contrast_spans(text: str) -> list[tuple[int, int]]:
    """Where the thing a Japanese sentence picks over another is (``層ではなくフラット構造に…``,
    ``ARNの代わりに、エイリアスARNを使用できる``)."""
    if not has_cjk(text):
        return []
    for mark in CONTRAST_MARKS_JA:
        position = text.find(mark)
        if position <= 0:
            continue
        if mark.startswith("で") and text[:position].endswith("の"):
            return []  # ``…するのではなく``: two actions contrasted, not two names
        start = position + len(mark)
        found = _JA_NAME_AFTER.match(text[start:])
        if found is None:
            return []
        return [(start + found.start(1), start + found.end(1))]
    return []


_PRONOUNS_EN = frozenset({"it", "this", "that", "these", "those", "they", "which", "there", "one", "each"})


def _comparison_spans(text: str) -> list[tuple[int, int]]:
    """Where the thing a sentence rates above another is, when the sentence opens with it
    (``配列の方がリンクリストと比較して参照の局所性が優れている``, ``Arrays have better locality
    than linked lists``): the other side must be named after it (``Bと比較して``, ``than B``)."""
    if has_cjk(text):
        for mark in COMPARISON_MARKS_JA:
            position = text.find(mark)
            if position <= 0 or not any(other in text[position:] for other in COMPARISON_OTHER_JA):
                continue
            found = _JA_NAME_BEFORE.search(text[:position])
            if found is None or found.start() != 0:
                return []  # the name does not open the sentence: a clause, not the compared thing
            group = 1 if found.group(1) else 2
            return [(found.start(group), found.end(group))]
        return []
    found = COMPARATIVE_EN.match(text)
    if found is None or found.group("name").split()[0].casefold() in _PRONOUNS_EN:
        return []
    return [(found.start("name"), found.end("name"))]


def _condition_spans(text: str) -> list[tuple[int, int]]:
    """Where the one condition a sentence's fact holds under is (``クラスターモードで使う場合のみ…``,
    ``…available only in cluster mode``)."""
    found = ONLY_WHEN_JA.match(text) if has_cjk(text) else ONLY_WHEN_EN.search(text)
    if found is None or found.group("name").split()[0].casefold() in _PRONOUNS_EN:
        return []
    return [(found.start("name"), found.end("name"))]


def _key_opens(plain: str, gaps: list[tuple[int, int]]) -> bool:
    """Whether a key that opens its sentence is what the sentence asks (the thing a comparison
    rates higher, the condition it holds under), not only its topic."""
    return gaps == _comparison_spans(plain) or gaps == _condition_spans(plain)


def key_name_gap(text: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where a sentence's key name is, as a one-gap list: the name it introduces (``Xと呼ばれる``,
    ``called X``, ``known as X``) or the one it picks over another (``AではなくX``,
    ``Aの代わりにX``). [] when there is none, it is no short name, it shows again in the sentence or
    in ``shown`` (subject and headings: the answer would be on the card), the sentence spells it in
    katakana (``カナリア…Canary``: :func:`spelled_in_kana`), or little is left around it."""
    naming = _naming_spans(text)
    spans = naming or _contrast_spans(text) or _comparison_spans(text) or _condition_spans(text)
    if len(spans) != 1:
        return []
    start, end = spans[0]
    name = text[start:end].strip()
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end = start + len(name)
    if not _a_key_name(name):
        return []
    gaps = [(start, end)]
    if naming and has_cjk(text):
        # ``…シャードと呼ばれる単位に分割され、各シャードで…``: the name it introduces, then uses
        # again, is one gap at each place (the same number: one card hides it everywhere)
        gaps = [(found.start(), found.end()) for found in re.finditer(re.escape(name), text)]
        if not any(found == (start, end) for found in gaps):
            return []
    rest = text
    for gap_start, gap_end in reversed(gaps):
        rest = rest[:gap_start] + " " + rest[gap_end:]
    folded = re.sub(r"\s", "", fold(name))
    elsewhere = re.sub(r"\s", "", fold(rest))
    squeezed = [re.sub(r"\s", "", fold(part)) for part in shown if part]
    if folded in elsewhere or any(folded in part or (len(part) >= 2 and part in folded) for part in squeezed):
        return []
    if any(word in elsewhere for word in _name_words(name)) or len(re.sub(r"\W", "", rest)) < 8:
        return []
    if spelled_in_kana(name, rest):
        return []  # ``カナリア配布のときは Canary と呼ばれる…``: the sentence spells the name in katakana
    return gaps


_MODAL_END = lazy_compile(
    r"(?P<copula>である|で)?"
    r"(?:必要があ(?:る|ります)|必要です|必要となる|必要になる|なければならない|なければなりません"
    r"|(?:ことは|ことが)?できない|(?:ことは|ことが)?できません|ことはない|ことはありません"
    r"|(?<=[はが])(?:不可能|不可)(?:です|である)?)[。．.]?$"
)
"""A Japanese sentence's ending that says what must be done or cannot be (``…する必要がある``,
``…は設定できない``, ``…されることはない``, ``…ではXは不可能``: 不可能 / 不可 only right after the
particle of the noun it denies, never closing a noun as in ``…共有不可``)."""
_MODAL_VERB = lazy_compile(
    r"(?:[^\u3040-\u309f、。\s]+(?:の[^\u3040-\u309f、。\s]+)?\s?(?:と|に|へ)\s?)?"
    r"(?:[\u30a0-\u30ff\u4e00-\u9fffA-Za-z]+\s?に?(?:する|される|させる)?"
    r"|[\u4e00-\u9fff]{1,2}(?:(?![とにをがはでのも])[\u3040-\u309f][\u4e00-\u9fff])?(?![とにをがはでのも])[\u3040-\u309f]{1,2})?"
)
"""The closing verb of such a sentence, after the particle of its key noun: a noun verb
(``インストールする``, ``犠牲にされる``), a short verb (``作る``, ``呼び出す``) or none, after at most
one place it goes to (``他の柱と``)."""
_MODAL_PARTICLE = lazy_compile(r"(?:しか|を|は|が)")
_MODAL_CLAUSE_BEFORE = ("場合", "とき", "時", "では", "には")
"""What may close the one clause before a comma of such a sentence: the case it holds in."""
_MODAL_GAP_SUFFIX = ("以外", "のみ", "だけ")
_MODAL_PLAIN_NOUNS = frozenset(
    (
        *("処理", "こと", "もの", "設定", "操作", "利用", "使用", "作成", "変更", "管理", "対応", "実行"),
        *("確認", "必要", "注意", "場合", "データ", "情報", "機能", "方法", "作業", "内容", "値", "結果"),
        *("権限", "対象", "条件", "ため"),
    )
)
"""Words too plain to be what such a sentence asks (``動的な処理はできない``, ``注意が必要``)."""
_NOT_NOUN = lazy_compile("[\u3040-\u309f、。，,：:；;（）()「」『』【】・/\"']")
"""What a noun such a sentence asks does not hold: kana (particles, endings), punctuation."""
_CLAUSE_ENDS = ("る", "た", "い", "な", "う", "す", "く", "ぬ")
"""Last letters of a clause that qualifies the noun after it (``耐故障性のある…``, ``動的な…``)."""


def _noun_before(head: str, end: int, opens: int) -> int:
    """Where the noun that ends at ``end`` of ``head`` starts (no earlier than ``opens``)."""
    start = end
    while start > opens and not _NOT_NOUN.match(head[start - 1]):
        start -= 1
    return start


_EN_MUST = lazy_compile(
    r"\bmust (?:always |also )?(?:use|have|include|contain|specify|be associated with) "
    r"(?:(?:a|an|the|the same|at least one|exactly one) )?"
    r"(?P<noun>[A-Za-z][\w./-]*(?: [A-Za-z][\w./-]*){0,2}?)"
    r"(?= (?:for|to|in|on|with|before|after|when|if|as|at|across|within)\b|[.;]?$)"
)
"""An English statement of what something must use or have (``must use a wildcard mask``): the noun."""
_EN_NOT_KEY = frozenset(("it", "them", "this", "that", "these", "those", "one", "some", "any", "same", "permission"))


def _english_obligation(text: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    if re.search(r"[.!?]\s+\S", text.rstrip(". ")) or "?" in text or len(text.split()) > 16:
        return []  # more than one sentence, a question, a passage
    found = _EN_MUST.search(text)
    if found is None or found.group("noun").lower() in _EN_NOT_KEY:
        return []
    noun = found.group("noun")
    folded = fold(noun)
    rest = fold(text[: found.start("noun")] + " " + text[found.end("noun") :])
    if re.search(rf"\b{re.escape(folded)}\b", rest) or any(folded in fold(part) for part in shown if part):
        return []
    if len(rest.split()) < 3:
        return []
    return [found.span("noun")]


def obligation_gap(text: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the key noun of a Japanese sentence that says what must be done or cannot be is, as a
    gap list: the object or subject the closing verb binds (``EC2 に CodeDeploy エージェントを
    インストールする必要がある`` → CodeDeploy エージェント, ``NLB にセキュリティグループは設定できない``
    → セキュリティグループ, ``論理演算は AND しかできない`` → AND, ``名前は一意である必要がある`` → 一意),
    two gaps for two nouns joined by ``と`` (``AとBが…されることはない``). [] for any other sentence,
    more than one sentence or clause (a comma after anything but the case it holds in), a noun a
    clause qualifies (``耐故障性のあるワークロードを…``: the key is the clause), a plain word
    (``処理``, ``注意``), a verb in the closing part that takes a clause of its own, or a noun that
    shows in ``shown`` (subject and headings) or elsewhere in the sentence."""
    if not has_cjk(text):
        return _english_obligation(text, shown)
    if re.search(r"[。！？].", text.rstrip("。！？ ")):
        return []
    modal = _MODAL_END.search(text)
    if modal is None:
        return []
    head = text[: modal.start()]
    clauses = re.split(r"[、，,]", head)
    if len(clauses) > 2 or (len(clauses) == 2 and not clauses[0].rstrip().endswith(_MODAL_CLAUSE_BEFORE)):
        return []
    opens = len(head) - len(clauses[-1])
    if modal.group("copula"):
        end = len(head.rstrip())  # ``…一意である必要がある``: the noun before the copula
    else:
        particles = [found for found in _MODAL_PARTICLE.finditer(head, opens) if found.start() > opens]
        if not particles:
            return []
        particle = particles[-1]
        verb = head[particle.end() :].strip()
        # the closing verb: a noun with する/される (``インストールする``), a short verb (``呼び出す``)
        # or none (``結合ができない``), after at most one place it goes to (``他の柱と``);
        # a clause of its own (``…を条件とする``) is no such verb
        if not _MODAL_VERB.fullmatch(verb):
            return []
        end = particle.start()
    start = _noun_before(head, end, opens)
    while start < end and head[start].isspace():
        start += 1
    while end > start and head[end - 1].isspace():
        end -= 1
    noun = head[start:end]
    for suffix in _MODAL_GAP_SUFFIX:
        if noun.endswith(suffix) and len(noun) > len(suffix):
            noun, end = noun[: -len(suffix)], end - len(suffix)
    if len(noun) < 2 or noun in _MODAL_PLAIN_NOUNS or noun.isdigit():
        return []
    before = head[:start].rstrip()
    if before.endswith(_CLAUSE_ENDS):
        return []  # a noun a clause qualifies: the key is the clause
    gaps = [(start, end)]
    if before.endswith("と"):
        # ``AとBが…``: the noun joined by と is asked too
        first_end = len(before) - 1
        first = _noun_before(head, first_end, opens)
        name = head[first:first_end].strip()
        if len(name) >= 2 and name not in _MODAL_PLAIN_NOUNS and not head[:first].rstrip().endswith(_CLAUSE_ENDS):
            gaps.insert(0, (first_end - len(name), first_end))
    squeezed = [re.sub(r"\s", "", fold(part)) for part in shown if part]
    rest = text
    for gap_start, gap_end in reversed(gaps):
        rest = rest[:gap_start] + " " + rest[gap_end:]
    elsewhere = re.sub(r"\s", "", fold(rest))
    for gap_start, gap_end in gaps:
        folded = re.sub(r"\s", "", fold(text[gap_start:gap_end]))
        if folded in elsewhere or any(folded in part or part in folded for part in squeezed if part):
            return []  # the answer shows beside the gap, in the subject or in the headings
    if len(re.sub(r"\W", "", rest)) < 8:
        return []
    return gaps


def leans_on_before(text: str) -> bool:
    """Whether a sentence points back (``その…``) or sums up or contrasts the one before it."""
    return LEANS_DETAIL_FACT.match(text) is not None


def _reads_as_fact(text: str) -> bool:
    if has_cjk(text):
        return len(text) >= 10
    return len(text.split()) >= 5


def _subject_node(context: ExtractContext, item: ListItem) -> Node | None:
    node = context.outline.node(item)
    if node.roles.example or node.roles.step or node.roles.scenario or not node.subject:
        return None
    return node


def _emit(
    context: ExtractContext, section: Section, item: ListItem, asked: str, parent: ListItem | None = None
) -> bool:
    text = item.text
    plain = " ".join(text.split())
    if "\n" in text.strip() or len(plain) > MAX_DETAIL_FACT_CHARS or not _reads_as_fact(plain):
        return False
    if LEANS_DETAIL_FACT.match(plain) or any(
        part.kind == "code" for part in item.inlines if any(c.isdigit() for c in part.text)
    ):
        return False
    if any(part.kind not in ("text", "code", "strong", "em", "mark") for part in item.inlines):
        return False  # links, images, line breaks: keep the sentence as the Details show it
    if fold(plain) in asked:
        return False  # another card's answer is this bullet (a label's only child): it is asked already
    gaps = limit_gaps(plain)
    node = _subject_node(context, item)
    quoted = not gaps and node is not None and bool(gaps := quoted_gap(plain, node.subject))
    if not gaps and node is not None and (found := _shown_default(plain, (node.subject, *section.path))):
        # the value a setting takes by default (``…はデフォルトでプライベートになる``), hidden like a phrase
        quoted, gaps = True, found
    in_steps = _in_steps(context, parent)
    if not gaps and node is not None and not in_steps:
        # a name in a Japanese sentence (``…暗黙的に $LATEST が呼び出される``), hidden like a quoted
        # phrase; not in a step of a procedure (the tool a step uses is no fact about the term)
        quoted = bool(gaps := named_gap(plain, (node.subject, *section.path)))
    if not gaps and node is not None and not in_steps and not leans_on_before(_CONNECTIVE.sub("", plain)):
        # the name the bullet introduces (``…と呼ばれる``, ``called …``) or picks over another (``…ではなく``)
        quoted = bool(gaps := key_name_gap(plain, (node.subject, *section.path)))
    if not gaps and node is not None and not in_steps:
        # the names of a run closed by ``など`` (``…Amazon S3、Amazon Redshift などへ直接転送でき…``)
        quoted = bool(gaps := such_as_gaps(plain, (node.subject, *section.path)))
    if not gaps and node is not None and not in_steps and not leans_on_before(_CONNECTIVE.sub("", plain)):
        # what must be done or cannot be (``…にXをインストールする必要がある``, ``…にXは設定できない``):
        # the noun the closing verb binds
        quoted = bool(gaps := obligation_gap(plain, (node.subject, *section.path)))
    if not gaps and node is not None and not in_steps and not leans_on_before(_CONNECTIVE.sub("", plain)):
        return _purpose_note(context, section, item, node.subject, plain, asked)
    if not gaps or node is None:
        return False
    answers = [plain[start:end] for start, end in gaps]
    numbers = [re.match(NUMBER, answer) for answer in answers]
    if any(plain.count(answer) != 1 for answer in answers) or any(
        not quoted
        and (number is None or len(re.findall(rf"(?<![\d.,]){re.escape(number.group(0))}(?![\d.,]\d)", plain)) != 1)
        for number in numbers
    ):
        # the quantity shows again in the sentence (``…Every1Minutes（1分ごと…``): the gap hides nothing
        return False
    if quoted and fold(answers[0]) in fold(HTML_TAG.sub(" ", html.unescape(children_html(item)))):
        return False  # the Details under it name the phrase again: the gap would show on the card
    rest = plain
    for start, end in reversed(gaps):
        rest = rest[:start] + rest[end:]
    if len(re.sub(r"\W", "", rest)) < 8:
        return False  # the number is almost the whole bullet: a value, not a sentence
    fields = {"Text": _gapped(plain, gaps), "Details": children_html(item)}
    owner = _owner_term(context, parent) if _key_opens(plain, gaps) else ""
    if owner and fold(owner) != fold(node.subject):
        # a condition or a comparison says nothing without what it is about: the bullet's parent
        # is a definition whose term the outline does not see (``Xは、…`` as a sentence)
        fields["Context"] = _item_context(context, section, item, owner)
    context.emit(
        NoteKind.CLOZE,
        cloze_key([fold(answer) for answer in answers] + [fold(plain)]),
        item.span.at(item.span.line),
        fields,
        section=section,
        source=item,
    )
    return True


_ADDING = lazy_compile(
    r"^(?:そして|なお|また|さらに|加えて)[、，,]\s*|^(?:also|in addition|additionally),\s+", re.IGNORECASE
)
"""A connective that only adds a sentence to the one before: left off a card that asks the sentence alone."""


_KATAKANA_RUN = lazy_compile(r"[\u30a1-\u30fa\u30fc]{3,}")
_LATIN_SOUNDS = str.maketrans({"c": "k", "q": "k", "l": "r", "v": "b", "f": "h"})


def _consonants(sounds: str) -> str:
    """The consonants of a romanised word in order (``canary`` → knr), doubled ones once."""
    skeleton = re.sub(r"[aeiouy]", "", sounds.lower().translate(_LATIN_SOUNDS))
    return re.sub(r"(.)\1+", r"\1", skeleton)


def spelled_in_kana(name: str, text: str) -> bool:
    """Whether ``text`` spells the one Latin word ``name`` in katakana (``Canary`` beside
    ``カナリアリリース``): the same consonants in the same order, three or more of them."""
    if not re.fullmatch(r"[A-Za-z]{3,}", name):
        return False
    wanted = _consonants(name)
    if len(wanted) < 3:
        return False
    for run in _KATAKANA_RUN.finditer(text):
        sounds = "".join(unicodedata.name(char, "").rsplit(" ", 1)[-1] for char in run.group(0) if char != "ー")
        if wanted in _consonants(sounds):
            return True
    return False


def _bullet_sentences(
    context: ExtractContext, section: Section, item: ListItem, asked: str, parent: ListItem | None
) -> bool:
    """A child bullet of two or more sentences (``スケーラビリティはシャード数の増減で実現します。そして、
    シャード数はキャパシティモードと呼ばれる設定に基づいて管理されます。``) left in its term's Details:
    each sentence that states its own fact with a key phrase (:func:`_sentence_gaps`: a `code` name, a
    limit, a 「quoted」 phrase, a name it introduces, the items it counts) becomes a cloze hiding it,
    the term in Context and the bullet's other sentences in Details; an additive connective opening
    the sentence (``そして、``, ``なお、``) is left off. Not a sentence that points back (``これにより、…``),
    an example, a default (one fact among the others, as :func:`default_gap` keeps it), a bold
    phrase's (the clozes extractor asks it), one the headings or the term give away, one whose name
    another sentence of the bullet has as its topic (``X では…``: the bullet is about X), nor a bullet
    of a procedure."""
    node = _subject_node(context, item)
    if node is None or _in_steps(context, parent):
        return False
    if any(part.kind not in ("text", "code", "strong", "em", "mark") for part in item.inlines):
        return False  # links, images, line breaks: keep the bullet as the Details show it
    sentences = [
        (sentence, " ".join("".join(part.text for part in sentence).split()))
        for sentence in split_sentences(item.inlines)
    ]
    sentences = [(sentence, plain) for sentence, plain in sentences if plain]
    if len(sentences) < 2:
        return False  # one sentence: :func:`_emit` and the other extractors read it whole
    shown = (node.subject, *section.path)
    made = False
    for index, (sentence, plain) in enumerate(sentences):
        if (
            len(plain) > MAX_DETAIL_FACT_CHARS
            or not _reads_as_fact(plain)
            or leans_on_before(plain)
            or leans_on_before(_CONNECTIVE.sub("", plain))
            or _EXAMPLE_MARK.search(plain)
            or fold(plain) in asked
        ):
            continue
        if default_gap(plain):
            continue  # a default beside other sentences stays with them (one fact among others)
        gaps = _sentence_gaps(sentence, plain, shown)
        if not gaps:
            continue
        answers = [plain[start:end] for start, end in gaps]
        rest = plain
        for start, end in reversed(gaps):
            rest = rest[:start] + rest[end:]
        opens = len(gaps) == 1 and not re.sub(r"[\W_]", "", plain[: gaps[0][0]]) and not _key_opens(plain, gaps)
        if opens or len(re.sub(r"\W", "", rest)) < 8:
            continue  # the phrase is the sentence's topic, or almost all of it
        if any(
            re.search(rf"{re.escape(answer)}\s?(?:では|は)(?![\u3040-\u309f])", other)
            for answer in answers
            for number, (_, other) in enumerate(sentences)
            if number != index
        ):
            continue  # another sentence has the name as its topic: the bullet is about it, this one goes on
        others = [other for number, (_, other) in enumerate(sentences) if number != index]
        opening = _ADDING.match(plain)  # ``そして、`` / ``なお、`` only joins it to the sentence before
        if opening and gaps[0][0] >= opening.end():
            gaps = [(start - opening.end(), end - opening.end()) for start, end in gaps]
            plain = plain[opening.end() :]
        fields = {
            "Text": _gapped(plain, gaps),
            "Context": _item_context(context, section, item, node.subject),
            "Details": f"<p>{html.escape(' '.join(others), quote=False)}</p>" if others else "",
        }
        context.emit(
            NoteKind.CLOZE,
            cloze_key([fold(answer) for answer in answers] + [fold(plain)]),
            item.span.at(item.span.line),
            fields,
            section=section,
            term=node.subject,
            source=item,
        )
        made = True
    return made


def _in_steps(context: ExtractContext, parent: ListItem | None) -> bool:
    """Whether ``parent`` leads a procedure: a numbered step, a lead-in to steps, a step bullet or an
    empty bullet over a numbered list (``- 1. 準備`` over its children)."""
    return parent is not None and bool(
        NUMBERED_STEP.match(parent.text)
        or LIST_LEAD_IN_EXCLUDED.search(parent.text)
        or context.outline.node(parent).roles.step
        or (
            not parent.text.strip() and any(isinstance(block, ListBlock) and block.ordered for block in parent.children)
        )
    )


def _owner_term(context: ExtractContext, parent: ListItem | None) -> str:
    """The term of the definition made from ``parent`` ('' when none)."""
    if parent is None:
        return ""
    for candidate in context.candidates:
        if candidate.source is parent and candidate.kind is NoteKind.DEFINITION and candidate.term:
            return candidate.term
    return ""


_PURPOSE_JA = lazy_compile(
    r"^(?:主に|主として|おもに)?、?(?P<value>[^。]{4,}?)(?:"
    r"ために(?:" + "|".join(PURPOSE_VERBS_JA) + r")[^。、]{0,6}"
    r"|(?<=ようにする)ため(?:のもの)?(?:です|である)?"
    r"|(?<=する)ためのもの(?:です|である)?"
    r")[。．]?$"
)
_PURPOSE_EN = lazy_compile(
    r"^(?:(?:it|this)\s+is\s+|is\s+|are\s+)?(?:(?:mainly|mostly|primarily|commonly|often|typically)\s+)?"
    r"used\s+(?P<value>(?:to|for)\s+[^.;:]{4,}?)\.?$",
    re.IGNORECASE,
)
_DESCRIBES_FIRST = lazy_compile(r"(?:で|であり|であって|ではなく)、|[。;；]")
"""A purpose bullet that first says what the term is (``…のための機能で、…``) holds two facts."""


def purpose_clause(plain: str) -> tuple[str, str] | None:
    """What a bullet under a term says the term is used for, and the aspect to ask it as:
    ``主にシングルサインオンを実現するために使用。`` → (用途, シングルサインオンを実現する);
    ``Used to encrypt data at rest.`` → (use, to encrypt data at rest). None for any other shape,
    for a reason (``…できないため``: no use verb) or a bullet that also says what the term is."""
    found = _PURPOSE_JA.match(plain)
    aspect = PURPOSE_ASPECT_JA
    if found is None:
        found, aspect = _PURPOSE_EN.match(plain), PURPOSE_ASPECT_EN
    if found is None:
        return None
    value = found.group("value").strip(" 、,")
    if _DESCRIBES_FIRST.search(value) or not _reads_as_fact(value) or len(re.findall(r"[、,，]", value)) >= 2:
        return None  # two facts, or three or more uses: a list to recite, not one purpose
    return aspect, value


def _purpose_note(
    context: ExtractContext, section: Section, item: ListItem, subject: str, plain: str, asked: str
) -> bool:
    """A child bullet that says only what its term is used for, asked as ``Term › 用途`` on its own
    line instead of being shown, never asked, in the Details of the term's card."""
    found = purpose_clause(plain)
    if found is None or fold(found[1]) in asked or item.children:
        return False
    aspect, value = found
    prompt = f"{subject} › {aspect}"
    context.emit(
        NoteKind.DEFINITION,
        prompt,
        item.span.at(item.span.line),
        {"Term": html.escape(prompt, quote=False), "Definition": html.escape(value, quote=False)},
        section=section,
        term=subject,
        source=item,
    )
    return True


def _item_owner(context: ExtractContext, item: ListItem) -> str:
    """The term of the nearest list item above ``item`` ('' when a heading comes first)."""
    nodes = context.outline.nodes
    node = context.outline.node(item)
    while node.parent >= 0:
        node = nodes[node.parent]
        if node.kind == "item":
            return node.term
        if node.kind != "list":
            return ""
    return ""


def _term_in_list(context: ExtractContext, section: Section, item: ListItem, parent: ListItem) -> bool:
    """A ``Term: text`` bullet among the points a label's card lists (``- その他の機能`` over two
    bare names and ``- X : what X is``) is a term of its own, asked as one (its owner as its
    subject), not a point of the label's list that the answer cuts to its Details."""
    found = split_definition(item.inlines)
    if found is None or item.children:
        return False
    term, body = clean_term(found[0]), found[1]
    if not looks_like_term(term) or is_label_phrase(term) or not _reads_as_fact(" ".join(inline_text(body).split())):
        return False
    node = context.outline.node(item)
    if node.roles.example or node.roles.step or node.roles.scenario:
        return False
    if not any(candidate.source is parent for candidate in context.candidates) or any(
        candidate.source is item for candidate in context.candidates
    ):
        return False  # no card lists it, or it is a card already
    if split_definition(parent.inlines) is not None:
        return False  # the points of a ``Label: text`` bullet, not of a bare label's list
    siblings = [child for sublist in parent.sublists for child in sublist.items]
    if sum(split_definition(child.inlines) is not None for child in siblings) * 2 >= len(siblings):
        return False  # a list of labelled parts or terms: their own extractors ask them
    owner = _item_owner(context, parent)  # the thing the label's points belong to
    if not owner or fold(owner) in fold(term) or not names_a_thing(owner):
        return False
    prompt = f"{owner} › {term}"
    context.emit(
        NoteKind.DEFINITION,
        f"{term}\x1f{owner}",
        item.span.at(item.span.line),
        {"Term": html.escape(prompt, quote=False), "Definition": inline_html(body)},
        section=section,
        term=term,
        source=item,
    )
    return True


_ITEM_TAIL = lazy_compile(r"(?:\s*(?:[、，,;；]|です|である|\band\b|\bor\b|および|及び|または))*\s*[。.]?\s*$")
_SHARED_ENDINGS = ("点", "こと", "ため")


def enumeration_gaps(text: str) -> list[tuple[int, int]]:
    """Where the items of an enumeration numbered inside one sentence are (``大きな違いは 2 つ、
    1)ストリームではなくバッチで書き込む点、2)データ変換処理を実装できる点です。``): one gap per item,
    without its mark, the comma or copula after it, and an ending all items share (``点``); [] when
    the sentence numbers no items in order from the first mark, says nothing before the first mark
    (a bare list), or holds an item too long to hide (a sentence) or none at all."""
    for marks in INLINE_ENUMERATION_MARKS:
        starts: list[int] = []
        position = 0
        for mark in marks:
            found = text.find(mark, position)
            if found < 0:
                break
            starts.append(found)
            position = found + len(mark)
        if len(starts) < 2 or len(starts) > MAX_LIST_GAPS:
            continue
        if text.find(marks[len(starts) - 1], starts[-1] + 1) >= 0 or (
            len(starts) < len(marks) and marks[len(starts)] in text
        ):
            return []  # a mark twice, or out of order: not one numbered series
        if len(re.sub(r"\W", "", text[: starts[0]])) < 4:
            return []  # nothing says what the items are
        ends = [*starts[1:], len(text)]
        gaps: list[tuple[int, int]] = []
        for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
            begin = start + len(marks[index])
            item = text[begin:end]
            item = item[: len(item) - len(_ITEM_TAIL.search(item).group(0))]  # type: ignore[union-attr]
            lead = len(item) - len(item.lstrip())
            gaps.append((begin + lead, begin + len(item)))
        words = [text[start:end] for start, end in gaps]
        for ending in _SHARED_ENDINGS:
            if all(word.endswith(ending) and len(word) > len(ending) for word in words):
                gaps = [(start, end - len(ending)) for start, end in gaps]
                break
        words = [text[start:end].strip() for start, end in gaps]
        if any(not word for word in words):
            return []
        if any(
            len(word) > MAX_LIST_GAP_CHARS if has_cjk(word) else len(word.split()) > MAX_LIST_GAP_WORDS
            for word in words
        ):
            return []  # an item that is a sentence: hiding it asks nothing
        return gaps
    return []


_RUN_SEPARATOR = lazy_compile(r"[、，]|,\s*|(?<=[^\u3040-\u309f\s])や(?=[^\u3040-\u309f\s])")
_RUN_OPEN = "(（「【["
_RUN_CLOSE = ")）」】]"
_RUN_JOINER = lazy_compile(r"^(?:または|もしくは|および|及び|and\s+|or\s+)")


def _top_separators(text: str) -> list[tuple[int, int]]:
    """Where ``text`` is cut by list separators outside brackets, as (start, end) spans."""
    depth = 0
    inside = [0] * len(text)
    for index, char in enumerate(text):
        if char in _RUN_OPEN:
            depth += 1
        elif char in _RUN_CLOSE:
            depth = max(0, depth - 1)
        inside[index] = depth
    return [match.span() for match in _RUN_SEPARATOR.finditer(text) if not inside[match.start()]]


def _run_item(text: str) -> bool:
    """A name a gap can hide: short, no kana but ``の`` inside (no clause), not a bare figure, not one
    set beside the others (``ダウンロードの他``, ``…以外``: "besides X", so the run is no list of peers)."""
    word = text.strip()
    return (
        bool(word)
        and (len(word) <= MAX_RUN_ITEM_CHARS if has_cjk(word) else len(word.split()) <= MAX_LIST_GAP_WORDS)
        and not HIRAGANA.search(word.replace("の", ""))
        and not word.endswith("の")
        and not re.search(r"(?:の他|以外)$", word)
        and bool(re.search(r"[^\W\d_]", word))
    )


def run_gaps(text: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the names of a run a Japanese sentence lists after its topic are (``レイヤーには通常、
    ライブラリの依存関係、カスタムランタイム、設定ファイルが含まれている``, ``送信先として指定できる
    サービスは SQS, SNS, Lambda関数``): one gap per name, without a joiner (``または``) or the short
    predicate after the last (``が含まれている``, ``などがある``). [] unless the sentence is one
    Japanese sentence whose topic (``…は``) says what the names are, each of two to
    :data:`LIST_RUN_MAX_ITEMS` items is a short name (no clause, no kana but ``の``), no name shows
    inside another, in the rest of the sentence or in ``shown`` (subject and headings: the answer
    would be on the card), and the names are what the sentence ends on, not a modifier
    (``HTML、CSS、スクリプトの静的ウェブサイトのホスティング``)."""
    body = text.rstrip().rstrip("。.")
    if not has_cjk(body) or re.search(r"[。！？]", body):
        return []
    cuts = _top_separators(body)
    if not cuts or len(cuts) + 1 > LIST_RUN_MAX_ITEMS + 1:
        return []
    bounds = [0, *[point for cut in cuts for point in cut], len(body)]
    segments = [(bounds[index], bounds[index + 1]) for index in range(0, len(bounds), 2)]
    first_start, first_end = segments[0]
    head = body[first_start:first_end]
    topic = head.rfind("は")
    if topic < 0 or len(re.sub(r"\W", "", head[:topic])) < 4:
        return []  # nothing says what the names are
    rest = head[topic + 1 :]
    spans: list[tuple[int, int]] = []
    if rest.strip() and rest.strip() not in LIST_RUN_ADVERBS_JA:
        lead = len(rest) - len(rest.lstrip())
        spans.append((first_start + topic + 1 + lead, first_end))
    spans.extend(segments[1:])
    if len(spans) < 2 or len(spans) > LIST_RUN_MAX_ITEMS:
        return []
    gaps: list[tuple[int, int]] = []
    for number, (start, end) in enumerate(spans):
        piece = body[start:end]
        joiner = _RUN_JOINER.match(piece.lstrip())
        start += len(piece) - len(piece.lstrip()) + (joiner.end() if joiner else 0)
        piece = body[start:end]
        if number == len(spans) - 1:
            kana = HIRAGANA.search(piece.replace("の", "\0"))
            if kana:
                tail = piece[kana.start() :]
                if len(tail) > LIST_RUN_MAX_TAIL_CHARS or any(mark in tail for mark in "、，,"):
                    return []  # the names modify a longer statement, which is the fact
                end = start + kana.start()
                piece = body[start:end]
        end -= len(piece) - len(piece.rstrip())
        if not _run_item(body[start:end]):
            return []
        gaps.append((start, end))
    words = [fold(body[start:end]) for start, end in gaps]
    if len(set(words)) != len(words) or any(a != b and a in b for a in words for b in words):
        return []  # a name inside another (``GitHub`` / ``GitHub Enterprise``) gives it away
    squeezed = [re.sub(r"\s", "", fold(part)) for part in shown if part]
    rest_text = fold(body[: gaps[0][0]] + " " + body[gaps[-1][1] :])
    if any(re.sub(r"\s", "", word) in part for word in words for part in squeezed) or any(
        word in rest_text for word in words
    ):
        return []  # a name shows on the card already
    return gaps


def _enumeration(context: ExtractContext, section: Section, item: ListItem, asked: str, runs: bool = False) -> bool:
    """A child bullet that numbers the items of an enumeration inside its sentence (``違いは 2 つ、
    1)…点、2)…点です``) becomes one cloze, a gap per item, its term above in Context; with ``runs``,
    one that lists a run of names after its topic (:func:`run_gaps`) the same way."""
    text = item.text
    plain = " ".join(text.split())
    if "\n" in text.strip() or len(plain) > MAX_DETAIL_FACT_CHARS or fold(plain) in asked:
        return False
    if any(part.kind not in ("text", "code", "strong", "em", "mark") for part in item.inlines):
        return False
    node = _subject_node(context, item)
    if LEANS_DETAIL_FACT.match(plain) or _EXAMPLE_MARK.search(plain) or node is None:
        return False
    gaps = run_gaps(plain, (node.subject, *section.path)) if runs else enumeration_gaps(plain)
    if not gaps or LIST_LEAD_IN_EXCLUDED.search(plain[: gaps[0][0]]):
        return False  # none, or the steps of a procedure (手順は (1)… (2)…), examples, commands
    context.emit(
        NoteKind.CLOZE,
        _gaps_key(plain, gaps),
        item.span.at(item.span.line),
        {"Text": _gapped(plain, gaps), "Details": children_html(item)},
        section=section,
        source=item,
    )
    return True


def _gaps_key(plain: str, gaps: list[tuple[int, int]]) -> str:
    """The identity key of a cloze of ``plain`` that hides ``gaps``: what each gap hides, then the sentence."""
    return cloze_key([fold(plain[start:end]) for start, end in gaps] + [fold(plain)])


def _gapped(plain: str, gaps: list[tuple[int, int]]) -> str:
    pieces: list[str] = []
    last = 0
    numbers: dict[str, int] = {}  # the same name at two places is one gap number
    for start, end in gaps:
        number = numbers.setdefault(fold(plain[start:end]), len(numbers) + 1)
        pieces.append(html.escape(plain[last:start], quote=False))
        pieces.append(cloze_gap(number, html.escape(plain[start:end], quote=False)))
        last = end
    pieces.append(html.escape(plain[last:], quote=False))
    return "".join(pieces)


_NOT_IN_NAME = "\u3040-\u309f、。，,：:；;（）()「」『』【】・/"
_COUNTED_ITEM = rf"[^{_NOT_IN_NAME}\s][^{_NOT_IN_NAME}]*?"
"""A name in a counted run: no kana (``と`` / ``や`` join the names), no punctuation."""
_COUNTED_JOINER = r"\s?(?:と|や|、|，|,|および|及び)\s?"
_COUNT_AFTER = lazy_compile(r"\s?の\s?(?P<count>[2-6２-６二三四五六])\s?(?:つ|種類)の")
_COUNT_WORDS = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_RUN_OPENS_AFTER = ("、", "，", ",", "は", "が", "を", "に", "で", "も", "「", "（", "(", " ", "　", ":", "：")
"""What may stand before the first name of a counted run: a comma, a particle, a bracket, a space."""


def counted_gaps(text: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the names of a Japanese sentence's run that says how many they are stand
    (``…では、オンデマンドモードとプロビジョニングモードの 2 つのキャパシティモードが提供されています``):
    one gap per name, the count and what they are (``2 つのキャパシティモード``) in view. [] unless the
    number of names before ``のNつの`` / ``のN種類の`` is the count, each a short name (no clause, no
    kana but ``の``) that opens after a comma, a particle or a space (not ``伸縮自在なスループット``, whose
    first name is longer than the run shows), no name inside another or shown in ``shown``."""
    if not has_cjk(text):
        return []
    for found in _COUNT_AFTER.finditer(text):
        digit = unicodedata.normalize("NFKC", found.group("count"))
        count = int(digit) if digit.isdigit() else _COUNT_WORDS[digit]
        head = text[: found.start()]
        run = re.search(rf"{_COUNTED_ITEM}(?:{_COUNTED_JOINER}{_COUNTED_ITEM}){{{count - 1}}}$", head)
        if run is None or (run.start() > 0 and not head[: run.start()].endswith(_RUN_OPENS_AFTER)):
            continue
        gaps: list[tuple[int, int]] = []
        position = run.start()
        for piece in re.split(_COUNTED_JOINER, run.group(0)):
            start = head.index(piece, position)
            position = start + len(piece)
            stripped = piece.strip()
            start += len(piece) - len(piece.lstrip())
            gaps.append((start, start + len(stripped)))
        words = [fold(text[start:end]) for start, end in gaps]
        squeezed = [re.sub(r"\s", "", fold(part)) for part in shown if part]
        if (
            len(gaps) != count
            or not all(_run_item(text[start:end]) for start, end in gaps)
            or len(set(words)) != len(words)
            or any(a != b and a in b for a in words for b in words)
            or any(re.sub(r"\s", "", word) in part for word in words for part in squeezed)
        ):
            return []
        return gaps
    return []


_RUN_JOINER_NADO = r"\s?(?:、|，|,|・|や|/)\s?"
_NADO_AFTER = lazy_compile(r"\s?など(?:の|へ|に|を|で|と|が|から)(?![\u3040-\u309f])")
"""``など`` and the particle that ties the run to the rest (``などの``, ``などへ``); not ``など、多くの…``,
where the names are a few of many."""
_SUCH_AS_OPENS_AFTER = ("、", "，", ",", "は", "が", "を", "に", "で", "も", " ", "　", ":", "：")
"""What may stand before the first name of a ``など`` run; not a bracket (``（A や B など）`` glosses a word
with examples), not a joiner (``A のネットワークや B、C など``: the run goes on past what it can cut),
and a comma only after a clause or a connective (``また、``, ``では、``), not after a name."""


def such_as_gaps(text: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the names of a Japanese sentence's run closed by ``など`` stand (``最小・最大・希望リソース数
    などのパラメータに基づいて…``, ``…Amazon S3、Amazon Redshift、Amazon OpenSearch などへ直接転送でき…``):
    one gap per name, the word after ``など`` (what they are, where they go) in view. [] unless the run
    holds two to :data:`LIST_RUN_MAX_ITEMS` short names, each with a capital Latin letter (a product, a
    setting, an identifier: no clause, no kana but ``の``, not a common word), not all bare acronyms
    (``EBSやRDS、S3などの…``: examples named in passing), opens after a
    comma, a particle or a space (so its first name is whole), is the sentence's only such run, and
    no name shows inside another, elsewhere in the sentence or in ``shown`` (subject and headings)."""
    if not has_cjk(text) or re.search(r"[。！？].", text.rstrip("。！？ ")):
        return []
    runs = []
    for found in _NADO_AFTER.finditer(text):
        head = text[: found.start()]
        run = re.search(rf"{_COUNTED_ITEM}(?:{_RUN_JOINER_NADO}{_COUNTED_ITEM}){{1,{LIST_RUN_MAX_ITEMS - 1}}}$", head)
        if run is not None:
            runs.append((run, head))
    if len(runs) != 1:
        return []  # none, or two runs: a list of lists, each only one part of the fact
    run, head = runs[0]
    before = head[: run.start()].rstrip()
    if run.start() > 0 and (
        not head[: run.start()].endswith(_SUCH_AS_OPENS_AFTER)
        or re.search(r"(?:や|・|/)$", before)
        or (before.endswith(("、", "，", ",")) and not re.search(r"[\u3040-\u309f]$", before[:-1]))
    ):
        return []  # ``AWS のネットワーク、VPC フローログ…``: a comma after a name may be one more of the run
    gaps: list[tuple[int, int]] = []
    position = run.start()
    for piece in re.split(_RUN_JOINER_NADO, run.group(0)):
        start = head.index(piece, position)
        position = start + len(piece)
        start += len(piece) - len(piece.lstrip())
        gaps.append((start, start + len(piece.strip())))
    words = [fold(text[start:end]) for start, end in gaps]
    squeezed = [re.sub(r"\s", "", fold(part)) for part in shown if part]
    rest = fold(text[: gaps[0][0]] + " " + text[gaps[-1][1] :])
    if (
        not all(_run_item(text[start:end]) and re.search(r"[A-Z]", text[start:end]) for start, end in gaps)
        or all(re.fullmatch(r"[A-Z0-9]{1,4}", text[start:end]) for start, end in gaps)
        or len(set(words)) != len(words)
        or any(a != b and a in b for a in words for b in words)
        or any(re.sub(r"\s", "", word) in part for word in words for part in squeezed)
        or any(word in rest for word in words)
        or any(part in rest for word in words for part in _name_words(word))
    ):
        return []  # a plain word among them (``CPU、メモリ…``, ``日本語や英語``) or only bare acronyms
        # (``EBSやRDS、S3など``): common examples named in passing, not names to learn; or a word of a
        # name shows beside the run (``X-Ray API では…X-Ray コンソールや X-Ray CLI など``)
    return gaps


def _sentence_gaps(sentence: list[Inline], plain: str, shown: tuple[str, ...]) -> list[tuple[int, int]]:
    """The key phrase of a sentence a definition's back leaves to Details: its one `code` phrase,
    else its limits, its one 「quoted」 phrase or its one name (Japanese). A **bold** phrase is the
    clozes extractor's (extract/clozes.py): a sentence holding one makes no card here."""
    if any(part.kind == "strong" for part in sentence):
        return []
    if members := member_gap(plain, shown[0]):
        return members  # the names that have the defined property (``GET and HEAD are … cacheable.``)
    marked = [part for part in sentence if part.kind == "code" and part.text.strip()]
    if len(marked) == 1:
        phrase = marked[0].text.strip()
        folded = fold(phrase)
        if plain.count(phrase) == 1 and not any(folded in fold(part) or fold(part) in folded for part in shown if part):
            start = plain.index(phrase)
            return [(start, start + len(phrase))]
        return []
    if marked:
        return []  # several marked phrases: a list, or a card of the clozes extractor
    gaps = limit_gaps(plain)
    if gaps and all(plain.count(plain[start:end]) == 1 for start, end in gaps):
        return gaps
    return (
        _shown_default(plain, shown)
        or counted_gaps(plain, shown)
        or quoted_gap(plain, shown[0])
        or named_gap(plain, shown)
        or run_gaps(plain, shown)
        or key_name_gap(plain, shown)
        or such_as_gaps(plain, shown)
    )


def _moved_sentences(
    context: ExtractContext, section: Section, candidate: Candidate, answers: list[tuple[Candidate, str]]
) -> None:
    """The sentences after the first of a definition paragraph or bullet (``- Term: …。…。…。``),
    which the selection pass moves to the card's Details (``answer-too-long``): each that states
    its own fact with a key phrase (:func:`_sentence_gaps`) becomes a cloze hiding it, the term as
    its subject (a bullet's term is in no heading, so its Context names it). Not a sentence whose
    phrase the back keeps already (the definition asks it), nor one that points back past an
    opening connective (``また、このロールには…``: which one the sentence before says)."""
    paragraph = candidate.source
    definition = dict(candidate.note.fields).get("Definition", "")
    if not isinstance(paragraph, (Paragraph, ListItem)) or not candidate.term or not definition:
        return
    facts = first_facts(definition, LEAD_IN, candidate.note.prompt)  # as the selection pass cuts it
    if facts is None:
        return
    moved = fold(plain_html(facts[1]))
    kept = fold(plain_html(facts[0]))
    shown = (candidate.term, *section.path)
    fields = {}
    if isinstance(paragraph, ListItem):
        fields["Context"] = _item_context(context, section, paragraph, candidate.term)
    asked = "\n".join(answer for other, answer in answers if other is not candidate)
    headings = tuple(section.path)
    if isinstance(paragraph, Paragraph) and headings and fold(headings[-1]) == fold(candidate.term):
        # a paragraph under its term's own heading (``## Fargate`` over ``Fargateは…。Fargateを使用すると…。``):
        # a sentence whose topic is the term is asked from the fact to the name, under the headings above
        headings = headings[:-1]
    for sentence in split_sentences(paragraph.inlines):
        plain = " ".join("".join(part.text for part in sentence).split())
        if (
            not plain
            or fold(plain) not in moved
            or len(plain) > MAX_DETAIL_FACT_CHARS
            or not _reads_as_fact(plain)
            or leans_on_before(plain)
            or leans_on_before(_CONNECTIVE.sub("", plain))
            or _EXAMPLE_MARK.search(plain)
            or COUNT_ANNOUNCEMENT.search(plain)  # ``Xは、大きく分けて２種類あります。``: it only counts what follows
            or fold(plain) in asked
            or any(part.kind not in ("text", "code", "strong", "em", "mark") for part in sentence)
        ):
            continue
        if _aspect_note(context, section, paragraph, candidate.term, plain, fields):
            continue
        gaps = _sentence_gaps(sentence, plain, shown)
        if (
            not gaps
            and (named := subject_gap(plain, candidate.term, headings))
            and not (len(headings) < len(section.path) and _SAYS_WHAT_IT_IS.search(plain))
        ):
            # the sentence's topic is the term (``Kinesis Data Firehose は…``): asked from the fact
            # to the name, its Context the headings without the term, which is the gap
            context.emit(
                NoteKind.CLOZE,
                _gaps_key(plain, named),
                paragraph.span.at(paragraph.span.line),
                {"Text": _gapped(plain, named), "Context": breadcrumb(headings)},
                section=section,
                source=paragraph,
            )
            continue
        if not gaps and (suited := suited_sentence(plain)):
            # ``特に、サーバーレス…に適しています。`` after what the term is: what it suits, asked by name
            _emit_aspect(context, section, paragraph, candidate.term, SUITED_ASPECT_JA, suited, plain, fields)
            continue
        if any(fold(plain[start:end]) in kept for start, end in gaps):
            continue  # the back says the phrase already: the definition's card asks it
        rest = plain
        for start, end in reversed(gaps):
            rest = rest[:start] + rest[end:]
        opens = len(gaps) == 1 and not re.sub(r"[\W_]", "", plain[: gaps[0][0]])
        if opens and _key_opens(plain, gaps):
            opens = False  # the one a comparison rates higher (``Aの方が…``): its key, not its topic
        if not gaps or opens or len(re.sub(r"\W", "", rest)) < 8:
            continue  # the phrase opens the sentence (its topic: ``「X」とは…``) or is almost all of it
        context.emit(
            NoteKind.CLOZE,
            _gaps_key(plain, gaps),
            paragraph.span.at(paragraph.span.line),
            {"Text": _without_adding(plain, gaps), **fields},
            section=section,
            term=candidate.term,
            source=paragraph,
        )


_SAYS_WHAT_IT_IS = lazy_compile(
    r"(?<!可能)(?<!必要)(?<!不要)(?<!簡単)(?<!容易)(?<=[\u30a0-\u30ff\u4e00-\u9fff]{2})(?:です|である)[。．]?$"
)
"""A sentence ending on a noun and a copula (``…ノードのグループからなるデータ構造です。``): it says again
what its term is, which asked from the fact to the name under no heading of its own fits many names."""


def _without_adding(plain: str, gaps: list[tuple[int, int]]) -> str:
    """The cloze text of a sentence asked alone, without an additive connective that opens it
    (``また、``, ``なお、``: it only joined the sentence to the one before)."""
    opening = _ADDING.match(plain)
    if opening is None or gaps[0][0] < opening.end():
        return _gapped(plain, gaps)
    return _gapped(plain[opening.end() :], [(start - opening.end(), end - opening.end()) for start, end in gaps])


_MEMBERS_EN = lazy_compile(
    r"^(?:(?:of|among)\s+[^,]{3,80},\s+)?(?:the\s+)?(?P<members>[^,;:]+?(?:,\s+[^,;:]+?)*)\s+(?:is|are)\s+"
    r"(?:(?:defined|considered|said|known|specified)\s+(?:to\s+be|as)\s+|also\s+|always\s+)?"
    r"[\"“']?(?P<property>[A-Za-z][\w\-]*(?:\s[\w\-]+)?)[\"”']?\s*\.?$",
    re.IGNORECASE,
)
_MEMBER_ITEM = lazy_compile(r"^(?:[A-Z][A-Z0-9_\-]+|`[^`]+`|[a-z][a-z\-]*(?:\s[a-z][a-z\-]*){0,3})$")
_MEMBER_STOPS = frozenset({"it", "they", "these", "those", "all", "both", "some", "many", "most", "this", "that"})


def member_gap(plain: str, term: str) -> list[tuple[int, int]]:
    """Where the names a definition's later sentence says have the defined property are: under
    ``Cacheable``, ``GET and HEAD are defined to be cacheable.`` hides ``GET and HEAD`` (one gap); under
    ``Idempotent``, ``Of the methods …, the PUT, DELETE, and safe request methods are idempotent.``
    hides each of the three (a gap per name, as a set is asked). The property must be the term itself,
    the members two or more names (upper-case words, `code`) or short plain phrases beside at least one
    name; [] otherwise (one name, a pronoun, a clause, a negation, a property other than the term)."""
    match = _MEMBERS_EN.match(plain.strip())
    if match is None or fold(match.group("property")) != fold(term.strip("\"“”'")):
        return []
    members = match.group("members")
    items = [item.strip() for item in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", members) if item.strip()]
    if (
        len(items) < 2
        or not all(_MEMBER_ITEM.match(item) for item in items)
        or not any(item.isupper() or item.startswith("`") for item in items)
        or any(word.lower() in _MEMBER_STOPS for word in members.split())
        or re.search(r"\bnot\b|n't\b", plain, re.IGNORECASE)
        or len(members) > MAX_CLOZE_GAP_CHARS + 10
    ):
        return []
    offset = len(plain) - len(plain.lstrip()) + match.start("members")
    if len(items) < 3:
        return [(offset, offset + len(members))]
    # a set of three or more: a gap per name, as a list to recite is asked (extract/recital.py)
    gaps: list[tuple[int, int]] = []
    cursor = 0
    for item in items:
        start = members.index(item, cursor)
        cursor = start + len(item)
        gaps.append((offset + start, offset + cursor))
    return gaps


def _member_sentences(context: ExtractContext, section: Section, candidate: Candidate) -> None:
    """The later sentences of a definition paragraph that name which things have the defined
    property (:func:`member_gap`): each becomes a cloze hiding those names, the definition's card
    asking what the property is and this one which things have it."""
    paragraph = candidate.source
    if not isinstance(paragraph, Paragraph) or not candidate.term or has_cjk(candidate.term):
        return
    for index, sentence in enumerate(split_sentences(paragraph.inlines)):
        plain = " ".join("".join(part.text for part in sentence).split())
        if index == 0 or any(part.kind not in ("text", "code") for part in sentence):
            continue
        gaps = member_gap(plain, candidate.term)
        if not gaps:
            continue
        context.emit(
            NoteKind.CLOZE,
            _gaps_key(plain, gaps),
            paragraph.span.at(paragraph.span.line),
            {"Text": _gapped(plain, gaps)},
            section=section,
            term=candidate.term,
            source=paragraph,
        )


_ASPECT_JA = lazy_compile(
    r"^(?P<subject>[^。、]{1,40}?)の(?:主な|最大の|一番の)?(?P<aspect>"
    + "|".join(SENTENCE_ASPECTS_JA)
    + r")は、?(?P<value>[^。]{4,}?)(?:こと|点)?(?:です|である|だ)?[。．]?$"
)
_ASPECT_EN = lazy_compile(
    r"^(?:the|a|one)\s+(?:(?:main|biggest|key|chief|major|only)\s+)?(?P<aspect>"
    + "|".join(SENTENCE_ASPECTS_EN)
    + r")s?\s+of\s+(?P<subject>[^,;]{1,40}?)\s+(?:is|are)\s+(?:that\s+)?(?P<value>[^;]{4,}?)\.?$",
    re.IGNORECASE,
)


def aspect_sentence(plain: str, term: str) -> tuple[str, str] | None:
    """The aspect and its value when a sentence names an aspect of ``term`` and gives it
    (``リンクリストの欠点はアクセスが線形であることです`` → 欠点, アクセスが線形である; ``The main drawback
    of X is …``); None when it names another subject or no such aspect."""
    found = _ASPECT_JA.match(plain) or _ASPECT_EN.match(plain)
    if found is None or fold(found.group("subject").strip()) != fold(term):
        return None
    value = found.group("value").strip(" 、,")
    return (found.group("aspect"), value) if value else None


def _aspect_note(
    context: ExtractContext,
    section: Section,
    paragraph: Paragraph | ListItem,
    term: str,
    plain: str,
    fields: dict[str, str],
) -> bool:
    """A moved sentence that gives an aspect of the term (:func:`aspect_sentence`) as a card asking
    it, ``Term › aspect``, on the line the sentence starts on."""
    found = aspect_sentence(plain, term)
    if found is None:
        return False
    _emit_aspect(context, section, paragraph, term, *found, plain, fields)
    return True


def _emit_aspect(
    context: ExtractContext,
    section: Section,
    paragraph: Paragraph | ListItem,
    term: str,
    aspect: str,
    value: str,
    plain: str,
    fields: dict[str, str],
) -> None:
    """A card asking ``Term › aspect`` with ``value`` as its answer, on the line ``plain`` (the
    sentence it comes from) starts on."""
    prompt = f"{term} › {aspect}"
    flat = " ".join(paragraph.text.split("\n"))
    at = flat.find(plain[:12])
    line = paragraph.span.line + (paragraph.text[: max(at, 0)].count("\n") if at >= 0 else 0)
    context.emit(
        NoteKind.DEFINITION,
        prompt,
        paragraph.span.at(line),
        {"Term": html.escape(prompt, quote=False), "Definition": html.escape(value, quote=False), **fields},
        section=section,
        term=term,
        source=paragraph,
    )


_SUITED_JA = lazy_compile(
    r"^(?:(?:特に|とくに|主に|一般に|一般的に)[、，,]\s*)?(?P<value>[^。！？]{8,}?(?:に|へ)(?:適して|向いて)(?:います|いる))[。．]?$"
)
_TOPIC_JA = lazy_compile(r"[^\u3040-\u309f\s、。]\s?(?:は|では)(?![\u3040-\u309f])")


def suited_sentence(plain: str) -> str:
    """What a sentence with no topic of its own says its term suits (``特に、サーバーレス…ケースに
    適しています。`` → ``サーバーレス…ケースに適しています``): the sentence without an opening ``特に、``;
    '' when it names a topic (``Athenaは、…に向いています``: a fact about that name) or says no fit."""
    found = _SUITED_JA.match(plain.strip())
    if found is None or _TOPIC_JA.search(plain):
        return ""
    return found.group("value").strip()


def _bare_name(child: ListItem) -> bool:
    plain = " ".join(child.text.split())
    return (
        not child.children
        and all(part.kind in ("text", "code") for part in child.inlines)
        and _run_item(plain)
        and not re.search(r"[:：]", plain)
        # a Latin name is capitalised and short (``On failure``); ``it waits and retries`` is a clause
        and (has_cjk(plain) or (not plain[0].islower() and len(plain.split()) <= 3))
    )


def _bare_names(item: ListItem) -> list[ListItem] | None:
    """The child bullets of a ``Label: text`` bullet that are only names (``- 送信先: …`` over
    ``- On failure`` / ``- On success``): two to :data:`MAX_LIST_GAPS` bullets opening its one list,
    each a short name with nothing under it (:func:`_run_item`: no clause, no kana but ``の``), the
    bullets after them, if any, sentences (cards of their own); else None."""
    blocks = [block for block in item.children if isinstance(block, ListBlock)]
    if len(blocks) != 1 or len(item.children) != 1:
        return None
    children = list(blocks[0].items)
    count = 0
    while count < len(children) and _bare_name(children[count]):
        count += 1
    if not 2 <= count <= MAX_LIST_GAPS or not all(
        _reads_as_fact(" ".join(child.text.split())) for child in children[count:]
    ):
        return None
    names = [fold(" ".join(child.text.split())) for child in children[:count]]
    if len(set(names)) != len(names) or any(a != b and a in b for a in names for b in names):
        return None  # a name inside another gives it away
    return children[:count]


def _name_list(context: ExtractContext, section: Section, candidate: Candidate) -> None:
    """A term's bullet whose child bullets are only names (:func:`_bare_names`) becomes one cloze,
    a gap per name, led by the term and what the bullet says of them (its lead-in sentence, else
    its one short sentence): ``送信先 (条件に応じて呼び出すサービスを指定できる): {{c1::On failure}}、
    {{c2::On success}}``. The names would otherwise stay in the card's Details, never asked."""
    item = candidate.source
    if not isinstance(item, ListItem) or not candidate.term or (children := _bare_names(item)) is None:
        return
    if any(context.claimed_for_cloze(child) for child in children):
        return
    node = _subject_node(context, item)
    if node is None or context.outline.node(item).roles.example:
        return
    found = split_definition(item.inlines)
    if found is None:
        return
    said = " ".join("".join(part.text for part in found[1]).split()).rstrip(":：")
    sentences = [piece.strip() for piece in re.split(r"(?<=[。．])|(?<=[.!?])\s+", said) if piece.strip()]
    lead = lead_in_sentence(said) or (sentences[0] if len(sentences) == 1 else "")
    if not lead or len(lead) > MAX_DETAIL_FACT_CHARS // 2 or _EXAMPLE_MARK.search(lead):
        return
    names = [" ".join(child.text.split()) for child in children]
    if any(fold(name) in fold(lead) or fold(name) in fold(candidate.term) for name in names):
        return  # a name shows in the lead: the gap would be on the card
    separator = "、" if has_cjk(lead + "".join(names)) else ", "
    opening = f"{candidate.term} ({lead.rstrip('。.')}): "
    plain = opening + separator.join(names)
    gaps: list[tuple[int, int]] = []
    position = len(opening)
    for name in names:
        gaps.append((position, position + len(name)))
        position += len(name) + len(separator)
    context.emit(
        NoteKind.CLOZE,
        cloze_key([fold(name) for name in names] + [fold(plain)]),
        children[0].span.at(children[0].span.line),
        {"Text": _gapped(plain, gaps), "Context": breadcrumb(_item_path(context, section, item, candidate.term))},
        section=section,
        term=candidate.term,
        source=item,
    )
    context.claim(*children)


def _item_context(context: ExtractContext, section: Section, item: ListItem, term: str) -> str:
    """The Context of a card asking a sentence of a bullet's definition: the headings, the name the
    bullet sits under (``- ストレージクラス`` over ``- **S3 Glacier**: …``) and the bullet's term."""
    return breadcrumb((*_item_path(context, section, item, term), term))


def _item_path(context: ExtractContext, section: Section, item: ListItem, term: str) -> list[str]:
    """The headings and the name a bullet sits under, when that is not its term."""
    above = context.outline.subject_of(item)
    path = [*section.path]
    if above and fold(above) not in fold(term) and not any(fold(above) == fold(part) for part in path):
        path.append(above)
    return path


def _top_obligation(context: ExtractContext, section: Section, item: ListItem, asked: str) -> None:
    """A top-level bullet, unmarked and nothing else's, that says what must be done or cannot be
    (``- Each subnet must be associated with a route table``): a cloze on its key noun, the
    headings as its subject (:func:`obligation_gap`)."""
    if context.claimed(item) or context.claimed_for_cloze(item) or item.children:
        return
    text = item.text
    plain = " ".join(text.split())
    if "\n" in text.strip() or len(plain) > MAX_DETAIL_FACT_CHARS or not _reads_as_fact(plain):
        return
    if any(part.kind != "text" for part in item.inlines) or fold(plain) in asked:
        return  # a marked bullet is read by the extractors of its marks; links, images: as they show
    node = _subject_node(context, item)
    if node is None or not section.path or leans_on_before(_CONNECTIVE.sub("", plain)):
        return
    gaps = obligation_gap(plain, (node.subject, *section.path))
    if not gaps:
        return
    context.emit(
        NoteKind.CLOZE,
        _gaps_key(plain, gaps),
        item.span.at(item.span.line),
        {"Text": _gapped(plain, gaps)},
        section=section,
        source=item,
    )
    context.claim(item)


@register("detail-facts", order=98)
def extract_detail_facts(document: Document, context: ExtractContext) -> None:
    answers = [
        (
            candidate,
            fold(
                HTML_TAG.sub("", html.unescape(candidate.note.fields[1][1] if len(candidate.note.fields) > 1 else ""))
            ),
        )
        for candidate in context.candidates
    ]
    asked = "\n".join(answer for _, answer in answers)
    for section in study_sections(document):
        for item, parent in iter_items(section.blocks):
            if parent is None:
                _top_obligation(context, section, item, asked)
                continue
            if context.claimed_for_cloze(item):
                _term_in_list(context, section, item, parent)
                continue
            if context.claimed(item):
                # a Details bullet of a term's first-child definition (claimed for that card only):
                # only a run of names it lists is asked; a ``Label: text`` bullet is a card already
                if split_definition(item.inlines) is None and _enumeration(context, section, item, asked, runs=True):
                    context.claim(item, *(child for child, _ in iter_items(item.children)))
                else:
                    _term_in_list(context, section, item, parent)
                continue
            if (
                _enumeration(context, section, item, asked)
                or _emit(context, section, item, asked, parent)
                or _enumeration(context, section, item, asked, runs=True)
            ):
                # its child bullets are its Details: a limit there would ask this card's gap again
                context.claim(item, *(child for child, _ in iter_items(item.children)))
            elif _bullet_sentences(context, section, item, asked, parent):
                context.claim(item)  # its sentences are asked; its child bullets are facts of their own
    sections = {id(block): section for section in study_sections(document) for block in section.blocks}
    # a bullet's definition (``- Term: …。…。``): the section whose lists hold the bullet
    sections.update(
        (id(item), section) for section in study_sections(document) for item, _ in iter_items(section.blocks)
    )
    # a definition paragraph, quoted ones too (``> Request methods are considered "idempotent" if …``)
    paragraphs = {id(block): section for section in study_sections(document) for block in prose_owners(section)}
    for candidate in list(context.candidates):
        if candidate.kind is NoteKind.DEFINITION and id(candidate.source) in paragraphs:
            _member_sentences(context, paragraphs[id(candidate.source)], candidate)
        if candidate.kind is NoteKind.DEFINITION and id(candidate.source) in sections:
            _moved_sentences(context, sections[id(candidate.source)], candidate, answers)
            _name_list(context, sections[id(candidate.source)], candidate)
