"""The outline extractors read: every block's parent, span, subject and roles.

Cases are Markdown with the expected nodes, one per line: ``line kind text -> subject [roles]``
(``text`` is the node's own text, cut at 24 characters; roles are the ones set, comma-separated).
Nodes without text (lists, tables, code) are not listed. Over the corpus and ``notes/``, the tree's
invariants are checked: children lie inside their parent's lines, in document order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ankigen
from ankigen.extract.outline import Node, Outline, build_outline

from .conftest import NOTES, REPO

ROLES = ("step", "example", "label", "group")


def _describe(node: Node) -> str:
    roles = ",".join(role for role in ROLES if getattr(node.roles, role))
    text = " ".join(node.text.split())[:24].rstrip()
    return f"{node.span.line} {node.kind} {text} -> {node.subject} [{roles}]"


def _listed(outline: Outline) -> list[str]:
    return [_describe(node) for node in outline.nodes if node.text and node.kind != "document"]


CASES = [
    (
        "a sub-bullet's subject is the term of the bullet it hangs from, not the heading",
        """# AWS

## Cognito

- **Amazon Cognito**: user sign-up and sign-in for apps
  - IAM との連携が簡単
  - **ユーザープール**: ユーザーディレクトリ
    - メリット: 管理が楽
""",
        [
            "1 section AWS ->  []",
            "3 section Cognito -> AWS []",
            "5 item Amazon Cognito: user sig -> Cognito []",
            "6 item IAM との連携が簡単 -> Amazon Cognito []",
            "7 item ユーザープール: ユーザーディレクトリ -> Amazon Cognito []",
            "8 item メリット: 管理が楽 -> ユーザープール [label]",
        ],
    ),
    (
        "a label or grouping heading names nothing: what is under it belongs to the heading above",
        """## CodeDeploy

### 特徴

- **AppSpec**: the file that describes a deployment
""",
        [
            "1 section CodeDeploy ->  []",
            "3 section 特徴 -> CodeDeploy [label,group]",
            "5 item AppSpec: the file that d -> CodeDeploy []",
        ],
    ),
    (
        "steps: ordered items, bullets under a procedure heading, numbered items that still name a term",
        """## Deployment

### デプロイの流れ

- build the image
- push it to the registry

1. **Router ID**: the 32-bit number that names an OSPF router
2. start the routing process
""",
        [
            "1 section Deployment ->  []",
            "3 section デプロイの流れ -> Deployment []",
            "5 item build the image -> デプロイの流れ [step]",
            "6 item push it to the registry -> デプロイの流れ [step]",
            "8 item Router ID: the 32-bit nu -> デプロイの流れ [step]",
            "9 item start the routing proces -> デプロイの流れ [step]",
        ],
    ),
    (
        "examples: everything under an example heading or bullet, and e.g. lines",
        """## Regions

- **Availability Zone**: one or more data centres in a region
  - 例: ap-northeast-1a
- 例
  - sa-east-1b

### Examples

| Region | City |
| --- | --- |
| eu-west-1 | Dublin |
""",
        [
            "1 section Regions ->  []",
            "3 item Availability Zone: one o -> Regions []",
            "4 item 例: ap-northeast-1a -> Availability Zone [example,label]",
            "5 item 例 -> Regions [example,label,group]",
            "6 item sa-east-1b -> Regions [example]",
            "8 section Examples -> Regions [example,group]",
            "12 row eu-west-1 -> Regions [example]",
        ],
    ),
    (
        "the words of an example line are one list (vocabulary.EXAMPLE_LINE_WORDS): 実例 marks examples too",
        """## Caches

### 実例

- a CDN keeps static files near the reader
""",
        [
            "1 section Caches ->  []",
            "3 section 実例 -> Caches [example]",
            "5 item a CDN keeps static files -> Caches [example]",
        ],
    ),
    (
        "the example marks are one list (vocabulary.EXAMPLE_MARKS): たとえば opens an example as 例: does",
        """## Caches

- **Cache**: a fast store for data read often
  - たとえば、CDN は静的ファイルを利用者の近くに置く
""",
        [
            "1 section Caches ->  []",
            "3 item Cache: a fast store for -> Caches []",
            "4 item たとえば、CDN は静的ファイルを利用者の近くに -> Cache [example]",
        ],
    ),
    (
        "table rows are children of their table, each on its own line; a quote's items keep their lines",
        """# Ports

