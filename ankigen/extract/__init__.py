"""Stage 4, notes: typed blocks -> candidates, by named extractors run in a fixed order -> one
selection pass -> typed notes.

An extractor is a function ``(document, context) -> None`` that calls ``context.emit(...)`` for each
candidate note it finds (with the block or item it was made from) and ``context.skip(...)`` for each
one it rejects, with a reason code (:data:`~ankigen.extract.selection.REASONS`). Extractors run in
registration order; a block or list item that an earlier extractor used is *claimed* and later
extractors leave it alone, so one fact rarely becomes two cards (a bold term that opens a definition
is not also a cloze). Then :func:`~ankigen.extract.selection.select` looks at all candidates of the
document at once: it drops the same fact proposed twice and a parent that only repeats its
children, each with a reason code. Then :func:`~ankigen.extract.subjects.qualify_subjects` shows
each kept note's subject (from the outline) where its prompt alone does not name it. Last,
:func:`~ankigen.extract.coverage.explain_uncovered` gives every line of content that no note and
no rejection covers a reason code too (no silent drops).
``ankigen inspect --explain`` lists every rejection with its code.

A new extractor is a new module plus one ``@register("name", order=N)`` line, and one import
line in :func:`_load_builtin`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from ankigen.patterns import lazy_compile

from ..errors import AnkigenError
from ..model import (
    CodeBlock,
    Diagnostic,
    Document,
    ListBlock,
    ListItem,
    Note,
    NoteKind,
    Paragraph,
    Section,
    Span,
    Table,
    inline_text,
)
from ..notetypes import FIELD_NAMES
from .common import (
    clean_term,
    fold,
    forget_file,
    goal_lists,
    is_non_study_heading,
    iter_items,
    objective_items,
    plain_html,
)
from .coverage import explain_uncovered
from .inline_names import inline_list_notes
from .outline import Outline, build_outline, in_scenario, scenario_givens
from .recital import clause_list, item_cloze, led_list_notes, statement_notes, without_asides
from .selection import (
    REASONS,
    Candidate,
    Skipped,
    answers_shown,
    clause_lists,
    gaps_asked_again,
    sample_gaps,
    select,
    slogan_gaps,
)
from .subjects import document_topic, has_subject, owner_path, qualify_subjects, show_topic
from .tags import breadcrumb, heading_tag
from .translations import drop_translations
from .vocabulary import OWN_NAME, OWN_WORK_LABELS, SYSTEM_ACCOUNTS

__all__ = [
    "Candidate",
    "ExtractContext",
    "Extractor",
    "Skipped",
    "extractor_names",
    "register",
    "run_extractors",
]


@dataclass(slots=True)
class ExtractContext:
    """What extractors share while reading one document. Mutable on purpose, one per document."""

    document: Document
    candidates: list[Candidate] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    """The selected notes: empty until the selection pass has run (see :func:`run_extractors`)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    extractor: str = ""
    """The extractor running now (recorded on its candidates)."""
    _claimed: set[int] = field(default_factory=set)
    _claimed_by: dict[int, tuple[Candidate | None, object]] = field(default_factory=dict)
    """For each block or item claimed, the candidate proposed last when it was claimed (an extractor
    claims what a card uses right after proposing it) and the object: the points a set claimed are
    given back when selection rejects the set (:func:`_standby_candidates`)."""
    _cloze_ok: set[int] = field(default_factory=set)
    _keep_alive: list[object] = field(default_factory=list)
    _outline: Outline | None = None
    memo: dict[str, object] = field(default_factory=dict)
    """What a helper derived from the candidates so far, kept for the next extractor that asks
    (see :func:`~ankigen.extract.subject_sentences.known_terms`)."""

    @property
    def outline(self) -> Outline:
        """The document's outline (parents, subjects, roles), built on first use."""
        if self._outline is None:
            self._outline = build_outline(self.document)
        return self._outline

    def claim(self, *objects: object, cloze_ok: bool = False) -> None:
        """Mark blocks or items as used. ``cloze_ok``: used as a definition's answer, so its **bold**
        key phrases may still make a cloze (a different fact); otherwise no later extractor uses it."""
        for obj in objects:
            self._claimed.add(id(obj))
            self._claimed_by.setdefault(id(obj), (self.candidates[-1] if self.candidates else None, obj))
            if cloze_ok:
                self._cloze_ok.add(id(obj))
            else:
                self._cloze_ok.discard(id(obj))
            self._keep_alive.append(obj)

    def release(self, *objects: object) -> None:
        """Give back blocks or items claimed before a card was ruled out: a later extractor may ask them."""
        for obj in objects:
            self._claimed.discard(id(obj))
            self._cloze_ok.discard(id(obj))

    def claimed(self, obj: object) -> bool:
        return id(obj) in self._claimed

    def claimer(self, obj: object) -> Candidate | None:
        """The candidate proposed last when ``obj`` was first claimed (the card that uses it), or None."""
        return self._claimed_by.get(id(obj), (None, None))[0]

    def claimed_for_cloze(self, obj: object) -> bool:
        return id(obj) in self._claimed and id(obj) not in self._cloze_ok

    def emit(
        self,
        kind: NoteKind,
        key: str,
        span: Span,
        fields: dict[str, str],
        tags: Iterable[str] = (),
        pinned_id: str = "",
        *,
        section: Section | None = None,
        term: str = "",
        source: object | None = None,
    ) -> Note:
        """Propose a note. ``fields`` may name any subset of the note type's fields, unknown names raise.

        With ``section``, the note gets the heading path as a tag and, unless ``fields`` sets it,
        the ``Context`` breadcrumb (without ``term``, the note's own heading) and the ``Source`` path.
        ``source`` is the block, list item or section the note is made from.
        """
        names = FIELD_NAMES[kind]
        if kind is NoteKind.DEFINITION:
            subject = _lead_label_subject(key, fields.get("Definition", ""))
            if subject:
                key, fields = subject, {**fields, "Term": html.escape(subject)}
                term = subject if term else term
        unknown = [name for name in fields if name not in names]
        if unknown:
            raise AnkigenError(f"internal: unknown fields {sorted(unknown)} for {kind.value} note")
        if section is not None:
            fields = dict(fields)
            fields.setdefault("Context", breadcrumb(section.path, term))
            tag = heading_tag(section.path, term, self.document.deck)
            tags = (*tags, tag) if tag else tuple(tags)
        fields = dict(fields)
        fields.setdefault("Source", html.escape(self.document.source or self.document.path))
        note = Note(
            kind=kind,
            key=key,
            fields=tuple([(name, fields.get(name, "")) for name in names]),
            span=span,
            deck=self.document.deck,
            tags=tuple(dict.fromkeys((*self.document.tags, *tags))),
            pinned_id=pinned_id,
        )
        self.candidates.append(Candidate(note, self.extractor, source, term))
        return note

    def skip(self, span: Span, text: str, reason: str, *, code: str) -> None:
        """Record a rejected candidate: ``code`` is one of :data:`~ankigen.extract.selection.REASONS`."""
        if code not in REASONS:
            raise AnkigenError(f"internal: unknown reason code {code!r}")
        self.skipped.append(Skipped(span, text[:120], reason, code))

    def warn(self, span: Span, message: str) -> None:
        self.diagnostics.append(Diagnostic(span, message))


