"""The extractors' vocabulary, in one place: the word lists that classify headings, labels and
table headers, and the named limits that replace inline character counts.

Everything here is data; the rules that use it live in ``common.py`` (term checks), the
extractors, and ``selection.py`` (the junk, duplicate and clutter rules). The old names stay
importable from their old modules (``common.GROUP_HEADINGS``, ``definitions.GENERIC_LABELS``,
``tables.COLUMN_LABELS`` …).
"""

from __future__ import annotations

import re

from ankigen.patterns import LazyPattern, lazy_compile

# ------------------------------------------------------------------------------------------------
# named limits (characters unless said otherwise)
# ------------------------------------------------------------------------------------------------

MAX_TERM_CHARS = 60
"""The longest text that can be a card's front (a term, a table row's name, a topic)."""
MAX_OWNER_CHARS = 40
"""The longest parent term that qualifies a label (``目的`` → ``cfn-hup の目的``), and the longest
head line (``X:`` / ``◾️X`` / a first line) that opens a paragraph definition."""
MAX_BARE_TERM_CHARS = 30
"""The longest bare label (no colon) over a list that the list answers: a bullet its child bullets
can define, and a lead-in that names the set its items make (``Main DB Types``, extract/lead_in_lists.py)."""
MAX_CARD_NAME_CHARS = 40
"""The longest name that stands alone as what a card asks about or answers: a sentence's marked
subject (extract/subject_sentences.py), a numbered table row's name (extract/tables.py), a bare name
answering a choice label (``Service`` → ``Spiceworks``, extract/selection.py)."""
EXPLAIN_QUOTE_CHARS = 40
"""How much of a text an ``inspect --explain`` message quotes (a parent bullet's name, a task, the
opening of an answer): a longer one is cut there, or, where the message offers it as the term to
write (a heading), not named."""
CODE_SNIPPET_MIN_CHARS = 24
"""A code span at least this long with structure in it (``{``, ``[``, ``"key":``) is a snippet of a
policy, template or payload, not a name: a child bullet that carries one is left off a definition's
back (extract/definitions.py), since a learner cannot recite it and the bullet beside it states the fact."""
MAX_PUNCTUATED_TERM_CHARS = 25
"""Above this, a front holding ``。`` ``?`` ``!`` is a sentence, not a term; below it a paragraph
is a short lead-in to the list that follows (``大きく分けて3つの機能``)."""
MAX_ANSWER_CHARS = 250
"""A definition's answer longer than this (plain text) is too long to learn: its first blocks stay
on the card up to this length and the rest moves to Details."""
MAX_CJK_ANSWER_CHARS = MAX_ANSWER_CHARS // 2
"""The same limit for an answer in Japanese (CJK) text, where a character carries about as much as a
short English word does: two sentences over it (``…にコンパイルすることがあります。これは…ため、…少ない
ですが、…可能です。``) are a paragraph of facts, not one answer, so the back keeps the sentence that
answers (extract/recital.py, ``answer-too-long``)."""
MAX_RECITED_NAMES = 5
"""A term whose answer is its child bullets keeps one card when they are at most this many short
names (``EC2, S3, RDS``); a longer list is a set to recite, which no learner keeps."""
MAX_RECITED_FACTS = 3
"""A term whose child bullets are sentences (facts about it) keeps one card for at most this many;
more is a list to recite: no card, and each child that is a ``Label: text`` makes its own."""
MAX_NAME_CHARS = 30
"""A child bullet up to this long that is not a sentence is a name in a list, not a fact; so is each
part of a list of names after a remark word (``See also: A, B``, extract/selection.py) and another name
in brackets (``Amazon EFS (Elastic File System)``, extract/aspects.py)."""
SET_TERM_ENDINGS = (
    *("こと", "機能", "特徴", "種類", "方法", "利点", "欠点", "制約", "一覧", "ポイント", "ベストプラクティス"),
    *("features", "types", "best practices"),
)
"""A term ending in one of these names a set (``…できないこと``, ``Auroraの機能``, ``…のベストプラクティス``):
the first of its child bullets is one member, never what the term is."""
MAX_DETAILS_CHARS = 300
"""Details are short context for the card they are on (extract/details_field.py): past this many
characters (plain text) they are cut at a block, item or sentence boundary; ``inspect --explain``
lists what was cut (``details-too-long``, and ``details-cut`` for each bullet left off)."""
MAX_DETAILS_ITEMS = 4
"""Details hold at most this many bullets (nested ones counted, table rows too): more is a list
dumped on the back, not context for the card."""
MAX_COMPARISON_ATTRIBUTES = 8
"""A compared entity (a table row or column) is asked at most this many attributes, each on a note
of its own once it has three or more (extract/tables.py). Its whole row or column is never put on
those notes' backs: it holds the answers of the sibling notes. Attributes past this many are not
asked, and ``inspect --explain`` names them (``too-many-attributes``)."""
REMARK_COLUMNS = frozenset(
    {"備考", "補足", "メモ", "注記", "注意", "注意点", "その他", "remarks", "remark", "comments", "comment"}
)
"""Columns of remarks, not attributes: a wide row's remark rides on its first split note instead of
being asked on a card of its own (``X › 備考`` does not say what is asked). English ``Notes`` is
left out: tables use it for the row's description as often as for remarks."""
MIN_REMARK_FACT_CHARS = 5
MIN_REMARK_FACT_WORDS = 3
"""A remark cell with no name to hide is asked by hiding its row's entity (extract/tables.py) when it
reads as a statement: this many letters in Japanese (``ポートマッピングが必要``, not ``推奨``), this
many words otherwise (``kept until deleted``, not ``preferred``)."""
CELL_ECHO_RATIO = 0.8
"""A comparison cell with this share of its character pairs in the card's topic and headings
(``cell-in-context``), or sharing this share both ways with an earlier cell of the same entity
(``cell-repeats-cell``), asks nothing new: no note of its own (extract/tables.py)."""
MIN_CELL_ECHO_PAIRS = 10
"""Only a phrase is compared so (this many character pairs or more): short values (``low``,
``Redis版のみ対応``) repeat across attributes by chance and still say different things."""
MIN_CELL_WORDS = 2
"""A comparison cell of this many words (CJK: runs of kanji or katakana) or more, each of them in
an earlier definition of its entity, asks that definition again (``near-duplicate``,
extract/aspects.py); one word (``あり``, ``Yes``) may agree by chance."""
MIN_UNIFORM_ENTITIES = 3
"""An attribute that has the same value for every compared entity, when there are at least this many,
tells them apart in nothing (``cell-same-for-all``): with two, a shared value is still a contrast
the table draws on purpose (both isolation levels prevent dirty reads)."""
MAX_ROW_KEY_CHARS = 30
MAX_ROW_KEY_WORDS = 6
"""The longest first cell (CJK characters; English: words) that names its table row when it is a
phrase, not a term (``見逃しが多い``, ``Choose the denominator``); longer, it is a description,
and the row is asked by nothing (extract/tables.py, its explain line says these figures)."""
MAX_ODD_ONE_OUT_ENTITIES = 6
"""A yes/no attribute on which one entity differs gets a card naming every compared entity
(extract/tables.py) only up to this many: a longer list on the front is a list to read, not a question."""
CUE_WORDS = 4
"""A cloze's words next to a gap, on each side, that say which answer the gap asks: an answer an
earlier cloze hides beside one of them is asked again (selection.py, ``near-duplicate``)."""
SHOWN_NAME_WORDS = 4
"""The most words of a gap's answer read as a name plus plain words (``MAC addresses``) whose name,
shown elsewhere on the card, gives it away (selection.answers_shown)."""
MIN_RECITED_ITEMS = 3
"""A back with this many items or more is a set to recite (``fast, consistent, repeatable``): when
the items are short it becomes one cloze with a gap per item (extract/recital.py)."""
MIN_SHARED_ANSWER_CHARS = 12
"""The shortest answer that, given word for word to two fronts, is one fact asked twice (a shorter
one, ``S3`` or ``有効``, may answer two questions) (selection.py, ``near-duplicate``)."""
MIN_LIST_LEAD_CHARS = 12
"""A definition whose listed items a cloze asks keeps the clause before the list when it is this
long (``Provides node-to-node transfer``); a shorter one is a lead-in (``Responsible for``)."""
MAX_LIST_GAPS = 8
"""A list of more items than this stays as it is: a cloze with more gaps shows too much to read."""
MAX_POINT_ITEMS = 7
"""A term's points (:mod:`ankigen.extract.point_lists`) asked as one set: at most this many; a longer
list under a term is more than one set to recite and stays in its Details."""
MAX_LIST_GAP_CHARS = 30
"""The longest list item (CJK; English: :data:`MAX_LIST_GAP_WORDS` words) a gap can hide; a longer
item is a sentence, and hiding it asks nothing."""
MAX_LIST_GAP_WORDS = 8
MAX_CELL_ITEM_CHARS = 16
"""The longest item with kana (``柔軟な取得オプション``) a table cell's list may hold: a short noun
phrase, which a gap can hide; out of a cell, an item with kana is taken for a clause."""
MAX_SENTENCE_GAP_CHARS = 40
"""The longest statement (CJK, a Latin word counted as two; English: :data:`MAX_SENTENCE_GAP_WORDS`
words) a gap may hide when a back is a list of three or more short statements about its term
(``加重ラウンドロビン`` → ``メンテナンス中のサーバーに行くのを防ぐ`` …): one cloze note, a gap per
statement (extract/recital.py). A longer item, one of two sentences, or one of two clauses joined by
a comma past :data:`MAX_CLAUSE_GAP_CHARS` is a whole sentence: a gap hiding it asks the learner to
recite a sentence with no cue, so no cloze asks the list (the list keeps its first items on the card,
or, under a label heading such as 欠点, stays an explain line: ``list-to-recite``)."""
MAX_SENTENCE_GAP_WORDS = 12
MAX_CLAUSE_GAP_CHARS = 30
"""See :data:`MAX_SENTENCE_GAP_CHARS`: a statement with a comma between two clauses
(``…されるが、順序性は…``) is a phrase a gap can hide only up to this length (CJK)."""
CLAUSE_COMMA_ENDINGS: tuple[str, ...] = (
    "て", "で", "し", "が", "ば", "り", "ず", "され", "ても", "でも", "ので", "から", "けど", "つつ", "ながら", "結果",
    "は",
)  # fmt: skip
"""How the words before a comma end when the comma joins two clauses (``…オープンソースで、``,
``…処理されるが、``, ``Xは、``), not two items of a list (``全額前払い、一部前払い``); a part holding
an object particle or a condition (:data:`SENTENCE_MARKS`: ``…を停止できない場合、``) is a clause too."""
MAX_NAMED_SET_SENTENCE_CHARS = 80
"""The longest sentence (CJK, a Latin word counted as two; English:
:data:`MAX_NAMED_SET_SENTENCE_WORDS` words) whose run of names a cloze asks a gap per name (``…は
A、B、Cの3種類``): in a longer one the names are one detail among others (extract/inline_names.py)."""
MAX_NAMED_SET_SENTENCE_WORDS = 30
INLINE_EXAMPLE_MARK = lazy_compile(
    r"例えば|たとえば|例[:：]|など|等|\bsuch as\b|\be\.g\.|\bfor (?:example|instance)\b|\bincluding\b|\blike\b"
    r"|\betc\b|…|\bamong others\b",
    re.IGNORECASE,
)
"""A sentence that gives the names it runs through as examples (``such as A, B, C``, ``A、B、Cなど``):
they are not the fact to learn, so no cloze asks them one by one (extract/inline_names.py)."""
INLINE_LIST_STOP_WORDS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "it", "its", "they", "their", "to", "for", "of", "in",
     "on", "at", "by", "with", "from", "into", "onto", "over", "under", "via", "through", "between", "about",
     "as", "than", "then", "so", "such", "like", "which", "who", "whom", "whose", "where", "when", "while",
     "because", "if", "is", "are", "was", "were", "be", "been", "being", "can", "could", "may", "might",
     "must", "should", "will", "would", "do", "does", "did", "not", "no", "also", "both", "either", "neither",
     "each", "every", "all", "and", "or", "nor", "but", "use", "uses", "used", "using", "include", "includes",
     "included", "including", "contain", "contains", "containing", "consist", "consists", "consisting",
     "comprise", "comprises", "provide", "provides", "offer", "offers", "support", "supports", "supported",
     "require", "requires", "need", "needs", "has", "have", "had", "called", "named", "known", "there", "here",
     "namely", "e.g", "i.e"}
)  # fmt: skip
"""Words that stand between an English list of names and the rest of its sentence (``Uses A, B, and
C to …``, ``… consists of A, B and C``): a name in the list holds none of them."""
MAX_SENTENCE_LIST_CHARS = 300
"""A list of statements longer than this in all (plain text) is too much to read on one cloze: it
keeps its first items on the card, the rest in Details."""
MAX_ANSWER_SENTENCES = 2
"""A definition's answer with more sentences than this (list items count one each) is a paragraph
of facts: it keeps its first sentence, the rest moves to Details."""
MAX_SHORT_ANSWER_CHARS = 150
"""Two sentences up to this long together stay on the back as one answer."""
MIN_SENTENCE_CHARS = 15
"""A first sentence shorter than this (``アクション。``) only names the term: the next one stays with it."""
MAX_QUESTION_ITEM_CHARS = 160
"""A question bullet longer than this (an exam scenario told in full) is too long for a card's front:
it and its answer bullet stay an explain line (extract/question_lists.py)."""
MAX_QUESTION_ANSWER_CHARS = 150
"""The longest answer bullet (plain text, at most :data:`MAX_ANSWER_SENTENCES` sentences) that a
question bullet over it asks on one card; a longer one is a paragraph to read, not an answer to recall."""
NOTE_ITEM = lazy_compile(r"^\s*(?:※|注\s*[:：)）]|補足\s*[:：]|(?:note|nb)\s*[:：])", re.IGNORECASE)
"""A bullet that opens so is a side note to the answer above it (``※Amazon Managed Grafana: …``),
not a second answer: it goes to the card's Details."""

# ------------------------------------------------------------------------------------------------
# leaning on what came before: one base, and what each use adds to it
# ------------------------------------------------------------------------------------------------

LEANING_DETERMINERS_JA: tuple[str, ...] = ("この", "その", "あの")
"""The base's determiners (this / that …, before a noun: ``その設定``, ``この実装``)."""
NOTES_REFERENCES_JA: tuple[str, ...] = ("上記", "上述", "前述", "先述", "先ほど", "先程")
"""The base's words that point at another part of the notes (``上記の手順``, ``前述の通り``, ``先ほどの例``),
read by :data:`NOTES_POINTER` too."""
LEANING_REFERENCES_JA: tuple[str, ...] = ("これ", "それ", *NOTES_REFERENCES_JA)
"""The base's words that stand for what was said (``これにより``, ``上記の手順``), not determiners before
a noun the sentence names itself."""
LEANS_BACK_JA: tuple[str, ...] = (*LEANING_DETERMINERS_JA, *LEANING_REFERENCES_JA)
"""The base: Japanese words that point at something the notes said before the sentence (``この``,
``その``, ``あの`` before a noun: ``その設定``; ``これ``, ``それ`` standing for one: ``これにより``;
``上記``, ``上述``, ``前述``, ``先述``, ``先ほど``/``先程``: ``上記の手順``, ``前述の通り``, ``先ほどの例``,
the words :data:`NOTES_POINTER` reads too). A sentence holding one says nothing a card can ask
alone, since the card does not show what it points at. ``それ`` is never read in ``それぞれ`` (each),
which points at nothing (:func:`leaning_pattern`)."""
LEANS_FORWARD_JA: tuple[str, ...] = ("以下", "次の")
"""The base's other half: words that point at what follows (``以下の3つ``, ``次の設定``). A sentence
holding one is a lead-in to a list or a block, not a fact of its own."""
LEANS_ON_BEFORE_JA: tuple[str, ...] = (*LEANS_BACK_JA, *LEANS_FORWARD_JA)
"""Both: every word by which a Japanese sentence leans on the text around it."""
LEANING_OPENERS_JA: tuple[str, ...] = ("こう", "そう", "つまり", "したがって")
"""Words that lean on the sentence before only when they open a sentence: ``こう``/``そう`` (so,
like that: ``こうすることで``, ``そうすると``), ``つまり`` (in short), ``したがって`` (therefore).
Inside a sentence they are parts of other words or join its own clauses."""
ASIDE_OPENERS_JA: tuple[str, ...] = ("ただし", "なお")
"""Openings of a caveat or an aside to the sentence before (``ただし、…``, ``なお、…``): the
statement qualifies a fact the card does not show."""
LEANING_DETERMINERS_EN: tuple[str, ...] = ("this", "that", "these", "those")
"""The English base's determiners (``this message``, ``those limits``); a noun after one names what the
sentence before said (extract/named_terms.py: ``This message is called a packet``)."""
LEANS_BACK_EN: tuple[str, ...] = (*LEANING_DETERMINERS_EN, "it", "they")
"""The English base: pronouns that, opening a sentence, stand for something said before it
(``This means …``, ``They are …``)."""
POINTING_WORDS_EN: tuple[str, ...] = ("this", "these", "those", "above", "below", "following")
"""English words that point outside the sentence wherever they stand (``these limits``, ``the steps
above``, ``the following``); not ``that`` or ``it``, which inside a sentence mostly point inside it
(``so that it can …``)."""
PRONOUN_FORMS_EN: tuple[str, ...] = ("its", "their", "them")
"""The possessive and object forms of the base pronouns (``Its roles``, ``… of them``): they point back
as the base words do, wherever they stand in a term (extract/item_paragraphs.py,
extract/lead_in_lists.py)."""
PRONOUN_TERMS_EN: frozenset[str] = frozenset(
    {*LEANS_BACK_EN, "there", "which", "what", "who", "he", "she", "we", "you", "i"}
    | {"its", "their", "his", "her", "our", "your", "my"}
)
"""First words of an English would-be term (the words before ``is``) that name nothing: the base
pronouns, ``there`` (``There is …``), a relative ``which``, a question word (``What is …``), a
person, or a possessive (``Its roles are …``: whose roles is not said) (extract/parallel_clauses.py,
extract/sentence_definitions.py)."""
EXAMPLE_MARKS: tuple[str, ...] = (
    "例えば",
    "たとえば",
    "例:",
    "例：",
    "例)",
    "例）",
    "e.g.",
    "for example",
    "for instance",
)
"""Words that mark what follows as an example (``例えば``, ``例:``, ``e.g.``, ``for instance``): an
example of a fact stated before, not the fact (:data:`EXAMPLE_OPENING`, :data:`EXAMPLE_SENTENCE`)."""
LEANING_WORD_GUARDS: dict[str, str] = {"それ": "ぞれ"}
"""A word of the lists above read as a pointer only when not followed by this (``それぞれ``: each)."""


