"""Candidates and the one selection pass over them: which proposed notes become notes, and why not.

Extractors propose :class:`Candidate` notes (``ExtractContext.emit``) and reject what cannot be a
card with a reason code (``ExtractContext.skip``). :func:`select` then sees every candidate of the
document at once, in the order proposed, and rejects, each with a code and a message naming the
note that was kept:

* ``duplicate``: the same fact proposed twice (same kind and key, made from the same block);
* ``same-fact``: a cloze whose only gaps are the term that a definition of the same text asks for
  (``**タイムアウト**とは…`` is one fact, asked once, as the definition);
* ``repeats-children``: a definition of a bullet whose answer is only its child bullets, when each
  of those children became a card of its own;
* ``duplicate-term``: the same term defined again later in the file with (nearly) the same answer.
  The first is kept and keeps its GUID; a later one that says something else is kept by this rule
  (the build's duplicate-key warning names both) unless ``near-duplicate`` below finds it asks the
  same aspect of the same subject in the same place;
* ``same-sentence``: a cloze of a sentence that a definition from the same line already asks;
* ``question-answer-item``: a definition made from one item of a list that a question card over
  it asks as a whole (``Why ?`` over ``- Fast recovery``, ``- Automated response - self healing``);
* ``near-duplicate``: a card that asks what an earlier card asks, in another kind or from another
  line: each names the other's subject, and each one's answer is in the other (a definition
  ``Data Link`` → ``Provides node-to-node transfer…``, then a cloze of that sentence under
  ``Data Link``; the same term with the same answer under two owners). The earlier is kept.
  Also a card that asks the same aspect of the same subject as an earlier card, under another name
  or from another table or a repeated section (``VPCフローログ › レベル`` after ``VPC Flow Logs ›
  監視レベル``; :mod:`ankigen.extract.aspects`), its message quoting what it would have added;
  a one-gap cloze hiding the name a sibling ``label: name`` bullet under the same owner gives
  (``- 保存先: Glacier``, ``- Glacierを…として利用``; :func:`_sibling_label_answers`);
  and, once the notes are made (:func:`gaps_asked_again`), a cloze whose every answer earlier
  clozes already hide beside the same words, or the same list of answers recited again;
* ``list-to-recite``: a definition whose answer is a list of points that the length cap would cut
  part-way, the first points on the back and the rest in Details (:func:`_set_cut`), unless its
  first point says what the term is or the list is a table cell: the card would ask part of a set.
  The set's points then stand in for it: :func:`select` runs the pass again with the candidates the
  extractors after the set propose for them once it no longer claims them (``standby``);
* ``exam-row-asked``: a row of an exam-question table (``問われ方 | 正解に寄る条件``) about a thing
  another card of the file already asks on its front;
* junk, judged on each candidate alone: ``question-id`` (``H30S P19`` as a term), ``code-tag`` (a
  fence's language tag as a term), ``image-as-term`` (an image's alt text as a term),
  ``label-as-term`` (``Why``, ``仕組み`` with no subject; a connective label, ``Otherwise``, ``さもないと``:
  :func:`~ankigen.extract.label_gate.connective_front`), ``example-value`` (``VPC B`` →
  ``192.168.4.0/22``, a zone id), ``restates-prompt`` (an answer made only of the term and filler
  words), ``diary`` (``I should review this next week``), ``marks-only``
  (a table row of ✔/✘ and links),
  ``procedure-step`` (``次に、…に問い合わせます`` as a definition), ``title-only`` (a section title over
  ``…の使い分け。``, ``Read`` over a title), ``lead-in-only`` (a one-sentence answer that only
  announces what follows it: ``…, the command to run is:`` over code the card does not show);
  and clozes whose gaps hide what a careful learner would not ask (:func:`_poor_gaps`):
  ``gap-predicate`` (the verb that ends a Japanese sentence), ``gap-generic`` (``各 {{c1::VPC}}``),
  ``gap-count`` (``少なくとも{{c1::2つ}}``), ``example-value`` (a sample account id or resource name
  in a gap) and ``gap-in-qualifier`` (gaps only in a leading ``In the …,``). Bold initials
  (``**Q**uadrature``) never reach a gap: the clozes extractor turns them plain when it proposes
  the cloze (``gap-part-of-word``).

Clutter is trimmed on the notes that stay, and each trim is listed too, so nothing is dropped
silently: ``rating-remark`` (``★★★★★`` remarks leave the back), ``dangling-fragment`` (a last
clause that breaks off on a comma, ``…前述の通りですが、``, leaves the back), ``answer-too-long`` (an answer
over :data:`~ankigen.extract.vocabulary.MAX_ANSWER_CHARS` keeps its first blocks, the rest moves
to Details), ``details-too-long`` (Details are short context for their card: past
:data:`~ankigen.extract.vocabulary.MAX_DETAILS_CHARS` characters or
:data:`~ankigen.extract.vocabulary.MAX_DETAILS_ITEMS` bullets they are cut, and each bullet left
off is listed as ``details-cut``), and (from the tables extractor) ``too-many-attributes`` (a compared entity
asks its first :data:`~ankigen.extract.vocabulary.MAX_COMPARISON_ATTRIBUTES` attributes, one note
each; the rest are not asked, and its row or column is never on a note's back). ``{% raw %}``
markers and fence markers are removed from every field.

Every code a rejection can carry is listed in :data:`REASONS`; ``inspect --explain`` shows it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ankigen.patterns import HTML_TAG, lazy_compile

from ..identity import normalise_key
from ..model import ListBlock, ListItem, Note, NoteKind, Paragraph, Skipped, Span, Table, inline_text
from .aspects import Asking, added_lines, answer_name, family_item, kana_skeleton, latin_skeleton, repeats
from .common import (
    BRACKETED_TAIL,
    GROUP_ONE,
    JA_SENTENCE_END,
    STAGE_TOOL_ASPECT,
    block_html,
    children_html,
    clean_term,
    examples_only,
    excerpt,
    file_scoped,
    find_word,
    fold,
    has_cjk,
    is_latin_name_char,
    is_letter_key,
    is_topic_title,
    joins_topics,
    plain_html,
    pointer_only,
    reference_off,
    sentence_like,
    split_definition,
    stage_tool,
)
from .details_field import MORE_MARK, tidy_details
from .label_gate import aspect_label, connective_front, needs_subject, unasked_label
from .name_translation import translated_name
from .outline import LABEL_SLACK, _label_words, image_only
from .recital import (
    MIN_CLAUSE_GAP_CHARS,
    MIN_LONG_GAP_CHARS,
    MIN_PREDICATE_GAP_CHARS,
    first_facts,
    first_items,
    parallel_set,
    trailing_fragment,
    trailing_lead_in,
)
from .recital import VERB_END as _VERB_END
from .vocabulary import (
    ADVICE_OPENING,
    ASPECT_GROUP_ENDINGS,
    BACK_REFERENCE,
    BACK_REFERENCE_NAMED,
    BARE_VALUE,
    CHOICE_LABELS,
    COUNT_ANNOUNCEMENT,
    CUE_WORDS,
    DECORATIVE_EMOJI,
    DIARY_OPENINGS,
    DIARY_TERMS,
    EXAM_ASPECT_WORDS,
    EXAM_OPTIONS_CONTEXT,
    EXAM_QUESTION_HEADERS,
    EXAM_ROW_SAID_RATIO,
    EXAMPLE_FRAGMENT,
    EXAMPLE_INSTANCE,
    EXAMPLE_LINE_OPENING,
    EXAMPLE_OPENING,
    EXAMPLE_VALUE,
    FEATURE_PHRASE,
    FENCE_LANGUAGES,
    FENCE_MARKER,
    FILLER_WORDS,
    FOOTNOTE_MARKER,
    GENERIC_LABELS,
    GROUP_HEADINGS,
    INLINE_LIST_STOP_WORDS,
    LABEL_TERMS,
    LEAD_IN,
    LEANING_DETERMINERS_JA,
    LIST_LEAD_IN,
    MARK_VALUE,
    MAX_ADDED_BACK_CHARS,
    MAX_ADDED_BACK_LINES,
    MAX_ANSWER_CHARS,
    MAX_ANSWER_SENTENCES,
    MAX_CARD_NAME_CHARS,
    MAX_CJK_ANSWER_CHARS,
    MAX_LEAD_IN_CHARS,
    MAX_NAME_CHARS,
    MAX_ROW_ECHO_CHARS,
    MAX_TERM_CHARS,
    MEANING_ONLY,
    MEANS_AFTER,
    MEANS_BEFORE,
    MIN_LIST_LEAD_CHARS,
    MIN_RECITED_ITEMS,
    MIN_SHARED_ANSWER_CHARS,
    MIN_TRANSLITERATED_SKELETON,
    NO_SUBJECT_WORDS,
    NOTES_POINTER,
    NOTES_REMARK_OPENINGS,
    NUMBERED_LABEL,
    OTHER_SUBJECT_OPENING,
    OTHER_TOPIC,
    PHRASE_CLOSINGS,
    POINTER_SENTENCE,
    POLITE_ACTION_ENDING,
    QUESTION_ID,
    RATING,
    REFERENCE_VALUE,
    REMARK_TERMS,
    ROW_ECHO_RATIO,
    SAME_TEXT_RATIO,
    SAMPLE_VALUE,
    SCENARIO_OPENING,
    SECTION_SUMMARY_ENDINGS,
    SETTING_CLOSINGS,
    SHOWN_NAME_WORDS,
    STEP_WORDS,
    TEMPLATE_MARKER,
    TOPIC_LABELS,
    USEFUL_WHEN,
    VENDOR_PREFIXES,
    VERBAL_NOUN_ENDING,
)

__all__ = ["REASONS", "Candidate", "Skipped", "answers_shown", "gaps_asked_again", "sample_gaps", "select"]

REASONS: dict[str, str] = {
    # rejected by an extractor, before selection
    "not-a-term": "the text that would be the front does not read as a term",
    "label-without-subject": (
        "a label (目的, メリット …, or a heading repeated under every parent heading, `### Gotchas`) with nothing "
        "above it to belong to"
    ),
    "statements-about-part": "a term over child statements about a part of it (its name and one more word)",
    "symptom-label": "what went wrong (エラー内容, Symptom), the question a sibling cause or fix answers",
    "empty-answer": "the answer is empty, one word, or too short",
    "term-too-long": "a bullet over child bullets whose text is too long to be a term",
    "wrong-way-round": "the answer is much shorter than the term",
    "children-only-names": "the child bullets name things, give values or list steps; none says what the bullet is",
    "topic-without-summary": "a topic with labelled parts but no 概要/Summary part",
    "diagram": "ASCII art or a diagram, not study text",
    "no-explanation": "the lines under a term do not explain it",
    "definition-heading-without-term": "a 定義/Definition heading with no term heading right above it",
    "step-or-topic-title": "a numbered step or a topic title, not a term",
    "names-another": "a heading over text that a later sentence names as another term: that term is the card",
    "examples-column": "a table whose second column holds examples, not meanings",
    "claim-table": "a table whose first column holds reasons or merits (statements), not names to ask",
    "hypothetical-table": "a table under a line that imagines a case (もし…以下のようになる): its rows are examples",
    "example-sequence": (
        "a table that walks through one example step by step (a step repeats, a counter grows row by row): its "
        "rows are the example's values"
    ),
    "row-without-term": "a table row whose first cell is no short name (a sentence, code, too long, only figures)",
    "split-cell": "a `|` inside a code span cut a table row into extra cells",
    "headerless-table": "a table of three or more columns with no header row: its columns have no names to ask by",
    "no-values": "a table row with no values to compare",
    "legend-table": (
        "a legend table (every cell a symbol and its meaning, columns independent lists) whose symbol repeats in its "
        "column or whose column has no name"
    ),
    "unnamed-column": "a table cell in a column with no header: no name to ask it by",
    "field-too-short": "a Term:: field without a short term and an explanation",
    "question-too-long": "a question bullet or its answer too long for one card: an exam scenario to read",
    "choice-without-answer": (
        "a multiple-choice question whose notes name no right option: no card can say which one is right"
    ),
    "wrong-option": (
        "a wrong option of a multiple-choice question, or the learner's own pick: the card shows the right one"
    ),
    "question-leans": "a question bullet that leans on the line above it (それはなぜ？): alone it asks nothing",
    # lines no note and no rejection covers (extract/coverage.py): no silent drops
    "non-study-section": "under a heading for material that is not studied (参考, 感想, Links …)",
    "in-details": "shown in another card's Details, never asked on its own",
    "code": "code or a command",
    "attribution": "where a quoted passage comes from (…より引用, Source: …), not a fact",
    "link-only": "only links",
    "own-path": "the answer is only paths of the writer's repository (a file list, a tree line), not a fact",
    "image": "an image alone (in Markdown or raw HTML), not next to a card's text",
    "html": "raw HTML that is not read as notes: a tag, an HTML comment, the opening of a `<details>` block",
    "math": "a formula alone",
    "directive": "a MyST directive whose content is not notes (``{toctree}``, ``{mermaid}`` …)",
    "bare-name": "a name (or a list of names) with nothing that says what it is, such as a name a bullet lists",
    "name-and-expansion": "a name and its expansion (another name for it), with nothing that says what it is",
    "list-to-recite": "a term whose answer would be a long list of its child bullets, a set to recite",
    "no-card-shape": (
        "text with no term, marked key phrase or definition shape to ask: a plain statement, a step of a numbered "
        "list, a lead-in to what follows, a sentence opening on a connective, a phrase"
    ),
    "sentence-left-out": "a sentence of a line another card asks, left off that card and on no other",
    "cloze-context": "a sentence shown on a cloze around its gaps, never asked (no gap in it)",
    "beside-answer": "a table cell shown on a comparison's back beside the attribute its front asks, never asked",
    "front-only": "a label a card's front shows before a colon (a heading `Layer: name`), never asked by its back",
    "heading-no-card": (
        "a heading under which nothing made a card: empty, over code only, a task answered by steps, or its text "
        "asked under another heading"
    ),
    # rejected by the selection pass
    "duplicate": "the same fact was already proposed from the same text",
    "same-fact": "a cloze of the term that a definition of the same text asks for",
    "repeats-children": "a parent whose answer only repeats children that are cards of their own",
    # left out by the learner (ankigen.skips)
    "skip-marker": "an ankigen: skip marker in the notes",
    "duplicate-term": "the same term with the same answer was already carded earlier in the file",
    "same-sentence": "a cloze of a sentence that a definition from the same line or block already asks",
    "question-answer-item": "an item of a list that a question card over it (`Why ?`, `Purpose:`) asks as a whole",
    "near-duplicate": "another card asks this: the same subject (or another name of it), the same aspect or answer",
    "exam-row-asked": "an exam-question table row about a thing another card of the file already asks",
    "question-id": "a question id (exam paper and number) or a numbered scenario or example, not a term",
    "code-tag": "a code fence's language tag, not a term",
    "image-as-term": "an image's alt text, not a term",
    "example-value": "an example value (an address, a zone id, an example instance), not a fact to learn",
    "restates-prompt": "the answer only restates the term",
    "gap-slogan": "the gap hides a phrase the notes call the keyword (「…」がキーワード), a slogan, not a term",
    "garbled-text": "words are missing (function words one after another: の および, する 、), a garbled translation",
    "diary": "a diary remark, not study text",
    "heading-is-remark": "a heading that is a remark or a stage of a story over text narrating what the writer did",
    "marks-only": "a table row whose values are only marks (✔/✘) and references, no description",
    "procedure-step": "a step of a procedure (まず…, 次に…, then …), not what the term is",
    "label-as-term": (
        "a label (Why, 仕組み, Examples) or a property (Stateful, Region-specific) with its subject missing, not a "
        "term; or a connective label (Otherwise, さもないと, However) that names nothing to ask"
    ),
    "alias-only": "a cloze of a name beside its other name (expansion, translation) that shows the answer",
    "name-part": "a word that makes up the name above it (Sage, Maker under SageMaker): where the name comes from",
    "title-only": "the answer only names a topic (a section summary, a reading remark), no fact to ask",
    "scenario": "a part of an exam question's scenario or a step of its solution, not what its term is",
    "not-what-it-is": "the answer is an example of the term, or what another thing gains by it, not what it is",
    "narrated-answer": (
        "the answer is the writer talking to the reader or about themselves (Let's…, In summary…, All of this…, I…, "
        "You probably…, Hopefully…, After that…, Here is…), or a front that is only `Here`, not what the term is"
    ),
    "study-advice": (
        "the answer is a to-do for the learner (Start with…, Practice…, Set up and test…), not what the term is"
    ),
    "walkthrough-sentence": (
        "a sentence of a walkthrough that asks the reader to do something (…してください, please): what happens "
        "in the writer's own demo, not a fact"
    ),
    # cloze gaps (clozes.py)
    "gap-too-long": (
        "the bold phrase is a whole clause: hiding it leaves nothing to answer from; or each gap of a list hides a "
        "whole line (a step, a long phrase) to recite"
    ),
    "gap-label": "the bold phrase is the label that opens the line (Example:, Note:), not a fact in it",
    "gap-function-word": "the bold word only stresses the sentence (NOT, only): a gap on it asks yes or no, not a fact",
    "gap-in-context": "the key phrase shows in the card's headings: hiding it gives nothing to recall",
    "gap-part-of-word": "the bold letters are part of a word (an acronym's initials): the word gives them away",
    "gap-predicate": "the one gap is the verb that ends a Japanese sentence, not the thing to recall",
    "gap-in-passing": (
        "the one gap is a word the sentence only mentions in passing (a one-letter option of a command it does "
        "not name, a command the next sentence shows again): not the sentence's point"
    ),
    "gap-generic": "the one gap is a generic noun (or one instance of 'each'), not the sentence's point",
    "gap-two-answers": (
        "a sibling bullet says the same sentence with another name where the gap is (ALBは…を使用する twice): "
        "the gap has two valid answers"
    ),
    "gap-count": "the one gap is the count in 'at least two', which only says 'more than one'",
    "gap-in-qualifier": "the gaps hide only a leading qualifier (In the …,), not the point after it",
    "cloze-no-subject": (
        "a cloze sentence that names no subject (It …, Can be …, a bare phrase) with no heading above to name it"
    ),
    "answer-shown": "each answer of the cloze shows elsewhere on the card (its headings, its text, another gap)",
    # clutter trimmed from a note that stays
    "rating-remark": "a rating remark (★★★★★) was left off the back",
    "pointer-sentence": "a sentence that only points elsewhere in the notes (see below, 後述します) was left off",
    "answer-too-long": "the answer was too long to learn: its first part stays, the rest moved to Details",
    "code-on-back": "a code block (and the bullet that only led in to it) was left off a definition's back",
    "example-moved": "the answer went on into an example (例: …, たとえば…, For example …); it moved to Example",
    "lead-in-moved": "the answer ended on a lead-in (以下の…) to a list not on the back; it moved to Details",
    "kind-moved": (
        "a line of the answer is about the kind the term is one of (ルートテーブル under メインルートテーブル), "
        "not about the term; it moved to Details"
    ),
    "url-moved": "the answer ended on a bare web address, a reference to read, not a fact to recall; left off the card",
    "unresolved-referent": (
        "a sentence that leans on something the card does not show (両者, a bare デフォルトは, 今回の, the step above)"
    ),
    "lead-in-only": "the answer is only a lead-in (…as follows:, 以下のように…) to what the card does not show",
    "dangling-fragment": "the answer ended on a clause cut off before what it leads to (…ですが、); left off the back",
    "list-in-cloze": "a list the answer recited is asked by a cloze, a gap per item; the answer keeps its lead",
    "too-many-attributes": "the comparison asks its first attributes only, one note each; the rest are not asked",
    "cell-same-for-all": "a compared attribute with the same value for every entity: it tells them apart in nothing",
    "cell-repeats-cell": "a table cell that (nearly) says what another cell of the same entity already says",
    "cell-yes-no": "a table cell that only says yes or no (あり, 対応していない, ✔) among 3+ compared entities",
    "cell-placeholder": "a table cell that is only a bracketed placeholder, not a value",
    "cell-in-context": "a table cell that the card's topic or headings already say",
    "cell-in-front": "a short table cell made only of words of its row's name and column label (the front)",
    "children-carded": "child bullets that are cards of their own were left out of the parent's Details",
    "details-too-long": "the Details were cut to short context for the card; what was left off is listed",
    "details-cut": "a bullet left off a card's Details (too long to be context), asked on no card",
}


@dataclass(frozen=True, slots=True)
class _Repeat(Skipped):
    """A rejection that names the candidate kept instead (``kept``), while the pass runs: a rule
    later in the pass may reject that one too, and then the kept card named is the one it repeats."""

    kept: Candidate | None = None


PART_EXTRACTORS = frozenset({"named-terms", "inner-definitions"})
"""Extractors whose cards ask a term named inside a block or item, not the item itself: such a card
does not make its item's parent a repeat of its children, nor take the item out of its Details."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A note an extractor proposes; the selection pass decides which become notes.

    ``source`` is the typed block, list item or section it was made from (its outline node gives
    its subject and roles), ``extractor`` the name of the extractor that proposed it, ``term`` the
    definition's term (empty for other kinds)."""

    note: Note
    extractor: str
    source: object | None = None
    term: str = ""

    @property
    def kind(self) -> NoteKind:
        return self.note.kind

    @property
    def span(self) -> Span:
        return self.note.span

    @property
    def prompt(self) -> str:
        return self.note.prompt

    @property
    def answer(self) -> str:
        return self.note.fields[1][1] if len(self.note.fields) > 1 and self.note.kind != NoteKind.CLOZE else ""


def _plain_prompt(candidate: Candidate) -> str:
    return plain_html(candidate.note.prompt)


@dataclass(frozen=True, slots=True)
class _Seen:
    """A candidate as the selection pass reads it: what its checks derive from it, derived once when
    the pass starts (:func:`_seen`) and read by every check after that (each derived them again)."""

    candidate: Candidate
    prompt: str
    """The front as plain text."""
    term: str
    """The definition's term, or the front."""
    answer_html: str
    answer: str
    """The answer as plain text (empty for a cloze)."""
    key: str
    """The note's key, normalised."""
    fields: dict[str, str]
    context: str
    """The context line as plain text."""
    text: str
    """The front as plain text, a cloze's gaps filled with their answers."""


def _seen(candidate: Candidate) -> _Seen:
    front = candidate.note.prompt
    prompt = plain_html(front)
    answer = candidate.answer
    fields = candidate.note.field_map
    return _Seen(
        candidate,
        prompt,
        candidate.term or prompt,
        answer,
        plain_html(answer),
        normalise_key(candidate.note.key),
        fields,
        plain_html(fields.get("Context", "")),
        plain_html(_ungapped(front)) if "{{c" in front else prompt,
    )


def _seen_again(seen: Sequence[_Seen], candidates: Sequence[Candidate]) -> list[_Seen]:
    """``seen`` with a new record for each candidate a step replaced (a trimmed field)."""
    return [
        old if old.candidate is candidate else _seen(candidate) for old, candidate in zip(seen, candidates, strict=True)
    ]


def select(
    candidates: Sequence[Candidate],
    has_subject: Callable[[Candidate], bool] = lambda candidate: False,
    kept: list[Candidate] | None = None,
    subject_of: Callable[[Candidate], str] = lambda candidate: "",
    in_scenario: Callable[[Candidate], bool] = lambda candidate: False,
    title: str = "",
    owners_of: Callable[[Candidate], tuple[str, ...]] = lambda candidate: (),
    lead_lines: Callable[[Candidate], tuple[str, ...]] = lambda candidate: (),
    standby: Callable[[Sequence[Candidate]], list[Candidate]] | None = None,
) -> tuple[list[Note], list[Skipped]]:
    """The notes to keep, in the order proposed, and a :class:`Skipped` with a code for each other
    (and for each trim of clutter from a note that stays). ``has_subject``: whether the outline
    names what a candidate is about, so a label such as ``Examples`` can be shown with its subject
    (``Physical (Layer 1) › Examples``) rather than dropped. ``kept``, when given, receives the
    candidate of each note returned, as tidied (its ``note`` is the very note returned).
    ``subject_of``: the nearest term above a candidate's source in the outline (``Data Link`` for a
    sentence under ``- **Data Link**``), which a card names once subjects are put on it.
    ``in_scenario``: whether the outline puts a candidate inside an exam question's scenario.
    ``title``: what the whole file is about (its top heading or front-matter title).
    ``owners_of``: the names a candidate belongs to below the headings, nearest first (the bullet
    terms and bullet sentences above it), which tell one name under two owners apart.
    ``lead_lines``: the text of the bullets a candidate sits under, nearest first (a form to fill:
    ``下記の内容を入力・選択する`` over ``- インスタンスタイプ: t2.micro``).
    ``standby``: the cards that stand by for a rejected set (issue 11). Given the definitions this pass
    rejects as a list to recite (``list-to-recite``: ``### RDS`` over four statements, whose card would
    show the first two), it returns the candidates the extractors propose for that list's points once
    the set no longer claims them (each point's own cloze, led by the heading). The pass then runs again
    with those candidates in place of the sets, so every rule above judges them; a set kept as a card
    never calls it, and its points stay on its back."""
    checks = (has_subject, subject_of, in_scenario, title, owners_of, lead_lines)
    tidied, skipped, sets = _select_pass(candidates, *checks)
    if standby is not None and sets:
        extra = standby([owner for owner, _ in sets])
        if extra:
            tidied, skipped, _ = _select_pass(_in_place_of(candidates, [owner for owner, _ in sets], extra), *checks)
            said = {(skip.span.line, skip.code) for skip in skipped}
            again = [skip for _, skip in sets if (skip.span.line, skip.code) not in said]
            skipped = sorted([*skipped, *again], key=lambda skip: skip.span.line)
    if kept is not None:
        kept.extend(tidied)
    return [candidate.note for candidate in tidied], skipped


def _in_place_of(
    candidates: Sequence[Candidate], owners: Sequence[Candidate], extra: Sequence[Candidate]
) -> list[Candidate]:
    """``candidates`` with each set in ``owners`` replaced by the candidates of ``extra`` proposed for
    its points (those from its lines), so the notes stay in the order of the text; any other is last."""
    placed: set[int] = set()
    order: list[Candidate] = []
    owner_ids = {id(owner) for owner in owners}
    for candidate in candidates:
        if id(candidate) not in owner_ids:
            order.append(candidate)
            continue
        first, last = candidate.span.line, candidate.span.end_line
        for point in extra:
            if id(point) not in placed and first <= point.span.line <= last:
                placed.add(id(point))
                order.append(point)
    return [*order, *(point for point in extra if id(point) not in placed)]


def _select_pass(
    candidates: Sequence[Candidate],
    has_subject: Callable[[Candidate], bool],
    subject_of: Callable[[Candidate], str],
    in_scenario: Callable[[Candidate], bool],
    title: str,
    owners_of: Callable[[Candidate], tuple[str, ...]],
    lead_lines: Callable[[Candidate], tuple[str, ...]],
) -> tuple[list[Candidate], list[Skipped], list[tuple[Candidate, Skipped]]]:
    """One selection pass (see :func:`select`): the candidates kept, as tidied, the rejections and
    trims, and the definitions rejected as a list to recite, each with its rejection."""
    rejected: dict[int, Skipped] = {}
    trimmed: list[Skipped] = []
    proposed = candidates
    seen = [_seen(candidate) for candidate in candidates]  # what each check reads, derived once
    for index, record in enumerate(seen):
        junk = _junk(record, has_subject) or _scenario_part(record, in_scenario) or _form_field(record, lead_lines)
        if junk is not None:
            code, message = junk
            span = record.candidate.span
            if code in _PROMPT_ONLY_CODES:
                # the rejection judges the front, not the text under it: it names only the prompt's
                # line, so the text below gets an explain line of its own instead of vanishing
                span = span.at(span.line)
            rejected[index] = Skipped(span, record.prompt[:120], message, code)
    by_source: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        if candidate.source is not None:
            by_source.setdefault(id(candidate.source), []).append(index)
    for indexes in by_source.values():
        if len(indexes) > 1:
            _same_source(seen, indexes, rejected)
    _same_sentence(seen, rejected)
    _heading_sentence_clozed(seen, rejected)
    _question_answer_items(candidates, rejected)
    _duplicate_terms(seen, rejected)
    _one_answer_two_fronts(seen, rejected)
    leads = _near_duplicates(seen, rejected, subject_of)
    _sibling_label_answers(seen, rejected, owners_of)
    _shared_flag_answers(seen, rejected, owners_of)
    if leads:  # a definition whose list a cloze asks item by item keeps the lead of its answer
        candidates = [
            _keep_lead(candidate, *leads[index], trimmed) if index in leads else candidate
            for index, candidate in enumerate(candidates)
        ]
        seen = _seen_again(seen, candidates)
    _exam_rows_asked(seen, rejected)
    again = _asked_again(seen, rejected, has_subject, subject_of, title, owners_of)
    _glossed_again(seen, rejected)  # (after the rules that name what a repeat asks again more closely)
    _command_gaps_again(seen, rejected)
    _commands_asked_again(seen, rejected)
    # a card that asks only part of an item (a term glossed inside it) does not card the item
    whole = {
        source: [index for index in indexes if candidates[index].extractor not in PART_EXTRACTORS]
        for source, indexes in by_source.items()
    }
    _repeated_children(candidates, whole, rejected, again)
    _parallel_sets(seen, rejected)
    candidates = _added_to_kept(seen, candidates, again, rejected, by_source, has_subject, subject_of)
    seen = _seen_again(seen, candidates)
    candidates = _carded_children_out_of_details(candidates, whole, rejected, trimmed)
    seen = _seen_again(seen, candidates)
    _quiz_restates(seen, rejected)  # (last: the definition it keeps must have passed every other rule)
    # clutter is trimmed from the notes that stay, after the rules above saw them as proposed
    tidied: list[Candidate] = []
    for index, record in enumerate(seen):
        if index in rejected:
            continue
        trims: list[Skipped] = []
        candidate = _tidy(record, trims)
        cut = _set_cut(record.candidate, candidate, trims)
        if cut is not None:  # a set cut part-way asks its first points and hides the rest: no card
            rejected[index] = cut
            continue
        trimmed.extend(trims)
        tidied.append(candidate)
    sets = [
        (proposed[index], skip)
        for index, skip in rejected.items()
        if skip.code == "list-to-recite" and proposed[index].kind == NoteKind.DEFINITION
    ]
    shown = _named_kept(proposed, candidates, rejected)
    return tidied, sorted([*shown, *trimmed], key=lambda skip: skip.span.line), sets


def _parallel_sets(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """A definition whose answer is a set of parallel points, some of them sentences, that its
    prompt asks for whole (recital.parallel_set: three patterns under ``…の方法``, the points of
    ``AとBの違い``): a back cut to the first points asks part of the set with the rest out of
    sight, and no gap can hide a whole sentence, so it makes no card. The rejection names the
    prompt's line only: each point is explained on its own line."""
    for index, record in enumerate(records):
        candidate = record.candidate
        if index in rejected or candidate.kind != NoteKind.DEFINITION:
            continue
        count = parallel_set(candidate.note.get("Definition", ""), record.prompt)
        if count:
            message = (
                f"its answer is a set of {count} points, some of them sentences: a card with the first few asks "
                "part of the set, and no gap can hide a whole sentence; write each point as "
                "`- **Term**: explanation`, or bold its key phrase, to ask it"
            )
            rejected[index] = Skipped(
                candidate.span.at(candidate.span.line), record.prompt[:120], message, "list-to-recite"
            )


def _set_cut(proposed: Candidate, tidied: Candidate, trims: Sequence[Skipped]) -> Skipped | None:
    """The rejection of a definition whose answer is a list of points that the cap on its length cut
    part-way (``answer-too-long``: its first points stay on the back, the others go to Details), else
    None. Such a card asks part of a set as if it were the whole answer and never asks the rest: on
    notes no rule was tuned to, reviewers judged them WEAK or BROKEN (a truncated back, or a back left
    with the points about another term). Like :func:`_parallel_sets`, the rejection names the prompt's
    line only, so each point is explained on its own line (or asked by a card of its own). Kept:
    a list whose first point says what the term is (``- A tool that runs …``: that point is the
    answer, the rest context) and a table cell's points (the row's description, judged GOOD)."""
    if proposed.kind != NoteKind.DEFINITION or not any(trim.code == "answer-too-long" for trim in trims):
        return None
    if isinstance(proposed.source, Table):
        return None  # a table cell's points describe its row's entity: reviewers judged its first points GOOD
    answer = proposed.note.get("Definition", "")
    if not _LIST_ANSWER.match(answer):
        return None  # the answer opens with a sentence of its own, which the back keeps
    kept = tidied.note.get("Definition", "")
    points = [text for text in (_plain(item) for item in _ITEM_HTML.findall(answer)) if text]
    shown = _plain(kept)
    left = [text for text in points if text not in shown]
    if len(points) < 2 or not left:
        return None
    first = _plain(_ITEM_HTML.findall(kept)[0]) if _ITEM_HTML.search(kept) else shown
    if _says_what_it_is(first):
        return None  # the first point says what the term is: that is the answer, the rest is context
    prompt = _plain_prompt(proposed)
    message = (
        f"its answer is a list of {len(points)} points, too long for one card: a card would show the first "
        f"{len(points) - len(left)} and leave {len(left)} unasked in Details; write each point as "
        "`- **Term**: explanation`, or bold its key phrase, to ask it"
    )
    return Skipped(proposed.span.at(proposed.span.line), prompt[:120], message, "list-to-recite")


_LIST_ANSWER = lazy_compile(r"\s*<(?:ul|ol)>")
# (patterns the checks below once passed to ``re`` by name, which looked each up in its cache per call)
_CLOZE_GAP = lazy_compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}")
_PLAIN_LATIN_WORD = lazy_compile(r"[A-Za-z]{4,}")
_KANA_VERB_END = lazy_compile(r"[\u3040-\u309f][るうくすつむぶぐ]$")
_MEMO_SENTENCE_END = lazy_compile(r"(?<=[。])(?![」』）)])\s*")
_NARRATION_SENTENCE_END = lazy_compile(r"(?<=[.。])\s+")
_KEYCAP_NUMBER = lazy_compile(r"^\S*\d\ufe0f?\u20e3\s*")
_LABEL_EDGES = lazy_compile(r"^[^\w]+|[\s:：]+$")
_ANY_SENTENCE_END = lazy_compile(r"(?<=[。.!?！？])\s*")
# an exercise prompt (``…ロックとは何か、…わかるように説明してください。``): a request to explain, answer
# or write down, which states nothing
_EXERCISE_PROMPT = lazy_compile(
    r"(?:説明|記載|記述|回答|解答|答え|書い|まとめ)(?:して)?(?:ください|なさい|しましょう)[。.]?\s*$"
)
_FIGURE_RANGE = lazy_compile(r"^\d[\d.,]*\s*[-–—]\s*\d[\d.,]*$")
"""``192 - 223``: the range a label spans (class ``C`` of IPv4), not the code a fence tag names."""


