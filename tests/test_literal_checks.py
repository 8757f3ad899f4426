"""Checks that once compiled a pattern for every term, name or text they were asked about (issue 14's
cold build: a real note file compiled about two thousand patterns, each used once, a tenth of its
per-file work) answer as those patterns do."""

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
