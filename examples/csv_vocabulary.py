"""A CSV of terms becomes an Anki deck: one definition note per row.

    python examples/csv_vocabulary.py [TERMS.csv] [OUT.apkg]

Defaults: ``vocabulary.csv`` beside this script, ``vocabulary.apkg`` in the working folder. The
build state goes beside the package (``vocabulary.state.json``): run the script again after editing
the CSV and Anki updates the changed notes only, keeping reviews and the edits made in Anki.
"""

import csv
import sys
from pathlib import Path

import ankigen

source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("vocabulary.csv")
out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("vocabulary.apkg")

deck = ankigen.Deck("Vocabulary::French")
with source.open(encoding="utf-8", newline="") as rows:
    for row in csv.DictReader(rows):
        deck.add(ankigen.definition(row["term"], row["meaning"], example=row["example"], tags=["french"]))
result = deck.write(out, state=out.with_suffix(".state.json"))
print(f"wrote {len(result.notes)} notes to {out}")
