"""Images in notes: packaged under content-hash names, confined to the notes folder."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

import ankigen
import ankigen.media

PNG = b"\x89PNG\r\n\x1a\n" + b"pixels"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def definition(result: ankigen.BuildResult, term: str) -> str:
    return next(note.field("Definition") for note in result.notes if note.prompt == term)


def warnings_about(result: ankigen.BuildResult, text: str) -> list[str]:
    return [str(d) for d in result.diagnostics if text in d.message]


def package_media(apkg: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(apkg) as archive:
        index = json.loads(archive.read("media"))
        return {name: archive.read(number) for number, name in index.items()}


def test_images_are_named_by_content_and_fields_rewritten(tmp_path: Path, epoch: int) -> None:
    notes = tmp_path / "notes"
    (notes / "img").mkdir(parents=True)
    (notes / "img" / "vpc.png").write_bytes(PNG)
    (notes / "attachments").mkdir()
    (notes / "attachments" / "same.PNG").write_bytes(PNG)
    write(
        notes / "aws" / "net.md",
        "- **VPC**: 仮想ネットワーク ![VPC の図](../img/vpc.png)\n"
        "- **Subnet**: a range of addresses ![[same.PNG]]\n"
        "- **CDN**: edge caches ![logo](https://example.com/logo.png)\n",
    )
    result = ankigen.build_package([notes], tmp_path / "out.apkg")
    assert result.output
    name = ankigen.media.media_name(PNG, "vpc.png")
    assert name.startswith("ag-") and name.endswith(".png") and len(name) == len("ag-") + 16 + len(".png")
    assert f'src="{name}"' in definition(result, "VPC")
    assert f'src="{name}"' in definition(result, "Subnet"), "Obsidian embed found by name, same content, same name"
    assert 'src="https://example.com/logo.png"' in definition(result, "CDN"), "remote images are left alone"
    assert package_media(result.output) == {name: PNG}
    assert not result.diagnostics


def test_changed_image_gets_a_new_name(tmp_path: Path, epoch: int) -> None:
    (tmp_path / "a.png").write_bytes(PNG)
    write(tmp_path / "a.md", "- **VPC**: 仮想ネットワーク ![図](a.png)\n")
    before = definition(ankigen.build_notes([tmp_path]), "VPC")
    (tmp_path / "a.png").write_bytes(PNG + b"changed")
    after = definition(ankigen.build_notes([tmp_path]), "VPC")
    assert before != after, "Anki skips a changed file that keeps its name, so the name must change"


def test_missing_image_warns_with_file_line_and_keeps_alt_text(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "# T\n\n- **VPC**: 仮想ネットワーク ![VPC の図](nowhere.png)\n")
    result = ankigen.build_notes([tmp_path])
    assert "<img" not in definition(result, "VPC") and "VPC の図" in definition(result, "VPC")
    [warning] = warnings_about(result, "nowhere.png")
    assert warning.startswith(f"{result.notes[0].span.path}:3: warning:") and "alt text" in warning


def test_missing_image_whose_alt_text_is_its_file_name_is_left_out(tmp_path: Path) -> None:
    # Obsidian's ``![[Pasted image ….png]]`` has the file name as its alt text: no caption to show
    write(tmp_path / "a.md", "# T\n\n- **STP**: shielded twisted pair\n  ![[Pasted image 20240101120500.png]]\n")
    result = ankigen.build_notes([tmp_path])
    assert definition(result, "STP") == "shielded twisted pair"
    [warning] = warnings_about(result, "Pasted")
    assert "only names the file" in warning


@pytest.mark.parametrize(
    ("alt", "src", "expected"),
    [
        ("Pasted image 20241112193407.png", "Pasted%20image%2020241112193407.png", True),
        ("diagram", "img/diagram.png", True),
        ("image", "./pictures/grub-menu.png", True),
        ("Screenshot", "a.png", True),
        ("Within a Region, an AZ is one or more data centres", "azs.png", False),
        ("VPC の図", "nowhere.png", False),
        ("", "a.png", False),
    ],
)
def test_alt_text_that_names_no_content(alt: str, src: str, expected: bool) -> None:
    assert ankigen.media.names_no_content(alt, src) is expected


@pytest.mark.parametrize(
    ("title", "src"),
    [
        ("dot-dot escape", "../secret.png"),
        ("absolute path", "{outside}/secret.png"),
        ("file URL", "file://{outside}/secret.png"),
        ("symlink leaving the root", "link.png"),
    ],
    ids=lambda value: value if " " in str(value) else "",
)
def test_files_outside_the_notes_folder_are_refused(tmp_path: Path, title: str, src: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    notes = tmp_path / "notes"
    notes.mkdir()
    os.symlink(outside / "secret.png", notes / "link.png")
    write(notes / "a.md", f"- **VPC**: 仮想ネットワーク ![secret]({src.format(outside=outside)})\n")
    result = ankigen.build_notes([notes])
    assert not result.media, title
    assert "<img" not in definition(result, "VPC")
    assert warnings_about(result, "was not packaged"), title


def test_oversized_image_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ankigen.media, "MAX_MEDIA_BYTES", len(PNG) - 1)
    (tmp_path / "big.png").write_bytes(PNG)
    write(tmp_path / "a.md", "- **VPC**: 仮想ネットワーク ![big](big.png)\n")
    result = ankigen.build_notes([tmp_path])
    assert not result.media and warnings_about(result, "limit")


def test_imported_image_lands_in_anki_media(tmp_path: Path, epoch: int) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.png").write_bytes(PNG)
    write(tmp_path / "notes" / "a.md", "- **VPC**: 仮想ネットワーク ![図](a.png)\n")
    result = ankigen.build_package([tmp_path / "notes"], tmp_path / "a.apkg")
    assert result.output
    report = ankigen.import_package(tmp_path / "anki" / "collection.anki2", result.output)
    assert report.new == 1
    [media] = result.media
    assert (tmp_path / "anki" / "collection.media" / media.name).read_bytes() == PNG
