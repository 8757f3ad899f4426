"""The Details field: short supporting context for the card it is on, never a dump of the notes.

A card's Details are shown on its back but never asked, so what sits there is read, not learned.
:func:`tidy_details` keeps them to what helps answer *this* card:

* an item or paragraph that is only an image leaves (an image alone says nothing about the card's
  front; ``inspect --explain`` lists it as an image), and so does a code block (code is never
  what a term is) and a reference (a link, a bare URL, ``参考: https://…``: a page to read, listed
  as ``link-only``);
* a bullet that only captions what left (``サンプル`` over a code block, ``テンプレート`` over
  nothing but that caption: a short noun phrase, no clause) leaves with it: a caption of nothing
  says nothing (``_caption``);
* a bullet with no text of its own over a nested list (``- 1. step`` read as a bullet holding a
  numbered list) is no empty bullet: its items take its place;
* a bullet that is an exam scenario (each sentence a wish: ``…を検出したい。…通知を送信したい。``,
  what a made-up company wants) leaves: it is no fact about the card's term (``_scenario``);
* a lead-in (``以下のサービスでサポートされている。``, ``…the following:``) with no list under it, or
  with one item left (the others became cards of their own), leaves: it would promise a list the
  card does not show. The item left stays;
* what remains is cut at a block, item or sentence boundary once it would pass
  :data:`~ankigen.extract.vocabulary.MAX_DETAILS_CHARS` characters or
  :data:`~ankigen.extract.vocabulary.MAX_DETAILS_ITEMS` bullets; nested items stay nested. A list
  or paragraph cut part-way ends on a mark (:data:`MORE_MARK`: a line after the list, a last
  sentence of the paragraph) that says more follows in the notes. A list the cap would cut
  part-way is first read whole: a set of short one-clause members, or a numbered procedure, is
  shown whole when the whole list stays short (:data:`MAX_SET_ITEMS`, :data:`MAX_SET_CHARS`: the
  first members of a set, or the first steps, are never taken for all of them); a numbered
  procedure longer than that leaves the Details whole.

The lines cut are never dropped silently: the selection pass records the trim
(``details-too-long``) and the coverage pass lists each bullet left off (``details-cut``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ankigen.patterns import lazy_compile

from .common import plain_html, reference_off
from .vocabulary import LIST_LEAD_IN, MAX_DETAILS_CHARS, MAX_DETAILS_ITEMS, MAX_LEAD_IN_CHARS

__all__ = ["scenario_text", "tidy_details"]

_VOID = frozenset({"br", "img", "hr", "wbr", "input"})
_LISTS = frozenset({"ul", "ol"})
MORE_MARK = "…"
"""After a list (or as the last sentence of a paragraph) in the Details cut part-way: more follows."""
MAX_SET_CHARS = 450
"""A list the cap would cut part-way is shown whole when it comes to at most this many characters
in all (with what the Details show before it) and at most :data:`MAX_SET_ITEMS` bullets."""
MAX_SET_ITEMS = 8
"""See :data:`MAX_SET_CHARS`."""
MAX_MEMBER_WORDS = 8
"""A bullet of more words than this is a fact, not a member of a set."""
MAX_MEMBER_CHARS = 70
"""A bullet up to this long (no list under it, no sentence end inside) is a member of a set the
Details may show whole (``_member``)."""


@dataclass
class _Element:
    tag: str
    attrs: str = ""
    children: list[_Element | str] = field(default_factory=list)

    def html(self) -> str:
        inner = "".join(child if isinstance(child, str) else child.html() for child in self.children)
        if not self.tag:
            return inner
        if self.tag in _VOID:
            return f"<{self.tag}{self.attrs}>"
        return f"<{self.tag}{self.attrs}>{inner}</{self.tag}>"


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.root = _Element("")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = "".join(f' {name}="{html.escape(value)}"' if value is not None else f" {name}" for name, value in attrs)
        element = _Element(tag, text)
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_entityref(self, name: str) -> None:
        self.stack[-1].children.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.stack[-1].children.append(f"&#{name};")


def _parse(fragment: str) -> _Element:
    parser = _Parser()
    parser.feed(fragment)
    parser.close()
    return parser.root


def _text(node: _Element | str) -> str:
    if isinstance(node, str):
        return html.unescape(node)
    return " ".join(_text(child) for child in node.children)


def _plain(node: _Element | str) -> str:
    return " ".join(_text(node).split())


def _own(item: _Element) -> list[_Element | str]:
    """An item's own content: all but its nested lists."""
    return [child for child in item.children if not (isinstance(child, _Element) and child.tag in _LISTS)]


