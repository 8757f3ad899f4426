"""The selection pass on candidates built by hand: what it drops, and the reason code it gives.

(The pass over real notes is covered by tests/cases/selection.md; these two rules guard against
extractors proposing one fact twice, which the claims between extractors make rare.)"""

from __future__ import annotations

from pathlib import Path

import ankigen
from ankigen import Note, NoteKind, Span
from ankigen.extract.selection import Candidate, select
from ankigen.model import Inline, Paragraph


def _note(kind: NoteKind, key: str, line: int, first: str, second: str = "") -> Note:
    fields = (("Text", first),) if kind == NoteKind.CLOZE else (("Term", first), ("Definition", second))
    return Note(kind, key, fields, Span("notes.md", line, line))


PARAGRAPH = Paragraph(Span("notes.md", 3, 4), (Inline("text", "x", "x"),))


def test_the_same_fact_from_the_same_text_is_kept_once() -> None:
    first = Candidate(_note(NoteKind.DEFINITION, "VPC", 3, "VPC", "a network"), "list-definitions", PARAGRAPH, "VPC")
    again = Candidate(_note(NoteKind.DEFINITION, "vpc", 3, "VPC", "a network"), "paragraph-definitions", PARAGRAPH)
    other = Candidate(_note(NoteKind.DEFINITION, "VPC", 9, "VPC", "a private address space"), "list-definitions")
    notes, skipped = select([first, again, other])
    assert [note.span.line for note in notes] == [3]
    assert [(item.code, item.span.line) for item in skipped] == [("duplicate", 3), ("near-duplicate", 9)]
    assert "kept: line 3" in skipped[0].reason


def test_the_same_term_asked_again_in_the_same_place_gives_what_it_adds_to_the_card_kept() -> None:
    first = Candidate(_note(NoteKind.DEFINITION, "VPC", 3, "VPC", "a network"), "list-definitions", PARAGRAPH, "VPC")
    other = Candidate(_note(NoteKind.DEFINITION, "VPC", 9, "VPC", "spans every zone of one region"), "list-definitions")
    notes, skipped = select([first, other])
    # one front, two answers: the learner could not tell which is asked; one card asks both
    assert [(note.span.line, note.field_map["Definition"]) for note in notes] == [
        (3, "a network<br>spans every zone of one region")
    ]
    assert [(item.code, item.span.line) for item in skipped] == [("near-duplicate", 9)]
    assert "spans every zone of one region" in skipped[0].reason and "kept: line 3" in skipped[0].reason
    assert "put on the back of the card kept" in skipped[0].reason


def test_a_second_wording_of_what_the_term_is_is_not_added_to_the_card_kept() -> None:
    first = Candidate(_note(NoteKind.DEFINITION, "VPC", 3, "VPC", "a network"), "list-definitions", PARAGRAPH, "VPC")
    other = Candidate(_note(NoteKind.DEFINITION, "VPC", 9, "VPC", "a private address space"), "list-definitions")
    notes, skipped = select([first, other])
    assert notes == [first.note]  # one front, two answers: the learner could not tell which is asked
    assert [(item.code, item.span.line) for item in skipped] == [("near-duplicate", 9)]
    assert "a private address space" in skipped[0].reason and "kept: line 3" in skipped[0].reason


def test_a_line_the_card_kept_would_recite_as_a_list_stays_in_the_explain_line() -> None:
    first = Candidate(_note(NoteKind.DEFINITION, "VPC", 3, "VPC", "a network"), "list-definitions", PARAGRAPH, "VPC")
    listed = "holds subnets, route tables and gateways of its own"
    other = Candidate(_note(NoteKind.DEFINITION, "VPC", 9, "VPC", listed), "list-definitions")
    notes, skipped = select([first, other])
    assert notes == [first.note]  # three items in a row on a back would be a set to recite
    assert [(item.code, item.span.line) for item in skipped] == [("near-duplicate", 9)]
    assert "stays in the notes: " + listed in skipped[0].reason


def test_the_same_term_with_the_same_answer_later_in_the_file_is_kept_once() -> None:
    first = Candidate(_note(NoteKind.DEFINITION, "EBS", 3, "EBS", "block storage for an instance"), "x", None, "EBS")
    again = Candidate(_note(NoteKind.DEFINITION, "ebs", 40, "EBS", "Block storage for an instance."), "x", None, "EBS")
    notes, skipped = select([first, again])
    assert notes == [first.note]
    assert [(item.code, item.span.line) for item in skipped] == [("duplicate-term", 40)]
    assert "kept: line 3" in skipped[0].reason


def test_a_cloze_that_only_hides_the_definitions_term_is_dropped() -> None:
    definition = Candidate(
        _note(NoteKind.DEFINITION, "タイムアウト", 3, "タイムアウト", "時間内に終わらないこと"),
        "paragraph-definitions",
        PARAGRAPH,
        "タイムアウト",
    )
    same = Candidate(_note(NoteKind.CLOZE, "タイムアウト", 4, "{{c1::タイムアウト}}は…"), "clozes", PARAGRAPH)
    other = Candidate(
        _note(NoteKind.CLOZE, "再試行", 5, "失敗した処理は{{c1::再試行}}の回数を決めておく"), "clozes", PARAGRAPH
    )
    notes, skipped = select([definition, same, other])
    assert notes == [definition.note, other.note]
    assert [item.code for item in skipped] == ["same-fact"]


def test_an_answer_line_on_a_basic_card_is_not_reported_as_left_out(tmp_path: Path) -> None:
    """``**Q.**`` / ``**A.**`` lines: the answer's line is on the card, so ``--explain`` lists no
    rejection for it, and neither mark is shown on the card. The key (so the GUID) is the question
    as it always was, mark included, so a card made before keeps its reviews."""
    source = tmp_path / "notes.md"
    source.write_text("**Q.** Which layer does a hub work at?\n**A.** The physical layer: it repeats bits.\n")
    result = ankigen.build_notes([source])
    [note] = result.notes
    assert note.field_map["Question"] == "Which layer does a hub work at?"
    assert note.field_map["Answer"].startswith("The physical layer")
    assert note.key == "Q. Which layer does a hub work at"  # clean_term, as before
    assert note.span.line == 1 and note.span.end_line == 2
    assert not [skip for skip in result.skipped if skip.span.line == 2]
