"""Shared fixtures: paths, the seeds folder (skipped where absent), and the real Anki backend."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTES = REPO / "notes"
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def seeds() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip(f"seed notes not found in {SEEDS}")
    return files


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> int:
    """A fixed SOURCE_DATE_EPOCH for reproducible builds."""
    value = 1_767_225_600  # 2026-01-01
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(value))
    return value
