"""Cheap guards in front of quality rules (issue 14's cold build, speed only): each answers exactly as
the rule it guards, on crafted texts and on every line of the case files; no card may change."""

from __future__ import annotations

from pathlib import Path

from ankigen.extract import run_extractors
from ankigen.extract.common import iter_items
from ankigen.extract.outline import scenario_givens
from ankigen.extract.selection import _LAB_STEP_JA, _lab_step_ja
from ankigen.pipeline import parse_text

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
