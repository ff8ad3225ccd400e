""" "What was tried", one line per step of the article, from every test that touched it: the
sign-in is tested on step 2, but also by the tests of steps 3 and 4."""

from __future__ import annotations

from ontime_assist.case.model import Case, OnTimeServerOutcome, StepOutcome
from ontime_assist.engine.findings import Step
from ontime_assist.engine.result import CheckResult
from ontime_assist.steps import STEPS, StepId, TestKey, step_of_test

_ONTIME_ANSWERS = {
    OnTimeServerOutcome.NOT_ANSWERED: "Not done.",
    OnTimeServerOutcome.NOT_TRIED: "Not tried (OnTime could not be switched at the time).",
    OnTimeServerOutcome.FAILED: "Notifications did not go out through the OnTime Mail Server "
    "either.",
}

# The stages that belong to each tested step.
_STAGES = {
    TestKey.CREDENTIALS: ("auth",),
    TestKey.SERVER_SETTINGS: ("dns", "connect", "greeting", "ehlo", "tls"),
    TestKey.RELAY: ("mail", "rcpt", "data"),
}
_NAMES = {
    TestKey.CREDENTIALS: "the sign-in",
    TestKey.SERVER_SETTINGS: "the server settings",
    TestKey.RELAY: "sending to an outside address",
}


def step_outcomes(case: Case) -> list[StepOutcome]:
    rows = [StepOutcome(STEPS[StepId.ONTIME_SERVER], _ontime_answer(case))]
    for key in TestKey:
        rows.append(StepOutcome(step_of_test(key), _tested(case, key)))
    return rows


def _ontime_answer(case: Case) -> str:
    if case.ontime_server is not OnTimeServerOutcome.WORKED:
        return _ONTIME_ANSWERS[case.ontime_server]
    if any(r.ok for r in case.results.values()):
        return (
            "Notifications went out through the OnTime Mail Server: OnTime itself works, so "
            "what differs is the mail account or how OnTime reaches it."
        )
    return (
        "Notifications went out through the OnTime Mail Server: OnTime itself works; the "
        "problem is with our own mail account or its settings."
    )


def _tested(case: Case, key: TestKey) -> str:
    """From the step's own test if it ran, else from a later test that covered its stages."""
    own = case.result(key)
    sources = [own] if own is not None else []
    sources += [r for k, r in case.ordered_results() if k is not key]
    for result in sources:
        line = _covered(result, key)
        if line:
            where = "" if result is own else f" (tested on {_step_name(result, case)})"
            return line + where
    return "Not tested."


def _covered(result: CheckResult, key: TestKey) -> str:
    stages = [result.stage(name) for name in _STAGES[key]]
    ran = [s for s in stages if s.status in ("ok", "failed")]
    if not ran:
        return ""
    failed = [s for s in ran if s.status == "failed"]
    root = result.root_cause
    if failed and root is not None:
        return f"Tested: {root.title}."
    if key is TestKey.CREDENTIALS:
        return f"Tested: signed in as {result.settings.username}."
    if key is TestKey.SERVER_SETTINGS:
        return "Tested: the server answers and encryption works."
    if root is not None and root.step is Step.RELAY:
        return f"Tested: {root.title}."
    return f"Tested: the server accepts mail to {result.settings.to_addr or 'an outside address'}."


def _step_name(result: CheckResult, case: Case) -> str:
    key = next(k for k, r in case.results.items() if r is result)
    info = step_of_test(TestKey(key))
    return f"step {info.number}"
