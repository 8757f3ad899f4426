"""The words by which a sentence leans on what came before live in one place (extract/vocabulary.py):
every extractor that drops such a sentence reads the same base, and adds its own words beside it."""

from __future__ import annotations

import pytest

from ankigen.extract import vocabulary as v
from ankigen.patterns import LazyPattern

# every use, and whether its base words count anywhere in the text or only at its start
_JA_ANYWHERE = [
    v.LEANS_LIST_NAME_JA,
    v.LEANS_CONDITION_JA,
    v.LEANS_TOKEN_JA,
    v.LEANS_SUBJECT_SENTENCE,
    v.LEANS_COMMAND_LEAD_JA,
]
_JA_OPENING = [v.LEANS_CONTRAST_JA, v.LEANS_NAMED_TERM, v.LEANS_DETAIL_FACT]
# uses that read the backward half of the base anywhere, not the words pointing ahead
_JA_BACK_ANYWHERE = [v.LEANS_TOOL_USE_JA]
_EN_OPENING = [
    v.LEANS_TOKEN_EN,
    v.LEANS_NAMED_TERM,
    v.LEANS_DETAIL_FACT,
    v.LEANS_SUBJECT_SENTENCE,
    v.LEANS_COMMAND_COMMENT,
]


@pytest.mark.parametrize("pattern", _JA_ANYWHERE + _JA_OPENING + _JA_BACK_ANYWHERE)
@pytest.mark.parametrize("word", v.LEANS_BACK_JA)
def test_every_japanese_use_reads_the_base_words_at_a_sentence_start(pattern: LazyPattern, word: str) -> None:
    assert pattern.search(f"{word}設定はキャッシュを無効にする")


@pytest.mark.parametrize("pattern", _JA_ANYWHERE)
@pytest.mark.parametrize("word", v.LEANS_ON_BEFORE_JA)
def test_the_uses_that_look_inside_a_sentence_read_every_base_word_there(pattern: LazyPattern, word: str) -> None:
    assert pattern.search(f"キャッシュは{word}設定で無効になる")


@pytest.mark.parametrize("pattern", _JA_ANYWHERE + _JA_BACK_ANYWHERE)
@pytest.mark.parametrize("word", v.LEANS_BACK_JA)
def test_the_uses_that_look_inside_a_sentence_read_every_backward_word_there(pattern: LazyPattern, word: str) -> None:
    assert pattern.search(f"キャッシュは{word}設定で無効になる")


@pytest.mark.parametrize("pattern", _EN_OPENING)
@pytest.mark.parametrize("word", v.LEANS_BACK_EN)
def test_every_english_use_reads_the_base_pronouns_at_a_sentence_start(pattern: LazyPattern, word: str) -> None:
    assert pattern.search(f"{word.capitalize()} keeps the cache warm")


@pytest.mark.parametrize("pattern", _JA_ANYWHERE + _JA_OPENING + _JA_BACK_ANYWHERE)
def test_sorezore_each_points_at_nothing(pattern: LazyPattern) -> None:
    assert not pattern.search("それぞれ独立したキューを持つ")
    assert not pattern.search("読み手はそれぞれ自分の位置を覚える")


@pytest.mark.parametrize("pattern", [*_EN_OPENING, v.LEANS_NAMED_SUBJECT_EN])
def test_english_words_lean_only_as_whole_words(pattern: LazyPattern) -> None:
    assert not pattern.search("Thistle items sort by item count")


def test_an_opening_word_leans_only_at_the_start() -> None:
    assert v.LEANS_TOKEN_JA.search("つまり、キャッシュは無効になる")
    assert not v.LEANS_TOKEN_JA.search("キャッシュは、つまり無効になる")
    assert v.LEANS_TOKEN_EN.search("However the cache stays warm")
    assert not v.LEANS_TOKEN_EN.search("The cache stays warm however long it runs")


@pytest.mark.parametrize("mark", v.EXAMPLE_MARKS)
def test_every_example_mark_opens_an_example_and_marks_one_anywhere(mark: str) -> None:
    assert v.EXAMPLE_OPENING.match(f"{mark} S3 のバケット")
    assert v.EXAMPLE_SENTENCE.search(f"静的ファイルを置く。{mark} S3 のバケット")


def test_a_latin_example_mark_is_a_whole_word() -> None:
    assert v.EXAMPLE_SENTENCE.search("Shard rows, e.g. by user id")
    assert v.EXAMPLE_SENTENCE.search("Shard rows (i.e. split them) by user id")
    assert not v.EXAMPLE_SENTENCE.search("The gateway forwards frames")


@pytest.mark.parametrize("word", v.LEANING_REFERENCES_JA)
def test_a_command_comment_leans_on_a_word_standing_for_what_was_said_not_on_a_determiner(word: str) -> None:
    assert v.LEANS_COMMAND_COMMENT.search(f"{word}を削除する")
    assert not v.LEANS_COMMAND_COMMENT.search("このファイルを削除する")
    assert not v.LEANS_COMMAND_COMMENT.search("それぞれのファイルを削除する")


@pytest.mark.parametrize("word", (*v.EXAMPLE_MARKS, *v.LEANING_OPENERS_JA, *v.ASIDE_OPENERS_JA))
def test_a_list_item_opening_on_an_example_mark_an_opener_or_an_aside_leans(word: str) -> None:
    assert v.LEANING_ITEM.match(f"{word} キャッシュは無効になる")
    assert not v.LEANING_ITEM.match(f"キャッシュは{word}無効になる")
    assert not v.LEANING_ITEM.match("それぞれのキャッシュは無効になる")
