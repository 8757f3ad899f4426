"""The labelled corpus meets the quality target (benchmarks/quality.py prints the full figures)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.quality import SEED_LABELS, TARGET_RECALL, read_seed_labels, score_corpus, score_seed


def test_corpus_recall_and_no_junk() -> None:
    score = score_corpus()
    assert sum(score.expected.values()) >= 50, "the corpus labels enough notes to measure"
    assert score.recall() >= TARGET_RECALL, "missed:\n" + "\n".join(score.missed)
    assert not score.junk, "junk cards:\n" + "\n".join(score.junk)


def test_seeds_give_the_labelled_notes_and_no_known_junk(seeds: list[Path]) -> None:
    labels = read_seed_labels(SEED_LABELS)
    for seed in seeds:
        expected, junk = labels.get(seed.stem, ([], []))
        score = score_seed(seed, expected, junk)
        assert not score.junk, f"{seed.name}: known junk came back:\n" + "\n".join(score.junk)
        assert score.recall() >= 0.9, f"{seed.name}: missed:\n" + "\n".join(score.missed)
