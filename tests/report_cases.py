"""Fixed cases for the summary's reviewed renderings (tests/expected): results shaped exactly as
the check makes them, but with fixed times, so a rendering can be compared word for word."""

from __future__ import annotations

import datetime as dt

from ontime_assist.case import (
    Case,
    NotificationCheck,
    OnTimeServerOutcome,
    TrustedAuthority,
    Verdict,
    judge,
)
from ontime_assist.case.record import TestRecord
from ontime_assist.case.trust import authority_warning
from ontime_assist.engine.check.result import CheckResult, Stage
from ontime_assist.engine.check.settings import Security, build_settings
from ontime_assist.engine.check.stages import STAGE_NAMES
from ontime_assist.engine.connection.replies import Reply
from ontime_assist.engine.connection.transcript import Entry, Transcript
from ontime_assist.engine.diagnosis.diagnose import classify_reply
from ontime_assist.engine.diagnosis.reply_context import Context
from ontime_assist.engine.discovery.outcome import Discovery, ProviderMatch, Recommendation
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import Finding, make
from ontime_assist.engine.redaction.redact import Redactor

NOW = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1), "CET"))
SYSTEM = "Windows 11"
M365_GREETING = "BN0PR04CA0150.outlook.office365.com Microsoft ESMTP MAIL Service ready"


def result(
    *,
    host: str = "smtp.office365.com",
    port: int = 587,
    username: str = "dispatch@contoso.com",
    to_addr: str = "",
    passed: tuple[str, ...] = (),
    failed: str = "",
    skipped: dict[str, str] | None = None,
    findings: tuple[Finding, ...] = (),
    security: Security = Security.STARTTLS,
    peer: str = "52.96.1.2",
    greeting: str = M365_GREETING,
    auth_offered: tuple[str, ...] = ("LOGIN", "XOAUTH2"),
    from_addr: str = "",
) -> CheckResult:
    stages = []
    for name in STAGE_NAMES:
        if name in passed:
            stages.append(Stage(name, "ok", 12.0, ""))
        elif name == failed:
            stages.append(Stage(name, "failed", 30.0, ""))
        elif skipped and name in skipped:
            stages.append(Stage(name, "skipped", 0.0, skipped[name]))
        else:
            stages.append(Stage(name, "skipped", 0.0, "not reached"))
    transcript = Transcript()
    transcript._entries = [  # fixed times: the renderings are compared word for word
        Entry(0.0, "info", f"connected to {peer} port {port}"),
        Entry(12.0, "server", f"220 {greeting}"),
        Entry(13.0, "client", "EHLO [192.0.2.10]"),
    ]
    return CheckResult(
        settings=build_settings(
            host=host,
            port=port,
            username=username,
            from_addr=from_addr,
            to_addr=to_addr,
            send_message=bool(to_addr),
        ),
        security_used=security,
        stages=stages,
        findings=list(findings),
        transcript=transcript,
        peer_address=peer,
        greeting=greeting,
        auth_offered=auth_offered,
        redactor=Redactor(),
    )


def smtp_auth_disabled() -> Verdict:
    reply = Reply(
        535,
        "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
        "Mailbox.",
    )
    finding = make(
        "auth.smtp_auth_disabled",
        f"At the login step the server replied: {reply.as_line()}",
        reply=reply,
    )
    credentials = result(
        passed=("dns", "connect", "greeting", "ehlo", "tls"),
        failed="auth",
        findings=(make("connect.ok"), make("tls.ok"), finding),
    )
    return judge(
        Case(
            results={Step.CREDENTIALS: credentials},
            ontime_server=OnTimeServerOutcome.WORKED,
        )
    )


