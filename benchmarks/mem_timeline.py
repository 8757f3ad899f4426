"""Where a large build's memory goes: a sampled timeline of one ``ankigen build`` (issue 14).

    PYTHONPATH=. python benchmarks/mem_timeline.py [--files 300] [--scale 1 16] [--no-state]
        [--interval 0.05] [--stats MARK] [--snapshot MARK] [--repo DIR] [--keep FOLDER]

Builds the benchmark's synthetic vault (:func:`benchmarks.bench_build.write_vault`, ``--files``
times each ``--scale``) in a child process as the benchmark's memory probe does (one worker, no
cache, the notes streamed, ``SOURCE_DATE_EPOCH`` fixed, a first build state written unless
``--no-state``). In the child a thread reads ``/proc/self/status`` (VmRSS, RssAnon, VmHWM), SQLite's
memory (``sqlite3_memory_used``) and glibc's heap (``mallinfo2``: in use, free but kept, mapped)
every ``--interval`` seconds, and the build's stages are marked where they start and end (the
functions are wrapped, nothing in ankigen changes): the files' jobs, the previous state loaded, the
per-file stage, the ids numbered, the collection's indexes and ``VACUUM INTO``, the package zipped,
the state's lines and its file, the kept database, the spools read back.

Printed per scale: the peak over the imports (as the benchmark counts it) and the child's CPU; each
stage's RSS when it starts and its highest sample, the stage the peak (VmHWM) was first reached in,
and what SQLite and glibc held then; how full the bounded ``lru_cache``s were when the files were
done. ``--stats MARK`` counts, when that stage starts, pymalloc's arenas and blocks
(``sys._debugmallocstats``) and the objects the cycle collector tracks, by type. ``--snapshot MARK``
also takes a ``tracemalloc`` snapshot when that stage starts (slow: tracemalloc with one frame
doubles the per-file time or more) and prints its largest lines; ``--repo`` measures
another checkout (an A/B of two branches on the same vaults); ``--keep`` leaves the vaults and the
samples (one JSON line each) in a folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.bench_build import write_vault  # noqa: E402

_CHILD = r"""
import contextlib, ctypes, ctypes.util, functools, json, os, sys, threading, time
sys.path.insert(0, sys.argv[1])
out_path, samples_path, state_arg, snapshot_at, interval, dump_path, stats_at = sys.argv[2:9]
interval = float(interval)
inputs = sys.argv[9:]


def status():
    found = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "VmHWM"):
                found[key] = int(value.split()[0])
    return found


class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


libc = ctypes.CDLL(None)
mallinfo2 = getattr(libc, "mallinfo2", None)
if mallinfo2 is not None:
    mallinfo2.restype = MallInfo2
try:
    sqlite = ctypes.CDLL(ctypes.util.find_library("sqlite3") or "libsqlite3.so.0")
    sqlite.sqlite3_memory_used.restype = ctypes.c_int64
except OSError:
    sqlite = None

marks = []  # (time, thread, "+name" / "-name")
active = {}  # thread name -> stack of stage names
lock = threading.Lock()
start = time.perf_counter()


