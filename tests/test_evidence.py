"""The record of evidence and what the session lets touch, without a display: the summary's
claims from recorded tests (#19.1, 3, 4, 6), practice (#19.5), the notifications' answers
(#19.11), words (#19.14), secrets from pasted text (#20.1) and trust scoped to its server
(#20.2)."""

from __future__ import annotations

import base64
import datetime as dt
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontime_assist import session_memory
from ontime_assist.case import Case, NotificationCheck, OnTimeServerOutcome, TrustedAuthority, judge
from ontime_assist.case.notification_checks import CHECKS, QUESTIONS, advice_for_answers
from ontime_assist.case.record import TestRecord
from ontime_assist.credentials import CredentialError, CredentialStore
from ontime_assist.engine.check.settings import Security
from ontime_assist.engine.diagnosis.explain import explain
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import make
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.flow import Flow
from ontime_assist.report.build import build_report
from ontime_assist.report.files import FORMATS
from ontime_assist.report.text import render_text
from ontime_assist.session import PRACTICE_NO_KEYRING, AssistantSession, Practice
from tests.report_cases import (
    NOW,
    SYSTEM,
    app_password_practice,
    port_465_after_587_passed,
    private_authority,
    relay_not_tested,
    result,
)
from tests.test_report import encodings, pdf_text_parts

AUTHORITY = TrustedAuthority("mail.courier.example", "/tmp/office-ca.pem", "CN=Office CA", "AB")
PRACTICE = Practice("/tmp/practice-ca.pem", 40587, 40465)


def text_of(verdict) -> str:  # type: ignore[no-untyped-def]
    return render_text(build_report(verdict, now=NOW, system=SYSTEM))


# --- the record ---------------------------------------------------------------------------


def test_each_test_is_recorded_with_its_step_time_and_whether_it_is_current() -> None:
    session = AssistantSession(host="smtp.example.com", port="587", username="a@b.example")
    first = result(host="smtp.example.com")
    at = dt.datetime(2026, 11, 27, 10, 42, tzinfo=dt.UTC)
    session.record(Step.SERVER_SETTINGS, first, session.inputs(Step.SERVER_SETTINGS), at)
    session.port = "465"
    second = result(host="smtp.example.com", port=465, security=Security.SSL)
    session.record(Step.SERVER_SETTINGS, second, session.inputs(Step.SERVER_SETTINGS))
    tests = session.case().tests
    assert [(t.number, t.step, t.current) for t in tests] == [
        (1, Step.SERVER_SETTINGS, False),
        (2, Step.SERVER_SETTINGS, True),
    ]
    assert tests[0].source == "step 3 at 10:42" and not tests[0].practice


def test_the_record_never_holds_the_password() -> None:
    session = AssistantSession(host="smtp.example.com", username="a@b.example")
    session.password = Secret("Never-In-The-Record-1")
    made = result(host="smtp.example.com")
    session.record(Step.CREDENTIALS, made, session.inputs(Step.CREDENTIALS))
    assert all(not isinstance(value, Secret) for e in session.evidence for value in e)
    assert "Never-In-The-Record-1" not in repr(session.evidence) + repr(session.case().tests)


def test_step_3_mail_from_then_rset_is_not_a_relay_test() -> None:
    """#19.1: the summary never presents step 3's test as relay to an outside address."""
    verdict = relay_not_tested()
    relay = next(o for o in verdict.steps if o.step.step is Step.RELAY)
    assert relay.outcome.startswith("Not tested") and relay.rests_on is None
    assert "The mail account works" not in verdict.headline
    assert "sending to an outside address was not tested" in verdict.headline
    assert any("on step 4, send a test message" in s for s in verdict.next_steps)


def test_587_that_passed_earlier_is_what_ontime_is_told_to_use() -> None:
    """#19.3: works here (465) and what OnTime can use (587) are separate conclusions."""
    verdict = port_465_after_587_passed()
    settings = verdict.ontime_settings
    assert settings is not None and settings.port == 587 and settings.tested
    assert settings.security is Security.STARTTLS and settings.source == "step 3 at 09:18"
    assert "Port 465 with SSL from the first byte works from this computer too" in settings.note
    assert "as tested on step 3 at 09:18" in verdict.for_ontime
    assert "No STARTTLS port" not in text_of(verdict)


