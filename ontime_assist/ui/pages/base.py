"""What every page shares: the session, wording helpers, and the live test panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget, QWizardPage

from ontime_assist.session import AssistantSession

if TYPE_CHECKING:
    from ontime_assist.ui.wizard import AssistantWizard


def paragraph(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    # Rich text is detected from the tags (Qt's AutoText); naming the format would build Qt's
    # whole enum namespace at start-up (about 60 ms).
    return label


class FieldError(QLabel):
    """The sentence under a field that says what is wrong with it, as the user types."""

    def __init__(self, field: QLineEdit) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setVisible(False)
        self.setAccessibleName(f"{field.accessibleName()} problem")
        field.setAccessibleDescription("")
        self._field = field

    def show_error(self, message: str) -> None:
        self.setText(f"⚠ {message}")
        self.setVisible(bool(message))
        self._field.setAccessibleDescription(message)


class BasePage(QWizardPage):
    def assistant(self) -> AssistantWizard:
        from ontime_assist.ui.wizard import AssistantWizard

        wizard = self.wizard()
        assert isinstance(wizard, AssistantWizard)
        return wizard

    @property
    def session(self) -> AssistantSession:
        return self.assistant().session
