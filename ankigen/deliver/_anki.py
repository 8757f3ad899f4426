"""The only module of ankigen that imports :mod:`anki`, the official Anki package (the ``anki`` extra).

Nothing imports this module at start-up: the other modules of :mod:`ankigen.deliver` import it
inside the functions that need Anki (and for type annotations only under ``TYPE_CHECKING``), so
``import ankigen`` and the CLI's ``--version``, ``--help`` and ``build`` work without the extra.
:func:`ankigen.deliver.collection.require_anki` turns its :class:`ImportError` into a message
that says what to install.
"""

from __future__ import annotations

from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportLogWithChanges,
)
from anki.errors import BackendError, DBError, NetworkError, SyncError, SyncErrorKind
from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
from anki.media import media_paths_from_col_path
from anki.notes import NoteId
from anki.sync import SyncAuth, SyncOutput
from anki.utils import ids2str

__all__ = [
    "IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER",
    "BackendError",
    "Collection",
    "DBError",
    "ImportAnkiPackageOptions",
    "ImportAnkiPackageRequest",
    "ImportLogWithChanges",
    "NetworkError",
    "NoteId",
    "SyncAuth",
    "SyncError",
    "SyncErrorKind",
    "SyncOutput",
    "ids2str",
    "media_paths_from_col_path",
]
