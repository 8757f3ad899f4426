"""Cards as Anki shows them: the note types' templates rendered with a note's fields, in pure Python.

This is a faithful copy of the part of Anki's template language that ankigen's templates use, so
``ankigen preview`` works without the ``anki`` extra and its output matches what Anki renders
(``tests/test_cards.py`` compares both, card by card):

* ``{{Field}}`` the field's HTML as stored; ``{{FrontSide}}`` the rendered front, on the back;
* ``{{#Field}}...{{/Field}}`` shown when the field is not empty, ``{{^Field}}...{{/Field}}`` when it
  is (a field holding only whitespace, ``<br>`` or ``<div>`` tags counts as empty, as in Anki);
* ``{{cloze:Field}}`` for card *N*: ``{{cN::answer::hint}}`` becomes ``[...]`` (or ``[hint]``) on the
  front and the answer on the back, other clozes show their text, marked up as Anki does.

Which cards a note has follows Anki too: a cloze note has one card per cloze number; any other
note has one card per template whose front uses at least one non-empty field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ankigen.patterns import lazy_compile

from .errors import AnkigenError
from .model import Note
from .notetypes import note_type

__all__ = ["Card", "cloze_numbers", "render_cards", "render_cloze", "render_note", "render_template"]


@dataclass(frozen=True, slots=True)
class Card:
    """One card of a note: which one (``ordinal`` from 0, ``template`` name) and both sides as HTML."""

    note: Note
    ordinal: int
    template: str
    question: str
    answer: str


# ----------------------------------------------------------------------------------------------
# Templates: parse into a small tree, then evaluate against the fields
# ----------------------------------------------------------------------------------------------

_TAG = lazy_compile(r"\{\{(.*?)\}\}", re.DOTALL)
_EMPTY_FIELD = lazy_compile(r"^(?:\s|</?(?:br|div)\s?/?>)*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Text:
    text: str


@dataclass(frozen=True, slots=True)
class _Replace:
    field: str
    filters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Conditional:
    field: str
    negated: bool
    children: tuple[_Node, ...]


_Node = _Text | _Replace | _Conditional


def _parse(template: str) -> tuple[_Node, ...]:
    stack: list[tuple[str, bool, list[_Node]]] = [("", False, [])]
    position = 0
    for match in _TAG.finditer(template):
        if match.start() > position:
            stack[-1][2].append(_Text(template[position : match.start()]))
        position = match.end()
        tag = match.group(1).strip()
        if tag[:1] in ("#", "^"):
            stack.append((tag[1:].strip(), tag[0] == "^", []))
        elif tag[:1] == "/":
            name = tag[1:].strip()
            if len(stack) == 1 or stack[-1][0] != name:
                raise AnkigenError(f"card template: {{{{/{name}}}}} closes a section that was not opened")
            field, negated, children = stack.pop()
            stack[-1][2].append(_Conditional(field, negated, tuple(children)))
        else:
            *filters, field = tag.split(":")
            stack[-1][2].append(_Replace(field.strip(), tuple(name.strip() for name in filters)))
    if len(stack) != 1:
        raise AnkigenError(f"card template: {{{{#{stack[-1][0]}}}}} is never closed")
    if position < len(template):
        stack[0][2].append(_Text(template[position:]))
    return tuple(stack[0][2])


def field_is_empty(text: str) -> bool:
    """Empty as Anki sees it: nothing but whitespace and ``<br>``/``<div>`` tags."""
    return bool(_EMPTY_FIELD.match(text))


@dataclass(slots=True)
class _Rendering:
    fields: Mapping[str, str]
    cloze_ordinal: int
    question: bool
    used_nonempty_field: bool = False

    def run(self, nodes: Iterable[_Node]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, _Text):
                out.append(node.text)
            elif isinstance(node, _Conditional):
                empty = field_is_empty(self.fields.get(node.field, ""))
                if empty == node.negated:
                    out.append(self.run(node.children))
            else:
                out.append(self.replace(node))
        return "".join(out)

    def replace(self, node: _Replace) -> str:
        value = self.fields.get(node.field)
        if value is None:
            return f"{{unknown field {node.field}}}"
        if node.field != "FrontSide" and not field_is_empty(value):
            self.used_nonempty_field = True
        for name in reversed(node.filters):
            if name == "cloze":
                value = render_cloze(value, self.cloze_ordinal, question=self.question)
            elif name == "text":
                value = re.sub(r"<[^>]*>", "", value)
            # other filters (hint, type, tts...) are not used by ankigen's templates: shown as is
        return value


def render_template(template: str, fields: Mapping[str, str], *, cloze_ordinal: int = 1, question: bool = True) -> str:
    """Render one card template with ``fields`` (include ``FrontSide`` for the back)."""
    return _Rendering(fields, cloze_ordinal, question).run(_parse(template))


# ----------------------------------------------------------------------------------------------
# Clozes: {{c1::text::hint}}, possibly nested, marked up as Anki 2.1.50+ does
# ----------------------------------------------------------------------------------------------

_CLOZE_TOKEN = lazy_compile(r"\{\{c(\d+)::|\}\}")


def cloze_numbers(text: str) -> tuple[int, ...]:
    """The cloze numbers used in ``text``, sorted (``{{c2::..}} {{c1::..}}`` -> ``(1, 2)``)."""
    numbers: set[int] = set()
    depth = 0
    for match in _CLOZE_TOKEN.finditer(text):
        if match.group(1) is not None:
            numbers.add(int(match.group(1)))
            depth += 1
        elif depth:
            depth -= 1
    return tuple(sorted(number for number in numbers if number > 0))


@dataclass(slots=True)
class _Cloze:
    ordinal: int
    parts: list[str | _Cloze]


def _parse_clozes(text: str) -> list[str | _Cloze]:
    root: list[str | _Cloze] = []
    stack: list[_Cloze] = []
    position = 0

    def sink() -> list[str | _Cloze]:
        return stack[-1].parts if stack else root

    for match in _CLOZE_TOKEN.finditer(text):
        if match.group(1) is None and not stack:
            continue  # a stray "}}" outside any cloze is just text
        if match.start() > position:
            sink().append(text[position : match.start()])
        position = match.end()
        if match.group(1) is not None:
            cloze = _Cloze(int(match.group(1)), [])
            sink().append(cloze)
            stack.append(cloze)
        else:
            stack.pop()
    if position < len(text):
        sink().append(text[position:])
    # an unclosed cloze is shown as the text that was written
    while stack:
        unclosed = stack.pop()
        owner = stack[-1].parts if stack else root
        index = next(i for i, part in enumerate(owner) if part is unclosed)
        owner[index : index + 1] = [f"{{{{c{unclosed.ordinal}::", *unclosed.parts]
    return root


def _split_hint(parts: list[str | _Cloze]) -> tuple[list[str | _Cloze], str]:
    """``answer::hint``: the hint follows the last ``::`` in the cloze's own text."""
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        if isinstance(part, str) and "::" in part:
            head, hint = part.rsplit("::", 1)
            return [*parts[:index], head], hint
    return parts, ""


