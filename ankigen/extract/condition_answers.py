"""Condition answers: a Japanese rule sentence that says what to do in a case or to reach a goal,
``<case>場合は、<what to do>`` / ``<goal>するには <what to do>`` / ``<case>ときは <what to do>``,
whose outcome is a whole clause (it names several things or none, so the condition clozes, which hide
one name, leave it), becomes one basic card: the case or goal is the question (``Jenkins で CICD を
実行する場合``, ``…を開始するには``, as the task lead-ins ask), what to do is the answer.

Exam notes list such rules under a service's name (``- CodeBuild`` over ``- ビルドを並列に
実行したい場合は、バッチビルドを設定する。``), with no bold and no
``Term: text`` shape, so each was explained as a plain statement (``no-card-shape``). The case is a
question in its own right, and the clause after it is the one answer to recall; the name the
bullets sit under shows in Context.

Left alone:

- a case that leans on what came before (``この場合は``, ``それでも…``, ``また、``), an example, an
  opinion or a remark (``※…``);
- a case of a few characters (``解決するには``: of what?), of two clauses (a comma or ``…であれば``
  inside it), that points at an exam scenario (``企業の要件を満たすためには``), or with no name and no
  noun of its own (``設定していない場合は``: set what?);
- a case that names nothing in Latin letters under a heading that names no subject
  (``リクエスト数が多い場合は`` under ``## Other``), unless a name bullet stands above it;
- an outcome that points below (``次を実行します``: the task lead-ins' shape), gives examples
  (``…などの注意が必要``: which?), says little or runs long, asks, holds a second ``場合``, or is the
  first of several steps (the next sentence opens on ``それから`` / ``次に``);
- a step of a procedure, an example or an exam scenario, text with no heading above it, a line
  another card asks, and a bullet under a bullet that made a card (that card's Details speak for it).
"""

from __future__ import annotations

import html
import re

from ..model import Document, ListItem, NoteKind, Paragraph
from ..patterns import lazy_compile
from . import ExtractContext, register
from .clozes import unasked_sentences
from .common import (
    JA_OPINION,
    JA_SENTENCE_END,
    has_cjk,
    iter_items,
    looks_like_term,
    names_no_subject,
    study_sections,
)
from .vocabulary import EXAMPLE_SENTENCE, LEANS_CONDITION_JA, MAX_SUBJECT_SENTENCE_CHARS

_CASE = lazy_compile(
    r"^(?P<case>.{6,60}?(?:場合(?:は|には)|(?:[るすくうつぶむぬ]|ない|たい)(?:ためには|には)|(?:[るすたい]|ない)(?:とき|時)(?:は|には)))"
    r"(?:、|,|\s)*(?P<outcome>.+)$"
)
"""A case or a goal (``…場合は``, ``…するには``, ``…するためには``, ``…したくないときは``) and what to do."""
_POINTS_BELOW = lazy_compile(r"次|以下|下記|こちら|後述|下の|上記|前述")
_PREDICATE_END = lazy_compile(r"(?:[るすたいうくつぶむぬ]|ます|です|注意|必要|可能)$")
_MIN_OUTCOME_CHARS = 6
_MAX_OUTCOME_CHARS = 90
_MIN_CASE_CHARS = 8
_SCENARIO = lazy_compile(r"要件|要求|会社|企業|顧客|お客|ユーザーの希望")
"""A case that points at an exam scenario told elsewhere (``企業の要件を満たすためには``): whose requirements?"""
_NAMED = lazy_compile(r"[A-Za-z][A-Za-z0-9]+")


_STEPS_ON = lazy_compile(r"^(?:それから|次に|その後|そして|続いて|最後に|さらに)")
"""A sentence that goes on with the next step (``それから…``): the outcome before it is one step of several."""
_PARTICLE = lazy_compile(r"[^\u3040-\u309f](?:を|が|に|で|へ|と|の|も)")
"""A case that says what it is about: a noun with its particle (``相関名がある``), not a bare verb
(``設定していない``)."""


