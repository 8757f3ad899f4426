"""Stage 1, read: bytes -> text lines and front matter, tolerant of what editors write.

UTF-8 with or without a BOM, CRLF or CR line ends, Latin-1 or broken UTF-8 (decoded with
replacement and a warning), binary files and NUL bytes (skipped with an error), and YAML front
matter between ``---`` lines (malformed front matter is a warning and is ignored, and so is front
matter over 64 KB or with YAML aliases, which can expand to billions of items).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Diagnostic, Span

if TYPE_CHECKING:
    import yaml

__all__ = ["SourceText", "decode_source", "read_source", "resolved_in"]

_BINARY_PROBE = 8192
MAX_FRONT_MATTER_CHARS = 65_536
"""Longer front matter is ignored with a warning (YAML is read in pure Python, about 1 MB/s)."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded file. ``lines`` are without line ends; ``body_start`` is the 0-based index of the
    first line after the front matter. ``ok`` is False when the file could not be read at all."""

    path: str
    lines: tuple[str, ...]
    front_matter: Mapping[str, object] = field(default_factory=dict)
    body_start: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()
    ok: bool = True


def read_source(path: Path, display_path: str | None = None) -> SourceText:
    shown = display_path if display_path is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return SourceText(
            shown,
            (),
            diagnostics=(
                Diagnostic(Span(shown, 1), f"cannot read file ({reason}); check the path and permissions", "error"),
            ),
            ok=False,
        )
    return decode_source(data, shown)


_KANA_SHARE = 0.2
"""At least this share of a Shift_JIS text's non-ASCII characters are kana: Japanese prose is, while
Latin-1 or other bytes that happen to decode as CP932 give kanji and symbols, almost never kana."""


def _shift_jis(data: bytes) -> str | None:
    """``data`` as Shift_JIS (CP932) when it decodes so and reads as Japanese (enough kana), else
    None: Japanese notes saved on Windows by an older editor are in this encoding."""
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        return None
    wide = [char for char in text if ord(char) > 0x7F]
    kana = sum(1 for char in wide if "\u3041" <= char <= "\u30ff")
    return text if wide and kana >= _KANA_SHARE * len(wide) else None


def decode_source(data: bytes, path: str) -> SourceText:
    """Decode ``data`` (the contents of ``path``) and split off its front matter."""
    diagnostics: list[Diagnostic] = []
    if b"\0" in data[:_BINARY_PROBE]:
        return SourceText(
            path,
            (),
            diagnostics=(
                Diagnostic(
                    Span(path, 1),
                    "looks like a binary file (it contains NUL bytes); skipped. Pass only Markdown notes",
                    "error",
                ),
            ),
            ok=False,
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        japanese = _shift_jis(data)
        if japanese is not None:
            text = japanese
            diagnostics.append(
                Diagnostic(
                    Span(path, line),
                    "not UTF-8; read as Shift_JIS (CP932, the Japanese Windows encoding). Save the file as UTF-8",
                )
            )
        else:
            diagnostics.append(
                Diagnostic(
                    Span(path, line),
                    "not valid UTF-8; undecodable bytes were replaced with U+FFFD. Save the file as UTF-8",
                )
            )
            text = data.decode("utf-8", errors="replace")
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        diagnostics.append(Diagnostic(Span(path, line), "NUL characters removed"))
        text = text.replace("\0", "")
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    front_matter, body_start, fm_diagnostics = _split_front_matter(lines, path)
    diagnostics.extend(fm_diagnostics)
    return SourceText(path, lines, front_matter, body_start, tuple(diagnostics))


@cache
def _loader() -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    """PyYAML's binding to libyaml where the wheel has it (eight times as fast on a front matter
    block of a few lines, the same results), else its pure-Python loader. PyYAML is imported here,
    by the first file with front matter: a tenth of the start-up of ``inspect`` on one file."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _fenced_front_matter(
    lines: tuple[str, ...], path: str, closers: tuple[str, ...]
) -> tuple[str | None, int, list[Diagnostic]]:
    """The text between the front matter's opening fence (line 1: ``---`` or ``+++``) and the first
    closing one, with the number of lines the block takes; ``None`` and a diagnostic when it is never
    closed (the file is read as Markdown) or longer than is read (the block is skipped)."""
    fence = lines[0].strip()
    for index in range(1, len(lines)):
        if lines[index].strip() in closers:
            break
    else:
        unclosed = f"front matter opened with '{fence}' is never closed; read as Markdown"
        return None, 0, [Diagnostic(Span(path, 1), unclosed)]
    raw = "\n".join(lines[1:index])
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        message = (
            f"front matter is {len(raw):,} characters long, over the {MAX_FRONT_MATTER_CHARS:,} read; ignored. "
            f"Keep only settings (deck, tags, ...) between the '{fence}' lines"
        )
        return None, index + 1, [Diagnostic(Span(path, 1), message)]
    return raw, index + 1, []


