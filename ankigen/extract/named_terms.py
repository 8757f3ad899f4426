"""Named terms: a sentence that gives a name to what it describes, or a name glossed in brackets.

Prose introduces terms without any term shape (no bold head, no ``Term: text``):

- naming verbs: ``AをBとします`` (let A be B: ``TPを正しく陽性とした件数、FPを…とします``),
  ``AのことをBといいます`` / ``AをBと呼ぶ`` (B names A), ``The values … are called hash values``;
- a bracket gloss: a description with its bold name in brackets after it
  (``…をより高価なマシンに置き換える（**垂直スケーリング**）``), or a name with its meaning in
  brackets (``latency（リクエストから応答までの遅延）``).

Each is a definition of the named term, its answer the description. The term must read as a
name and the description as a description (not a pronoun that leans on the sentence before, not
an example list or a qualification such as ``（FIFOキューのみ）``). A term some other card of
the file already defines is left alone. The sentence stays available to other extractors, so
its other key phrases still make their own cards.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from ankigen.patterns import lazy_compile

from ..model import Document, Inlines, ListItem, NoteKind, Paragraph, Section
from . import ExtractContext, register
from .common import (
    HIRAGANA_END,
    clean_term,
    fold,
    has_cjk,
    looks_like_term,
    plain_html,
    prose_owners,
    sentence_like,
    study_sections,
)
from .glossed_names import glossed_owner
from .sentence_definitions import names_what_it_is
from .vocabulary import (
    GLOSS_QUALIFIERS,
    GLOSS_USAGE_ENDINGS,
    LEANING_DETERMINERS_EN,
    LEANS_NAMED_TERM,
    MAX_NAMED_DESCRIPTION_CHARS,
    MAX_NAMED_REFERENT_CHARS,
    MAX_NAMED_SENTENCE_CHARS,
    MAX_NAMED_TERM_CHARS,
    MIN_NAMED_DESCRIPTION_CHARS,
)

_BOLD_OPEN, _BOLD_CLOSE = "\x01", "\x02"
_SENTENCE = lazy_compile(r"(?<=。)|(?<=[.!?])\s+(?=[A-Z])")
# ``AのことをBといいます``, ``AをBと呼ぶ``: B names A (``といい、`` joins a second naming)
_JA_NAMES = lazy_compile(
    r"(?P<description>[^、。]{1,120}?)(?:のこと)?を[「『]?(?P<term>[^「」『』、。を]{1,40}?)[」』]?"
    r"と(?:(?:いい|言い|呼び)(?:ます)?|呼んでいます|呼ぶ|いう|言う)(?=[。、.]|$)"
)
_JA_NAMES_HINT = lazy_compile(r"と(?:いい|言い|呼|いう|言う)")
# ``…特別な範囲として**プライベートアドレス**が定義されました``: B is defined as what precedes として
_JA_DEFINED_AS = lazy_compile(
    r"(?P<description>[^、。]{1,120}?)として[「『]?(?P<term>[^「」『』、。をがは]{1,40}?)[」』]?[がは]"
    r"定義(?:されました|されています|されている|される|された|されます)(?=[。、.]|$)"
)
# ``XをYとします``: let X be Y (a definition by the author, several joined with 、)
_JA_LET = lazy_compile(
    r"^(?P<body>.+?)と(?:します|する|しましょう|しておきます|おきます|定義します|定義する)[。.]?\s*$"
)
# ``The values … are called hash values, hash codes, or simply hashes.``; ``The rules they use, the
# language so to speak, is called the Internet Protocol i.e. TCP, UDP``: a name ends before an example
_NAME_END = r"\s*(?:[,;:.(]|\s(?:i\.e\.|e\.g\.|such as|for example|for short)(?:\s|$)|$)"
_EN_CALLED = lazy_compile(
    r"^(?P<description>[A-Z][^;:]{8,160}?)\s+(?:is|are)\s+(?:called|known as|referred to as|termed)\s+"
    r"(?:an?\s+|the\s+)?(?P<term>[^,;:.()]{2,40}?)" + _NAME_END
)
# ``…; where a portion of the packet is reserved for metadata, this is called a **header**``: the
# clause before ``this is called`` (or ``which is called``) is what the name means
_EN_THIS_CALLED = lazy_compile(
    r"^(?P<description>.{8,160}?),?\s+(?:this|which)\s+(?:is|are)\s+(?:called|known as|referred to as|termed)\s+"
    r"(?:an?\s+|the\s+)?(?P<term>[^,;:.()]{2,40}?)" + _NAME_END
)
# ``Linux doesn't distinguish threads and processes and both are called tasks``: the subject of
# ``are called`` is a pointing word at the end of a clause (both, they, these), so the words before
# it are no description of the name: no card from this sentence
_POINTED_SUBJECT = lazy_compile(
    r"(?:^|[,;]|\s(?:and|but|so|or))\s+(?:both|they|it|these|those|all|each|either|this|that)$", re.IGNORECASE
)
_CLAUSE_LINK = lazy_compile(r"^(?:where|whereby|in which|and|so|but|then)\s+", re.IGNORECASE)
# ``This message is called a packet``: the description is in the sentence before, when it names the message
_REFERS_BACK = lazy_compile(rf"^(?:{'|'.join((*LEANING_DETERMINERS_EN, 'such'))})\s+(?P<noun>[a-z]+)$", re.IGNORECASE)
_EN_CALLED_HINT = lazy_compile(
    r"\s(?:called|known as|referred to as|termed)\s", needs=("called", "known as", "referred to as", "termed")
)
# ``…する（**垂直スケーリング**）``: a bold name in brackets right after its description
_BOLD_GLOSS = lazy_compile(
    rf"(?P<description>[^、。,;:（(]{{1,120}}?)\s*[（(]{_BOLD_OPEN}(?P<term>[^{_BOLD_CLOSE}]{{1,40}}){_BOLD_CLOSE}[）)]"
)
# ``support（正解データ中の各クラスの件数）``: a Latin or katakana name with its meaning in brackets
_NAME_GLOSS = lazy_compile(
    r"(?<![A-Za-z0-9_\u30a0-\u30ff\u4e00-\u9fffの])"
    r"(?P<term>[A-Za-z][A-Za-z0-9_.-]{0,40}(?: [A-Za-z][A-Za-z0-9_.-]{0,40}){0,2}|[\u30a1-\u30fa\u30fc]{2,})"
    r"[（(](?P<description>[^（）()]{6,60})[）)]"
)


def _marked_text(inlines: Inlines) -> str:
    """The plain text, with **bold** parts fenced by control characters."""
    parts: list[str] = []
    for part in inlines:
        if part.kind == "strong":
            parts.append(f"{_BOLD_OPEN}{part.text}{_BOLD_CLOSE}")
        else:
            parts.append(part.text)
    return "".join(parts)


def _plain(text: str) -> str:
    return " ".join(text.replace(_BOLD_OPEN, "").replace(_BOLD_CLOSE, "").split())


def _good_term(term: str) -> bool:
    return (
        2 <= len(term) <= MAX_NAMED_TERM_CHARS
        and looks_like_term(term)
        and not sentence_like(term)
        and not LEANS_NAMED_TERM.match(term)
        and not term[:1].isdigit()
        and not HIRAGANA_END.search(term)  # ``まとめる``: a verb, not a name
    )


def _good_description(description: str, term: str, longest: int = MAX_NAMED_DESCRIPTION_CHARS) -> bool:
    """``longest``: a description taken whole from the sentence before may be as long as that sentence,
    up to :data:`MAX_NAMED_REFERENT_CHARS`."""
    longest = min(max(longest, MAX_NAMED_DESCRIPTION_CHARS), MAX_NAMED_REFERENT_CHARS)
    if not MIN_NAMED_DESCRIPTION_CHARS <= len(description) <= longest:
        return False
    if LEANS_NAMED_TERM.match(description) or fold(term) in fold(description):
        return False
    if description.endswith(GLOSS_USAGE_ENDINGS):
        return False  # ``（マルチアカウントで利用）``: what it is used for, not what it is
    return not any(word in description for word in GLOSS_QUALIFIERS)


def _naming(sentence: str, before: str = "") -> Iterator[tuple[str, str]]:
    """(term, description) for each naming in one sentence (``before``: the sentence before it)."""
    plain = _plain(sentence)
    found = False
    # each pattern scans every start of the sentence with a lazy run; a sentence without the words
    # a pattern needs cannot match it, and is not scanned
    names = "を" in plain and _JA_NAMES_HINT.search(plain) is not None
    defined_as = "として" in plain and "定義" in plain
    for match in (
        *(_JA_NAMES.finditer(plain) if names else ()),
        *(_JA_DEFINED_AS.finditer(plain) if defined_as else ()),
    ):
        term, description = clean_term(match["term"]), match["description"].strip()
        if _good_term(term) and _good_description(description, term):
            found = True
            yield term, description
    if found:
        return
    let = _JA_LET.match(plain) if "と" in plain else None
    if let is not None and "を" in let["body"]:
        pairs: list[list[str]] = []
        for segment in let["body"].split("、"):
            if "を" in segment:
                name, _, description = segment.partition("を")
                pairs.append([clean_term(name), description.strip()])
            elif pairs:
                pairs[-1][1] += "、" + segment  # a comma inside the last description
        for term, description in pairs:
            if _good_term(term) and not has_cjk(term[:1] + term[-1:]) and _good_description(description, term):
                yield term, description
        return
    called = _EN_CALLED.match(plain) if _EN_CALLED_HINT.search(plain) else None
    if called is not None:
        term, description = clean_term(called["term"]), called["description"].strip().rstrip(",")
        referent = _REFERS_BACK.match(description)
        if referent is not None and _mentions(before, referent["noun"]):
            description = before  # ``This message is called a packet``: the sentence before says what the message is
        pointed = _POINTED_SUBJECT.search(description) is not None
        good = _good_term(term) and _good_description(description, term, len(before))
        if not pointed and len(term.split()) <= 4 and good:
            yield term, description
    clauses = plain.split(";")[1 if called is not None else 0 :] if _EN_CALLED_HINT.search(plain) else []
    for clause in clauses:
        this = _EN_THIS_CALLED.match(clause.strip())
        if this is None:
            continue
        term, description = clean_term(this["term"]), _CLAUSE_LINK.sub("", this["description"].strip())
        if len(term.split()) <= 4 and _good_term(term) and _good_description(description, term):
            yield term, description


def _mentions(sentence: str, noun: str) -> bool:
    """Whether ``sentence`` names ``noun`` (``message``, ``messages``): what ``this message`` points back to."""
    stem = noun.lower().removesuffix("s")
    return len(stem) >= 3 and re.search(rf"\b{re.escape(stem)}s?\b", sentence.lower()) is not None


def _glosses(sentence: str, actions: list[tuple[str, str]] | None = None) -> Iterator[tuple[str, str]]:
    """(term, description) for each bracket gloss in one sentence. A katakana or Latin word the
    sentence goes on to use as its action (``…だけでデプロイ（実行環境への展開）を行うことができます``)
    is added to ``actions`` instead: the gloss translates a word of the sentence in passing, it
    does not name a term the notes introduce."""
    bold_gloss = f"({_BOLD_OPEN}" in sentence or f"（{_BOLD_OPEN}" in sentence
    for match in _BOLD_GLOSS.finditer(sentence) if bold_gloss else ():
        term, description = clean_term(_plain(match["term"])), _plain(match["description"])
        if has_cjk(description) and not sentence_like(description + "。"):
            continue
        if re.search(r"[^\s]は|\s(?:is|are)\s", description):
            continue  # ``ALBは…（**L7ロードバランサ**）``: a statement about another subject, the bold its class
        words = description.split()
        if not has_cjk(description) and (len(words) < 3 or sum(word[:1].isupper() for word in words) * 2 >= len(words)):
            continue  # ``The Open Systems Interconnection (**OSI**)``: a name spelled out, not a description
        if _good_term(term) and _good_description(description, term):
            yield term, description
    plain = _plain(sentence)
    for match in _NAME_GLOSS.finditer(plain) if "(" in plain or "（" in plain else ():
        term, description = match["term"].strip(), match["description"].strip()
        if not has_cjk(description) or "の" not in description or not names_what_it_is(description):
            continue  # ``S3（Simple Storage Service）``: a spelled-out name; ``X（…する）``: a remark
        if "、" in description or "," in description:
            continue  # a list of examples or kinds, not what the name is
        if _good_term(term) and _good_description(description, term):
            if _GLOSSED_ACTION.match(plain, match.end()):
                if actions is not None:
                    actions.append((term, description))
                continue
            yield term, description


_GLOSSED_ACTION = lazy_compile(r"\s*(?:を(?:行|おこな|実行|実施)|する|します|して|し[、。]|され|でき)")


def _previous_paragraphs(section: Section) -> dict[int, Paragraph]:
    """For each paragraph of the section, the paragraph right above it (an image between them
    aside): where ``This message is called …`` finds the message it points back to."""
    previous: dict[int, Paragraph] = {}
    last: Paragraph | None = None
    for block in section.blocks:
        if isinstance(block, Paragraph) and all(part.kind in ("image", "br") for part in block.inlines):
            continue
        if isinstance(block, Paragraph) and last is not None:
            previous[id(block)] = last
        last = block if isinstance(block, Paragraph) else None
    return previous


def _yield_heading_answer(
    context: ExtractContext, section: Section, paragraph: Paragraph | ListItem, term: str
) -> None:
    """The paragraph under a heading that the next sentence names (``## Communication`` / ``…sending
    a letter …`` / ``This message is called a **packet**``) describes that name, not the heading:
    the heading only groups what its section says, so its definition made of the paragraph goes."""
    for candidate in list(context.candidates):
        if candidate.source is paragraph and candidate.extractor == "heading-definitions":
            # the paragraph's first sentence is the description (the naming follows it, in the
            # same paragraph or the next): the heading's answer is what the name means
            context.candidates.remove(candidate)
            context.skip(
                section.span.at(section.span.line, paragraph.span.end_line),
                candidate.term,
                f"the text under the heading describes what the next sentence names ({term}), which is "
                "the card; the heading only groups its section",
                code="names-another",
            )


def _last_sentence(text: str) -> str:
    sentences = [part for part in _SENTENCE.split(text) if part.strip()]
    return " ".join(sentences[-1].split()) if sentences else ""


_OPENING_BRACKET = lazy_compile(r"[（(]")


def _base(term: str) -> str:
    return fold(_OPENING_BRACKET.split(term, maxsplit=1)[0])


def _opens_answer(term: str, answers: Iterable[str]) -> bool:
    """Whether a glossed name opens the answer another card of the same line asks (``- cmd :
    アーカイブ（…）を作って送る``): the gloss is part of that answer, the object of what the line's
    term does, not a term of its own; a card of it would ask half of that answer again."""
    opening = fold(term)
    return any(
        answer.startswith(opening) and answer[len(opening) : len(opening) + 1] in ("(", "（") for answer in answers
    )


_QUOTE_SPEAKER = lazy_compile(
    r"(?:の言葉です|の言葉|曰く|は(?:こう|次のように)?(?:言|述べ)ってい(?:ます|る))\s*[:：。]?\s*$"
    r"|\b(?:said|says|wrote|writes|puts it)\s*[:：]\s*$",
    re.IGNORECASE,
)
"""A sentence that introduces a quotation by its speaker (``X（…）の言葉です:``, ``As X said:``)."""


_QUOTED_SPEAKER_REASON = (
    "attribution",
    "the bracket only says who the quotation that follows is by (…の言葉です:, … said:), not a fact of the notes; "
    "no card",
)
_ACTION_GLOSS_REASON = (
    "restates-prompt",
    "a word glossed in brackets where the sentence uses it as its action (…を行う, …する): the gloss only "
    "translates the word in passing; no card. Write `- **Term**: what it is` to get one",
)


def _skip_gloss(
    context: ExtractContext,
    owner: Paragraph | ListItem,
    text: str,
    start: int,
    term: str,
    description: str,
    why: tuple[str, str],
) -> None:
    """An explain line for ``term（description）`` on the line of ``owner`` where the term is written."""
    offset = text.find(term, max(start, 0))
    code, reason = why
    context.skip(
        owner.span.at(owner.span.line + text.count("\n", 0, max(offset, 0))),
        f"{term}（{description}）",
        reason,
        code=code,
    )


@register("named-terms", order=85)
def extract_named_terms(document: Document, context: ExtractContext) -> None:
    terms: dict[int, list[str]] = {}  # the terms other cards made from each block or item define
    answers: dict[int, list[str]] = {}  # and those cards' answers
    for candidate in context.candidates:
        if candidate.term and candidate.source is not None:
            terms.setdefault(id(candidate.source), []).append(fold(candidate.term))
            answers.setdefault(id(candidate.source), []).append(fold(plain_html(candidate.answer)))
    defined = {_base(candidate.term) for candidate in context.candidates if candidate.term}
    for section in study_sections(document):
        previous = _previous_paragraphs(section)
        for owner in prose_owners(section):
            if glossed_owner(context, owner):
                continue  # each member is a cloze already (extract/glossed_names.py)
            text = _marked_text(owner.inlines)
            position = 0
            before_owner = previous.get(id(owner))
            before = _last_sentence(before_owner.text) if before_owner is not None else ""
            for index, sentence in enumerate(_SENTENCE.split(text)):
                start = text.find(sentence, position)
                position = max(start, 0) + len(sentence)
                if len(sentence) > MAX_NAMED_SENTENCE_CHARS:
                    before = ""
                    continue  # a passage, not a sentence that names one thing
                namings = list(_naming(sentence, before))
                described = before_owner if index == 0 else owner if index == 1 else None
                for term, description in namings:
                    if described is not None and description == before and _base(term) not in defined:
                        _yield_heading_answer(context, section, described, term)
                before = " ".join(_plain(sentence).split())
                actions: list[tuple[str, str]] = []
                glosses = [
                    (term, description)
                    for term, description in _glosses(sentence, actions)
                    if not _opens_answer(term, answers.get(id(owner), ()))
                ]
                if glosses and _QUOTE_SPEAKER.search(_plain(sentence)):
                    # ``Roberto Peon（HPACKを生み出した人々の中の一人）の言葉です:``: who says the quote below
                    for term, description in glosses:
                        _skip_gloss(context, owner, text, start, term, description, _QUOTED_SPEAKER_REASON)
                    glosses = []
                for term, description in actions:
                    _skip_gloss(context, owner, text, start, term, description, _ACTION_GLOSS_REASON)
                for term, description in (*namings, *glosses):
                    if _base(term) in defined or any(fold(term) in other for other in terms.get(id(owner), ())):
                        continue  # ``ロールの引き受け (AssumeRole)`` is a card already
                    defined.add(_base(term))
                    # the card starts where its name is written (a sentence may name it a line later)
                    offset = text.find(term, max(start, 0))
                    if offset < 0:
                        offset = max(start, 0) + len(sentence) - len(sentence.lstrip())
                    line = owner.span.line + text.count("\n", 0, offset)
                    context.emit(
                        NoteKind.DEFINITION,
                        term,
                        owner.span.at(line),
                        {"Term": html.escape(term), "Definition": html.escape(description)},
                        section=section,
                        term=term,
                        source=owner,
                    )