def _nested(item: _Element) -> list[_Element]:
    return [child for child in item.children if isinstance(child, _Element) and child.tag in _LISTS]


def _only_images(nodes: list[_Element | str]) -> bool:
    """Whether the nodes show nothing but images (and white space)."""
    images = 0
    for node in nodes:
        if isinstance(node, str):
            if node.strip():
                return False
        elif node.tag == "img":
            images += 1
        elif node.tag in ("p", "a", "span", "br"):
            if node.children and not _only_images(node.children):
                return False
            images += sum(1 for child in node.children if isinstance(child, _Element) and child.tag == "img")
        else:
            return False
    return images > 0


_ANNOUNCES = lazy_compile(
    r"(?:以下|下記|次の(?:よう|とおり|通り)|\bfollowing\b|\bas follows\b)[^。.]{0,60}[。.:：]?\s*$|[:：]\s*$",
    re.IGNORECASE,
)
"""A lead-in with nothing under it: it names what follows outright (``以下に…挙げます。``, ``…:``);
``次`` alone is left out (``次世代…`` is no lead-in)."""


def _reference(nodes: list[_Element | str]) -> bool:
    """Whether the nodes are only a reference to read elsewhere, which leaves the Details whole
    (the one rule for references on a back: :func:`~ankigen.extract.common.reference_off`)."""
    return reference_off("".join(node if isinstance(node, str) else node.html() for node in nodes)) is not None


def _lead_in(nodes: list[_Element | str], strict: bool = False) -> bool:
    """Whether the text leads in to a list (``strict``: announces one outright, see :data:`_ANNOUNCES`)."""
    text = " ".join(_plain(node) for node in nodes).strip()
    pattern = _ANNOUNCES if strict else LIST_LEAD_IN
    return bool(text) and bool(pattern.search(text)) and len(text) <= MAX_LEAD_IN_CHARS


_CAPTION = lazy_compile(r"[^。、，,.:：;；!?！？()（）]{1,20}")
_VERB_ENDING = lazy_compile(r"[\u3041-\u3096]$")


def _caption(nodes: list[_Element | str]) -> bool:
    """Whether an item's own text is only a caption (``サンプル``, ``テンプレート``, ``Example``): a
    short noun phrase, no clause, no sentence, nothing after a colon. Once the code or the list it
    captioned has left the Details, it captions nothing."""
    if any(isinstance(node, _Element) and node.tag == "img" for node in nodes):
        return False
    text = " ".join(_plain(node) for node in nodes).strip()
    return bool(_CAPTION.fullmatch(text)) and not _VERB_ENDING.search(text) and len(text.split()) <= 3


_WISH = lazy_compile(r"[\u3041-\u3093](?<![がでな])たい(?:[。．]|$)")
"""A sentence that states what someone wants (``…を検出したい。``, ``…通知を送信したい``): a verb
stem in kana and ``たい`` at a sentence end."""


def _scenario(nodes: list[_Element | str]) -> bool:
    """Whether an item's own text is an exam scenario: what a made-up company or user wants
    (``…のアカウントで…を検出したい。…通知を送信したい。``), each of its sentences a wish. It
    states no fact about the card's term, so it is no context for it."""
    return scenario_text(" ".join(_plain(node) for node in nodes))


