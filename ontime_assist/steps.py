"""The steps of Vesigo's troubleshooting article, defined once.

A step is one `Step` (engine/finding_kinds.py, so the engine's findings can name it too; its
strings are the catalog's "step" values): the finding catalog, a test's record, the session's
results and the summary's "What was tried" all key on it. Here are the wizard's pages
(`StepId`), each with its title and the step it is, for the page titles and order, the
catalog's document and the welcome page's "go to the step".
"""

from __future__ import annotations

from enum import IntEnum
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


# The article's steps that run a live test, in the article's order; a test's result is kept
# under its step.
TESTED_STEPS = (Step.CREDENTIALS, Step.SERVER_SETTINGS, Step.RELAY)


class StepInfo(NamedTuple):
    id: StepId
    number: int | None  # the article's step number, None for pages outside its five steps
    title: str
    step: Step | None  # the article's step this page is (it explains that step's findings)

    @property
    def tested(self) -> bool:
        """Whether this page runs a live test (kept under its step)."""
        return self.step in TESTED_STEPS

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
        StepInfo(StepId.CREDENTIALS, 2, "Account credentials", Step.CREDENTIALS),
        StepInfo(StepId.SERVER_SETTINGS, 3, "Mail server settings", Step.SERVER_SETTINGS),
        StepInfo(StepId.RELAY, 4, "Account configuration (SMTP relay)", Step.RELAY),
        StepInfo(StepId.SUMMARY, 5, "Summary for your provider", Step.PROVIDER),
    )
}


def page_of(step: Step) -> StepInfo:
    """The page of an article step: where its findings are explained and its test is run."""
    return next(info for info in STEPS.values() if info.step is step)
