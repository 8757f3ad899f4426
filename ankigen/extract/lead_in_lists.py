"""Lead-in lists: a sentence that announces a list (``The scheduler has the following duties:``,
``ロードバランサーは以下のことに効果的です:``) and the plain list right under it are one fact, the
sentence saying what the items are and whose they are.

Before, the list was lost (a paragraph of its own made no card and each bullet was a fragment),
or put at the end of the heading's definition, one long back to recite. Now the lead-in asks its
list on a card of its own (its subject shown in Context by :mod:`ankigen.extract.subjects` when
the sentence does not name it):

- items that are names or short phrases: one basic card, lead-in → list, which the selection pass
  turns into one cloze with a gap per item (:func:`ankigen.extract.recital.item_cloze`) when
  there are three or more;
- three or more short clauses (``…を防ぐ``, ``keeps latency low``): one cloze with a gap per item;
  with the lead-in shown, each card asks one item of a named set, the form for enumerations;
- two items: one basic card, the pair its answer.

A list whose items are long sentences, trees, ``Term: text`` definitions (cards of their own),
links, steps of a procedure or examples is left to the other extractors, as before. The heading's
definition then no longer ends with the lead-in (see :func:`strip_lead_in`).
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Block, Document, ListBlock, ListItem, NoteKind, Paragraph, Quote, Section, Span
from . import ExtractContext, register
from .common import (
    block_html,
    clean_term,
    cloze_gap,
    fold,
    has_cjk,
    looks_like_term,
    sentence_like,
    split_definition,
    study_sections,
)
from .recital import _distinct, _plain, _sentence_ends
from .subjects import QUALIFIER
from .tags import breadcrumb
from .vocabulary import (
    COUNTED_LEAD_IN,
    LIST_LEAD_IN,
    LIST_LEAD_IN_EXCLUDED,
    MAX_BARE_TERM_CHARS,
    MAX_LEAD_IN_CHARS,
    MAX_LEAD_IN_ITEM_CHARS,
    MAX_LEAD_IN_ITEM_WORDS,
    MAX_LIST_GAP_CHARS,
    MAX_LIST_GAP_WORDS,
    MAX_LIST_GAPS,
    MIN_RECITED_ITEMS,
    PRONOUN_SUBJECT_EN,
    SET_LABEL,
)

__all__ = ["emit_lead_in_lines", "finite_clause", "lead_in_lines", "lead_in_sentence", "own_subject", "strip_lead_in"]

_COLON = lazy_compile(r"\s*[:：]\s*$")
# a request to the reader (``…ようにしてください``, ``…を確認しましょう``): an instruction, not a question
_REQUEST = lazy_compile(r"(?:て|で)(?:ください|下さい)$|しましょう$")


def lead_in_sentence(text: str) -> str:
    """The last sentence of ``text`` when it announces a list (``…the following:``, ``…以下の
    ことに効果的です:``), without its closing colon; '' otherwise. A bare ``Term:`` is a term's
    label, not a lead-in: the sentence must read as one or name what follows (以下, following)."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    last = lines[-1].strip()
    pieces = [piece for piece in re.split(r"(?<=[。．])|(?<=[.!?])\s+(?=[A-Z])", last) if piece and piece.strip()]
    if not pieces:
        return ""
    sentence = pieces[-1].strip()
    if sentence.endswith("。") and len(pieces) > 1 and not LIST_LEAD_IN.search(sentence):
        return ""
    if not LIST_LEAD_IN.search(sentence) or LIST_LEAD_IN_EXCLUDED.search(sentence):
        return ""
    bare = _COLON.sub("", sentence).rstrip("。.")
    if len(bare) > MAX_LEAD_IN_CHARS or not bare:
        return ""
    announces = re.search(r"以下|次の|下記|following|as follows", bare, re.IGNORECASE)
    if not announces and not (sentence_like(bare) and len(bare) >= 12):
        return ""  # ``Amazon RDS:`` over its bullets: a term bullet, handled as a definition
    return bare


