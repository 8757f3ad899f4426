"""One keep-or-explain decision for a card whose front is a section label, not a term.

A label of the author's own outline (``**TL;DR:**`` / ``**Otherwise:**`` under every practice,
``### Gotchas`` / ``### Sizing`` under every service, ``- **Why**:`` under every command) is a part
of the section it opens, not a term: its text is about the heading above it. Such a card is kept
only when that heading names something the label can be asked of (:func:`judge_label`):

* a summary label (``TL;DR``, ``概要``) asks the heading itself (``Use TLS`` -> its summary);
* a heading that names something (a term, or a practice such as ``Rotate the keys``) keeps the label
  with the heading as its subject (``Standard queue › Gotchas``, ``Rotate the keys › Why``);
* a heading that names nothing to ask (a group or topic title, a question, a sentence with a full
  stop) gives no card;
* a label that names no aspect of anything gives no card: a remark label (``Note``, ``ポイント``,
  ``Example``), or a connective (``Otherwise``, ``さもないと``, ``However``: :func:`connective_front`,
  which the selection pass also asks of every definition's front, a label repeated or not):
  ``Rotate the keys › Otherwise`` asks "what about doing that?", which no learner can answer from
  the front.

A front that names no thing at all needs its subject the same way (:func:`needs_subject`, the one
test :mod:`~ankigen.extract.subjects` and the selection pass ask of every definition's front): a label
word (``目的``, ``Examples``), a label phrase (``Traditional Flow``), an aspect label
(``Implementations``, ``Typical logic``: :func:`aspect_label`), or a property, a phrase that says
what something is like rather than what it is (``Region-specific``, ``Stateful``, ``Allow rules only``:
:func:`property_front`, by the word's shape). Such a front is asked of the subject the outline gives
above it (``VPC › Region-specific``, ``Security groups › Stateful``), and is no card, with an explain
line (:func:`no_subject`), when nothing above it names one.

Which labels are the outline's own is read from the document, not from word lists alone:
:func:`recurring_headings` finds the titles an author repeats under several parent headings
(a fixed outline), and ``definitions.recurring_labels`` the ``Label: text`` lines so repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ankigen.patterns import lazy_compile

from ..model import Section
from .common import (
    OUTLINE_NUMBER,
    clean_term,
    fold,
    is_group_heading,
    is_label_phrase,
    is_non_study_term,
    is_topic_title,
)
from .outline import is_label
from .vocabulary import (
    ASPECT_LABELS_EN,
    CONNECTIVE_OPENINGS_EN,
    CONNECTIVE_OPENINGS_JA,
    CONSEQUENCE_LABELS,
    MAX_TERM_CHARS,
    META_LABELS,
    NO_SUBJECT_WORDS,
    OPEN_TOPIC_LABELS,
    SUMMARY_LABELS,
)

_SUMMARY = frozenset(fold(word) for word in SUMMARY_LABELS)
_QUESTION_OR_STOP = lazy_compile(r"[。！？!?]")
MIN_OUTLINE_PARENTS = 2
"""A heading title under this many parent headings or more, beside another title repeated under
the same parents, is a label of the author's outline (``### Gotchas`` / ``### Sizing`` under each
queue), not a term."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What becomes of a label's card: ``front`` to ask (empty: no card), else ``code`` and ``message``
    for the explain line."""

    front: str
    code: str = ""
    message: str = ""


_PROPERTY_HEADS = frozenset(
    {"specific", "based", "wide", "aware", "free", "only", "enabled", "bound", "scoped", "driven", "oriented",
     "intensive", "dependent", "independent", "agnostic", "compatible", "native", "level", "managed"}
)  # fmt: skip
"""Last parts of a hyphenated compound that make it an adjective (``Region-specific``,
``Instance-level``, ``Memory-intensive``): it says what its subject is like."""
_PROPERTY_WORD = lazy_compile(r"^[A-Za-z][a-z]{2,}(?:ful|less)$")
"""One plain word that is an adjective by its suffix (``Stateful``, ``Stateless``, ``Serverless``)."""
_NAME_MARK = lazy_compile(r"\d|[()/&,.:_]|[A-Za-z][a-z]*[A-Z]")
"""What a name has and a property phrase never does: a digit, brackets or a joint, a capital inside a
word (``DynamoDB``, ``IPv4``, ``S3-specific``)."""
MAX_PROPERTY_WORDS = 4


def property_front(term: str) -> bool:
    """A front that says what its subject is like, not what it is, by the word's shape: a hyphenated
    compound ending in an adjective part (``Region-specific``, ``AZ-level`` is a name: capital inside),
    one word ending in ``-ful`` / ``-less`` (``Stateful``), or a short phrase of plain words ending in
    ``only`` (``Allow rules only``). English plain words only: an acronym or a capital inside a word
    (``TLS-only``, ``DynamoDB``) marks a name."""
    text = clean_term(term).rstrip(" :：")
    if not text.isascii() or _NAME_MARK.search(text):
        return False
    words = text.split()
    if any(word.isupper() and len(word) > 1 for word in words):
        return False  # ``TLS only``: an acronym names the thing
    if len(words) == 1:
        parts = words[0].lower().split("-")
        if len(parts) >= 2 and all(parts) and parts[-1] in _PROPERTY_HEADS:
            return True
        return len(parts) == 1 and bool(_PROPERTY_WORD.match(words[0]))
    return 2 <= len(words) <= MAX_PROPERTY_WORDS and words[-1].lower() == "only"


_PLAIN_LEAD = lazy_compile(r"^[A-Za-z][a-z]*(?: [a-z]+){1,5}$")
"""A phrase of plain lower-case words after its first letter (``Incident analysis``, ``Resources for
best practices include``): no capital inside, no acronym, digit or joint (``cfn-hup``) that would
make it a name."""


def nameless_lead(prompt: str) -> bool:
    """A question front that is only a plain phrase over its list (``Incident analysis:``,
    ``Charges:``, ``Recovery steps:``): English, at most six words, in lower case after its first
    letter, so it names no thing (``CloudTrail receives logs from:``, ``DevOps Way:``, ``Main DB
    Types:`` name one) and says whose it is only through the headings above it."""
    text = clean_term(prompt).rstrip(" :：")
    return bool(_PLAIN_LEAD.match(text)) and not is_connective(text)


def needs_subject(term: str) -> bool:
    """The one test of a front that names no thing and so is asked only of its subject: a label word
    (``目的``, ``Examples``, ``使用するメリット``), a label phrase (``Traditional Flow``,
    ``Top-Down``) or a property (:func:`property_front`). The subjects pass asks it of the subject
    the outline gives (``VPC › Region-specific``); with no subject, the selection pass gives no card and
    :func:`no_subject`'s explain line."""
    return is_label(term) or is_label_phrase(term) or property_front(term) or points_back(term) or aspect_label(term)


