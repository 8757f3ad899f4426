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
    __slots__ = ("pattern", "_flags", "_compiled", *_METHODS)

    search: _Matcher
    match: _Matcher
    fullmatch: _Matcher
    sub: _Substituter
    subn: _CountingSubstituter
    finditer: _Finder
    findall: _AllFinder
    split: _Splitter

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled on the first call)."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str) -> Any:
        # a method before the first use, or what else a compiled pattern has (``flags``, ``groups``,
        # ``groupindex``)
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str, int]]:
        return (LazyPattern, (self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags})"


Pattern = re.Pattern[str] | LazyPattern
"""A compiled or a lazily compiled pattern, for a parameter that takes either."""


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """:func:`re.compile`, deferred to the pattern's first use."""
    return LazyPattern(pattern, flags)


HTML_TAG = lazy_compile(r"<[^<>]+>")
"""An HTML tag, to strip a field to its text (not ``[^>]``: linear on a run of ``<``). Here, not in
:mod:`ankigen.extract.common`, because identity, state, the API and rendering use it too."""
