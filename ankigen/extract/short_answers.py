"""Short answers: ``- Access: `O(n)` ``, ``- Prefix: FE80::/10``, ``- 0: Emergency`` under a
subject become one card each, the prompt qualified with what they belong to
(``Linked List › Time Complexity › Access`` → ``O(n)``).

A one-word answer is no explanation, so the definitions skip it as ``empty-answer``; but a value
(a complexity, a prefix, a port, a level) is exactly what a learner wants to recall, provided the
front says whose value it is. The subject is the heading above and the label bullet the item sits
under; with neither, the value means nothing and it is left to the definitions' skip.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, ListItem, NoteKind, Section, inline_html, inline_text
from . import ExtractContext, register
from .common import (
    OUTLINE_NUMBER,
    children_html,
    clean_term,
    has_cjk,
    is_group_heading,
    iter_items,
    looks_like_term,
    meaningful_body,
    split_definition,
    study_sections,
)
from .tags import breadcrumb
from .vocabulary import MAX_OWNER_CHARS

MAX_VALUE = 30
"""A value longer than this (in characters) is a phrase for the definitions, not a short answer."""
_NUMBER_KEY = lazy_compile(r"^\d{1,5}$")
_FIGURE = r"\d[\d.,]*(?:/\d{1,3})?"
_RANGE_ROW = lazy_compile(rf"^([A-Za-z][\w.-]{{0,11}})\s+({_FIGURE}\s*[-–—]\s*{_FIGURE})$")
"""A label and the range it spans, no colon: ``A 1 - 126`` under ``IPv4 classes``."""
_VALUE_ROW = lazy_compile(rf"^([A-Za-z][\w-]{{1,11}})\s+({_FIGURE})$")
"""A label and its one figure under a range row: ``Mask 255.0.0.0``, ``CIDR 8``."""
_ROLE_ROW = lazy_compile(r"^(Called|Also called|Known as|Reserved for|Used for|Used by)\s+([A-Za-z][\w .-]{1,39})$")
"""What a range row's addresses are called or kept for: ``Called multicast address``, ``Reserved for labs``."""


def _value(text: str) -> bool:
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_VALUE or (meaningful_body(stripped) and len(stripped.split()) > 3):
        return False
    return not has_cjk(stripped) or len(stripped) <= 12


def _heading(section: Section) -> str:
    if not section.level or is_group_heading(section.title):
        return ""
    title = clean_term(OUTLINE_NUMBER.sub("", section.title))  # ``## 3) Containers``: the number is the outline's
    return title if looks_like_term(title) else ""


def _label(parent: ListItem | None) -> str:
    if parent is None:
        return ""
    split = split_definition(parent.inlines)
    label = split[0] if split is not None and not inline_text(split[1]).strip() else clean_term(parent.text)
    return label if looks_like_term(label) and len(label) <= MAX_OWNER_CHARS else ""


_SETTING = lazy_compile(r"^`?[a-z][a-z0-9]*(?:_[a-z0-9]+)*`?\s*[:：=]\s*`?[\w.+/-]{1,24}`?$")
"""A line ``snake_case_key: token`` (``auth_algorithm: sha1``, ``pfs: group14``): one setting of a configuration."""


def _config_settings(parent: ListItem | None) -> bool:
    """``parent`` is a bare identifier (``- ikepolicy``) over three or more bullets that are each one
    setting ``key: token``, two of them snake_case (``auth_algorithm: sha1``): a sample configuration
    written as a list, each value the one its author chose, not a fact about the key."""
    if parent is None or not re.fullmatch(r"`?[a-z][a-z0-9_.-]{1,40}`?", parent.text.strip()):
        return False
    items = [child for sublist in parent.sublists for child in sublist.items]
    if len(items) < 3 or any(child.children or not _SETTING.match(child.text.strip()) for child in items):
        return False
    return sum("_" in child.text.split(":")[0] for child in items) >= 2


