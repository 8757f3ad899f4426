"""Re-imports update in place, in the real Anki: identity, the modification-time policy, media.

The story a user lives: build, import, study; edit the notes in every ordinary way, rebuild at
once, import again; edit a card inside Anki, rebuild, import; restyle the cards, rebuild, import.
"""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import ankigen
from ankigen import Note
from ankigen.notetypes import templates_dir

anki_collection = pytest.importorskip("anki.collection")
if TYPE_CHECKING:
    # anki types an open collection's db, models and scheduler as optional; these tests only use
    # open collections, so they type it loosely rather than assert on every access.
    Collection = Any


# ------------------------------------------------------------------------------------------------
# The notes, before and after the user's edits
# ------------------------------------------------------------------------------------------------

NETWORK_V1 = """---
deck: Exam::Networking
---
# ネットワーク

## VPC
- **VPC**: AWS 上に作る論理的に分離された仮想ネットワーク ![VPC の図](img/vpc.png)
- **サブネット**: VPC の IP アドレス範囲を分割したもの
- **Route 53**: AWS のマネージド DNS サービス ^dns
- **Elastic IP**: 固定のパブリック IPv4 アドレス

## DNS
- **A レコード**: ホスト名を IPv4 アドレスに対応づけるレコード
- **CNAME**: ホスト名に別名を付けるレコード

## ゲートウェイの比較
| サービス | 用途 | 料金 |
|---|---|---|
| NAT Gateway | プライベートサブネットからの外向き通信 | 時間課金 |
| Internet Gateway | VPC とインターネットの通信 | 無料 |
| Transit Gateway | 多数の VPC の接続 | 時間課金 |

セキュリティグループは**ステートフル**で、ネットワーク ACL は**ステートレス**である。

Q: What does a route table decide?
A: Where traffic from a subnet is sent.
"""

STORAGE_V1 = """---
deck: Exam::Storage
---
# ストレージ

## S3
- **S3**: オブジェクトストレージで、容量は事実上無制限
- **EBS**: EC2 にアタッチするブロックストレージ
"""

# Every ordinary edit: text edited, key re-cased, heading renamed and re-levelled, notes reordered,
# a note moved to another file of the same deck, a pinned term renamed, table columns gained and
# reordered, rows reordered, gained and lost, a cloze reworded around the same key phrases, an
# image's content changed under the same file name, and one truly new definition.
NETWORK_V2 = """---
deck: Exam::Networking
---
# ネットワーク

### 仮想ネットワーク
- **Elastic IP**: 固定のパブリック IPv4 アドレス
- **vpc**: AWS アカウント専用の、論理的に分離された仮想ネットワーク ![VPC の図](img/vpc.png)
- **Amazon Route 53**: 可用性の高いマネージド DNS サービス ^dns

## DNS
- **CNAME**: ホスト名に別名を付けるレコード
- **A レコード**: ホスト名を IPv4 アドレスに対応づけるレコード

## ゲートウェイの比較
| サービス | 料金 | 用途 | 可用性 |
|---|---|---|---|
| Internet Gateway | 無料 | VPC とインターネットの通信 | 冗長化済み |
| NAT Gateway | 時間課金 | プライベートサブネットからの外向き通信 | AZ ごと |
| VPC Peering | 無料 | 2 つの VPC を直接つなぐ | 冗長化済み |

ネットワーク ACL は**ステートレス**、セキュリティグループは**ステートフル**と覚える。

Q: What does a route table decide?
A: Where traffic from a subnet is sent.

- **Direct Connect**: オンプレミスと AWS を結ぶ専用線接続
"""

STORAGE_V2 = """---
deck: Exam::Storage
---
# ストレージ

## S3
- **EBS**: EC2 にアタッチするブロックストレージ
- **S3**: オブジェクトストレージで、容量は事実上無制限

## ネットワークの基礎
- **サブネット**: VPC の IP アドレス範囲を分割したもの
"""

