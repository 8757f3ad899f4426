"""The one exception type ankigen raises; messages name the file, the line and what to do."""

from __future__ import annotations

__all__ = ["AnkigenError"]


class AnkigenError(Exception):
    """Something ankigen cannot do; the message says where and what the user can do about it."""