def _later_sentences(owner: Paragraph | ListItem, line: int) -> list[str]:
    """The sentences of ``owner`` after the first one of ``line`` (on that line or the ones below)."""
    lines = owner.text.split("\n")[line - owner.span.line :]
    return [piece for piece in JA_SENTENCE_END.split("\n".join(lines))[1:] if piece.strip()]


def _prompt(case: str) -> str:
    """The question a case asks, as the task lead-ins put it (``ファイルを追加するには``): a case
    (``…場合は``, ``…ときは``) without its topic particle, which only points at the answer after it."""
    return re.sub(r"(場合|とき|時)(?:は|には)$", r"\1", case)


def condition_answer(text: str) -> tuple[str, str] | None:
    """(the case or goal, what to do) of a Japanese rule sentence, or None."""
    text = " ".join(text.split())
    if not has_cjk(text) or text.startswith(("※", "*", "注")) or len(text) > MAX_SUBJECT_SENTENCE_CHARS:
        return None
    if any(pattern.search(text) for pattern in (LEANS_CONDITION_JA, EXAMPLE_SENTENCE, JA_OPINION)):
        return None
    match = _CASE.match(text)
    if match is None:
        return None
    case, outcome = match.group("case").strip(), match.group("outcome").strip().rstrip("。").strip()
    if len(case) < _MIN_CASE_CHARS or not _MIN_OUTCOME_CHARS <= len(outcome) <= _MAX_OUTCOME_CHARS:
        return None
    if _SCENARIO.search(case) or "、" in case or re.search(r"であれば|なら", case):
        return None
    if "場合" in outcome or "など" in outcome or _POINTS_BELOW.search(outcome) or outcome.endswith(("？", "?", "か")):
        return None
    if not _PREDICATE_END.search(outcome) or re.search(r"[（(][^）)]*$", case):
        return None  # a phrase, not what to do; or the case cut inside a bracket
    return case, outcome


@register("condition-answers", order=109)
def extract_condition_answers(document: Document, context: ExtractContext) -> None:
    asked = {candidate.note.span.line for candidate in context.candidates}
    for section in study_sections(document):
        if not section.level:
            continue  # no heading to say what the rule is about
        topic = not names_no_subject(section.title, section.level == 1)
        owners: list[tuple[Paragraph | ListItem, ListItem | None]] = [
            (block, None) for block in section.blocks if isinstance(block, Paragraph)
        ]
        owners.extend(iter_items(section.blocks))
        for owner, parent in owners:
            if context.claimed(owner) or (
                parent is not None and (context.claimed(parent) or parent.span.line in asked)
            ):
                continue  # used, or a bullet in its parent's card's Details: that card speaks for it
            node = context.outline.find(owner)
            if node is None or node.roles.example or node.roles.step or node.roles.scenario:
                continue
            made = False
            for sentence in unasked_sentences(owner.inlines, owner.span.line, asked, JA_SENTENCE_END):
                if sentence.index != 0 or not sentence.parts or any(part.kind != "text" for part in sentence.parts):
                    continue  # a later sentence leans on the first one
                found = condition_answer("".join(part.text for part in sentence.parts))
                if found is None:
                    continue
                case, outcome = found
                if any(_STEPS_ON.match(later.strip()) for later in _later_sentences(owner, sentence.line)):
                    continue  # ``…したいときは、A します。それから B します。``: A is only the first step
                if not _NAMED.search(case) and not _PARTICLE.search(case):
                    continue  # ``設定していない場合は``: set what? the case leans on the sentence before
                if not (_NAMED.search(case) or (parent is not None and looks_like_term(parent.text.strip())) or topic):
                    continue  # ``リクエスト数が多い場合は`` under ``## Other``: of what? no name in it or above it
                count = len(context.candidates)
                context.emit(
                    NoteKind.BASIC,
                    case,
                    owner.span.at(sentence.line),
                    {"Question": html.escape(_prompt(case)), "Answer": html.escape(outcome)},
                    section=section,
                    source=owner,
                )
                made = made or len(context.candidates) > count
            if made:
                context.claim(owner)