UNCHANGED = {"A レコード", "CNAME", "S3", "EBS", "What does a route table decide?"}
EDITED = {
    "VPC",  # text and image
    "Route 53",  # pinned: term renamed
    "Elastic IP",  # heading above it renamed (the Context field shows the heading)
    "サブネット",  # moved to storage.md (the Source field shows the file)
    # table columns gained and reordered: a third column splits each row into a note per
    # attribute, and the first one asked keeps the row's identity (shown as ``Row › Attribute``)
    "NAT Gateway › 料金",
    "Internet Gateway › 料金",
    "cloze",  # reworded around the same key phrases
}
SPLIT_OFF = {f"{row} › {column}" for row in ("NAT Gateway", "Internet Gateway") for column in ("用途", "可用性")}
NEW = {"Direct Connect", *(f"VPC Peering › {column}" for column in ("料金", "用途", "可用性")), *SPLIT_OFF}
ORPHANED = {"Transit Gateway"}


def write_notes(root: Path, network: str, storage: str, image: bytes) -> None:
    (root / "img").mkdir(parents=True, exist_ok=True)
    (root / "network.md").write_text(network, encoding="utf-8")
    (root / "storage.md").write_text(storage, encoding="utf-8")
    (root / "img" / "vpc.png").write_bytes(image)


# ------------------------------------------------------------------------------------------------
# Anki helpers
# ------------------------------------------------------------------------------------------------


def import_package(col: Collection, apkg: Path) -> object:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    options = ImportAnkiPackageOptions(with_scheduling=False)  # defaults: update notes and note types if newer
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options)).log


def guids_of(col: Collection, entries: object) -> set[str]:
    return {col.get_note(entry.id.nid).guid for entry in entries}  # type: ignore[attr-defined]


def prompts(col: Collection, guids: set[str]) -> set[str]:
    out = set()
    for guid in guids:
        note = col.get_note(col.db.scalar("select id from notes where guid = ?", guid))
        out.add("cloze" if note.note_type()["name"] == "ankigen Cloze" else note.fields[0])
    return out


def answer_every_card(col: Collection) -> None:
    from anki.scheduler.v3 import CardAnswer

    for deck in col.decks.all_names_and_ids():
        config = col.decks.config_dict_for_deck_id(deck.id)
        config["new"]["perDay"] = 9999
        col.decks.update_config(config)
    col.decks.select(col.decks.id("Exam"))
    while True:
        queued = col.sched.get_queued_cards()
        if not queued.cards:
            break
        card = col.get_card(queued.cards[0].card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=queued.cards[0].states, rating=CardAnswer.EASY))


@dataclass(frozen=True)
class CardHistory:
    note_guid: str
    ord: int
    ivl: int
    due: int
    queue: int
    reviews: int


def histories(col: Collection) -> dict[int, CardHistory]:
    out = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        reviews = col.db.scalar("select count() from revlog where cid = ?", cid)
        out[cid] = CardHistory(card.note().guid, card.ord, card.ivl, card.due, card.queue, reviews)
    return out


def package_mods(apkg: Path) -> dict[str, int]:
    with zipfile.ZipFile(apkg) as archive:
        data = archive.read("collection.anki2")
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        return dict(connection.execute("select guid, mod from notes").fetchall())
    finally:
        connection.close()


