"""Multiple-choice questions: a question, its options and the line that names the right one become
one basic card, question → the right option's text (never its letter), the explanation in Details.

Exam-review notes write practice questions as a question line, option lines labelled ``A)`` …
``D)`` (``a.``, ``1.``, ``ア``, or an ordered list ``1. a`` / ``1. A``) and an answer line naming
the label: ``Answer: B``, ``**Correct Answer: B. Amazon SQS**``, ``正解: B``, ``答え：2``, ``A.2``.
The answer line may sit right under the options or after a line with the learner's own pick
(``Your answer: C``, ``自分の回答: ア``): that line is never carded. A label after the answer
(``Answer: B (Explanation: …)``) or the next ``Explanation:`` / ``解説:`` block goes to Details.
When the question is one short line (``Which service should be used?``) under a scenario
paragraph, the scenario is part of the front. The question may be the heading over the options.
Options written as a task list (``- [x] Azure Key Vault`` among ``- [ ] Azure Bastion``) need no
answer line: the ticked ones are right (the parser drops the tick from the text; the document keeps
it, :attr:`Document.task_items`). All ticked or none is a checklist, not a quiz.

Read one by one, the options were definitions of nothing (``A. Amazon SQS`` over ``B. AWS
EventBridge``) and the answer line a fragment; the option letters made no card a learner could
answer. Options with no answer line, or an answer naming no option, make no card: an explain line
(``choice-without-answer``) says so and the lines are covered.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import pairwise

from ankigen.patterns import lazy_compile

from ..model import (
    Block,
    Document,
    ListBlock,
    ListItem,
    NoteKind,
    Paragraph,
    RawBlock,
    Section,
    Span,
    inline_html,
    inline_text,
)
from . import ExtractContext, register
from .common import split_lines, study_sections
from .tags import breadcrumb

_KANA = "アイウエオカキク"
_LABELED = lazy_compile(r"^\s*[(（]?(?P<label>[A-Ha-h]|[1-8]|[アイウエオカキク])\s*[)）.．:：、]\s*(?P<body>\S.*)$")
_ANSWER = lazy_compile(
    r"^[\s*_✅☑✔️]*(?:correct\s+answers?|right\s+answer|answers?|ans|正解|正答|答え|答|解答|A)\s*[:：.．]"
    r"[\s*_✅☑✔️]*[(（]?(?P<labels>(?:[A-Ha-h]|[1-8]|[アイウエオカキク])(?:\s*[,、&/]\s*(?:[A-Ha-h]|[1-8]|[アイウエオカキク]))*)"
    r"(?![A-Za-z0-9])[)）]?(?P<rest>.*)$",
    re.IGNORECASE,
)
# the learner's own pick, wrong as often as not: never on a card
_OWN_PICK = lazy_compile(
    r"^[\s*_]*(?:your|my)\s+(?:answer|choice|pick)|^[\s*_]*(?:自分の|私の)(?:回答|答え|解答)|^[\s*_]*選んだ",
    re.IGNORECASE,
)
_EXPLANATION = lazy_compile(r"^[\s*_]*(?:explanation|rationale|reason|why|解説|理由)\s*[:：]\s*", re.IGNORECASE)
_EXPLANATION_HTML = lazy_compile(
    r"^\s*(?:<(?:strong|b|em)>)?\s*(?:explanation|rationale|reason|why|解説|理由)\s*[:：]?\s*"
    r"(?:</(?:strong|b|em)>)?\s*[:：]?\s*(?:<br\s*/?>)?\s*",
    re.IGNORECASE,
)
# a question's own number (``Q1.``, ``問3``, ``Question 2:``, ``1 .``) is no part of what it asks
_NUMBER = lazy_compile(r"^\s*(?:(?:Q|問題?|Question)\s*\d+|\d+\s*)\s*[.．:：、)]\s*", re.IGNORECASE)
_NUMBER_HTML = lazy_compile(
    r"^(\s*(?:<(?:strong|b|em)>)?)\s*(?:(?:Q|問題?|Question)\s*\d+|\d+\s*)\s*[.．:：、)]\s*", re.IGNORECASE
)
_NUMBER_ONLY = lazy_compile(r"^\s*(?:Q|問題?|Question|設問)?\s*\d+\s*[.．:：]?\s*$", re.IGNORECASE)
_ASKS = lazy_compile(r"[?？:：]\s*\**\s*$|どれ|何|か[。．]?\s*$|\bwhich\b|\bwhat\b|following", re.IGNORECASE)
_TAG = lazy_compile(r"<[^>]+>")
_FOLD_OPEN = lazy_compile(r"<details\b", re.IGNORECASE)
_FOLD_CLOSE = lazy_compile(r"</details\s*>", re.IGNORECASE)
_ALL_ABOVE = lazy_compile(
    r"^\s*(?:all\s+of\s+the\s+above|all\s+of\s+these|上記(?:の)?すべて|全て|すべて)\s*\.?\s*$", re.IGNORECASE
)
MAX_SHORT_QUESTION = 60
MAX_OPTION = 160
MAX_DETAILS = 700


@dataclass(slots=True)
class _Line:
    text: str
    html: str
    owner: object
    line: int
    group: object | None = None  # the ordered list an item line belongs to
    first: bool = False  # the first line of its owner
    last: bool = False  # the last line of its owner
    ticked: bool | None = None  # a one-line task-list option (``- [x] …``): whether it is ticked


def _label_index(label: str) -> int:
    if label in _KANA:
        return _KANA.index(label)
    if label.isdigit():
        return int(label) - 1
    return ord(label.upper()) - ord("A")


def _family(label: str) -> str:
    if label in _KANA:
        return "kana"
    if label.isdigit():
        return "digit"
    return "upper" if label.isupper() else "lower"


def _block_lines(block: Paragraph | ListItem) -> list[_Line]:
    """The source lines of a paragraph or of a list item's own text, each with its line number."""
    parts = split_lines(block.inlines)
    return [
        _Line(
            inline_text(part).strip(),
            inline_html(part).strip(),
            block,
            block.span.line + offset,
            first=offset == 0,
            last=offset == len(parts) - 1,
        )
        for offset, part in enumerate(parts)
    ]


