"""A small notes folder ("vault") of one Biology file, for the tests of reject, review and sync."""

from __future__ import annotations

from pathlib import Path

CELLS = """---
deck: Biology
---
# Cells

- **Mitosis**: division into two identical daughter cells
- **Meiosis**: division into four haploid cells
- **Osmosis**: water moving across a membrane
"""
"""Three definitions; tests edit it with ``str.replace`` on these lines."""


def write_vault(parent: Path, text: str = CELLS) -> Path:
    """``parent/notes/bio.md`` holding ``text``; returns the ``notes`` folder."""
    notes = parent / "notes"
    notes.mkdir()
    (notes / "bio.md").write_text(text, encoding="utf-8")
    return notes
