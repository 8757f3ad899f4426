"""Tags and breadcrumbs from the heading path.

A note gets one hierarchical tag from the headings above it (``VPC::NAT``), so a user can browse
or study one chapter in Anki. Anki splits tags at spaces and treats ``::`` as hierarchy, so every
heading becomes one tag part: Unicode NFC, spaces as ``_``, markup and quote marks removed. Headings
that only group (``定義``, ``学習内容``), the note's own heading, and an H1 equal to the deck are left
out, since they add nothing the deck and the card do not already say.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ankigen.patterns import lazy_compile

__all__ = ["anki_tag", "breadcrumb", "heading_tag"]

_UNSAFE = lazy_compile(r"[\s\"'`*=\u3000]+")
_COLONS = lazy_compile(r":{2,}")
_DECORATION = lazy_compile(r"^[\s▼▽▶▷►◆◇■□●○◎★☆◾◼・]+")  # ``▼ Storage``: a mark, not part of the heading


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def anki_tag(text: str) -> str:
    """One tag part, safe for Anki: no spaces, no ``::``, no quote marks; Unicode NFC."""
    text = unicodedata.normalize("NFC", text).strip().lstrip("#")
    text = _COLONS.sub(":", text)
    return _UNSAFE.sub("_", text).strip("_:")


HEADING_PATHS_KEPT = 1024
"""Heading paths (and their breadcrumbs and tags) kept by the caches below: a file's notes ask for
the few paths of that file again and again; the paths of files long done are not asked again, and
kept they made a large vault's build hold a few hundred bytes for each of its headings."""


@lru_cache(maxsize=HEADING_PATHS_KEPT)
def _headings(path: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The headings of ``path`` that say something (not 定義, 学習内容 ...), and the last one folded."""
    from .common import DASHED_SECTION_NUMBER, clean_term, is_group_heading  # late: common imports nothing from here

    # ``02-1 スレッドについて``: a section number written with dashes is no part of the heading's words
    parts = tuple(
        DASHED_SECTION_NUMBER.sub("", _DECORATION.sub("", title))
        for title in path
        if title and not is_group_heading(title)
    )
    parts = tuple(part for part in parts if part)
    return parts, _fold(clean_term(parts[-1])) if parts else ""


def _informative(path: Iterable[str], term: str) -> tuple[str, ...]:
    """The informative headings, without the last one when it is the card's own term."""
    parts, last = _headings(tuple(path))
    if parts and term and last == _fold(term):
        return parts[:-1]
    return parts


def breadcrumb(path: Iterable[str], term: str = "") -> str:
    """The heading path shown small on a card, without the card's own heading."""
    return _breadcrumb(_informative(path, term))


@lru_cache(maxsize=HEADING_PATHS_KEPT)
def _breadcrumb(parts: tuple[str, ...]) -> str:
    return html.escape(" › ".join(parts))


def heading_tag(path: Iterable[str], term: str = "", deck: str = "") -> str:
    """The heading path as one hierarchical Anki tag (``Chapter::Section``), or ''."""
    return _heading_tag(_informative(path, term), deck)


@lru_cache(maxsize=HEADING_PATHS_KEPT)
def _heading_tag(parts: tuple[str, ...], deck: str) -> str:
    if parts and deck and _fold(parts[0]) == _fold(deck.split("::")[-1]):
        parts = parts[1:]
    return "::".join(part for part in (anki_tag(p) for p in parts) if part)
