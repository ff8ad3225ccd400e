"""The pieces every test page shares: the live stage list, the findings, the transcript."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ontime_assist.engine.result import CheckResult, Stage
from ontime_assist.engine.settings import MailSettings
from ontime_assist.ui.findings_view import FindingsView
from ontime_assist.ui.runner import CheckRunner

STAGE_LABELS = {
    "dns": "Find the server",
    "connect": "Connect",
    "greeting": "Server says hello",
    "ehlo": "Introduce ourselves",
    "tls": "Encrypt the connection",
    "auth": "Sign in",
    "mail": "Sender address",
    "rcpt": "Recipient address",
    "data": "Test message",
    "quit": "Say goodbye",
}
STATUS_TEXT = {
    "pending": "Waiting",
    "running": "Testing…",
    "ok": "Passed",
    "failed": "Failed",
    "skipped": "Skipped",
}


def _status_icon(status: str) -> QStyle.StandardPixmap | None:
    # Looked up when needed: touching a Qt enum class builds it (tens of milliseconds for
    # QStyle's), which the first page should not pay for.
    return {
        "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
        "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
        "running": QStyle.StandardPixmap.SP_BrowserReload,
        "skipped": QStyle.StandardPixmap.SP_ArrowRight,
    }.get(status)


class StagesView(QTreeWidget):
    """One row per stage: name, status in words (and an icon: never colour alone), time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(4)
        self.setHeaderLabels(["Step", "Result", "Time", "Details"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAccessibleName("Test steps")
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._items: dict[str, QTreeWidgetItem] = {}
        self.reset_stages()

    def reset_stages(self) -> None:
        self.clear()
        self._items = {}
        for name, label in STAGE_LABELS.items():
            item = QTreeWidgetItem([label, STATUS_TEXT["pending"], "", ""])
            self._items[name] = item
            self.addTopLevelItem(item)

    @Slot(object)
    def show_stage(self, stage: Stage) -> None:
        item = self._items.get(stage.name)
        if item is None:
            return
        item.setText(1, STATUS_TEXT.get(stage.status, stage.status))
        item.setText(2, f"{stage.ms:.0f} ms" if stage.status in ("ok", "failed") else "")
        item.setText(3, stage.detail)
        item.setToolTip(3, stage.detail)
        icon = _status_icon(stage.status)
        item.setIcon(1, self.style().standardIcon(icon) if icon is not None else QIcon())
        item.setData(1, Qt.ItemDataRole.AccessibleTextRole, STATUS_TEXT.get(stage.status, ""))

    def status_of(self, name: str) -> str:
        return self._items[name].text(1)


class TranscriptDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conversation with the mail server")
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        explanation = QLabel(
            "Every line this computer sent (→) and the server answered (←); lines inside "
            "the encrypted connection are marked ~. The password is never shown."
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Transcript")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class TestPanel(QWidget):
    """Runs a check on a worker thread and shows it live. The owning page supplies the
    settings and the buttons that start it; the panel supplies Cancel and the results."""

    running_changed = Signal(bool)
    result_ready = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = CheckRunner(self)
        self.runner.stage_changed.connect(self._on_stage)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.result: CheckResult | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Test status")
        self.stages = StagesView()
        self.findings = FindingsView()
        row = QHBoxLayout()
        self.cancel_button = QPushButton("&Cancel test")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.transcript_button = QPushButton("Show the &conversation with the server…")
        self.transcript_button.setEnabled(False)
        self.transcript_button.clicked.connect(self.show_transcript)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.transcript_button)
        layout.addWidget(self.status)
        layout.addWidget(self.stages, 2)
        layout.addWidget(self.findings, 3)
        layout.addLayout(row)

    @property
    def running(self) -> bool:
        return self.runner.running or self.cancel_button.isEnabled()

    def run(self, settings: MailSettings, password: str | None) -> None:
        self.stages.reset_stages()
        self.findings.setHtml("<p>Testing…</p>")
        self.status.setText(f"Testing {settings.host} port {settings.port}…")
        self.transcript_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.running_changed.emit(True)
        self.runner.start(settings, password)

    @Slot()
    def cancel(self) -> None:
        self.status.setText("Stopping the test…")
        self.runner.cancel()

    @Slot(object)
    def _on_stage(self, stage: Stage) -> None:
        self.stages.show_stage(stage)

    @Slot(object)
    def _on_finished(self, result: CheckResult) -> None:
        self.result = result
        for stage in result.stages:
            self.stages.show_stage(stage)
        self.findings.show_findings(result.ordered_findings)
        root = result.root_cause
        if any(f.id == "smtp.cancelled" for f in result.findings):
            self.status.setText("The test was stopped. You can run it again at any time.")
        elif root is None:
            self.status.setText("Result: no problem found.")
        else:
            self.status.setText(f"Result: {root.title}.")
        self.cancel_button.setEnabled(False)
        self.transcript_button.setEnabled(True)
        self.running_changed.emit(False)
        self.result_ready.emit(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status.setText(message)
        self.cancel_button.setEnabled(False)
        self.running_changed.emit(False)

    def show_result(self, result: CheckResult) -> None:
        """Show an earlier result again (Back and Next keep what was found)."""
        self.result = result
        self.stages.reset_stages()
        for stage in result.stages:
            self.stages.show_stage(stage)
        self.findings.show_findings(result.ordered_findings)
        root = result.root_cause
        self.status.setText(f"Result: {root.title}." if root else "Result: no problem found.")
        self.transcript_button.setEnabled(True)

    @Slot()
    def show_transcript(self) -> None:
        if self.result is None:
            return
        dialog = TranscriptDialog(self.result.redactor(self.result.transcript.render()), self)
        dialog.exec()


__all__ = ["FindingsView", "StagesView", "TestPanel", "TranscriptDialog"]
