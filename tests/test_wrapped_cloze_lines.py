"""Which lines of a paragraph are one hard-wrapped sentence for the clozes (extract/clozes.py
_wraps_into): a line that opens on its own key phrase after a bracket stays a statement of its own."""

from __future__ import annotations

from ankigen.extract.clozes import _wraps_into
from ankigen.model import Inline


def _text(text: str) -> Inline:
    return Inline("text", text, text)


def _bold(text: str) -> Inline:
    return Inline("strong", f"<strong>{text}</strong>", text)


def test_a_line_left_hanging_on_a_word_goes_on_with_the_next() -> None:
    head = (_text("In short the "), _bold("Business"), _text(" perspectives focus on"))
    assert _wraps_into(head, (_bold("business"), _text(" capabilities")))
    assert _wraps_into(head, (_text("focus on "), _bold("technical capabilities")))


def test_a_line_opening_on_its_own_key_phrase_after_a_bracket_stays_apart() -> None:
    head = (_bold("kubelet"), _text(" enforces the "), _bold("limits"), _text(" (per pod)"))
    assert not _wraps_into(head, (_bold("scheduler"), _text(" places pods by their "), _bold("requests")))


def test_a_line_with_no_key_phrase_or_a_capital_stays_apart() -> None:
    head = (_text("Only the "), _bold("jump host"), _text(" may open SSH. For instance"))
    assert not _wraps_into(head, (_text("set system services ssh port 2222"),))
    assert not _wraps_into((_text("Hot storage is for "), _bold("reads")), (_text("Cool is for "), _bold("writes")))
