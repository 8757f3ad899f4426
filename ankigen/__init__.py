"""ankigen: turn Markdown study notes into Anki decks.

Three lines build a deck::

    import ankigen
    result = ankigen.build_notes(["notes/"])
    ankigen.write_apkg(result.notes, "notes.apkg")

and notes from any other data get the same identity and update safety (see :class:`Deck`)::

    deck = ankigen.Deck("Vocabulary::French")
    deck.add(ankigen.definition("la pomme", "the apple"))
    deck.write("french.apkg", state="french.state.json")

``__all__`` is the public API; everything else may change.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Deck, basic, cloze, comparison, definition
    from .cards import Card, render_cards
    from .config import Config, ConfigError, load_config
    from .curate import reject, rejected
    from .deliver.collection import NoteRef
    from .deliver.importing import ImportReport, import_package
    from .deliver.remote import Credentials
    from .deliver.sync import SyncReport, sync
    from .deliver.verify import VerifyReport, verify
    from .diff import BuildDiff, diff_notes
    from .errors import AnkigenError
    from .extract import extractor_names
    from .model import Diagnostic, Document, Note, NoteKind, Skipped, Span
    from .notetypes import NoteType, all_note_types, note_type
    from .pipeline import (
        BuildResult,
        NoteTally,
        build_notes,
        build_package,
        parse_document,
        parse_text,
        write_apkg,
    )
    from .preview import write_preview
    from .rejections import Rejection, Rejections
    from .state import NoteChange

    __version__: str

_LAZY: dict[str, str] = {
    "Credentials": "deliver.remote",
    "ImportReport": "deliver.importing",
    "NoteRef": "deliver.collection",
    "SyncReport": "deliver.sync",
    "VerifyReport": "deliver.verify",
    "import_package": "deliver.importing",
    "sync": "deliver.sync",
    "verify": "deliver.verify",
    "Deck": "api",
    "basic": "api",
    "cloze": "api",
    "comparison": "api",
    "definition": "api",
    "Card": "cards",
    "render_cards": "cards",
    "Config": "config",
    "ConfigError": "config",
    "load_config": "config",
    "reject": "curate",
    "rejected": "curate",
    "BuildDiff": "diff",
    "diff_notes": "diff",
    "AnkigenError": "errors",
    "Skipped": "model",
    "extractor_names": "extract",
    "Diagnostic": "model",
    "Document": "model",
    "Note": "model",
    "NoteKind": "model",
    "Span": "model",
    "NoteType": "notetypes",
    "all_note_types": "notetypes",
    "note_type": "notetypes",
    "BuildResult": "pipeline",
    "NoteTally": "pipeline",
    "build_notes": "pipeline",
    "build_package": "pipeline",
    "parse_document": "pipeline",
    "parse_text": "pipeline",
    "write_apkg": "pipeline",
    "write_preview": "preview",
    "Rejection": "rejections",
    "Rejections": "rejections",
    "NoteChange": "state",
}
"""Where each public name lives: it is imported on first use (``import ankigen`` alone, or the
CLI, does not load the Markdown stack, genanki or anki), then kept in this module."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ankigen")
    except PackageNotFoundError:  # running from a checkout
        return "0.0.0+local"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "AnkigenError",
    "BuildDiff",
    "BuildResult",
    "Card",
    "Config",
    "ConfigError",
    "Credentials",
    "Deck",
    "Diagnostic",
    "Document",
    "ImportReport",
    "Note",
    "NoteChange",
    "NoteKind",
    "NoteRef",
    "NoteTally",
    "NoteType",
    "Rejection",
    "Rejections",
    "Skipped",
    "Span",
    "SyncReport",
    "VerifyReport",
    "__version__",
    "all_note_types",
    "basic",
    "build_notes",
    "build_package",
    "cloze",
    "comparison",
    "definition",
    "diff_notes",
    "extractor_names",
    "import_package",
    "load_config",
    "note_type",
    "parse_document",
    "parse_text",
    "reject",
    "rejected",
    "render_cards",
    "sync",
    "verify",
    "write_apkg",
    "write_preview",
]