def _remarks_only(item: ListItem) -> bool:
    """Children that only remark on a ``Label: value`` bullet: plain bullets, none a ``Label: value``
    of its own (a card of its own) nor over a list (a tree, not a remark)."""
    if len(item.sublists) != len(item.children):
        return False
    children = [child for sublist in item.sublists for child in sublist.items]
    return all(not child.children and split_definition(child.inlines) is None for child in children)


_LABEL_TAIL = lazy_compile(r"\s+(?:are|is|include|includes)\s*[:：]?\s*$|\s*[:：]\s*$", re.IGNORECASE)
_MAX_MEMBERS = 3
_MAX_NAME_WORDS = 3


def _name_only(item: ListItem) -> str:
    """The item's text when it is a short name (``Flash``, ``Startup config``, ``vlan.dat``), else ''."""
    text = " ".join(item.text.split())
    if not text or len(text.split()) > _MAX_NAME_WORDS or re.search(r"[:：。,;]|\s-\s", text):
        return ""
    return text if looks_like_term(text) else ""


def _holders(section: Section, heading: str, context: ExtractContext) -> None:
    """A label over names each holding a few names (``Memory types in devices are:`` › ``Flash`` ›
    ``IOS``, ``vlan.dat``): each holder asks what it holds, under the label
    (``Memory types in devices › Flash`` → IOS, vlan.dat). Every holder of the list must be a name over
    one to three names and nothing deeper, or the tree is an outline to read, left to the explain lines."""
    for item, _parent in iter_items(section.blocks):
        if context.claimed(item) or len(item.sublists) != 1 or len(item.children) != 1:
            continue
        label = _LABEL_TAIL.sub("", " ".join(item.text.split()))
        if label == " ".join(item.text.split()) or not looks_like_term(label) or len(label) > MAX_OWNER_CHARS:
            continue  # no ``:`` or ``… are`` opening a list: not a label over its holders
        holders = item.sublists[0].items
        if len(holders) < 2:
            continue
        rows: list[tuple[ListItem, str, tuple[ListItem, ...]]] = []
        for holder in holders:
            name = _name_only(holder)
            members = tuple(child for sub in holder.sublists for child in sub.items)
            if (
                not name
                or len(holder.sublists) != len(holder.children)
                or not 1 <= len(members) <= _MAX_MEMBERS
                or any(child.children or not _name_only(child) or context.claimed(child) for child in members)
                or context.claimed(holder)
            ):
                rows = []
                break
            rows.append((holder, name, members))
        if not rows or has_cjk(item.text) or any(has_cjk(holder.text) for holder in holders):
            continue  # the shape of terse English exam notes; a Japanese tree states more in each line
        subject = [part for part in (heading, label) if part]
        for holder, name, members in rows:
            back = (
                html.escape(members[0].text)
                if len(members) == 1
                else ("<ul>" + "".join(f"<li>{child.html}</li>" for child in members) + "</ul>")
            )
            context.emit(
                NoteKind.DEFINITION,
                f"{name}\x1f{' › '.join(subject)}",
                holder.span.at(holder.span.line, max(child.span.end_line or child.span.line for child in members)),
                {
                    "Term": html.escape(" › ".join((*subject, name))),
                    "Definition": back,
                    "Context": breadcrumb(section.path),
                },
                section=section,
                term=name,
                source=holder,
            )
            context.claim(holder, *members)
        context.claim(item)
        lines = ", ".join(str(holder.span.line) for holder, _name, _members in rows)
        context.skip(
            item.span.at(item.span.line),
            label,
            f"a label over the names it groups: it shows on the front of each card under it (lines {lines}), "
            "with nothing of its own to ask",
            code="bare-name",
        )


