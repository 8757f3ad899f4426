"""The package's notes and cards are the rows genanki itself would write for the same notes.

ankigen inserts notes and cards as rows rather than through genanki's per-note objects (for
speed); these tests keep the two in step: same note rows, and above all the same cards (which
templates a note gets a card for, one per cloze number), with the same ids.
"""

from __future__ import annotations

import io
import itertools
import sqlite3
import tempfile
import warnings
import zipfile
from pathlib import Path

import genanki  # the reference: what genanki writes for the same notes
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ankigen
from ankigen import Note, NoteKind, Span
from ankigen.package import deck_id_for

TIMESTAMP = 1_700_000_000


def make_note(kind: NoteKind, line: int, deck: str = "Rows", tags: tuple[str, ...] = (), **values: str) -> Note:
    names = ankigen.note_type(kind).fields
    unknown = set(values) - set(names)
    assert not unknown, f"no such fields in {kind}: {unknown}"
    fields = tuple((name, values.get(name, "")) for name in names)
    return Note(kind, f"k{line}", fields, Span("rows.md", line), deck=deck, tags=tags, guid=f"g{kind.value}{line}")


CASES: list[tuple[str, Note]] = [
    ("definition", make_note(NoteKind.DEFINITION, 1, Term="VPC", Definition="仮想ネットワーク")),
    ("definition+reverse", make_note(NoteKind.DEFINITION, 2, Term="NAT", Definition="変換", Reverse="y")),
    ("definition, context only", make_note(NoteKind.DEFINITION, 3, Definition="d", Context="AWS › VPC")),
    ("definition, reverse only", make_note(NoteKind.DEFINITION, 4, Reverse="y")),
    ("basic", make_note(NoteKind.BASIC, 5, Question="Why?", Answer="Because")),
    ("basic+reverse", make_note(NoteKind.BASIC, 6, Question="Q", Answer="A", Reverse="1", tags=("aws", "net"))),
    ("comparison", make_note(NoteKind.COMPARISON, 7, Entity="RDS", Attributes="<b>x</b>", Topic="DB")),
    ("comparison, topic only", make_note(NoteKind.COMPARISON, 8, Topic="DB")),
    ("cloze one", make_note(NoteKind.CLOZE, 9, Text="{{c1::VPC}} は仮想ネットワーク")),
    ("cloze repeated", make_note(NoteKind.CLOZE, 10, Text="{{c1::a}} {{c1::b}} {{c2::c::hint}}")),
    ("cloze gaps", make_note(NoteKind.CLOZE, 11, Text="{{c3::a}} {{c10::b}} {{c2::c}} {{c3::d}}")),
    ("cloze c0 and empty", make_note(NoteKind.CLOZE, 12, Text="{{c0::a}} {{c1::}} x}} {{c4::b}}")),
    ("cloze across lines", make_note(NoteKind.CLOZE, 13, Text="{{c2::first<br>\nsecond}}")),
    ("cloze collide in a set", make_note(NoteKind.CLOZE, 14, Text="{{c9::a}} {{c1::b}} {{c17::c}}")),
    ("cloze in Extra only", make_note(NoteKind.CLOZE, 15, Text="no cloze", Extra="{{c1::x}}")),
]


def package_rows(data: bytes) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        database = archive.read("collection.anki2")
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(database)
        return rows(connection.cursor())
    finally:
        connection.close()


def rows(cursor: sqlite3.Cursor) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    notes = cursor.execute("SELECT * FROM notes ORDER BY id").fetchall()
    cards = cursor.execute("SELECT * FROM cards ORDER BY id").fetchall()
    return notes, cards