def leaning_pattern(opening: tuple[str, ...] = (), anywhere: tuple[str, ...] = ()) -> LazyPattern:
    """A pattern that finds a word of ``opening`` at the start of a text or a word of ``anywhere``
    in it (case-insensitive; a Latin word whole, ``e.g.`` from its ``e``; :data:`LEANING_WORD_GUARDS`
    applied). Only whether it matches counts: the words are listed in any order."""

    def words(listed: tuple[str, ...]) -> str:
        parts = []
        for word in listed:
            part = re.escape(word)
            if word[0].isascii() and word[0].isalnum():
                part = rf"\b{part}"
            if word[-1].isascii() and word[-1].isalnum():
                part = rf"{part}\b"
            if word in LEANING_WORD_GUARDS:
                part += f"(?!{LEANING_WORD_GUARDS[word]})"
            parts.append(part)
        return "|".join(parts)

    alternatives = [f"^\\s*(?:{words(opening)})"] if opening else []
    if anywhere:
        alternatives.append(words(anywhere))
    return lazy_compile("|".join(alternatives), re.IGNORECASE)


POINTING_TERMS_JA: tuple[str, ...] = (*LEANS_ON_BEFORE_JA, "あれ", "どちら", "どれ", "前者", "後者", "次")
"""The words before ``は`` that name nothing when they open on one of these (``その場合は``,
``前者は``, ``どちらは``): the base, and the pointers a would-be term adds (``あれ``, that one;
``どちら``/``どれ``, which; ``前者``/``後者``, the former/latter; ``次``, next); read with
``startswith`` (extract/parallel_clauses.py)."""
POINTING_TERMS_SENTENCE_DEFINITION_JA: tuple[str, ...] = (*POINTING_TERMS_JA, "ここ", "むしろ")
"""extract/sentence_definitions.py adds ``ここ`` (here) and ``むしろ`` (rather: ``むしろ…は``)."""


POINTER_TERM_EN = leaning_pattern((), (*(word for word in LEANS_BACK_EN if word != "that"), *PRONOUN_FORMS_EN))
"""extract/item_paragraphs.py: a bold item's label that holds a pronoun (``Its limits``) names no term
of its own; not ``that`` (``Data that changes``: a relative clause inside the label)."""
PRONOUN_SUBJECT_EN = leaning_pattern(
    (*(word for word in LEANS_BACK_EN if word != "that"), "its", "their", "there", "here", "each", "both", "all")
)
"""extract/lead_in_lists.py: a lead-in sentence whose subject is a pronoun (``It has …``), or a
quantifier over what the heading named (``Each of them``, ``Both``, ``All``), speaks of the heading;
not ``that`` (``That`` opens a clause of the sentence before as often as a subject)."""


LEANING_QUESTION = leaning_pattern(
    (*LEANS_BACK_EN, *LEANS_BACK_JA, "he", "she", "then", "and", "or", "あれ", "では", "じゃあ")
)
"""A question that opens so (``How does it scale?``, ``それはなぜ？``) leans on the line above it: it
names nothing a card could ask on its own (extract/question_lists.py): the English and Japanese
bases (``上記の例では？``), and a person, a follow-up (``then``, ``and``, ``or``, ``では``, ``じゃあ``)
and ``あれ`` (that one)."""
LEANS_CONTRAST_JA = leaning_pattern(
    (*LEANS_BACK_JA, *LEANING_OPENERS_JA, *ASIDE_OPENERS_JA), (*LEANS_FORWARD_JA, "こんな", "そんな")
)
"""extract/contrast_clozes.py: a sentence whose names a contrast cloze asks. Its pointers count only
at the start (a contrast names both sides inside the sentence: ``Aはこの点でBと違う``), with the
openers and asides (``そのため``, for that reason, opens on ``その``); adds ``こんな``/``そんな`` (such
a …) anywhere."""
LEANS_LIST_NAME_JA = leaning_pattern((*LEANING_OPENERS_JA, *ASIDE_OPENERS_JA, "また"), LEANS_ON_BEFORE_JA)
"""extract/list_names.py: a bullet whose Latin name a gap would ask; adds ``また`` (also: a second
point about the bullet before) at the start."""
LEANS_CONDITION_JA = leaning_pattern(
    (*LEANING_OPENERS_JA, *ASIDE_OPENERS_JA, "また", "もし", "理由"), LEANS_ON_BEFORE_JA
)
"""extract/condition_clozes.py: a rule sentence (``…の場合、…が正解``); adds, at the start, ``また``
(also), ``もし`` (if: a case put to the reader, not a rule) and ``理由`` (the reason for a rule
stated before)."""
LEANS_TOKEN_JA = leaning_pattern((*LEANING_OPENERS_JA, *ASIDE_OPENERS_JA), LEANS_ON_BEFORE_JA)
"""extract/token_clozes.py: a Japanese tip sentence whose figure or name a token cloze asks: the base
anywhere, the openers and asides at the start."""
LEANS_SUBJECT_SENTENCE = leaning_pattern((), (*LEANS_ON_BEFORE_JA, "こちら", *POINTING_WORDS_EN, *LEANS_BACK_EN))
"""extract/subject_sentences.py: what follows a sentence's marked subject (`code`, a link); adds
``こちら`` (this one), and every English pronoun anywhere:
the sentence's subject is its marked name, so a pronoun after it stands for something else."""
LEANS_NAMED_SUBJECT_EN = leaning_pattern(("it", "they"), (*POINTING_WORDS_EN, "such"))
"""extract/subject_sentences.py: the same for a plain English sentence whose subject is a name with
an acronym (``A TCP header includes …``): only a pointing word or ``such`` anywhere, ``it``/``they``
only at the start (``so that it can …`` points inside the sentence)."""
LEANS_TOKEN_EN = leaning_pattern(
    (
        *LEANS_BACK_EN,
        *("its", "their", "them", "such", "so", "thus", "hence", "also", "then", "here", "there", "both"),
        *("however", "but", "and", "or", "instead", "otherwise"),
    ),
    (*POINTING_WORDS_EN, "former", "latter"),
)
"""extract/token_clozes.py: an English tip sentence; adds, at the start, the possessives and object
pronouns, the words that sum up or go on (``so``, ``also``, ``then``), point (``here``, ``there``,
``both``) or contrast (``however``, ``but``, ``instead``) and a bare ``and``/``or``; and ``former``/
``latter`` anywhere."""
LEANS_NAMED_TERM = leaning_pattern(
    (*LEANS_ON_BEFORE_JA, "あれ", "こちら", "こうした", "こういう", *LEANS_BACK_EN, "such"),
)
"""extract/named_terms.py: a naming sentence's term or description that opens on a pointer (only
there: a description holds its own ``この``); adds ``あれ`` (that one), ``こちら`` (this one) and
the ``such`` words (``こうした``, ``こういう``, ``such``; ``このような`` opens on ``この``)."""
LEANS_DETAIL_FACT = leaning_pattern(
    (
        *LEANS_ON_BEFORE_JA,
        *("ここ", "つまり", "要するに", "一方"),
        *LEANS_BACK_EN,
        *("so", "thus", "therefore", "in other words", "on the other hand"),
    ),
)
"""extract/detail_facts.py: a bullet that points back or ahead, sums up (``つまり``, ``要するに``,
``so``) or contrasts (``一方``, ``on the other hand``) the one before; adds ``ここ`` (here). Only at
the start: a fact's own clause may hold ``その``. Not the other openers and asides: a bullet opening
on ``ただし、`` is read after its connective is cut (``_CONNECTIVE``), and keeping it so keeps cards of
the seeds (``ただし、…フラット構造に保管される``)."""
LEANS_TOOL_USE_JA = leaning_pattern((), (*LEANS_BACK_JA, "同様"))
"""extract/prose_gaps.py: a tool-use sentence (``Xを使うと、…できます``) whose tool a gap would ask, read
in the tool's name and in what it makes possible: the backward base anywhere (what it leans on is not on
the card), and ``同様`` (likewise: the same as something said before)."""
LEANS_COMMAND_LEAD_JA = leaning_pattern(
    (), (*LEANS_ON_BEFORE_JA, "同様", "場合", "とき", "時は", "次を", "次に", "下記を", "下記の", "下記に")
)
"""extract/task_commands.py: a line right above a command (``…を設定します。``) read as the task the
command does; the base anywhere, ``同様`` (likewise), a case (``場合``, ``とき``, ``時は``: the action is
one branch of something said before) and the other ways to point at what follows (``次を``, ``次に``,
``下記の``): the line then leads in to the block, not names a task of its own."""
LEANS_COMMAND_COMMENT = leaning_pattern(
    (),
    (
        *LEANING_REFERENCES_JA,
        "こちら",
        "ここ",
        "同様",
        "結果",
        "出力",
        *LEANS_BACK_EN,
        *POINTING_WORDS_EN,
        "them",
        "again",
        "output",
        "result",
    ),
)
"""extract/task_commands.py: a ``#`` comment over a command read as its task; anywhere, the English base
and pointing words and the Japanese words that stand for what was said (not the determiners: in
``# このファイルを削除する`` この points at the command's own argument, which the card shows),
``同様``/``again`` (the same as a command before), and ``結果``/``出力``/``output``/``result`` (the comment
says what the command prints, not what it does)."""
LEANING_ITEM = leaning_pattern(
    (
        *("however", "but", "so", "thus", "hence", "therefore", "otherwise", "instead", "which", "whereas"),
        *(*EXAMPLE_MARKS, "e.g", "ex", "例 :", "例 ："),
        *(
            "但し",
            "しかし",
            "だが",
            "そのため",
            "その結果",
            "それ",
            "そして",
            "従って",
            "すなわち",
            "一方",
            "逆に",
            "なので",
        ),
        *LEANING_OPENERS_JA,
        *ASIDE_OPENERS_JA,
        *("→", "⇒", "->"),
    )
)
"""A list item that opens so leans on the item before it (``However, …``, ``そのため…``, the openers
and asides ``つまり``, ``なお``) or is an example of it (:data:`EXAMPLE_MARKS`: ``例: …``, ``例）…``):
not a statement a gap can ask alone, so the list is no set of statements for a cloze
(extract/recital.py), and no question list (extract/question_lists.py)."""
LEANS_ARROW_CONDITION = leaning_pattern(
    (
        *NOTES_REFERENCES_JA,
        *("以上", "それ以外", "その他の場合", "他の場合"),
        *("otherwise", "else", "any other", "all other", "other cases", "the rest"),
    )
)
"""extract/arrow_rules.py: the condition of a ``condition → outcome`` bullet that opens on a pointer at
other parts of the notes (:data:`NOTES_REFERENCES_JA`: ``上記``, ``前述`` …, ``以上``) or on the rest of
the cases (``それ以外``, ``その他の場合``, ``otherwise``, ``the rest``): it names no case a card can ask."""
EXAMPLE_SENTENCE = leaning_pattern((), (*EXAMPLE_MARKS, "i.e."))
"""A sentence holding an example mark anywhere, or ``i.e.`` (a restatement of what it said): the
names and figures in it are examples or restated, not what a contrast, list-name, condition or
token cloze asks (extract/contrast_clozes.py, list_names.py, condition_clozes.py, token_clozes.py)."""
MAX_CLOZE_GAP_CHARS = 30
"""A cloze gap longer than this (CJK characters outside brackets; English: :data:`MAX_CLOZE_GAP_WORDS`
words) hides a clause, not a key phrase: it stays visible, and with no gap left there is no cloze.
A shorter CJK gap that reads as a clause (a particle and a predicate) is treated the same."""
MAX_CLOZE_GAP_WORDS = 5
MAX_CLOZE_CHARS = 250
"""A cloze of several sentences longer than this (plain text) is a paragraph to read for its gaps:
each sentence holding a gap becomes a cloze of its own, the others go to Details (extract/clozes.py,
extract/code_clozes.py)."""
MAX_PROSE_CLOZE_GAPS = 3
"""A long cloze (past ``MAX_CLOZE_TEXT_CHARS``) of several sentences with more gaps than this is
split the same way: one question per card, not four blanks in a paragraph. A list asked a gap per
item is no prose cloze and keeps up to :data:`MAX_LIST_GAPS`."""
MAX_CLOZE_BULLET_CHARS = 100
"""A tip bullet longer than this whose code gaps sit in several sentences gives one cloze per such
sentence: five gaps across a paragraph are too much to learn as one card (extract/code_clozes.py)."""
SAME_TEXT_RATIO = 0.8
"""A cloze whose text is this much inside a definition's answer from the same line asks the same fact."""
MAX_ROW_ECHO_CHARS = 30
ROW_ECHO_RATIO = 0.3
"""A short definition answer that a table row of the same term already says: at most
:data:`MAX_ROW_ECHO_CHARS` long, and at least this share of its letter pairs found in the row
(selection._row_says)."""

MAX_SUBJECT_SENTENCE_CHARS = 160
"""A prose sentence about a marked name (`code`, a link) longer than this is a passage to read,
not a definition to learn: no subject-sentence card (extract/subject_sentences.py)."""

MEANING_VERBS_JA: tuple[str, ...] = ("を表", "を意味", "を指", "のことを言", "のことをい")
"""Stems of the verbs by which a Japanese sentence says what its topic means (``RTO は…時間を
表します``): with a name in Latin letters and no comma after ``は``, a sentence ending in one of them
(or in a noun) says what the name is; any other ``Xは…する`` is one fact about X
(extract/subject_sentences.py)."""

MAX_CONTEXT_SENTENCE_CHARS = 80
"""A bullet that is a sentence (no term) over the bullets a card comes from is shown in that card's
Context when nothing above names a subject, and only up to this length (extract/subjects.py):
``- 段階的なデプロイに CodeDeploy が使われる`` over ``- Linear: …``; a longer one is a passage."""

CONTRAST_PARTICLES: tuple[str, ...] = ("には", "では", "なら", "は")
"""The particles that open parallel clauses naming a choice (``性能重視なら X、互換性重視なら Y``);
longer first, so ``には`` is not read as ``は`` (extract/contrast_clozes.py)."""
CONTRAST_MAX_CHOICES = 4
"""A sentence naming more choices than this is a list to recite, not a contrast: no cloze."""
CONTRAST_MAX_QUOTE_CHARS = 20
"""A 「quoted」 phrase longer than this is a clause, not a name to recall as a contrast's choice."""
# Words of a first-person remark (``僕はこう教えてほしかった``, ``本稿が…助けになれば``): not study text.
FIRST_PERSON_WORDS: tuple[str, ...] = ("僕", "私", "自分", "筆者", "本稿", "本記事", "覚書", "思います", "気がします")

MAX_NAMED_TERM_CHARS = 30
MIN_NAMED_DESCRIPTION_CHARS = 4
MAX_NAMED_DESCRIPTION_CHARS = 120
MAX_NAMED_SENTENCE_CHARS = 400
"""A name given in prose (``AのことをBといいます``, ``… are called B``, ``…（**B**）``) is a card when
the name is at most this long and the description it names between these bounds
(extract/named_terms.py): shorter says nothing, longer is a passage, not a meaning."""
MAX_PARALLEL_CLAUSES = 4
"""``TCP is a transport layer protocol, HTTP is an application layer protocol, …``: one sentence of
at most this many parallel clauses is one cloze, a gap per clause (extract/parallel_clauses.py);
more is a list to write as bullets."""
MAX_NAMED_REFERENT_CHARS = 200
"""``This message is called a packet``: the sentence before, which says what the message is, is the
description when it is at most this long."""

# ------------------------------------------------------------------------------------------------
# word lists
# ------------------------------------------------------------------------------------------------

GLOSS_QUALIFIERS = ("など", "等", "例", "のみ", "だけ", "以外", "e.g.", "etc", "i.e.", "such as")
"""Words that make a bracketed aside an example list or a restriction, not what the name means:
``（DELETE文のWHERE句忘れ等）``, ``（FIFOキューのみ）`` (extract/named_terms.py)."""
GLOSS_USAGE_ENDINGS = ("利用", "使用", "用途", "向け", "対応", "推奨")
"""A bracketed aside ending so says what a name is used for, not what it is (extract/named_terms.py)."""

