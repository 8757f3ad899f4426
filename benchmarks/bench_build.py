"""How fast ankigen builds a large vault, against the floor of the stack it is built on.

    PYTHONPATH=. python benchmarks/bench_build.py [--files 300] [--repeat 5] [--check]

Generates a synthetic vault of N Markdown files (Japanese and English definitions, comparison
tables, bold-phrase clozes) in a temporary folder and measures, on the same files:

* floor: markdown-it-py parsing and rendering every file (once each, the cheapest use of the stack,
  with the settings ankigen parses with) and genanki writing as many notes as ankigen makes, in one
  process (issue 14's definition);
* cold build: ``ankigen.build_package`` with an empty per-file cache;
* rebuild: the same build after one file changed (everything else from the cache);
* peak memory: the resident set of a child process building half the vault and the whole vault
  (one worker, no cache), against the number of notes.

The three timings are taken in rounds (cold build, floor, one more file changed, rebuild), and the
best round of each counts, so each ratio compares runs made close together.

Targets (issue 7): cold <= 1.0x floor, rebuild <= 0.15x cold, memory growing no faster than notes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import genanki

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import ankigen  # noqa: E402
from ankigen.render import markdown_to_html  # noqa: E402

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
    """markdown-it-py over every file, then genanki writing ``notes`` notes."""
    start = time.perf_counter()
    texts: list[str] = []
    for path in paths:
        rendered = markdown_to_html(path.read_text(encoding="utf-8"))  # ankigen's parser settings
        texts.extend(rendered.split("<li>"))
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
before = peak_kb()
result = ankigen.build_package(sys.argv[3:], sys.argv[2], state=False)
after = peak_kb()
print(json.dumps({"notes": len(result.notes), "before_kb": before, "after_kb": after}))
"""


def peak_memory(paths: list[Path], out: Path) -> dict[str, int]:
    """Peak resident memory (KiB) of a child building ``paths`` in one process, without cache."""
    env = {**os.environ, "ANKIGEN_NO_CACHE": "1", "ANKIGEN_JOBS": "1"}
    child = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(REPO), str(out), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    figures: dict[str, int] = json.loads(child.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=300, help="files in the synthetic vault (default 300)")
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each measurement; the best counts (as in timeit)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    args = parser.parse_args()
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
        notes = rebuilt_notes = 0
        for run in range(args.repeat):
            os.environ["ANKIGEN_CACHE_DIR"] = str(root / f"cache-{run}")
            (vault / ".ankigen-state.json").unlink(missing_ok=True)
            seconds, built = timed_build(vault, root / f"cold-{run}.apkg")
            colds.append(seconds)
            notes = notes or built
            floors.append(floor(paths, built, root / f"floor-{run}.apkg"))
            changed = paths[(len(paths) // 2 + run) % len(paths)]  # another file each round
            with changed.open("a", encoding="utf-8") as stream:
                stream.write(f"\n- **追加の用語{run}**: 一つだけ変更したファイルに足した定義。\n")
            seconds, rebuilt_notes = timed_build(vault, root / f"rebuild-{run}.apkg")
            rebuilds.append(seconds)
        cold, floor_seconds, rebuild = min(colds), min(floors), min(rebuilds)

        unchanged = min(timed_build(vault, root / "unchanged.apkg")[0] for _ in range(args.repeat))
        notes_only = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            ankigen.build_notes([vault])
            notes_only = min(notes_only, time.perf_counter() - start)

        half = peak_memory(paths[: len(paths) // 2], root / "half.apkg")
        full = peak_memory(paths, root / "full.apkg")

    print(f"notes: {notes} (one more each round: {rebuilt_notes} at the end); best of {args.repeat} rounds")
    print(f"floor (markdown-it-py + genanki): {floor_seconds:6.2f} s")
    print(f"cold build:                                        {cold:6.2f} s  = {cold / floor_seconds:4.2f}x floor")
    print(f"rebuild after one file changed:                    {rebuild:6.2f} s  = {rebuild / cold:4.2f}x cold")
    print(
        f"  where a rebuild goes: nothing changed {unchanged:.2f} s = notes from the cache, GUIDs, images, "
        f"sanitising {notes_only:.2f} s + build state and package {unchanged - notes_only:.2f} s"
    )
    half_growth = (half["after_kb"] - half["before_kb"]) / 1024
    full_growth = (full["after_kb"] - full["before_kb"]) / 1024
    print(
        f"peak memory over imports: {half_growth:6.1f} MB for {half['notes']} notes, "
        f"{full_growth:6.1f} MB for {full['notes']} notes "
        f"(memory x{full_growth / max(half_growth, 0.1):.2f} for notes x{full['notes'] / max(half['notes'], 1):.2f}; "
        f"peak RSS {full['after_kb'] / 1024:.0f} MB)"
    )
    met = cold <= floor_seconds and rebuild <= 0.15 * cold
    met = met and full_growth / max(half_growth, 0.1) <= 1.1 * full["notes"] / max(half["notes"], 1)
    smoke = " (a smoke run: the targets are set for the default 300 files)" if args.files < 300 else ""
    verdict = ("met" if met else "NOT met") + smoke
    print("targets (cold <= 1.0x floor, rebuild <= 0.15x cold, memory <= notes):", verdict)
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    raise SystemExit(main())
