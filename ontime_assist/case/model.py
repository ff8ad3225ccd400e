"""The whole case as the assistant knows it (`Case`), and what it concludes (`Verdict`).

A Case is what the user answered and what the tests found, step by step; a Verdict is the one
reading of it that every page and every summary shows: the real cause, who must act, what to
do next, and what a pass from this computer does not prove. Nothing here knows about Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from ontime_assist.case.answers import OnTimeServerOutcome as OnTimeServerOutcome
from ontime_assist.case.arrival import ArrivalCheck, SenderCheck
from ontime_assist.case.record import TestRecord, records_from_results
from ontime_assist.engine.check.settings import Security
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import Actor, Finding
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.steps import TESTED_STEPS, StepInfo

if TYPE_CHECKING:
    from ontime_assist.engine.check.result import CheckResult
    from ontime_assist.engine.discovery.outcome import Discovery


class Audience(StrEnum):
    PROVIDER = "provider"  # the email provider or mail administrator
    ONTIME_SUPPORT = "ontime_support"


@dataclass(frozen=True)
class NotificationCheck:
    """One of the checks on the "not your mail server" page, and the user's answer."""

    question: str
    answer: str  # "yes", "no" or "not checked"


@dataclass(frozen=True)
class TrustedAuthority:
    """A certificate authority file the user chose to trust for one server."""

    host: str
    path: str
    subject: str
    fingerprint: str


@dataclass(frozen=True)
class Case:
    """Given either `tests` (the run's record of evidence, as the session keeps it) or
    `results` (one result per step, as tests make them); each is filled from the other, so
    everything downstream reads one record."""

    results: Mapping[Step, CheckResult] = field(default_factory=dict)
    ontime_server: OnTimeServerOutcome = OnTimeServerOutcome.NOT_ANSWERED
    discovery: Discovery | None = None
    explained: tuple[Finding, ...] = ()  # from an error message the user pasted
    windows_auth: bool = False  # as OnTime's "Use Windows Authentication" box is
    notification_checks: tuple[NotificationCheck, ...] = ()
    switched_at: dt.datetime | None = None  # when OnTime was switched to its own mail server
    test_notification_at: dt.datetime | None = None  # when a test notification was sent
    trusted_authority: TrustedAuthority | None = None
    secrets: tuple[Redactor, ...] = ()  # anything more to keep out of what is shown
    tests: tuple[TestRecord, ...] = ()  # every test of the run, in the order they ran
    practice: bool = False  # the run is practice: nothing of it is a real account
    log_file: str = ""  # the log this run writes, named for support ("" when none)
    arrival: tuple[ArrivalCheck, ...] = ()  # did step 4's test message arrive, as answered
    sender_checks: tuple[SenderCheck, ...] = ()  # SPF/DKIM/DMARC, checked after junk

    def __post_init__(self) -> None:
        if not self.tests and self.results:
            object.__setattr__(self, "tests", records_from_results(dict(self.results)))
        elif self.tests and not self.results:
            latest = {r.step: r.result for r in self.tests if r.current}
            object.__setattr__(self, "results", {k: latest[k] for k in TESTED_STEPS if k in latest})

    def record_of(self, result: CheckResult) -> TestRecord | None:
        return next((r for r in reversed(self.tests) if r.result is result), None)

    @property
    def current_tests(self) -> tuple[TestRecord, ...]:
        """The tests whose settings are still the ones entered, the step's latest of each."""
        return tuple(r for r in self.tests if r.current and self.results.get(r.step) is r.result)

    def ordered_results(self) -> list[tuple[Step, CheckResult]]:
        """The results in the order of the article's steps."""
        return [(key, self.results[key]) for key in TESTED_STEPS if key in self.results]


@dataclass(frozen=True)
class OnTimeSettings:
    """What to type into OnTime (Other Mail Server), and how sure we are of it."""

    host: str
    port: int
    security: Security
    username: str
    from_addr: str
    tested: bool  # True: these exact settings passed a live test here
    note: str = ""  # a caveat worth reading before typing them in
    usable_by_ontime: bool = True  # False: they work here, but OnTime probably cannot use them
    source: str = ""  # the test they rest on ("step 3 at 10:42"), "" when none
    authority: str = ""  # a certificate authority the user added, which the test needed


@dataclass(frozen=True)
class Advice:
    """One thing to do or check, with the particulars under it."""

    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepOutcome:
    step: StepInfo
    outcome: str
    rests_on: TestRecord | None = None  # the test the outcome names; None: not tested


@dataclass(frozen=True)
class Verdict:
    case: Case
    audience: Audience
    root: Finding | None  # the real cause; None when nothing is wrong
    who: Actor
    headline: str  # what works (or fails) from this computer
    for_ontime: str  # what OnTime can use: a separate conclusion ("" when nothing passed)
    findings: tuple[Finding, ...]  # the root first, then the rest, most important first
    next_steps: tuple[str, ...]
    requests: tuple[str, ...]  # what to ask the provider or administrator
    ontime_settings: OnTimeSettings | None
    still_failing: tuple[Advice, ...]  # when this computer passes but OnTime still fails
    steps: tuple[StepOutcome, ...]
    tested: CheckResult | None  # the test whose settings and conversation are reported
    redactor: Redactor = field(repr=False)
