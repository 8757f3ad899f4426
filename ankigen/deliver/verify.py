"""``ankigen verify``: import a package into a throwaway collection with the real backend and check it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AnkigenError
from .apkg import package_guid_list, package_media_names
from .collection import collection, first_field_text, require_anki
from .importing import import_into, import_report

__all__ = ["VerifyReport", "verify"]


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What a package turns into once imported into an empty collection by the real backend."""

    package: Path
    notes: int
    cards: int
    note_types: dict[str, int] = field(hash=False)
    """Note type name -> number of notes using it."""
    empty_cards: int = 0
    duplicate_guids: tuple[str, ...] = ()
    missing_media: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """A human-readable report, one line per item."""
        out = [
            f"{self.package}: {self.notes} notes, {self.cards} cards",
        ]
        for name, count in sorted(self.note_types.items()):
            out.append(f"  note type {name!r}: {count} note{'' if count == 1 else 's'}")
        out.append(f"  empty cards: {self.empty_cards}")
        out.append(f"  duplicate GUIDs: {len(self.duplicate_guids)}")
        out.append(f"  missing media: {len(self.missing_media)}")
        if self.problems:
            out.append(f"{len(self.problems)} problem(s):")
            out.extend(f"  - {problem}" for problem in self.problems)
        else:
            out.append("ok")
        return out


def verify(apkg_path: Path) -> VerifyReport:
    """Import the package into a temporary collection with the real backend and check it.

    Reports note and card counts, note types, empty cards, duplicate GUIDs and missing media;
    :attr:`VerifyReport.problems` lists everything wrong and :attr:`VerifyReport.ok` is false
    when there is anything.
    """
    require_anki()
    apkg_path = Path(apkg_path)
    if not apkg_path.is_file():
        raise AnkigenError(f"{apkg_path}: no such package")
    listed = package_guid_list(apkg_path)
    problems: list[str] = []
    duplicates: set[str] = set()
    if listed is not None:
        seen: set[str] = set()
        for guid in listed:
            if guid in seen:
                duplicates.add(guid)
            seen.add(guid)

    with (
        tempfile.TemporaryDirectory(prefix="ankigen-verify-") as tmp,
        collection(Path(tmp) / "collection.anki2") as col,
    ):
        result = import_into(col, apkg_path)
        report = import_report(result)
        assert col.db is not None
        notes = col.note_count()
        cards = int(col.card_count())
        note_types = {
            str(name): int(count)
            for name, count in col.db.all(
                "select nt.name, count(*) from notes n join notetypes nt on nt.id = n.mid "
                "group by nt.name order by nt.name"
            )
        }
        duplicates.update(str(guid) for guid in col.db.list("select guid from notes group by guid having count(*) > 1"))
        empty = col.get_empty_cards()
        empty_count = sum(len(note.card_ids) for note in empty.notes)
        for note in empty.notes[:20]:
            flds = col.db.scalar("select flds from notes where id = ?", note.note_id) or ""
            what = "all its cards are" if note.will_delete_note else (f"{len(note.card_ids)} card(s) are")
            problems.append(
                f"empty cards: note {first_field_text(str(flds))!r}: {what} blank (a template renders nothing for it)"
            )
        if len(empty.notes) > 20:
            problems.append(f"empty cards: and {len(empty.notes) - 20} more notes")
        cardless = col.db.all("select flds from notes n where not exists (select 1 from cards c where c.nid = n.id)")
        for (flds,) in cardless[:20]:
            problems.append(
                f"no cards: note {first_field_text(str(flds))!r} makes no card "
                "(its prompt field is empty, or a cloze note has no {{c1::...}})"
            )
        if len(cardless) > 20:
            problems.append(f"no cards: and {len(cardless) - 20} more notes")
        check = col.media.check()
        missing = set(check.missing)

    in_package = package_media_names(apkg_path)
    if in_package is not None:
        missing -= in_package
    for guid in sorted(duplicates):
        problems.append(
            f"duplicate GUID {guid!r}: the package holds two notes with it, so Anki adds both; "
            "give one of the notes a distinct key or id"
        )
    for name in sorted(missing):
        problems.append(f"missing media: a field references {name!r}, which is not in the package")
    if notes == 0:
        problems.append("the package holds no notes")
    for label, count in (
        ("conflicting", report.conflicting),
        ("with a missing note type", report.missing_notetype),
        ("with a missing deck", report.missing_deck),
        ("with an empty first field", report.empty_first_field),
    ):
        if count:
            problems.append(f"{count} note(s) {label} on import")
    return VerifyReport(
        package=apkg_path,
        notes=notes,
        cards=cards,
        note_types=note_types,
        empty_cards=empty_count,
        duplicate_guids=tuple(sorted(duplicates)),
        missing_media=tuple(sorted(missing)),
        problems=tuple(problems),
    )
