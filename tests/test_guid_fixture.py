"""Users' decks survive a change of the parser or the extractors: a note that is still made keeps its GUID.

``tests/data/landed-guids.json`` holds the notes that the version before the markdown-it-py
restructure built (see tests/guids.py). A note is "still made" when a build today has a note of the
same kind with the same prompt in the same file, or with that prompt qualified by its subject
(``IAM との連携`` now shown as ``Cognito › IAM との連携``), or with the same identity key under a new
front (a compared entity's row ``Reserved`` now asked one attribute per note, ``Reserved › Price``
keeping the row's key): such a note must keep its GUID, or the
user's reviews of it would be orphaned, unless its identity key changed because the old parser
read its structure wrongly (a nested term's key holds its parent bullet's term, and Python-Markdown
gave some bullets the wrong parent). Those changes are listed and bounded, and so is the share of
old notes still made, so a regression cannot hide as a "fix". (``ankigen diff`` shows such a note
as orphaned next to its replacement.) A recorded seed note the build now leaves out with an
``--explain`` line naming it is a deliberate, visible drop; how many may go is bounded against a
recent landed version (``tests/data/landed-seeds.json``, RECENT_KEPT_AT_LEAST), and how many may go
with no explain line against the old one (GONE_UNEXPLAINED_AT_MOST).
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

import ankigen
from ankigen.identity import GUID_VERSION, normalise_key

from . import guids
from .casefile import load_cases

LANDED = json.loads(guids.FIXTURE.read_text(encoding="utf-8"))

Label = tuple[str, str, str]  # group, kind, prompt (or its digest)
Found = dict[Label, dict[str, str]]  # per label: GUID -> normalised key (or its digest)


def _labels(records: list[dict[str, object]], prompt_field: str, key_field: str) -> Found:
    out: Found = defaultdict(dict)
    for record in records:
        label = (str(record["group"]), str(record["kind"]), str(record[prompt_field]))
        out[label][str(record["guid"])] = str(record[key_field])
    return out


def _prompts(prompt: str) -> tuple[str, ...]:
    """The prompt, and without its subject qualifier (``Cognito › IAM との連携`` -> ``IAM との連携``)."""
    if " › " in prompt:
        return (prompt, prompt.rsplit(" › ", 1)[1])
    return (prompt,)


def _compare(
    old: Found, new_records: list[dict[str, object]], digest: bool = False
) -> tuple[list[str], list[str], int, list[str], list[Label]]:
    """GUID changes of notes still made with the same key (failures), those whose key changed (a
    structure fix, bounded), how many old labels are still made, the old definitions (or basic
    notes) now made as a cloze under the same key (``recast``: a list asked a gap per item, a
    deliberate prompt change whose kind, and so GUID, changed; bounded), and the old labels that are
    neither still made nor recast (``gone``)."""
    new: Found = defaultdict(dict)
    by_key: Found = defaultdict(dict)  # per (group, kind, key): GUID -> key
    for record in new_records:
        key = guids.prompt_digest(str(record["key"])) if digest else str(record["key"])
        for prompt in _prompts(str(record["prompt"])):
            label = (str(record["group"]), str(record["kind"]), guids.prompt_digest(prompt) if digest else prompt)
            new[label][str(record["guid"])] = key
        by_key[(str(record["group"]), str(record["kind"]), key)][str(record["guid"])] = key
    changed: list[str] = []
    rekeyed: list[str] = []
    kept = 0
    recast: list[str] = []
    gone: list[Label] = []
    for label, old_guids in sorted(old.items()):
        new_guids = new.get(label)
        if new_guids is None:
            # still made under the same key with a new front: the first attribute of a compared
            # entity asked one attribute per note (``Reserved`` now shown as ``Reserved › Price``)
            same = [by_key[(label[0], label[1], key)] for key in sorted(set(old_guids.values()))]
            new_guids = {guid: key for found in same for guid, key in found.items()}
            if not new_guids:
                as_cloze = any(by_key.get((label[0], "cloze", key)) for key in set(old_guids.values()))
                if label[1] in ("definition", "basic") and as_cloze:
                    recast.append(str(label))
                else:
                    gone.append(label)
                continue
        kept += 1
        if len(old_guids.keys() & new_guids.keys()) >= min(len(old_guids), len(new_guids)):
            continue
        line = f"{label}: was {sorted(old_guids)}, now {sorted(new_guids)}"
        same_key = set(old_guids.values()) & set(new_guids.values())
        (changed if same_key else rekeyed).append(line)
    return changed, rekeyed, kept, recast, gone


def _records(result: ankigen.BuildResult, group: str) -> list[dict[str, object]]:
    return [
        {
            "group": group,
            "kind": note.kind.value,
            "guid": note.guid,
            "prompt": guids.plain(note.prompt),
            "key": normalise_key(note.key),
        }
        for note in result.notes
    ]


def test_guid_version_is_unchanged() -> None:
    assert LANDED["guid_version"] == GUID_VERSION, "changing GUID_VERSION re-creates every user's notes"


REKEYED_AT_MOST = 0.02
"""Share of old notes whose key may change (a nested term whose parent the old parser got wrong)."""
RECAST_AT_MOST = 0.03
"""Share of old definitions that may now be made as a cloze of the same key: a back that was a list
to recite (``欠点: DNS`` → three drawbacks) asked a gap per item instead. The note type is part of
the GUID, so these get new GUIDs on purpose (their reviews restart); they count as still made, up to
this share, so a regression that drops notes cannot hide behind them."""


GONE_UNEXPLAINED_AT_MOST = 0.05
"""Share of the seed notes recorded before the restructure that may be gone with no explain line.

