"""Regular expressions compiled on first use, not at import.

ankigen's modules hold several hundred module-level patterns (the word lists of
:mod:`ankigen.extract.vocabulary` alone make fifty). Compiling them all when the modules are
imported cost ``ankigen inspect one-small-file.md`` tens of milliseconds of its start-up, for
patterns most runs never use. :func:`lazy_compile` is the one mechanism for that: it takes the
same arguments as :func:`re.compile` and returns a :class:`LazyPattern` that compiles the first
time a method is called. After that the compiled pattern's bound methods sit in the instance's
slots, so a call costs what a call on the compiled pattern costs. ``.pattern`` is the source text
without compiling, to build other patterns from it."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, Protocol

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split")


# The signatures of :class:`re.Pattern`'s methods (as typeshed gives them for ``str``), for the slots
# that hold them: a call on a lazy pattern is checked as one on a compiled pattern would be.


class _Matcher(Protocol):
    def __call__(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None: ...


class _Substituter(Protocol):
    def __call__(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str: ...


class _CountingSubstituter(Protocol):
    def __call__(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> tuple[str, int]: ...


class _Finder(Protocol):
    def __call__(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]: ...


class _AllFinder(Protocol):
    def __call__(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]: ...


class _Splitter(Protocol):
    def __call__(self, string: str, maxsplit: int = 0) -> list[str | Any]: ...


class LazyPattern:
    """A :class:`re.Pattern` compiled the first time it is used."""

    # The methods are slots, unset until the first use: looking one up then fails over to
    # ``__getattr__``, which compiles the pattern and sets every slot to the compiled pattern's bound
    # method. A slot is a data descriptor, so later calls are as fast as on a compiled pattern (a
    # method shadowed by an instance ``__dict__`` entry would be half as fast: CPython's attribute
    # cache cannot specialise it).
    __slots__ = ("pattern", "_flags", "_compiled", "_needs", *_METHODS)

    search: _Matcher
    match: _Matcher
    fullmatch: _Matcher
    sub: _Substituter
    subn: _CountingSubstituter
    finditer: _Finder
    findall: _AllFinder
    split: _Splitter

    def __init__(self, pattern: str, flags: int = 0, needs: tuple[str, ...] = ()) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._needs = needs

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled on the first call)."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self._flags)
            for name in _METHODS:
                method = getattr(compiled, name)
                setattr(self, name, _guarded(name, method, self._needs, self._flags) if self._needs else method)
        return compiled

    def __getattr__(self, name: str) -> Any:
        # a method before the first use, or what else a compiled pattern has (``flags``, ``groups``,
        # ``groupindex``)
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str, int, tuple[str, ...]]]:
        return (LazyPattern, (self.pattern, self._flags, self._needs))

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags}, needs={self._needs!r})"


# Characters that re.IGNORECASE matches to a letter that ``str.lower`` does not give (``ı`` for
# ``i``, ``ſ`` for ``s``, the Kelvin sign for ``k``): a needle of an IGNORECASE pattern may not hold them.
_SPECIAL_FOLDING = frozenset("isk")


def _check_needs(needs: tuple[str, ...], flags: int) -> None:
    if not needs or not all(needs):
        raise ValueError("needs: one or more non-empty strings")
    if flags & re.IGNORECASE:
        for needle in needs:
            if needle != needle.lower() or any(
                ch in _SPECIAL_FOLDING or (not ch.isascii() and ch.lower() != ch.upper()) for ch in needle
            ):
                raise ValueError(
                    f"needle {needle!r} of an IGNORECASE pattern: lower case, no i, s, k or non-ASCII letter"
                )


def _guarded(name: str, method: Callable[..., Any], needs: tuple[str, ...], flags: int) -> Callable[..., Any]:
    """``method`` of a compiled pattern behind a test that ``needs`` makes first: a text that holds none
    of them cannot match, so the answer is known without running the pattern (``None``, ``[]``, the
    text unchanged, ``[text]``) — the same answer the pattern gives, sooner."""
    lowered = bool(flags & re.IGNORECASE)

    def holds(string: str) -> bool:
        text = string.lower() if lowered else string
        for needle in needs:  # noqa: SIM110 (a loop: any() over a generator costs more, per call)
            if needle in text:
                return True
        return False

    if name in ("search", "match", "fullmatch"):

        def matcher(string: str, *args: Any, **kwargs: Any) -> Any:
            return method(string, *args, **kwargs) if holds(string) else None

        return matcher
    if name == "finditer":

        def finder(string: str, *args: Any, **kwargs: Any) -> Any:
            return method(string, *args, **kwargs) if holds(string) else iter(())

        return finder
    if name == "findall":

        def all_finder(string: str, *args: Any, **kwargs: Any) -> Any:
            return method(string, *args, **kwargs) if holds(string) else []

        return all_finder
    if name == "split":

        def splitter(string: str, *args: Any, **kwargs: Any) -> Any:
            return method(string, *args, **kwargs) if holds(string) else [string]

        return splitter
    if name == "sub":

        def substituter(repl: Any, string: str, *args: Any, **kwargs: Any) -> Any:
            return method(repl, string, *args, **kwargs) if holds(string) else string

        return substituter

    def counting_substituter(repl: Any, string: str, *args: Any, **kwargs: Any) -> Any:  # subn
        return method(repl, string, *args, **kwargs) if holds(string) else (string, 0)

    return counting_substituter


Pattern = re.Pattern[str] | LazyPattern
"""A compiled or a lazily compiled pattern, for a parameter that takes either."""


def lazy_compile(pattern: str, flags: int = 0, *, needs: tuple[str, ...] = ()) -> LazyPattern:
    """:func:`re.compile`, deferred to the pattern's first use.

    ``needs``: literal texts of which every match holds at least one (``("http",)`` for a web
    address). A text that holds none of them is answered without running the pattern: a costly
    pattern searched in every sentence of a file, that matches few, then costs a substring test. With
    ``re.IGNORECASE`` the needles are lower case and looked for in the text lowered (and may not
    hold ``i``, ``s`` or ``k``, which IGNORECASE also matches to ``ı``, ``ſ`` and the Kelvin sign).
    """
    if needs:
        _check_needs(needs, flags)
    return LazyPattern(pattern, flags, needs)


HTML_TAG = lazy_compile(r"<[^<>]+>")
"""An HTML tag, to strip a field to its text (not ``[^>]``: linear on a run of ``<``). Here, not in
:mod:`ankigen.extract.common`, because identity, state, the API and rendering use it too."""