# a label that says the line defines (``**Simple definition:** Kubernetes is a system …``, ``In
# short: Helm is …``): it names no aspect of anything, the sentence after it names its subject
_DEFINITION_LEADS = frozenset(
    {
        "simple definition",
        "short definition",
        "one-line definition",
        "definition",
        "in short",
        "in simple terms",
        "in simple words",
        "in plain english",
        "simply put",
        "in a nutshell",
        "tl;dr",
        "tldr",
        "short answer",
    }
)
# a defining sentence's named subject: one to four capitalised words, then is/are and an article
_DEFINED_NAME = lazy_compile(
    r"^(?:The\s+)?(?P<name>[A-Z][\w.+#/-]*(?:\s+[A-Z][\w.+#/-]*){0,3})\s+(?:is|are)\s+(?:a|an|the)\s"
)


def _lead_label_subject(key: str, definition: str) -> str:
    """The name a definition card asks when its term is only a label saying that a definition
    follows (``What is Kubernetes › Simple definition`` over ``Kubernetes is a system …``): the
    sentence's subject; '' when the term is no such label or the sentence names no subject."""
    label = key.rsplit(" › ", 1)[-1].strip(" :*").casefold()
    if label not in _DEFINITION_LEADS:
        return ""
    text = html.unescape(_TAG.sub("", definition)).strip()
    found = _DEFINED_NAME.match(text)
    return found.group("name") if found is not None else ""


