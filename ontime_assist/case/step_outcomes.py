""" "What was tried", one line per step of the article, from every test that touched it: the
sign-in is tested on step 2, but also by the tests of steps 3 and 4."""

from __future__ import annotations

from ontime_assist.case.model import Case, OnTimeServerOutcome, StepOutcome
from ontime_assist.engine.findings import Step
from ontime_assist.engine.result import CheckResult
from ontime_assist.steps import STEPS, StepId, StepTest, step_of_test

_ONTIME_ANSWERS = {
    OnTimeServerOutcome.NOT_ANSWERED: "Not done.",
    OnTimeServerOutcome.NOT_TRIED: "Not tried (OnTime could not be switched at the time).",
    OnTimeServerOutcome.FAILED: "Notifications did not go out through the OnTime Mail Server "
    "either.",
}

# The stages that belong to each tested step.
_STAGES = {
    StepTest.CREDENTIALS: ("auth",),
    StepTest.SERVER_SETTINGS: ("dns", "connect", "greeting", "ehlo", "tls"),
    StepTest.RELAY: ("mail", "rcpt", "data"),
}


def step_outcomes(case: Case) -> list[StepOutcome]:
    rows = [StepOutcome(STEPS[StepId.ONTIME_SERVER], _ontime_answer(case))]
    for key in StepTest:
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


def _tested(case: Case, key: StepTest) -> str:
    """From the step's own test if it ran, else from a later test that covered its stages."""
    own = case.result(key)
    sources = [own] if own is not None else []
    sources += [r for k, r in case.ordered_results() if k is not key]
    for result in sources:
        said = _covered(result, key)
        if said:
            where = "" if result is own else f" on {_step_name(result, case)}"
            return f"Tested{where}: {said}."
    for result in sources:
        if key is StepTest.CREDENTIALS and result.stage("auth").status == "skipped":
            reason = result.stage("auth").detail
            if reason != "not reached":
                return f"Not tested: {reason.split(':')[0]}."
    return "Not tested."


def _covered(result: CheckResult, key: StepTest) -> str:
    stages = [result.stage(name) for name in _STAGES[key]]
    ran = [s for s in stages if s.status in ("ok", "failed")]
    if not ran:
        return ""
    failed = [s for s in ran if s.status == "failed"]
    root = result.root_cause
    if failed and root is not None:
        return root.title
    if key is StepTest.CREDENTIALS:
        return f"signed in as {result.settings.username}"
    if key is StepTest.SERVER_SETTINGS:
        return "the server answers and encryption works"
    if root is not None and root.step is Step.RELAY:
        return root.title
    return f"the server accepts mail to {result.settings.to_addr or 'an outside address'}"


def _step_name(result: CheckResult, case: Case) -> str:
    key = next(k for k, r in case.results.items() if r is result)
    return f"step {step_of_test(StepTest(key)).number}"
