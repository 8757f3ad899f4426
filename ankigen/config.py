"""Settings: ``ankigen.toml`` in the notes folder, or ``[tool.ankigen]`` in ``pyproject.toml``.

Where they are looked for: the notes root (the folder given, or the folder of the files given, or
their common folder) and then its parents, up to the first folder that holds ``.git`` or a
``pyproject.toml``. The first ``ankigen.toml`` found wins; a ``pyproject.toml`` counts only if it has
a ``[tool.ankigen]`` table, and ``ankigen.toml`` wins over it in the same folder.

Settings (all optional)::

    deck = "AWS"                      # deck for files whose front matter names none (else a lone H1, the file name)
    tags = ["aws", "saa"]             # added to every note
    namespace = "AWS"                 # identity namespace for GUIDs (default: the root deck)
    extractors = ["explicit", "tables", "definitions"]   # which extractors run (default: all)
    subdeck_depth = 1                 # put notes in Deck::H1-title (2: Deck::H1::H2); 0 = none

Front matter overrides per file: ``deck:``/``title:`` choose the deck, ``tags:`` add tags, and
``extractors:`` and ``subdeck_depth:`` replace the settings for that file. Unknown keys in a settings
file are errors that name the key and the file; bad front matter values are warnings and the file is
built with the folder's settings.

Subdecks never change note identity: GUIDs are namespaced by the root deck (or ``namespace``), so
moving notes between subdecks, or changing ``subdeck_depth``, updates the same notes in Anki.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ankigen.patterns import lazy_compile

from .errors import UsageError
from .model import Diagnostic, Document, Note, Span

__all__ = ["CONFIG_FILE", "Config", "ConfigError", "apply_config", "load_config", "load_config_file"]

CONFIG_FILE = "ankigen.toml"
SETTINGS = ("deck", "tags", "namespace", "extractors", "subdeck_depth")
MAX_SUBDECK_DEPTH = 6


class ConfigError(UsageError):
    """A settings file that cannot be used; the message names the file, the key and what to do."""


@dataclass(frozen=True, slots=True)
class Config:
    """Build settings. ``source`` says where they came from ('' for the defaults)."""

    deck: str | None = None
    tags: tuple[str, ...] = ()
    namespace: str | None = None
    extractors: tuple[str, ...] | None = None
    subdeck_depth: int = 0
    source: str = ""

    def for_document(self, document: Document) -> tuple[Config, list[Diagnostic]]:
        """These settings with ``document``'s front matter applied, and warnings about bad values."""
        problems: list[Diagnostic] = []
        changes: dict[str, object] = {}
        front = document.front_matter
        where = Span(document.path, 1)
        if "extractors" in front:
            try:
                changes["extractors"] = _extractors(front["extractors"], "front matter")
            except ConfigError as exc:
                problems.append(Diagnostic(where, f"{exc}; using {self.source or 'the defaults'} for this file"))
        if "subdeck_depth" in front:
            try:
                changes["subdeck_depth"] = _depth(front["subdeck_depth"], "front matter")
            except ConfigError as exc:
                problems.append(Diagnostic(where, f"{exc}; using {self.source or 'the defaults'} for this file"))
        return replace(self, **changes) if changes else self, problems  # type: ignore[arg-type]


def _clean_deck(name: str) -> str:
    return "::".join(part for part in (" ".join(piece.split()) for piece in name.split("::")) if part)


def _text(value: object, key: str) -> str:
    if not isinstance(value, str) or not _clean_deck(value):
        raise ConfigError(f"{key} must be a non-empty string, not {value!r}")
    return value


def _tags(value: object, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value)
    if not isinstance(value, list | tuple) or not all(isinstance(tag, str) for tag in value):
        raise ConfigError(f'{key} must be a list of strings, like tags = ["aws", "saa"]')
    return tuple(dict.fromkeys("_".join(tag.lstrip("#").split()) for tag in value if tag.strip()))