def scenario_text(text: str) -> bool:
    """Whether ``text`` (plain) is an exam scenario: each of its sentences a wish (see :func:`_scenario`)."""
    text = text.strip()
    sentences = [part for part in re.split(r"(?<=[。．])", text) if part.strip()]
    return bool(sentences) and all(_WISH.search(sentence.strip()) for sentence in sentences)


def _clean_list(element: _Element) -> None:
    """Images, empty bullets and dangling lead-ins out of a list, in place, depth first."""
    kept: list[_Element | str] = []
    for child in element.children:
        if not isinstance(child, _Element) or child.tag != "li":
            if not isinstance(child, str) or child.strip():
                kept.append(child)
            continue
        held = bool(_nested(child)) or any(isinstance(node, _Element) and node.tag == "pre" for node in child.children)
        for sub in _nested(child):
            _clean_list(sub)
        own, nested = _own(child), [sub for sub in _nested(child) if sub.children]
        own = [node for node in own if not (isinstance(node, _Element) and node.tag == "pre")]  # code is no context
        if held and not nested and _caption(own):
            continue  # ``サンプル`` over a code block, ``テンプレート`` over it: a caption of what left says nothing
        if not nested and _scenario(own):
            continue  # ``…を検出したい。``: what an exam's made-up company wants, no fact about the term
        if _only_images(own) or _reference(own):
            own = []  # an image alone, or a reference to read (a link, ``参考: https://…``), is no context
        items = [item for sub in nested for item in sub.children if isinstance(item, _Element)]
        if own and nested and len(items) <= 1 and _lead_in(own):
            own = []  # ``以下のサービスでサポートされている。`` over one item: the rest are cards elsewhere
        if not own and not nested:
            continue
        if not any(_plain(node) for node in own) and not any(
            isinstance(node, _Element) and node.tag == "img" for node in own
        ):
            kept.extend(items)  # an empty bullet over a list: its items take its place
            continue
        if not nested and _lead_in(own, strict=True):
            continue  # a lead-in to a list that is not there
        child.children = [*own, *nested]
        kept.append(child)
    element.children = kept


_BLOCKS = frozenset({"p", "ul", "ol", "dl", "table", "pre", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})


def _inline(node: _Element | str) -> bool:
    return isinstance(node, str) or node.tag not in _BLOCKS


def _clean(root: _Element) -> None:
    blocks: list[_Element | str] = []
    for index, child in enumerate(root.children):
        if isinstance(child, str):
            following = root.children[index + 1] if index + 1 < len(root.children) else None
            if child.strip():
                blocks.append(child)
            elif blocks and _inline(blocks[-1]) and following is not None and _inline(following):
                blocks.append(" ")  # ``<code>iostat</code> <code>-mxz 15</code>``: the space between words stays
            continue
        if child.tag == "pre" or (child.tag in ("p", "img") and _only_images([child])):
            continue
        if child.tag == "p" and _reference([child]):
            continue
        if child.tag in _LISTS:
            _clean_list(child)
            if not child.children:
                continue
        blocks.append(child)
    # a paragraph that leads in to a list: gone when no list follows, or only one item does
    kept: list[_Element | str] = []
    for index, block in enumerate(blocks):
        if isinstance(block, _Element) and block.tag == "p" and _lead_in([block]):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if not isinstance(following, _Element) or following.tag not in _LISTS:
                if _lead_in([block], strict=True):
                    continue
            elif len([item for item in following.children if isinstance(item, _Element)]) <= 1:
                continue
        kept.append(block)
    root.children = kept


def _items(node: _Element | str) -> int:
    if isinstance(node, str):
        return 0
    return (1 if node.tag in ("li", "tr", "dt") else 0) + sum(_items(child) for child in node.children)