@contextmanager
def open_collection(path: Path) -> Iterator[Collection]:
    """A collection as Anki opens it (reopened where the test needs fresh note types: the Python
    layer caches them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    col = anki_collection.Collection(str(path))
    try:
        yield col
    finally:
        col.close()


def png(marker: bytes) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + marker


# ------------------------------------------------------------------------------------------------
# The story
# ------------------------------------------------------------------------------------------------


def test_reimport_after_every_kind_of_edit_updates_in_place(
    tmp_path: Path, epoch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    collection = tmp_path / "anki" / "collection.anki2"
    notes = tmp_path / "notes"
    with open_collection(collection) as col:
        after = study_then_edit_everything(tmp_path, col)
        # an edit made inside Anki ...
        elastic = col.get_note(col.find_notes('"Term:Elastic IP"')[0])
        elastic["Definition"] = "my own words"
        col.update_note(elastic)

    # ... survives a rebuild that changes nothing (imported the way ``ankigen sync`` does)
    third = ankigen.build_package([notes], tmp_path / "v3.apkg")
    assert third.output and third.output.read_bytes() == (tmp_path / "v2.apkg").read_bytes()
    report = ankigen.import_package(collection, third.output)
    assert (report.new, report.updated, report.conflicting, report.unchanged) == (0, 0, 0, len(third.notes))
    with open_collection(collection) as col:
        assert col.get_note(elastic.id)["Definition"] == "my own words"

    # restyled cards reach the collection on the next import; the notes stay as they are
    styled = tmp_path / "templates"
    shutil.copytree(templates_dir(), styled)
    with (styled / "style.css").open("a", encoding="utf-8") as css:
        css.write("\n.ag-restyled { color: teal; }\n")
    front = styled / "definition" / "forward.front.html"
    front.write_text(front.read_text(encoding="utf-8") + "\n<!-- restyled -->\n", encoding="utf-8")
    monkeypatch.setenv("ANKIGEN_TEMPLATES", str(styled))
    changed_types = {kind for kind, change in ankigen.diff_notes([notes]).note_types if change == "changed"}
    assert changed_types == set(ankigen.NoteKind), "style.css is shared by every note type"
    fourth = ankigen.build_package([notes], tmp_path / "v4.apkg")
    assert fourth.output
    report = ankigen.import_package(collection, fourth.output)
    assert (report.new, report.updated, report.conflicting) == (0, 0, 0)
    with open_collection(collection) as col:
        definition = col.models.by_name("ankigen Definition")
        assert ".ag-restyled" in definition["css"]
        assert "<!-- restyled -->" in definition["tmpls"][0]["qfmt"]
        assert not [model.name for model in col.models.all_names_and_ids() if model.name.endswith("+")]
        assert col.get_note(elastic.id)["Definition"] == "my own words"
        assert histories(col) == after


def study_then_edit_everything(tmp_path: Path, col: Collection) -> dict[int, CardHistory]:
    notes = tmp_path / "notes"
    write_notes(notes, NETWORK_V1, STORAGE_V1, png(b"v1"))
    first = ankigen.build_package([notes], tmp_path / "v1.apkg")
    assert first.output and not [d for d in first.diagnostics if d.severity == "error"], first.diagnostics
    log = import_package(col, first.output)
    assert len(log.new) == len(first.notes) == col.note_count()  # type: ignore[attr-defined]
    answer_every_card(col)
    before = histories(col)
    assert before and all(history.reviews == 1 and history.ivl > 0 for history in before.values())

    # edit everything, rebuild within the same second (SOURCE_DATE_EPOCH is fixed), import
    write_notes(notes, NETWORK_V2, STORAGE_V2, png(b"v2"))
    diff = ankigen.diff_notes([notes])
    second = ankigen.build_package([notes], tmp_path / "v2.apkg")
    assert second.output
    log = import_package(col, second.output)

    assert prompts(col, guids_of(col, log.new)) == NEW  # type: ignore[attr-defined]
    assert not log.conflicting and not log.missing_notetype and not log.first_field_match  # type: ignore[attr-defined]
    updated = guids_of(col, log.updated)  # type: ignore[attr-defined]
    assert prompts(col, updated) == {"vpc", "Amazon Route 53", *(EDITED - {"VPC", "Route 53"})}
    assert len(log.duplicate) == len(UNCHANGED)  # type: ignore[attr-defined]
    assert col.note_count() == len(first.notes) + len(NEW)
    # the diff said so beforehand, note by note
    assert {entry.guid for entry in diff.of("added")} == guids_of(col, log.new)  # type: ignore[attr-defined]
    assert {entry.guid for entry in diff.of("changed")} == updated
    assert {entry.prompt for entry in diff.of("orphaned")} == ORPHANED
    assert {entry.prompt for entry in diff.of("unchanged")} == UNCHANGED
    # every reviewed card is still there with its history
    after = histories(col)
    for cid, history in before.items():
        assert after.get(cid) == history, f"card {cid} lost its history"
    # the edits arrived, the new image with them
    vpc = col.get_note(col.find_notes('"Term:vpc"')[0])
    assert "AWS アカウント専用" in vpc["Definition"]
    [image] = [media for media in second.media if media.data == png(b"v2")]
    assert f'src="{image.name}"' in vpc["Definition"]
    assert (Path(col.media.dir()) / image.name).read_bytes() == png(b"v2")
    route = col.get_note(col.find_notes('"Term:Amazon Route 53"')[0])
    assert "^dns" not in route["Definition"] and "可用性の高い" in route["Definition"]

    return after


def test_changed_note_gets_a_strictly_newer_mod_within_one_second(tmp_path: Path, epoch: int) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    page = notes / "a.md"
    page.write_text("- **Term**: first wording of the answer\n- **Other**: stays the same here\n", encoding="utf-8")
    mods = []
    for wording in ("second wording", "third wording", "third wording"):
        result = ankigen.build_package([notes], tmp_path / "a.apkg")
        assert result.output
        mods.append(package_mods(result.output))
        page.write_text(f"- **Term**: {wording} of the answer\n- **Other**: stays the same here\n", encoding="utf-8")
    term, other = (ankigen.build_notes([notes]).notes[index].guid for index in (0, 1))
    assert [m[term] for m in mods] == [epoch, epoch + 1, epoch + 2], "each change strictly newer, same second"
    assert [m[other] for m in mods] == [epoch, epoch, epoch], "unchanged keeps its time"
    final = ankigen.build_package([notes], tmp_path / "a.apkg")
    assert final.output and package_mods(final.output)[term] == epoch + 2, "no change, no new time"


def test_without_source_date_epoch_two_quick_builds_still_increase(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    page = notes / "a.md"
    page.write_text("- **Term**: one answer text\n", encoding="utf-8")
    first = ankigen.build_package([notes], tmp_path / "a.apkg")
    assert first.output
    one = package_mods(first.output)
    page.write_text("- **Term**: another answer text\n", encoding="utf-8")
    second = ankigen.build_package([notes], tmp_path / "a.apkg")
    assert second.output
    two = package_mods(second.output)
    assert list(one) == list(two) and two[next(iter(two))] > one[next(iter(one))]


def test_no_state_build_writes_no_state_file(tmp_path: Path, epoch: int) -> None:
    (tmp_path / "a.md").write_text("- **Term**: one answer text\n", encoding="utf-8")
    result = ankigen.build_package([tmp_path], tmp_path / "out" / "a.apkg", state=False)
    assert result.output and result.output.is_file()
    assert not (tmp_path / ".ankigen-state.json").exists()
    ankigen.build_package([tmp_path], tmp_path / "out" / "a.apkg")
    assert (tmp_path / ".ankigen-state.json").is_file()


def test_package_never_holds_a_duplicate_guid(tmp_path: Path, epoch: int) -> None:
    (tmp_path / "a.md").write_text("- **VPC**: first explanation here\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("- **ＶＰＣ**: second explanation here\n", encoding="utf-8")
    result = ankigen.build_package([tmp_path], tmp_path / "x.apkg")
    assert result.output
    guids = list(package_mods(result.output))
    assert len(guids) == 2 and len(set(guids)) == 2


# ------------------------------------------------------------------------------------------------
# Which edits keep a note's identity, case by case
# ------------------------------------------------------------------------------------------------

DEFINITIONS = """---
deck: Exam::Networking
---
# ネットワーク

