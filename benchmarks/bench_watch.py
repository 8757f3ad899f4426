"""What one save costs ``ankigen watch``'s rebuild, in process, A/B between source trees.

    PYTHONPATH=. python benchmarks/bench_watch.py [--saves 30] [--rounds 3] [TREE ...]

The watch part of ``bench_build.py`` takes minutes (a first build, 30 saves through a watcher
process) and its wall times follow the machine's load. This runs only what a save costs: the
benchmark's watch vault (245 files, about 15,000 notes, the same generator and seed) is built once
by :class:`ankigen.watch.Rebuilder`, then a file is saved ``--saves`` times (a definition added,
as the benchmark does) and rebuilt with only that file named as changed, after 3 saves not
counted. Per rebuild it reports the process's CPU time (every thread: the package is written in
one) and the wall time, median and minimum.

Each TREE (a checkout, or ``git archive COMMIT | tar -x -C DIR``; default: this one) is run in a
child process of its own with its ``ankigen`` first on the path, the trees alternating round by
round so that they share the load; each child starts with an empty per-file cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WATCH_FILES = 245  # the benchmark's watch vault: 15,000 notes at its per-file count
WATCH_SEED = 11
WARM_UP = 3


def _child(vault: Path, saves: int) -> dict[str, object]:
    """In a child whose path starts with the tree: the CPU and wall seconds of each rebuild."""
    import ankigen
    from ankigen.config import load_config
    from ankigen.watch import Rebuilder

    work = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    try:
        os.environ["ANKIGEN_CACHE_DIR"] = str(work / "cache")
        copy = work / "watched"
        shutil.copytree(vault, copy)
        paths = sorted(copy.rglob("*.md"))
        rebuilder = Rebuilder([copy], work / "watched.apkg", config=load_config([copy]), state=work / "state.json")
        notes = len(rebuilder.rebuild(None).result.notes)
        cpu: list[float] = []
        wall: list[float] = []
        for number in range(saves + WARM_UP):
            path = paths[(number * 7) % len(paths)]
            text = (
                path.read_text(encoding="utf-8")
                + f"\n- **監視の用語{number}**: 保存から新しいパッケージまでを測る定義。\n"
            )
            path.write_text(text, encoding="utf-8")
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            rebuilder.rebuild({path.resolve()})
            if number >= WARM_UP:
                cpu.append(time.process_time() - cpu_start)
                wall.append(time.perf_counter() - wall_start)
        return {"ankigen": str(Path(ankigen.__file__).parent), "notes": notes, "cpu": cpu, "wall": wall}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(tree: Path, vault: Path, saves: int) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(vault), "--saves", str(saves)]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True, cwd=tree).stdout
    result: dict[str, object] = json.loads(output.splitlines()[-1])
    return result


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.1f} ms, min {min(values) * 1000:6.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, help="source trees to compare (default: this checkout)")
    parser.add_argument("--saves", type=int, default=30, help="saves timed per tree and round (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the trees alternating (default 3)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(_child(args.child, args.saves)))
        return 0
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_build import write_vault

    trees = [tree.resolve() for tree in args.trees] or [REPO]
    figures: dict[Path, tuple[list[float], list[float]]] = {tree: ([], []) for tree in trees}
    with tempfile.TemporaryDirectory(prefix="bench-watch-vault-") as folder:
        vault = Path(folder) / "watched"
        vault.mkdir()
        write_vault(vault, WATCH_FILES, seed=WATCH_SEED)
        for number in range(args.rounds):
            for tree in trees:
                result = _run(tree, vault, args.saves)
                cpu, wall = result["cpu"], result["wall"]
                assert isinstance(cpu, list) and isinstance(wall, list)
                figures[tree][0].extend(cpu)
                figures[tree][1].extend(wall)
                print(
                    f"round {number + 1} {tree} ({result['notes']} notes): CPU {_ms(cpu)}; wall {_ms(wall)}; "
                    f"load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
    for tree, (cpu, wall) in figures.items():
        print(f"{tree}: {len(cpu)} rebuilds; CPU per rebuild {_ms(cpu)}; wall {_ms(wall)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