def test_465_alone_works_here_but_is_never_to_be_entered_exactly() -> None:
    alone = result(
        port=465,
        security=Security.SSL,
        passed=("dns", "connect", "greeting", "ehlo", "tls", "auth"),
        findings=(make("connect.ok"), make("tls.ok"), make("auth.ok")),
    )
    verdict = judge(Case(results={Step.SERVER_SETTINGS: alone}))
    assert verdict.ontime_settings is not None
    assert not verdict.ontime_settings.usable_by_ontime
    assert not any("Enter exactly" in s for s in verdict.next_steps)
    assert "OnTime probably cannot use SSL from the first byte" in verdict.for_ontime
    report = build_report(verdict, now=NOW, system=SYSTEM)
    assert "probably cannot use its settings" in report.subject


def test_a_private_authority_stays_a_warning_in_the_summary() -> None:
    """#19.4 (case side)."""
    verdict = private_authority()
    assert verdict.root is None
    warning = next(f for f in verdict.findings if f.id == "tls.cert_untrusted")
    assert warning.severity.value == "warning"
    assert "OnTime probably does not trust that authority" in verdict.for_ontime


def test_steps_that_ran_are_never_not_tested() -> None:
    """#19.6: step 4 ran and stopped at the sign-in; it says so, with its recipient."""
    verdict = app_password_practice()
    relay = next(o for o in verdict.steps if o.step.step is Step.RELAY)
    assert relay.rests_on is not None and relay.rests_on.step is Step.RELAY
    assert "Tested on step 4 at 09:27 (test message to customer@example.org)" in relay.outcome
    assert "stopped at the sign-in" in relay.outcome


def test_practice_is_said_everywhere_in_the_summary() -> None:
    report = build_report(app_password_practice(), now=NOW, system=SYSTEM)
    assert report.subject.startswith("[Practice]")
    assert (
        "Practice",
        "This summary comes from the practice server built into OnTime "
        "Assist, not from a real mail account: there is nothing in it to send to "
        "anyone.",
    ) in report.leads


# --- practice: what it may touch ----------------------------------------------------------


def test_practice_may_touch_nothing_real(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    session = AssistantSession(email="me@courier.example", remember_password=True)
    session.previous_results = {"credentials": "yesterday: no problem found"}
    session.trusted_authority = AUTHORITY
    assert session.keyring_allowed and session.may_remember
    session.enter_practice(PRACTICE)
    assert not session.keyring_allowed and not session.may_remember
    assert session.previous_results == {} and session_memory.last_time(session) == []
    assert not session.remember_password and session.trusted_authority is None
    assert session.cafile == PRACTICE.cafile  # the practice authority, for practice only
    store = CredentialStore()
    store.refusal = lambda: None if session.keyring_allowed else PRACTICE_NO_KEYRING
    assert not store.status().usable and store.status().reason == PRACTICE_NO_KEYRING
    for attempt in (
        lambda: store.save("127.0.0.1", "u@x.test", Secret("practice-pass")),
        lambda: store.load("127.0.0.1", "u@x.test"),
        lambda: store.forget("127.0.0.1", "u@x.test"),
    ):
        with pytest.raises(CredentialError, match="Practice mode"):
            attempt()
    assert memory_keyring.store == {}


def test_practice_asks_first_only_in_the_middle_of_a_real_run() -> None:
    session = AssistantSession(email="me@courier.example")
    flow = Flow(session)
    assert flow.practice_question() is None  # last time's address alone is nothing to lose
    session.password = Secret("typed-already")
    assert "Start practice now?" in (flow.practice_question() or "")
    session.enter_practice(PRACTICE)
    assert flow.practice_question() is None


def test_practice_advice_names_the_practice_servers_ports() -> None:
    from ontime_assist.case.practice import practice_result

    mixup = result(port=40465, failed="greeting", findings=(make("tls.expects_implicit"),))
    fix = practice_result(mixup, PRACTICE).findings[0].fix
    assert fix.startswith("Use port 40587 with the SSL box ticked")
    assert "port 40465 the SSL-from-the-first-byte port" in fix


# --- the notifications branch (#19.11) ----------------------------------------------------


@pytest.mark.parametrize("index", range(len(QUESTIONS)))
@pytest.mark.parametrize("answer", ["no", "not checked"])
def test_each_notification_answer_changes_the_advice(index: int, answer: str) -> None:
    answers = dict.fromkeys(CHECKS, "yes")
    all_yes, _ = advice_for_answers(answers)
    answers[CHECKS[index]] = answer
    first, all_hold = advice_for_answers(answers)
    assert all_yes == [] and not all_hold
    question = QUESTIONS[index]
    assert first == [question.if_no if answer == "no" else question.to_check]
    verdict = judge(
        Case(
            ontime_server=OnTimeServerOutcome.FAILED,
            notification_checks=tuple(NotificationCheck(q, a) for q, a in answers.items()),
        )
    )
    assert verdict.next_steps[0] == first[0]
    assert verdict.next_steps[1].startswith("If the test notification still does not arrive")


# --- words (#19.14) ---------------------------------------------------------------------------


def test_last_time_is_in_the_order_of_the_steps() -> None:
    session = AssistantSession()
    session.previous_results = {"relay": "r", "credentials": "c", "server_settings": "s"}
    assert [line for _title, line in session_memory.last_time(session)] == ["c", "s", "r"]


def test_a_name_that_is_an_address_is_said_once() -> None:
    loopback = result(
        host="127.0.0.1",
        peer="127.0.0.1",
        passed=("dns", "connect", "greeting", "ehlo", "tls"),
        findings=(make("connect.ok"), make("tls.ok")),
    )
    text = text_of(judge(Case(results={Step.SERVER_SETTINGS: loopback})))
    assert "127.0.0.1 is a loopback address" in text
    assert "127.0.0.1 is at 127.0.0.1" not in text and "127.0.0.1, 127.0.0.1" not in text


def test_no_catalog_text_closes_a_quote_with_two_full_stops() -> None:
    from ontime_assist.engine.findings import catalog

    for entry in catalog().values():
        for text in (entry.title, entry.explanation, entry.fix):
            assert ".”." not in text and '.".' not in text, entry.id


# --- secrets in pasted text (#20.1) -----------------------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    secret=st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=8, max_size=24
    ),
    around=st.sampled_from(
        [
            "535 5.7.3 Authentication unsuccessful (tried password {s})",
            "The SMTP server requires a secure connection or the client was not authenticated. "
            "The server response was: 5.7.57 {s}",
            "534-5.7.9 Application-specific password required {s}\n534 5.7.9 {b64}",
            "Failure sending mail. {url}",
        ]
    ),
    remembered=st.booleans(),
)
def test_a_pasted_text_never_brings_the_password_into_the_summary(
    secret: str, around: str, remembered: bool
) -> None:
    raw = secret.encode()
    pasted = around.format(
        s=secret,
        b64=base64.b64encode(raw).decode(),
        url=urllib.parse.quote(secret, safe=""),
    )
    session = AssistantSession(username="dispatch@courier.example")
    session.password = Secret(secret)
    if remembered:  # the remembered one, then a new one typed over it
        session.password = Secret("Typed-Over-4321")
    session.explained = explain(pasted).ordered_findings
    session.ontime_server = OnTimeServerOutcome.WORKED
    verdict = judge(session.case())
    report = build_report(verdict, now=NOW, system=SYSTEM)
    shown = "\n".join(verdict.next_steps)
    for suffix, render in FORMATS.items():
        data = render(report)
        if suffix == ".pdf":
            data = pdf_text_parts(data)
        for form in encodings(secret):
            assert form not in data, (suffix, form)
    for form in encodings(secret):
        assert form.decode() not in shown