## VPC
- **VPC**: AWS 上の論理的に分離された仮想ネットワーク
- **サブネット**: VPC の IP アドレス範囲を分割したもの
"""
TABLE = """---
deck: Exam
---
## 比較
| サービス | 用途 | 料金 |
|---|---|---|
| NAT Gateway | 外向き通信 | 時間課金 |
| Internet Gateway | インターネット通信 | 無料 |
"""
WIDE_TABLE = TABLE.replace("| 料金 |", "| 料金 | SLA |").replace("|---|---|---|", "|---|---|---|---|")
WIDE_TABLE = WIDE_TABLE.replace("時間課金 |", "時間課金 | 99.9 |").replace("無料 |", "無料 | 99.99 |")
NARROW_TABLE = "---\ndeck: Exam\n---\n## 比較\n| サービス | 用途 |\n|---|---|\n| NAT Gateway | 外向きの通信 |\n"
CLOZE = """---
deck: Exam
---
セキュリティグループは**ステートフル**で、ネットワーク ACL は**ステートレス**である。
"""
QUESTION = """---
deck: Exam
---
Q: What does a route table decide?
A: Where traffic from a subnet is sent.
"""

# (title, before, after, the prompt to follow before -> after, same identity?)
IDENTITY_CASES = [
    ("answer edited", DEFINITIONS, DEFINITIONS.replace("分割したもの", "小さく分けた範囲"), "サブネット", True),
    (
        "notes reordered",
        DEFINITIONS,
        DEFINITIONS.replace("- **VPC**", "- **TMP**")
        .replace(
            "- **サブネット**: VPC の IP アドレス範囲を分割したもの",
            "- **VPC**: AWS 上の論理的に分離された仮想ネットワーク",
        )
        .replace(
            "- **TMP**: AWS 上の論理的に分離された仮想ネットワーク",
            "- **サブネット**: VPC の IP アドレス範囲を分割したもの",
        ),
        "VPC",
        True,
    ),
    (
        "moved to another section",
        DEFINITIONS,
        DEFINITIONS.replace("- **サブネット**", "## IP\n- **サブネット**"),
        "サブネット",
        True,
    ),
    ("heading renamed", DEFINITIONS, DEFINITIONS.replace("## VPC", "## 仮想ネットワーク"), "VPC", True),
    ("heading re-levelled", DEFINITIONS, DEFINITIONS.replace("## VPC", "#### VPC"), "VPC", True),
    ("top heading re-levelled", DEFINITIONS, DEFINITIONS.replace("# ネットワーク", "## ネットワーク"), "VPC", True),
    ("term case, width and markup", DEFINITIONS, DEFINITIONS.replace("**VPC**:", "**ｖｐｃ**:"), "VPC", True),
    (
        "term with spacing near CJK",
        DEFINITIONS,
        DEFINITIONS.replace("**サブネット**", "**サブ ネット**"),
        "サブネット",
        True,
    ),
    (
        "pinned term renamed",
        DEFINITIONS.replace("ネットワーク\n- **サブ", "ネットワーク ^vpc\n- **サブ"),
        DEFINITIONS.replace("**VPC**", "**Amazon VPC**").replace(
            "ネットワーク\n- **サブ", "ネットワーク ^vpc\n- **サブ"
        ),
        "VPC",
        True,
    ),
    (
        "table gains a column",
        TABLE,
        WIDE_TABLE,
        "NAT Gateway",
        True,
    ),
    (
        "table loses a column",
        WIDE_TABLE,
        TABLE,
        "NAT Gateway",
        True,
    ),
    ("table narrowed to two columns: definitions now", TABLE, NARROW_TABLE, "NAT Gateway", False),
    (
        "table columns reordered",
        TABLE,
        TABLE.replace("| 用途 | 料金 |", "| 料金 | 用途 |")
        .replace("| 外向き通信 | 時間課金 |", "| 時間課金 | 外向き通信 |")
        .replace("| インターネット通信 | 無料 |", "| 無料 | インターネット通信 |"),
        "Internet Gateway",
        True,
    ),
    (
        "table rows reordered and one added",
        TABLE,
        TABLE.replace("| NAT Gateway | 外向き通信 | 時間課金 |\n", "")
        + "| NAT Gateway | 外向き通信 | 時間課金 |\n| VPC Peering | VPC 間接続 | 無料 |\n",
        "NAT Gateway",
        True,
    ),
    (
        "cloze reworded around the same phrases",
        CLOZE,
        CLOZE.replace(
            "セキュリティグループは**ステートフル**で、ネットワーク ACL は**ステートレス**である。",
            "ネットワーク ACL は**ステートレス**、セキュリティグループは**ステートフル**と覚える。",
        ),
        "cloze",
        True,
    ),
    ("basic answer edited", QUESTION, QUESTION.replace("is sent", "goes"), "What does a route table decide?", True),
    (
        "basic question mark dropped",
        QUESTION,
        QUESTION.replace("decide?", "decide"),
        "What does a route table decide?",
        True,
    ),
    ("term renamed", DEFINITIONS, DEFINITIONS.replace("**VPC**", "**Amazon VPC**"), "VPC", False),
    (
        "cloze key phrase changed",
        CLOZE,
        CLOZE.replace("**ステートレス**", "**ステートレスなファイアウォール**"),
        "cloze",
        False,
    ),
    (
        "table's first header cell renamed",
        TABLE,
        TABLE.replace("| サービス |", "| ゲートウェイ |"),
        "NAT Gateway",
        False,
    ),
    ("top-level deck renamed", DEFINITIONS, DEFINITIONS.replace("deck: Exam::", "deck: AWS::"), "VPC", False),
    (
        "basic question reworded",
        QUESTION,
        QUESTION.replace("decide?", "choose?"),
        "What does a route table decide?",
        False,
    ),
]


def guid_of(folder: Path, prompt: str) -> str:
    notes = ankigen.build_notes([folder]).notes
    if prompt == "cloze":
        [note] = [note for note in notes if note.kind == ankigen.NoteKind.CLOZE]
        return note.guid
    first = {note.prompt: note.guid for note in notes}
    # a row asking three attributes or more: its first attribute's note carries the row's identity
    split = next((note.guid for note in notes if note.prompt.startswith(f"{prompt} › ")), None)
    return first[prompt] if prompt in first or split is None else split


@pytest.mark.parametrize(
    ("title", "before", "after", "prompt", "same"), IDENTITY_CASES, ids=[c[0] for c in IDENTITY_CASES]
)
def test_identity_survives_ordinary_edits(
    tmp_path: Path, title: str, before: str, after: str, prompt: str, same: bool
) -> None:
    assert before != after, title
    (tmp_path / "notes.md").write_text(before, encoding="utf-8")
    old = guid_of(tmp_path, prompt)
    (tmp_path / "notes.md").write_text(after, encoding="utf-8")
    notes = ankigen.build_notes([tmp_path]).notes
    assert (old in {note.guid for note in notes}) is same, title


def test_identity_survives_a_move_to_another_file_of_the_same_deck(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ndeck: Exam::A\n---\n- **VPC**: 仮想ネットワークのこと\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ndeck: Exam::B\n---\n- **EBS**: ブロックストレージのこと\n", encoding="utf-8")
    before = guid_of(tmp_path, "VPC")
    (tmp_path / "a.md").write_text("---\ndeck: Exam::A\n---\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "---\ndeck: Exam::B\n---\n- **EBS**: ブロックストレージのこと\n- **VPC**: 仮想ネットワークのこと\n",
        encoding="utf-8",
    )
    assert guid_of(tmp_path, "VPC") == before


def test_guids_are_frozen() -> None:
    """GUIDs are what users' collections hold: this algorithm may never change silently."""
    from ankigen.identity import guid_for

    assert guid_for("Exam", "definition", "VPC") == guid_for("ｅｘａｍ", "definition", "**vpc**")
    assert guid_for("Exam", "definition", "VPC") != guid_for("Exam", "comparison", "VPC")
    assert guid_for("Exam", "definition", "VPC") == "agHSxwJ8HXHzB"