_PROMPT_ONLY_CODES = frozenset({"label-as-term", "question-id", "image-as-term", "code-tag"})
"""Junk codes about a candidate's front alone: what its text says is not judged by them."""


def _reject(candidate: Candidate, code: str, kept: Candidate, message: str) -> Skipped:
    return _Repeat(candidate.span, _plain_prompt(candidate)[:120], message, code, kept)


def _named_kept(
    proposed: Sequence[Candidate], final: Sequence[Candidate], rejected: dict[int, Skipped]
) -> list[Skipped]:
    """The rejections as ``inspect --explain`` shows them, each that names the card kept instead
    saying its line. A rule later in the pass may reject that card too (a ``duplicate-term`` of a
    term that ``near-duplicate`` then finds repeated): the line named is then the card it repeats,
    followed to the end, never a candidate that made no card itself. ``proposed`` and ``final``:
    the candidates as proposed and as the pass left them (a trimmed one is a new object)."""
    position = {id(candidate): index for candidates in (proposed, final) for index, candidate in enumerate(candidates)}
    shown: list[Skipped] = []
    for skipped in rejected.values():
        if not isinstance(skipped, _Repeat) or skipped.kept is None:
            # a plain Skipped, never the pass's own subclass: a worker's result and a cache entry
            # are unpickled naming only ankigen.model's classes (see ankigen.cache)
            shown.append(Skipped(skipped.span, skipped.text, skipped.reason, skipped.code))
            continue
        kept = skipped.kept
        seen: set[int] = set()
        while (index := position.get(id(kept))) is not None and index not in seen:
            seen.add(index)
            further = rejected.get(index)
            if not isinstance(further, _Repeat) or further.kept is None:
                break  # a card, or a candidate rejected for what it is: the line it names stands
            kept = further.kept
        reason = f"{_said_of_kept(skipped.reason, skipped.span.line, kept.span.line)} (kept: line {kept.span.line})"
        shown.append(Skipped(skipped.span, skipped.text, reason, skipped.code))
    return shown


def _said_of_kept(reason: str, line: int, kept: int) -> str:
    """``reason`` with its "earlier card" said as it lies in the notes: a card kept from the same
    line is not an earlier one (a definition and a cloze of one bullet), nor is one from a later line."""
    if kept == line and reason.startswith("an earlier card"):
        return "the card made from the same line" + reason[len("an earlier card") :]
    if kept > line and reason.startswith("an earlier card"):
        return "a card further down" + reason[len("an earlier card") :]
    return reason


def _same_source(records: Sequence[_Seen], indexes: Iterable[int], rejected: dict[int, Skipped]) -> None:
    """Candidates made from one block or item: the same fact twice, or a cloze of the definition's term."""
    seen: dict[tuple[NoteKind, str], Candidate] = {}
    definitions: list[Candidate] = []
    for index in indexes:
        record = records[index]
        candidate = record.candidate
        identity = (candidate.kind, record.key)
        first = seen.get(identity)
        if first is not None and first.span.line == candidate.span.line:
            rejected[index] = _reject(candidate, "duplicate", first, "the same note was already made from this text")
            continue
        seen.setdefault(identity, candidate)
        if candidate.kind == NoteKind.DEFINITION:
            definitions.append(candidate)
            continue
        if candidate.kind == NoteKind.CLOZE:
            answers = {part for part in record.key.split("\x1f") if part}
            for definition in definitions:
                term = normalise_key(definition.term or definition.prompt)
                if answers and answers <= {term}:
                    message = "this cloze only hides the term that the definition of the same text asks for"
                    rejected[index] = _reject(candidate, "same-fact", definition, message)
                    break


_CHILD_KINDS = (
    "a card of its own",
    "asked already by an earlier card",
    "left out for the reason its own line gives",
)
"""What a child bullet of a ``repeats-children`` parent is, in the order a reason says them."""


def _repeated_children(
    candidates: Sequence[Candidate],
    by_source: dict[int, list[int]],
    rejected: dict[int, Skipped],
    again: dict[int, int] | None = None,
) -> None:
    """A definition of a bullet made only of its child bullets, each of which is a card itself, or
    asks again what a card elsewhere asks (``again``: a near-duplicate's index -> the kept card's;
    ``役割の違い:`` over one line per service, each service defined above)."""
    for index, candidate in enumerate(candidates):
        item = candidate.source
        if index in rejected or candidate.kind != NoteKind.DEFINITION or not isinstance(item, ListItem):
            continue
        if item.inlines and candidate.answer and not _answer_is_children(candidate, item):
            continue
        children = [child for sublist in item.sublists for child in sublist.items]
        if not children:
            continue
        carded = [_covered(by_source.get(id(child), ()), rejected) for child in children]
        if all(carded):
            kept_index = next(
                (other for child in children for other in by_source.get(id(child), ()) if other not in rejected), None
            )
            if kept_index is None:
                # a child asked again elsewhere: the card it repeats asks it (the child itself when
                # that card is this very parent: it is put back below and asks it)
                kept_index = next(
                    (
                        other if (again or {})[other] == index else (again or {})[other]
                        for child in children
                        for other in by_source.get(id(child), ())
                        if other in (again or {})
                    ),
                    None,
                )
            if kept_index is None:
                if all(_restating(by_source.get(id(child), ()), rejected) for child in children):
                    # ``ネットワーク構成`` over ``サブネット : コンテナを配置するサブネット`` …: the list is
                    # as empty as each of its items
                    message = "its answer only lists its child bullets, and each of them only restates its own term"
                    rejected[index] = Skipped(
                        candidate.span, _plain_prompt(candidate)[:120], message, "restates-prompt"
                    )
                continue  # no child is a card: the parent is the only card of this content
            kept = candidates[kept_index]
            # a child put aside as a repeat of this very parent (``イベント :`` over ``イベント : …``)
            # is the card that asks it now: without this, each would leave in favour of the other
            for child in children:
                for other in by_source.get(id(child), ()):
                    if again is not None and again.get(other) == index and other in rejected:
                        del rejected[other]
                        del again[other]
            # said as it is: a child with a card of its own, one a card elsewhere asks already, or one
            # left out as junk (its own explain line says why)
            kinds: set[int] = set()
            for child in children:
                others = by_source.get(id(child), ())
                if any(other not in rejected for other in others):
                    kinds.add(0)
                elif any(other in (again or {}) for other in others):
                    kinds.add(1)
                else:
                    kinds.add(2)
            said = [_CHILD_KINDS[kind] for kind in sorted(kinds)]
            said_all = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} or {said[-1]}"
            message = f"its answer only lists its child bullets, and each of them is {said_all}"
            rejected[index] = _reject(candidate, "repeats-children", kept, message)


# A child rejected for one of these is covered: it is junk or carded elsewhere, so a parent that only
# lists it repeats nothing worth a card of its own.
_COVERED_CODES = frozenset(
    {
        "duplicate",
        "duplicate-term",
        "same-fact",
        "same-sentence",
        "near-duplicate",
        "exam-row-asked",
        "question-id",
        "code-tag",
        "image-as-term",
        "label-as-term",
        "example-value",
        "restates-prompt",
        "diary",
        "procedure-step",
        "title-only",
    }
)


def _restating(indexes: Iterable[int], rejected: dict[int, Skipped]) -> bool:
    """Whether a child item's every candidate was rejected for only restating its term."""
    indexes = tuple(indexes)
    return bool(indexes) and all(index in rejected and rejected[index].code == "restates-prompt" for index in indexes)


def _names_same_instance(term: str, answer: str) -> bool:
    """``Endpoint Service (A)`` -> ``the service of VPC A``: a term that ends with an instance letter
    whose answer names another thing by the same letter describes an example scenario."""
    match = EXAMPLE_INSTANCE.match(term)
    letter = match and (match.group("letter") or match.group("joined") or match.group("bracketed"))
    return bool(letter) and re.search(rf"(?<![A-Za-z]){letter}(?![A-Za-z])", answer) is not None


def _covered(indexes: Iterable[int], rejected: dict[int, Skipped]) -> bool:
    """Whether a child item is a card, or was rejected as junk or as a copy of another card."""
    indexes = tuple(indexes)
    if any(index not in rejected for index in indexes):
        return True
    return bool(indexes) and all(rejected[index].code in _COVERED_CODES for index in indexes)


def _carded_children_out_of_details(
    candidates: Sequence[Candidate],
    by_source: dict[int, list[int]],
    rejected: dict[int, Skipped],
    trimmed: list[Skipped],
) -> list[Candidate]:
    """A definition's Details made of its child bullets lose the children that are cards of their
    own (``Lambda@Edge`` over four bold trigger definitions, a topic's 試験ポイント that is a cloze):
    the back then asks the parent's own fact, and each child is asked once, on its own card. A child
    bullet that is only a label over children that all left goes too. Each removal is listed."""
    out = list(candidates)
    for index, candidate in enumerate(candidates):
        item = candidate.source
        if index in rejected or candidate.kind != NoteKind.DEFINITION or not isinstance(item, ListItem):
            continue
        details = candidate.note.get("Details", "")
        if not item.sublists:
            continue
        carded = _carded_descendants(item, by_source, rejected, index)
        gapped = _gapped_children(candidates, item, by_source, rejected, index) if details else set()
        carded |= gapped
        if not carded:
            continue
        if not details:
            # a label whose answer is its list (``- その他の機能`` over three points): a point that is
            # a card of its own leaves the list the back recites (the rest of the list stays)
            out[index] = _carded_out_of_answer(candidate, item, carded, trimmed) or candidate
            continue
        children = tuple(child for sublist in item.sublists for child in sublist.items)
        rest = ListBlock(item.span, False, children[1:])
        if details == children_html(item):
            kept = _children_html_without(item, carded)
        elif len(children) > 1 and details == block_html(rest):
            # the first child says what the term is (the answer), the others are its Details
            kept = _children_html_without(ListItem(item.span, (), (rest,)), carded)
        else:
            kept = _labelled_parts_without(details, item, carded)
        if kept == details:
            continue
        removed = sum(1 for child in _descendants(item) if id(child) in carded)
        message = (
            f"{removed} child bullet(s) left the Details: each is a card of its own, so the back "
            "asks only this term's own fact"
        )
        if gapped:
            # ``セキュリティ: …`` over seven principles, a cloze of the same item asking each of them
            message += f" ({len(gapped)} asked as the gaps of a cloze of the same item)"
        trimmed.append(Skipped(candidate.span, _plain_prompt(candidate)[:120], message, "children-carded"))
        out[index] = Candidate(
            _with_fields(candidate.note, {"Details": kept}), candidate.extractor, candidate.source, candidate.term
        )
    return out


def _gapped_children(
    candidates: Sequence[Candidate],
    item: ListItem,
    by_source: dict[int, list[int]],
    rejected: dict[int, Skipped],
    own: int,
) -> set[int]:
    """The ids of the item's child bullets that a kept cloze made from the same item (or its list) asks whole, one
    gap each (a pillar's principles under its definition, the cloze of that item gapping every
    principle): in the definition's Details they would recite what that cloze asks item by item."""
    gaps: set[str] = set()
    # the cloze is made from the item or from its nested list (``point-lists``)
    for other in (index for source in (item, *item.sublists) for index in by_source.get(id(source), ())):
        if other == own or other in rejected or candidates[other].kind != NoteKind.CLOZE:
            continue
        text = candidates[other].note.get("Text", "")
        answers = [" ".join(_plain(answer).split()) for answer in _GAP.findall(text)]
        if _clause_items(text, answers) or _long_items(text, answers) or _predicate_items(text, answers):
            continue  # :func:`clause_lists` takes that cloze out later (``gap-too-long``): it asks nothing
        gaps.update("".join(answer.split()) for answer in answers)
    if not gaps:
        return set()
    children = [child for sublist in item.sublists for child in sublist.items]
    asked = {id(child) for child in children if examples_only(child) and "".join(_plain(child.html).split()) in gaps}
    # one bullet matching a gap is no list the cloze asks (``保持期間`` among three parameters the
    # cloze asks by shorter names): the Details stay whole rather than lose one line of three
    return asked if len(asked) >= 2 else set()


def _carded_out_of_answer(
    candidate: Candidate, item: ListItem, carded: set[int], trimmed: list[Skipped]
) -> Candidate | None:
    """The candidate whose answer is the item's child bullets, without the children that are cards
    of their own; ``None`` when its answer is text of its own, or fewer than two points would stay
    (a list of one is no longer the list the label names: ``repeats-children`` or the card as it
    is speaks for it)."""
    answer = candidate.note.get("Definition", "")
    if answer != children_html(item):
        return None
    children = [child for sublist in item.sublists for child in sublist.items]
    left = [child for child in children if id(child) not in carded]
    if len(left) < 2 or len(left) == len(children):
        return None
    removed = len(children) - len(left)
    listed = first_items(answer)
    head_count = 2 if listed is not None and len(children) > 1 and f"<li>{children[1].html}" in listed[0] else 1
    if (
        listed is not None
        and not children[0].sublists
        and not any(id(child) in carded for child in children[:head_count])
    ):
        # a term whose first point says what it is, the others its Details (recital.first_items): the
        # back keeps that point, and only the Details lose the points asked on cards of their own
        ordered = item.sublists[0].ordered
        rest = ListItem(item.span, (), (ListBlock(item.span, ordered, tuple(children[head_count:])),))
        message = (
            f"{removed} child bullet(s) left the Details: each is a card of its own, so the back "
            "asks only this term's own fact"
        )
        trimmed.append(Skipped(candidate.span, _plain_prompt(candidate)[:120], message, "children-carded"))
        return Candidate(
            _with_fields(candidate.note, {"Definition": listed[0], "Details": _children_html_without(rest, carded)}),
            candidate.extractor,
            candidate.source,
            candidate.term,
        )
    kept = _children_html_without(item, carded)
    if not _plain(kept) or kept == answer:
        return None
    message = (
        f"{removed} child bullet(s) left the list this card asks: each is a card of its own, so the "
        "back lists only the points asked nowhere else"
    )
    trimmed.append(Skipped(candidate.span, _plain_prompt(candidate)[:120], message, "children-carded"))
    return Candidate(
        _with_fields(candidate.note, {"Definition": kept}), candidate.extractor, candidate.source, candidate.term
    )


def _descendants(item: ListItem) -> list[ListItem]:
    found: list[ListItem] = []
    for sublist in item.sublists:
        for child in sublist.items:
            found.append(child)
            found.extend(_descendants(child))
    return found


def _carded_descendants(
    item: ListItem, by_source: dict[int, list[int]], rejected: dict[int, Skipped], own: int
) -> set[int]:
    """The ids of the item's nested items that some kept candidate (not ``own``) was made from."""
    return {
        id(child)
        for child in _descendants(item)
        if any(other != own and other not in rejected for other in by_source.get(id(child), ()))
    }


def _children_html_without(item: ListItem, carded: set[int]) -> str:
    """``children_html(item)`` without the carded items (with what is nested under them), and
    without an item that had children of its own and has none left (a label over them)."""
    parts: list[str] = []
    for child in item.children:
        if not isinstance(child, ListBlock):
            parts.append(block_html(child))
            continue
        rows: list[str] = []
        split = split_definition(item.inlines)
        own = fold(clean_term(split[0] if split is not None else item.text))
        names: list[str] = []  # the terms of the carded items before, folded
        follows = False  # the item before was about a carded sibling: an image after it goes with it
        for sub in child.items:
            if id(sub) in carded:
                split = split_definition(sub.inlines)
                names.extend([fold(BRACKETED_TAIL.sub("", clean_term(split[0])))] if split is not None else [])
                follows = False
                continue
            if (follows and image_only(sub.inlines)) or _about_carded(sub, names, own):
                follows = True  # ``- 検査セットは…`` after ``- 検査セット: …``: that card's context, not this one's
                continue
            follows = False
            inner = _children_html_without(sub, carded)
            if sub.sublists and not _plain(inner):
                continue
            if _label_over_carded(sub, carded):
                continue
            rows.append(f"<li>{sub.html}{inner}</li>")
        if rows:
            tag = "ol" if child.ordered else "ul"
            parts.append(f"<{tag}>{''.join(rows)}</{tag}>")
    return "".join(parts)


_TOPIC_OPENING = lazy_compile(r"^(?P<name>[^\s、。,.:：]{2,24}?)\s*(?:は|では)(?![\u3040-\u309f])")


def _about_carded(item: ListItem, names: list[str], own: str) -> bool:
    """Whether a bullet opens on a name that an earlier sibling, a card of its own, is about
    (``- 検査セットは…`` after ``- Acme 検査セット: …``): a fact of that card, not of the parent's
    (``own``, its term folded: a bullet naming it stays)."""
    opening = _TOPIC_OPENING.match(item.text.strip())
    if opening is None or not names:
        return False
    name = fold(opening.group("name"))
    if name in own:
        return False
    return any(name in term and len(name) * 3 >= len(term) - 4 for term in names)


def _label_over_carded(item: ListItem, carded: set[int]) -> bool:
    """Whether the item is a bare label (``- 評価の指標`` with no text after a colon) over a list
    whose items are cards of their own but one: that orphan is no longer the list the label names,
    so neither the label nor the orphan is context for the parent's card (the coverage pass lists
    the orphan as left off)."""
    if not item.sublists or any(mark in item.text for mark in (":", "：")):
        return False
    children = [child for sublist in item.sublists for child in sublist.items]
    left = [child for child in children if id(child) not in carded]
    return len(left) <= 1 < len(children)


_LABELLED_PART = lazy_compile(r"<dt>((?:(?!</dt>).)*)</dt><dd>((?:(?!</dd>).)*)</dd>", re.DOTALL)


def _labelled_parts_without(details: str, item: ListItem, carded: set[int]) -> str:
    """A topic's ``<dl>`` of labelled parts without the parts whose child bullet is a card."""
    texts = ["".join(child.text.split()) for child in _descendants(item) if id(child) in carded]

    def keep(match: re.Match[str]) -> str:  # compared without spaces: a tag reads as a space in _plain
        label, body = ("".join(_plain(match.group(part)).split()) for part in (1, 2))
        if any(text.startswith(label) and body and body in text for text in texts):
            return ""
        return match.group(0)

    kept = _LABELLED_PART.sub(keep, details)
    return "" if re.fullmatch(r"\s*<dl>\s*</dl>\s*", kept) else kept


def _answer_is_children(candidate: Candidate, item: ListItem) -> bool:
    """Whether the definition's answer is the item's nested lists (not a text of its own)."""
    return candidate.answer.lstrip().startswith(("<ul>", "<ol>")) and not candidate.note.get("Details")


# ------------------------------------------------------------------------------------------------
# plain text of fields
# ------------------------------------------------------------------------------------------------


_plain = plain_html


def _with_fields(note: Note, updates: dict[str, str]) -> Note:
    return replace(note, fields=tuple((name, updates.get(name, value)) for name, value in note.fields))


# ------------------------------------------------------------------------------------------------
# junk: judged on each candidate alone
# ------------------------------------------------------------------------------------------------


_PAIR = lazy_compile(r"^([^と、。\s]{2,15})\s*と\s*([^と、。\s]{2,15})$")


def _one_of_pair(term: str, answer: str) -> str:
    """The one thing of two a front joins with と (``静的コンテンツと静的Webサイト``) that its back opens by
    saying what it is (``静的コンテンツは、…``): the back answers half the front; '' otherwise."""
    pair = _PAIR.match(term.strip())
    if pair is None:
        return ""
    opening = answer.strip()
    for half in pair.groups():
        if opening.startswith((f"{half}は", f"{half}とは", f"{half} は")):
            return half
    return ""


_SLASH = lazy_compile(r"\s+/\s+")


def _slash_names(term: str) -> tuple[str, ...]:
    """``EC2 / ECS / AutoScaling``, ``コンソール / CLI / SDK``: three or more names a front joins with a
    spaced ``/`` (the front's own part, not its parent's), a group no back says what it is. Two names
    (``TCP / IP``, ``Image Builder / ゴールデンイメージ``) are one thing or a name and its other name."""
    own = term.rpartition(" › ")[2]
    parts = tuple(part.strip() for part in _SLASH.split(own))
    return parts if len(parts) >= 3 and all(parts) else ()


_ABOUT_ALL = lazy_compile(r"いずれも|どれも|すべて|全て|共通|\b(?:all|each|both|these|they)\b", re.IGNORECASE)
"""An answer about every name a front joins (``いずれも…``, ``all of them …``): one fact of the group."""

_USE_CASE_HEADING = lazy_compile(r"(?:ユースケース|use\s*cases?|用途|活用例)\s*[:：]?\s*$", re.IGNORECASE)
_SUBJECT_OPENING = lazy_compile(r"^\s*(?P<subject>[^、。はが\s][^、。は]{1,24}?)\s*(?:は|が)")


_CAPABILITY_END = lazy_compile(r"(?:可能|できる|できます|可能です|可能である)[。.]?$")


_STATED_FACT = lazy_compile(r"[^\s›]\s*[がは]\s*(?:不要|必要|可能|不可|できる|できない|ない|ある)\s*[:：]?$")
"""A front that is a statement, a predicate after its subject (``暖機運転申請が不要``, ``変更が可能``), not
a term."""
_OTHER_TOPIC = lazy_compile(r"^\s*(?P<name>[A-Za-z][A-Za-z0-9 ._/-]{1,30}?)\s*(?:では|の場合は|は)")


def _stated_fact_about_other(term: str, answer: str) -> str:
    """``暖機運転 (Pre-Warming) 申請が不要`` -> ``ALBでは…事前に申請が必要``: a front that states a fact
    (:data:`_STATED_FACT`) whose answer opens on another name as its topic, so the back says how that
    other thing differs, not what the front asks: the other name; '' otherwise."""
    own = term.rpartition(" › ")[2].strip()
    if not _STATED_FACT.search(own):
        return ""
    opening = _OTHER_TOPIC.match(" ".join(_plain(answer).split()))
    if opening is None:
        return ""
    name = opening["name"].strip()
    return "" if fold(name) in fold(term) else name


def _use_case_reason(term: str, answer: str, context: str) -> str:
    """``Amazon S3のユースケース`` › ``バックアップとストレージ`` -> ``Amazon S3は冗長性が高い``: a use
    case a heading lists whose answer opens on the heading's own subject (not the use case), so it
    says why that subject suits the use, not what the use is: the name of that subject; '' otherwise.
    So does an answer that only says what the subject can do, with no figure (``静的コンテンツ`` ->
    ``ウェブ上で任意のオブジェクトにいつでもアクセス可能``): the heading's subject, named before
    ``のユースケース``."""
    heading = _plain(context.rpartition(" › ")[2])
    if not _USE_CASE_HEADING.search(heading):
        return ""
    phrase = " ".join(_plain(answer).split())
    owner = _USE_CASE_HEADING.sub("", heading).strip().removesuffix("の").strip()
    if owner and _CAPABILITY_END.search(phrase) and not any(char.isdigit() for char in phrase):
        # ``静的コンテンツ`` -> ``ウェブ上で任意のオブジェクトにいつでもアクセス可能``: what the heading's
        # subject can do, which makes it fit the use, not what the use is (a figure would be a fact)
        return owner
    opening = _SUBJECT_OPENING.match(phrase)
    if opening is None:
        return ""
    subject = opening["subject"].strip()
    own = term.rpartition(" › ")[2]
    if subject in own or own in subject or fold(subject) not in fold(_plain(context)):
        return ""
    return subject


_GARBLE_MARK = lazy_compile(
    r"(?:[のをがにと]|および|または)\s+(?:および|または|[をがにの])(?=[\s、。]|$)|[ぁ-ん]\s+[、。]"
)
"""A place where words are missing: two function words with only a space between (``組織内の および``,
``、および を設定``) or a verb's ending cut off by a space from its comma (``する 、``)."""
MIN_GARBLE_MARKS = 2


def _garbled(text: str) -> bool:
    """Whether Japanese text has :data:`MIN_GARBLE_MARKS` or more places where words are missing
    (:data:`_GARBLE_MARK`): a scrambled machine translation, which no card can ask as written."""
    plain = " ".join(_plain(text).split())
    return has_cjk(plain) and len(_GARBLE_MARK.findall(plain)) >= MIN_GARBLE_MARKS


# A course outline's fields (``**Weightage:** 13%``, ``- **XP:** 1200``, ``- **Level:** Beginner``) and
# the bare values they hold: a module's or an exam domain's metadata, not facts about the topic.
_COURSE_FIELDS = frozenset({"weightage", "weighting", "exam weight", "exam weighting", "xp", "level", "difficulty"})
_COURSE_VALUE = lazy_compile(r"^\s*(?:~?\d{1,4}(?:\.\d+)?\s*(?:%|xp)?|beginner|intermediate|advanced|expert)\s*$", re.I)
_LEVEL_FIELDS = frozenset({"level", "difficulty"})


def _course_field(label: str, answer: str) -> bool:
    """Whether ``label`` → ``answer`` is a course outline's field (``Weightage`` → ``13%``, ``XP`` →
    ``1200``, ``Level`` → ``Beginner``); a level is one only when its value is a learner's level, as a
    number may be a real level (``RAID › Level`` → 5)."""
    folded = fold(label).strip(" :：_*")
    if folded not in _COURSE_FIELDS or not _COURSE_VALUE.match(answer):
        return False
    return folded not in _LEVEL_FIELDS or not any(char.isdigit() for char in answer)


# Fronts that only point back at something named before them (``**Why use them:** …`` → ``them``).
_PRONOUN_TERMS = frozenset({"it", "its", "them", "they", "this", "these", "those", "that"})
_POINTING_TERM = lazy_compile(
    r"^(?:この|その(?!他|ほか)|上記の?|前述の|前記の)[^。、]{1,20}(?:ポイント|注意点|手順|流れ|特徴|違い|場合)$"
)
"""A label that points back at what came before it (``このフェーズでのポイント``, ``その場合``)."""
# A front that numbers a practice question before its topic (``Q3 Guest OS Scanning``, ``Question 2: …``).
_NUMBERED_QUESTION = lazy_compile(r"^(?:q|question)\s*#?\s*\d{1,3}[.:)]?\s+\S", re.IGNORECASE)
_ASKS = lazy_compile(r"\?(?:\s|$)")


def _practice_question(term: str, answer: str, details: str) -> bool:
    """Whether a definition is a numbered practice question (``Q7 Privacy by Design``) answered by the
    question's own scenario (``A company plans … Which action comes FIRST?``): the back asks, it does
    not answer, and the topic in the front is not always the answer, so the card teaches nothing."""
    if not _NUMBERED_QUESTION.match(term.strip()):
        return False
    return bool(_ASKS.search(answer) or _ASKS.search(_plain(details)))


def _reference_label(candidate: Candidate) -> str:
    """The label (``【参照】``, ``参考:``) that opens the paragraph a definition comes from, when the
    definition is a later line of it (a page's title and site, ``S3 オブジェクトロックの仕組み - Amazon
    Simple Storage Service``, listed under the label: not a term and its meaning) or the label itself
    over the pages' titles and URLs. Empty otherwise."""
    source = candidate.source
    if not isinstance(source, Paragraph):
        return ""
    first = source.text.strip().split("\n", 1)[0].strip().rstrip(":：")
    if not first or fold(clean_term(first)) not in _REFERENCE_LABELS:
        return ""
    if candidate.span.line > source.span.line:
        return first  # a page's title on a line under the label
    # the label itself as the term, the pages under it (a title and its URL) as the answer
    return first if "http" in source.text and fold(clean_term(candidate.term)) in _REFERENCE_LABELS else ""


_REFERENCE_LABELS = frozenset({"参照", "参照先", "参考", "参考文献", "参考資料", "参考情報", "出典"})

_REFERENCE_NAME = (
    r"(?:参考|参照|引用|出典)(?:サイト|記事|文献|資料|情報|url|リンク|元|先|ページ|動画)?"
    r"\s*(?:[0-9０-９]{1,2}|その[0-9０-９一二三四五])?"
)
_REFERENCE_TERM = lazy_compile(rf"^{_REFERENCE_NAME}$")
_REFERENCE_OPENING = lazy_compile(rf"^{_REFERENCE_NAME}\s*[:：]")


def _cited_page(candidate: Candidate, term: str) -> str:
    """The label (``引用``, ``参考サイト2``, ``参考1``) of a line that only cites a page to read, when a
    definition was made from it: the label itself as the term (``引用`` → the linked page's title), or
    a term that opens with the label and its colon (``引用: 【図で理解】ロードバランサー`` → ``？負荷分散の
    仕組みを解説``, a とは inside the page's title read as a definition). The line holds a link or a URL;
    what it names is a page's title, not a term and its meaning. Empty otherwise."""
    source = candidate.source
    if not isinstance(source, (Paragraph, ListItem)):
        return ""
    if "http" not in source.text and not any(part.kind == "link" for part in source.inlines):
        return ""
    last = fold(term.rpartition(" › ")[2].strip())
    if _REFERENCE_TERM.match(last):
        return term.rpartition(" › ")[2].strip()
    opening = _REFERENCE_OPENING.match(last)
    return opening.group().rstrip(" :：") if opening else ""