_TAG = lazy_compile(r"<[^>]+>")

Extractor = Callable[[Document, ExtractContext], None]

_REGISTRY: dict[str, tuple[int, Extractor]] = {}


def register(name: str, order: int) -> Callable[[Extractor], Extractor]:
    """Register an extractor under ``name``; lower ``order`` runs first."""

    def decorator(function: Extractor) -> Extractor:
        if name in _REGISTRY:
            raise AnkigenError(f"internal: extractor {name!r} registered twice")
        _REGISTRY[name] = (order, function)
        return function

    return decorator


def _load_builtin() -> None:
    from . import (  # noqa: F401  (registration side effect)
        abbreviation_sentences,
        arrow_rules,
        choice_questions,
        clozes,
        code_clozes,
        command_lines,
        condition_answers,
        condition_clozes,
        contrast_clozes,
        definitions,
        detail_facts,
        details,
        equals_definitions,
        explicit,
        glossed_names,
        heading_lists,
        heading_statements,
        item_paragraphs,
        keyword_headings,
        lead_in_lists,
        list_names,
        named_terms,
        object_clozes,
        parallel_clauses,
        point_lists,
        pointer_clozes,
        prose_gaps,
        prose_gaps_en,
        question_headings,
        question_lists,
        run_on_terms,
        sentence_definitions,
        short_answers,
        subject_sentences,
        tables,
        task_commands,
        task_lines,
        token_clozes,
        topic_facts,
        topic_parts,
        value_lists,
        verb_definitions,
    )


def extractor_names() -> tuple[str, ...]:
    """All registered extractors, in the order they run."""
    _load_builtin()
    return tuple(name for name, _ in sorted(_REGISTRY.items(), key=lambda item: item[1][0]))


def _outline_subject(candidate: Candidate, outline: Outline) -> str:
    """The nearest term above the candidate's source, by the outline ('' when none)."""
    try:
        return outline.subject_of(candidate.source)  # type: ignore[arg-type]
    except (KeyError, TypeError):
        return ""


def _top_heading(document: Document) -> str:
    """The title of a file's only ``#`` heading ('' for none, or for several: then the file holds
    several topics and none of them is the whole file's)."""
    tops = [section.title for section in document.sections if section.level == 1]
    return tops[0] if len(tops) == 1 else ""


_STEPS_PROMPT = lazy_compile(
    r"\b(?:steps?|procedures?|process|processing|flow|workflow|sequence|order)\b", re.IGNORECASE
)
"""A prompt that names a sequence (``Alerting steps``, ``Interrupt Processing``): its list is steps in order."""


def _recast(note: Note, source: object | None) -> tuple[Note, ...]:
    """``note`` as the cards that ask its back one item at a time, when the back is a set to recite
    (a list of statements, of short items, or names run through in one sentence); else itself.
    ``source`` is the block the note was made from: a sentence asked on its own line gets that line."""
    note = without_asides(note)
    back = note.get("Definition" if note.kind == NoteKind.DEFINITION else "Answer", "")
    clauses = (
        note.kind in (NoteKind.DEFINITION, NoteKind.BASIC)
        and not back.lstrip().startswith("<ol>")
        and _STEPS_PROMPT.search(note.prompt) is None  # steps in order: a gap each asks what comes next
        and clause_list(back)
    )
    statements = statement_notes(note)
    if clauses and (statements is None or len(statements) == 1):
        # ``Rootkits`` → what it does, item by item: a gap per clause would ask it word for word; the
        # list is the one card's answer (a first item that says what it is keeps its own definition)
        return (note,)
    recast = statements or led_list_notes(note, lambda text: _line_of(source, text))
    if recast is None:
        cloze = item_cloze(note)
        recast = (cloze,) if cloze is not None else inline_list_notes(note, lambda text: _line_of(source, text))
    return recast or (note,)


def _line_of(source: object | None, text: str) -> int:
    """The line where ``text`` (plain) starts inside ``source`` (a block, list item or section), or 0."""
    needle = " ".join(text.split())[:12]
    if not needle:
        return 0
    pending: list[object] = [source]
    while pending:
        block = pending.pop(0)
        if isinstance(block, Section):
            pending[:0] = block.blocks
        elif isinstance(block, ListBlock):
            pending[:0] = block.items
        elif isinstance(block, (ListItem, Paragraph)):
            spaced = " ".join(block.text.replace("\n", " \x00 ").split())
            at = spaced.find(needle)
            if at >= 0:
                return block.span.line + spaced[:at].count("\x00")
            if isinstance(block, ListItem):
                pending[:0] = block.children
    return 0