def test_duplicate_keys_get_distinct_stable_guids_and_a_warning_naming_both(tmp_path: Path, epoch: int) -> None:
    (tmp_path / "a.md").write_text("---\ndeck: Exam\n---\n- **VPC**: first explanation here\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ndeck: Exam\n---\n\n- **ＶＰＣ**: second explanation here\n", encoding="utf-8")
    first = ankigen.build_notes([tmp_path])
    second = ankigen.build_notes([tmp_path])
    guids = [note.guid for note in first.notes]
    assert len(set(guids)) == 2 and guids == [note.guid for note in second.notes]
    [warning] = [d for d in first.diagnostics if "also at" in d.message]
    assert str(warning.span).endswith("b.md:5") and "a.md:4" in warning.message and "^" in warning.message
    result = ankigen.build_package([tmp_path], tmp_path / "x.apkg")
    assert result.output
    assert sorted(package_mods(result.output)) == sorted(guids), "the package holds both, once each"


def test_block_id_pins_and_never_shows(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ndeck: Exam\n---\n"
        "- **VPC**: 仮想ネットワーク ^vpc-1\n"
        "- **grep**: 行頭一致は `grep ^foo` と書く\n\n"
        "| サービス | 用途 | 料金 |\n|---|---|---|\n"
        "| NAT Gateway | 外向き通信 | 時間課金 ^nat |\n| IGW | 入出力の通信 | 無料 |\n",
        encoding="utf-8",
    )
    notes = {note.prompt: note for note in ankigen.build_notes([tmp_path]).notes}
    assert notes["VPC"].pinned_id == "vpc-1" and "^vpc-1" not in notes["VPC"].field("Definition")
    assert "grep ^foo" in notes["grep"].field("Definition") and not notes["grep"].pinned_id
    assert notes["NAT Gateway"].pinned_id == "nat"
    assert not notes["IGW"].pinned_id, "a neighbour's id in the shared table does not pin this row"
    assert all("^nat" not in value for note in notes.values() for _, value in note.fields)


