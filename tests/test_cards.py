"""Cards as Anki shows them: the pure-Python renderer, case by case, and against the real Anki."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

import ankigen
from ankigen.cards import cloze_numbers, render_cloze, render_note, render_template

from .conftest import NOTES

# (title, template, fields, expected)
TEMPLATE_CASES = [
    ("field", "<b>{{Term}}</b>", {"Term": "VPC"}, "<b>VPC</b>"),
    ("field with spaces in tag", "{{ Term }}", {"Term": "VPC"}, "VPC"),
    ("section shown", "{{#Extra}}<i>{{Extra}}</i>{{/Extra}}", {"Extra": "note"}, "<i>note</i>"),
    ("section hidden when empty", "a{{#Extra}}<i>{{Extra}}</i>{{/Extra}}b", {"Extra": ""}, "ab"),
    ("br-only field is empty", "a{{#Extra}}X{{/Extra}}b", {"Extra": " <br> <div></div>"}, "ab"),
    ("inverted section", "{{^Extra}}none{{/Extra}}", {"Extra": ""}, "none"),
    ("inverted section hidden", "{{^Extra}}none{{/Extra}}", {"Extra": "x"}, ""),
    ("nested sections", "{{#A}}[{{#B}}{{B}}{{/B}}]{{/A}}", {"A": "1", "B": "2"}, "[2]"),
    ("FrontSide", "{{FrontSide}}<hr id=answer>{{Back}}", {"FrontSide": "Q", "Back": "A"}, "Q<hr id=answer>A"),
    ("unknown field", "{{Nope}}", {}, "{unknown field Nope}"),
]


@pytest.mark.parametrize(
    ("template", "fields", "expected"), [case[1:] for case in TEMPLATE_CASES], ids=[c[0] for c in TEMPLATE_CASES]
)
def test_template(template: str, fields: dict[str, str], expected: str) -> None:
    assert render_template(template, fields) == expected


def test_unclosed_section_is_an_error_naming_it() -> None:
    with pytest.raises(ankigen.AnkigenError, match=r"\{\{#Extra\}\} is never closed"):
        render_template("{{#Extra}}x", {"Extra": "1"})


# (title, text, ordinal, front, back)
CLOZE_CASES = [
    (
        "active and inactive",
        "{{c1::VPC}} and {{c2::IGW}}",
        1,
        '<span class="cloze" data-cloze="VPC" data-ordinal="1">[...]</span> and '
        '<span class="cloze-inactive" data-ordinal="2">IGW</span>',
        '<span class="cloze" data-ordinal="1">VPC</span> and <span class="cloze-inactive" data-ordinal="2">IGW</span>',
    ),
    (
        "hint",
        "{{c1::ステートフル::state}}",
        1,
        '<span class="cloze" data-cloze="ステートフル" data-ordinal="1">[state]</span>',
        '<span class="cloze" data-ordinal="1">ステートフル</span>',
    ),
    (
        "same number twice",
        "{{c1::a}} {{c1::b}}",
        1,
        '<span class="cloze" data-cloze="a" data-ordinal="1">[...]</span> '
        '<span class="cloze" data-cloze="b" data-ordinal="1">[...]</span>',
        '<span class="cloze" data-ordinal="1">a</span> <span class="cloze" data-ordinal="1">b</span>',
    ),
    (
        "markup in the answer is attribute-escaped",
        "{{c1::<b>x</b> y}}",
        1,
        '<span class="cloze" data-cloze="&lt;b&gt;x&lt;&#x2F;b&gt;&#x20;y" data-ordinal="1">[...]</span>',
        '<span class="cloze" data-ordinal="1"><b>x</b> y</span>',
    ),
    (
        "nested",
        "{{c1::x {{c2::y}} z}}",
        2,
        '<span class="cloze-inactive" data-ordinal="1">x '
        '<span class="cloze" data-cloze="y" data-ordinal="2">[...]</span> z</span>',
        '<span class="cloze-inactive" data-ordinal="1">x <span class="cloze" data-ordinal="2">y</span> z</span>',
    ),
    ("unclosed is text", "{{c1::open", 1, "{{c1::open", "{{c1::open"),
]


@pytest.mark.parametrize(
    ("text", "ordinal", "front", "back"), [case[1:] for case in CLOZE_CASES], ids=[c[0] for c in CLOZE_CASES]
)
def test_cloze(text: str, ordinal: int, front: str, back: str) -> None:
    assert render_cloze(text, ordinal, question=True) == front
    assert render_cloze(text, ordinal, question=False) == back


def test_cloze_numbers() -> None:
    assert cloze_numbers("{{c3::a}} {{c1::b}} {{c3::c}}") == (1, 3)


NOTE_TEXT = """\
# Networking

- **IGW**: connects a VPC to the internet

Q: What does a NAT gateway do?
A: Lets private subnets reach out.

