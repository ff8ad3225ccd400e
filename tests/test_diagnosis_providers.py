"""Scripted servers on loopback answer with the real texts of each provider; the check must name
the right finding, the right wizard step, and a fix that names the right setting."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.cli_helpers import assert_no_password, check, sender_dns
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp

GMAIL_USER = "dispatch@gmail.com"
M365_USER = "dispatch@contoso.onmicrosoft.com"
PLAIN_USER = "dispatch@courier.example"

# (case id, where the reply comes, reply, user, expected id, step, words in fix)
CASES = [
    # --- Google ---
    (
        "gmail-app-password",
        "auth",
        "534-5.7.9 Application-specific password required. For more information, go to\n"
        "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor",
        GMAIL_USER,
        "auth.app_password_required",
        "credentials",
        "App passwords",
    ),
    (
        "gmail-bad-credentials",
        "auth",
        "535-5.7.8 Username and Password not accepted. For more information, go to\n"
        "535 5.7.8  https://support.google.com/mail/?p=BadCredentials",
        GMAIL_USER,
        "auth.failed",
        "credentials",
        "Password",
    ),
    (
        "gmail-web-login",
        "auth",
        "534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1> Please log in via\n"
        "534-5.7.14 your web browser and then try again.\n"
        "534 5.7.14  Learn more at https://support.google.com/mail/answer/78754",
        GMAIL_USER,
        "auth.web_login_required",
        "credentials",
        "mail.google.com",
    ),
    (
        "gmail-quota",
        "mail",
        "550-5.4.5 Daily user sending limit exceeded. For more information on Gmail\n"
        "550 5.4.5 sending limits go to https://support.google.com/a/answer/166852",
        GMAIL_USER,
        "send.quota_exceeded",
        "provider",
        "limit",
    ),
    (
        "gmail-too-many-logins",
        "auth",
        "454 4.7.0 Too many login attempts, please try again later.",
        GMAIL_USER,
        "server.rate_limited",
        "provider",
        "Wait",
    ),
    # --- Microsoft 365 ---
    (
        "m365-smtp-auth-tenant",
        "auth",
        "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
        "Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
        M365_USER,
        "auth.smtp_auth_disabled",
        "relay",
        "Authenticated SMTP",
    ),
    (
        "m365-smtp-auth-mailbox",
        "auth",
        "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
        "Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.",
        M365_USER,
        "auth.smtp_auth_disabled",
        "relay",
        "Set-CASMailbox",
    ),
    (
        "m365-basic-auth-disabled",
        "auth",
        "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. "
        "[BN9PR03CA0123.namprd03.prod.outlook.com]",
        M365_USER,
        "auth.basic_auth_disabled",
        "relay",
        "Security Defaults",
    ),
    (
        "m365-security-defaults",
        "auth",
        "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security "
        "defaults policy. Contact your administrator.",
        M365_USER,
        "auth.basic_auth_disabled",
        "relay",
        "administrator",
    ),
    (
        "m365-basic-auth-retired",
        "auth",
        "550 5.7.30 Basic authentication is not supported for Client Submission.",
        M365_USER,
        "auth.basic_auth_disabled",
        "relay",
        "OnTime Mail Server",
    ),
    (
        "m365-basic-auth-retired-at-mail",
        "mail",
        "550 5.7.30 Basic authentication is not supported for Client Submission.",
        M365_USER,
        "auth.basic_auth_disabled",
        "relay",
        "OnTime Mail Server",
    ),
    (
        "m365-5.7.3",
        "auth",
        "535 5.7.3 Authentication unsuccessful [SN4PR0601CA0011.namprd06.prod.outlook.com]",
        M365_USER,
        "auth.failed",
        "credentials",
        "Authenticated SMTP",
    ),
    (
        "m365-not-authenticated",
        "mail-anonymous",
        "530 5.7.57 Client not authenticated to send mail. [DM6PR11CA0040.namprd11.prod.outlook.com]",
        "",
        "relay.auth_required",
        "relay",
        "user name",
    ),
    (
        "m365-send-as-mail",
        "mail",
        "550 5.7.60 SMTP; Client does not have permissions to send as this sender",
        M365_USER,
        "send.sender_rejected",
        "relay",
        "From address",
    ),
    (
        "m365-send-as-data",
        "end",
        "554 5.2.252 SendAsDenied; dispatch@contoso.onmicrosoft.com not allowed to send as "
        "alerts@courier.example; STOREDRV.Submission.Exception:SendAsDeniedException",
        M365_USER,
        "send.sender_rejected",
        "relay",
        "From address",
    ),
    (
        "m365-storedrv",
        "end",
        "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; "
        "Failed to process message due to a permanent exception",
        M365_USER,
        "send.sender_rejected",
        "relay",
        "From address",
    ),
    (
        "m365-old-tls",
        "greeting",
        "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support "
        "TLS 1.2. Visit https://aka.ms/smtp_auth_tls.",
        M365_USER,
        "tls.protocol_too_old",
        "server_settings",
        "TLS 1.2",
    ),
    # --- Exchange on premises ---
    (
        "exchange-anonymous",
        "mail-anonymous",
        "530 5.7.1 Client was not authenticated",
        "",
        "relay.auth_required",
        "relay",
        "Use Windows Authentication",
    ),
    (
        "exchange-relay",
        "rcpt",
        "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain",
        PLAIN_USER,
        "relay.denied",
        "relay",
        "relay",
    ),
    # --- Postfix / Exim hosting ---
    (
        "postfix-relay",
        "rcpt",
        "554 5.7.1 <client@example.org>: Relay access denied",
        PLAIN_USER,
        "relay.denied",
        "relay",
        "relay",
    ),
    (
        "postfix-auth",
        "auth",
        "535 5.7.8 Error: authentication failed: authentication failure",
        PLAIN_USER,
        "auth.failed",
        "credentials",
        "Password",
    ),
    (
        "postfix-sender-login",
        "rcpt",
        "553 5.7.1 <alerts@courier.example>: Sender address rejected: not owned by user "
        "dispatch@courier.example",
        PLAIN_USER,
        "send.sender_rejected",
        "relay",
        "From address",
    ),
    ("exim-relay", "rcpt", "550 relay not permitted", PLAIN_USER, "relay.denied", "relay", "relay"),
    (
        "user-unknown",
        "rcpt",
        "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual "
        "mailbox table",
        PLAIN_USER,
        "send.recipient_rejected",
        "relay",
        "recipient",
    ),
    (
        "spam",
        "end",
        "554 5.7.1 Message rejected as spam by Content Filtering",
        PLAIN_USER,
        "send.message_rejected",
        "relay",
        "reply",
    ),
    (
        "temporary",
        "mail",
        "451 4.3.0 Temporary server error. Please try again later",
        PLAIN_USER,
        "server.temporary_failure",
        "provider",
        "later",
    ),
    (
        "too-many-connections",
        "greeting",
        "421 4.7.0 Too many concurrent SMTP connections",
        PLAIN_USER,
        "server.rate_limited",
        "provider",
        "Wait",
    ),
    # --- other providers ---
    (
        "zoho-sender",
        "mail",
        "553 Sender is not allowed to relay emails",
        "dispatch@zoho.com",
        "send.sender_rejected",
        "relay",
        "From address",
    ),
    (
        "yahoo-app-password",
        "auth",
        "535 5.7.0 (#AUTH005) Too many bad auth attempts.",
        "dispatch@yahoo.com",
        "auth.failed",
        "credentials",
        "app password",
    ),
    (
        "icloud-auth",
        "auth",
        "535 5.7.8 Authentication failed",
        "dispatch@icloud.com",
        "auth.failed",
        "credentials",
        "app-specific password",
    ),
    (
        "godaddy-quota",
        "mail",
        "550 5.7.1 daily sending quota exceeded",
        "dispatch@courier.example",
        "send.quota_exceeded",
        "provider",
        "limit",
    ),
]


def script_for(where: str, reply: str, certs) -> Script:  # type: ignore[no-untyped-def]
    script = Script(tls_context=certs.good)
    if where == "greeting":
        return replace(script, greeting=reply)
    if where == "auth":
        return replace(script, auth=reply)
    if where in ("mail", "mail-anonymous"):
        return replace(script, mail=reply)
    if where == "rcpt":
        return replace(script, rcpt=reply)
    if where == "end":
        return replace(script, end_of_data=reply)
    raise AssertionError(where)


@pytest.mark.parametrize(
    ("case", "where", "reply", "user", "finding_id", "step", "words"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_provider_reply_is_diagnosed(
    run_cli, certs, case, where, reply, user, finding_id, step, words
) -> None:
    args = [
        "check",
        "--host",
        "127.0.0.1",
        "--json",
        "--timeout",
        "2",
        "--cafile",
        certs.cafile,
        "--to",
        "client@example.org",
        "--send",
    ]
    if user:
        args += ["--username", user, "--password-stdin"]
    if not user or where == "end":
        args += ["--from", "alerts@courier.example" if where == "end" else "dispatch@x.example"]
    with scripted_smtp(script_for(where, reply, certs)) as (server, _), sender_dns(args) as more:
        result = run_cli(*args, *more, "--port", str(server.port), stdin=PASSWORD + "\n")
    assert_no_password(result)
    assert result.code == 1, result.out
    cause = result.root_cause
    assert cause["id"] == finding_id
    assert cause["step"] == step
    assert words.lower() in cause["fix"].lower(), cause["fix"]
    assert cause["reply"]["code"] == int(reply[:3])


def test_windows_only_server_points_at_the_windows_authentication_box(run_cli, certs) -> None:
    script = Script(tls_context=certs.good, ehlo=["AUTH NTLM GSSAPI", "SIZE 1000"])
    with scripted_smtp(script) as (server, _):
        result = check(run_cli, server.port, "--cafile", certs.cafile, user=PLAIN_USER)
    cause = result.root_cause
    assert cause["id"] == "auth.windows_only"
    assert "Use Windows Authentication" in cause["fix"]
    assert "NTLM" in cause["detail"]


def test_no_auth_after_tls_is_not_offered(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good, ehlo=["SIZE 1000"])) as (server, _):
        result = check(run_cli, server.port, "--cafile", certs.cafile, user=PLAIN_USER)
    assert result.root_cause["id"] == "auth.not_offered"
    assert "587" in result.root_cause["fix"]


def test_auth_only_after_tls_is_requires_tls(run_cli, certs) -> None:
    script = Script(tls_context=certs.good, ehlo_before_tls=["SIZE 1000"])
    with scripted_smtp(script) as (server, _):
        result = check(
            run_cli, server.port, "--security", "none", "--allow-plaintext-auth", user=PLAIN_USER
        )
    assert result.root_cause["id"] == "auth.requires_tls"
    assert "SSL box" in result.root_cause["fix"]


def test_unusable_mechanisms_are_no_common_mechanism(run_cli, certs) -> None:
    script = Script(tls_context=certs.good, ehlo=["AUTH XOAUTH2 OAUTHBEARER"])
    with scripted_smtp(script) as (server, _):
        result = check(run_cli, server.port, "--cafile", certs.cafile, user=PLAIN_USER)
    assert result.root_cause["id"] == "auth.no_common_mechanism"


def test_login_hints_for_a_short_user_name_and_a_stray_space(run_cli, certs) -> None:
    script = Script(tls_context=certs.good, auth="535 5.7.8 Error: authentication failed")
    with scripted_smtp(script) as (server, _):
        result = check(
            run_cli, server.port, "--cafile", certs.cafile, user="dispatch", typed=PASSWORD + " "
        )
    assert result.root_cause["id"] == "auth.failed"
    fix = result.root_cause["fix"]
    assert "not a full email address" in fix
    assert "ends with a space" in fix or "starts or ends with a space" in fix
    assert "input.stray_space" in result.finding_ids


# --- advice as specific as the evidence (#19.12) --------------------------------------------

CUSTOM_DOMAIN_USER = "dispatch@courier-workspace.example"
GOOGLE_APP_PASSWORD = (
    "534-5.7.9 Application-specific password required. For more information, go to\n"
    "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor "
    "d2e1a72fcca58-7b1f2a3c4d5e6sm1234567pfa.12 - gsmtp"
)
GOOGLE_BAD_CREDENTIALS = (
    "535-5.7.8 Username and Password not accepted. For more information, go to\n"
    "535 5.7.8  https://support.google.com/mail/?p=BadCredentials "
    "d2e1a72fcca58-7b1f2a3c4d5e6sm1234567pfa.12 - gsmtp"
)
TENANT = (
    "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
    "Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. "
    "[BN0PR04CA0150.namprd04.prod.outlook.com 2026-11-27T09:30:01.123Z 08DCB8C1A2B3C4D5]"
)


def _login_refused(run_cli, certs, reply: str, user: str):  # type: ignore[no-untyped-def]
    """A server known by no name (127.0.0.1) and an account on the customer's own domain: only
    the reply can tell who the provider is."""
    with scripted_smtp(Script(tls_context=certs.good, auth=reply)) as (server, _):
        return check(run_cli, server.port, "--cafile", certs.cafile, user=user)


def test_a_google_reply_on_a_custom_domain_gets_googles_app_password_steps(run_cli, certs) -> None:
    cause = _login_refused(run_cli, certs, GOOGLE_APP_PASSWORD, CUSTOM_DOMAIN_USER).root_cause
    assert cause["id"] == "auth.app_password_required"
    fix = cause["fix"]
    assert "myaccount.google.com → Security → 2-Step Verification → App passwords" in fix
    assert "its reply says so" in fix  # how Google was recognised
    assert "Google Workspace administrator" in fix  # what differs on an own domain


def test_a_google_bad_credentials_reply_on_a_custom_domain_names_googles_steps(
    run_cli, certs
) -> None:
    cause = _login_refused(run_cli, certs, GOOGLE_BAD_CREDENTIALS, CUSTOM_DOMAIN_USER).root_cause
    assert cause["id"] == "auth.failed"
    assert "myaccount.google.com" in cause["fix"] and "2-step verification" in cause["fix"]


def test_a_gmail_address_is_not_told_about_workspace_administrators(run_cli, certs) -> None:
    cause = _login_refused(run_cli, certs, GOOGLE_APP_PASSWORD, GMAIL_USER).root_cause
    assert "myaccount.google.com" in cause["fix"]
    assert "Workspace administrator" not in cause["fix"]
    assert "its reply says so" not in cause["fix"]  # known from the address already


def test_a_pasted_google_reply_gets_googles_steps() -> None:
    from ontime_assist.engine.diagnosis.explain import explain

    finding = explain(GOOGLE_APP_PASSWORD).ordered_findings[0]
    assert finding.id == "auth.app_password_required"
    assert "myaccount.google.com" in finding.fix


def _organisation_wide(finding: dict[str, object]) -> None:
    assert finding["id"] == "auth.smtp_auth_disabled"
    assert finding["title"] == (
        "Sending with a login (SMTP AUTH) is turned off for the whole organisation"
    )
    fix = str(finding["fix"])
    assert "Set-TransportConfig -SmtpClientAuthenticationDisabled $false" in fix
    assert "Security Defaults" in fix
    assert "Set-CASMailbox -Identity" in fix and "($null)" in fix  # the mailbox's own switch
    assert "for this mailbox" not in str(finding["title"])


def test_smtp_auth_off_for_the_tenant_names_the_organisation_wide_switch(run_cli, certs) -> None:
    _organisation_wide(_login_refused(run_cli, certs, TENANT, M365_USER).root_cause)


def test_a_pasted_tenant_refusal_names_the_organisation_wide_switch(run_cli) -> None:
    done = run_cli("explain", "--json", TENANT)
    _organisation_wide(done.json["findings"][0])  # type: ignore[index]


@pytest.mark.parametrize(
    ("scope", "title_end"),
    [("Mailbox", "for this mailbox"), ("", "for this mailbox or the organisation")],
)
def test_smtp_auth_off_elsewhere_says_what_the_reply_says(run_cli, certs, scope, title_end) -> None:
    reply = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled"
    reply += f" for the {scope}." if scope else "."
    cause = _login_refused(run_cli, certs, reply, M365_USER).root_cause
    assert cause["id"] == "auth.smtp_auth_disabled"
    assert str(cause["title"]).endswith(title_end), cause["title"]
    assert "Set-CASMailbox" in cause["fix"]


def test_the_summary_asks_the_administrator_for_the_organisation_wide_switch(certs) -> None:
    from ontime_assist.case import Case, judge
    from ontime_assist.engine.check.run import run_check
    from ontime_assist.engine.check.settings import build_settings
    from ontime_assist.engine.finding_kinds import Step
    from tests.helpers import SECRET

    with scripted_smtp(Script(tls_context=certs.good, auth=TENANT)) as (server, _):
        settings = build_settings(
            host="127.0.0.1", port=server.port, username=M365_USER, cafile=certs.cafile,
            timeout="3", stop_after_auth=True,
        )  # fmt: skip
        result = run_check(settings, SECRET)
    verdict = judge(Case(results={Step.CREDENTIALS: result}))
    asked = " ".join(verdict.requests)
    assert "whole organisation" in asked
    assert "Set-TransportConfig -SmtpClientAuthenticationDisabled $false" in asked
    assert M365_USER in asked and "Security Defaults" in asked
