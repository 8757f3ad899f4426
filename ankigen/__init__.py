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

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ankigen")
except PackageNotFoundError:  # running from a checkout
    __version__ = "0.0.0+local"

from .anki_backend import (
    Credentials,
    ImportReport,
    NoteRef,
    SyncReport,
    VerifyReport,
    import_package,
    sync,
    verify,
)
from .api import Deck, basic, cloze, comparison, definition
from .cards import Card, render_cards
from .config import Config, ConfigError, load_config
from .curate import reject, rejected
from .diff import BuildDiff, diff_notes
from .errors import AnkigenError
from .extract import Skipped, extractor_names
from .model import Diagnostic, Document, Note, NoteKind, Span
from .notetypes import NoteType, all_note_types, note_type
from .pipeline import BuildResult, build_notes, build_package, parse_document, parse_text, write_apkg
from .preview import write_preview
from .rejections import Rejection, Rejections
from .state import NoteChange

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