LEAD_IN = lazy_compile(
    r"(?:[:：]|(?:the )?following\W*|as follows\W*|"
    r"(?:以下|次)の?(?:よう|とおり|通り)[^。]{0,20}。?|(?:以下|次)のもの[^。]{0,10}。?|"
    r"(?:以下|次)の[0-9０-９一二三四五六七八九十]{1,2}(?:つ|種類|点|個)(?:の[^。、]{1,10})?(?:が|を)?"
    r"(?:あります|ある|存在します|存在する|挙げられます|です)。?|"
    r"(?:は|が)こう(?:です|である|だ|なります)。?)$",
    re.IGNORECASE,
    needs=(":", "：", "follow", "以下", "次", "こう"),
)
"""Text that announces what follows (``…the following:``, ``次のような特徴がある。``, ``アイデアはこうです。``)."""
BROKEN_OFF = lazy_compile(
    r"\b(?:of|and|or|like|such as|including|to|with|by|using|between|from|via|for|the|an?)$", re.IGNORECASE
)
"""English text that stops on a preposition, an article or a conjunction (``…using any combination
of``): the sentence goes on in the list under it, each item a piece of it."""
LIST_LEAD_IN = lazy_compile(
    LEAD_IN.pattern + r"|(?:以下|次|下記)の?[^。]{0,60}。?$|\bfollowing\b[^.:]{0,60}[.:]?$",
    re.IGNORECASE,
)
"""A sentence over a list that says what its items are (extract/lead_in_lists.py): a :data:`LEAD_IN`,
or one that names them with 以下の / 次の / the following anywhere near its end
(``…以下のIAMポリシーを割り当てる必要がある``)."""
HYPOTHETICAL_LEAD_IN = lazy_compile(
    r"^(?:もし|仮に)[^。]{0,80}(?:以下|次|下記)の?(?:よう|通り|とおり)[^。]{0,12}[:：。]?$"
    r"|^(?:if|suppose|imagine)\b[^.]{0,100}\b(?:(?:would|might) (?:look|be)|as follows|like this)\b[^.]{0,20}[.:]?$",
    re.IGNORECASE,
)
"""A line over a table that imagines a case (``もし…となると、以下のようになる``, ``If you ran it on
a server, it would look like this:``): the rows are examples of that case, not terms to learn
(extract/tables.py, ``hypothetical-table``)."""
BRACKET_LABEL = lazy_compile(r"^(?:【[^】]{1,30}】|\[[^\]]{1,30}\]|［[^］]{1,30}］|〈[^〉]{1,30}〉)")
"""An item that opens with a bracketed name (``【EC2】CPU使用率…``, ``[S3] bucket size``): one of a set of
examples keyed by name, not a statement of what its owner is."""
NEGATIVE_SENTENCE = lazy_compile(
    r"(?:では|じゃ)(?:ありません|ない)(?:です)?[。.]?$|\b(?:is|are) not (?:a|an|the)\b[^.]*\.?$", re.IGNORECASE
)
"""A sentence that says what a term is *not* (``…はストレージサービスではありません。``): as a
back's only sentence it answers nothing, so the sentence after it stays with it (extract/recital.py)."""
LOOSE_QUOTED_WORD = lazy_compile(r"[^をにへがとのは、\s]{2,7}[るいた]")
"""A short 「quoted」 word that ends as a verb or an adjective does, no particle in it (``信頼できる``,
``新しい``): the quotes mark a word used loosely, which a gap would ask as if it were a name
(extract/token_clozes.py, extract/detail_facts.py); a quoted clause (``世界中の利用者へ速く届けたい``,
an exam's wording) stays a key phrase."""
RELATIVE_KIND_SENTENCE = lazy_compile(
    r"(?:関連する|関連した|同様の|似た|類似の|同じ種類の)[^。、]{0,20}(?:です|である|だ)[。.]?$"
    r"|\b(?:is|are) (?:an?|another) (?:related|similar|closely related) (?:class|kind|type|form|family|category)\b",
    re.IGNORECASE,
)
"""A sentence that says only that a term is a kind related to something said before it (``CSRF は、関連
するクラスの攻撃です。``, ``X is a related class of attack.``): as a back's only sentence it answers
nothing the card shows, so the sentence after it, which says what the term does, stays with it
(extract/recital.py), as after a :data:`NEGATIVE_SENTENCE`."""
INSTRUCTION_SENTENCE = lazy_compile(
    r"(?:てください|でください|しましょう|しなさい|べきです|べきである)[。.!！]?$"
    r"|^(?:always|never|do not|don't)\b|\byou (?:should|must)\b",
    re.IGNORECASE,
)
"""A sentence that tells the reader what to do (``…関数を使用してください。``, ``You should …``): in an
answer whose first sentence is a reason or a warning (``独自の関数を使うと…脆弱になります。``), it is the
one that answers a front naming a task (``…を生成する``), so the back keeps it (extract/recital.py)."""
LIST_LEAD_IN_EXCLUDED = lazy_compile(
    r"手順|ステップ|流れ|例|形式|コマンド|\bsteps?\b|\bexamples?\b|\bprocedure\b|\bformat\b|\bcommands?\b",
    re.IGNORECASE,
)
"""A lead-in to steps, examples, formats or commands: its list is not a set of facts to recall."""
COUNTED_LEAD_IN = lazy_compile(
    r"(?P<count>[2-8２-８二三四五六七八])\s*(?:つ|個|種類|方式|タイプ|通り|系統)"
    r"|\b(?P<word>two|three|four|five|six|seven|eight|[2-8])\s+(?:main\s+|different\s+)?"
    r"(?:types|kinds|modes|ways|options|categories|classes|tiers|variants|flavou?rs)\b",
    re.IGNORECASE,
)
"""A short line that counts the items of the list under it (``4種類のゲートウェイのタイプが存在``,
``ボリュームゲートウェイ (2方式)``, ``There are three kinds of …``): when the list has just that many
plain names, the line and the names are one fact, one cloze with a gap per name
(extract/lead_in_lists.py)."""
COUNT_ANNOUNCEMENT = lazy_compile(
    r"(?:は|が)[、,]?\s*(?:(?:おもに|主に|大きく(?:分けて)?)[、,]?\s*)?(?:[2-8２-８二三四五六七八]|いくつか|複数)\s*(?:つ|個|種類|方式|タイプ|通り|系統|パターン)"
    r"(?:あります|ある|存在します|存在する)[。.]?$"
    r"|^there are (?:two|three|four|five|six|seven|eight|several|[2-8])\s+(?:main\s+|different\s+)?"
    r"(?:types|kinds|modes|ways|options|categories|classes|tiers|variants)\b[^.]{0,60}[.:]?$",
    re.IGNORECASE,
)
"""A sentence that only counts what follows it (``依存関係が発生する方法は2つあります。``, ``There are
two kinds of dependency.``): at the end of a back whose list is not on it, it asks nothing; it moves
to Details (``lead-in-moved``), as a :data:`LIST_LEAD_IN` does. One that names what it counts
(``シェルスクリプト or cloud-init の2種類ある``) is a fact and stays."""
SET_LABEL = lazy_compile(r"(?:\b(?:types|kinds|categories)|種類|タイプ)\s*[:：]?$", re.IGNORECASE)
"""A short label that names a set (``Main DB Types``, ``ゲートウェイの種類``): over a list of plain
names it asks them, one cloze with a gap per name, as a count over them does (extract/lead_in_lists.py)."""
MAX_LEAD_IN_CHARS = 80
"""A lead-in sentence longer than this is a paragraph's point, not a question over its list."""
MAX_LEAD_IN_ITEM_CHARS = 60
"""The longest item (CJK; English: :data:`MAX_LEAD_IN_ITEM_WORDS` words) of a list a lead-in asks."""
MAX_LEAD_IN_ITEM_WORDS = 16

# A heading over loose remarks (``Further notes``, ``Side notes``, ``補足メモ``): no term its text
# defines. A page title such as ``Cloud notes`` still names the page's subject.
NOTES_HEADING = lazy_compile(
    r"^(?:(?:further|futher|more|other|additional|extra|misc|final|random|side|some|quick|personal)\s)?"
    r"(?:notes|memo|memos|remarks)$|^(?:補足|その他の|雑)?メモ$"
)
MAX_LEAD_IN_CODE_LINES = 1
"""A heading's sentence that ends in a colon takes the code block right under it onto its back when
the code is this many lines or fewer (one command, a setting); a longer listing stays off it."""
# Headings that only group: their content is carded under its own terms.
GROUP_HEADINGS: frozenset[str] = frozenset(
    {
        "exam relevance",
        "key points & tips",
        "key points and tips",
        "mnemonics",
        "tips",
        "その他",
        "これはなに",
        "この記事について",
        "はじめに",
        "まとめ",
        "オプション",
        "デメリット",
        "ポイント",
        "メモ",
        "メリット",
        "主なファミリー",
        "主な機能",
        "主な特徴",
        "主な用途",
        "主要な機能",
        "例",
        "具体例",
        "動作",
        "基本用語",
        "学習内容",
        "定義",
        "手順",
        "概要",
        "構成要素",
        "比較まとめ",
        "特徴",
        "用語",
        "用語の定義",
        "用語集",
        "用途",
        "目次",
        "種類",
        "補足",
        "試験ポイント",
        "試験メモ",
        "選択オプション",
        "contents",
        "definition",
        "definitions",
        "example",
        "examples",
        "features",
        "glossary",
        "introduction",
        "key points",
        "notes",
        "overview",
        "summary",
        "table of contents",
        "terms",
    }
)


# Group headings that still say what the items right under them are (``## Mnemonics`` over
# ``Top-Down: …``, ``### メリット`` over ``コスト削減: …``): kept at the end of those cards' Context,
# where the other group headings (概要, 用語集, Overview) are left out as saying nothing.
EXAM_QUESTION_HEADERS: frozenset[str] = frozenset(
    {
        "問われ方",
        "出題",
        "出題形式",
        "出題パターン",
        "出題例",
        "設問",
        "問題の形",
        "exam question",
        "exam questions",
        "how it is asked",
        "question type",
    }
)
"""First column headers of an exam-question table: each row names a way the exam asks about the
topic (``分母を選ぶ``), not a term; its answer column restates the lesson for the exam."""
EXAM_ASPECT_WORDS: frozenset[str] = frozenset(
    {
        "用途",
        "影響",
        "変更",
        "評価",
        "選択",
        "比較",
        "違い",
        "理由",
        "条件",
        "方法",
        "計算",
        "判断",
        "特徴",
        "目的",
        "効果",
        "使い分け",
    }
)
"""Words of an exam-question row's name that say what is asked about a thing (its effect, its
use), not which thing: they never tie the row to a card that already asks it."""

EXAM_ROW_SAID_RATIO = 0.4
"""An exam-question row whose answer has at least this share of its character pairs in the cards
that already ask its thing says nothing new (extract/selection.py, ``exam-row-asked``)."""

QUALIFYING_GROUPS: frozenset[str] = frozenset(
    {
        "mnemonics",
        "tips",
        "features",
        "デメリット",
        "メリット",
        "オプション",
        "選択オプション",
        "主な機能",
        "主要な機能",
        "主な特徴",
        "特徴",
        "主な用途",
        "用途",
        "種類",
        "構成要素",
        "主なファミリー",
    }
)


# Words that name a quality or a kind of thing in general, not one thing of the notes: a front
# ``セキュリティ`` under ``## 主な機能`` asks nothing until it says whose (``プロキシサーバー ›
# セキュリティ``), and a subject ``アプリケーション`` over a list says little until it says whose
# (extract/subjects.py). A term made of more than one of them, or with a name in it, is not generic.
GENERIC_TERMS: frozenset[str] = frozenset(
    {
        "アプリケーション", "サービス", "システム", "データ", "リソース", "セキュリティ",
        "パフォーマンス", "コスト", "スケーラビリティ", "可用性", "信頼性", "拡張性", "柔軟性",
        "安全性", "耐久性", "互換性", "性能", "運用", "管理", "設定", "構成", "機能", "監視",
        "application", "service", "system", "data", "resources", "security", "performance",
        "cost", "scalability", "availability", "reliability", "durability", "flexibility",
        "compatibility", "management", "configuration", "settings", "monitoring",
    }
)  # fmt: skip


# A Japanese noun phrase naming what something does, a feature or benefit of its subject rather than
# a name (``データセキュリティリスクの可視化``, ``キャッシュによる負荷軽減``): words joined by a particle
# (の, による, への, での, と) and ending in a verbal noun, two or more kanji or a katakana -ing/-tion
# word (``自動プロビジョニング``). A head that is a thing (``IAMロール``, ``キャッシュ``) is a name.
FEATURE_PHRASE = lazy_compile(
    r"^[^\s:：、。]*?[\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9)）](?:の|による|への|での|と)"
    r"[^\s:：、。]*(?:[\u4e00-\u9fff]{2}|ング|ション)$"
    # or a kanji adjective on a noun of that kind and no particle after it (``詳細な監視``,
    # ``高性能なトラフィック処理``; ``厳密な永続性が必要な処理`` is a case, not a feature)
    r"|^[\u4e00-\u9fff]{2,}な[^\s:：、。\u3040-\u309f]*(?:[\u4e00-\u9fff]{2}|ング|ション)$"
)
NAME_COLUMN_HEADERS: frozenset[str] = frozenset(
    {"用語", "名称", "名前", "項目", "キーワード", "単語", "コマンド", "略語", "サービス", "サービス名"}
    | {"term", "terms", "name", "names", "item", "keyword", "word", "command", "acronym", "service", "concept"}
)
"""The first header of a ``name | meaning`` table that only says its rows are names (``用語``,
``Term``): unlike ``デプロイパターン`` or ``Protocol``, it says no kind the rows are of."""
CHAPTER_TITLE = lazy_compile(
    r"^\s*(?:第\s*[0-9０-９一二三四五六七八九十]+\s*(?:分野|章|部|節|回|編)"
    r"|(?:chapter|domain|part|module|section|unit|lesson|week)\s*[0-9]+\b)",
    re.IGNORECASE,
)
"""A numbered chapter's title (``第 4 分野: モニタリングとロギング``, ``第3章 …``, ``Domain 2: …``): where a
thing is in the course, not whose part it is; never the subject a card's front is qualified by."""
MEMBER_GROUPS: frozenset[str] = frozenset({"構成要素", "コンポーネント", "種類", "components", "types", "kinds"})
"""A group bullet between a part and its owner that says what kind of member the part is
(``- Acme Edge Guard:`` › ``- 構成要素:`` › ``- 検査ポリシー: …``): the front says it too,
``Acme Edge Guardの構成要素 › 検査ポリシー`` (extract/subjects.py)."""
GROUPING_OWNER_ENDINGS: tuple[str, ...] = (
    *("こと", "機能", "特徴", "種類", "方法", "利点", "欠点", "制約", "一覧", "ポイント", "ベストプラクティス"),
    *("違い", "比較", "用語", "項目", "要素", "の柱", "タイプ", "分類", "まとめ", "ユースケース", "内容"),
    *("の話", "について", "課題", "問題点", "注意点"),
)
"""A bullet or head line ending in one of these (``ポリシーの種類``, ``設定項目``, ``構成要素``,
``S3のユースケース``) groups the names under it: the ``Label: text`` items below it are members with
names of their own, never parts of it to ask as ``Owner › Label`` (extract/subjects.py)."""
# A bullet sentence over a list of features that names whose they are
# (``AWS SSO は以下の機能を提供します：``, ``The scheduler provides the following features:``).
CRITERION_LEAD_IN = lazy_compile(
    r"(?:^|[、。]|際に|ときに|時に|場合に|上で)\s*(?P<owner>[^\s、。:：]{2,24}?(?:要因|基準|観点|判断材料|考慮事項))"
    r"\s*(?:として|には|は)[^。:：]{0,30}[:：。]?\s*$"
)
"""A lead-in sentence whose last clause names the kind of thing the labels after it are
(``…リージョンを選択する要因として、…可能性``, ``サイズを決める基準は次のとおり``): ``owner`` is that noun
phrase, what the labels are asked of (``リージョンを選択する要因 › 応答時間``)."""
FEATURE_LEAD_IN = lazy_compile(
    r"(?:^|[。、]\s*)(?P<owner>[A-Za-z0-9][A-Za-z0-9_ .()/-]{0,40}?|[^\s、。は]{1,30}?)\s*(?:は|が)\s*"
    r"(?:以下|次|下記)の(?:機能|特徴|メリット|利点)を?(?:提供|持|備え|サポート)[^。]*[:：]?$"
)
# An answer that opens with the name whose feature it explains (``CloudFrontは…``, ``AWS SSO は…``):
# a Latin name, its topic marked by は/では (``X が…`` names the doer, often the answer itself).
FEATURE_ANSWER_OWNER = lazy_compile(
    r"^(?P<owner>[A-Z][A-Za-z0-9_.()/-]*(?: [A-Z0-9][A-Za-z0-9_.()/-]*){0,3})\s*(?:は|では)(?![\u3040-\u309f])"
)
# A bullet sentence that opens with the name it is about, the owner of the bullets under it
# (``Amazon ElastiCache for Redis は、…をサポートします。`` over ``- マルチ-AZ: …``; ``Amazon S3 では…``;
# ``Redis Cluster is …``): a Latin name (a few words, joined by ``for`` / ``of`` / ``on``) marked as
# the topic by は/では, or followed by an English verb of what it is or has; or a katakana name with
# its abbreviation in brackets (``サービスコントロールポリシー（SCP）は、…``), a name spelled out with the
# short form it goes by, which a phrase such as ``上位のポリシーは`` never has.
SENTENCE_OWNER = lazy_compile(
    r"^(?!(?:It|This|That|These|Those|They|There|The|A|An|We|You|I)\b)"
    r"(?P<owner>[A-Z][A-Za-z0-9_.()/-]*(?: (?:[A-Z0-9][A-Za-z0-9_.()/-]*|for|of|on)){0,5}"
    r"|(?:[A-Z][A-Za-z0-9]* ?)?[\u30a0-\u30ff]{3,}\s?[（(][A-Z][A-Za-z0-9 .-]{1,20}[）)])"
    r"(?:\s*(?:は|では)(?![\u3040-\u309f])|\s+(?:is|are|has|have|supports|provides|offers|uses)\b)"
)
# A head that counts the items under it (``大きく分けて3つの機能``, ``2種類の方法``): it groups them, it
# names no subject of its own.
GROUP_HEAD = lazy_compile(r"[0-9０-９一二三四五六七八九十]+\s*(?:つ|個|種類|点)の")


# A head line that only asks (``Why ?``, ``なぜ？``) names no subject for the bullets under it.
QUESTION_WORDS: frozenset[str] = frozenset(
    {"why", "how", "what", "when", "where", "which", "なぜ", "どうして", "どうやって", "いつ", "どこ"}
)


# Labels of the writer's own work in a portfolio or project record (``- **工夫した点**``, ``## 今後の課題``):
# what follows is the writer's own choices and plans, not a fact about the tools.
OWN_WORK_LABELS: frozenset[str] = frozenset(
    {
        *("工夫した点", "工夫点", "工夫したところ", "こだわった点", "こだわりポイント", "苦労した点", "苦労点"),
        *("苦労したところ", "今後の課題", "今後の展望", "今後やりたいこと", "改善したい点"),
        *("what i learned", "what i learned?", "challenges i faced", "future work", "future improvements"),
    }
)


# Headings whose sections hold material that is not for study (dates, links, diary, exam logistics,
# memory aids).
NON_STUDY_HEADINGS: frozenset[str] = frozenset(
    {
        # a chapter's learning goals: topics it will cover, not facts (``Security Group と NACL の違い``)
        *("この章で理解すること", "この章で学ぶこと", "本章で学ぶこと", "この章の目的", "本章の目的"),
        *("学習目標", "この章のゴール", "このステップのゴール"),
        "覚え方",
        "覚えかた",
        "語呂合わせ",
        "ゴロ合わせ",
        "暗記法",
        "external references",
        "related notes",
        "関連ノート",
        "関連記事",
        "やること",
        "リンク",
        "今日の感想",
        "出題範囲",
        "参考",
        "参考url",
        "参考サイト",
        "参考リンク",
        "参考文献",
        "参考記事",
        "参考資料",
        "参考書籍",
        "参考ページ",
        "引用元",
        "公式資料",
        "公式ドキュメント",
        "関連資料",
        "反省",
        *OWN_WORK_LABELS,
        "感想",
        "所感",
        "所感・感想",
        "振り返り",
        "日付",
        "日記",
        "日誌",
        "次回",
        "試験情報",
        "試験概要",
        "関連リンク",
        "bibliography",
        "changelog",
        "daily log",
        "date",
        "diary",
        "diary entry",
        "exam guide",
        "exam information",
        "feelings",
        "further reading",
        "impressions",
        "journal",
        "links",
        "log",
        "my thoughts",
        "next steps",
        "notes to self",
        "personal notes",
        "reference",
        "references",
        "reflection",
        "reflections",
        "resources",
        "retrospective",
        "see also",
        "sources",
        "thoughts",
        "todo",
    }
)


