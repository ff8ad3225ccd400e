"""The live test of one step, shown: a status line with progress, the stages, the findings,
Stop, and the conversation with the server. The page that owns it starts the test; the panel
listens to the wizard's one test controller for its own step only."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ontime_assist.case.outcome import passed_words
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.ui.controllers import CheckController
from ontime_assist.ui.findings_view import FindingsView
from ontime_assist.ui.stages_view import StagesView
from ontime_assist.ui.widgets import action_button


class TranscriptDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conversation with the mail server")
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        explanation = QLabel(
            "Every line this computer sent (->) and the server answered (<-); lines inside "
            "the encrypted connection are marked ~> and <~. The password is never shown."
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Conversation with the server")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class CheckPanel(QWidget):
    running_changed = Signal(bool)

    def __init__(self, key: Step, tests: CheckController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.tests = tests
        self.result: CheckResult | None = None
        tests.started.connect(self._started)
        tests.stage_changed.connect(self._stage)
        tests.finished.connect(self._finished)
        tests.stopped.connect(self._stopped)
        tests.failed.connect(self._failed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleDescription("Test status")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: a test has no known length
        self.progress.setMaximumHeight(8)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Test in progress")
        self.progress.setVisible(False)
        self.stages = StagesView()
        self.findings = FindingsView()
        row = QHBoxLayout()
        self.stop_button = action_button("Stop t&he test")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(tests.cancel)
        self.transcript_button = action_button("Show the &conversation with the server…")
        self.transcript_button.setEnabled(False)
        self.transcript_button.clicked.connect(self.show_transcript)
        row.addWidget(self.stop_button)
        row.addStretch(1)
        row.addWidget(self.transcript_button)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.stages, 2)
        layout.addWidget(self.findings, 3)
        layout.addLayout(row)

    @property
    def running(self) -> bool:
        return self.tests.running_key is self.key

    def _mine(self, key: str) -> bool:
        return key == self.key.value

    @Slot(str)
    def _started(self, key: str) -> None:
        if not self._mine(key):
            return
        self.result = None
        self.stages.reset_stages()
        self.findings.setHtml("<p>Testing…</p>")
        self.status.setText("Testing…")
        self.progress.setVisible(True)
        self.stop_button.setEnabled(True)
        self.transcript_button.setEnabled(False)
        self.running_changed.emit(True)

    @Slot(str, object)
    def _stage(self, key: str, stage: object) -> None:
        if self._mine(key):
            self.stages.show_stage(stage)  # type: ignore[arg-type]

    @Slot(str, object)
    def _finished(self, key: str, result: object) -> None:
        if not self._mine(key):
            return
        assert isinstance(result, CheckResult)
        self._idle()
        self.show_result(result)

    @Slot(str)
    def _stopped(self, key: str) -> None:
        if not self._mine(key):
            return
        self._idle()
        self.stages.reset_stages()
        self.findings.setHtml("")
        self.status.setText("The test was stopped. You can run it again at any time.")

    @Slot(str, str)
    def _failed(self, key: str, message: str) -> None:
        if not self._mine(key):
            return
        self._idle()
        self.status.setText(f"⚠ The test could not run. {message}")

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.stop_button.setEnabled(False)
        self.running_changed.emit(False)

    def show_result(self, result: CheckResult) -> None:
        """Show a result (a fresh one, or the step's earlier one after Back and Next)."""
        self.result = result
        self.stages.show_stages(result.stages)
        self.findings.show_findings(result.ordered_findings)
        root = result.root_cause
        # Said as the summary's "Tests run" says it: a warning is not "no problem found".
        self.status.setText(f"Result: {root.title if root else passed_words(result)}.")
        self.transcript_button.setEnabled(True)

    def show_outdated(self, changes: list[str]) -> None:
        """The last result was made with other settings: clear it and say what changed."""
        self.result = None
        self.stages.reset_stages()
        self.findings.setHtml("")
        self.transcript_button.setEnabled(False)
        self.status.setText(
            "The settings changed since the last test (" + "; ".join(changes) + "). Test "
            "again to see what they do."
        )

    def clear(self) -> None:
        self.result = None
        self.stages.reset_stages()
        self.findings.setHtml("")
        self.status.setText("")
        self.transcript_button.setEnabled(False)

    @Slot()
    def show_transcript(self) -> None:
        if self.result is None:
            return
        dialog = TranscriptDialog(self.result.redactor(self.result.transcript.render()), self)
        dialog.exec()
