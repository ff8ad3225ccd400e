"""The password field: masked, with an eye to show or hide it (drawn here, so no image plugin
is needed); never puts the password on the clipboard, shown or not: copy, cut, drag and the
context menu are switched off, and while the password is shown nothing in it can be selected,
because on X11 selecting text is copying it (the primary selection, pasted with the middle
button). Masked, Qt itself copies nothing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QLineEdit

EYE_SIZE = 32  # drawn at this size; Qt scales it to the field's height


def eye_icon(*, crossed: bool) -> QIcon:
    """An eye (show the password), or an eye struck through (hide it)."""
    pixmap = QPixmap(EYE_SIZE, EYE_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    color = QApplication.palette().color(QPalette.ColorRole.WindowText)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 2.5))
    outline = QPainterPath()
    outline.moveTo(3, 16)
    outline.quadTo(16, 3, 29, 16)
    outline.quadTo(16, 29, 3, 16)
    painter.drawPath(outline)
    painter.setBrush(QColor(color))
    painter.drawEllipse(QRectF(11.5, 11.5, 9, 9))
    if crossed:
        painter.drawLine(QPointF(5, 27), QPointF(27, 5))
    painter.end()
    return QIcon(pixmap)


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
        self.selectionChanged.connect(self._no_selection_while_shown)

    @Slot()
    def _no_selection_while_shown(self) -> None:
        # Runs as the selection is made, before QLineEdit hands it to the primary selection
        # (after the key or on the mouse's release), so there is nothing to hand over.
        if self.echoMode() == QLineEdit.EchoMode.Normal and self.hasSelectedText():
            self.deselect()

    @Slot(bool)
    def _toggle(self, shown: bool) -> None:
        if shown:
            self.deselect()
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
