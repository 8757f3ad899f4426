"""Extraction quality: recall per note kind and junk cards, on a labelled corpus and on the seeds.

Run from the repository root::

    PYTHONPATH=. python -m benchmarks.quality            # corpus, and the seeds when present
    PYTHONPATH=. python -m benchmarks.quality --verbose  # also list every miss and junk card

**Corpus** (``benchmarks/corpus/*.md``): notes written in every style ankigen reads, each with a
``.expected`` file listing every note a careful learner would make from it (``kind | prompt``,
the prompt as plain text). Recall = expected notes found / expected notes, per kind; a *junk card*
is any note built that is not in the list. Target: recall >= 0.95 and zero junk.

**Seeds** (``../shared/seeds/*.txt``, not in the repository): ``benchmarks/seed_labels.txt`` lists,
per seed, a sample of notes that must be found (``kind | prompt``) and prompts that must never be
a card (``junk | prompt``). The seeds are too long to label every note, so their figures are
recall on the sample and the number of known-junk prompts that came back.

**Real-world notes** (``benchmarks/realworld/{tune,blind,blind2,...,blind15}/*.md``, see its README.md):
files from many authors, each with a hand-written ``.labels`` list (``L<line> kind | prompt || alt``; clozes
``cloze | phrase ; phrase``; ``junk | front``). Per file and per split (tune / blind / blind2 / blind3 /
blind4 / blind5 / blind6 / blind7 / blind8 / blind9 / blind10 / blind11 / blind12 / blind13 / blind14 /
blind15) it reports recall (labelled facts some built note asks / labelled facts), junk (built notes whose front is a
``junk`` label), *label precision* (built notes that match some label / all built notes: a
label-match proxy, not the judged precision, which only a blind judge reading the cards gives) and
how many matched notes carry the labelled ``source.line``. ``--realworld`` prints only this section;
the blind files' misses are listed only with ``--show-blind``, so a tuner can run it without
seeing them. These figures are reported, never a gate.

Exit status 1 when the corpus misses its target, so CI can run this.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import ankigen
from ankigen import Note
from ankigen.extract.vocabulary import ANSWER_ASPECTS

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SEED_LABELS = HERE / "seed_labels.txt"
SEEDS = HERE.parent.parent / "shared" / "seeds"
REALWORLD = HERE / "realworld"
SPLITS = (
    "tune",
    "blind",
    "blind2",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "blind8",
    "blind9",
    "blind10",
    "blind11",
    "blind12",
    "blind13",
    "blind14",
    "blind15",
)
# held out from tuning (every split but tune): their misses are listed only with --show-blind
BLIND_SPLITS = tuple(split for split in SPLITS if split != "tune")
KINDS = ("definition", "comparison", "cloze", "basic")
TARGET_RECALL = 0.95

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<(?:br|/?p|/?li|/?tr|/?td|/?th|/?dt|/?dd)\b[^>]*>", re.IGNORECASE)


def plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _BREAK.sub(" ", fragment))).split())


_DT = re.compile(r"<dt>(.*?)</dt>", re.DOTALL)


def entity_of(note: Note) -> str:
    """The entity a comparison note asks one attribute of (``Reserved › Price`` with the one
    attribute ``Price``: ``Reserved``), so a label for the entity's row counts it; '' otherwise."""
    if note.kind.value != "comparison":
        return ""
    prompt = plain(note.prompt)
    attributes = [plain(label) for label in _DT.findall(note.field_map.get("Attributes", ""))]
    if len(attributes) != 1 or not prompt.endswith(f" › {attributes[0]}"):
        return ""
    return prompt[: -len(f" › {attributes[0]}")]


def label_of(note: Note) -> tuple[str, str]:
    return note.kind.value, plain(note.prompt)


def parse_label(line: str) -> tuple[str, str]:
    kind, _, prompt = line.partition("|")
    return kind.strip(), " ".join(prompt.split())


@dataclass
class Score:
    expected: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    junk: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    notes: int = 0

    def recall(self, kind: str | None = None) -> float:
        expected = self.expected[kind] if kind else sum(self.expected.values())
        found = self.found[kind] if kind else sum(self.found.values())
        return found / expected if expected else 1.0

    def add(self, other: Score) -> None:
        self.expected.update(other.expected)
        self.found.update(other.found)
        self.junk.extend(other.junk)
        self.missed.extend(other.missed)
        self.notes += other.notes


