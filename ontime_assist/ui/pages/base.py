"""What every page shares: the session, wording helpers, and the live test panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget, QWizardPage

from ontime_assist.engine.result import CheckResult
from ontime_assist.engine.settings import SettingsError
from ontime_assist.session import AssistantSession
from ontime_assist.ui.widgets import TestPanel

if TYPE_CHECKING:
    from ontime_assist.ui.wizard import AssistantWizard


def paragraph(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(label.textFormat().RichText)
    label.setOpenExternalLinks(False)
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


class TestingPage(BasePage):
    """A page with a live test: Next waits while it runs; results survive Back and Next."""

    step_key = ""

    def __init__(self) -> None:
        super().__init__()
        self.panel = TestPanel()
        self.panel.running_changed.connect(self._running_changed)
        self.panel.result_ready.connect(self._result_ready)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)

    def initializePage(self) -> None:
        previous = self.session.results.get(self.step_key)
        if previous is not None and self.panel.result is not previous:
            self.panel.show_result(previous)

    def isComplete(self) -> bool:
        return not self.panel.running and super().isComplete()

    @Slot(bool)
    def _running_changed(self, running: bool) -> None:
        self.completeChanged.emit()
        for button in self.test_buttons():
            button.setEnabled(not running)

    def test_buttons(self) -> list[QWidget]:
        return []

    @Slot(object)
    def _result_ready(self, result: CheckResult) -> None:
        self.session.results[self.step_key] = result
        self.after_result(result)
        self.assistant().remember()

    def after_result(self, result: CheckResult) -> None:
        """Pages react to a finished test here (e.g. adopt the settings auto found)."""

    def start_test(self, **kwargs: object) -> None:
        self.problem.setVisible(False)
        try:
            settings = self.session.mail_settings(**kwargs)  # type: ignore[arg-type]
        except SettingsError as exc:
            self.problem.setText(f"⚠ {exc.message}")
            self.problem.setVisible(True)
            return
        password = self.session.password if settings.username else None
        self.panel.run(settings, password or None)
