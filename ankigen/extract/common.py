"""Helpers shared by the extractors: term cleaning, splitting ``term: body``, junk detection."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from ..model import (
    Block,
    Document,
    Inline,
    Inlines,
    ListBlock,
    ListItem,
    Quote,
    Section,
    inline_html,
    inline_text,
)

# Headings that only group, or hold material that is not for study.
GROUP_HEADINGS = frozenset(
    {
        "定義",
        "動作",
        "主な機能",
        "学習内容",
        "概要",
        "まとめ",
        "用語",
        "用語の定義",
        "ポイント",
        "特徴",
        "メモ",
        "試験メモ",
        "補足",
        "例",
        "具体例",
        "目次",
        "はじめに",
        "その他",
        "definition",
        "definitions",
        "overview",
        "summary",
        "notes",
        "contents",
        "table of contents",
        "introduction",
        "example",
        "examples",
        "features",
        "key points",
        "terms",
        "glossary",
    }
)
NON_STUDY_HEADINGS = frozenset(
    {
        "日付",
        "参考資料",
        "参考",
        "参考文献",
        "参考リンク",
        "リンク",
        "感想",
        "振り返り",
        "所感",
        "反省",
        "日記",
        "今日の感想",
        "次回",
        "todo",
        "やること",
        "references",
        "reference",
        "links",
        "see also",
        "further reading",
        "sources",
        "changelog",
        "date",
        "diary",
        "reflection",
        "reflections",
        "journal",
        "log",
        "next steps",
    }
)
NON_STUDY_TERMS = frozenset(
    {
        "日付",
        "date",
        "last updated",
        "updated",
        "created",
        "作成日",
        "更新日",
        "最終更新",
        "感想",
        "参考",
        "参考資料",
        "url",
        "link",
        "source",
        "出典",
        "著者",
        "author",
        "tags",
        "タグ",
        "例",
        "注意",
        "note",
        "補足",
        "tip",
        "todo",
        "memo",
        "メモ",
        "ref",
        "see",
        "e.g",
        "eg",
        "ex",
    }
)

_SEPARATOR = re.compile(r"^\s*(?:[:：]|\s[-—–]{1,2}\s|[—–])\s*")
_INLINE_SEPARATOR = re.compile(r"\s*[:：]\s*|\s+[—–]\s+|\s+-{1,2}\s+")
_LEADING_MARKS = re.compile(r"^[\s◾️◼️■□◆◇●○◎★☆▶▷►➤→⭕️✅✔️・•*#>\-]+")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_DATE = re.compile(r"^\s*\d{2,4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?\s*$")
_OPEN_CLOSE = {"（": "）", "(": ")", "「": "」", "[": "]", "【": "】", "『": "』"}


def fold(text: str) -> str:
    """NFKC, case folded, whitespace collapsed: for comparing words a user wrote."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def clean_term(text: str) -> str:
    """A term as a card front: no markup, no leading bullet marks, no trailing colon or とは,
    and brackets balanced (``Active Directory（`` becomes ``Active Directory``)."""
    term = text.replace("**", "").replace("==", "").replace("`", "").strip()
    term = _LEADING_MARKS.sub("", term)
    term = term.rstrip(" :：、,.。?？")
    for suffix in ("とは", "って何", "とは何か"):
        if term.endswith(suffix) and len(term) > len(suffix):
            term = term[: -len(suffix)].rstrip()
    term = _balance(term)
    return term.strip()


def _balance(term: str) -> str:
    for opening, closing in _OPEN_CLOSE.items():
        if term.count(opening) > term.count(closing):
            index = term.rfind(opening)
            if index > 0 and closing not in term[index:]:
                term = term[:index].rstrip()
        if term.count(closing) > term.count(opening) and term.startswith(closing):
            term = term[1:]
    return term


def is_group_heading(title: str) -> bool:
    return fold(clean_term(title)) in GROUP_HEADINGS


def is_non_study_heading(title: str) -> bool:
    folded = fold(clean_term(title))
    return folded in NON_STUDY_HEADINGS or bool(_DATE.match(folded))


def is_non_study_term(term: str) -> bool:
    folded = fold(term)
    return folded in NON_STUDY_TERMS or bool(_DATE.match(folded)) or bool(_URL.search(term))


def looks_like_term(term: str) -> bool:
    """Short, no sentence punctuation: something a card can ask about."""
    if not term or len(term) > 60:
        return False
    if any(mark in term for mark in ("。", "、", "？", "?", "！", "!")) and len(term) > 25:
        return False
    if term.count(" ") > 6:
        return False
    return not is_non_study_term(term)


def meaningful_body(text: str) -> bool:
    """An answer worth a card: not empty, not one bare word, not only a URL or a date."""
    stripped = text.strip()
    if not stripped or _URL.match(stripped) or _DATE.match(stripped):
        return False
    has_cjk = any(ord(char) > 0x2E80 for char in stripped)
    if has_cjk:
        return len(stripped) >= 4
    return len(stripped.split()) >= 2


