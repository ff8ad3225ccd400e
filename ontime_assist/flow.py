"""The wizard's flow without Qt: which step follows which answer, and what each step needs
before Next. The pages only show and collect; they ask this module where to go and whether
they may (Electrum's wizard engine is the model: valid and not busy, or Next stays off).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ontime_assist.case.answers import OnTimeServerOutcome
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.session import AssistantSession
from ontime_assist.steps import StepId, StepInfo, page_of

if TYPE_CHECKING:
    from ontime_assist.engine.findings import Finding

END = -1  # QWizard's "no next page"

_IN_ORDER = {
    StepId.CREDENTIALS: StepId.SERVER_SETTINGS,
    StepId.SERVER_SETTINGS: StepId.RELAY,
    StepId.RELAY: StepId.SUMMARY,
    StepId.NOTIFICATIONS: StepId.SUMMARY,
}


class Flow:
    def __init__(self, session: AssistantSession) -> None:
        self.session = session

    def next_step(self, current: StepId) -> StepId | None:
        """The step after `current` as things stand; None after the last."""
        s = self.session
        if current is StepId.WELCOME:
            return s.jump_to if s.jump_to is not None else StepId.ONTIME_SERVER
        if current is StepId.ONTIME_SERVER:
            if s.ontime_server is OnTimeServerOutcome.FAILED:
                return StepId.NOTIFICATIONS
            return StepId.CREDENTIALS
        return _IN_ORDER.get(current)

    def blocker(self, step: StepId, *, busy: bool = False) -> str | None:
        """Why Next is not possible yet on `step`, in words; None when it is."""
        if busy:
            return "A test is running: wait for it, or cancel it."
        s = self.session
        if step is StepId.ONTIME_SERVER and s.ontime_server is OnTimeServerOutcome.NOT_ANSWERED:
            return "Answer whether the notifications went out through the OnTime Mail Server."
        if step is StepId.SERVER_SETTINGS:
            # not before the first window: the settings' rules, about 4 ms
            from ontime_assist.engine.check.settings import validate_host, validate_port

            return _field_problem(s.host, validate_host) or _field_problem(s.port, validate_port)
        return None

    def practice_question(self) -> str | None:
        """The question to ask before practice starts in the middle of a real run (something
        tested, explained, looked up or a password typed); None when nothing would be lost."""
        s = self.session
        if s.practice is not None or not (s.has_work() or s.password):
            return None
        return (
            "Start practice now? What this run has tested and entered is put aside: practice "
            "replaces it with a practice account."
        )

    def step_for_problem(self, findings: list[Finding]) -> StepInfo | None:
        """Where the first problem among `findings` is looked at (the welcome page's "go to
        the step"); None when there is no problem."""
        from ontime_assist.engine.findings import root_cause  # not loaded before a problem

        root = root_cause(findings)
        if root is None:
            return None
        return page_of(root.step)


def _field_problem(text: str, validate: Callable[[str], object]) -> str | None:
    if not text.strip():
        return None  # empty is allowed: the page says what is missing where it is needed
    try:
        validate(text)
    except SettingsError as exc:
        return exc.message
    return None
