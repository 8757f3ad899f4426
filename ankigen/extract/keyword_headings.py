"""Keyword headings: a syntax cheat sheet written as ``### **KEYWORD**: what it does`` headings, each
over the syntax lines that use the keyword (``- `SELECT` * `FROM` table_name;``), as SQL, regex or
CLI cheat sheets are written.

The heading is the fact: one definition card, the keyword as its front and what it does as its back,
with the syntax lines under it as Details (shown, not asked). A keyword that heads more than one such
heading in the file (``CREATE`` under *View Queries* and under *Creating Table Query*) is asked with
its section's title (``View Queries › CREATE``), so no two fronts read the same with different
answers. Lines under the heading that are prose (``% is a wildcard …``) stay free for the
extractors after this one.

A syntax template (:func:`is_syntax_template`) is a line of keywords in ``code`` among placeholders
(``table_name``, ``column1``, ``*``, ``;``) with no word of prose: it is never a cloze, since its
gaps hide keywords whose only cue is the template itself, and two templates that differ in one
keyword (``AND`` / ``OR``, ``ASC`` / ``DESC``) show the same front.
"""

from __future__ import annotations

import html
import re

from ankigen.patterns import lazy_compile

from ..model import Document, Inlines, ListItem, Paragraph, Section, Span
from . import ExtractContext, register
from .common import clean_term, fold, has_cjk, is_group_heading, iter_items, looks_like_term, study_sections
from .definitions import _emit_definition
from .outline import is_label
from .vocabulary import MAX_DETAILS_CHARS, MAX_DETAILS_ITEMS

_NUMBER = lazy_compile(r"^\s*\d+(?:\.\d+)*[.)]?\s+(?=\S)")
"""``1. Finding Data Queries``: a section number, no part of the title."""
_KEYWORD_HEADING = lazy_compile(r"^\s*(?:<(strong|code)>(.+?)</\1>)\s*[:：]\s*(?P<gloss>\S.*)$", re.DOTALL)
"""``<strong>SELECT</strong>: used to select data``: a marked keyword, a colon, what it does."""
_PLAIN_HEADING = lazy_compile(r"^(?P<term>[^:：]{1,40}?)\s*[:：]\s+(?P<gloss>[a-z].*)$", re.DOTALL)
"""``ADD: add a column``: a short name, a colon, and a lowercase phrase saying what it does."""
_REMARK_LABELS = frozenset(
    ("note", "notes", "nb", "todo", "tip", "tips", "hint", "warning", "caution", "important", "update", "edit", "ps")
)
"""Labels a remark opens with (``Note: …``, ``TODO: …``): the text after them is no keyword's gloss."""
MAX_KEYWORD_CHARS = 40
MIN_GLOSS_WORDS = 2
_WORD = lazy_compile(r"[A-Za-z]+")
_PROSE_WORDS = frozenset(
    (
        "the", "a", "an", "is", "are", "was", "were", "be", "been", "being", "of", "to", "that", "which", "who", "this",
        "these", "those", "it", "its", "they", "their", "you", "your", "we", "our", "for", "with", "will", "would",
        "can", "could", "should", "must", "may", "might", "not", "no", "if", "then", "when", "where", "while", "only",
        "any", "all", "each", "every", "some", "such", "than", "also", "use", "used", "uses", "using", "returns",
        "return", "find", "finds", "allows", "allow", "lets", "let", "means", "see", "above", "below", "same", "way",
        "like", "instead", "equivalent", "shorthand", "support", "supports",
    )
)  # fmt: skip
"""Words that make a line prose (a statement to read), when written in lower or title case: a
template's keywords are in capitals (``AND``, ``IN``) or inside ``code``."""
_PLACEHOLDER = lazy_compile(r"[A-Za-z]+_[A-Za-z0-9_]+|[A-Za-z]+\d\b|[*;=]|<[a-z_]+>|\.\.\.|…")


