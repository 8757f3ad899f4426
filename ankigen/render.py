"""Stage 3, blocks: the prepared body lines -> markdown-it-py tokens -> sections of typed blocks.

The only module that imports ``markdown_it``. Notes are written for CommonMark/GFM editors
(Obsidian, GitHub, VS Code), so they are read by a CommonMark parser with GFM tables and
strikethrough, ``==mark==``, footnotes and raw HTML, and single newlines shown as line breaks (as
Obsidian shows them). A footnote marker (``[^1]``) is left out of the fields; the footnote's text
is a block at its own line.

Deliberate differences from CommonMark, for notes written without blank lines and in Japanese: an
unindented line right under a bullet ends the list instead of continuing the bullet's text lazily
(:func:`_no_lazy_item_lines`), a line without a ``|`` ends a table (:func:`_no_pipeless_rows`),
and bold next to Japanese text follows a CJK-friendly rule (:class:`_CjkFriendlyState`).

Every block token carries ``map = [first line, end line)``: those are the spans of the typed
blocks (:mod:`ankigen.model`), so no line is ever re-derived. Extractors never see tokens: they
get paragraphs, lists with nested items, tables (with each row's line), quotes and code, and
inline nodes that carry both their HTML and their plain text, rendered by the same parser, so a
card shows what the user's editor shows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import cast

from markdown_it import MarkdownIt, rules_inline
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter, Scanned
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.admon.index import admonition as _admonition_rule
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ankigen.patterns import HTML_TAG, lazy_compile

from .extract.vocabulary import (
    ADMONITION_DIRECTIVES,
    CODE_DIRECTIVES,
    IMAGE_DIRECTIVES,
    MARKDOWN_DIRECTIVES,
    MATH_DIRECTIVES,
    MIN_WRAPPED_LINE_CHARS,
    WRAP_MARKS,
    WRAP_WORDS,
)
from .model import (
    Block,
    CodeBlock,
    Inline,
    InlineKind,
    Inlines,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    RawBlock,
    Span,
    Table,
    inline_html,
    inline_text,
)

__all__ = [
    "MAX_NESTING",
    "inlines_of",
    "markdown_to_html",
    "markdown_tokens",
    "mathjax",
    "parse_sections",
    "render_inline",
    "section_title",
]

MAX_NESTING = 100
"""markdown-it's nesting limit (a list level counts two: list and item). Deeper lists are capped at
16 levels by :mod:`ankigen.sections` before parsing, with a warning, so this is never reached by
notes; it bounds recursion on hostile input."""

_INLINE_KINDS: dict[str, InlineKind] = {
    "strong": "strong",
    "em": "em",
    "mark": "mark",
    "a": "link",
}
_CALLOUT = lazy_compile(r"^\s*\[!([A-Za-z0-9_-]+)\][+-]?[ \t]*(.*)$")
_BREAK_TAG = lazy_compile(r"^<br\s*/?>$", re.IGNORECASE)
_PLACEHOLDER_TAG = lazy_compile(r"^<(?P<name>[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*)>$")
"""``<bucket-name>``, ``<zone>``, ``<project_id>``: what CommonMark reads as an opening tag but a
command reference writes as the argument to fill in (``gsutil ls gs://<bucket-name>``)."""
_HTML_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "bdi",
        "bdo",
        "blink",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "menu",
        "meta",
        "meter",
        "nav",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "search",
        "section",
        "select",
        "slot",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
        "math",
    ]
)
_STRUCTURE_TAG = lazy_compile(r"\s*<(?:h[1-6]|p|ul|ol|dl|table|blockquote|div)[\s>]", re.IGNORECASE)
"""An HTML block that opens with a tag of document structure: maybe read as its Markdown."""
_DIRECTIVE = lazy_compile(r"^\{([A-Za-z][\w:.-]*)\}\s*(.*)$")
"""A MyST directive's fence info: ``{note}``, ``{code-block} python``, ``{admonition} Title``."""
_CONTAINER = lazy_compile(r"^\{?\.?([A-Za-z][\w-]*)?\}?\s*(.*)$")
"""A colon fence's info without braces: ``tip My title`` (Docusaurus, VuePress), ``{.note}`` (Pandoc)."""
_ADMONITION_LINE = lazy_compile(r'^(?:!!!|\?\?\?\+?)[ \t]*([\w-]+(?:[ \t]+[\w-]+)*)(?:[ \t]+"[^"\n]*")?[ \t]*$')
"""A Python-Markdown / MkDocs admonition's first line: ``!!! note "Title"``, ``??? tip`` or ``???+ warning``
(collapsible, pymdownx.details): its kind (and more class words), then at most a quoted title."""
_ADMONITION_TITLE = lazy_compile(r'"([^"\n]*)"\s*$')
_OPTION = lazy_compile(r"^:[A-Za-z][\w-]*:(?:\s.*)?$")
"""A directive option line at the top of its content (``:class: dropdown``)."""
_DOUBLE_BRACE = lazy_compile(r"\}(?=\})")
_ATTRIBUTE_LIST = lazy_compile(r"[ \t]*\{(?::[^{}\n]*|[#.][A-Za-z][\w-]*(?:\s+[^{}\n]*)?)\}")
"""A kramdown / Pandoc attribute list (``{: style="height:80px"}``, ``{:.note}``, ``{#intro}``,
``{.wide}``) after an image, a link, a heading's text or on a line under a block: Jekyll, GitHub
Pages and Pandoc hide it, so it is left out of the text and of every field (a line holding only
one leaves no block)."""
_MATH_TOKENS = ("math_inline", "math_inline_double")


def mathjax(tex: str, display: bool) -> str:
    """A formula as Anki shows it with MathJax: ``\\(…\\)`` inline, ``\\[…\\]`` on its own.

    Anki reads ``}}`` as the end of a cloze gap, even inside MathJax, so the braces of a formula are
    written ``} }`` (the space means nothing to TeX in math mode; Anki's manual gives this fix): a
    gap around or beside the formula stays one gap."""
    body = _DOUBLE_BRACE.sub("} ", tex.strip())
    return f"\\[{body}\\]" if display else f"\\({body}\\)"


