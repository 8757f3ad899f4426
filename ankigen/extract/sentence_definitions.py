"""Sentence definitions: a bullet that defines its subject in a plain sentence, with no bold and
no colon: ``- A *Linked List* is a linear collection of …``, ``- A binary search tree, sometimes
called BST, is a type of …``, ``- Route 53は、AWSのDNSサービスです。``.

Course notes and service notes write definitions this way, one sentence a bullet, under a heading
that names the subject, and none of the term shapes (``**Term**:``, ``Xとは``) matched them, so a
whole file could give nothing. The subject must read as a term: a short name, not a pronoun
(``It is …``, ``このサービスは、…``) or a clause (``…には、``). It runs after the heading
definitions, on bullets nothing used.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import (
    Block,
    Document,
    ListItem,
    NoteKind,
    Paragraph,
    Quote,
    Section,
    Span,
    Table,
    inline_html,
    inline_text,
)
from . import ExtractContext, register
from .common import (
    HIRAGANA_END,
    JA_COPULA_END,
    NOMINALISED_CLAUSE,
    children_html,
    clean_term,
    fold,
    has_cjk,
    iter_items,
    looks_like_term,
    may_open_with,
    meaningful_body,
    plain_html,
    sentence_like,
    split_definition,
    split_lines,
    study_sections,
)
from .definitions import ends_with_lead_in, head_term, is_explanation, points_below
from .parallel_clauses import parallel_sentence
from .vocabulary import (
    GENERIC_TERMS,
    HA_CONJUNCTION_STEMS,
    POINTING_TERMS_SENTENCE_DEFINITION_JA,
    PRONOUN_TERMS_EN,
    QUOTE_ATTRIBUTION,
)

PARALLEL = "\x00parallel"

_ENGLISH = lazy_compile(
    r"^(?:(?:A|An|The)\s+)?(?P<term>[^,.;:()]{2,50}?(?:\s*\([^)]{1,40}\)[^,.;:()]{1,30}?)?)"
    r"(?:\s*\([^)]{1,40}\))?(?:\s*,[^,]{1,60},)?"
    r",?\s+(?:is|are|refers to)\s+(?:a|an|the|one of|any)\s"
)
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom", "whose", "where"})
"""The last word of a would-be term before ``is a``: a relative clause's pronoun (``… SQL which is
a fork``), so the words before it are a sentence of their own, not a name."""
_EVERY_ONE = frozenset({"each", "every"})
"""A quantifier before the subject that says the sentence holds of every member of the kind."""
_SOME_OF_THEM = frozenset({"one", "another", "some", "both", "either", "neither", "many", "most", "several"})
"""A quantifier before the subject that picks some members in a case: the sentence defines no kind."""
_WHATEVER_IS_LEFT = frozenset(
    {"everything", "anything", "nothing", "something", "everyone", "anyone", "someone", "nobody", "none", "others"}
)
"""A front that names no thing but points at a set (``Everything else is a URL``, ``Others are …``):
the sentence says what the rest are, it defines no term."""
_SYMBOL_NAMED = lazy_compile(r"^\S{1,3}\s*\(([A-Za-z][A-Za-z -]{1,30})\)")
"""``_ (underscore)``: a symbol and, in brackets, its name."""
# ``Xは、…``, ``Xとは…``, ``X（reading）は「…」``: a comma, とは or a quote marks a definition; a bare
# ``Xは…`` is any statement about X
_JAPANESE = lazy_compile(
    r"^(?P<term>[^、。「」（(]{1,30}?)(?P<reading>\s*[（(][^）)]{1,30}[）)])?(?:とは、?|は、|は(?=「))(?P<rest>.{6,})"
)
_JA_CLAUSE_ENDINGS = ("に", "で", "と", "も", "が", "を", "て", "の", "から", "まで", "より", "場合", "とき", "時")
_SUBJECT_CLAUSE = lazy_compile(
    r"[^\s]が[^、。]{1,12}(?:となる|になる|する|できる|ある|いる|した|だった)(?=[\u30a0-\u30ff\u4e00-\u9fffA-Za-z])"
)
"""A relative clause with its own subject inside a would-be term (``AWSが認証局となる証明書``): the
words before は are a phrase describing a thing, not a term to ask."""
_JA_CONNECTIVES = frozenset(
    {"また", "さらに", "なお", "ただし", "一方", "例えば", "たとえば", "つまり", "特に", "実際"}
)
# A defining sentence ends in what the subject *is* (a noun): ``…のファイアウォール``, ``…方法です``;
# one ending in a verb (``…を送る``, ``…発行します``) or an evaluation (``…に便利``) says what it does.
_JA_EVALUATIONS = ("便利", "簡単", "重要", "必要", "可能", "不要", "有効", "おすすめ", "推奨")
_JA_KANA_NOUNS = ("のこと", "もの", "仕組み", "集まり", "組み合わせ", "まとめ", "の一つ", "のひとつ")
_TRAILING_NOTE = lazy_compile(r"\s*[（(][^）)]*[）)]\s*$")


def names_what_it_is(rest: str) -> bool:
    """Whether the Japanese sentence after ``Xは、`` says what X is (ends in a noun)."""
    first = rest.split("。", 1)[0]
    if "が、" in first:
        return False  # ``…されているが、…``: a remark with a "but", not what it is
    # ``…のポリシーで、…``: the clause before ``で、`` names it (but ``…することで、`` is "by doing")
    clauses = [first, first.split("で、", 1)[0]] if "で、" in first else [first]
    for clause in clauses:
        core = JA_COPULA_END.sub("", _TRAILING_NOTE.sub("", clause.strip(" ：:"))).strip()
        if not core or core.endswith(_JA_EVALUATIONS) or (clause is not first and core.endswith("こと")):
            continue
        if core.endswith(_JA_KANA_NOUNS) or not HIRAGANA_END.search(core):
            return True
    return False


def _act_named(rest: str) -> bool:
    """Whether the sentence after ``Xとは`` ends on the act X is (``…を管理することです``): とは asks
    what X means, and a clause made a noun by こと answers it (after ``は、`` it may be a remark)."""
    first = rest.split("。", 1)[0]
    core = JA_COPULA_END.sub("", _TRAILING_NOTE.sub("", first.strip(" ：:"))).strip()
    return "が、" not in first and core.endswith("こと") and len(core) >= 8


def ranked_subject(text: str) -> str:
    """The subject of an English ``X is the most …`` / ``X is a prerequisite for …`` sentence (a
    claim that ranks X or ties it to another thing, :data:`_RANK_OR_RELATION`), else ''."""
    stripped = " ".join(text.split())
    english = _ENGLISH.match(stripped)
    if english is None or not _RANK_OR_RELATION.match(stripped[english.end() :]):
        return ""
    term = clean_term(english.group("term"))
    words = term.split()
    if not words or words[0].lower() in PRONOUN_TERMS_EN or len(words) > 5 or not looks_like_term(term):
        return ""
    return term


def _skip_ranked(context: ExtractContext, span: Span, text: str) -> None:
    """The explain line of a sentence :func:`ranked_subject` finds a claim about its subject."""
    subject = ranked_subject(text)
    if subject:
        context.skip(
            span,
            text,
            f"the sentence ranks '{subject}' or ties it to another thing (the most …, a prerequisite for …), it "
            f"does not say what '{subject}' is; bold the key phrase for a cloze, or write `- **{subject}**: what "
            "it is` to get a card",
            code="not-what-it-is",
        )


def _skip_whatever_is_left(context: ExtractContext, paragraph: Paragraph, sentence: str) -> None:
    """The explain line of a sentence whose front points at a set (``Everything else is a URL``): no
    term to ask, and said on its own line so the other sentences of its line are explained too."""
    english = _ENGLISH.match(" ".join(sentence.split()))
    words = clean_term(english.group("term")).split() if english else []
    if not words or words[0].lower() not in _WHATEVER_IS_LEFT or context.claimed(paragraph):
        return  # (a paragraph another card asks explains its sentences against that card)
    at = max(paragraph.text.find(sentence.strip()), 0)
    line = paragraph.span.line + paragraph.text.count("\n", 0, at)
    context.skip(
        paragraph.span.at(line, line),
        " ".join(sentence.split()),
        f"'{words[0]}' points at whatever else there is, it names no term to ask; write the rule about its "
        "subject (`- **Term**: explanation`) to get a card",
        code="not-a-term",
    )


def sentence_term(text: str) -> str:
    """The subject a defining sentence names, or '' when the sentence defines nothing."""
    stripped = " ".join(text.split())
    english = _ENGLISH.match(stripped)
    if english and ends_with_lead_in(stripped):
        return ""  # ``X are the following:`` announces a list; the list is the answer, not this sentence
    if english:
        term = clean_term(english.group("term"))
        named = _SYMBOL_NAMED.match(stripped)
        if named is not None and not any(char.isalnum() for char in term):
            term = f"{term} ({named.group(1)})"  # ``_ (underscore) is …``: a symbol asked with its name
        words = term.split()
        if len(words) > 1 and words[0].lower() in _EVERY_ONE:
            # ``Each Region is a separate geographic area``: what every member is, said of the kind
            term, words = " ".join(words[1:]), words[1:]
        elif words and words[0].lower() in _WHATEVER_IS_LEFT:
            return ""  # ``Everything else is a URL``: a rule about whatever is left, no term it names
        elif words and words[0].lower() in _SOME_OF_THEM:
            return ""  # ``one VPC is the provider and another …``: one of them in a case, not what a kind is
        if not words or words[0].lower() in PRONOUN_TERMS_EN or len(words) > 5 or not looks_like_term(term):
            return ""
        if words[-1].lower() in _RELATIVE_PRONOUNS:
            # ``Athena uses Trino SQL which is a fork of Presto``: the subject before ``which is`` is a
            # clause with its own verb, and ``which`` opens what it says of its object: no term
            return ""
        if _ACTION_PHRASE.match(term):
            return ""  # ``Pairing ASGs with CLBs is a common pattern…``: an action done, not a term it names
        if _RANK_OR_RELATION.match(stripped[english.end() :]):
            return ""  # ``MySQL is the most widely used …``, ``X is a prerequisite for Y``: a claim, not what X is
        return term
    japanese = _JAPANESE.match(stripped)
    if japanese:
        term = clean_term(japanese.group("term"))
        rest = japanese.group("rest")
        if japanese.group("reading"):
            term += japanese.group("reading").strip()
        if len(term) < 2 or term in _JA_CONNECTIVES or term.startswith((*POINTING_TERMS_SENTENCE_DEFINITION_JA, "例")):
            return ""
        if japanese.group("term").rstrip().endswith(HA_CONJUNCTION_STEMS):
            return ""  # ``Aもしくは、B…``: the は of a conjunction (もしくは, または), not a topic marker
        if NOMINALISED_CLAUSE.search(japanese.group("term").rstrip()):
            return ""  # ``学ぶことは多い``: こと + は (a clause made a noun), not a term + とは

        if term.endswith(_JA_CLAUSE_ENDINGS) or sentence_like(term) or not has_cjk(rest):
            return ""
        if _SUBJECT_CLAUSE.search(term):
            return ""  # ``AWSが認証局となるSSL証明書は、…``: a clause with its own subject, not a name
        marker = stripped[
            japanese.end("reading") if japanese.group("reading") else japanese.end("term") : japanese.start("rest")
        ]
        if not marker.endswith("、") and rest.lstrip().startswith(("別", "違", "異", "逆", "無関係")):
            return ""  # ``Xとは別の…``: "other than X", not what X is (``Xとは、異なる…を結ぶ機器`` is)
        if points_below(rest.lstrip(" 、")):
            return ""  # ``Xとは以下のような場合です``: it points at what follows (code, a list), says nothing
        if not names_what_it_is(rest) and not (marker.startswith("とは") and _act_named(rest)):
            return ""
        return term if looks_like_term(term) else ""
    return ""


_BARE_TOPIC = lazy_compile(
    r"^(?P<term>[^、。，,「」（()）\u3040-\u309f]{1,24}?)\s*は\s*(?P<rest>[^、。，,（()）]{2,24}?)[。．]?$"
)
"""A short top-level bullet ``XはY`` with no comma (``BigTableはNoSQL``, ``ACM証明書はリージョンリソース``):
a name written without kana, は, and a noun phrase of a few words with no aside in brackets (a child
bullet is a part of its parent's subject, asked by the readers of parts)."""


def bare_topic_term(text: str) -> str:
    """The name a terse ``XはY`` bullet says what it is (``ACM証明書はリージョンリソース``): X when it is
    a name (no kana, not a pointing word) and Y ends on a noun that is not a judgement (``…は変更可能``,
    ``…はアドレス範囲なし``, ``…は3つある`` say something of X, not what X is); '' otherwise."""
    stripped = " ".join(text.split())
    match = _BARE_TOPIC.match(stripped)
    if match is None or not has_cjk(stripped):
        return ""
    term = clean_term(match.group("term"))
    rest = match.group("rest").strip()
    if len(term) < 2 or term.startswith((*POINTING_TERMS_SENTENCE_DEFINITION_JA, "例")) or term in _JA_CONNECTIVES:
        return ""
    if rest.startswith(("別", "違", "異", "逆", "無関係")) or not names_what_it_is(rest):
        return ""
    if not _NAME_SCRIPT.search(term) or _CLAUSE_KANA.search(JA_COPULA_END.sub("", rest)):
        # ``大元はIANA管理``: a common word, not a name; ``プログラマは自由に制御できる領域``: a clause
        # (its verb in kana) that X only opens, not X and what it is
        return ""
    return term if looks_like_term(term) and not sentence_like(term) else ""


_PROSE_TOPIC = lazy_compile(
    r"^(?P<term>[^、。，,「」（()）\u3040-\u309f\s][^、。，,「」（()）\u3040-\u309f]{1,23}?)\s*は"
    r"(?P<rest>[^、。，,：:「」]{2,60}?)(?:です|である|だ)?[。．]?$"
)
"""A sentence of prose ``XはYです。`` with no comma (``http2はバイナリープロトコルです。``,
``OAuth2.0は認可の仕組み``): a name written without kana, は, and what it is."""
_CLASS_NOUNS = (
    "構造",
    "仕組み",
    "方式",
    "手法",
    "技術",
    "概念",
    "機能",
    "サービス",
    "プロトコル",
    "ソフトウェア",
    "システム",
    "ツール",
    "言語",
    "規格",
    "形式",
    "フォーマット",
    "ライブラリ",
    "フレームワーク",
    "アルゴリズム",
    "データベース",
    "攻撃",
    "装置",
    "機器",
    "モデル",
    "アーキテクチャ",
)
"""The class a defining sentence puts its subject in (``…階層的構造です``): a predicate with a clause of
its own (``少数のサーバーが上位に位置する``) still says what the subject is when it ends on one."""


_ATTRIBUTE_SUBJECTS_JA = frozenset(
    {
        "デフォルト", "メリット", "デメリット", "ポイント", "コンセプト", "イメージ", "ケース", "パターン",
        "ルール", "ゴール", "テーマ", "メイン", "ベース", "タイプ", "オプション", "モード", "レベル",
        "ステータス", "サイズ", "ターゲット", "ユーザー", "ユーザ", "メモ", "ノート", "ステップ", "フロー",
    }
)  # fmt: skip
"""Katakana words that name an attribute or a part of whatever the notes are about, not a thing
(``デフォルトは自動モード。``, ``メリットは…``): a sentence opening on one says whose value it is nowhere."""


def prose_topic_term(sentence: str) -> str:
    """The name a plain ``XはYです。`` sentence of a paragraph says what it is (``http2はバイナリー
    プロトコルです。``): X a name (Latin letters or katakana, no kana, not a pointing word), Y a noun
    phrase that is not a judgement, with CJK in it (``デフォルトは`pick`です`` gives a value, not a
    class); a Y with a verb clause in it must end on a class noun (:data:`_CLASS_NOUNS`). '' otherwise."""
    stripped = " ".join(sentence.split())
    match = _PROSE_TOPIC.match(stripped)
    if match is None:
        return ""
    term = clean_term(match.group("term"))
    rest = match.group("rest").strip()
    if len(term) < 2 or term.startswith((*POINTING_TERMS_SENTENCE_DEFINITION_JA, "例")) or term in _JA_CONNECTIVES:
        return ""
    if not has_cjk(rest) or rest.startswith(("別", "違", "異", "逆", "無関係")) or not names_what_it_is(rest):
        return ""
    if not _NAME_SCRIPT.search(term) or term in _ATTRIBUTE_SUBJECTS_JA or term in GENERIC_TERMS:
        return ""  # ``短縮形は…``, ``デフォルトは…``: a common word or an attribute, not a name
    if _CLAUSE_KANA.search(rest) and not rest.endswith(_CLASS_NOUNS):
        return ""  # ``プログラマは自由に制御できる領域``: a clause X only opens, not X and what it is
    return term if looks_like_term(term) and not sentence_like(term) else ""


_NAME_SCRIPT = lazy_compile(r"[A-Za-z\u30a1-\u30fa]")
"""A name is written with Latin letters or katakana in it (``ACM証明書``, ``ゾーン``)."""
_CLAUSE_KANA = lazy_compile(r"(?![のなとや])[\u3041-\u3096]")
"""Kana other than the particles that join nouns (の, な, と, や): a verb or an ending of its own."""


_RANK_OR_RELATION = lazy_compile(
    r"^(?:most|least|best|worst|largest|smallest|biggest|fastest|slowest|cheapest|only|prerequisite|"
    r"requirement|precondition|must)\b",
    re.IGNORECASE,
)
"""What follows ``X is a/the`` when the sentence ranks X or ties it to another thing (``MySQL is the
most widely used open source DB``, ``Health-based detection is a prerequisite for SRT involvement``):
a claim about X, not the class it belongs to, so a definition card would ask ``X?`` for it."""

_ACTION_PHRASE = lazy_compile(
    r"^[A-Za-z]{3,}ing\s+\S.*\s(?:with|to|from|into|onto|off|on|for|by|across|between)(?:\s|$)", re.IGNORECASE
)
"""An -ing verb, its object and a preposition (``Pairing ASGs with CLBs``, ``Turning WAL mode off``):
an action the sentence says something about, not a name it defines (``Streaming replication`` is one)."""


def _heading_sentence(text: str, section: Section) -> str:
    """The heading's term when a bullet under it opens with that term as its subject, whatever the
    verb (``### Hashing`` / ``- Hashing is used to map data …``): the bullet says what the heading
    is for, as the heading's own paragraph would. '' otherwise."""
    if not section.level:
        return ""
    term = clean_term(section.title)
    if not term or not looks_like_term(term) or has_cjk(term):
        return ""
    stripped = " ".join(text.split())
    if not may_open_with(r"(?:(?:an?|the)\s+)?", term[:1], stripped, re.IGNORECASE):
        return ""
    pattern = rf"(?:(?:an?|the)\s+)?{re.escape(term)}\s+(?:is|are|refers to|means)\s+\w+\s+\w+"
    return term if re.match(pattern, stripped, re.IGNORECASE) else ""


_PROSE_SENTENCE = lazy_compile(
    r"(?<=。)|(?<=[.!?])\s+(?=[A-Z])|(?<=[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e])(?<![、をにがはのとでもへや])\n"
)
"""Where a sentence of prose ends: ``。``, ``.`` before a capital, or a line break after Japanese
text that does not run on (a particle or ``、`` before the break does): a note's Japanese line is a
line of its own, so a defining sentence never runs into the steps, diagrams or titles below it."""


_RUNS_ON_EN = lazy_compile(
    r"(?:[,;:(\-\u2013\u2014&+]|\b(?:and|or|but|nor|the|a|an|of|to|in|on|at|for|from|with|by|as|into|than|that|"
    r"which|who|is|are|was|were|be|its|their|your|our|this|these|those|via|using|such|e\.g\.|i\.e\.))\s*$",
    re.IGNORECASE,
)
"""The end of an English line that runs on into the next line: a comma or a dash (not a slash: a
URL ends a line), or a word that needs what follows it (an article, a preposition, a conjunction,
a verb ``is``)."""
_GOES_ON_EN = lazy_compile(
    r"^(?:not|no|it|its|they|this|these|that|also|but|can|cannot|does|doesn't|is|are|was|has|have|uses|used|"
    r"supports|allows|provides|requires|only|must|should|will|may|so|then|and|or)\b",
    re.IGNORECASE,
)
"""A line that opens with no subject of its own (``Not installed by default``, ``It also …``,
``Supports …``): it goes on about the subject of the line above."""
_LINE_OPENING_EN = lazy_compile(r"^[A-Z0-9`\"'(*]")


def prose_sentences(text: str) -> list[str]:
    """The sentences of a paragraph's text. Notes often write one fact a line with no full stop
    (``AWS WAF is a web application firewall`` / ``AWS Shield is a DDoS protection service``): when
    every line of an English paragraph opens with a capital and none runs on into the next
    (:data:`_RUNS_ON_EN`), each line is a sentence of its own, never the tail of the one above."""
    if fact_lines(text):
        return [piece for line in text.split("\n") for piece in _PROSE_SENTENCE.split(line)]
    return _PROSE_SENTENCE.split(text)


def fact_lines(text: str) -> bool:
    """Whether an English paragraph is written one fact a line (see :func:`prose_sentences`)."""
    lines = text.split("\n")
    return (
        len(lines) >= 2
        and not has_cjk(text)
        and all(_LINE_OPENING_EN.match(line.strip()) for line in lines if line.strip())
        and not any(_RUNS_ON_EN.search(line.strip()) for line in lines[:-1] if line.strip())
    )


def _prose_definitions(context: ExtractContext, section: Section, paragraph: Paragraph) -> None:
    """Each sentence of a paragraph that defines its subject (``適合率（precision）は「…」です。``,
    ``DNSとは、…``) is a definition of its own, on the line where the sentence starts (a line of its
    own in a paragraph written one fact a line: :func:`prose_sentences`)."""
    text = paragraph.text
    position = 0
    sentences: list[tuple[int, str, str]] = []
    """Each sentence of the paragraph: where it starts, its text, and the term it defines ('' none)."""
    by_lines = fact_lines(text)
    for sentence in prose_sentences(text):
        start = text.find(sentence, position)
        position = start + len(sentence)
        # a sentence of parallel clauses is a cloze of its own (extract/parallel_clauses.py): it
        # defines nothing, and ends the Details of the definition before it
        parallel = parallel_sentence(context, sentence)
        sentences.append(
            (start, sentence, PARALLEL if parallel else _defined_term(context, section, paragraph, sentence))
        )
    for index, (start, sentence, term) in enumerate(sentences):
        if not term or term == PARALLEL:
            continue
        # the sentences after it, up to the next one that defines a term, say more about the same
        # subject: they stay with the card as its Details (listed by --explain), never dropped
        after: list[str] = []
        end = max(start, 0) + len(sentence.rstrip())
        for at, following, defines in sentences[index + 1 :]:
            if defines or (
                by_lines
                and text.count("\n", 0, at) != text.count("\n", 0, max(start, 0))
                and not _GOES_ON_EN.match(following.strip())
            ):
                break  # (a line of a paragraph written one fact a line says something else of another subject)
            if following.strip():
                after.append(" ".join(following.split()))
                end = at + len(following.rstrip())
        line = paragraph.span.line + text.count("\n", 0, max(start, 0) + len(sentence) - len(sentence.lstrip()))
        # the note spans the lines of its sentence and of those its Details hold: an explain entry
        # for a line of the paragraph outside them gives that line, quoting its own text
        last = max(line, paragraph.span.line + text.count("\n", 0, end))
        context.emit(
            NoteKind.DEFINITION,
            term,
            paragraph.span.at(line, last),
            {
                "Term": html.escape(term),
                "Definition": html.escape(_without_topic(" ".join(sentence.split()))),
                "Details": f"<p>{html.escape(' '.join(after))}</p>" if after else "",
            },
            section=section,
            term=term,
            source=paragraph,
        )


_EXAMPLE_OPENING = lazy_compile(r"^\s*(?:for example|for instance|e\.g\.|例えば|たとえば|例:|例：)", re.IGNORECASE)
_TERM_PREPOSITION = lazy_compile(r"\s(?:to|with|for|of|in|on|at|from|by)(?:\s|$)", re.IGNORECASE)


def _later_definitions(context: ExtractContext, section: Section, paragraph: Paragraph) -> None:
    """A sentence after the first of a paragraph a heading's definition answers with, when it says
    what another term is (``A databases is … . A database management system is a type of software
    that …``): the heading's card asks the first term, so the second is a definition of its own at
    the sentence's line (it stays in the heading card's answer or Details too). An example (``For
    example, X is …``), a sentence announcing a list (``Xは、以下の…``), a term with a preposition in
    it (``The mandatory place to start with``), a Japanese sentence without とは (``Xは、Yより高価``) or a
    term another card already defines make none."""
    owner = next(
        (
            candidate
            for candidate in context.candidates
            if candidate.source is paragraph
            and candidate.extractor == "heading-definitions"
            and candidate.kind is NoteKind.DEFINITION
        ),
        None,
    )
    if owner is None:
        return
    defined = {fold(candidate.term) for candidate in context.candidates if candidate.term}
    text = paragraph.text
    position = 0
    for index, sentence in enumerate(_PROSE_SENTENCE.split(text)):
        start = text.find(sentence, position)
        position = start + len(sentence)
        flat = " ".join(sentence.split())
        if index == 0 or not flat or _EXAMPLE_OPENING.match(flat) or "以下" in flat or "次の" in flat:
            continue
        term = sentence_term(flat)
        if has_cjk(flat) and "とは" not in flat[: len(term) + 8]:
            continue  # ``Xは、…より高価です``: a bare は after the first sentence says something of X, not what it is
        if not term or _TERM_PREPOSITION.search(term) or parallel_sentence(context, sentence):
            continue
        folded = fold(term)
        if folded in defined or folded in fold(owner.term) or fold(owner.term) in folded:
            continue
        line = paragraph.span.line + text.count("\n", 0, max(start, 0) + len(sentence) - len(sentence.lstrip()))
        context.emit(
            NoteKind.DEFINITION,
            term,
            paragraph.span.at(line, line),
            {"Term": html.escape(term), "Definition": html.escape(_without_topic(flat))},
            section=section,
            term=term,
            source=paragraph,
        )
        defined.add(folded)


def _without_topic(sentence: str) -> str:
    """A Japanese defining sentence without its opening topic (``ファイアウォールとは、`` of
    ``ファイアウォールとは、…を守る仕組み``): the front asks the term, so the back starts at what it is."""
    japanese = _JAPANESE.match(sentence) or (_PROSE_TOPIC.match(sentence) if prose_topic_term(sentence) else None)
    if japanese is None or not japanese.group("term").strip():
        return sentence
    rest = japanese.group("rest").strip()
    return rest if len(rest) >= 6 else sentence


_MARKED = lazy_compile(r"<(?:strong|b|mark|code|a)\b")
"""A key phrase the author marked (**bold**, ==highlight==, `code`): the author chose the gap, so a
plain ``XはYです`` reading of the sentence gives way to the cloze of it."""
_NUMBERING = lazy_compile(r"^[\d.．]+\s*")
"""A section number before a heading's title (``3.3. ドップラー方式``)."""


def _named_elsewhere(context: ExtractContext) -> frozenset[str]:
    """The names the file's tables key their rows by (first cells, folded): a plain ``XはYです``
    sentence about one of them is a second card about a term the table defines (the cloze of it,
    hiding the name, asks it the other way)."""
    names = context.memo.get("sentence-definitions-table-names")
    if isinstance(names, frozenset):
        return names
    found: set[str] = set()
    document = context.memo.get("sentence-definitions-document")
    if isinstance(document, Document):
        for each in document.sections:
            for block in each.blocks:
                if isinstance(block, Table):
                    found.update(fold(clean_term(inline_text(row[0]))) for row in block.rows if row)
    frozen = frozenset(found)
    context.memo["sentence-definitions-table-names"] = frozen
    return frozen


def _defined_term(context: ExtractContext, section: Section, paragraph: Paragraph, sentence: str) -> str:
    """The term ``sentence`` of ``paragraph`` defines as a card of its own, or ''."""
    term = sentence_term(sentence.replace("\n", " "))
    marked = _MARKED.search(inline_html(paragraph.inlines)) is not None
    topic = "" if term or marked else prose_topic_term(sentence.replace("\n", " "))
    if topic and fold(topic) in _named_elsewhere(context):
        topic = ""
    if topic and section.level and fold(_NUMBERING.sub("", clean_term(section.title))) in fold(sentence):
        topic = ""  # ``## ドップラー方式`` over ``X はドップラー方式の観測装置``: the answer shows in the heading
    term = term or topic
    if not term:
        _skip_ranked(context, paragraph.span, sentence)
        _skip_whatever_is_left(context, paragraph, sentence)
    first_line = " ".join(sentence.lstrip().split("\n")[0].split())  # a no-break space reads as one
    if term and term.split("（")[0].split("(")[0] not in first_line:
        return ""  # the "term" runs over a line break: a title line above the sentence, not a subject
    if term and context.claimed(paragraph) and fold(term) == fold(clean_term(section.title)):
        return ""  # the heading's own definition already asks it
    if not term or (not topic and sentence.strip()[:1].isascii() and not _ENGLISH.match(sentence.strip())):
        return ""
    if context.claimed(paragraph) and _on_a_back(context, paragraph, term, sentence):
        return ""  # the term or a line of the answer of a definition made from this paragraph: asked there
    return term


def _quoted_paragraphs(blocks: tuple[Block, ...], quoted: bool = False) -> list[Paragraph]:
    """The paragraphs set off as a blockquote or callout (``> X is a …``, ``> [!note]`` then
    ``> X is a …``): a definition quoted from a reference is still a definition."""
    paragraphs: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph) and quoted:
            paragraphs.append(block)
        elif isinstance(block, Quote):
            paragraphs.extend(_quoted_paragraphs(block.children, True))
    return paragraphs