def is_syntax_template(inlines: Inlines) -> bool:
    """A line of keywords in ``code`` among placeholders, not a sentence: ``SELECT * FROM table_name
    WHERE condition;``. Code and text outside it, a placeholder (``table_name``, ``column1``, ``*``,
    ``=``, ``<name>``) or a ``;`` end, and no word of prose outside the code (``the``, ``is``,
    ``returns``, ``that`` … in lower or title case: keywords written outside code are capitals)."""
    codes = [part for part in inlines if part.kind == "code"]
    if not codes:
        return False
    if any(part.kind in ("strong", "mark", "link", "image") for part in inlines):
        return False
    outside = " ".join(part.text for part in inlines if part.kind != "code")
    whole = "".join(part.text for part in inlines).strip()
    if has_cjk(outside):
        return False  # ``…を知るには、`iostat` を使う``: a sentence in Japanese
    for word in _WORD.findall(outside):
        if word.isupper() and len(word) > 1:
            continue  # ``AND`` written plain: a keyword of the template
        if word.casefold() in _PROSE_WORDS:
            return False
    if not outside.strip():
        return False  # a command alone in code: read by the extractors of commands
    return whole.endswith(";") or bool(_PLACEHOLDER.search(outside))


def _keyword_heading(section: Section) -> tuple[str, str] | None:
    """``(keyword, gloss html)`` of a heading ``KEYWORD: what it does``, else None. The keyword is
    marked (**bold** or `code`), or the gloss opens in lower case (``ADD: add a column``) over a
    syntax template; a title and subtitle (``EBS: Block Volumes``, ``第 1 分野: …``) or a remark's label
    (``Note: …``) is none."""
    title_html = _NUMBER.sub("", section.title_html.strip())
    title = _NUMBER.sub("", section.title.strip())
    marked = _KEYWORD_HEADING.match(title_html)
    if marked is not None:
        term = clean_term(html.unescape(re.sub(r"<[^>]+>", "", marked.group(2))))
        gloss_html = marked.group("gloss").strip()
        gloss = html.unescape(re.sub(r"<[^>]+>", "", gloss_html)).strip()
    else:
        plain = _PLAIN_HEADING.match(title)
        if plain is None:
            return None
        term = clean_term(plain.group("term"))
        gloss = plain.group("gloss").strip()
        gloss_html = html.escape(gloss, quote=False)
    if not term or len(term) > MAX_KEYWORD_CHARS or not looks_like_term(term.replace("|", " or ")):
        return None
    words = gloss.split()
    if len(words) < MIN_GLOSS_WORDS:
        return None
    if marked is None and not re.match(r"[a-z]", gloss):
        return None
    if all(word[:1].isupper() or not word[:1].isalpha() for word in words):
        return None  # ``Block Volumes``: a subtitle in capitalised words, not what the keyword does
    if any(is_syntax_template(item.inlines) for item, _ in iter_items(section.blocks)):
        return term, gloss_html  # over a syntax template that uses it: a keyword (``UPDATE``, ``ADD``)
    if marked is None or fold(term) in _REMARK_LABELS or is_group_heading(term) or is_label(term):
        return None  # ``Note: run it twice``, ``Example: …``: a label over a remark, no keyword
    return term, gloss_html


def _syntax_lines(context: ExtractContext, section: Section) -> list[ListItem | Paragraph]:
    """The syntax templates right under the heading (bullets or lines), not used by another card."""
    found: list[ListItem | Paragraph] = []
    for block in section.blocks:
        if isinstance(block, Paragraph) and is_syntax_template(block.inlines) and not context.claimed(block):
            found.append(block)
    for item, parent in iter_items(section.blocks):
        if parent is None and not context.claimed(item) and is_syntax_template(item.inlines):
            found.append(item)
    return sorted(found, key=lambda block: block.span.line)


_GLOSSED_EXAMPLE = lazy_compile(r"^(?P<expr>[^()（）]{1,40}?)\s*[(（](?P<gloss>[^()（）]{8,}?)[)）]?\s*$")
"""``LIKE 'a%' (find any values that start with "a")``: an expression and, in brackets, what it does."""
_KIND_SENTENCE = lazy_compile(
    r"^The (?P<expr>[^ ]+(?: [A-Z]+)?) (?:operator|clause|statement|function|keyword|command) "
    r"(?P<gloss>[a-z]+s\b.{8,})$"
)
"""``The ANY operator returns true if …``: the keyword named with its kind, and what it does."""


