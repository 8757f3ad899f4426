"""How fast ankigen builds a large vault, against the floor of the stack it is built on.

    PYTHONPATH=. python benchmarks/bench_build.py [--files 300] [--repeat 5] [--check] [--rebuild-only]

Generates a synthetic vault of N Markdown files (Japanese and English definitions, comparison
tables, bold-phrase clozes) in a temporary folder and measures, on the same files:

* floor: markdown-it-py (CommonMark with tables, the project's Markdown parser) parsing and
  rendering every file, then genanki writing as many notes as ankigen makes, in one process;
* cold build: ``ankigen.build_package`` with an empty per-file cache;
* rebuild (the target of issue 14, as the issue defines it): ``python -m ankigen build VAULT -o OUT``
  as a new process after one file changed (everything else from the per-file cache, the build state
  of the previous build read), against the same command as a new process with an empty cache and no
  state (the cold build a user runs); bytecode cached, as an installed ankigen runs. The in-process
  rebuild (``ankigen.build_package``, the notes kept) is printed as a second line, for comparison;
* (``--rebuild-only``: only these rounds, without the floor, start-up, watch and memory figures)
* peak memory: the resident set of a child process building the vault 1x, 4x and 16x as large
  (one worker, no cache) as ``ankigen build`` does (the notes streamed, not kept: see
  ``build_package(keep_notes=False)``), with a build state written (a first build) and without
  one (``--no-state``), against the number of notes;
* start-up: ``ankigen --version``, ``ankigen --help`` and ``ankigen inspect`` of one small file, as
  new processes (wall time, best of N);
* watch latency: ``ankigen watch`` running on a vault of 15,000 notes, from a save (a temporary
  file renamed over a note file, as editors save) to the new package in place, median and 95th
  percentile over ``--saves`` saves.

The timings are taken in rounds (cold build, floor, one more file changed, rebuild; then the same
as new ``ankigen build`` processes), and the best round of each counts, so each ratio compares runs
made close together.

Targets (issues 7 and 14): cold <= 1.0x floor, rebuild (a new process) <= 0.15x cold, memory flat in vault size
(reported: how much it grows against the notes), --version and --help <= 0.1 s, inspect of one small
file <= 0.25 s, watch latency <= 0.15 s at the median.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import genanki
from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import ankigen  # noqa: E402

_JA_TERMS = [
    "サブネット",
    "ルートテーブル",
    "ゲートウェイ",
    "レプリカ",
    "スナップショット",
    "パーティション",
    "キャッシュ",
]
_EN_TERMS = ["Endpoint", "Listener", "Target group", "Read replica", "Write-ahead log", "Shard", "Quorum"]
_JA_TEXT = [
    "データを複数のノードに分散して保存するための仕組み。",
    "障害時に自動でフェイルオーバーし、可用性を高める。",
    "リクエストの宛先を決めるルールの集まりで、優先度の高い順に評価される。",
    "読み取り専用のコピーを作成して、読み込みの負荷を分散する。",
]
_EN_TEXT = [
    "a copy of the data kept in sync with the primary, used to scale reads.",
    "the component that accepts connections on a port and forwards them by rule.",
    "an ordered record of changes written before the data pages, so a crash can be replayed.",
    "the smallest number of members that must agree before a write is acknowledged.",
]


def write_vault(folder: Path, files: int, seed: int = 7) -> list[Path]:
    """``files`` Markdown files of about 75 lines each, 30 to a subfolder and its deck; the same seed
    gives the same vault."""
    rng = random.Random(seed)
    paths: list[Path] = []
    for number in range(files):
        topic = f"Topic {number:04d}"
        subfolder = folder / f"part-{number // 30:02d}"
        subfolder.mkdir(exist_ok=True)
        deck = f"Bench::Part {number // 30:02d}"
        lines = ["---", f"deck: {deck}", "tags: [bench]", "---", "", f"# {topic}", ""]
        for section in range(3):
            lines += [f"## 用語 {section} / Terms {section}", ""]
            for item in range(6):
                ja = f"{rng.choice(_JA_TERMS)}{number}-{section}-{item}"
                en = f"{rng.choice(_EN_TERMS)} {number}.{section}.{item}"
                lines.append(f"- **{ja}**: {rng.choice(_JA_TEXT)}{rng.choice(_JA_TEXT)}")
                lines.append(f"- **{en}**: {rng.choice(_EN_TEXT)}")
            lines += ["", f"### 比較 {section}", ""]
            lines += [f"| 項目 | 方式A{number}-{section} | 方式B{number}-{section} |", "| --- | --- | --- |"]
            for row in range(4):
                lines.append(f"| 観点{number}-{section}-{row} | {rng.choice(_JA_TEXT)} | {rng.choice(_EN_TEXT)} |")
            lines += ["", f"### ポイント {section}", ""]
            lines.append(
                f"**マルチ AZ {number}-{section}** は同期レプリケーションで、**リードレプリカ {number}-{section}** "
                "は非同期レプリケーションで複製される。"
            )
            lines.append("")
            lines.append(
                f"A **write-ahead log {number}.{section}** lets the database replay changes after a crash, "
                f"while **checkpoints {number}.{section}** bound how much must be replayed."
            )
            lines.append("")
        path = subfolder / f"note-{number:04d}.md"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def floor(paths: list[Path], notes: int, out: Path) -> float:
    """markdown-it-py (CommonMark with tables) parsing and rendering every file, then genanki writing
    ``notes`` notes (the rendered lines as their backs)."""
    start = time.perf_counter()
    renderer = MarkdownIt("commonmark").enable("table")
    texts: list[str] = []
    for path in paths:
        texts.extend(line for line in renderer.render(path.read_text(encoding="utf-8")).splitlines() if line)
    model = genanki.Model(
        1_607_392_319,
        "floor",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    )
    deck = genanki.Deck(2_059_400_110, "floor")
    for index in range(notes):
        text = texts[index % len(texts)] if texts else ""
        deck.add_note(genanki.Note(model=model, fields=[f"{index}", text], guid=f"floor{index}"))
    genanki.Package(deck).write_to_file(str(out))
    return time.perf_counter() - start


def timed_build(vault: Path, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = ankigen.build_package([vault], out)
    return time.perf_counter() - start, len(result.notes)


def timed_process_build(vault: Path, out: Path, env: dict[str, str]) -> float:
    """Wall time of ``python -m ankigen build VAULT -o OUT`` as a new process (``env``: its cache
    folder and bytecode), as a user runs it."""
    start = time.perf_counter()
    subprocess.run(_ankigen("build", str(vault), "-o", str(out), "-q"), env=env, check=True)
    return time.perf_counter() - start


_MEMORY_CHILD = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])


def peak_kb():
    # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over into the child
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


import ankigen
import ankigen.package, ankigen.pipeline  # the imports are not the build's memory: import ankigen loads nothing
before = peak_kb()
state = sys.argv[3] if sys.argv[3] != "-" else False  # as ankigen build: a state file, or --no-state
result = ankigen.build_package(sys.argv[4:], sys.argv[2], state=state, keep_notes=False)
after = peak_kb()
print(json.dumps({"notes": result.counts().notes, "before_kb": before, "after_kb": after}))
"""