def _extractors(value: object, key: str) -> tuple[str, ...]:
    from .extract import extractor_names  # here: the extractors load only when a config names some

    known = extractor_names()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(name, str) for name in value):
        raise ConfigError(f"{key}: extractors must be a list of names from: {', '.join(known)}")
    unknown = [name for name in value if name not in known]
    if unknown:
        raise ConfigError(f"{key}: unknown extractor {', '.join(map(repr, unknown))}; known: {', '.join(known)}")
    return tuple(dict.fromkeys(value))


def _depth(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SUBDECK_DEPTH:
        raise ConfigError(f"{key}: subdeck_depth must be a whole number from 0 to {MAX_SUBDECK_DEPTH}, not {value!r}")
    return value


def _key_line(text: str, key: str, table: str | None) -> int:
    """The line where ``key`` is set (inside ``[table]`` when given), for messages; 1 if not found."""
    inside = table is None
    pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*[=.]""")
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = table is None or stripped.strip("[] ").replace('"', "") == table
            if table is not None and inside:
                continue
        if inside and pattern.match(line):
            return number
    return 1


def _from_table(table: Mapping[str, object], text: str, shown: str, table_name: str | None) -> Config:
    label = f"{shown} [{table_name}]" if table_name else shown
    values: dict[str, object] = {}
    for key, value in table.items():
        where = f"{shown}:{_key_line(text, key, table_name)}"
        if key not in SETTINGS:
            inside = f" in [{table_name}]" if table_name else ""
            raise ConfigError(
                f"{where}: unknown setting {key!r}{inside}; known settings: {', '.join(SETTINGS)}. "
                "Check the spelling or remove it"
            )
        try:
            if key == "deck":
                values[key] = _clean_deck(_text(value, key))
            elif key == "namespace":
                values[key] = _text(value, key).strip()
            elif key == "tags":
                values[key] = _tags(value, key)
            elif key == "extractors":
                values[key] = _extractors(value, key)
            else:
                values[key] = _depth(value, key)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return Config(source=label, **values)  # type: ignore[arg-type]


_TOML_POSITION = lazy_compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _read_toml(path: Path) -> tuple[str, dict[str, object]]:
    """The text and the parsed tables of a settings file; :class:`ConfigError` with ``file:line``
    when it cannot be read, is not UTF-8 or is not valid TOML (never a silent default)."""
    shown = _shown(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{shown}:1: cannot read settings ({exc.strerror or exc}); check its permissions") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{shown}:{bad_line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    import tomllib  # here: most builds have no settings file, and it is a tenth of a small inspect's imports

    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else max(1, len(text.rstrip().splitlines()))
        reason = _TOML_POSITION.sub("", message).replace(" (at end of document)", " at the end of the file")
        column = f", column {position.group(2)}" if position else ""
        raise ConfigError(
            f"{shown}:{line}: not valid TOML ({reason}{column}); fix the file, or the settings in it are not used"
        ) from None


def load_config_file(path: Path | str) -> Config:
    """Read settings from ``path``: an ``ankigen.toml``, or a ``pyproject.toml`` (its ``[tool.ankigen]``)."""
    path = Path(path)
    shown = _shown(path)
    text, data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("ankigen", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{shown}: [tool.ankigen] must be a table")
        return _from_table(table, text, shown, "tool.ankigen")
    return _from_table(data, text, shown, None)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_NAMES_ANKIGEN = re.compile(rb"^\s*\[\s*tool\s*\.\s*[\"']?ankigen\b|^\s*ankigen\s*[.=]", re.MULTILINE)


def _has_tool_table(pyproject: Path) -> bool:
    """Whether ``pyproject`` has a ``[tool.ankigen]`` table. A file that cannot be read is an error
    when it seems to name one (a TOML error elsewhere in it would drop the settings silently, and
    with them the deck and the notes' GUIDs), and is passed over otherwise."""
    try:
        if not _NAMES_ANKIGEN.search(pyproject.read_bytes()):
            return False
    except OSError:
        return False
    _, data = _read_toml(pyproject)
    tool = data.get("tool", {})
    return isinstance(tool, dict) and "ankigen" in tool


def notes_root(paths: Sequence[Path | str]) -> Path:
    """The folder the settings belong to: the common folder of ``paths`` (the working folder if none)."""
    folders = [Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in paths]
    if not folders:
        return Path.cwd().resolve()
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:  # different drives on Windows
        return folders[0]


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False also where a folder on the way cannot be read (PermissionError)."""
    try:
        return path.is_file()
    except OSError:
        return False


def find_config_file(paths: Sequence[Path | str]) -> Path | None:
    folder = notes_root(paths)
    for candidate in (folder, *folder.parents):
        if _is_file(candidate / CONFIG_FILE):
            return candidate / CONFIG_FILE
        pyproject = candidate / "pyproject.toml"
        if _is_file(pyproject) and _has_tool_table(pyproject):
            return pyproject
        if _is_file(pyproject) or os.path.lexists(candidate / ".git"):
            return None
    return None


def load_config(paths: Sequence[Path | str] = (), config_file: Path | str | None = None) -> Config:
    """The settings for notes at ``paths``: from ``config_file`` if given, else found (see module doc)."""
    if config_file is not None:
        return load_config_file(config_file)
    found = find_config_file(paths)
    return load_config_file(found) if found is not None else Config()


# ----------------------------------------------------------------------------------------------
# Applying settings to a document's notes
# ----------------------------------------------------------------------------------------------


def _headings(document: Document) -> tuple[list[int], list[tuple[tuple[int, str], ...]]]:
    """Section start lines and, for each section, its heading stack as (level, title) pairs."""
    starts: list[int] = []
    stacks: list[tuple[tuple[int, str], ...]] = []
    stack: list[tuple[int, str]] = []
    for section in document.sections:
        if section.level:
            while stack and stack[-1][0] >= section.level:
                stack.pop()
            stack.append((section.level, section.title))
        starts.append(section.span.line)
        stacks.append(tuple(stack))
    return starts, stacks


def _document_deck(document: Document, config: Config) -> tuple[str, str]:
    """The file's deck, and the top-level deck its notes' identity is namespaced by when that is
    another ('' otherwise): see :attr:`Document.namespace`."""
    chose_in_file = any(
        isinstance(document.front_matter.get(key), str | int | float) and str(document.front_matter.get(key)).strip()
        for key in ("deck", "title")
    )
    if config.deck and not chose_in_file:
        return config.deck, ""
    if not document.namespace:
        return document.deck, ""
    root = document.namespace.split("::", 1)[0]
    return document.deck, root if root != document.deck.split("::", 1)[0] else ""


def apply_config(document: Document, notes: Iterable[Note], config: Config) -> list[Note]:
    """``notes`` from ``document`` with the configured deck, subdecks and tags."""
    deck, namespace = _document_deck(document, config)
    starts, stacks = _headings(document) if config.subdeck_depth else ([], [])
    out: list[Note] = []
    for note in notes:
        note_deck = deck
        if config.subdeck_depth and starts:
            index = bisect.bisect_right(starts, note.span.line) - 1
            titles = [
                _clean_deck(title.replace("::", ":"))
                for level, title in (stacks[index] if index >= 0 else ())
                if level <= config.subdeck_depth
            ]
            if titles and titles[0] == deck.rsplit("::", 1)[-1]:
                titles = titles[1:]  # the deck is already named after this H1
            note_deck = "::".join([deck, *(title for title in titles if title)])
        tags = tuple(dict.fromkeys((*config.tags, *note.tags)))
        if note_deck != note.deck or tags != note.tags or namespace != note.namespace:
            note = replace(note, deck=note_deck, tags=tags, namespace=namespace)
        out.append(note)
    return out