def _short_enough(text: str, chars: int = MAX_LEAD_IN_ITEM_CHARS, words: int = MAX_LEAD_IN_ITEM_WORDS) -> bool:
    if has_cjk(text):
        return len(text) <= chars
    return len(text.split()) <= words


def _plain_items(block: ListBlock) -> list[ListItem] | None:
    """The list's items when each is one short plain line a card can ask; else None."""
    items = list(block.items)
    if not 2 <= len(items) <= MAX_LIST_GAPS:
        return None
    for item in items:
        text = item.text.strip()
        if not text or item.children or "\n" in text:
            return None
        if split_definition(item.inlines) is not None:
            return None  # ``Term: text`` items are cards of their own
        if not _short_enough(text) or "。" in text.rstrip("。") or text.count(". ") >= 1:
            return None  # sentences to read, not items to recall
        kinds = {part.kind for part in item.inlines if part.text.strip()}
        if "image" in kinds or "cloze" in kinds:
            return None  # a picture, an explicit cloze
    if all({part.kind for part in item.inlines if part.text.strip()} <= {"link"} for item in items):
        return None  # a reading list
    return items


def _clauses(items: list[str]) -> bool:
    """Items that are clauses (``…を防ぐ``, ``keeps latency low``), not names."""
    return any(sentence_like(text) or len(text.split()) > 3 for text in items)


def _emit(
    context: ExtractContext,
    section: Section,
    lead: str,
    line: int,
    block: ListBlock,
    source: object,
    fields: dict[str, str] | None = None,
) -> None:
    items = _plain_items(block)
    if items is None:
        return
    span = Span(block.span.path, line, block.span.end_line)
    texts = [item.text for item in items]
    htmls = [item.html for item in items]
    if _emit_items(context, section, lead, span, texts, htmls, block.ordered, source, block, fields):
        context.claim(block, *block.items)


_NAMELESS_LEAD = lazy_compile(r"^(?:以下|次|下記)の|^the following\b", re.IGNORECASE)
_NUMBERED_TITLE = lazy_compile(r"^\d{1,2}[.)]\s+(?P<title>[^。\n]{2,60})$")


def _numbered_title(section: Section, owner: ListItem) -> str:
    """The title of the step a nameless lead-in bullet belongs to: ``1\\. ClientHello (クライアント →
    サーバー)`` written as a paragraph right over the list that holds ``- 以下の情報をサーバーに送信する``.
    The lead-in names nothing (``以下の情報``); the numbered title above it is what it is about. ''
    when the list has no such paragraph right above it."""
    blocks = section.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, ListBlock) and any(item is owner for item in block.items):
            above = blocks[index - 1] if index else None
            if not isinstance(above, Paragraph) or "\n" in above.text.strip():
                return ""
            found = _NUMBERED_TITLE.match(above.text.strip())
            return found.group("title").strip() if found is not None and not sentence_like(found.group("title")) else ""
    return ""


def _emit_items(
    context: ExtractContext,
    section: Section,
    lead: str,
    span: Span,
    texts: list[str],
    htmls: list[str],
    ordered: bool,
    source: object,
    block: ListBlock | None = None,
    fields: dict[str, str] | None = None,
) -> bool:
    """The lead-in's card over its items (``texts`` plain, ``htmls`` as HTML): a cloze with a gap per
    short clause when there are three or more, else a basic card with the items as its answer
    (``block``'s HTML when given). False when none was made (clauses too long to hide, braces)."""
    prompt = html.escape(lead)
    extra = fields or {}
    if len(texts) >= MIN_RECITED_ITEMS and _clauses(texts):
        if not all(_short_enough(text, MAX_LIST_GAP_CHARS, MAX_LIST_GAP_WORDS) for text in texts):
            return False  # three or more long clauses: too much to hide, and too much to recite as one back
        if any("{{" in item or "}}" in item or "::" in item for item in htmls):
            return False
        tag = "ol" if ordered else "ul"
        gaps = "".join(f"<li>{cloze_gap(number, item)}</li>" for number, item in enumerate(htmls, 1))
        context.emit(
            NoteKind.CLOZE,
            lead,
            span,
            {"Text": f"{prompt}:<{tag}>{gaps}</{tag}>", **extra},
            section=section,
            source=source,
        )
        return True
    if len(texts) >= MIN_RECITED_ITEMS and not _distinct([_plain(item) for item in htmls]):
        # ``Role`` / ``RoleForLambda``: a gap would show in its sibling, and the set as one back
        # is a list to recite
        context.skip(
            span,
            lead,
            "the items repeat each other, so a gap per item would give its answer away and the "
            "list as one back is a set to recite; write what sets each apart (`- Item: text`)",
            code="list-to-recite",
        )
        return False
    answer = (
        block_html(block) if block is not None else "<ul>" + "".join(f"<li>{item}</li>" for item in htmls) + "</ul>"
    )
    context.emit(
        NoteKind.BASIC,
        lead,
        span,
        {"Question": prompt, "Answer": answer, **extra},
        section=section,
        source=source,
    )
    return True


