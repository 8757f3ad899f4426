"""The outline of one document: every block in a tree, with its subject and roles computed once.

The typed blocks (:mod:`ankigen.model`) nest as the parser found them (sections hold blocks, list
items hold blocks, quotes hold blocks); the outline links them both ways and adds what extractors
otherwise re-derive with index arithmetic and one level of context:

* ``parent`` and ``children`` of every node (document -> sections by heading level -> blocks ->
  list items -> their blocks; a table's rows are its children), and its heading ancestors;
* ``term``: what the node itself names, if anything (a heading, ``- **Term**: ...``, a term bullet,
  a table row's first cell); labels (目的, メリット, 概要 ...) and grouping words name nothing;
* ``subject``: the nearest term above the node (``IAM との連携`` under ``- **Cognito**`` has the
  subject ``Cognito``), so a card can always say what it is about. In text without headings a
  block's subject can also be the head line of the paragraph right above it with no blank line
  between (``Cognitoとは`` / ``◾️Cognito`` over a list or a table): its *lead*;
* ``roles``: a procedure step, an example, a label, a group heading.

Nodes are frozen and refer to each other by index, so the tree has no cycles and pickles cheaply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Literal

from ankigen.patterns import lazy_compile

from ..model import (
    Block,
    CodeBlock,
    Document,
    Inlines,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    RawBlock,
    Section,
    Span,
    Table,
    inline_text,
)
from .common import (
    OUTLINE_NUMBER,
    clean_term,
    fold,
    is_group_heading,
    looks_like_term,
    name_chain,
    names_no_subject,
    split_definition,
    split_lines,
    split_towa,
)
from .vocabulary import (
    CRITERION_LEAD_IN,
    EXAMPLE_INSTANCE,
    EXAMPLE_LINE_OPENING,
    EXAMPLE_LINE_WORDS,
    MAX_OWNER_CHARS,
    MAX_TERM_CHARS,
    SCENARIO_ACTORS,
    SCENARIO_LABELS,
    VERBAL_NOUN_ENDING,
)

__all__ = [
    "LABEL_SLACK",
    "Node",
    "NodeKind",
    "Outline",
    "Roles",
    "build_outline",
    "image_only",
    "in_scenario",
    "is_label",
    "is_scenario_label",
    "scenario_givens",
]

LABEL_SLACK = 8
"""A term that ends with a label word and is at most this much longer is a label (``使用するメリット``)."""

NodeKind = Literal["document", "section", "paragraph", "list", "item", "table", "row", "code", "quote", "raw"]
Owner = Document | Section | Block | ListItem

_NUMBERED = lazy_compile(r"^\s*(?:\d{1,3}[.)．]\s|(?:step|ステップ|手順)\s*\d+)", re.IGNORECASE)
_EMPHASIS = frozenset({"strong", "mark", "em", "code", "link"})
_PROCEDURE_ENDINGS = ("流れ", "手順", "ステップ", "steps", "flow", "procedure", "how it works")


@cache
def _label_words() -> frozenset[str]:
    """Labels that mean something only with what they belong to (目的 under a term, 概要 in a topic)."""
    from .definitions import GENERIC_LABELS, TOPIC_LABELS  # here: definitions imports the registry

    return frozenset(fold(word) for word in GENERIC_LABELS | TOPIC_LABELS)


def _head_line_term(text: str, first: bool) -> str:
    """The term a paragraph line names when it heads what follows (``Xとは``, ``◾️X``, ``X:`` alone,
    or a short first line that is a name), else ''."""
    from .definitions import head_term  # here: definitions imports the registry

    term = head_term(text, first=first)
    if term is None or fold(term) in _label_words() or is_group_heading(term):
        return ""
    return term


@dataclass(frozen=True, slots=True)
class Roles:
    """What a node does in the notes, beyond what it says."""

    step: bool = False
    """A step of a procedure: an ordered item, a numbered title, or a top bullet under 手順 / …の流れ."""
    example: bool = False
    """An example: ``例)`` / ``e.g.`` text, or anything under an 例 / Examples heading or bullet."""
    label: bool = False
    """A label that names nothing alone (目的, メリット, 概要, Pros): its meaning is its subject's."""
    group: bool = False
    """A heading or bullet that only groups what is under it (定義, 主な機能, Overview)."""
    scenario: bool = False
    """Part of an exam question's scenario: under a ``問題のシナリオ`` / ``要件`` / ``解決策`` label
    (:data:`~ankigen.extract.vocabulary.SCENARIO_LABELS`), all the way down. Its bullets describe
    one made-up system and the steps of its answer, not what their terms are."""