def _encode_attribute(value: str) -> str:
    """HTML attribute escaping as Anki does it: ASCII punctuation and spaces as ``&#xHH;``."""
    named = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
    out = []
    for char in value:
        if char in named:
            out.append(named[char])
        elif ord(char) < 0x80 and not char.isalnum():
            out.append(f"&#x{ord(char):X};")
        else:
            out.append(char)
    return "".join(out)


def _cloze_html(parts: Iterable[str | _Cloze], ordinal: int, question: bool) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        content, hint = _split_hint(part.parts)
        inner = _cloze_html(content, ordinal, question)
        if part.ordinal != ordinal:
            out.append(f'<span class="cloze-inactive" data-ordinal="{part.ordinal}">{inner}</span>')
        elif question:
            shown = f"[{hint}]" if hint else "[...]"
            out.append(
                f'<span class="cloze" data-cloze="{_encode_attribute(inner)}" data-ordinal="{part.ordinal}">'
                f"{shown}</span>"
            )
        else:
            out.append(f'<span class="cloze" data-ordinal="{part.ordinal}">{inner}</span>')
    return "".join(out)


def render_cloze(text: str, ordinal: int, *, question: bool) -> str:
    """``{{cloze:Field}}`` for card ``ordinal`` (1-based, the N of ``cN``)."""
    return _cloze_html(_parse_clozes(text), ordinal, question)


# ----------------------------------------------------------------------------------------------
# Notes -> cards
# ----------------------------------------------------------------------------------------------


def render_note(note: Note) -> tuple[Card, ...]:
    """The cards Anki would make of ``note``, in card order, each side rendered."""
    kind = note_type(note.kind)
    fields = note.field_map
    cards: list[Card] = []
    if kind.is_cloze:
        template = kind.templates[0]
        text = "".join(fields.get(name, "") for name in _cloze_fields(template.front))
        for number in cloze_numbers(text) or (1,):
            front = render_template(template.front, fields, cloze_ordinal=number, question=True)
            back = render_template(template.back, {**fields, "FrontSide": front}, cloze_ordinal=number, question=False)
            cards.append(Card(note, number - 1, template.name, front, back))
        return tuple(cards)
    for ordinal, template in enumerate(kind.templates):
        rendering = _Rendering(fields, 1, True)
        front = rendering.run(_parse(template.front))
        if not rendering.used_nonempty_field:
            continue  # Anki makes no card whose front shows no field
        back = render_template(template.back, {**fields, "FrontSide": front}, question=False)
        cards.append(Card(note, ordinal, template.name, front, back))
    return tuple(cards)


def _cloze_fields(template: str) -> list[str]:
    return [tag.split(":")[-1].strip() for tag in _TAG.findall(template) if tag.strip().startswith("cloze:")]


def render_cards(notes: Iterable[Note]) -> tuple[Card, ...]:
    """Every card of every note, in note order."""
    return tuple(card for note in notes for card in render_note(note))