def _range_rows(section: Section, heading: str, context: ExtractContext) -> None:
    """``A 1 - 126`` (under ``IPv4 classes``) asks the range under the row's label, and each
    ``Mask 255.0.0.0`` under it the figure under ``IPv4 classes › A › Mask``, and ``Called multicast
    address`` what it is called (``IPv4 classes › D › Called`` → multicast address); the row's other
    children stay in the range card's Details."""
    for item, parent in iter_items(section.blocks):
        if context.claimed(item) or (item.children and len(item.sublists) != len(item.children)):
            continue
        row = _RANGE_ROW.match(item.text.strip())
        label = _label(parent)
        if row is None or not label or any(child.children for sub in item.sublists for child in sub.items):
            continue
        key, span = row.group(1), row.group(2)
        subject = [part for part in (heading, label) if part]
        values: list[tuple[ListItem, str, str]] = []
        remarks: list[ListItem] = []
        for sub in item.sublists:
            for child in sub.items:
                value = _VALUE_ROW.match(child.text.strip()) or _ROLE_ROW.match(" ".join(child.text.split()))
                if value is None or context.claimed(child):
                    remarks.append(child)
                else:
                    values.append((child, value.group(1), value.group(2)))
        fields = {"Term": html.escape(" › ".join((*subject, key))), "Definition": html.escape(span)}
        if remarks:
            fields["Details"] = "<ul>" + "".join(f"<li>{child.html}</li>" for child in remarks) + "</ul>"
        context.emit(
            NoteKind.DEFINITION, f"{key}\x1f{' › '.join(subject)}", item.span, fields,
            section=section, term=key, source=item,
        )  # fmt: skip
        context.claim(item)
        context.claim(*remarks, cloze_ok=True)
        for child, name, figure in values:
            path = (*subject, key)
            context.emit(
                NoteKind.DEFINITION,
                f"{name}\x1f{' › '.join(path)}",
                child.span,
                {"Term": html.escape(" › ".join((*path, name))), "Definition": html.escape(figure)},
                section=section,
                term=name,
                source=child,
            )
            context.claim(child)


@register("short-answers", order=25)
def extract_short_answers(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        heading = _heading(section)
        _range_rows(section, heading, context)
        _holders(section, heading, context)
        for item, parent in iter_items(section.blocks):
            if context.claimed(item) or (item.children and not _remarks_only(item)):
                continue
            if _config_settings(parent):
                context.skip(
                    item.span.at(item.span.line),
                    item.text.strip(),
                    f"a setting of a sample configuration ('{item.text.strip()[:40]}' under "
                    f"'{parent.text.strip()[:30] if parent else ''}'): the value one setup chose, not a fact to learn; "
                    "write what the setting does or why that value (`- **setting**: what it does`) to get a card",
                    code="example-value",
                )
                context.claim(item)
                continue
            split = split_definition(item.inlines)
            if split is None:
                continue
            key, body = split
            if not (looks_like_term(key) or _NUMBER_KEY.match(key)) or not _value(inline_text(body)):
                continue
            value = inline_text(body).strip()
            if meaningful_body(value) or value.startswith(("例", "e.g.")):
                continue  # a phrase is the definitions' (their key, their GUID); an example is no fact
            if has_cjk(value) and not re.search(r"\d", value):
                continue  # a one-word gloss (``アイドリング: 暇``), not a value to recall
            subject = [part for part in (heading, _label(parent)) if part and part != key]
            if not subject:
                continue
            prompt = " › ".join((*subject, key))
            fields = {"Term": html.escape(prompt), "Definition": inline_html(body)}
            if item.children:  # ``- 出力先: S3`` over a remark on it: the value answers, the remark is context
                fields["Details"] = children_html(item)
            context.emit(
                NoteKind.DEFINITION,
                f"{key}\x1f{' › '.join(subject)}",
                item.span,
                fields,
                section=section,
                term=key,
                source=item,
            )
            context.claim(item)
            context.claim(*(child for sublist in item.sublists for child in sublist.items), cloze_ok=True)
