"""Will receivers trust mail from this address? A button that runs the sender checks (SPF,
DKIM and DMARC of the From address's domain, engine.sender) off the UI thread, and what they
found, each finding with the DNS record to add or change. Step 4 judges the way the test message
was sent; step 1 judges the OnTime Mail Server sending with the company's address. The result
is kept in the session (Qt-free), where the verdict and the summary read it."""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _escape
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ontime_assist.case.arrival import SenderCheck
from ontime_assist.engine.finding_kinds import SEVERITY_WORDS
from ontime_assist.session import AssistantSession
from ontime_assist.session_arrival import run_sender_check
from ontime_assist.ui.widgets import action_button, bring_into_view, paragraph
from ontime_assist.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from ontime_assist.engine.discovery.dns_lookup import Dns
    from ontime_assist.engine.sender.judge import SendingPath


def escape(text: str) -> str:
    """Text shown as text inside rich text (no attributes, so quotes stay as they are)."""
    return _escape(text, quote=False)


# What to judge when the button is pressed: the path, or the sentence saying why nothing can be.
PathSource = Callable[[], "SendingPath | str"]


class SenderPanel(QWidget):
    checked = Signal(object)  # the SenderCheck just kept

    def __init__(
        self,
        session: AssistantSession,
        path_source: PathSource,
        dns: Callable[[], Dns | None] = lambda: None,
    ) -> None:
        super().__init__()
        self.session = session
        self.path_source = path_source
        self.dns = dns  # the DNS server the search uses (the system's when None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = action_button("Check the s&ender authentication (SPF, DKIM, DMARC)")
        self.button.clicked.connect(self.check)
        layout.addWidget(self.button)
        self.outcome = paragraph()
        self.outcome.setAccessibleDescription("Sender authentication")
        # The answer can take the focus (not by Tab): while the button is disabled the
        # keyboard waits here, where the answer appears and a screen reader reads it,
        # instead of jumping to the next control in the window.
        self.outcome.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)
        # A label draws no focus of its own: a frame in the highlight colour shows where it is.
        self.outcome.setStyleSheet(
            "QLabel { border: 1px solid transparent; }"
            " QLabel:focus { border: 1px dotted palette(highlight); }"
        )
        layout.addWidget(self.outcome)
        self.task = BackgroundTask("sender-check", self)
        self.task.finished.connect(self._checked)
        self.task.failed.connect(self._failed)

    def offer(self) -> None:
        """Show the button (or why the check is not offered), with nothing found yet."""
        self.stop()
        self.outcome.setText("")
        if self.session.practice is not None:
            self.button.setVisible(False)
            self.outcome.setText(
                "Sender authentication: not checked in practice (the practice domain is not "
                "in DNS)."
            )
            return
        self.button.setVisible(True)
        self.button.setEnabled(True)

    def stop(self) -> None:
        if self.task.cancel():
            self.button.setEnabled(True)
            self.outcome.setText("The sender check was stopped.")

    @Slot()
    def check(self) -> None:
        path = self.path_source()
        if isinstance(path, str):
            self.outcome.setText(escape(path))
            return
        dns = self.dns()
        domain = path.from_address.rpartition("@")[2]
        if self.button.hasFocus():
            self.outcome.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        self.button.setEnabled(False)
        self.outcome.setText(f"Checking SPF, DKIM and DMARC of {escape(domain)} in DNS…")
        self.task.start(lambda cancel, _progress: run_sender_check(path, dns, cancel))

    @Slot(object)
    def _checked(self, done: object) -> None:
        assert isinstance(done, SenderCheck)
        self.button.setEnabled(True)
        self.session.sender_checks.append(done)
        self.outcome.setText(findings_html(done))
        bring_into_view(self.outcome)
        self.checked.emit(done)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.outcome.setText(escape(message))


def findings_html(done: SenderCheck) -> str:
    """The claim, then each finding: its severity, title, what it found and the fix (with the
    DNS record written out). Escaped: record texts come from DNS, which anyone can write."""
    items = []
    for f in done.findings:
        fix = f"<br>Fix: {escape(f.fix)}" if f.fix else ""
        items.append(
            f"<li><b>{SEVERITY_WORDS[f.severity]}: {escape(f.title)}</b> "
            f"[{escape(f.id)}]<br>{escape(f.detail)}{fix}</li>"
        )
    if done.problem or not items:
        return f"{escape(done.claim)}."
    return f"{escape(done.head)}:<ul>{''.join(items)}</ul>"