def lead_in_lines(texts: list[str]) -> int | None:
    """Where, in the lines of a paragraph's answer (``…を指定する。`` / ``選択肢は以下の3つ。`` /
    one line per option), a line announcing the lines after it stands: its index, when a line
    of the answer comes before it and two to :data:`MAX_LIST_GAPS` short plain lines follow it
    (no ``Term: text`` line, no sentence); None otherwise."""
    for index in range(1, len(texts) - 2 + 1):
        lead = lead_in_sentence(texts[index])
        if not lead or not re.search(r"以下|次の|下記|following|as follows", lead, re.IGNORECASE):
            continue
        items = [text.strip() for text in texts[index + 1 :]]
        if not 2 <= len(items) <= MAX_LIST_GAPS:
            return None
        if any(not item or not _short_enough(item) or "。" in item or ". " in item for item in items):
            return None  # a line with a 。 is a sentence to read, not an option to recall
        if any(re.match(r"^[^:：]{1,30}[:：]\s*\S", item) for item in items):
            return None  # ``Term: text`` lines are cards of their own
        return index
    return None


def emit_lead_in_lines(
    context: ExtractContext,
    section: Section,
    lead: str,
    span: Span,
    lines: list[str],
    source: object,
    fields: dict[str, str],
) -> bool:
    """A lead-in line of a paragraph's answer over its lines (see :func:`lead_in_lines`) asks them
    on a card of its own, as a lead-in over a list does; ``fields`` set its Context. True when a
    card was made."""
    return _emit_items(
        context,
        section,
        lead,
        span,
        lines,
        [html.escape(line, quote=False) for line in lines],
        False,
        source,
        fields=fields,
    )


def _pairs(blocks: tuple[Block, ...]) -> list[tuple[Paragraph | ListItem, ListBlock]]:
    """(lead-in, list) pairs: a paragraph right above a list, or an item over its own sublist,
    anywhere in ``blocks`` (inside quotes and list items too)."""
    found: list[tuple[Paragraph | ListItem, ListBlock]] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph) and isinstance(following, ListBlock):
            found.append((block, following))
        elif isinstance(block, Quote):
            found.extend(_pairs(block.children))
        elif isinstance(block, ListBlock):
            for item in block.items:
                if len(item.children) == 1 and isinstance(item.children[0], ListBlock):
                    found.append((item, item.children[0]))
                found.extend(_pairs(item.children))
    return found