def _drop_sources(
    context: ExtractContext, source_of: Callable[[Candidate], ListItem | Paragraph | None], why: str, code: str
) -> None:
    """The candidates whose source ``source_of`` names make no card; each such block is explained instead."""
    kept: list[Candidate] = []
    for candidate in context.candidates:
        block = source_of(candidate)
        if block is None:
            kept.append(candidate)
            continue
        context.skip(block.span, " ".join(block.text.split()), why, code=code)
    context.candidates[:] = kept


def _drop_objectives(document: Document, context: ExtractContext) -> None:
    """A card made from a bullet of an exam guide's objective list (``- 利用可能な場合は X を有効化
    (A、B など)``) asks a name the task only mentions: no card, an explain line instead."""
    objectives = {id(item): item for section in document.sections for item in objective_items(section.blocks)}
    if objectives:
        _drop_sources(
            context,
            lambda candidate: objectives.get(id(candidate.source)),
            "a task of an exam guide's objective list (what a candidate must be able to do), not a fact; "
            "write the fact it points at as `- **Term**: explanation` to get a card",
            "no-card-shape",
        )


def _drop_goals(document: Document, context: ExtractContext) -> None:
    """A card made from a learning-goals list or one of its bullets (``## ゴール`` / ``- …の違いを説明
    できる``, ``Learning Objectives`` / ``- Understand …``) asks what the reader will be able to do, not
    a fact: no card, an explain line for each bullet instead."""
    goals: dict[int, tuple[ListItem, ...]] = {}
    for section in document.sections:
        for lead, block in goal_lists(section):
            goals[id(block)] = block.items
            if lead is not None:
                goals[id(lead)] = block.items
            for item, _parent in iter_items((block,)):
                goals[id(item)] = (item,)
    if not goals:
        return
    why = (
        "a learning goal (what the reader will be able to do), not a fact; "
        "write the fact it points at as `- **Term**: explanation` to get a card"
    )
    kept: list[Candidate] = []
    explained: set[int] = set()
    for candidate in context.candidates:
        items = goals.get(id(candidate.source))
        if items is None:
            kept.append(candidate)
            continue
        for item in items:
            if id(item) not in explained:
                explained.add(id(item))
                context.skip(item.span, " ".join(item.text.split()), why, code="non-study-section")
    context.candidates[:] = kept


_TREE_GLYPHS = lazy_compile(r"[├└│┣┗┃]|─{2}")
_OWN_PATH = lazy_compile(
    r"^(?:\.{1,2}/)?(?:[A-Za-z0-9_.-]+/)*(?:[A-Za-z0-9_.-]+/|\*|[A-Za-z0-9_*-][A-Za-z0-9_.*-]*\.(?:ya?ml|tf|tfvars"
    r"|json|md|py|sh|js|ts|txt|toml|ini|cfg|conf|xml|html|css|sql|j2|rb|go|java|env|lock))$"
)
"""A path of the writer's own repository (``tfpractice/``, ``./aws-study.yaml``, ``.github/workflows/ci.yml``):
relative, no space; an absolute path (``/etc/hosts``) is a fact about a system and is not one."""


_LOCAL_LINK = lazy_compile(r"""href=["'](?![a-z][a-z0-9+.-]*:|#|/)""")


def _own_paths_only(text: str, html_text: str = "") -> bool:
    """Whether ``text`` is nothing but paths of the writer's repository, or a line of a repository
    tree (``├── ansible/``): a card whose answer it is asks where the writer keeps a file. A bare file
    name (``nginx.conf``) counts only as a link into the repository (``[x](./x.yaml)``)."""
    if _TREE_GLYPHS.search(text) and not re.search(r"[\u3040-\u309f]{2}|\b[a-z]+ [a-z]+ [a-z]+\b", text):
        return True
    tokens = [token.strip("`'\"()[]（）") for token in re.split(r"[\s,、・|]+|\s/\s", text)]
    tokens = [token for token in tokens if token and token not in ("/", "*")]
    if not tokens or not all(_OWN_PATH.match(token) for token in tokens):
        return False
    return any("/" in token for token in tokens) or bool(_LOCAL_LINK.search(html_text))


