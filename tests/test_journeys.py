"""A headless property test: random journeys through the flow and the session (any order of
pages, Back, edits, practice situations, tests against the practice server on loopback), and
every claim of the summary checked against the tests that were actually recorded.

The claims are checked from the recorded stages directly, not through the case's own reading
of them: "Tested on step 3 at 10:42" must name a test of this run at that time; "Not tested"
must be said only where no current test reached the step's question; "works" only where a
current test got that far."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import cast

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from ontime_assist.case import OnTimeServerOutcome, judge
from ontime_assist.demo import DEMO_PASSWORD, DemoServer, Situation, apply_situation
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.flow import Flow
from ontime_assist.report.build import TRIED, build_report
from ontime_assist.report.html import render_html
from ontime_assist.report.markdown import render_markdown
from ontime_assist.report.text import render_text
from ontime_assist.session import AssistantSession
from ontime_assist.steps import STEPS, TESTED_STEPS, StepId

START = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
TESTED_AT = re.compile(r"[Tt]ested on step (\d) at (\d\d:\d\d)")
WRONG_PASSWORD = "Not-The-Pass-97"
RAN = ("ok", "failed")

# How the practice account may be set: (port kind, OnTime's SSL setting).
PORTS = (("starttls", "starttls"), ("implicit", "ssl"), ("implicit", "starttls"))


@pytest.fixture(scope="module")
def practice_server() -> Iterator[DemoServer]:
    server = DemoServer()
    server.start()
    yield server
    server.stop()


class Recorder:
    """Runs each distinct test once against the practice server and replays it: a journey
    records the very result the live test gave for those settings."""

    def __init__(self, server: DemoServer) -> None:
        self.server = server
        self.made: dict[tuple[object, ...], CheckResult] = {}

    def run(self, session: AssistantSession, key: Step) -> CheckResult:
        inputs = session.inputs(key)
        mixup = inputs.port == str(self.server.implicit_port) and inputs.security == "starttls"
        ident: tuple[object, ...] = (
            ("mixup", key)
            if mixup
            else (
                self.server.situation,
                key,
                inputs.port,
                inputs.security,
                inputs.password.reveal(),
                inputs.to_addr,
            )
        )
        if ident not in self.made:
            self.made[ident] = run_check(session.mail_settings(key, timeout=3), inputs.password)
        return self.made[ident]


STEP_PAGE_IDS = (StepId.CREDENTIALS, StepId.SERVER_SETTINGS, StepId.RELAY)
ACTIONS = st.one_of(
    st.tuples(st.just("situation"), st.sampled_from(list(Situation))),
    st.tuples(st.just("ports"), st.sampled_from(PORTS)),
    st.tuples(st.just("password"), st.sampled_from([DEMO_PASSWORD, WRONG_PASSWORD])),
    st.tuples(st.just("to"), st.sampled_from(["customer@example.org", "other@example.net"])),
    st.tuples(
        st.just("step1"),
        st.sampled_from([OnTimeServerOutcome.WORKED, OnTimeServerOutcome.NOT_TRIED]),
    ),
    st.tuples(st.just("jump"), st.sampled_from(list(STEP_PAGE_IDS))),
    st.tuples(st.just("jump"), st.sampled_from(list(STEP_PAGE_IDS))),
    st.tuples(st.just("test"), st.none()),
    st.tuples(st.just("next"), st.none()),
    st.tuples(st.just("next"), st.none()),
    st.tuples(st.just("back"), st.none()),
    st.tuples(st.just("test"), st.none()),
    st.tuples(st.just("test"), st.none()),
    st.tuples(st.just("practice"), st.none()),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@example(
    first_answer=OnTimeServerOutcome.WORKED,
    journey=[("next", None), ("next", None), ("test", None), ("next", None), ("test", None)],
    practice_first=True,
)
@given(
    practice_first=st.booleans(),
    first_answer=st.sampled_from(list(OnTimeServerOutcome)),
    journey=st.lists(ACTIONS, min_size=6, max_size=30),
)
def test_every_claim_of_the_summary_rests_on_a_recorded_test(
    practice_server: DemoServer,
    practice_first: bool,
    first_answer: OnTimeServerOutcome,
    journey: list[tuple[str, object]],
) -> None:
    recorder = getattr(practice_server, "_recorder", None) or Recorder(practice_server)
    practice_server._recorder = recorder  # type: ignore[attr-defined]
    session = AssistantSession()
    if practice_first:  # --demo
        session.enter_practice(practice_server.practice())
        apply_situation(practice_server, Situation.HEALTHY.value, session)
    else:  # a real run (the practice server standing in for a provider, trusted as one)
        real_account(session, practice_server)
    session.ontime_server = first_answer
    flow = Flow(session)
    pages = [StepId.WELCOME]  # the wizard's history: Back goes to the page before
    clock = iter(START + dt.timedelta(minutes=n) for n in range(1000))
    for action, value in journey:
        here = pages[-1]
        if action == "situation" and session.practice is None:
            practice_server.situation = Situation(str(value))  # the provider changes its mind
        elif action == "situation" and here is StepId.WELCOME:
            apply_situation(practice_server, str(value), session)
        elif action == "practice" and session.practice is None:
            # "Practice without an account…" (the wizard asked first), then Next.
            session.enter_practice(practice_server.practice())
            apply_situation(practice_server, Situation.HEALTHY.value, session)
            del pages[1:]
        elif action == "ports":
            kind, security = cast("tuple[str, str]", value)
            port = (
                practice_server.starttls_port
                if kind == "starttls"
                else (practice_server.implicit_port)
            )
            session.port, session.security = str(port), str(security)
        elif action == "password":
            session.password = Secret(str(value))
        elif action == "to":
            session.to_addr = str(value)
        elif action == "step1":
            session.ontime_server = value  # type: ignore[assignment]
        elif action == "jump":
            # Back to the welcome page, then its "Go to the step" (for a pasted message).
            del pages[1:]
            session.jump_to = value  # type: ignore[assignment]
            pages.append(flow.next_step(StepId.WELCOME))  # type: ignore[arg-type]
            session.jump_to = None
        elif action == "next" and flow.blocker(here) is None:
            following = flow.next_step(here)
            if following is not None:
                pages.append(following)
        elif action == "back" and len(pages) > 1:
            pages.pop()
        elif action == "test" and STEPS[here].tested:
            key = STEPS[here].step
            assert key is not None
            result = recorder.run(session, key)
            session.record(key, result, session.inputs(key), at=next(clock))
    event(f"{min(len(session.evidence), 3)}+ tests recorded; ended on {pages[-1].name}")
    check_claims(session)


def real_account(session: AssistantSession, server: DemoServer) -> None:
    server.situation = Situation.HEALTHY
    session.email = session.username = session.from_addr = "dispatch@practice-courier.test"
    session.password = Secret(DEMO_PASSWORD)
    session.host, session.port, session.security = (
        "127.0.0.1",
        str(server.starttls_port),
        "starttls",
    )
    session.to_addr = "customer@example.org"
    session.cafile = server.cafile


def answers(result: CheckResult, key: Step) -> bool:
    """Whether a test reached `key`'s question, read from its stages alone."""
    status = {s.name: s.status for s in result.stages}
    if key is Step.CREDENTIALS:
        return status["auth"] in RAN
    if key is Step.SERVER_SETTINGS:
        return any(status[n] in RAN for n in ("dns", "connect", "greeting", "ehlo", "tls"))
    return status["rcpt"] in RAN or status["mail"] == "failed"


