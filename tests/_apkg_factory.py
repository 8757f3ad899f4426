"""Test-only: write small .apkg files with genanki and ankigen's real note types.

Stands in for ``ankigen.pipeline.build_package`` in the backend tests, so they can fix GUIDs,
modification times and even write broken packages (a GUID twice, a missing image) on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import genanki

from ankigen.model import NoteKind
from ankigen.notetypes import NoteType, note_type


@dataclass(frozen=True, slots=True)
class FakeNote:
    guid: str
    question: str
    answer: str
    deck: str = "Biology"
    kind: NoteKind = NoteKind.BASIC
    extra_fields: dict[str, str] = field(default_factory=dict)


def _model(nt: NoteType) -> genanki.Model:
    return genanki.Model(
        nt.model_id,
        nt.name,
        fields=[{"name": name} for name in nt.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in nt.templates],
        css=nt.css,
        model_type=genanki.Model.CLOZE if nt.is_cloze else genanki.Model.FRONT_BACK,
    )


def _deck_id(name: str) -> int:
    return 1_900_000_000 + sum(ord(ch) * (i + 1) for i, ch in enumerate(name))


def write_package(
    out: Path,
    notes: Sequence[FakeNote],
    *,
    timestamp: float,
    media: Sequence[Path] = (),
) -> Path:
    decks: dict[str, genanki.Deck] = {}
    for item in notes:
        nt = note_type(item.kind)
        values = {name: "" for name in nt.fields}
        first, second = nt.fields[0], nt.fields[1]
        values[first] = item.question
        values[second] = item.answer
        values.update(item.extra_fields)
        deck = decks.setdefault(item.deck, genanki.Deck(_deck_id(item.deck), item.deck))
        deck.add_note(
            genanki.Note(
                model=_model(nt), fields=[values[name] for name in nt.fields], guid=item.guid
            )
        )
    package = genanki.Package(list(decks.values()))
    package.media_files = [str(path) for path in media]
    package.write_to_file(str(out), timestamp=timestamp)
    return out