def _glossed_examples(context: ExtractContext, section: Section) -> None:
    """Each bullet under a keyword heading that is a usage of it in `code` followed by what that usage
    does in brackets (``LIKE 'a%' (find any values that start with "a")``): a definition, the usage as
    its front and the bracket as its back (a gap on the keyword would show it in the heading)."""
    for item, parent in iter_items(section.blocks):
        inlines = item.inlines[1:] if item.inlines and item.inlines[0].text.strip() in ("The", "the") else item.inlines
        if parent is not None or context.claimed(item) or not inlines or inlines[0].kind != "code":
            continue
        text = " ".join(item.text.split())
        found = _GLOSSED_EXAMPLE.match(text)
        if found is None or len(found.group("gloss").split()) < MIN_GLOSS_WORDS:
            found = _KIND_SENTENCE.match(text)
            if found is None or fold(found.group("expr")) != fold(inlines[0].text):
                continue
        expression = found.group("expr").strip()
        _emit_definition(
            context,
            section,
            item.span,
            expression,
            html.escape(found.group("gloss").strip(), quote=False),
            context_path=section.path,
            source=item,
        )
        context.claim(item)


def source_lines(block: ListItem | Paragraph) -> list[tuple[Span, str]]:
    """The template's text a source line at a time (an entry quotes the line it names; a template
    written over several lines with ``<br>`` is one block), or the whole block on its first line."""
    parts = block.text.split("\n")
    if len(parts) != block.span.end_line - block.span.line + 1:
        return [(block.span, " ".join(block.text.split()))]
    return [
        (block.span.at(block.span.line + offset, block.span.line + offset), " ".join(part.split()))
        for offset, part in enumerate(parts)
        if re.search(r"\w", part)
    ]


def _fitting(lines: list[ListItem | Paragraph]) -> list[ListItem | Paragraph]:
    """The first templates that fit a card's Details whole (:data:`MAX_DETAILS_CHARS`, at most
    :data:`MAX_DETAILS_ITEMS`): a template cut in the middle shows broken syntax. One at least."""
    shown: list[ListItem | Paragraph] = []
    size = 0
    for line in lines:
        size += len(" ".join(line.text.split()))
        if shown and (size > MAX_DETAILS_CHARS or len(shown) >= MAX_DETAILS_ITEMS):
            break
        shown.append(line)
    return shown


def _parent_title(section: Section) -> str:
    if len(section.path) < 2:
        return ""
    return clean_term(_NUMBER.sub("", section.path[-2]))


@register("keyword-headings", order=19)
def extract_keyword_headings(document: Document, context: ExtractContext) -> None:
    sections = [section for section in study_sections(document) if section.level]
    found = [(section, heading) for section in sections if (heading := _keyword_heading(section)) is not None]
    if not found:
        return
    counts: dict[str, int] = {}
    for _, (term, _) in found:
        counts[fold(term)] = counts.get(fold(term), 0) + 1
    handled: set[int] = set()
    for section, (term, gloss_html) in found:
        parent = _parent_title(section)
        front = f"{parent} › {term}" if counts[fold(term)] > 1 and parent else term
        lines = _syntax_lines(context, section)
        shown = _fitting(lines)
        details = "<br>".join(line.html for line in shown)
        for line in shown:
            for span, text in source_lines(line):
                context.skip(
                    span,
                    text,
                    f"a syntax template shown in the Details of the card at line {section.span.line} (its keyword "
                    "heading), never asked on its own: a template is no cloze (its keywords have nothing to "
                    "answer from)",
                    code="in-details",
                )
        for line in lines[len(shown) :]:
            for span, text in source_lines(line):
                context.skip(
                    span,
                    text,
                    f"a syntax template under the keyword heading at line {section.span.line}, left off that "
                    f"card's Details (they show its first {len(shown)} templates as context, whole); a template "
                    "is no cloze (its keywords have nothing to answer from), so it is asked on no card",
                    code="details-cut",
                )
        end = max([section.span.line, *(line.span.end_line for line in lines)])
        _emit_definition(
            context,
            section,
            section.span.at(section.span.line, end),
            front,
            gloss_html,
            details,
            context_path=section.path[:-1],
            source=section,
        )
        context.claim(*lines)
        handled.add(id(section))
        _glossed_examples(context, section)
    context.memo["keyword-headings"] = frozenset(handled)