def test_same_attribute_under_two_entities_is_two_notes_without_collision() -> None:
    """``ボリュームサイズ`` under io2 and under gp2 are different facts: each keeps its own identity
    (the parent term is part of the key), so reordering the entities never swaps their reviews."""
    text = (
        "- **io2**\n  - ボリュームサイズ : 4GB～16TB まで選べる\n  - 最大IOPS : 64000 まで出せる\n"
        "- **gp2**\n  - ボリュームサイズ : 1GB～16TB まで選べる\n  - 最大IOPS : 16000 まで出せる\n"
    )
    swapped = (
        "- **gp2**\n  - ボリュームサイズ : 1GB～16TB まで選べる\n  - 最大IOPS : 16000 まで出せる\n"
        "- **io2**\n  - ボリュームサイズ : 4GB～16TB まで選べる\n  - 最大IOPS : 64000 まで出せる\n"
    )

    def by_answer(markdown: str) -> tuple[dict[str, str], list[str]]:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "ebs.md"
            path.write_text(markdown, encoding="utf-8")
            result = ankigen.build_notes([path])
        answers = {note.field("Definition"): note.guid for note in result.notes}
        return answers, [d.message for d in result.diagnostics]

    first, warnings = by_answer(text)
    assert len(first) == 4 and len(set(first.values())) == 4
    assert not [w for w in warnings if "also at" in w]
    second, _ = by_answer(swapped)
    assert second == first, "each attribute keeps its GUID when the entities are reordered"