def _quoted_term_lines(context: ExtractContext, section: Section, paragraph: Paragraph) -> bool:
    """``> **TTL**: how long …`` lines in a quote or callout, each a definition on its own line."""
    emitted = False
    for offset, line in enumerate(split_lines(paragraph.inlines)):
        split = split_definition(line)
        if split is None or not looks_like_term(split[0]) or not meaningful_body(inline_text(split[1])):
            continue
        term, body = split
        context.emit(
            NoteKind.DEFINITION,
            term,
            paragraph.span.at(paragraph.span.line + offset),
            {"Term": html.escape(term), "Definition": inline_html(body)},
            section=section,
            term=term,
            source=paragraph,
        )
        emitted = True
    return emitted


def _quoted_head_line(context: ExtractContext, section: Section, paragraph: Paragraph) -> bool:
    """``> **和両立**`` over ``> 演算対象の…ことを言います。`` in a quote: a name on the quote's first
    line with its explanation on the lines under it is a definition of the name, as the same lines
    are outside a quote. A closing line that only says where the quote comes from
    (``[Book](…)より引用。``, ``Source: …``) is no part of the answer."""
    lines = split_lines(paragraph.inlines)
    if len(lines) < 2:
        return False
    term = head_term(inline_text(lines[0]), first=True)
    if term is None or split_definition(lines[0]) is not None:
        return False
    body = lines[1:]
    cited = 0
    while body and QUOTE_ATTRIBUTION.search(inline_text(body[-1]).strip()):
        body, cited = body[:-1], cited + 1
    if not body or not is_explanation(body):
        return False
    first, last = paragraph.span.line, paragraph.span.line + len(body)
    context.emit(
        NoteKind.DEFINITION,
        term,
        paragraph.span.at(first, last),
        {"Term": html.escape(term), "Definition": "<br>".join(inline_html(line) for line in body)},
        section=section,
        term=term,
        source=paragraph,
    )
    if cited:
        context.skip(
            paragraph.span.at(last + 1, last + cited),
            inline_text(lines[-1]).strip(),
            "where the quote comes from, not a fact; left off the definition's back",
            code="attribution",
        )
    context.claim(paragraph, cloze_ok=True)
    return True


