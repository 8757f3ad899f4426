"""Straight into Anki: the only module of ankigen that imports :mod:`anki` (the ``anki`` extra).

It imports :mod:`anki` lazily, inside the functions, so that ``import ankigen`` works without the
extra installed.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RenderedCard", "anki_available", "render_cards"]


# --------------------------------------------------------------------------------------------
# Preview rendering (issue 6): cards as Anki itself renders them, for ``ankigen preview``
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """One card of an imported package, both sides rendered by Anki's template engine."""

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
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    cards: list[RenderedCard] = []
    with tempfile.TemporaryDirectory(prefix="ankigen-render-") as folder:
        collection = Collection(str(Path(folder) / "collection.anki2"))
        try:
            options = ImportAnkiPackageOptions(with_scheduling=False)
            collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
            for card_id in collection.find_cards(""):
                card = collection.get_card(card_id)
                output = card.render_output(reload=True)
                cards.append(
                    RenderedCard(
                        card.note().guid,
                        card.ord,
                        str(card.template()["name"]),
                        output.question_text,
                        output.answer_text,
                    )
                )
        finally:
            collection.close()
    return tuple(sorted(cards, key=lambda card: (card.guid, card.ordinal)))
