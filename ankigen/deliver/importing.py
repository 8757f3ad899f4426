"""Importing a package into a collection with ankigen's rules (see issue 4).

Anki matches notes by GUID only and updates a note only when the package's note is strictly
newer; note types are never merged or forked by us (``merge_notetypes=False``), and scheduling in
the package is ignored so reviews stay the user's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import AnkigenError
from .collection import collection

if TYPE_CHECKING:
    from ._anki import Collection, ImportLogWithChanges

__all__ = ["ImportReport", "import_into", "import_package", "import_report", "log_note_ids"]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What Anki's importer did with each note of a package (counts from its import log)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    """Notes already present and not older in the collection (Anki's log calls them duplicates)."""
    conflicting: int = 0
    """Notes whose note type no longer matches the collection's (fields or templates changed)."""
    first_field_match: int = 0
    missing_notetype: int = 0
    missing_deck: int = 0
    empty_first_field: int = 0
    found_notes: int = 0

    @property
    def total(self) -> int:
        return (
            self.new
            + self.updated
            + self.unchanged
            + self.conflicting
            + self.first_field_match
            + self.missing_notetype
            + self.missing_deck
            + self.empty_first_field
        )

    def summary(self) -> str:
        parts = [f"{self.new} new", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        for label, count in (
            ("conflicting", self.conflicting),
            ("first-field matches", self.first_field_match),
            ("with missing note type", self.missing_notetype),
            ("with missing deck", self.missing_deck),
            ("with empty first field", self.empty_first_field),
        ):
            if count:
                parts.append(f"{count} {label}")
        return "notes: " + ", ".join(parts)


def import_into(col: Collection, apkg_path: Path) -> ImportLogWithChanges:
    """Import ``apkg_path`` into the open collection ``col`` with ankigen's rules; Anki's import log."""
    from ._anki import (
        IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        BackendError,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    if not apkg_path.is_file():
        raise AnkigenError(f"{apkg_path}: no such package; build it first")
    request = ImportAnkiPackageRequest(
        package_path=str(apkg_path.resolve()),
        options=ImportAnkiPackageOptions(
            merge_notetypes=False,
            update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            with_scheduling=False,
            with_deck_configs=False,
        ),
    )
    try:
        return col.import_anki_package(request)
    except BackendError as exc:
        raise AnkigenError(
            f"{apkg_path}: Anki could not import this package: {exc}; check it with `ankigen verify`"
        ) from None


def import_report(result: ImportLogWithChanges) -> ImportReport:
    """The counts of Anki's import log."""
    log = result.log
    return ImportReport(
        new=len(log.new),
        updated=len(log.updated),
        unchanged=len(log.duplicate),
        conflicting=len(log.conflicting),
        first_field_match=len(log.first_field_match),
        missing_notetype=len(log.missing_notetype),
        missing_deck=len(log.missing_deck),
        empty_first_field=len(log.empty_first_field),
        found_notes=log.found_notes,
    )


def log_note_ids(result: ImportLogWithChanges) -> list[int]:
    """The ids of the package's notes in the collection, as Anki's import log names them."""
    log = result.log
    ids: list[int] = []
    for group in (log.new, log.updated, log.duplicate, log.conflicting, log.first_field_match):
        ids.extend(note.id.nid for note in group)
    return ids


def import_package(collection_path: Path | str, apkg_path: Path | str) -> ImportReport:
    """Import ``apkg_path`` into the collection file (created when missing) with ankigen's rules.

    Notes are updated only when the package's note is newer; note types are never merged.
    """
    with collection(Path(collection_path)) as col:
        return import_report(import_into(col, Path(apkg_path)))
