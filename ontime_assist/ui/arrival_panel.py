"""Step 4, after the server accepted the test message: did it arrive? The user looks at the
address they sent it to (a timer counts the minutes since sending) and answers; or, where the
same password reads the mailbox over IMAP and the message went to the account's own address,
the assistant looks for its token itself, off the UI thread. Each answer is kept in the
session (Qt-free) and the verdict and summary read it from there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ontime_assist.case.arrival import (
    WAIT_MINUTES,
    ArrivalAnswer,
    ArrivalCheck,
    arrival_next_steps,
    latest_sender_check,
    verdict_words,
)
from ontime_assist.session import AssistantSession
from ontime_assist.session_arrival import sending_path
from ontime_assist.ui.sender_panel import SenderPanel
from ontime_assist.ui.widgets import action_button, bring_into_view, paragraph
from ontime_assist.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from ontime_assist.engine.discovery.dns_lookup import Dns
    from ontime_assist.engine.sender.judge import SendingPath

TICK_MS = 1000
LOOKUP_SECONDS = 15.0  # the look-up's whole time limit, as a test's


class ArrivalPanel(QGroupBox):
    answered = Signal(object)  # the ArrivalCheck just kept
    lookup_ended = Signal(str)  # the look-up finished: what it said
    sender_checked = Signal(object)  # the SenderCheck just kept

    def __init__(
        self,
        session: AssistantSession,
        clock: Callable[[], float],
        dns: Callable[[], Dns | None] = lambda: None,
    ) -> None:
        super().__init__("Did the test message arrive?")
        self.session = session
        self.clock = clock
        self.dns = dns  # the DNS server the search uses (the system's when None)
        self._test_number = 0
        self._sent_clock = 0.0
        layout = QVBoxLayout(self)
        self.intro = paragraph()
        layout.addWidget(self.intro)
        self.elapsed = QLabel()
        self.elapsed.setAccessibleDescription("Minutes since sending")
        layout.addWidget(self.elapsed)
        row = QHBoxLayout()
        self.inbox = action_button("In the &inbox")
        self.junk = action_button("In &junk / spam")
        self.not_there = action_button(f"&Not there after {WAIT_MINUTES} minutes")
        self.bounced = action_button("It &bounced…")
        for button in (self.inbox, self.junk, self.not_there, self.bounced):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.inbox.clicked.connect(lambda: self._answer(ArrivalAnswer.INBOX))
        self.junk.clicked.connect(lambda: self._answer(ArrivalAnswer.JUNK))
        self.not_there.clicked.connect(lambda: self._answer(ArrivalAnswer.NOT_THERE))
        self.bounced.clicked.connect(self._show_bounce)

        self.bounce_box = QWidget()
        bounce_layout = QVBoxLayout(self.bounce_box)
        bounce_layout.setContentsMargins(0, 0, 0, 0)
        self.bounce_text = QPlainTextEdit()
        self.bounce_text.setAccessibleName("The bounce message")
        self.bounce_text.setPlaceholderText("Paste the bounce (the “Undeliverable” message) here")
        self.bounce_text.setTabChangesFocus(True)
        self.bounce_text.setMaximumHeight(90)
        self.explain_bounce = action_button("E&xplain the bounce")
        self.explain_bounce.clicked.connect(self._explain_bounce)
        bounce_layout.addWidget(self.bounce_text)
        bounce_layout.addWidget(self.explain_bounce)
        self.bounce_box.setVisible(False)
        layout.addWidget(self.bounce_box)

        self.imap_box = QWidget()
        imap_layout = QVBoxLayout(self.imap_box)
        imap_layout.setContentsMargins(0, 0, 0, 0)
        self.imap_why = paragraph()
        imap_layout.addWidget(self.imap_why)
        self.imap_form = QWidget()  # hidden with its labels where the look-up is not offered
        form = QFormLayout(self.imap_form)
        form.setContentsMargins(0, 0, 0, 0)
        self.imap_host = QLineEdit()
        self.imap_host.setAccessibleName("IMAP server")
        self.imap_port = QLineEdit("993")
        self.imap_port.setAccessibleName("IMAP port")
        form.addRow("IMAP &server:", self.imap_host)
        form.addRow("IMAP p&ort (993: TLS; 143: STARTTLS):", self.imap_port)
        imap_layout.addWidget(self.imap_form)
        self.look_button = action_button("&Look for it automatically")
        self.look_button.clicked.connect(self.look_up)
        imap_layout.addWidget(self.look_button)
        self.imap_status = paragraph()
        self.imap_status.setAccessibleDescription("Automatic look-up")
        imap_layout.addWidget(self.imap_status)
        layout.addWidget(self.imap_box)

        self.outcome = paragraph()
        self.outcome.setAccessibleDescription("What the answer means")
        layout.addWidget(self.outcome)
        # The sender checks (SPF, DKIM, DMARC of the From domain) for the way the message was
        # sent: offered after every accepted send, and pointed to by a junk answer.
        self.sender_check = SenderPanel(session, self._sending_path, dns)
        self.sender_check.setVisible(False)
        self.sender_check.checked.connect(self._sender_checked)
        layout.addWidget(self.sender_check)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.task = BackgroundTask("imap-lookup", self)
        self.task.finished.connect(self._looked_up)
        self.task.failed.connect(self._lookup_failed)
        self._looking_at = ""
        self.setVisible(False)

    # --- which message ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Shown only for a test message the server accepted with the settings as they are."""
        sent = self.session.sent_test()
        if sent is None:
            self.timer.stop()
            self.stop()
            self.setVisible(False)
            return
        test, message = sent
        if test.number != self._test_number:  # a new message: a new wait
            self._test_number = test.number
            self._sent_clock = self.clock()
            self.outcome.setText("")
            self.imap_status.setText("")
            self.sender_check.offer()
            self.bounce_box.setVisible(False)
        to_addr = test.result.settings.to_addr
        self.intro.setText(
            f"The server accepted the test message. Look for it at <b>{escape(to_addr)}</b>: its "
            f"subject is “OnTime Assist test message <b>{message.token}</b>” (sent "
            f"{test.at:%H:%M}). Then say where it is."
        )
        self._offer_imap(to_addr)
        self.sender_check.setVisible(True)
        self.setVisible(True)
        self.timer.start()
        self._tick()

    def _offer_imap(self, to_addr: str) -> None:
        # the IMAP look-up (imaplib, email): about 80 ms, only when offered
        from ontime_assist.engine.arrival.imap_lookup import imap_offer

        s = self.session
        own = {a.strip().lower() for a in (s.email, s.username) if "@" in a}
        offer = imap_offer(s.host, s.email or to_addr, s.provider_hint)
        if s.practice is not None:
            self.imap_why.setText(
                "In practice there is no mailbox to look in: the assistant cannot look for the "
                "message itself."
            )
            self._show_imap(False)
        elif not offer.offered:
            self.imap_why.setText(offer.why)
            self._show_imap(False)
        elif to_addr.strip().lower() not in own:
            self.imap_why.setText(
                "The assistant can look for the message itself only when it was sent to the "
                "account's own address: send the test to it to use that."
            )
            self._show_imap(False)
        else:
            self.imap_why.setText(
                "This account's mailbox can be read with the same password over IMAP: the "
                f"assistant can look for the message itself (read-only). Server: {offer.why}"
            )
            if not self.imap_host.text().strip():
                self.imap_host.setText(offer.host)
            self._show_imap(True)
        self.imap_box.setVisible(True)

    def _show_imap(self, offered: bool) -> None:
        for widget in (self.imap_form, self.look_button):
            widget.setVisible(offered)

    # --- the timer ------------------------------------------------------------------------

    def minutes(self) -> int:
        return max(0, int((self.clock() - self._sent_clock) // 60))

    @Slot()
    def _tick(self) -> None:
        minutes = self.minutes()
        self.elapsed.setText(
            f"Sent {minutes} minute{'s' if minutes != 1 else ''} ago."
            if minutes
            else "Sent less than a minute ago."
        )
        ready = minutes >= WAIT_MINUTES
        self.not_there.setEnabled(ready)
        if ready:
            self.not_there.setToolTip("")
        else:
            left = WAIT_MINUTES - minutes
            self.not_there.setToolTip(
                f"Mail can take a few minutes: this answer is possible in {left} minute"
                f"{'s' if left != 1 else ''}."
            )
            self.elapsed.setText(
                f"{self.elapsed.text()} “Not there” can be answered in {left} minute"
                f"{'s' if left != 1 else ''}."
            )

    # --- the answers ------------------------------------------------------------------------

    def _answer(self, answer: ArrivalAnswer, **more: object) -> None:
        check = self.session.answer_arrival(answer, waited_minutes=self.minutes(), **more)  # type: ignore[arg-type]
        if check is None:
            self.outcome.setText("No accepted test message to answer about: send one first.")
            return
        self._show(check)
        self.answered.emit(check)

    def _show(self, check: ArrivalCheck, *, scroll: bool = True) -> None:
        sender = latest_sender_check(self.session.sender_checks)
        # Escaped: a pasted bounce and the addresses are text, never markup.
        steps = "".join(f"<li>{escape(s)}</li>" for s in arrival_next_steps(check, sender))
        bounce = ""
        if check.bounce is not None:
            bounce = f"<br><b>The bounce:</b> {escape(check.bounce.title)}. "
            bounce += escape(check.bounce.detail)
        self.outcome.setText(
            f"<b>{escape(check.claim)}.</b><br>So {escape(verdict_words(check))}.{bounce}"
            + (f"<ul>{steps}</ul>" if steps else "")
        )
        if scroll:
            bring_into_view(self.outcome)

    @Slot()
    def _show_bounce(self) -> None:
        self.bounce_box.setVisible(True)
        self.bounce_text.setFocus()

    @Slot()
    def _explain_bounce(self) -> None:
        text = self.bounce_text.toPlainText()
        if not text.strip():
            self.outcome.setText("Paste the bounce message first.")
            return
        self._answer(ArrivalAnswer.BOUNCED, bounce_text=text)

    # --- the automatic look-up ------------------------------------------------------------------

    @Slot()
    def look_up(self) -> None:
        # the IMAP look-up (imaplib, email): about 80 ms, only when used
        from ontime_assist.engine.arrival.imap_lookup import ImapAccount, implicit_tls_for, look_up

        sent = self.session.sent_test()
        host = self.imap_host.text().strip()
        port_text = self.imap_port.text().strip()
        if sent is None or not host or not port_text.isdigit():
            self.imap_status.setText("Enter the IMAP server and its port (993 or 143).")
            return
        port = int(port_text)
        s = self.session
        account = ImapAccount(
            host,
            port,
            (s.username or s.email).strip(),
            s.authority_file(host),
            implicit_tls_for(port),
        )
        token = sent[1].token
        password = s.password
        self._looking_at = host
        self.look_button.setEnabled(False)
        self.imap_status.setText(f"Looking for {token} at {host}…")
        self.task.start(
            lambda cancel, _progress: look_up(account, password, token, cancel, LOOKUP_SECONDS)
        )

    def stop(self) -> None:
        self.sender_check.stop()
        if self.task.cancel():
            self.look_button.setEnabled(True)
            self.imap_status.setText("The look-up was stopped.")

    @Slot(object)
    def _looked_up(self, outcome: object) -> None:
        # the IMAP look-up (imaplib, email): about 80 ms, only when used
        from ontime_assist.engine.arrival.imap_lookup import LookupOutcome

        self.look_button.setEnabled(True)
        assert isinstance(outcome, LookupOutcome)
        if not outcome.completed:
            self.imap_status.setText(f"The look-up could not finish: {outcome.problem}")
            self.lookup_ended.emit(outcome.problem)
            return
        early = self.minutes() < WAIT_MINUTES
        answer = {"inbox": ArrivalAnswer.INBOX, "junk": ArrivalAnswer.JUNK}.get(
            outcome.found_in, ArrivalAnswer.NOT_YET if early else ArrivalAnswer.NOT_THERE
        )
        self.imap_status.setText(
            f"Searched {', '.join(outcome.searched)} at {outcome.host} (read-only)."
        )
        self._answer(
            answer,
            looked_at=outcome.host,
            folder=outcome.folder,
            searched=outcome.searched,
            at=dt.datetime.now().astimezone(),
        )
        self.lookup_ended.emit(outcome.found_in or "not found")

    @Slot(str)
    def _lookup_failed(self, message: str) -> None:
        self.look_button.setEnabled(True)
        self.imap_status.setText(message)
        self.lookup_ended.emit(message)

    # --- the sender checks ------------------------------------------------------------------

    def _sending_path(self) -> SendingPath | str:
        s = self.session
        sent = s.sent_test()
        if sent is None:
            return "No accepted test message: send one first."
        return sending_path(sent[0], sent[0].result.settings.from_addr, s.provider_hint)

    @Slot(object)
    def _sender_checked(self, done: object) -> None:
        if self.session.arrival:  # its next steps now name what was checked
            self._show(self.session.arrival[-1], scroll=False)
        bring_into_view(self.sender_check.outcome)
        self.sender_checked.emit(done)
