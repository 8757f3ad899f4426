"""Settings: ankigen.toml or [tool.ankigen], front matter per file, and what each setting does."""

from __future__ import annotations

from pathlib import Path

import pytest

import ankigen
from ankigen import Config, ConfigError, load_config

AWS = """\
# VPC

## Subnets

- **Subnet**: a range of IP addresses in a VPC

## Gateways

- **Internet gateway**: connects a VPC to the internet

| Item | Security group | NACL |
| --- | --- | --- |
| State | stateful | stateless |

A NAT gateway is {{c1::managed}}.
"""


def notes_folder(root: Path, settings: str | None = None, name: str = "ankigen.toml") -> Path:
    folder = root / "notes"
    folder.mkdir(parents=True, exist_ok=True)
    (root / ".git").mkdir(exist_ok=True)  # the search for settings stops at the repository
    (folder / "aws.md").write_text(AWS, encoding="utf-8")
    if settings is not None:
        (folder if name == "ankigen.toml" else root).joinpath(name).write_text(settings, encoding="utf-8")
    return folder


def build(folder: Path, config: Config | None = None) -> ankigen.BuildResult:
    return ankigen.build_notes([folder], config=config if config is not None else load_config([folder]))


def test_defaults_without_a_settings_file(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path)
    assert load_config([folder]) == Config()
    assert build(folder).decks == ("VPC",)


def test_ankigen_toml_sets_deck_tags_and_subdecks(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path, 'deck = "AWS"\ntags = ["exam", "saa"]\nsubdeck_depth = 2\n')
    result = build(folder)
    by_key = {note.key: note for note in result.notes}
    assert by_key["Subnet"].deck == "AWS::VPC::Subnets"
    assert by_key["Internet gateway"].deck == "AWS::VPC::Gateways"
    assert all(note.tags[:2] == ("exam", "saa") for note in result.notes)


def test_subdeck_depth_one_is_deck_and_h1(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path, 'deck = "AWS"\nsubdeck_depth = 1\n')
    assert build(folder).decks == ("AWS::VPC",)


def test_subdecks_from_the_h1_deck_do_not_repeat_it(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path, "subdeck_depth = 2\n")
    assert build(folder).decks == ("VPC::Gateways", "VPC::Subnets")


def test_subdecks_never_change_guids(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path)
    flat = build(folder, Config(deck="AWS"))
    nested = build(folder, Config(deck="AWS", subdeck_depth=2))
    assert {note.deck for note in nested.notes} != {note.deck for note in flat.notes}
    assert sorted(note.guid for note in nested.notes) == sorted(note.guid for note in flat.notes)


def test_namespace_setting_changes_guids_and_only_guids(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path)
    plain = build(folder, Config(deck="AWS"))
    spaced = build(folder, Config(deck="AWS", namespace="my-aws-notes"))
    assert {n.guid for n in plain.notes}.isdisjoint({n.guid for n in spaced.notes})
    assert [n.fields for n in plain.notes] == [n.fields for n in spaced.notes]
    assert build(folder, Config(deck="Other", namespace="my-aws-notes")).notes[0].guid == spaced.notes[0].guid


TOPICS = """\
# Storage

- **Volume**: a block device attached to one instance
- **Snapshot**: a point-in-time copy of a volume

# Network

- **Subnet**: a range of addresses inside a network
- **Snapshot**: a copy of a route table's state, kept for rollback
"""


def test_several_h1_headings_take_the_file_name_deck_and_keep_their_guids(tmp_path: Path) -> None:
    """A file of several ``#`` topics is decked by its file name, not by its first topic (which the
    earlier rule named it after); its notes keep the GUIDs that rule gave them, numbered duplicates
    too, with subdecks too, and through the per-file cache."""
    import pickle

    folder = tmp_path / "notes"
    folder.mkdir()
    (tmp_path / ".git").mkdir()
    source = folder / "cloud.md"
    source.write_text(TOPICS, encoding="utf-8")
    renamed = build(folder)
    assert renamed.decks == ("cloud",)
    assert any("also at" in d.message for d in renamed.diagnostics), "the two Snapshots collide: one is numbered"
    source.write_text("---\ndeck: Storage\n---\n" + TOPICS, encoding="utf-8")  # the deck the earlier rule gave
    earlier = build(folder)
    assert earlier.decks == ("Storage",)
    assert [(n.key, n.guid) for n in renamed.notes] == [(n.key, n.guid) for n in earlier.notes]
    source.write_text("---\ndeck: cloud\n---\n" + TOPICS, encoding="utf-8")
    assert {n.guid for n in build(folder).notes}.isdisjoint({n.guid for n in renamed.notes})
    source.write_text(TOPICS, encoding="utf-8")
    nested = build(folder, Config(subdeck_depth=1))
    assert nested.decks == ("cloud::Network", "cloud::Storage")
    assert [n.guid for n in nested.notes] == [n.guid for n in renamed.notes]
    assert [pickle.loads(pickle.dumps(n)) for n in renamed.notes] == list(renamed.notes)


def test_one_h1_heading_still_names_the_deck(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path)
    assert build(folder).decks == ("VPC",)
    assert all(not note.namespace for note in build(folder).notes)