def _quoted_definitions(document: Document, context: ExtractContext) -> None:
    """Definitions in quotes, for terms nothing else in the file defines: a page that quotes a
    reference's definition and then gives its own (``> [!quote]`` over ``## Overview``) keeps one card,
    the author's."""
    defined = {fold(candidate.term) for candidate in context.candidates if candidate.note.kind is NoteKind.DEFINITION}
    for section in study_sections(document):
        for block in _quoted_paragraphs(section.blocks):
            if context.claimed_for_cloze(block):
                continue
            before = len(context.candidates)
            if not _quoted_term_lines(context, section, block) and not _quoted_head_line(context, section, block):
                _prose_definitions(context, section, block)
            for candidate in context.candidates[before:]:
                if fold(candidate.term) in defined:
                    context.candidates.remove(candidate)
                    context.skip(
                        candidate.span,
                        candidate.term,
                        "a quoted definition of a term the notes also define in their own words; theirs is the card",
                        code="duplicate-term",
                    )
                defined.add(fold(candidate.term))


def _on_a_back(context: ExtractContext, paragraph: Paragraph, term: str, sentence: str) -> bool:
    """Whether a definition proposed from ``paragraph`` already defines ``term`` or has ``sentence``
    in its answer."""
    wanted = " ".join(sentence.split())
    for candidate in context.candidates:
        if candidate.source is paragraph and candidate.kind == NoteKind.DEFINITION:
            if fold(candidate.term) == fold(term):
                return True
            answer = plain_html(candidate.note.get("Definition", ""))
            if wanted and wanted in answer:
                return True
    return False


