"""What the next build would change in Anki: notes added, changed, unchanged, orphaned and rejected.

It builds the notes exactly as :func:`ankigen.build_package` would (identity, media) and compares
them with the build state (:mod:`ankigen.state`), without writing anything. A note whose identity
key changed is shown as its old note orphaned right next to the new note that replaces it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .model import Diagnostic, NoteKind
from .notetypes import all_note_types
from .pipeline import build_notes, mark_rejected, source_date_epoch
from .state import BuildState, Change, NoteChange, load_state_for_build, plan_build, state_file

__all__ = ["BuildDiff", "diff_notes"]


@dataclass(frozen=True, slots=True)
class BuildDiff:
    """Every note of the next build and every orphan, in source order, with the state file compared."""

    changes: tuple[NoteChange, ...]
    note_types: tuple[tuple[NoteKind, Change], ...]
    diagnostics: tuple[Diagnostic, ...]
    state_path: Path | None

    def of(self, change: Change) -> tuple[NoteChange, ...]:
        return tuple(entry for entry in self.changes if entry.change == change)


def diff_notes(
    paths: Sequence[Path | str],
    *,
    state: Path | str | bool = True,
    namespace: str | None = None,
    extractors: Iterable[str] | None = None,
    config: Config | None = None,
    rejections: Path | str | bool = True,
) -> BuildDiff:
    """Compare the notes under ``paths`` with the build state (``state`` as for ``build_package``).

    Without a state file every note is ``added``. Rejected notes (``rejections`` as for
    ``build_notes``) are ``rejected``, whether the state knew them or not.
    """
    result = build_notes(paths, namespace=namespace, extractors=extractors, config=config, rejections=rejections)
    path = state_file(paths, state)
    previous, diagnostics = load_state_for_build(path) if path is not None else (BuildState(), [])
    plan = plan_build(
        previous,
        result.notes,
        all_note_types(),
        now=source_date_epoch(),
        base=path.parent if path is not None else Path.cwd(),
        hashes=result.hashes,
    )
    changes = mark_rejected(plan.changes, result.rejected)
    return BuildDiff(_in_order(changes), plan.note_type_changes, (*result.diagnostics, *diagnostics), path)


def _bare(prompt: str) -> str:
    """A prompt without the subject it may have gained (``Cognito › IAM との連携`` -> ``IAM との連携``)."""
    return prompt.rsplit(" › ", 1)[-1].strip()


def _in_order(changes: Sequence[NoteChange]) -> tuple[NoteChange, ...]:
    """Source order; an orphan right after the added note that replaces it (same file, kind and
    prompt: the note's key changed, so Anki gets a new note and keeps the old one with its reviews);
    the other orphans last, where they were."""
    added = {(entry.span.path, entry.kind, _bare(entry.prompt)): entry for entry in changes if entry.change == "added"}

    def position(entry: NoteChange) -> tuple[bool, str, int, bool]:
        if entry.change != "orphaned":
            return False, entry.span.path, entry.span.line, False
        replacement = added.get((entry.span.path, entry.kind, _bare(entry.prompt)))
        if replacement is not None:
            return False, replacement.span.path, replacement.span.line, True
        return True, entry.span.path, entry.span.line, False

    return tuple(sorted(changes, key=position))