def check_claims(session: AssistantSession) -> None:
    verdict = judge(session.case())
    report = build_report(verdict)
    text = render_text(report)
    current = session.current_results()
    by_time = {(str(STEPS_NUMBER[e.key]), f"{e.at:%H:%M}"): e for e in session.evidence}
    # Every test named is a test of this run, at that time.
    for number, when in TESTED_AT.findall(text + " ".join(verdict.next_steps)):
        assert (number, when) in by_time, (number, when, text)
    # "What was tried": tested where a current test answered (or the step's own test ran),
    # "Not tested" only where none did.
    tried = report.section(TRIED)
    assert tried is not None
    rows = dict(tried.blocks[0].rows)  # type: ignore[union-attr]
    for key in TESTED_STEPS:
        info = STEPS[STEP_PAGE[key]]
        outcome = rows[f"Step {info.number}, {info.title}"]
        reached = [r for r in current.values() if answers(r, key)]
        own = current.get(key)
        if outcome.startswith("Not tested"):
            assert not reached and own is None, (key, outcome, text)
        else:
            number, when = TESTED_AT.match(outcome).groups()  # type: ignore[union-attr]
            named = by_time[(number, when)]
            assert current.get(named.key) is named.result, (key, outcome)
            assert answers(named.result, key) or named.key is key, (key, outcome)
    # "Works" only as far as a current test got.
    lead = report.lead
    passed = [r for r in current.values() if r.ok]
    if "The mail account works" in lead:
        assert any(stage_ok(r, "rcpt") and stage_ok(r, "data") for r in passed), lead
    for to_addr in re.findall(r"accepted a test message to (\S+) ", lead):
        assert any(r.settings.to_addr == to_addr and stage_ok(r, "rcpt") for r in passed)
    if "The sign-in works" in lead:
        assert any(stage_ok(r, "auth") for r in passed), lead
    # What OnTime is told to use rests on a test that passed with those settings, with a kind
    # of encryption it can use; "Enter exactly" never for one it cannot.
    settings_for_ontime = verdict.ontime_settings
    if settings_for_ontime is not None:
        assert any(
            e.result.ok
            and e.result.settings.port == settings_for_ontime.port
            and e.result.security_used is settings_for_ontime.security
            for e in session.evidence
        )
        if "Enter exactly these settings" in " ".join(verdict.next_steps):
            assert settings_for_ontime.usable_by_ontime
            assert settings_for_ontime.security.value != "ssl"
    # Practice says so, and only practice; no password in any rendering.
    practice = session.practice is not None
    assert report.subject.startswith("[Practice]") is practice
    assert ("Practice:" in text) is practice
    assert all(e.practice is practice for e in session.evidence)
    for rendering in (text, render_markdown(report), render_html(report)):
        assert DEMO_PASSWORD not in rendering and WRONG_PASSWORD not in rendering


def stage_ok(result: CheckResult, name: str) -> bool:
    return result.stage(name).status == "ok"


STEP_PAGE = {info.step: page for page, info in STEPS.items() if info.tested}
STEPS_NUMBER = {key: STEPS[page].number for key, page in STEP_PAGE.items()}
