"""What the per-file stage remembers between calls (issue 14's cold build: the same walk and the same
checks asked again by many extractors) must answer exactly as a fresh call would, and hand every
caller a list of its own: a caller that changes the list it got cannot change the next answer."""

from __future__ import annotations

from ankigen.extract.common import iter_items
from ankigen.extract.inline_names import enumerated_names
from ankigen.extract.recital import _line_items, recited_items
from ankigen.model import Block, ListBlock, ListItem, Quote
from ankigen.pipeline import parse_text

_NOTES = """# Networks

- Layers
  - Physical
  - Data link
    - Frames
- Protocols

> - Quoted item
>   - Nested under the quote

Some text.

1. First step
2. Second step
"""


def _fresh_walk(blocks: tuple[Block, ...]) -> list[tuple[ListItem, ListItem | None]]:
    found: list[tuple[ListItem, ListItem | None]] = []

    def walk(block: Block, parent: ListItem | None) -> None:
        if isinstance(block, ListBlock):
            for item in block.items:
                found.append((item, parent))
                for child in item.children:
                    walk(child, item)
        elif isinstance(block, Quote):
            for child in block.children:
                walk(child, parent)

    for block in blocks:
        walk(block, None)
    return found


def test_iter_items_remembered_walk_is_the_fresh_walk() -> None:
    document = parse_text(_NOTES, "memo.md")
    walked = 0
    for section in document.sections:
        expected = _fresh_walk(section.blocks)
        first = list(iter_items(section.blocks))
        second = list(iter_items(section.blocks))
        assert first == second == expected
        assert all(a[0] is b[0] and a[1] is b[1] for a, b in zip(first, expected, strict=True))
        walked += len(first)
    assert walked == 9


def test_iter_items_tells_equal_blocks_apart_by_identity() -> None:
    # two parses of the same text: equal blocks, different objects; each walk gives its own items
    one = parse_text(_NOTES, "memo.md").sections[0].blocks
    other = parse_text(_NOTES, "memo.md").sections[0].blocks
    assert isinstance(one[0], ListBlock) and isinstance(other[0], ListBlock)
    assert one == other and one is not other
    assert next(item for item, _ in iter_items(one)) is one[0].items[0]
    assert next(item for item, _ in iter_items(other)) is other[0].items[0]


def test_remembered_checks_hand_out_lists_of_the_callers_own() -> None:
    answer = "HTTP, FTP, SMTP"
    first = recited_items(answer)
    assert first is not None
    first[0].append("changed")
    first[0].clear()
    again = recited_items(answer)
    assert again is not None and again[0] == ["HTTP", "FTP", "SMTP"]

    lines = "⭕️読み取り<br>⭕️書き込み<br>⭕️削除"
    found = _line_items(lines)
    assert found is not None
    found[0].clear()
    found[1].append(("x", "y"))
    assert _line_items(lines) == (["読み取り", "書き込み", "削除"], [])

    sentence = "It supports HTTP, FTP, and SMTP for transfers."
    names = enumerated_names(sentence)
    assert names is not None
    names.clear()
    again_names = enumerated_names(sentence)
    assert again_names is not None and [sentence[start:end] for start, end in again_names] == ["HTTP", "FTP", "SMTP"]
