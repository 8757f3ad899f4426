"""Clozes: sentences whose key phrases are **bold** or ==marked== become cloze notes, c1..cN in
reading order; explicit ``{{c1::...}}`` markup is kept as written.

A bold term that opens a definition (``- **Term**: …``, ``**Term**とは、…``) is the definition's
term, so it stays plain text here; the body's own key phrases may still make a cloze. Inside a
structured topic (``- **概要**: …`` under a topic bullet), the label is dropped and the topic joins
the context, so the cloze makes sense alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from ankigen.patterns import HTML_TAG, Pattern, lazy_compile

from ..model import (
    Block,
    Document,
    Inline,
    Inlines,
    ListItem,
    NoteKind,
    Paragraph,
    Quote,
    Section,
    Span,
    inline_html,
)
from . import ExtractContext, register
from .command_lines import command_gap
from .common import (
    GROUP_ONE,
    clean_term,
    cloze_gap,
    find_word,
    fold,
    has_cjk,
    inline_text,
    is_group_heading,
    is_latin_name_char,
    iter_items,
    looks_like_term,
    sentence_like,
    split_definition,
    split_lines,
    split_towa,
    study_sections,
)
from .definitions import topic_label
from .outline import is_label
from .subjects import document_topic
from .vocabulary import (
    FUNCTION_WORDS,
    MAX_CLOZE_CHARS,
    MAX_CLOZE_GAP_CHARS,
    MAX_CLOZE_GAP_WORDS,
    MAX_PROSE_CLOZE_GAPS,
    META_LABELS,
    QUOTED_CALLOUTS,
)

MAX_CLOZES = 8
MAX_SUBJECT_WORDS = 6
"""A heading of more words is a chapter title, not a subject to name on a cloze's front."""
# answer and hint never span a '{{' or '}}': an unclosed '{{c1::' then costs one scan to the next
# brace pair, not one to the end of the text per '::' (a line of '{{c1::' repeated took minutes)
_NOT_BRACES = r"(?:[^{}]|\{(?!\{)|\}(?!\}))"
_EXPLICIT = lazy_compile(rf"\{{\{{c(\d+)::({_NOT_BRACES}*?)(?:::((?:(?!::){_NOT_BRACES})*))?\}}\}}")
_KEY_KINDS = ("strong", "mark")

_EMPHASIS_TAGS = lazy_compile(r"^<(strong|b|mark)>|</(strong|b|mark)>$")


def _unwrap(part: Inline) -> str:
    return _EMPHASIS_TAGS.sub("", part.html)


def _contains(outer: str, inner: str) -> bool:
    """Whether ``inner`` shows inside ``outer`` (as whole words, for Latin text)."""
    outer, inner = fold(outer), fold(inner)
    if not inner or inner not in outer:
        return False
    if has_cjk(inner):
        return True
    return find_word(outer, inner, is_latin_name_char) >= 0


def gap_numbers(answers: list[str]) -> list[int]:
    """The cloze number of each answer, in reading order: an answer that holds another, or is held
    by it (``curl`` and ``curl -I``, ``uname`` and ``uname -a``), shares its number, so no card shows
    one while it hides the other; the others count up from 1."""
    numbers: list[int] = []
    for index, answer in enumerate(answers):
        shared = next(
            (
                numbers[other]
                for other in range(index)
                if _contains(answer, answers[other]) or _contains(answers[other], answer)
            ),
            0,
        )
        numbers.append(shared or max(numbers, default=0) + 1)
    return numbers


def cloze_text(inlines: Inlines) -> tuple[str, list[str]]:
    """The text with its first :data:`MAX_CLOZES` **bold** / ==marked== phrases as ``{{c1::...}}``,
    ``{{c2::...}}`` ... in reading order (phrases that hold one another share a number:
    :func:`gap_numbers`), and those phrases."""
    keys = [part for part in inlines if part.kind in _KEY_KINDS and part.text.strip()][:MAX_CLOZES]
    numbers = dict(zip((id(part) for part in keys), gap_numbers([part.text.strip() for part in keys]), strict=True))
    parts: list[str] = []
    answers: list[str] = []
    for part in inlines:
        if id(part) in numbers:
            answers.append(part.text.strip())
            parts.append(cloze_gap(numbers[id(part)], _unwrap(part)))
        else:
            parts.append(part.html)
    return "".join(parts).strip(), answers


def _plain(parts: Inlines) -> Inlines:
    """Key-phrase inlines turned into plain bold that is not clozed (a definition's own term)."""
    return tuple(Inline("html", part.html, part.text) if part.kind in _KEY_KINDS else part for part in parts)


_DEFINITION_BREAK = lazy_compile(r"[:：—–]|とは|は、| - ")


def _without_term(inlines: Inlines) -> Inlines:
    """The inlines with an opening definition term made plain, so it is not clozed as well."""
    split = split_definition(inlines) or split_towa(inlines)
    if split is None or not looks_like_term(split[0]):
        return inlines
    term = fold(split[0])
    out = list(inlines)
    for index, part in enumerate(inlines):
        if part.kind in _KEY_KINDS and fold(clean_term(part.text)) and fold(clean_term(part.text)) in term:
            out[index] = _plain((part,))[0]
        elif part.kind == "text" and _DEFINITION_BREAK.search(part.text):
            break
    return tuple(out)


def key_phrase_count(inlines: Inlines) -> int:
    """How many **bold** / ==marked== phrases the inlines hold (each could be a deletion)."""
    return sum(1 for part in inlines if part.kind in _KEY_KINDS and part.text.strip())


def explicit_answers(html_text: str) -> list[str]:
    """The answers of the ``{{cN::answer}}`` / ``{{cN::answer::hint}}`` deletions written in the text."""
    return [answer for _, answer, _ in _EXPLICIT.findall(html_text)]


def cloze_key(answers: list[str]) -> str:
    """A cloze's identity key: its answers, folded and sorted (reordering a sentence keeps it)."""
    return "\x1f".join(sorted(fold(answer) for answer in answers))


