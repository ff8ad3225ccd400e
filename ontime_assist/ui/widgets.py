"""Small widgets every page uses: a wrapping paragraph, a button Enter does not press, and the
sentence under a field that says what is wrong with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

# QtCore.Qt, not `from PySide6.QtCore import Qt`: PySide6 builds the whole Qt namespace (every
# enum) on its first use, about 45 ms, which must not fall before the first window is mapped.
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QPoint, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QResizeEvent


def paragraph(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label the user reads. Never give it an accessible name: a screen reader would say
    the name instead of the text (a description, said after the text, is fine)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    # Rich text is detected from the tags (Qt's AutoText); naming the format would build Qt's
    # whole enum namespace at start-up (about 60 ms).
    return label


def action_button(text: str) -> QPushButton:
    """A page's own button. Enter never presses it (Enter means Next in a wizard): in a dialog,
    Qt makes a focused button the default one unless it is told not to."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button


class TextBox(QPlainTextEdit):
    """A box for pasted text that the keyboard leaves as it leaves any field: Tab and
    Shift+Tab move the focus (no tab is typed), and so do Ctrl+Tab and Ctrl+Shift+Tab, the
    keys that leave a text box everywhere else."""

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        Qt = QtCore.Qt
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            backwards = event.key() == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            self.focusNextPrevChild(not backwards)
            return
        super().keyPressEvent(event)


class FieldError(QLabel):
    """The sentence under a field that says what is wrong with it, as the user types."""

    def __init__(self, field: QLineEdit) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setVisible(False)
        self.setAccessibleDescription(f"{field.accessibleName()} problem")
        field.setAccessibleDescription("")
        self._field = field

    @property
    def field(self) -> QLineEdit:
        return self._field

    def show_error(self, message: str) -> None:
        self.setText(f"⚠ {message}" if message else "")
        self.setVisible(bool(message))
        self._field.setAccessibleDescription(message)


class ReservedParagraph(QWidget):
    """A paragraph that keeps room for `lines` lines, so what is below it does not move when a
    short text gives way to a longer one (an answer arriving while the user aims at a button).
    It grows only for a text longer than that, measured at its actual width: a word-wrapped
    label placed straight in a QFormLayout is given the height of a narrower column."""

    def __init__(self, text: str, lines: int) -> None:
        super().__init__()
        self.label = paragraph(text, self)
        self._reserved = self.label.fontMetrics().lineSpacing() * lines
        self.setFixedHeight(self._reserved)

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self._fit()

    def text(self) -> str:
        return self.label.text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        text_height = self.label.heightForWidth(self.width())
        self.label.setGeometry(0, 0, self.width(), text_height)  # the text at the top
        needed = max(self._reserved, text_height)
        if self.height() != needed:
            self.setFixedHeight(needed)


LAYOUT_TURNS = 3  # event-loop turns a page takes to lay out new text (2 seen, 1 spare)


def bring_into_view(widget: QWidget) -> None:
    """Scroll the page so that `widget` (an answer just written below the fold) is seen: once
    the layout has made room for its new text, which happens after this event."""

    def scroll(turns_left: int) -> None:
        # Text set just before (here or in a panel above) grows the layout over the next few
        # turns of the event loop (a wrapped label's height follows its width): run the
        # posted layout requests, scroll, and scroll again on the next turns.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        if turns_left:
            QTimer.singleShot(0, widget, lambda: scroll(turns_left - 1))
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        content = parent.widget() if isinstance(parent, QScrollArea) else None
        if isinstance(parent, QScrollArea) and content is not None:
            # Not ensureWidgetVisible: for a selectable label it shows only the text cursor's
            # rectangle, which leaves the answer's first line at the bottom edge. Show its
            # bottom, then its top: all of it when it fits, its beginning when it does not.
            top = widget.mapTo(content, QPoint(0, 0)).y()
            parent.ensureVisible(0, top + widget.height(), 0, 0)
            parent.ensureVisible(0, top, 0, 0)

    QTimer.singleShot(0, widget, lambda: scroll(LAYOUT_TURNS))  # dropped if it is gone