A security group is {{c1::stateful}} and a network ACL is {{c2::stateless}}.

| Item | Security group | NACL |
| --- | --- | --- |
| State | stateful | stateless |
"""


def _notes(text: str = NOTE_TEXT) -> list[ankigen.Note]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "net.md"
        path.write_text(text, encoding="utf-8")
        return list(ankigen.build_notes([path]).notes)


def test_each_cloze_number_is_a_card_with_its_own_blank() -> None:
    (note,) = [n for n in _notes() if n.kind is ankigen.NoteKind.CLOZE]
    cards = render_note(note)
    assert [card.ordinal for card in cards] == [0, 1]
    assert 'data-cloze="stateful"' in cards[0].question and ">stateless<" in cards[0].question
    assert 'data-cloze="stateless"' in cards[1].question and ">stateful<" in cards[1].question
    assert '<span class="cloze" data-ordinal="1">stateful</span>' in cards[0].answer


def test_back_repeats_the_front_and_reverse_card_only_when_asked() -> None:
    notes = _notes()
    definition = next(n for n in notes if n.kind is ankigen.NoteKind.DEFINITION)
    (card,) = render_note(definition)  # Reverse is empty: one card, as in Anki
    assert card.template == "Definition"
    assert card.answer.startswith(card.question)
    assert "connects a VPC to the internet" in card.answer and "connects" not in card.question
    with_reverse = type(definition)(
        definition.kind,
        definition.key,
        tuple((name, "y" if name == "Reverse" else value) for name, value in definition.fields),
        definition.span,
        definition.deck,
    )
    assert [c.template for c in render_note(with_reverse)] == ["Definition", "Reverse"]


def test_comparison_back_asks_only_its_own_entity() -> None:
    """A comparison's back holds its entity's values, never the other compared entities' cells."""
    comparisons = {n.field_map["Entity"]: n for n in _notes() if n.kind is ankigen.NoteKind.COMPARISON}
    (card,) = render_note(comparisons["Security group"])
    assert "stateful" in card.answer and "stateless" not in card.answer
    assert "<table" not in card.question


def test_pure_renderer_matches_anki_card_for_card(tmp_path: Path) -> None:
    """Every card of the bundled notes and of tricky clozes renders exactly as Anki renders it.

    (Nested clozes are left out here: genanki, which writes the package, makes no card for the
    inner number, so the package has fewer cards than Anki itself would make; the nested case above
    is Anki's own output.)"""
    rendering = pytest.importorskip("ankigen.deliver.rendering")
    pytest.importorskip("anki")
    tricky = tmp_path / "tricky.md"
    tricky.write_text(
        NOTE_TEXT + "\n日本語の{{c1::穴埋め::ヒント}}と{{c2::<b>太字</b> & 記号}}、{{c3::x <i>y</i> z}}。\n",
        encoding="utf-8",
    )
    result = ankigen.build_notes([NOTES, tricky])
    ours = {(c.note.guid, c.ordinal): (c.template, c.question, c.answer) for n in result.notes for c in render_note(n)}
    package = ankigen.write_apkg(result.notes, tmp_path / "cards.apkg", timestamp=1_767_225_600)
    theirs = {(c.guid, c.ordinal): (c.template, c.question, c.answer) for c in rendering.render_cards(package)}
    assert set(ours) == set(theirs)
    for key, expected in theirs.items():
        assert ours[key] == expected, key


def test_a_gap_holding_cloze_syntax_stays_whole_in_anki(tmp_path: Path) -> None:
    """A key phrase such as ``{{resolve:ssm:name}}`` or ``arn:aws::…`` holds what Anki reads as
    cloze syntax (``}}`` ends a gap, ``::`` starts a hint): in the real Anki the card must still hide
    the whole phrase and show it whole on the back."""
    collection = pytest.importorskip("anki.collection")
    source = tmp_path / "iam.md"
    source.write_text(
        "## Templates\n\nA template reads a parameter at deploy time with **{{resolve:ssm:name}}** in a property.\n\n"
        "## Policies\n\nThe root user of an account is written **arn:aws:iam::111122223333:root** in a policy.\n",
        encoding="utf-8",
    )
    texts = [
        note.field_map["Text"] for note in ankigen.build_notes([source]).notes if note.kind is ankigen.NoteKind.CLOZE
    ]
    assert texts, "no cloze was made"
    col = collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        for text in texts:
            note = col.new_note(col.models.by_name("Cloze"))
            note["Text"] = text
            col.add_note(note, col.decks.id("Default"))
            (card,) = note.cards()
            question, answer = card.question().replace("\u2060", ""), card.answer().replace("\u2060", "")
            phrase = "{{resolve:ssm:name}}" if "resolve" in text else "arn:aws:iam::111122223333:root"
            assert phrase not in question.split("</style>")[-1]
            assert phrase in answer
    finally:
        col.close()
