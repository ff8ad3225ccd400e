"""A page with a live test. Next waits while it runs; Back or Next stop it (the wizard stops any
test when the page changes). Results belong to the settings they were made with: coming back
to the page shows the step's result if the settings are still the same, and otherwise says
what changed. When the whole case's real cause is on another step, the page says so."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from ontime_assist.case import judge
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.steps import page_of
from ontime_assist.ui.check_panel import CheckPanel
from ontime_assist.ui.pages.base import BasePage, Services
from ontime_assist.ui.widgets import FieldError


class CheckingPage(BasePage):
    key = Step.CREDENTIALS

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.panel = CheckPanel(self.key, services.tests)
        self.panel.running_changed.connect(self._running_changed)
        services.tests.finished.connect(self._test_finished)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.problem.setAccessibleDescription("Problem with the test")
        # The notes under this page's fields, by the settings field each one explains.
        self.field_errors: dict[str, FieldError] = {}
        self.case_note = QLabel()
        self.case_note.setWordWrap(True)
        self.case_note.setVisible(False)
        self.case_note.setAccessibleDescription("The real cause")

    def busy(self) -> bool:
        return self.panel.running

    def initializePage(self) -> None:
        self.show_current_result()

    def on_shown(self) -> None:
        self.show_current_result()

    def cleanupPage(self) -> None:
        """Back: a test still running here is stopped (its answer would land on a page the
        user has left)."""
        if self.panel.running:
            self.services.tests.cancel()

    def show_current_result(self) -> None:
        result = self.session.result(self.key)
        outdated = self.session.outdated(self.key)
        if result is not None:
            if result is not self.panel.result:
                self.panel.show_result(result)
        elif outdated:
            self.panel.show_outdated(outdated)
        elif not self.panel.running:
            self.panel.clear()
        self.update_case_note()

    def settings_changed(self) -> None:
        """A field this step's test depends on changed: the shown result may no longer hold."""
        if not self.panel.running:
            self.show_current_result()

    def update_case_note(self) -> None:
        """Say so when the real cause of the whole case is on another step than this one."""
        verdict = judge(self.session.case())
        root = verdict.root
        own = self.session.result(self.key)
        if root is None or own is None or own.root_cause is None:
            self.case_note.setVisible(False)
            return
        home = page_of(root.step)
        if own.root_cause.id == root.id:
            self.case_note.setVisible(False)
            return
        where = "" if home.id is self.step else f" (looked at on {home.heading})"
        self.case_note.setText(
            f"<b>The real cause:</b> {root.title}{where}. What failed here follows from it: "
            "fix that first."
        )
        self.case_note.setVisible(True)

    @Slot(bool)
    def _running_changed(self, running: bool) -> None:
        self.completeChanged.emit()
        for button in self.test_buttons():
            button.setEnabled(not running)

    @Slot(str, object)
    def _test_finished(self, key: str, result: object) -> None:
        if key != self.key.value or not isinstance(result, CheckResult):
            return
        self.after_result(result)
        self.update_case_note()
        self.services.remember()

    def test_buttons(self) -> list[QWidget]:
        return []

    def after_result(self, result: CheckResult) -> None:
        """Pages react to a finished test here."""

    def start_test(self) -> None:
        self.problem.setVisible(False)
        session = self.session
        try:
            settings = session.mail_settings(self.key)
        except SettingsError as exc:
            self._refuse_settings(exc)
            return
        started = self.services.tests.start(
            self.key, settings, session.password, session.inputs(self.key)
        )
        if not started:
            self.show_problem("Another test is still running: wait for it, or stop it.")

    def _refuse_settings(self, exc: SettingsError) -> None:
        """Input that cannot be tested: said under its field when it is on this page (not a
        second time beside the button), with the cursor put there to correct it."""
        note = self.field_errors.get(exc.field_name)
        if note is None:
            self.show_problem(exc.message)
            return
        note.show_error(exc.message)
        note.field.setFocus()
        self.show_problem("First correct the field above: its note says what is wrong.")

    def show_problem(self, message: str) -> None:
        self.problem.setText(f"⚠ {message}")
        self.problem.setVisible(bool(message))
