"""Where the app's data files are, installed or not.

They live in `resources/` at the top of the checkout. An install maps that folder onto the
package `ontime_assist.resources` (pyproject.toml), and PyInstaller collects that package; a
checkout run straight from its folder (`python -m ontime_assist …`) has no such package, so the
folder beside the code is used instead.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


@cache
def resource_root() -> Traversable:
    try:
        from importlib import resources

        return resources.files("ontime_assist.resources")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Traversable:
    found = resource_root()
    for part in parts:
        found = found.joinpath(part)
    return found


def read_json(name: str) -> Any:
    return json.loads(resource(name).read_text("utf-8"))


def resource_file(*parts: str) -> str:
    """A real path, for files handed to code that opens them itself (Qt, the ssl module).
    Both the installed package and the checkout folder are plain folders on disk."""
    return str(resource(*parts))
