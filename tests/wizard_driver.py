"""Driving the real wizard as a person would: clicking its buttons, typing into its fields,
pressing keys, and waiting on the signals it sends (never polling, never calling what Qt itself
would not call)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QLineEdit,
    QRadioButton,
    QWidget,
    QWizard,
)

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.credentials import CredentialStore
from ontime_assist.demo import DemoServer, Situation
from ontime_assist.steps import StepId
from ontime_assist.ui.settings_store import SettingsStore
from ontime_assist.ui.wizard import AssistantWizard

TEST_WAIT_MS = 15000  # a test against a loopback server ends long before this


def wizard_factory(qtbot, home: Path):  # type: ignore[no-untyped-def]
    """The `make_wizard` fixture (tests/conftest.py): makes shown wizards whose pages are all
    built, and closes them afterwards as Finish does."""
    made: list[AssistantWizard] = []

    def make(  # type: ignore[no-untyped-def]
        demo: DemoServer | None = None,
        store: CredentialStore | None = None,
        clock: Callable[[], float] | None = None,
    ):
        wizard = AssistantWizard(
            settings_store=SettingsStore(home / "settings.ini"),
            credential_store=store,
            demo=demo,
            **({"clock": clock} if clock is not None else {}),  # type: ignore[arg-type]
        )
        # Not qtbot.addWidget: its close at teardown would be answered by the wizard's "Close
        # OnTime Assist?" question, which nobody would click. Closed below as Finish does.
        with qtbot.waitSignal(wizard.pages_ready, timeout=5000):
            wizard.show()
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.done(QDialog.DialogCode.Accepted)
        wizard.deleteLater()
    # Delete them now, while Qt is fully alive (not at interpreter exit).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    assert widget.isVisible() and widget.isEnabled(), f"{widget} cannot be clicked"
    if isinstance(widget, QCheckBox | QRadioButton):
        # A person clicks the box or its words; the widget's middle may be empty space.
        where = QPoint(8, widget.height() // 2)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def button(wizard: AssistantWizard, which: QWizard.WizardButton) -> QAbstractButton:
    return wizard.button(which)


def press_next(qtbot, wizard: AssistantWizard) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.currentIdChanged, timeout=3000):
        click(qtbot, button(wizard, QWizard.WizardButton.NextButton))


def press_back(qtbot, wizard: AssistantWizard) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.currentIdChanged, timeout=3000):
        click(qtbot, button(wizard, QWizard.WizardButton.BackButton))


def page(wizard: AssistantWizard, step: StepId) -> Any:
    return wizard.page(int(step))


def retype(qtbot, field: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select what is there and type over it, as a person would."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == text


def type_text(qtbot, field: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type `text` key by key. QTest types ASCII only (it aborts on "ü"); other letters arrive
    as the key events a keyboard layout with them sends: the key, and the letter as its text."""
    for letter in text:
        if letter.isascii():
            qtbot.keyClicks(field, letter)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, letter)
            QCoreApplication.sendEvent(field, event)


def run_test(qtbot, wizard: AssistantWizard, start: QWidget) -> str:  # type: ignore[no-untyped-def]
    """Click a page's test button and wait until its test has finished (or stopped)."""
    with qtbot.waitSignal(wizard.tests.ended, timeout=TEST_WAIT_MS):
        click(qtbot, start)
    return page_status(wizard)


def page_status(wizard: AssistantWizard) -> str:
    current = wizard.currentPage()
    panel = getattr(current, "panel", None)
    return panel.status.text() if panel is not None else ""


def answer_step_one(qtbot, wizard: AssistantWizard, outcome: OnTimeServerOutcome) -> None:  # type: ignore[no-untyped-def]
    step = page(wizard, StepId.ONTIME_SERVER)
    radio = {
        OnTimeServerOutcome.WORKED: step.worked,
        OnTimeServerOutcome.FAILED: step.failed,
        OnTimeServerOutcome.NOT_TRIED: step.not_tried,
    }[outcome]
    click(qtbot, radio)


def to_credentials(qtbot, wizard: AssistantWizard, outcome=OnTimeServerOutcome.NOT_TRIED) -> None:  # type: ignore[no-untyped-def]
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, outcome)
    press_next(qtbot, wizard)
    assert wizard.currentId() == StepId.CREDENTIALS


def fill_credentials(qtbot, wizard: AssistantWizard, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    credentials = page(wizard, StepId.CREDENTIALS)
    retype(qtbot, credentials.email, email)
    retype(qtbot, credentials.username, email)
    retype(qtbot, credentials.password, password)


def fill_server(qtbot, wizard: AssistantWizard, host: str, port: int, security: str) -> None:  # type: ignore[no-untyped-def]
    server = page(wizard, StepId.SERVER_SETTINGS)
    retype(qtbot, server.host, host)
    retype(qtbot, server.port, str(port))
    choose(qtbot, server.security, security)


def to_server_settings(  # type: ignore[no-untyped-def]
    qtbot,
    wizard: AssistantWizard,
    port: int,
    user: str,
    password: str,
    outcome: OnTimeServerOutcome = OnTimeServerOutcome.NOT_TRIED,
    security: str = "starttls",
) -> None:
    """Steps 1 to 3 as a user does them: step 1 answered, the sign-in typed, then the loopback
    server on `port` typed on the server page (left open, not tested)."""
    to_credentials(qtbot, wizard, outcome)
    fill_credentials(qtbot, wizard, user, password)
    press_next(qtbot, wizard)
    fill_server(qtbot, wizard, "127.0.0.1", port, security)


def choose(qtbot, combo, value: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an entry of a combo box with the keyboard, as a person would."""
    combo.setFocus()
    target = combo.findData(value)
    assert target >= 0
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


@contextlib.contextmanager
def store_answers(
    qtbot, wizard: AssistantWizard, action: str, timeout: int = 5000
) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """Wait, around what the block does, until the password store has answered `action`
    ("status", "load", "save", "forget"): it is asked off the UI thread."""
    with qtbot.waitSignal(
        wizard.passwords.answered,
        timeout=timeout,
        check_params_cb=lambda answer: answer.action == action,
    ) as blocker:
        yield blocker


def practice_sign_in(qtbot, wizard, situation: Situation = Situation.HEALTHY) -> None:  # type: ignore[no-untyped-def]
    """Practice mode to step 2: the situation chosen on the welcome page, step 1 answered."""
    choose(qtbot, page(wizard, StepId.WELCOME).situation, situation.value)
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
    press_next(qtbot, wizard)
