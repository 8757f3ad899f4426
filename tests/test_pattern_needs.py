"""``lazy_compile(..., needs=...)``: a pattern with literal texts every match holds answers a text
without them by a substring test, and must answer exactly as the pattern itself would (speed only,
issue 14's cold build; no card may change)."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

import ankigen.extract
import ankigen.pipeline
from ankigen.extract import run_extractors
from ankigen.patterns import LazyPattern, lazy_compile

CASES = Path(__file__).resolve().parent / "cases"

_CRAFTED = [
    "",
    "see https://example.com/docs",
    "Details - http://x.test",
    "<p>Lead in:</p><ul><li>one</li></ul>",
    "<ol><li>a</li></ol>",
    "高負荷 → スケールアウト",
    "retry -> backoff",
    "条件 ⇒ 結果",
    "DNSとは？",
    "これって何:",
    "リージョンごとに 1 つのみ作成できます",
    "up to 5 per account",
    "Each bucket allows only one policy",
    "他の選択肢が誤りの理由",
    "Why the other OPTIONS are wrong",
    "Remaining Choices explained",
    "incorrect answers",
    "この言葉は異なる意味を持つ",
    "It has a slightly different MEANING here",
    "It can mean several things",
    "the following:",
    "As Follows",
    "以下のとおり。",
    "次のものがある。",
    "定義です。例えば、Aがある。",
    "評価の例としては精度がある。",
    "It is fast. For example, it caches.",
    "It is fast. for example, it caches.",
    "A — B",
    "A – B",
    "A -- B",
    "well-known",
    "{{c1::gap::hint}} and }}",
    "**bold** `code` ==mark== ~~gone~~ _em_ snake_case",
    "plain text with nothing to find",
]


def _needing_patterns() -> list[LazyPattern]:
    ankigen.extract._load_builtin()
    assert ankigen.pipeline  # the modules that define the patterns are loaded
    return [found for found in gc.get_objects() if isinstance(found, LazyPattern) and found._needs]


def _texts() -> list[str]:
    texts = list(_CRAFTED)
    for case in sorted(CASES.glob("*.md")):
        lines = case.read_text(encoding="utf-8").splitlines()
        texts.extend(lines)
        texts.extend(" ".join(lines[index : index + 3]) for index in range(0, len(lines), 3))
    return list(dict.fromkeys(texts))[:1500]


def test_patterns_with_needs_answer_as_the_pattern_itself_does() -> None:
    patterns = _needing_patterns()
    assert len(patterns) >= 10
    texts = _texts()
    for lazy in patterns:
        plain = re.compile(lazy.pattern, lazy.flags)
        for text in texts:
            found, expected = lazy.search(text), plain.search(text)
            assert (found and found.span()) == (expected and expected.span()), (lazy.pattern, text)
            matched, expected = lazy.match(text), plain.match(text)
            assert (matched and matched.span()) == (expected and expected.span()), (lazy.pattern, text)
            assert lazy.findall(text) == plain.findall(text), (lazy.pattern, text)
            assert lazy.sub("\x00", text) == plain.sub("\x00", text), (lazy.pattern, text)
            assert lazy.subn("\x00", text) == plain.subn("\x00", text), (lazy.pattern, text)
            assert lazy.split(text) == plain.split(text), (lazy.pattern, text)
            assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_pattern_with_needs_skips_a_text_without_them_and_keeps_its_arguments() -> None:
    pattern = lazy_compile(r"https?://\S+", needs=("http",))
    assert pattern.search("no address here") is None
    assert pattern.findall("no address here") == []
    assert pattern.split("no address here") == ["no address here"]
    assert pattern.sub("<url>", "a http://x b", count=1) == "a <url> b"
    assert pattern.search("a http://x", 2) is not None
    assert pattern.subn("", "nothing") == ("nothing", 0)
    assert list(pattern.finditer("nothing")) == []
    folded = lazy_compile(r"\bfollowing\b", re.IGNORECASE, needs=("follow",))
    assert folded.search("The FOLLOWING items") is not None


@pytest.mark.parametrize("needle", ["Follow", "list", "tasks", "kind", ""])
def test_an_ignorecase_needle_must_be_lower_case_without_letters_that_fold_specially(needle: str) -> None:
    with pytest.raises(ValueError):
        lazy_compile(r"x", re.IGNORECASE, needs=(needle,))


def test_a_file_s_notes_do_not_depend_on_the_needs() -> None:
    # every case file's notes, the same with each guarded pattern running unguarded
    from ankigen.pipeline import parse_text

    texts = [case.read_text(encoding="utf-8") for case in sorted(CASES.glob("*.md"))[:6]]
    guarded = [run_extractors(parse_text(text, "sample.md")).notes for text in texts]
    patterns = _needing_patterns()
    try:
        for lazy in patterns:
            compiled = lazy.compiled()
            for name in ("search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"):
                setattr(lazy, name, getattr(compiled, name))
        plain = [run_extractors(parse_text(text, "sample.md")).notes for text in texts]
    finally:
        for lazy in patterns:
            lazy._compiled = None
            lazy.compiled()  # guarded again
    assert guarded == plain