def score_corpus_file(path: Path) -> Score:
    """Every note of ``path`` against its ``.expected`` list (all notes labelled)."""
    expected = [parse_label(line) for line in path.with_suffix(".expected").read_text("utf-8").splitlines() if line]
    result = ankigen.build_notes([path])
    built = Counter(label_of(note) for note in result.notes)
    score = Score(notes=len(result.notes))
    remaining = Counter(expected)
    score.expected.update(kind for kind, _ in expected)
    for label, count in built.items():
        matched = min(count, remaining[label])
        score.found[label[0]] += matched
        remaining[label] -= matched
        if count > matched:
            line = next(n.span.line for n in result.notes if label_of(n) == label)
            score.junk.append(f"{path.name}:{line}: {label[0]} | {label[1]}")
    score.missed.extend(f"{path.name}: {kind} | {prompt}" for (kind, prompt), n in remaining.items() for _ in range(n))
    return score


def score_corpus(folder: Path = CORPUS) -> Score:
    total = Score()
    for path in sorted(folder.glob("*.md")):
        total.add(score_corpus_file(path))
    return total


def read_seed_labels(path: Path = SEED_LABELS) -> dict[str, tuple[list[tuple[str, str]], list[str]]]:
    labels: dict[str, tuple[list[tuple[str, str]], list[str]]] = {}
    current: tuple[list[tuple[str, str]], list[str]] | None = None
    for raw in path.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = labels.setdefault(line[1:-1], ([], []))
        elif current is not None:
            kind, prompt = parse_label(line)
            (current[1].append(prompt) if kind == "junk" else current[0].append((kind, prompt)))
    return labels


def score_seed(path: Path, expected: list[tuple[str, str]], junk: list[str]) -> Score:
    result = ankigen.build_notes([path])
    built = Counter(label_of(note) for note in result.notes)
    # a prompt qualified by its subject (``CloudFormation › cfn-hup``) still asks the labelled ``cfn-hup``
    built.update((kind, prompt.rsplit(" › ", 1)[1]) for kind, prompt in list(built.elements()) if " › " in prompt)
    # one attribute of a compared entity (``Reserved › Price``) asks the labelled row ``Reserved``
    entities = [entity_of(note) for note in result.notes]
    built.update(("comparison", entity) for entity in entities if entity)
    built.update(("comparison", entity.rsplit(" › ", 1)[1]) for entity in entities if " › " in entity)
    prompts = Counter(plain(note.prompt) for note in result.notes)
    score = Score(notes=len(result.notes))
    for kind, prompt in expected:
        score.expected[kind] += 1
        if built[(kind, prompt)]:
            score.found[kind] += 1
        else:
            score.missed.append(f"{path.name}: {kind} | {prompt}")
    score.junk.extend(f"{path.name}: {prompt}" for prompt in junk if prompts[prompt])
    return score


# --- real-world notes -------------------------------------------------------------------------

