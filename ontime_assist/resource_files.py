"""Where the app's data files are, installed or not.

They live in `resources/` at the top of the checkout. An install maps that folder onto the
package `ontime_assist.resources` (pyproject.toml), a folder beside this module, and PyInstaller
collects it there too; a checkout run straight from its folder (`python -m ontime_assist …`)
has no such folder, so the one at the top of the checkout is used instead. Plain paths, not
importlib.resources: both are folders on disk, and a check should not wait for that machinery.
"""

from __future__ import annotations

import os
from functools import cache

TYPE_CHECKING = False  # mypy reads it as True; typing is not loaded (records.py)

if TYPE_CHECKING:
    from typing import Any

_HERE = os.path.dirname(os.path.abspath(__file__))


@cache
def resource_root() -> str:
    installed = os.path.join(_HERE, "resources")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(_HERE), "resources")


def resource_file(*parts: str) -> str:
    """The path of a data file (for code that opens it itself: Qt, the ssl module)."""
    return os.path.join(resource_root(), *parts)


def read_json(name: str) -> Any:
    import json  # not needed to start the wizard

    with open(resource_file(name), encoding="utf-8") as data:
        return json.load(data)