def _math(tex: str, display: bool) -> Inline:
    source = mathjax(tex, display)
    return Inline("math", html.escape(source, quote=False), source)


def _render_math(self: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[index]
    shown = html.escape(mathjax(token.content, token.type != "math_inline"), quote=False)
    return shown if token.type in _MATH_TOKENS else f"<p>{shown}</p>\n"


def _mark_rule(state: StateInline, silent: bool) -> bool:
    """``==marked==`` as ``<mark>`` (Obsidian's highlight): delimiters in pairs, as ``~~`` are."""
    start = state.pos
    if silent or state.src[start] != "=":
        return False
    scanned = state.scanDelims(start, True)
    length = scanned.length
    if length < 2:
        return False
    if length % 2:
        token = state.push("text", "", 0)
        token.content = "="
        length -= 1
    for _ in range(0, length, 2):
        token = state.push("text", "", 0)
        token.content = "=="
        state.delimiters.append(
            Delimiter(
                marker=0x3D,
                length=0,
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


_ORPHAN_REFERENCE = lazy_compile(r"\[([^\[\]\n^][^\[\]\n]*)\]\[([^\[\]\n]*)\]")
_BEFORE_LINK = lazy_compile(r"[A-Za-z0-9_\])]")


def _orphan_reference_rule(state: StateInline, silent: bool) -> bool:
    """``[ISO-8601][iso-8601]`` (or ``[issue][]``) whose ``[iso-8601]: https://…`` line the notes
    do not hold (a page copied without its link list): the author wrote a link, so its text is
    shown, as an editor shows a link, not the raw brackets. A defined reference is markdown-it's
    link; ``arr[0][1]`` after a word stays text."""
    start = state.pos
    if state.src[start] != "[" or (start and _BEFORE_LINK.match(state.src[start - 1])):
        return False
    if start and state.src[start - 1] == "!":
        return False  # an image's alt text: left to the image rule's reading
    found = _ORPHAN_REFERENCE.match(state.src, start, state.posMax)
    if found is None or not found.group(1).strip():
        return False
    if not silent:
        end = state.posMax
        state.pos, state.posMax = found.start(1), found.end(1)
        state.md.inline.tokenize(state)
        state.posMax = end
    state.pos = found.end()
    return True


def _mark_pairs(state: StateInline, delimiters: list[Delimiter]) -> None:
    for opener in delimiters:
        if opener.marker != 0x3D or opener.end == -1:
            continue
        closer = delimiters[opener.end]
        for index, (kind, nesting) in ((opener.token, ("mark_open", 1)), (closer.token, ("mark_close", -1))):
            token = state.tokens[index]
            token.type, token.tag, token.markup, token.content = kind, "mark", "==", ""
            token.nesting = 1 if nesting == 1 else -1
        first = state.tokens[opener.token + 1] if opener.token + 1 < closer.token else None
        if first is not None and first.type == "text" and _MARK_FLAG.match(first.content):
            first.content = first.content[1:]  # ``==!$0.05/h==``: the author's "mind this" flag, not the text


_MARK_FLAG = lazy_compile(r"^[!！](?=[^\s=!！])")
"""A ``!`` opening a highlight's text (``==!無料==``, ``==!$0.05/h==``): an author's flag on the marked
phrase (as ``!`` callouts are), never part of what is marked; it would leak into a gap or an answer."""


def _mark_post(state: StateInline) -> None:
    _mark_pairs(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _mark_pairs(state, meta["delimiters"])


def _task_markers(state: StateCore) -> None:
    """Drop a task-list item's ``[ ]``/``[x]`` marker from the start of its first paragraph (GFM's
    task lists): the editor shows a checkbox, so the marker is not text of the note and never reaches a
    card. What the item says is study material either way, ticked or not."""
    tokens = state.tokens
    for index in range(2, len(tokens)):
        token = tokens[index]
        if token.type != "inline" or tokens[index - 1].type != "paragraph_open":
            continue
        if tokens[index - 2].type != "list_item_open":
            continue
        marker = _TASK_MARKER.match(token.content)
        children = token.children
        if marker is None or not children or children[0].type != "text":
            continue
        first = children[0]
        if not first.content.startswith(marker.group(0)):
            continue
        token.content = token.content[marker.end() :]
        first.content = first.content[marker.end() :]
        if not first.content:
            del children[0]


def _no_lazy_item_lines(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """End a list item's paragraph at a line that is not right of the item's list (at the margin,
    for a top-level list): CommonMark would continue the paragraph lazily.

    Notes written without blank lines put the next paragraph, label or table right under a bullet;
    read as the bullet's continuation, it swallowed whole facts and tables. A line indented past the
    list's own indentation still continues the bullet, as before. Only a terminator: it never makes
    a token itself.

    A bullet hard-wrapped at the margin still continues (:func:`_wrapped`): the line above stops
    mid-sentence (on ``、`` or ``,``, or on a word such as ``of`` that cannot end one), or is itself
    a long line that continued so."""
    if not silent or state.listIndent < 0 or state.sCount[line] > state.listIndent:
        return False
    return not _wrapped(state, line) and not _between_steps(state, line, end)


_ORDERED_ITEM = lazy_compile(r"^\d{1,9}[.)]\s+\S")
_ANY_ITEM = lazy_compile(r"^(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_MAX_STEP_REMARK_LINES = 3


def _between_steps(state: StateBlock, line: int, end: int) -> bool:
    """Whether a margin line is a remark on the numbered step above it, the next step right below
    (``1. BIOSの起動`` / ``最近はUEFIの場合あり。`` / ``1. ブートローダーの起動``): at most
    :data:`_MAX_STEP_REMARK_LINES` such lines, no blank line, an ordered item on each side. Cut there,
    the steps fell into lists of one or two items and the remark into a paragraph of its own."""
    above = line - 1
    while above >= 0 and line - above <= _MAX_STEP_REMARK_LINES:
        text = _raw_line(state, above)
        if not text:
            return False
        if _ANY_ITEM.match(text):
            break
        above -= 1
    else:
        return False
    if above < 0 or not _ORDERED_ITEM.match(_raw_line(state, above)):
        return False
    for below in range(line + 1, min(end, line + _MAX_STEP_REMARK_LINES)):
        text = _line_text(state, below)
        if not text:
            return False
        if _ANY_ITEM.match(text):
            return bool(_ORDERED_ITEM.match(text)) and state.sCount[below] <= state.listIndent
    return False


def _wrapped(state: StateBlock, line: int) -> bool:
    """Whether ``line`` continues the sentence of the line above it, cut by a hard wrap."""
    above = _line_text(state, line - 1)
    if not above or not _line_text(state, line):
        return False
    if above.endswith(WRAP_MARKS) or above.rsplit(" ", 1)[-1].lower() in WRAP_WORDS:
        return True
    # a line at the margin that already continued the bullet (so it was wrapped) and is long:
    # hard-wrapped prose goes on to the next line whatever its last word
    lazy_above = line - 1 > 0 and state.sCount[line - 1] <= state.listIndent
    return lazy_above and len(above) >= MIN_WRAPPED_LINE_CHARS and _wrapped(state, line - 1)


def _no_pipeless_rows(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """End a table at a line without a ``|`` (GFM would read it as a one-cell row).

    Notes written without blank lines put the next paragraph or label right under a table; read as
    rows, they vanished into the table. Only a terminator: it never makes a token itself."""
    if not silent or state.parentType != "table":
        return False
    if "|" in _line_text(state, line):
        return False
    return not _cell_continues(state, line, end)


def _raw_line(state: StateBlock, line: int) -> str:
    """The whole line, its list marker too (the list rule moves ``bMarks`` past the marker of the
    item it is reading), stripped."""
    start = state.src.rfind("\n", 0, state.bMarks[line]) + 1
    return state.src[start : state.eMarks[line]].strip()


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].strip()


def _cell_continues(state: StateBlock, line: int, end: int) -> bool:
    """Whether a line without a ``|`` is the rest of a cell written over several lines: the table's
    rows go on right after it (past at most one more such line, or a lone ``|`` closing the cell),
    and the row there is not the header of a new table. :meth:`_Reader.table` joins such a line
    to the row above it."""
    following = line + 1
    while following < end and following <= line + 2:
        text = _line_text(state, following)
        if not text:
            return False
        if text == "|" or "|" not in text:
            following += 1
            continue
        after = _line_text(state, following + 1) if following + 1 < end else ""
        return text.count("|") >= 2 and not _DELIMITER_ROW.match(after)
    return False


_DELIMITER_ROW = lazy_compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")


_TASK_MARKER = lazy_compile(r"^\[[ xX]\][ \t]+")
"""A GFM task-list item's checkbox, ``- [ ] text`` or ``- [x] text``: the editor shows a box, not text."""

_SCRIPT_URL = lazy_compile(r"^\s*(?:javascript|vbscript):", re.IGNORECASE)


def _link_allowed(url: str) -> bool:
    return _SCRIPT_URL.match(url) is None


_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x2FFFF),  # CJK extensions B and later
)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    if code < 0x1100:  # most characters beside a delimiter: ASCII, Latin, punctuation
        return False
    return any(low <= code <= high for low, high in _CJK_RANGES)


class _CjkFriendlyState(StateInline):
    """CommonMark's emphasis rule, but a CJK character beside a punctuation mark counts as a space.

    CommonMark does not close ``**「用語」**が`` (``**`` between a bracket and a kana is not
    "right-flanking"), so Japanese notes lose their bold terms; Python-Markdown, which ankigen used
    before, and the CJK-friendly extension of markdown-it read them as bold, and cloze identities
    depend on them. Other scripts read exactly as CommonMark says."""

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        scanned = super().scanDelims(start, canSplitWord)
        before = self.src[start - 1] if start > 0 else " "
        end = start + scanned.length
        after = self.src[end] if end < self.posMax else " "
        if not (_is_cjk(before) or _is_cjk(after)):
            return scanned
        before_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
        after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
        before_space = isWhiteSpace(ord(before)) or (_is_cjk(before) and after_punct)
        after_space = isWhiteSpace(ord(after)) or (_is_cjk(after) and before_punct)
        left = not (isWhiteSpace(ord(after)) or (after_punct and not (before_space or before_punct)))
        right = not (isWhiteSpace(ord(before)) or (before_punct and not (after_space or after_punct)))
        can_open = left and (canSplitWord or not right or before_punct)
        can_close = right and (canSplitWord or not left or after_punct)
        return Scanned(can_open, can_close, scanned.length)


def _parse_inline(src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
    """``ParserInline.parse`` with :class:`_CjkFriendlyState`.

    A run with no character that stops markdown-it's ``text`` rule (no ``*``, ``[``, `` ` ``, ``<``,
    ``\\n`` …: half the runs of real notes) is one text token, as the full parse makes it: ``text``
    is the first inline rule (:func:`_parser` checks), so it takes the whole run at once, and the
    post-processing rules have no delimiter to pair. It is made here without the parse state."""
    if src and md is _PLAIN_RUN_PARSER[0] and md.inline.terminator_re.search(src) is None:
        token = Token("text", "", 0)
        token.content = src
        tokens.append(token)
        return tokens
    state = _CjkFriendlyState(src, md, env, tokens)
    md.inline.tokenize(state)
    for rule in md.inline.ruler2.getRules(""):
        rule(state)
    return state.tokens


_OPTIONS_OFF = dict.fromkeys(
    ("strikethrough_single_tilde", "tasklists", "tasklists_editable", "alerts", "store_labels", "inline_definitions"),
    False,
)
"""Options markdown-it's rules read with ``options.get(name, False)``, set to that default: the same
parse, but an option missing from its options mapping costs a ``KeyError`` raised and caught on
every read (every list item, every inline run: about 1 % of a cold build)."""


def _mkdocs_admonition(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """mdit-py-plugins' admonition rule, only for a first line Python-Markdown itself reads as one
    (``!!! kind "Title"``: words, then at most a quoted title) with a known kind or an indented body,
    so a line such as ``??? why is this slow`` or ``!!! important !!!`` over plain text stays text."""
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    match = _ADMONITION_LINE.match(line)
    if not match:
        return False
    if match.group(1).split()[0].lower() not in ADMONITION_DIRECTIVES:
        following = start + 1
        while following < end and state.isEmpty(following):
            following += 1
        if following >= end or state.sCount[following] - state.sCount[start] < 4:
            return False
    return _admonition_rule(state, start, end, silent)


def _not_shell_variable(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """The ``$…$`` rule, refused where its closing dollar opens a shell variable (``${name}``): in
    ``echo $name`` / ``echo "${name}さん"`` the two dollars are two variables, not a formula between
    them (a formula's closing dollar is never followed by ``{``)."""

    def _math_inline(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        if state.src[state.pos : state.pos + 1] == "{" and state.src[start : start + 2] != "$$":
            if not silent:
                state.tokens.pop()
            state.pos = start
            return False
        return True

    return _math_inline


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "breaks": True, "maxNesting": MAX_NESTING, **_OPTIONS_OFF})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    # ``$…$`` and ``$$…$$`` as Obsidian, GitHub and VS Code read them (Pandoc's rule): no space
    # inside the dollars and no digit right after the closing one, so ``$5 and $10`` stays text
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        allow_blank_lines=False,
        double_inline=True,
    )
    dollar_rule = md.inline.ruler.__rules__[md.inline.ruler.__find__("math_inline")].fn
    md.inline.ruler.at("math_inline", _not_shell_variable(dollar_rule))
    for rule in (*_MATH_TOKENS, "math_block"):
        md.add_render_rule(rule, _render_math)
    md.use(colon_fence_plugin)  # ``:::{note}`` … ``:::`` (MyST), ``:::tip`` (Docusaurus)
    # ``!!! note "Title"`` / ``??? tip`` / ``???+ tip`` with an indented body (MkDocs, Python-Markdown)
    md.use(admon_plugin)
    md.block.ruler.at("admonition", _mkdocs_admonition, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.parse = _parse_inline  # type: ignore[method-assign]
    # a file: image is kept so the media stage can refuse it with a warning naming it (markdown-it
    # would leave it as literal text, silently); scripts never become links, and nh3 checks the rest
    md.validateLink = _link_allowed  # type: ignore[method-assign]
    md.block.ruler.before("table", "no_lazy_item_lines", _no_lazy_item_lines, {"alt": ["paragraph"]})
    md.block.ruler.before("table", "no_pipeless_rows", _no_pipeless_rows, {"alt": ["blockquote"]})
    md.inline.ruler.before("emphasis", "mark", _mark_rule)
    md.inline.ruler.after("link", "orphan_reference", _orphan_reference_rule)
    md.inline.ruler2.before("emphasis", "mark", _mark_post)
    md.core.ruler.after("inline", "task_markers", _task_markers)
    if md.inline.ruler.getRules("")[0] is rules_inline.text:  # what the plain-run path of _parse_inline needs
        _PLAIN_RUN_PARSER[0] = md
    return md


_PLAIN_RUN_PARSER: list[MarkdownIt | None] = [None]
"""The parser whose first inline rule is markdown-it's ``text`` (see :func:`_parse_inline`)."""


def markdown_tokens(text: str) -> list[Token]:
    """The block tokens of ``text`` with ankigen's parser settings."""
    return _parser().parse(text)


def markdown_to_html(text: str) -> str:
    """Render Markdown text to an HTML fragment with ankigen's Markdown settings."""
    return str(_parser().render(text))


def _renderer() -> RendererHTML:
    return cast(RendererHTML, _parser().renderer)


# ------------------------------------------------------------------------------------------------
# inlines
# ------------------------------------------------------------------------------------------------


def _render(tokens: Sequence[Token]) -> str:
    return str(_renderer().renderInline(list(tokens), _parser().options, {}))


def _placeholder(tag: str) -> bool:
    """An opening "tag" with no attributes whose name is no HTML element (``<bucket-name>``,
    ``<filename>``): a placeholder to keep as text, not markup to drop."""
    found = _PLACEHOLDER_TAG.match(tag)
    return found is not None and found.group("name").lower() not in _HTML_ELEMENTS


def _plain(tokens: Sequence[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline", "html_inline"):
            parts.append(token.content if token.type != "html_inline" or _placeholder(token.content) else "")
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type in _MATH_TOKENS:
            parts.append(mathjax(token.content, token.type != "math_inline"))
        elif token.type == "image":
            parts.append(_plain(token.children or ()))
    return "".join(parts)


_WRAP_COLUMNS = 40
"""A line shorter than this is no hard-wrapped line (a wrapping editor fills its lines to 60–80)."""
_WRAP_END = lazy_compile(r"[A-Za-z0-9,;:)\]'\"`*_-]$")
_WRAP_NEXT = lazy_compile(r"^[a-z(]")
# a label opening the next line (``ec2: virtual servers``, ``x = 1``): a line of its own
_NEXT_LABEL = lazy_compile(r"^[^\n]{0,30}?(?::\s|\s=\s|\s[-–—]\s|→|->)")


def _soft_wrap(out: Sequence[Inline], children: Sequence[Token], after: int) -> bool:
    """Whether the soft break before ``children[after]`` only wraps a long sentence onto the next
    line (hard-wrapped prose, 72-column lines): the line before is long and stops mid-sentence (on
    a word such as ``of`` that cannot end one, or with no ``.`` ``!`` ``?`` before a line opening in
    lower case), and the next line opens on no label (``ec2: …``, ``x = 1``)."""
    line: list[str] = []
    for part in reversed(out):
        if part.kind == "br" or "\n" in part.text:
            line.append(part.text.rsplit("\n", 1)[-1])
            break
        line.append(part.text)
    text = "".join(reversed(line)).strip()
    if len(text) < _WRAP_COLUMNS or not _WRAP_END.search(text):
        return False
    if after >= len(children) or children[after].type != "text":
        return False
    following = children[after].content
    if (not following[:1].isalpha() and not following.startswith("(")) or _NEXT_LABEL.match(following):
        return False
    if text.endswith(WRAP_MARKS) or text.rsplit(" ", 1)[-1].lower() in WRAP_WORDS:
        return True
    return _WRAP_NEXT.match(following) is not None


def inlines_of(children: Sequence[Token]) -> Inlines:
    """The top-level inline nodes of an inline token's children, each with its HTML and its text."""
    out: list[Inline] = []
    index = 0
    count = len(children)
    while index < count:
        token = children[index]
        kind = token.type
        if kind == "text":
            content = _ATTRIBUTE_LIST.sub("", token.content) if "{" in token.content else token.content
            if content:
                out.append(Inline("text", html.escape(content, quote=False), content))
        elif kind in ("softbreak", "hardbreak"):
            # a soft break inside a hard-wrapped sentence shows as the space it stands for; the line
            # itself (its "\n", a line of its own to every extractor and source line) is kept
            wrapped = kind == "softbreak" and _soft_wrap(out, children, index + 1)
            out.append(Inline("br", " " if wrapped else "<br>", ""))
            out.append(Inline("text", "" if wrapped else "\n", "\n"))
        elif kind == "code_inline":
            out.append(Inline("code", f"<code>{html.escape(token.content, quote=False)}</code>", token.content))
        elif kind in _MATH_TOKENS:
            out.append(_math(token.content, kind != "math_inline"))
        elif kind == "image":
            out.append(Inline("image", _render((token,)), _plain(token.children or ())))
        elif kind == "footnote_ref":
            pass  # a ``[^1]`` marker: the footnote's text stands where it is written, as a block
        elif kind == "html_inline":
            if _BREAK_TAG.match(token.content.strip()):
                # a ``<br>`` reads as a line break in the text too (``**S3**<br>Object Storage`` is two
                # words, not ``S3Object Storage``), as a break in the Markdown does
                out.append(Inline("br", "<br>", ""))
                out.append(Inline("text", "", " "))
            elif _placeholder(token.content):
                out.append(Inline("text", html.escape(token.content, quote=False), token.content))
            else:
                out.append(Inline("html", token.content, ""))
        elif token.nesting == 1:
            depth = 1
            end = index + 1
            while end < count and depth:
                depth += children[end].nesting
                end += 1
            inner = children[index:end]
            out.append(Inline(_INLINE_KINDS.get(token.tag, "html"), _render(inner), _plain(inner)))
            index = end
            continue
        else:
            out.append(Inline("html", _render((token,)), ""))
        index += 1
    while out and out[0].kind == "text" and not out[0].text.strip():
        out.pop(0)
    while out and out[-1].kind in ("text", "br") and not out[-1].text.strip():
        out.pop()
    return tuple(out)


def render_inline(text: str) -> Inlines:
    """Render one line of inline Markdown (a heading title, say) to inline nodes; a leading list
    or quote marker stays text (``2. Select the type`` keeps its number)."""
    if not text.strip():
        return ()
    md = _parser()
    tokens = md.parseInline(text, {})
    return inlines_of(tokens[0].children or ()) if tokens else ()


# ------------------------------------------------------------------------------------------------
# blocks
# ------------------------------------------------------------------------------------------------


def _described_term(item: ListItem) -> ListItem:
    """A definition list as MDN's Markdown writes it, ``- term`` over ``  - : what it is``, read as the
    same list item an HTML ``<dl>`` gives (``- **term**: what it is``; several descriptions or a longer
    one: the term in bold over its descriptions as child bullets, without the ``: `` marker). The
    ``: `` marker is syntax, not text: the term's card shows what follows it. Any other item is
    returned as it is."""
    if not item.inlines or len(item.children) != 1 or not isinstance(item.children[0], ListBlock):
        return item
    descriptions = item.children[0].items
    if not descriptions or not all(_DESCRIPTION_MARKER.match(entry.text) for entry in descriptions):
        return item
    if any(not entry.inlines or entry.inlines[0].kind != "text" for entry in descriptions):
        return item
    stripped = tuple(
        ListItem(
            entry.span,
            _without_marker(entry.inlines),
            entry.children,
        )
        for entry in descriptions
    )
    term = item.inlines
    if not (len(term) == 1 and term[0].kind == "strong"):
        inner = inline_html(term)
        term = (Inline("strong", f"<strong>{inner}</strong>", inline_text(term)),)
    if len(stripped) == 1 and not stripped[0].children and stripped[0].inlines:
        # the description stays on its own line (``term:`` then a line break), so each line of the
        # source keeps its own text for coverage
        colon, newline = Inline("text", ":", ":"), Inline("text", "\n", "\n")
        return ListItem(item.span, (*term, colon, newline, *stripped[0].inlines), ())
    return ListItem(item.span, term, (ListBlock(item.children[0].span, False, stripped),))


def _without_marker(inlines: Inlines) -> Inlines:
    first = inlines[0]
    text = _DESCRIPTION_MARKER.sub("", first.text, count=1)
    markup = _DESCRIPTION_MARKER.sub("", first.html, count=1)
    rest = inlines[1:]
    return ((Inline("text", markup, text),) if text else ()) + rest


_DESCRIPTION_MARKER = lazy_compile(r"^:[ \t]+(?=\S)")


class _Reader:
    """Walks one file's block tokens; ``offset`` turns a token's 0-based map into 1-based file lines.

    A reader of the Markdown an HTML block stands for (:func:`_html_reader`) has ``lines`` instead:
    for each of its Markdown lines, the first and last file lines it was read from."""

    def __init__(
        self,
        path: str,
        tokens: list[Token],
        offset: int,
        body: Sequence[str],
        lines: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.path = path
        self.tokens = tokens
        self.offset = offset
        self.body = body
        self.lines = lines

    def span(self, token: Token) -> Span:
        """The token's lines, without the blank lines a list item's map ends with."""
        begin, end = token.map if token.map else (0, 1)
        while end > begin + 1 and end <= len(self.body) and not self.body[end - 1].strip():
            end -= 1
        if self.lines:
            first = self.lines[min(begin, len(self.lines) - 1)][0]
            last = self.lines[min(max(end, begin + 1), len(self.lines)) - 1][1]
            return Span(self.path, first, max(first, last))
        return Span(self.path, self.offset + begin + 1, self.offset + max(end, begin + 1))

    def html_reader(self, token: Token) -> _Reader | None:
        """A reader of the Markdown that a top-level HTML block of plain structure (headings,
        paragraphs, lists, tables) stands for, or None (the block stays raw HTML)."""
        if self.lines or not token.map or not _STRUCTURE_TAG.match(token.content) or "<!" in token.content:
            return None
        from .html_markdown import html_as_markdown  # bs4 is loaded only for notes that need it

        read = html_as_markdown(token.content)
        if read is None:
            return None
        first = self.offset + token.map[0] + 1
        body = [text for text, _, _ in read]
        lines = [(first + start, first + end) for _, start, end in read]
        return _Reader(self.path, markdown_tokens("\n".join(body) + "\n"), 0, body, lines)

    def blocks(self, index: int, close: str) -> tuple[list[Block], int]:
        """The blocks from ``index`` up to the token of type ``close``; the index after it."""
        out: list[Block] = []
        tokens = self.tokens
        while index < len(tokens) and tokens[index].type != close:
            block, index = self.block(index)
            if block is not None:
                out.append(block)
        return out, index + 1

    def block(self, index: int) -> tuple[Block | None, int]:
        """The block that starts at ``index``, and the index after it."""
        token = self.tokens[index]
        kind = token.type
        if kind == "paragraph_open":
            inlines = _without_stray_pipe(inlines_of(self.tokens[index + 1].children or ()))
            return (Paragraph(self.span(token), inlines) if inlines else None), index + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(index)
        if kind == "blockquote_open":
            return self.quote(index)
        if kind == "table_open":
            return self.table(index)
        if kind == "math_block":
            return Paragraph(self.span(token), (_math(token.content, True),)), index + 1
        if kind == "colon_fence" or (kind == "fence" and _DIRECTIVE.match(token.info.strip())):
            return self.directive(token), index + 1
        if kind == "admonition_open":
            return self.admonition(index)
        if kind in ("fence", "code_block"):
            rendered = str(_renderer().render([token], _parser().options, {})).strip()
            return CodeBlock(self.span(token), token.content, rendered), index + 1
        if kind == "html_block":
            text = html.unescape(HTML_TAG.sub("", token.content)).strip()
            return RawBlock(self.span(token), token.content.strip(), text), index + 1
        if kind == "hr":
            return RawBlock(self.span(token), "<hr>", ""), index + 1
        if kind == "heading_open":  # a heading inside a list or quote: context, not a section
            inlines = inlines_of(self.tokens[index + 1].children or ())
            tag = token.tag
            inner = "".join(part.html for part in inlines).strip()
            text = "".join(part.text for part in inlines).strip()
            return RawBlock(self.span(token), f"<{tag}>{inner}</{tag}>", text), index + 3
        # anything else that opens: skip to its close
        if token.nesting == 1:
            depth = 1
            index += 1
            while index < len(self.tokens) and depth:
                depth += self.tokens[index].nesting
                index += 1
            return None, index
        return None, index + 1

    def directive(self, token: Token) -> Block:
        """A MyST directive fence (```` ```{note} ````, ``:::{tip}``) or a colon-fenced container
        (``:::warning``), as the user's renderer shows it: an admonition or a box of Markdown is a
        callout whose content is read as blocks at their own lines; ``{code-block}`` is code in its
        argument's language, ``{math}`` a display formula, ``{figure}`` its image and caption.
        Anything else stays context that is never a card (an explain line names the directive)."""
        span = self.span(token)
        info = token.info.strip()
        braced = _DIRECTIVE.match(info)
        match = braced or _CONTAINER.match(info)
        name = (match.group(1) or "").lower() if match else ""
        argument = match.group(2).strip() if match else info
        lines = token.content.split("\n")
        if lines and not lines[-1].strip():
            lines.pop()
        skip = _options_end(lines)
        options = dict(_option(line) for line in lines[:skip] if _OPTION.match(line.strip()))
        body = lines[skip:]
        first = (token.map[0] if token.map else 0) + 1 + skip  # the body's first line, 0-based in self.body
        text = "\n".join(body)
        if braced and name in CODE_DIRECTIVES:
            language = argument.split()[0] if argument else ""
            attribute = f' class="language-{html.escape(language)}"' if language else ""
            shown = html.escape(text + "\n", quote=False)
            return CodeBlock(span, text + "\n", f"<pre><code{attribute}>{shown}</code></pre>")
        if braced and name in MATH_DIRECTIVES:
            return Paragraph(span, (_math(text, True),))
        if braced and name in IMAGE_DIRECTIVES:
            image = render_inline(f"![{options.get('alt', '')}](<{argument}>)") if argument else ()
            figure: list[Block] = [Paragraph(span.at(span.line), image)] if image else []
            return Quote(span, (*figure, *self._inner(body, first)), name, "")
        if not braced or name in ADMONITION_DIRECTIVES or name in MARKDOWN_DIRECTIVES:
            title = argument
            if not braced and argument.startswith("[") and argument.endswith("]"):
                title = argument[1:-1].strip()  # Docusaurus: ``:::note[Title]``
            title = "".join(part.text for part in render_inline(title)).strip() if title else ""
            children = self._inner(body, first)
            if braced and name in ADMONITION_DIRECTIVES and name != "admonition" and argument:
                # ```` ```{note} The text ````: a note's argument is the first line of its content
                children = [*self._inner([argument], first - skip - 1), *children]
                title = ""
            callout = name if name and name != "admonition" else "note"
            return Quote(span, tuple(children), callout, title)
        return RawBlock(span, "", text.strip(), name)

    def admonition(self, index: int) -> tuple[Quote, int]:
        """A MkDocs admonition (``!!! tip "Title"``, collapsible ``??? tip`` / ``???+ tip``) read
        by mdit-py-plugins' admon plugin: a callout of its kind, its title only a title (as a
        folded Obsidian callout's), its indented body blocks at their own lines."""
        opener = self.tokens[index]
        index += 1
        if self.tokens[index].type == "admonition_title_open":
            index += 3
        quoted = _ADMONITION_TITLE.search(opener.info)  # no title written: the kind, never a title
        title = "".join(part.text for part in render_inline(quoted.group(1))).strip() if quoted else ""
        children, index = self.blocks(index, "admonition_close")
        callout = str(opener.meta.get("tag", "")).lower() or "note"
        return Quote(self.span(opener), tuple(children), callout, title), index

    def _inner(self, lines: Sequence[str], first: int) -> list[Block]:
        """The blocks of a directive's content, ``lines``, whose first is line ``first`` (0-based) of the body."""
        if not any(line.strip() for line in lines):
            return []
        reader = _Reader(self.path, markdown_tokens("\n".join(lines) + "\n"), self.offset + first, lines)
        blocks, _ = reader.blocks(0, "")
        return blocks

    def list_block(self, index: int) -> tuple[ListBlock, int]:
        opener = self.tokens[index]
        close = "bullet_list_close" if opener.type == "bullet_list_open" else "ordered_list_close"
        items: list[ListItem] = []
        index += 1
        while self.tokens[index].type != close:
            item_token = self.tokens[index]  # list_item_open
            children, index = self.blocks(index + 1, "list_item_close")
            inlines: Inlines = ()
            first = children[0] if children else None
            if isinstance(first, Paragraph) and first.span.line == self.span(item_token).line:
                inlines = first.inlines
                children.pop(0)
            items.append(_described_term(ListItem(self.span(item_token), inlines, tuple(children))))
        return ListBlock(self.span(opener), opener.type == "ordered_list_open", tuple(items)), index + 1

    def quote(self, index: int) -> tuple[Quote, int]:
        opener = self.tokens[index]
        children, index = self.blocks(index + 1, "blockquote_close")
        callout = ""
        title = ""
        if children and isinstance(children[0], Paragraph):
            first = children[0]
            head = _first_line_text(first.inlines)
            match = _CALLOUT.match(head)
            if match:
                callout = match.group(1).lower()
                title = match.group(2).strip()
                body = _after_first_line(first.inlines)
                rest = children[1:]
                children = (
                    [Paragraph(first.span.at(first.span.line + 1, first.span.end_line), body), *rest] if body else rest
                )
        return Quote(self.span(opener), tuple(children), callout, title), index

    def _continuation(self, position: int) -> bool:
        """A table row read from a line without ``|`` (or only a ``|``): the rest of the cell above."""
        text = self.body[position].strip() if 0 <= position < len(self.body) else "|"
        return text == "|" or "|" not in text

    def _with_extra_cells(self, row: tuple[Inlines, ...], position: int) -> tuple[Inlines, ...]:
        """A row written with more cells than its header: GFM drops the extra ones; they join the
        last cell on a new line instead (``| FQDN | full name | e.g. www.example.com |``), so the
        row's card keeps them (sections.py warns about the ragged row). ``position``: the row's
        line in ``body``."""
        if not row or not 0 <= position < len(self.body):
            return row
        written = self.body[position].strip().lstrip("> \t")
        if written.count("|") + 1 - written.startswith("|") - written.endswith("|") <= len(row):
            return row  # at most one cell per ``|`` (an empty one before a leading and after a trailing ``|``)
        parts = escapedSplit(written)
        if parts and not parts[0].strip():
            parts.pop(0)
        if parts and not parts[-1].strip():
            parts.pop()
        extra = [part.strip() for part in parts[len(row) :] if part.strip()]
        if not extra:
            return row
        more = render_inline(" ".join(extra))
        last = row[-1]
        joined = (*last, Inline("br", "<br>", ""), *more) if last else more
        return (*row[:-1], joined)

    def table(self, index: int) -> tuple[Table, int]:
        opener = self.tokens[index]
        header: tuple[Inlines, ...] = ()
        rows: list[tuple[Inlines, ...]] = []
        row_lines: list[int] = []
        cells: list[Inlines] = []
        in_head = False
        row_line = row_position = 0
        index += 1
        while self.tokens[index].type != "table_close":
            token = self.tokens[index]
            kind = token.type
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                cells = []
                row_line = self.span(token).line
                row_position = token.map[0] if token.map else 0
            elif kind == "inline":
                cells.append(inlines_of(token.children or ()))
            elif kind == "tr_close":
                if in_head and not header:
                    header = tuple(cells)
                elif rows and self._continuation(row_position):
                    rows[-1] = _continue_cell(rows[-1], cells[0] if cells else ())
                else:
                    rows.append(self._with_extra_cells(tuple(cells), row_position))
                    row_lines.append(row_line)
            index += 1
        span = self.span(opener)
        return Table(span, header, tuple(rows), tuple(row_lines)), index + 1


def _options_end(lines: Sequence[str]) -> int:
    """How many of a directive's first lines are its options: ``:key: value`` lines, or a YAML
    block between ``---`` lines."""
    if lines and lines[0].strip() == "---":
        return next((index + 1 for index in range(1, len(lines)) if lines[index].strip() == "---"), 0)
    count = 0
    while count < len(lines) and _OPTION.match(lines[count].strip()):
        count += 1
    return count


def _option(line: str) -> tuple[str, str]:
    key, _, value = line.strip()[1:].partition(":")
    return key.lower(), value.strip()


_STRAY_PIPE = lazy_compile(r"\s+\|\s*$")


def _without_stray_pipe(inlines: Inlines) -> Inlines:
    """A paragraph without the lone ``|`` a table row's end left after its text (``… can start it   |``,
    from a row split over lines or pasted out of a table): markup, not part of the sentence."""
    if not inlines or inlines[-1].kind != "text" or sum(part.text.count("|") for part in inlines) != 1:
        return inlines
    last = inlines[-1]
    if not _STRAY_PIPE.search(last.text):
        return inlines
    text = _STRAY_PIPE.sub("", last.text)
    trimmed = _STRAY_PIPE.sub("", last.html)
    return (*inlines[:-1], Inline("text", trimmed, text)) if text.strip() else inlines[:-1]


def _continue_cell(row: tuple[Inlines, ...], more: Inlines) -> tuple[Inlines, ...]:
    """A row with the next line of a cell written over several lines: it fills the first empty cell
    after the row's last written one (the row ``| Scalar | one value |`` and then ``"Alice", 30``
    under ``| Type | Meaning | Example |``), or continues the last cell on a new line."""
    if not more:
        return row
    filled = [index for index, cell in enumerate(row) if any(part.html.strip() for part in cell)]
    target = filled[-1] + 1 if filled and filled[-1] + 1 < len(row) else len(row) - 1
    if not any(part.html.strip() for part in row[target]):
        return (*row[:target], more, *row[target + 1 :])
    joined = (*row[target], Inline("br", "<br>", ""), *more)
    return (*row[:target], joined, *row[target + 1 :])


def _first_line_text(inlines: Inlines) -> str:
    parts: list[str] = []
    for part in inlines:
        if part.kind == "br" or "\n" in part.text:
            parts.append(part.text.split("\n", 1)[0])
            break
        parts.append(part.text)
    return "".join(parts)


def _after_first_line(inlines: Inlines) -> Inlines:
    """The inlines after the first line break (a callout's marker line)."""
    for index, part in enumerate(inlines):
        if part.kind == "br":
            rest = list(inlines[index + 1 :])
            while rest and rest[0].kind == "text" and not rest[0].text.strip():
                rest.pop(0)
            return tuple(rest)
    return ()


def parse_sections(
    path: str, body: Sequence[str], offset: int, file_lines: int
) -> tuple[tuple[tuple[int, Inlines, int, int], ...], list[tuple[Block, ...]]]:
    """Parse ``body`` (the lines after the front matter; ``offset`` of them came before it) into
    sections at top-level headings (ATX and setext).

    Returns, per section, ``(level, title inlines, first line, last line)`` and its blocks. Level 0
    is the text before the first heading, present only when it holds blocks.
    """
    heads: list[tuple[int, Inlines, int, int]] = []
    blocks: list[tuple[Block, ...]] = []
    current: list[Block] = []
    level, start = 0, offset + 1
    title: Inlines = ()
    footnotes: list[Block] = []

    def close(end: int) -> None:
        if level or current:
            heads.append((level, title, start, end))
            blocks.append(tuple(current))

    def read(reader: _Reader) -> None:
        nonlocal level, title, start, current
        tokens = reader.tokens
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "heading_open" and token.level == 0:
                line = reader.span(token).line
                close(line - 1)
                level = int(token.tag[1:])
                title = inlines_of(tokens[index + 1].children or ())
                start = line
                current = []
                index += 3
                continue
            if token.type == "footnote_block_open":
                index = _footnotes(reader, index + 1, footnotes)
                continue
            html_reader = reader.html_reader(token) if token.type == "html_block" and token.level == 0 else None
            if html_reader is not None:  # HTML headings, paragraphs and lists: read as their Markdown
                read(html_reader)
                index += 1
                continue
            block, index = reader.block(index)
            if block is not None:
                current.append(block)

    read(_Reader(path, markdown_tokens("\n".join(body) + "\n"), offset, body))
    close(file_lines)
    for note in footnotes:  # the parser gathers footnote texts at the end: back to where they stand
        at = next((number for number, head in enumerate(heads) if note.span.line <= head[3]), len(heads) - 1)
        if at >= 0:
            blocks[at] = tuple(sorted((*blocks[at], note), key=lambda block: block.span.line))
    return tuple(heads), blocks


def _footnotes(reader: _Reader, index: int, out: list[Block]) -> int:
    """The blocks of each footnote text (``[^1]: ...``) into ``out``; the index after the footnotes."""
    tokens = reader.tokens
    while index < len(tokens) and tokens[index].type != "footnote_block_close":
        if tokens[index].type == "footnote_open":
            children, index = reader.blocks(index + 1, "footnote_close")
            out.extend(children)
        else:
            index += 1
    return index + 1


def section_title(inlines: Inlines) -> tuple[str, str]:
    """A heading's plain text and HTML, on one line (a setext heading may span several). An image
    beside the heading's words (an icon) is left out of its text: its alt text (``icon``) names
    nothing the heading is about."""
    parts = [Inline("text", " ", " ") if part.kind == "br" else part for part in inlines if part.text != "\n"]
    if any(part.kind == "image" for part in parts) and any(p.kind != "image" and p.text.strip() for p in parts):
        parts = [Inline("text", " ", " ") if part.kind == "image" else part for part in parts]
    text = " ".join("".join(part.text for part in parts).split())
    return text, "".join(part.html for part in parts).strip()