def _junk(record: _Seen, has_subject: Callable[[Candidate], bool]) -> tuple[str, str] | None:
    """The reason code and message if the candidate is junk on its own, else None."""
    candidate = record.candidate
    term = record.term
    answer = record.answer
    definition = candidate.kind == NoteKind.DEFINITION
    if candidate.kind in (NoteKind.CLOZE, NoteKind.DEFINITION) and _garbled(
        record.prompt if candidate.kind == NoteKind.CLOZE else answer
    ):
        return "garbled-text", (
            "the text has words missing: function words follow one another with nothing between them "
            "(の および, および を, する 、), as in a garbled machine translation; it cannot be learned as written, "
            "no card (rewrite the sentence to get one)"
        )
    if candidate.kind == NoteKind.CLOZE:
        text = record.prompt
        if fold(text).startswith(DIARY_OPENINGS):
            return "diary", "a diary remark about studying, not a fact; no card"
        if _EXAMPLE_LABEL_OPENING.match(plain_html(text)):
            return "not-what-it-is", (
                "the sentence opens on the label 'Example:': it tells one case of its subject (one of many "
                "right answers), not what the subject is; no card"
            )
        plain = plain_html(_CLOZE_GAP.sub(r"\1", text))
        if _memo_step(plain) or _lab_narration(plain):
            return "procedure-step", (
                "the sentence is a step of a lab or hands-on memo (a click or a path through screens, a form to "
                "fill, a file moved, what the writer's own setup was given), not a fact; no card"
            )
        if _step_sentence(plain) and (
            not has_cjk(plain) or ("<code>" not in candidate.note.prompt and not _MEANS_GAP.search(text))
        ):
            return "procedure-step", (
                "the sentence is a step of a lab or tutorial (an instruction to click or go somewhere, or what "
                "the writer does or did), not a fact; no card"
            )
        if _unresolved_back_reference(text):
            return "unresolved-referent", (
                "the sentence points back at two things named before it (両者, 前者, the latter), which the "
                "card does not show; name them in the sentence to get a card"
            )
        pointer = _notes_pointer(text)
        if pointer:
            return "unresolved-referent", (
                f"the sentence points at '{pointer}' (a part of the notes or the writer's own case), which the "
                "card does not show; say what it is in the sentence to get a card"
            )
        pointer = _example_pointer(text, record.fields.get("Details", ""))
        if pointer:
            return "unresolved-referent", (
                f"the sentence points at '{pointer}' of an example that only the Details under its answer tell, "
                "so the front cannot be answered alone; say what they are in the sentence to get a card"
            )
        if _glossed_gap(candidate.prompt):
            return "alias-only", (
                "the cloze hides, in brackets, the English name of the words just before it "
                "(`ロールを引き受けた（[...]した）`), so the front gives its answer away as a translation; "
                "write what the name is or does as its own line (`- **Name**: …`) to get a card"
            )
        if _alias_only(candidate.prompt):
            return "alias-only", (
                "the cloze hides a name beside its other name (an expansion or a translation) that gives it "
                "away; write what it is or does (`- **Name** (Other name): …`) to get a card"
            )
        if _walkthrough(candidate.source):
            return "walkthrough-sentence", (
                "the sentence stands in a walkthrough that asks the reader to do something (…してください, "
                "please …): it tells what happens in the writer's own demo, not a fact to learn; no card"
            )
        return _poor_gaps(candidate.prompt)
    if candidate.kind in (NoteKind.BASIC, NoteKind.DEFINITION) and (
        _FIRST_PERSON_CLAUSE.search(term.rstrip(" :：") + ":") or _lab_narration(term)
    ):
        return "diary", (
            f"the front '{excerpt(term)}' tells what the writer did in a lab (I used:, … were configured as), "
            "not a question about a fact; no card"
        )
    if candidate.kind not in (NoteKind.DEFINITION, NoteKind.COMPARISON):
        return None
    if definition and _setup_checklist(term, answer, candidate.source):
        return "children-only-names", (
            f"'{term.rpartition(' › ')[2].strip()}' heads what the writer had set up before the steps (a tool "
            "installed, a profile or key configured): the lab's checklist, not a fact about a term; no card "
            "(write what it requires as `- **Term**: explanation` to get a card)"
        )
    folded = fold(term)
    if QUESTION_ID.match(folded) or QUESTION_ID.match(term):
        return "question-id", f"'{term}' is a question id, not a term; write the term the question is about"
    cited = _cited_page(candidate, term)
    if cited:
        return "link-only", (
            f"a line that cites a page to read ('{cited}:' and a link), so '{excerpt(term)}' → the page's title "
            "is no term and its meaning; no card"
        )
    label = _reference_label(candidate)
    if label:
        return "non-study-section", (
            f"a line under '{label}', a label for references to read (参照, 参考, 出典), so '{term}' is the "
            "title of a page it points to, not a term; no card"
        )
    if NUMBERED_LABEL.match(term.strip(" :：")):
        return "question-id", f"'{term}' numbers a scenario or an example, not a term; write the term it shows"
    if definition and _POINTING_TERM.match(term.rpartition(" › ")[2].strip()):
        return "unresolved-referent", (
            f"the front '{term.rpartition(' › ')[2].strip()}' opens on a word that points back (この, その, 上記の) "
            "at a step or a thing named before it, which the card does not show; name it in the label to get a card"
        )
    if definition and fold(term.rpartition(" › ")[2].strip()) in _PRONOUN_TERMS:
        return "unresolved-referent", (
            f"the front is only '{term.rpartition(' › ')[2].strip()}', a word that points back at things named "
            "before it (**Why use them:** under a heading), which the card does not show; name them in the "
            "label (`Why use honeypots:`) to get a card"
        )
    if definition and _course_field(term.rpartition(" › ")[2], answer):
        return "label-as-term", (
            f"'{term.rpartition(' › ')[2].strip()}' → '{answer.strip()}' is a field of the course or exam outline "
            "(its weight in the exam, a module's level or XP), not a fact about the topic; no card"
        )
    if _practice_question(term, answer, record.fields.get("Details", "")):
        return "question-id", (
            f"'{term}' numbers a practice question and its text is the question itself, with no answer given "
            "(its topic may or may not be the answer); write the answer under it to get a card"
        )
    connective = connective_front(term)
    if connective is not None:
        return connective.code, connective.message
    listed = _is_label(folded) or _qualified_label(folded) or aspect_label(term.rpartition(" › ")[2])
    unasked = unasked_label(term, listed, lambda: has_subject(candidate))
    if unasked is not None:
        return unasked.code, unasked.message
    if definition and _choice_label(term, answer):
        label = term.rpartition(" › ")[2]
        return "label-as-term", (
            f"'{label}' → '{answer}' only names the product the notes use for their topic, not a fact about "
            "it; write what it is or does (`- **Name**: what it does`) to get a card"
        )
    if (
        definition
        and joins_topics(term)
        and not _CODE_ONLY.fullmatch(candidate.note.get("Definition", ""))  # ``Save and exit`` → ``Ctrl+X``: a task
    ):
        return "step-or-topic-title", (
            f"'{term}' joins two topics (the title of a section about both), not a term its text says what "
            "it is; no card for it (write the point as a statement with its term bolded for a cloze)"
        )
    half = _one_of_pair(term, answer) if definition else ""
    if half:
        return "step-or-topic-title", (
            f"'{term}' names two things and its text says what only '{half}' is; write `{half}: …` as a line "
            "of its own to get a card for it"
        )
    names = _slash_names(term) if definition else ()
    if names and not _ABOUT_ALL.search(answer):
        return "step-or-topic-title", (
            f"'{term}' joins {len(names)} names with '/', so the front asks no one thing and its back is a remark "
            "about the group; write one line per name (`- Name: what it does`) to get a card for each"
        )
    other = _stated_fact_about_other(term, answer) if definition else ""
    if other:
        return "not-what-it-is", (
            f"the front '{excerpt(term.rpartition(' › ')[2].strip())}' states a fact (a predicate, not a term) and "
            f"its answer '{excerpt(answer)}…' says how '{other}' differs, so the card asks nothing its back answers; "
            "write the point as a statement with its key phrase bolded for a cloze to get a card"
        )
    reason_of = _use_case_reason(term, answer, record.context) if definition else ""
    if reason_of:
        return "not-what-it-is", (
            f"'{term}' is a use case the heading lists, and its answer '{excerpt(answer)}…' says why '{reason_of}' "
            "fits it, not what the use case is; write the point as a statement with its key phrase bolded for a "
            "cloze to get a card"
        )
    if _image_source(candidate):
        return "image-as-term", "the front would be an image's alt text; attach the image to the card it illustrates"
    if candidate.kind == NoteKind.COMPARISON:
        if _marks_only(candidate.note.get("Attributes", "")):
            return "marks-only", f"the row of '{term}' holds only marks and references, no description; no card"
        values = _VALUE.findall(candidate.note.get("Attributes", ""))
        if len(values) == 1 and " › " not in term and _based_on_itself(term, _plain(values[0])):
            # a row ``クエリパラメータルーティング | クエリパラメータに基づいてルーティングを行う。 | 例…``
            return "restates-prompt", (
                f"the row's one cell '{_plain(values[0])[:60]}' only says '{term}' does what its name says, based on "
                "what its name says (its examples stay in the notes); write what sets it apart to get a card"
            )
        return None
    if folded in FENCE_LANGUAGES and not _prose(answer) and not _FIGURE_RANGE.match(answer):
        return "code-tag", f"'{term}' is a code fence's language tag, not a term; no card"
    if EXAMPLE_VALUE.match(term):
        return "example-value", f"'{term}' is an example value (an id), not a term; card the rule it follows instead"
    if _WALK_THROUGH.match(term):
        return "example-value", (
            f"'{excerpt(term)}' sets up an example to walk through (Suppose …), not a term: its steps are one "
            "example's, not an answer to recall; no card (state the rule the steps show for a card)"
        )
    words = answer.split()
    valued = bool(words) and BARE_VALUE.match(words[0]) is not None and any(ch.isdigit() for ch in words[0])
    if EXAMPLE_VALUE.match(answer) or (valued and len(words) <= 3 and EXAMPLE_INSTANCE.match(term)):
        return "example-value", f"'{answer}' is an example value, not a fact to learn; no card"
    if _names_same_instance(term, answer):
        return "example-value", f"'{term}' is one of a series of example instances (A, B, …), not a term; no card"
    folded_answer = fold(answer)
    if folded in DIARY_TERMS or folded_answer.startswith(DIARY_OPENINGS):
        return "diary", "a diary remark about studying, not a fact; no card"
    pointer = _unresolved_demonstrative(term, answer, record.context) if definition else ""
    if pointer:
        return "unresolved-referent", (
            f"the answer leans on '{pointer}', which points at something said before it that the card does not "
            f"show (its front '{term}' and its headings do not name it); say what it is in the sentence to get "
            "a card"
        )
    pointer = _notes_pointer(answer.strip().split("。", 1)[0]) if definition else ""
    if pointer:
        # ``トランジットゲートウェイ`` -> ``上記の様々なVPC間の接続を統合した…``: the lines above are not on the card
        return "unresolved-referent", (
            f"the answer leans on '{pointer}', which points at another part of the notes (the lines above it) "
            f"that the card does not show; say what they are in the sentence to get a card for '{term}'"
        )
    if definition and _EXAMPLE_ONLY.match(answer):
        # ``ブロックストレージ`` -> ``EBSなど``: one instance of the term, not what it is
        return "not-what-it-is", (
            f"the answer '{answer}' only names an example of '{term}' (…など), not what it is; write what it is "
            "(`- **Term**: what it is, e.g. …`) to get a card"
        )
    if definition and _PRIVATE_HOST.match(term.rpartition(" › ")[2].strip()):
        # ``10.0.0.1`` -> ``VPCローカルルータ``: one address of an example network, not the rule it shows
        return "example-value", (
            f"'{term.rpartition(' › ')[2].strip()}' is one address of an example network (a private host "
            "address), not a term; write the rule it shows (`the network's base + 1: the router`) to get a card"
        )
    if folded_answer.startswith(NOTES_REMARK_OPENINGS):
        return (
            "diary",
            "a remark about the notes themselves (where they come from), not a fact about the subject; no card",
        )
    name = _plain(candidate.note.get("Context", "").rpartition(" › ")[2])
    if _name_part(term, name):
        return "name-part", f"'{term}' is a part of the name '{name}' (where the name comes from), not a term; no card"
    if definition and pointer_only(candidate.note.get("Definition", "")):
        return "link-only", (
            f"the answer '{answer[:60]}' is only a reference (a link or a URL to read), not a fact to recall about "
            f"'{term}'; write what it is to get a card"
        )
    if _titles_only(term, answer):
        return "title-only", f"the answer '{answer[:60]}' only names a topic, it states no fact about '{term}'; no card"
    if definition and _EXERCISE_PROMPT.search(answer):
        return "not-what-it-is", (
            f"the answer asks the reader to explain or write something ('{excerpt(answer)}…'): an exercise "
            f"prompt, not what '{term}' is; its answer (often in the block below) is not asked"
        )
    if _is_step(folded_answer):
        return "procedure-step", "the answer is a step of a procedure (まず, 次に, then), not what the term is; no card"
    own_name = term.rpartition(" › ")[2].strip() if definition else ""  # (the lab checks below read it)
    if definition and _example_scenario(own_name, answer):
        return "not-what-it-is", (
            f"'{term}' asks for an example, and its answer '{excerpt(answer)}…' tells one made-up case (one of "
            "many right answers), not what the subject is; no card"
        )
    if definition and _TASK_LABEL.match(own_name):
        return "step-or-topic-title", (
            f"'{own_name}' numbers a task of a lab or a question of an exercise (Task 6.1, Step 3, クイズ1), the "
            "title of a step or a question, not a term; no card (fold the answer under the question as "
            "`<details><summary>回答</summary>…</details>` to get a card asking it)"
        )
    if definition and _NARRATIVE_LABEL.match(_bare_label(term.rpartition(" › ")[2])):
        return "diary", (
            f"'{term.rpartition(' › ')[2].strip()}' is a label of a lab report (its scenario, the problems the "
            "writer met), and its answer tells the writer's own story, not what a term is; no card"
        )
    if definition and _EXHORTATION_JA.search(term.rpartition(" › ")[2]):
        return "step-or-topic-title", (
            f"'{term.rpartition(' › ')[2].strip()}' urges the reader to do something (…してみよう, …しましょう): "
            "the title of a lab's step, not a term; no card"
        )
    if definition and _form_value(answer):
        return "example-value", (
            f"the answer '{excerpt(answer)}' is what the writer typed or chose in a form (any name, a choice "
            "made on screen, 'anything works'), not what the term is; no card"
        )
    if definition and (_log_line(answer) or _lab_narration(answer) or _memo_step(answer, polite=False)):
        return "diary", (
            f"the answer '{excerpt(answer)}…' is a line of a lab log: what the writer did (I started …, Entered "
            "…) or an instruction to the reader (…を入力してください), not what the term is; no card"
        )
    if definition and _narrated(answer):
        return "narrated-answer", (
            f"the answer '{excerpt(answer)}…' is the writer talking to the reader (Let's…, In summary…, "
            f"I…, You probably…, Hopefully…, Here is…), not what '{term.rpartition(' › ')[2].strip()}' is; "
            "no card (write what it is, `- **Term**: …`, to get one)"
        )
    if definition and _NARRATED_OPENING.match(term.rpartition(" › ")[2].strip()):
        return "narrated-answer", (
            f"the front '{excerpt(term.rpartition(' › ')[2].strip())}' is the writer talking to the reader (Let's…, "
            "I…, Here…), so the card asks no term; no card (write what it is, `- **Term**: …`, to get one)"
        )
    if definition and _STUDY_ADVICE.match(plain_html(answer).strip()):
        return "study-advice", (
            f"the answer '{excerpt(answer)}…' is a to-do for the learner (Start with…, Practice…, Set up and "
            f"test…), not what '{term.rpartition(' › ')[2].strip()}' is; no card (write what it is, "
            "`- **Term**: …`, to get one)"
        )
    if definition and _step_pair(own_name, answer):
        return "procedure-step", (
            f"'{own_name}' → '{excerpt(answer)}' is a step of an exercise or a procedure "
            "(each side an instruction: add …, commit …), not a term and what it is; no card"
        )
    if definition and _lab_step(own_name, answer):
        return "procedure-step", (
            f"the answer '{excerpt(answer)}…' is a step of a lab or tutorial (an instruction to click or go "
            f"somewhere, or what the writer does on '{own_name}'), not what the term "
            "is; no card (write what it is, `- **Term**: …`, to get one)"
        )
    if definition and EXAMPLE_OPENING.match(_after_own_subject(term, answer)):
        return "not-what-it-is", (
            f"the answer opens with an example ('{excerpt(answer)}…'), not what '{term}' is; write what it is "
            "first (`- **Term**: what it is`, the example after it) to get a card"
        )
    if definition and _WRONG_OPTION_LABEL.search(term):
        return "scenario", (
            f"'{term}' says why an option does not fit an exam question's requirement, which the card cannot "
            "show; write the fact it rests on with its own subject (`- **Term**: what it does`) to get a card"
        )
    if definition and EXAM_OPTIONS_CONTEXT.search(_plain(candidate.note.get("Context", ""))):
        return "scenario", (
            f"'{term}' is one of an exam question's answer options explained under a heading the card cannot "
            "show the question of; write the fact with its own subject (`- **Term**: what it is`) to get a card"
        )
    if definition and _chosen_when(term, answer):
        return "not-what-it-is", (
            f"the answer says when '{term}' is the choice ('{excerpt(answer)}…'), a condition with the term as its "
            "subject, not what it is; a front of its bare name cannot cue that condition. Write what it is "
            "(`- **Term**: what it is`), or bold the name in the sentence for a cloze"
        )
    if definition and SCENARIO_OPENING.match(answer):
        return "not-what-it-is", (
            f"the answer opens on an imagined case ('{excerpt(answer)}…'), what happens in one situation, not what "
            f"'{term}' is; write what it is first (`- **Term**: what it is`, the case after it) to get a card"
        )
    if definition and MEANING_ONLY.search(answer):
        return "not-what-it-is", (
            f"the answer '{excerpt(answer)}…' only says '{term}' means something different or several things, "
            f"not what it means; write what it is (`- **Term**: what it is`) to get a card"
        )
    if definition and _other_subject(term, answer):
        return "not-what-it-is", (
            f"the answer '{excerpt(answer)}…' is a remark about other things that mentions '{term}', not what "
            f"'{term}' is; write what it is (`- **Term**: what it is`) to get a card"
        )
    if definition and ADVICE_OPENING.match(answer) and len(term.split()) <= 2 and not _feature_use(term, answer):
        return "not-what-it-is", (
            f"the answer is advice ('{excerpt(answer)}…'), a tip the label '{term}' introduces, not what "
            f"'{term}' is; bold the key phrase of the tip for a cloze, or write what it is to get a card"
        )
    if definition and _asks_back(answer):
        return "not-what-it-is", (
            f"the answer '{excerpt(answer)}…' is a question the notes raise (it ends as one), not what '{term}' "
            "is; write the answer to it after the term to get a card"
        )
    if definition and _only_lead_in(candidate.answer):
        return "lead-in-only", (
            f"the answer '{answer[:60]}' only leads in to what follows it (a list, code or a figure the card "
            f"does not show), it states no fact about '{term}'; write what it is after the term to get a card"
        )
    other_topic = _other_topic_ja(term, answer) if definition else ""
    if other_topic:
        return "not-what-it-is", (
            f"the answer '{excerpt(answer)}…' opens on a fact about '{other_topic}' (its own topic, before は), "
            f"which the bare name '{term.rpartition(' › ')[2].strip()}' on the front cannot cue, not what the "
            "name is; write the point as a statement with its key phrase bolded for a cloze to get a card"
        )
    if definition and _used_as_means(term, answer):
        return "not-what-it-is", (
            f"the answer says what another thing gains by '{term}', not what '{term}' is; write what it is "
            "(`- **Term**: what it is`) to get a card"
        )
    if (
        answer
        and _restates(f"{term} {name}", folded_answer)
        and not candidate.note.get("Details")
        and not _lookup(candidate)
        and not (_how_made(answer, candidate.note.get("Definition", "")) and not _restates(term, folded_answer))
    ):
        # ``version`` under ``buildspec.yml``: ``buildspec の version 指定`` says only the term and its subject
        return "restates-prompt", f"the answer '{answer[:60]}' only restates '{term}'; write what it is or does"
    if (
        answer
        and not candidate.note.get("Details")
        and not _lookup(candidate)
        and not _BLOCK_ANSWER.search(candidate.answer)
        and "<br" not in candidate.answer
        and _circular(term, answer)
    ):
        # ``最小数`` -> ``Auto Scalingで実行されるインスタンスの最小数``: the term defined by itself
        return "restates-prompt", (
            f"the answer '{answer[:60]}' ends in '{term.rpartition(' › ')[2]}' itself: it defines the term by "
            "itself; write what it is, does or holds to get a card"
        )
    kinds = _setting_of_kind(term, answer) if definition else ""
    if kinds and not candidate.note.get("Details"):
        # ``ロードバランサーの種類`` -> ``ECSコンテナに処理を分散させるロードバランサの設定``: a console field
        return "restates-prompt", (
            f"the answer '{answer[:60]}' only says '{term.rpartition(' › ')[2]}' is a setting of {kinds}, "
            "naming no kind: a form's field, not a fact; write the kinds there are (`- Name: A, B`) to get a card"
        )
    if definition and not candidate.note.get("Details") and _restates_modifier(term, answer):
        return "restates-prompt", (
            f"the answer '{answer[:60]}' only turns the modifier of '{term.rpartition(' › ')[2]}' into an adverb "
            "(手動スケーリング -> 手動で…): the front gives the back away; write what it does or how to get a card"
        )
    owner = _scenario_owner(record)
    if definition and owner:
        # ``Web Hosting › Scenario`` -> ``Hosting a website that …``: an example that says the name again
        return "restates-prompt", (
            f"the answer '{answer[:60]}' is an example scenario of '{owner}' that only says "
            "its name again in other words, no fact of it; write what it does or how to get a card"
        )
    if definition and _echoes_label(term, answer):
        # ``…Macie › データセキュリティリスクの可視化`` -> ``S3に保存したデータのセキュリティと…を可視化``
        return "restates-prompt", (
            f"the answer '{answer[:60]}' repeats the words of '{term.rpartition(' › ')[2]}' and ends on its last, "
            "adding a word or two: the front gives the back away; write what it does or how (a figure, a "
            "mechanism) to get a card"
        )
    if definition and not candidate.note.get("Details") and _based_on_itself(term, answer):
        # ``地理的ルーティング`` -> ``ユーザーの地理的位置に基づいてトラフィックをルーティング``
        return "restates-prompt", (
            f"the answer '{answer[:60]}' only says '{term}' does what its name says, based on what its name "
            "says; write what sets it apart (how it decides, when to use it) to get a card"
        )
    if definition and _spelled_setting(term, answer):
        # ``…Linear10PercentEvery3Minutes`` -> ``10% を 3 分ごとにシフト``: the name is the answer
        return "restates-prompt", (
            f"the answer '{answer[:60]}' only reads out the numbers and units the name '{term}' spells; "
            "ask which setting does it (`- **What it does**: name`) to get a card"
        )
    if definition and not candidate.note.get("Details") and _translation_only(term, answer):
        # ``Launch Template`` -> ``起動テンプレートの設定``, ``variables`` -> ``環境変数を指定する``
        return "restates-prompt", (
            f"the answer '{answer[:60]}' only translates '{term.rpartition(' › ')[2]}' (its words in katakana or "
            "kanji, then 'its setting'): the front gives the back away; write what it holds or does to get a card"
        )
    translated = (
        translated_name(term, answer, record.context) if definition and not candidate.note.get("Details") else None
    )
    if translated:
        # ``DeleteItem`` -> ``項目を削除する``, ``BeforeInstall`` -> ``インストール前の処理（バックアップなど）``
        return "restates-prompt", (
            f"the answer '{answer[:60]}' only translates the words of '{term.rpartition(' › ')[2].strip()}' "
            f"({', '.join(translated)}) into Japanese: the front gives the back away; write what it does beyond "
            "its name (when it runs, what it takes or returns, a limit) to get a card"
        )
    if definition and not candidate.note.get("Details") and _manner_only(term, answer):
        # ``random`` -> ``ジョブをランダムに割り当てる``: the name read as an adverb
        return "restates-prompt", (
            f"the answer '{answer[:60]}' only says '{term.rpartition(' › ')[2].strip()}' does its work in the way "
            "its name says (random -> ランダムに…): the front gives the back away; write what sets it apart "
            "(how it chooses, when to use it) to get a card"
        )
    if definition and not candidate.note.get("Details") and _kind_of_same(term, answer):
        # ``鍵の生成`` -> ``マスターキーの生成``: the same act, of a narrower thing
        return "restates-prompt", (
            f"the answer '{answer[:60]}' repeats '{term.rpartition(' › ')[2].strip()}' with only a narrower "
            "word for what it acts on (XのY -> ZのY): the front gives the back away; write what it does, how or "
            "when, to get a card"
        )
    if _useful_for_itself(record.prompt, answer):
        return "restates-prompt", (
            f"the answer '{answer[:60]}' only says it is handy when doing what '{term}' says; write what it does "
            "or which thing to use for it"
        )
    return None


_EXAMPLE_ONLY = lazy_compile(
    r"^[A-Za-z0-9][A-Za-z0-9、,\u30a0-\u30ff\u4e00-\u9fff .・/&+-]{1,24}(?:など|等|とか)[。.]?$"
)
"""An answer that only names an instance or two of its term (``EBSなど``, ``S3、EFSなど``), not what it is."""
_PRIVATE_HOST = lazy_compile(r"^(?:10\.\d{1,3}|192\.168|172\.(?:1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}$")
"""A host address of a private network (``10.0.0.1``, ``192.168.1.20``), no prefix length: an address of
the writer's example network, not a term (a range such as ``10.0.0.0/8`` stays)."""


_SPELLED_AMOUNT = lazy_compile(r"(\d+)\s*(Percent|Minutes?|Hours?|Seconds?|Days?)(?![a-z])")
_EVERY_ONE_UNIT = lazy_compile(r"毎(?:分|時|秒|日)")
"""``毎分`` (every minute) reads out an amount of one (``Every1Minutes``)."""
_NUMBER = lazy_compile(r"\d+")


_TRANSLATED = lazy_compile(
    r"^(?P<core>[\u30a1-\u30faー\u4e00-\u9fff]{2,12})(?:の(?:設定|指定|定義)|を(?:指定|設定|定義)する)。?$"
)
_KANJI_RUN = lazy_compile(r"[\u4e00-\u9fff]+")


def _sounds_alike(kana: str, word: str) -> bool:
    """Whether a katakana word spells a Latin one, one consonant off at most (``テンプレート`` /
    ``Template``, ``ポリシー`` / ``policy``)."""
    spelled, written = kana_skeleton(kana).replace("m", "n"), latin_skeleton(word).replace("m", "n")
    if spelled == written:
        return True
    return len(spelled) == len(written) >= 3 and sum(a != b for a, b in zip(spelled, written, strict=True)) <= 1


def _translation_only(term: str, answer: str) -> bool:
    """Whether a Japanese answer is only the translation of an English term of a few plain words
    with 'its setting' after it (``Launch Template`` -> ``起動テンプレートの設定``, ``variables`` ->
    ``環境変数を指定する``); a bare translation (``Starvation`` -> ``飢餓状態``) is a vocabulary card and
    stays: each katakana word spells a word of the term, and the kanji are at most a
    few per word left (its translation). An acronym (``IAM``), a short form (``env``) or a name with
    digits is left alone: its back may be what it stands for."""
    name = term.rpartition(" › ")[2].strip()
    words = name.split()
    if not 1 <= len(words) <= 3 or not all(_PLAIN_LATIN_WORD.fullmatch(word) for word in words):
        return False  # ``env``, ``S3``: a short form or a name, whose back may be what it stands for
    if any(word.isupper() for word in words):
        return False
    found = _TRANSLATED.match(answer.strip())
    if found is None:
        return False
    core = found.group("core")
    left = list(words)
    for kana in _KATAKANA_WORD.findall(core):
        match = next((word for word in left if _sounds_alike(kana, word)), None)
        if match is None:
            return False
        left.remove(match)
    kanji = sum(len(run) for run in _KANJI_RUN.findall(core))
    return (kanji == 0) == (not left) and kanji <= 4 * len(left)


_MANNER_WORD = lazy_compile(r"([\u30a1-\u30faー]{2,})(?:に|で)")


def _manner_only(term: str, answer: str) -> bool:
    """Whether a one-word English name (``random``) has for answer one short sentence that reads the
    name out as the manner of its verb (``ジョブをランダムに割り当てる``): the name is the answer."""
    name = term.rpartition(" › ")[2].strip()
    if not _PLAIN_LATIN_WORD.fullmatch(name) or name.isupper() or "。" in answer.strip().rstrip("。"):
        return False
    if len(answer) > 40 or not _KANA_VERB_END.search(answer.rstrip("。")):
        return False
    return any(_sounds_alike(match.group(1), name) for match in _MANNER_WORD.finditer(answer))


_OF_HEAD = lazy_compile(r"^(?P<what>[^\sの、。]{1,12})の(?P<head>[^\sの、。]{2,12})$")
_OF_KIND = lazy_compile(r"^(?P<kind>[^の、。をにはがでA-Z0-9０-９]{1,24}?)(?:など|等)?の(?P<head>[^\sの、。]{2,12})$")


def _kind_of_same(term: str, answer: str) -> bool:
    """Whether a Japanese front ``XのY`` (``鍵の生成``, ``アプリケーションのデプロイ``) is answered by
    ``ZのY``, the same act ``Y`` of a narrower or sample ``Z`` and nothing more (``カスタマーマスターキーの
    生成``, ``web アプリなどのデプロイ``): the back repeats the front with a word swapped. ``Z`` holds
    no particle, no number (a count or a limit is a fact) and no capital letter (a product's name,
    ``CloudTrailのログ``, says which one: a fact)."""
    front = _OF_HEAD.fullmatch(term.rpartition(" › ")[2].strip())
    back = _OF_KIND.fullmatch(answer.strip().rstrip("。."))
    if front is None or back is None or back.group("head") != front.group("head"):
        return False
    return has_cjk(front.group("what")) and back.group("kind").strip() != front.group("what")


def _spelled_setting(term: str, answer: str) -> bool:
    """A setting's name that spells two or more amounts with their units (``Linear10PercentEvery3Minutes``)
    over an answer whose numbers are just those amounts: the answer only reads the name out. The rest
    of a spelled percentage (``Canary10Percent5Minutes`` -> ``10% …残りの 90% は 5 分後``) and ``毎分``
    for an amount of one (``Every1Minutes``) read it out too; any other number is a fact of its own."""
    amounts = _SPELLED_AMOUNT.findall(term)
    if len(amounts) < 2:
        return False
    spelled = {number for number, _ in amounts}
    rests = {str(100 - int(number)) for number, unit in amounts if unit == "Percent" and 0 < int(number) < 100}
    said = set(_NUMBER.findall(answer))
    if _EVERY_ONE_UNIT.search(answer):
        said.add("1")
    return spelled <= said <= spelled | rests


_BLOCK_ANSWER = lazy_compile(r"<(?:ul|ol|pre|table|dl)\b")


def _choice_label(term: str, answer: str) -> bool:
    """``Ticketing Systems › Service`` → ``Spiceworks``: a label of :data:`CHOICE_LABELS` (under an
    owner or not), answered by a bare name (one to three words, no statement)."""
    label = term.rpartition(" › ")[2]
    if fold(label).strip(" :：") not in CHOICE_LABELS:
        return False
    name = answer.strip()
    return (
        0 < len(name) <= MAX_CARD_NAME_CHARS
        and len(name.split()) <= 3
        and not sentence_like(name)
        and not name[:1].islower()
    )


def _other_subject(term: str, answer: str) -> bool:
    """An English answer that opens on a generalisation (``Many application layers …``) whose subject
    is not the term (:data:`OTHER_SUBJECT_OPENING`)."""
    opening = OTHER_SUBJECT_OPENING.match(answer)
    if opening is None or has_cjk(answer):
        return False
    subject = {word.rstrip("s") for word in _WORD.findall(fold(opening.group("subject")))}
    own = {word.rstrip("s") for word in _WORD.findall(fold(term.rpartition(" › ")[2]))}
    return bool(subject) and not subject & own


_OTHER_TOPIC_JA = lazy_compile(
    r"^(?:[•・\-*]\s*)?(?P<topic>(?P<owner>[ァ-ヴーA-Za-z0-9・]{4,}(?:\s[ァ-ヴーA-Za-z0-9・]+)?)"
    r"\s?の\s?[^\s、。はがをにでのと]{1,12})\s?は(?:[、,]|\s)"
    r"|^(?:[•・\-*]\s*)?(?P<task>[^。、]{2,40}?[うくぐすつぬぶむる]には)[、,]"
)
"""A Japanese line that opens on a topic of its own: ``<name>の<attribute>は …`` (a figure or a
property of another thing) or ``…を増やすには、`` (how to do a task: a verb's plain form, then
には): what follows says something of that, not what the card's term is."""


def _other_topic_ja(term: str, answer: str) -> str:
    """The topic a Japanese definition's answer opens on when it is not the term: ``S3`` →
    ``クロスリージョンレプリケーションの SLA は 15 分``, ``ELB`` → ``ALB に AZ を追加するには、…``.
    A bare name on the front cannot cue a fact whose own topic is another thing (a feature's figure,
    how to do a task), so the card asks nothing its back answers. Not when the answer names the term
    (``S3 のバージョニングは …`` is about S3) or the term is not a bare name."""
    plain = " ".join(_plain(answer).split())
    if not has_cjk(plain):
        return ""
    name = term.rpartition(" › ")[2].strip()
    if not name or len(name.split()) > 3 or not _NAME_ONLY.fullmatch(name):
        return ""
    opening = _OTHER_TOPIC_JA.match(plain)
    if opening is None:
        return ""
    if opening.group("topic") and _CONDITION_NOUN.search(opening.group("topic")):
        return ""  # ``デュアルブートの場合は、…``: a condition, not another thing's property
    key = fold(name).replace(" ", "")
    if key in fold(plain).replace(" ", ""):
        return ""
    return (opening.group("topic") or opening.group("task") or "").strip()


_CONDITION_NOUN = lazy_compile(r"の\s?(?:場合|時|とき|ため|際)$")
_NAME_ONLY = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9 .+/&-]*|[ァ-ヴー・]+")


_LINE_END = lazy_compile(r"<br\s*/?>|</p>")


_FEATURE_USE = lazy_compile(r"^\s*[Uu]ses?\s+(?:an?\s+|the\s+)?[A-Z]\S*[^.!?]*$")
_TITLE_CASE_NAME = lazy_compile(r"^(?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*)+$")


def _feature_use(term: str, answer: str) -> bool:
    """``Transfer Acceleration`` → ``Use CloudFront edge locations for faster uploads``: a name of
    several capitalised words (a feature's or a product's name, not a practice such as
    ``Striping``) over a terse line, no full stop, saying which named thing it uses: what the
    feature does, written as the author writes every line of the list, not a tip to follow."""
    return bool(_TITLE_CASE_NAME.match(term.strip())) and bool(_FEATURE_USE.match(answer))


def _only_lead_in(answer: str) -> bool:
    """The answer is one sentence that only announces what follows it (``…, the way to do that is:``,
    ``…以下のような呼び出しを作ってしまいます。``), with nothing of it on the back: the list, code or
    figure it leads in to is elsewhere, so the card would ask for nothing."""
    if not answer or _BLOCK_ANSWER.search(answer):
        return False
    if len([line for line in _LINE_END.split(answer) if _plain(line).strip()]) > 1:
        return False  # a line before the lead-in says something (the lead-in then moves to Details)
    plain = " ".join(_plain(answer).split())
    if not plain or _SENTENCE_END.search(plain.rstrip("。.:：!！?？ ")):
        return False
    return (
        LEAD_IN.search(plain) is not None
        or _POINTS_BELOW.search(plain) is not None
        or _SET_OUT_BELOW.search(plain) is not None
        or _ANNOUNCES_TEXT.match(plain) is not None
    )


_POINTS_BELOW = lazy_compile(
    r"(?:以下|次|下記)の[^。、]{0,12}(?:で|を|が|から)[^。、]{0,14}[。:：]$", needs=("以下", "次", "下記")
)
_QUESTION_END = lazy_compile(r"(?:どう|なぜ|何|どの|どこ|いつ)[^。？?]{0,40}(?:のか|するか|すればよいか|ですか)[。]?$")
"""A Japanese sentence that asks (``…どうやってカレンダーの操作をするのか。``), with its question word."""


def _asks_back(answer: str) -> bool:
    """The answer is one Japanese sentence that asks a question (a question word, then ``…のか。``):
    the notes raise it, the answer to it comes later, so a card with it as the back answers nothing."""
    plain = " ".join(_plain(answer).split())
    if not plain or not has_cjk(plain) or _SENTENCE_END.search(plain.rstrip("。.?？ ")):
        return False
    return _QUESTION_END.search(plain) is not None


_SET_OUT_BELOW = lazy_compile(
    r"^(?:以下|次|下記)に[^。、]{0,20}(?:規定され|記載され|列挙され|整理され|記述され|定められ|まとめられ|示され|記され|まとめ)"
    r"[^。、]{0,8}[。:：]?$"
    r"|(?:以下|次|下記)の(?:流れ|手順|順番|順序)で[^。、]{0,40}(?:を行う|を行います|を実施する|を実施します)[。:：]?$",
    needs=("以下", "次", "下記"),
)
"""A sentence that says the items below set something out (``以下に制限が規定されています。``) or that
a process runs by the steps below (``…、以下の流れで SSL / TLS Handshake を行う``): the rules or the
steps are in the lines after it, not on a back of this sentence."""
_ANNOUNCES_TEXT = lazy_compile(
    r"^[^。、]{0,30}(?:について|を)(?:簡単に|順に|ここで|以下で)?"
    r"(?:説明|解説|紹介|整理|記載|記述)(?:する|します|していく|していきます|しておく|しておきます)[。:：]?$"
)
"""A sentence in which the notes announce what they do next (``各機能について説明する。``,
``主なコマンドを紹介します。``): it speaks of the text, not of the heading over it."""
"""A Japanese sentence that ends by pointing at the items below it (``…を次のどちらかで指定できます。``,
``…の箱に、次の方針が書かれています。``): what it says is in those items, not on a back of this sentence.
Not ``次の`` meaning *next* (``カーソルを次のウィンドウに移動``): that takes に, and no closing mark."""


