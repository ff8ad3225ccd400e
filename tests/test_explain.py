"""`ontime-assist explain`: real pasted texts, and texts that must not be mistaken for another."""

from __future__ import annotations

import pytest

from ontime_assist.engine.diagnosis.explain import explain

CASES = [
    # raw replies, multi-line
    (
        "534-5.7.9 Application-specific password required. For more information, go to\n"
        "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor",
        "auth.app_password_required",
    ),
    (
        "535-5.7.8 Username and Password not accepted. For more information, go to\n"
        "535 5.7.8  https://support.google.com/mail/?p=BadCredentials",
        "auth.failed",
    ),
    (
        "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
        "auth.basic_auth_disabled",
    ),
    (
        "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
        "Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
        "auth.smtp_auth_disabled",
    ),
    (
        "550 5.7.30 Basic authentication is not supported for Client Submission.",
        "auth.basic_auth_disabled",
    ),
    ("554 5.7.1 <client@example.org>: Relay access denied", "relay.denied"),
    ("550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain", "relay.denied"),
    (
        "553 5.7.1 <a@b.example>: Sender address rejected: not owned by user c@b.example",
        "send.sender_rejected",
    ),
    (
        "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client.",
        "tls.protocol_too_old",
    ),
    # bare enhanced codes
    ("5.7.57 Client not authenticated to send mail", "relay.auth_required"),
    ("5.7.139 Authentication unsuccessful, the user credentials were incorrect.", "auth.failed"),
    # .NET SmtpException wording, as OnTime users paste it
    (
        "The SMTP server requires a secure connection or the client was not authenticated. The "
        "server response was: 5.7.57 Client not authenticated to send mail. "
        "[SN4PR0201CA0051.namprd02.prod.outlook.com]",
        "relay.auth_required",
    ),
    (
        "The SMTP server requires a secure connection or the client was not authenticated. The "
        "server response was: 5.7.0 Must issue a STARTTLS command first. "
        "d2-20020a05620a2402b0290000000000000si.5 - gsmtp",
        "tls.required",
    ),
    (
        "The SMTP server requires a secure connection or the client was not authenticated. The "
        "server response was: 5.7.0 Authentication Required. Learn more at",
        "relay.auth_required",
    ),
    (
        "The SMTP server requires a secure connection or the client was not authenticated. The "
        "server response was: 5.7.139 Authentication unsuccessful, basic authentication is "
        "disabled.",
        "auth.basic_auth_disabled",
    ),
    (
        "Mailbox unavailable. The server response was: 5.7.60 SMTP; Client does not have "
        "permissions to send as this sender",
        "send.sender_rejected",
    ),
    (
        "Mailbox unavailable. The server response was: 5.7.54 SMTP; Unable to relay recipient in "
        "non-accepted domain",
        "relay.denied",
    ),
    (
        "Transaction failed. The server response was: 5.2.252 SendAsDenied; "
        "dispatch@contoso.com not allowed to send as alerts@courier.example",
        "send.sender_rejected",
    ),
    (
        "Failure sending mail. ---> System.Net.WebException: Unable to connect to the remote "
        "server ---> System.Net.Sockets.SocketException: No connection could be made because the "
        "target machine actively refused it 52.96.1.2:25",
        "net.refused",
    ),
    (
        "Failure sending mail. ---> System.Net.WebException: The remote name could not be "
        "resolved: 'smtp.office356.com'",
        "dns.not_found",
    ),
    ("The operation has timed out.", "net.timeout"),
    (
        "The remote certificate is invalid according to the validation procedure.",
        "tls.cert_untrusted",
    ),
    ("Server does not support secure connections.", "tls.starttls_unavailable"),
    (
        "Unable to read data from the transport connection: net_io_connectionclosed.",
        "smtp.disconnected",
    ),
    ("Unable to connect to the remote server", "net.error"),
    (
        "The SMTP server requires a secure connection or the client was not authenticated.",
        "relay.auth_required",
    ),
]


@pytest.mark.parametrize(
    ("text", "finding_id"), CASES, ids=[c[1] + "-" + str(i) for i, c in enumerate(CASES)]
)
def test_pasted_text_is_explained(text: str, finding_id: str) -> None:
    findings = explain(text).ordered_findings
    assert findings[0].id == finding_id, [f.id for f in findings]


def test_basic_auth_disabled_is_not_a_wrong_password() -> None:
    ids = [
        f.id
        for f in explain(
            "535 5.7.139 Authentication unsuccessful, basic authentication is disabled."
        ).findings
    ]
    assert "auth.failed" not in ids


def test_gmail_bad_credentials_is_not_an_app_password_requirement() -> None:
    ids = [
        f.id
        for f in explain(
            "535-5.7.8 Username and Password not accepted.\n"
            "535 5.7.8 https://support.google.com/mail/?p=BadCredentials"
        ).findings
    ]
    assert ids == ["auth.failed"]


def test_timed_out_says_the_port_465_cause_is_an_inference() -> None:
    finding = explain("The operation has timed out.").findings[0]
    assert "465" in finding.detail and "inference" in finding.detail


def test_unknown_text_is_honestly_not_recognised() -> None:
    explanation = explain("Something odd happened with code 599 and 5.9.9 in it")
    assert [f.id for f in explanation.findings] == ["explain.not_recognised"]
    finding = explanation.findings[0]
    assert finding.severity == "info"
    assert "5.9.9" in finding.detail
    assert explanation.exit_code == 0