_NO_ROLES = Roles()


@dataclass(frozen=True, slots=True)
class Node:
    """One block of the document in the outline; ``parent`` and ``children`` are node indexes."""

    index: int
    kind: NodeKind
    span: Span
    """The node's lines; a section's run to the end of its last subsection."""
    parent: int
    children: tuple[int, ...]
    headings: tuple[int, ...]
    """The section nodes above this node, outermost first (a section's own index is not included)."""
    text: str
    term: str
    subject: str
    roles: Roles
    owner: Owner
    """The typed object: the document, a section, a block or a list item (a row's is its table)."""
    row: int = -1
    """For a table row, its index in ``Table.rows``."""


@dataclass(frozen=True, slots=True)
class Outline:
    """The nodes of a document in document order; ``nodes[0]`` is the document itself."""

    nodes: tuple[Node, ...]
    by_owner: Mapping[int, int]
    """``id(owner)`` -> node index, for the typed objects the outline was built from."""
    drawn: dict[int, bool] = field(default_factory=dict, compare=False, repr=False)
    """List node index -> :func:`_draws_scenario`, as worked out once (asked for every item)."""
    peers: dict[tuple[int, int], bool] = field(default_factory=dict, compare=False, repr=False)
    """``(id(section), id(table))`` -> :func:`~ankigen.extract.tables.peers_of_heading`, as worked
    out once (the tables extractor asks, then the subject pass again for every row)."""

    def node(self, owner: Owner) -> Node:
        """The node of a section, block or list item of this document (KeyError for any other)."""
        return self.nodes[self.by_owner[id(owner)]]

    def find(self, owner: object) -> Node | None:
        """The node of ``owner`` when the outline was built from it, else None (a candidate's source
        may be None or an object of another document)."""
        index = self.by_owner.get(id(owner))
        return None if index is None else self.nodes[index]

    def parent(self, node: Node) -> Node | None:
        return self.nodes[node.parent] if node.parent >= 0 else None

    def children(self, node: Node) -> tuple[Node, ...]:
        return tuple(self.nodes[index] for index in node.children)

    def ancestors(self, node: Node) -> Iterator[Node]:
        """The parent, its parent and so on up to the document."""
        parent = self.parent(node)
        while parent is not None:
            yield parent
            parent = self.parent(parent)

    def siblings(self, node: Node) -> tuple[Node | None, Node | None]:
        """The nodes right before and after ``node`` under the same parent."""
        parent = self.parent(node)
        if parent is None:
            return None, None
        position = parent.children.index(node.index)
        before = self.nodes[parent.children[position - 1]] if position else None
        after = self.nodes[parent.children[position + 1]] if position + 1 < len(parent.children) else None
        return before, after

    def subject_of(self, owner: Owner) -> str:
        return self.node(owner).subject


