"""The one decision for labels of an author's outline (ankigen/extract/label_gate.py)."""

from __future__ import annotations

import pytest

from ankigen.extract.label_gate import (
    connective_front,
    judge_label,
    nameless_lead,
    needs_subject,
    no_subject,
    property_front,
    recurring_headings,
)
from ankigen.pipeline import parse_text


def test_a_label_is_asked_of_a_heading_that_names_a_term() -> None:
    assert judge_label("Gotchas", "## Standard queue").front == "Standard queue › Gotchas"


def test_a_summary_label_asks_the_heading_itself() -> None:
    assert judge_label("TL;DR", "Rotate signing keys").front == "Rotate signing keys"


def test_no_card_under_a_heading_that_names_nothing() -> None:
    verdict = judge_label("Gotchas", "Other")
    assert verdict.front == "" and verdict.code == "label-without-subject"


def test_a_connective_label_names_nothing_to_ask() -> None:
    for label in ("Otherwise", "さもないと", "However", "So"):
        verdict = judge_label(label, "Standard queue")
        assert verdict.front == "" and verdict.code == "label-as-term", label
    assert connective_front("Write-through cache › Otherwise") is not None
    assert connective_front("Eventual consistency") is None


def test_an_outline_repeated_under_parents_is_found_and_a_term_written_twice_is_not() -> None:
    parent = "### Gotchas\n\nx y z.\n\n### Sizing\n\nx y z.\n\n"
    outline = parse_text(f"# Q\n\n## A\n\n{parent}## B\n\n{parent}")
    assert recurring_headings(outline.sections) == frozenset({"gotchas", "sizing"})
    twice = parse_text("## EC2\n\n### AMI\n\nx y z.\n\n## Review\n\n### AMI\n\nx y z.\n")
    assert recurring_headings(twice.sections) == frozenset()


@pytest.mark.parametrize(
    "front",
    ["Region-specific", "Stateful", "Stateless", "Allow rules only", "Instance-level", "Self-managed", "Serverless"],
)
def test_a_property_shaped_front_needs_its_subject(front: str) -> None:
    assert property_front(front)
    assert needs_subject(front)


@pytest.mark.parametrize(
    "front",
    [
        "TLS-only",
        "DynamoDB",
        "S3-based",
        "IPv4",
        "Virtual Private Cloud",
        "Rolling",
        "Immutable",
        "Read",
        "セキュリティ",
    ],
)
def test_a_name_or_a_plain_noun_is_no_property(front: str) -> None:
    assert not property_front(front)


def test_a_property_with_no_subject_says_it_is_a_property() -> None:
    verdict = no_subject("Stateful")
    assert verdict.front == ""
    assert verdict.code == "label-as-term"
    assert "a property" in verdict.message
    assert "is a label" in no_subject("目的").message


@pytest.mark.parametrize("lead", ["Incident analysis:", "Recovery steps:", "Its roles are the following:", "Clean up"])
def test_a_plain_phrase_over_its_list_names_no_thing(lead: str) -> None:
    assert nameless_lead(lead)


@pytest.mark.parametrize(
    "lead", ["CloudTrail receives logs from:", "Main DB Types:", "Notifications:", "cfn-hup", "Layer 2 devices:"]
)
def test_a_lead_naming_a_thing_or_one_word_alone_keeps_its_front(lead: str) -> None:
    assert not nameless_lead(lead)
