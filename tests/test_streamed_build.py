"""``ankigen build`` streams its notes (``build_package(keep_notes=False)``): the package and the
build state must be the bytes a build that keeps every note writes, through duplicates, images,
rejected notes, notes that keep, lose or change their cards, orphans, and standard output."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


def _parts_vault(tmp_path: Path, parts: int) -> Path:
    """A vault of ``parts`` files taking FIRST and SECOND in turn, each with its own title, and their image."""
    vault = tmp_path / "vault"
    vault.mkdir()
    for number in range(parts):
        (vault / f"part-{number}.md").write_text(
            (FIRST if number % 2 else SECOND).replace("# ", f"# Part {number} ", 1), encoding="utf-8"
        )
    (vault / "rule.png").write_bytes(PNG)
    return vault


def same_files(root: Path, *names: str) -> None:
    for name in names:
        kept, streamed = (root / "kept" / name).read_bytes(), (root / "streamed" / name).read_bytes()
        assert kept == streamed, f"{name} differs between a build that keeps its notes and one that streams them"


def same_counts(kept: BuildResult, streamed: BuildResult, root: Path | None = None) -> None:
    """The same counts and warnings (``root``: where the two builds' folders are, named alike in them)."""
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
    # the streamed build's note that the database it kept was not used (a state written since by
    # another build, or by hand: test_a_streamed_build_reads_the_previous_state_from_the_database_it_kept)
    shown = [str(d) for d in streamed.diagnostics if "the database the last build kept" not in d.message]
    if root is not None:
        shown = [line.replace(str(root / "streamed"), str(root / "kept")) for line in shown]
    assert [str(d) for d in kept.diagnostics] == shown
    assert kept.media == streamed.media and kept.rejected == streamed.rejected
    assert kept.files == streamed.files and kept.output is not None and streamed.output is not None
    assert kept.sources == streamed.sources


def test_a_streamed_build_writes_the_bytes_of_a_kept_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "rule.png").write_bytes(PNG)
    (vault / "storage.md").write_text(FIRST, encoding="utf-8")
    (vault / "network.md").write_text(SECOND, encoding="utf-8")
    # a term twice in one file and a third time in another: numbered #2 and #3, each warning
    # naming the first (the streamed build looks the GUIDs given up a file at a time)
    (vault / "zones.md").write_text(
        "---\ndeck: Streams::Zones\n---\n# Zones\n\n## Private\n\n- **Subnet**: a zone's own slice of addresses.\n\n"
        "## Public\n\n- **Subnet**: a range that faces the internet through a gateway.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")

    kept, streamed = build_both(vault, tmp_path, "deck.apkg")
    same_files(tmp_path, "deck.apkg", "state.json")
    same_counts(kept, streamed)
    assert kept.counts().changes["added"] == kept.counts().notes
    duplicates = [str(d) for d in streamed.diagnostics if "also at" in str(d)]
    assert len(duplicates) == 3, duplicates  # Bucket once, Subnet twice
    assert sum("network.md:" in line and "zones.md:" in line for line in duplicates) == 2, duplicates
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


