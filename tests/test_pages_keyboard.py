"""The keyboard on the wizard's pages, as a person uses it: where the keys go when a page
opens, Tab in the paste box, and what a screen reader is given to read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.steps import StepId
from tests.wizard_driver import (
    answer_step_one,
    fill_credentials,
    page,
    press_next,
    to_credentials,
    type_text,
)

pytestmark = pytest.mark.gui
USER = "dispatch@courier.example"


def type_where_the_focus_is(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keys go to whatever has the keyboard focus, as on a real keyboard."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    type_text(qtbot, target, text)


def test_keys_typed_after_enter_on_step_2_land_in_step_3_not_in_the_password(
    qtbot, make_wizard
) -> None:
    wizard = make_wizard()
    to_credentials(qtbot, wizard)
    fill_credentials(qtbot, wizard, USER, "s3cret-pw")
    credentials = page(wizard, StepId.CREDENTIALS)
    with qtbot.waitSignal(wizard.currentIdChanged, timeout=3000):
        qtbot.keyClick(credentials.password, Qt.Key.Key_Return)
    assert wizard.currentId() == StepId.SERVER_SETTINGS
    type_where_the_focus_is(qtbot, "XYZ")
    server = page(wizard, StepId.SERVER_SETTINGS)
    assert wizard.session.password.reveal() == "s3cret-pw"
    assert credentials.password.text() == "s3cret-pw"
    assert server.host.text() == "XYZ" and wizard.session.host == "XYZ"


@pytest.mark.parametrize(
    ("step", "field"),
    [
        (StepId.ONTIME_SERVER, "worked"),
        (StepId.CREDENTIALS, "email"),
        (StepId.SERVER_SETTINGS, "host"),
        (StepId.RELAY, "to_addr"),
    ],
)
def test_each_page_when_shown_has_the_focus_on_its_first_field(
    qtbot, make_wizard, step: StepId, field: str
) -> None:
    wizard = make_wizard()
    wizard.session.email = wizard.session.from_addr = USER  # last time's: only To is empty
    press_next(qtbot, wizard)
    if step is not StepId.ONTIME_SERVER:
        answer_step_one(qtbot, wizard, OnTimeServerOutcome.NOT_TRIED)
        while wizard.currentId() != step:
            press_next(qtbot, wizard)
    if step is StepId.CREDENTIALS:
        field = "username"  # the address is there: the next field to fill is the user name
    assert QApplication.focusWidget() is getattr(page(wizard, step), field)


def test_tab_in_the_paste_box_moves_on_and_types_no_tab(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    welcome = page(wizard, StepId.WELCOME)
    welcome.pasted.setFocus()
    type_text(qtbot, welcome.pasted, "535 5.7.3")
    qtbot.keyClick(welcome.pasted, Qt.Key.Key_Tab)
    assert welcome.pasted.toPlainText() == "535 5.7.3"
    assert QApplication.focusWidget() is welcome.explain_button


def test_ctrl_tab_leaves_the_paste_box_too(qtbot, make_wizard) -> None:
    """Ctrl+Tab is how the keyboard leaves a text box elsewhere: it does here too, both ways."""
    wizard = make_wizard()
    welcome = page(wizard, StepId.WELCOME)
    welcome.pasted.setFocus()
    type_text(qtbot, welcome.pasted, "535 5.7.3")
    qtbot.keyClick(welcome.pasted, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is welcome.explain_button
    welcome.pasted.setFocus()
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(welcome.pasted, Qt.Key.Key_Backtab, shift_ctrl)
    assert QApplication.focusWidget() is not welcome.pasted
    assert welcome.pasted.toPlainText() == "535 5.7.3"


# The pages whose labels are another part's (the summary and the notifications branch) are
# checked with their own pages.
LABEL_PAGES = [StepId.WELCOME, StepId.ONTIME_SERVER, StepId.CREDENTIALS]
LABEL_PAGES += [StepId.SERVER_SETTINGS, StepId.RELAY]


def assert_labels_read_by_their_text(shown) -> None:  # type: ignore[no-untyped-def]
    labels = shown.findChildren(QLabel)
    assert labels
    for label in labels:
        # Also the ones empty for now: the text they get later would not be read either.
        assert not label.accessibleName(), f"{label.text()[:40]!r} is read as its name"
        if label.text():
            spoken = QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name)
            assert spoken, label.text()[:40]


@pytest.mark.parametrize("outcome", [OnTimeServerOutcome.NOT_TRIED, OnTimeServerOutcome.FAILED])
def test_the_summary_and_the_notifications_pages_labels_are_read_by_their_text(
    qtbot, make_wizard, outcome: OnTimeServerOutcome
) -> None:
    """#19.13 on the last pages: "What to do next", who the summary is for, and what Copy
    did are read as what they say."""
    from tests.wizard_driver import click

    wizard = make_wizard()
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, outcome)
    while wizard.currentId() != StepId.SUMMARY:
        if wizard.currentId() == StepId.NOTIFICATIONS:
            assert_labels_read_by_their_text(page(wizard, StepId.NOTIFICATIONS))
        press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    click(qtbot, summary.copy_button)  # the status line now says something
    assert summary.status.text() and summary.next_steps.text() and summary.audience.text()
    assert_labels_read_by_their_text(summary)
    spoken = QAccessible.queryAccessibleInterface(summary.next_steps).text(QAccessible.Text.Name)
    assert "What to do next" in spoken and len(spoken) > len("What to do next")


@pytest.mark.parametrize("step", LABEL_PAGES)
def test_a_screen_reader_reads_each_labels_own_text(
    qtbot, make_wizard, tmp_home, step: StepId
) -> None:
    """A label's accessible name is its text: a name set on it would be read instead."""
    (tmp_home / "settings.ini").write_text(
        "[results]\ncredentials=2026-11-30 10:00: no problem found\n", encoding="utf-8"
    )
    wizard = make_wizard()
    assert page(wizard, StepId.WELCOME).last_time.isVisible()  # "Last time: …" is there
    assert_labels_read_by_their_text(page(wizard, step))


@pytest.mark.parametrize("step", [StepId.WELCOME, StepId.ONTIME_SERVER, StepId.SERVER_SETTINGS])
def test_tab_never_stops_on_a_pages_scroll_area(qtbot, make_wizard, step: StepId) -> None:
    """Round the whole window with Tab: every stop is a control with a name to announce,
    never the invisible scroll area a page is laid on."""
    wizard = make_wizard()
    if step is StepId.SERVER_SETTINGS:
        to_credentials(qtbot, wizard)
        fill_credentials(qtbot, wizard, USER, "s3cret-pw")
    while wizard.currentId() != step:
        press_next(qtbot, wizard)
    stops = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        stops.append(type(focused).__name__)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert "QScrollArea" not in stops and "QWidget" not in stops, stops