def heap():
    if mallinfo2 is None:
        return {}
    info = mallinfo2()
    return {"used": info.uordblks // 1024, "free": info.fordblks // 1024, "mapped": info.hblkhd // 1024}


def sample(stream):
    row = {"t": round(time.perf_counter() - start, 3), **status(), **heap(), "blocks": sys.getallocatedblocks()}
    row["done"] = files_done[0]
    if sqlite is not None:
        row["sqlite"] = sqlite.sqlite3_memory_used() // 1024
    if snapshot_at != "-":
        import tracemalloc
        row["traced"] = tracemalloc.get_traced_memory()[0] // 1024
    with lock:
        row["stage"] = " | ".join("/".join(stack) for stack in active.values() if stack)
    stream.write(json.dumps(row) + "\n")


done = threading.Event()
files_done = [0]  # the files the per-file stage gave so far


def sampler():
    with open(samples_path, "w") as stream:
        while not done.wait(interval):
            sample(stream)
        sample(stream)


snapshot = []
stats = {}


def malloc_stats():
    # sys._debugmallocstats writes to the C stderr: pymalloc's arenas and blocks, read from there
    import gc, re, tempfile
    with tempfile.TemporaryFile() as capture:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(capture.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        capture.seek(0)
        text = capture.read().decode("utf-8", "replace")
    found = {}
    for label, key in (("# arenas allocated current", "arenas"), ("# bytes in allocated blocks", "allocated"),
                       ("# bytes in available blocks", "available"), ("# unused pools", "unused_pools")):
        match = re.search(re.escape(label) + r"\s*=\s*([0-9,]+)", text)
        if match:
            found[key] = int(match.group(1).replace(",", ""))
    found["mark"] = stats_at
    found["gc_count"] = gc.get_count()
    found["gc_objects"] = len(gc.get_objects())
    found["gc_freeze"] = gc.get_freeze_count()
    import collections
    found["types"] = collections.Counter(type(item).__name__ for item in gc.get_objects()).most_common(12)
    return found
caches = []  # at the end of the per-file stage, before they are emptied: each bounded cache's fill


def cache_fill():
    from functools import _lru_cache_wrapper
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("ankigen.") or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if isinstance(value, _lru_cache_wrapper) and value.cache_parameters()["maxsize"] is not None:
                info = value.cache_info()
                if info.currsize:
                    caches.append((f"{module_name}.{attribute}", info.currsize, info.maxsize))


def mark(name, entering):
    thread = threading.current_thread().name
    with lock:
        stack = active.setdefault(thread, [])
        if entering:
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        marks.append((round(time.perf_counter() - start, 3), thread, ("+" if entering else "-") + name))
    if entering and name == "forget" and not caches:
        cache_fill()
    if entering and name == stats_at and not stats:
        stats.update(malloc_stats())
    if entering and name == snapshot_at and not snapshot:
        import tracemalloc
        if tracemalloc.is_tracing():
            snapshot.append(tracemalloc.take_snapshot())
            if dump_path != "-":
                snapshot[0].dump(dump_path)


def wrap(owner, attribute, name, kind="call"):
    original = getattr(owner, attribute)

    if kind == "context":
        @contextlib.contextmanager
        def wrapped(*args, **kwargs):
            mark(name, True)
            try:
                with original(*args, **kwargs) as value:
                    yield value
            finally:
                mark(name, False)
    elif kind == "generator":
        @functools.wraps(original)
        def wrapped(*args, **kwargs):
            mark(name, True)
            try:
                for item in original(*args, **kwargs):
                    if name == "files":
                        files_done[0] += 1
                    yield item
            finally:
                mark(name, False)
    else:
        @functools.wraps(original)
        def wrapped(*args, **kwargs):
            mark(name, True)
            try:
                return original(*args, **kwargs)
            finally:
                mark(name, False)

    setattr(owner, attribute, wrapped)


if snapshot_at != "-":
    import tracemalloc
    tracemalloc.start(int(os.environ.get("TIMELINE_FRAMES", "1")))

import ankigen
import ankigen.package, ankigen.pipeline, ankigen.state  # the imports are not the build's memory
from ankigen import package, pipeline, state

wrap(pipeline, "_jobs", "jobs")
if hasattr(pipeline, "_spool_jobs"):  # a streamed build's jobs, spooled (since session 20)
    wrap(pipeline, "_spool_jobs", "jobs")
wrap(state.ScratchState, "load", "load-state")
wrap(pipeline, "_per_file", "files", "generator")
wrap(pipeline, "_forget_extractors", "forget")
wrap(pipeline, "_give_back_freed_heap", "trim")
wrap(package.CollectionStream, "number", "number", "generator")
wrap(package.CollectionStream, "clashed", "clashed")
wrap(package, "_vacuum_into", "vacuum")
wrap(package.CollectionStream, "written", "collection", "context")
wrap(pipeline, "_write_package", "zip")
wrap(state.StreamedPlan, "state", "plan-state")
wrap(state.ScratchState, "lines", "state-lines", "generator")
wrap(pipeline, "prepare_write", "state-file")
wrap(state.ScratchState, "keep", "keep-db")
wrap(pipeline, "_check_outputs", "check-outputs")
wrap(state.ScratchState, "close", "scratch-close")

thread = threading.Thread(target=sampler, name="sampler", daemon=True)
before = status()["VmHWM"]
thread.start()
mark("build", True)
stream_state = state_arg if state_arg != "-" else False
result = ankigen.build_package(inputs, out_path, state=stream_state, keep_notes=False)
mark("build", False)
done.set()
thread.join()
after = status()["VmHWM"]
import resource
usage = resource.getrusage(resource.RUSAGE_SELF)
top = []
if snapshot:
    for stat in snapshot[0].statistics("traceback")[:12]:
        frames = [f"{frame.filename.rsplit('/', 2)[-2]}/{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
                  for frame in stat.traceback[-4:]]
        top.append({"kib": stat.size // 1024, "count": stat.count, "where": frames})
print(json.dumps({"notes": result.counts().notes, "before_kb": before, "after_kb": after, "marks": marks, "top": top,
                  "caches": sorted(caches), "stats": stats,
                  "cpu": round(usage.ru_utime + usage.ru_stime, 2)}))
"""


def run(repo: Path, vault: Path, out: Path, state: Path | None, samples: Path, options: argparse.Namespace) -> Any:
    """One build of ``vault`` in a child process: its figures and marks (JSON), its timeline in ``samples``."""
    env = {**os.environ, "ANKIGEN_NO_CACHE": "1", "ANKIGEN_JOBS": "1", "SOURCE_DATE_EPOCH": "1764806400"}
    dump = samples.with_suffix(".tracemalloc") if options.keep is not None and options.snapshot != "-" else None
    arguments = [str(repo), str(out), str(samples), str(state or "-"), options.snapshot, str(options.interval)]
    arguments += [str(dump or "-"), options.stats, str(vault)]
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, *arguments], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def _mb(kib: float) -> str:
    return f"{kib / 1024:.1f} MB"


def report(scale: int, figures: Any, samples: Path) -> None:
    """Per stage (the stages active at once joined by ``|``, nested ones by ``/``): when it first
    shows in a sample, how many samples, RSS then and at most; where the peak was first seen."""
    rows = [json.loads(line) for line in samples.read_text().splitlines() if line.strip()]
    before, after = figures["before_kb"], figures["after_kb"]
    print(
        f"{scale:2d}x: {figures['notes']} notes, peak {_mb(after)}, over the imports {_mb(after - before)}, "
        f"CPU {figures['cpu']} s"
    )
    stages: dict[str, list[float]] = {}  # first time, samples, RSS at first, highest RSS
    for row in rows:
        entry = stages.setdefault(row.get("stage") or "(none)", [row["t"], 0, row["VmRSS"], 0])
        entry[1] += 1
        entry[3] = max(entry[3], row["VmRSS"])
    print(f"   {'stage':46s} {'from (s)':>8s} {'samples':>8s}  RSS at start / highest")
    for stage, (first, count, start, highest) in stages.items():
        print(f"   {stage[:46]:46s} {first:8.2f} {count:8.0f}  {_mb(start):>8s} / {_mb(highest):>8s}")
    peak = next((row for row in rows if row["VmHWM"] >= after), rows[-1] if rows else None)
    if peak is not None:
        names = ("VmRSS", "RssAnon", "sqlite", "used", "free", "mapped", "traced")
        fields = ", ".join(f"{name} {_mb(peak[name])}" for name in names if name in peak)
        files = f", {peak['done']} files done" if "done" in peak else ""
        print(f"   peak first seen at {peak['t']:.2f} s in [{peak.get('stage') or '(none)'}{files}]: {fields}")
    total = max((row.get("done", 0) for row in rows), default=0)
    if total >= 8:  # the highest RSS by the files done: where in the per-file stage it grows
        eighths = [
            max((row["VmRSS"] for row in rows if row.get("done", 0) <= total * part // 8), default=0)
            for part in range(1, 9)
        ]
        shown = " ".join(f"{kib / 1024:.1f}" for kib in eighths)
        print(f"   highest RSS up to each eighth of the files: {shown} MB")
    caches = figures.get("caches") or []
    if caches:
        full = sum(1 for _, size, most in caches if size >= most)
        entries = sum(size for _, size, _ in caches)
        print(f"   bounded caches when the files were done: {len(caches)} hold entries, {full} full, {entries} entries")
    stats = figures.get("stats") or {}
    if stats:
        print(
            f"   at {stats['mark']}: pymalloc {stats.get('arenas', 0)} arenas of 1 MiB, "
            f"{stats.get('allocated', 0) / 1e6:.1f} MB in blocks, {stats.get('available', 0) / 1e6:.1f} MB in free "
            f"blocks; the collector tracks {stats['gc_objects']} objects, counts {stats['gc_count']}, "
            f"{stats['gc_freeze']} frozen; most: {stats['types']}"
        )
    for entry in figures.get("top") or []:
        print(f"     {entry['kib']:8d} KiB {entry['count']:7d} blocks  {' < '.join(reversed(entry['where']))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=300, help="files of the 1x vault (default 300, as bench_build)")
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 16], help="sizes, times --files (default 1 16)")
    parser.add_argument("--no-state", action="store_true", help="build without a state, as ankigen build --no-state")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between samples (default 0.05)")
    parser.add_argument("--snapshot", default="-", help="a stage to take a tracemalloc snapshot at (slow)")
    parser.add_argument(
        "--stats", default="-", help="a stage to count pymalloc's arenas and the collector's objects at"
    )
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to measure (default this one)")
    parser.add_argument("--keep", type=Path, help="a folder for the vaults and the samples (else temporary)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ankigen-timeline-") as temporary:
        root = args.keep if args.keep is not None else Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        print(f"load {', '.join(f'{value:.1f}' for value in os.getloadavg())}; {args.repo}")
        for scale in args.scale:
            vault = root / f"vault-{scale}x"
            if not vault.is_dir():
                vault.mkdir()
                write_vault(vault, args.files * scale)
            state = None if args.no_state else root / f"state-{scale}x.json"
            if state is not None:
                state.unlink(missing_ok=True)
            samples = root / f"samples-{scale}x{'-no-state' if args.no_state else ''}.jsonl"
            figures = run(args.repo.resolve(), vault, root / f"out-{scale}x.apkg", state, samples, args)
            if args.keep is not None:
                samples.with_suffix(".json").write_text(json.dumps(figures))
            report(scale, figures, samples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
