"""The heavy dependencies stay behind one module each, and the CLI starts without loading Anki.

Exactly one module imports the Markdown parser (``markdown_it``), one the HTML parser (``bs4``),
one imports ``genanki`` and one imports ``anki``: swapping or upgrading one of them touches one
file, and ``ankigen build`` works without the ``anki`` extra installed.
"""

from __future__ import annotations

import ast
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
"""


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
    run = subprocess.run(
        [sys.executable, "-c", _LOADED, *argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert run.stdout.splitlines()[-1] == "anki loaded: False"
    if arguments[0] == "build" and "--help" not in arguments:
        assert (tmp_path / "aws.apkg").is_file()
