""" "What was tried", one line per step of the article, each from the record of the tests: the
test that answered the step's question, named ("Tested on step 3 at 10:42: …"), or "Not tested"
when none did. A step whose own test ran but stopped before reaching its question says where it
stopped, never "Not tested"."""

from __future__ import annotations

from ontime_assist.case.model import Case, OnTimeServerOutcome, StepOutcome
from ontime_assist.case.record import STEP_STAGES, TestRecord
from ontime_assist.engine.check.stages import STAGES
from ontime_assist.engine.findings import Step
from ontime_assist.steps import STEPS, TESTED_STEPS, StepId, page_of

_ONTIME_ANSWERS = {
    OnTimeServerOutcome.NOT_ANSWERED: "Not done.",
    OnTimeServerOutcome.NOT_TRIED: "Not tried (OnTime could not be switched at the time).",
    OnTimeServerOutcome.FAILED: "Notifications did not go out through the OnTime Mail Server "
    "either.",
}
_NOT_TESTED = {
    Step.CREDENTIALS: "Not tested: no test reached the sign-in.",
    Step.SERVER_SETTINGS: "Not tested.",
    # True whichever tests ran: steps 2 and 3 stop before a recipient (not only step 3's).
    Step.RELAY: "Not tested: no test message was sent to an outside address (only step 4's "
    "test names a recipient).",
}
_NOT_TESTED_BY_CHECK = (
    "Not tested: no test message was sent to an outside address (the command-line check "
    "sends one only when given --to)."
)


def step_outcomes(case: Case) -> list[StepOutcome]:
    rows = [StepOutcome(STEPS[StepId.ONTIME_SERVER], _ontime_answer(case))]
    for key in TESTED_STEPS:
        rows.append(tested(case, key))
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


def tested(case: Case, key: Step) -> StepOutcome:
    """The step's own current test if it answered the question, else the latest current test
    of another step that did; else, if the step's own test ran, where it stopped."""
    info = page_of(key)
    current = case.current_tests
    own = next((r for r in current if r.step is key), None)
    answering = [r for r in current if r.covers(key)]
    answering.sort(key=lambda r: (r is not own, -r.number))
    if answering:
        record = answering[0]
        return StepOutcome(
            info,
            f"Tested on {record.source}{_to(record, key)}: {_what_it_showed(record, key)}.",
            record,
        )
    if own is not None:
        return StepOutcome(
            info, f"Tested on {own.source}{_to(own, key)}: {_stopped(own, key)}.", own
        )
    if key is Step.CREDENTIALS:
        reason = next(
            (
                r.stage("auth").detail
                for r in current
                if r.stage("auth").status == "skipped"
                and r.stage("auth").detail not in ("not reached", "")
            ),
            "",
        )
        if reason:
            return StepOutcome(info, f"Not tested: {reason.split(':')[0]}.")
    before = earlier_answer(case, key)
    if before is not None:  # answered with other settings: said, not "not tested" alone
        return StepOutcome(
            info, f"Not tested with the settings as they are now. {before_words(before, key)}"
        )
    if key is Step.RELAY and any(r.command_line for r in current):
        return StepOutcome(info, _NOT_TESTED_BY_CHECK)
    return StepOutcome(info, _NOT_TESTED[key])


def earlier_answer(case: Case, key: Step) -> TestRecord | None:
    """The latest test that answered `key`'s question with settings other than today's."""
    current = case.current_tests
    return next((r for r in reversed(case.tests) if r not in current and r.covers(key)), None)


def before_words(record: TestRecord, key: Step) -> str:
    """ "Earlier, on step 4 at 10:42 (… port 587 with STARTTLS …): <what it showed>." """
    to_addr = record.result.settings.to_addr if key is Step.RELAY else ""
    to = f", test message to {to_addr}" if to_addr else ""
    return f"Earlier, on {record.source} ({record.settings_words}{to}): {showed(record, key)}."


def showed(record: TestRecord, key: Step) -> str:
    """What the test showed of `key`'s question, in a few words."""
    return _what_it_showed(record, key)


def _to(record: TestRecord, key: Step) -> str:
    to_addr = record.result.settings.to_addr
    return f" (test message to {to_addr})" if key is Step.RELAY and to_addr else ""


def _what_it_showed(record: TestRecord, key: Step) -> str:
    failed = [n for n in _question_stages(key) if record.stage(n).status == "failed"]
    root = record.root
    if failed and root is not None:
        return root.title
    if key is Step.CREDENTIALS:
        return f"signed in as {record.result.settings.username}"
    if key is Step.SERVER_SETTINGS:
        if record.passed("tls"):
            return "the server answers and encryption works"
        if record.passed("greeting"):
            return "the server answers"
        return root.title if root is not None else "the server was reached"
    if root is not None and root.step is Step.RELAY:
        return root.title
    return "the server accepted it"


def _question_stages(key: Step) -> tuple[str, ...]:
    return (*STEP_STAGES[key], "mail") if key is Step.RELAY else STEP_STAGES[key]


def _stopped(record: TestRecord, key: Step) -> str:
    """The step's own test ran but stopped before its question: where, and why."""
    where = record.stopped_at
    root = record.root
    why = f" ({root.title})" if root is not None else ""
    if key is Step.RELAY:
        tail = "; no message was sent"
    elif key is Step.CREDENTIALS:
        tail = "; the password was not tried"
    else:
        tail = ""
    if where:
        return f"stopped at {STAGES[where].stopped_at}{why}, before this step's check{tail}"
    return f"did not reach this step's check{why}{tail}"