def missing_password() -> Verdict:
    reply = Reply(554, "5.7.1 <customer@example.org>: Client host rejected: Access denied")
    context = Context(
        host="mail.courier.example",
        username="dispatch@courier.example",
        auth_offered=("PLAIN", "LOGIN"),
    )
    finding = classify_reply("rcpt", reply, context)
    relay = result(
        host="mail.courier.example",
        username="dispatch@courier.example",
        to_addr="customer@example.org",
        passed=("dns", "connect", "greeting", "ehlo", "tls", "mail"),
        failed="rcpt",
        skipped={"auth": "no password given: no login"},
        findings=(make("connect.ok"), make("tls.ok"), finding),
        peer="81.2.69.160",
        greeting="mail.courier.example ESMTP Postfix",
        auth_offered=("PLAIN", "LOGIN"),
    )
    return judge(Case(results={Step.RELAY: relay}, ontime_server=OnTimeServerOutcome.WORKED))


def passed_everything() -> Verdict:
    relay = result(
        host="mail.courier.example",
        username="dispatch@courier.example",
        to_addr="customer@example.org",
        passed=("dns", "connect", "greeting", "ehlo", "tls", "auth", "mail", "rcpt", "data"),
        findings=(make("connect.ok"), make("tls.ok"), make("auth.ok"), make("send.ok")),
        peer="192.168.1.20",
        greeting="mail.courier.example ESMTP Postfix",
        auth_offered=("PLAIN", "LOGIN"),
    )
    return judge(Case(results={Step.RELAY: relay}, ontime_server=OnTimeServerOutcome.WORKED))


def implicit_tls_with_starttls_found() -> Verdict:
    server = result(
        host="smtp.courier.example",
        port=465,
        username="dispatch@courier.example",
        passed=("dns", "connect", "greeting", "ehlo", "tls", "auth"),
        findings=(make("connect.ok"), make("tls.ok"), make("auth.ok")),
        security=Security.SSL,
        peer="81.2.69.160",
        greeting="smtp.courier.example ESMTP",
    )
    found = Discovery(
        address="dispatch@courier.example",
        domain="courier.example",
        provider=None,
        recommended=Recommendation(
            "smtp.courier.example",
            587,
            Security.STARTTLS,
            "smtp.courier.example port 587 works with STARTTLS.",
        ),
    )
    return judge(
        Case(
            results={Step.SERVER_SETTINGS: server},
            ontime_server=OnTimeServerOutcome.NOT_TRIED,
            discovery=found,
        )
    )


def ontime_support() -> Verdict:
    found = Discovery(
        address="dispatch@contoso.com",
        domain="contoso.com",
        provider=ProviderMatch("microsoft365", "Microsoft 365 (Exchange Online)", "mx"),
    )
    return judge(
        Case(
            ontime_server=OnTimeServerOutcome.FAILED,
            discovery=found,
            notification_checks=(
                NotificationCheck(
                    "The notification template is not empty and has a subject.", "yes"
                ),
                NotificationCheck("The customer looked in their spam or junk folder.", "no"),
            ),
            switched_at=NOW - dt.timedelta(minutes=25),
            test_notification_at=NOW - dt.timedelta(minutes=12),
        )
    )


def at(minutes_before: int) -> dt.datetime:
    return NOW - dt.timedelta(minutes=minutes_before)


def tests(*made: tuple[Step, CheckResult, int, bool]) -> tuple[TestRecord, ...]:
    """A run's record: (step, result, minutes before NOW, still current) for each test."""
    return tuple(
        TestRecord(number, key, made_result, at(minutes), current=current)
        for number, (key, made_result, minutes, current) in enumerate(made, start=1)
    )


SIGNED_IN = ("dns", "connect", "greeting", "ehlo", "tls", "auth")
NO_RECIPIENT = {"rcpt": "no test recipient given", "data": "no test recipient given"}


def relay_not_tested() -> Verdict:
    """#19.1: step 3's test passed (MAIL FROM, then RSET: no recipient); step 4 was skipped."""
    server = result(
        host="mail.courier.example",
        username="dispatch@courier.example",
        passed=(*SIGNED_IN, "mail", "quit"),
        skipped=NO_RECIPIENT,
        findings=(make("connect.ok"), make("tls.ok"), make("auth.ok")),
        peer="81.2.69.160",
        greeting="mail.courier.example ESMTP Postfix",
        auth_offered=("PLAIN", "LOGIN"),
    )
    return judge(
        Case(
            tests=tests((Step.SERVER_SETTINGS, server, 8, True)),
            ontime_server=OnTimeServerOutcome.NOT_TRIED,
        )
    )