class _Builder:
    def __init__(self, separators: frozenset[int] = frozenset()) -> None:
        self.separators = separators
        """Lines of lone ``-`` separators: no gap between the blocks around them."""
        self.kinds: list[NodeKind] = []
        self.spans: list[Span] = []
        self.parents: list[int] = []
        self.children: list[list[int]] = []
        self.headings: list[tuple[int, ...]] = []
        self.texts: list[str] = []
        self.terms: list[str] = []
        self.roles: list[Roles] = []
        self.owners: list[Owner] = []
        self.rows: list[int] = []
        self.tails: list[str] = []
        """Per node, the term a paragraph's last head line names (what a block right below it is about)."""

    def add(
        self,
        kind: NodeKind,
        span: Span,
        parent: int,
        owner: Owner,
        text: str = "",
        term: str = "",
        roles: Roles = _NO_ROLES,
        row: int = -1,
        tail: str = "",
    ) -> int:
        index = len(self.kinds)
        self.tails.append(tail)
        self.kinds.append(kind)
        self.spans.append(span)
        self.parents.append(parent)
        self.children.append([])
        if parent >= 0:
            self.children[parent].append(index)
        heading_path = self.headings[parent] if parent >= 0 else ()
        if parent >= 0 and self.kinds[parent] == "section":
            heading_path = (*heading_path, parent)
        self.headings.append(heading_path)
        self.texts.append(text)
        self.terms.append(term)
        self.roles.append(roles)
        self.owners.append(owner)
        self.rows.append(row)
        return index

    def inherited(self, parent: int) -> Roles:
        """Roles a node takes from above: examples stay examples, and a scenario's parts stay its
        parts, all the way down."""
        example = scenario = False
        while parent >= 0 and not (example and scenario):
            example = example or self.roles[parent].example or fold(self.terms_or_text(parent)) in EXAMPLE_LINE_WORDS
            scenario = scenario or self.roles[parent].scenario
            parent = self.parents[parent]
        return Roles(example=example, scenario=scenario) if example or scenario else _NO_ROLES

    def terms_or_text(self, index: int) -> str:
        return self.terms[index] or clean_term(self.texts[index])

    def finish(self) -> Outline:
        # a section's own span stops at the next heading; its node covers its subsections too
        for index in range(len(self.kinds) - 1, 0, -1):
            parent = self.parents[index]
            if (
                self.kinds[parent] in ("section", "document")
                and self.spans[index].end_line > self.spans[parent].end_line
            ):
                self.spans[parent] = self.spans[parent].at(self.spans[parent].line, self.spans[index].end_line)
        leads = self._leads()
        cut = self._cut_items()
        nodes: list[Node] = []
        for index, kind in enumerate(self.kinds):
            subject = leads[index]
            parent = self.parents[index]
            apart = index in cut
            while not subject and parent >= 0:
                subject = self.terms[parent] or ("" if apart else leads[parent])
                apart = apart or parent in cut
                parent = self.parents[parent]
            nodes.append(
                Node(
                    index,
                    kind,
                    self.spans[index],
                    self.parents[index],
                    tuple(self.children[index]),
                    self.headings[index],
                    self.texts[index],
                    self.terms[index],
                    subject,
                    self.roles[index],
                    self.owners[index],
                    self.rows[index],
                )
            )
        by_owner = {id(node.owner): node.index for node in nodes if node.row < 0}
        return Outline(tuple(nodes), by_owner)

    def _lone_bullet(self, index: int) -> int | None:
        """The node of the one bullet of a list that is a single bare bullet (no text after a
        term, no children), or None."""
        if self.kinds[index] != "list" or len(self.children[index]) != 1:
            return None
        item = self.children[index][0]
        owner = self.owners[item]
        if self.children[item] or not isinstance(owner, ListItem) or split_definition(owner.inlines) is not None:
            return None
        return item

    def _title_bullet(self, index: int) -> str:
        """The term of a list that is one bare bullet (no text after the term, no children): a
        title for the block below it."""
        item = self._lone_bullet(index)
        if item is None:
            return ""
        return self.terms[item]

    def _title_phrase(self, index: int) -> str:
        """The text of a list that is one bare bullet naming a case rather than a term
        (``- CloudFrontが適さない場合``), as a title for the paragraphs right below it: what they
        are about. '' for a sentence, a label, a group word or anything long."""
        item = self._lone_bullet(index)
        if item is None:
            return ""
        phrase = clean_term(self.texts[item]).rstrip(" :：")
        if (
            not phrase
            or len(phrase) > MAX_OWNER_CHARS
            or "。" in phrase
            or self.roles[item].label
            or self.roles[item].group
            or self.roles[item].example
            or fold(phrase) in _label_words()
        ):
            return ""
        return phrase

    def _name_title(self, index: int) -> str:
        """The term of a paragraph that is one bare line naming a product or a service in Latin
        letters (``DynamoDB``, ``Amazon S3``): in text without headings, the title of the run of
        blocks written right below it with no blank line. '' for anything else."""
        if self.kinds[index] != "paragraph" or "\n" in self.texts[index].strip():
            return ""
        term = self.terms[index]
        if not term or _MARK.match(self.texts[index]) or not _LATIN.search(term) or self.roles[index].label:
            return ""
        return term if fold(clean_term(self.texts[index]).rstrip(" :：")) == fold(term) else ""

    def _describes_heading(self, before: int, after: int) -> bool:
        """``before`` is a plain one-line paragraph right under a named heading, and another paragraph
        follows it: it says what the heading's subject is (``### RedShift`` / ``Data warehousing and
        analytics columnar``), so the paragraph after it is still about the heading's subject, and a
        body line is never shown as a Context crumb. A line ending on a colon, a marked or bold line,
        or one over a list or a table is a title of what follows and keeps leading it."""
        parent = self.parents[before]
        if self.kinds[parent] != "section" or not self.terms[parent] or self.children[parent][0] != before:
            return False
        text = self.texts[before].strip()
        owner = self.owners[before]
        return (
            self.kinds[after] == "paragraph"
            and "\n" not in text
            and not self.tails[before]
            and not text.endswith((":", "："))
            and not _MARK.match(text)
            and not (isinstance(owner, Paragraph) and any(part.kind in ("strong", "mark") for part in owner.inlines))
        )

    def _topic_line(self, index: int) -> bool:
        """A paragraph whose head line is a topic in Japanese words only (``スループット``,
        ``パーティションキーの複合キー``): an aspect of the named thing whose run it is written in,
        not another name beside it (``CNAMEレコード`` after ``Aレコード`` heads a run of its own)."""
        term = self.terms[index]
        return bool(term) and not _LATIN.search(term) and not _MARK.match(self.texts[index])

    def _table_named_by(self, before: int, table: int) -> str:
        """The term of the last item of list ``before`` when the table right below the list (one
        blank line at most) lays out parts its bullets name: two or more of the table's row names
        occur in that item's text or below it (``- Amazon Timestream:`` whose bullets name its
        databases, tables and records, then a table of those). '' otherwise."""
        if self.spans[table].line > self.spans[before].end_line + 2 or not self.children[before]:
            return ""
        item = self.children[before][-1]
        if not self.terms[item]:
            return ""
        below = fold(" ".join(self.texts[node] for node in self._subtree(item)))
        rows = [fold(self.terms[row]) for row in self.children[table] if self.terms[row]]
        named = sum(1 for row in rows if row and row in below)
        return self.terms[item] if named >= 2 else ""

    def _subtree(self, index: int) -> Iterator[int]:
        yield index
        for child in self.children[index]:
            yield from self._subtree(child)

    def _adjacent(self, before: int, after: int) -> bool:
        """No blank line between two blocks: only lone ``-`` separators, if anything (an outliner's
        ``Title`` / ``-`` / ``Term: text`` / ``-`` / ``Term: text``)."""
        gap = range(self.spans[before].end_line + 1, self.spans[after].line)
        return all(line in self.separators for line in gap)

    def _gap_break(self, items: list[int]) -> int:
        """The position of the first item of ``items`` (one list's items) set off by a blank line
        after items written with none between them (``- RDS`` / ``- EFS`` / blank / ``- S3``): the
        author started another group there, so the title line over the list no longer leads it.
        ``len(items)`` when there is none (a list written all tight, or all loose)."""
        for position in range(2, len(items)):
            if self._adjacent(items[0], items[1]) and not self._adjacent_lines(items[position - 1], items[position]):
                return position
        return len(items)

    def _adjacent_lines(self, before: int, after: int) -> bool:
        """No blank line between an item (its own text and what is nested in it) and the next."""
        end = self.spans[before].end_line
        for child in self.children[before]:
            end = max(end, self.spans[child].end_line)
        gap = range(end + 1, self.spans[after].line)
        return all(line in self.separators for line in gap)

    def _cut_items(self) -> set[int]:
        """Items after a blank-line break in their list (:meth:`_gap_break`): they do not take the
        lead of the paragraph over the list."""
        cut: set[int] = set()
        for index, kind in enumerate(self.kinds):
            if kind == "list":
                items = self.children[index]
                cut.update(items[self._gap_break(items) :])
        return cut

    def _leads(self) -> list[str]:
        """Per node, the head line right above it: a block that follows a paragraph with no blank line
        between (``Cognitoとは`` then a list, or ``✅ Cognito を使う理由`` then a table) is about what
        that paragraph's head names; a run of such blocks shares it. '' where there is none."""
        leads = [""] * len(self.kinds)
        titles = [""] * len(self.kinds)  # per node, the name line that opened its tight run (``DynamoDB``)
        for children in self.children:
            for before, after in pairwise(children):
                if self.kinds[after] not in ("row", "item") and self._adjacent(before, after):
                    titles[after] = titles[before] or self._name_title(before)
                if self.kinds[after] in ("row", "item"):
                    continue
                title = self._title_bullet(before)
                if title and self.kinds[after] in ("list", "table", "code"):
                    if self.spans[after].line <= self.spans[before].end_line + 2:
                        leads[after] = title  # ``- プレイスメントグループの設定`` alone, then its table
                    continue
                if self.kinds[after] == "table" and self.kinds[before] == "list":
                    named = self._table_named_by(before, after)
                    if named:
                        leads[after] = named  # ``- Amazon Timestream:`` over its bullets, then its parts' table
                        continue
                if not self._adjacent(before, after):
                    continue
                if self.kinds[after] == "paragraph" and self.terms[after] and not self.roles[after].label:
                    title = titles[before] or self._name_title(before)
                    if title and self._topic_line(after):
                        leads[after] = titles[after] = title  # ``DynamoDB`` … then ``スループット`` with no blank line
                    continue  # ``◾️CNAMEレコード`` right after ``◾️Aレコード``'s list heads a run of its own
                if self.kinds[after] == "paragraph" and not leads[before]:
                    phrase = self._title_phrase(before)
                    if phrase:
                        leads[after] = phrase  # ``- CloudFrontが適さない場合`` alone, then ``動的コンテンツ:`` …
                        continue
                if self.kinds[before] == "paragraph" and self._describes_heading(before, after):
                    leads[after] = leads[before]  # ``### RedShift`` / ``Data warehousing…`` / ``Serverless: …``
                elif self.kinds[before] == "paragraph":
                    leads[after] = self.tails[before] or self.terms[before] or leads[before]
                elif self.kinds[before] == "list" and self._gap_break(self.children[before]) < len(
                    self.children[before]
                ):
                    continue  # the list's run ended at the blank line inside it
                elif self.kinds[before] in ("list", "table", "quote", "code"):
                    leads[after] = leads[before]
        return leads