_TOWA = lazy_compile(r"^(?P<topic>[^、。「」（(<>]{2,30}?とは、?)(?P<rest>[^<>]{6,})$")
"""``アーティファクト管理とは…ことです。``: a bullet of plain text that opens on its term and とは."""


def _without_bare_topic(definition: str, term: str) -> str:
    """A bullet's answer (HTML) without its opening ``Xは`` (``OAuth2.0は認可の仕組み`` → ``認可の仕組み``)
    when it opens on the term as plain text; any other answer as it is."""
    opening = html.escape(term)
    stripped = definition.strip()
    if not stripped.startswith(opening):
        return definition
    rest = stripped[len(opening) :].lstrip()
    return rest[1:].strip() if rest.startswith("は") and len(rest) > 3 else definition


def _without_towa(definition: str) -> str:
    """A bullet's answer (HTML) without its opening ``Xとは`` when it is plain text: the front asks X,
    so the back starts at what X means; any other answer as it is."""
    match = _TOWA.match(definition.strip())
    return match.group("rest").strip() if match is not None else definition


@register("sentence-definitions", order=55)
def extract_sentence_definitions(document: Document, context: ExtractContext) -> None:
    _extract_sentence_definitions(document, context)
    _quoted_definitions(document, context)


def _extract_sentence_definitions(document: Document, context: ExtractContext) -> None:
    context.memo["sentence-definitions-document"] = document
    for section in study_sections(document):
        for block in section.blocks:
            if isinstance(block, Paragraph) and not context.claimed_for_cloze(block):
                _prose_definitions(context, section, block)
            if isinstance(block, Paragraph) and context.claimed(block):
                _later_definitions(context, section, block)
        for item, parent in iter_items(section.blocks):
            if context.claimed(item):
                continue
            topic = ""
            term = (
                sentence_term(item.text)
                or (bare_topic_term(item.text) if parent is None and not item.children else "")
                or (
                    topic := prose_topic_term(item.text)
                    if parent is None and not item.children and not _MARKED.search(item.html)
                    else ""
                )
                or (_heading_sentence(item.text, section) if parent is None else "")
            )
            if not term:
                _skip_ranked(context, item.span, item.text)
            if not term or parallel_sentence(context, item.text.split("。", 1)[0] + "。"):
                continue  # a bullet opening with parallel clauses: a cloze of them asks it
            span = item.span
            if section.level and fold(term) == fold(clean_term(section.title)):
                # the heading's term, defined by the bullet under it: the note starts at the heading
                span = section.span.at(section.span.line, item.span.end_line)
            context.emit(
                NoteKind.DEFINITION,
                term,
                span,
                {
                    "Term": html.escape(term),
                    "Definition": _without_bare_topic(item.html, topic) if topic else _without_towa(item.html),
                    "Details": children_html(item) if item.children else "",
                },
                section=section,
                term=term,
                source=item,
            )
            context.claim(item, cloze_ok=True)


