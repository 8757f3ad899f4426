"""``ankigen build`` streams its notes (``build_package(keep_notes=False)``): the package and the
build state must be the bytes a build that keeps every note writes, through duplicates, images,
rejected notes, notes that keep, lose or change their cards, orphans, and standard output."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import ankigen
from ankigen.pipeline import BuildResult

from .conftest import REPO

PNG = b"\x89PNG\r\n\x1a\n" + b"streamed pixels"

FIRST = """---
deck: Streams::Storage
---
# Storage

- **Bucket**: a container that holds uploaded objects.
- **Lifecycle rule**: moves objects to cheaper tiers after a set number of days. ![rule](rule.png)
- **Replica**: a copy kept in another region.

Objects are **immutable** once written, and **versioning** keeps the older copies. ^objects
"""

SECOND = """---
deck: Streams::Network
---
# Network

| | Gateway | Endpoint |
| --- | --- | --- |
| Traffic | leaves the network | stays inside |
| Cost | per hour | per request |

- **Subnet**: a range of addresses inside the network.
- **Bucket**: in networking, a token bucket that limits the request rate.
"""


def build_both(vault: Path, root: Path, name: str) -> tuple[BuildResult, BuildResult]:
    """The same build, keeping the notes and streaming them, each with its own state and package."""
    results = []
    for keep in (True, False):
        folder = root / ("kept" if keep else "streamed")
        folder.mkdir(exist_ok=True)
        results.append(ankigen.build_package([vault], folder / name, state=folder / "state.json", keep_notes=keep))
    return results[0], results[1]


def same_files(root: Path, *names: str) -> None:
    for name in names:
        kept, streamed = (root / "kept" / name).read_bytes(), (root / "streamed" / name).read_bytes()
        assert kept == streamed, f"{name} differs between a build that keeps its notes and one that streams them"


def same_counts(kept: BuildResult, streamed: BuildResult) -> None:
    assert streamed.notes == () and streamed.tally is not None
    ours, theirs = kept.counts(), streamed.counts()
    assert (ours.notes, dict(ours.kinds), dict(ours.files), ours.decks) == (
        theirs.notes,
        dict(theirs.kinds),
        dict(theirs.files),
        theirs.decks,
    )
    assert {change: count for change, count in ours.changes.items() if count} == {
        change: count for change, count in theirs.changes.items() if count
    }
    assert [str(d) for d in kept.diagnostics] == [str(d) for d in streamed.diagnostics]
    assert kept.media == streamed.media and kept.rejected == streamed.rejected
    assert kept.files == streamed.files and kept.output is not None and streamed.output is not None


def test_a_streamed_build_writes_the_bytes_of_a_kept_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "rule.png").write_bytes(PNG)
    (vault / "storage.md").write_text(FIRST, encoding="utf-8")
    (vault / "network.md").write_text(SECOND, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")

    kept, streamed = build_both(vault, tmp_path, "deck.apkg")
    same_files(tmp_path, "deck.apkg", "state.json")
    same_counts(kept, streamed)
    assert kept.counts().changes["added"] == kept.counts().notes
    assert any("numbers" in str(d) or "also at" in str(d) for d in streamed.diagnostics), "the duplicate warned"
    assert len(streamed.media) == 1

    # a later build: one note rejected, one gone, one new, a pinned cloze with a third deletion (a
    # new card beside the two whose ids it keeps), a definition reworded
    replica = next(note for note in kept.notes if "Replica" in note.prompt)
    (vault / ".ankigen-rejected.txt").write_text(f"{replica.guid}\n", encoding="utf-8")
    (vault / "storage.md").write_text(
        FIRST.replace("copies.", "copies, and **retention** holds them.")
        .replace("a container that holds uploaded objects", "a named container for objects")
        .replace("- **Replica**", "- **Snapshot**: a point-in-time copy of a volume.\n- **Replica**"),
        encoding="utf-8",
    )
    (vault / "network.md").write_text(SECOND.replace("- **Subnet**: a range of addresses inside the network.\n", ""))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225700")
    kept, streamed = build_both(vault, tmp_path, "deck.apkg")
    same_files(tmp_path, "deck.apkg", "state.json")
    same_counts(kept, streamed)
    changes = streamed.counts().changes
    assert changes["rejected"] == 1 and changes["orphaned"] == 1 and changes["added"] == 1
    assert changes["changed"] >= 2 and changes["unchanged"] >= 1

    # without a state, into a folder (named after the decks) and to standard output
    for keep in (True, False):
        folder = tmp_path / ("kept" if keep else "streamed")
        ankigen.build_package([vault], f"{folder / 'out'}/", state=False, keep_notes=keep)
    same_files(tmp_path, "out/Streams.apkg")
    outputs = []
    for keep in (True, False):
        code = f"import sys, ankigen; ankigen.build_package([sys.argv[1]], '-', state=False, keep_notes={keep})"
        done = subprocess.run([sys.executable, "-c", code, str(vault)], capture_output=True, check=True, cwd=REPO)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0] == (tmp_path / "kept" / "out" / "Streams.apkg").read_bytes()
    assert io.BytesIO(outputs[1]).read(2) == b"PK"


def test_a_streamed_build_of_nothing_writes_nothing(tmp_path: Path) -> None:
    vault = tmp_path / "empty"
    vault.mkdir()
    (vault / "blank.md").write_text("# Nothing to learn here\n", encoding="utf-8")
    result = ankigen.build_package([vault], tmp_path / "deck.apkg", keep_notes=False)
    assert result.counts().notes == 0 and result.output is None
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty"], "no package, state or scratch file"