@register("choice-questions", order=3)
def extract_choice_questions(document: Document, context: ExtractContext) -> None:
    """A question, its labelled options and an answer line naming one: one basic card."""
    previous: Section | None = None
    for section in study_sections(document):
        # ``### An organization is planning …`` right over ``### 5 . Is this assumption valid?``: a
        # scenario written as a heading with nothing under it, read with the question under it
        scenario = (
            (_NUMBER.sub("", previous.title, count=1).strip(), previous.span.line)
            if previous is not None
            and previous.level == section.level
            and not previous.blocks
            and len(previous.title) > MAX_SHORT_QUESTION
            else None
        )
        previous = section
        stream: list[_Line | None] = []
        folds = _folds(section)
        for block in section.blocks:
            if isinstance(block, RawBlock):
                continue  # ``<details>``, ``<hr>``: folds and rules between the parts of one question
            if isinstance(block, Paragraph):
                stream.extend(_block_lines(block))
            elif isinstance(block, ListBlock):
                for item in block.items:
                    lines = _block_lines(item)
                    if len(lines) >= 3:  # a whole question in one item (``1. **Q?**`` + options + answer)
                        _read_unit(document, context, section, list[_Line | None](lines), None, item, folds)
                        stream.append(None)
                        continue
                    for line in lines:
                        line.group = block if block.ordered and len(lines) == 1 and not item.children else None
                        if len(lines) == 1 and not item.children:
                            line.ticked = document.task_items.get(item.span.line)
                        stream.append(line)
                    if item.children:
                        stream.append(None)
            else:
                stream.append(None)
        _read_unit(document, context, section, stream, section, None, folds, scenario)


def _folds(section: Section) -> dict[int, list[Block]]:
    """For each block inside a ``<details>`` fold (between a raw ``<details>`` line and its
    ``</details>``), the blocks of that fold: an answer's fold holds its explanation."""
    folds: dict[int, list[Block]] = {}
    current: list[Block] | None = None
    for block in section.blocks:
        if isinstance(block, RawBlock):
            opened = _FOLD_OPEN.search(block.html) is not None
            closed = _FOLD_CLOSE.search(block.html) is not None
            if opened and not closed:
                current = []
            elif closed:
                current = None
            continue
        if current is not None:
            current.append(block)
            folds[id(block)] = current
    return folds


