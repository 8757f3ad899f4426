"""Cards as Anki itself renders them, for ``ankigen preview`` (issue 6)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from .collection import collection
from .importing import import_into

__all__ = ["RenderedCard", "render_cards"]


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """One card of a package, both sides rendered by Anki's own template engine."""

    guid: str
    ordinal: int
    template: str
    question: str
    answer: str


def anki_available() -> bool:
    """Whether the ``anki`` extra is installed (without importing it)."""
    import importlib.util

    return importlib.util.find_spec("anki") is not None


def render_cards(package: Path | str) -> tuple[RenderedCard, ...]:
    """Import ``package`` into a throwaway collection and render every card, sorted by GUID and ordinal."""
    cards: list[RenderedCard] = []
    with (
        tempfile.TemporaryDirectory(prefix="ankigen-render-") as folder,
        collection(Path(folder) / "collection.anki2") as col,
    ):
        import_into(col, Path(package))
        for card_id in col.find_cards(""):
            card = col.get_card(card_id)
            output = card.render_output(reload=True)
            template = str(card.template()["name"])
            cards.append(RenderedCard(card.note().guid, card.ord, template, output.question_text, output.answer_text))
    return tuple(sorted(cards, key=lambda card: (card.guid, card.ordinal)))
