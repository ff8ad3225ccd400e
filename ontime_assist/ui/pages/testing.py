"""A page with a live test: Next waits while it runs; results survive Back and Next."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from ontime_assist.engine.result import CheckResult
from ontime_assist.engine.settings import SettingsError
from ontime_assist.ui.pages.base import BasePage
from ontime_assist.ui.widgets import TestPanel


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