A recorded note is *dropped on purpose* when the build no longer makes it but ``--explain`` lists
the candidate it came from: a skipped candidate, under any reason code, whose text has the recorded
prompt's digest (a circular answer ``restates-prompt``, a repeat ``near-duplicate``, a cloze whose
answer shows in its own text, a label asked as a term ...). Such a drop is visible twice -- in
``inspect --explain`` with its reason, and as an orphan in ``ankigen diff`` -- so the user decides
whether to keep the old card. A note that vanishes with no explain line is not; at most this share
of the recorded notes may (the rest are still made, recast, or dropped on purpose).

Until session 22 the deliberate drops counted as kept only up to 5 % of the recorded notes, under a
floor of 85 % kept: by then 250 seed notes were dropped on purpose (72 credited) and the floor was
met with no margin, so every fix that removed a weak seed card failed. How many notes may leave on
purpose is now bounded against a recent landed version (``RECENT_KEPT_AT_LEAST``), so a regression
that hides behind explain lines still fails, while this long-range check bounds silent loss."""

RECENT_KEPT_AT_LEAST = 0.97
"""Share of the seed notes of the last recorded landed version (``tests/data/landed-seeds.json``)
that a build must still make or recast: what a change removes from the seeds' decks since that record,
explained or not, stays within 3 %. Record again (``python -m tests.guids --seeds``) when a session
starts from a landed main, never to let a failing change through."""


def _check(name: str, new_records: list[dict[str, object]], least_kept: float, duplicates: int = 0) -> None:
    """``duplicates``: recorded notes that a build now leaves out as a copy of another card it keeps
    (``near-duplicate``, issue 11 pattern 5), each listed by ``--explain``; they count as kept."""
    old = _labels(LANDED[name], "prompt", "key")
    changed, rekeyed, kept, recast, _ = _compare(old, new_records)
    assert not changed, f"{name}: notes still made with the same key got a new GUID:\n" + "\n".join(changed)
    assert len(rekeyed) <= REKEYED_AT_MOST * len(old), f"{name}: too many keys changed:\n" + "\n".join(rekeyed)
    assert len(recast) <= RECAST_AT_MOST * len(old), f"{name}: too many notes became clozes:\n" + "\n".join(recast)
    message = f"{name}: only {kept} of {len(old)} recorded notes are still made"
    assert kept + len(recast) + duplicates >= least_kept * len(old), message


def _explained_duplicates(result: ankigen.BuildResult, name: str) -> int:
    """Recorded notes of ``name`` that the build explains as a near duplicate of a card it keeps."""
    shown = ["".join(skip.text.rstrip("…").split()) for skip in result.skipped if skip.code == "near-duplicate"]
    old = _labels(LANDED[name], "prompt", "key")
    made = {(str(record["kind"]), str(record["prompt"])) for record in _records(result, "")}
    gone = [prompt for (_, kind, prompt) in old if (kind, prompt) not in made]
    return sum(1 for prompt in gone if any(text and "".join(prompt.split()).startswith(text) for text in shown))


def test_notes_folder_keeps_guids() -> None:
    result = ankigen.build_notes([guids.NOTES])
    _check("notes", guids.record_notes(), 1.0, _explained_duplicates(result, "notes"))


def test_case_files_keep_guids() -> None:
    records: list[dict[str, object]] = []
    for case in load_cases(guids.CASES):
        with tempfile.TemporaryDirectory() as folder:
            records.extend(_records(guids.build_case(case, Path(folder)), guids.case_id(case)))
    _check("cases", records, 0.95)


def test_corpus_keeps_guids() -> None:
    _check("corpus", guids.record_corpus(), 1.0)


def test_seeds_keep_guids(seeds: list[Path]) -> None:
    recorded = {str(record["group"]) for record in LANDED["seeds"]}
    if not recorded:
        pytest.skip("the fixture was recorded without the seeds")
    folder = seeds[0].parent
    new_records: list[dict[str, object]] = []
    explained: set[tuple[str, str]] = set()  # (file, prompt digest) of each candidate --explain lists as skipped
    for path in seeds:
        result = ankigen.build_notes([path])
        new_records.extend(_records(result, path.stem))
        explained |= {(path.stem, guids.prompt_digest(skip.text)) for skip in result.skipped}
    old = _labels(LANDED["seeds"], "prompt_sha256", "key_sha256")
    changed, rekeyed, kept, recast, gone = _compare(old, new_records, digest=True)
    assert not changed, f"seed notes still made with the same key got a new GUID ({folder}):\n" + "\n".join(changed)
    assert len(rekeyed) <= REKEYED_AT_MOST * len(old), "seeds: too many keys changed:\n" + "\n".join(rekeyed)
    assert len(recast) <= RECAST_AT_MOST * len(old), "seeds: too many notes became clozes:\n" + "\n".join(recast)
    unexplained = [label for label in gone if (label[0], label[2]) not in explained]
    message = (
        f"seeds: {len(unexplained)} of {len(old)} recorded notes are gone with no explain line naming them"
        f" ({kept} still made, {len(recast)} recast, {len(gone) - len(unexplained)} left out with an explain line)"
    )
    assert len(unexplained) <= GONE_UNEXPLAINED_AT_MOST * len(old), message


def test_seeds_keep_recent_guids(seeds: list[Path]) -> None:
    """The seed notes of the last recorded landed version keep their GUIDs, and at most 3 % leave."""
    recent = json.loads(guids.RECENT_SEEDS.read_text(encoding="utf-8"))
    assert recent["guid_version"] == GUID_VERSION
    new_records: list[dict[str, object]] = []
    for path in seeds:
        new_records.extend(_records(ankigen.build_notes([path]), path.stem))
    old = _labels(recent["seeds"], "prompt_sha256", "key_sha256")
    changed, _, kept, recast, gone = _compare(old, new_records, digest=True)
    at = recent["recorded_at"]
    assert not changed, f"seed notes made at {at} with the same key got a new GUID ({seeds[0].parent}):\n" + "\n".join(
        changed
    )
    message = f"seeds: {len(gone)} of the {len(old)} notes made at {at} are no longer made (at most 3 %)"
    assert kept + len(recast) >= RECENT_KEPT_AT_LEAST * len(old), message


@pytest.mark.parametrize(
    ("key", "normalised"),
    [
        ("Shard ( data ) [x] {y}", "shard(data)[x]{y}"),
        ("Raft  (consensus)", "raft(consensus)"),
        ("a (b", "a(b"),
        ("ゲート ウェイ (API)", "ゲートウェイ(api)"),
        ("Amazon S3 バケット", "amazon s3バケット"),
    ],
)
def test_spaces_next_to_brackets_and_cjk_text_are_dropped_from_keys(key: str, normalised: str) -> None:
    # ASCII keys take a pattern of their own (start-up time): the keys, so the GUIDs, stay the same
    assert normalise_key(key) == normalised
