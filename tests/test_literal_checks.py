"""Checks made cheaper for issue 14's cold build answer as they did: those that compiled a pattern for
every term, name or text they were asked about (a real note file compiled about two thousand, each
used once) answer as those patterns do, and the walks that skip what cannot change their answer
find what the full walk found."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ankigen.extract.common import find_word, is_latin_name_char, is_word_char, is_word_or_hyphen, may_open_with
from ankigen.extract.coverage import _SHOWN_PREFIX, _shown_in

_CHARS = st.sampled_from(list("ab-_ é1Ⅳ日.\n"))
_TEXT = st.text(_CHARS, max_size=14)
_WORD = st.text(_CHARS, max_size=3)


@settings(max_examples=1000, deadline=None)
@given(_TEXT, _WORD)
def test_find_word_finds_what_the_bounded_pattern_finds(text: str, word: str) -> None:
    for inside, chars in ((is_latin_name_char, r"[A-Za-z0-9_-]"), (is_word_char, r"\w"), (is_word_or_hyphen, r"[\w-]")):
        found = re.search(rf"(?<!{chars}){re.escape(word)}(?!{chars})", text)
        assert find_word(text, word, inside) == (found.start() if found else -1)
    opened = re.search(rf"(?<!\w){re.escape(word)}", text)
    assert find_word(text, word, is_word_char, after=False) == (opened.start() if opened else -1)


def test_the_character_classes_are_the_patterns_over_every_code_point() -> None:
    every = "".join(map(chr, range(0x110000)))
    for inside, chars in ((is_latin_name_char, r"[A-Za-z0-9_-]"), (is_word_char, r"\w"), (is_word_or_hyphen, r"[\w-]")):
        assert "".join(filter(inside, every)) == "".join(re.findall(chars, every))


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(list("ab\nc")), max_size=14), st.text(st.sampled_from(list("abc")), max_size=6))
def test_shown_in_is_the_pattern_of_whole_blocks(blocks: str, compact: str) -> None:
    if not compact:
        expected = False
    elif len(compact) >= _SHOWN_PREFIX:
        expected = compact[:_SHOWN_PREFIX] in blocks.replace("\n", "")
    else:
        whole = "\n?".join(map(re.escape, compact))
        expected = re.search(f"(?:^|\n){whole}(?:\n|$)", blocks) is not None
    assert _shown_in(compact, blocks) == expected


@settings(max_examples=1000, deadline=None)
@given(
    st.text(st.sampled_from(list("aA bB日 \u212a")), max_size=8),
    st.text(st.sampled_from(list("ab日\u212a")), min_size=1, max_size=4),
)
def test_may_open_with_never_refuses_a_text_the_whole_pattern_opens(text: str, name: str) -> None:
    for lead in (r"(?:(?:an?|the)\s+)?", r"(?:(?:aws|amazon)\s?)?", ""):
        for flags in (0, re.IGNORECASE):
            whole = re.match(lead + r"\s?".join(map(re.escape, name)), text, flags)
            if whole is not None:
                assert may_open_with(lead, name[0], text, flags)


def _reference_sentence_ends(fragment: str, lines: bool = False) -> tuple[int, ...]:
    """recital._sentence_ends as it was, reading every character."""
    from ankigen.extract.common import has_cjk, sentence_like
    from ankigen.extract.recital import _ABBREVIATION, _BLOCK_TAG, _TAG_NAME, _plain
    from ankigen.extract.vocabulary import MIN_SENTENCE_CHARS

    ends: list[int] = []
    open_elements = 0
    depth = 0
    index = 0
    while index < len(fragment):
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
                    ends.append(index)
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
                opens = after[:1].isupper() or (between.startswith("<br") and after[:1] and not after[:1].islower())
                if opens and spaced and not abbreviated:
                    ends.append(index + 1)
        index += 1
    return tuple(ends)


_FRAGMENT_PIECES = st.sampled_from(
    [
        "The cache",
        " holds keys.",
        " It ",
        "e.g.",
        "。",
        "ログを保存する",
        "<br>",
        "<br />",
        "<b>",
        "</b>",
        "<ul>",
        "<li>",
        "（注）",
        "(",
        ")",
        "「",
        "」",
        "! ",
        "? Yes",
        ".",
        " A",
        " b",
        "<span>",
        "</span>",
        "<",
        ">",
    ]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(_FRAGMENT_PIECES, max_size=12), st.booleans())
def test_sentence_ends_jumping_between_marks_is_the_walk_of_every_character(pieces: list[str], lines: bool) -> None:
    from ankigen.extract.recital import _sentence_ends

    fragment = "".join(pieces)
    assert _sentence_ends(fragment, lines) == _reference_sentence_ends(fragment, lines)


@settings(max_examples=1000, deadline=None)
@given(
    st.frozensets(st.text(st.sampled_from(list("データaベ")), min_size=1, max_size=3), max_size=8),
    st.text(st.sampled_from(list("データaベ ")), max_size=12),
)
def test_term_places_are_what_a_walk_of_the_whole_set_finds(terms: frozenset[str], folded: str) -> None:
    from ankigen.extract.common import has_cjk
    from ankigen.extract.contrast_clozes import _term_places

    walked = []
    for order, term in enumerate(term for term in terms if has_cjk(term)):
        start = folded.find(term)
        while start >= 0:
            walked.append((order, start, term))
            start = folded.find(term, start + 1)
    assert _term_places(folded, terms) == walked
