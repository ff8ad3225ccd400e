"""The summary's "Did the test message arrive?" section: every answer and look-up, each naming
the test that sent the message and when it was looked for, and every sender check (SPF, DKIM,
DMARC) with what it judged; practice labelled as practice. With sender checks but no answer
(step 1's check of the OnTime Mail Server, or step 4's before any answer), the section is
headed by the question those answer."""

from __future__ import annotations

from ontime_assist.case.model import Verdict
from ontime_assist.report.model import Section, Table

ARRIVAL = "Did the test message arrive?"
TRUSTED = "Will receivers trust the notifications?"


def arrival_section(verdict: Verdict) -> Section | None:
    checks = verdict.case.arrival
    senders = verdict.case.sender_checks
    if not checks and not senders:
        return None
    rows: list[tuple[str, str]] = []
    for check in checks:
        label = "Practice: " if check.practice else ""
        rows.append((f"{label}{check.token}", f"{check.claim}."))
        if check.bounce is not None:
            rows.append(("The bounce says", f"{check.bounce.title}. {check.bounce.detail}"))
    for sender in senders:
        label = "Practice: " if sender.practice else ""
        rows.append((f"{label}Sender authentication", f"{sender.claim}."))
    if not checks:
        return Section(TRUSTED, (Table(tuple(rows)),))
    last = checks[-1]
    rows.append(
        (
            "The test message",
            f"sent {last.sent_utc} to {last.to_addr}, subject containing {last.token}, "
            f"Message-ID {last.message_id}",
        )
    )
    return Section(ARRIVAL, (Table(tuple(rows)),))