def _heading_roles(title: str) -> Roles:
    folded = fold(clean_term(title))
    return Roles(
        step=bool(_NUMBERED.match(title)),
        example=folded in EXAMPLE_LINE_WORDS,
        label=folded in _label_words(),
        group=is_group_heading(title),
        scenario=is_scenario_label(title),
    )


def _heading_term(title: str, roles: Roles, level: int = 2) -> str:
    """What a heading names; '' for a label, a group, an example heading, or one that names no
    subject at all (``Other``, ``Misc``, a file-name title such as ``# exam_memo``): what sits under
    it takes its subject from further up, or from the file's topic."""
    if roles.label or roles.group or roles.example or names_no_subject(title, top=level == 1):
        return ""
    term = clean_term(OUTLINE_NUMBER.sub("", title))  # ``## 7. Message Queues``: the number is the outline's
    tagline = _TAGLINE.search(term)
    if tagline and not looks_like_term(term):
        # ``### Integrity – “Has it been changed?”``: the quoted motto after the dash says nothing the
        # heading is about; the name before it is its subject
        term = term[: tagline.start()].strip()
    return term if looks_like_term(term) else ""


_TAGLINE = lazy_compile(r"\s+[–—-]\s+[“\"‘'][^“”\"]+[”\"’']\s*$")


