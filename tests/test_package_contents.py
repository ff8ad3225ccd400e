"""Every package of the source tree is in the installed package: pyproject.toml lists them one
by one (resources/ is mapped in), and a package missing there would install a broken app."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "ontime_assist").rglob("__init__.py")
    }
    assert found <= listed, f"not in pyproject.toml: {sorted(found - listed)}"


def test_every_resource_file_is_package_data() -> None:
    """A data file (the PDF's font, an icon) left out of package-data would be missing from
    the installed app and from the frozen bundle, which collects the installed package's data."""
    import fnmatch

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["ontime_assist.resources"]
    resources = ROOT / "resources"
    files = [
        path.relative_to(resources).as_posix()
        for path in resources.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    ]

    def matches(file: str, pattern: str) -> bool:  # as setuptools globs: "*" stays in its folder
        parts, globs = file.split("/"), pattern.split("/")
        return len(parts) == len(globs) and all(map(fnmatch.fnmatch, parts, globs))

    missing = [f for f in files if not any(matches(f, p) for p in patterns)]
    assert files and missing == []
