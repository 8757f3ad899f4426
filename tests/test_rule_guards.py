"""Cheap guards in front of quality rules (issue 14's cold build, speed only): each answers exactly as
the rule it guards, on crafted texts and on every line of the case files; no card may change."""

from __future__ import annotations

from pathlib import Path

from markdown_it.token import Token

from ankigen.extract import run_extractors
from ankigen.extract.common import iter_items
from ankigen.extract.outline import scenario_givens
from ankigen.extract.selection import _LAB_STEP_JA, _lab_step_ja
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