def _item_term_and_roles(item: ListItem, ordered: bool, under_procedure: bool, inherited: Roles) -> tuple[str, Roles]:
    """What a list item names, and its roles. A label (``目的: …``), an example or a bare step
    names nothing: its subject does."""
    text = item.text
    if image_only(item.inlines):
        return "", inherited  # ``- ![image](…)``: its alt text names nothing the bullets under it are about
    split = split_definition(item.inlines) or split_towa(item.inlines)
    raw_term = split[0] if split is not None else clean_term(text)
    folded = fold(raw_term)
    has_body = split is not None and bool(inline_text(split[1]).strip())
    roles = _merge(
        Roles(
            step=ordered or bool(_NUMBERED.match(text)) or under_procedure,
            example=bool(EXAMPLE_LINE_OPENING.match(text)) or folded in EXAMPLE_LINE_WORDS,
            label=folded in _label_words(),
            group=is_group_heading(raw_term) and not has_body,
            scenario=(not has_body and is_scenario_label(raw_term)) or (split is None and _premise(text)),
        ),
        inherited,
    )
    if roles.label or roles.group or roles.example or not looks_like_term(raw_term):
        return "", roles
    if split is None and ((roles.step and not _titles_children(item)) or len(raw_term) > MAX_TERM_CHARS):
        return "", roles  # ``1. open the console`` is a step, not a term; ``1. **Router ID**: …`` names one
    if split is None and name_chain(text):
        return "", roles  # ``On-premises - IaaS - PaaS - SaaS``: an order of names, no one subject
    return raw_term, roles