def _drop_own_work(document: Document, context: ExtractContext) -> None:
    """A portfolio or project record is not study material: a card under a label of the writer's own
    work (``- **工夫した点**``) asks the writer's choices, and one whose answer is only the writer's
    repository paths or tree lines (``関連ファイル`` → ``aws-study.yaml``) asks where a file is kept.
    No card, an explain line instead."""
    labelled: dict[int, ListItem] = {}
    for section in document.sections:
        for item, _parent in iter_items(section.blocks):
            if fold(clean_term(item.text.strip().rstrip(":："))) in OWN_WORK_LABELS:
                for inner, _ in iter_items(item.children):
                    labelled[id(inner)] = inner
                labelled[id(item)] = item
    kept: list[Candidate] = []
    for candidate in context.candidates:
        block = labelled.get(id(candidate.source))
        if block is not None:
            why = "a label of the writer's own work (工夫した点, 今後の課題): their own choices and plans, not a fact"
            context.skip(block.span, " ".join(block.text.split()), why, code="diary")
            continue
        if candidate.kind == NoteKind.CLOZE:
            shown_html = re.sub(r"\{\{c\d+::.*?\}\}", " ", candidate.prompt)
        else:
            shown_html = candidate.answer
        if _own_paths_only(" ".join(plain_html(shown_html).split()), shown_html):
            text = " ".join(plain_html(candidate.prompt).split())
            why = "the answer is only paths of the writer's repository (a file list or tree line), not a fact"
            context.skip(candidate.span, text, why, code="own-path")
            continue
        kept.append(candidate)
    context.candidates[:] = kept


def _drop_givens(context: ExtractContext) -> None:
    """A cloze made from a given of an exam question's scenario (a bullet under ``### 要件``:
    ``{{c1::CloudFront}}を使用している。``, ``一部コンテンツは最大{{c1::24時間}}キャッシュされる。``) asks a
    detail of the one made-up system the question describes, not a fact: no card, an explain line
    instead. The answer under ``対応`` / ``解決策`` keeps its cards."""
    walked: dict[int, bool] = {}  # the outline's nodes asked about so far: clozes share their headings

    def given(candidate: Candidate) -> ListItem | Paragraph | None:
        source = candidate.source
        if candidate.kind != NoteKind.CLOZE or not isinstance(source, (ListItem, Paragraph)):
            return None
        return source if scenario_givens(context.outline, source, walked) else None

    _drop_sources(
        context,
        given,
        "a given of an exam question's scenario (under 要件, シナリオ, 課題): it describes the one made-up "
        "system the question is about, not a fact; card what the answer teaches under its own name",
        "scenario",
    )


def _drop_cited(context: ExtractContext) -> None:
    """A card made from a bullet of a list of pages to read, under a line that labels it as such
    (``参考サイト`` alone on its line, then ``- SSL と TLS の違い: [SSL と TLS にはどのような違いが
    ありますか?](https://…)``): the bullet names a page and its title, not a term and its meaning, as
    under a heading ``## 参考サイト``. Only a bullet that holds a link or a URL goes."""
    outline = context.outline

    def cited(candidate: Candidate) -> ListItem | None:
        source = candidate.source
        if not isinstance(source, ListItem) or not _links(source):
            return None
        node = outline.find(source)
        while node is not None and node.kind == "item":  # up to the list of the top bullet
            parent = outline.parent(node)
            if parent is None or parent.kind != "list":
                return None
            grand = outline.parent(parent)
            if grand is None or grand.kind != "item":
                node = parent
                break
            node = grand
        if node is None or node.kind != "list":
            return None
        before, _after = outline.siblings(node)
        if before is None or before.kind != "paragraph" or "\n" in before.text.strip():
            return None
        return source if is_non_study_heading(before.text.strip().rstrip(":：")) else None

    _drop_sources(
        context,
        cited,
        "a bullet of a list of pages to read, under a line that labels it as such (参考サイト, 参考, Links …): "
        "it names a page and its title, not a term and its meaning; no card",
        "non-study-section",
    )


def _links(item: ListItem) -> bool:
    return "http" in item.text or any(part.kind == "link" for part in item.inlines)