def _pieces(root: _Element) -> list[tuple[str, _Element | str, str]]:
    """The Details as pieces it may be cut between, each with the container it goes back into:
    a list's items, a definition list's label-and-part pairs, a paragraph's sentences."""
    pieces: list[tuple[str, _Element | str, str]] = []
    for position, block in enumerate(root.children):
        group = f"{position}"
        if isinstance(block, _Element) and block.tag in (*_LISTS, "dl"):
            for child in block.children:
                pieces.append((group, child, block.tag + block.attrs))
        elif (
            isinstance(block, _Element)
            and block.tag == "p"
            and not any(
                isinstance(child, _Element) and child.tag not in ("strong", "em", "code", "mark", "a", "span", "s")
                for child in block.children
            )
        ):
            inner = "".join(child if isinstance(child, str) else child.html() for child in block.children)
            for sentence in _split_sentences(inner):
                pieces.append((group, sentence, "p"))
        else:
            pieces.append((group, block, ""))
    return pieces


_CAPITAL_NEXT = lazy_compile(r" [A-Z]")


def _split_sentences(inner: str) -> list[str]:
    """A paragraph's HTML cut after each sentence end that lies outside a tag."""
    parts: list[str] = []
    start = 0
    depth = 0
    for index, char in enumerate(inner):
        if char == "<":
            depth += 1
        elif char == ">":
            depth = max(0, depth - 1)
        elif depth == 0 and (char in "。！？" or (char in ".!?" and _CAPITAL_NEXT.match(inner, index + 1))):
            parts.append(inner[start : index + 1])
            start = index + 1
    parts.append(inner[start:])
    return [part for part in parts if part.strip()]


def _join(pieces: list[tuple[str, _Element | str, str]]) -> str:
    out: list[str] = []
    index = 0
    while index < len(pieces):
        group, _, container = pieces[index]
        run = []
        while index < len(pieces) and pieces[index][0] == group:
            node = pieces[index][1]
            run.append(node if isinstance(node, str) else node.html())
            index += 1
        body = "".join(run)
        if container:
            tag = container.split(" ", 1)[0]
            out.append(f"<{container}>{body.strip()}</{tag}>")
        else:
            out.append(body)
    return "".join(out)


def _size(node: _Element | str) -> tuple[int, int]:
    """A piece's plain-text length and the bullets (and rows) it holds."""
    return len(_plain(node) if isinstance(node, _Element) else plain_html(node)), _items(node)


def _leads_into_list(pieces: list[tuple[str, _Element | str, str]], index: int) -> bool:
    """Whether the piece is the last sentence of a paragraph that leads in to the list right after it."""
    group, node, _ = pieces[index]
    if index + 1 >= len(pieces) or pieces[index + 1][0] == group or pieces[index + 1][2][:2] not in ("ul", "ol"):
        return False
    text = node if isinstance(node, str) else node.html()
    return bool(LIST_LEAD_IN.search(plain_html(text)))


def _member(node: _Element | str) -> bool:
    """Whether a list item reads as one member of a set: no list under it (a label over its own
    list is a topic, not a member), short (at most :data:`MAX_MEMBER_CHARS` characters and
    :data:`MAX_MEMBER_WORDS` words), one clause (no sentence end, ``、`` or ``;`` inside):
    ``AWS::Serverless::Function (AWS Lambda)``, ``障害を予想する``, never a fact of several clauses
    (``紙詰まりが起きると列全体を止めて、…を表示する``)."""
    if isinstance(node, str) or node.tag != "li":
        return False
    if _nested(node):
        # ``アクションの例：`` over its names: a labelled group of members is one member of the set
        own = " ".join(_plain(child) for child in _own(node)).strip()
        items = [item for sub in _nested(node) for item in sub.children if isinstance(item, _Element)]
        return (
            bool(own)
            and own.endswith((":", "："))
            and len(own) <= MAX_MEMBER_CHARS // 2
            and bool(items)
            and all(_member(item) and not _nested(item) for item in items)
        )
    text = _plain(node)
    if not 0 < len(text) <= MAX_MEMBER_CHARS or len(text.split()) > MAX_MEMBER_WORDS:
        return False
    return not any(mark in text.rstrip("。.") for mark in "。、，;；")