def test_a_streamed_build_reads_any_previous_state_as_a_kept_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The streamed build reads the previous state a line at a time, as ankigen writes it; a state
    laid out otherwise (formatted by another tool), merged by hand (an id recorded for two notes),
    of format 1 (no ids), written for another package, or broken, must still give the package, the
    state and the warnings a build that keeps its notes gives."""
    import json

    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "rule.png").write_bytes(PNG)
    (vault / "storage.md").write_text(FIRST, encoding="utf-8")
    (vault / "network.md").write_text(SECOND, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build_both(vault, tmp_path, "deck.apkg")
    guids = sorted(json.loads((tmp_path / "kept" / "state.json").read_text(encoding="utf-8"))["notes"])
    assert len(guids) >= 4

    def reindented(state: dict[str, Any]) -> str:
        return json.dumps(state, indent=2, ensure_ascii=False)

    def merged_by_hand(state: dict[str, Any]) -> str:
        notes = state["notes"]
        notes[guids[1]]["id"] = notes[guids[0]]["id"]  # one note id recorded for two notes
        notes[guids[3]]["cards"] = notes[guids[2]]["cards"]  # and their cards for two others
        return json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True)

    def merged_in_place(state: dict[str, Any]) -> str:
        lines = (tmp_path / "kept" / "state.json").read_text(encoding="utf-8").splitlines()
        first, second = (
            next(number for number, line in enumerate(lines) if line.startswith(json.dumps(guid))) for guid in guids[:2]
        )
        taken = f'"id": {state["notes"][guids[0]]["id"]},'
        lines[second] = re.sub(r'"id": [0-9]+,', taken, lines[second])  # in ankigen's own layout, read a line at a time
        assert taken in lines[first] and taken in lines[second]
        return "\n".join(lines) + "\n"

    def note_id_as_card_id(state: dict[str, Any]) -> str:
        notes = state["notes"]
        ordinal, _ = notes[guids[1]]["cards"][0]
        notes[guids[1]]["cards"][0] = [ordinal, notes[guids[0]]["id"]]  # another note's id as a card's
        return json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True)

    def format_one(state: dict[str, Any]) -> str:
        state["format"] = 1
        for entry in state["notes"].values():
            del entry["id"], entry["cards"]
        return json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True)

    def another_package(state: dict[str, Any]) -> str:
        text = (tmp_path / "kept" / "state.json").read_text(encoding="utf-8")
        return text.replace(state["package"]["build"], "0" * 32)

    def broken(state: dict[str, Any]) -> str:
        lines = (tmp_path / "kept" / "state.json").read_text(encoding="utf-8").splitlines()
        at = next(number for number, line in enumerate(lines) if line.startswith(json.dumps(guids[2])))
        lines[at] = lines[at].replace('"mod": ', '"mod": -')  # one note line holds a time ankigen never wrote
        return "\n".join(lines) + "\n"

    def comma_left_out(state: dict[str, Any]) -> str:
        text = (tmp_path / "kept" / "state.json").read_text(encoding="utf-8")
        return text.replace("},\n" + json.dumps(guids[1]), "}\n" + json.dumps(guids[1]))  # not JSON

    def note_line_split(state: dict[str, Any]) -> str:
        text = (tmp_path / "kept" / "state.json").read_text(encoding="utf-8")
        return text.replace(', "kind": ', ',\n"kind": ', 1)  # one note's entry over two lines

    variants = (
        reindented,
        merged_by_hand,
        merged_in_place,
        note_id_as_card_id,
        format_one,
        another_package,
        broken,
        comma_left_out,
        note_line_split,
    )
    for number, make in enumerate(variants):
        text = make(json.loads((tmp_path / "kept" / "state.json").read_text(encoding="utf-8")))
        for folder in ("kept", "streamed"):
            (tmp_path / folder / "state.json").write_text(text, encoding="utf-8")
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1767225700 + 100 * number))
        (vault / "network.md").write_text(SECOND.replace("per hour", f"per hour ({number})"), encoding="utf-8")
        kept, streamed = build_both(vault, tmp_path, "deck.apkg")
        same_files(tmp_path, "deck.apkg", "state.json")
        same_counts(kept, streamed, tmp_path)
        warned = [str(d) for d in streamed.diagnostics if "build state" in str(d)]
        assert bool(warned) == (make in (another_package, broken, comma_left_out)), (make.__name__, warned)
        # the next build reads the state just written (ankigen's layout) as it is: nothing changed
        kept, streamed = build_both(vault, tmp_path, "deck.apkg")
        same_files(tmp_path, "deck.apkg", "state.json")
        same_counts(kept, streamed, tmp_path)
        assert streamed.counts().changes["unchanged"] == streamed.counts().notes, make.__name__


def test_a_file_edited_while_a_streamed_build_runs_is_not_cached_as_its_first_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streamed build reads each file first for its digest and cache key, lets the bytes go, and
    reads it again to parse it. A file saved in between must not have its new notes cached under
    the key of the bytes read first: the next build of those bytes would show the other notes."""
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKIGEN_JOBS", "1")  # parsed here, one file at a time, as they are taken
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a-storage.md").write_text(FIRST, encoding="utf-8")
    second = vault / "b-network.md"
    second.write_text(SECOND, encoding="utf-8")
    edited = SECOND.replace("a range of addresses inside the network", "a slice of the address space")

    def save_while_building(done: int, count: int, shown: str) -> None:
        if done == 0 and shown.endswith("a-storage.md"):  # the first file taken, the second not parsed yet
            second.write_text(edited, encoding="utf-8")

    result = ankigen.build_package(
        [vault], tmp_path / "deck.apkg", state=False, keep_notes=False, progress=save_while_building
    )
    assert second.read_text(encoding="utf-8") == edited and result.counts().notes > 0
    assert [source.changed() for source in result.sources] == [False, True], "the build tells the file changed"

    second.write_text(SECOND, encoding="utf-8")  # back to the bytes read first: from the cache, if stored
    notes = ankigen.build_notes([vault]).notes
    prompts = " ".join(note.prompt + " ".join(value for _, value in note.fields) for note in notes)
    assert "a range of addresses inside the network" in prompts
    assert "a slice of the address space" not in prompts


