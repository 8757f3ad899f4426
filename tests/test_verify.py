"""``ankigen verify``: a package imported into a throw-away collection by the real backend."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

pytest.importorskip("anki")

from ankigen.commands import verify as verify_command
from ankigen.deliver.verify import verify
from ankigen.model import NoteKind
from tests._apkg_factory import FakeNote, write_package

T0 = 1_750_000_000.0


def good_notes() -> list[FakeNote]:
    return [
        FakeNote("g-1", "Mitosis", "cell division", extra_fields={"Reverse": "y"}),
        FakeNote("g-2", "Meiosis", "reduction division"),
        FakeNote(
            "g-3",
            "The {{c1::mitochondrion}} makes {{c2::ATP}}",
            "",
            kind=NoteKind.CLOZE,
            deck="Biology::Cells",
        ),
    ]


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ankigen")
    verify_command.register(parser.add_subparsers(required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_good_package_is_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "cell.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    notes = [
        *good_notes(),
        FakeNote("g-4", "Cell", "a cell", extra_fields={"Image": '<img src="cell.png">'}),
    ]
    package = write_package(tmp_path / "good.apkg", notes, timestamp=T0, media=[image])
    report = verify(package)
    assert report.ok, report.problems
    assert (report.notes, report.cards) == (4, 6)  # 3 basic (one reversed) + 2 cloze cards
    assert report.note_types == {"ankigen Basic": 3, "ankigen Cloze": 1}
    assert report.duplicate_guids == () and report.missing_media == () and report.empty_cards == 0
    assert _cli(["verify", str(package)]) == 0
    out = capsys.readouterr().out
    assert "4 notes, 6 cards" in out and "ok" in out


def test_duplicate_guid_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = [*good_notes(), FakeNote("g-2", "Meiosis again", "same GUID as another note")]
    package = write_package(tmp_path / "dupe.apkg", notes, timestamp=T0)
    report = verify(package)
    assert not report.ok
    assert report.duplicate_guids == ("g-2",)
    assert any("duplicate GUID 'g-2'" in problem for problem in report.problems)
    assert _cli(["verify", str(package)]) == 1
    assert "duplicate GUID" in capsys.readouterr().out


def test_missing_media_is_reported(tmp_path: Path) -> None:
    notes = [FakeNote("g-1", "Cell", "a cell", extra_fields={"Image": '<img src="gone.png">'})]
    report = verify(write_package(tmp_path / "media.apkg", notes, timestamp=T0))
    assert report.missing_media == ("gone.png",)
    assert not report.ok


def test_not_a_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "bogus.apkg"
    bogus.write_text("not a zip")
    assert _cli(["verify", str(bogus)]) == 2
    assert "not an Anki package" in capsys.readouterr().err


def test_empty_and_cardless_notes_are_reported(tmp_path: Path) -> None:
    notes = [
        FakeNote("g-1", "Q", "A", extra_fields={"Reverse": " "}),  # reverse card renders blank
        FakeNote("g-2", "no cloze here", "", kind=NoteKind.CLOZE),  # no card at all
    ]
    report = verify(write_package(tmp_path / "empty.apkg", notes, timestamp=T0))
    assert report.empty_cards == 1
    assert any(p.startswith("empty cards: note 'Q'") for p in report.problems)
    assert any(p.startswith("no cards: note 'no cloze here'") for p in report.problems)