def _worth_a_cloze(inlines: Inlines) -> bool:
    key = [part for part in inlines if part.kind in _KEY_KINDS and part.text.strip()]
    if not key:
        return False
    rest = "".join(part.text for part in inlines if part.kind not in _KEY_KINDS)
    rest = re.sub(r"[←→⇒⇐↑↓]", "", rest).strip(" :：、。")
    # a bold label alone, or bold with a few characters around it, is a heading, not a sentence
    return len(rest) >= 8


_BRACKETED = lazy_compile(r"[（(]([^）)]*)[）)]")


def gap_problem(answer: str) -> str:
    """Why a bold phrase makes a poor gap, as a reason code, or '' when it is a good one.

    ``gap-function-word``: a bold ``NOT`` or ``only`` holds no fact. ``gap-too-long``: it is a whole
    clause (``Fargateでは awsvpc が必須``), a flow of steps, or longer than
    :data:`~ankigen.extract.vocabulary.MAX_CLOZE_GAP_CHARS` (English: ``MAX_CLOZE_GAP_WORDS``
    words), so the rest of the sentence gives nothing to answer from."""
    text = " ".join(answer.split())
    if fold(text) in FUNCTION_WORDS:
        return "gap-function-word"
    if any(mark in text for mark in ("->", "→", "⇒", "=>")):
        return "gap-too-long"  # a flow of several steps, not one phrase
    if has_cjk(text):
        core = _BRACKETED.sub("", text).strip()  # ``起動制約 (Launch Constraints)``: a reading, not more to recall
        if len(core) > MAX_CLOZE_GAP_CHARS or (len(core) > 8 and sentence_like(core)):
            return "gap-too-long"
    elif len(text.split()) > MAX_CLOZE_GAP_WORDS or _CLAUSE_GAP.search(text):
        return "gap-too-long"
    return ""


# ``Advanced is billed per organization``: a subject, a finite verb and what it says: a clause
_CLAUSE_GAP = lazy_compile(r"^\S+(?:\s+\S+)*?\s+(?:is|are|was|were)\s+\S+(?:\s+\S+){1,}$")


_PROTECTED = lazy_compile(r"(\{\{c\d+::(?:(?!\}\}).)*\}\}|<[^>]*>)", re.DOTALL)


def _may_occur(literal: str, text: str) -> bool:
    """False only when a case-insensitive search for ``literal`` cannot match in ``text`` (the
    parts of the cloze text outside gaps and tags, one a line): a run of
    characters without case (digits, spaces, punctuation, kana and kanji) is matched by
    ``re.IGNORECASE`` only as written, so each such run of ``literal`` must be in ``text`` as it is.
    (Compiling a pattern per answer, most of which occur nowhere else, was a tenth of extraction.)"""
    run: list[str] = []
    for char in (*literal, ""):
        if char and char.lower() == char == char.upper():
            run.append(char)
        elif run:
            if "".join(run) not in text:
                return False
            run = []
    return True


def hide_repeats(text: str, answers: list[str], numbers: list[int] | None = None) -> str:
    """The cloze text with every other visible occurrence of an answer (or of its short form before
    a bracket: ``RR`` of ``RR（リードレプリカ）``) hidden under the same ``cN``, so the gap does not
    give itself away (``The **kubelet** … the kubelet makes sure …``). The answers, and so the
    note's key, are unchanged. ``numbers``: each answer's cloze number (default 1, 2, …)."""
    for number, answer in zip(numbers or range(1, len(answers) + 1), answers, strict=True):
        plain = " ".join(answer.split())
        forms = {plain, _BRACKETED.sub("", plain).strip(), *(inner.strip() for inner in _BRACKETED.findall(plain))}
        for form in sorted((form for form in forms if len(form) >= 2), key=len, reverse=True):
            escaped = html.escape(form, quote=False)
            pieces = _PROTECTED.split(text)
            if not _may_occur(escaped, "\n".join(pieces[::2])):
                continue  # nothing to hide (the pattern, compiled, would match nowhere)
            word = re.escape(escaped)
            # a dot between word characters joins a name (``backup.zip``, ``mydir.tar``): the answer
            # ``zip`` inside it is part of another word, not the answer again
            pattern = (
                word
                if has_cjk(form)
                else rf"(?<![A-Za-z0-9_-])(?<![A-Za-z0-9_-]\.){word}(?![A-Za-z0-9_-])(?!\.[A-Za-z0-9_])"
            )
            compiled = re.compile(pattern, re.IGNORECASE)
            text = "".join(
                piece
                if index % 2
                else compiled.sub(lambda match, number=number: cloze_gap(number, match.group(0)), piece)
                for index, piece in enumerate(pieces)
            )
    return text


_GAP_THEN_BRACKET = lazy_compile(r"\}\}(\s*[（(])((?:(?![()（）]|\{\{|\}\}).){1,200})([）)])", re.DOTALL)
_HIRAGANA = lazy_compile(r"[\u3040-\u309f]")
_NAME_WORD = lazy_compile(r"^(?:[A-Z0-9][\w./+-]*|of|and|for|the|in|on|to)$")


def names_the_answer(inner: str, answer: str = "") -> bool:
    """Whether a bracket right after a gap is another name for its answer (an expansion, an
    abbreviation, a reading or a translation: ``(Data Link)``, ``(SystemTap)``, ``(IEEE 802.2)``,
    ``(Amazonマシンイメージ)``), not an aside that says more (``(reliable)``, ``(ユーザの認証)``,
    ``(最大15分)``, ``(Ethernet, Fiber)``): a name of at most :data:`MAX_CLOZE_GAP_WORDS` words with
    no sentence punctuation, capitalised when Latin, with no hiragana and no figure when Japanese."""
    text = " ".join(inner.split())
    if not text or len(text) > MAX_CLOZE_GAP_CHARS or re.search(r"[,，、。;；:：!?！？]|e\.g\.|例", text):
        return False
    if has_cjk(text):
        if _HIRAGANA.search(text) or re.search(r"\d", text):
            return False
        # a Japanese name is another name of the answer when it shares a word with it
        # (``CloudWatch Logsエージェント`` / ``CloudWatchエージェント``) or the answer is its
        # abbreviation (``AMI`` / ``Amazonマシンイメージ``); ``uname -a`` (Unixカーネル情報) says what it shows
        plain = " ".join(answer.split())
        if re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", plain):
            return True
        runs = set(re.findall(r"[\u4e00-\u9fff\u30a0-\u30ffー]{2,}|[A-Za-z][A-Za-z0-9]{2,}", plain))
        return any(run in text for run in runs)
    words = text.split()
    return len(words) <= MAX_CLOZE_GAP_WORDS and all(_NAME_WORD.match(word) for word in words) and words[0][0].isupper()