def _read_unit(
    document: Document,
    context: ExtractContext,
    section: Section,
    lines: list[_Line | None],
    heading: Section | None,
    item: ListItem | None,
    folds: dict[int, list[Block]],
    scenario: tuple[str, int] | None = None,
) -> None:
    """Find each option run in ``lines`` (one section's blocks, or one list item) and its answer."""
    used: set[int] = set()
    index = 0
    while index < len(lines):
        run = _option_run(lines, index)
        if len(run) < 2:
            index += 1
            continue
        end = index + len(run)
        question = _question(lines, index, used, heading)
        if question is None:
            index = end
            continue
        if run[0][0].ticked is not None:
            _ticked_question(document, context, section, question, run, item, scenario)
            used.update(range(index, end))
            index = end
            continue
        answer_at = end
        while answer_at < len(lines) and answer_at < end + 2:
            current = lines[answer_at]
            if current is None or not _OWN_PICK.match(current.text):
                break
            answer_at += 1  # the learner's own pick: passed over, claimed, never carded
        answer = lines[answer_at] if answer_at < len(lines) else None
        match = _ANSWER.match(answer.text) if answer is not None else None
        labels = _labels(match.group("labels")) if match is not None else []
        picked = [run[position] for position in labels if 0 <= position < len(run)] if labels else []
        question_html, question_text, question_lines = question
        first_line = question_lines[0].line if question_lines else run[0][0].line
        if match is None or not picked or len(picked) != len(labels):
            if run[0][0].group is not None or not _ASKS.search(question_text):
                # a numbered list under a lead-in (``is responsible for:``) is no set of options
                # unless an answer line names one of them
                index = end
                continue
            last = run[-1][0].line if match is None else answer.line if answer is not None else run[-1][0].line
            why = (
                "options without an answer line (`Answer: B`, `正解: B`): no card can say which one is right"
                if match is None
                else "the answer line names no option of the list above it"
            )
            context.skip(Span(document.path, first_line, last), question_text, why, code="choice-without-answer")
            _claim(context, [*question_lines, *(line for line, _ in run)], item)
            used.update(range(index, end))
            index = end
            continue
        assert answer is not None and match is not None
        details, detail_lines, after = _details(lines, answer_at, match.group("rest"), picked)
        if len(picked) == 1 and _ALL_ABOVE.match(_TAG.sub("", picked[0][1])):
            picked = [option for option in run if option is not picked[0]]  # "All of the above": what they are
        back = "<br>".join(body for _, body in picked)
        fields = {"Question": question_html, "Answer": back}
        if details:
            fields["Details"] = details
        last_line = (detail_lines[-1] if detail_lines else answer).line
        chosen = {id(line) for line, _ in picked}
        for line, _ in run:
            if id(line) not in chosen:
                context.skip(
                    Span(document.path, line.line, line.line),
                    line.text,
                    f"a wrong option of the question the card at line {first_line} asks: the card shows the right one",
                    code="wrong-option",
                )
        for pick in lines[end:answer_at]:
            if pick is not None:
                context.skip(
                    Span(document.path, pick.line, pick.line),
                    pick.text,
                    "the learner's own pick, never on a card: the card shows the answer the notes give",
                    code="wrong-option",
                )
        if detail_lines and _EXPLANATION.match(detail_lines[0].text):
            label = detail_lines[0]
            context.skip(
                Span(document.path, label.line, label.line),
                label.text,
                f"the label of the explanation shown in the Details of the card at line {first_line}",
                code="in-details",
            )
        context.emit(
            NoteKind.BASIC,
            question_text,
            Span(document.path, first_line, last_line),
            fields,
            section=section,
            source=item if item is not None else question_lines[0].owner if question_lines else section,
        )
        skipped = [line for line in lines[end:answer_at] if line is not None]
        _claim(context, [*question_lines, *(line for line, _ in run), *skipped, answer, *detail_lines], item)
        fold = folds.get(id(answer.owner))
        if fold is not None:  # the rest of the answer's fold: read with the answer, never a card of its own
            in_fold = {id(block) for block in fold}
            in_fold.update(id(entry) for block in fold if isinstance(block, ListBlock) for entry in block.items)
            context.claim(*fold, *(entry for block in fold if isinstance(block, ListBlock) for entry in block.items))
            while after < len(lines):
                current = lines[after]
                if current is not None and id(current.owner) not in in_fold:
                    break
                after += 1
        used.update(range(index, after))
        index = after