def aspect_label(term: str) -> bool:
    """An English label of one aspect of its subject, matched whole (``Implementations``, ``Typical
    logic``, ``Best Practices``: :data:`~.vocabulary.ASPECT_LABELS_EN`)."""
    return fold(clean_term(term)).rstrip(" :：") in ASPECT_LABELS_EN


_POINTING_PHRASE = lazy_compile(r"^[A-Za-z][a-z]*(?: [a-z]+(?:['’][a-z]+)?){1,6}$")
_POINTERS = frozenset({"it", "its", "it's", "it’s", "this", "them"})


def points_back(term: str) -> bool:
    """A plain English phrase that asks about something only by pointing back at it (``How we protect
    it``, ``How to achieve this``, ``What goes wrong if it's broken``): at most seven lower-case words
    after the first letter, one of them ``it`` / ``this`` / ``them``. It names no thing; the heading
    above it does, so it is asked of that heading's subject, or not at all."""
    text = clean_term(term).rstrip(" :：")
    if not _POINTING_PHRASE.match(text):
        return False
    return any(word in _POINTERS for word in text.lower().split()[1:])


def unasked_label(term: str, listed: bool, has_subject: Callable[[], bool]) -> Verdict | None:
    """The selection pass's decision for a definition's front: no card (:func:`no_subject`) for a
    label (``listed``: one of the label words, alone or after a particle, ``使用するメリット``) or a
    property (:func:`property_front`) when ``has_subject`` says nothing above it names a subject
    (the subjects pass asks :func:`needs_subject` of the same front to qualify it); None to keep it."""
    if not (listed or property_front(term) or points_back(term)) or has_subject():
        return None
    return no_subject(term)


