"""The steps of Vesigo's troubleshooting article, defined once.

Everything that names a step reads it from here: the wizard's page titles and order, the
finding catalog's document, the summary's "What was tried", the welcome page's "go to the step".
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import NamedTuple

from ontime_assist.engine.finding_kinds import Step


class StepId(IntEnum):
    """The wizard's pages (QWizard page ids), in the order of the article."""

    WELCOME = 0
    ONTIME_SERVER = 1  # article step 1: try the OnTime Mail Server
    NOTIFICATIONS = 2  # branch: the OnTime Mail Server failed too
    CREDENTIALS = 3  # article step 2
    SERVER_SETTINGS = 4  # article step 3
    RELAY = 5  # article step 4
    SUMMARY = 6  # article step 5: contact the provider


class StepTest(StrEnum):
    """The steps that run a live test; a test's result is kept under its step's key."""

    CREDENTIALS = "credentials"
    SERVER_SETTINGS = "server_settings"
    RELAY = "relay"


class StepInfo(NamedTuple):
    id: StepId
    number: int | None  # the article's step number, None for pages outside its five steps
    title: str
    findings: Step | None  # the catalog step whose findings this page explains
    test: StepTest | None = None

    @property
    def heading(self) -> str:
        """The page title: "Step 2 of 5: Account credentials"."""
        if self.number is None:
            return self.title
        return f"Step {self.number} of {ARTICLE_STEPS}: {self.title}"


ARTICLE_STEPS = 5

STEPS: dict[StepId, StepInfo] = {
    info.id: info
    for info in (
        StepInfo(StepId.WELCOME, None, "Why are OnTime's notification emails not going out?", None),
        StepInfo(StepId.ONTIME_SERVER, 1, "Try the OnTime Mail Server", Step.ONTIME_MAIL_SERVER),
        StepInfo(StepId.NOTIFICATIONS, None, "The problem is not your mail server", None),
        StepInfo(
            StepId.CREDENTIALS, 2, "Account credentials", Step.CREDENTIALS, StepTest.CREDENTIALS
        ),
        StepInfo(
            StepId.SERVER_SETTINGS,
            3,
            "Mail server settings",
            Step.SERVER_SETTINGS,
            StepTest.SERVER_SETTINGS,
        ),
        StepInfo(StepId.RELAY, 4, "Account configuration (SMTP relay)", Step.RELAY, StepTest.RELAY),
        StepInfo(StepId.SUMMARY, 5, "Summary for your provider", Step.PROVIDER),
    )
}

TEST_STEPS: tuple[StepInfo, ...] = tuple(info for info in STEPS.values() if info.test is not None)


def step_for_findings(step: Step) -> StepInfo:
    """The page that explains findings of a catalog step."""
    return next(info for info in STEPS.values() if info.findings is step)


def step_of_test(key: StepTest) -> StepInfo:
    return next(info for info in TEST_STEPS if info.test is key)
