"""Facts written once: a second copy typed into the code is a test failure, so that when the
fact changes, one line changes."""

from __future__ import annotations

import re
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


def test_a_stages_status_is_worded_from_one_table(monkeypatch, qtbot) -> None:
    """The terminal and the wizard's list of steps both read STATUS_WORDS: a change there shows in
    each (so neither keeps a copy of its own)."""
    from ontime_assist.commands.text_output import render_check
    from ontime_assist.engine.check import stages
    from ontime_assist.ui.stages_view import StagesView
    from tests.report_cases import result

    monkeypatch.setitem(stages.STATUS_WORDS, "ok", "Went through")
    monkeypatch.setitem(stages.STATUS_WORDS, "failed", "Stopped")
    checked = result(passed=("dns", "connect"), failed="greeting")

    text = render_check(checked)
    assert "✓ went through" in text and "✗ stopped" in text
    assert "passed" not in text.lower().split("findings:")[0]

    view = StagesView()
    qtbot.addWidget(view)
    view.show_stages(list(checked.stages))
    rows = [view.topLevelItem(i) for i in range(view.topLevelItemCount())]
    shown = [row.text(1) for row in rows if row is not None]
    assert shown[:3] == ["Went through", "Went through", "Stopped"]


def test_no_other_module_words_a_stages_status() -> None:
    copies = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "stages.py"
        and re.search(r'"(ok|failed|skipped)":\s*"[A-Za-z✓✗–]', path.read_text(encoding="utf-8"))
    ]
    assert copies == []