def peak_memory(paths: list[Path], out: Path, state: Path | None) -> dict[str, int]:
    """Peak resident memory (KiB) of a child building ``paths`` (files or folders) in one process,
    without cache, as ``ankigen build`` does, writing the build state ``state`` (None: none)."""
    env = {**os.environ, "ANKIGEN_NO_CACHE": "1", "ANKIGEN_JOBS": "1"}
    child = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(REPO), str(out), str(state or "-"), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    figures: dict[str, int] = json.loads(child.stdout.strip().splitlines()[-1])
    return figures


STARTUP_RUNS = 10


def _ankigen(*args: str) -> list[str]:
    return [sys.executable, "-m", "ankigen", *args]


def _child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def startup(folder: Path, runs: int) -> dict[str, float]:
    """Wall time of a new ``ankigen`` process, best of ``runs``: --version, --help, and inspect of
    one small file (without the per-file cache, so the file is parsed too).

    With bytecode cached, as an installed ankigen runs: where ``PYTHONDONTWRITEBYTECODE`` is set
    (as in this project's sessions) and the checkout has no ``__pycache__``, every run would
    compile ankigen's source again, a third of inspect's start-up that no user pays. The children
    write their bytecode to a folder of their own (``PYTHONPYCACHEPREFIX``); the first run of each
    command fills it, and the best of the runs counts."""
    small = folder / "one-small-file.md"
    small.write_text(
        "# Small\n\n- **Shard**: a horizontal partition of the data.\n- **Quorum**: the members that must agree.\n",
        encoding="utf-8",
    )
    env = _child_env(ANKIGEN_NO_CACHE="1", PYTHONPYCACHEPREFIX=str(folder / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    figures: dict[str, float] = {}
    for name, args in (
        ("ankigen --version", ("--version",)),
        ("ankigen --help", ("--help",)),
        ("ankigen inspect one-small-file.md", ("inspect", small.name)),
    ):
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(_ankigen(*args), cwd=folder, env=env, check=True, stdout=subprocess.DEVNULL)
            best = min(best, time.perf_counter() - start)
        figures[name] = best
    return figures


class _Lines:
    """A child's output lines, read in threads, to wait for one."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        for stream in (process.stdout, process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.queue.put(line)

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if text in line:
                return line
        raise RuntimeError(f"ankigen watch printed no {text!r} in {timeout} s")


def _identity(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (stat.st_ino, stat.st_mtime_ns)


def watch_latency(
    vault: Path, paths: list[Path], out: Path, saves: int, cache: Path
) -> tuple[list[float], list[float]]:
    """``ankigen watch`` on ``vault``: per save (a temporary file renamed over a note file), the
    seconds until the new package is in place, and the rebuild time watch itself reports."""
    process = subprocess.Popen(
        _ankigen("watch", str(vault), "-o", str(out)),
        env=_child_env(ANKIGEN_CACHE_DIR=str(cache)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = _Lines(process)
    latencies: list[float] = []
    reported: list[float] = []
    try:
        lines.wait_for("watching for changes", 900)
        for number in range(saves):
            path = paths[(number * 7) % len(paths)]
            text = (
                path.read_text(encoding="utf-8")
                + f"\n- **監視の用語{number}**: 保存から新しいパッケージまでを測る定義。\n"
            )
            temporary = path.with_name(f".{path.name}.swp")
            temporary.write_text(text, encoding="utf-8")
            before = _identity(out)
            start = time.perf_counter()
            os.replace(temporary, path)
            deadline = start + 60
            while _identity(out) == before and time.perf_counter() < deadline:
                time.sleep(0.001)
            latencies.append(time.perf_counter() - start)
            match = re.search(r" in ([0-9.]+) s$", lines.wait_for("rebuilt", 60).rstrip())
            reported.append(float(match.group(1)) if match else float("nan"))
            time.sleep(0.2)  # a pause between saves, as between keystrokes and a save
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return latencies, reported


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def _change(paths: list[Path], number: int, term: str) -> None:
    """One more definition at the end of one file, another file for each ``number``."""
    changed = paths[(len(paths) // 2 + number) % len(paths)]
    with changed.open("a", encoding="utf-8") as stream:
        stream.write(f"\n- **{term}**: 一つだけ変更したファイルに足した定義。\n")


def _load() -> str:
    try:
        return ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _print_rebuild(process_cold: float, process_rebuild: float, cold: float, rebuild: float) -> bool:
    """Print the rebuild figures, the target's (new processes) and the in-process one; whether the
    target is met."""
    met = process_rebuild <= 0.15 * process_cold
    print(
        f"rebuild after one file changed, a new process (ankigen build; the target):\n"
        f"                                  {process_rebuild:6.2f} s  = {process_rebuild / process_cold:4.2f}x cold "
        f"({process_cold:.2f} s, ankigen build as a new process)   target <= 0.15x: {_verdict(met)}"
    )
    print(
        f"  in-process (build_package, notes kept; not the target): {rebuild:.2f} s = {rebuild / cold:4.2f}x "
        f"its cold build ({cold:.2f} s)"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=300, help="files in the synthetic vault (default 300)")
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each measurement; the best counts (as in timeit)"
    )
    parser.add_argument("--saves", type=int, default=30, help="saves timed in ankigen watch (default 30)")
    parser.add_argument(
        "--watch-notes",
        type=int,
        default=15_000,
        help="notes in the vault ankigen watch runs on (default 15,000; scaled down with --files in a smoke run)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    parser.add_argument(
        "--rebuild-only",
        action="store_true",
        help="only the cold build and rebuild rounds (no floor, start-up, watch or memory figures)",
    )
    args = parser.parse_args()
    smoke = args.files < 300
    with tempfile.TemporaryDirectory(prefix="ankigen-bench-") as temporary:
        root = Path(temporary)
        vault = root / "vault"
        vault.mkdir()
        paths = write_vault(vault, args.files)
        size = sum(path.stat().st_size for path in paths)
        print(f"vault: {len(paths)} files, {size / 1e6:.1f} MB, {os.cpu_count()} CPUs, ankigen {ankigen.__version__}")

        # in rounds (cold build, floor, rebuild after one more file changed), so that each ratio
        # compares runs made close together: this shared machine's speed drifts over a minute
        colds: list[float] = []
        floors: list[float] = []
        rebuilds: list[float] = []
        process_colds: list[float] = []
        process_rebuilds: list[float] = []
        pycache = root / "pycache"  # bytecode cached for the children, as an installed ankigen runs
        compiled = _child_env(PYTHONPYCACHEPREFIX=str(pycache))
        compiled.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "ankigen")], env=compiled, check=True)
        notes = rebuilt_notes = 0
        for run in range(args.repeat):
            os.environ["ANKIGEN_CACHE_DIR"] = str(root / f"cache-{run}")
            (vault / ".ankigen-state.json").unlink(missing_ok=True)
            seconds, built = timed_build(vault, root / f"cold-{run}.apkg")
            colds.append(seconds)
            notes = notes or built
            if not args.rebuild_only:
                floors.append(floor(paths, built, root / f"floor-{run}.apkg"))
            _change(paths, 2 * run, f"追加の用語{run}")  # another file each round
            seconds, rebuilt_notes = timed_build(vault, root / f"rebuild-{run}.apkg")
            rebuilds.append(seconds)

            # the same as new processes, the target's figures: ankigen build with an empty cache and
            # no state, then after one more file changed
            env = _child_env(ANKIGEN_CACHE_DIR=str(root / f"cache-process-{run}"), PYTHONPYCACHEPREFIX=str(pycache))
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            (vault / ".ankigen-state.json").unlink(missing_ok=True)
            process_colds.append(timed_process_build(vault, root / f"cold-process-{run}.apkg", env))
            _change(paths, 2 * run + 1, f"新しいプロセスの用語{run}")
            process_rebuilds.append(timed_process_build(vault, root / f"rebuild-process-{run}.apkg", env))
        cold, rebuild = min(colds), min(rebuilds)
        floor_seconds = min(floors) if floors else float("nan")
        process_cold, process_rebuild = min(process_colds), min(process_rebuilds)
        if args.rebuild_only:
            print(f"notes: {notes}; best of {args.repeat} rounds (load {_load()})")
            met = _print_rebuild(process_cold, process_rebuild, cold, rebuild)
            return 1 if args.check and not met else 0

        unchanged = min(timed_build(vault, root / "unchanged.apkg")[0] for _ in range(args.repeat))
        notes_only = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            ankigen.build_notes([vault])
            notes_only = min(notes_only, time.perf_counter() - start)

        started = startup(root, STARTUP_RUNS)

        watch_notes = args.watch_notes * args.files // 300 if smoke else args.watch_notes
        per_file = notes / max(1, len(paths))
        watched = root / "watched"
        watched.mkdir()
        watched_paths = write_vault(watched, max(1, round(watch_notes / per_file)), seed=11)
        latencies, reported = watch_latency(
            watched, watched_paths, root / "watched.apkg", args.saves, root / "cache-watch"
        )
        watched_notes = len(ankigen.build_notes([watched]).notes)

        memory: dict[bool, list[tuple[int, dict[str, int]]]] = {True: [], False: []}
        for scale in (1, 4, 16):
            scaled = root / f"memory-{scale}x"
            scaled.mkdir()
            write_vault(scaled, args.files * scale)
            for with_state in (True, False):
                state = root / f"memory-{scale}x.json" if with_state else None
                memory[with_state].append((scale, peak_memory([scaled], root / f"memory-{scale}x.apkg", state)))

    print(f"notes: {notes} (one more each round: {rebuilt_notes} at the end); best of {args.repeat} rounds")
    print(f"floor (markdown-it-py CommonMark + tables, then genanki): {floor_seconds:6.2f} s")
    cold_met = cold <= floor_seconds
    print(
        f"cold build:                       {cold:6.2f} s  = {cold / floor_seconds:4.2f}x floor"
        f"   target <= 1.00x: {_verdict(cold_met)}"
    )
    rebuild_met = _print_rebuild(process_cold, process_rebuild, cold, rebuild)
    print(
        f"  where a rebuild goes: nothing changed {unchanged:.2f} s = notes from the cache, GUIDs, images, "
        f"sanitising {notes_only:.2f} s + build state and package {unchanged - notes_only:.2f} s"
    )

    print(f"start-up (a new process, wall time, best of {STARTUP_RUNS}, bytecode cached as installed):")
    startup_met = True
    for name, seconds in started.items():
        target = 0.25 if "inspect" in name else 0.1
        startup_met = startup_met and seconds <= target
        print(f"  {name:36s} {seconds:6.3f} s   target <= {target:.2f} s: {_verdict(seconds <= target)}")

    median = statistics.median(latencies)
    p95 = _percentile(latencies, 0.95)
    watch_met = median <= 0.15
    print(
        f"watch, save -> new package in place ({watched_notes} notes, {len(watched_paths)} files, "
        f"{len(latencies)} saves):"
    )
    print(f"  median {median:6.3f} s   target <= 0.15 s: {_verdict(watch_met)}")
    print(f"  p95    {p95:6.3f} s")
    print(
        f"  of which the rebuild itself (as watch reports it): median {statistics.median(reported):.3f} s, "
        f"p95 {_percentile(reported, 0.95):.3f} s; the rest is the watcher's debounce and wake-up"
    )

    memory_met = True
    for with_state in (True, False):
        runs = memory[with_state]
        base = runs[0][1]
        base_growth = max((base["after_kb"] - base["before_kb"]) / 1024, 0.1)
        how = "with a build state written" if with_state else "--no-state"
        print(f"peak memory of ankigen build over its imports ({how}; one worker, no cache):")
        for scale, figures in runs:
            growth = (figures["after_kb"] - figures["before_kb"]) / 1024
            flat = growth <= 1.1 * base_growth
            memory_met = memory_met and flat
            print(
                f"  {scale:2d}x vault ({figures['notes']:6d} notes): {growth:7.1f} MB = x{growth / base_growth:5.2f} "
                f"of 1x (peak RSS {figures['after_kb'] / 1024:.0f} MB)   target flat: {_verdict(flat)}"
            )

    met = cold_met and rebuild_met and startup_met and watch_met and memory_met
    note = " (a smoke run: the targets are set for the default 300 files and 15,000 notes in watch)" if smoke else ""
    print("all targets:", _verdict(met) + note)
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    raise SystemExit(main())