def _used_as_means(term: str, answer: str) -> bool:
    """The answer's first sentence is about another thing, with the term as its means
    (``ロードバランサーでは水平スケーリングによって…できます``, ``Load balancers scale through horizontal
    scaling``): it says what that thing gains, not what the term is."""
    name = _BRACKETED.sub("", term).strip() or term.strip()
    if not name or " › " in term:
        return False
    first, folded = _SENTENCE_END.split(answer.strip(), maxsplit=1)[0], fold(name)
    folded_first = fold(first)
    at = folded_first.find(folded)
    if at <= 0:
        return False
    before, after = folded_first[:at], folded_first[at + len(folded) :]
    if has_cjk(name) or has_cjk(first):
        return OTHER_TOPIC.search(before) is not None and MEANS_AFTER.match(after) is not None
    # an instruction (``Change the default permissions of new files using umask``) has no other
    # subject to gain anything: the task it does with the term is what the term is for
    return MEANS_BEFORE.search(before) is not None and _INSTRUCTION.match(first.strip()) is None


_INSTRUCTION = lazy_compile(
    r"^(?:change|create|set|add|remove|delete|list|show|find|get|make|run|configure|install|update|edit|copy|"
    r"move|rename|check|limit|control|manage|define|assign|grant|restrict|start|stop|restart|enable|disable|print|"
    r"display|view|open|send|read|write|mount|kill|schedule|compress|extract|monitor|test|measure)\s",
    re.IGNORECASE,
)
"""An English sentence that opens on a verb in the base form: an instruction."""


_BLOCK_ID_END = lazy_compile(r"\s+\^[A-Za-z0-9][A-Za-z0-9-]*\s*$")


_KIND_TERM = lazy_compile(r"^(?P<stem>.{2,30}?)の?(?:種類|タイプ|方式|種別)$")
_SETTING_END = lazy_compile(r"(?P<named>.+?)の?(?:設定|設定項目|指定|選択)(?:を行う|する)?[。.]?$")


def _setting_of_kind(term: str, answer: str) -> str:
    """The thing a Japanese "kind of X" term (``ロードバランサーの種類``, ``起動タイプ``) names, when its
    answer is one phrase that only calls it the setting of that thing (``ECSコンテナに処理を分散させる
    ロードバランサの設定``): the label of a console field, its back what the field is for, no kind of it
    named. '' otherwise: ``FARGATE / EC2 のいずれかを選択する`` names the kinds."""
    own = _BRACKETED.sub("", term.rpartition(" › ")[2]).strip()
    kind = _KIND_TERM.match(own)
    phrase = " ".join(answer.split())
    if kind is None or not has_cjk(phrase) or _INNER_SENTENCE_END.search(phrase.rstrip("。.")):
        return ""
    setting = _SETTING_END.fullmatch(phrase)
    if setting is None:
        return ""
    stem = kind["stem"].rstrip("ー")
    named = "".join(fold(setting["named"]).split()).replace("ー", "")
    return kind["stem"] if len(stem) >= 2 and named.endswith("".join(fold(stem).split()).replace("ー", "")) else ""


_WORD_RUN = lazy_compile(r"[\u30a0-\u30ff]+|[\u3400-\u9fff]+|[A-Za-z0-9]+")
_KANJI_END = lazy_compile(r"[\u3400-\u9fff]+$")
MAX_ECHO_NEW_WORDS = 3
"""A back that repeats its label adds at most this many words of its own to be an echo of it."""


_MODIFIED_NAME = lazy_compile(r"^([\u4e00-\u9fff]{2,4})([\u30a0-\u30ff]{3,})$")
MAX_MODIFIER_ECHO = 20
"""An answer longer than this says more than its term's modifier turned into an adverb."""


def _restates_modifier(term: str, answer: str) -> bool:
    """Whether a short answer only turns the term's leading modifier into an adverb: ``手動スケーリング``
    -> ``手動でインスタンスを立ち上げる`` (manual scaling: start instances by hand). The front gives the
    back away; an answer with a figure (``自動で7日保持``) or a second clause says more."""
    match = _MODIFIED_NAME.match(term.rpartition(" › ")[2].strip())
    if match is None or len(answer) > MAX_MODIFIER_ECHO or re.search(r"[0-9０-９、,。]", answer):
        return False
    return re.match(re.escape(match.group(1)) + r"(?:的に|で|に)", answer) is not None


def _echoes_label(term: str, answer: str) -> bool:
    """A Japanese label front (``データセキュリティリスクの可視化``, ``通知と対応``) whose one-phrase
    answer repeats two or more of its words, ends on its last (``…を可視化``, ``…通知と対応``) and adds
    at most :data:`MAX_ECHO_NEW_WORDS` words of its own (``S3``, ``保存``, ``プライバシー``): the
    front gives the back away. A back that says what the label is in other words (``タスク数`` ->
    ``クラスタで実行するコンテナ数``) or names its thing (``鍵の生成`` -> ``カスタマーマスターキーの生成``)
    repeats one word at most."""
    label = _BRACKETED.sub("", term.rpartition(" › ")[2]).strip()
    phrase = " ".join(answer.split()).rstrip("。.")
    if not has_cjk(label) or not has_cjk(phrase) or _INNER_SENTENCE_END.search(phrase):
        return False
    last = _KANJI_END.search(label)
    if last is None or not phrase.endswith(last.group(0)):
        return False
    own = _WORD_RUN.findall(label)
    said = _WORD_RUN.findall(phrase)
    shared = [word for word in said if any(word in other or other in word for other in own)]
    return len(shared) >= 2 and len(said) - len(shared) <= MAX_ECHO_NEW_WORDS


def _circular(term: str, answer: str) -> bool:
    """A Japanese answer of one phrase whose head noun is the term itself (``最小数`` -> ``Auto
    Scalingで実行されるインスタンスの最小数``, ``クラスターVPC`` -> ``コンテナを配置するクラスターのVPC``),
    or the setting of it (``猶予時間`` -> ``コンテナを起動してからの猶予時間の設定``):
    the words before it only say which one it is, and the learner reads the term back. An answer of
    one sentence or more (``…は…です。…が一般的なメトリクスです``) says something of its own."""
    name = _BRACKETED.sub("", term.rpartition(" › ")[2]).strip()
    phrase = _BLOCK_ID_END.sub("", answer).strip()  # a block id (`` ^vpc``) pins the note; it is no word
    if not has_cjk(phrase):
        return False  # an English head comes first (``A Stack is …``): not this shape
    closing = next((end for end in PHRASE_CLOSINGS if phrase.endswith(end)), "")
    while closing:
        phrase = phrase[: -len(closing)].rstrip()
        closing = next((end for end in PHRASE_CLOSINGS if phrase.endswith(end)), "")
    if _INNER_SENTENCE_END.search(phrase):
        return False
    # ``…ヘルスチェックの猶予時間の設定``: a form's field named with "the setting of" is the same field
    setting = next((end for end in SETTING_CLOSINGS if phrase.endswith(end)), "")
    phrase = phrase[: len(phrase) - len(setting)].rstrip()
    # ``クラスターのVPC`` is ``クラスターVPC``: the particle and spaces are left out of both
    own = "".join(fold(name).split()).replace("の", "")
    said = "".join(fold(phrase).split()).replace("の", "")
    return len(own) >= 2 and len(said) > len(own) and said.endswith(own)


_BASED_ON = lazy_compile(
    r"^(?P<basis>[^、。,]+?)に基づいて、?(?P<rest>[^、。,]+?)(?:を行う|を行います|します|する)?[。.]?$",
    needs=("に基づいて",),
)
_BASED_ON_OBJECTS = ("トラフィックを", "リクエストを", "通信を", "アクセスを", "データを")
"""Objects a ``…に基づいて…する`` answer names that any such term acts on: they add nothing to it."""


def _based_on_itself(term: str, answer: str) -> bool:
    """A Japanese answer of one clause saying the term does what its name's last word says, based on
    what its first words say (``地理的ルーティング`` -> ``ユーザーの地理的位置に基づいてトラフィックを
    ルーティング``, ``パスベース振り分け`` -> ``URLのパスに基づいて振り分ける``, ``地域別配送`` ->
    ``…の地域に基づいて配送``): read from the name.
    The basis may add a word or two (``位置``, ``URL``), no more; a basis of its own (``IPアドレス
    に基づいて`` for ``地理プロキシ``) says something."""
    match = _BASED_ON.match(answer.strip())
    if match is None:
        return False
    own = "".join(fold(_BRACKETED.sub("", term.rpartition(" › ")[2])).split())
    rest = "".join(fold(match["rest"]).split())
    for filler in _BASED_ON_OBJECTS:
        rest = rest.removeprefix(fold(filler))
    if len(rest) < 2 or not own.endswith(rest):
        return False
    head = own[: -len(rest)]
    for ending in ("ベース", "based", "base", "別"):  # ``パスベース``, ``時間帯別``: "by" the first words
        head = head.removesuffix(ending)
    basis = "".join(fold(match["basis"]).split()).removesuffix("の値")
    core = basis.rpartition("の")[2]
    return len(head) >= 2 and head in core and len(core) - len(head) <= 4


def _useful_for_itself(prompt: str, answer: str) -> bool:
    """A feature label's answer that only says it is handy when one does what the label says
    (``Runner › 手順の標準化`` -> ``修復手順を標準化する場合に便利です``, ``… › Batch export`` ->
    ``Useful when you export in batches``): one sentence, and a word of the label in it."""
    label = prompt.rpartition(" › ")[2]
    if _SENTENCE_END.search(answer.strip().rstrip("。.!！")) or not USEFUL_WHEN.search(answer):
        return False
    words = (
        _KEY_RUN.findall(label) if has_cjk(label) else [word for word in _WORD.findall(fold(label)) if len(word) > 3]
    )
    folded = fold(answer)
    return any(fold(word) in folded for word in words)


def _abbreviation(answer: str) -> bool:
    """``AMI``, ``VPC``, ``S3``: capitals (and figures), two to six of them."""
    return re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", answer.strip()) is not None


_GAP = lazy_compile(r"\{\{c\d+::((?:(?!\}\}).)*?)(?:::(?:(?!\}\}).)*)?\}\}", re.DOTALL)
_GLOSS = lazy_compile(r"^\s*[(（]([^()（）]+)[)）]\s*$")
_LATIN_NAME = lazy_compile(r"^[A-Za-z][A-Za-z0-9 .,;/&'-]*$")


_CAMEL_NAME = lazy_compile(r"(?:[A-Z][a-z]+){2,}")
_CAMEL_PART = lazy_compile(r"[A-Z][a-z]+")
_BRACKETED = lazy_compile(r"\s*[(（][^()（）]*[)）]\s*")


def _name_part(term: str, title: str) -> bool:
    """The term is one word of a joined name in the heading above it (``Sage（賢者）`` and
    ``Maker（作る人）`` under ``Amazon SageMaker``): the notes take the name apart, they do not
    define a term of the subject."""
    base = _BRACKETED.sub("", term).strip()
    if not base or not _CAMEL_PART.fullmatch(base):
        return False
    return any(
        base in _CAMEL_PART.findall(word) and word != base for word in title.split() if _CAMEL_NAME.fullmatch(word)
    )


def _unresolved_back_reference(text: str) -> bool:
    """A cloze's sentence points back at two things it does not name before the pointer
    (``[...]は両者を同時に高くしたいときの…``): the card shows no subject for its gap."""
    for sentence in _ANY_SENTENCE_END.split(text):
        match = BACK_REFERENCE.search(sentence)
        if match is not None and not BACK_REFERENCE_NAMED.search(sentence[: match.start()]):
            return True
    return False


_DEMONSTRATIVE = lazy_compile(
    rf"(?:^|(?<=[、，,\s]|は|で|に|も))(?:{'|'.join(LEANING_DETERMINERS_JA)})(?P<noun>[^\s、，。をがはにでもとの]{{1,12}})(?:が|は)"
)
"""A demonstrative and its noun as the subject of a Japanese sentence (``この実装が…``, ``その設定は…``)."""
_ADVERBIAL_DEMONSTRATIVE = (
    "後",
    "他",
    "ほか",
    "際",
    "ため",
    "まま",
    "上",
    "場合",
    "結果",
    "時",
    "とき",
    "分",
    "一方",
    "代わり",
)
"""Nouns that make その/この an adverb of the sentence itself (``その後``, ``その場合``, ``その結果``), no
pointer at a thing said before."""


def _unresolved_demonstrative(term: str, answer: str, context: str) -> str:
    """A Japanese definition's back whose first sentence has for subject a demonstrative and its
    noun (``MySQL8系ではこの実装が変更されています``) that nothing before it in the back, and neither the
    front nor the headings, names: the card asks a remark about something the learner cannot see.
    The words, else ''. A bare ``これは…`` points at the front's term, which the card shows."""
    first = answer.strip().split("。", 1)[0]
    if not has_cjk(first):
        return ""
    match = _DEMONSTRATIVE.search(first)
    if match is None or match.group("noun").startswith(_ADVERBIAL_DEMONSTRATIVE):
        return ""
    noun = match.group("noun")
    shown = fold(f"{term} {context} {first[: match.start()]}")
    return "" if fold(noun) in shown or fold(noun[:2]) in shown else match.group(0)


def _notes_pointer(text: str) -> str:
    """The words of a cloze's sentence, outside its gaps, that point at a part of the notes or the
    writer's own case (:data:`NOTES_POINTER`: ``今回の``, ``the second operation above``), else ''."""
    match = NOTES_POINTER.search(_GAP.sub("\x00", html.unescape(HTML_TAG.sub("", text))))
    return match.group(0) if match is not None else ""


_ORDINAL_REFERENCE = lazy_compile(
    r"\b(?:the|these|those)\s+(?:first|second|third|fourth|fifth|last|\d+|two|three|four|five|six)\s+([a-z]{3,})\b",
    re.IGNORECASE,
)
"""A definite phrase that counts or orders things the text set up before (``the first operation``,
``these 3 operations``)."""
_NEXT_ORDINAL = lazy_compile(r"\bthe\s+(?:second|third|fourth|fifth|other|latter|last)\b", re.IGNORECASE)
"""A later step of the sequence a :data:`_ORDINAL_REFERENCE` opens (``…, while the second fails``)."""


def _example_pointer(text: str, details: str) -> str:
    """The words of a cloze's sentence, outside its gaps, that count or order things (``these 3
    operations``, ``the first operation``) which only the sentences moved to its Details set up (an
    example's story: ``There are three operations, …``), not the front before them, else ''."""
    if not details:
        return ""
    front = _GAP.sub("\x00", html.unescape(HTML_TAG.sub("", text)))
    told = html.unescape(HTML_TAG.sub(" ", details)).lower()
    for match in _ORDINAL_REFERENCE.finditer(front):
        noun = match.group(1).lower()
        stem = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
        if stem in front[: match.start()].lower():
            continue  # the front sets them up itself
        if stem in told or _NEXT_ORDINAL.search(front, match.end()):
            return match.group(0)  # told only in Details, or one of a sequence (``the first …, the second …``)
    return ""


_GLOSSED_GAP = lazy_compile(r"[\u3040-\u30ff\u4e00-\u9fff][(（]\x00(?:する|した|し|して|され|される|できる)?[)）]")

_GLOSS_NAME = lazy_compile(r"^(?=.*[a-z])[A-Za-z][A-Za-z .-]{1,40}$")
"""A name in Latin letters, some lower case (``AssumeRole``, ``Sticky Session``), not a value or a
pattern (``YYYY-MM-DD``, ``8080``)."""


def _glossed_gap(text: str) -> bool:
    """A cloze whose only gap is a bracket of its own, an English name (``AssumeRole``), glossing the
    Japanese words just before it (``ロールを引き受けた（[...]した）``): the words before say it."""
    plain = html.unescape(HTML_TAG.sub("", text))
    answers = [_plain(answer) for answer in _GAP.findall(plain)]
    if len(answers) != 1 or not _GLOSS_NAME.match(answers[0]):
        return False
    return _GLOSSED_GAP.search(_GAP.sub("\x00", plain)) is not None


def _alias_only(text: str) -> bool:
    """A cloze of a name and nothing but its other name in brackets (``**ALB** (Application Load
    Balancer)``, ``**ネステッドスタック** (Nested Stack)``, ``**サーバサイド暗号化** (Server Side
    Encryption; **SSE**)``): the bracket gives the answer away, as the initials of an abbreviation
    or a foreign name to translate. A bracket that says what it does (``**IDプール** (アクセス認可)``)
    is a fact and stays."""
    plain = html.unescape(HTML_TAG.sub("", text))
    answers = [_plain(answer) for answer in _GAP.findall(plain)]
    rest = _GAP.sub("\x00", plain)
    first, _, after = rest.partition("\x00")
    if not answers or first.strip() or "\x00" not in rest:
        return False
    inner = after
    found = _GLOSS.match(inner.replace("\x00", ""))
    if found is None:
        return False
    gloss = found.group(1).strip(" ;；,、")
    if not _LATIN_NAME.match(gloss):
        # ``AMI`` beside ``Amazonマシンイメージ``: an abbreviation beside its translated expansion
        from .clozes import names_the_answer  # clozes imports the package that imports this module

        return (
            has_cjk(gloss)
            and all(names_the_answer(gloss, answer) for answer in answers)
            and all(_abbreviation(answer) for answer in answers)
        )
    initials = "".join(word[0] for word in re.split(r"[\s/-]+", gloss) if word[:1].isupper())
    for answer in answers:
        letters = answer.rstrip("s") if answer.isascii() else ""
        if letters and letters.isupper() and letters == initials:
            continue  # ``ALB`` beside ``Application Load Balancer``
        if has_cjk(answer):
            continue  # ``署名付きURL`` beside ``Pre-signed Object URL``: a translation
        return False
    return True


_PREDICATE_GAP = lazy_compile(
    r"[\u3040-\u309f](?:る|う|く|す|つ|む|ぶ|ぐ|ない|たい)$|^[\u4e00-\u9fff]+(?:る|う|く|す|つ|む|ぶ|ぐ)$"
)
_SENTENCE_TAIL = lazy_compile(r"^[\s。．.!！)）」』]*$")
_EACH_BEFORE = lazy_compile(r"(?:各|(?<![A-Za-z])(?:each|every))\s*$", re.IGNORECASE)
_PERIOD = lazy_compile(r"^\d[\d.,]*\s?(?:seconds?|secs?|minutes?|mins?|hours?|days?|weeks?|months?|years?)$")
"""``every 5 minutes``: the interval something repeats at, the point of its sentence, not one of many."""
_AT_LEAST_BEFORE = lazy_compile(r"(?:少なくとも|最低|(?<![A-Za-z])at least)\s*$", re.IGNORECASE)
_SMALL_COUNT = lazy_compile(r"^(?:[12１２]\s*(?:つ|個)|one|two)$", re.IGNORECASE)
_NARRATED_OPENING = lazy_compile(
    r"^(?:let['’]s|let us|in summary|to summari[sz]e|all (?:of )?this|some notes"
    r"|in this (?:section|article|lab|post|note|chapter|page|video|course|tutorial)|i(?:'(?:ll|ve|m|d))?(?=\s)"
    r"|you(?:\s+(?:will|would)|['’](?:ll|d))?\s+probably|you(?:\s+will|['’]ll)\s+(?:want|need)"
    r"|you\s+(?:might|may)\s+want|hopefully|after that|now that|(?:at|by) this point|(?:hello|hi)(?=[,!])"
    r"|here(?=\s+(?:is|are|the)\b|\s*[:：]?\s*$))\b",
    re.IGNORECASE,
)
"""An answer that opens on the writer talking to the reader or about themselves, not on what its front is
(judged cards, issue 11: ``Symmetric Encryption: Caesar Cipher`` → ``Let's consider a simple example…``,
``Summary of DNS`` → ``In summary, DNS converts…``, ``Browser Implementation`` → ``All of this occurs…``).
``I/O`` is no ``I``, ``Lets a station …`` (the verb) no ``Let's``; ``We can use the LEFT JOIN clause to …`` is a
tutorial's voice over a fact, and stays.
A tutorial's second-person narration counts too (judged cards, issue 11, round V): ``Remotely connecting to our
server`` → ``You probably don't want to…``, ``Ubuntu server setup`` → ``Hopefully by this point you have…``,
``Booting from the usb`` → ``After that you should…`` (leaning on the step before), ``My Home Server Setup`` →
``Hello, my names…``, and ``Here`` / ``Here the user`` / ``Here is a brief tutorial…`` (a pointer at what stands
next to it). ``You can use grep to find patterns`` and ``Here we can scale the workload…`` state facts, and stay."""
_STUDY_ADVICE = lazy_compile(
    r"^(?:start\s+with|set\s+up\s+and\s+test|practi[cs]e\s+(?:\w+ing\b|with\b|on\b|using\b|your\b)"
    r"|make\s+sure\s+(?:to|you)\s+(?:review|practi[cs]e|study|read|know|understand|memori[sz]e)\b)",
    re.IGNORECASE,
)
"""A definition's answer that opens on a to-do for the learner (judged cards, issue 11, round V: ``EC2 Instances``
→ ``Start with a t2.micro… Practice starting/stopping via CLI…``, ``Auto-Scaling Groups`` → ``Set up and test with
traffic spikes…``): study advice, not what the front is."""
_READER_REQUEST = lazy_compile(
    r"(?<!注意して)(?<!留意して)(?<!ご注意)(?<!ご留意)(?:ください|下さい)|\bplease\b(?!\s+note)", re.IGNORECASE
)
"""Words that ask the reader to do something (``ターミナル2を開いてください``, ``Please run…``). ``Please note``
and ``注意してください`` only draw attention to a fact, and a tutorial's ``Let's look at …`` often leads into
one: none of them counts."""


def _narrated(answer: str) -> bool:
    """Whether a definition's answer opens as the writer talking to the reader (:data:`_NARRATED_OPENING`). A
    Japanese answer that asks the reader to act (``…を入力してください``) is a lab log's line (``diary``) or
    advice that stays (``…から読み込むようにしてください``), so only the English openings count."""
    return _NARRATED_OPENING.match(answer.strip()) is not None


def _walkthrough(source: object) -> bool:
    """Whether a cloze's paragraph or bullet asks the reader to do something (:data:`_READER_REQUEST`): a
    walkthrough of the writer's own demo, whose other sentences tell what the demo shows (``…を検索してください。
    給与が2倍に更新されているはずです。``, ``下記では、2048ビットのRSA鍵を生成します。…避けてください。``), not facts.
    Judged cards of four authors (issue 11): every such cloze was JUNK or WEAK."""
    return isinstance(source, (Paragraph, ListItem)) and _READER_REQUEST.search(source.text) is not None


_EXHORTATION_JA = lazy_compile(r"(?:てみよう|でみよう|ましょう|しよう)(?:[)）!！]|$)")
"""A heading that urges the reader (``適当にセットアップしてみよう``, ``…（費用が心配な人は設定しましょう）``)."""
_PLACEHOLDER = lazy_compile(
    r"(?<![0-9])\d{12}(?![0-9])|(?<![A-Za-z])(?:Test|Sample|Example|Foo|Hoge)[A-Z]\w*|(?<![A-Za-z])X{4,}(?![A-Za-z])"
)
_LEADING_QUALIFIER = lazy_compile(r"^(?:In|On|For|Under|Within|Inside|With)\s[^,]{1,80}?,\s")
_GENERIC_GAPS = frozenset(
    {"システム", "データ", "情報", "ip", "api", "機能", "サービス", "設定", "リソース", "data", "system", "information"}
)


_ASIDE_EXAMPLE_MARK = lazy_compile(
    r"など|等|例[:：えば]|たとえば|\be\.g\.|\bfor example\b|\bsuch as\b|\betc\.?|\blike\b|\band so on\b", re.IGNORECASE
)
_CODE_GAP = lazy_compile(r"^\s*<code>[^<]*</code>\s*$")
"""A gap over a `code` span alone: a value the writer quoted, not a key phrase they bolded."""
_ASIDE_LIST = lazy_compile(r"^\s*\{\{[^{}]+\}\}(?:\s*[、，,]\s*\{\{[^{}]+\}\})+\s*$")
"""Gaps listed with commas and nothing else (``（{{SUM()}}、{{AVG()}}）``): instances of the words before
the bracket; ``("standard" ({{st1}} or {{sc1}})`` names both of a pair, and stays."""
_ASIDE_GLOSS = lazy_compile(r"^[^{}:：]{1,30}?(?:は|→|->|=|\bis\b)\s*\{\{", re.IGNORECASE)


def _example_aside(plain: str, first: int, last: int, count: int) -> str:
    """The text of the bracketed aside that holds every gap of a cloze when that aside only gives
    examples of the words before it (``ハンガリアン記法（{{sp_}}または{{tbl}}など）``,
    ``計算データ（{{SUM()}}、{{AVG()}}）``, ``（first nameは{{first_name}}）``): two or more gaps
    listed with commas, an example word (など, e.g., such as), or an ``X は {{Y}}`` illustration
    that ends the aside; '' otherwise. One value in brackets (``フォーマット（{{YYYY-MM-DD}}）``)
    and a labelled list (``(Protocols: {{HTTP}}, …)``) are not; nor (:func:`_poor_gaps`) gaps the
    writer bolded (``(e.g., **sliding windows** in TCP)``): only `code` values quoted as examples."""
    masked = _GAP.sub(lambda gap: "{{" + "_" * (len(gap.group(0)) - 4) + "}}", plain)  # ``SUM()`` in a gap
    opening = max(masked.rfind("(", 0, first), masked.rfind("（", 0, first))
    if opening < 0 or max(masked.rfind(")", opening, first), masked.rfind("）", opening, first)) >= 0:
        return ""
    ends = [end for end in (masked.find(")", last), masked.find("）", last)) if end >= 0]
    if not ends:
        return ""
    closing = min(ends)
    inner = plain[opening + 1 : closing]
    if any(mark in masked[opening + 1 : closing] for mark in "()（）"):
        return ""
    if re.search(r"^[^{]*[:：]", inner):
        return ""  # ``(Protocols: {{HTTP}}, …)``: a labelled list, asked by its label
    outside = (plain[:opening] + plain[closing + 1 :]).strip(" 。.、,")
    if not outside:
        return ""  # the whole text is the aside
    listed = count >= 2 and _ASIDE_LIST.match(inner) is not None
    gloss = _ASIDE_GLOSS.match(inner) is not None and inner.rstrip().endswith("}}")
    if not listed and not gloss and not _ASIDE_EXAMPLE_MARK.search(inner):
        return ""
    return " ".join(_GAP.sub(lambda gap: gap.group(1), inner).split())


_ITEM_GAP = lazy_compile(r"<li>\s*\{\{c\d+::(?:(?!\}\}).)*?\}\}\s*</li>", re.DOTALL)
_GENERIC_LEAD = lazy_compile(
    r"(?:流れ|手順|ステップ|選択肢|やり方|\b(?:steps?|procedure|flow|options?|choices)\b)[^›]*$",
    re.IGNORECASE,
)
"""A list's lead that names no subject of its own, only that steps or options follow (``流れ:``,
``選択肢は以下の3つ:``, ``Steps:``)."""


def _clause_items(text: str, answers: list[str]) -> bool:
    """Whether the cloze is a list under a generic lead (:data:`_GENERIC_LEAD`: ``流れ``, ``選択肢は以下の
    3つ``) whose every item is one gap, each a Japanese clause that ends on a verb (``コンシューマが
    …をキューから削除する``, ``HTTP を HTTPS にリダイレクトする``): the learner would have to recite each
    step or option word for word, cued by nothing but 'the steps'. A list of names or noun phrases
    (``…の暗号化``, ``AWS Lambda``), or one under a name (``信頼性:`` over its design principles), is a
    set of things to recall."""
    if len(answers) < 2 or len(_ITEM_GAP.findall(text)) != len(answers):
        return False
    lead = _plain(re.split(r"<(?:ol|ul|li)\b", text, maxsplit=1)[0]).rstrip(" :：")
    if not _GENERIC_LEAD.search(lead.rpartition(" › ")[2]):
        return False
    return all(
        has_cjk(answer) and len(answer) >= MIN_CLAUSE_GAP_CHARS and _VERB_END.search(answer) is not None
        for answer in answers
    )


def _long_items(text: str, answers: list[str]) -> bool:
    """Whether the cloze is a list whose every item is one Japanese gap of at least
    :data:`MIN_LONG_GAP_CHARS` characters, a bracketed aside left out (``SSL/TLSによるアプリ-DB間の
    通信暗号化``): each card would ask a whole line to recite, with no term or figure of its own to
    recall. A list with one short item (a name, ``最大300件/秒``) is a set of things to recall, and one
    of whole sentences (each ending on ``。``: drawbacks, properties) a list of statements to ask."""
    if len(answers) < 2 or len(_ITEM_GAP.findall(text)) != len(answers):
        return False
    if any(answer.endswith(("。", "．")) for answer in answers):
        return False
    return all(has_cjk(answer) and len(_BRACKETED.sub("", answer).strip()) >= MIN_LONG_GAP_CHARS for answer in answers)


_CASE_PARTICLE = lazy_compile(
    r"[\u3040-\u30ff\u4e00-\u9fffA-Za-z0-9」）)](?:を|が|で|に)(?=.*[\u3040-\u309f\u4e00-\u9fff])"
)
"""A case particle after a word, with a predicate still to come (``コードを書ける``, ``値で並ぶ``)."""

_SENTENCE_LEAD = lazy_compile(r"以下|次の|(?:です|ます|だ|る|た|ない)[。.]?$")
"""A lead that is a sentence of its own (``…に効果的です``, ``次の通り``): its items answer what it
says, not what a name is."""


def _predicate_items(text: str, answers: list[str]) -> bool:
    """Whether the cloze is a list whose every item is one gap, each a Japanese statement of its
    own: :data:`MIN_PREDICATE_GAP_CHARS` characters or more (a bracketed aside left out), a case
    particle before a predicate (:data:`_CASE_PARTICLE`), and most of them ending on a verb
    (``ブラウザだけでコードを書ける``, ``キーの値で並ぶ``). Under a name (``Cloud9:``, ``複合キー``) such
    items are what the thing can do, each a clause to recite word for word; under a lead that is a
    sentence (:data:`_SENTENCE_LEAD`: ``…に効果的です:``) they answer it. A list of names or noun
    phrases (``自動バックアップ``, ``SSL/TLS による暗号化``) is a set to recall, and one of sentences
    ending on ``。`` a list of statements asked as they are."""
    if len(answers) < 2 or len(_ITEM_GAP.findall(text)) != len(answers):
        return False
    if any(answer.endswith(("。", "．")) or not has_cjk(answer) for answer in answers):
        return False
    lead = _plain(re.split(r"<(?:ol|ul|li)\b", text, maxsplit=1)[0]).rstrip(" :：")
    if not lead or _SENTENCE_LEAD.search(lead.rpartition(" › ")[2]):
        return False
    bare = [_BRACKETED.sub("", answer).strip() for answer in answers]
    if any(len(answer) < MIN_PREDICATE_GAP_CHARS or not _CASE_PARTICLE.search(answer) for answer in bare):
        return False
    return 2 * sum(_VERB_END.search(answer) is not None for answer in bare) > len(bare)


def _poor_gaps(text: str) -> tuple[str, str] | None:
    """The reason code and message when the cloze's gaps hide what a careful learner would not ask,
    else None: ``gap-predicate`` (the one gap is the verb that ends a Japanese sentence:
    ``…の使用は{{c1::避ける}}``), ``gap-generic`` (the one gap is a generic noun any sentence could end
    on, or one instance of ``each``: ``各 {{c1::VPC}} を…保護する``), ``gap-count`` (the one gap is the
    count in ``at least two``, which only says "more than one"), ``example-value`` (a gap holds a
    sample id or name: ``arn:aws:iam::123456789012:root``, ``Custom::TestResource``) and
    ``gap-in-qualifier`` (the gaps lie only in a leading ``In the …,`` phrase, while the sentence's
    point follows it)."""
    plain = html.unescape(HTML_TAG.sub("", text))
    gaps = list(_GAP.finditer(plain))
    if not gaps:
        return None
    answers = [" ".join(gap.group(1).split()) for gap in gaps]
    if any(_PLACEHOLDER.search(answer) for answer in answers):
        return "example-value", (
            "a gap hides a sample value (an example account id or resource name), not the rule it "
            "illustrates; no cloze (write the rule as a statement to get a card)"
        )
    coded = all(_CODE_GAP.match(inner) for inner in _GAP.findall(text))  # not the author's **bold**
    aside = _example_aside(plain, gaps[0].start(), gaps[-1].end(), len(gaps)) if coded else ""
    if aside:
        return "example-value", (
            f"the gaps hide only the examples in brackets ({aside}), not the rule or the thing they "
            "illustrate; no cloze (bold the rule's key phrase for a gap, or write `- **Term**: explanation`)"
        )
    if len(set(answers)) == 1:
        gap, answer = gaps[0], answers[0]
        before, after = plain[: gap.start()], plain[gaps[-1].end() :]
        if has_cjk(answer) and _PREDICATE_GAP.search(answer) and _SENTENCE_TAIL.match(after):
            return "gap-predicate", (
                f"the one gap '{answer}' is the verb that ends the sentence, not the thing to recall; "
                "bold the object instead"
            )
        if fold(answer) in _GENERIC_GAPS or (_EACH_BEFORE.search(before) and not _PERIOD.match(answer)):
            return "gap-generic", (
                f"the one gap '{answer}' is a generic noun (or one instance of 'each'), not the point of "
                "the sentence; no cloze"
            )
        if _SMALL_COUNT.match(answer) and _AT_LEAST_BEFORE.search(before):
            return "gap-count", (
                f"the one gap '{answer}' is the count in 'at least two', which only says 'more than one'; no cloze"
            )
    qualifier = _LEADING_QUALIFIER.match(plain)
    if qualifier is not None and not has_cjk(plain) and gaps[-1].end() <= qualifier.end():
        rest = plain[qualifier.end() :]
        if len(rest.split()) >= 3:
            return "gap-in-qualifier", (
                "the gaps hide only the leading qualifier (In the …,), not the point the sentence makes "
                "after it; no cloze"
            )
    return None


