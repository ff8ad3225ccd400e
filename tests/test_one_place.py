"""Facts written once: a second copy typed into the code is a test failure, so that when the
fact changes, one line changes."""

from __future__ import annotations

from pathlib import Path

import ontime_assist
from ontime_assist.engine.ontime_terms import ONTIME_SETTINGS_PATH

PACKAGE = Path(ontime_assist.__file__).parent
# ontime_terms.py holds OnTime's words; resource_tables.py is generated from resources/*.json.
_HOMES = {PACKAGE / "engine" / "ontime_terms.py", PACKAGE / "resource_tables.py"}


def test_ontimes_menu_path_is_typed_only_in_ontime_terms() -> None:
    fragment = ONTIME_SETTINGS_PATH.split(" → ", 1)[1]  # "General Options → Connections → …"
    copies = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in _HOMES and fragment in path.read_text(encoding="utf-8")
    ]
    assert copies == []
