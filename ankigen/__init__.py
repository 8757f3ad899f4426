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

import os
import sys
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


def _normalized(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _installed_version(name: str) -> str | None:
    """The version of the distribution ``name`` as ``importlib.metadata.version`` gives it, read
    from the ``Version:`` line of its ``.dist-info/METADATA`` in the first folder of ``sys.path``
    that holds the distribution, as that function looks; None when it is not found so (an
    ``.egg-info``, a zip on the path, a folder that cannot be listed, no such line): the caller then
    asks ``importlib.metadata``, whose import (``email``, ``socket``, ``calendar``...) and parse of
    the metadata cost about 40 ms of a rebuild's start.

    Why not ``importlib.metadata.version`` itself, the supported way: it is the only stdlib API for
    an installed distribution's version, and its import alone is most of ``ankigen --version``'s
    budget (0.1 s; 0.056 s measured idle with this function). Measured for session 11, best of 15
    new processes each, interleaved (a loaded machine, so the ratios count): ``import ankigen``
    111 ms, ``ankigen.__version__`` through this function 121 ms, through
    ``importlib.metadata.version`` 318 ms. The three other callers (the per-file cache key's
    versions of markdown-it-py, mdit-py-plugins and PyYAML, :mod:`ankigen.cache`) cannot read a
    ``__version__`` attribute instead: that imports the Markdown stack, which a rebuild whose files
    all come from the cache never loads. A version written into the package at build time (hatch's
    ``[tool.hatch.version]``) would serve ``--version`` only, not those three."""
    wanted = _normalized(name)
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return None  # a zip, which importlib.metadata looks into
        except OSError:
            continue
        for found in sorted(names):
            stem, dot, suffix = found.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info") or _normalized(stem.partition("-")[0]) != wanted:
                continue
            if suffix != "dist-info":
                return None
            try:
                with open(os.path.join(folder, found, "METADATA"), encoding="utf-8") as metadata:
                    for line in metadata:
                        if not line.strip():
                            return None  # the headers ended without a version
                        if line.startswith("Version:"):
                            return line[len("Version:") :].strip() or None
            except (OSError, UnicodeError):
                return None
            return None
    return None


def _version() -> str:
    found = _installed_version("ankigen")
    if found is not None:
        return found
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
