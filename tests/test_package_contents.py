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