_LABEL = re.compile(r"^L(?P<line>\d+) (?P<kind>\w+) \| (?P<prompt>.+)$")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^{}]*?)?\}\}", re.DOTALL)
_MARKUP = re.compile(r"\*\*|__|`|\[\[|\]\]|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_QUALIFIER = "›"
FACT_KINDS = ("definition", "comparison", "cloze", "basic")
# A term card, a question card and a table-row card can all ask the same fact: which note type the
# extractor picks does not change what is asked. A cloze is only matched by a cloze.
_PROMPT_KINDS = frozenset({"definition", "basic", "comparison"})


@dataclass(frozen=True, slots=True)
class Label:
    """One line of a ``.labels`` file: a fact to card (or a ``junk`` front) at a source line."""

    line: int
    kind: str
    prompts: tuple[str, ...]  # alternatives; for a cloze, one entry: the phrases joined by " ; "

    @property
    def phrases(self) -> tuple[str, ...]:
        return tuple(phrase.strip() for phrase in self.prompts[0].split(" ; ") if phrase.strip())


def parse_labels(text: str, name: str = "labels") -> list[Label]:
    """The labels of a ``.labels`` file; raise ValueError naming ``name:line`` on a malformed line."""
    labels: list[Label] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = _LABEL.match(raw.strip())
        if not match or match["kind"] not in (*FACT_KINDS, "junk"):
            raise ValueError(f"{name}:{number}: expected 'L<line> <kind> | <prompt>', got {raw!r}")
        prompts = tuple(" ".join(part.split()) for part in match["prompt"].split(" || ") if part.strip())
        labels.append(Label(int(match["line"]), match["kind"], prompts))
    return labels


_TASK_QUESTION = re.compile(r"(?<=る)には$")


def normalise(text: str) -> str:
    """Fold what does not change a prompt's meaning: HTML, width (NFKC), case, markup, spacing, a trailing : or ?."""
    folded = unicodedata.normalize("NFKC", plain(text)).casefold()
    folded = " ".join(_MARKUP.sub("", folded).split())
    # a task asked as ``…を確認するには`` asks the task ``…を確認する``: the ``には`` only makes it a question
    return _TASK_QUESTION.sub("", folded.rstrip(":?").strip())


def _segments(text: str) -> list[str]:
    return [part.strip() for part in normalise(text).split(_QUALIFIER) if part.strip()]


@cache
def _answer_aspects() -> frozenset[str]:
    return frozenset(normalise(label) for _kind, english, japanese in ANSWER_ASPECTS for label in (english, japanese))


def prompt_matches(note_prompt: str, label_prompt: str) -> bool:
    """A built prompt asks the labelled prompt: equal after :func:`normalise`, or with a subject qualifier.

    ``Cognito › IAM との連携`` matches the label ``IAM との連携``. A label that names its subject
    (``Cognito › IAM との連携``) needs a note that names it too: a bare ``IAM との連携`` does not match.
    """
    built, wanted = _segments(note_prompt), _segments(label_prompt)
    if not built or not wanted:
        return False
    if len(built) > 1 and built[-1] in _answer_aspects() and built[-1] not in wanted:
        built = built[:-1]  # ``LLC › standard``: the aspect its one-property answer gives, still the ``LLC`` fact
    if built == wanted or (len(wanted) == 1 and built[-1] == wanted[0]):
        return True
    if len(wanted) > 1 and len(built) > 1 and built[-1] == wanted[-1]:
        return any(a in b or b in a for a in built[:-1] for b in wanted[:-1])
    return False


def hidden_phrases(note: Note) -> list[str]:
    """Each gap's text, and for a gap that hides a name with its other name in brackets (``stap
    (SystemTap)``: ankigen hides the bracket too, so it does not give the answer away) the name alone."""
    phrases = [normalise(phrase) for phrase in _CLOZE.findall(note.prompt)]
    bare = [normalise(_BRACKETS.sub(" ", phrase)) for phrase in _CLOZE.findall(note.prompt)]
    return [*phrases, *(phrase for phrase in bare if phrase and phrase not in phrases)]


_BRACKETS = re.compile(r"\s*[(（][^()（）]*[)）]")


def _near(phrase: str, hidden: str) -> bool:
    # the same phrase, allowing a little wrapping such as "(TTL)" or a particle around it
    short, long = sorted((phrase, hidden), key=len)
    return bool(short) and short in long and len(long) <= 1.5 * len(short) + 4


_LEAD_ARROW = re.compile(r"\s*(?:→|->|⇒|=>)\s*$")


def note_asks(note: Note, label: Label) -> bool:
    """Whether ``note`` is a card for the labelled fact (kind compatible, prompt or hidden phrases match)."""
    kind = note.kind.value
    if label.kind == "cloze":
        hidden = hidden_phrases(note)
        return kind == "cloze" and all(any(_near(normalise(p), h) for h in hidden) for p in label.phrases)
    if kind == "cloze":
        # a list to recite asked as one cloze, a gap per item, its subject leading the text
        # (``Caching › Why ? {{c1::…}} {{c2::…}}``) asks the labelled question or term: every item is asked
        lead = note.prompt.split("{{c", 1)[0]
        # a case and its arrow (``一度きりの移行 → {{c1::DataSync}}``) asks the case as a question: which one?
        # the arrow only points at the answer, as a colon does after a list's subject
        lead = _LEAD_ARROW.sub("", lead) if lead != note.prompt else lead
        return lead != note.prompt and any(prompt_matches(lead, prompt) for prompt in label.prompts)
    if kind not in _PROMPT_KINDS:
        return False
    entity = entity_of(note)
    asks = [note.prompt, entity] if entity else [note.prompt]
    return any(prompt_matches(front, prompt) for front in asks for prompt in label.prompts)


def is_junk(note: Note, label: Label) -> bool:
    front = _CLOZE.sub(lambda m: m.group(1), note.prompt)
    return any(prompt_matches(front, prompt) for prompt in label.prompts)


@dataclass
class RealworldScore:
    """The label-match figures of one file, or of a split when added up."""

    name: str
    facts: int = 0
    found: int = 0
    notes: int = 0
    matched_notes: int = 0
    junk: int = 0
    line_checked: int = 0
    line_ok: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: RealworldScore) -> None:
        for name in ("facts", "found", "notes", "matched_notes", "junk", "line_checked", "line_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def ratio(part: int, whole: int) -> str:
        return f"{part / whole:.3f}" if whole else "  -  "

    def row(self) -> str:
        return (
            f"  {self.name:<34} {self.facts:>5} {self.found:>5} {self.ratio(self.found, self.facts):>6}"
            f" {self.notes:>5} {self.ratio(self.matched_notes, self.notes):>6} {self.junk:>4}"
            f" {self.line_ok:>4}/{self.line_checked:<4}"
        )


def realworld_labels(path: Path) -> list[Label]:
    labels_path = path.with_suffix(".labels")
    return parse_labels(labels_path.read_text("utf-8"), labels_path.name)


def label_problems(path: Path) -> list[str]:
    """What is wrong with the labels of ``path``: a line that is not a non-blank line of the file,
    or a fact whose prompt is also listed as junk."""
    source = path.read_text("utf-8").splitlines()
    labels = realworld_labels(path)
    junk = {normalise(prompt) for label in labels if label.kind == "junk" for prompt in label.prompts}
    problems = []
    for label in labels:
        where = f"{path.name}: L{label.line} {label.kind} | {label.prompts[0]}"
        if not 1 <= label.line <= len(source) or not source[label.line - 1].strip():
            problems.append(f"{where}: no such non-blank line")
        if label.kind not in ("junk", "cloze") and junk & {normalise(prompt) for prompt in label.prompts}:
            problems.append(f"{where}: the same prompt is also a junk label")
    return problems


def score_realworld_file(path: Path) -> RealworldScore:
    """Every built note of ``path`` against its hand-written labels.

    Facts and notes are paired one to one, nearest source line first, so one note does not count
    for two facts with the same prompt.
    """
    labels = realworld_labels(path)
    facts = [label for label in labels if label.kind != "junk"]
    junk = [label for label in labels if label.kind == "junk"]
    notes = ankigen.build_notes([path]).notes
    score = RealworldScore(path.name, facts=len(facts), notes=len(notes))
    pairs = sorted(
        (abs(note.span.line - label.line), f, n)
        for f, label in enumerate(facts)
        for n, note in enumerate(notes)
        if note_asks(note, label)
    )
    fact_note: dict[int, int] = {}
    taken: set[int] = set()
    for _, f, n in pairs:
        if f not in fact_note and n not in taken:
            fact_note[f] = n
            taken.add(n)
    for f, label in enumerate(facts):
        if f not in fact_note:
            score.details.append(f"missed L{label.line} {label.kind} | {label.prompts[0]}")
            continue
        score.found += 1
        score.line_checked += 1
        line = notes[fact_note[f]].span.line
        if line == label.line:
            score.line_ok += 1
        else:
            score.details.append(f"line   L{label.line} {label.kind} | {label.prompts[0]}: note at {line}")
    for index, note in enumerate(notes):
        front = plain(note.prompt)[:80]
        # a note that is the card of a labelled fact is not junk: the junk label ``Why ?`` (the bare
        # label as a front) must not count ``Build Automation › Why ?``, which a fact label asks for
        if index not in taken and any(is_junk(note, label) for label in junk):
            score.junk += 1
            score.details.append(f"junk   {note.span.line}: {note.kind.value} | {front}")
        elif any(note_asks(note, label) for label in facts):
            score.matched_notes += 1
        else:
            score.details.append(f"extra  {note.span.line}: {note.kind.value} | {front}")
    return score


def realworld_files(root: Path = REALWORLD) -> dict[str, list[Path]]:
    return {split: sorted((root / split).glob("*.md")) for split in SPLITS if (root / split).is_dir()}


def report_realworld(out: list[str], verbose: bool, show_blind: bool, root: Path = REALWORLD) -> None:
    files = realworld_files(root)
    if not any(files.values()):
        out.append(f"realworld: no labelled files in {root}; skipped")
        return
    out.append("realworld (benchmarks/realworld, hand-labelled real notes; reported, not a gate)")
    out.append("  label precision = built notes matching a label / built notes: a label-match proxy,")
    out.append("  NOT the judged precision (a blind judge reading the cards, ../shared/quality/JUDGING.md)")
    header = f"  {'file':<34} {'facts':>5} {'found':>5} {'recall':>6} {'notes':>5} {'l.prec':>6} {'junk':>4} line-ok"
    total = RealworldScore("all files")
    for split, paths in files.items():
        out.append(f" {split}:")
        out.append(header)
        split_score = RealworldScore(f"{split} (all {len(paths)} files)")
        for path in paths:
            score = score_realworld_file(path)
            split_score.add(score)
            if split in BLIND_SPLITS and not show_blind:
                continue  # a blind file's own figures are not for whoever tunes: only the split's total
            out.append(score.row())
            if verbose:
                out.extend(f"      {line}" for line in score.details)
        out.append(split_score.row())
        total.add(split_score)
    out.append(total.row())
    if any(split in files for split in BLIND_SPLITS) and not show_blind:
        out.append("  (blind files' rows and misses not listed; --show-blind lists them, not for whoever tunes)")


def report(title: str, score: Score, verbose: bool, out: list[str]) -> None:
    out.append(f"{title}: {score.notes} notes built, {sum(score.expected.values())} labelled")
    out.append(f"  {'kind':<11} {'expected':>8} {'found':>6} {'recall':>7}")
    for kind in KINDS:
        if score.expected[kind]:
            out.append(f"  {kind:<11} {score.expected[kind]:>8} {score.found[kind]:>6} {score.recall(kind):>7.3f}")
    out.append(f"  {'all':<11} {sum(score.expected.values()):>8} {sum(score.found.values()):>6} {score.recall():>7.3f}")
    out.append(f"  junk cards: {len(score.junk)}")
    if verbose:
        out.extend(f"    junk   {line}" for line in score.junk)
        out.extend(f"    missed {line}" for line in score.missed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seeds", type=Path, default=SEEDS, help=f"folder of seed notes (default {SEEDS})")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every missed note and junk card")
    parser.add_argument("--realworld", action="store_true", help="only the real-world notes (reported, not a gate)")
    parser.add_argument(
        "--show-blind", action="store_true", help="with --verbose, also list the blind files' misses (not for tuners)"
    )
    args = parser.parse_args(argv)
    out: list[str] = []
    if args.realworld:
        report_realworld(out, args.verbose, args.show_blind)
        print("\n".join(out))
        return 0
    corpus = score_corpus()
    report("corpus (benchmarks/corpus, every note labelled)", corpus, args.verbose, out)
    met = corpus.recall() >= TARGET_RECALL and not corpus.junk
    out.append(f"  target recall >= {TARGET_RECALL} with zero junk: {'met' if met else 'NOT met'}")
    seeds = sorted(args.seeds.glob("*.txt")) if args.seeds.is_dir() else []
    if seeds:
        labels = read_seed_labels()
        total = Score()
        for seed in seeds:
            expected, junk = labels.get(seed.stem, ([], []))
            score = score_seed(seed, expected, junk)
            report(f"seed {seed.stem} (labelled sample)", score, args.verbose, out)
            total.add(score)
        report("seeds, all (labelled sample)", total, False, out)
    else:
        out.append(f"seeds: none found in {args.seeds}; skipped")
    report_realworld(out, args.verbose, args.show_blind)
    print("\n".join(out))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