def split_definition(inlines: Inlines) -> tuple[str, Inlines] | None:
    """Split ``**Term**: body``, ``Term: body``, ``Term — body`` (and full-width ``：``).

    Returns the cleaned term and the body inlines, or None.
    """
    if not inlines:
        return None
    first = inlines[0]
    if first.kind in ("strong", "mark", "code") and len(inlines) > 1 and inlines[1].kind == "text":
        match = _SEPARATOR.match(inlines[1].text)
        if match:
            rest_text = inlines[1].text[match.end() :]
            body = _text_inline(rest_text) + inlines[2:]
            return clean_term(first.text), _trim(body)
        if first.text.strip().endswith((":", "：")):
            return clean_term(first.text), _trim(inlines[1:])
    if first.kind in ("strong", "mark") and first.text.strip().endswith((":", "：")) and len(inlines) > 1:
        return clean_term(first.text), _trim(inlines[1:])
    # plain text term: the separator must come in the first text inline, before any markup
    if first.kind == "text":
        match = _INLINE_SEPARATOR.search(first.text)
        if match and match.start() > 0:
            term_text = first.text[: match.start()]
            if _URL.search(first.text[: match.end() + 2]) or "\n" in term_text:
                return None
            body = _text_inline(first.text[match.end() :]) + inlines[1:]
            return clean_term(term_text), _trim(body)
    return None


def _text_inline(text: str) -> Inlines:
    return (Inline("text", html.escape(text, quote=False), text),) if text else ()


def _trim(inlines: Inlines) -> Inlines:
    out = list(inlines)
    while out and out[0].kind in ("text", "br") and not out[0].text.strip():
        out.pop(0)
    if out and out[0].kind == "text":
        text = out[0].text.lstrip()
        out[0] = Inline("text", html.escape(text, quote=False), text)
    while out and out[-1].kind in ("text", "br") and not out[-1].text.strip():
        out.pop()
    return tuple(out)


def split_lines(inlines: Inlines) -> list[Inlines]:
    """Split a paragraph's inlines at line breaks (``<br>`` from single newlines)."""
    lines: list[list[Inline]] = [[]]
    for part in inlines:
        if part.kind == "br":
            lines.append([])
            continue
        if part.kind == "text" and "\n" in part.text:
            pieces = part.text.split("\n")
            for index, piece in enumerate(pieces):
                if index:
                    lines.append([])
                if piece:
                    lines[-1].append(Inline("text", html.escape(piece, quote=False), piece))
            continue
        lines[-1].append(part)
    return [_trim(tuple(line)) for line in lines if _trim(tuple(line))]


def context_of(section: Section) -> str:
    """The heading breadcrumb shown small on cards."""
    return html.escape(" › ".join(title for title in section.path if title))


def source_of(document: Document) -> str:
    return html.escape(document.path)


def iter_items(blocks: tuple[Block, ...]) -> Iterator[tuple[ListItem, ListItem | None]]:
    """Every list item under ``blocks`` (depth first), with its parent item."""

    def walk(block: Block, parent: ListItem | None) -> Iterator[tuple[ListItem, ListItem | None]]:
        if isinstance(block, ListBlock):
            for item in block.items:
                yield item, parent
                for child in item.children:
                    yield from walk(child, item)
        elif isinstance(block, Quote):
            for child in block.children:
                yield from walk(child, parent)

    for block in blocks:
        yield from walk(block, None)


def study_sections(document: Document) -> Iterator[Section]:
    """Sections that hold study material: not under a non-study heading (日付, 参考資料, ...)."""
    skip_below: int | None = None
    for section in document.sections:
        if skip_below is not None and section.level > skip_below:
            continue
        skip_below = None
        if section.level and is_non_study_heading(section.title):
            skip_below = section.level
            continue
        yield section


def children_html(item: ListItem) -> str:
    """The item's nested blocks as HTML (lists re-rendered from their items)."""
    parts: list[str] = []
    for child in item.children:
        parts.append(block_html(child))
    return "".join(parts)


def block_html(block: Block) -> str:
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{item.html}{children_html(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Quote):
        return "".join(block_html(child) for child in block.children)
    html_value = getattr(block, "html", "")
    if html_value:
        return str(html_value) if str(html_value).startswith("<") else f"<p>{html_value}</p>"
    return ""


__all__ = [
    "block_html",
    "children_html",
    "clean_term",
    "context_of",
    "fold",
    "inline_html",
    "inline_text",
    "is_group_heading",
    "is_non_study_heading",
    "is_non_study_term",
    "iter_items",
    "looks_like_term",
    "meaningful_body",
    "source_of",
    "split_definition",
    "split_lines",
    "study_sections",
]
