"""Media: local images referenced by notes, packaged under content-hash names.

Anki imports a media file only when a note field references it, and skips a file whose name it
already has even when the content changed. So every local image a field shows
(``<img src="x.png">``, from ``![](x.png)`` or Obsidian ``![[x.png]]``) is read, named after its
content (``ag-<sha256[:16]>.png``) and the field's ``src`` rewritten to match: a changed image is a
new name, which Anki imports, and the note's field changes with it, so Anki updates the note.

Where an image is looked for, in order: relative to the note's own file; relative to the notes
root (the input folder, or an input file's folder; Obsidian's vault-relative links); for a bare
file name, anywhere under the notes root (Obsidian's shortest-path links; the first match by path).

Confinement (the notes are not trusted to name any file on the machine): only regular files inside
the notes root are read. Absolute paths, ``file:`` URLs, ``..`` escapes and symlinks that lead out
of the root are refused, and so are files over :data:`MAX_MEDIA_BYTES`, hidden files and anything
in a hidden folder (``.git/config``, ``.env``), and any file whose *content* is not an image, audio
or video type (:func:`media_kind`: an ``.html`` page or a text file renamed ``.png`` is refused).
A refused or missing image gives a warning with ``file:line`` and the card shows the image's alt
text instead. Remote images
(``http:``, ``https:``, ``data:``) are left as they are.

Template assets: the CSS lives inside the note types (and reaches users through the note types'
modification times, see :mod:`ankigen.state`); ankigen ships no font or stylesheet files. One that
is added later must be named by content the same way.

No genanki here: :mod:`ankigen.package` takes the :class:`MediaFile` values this module makes.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from ankigen.patterns import lazy_compile

from .model import Diagnostic, Note

__all__ = ["MAX_MEDIA_BYTES", "MediaFile", "MediaStage", "attach_media", "media_kind", "media_name"]

MAX_MEDIA_BYTES = 20 * 1024 * 1024

_IMG = lazy_compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = lazy_compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = lazy_compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_REMOTE_SCHEMES = ("http:", "https:", "data:")
_EXTENSION = lazy_compile(r"^[a-z0-9]{1,8}$")


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A file to ship in the package under ``name`` (named by its content)."""

    name: str
    data: bytes


_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image"),
    (b"\xff\xd8\xff", 0, "image"),  # JPEG
    (b"GIF87a", 0, "image"),
    (b"GIF89a", 0, "image"),
    (b"BM", 0, "image"),
    (b"II*\x00", 0, "image"),  # TIFF
    (b"MM\x00*", 0, "image"),
    (b"\x00\x00\x01\x00", 0, "image"),  # ICO
    (b"OggS", 0, "audio"),
    (b"fLaC", 0, "audio"),
    (b"ID3", 0, "audio"),  # MP3 with a tag
    (b"\x1aE\xdf\xa3", 0, "video"),  # WebM, Matroska
    (b"ftyp", 4, "video"),  # MP4, M4A, MOV, AVIF, HEIC
)


def media_kind(data: bytes) -> str | None:
    """``"image"``, ``"audio"`` or ``"video"`` by the file's content (its first bytes), or None for
    anything else. An SVG counts as an image only when it holds no script."""
    for magic, offset, kind in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return kind
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "image", b"WAVE": "audio"}.get(data[8:12], "video")
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:  # an MPEG audio frame
        return "audio"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in head:
        lowered = data.lower()
        if b"<script" not in lowered and b"javascript:" not in lowered and b"<foreignobject" not in lowered:
            return "image"
    return None


def media_name(data: bytes, original: str) -> str:
    """``ag-`` + the first 16 hex digits of the content's SHA-256 + the original extension."""
    extension = Path(original).suffix.lower().lstrip(".")
    suffix = f".{extension}" if _EXTENSION.match(extension) else ""
    return f"ag-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"


class _Refused(Exception):
    """An image that will not be packaged; the message says why and what to do."""


