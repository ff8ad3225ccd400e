"""The record of evidence: every test the run made, in order, with the settings it used (never
the password), which stages it reached and what they showed, when, which step ran it, and
whether it was practice. The verdict and every sentence of the summary are read from these
records alone; a sentence that rests on a test names it ("Tested on step 3 at 10:42: …").

What each step's question is answered by, in stages: the sign-in (step 2) by the login; the
server settings (step 3) by reaching the server and encrypting; the relay (step 4) only by a
recipient given to the server (RCPT), or a From address it refused. Step 3's own test says
MAIL FROM and then RSET, without a recipient: it never tests relay to an outside address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ontime_assist.engine.check.result import CheckResult, Stage
from ontime_assist.engine.check.settings import Security
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import Finding
from ontime_assist.steps import TESTED_STEPS, page_of

# The stages that answer each step's question.
STEP_STAGES = {
    Step.CREDENTIALS: ("auth",),
    Step.SERVER_SETTINGS: ("dns", "connect", "greeting", "ehlo", "tls"),
    Step.RELAY: ("rcpt", "data"),
}
RAN = ("ok", "failed")


@dataclass(frozen=True)
class TestRecord:
    """One test of the run. `result` holds its stages, findings and conversation (the password
    removed from all of them); nothing here holds the password."""

    __test__ = False  # a record of a mail test, not a test for pytest to collect

    number: int  # 1, 2, … in the order the tests ran
    step: Step  # the step whose button ran it
    result: CheckResult
    at: dt.datetime | None = None  # when it finished (None: a case made without a clock)
    practice: bool = False  # against the practice server
    current: bool = True  # made with the settings as they are now
    authority: str = ""  # the certificate authority also trusted for it, by subject
    command_line: bool = False  # run by `check`, not by a step of the wizard

    @property
    def settings_words(self) -> str:
        """ "smtp.example.com port 587 with STARTTLS, as dispatch@x" (the security it used)."""
        s = self.result.settings
        kind = {
            Security.STARTTLS: "STARTTLS",
            Security.SSL: "SSL from the first byte",
            Security.NONE: "no encryption",
        }.get(self.result.security_used, "encryption found out automatically")
        who = f", as {s.username}" if s.username else ", without a login"
        return f"{s.host} port {s.port} with {kind}{who}"

    @property
    def source(self) -> str:
        """ "step 3 at 10:42" — how a sentence names the test it rests on."""
        if self.command_line:
            return "the command line"
        number = page_of(self.step).number
        when = f" at {self.at:%H:%M}" if self.at is not None else ""
        return f"step {number}{when}"

    def stage(self, name: str) -> Stage:
        return self.result.stage(name)

    def ran(self, name: str) -> bool:
        return self.stage(name).status in RAN

    def passed(self, name: str) -> bool:
        return self.stage(name).status == "ok"

    def covers(self, key: Step) -> bool:
        """Whether this test answered `key`'s question (passed or failed)."""
        if key is Step.RELAY and self.stage("mail").status == "failed":
            return True  # the From address refused: the account's configuration, step 4
        return any(self.ran(name) for name in STEP_STAGES[key])

    @property
    def stopped_at(self) -> str:
        """The stage where the test stopped, "" when none failed."""
        return next((s.name for s in self.result.stages if s.status == "failed"), "")

    @property
    def root(self) -> Finding | None:
        return self.result.root_cause

    @property
    def relayed_to(self) -> str:
        """The outside address the server accepted a message for ("" when none was)."""
        if self.passed("rcpt"):
            return self.result.settings.to_addr
        return ""

    @property
    def signed_in(self) -> bool:
        return self.passed("auth")


def records_from_results(results: dict[Step, CheckResult]) -> tuple[TestRecord, ...]:
    """Records for results given without a record (tests make cases so): in step order,
    without times, all current."""
    return tuple(
        TestRecord(number, key, results[key])
        for number, key in enumerate((k for k in TESTED_STEPS if k in results), start=1)
    )
