"""Clutter the selection pass takes off notes that stay (issue 11, pattern 6), seen through the
public API: what a user's card shows, not only the --explain line (tests/cases/junk.md has those)."""

from __future__ import annotations

import re
from pathlib import Path

import ankigen
from ankigen.extract.vocabulary import (
    MAX_ANSWER_CHARS,
    MAX_COMPARISON_ATTRIBUTES,
    MAX_DETAILS_CHARS,
    MAX_DETAILS_ITEMS,
)


def _build(tmp_path: Path, text: str) -> ankigen.BuildResult:
    source = tmp_path / "notes.md"
    source.write_text(text, encoding="utf-8")
    return ankigen.build_notes([source])


def test_a_rating_remark_never_reaches_the_card(tmp_path: Path) -> None:
    result = _build(
        tmp_path,
        "- **CloudFront**\n"
        "  - **概要**: a content delivery network that caches content at edge locations ★★★★★\n"
        "  - **副業での需要**: ★★★★☆ 小さな案件でもよく使われる\n"
        "  - **試験ポイント**: キャッシュの削除は Invalidation で行う\n",
    )
    (topic,) = result.notes
    shown = "".join(topic.field_map.values())
    assert "★" not in shown and "☆" not in shown and "副業" not in shown
    # the exam point has no limit or quoted key phrase to ask by ("CloudFront › 試験ポイント" would be
    # an open question): it stays in the topic's Details, next to which the remark is left off
    assert "Invalidation" in topic.field_map["Details"]


def test_a_long_answer_keeps_its_first_blocks_and_moves_the_rest_to_details(tmp_path: Path) -> None:
    lines = [f"Sentence {number} says one more thing about the queue and why it matters here." for number in range(12)]
    result = _build(tmp_path, "## Message queue\n\n" + "\n".join(lines) + "\n")
    (note,) = result.notes
    fields = note.field_map
    assert "Sentence 0 " in fields["Definition"] and "Sentence 11 " not in fields["Definition"]
    assert "Sentence 11 " not in fields["Details"]  # Details are context for the card, not the rest of the notes
    shown = fields["Definition"].replace("<br>", " ")
    assert len(shown) <= MAX_ANSWER_CHARS + 20
    assert len(re.sub(r"<[^>]+>", "", fields["Details"])) <= MAX_DETAILS_CHARS
    # both trims are listed, so the sentences left off are not dropped silently
    codes = {skip.code for skip in result.skipped if skip.span.line == 1}
    assert {"answer-too-long", "details-too-long"} <= codes


def test_a_wide_comparison_asks_one_attribute_per_note_and_attaches_no_table(tmp_path: Path) -> None:
    width = MAX_COMPARISON_ATTRIBUTES + 1
    header = ["Option", *(f"Attr{number}" for number in range(1, width + 1))]
    row = ["Reserved", *(f"value{number}" for number in range(1, width + 1))]
    text = (
        "## Options\n\n| " + " | ".join(header) + " |\n|" + " --- |" * len(header) + "\n| " + " | ".join(row) + " |\n"
    )
    other = ["Spare", *(f"other{number}" for number in range(1, width + 1))]
    text += "| " + " | ".join(other) + " |\n"
    result = _build(tmp_path, text)
    notes = [note for note in result.notes if note.field_map["Entity"].startswith("Reserved › ")]
    expected = [f"Reserved › Attr{n}" for n in range(1, MAX_COMPARISON_ATTRIBUTES + 1)]
    assert [note.field_map["Entity"] for note in notes] == expected
    for number, note in enumerate(notes, start=1):
        attributes = note.field_map["Attributes"]
        assert attributes.count("<dt>") == 1 and f"value{number}<" in attributes
        # the row is not on the back: it would show the answers of this entity's other notes
        back = "".join(value for name, value in note.fields if name not in ("Entity", "Context", "Source", "Topic"))
        assert not any(f"value{n}<" in back for n in range(1, width + 1) if n != number)
        assert "other" not in back
    left = [skip for skip in result.skipped if skip.code == "too-many-attributes" and skip.text == "Reserved"]
    assert left and f"Attr{width}" in left[0].reason


def test_a_split_note_keeps_its_guid_when_a_sibling_cell_stops_being_asked(tmp_path: Path) -> None:
    """A row's first cell that starts to ask nothing (here: it becomes a bracketed placeholder)
    loses its note, and the row's other notes keep their fronts and their GUIDs: the entity's own
    key does not move to a note that asks something else."""

    def guids(first: str) -> dict[str, str]:
        text = (
            "## Backup modes\n\n| Mode | Target | Speed | Retention |\n| --- | --- | --- | --- |\n"
            f"| Snapshot | {first} | quick | a week |\n| Archive | another region | slow | a year |\n"
        )
        return {note.field_map["Entity"]: note.guid for note in _build(tmp_path, text).notes}

    before, after = guids("the same disk"), guids("(same disk)")
    assert "Snapshot › Target" in before and "Snapshot › Target" not in after
    assert after["Snapshot › Speed"] == before["Snapshot › Speed"]
    assert after["Snapshot › Retention"] == before["Snapshot › Retention"]
    assert after["Archive › Target"] == before["Archive › Target"]


def test_a_table_of_the_headings_peers_does_not_take_the_heading_as_topic(tmp_path: Path) -> None:
    result = _build(
        tmp_path,
        "# Amazon EMR\n\nA managed cluster platform that runs big data frameworks.\n\n"
        "| Service | Function | Feature |\n| --- | --- | --- |\n"
        "| AWS Budgets | sets cost and usage budgets | alerts when a budget is exceeded |\n"
        "| AWS Cost Explorer | analyses cost and usage | shows usage patterns over time |\n",
    )
    comparisons = [note for note in result.notes if note.kind == ankigen.NoteKind.COMPARISON]
    assert len(comparisons) == 2
    assert all("EMR" not in note.field_map["Topic"] + note.field_map["Context"] for note in comparisons)


def test_template_and_fence_markers_are_removed_from_answers(tmp_path: Path) -> None:
    (note,) = _build(tmp_path, "- **Template**: a file that {% raw %}describes{% endraw %} the stack\n").notes
    assert note.field_map["Definition"] == "a file that describes the stack"


def test_long_details_keep_short_context_and_list_what_they_leave_off(tmp_path: Path) -> None:
    children = "".join(
        f"  - Step {number} of the template explains one more resource and its settings.\n" for number in range(40)
    )
    paragraphs = "".join(
        f"\n  Part {number} says more about the stack and how it is updated over time.\n" for number in range(12)
    )
    result = _build(tmp_path, "- **Stack**: a set of resources managed as one unit\n" + children + paragraphs)
    (note,) = result.notes
    details = note.field_map["Details"]
    assert "Step 0 " in details and "Part 11 " not in details
    assert details.count("<li>") <= MAX_DETAILS_ITEMS
    assert len(re.sub(r"<[^>]+>", "", details)) <= MAX_DETAILS_CHARS
    assert any(skip.code == "details-too-long" and skip.span.line == 1 for skip in result.skipped)
    # each bullet left off is listed on its own line; the ones shown are listed as shown
    by_line = {skip.span.line: skip.code for skip in result.skipped}
    assert by_line[2] == "in-details" and by_line[40] == "details-cut"
