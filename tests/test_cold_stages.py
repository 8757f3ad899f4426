"""benchmarks/cold_stages.py (where a cold build's per-file work goes) runs and accounts for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_stage_table_covers_the_per_file_work() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.cold_stages", "--files", "3"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "%" in line]
    names = {row.split(" | ")[-1].rstrip(" |") for row in rows}
    assert {"parse: markdown-it", "after the extractors: select", "extractor tables", "select: _junk"} <= names
    assert any("extractors proposed the" in line for line in done.stdout.splitlines())
    shares = [float(row.split(" | ")[0].lstrip("| ").rstrip("%")) for row in rows]
    # every stage counted once, the rest of the file's work included; each printed share is rounded
    # to 0.1 %, so their sum may stray from 100 by half that for every row
    assert abs(sum(shares) - 100.0) <= 1.0 + 0.05 * len(shares)
