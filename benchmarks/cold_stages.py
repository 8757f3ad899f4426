"""Where a cold build's per-file work goes, stage by stage and extractor by extractor.

    PYTHONPATH=. python -m benchmarks.cold_stages [--files 60] [--vault FOLDER]

Runs the per-file stage (:func:`ankigen.pipeline._notes_for_file`, then the pickling of its result
for the pool and the unpickling in the parent) over the benchmark's generated vault (or
``--vault``), in this process, one file at a time, no cache. Each stage is a function wrapped to
count the CPU time spent inside it minus the time of the wrapped stages it calls (so the outline,
built by the first extractor that asks for it, is counted once, as the outline). Prints the imports
and the first file (each pool worker pays both once) apart from the rest, then a Markdown table of
every stage's share of the other files' work. CPU time, not wall time: on a loaded machine the
shares hold, the totals drift; for an A/B of two trees count instructions (callgrind) instead.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_clock = time.process_time_ns
_totals: dict[str, int] = {}
_calls: dict[str, int] = {}
_stack: list[list[int]] = []  # [start, time of wrapped callees]


def _wrap(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        _stack.append([_clock(), 0])
        try:
            return function(*args, **kwargs)
        finally:
            start, inner = _stack.pop()
            spent = _clock() - start
            _totals[name] = _totals.get(name, 0) + spent - inner
            _calls[name] = _calls.get(name, 0) + 1
            if _stack:
                _stack[-1][1] += spent

    return timed


_emitted: dict[str, int] = {}
"""The candidates each extractor proposed (what it left in the context's list, net of any it took out)."""


def _counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def counted(document: Any, context: Any) -> None:
        before = len(context.candidates)
        function(document, context)
        _emitted[name] = _emitted.get(name, 0) + len(context.candidates) - before

    return counted


# the steps of the selection pass and of explain_uncovered, each timed apart (their share is taken
# out of the pass that calls them): which of the rules over all candidates costs what
_SELECTION_STEPS = (
    "_seen",
    "_junk",
    "_scenario_part",
    "_same_source",
    "_same_sentence",
    "_heading_sentence_clozed",
    "_question_answer_items",
    "_duplicate_terms",
    "_one_answer_two_fronts",
    "_near_duplicates",
    "_sibling_label_answers",
    "_exam_rows_asked",
    "_asked_again",
    "_glossed_again",
    "_repeated_children",
    "_parallel_sets",
    "_added_to_kept",
    "_carded_children_out_of_details",
    "_tidy",
    "_named_kept",
)
_COVERAGE_STEPS = (
    "_nested_items_not_shown",
    "_nested_code_not_shown",
    "_lines_cut_off",
    "_sentences_left_out",
    "_names_beside_gaps",
    "_row_cells_in_details",
    "_headings_over_nothing",
    "_grouped",
)


def _patch(owner: Any, attribute: str, name: str) -> None:
    setattr(owner, attribute, _wrap(name, getattr(owner, attribute)))


def _instrument() -> None:
    from markdown_it import MarkdownIt

    import ankigen.extract as extract
    import ankigen.extract.coverage as coverage
    import ankigen.extract.selection as selection
    import ankigen.pipeline as pipeline
    import ankigen.render as render
    import ankigen.sections as sections
    from ankigen.cache import FileCache

    extract.extractor_names()
    _patch(pipeline, "_notes_for_file", "the rest of _notes_for_file (glue between the stages)")
    _patch(pipeline, "decode_source", "read: decode")
    _patch(sections, "prepare_lines", "read: prepare_lines")
    _patch(render, "parse_sections", "parse: ankigen's blocks (parse_sections without markdown-it)")
    _patch(MarkdownIt, "parse", "parse: markdown-it")
    _patch(extract, "build_outline", "outline (build_outline)")
    for name, (order, function) in list(extract._REGISTRY.items()):
        extract._REGISTRY[name] = (order, _counting(name, _wrap(f"extractor {name}", function)))
    for name in (
        "_drop_objectives",
        "document_topic",
        "select",
        "qualify_subjects",
        "_recast",
        "gaps_asked_again",
        "clause_lists",
        "slogan_gaps",
        "answers_shown",
        "show_topic",
        "explain_uncovered",
        "forget_file",
    ):
        _patch(extract, name, f"after the extractors: {name}")
    for name in _SELECTION_STEPS:
        _patch(selection, name, f"select: {name}")
    for name in _COVERAGE_STEPS:
        _patch(coverage, name, f"explain_uncovered: {name}")
    _patch(pipeline, "apply_config", "notes: apply_config")
    _patch(pipeline, "identify", "notes: identify (GUIDs)")
    _patch(pipeline, "_finish", "notes: sanitise and hash")
    FileCache.encode = staticmethod(_wrap("pool: pickle the result (worker)", FileCache.encode))  # type: ignore[method-assign]
    FileCache.check = staticmethod(_wrap("pool: unpickle the result (parent)", FileCache.check))  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=60, help="files to run (default 60)")
    parser.add_argument("--vault", type=Path, help="a folder of notes (default: the benchmark's generated vault)")
    args = parser.parse_args()
    os.environ["ANKIGEN_NO_CACHE"] = "1"
    with tempfile.TemporaryDirectory(prefix="ankigen-stages-") as temporary:
        vault = args.vault
        if vault is None:
            from benchmarks.bench_build import write_vault

            vault = Path(temporary)
            write_vault(vault, args.files)
        from ankigen.pipeline import GC_THRESHOLD, _jobs, _notes_for_file

        gc.set_threshold(GC_THRESHOLD)  # as in a pool worker (the collections count in the stage they interrupt)

        start = _clock()  # what a pool worker forked before these imports paid again
        from ankigen.extract import extractor_names
        from ankigen.render import _parser

        _parser()
        extractor_names()
        imported = _clock() - start
        jobs = _jobs([vault], None, None, None)[0][: args.files]
        if len(jobs) < 2:
            print("need at least 2 files", file=sys.stderr)
            return 2
        start = _clock()
        _notes_for_file(jobs[0])
        first = _clock() - start
        _instrument()
        from ankigen import pipeline
        from ankigen.cache import FileCache

        notes = 0
        start = _clock()
        for job in jobs[1:]:
            result = pipeline._notes_for_file(job)
            FileCache.check(FileCache.encode("", result))
            notes += len(result.notes)
        total = _clock() - start
    rest = len(jobs) - 1
    print(f"imports of the parser and the extractors: {imported / 1e6:.0f} ms CPU; first file: {first / 1e6:.0f} ms")
    print(f"the other {rest} files: {total / 1e9:.2f} s CPU, {total / rest / 1e6:.1f} ms a file, {notes} notes")
    print()
    print("| share | ms a file | calls a file | stage |")
    print("| ---: | ---: | ---: | --- |")
    for name, spent in sorted(_totals.items(), key=lambda item: -item[1]):
        print(f"| {spent / total:.1%} | {spent / rest / 1e6:.2f} | {_calls[name] / rest:.0f} | {name} |")
    idle = [name for name, count in _emitted.items() if not count]
    idle_time = sum(_totals.get(f"extractor {name}", 0) for name in idle)
    print()
    print(
        f"{len(_emitted) - len(idle)} of {len(_emitted)} extractors proposed the {sum(_emitted.values()) / rest:.1f} "
        f"candidates a file; the other {len(idle)} proposed none and took {idle_time / total:.1%} of the work "
        "(their own time: a helper's cache they fill first is counted in theirs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