def test_explain_cli_reads_stdin_and_prints_contract_json(run_cli) -> None:
    result = run_cli(
        "explain",
        "--json",
        stdin="550 5.7.30 Basic authentication is not supported for Client Submission.\n",
    )
    assert result.code == 1
    data = result.json
    assert data["stages"] == [] and data["transcript"] == []
    assert data["findings"][0]["id"] == "auth.basic_auth_disabled"
    assert data["findings"][0]["reply"] == {
        "code": 550,
        "enhanced": "5.7.30",
        "text": "5.7.30 Basic authentication is not supported for Client Submission.",
    }


def test_explain_cli_text_output(run_cli) -> None:
    result = run_cli("explain", "554 5.7.1 <x@example.org>: Relay access denied")
    assert result.code == 1
    assert "relay.denied" in result.out and "Fix:" in result.out


def test_explain_without_text_is_usage_error(run_cli) -> None:
    result = run_cli("explain", stdin="   \n")
    assert result.code == 2 and result.out == ""


# --- wording first, codes second, and never a code that was not pasted ---------------------

WORDING_ONLY = [
    (
        "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.",
        "auth.smtp_auth_disabled",
    ),
    (
        "Basic authentication is not supported for Client Submission.",
        "auth.basic_auth_disabled",
    ),
    (
        "Application-specific password required. For more information, go to "
        "https://support.google.com/mail/?p=InvalidSecondFactor",
        "auth.app_password_required",
    ),
    ("Please log in via your web browser and then try again.", "auth.web_login_required"),
    ("Client does not have permissions to send as this sender", "send.sender_rejected"),
    ("Daily user sending limit exceeded.", "send.quota_exceeded"),
    ("Unable to relay recipient in non-accepted domain", "relay.denied"),
]


@pytest.mark.parametrize(("text", "finding_id"), WORDING_ONLY)
def test_the_providers_wording_is_recognised_without_a_reply_code(
    text: str, finding_id: str
) -> None:
    explanation = explain(text)
    finding = explanation.ordered_findings[0]
    assert finding.id == finding_id
    assert finding.reply is not None and finding.reply.to_json()["code"] is None


def test_wording_wins_over_a_generic_enhanced_code() -> None:
    finding = explain("5.7.3 STARTTLS is required to send mail").ordered_findings[0]
    assert finding.id == "tls.required"  # about encryption, not the password
    assert finding.reply is not None and finding.reply.to_json()["code"] is None


ALL_TEXTS = [text for text, _ in CASES + WORDING_ONLY] + [
    "5.7.3 STARTTLS is required to send mail",
    "Something odd happened with code 599 and 5.9.9 in it",
]


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_explain_never_quotes_a_code_that_is_not_in_the_paste(text: str) -> None:
    for finding in explain(text).findings:
        if finding.reply is None:
            continue
        code = finding.reply.to_json()["code"]
        assert code is None or str(code) in text, f"{finding.id} quotes {code}, not pasted"
        assert finding.reply.as_line() in " ".join(finding.detail.split())


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_go_to_the_step_matches_the_finding(text: str) -> None:
    from ontime_assist.flow import Flow
    from ontime_assist.session import AssistantSession

    findings = explain(text).ordered_findings
    root = next((f for f in findings if f.severity == "error"), None)
    target = Flow(AssistantSession()).step_for_problem(findings)
    if root is None:
        assert target is None
    else:
        assert target is not None and target.step is root.step


# --- credentials in a paste never come back -------------------------------------------------

LOG_WITH_SECRETS = """\
2026-11-27 09:30:01 S: 220 smtp.example.com ESMTP
2026-11-27 09:30:01 C: AUTH PLAIN AGRpc3BhdGNoQGNvdXJpZXIuZXhhbXBsZQBTM2NyZXQtUGE1NSF3b3Jk
2026-11-27 09:30:02 C: AUTH LOGIN
2026-11-27 09:30:02 S: 334 VXNlcm5hbWU6
2026-11-27 09:30:02 C: ZGlzcGF0Y2hAY291cmllci5leGFtcGxl
2026-11-27 09:30:02 S: 334 UGFzc3dvcmQ6
2026-11-27 09:30:02 C: UzNjcmV0LVBhNTUhd29yZA==
smtp_password=S3cret-Pa55!word; url=smtps://dispatch:S3cret-Pa55!word@smtp.example.com:465
Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.signature
2026-11-27 09:30:03 S: 999 something nobody knows
"""


def test_credentials_in_a_pasted_log_are_removed_before_anything_is_shown(run_cli) -> None:
    done = run_cli("explain", "--json", stdin=LOG_WITH_SECRETS)
    shown = done.out + done.err
    for secret in (
        "S3cret-Pa55!word",
        "AGRpc3BhdGNoQGNvdXJpZXIuZXhhbXBsZQBTM2NyZXQtUGE1NSF3b3Jk",
        "UzNjcmV0LVBhNTUhd29yZA==",
        "ZGlzcGF0Y2hAY291cmllci5leGFtcGxl",
        "eyJhbGciOiJSUzI1NiJ9",
    ):
        assert secret not in shown
    assert "[redacted]" in shown
    explanation = explain(LOG_WITH_SECRETS)
    assert "S3cret" not in explanation.text  # what the wizard puts back in the paste box