def _outside_gaps(text: str) -> str:
    """The text a cloze shows: its gaps and markup taken out."""
    return HTML_TAG.sub("", _EXPLICIT.sub("", text)).strip()


def hide_aliases(text: str) -> str:
    """The cloze text with a bracketed other name right after a gap moved inside that gap: ``Layer 2
    (Data Link)`` hiding ``Layer 2`` while ``Data Link`` shows, or ``stap (SystemTap)``, gives the
    answer away. The answers, and so the note's key, are unchanged."""

    def widen(match: re.Match[str]) -> str:
        inner = html.unescape(HTML_TAG.sub("", match.group(2)))
        answer = html.unescape(HTML_TAG.sub("", text[: match.start()].rpartition("::")[2]))
        widened = f"{match.group(1)}{match.group(2)}{match.group(3)}}}}}"
        if not names_the_answer(inner, answer) or not _outside_gaps(
            text[: match.start()] + widened + text[match.end() :]
        ):
            return match.group(0)  # a name and its other name alone: selection's ``alias-only``
        return widened

    return _GAP_THEN_BRACKET.sub(widen, text)


_BEFORE_BRACKET = lazy_compile(r"^[^（(]*[（(]([^）)]*)[）)]")


def shown_forms(answer: str) -> set[str]:
    """The ways a gap's answer can show elsewhere: itself, without its bracket, the bracket alone,
    and the bracket with what follows it (``Open Systems Interconnection (OSI) model`` shows as
    ``OSI model``)."""
    plain = " ".join(answer.split())
    forms = {plain, _BRACKETED.sub("", plain).strip(), *(inner.strip() for inner in _BRACKETED.findall(plain))}
    forms.add(" ".join(_BEFORE_BRACKET.sub(GROUP_ONE, plain).split()))
    return {form for form in forms if len(form) >= 2}


def in_context(answer: str, context: str) -> bool:
    """Whether a gap's answer shows in the card's context line (its headings), so the card gives
    it away (``MAC`` hidden under the heading ``Media Access Control (MAC)``)."""
    return bool(context) and any(_contains(context, form) for form in shown_forms(answer))


_WORD_END = lazy_compile(r"[A-Za-z0-9]$")
_WORD_START = lazy_compile(r"^[A-Za-z0-9]")


def _inside_word(inlines: Inlines, index: int) -> bool:
    """A bold part of a word (``**Q**uadrature``, ``Atta**CK**s``: the letters that spell an acronym):
    the rest of the word shows on the card and gives the hidden letters away, and the letters are not
    a fact of their own (the acronym's expansion is)."""
    text = inlines[index].text
    before = inlines[index - 1].text if index else ""
    after = inlines[index + 1].text if index + 1 < len(inlines) else ""
    return bool(
        (_WORD_END.search(before) and _WORD_START.match(text)) or (_WORD_END.search(text) and _WORD_START.match(after))
    )


_KEYWORD_CUE = lazy_compile(
    r"^(\s*というキーワード(?:があれば|なら|が出たら|が出れば)\s*)([A-Za-z][A-Za-z0-9 .&/-]{0,40}?[A-Za-z0-9])"
    r"(\s*(?:一択|が正解|を選ぶ|を選択).*)$",
    re.DOTALL,
)


def _cue_to_answer(inlines: Inlines) -> Inlines:
    """The inlines with a bold exam cue moved to the name it points at: in ``**「パスワードの自動
    ローテーション」** というキーワードがあれば Secrets Manager 一択``, the cue is given in the question
    and the service it calls for is what to recall, so the gap hides ``Secrets Manager``."""
    out = list(inlines)
    for index in range(len(inlines) - 2, -1, -1):
        part, after = inlines[index], inlines[index + 1]
        if part.kind not in _KEY_KINDS or after.kind != "text":
            continue
        found = _KEYWORD_CUE.match(after.text)
        if found is None:
            continue
        lead, name, tail = found.groups()
        out[index : index + 2] = [
            _plain((part,))[0],
            Inline("text", html.escape(lead, quote=False), lead),
            Inline("strong", f"<strong>{html.escape(name, quote=False)}</strong>", name),
            Inline("text", html.escape(tail, quote=False), tail),
        ]
    return tuple(out)


