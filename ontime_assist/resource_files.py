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

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

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


# The JSON files a check reads (findings and providers on every run, intercepting issuers when
# a certificate is refused). They are what people edit; resource_tables.py holds the same data
# as Python literals, loaded from its compiled .pyc without the json module: reading the JSON
# with json instead adds about 4 ms to `check` (importing json compiles six patterns), which
# has none to spare under its goal of 1.2 times a bare smtplib (README, Speed).
TABLE_FILES = ("findings.json", "providers.json", "intercepting_issuers.json")


def read_json(name: str) -> Any:
    """The parsed contents of a JSON resource, read once (shared: callers must not change it)."""
    if name in TABLE_FILES:
        from ontime_assist.resource_tables import TABLES  # generated: see TABLE_FILES

        return TABLES[name]
    return _parse_json_file(name)


@cache
def _parse_json_file(name: str) -> Any:
    import json  # only for the files read off check's path (sender_auth.json: --send)

    with open(resource_file(name), encoding="utf-8") as data:
        return json.load(data)


def render_tables() -> str:
    """The text of resource_tables.py, from the JSON files as they are now: one line per
    entry of each file's lists (a finding, a provider, an issuer), so a change reads as one."""
    lines = [
        '"""The JSON resources the engine reads on every run, as Python literals. GENERATED from',
        "resources/*.json by `python -m ontime_assist.resource_files`; do not edit: edit the JSON",
        'and run that (a test fails when this file is stale)."""',
        "",
        "TABLES: dict[str, object] = {",
    ]
    for name in TABLE_FILES:
        lines.append(f"    {name!r}: {{")
        for key, value in _parse_json_file(name).items():
            if isinstance(value, list):
                lines.append(f"        {key!r}: [")
                lines.extend(f"            {entry!r}," for entry in value)
                lines.append("        ],")
            else:
                lines.append(f"        {key!r}: {value!r},")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open(os.path.join(_HERE, "resource_tables.py"), "w", encoding="utf-8") as out:
        out.write(render_tables())