def genanki_rows(notes: list[Note]) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What genanki writes for ``notes``, each through its own ``genanki.Note``, in ankigen's order."""
    models = {}
    for kind in NoteKind:
        kind_type = ankigen.note_type(kind)
        models[kind] = genanki.Model(
            model_id=kind_type.model_id,
            name=kind_type.name,
            fields=[{"name": name} for name in kind_type.fields],
            templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in kind_type.templates],
            css=kind_type.css,
            model_type=genanki.Model.CLOZE if kind_type.is_cloze else genanki.Model.FRONT_BACK,
        )
    decks: dict[str, genanki.Deck] = {}
    for note in sorted(notes, key=lambda n: (n.deck, n.span.path, n.span.line, n.guid)):
        deck = decks.setdefault(note.deck, genanki.Deck(deck_id_for(note.deck), note.deck))
        deck.add_note(
            genanki.Note(
                model=models[note.kind],
                fields=[value for _, value in note.fields],
                guid=note.guid,
                tags=["_".join(tag.split()) for tag in note.tags],
            )
        )
    connection = sqlite3.connect(":memory:")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            package = genanki.Package([decks[name] for name in sorted(decks)])
            package.write_to_db(connection.cursor(), TIMESTAMP, itertools.count(TIMESTAMP * 1000))
        return rows(connection.cursor())
    finally:
        connection.close()


def write(notes: list[Note], tmp_path: Path) -> bytes:
    target = ankigen.write_apkg(notes, tmp_path / "rows.apkg", timestamp=TIMESTAMP)
    return target.read_bytes()


@pytest.mark.parametrize("note", [note for _, note in CASES], ids=[title for title, _ in CASES])
def test_each_note_gets_the_cards_genanki_gives_it(note: Note, tmp_path: Path) -> None:
    notes, cards = package_rows(write([note], tmp_path))
    expected_notes, expected_cards = genanki_rows([note])
    assert {(note.guid, card[3]) for card in cards} == {(note.guid, card[3]) for card in expected_cards}
    assert cards == expected_cards, "same ids, deck, order"
    assert notes == expected_notes


def test_a_mixed_set_of_notes_in_several_decks_gives_genanki_rows(tmp_path: Path) -> None:
    notes = [
        Note(note.kind, note.key, note.fields, note.span, deck=deck, tags=note.tags, guid=note.guid)
        for (_, note), deck in zip(CASES, itertools.cycle(["B", "A::x", "A"]), strict=False)
    ]
    got_notes, got_cards = package_rows(write(notes, tmp_path))
    expected_notes, expected_cards = genanki_rows(notes)
    assert got_cards == expected_cards
    assert got_notes == expected_notes
    # the cards these notes must have, spelled out, so a change in genanki shows here too
    by_guid = {row[0]: row[1] for row in got_notes}
    ordinals = sorted((by_guid[card[1]], card[3]) for card in got_cards)
    assert ordinals == sorted(
        [
            ("gdefinition1", 0),
            ("gdefinition2", 0),
            ("gdefinition2", 1),
            ("gdefinition3", 0),
            ("gdefinition4", 1),
            ("gbasic5", 0),
            ("gbasic6", 0),
            ("gbasic6", 1),
            ("gcomparison7", 0),
            ("gcomparison8", 0),
            ("gcloze9", 0),
            ("gcloze10", 0),
            ("gcloze10", 1),
            ("gcloze11", 1),
            ("gcloze11", 2),
            ("gcloze11", 9),
            ("gcloze12", 0),
            ("gcloze12", 3),
            ("gcloze13", 1),
            ("gcloze14", 0),
            ("gcloze14", 8),
            ("gcloze14", 16),
        ]
    )


cloze_text = st.lists(
    st.sampled_from(["{{c", "1", "2", "9", "0", "::", "}}", "x", "日本", "\n", " ", "<br>", ":", "}", "{"]),
    max_size=14,
).map("".join)
field_text = st.sampled_from(["", "", "x", " ", "<br>", "日本語"]) | cloze_text


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(list(NoteKind)), values=st.lists(field_text, min_size=9, max_size=9))
def test_any_fields_give_genanki_cards(kind: NoteKind, values: list[str]) -> None:
    names = ankigen.note_type(kind).fields
    fields: dict[str, str] = dict(zip(names, values, strict=False))
    note = make_note(kind, 1, "Rows", (), **fields)
    with tempfile.TemporaryDirectory() as folder:
        assert package_rows(write([note], Path(folder))) == genanki_rows([note])
