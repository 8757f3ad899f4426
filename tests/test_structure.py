"""The heavy dependencies stay behind one module each, and the CLI starts without loading Anki.

Exactly one module imports the Markdown parser (``markdown_it``), one the HTML parser (``bs4``),
one imports ``genanki`` and one imports ``anki``: swapping or upgrading one of them touches one
file, and ``ankigen build`` works without the ``anki`` extra installed.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "ankigen"


def _imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports anywhere: at the top, inside functions, or only
    under ``TYPE_CHECKING`` (relative imports are the module's own package and are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".", 1)[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".", 1)[0])
    return found


def _importers(package: str) -> list[str]:
    return sorted(
        path.relative_to(REPO).as_posix() for path in PACKAGE.rglob("*.py") if package in _imported_packages(path)
    )


@pytest.mark.parametrize(
    ("package", "module"),
    [
        ("anki", "ankigen/deliver/_anki.py"),
        ("markdown_it", "ankigen/render.py"),
        ("genanki", "ankigen/package.py"),
        ("bs4", "ankigen/html_markdown.py"),
    ],
    ids=["anki", "markdown_it", "genanki", "bs4"],
)
def test_one_module_imports_each_backend(package: str, module: str) -> None:
    assert _importers(package) == [module]


def test_the_scan_sees_imports_inside_functions_and_type_checking(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from anki.collection import Collection\n"
        "def f() -> None:\n"
        "    import genanki.package\n"
        "from . import markdown_it\n",
        encoding="utf-8",
    )
    assert _imported_packages(source) == {"typing", "anki", "genanki"}


_LOADED = """
import sys
from ankigen.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("anki loaded:", "anki" in sys.modules)
print("pipeline loaded:", "ankigen.pipeline" in sys.modules)
"""
"""Runs the CLI with its arguments, then says which heavy modules the command loaded."""


def _cli_loaded(tmp_path: Path, argv: list[str]) -> list[str]:
    """The output lines of :data:`_LOADED` run in a new interpreter with ``argv``."""
    run = subprocess.run(
        [sys.executable, "-c", _LOADED, *argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return run.stdout.splitlines()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--version"],
        ["--help"],
        ["build", "--help"],
        ["build", str(REPO / "notes" / "aws"), "--no-state", "-o", "{tmp}/aws.apkg"],
    ],
    ids=["version", "help", "build-help", "build"],
)
def test_the_cli_does_not_load_anki_to_build(tmp_path: Path, arguments: list[str]) -> None:
    argv = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    assert _cli_loaded(tmp_path, argv)[-2] == "anki loaded: False"
    if arguments[0] == "build" and "--help" not in arguments:
        assert (tmp_path / "aws.apkg").is_file()


def _import_time_compiles(path: Path) -> list[int]:
    """Lines where ``path`` calls ``re.compile`` outside any function: at import time."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines: list[int] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr == "compile"
                and isinstance(child.func.value, ast.Name)
                and child.func.value.id == "re"
            ):
                lines.append(child.lineno)
            visit(child)

    visit(tree)
    return lines


def test_patterns_are_compiled_on_first_use_not_at_import() -> None:
    # Start-up (issue 14: `ankigen inspect one-small-file.md` <= 0.25 s): compiling every module's
    # patterns at import cost inspect most of its regression; ankigen.patterns.lazy_compile defers it.
    # config's one bytes pattern (patterns are str) is the exception.
    found = {
        f"{path.relative_to(REPO).as_posix()}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "patterns.py"
        for line in _import_time_compiles(path)
    }
    assert {entry.rsplit(":", 1)[0] for entry in found} <= {"ankigen/config.py"}, sorted(found)
    assert len(found) == 1


_COMPILED_AT_IMPORT = """
import gc
import ankigen.pipeline, ankigen.extract, ankigen.commands.inspect
from ankigen.patterns import LazyPattern
lazy = [o for o in gc.get_objects() if isinstance(o, LazyPattern)]
print(len(lazy), *sorted(repr(o.pattern) for o in lazy if o._compiled is not None))
"""


def test_importing_the_extractors_compiles_almost_no_pattern_and_a_pattern_compiles_once_used() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _COMPILED_AT_IMPORT], capture_output=True, text=True, timeout=120, check=True
    )
    total, *compiled = run.stdout.split()
    assert int(total) > 100
    # only has_cjk's one-character class, which selection's word lists use at import
    assert compiled == [repr("[^\x00-\u2e80]")]

    from ankigen.patterns import lazy_compile

    pattern = lazy_compile(r"(?P<word>\w+)-(\d+)", 2)
    assert pattern.pattern == r"(?P<word>\w+)-(\d+)"
    assert pattern.groupindex == {"word": 1}  # compiles on first use
    assert pattern.search("x abc-12 y") is not None
    assert pattern.sub("<\\g<word>>", "ABC-1, d-22") == "<ABC>, <d>"
    assert [m.group(2) for m in pattern.finditer("a-1 b-2")] == ["1", "2"]
    assert pattern.flags == 2 | 32  # re.IGNORECASE | re.UNICODE, as re.compile gives