def image_only(inlines: Inlines) -> bool:
    """Text that is only images (``![image](…)``): no words of its own."""
    parts = [part for part in inlines if part.kind != "br" and (part.text.strip() or part.kind == "image")]
    return bool(parts) and all(part.kind == "image" for part in parts)


def _titles_children(item: ListItem) -> bool:
    """``1. **Physical (Layer 1)**`` over its own bullets: a numbered title, what its children are about."""
    return bool(item.sublists) and bool(item.inlines) and all(part.kind in _EMPHASIS for part in item.inlines)


def is_label(term: str) -> bool:
    """A label word, alone or with a short qualifier in front (``使用するメリット``, ``Key points``)."""
    folded = fold(term)
    singular = folded[:-1] if folded.endswith("s") and folded.isascii() else folded  # ``Examples``, ``Key points``
    words = _label_words()
    return any(
        form.endswith(_label_endings())  # most terms end with no label word: one test, not one per word
        and any(form.endswith(word) and len(form) <= len(word) + LABEL_SLACK for word in words)
        for form in (folded, singular)
    )


@cache
def _label_endings() -> tuple[str, ...]:
    return tuple(sorted(_label_words()))


def _paragraph_heads(paragraph: Paragraph) -> tuple[str, str]:
    """The term a paragraph's first line names (``Cognitoとは``, ``◾️Cognito``, a short name line) and
    the one its last line names when that line leads into what follows (``✅ Cognito を使う理由``)."""
    lines = split_lines(paragraph.inlines)
    if not lines:
        return "", ""
    # an image alone on a line names nothing (its alt text is a file name, ``image``, or a caption):
    # ``![[Pasted image 2024….png]]`` over a list is no title of the bullets under it
    first = (
        ""
        if split_definition(lines[0]) is not None or image_only(lines[0])
        else _head_line_term(inline_text(lines[0]), True)
    )
    tail = ""
    if len(lines) > 1 and split_definition(lines[-1]) is None and not image_only(lines[-1]):
        tail = _head_line_term(inline_text(lines[-1]), True)  # a last line is read only as a title for what follows
    if not first and not tail:
        criterion = CRITERION_LEAD_IN.search(inline_text(lines[-1]))
        # ``…リージョンを選択する要因として、…``: the labels after it are such 要因
        tail = _CLAUSE_JOINT.split(criterion.group("owner"))[-1] if criterion else ""
    return first, tail


def _merge(own: Roles, inherited: Roles) -> Roles:
    if (not inherited.example or own.example) and (not inherited.scenario or own.scenario):
        return own
    return Roles(
        step=own.step,
        example=own.example or inherited.example,
        label=own.label,
        group=own.group,
        scenario=own.scenario or inherited.scenario,
    )


