"""The keyboard on the wizard's pages, as a person uses it: where the keys go when a page
opens, Tab in the paste box, and what a screen reader is given to read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

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
