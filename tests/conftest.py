"""Shared fixtures: paths, the seeds folder (skipped where absent), and the real Anki backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Builds in tests (and the CLI they start) cache into a temporary folder, never the user's."""
    folder = tmp_path_factory.mktemp("ankigen-cache")
    previous = os.environ.get("ANKIGEN_CACHE_DIR")
    os.environ["ANKIGEN_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["ANKIGEN_CACHE_DIR"]
    else:
        os.environ["ANKIGEN_CACHE_DIR"] = previous