def _ticked_question(
    document: Document,
    context: ExtractContext,
    section: Section,
    question: tuple[str, str, list[_Line]],
    run: list[tuple[_Line, str]],
    item: ListItem | None,
    scenario: tuple[str, int] | None,
) -> None:
    """A question over task-list options, the right ones ticked (``- [x] Azure Key Vault`` among
    ``- [ ] Azure Bastion`` …): one basic card, question → the ticked options. A list whose items are
    all ticked or none is a checklist (done, to do), no quiz: its lines are read as they are."""
    question_html, question_text, question_lines = question
    picked = [(line, body) for line, body in run if line.ticked]
    if not picked or len(picked) == len(run) or not _TICKED_ASKS.search(question_text):
        return
    # the heading is the question when no line above the options is (``### 1 . Which …?``)
    first_line = question_lines[0].line if question_lines else section.span.line
    if scenario is not None and not question_lines:
        question_html = f"{html.escape(scenario[0])}<br>{question_html}"
        question_text = f"{scenario[0]} {question_text}"
        first_line = scenario[1]
    for line, _ in run:
        if not line.ticked:
            context.skip(
                Span(document.path, line.line, line.line),
                line.text,
                f"a wrong option (not ticked) of the question the card at line {first_line} asks: the card "
                "shows the ticked one",
                code="wrong-option",
            )
    fields = {"Question": question_html, "Answer": "<br>".join(body for _, body in picked)}
    if not question_lines:
        fields["Context"] = breadcrumb(section.path[:-1])  # the heading is the front: not again above it
    context.emit(
        NoteKind.BASIC,
        question_text,
        Span(document.path, first_line, run[-1][0].line),
        fields,
        section=section,
        source=item if item is not None else question_lines[0].owner if question_lines else section,
    )
    _claim(context, [*question_lines, *(line for line, _ in run)], item)


# a question a ticked option answers: a question mark, a blank to fill, Yes or No, which/what
_TICKED_ASKS = lazy_compile(
    r"[?？]\s*\**\s*$|_{3,}|\byes or no\b|\btrue or false\b|\bwhich\b|\bwhat\b|どれ|どの|何|選", re.IGNORECASE
)


def _option_run(lines: list[_Line | None], start: int) -> list[tuple[_Line, str]]:
    """The options starting at ``start``: lines labelled in sequence from ``A``/``a``/``1``/``ア``,
    the one-line items of one ordered list (numbered 1, 2, … by the list), or one-line task-list
    items (``- [x] …`` / ``- [ ] …``)."""
    first = lines[start]
    if first is None:
        return []
    if first.ticked is not None:
        ticked: list[tuple[_Line, str]] = []
        position = start
        while position < len(lines):
            current = lines[position]
            if current is None or current.ticked is None or len(current.text) > MAX_OPTION:
                break
            ticked.append((current, current.html))
            position += 1
        return ticked
    found = _LABELED.match(first.text)
    if found is not None and _label_index(found.group("label")) == 0 and first.group is None:
        family = _family(found.group("label"))
        run: list[tuple[_Line, str]] = []
        position = start
        while position < len(lines):
            current = lines[position]
            if current is None:
                break
            labelled = _LABELED.match(current.text)
            if labelled is None or _family(labelled.group("label")) != family:
                break
            if _label_index(labelled.group("label")) != len(run) or len(labelled.group("body")) > MAX_OPTION:
                break
            run.append((current, _body_html(current.html)))
            position += 1
        return run
    if first.group is not None and not _same_group(lines, start - 1, first.group):
        run = []
        position = start
        while position < len(lines):
            current = lines[position]
            if current is None or current.group is not first.group or len(current.text) > MAX_OPTION:
                break
            run.append((current, current.html))
            position += 1
        return [] if _same_group(lines, position, first.group) else run
    return []


