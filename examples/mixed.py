"""Markdown notes and generated notes in one deck: the notes of ``storage.md`` plus a comparison note
for each row of a table of data (here a list in the script; a database or an API works the same).

    python examples/mixed.py [OUT.apkg]

The Markdown notes keep the identity a build gives them, so ``ankigen build examples/storage.md``
and this script update the same notes in Anki.
"""

import sys
from pathlib import Path

import ankigen

HERE = Path(__file__).parent
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("storage.apkg")

SERVICES = [
    {"Service": "Archive tier", "Retrieval": "hours", "Price per GB": "lowest", "Use": "backups kept for years"},
    {"Service": "Standard tier", "Retrieval": "milliseconds", "Price per GB": "**highest**", "Use": "live data"},
    {"Service": "Infrequent tier", "Retrieval": "milliseconds", "Price per GB": "lower", "Use": "monthly reports"},
]

built = ankigen.build_notes([HERE / "storage.md"])
for diagnostic in built.diagnostics:
    print(diagnostic, file=sys.stderr)

deck = ankigen.Deck("Cloud::Storage")  # the deck (and so the identity namespace) of storage.md
deck.extend(built)
for row in SERVICES:
    attributes = {label: value for label, value in row.items() if label != "Service"}
    deck.add(ankigen.comparison(row["Service"], attributes, title="Storage tiers", tags=["storage"]))

result = deck.write(out, state=out.with_suffix(".state.json"))
print(f"wrote {len(result.notes)} notes to {out}: {len(built.notes)} from Markdown, {len(SERVICES)} generated")
