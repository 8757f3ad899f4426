"""Subject sentences: a sentence in running prose whose subject is a name the author marked as
one, as `code` or as a link, and that says what that name is or does:
``[TTL](…) はキャッシュが保たれる期間を決めます。``, ```` `pick` は、コミットをそのまま使います。````,
``scikit-learnの `report` は…をまとめます。``, ```` `HEAD` is the commit you are on.````

Articles and course notes explain their key names in plain sentences, with no bold and no
``Term: text`` shape, so every such fact was dropped as ``no-card-shape``. The mark is what makes
the sentence's subject a term: an unmarked ``Xは…`` is any statement, and is left alone. The card
is a definition of the name, its answer the sentence. It is not made when the sentence leans on
what came before (``この``, ``それ``, ``This``), announces a list (``…以下の通り:``), is an
example (``例えば``), or the name is the section's own subject (the heading's definition asks it).
It runs last, on paragraphs and bullets nothing used.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import HTML_TAG, lazy_compile

from ..model import Document, Inline, Inlines, ListItem, NoteKind, Paragraph, Section
from . import Candidate, ExtractContext, register
from .clozes import cloze_key, split_sentences
from .common import clean_term, cloze_gap, fold, has_cjk, iter_items, looks_like_term, split_definition, study_sections
from .definitions import ends_with_lead_in
from .parallel_clauses import parallel_sentence
from .sentence_definitions import names_what_it_is
from .tags import breadcrumb
from .vocabulary import (
    EXAMPLE_OPENING,
    LEANS_NAMED_SUBJECT_EN,
    LEANS_SUBJECT_SENTENCE,
    MAX_CARD_NAME_CHARS,
    MAX_SUBJECT_SENTENCE_CHARS,
    MEANING_VERBS_JA,
)

_SENTENCE_END = lazy_compile(r"(?<=。)|(?<=[.!?])\s+(?=[A-Z`\[])")
# ``Xは``, ``Xは、``, ``X では``: the marked name is the topic (not ``Xを`` / ``Xに``, an object)
_JA_TOPIC = lazy_compile(r"^\s*(?:は、?|とは、?)(?P<rest>.+)$", re.DOTALL)
# ``X is …``, ``X pairs …``: a verb in the third person right after the name (not ``X files are``)
_EN_VERB = lazy_compile(
    r"^\s*(?:\([^)]{1,40}\)\s*)?(?:is|are|was|means|refers to|[a-z]{2,}(?<!ss)s)\s+(?!is\b|are\b)(?P<rest>.+)$",
    re.DOTALL,
)
_MARKED = ("code", "link")


def _name(part: Inline) -> str:
    text = part.text.strip()
    if part.kind == "link" and ("://" in text or text.lower() in ("here", "link", "this", "ここ", "こちら")):
        return ""
    return text


class _KnownTerms:
    """The names :func:`known_terms` found in the first ``read`` candidates (``last`` the last of them)."""

    __slots__ = ("found", "last", "read")

    def __init__(self) -> None:
        self.found: set[str] = set()
        self.read = 0
        self.last: Candidate | None = None


_BRACKET_NAME = lazy_compile(r"[（(]([^（）()]{2,30})[）)]")
_BRACKET_ASIDE = lazy_compile(r"\s*[（(][^（）()]*[）)]")


def known_terms(context: ExtractContext) -> frozenset[str]:
    """What other cards of the file ask about: definitions' terms, compared entities and heading
    subjects, with the other name in a term's brackets (``自動バックアップ (PITR)``: also ``PITR``).
    Two extractors ask in turn: the candidates read for the first are not read again (unless one
    was taken back since: then all are)."""
    memo = context.memo.get("known-terms")
    candidates = context.candidates
    if (
        not isinstance(memo, _KnownTerms)
        or memo.read > len(candidates)
        or (memo.read and candidates[memo.read - 1] is not memo.last)
    ):
        memo = context.memo["known-terms"] = _KnownTerms()
    found = memo.found
    for candidate in candidates[memo.read :]:
        names = [candidate.term]
        if candidate.note.kind is NoteKind.COMPARISON:
            names.append(html.unescape(HTML_TAG.sub("", candidate.note.prompt)).split(" › ")[0])
        for name in names:
            term = clean_term(name)
            if not looks_like_term(term):
                continue
            found.add(fold(term))
            for inner in _BRACKET_NAME.findall(term):
                found.add(fold(inner))
            bare = _BRACKET_ASIDE.sub("", term).strip()
            if bare:
                found.add(fold(bare))
    memo.read = len(candidates)
    memo.last = candidates[-1] if candidates else None
    found = set(found)
    for node in context.outline.nodes:
        if node.kind == "section" and node.term:
            found.add(fold(node.term))
    return frozenset(term for term in found if len(term) >= 2)


def _known_subject(parts: list[Inline], terms: frozenset[str]) -> tuple[str, str] | None:
    """(term, rest) when the sentence opens, in plain text, with a term another card of the file
    defines, as its topic (``Xは…``): ``F1値は…の要約値です。`` where a table row defines F1値."""
    if not parts or parts[0].kind != "text" or not has_cjk(parts[0].text):
        return None
    head = parts[0].text.lstrip()
    match = re.match(r"^([^、。は]{2,30}?)は(?!じめ)", head)
    if match is None or fold(clean_term(match.group(1))) not in terms:
        return None
    rest = head[match.end() :].lstrip("、") + "".join(part.text for part in parts[1:])
    if not names_what_it_is(rest):
        return None  # ``Xは…をサポートしている``: one fact about X, not what X is
    return clean_term(match.group(1)), rest


# ``DynamoDB Streams は、…``, ``Edge-Optimized は、…``, ``DynamoDB Accelerator（DAX）は、…``: a name in
# Latin letters, capitalised, opening a Japanese sentence as its topic, with a comma after は; a count
# may lead it (``1RCUは、…を表します``: what one unit of it is)
_LATIN_TOPIC = lazy_compile(
    r"^\s*(?P<name>(?:[0-9]+ ?)?[A-Z][A-Za-z0-9]*(?:[ .&/-][A-Za-z0-9]+){0,5}(?:\s*[（(][A-Za-z0-9 .&/-]{2,30}[）)])?)"
    r"\s*は(?P<comma>、)?(?P<rest>.+)$",
    re.DOTALL,
)


# ``ロングポーリングは、…``: a name in katakana as the topic (``Xは`` without the comma when the
# sentence says what X is: ``シャーディングは…のオプションです``). Katakana is
# also the script of everyday loan words (``クライアントは、``), so such a name counts only where the
# lines around it name it too (see :func:`_topic_words`)
_KANA_TOPIC = lazy_compile(
    r"^\s*(?P<name>[ァ-ヶ][ァ-ヶー・]{2,}(?:[A-Z][A-Za-z0-9]*)?(?:\s*[（(][A-Za-z0-9 .&/-]{2,30}[）)])?)"
    r"\s*は、?(?!じめ)(?P<rest>.+)$",
    re.DOTALL,
)


def _says_what_it_is(rest: str) -> bool:
    """Whether the Japanese sentence after ``Xは`` says what X is (ends in a noun) or what it means
    (``…を表します``, ``…を指す``)."""
    first = rest.split("。", 1)[0].strip()
    return names_what_it_is(rest) or _MEANING_ENDING.search(first) is not None


_MEANING_ENDING = lazy_compile(
    rf"(?:{'|'.join(map(re.escape, MEANING_VERBS_JA))})(?:す|う|する|します|います|している|しています)$"
)


def _topic_match(text: str, topic: str) -> re.Match[str] | None:
    """The match of a name in Latin letters, or in katakana that ``topic`` (the folded heading,
    parent bullet and bullet head above the sentence) also says, opening ``text`` as its topic."""
    match = _LATIN_TOPIC.match(text)
    if match is not None:
        # without the comma, ``Xは…`` is any statement about X: only one saying what X is counts
        return match if match.group("comma") or _says_what_it_is(match.group("rest")) else None
    kana = _KANA_TOPIC.match(text)
    if kana is None:
        return None
    bare = fold(re.sub(r"\s*[（(][^）)]*[）)]", "", kana.group("name")))
    if not bare or bare not in topic:
        return None
    # without the comma, ``Xは…`` is any statement about X: only one saying what X is (a noun) counts
    comma = text[kana.end("name") :].lstrip().startswith("は、")
    return kana if comma or names_what_it_is(kana.group("rest")) else None


def _latin_subject(
    parts: list[Inline], terms: frozenset[str], known: frozenset[str], topic: str = ""
) -> tuple[str, str] | None:
    """(name, rest) when a Japanese sentence opens with a name in Latin letters as its topic: the
    change of script marks the name as `code` would. A name another card asks (``known``) is taken
    only when the sentence says what it is (then the card is a cloze hiding it, see :func:`_emit`),
    and its ``terms`` counterpart must list it for that, so a bullet's fact about a known service
    never becomes a second card with the same front. A katakana name counts when ``topic`` says it."""
    if not parts or parts[0].kind != "text" or not has_cjk(parts[0].text):
        return None
    match = _topic_match(parts[0].text, topic)
    if match is None:
        return None
    name = clean_term(match.group("name"))
    rest = match.group("rest") + "".join(part.text for part in parts[1:])
    if not has_cjk(rest) or len(name) < 2:
        return None
    bare = fold(re.sub(r"\s*[（(][^）)]*[）)]", "", name))
    if (fold(name) in known or bare in known) and (fold(name) not in terms or not names_what_it_is(rest)):
        return None
    return name, rest


# ``An IP Header stores …``, ``Static IP Addresses are …``: an English subject of one to four words
# holding an acronym (two or more capitals), then a verb; the acronym marks it as a name. An adverb
# between them (``The CMK also contains …``) is no part of the name
_EN_NAMED = lazy_compile(
    r"^\s*(?:(?:A|An|The)\s+)?(?P<name>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3}?)"
    r"(?:\s+(?:also|always|only|still|often|usually|typically|generally|never|now|then|just))?"
    r"(?=\s+(?:is|are|means|refers to|(?!also\b|always\b)[a-z]{2,}(?<!ss)s)\s)(?P<after>.+)$",
    re.DOTALL,
)
_ACRONYM = lazy_compile(r"\b[A-Z]{2,}s?\b")
_EN_NAME_STOPWORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "from", "as", "at", "what"}
    | {"if", "when", "each", "every", "all", "some", "many", "most", "any", "no", "not", "our", "your"}
)


# ``CPU bursts vary …``: the word after the acronym ends in -s but a verb follows it (a modal, or a
# verb in the plain form a plural subject takes), so it is a plural noun of the subject, which is
# not the acronym alone (``CPU``): no subject sentence about the acronym
_PLURAL_NOUN = lazy_compile(
    r"^\s*[a-z]{2,}s\s+(?:can|cannot|may|might|must|will|would|should|could|do|don't|have|vary|differ|depend|"
    r"need|take|run|use|make|become|occur|happen|include|contain|require|allow|work|tend|seem|come|go|get|"
    r"give|keep|let|share|follow|depend|consist|belong|stay|remain|live|exist|last)\b"
)


def _named_subject(parts: list[Inline], known: frozenset[str]) -> tuple[str, str] | None:
    """(name, rest) when a plain English sentence opens with a name holding an acronym as its
    subject, followed by a verb (``A TCP header includes …``); not a name another card asks."""
    if not parts or parts[0].kind != "text" or has_cjk(parts[0].text):
        return None
    match = _EN_NAMED.match(parts[0].text)
    if match is None:
        return None
    name = match.group("name")
    words = name.split()
    if not _ACRONYM.search(name) or any(word.lower() in _EN_NAME_STOPWORDS for word in words):
        return None
    if fold(name) in known or LEANS_NAMED_SUBJECT_EN.search(name) or _PLURAL_NOUN.match(match.group("after")):
        return None
    verb = _EN_VERB.match(match.group("after") + "".join(part.text for part in parts[1:]))
    if verb is None:
        return None
    return clean_term(name), verb.group("rest")


def _subject(
    sentence: list[Inline], terms: frozenset[str] = frozenset(), known: frozenset[str] = frozenset(), topic: str = ""
) -> tuple[str, str] | None:
    """(name, the rest of the sentence after it) when the sentence opens with a marked name as its
    subject, optionally owned (``scikit-learnの `report` は``), else None. ``known``: every term
    another card defines, which a name in Latin letters must not repeat; ``topic``: the folded
    headings and bullets above, which a name in katakana must be in."""
    parts = [part for part in sentence if part.kind != "br"]
    known_subject = _known_subject(parts, terms)
    if known_subject is not None:
        return known_subject
    latin = _latin_subject(parts, terms, known, topic)
    if latin is not None:
        return latin
    named = _named_subject(parts, known)
    if named is not None:
        return named
    index = 0
    if parts and parts[0].kind == "text" and not parts[0].text.strip():
        index = 1
    if index < len(parts) and parts[index].kind == "text":
        owner = parts[index].text.strip()
        # ``scikit-learnの`` before the name: its owner, still one subject
        if not (owner.endswith("の") and 1 < len(owner) <= 15 and "、" not in owner and "。" not in owner):
            return None
        index += 1
    if index >= len(parts) or parts[index].kind not in _MARKED:
        return None
    name = _name(parts[index])
    after = "".join(part.text for part in parts[index + 1 :])
    if not name or not looks_like_term(clean_term(name)) or len(name) > MAX_CARD_NAME_CHARS:
        return None
    match = _JA_TOPIC.match(after) if has_cjk(after) else _EN_VERB.match(after)
    if match is None:
        return None
    return name, match.group("rest")


def _leans_on_before(sentence: list[Inline], rest: str, known: frozenset[str]) -> bool:
    """Whether the sentence after its subject points at what came before (``それ``, ``this``); a
    plain English sentence with a named subject only by a pointing word (``so that it`` is no lean)."""
    parts = [part for part in sentence if part.kind != "br"]
    if _named_subject(parts, known) is not None:
        return LEANS_NAMED_SUBJECT_EN.search(rest) is not None
    return LEANS_SUBJECT_SENTENCE.search(rest) is not None


_ALIAS = lazy_compile(r"[（(]\s*([^（）()]{2,30}?)\s*[）)]")


def _unmarked_name_asked(context: ExtractContext, sentence: list[Inline], name: str) -> bool:
    """Whether ``sentence`` opens with a name in Latin letters and no comma after its ``は``
    (``DAX は…の一つです``) that a card proposed so far already asks: as its term, or as the
    bracketed short name of one (``DynamoDB Accelerator（DAX）``, ``ドメインネームシステム (DNS) は…``).
    Such a sentence about a known name is another fact about a subject asked already."""
    parts = [part for part in sentence if part.kind != "br"]
    match = _LATIN_TOPIC.match(parts[0].text) if parts and parts[0].kind == "text" else None
    if match is None or match.group("comma"):
        return False
    wanted = {fold(name), fold(re.sub(r"\s*[（(][^）)]*[）)]", "", name))}
    if wanted & known_terms(context):
        return True
    for candidate in context.candidates:
        for value in (candidate.term, *candidate.note.field_map.values()):
            if any(fold(alias) in wanted for alias in _ALIAS.findall(html.unescape(HTML_TAG.sub("", value)))):
                return True
    return False


def _at_breaks(sentence: list[Inline]) -> list[list[Inline]]:
    """A sentence cut again at each line break that follows a sentence's end (```/etc/hosts` maps
    … addresses.`` then, on the next line, ```/etc/fstab` lists …``): each line its own sentence."""
    pieces: list[list[Inline]] = [[]]
    ended = False
    for part in sentence:
        if part.kind == "br" and ended:
            pieces.append([])
            continue
        if part.kind == "text" and not part.text.strip() and len(pieces[-1]) == 0:
            continue  # the line's own newline, after the break
        pieces[-1].append(part)
        if part.kind == "text" and part.text.strip():
            ended = part.text.rstrip().endswith((".", "。", "!", "?", "！", "？"))
        elif part.kind != "br":
            ended = False
    return [piece for piece in pieces if piece]


def _says_something(rest: str) -> bool:
    stripped = rest.strip()
    if has_cjk(stripped):
        return len(stripped) >= 8 and stripped.endswith(("。", "す", "る", "た", "だ", "い", "です", "ます"))
    return len(stripped.split()) >= 3 and stripped.endswith(".")


_ONLY_WHEN = lazy_compile(
    r"(?:場合|とき|時)(?:のみ|だけ)?(?:の(?:オプション|選択肢|機能|設定|構成|方式|モード)"
    r"|に(?:使用|利用|使|選択|有効化|設定)[^。、]{0,6})(?:です|になります|となります)?。?$"
)


def _says_only_when(rest: str) -> bool:
    """Whether the Japanese sentence after ``Xは`` says only in which case X is used or offered
    (``…を有効化している場合のオプションです``, ``…したい場合に使用します``), not what X is or does."""
    return _ONLY_WHEN.search(rest.split("。", 1)[0].strip() + "。") is not None


def _section_subject(section: Section) -> str:
    return fold(clean_term(section.title)) if section.level else ""


def _emit(
    context: ExtractContext,
    section: Section,
    owner: Paragraph | ListItem,
    inlines: Inlines,
    terms: frozenset[str],
    known: frozenset[str],
    topic: str = "",
    over: tuple[str, str] = ("", ""),
) -> bool:
    """Cards for the subject sentences of ``owner``; ``terms`` (defined elsewhere) count as subjects
    in running prose only (a bullet under a service says one fact about it, not what it is).
    ``over`` is the subject of the parent bullet and the rest of its sentence (:func:`_parent_subject`):
    a card about a part that sentence names shows that subject in its Context."""
    text_so_far = ""
    whole = "".join(part.text for part in inlines)
    emitted = False
    sentences = [piece for sentence in split_sentences(inlines, _SENTENCE_END) for piece in _at_breaks(sentence)]
    subjects = [_subject(sentence, terms, known, topic) for sentence in sentences]
    for index, sentence in enumerate(sentences):
        plain = "".join(part.text for part in sentence)
        start = whole.find(plain, len(text_so_far) - 1 if text_so_far else 0)
        text_so_far = whole[: max(start, 0) + len(plain)]
        found = subjects[index]
        if found is None or parallel_sentence(context, plain):
            continue  # a sentence of parallel clauses is asked by its own cloze (extract/parallel_clauses.py)
        name, rest = found
        stripped = " ".join(plain.split())
        if _unmarked_name_asked(context, sentence, name):
            context.skip(
                owner.span,
                stripped,
                "a sentence about a name another card of the file already asks (by this name or the one "
                "it abbreviates); a second card about it would ask the same subject again",
                code="no-card-shape",
            )
            continue
        if (
            not _says_something(rest)
            or len(stripped) > MAX_SUBJECT_SENTENCE_CHARS
            or _leans_on_before(sentence, rest, known)
            or EXAMPLE_OPENING.match(stripped)
            or ends_with_lead_in(stripped)
            or fold(clean_term(name)) == _section_subject(section)
        ):
            context.skip(
                owner.span,
                stripped,
                "a sentence about a marked name that leans on its neighbours, announces a list, is an example "
                "or repeats the heading's subject; write it as `- **Name**: explanation` to get a card",
                code="no-card-shape",
            )
            continue
        offset = max(start, 0) + len(plain) - len(plain.lstrip())
        line = owner.span.line + whole.count("\n", 0, offset)
        answer = "".join(part.html for part in sentence).strip()
        term = clean_term(name)
        if fold(term) in terms:
            # a term another card defines: this sentence asks the other way round, which term it
            # describes (a second card with the same front would ask two answers)
            escaped = html.escape(name, quote=False)
            if escaped not in answer:
                continue
            context.emit(
                NoteKind.CLOZE,
                cloze_key([term]),
                owner.span.at(line),
                {"Text": answer.replace(escaped, cloze_gap(1, escaped), 1)},
                section=section,
                source=owner,
            )
            emitted = True
            continue
        # the sentences after it, up to the next about a marked name, say more about the same
        # subject: they stay with the card as its Details (listed by --explain), never dropped
        after: list[str] = []
        for following, subject in zip(sentences[index + 1 :], subjects[index + 1 :], strict=True):
            if subject is not None:
                break
            after.append("".join(part.html for part in following).strip())
        after = [piece for piece in after if piece]
        if after and _says_only_when(rest) and _says_something(html.unescape(HTML_TAG.sub("", after[0]))):
            # ``シャーディングはクラスターモードを有効化している場合のオプションです。キャッシュデータを…``:
            # the sentence naming it says when it is used, the next one what it does; that one answers
            # the front, the case goes with the Details
            answer, after = after[0], [answer, *after[1:]]
        details = " ".join(after)
        fields = {"Term": html.escape(term), "Definition": answer, "Details": f"<p>{details}</p>" if details else ""}
        product, said = over
        if product and fold(product) != fold(term) and fold(term) in fold(said):
            # ``レプリケーション`` of what: the product the sentence above names it a part of
            fields["Context"] = breadcrumb((*section.path, product), term)
        context.emit(
            NoteKind.DEFINITION,
            term,
            owner.span.at(line),
            fields,
            section=section,
            term=term,
            source=owner,
        )
        emitted = True
    return emitted


@register("subject-sentences", order=97)
def extract_subject_sentences(document: Document, context: ExtractContext) -> None:
    terms = frozenset(
        fold(candidate.term)
        for candidate in context.candidates
        if candidate.term and candidate.note.kind is NoteKind.DEFINITION and looks_like_term(candidate.term)
    )
    known = known_terms(context)
    for section in study_sections(document):
        for block in section.blocks:
            if (
                isinstance(block, Paragraph)
                and not context.claimed(block)
                and _emit(context, section, block, block.inlines, terms, known, fold(section.title))
            ):
                context.claim(block)
        for item, parent in iter_items(section.blocks):
            if context.claimed(item):
                continue
            inlines = item.inlines
            split = split_definition(inlines)
            head = ""
            if split is not None:
                if looks_like_term(split[0]):
                    continue  # ``name: text`` is a definition's shape, read by the definition extractors
                # ``ロングポーリングを有効にする: ロングポーリングは、…``: the head is an action, no
                # term; its text may still open a sentence with the name it acts on
                head, inlines = split
            topic = fold(" ".join((section.title, parent.text if parent is not None else "", head)))
            named = any(
                bool(sentence) and sentence[0].kind == "text" and _topic_match(sentence[0].text, topic) is not None
                for sentence in split_sentences(inlines, _SENTENCE_END)
            )
            if named and context.outline.node(item).roles.step:
                continue  # ``3. AWS STSは、…を渡す``: a step of a procedure, not what the name is
            if split is not None and not named:
                continue
            if not named and not any(part.kind in _MARKED for part in inlines):
                continue
            if _emit(context, section, item, inlines, frozenset(), known, topic, _parent_subject(parent)):
                context.claim(item)


def _parent_subject(parent: ListItem | None) -> tuple[str, str]:
    """The name a parent bullet written as a sentence about it opens with (``- Amazon ElastiCache
    for Redis は、レプリケーションとシャーディングにより…``: a Latin-lettered name, ``は、``), and the rest
    of that sentence; ("", "") for any other parent (a ``Term: text`` bullet names its own term)."""
    if parent is None or split_definition(parent.inlines) is not None:
        return "", ""
    match = _LATIN_TOPIC.match(" ".join(parent.text.split()))
    if match is None or not match.group("comma"):
        return "", ""
    name = clean_term(match.group("name"))
    return (name, match.group("rest")) if looks_like_term(name) else ("", "")
