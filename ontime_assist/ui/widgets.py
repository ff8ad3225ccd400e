"""Small widgets every page uses: a wrapping paragraph, a button Enter does not press, and the
sentence under a field that says what is wrong with it."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget


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
