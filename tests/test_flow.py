"""The wizard's flow without a display: where each answer leads, what each step needs before
Next, and that results belong to the settings they were made with."""

from __future__ import annotations

import sys

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import make
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.flow import Flow
from ontime_assist.session import AssistantSession
from ontime_assist.steps import STEPS, StepId, page_of
from tests.report_cases import result


def test_the_article_order_and_the_branch() -> None:
    session = AssistantSession()
    flow = Flow(session)
    assert flow.next_step(StepId.WELCOME) is StepId.ONTIME_SERVER
    for answer, following in (
        (OnTimeServerOutcome.WORKED, StepId.CREDENTIALS),
        (OnTimeServerOutcome.NOT_TRIED, StepId.CREDENTIALS),
        (OnTimeServerOutcome.FAILED, StepId.NOTIFICATIONS),
    ):
        session.ontime_server = answer
        assert flow.next_step(StepId.ONTIME_SERVER) is following
    assert flow.next_step(StepId.NOTIFICATIONS) is StepId.SUMMARY
    assert flow.next_step(StepId.CREDENTIALS) is StepId.SERVER_SETTINGS
    assert flow.next_step(StepId.SERVER_SETTINGS) is StepId.RELAY
    assert flow.next_step(StepId.RELAY) is StepId.SUMMARY
    assert flow.next_step(StepId.SUMMARY) is None


def test_a_pasted_message_jumps_to_its_step_once() -> None:
    session = AssistantSession(jump_to=StepId.RELAY)
    assert Flow(session).next_step(StepId.WELCOME) is StepId.RELAY


def test_what_each_step_needs_before_next() -> None:
    session = AssistantSession()
    flow = Flow(session)
    assert "Answer" in (flow.blocker(StepId.ONTIME_SERVER) or "")
    session.ontime_server = OnTimeServerOutcome.NOT_TRIED
    assert flow.blocker(StepId.ONTIME_SERVER) is None
    session.host, session.port = "https://smtp.office365.com/", "587"
    assert "web address" in (flow.blocker(StepId.SERVER_SETTINGS) or "")
    session.host, session.port = "smtp.office365.com", "58a"
    assert "number" in (flow.blocker(StepId.SERVER_SETTINGS) or "")
    session.port = "587"
    assert flow.blocker(StepId.SERVER_SETTINGS) is None
    assert "running" in (flow.blocker(StepId.CREDENTIALS, busy=True) or "")


def test_results_belong_to_the_settings_they_were_made_with() -> None:
    session = AssistantSession(
        host="smtp.example.com", port="587", username="a@b.example", password=Secret("one-pass")
    )
    made = result(host="smtp.example.com")
    session.record(Step.CREDENTIALS, made, session.inputs(Step.CREDENTIALS))
    assert session.result(Step.CREDENTIALS) is made
    session.port = "465"
    assert session.result(Step.CREDENTIALS) is None
    assert session.outdated(Step.CREDENTIALS) == ["port 587 → 465"]
    session.port = "587"
    session.password = Secret("another-pass")
    changes = session.outdated(Step.CREDENTIALS)
    assert changes == ["password"] and "another" not in " ".join(changes)
    session.password = Secret("one-pass")
    assert session.result(Step.CREDENTIALS) is made
    # The relay test also depends on the addresses; the sign-in test does not.
    session.record(Step.RELAY, made, session.inputs(Step.RELAY))
    session.to_addr = "someone@example.org"
    assert session.result(Step.RELAY) is None
    assert session.result(Step.CREDENTIALS) is made


def test_every_step_with_findings_has_its_page_and_every_finding_a_step() -> None:
    from ontime_assist.engine.findings import catalog

    for entry in catalog().values():
        page = page_of(entry.step)
        assert page.step is entry.step
        assert STEPS[page.id] is page
    assert page_of(make("auth.failed").step).id is StepId.CREDENTIALS


def test_the_flow_needs_no_qt() -> None:
    import subprocess

    code = (
        "import sys, ontime_assist.flow, ontime_assist.session, ontime_assist.case;"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
