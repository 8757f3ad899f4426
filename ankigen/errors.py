"""The exception types ankigen raises; messages name the file, the line and what to do."""

from __future__ import annotations

__all__ = ["AnkigenError", "UsageError"]


class AnkigenError(Exception):
    """Something ankigen cannot do; the message says where and what the user can do about it."""


class UsageError(AnkigenError):
    """A request that cannot be carried out as given (bad settings, an output that would overwrite
    an input, a malformed option): the command line exits 2 for it, as for a usage error."""
