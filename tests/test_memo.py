"""What the per-file stage remembers between calls (issue 14's cold build: the same walk and the same
checks asked again by many extractors) must answer exactly as a fresh call would, and hand every
caller a list of its own: a caller that changes the list it got cannot change the next answer."""

from __future__ import annotations

import sys
from functools import _lru_cache_wrapper
from pathlib import Path
from typing import Any

from pytest import MonkeyPatch

from ankigen.extract.common import _FILE_SCOPED, _SPLIT, _WALKED, iter_items, split_lines
from ankigen.extract.inline_names import enumerated_names
from ankigen.extract.recital import _line_items, recited_items
from ankigen.model import Block, ListBlock, ListItem, Paragraph, Quote
from ankigen.pipeline import build_notes, extract_notes, parse_text

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


def test_split_lines_remembered_is_the_fresh_split_in_a_list_of_the_callers_own() -> None:
    from ankigen.extract.common import _split_lines

    document = parse_text("# Lines\n\nFirst line\nsecond **bold** line\n\nthird  \nfourth\n", "memo.md")
    paragraphs = [block for block in document.sections[0].blocks if isinstance(block, Paragraph)]
    assert paragraphs
    for paragraph in paragraphs:
        inlines = paragraph.inlines
        expected = _split_lines(inlines)
        first = split_lines(inlines)
        first.append(())  # a caller changing its list changes no later answer
        assert split_lines(inlines) == expected and len(expected) == 2
    copy = tuple(list(paragraphs[0].inlines))  # equal inlines, another object: split afresh, the same lines
    assert copy is not paragraphs[0].inlines and split_lines(copy) == split_lines(paragraphs[0].inlines)


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


def _bounded_caches() -> list[_lru_cache_wrapper[Any]]:
    found: dict[int, _lru_cache_wrapper[Any]] = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("ankigen.extract.") and module is not None:
            for value in vars(module).values():
                if isinstance(value, _lru_cache_wrapper) and value.cache_parameters()["maxsize"] is not None:
                    found[id(value)] = value
    return list(found.values())


def test_what_a_file_filled_is_let_go_of_once_its_notes_are_made() -> None:
    # issue 14 (memory flat in vault size): the checks that only a file asks again of the same text
    # hold nothing once its notes are made, nor the remembered walks
    document = parse_text(_NOTES + "\n- **Router**: forwards packets between networks.\n", "memo.md")
    first = extract_notes(document).notes
    assert _FILE_SCOPED and all(cached.cache_info().currsize == 0 for cached in _FILE_SCOPED)
    assert not _WALKED and not _SPLIT
    assert extract_notes(document).notes == first  # asked afresh, the same notes


def test_a_builds_per_file_stage_leaves_the_extractors_caches_empty(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    # every bounded cache of the extractors is emptied once the files are parsed: the package and the
    # state, written next, need none of it (it was most of a build's peak); the notes are the same
    monkeypatch.setenv("ANKIGEN_NO_CACHE", "1")
    monkeypatch.setenv("ANKIGEN_JOBS", "1")
    for number in range(3):
        (tmp_path / f"net-{number}.md").write_text(
            f"# Networks {number}\n\n- **Switch {number}**: forwards frames inside one network.\n"
            f"- **Router {number}**: forwards packets between networks.\n",
            encoding="utf-8",
        )
    result = build_notes([tmp_path], rejections=False)
    assert len(result.notes) >= 6
    caches = _bounded_caches()
    assert caches and all(cached.cache_info().currsize == 0 for cached in caches)
    assert not _WALKED and not _SPLIT
    one_by_one = [note for number in range(3) for note in build_notes([tmp_path / f"net-{number}.md"]).notes]
    assert [note.guid for note in result.notes] == [note.guid for note in one_by_one]
