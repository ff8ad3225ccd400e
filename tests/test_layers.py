"""Arrows only go down: the engine imports nothing of the wizard, the case, the reports or the
command line, and nothing imports the command line's entry point back (no circle)."""

from __future__ import annotations

import ast
from pathlib import Path

import ontime_assist

PACKAGE = Path(ontime_assist.__file__).parent
_ABOVE_ENGINE = ("steps", "flow", "session", "case", "report", "ui", "cli", "commands", "demo")


def _imports(path: Path) -> set[str]:
    """Every ontime_assist module `path` imports, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("ontime_assist.")}


def _offending(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for name in sorted(_imports(path)):
            top = name.split(".")[1]
            if top in forbidden:
                out.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return out


def test_the_engine_imports_nothing_above_it() -> None:
    assert _offending("engine", _ABOVE_ENGINE) == []


def test_nothing_below_the_command_line_imports_it_back() -> None:
    below = [folder for folder in ("ui", "commands", "case", "report", "engine")]
    assert [line for folder in below for line in _offending(folder, ("cli",))] == []


# What may sit at engine/'s top level beside the folders: what every folder uses (cancel, clock,
# idn, ontime_terms, the findings and their kinds). Anything else belongs in a folder by its job.
_ENGINE_TOP_LEVEL_MODULES = 6


def _engine_folders() -> list[Path]:
    return sorted(p for p in (PACKAGE / "engine").iterdir() if p.is_dir() and any(p.glob("*.py")))


def test_the_engine_stays_grouped_in_folders() -> None:
    top = sorted(p.name for p in (PACKAGE / "engine").glob("*.py") if p.name != "__init__.py")
    assert len(top) <= _ENGINE_TOP_LEVEL_MODULES, f"engine/ is going flat again: {top}"
    assert len(_engine_folders()) >= 8


def test_every_engine_folder_says_its_job_and_re_exports_nothing() -> None:
    for folder in _engine_folders():
        tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{folder.name}/__init__.py says nothing of its job"
        assert len(tree.body) == 1, f"{folder.name}/__init__.py holds more than its docstring"