@pytest.mark.parametrize("command", ["build", "inspect"])
def test_a_command_s_help_does_not_import_the_pipeline(tmp_path: Path, command: str) -> None:
    # `ankigen COMMAND --help` only needs the command's options (start-up time, issue #14)
    lines = _cli_loaded(tmp_path, [command, "--help"])
    assert any(line.startswith("usage: ankigen " + command) for line in lines)
    assert lines[-1] == "pipeline loaded: False"


_CJK_PATTERNS_COMPILED = """
import sys
from ankigen.cli import main
from ankigen.extract.vocabulary import FEATURE_PHRASE
from ankigen.identity import _SPACE_NEAR_CJK
main(["inspect", "--format", "json", sys.argv[1]])
print("compiled:", FEATURE_PHRASE._compiled is not None, _SPACE_NEAR_CJK._compiled is not None)
"""


def _probe(tmp_path: Path, script: str, notes: str) -> str:
    """What ``script`` prints when run in a new interpreter on a small note file holding ``notes``."""
    note = tmp_path / "small.md"
    note.write_text(notes, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", script, str(note)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "ANKIGEN_NO_CACHE": "1"},
    )
    return run.stdout


def test_inspecting_an_english_file_compiles_no_cjk_range_pattern(tmp_path: Path) -> None:
    # their code point ranges take milliseconds to compile: an English file's keys never need them
    out = _probe(
        tmp_path, _CJK_PATTERNS_COMPILED, "# Small\n\n- **Shard (part)**: a horizontal partition of [the] data.\n"
    )
    assert '"Shard (part)"' in out
    assert out.splitlines()[-1] == "compiled: False False"


_STATE_LOADED = """
import sys
from ankigen.cli import main
main(["inspect", sys.argv[1]])
print("state loaded:", "ankigen.state" in sys.modules, "ankigen.package" in sys.modules)
"""


def test_inspect_does_not_import_the_build_state_or_the_package_writer(tmp_path: Path) -> None:
    # inspect writes neither: their imports and dataclasses are start-up it does not need (issue #14)
    out = _probe(tmp_path, _STATE_LOADED, "# Small\n\n- **Shard**: a horizontal partition of the data.\n")
    assert "Shard" in out
    assert out.splitlines()[-1] == "state loaded: False False"


_SENTENCE_WALKERS = ("condition_clozes", "contrast_clozes", "list_names", "object_clozes", "token_clozes")
"""The sentence cloze extractors, which read each sentence of a block's lines that no card starts on."""


def test_the_sentence_cloze_extractors_share_one_walk_over_the_unasked_sentences() -> None:
    # review leftover (session 12): each of the five walked a block's lines, skipped a line another
    # card starts on and cut the rest into sentences, written out five times; one generator does it
    for name in _SENTENCE_WALKERS:
        source = (PACKAGE / "extract" / f"{name}.py").read_text(encoding="utf-8")
        assert "unasked_sentences(" in source, name
        assert "enumerate(split_lines(" not in source, name

    from ankigen.extract.clozes import unasked_sentences
    from ankigen.model import Inline

    inlines = (
        Inline("text", "Ports open. Rules close them.", "Ports open. Rules close them."),
        Inline("br", "<br>", "\n"),
        Inline("text", "A card asks this line.", "A card asks this line."),
        Inline("br", "<br>", "\n"),
        Inline("strong", "<strong>NACLs</strong>", "NACLs"),
        Inline("text", " are stateless.", " are stateless."),
    )
    found = [
        (sentence.line, "".join(part.text for part in sentence.parts), sentence.index, len(sentence.line_sentences))
        for sentence in unasked_sentences(inlines, 10, {11})
    ]
    assert found == [(10, "Ports open. ", 0, 2), (10, "Rules close them.", 1, 2), (12, "NACLs are stateless.", 0, 1)]


_PATTERN_CALLS = """
from patterns import lazy_compile

PATTERN = lazy_compile(r"a+")
ok = [PATTERN.match("aa", 1), PATTERN.sub(lambda found: found.group(), "aa", 1), PATTERN.findall("a", 0, 1)]
PATTERN.search(b"bytes")
PATTERN.sub("x")
PATTERN.split("text", maxsplit="2")
count: int = PATTERN.subn("b", "aa")
matched: str = PATTERN.fullmatch("aa")
"""


def test_a_lazy_pattern_s_methods_are_typed_as_re_pattern_s(tmp_path: Path) -> None:
    # review leftover (session 12): typed ``Callable[..., X]``, any call type-checked, a wrong one
    # too; with re.Pattern's signatures mypy --strict finds the same mistakes as on a compiled pattern
    from mypy import api

    (tmp_path / "patterns.py").write_bytes((PACKAGE / "patterns.py").read_bytes())  # stdlib only: quick
    (tmp_path / "calls.py").write_text(_PATTERN_CALLS, encoding="utf-8")
    stdout, _stderr, status = api.run(
        ["--strict", "--cache-dir", str(tmp_path / "cache"), str(tmp_path / "calls.py"), str(tmp_path / "patterns.py")]
    )
    errors = sorted(int(line.split(":")[1]) for line in stdout.splitlines() if ": error:" in line)
    assert status == 1 and errors == [6, 7, 8, 9, 10], stdout