_PREMISE = lazy_compile(
    r"^\s*(?:ある|某)(?:企業|会社|組織|顧客|チーム|開発者|エンジニア)(?:が|は|で)"
    r"|^\s*(?:A|An)\s+(?:company|organization|enterprise|startup|retailer)\s+(?:is|has|uses|wants|runs|needs)\b"
)
"""A bullet that opens an exam question's premise on a made-up actor (``ある企業が…を管理しています。``,
``A company runs …``): the bullets under it explain the question's options and steps for that one
system, its scenario, not what their terms are in general."""


def _premise(text: str) -> bool:
    return _PREMISE.match(text) is not None


def is_scenario_label(text: str) -> bool:
    """A label over an exam question's scenario or its answer: a word of
    :data:`~ankigen.extract.vocabulary.SCENARIO_LABELS` alone (``解決策:``), or the requirement or
    problem of a made-up actor (``会社の要件``, ``DevOps エンジニアの課題``; ``of the company``)."""
    folded = fold(clean_term(text)).strip(" ?？:：")
    if folded in SCENARIO_LABELS:
        return True
    for joint in ("の", " of the ", " of "):
        head, found, tail = folded.rpartition(joint) if joint == "の" else folded.partition(joint)
        if not found:
            continue
        owner, label = (head, tail) if joint == "の" else (tail, head)
        if label.strip() in SCENARIO_LABELS | {"requirements", "problem", "challenge"} and owner.strip().endswith(
            SCENARIO_ACTORS
        ):
            return True
    return False


def _add_blocks(builder: _Builder, blocks: tuple[Block, ...], parent: int, procedure: bool) -> None:
    for block in blocks:
        _add_block(builder, block, parent, procedure)


def _add_block(builder: _Builder, block: Block, parent: int, procedure: bool) -> None:
    inherited = builder.inherited(parent)
    if isinstance(block, Paragraph):
        roles = _merge(Roles(example=bool(EXAMPLE_LINE_OPENING.match(block.text))), inherited)
        term, tail = _paragraph_heads(block) if not roles.example else ("", "")
        if term and is_label(term):
            roles = Roles(
                step=roles.step, example=roles.example, label=True, group=roles.group, scenario=roles.scenario
            )
        builder.add("paragraph", block.span, parent, block, block.text, term, roles, tail=tail)
    elif isinstance(block, ListBlock):
        list_index = builder.add("list", block.span, parent, block, roles=inherited)
        for item in block.items:
            term, roles = _item_term_and_roles(item, block.ordered, procedure, inherited)
            item_index = builder.add("item", item.span, list_index, item, item.text, term, roles)
            _add_blocks(builder, item.children, item_index, False)
    elif isinstance(block, Table):
        table_index = builder.add("table", block.span, parent, block, roles=inherited)
        for row_index, row in enumerate(block.rows):
            first = inline_text(row[0]) if row else ""
            term = clean_term(first)
            builder.add(
                "row",
                block.row_span(row_index),
                table_index,
                block,
                first,
                term if looks_like_term(term) else "",
                inherited,
                row_index,
            )
    elif isinstance(block, Quote):
        quote_index = builder.add("quote", block.span, parent, block, block.title, roles=inherited)
        _add_blocks(builder, block.children, quote_index, procedure)
    elif isinstance(block, CodeBlock):
        builder.add("code", block.span, parent, block, roles=inherited)
    elif isinstance(block, RawBlock):
        builder.add("raw", block.span, parent, block, block.text, roles=inherited)


def build_outline(document: Document) -> Outline:
    """The outline of ``document``: sections nest by heading level, blocks under their section."""
    builder = _Builder(document.separators)
    first_line = document.sections[0].span.line if document.sections else 1
    root = builder.add("document", Span(document.path, 1, max(first_line, 1)), -1, document)
    stack: list[tuple[int, int]] = []  # (level, node index) of the open sections
    for section in document.sections:
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        parent = stack[-1][1] if stack else root
        roles = _merge(_heading_roles(section.title), builder.inherited(parent)) if section.level else _NO_ROLES
        term = _heading_term(section.title, roles, section.level) if section.level else ""
        index = builder.add("section", section.span, parent, section, section.title, term, roles)
        if section.level:
            stack.append((section.level, index))
        procedure = fold(section.title).endswith(_PROCEDURE_ENDINGS)
        _add_blocks(builder, section.blocks, index, procedure)
    return builder.finish()