def _same_group(lines: list[_Line | None], position: int, group: object) -> bool:
    """Whether the line at ``position`` is an item of the ordered list ``group``."""
    if not 0 <= position < len(lines):
        return False
    current = lines[position]
    return current is not None and current.group is group


def _body_html(line_html: str) -> str:
    """An option's text without its label (``A)``, ``b.``, ``ア：``), emphasis kept."""
    stripped = re.sub(r"(?:<br\s*/?>\s*)+$", "", line_html).strip()
    return re.sub(
        r"^(\s*(?:<(?:strong|b|em)>)?)\s*[(（]?(?:[A-Ha-h]|[1-8]|[アイウエオカキク])\s*[)）.．:：、]\s*",
        r"\1",
        stripped,
        count=1,
    ).strip()


def _labels(text: str) -> list[int]:
    return [_label_index(part) for part in re.split(r"\s*[,、&/]\s*", text.strip()) if part]


def _question(
    lines: list[_Line | None], start: int, used: set[int], heading: Section | None
) -> tuple[str, str, list[_Line]] | None:
    """The question over the options at ``start``: the line above (with the scenario paragraph above
    it when it is one short line), or the heading when the options open the section."""
    above = lines[start - 1] if start > 0 else None
    if above is None or (start - 1) in used or _LABELED.match(above.text) or _ANSWER.match(above.text):
        if start == 0 and heading is not None and heading.title and not _NUMBER_ONLY.match(heading.title):
            title = _NUMBER.sub("", heading.title, count=1).strip()
            return html.escape(title), title, []
        return None
    if _NUMBER_ONLY.match(above.text) or not above.text:
        return None
    text = _NUMBER.sub("", above.text, count=1).strip()
    question_html = _NUMBER_HTML.sub(r"\1", above.html, count=1).strip()
    question_html = re.sub(r"(?:<br\s*/?>\s*)+$", "", question_html)
    taken = [above]
    if len(text) <= MAX_SHORT_QUESTION and above.first and above.last:
        scenario = _scenario(lines, start - 2, used)
        if scenario:
            question_html = "<br>".join([*(_scenario_html(scenario)), question_html])
            text = " ".join([*(line.text for line in scenario), text])
            taken[:0] = scenario
    return question_html, text, taken


def _scenario(lines: list[_Line | None], end: int, used: set[int]) -> list[_Line]:
    """The scenario a short question asks about: the paragraph right above it, with the bullets
    under that paragraph (``A workflow that:`` over ``- Invokes Lambda``) when it leads into them."""
    bullets: list[_Line] = []
    position = end
    while position >= 0 and len(bullets) < 8:
        current = lines[position]
        if current is None or position in used or not isinstance(current.owner, ListItem) or current.group is not None:
            break
        if _LABELED.match(current.text):
            return []
        bullets.insert(0, current)
        position -= 1
    if position < 0:
        return []
    current = lines[position]
    if (
        current is None
        or position in used
        or not isinstance(current.owner, Paragraph)
        or not current.last
        or _LABELED.match(current.text)
        or _ANSWER.match(current.text)
        or _EXPLANATION.match(current.text)
        or _OWN_PICK.match(current.text)
    ):
        return []
    if bullets and not current.text.rstrip().endswith((":", "：")):
        return []
    paragraph: list[_Line] = [current]
    while not paragraph[0].first:
        position -= 1
        previous = lines[position] if position >= 0 else None
        if previous is None or previous.owner is not current.owner:
            return []
        paragraph.insert(0, previous)
    return [*paragraph, *bullets]


def _scenario_html(scenario: list[_Line]) -> list[str]:
    parts = [line.html for line in scenario if not isinstance(line.owner, ListItem)]
    items = [f"<li>{line.html}</li>" for line in scenario if isinstance(line.owner, ListItem)]
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    return parts