def test_more_duplicate_warnings_than_a_spooled_batch_come_back_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streamed build keeps its duplicate-term warnings in a temporary file until the end, a few
    hundred at a time: past that many, every warning still comes back once, in the order a build that
    keeps its notes gives them."""
    vault = tmp_path / "vault"
    vault.mkdir()
    for number in range(150):
        (vault / f"topic-{number:03d}.md").write_text(
            f"---\ndeck: Spool\n---\n# Storage\n\n- **Bucket**: container number {number} for uploaded objects.\n"
            f"- **Subnet**: address range number {number} inside a network.\n",
            encoding="utf-8",
        )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    kept, streamed = build_both(vault, tmp_path, "deck.apkg")
    same_files(tmp_path, "deck.apkg", "state.json")
    same_counts(kept, streamed)
    duplicates = [str(d) for d in streamed.diagnostics if "also at" in str(d)]
    assert len(duplicates) == 2 * 149, len(duplicates)
    assert len(set(duplicates)) == len(duplicates)


def test_a_streamed_build_reads_the_previous_state_from_the_database_it_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streamed build keeps its records in the cache folder, with the digest of the state file it
    wrote; the next build copies them instead of reading the file's JSON, and writes the bytes a
    build that keeps its notes writes. A kept database that does not match the state file (written
    since by another build) is not used: the file is read; one that cannot be read is not used either,
    and a note says so."""
    import sqlite3

    from ankigen.state import kept_database

    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "rule.png").write_bytes(PNG)
    (vault / "storage.md").write_text(FIRST, encoding="utf-8")
    (vault / "network.md").write_text(SECOND, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build_both(vault, tmp_path, "deck.apkg")
    kept = kept_database(tmp_path / "streamed" / "state.json")
    assert kept is not None and kept.is_file()
    assert kept_database(tmp_path / "kept" / "state.json") != kept

    def notes_of(result: BuildResult) -> list[str]:
        return [str(d) for d in result.diagnostics if "the database the last build kept" in d.message]

    edits = [
        ("a container that holds uploaded objects", "a named container for objects"),
        ("- **Replica**", "- **Snapshot**: a point-in-time copy of a volume.\n- **Replica**"),
        ("- **Subnet**: a range of addresses inside the network.\n", ""),
    ]
    text = FIRST + SECOND
    for number, (old, new) in enumerate(edits):
        text = text.replace(old, new)
        (vault / "storage.md").write_text(text.split("---\ndeck: Streams::Network")[0], encoding="utf-8")
        (vault / "network.md").write_text("---\ndeck: Streams::Network" + text.split("---\ndeck: Streams::Network")[1])
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1767225700 + 100 * number))
        if number == 1:  # the state file rewritten by hand since: the kept database no longer matches it
            state = tmp_path / "streamed" / "state.json"
            state.write_text(state.read_text(encoding="utf-8").replace("\n", "\n\n"), encoding="utf-8")
        if number == 2:  # a kept database that is no SQLite database
            kept.write_bytes(b"not a database")
        kept_result, streamed = build_both(vault, tmp_path, "deck.apkg")
        same_files(tmp_path, "deck.apkg", "state.json")
        same_counts(kept_result, streamed, tmp_path)
        if number < 2:  # a state written since is read from its file without a word: nothing was lost
            assert notes_of(streamed) == []
        else:
            assert len(notes_of(streamed)) == 1 and "it cannot be read" in notes_of(streamed)[0], notes_of(streamed)
            assert streamed.diagnostics[-1].severity == "info"

    # the records do come from the kept database: emptied (its digest still the state file's), every
    # note of the next build counts as added
    with sqlite3.connect(kept) as connection:
        connection.execute("DELETE FROM notes")
    connection.close()
    streamed = ankigen.build_package(
        [vault], tmp_path / "streamed" / "deck.apkg", state=tmp_path / "streamed" / "state.json", keep_notes=False
    )
    assert streamed.counts().changes["added"] == streamed.counts().notes and notes_of(streamed) == []