_ANCHOR_LINK = lazy_compile(r'^<a href="#[^"]*"[^>]*>[^<]*</a>$')


def _contents_items(block: ListBlock) -> list[ListItem] | None:
    """The items of a table of contents: a list whose every item, at every depth, is one link to a
    heading of the same page (``- [Get pods](#get-pods)``), as editors generate it; None otherwise."""
    items: list[ListItem] = []
    for item in block.items:
        parts = [part for part in item.inlines if part.text.strip() or part.kind != "text"]
        if len(parts) != 1 or parts[0].kind != "link" or not _ANCHOR_LINK.match(parts[0].html.strip()):
            return None
        items.append(item)
        for child in item.children:
            if not isinstance(child, ListBlock):
                return None
            nested = _contents_items(child)
            if nested is None:
                return None
            items.extend(nested)
    return items


def _contents_table(table: Table) -> bool:
    """Whether a table is a table of contents (``| 4.1 | [Secure design](#41-secure-design) |``): every
    row links to a heading of the same page in one cell and holds no more than a short number or id in
    the others, so its rows title the sections below and state no fact."""
    if len(table.rows) < 2:
        return False
    for row in table.rows:
        links = 0
        for cell in row:
            parts = [part for part in cell if part.text.strip() or part.kind != "text"]
            if len(parts) == 1 and parts[0].kind == "link" and _ANCHOR_LINK.match(parts[0].html.strip()):
                links += 1
            elif len(inline_text(cell).strip()) > 8:
                return False
        if links != 1:
            return False
    return True


def _drop_contents(document: Document, context: ExtractContext) -> None:
    """A card made from a table of contents (``- [Deployments](#deployments)`` over its sub-entries)
    asks the titles of the headings below, not a fact: no card; each entry is explained as link-only."""
    entries: dict[int, ListItem] = {}
    tables: dict[int, Table] = {}
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, ListBlock):
                found = _contents_items(block)
                if found and len(found) >= 2:
                    entries.update((id(item), item) for item in found)
            elif isinstance(block, Table) and _contents_table(block):
                tables[id(block)] = block
    if tables:
        _drop_contents_tables(tables, context)
    if not entries:
        return
    kept: list[Candidate] = []
    for candidate in context.candidates:
        if id(candidate.source) not in entries:
            kept.append(candidate)
    if len(kept) == len(context.candidates):
        return
    context.candidates[:] = kept
    lines = {item.span.line for item in entries.values()}
    context.skipped[:] = [entry for entry in context.skipped if entry.span.line not in lines]
    for item in entries.values():
        context.skip(
            Span(item.span.path, item.span.line, item.span.line),
            item.text.strip(),
            "an entry of a table of contents (a link to a heading of this page), not a fact; no card",
            code="link-only",
        )


def _drop_contents_tables(tables: dict[int, Table], context: ExtractContext) -> None:
    """The cards of tables of contents go; each table is explained as link-only instead."""
    context.candidates[:] = [candidate for candidate in context.candidates if id(candidate.source) not in tables]
    lines = {line for table in tables.values() for line in range(table.span.line, table.span.end_line + 1)}
    context.skipped[:] = [entry for entry in context.skipped if entry.span.line not in lines]
    for table in tables.values():
        first = " ".join(inline_text(cell).strip() for cell in table.rows[0])
        context.skip(
            table.span,
            first.strip(),
            f"a table of contents ({len(table.rows)} rows, each a link to a heading of this page), not facts; no card",
            code="link-only",
        )


_NAVIGATION_LABEL = lazy_compile(
    r"^(?:(?:back|go|return|jump|scroll)\s+(?:up\s+)?to\s+(?:the\s+)?(?:top|contents|table\s+of\s+contents|index|toc)"
    r"|to\s+(?:the\s+)?top|top|back\s+to\s+top|トップへ戻る|目次へ戻る|目次に戻る|ページトップ)$",
    re.IGNORECASE,
)
"""The label of a link that only moves the reader about the page (``Back to top``, ``Go to contents``)."""
_EMOJI_CODE = lazy_compile(r":[a-z0-9_+-]+:")
"""An emoji shortcode (``:arrow_up:``) beside such a label."""