# Labels of a memory aid (``- 覚え方: ロイが投下``, ``## 語呂合わせ``): a pun tied to a term helps recall
# a fact and is not one; a card asking it (``ROI › 覚え方`` → the pun) teaches the pun, not ROI. (An
# English ``Mnemonics`` section stays notes: there the phrase itself, ``Every Good Boy…``, is learnt.)
MNEMONIC_LABELS: frozenset[str] = frozenset(
    {"覚え方", "覚えかた", "語呂", "語呂合わせ", "ゴロ", "ゴロ合わせ", "暗記法", "覚え歌"}
)


# Terms that are never a card's front (metadata, links, labels of remarks).
NON_STUDY_TERMS: frozenset[str] = MNEMONIC_LABELS | frozenset(
    {
        "おまけ",
        "タグ",
        "メモ",
        "余談",
        "作成日",
        "例",
        "出典",
        "参考",
        "参考情報",
        "参考資料",
        "参考文献",
        *("本ファイル", "このファイル", "本記事", "この記事", "本ページ", "このページ", "本ドキュメント"),
        "感想",
        "感想・メモ",
        "日付",
        "更新日",
        "最終更新",
        "注",
        "注意",
        "注記",
        "備考",
        "著者",
        "翻訳",
        "翻訳者",
        "訳者",
        "補足",
        "追記",
        "aside",
        "author",
        "created",
        "date",
        "e.g",
        "eg",
        "ex",
        "important",
        "last updated",
        "link",
        "memo",
        "note",
        "ref",
        "see",
        "source",
        "tags",
        "thoughts",
        "tip",
        "todo",
        "translated by",
        "translator",
        "updated",
        "url",
    }
)


MIN_LABELLED_SECTIONS = 3
"""A ``Label: text`` line under this many sibling headings or more is a label of its section
(``**TL;DR:**`` under every practice), not a term (extract/definitions.py, recurring_labels)."""


# Labels of the parts of a structured topic bullet; the first found of these is the answer.
SUMMARY_LABELS: tuple[str, ...] = (
    "概要",
    "定義",
    "要約",
    "説明",
    "意味",
    "definition",
    "overview",
    "summary",
    "what it is",
    "tl;dr",
    "tldr",
)


# Labels of the parts of a structured topic bullet (``- **概要**: …`` under a topic).
TOPIC_LABELS: frozenset[str] = frozenset(
    {
        "デメリット",
        "ポイント",
        "メリット",
        "例",
        "具体例",
        "副業での需要",
        "定義",
        "実務での使い方",
        "意味",
        "概要",
        "注意点",
        "特徴",
        "用途",
        "要約",
        "試験ポイント",
        "説明",
        "definition",
        "exam tip",
        "exam tips",
        "example",
        "in practice",
        "key points",
        "overview",
        "pitfalls",
        "summary",
        "use cases",
        "what it is",
    }
)


# Labelled parts of a structured topic that state a fact of their own, asked as ``Topic › label``
# (``メリット``, ``用途``): the label names the aspect of the topic the answer gives. Not its summary
# (the topic's own card), a restatement (要約), an example or a remark about demand.
ASKED_TOPIC_LABELS: frozenset[str] = frozenset(
    {
        "メリット",
        "デメリット",
        "用途",
        "特徴",
        "use cases",
    }
)

# Labelled parts whose label names no aspect of the fact (``試験ポイント``, ``Pitfalls``): ``Topic ›
# 試験ポイント`` is an open question ("what about it is asked?"), so such a part is asked by its
# content (a cloze on its limit or 「quoted」 key phrase, the topic as Context) or stays in the
# topic's Details.
OPEN_TOPIC_LABELS: frozenset[str] = frozenset(
    {
        "試験ポイント",
        "実務での使い方",
        "注意点",
        "ポイント",
        "exam tip",
        "exam tips",
        "in practice",
        "key points",
        "pitfalls",
    }
)


# Labels that only mean something with their parent: ``- 目的: …`` under ``- cfn-hup``.
GENERIC_LABELS: frozenset[str] = frozenset(
    {
        "エラー内容",
        "シナリオ",
        "デメリット",
        "ポイント",
        "メリット",
        "ユースケース",
        "仕組み",
        "使い方",
        "使用方法",
        "利用シナリオ",
        "制限",
        "原因",
        "問題のシナリオ",
        "問題のポイント",
        "対処法",
        "対策",
        "打開策",
        "役割",
        "料金",
        "方法",
        "最適解",
        "注意点",
        "特徴",
        "理由",
        "用途",
        "目的",
        "要件",
        "観点",
        "解決策",
        "適用外の理由",
        "cause",
        "cons",
        "default",
        "defaults",
        "fix",
        "key takeaway",
        "limits",
        "pricing",
        "pros",
        "purpose",
        "usage",
        "use case",
        "use cases",
        "uses",
        "what it means",
    }
)


# English labels of one aspect of the thing the heading above names (``### MFA`` / ``- **Implementations**:
# …``, ``### Scale Out`` / ``Typical logic:``, ``### Passwords`` / ``- **Best Practices**: …``): alone on a front they
# name no thing, so the card asks them of that heading (``MFA › Implementations``), matched whole, not
# as the end of a longer name (``Data types``, ``Boolean logic`` name things).
ASPECT_LABELS_EN: frozenset[str] = frozenset(
    {
        "best practices",
        "characteristics",
        "implementations",
        "key characteristics",
        "typical characteristics",
        "typical logic",
        "typical use cases",
        "when to use",
    }
)


# Labels of what went wrong (``- エラー内容: …というエラーが発生しました``) beside labels of why or of
# the fix (``- 原因: …``, ``- 対策: …``): the symptom is the question the cause answers, not a fact
# to recall of its own, so it goes on the cause's card as its Context (extract/definitions.py).
SYMPTOM_LABELS: frozenset[str] = frozenset(
    {"エラー内容", "エラーメッセージ", "症状", "事象", "現象", "発生したエラー"}
    | {"error", "error message", "symptom", "symptoms"}
)
ANSWER_TO_SYMPTOM_LABELS: frozenset[str] = frozenset(
    {"原因", "対策", "対処", "対処法", "対処方法", "解決策", "解決方法"}
    | {"cause", "fix", "solution", "resolution", "workaround"}
)
MAX_SYMPTOM_CONTEXT_CHARS = 100
"""A symptom longer than this is a passage, not a Context line: it is explained, not shown."""
ERROR_NAME = lazy_compile(
    r"(?<![A-Za-z0-9_.])(?:[A-Z][A-Za-z0-9]*\.)*[A-Z][A-Za-z0-9]*[a-z0-9]\s?(?:Exception|Error|Fault)(?![A-Za-z0-9])"
)
"""The name of an error in a symptom (``InsufficientCapabilitiesException``, ``KeyError``,
``ThrottlingException``): the cause or fix beside it is asked of that name."""


# Labels over an exam question's scenario and its answer (extract/outline.py, role ``scenario``):
# the bullets under them describe one made-up system (``ウェブアプリケーションは…で実行されます``)
# or the steps of the answer (``…のサブドメインを作成し、ALB を設定``), not what their terms are.
SCENARIO_LABELS: frozenset[str] = frozenset(
    {"シナリオ", "問題のシナリオ", "問題のポイント", "要件", "課題", "解決策", "解決方法", "手順"}
    | {"scenario", "solution"}
)
# ``会社の要件``, ``DevOps エンジニアの課題``: a requirement or problem of a made-up actor is a
# scenario label too (``パスワードの要件``, ``Lambda の課題`` are facts about a subject).
SCENARIO_ACTORS: tuple[str, ...] = (
    *("会社", "企業", "組織", "顧客", "お客様", "チーム", "エンジニア", "開発者", "担当者", "ユーザー"),
    *("company", "customer", "team", "engineer"),
)
# A memo-style step ending: a particle, then a verbal noun (``…ALB を設定``, ``…リージョンに接続``):
# it says what to do, not what something is (``プロキシサーバ設定`` names a setting).
VERBAL_NOUN_ENDING = lazy_compile(r"[をにへ]\s*[\u4e00-\u9fff]{2,}[。.]?$")
# The one property a definition's answer gives when it is not what the term is (``LLC — IEEE 802.2``,
# ``設定レコーダーはリージョンごとに 1 つのみ作成できます``): the front then names that aspect
# (``LLC › standard``, ``… › 上限``), or the learner cannot tell what is asked of the name.
STANDARD_ANSWER = lazy_compile(
    r"^(?:(?:[Dd]efined|[Ss]pecified|[Ss]tandardi[sz]ed|[Dd]escribed)\s+(?:with)?in\s+(?:various\s+|the\s+)?)?"
    r"(?:IEEE|RFC|ISO(?:/IEC)?|IEC|ITU-T|ANSI|IETF|W3C)\b"
)
"""An answer that opens with the standard the term is defined in (``IEEE 802.2``, ``Defined within
various IEEE 802.x standards``, ``RFC 9110 で規定``)."""
LIMIT_ANSWER = lazy_compile(
    r"(?:ごとに|毎に|あたり|につき)\s*(?:最大\s*)?[0-9０-９一二三]+\s*(?:つ|個|件|台|本|回)?\s*(?:のみ|まで|だけ)"
    r"|\b(?:only (?:one|\d+)|at most (?:one|\d+)|up to \d+|a maximum of \d+|no more than \d+)\b[^.]*\b(?:per|each)\b"
    r"|\b(?:per|each)\b[^.]*\b(?:only (?:one|\d+)|at most (?:one|\d+)|up to \d+|a maximum of \d+|no more than \d+)\b",
    needs=("ごとに", "毎に", "あたり", "につき", "per", "each"),
)
"""A one-sentence answer that states how many of something one scope allows (``…ごとに 1 つのみ作成でき
ます``, ``up to 5 per account``): a quota, asked as the term's limit."""
MAX_ASPECT_ANSWER_CHARS = 160
"""Longer answers say more than one property: they keep the bare front."""
ANSWER_ASPECTS: tuple[tuple[str, str, str], ...] = (("standard", "standard", "規格"), ("limit", "limit", "上限"))
"""(kind, English label, Japanese label) of the aspects above, shown after the term on the front."""


EXAMPLE_LINE_WORDS: frozenset[str] = frozenset(
    {"例", "具体例", "使用例", "実例", "例えば", "example", "examples", "e.g", "for example"}
)
"""A line, bullet or heading that only says "examples follow" (``具体例``, ``例えば:``, ``Examples``): the
heads under it are cases, not terms (extract/definitions.py), and what is under it is an example
(extract/outline.py)."""


# A sentence that ends on a polite verb (``…として設定します``, ``…を取得します``; not the copula
# ``です``): in a procedure or a made-up system it says what is done, not what its term is, even
# when a clause before ``で、`` names a place (``Active Directory の設定で、…``).
POLITE_ACTION_ENDING = lazy_compile(r"(?<!で)ます[。.]?$")


# Sections whose items are uses or examples of the parent, not terms with a meaning.
EXAMPLE_SECTIONS: frozenset[str] = frozenset(
    {
        "主な用途",
        "使用例",
        "例",
        "具体例",
        "用途",
        "example",
        "examples",
        "use cases",
    }
)


MIN_VALUE_HEADER_WORDS = 5
"""A table header cell of this many words or more reads as data, not as a column's name (``When to
use it`` is a name; ``Resends lost segments in order`` is a row the author wrote first, with no
header above it): the header row is then read as the first row (extract/common.py)."""


# A first table header cell like these over a short header of names: the entities are the columns.
COLUMN_LABELS: frozenset[str] = frozenset(
    {
        "機能",
        "機能/要件",
        "比較",
        "比較項目",
        "特徴",
        "要件",
        "観点",
        "項目",
        "",
        "aspect",
        "attribute",
        "criteria",
        "feature",
        "features",
        "item",
        "property",
    }
)


# Table header cells that name attributes, not entities.
ATTRIBUTE_WORDS: frozenset[str] = frozenset(
    {
        "コスト",
        "デメリット",
        "メリット",
        "レベル",
        "主な用途",
        "例",
        "備考",
        "具体例",
        "内容",
        "制限",
        "定義",
        "対象",
        "役割",
        "復元先",
        "意味",
        "概要",
        "機能",
        "特徴",
        "用途",
        "種類",
        "記録内容",
        "説明",
        "cost",
        "description",
        "example",
        "examples",
        "meaning",
        "note",
        "notes",
        "type",
        "usage",
        "use",
    }
)


# Endings of header cells that name an attribute (``チェック内容``, ``対象リソース``), not an entity.
ATTRIBUTE_SUFFIXES: tuple[str, ...] = (
    "内容",
    "対象",
    "リソース",
    "方法",
    "用途",
    "例",
    "特徴",
    "説明",
    "種類",
    "範囲",
    "単位",
    "要件",
    "制限",
    "料金",
    "コスト",
    "期間",
    "時間",
    "目的",
    "役割",
    "性能",
    "レベル",
    "タイプ",
    "概要",
    "備考",
)


# A first-column header saying the rows are claims (reasons, merits), not names: ``| 理由 | 説明 |``
# over ``認証を自作しなくてよい | …``. A row's first cell is a statement, so asking it as a term
# (``認証を自作しなくてよい`` → its explanation) is a label prompt; such a 2-column table makes no
# definition cards (each row is explained instead).
CLAIM_HEADERS: frozenset[str] = frozenset(
    {
        "理由",
        "使う理由",
        "採用理由",
        "メリット",
        "デメリット",
        "利点",
        "欠点",
        "長所",
        "短所",
        "reason",
        "reasons",
        "why",
        "benefit",
        "benefits",
        "advantage",
        "advantages",
        "disadvantage",
        "disadvantages",
        "pros",
        "cons",
    }
)


# A table header naming examples, not meanings: a 2-column table under it gives no definitions,
# and in a wider table the column is not asked on its own (its cells ride in the row's Details),
# also when the name is joined to another (``具体例 / 制限``).
RESOURCE_HEADERS: frozenset[str] = frozenset(
    {
        # a first column that names pages, books or tools to go to, not terms (``| 資料名 | 用途 |``)
        *("資料", "資料名", "参考資料", "文献", "文献名", "書籍", "書籍名", "ドキュメント", "ドキュメント名"),
        *("リンク", "サイト", "サイト名", "ツール", "ツール名", "記事", "記事名"),
        *("resource", "resources", "reference", "references", "link", "links", "document", "documents"),
        *("documentation", "book", "books", "article", "articles", "tool", "tools", "source", "sources"),
        *("further reading", "reading"),
    }
)
"""First headers of a table whose first cells are each one link to a web page: a reading (or tool) list."""


EXAMPLE_HEADERS: frozenset[str] = frozenset(
    {
        "例",
        "具体例",
        "用途例",
        "使用例",
        "利用例",
        "活用例",
        "事例",
        "実例",
        "例え",
        "e.g.",
        "e.g",
        "eg",
        "example",
        "examples",
        "sample",
        "samples",
    }
)


# Particles and endings that make a phrase a sentence (a statement), not a term to ask about.
SENTENCE_MARKS: tuple[str, ...] = (
    "を",
    "ように",
    "ため",
    "ことで",
    "ことが",
    "場合",
    "だけ",
    "では",
    "のとき",
    "の時",
    "なら",
)


SENTENCE_ENDINGS: tuple[str, ...] = (
    "する",
    "した",
    "ます",
    "です",
    "ない",
    "れる",
    "できる",
    "になる",
    "いる",
    "ある",
)


# Endings of titles that name a topic (``AとBの違い``), not a term to define.
TOPIC_TITLE_ENDINGS: tuple[str, ...] = (
    "の違い",
    "の比較",
    "比較",
    "まとめ",
    "について",
    "一覧",
    "の流れ",
    "の手順",
    "の仕組み",
    "の関係",
    "の使い分け",
    # a section about getting a tool running (``gitのインストール``): a step, not a term its text defines
    "のインストール",
    "のセットアップ",
    "の導入",
    # an English section title over several points (``Backup Basics``, ``Caching Strategies``)
    " basics",
    " strategies",
    " tips",
)


# Code-fence info strings: as a front they are a fence's language tag, not a term.
FENCE_LANGUAGES = frozenset(
    {
        "bash", "sh", "shell", "zsh", "console", "powershell", "ps1", "cmd", "bat",
        "yaml", "yml", "json", "jsonc", "toml", "ini", "xml", "html", "css", "scss",
        "python", "py", "javascript", "js", "typescript", "ts", "tsx", "jsx", "java", "kotlin",
        "go", "golang", "rust", "rs", "ruby", "rb", "php", "c", "cpp", "c++", "csharp", "cs",
        "sql", "mysql", "postgresql", "hcl", "terraform", "dockerfile", "makefile", "text",
        "txt", "plaintext", "diff", "markdown", "md", "mermaid", "log", "nginx", "apache",
    }
)  # fmt: skip