def test_a_rebuild_formats_again_only_the_state_lines_of_records_written_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept database holds each record's line in the state file, so a rebuild formats again only
    the records it wrote (changed, added, moved or renumbered notes); the state file and the package
    stay the bytes a build that keeps its notes writes, through edits, new and removed notes, a file
    renamed (every note of it moves) and a duplicate GUID renumbered."""
    import sqlite3

    from ankigen.state import kept_database

    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "rule.png").write_bytes(PNG)
    (vault / "storage.md").write_text(FIRST, encoding="utf-8")
    (vault / "network.md").write_text(SECOND, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build_both(vault, tmp_path, "deck.apkg")
    kept = kept_database(tmp_path / "streamed" / "state.json")
    assert kept is not None

    def kept_lines() -> dict[str, bytes]:
        with sqlite3.connect(kept) as connection:
            rows = connection.execute("SELECT guid, text FROM notes").fetchall()
        connection.close()
        return {guid: text for guid, text in rows}

    def state_lines() -> dict[str, bytes]:
        raw = (tmp_path / "streamed" / "state.json").read_bytes()
        body = raw.split(b'"notes": {\n', 1)[1].split(b"\n}", 1)[0]
        lines = [line.rstrip(b",") for line in body.split(b"\n")]
        return {next(iter(json.loads(b"{" + line + b"}"))): line for line in lines}

    assert kept_lines() == state_lines()
    steps: list[Callable[[], object]] = [
        lambda: (vault / "storage.md").write_text(FIRST.replace("cheaper tiers", "colder tiers"), encoding="utf-8"),
        lambda: (vault / "network.md").rename(vault / "networking.md"),
        lambda: (vault / "zones.md").write_text(
            "---\ndeck: Streams::Zones\n---\n# Zones\n\n- **Subnet**: a zone's own slice of addresses.\n",
            encoding="utf-8",
        ),
        lambda: (vault / "networking.md").write_text(
            SECOND.replace("- **Subnet**: a range of addresses inside the network.\n", ""), encoding="utf-8"
        ),
    ]
    for number, step in enumerate(steps):
        before = kept_lines()
        step()
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1767225700 + 100 * number))
        kept_result, streamed = build_both(vault, tmp_path, "deck.apkg")
        same_files(tmp_path, "deck.apkg", "state.json")
        same_counts(kept_result, streamed, tmp_path)
        after = kept_lines()
        assert after == state_lines()
        assert after != before and any(after.get(guid) == line for guid, line in before.items())

    # a kept line is what the state file gets for a record left as it was: one changed by hand in
    # the kept database (its digest still the state file's) shows in the next state, which proves
    # the unchanged records were not formatted again
    guid, line = sorted(kept_lines().items())[0]
    marked = line.replace(b'"mod": ', b'"mod":  ')
    with sqlite3.connect(kept) as connection:
        connection.execute("UPDATE notes SET text = ? WHERE guid = ?", (marked, guid))
    connection.close()
    state = tmp_path / "streamed" / "state.json"
    ankigen.build_package([vault], tmp_path / "streamed" / "deck.apkg", state=state, keep_notes=False)
    assert state_lines()[guid] == marked and marked != line


def test_a_rebuild_deflates_again_only_the_pieces_of_the_collection_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streamed build keeps the collection's deflated pieces beside the state's records; the next
    build deflates only the pieces whose bytes (or the 32 KiB before them) changed and takes the rest
    from that file. The package stays the bytes a build that keeps its notes writes, and a kept file
    changed on disk, cut short or of another format is never used for a wrong piece: those pieces are
    deflated again."""
    import ankigen.package as package
    from ankigen.state import kept_database

    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    vault = tmp_path / "vault"
    vault.mkdir()
    words = ("ledger", "harbour", "lantern", "orchard", "compass", "meadow", "quarry", "thimble")
    for number in range(10):
        lines = [f"---\ndeck: Pieces::Part {number}\n---\n# Glossary {number}\n"]
        lines += [
            f"- **{words[item % 8].title()} {number}-{item}**: the {words[(item + number) % 8]} kept in row "
            f"{item} of shelf {number}, with a note about {words[(item * 3) % 8]} and {words[(item * 5) % 8]}."
            for item in range(80)
        ]
        (vault / f"glossary-{number}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    deflated: list[int] = []
    real_piece = package._deflate_piece

    def counted(window: bytes, chunk: bytes, last: bool) -> bytes:
        deflated.append(len(chunk))
        return real_piece(window, chunk, last)

    monkeypatch.setattr(package, "_deflate_piece", counted)

    def streamed_pieces() -> int:
        """How many pieces the last build's collection had (its database's size in chunks)."""
        import zipfile

        with zipfile.ZipFile(tmp_path / "streamed" / "deck.apkg") as archive:
            size = archive.getinfo("collection.anki2").file_size
        return -(-size // package.DEFLATE_CHUNK)

    kept_deflated: list[int] = []  # the same for the build that keeps its notes (it keeps the pieces too)

    def build(epoch: int) -> int:
        """Both builds; how many collection pieces the streamed one deflated."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        folders = {keep: tmp_path / ("kept" if keep else "streamed") for keep in (True, False)}
        for folder in folders.values():
            folder.mkdir(exist_ok=True)
        deflated.clear()
        kept = ankigen.build_package([vault], folders[True] / "deck.apkg", state=folders[True] / "state.json")
        kept_deflated.append(len(deflated) - 1)
        deflated.clear()  # the streamed build's pieces only
        streamed = ankigen.build_package(
            [vault], folders[False] / "deck.apkg", state=folders[False] / "state.json", keep_notes=False
        )
        same_files(tmp_path, "deck.apkg", "state.json")
        same_counts(kept, streamed, tmp_path)
        return len(deflated) - 1  # the media index is one piece too

    total_first = build(1767225600)
    pieces = streamed_pieces()
    assert pieces >= 4 and total_first == pieces, "a first build deflates every piece"
    kept_pieces = kept_database(tmp_path / "streamed" / "state.json")
    assert kept_pieces is not None
    memo = kept_pieces.with_suffix(".deflate")
    assert memo.is_file()

    # a note added at the end of one file: its rows go at the end of their tables, most pieces stay
    with (vault / "glossary-9.md").open("a", encoding="utf-8") as stream:
        stream.write("- **Lighthouse 9-80**: the tower added last, to light the shelf's far end.\n")
    again = build(1767225700)
    assert 0 < again < streamed_pieces(), (again, streamed_pieces())

    # nothing changed: nothing deflated again
    assert build(1767225800) == 0
    assert kept_deflated == [pieces, again, 0], "a build that keeps its notes reuses its pieces alike"

    # a piece's bytes changed on disk (its digest no longer matches): that piece is deflated again
    data = bytearray(memo.read_bytes())
    data[len(b"ankigen-deflate-memo-1\n") + 5] ^= 0xFF
    memo.write_bytes(bytes(data))
    assert build(1767225900) == 1

    # cut short, not a kept file at all, or written by another zlib or code: every piece deflated
    for spoiled in (
        memo.read_bytes()[:-7],
        b"not a kept file",
        memo.read_bytes().replace(b"ankigen-deflate-memo-1", b"ankigen-deflate-memo-0"),
    ):
        memo.write_bytes(spoiled)
        assert build(1767226000) == streamed_pieces()
    monkeypatch.setattr(package, "_memo_version", lambda: b"another zlib")
    assert build(1767226100) == streamed_pieces()
    assert build(1767226200) == 0
    assert not list(memo.parent.glob("*.tmp")), "no temporary file left behind"


def test_what_a_streamed_build_forgets_to_stay_flat_changes_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streamed build keeps only a few of its colliding identities' last numbers and of its files'
    paths relative to the state (a large vault's build would otherwise hold one of each per file):
    kept to one of each, the GUIDs of the copies, their warnings, the package and the state are what
    a build that keeps every note gives."""
    from ankigen import identity, state

    vault = tmp_path / "vault"
    vault.mkdir()
    for number in range(6):
        (vault / f"chapter-{number}.md").write_text(
            f"---\ndeck: Forget\n---\n# Chapter {number}\n\n"
            "## First pass\n\n- **Quorum**: the number of voters a decision needs.\n"
            f"- **Lease**: a lock that lapses on its own after {number + 2} seconds.\n\n"
            "## Second pass\n\n- **Quorum**: counted again once a voter drops out.\n"
            f"- **Lease**: renewed by its holder every {number + 1} seconds.\n",
            encoding="utf-8",
        )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    kept_folder, streamed_folder = tmp_path / "kept", tmp_path / "streamed"
    kept_folder.mkdir()
    streamed_folder.mkdir()
    kept = ankigen.build_package([vault], kept_folder / "deck.apkg", state=kept_folder / "state.json")
    monkeypatch.setattr(identity, "LAST_COUNTERS_KEPT", 1)
    monkeypatch.setattr(state, "RELATIVE_KEPT", 1)
    streamed = ankigen.build_package(
        [vault], streamed_folder / "deck.apkg", state=streamed_folder / "state.json", keep_notes=False
    )
    same_files(tmp_path, "deck.apkg", "state.json")
    same_counts(kept, streamed)
    duplicates = [str(d) for d in streamed.diagnostics if "also at" in str(d)]
    assert len(duplicates) == 2 * (6 * 2 - 1), duplicates  # the quorum and the lease, 11 more copies each
    assert len({note.guid for note in kept.notes}) == len(kept.notes)


def test_a_source_file_keeps_its_path_as_text_and_behaves_as_the_frozen_dataclass_it_was(tmp_path: Path) -> None:
    """A build holds one :class:`~ankigen.pipeline.SourceFile` per file until it ends, so it keeps
    the path as its text (issue 14: memory flat in vault size); what callers see is unchanged: a
    ``Path``, equality and hash by path and digest, immutable, picklable, ``changed()``."""
    import copy
    import pickle

    from ankigen.pipeline import SourceFile

    note = tmp_path / "note.md"
    note.write_text(FIRST, encoding="utf-8")
    result = ankigen.build_package([note], tmp_path / "deck.apkg", state=False, keep_notes=False)
    (source,) = result.sources
    assert source.path == note.resolve() and isinstance(source.path, Path)
    assert source == SourceFile(note.resolve(), source.digest) == pickle.loads(pickle.dumps(source))
    assert hash(source) == hash(copy.copy(source)) and source != SourceFile(note.resolve(), None)
    assert repr(source).startswith("SourceFile(path=") and source.digest is not None
    with pytest.raises(AttributeError):
        source.digest = None
    assert not source.changed()
    note.write_text(SECOND, encoding="utf-8")
    assert source.changed()
    note.unlink()
    assert source.changed() and not SourceFile(note, None).changed()


def test_what_a_streamed_build_keeps_on_disk_until_it_returns_comes_back_as_a_kept_build_gives_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streamed build keeps each file read, each file's name and its notes counted in temporary
    files until the package and the state are written (issue 14: memory flat in vault size): with
    more files than a spooled batch, and the package named after the deck (the outputs checked
    against the files read once the decks are known), the result is a kept build's; a package whose
    name is a file read is still refused, and nothing is written."""
    from ankigen import pipeline
    from ankigen.errors import UsageError

    monkeypatch.setattr(pipeline._Spool, "BATCH", 7)
    vault = tmp_path / "vault"
    vault.mkdir()
    for number in range(30):
        (vault / f"lesson-{number:02d}.md").write_text(
            f"---\ndeck: Spooled\n---\n# Lesson {number}\n\n"
            f"- **Latch {number}**: a circuit that holds one bit until it is told otherwise.\n"
            f"- **Flip-flop {number}**: a latch that changes only on a clock edge.\n",
            encoding="utf-8",
        )
    (vault / "empty.md").write_text("", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    kept_folder, streamed_folder = tmp_path / "kept", tmp_path / "streamed"
    kept_folder.mkdir()
    streamed_folder.mkdir()
    kept = ankigen.build_package([vault], f"{kept_folder}/", state=kept_folder / "state.json")
    streamed = ankigen.build_package(
        [vault], f"{streamed_folder}/", state=streamed_folder / "state.json", keep_notes=False
    )
    assert kept.output is not None and streamed.output is not None
    assert kept.output.name == streamed.output.name == "Spooled.apkg"
    same_files(tmp_path, "Spooled.apkg", "state.json")
    same_counts(kept, streamed)
    assert len(streamed.files) == len(streamed.sources) == 31
    assert len(streamed.counts().files) == 30

    named_as_output = vault / "Spooled.apkg"  # a note file given by name, where the package would go
    named_as_output.write_text("---\ndeck: Spooled\n---\n# Lesson\n\n- **Gate**: a switch.\n", encoding="utf-8")
    before = named_as_output.read_bytes()
    paths = [named_as_output, *sorted(vault.glob("*.md"))]  # in the first batch spooled
    with pytest.raises(UsageError, match="would overwrite a source note"):
        ankigen.build_package(paths, f"{vault}/", state=False, keep_notes=False)
    assert named_as_output.read_bytes() == before


def test_a_build_frees_each_parsed_files_garbage_before_the_next_and_copies_its_collection_with_a_small_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: the garbage a parse leaves (reference cycles) is collected before the next file is
    parsed in this process, not after the last one (a watch rebuild of one file pays nothing), and
    not for files taken from the cache; the streamed collection is copied (``VACUUM INTO``, whose
    new database takes the cache size of the one it reads) with the sorts' small cache. The
    package and the state are the bytes a build that keeps its notes writes."""
    from ankigen import package, pipeline

    vault = _parts_vault(tmp_path, 4)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKIGEN_JOBS", "1")  # parsed here, one file after another
    collected: list[int] = []
    monkeypatch.setattr(pipeline, "_collect_parse_garbage", lambda: collected.append(1))
    caches: list[int] = []
    vacuum_into = package._vacuum_into

    def watched_vacuum(connection: Any, folder: Path) -> Path:
        caches.append(connection.execute("PRAGMA cache_size").fetchone()[0])
        return vacuum_into(connection, folder)

    monkeypatch.setattr(package, "_vacuum_into", watched_vacuum)
    streamed_folder = tmp_path / "streamed"
    streamed_folder.mkdir()
    streamed = ankigen.build_package(
        [vault], streamed_folder / "deck.apkg", state=streamed_folder / "state.json", keep_notes=False
    )
    assert len(collected) == 3  # between the four files
    assert caches == [-package.SORT_CACHE_KIB]

    kept_folder = tmp_path / "kept"
    kept_folder.mkdir()
    monkeypatch.setenv("ANKIGEN_NO_CACHE", "1")
    kept = ankigen.build_package([vault], kept_folder / "deck.apkg", state=kept_folder / "state.json")
    same_files(tmp_path, "deck.apkg", "state.json")
    same_counts(kept, streamed, tmp_path)
    monkeypatch.delenv("ANKIGEN_NO_CACHE")

    collected.clear()
    (vault / "part-2.md").write_text(SECOND.replace("# ", "# Part 2 edited ", 1), encoding="utf-8")
    ankigen.build_package(
        [vault], streamed_folder / "deck.apkg", state=streamed_folder / "state.json", keep_notes=False
    )
    assert collected == []  # one file parsed, three from the cache


def test_the_notes_waiting_for_ids_take_a_small_page_cache_and_spill_to_their_file_with_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: the streamed collection's table of the notes waiting for ids (a temporary table,
    written as the files come and read once when the ids are given) takes a page cache of its own,
    WAITING_CACHE_KIB, not SQLite's default, which a large vault filled. With it made a few pages,
    so that even this vault's table goes to its file, the package and the state are the bytes a
    build that keeps its notes writes."""
    from ankigen import package

    vault = _parts_vault(tmp_path, 6)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("ANKIGEN_NO_CACHE", "1")
    monkeypatch.setenv("ANKIGEN_JOBS", "1")
    caches: list[int] = []
    give_ids = package.CollectionStream.number

    def watched_number(stream: Any, start: int) -> Iterator[tuple[str, Any]]:
        caches.append(stream._connection.execute("PRAGMA temp.cache_size").fetchone()[0])
        return give_ids(stream, start)

    monkeypatch.setattr(package.CollectionStream, "number", watched_number)
    first_folder = tmp_path / "first"
    first_folder.mkdir()
    ankigen.build_package([vault], first_folder / "deck.apkg", state=first_folder / "state.json", keep_notes=False)
    assert caches == [-package.WAITING_CACHE_KIB]

    monkeypatch.setattr(package, "WAITING_CACHE_KIB", 1)
    caches.clear()
    streamed_folder = tmp_path / "streamed"
    streamed_folder.mkdir()
    ankigen.build_package(
        [vault], streamed_folder / "deck.apkg", state=streamed_folder / "state.json", keep_notes=False
    )
    assert caches == [-1]
    assert (first_folder / "deck.apkg").read_bytes() == (streamed_folder / "deck.apkg").read_bytes()
    kept_folder = tmp_path / "kept"
    kept_folder.mkdir()
    ankigen.build_package([vault], kept_folder / "deck.apkg", state=kept_folder / "state.json")
    same_files(tmp_path, "deck.apkg", "state.json")


def test_a_streamed_builds_file_jobs_wait_on_disk_and_are_made_one_at_a_time_as_the_files_are_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: a streamed build keeps its files' jobs (path, names, digest, cache key) in a
    temporary file from when the files are first read until the per-file stage takes them, and makes
    each job as it is taken: while a file is parsed, no more than that file's job is alive, not one
    per file of the vault. With more jobs than a spooled batch, parsed here, in a process pool, and
    from the cache while a worker parses the one changed file, the package and the state are the
    bytes a build that keeps its notes writes."""
    import gc

    from ankigen import pipeline

    monkeypatch.setattr(pipeline._Spool, "BATCH", 2)
    vault = tmp_path / "vault"
    vault.mkdir()
    for number in range(7):
        (vault / f"unit-{number}.md").write_text(
            f"---\ndeck: Jobs\n---\n# Unit {number}\n\n"
            f"- **Register {number}**: a small store inside the processor for one value.\n"
            f"- **Cache line {number}**: the block of memory a cache moves at once.\n",
            encoding="utf-8",
        )
    (vault / "unit-1.md").write_text("", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("ANKIGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKIGEN_JOBS", "1")
    monkeypatch.setenv("ANKIGEN_NO_CACHE", "1")  # each build parses every file
    notes_for_file = pipeline._notes_for_file
    alive: list[int] = []

    def counting(job: pipeline._FileJob) -> Any:
        alive.append(sum(1 for item in gc.get_objects() if isinstance(item, pipeline._FileJob)))
        return notes_for_file(job)

    given: list[tuple[str, int]] = []
    per_file = pipeline._per_file

    def watched(jobs: Any) -> Any:
        given.append((type(jobs).__name__, len(jobs)))
        return per_file(jobs)

    monkeypatch.setattr(pipeline, "_notes_for_file", counting)
    monkeypatch.setattr(pipeline, "_per_file", watched)
    kept, streamed = build_both(vault, tmp_path, "deck.apkg")
    same_files(tmp_path, "deck.apkg", "state.json")
    same_counts(kept, streamed)
    assert given == [("list", 7), ("_JobSpool", 7)]
    assert len(alive) == 14 and max(alive[:7]) == 7  # the kept build holds every job
    assert max(alive[7:]) <= 2, alive  # the file's job, and the same with its bytes read again
    assert len(streamed.sources) == 7 and streamed.sources == kept.sources

    # in a process pool (forked workers see the patches), and from the cache while a worker parses
    # the one file changed; the streamed build first, so it is the one that parses
    monkeypatch.setenv("ANKIGEN_JOBS", "2")
    monkeypatch.setattr(pipeline, "MIN_FILES_PER_WORKER", 1)
    monkeypatch.setattr(pipeline, "MIN_FILES_PER_SPAWNED_WORKER", 1)
    monkeypatch.setattr(pipeline, "OVERLAP_MIN_CACHED", 2)
    monkeypatch.setattr(pipeline, "_forked", lambda: True)
    started: list[tuple[int, list[str]]] = []
    start = pipeline._start

    def starting(workers: int, tasks: list[tuple[pipeline._FileJob, str | None, str | None]]) -> Any:
        started.append((workers, [Path(job.path).name for job, _, _ in tasks]))
        return start(workers, tasks)

    monkeypatch.setattr(pipeline, "_start", starting)
    for cached in (False, True):
        monkeypatch.setenv("ANKIGEN_NO_CACHE", "0" if cached else "1")
        for edit in range(2 if cached else 1):
            if edit:
                (vault / "unit-4.md").write_text(
                    "---\ndeck: Jobs\n---\n# Unit 4\n\n- **Register 4**: renamed, and now holds two values.\n",
                    encoding="utf-8",
                )
            started.clear()
            results = []
            for keep in (False, True):
                folder = tmp_path / ("kept" if keep else "streamed")
                state = folder / "state.json"
                results.append(ankigen.build_package([vault], folder / "deck.apkg", state=state, keep_notes=keep))
            same_files(tmp_path, "deck.apkg", "state.json")
            same_counts(results[1], results[0])
            assert results[0].sources == results[1].sources
            parsed = [name for _, names in started[:1] for name in names]
            assert started[0][0] == (1 if edit else 2) and parsed == (
                ["unit-4.md"] if edit else [f"unit-{number}.md" for number in range(7)]
            ), started
