"""The whole case judged as one, against real servers on loopback: the real cause first, what a
pass from this computer does not prove, and what changes in 2026."""

from __future__ import annotations

from typing import Any

import pytest

from ontime_assist.case import Case, OnTimeServerOutcome, judge
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.check.settings import build_settings
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import Actor
from tests.cli_helpers import check
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp

USER = "dispatch@courier.example"
M365_GREETING = (
    "220 BN0PR04CA0150.outlook.office365.com Microsoft ESMTP MAIL Service ready at "
    "Fri, 27 Nov 2026 09:30:00 +0000"
)
# What Postfix says at RCPT to a client that did not log in (smtpd_relay_restrictions).
ACCESS_DENIED = "554 5.7.1 <customer@example.org>: Client host rejected: Access denied"


def test_with_the_password_left_empty_the_cause_is_the_missing_login(certs) -> None:
    script = Script(tls_context=certs.good, ehlo=["AUTH PLAIN LOGIN"], rcpt=ACCESS_DENIED)
    with scripted_smtp(script) as (server, _):
        settings = build_settings(
            host="127.0.0.1",
            port=server.port,
            cafile=certs.cafile,
            username=USER,
            to_addr="customer@example.org",
            timeout=3,
        )
        relay = run_check(settings, None)  # the password field was left empty
    verdict = judge(Case(results={Step.RELAY: relay}))
    assert verdict.root is not None and verdict.root.id == "relay.auth_required"
    assert verdict.root.fix.startswith(f"No password was entered for {USER}")
    assert verdict.who is Actor.USER and verdict.requests == ()
    assert "look at your logs" not in " ".join(verdict.requests)
    assert verdict.headline == "The server needs a login before it accepts mail"


def test_a_server_without_any_login_still_says_relay_denied(run_cli, certs) -> None:
    script = Script(
        tls_context=certs.good,
        ehlo=["SIZE 1000"],
        rcpt="554 5.7.1 <c@x.example>: Relay access denied",
    )
    with scripted_smtp(script) as (server, _):
        done = check(
            run_cli,
            server.port,
            "--cafile",
            certs.cafile,
            "--from",
            USER,
            "--to",
            "c@x.example",
            password=False,
        )
    assert done.root_cause["id"] == "relay.denied"
    assert "this computer's address" not in done.root_cause["fix"]


def signed_in(script: Script, certs, *, password: str = PASSWORD, **extra: Any) -> CheckResult:  # type: ignore[no-untyped-def]
    with scripted_smtp(script) as (server, _):
        settings = build_settings(
            host="127.0.0.1",
            port=server.port,
            cafile=certs.cafile,
            username=USER,
            timeout=3,
            **extra,
        )
        return run_check(settings, password)


def test_after_a_wrong_password_the_rejected_password_stays_the_headline(certs) -> None:
    refusing = Script(tls_context=certs.good, expected_password="the-real-one")
    credentials = signed_in(refusing, certs)
    # A later step's test that went further shows only a consequence (the server refuses mail
    # from a client that is not logged in); the cause is still the password.
    relay_script = Script(
        tls_context=certs.good, auth="535 5.7.8 Error: authentication failed", rcpt=ACCESS_DENIED
    )
    relay = signed_in(relay_script, certs, to_addr="customer@example.org")
    verdict = judge(Case(results={Step.CREDENTIALS: credentials, Step.RELAY: relay}))
    assert verdict.root is not None and verdict.root.id == "auth.failed"
    assert verdict.findings[0].id == "auth.failed"
    assert verdict.headline == "The user name or password was rejected"


def test_ontime_mail_server_worked_and_everything_passes_is_told_without_contradiction(
    certs,
) -> None:
    healthy = signed_in(
        Script(tls_context=certs.good, expected_password=PASSWORD),
        certs,
        to_addr="customer@example.org",
        from_addr=USER,
    )
    verdict = judge(Case(results={Step.RELAY: healthy}, ontime_server=OnTimeServerOutcome.WORKED))
    assert verdict.root is None and verdict.tested is healthy
    step_one = verdict.steps[0].outcome
    assert "OnTime itself works" in step_one and "is the problem" not in step_one
    assert any("switch it back to Other Mail Server" in s for s in verdict.next_steps)
    assert any("10 minutes" in s for s in verdict.next_steps)
    assert verdict.still_failing, "a pass here says what it does not prove"
    where = next(a for a in verdict.still_failing if "Vesigo's servers" in a.text)
    assert "could not confirm" in where.text  # said as uncertain, never as fact
    assert any("reachable only inside this network" in d for d in where.details)  # loopback


def test_a_full_pass_on_loopback_warns_that_outside_senders_cannot_reach_it(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good, expected_password=PASSWORD)) as (server, _):
        done = check(run_cli, server.port, "--cafile", certs.cafile)
    assert done.code == 0
    warning = next(f for f in done.json["findings"] if f["id"] == "net.private_address")
    assert warning["severity"] == "warning" and "127.0.0.1" in warning["detail"]
    assert "loopback" in warning["detail"]


def test_microsoft_365_password_login_that_works_gets_the_2026_warning(run_cli, certs) -> None:
    script = Script(greeting=M365_GREETING, tls_context=certs.good, ehlo=["AUTH LOGIN XOAUTH2"])
    with scripted_smtp(script) as (server, _):
        done = check(run_cli, server.port, "--cafile", certs.cafile, user="dispatch@contoso.com")
    assert done.code == 0, done.out  # it works today: a warning, not an error
    warning = next(f for f in done.json["findings"] if f["id"] == "auth.basic_auth_retiring")
    assert warning["severity"] == "warning"
    assert "end of December 2026" in warning["detail"]
    assert "OnTime Mail Server" in warning["fix"] and "relay service" in warning["fix"]
    assert "High Volume Email" in warning["fix"]  # said not to fit: internal recipients only


def test_microsoft_365_refusals_point_to_the_same_options(run_cli, certs) -> None:
    script = Script(
        greeting=M365_GREETING,
        tls_context=certs.good,
        auth="550 5.7.30 Basic authentication is not supported for Client Submission.",
    )
    with scripted_smtp(script) as (server, _):
        done = check(run_cli, server.port, "--cafile", certs.cafile, user="dispatch@contoso.com")
    cause = done.root_cause
    assert cause["id"] == "auth.basic_auth_disabled"
    assert "end of December 2026" in cause["fix"] and "OnTime Mail Server" in cause["fix"]


@pytest.mark.parametrize("address", ["dispatch@outlook.com", "office@hotmail.co.uk"])
def test_outlook_com_accounts_cannot_use_a_password_at_all(run_cli, certs, address: str) -> None:
    script = Script(
        tls_context=certs.good,
        auth="535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
    )
    with scripted_smtp(script) as (server, _):
        done = check(run_cli, server.port, "--cafile", certs.cafile, user=address)
    cause = done.root_cause
    assert cause["id"] == "auth.oauth_only_account"
    assert "OnTime Mail Server" in cause["fix"]


def test_who_acts_follows_the_real_cause(certs) -> None:
    disabled = signed_in(
        Script(
            tls_context=certs.good,
            auth="535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
            "disabled for the Mailbox.",
        ),
        certs,
    )
    verdict = judge(Case(results={Step.CREDENTIALS: disabled}))
    assert verdict.who is Actor.ADMINISTRATOR
    assert verdict.next_steps[0].startswith("Send this summary to your email administrator")
    failing_too = judge(
        Case(results={Step.CREDENTIALS: disabled}, ontime_server=OnTimeServerOutcome.FAILED)
    )
    assert failing_too.audience.value == "ontime_support"