@register("lead-in-lists", order=28)
def extract_lead_in_lists(document: Document, context: ExtractContext) -> None:
    for section in study_sections(document):
        for owner, block in _pairs(section.blocks):
            if context.claimed(owner) or context.claimed(block) or any(context.claimed(i) for i in block.items):
                continue
            lead = lead_in_sentence(owner.text)
            label = "" if lead else _label_over_names(owner, block)
            if not lead and not label:
                _counted(context, section, owner, block)
                continue
            # a label over names is no answer of the heading's: it names its own set
            if lead and _heading_answer(section, owner, lead):
                continue
            if lead and _REQUEST.search(lead):
                # ``その際に、下記のポイントを抑えるようにしてください。``: the reader is told what to do
                context.skip(
                    owner.span,
                    lead,
                    "the lead-in asks the reader to do something (an exercise's instruction), so as a question "
                    "it asks nothing; say what the items are (`… の条件:`) to get a card",
                    code="question-leans",
                )
                continue
            lead = lead or label
            line = max(owner.span.line, owner.span.end_line) if isinstance(owner, Paragraph) else owner.span.line
            before = len(context.candidates)
            # the list's subject is the term it hangs under (``- アプリケーション: …下記 3 タイプ…。``)
            title = (
                _numbered_title(section, owner) if isinstance(owner, ListItem) and _NAMELESS_LEAD.match(lead) else ""
            )
            # ``1\. ClientHello (…)`` over ``- 以下の情報をサーバーに送信する``: the card's Context names the step
            fields = {"Context": breadcrumb((*section.path, title))} if title else None
            _emit(context, section, lead, line, block, block if isinstance(owner, ListItem) else owner, fields)
            if len(context.candidates) > before and (label or _only_lead(owner.text, lead)):
                context.claim(owner)


_OPEN_END = lazy_compile(
    r"(?:[:：]|\s(?:from|to|through|by|via|into|of|include|includes|including))\s*$", re.IGNORECASE
)


def _label_over_names(owner: Paragraph | ListItem, block: ListBlock) -> str:
    """A one-line paragraph that ends open, with a colon or a word that needs the list to finish it
    (``Notifications:``, ``Logs are sent to``, ``Alerts come from``), over two to
    :data:`MAX_LIST_GAPS` plain names (``- SNS``): the names are what the line announces, asked like
    a lead-in's list, so lists of one shape are one kind of card (not a fragment ending in ``from``
    as a back, nor a label explained away because its items only name things); '' otherwise."""
    if not isinstance(owner, Paragraph) or "\n" in owner.text.strip():
        return ""
    text = " ".join(owner.text.split())
    if not _OPEN_END.search(text) or len(text) > MAX_LEAD_IN_CHARS or has_cjk(text):
        return ""
    lead = _COLON.sub("", text).rstrip("。.")
    if len(lead) < 3 or "`" in lead or "](" in lead:
        return ""
    items = list(block.items)
    if not 2 <= len(items) <= MAX_LIST_GAPS or any(_name(item) is None or item.children for item in items):
        return ""
    label, colon, rest = lead.partition(": ")
    if colon and label and rest and ":" not in rest:
        # ``Storage: Snapshots are copied to``: the label is the topic the open line belongs to
        return f"{label}{QUALIFIER}{rest}"
    return lead


_NUMBERS = {
    **{str(n): n for n in range(2, 9)},
    **{chr(ord("０") + n): n for n in range(2, 9)},
    **dict(zip("二三四五六七八", range(2, 9), strict=True)),
    **dict(zip(("two", "three", "four", "five", "six", "seven", "eight"), range(2, 9), strict=True)),
}
_ASIDE = lazy_compile(r"\s*[（(][^()（）]*[)）]\s*$")
_QUOTED = lazy_compile(r"^「([^「」]+)」$")


def _count(text: str) -> int | None:
    """The one count ``text`` gives of the items under it (``4種類``, ``three kinds``); else None."""
    found = list(COUNTED_LEAD_IN.finditer(text))
    if len(found) != 1:
        return None
    token = found[0].group("count") or found[0].group("word") or ""
    return _NUMBERS.get(token.casefold())


def _count_only(item: ListItem) -> bool:
    """A bullet that is only a count, maybe with an aside (``4種類 (2022/06時点)``)."""
    text = " ".join(item.text.split())
    return (
        not item.children
        and _count(text) is not None
        and not _ASIDE.sub("", COUNTED_LEAD_IN.sub("", text, count=1)).strip(" :：。.")
    )


