"""The note types are frozen: ids, field names and order, template names.

Changing any of these makes Anki mark every existing note `conflicting` and fork a `Name+` note type
in every user's collection. If this test fails, you are about to break users' decks: write a
migration plan (docs/schema.md) before changing the expectations below.
"""

from __future__ import annotations

import ankigen
from ankigen import NoteKind
from ankigen.notetypes import FIELD_NAMES

FROZEN = {
    NoteKind.DEFINITION: (
        1_730_001_101,
        "ankigen Definition",
        ("Term", "Definition", "Details", "Example", "Image", "Extra", "Context", "Source", "Reverse"),
        ("Definition", "Reverse"),
    ),
    NoteKind.COMPARISON: (
        1_730_001_102,
        "ankigen Comparison",
        ("Entity", "Attributes", "Table", "Topic", "Details", "Image", "Extra", "Context", "Source"),
        ("Comparison",),
    ),
    NoteKind.CLOZE: (
        1_730_001_103,
        "ankigen Cloze",
        ("Text", "Extra", "Details", "Image", "Context", "Source"),
        ("Cloze",),
    ),
    NoteKind.BASIC: (
        1_730_001_104,
        "ankigen Basic",
        ("Question", "Answer", "Details", "Image", "Extra", "Context", "Source", "Reverse"),
        ("Forward", "Reverse"),
    ),
}


def test_note_types_are_frozen() -> None:
    actual = {
        note_type.kind: (
            note_type.model_id,
            note_type.name,
            note_type.fields,
            tuple(template.name for template in note_type.templates),
        )
        for note_type in ankigen.all_note_types()
    }
    assert actual == FROZEN
    # the field names extractors fill in (without loading the templates) are the same
    assert {kind: fields for kind, (_, _, fields, _) in FROZEN.items()} == dict(FIELD_NAMES)


def test_templates_reference_only_existing_fields() -> None:
    import re

    for note_type in ankigen.all_note_types():
        names = set(note_type.fields) | {"FrontSide"}
        for template in note_type.templates:
            for side in (template.front, template.back):
                for reference in re.findall(r"\{\{[#^/]?(?:cloze:)?([^}#^/]+)\}\}", side):
                    assert reference.strip() in names, (note_type.name, template.name, reference)


def test_cloze_type_uses_cloze_template() -> None:
    cloze = ankigen.note_type(NoteKind.CLOZE)
    assert cloze.is_cloze
    assert "{{cloze:Text}}" in cloze.templates[0].front