def _split_toml_front_matter(lines: tuple[str, ...], path: str) -> tuple[Mapping[str, object], int, list[Diagnostic]]:
    """Hugo's TOML front matter between ``+++`` lines (``title = "Go"``): settings, not notes; read
    as the YAML block is (an unclosed ``+++`` leaves the file as Markdown)."""
    raw, end, problems = _fenced_front_matter(lines, path, ("+++",))
    if raw is None:
        return {}, end, problems
    import tomllib

    try:
        loaded = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        return (
            {},
            end,
            [Diagnostic(Span(path, 2), f"front matter is not valid TOML ({_first_line(exc)}); ignored")],
        )
    return {str(key): value for key, value in loaded.items()}, end, []


def _split_front_matter(lines: tuple[str, ...], path: str) -> tuple[Mapping[str, object], int, list[Diagnostic]]:
    if lines and lines[0].strip() == "+++":
        return _split_toml_front_matter(lines, path)
    if not lines or lines[0].strip() != "---":
        return {}, 0, []
    raw, end, problems = _fenced_front_matter(lines, path, ("---", "..."))
    if raw is None:
        return {}, end, problems
    alias = _first_alias(raw)
    if alias is not None:
        message = "front matter uses a YAML alias (*name), which is not read here; ignored. Write the value out"
        return {}, end, [Diagnostic(Span(path, 2 + alias), message)]
    import yaml

    try:
        loaded = yaml.load(raw, Loader=_loader()) if raw.strip() else {}  # a safe loader, see _loader
    except yaml.YAMLError as exc:
        # where the unclosed construct began ("while parsing a flow sequence"), else where it broke
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        return (
            {},
            end,
            [Diagnostic(Span(path, line), f"front matter is not valid YAML ({_first_line(exc)}); ignored")],
        )
    if not isinstance(loaded, dict):
        return (
            {},
            end,
            [Diagnostic(Span(path, 2), "front matter is not a YAML mapping (key: value lines); ignored")],
        )
    return {str(key): value for key, value in loaded.items()}, end, []


def _first_alias(raw: str) -> int | None:
    """The 0-based line of the first alias in ``raw``, if any: nine nested aliases make a value of
    a billion items that anything printing it never finishes (a "billion laughs")."""
    if "*" not in raw:
        return None
    import yaml

    try:
        for event in yaml.parse(raw, Loader=_loader()):
            if isinstance(event, yaml.AliasEvent):
                return int(event.start_mark.line) if event.start_mark is not None else 0
    except yaml.YAMLError:
        return None  # safe_load reports it
    return None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def resolved_in(path: str, folders: dict[str, Path]) -> Path:
    """``Path(path).resolve()``, its folder resolved once for all the files in it (``folders``: by
    folder as written): a file that is not a link is its resolved folder and its name. Resolving
    walks every component with a system call each (six for ``notes/part/file.md`` under a home
    folder), which for every file of a 300-file vault cost a rebuild 30 ms; this is one per file."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return Path(path).resolve()
    resolved = folders.get(folder)
    if resolved is None:
        resolved = folders[folder] = Path(folder or os.curdir).resolve()
    return resolved / name