def _name(item: ListItem) -> str | None:
    """The bullet's own text when it is one short plain name (what is nested under it is its own
    business); else None."""
    text = item.text.strip()
    if not text or "\n" in text or split_definition(item.inlines) is not None or "。" in text:
        return None
    if any(part.kind not in ("text", "code", "strong", "em") for part in item.inlines if part.text.strip()):
        return None  # a link, a picture, an explicit cloze
    core = _ASIDE.sub("", text)
    if sentence_like(core) or "{{" in text or "}}" in text or "::" in text:
        return None
    if has_cjk(core) and len(core) > MAX_LIST_GAP_CHARS // 2:
        return None
    if not has_cjk(core) and (len(core.split()) > 6 or core[:1].islower()):
        return None
    return text


def _counted(context: ExtractContext, section: Section, owner: Paragraph | ListItem, block: ListBlock) -> None:
    """A short line that counts the list under it (``4種類のゲートウェイのタイプが存在``, ``ボリューム
    ゲートウェイ (2方式)``), or a first bullet that is only the count (``- Amazon FSx …`` over ``- 4種類``
    and the names), over just that many plain names: one cloze with a gap per name, the line (and
    the count) its lead, each name's aside outside its gap. The count shows the list is whole, so
    each card asks one member of a named set. A name inside another is no gap: the other shows it."""
    text = " ".join(owner.text.split())
    if "\n" in owner.text.strip() or len(text) > MAX_LEAD_IN_CHARS or split_definition(owner.inlines) is not None:
        return
    lead = _COLON.sub("", text).rstrip("。.")
    items = list(block.items)
    count = _count(text)
    if count is None and len(items) > 2 and _count_only(items[0]):
        count = _count(items[0].text)
        lead = f"{lead}: {' '.join(items[0].text.split())}"
        items = items[1:]
    elif count is not None and len(_ASIDE.sub("", COUNTED_LEAD_IN.sub("", lead, count=1)).strip(" :：")) < 2:
        return  # ``3つ`` alone names no set
    if count is None and SET_LABEL.search(lead) and len(lead.split()) <= 5 and len(lead) <= MAX_BARE_TERM_CHARS:
        count = len(items)  # ``Main DB Types`` over its names: the label says they are the set
    if count is None or len(items) != count or not 2 <= count <= MAX_LIST_GAPS:
        return
    names = [_name(item) for item in items]
    if any(name is None for name in names) or any(context.claimed(item) for item in items):
        return
    cores = [_ASIDE.sub("", name or "") for name in names]
    if not _distinct(cores) or any(core.casefold() in lead.casefold() for core in cores):
        return  # a name inside another, or in the lead, would show its gap's answer
    parts = []
    for number, (core, name) in enumerate(zip(cores, [name or "" for name in names], strict=True), 1):
        quoted = _QUOTED.match(core)
        gap = cloze_gap(number, html.escape(quoted.group(1) if quoted else core, quote=False))
        parts.append(f"<li>{f'「{gap}」' if quoted else gap}{html.escape(name[len(core) :], quote=False)}</li>")
    gaps = "".join(parts)
    tag = "ol" if block.ordered else "ul"
    line = max(owner.span.line, owner.span.end_line) if isinstance(owner, Paragraph) else owner.span.line
    whose = _whose_set(context, owner, lead)
    if whose:
        lead = f"{whose}{QUALIFIER}{lead}"  # ``デュプレックスシステム › 3つの方式``
    context.emit(
        NoteKind.CLOZE,
        lead,
        Span(block.span.path, line, items[-1].span.line),
        {"Text": f"{html.escape(lead, quote=False)}:<{tag}>{gaps}</{tag}>"},
        section=section,
        source=block if isinstance(owner, ListItem) else owner,
    )
    context.claim(block, *(item for item in block.items if not item.children))
    if isinstance(owner, Paragraph) or not owner.children[1:]:
        context.claim(owner)


_SET_NOUN_CHARS = 6
"""A counted bullet's words besides its count this short (``3つの方式``, ``2つのモード``) name a kind
of set, not whose set it is."""


