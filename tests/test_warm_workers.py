"""A pool of several forked workers is forked from a process that has the Markdown parser and the
extractors imported already (issue 14: each worker importing them itself cost about 0.3 s of CPU a
worker in every cold build); a single worker beside the cache (a rebuild) is not waited for."""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ankigen import pipeline
from ankigen.config import Config

REPO = Path(__file__).resolve().parent.parent


class _NoPool:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise OSError("no pool in this test")


def _task() -> tuple[pipeline._FileJob, str | None, str | None]:
    return pipeline._FileJob("a.md", "a.md", b"# A\n\n- **Term**: what it is\n", None, Config()), None, None


@pytest.mark.parametrize(("workers", "warmed"), [(0, False), (1, False), (2, True), (4, True)])
def test_only_a_pool_of_several_forked_workers_is_warmed_first(
    monkeypatch: pytest.MonkeyPatch, workers: int, warmed: bool
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "_warm_for_workers", lambda: calls.append(workers))
    monkeypatch.setattr(pipeline, "_forked", lambda: True)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _NoPool)
    assert pipeline._start(workers, [_task()]) == (None, [])
    assert calls == ([workers] if warmed else [])


def test_workers_that_start_as_new_interpreters_are_not_warmed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "_warm_for_workers", lambda: calls.append(1))
    monkeypatch.setattr(pipeline, "_forked", lambda: False)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _NoPool)
    assert pipeline._start(2, [_task()]) == (None, [])
    assert calls == []


_CHILD = """
import concurrent.futures, sys
from pathlib import Path
seen = []
original = concurrent.futures.ProcessPoolExecutor.__init__
def recording(self, *args, **kwargs):
    seen.append(all(name in sys.modules for name in ("ankigen.extract", "ankigen.extract.tables", "ankigen.render")))
    original(self, *args, **kwargs)
concurrent.futures.ProcessPoolExecutor.__init__ = recording
import ankigen
result = ankigen.build_package([Path(sys.argv[1])], Path(sys.argv[2]))
print(seen, len(result.notes))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux")
def test_a_cold_build_forks_its_workers_with_the_extractors_imported(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    for number in range(40):
        (vault / f"n{number:02d}.md").write_text(
            f"# Topic {number}\n\n- **Term {number}**: what the term {number} means here\n", encoding="utf-8"
        )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "ANKIGEN_JOBS": "2",
        "ANKIGEN_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(vault), str(tmp_path / "out.apkg")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert done.stdout.split() == ["[True]", "40"]