_LABELS = GENERIC_LABELS | TOPIC_LABELS | LABEL_TERMS
_NO_SUBJECT = _LABELS | GROUP_HEADINGS | NO_SUBJECT_WORDS


def _is_label(folded: str) -> bool:
    """A bare label (``Why ?``, ``例)``), or a label qualified only by another label
    (``問題のシナリオの解決策``, ``Otherの問題のポイント``): no subject either way."""
    bare = folded.strip(" ?？)）:：")
    if bare in _LABELS:
        return True
    for joint in ("の", " of "):
        start = bare.find(joint)
        while start >= 0:  # each place the joint stands, as re.finditer would find them
            head, tail = bare[:start].strip(), bare[start + len(joint) :].strip()
            if head and tail in _LABELS and (head in _NO_SUBJECT or _is_label(head)):
                return True
            start = bare.find(joint, start + len(joint))
    if " of " not in bare:
        return False
    tail, _, head = bare.partition(" of ")
    return tail in _LABELS and head in _NO_SUBJECT


def _qualified_label(folded_term: str) -> bool:
    """A label word after a short qualifier that ends in a particle or a space (``会社の要件``,
    ``使用するメリット``, ``Key points``): it names a part of some subject, so with no subject above it
    the front says nothing. ``VPCエンドポイント`` or ``Prefix`` only end like a label. ``folded_term``:
    the term folded."""
    folded = folded_term.rstrip(" ?？:：")
    words = _label_words()
    # the label words it can end in are its own endings, LABEL_SLACK characters or fewer short of it
    # (only the sizes of the label words that end in its last character can be such an ending)
    sizes = _label_sizes().get(folded[-1:]) if "" not in words else range(len(folded))
    for size in sizes or ():
        if max(0, len(folded) - LABEL_SLACK) <= size < len(folded) and folded[len(folded) - size :] in words:
            before = folded[-size - 1]
            if before.isspace() or "\u3041" <= before <= "\u309f":
                return True
    return False


@lru_cache(maxsize=1)
def _label_sizes() -> dict[str, tuple[int, ...]]:
    """The lengths of the label words, by their last character, shortest first."""
    sizes: dict[str, set[int]] = {}
    for word in _label_words():
        sizes.setdefault(word[-1:], set()).add(len(word))
    return {last: tuple(sorted(lengths)) for last, lengths in sizes.items()}


_VALUE = lazy_compile(r"<dd>((?:(?!</dd>).)*)</dd>", re.DOTALL)
_LINK_ONLY = lazy_compile(r"^(?:\s*<a\b[^>]*>[^<]*</a>\s*[,、]?)+\s*$")

_LIST_COMMA = lazy_compile(r"\s*[,、]\s*")


def _marks_only(attributes: str) -> bool:
    """Every value of a comparison is a mark (✔, ✘) or a reference (a link, ``RFC3744``), and at least
    one is a reference: a registry row with no description. (A row of あり/なし alone is a fact.)"""
    values = [value for value in _VALUE.findall(attributes) if _plain(value)]
    references = 0
    for value in values:
        parts = _LIST_COMMA.split(_plain(value))
        if _LINK_ONLY.match(value) or all(REFERENCE_VALUE.match(part) for part in parts):
            references += 1
        elif not all(MARK_VALUE.match(part) for part in parts):
            return False
    return references > 0


def _image_source(candidate: Candidate) -> bool:
    source = candidate.source
    if isinstance(source, ListItem | Paragraph):
        parts = [part for part in source.inlines if part.kind != "br" and (part.kind != "text" or part.text.strip())]
        return bool(parts) and all(part.kind == "image" for part in parts)
    return False


_INNER_SENTENCE_END = lazy_compile(r"[。!?！？]|\.\s")


def _titles_only(term: str, answer: str) -> bool:
    """One short phrase that only names a topic: a section title over a summary of the section
    (``…データ復旧機能の比較`` → ``…と…の使い分け。``), or a reading remark over a title (``Read`` →
    ``Waterfall vs Agile method``)."""
    core = answer.strip().rstrip("。.")
    if not core or len(core) > MAX_TERM_CHARS * 2 or _INNER_SENTENCE_END.search(core):
        return False
    if fold(term) in REMARK_TERMS:
        return is_topic_title(core) or _names_list(core)
    return is_topic_title(term) and fold(core).endswith(SECTION_SUMMARY_ENDINGS)


def _names_list(text: str) -> bool:
    """Two or more short names separated by commas (``resolvectl, nslookup, host``): after a remark
    word (``See also``, ``参照``) they point to other pages, they state nothing."""
    parts = [part.strip() for part in re.split(r"[,、，]|\band\b|および|や", text)]
    return len(parts) >= 2 and all(
        part and len(part) <= MAX_NAME_CHARS and len(part.split()) <= 3 and not sentence_like(part) for part in parts
    )


def _is_step(folded: str) -> bool:
    """The answer (``folded``) places it in a sequence in its first clause (``ブラウザはまず…``,
    ``次に、…``, ``Then …``)."""
    if folded.startswith(_STEP_OPENINGS):
        return True
    first_clause = _CLAUSE_END.split(folded, maxsplit=1)[0][:12]
    return any(word in first_clause for word in _STEP_WORDS_CJK)


_UI_INSTRUCTION = lazy_compile(
    r"^(?:(?:now|then|next|once [^,]{1,60}),?\s+)?(?:click|tap|double-click|right-click|navigate|proceed|scroll)\b"
    r"|\bclick (?:on|the)\b|\bgo to \S[^.]{0,40}\s>\s",
    re.IGNORECASE,
)
"""An English instruction to the reader of a tutorial (``Click on 'Create'``, ``Proceed with the VM
creation``, ``… go to Management > Automation``): a step in a user interface, not a fact. ``press``
and a bare ``go to`` are left out: they tell what a key does (``press Super and L together``)."""
_LAB_VERB = (
    r"(?:作成|設定|確認|実行|入力|選択|起動|停止|削除|インストール|追加|変更|接続|ログイン|投入|適用|"
    r"クリック|タップ|押下|押)"
)
_LAB_STEP_JA = lazy_compile(rf"(?:を|に|で)\s*{_LAB_VERB}(?:し|を)?(?:ます|ました|しましょう|してください)[。.]?$")
"""A Japanese sentence that ends on what the writer does in a lab (``…を作成します``, ``…を確認します``)."""


_MEANS_GAP = lazy_compile(r"\}\}\s*(?:コマンド|ツール)?\s*(?:で|を使って|を使い|を用いて|によって)")
"""A gap that names the means of the action (``{{c1::systemctl status}} でサービスの状態を確認します``):
the sentence says which tool does it, a fact, even in the form of a step. A code span does the same."""


_FIRST_PERSON_LOG = lazy_compile(
    r"^(?:here(?:'s|’s| is) what (?:i|we)\b|(?:i|we)\s+(?:[a-z]+ed|went|began|chose|made|ran|got|found|saw|took|did|"
    r"used|built|wrote|kept|had|initially|first|then|also|now|finally)\b)",
    re.IGNORECASE,
)
"""An answer that tells what the writer did (``I started by …``, ``I went back to …``, ``Here's what I
learned``): a lab diary's narration, not what its heading is."""
_FIRST_PERSON_CLAUSE = lazy_compile(
    r"\b(?:I|we) (?:[a-z]+ed|went|began|chose|made|ran|got|found|saw|took|did|used|built|wrote|kept)(?: [a-z]+){0,2}:"
    r"|\b(?:helped|taught) me\b",
    needs=("I ", "we ", " me"),
)
"""A sentence in which the writer lists what they did (``During this lab, I configured: …``) or what the
lab taught them. ``I used traceroute to follow the path`` still says what a tool does, and stays."""
_PAST_ACTION_LOG = lazy_compile(
    r"^(?:Created|Configured|Entered|Selected|Left as|Clicked|Chose|Navigated|Launched|Installed|Ran|Verified|"
    r"Confirmed|Enabled|Disabled|Added|Named|Opened|Typed|Deleted)"
    r"\s+(?:[\"'“‘「]|(?:the|a|an|my|our|it|them|this|these)\b|[A-Z0-9])"
)
"""An answer that is a lab log's line in the past tense with no subject (``Entered "First VPC"``,
``Selected "No Preference"``, ``Created VLAN 240 named …``): a capitalised past verb followed by what
it acted on (a quoted value, an article, a name). ``Created by …``, ``Added in 3.8``, ``launched within a
timeslot`` and a bare ``Enabled`` say what the term is or holds, and stay."""
_TASK_LABEL = lazy_compile(
    r"^(?:(?:task|step|lab|exercise|quiz|question|problem|q|課題|クイズ|問題|問|設問|演習|練習問題|質問|クエリ)\s*"
    r"\d+(?:\.\d+)*|exercises?|quiz|練習問題|演習問題|クイズ)\s*[:：.]?$",
    re.IGNORECASE,
)
"""A front that only numbers a task of a lab or a question of an exercise (``Task 6.1``, ``Step 3:``,
``クイズ1``, ``課題 2``, ``Q3``, a bare ``Exercise``): a number, not a term; its text is the task or the
question, which no card asks without its answer (a ``<details>`` answer under it is one card, see
extract/details.py). ``STEP3: コマンド入力の簡略化`` names its topic after the number and is left to the
other checks."""
_UI_REQUEST_JA = lazy_compile(
    r"(?:(?:入力|クリック|選択|ログイン|コピー|ペースト|ドラッグ|ドロップ|取得|アクセス|ダウンロード|インストール|実行|移動|"
    r"設定|作成|接続|実施|用意|指定)し|開い|押し|変え)て(?:ください|下さい)|てみ(?:ましょう|てください)$"
    r"|を(?:クリック|押下)(?:する|します)?$",
    needs=("てください", "て下さい", "てみ", "クリック", "押下"),
)
"""A Japanese instruction to the reader of a tutorial (``…を入力してください``, ``…を開いてください``,
``…ボタンをクリック``). ``…を使用してください`` (a recommendation) is not one, nor a memo's ``…を選択する``
(``FARGATE / EC2 のいずれかを選択する`` says what a setting chooses between)."""


_UI_OPERATION_JA = lazy_compile(
    r"(?:ボタン|タブ|メニュー)\s*を?\s*(?:クリック|押下|押し|押す|選択)"
    r"|(?:ボタン|タブ|画面|メニュー)[^。]{0,40}→|→[^。]{0,40}(?:ボタン|タブ|をクリック)"
    r"|を(?:クリック|押下|コピー|ペースト)(?:し|して|する|します)?$"
    r"|(?:たら|ままで|まま)、?\s*(?:OK|ＯＫ|ok)(?:です)?$"
    r"|(?:下記|以下|次)の(?:内容|値|項目|設定|とおり|通り)[^。]{0,12}(?:入力|選択|指定)"
)
"""A Japanese step through a user interface: a button or tab clicked, a path of screens joined by
``→`` (``セキュリティタブ→インバウンドのルールの編集``), a value copied, ``…が表示されたら、OK``, or a form to
fill (``下記の内容を入力・選択する``). A code span in such a sentence names a screen's label, not a tool."""
_MEMO_STEP_JA = lazy_compile(
    r"(?:を|に|へ)\s*(?:移動させ|移動し|転送し|コピーし|アップロードし|ダウンロードし|行い|進め|作り)(?:ます|ました|ましょう)$"
)
"""A Japanese memo's step in the polite form: a file moved or copied, a step taken (``…権限変更を行います``,
``…配下に移動させます``), read only where the sentence has no topic (は, が)."""
_DOCUMENT_OPENING_JA = lazy_compile(
    r"^(?:本手順書?|この手順書?|ここ|今回|本ハンズオン|このハンズオン|本章|この章|本演習|この演習)では[、,]?[^。]*(?:ます|ましょう)$"
)
"""A sentence that tells what this hands-on does (``本手順書では、…で進めます``, ``ここでは…を作ります``): the
writer's plan, not a fact."""


def _memo_step(text: str, polite: bool = True) -> bool:
    """Whether the first sentence of ``text`` is a Japanese hands-on memo's step (:data:`_UI_OPERATION_JA`,
    :data:`_MEMO_STEP_JA` when ``polite``, :data:`_DOCUMENT_OPENING_JA`). A definition's answer in the polite
    form (``単一のリソースにトラフィックを転送します``) often says what its term does, so there ``polite`` is off."""
    first = _MEMO_SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip().rstrip("。.!！、,")
    if not has_cjk(first):
        return False
    if _UI_OPERATION_JA.search(first) or _DOCUMENT_OPENING_JA.match(first):
        return True
    return polite and _MEMO_STEP_JA.search(first) is not None and "は" not in first and "が" not in first


_LAB_NARRATION = lazy_compile(
    r"\b(?:was|were)\s+(?:configured|assigned|given|set up)(?:\s+as\b|\s*[:：]|\s*$)"
    r"|\b(?:was|were)\s+(?:applied|configured|deployed|enabled|set up)\s+(?:on|to)\s+(?:two|three|four|both|all|each|"
    r"every)\s+(?:of\s+the\s+)?(?:switch|router|pc|host|server|vm|instance|device|node)(?:e?s)?\b"
    r"|(?<![\w'’])[iI]\s+(?:encountered|faced|had|redid|tried|struggled|learned|learnt|noticed|realised|realized)\b"
)
"""An English line of a lab report: what the writer's own setup was given (``Each switch was
assigned:``, ``Connections between switches were configured as trunk ports``, ``… policies were applied
on two switches``) or what the writer met
(``The only problem i encountered …``, ``… and now I had the loop polling every 10 seconds``).
``were assigned to large networks`` states a fact and stays."""
_NARRATIVE_LABEL = lazy_compile(
    r"^(?:(?:scenario|lab|project|task)\s+(?:overview|summary|description|background)|challenges?(?:\s+faced)?"
    r"|problems?\s+(?:faced|encountered)|lessons?\s+learn(?:ed|t)|what\s+i\s+learn(?:ed|t)|reflections?)$",
    re.IGNORECASE,
)
"""A label of a lab report (``Scenario Overview``, ``Challenges``, ``Lessons learned``): what stands under
it is the writer's own story."""
_FORM_VALUE = lazy_compile(r"^(?:任意(?:[。、（(:：\s]|$)|[^。]{0,40}を選択(?:[、。,]|$))|何でも(?:いい|良い|OK)")
"""A definition's answer that is a value typed or chosen in a form: ``任意。例 id_rsa`` (any name),
``myfunction を選択`` (chosen on screen), ``Python 3.9（何でもいいと思います）``. A memo's ``…を選択する``
(``FARGATE / EC2 のいずれかを選択する``) says what a setting chooses between, and stays."""


_WRITER_ACTION = lazy_compile(
    r"^(?:(?:finally|then|next|first|afterwards|later|also|in this (?:lab|task|exercise|project)|"
    r"during (?:this|the) (?:lab|task|exercise)|by [^,]{1,60}),\s*"
    r"|(?:after|once|when|as soon as) (?:the|my|our|it|this|that|i|we)\b[^,.]{1,60}?(?:,\s*|\s+(?=(?:i|we)\s)))?"
    r"(?:i|we)\s+(?:also\s+|then\s+|first\s+|later\s+)?"
    r"(?:configured|set up|created|added|assigned|enabled|disabled|tested|verified|installed|deployed|connected|"
    r"entered|selected|clicked|opened|launched|checked|observed|triggered|applied|changed|removed|deleted|"
    r"logged (?:in|into|on)|ran|tried|started|began|explored|typed|copied|uploaded|downloaded|"
    r"was able to|were able to)\b",
    re.IGNORECASE,
)
"""A sentence that opens on what the writer did in the lab (``I set up a default route on R1 …``,
``Finally, I configured …``, ``By triggering violations, I was able to observe …``, ``After the
instance came up I logged in …``): a lab report's narration. ``I used traceroute to follow the path``
says what a tool does, and stays."""


_PREREQUISITE_LABELS = frozenset(
    {"前提", "前提条件", "事前準備", "事前条件", "必要なもの", "prerequisite", "prerequisites", "pre-requisites"}
)
_SETUP_STATE = lazy_compile(
    r"導入済|インストール済|インストールされて|設定済|設定されて|設定(?:する|します)?(?=[（(]|$)|用意されて|作成済"
    r"|\b(?:installed|configured|set up)\b",
    re.IGNORECASE,
)
"""A line that states a tool or a setting is in place (``AWS CLI 導入済み``, ``…がインストールされていること``,
``Docker installed``): an item of a lab's setup checklist."""


def _setup_checklist(term: str, answer: str, source: object) -> bool:
    """A prerequisites label (``前提：``, ``### 前提条件``, ``Prerequisites``) whose answer lists what the
    writer had set up before a lab (every item a tool installed or a setting made): the lab's checklist,
    not what the front is (``継続的配信 › 前提 : the tests run on every commit`` states a fact and stays).
    The items are the list's (a heading's list, a bullet's children); a label paragraph over a list has
    only the joined answer: its text must end on a setup state (a bracketed remark after it at most)."""
    label = fold(clean_term(term.rpartition(" › ")[2])).strip(" :：")
    if label not in _PREREQUISITE_LABELS:
        return False
    if isinstance(source, ListBlock):
        items = [item.text for item in source.items]
    elif isinstance(source, ListItem):
        items = [child.text for sublist in source.sublists for child in sublist.items]
    else:
        items = []
    if items:
        return all(_SETUP_STATE.search(plain_html(item)) for item in items)
    text = plain_html(answer).strip()
    ends = [found.end() for found in _SETUP_STATE.finditer(text)]
    return bool(ends) and _BRACKETED_REMARK.fullmatch(text[ends[-1] :]) is not None


_BRACKETED_REMARK = lazy_compile(r"\s*(?:[（(][^（()）]*[)）])?\s*")


def _lab_narration(text: str) -> bool:
    first = _NARRATION_SENTENCE_END.split(plain_html(text).strip(), maxsplit=1)[0]
    return _LAB_NARRATION.search(first) is not None or _WRITER_ACTION.match(first) is not None


def _bare_label(text: str) -> str:
    """A label with its emoji, numbering and markup stripped (``1️⃣ Scenario Overview`` → ``Scenario Overview``)."""
    return _LABEL_EDGES.sub("", _KEYCAP_NUMBER.sub("", text.strip()))


def _form_value(answer: str) -> bool:
    return _FORM_VALUE.search(plain_html(answer).strip()) is not None


def _form_field(record: _Seen, lead_lines: Callable[[Candidate], tuple[str, ...]]) -> tuple[str, str] | None:
    """A definition under a bullet that tells the reader to fill a form or click (``下記の内容を入力・選択する``
    over ``- インスタンスタイプ: t2.micro``): the value typed in one lab, not what the field is."""
    if record.candidate.kind != NoteKind.DEFINITION:
        return None
    for line in lead_lines(record.candidate)[:2]:
        plain = plain_html(line)
        if _memo_step(plain) or (has_cjk(plain) and _UI_REQUEST_JA.search(plain.split("。")[0].rstrip("。.!！、,"))):
            return "example-value", (
                f"a value filled in under '{excerpt(plain)}', a step of a lab that fills a form or clicks: what "
                f"one lab typed for '{record.term}', not what the field is; no card"
            )
    return None


_SENTENCE_BREAK = lazy_compile(r"(?<=[.。])\s*")
"""Where a sentence of a lab's answer ends (its first sentence is what the checks below read)."""
_LAB_STEP_ENDINGS = ("ます", "ました", "しましょう", "してください")
"""How every sentence :data:`_LAB_STEP_JA` finds ends (before one closing ``。``)."""


def _lab_step_ja(text: str) -> bool:
    """:data:`_LAB_STEP_JA` found in ``text`` (its search run only when ``text`` ends as it must)."""
    core = text[:-1] if text.endswith("\n") else text
    core = core[:-1] if core.endswith(("。", ".")) else core
    return core.endswith(_LAB_STEP_ENDINGS) and _LAB_STEP_JA.search(text) is not None


def _log_line(answer: str) -> bool:
    """Whether a definition's answer is a line of a lab log: what the writer did (first person or a
    past-tense action with no subject), or a Japanese instruction to the reader (click, enter, open)."""
    text = answer.strip()
    if has_cjk(text):  # (an answer with no CJK has none in its first sentence)
        first = _SENTENCE_BREAK.split(text, maxsplit=1)[0].strip().rstrip("。.!！、,")
        if has_cjk(first):
            return _UI_REQUEST_JA.search(first) is not None
    return _FIRST_PERSON_LOG.match(text) is not None or _PAST_ACTION_LOG.match(text) is not None


def _step_sentence(text: str) -> bool:
    """Whether a sentence is a step of a lab or tutorial: an English instruction to click or go
    somewhere, or a Japanese sentence with no topic (は, が) that ends on an action
    of the writer (``STPの状態を確認します``)."""
    first = _SENTENCE_BREAK.split(text.strip(), maxsplit=1)[0].strip()
    if not first:
        return False
    if has_cjk(first):
        if _UI_REQUEST_JA.search(first.rstrip("。.!！、,")):
            return True
        return _lab_step_ja(first) and "は" not in first and "が" not in first
    if _FIRST_PERSON_CLAUSE.search(first):
        return True
    # a short answer (``Ctrl+Click`` → ``click to open the link``) is what a key or command does
    return len(first.split()) >= MIN_INSTRUCTION_WORDS and _UI_INSTRUCTION.search(first) is not None


MIN_INSTRUCTION_WORDS = 6
"""The fewest words of an English instruction read as a tutorial's step (shorter ones name what a
shortcut or a command does)."""


_ACTION_VERBS = frozenset(
    [
        "add",
        "build",
        "change",
        "check",
        "checkout",
        "cherry-pick",
        "click",
        "clone",
        "commit",
        "configure",
        "copy",
        "create",
        "delete",
        "deploy",
        "edit",
        "enter",
        "fix",
        "go",
        "install",
        "merge",
        "open",
        "paste",
        "pull",
        "push",
        "rebase",
        "remove",
        "restart",
        "run",
        "save",
        "select",
        "set",
        "start",
        "stop",
        "try",
        "type",
        "update",
        "use",
        "write",
    ]
)
"""Verbs that open an instruction in a lowercase exercise step (``add bug - commit to master``)."""


_EXAMPLE_LABEL_OPENING = lazy_compile(r"^\s*(?:example|例)\s*[:：]", re.IGNORECASE)
"""A sentence that opens on the label ``Example:`` (``Example: a user receives a text that …``)."""
MIN_SCENARIO_WORDS = 12
"""The fewest words of an example that is a made-up case, not a short list of instances."""


def _example_scenario(label: str, answer: str) -> bool:
    """Whether a definition asks ``… › Example`` (one example, singular) and its answer tells a made-up
    case in a sentence of MIN_SCENARIO_WORDS words or more (``User receives an email seemingly sent
    by …``): many cases would be right. ``Examples`` → ``RPC, SQL sessions`` names instances, and stays."""
    if fold(label) not in ("example", "例", "具体例"):
        return False
    if has_cjk(answer):
        return len(answer) >= MIN_SCENARIO_WORDS * 3  # a Japanese word is about three characters
    return len(answer.split()) >= MIN_SCENARIO_WORDS


def _step_pair(name: str, answer: str) -> bool:
    """Whether a definition's term and answer are both lowercase instructions (``add bug (or typo)`` →
    ``commit to master``, from a numbered exercise): two steps, not a term and what it is."""
    words = name.split()
    if len(words) < 2 or words[0] not in _ACTION_VERBS:
        return False  # (most terms: the answer is not split)
    answer_words = answer.split(maxsplit=2)
    return len(answer_words) >= 2 and answer_words[0] in _ACTION_VERBS


def _lab_step(name: str, answer: str) -> bool:
    """Whether a definition's answer is a step of a lab or tutorial, not what its term is: an English
    instruction (:func:`_step_sentence`), or a Japanese answer that opens on its term as the place the
    writer acts (``sw01 で VLAN を作成します。``) and ends on a lab action. A Japanese answer in the
    polite form with no topic (``…ルールに紐づける形で設定します。``) often says what its term does,
    so it alone is no step."""
    text = answer.strip()
    if not has_cjk(text):
        return _step_sentence(text)
    if not name:
        return False
    first = text.split("。", 1)[0].strip()
    rest = text[len(name) :].lstrip() if text.startswith(name) else ""
    return rest.startswith(("で", "でも", "に")) and _lab_step_ja(first + "。")


_STEP_WORDS_CJK = tuple(word for word in STEP_WORDS if has_cjk(word))
"""Found anywhere in the first clause's first 12 characters (``ブラウザはまず…``)."""
_STEP_OPENINGS = tuple(word for word in STEP_WORDS if not has_cjk(word))
"""Found at the start of the answer (``Then …``)."""


def _prose(text: str) -> bool:
    return (has_cjk(text) and len(text) >= 8) or len(text.split()) >= 4


_WORD = lazy_compile(r"[\w\u3040-\u30ff\u4e00-\u9fff]+")
_CJK_FILLERS_LONGEST = tuple(word for word in sorted(FILLER_WORDS, key=len, reverse=True) if has_cjk(word))
_FILLER_SET = frozenset(FILLER_WORDS)
"""FILLER_WORDS to look a word up in (a tuple of a hundred is read through for every word of every answer)."""


def _lookup(candidate: Candidate) -> bool:
    """A table row asked as ``name › column`` (``Session › TCP/IP Equivalent``): a mapping table's
    value may share the name's word (Application → Application) and still be the fact asked."""
    return candidate.extractor == "tables" and " › " in candidate.term


_FORMULA = lazy_compile(r"[A-Za-z][\w ]{0,30}?(?:\s+[+×*/−-]\s+[A-Za-z][\w ]{0,30}?)+")
"""An answer that is a sum or product of named quantities (``Duration + Cooldown``): it says how the
term is made from them, even when the heading above names the same quantities."""
_CODE_ONLY = lazy_compile(r"\s*<code>[^<]+</code>\s*")
"""An answer that is one code span (``./<file>``): the command a task is done with."""


def _how_made(answer: str, definition: str) -> bool:
    """Whether the answer is a formula over named quantities or one command: it says how the term is
    computed or done, so sharing words with the heading above (``Duration vs Cooldown``, ``File
    Commands``) is no restatement; one that only repeats the term still is."""
    return _FORMULA.fullmatch(answer) is not None or _CODE_ONLY.fullmatch(definition) is not None


_SCENARIO_LABEL = lazy_compile(
    r"^(?:(?:example|sample)\s+)?(?:scenarios?|use[\s-]+case\s+examples?|examples?)$", re.IGNORECASE
)
_GERUND_OPENING = lazy_compile(r"^[A-Z][a-z]+ing\b")
"""An example told as an activity (``Hosting a website…``, ``Running a database…``)."""
_STEM_CHARS = 5
"""Two English words share a stem when their first this many letters are the same (``Delivery`` and
``Delivering``, ``Development`` and ``Developing``)."""


def _stems(text: str) -> set[str]:
    return {word[:_STEM_CHARS] for word in re.findall(r"[a-z]+", text.lower()) if len(word) >= _STEM_CHARS}


def _scenario_owner(record: _Seen) -> str:
    """The name an ``Owner › Scenario`` (or ``Example``) card holds an example of, when the example only
    restates it: a label that asks for an example scenario, and an answer told as an activity that
    shares a word stem with the owner's name (``Web Hosting`` -> ``Hosting a website…``, ``Content
    Delivery`` -> ``Delivering content…``); else empty. The owner is the front's part before the label,
    or the context's last part."""
    owner, _, label = record.prompt.rpartition(" › ")
    if not _SCENARIO_LABEL.match(label.strip()) or has_cjk(record.answer):
        return ""
    owner = (owner or record.context).rpartition(" › ")[2].strip()
    if not _GERUND_OPENING.match(record.answer):
        return ""  # ``Session management for RPC, SQL sessions``: instances named, not an imagined case
    return owner if _stems(owner) & _stems(record.answer) else ""


def _restates(term: str, folded: str) -> bool:
    """The answer (``folded``) says nothing but the term and filler words (``任意の名前を設定する``)."""
    rest = folded
    if not rest:
        return False
    folded_term = fold(term)
    if has_cjk(rest):
        rest = rest.replace(folded_term, " ")
        for filler in _CJK_FILLERS_LONGEST:
            rest = rest.replace(filler, " ")
        term_words = set(_WORD.findall(folded_term))
        words = (word for word in _WORD.findall(rest) if word not in _FILLER_SET)
        # an identifier (``@logStream``, ``snake_case``) whose answer names what it holds says what it is
        spelled = term_words if not _IDENTIFIER_MARK.search(term) else set()
        return all(word in term_words or word in folded_term or _spells(word, spelled) for word in words)
    term_words = {word.rstrip("s") for word in _WORD.findall(folded_term)}
    return all(word.rstrip("s") in term_words for word in _WORD.findall(rest) if word not in _FILLER_SET)


def _spells(word: str, term_words: set[str]) -> bool:
    """A katakana word that is a Latin word of the term spelled out (``ビルド`` for ``build``): the
    same consonants, at least MIN_TRANSLITERATED_SKELETON of them."""
    if not _KATAKANA_WORD.fullmatch(word):
        return False
    skeleton = kana_skeleton(word)
    if len(skeleton) < MIN_TRANSLITERATED_SKELETON:
        return False
    return any(word.isascii() and latin_skeleton(word) == skeleton for word in term_words)


_IDENTIFIER_MARK = lazy_compile(r"[@_$]|[a-z][A-Z]")
_KATAKANA_WORD = lazy_compile(r"[\u30a1-\u30faー]+")


_WRONG_OPTION_LABEL = lazy_compile(
    r"(?:適用外|不正解|不適切|誤り|対象外|不適合)(?:の|な)?理由\s*$|\bwhy (?:it is )?(?:not|wrong)\s*$"
)
"""A label that says why an exam option is wrong (``適用外の理由``, ``不正解の理由``): its answer holds
only against the question's requirement, which no card shows."""
_CONDITION_OPENING = lazy_compile(r"^\s*[^。、]{2,40}?(?:場合|とき|時|なら)[、,]\s*")


def _chosen_when(term: str, answer: str) -> bool:
    """Whether a one-sentence answer opens on a condition and then names the term itself as its
    subject (``更新が少ないなら Amazon S3 が安く済む`` under ``Amazon S3``): it
    says when the term is the choice, not what it is, and its front, the bare name, asks nothing
    of that condition."""
    opening = _CONDITION_OPENING.match(answer)
    name = term.rpartition(" › ")[2].strip()
    if opening is None or not name or "。" in answer.rstrip("。"):
        return False
    rest = answer[opening.end() :]
    return rest.startswith(name) and rest[len(name) :].lstrip().startswith(("は", "が"))


def _scenario_part(record: _Seen, in_scenario: Callable[[Candidate], bool]) -> tuple[str, str] | None:
    """A definition inside an exam question's scenario (under ``問題のシナリオ``, ``解決策``,
    ``会社の要件`` …) whose answer does not say what its term is: a part of the made-up system
    (``ウェブアプリケーションは…で実行されます``) or a step of its answer (``…を作成し、ALB を設定``).
    A term there that is defined (``…を決める条件です``) stays a card."""
    candidate = record.candidate
    if candidate.kind != NoteKind.DEFINITION or not in_scenario(candidate):
        return None
    if _says_what_it_is(record.answer) and not _step_of_answer(record):
        return None
    return "scenario", (
        f"'{record.term}' is part of an exam question's scenario or its solution, and its answer does not "
        "say what it is; card the services it uses under their own names"
    )


def _step_of_answer(record: _Seen) -> bool:
    """A scenario bullet labelled by an action phrase (``…との統合``, ``…との同期設定``:
    :data:`~ankigen.extract.vocabulary.FEATURE_PHRASE`) whose answer ends on a polite verb
    (``…として設定します``): a step of the solution, even when a clause before ``で、`` names a place
    (``…の設定で、``). A name (``FQDN``, ``ホストヘッダー``) there is still defined by such a sentence."""
    first = record.answer.split("。", 1)[0].strip()
    return (
        has_cjk(first)
        and POLITE_ACTION_ENDING.search(first) is not None
        and FEATURE_PHRASE.match(clean_term(record.term).replace(" ", "")) is not None
    )


def _says_what_it_is(answer: str) -> bool:
    """An answer that names what its term is: Japanese ending in a noun (not a memo-style step such
    as ``…を設定``), English opening with an article (``A rule that …``)."""
    from .sentence_definitions import names_what_it_is  # sentence_definitions imports this module's package

    first = answer.split("。", 1)[0].strip()
    if has_cjk(first):
        return names_what_it_is(first) and not VERBAL_NOUN_ENDING.search(first)
    return re.match(r"(?:an?|the|one)\s", first, re.IGNORECASE) is not None


# ------------------------------------------------------------------------------------------------
# clutter: trimmed from the notes that stay
# ------------------------------------------------------------------------------------------------

_FIELD_CLEANERS = (TEMPLATE_MARKER, FENCE_MARKER, FOOTNOTE_MARKER)
_RATED_PART = lazy_compile(r"<dt>(?:(?!</dt>).)*</dt>\s*<dd>\s*(?:<[^>]+>\s*)*[★☆]{2,}(?:(?!</dd>).)*</dd>", re.DOTALL)
_TIDY_EMOJI = "★☆\u2757\u2755\u2753\u2754\u26a0\u26a1\u2b50\u2728\u23f0\u23f1\U0001f300-\U0001faff"
_MAY_TIDY_MARK = lazy_compile(
    rf"[{{`~\[後参こ以{_TIDY_EMOJI}](?:(?<=\{{)%|(?<=`)``|(?<=~)~~|(?<=\[)\^|(?<=後)(?:述|ほど)|(?<=参)照|(?<=こ)こで|"
    rf"(?<=以)下で|(?<=[{_TIDY_EMOJI}]))"
)
"""``{%``, fences, ``[^``, decorative marks, 後述, 後ほど, 参照, ここで, 以下で: written as one character class first,
which ``re`` scans for in C, and the rest checked behind it (an alternation of these, with the
words below, was tried at every character of every field)."""


