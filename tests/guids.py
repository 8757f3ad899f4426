"""The notes a build makes today, recorded so that a later build can be held to their GUIDs.

Users already study the cards ankigen made; a changed GUID turns a note into an orphan plus a new
card with no review history. ``tests/data/landed-guids.json`` records, for every note the landed
version builds from ``notes/``, the case files (``tests/cases``), the corpus (``benchmarks/corpus``)
and the seeds (``../shared/seeds``, outside the repository): its kind, GUID, prompt as plain text
and first line, and its normalised identity key. For the seeds only the kind, the GUID and sha256
digests of the prompt and the key are stored, never their text. ``tests/test_guid_fixture.py``
compares a build of today's code against it.

Recorded from the version before the markdown-it-py restructure (issue 11). Record again only
when a GUID change is intended and announced::

    python -m tests.guids > tests/data/landed-guids.json

``tests/data/landed-seeds.json`` holds the seed notes of a recent landed version (the same digests,
and the commit it was recorded at): the long-range fixture above bounds what is lost without an
explain line since the restructure, this one bounds what leaves the deck, explained or not, since the
last record. Record it again at the start of a session, from the landed main::

    python -m tests.guids --seeds > tests/data/landed-seeds.json
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import ankigen
from ankigen.identity import GUID_VERSION, normalise_key

from .casefile import Case, load_cases

REPO = Path(__file__).resolve().parent.parent
NOTES = REPO / "notes"
CASES = REPO / "tests" / "cases"
CORPUS = REPO / "benchmarks" / "corpus"
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURE = REPO / "tests" / "data" / "landed-guids.json"
RECENT_SEEDS = REPO / "tests" / "data" / "landed-seeds.json"

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<(?:br|/?p|/?li|/?ul|/?ol|/?tr|/?td|/?th|/?dt|/?dd|/?dl|/?table|/?div)\b[^>]*>", re.IGNORECASE)
# a 1x1 PNG, so that images a case refers to exist (as in tests/test_cases.py)
_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
_IMAGE = re.compile(r"!\[\[([^\]|]+)|!\[[^\]]*\]\(<?([^)>\s]+)")

Record = dict[str, object]


def plain(fragment: str) -> str:
    """A field's visible text: block tags become spaces, inline tags vanish."""
    return " ".join(html.unescape(_TAG.sub("", _BREAK.sub(" ", fragment))).split())


def prompt_digest(prompt: str) -> str:
    return hashlib.sha256(prompt.encode("utf-8")).hexdigest()


def _records(result: ankigen.BuildResult, group: str, root: Path | None) -> list[Record]:
    out: list[Record] = []
    for note in result.notes:
        path = Path(note.span.path)
        shown = path.resolve().relative_to(root).as_posix() if root is not None else group
        out.append(
            {
                "group": group if root is None else shown,
                "kind": note.kind.value,
                "guid": note.guid,
                "prompt": plain(note.prompt),
                "key": normalise_key(note.key),
                "line": note.span.line,
            }
        )
    return out


def build_case(case: Case, folder: Path) -> ankigen.BuildResult:
    """Build one case as tests/test_cases.py does: the Markdown in ``notes.md``, its images beside it."""
    source = folder / "notes.md"
    source.write_text(case.markdown, encoding="utf-8")
    for match in _IMAGE.finditer(case.markdown):
        image = folder / (match.group(1) or match.group(2))
        image.parent.mkdir(parents=True, exist_ok=True)
        image.write_bytes(_PNG)
    return ankigen.build_notes([source])


def case_id(case: Case) -> str:
    return f"{case.path.name}:{case.title}"


def record_notes() -> list[Record]:
    """``notes/`` built as one vault (GUID collisions are resolved across its files)."""
    return _records(ankigen.build_notes([NOTES]), "", REPO)


def record_cases() -> list[Record]:
    out: list[Record] = []
    for case in load_cases(CASES):
        with tempfile.TemporaryDirectory() as folder:
            out.extend(_records(build_case(case, Path(folder)), case_id(case), None))
    return out


def record_corpus() -> list[Record]:
    out: list[Record] = []
    for path in sorted(CORPUS.glob("*.md")):
        out.extend(_records(ankigen.build_notes([path]), f"benchmarks/corpus/{path.name}", None))
    return out


def record_seeds(folder: Path = SEEDS) -> list[Record]:
    """Kind, GUID and a digest of the prompt per seed note: the seeds' text stays out of the repository."""
    out: list[Record] = []
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        for note in ankigen.build_notes([path]).notes:
            out.append(
                {
                    "group": path.stem,
                    "kind": note.kind.value,
                    "guid": note.guid,
                    "prompt_sha256": prompt_digest(plain(note.prompt)),
                    "key_sha256": prompt_digest(normalise_key(note.key)),
                }
            )
    return out


def record() -> dict[str, object]:
    return {
        "guid_version": GUID_VERSION,
        "notes": record_notes(),
        "cases": record_cases(),
        "corpus": record_corpus(),
        "seeds": record_seeds(),
    }


def _commit() -> str:
    """The commit the record is made at (``git rev-parse``), or ``unknown`` outside a checkout."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def record_recent_seeds() -> dict[str, object]:
    return {"guid_version": GUID_VERSION, "recorded_at": _commit(), "seeds": record_seeds()}


def main() -> int:
    made = record_recent_seeds() if sys.argv[1:] == ["--seeds"] else record()
    json.dump(made, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