_INITIAL = lazy_compile(r"^[A-Za-z]{1,3}$")
_ACRONYM_BEFORE_BRACKET = lazy_compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]{1,7})(?=\s*[(（]\s*$)")


def _initials_to_acronyms(inlines: Inlines) -> Inlines:
    """The inlines with bold initials moved to the abbreviation they spell: in ``TKIP(**T**emporal
    **K**ey **I**ntegrity **P**rotocol)を採用``, a gap on each letter asks nothing (the rest of each
    word shows), while the abbreviation is the fact; so the gap hides ``TKIP`` (and, as its other
    name, the bracket). Bold initials that spell no abbreviation before their bracket stay as they
    are (``_inside_word`` refuses them: ``gap-part-of-word``)."""
    keys = [index for index, part in enumerate(inlines) if part.kind in _KEY_KINDS and part.text.strip()]
    if not keys or not all(
        _INITIAL.match(inlines[index].text.strip())
        and index + 1 < len(inlines)
        and inlines[index + 1].text[:1].isascii()
        and inlines[index + 1].text[:1].isalpha()
        for index in keys
    ):
        return inlines
    work = list(inlines)
    out: list[Inline] = []
    moved = False
    index = 0
    while index < len(work):
        part = work[index]
        found = _ACRONYM_BEFORE_BRACKET.search(part.text) if part.kind == "text" else None
        close = next(
            (later for later in range(index + 1, len(work)) if re.search(r"[)）]", work[later].text)),
            None,
        )
        if found is None or close is None or work[close].kind != "text":
            out.append(_plain((part,))[0] if part.kind in _KEY_KINDS else part)
            index += 1
            continue
        spelled = "".join(later.text.strip() for later in work[index + 1 : close] if later.kind in _KEY_KINDS)
        if spelled.lower() != found.group(1).lower():
            out.append(part)
            index += 1
            continue
        bracket_end = re.search(r"[)）]", work[close].text)
        assert bracket_end is not None
        head, tail = work[close].text[: bracket_end.end()], work[close].text[bracket_end.end() :]
        name = part.text[found.start() :] + "".join(later.text for later in work[index + 1 : close]) + head
        before = part.text[: found.start()]
        out += [
            Inline("text", html.escape(before, quote=False), before),
            Inline("strong", f"<strong>{html.escape(name, quote=False)}</strong>", name),
        ]
        work[close] = Inline("text", html.escape(tail, quote=False), tail)  # may open the next bracket
        moved = True
        index = close
    return tuple(part for part in out if part.kind != "text" or part.text) if moved else inlines


_NEGATED_WORD = lazy_compile(r"^(\s+)([A-Za-z][a-z]{3,}(?:able|ible|ed|ful|ive))\b(?!-)")
"""The property a bold ``NOT`` denies: one adjective or participle right after it (``routable``)."""


def _negated_predicates(inlines: Inlines) -> Inlines:
    """A bold ``NOT`` over the one property it denies (``are **NOT** routable even in a LAN``) asks
    that property denied: the gap takes the word after it (``NOT routable``); the bold word alone
    is a function word, no fact."""
    out = list(inlines)
    for index in range(len(out) - 1):
        part, after = out[index], out[index + 1]
        if part.kind != "strong" or fold(part.text.strip()) not in ("not", "never") or after.kind != "text":
            continue
        word = _NEGATED_WORD.match(after.text)
        if word is None:
            continue
        gap = f"{part.text.strip()} {word.group(2)}"
        out[index] = Inline("strong", f"<strong>{html.escape(gap, quote=False)}</strong>", gap)
        rest = after.text[word.end() :]
        out[index + 1] = Inline("text", html.escape(rest, quote=False), rest)
    return tuple(out)


def _good_gaps(inlines: Inlines, context: str = "") -> tuple[Inlines, list[tuple[str, str]]]:
    """The inlines with bold phrases that make poor gaps turned plain, and (phrase, code) for each;
    ``context``: the headings the card shows, where an answer must not show. A bold exam cue gives
    its gap to the name it points at (:func:`_cue_to_answer`)."""
    inlines = _negated_predicates(_initials_to_acronyms(_cue_to_answer(command_gap(inlines))))
    keys = [index for index, part in enumerate(inlines) if part.kind in _KEY_KINDS and part.text.strip()]
    out = list(inlines)
    problems: list[tuple[str, str]] = []
    for index in keys:
        code = gap_problem(inlines[index].text) or ("gap-label" if _opening_label(inlines, index) else "")
        if not code and _inside_word(inlines, index):
            code = "gap-part-of-word"
        if not code and in_context(inlines[index].text, context):
            code = "gap-in-context"
        if code:
            out[index] = _plain((inlines[index],))[0]
            problems.append((inlines[index].text.strip(), code))
    return tuple(out), problems


def _opening_label(inlines: Inlines, index: int) -> bool:
    """Whether the bold phrase at ``index`` is the label that opens its line: nothing but markup
    before it, and its colon right at its end or right after it (``**Example:** Using …``,
    ``<mark>**Example:**</mark> …``, ``- **Real-world example:** …``). The label names what the rest
    of the line is (an example, a note), it is no fact of the line: a gap on it asks nothing."""
    before = inlines[:index]
    if any(part.kind not in ("html", "text") or part.text.strip() for part in before):
        return False
    phrase = inlines[index].text.strip()
    if not phrase.endswith((":", "：")):
        after = next((part for part in inlines[index + 1 :] if part.kind != "html"), None)
        if after is None or after.kind != "text" or not after.text.lstrip().startswith((":", "：")):
            return False
    # a label word (``Example``, ``Real-world example``, ``Note``), never a name: a bold name before
    # its colon (``**S3 One Zone-IA**: …``) is the term the line explains, a fair gap
    label = fold(phrase.rstrip(":： "))
    return is_label(label) or label.endswith("example") or label in META_LABELS


MAX_CLOZE_TEXT_CHARS = 160
"""A cloze text longer than this keeps only its sentences that hold a gap (the whole paragraph
moves to Details): three sentences to read for one gap bury the question."""
_SENTENCE_END = lazy_compile(r"(?<=[。！？])|(?<=[.!?]\s)(?=[A-Z])")


def split_sentences(inlines: Inlines, sentence_end: Pattern = _SENTENCE_END) -> list[list[Inline]]:
    """The inlines cut into sentences where ``sentence_end`` matches inside text parts (by default
    at ``。！？`` and at ``. `` before a capital)."""
    sentences: list[list[Inline]] = [[]]
    for part in inlines:
        if part.kind != "text":
            sentences[-1].append(part)
            continue
        for index, piece in enumerate(sentence_end.split(part.text)):
            if index:
                sentences.append([])
            if piece:
                sentences[-1].append(Inline("text", html.escape(piece, quote=False), piece))
    return [sentence for sentence in sentences if sentence]


@dataclass(frozen=True, slots=True)
class LineSentence:
    """A sentence of a line no card starts on (see :func:`unasked_sentences`)."""

    line: int
    """The line it is on, in the file."""
    parts: tuple[Inline, ...]
    """Its inlines, without line breaks."""
    index: int
    """Its place among the sentences of its line."""
    line_sentences: tuple[tuple[Inline, ...], ...]
    """Every sentence of its line (as :func:`split_sentences` cuts them), for the ones around it."""


def unasked_sentences(
    inlines: Inlines, first_line: int, asked: Collection[int], sentence_end: Pattern = _SENTENCE_END
) -> Iterator[LineSentence]:
    """Each sentence of a block's lines (the block's text starting at ``first_line``), in order,
    except those on a line in ``asked`` (a line another card starts on is that card's): the one
    walk of the sentence cloze extractors (conditions, contrasts, objects, provided tokens, list
    names)."""
    for offset, line in enumerate(split_lines(inlines)):
        if first_line + offset in asked:
            continue
        sentences = tuple(tuple(sentence) for sentence in split_sentences(line, sentence_end))
        for index, sentence in enumerate(sentences):
            yield LineSentence(
                first_line + offset, tuple(part for part in sentence if part.kind != "br"), index, sentences
            )


def _gap_sentences(inlines: Inlines) -> tuple[list[Inlines], Inlines] | None:
    """When the text is long (:data:`MAX_CLOZE_TEXT_CHARS`): the texts to ask, and the sentences
    left out of them (for Details); else None (the text stays whole). The sentences from the first
    to the last that hold a key phrase are asked together, unless that still runs past
    :data:`~ankigen.extract.vocabulary.MAX_CLOZE_CHARS` or holds more than
    :data:`~ankigen.extract.vocabulary.MAX_PROSE_CLOZE_GAPS` gaps: then each sentence holding a key
    phrase is a cloze of its own (a card is one question, not a paragraph with four gaps)."""
    if len("".join(part.text for part in inlines)) <= MAX_CLOZE_TEXT_CHARS:
        return None
    sentences = [tuple(sentence) for sentence in split_sentences(inlines)]
    with_gap = [index for index, sentence in enumerate(sentences) if key_phrase_count(sentence)]
    if len(sentences) < 2 or not with_gap:
        return None
    kept = sentences[with_gap[0] : with_gap[-1] + 1]
    joined = tuple(part for sentence in kept for part in sentence)
    if len(with_gap) > 1 and (
        len("".join(part.text for part in joined)) > MAX_CLOZE_CHARS or key_phrase_count(joined) > MAX_PROSE_CLOZE_GAPS
    ):
        asked = [sentences[index] for index in with_gap]
        left = tuple(part for index, sentence in enumerate(sentences) if index not in with_gap for part in sentence)
        return asked, left
    if len(kept) == len(sentences):
        return None
    left = tuple(part for sentence in sentences if sentence not in kept for part in sentence)
    return [joined], left


_GAP_MESSAGES = {
    "gap-label": "the bold {phrase!r} is the label that opens the line (what the rest of it is: an example, "
    "a note), not a fact in it, so a gap on it asks nothing; the line gets no cloze for it",
    "gap-function-word": "the bold {phrase!r} only stresses the sentence (a function word such as NOT or only): a "
    "gap on it would ask yes or no, not the fact",
    "gap-too-long": "the key phrase {phrase!r} (bold, or the name the cloze would hide) is a whole clause or too "
    "long to recall; bold its key word",
    "gap-part-of-word": "the bold {phrase!r} are parts of words (the letters that spell an acronym): the rest "
    "of the word gives it away, so it is no gap; bold the whole word to ask it",
    "gap-in-context": "the key phrase {phrase!r} (bold, or the name the cloze would hide) shows in the card's "
    "headings, so hiding it asks nothing; the sentence gets no cloze for it",
}


def _emit(
    context: ExtractContext,
    document: Document,
    section: Section,
    span: Span,
    inlines: Inlines,
    topic: str = "",
    source: object | None = None,
    details: str = "",
    qualify: bool = False,
) -> None:
    """``qualify``: a statement that names no subject (:func:`names_no_subject`) is asked as
    ``Heading › statement``, the way other fronts name their topic; with no heading to name, it
    gets no cloze and an explain line (``cloze-no-subject``)."""
    headings = (document_topic(document), *(title for title in section.path if title), topic)
    inlines, problems = _good_gaps(inlines, " › ".join(headings))
    letters = [phrase for phrase, code in problems if code == "gap-part-of-word"]
    if letters:  # the initials of one expansion are one explain line, not one per letter
        joined = " ".join(letters)
        context.skip(
            span, joined, _GAP_MESSAGES["gap-part-of-word"].format(phrase=joined[:60]), code="gap-part-of-word"
        )
    other_gaps = key_phrase_count(inlines) > 0
    for phrase, code in problems:
        if code == "gap-function-word":
            # the fact stays cardable: say what becomes of the sentence, not that it holds nothing
            outcome = (
                "; the cloze asks the sentence's other key phrases"
                if other_gaps
                else "; the sentence has no other key phrase marked, so it gets no cloze: bold its key phrase "
                "(what it says is or is not so) for one"
            )
            context.skip(span, phrase, _GAP_MESSAGES[code].format(phrase=phrase[:60]) + outcome, code=code)
        elif code != "gap-part-of-word":
            context.skip(span, phrase, _GAP_MESSAGES[code].format(phrase=phrase[:60]), code=code)
    if not key_phrase_count(inlines):
        return
    key_count = key_phrase_count(inlines)
    if key_count > MAX_CLOZES:
        context.warn(
            span,
            f"{key_count} bold phrases in one paragraph; only the first {MAX_CLOZES} became clozes. "
            "Split the paragraph or bold fewer phrases",
        )
    shortened = _gap_sentences(inlines)
    asked = [inlines]
    if shortened is not None:
        # the sentences left off the card are read in its Details (not the whole paragraph again:
        # Details that repeat the front are clutter)
        asked, left = shortened
        details = inline_html(_plain(left)).strip() + details
    if shortened is not None:
        asked = [_named_subject(part, inlines) for part in asked]
    for part in asked:
        fields: dict[str, str] = {"Details": details} if details else {}
        text, answers = cloze_text(part)
        shown = hide_aliases(hide_repeats(text, answers, gap_numbers(answers)))
        subject = ""
        if qualify and not topic and names_no_subject(part):
            subject = _subject_heading(section, inline_text(part))
            if (not section.level or not section.title.strip()) and _NO_SUBJECT_OPENING.match(inline_text(part)):
                context.skip(
                    span,
                    inline_text(part).strip(),
                    "the sentence names no subject (it opens on a pronoun, on its predicate or is a bare phrase) "
                    "and no heading above it says what it is about, so a cloze of it cannot be answered; "
                    "write its subject in it",
                    code="cloze-no-subject",
                )
                continue
        fields["Text"] = _without_lead_in_tail(shown)
        cut = shown[len(fields["Text"]) - 1 :].strip(" ,.")
        if fields["Text"] != shown and len(cut) > 1:
            context.skip(
                span,
                html.unescape(cut),
                f"the last clause '{html.unescape(cut)[:60]}' only leads in to a list or code the cloze does not "
                "show; left off the cloze",
                code="dangling-fragment",
            )
        if subject:
            fields["Text"] = html.escape(subject, quote=False) + " › " + fields["Text"]
        if topic:
            crumbs = [title for title in section.path if title]
            from .tags import breadcrumb

            fields["Context"] = breadcrumb((*crumbs, topic))
        context.emit(
            NoteKind.CLOZE,
            cloze_key(answers),
            span,
            fields,
            section=section,
            source=source,
        )


_LEAD_IN_TAIL = lazy_compile(r"(?P<tail>,?\s+and\s+(?:(?!\band\b)[^{}<>])*)?\s*[:：]\s*$")
_OPEN_ENDING = lazy_compile(
    r"\b(?:for|of|to|as|by|with|from|in|on|into|like|include|includes|including|are|is)\s*[:：]\s*$"
)


def _without_lead_in_tail(text: str) -> str:
    """A cloze sentence that ends on a colon leading in to a list the card does not show (``… level
    and helps mitigate 3 major types of attacks:``, ``… is often split into two sublayers:``): a last
    ``and …:`` clause after the gaps is left off, else the colon becomes a full stop; a lead-in that
    ends open (``… is responsible for:``) with no ``and`` to cut stays as it is."""
    if "\n" in text or "<br" in text:
        return text  # the list follows on the card itself
    last_gap = text.rfind("}}")
    found = _LEAD_IN_TAIL.search(text, max(last_gap, 0))
    if last_gap < 0 or found is None:
        return text
    if found.group("tail"):
        return text[: found.start()].rstrip(" ,") + "."
    if _OPEN_ENDING.search(text, last_gap):
        return text
    return text[: found.start()].rstrip() + "."


# ``The OSI model is a …``, ``AWS Shield is a …``: a sentence that says what its subject is
_SUBJECT_IS = lazy_compile(
    r"^\s*(?P<subject>[A-Z][^,;:.!?()（）]{0,40}?(?:\([^()]{1,30}\)[^,;:.!?()]{0,30}?)?)"
    r"\s+(?P<verb>is|are)\s+(?:a|an|the|(?<=are\s)[a-z]+)\s"
)
_OPENING_PRONOUN = lazy_compile(r"^(?P<word>It|They)\s+(?=[a-z])")
_PRONOUN_VERB = {"It": "is", "They": "are"}


def _named_subject(part: Inlines, inlines: Inlines) -> Inlines:
    """A sentence asked apart from its paragraph that opens with ``It``/``They`` right after a
    sentence saying what its subject is (``**AWS Shield** is a managed … service. It applies
    protection at the **VPC** or …``): the pronoun gives way to that subject, so the card names what
    it is about (the sentence before moves to Details). Any other sentence is returned as it is."""
    from .pointer_clozes import _EMPTY_IT  # pointer_clozes imports this module

    first = part[0] if part else None
    if first is None or first.kind != "text":
        return part
    pronoun = _OPENING_PRONOUN.match(first.text)
    if pronoun is None or _EMPTY_IT.match(first.text):
        return part
    sentences = [tuple(sentence) for sentence in split_sentences(inlines)]
    at = sentences.index(part) if part in sentences else -1
    if at < 1:
        return part
    before = " ".join("".join(piece.text for piece in sentences[at - 1]).split())
    said = _SUBJECT_IS.match(before)
    if said is None or said.group("verb") != _PRONOUN_VERB[pronoun.group("word")]:
        return part
    subject = said.group("subject")
    if subject.split()[0] in _PRONOUN_VERB or len(subject.split()) > 8:
        return part
    text = subject + " " + first.text[pronoun.end() :]
    return (Inline("text", html.escape(text, quote=False), text), *part[1:])


# a statement that opens on a pronoun (``It is a …``, ``They have …``) or on its predicate
# (``Can be used for …``, ``Based on …``) says nothing of what it is about
_NO_SUBJECT_OPENING = lazy_compile(
    r"^\s*(?:It|It's|Its|They|They're|Their|This|These|Are|Is|Can|Cannot|Can't|Could|Has|Have|Must|Should|"
    r"May|Will|Works|Used|Based|Built|Integrated|Designed|Known|Supports|Allows|Provides)\b(?!\s*[:：])"
)
# a word that can make a clause of a fragment (a copula, auxiliary or modal): without one, a line
# such as ``**Serverless** database.`` or ``**Multi AZ** for high availability.`` is a bare noun phrase
_FINITE_WORD = lazy_compile(
    r"\b(?:is|are|was|were|be|been|being|am|can|cannot|could|will|would|shall|should|may|might|must|has|have|"
    r"had|does|do|did|isn't|aren't|doesn't|don't|won't|can't)\b",
    re.IGNORECASE,
)
# ``It is possible to …``, ``It is best to …``: an empty ``It``, the subject comes after it
_EMPTY_IT_IS = lazy_compile(
    r"^\s*It\s+(?:is|was|'s|can\s+be|may\s+be)\s+(?:not\s+)?(?:possible|impossible|important|necessary|"
    r"recommended|advisable|best|better|easy|easier|hard|harder|difficult|common|useful|worth|good|wise|likely|"
    r"unlikely|true|clear)\b"
)
_NAME_THEN_VERB = lazy_compile(r"^\s*\S+\s+[a-z]+[^s\W]s\b")
# ``**Pod** = wrapper …``, ``**Confidentiality** → keep …``: the key phrase is the term the line defines
_DEFINED_BY = lazy_compile(r"^\s*(?:=|→|->|:|：|–|—|-\s)")
_VERB_AFTER_NAME = lazy_compile(r"^\s*[a-z]+[^s\W]s\b")
_BRACKETS = lazy_compile(r"[(（][^()（）]*[)）]")
# a key phrase ending on a plural noun (``Pods``, ``Over-privileged accounts``; not ``Access``, ``Status``)
_PLURAL_NAME = lazy_compile(r"[A-Za-z][a-z]*[^su\W]s$")
# the base-form verb after it (``run``, ``increase``): a lower-case word that is no preposition,
# article or conjunction (``for``, ``with``, ``per``), and no participle or adverb (``used``, ``running``)
_PLURAL_VERB = lazy_compile(
    r"^\s+(?!(?:for|with|per|in|on|at|of|to|from|by|via|and|or|as|across|over|under|into|through|without|within|"
    r"between|than|vs|like|plus|only|also|the|a|an|each|all|both|such|more|less|that|which|who|when|where|if|"
    r"not|no|off|up|out|down|about|after|before|during|since|until|upon|against|among|every|any|some|many|"
    r"most|few|several|once|twice|here|there|now|then|again|too|very|much|"
    r"kept|built|made|done|given|taken|written|known|shown|seen|sent|held|found|paid|sold|left|lost|meant|"
    r"chosen|hidden|frozen|broken|stolen|grown|drawn|driven)\b)"
    r"[a-z]{2,}(?<!ed)(?<!ing)(?<!ly)(?<!s)\b"
)
_LOWER_OPENING = lazy_compile(r"^\s*(?!(?:there|we|you|i|one|each|every|all|both|most|some)\b)[a-z]")


def names_no_subject(inlines: Inlines) -> bool:
    """Whether a Latin statement names no subject of its own: it opens on a pronoun or on its
    predicate (:data:`_NO_SUBJECT_OPENING`), goes on in lower case from a line before
    (``focus on …``, ``reduce loads …``), or opens on a key phrase that is a bare noun phrase with no
    verb at all (``**Serverless** database.``). Such a cloze cannot be answered from its own words."""
    text = inline_text(inlines).strip()
    if not text or has_cjk(text) or "\n" in text:
        return False
    if _NO_SUBJECT_OPENING.match(text):
        return _EMPTY_IT_IS.match(text) is None  # ``It is possible to …`` says its own subject after it
    if _LOWER_OPENING.match(text):
        # ``chmod supports …``, ``kubectl runs …``: a lower-case name and its verb do name a subject
        return _NAME_THEN_VERB.match(text) is None
    first = next((part for part in inlines if part.kind != "text" or part.text.strip()), None)
    if first is None or first.kind not in _KEY_KINDS or _FINITE_WORD.search(text):
        return False
    # ``**ALB** (Application Load Balancer)``: a name and its other name is no statement to qualify
    rest = "".join(part.text for part in inlines if part is not first)
    if _VERB_AFTER_NAME.match(rest) or _DEFINED_BY.match(rest):
        return False  # ``**Result pinning** keeps …``: the key phrase is the subject of its verb
    if _PLURAL_NAME.search(inline_text((first,)).strip()) and _PLURAL_VERB.match(rest):
        return False  # ``**Over-privileged accounts** increase …``: a plural subject and its verb
    return bool(_BRACKETS.sub("", rest).strip(" .,;:-–—"))


# A heading that only names a kind of section (``Final Summary``, ``Module Overview``, ``まとめ``,
# ``SAA試験頻出ポイント``): it says where a statement stands in the notes, not what it is about.
_SECTION_KIND = lazy_compile(
    r"^(?:(?:final|module|chapter|lesson|section|quick|short|brief|overall|general|exam|key|course)\s+)?"
    r"(?:summary|overview|recap|review|takeaways|key points|conclusions?|wrap-?up|tl;dr)$"
    r"|^[a-z0-9-]{0,12}(?:試験)?(?:頻出)?(?:ポイント|まとめ|要点|総まとめ)$",
    re.IGNORECASE,
)


def _section_kind(title: str) -> bool:
    return bool(_SECTION_KIND.match(title)) or is_group_heading(title)


def _subject_heading(section: Section, text: str) -> str:
    """The title of the heading a subject-less statement is about, or '' when it already shows in
    the text (or there is no heading). A heading that only names a kind of section (``Final
    Summary``, ``まとめ``) is passed over for the one above it."""
    titles = [" ".join(clean_term(title).split()) for title in section.path] if section.level else []
    while titles and _section_kind(titles[-1]):
        titles.pop()
    title = titles[-1] if titles else ""
    if not title or _contains(text, title) or len(title.split()) > MAX_SUBJECT_WORDS:
        return ""  # a long title (``DAY 5: 2/3 - Deployment PART ONE``) is a chapter, not a subject
    return title


emit_cloze = _emit
"""One cloze note of a sentence whose key phrases are ``strong`` inlines, with the checks every
cloze gets (gaps that are clauses or show in the headings stay plain, repeats and other names
hidden); for extractors that choose the key phrases themselves (extract/contrast_clozes.py).
``details``: the HTML of the rest of the line, shown under the card (extract/object_clozes.py)."""


@register("explicit-clozes", order=10)
def extract_explicit_clozes(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        for owner, span, inlines, _topic, _nested in _candidates(section.blocks):
            if context.claimed(owner):
                continue
            html_text = inline_html(inlines)
            answers = explicit_answers(html_text)
            if not answers:
                continue
            context.emit(
                NoteKind.CLOZE,
                cloze_key(answers),
                span,
                {"Text": html_text},
                section=section,
                source=owner,
            )
            context.claim(owner)


@register("clozes", order=90)
def extract_clozes(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        for owner, span, inlines, topic, nested in _candidates(section.blocks):
            if context.claimed_for_cloze(owner):
                continue
            if isinstance(owner, ListItem) and topic:
                label = topic_label(owner)
                inlines = label[1] if label is not None else inlines
            else:
                inlines = _without_term(_without_meta_label(inlines))
            if not _worth_a_cloze(inlines):
                continue
            if isinstance(owner, Paragraph) and len(split_lines(inlines)) > 1:
                # one cloze per line of a multi-line paragraph: each line is its own statement (a
                # line that ends on a comma goes on with the next: one sentence wrapped over two)
                for offset, last, line in _wrapped_lines(split_lines(inlines)):
                    line = _without_term(line)
                    if _worth_a_cloze(line):
                        _emit(
                            context,
                            document,
                            section,
                            span.at(span.line + offset, span.line + last),
                            line,
                            topic,
                            owner,
                            qualify=not nested,
                        )
            else:
                _emit(context, document, section, span, inlines, topic, owner, qualify=not nested)
            context.claim(owner)


_GOES_ON = lazy_compile(r"[、，,]\s*$")
# an English sentence hard-wrapped mid-clause: the line stops with no end mark and the next line
# opens on a lowercase word that is not a label (``…Perspectives focus on`` / ``**business** capabilities``)
_OPEN_END = lazy_compile(r"[A-Za-z0-9*_`]\s*$")
_OPEN_WORD = lazy_compile(r"[a-z]\s*$")
_GOES_ON_LOWER = lazy_compile(r"^\s*[a-z][a-z-]*(?![a-z-]*\s*[:=(])(?:[\s,;]|$)")


def _wrapped_lines(lines: list[Inlines]) -> list[tuple[int, int, Inlines]]:
    """The paragraph's lines as statements: (first line offset, last line offset, inlines). A line
    that ends on a comma (``…が異なるため、`` then ``結果的に…``) is a sentence wrapped at a line
    break, not a statement of its own: a cloze of it alone would end mid-sentence, its consequence
    lost, so it is joined to the line after it. So is an English line that stops with no end mark when
    the next one opens on a lowercase word (``…Perspectives focus on`` / ``technical capabilities``)."""
    joined: list[tuple[int, int, Inlines]] = []
    for offset, line in enumerate(lines):
        if joined and _wraps_into(joined[-1][2], line):
            first, _, head = joined[-1]
            space = () if has_cjk(inline_text(head)[-1:]) else (Inline("text", " ", " "),)
            joined[-1] = (first, offset, (*head, *space, *line))
            continue
        joined.append((offset, offset, line))
    return joined


def _wraps_into(head: Inlines, line: Inlines) -> bool:
    """Whether ``line`` goes on with the sentence that ``head`` leaves open. Past a comma, always; past
    no end mark, when the line opens on a lowercase word and carries a key phrase of its own (a line
    with none, ``set system services ssh``, may be a command written under its remark)."""
    head_text, text = inline_text(head), inline_text(line)
    if not text.strip():
        return False
    if _GOES_ON.search(head_text):
        return True
    if not _OPEN_END.search(head_text) or not _GOES_ON_LOWER.match(text):
        return False
    if not any(part.kind in ("strong", "mark") for part in line):
        return False
    # a line that opens on its key phrase (``**scheduler** monitors…``) may be a statement of its own:
    # joined only after a plain lowercase word left hanging (``…Perspectives focus on``)
    opens_on_key = next((part.kind for part in line if part.kind != "text" or part.text.strip()), "") != "text"
    return not opens_on_key or (head[-1].kind == "text" and bool(_OPEN_WORD.search(head_text)))


def _without_meta_label(inlines: Inlines) -> Inlines:
    """The inlines without an opening bold label that only names the kind of remark (``**Context:**``,
    :data:`~ankigen.extract.vocabulary.META_LABELS`) and its colon."""
    if len(inlines) < 2 or inlines[0].kind != "strong":
        return inlines
    label = inlines[0].text.strip()
    rest = list(inlines[1:])
    if not label.endswith((":", "：")):
        if rest[0].kind != "text" or not rest[0].text.lstrip().startswith((":", "：")):
            return inlines
        text = rest[0].text.lstrip()[1:].lstrip()
        rest[0] = Inline("text", html.escape(text, quote=False), text)
    if fold(label.rstrip(":： ")) not in META_LABELS:
        return inlines
    if rest and rest[0].kind == "text":
        text = rest[0].text.lstrip()
        rest[0] = Inline("text", html.escape(text, quote=False), text)
    return tuple(part for part in rest if part.kind != "text" or part.text)


def _boxed(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """The blocks, and those in a callout box (``> [!tip]``, ``::: tip``, ``!!! tip``) at their
    place: a box holds the author's own notes set off, read as anywhere else. A plain quote (or a
    ``quote`` / ``cite`` box) holds someone else's words and is not read for clozes."""
    for block in blocks:
        if isinstance(block, Quote) and block.callout and block.callout not in QUOTED_CALLOUTS:
            yield from _boxed(block.children)
        else:
            yield block


def _candidates(blocks: tuple[Block, ...]) -> list[tuple[object, Span, Inlines, str, bool]]:
    """Paragraphs and list items, with the topic term when the item is a labelled part of a topic,
    and whether the item is nested under another (whose text, not the heading, names its subject)."""
    found: list[tuple[object, Span, Inlines, str, bool]] = []
    for block in _boxed(blocks):
        if isinstance(block, Paragraph):
            found.append((block, block.span, block.inlines, "", False))
    for item, parent in iter_items(blocks):
        topic = clean_term(parent.text) if parent is not None and topic_label(item) is not None else ""
        found.append((item, item.span, item.inlines, topic, parent is not None))
        for child in item.children:
            if isinstance(child, Paragraph):
                found.append((child, child.span, child.inlines, "", parent is not None))
    return found


__all__ = [
    "MAX_CLOZES",
    "cloze_key",
    "cloze_text",
    "emit_cloze",
    "explicit_answers",
    "gap_numbers",
    "gap_problem",
    "hide_aliases",
    "hide_repeats",
    "key_phrase_count",
    "unasked_sentences",
]