def _may_tidy(text: str) -> bool:
    """Whether ``text`` holds anything the cleaners and rating patterns below match (most fields
    have nothing): a mark of :data:`_MAY_TIDY_MARK` or the word below, above or later in any case
    (no character but A-Z lowers to one of their letters)."""
    if _MAY_TIDY_MARK.search(text) is not None:
        return True
    lowered = text.lower()
    return "below" in lowered or "above" in lowered or "later" in lowered


_TOP_BLOCK = lazy_compile(r"(<br>|</p>|</ul>|</ol>|</pre>|</table>|</dl>|</blockquote>)")


def _tidy(record: _Seen, trimmed: list[Skipped]) -> Candidate:
    """The candidate with markers, rating remarks and overlong parts taken off its fields; each trim
    of content is recorded in ``trimmed``."""
    candidate = record.candidate
    note = candidate.note
    updates: dict[str, str] = {}
    shown = record.prompt[:120]
    # most notes have no marker in any field: one search over them all (no marker spans a "\x00")
    marked = _may_tidy("\x00".join(value for _, value in note.fields))
    for name, value in note.fields if marked else ():
        if name in ("Source", "Table") or not _may_tidy(value):
            continue
        cleaned = value
        for marker in _FIELD_CLEANERS:
            cleaned = marker.sub(lambda match: "<br>" if match.group().startswith("<br>") else "", cleaned)
        cleaned = DECORATIVE_EMOJI.sub("", cleaned)  # 🔸, ❗, 🔀 around a line: decoration, not text
        unpointed = POINTER_SENTENCE.sub("", cleaned).rstrip()
        if unpointed != cleaned.rstrip() and _plain(unpointed):
            pointer = _plain(cleaned[len(unpointed) :] if cleaned.startswith(unpointed) else cleaned)
            message = (
                f"a sentence that only points elsewhere in the notes ({pointer[:60]!r}) was left off the {name} "
                "field: on a card there is no 'below'"
            )
            trimmed.append(Skipped(note.span, shown, message, "pointer-sentence"))
            cleaned = unpointed
        rated = _RATED_PART.sub("", cleaned)
        rated = RATING.sub("", rated)
        rated = re.sub(r"^<dl>\s*</dl>$", "", rated.strip()) if rated != cleaned else rated
        if rated != cleaned:
            message = f"a rating remark (★★★★★) was left off the {name} field: a remark about the fact, not the fact"
            trimmed.append(Skipped(note.span, shown, message, "rating-remark"))
            cleaned = rated
        if cleaned != value:
            updates[name] = cleaned
    fields = {**note.field_map, **updates}
    if note.kind == NoteKind.DEFINITION:
        updates.update(_code_off_back(fields, note, shown, trimmed))
        fields = {**fields, **updates}
        updates.update(_example_off_back(fields, note, shown, trimmed))
        fields = {**fields, **updates}
        updates.update(_kind_items_off_back(fields, note, shown, trimmed))
        fields = {**fields, **updates}
        updates.update(_url_off_back(fields, note, shown, trimmed))
        fields = {**fields, **updates}
        updates.update(_cap_answer(fields, note, shown, trimmed))
        fields = {**fields, **updates}
    elif note.kind == NoteKind.BASIC and candidate.extractor in _ANSWERED_EXTRACTORS:
        # a question written with its answer (``Q:`` / ``A:``): the answer's first sentence answers
        updates.update(_cap_answer(fields, note, shown, trimmed, "Answer"))
        fields = {**fields, **updates}
    updates.update(_cap_details(fields, note, shown, trimmed))
    if not updates:
        return candidate
    return Candidate(_with_fields(note, updates), candidate.extractor, candidate.source, candidate.term)


_ANSWERED_EXTRACTORS = frozenset({"questions"})
"""Extractors of basic notes whose answer is prose the author wrote as the answer (``Q:`` / ``A:``):
capped as a definition's is. A question over a list (question_lists.py) asks the list whole."""
_CODE_BLOCK = lazy_compile(r"<pre\b(?:(?!</pre>).)*</pre>", re.DOTALL)
_ITEM_HTML = lazy_compile(r"<li>((?:(?!<li>|</li>).)*)</li>", re.DOTALL)
_EXAMPLE_LEAD = lazy_compile(r"例|\bexamples?\b|\bsample\b", re.IGNORECASE)
_JOINER_BETWEEN_CODE = lazy_compile(
    r"(</pre>)\s*<p>\s*(?:または|もしくは|あるいは|ないしは|or|and)\s*[、,:：]?\s*</p>\s*(?=<pre\b)", re.IGNORECASE
)
"""A paragraph of a joiner alone between two code blocks (``…</pre><p>または</p><pre>…``)."""


def _code_off_back(fields: dict[str, str], note: Note, shown: str, trimmed: list[Skipped]) -> dict[str, str]:
    """A code block on a definition's back (``以下は Python での例`` with the code under it) leaves it:
    code is never what a term is, and a learner cannot recite it. The bullet that only led in to the
    code goes with it; the rest of the answer stays. Recorded (``code-on-back``)."""
    definition = fields.get("Definition", "")
    if "<pre" not in definition:
        return {}
    if not _plain(_CODE_BLOCK.sub("", definition)):
        return {}  # the answer is only code: nothing would be left to ask (the extractor's call)

    def without_code(item: re.Match[str]) -> str:
        if "<pre" not in item.group(1):
            return item.group(0)
        text = _plain(_CODE_BLOCK.sub("", item.group(1)))
        leads_in = LIST_LEAD_IN.search(text) or _EXAMPLE_LEAD.search(text)
        if not text or (leads_in and len(text) <= MAX_LEAD_IN_CHARS):
            return ""  # the bullet only led in to the code
        return f"<li>{_CODE_BLOCK.sub('', item.group(1)).strip()}</li>"

    # a joiner between two code blocks (``または``) joins nothing once they leave: it goes with them
    definition = _JOINER_BETWEEN_CODE.sub(r"\1", definition)
    cleaned = _CODE_BLOCK.sub("", _ITEM_HTML.sub(without_code, definition))
    cleaned = re.sub(r"<(ul|ol)>\s*</\1>", "", cleaned).strip()
    if not _plain(cleaned):
        return {}
    message = "a code block was left off the back: code is never the answer (the notes keep it)"
    trimmed.append(Skipped(note.span, shown, message, "code-on-back"))
    return {"Definition": cleaned}


def _url_off_back(fields: dict[str, str], note: Note, shown: str, trimmed: list[Skipped]) -> dict[str, str]:
    """A definition whose answer ends on a bare web address (``GDPR - https://…``): the address
    leaves the card (a reference, as in Details: :func:`~ankigen.extract.common.reference_off`), the
    answer keeps what it names. A learner recalls the name, not the address."""
    off = reference_off(fields.get("Definition", ""), answer=True)
    if off is None:
        return {}
    head, url = off
    message = (
        f"the answer of '{excerpt(shown)}' ended on a web address: a reference to read, not a fact to recall; "
        "left off the card"
    )
    trimmed.append(Skipped(note.span, url, message, "url-moved"))
    return {"Definition": head}


def _example_off_back(fields: dict[str, str], note: Note, shown: str, trimmed: list[Skipped]) -> dict[str, str]:
    """A definition whose answer goes on, line by line, into an example (``…を均一化<br>たとえば、…``,
    ``…を設定する。<br>例: …``, ``… <br>For example, …``): the example line moves to the Example field
    and the lines after it to Details, so the back answers with what the term is and shows the case
    apart from it."""
    definition = fields.get("Definition", "")
    if definition.lstrip().startswith("<"):
        return _example_items_off_back(fields, note, shown, trimmed)
    sentence = _example_sentence_off_back(fields, note, shown, trimmed)
    if sentence:
        return sentence
    lines = definition.split("<br>")
    for index, line in enumerate(lines[1:], start=1):
        opening = _plain(line)
        if (EXAMPLE_OPENING.match(opening) or EXAMPLE_LINE_OPENING.match(opening)) and _plain(
            "<br>".join(lines[:index])
        ).strip():
            head = "<br>".join(lines[:index]).rstrip()
            case = lines[index].strip()
            after = "<br>".join(part.strip() for part in lines[index + 1 :] if part.strip())
            message = f"the answer went on into an example ({excerpt(_plain(case))!r}): it moved to the Example field"
            trimmed.append(Skipped(note.span, shown, message, "example-moved"))
            example = fields.get("Example", "")
            updates = {"Definition": head, "Example": case + ("<br>" + example if example else "")}
            if after:  # what follows the example is a remark on it: context, not the answer
                updates["Details"] = f"<p>{after}</p>" + fields.get("Details", "")
            return updates
    return {}


_CONTRAST_TURN = lazy_compile(
    r"^(?P<what>[^。<>]{12,}?)(?:となります|になります|です|である)が、(?P<contrast>(?:違いとしては|違いは|一方|ただし)[^<>]{20,})$"
)


_USE_TURN = lazy_compile(
    r"^(?P<what>[^。<>、]{12,}?[\u30a0-\u30ff\u4e00-\u9fffA-Za-z])(?:で|であり)、"
    r"(?P<use>[^<>]{20,}?(?:に適している|に適する|に適しています|に最適|に最適です|に向いている|に向く)"
    r"(?:[(（][^()（）]*[)）])?。?)$"
)
"""``…リレーショナルデータベースエンジンで、従来のアプリケーションを移行したり…するのに適している``:
what the term is (a noun phrase), then what it suits."""


def _contrast_cut(sentence: str) -> tuple[str, str] | None:
    """A Japanese sentence longer than MAX_CJK_ANSWER_CHARS // 2 that says what the term is and then,
    after ``…ですが、``, how it differs from another thing (``違いとしては``, ``一方``), or after ``…で、``
    what it suits (``…に適している``, :data:`_USE_TURN`): (what it is, the rest as its own sentence);
    None for any other sentence. The key fact is not left buried among the uses."""
    text = sentence.strip()
    if len(_plain(text)) <= MAX_CJK_ANSWER_CHARS // 2:
        return None
    match = _CONTRAST_TURN.match(text)
    if match is not None:
        return f"{match['what'].rstrip()}。", match["contrast"].strip()
    use = _USE_TURN.match(text)
    if use is not None:
        return use["what"].rstrip(), use["use"].strip()
    return None


def _after_own_subject(term: str, answer: str) -> str:
    """The answer with its opening ``Term は、`` left off (``タスク名は、例えば…`` → ``例えば…``): a
    sentence that names its term as subject first still opens on what follows the particle."""
    text = answer.lstrip()
    if term and text.startswith(term):
        rest = text[len(term) :]
        for particle in ("とは", "は"):
            if rest.startswith(particle):
                return rest[len(particle) :].lstrip("、, ")
    return answer


_ONE_ITEM_LIST = lazy_compile(r"<(ul|ol)>\s*<li>((?:(?!<li>|</li>|<ul|<ol|<table|<pre|<p>).)*)</li>\s*</\1>", re.DOTALL)
"""An answer that is a list of one bullet holding only inline text (no block of its own)."""


def _cap_answer(
    fields: dict[str, str], note: Note, shown: str, trimmed: list[Skipped], field: str = "Definition"
) -> dict[str, str]:
    """An answer over MAX_ANSWER_CHARS keeps its first top-level blocks; the rest goes to Details.
    ``field``: the one that holds the answer (a basic note's ``Answer``). An answer that is one
    bullet (``- AWS WAF:`` over one paragraph-long child) is that bullet's prose, capped as prose."""
    definition = fields.get(field, "")
    single = _ONE_ITEM_LIST.fullmatch(definition.strip())
    if single is not None:
        capped = _cap_answer({**fields, field: single.group(2).strip()}, note, shown, trimmed, field)
        return capped if field in capped else {}
    cut = trailing_fragment(definition)
    if cut is not None:  # ``…IPアドレスです。前述の通りのことですが、``: the clause breaks off before its list
        definition, tail = cut
        message = (
            f"the answer ended on {_plain(tail)[:60]!r}, a clause cut off before what it leads to: "
            "left off the back (the notes keep it)"
        )
        trimmed.append(Skipped(note.span, shown, message, "dangling-fragment"))
        return {field: definition, **_cap_answer({**fields, field: definition}, note, shown, trimmed, field)}
    led = trailing_lead_in(definition, LIST_LEAD_IN) or trailing_lead_in(definition, COUNT_ANNOUNCEMENT)
    if led is not None:  # ``…する機能。以下のサービスでサポートされている。``: its list is not on the back
        head, tail = led
        message = (
            f"the answer ended on {_plain(tail)[:60]!r}, which leads in to a list not on the back: moved to Details"
        )
        trimmed.append(Skipped(note.span, shown, message, "lead-in-moved"))
        moved = {field: head, "Details": f"<p>{tail}</p>" + fields.get("Details", "")}
        # what is left may still be a paragraph of facts (``…です。…します。なお、…不要です。``): capped
        # like any other answer, so each sentence past the first is listed, not kept on one long back
        return {**moved, **_cap_answer({**fields, **moved}, note, shown, trimmed, field)}
    facts = first_facts(definition, LEAD_IN, note.prompt)
    # ``…と同等の役割を持つ機能となりますが、違いとしては、…必要がありません。`` (the first of a
    # paragraph's facts, or the whole answer when it is one long sentence): the back says what it is;
    # how it differs from the other thing is a second fact, moved to Details
    cut = _contrast_cut(definition if facts is None else facts[0])
    if cut is not None:
        what, contrast = cut
        rest = facts[1] if facts is not None else ""
        facts = (what, f"<p>{contrast}</p>{rest}" if rest else contrast)
    if facts is not None:  # a paragraph of facts: its first sentence answers (extract/recital.py)
        head, rest = facts
        message = (
            f"the answer held {len(_plain(definition))} characters in several sentences: the first "
            f"{len(_plain(head))} stay on the card, the rest moved to Details; split the note to ask each part"
        )
        trimmed.append(Skipped(note.span, shown, message, "answer-too-long"))
        if not _BLOCK_OPEN.match(rest.lstrip()):  # (a sentence may open on inline code: ``<code>x</code> は…``)
            rest = f"<p>{rest}</p>"
        return {field: head, "Details": rest + fields.get("Details", "")}
    listed = first_items(definition, note.prompt)
    if listed is not None:  # a list of sentences: its first item or two answer (extract/recital.py)
        head, rest = listed
        message = (
            f"the answer was a list of {definition.count('<li>')} points, "
            "some of them sentences: the first stay on the card, the rest moved to Details; split the note to ask each"
        )
        trimmed.append(Skipped(note.span, shown, message, "answer-too-long"))
        return {field: head, "Details": rest + fields.get("Details", "")}
    if len(_plain(definition)) <= MAX_ANSWER_CHARS:
        return {}
    pieces = _TOP_BLOCK.split(definition)
    blocks = ["".join(pieces[index : index + 2]) for index in range(0, len(pieces), 2)]
    blocks = [block for block in blocks if block.strip()]
    if len(blocks) == 1:
        blocks = _list_items(blocks[0]) or blocks
    kept: list[str] = []
    for block in blocks:
        if kept and len(_plain("".join(kept) + block)) > MAX_ANSWER_CHARS:
            break
        kept.append(block)
    rest = "".join(blocks[len(kept) :])
    if not _plain(rest):
        return {}  # one long block: cutting it mid-sentence would break it; it stays whole
    if kept and kept[-1].rstrip().endswith("<br>") and not re.search(r"[。．.!?！？:：]\s*$", _plain("".join(kept))):
        return {}  # a line break inside a hard-wrapped sentence: a cut there would break the sentence
    head = _rewrap("".join(kept))
    rest = _rewrap("".join(blocks[len(kept) :]))
    head = re.sub(r"<br>\s*$", "", head)
    if rest.startswith("<br>"):
        rest = rest[4:]
    if not rest.lstrip().startswith("<"):
        rest = f"<p>{rest}</p>"
    message = (
        f"the answer ran to {len(_plain(definition))} characters: the first {len(_plain(head))} stay on the card, "
        "the rest moved to Details; split the note to ask each part"
    )
    trimmed.append(Skipped(note.span, shown, message, "answer-too-long"))
    return {field: head, "Details": rest + fields.get("Details", "")}


_EXAMPLE_AFTER_SENTENCE = lazy_compile(
    r"(?<=[。！？])\s*(?=例えば|たとえば|(?:[^。！？\s]{1,12}の)?例としては)"
    r"|(?<=[.!?])\s+(?=(?:For example|For instance)\b)",
    needs=("例", "たとえば", "For "),
)
"""A later sentence of an answer that opens an example: ``例えば``, ``評価の例としては…``, ``For example``."""
_WORKED_CASE = lazy_compile(r"(?<=[.!?])\s+(?=\d+\s+[A-Za-z]+[^.!?<\d]*\d+[^.!?<\d]*\d)")
"""A later English sentence that is a worked case, not a rule: it opens on a count of things and
names two more numbers (``… also the byte count. 3 packets of 100 bytes will report 300.``)."""
_FLAT_LIST = lazy_compile(r"\s*<(ul|ol)>((?:<li>(?:(?!<li>|</li>|<ul>|<ol>).)*</li>\s*)+)</\1>\s*", re.DOTALL)


def _example_sentence_off_back(
    fields: dict[str, str], note: Note, shown: str, trimmed: list[Skipped]
) -> dict[str, str]:
    """A definition paragraph whose second (or later) sentence opens an example (``…の動作を指定します。
    例えば、…を設定します。``, ``… For example, …``): that sentence moves to the Example field and any
    after it to Details, so the back keeps the sentence that says what the term is."""
    definition = fields.get("Definition", "")
    if "<br>" in definition:
        return {}  # written as lines: the example is a line of its own (_example_off_back)
    match = _EXAMPLE_AFTER_SENTENCE.search(definition) or _WORKED_CASE.search(definition)
    if match is None or not _plain(definition[: match.start()]).strip():
        return {}
    if len(re.findall(r"[。！？]|[.!?](?=\s)", _plain(definition[: match.start()]))) > MAX_ANSWER_SENTENCES:
        return {}  # an example deep in a paragraph is one of a later fact, not of what the back says
    head, tail = definition[: match.start()].rstrip(), definition[match.end() :]
    end = re.search(r"[。！？]|[.!?](?=\s|$)", tail)
    case, after = (tail[: end.end()], tail[end.end() :].strip()) if end else (tail, "")
    message = f"the answer went on into an example ({excerpt(_plain(case))!r}): it moved to the Example field"
    trimmed.append(Skipped(note.span, shown, message, "example-moved"))
    example = fields.get("Example", "")
    updates = {"Definition": head, "Example": case.strip() + ("<br>" + example if example else "")}
    if _plain(after).strip():  # what follows the example is a remark on it: context, not the answer
        updates["Details"] = f"<p>{after}</p>" + fields.get("Details", "")
    return updates


def _example_items_off_back(fields: dict[str, str], note: Note, shown: str, trimmed: list[Skipped]) -> dict[str, str]:
    """A definition that is a list of statements whose last items only name examples of the ones
    before them (no sentence, ending on ``など`` / ``etc.``: ``- WindowsのExplorerやMacのFinderなど``,
    or opening ``例:`` / ``e.g.``): those items move to the Example field; one item left is the answer
    alone. A list of short names (``…の更新``, ``…での利用等``) is a set whose last item ends it."""
    definition = fields.get("Definition", "")
    listed = _FLAT_LIST.fullmatch(definition)
    if listed is None:
        return {}
    items = re.findall(r"<li>(.*?)</li>", listed.group(2), re.DOTALL)

    def names_examples(item: str) -> bool:
        text = _plain(item).strip()
        if EXAMPLE_OPENING.match(text):
            return True
        return bool(EXAMPLE_FRAGMENT.search(text)) and not sentence_like(text)

    kept = list(items)
    while len(kept) > 1 and names_examples(kept[-1]):
        kept.pop()
    cases = items[len(kept) :]
    if not cases or any(names_examples(item) or not sentence_like(_plain(item)) for item in kept):
        return {}
    tag = listed.group(1)
    head = (
        kept[0].strip() if len(kept) == 1 else f"<{tag}>" + "".join(f"<li>{item}</li>" for item in kept) + f"</{tag}>"
    )
    message = (
        f"the answer's last item only named examples ({excerpt(_plain(cases[0]))!r}): it moved to the Example field"
    )
    trimmed.append(Skipped(note.span, shown, message, "example-moved"))
    example = fields.get("Example", "")
    return {
        "Definition": head,
        "Example": "<br>".join(case.strip() for case in cases) + ("<br>" + example if example else ""),
    }


_KIND_TOPIC = lazy_compile(r"^\s*([^、。,\s]{2,30}?)(?:には|では|とは|は)")
_LATIN_OR_DIGIT = lazy_compile(r"[A-Za-z0-9]")


def _about_kind(item: str, term: str) -> bool:
    """Whether a list item opens on the kind its term is one of, as its topic (``ルートテーブルには…``
    under ``メインルートテーブル``): the term's last word, after a Japanese modifier (メイン, 既定の). A
    product's own prefix (``Amazon EBS``, ``EC2``) is part of a name: ``EBS スナップショットは…``
    under ``Amazon EBS スナップショット`` is the term itself."""
    opening = _KIND_TOPIC.match(item)
    if opening is None:
        return False
    topic = fold(opening.group(1))
    if topic == term or not term.endswith(topic):
        return False
    modifier = term[: -len(topic)].strip()
    return len(modifier) >= 2 and has_cjk(modifier) and _LATIN_OR_DIGIT.search(modifier) is None