def _list_whole_or_gone(
    pieces: list[tuple[str, _Element | str, str]],
    index: int,
    kept: list[tuple[str, _Element | str, str]],
    chars: int,
    items: int,
) -> tuple[list[tuple[str, _Element | str, str]], int, int]:
    """At a cut part-way through a list: the whole list when the rest of it is short (at most
    :data:`MAX_SET_ITEMS` bullets and :data:`MAX_SET_CHARS` characters in all: a set or a procedure
    read whole, never its first members taken for all of it), else a numbered list (steps: a
    procedure shown in part teaches a wrong one) leaves whole; any other list is cut as before."""
    group, _, container = pieces[index]
    if not kept or kept[-1][0] != group or container.split(" ", 1)[0] not in _LISTS:
        return kept, chars, items
    members = [piece for piece in pieces if piece[0] == group]
    rest = [piece for piece in pieces[index:] if piece[0] == group]
    more_chars = sum(_size(piece[1])[0] for piece in rest)
    more_items = sum(_size(piece[1])[1] for piece in rest)
    if (
        chars + more_chars <= MAX_SET_CHARS
        and items + more_items <= MAX_SET_ITEMS
        and (container.startswith("ol") or all(_member(piece[1]) for piece in members))
    ):
        return [*kept, *rest], chars + more_chars, items + more_items
    if container.startswith("ol"):
        gone = [piece for piece in kept if piece[0] == group]
        return (
            [piece for piece in kept if piece[0] != group],
            chars - sum(_size(piece[1])[0] for piece in gone),
            items - sum(_size(piece[1])[1] for piece in gone),
        )
    return kept, chars, items


def tidy_details(details: str) -> tuple[str, bool]:
    """The Details cleaned and capped (see the module's docstring), and whether anything with text
    was cut for length (images, code and dangling lead-ins are not counted: they are tidied)."""
    if not details.strip():
        return details, False
    root = _parse(details)
    _clean(root)
    pieces = _pieces(root)
    kept: list[tuple[str, _Element | str, str]] = []
    chars = 0
    items = 0
    for index, piece in enumerate(pieces):
        size, count = _size(piece[1])
        if _leads_into_list(pieces, index):
            # a lead-in stays only with its whole list: a cut list under it would promise what is not there
            following = [other for other in pieces[index + 1 :] if other[0] == pieces[index + 1][0]]
            for other in following:
                more_size, more_count = _size(other[1])
                size, count = size + more_size, count + more_count
        if chars + size > MAX_DETAILS_CHARS or items + count > MAX_DETAILS_ITEMS:
            kept, chars, items = _list_whole_or_gone(pieces, index, kept, chars, items)
            break
        kept.append(piece)
        piece_size, piece_count = _size(piece[1])
        chars += piece_size
        items += piece_count
    cut = len(kept) < len(pieces)
    if kept and len(kept) < len(pieces) and pieces[len(kept)][0] == kept[-1][0]:
        # cut part-way through a list or paragraph: a mark says more follows, so the learner does
        # not take what is left for the whole list (the notes hold the rest); after a list it is a
        # line of its own, no item of it
        group, _, container = kept[-1]
        tag = container.split(" ", 1)[0]
        if tag in _LISTS:
            kept.append((f"{group}-more", f"<p>{MORE_MARK}</p>", ""))
        elif tag == "p":
            last = kept[-1][1]
            latin = isinstance(last, str) and last.rstrip()[-1:].isascii()
            kept.append((group, f" {MORE_MARK}" if latin else MORE_MARK, container))
    return _join(kept), cut