def _navigation_paragraph(block: object) -> bool:
    """A paragraph that is one link back to the top or the contents of the page, an arrow or emoji aside
    (``🔼 [Back to Top](…#table-of-contents)``, ``[Back to top :arrow_up:](#table-of-contents)``): it
    moves the reader, it states nothing, and under a heading it read as the heading's definition."""
    if not isinstance(block, Paragraph):
        return False
    parts = [part for part in block.inlines if part.text.strip() or part.kind != "text"]
    links = [part for part in parts if part.kind == "link"]
    if len(links) != 1 or any(part.kind not in ("link", "text") for part in parts):
        return False
    rest = "".join(part.text for part in parts if part.kind == "text")
    if re.search(r"\w", _EMOJI_CODE.sub("", rest)):
        return False
    label = re.sub(r"^\W+|\W+$", "", _EMOJI_CODE.sub("", links[0].text)).strip()
    return bool(_NAVIGATION_LABEL.match(label))


def _without_navigation(document: Document) -> tuple[Document, list[Paragraph]]:
    """``document`` without its navigation links (:func:`_navigation_paragraph`), and those links."""
    dropped: list[Paragraph] = []
    sections = []
    for section in document.sections:
        kept = [block for block in section.blocks if not _navigation_paragraph(block)]
        if len(kept) == len(section.blocks):
            sections.append(section)
            continue
        dropped.extend(block for block in section.blocks if isinstance(block, Paragraph) and block not in kept)
        sections.append(replace(section, blocks=tuple(kept)))
    if not dropped:
        return document, dropped
    return replace(document, sections=tuple(sections)), dropped


def _lead_lines(candidate: Candidate, outline: Outline) -> tuple[str, ...]:
    """The text of the list items a candidate sits under, nearest first, up to its section."""
    node = outline.find(candidate.source)
    if node is None:
        return ()
    found: list[str] = []
    for above in outline.ancestors(node):
        if above.kind in ("section", "document"):
            break
        if above.kind == "item" and above.text:
            found.append(above.text)
    return tuple(found)


_STANDBY_BLOCKS = (ListBlock, ListItem)
"""What a rejected set gives back to the extractors after it: its list and the list's items."""


def _standby_candidates(
    document: Document, context: ExtractContext, order: Sequence[str], owners: Sequence[Candidate]
) -> list[Candidate]:
    """The cards that stand by for the sets selection rejected as lists to recite (``owners``: ``### RDS``
    over four statements, a card showing the first two): the candidates the extractors after the set's
    own propose for its points once the set no longer claims them (``RDS: …{{c1::常時モニタリング}}が可能``).
    The extractors run again from the set's on a copy of the context, with every other claim kept, so
    only the set's points are new to them; what they propose for anything else was proposed already and
    is left out. A point no rule cards (a bare name, a step, an opinion) keeps its explain line."""
    sets = {id(owner): owner for owner in owners}
    released: set[int] = set()
    for key, (claimer, block) in context._claimed_by.items():
        owner = sets.get(id(claimer))
        if (
            owner is not None
            and isinstance(block, _STANDBY_BLOCKS)
            and key in context._claimed
            and owner.span.line <= block.span.line <= owner.span.end_line
        ):
            released.add(key)
    ran = [order.index(owner.extractor) for owner in owners if owner.extractor in order]
    if not released or not ran:
        return []
    again = ExtractContext(document)
    again._outline = context._outline
    # the sets' own blocks are given back only after their extractor ran again (below)
    again._claimed = context._claimed - (released - {id(owner.source) for owner in owners})
    again._cloze_ok = context._cloze_ok - released
    again._keep_alive = context._keep_alive
    again.memo = dict(context.memo)
    dropped = {id(owner) for owner in owners}
    again.candidates = [candidate for candidate in context.candidates if id(candidate) not in dropped]
    start = len(again.candidates)
    for name in order[min(ran) :]:
        again.extractor = name
        _REGISTRY[name][1](document, again)
        # the set itself stays claimed while its own extractor runs again (that would only propose it
        # again), then it is free: a rule that reads a point beside its list sees the list unclaimed
        again.release(*(owner.source for owner in owners if owner.extractor == name and id(owner.source) in released))
    proposed = [candidate for candidate in again.candidates[start:] if id(candidate.source) in released]
    again.candidates[:] = proposed
    again.skipped.clear()
    _drop_objectives(document, again)
    _drop_goals(document, again)
    _drop_own_work(document, again)
    _drop_givens(again)
    _drop_contents(document, again)
    context.skipped.extend(again.skipped)
    return again.candidates


