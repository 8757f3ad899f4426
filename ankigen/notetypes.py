"""The four ankigen note types: fixed ids, fixed field and template names, templates from ``templates/``.

Changing an id, a field name, the field order or a template name makes Anki treat every existing
note as conflicting and fork a ``Name+`` note type in every user's collection, so these are frozen
by ``tests/test_notetypes.py``. Template HTML and CSS may change freely: they reach users on the
next import because the note type's modification time follows their content (see ``state``).

The fields were designed once with room to grow: ``Details``, ``Example``, ``Image``, ``Extra``
hold optional material, ``Context`` the heading breadcrumb, ``Source`` the ``file:line``, and
``Reverse`` switches on an optional reverse card. A new feature fills an existing field.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from .errors import AnkigenError
from .model import NoteKind

__all__ = ["FIELD_NAMES", "CardTemplate", "NoteType", "all_note_types", "note_type", "templates_dir"]


@dataclass(frozen=True, slots=True)
class CardTemplate:
    name: str
    front: str
    back: str


@dataclass(frozen=True, slots=True)
class NoteType:
    kind: NoteKind
    model_id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[CardTemplate, ...]
    css: str
    is_cloze: bool = False

    @property
    def content_hash(self) -> str:
        """Hash of everything Anki stores for this note type (used for its modification time)."""
        digest = hashlib.sha256()
        for part in (self.name, *self.fields, self.css):
            digest.update(part.encode() + b"\0")
        for template in self.templates:
            digest.update(f"{template.name}\0{template.front}\0{template.back}\0".encode())
        return digest.hexdigest()


# (kind, model id, name, fields, ((template name, file stem), ...), cloze?)
_SPECS: tuple[tuple[NoteKind, int, str, tuple[str, ...], tuple[tuple[str, str], ...], bool], ...] = (
    (
        NoteKind.DEFINITION,
        1_730_001_101,
        "ankigen Definition",
        ("Term", "Definition", "Details", "Example", "Image", "Extra", "Context", "Source", "Reverse"),
        (("Definition", "forward"), ("Reverse", "reverse")),
        False,
    ),
    (
        NoteKind.COMPARISON,
        1_730_001_102,
        "ankigen Comparison",
        ("Entity", "Attributes", "Table", "Topic", "Details", "Image", "Extra", "Context", "Source"),
        (("Comparison", "compare"),),
        False,
    ),
    (
        NoteKind.CLOZE,
        1_730_001_103,
        "ankigen Cloze",
        ("Text", "Extra", "Details", "Image", "Context", "Source"),
        (("Cloze", "cloze"),),
        True,
    ),
    (
        NoteKind.BASIC,
        1_730_001_104,
        "ankigen Basic",
        ("Question", "Answer", "Details", "Image", "Extra", "Context", "Source", "Reverse"),
        (("Forward", "forward"), ("Reverse", "reverse")),
        False,
    ),
)


FIELD_NAMES: Mapping[NoteKind, tuple[str, ...]] = MappingProxyType({spec[0]: spec[3] for spec in _SPECS})
"""Each note type's fields, in order: fixed whatever the templates folder (see ``templates_dir``)."""


def templates_dir() -> Path:
    """Where the card templates live: ``$ANKIGEN_TEMPLATES`` when set (a folder laid out like the
    bundled one, to restyle cards; field and template names stay fixed), else inside the installed
    package, or the repository's top level."""
    override = os.environ.get("ANKIGEN_TEMPLATES", "").strip()
    if override:
        folder = Path(override).expanduser()
        if not folder.is_dir():
            raise AnkigenError(
                f"ANKIGEN_TEMPLATES={override}: no such folder; unset it or point it at a templates folder"
            )
        return folder
    return _bundled_templates_dir()


@cache
def _bundled_templates_dir() -> Path:
    # cached: every emitted note asks for its note type, and looking up the package costs 0.1 ms
    # a package in a folder: where importlib.resources would look (it imports tempfile, zipfile's
    # reader and more, 10 ms of a rebuild's start), else the checkout's
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "templates"
    if checkout.is_dir():
        return checkout
    from importlib import resources  # a package in a zip: here, for this one call

    packaged = Path(str(resources.files("ankigen"))) / "templates"
    if packaged.is_dir():
        return packaged
    raise AnkigenError(f"card templates not found (looked in {packaged} and {checkout}); reinstall ankigen")


def _read_template(folder: Path, relative: str) -> str:
    path = folder / relative
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnkigenError(f"{path}: cannot read card template ({exc}); reinstall ankigen") from exc


@cache
def _load(folder: Path) -> dict[NoteKind, NoteType]:
    css = _read_template(folder, "style.css")
    types: dict[NoteKind, NoteType] = {}
    for kind, model_id, name, fields, template_specs, is_cloze in _SPECS:
        templates = tuple(
            CardTemplate(
                name=template_name,
                front=_read_template(folder, f"{kind.value}/{stem}.front.html"),
                back=_read_template(folder, f"{kind.value}/{stem}.back.html"),
            )
            for template_name, stem in template_specs
        )
        types[kind] = NoteType(kind, model_id, name, fields, templates, css, is_cloze)
    return types


def note_type(kind: NoteKind) -> NoteType:
    return _load(templates_dir())[kind]


def all_note_types() -> tuple[NoteType, ...]:
    return tuple(_load(templates_dir()).values())