def in_scenario(outline: Outline, source: object) -> bool:
    """Whether the block or list item ``source`` is part of an exam question's scenario (its node
    has the ``scenario`` role, or it is a bullet of a list that draws one made-up system: see
    :func:`_draws_scenario`); False for anything the outline was not built from."""
    index = outline.by_owner.get(id(source))
    if index is None:
        return False
    node = outline.nodes[index]
    return node.roles.scenario or (node.kind == "item" and _draws_scenario(outline, node.parent))


_SOLUTION_LABELS = frozenset({"解決策", "解決方法", "手順", "solution"})
"""Scenario labels over the answer to an exam question, not over what the question gives."""


def scenario_givens(outline: Outline, source: object, memo: dict[int, bool] | None = None) -> bool:
    """Whether ``source`` is one of the givens of an exam question's scenario: under a label such as
    ``要件``, ``シナリオ``, ``課題`` or ``会社の要件`` (not ``解決策`` or ``手順``, which label its answer).
    A given (``CloudFront を使用している。``, ``MySQL を使用する。``) describes the one made-up system
    the question is about, so a gap in it asks a detail of that system, never a fact to learn.
    ``memo``: the answers for the nodes walked so far (node index -> answer), kept by a caller that asks
    for many sources of one outline (they share their headings and lists, walked once)."""
    index = outline.by_owner.get(id(source))
    walked: list[int] = []
    found = False
    while index is not None and index > 0:
        if memo is not None and index in memo:
            found = memo[index]
            break
        walked.append(index)
        node = outline.nodes[index]
        if node.kind in ("section", "item", "paragraph") and is_scenario_label(node.text.split("\n", 1)[0]):
            found = fold(clean_term(node.text.split("\n", 1)[0])).strip(" ?？:：") not in _SOLUTION_LABELS
            break
        index = node.parent if node.parent >= 0 else None
    if memo is not None:
        memo.update(dict.fromkeys(walked, found))
    return found


def _draws_scenario(outline: Outline, list_index: int) -> bool:
    """A list whose bullets draw one made-up system or the steps of one answer, with no label over
    it: two or more of its items name lettered example instances (``VPC A: …``, ``Endpoint
    Service (B): …``), or two or more are labelled by a memo-style step (``…を作成: …``,
    ``…のルールを設定: …``). Its other bullets are parts of that system, not what their terms are."""
    if list_index < 0 or outline.nodes[list_index].kind != "list":
        return False
    drawn = outline.drawn.get(list_index)
    if drawn is None:
        drawn = outline.drawn[list_index] = _draws(outline, list_index)
    return drawn


_COLON = lazy_compile(r"[:：]")
_LATIN = lazy_compile(r"[A-Za-z]")
_CLAUSE_JOINT = lazy_compile(r"際に|ときに|時に|場合に|上で")
"""Where a clause of time or case ends inside a Japanese noun phrase (``…を買うときに機種を決める基準``)."""
_MARK = lazy_compile(r"^\s*[^\w\s(（「【\[]")
"""A line opening with a mark (``◾️``, ``✅``, ``📌``) rather than a word."""


def _draws(outline: Outline, list_index: int) -> bool:
    instances = steps = 0
    for child in outline.nodes[list_index].children:
        text = outline.nodes[child].text
        head = _COLON.split(text, maxsplit=1)[0].strip() if _COLON.search(text) else ""
        if not head:
            continue
        instance = EXAMPLE_INSTANCE.match(head)
        # ``Consistency (C)``: the bracketed letter is the name's own initial, its short form (CAP's C)
        initial = instance is not None and (instance.group("bracketed") or "") == head[:1].upper()
        instances += instance is not None and not initial
        steps += bool(VERBAL_NOUN_ENDING.search(head))
        if instances >= 2 or steps >= 2:
            return True
    return False
