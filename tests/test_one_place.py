"""Facts written once: a second copy typed into the code is a test failure, so that when the
fact changes, one line changes."""

from __future__ import annotations

from pathlib import Path

import ontime_assist
from ontime_assist.engine.ontime_terms import ONTIME_SETTINGS_PATH

PACKAGE = Path(ontime_assist.__file__).parent
RESOURCES = PACKAGE.parent / "resources"
# ontime_terms.py holds OnTime's words.
_HOMES = {PACKAGE / "engine" / "ontime_terms.py"}


def test_ontimes_menu_path_is_typed_only_in_ontime_terms() -> None:
    fragment = ONTIME_SETTINGS_PATH.split(" → ", 1)[1]  # "General Options → Connections → …"
    copies = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in _HOMES and fragment in path.read_text(encoding="utf-8")
    ]
    assert copies == []


def test_the_finding_catalog_names_ontimes_menu_path_by_its_placeholder() -> None:
    """findings.json says {ontime_settings_path}; the catalog writes the path in on loading."""
    from ontime_assist.engine.findings import SETTINGS_PATH_PLACEHOLDER, catalog

    fragment = ONTIME_SETTINGS_PATH.split(" → ", 1)[1]
    copies = [
        path.name
        for path in sorted(RESOURCES.glob("*.json"))
        if fragment in path.read_text(encoding="utf-8")
    ]
    assert copies == []
    worded = [e.id for e in catalog().values() if f"In OnTime: {ONTIME_SETTINGS_PATH}." in e.fix]
    assert len(worded) >= 9, worded  # the placeholder is written in, not shown
    texts = [f"{e.title} {e.explanation} {e.fix}" for e in catalog().values()]
    assert not any(SETTINGS_PATH_PLACEHOLDER in text for text in texts)