def test_extractors_setting_selects_extractors(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path)
    every = {note.kind for note in build(folder).notes}
    assert {ankigen.NoteKind.DEFINITION, ankigen.NoteKind.COMPARISON, ankigen.NoteKind.CLOZE} <= every
    only_tables = [name for name in ankigen.extractor_names() if "table" in name]
    kinds = {note.kind for note in build(folder, Config(extractors=tuple(only_tables))).notes}
    assert kinds == {ankigen.NoteKind.COMPARISON}


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    folder = notes_folder(
        tmp_path, '[project]\nname = "x"\n\n[tool.ankigen]\ndeck = "From pyproject"\n', "pyproject.toml"
    )
    config = load_config([folder])
    assert config.deck == "From pyproject"
    assert config.source.endswith("pyproject.toml [tool.ankigen]")
    assert build(folder).decks == ("From pyproject",)


def test_ankigen_toml_wins_over_pyproject(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path, '[tool.ankigen]\ndeck = "From pyproject"\n', "pyproject.toml")
    (folder / "ankigen.toml").write_text('deck = "From ankigen.toml"\n', encoding="utf-8")
    assert load_config([folder]).deck == "From ankigen.toml"


def test_explicit_config_file_wins(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path, 'deck = "Found"\n')
    other = tmp_path / "other.toml"
    other.write_text('deck = "Given"\n', encoding="utf-8")
    assert load_config([folder], other).deck == "Given"


def test_front_matter_overrides_per_file(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path, 'deck = "AWS"\ntags = ["exam"]\nsubdeck_depth = 2\n')
    (folder / "db.md").write_text(
        "---\ndeck: Databases\ntags: [sql]\nsubdeck_depth: 0\nextractors: [list-definitions]\n---\n"
        "# Transactions\n\n- **Atomicity**: all or nothing\n- **Isolation**: no peeking\n\n"
        "MVCC keeps {{c1::old versions}}.\n",
        encoding="utf-8",
    )
    result = build(folder)
    db = [note for note in result.notes if note.span.path.endswith("db.md")]
    assert {note.deck for note in db} == {"Databases"}  # front matter deck, no subdecks
    assert {note.kind for note in db} == {ankigen.NoteKind.DEFINITION}  # only its extractor ran
    assert db[0].tags[:2] == ("exam", "sql")  # settings' tags, then the file's (then the notes' own)
    assert any(note.deck == "AWS::VPC::Subnets" for note in result.notes)  # other files keep the settings


def test_bad_front_matter_value_is_a_warning_and_the_file_still_builds(tmp_path: Path) -> None:
    folder = notes_folder(tmp_path)
    (folder / "bad.md").write_text(
        "---\nsubdeck_depth: deep\n---\n# T\n\n- **Term**: a meaning\n- **Other**: another one\n", encoding="utf-8"
    )
    result = build(folder)
    assert any(note.span.path.endswith("bad.md") for note in result.notes)
    (warning,) = [d for d in result.diagnostics if d.span.path.endswith("bad.md")]
    assert warning.span.line == 1 and "subdeck_depth" in warning.message and "deep" in warning.message


# (title, settings file name, text, words the message must contain)
ERROR_CASES = [
    ("unknown key", "ankigen.toml", 'deck = "A"\ndek = "B"\n', ["ankigen.toml:2", "'dek'", "known settings", "deck"]),
    (
        "unknown key in pyproject",
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.ankigen]\nsubdecks = 1\n',
        ["pyproject.toml:5", "'subdecks'", "[tool.ankigen]"],
    ),
    ("unknown extractor", "ankigen.toml", 'extractors = ["tables", "magic"]\n', ["ankigen.toml:1", "'magic'", "known"]),
    ("bad depth", "ankigen.toml", "subdeck_depth = -1\n", ["ankigen.toml:1", "subdeck_depth", "0 to"]),
    ("bad tags", "ankigen.toml", "tags = 3\n", ["ankigen.toml:1", "tags", "list of strings"]),
    ("not toml", "ankigen.toml", "deck = \n", ["ankigen.toml", "not valid TOML"]),
]


@pytest.mark.parametrize(
    ("name", "text", "expected"), [case[1:] for case in ERROR_CASES], ids=[case[0] for case in ERROR_CASES]
)
def test_settings_errors_name_the_file_and_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = notes_folder(tmp_path, text, name)
    with pytest.raises(ConfigError) as caught:
        load_config([folder])
    for word in expected:
        assert word in str(caught.value)


def test_diff_and_sync_take_the_settings_file_the_build_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ankigen.cli import main

    folder = notes_folder(tmp_path)
    custom = tmp_path / "elsewhere.toml"  # not found from the notes: only --config names it
    custom.write_text('namespace = "exam-2026"\n', encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["build", str(folder), "-o", str(tmp_path / "deck.apkg"), "--config", str(custom), "-q"]) == 0
    capsys.readouterr()

    assert main(["diff", str(folder), "--config", str(custom)]) == 0
    with_config = capsys.readouterr().out
    assert with_config.endswith("0 added, 0 changed, 5 unchanged, 0 orphaned\n"), with_config
    assert main(["diff", str(folder)]) == 0  # without it: other GUIDs, so every note looks new
    assert capsys.readouterr().out.endswith("5 added, 0 changed, 0 unchanged, 5 orphaned\n")

    assert main(["sync", "--collection", str(tmp_path / "col.anki2"), "--config", str(custom)]) == 2
    assert "give the notes too" in capsys.readouterr().err