# ------------------------------------------------------------------------------------------------
# The deck rule changed under the user: a file of several ``#`` topics left its first topic's deck
# ------------------------------------------------------------------------------------------------

TOPICS_EARLIER = """---
deck: Storage
---
# Storage
- **Volume**: a block device attached to one instance
- **Snapshot**: a point-in-time copy of a volume

# Network
- **Subnet**: a range of addresses inside a network
"""
"""How the earlier rule built ``cloud.md`` below: its deck named after the first ``#`` heading (the
front matter gives exactly that deck and namespace, whichever rule builds it)."""

TOPICS_NOW = TOPICS_EARLIER.split("---\n", 2)[2] + "- **Route table**: rules that send a subnet's traffic on\n"


def test_reimport_after_the_deck_rule_renamed_a_file_keeps_its_notes_and_reviews(tmp_path: Path, epoch: int) -> None:
    """In the real Anki: the notes built under the earlier deck are updated, not duplicated, and keep
    their reviews; Anki leaves their cards in the deck they are in (decks match by name, and an
    import never moves an existing card), while a new note's cards go to the file's new deck."""
    from anki.scheduler.v3 import CardAnswer

    collection = tmp_path / "anki" / "collection.anki2"
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "cloud.md").write_text(TOPICS_EARLIER, encoding="utf-8")
    first = ankigen.build_package([notes], tmp_path / "v1.apkg")
    assert first.output and first.decks == ("Storage",)
    with open_collection(collection) as col:
        log = import_package(col, first.output)
        assert len(log.new) == len(first.notes) == col.note_count() == 3  # type: ignore[attr-defined]
        col.decks.select(col.decks.id("Storage"))
        while queued := col.sched.get_queued_cards().cards:
            card = col.get_card(queued[0].card.id)
            card.start_timer()
            col.sched.answer_card(col.sched.build_answer(card=card, states=queued[0].states, rating=CardAnswer.EASY))
        before = histories(col)
        assert before and all(history.reviews == 1 for history in before.values())

    (notes / "cloud.md").write_text(TOPICS_NOW, encoding="utf-8")
    second = ankigen.build_package([notes], tmp_path / "v2.apkg")
    assert second.output and second.decks == ("cloud",)
    assert {n.guid for n in first.notes} < {n.guid for n in second.notes}
    report = ankigen.import_package(collection, second.output)  # as ``ankigen sync`` imports
    assert (report.new, report.conflicting, report.first_field_match) == (1, 0, 0)
    with open_collection(collection) as col:
        assert col.note_count() == len(second.notes) == 4, "no duplicate notes"
        after = histories(col)
        for cid, history in before.items():
            assert after.get(cid) == history, f"card {cid} lost its history"
        deck_of = {col.get_card(cid).note().guid: col.decks.name(col.get_card(cid).did) for cid in col.find_cards("")}
    old = {n.guid for n in first.notes}
    assert {deck_of[guid] for guid in old} == {"Storage"}, "Anki leaves existing cards where they are"
    assert {deck for guid, deck in deck_of.items() if guid not in old} == {"cloud"}


# ------------------------------------------------------------------------------------------------
# The comparison rule changed under the user: a row of three attributes became a note per attribute
# ------------------------------------------------------------------------------------------------

