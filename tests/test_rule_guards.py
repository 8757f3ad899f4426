"""Cheap guards in front of quality rules (issue 14's cold build, speed only): each answers exactly as
the rule it guards, on crafted texts and on every line of the case files; no card may change."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.token import Token

from ankigen.extract import ExtractContext, contrast_clozes, prose_gaps, prose_gaps_en, run_extractors, token_clozes
from ankigen.extract.aspects import _ASIDE, _glosses
from ankigen.extract.common import forget_file, iter_items
from ankigen.extract.outline import scenario_givens
from ankigen.extract.selection import _LAB_STEP_JA, _lab_step_ja
from ankigen.extract.subjects import document_topic
from ankigen.pipeline import parse_text
from ankigen.render import _PLAIN_RUN_PARSER, _CjkFriendlyState, _parse_inline, _parser

CASES = Path(__file__).resolve().parent / "cases"

_CRAFTED = [
    "",
    "。",
    "ます",
    "VLANを作成します",
    "VLANを作成します。",
    "VLANを作成します.",
    "VLANを作成します。\n",
    "VLANを作成します\n",
    "VLANを作成します。。",
    "サーバに接続しました",
    "ファイルを追加しましょう。",
    "設定を確認してください。",
    "設定を確認して下さい。",
    "ポートを開放する",
    "ルールに紐づける形で設定します。",
    "VLANを作成しますが、",
]


def _lines() -> list[str]:
    lines = list(_CRAFTED)
    for case in sorted(CASES.glob("*.md")):
        for line in case.read_text(encoding="utf-8").splitlines():
            text = line.strip(" -*#>")
            lines.extend((text, text.split("。", 1)[0] + "。"))
    return list(dict.fromkeys(lines))


def test_the_lab_step_guard_answers_as_its_pattern() -> None:
    for text in _lines():
        assert _lab_step_ja(text) == (_LAB_STEP_JA.search(text) is not None), text


def test_scenario_givens_answers_the_same_with_the_walked_nodes_kept() -> None:
    asked = 0
    with_scenarios = [case for case in sorted(CASES.glob("*.md")) if "要件" in case.read_text(encoding="utf-8")]
    for case in with_scenarios[:6]:
        text = case.read_text(encoding="utf-8")
        document = parse_text(text, "sample.md")
        outline = run_extractors(document).outline
        sources: list[object] = []
        for section in document.sections:
            sources.extend(section.blocks)
            sources.extend(item for item, _ in iter_items(section.blocks))
        memo: dict[int, bool] = {}
        found = [scenario_givens(outline, source, memo) for source in sources]
        assert found == [scenario_givens(outline, source) for source in sources], case.name
        asked += sum(found)
    assert asked  # some case files hold givens


def _full_inline_parse(src: str) -> list[Token]:
    """What ``_parse_inline`` gives without its plain-run path: the whole inline parse."""
    md = _parser()
    state = _CjkFriendlyState(src, md, {}, [])
    md.inline.tokenize(state)
    for rule in md.inline.ruler2.getRules(""):
        rule(state)
    return state.tokens


def test_a_plain_run_parses_as_the_full_inline_parse() -> None:
    md = _parser()
    assert _PLAIN_RUN_PARSER[0] is md  # its first inline rule is ``text``: the path is on
    runs = [*_lines(), " padded ", "trailing space ", "全角　スペース", "tab\there", "a|b", "a/b (c)", "100%"]
    plain = 0
    for src in runs:
        if md.inline.terminator_re.search(src) is None:
            plain += 1
        fast = [token.as_dict() for token in _parse_inline(src, md, {}, [])]
        assert fast == [token.as_dict() for token in _full_inline_parse(src)], src
    assert plain > 100  # the path is taken on many of them


def test_the_gloss_guard_lets_through_every_bracket_the_aside_pattern_reads() -> None:
    # ``_glosses`` answers [] at once for a name with no ``(`` / ``（``: only those open an aside
    brackets = ["(", ")", "（", "）", "[", "]", "【", "】", "「", "」", "『", "』", "<", ">", "〈", "〉", "{", "}"]
    for text in [
        *_lines(),
        *(
            f"EFS {opening}Elastic File System{closing}"
            for opening, closing in zip(brackets[::2], brackets[1::2], strict=True)
        ),
    ]:
        if "(" not in text and "（" not in text:
            assert _ASIDE.search(text) is None, text
            assert _glosses(text) == [], text


def test_the_kept_asked_and_shown_answers_as_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # both prose-gap extractors ask it; the second gets the first's answer when the candidates are the same
    original = prose_gaps.asked_and_shown
    kept = 0

    def checked(context: ExtractContext) -> tuple[set[int], str]:
        nonlocal kept
        had = "asked-and-shown" in context.memo
        answer = original(context)
        context.memo.pop("asked-and-shown")
        assert answer == original(context)  # (read again, and kept again)
        kept += had
        return answer

    monkeypatch.setattr(prose_gaps, "asked_and_shown", checked)
    monkeypatch.setattr(prose_gaps_en, "asked_and_shown", checked)
    for case in sorted(CASES.glob("*.md"))[::4]:
        run_extractors(parse_text(case.read_text(encoding="utf-8"), "sample.md"))
    assert kept  # the kept answer was read on some case files


def test_the_sources_read_once_a_file_are_those_read_again() -> None:
    for case in sorted(CASES.glob("*.md"))[::4]:
        document = parse_text(case.read_text(encoding="utf-8"), "sample.md")
        first = (token_clozes._sources(document), contrast_clozes._sources(document), document_topic(document))
        forget_file()
        assert first == (token_clozes._sources(document), contrast_clozes._sources(document), document_topic(document))
        forget_file()