# Answer words that say nothing about the term: an answer made only of these and the term's own
# words restates the prompt (``タスク定義名`` → ``任意の名前を設定する``).
FILLER_WORDS: tuple[str, ...] = (
    "任意の", "任意", "自由に", "好きな", "適当な", "を設定する", "を設定します", "を入力する",
    "を入力します", "を指定する", "を指定します", "を選択する", "を選択します", "を付ける", "をつける",
    "設定する", "入力する", "指定する", "選択する", "名前", "名", "値", "文字列", "こと", "もの",
    "です", "である", "する", "します", "の", "を", "は", "が", "に", "で", "指定",
    "使用する", "使用される", "利用する", "利用される",
    # a settings field's description that names only the field (``Service Auto Scaling`` →
    # ``Auto Scaling機能を有効化するときのオプション``, ``タスク定義`` → ``…として実行するタスク定義を指定する``)
    "機能", "有効化する", "有効化", "無効化する", "無効化", "オプション", "するときの", "ときの", "とき",
    "として", "実行する", "実行", "ための", "ため",
    # ``build`` → ``ビルド処理``: the term spelled in katakana and the word "processing"
    "処理",
    # ``HTTPメソッドルーティング`` → ``HTTPメソッドに応じてルーティングする``: the term's own words joined by
    # "according to / by", which only spells the compound out
    "に応じて", "に応じた", "によって", "による",
    "option", "feature", "enable", "enables", "disable", "disables", "that", "which", "when", "for",
    "any", "a", "an", "the", "of", "your", "you", "choose", "chosen", "enter", "set", "to",
    "name", "value", "string", "custom", "whatever", "like", "is", "it", "this",
)  # fmt: skip

BACK_REFERENCE = lazy_compile(
    r"両者|前者|後者|\b(?:the former|the latter|both of them)\b",
    re.IGNORECASE,
    needs=("両者", "前者", "後者", "the former", "the latter", "both of them"),
)
"""A word that points back at two things named before (``F1値は両者を…``, ``the latter is …``): a
cloze of its sentence alone does not say what they are (extract/selection.py), unless the
sentence names them before it (``AとBのうち、前者は…``)."""
BACK_REFERENCE_NAMED = lazy_compile(r"[と、,や]|\band\b|\bor\b")
"""What names the things a :data:`BACK_REFERENCE` points at, earlier in its own sentence."""
NOTES_POINTER = lazy_compile(
    rf"(?:{'|'.join(('今回', *NOTES_REFERENCES_JA))})の|(?:当|本)記事(?:での|の|では|で)"
    r"|\bthe\s+above\b"
    r"|\b(?:the|these|those)\s+(?:first|second|third|fourth|last|previous|preceding)\s+[a-z]+\s+above\b"
    r"|\b(?:the|these|those)\s+(?:[a-z]+\s+){0,2}?(?:operations?|examples?|cases?|steps?|scenarios?|propert(?:y|ies)"
    r"|sentences?|lists?|tables?|commands?|snippets?|figures?|diagrams?|queries|query|code)\s+above\b"
    r"|\b(?:the\s+)?same\s+way\s+as\b(?=\s+\S+(?:\s+\S+)?\s+(?:above|below)\b)",
    re.IGNORECASE,
)
"""A phrase that points at a part of the notes the card does not show or at the writer's own
story (``今回の 403 エラーは…``, ``上記の手順で…``, ``当記事での…``, ``If the second operation above fails, …``,
``used the same way as UNION above``): a
cloze of its sentence asks about something the learner cannot see (extract/selection.py). Adverbial
``上記で示されている…`` and a preposition (``sits above MAC``) do not point at anything."""

# Endings of a Japanese answer that only close the phrase before its head noun (``…の最小数です``):
# left off before asking whether that head noun is the term itself (a circular definition).
PHRASE_CLOSINGS: tuple[str, ...] = ("のことです", "のことである", "のこと", "です", "である", "。")

SETTING_CLOSINGS: tuple[str, ...] = ("の設定", "を設定する", "を設定", "を指定する", "を指定", "の指定")
"""Closings that name a form's field as "the setting of" it (``…猶予時間の設定``): an answer that is the
term itself with one of these adds nothing to the term."""

# Opening words of a diary remark, not study text (``I should review this next week``).
DIARY_OPENINGS: tuple[str, ...] = (
    "i should", "i will", "i'll", "i need to", "i want to", "i think", "i feel", "i felt",
    "i learned", "i learnt", "i was", "i am", "i'm", "i have to", "i must", "i hope", "todo:",
    "i added", "i ran", "i made", "i wrote", "i tried", "i built", "i kept",
    "note to self", "next time", "tomorrow i", "today i", "次回は", "来週", "明日は", "今日は",
    "復習する", "頑張", "がんばる",
)  # fmt: skip
NARRATIVE_HEADINGS: frozenset[str] = frozenset(
    {"その後", "経緯", "きっかけ", "事の起こり", "顛末", "現象", "事象", "結局"}
)
"""Section labels of a story an article tells (``## その後``, ``## 現象``): over a paragraph that narrates
(:data:`NARRATIVE_MARKS`, a past-tense ending) they name a stage of the story, not a term."""
REMARK_HEADING = lazy_compile(r"[！!？?]\s*$|(?<=[\u3040-\u309f])の\s*$|[、，]")
"""A Japanese heading that is a remark, not a name: an exclamation or a question (``データの読み出しが
遅い！``, ``結局どうしたの？``, ``結局どうしたの``), or two phrases joined by a comma (``事の起こり、…の導入``)."""
NARRATIVE_MARKS = lazy_compile(
    r"私|僕|筆者|我々|弊社|ある日|先日|当記事|本記事|この記事|関わっていた|"
    r"[0-9０-９一二三四五六七八九十数半]+(?:年|ヶ月|か月|カ月|週間|日)(?:ぐらい|くらい|ほど)?(?:前|近く経)"
)
"""What marks a paragraph as the writer's story (first person, a time of the story, the article
itself): ``私が関わっていたプロジェクトで…``, ``3年ぐらい前の話になるが…``, ``当記事での…``."""
NARRATIVE_PAST = lazy_compile(r"(?:[^\s。、]た|でした|ました|であった|だった)[。！]?\s*$")
"""A Japanese sentence that ends in the past tense (``…変更した。``, ``…初めてであった。``): a story told,
where a definition says what a thing is (``…です``, ``…である``)."""
NOTES_REMARK_OPENINGS: tuple[str, ...] = (
    "these are notes", "these are my notes", "these notes are", "these notes were", "this note is",
    "このノートは", "このメモは", "この記事は",
)  # fmt: skip
"""A text that opens on a remark about the notes themselves (where they come from, whose they are),
not about their subject: under the page title it is no definition of the title."""

# A question id from an exam paper used as a term (``H30S P19``, ``R5春 問12``, ``Q12``, ``問3``).
QUESTION_ID = lazy_compile(
    r"^(?:[HR]\d{1,2}\s*[春秋SAFa-z]?\s*(?:午[前後]\s*)?[PQ問]?\s*\d{1,3}|[QP]\s*\d{1,3}(?:[-.]\d+)?|問\s*\d{1,3}|"
    r"(?:question|q)\s*#?\s*\d{1,3}|第\s*\d+\s*問)$",
    re.IGNORECASE,
)
# A label numbered as one of a series (``シナリオ #1``, ``Example 2``, ``Case 3``, ``ケース2``): the id of
# a scenario, a worked example or an exercise, not a term. ``Layer 2``, ``Tier 1`` or ``Type 2`` name
# real things, so only words that label a case, an example or an exercise count.
NUMBERED_LABEL = lazy_compile(
    r"^(?:scenario|example|ex\.?|case|exercise|use case|pattern|sample|シナリオ|ケース|例|例題|演習|"
    r"パターン|サンプル|事例|ユースケース|攻撃シナリオ)\s*(?:#|no\.|№)?\s*\d{1,3}[a-z]?$",
    re.IGNORECASE,
)
# A value that is an example, not a fact to learn: a zone id (``sa-east-1b``), an ARN, an account or
# resource id. Region codes, CIDR blocks and bare numbers are not here: ``10.0.0.0/8`` may be a fact.
EXAMPLE_VALUE = lazy_compile(
    r"^(?:[a-z]{2}(?:-gov)?-[a-z]+-\d[a-z]|arn:[\w:/*.-]+|"
    r"(?:[a-z]+-)?[0-9a-f]{8,}|\d{12})$",
    re.IGNORECASE,
)
# A term that names an example instance (``VPC B``, ``サブネットA``): with any bare value as its
# answer (``10.0.0.0/16``, ``3``) it is an example, not a fact.
EXAMPLE_INSTANCE = lazy_compile(
    r"^.{1,30}?(?:\s(?P<letter>[A-Z])|(?<=[\u3040-\u30ff\u4e00-\u9fff])(?P<joined>[A-Z])|\s?[(（](?P<bracketed>[A-Z])[)）]"
    r"|\s?[(（](?P<series>[^()（）\s][^()（）]{0,20}?\s[A-Z](?:\s*[,、/]\s*[A-Z])+)[)）])$"
)
"""Also ``Endpoint Service (A)``: with an answer that names the same instance (``VPC A …``), one of a
series of example instances (A, B, C) drawn for one scenario, not a fact. A bracketed series
(``提供側 (VPC A, B, C)``) names several of them at once."""
BARE_VALUE = lazy_compile(r"^[\w./:%-]{1,40}$")
VALUE_ANSWER = lazy_compile(
    r"^(?:[OΘΩ]\((?:[^()]|\([^()]*\))*\)|[-+]?\d[\d,.]*\s*(?:%|[A-Za-z/°µμ]{1,6})?"
    r"|yes|no|true|false|n/a|[✔✓✗✘×○◯△-])$",
    re.IGNORECASE,
)
"""A value, not a name: an order of growth (``O(n log n)``), a figure with its unit (``16 KB``,
``99.9 %``), a yes/no or a mark. A table row of these names no entity (extract/tables.py); a
heading over one alone is asked it (extract/definitions.py)."""
# Rating marks on a back (``★★★★☆``, ``5/5``): a remark about the fact, not the fact.
RATING = lazy_compile(r"[★☆]{2,}(?:\s*[（(]?\s*\d(?:\.\d)?\s*/\s*5\s*[）)]?)?")
# Templating and fence markers that leak into fields.
TEMPLATE_MARKER = lazy_compile(r"\{%-?\s*(?:raw|endraw)\s*-?%\}")
FENCE_MARKER = lazy_compile(r"(?:^|<br>|\n|<p>)\s*(?:```|~~~)")

# A numbered step (``1. …のセットアップ``, ``Step 2``) heading child bullets: their ``Label: text`` are
# the step's actions, not terms, when the label names an action or the text is an instruction
NUMBERED_STEP = lazy_compile(r"^\s*(?:\d{1,2}\s*[.)．）]|step\s*\d+|手順\s*\d+|ステップ\s*\d+)", re.IGNORECASE)
ACTION_ENDINGS: tuple[str, ...] = (
    "の作成", "の設定", "の有効化", "のアタッチ", "の定義", "の追加", "の利用", "の選択", "の確認", "の実行",
    "の登録", "の構成", "のデプロイ", "のセットアップ", "のインストール", "の割り当て",
    "の適用", "の削除", "の無効化", "のアップロード", "の起動", "の停止",
)  # fmt: skip
INSTRUCTION_ENDINGS: tuple[str, ...] = ("します。", "します", "してください。", "してください")
PROCESS_LEAD_IN = lazy_compile(
    r"(?:以下|次)の(?:ような)?[^。]{0,12}?(?:プロセス|ステップ|段階|工程|手順)"
    r"|\bthe following (?:steps|stages|phases)\b",
    re.IGNORECASE,
)
"""A bullet's text that introduces the numbered items under it as the parts of a process
(``通常次のような工程が含まれます：``, ``主に次の段階を踏みます：``, ``it runs the following
steps:``): each item says what happens in that part, and is asked as a part of the bullet's
subject, an action (``原稿の変換``) as well as a name (``検索索引``)."""

