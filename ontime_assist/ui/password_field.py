"""The password field: masked, with an eye to show or hide it; never puts the password on the
clipboard, shown or not (copy, cut, drag and the context menu are switched off)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit

from ontime_assist.ui.icons import eye_icon


class PasswordField(QLineEdit):
    def __init__(self) -> None:
        super().__init__()
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setDragEnabled(False)
        self.setAccessibleName("Password")
        self.toggle = QAction("Show password", self)
        self.toggle.setCheckable(True)
        self.toggle.setIcon(eye_icon(crossed=False))
        self.toggle.toggled.connect(self._toggle)
        self.addAction(self.toggle, QLineEdit.ActionPosition.TrailingPosition)
        self.installEventFilter(self)

    @Slot(bool)
    def _toggle(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setText("Hide password" if shown else "Show password")
        self.toggle.setIcon(eye_icon(crossed=shown))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Copy) or event.matches(
                QKeySequence.StandardKey.Cut
            ):
                return True
        return super().eventFilter(watched, event)
