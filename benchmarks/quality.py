"""Extraction quality: recall per note kind and junk cards, on a labelled corpus and on the seeds.

Run from the repository root::

    PYTHONPATH=. python -m benchmarks.quality            # corpus, and the seeds when present
    PYTHONPATH=. python -m benchmarks.quality --verbose  # also list every miss and junk card

**Corpus** (``benchmarks/corpus/*.md``): notes written in every style ankigen reads, each with a
``.expected`` file listing every note a careful learner would make from it (``kind | prompt``,
the prompt as plain text). Recall = expected notes found / expected notes, per kind; a *junk card*
is any note built that is not in the list. Target: recall >= 0.95 and zero junk.

**Seeds** (``../shared/seeds/*.txt``, not in the repository): ``benchmarks/seed_labels.txt`` lists,
per seed, a sample of notes that must be found (``kind | prompt``) and prompts that must never be
a card (``junk | prompt``). The seeds are too long to label every note, so their figures are
recall on the sample and the number of known-junk prompts that came back.

Exit status 1 when the corpus misses its target, so CI can run this.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import ankigen
from ankigen import Note

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SEED_LABELS = HERE / "seed_labels.txt"
SEEDS = HERE.parent.parent / "shared" / "seeds"
KINDS = ("definition", "comparison", "cloze", "basic")
TARGET_RECALL = 0.95

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<(?:br|/?p|/?li|/?tr|/?td|/?th|/?dt|/?dd)\b[^>]*>", re.IGNORECASE)


def plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _BREAK.sub(" ", fragment))).split())


def label_of(note: Note) -> tuple[str, str]:
    return note.kind.value, plain(note.prompt)


def parse_label(line: str) -> tuple[str, str]:
    kind, _, prompt = line.partition("|")
    return kind.strip(), " ".join(prompt.split())


@dataclass
class Score:
    expected: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    junk: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    notes: int = 0

    def recall(self, kind: str | None = None) -> float:
        expected = self.expected[kind] if kind else sum(self.expected.values())
        found = self.found[kind] if kind else sum(self.found.values())
        return found / expected if expected else 1.0

    def add(self, other: Score) -> None:
        self.expected.update(other.expected)
        self.found.update(other.found)
        self.junk.extend(other.junk)
        self.missed.extend(other.missed)
        self.notes += other.notes


def score_corpus_file(path: Path) -> Score:
    """Every note of ``path`` against its ``.expected`` list (all notes labelled)."""
    expected = [parse_label(line) for line in path.with_suffix(".expected").read_text("utf-8").splitlines() if line]
    result = ankigen.build_notes([path])
    built = Counter(label_of(note) for note in result.notes)
    score = Score(notes=len(result.notes))
    remaining = Counter(expected)
    score.expected.update(kind for kind, _ in expected)
    for label, count in built.items():
        matched = min(count, remaining[label])
        score.found[label[0]] += matched
        remaining[label] -= matched
        if count > matched:
            line = next(n.span.line for n in result.notes if label_of(n) == label)
            score.junk.append(f"{path.name}:{line}: {label[0]} | {label[1]}")
    score.missed.extend(f"{path.name}: {kind} | {prompt}" for (kind, prompt), n in remaining.items() for _ in range(n))
    return score


def score_corpus(folder: Path = CORPUS) -> Score:
    total = Score()
    for path in sorted(folder.glob("*.md")):
        total.add(score_corpus_file(path))
    return total


def read_seed_labels(path: Path = SEED_LABELS) -> dict[str, tuple[list[tuple[str, str]], list[str]]]:
    labels: dict[str, tuple[list[tuple[str, str]], list[str]]] = {}
    current: tuple[list[tuple[str, str]], list[str]] | None = None
    for raw in path.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = labels.setdefault(line[1:-1], ([], []))
        elif current is not None:
            kind, prompt = parse_label(line)
            (current[1].append(prompt) if kind == "junk" else current[0].append((kind, prompt)))
    return labels


def score_seed(path: Path, expected: list[tuple[str, str]], junk: list[str]) -> Score:
    result = ankigen.build_notes([path])
    built = Counter(label_of(note) for note in result.notes)
    prompts = Counter(plain(note.prompt) for note in result.notes)
    score = Score(notes=len(result.notes))
    for kind, prompt in expected:
        score.expected[kind] += 1
        if built[(kind, prompt)]:
            score.found[kind] += 1
        else:
            score.missed.append(f"{path.name}: {kind} | {prompt}")
    score.junk.extend(f"{path.name}: {prompt}" for prompt in junk if prompts[prompt])
    return score


def report(title: str, score: Score, verbose: bool, out: list[str]) -> None:
    out.append(f"{title}: {score.notes} notes built, {sum(score.expected.values())} labelled")
    out.append(f"  {'kind':<11} {'expected':>8} {'found':>6} {'recall':>7}")
    for kind in KINDS:
        if score.expected[kind]:
            out.append(f"  {kind:<11} {score.expected[kind]:>8} {score.found[kind]:>6} {score.recall(kind):>7.3f}")
    out.append(f"  {'all':<11} {sum(score.expected.values()):>8} {sum(score.found.values()):>6} {score.recall():>7.3f}")
    out.append(f"  junk cards: {len(score.junk)}")
    if verbose:
        out.extend(f"    junk   {line}" for line in score.junk)
        out.extend(f"    missed {line}" for line in score.missed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seeds", type=Path, default=SEEDS, help=f"folder of seed notes (default {SEEDS})")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every missed note and junk card")
    args = parser.parse_args(argv)
    out: list[str] = []
    corpus = score_corpus()
    report("corpus (benchmarks/corpus, every note labelled)", corpus, args.verbose, out)
    met = corpus.recall() >= TARGET_RECALL and not corpus.junk
    out.append(f"  target recall >= {TARGET_RECALL} with zero junk: {'met' if met else 'NOT met'}")
    seeds = sorted(args.seeds.glob("*.txt")) if args.seeds.is_dir() else []
    if seeds:
        labels = read_seed_labels()
        total = Score()
        for seed in seeds:
            expected, junk = labels.get(seed.stem, ([], []))
            score = score_seed(seed, expected, junk)
            report(f"seed {seed.stem} (labelled sample)", score, args.verbose, out)
            total.add(score)
        report("seeds, all (labelled sample)", total, False, out)
    else:
        out.append(f"seeds: none found in {args.seeds}; skipped")
    print("\n".join(out))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