# Footnote markers that leak into fields (``[^2]``).
FOOTNOTE_MARKER = lazy_compile(r"\[\^[\w-]+\]")
DECORATIVE_EMOJI = lazy_compile(
    r"(?![\U0001f534-\U0001f535\U0001f7e0-\U0001f7eb])[\U0001f300-\U0001faff\u2757\u2755\u2753\u2754\u26a0\u26a1"
    r"\u2b50\u2728\u23f0\u23f1][\ufe0f\u200d]*\s?"
)
"""A pictograph an author sets before or after a line as decoration (``🔸EBS has …``, ``❗When …``,
``…できる🔀``, ``💡``, ``⚠️``): clutter on a card, left off every field. Marks that carry a value stay
(``✔``/``✘``/``✅``/``❌``, coloured circles 🔴🟢 in a table, numbering ``❶❷``)."""
POINTER_SENTENCE = lazy_compile(
    r"(?:(?<=[。！？])|(?<=[.!?] )|(?<=>)|^)\s*(?:"
    # Japanese: a sentence that ends by sending the reader elsewhere (``…生じていますが、後述します。``)
    r"[^。！？<>{}]{0,80}?(?:後述(?:します|する|の通り|のとおり)?|後ほど(?:説明|解説|紹介)(?:します|する)|"
    r"(?:下記|以下|後述)(?:を)?参照(?:のこと|してください|ください)?)[。！]?(?=$|<)"
    # ``ここでRAID 5とRAID 6について簡単に説明する。``: it announces what the text explains next
    r"|(?:ここで|以下で)(?:は)?[^。！？<>{}]{0,60}?(?:簡単に)?(?:説明|解説|紹介)(?:する|します|しておく|しておきます)[。！]?(?=$|<)"
    # English: ``See notes on high availability below.``, ``More on this below.``, ``(see above)``
    r"|(?:see|refer to|check)\b[^.<>{}]{0,80}?\b(?:below|above|later)\s*(?:\.(?=\s|$|<)|(?=$|<))"
    r"|(?:more|details) (?:on this |about this )?(?:below|later)\s*(?:\.(?=\s|$|<)|(?=$|<))"
    r")",
    re.IGNORECASE,
)
"""A sentence that only points to another part of the notes (``See notes on high availability
below.``, ``その代償としての制約も生じていますが、後述します。``): on a card, where no "below" exists,
it is clutter, so it is left off every field (``inspect --explain``: ``pointer-sentence``). Only a
whole sentence at the end of its text is taken: ``後述するXは…`` states a fact and stays."""
# Time words as a front: a diary entry (``- **Today**: learned about VPCs``), not a term.
DIARY_TERMS = frozenset(
    {
        "today",
        "yesterday",
        "tomorrow",
        "this week",
        "next week",
        "today's goal",
        "今日",
        "昨日",
        "明日",
        "今週",
        "来週",
        "本日",
    }
)
# First words of product names of one family: a table of ``AWS …`` rows under ``# Amazon EMR`` lists
# the heading's peers, not its parts.
VENDOR_PREFIXES = frozenset({"amazon", "aws", "azure", "microsoft", "google", "gcp", "cloud", "oracle", "oci", "ibm"})
# Openings of a title that asks or announces (``How it compares …``, ``なぜ必要か``): a section
# title, not a term to define.
TOPIC_TITLE_OPENINGS: tuple[str, ...] = (
    "how ",
    "why ",
    "when ",
    "which ",
    "where ",
    "なぜ",
    "どう",
    "どのように",
)
# Marks that make a front a flow or an assignment (``Developers -> QA -> Operations``), not a term.
FLOW_MARKS: tuple[str, ...] = ("=", "→", "←", "⇒", "|", "⬇", "↓", "->", "<-", "=>")
# A bold word like these is a function word, not a fact: ``Is **NOT** a product`` hides nothing to learn.
FUNCTION_WORDS = frozenset(
    {
        "not",
        "no",
        "never",
        "only",
        "all",
        "none",
        "always",
        "must",
        "is",
        "are",
        "ない",
        "しない",
        "のみ",
        "だけ",
        "必ず",
        "絶対に",
        "決して",
        "常に",
    }
)
# Label phrases: a front that says how or which kind, not what (``Top-Down``, ``Protocols & Devices``,
# ``Traditional Flow``). Such a bullet or heading is asked as ``Subject › Label``, the subject being
# the nearest heading that names one (common.is_label_phrase).
DIRECTION_WORDS = frozenset(
    {"top", "bottom", "up", "down", "left", "right", "in", "out", "inside", "outside", "front", "back",
     "forward", "backward", "upward", "downward", "inbound", "outbound"}
)  # fmt: skip
MANNER_NOUNS = frozenset({"flow", "way", "approach", "process", "workflow", "style"})
"""Nouns that, after one adjective (``Traditional Flow``, ``Classic Approach``), name a manner of a
subject the heading above gives, not a term."""
ADJECTIVE_ENDINGS = ("al", "ive", "ic", "ous", "ern", "ed", "ual", "ary", "less", "ful")
# Headings that name no subject (``Other``): a label qualified by one of these is still a bare label.
# (Not group headings: a term under ``## Other`` keeps ``Other`` in its identity key.)
NO_SUBJECT_WORDS = frozenset({"other", "others", "misc", "miscellaneous", "その他", "etc"})
# Endings of an answer that only names what a section is about (``…の使い分け。``, ``…の比較``): under a
# term that is a section title itself, it states no fact.
SECTION_SUMMARY_ENDINGS: tuple[str, ...] = ("の使い分け", "使い分け", "の比較", "について", "のまとめ", "の整理")
# Remark words that point to something to read or watch (``Read : Waterfall vs Agile``): a reading
# list, not a term, when what follows is only a title.
REMARK_TERMS = frozenset(
    {"read", "to read", "must read", "reading", "watch", "see", "see also", "参照", "読む", "読み物"}
)
# Front matter keys that name what a file is about, first found wins (a file without a top heading
# shows it in every card's Context): ``title`` (Jekyll, Hugo, Obsidian), ``concept`` / ``topic`` /
# ``subject`` (study-note sites that keep the title elsewhere).
TOPIC_KEYS: tuple[str, ...] = ("title", "concept", "topic", "subject")
# Words that place an answer in a sequence (``次に、…に問い合わせます``): a procedure's step, not what
# the term is.
STEP_WORDS: tuple[str, ...] = (
    "まず", "次に", "続いて", "その後", "それから", "first,", "then ", "then,", "next,", "after that", "finally,",
)  # fmt: skip
# An answer whose first words give an example (``例えば、…``, ``For example, …``) shows a case of the
# term, not what it is: a definition that opens so is no card (``not-what-it-is``).
SECTION_LEAD_IN_ENDINGS: tuple[str, ...] = (
    "わかります", "分かります", "わかるでしょう", "見ていきます", "見ていきましょう", "見てみましょう",
    "説明します", "紹介します", "解説します", "後述します", "ことはできません", "ことができません",
)  # fmt: skip
"""How a paragraph that leads in to the rest of its section ends, under a heading naming an aspect
(``…と理解できると、Xの意味もわかります。``, ``…Yと同じように使うことはできません。``): it narrates
or says what the subject cannot do, and the section's list or sentences say the aspect itself."""
ABOUT_THE_TEXT = lazy_compile(
    r"^\s*(?:(?:この|本)(?:[^。、]{0,20}?の)?(?:セクション|章|節|記事|ページ|ガイド|ノート|資料|文書)(?:では|には|は|で)"
    r"|in\s+this\s+(?:section|chapter|page|article|guide|post|document)\b"
    r"|this\s+(?:[a-z-]+\s+){0,2}(?:section|chapter|page|article|guide|post|document)\s+"
    r"(?:covers|contains|describes|explains|lists|introduces|discusses|summari[sz]es|shows|presents|will|is\s+about)\b"
    r"|an?\s+(?:quick\s+|short\s+|brief\s+)?(?:reminder|cheat\s*sheet|quick\s+reference)\s+(?:of|to|for|on)\b"
    r"|here(?:'s|’s|\s+is|\s+are)\s+(?:a|an|some|my)\s+(?:[a-z-]+\s+){0,2}(?:notes|list|collection|summary|recap)\b)",
    re.IGNORECASE,
)
"""A paragraph that speaks of the text itself (``この章では…を扱います``, ``This section covers…``,
``In this chapter we…``, ``A quick reminder of all …``, ``Here's a collection of notes that I took…``): it
says what the notes contain, not what the heading is."""
COLLECTION_LEAD_IN = lazy_compile(
    r"\b(?:several|different|various|many|multiple|some|a few|a number of)\s+"
    r"(?:[a-z-]+\s+)?(?:options|types|kinds|ways|methods|modes|features|categories|choices|approaches|"
    r"benefits|advantages|levels|tiers|classes|components|reasons|steps)\W*$"
    r"|(?:いくつか|様々|さまざま|色々|いろいろ|複数|多く)の"
    r"[^。、]{0,12}(?:種類|方法|オプション|選択肢|機能|特徴|モード|タイプ|手段|段階|レベル|理由|利点|メリット)"
    r"(?:が|を)?(?:あります|ある|存在します|存在する|提供します|提供する|用意されています)?。?$",
    re.IGNORECASE,
)
"""A sentence that ends on kinds of things without naming or counting any (``AWS offers several
options``, ``いくつかの方法があります。``): with the list after it, it announces that list and says
nothing of the heading above; the list is what is asked. A count (``二つの種類がある``) is a fact."""
ADVICE_OPENING = lazy_compile(
    r"^\s*(?:use|avoid|don't|do not|consider|prefer|make sure|be sure to|remember to|try to)\s+\S",
    re.IGNORECASE,
)
"""An English answer that opens as advice (``Use RAID drives for …``, ``Avoid …``): a tip that the
bold label above it introduces, not what the label is (extract/selection.py)."""
MEANING_ONLY = lazy_compile(
    r"^[^。.!?！？]{0,40}?(?:(?:異なる|違う|別の|様々な|さまざまな|いくつかの|複数の)意味(?:を持つ|がある|で使われる|になる)"
    r"|\b(?:has|have|takes on|carries) (?:a )?(?:slightly |somewhat |quite )?"
    r"(?:different|several|various|other) meanings?\b"
    r"|\bcan mean (?:different|several|various) things\b)",
    re.IGNORECASE,
    needs=("意味", "mean"),
)
"""An answer whose first sentence only says the term means something different, or several things
(``他の言語のそれとは少し異なる意味を持つことがあります``, ``has a slightly different meaning here``): a
lead-in to what it means, which the back does not say (extract/selection.py)."""
OTHER_SUBJECT_OPENING = lazy_compile(
    r"^\s*(?:many|most|some|several|a few|few)\s+(?P<subject>(?:\w+\s+){0,2}\w+s)\s+(?:\w+ly\s+)?"
    r"(?:are|have|do|can|could|will|would|may|might|must|should|use|need|require|support|provide|include"
    r"|run|share|rely)\b",
    re.IGNORECASE,
)
"""An English answer that opens on a generalisation about other things (``Many application layers
have a default port``): a side fact that mentions the term, not what it is, unless the term is that
subject (``Most ports are …``) (extract/selection.py). A quantifier over a plural noun and its
verb: ``Several prefixes written as one`` and ``Usually a number …`` may still say what it is."""
EXAMPLE_OPENING = leaning_pattern(EXAMPLE_MARKS)
EXAMPLE_LINE_OPENING = leaning_pattern(
    (*EXAMPLE_MARKS, "例 :", "例 ：", "例 )", "例 ）", "example:", "example :", "ex.", "ex:", "suppose")
)
"""A line, bullet or paragraph that opens on an example mark (:data:`EXAMPLE_MARKS`, ``例 :`` with a
space, ``Example:``, ``Ex.``, or a walk-through's ``Suppose user enters URL …:``) is an example of what
is above it, and so is what hangs under it (extract/outline.py)."""
EXAMPLE_FRAGMENT = lazy_compile(r"(?:など|等|\betc\.?)\s*$", re.IGNORECASE)
"""A list item that is no sentence and ends so (``…のExplorerやFinderなど``, ``Dropbox, Box, etc.``)
names examples of what the item before it says: on a definition's back it moves to the Example field
(extract/selection.py, ``example-moved``)."""
EXAM_OPTIONS_CONTEXT = lazy_compile(
    r"(?:他|ほか|残り|その他)の(?:選択肢|回答|解答)|(?:不正解|誤り|間違い)の?(?:選択肢|回答)|選択肢の(?:解説|説明)"
    r"|\b(?:other|incorrect|wrong|remaining) (?:options|choices|answers)\b",
    re.IGNORECASE,
    needs=("選択肢", "回答", "解答", "opt", "cho", "wer"),
)
"""A heading or lead-in over an exam's answer options explained one by one (``他の選択肢が…理由``,
``不正解の選択肢``, ``Why the other options are wrong``): each term there is an option of a question
the notes do not show, and its text says why it is (not) the answer, not what the term is."""
SCENARIO_OPENING = lazy_compile(
    r"^\s*(?:もし|仮に)(?:(?!たい)[^。]){0,60}?(?:場合|なら|たら|れば)|^\s*(?:suppose|imagine)\s+(?:a|an|the|you|we)\b",
    re.IGNORECASE,
)
"""An answer that opens on an imagined case (``もし顧客が…場合、…``, ``If you run …, …``): what happens
in one situation, a worked case of the term, not what the term is (extract/selection.py). A wish
(``もし…したい場合``, ``If you want to …``) leads in to how to do it, and stays an answer."""
# The term used as a means in a sentence about something else (``ロードバランサーでは水平スケーリングに
# よって…できます``, ``Load balancers improve availability through horizontal scaling``): the answer
# says what another thing gains by the term, not what the term is. MEANS_AFTER follows the term
# (Japanese), MEANS_BEFORE leads up to it (English).
MEANS_AFTER = lazy_compile(
    r"^(?:によって|により|を使って|を用いて|を使用して|を利用して|を(?:使用|利用|使う|用いる)ことで)"
)
MEANS_BEFORE = lazy_compile(r"\b(?:through|by means of|by using|via|using)\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)
# A Japanese sentence whose topic is another thing (``ロードバランサーでは``, ``Xは``) before the term.
OTHER_TOPIC = lazy_compile(r"\S(?:では|には|は)[、,]?\s*$")
# An answer that only says a feature is handy when one does what the feature's label already says
# (``X › 手順の標準化`` -> ``手順を標準化する場合に便利です``) restates its prompt (``restates-prompt``).
USEFUL_WHEN = lazy_compile(
    r"(?:場合|とき|時|際)に(?:便利|有用|役立)[^。]{0,6}[。.]?\s*$|\b(?:useful|handy|helpful) (?:when|if|for)\b",
    re.IGNORECASE,
)
# Labels that the selection pass rejects as a front (``Why``, ``Context``, ``Examples``) besides
# GENERIC_LABELS and TOPIC_LABELS. Kept apart from GENERIC_LABELS, which the extractors and the
# outline use to qualify a label with its owner and to give outline nodes the label role.
META_LABELS = frozenset({"context", "background", "note", "tip", "important", "背景", "メモ", "補足"})
"""A bold label that only says what kind of remark follows (``**Context:** In the OSI model, …``):
left off a cloze made of the sentence after it (extract/clozes.py), where it would read as text."""
CHOICE_LABELS = frozenset(
    {"service", "tool", "software", "product", "platform", "app", "vendor", "provider", "program"}
    | {"使用サービス", "使用ツール"}
)
"""Labels of a ``Label: Name`` line under a heading that only say which product the notes use for
the heading's topic (``# Ticketing Systems`` / ``Service: Spiceworks``): with a bare name after them
the card asks the writer's choice, not a fact about anything (extract/selection.py)."""
LABEL_TERMS = frozenset({"examples", "example", "e.g.", "why", "context", "なぜ必要か", "困ること", "exam relevance"})
# Table cells that mark, not say: a row whose values are only these and references (links, RFC
# numbers) has nothing to ask.
MARK_VALUE = lazy_compile(r"^(?:[✔✘✓✗✅❌○◯×△◎☑☒•\-–—]+|yes|no|y|n|true|false|n/a|有|無|あり|なし)$", re.IGNORECASE)
REFERENCE_VALUE = lazy_compile(r"^(?:rfc\s?\d+\S*|\[\d+\]|§\s?\S+|p\.\s?\d+|https?://\S+)$", re.IGNORECASE)

HA_CONJUNCTION_STEMS = ("もしく", "若しく", "あるい", "或い", "また", "又", "ないし", "乃至", "もしくは", "あるいは")
"""What comes before the は of a conjunction (``もしくは``, ``あるいは``, ``または``, ``ないしは``): a
sentence ``Aもしくは、B…`` has no topic ``Aもしく``, so it is not ``Xは、…`` defining X."""

MATH_DELIMITERS = ("$$", "\\[", "\\begin{")
"""What opens a display formula (``$$`` … ``$$``, ``\\[`` … ``\\]``, ``\\begin{align}``): a line
starting so is math, never a term."""

MATH_ONLY = lazy_compile(r"\\\((?:(?!\\\)).)*\\\)|\\\[.*\\\]", re.DOTALL)
"""A text that is one formula as the renderer writes it (``\\(x^2\\)``, ``\\[…\\]``): never a term."""

ADMONITION_DIRECTIVES = frozenset(
    {
        "note", "warning", "tip", "important", "caution", "attention", "danger", "error", "hint",
        "seealso", "admonition", "info", "success", "question", "example", "abstract", "todo", "bug",
        "quote", "versionadded", "versionchanged", "deprecated",
    }
)  # fmt: skip
"""MyST / Sphinx admonitions (```` ```{note} ````, ``:::{tip}``) and the Docusaurus / VuePress ones
(``:::warning``): editors show their content as a boxed callout of Markdown, so they are read as
Obsidian callouts are (``> [!note]``)."""

QUOTED_CALLOUTS = frozenset({"quote", "cite", "epigraph", "pull-quote"})
"""Callout kinds that hold someone else's words (``> [!quote]``, ``!!! quote``): not the author's notes."""

MARKDOWN_DIRECTIVES = frozenset(
    {"dropdown", "card", "tab-item", "tab", "sidebar", "topic", "margin", "epigraph", "pull-quote",
     "highlights", "rubric", "container", "div", "details", "grid-item-card", "only", "glossary",
     "figure-md"}
)  # fmt: skip
"""MyST / sphinx-design directives whose content is Markdown shown in a box (a dropdown, a tab, a
card): read as a callout too, their argument as its title."""

CODE_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "code-cell", "literalinclude"})
"""MyST directives that show their content as code, in the language their argument names."""

MATH_DIRECTIVES = frozenset({"math"})
"""MyST directives that show their content as a display formula."""

IMAGE_DIRECTIVES = frozenset({"figure", "image"})
"""MyST directives that show the image their argument names, with their content as its caption."""

WRAP_MARKS = ("、", "，", ",", "-")
"""A line under a bullet that ends with one of these stops mid-sentence: the unindented line below
it is the same sentence, hard-wrapped (render._wrapped)."""
WRAP_WORDS = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "than", "and", "or"}
    | {"as", "that", "which", "is", "are", "be", "if", "when", "whose", "its", "their", "not", "nor", "but"}
)
"""Words that cannot end an English sentence: a bullet's line that ends with one was hard-wrapped."""
MIN_WRAPPED_LINE_CHARS = 60
"""A line at the margin that continued a bullet and is at least this long is hard-wrapped prose:
the next unindented line goes on with it."""

LIMIT_UNITS_JA = (
    "ミリ秒",
    "マイクロ秒",
    "秒",
    "分間",
    "分",
    "時間",
    "日間",
    "日",
    "週間",
    "か月",
    "ヶ月",
    "カ月",
    "ヵ月",
    "年間",
    "個",
    "回",
    "件",
    "文字",
    "桁",
    "ビット",
    "バイト",
    "倍",
    "台",
    "つ",
    "世代",
    "リクエスト",
    "リージョン",
    "アカウント",
    "ノード",
    "インスタンス",
    "テーブル",
    "パーティション",
    "レコード",
    "ポート",
)
"""Units after a number in Japanese notes (``最大5個``, ``2回``, ``900秒``): a count, a duration,
a size. A number with one of these (or :data:`LIMIT_UNITS_LATIN`) is a quantity a Details
sentence can be asked about (extract/detail_facts.py)."""
LIMIT_UNITS_LATIN = (
    "ms",
    "msec",
    "milliseconds?",
    "seconds?",
    "secs?",
    "minutes?",
    "mins?",
    "hours?",
    "hrs?",
    "days?",
    "weeks?",
    "months?",
    "years?",
    "KB",
    "MB",
    "GB",
    "TB",
    "PB",
    "KiB",
    "MiB",
    "GiB",
    "TiB",
    "Kbps",
    "Mbps",
    "Gbps",
    "bytes?",
    "bits?",
    "times",
    "retries",
    "attempts",
    "characters?",
    "chars",
    "items?",
    "requests?",
    "connections?",
    "nodes?",
    "replicas?",
    "copies",
    "layers?",
    "regions?",
    "zones?",
    "levels?",
    "%",
    "％",
)
"""Units after a number in English notes (``15 minutes``, ``250 MB``, ``2 retries``) and the
unit-like words of both languages."""
LIMIT_BEFORE = (
    "最大",
    "最小",
    "最長",
    "最短",
    "最低",
    "最高",
    "上限",
    "下限",
    "上限は",
    "デフォルトで",
    "デフォルトでは",
    "デフォルトは",
    "既定で",
    "既定では",
    "標準で",
    "up to",
    "at most",
    "at least",
    "maximum of",
    "minimum of",
    "max",
    "min",
    "a maximum of",
    "a minimum of",
    "no more than",
    "no fewer than",
    "by default",
    "defaults to",
    "default is",
    "default of",
    "limit of",
    "limited to",
    "exceed",
)
"""Words right before a number that make it a limit or a default (``最大5個``, ``up to 15
minutes``): the quantity an exam asks about."""
LIMIT_AFTER = ("まで", "以内", "以上", "以下", "未満", "のみ", "だけ", "を超え", "を超過", "単位", "ごと", "毎", "間隔")
"""Words right after a number and its unit that make it a limit or a step (``2回まで``,
``100ミリ秒未満``, ``1ミリ秒単位``, ``5分間隔``)."""
MAX_DETAIL_FACT_CHARS = 160
"""A Details sentence longer than this is a passage, not one fact to ask (extract/detail_facts.py)."""
SENTENCE_ASPECTS_JA: tuple[str, ...] = (
    "デメリット",
    "メリット",
    "利点",
    "欠点",
    "長所",
    "短所",
    "弱点",
    "強み",
    "目的",
    "役割",
    "用途",
    "制約",
)
SENTENCE_ASPECTS_EN: tuple[str, ...] = (
    "advantage",
    "benefit",
    "disadvantage",
    "downside",
    "drawback",
    "limitation",
    "purpose",
    "strength",
    "weakness",
)
"""Aspects a later sentence of a definition names of its term (``Xの欠点は…ことです``, ``The main
drawback of X is …``): that sentence, moved off the back to the Details, is asked as ``X › 欠点``
(extract/detail_facts.py)."""
PURPOSE_VERBS_JA: tuple[str, ...] = ("使用", "利用", "用い", "使わ", "使")
"""Verbs after ``…ために`` that make a bullet say what its term is used for (``…を実現するために使用``)."""
SUITED_ASPECT_JA = "適した用途"
"""The aspect a definition's later sentence is asked as when it says only what its term suits
(``特に、…ケースに適しています``: ``X › 適した用途``; extract/detail_facts.py)."""
PURPOSE_ASPECT_JA = "用途"
PURPOSE_ASPECT_EN = "use"
"""The aspect a purpose bullet under a term is asked as (``X › 用途``, ``X › use``; ``purpose`` is a
defining aspect, it would ask what X is: extract/detail_facts.py)."""
INLINE_ENUMERATION_MARKS: tuple[tuple[str, ...], ...] = (
    tuple(f"{n})" for n in range(1, 10)),
    tuple(f"{n}）" for n in range(1, 10)),
    tuple(f"({n})" for n in range(1, 10)),
    tuple(f"（{n}）" for n in range(1, 10)),
    tuple("①②③④⑤⑥⑦⑧⑨"),
    tuple(f"({c})" for c in "abcdefghi"),
    tuple(f"（{c}）" for c in "abcdefghi"),
)
"""Series of marks that number the items of an enumeration written inside one sentence
(``違いは 2 つ、1)…点、2)…点です``, ``①…②…``, ``(a) … (b) …``), each series from its first mark on
(extract/detail_facts.py)."""

LIST_RUN_ADVERBS_JA = ("通常", "主に", "一般的に", "基本的に", "主として", "現在")
"""Adverbs between a Japanese topic and the run of names it lists (``レイヤーには通常、A、B、Cが
含まれている``): not the first item (extract/detail_facts.py)."""
LIST_RUN_MAX_ITEMS = 6
"""The most names a run inside one Details sentence may list to become a cloze (a gap per name)."""
MAX_RUN_ITEM_CHARS = 20
"""The longest name (CJK) in such a run; a longer item is a phrase saying its own fact."""
LIST_RUN_MAX_TAIL_CHARS = 15
"""The longest predicate after a run of names (``が含まれている``, ``などを指定できる``); a longer
one says its own fact, and the names only modify it (extract/detail_facts.py)."""


# ------------------------------------------------------------------------------------------------
# near-duplicates by subject and aspect (extract/aspects.py)
# ------------------------------------------------------------------------------------------------

