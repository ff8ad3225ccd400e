"""What the session keeps about each test, and about practice: plain records, compared and
read but never shown (the inputs hold the password)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.redaction.secret import Secret

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from ontime_assist.engine.check.result import CheckResult
    from ontime_assist.engine.findings import Finding


class CheckInputs(NamedTuple):
    """Everything a test's outcome depends on. Compared, never shown (it holds the password)."""

    host: str
    port: str
    security: str
    username: str
    password: Secret  # its repr is "[hidden]"
    cafile: str | None
    from_addr: str = ""
    to_addr: str = ""

    def changes_since(self, before: CheckInputs) -> list[str]:
        """What differs, in words ("port 10025 → 10587"), never showing the password."""
        out = []
        for name, words in (
            ("host", "server"),
            ("port", "port"),
            ("security", "encryption"),
            ("username", "user name"),
            ("from_addr", "From address"),
            ("to_addr", "test recipient"),
        ):
            old, new = getattr(before, name), getattr(self, name)
            if old != new:
                out.append(f"{words} {old or '(empty)'} → {new or '(empty)'}")
        if before.password != self.password:
            out.append("password")
        if before.cafile != self.cafile:
            out.append("trusted certificate authority")
        return out


class CheckRecord(NamedTuple):
    result: CheckResult
    inputs: CheckInputs


class Evidence(NamedTuple):
    """One test as it ran: the session's side of a case.record.TestRecord. It keeps no inputs,
    so never the password: whether a test is still current is read from the step's record."""

    number: int
    key: Step
    result: CheckResult
    at: dt.datetime
    practice: bool
    authority: str  # the subject of the authority also trusted for the test's server


class Practice(NamedTuple):
    """The practice server, as the session needs to know it."""

    cafile: str  # the practice authority: trusted for the practice server only
    starttls_port: int  # plays the part of 587
    implicit_port: int  # plays the part of 465


PRACTICE_NO_KEYRING = (
    "Practice mode: the password store is not used (the practice password is never saved)."
)


def redacted_finding(finding: Finding, redact: Callable[[str], str]) -> Finding:
    """A finding from a pasted text, without the run's secrets in what it quotes."""
    reply = finding.reply
    if reply is not None:
        reply = reply._replace(
            text=redact(reply.text), lines=tuple(redact(line) for line in reply.lines)
        )
    return finding._replace(detail=redact(finding.detail), fix=redact(finding.fix), reply=reply)


class HeldSecrets:
    """The passwords a run has given up, to keep out of every text. A password typed key by
    key passes through its beginnings ("p", "pa", "pas", …): those are not passwords the run
    held, and keeping them would cut "pas" out of every "password" in the summary. The one
    entered is kept when it is given up: replaced whole (pasted, remembered, practice),
    shortened (a key erased), or used by a test."""

    def __init__(self) -> None:
        self._kept: list[Secret] = []

    def replaced(self, before: Secret | None, after: Secret) -> None:
        if before and not _typed_on(before.reveal(), after.reveal()):
            self.keep(before)

    def keep(self, secret: Secret) -> None:
        # Erasing key by key gives up "password1", then "password", …: only the first is new.
        text = secret.reveal()
        if text and not any(kept.reveal().startswith(text) for kept in self._kept):
            self._kept.append(secret)

    def known(self, current: Secret) -> list[str]:
        return [secret.reveal() for secret in (*self._kept, current) if secret]


def _typed_on(before: str, after: str) -> bool:
    """Whether `after` is `before` with keys typed at its end (not erased, not replaced)."""
    return len(after) > len(before) and after.startswith(before)
