"""The shown password is never selected, so it never reaches the X11 primary selection (which
is a clipboard: selecting copies, the middle button pastes)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QLineEdit, QToolButton

from ontime_assist.steps import StepId
from tests.wizard_driver import page, retype, to_credentials

PASSWORD = "Shown-Secret-1234"


def test_a_shown_password_cannot_be_selected_so_never_reaches_the_primary_selection(
    qtbot, make_wizard
) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard()
    to_credentials(qtbot, wizard)
    field = page(wizard, StepId.CREDENTIALS).password
    retype(qtbot, field, PASSWORD)
    eye = next(b for b in field.findChildren(QToolButton) if b.defaultAction() is field.toggle)
    qtbot.mouseClick(eye, Qt.MouseButton.LeftButton)
    assert field.echoMode() == QLineEdit.EchoMode.Normal
    clipboard = QGuiApplication.clipboard()
    attempts = [
        lambda: qtbot.keyClick(field, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier),
        lambda: qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier),
        lambda: qtbot.mouseDClick(field, Qt.MouseButton.LeftButton, pos=QPoint(20, 10)),
        lambda: (
            qtbot.mousePress(field, Qt.MouseButton.LeftButton, pos=QPoint(5, 10)),
            qtbot.mouseMove(field, QPoint(field.width() - 40, 10)),
            qtbot.mouseRelease(
                field, Qt.MouseButton.LeftButton, pos=QPoint(field.width() - 40, 10)
            ),
        ),
    ]
    for select in attempts:
        qtbot.keyClick(field, Qt.Key.Key_End)
        select()
        assert field.selectedText() == ""
        if clipboard.supportsSelection():  # X11: what a middle click would paste
            assert PASSWORD not in clipboard.text(QClipboard.Mode.Selection)
    assert field.text() == PASSWORD  # typing still works while shown
    qtbot.mouseClick(eye, Qt.MouseButton.LeftButton)  # hidden again: selecting is allowed
    qtbot.keyClick(field, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
    assert field.selectedText() == PASSWORD