FORMER_NAME_MARKS: tuple[str, ...] = ("旧称", "旧名", "旧", "formerly", "previously", "aka", "a.k.a.", "略称", "略")
"""Words that open a bracketed other name (``IAM Identity Center（旧称 AWS SSO）``)."""
DEFINING_ASPECTS: frozenset[str] = frozenset(
    {
        *SUMMARY_LABELS,
        "特徴",
        "目的",
        "機能",
        "基本機能",
        "主な機能",
        "役割",
        "とは",
        "description",
        "meaning",
        "purpose",
        "features",
        "role",
        "function",
        "what",
    }
)
"""Aspects that ask what a thing is, as a bare front does (``X › 説明``, ``X › 特徴``, the group
``目的と機能の違い``): a card that asks one of them of a subject another card already defines asks
it again."""
STAGE_LABELS_JA: frozenset[str] = frozenset(
    {"ソース", "ビルド", "テスト", "デプロイ", "承認", "監視", "通知", "認証", "実行", "保存", "配信", "分析"}
)
"""Labels naming a stage or action of the thing they are under (``CodePipeline`` › ``デプロイ``): a
product name as the answer is what does that stage, which a bare ``Owner › デプロイ`` does not ask."""
ASPECT_GROUP_ENDINGS: tuple[str, ...] = ("の違い", "違い", "の比較", "比較", " differences", " comparison")
"""Endings of a parent bullet that groups several subjects by one aspect (``監視対象の違い:`` over
``- GuardDuty: …`` ``- Config: …``): its items ask that aspect of each, it owns none of them."""
DIFFERENCE_HEADER = lazy_compile(
    r"^(?P<names>.+?)\s*(?:との|と)(?:違い|差|差分|比較)$"
    r"|^(?:differences?|how (?:it|they) differs?|compared|comparison|contrast)\s+(?:from|with|to)\s+(?P<english>.+)$"
    r"|^(?:vs\.?|versus)\s+(?P<versus>.+)$",
    re.IGNORECASE,
)
"""A table column that says how each row differs from the things it names (``適合率・再現率との違い``,
``Difference from TCP and UDP``): a row for one of those things compares it with itself, and asks
again what an earlier card of the file asks about it (extract/tables.py)."""
REPEAT_BACK_RATIO = 0.6
MIN_REPEATED_PAIRS = 8
MIN_REPEATED_WORDS = 4
"""A later card about the same subject whose back has at least this share of its letter pairs
(CJK: character pairs, else words) in an earlier card's back asks that card's fact again; a back
of fewer than MIN_REPEATED_PAIRS pairs (CJK) or MIN_REPEATED_WORDS words (``O(n)``, ``オブジェクト``)
is a value, which two facts can share."""
RICHER_RATIO = 2
"""Of two definitions of one term, a later one of several lines at least this many times as long as
an earlier one-line one is kept instead of it (extract/aspects.py)."""
MAX_ADDED_BACK_LINES = 2
MAX_ADDED_BACK_CHARS = 160
"""A card dropped as a near-duplicate whose back says something the card kept does not (a figure,
``L3/L4`` beside ``ネットワーク``; one more sentence about the same service) gives that line to the
kept card's back while the kept back stays this short: at most this many lines and characters
(more would be a set of facts to recite). Else the line is only quoted by the rejection
(extract/selection.py)."""
MIN_TRANSLITERATED_SKELETON = 3
"""Two names that differ only where one writes a word in katakana and the other in Latin letters
(``VPCフローログ`` / ``VPC Flow Logs``) are one name when the consonants of those parts are the same:
more than this many, or this many beside a shared Latin word (three alone match by chance:
``バケット`` / ``API Gateway``)."""

TRANSLITERATED_KIND_ENDINGS: tuple[str, ...] = (
    "デプロイメント",
    "デプロイ",
    "アーキテクチャ",
    "パターン",
    "ストラテジー",
    "アプローチ",
    "deployments",
    "deployment",
    "deploy",
    "architecture",
    "pattern",
    "strategy",
    "approach",
)
"""Words after a name that say what kind of thing it is (``ブルー/グリーンデプロイメント``, ``Blue/Green
アーキテクチャ``): a name written in katakana and one in Latin letters are one name when they spell
alike once such a last word is left off either (extract/aspects.py), since notes call one technique by
its name with one kind word or another."""

NAME_PREFIX_WORDS = frozenset({"aws", "amazon", "google", "microsoft", "azure", "api"})
"""Words many product names share (``AWS …``, ``Amazon …``): one of them on a card does not give a
name away, so a Details cloze on ``Amazon CloudWatch`` may show ``Amazon`` elsewhere
(extract/detail_facts.py)."""

MAX_QUOTED_GAP_CHARS = 30
"""The longest 「quoted」 key phrase a child bullet's cloze hides (``「X-Amz-Function-Error」``);
a longer quote is a clause, not a phrase to recall."""

NAMING_MARKS_JA = ("と呼ばれている", "と呼ばれます", "と呼ばれる", "と呼びます", "と呼ぶ", "と称される")
"""What follows a name a Japanese sentence introduces (``データはシャードと呼ばれる単位に分割される``):
the name is the sentence's own key, the gap of its Details cloze (extract/detail_facts.py)."""
NAMING_MARKS_EN = ("is called", "are called", "called", "known as", "referred to as", "termed")
"""What comes before a name an English sentence introduces (``the data is split into units called
shards``); ``named``/``called by`` are not listed or stop (:data:`NAMING_STOP_WORDS_EN`)."""
NAMING_STOP_WORDS_EN = frozenset(
    {
        "by",
        "when",
        "after",
        "before",
        "from",
        "to",
        "with",
        "in",
        "on",
        "at",
        "for",
        "if",
        "once",
        "each",
        "every",
        "and",
        "or",
        "that",
        "which",
        "whenever",
        "upon",
        "again",
        "back",
        "it",
        "them",
        "this",
        "these",
        "those",
        "its",
        "their",
        "is",
        "are",
        "was",
        "were",
        "be",
        "i.e.",
        "e.g.",
        "so",
        "as",
    }
)
"""Words that end the name after ``called`` (``called by the runtime``, ``called when …``): a
name cut at one of them at its first word is no name."""
CONTRAST_MARKS_JA = ("の代わりに", "代わりに", "ではなく", "でなく")
"""``XではなくY`` / ``Xの代わりにY``: the sentence's key is Y, the one it picks over X
(extract/detail_facts.py)."""

COMPARISON_MARKS_JA = ("の方が", "のほうが")
"""``Aの方がBと比較して…が優れている`` / ``Aのほうが…``: the sentence opens with the one it rates
above another; that name is its key (extract/detail_facts.py)."""
COMPARISON_OTHER_JA = ("と比較して", "と比べて", "に比べて", "に比べ", "よりも", "より")
"""What names the other side of such a comparison (``Bと比較して``, ``Bより``): without one the
sentence compares nothing."""
ONLY_WHEN_JA = lazy_compile(
    r"^(?P<name>[^\u3040-\u309f\s、。，,．：:；;（）()「」『』【】・/]{2,30})(?:[^、。]{0,8}?)"
    r"(?:場合|とき|時)(?:のみ|だけ|に限り)"
)
"""``クラスターモードで使う場合のみ…が使える``: a sentence that opens with the one condition its
fact holds under; that name is its key (extract/detail_facts.py)."""
ONLY_WHEN_EN = lazy_compile(
    r"\bonly\s+(?:in|with|on|for|when\s+using|if\s+using)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<name>[\w\-]+(?:\s+[\w\-]+){0,2})\s*(?:[.,;]|$)",
    re.IGNORECASE,
)
"""``Auto scaling is available only in cluster mode``: the one condition a fact holds under, named
at the end of the sentence or clause; that name is its key (extract/detail_facts.py)."""
COMPARATIVE_EN = lazy_compile(
    r"^(?P<name>(?:[A-Z][\w\-]*|[a-z][\w\-]*)(?:\s+[\w\-]+){0,2}?)\s+(?:is|are|has|have|use|uses|need|needs)\s+"
    r"(?:\w+er|more\s+\w+|less\s+\w+|fewer\s+\w+|better|worse)\b[^.;]*?\bthan\s+\S"
)
"""``Arrays have better locality than linked lists``: the sentence opens with the one it rates
above another (``than …``); that name is its key (extract/detail_facts.py)."""

# Where a quoted passage says it comes from (``[Book](…)より引用。``, ``Source: …``, ``— Author``):
# a line of attribution under a quoted definition, never part of its answer.
QUOTE_ATTRIBUTION = lazy_compile(
    r"(?:より|から)(?:の)?引用(?:しました|しています|です)?[。.]?\s*$|^(?:引用元|出典|参照元)\s*[:：]"
    r"|^(?:source|quoted from|from|via|cited from)\s*[:：]|^[—―–]{1,2}\s*\S",
    re.IGNORECASE,
)

# Words that join a sentence to the one before it (``よって、…``, ``So …``): text that opens with one
# is a conclusion drawn from what precedes it, never a term's name.
CONNECTIVE_OPENINGS_JA: tuple[str, ...] = (
    "よって",
    "したがって",
    "従って",
    "そのため",
    "そのために",
    "ゆえに",
    "故に",
    "だから",
    "なので",
    "ですので",
    "つまり",
    "すなわち",
    "要するに",
    "結果として",
    "その結果",
    "そして",
    "しかし",
    "しかしながら",
    "ただし",
    "でも",
    "それでも",
    "なお",
    "また",
    "さらに",
    "むしろ",
    "逆に",
    "裏を返せば",
    "一方で",
    "その一方で",
    "一方",
    "とはいえ",
)
CONNECTIVE_OPENINGS_EN: frozenset[str] = frozenset(
    {
        "so",
        "thus",
        "hence",
        "therefore",
        "consequently",
        "accordingly",
        "then",
        "but",
        "however",
        "also",
        "moreover",
        "furthermore",
        "otherwise",
        "instead",
        "meanwhile",
        "nevertheless",
    }
)

CONSEQUENCE_LABELS = frozenset(
    {"else", "if not", "if skipped", "さもないと", "さもなければ", "そうしないと", "でないと"}
)
"""Labels that say what happens when the heading's advice is not followed (``**Otherwise:**`` is in
CONNECTIVE_OPENINGS_EN): they join their text to the heading and name no part of it to ask
(extract/label_gate.py)."""

OBJECT_CLASSIFIERS: tuple[str, ...] = (
    "演算子",
    "コマンド",
    "サブコマンド",
    "オプション",
    "句",
    "関数",
    "メソッド",
    "命令",
    "文",
    "キーワード",
    "プロトコル",
    "ヘッダー",
    "ヘッダ",
    "パラメータ",
    "パラメーター",
    "属性",
    "API",
)
"""Nouns that say what kind of name comes before them (``UNION演算子``, ``NOT IN句``, ``git rebase
コマンド``): an object cloze hides the name and leaves the noun in view (extract/object_clozes.py)."""
OBJECT_USE_VERBS: tuple[str, ...] = ("使用", "使い", "使う", "使っ", "使え", "利用", "用い", "用いる")
"""The verbs after ``Xを`` that make X the one thing a sentence says to use (extract/object_clozes.py)."""
OBJECT_MEANS_LINKS: tuple[str, ...] = ("して", "することで", "すると", "すれば")
"""What joins ``Xを使用`` to the clause it is the means of (``X を使用して、ログを検索する``): the name
is what the sentence says to use for that, so a cloze hides it (extract/object_clozes.py)."""
OBJECT_MIN_PURPOSE_CHARS = 8
"""After ``Xを使用して``, at least this much says what X is used for: a shorter rest asks nothing."""
OBJECT_MAX_TAIL_CHARS = 12
"""After the use verb, at most this much (``します``, ``して実現できます``) before the sentence ends:
a longer tail is a clause of its own, and the name is no longer what the sentence is about."""
OBJECT_MAX_ATTRIBUTE_CHARS = 12
"""``デフォルトは `pick` です``: the attribute before は is a short noun, not a clause."""
POINTER_PRONOUNS: tuple[str, ...] = ("It", "They")
"""Words that open an English sentence by pointing back at the subject the sibling before names
(``They can be configured through …`` after the ASG bullet): a pointer cloze puts that subject in
their place (extract/pointer_clozes.py)."""
POINTER_MAX_SENTENCE_CHARS = 200
"""An English pointer sentence longer than this is a passage to read, not one fact to recall (English
takes more letters than Japanese for the same sentence, hence more than MAX_SUBJECT_SENTENCE_CHARS)."""
POINTER_CONNECTIVES: tuple[str, ...] = ("But", "However", "Also")
"""Words that open an English sentence by linking it to the one before while it keeps a subject of
its own (``But servers can …``): a pointer cloze drops the word (extract/pointer_clozes.py)."""

TOKEN_EXTRA_UNITS: tuple[str, ...] = (
    *("IOPS", "kb", "kB", "Kb", "mb", "gb", "ops", "rps", "QPS", "TPS", "ports?", "Hz"),
    r"(?:wire\s)?pairs?",
)
"""Units a figure in a tip sheet carries beyond :data:`LIMIT_UNITS_LATIN` (``16k IOPS``, ``16kb``, ``2.4GHz``,
``2 pairs`` of wires):
with one, a number in a statement is the figure a token cloze asks (extract/token_clozes.py)."""
DEFAULT_VALUE_MAX_CHARS = 24
"""The longest default value a detail fact hides (``IAM認可``, ``AWS Security Hub``, ``private``): a
longer stretch after ``デフォルトで`` is a clause, not one value (extract/detail_facts.py)."""
JA_ADJECTIVE_ENDINGS: tuple[str, ...] = (
    "やすい",
    "にくい",
    "づらい",
    "高い",
    "低い",
    "多い",
    "速い",
    "早い",
    "遅い",
    "大きい",
    "小さい",
    "強い",
    "弱い",
    "長い",
    "短い",
    "安い",
    "広い",
    "狭い",
    "重い",
    "軽い",
    "難しい",
    "新しい",
    "正しい",
    "等しい",
)
"""The adjectives a Japanese statement ends on as its predicate (``…ので干渉しやすい``, ``…はコストが高い``):
a sentence ending on one says something of its subject, as one ending on a verb does (a noun ending
in ``い``, ``違い``, is a title, not one of these) (extract/token_clozes.py)."""
TOKEN_MIN_WORDS = 6
"""An English statement shorter than this many words (the token counted) is a label or a fragment,
not a sentence a token cloze can ask (extract/token_clozes.py)."""
PROVIDE_VERBS: tuple[str, ...] = (
    "provide", "offer", "support", "store", "allow", "enable", "require", "contain", "include",
    "hold", "carry", "accept", "guarantee", "use", "expose", "return"
)  # fmt: skip
"""Verbs by which an English sentence says what its named subject has or gives (``EBS provides
block level storage.``, ``Aurora supports PostgreSQL and MySQL.``): the short noun phrase after the
verb is the fact a token cloze asks when the sentence has no figure or lone name
(extract/token_clozes.py). Both forms are read (``provides`` after a singular subject, ``provide``
after a plural one)."""
PROVIDE_MAX_OBJECT_WORDS = 5
"""An object longer than this many words is a clause or a description to read, not one phrase to
recall: no gap (extract/token_clozes.py)."""
COPULA_MAX_OBJECT_WORDS = 4
"""After ``is`` / ``are`` the complement a token cloze hides is at most this many words (``UDP is
[connectionless].``, ``Neptune is a [graph database].``): longer, it is a description to read, which
the definition extractors ask (extract/token_clozes.py)."""
COPULA_VAGUE_WORDS: tuple[str, ...] = (
    "important", "great", "good", "bad", "nice", "cool", "easy", "hard", "difficult", "simple", "useful",
    "helpful", "interesting", "confusing", "tricky", "better", "best", "worse", "worst", "popular",
    "common", "possible", "available", "recommended", "awesome", "amazing", "fine", "ok", "okay",
    "key", "essential", "crucial", "true", "false", "same", "different", "similar", "here", "there",
    "easiest", "hardest", "powerful", "fast", "slow", "cheap", "expensive", "new", "old", "handy",
    "really", "very", "quite", "pretty", "super", "extremely", "fairly", "rather", "too", "so"
)  # fmt: skip
"""Complements after ``is`` / ``are`` that judge rather than say what the subject is (``X is
important``, ``X is easy``, ``X is really …``: an intensifier marks a judgement) or point elsewhere
(``X is here``): no gap (extract/token_clozes.py)."""
PROVIDE_SUBJECT_STOPS: tuple[str, ...] = (
    "is", "are", "was", "were", "be", "been", "being", "to", "can", "could", "will", "would", "should",
    "must", "may", "might", "do", "does", "did", "not", "if", "when", "while", "that", "which", "who",
    "you", "we", "it", "they", "there", "this", "these", "those", "here", "has", "have", "had"
)  # fmt: skip
"""Words no subject of a provide or copula sentence is made of: a verb, a modal, a clause or a person
(``Dynamic Auto Scaling is easiest to use with …`` has no subject before ``use``); with one, no gap
(extract/token_clozes.py)."""
COPULA_END_PREPOSITIONS: tuple[str, ...] = (
    "of", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "over", "under", "about", "as", "than"
)  # fmt: skip
"""A complement after ``is`` / ``are`` that ends on one of these is cut short (``X is one of``): no
gap (extract/token_clozes.py)."""
PROSE_GLOSS_ENDINGS: tuple[str, ...] = (
    "tion", "sion", "ment", "ance", "ence", "ity", "ing", "sis", "ure", "ism", "ness", "age", "cy"
)  # fmt: skip
"""How an English term in brackets after the words that describe it ends (``verifies the credentials
(authentication)``): a noun naming a process or a property. Only such a word is read as the name of
what the words before it describe; a prose gap hides it (extract/prose_gaps_en.py)."""
PROSE_GLOSS_NOT_TERMS: tuple[str, ...] = (
    "string", "nothing", "something", "anything", "everything", "pending", "missing", "warning",
    "ongoing", "morning", "evening", "thing", "king", "ring", "spring", "during", "sure", "future",
    "page", "image", "message", "usage", "average", "once", "since", "entity", "city", "policy",
)  # fmt: skip
"""Words with a process noun's ending that name no process (``(pending)``, ``(string)``, ``(usage)``):
an aside in brackets, not the name of what the words before it describe (extract/prose_gaps_en.py)."""
PROSE_EN_LEAN_OPENINGS: tuple[str, ...] = (
    *LEANS_BACK_EN, *PRONOUN_FORMS_EN,
    "such", "so", "thus", "hence", "also", "then", "here", "both", "however", "but", "and", "or", "instead",
    "otherwise", "he", "she",
)  # fmt: skip
"""Words an English sentence opens on when it goes on from the one before it (``These can be …``,
``It also …``): a prose gap in it would ask about a thing the card does not name (extract/prose_gaps_en.py).
The English leaning base (:data:`LEANS_BACK_EN`, :data:`PRONOUN_FORMS_EN`) plus the connectives and
adverbs by which a sentence goes on (``Also``, ``However``, ``So``) and the personal pronouns."""
PROSE_EN_READER_WORDS: tuple[str, ...] = ("you", "we", "our", "us", "i", "my", "me", "let's", "let’s")
"""Words by which an English sentence speaks to the reader or of the writer (``You first check …``,
``We can …``): an instruction or a diary remark, no fact a prose gap asks. ``your`` is not one: in
``matching your cluster size`` it is anyone's; ``One`` is one only as the first word
(``One can provision IOPS``) (extract/prose_gaps_en.py)."""
PROSE_GAP_CLASSIFIERS: tuple[str, ...] = (
    "structure", "structures", "format", "formats", "algorithm", "algorithms", "protocol", "protocols",
    "model", "models", "pattern", "scheme", "architecture", "method", "technique", "mode", "type", "types",
)  # fmt: skip
"""Nouns that close a gap's phrase only to say what kind of thing it names (``B+ tree structure``,
``TCP protocol``): left in view after the gap as a hint, the gap hides the name before it
(extract/prose_gaps_en.py)."""
PROSE_AGENT_MAX_NAMES = 5
"""At most this many names after ``X can be done by`` become a gap each; more is a list to read
(extract/prose_gaps_en.py)."""
PROVIDE_MIN_WORDS = 3
"""A provide or copula sentence has at least a subject, its verb and an object (``UDP is
connectionless.``): fewer words is a label (extract/token_clozes.py)."""
PROVIDE_OBJECT_STOPS: tuple[str, ...] = (
    "to", "you", "us", "them", "it", "that", "which", "who", "when", "if", "because", "so", "but",
    "this", "these", "those", "such", "some", "many", "several", "various", "other", "more", "less",
    "all", "any", "both", "each", "ways?", "things?", "stuff", "everything", "anything", "etc"
)  # fmt: skip
"""Words that make the phrase after a provide verb no named thing to recall: an infinitive or a
person (``allows you to …``), a clause (``that …``), a pointer back, or a vague quantity or filler
(``supports many things``); with one anywhere in the object (or ``one of``), no gap
(extract/token_clozes.py)."""

