"""Object clozes: a plain sentence, under a heading or topic that says what it is about, whose
point is the one name it says to use or that something is: ``UNION演算子を使用します。`` under
``## 和``, ``NOT EXISTS句やNOT IN句などを使用して実現できます。``, ``デフォルトは `pick` です。``.

Textbook and article notes give the operator, command or option for their section's subject in
such a short sentence, with no subject of its own (the heading is its subject), no bold and no
``Term: text`` shape, so it was dropped as ``no-card-shape``. The shape is what makes the name the
answer: the name (`code`, a link, a short 「quoted」 phrase or a run of Latin words, with a noun of
its kind after it, ``演算子`` / ``句`` / ``コマンド``: vocabulary.OBJECT_CLASSIFIERS) is the object
of a use verb that ends the sentence (``を使用します``, ``を使う``), or the complement of a short
attribute (``デフォルトは X です``). The card is a cloze hiding that name (or each of two to four
names joined by ``や`` / ``と``), the section's headings as its Context.

The same holds for a name the sentence says to use FOR what the rest of it does (``RDS Event
Notification を使用して、SNS トピックに状態を公開。``, ``X を利用することで二重起動を防げる``) and
for a name given a role (``IdP として X を使用``, ``X をバックエンドストレージとして利用``): the
clause or the role is what X is for, so X is the one fact asked. Those two shapes stay explained when
the clause goes on past a comma (several facts), is a noun phrase (``X を使用した監視``), names X
again, sits in a quiz stem (the owner asks a question), under a bullet whose term is X, or beside a
figure (``2つの AZ``) the fact is about.

Nothing is made when the sentence leans on what came before (``この``, ``それ``), is an example, a
question, a negation (``を使用しない``) or a first-person remark, when the name is also said
elsewhere in the sentence or shows in the headings (hiding it would ask nothing), when the use
verb is not the sentence's end (``KPL を使用したアプリ``: a noun phrase), or when the section has no
heading to say what the sentence is about; such a sentence keeps its ``--explain`` line.

It runs after every other extractor, on paragraphs and list items nothing used.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ankigen.patterns import lazy_compile

from ..model import Document, Inline, NoteKind, Paragraph, Section, Span
from . import ExtractContext, register
from .clozes import emit_cloze, unasked_sentences
from .common import (
    BRACKETED_TAIL,
    JA_QUOTED,
    JA_SENTENCE_END,
    clean_term,
    fold,
    has_cjk,
    is_group_heading,
    iter_items,
    names_no_subject,
    study_sections,
)
from .contrast_clozes import _Name as Name
from .contrast_clozes import name_text, plain_sentence, sentence_sources, with_gaps
from .outline import is_label
from .recital import advice_phrase
from .subjects import headings_shown
from .vocabulary import (
    ADVICE_USE_EN,
    CONTRAST_MAX_CHOICES,
    MAX_CLOZE_GAP_CHARS,
    MAX_SUBJECT_SENTENCE_CHARS,
    OBJECT_CLASSIFIERS,
    OBJECT_MAX_ATTRIBUTE_CHARS,
    OBJECT_MAX_TAIL_CHARS,
    OBJECT_MEANS_LINKS,
    OBJECT_MIN_PURPOSE_CHARS,
    OBJECT_USE_VERBS,
)

_CLASSIFIER = "|".join(sorted(map(re.escape, OBJECT_CLASSIFIERS), key=len, reverse=True))
_VERB = "|".join(sorted(map(re.escape, OBJECT_USE_VERBS), key=len, reverse=True))
# a run of Latin words (``UNION ALL``, ``NOT EXISTS``, ``git rebase``) standing as one name
_LATIN_RUN = lazy_compile(r"(?<![A-Za-z0-9_.-])[A-Za-z][A-Za-z0-9_]*(?:[ ./+-][A-Za-z0-9_]+)*")
# what may follow a name for it to be a whole noun: its kind, then a particle
_NAME_END = lazy_compile(
    rf"^\s*(?:{_CLASSIFIER})?\s*(?:など)?\s*(?:を|が|です|である|だ|や|と|、|・|または|もしくは|か)"
)
_USE_TAIL = lazy_compile(rf"^\s*(?:{_CLASSIFIER})?\s*(?:など)?\s*を\s*(?P<verb>{_VERB})(?P<end>[^、。]*)[。]?\s*$")
_COPULA_TAIL = lazy_compile(rf"^\s*(?:{_CLASSIFIER})?\s*(?:です|である|だ)[。]?\s*$")
ATTRIBUTE_OPENING = lazy_compile(rf"^\s*[^、。\s{{}}A-Za-z0-9]{{1,{OBJECT_MAX_ATTRIBUTE_CHARS}}}は\s*$")
"""What opens a sentence that says what a short attribute is: ``デフォルトは`` (then the value)."""
_JOINER = lazy_compile(rf"^\s*(?:{_CLASSIFIER})?\s*(?:や|と|、|,|・|または|もしくは|か)\s*$")
_MEANS = "|".join(sorted(map(re.escape, OBJECT_MEANS_LINKS), key=len, reverse=True))
_MEANS_TAIL = lazy_compile(
    rf"^\s*(?:{_CLASSIFIER})?\s*を\s*(?:使用|利用|使っ|用い)(?:{_MEANS})[、,]?\s*(?P<purpose>[^。]+?)[。]?\s*$"
)
# the clause X is the means of ends as a statement: a predicate, or a verbal noun after its object
# (``… をテキストに変換する``, ``… ステータスを公開。``), not a noun phrase (``… する方法``)
_PURPOSE_END = lazy_compile(r"(?:ます|です|ました|でした|できる|る|た|だ|う|可能|を[\u4e00-\u9fff]{2,4})$")
_ARTICLE_REMARK = lazy_compile(r"(?:説明|紹介|解説|まとめ|見て)(?:し|い)(?:ます|ていきます)$")
# ``… として X を使用する`` / ``X を … として利用``: X is the name a role is given to
_ROLE_USE = r"(?:使用|利用|有効化|採用)(?:する|します|した|しました|できる|できます|可能)?[。]?\s*$"
_ROLE_BEFORE = lazy_compile(r"[^、。\s]{2,}として[、\s]*$")
_ROLE_AFTER = lazy_compile(rf"^\s*(?:{_CLASSIFIER})?\s*を\s*{_ROLE_USE}")
_ROLE_INSIDE = lazy_compile(rf"^\s*(?:{_CLASSIFIER})?\s*を\s*[^、。をはが]{{2,20}}として\s*{_ROLE_USE}")
# an acronym in brackets after a name (``Content-Security Policy (CSP)``) is hidden with it
_ACRONYM = lazy_compile(r"^\s*[(（][A-Z][A-Za-z0-9-]{1,9}[)）]")
_QUESTION = lazy_compile(r"[?？]")
# what ends the text before a name that stands beside others (``X や``) or is a piece of a token (``$``)
_SIDE_BY_SIDE = lazy_compile(r"(?:や|と|、|,|・|または|もしくは|か|及び|および|[「『(（$%#@/.-])$")
_SENTENCE_LINK = lazy_compile(r"^\s*(?:そして|また|さらに|一方|次に|ただし|なお|しかし|でも)")
_TERMINAL = ("ます", "る", "う", "です", "だ", "可能")
_NEGATION = lazy_compile(r"ない|ません|ず|な[いく]て")
# a purpose an advice bullet gives before the thing it sets (``…を防ぐために``, ``…できるように、``)
_PURPOSE_FIRST = lazy_compile(r"(?:ために|ためには|ように)[、,]?\s*「$")


def _names(parts: list[Inline]) -> list[Name]:
    """Every name in the sentence that stands as a whole noun: code, links, short quotes and Latin
    runs with at most a noun of their kind between them and the next particle."""
    found: list[Name] = []
    for index, part in enumerate(parts):
        if part.kind in ("code", "link"):
            after = "".join(other.text for other in parts[index + 1 :])
            if part.text.strip() and "://" not in part.text and _NAME_END.match(after):
                found.append(Name(0, len(part.text), index))
            continue
        if part.kind != "text":
            continue
        text = part.text
        rest = "".join(other.text for other in parts[index + 1 :])
        for match in JA_QUOTED.finditer(text):
            if _NAME_END.match(text[match.end() :] + rest):
                found.append(Name(match.start(), match.end(), index))
        for match in _LATIN_RUN.finditer(text):
            if _NAME_END.match(text[match.end() :] + rest):
                found.append(Name(match.start(), match.end(), index))
    return sorted(found, key=lambda name: (name.part, name.start))


def _between(parts: list[Inline], first: Name, second: Name) -> str:
    """The text from the end of ``first`` to the start of ``second``."""
    if first.part == second.part:
        return parts[first.part].text[first.end : second.start]
    pieces = [parts[first.part].text[first.end :] if parts[first.part].kind == "text" else ""]
    pieces.extend(part.text for part in parts[first.part + 1 : second.part])
    pieces.append(parts[second.part].text[: second.start] if parts[second.part].kind == "text" else "")
    return "".join(pieces)


def _after(parts: list[Inline], name: Name) -> str:
    own = parts[name.part].text[name.end :] if parts[name.part].kind == "text" else ""
    return own + "".join(part.text for part in parts[name.part + 1 :])


def _before(parts: list[Inline], name: Name) -> str:
    own = parts[name.part].text[: name.start] if parts[name.part].kind == "text" else ""
    return "".join(part.text for part in parts[: name.part]) + own


def object_names(parts: list[Inline]) -> list[Name]:
    """The names the sentence says to use (``… X句やY句などを使用します``) or that its short
    attribute is (``デフォルトは X です``), in reading order; [] when it is not that shape."""
    names = _names(parts)
    if not names:
        return []
    last = names[-1]
    tail = _after(parts, last)
    use = _USE_TAIL.match(tail)
    if use is not None:
        said = use.group("verb") + use.group("end").strip()
        if (
            len(use.group("end").strip()) > OBJECT_MAX_TAIL_CHARS
            or _NEGATION.search(said)
            or not said.endswith(_TERMINAL)
        ):
            return []
        group = [last]
        for name in reversed(names[:-1]):
            if len(group) >= CONTRAST_MAX_CHOICES or not _JOINER.match(_between(parts, name, group[0])):
                break
            group.insert(0, name)
        return group
    if attribute_value(parts, names):
        return [last]
    return []


def attribute_value(parts: list[Inline], names: list[Name]) -> bool:
    """The sentence says what a short attribute is (``デフォルトは X です``), its last name the value."""
    return bool(names) and bool(
        _COPULA_TAIL.match(_after(parts, names[-1])) and ATTRIBUTE_OPENING.match(_before(parts, names[-1]))
    )


def heading_defined(context: ExtractContext, section: Section) -> bool:
    """A definition card asks the section's heading: the heading is a term of its own, so a short
    attribute under it (``既定のレベルは 6 です`` under ``## 圧縮レベル``) is that term's."""
    return any(
        candidate.kind == NoteKind.DEFINITION
        and candidate.note.span.path == section.span.path
        and candidate.note.span.line == section.span.line
        for candidate in context.candidates
    )


def explain_unowned_attribute(context: ExtractContext, span: Span, text: str) -> None:
    """The ``unresolved-referent`` line of a sentence that says what a short attribute is (``デフォルト
    は X です``) under a heading no card asks; once a sentence, as both cloze extractors meet it."""
    if any(
        entry.code == "unresolved-referent" and entry.span == span and entry.text == text[:120]
        for entry in context.skipped
    ):
        return
    context.skip(
        span,
        text,
        "the sentence says what a short attribute is (デフォルトは…), but no card asks the heading it hangs "
        "on, so the card would not say whose attribute it is; write the owner into the sentence "
        "(`Xのデフォルトは…`) to get a card",
        code="unresolved-referent",
    )


# ``ロードバランサーは …``: the sentence's topic, a name the headings or topic above say
_TOPIC_SUBJECT = lazy_compile(r"^\s*(?P<subject>[^、。はがをにでの\s][^、。はがを]{1,24}?)\s*は、?(?!じめ)")


def topic_object(parts: list[Inline], headings: str) -> list[Name]:
    """The one name a sentence about the section's own subject says (``ロードバランサーは …
    HAProxy などのソフトウェアで実現できる。`` under ``## ロードバランサー``): the subject is
    what the headings say, so the name is the fact asked; [] when there are none or several."""
    if not parts or parts[0].kind != "text":
        return []
    match = _TOPIC_SUBJECT.match(parts[0].text)
    if match is None or fold(match.group("subject")) not in headings or len(fold(match.group("subject"))) < 2:
        return []
    names = [name for name in _names(parts) if name.part or name.start >= match.end()]
    # every other Latin word or marked name after the subject would be a name left unasked
    # (``SAMは Lambda や API Gateway, DynamoDB などの…``): only a sentence with one name is asked
    said = parts[0].text[match.end() :] + "".join(part.text for part in parts[1:] if part.kind == "text")
    marked = sum(1 for part in parts if part.kind in ("code", "link"))
    if len(names) != 1 or len(_LATIN_RUN.findall(said)) + len(JA_QUOTED.findall(said)) + marked != 1:
        return []
    hidden = re.sub(r"^(?:amazon|aws)\s+", "", fold(name_text(parts, names[0])))
    if any(hidden in part or part in hidden for part in headings.split(" › ") if part):
        return []  # ``Amazon CloudWatch Logs`` under ``CloudWatch Logs``: the answer shows above
    tail = _after(parts, names[0])
    if _NEGATION.search(tail) or not tail.rstrip("。 ").endswith(_TERMINAL):
        return []
    return names


def means_object(parts: list[Inline], headings: str) -> list[Name]:
    """The one name a sentence says to use for what the rest of it does (``RDS イベント通知 …``:
    ``X を使用して、SNS トピックに状態を公開する。`` under a heading that does not name X): the
    clause says what X is for, so X is the fact asked; [] when the sentence is not that shape, X
    stands beside other names (``X や Y を使用して``), or X shows in the headings."""
    names = _names(parts)
    means = [name for name in names if _MEANS_TAIL.match(_after(parts, name))]
    if len(means) != 1:
        return []
    name = means[0]
    if not _lone_name(parts, name, headings):
        return []
    match = _MEANS_TAIL.match(_after(parts, name))
    assert match is not None
    purpose = BRACKETED_TAIL.sub("", match.group("purpose")).strip()
    if "、" in purpose or "," in purpose:
        return []  # several clauses: X is the means of the first, the rest are facts of their own
    if len(purpose) < OBJECT_MIN_PURPOSE_CHARS or not _PURPOSE_END.search(purpose):
        return []  # no clause of its own: a noun phrase or a heading (``X を使用したアプリ``)
    if _ARTICLE_REMARK.search(purpose) or _NEGATION.search(purpose):
        return []  # a remark about the article, or what X cannot do
    return [name]


def role_object(parts: list[Inline], headings: str) -> list[Name]:
    """The one name a sentence gives a role to fill (``IdP として X を使用。``, ``X をバックエンド
    ストレージとして利用``): the role says what X is for, so X is the fact asked; [] otherwise."""
    found: list[Name] = []
    for index, part in enumerate(parts):
        if part.kind not in ("text", "code"):
            continue
        runs = [(0, len(part.text))] if part.kind == "code" else [m.span() for m in _LATIN_RUN.finditer(part.text)]
        for start, end in runs:
            own = part.text[end:] if part.kind == "text" else ""
            after = own + "".join(other.text for other in parts[index + 1 :])
            acronym = _ACRONYM.match(own)
            if acronym is not None:
                end, after = end + acronym.end(), after[acronym.end() :]
            name = Name(start, end, index)
            if (_ROLE_BEFORE.search(_before(parts, name)) and _ROLE_AFTER.match(after)) or _ROLE_INSIDE.match(after):
                found.append(name)
    if len(found) != 1:
        return []
    name = found[0]
    if not _lone_name(parts, name, headings) or _NEGATION.search(_after(parts, name)):
        return []  # what X is not for
    return [name]


def advice_object(parts: list[Inline], headings: str) -> list[Name]:
    """The key phrase of an advice bullet with no name to hide (``…強力なパスワードポリシーを
    適用する``, :func:`~ankigen.extract.recital.advice_phrase`), as the one gap; [] when it has none
    or the phrase is not in one plain text part once."""
    phrase = advice_phrase("".join(part.text for part in parts), headings)
    if phrase is None:
        return []
    hits = [index for index, part in enumerate(parts) if phrase in part.text]
    if len(hits) != 1 or parts[hits[0]].kind != "text":
        return []
    start = parts[hits[0]].text.index(phrase)
    return [Name(start, start + len(phrase), hits[0])]


def purpose_object(parts: list[Inline], headings: str) -> list[Name]:
    """The one 「quoted」 name an advice bullet sets or turns on for a purpose it gives first
    (``…を防ぐために「HttpOnly」の設定を行う``): the purpose says what it is for, so the name is the
    fact asked; [] when the sentence quotes none or several, says not to, or gives no purpose first."""
    if any(part.kind in ("code", "link") for part in parts):
        return []
    found = [
        (index, match)
        for index, part in enumerate(parts)
        if part.kind == "text"
        for match in JA_QUOTED.finditer(part.text)
    ]
    if len(found) != 1:
        return []
    index, match = found[0]
    name = Name(match.start(1), match.end(1), index)
    before, after = _before(parts, name), _after(parts, name)
    if not _PURPOSE_FIRST.search(before) or _NEGATION.search(after) or not after.rstrip("。 ").endswith(_TERMINAL):
        return []
    hidden = fold(match.group(1))
    if any(hidden in part or part in hidden for part in headings.split(" › ") if part):
        return []
    return [name]


def _english_advice(parts: list[Inline]) -> bool:
    """An English advice sentence in plain prose that says to use a thing for something (``Use a
    secrets manager to …``): no Japanese, no bold, no question, not too long for one card."""
    text = " ".join("".join(part.text for part in parts).split())
    if has_cjk(text) or len(text) > MAX_SUBJECT_SENTENCE_CHARS or text.endswith("?"):
        return False
    if any(part.kind in ("strong", "mark", "cloze", "image") for part in parts):
        return False
    return ADVICE_USE_EN.match(text) is not None


def _section_text(section: Section) -> str:
    """The folded text of every list item in ``section``: a phrase said in two of them is no fact
    of one."""
    return " ".join(fold(item.text) for item, _ in iter_items(section.blocks))


def _lone_name(parts: list[Inline], name: Name, headings: str) -> bool:
    """Whether ``name`` is the one fact a means or role sentence asks: a name (not the noun of its
    kind), not one of names side by side nor a piece of a longer token (``$LATEST``), in a sentence
    that does not lean on the one before (``そして``) nor hold a figure that is its fact (``2つの AZ``),
    and not shown in the headings."""
    if name_text(parts, name).strip() in OBJECT_CLASSIFIERS:
        return False  # ``… の API を使用して``: the kind of name, not a name
    before = _before(parts, name).rstrip()
    if _SIDE_BY_SIDE.search(before) or _SENTENCE_LINK.match(before) or re.search(r"\d", before):
        return False
    hidden = re.sub(r"^(?:amazon|aws)\s+", "", fold(name_text(parts, name)))
    return not any(hidden in part or part in hidden for part in headings.split(" › ") if part)


def _asks_something(parts: list[Inline], names: list[Name], headings: str) -> bool:
    """Whether hiding ``names`` asks a fact: each is short, distinct, not in the headings and not
    said again in the sentence."""
    sentence = fold("".join(part.text for part in parts))
    texts = [fold(name_text(parts, name)) for name in names]
    if len(set(texts)) != len(texts):
        return False
    for text in texts:
        if not text or len(text) > MAX_CLOZE_GAP_CHARS or text in headings or sentence.count(text) > 1:
            return False
    return True


def _rest(sentences: Sequence[Sequence[Inline]], index: int) -> str:
    """The HTML of the sentences of a line other than the one at ``index``, as Details."""
    others = [
        "".join(part.html for part in sentence).strip() for number, sentence in enumerate(sentences) if number != index
    ]
    text = " ".join(other for other in others if other)
    return f"<p>{text}</p>" if text else ""


def _subject_lead(parts: list[Inline], names: list[Name], section: Section, topic: str) -> str:
    """``和: `` before ``UNION演算子を使用します。`` under ``## 和``: a sentence that opens with the name
    it hides has no subject of its own (its heading is its subject), and a front that opens with a
    gap says nothing of what it asks about; '' when words come before the name, or when the
    heading names no subject (``Other``) or only groups points (``主な機能``) and there is no topic
    line. (A nested bullet's subject is its parent bullet, not the heading: the caller leaves it.)"""
    if _before(parts, names[0]).strip():
        return ""
    title = topic or clean_term(section.title)
    if not title or names_no_subject(title) or is_group_heading(title) or is_label(title):
        return ""  # ``主な機能``, ``試験メモ``: a group of points, not what this one is about
    return f"{title}: "


def _parents(document: Document) -> dict[int, str]:
    """The folded text of each nested list item's parent, by the item's id: the parent's term is
    the nested bullet's subject (``- **CloudWatch Logs**: …`` / ``  - CloudWatch Logs を使用すると…``),
    which a means cloze must not ask again."""
    return {
        id(item): fold(parent.text)
        for section in study_sections(document)
        for item, parent in iter_items(section.blocks)
        if parent is not None
    }


def _siblings(document: Document) -> dict[int, tuple[str, ...]]:
    """The folded texts of each list item's siblings (the other items under the same parent, or the
    other top-level items of the section), by the item's id."""
    groups: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for section in study_sections(document):
        for item, parent in iter_items(section.blocks):
            key = (id(section), id(parent) if parent is not None else 0)
            groups.setdefault(key, []).append((id(item), fold(item.text)))
    return {
        own: tuple(text for other, text in members if other != own) for members in groups.values() for own, _ in members
    }


_MIN_FRAME = 4


def _same_frame(parts: list[Inline], names: list[Name], siblings: Sequence[str]) -> bool:
    """Whether a sibling says the sentence with the same words before the first gap and after the
    last and something else between them (``ALBは…を使用する`` twice, once per algorithm): the
    gap would have two valid answers."""
    if not siblings:
        return False
    sentence = fold("".join(part.text for part in parts))
    first, last = fold(name_text(parts, names[0])), fold(name_text(parts, names[-1]))
    start = sentence.find(first)
    end = sentence.rfind(last)
    if start < 0 or end < 0:
        return False
    before, after = sentence[:start], sentence[end + len(last) :].rstrip("。. ")
    if len(before) + len(after) < _MIN_FRAME or not before or not after:
        return False
    middle = sentence[start : end + len(last)]
    for text in siblings:
        text = text.rstrip("。. ")
        if (
            text.startswith(before)
            and text.endswith(after)
            and len(text) > len(before) + len(after)
            and text[len(before) : len(text) - len(after)] != middle
        ):
            return True
    return False


@register("object-clozes", order=101)
def extract_object_clozes(document: Document, context: ExtractContext) -> None:
    asked = {candidate.note.span.line for candidate in context.candidates}
    parents = _parents(document)
    siblings = _siblings(document)
    for owner, inlines, topic, section in sentence_sources(document):
        if (context.claimed(owner) and not topic) or not (section.level or topic):
            continue  # no heading or topic: nothing says what the sentence is about
        headings = headings_shown(document, section, topic)
        made = False
        for sentence in unasked_sentences(inlines, owner.span.line, asked, JA_SENTENCE_END):
            parts = list(sentence.parts)
            english = not plain_sentence(parts) and _english_advice(parts)
            if not plain_sentence(parts) and not english:
                continue
            names = [] if english else object_names(parts) or topic_object(parts, headings)
            if (
                not names
                and not topic
                and not english
                and not _QUESTION.search("".join(part.text for part in owner.inlines))
            ):
                # (not in a quiz stem: ``… を使用して転送します。どの手順を…？`` is the question's premise)
                names = means_object(parts, headings) or role_object(parts, headings)
                hidden = fold(name_text(parts, names[0])) if names else ""
                if hidden and (
                    fold("".join(part.text for part in owner.inlines)).count(hidden) > 1
                    or hidden in parents.get(id(owner), "")
                ):
                    names = []  # the answer shows in the card's other sentences, or is the parent's term

            if not names and not topic and not isinstance(owner, Paragraph) and section.level:
                # an advice bullet under its heading with no name: the method its claim ends on
                names = advice_object(parts, headings) or purpose_object(parts, headings)
                hidden = fold(name_text(parts, names[0])) if names else ""
                if hidden and (hidden in parents.get(id(owner), "") or _section_text(section).count(hidden) > 1):
                    names = []  # the parent's term, or said again beside it (``…ルーティングアルゴリズム`` twice)
            if not names or not _asks_something(parts, names, headings):
                continue
            if _same_frame(parts, names, siblings.get(id(owner), ())):
                context.skip(
                    owner.span.at(sentence.line),
                    "".join(part.text for part in parts),
                    "a sibling bullet says the same sentence with another name where the gap would be (`ALBは…を"
                    "使用する` twice, once per algorithm), so the gap has two valid answers; name what sets each "
                    "apart in the sentence (`- **Name**: …`) to get a card",
                    code="gap-two-answers",
                )
                continue
            if attribute_value(parts, _names(parts)) and not heading_defined(context, section):
                # ``デフォルトは pick です`` under ``## リベースのsquash``: the default of what the
                # sentences above list, which the card does not show
                explain_unowned_attribute(context, owner.span.at(sentence.line), "".join(part.text for part in parts))
                continue
            # a list item's other sentences stay under the card (a paragraph's get an explain line)
            rest = "" if isinstance(owner, Paragraph) else _rest(sentence.line_sentences, sentence.index)
            before = len(context.candidates)
            span = owner.span.at(sentence.line)
            gapped = with_gaps(parts, names)
            lead = "" if id(owner) in parents else _subject_lead(parts, names, section, topic)
            if lead:
                gapped = (Inline("text", html.escape(lead, quote=False), lead), *gapped)
            emit_cloze(context, document, section, span, gapped, topic, owner, rest)
            made = made or len(context.candidates) > before
        if made:
            context.claim(owner)