@dataclass(slots=True)
class _Resolver:
    """Finds, confines and reads images for one build; caches what it has read."""

    roots: tuple[Path, ...]
    files: dict[Path, MediaFile]
    _indexes: dict[Path, dict[str, Path]]

    def root_for(self, source: Path) -> Path | None:
        containing = [root for root in self.roots if source.is_relative_to(root)]
        return max(containing, key=lambda root: len(root.parts)) if containing else None

    def load(self, source: Path, src: str) -> MediaFile:
        root = self.root_for(source)
        if root is None:
            raise _Refused("the note's file is not inside a notes folder, so no local image is read")
        relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
        if not relative:
            raise _Refused("the image has no file name")
        if _SCHEME.match(relative) or relative.startswith(("/", "\\")) or Path(relative).is_absolute():
            raise _Refused("absolute paths are not packaged; use a path relative to the note")
        candidates = [source.parent / relative, root / relative]
        if "/" not in relative and "\\" not in relative:
            found = self._index(root).get(relative.casefold())
            if found is not None:
                candidates.append(found)
        escaped = False
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
                inside = resolved.is_relative_to(root)
                outside_and_there = not inside and candidate.exists()
                is_file = inside and resolved.is_file()
            except OSError as exc:  # a folder on the way cannot be read
                raise _Refused(f"cannot read it ({exc.strerror or exc}); check its permissions") from exc
            if not inside:
                escaped = escaped or outside_and_there
                continue
            if is_file:
                hidden = [part for part in resolved.relative_to(root).parts if part.startswith(".")]
                if hidden or any(part.startswith(".") for part in Path(relative).parts if part not in (".", "..")):
                    raise _Refused("hidden files and files in hidden folders (such as .git or .env) are never packaged")
                return self._read(resolved, relative)
        if escaped:
            raise _Refused(
                f"it lies outside the notes folder {root}; only images inside the folder you build are packaged"
            )
        raise _Refused(f"not found next to {source.name} or in the notes folder {root}; check the file name")

    def _read(self, path: Path, shown: str) -> MediaFile:
        cached = self.files.get(path)
        if cached is not None:
            return cached
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise _Refused(f"cannot read it ({exc.strerror or exc})") from exc
        if size > MAX_MEDIA_BYTES:
            raise _Refused(
                f"it is {size / 1_048_576:.1f} MB, over the {MAX_MEDIA_BYTES // 1_048_576} MB limit; make it smaller"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _Refused(f"cannot read it ({exc.strerror or exc})") from exc
        if media_kind(data) is None:
            raise _Refused("its content is not an image, audio or video file (only those are packaged); check the file")
        media = MediaFile(media_name(data, shown), data)
        self.files[path] = media
        return media

    def _index(self, root: Path) -> dict[str, Path]:
        index = self._indexes.get(root)
        if index is None:
            index = {}
            for folder, subfolders, names in os.walk(root):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                for name in sorted(names):
                    index.setdefault(name.casefold(), Path(folder) / name)
            self._indexes[root] = index
        return index


def _attributes(tag: str) -> dict[str, str]:
    return {
        match.group(1).lower(): html.unescape(match.group(2) if match.group(2) is not None else match.group(3) or "")
        for match in _ATTRIBUTE.finditer(tag)
    }


_IMG_TAG = lazy_compile(r"<img", re.IGNORECASE)

_PLACEHOLDER_ALTS = frozenset(
    {"image", "img", "picture", "pic", "photo", "screenshot", "pasted image", "alt", "alt text"}
)
"""Alt texts an editor writes for any image (``![image](…)``, Obsidian's ``Pasted image …``): no caption."""


def names_no_content(alt: str, src: str) -> bool:
    """Whether an image's alt text says nothing a learner reads: its own file name (Obsidian's
    ``![[Pasted image 20241112193407.png]]`` has the file name as its alt), with or without the
    extension, or a placeholder word (``image``, ``screenshot``). Shown in place of an image that was
    not packaged, such a text is noise on the card (``Category Pasted image 2024….png``)."""
    folded = " ".join(alt.casefold().split())
    if not folded:
        return False
    name = unquote(src).replace("\\", "/").rsplit("/", 1)[-1].split("#", 1)[0].split("?", 1)[0].casefold()
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return folded in (name, stem) or folded in _PLACEHOLDER_ALTS or folded.rstrip("0123456789 ") == "pasted image"


def has_image(note: Note) -> bool:
    """Whether any field of the note shows an image (what this stage looks at)."""
    return any("<" in value and _IMG_TAG.search(value) for _, value in note.fields)


def _rewrite_field(
    value: str, note: Note, resolver: _Resolver, used: dict[str, MediaFile], diagnostics: list[Diagnostic]
) -> str:
    if "<img" not in value.lower():
        return value
    source = Path(note.span.path).resolve()

    def rewrite(match: re.Match[str]) -> str:
        tag = match.group(0)
        attributes = _attributes(tag)
        src = attributes.get("src", "").strip()
        if not src or src.lower().startswith(_REMOTE_SCHEMES) or src.startswith("//"):
            return tag
        try:
            media = resolver.load(source, src)
        except _Refused as reason:
            alt = attributes.get("alt", "").strip()
            if names_no_content(alt, src):
                message = f"image {src!r} was not packaged: {reason}. Its alt text {alt!r} only names the file"
                diagnostic = Diagnostic(note.span, message + ", so the card leaves the image out")
                if diagnostic not in diagnostics:
                    diagnostics.append(diagnostic)
                return ""
            message = f"image {src!r} was not packaged: {reason}. The card shows its alt text"
            diagnostic = Diagnostic(note.span, message + (f" {alt!r}" if alt else " (none)"))
            if diagnostic not in diagnostics:
                diagnostics.append(diagnostic)
            return html.escape(alt, quote=False)
        used[media.name] = media
        return _ATTRIBUTE.sub(
            lambda attribute: (
                f'src="{html.escape(media.name)}"' if attribute.group(1).lower() == "src" else attribute.group(0)
            ),
            tag,
        )

    rewritten = _IMG.sub(rewrite, value)
    # an image left out at the end of the text leaves the line break before it: drop that too
    return _TRAILING_BREAKS.sub("", rewritten) if len(rewritten) < len(value) else rewritten


_TRAILING_BREAKS = lazy_compile(r"(?:\s*<br\s*/?>)+\s*$", re.IGNORECASE)


def attach_media(
    notes: Iterable[Note], roots: Sequence[Path]
) -> tuple[list[Note], tuple[MediaFile, ...], list[Diagnostic]]:
    """Package the local images the notes show: rewritten notes, the files (sorted by name), warnings.

    ``roots`` are the notes folders images may come from (see the module docstring).
    """
    media = MediaStage(roots)
    out = [media.attach(note) for note in notes]
    return out, media.files(), media.diagnostics


class MediaStage:
    """:func:`attach_media` a note at a time, for a build that streams its notes."""

    __slots__ = ("_resolver", "_used", "diagnostics")

    def __init__(self, roots: Sequence[Path]) -> None:
        self._resolver = _Resolver(tuple(root.resolve() for root in roots), {}, {})
        self._used: dict[str, MediaFile] = {}
        self.diagnostics: list[Diagnostic] = []

    def attach(self, note: Note) -> Note:
        """The note with its local images named by content (and read, to be packaged)."""
        if not has_image(note):
            return note
        fields = tuple(
            (name, _rewrite_field(value, note, self._resolver, self._used, self.diagnostics))
            for name, value in note.fields
        )
        return note if fields == note.fields else replace(note, fields=fields)

    def files(self) -> tuple[MediaFile, ...]:
        """The files the notes so far show, sorted by name."""
        return tuple(self._used[name] for name in sorted(self._used))