LIST_NAME_PARTICLES: tuple[str, ...] = (
    "を", "が", "に", "で", "の", "と", "や", "へ", "も", "は", "、", ",", "。", "・"
)  # fmt: skip
"""What follows a Latin-letter name in a Japanese bullet for it to stand as a whole noun (``MFA を``,
``TTLが``); a noun after it (``SSH キー``, ``IPアドレス``) makes it part of a compound, no name a
gap can ask alone (extract/list_names.py)."""
LIST_NAME_AMBIENT_SHARE = 0.05
LIST_NAME_AMBIENT_MIN_LINES = 10
"""A Latin name on at least this share of a file's non-empty lines (and on at least the minimum) is
the notes' domain (``AWS`` in AWS exam notes): no bullet's answer (extract/list_names.py)."""
LIST_NAME_GENERIC: frozenset[str] = frozenset(
    {"api", "url", "uri", "os", "id", "it", "pc", "ui", "gui", "cli", "db", "cpu", "sdk", "web", "app", "ip"}
)
"""Latin words that name a kind of thing every system has (``API``, ``URL``, ``OS``), not the one
thing a bullet teaches: ``クライアントは API にトークンを付けて送る`` asks the token, not the API
(extract/list_names.py)."""

KEY_PHRASE_MODAL_ENDING = lazy_compile(
    r"(?:(?:可能性|恐れ|おそれ|危険性?|傾向)(?:が|も)?(?:ある|あります|あり)|ことに(?:なる|なります)|でしょう|ようです)$"
)
"""What a Japanese point may end on after its claim (``…になる可能性があります``, ``…が増してしまうことになります``):
cut before its key phrase is looked for (extract/recital.py :func:`key_phrase`)."""
KEY_PHRASE_PREDICATE = lazy_compile(
    r"(?P<phrase>[\u3400-\u9fff々〆ヵヶ\u30a1-\u30faー・A-Za-z0-9]+(?:さ|み)?)"
    r"(?:"
    r"(?:が|も)(?:生じ|生ず|起こ|起き|発生|増|増え|低下|伴)"
    r"|を(?:受け|招|引き起こ|伴)"
    r"|に(?:な[らりるれろっ]|陥)"
    r"|(?:によって|により|に応じて)(?:変わ|変化|異な|決ま)"
    r"|(?<=化)(?=す|し)"
    r"|(?:である|であります|です|だ)$"
    r")[\u3040-\u309f]*$"
)
"""The claim a Japanese point ends on, its outcome named by the noun phrase before the predicate
(``…接続には少し遅延が生じる``, ``…のボトルネックになる``, ``…攻撃を受ける``, ``…管理は複雑である``,
``…によって変わる``, ``…陳腐化する``): that phrase is the point's key phrase, the one gap it asks."""
KEY_PHRASE_STOP_WORDS: frozenset[str] = frozenset(
    {
        "必要",
        "不要",
        "可能",
        "不可能",
        "問題",
        "影響",
        "場合",
        "原因",
        "結果",
        "状態",
        "一部",
        "全体",
        "同様",
        "重要",
        "大切",
        "簡単",
        "便利",
        "それ",
        "これ",
    }
)
"""Nouns a predicate often follows that name no outcome of their own (``…が必要になる``, ``…が可能だ``,
``問題が生じる``): a gap hiding one asks a word any point could end on."""
ADVICE_METHOD_ENDING = lazy_compile(
    r"(?P<phrase>[\u3400-\u9fff々〆ヵヶ\u30a1-\u30faー・／]+)"
    r"を(?:(?:使用|利用|適用|有効化|有効に|実施|導入|採用|実装)"
    r"(?:する|します|すること|しましょう|してください)?"
    r"|用い(?:る|ます|ること|ましょう|てください))$"
)
"""The claim an advice bullet ends on when it names the method or thing to use (``…強力な
パスワードポリシーを適用する``, ``…を導入する``, ``…の入力検証を用いる``): the noun phrase before ``を``
is the fact its gap asks (extract/recital.py :func:`advice_phrase`); a negation (``…を使用しない``)
never ends so. Not ``を設定`` (its object is most often a setting's slot: ``目標``, ``日時``) nor
``で実行`` (``手順で実行``)."""
ADVICE_GENERIC_NOUNS: frozenset[str] = frozenset(
    {
        "使用",
        "利用",
        "適用",
        "導入",
        "実施",
        "採用",
        "設定",
        "対策",
        "方法",
        "手段",
        "機能",
        "仕組み",
        "措置",
        "ツール",
        "サービス",
        "データ",
        "情報",
        "処理",
        "管理",
        "権限",
        "ルール",
        "ポリシー",
        "チェック",
        "テスト",
        "アクセス",
    }
)
"""Nouns an advice bullet may end on that name no method of their own (``…の利用を検討する``,
``…の設定を有効にする``, ``…ルールを適用する``): a gap hiding one alone asks a word any advice could
end on (extract/recital.py :func:`advice_phrase`)."""
ADVICE_PICKED = lazy_compile(
    r"^(?:[^。]*、)?[^、。]{1,20}?(?<!の)(?:ではなく|でなく|の代わりに)"
    r"(?P<phrase>[\u3400-\u9fff々〆ヵヶ\u30a1-\u30faー・／]{2,15})(?:に|を|で)[^、。]{1,30}"
    r"(?:する|る|う|く|す|つ|ぶ|む)$"
)
"""An advice bullet that picks one thing over another (``ユーザーではなくグループに権限を付与する``,
``パスワードの代わりに鍵で認証する``): the thing picked is the fact its gap asks
(extract/recital.py :func:`advice_phrase`); not ``…するのではなく`` (two actions contrasted)."""
ADVICE_USE_EN = lazy_compile(
    r"^(?:Always\s+)?(?:use|prefer|enable|adopt|choose)\s+(?:an?\s+|the\s+)?"
    r"(?P<phrase>[A-Za-z][\w.+#/-]*(?:\s+[A-Za-z][\w.+#/-]*){0,3}?)"
    r"\s+(?:to|for|instead\s+of|rather\s+than|so\s+that|in\s+order\s+to)\s+\S",
    re.IGNORECASE,
)
"""An English advice bullet that names the thing to use and what for (``Use a secrets manager to keep
keys out of the repository``, ``Prefer parameterised queries instead of string concatenation``): the
named thing is the fact its gap asks (extract/recital.py :func:`advice_phrase`)."""
ADVICE_EN_STOP_WORDS: frozenset[str] = frozenset(
    {"it", "this", "that", "them", "these", "those", "one", "something", "caution", "care", "and", "or"}
)
"""Words a phrase after ``Use …`` may not hold: a pronoun, ``caution``/``care`` (``use caution when``),
or a joiner (two things side by side)."""
ADVICE_NEVER = lazy_compile(
    r"^(?P<phrase>[\u3400-\u9fff々〆ヵヶ\u30a1-\u30faー・／](?:[\u3400-\u9fff々〆ヵヶ\u30a1-\u30faー・／]|の){1,18}"
    r"[\u3400-\u9fff々〆ヵヶ\u30a1-\u30faー・／])を[^、。]{1,30}?"
    r"(?<!でき)(?<!られ)(?<!限ら)(?<=[あかさざただなばまらわしこ])ない(?:こと|ように(?:する)?)?$"
)
"""A negative advice bullet whose first words name what it is about (``秘密鍵をリポジトリに
コミットしない``, ``初期パスワードを使ったまま運用しない``): that noun phrase is the fact its gap asks
(extract/recital.py :func:`advice_phrase`); a verb's negative only (``…しない``, ``…含まない``), not
a limitation (``…できない``, ``…られない``, ``…とは限らない``) nor an adjective (``…が少ない``)."""
KEY_PHRASE_EXAMPLE = lazy_compile(
    r"例えば|たとえば|の例(?:で|として|では|に)|\be\.g\.|\bfor (?:example|instance)\b|\bsuch as\b"
)
"""A point that cites an example of its own claim (``DDoS attack の例で、…攻撃を受ける``): the
example names the outcome the gap would hide, so no key phrase is asked (extract/recital.py)."""


PRACTICE_VERB_ENDINGS_JA: tuple[str, ...] = (
    "使う",
    "使用する",
    "利用する",
    "活用する",
    "有効にする",
    "有効化する",
    "無効にする",
    "選択する",
    "選ぶ",
    "設定する",
    "導入する",
    "採用する",
    "避ける",
    "用いる",
)
"""How a Japanese best-practice label before a colon ends (``ロングポーリングを有効にする: …``,
``キューの種類を適切に選択する: …``, with ``を`` after the thing): an action on a named thing,
whose text says why or what it brings (extract/definitions.py, practice labels)."""

_HEADING_BULLET_KIND = (
    r"(?:db|database|service|store|cache|queue|tool|protocol|library|framework|platform|engine"
    r"|software|malware|program|application|device|system|network|storage|mechanism|technique|method"
    r"|algorithm|format|language|attack|utility)s?"
)
"""The kinds of thing a subject-less bullet names first when it says what its heading is
(``software that …``, ``a kind of attack where …``), as :data:`HEADING_BULLET_KINDS_JA` in Japanese."""

# A subject-less bullet under a heading that names a thing, written as what the thing is: an
# English noun phrase opening on an article (``- a managed store for …``), or a Japanese clause
# ending on a kind of thing (``- …を自動で行うサービス``). extract/heading_lists.py (heading-bullets)
# asks it as the heading's definition.
HEADING_BULLET_DEFINITION_EN = lazy_compile(
    r"^(?:an?|the)\s+(?!(?:lot|few|couple|bit|number|way|good|great|little)\b)[a-z][\w-]*\s+\S"
    # or no article, a kind of thing and what it is (``NoSQL DB, with replication across zones``,
    # ``software that pretends to be something else``), or the kind after the words that make it
    # one (``malicious software``: what the heading's portmanteau spells out)
    rf"|^(?:[\w-]+\s+){{0,3}}{_HEADING_BULLET_KIND}(?:,|\s+(?:that|which|with|for|used|where)\b)\s*\S"
    rf"|^(?:[\w-]+\s+){{1,2}}{_HEADING_BULLET_KIND}$",
    re.IGNORECASE,
)
HEADING_BULLET_KINDS_JA = (
    "サービス",
    "機能",
    "ツール",
    "仕組み",
    "ソフトウェア",
    "プロトコル",
    "ライブラリ",
    "フレームワーク",
    "データベース",
    "ストレージ",
    "ネットワーク",
    "技術",
    "手法",
    "方式",
    "言語",
    "形式",
)
HEADING_BULLET_PROPERTY_EN = lazy_compile(
    r"^(?:cannot|can't|can\s+not|can|does\s+not|doesn't|must\s+not|must|supports?|allows?|requires?)\s+"
    r"(?:(?:be\s+)?[a-z]+(?:ed)?\s+)?"
    r"(?P<phrase>[A-Za-z0-9][\w./-]*(?:\s+[A-Za-z0-9][\w./-]*){0,3}?)"
    r"(?=\s+(?:but|while|because|so|unless|except|within|across|in|on|at|for|to|by|with|from)\b|[,;]|$)"
)
"""A subject-less bullet after a heading's defining bullet that states one limit or capability of
the heading's thing (``- cannot span more than one zone but …``): the phrase after its verb is the gap
(extract/heading_lists.py, heading-bullets)."""
HEADING_BULLET_PROPERTY_JA = lazy_compile(
    r"(?P<phrase>[\u3400-\u9fff々\u30a1-\u30faー・A-Za-z0-9]{2,})(?:を|が|に|は|も)(?:[\u3400-\u9fff]{1,4})?"
    r"(?:できる|できます|できない|できません|可能|可能です|不可|不可能|必要|必要です|不要|対応|非対応|サポート)。?$"
)
"""The Japanese form: ``…には申請が必要``, ``…の除外パターンを設定できる`` (the noun phrase before the
capability or need is the gap)."""
RULE_ANSWER_WORDS_JA: tuple[str, ...] = ("正解", "ベストプラクティス", "推奨", "最適", "おすすめ", "オススメ")
"""What a Japanese rule calls its outcome (``…にする場合、大体はリードレプリカが正解です``): the thing
before ``が`` and one of these is the answer a condition cloze hides (extract/condition_clozes.py)."""
PROSE_GAP_MAX_CHARS = 24
"""A prose gap (the complement of ``X は … です``, what a capability is lost on) is at most this
many characters: longer, it is a description to read, not one term to recall (extract/prose_gaps.py)."""
PROSE_GAP_VAGUE_WORDS: tuple[str, ...] = (
    "重要", "大切", "必要", "便利", "簡単", "可能", "不要", "一つ", "ひとつ", "一種", "特徴", "仕組み", "問題",
    "方法", "場合", "注意", "大変", "複雑", "有効", "無効", "最適", "おすすめ", "推奨", "ポイント", "こと",
    "もの", "よう", "とき", "ところ", "違い", "同じ", "同様", "以下", "上記", "次", "例",
)  # fmt: skip
"""Words in a prose gap that judge, point elsewhere or name no fact (``X は重要です``, ``X は次の
通りです``): the sentence keeps its explain line (extract/prose_gaps.py)."""
PROSE_GAP_PERSONS: tuple[str, ...] = (
    "エンジニア", "担当者", "ユーザー", "ユーザ", "利用者", "管理者", "開発者", "会社", "企業", "顧客", "チーム",
    "私", "僕", "あなた", "我々", "私たち", "人",
)  # fmt: skip
"""Subjects that are people of a scenario or of the author's story (``DevOps エンジニアは…を管理します``):
no prose gap asks about them (extract/prose_gaps.py)."""


EXCLAIMED_ASIDE = lazy_compile(r"\s*[(（][^()（）]*[!！][^()（）]*[)）]\s*$")
"""An aside in brackets closing a line that exclaims (``Versioning (You enabled this!)``): a remark
to oneself, neither part of the name before it nor a fact."""


SAMPLE_VALUE = lazy_compile(
    r"(?<![A-Za-z0-9])(?:my|your)[-_][A-Za-z0-9]"
    r"|^[A-Za-z]+[-_](?:name|region|id)$"
    r"|(?<![A-Za-z0-9])(?:foo|bar|baz|hoge|fuga|piyo|aaa|xxx)(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9])example\.(?:com|org|net|jp)\b|(?<![A-Za-z0-9])hello\.[a-z]{2,4}$",
    re.IGNORECASE,
)
"""A value that is a placeholder or a made-up sample, not a name to learn: the writer's own
``my-bucket`` / ``my_file.txt`` / ``your-app``, a slot word joined to name / region / id
(``bucket-name``, ``AWS-region``, ``POD_ID``), the stock dummies (``foo``, ``hoge``, ``https://aaa.com``,
``example.com``, ``hello.txt``). A cloze gap on one is left as text (extract/selection.py
``sample_gaps``), and a command line whose argument is one hides only its command name
(extract/code_clozes.py)."""


OWN_NAME = lazy_compile(
    r"(?:/home/|/Users/|\\Users\\)([A-Za-z][\w.-]{2,})|\b([A-Za-z][\w.-]{2,})@[\w.-]+:[~/]\S*\s*[$#]"
)
"""Where notes show the writer's own account name: a home folder (``/home/alice``, ``/Users/alice``,
``C:\\Users\\alice``) or a shell prompt (``alice@laptop:~$``). A cloze gap on that name asks what the
writer is called (extract/__init__.py, selection ``sample_gaps``); :data:`SYSTEM_ACCOUNTS` are names
to learn, and stay."""
SYSTEM_ACCOUNTS: frozenset[str] = frozenset(
    {"root", "ubuntu", "ec2-user", "admin", "administrator", "user", "pi", "vagrant", "centos", "git", "postgres"}
)
"""Account names that come with a system (``root``, ``ec2-user``): a fact, though they show as a
home folder or a prompt's user."""