def _whose_set(context: ExtractContext, owner: Paragraph | ListItem, lead: str) -> str:
    """The term of the bullet that a counted bullet hangs under (``- デュプレックスシステム`` over
    ``- 3つの方式`` over the three names), when the count's own words name only a kind of set (方式,
    モード, 種類) and not whose: the cloze's front says whose set it asks. '' otherwise."""
    if not isinstance(owner, ListItem):
        return ""
    rest = _ASIDE.sub("", COUNTED_LEAD_IN.sub("", lead, count=1)).strip(" :：の")
    if len(rest) > _SET_NOUN_CHARS or not has_cjk(rest):
        return ""
    node = context.outline.find(owner)
    parent = context.outline.parent(node) if node is not None else None
    if parent is not None and parent.kind == "list":
        parent = context.outline.parent(parent)
    if parent is None or parent.kind != "item" or not parent.term or len(parent.term) > MAX_BARE_TERM_CHARS:
        return ""
    term = clean_term(parent.term)
    return term if looks_like_term(term) and fold(term) not in fold(lead) else ""


def _heading_answer(section: Section, owner: Paragraph | ListItem, lead: str) -> bool:
    """The heading's own text is only the lead-in (``## Raft`` / ``Raft は…アルゴリズムで、次のような
    特徴がある。``): the heading's definition answers with the sentence and its list together, as
    nothing else under the heading says what the term is."""
    if not section.level or not isinstance(owner, Paragraph) or not _only_lead(owner.text, lead):
        return False
    if own_subject(section.title, lead):
        return False
    for block in section.blocks:
        if block is owner:
            return True
        if not (isinstance(block, Paragraph) and all(part.kind in ("image", "br") for part in block.inlines)):
            return False
    return False


_FINITE_VERB = lazy_compile(r"\b(?:is|are|was|were|can|could|may|must|should|will|has|have|does|do)\b")
"""A sentence, not a noun phrase naming its list (``The best solutions for monitoring:``, which
reads as the heading's own label)."""
MIN_TITLE_WORDS = 2


def own_subject(title: str, lead: str) -> bool:
    """An English lead-in sentence (a verb in it) with a subject of its own, under a title of two or more words it
    does not name (``## Principles of Privileges`` / ``The levels of access given to individuals
    are determined on two primary factors:``): the heading titles the section, the sentence says
    whose list it is, so the sentence asks its list, not the title (which no card could answer).
    A lead-in that names the heading, or speaks of it as ``It``/``They``, is the heading's answer."""
    term = fold(clean_term(title))
    text = fold(lead)
    if has_cjk(term) or has_cjk(text) or len(term.split()) < MIN_TITLE_WORDS or term in text:
        return False
    return bool(_FINITE_VERB.search(text)) and not PRONOUN_SUBJECT_EN.match(text)


MIN_CLAUSE_WORDS = 4


def finite_clause(text: str) -> bool:
    """English words of a sentence, a finite verb among them (``Night checks can be done through``):
    a clause, never a term, though it ends in a colon as a term's label does."""
    return text.isascii() and len(text.split()) >= MIN_CLAUSE_WORDS and bool(_FINITE_VERB.search(fold(text)))


def _only_lead(text: str, lead: str) -> bool:
    """The paragraph or item says nothing but its lead-in."""
    return _COLON.sub("", text.strip()).rstrip("。.").strip() == lead


def strip_lead_in(answer: str) -> str:
    """``answer`` (HTML) without its last sentence when that only announces a list that another
    card asks (``…。ロードバランサーは以下のことに効果的です:``); unchanged when nothing would remain."""
    ends = _sentence_ends(answer)
    text = _plain(answer)
    if not ends or not lead_in_sentence(text):
        return answer
    cut = ends[-1] if _plain(answer[ends[-1] :]) else (ends[-2] if len(ends) > 1 else 0)
    if cut <= 0 or not _plain(answer[:cut]):
        return answer
    return answer[:cut].rstrip()