def port_465_after_587_passed() -> Verdict:
    """#19.3: 587 with STARTTLS passed; then 465 with SSL from the first byte, which passes too."""
    common = {
        "host": "smtp.courier.example",
        "username": "dispatch@courier.example",
        "passed": (*SIGNED_IN, "mail", "quit"),
        "skipped": NO_RECIPIENT,
        "findings": (make("connect.ok"), make("tls.ok"), make("auth.ok")),
        "peer": "81.2.69.160",
        "greeting": "smtp.courier.example ESMTP",
    }
    starttls = result(port=587, security=Security.STARTTLS, **common)  # type: ignore[arg-type]
    implicit = result(port=465, security=Security.SSL, **common)  # type: ignore[arg-type]
    return judge(
        Case(
            tests=tests(
                (Step.SERVER_SETTINGS, starttls, 12, False),
                (Step.SERVER_SETTINGS, implicit, 5, True),
            ),
            ontime_server=OnTimeServerOutcome.NOT_TRIED,
        )
    )


def app_password_practice() -> Verdict:
    """#19.6: practice; step 2 stops at the sign-in, then step 4 (recipient filled in) too."""
    reply = Reply(534, "5.7.9 Application-specific password required.")
    needed = make(
        "auth.app_password_required",
        f"At the login step the server replied: {reply.as_line()}",
        reply=reply,
    )
    common = {
        "host": "127.0.0.1",
        "port": 40587,
        "username": "dispatch@practice-courier.test",
        "passed": ("dns", "connect", "greeting", "ehlo", "tls"),
        "failed": "auth",
        "findings": (make("connect.ok"), make("tls.ok"), needed),
        "peer": "127.0.0.1",
        "greeting": "practice.ontime-assist.test ESMTP practice server",
        "auth_offered": ("PLAIN", "LOGIN"),
    }
    sign_in = result(**common)  # type: ignore[arg-type]
    relay = result(
        to_addr="customer@example.org",
        from_addr="dispatch@practice-courier.test",
        **common,  # type: ignore[arg-type]
    )
    return judge(
        Case(
            tests=tests((Step.CREDENTIALS, sign_in, 6, True), (Step.RELAY, relay, 3, True)),
            practice=True,
            ontime_server=OnTimeServerOutcome.WORKED,
        )
    )


def private_authority() -> Verdict:
    """#19.4: the server passes only because the user trusted the office's own authority."""
    authority = TrustedAuthority(
        host="mail.courier.example",
        path="C:\\Users\\dispatch\\office-ca.pem",
        subject="CN=Courier Office CA",
        fingerprint="AB:CD:EF",
    )
    server = result(
        host="mail.courier.example",
        username="dispatch@courier.example",
        passed=(*SIGNED_IN, "mail", "quit"),
        skipped=NO_RECIPIENT,
        findings=(make("connect.ok"), make("tls.ok"), make("auth.ok")),
        peer="81.2.69.160",
        greeting="mail.courier.example ESMTP Postfix",
    )
    server = authority_warning(server, authority)
    record = TestRecord(1, Step.SERVER_SETTINGS, server, at(4), authority=authority.subject)
    return judge(
        Case(
            tests=(record,),
            ontime_server=OnTimeServerOutcome.NOT_TRIED,
            trusted_authority=authority,
        )
    )


CASES = {
    "smtp-auth-disabled": smtp_auth_disabled,
    "missing-password": missing_password,
    "passed": passed_everything,
    "port-465-with-587-found": implicit_tls_with_starttls_found,
    "ontime-support": ontime_support,
    "relay-not-tested": relay_not_tested,
    "port-465-after-587-passed": port_465_after_587_passed,
    "app-password-practice": app_password_practice,
    "private-authority": private_authority,
}