def _kind_items_off_back(fields: dict[str, str], note: Note, shown: str, trimmed: list[Skipped]) -> dict[str, str]:
    """A definition that is a list whose first item says what the term is and whose later item is
    about the kind it belongs to (:func:`_about_kind`: ``ルートテーブルには、ルートという規則が…``
    under ``メインルートテーブル``): that item moves to Details (``kind-moved``). It is true of every
    kind of the thing, so it answers nothing the front asks, and the card's sibling (the other kind)
    would need it as much."""
    definition = fields.get("Definition", "")
    listed = _FLAT_LIST.fullmatch(definition)
    if listed is None:
        return {}
    items = re.findall(r"<li>(.*?)</li>", listed.group(2), re.DOTALL)
    term = fold(re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", note.prompt.rpartition(" › ")[2])).strip()
    if len(items) < 2 or not term or term not in fold(_plain(items[0])):
        return {}
    moved = [item for item in items[1:] if _about_kind(_plain(item), term)]
    if not moved:
        return {}
    kept = [item for item in items if item not in moved]
    tag = listed.group(1)
    head = (
        kept[0].strip() if len(kept) == 1 else f"<{tag}>" + "".join(f"<li>{item}</li>" for item in kept) + f"</{tag}>"
    )
    opening = _KIND_TOPIC.match(_plain(moved[0]))
    kind = opening.group(1) if opening else ""
    message = (
        f"the line '{excerpt(_plain(moved[0]))}' is about every {kind!r}, the kind the term is one of, not about "
        "the term: it moved to Details"
    )
    trimmed.append(Skipped(note.span, shown, message, "kind-moved"))
    rest = "<ul>" + "".join(f"<li>{item}</li>" for item in moved) + "</ul>"
    return {"Definition": head, "Details": rest + fields.get("Details", "")}


_LIST_OPEN = lazy_compile(r"^\s*<(ul|ol)>")
_BLOCK_OPEN = lazy_compile(r"<(?:p|ul|ol|pre|table|dl|blockquote|div)\b")


def _list_items(block: str) -> list[str]:
    """A block that is one list, as its top-level items (each still wrapped in the list's tag so a
    part of them is valid HTML); [] for any other block. A long answer that is one list is cut
    between items, never inside one."""
    opening = _LIST_OPEN.match(block)
    if opening is None or not block.rstrip().endswith(f"</{opening.group(1)}>"):
        return []
    tag = opening.group(1)
    inner = block.strip()[len(f"<{tag}>") : -len(f"</{tag}>")]
    items: list[str] = []
    depth = 0
    start = 0
    position = 0
    while position < len(inner):
        if inner.startswith("<li>", position) or inner.startswith("<li ", position):
            if depth == 0:
                start = position
            depth += 1
        elif inner.startswith("</li>", position):
            depth -= 1
            if depth == 0:
                items.append(f"<{tag}>{inner[start : position + 5]}</{tag}>")
        position += 1
    return items if len(items) > 1 else []


def _rewrap(html_text: str) -> str:
    """Adjacent one-item lists from _list_items merged back into one list."""
    return re.sub(r"</(ul|ol)><\1>", "", html_text)


_NAMED_OPENING = lazy_compile(r"^\s*([A-Z][A-Za-z0-9]*(?:[ .-][A-Z][A-Za-z0-9]*){0,3})\s*は")
_TOP_ITEM = lazy_compile(r"^<ul><li>((?:(?!<li>|</li>).)*)</li></ul>$", re.DOTALL)


def _about_others_off(details: str, term: str) -> str:
    """The Details without a bullet that is one sentence about a name the card does not ask
    (``- AWS Config はデフォルトで Security Hub と統合…`` under ``Config Rules による評価``): the
    named thing is a subject of its own (the whole the term is a part of, or another product), so on
    this card it is clutter. Only a Details that is that one bullet; the coverage pass lists it."""
    found = _TOP_ITEM.match(details)
    if found is None:
        return details
    opening = _NAMED_OPENING.match(_plain(found.group(1)))
    if opening is None:
        return details
    name = " ".join(word for word in fold(opening.group(1)).split() if word not in VENDOR_PREFIXES)
    folded = " ".join(word for word in fold(term).split() if word not in VENDOR_PREFIXES)
    if not name or folded == name or (name in folded and not folded.startswith(name)):
        return details
    return ""


def _cap_details(fields: dict[str, str], note: Note, shown: str, trimmed: list[Skipped]) -> dict[str, str]:
    """Details kept to short context for this card (extract/details_field.py): images, code, empty
    bullets and dangling lead-ins out, the rest cut past MAX_DETAILS_CHARS / MAX_DETAILS_ITEMS. A
    cut is recorded (``details-too-long``); the coverage pass lists each bullet left off."""
    details = fields.get("Details", "")
    if not details:
        return {}
    kept, cut = tidy_details(details)
    if note.kind == NoteKind.DEFINITION:
        kept = _about_others_off(kept, _plain(note.prompt))
    if kept == details:
        return {}
    if cut:
        left = _plain(kept).removesuffix(MORE_MARK).rstrip()  # the mark that more follows is no text kept
        stay = f"the first {len(left)} stay as context for this card" if left else "none fit as context"
        message = (
            f"the Details ran to {len(_plain(details))} characters: {stay}, the rest is left off it; "
            "write each left-off fact as `- **Term**: explanation` to get a card of its own"
        )
        trimmed.append(Skipped(note.span, shown, message, "details-too-long"))
    return {"Details": kept}


# ------------------------------------------------------------------------------------------------
# duplicates across the file
# ------------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    folded = fold(text)
    if has_cjk(folded):
        compact = "".join(_WORD.findall(folded))
        return [compact[index : index + 2] for index in range(max(len(compact) - 1, 1))]
    return _WORD.findall(folded)


def _contained(inner: str, outer: str) -> float:
    """The share of ``inner``'s words (CJK: character pairs) that ``outer`` holds."""
    inner_words = _words(inner)
    if not inner_words:
        return 0.0
    outer_words = set(_words(outer))
    return sum(1 for word in inner_words if word in outer_words) / len(inner_words)


def _question_answer_items(candidates: Sequence[Candidate], rejected: dict[int, Skipped]) -> None:
    """A definition made from an item of the list that a question card asks as a whole (``Why ?``
    over ``- Fast recovery`` … ``- Automated response - self healing``): the item is one reason
    among others, its text is on the question's back, and alone it lacks what it answers."""
    questions = [
        candidate
        for index, candidate in enumerate(candidates)
        if index not in rejected and candidate.extractor == "question-lists"
    ]
    for index, candidate in enumerate(candidates):
        if index in rejected or candidate.kind != NoteKind.DEFINITION or not isinstance(candidate.source, ListItem):
            continue
        line = candidate.source.span.line
        question = next((q for q in questions if q.span.line < line <= q.span.end_line), None)
        if question is not None:
            message = "an item of the list that the question card over it asks as a whole"
            rejected[index] = _reject(candidate, "question-answer-item", question, message)


def _same_sentence(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """A cloze of a sentence that a definition made from the same line or block already asks
    (``## タイムアウト`` over ``処理が**決められた時間内**に…``): one sentence, asked once, as the
    definition. A cloze that names its own subject (``A transaction is **atomic**``) or holds more
    than one sentence asks something of its own and is kept."""
    by_line: dict[int, _Seen] = {}
    by_source: dict[int, _Seen] = {}
    for index, record in enumerate(records):
        candidate = record.candidate
        if index not in rejected and candidate.kind == NoteKind.DEFINITION:
            by_line.setdefault(candidate.span.line, record)
            if candidate.source is not None:
                by_source.setdefault(id(candidate.source), record)
    for index, record in enumerate(records):
        candidate = record.candidate
        if index in rejected or candidate.kind != NoteKind.CLOZE:
            continue
        definition = by_line.get(candidate.span.line)
        if definition is None and candidate.source is not None:
            definition = by_source.get(id(candidate.source))
        if definition is None:
            continue
        text = record.text
        labelled = _labelled_line(candidate.prompt, definition.term)
        if not labelled and (_names_its_subject(candidate.prompt, definition.term) or not _definition_phrase(text)):
            continue  # the cloze says what it is about, or is a statement of its own
        answer = definition.answer
        if facts := first_facts(definition.answer_html, LEAD_IN, definition.candidate.prompt):
            # a paragraph of facts keeps only its first sentence on the back (_cap_answer): the
            # sentences it moves to the Details are asked by no card of its own
            answer = _plain(facts[0])
        if _contained(text, answer + " " + definition.term) >= SAME_TEXT_RATIO:
            if labelled:  # ``Term: text`` asked by its definition; a gap in the text asks it again
                message = "an earlier card is about the same subject and asks the same answer"
                rejected[index] = _reject(candidate, "near-duplicate", definition.candidate, message)
                continue
            message = "this cloze is the sentence that a definition of the same text asks, without its subject"
            rejected[index] = _reject(candidate, "same-sentence", definition.candidate, message)


def _heading_sentence_clozed(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """A heading's definition whose whole back is the one sentence under the heading that a cloze
    also asks (``# CLI と SDK で挙動が異なる理由`` over ``CLI と SDK は…、**使う認証情報のソースが
    異なる**ため…``): the cloze names its own subject and asks the sentence's point, the heading
    asks the same sentence again under a title that does not; the cloze stays."""
    clozes = [
        record
        for index, record in enumerate(records)
        if index not in rejected and record.candidate.kind == NoteKind.CLOZE
    ]
    for index, record in enumerate(records):
        candidate = record.candidate
        if index in rejected or candidate.kind != NoteKind.DEFINITION or candidate.extractor != "heading-definitions":
            continue
        line = candidate.span.line
        for cloze in clozes:
            if not line < cloze.candidate.span.line <= line + _HEADING_SENTENCE_LINES:
                continue
            if min(_contained(cloze.text, record.answer), _contained(record.answer, cloze.text)) < SAME_TEXT_RATIO:
                continue
            # the heading a title that asks why (not a term: ``## Isolation`` over ``A transaction is
            # **isolated**: …`` asks what isolation is, the cloze another thing)
            if _REASON_TITLE.search(record.term) and _names_its_subject(cloze.candidate.prompt, record.term):
                message = "the heading's back is the one sentence under it that a cloze of its own already asks"
                rejected[index] = _reject(candidate, "near-duplicate", cloze.candidate, message)
                break


_HEADING_SENTENCE_LINES = 3
"""How far under its heading the sentence a heading's definition answers with may start."""
_REASON_TITLE = lazy_compile(r"(?:理由|原因|わけ|訳)\s*[?？]?$|^(?:why|how come)\b", re.IGNORECASE)
"""A heading that titles the reason for something (``CLI と SDK で挙動が異なる理由``, ``Why … ?``)."""


_SENTENCE_END = lazy_compile(r"[。!?！？]|\.\s")
_TOPIC_MARKS = ("は", "とは", ":", "：", " is ", " are ", " means ", " refers to ")


_NOMINAL_ENDINGS = ("こと", "もの", "です", "である", "サービス", "機能", "仕組み", "手法", "方法", "状態", "技術")


def _definition_phrase(text: str) -> bool:
    """Whether a cloze's text reads as a definition's body, not a statement of its own: it is one
    sentence (more would ask more), ending in a noun or copula (``…を中止すること``,
    ``…するためのサービスです``), or, in English, starting lower case (``the time a client waits``)."""
    stripped = text.strip()
    if len(_SENTENCE_END.findall(stripped.rstrip("。.!?"))) > 0 or not stripped:
        return False
    if has_cjk(stripped):
        return stripped.rstrip("。").endswith(_NOMINAL_ENDINGS)
    return stripped[0].islower()


def _labelled_line(cloze: str, term: str) -> bool:
    """Whether an English cloze is a ``Term: text`` line shown whole, its gaps in the text only
    (``CloudTrail: Used for {{c1::auditing}} account activity``): the definition of ``term`` made
    from the same line asks the whole text, so the gap asks its fact a second time."""
    before = _plain(cloze.split("{{c", 1)[0])
    head, colon, _ = before.partition(":")
    if not colon or has_cjk(cloze) or fold(head.strip()) != fold(term) or not term:
        return False
    # gaps only on the examples in brackets (``(e.g., {{c1::sliding windows}})``) ask a detail of their own
    return any(cloze[: gap.start()].count("(") <= cloze[: gap.start()].count(")") for gap in _GAP.finditer(cloze))


def _names_its_subject(cloze: str, term: str) -> bool:
    """Whether a cloze's visible text names what it is about: the definition's term, or a subject
    before its first gap (``A transaction is {{c1::atomic}}``, ``NAT ゲートウェイ：…``)."""
    visible = _plain(_GAP.sub(" ", cloze))
    if fold(term) and fold(term) in fold(visible):
        return True
    before = _plain(cloze.split("{{c", 1)[0])
    return any(mark in f" {before} " for mark in _TOPIC_MARKS)


_NUMBER = lazy_compile(r"\d+(?:[.,]\d+)?")


def _same_answer(answer: str, other: str) -> bool:
    """Two answers that say the same: most words (CJK: character pairs) shared, in either
    direction, and the same numbers (``4GB～16TB`` is not ``1GB～16TB``)."""
    if sorted(_NUMBER.findall(answer)) != sorted(_NUMBER.findall(other)):
        return False
    return _contained(answer, other) >= SAME_TEXT_RATIO or _contained(other, answer) >= SAME_TEXT_RATIO


def _one_answer_two_fronts(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """One sentence made the answer of two definitions: under the name it is about (``Gateway-Cached``
    over ``- アクセス頻度の高いデータは、キャッシュとしてローカルに保持``) and, where the same sentence
    stands alone, under its own opening words (``アクセス頻度の高いデータ``). The second shows its
    answer on its front and asks what the first asks: the first is kept, wherever it stands."""
    by_answer: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        if index in rejected or record.candidate.kind != NoteKind.DEFINITION:
            continue
        answer = fold(record.answer).strip(" 。.")
        if len(answer) >= MIN_SHARED_ANSWER_CHARS:
            by_answer.setdefault(answer, []).append(index)
    for answer, indexes in by_answer.items():
        own = [index for index in indexes if fold(records[index].term).strip() not in answer]
        if not own or len(own) == len(indexes):
            continue
        kept = records[own[0]].candidate
        for index in indexes:
            if index not in own:
                message = "its answer is the sentence that another card asks of its subject, and holds this front"
                rejected[index] = _reject(records[index].candidate, "near-duplicate", kept, message)


def _keys_differ_in_case(term: str, other: str) -> bool:
    """Two one-letter keys that differ only in case (``n`` and ``N``): two keys, not one term twice."""
    return is_letter_key(term) and is_letter_key(other) and term.strip() != other.strip()


def _duplicate_terms(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """The same term defined again later in the file with (nearly) the same answer: the first is kept."""
    first: dict[str, list[_Seen]] = {}
    for index, record in enumerate(records):
        candidate = record.candidate
        if index in rejected or candidate.kind != NoteKind.DEFINITION:
            continue
        earlier = first.setdefault(record.key, [])  # the term and, for a nested one, its owner
        for kept in earlier:
            if _keys_differ_in_case(record.term, kept.term):
                continue  # ``o`` and ``O`` of an editor's key table: two keys, two facts
            if kept.candidate.span.line != candidate.span.line and _same_answer(record.answer, kept.answer):
                message = "the same term with the same answer is already a card"
                rejected[index] = _reject(candidate, "duplicate-term", kept.candidate, message)
                break
        else:
            earlier.append(record)
    _same_term_across_kinds(records, rejected)


_VENDOR_PREFIX = lazy_compile(r"^(?:aws|amazon)(?=\S)")
_GENUS_END = lazy_compile(r"(?:サービス|機能|ツール|仕組み)[。.]?$")
_PREDICATE_END = lazy_compile(r"(?:る|た|ない|可能|できる|です|ます|だ)[。.]?$")
_FIRST_ITEM = lazy_compile(r"^\s*<(?:ul|ol)>\s*<li>((?:(?!</?li>).)*)</li>", re.DOTALL)
GLOSS_AGAIN_CHARS = 20
"""A later answer this short (a noun phrase, no sentence) glosses a name the file already defined."""


def _service_name(term: str) -> str:
    """A name folded without spaces or a leading ``AWS`` / ``Amazon`` (``AWS CloudTrail`` and
    ``Cloud Trail`` are one service)."""
    return _VENDOR_PREFIX.sub("", "".join(fold(term).split()))


_ALIAS_ASIDE = lazy_compile(r"^(.*?\S)\s*[(（]\s*(?:(?:aws|amazon)\s+)?([A-Z][A-Za-z0-9]{1,9})\s*[)）]$", re.IGNORECASE)
"""A name with its acronym in brackets (``Amazon Elastic File System (Amazon EFS)``)."""
_RESTATED_GENUS = lazy_compile(r"(?:サービス|機能|ツール|仕組み)(?:です|である)?$")
DESCRIBING_OWNER_CHARS = 15
"""An owner longer than this, in Japanese, describes a group (``複数のEC2インスタンスにマウントできる
ファイルストレージ``) rather than names a product: a name under it is asked as itself."""
EXPLICIT_EXTRACTORS = frozenset({"questions", "inline-fields"})
"""The writer's own markup (``Q:``, ``{{c1::…}}``, ``Term::``): a repeat of it is meant."""


def _service_names(term: str) -> tuple[str, ...]:
    """A name as :func:`_service_name` folds it and, where an acronym in capitals follows it in
    brackets (``Amazon Elastic File System (Amazon EFS)``), the name and the acronym each."""
    aside = _ALIAS_ASIDE.match(term.strip())
    if aside is None or sum(char.isupper() for char in aside.group(2)) < 2:
        return (_service_name(term),)
    return (_service_name(term), _service_name(aside.group(1)), _service_name(aside.group(2)))


def _restates_genus(record: _Seen) -> bool:
    """A definition whose first sentence says what kind of thing the name is, as a first card of it
    did (``…を検出するためのサービスです。``): it asks again what the name is, in a longer answer."""
    candidate = record.candidate
    if candidate.extractor in EXPLICIT_EXTRACTORS or candidate.note.pinned_id:
        return False
    first = record.answer.strip().split("。", 1)[0].strip()
    return bool(has_cjk(first)) and _RESTATED_GENUS.search(first) is not None


def _glossed_again(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """``near-duplicate``: a later definition of a name the file already defined as a service, tool or
    feature (``Cloud Trail`` → ``…を記録、監査するサービス``), the same name but for spaces or its
    ``AWS`` / ``Amazon`` prefix (``AWS CloudTrail``), whose answer is only a short noun phrase
    (``AWS アカウント内の操作の証跡``): a gloss of the same thing in other words, as a list of a
    product's parts gives it, asks again what the first card asks. A later answer that states
    something (``AutoScalingが設定可能``) or runs longer stays a card."""
    first: dict[str, _Seen] = {}
    for index, record in enumerate(records):
        candidate = record.candidate
        if index in rejected or candidate.kind != NoteKind.DEFINITION or " › " in record.term:
            continue
        owner = candidate.note.key.split("\x1f")[-1] if "\x1f" in candidate.note.key else ""
        if owner and not (has_cjk(owner) and len(owner) > DESCRIBING_OWNER_CHARS):
            continue  # a name under an owner (``Application Auto Scaling`` › ``AWS Lambda``) asks its part in it
        names = [name for name in _service_names(record.term) if len(name) >= 3]
        if not names:
            continue
        kept = next((first[name] for name in names if name in first), None)
        if kept is None:
            item = _FIRST_ITEM.search(record.answer_html)  # (a list's first point says what it is)
            opening = _plain(item.group(1)) if item else record.answer
            if _GENUS_END.search(opening.strip()):
                for name in names:
                    first.setdefault(name, record)
            continue
        answer = record.answer.strip()
        if kept.candidate.span.line == candidate.span.line:
            continue
        if _restates_genus(record):
            message = (
                f"an earlier card asks what '{kept.term}' is; this definition of the same name again "
                "says what kind of thing it is and asks the same question"
            )
            rejected[index] = _reject(candidate, "near-duplicate", kept.candidate, message)
            continue
        if (
            len(answer) > GLOSS_AGAIN_CHARS
            or "。" in answer
            or "." in answer
            or _PREDICATE_END.search(answer)
            or candidate.note.get("Details")
        ):
            continue
        message = (
            f"an earlier card asks what '{kept.term}' is; this short gloss of the same service "
            f"('{answer}') asks it again in other words"
        )
        rejected[index] = _reject(candidate, "near-duplicate", kept.candidate, message)


_COMMAND_GAP = lazy_compile(r"^\s*<code>([^<]*\s[^<]*)</code>\s*$")
"""A gap that is one command in code, with its arguments (``<code>kubectl get pods</code>``)."""


def _in_line_order(records: Sequence[_Seen], kind: NoteKind) -> list[int]:
    """The indexes of the records of one kind, in the order of their lines in the file."""
    return sorted(
        (index for index, record in enumerate(records) if record.candidate.kind == kind),
        key=lambda index: (records[index].candidate.span.line, index),
    )


def _command_gaps_again(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """``near-duplicate``: a cloze whose every gap is a command in code (a program and its arguments)
    that an earlier cloze of the file already hides. A lab log or tutorial walk-through runs the same
    command at step after step (``list pods `kubectl get pods` one has exited``, ``look at pods `kubectl
    get pods` and …``): the first card asks the command; each later one asks it again, with only the
    step's own remark around it."""
    asked: dict[str, _Seen] = {}
    for index in _in_line_order(records, NoteKind.CLOZE):
        record = records[index]
        if index in rejected:
            continue
        gaps = _GAP.findall(record.candidate.note.prompt)
        commands = [_COMMAND_GAP.match(gap) for gap in gaps]
        if not gaps or not all(commands):
            continue
        names = [" ".join(html.unescape(match.group(1)).split()) for match in commands if match]
        kept = [asked[name] for name in names if name in asked]
        if len(kept) == len(names):
            message = (
                f"an earlier cloze (line {kept[0].candidate.span.line}) already hides the command "
                f"'{names[0]}'; this step runs it again, so the card asks the same command again"
            )
            rejected[index] = _reject(record.candidate, "near-duplicate", kept[0].candidate, message)
            continue
        for name in names:
            asked.setdefault(name, record)


def _commands_asked_again(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """``near-duplicate``: a task card answered by one command in code (``ログインしているユーザ名が
    変更されていることを確認する`` → ``whoami``) whose very command an earlier task card of the file
    already asks for. A walk-through checks its state with the same command at step after step
    (``コンテナの状態を確認します`` / ``コンテナ状態確認`` → ``docker ps``): the first card asks it, a
    later one asks the same command again under another step's words."""
    asked: dict[str, _Seen] = {}
    for index in _in_line_order(records, NoteKind.BASIC):
        record = records[index]
        found = _ONE_CODE_ANSWER.match(record.answer_html)
        if index in rejected or found is None:
            continue
        name = " ".join(html.unescape(found.group(1)).split())
        kept = asked.get(name)
        if kept is None:
            asked[name] = record
            continue
        message = (
            f"an earlier card (line {kept.candidate.span.line}) already asks the command '{name}' for its "
            "task; this step runs it again, so the card asks the same command again"
        )
        rejected[index] = _reject(record.candidate, "near-duplicate", kept.candidate, message)


_ONE_CODE_ANSWER = lazy_compile(r"^\s*<code>([^<]+)</code>\s*$")
"""An answer that is one command in code and nothing else (``<code>docker ps</code>``)."""


_WHAT_IS_ASKED = lazy_compile(
    r"^(?:q\s*[:.]\s*)?(?:(?:in|for|within)\s+[^,?]{1,30},\s*)?(?:what\s+(?:is|are)|define)\s+(?:an?\s+|the\s+)?"
    r"(?P<name>[^?]{1,60}?)(?:\s+(?:in|of|for)\s+[^?\s]+(?:\s+[^?\s]+)?)?\s*\??$"
    r"|^(?:q\s*[:.]\s*)?what\s+does\s+(?:an?\s+|the\s+)?(?P<does>[^?]{1,60}?)\s+do\s*\??$"
    r"|^(?P<ja>[^?？、。]{1,40}?)\s*(?:とは|って)(?:何|なに|なん)?(?:ですか|でしょうか|か)?\s*[?？]?$",
    re.IGNORECASE,
)
_TERM_ASIDE = lazy_compile(r"\s*[(（]([^()（）]{1,40})[)）]\s*$")


def _names_of(text: str) -> set[str]:
    """A term and its other name in a trailing bracket, folded, without a plural ``s``:
    ``Mandatory (MAC)`` -> ``mandatory (mac)``, ``mandatory``, ``mac``."""
    folded = " ".join(fold(_plain(text)).split())
    names = {folded}
    aside = _TERM_ASIDE.search(folded)
    if aside:
        names |= {folded[: aside.start()].strip(), aside.group(1).strip()}
    return {name[:-1] if name.endswith("s") and len(name) > 3 else name for name in names if name}


def _quiz_restates(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """``near-duplicate``: a question card that asks what a name is (``What is DAC?``, ``What is
    provisioning in IAM?``, ``RBACとは？``) after a definition card of that very name in the same
    file (``- **Discretionary (DAC)**: Owners decide access.``), as a flashcard or quiz section at
    the end of a note asks again what its body defines. Both ask one fact: the definition, which
    stands with its headings in the body, is kept; the question is explained and names it. The two
    answers must share a word, so one name used for two things stays two cards."""
    # the questions first: most files ask none, and then no definition's names are worked out (only a
    # question is rejected below, each once, so which are rejected is known before the walk)
    questions: dict[int, re.Match[str]] = {}
    for index, record in enumerate(records):
        if record.candidate.kind == NoteKind.BASIC and index not in rejected:
            asked = _WHAT_IS_ASKED.match(" ".join(record.prompt.rpartition(" › ")[2].split()))
            if asked:
                questions[index] = asked
    if not questions:
        return
    defined: dict[str, _Seen] = {}
    in_file_order = sorted(range(len(records)), key=lambda index: records[index].candidate.span.line)
    for index in in_file_order:
        record = records[index]
        candidate = record.candidate
        if index in rejected:
            continue
        if candidate.kind == NoteKind.DEFINITION:
            for name in _names_of(record.term.rpartition(" › ")[2]):
                defined.setdefault(name, record)
            continue
        asked = questions.get(index)
        if asked is None:
            continue
        names = _names_of(asked.group("name") or asked.group("does") or asked.group("ja") or "")
        kept = next((defined[name] for name in sorted(names) if name in defined), None)
        if kept is None or kept.candidate.span.line >= candidate.span.line:
            continue
        trims: list[Skipped] = []
        if _set_cut(kept.candidate, _tidy(kept, trims), trims) is not None:
            continue  # the definition makes no card after all (a set cut part-way): the question asks it
        shared = {word for word in set(_words(record.answer)) & set(_words(kept.answer)) if len(word) > 2}
        if not shared - _FILLER_SET:
            continue
        message = (
            f"an earlier card already asks what '{kept.term}' is (a quiz question asking the file's own "
            "definition again)"
        )
        rejected[index] = _reject(candidate, "near-duplicate", kept.candidate, message)


def _bare_term(record: _Seen) -> str:
    """The prompt folded, without a trailing aside: ``R系 (r5, r6など)`` -> ``r系``."""
    prompt = record.prompt
    return normalise_key(BRACKETED_TAIL.sub("", prompt) or prompt)


def _bigrams(text: str) -> set[str]:
    letters = "".join(_WORD.findall(fold(_plain(text))))
    return {letters[index : index + 2] for index in range(len(letters) - 1)}


def _row_says(answer: str, row: str) -> bool:
    """Whether a short definition answer (``メモリ最適化``) is what the table row already says:
    short enough to be a label of the row, and sharing a good part of its letters with it."""
    if len(_plain(answer)) > MAX_ROW_ECHO_CHARS:
        return False
    own = _bigrams(answer)
    return bool(own) and len(own & _bigrams(row)) / len(own) >= ROW_ECHO_RATIO


def _same_term_across_kinds(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """A table row, then a list definition of the same term under the same headings whose short
    answer the row already says (``R系 (r5, r6)`` row, then ``r系: メモリ最適化``): two cards that ask
    the same thing. The row is kept; the definition is explained."""
    first: dict[tuple[str, str], Candidate] = {}
    in_file_order = sorted(range(len(records)), key=lambda index: records[index].candidate.span.line)
    for index in in_file_order:
        record = records[index]
        candidate = record.candidate
        if index in rejected or candidate.kind not in (NoteKind.DEFINITION, NoteKind.COMPARISON):
            continue
        term = _bare_term(record)
        if not term:
            continue
        fields = candidate.note
        context, topic = fields.get("Context", ""), fields.get("Topic", "")
        places = [context, f"{context} › {topic}" if context else topic] if topic else [context]
        earlier = [first[(term, place)] for place in places if (term, place) in first]
        for place in places:
            first.setdefault((term, place), candidate)
        kept = next((other for other in earlier if other.kind == NoteKind.COMPARISON), None)
        if kept is not None and candidate.kind == NoteKind.DEFINITION and _row_says(candidate.answer, kept.answer):
            message = "a table row of the same term under the same headings already says this; merge the two"
            rejected[index] = _reject(candidate, "duplicate-term", kept, message)


@dataclass(frozen=True, slots=True)
class _Asked:
    """What a card asks, for comparing it with other cards: its subject (its front folded; none for
    a cloze), its fact (a definition's answer, a row's values, a cloze's whole text) and the numbers
    in it, and all it shows once its subject is on it (the outline's subject, context line, front
    and answer). Words are counted only for the few pairs that share a subject (:func:`_word_set`)."""

    subject: str
    fact: str
    numbers: list[str]
    context: str
    shown: str


def _asked(record: _Seen, subject_of: Callable[[Candidate], str]) -> _Asked:
    candidate = record.candidate
    prompt = record.text
    if candidate.kind == NoteKind.CLOZE:
        fact, subject = prompt, ""
    else:
        fact = _plain(candidate.note.get("Attributes", "")) if candidate.kind == NoteKind.COMPARISON else record.answer
        subject = fold(record.prompt)
    context = fold(" ".join((subject_of(candidate), record.context)))
    return _Asked(subject, fact, sorted(_NUMBER.findall(fact)), context, fold(" ".join((context, prompt, fact))))


@lru_cache(maxsize=4096)
def _word_list(text: str) -> tuple[str, ...]:
    return tuple(_words(text))


@lru_cache(maxsize=4096)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(_words(text))


_BRACKETED_ASIDE = lazy_compile(r"[(（][^()（）]*[)）]")


def _lead(fact: str) -> str:
    """The first sentence of a card's fact without its bracketed asides, normalised as keys are:
    what a definition card asks (``(e.g., CSMA/CD for Ethernet)`` is a detail it does not ask)."""
    return normalise_key(_BRACKETED_ASIDE.sub(" ", _SENTENCE_END.split(fact, maxsplit=1)[0]))


def _names(shown: str, subject: str) -> bool:
    """Whether a card's text names a subject: as a whole word (``A`` is not named by ``AAAA``)."""
    if not subject or subject not in shown:
        return False
    if has_cjk(subject):
        return True
    return find_word(shown, subject, is_latin_name_char) >= 0


def _own_subject(cloze: Candidate, subject: str) -> bool:
    """Whether a cloze names a subject of its own before its first gap (``A transaction is …``),
    other than ``subject`` (``KMS とは、…`` under the definition of ``KMS`` names the same one)."""
    before = fold(_plain(cloze.prompt.split("{{c", 1)[0]))
    if not any(mark in f" {before} " for mark in _TOPIC_MARKS):
        return False
    bare = fold(BRACKETED_TAIL.sub("", subject)) or subject
    return not (_names(before, subject) or _names(before, bare))


def _says(cloze: Candidate, definition: _Asked) -> bool:
    """Whether a cloze's own text names the definition's term (``KMS とは、…`` of ``KMS``)."""
    text = fold(_plain(_GAP.sub(GROUP_ONE, cloze.prompt)))
    bare = fold(BRACKETED_TAIL.sub("", definition.subject)) or definition.subject
    return _names(text, definition.subject) or _names(text, bare)


def _gaps_in(cloze: Candidate, fact: str) -> bool:
    """Whether every gap of a cloze is in the other card's first sentence (what that card asks):
    in its words outside brackets (``(e.g., sliding windows in TCP)`` is a detail it does not ask),
    or as the whole of a bracket, another name for what the sentence says (``… (L7 balancer)``)."""
    first = _SENTENCE_END.split(fact, maxsplit=1)[0]
    lead = _lead(first)
    glosses = {normalise_key(aside[1:-1]) for aside in _BRACKETED_ASIDE.findall(first)}
    gaps = [gap for gap in normalise_key(cloze.note.key).split("\x1f") if gap]
    return bool(gaps) and all(gap in lead or gap in glosses for gap in gaps)


def _share(inner: Sequence[str], outer: frozenset[str]) -> float:
    return sum(1 for word in inner if word in outer) / len(inner) if inner else 0.0


def _same_subject(asked: _Asked, other: _Asked, ambiguous: set[str]) -> bool:
    """Whether two cards are about the same thing: the same front (under the same context, when the
    file gives that front other answers elsewhere: ``gp2 › 最大スループット`` is not ``sc1 › …``), or a
    cloze that names the other's front in its text or context."""
    if asked.subject and other.subject:
        return asked.subject == other.subject and (asked.subject not in ambiguous or asked.context == other.context)
    subject = asked.subject or other.subject
    if not subject:
        return False
    cloze = other if asked.subject else asked
    return _names(cloze.shown, subject)


_KEY_RUN = lazy_compile(r"[\u4e00-\u9fff\u30a0-\u30ffー々]{2,}|[A-Za-z][A-Za-z0-9-]+")


def _exam_row(candidate: Candidate) -> bool:
    """A row of an exam-question table (its first header is ``問われ方``, ``Exam question`` …)."""
    table = candidate.source
    if candidate.kind is not NoteKind.COMPARISON or not isinstance(table, Table) or not table.header:
        return False
    return fold(inline_text(table.header[0])).strip(" :：") in EXAM_QUESTION_HEADERS


_ATTRIBUTE_NAME = lazy_compile(r"<dt>((?:(?!</dt>).)*)</dt>", re.DOTALL)


def _what_it_asks(record: _Seen) -> str:
    """What a card asks, as a learner sees it on the front: its prompt, and a comparison's attribute
    names (each is a question about the entity)."""
    names = _ATTRIBUTE_NAME.findall(record.candidate.note.get("Attributes", ""))
    return fold(" ".join((record.prompt, *(_plain(name) for name in names))))


def _bigram_share(inner: str, outer: str) -> float:
    """The share of ``inner``'s character pairs (spaces and punctuation left out) found in ``outer``."""
    squeeze = re.compile(r"[\s、。・,.「」()（）:：/]")
    pairs = _pairs(squeeze.sub("", fold(inner)))
    return len(pairs & _pairs(squeeze.sub("", fold(outer)))) / len(pairs) if pairs else 0.0


def _pairs(text: str) -> set[str]:
    return {text[index : index + 2] for index in range(len(text) - 1)}


def _exam_rows_asked(records: Sequence[_Seen], rejected: dict[int, Skipped]) -> None:
    """A row of an exam-question table (``問われ方 | 正解に寄る条件 | 引っかけ``) restates the lesson
    as the exam asks it: when the thing it names (``不均衡データ`` in ``不均衡データを評価する``) is
    what another card of the file asks on its front (a recall question, a definition, a comparison's
    attribute), the fact is asked already and the row makes no card (one card per fact). A row
    about a thing no card asks (``閾値変更の影響``) stays."""
    live = [
        (index, record, _exam_row(record.candidate)) for index, record in enumerate(records) if index not in rejected
    ]
    if not any(exam_row for _, _, exam_row in live):
        return
    others = [(index, _what_it_asks(record)) for index, record, exam_row in live if not exam_row]
    for index, record, exam_row in live:
        if not exam_row:
            continue
        candidate = record.candidate
        name = record.prompt.rpartition(" › ")[2]
        things = [run for run in _KEY_RUN.findall(fold(name)) if run not in EXAM_ASPECT_WORDS]
        asking = [other for other, shown in others if any(thing in shown for thing in things)]
        if not asking:
            continue
        # and what the row says is mostly said by those cards: a row about the same thing that adds
        # a fact of its own (``TTL を短くした影響`` beside a definition of TTL) stays
        said = " ".join(
            _plain(" ".join(value for _, value in records[other].candidate.note.fields)) for other in asking
        )
        values = _VALUE.findall(candidate.note.get("Attributes", ""))
        answer = _plain(values[0]) if values else ""  # the first column after the question: its answer
        if not answer or _bigram_share(answer, said) < EXAM_ROW_SAID_RATIO:
            continue
        thing = next(thing for thing in things if thing in _what_it_asks(records[asking[0]]))
        rejected[index] = _reject(
            candidate,
            "exam-row-asked",
            records[asking[0]].candidate,
            f"this exam-question row asks about {thing!r}, and what it says, which other cards of the file already ask",
        )


def _near_duplicates(
    records: Sequence[_Seen], rejected: dict[int, Skipped], subject_of: Callable[[Candidate], str]
) -> dict[int, tuple[str, Candidate]]:
    """A card that asks what an earlier card already asks: both are about the same subject (see
    :func:`_same_subject`; a cloze names the definition's term in its text or is under it), and
    most of each one's fact (words; CJK: character pairs) is in what the other shows, with the same
    numbers; or, for two fronts, their answers open with the same sentence (a passage pasted again
    and cut shorter). The earlier card is kept. Parallel terms (``BeforeInstall`` / ``AfterInstall``) share
    answers but not subjects, and a parent whose answer is its child's whole text does not name the
    child's term as its own, so both stay (a parent that only repeats its children is
    ``repeats-children``).

    One exception: a cloze with a gap per item of a list that an earlier definition recites
    (``Data Link`` → ``Provides node-to-node transfer and handles A, B, C``) asks the list better
    than the definition, whose back is a set to recite. The cloze stays, and the definition keeps
    the clause before the list (returned: its index → that lead and the cloze), or, when the list
    is all its answer says (``Responsible for: A, B, C``), it is the one rejected."""
    leads: dict[int, tuple[str, Candidate]] = {}
    kinds = (NoteKind.DEFINITION, NoteKind.COMPARISON, NoteKind.BASIC, NoteKind.CLOZE)
    live = [(index, record.candidate) for index, record in enumerate(records) if index not in rejected]
    asked_of = {index: _asked(records[index], subject_of) for index, candidate in live if candidate.kind in kinds}
    facts: dict[str, list[str]] = {}
    for asked in asked_of.values():
        if asked.subject:
            facts.setdefault(asked.subject, []).append(asked.fact)
    ambiguous = {
        subject
        for subject, answers in facts.items()
        if any(_share(_word_list(answer), _word_set(answers[0])) < SAME_TEXT_RATIO for answer in answers[1:])
    }
    # the earlier cards a card can repeat, by subject (a card with a front) and by gaps (a cloze)
    by_subject: dict[str, list[tuple[int, Candidate, _Asked]]] = {}
    by_gaps: dict[str, list[tuple[int, Candidate, _Asked]]] = {}
    for index, candidate in live:
        if index not in asked_of:
            continue
        asked = asked_of[index]
        if asked.subject:
            pool = by_subject.get(asked.subject, [])
        else:
            named = [entry for subject in by_subject if _names(asked.shown, subject) for entry in by_subject[subject]]
            pool = sorted([*named, *by_gaps.get(candidate.note.key, [])], key=lambda entry: entry[0])
        for kept_index, kept, other in pool:
            if not asked.fact or not other.fact or asked.numbers != other.numbers:
                continue
            if _keys_differ_in_case(records[index].term, records[kept_index].term):
                continue  # ``o`` and ``O``: two keys of an editor, however alike what they do
            if kept.kind == NoteKind.CLOZE and candidate.kind != NoteKind.CLOZE:
                continue  # a definition after a cloze of its text asks the term, which the cloze does not
            if kept.kind != NoteKind.CLOZE and not _same_subject(asked, other, ambiguous):
                continue
            if candidate.kind == NoteKind.CLOZE and not _gaps_in(candidate, other.fact):
                continue  # it hides a detail of a later sentence, which the other card's lead does not ask
            if candidate.kind == NoteKind.CLOZE and _own_subject(candidate, other.subject):
                continue  # ``A transaction is {{c1::atomic}}`` under ``## ACID`` asks about a transaction
            if candidate.kind == NoteKind.CLOZE and kept.source is candidate.source and not _says(candidate, other):
                continue  # a cloze of the very text a heading defines by: ``same-sentence`` decides
            same_lead = candidate.kind != NoteKind.CLOZE and _lead(asked.fact) == _lead(other.fact)
            if same_lead or (
                _share(_word_list(asked.fact), _word_set(other.shown)) >= SAME_TEXT_RATIO
                and _share(_word_list(other.fact), _word_set(asked.shown)) >= SAME_TEXT_RATIO
            ):
                lead = _list_lead(candidate, kept) if kept_index not in rejected else None
                if lead:
                    leads[kept_index] = (lead, candidate)
                    continue
                if lead is not None:
                    message = "its answer is only the list that a cloze asks with a gap per item"
                    rejected[kept_index] = _reject(kept, "near-duplicate", candidate, message)
                    leads.pop(kept_index, None)
                    continue
                message = "an earlier card is about the same subject and asks the same answer"
                rejected[index] = _reject(candidate, "near-duplicate", kept, message)
                break
        else:
            entry = (index, candidate, asked)
            if asked.subject:
                by_subject.setdefault(asked.subject, []).append(entry)
            else:
                by_gaps.setdefault(candidate.note.key, []).append(entry)
    return leads


_LABEL_ANSWER_WORDS = 3  # a label's value this short is a name (``S3``, ``NFS``), not a sentence


def _sibling_label_answers(
    records: Sequence[_Seen], rejected: dict[int, Skipped], owners_of: Callable[[Candidate], tuple[str, ...]]
) -> None:
    """``near-duplicate``: a one-gap cloze of a bullet whose gap hides the very name that a sibling
    label bullet under the same owner gives as its whole value (``- 保存先: Glacier`` and ``- Glacierを
    長期保管の置き場として利用`` under ``- ミラーボックス``): both cards ask which name that owner uses,
    and the learner cannot tell them apart. The label card (``ミラーボックス › 保存先`` → ``Glacier``)
    is kept; the cloze gets an explain line naming it."""
    labels: dict[tuple[str, str, str], Candidate] = {}
    for index, record in enumerate(records):
        candidate = record.candidate
        if index in rejected or candidate.kind != NoteKind.DEFINITION or " › " not in record.prompt:
            continue
        owners = owners_of(candidate)
        answer = fold(record.answer.strip())
        if not owners or not answer or len(answer.split()) > _LABEL_ANSWER_WORDS or "\n" in answer:
            continue
        if fold(record.prompt.split(" › ")[-2]) != fold(owners[0]):
            continue
        labels.setdefault((fold(owners[0]), record.context, answer), candidate)
    if not labels:
        return
    for index, record in enumerate(records):
        candidate = record.candidate
        if index in rejected or candidate.kind != NoteKind.CLOZE:
            continue
        gaps = {fold(_plain(match.group(2)).strip()) for match in _NUMBERED_GAP.finditer(candidate.note.prompt)}
        owners = owners_of(candidate)
        if len(gaps) != 1 or not owners:
            continue
        kept = labels.get((fold(owners[0]), record.context.rpartition(" › ")[0], next(iter(gaps))))
        if kept is None:
            kept = labels.get((fold(owners[0]), record.context, next(iter(gaps))))
        if kept is None:
            continue
        message = "a sibling label card under the same owner already asks this name as its whole answer"
        rejected[index] = _reject(candidate, "near-duplicate", kept, message)


_FLAG_ITEM_SPLIT = lazy_compile(r"\s*[、,，/・]\s*")
_CATEGORY_WORD = lazy_compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+)*$")
"""Letters only (``アンマネージド``, ``self managed``): no figure (``O(1)``, ``5分``) nor symbol."""
MAX_FLAG_WORD_CHARS = 12
"""A category word (``マネージド``, ``unmanaged``) is at most this long: a longer value says something."""
MAX_FLAG_WORDS = 3
"""Sibling values drawn from at most this many words in all are a shared set of categories."""


def _shared_flag_answers(
    records: Sequence[_Seen], rejected: dict[int, Skipped], owners_of: Callable[[Candidate], tuple[str, ...]]
) -> None:
    """``not-what-it-is``: label bullets under one owner whose values are drawn from the same few
    category words (``- ステートレスルール: アンマネージド`` and ``- ステートフルルール: アンマネージド、
    マネージド`` under ``- ルールグループ: …``): each value is one of a shared set, not what the label
    is, and neither front says which property of it is asked, so ``ステートフルルール`` →
    ``アンマネージド、マネージド`` cannot be answered from the card. No card, an explain line each. An owner
    that names the property (``Time Complexity`` over ``Insert: O(1)``) or figures keep their cards."""
    groups: dict[tuple[str, str], list[int]] = {}
    for index, record in enumerate(records):
        candidate = record.candidate
        if index in rejected or candidate.kind != NoteKind.DEFINITION:
            continue
        owners = owners_of(candidate)
        if owners and not needs_subject(owners[0]):
            groups.setdefault((record.context, owners[0]), []).append(index)
    for (_, owner), indexes in groups.items():
        if len(indexes) < 2:
            continue
        items = {
            index: [fold(item) for item in _FLAG_ITEM_SPLIT.split(records[index].answer.strip(" 。.")) if item]
            for index in indexes
        }
        if any(
            not parts or any(len(part) > MAX_FLAG_WORD_CHARS or not _CATEGORY_WORD.match(part) for part in parts)
            for parts in items.values()
        ):
            continue
        union = {part for parts in items.values() for part in parts}
        if len(union) > MAX_FLAG_WORDS or all(sum(part in parts for parts in items.values()) < 2 for part in union):
            continue
        shown = "、".join(sorted(union))
        for index in indexes:
            message = (
                f"its answer is one of a few category words ({shown}) that the bullets beside it under "
                f"'{owner}' share: not what it is, and the front does not say which property is asked "
                "(the line stays in the Details of the card above, if any); write the property in the line "
                "(`- Xルール: 使えるルールグループは…`) to get a card"
            )
            record = records[index]
            rejected[index] = Skipped(record.candidate.span, record.prompt[:120], message, "not-what-it-is")


def _cue_words(text: str, last: bool) -> list[str]:
    """The words of a cloze's visible text next to a gap (``last``: the ones just before it, else the
    ones just after), without function words: what tells the learner which answer the gap asks."""
    words = [word for word in _KEY_RUN.findall(fold(_plain(text))) if word not in INLINE_LIST_STOP_WORDS]
    return words[-CUE_WORDS:] if last else words[:CUE_WORDS]


def gaps_asked_again(notes: Sequence[Note], rejected: Sequence[Skipped]) -> tuple[list[Note], list[Skipped]]:
    """The notes without each cloze whose every answer an earlier cloze already hides, asked the
    same way, and the rejections: ``rejected`` (those of :func:`select`), each that named a line
    left with no card now naming the card kept instead, and a ``near-duplicate`` for each cloze
    left out. Run on the notes as made, once a set to recite has become a cloze with a gap per item
    (extract/recital.py), since most clozes that repeat one another are made so.

    Asked the same way: each answer hidden earlier next to a word that stands beside it here too
    (``…(e.g., CSMA/CD for Ethernet, CSMA/CA for Wi-Fi)`` after ``Ethernet: uses …, CSMA/CD`` and
    ``Wi-Fi: uses …, CSMA/CA``), or just the same answers, MIN_RECITED_ITEMS or more, as one earlier
    cloze hides (the same list recited again in another order; a part of it is another list). The
    learner recalls nothing new from it; the earlier is kept. One answer hidden again beside other
    words (``TCP`` as a transport, then under HTTP) asks another fact, and stays."""
    hidden: dict[str, list[tuple[int, frozenset[str]]]] = {}  # an answer -> the clozes hiding it, their words
    sets: dict[frozenset[str], int] = {}  # the answers of a cloze -> the first cloze hiding just those
    kept_notes: list[Note] = []
    skipped: list[Skipped] = []
    moved: dict[int, int] = {}  # the line of a cloze left out -> the line of the card kept instead
    for index, note in enumerate(notes):
        if note.kind != NoteKind.CLOZE:
            kept_notes.append(note)
            continue
        prompt = note.prompt
        gaps = list(_GAP.finditer(prompt))
        # one answer written twice (``Azure ExpressRoute``, ``ExpressRoute: costly``) is one answer
        answers = [answer_name(normalise_key(_plain(gap.group(1)))) for gap in gaps]
        # what it shows around its gaps, with its headings: where an answer is hidden
        visible = fold(f"{_plain(note.get('Context', ''))} {_plain(_GAP.sub(' ', prompt))}")
        shown = frozenset(word for word in _KEY_RUN.findall(visible) if word not in INLINE_LIST_STOP_WORDS)
        distinct = list(dict.fromkeys(answer for answer in answers if answer))
        earlier = [hidden.get(answer, []) for answer in distinct]
        listed = ", ".join(repr(answer) for answer in distinct[:4]) + (", …" if len(distinct) > 4 else "")
        kept: int | None = None
        if len(distinct) >= 2 and all(earlier):
            kept = sets.get(frozenset(distinct)) if len(distinct) >= MIN_RECITED_ITEMS else None
            why = f"an earlier cloze already hides just the same answers ({listed})"
            if kept is None:
                kept = _cued(prompt, gaps, answers, hidden)
                why = f"earlier clozes already hide each of its answers ({listed}) beside the same words"
        if kept is not None:
            if notes[kept].span.line >= note.span.line:  # made first, but not from an earlier line
                why = why.replace("an earlier cloze", "another cloze").replace("earlier clozes", "other clozes")
            message = f"{why} (kept: line {notes[kept].span.line})"
            moved.setdefault(note.span.line, notes[kept].span.line)
            skipped.append(Skipped(note.span, _plain(_ungapped(prompt))[:120], message, "near-duplicate"))
            continue
        kept_notes.append(note)
        sets.setdefault(frozenset(distinct), index)
        for answer in distinct:
            hidden.setdefault(answer, []).append((index, shown))
    return kept_notes, [*_kept_moved(rejected, kept_notes, moved), *skipped]


def _kept_moved(rejected: Sequence[Skipped], notes: Sequence[Note], moved: dict[int, int]) -> list[Skipped]:
    """``rejected`` with each ``(kept: line N)`` that names a line left with no card (``moved``: its
    line -> the line of the card kept instead) naming that card's line."""
    carded = {note.span.line for note in notes}
    gone = {line: kept for line, kept in moved.items() if line not in carded}
    if not gone:
        return list(rejected)
    out: list[Skipped] = []
    for skip in rejected:
        found = _KEPT_LINE.search(skip.reason)
        if found and int(found.group(1)) in gone:
            reason = f"{skip.reason[: found.start()]}(kept: line {gone[int(found.group(1))]})"
            skip = Skipped(skip.span, skip.text, reason, skip.code)
        out.append(skip)
    return out


_KEPT_LINE = lazy_compile(r"\(kept: line (\d+)\)$")


def _cued(
    prompt: str,
    gaps: Sequence[re.Match[str]],
    answers: Sequence[str],
    hidden: dict[str, list[tuple[int, frozenset[str]]]],
) -> int | None:
    """The first of the earlier clozes that hide each answer of ``prompt`` beside a word that
    stands next to that gap here too, or None when an answer has no such cloze."""
    found: list[int] = []
    for position, gap in enumerate(gaps):
        if not answers[position]:
            continue
        start = gaps[position - 1].end() if position else 0
        end = gaps[position + 1].start() if position + 1 < len(gaps) else len(prompt)
        cues = set(_cue_words(prompt[start : gap.start()], True) + _cue_words(prompt[gap.end() : end], False))
        match = next((other for other, words in hidden[answers[position]] if cues & words), None)
        if match is None:
            return None
        found.append(match)
    return min(found) if found else None


def _ungapped(text: str) -> str:
    """A cloze's text with each gap replaced by its answer (text without ``{{c``, as it is)."""
    return _GAP.sub(GROUP_ONE, text) if "{{c" in text else text


_OPEN_TAGS = lazy_compile(r"(?:<[a-z][^<>]*>\s*)+$")
# where the clause before a list ends: ``transfer and handles``, ``communication; handles``, ``転送し、``
_CLAUSE_END = lazy_compile(r"\s*(?:[;；:：、,，]|\band\b|\bwhich\b)\s*")


def _list_lead(cloze: Candidate, definition: Candidate) -> str | None:
    """When ``cloze`` hides, one gap each, the items of a list (MIN_RECITED_ITEMS or more) that the
    answer of ``definition`` recites: the clause of that answer before the list (its HTML), or
    ``""`` when nothing stands before the list but a lead-in (``Responsible for``). ``None`` when
    the cloze is no such list."""
    if cloze.kind != NoteKind.CLOZE or definition.kind != NoteKind.DEFINITION:
        return None
    gaps = list(dict.fromkeys(_plain(gap) for gap in _GAP.findall(cloze.note.get("Text", ""))))
    answer = definition.note.get("Definition", "")
    if len(gaps) < MIN_RECITED_ITEMS or not all(gap and gap in _plain(answer) for gap in gaps):
        return None
    starts = [answer.find(html.escape(gap, quote=False)) for gap in gaps]
    if min(starts) < 0:
        return None
    before = _OPEN_TAGS.sub("", answer[: min(starts)])
    if "<" in before:
        return None  # the list sits inside markup (a bullet of several): not a clause to cut
    ends = list(_CLAUSE_END.finditer(before))
    lead = before[: ends[-1].start()].strip() if ends else ""
    return lead if len(_plain(lead)) >= MIN_LIST_LEAD_CHARS else ""


def _keep_lead(candidate: Candidate, lead: str, cloze: Candidate, trimmed: list[Skipped]) -> Candidate:
    """The definition with its answer cut to ``lead``, the list left to ``cloze`` (recorded)."""
    message = (
        f"the list its answer recited is asked by the cloze of line {cloze.span.line}, a gap per item: "
        f"the answer keeps {_plain(lead)!r}"
    )
    trimmed.append(Skipped(candidate.span, _plain_prompt(candidate)[:120], message, "list-in-cloze"))
    return Candidate(
        _with_fields(candidate.note, {"Definition": lead}), candidate.extractor, candidate.source, candidate.term
    )


_ONE_CODE = lazy_compile(r"^<code>(?:(?!</?code>).)*</code>$", re.DOTALL)
_LINE_BREAK = lazy_compile(r"<(?:br|/p|/li|/dd|/dt|/tr|/h\d)\b[^>]*>", re.IGNORECASE)


@file_scoped
@lru_cache(maxsize=4096)  # the same fields, read again for every card they are compared with
def _lines(html_text: str) -> str:
    """A field's plain text, one line per line, item or value it shows."""
    broken = _LINE_BREAK.sub("\n", html_text)
    return "\n".join(line for line in (_plain(part) for part in broken.splitlines()) if line)


def _asking(
    index: int,
    record: _Seen,
    has_subject: Callable[[Candidate], bool],
    subject_of: Callable[[Candidate], str],
    owners_of: Callable[[Candidate], tuple[str, ...]] = lambda candidate: (),
) -> Asking:
    """What a definition or a comparison asks: of which subject, which aspect (see extract/aspects.py)."""
    candidate = record.candidate
    prompt = record.prompt
    fields = record.fields
    head, _, tail = prompt.rpartition(" › ")
    owner = ""
    if candidate.kind == NoteKind.COMPARISON:
        # ``Entity › Attribute`` asks one attribute; a bare entity asks all it lists
        names = _ATTRIBUTE_NAME.findall(fields.get("Attributes", ""))
        subject, aspect = (head, tail) if head else (prompt, " / ".join(_plain(name) for name in names))
        back = _lines("<br>".join(_VALUE.findall(fields.get("Attributes", ""))))
    else:
        if head:
            subject, aspect = head, tail
        elif _is_label(fold(prompt)) and has_subject(candidate):
            subject, aspect = subject_of(candidate), prompt  # ``目的`` of what is above it
        else:
            subject, aspect = prompt, _compared_column(candidate)
            owner = candidate.note.key.partition("\x1f")[2]
        back = _lines(record.answer_html)
        if record.context and not aspect and stage_tool(subject, back):
            # ``デプロイ: 基本は CodeDeploy`` under ``CodePipeline``: asks which product does that stage
            # (extract/subjects.py words the front so), not what the stage is: another aspect than a
            # card that defines ``デプロイ``
            aspect = STAGE_TOOL_ASPECT
        if _ONE_CODE.match(record.answer_html.strip()):
            # a command compared whole: ``dig +short host`` and ``dig +trace host`` share most words,
            # yet differ in the one option that is the whole fact
            back = "".join(ch for ch in back if ch.isalnum())
    row = (id(candidate.source), candidate.span.line) if isinstance(candidate.source, Table) else None
    place = tuple(part for part in record.context.split(" › ") if part)
    details = _lines(fields.get("Details", ""))
    # a paragraph of facts keeps only its first sentence on the back (_cap_answer): the sentences it
    # moves to the Details are asked by no card of this one, so another card may ask them
    facts = first_facts(record.answer_html, LEAD_IN, prompt) if candidate.kind == NoteKind.DEFINITION else None
    shown = _lines(facts[0]) if facts is not None else ""
    return Asking(index, subject, aspect, owner, back, details, row, place, owners_of(candidate), shown)


def _compared_column(candidate: Candidate) -> str:
    """The aspect a definition from a two-column table asks when its value column says how each
    row differs (``…との違い``, ``Differences``): a difference, not what the row is; else ''."""
    table = candidate.source
    if not isinstance(table, Table) or len(table.header) != 2:
        return ""
    header = plain_html(inline_text(table.header[1])).strip()
    folded = fold(header).rstrip(" :：")
    return header if folded.endswith(tuple(ending.strip() for ending in ASPECT_GROUP_ENDINGS)) else ""


def _asked_again(
    records: Sequence[_Seen],
    rejected: dict[int, Skipped],
    has_subject: Callable[[Candidate], bool],
    subject_of: Callable[[Candidate], str],
    title: str = "",
    owners_of: Callable[[Candidate], tuple[str, ...]] = lambda candidate: (),
) -> dict[int, int]:
    """A later card that asks the same aspect of the same subject as an earlier one, under another
    name, from another table, from a repeated section or from another section of a file about it
    (``near-duplicate``; extract/aspects.py).
    Returns each rejected card's index -> the index of the card it repeats."""
    kinds = (NoteKind.DEFINITION, NoteKind.COMPARISON)
    asked = [
        _asking(index, record, has_subject, subject_of, owners_of)
        for index, record in enumerate(records)
        if index not in rejected and record.candidate.kind in kinds
    ]
    contexts = {record.context for record in records}
    headings = {part for context in contexts for part in context.split(" › ")}
    found = repeats(asked, sorted(headings), title)
    for index, (kept, message) in found.items():
        rejected[index] = _reject(records[index].candidate, "near-duplicate", records[kept].candidate, message)
    return {index: kept for index, (kept, _) in found.items()}


def _added_to_kept(
    records: Sequence[_Seen],
    candidates: Sequence[Candidate],
    again: dict[int, int],
    rejected: dict[int, Skipped],
    by_source: dict[int, list[int]],
    has_subject: Callable[[Candidate], bool],
    subject_of: Callable[[Candidate], str],
) -> list[Candidate]:
    """A card dropped as a near-duplicate (``again``: its index -> the kept card's) whose back says
    something the kept card does not, and that no other card asks (``L3/L4 (NW)`` beside the kept
    ``監視レベル: ネットワーク``; a later section's one sentence more about a service defined above),
    gives those lines to the kept card's back while it stays short
    (:data:`~ankigen.extract.vocabulary.MAX_ADDED_BACK_LINES`,
    :data:`~ankigen.extract.vocabulary.MAX_ADDED_BACK_CHARS`): the fact is asked, not only quoted
    by the rejection. The rejection then says where it went. A second line that says what the term
    is, beside a back that already does, is another wording of the same answer, never added. The
    candidates, with each kept card that took a line replaced."""
    result = list(candidates)
    taken: dict[int, list[str]] = {}
    for index, kept_index in sorted(again.items()):
        skip = rejected.get(index)
        if skip is None or skip.code != "near-duplicate" or kept_index in rejected or kept_index in taken:
            continue
        kept = result[kept_index]
        if kept.span.line > records[index].candidate.span.line:
            continue  # a fuller definition later in the file was kept instead: it says what this one is
        if kept.kind not in (NoteKind.DEFINITION, NoteKind.COMPARISON) or records[index].candidate.kind not in (
            NoteKind.DEFINITION,
            NoteKind.COMPARISON,
        ):
            continue
        dropped = _asking(index, records[index], has_subject, subject_of)
        if family_item(dropped):
            continue  # why to pick it among its family, not more of what the kept card says it is
        held = _asking(kept_index, records[kept_index], has_subject, subject_of)
        back = dropped.back
        item = records[index].candidate.source
        if isinstance(item, ListItem):
            # its child bullets that are one line and no candidate of their own: on its back or in
            # its Details, each a statement about the same subject that no card asks otherwise
            leaves = [
                _plain(child.text)
                for sublist in item.sublists
                for child in sublist.items
                if not child.sublists and not by_source.get(id(child)) and child.text.strip()
            ]
            back = "\n".join([back, *leaves])
        added = list(dict.fromkeys(added_lines(back, held.back + "\n" + held.details)))
        added = [
            line
            for line in added
            if _one_statement(line, kept.kind)
            and not (kept.kind == NoteKind.DEFINITION and _says_what_it_is(line) and _says_what_it_is(held.back))
            and not _asked_elsewhere(line, records, index, kept_index, rejected, by_source)
        ]
        kept_lines = [line for line in held.back.splitlines() if line.strip()]
        if not added or len(kept_lines) + len(added) > MAX_ADDED_BACK_LINES:
            continue
        if sum(len(line) for line in [*kept_lines, *added]) > MAX_ADDED_BACK_CHARS:
            continue
        fields = kept.note.field_map
        extra = "".join(f"<br>{html.escape(line, quote=False)}" for line in added)
        if kept.kind == NoteKind.DEFINITION:
            name, value = "Definition", fields.get("Definition", "")
            if not value or (not dropped.aspect and dropped.place != held.place):
                # a definition's back says what the term is; a line a section elsewhere adds about it
                # is another fact (``直接 Lambda を呼び出せないため EventBridge を経由する``), and joined
                # to that back the card would ask two things: it stays in the notes, named by the
                # rejection (the same term again in the same place is one card asking both)
                continue
            if _BLOCK_TAG.search(value):
                continue  # a back of bullets or paragraphs: a line after it reads as cut loose
            value += extra
            if (
                first_facts(value, LEAD_IN, kept.note.prompt) is not None
                or first_items(value) is not None
                or trailing_fragment(value) is not None
            ):
                continue  # the back would be cut again: sentences to split, not one answer
        else:
            name, value = "Attributes", fields.get("Attributes", "")
            if value.count("</dd>") != 1:
                continue  # a bare entity's several attributes: no one value to add the line to
            value = value.replace("</dd>", f"{extra}</dd>")
        result[kept_index] = replace(kept, note=_with_fields(kept.note, {name: value}))
        taken[kept_index] = added
        message = (
            f"{skip.reason}; it adds {' / '.join(added)}, which is put on the back of the card kept"
            if "stays in the notes" not in skip.reason
            else skip.reason.split("; what this one adds stays in the notes:")[0]
            + f"; what it adds ({' / '.join(added)}) is put on the back of the card kept"
        )
        message = message.removesuffix(f" (kept: line {kept.span.line})")
        rejected[index] = _reject(records[index].candidate, "near-duplicate", kept, message)
    return result


_BLOCK_TAG = lazy_compile(r"<(?:ul|ol|p|pre|table|div|blockquote)\b", re.IGNORECASE)
_SHORT_ITEM_CHARS = 8
_EN_SENTENCE_END = lazy_compile(r"[.!?]\s+[A-Z]")
_CLAUSE_BREAK = lazy_compile(r"[、,，;；]|\s(?:and|or)\s")
_STATEMENT_WORD = lazy_compile(r"[\u3040-\u309f]|[A-Za-z]+\s+[A-Za-z]+\s+[A-Za-z]+\s+[A-Za-z]+")


def _one_statement(line: str, kind: NoteKind) -> bool:
    """Whether a line a dropped card adds is one fact to put on another card's back: one sentence,
    not a row of short items (a list to recite), and on a definition a
    statement (hiragana, or four words), not a name left alone (``Deployment Stage``). A table
    cell added to a comparison's value may be a bare value (``L3/L4 (NW)``)."""
    body = line.strip().rstrip("。.！!")
    if not body or JA_SENTENCE_END.search(body) or _EN_SENTENCE_END.search(body):
        return False
    parts = [part.strip() for part in _CLAUSE_BREAK.split(body)]
    if len(parts) >= MIN_RECITED_ITEMS and any(map(_short_item, parts)):
        return False  # ``OS、スケーリング、セキュリティパッチ等は…``: items in a row, a set to recite
    return kind == NoteKind.COMPARISON or _STATEMENT_WORD.search(body) is not None


def _short_item(part: str) -> bool:
    """A clause short enough to be an item of a list (``スケーリング``, ``route tables``)."""
    return len(part) <= _SHORT_ITEM_CHARS if has_cjk(part) else len(part.split()) <= 2


def _asked_elsewhere(
    line: str,
    records: Sequence[_Seen],
    index: int,
    kept_index: int,
    rejected: dict[int, Skipped],
    by_source: dict[int, list[int]],
) -> bool:
    """Whether a line of a dropped card's back is another card's, or an item under it that made a
    candidate of its own (a card, or a rejection that explains it: a list to recite, a bare name)."""
    item = records[index].candidate.source
    if isinstance(item, ListItem):
        for child in _descendants(item):
            if by_source.get(id(child)) and not added_lines(line, _plain(child.text)):
                return True
    for other, record in enumerate(records):
        if other in (index, kept_index) or other in rejected:
            continue
        text = record.text + "\n" + record.answer
        if not added_lines(line, text):
            return True
    return False


_NUMBERED_GAP = lazy_compile(r"\{\{c(\d+)::((?:(?!\}\}).)*?)(?:::(?:(?!\}\}).)*)?\}\}", re.DOTALL)
_ANSWER_WORD = lazy_compile(r"[A-Za-z0-9][\w./+-]*")


_WORD_BEFORE = lazy_compile(r"[\w/.-]")
_WORD_AFTER = lazy_compile(r"[\w/-]")


def _shown_word(word: str, text: str) -> bool:
    """Whether ``word`` shows in ``text`` as a whole word (case as written): not after a word
    character, ``/``, ``.`` or ``-``, nor before a word character, ``/`` or ``-``. (Each place the
    word is found is checked, rather than a pattern compiled for each word.)"""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not _WORD_BEFORE.match(text, at - 1)) and not _WORD_AFTER.match(text, end):
            return True
        at = text.find(word, at + 1)
    return False


def _given_away(answer: str, others: Sequence[str], shown: str, context: str) -> bool:
    """Whether a gap's ``answer`` shows elsewhere on its card, so hiding it asks nothing: inside
    another gap's answer (``top`` in ``htop``), as a whole in the headings (``context``), or, for
    a name followed by plain words (``MAC addresses``, ``Ethernet headers``, ``LLC sublayer``),
    its name in the headings, the visible text (``shown``) or another gap. A name the rest of the
    answer does not explain away (``AWS Lambda``: ``Lambda`` is a name too) stays hidden."""
    from .clozes import in_context  # clozes imports the package that imports this module

    plain = " ".join(answer.split())
    if len(plain) < 2:
        return False
    if any(fold(plain) in fold(other) and fold(plain) != fold(other) for other in others):
        return True
    if in_context(plain, context):
        return True
    words = _BRACKETED.sub(" ", plain).split()
    if (
        has_cjk(plain)
        or not 2 <= len(words) <= SHOWN_NAME_WORDS
        or not all(_ANSWER_WORD.fullmatch(word) for word in words)
    ):
        return False
    names = [word for word in words if not word.islower()]
    plain_words = [word for word in words if word.islower()]
    if not names or any(not word.isalpha() or word in INLINE_LIST_STOP_WORDS for word in plain_words):
        return False
    if any(fold(word) in INLINE_LIST_STOP_WORDS for word in names):
        return False
    elsewhere = f"{context} {shown}"
    return all(_shown_word(name, elsewhere) for name in names)


_COMPARED = lazy_compile(r"\s+(?:vs\.?|VS\.?|versus|or|and)\s+|\s*(?:と|／|/|・)\s*")


def _chosen_between(number: int, answer: str, text: str, context: str) -> bool:
    """Whether gap ``number`` is the choice of an arrow rule (``帯域が細い → {{c1::Snowball}}``)
    under a heading that compares that answer with another (``DataSync と Snowball Edge``): the
    heading names both, so it shows which is meant no more than a multiple choice does."""
    if not re.search(rf"(?:→|⇒|->|-&gt;)\s*\{{\{{c{number}::", text):
        return False
    compared = [fold(part) for part in _COMPARED.split(context.rsplit(" › ", 1)[-1]) if part.strip()]
    return len(compared) >= 2 and sum(fold(answer) in part for part in compared) == 1


# a figure a line of a long list turns on: a size or count with its unit (``「1KB」``, ``300件``) or a
# factor (``2倍``, ``1/2倍``); not the denominator of a rate (``1秒あたり``, ``1日ごと``) or one of a
# thing (``1件の大きさ``), which only say "per" or "each"
_FACTOR = lazy_compile(r"(?<![A-Za-z0-9_./])\d+(?:\.\d+)?(?:/\d+)?倍")
_PER = ("あたり", "当たり", "ごと", "毎")


def _line_figure(line: str) -> str | None:
    """The one figure of a list line to gap (:data:`_FACTOR` or a figure with its unit), else None:
    none, or more than one (a line of several figures is a table row, not one fact)."""
    from .token_clozes import unit_figures  # token_clozes imports the extractors this module's users load

    plain = _plain(line)
    figures = [
        figure
        for figure in dict.fromkeys([*unit_figures(plain), *(match.group(0) for match in _FACTOR.finditer(plain))])
        if not plain.partition(figure)[2].lstrip().startswith(_PER)
        and not (re.match(r"1(?!\d)", figure) and plain.partition(figure)[2].startswith("の"))
    ]
    figures = [figure for figure in figures if not any(figure != other and figure in other for other in figures)]
    return figures[0] if len(figures) == 1 and figures[0] in line else None


def _figure_gaps(text: str) -> str | None:
    """The text of a cloze whose every gap hides a long line (:func:`_long_items`), re-gapped on the
    figure of each line that has one (``「{{c1::1KB}}」までを1ブロックとして計算する``), the other lines
    shown as they are; None when no line holds one figure."""
    number = 0

    def regap(match: re.Match[str]) -> str:
        nonlocal number
        line = match.group(1)
        figure = _line_figure(line)
        if figure is None:
            return line
        number += 1
        return line.replace(figure, f"{{{{c{number}::{figure}}}}}", 1)

    regapped = _GAP.sub(regap, text)
    return regapped if number else None


def clause_lists(notes: Sequence[Note]) -> tuple[list[Note], list[Skipped]]:
    """The notes but each cloze that is a list under a generic lead whose every gap hides a whole
    Japanese clause (:func:`_clause_items`: ``流れ:`` over three steps, ``選択肢は以下の3つ:`` over three
    options), or a list whose every gap hides a long Japanese line (:func:`_long_items`), which a
    ``gap-too-long`` line names: each card would ask a line to recite word for word, cued by nothing
    but 'the steps' or the name over them. Run on the notes as made, a set to recite turned cloze
    included."""
    kept: list[Note] = []
    skipped: list[Skipped] = []
    for note in notes:
        text = note.get("Text", None)
        if note.kind != NoteKind.CLOZE or not text:
            kept.append(note)
            continue
        answers = [" ".join(_plain(answer).split()) for answer in _GAP.findall(text)]
        if _clause_items(text, answers):
            message = (
                "each gap hides a whole clause of a list under a lead that names no subject "
                f"('{excerpt(answers[0])}…'): steps or options to recite word for word, not names to recall; no cloze "
                "(bold the key word of each line for a gap, or write the steps under the thing they do)"
            )
        elif _long_items(text, answers) or _predicate_items(text, answers):
            figured = _figure_gaps(text)
            if figured is not None:  # a gap on each line's figure beats no card (WCUs: 「1KB」 per block)
                kept.append(_with_fields(note, {"Text": figured}))
                continue
            message = (
                f"each gap hides a whole line of the list, {MIN_LONG_GAP_CHARS} characters or more "
                f"('{excerpt(answers[0])}…'): lines to recite word for word, not a term or a figure to recall; "
                "no cloze (bold the key word of each line for a gap)"
                if _long_items(text, answers)
                else "each gap hides a whole statement of the list (a particle and a verb: "
                f"'{excerpt(answers[0])}…'): lines to recite word for word, not a term or a figure to recall; "
                "no cloze (bold the key word of each line for a gap)"
            )
        else:
            kept.append(note)
            continue
        skipped.append(Skipped(note.span, _plain(_ungapped(text))[:120], message, "gap-too-long"))
    return kept, skipped


_SLOGAN_AFTER = lazy_compile(
    r"^\s*(?:が|は)\s*(?:キーワード|キーポイント|合言葉|決め手)|^\s*(?:is|are)\s+the\s+(?:keyword|key\s+phrase|catchphrase)",
    re.IGNORECASE,
)
"""What follows a gap that hides a phrase the notes call the keyword (``「…の両立」がキーワード``); a
gap before a compound (``AS キーワード``: the keyword named AS) is a term."""


def _gaps_kept(text: str, left: Sequence[int]) -> str:
    """``text`` with the gaps numbered ``left`` renumbered 1, 2, … in that order and every other gap
    turned back into its visible text (:func:`slogan_gaps`, :func:`answers_shown`)."""
    renumber = {old: new for new, old in enumerate(left, 1)}

    def redo(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number not in renumber:
            return match.group(2)
        return f"{{{{c{renumber[number]}::{match.group(0)[match.group(0).index('::') + 2 :]}"

    return _NUMBERED_GAP.sub(redo, text)


def _ungap(
    notes: Sequence[Note],
    gone_of: Callable[[Note, str, dict[int, str]], set[int]],
    code: str,
    every: Callable[[dict[int, str], set[int]], str],
    one: Callable[[str], str],
) -> tuple[list[Note], list[Skipped]]:
    """The notes with each cloze gap ``gone_of`` names (from the note, its Text and its answers by gap
    number) turned back into text, the other gaps left numbered 1, 2, …, and one ``code`` line per gap
    left as text (``one`` of its answer); a cloze with no gap left is dropped with a ``code`` line
    (``every`` of its answers and the gaps gone). The note's key, and so its GUID, are unchanged. The
    one walk of :func:`slogan_gaps`, :func:`sample_gaps` and :func:`answers_shown`."""
    kept: list[Note] = []
    skipped: list[Skipped] = []
    for note in notes:
        text = note.get("Text", None)
        if note.kind != NoteKind.CLOZE or not text:
            kept.append(note)
            continue
        answers: dict[int, str] = {}
        for match in _NUMBERED_GAP.finditer(text):
            answers.setdefault(int(match.group(1)), _plain(match.group(2)))
        gone = gone_of(note, text, answers)
        if not gone:
            kept.append(note)
            continue
        left = sorted(set(answers) - gone)
        if not left:
            skipped.append(Skipped(note.span, _plain(_ungapped(text))[:120], every(answers, gone), code))
            continue
        for number in sorted(gone):
            skipped.append(Skipped(note.span.at(note.span.line), answers[number][:120], one(answers[number]), code))
        kept.append(_with_fields(note, {"Text": _gaps_kept(text, left)}))
    return kept, skipped


def slogan_gaps(notes: Sequence[Note]) -> tuple[list[Note], list[Skipped]]:
    """The notes with each cloze gap that hides a phrase the notes call the keyword (``「ガバナンスと…の
    両立」がキーワード``, ``… is the keyword``) turned back into text (a ``gap-slogan`` line names it),
    the other gaps left numbered 1, 2, …: the card would ask for a slogan worded as the author worded
    it, with nothing but 'the keyword' to cue it. A cloze with no other gap is dropped (``gap-slogan``).
    The note's key, and so its GUID, are unchanged."""

    def gone(note: Note, text: str, answers: dict[int, str]) -> set[int]:
        return {
            int(match.group(1))
            for match in _NUMBERED_GAP.finditer(text)
            if _SLOGAN_AFTER.match(_plain(text[match.end() : match.end() + 80]))
        }

    return _ungap(
        notes,
        gone,
        "gap-slogan",
        lambda answers, gaps: (
            "the only gap hides a phrase the notes call the keyword, a slogan to recite word for word"
        ),
        lambda answer: (
            f"the gap for {answer!r} was left as text: the notes call it the keyword, a slogan to "
            "recite word for word, not a term; the card asks its other gaps"
        ),
    )


_WALK_THROUGH = lazy_compile(r"^\s*(?:suppose|assume|imagine)\b", re.IGNORECASE)
"""A front that sets up a made-up case (``Suppose user enters URL …``): what hangs under it walks
through that one example."""


def _sample_gap(answer: str) -> bool:
    answer = " ".join(answer.split())
    return not answer.startswith("-") and SAMPLE_VALUE.search(answer) is not None


def sample_gaps(notes: Sequence[Note], own_names: frozenset[str] = frozenset()) -> tuple[list[Note], list[Skipped]]:
    """The notes with each cloze gap that hides a placeholder or sample value (:func:`_sample_gap`:
    ``s3://my-bucket/{{my_file.txt}}``, ``{{bucket-name}}.s3-website-{{AWS-region}}…``, ``{{https://aaa.com}}
    のように``) turned back into text (an ``example-value`` line names it), the other gaps left numbered
    1, 2, …: the card would ask what the writer happened to call their bucket. So is a gap on one of
    ``own_names``, the writer's own account names (:data:`OWN_NAME`). A cloze with no other gap is
    dropped (``example-value``). The note's key, and so its GUID, are unchanged."""

    def gone(note: Note, text: str, answers: dict[int, str]) -> set[int]:
        return {number for number, answer in answers.items() if _sample_gap(answer) or answer.strip() in own_names}

    def every(answers: dict[int, str], gaps: set[int]) -> str:
        listed = ", ".join(repr(answers[number]) for number in sorted(gaps))
        return (
            f"every gap ({listed}) hides a placeholder or sample value (my-…, bucket-name, foo, example.com), "
            "or the writer's own account name, not a name to learn; no cloze (write the rule the example "
            "shows as a statement for a card)"
        )

    return _ungap(
        notes,
        gone,
        "example-value",
        every,
        lambda answer: (
            f"the gap for {answer!r} was left as text: it is a placeholder or sample value (or the "
            "writer's own account name), not a name to learn; the card asks its other gaps"
        ),
    )


def answers_shown(notes: Sequence[Note]) -> tuple[list[Note], list[Skipped]]:
    """The notes with each cloze gap whose answer shows elsewhere on its card (:func:`_given_away`)
    turned back into visible text (an ``answer-shown`` line names it), the gaps left numbered 1, 2, …;
    a cloze with no gap left is dropped with an ``answer-shown`` rejection. The note's key, and so its
    GUID, are unchanged."""

    def gone(note: Note, text: str, answers: dict[int, str]) -> set[int]:
        context = _plain(note.get("Context", ""))
        shown = _plain(_NUMBERED_GAP.sub(" ", text))
        return {
            number
            for number, answer in answers.items()
            if _given_away(answer, [other for key, other in answers.items() if key != number], shown, context)
            and not _chosen_between(number, answer, text, context)
        }

    def every(answers: dict[int, str], gaps: set[int]) -> str:
        listed = ", ".join(repr(answer) for answer in answers.values())
        return f"each answer ({listed}) shows elsewhere on the card: hiding it asks nothing"

    return _ungap(
        notes,
        gone,
        "answer-shown",
        every,
        lambda answer: (  # the card still asks its other gaps: say which answer it shows
            f"the gap for {answer!r} was left as text: the answer shows elsewhere on the card "
            "(another gap, its text or its headings), so hiding it asks nothing; the card asks its other gaps"
        ),
    )