def no_subject(term: str) -> Verdict:
    """No card for a front that :func:`needs_subject` with nothing above it naming a subject."""
    if property_front(term):
        return Verdict(
            "",
            "label-as-term",
            f"'{term}' says what something is like (a property), not what it is, and no heading or bullet "
            "above it names whose it is; write it under the thing it describes, or `- **Term**: explanation`, "
            "to get a card",
        )
    return Verdict(
        "", "label-as-term", f"'{term}' is a label, not a term; it needs the term it belongs to (e.g. `X の{term}`)"
    )


def is_connective(label: str) -> bool:
    """A label that joins its text to the heading instead of naming a part of it (``Otherwise``,
    ``さもないと``, ``So``): ``Heading › Otherwise`` asks no aspect a learner could name."""
    folded = fold(label).strip(" :：、,")
    return folded in CONNECTIVE_OPENINGS_EN or folded in CONNECTIVE_OPENINGS_JA or folded in CONSEQUENCE_LABELS


def connective_front(front: str) -> Verdict | None:
    """No card for a front whose last part is a connective label (``Otherwise``, ``However``,
    ``Write-through cache › Otherwise``): it joins its text to what is above it and names nothing to
    ask, wherever it stands (one bullet or every heading); None for any other front."""
    owner, _, label = front.rpartition(" › ")
    if not is_connective(label):
        return None
    where = f"the heading or bullet '{owner}'" if owner else "the line above it"
    return Verdict(
        "",
        "label-as-term",
        f"'{label}' joins its text to {where} (what follows from it, or else), it names no part of "
        "anything to ask: a card of it asks nothing a learner could name; bold the key phrase of its text "
        "for a cloze, or write `- **Term**: explanation`, to get a card",
    )


def judge_label(label: str, owner: str) -> Verdict:
    """The one decision for the label ``label`` of a section headed ``owner`` (see the module doc)."""
    owner = clean_term(OUTLINE_NUMBER.sub("", owner))
    named = 0 < len(owner) <= MAX_TERM_CHARS and not _QUESTION_OR_STOP.search(owner)
    if not named or is_group_heading(owner) or is_topic_title(owner) or fold(owner) in NO_SUBJECT_WORDS:
        return Verdict(
            "",
            "label-without-subject",
            f"'{label}' labels a part of every section here, and the heading '{owner}' names nothing to ask "
            "it of; write the subject in the heading, or `- **Term**: explanation`, to get a card",
        )
    if is_non_study_term(label):
        # ``出典: R7 午後Ⅰ 問1``, ``覚え方: …`` under every question: where the section comes from or a
        # memory aid for it, no aspect of the heading to ask
        return Verdict(
            "",
            "label-as-term",
            f"'{label}' labels where a section comes from or a memory aid for it (出典, 覚え方), in every "
            f"section here, not a fact about '{owner}'; write the fact itself as `- **Term**: explanation`",
        )
    if fold(label) in _SUMMARY:
        return Verdict(owner)
    if fold(label) in META_LABELS | OPEN_TOPIC_LABELS:
        # ``Note``, ``ポイント``, ``Example``: names no aspect of the heading, so ``Heading › Note``
        # would ask "what about it?"; its bold phrases may still make clozes
        return Verdict(
            "",
            "label-as-term",
            f"'{label}' labels a remark in every section here and names no aspect of '{owner}' to ask; "
            "bold its key phrase for a cloze, or write `- **Term**: explanation`, to get a card",
        )
    connective = connective_front(f"{owner} › {label}")
    if connective is not None:
        return connective
    return Verdict(label if fold(owner) in fold(label) else f"{owner} › {label}")


def recurring_headings(sections: Iterable[Section]) -> frozenset[str]:
    """Folded titles of the author's fixed outline: a title found under
    :data:`MIN_OUTLINE_PARENTS` or more parent headings, which share at least one other such title
    (``### 特徴`` and ``### 料金`` under each service). One term written under two headings
    (``### AMI`` under ``## EC2`` and ``## Review``) shares no second title with them and stays a term."""
    parents: dict[str, set[tuple[str, ...]]] = {}
    for section in sections:
        if section.level and len(section.path) > 1:
            parents.setdefault(fold(clean_term(section.title)), set()).add(section.path[:-1])
    repeated = {title: under for title, under in parents.items() if title and len(under) >= MIN_OUTLINE_PARENTS}
    return frozenset(
        title
        for title, under in repeated.items()
        if any(other != title and len(under & others) >= MIN_OUTLINE_PARENTS for other, others in repeated.items())
    )