_INNER_TOWA = lazy_compile(r"^「(?P<quoted>[^「」]{2,30})」(?=とは)|^(?=[^「」、。]{2,30}?とは)")
"""A later sentence of a line that opens on ``Xとは`` or ``「X」とは``: it says what X is."""


_MEANS = lazy_compile(r"(?:を意味|を指|をい[いう]|を言[いう]|と呼ば[れ])(?:します|す|する|ます|う|れます|れる)?。?$")
"""``…状態であることを意味します``: the sentence says what X means by a verb of meaning."""


def _as_naming(sentence: str) -> str:
    """``Xとは…を意味します``/``Xとは…のことで、…`` read as ``Xとは…です``: とは asks what X means, and a
    verb of meaning or ``のことで、`` answers it as a noun would."""
    first = sentence.split("。", 1)[0]
    if "のことで、" in first:
        return first.split("のことで、", 1)[0] + "のことです。"
    meaning = _MEANS.search(first)
    return first[: meaning.start()] + "です。" if meaning else sentence


def _inner_sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` after its first (``。`` ends one), with where each starts."""
    found: list[tuple[int, str]] = []
    position = text.find("。")
    while 0 <= position < len(text) - 1:
        start = position + 1
        while start < len(text) and text[start] in " \u3000\n":
            start += 1
        end = text.find("。", start)
        sentence = text[start : end + 1] if end >= 0 else text[start:]
        if sentence.strip():
            found.append((start, sentence))
        position = end
    return found


@register("inner-definitions", order=61)
def extract_inner_definitions(document: Document, context: ExtractContext) -> None:
    _inner_towa_definitions(document, context)


def _inner_towa_definitions(document: Document, context: ExtractContext) -> None:
    """A sentence past the first of a bullet or paragraph, that opens on ``Xとは`` or ``「X」とは`` and
    says what X is (``…はアイドル状態です。ライブ データとは、…状態であることを意味します。``): the
    line's card (if any) shows it in its Details only, or it is left out with the line's first
    sentence (a step), so X is asked as a definition of its own on that line. The owning card's own
    term, and a term some card already defines, are left alone."""
    # (after the tables: a term a row of a table defines, ``ファイルストレージ › 説明``, is asked there)
    defined = {fold(part) for candidate in context.candidates for part in candidate.term.split(" › ")[:1] if part}
    for section in study_sections(document):
        owners: list[ListItem | Paragraph] = [block for block in section.blocks if isinstance(block, Paragraph)]
        owners += [item for item, _parent in iter_items(section.blocks)]
        for owner in owners:
            text = owner.text
            if "とは" not in text or not has_cjk(text):
                continue
            for start, sentence in _inner_sentences(text):
                opening = _INNER_TOWA.match(sentence)
                if opening is None:
                    continue
                quoted = opening.group("quoted")
                plain = f"{quoted}{sentence[opening.end() :]}" if quoted else sentence
                term = sentence_term(_as_naming(" ".join(plain.split())))
                if not term or "とは" not in plain[: len(term) + 4] or fold(term) in defined:
                    continue
                claimer = context.claimer(owner)
                owner_term = fold(claimer.term) if claimer is not None else ""
                if owner_term and (fold(term) in owner_term or owner_term in fold(term)):
                    continue
                defined.add(fold(term))
                line = owner.span.line + text.count("\n", 0, start)
                context.emit(
                    NoteKind.DEFINITION,
                    term,
                    owner.span.at(line, line),
                    {
                        "Term": html.escape(term),
                        "Definition": html.escape(_without_topic(" ".join(plain.split()))),
                        "Details": "",
                    },
                    section=section,
                    term=term,
                    source=owner,
                )