def _details(
    lines: list[_Line | None], answer_at: int, rest: str, picked: list[tuple[_Line, str]]
) -> tuple[str, list[_Line], int]:
    """The explanation: what follows the answer's label (``B (kg is …)``; not the option's text
    repeated), then an ``Explanation:`` block right under the answer line."""
    parts: list[str] = []
    rest = rest.strip().lstrip(".．:：)）-–— ").strip()
    rest = rest.rstrip("*_ ").rstrip(".．")
    if rest.startswith(("(", "（")) and rest.endswith((")", "）")):
        rest = rest[1:-1].strip()
    rest = _EXPLANATION.sub("", rest, count=1).strip().rstrip("*_").strip()
    option_texts = {_TAG.sub("", body).strip().casefold() for _, body in picked}
    if rest and rest.casefold().rstrip(".") not in option_texts:
        parts.append(html.escape(rest))
    taken: list[_Line] = []
    position = answer_at + 1
    following = lines[position] if position < len(lines) else None
    if following is not None and _EXPLANATION.match(following.text):
        owner = following.owner
        head = _EXPLANATION_HTML.sub("", following.html, count=1).strip()
        parts.append(re.sub(r"(?:<br\s*/?>\s*)+$", "", following.html).strip())  # its label too: a line of the notes
        taken.append(following)
        position += 1
        while position < len(lines):
            current = lines[position]
            if current is None or current.owner is not owner:
                break
            parts.append(current.html)
            taken.append(current)
            position += 1
        if not head and len(taken) == 1:  # ``**Explanation:**`` over a list of reasons
            items: list[str] = []
            while position < len(lines):
                current = lines[position]
                if current is None or not isinstance(current.owner, ListItem) or _LABELED.match(current.text):
                    break
                items.append(f"<li>{current.html}</li>")
                taken.append(current)
                position += 1
            if items:
                parts.append(f"<ul>{''.join(items)}</ul>")
    details = "<br>".join(part for part in parts if part)
    if len(_TAG.sub("", details)) > MAX_DETAILS:
        details = details[: details.rfind("<br>", 0, MAX_DETAILS)] if "<br>" in details[:MAX_DETAILS] else ""
    return details, taken, position


def _claim(context: ExtractContext, lines: list[_Line | None], item: ListItem | None) -> None:
    owners: dict[int, object] = {}
    for line in lines:
        if line is not None:
            owners.setdefault(id(line.owner), line.owner)
    if item is not None:
        owners.setdefault(id(item), item)
    context.claim(*owners.values())


__all__ = ["extract_choice_questions", "extract_numbered_questions"]


# ``Q1.何の略か？`` / ``問3 …は？``: a numbered question standing alone as a paragraph
_NUMBERED_QUESTION = lazy_compile(r"^\s*(?:Q|問)\s*\d+\s*[.．:：)）、]\s*(?P<body>\S.*)$", re.IGNORECASE)
MAX_WRITTEN_ANSWER = 80


@register("numbered-questions", order=6)
def extract_numbered_questions(document: Document, context: ExtractContext) -> None:
    """``Q1.…？`` as a one-line paragraph over a one-line paragraph: a quiz written with its
    answers, one basic card each (question → the line under it)."""
    for section in study_sections(document):
        blocks = [block for block in section.blocks if not isinstance(block, RawBlock)]
        for block, following in pairwise(blocks):
            if not isinstance(block, Paragraph) or not isinstance(following, Paragraph):
                continue
            if context.claimed(block) or context.claimed(following):
                continue
            question_lines = split_lines(block.inlines)
            answer_lines = split_lines(following.inlines)
            if len(question_lines) != 1 or len(answer_lines) != 1:
                continue
            found = _NUMBERED_QUESTION.match(inline_text(question_lines[0]))
            answer_text = inline_text(answer_lines[0]).strip()
            if found is None or not _ASKS.search(found.group("body")):
                continue
            if (
                not answer_text
                or len(answer_text) > MAX_WRITTEN_ANSWER
                or _NUMBERED_QUESTION.match(answer_text)
                or answer_text.endswith(("?", "？", ":", "："))
            ):
                continue
            question_html = _NUMBER_HTML.sub(r"\1", inline_html(question_lines[0]).strip(), count=1)
            text = found.group("body").strip()
            context.emit(
                NoteKind.BASIC,
                text,
                Span(document.path, block.span.line, following.span.line),
                {"Question": question_html, "Answer": inline_html(answer_lines[0]).strip()},
                section=section,
                source=block,
            )
            context.claim(block, following)
