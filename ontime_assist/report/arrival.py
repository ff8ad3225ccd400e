"""The summary's "Did the test message arrive?" section: every answer and look-up, each naming
the test that sent the message and when it was looked for; practice labelled as practice."""

from __future__ import annotations

from ontime_assist.case.model import Verdict
from ontime_assist.report.model import Section, Table

ARRIVAL = "Did the test message arrive?"


def arrival_section(verdict: Verdict) -> Section | None:
    checks = verdict.case.arrival
    if not checks:
        return None
    rows: list[tuple[str, str]] = []
    for check in checks:
        label = "Practice: " if check.practice else ""
        rows.append((f"{label}{check.token}", f"{check.claim}."))
        if check.bounce is not None:
            rows.append(("The bounce says", f"{check.bounce.title}. {check.bounce.detail}"))
    for sender in verdict.case.sender_checks:
        label = "Practice: " if sender.practice else ""
        rows.append((f"{label}Sender authentication", f"{sender.claim}."))
    last = checks[-1]
    rows.append(
        (
            "The test message",
            f"sent {last.sent_utc} to {last.to_addr}, subject containing {last.token}, "
            f"Message-ID {last.message_id}",
        )
    )
    return Section(ARRIVAL, (Table(tuple(rows)),))