WIDE_ROWS = """---
deck: Exam::Databases
---
## Index kinds

| Index | Lookup | Range scans | Write cost |
| --- | --- | --- | --- |
| B-tree | logarithmic in the rows | served in key order | a page split now and then |
| Hash | constant on average | not served at all | a bucket update per write |
"""


def test_reimport_after_wide_rows_split_keeps_the_first_attribute_note_and_its_reviews(
    tmp_path: Path, epoch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the real Anki: a row built as one note asking three attributes (the earlier rule, rebuilt
    here by not splitting) is updated in place as its first attribute's note, keeping its reviews;
    the other attributes' notes are added, and nothing is duplicated."""
    from ankigen.extract import tables

    collection = tmp_path / "anki" / "collection.anki2"
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "indexes.md").write_text(WIDE_ROWS, encoding="utf-8")
    with monkeypatch.context() as earlier:
        earlier.setattr(tables, "SPLIT_FROM", 99)  # the rule before: one note per row, every attribute on it
        earlier.setenv("ANKIGEN_NO_CACHE", "1")  # the cache keys on ankigen's source, which this does not change
        first = ankigen.build_package([notes], tmp_path / "v1.apkg")
    assert first.output and [note.prompt for note in first.notes] == ["B-tree", "Hash"]
    assert all(note.field("Attributes").count("<dt>") == 3 for note in first.notes)
    with open_collection(collection) as col:
        log = import_package(col, first.output)
        assert len(log.new) == col.note_count() == 2  # type: ignore[attr-defined]
        answer_every_card(col)
        before = histories(col)
        assert len(before) == 2 and all(history.reviews == 1 for history in before.values())
        ids = {col.get_note(nid).guid: nid for nid in col.find_notes("")}

    second = ankigen.build_package([notes], tmp_path / "v2.apkg")
    assert second.output
    shown = {note.prompt: note for note in second.notes}
    columns = ("Lookup", "Range scans", "Write cost")
    assert sorted(shown) == sorted(f"{row} › {column}" for row in ("B-tree", "Hash") for column in columns)
    report = ankigen.import_package(collection, second.output)  # as ``ankigen sync`` imports
    assert (report.new, report.updated, report.conflicting, report.first_field_match) == (4, 2, 0, 0)
    with open_collection(collection) as col:
        assert col.note_count() == 6, "no duplicate notes"
        for row in ("B-tree", "Hash"):
            kept = shown[f"{row} › Lookup"]
            note = col.get_note(ids[kept.guid])  # the very note imported before, under the same id
            assert note["Entity"] == f"{row} › Lookup" and note["Attributes"].count("<dt>") == 1
            assert "Range scans" not in note["Attributes"]
        after = histories(col)
        for cid, history in before.items():
            assert after[cid].reviews == history.reviews == 1, f"card {cid} lost its reviews"
            assert (after[cid].ivl, after[cid].due, after[cid].queue) == (history.ivl, history.due, history.queue)
        new_cards = [history for cid, history in after.items() if cid not in before]
        assert len(new_cards) == 4 and all(history.reviews == 0 for history in new_cards)


def test_a_cell_turned_into_a_list_leaves_the_row_guid_on_its_plain_attribute(tmp_path: Path) -> None:
    """A row of two attributes is one note. When one of its cells becomes a list to recite, that
    cell is asked on a cloze of its own (a new note) and the row's GUID, with its reviews, stays on
    the note that still asks the other attribute, whichever column comes first."""
    header = "## Runtimes\n\n| Runtime | Targets | Licence |\n|---|---|---|\n"
    before = header + "| Wasmtime | servers | Apache-2.0 |\n"
    after = header + "| Wasmtime | servers, browsers, embedded boards | Apache-2.0 |\n"

    def build(markdown: str) -> list[Note]:
        path = tmp_path / "runtimes.md"
        path.write_text(markdown, encoding="utf-8")
        return list(ankigen.build_notes([path]).notes)

    [row] = build(before)
    assert row.kind.value == "comparison" and row.prompt == "Wasmtime"
    notes = {note.kind.value: note for note in build(after)}
    assert sorted(notes) == ["cloze", "comparison"]
    assert notes["comparison"].prompt == "Wasmtime › Licence"
    assert notes["comparison"].guid == row.guid, "the row's reviews stay on the note still asking its plain cell"
    assert "{{c3::embedded boards}}" in notes["cloze"].prompt and notes["cloze"].guid != row.guid