Well-known ports
| Service | Port |
| --- | --- |
| SSH | 22 |
| HTTPS | 443 |

> [!note] Remember
> - **Ephemeral port**: a short-lived client-side port
""",
        [
            "1 section Ports ->  []",
            "3 paragraph Well-known ports -> Ports []",
            "6 row SSH -> Well-known ports []",
            "7 row HTTPS -> Well-known ports []",
            "9 quote Remember -> Ports []",
            "10 item Ephemeral port: a short- -> Ports []",
        ],
    ),
    (
        "setext headings nest like ATX headings; a title over two lines reads as one line",
        """Networking
and the cloud
==========

Subnets
-------

A **subnet** is a range of addresses in a VPC.
""",
        [
            "1 section Networking and the cloud ->  []",
            "5 section Subnets -> Networking and the cloud []",
            "8 paragraph A subnet is a range of a -> Subnets []",
        ],
    ),
    (
        "text without headings: a head line is the subject of the blocks right below it, up to a blank line",
        """Terraformとは
宣言的な構成ファイルからクラウド資源を作るツール
- State: 管理している資源の現在の状態を記録したファイル
<使うメリット>
⭕️変更の差分を適用前に確認できる

- Provider: クラウドごとのAPIを扱うプラグイン
""",
        [
            "1 paragraph Terraformとは 宣言的な構成ファイルから ->  []",
            "3 item State: 管理している資源の現在の状態を記録 -> Terraform []",
            "4 paragraph <使うメリット> ⭕️変更の差分を適用前に確認で -> Terraform [label]",
            "7 item Provider: クラウドごとのAPIを扱うプ ->  []",
        ],
    ),
    (
        "a numbered bold title over its own bullets is their subject; a lone bare bullet titles the table below",
        """## Layers

1. **Physical (Layer 1)**
   - Examples: cables, hubs
2. **Data Link (Layer 2)**
   - Examples: switches, bridges

- Frame types

| Type | Use |
| --- | --- |
| Unicast | one receiver |
""",
        [
            "1 section Layers ->  []",
            "3 item Physical (Layer 1) -> Layers [step]",
            "4 item Examples: cables, hubs -> Physical (Layer 1) [example]",
            "5 item Data Link (Layer 2) -> Layers [step]",
            "6 item Examples: switches, brid -> Data Link (Layer 2) [example]",
            "8 item Frame types -> Layers []",
            "12 row Unicast -> Frame types []",
        ],
    ),
]


@pytest.mark.parametrize(("markdown", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_outline(markdown: str, expected: list[str]) -> None:
    outline = build_outline(ankigen.parse_text(markdown, "notes.md"))
    assert _listed(outline) == expected


def test_an_outline_finds_the_node_of_every_block_and_item() -> None:
    document = ankigen.parse_text("# A\n\n- **X**: one thing\n  - y\n\nText.\n", "notes.md")
    outline = build_outline(document)
    section = document.sections[0]
    [listing, paragraph] = section.blocks
    item = listing.items[0]  # type: ignore[union-attr]
    assert outline.node(section).kind == "section"
    assert outline.node(item).term == "X"
    assert outline.subject_of(item.children[0].items[0]) == "X"  # type: ignore[union-attr]
    before, after = outline.siblings(outline.node(listing))
    assert before is None and after is not None and after.owner is paragraph
    assert [node.kind for node in outline.ancestors(outline.node(item))] == ["list", "section", "document"]


def _files() -> list[Path]:
    return sorted((REPO / "benchmarks" / "corpus").glob("*.md")) + sorted(NOTES.rglob("*.md"))


@pytest.mark.parametrize("path", _files(), ids=lambda path: path.name)
def test_children_lie_inside_their_parent_in_document_order(path: Path) -> None:
    outline = build_outline(ankigen.parse_document(path))
    previous = 0
    for node in outline.nodes[1:]:
        parent = outline.nodes[node.parent]
        assert node.index in parent.children
        assert node.span.line >= previous, f"{node.span}: before the node above it"
        previous = node.span.line
        if parent.kind != "document":
            assert parent.span.line <= node.span.line <= node.span.end_line <= parent.span.end_line, (
                f"{node.kind} {node.span.line}-{node.span.end_line} outside {parent.kind} "
                f"{parent.span.line}-{parent.span.end_line}"
            )
        headings = [outline.nodes[index] for index in node.headings]
        assert all(heading.kind == "section" for heading in headings)