def _own_names(outline: Outline) -> frozenset[str]:
    """The writer's own account names the notes show (:data:`~ankigen.extract.vocabulary.OWN_NAME`:
    ``/home/alice``, ``alice@laptop:~$``, in text or code), less the system accounts (``root``)."""
    names: set[str] = set()
    for node in outline.nodes:
        text = node.owner.text if isinstance(node.owner, CodeBlock) else node.text
        for match in OWN_NAME.finditer(text):
            names.add(match.group(1) or match.group(2))
    return frozenset(name for name in names if name.lower() not in SYSTEM_ACCOUNTS)


def run_extractors(document: Document, names: Iterable[str] | None = None) -> ExtractContext:
    """Run the named extractors (all by default) over ``document``; unknown names raise."""
    try:
        return _run_extractors(document, names)
    finally:
        # what the checks remember of this file is let go of: the next file asks of other text
        forget_file()


def _run_extractors(document: Document, names: Iterable[str] | None) -> ExtractContext:
    _load_builtin()
    selected = extractor_names() if names is None else tuple(names)
    unknown = [name for name in selected if name not in _REGISTRY]
    if unknown:
        raise AnkigenError(f"unknown extractor {', '.join(map(repr, unknown))}; known: {', '.join(extractor_names())}")
    document, navigation = _without_navigation(document)
    context = ExtractContext(document)
    for paragraph in navigation:
        context.skip(
            paragraph.span,
            " ".join(paragraph.text.split()),
            "a navigation link (back to the top or the contents of the page), not a fact; no card",
            code="link-only",
        )
    order = sorted(selected, key=lambda known: _REGISTRY[known][0])
    for name in order:
        context.extractor = name
        _REGISTRY[name][1](document, context)
    context.extractor = ""
    _drop_objectives(document, context)
    _drop_goals(document, context)
    _drop_own_work(document, context)
    _drop_givens(context)
    _drop_cited(context)
    _drop_contents(document, context)
    topic = document_topic(document)
    kept: list[Candidate] = []  # the selected candidates as tidied: a trimmed note still finds its source
    notes, rejected = select(
        context.candidates,
        lambda candidate: has_subject(candidate, context.outline, topic),
        kept,
        lambda candidate: _outline_subject(candidate, context.outline),
        lambda candidate: in_scenario(context.outline, candidate.source),
        topic or _top_heading(document),
        lambda candidate: owner_path(candidate, context.outline),
        lambda candidate: _lead_lines(candidate, context.outline),
        lambda owners: _standby_candidates(document, context, order, owners),
    )
    # a Japanese translation under its English original asks the original's fact again
    notes, rejected = drop_translations(document, notes, kept, rejected)
    qualified = qualify_subjects(notes, kept, context.outline, topic)
    # a set to recite, once its prompt names its subject, becomes a cloze with a gap per item
    # a list of statements about a term: a gap per statement (its definition kept when the first says what it is)
    # names enumerated inside one sentence (``Uses A, B, and C to …``): a gap per name
    sources = {id(candidate.note): candidate.source for candidate in kept}
    listed = [new for old, note in zip(notes, qualified, strict=True) for new in _recast(note, sources.get(id(old)))]
    # a cloze whose every answer an earlier cloze hides beside the same words asks nothing new
    listed, rejected = gaps_asked_again(listed, rejected)
    # a list of whole clauses under a generic lead (``流れ:`` over its steps): no gap asks a name
    listed, clauses = clause_lists(listed)
    # a gap on a phrase the notes call the keyword (``「…の両立」がキーワード``): a slogan, left as text
    listed, slogans = slogan_gaps(listed)
    # a gap on a placeholder or sample value (``my-bucket``, ``bucket-name``, ``foo``): left as text
    listed, samples = sample_gaps(listed, _own_names(context.outline))
    rejected = [*rejected, *clauses, *slogans, *samples]
    # a gap whose answer shows elsewhere on the card (its headings, its text, another gap) asks nothing
    context.notes, shown = answers_shown(show_topic(listed, topic))
    context.skipped.extend(rejected)
    context.skipped.extend(shown)
    # explained against the notes as made (a set to recite turned cloze shows its lead-in only in Details)
    context.skipped.extend(explain_uncovered(document, context.notes, context.skipped))
    return context