# --- trust scoped to its server (#20.2) -------------------------------------------------------


def test_an_authority_trusted_for_one_server_goes_to_no_other() -> None:
    session = AssistantSession(host="mail.courier.example")
    session.trusted_authority = AUTHORITY
    session.cafile = AUTHORITY.path  # as the page sets it: does not widen the trust
    assert session.cafile == AUTHORITY.path
    assert session.inputs(Step.SERVER_SETTINGS).cafile == AUTHORITY.path
    session.host = "smtp.office365.com"
    assert session.cafile is None and session.authority_file("") is None
    assert session.inputs(Step.SERVER_SETTINGS).cafile is None
    assert session.mail_settings(Step.SERVER_SETTINGS).cafile is None
    session.host = "MAIL.courier.example "
    assert session.cafile == AUTHORITY.path


def test_tests_record_the_authority_only_where_it_was_used() -> None:
    session = AssistantSession(host="mail.courier.example", username="dispatch@courier.example")
    session.trusted_authority = AUTHORITY
    passed = result(
        host="mail.courier.example",
        passed=("dns", "connect", "greeting", "ehlo", "tls"),
        findings=(make("connect.ok"), make("tls.ok")),
    )
    kept = session.record(Step.SERVER_SETTINGS, passed, session.inputs(Step.SERVER_SETTINGS))
    assert any(f.id == "tls.cert_untrusted" for f in kept.findings)
    session.host = "other.courier.example"
    other = result(
        host="other.courier.example", passed=("dns", "connect", "greeting", "ehlo", "tls")
    )
    kept = session.record(Step.SERVER_SETTINGS, other, session.inputs(Step.SERVER_SETTINGS))
    assert not any(f.id == "tls.cert_untrusted" for f in kept.findings)
    records: tuple[TestRecord, ...] = session.case().tests
    assert [r.authority for r in records] == ["CN=Office CA", ""]
