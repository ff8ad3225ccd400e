"""The summary for the provider: renderings, export, and that no password ever gets in."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ontime_assist.pdf_text import text_pdf
from ontime_assist.report_files import write_report

from ontime_assist.engine.redact import Redactor
from ontime_assist.report import (
    Report,
    ReportFinding,
    StepOutcome,
    build_report,
    render_html,
    render_markdown,
    render_text,
)
from ontime_assist.session import AssistantSession, OnTimeServerOutcome
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp

EXPECTED = Path(__file__).parent / "expected"


def fixed_report() -> Report:
    return Report(
        audience="provider",
        problem="Sending with a login (SMTP AUTH) is turned off for this mailbox "
        "(auth.smtp_auth_disabled)",
        steps=[
            StepOutcome(
                "1. Try the OnTime Mail Server",
                "Notifications went out through the "
                "OnTime Mail Server: OnTime works, our own mail account is the "
                "problem.",
            ),
            StepOutcome(
                "2. Account credentials",
                "Tested: Sending with a login (SMTP AUTH) is turned off for this mailbox.",
            ),
            StepOutcome("3. Mail server settings", "Not tested."),
            StepOutcome("4. Account configuration (SMTP relay)", "Not tested."),
        ],
        settings=[
            ("Server", "smtp.office365.com"),
            ("Port", "587"),
            ("Encryption", "starttls"),
            ("User name", "dispatch@contoso.com"),
        ],
        findings=[
            ReportFinding(
                "auth.smtp_auth_disabled",
                "error",
                "Sending with a login (SMTP AUTH) is turned off for this mailbox",
                "At the login step the server replied: 535 5.7.139 Authentication unsuccessful, "
                "SmtpClientAuthentication is disabled for the Mailbox.",
                "Your email administrator must turn on “Authenticated SMTP” for this mailbox.",
                "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for "
                "the Mailbox.",
            )
        ],
        requests=[
            "Please enable SMTP AUTH (authenticated SMTP) for the mailbox dispatch@contoso.com."
        ],
        ontime_settings=None,
        transcript="     0.0 ms  *** connected\n    12.0 ms  <- 220 smtp.office365.com ready",
        environment=[
            ("Tested", "2026-11-27 09:30:00 CET (UTC+0100)"),
            ("From", "this computer (Windows 11), OnTime Assist 0.1.0"),
            ("Server on the local network", "no"),
        ],
    )


@pytest.mark.parametrize(
    ("renderer", "name"),
    [(render_text, "report.txt"), (render_markdown, "report.md"), (render_html, "report.html")],
)
def test_renderings_match_the_reviewed_expectations(renderer, name) -> None:
    rendered = renderer(fixed_report())
    expected_file = EXPECTED / name
    if os.environ.get("ONTIME_ASSIST_UPDATE_EXPECTED"):
        expected_file.write_text(rendered, encoding="utf-8")
    assert rendered == expected_file.read_text(encoding="utf-8")


def test_subject_and_requests_name_the_mailbox() -> None:
    report = fixed_report()
    assert report.subject.startswith("Mail account problem: Sending with a login")
    assert "dispatch@contoso.com" in render_text(report)


def test_pdf_is_a_wellformed_document() -> None:
    pdf = text_pdf(render_text(fixed_report()), title="summary")
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert b"SmtpClientAuthentication" in pdf
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref : xref + 4] == b"xref"


def pdf_text_parts(pdf: bytes) -> bytes:
    """What a PDF says, without its structure (whose offsets are digits a secret may share)."""
    streams = re.findall(rb"\nstream\n(.*?)\nendstream", pdf, re.S)
    info = pdf.rsplit(b"/Title", 1)[1].split(b">>")[0]
    return b"\n".join([*streams, info]).replace(b"\\(", b"(").replace(b"\\)", b")")


def encodings(secret: str) -> list[bytes]:
    raw = secret.encode("utf-8")
    return [
        raw,
        base64.b64encode(raw),
        urllib.parse.quote(secret, safe="").encode(),
        raw.hex().encode(),
    ]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    secret=st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=8, max_size=30
    )
)
def test_no_password_in_any_format(secret: str, tmp_path: Path) -> None:
    session = AssistantSession(password=secret, host="smtp.example.com", username="a@b.example")
    session.ontime_server = OnTimeServerOutcome.WORKED
    report = build_report(session)
    # Even if a server had echoed it into a finding:
    report.findings.append(
        ReportFinding(
            "auth.failed",
            "error",
            "t",
            f"echo {secret}",
            "fix",
            f"535 {base64.b64encode(secret.encode()).decode()}",
        )
    )
    outputs = [
        render_text(report).encode(),
        render_markdown(report).encode(),
        render_html(report).encode(),
    ]
    for suffix in (".txt", ".md", ".html", ".pdf"):
        target = tmp_path / f"r{suffix}"
        write_report(report, target)
        outputs.append(
            pdf_text_parts(target.read_bytes()) if suffix == ".pdf" else target.read_bytes()
        )
    for output in outputs:
        for form in encodings(secret):
            assert form not in output


def test_report_of_a_real_failing_session(run_cli, certs, tmp_path: Path) -> None:
    script = Script(
        tls_context=certs.good,
        auth="535 5.7.139 Authentication unsuccessful, "
        "SmtpClientAuthentication is disabled for the "
        "Tenant.",
    )
    target = tmp_path / "summary.md"
    with scripted_smtp(script) as (server, _):
        result = run_cli(
            "check",
            "--host",
            "127.0.0.1",
            "--port",
            str(server.port),
            "--cafile",
            certs.cafile,
            "--username",
            "dispatch@contoso.onmicrosoft.com",
            "--password-stdin",
            "--report",
            str(target),
            stdin=PASSWORD,
        )
    assert result.code == 1
    text = target.read_text("utf-8")
    assert "auth.smtp_auth_disabled" in text
    assert "SmtpClientAuthentication is disabled for the Tenant" in text
    assert "Please enable SMTP AUTH" in text
    assert PASSWORD not in text
    assert "[redacted]" in text  # the AUTH line of the transcript


def test_report_format_from_extension_is_checked(run_cli, tmp_path: Path) -> None:
    result = run_cli(
        "check", "--host", "127.0.0.1", "--port", "25", "--report", str(tmp_path / "summary.docx")
    )
    assert result.code == 2 and ".txt, .md, .html or .pdf" in result.err


def test_report_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "summary.txt"
    target.write_text("the good old summary")

    def broken(_report: Report) -> str:
        raise RuntimeError("renderer failed half way")

    monkeypatch.setitem(
        __import__("ontime_assist.report_files").report_files.RENDERERS, ".txt", broken
    )
    with pytest.raises(RuntimeError):
        write_report(fixed_report(), target)
    assert target.read_text() == "the good old summary"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.txt"]


def test_healthy_session_gets_the_ontime_settings_card(certs) -> None:
    from ontime_assist.engine.probe import run_check
    from ontime_assist.engine.settings import build_settings

    with scripted_smtp(Script(tls_context=certs.good, implicit_tls=True)) as (server, _):
        result = run_check(
            build_settings(
                host="127.0.0.1",
                port=server.port,
                cafile=certs.cafile,
                username="d@x.example",
                timeout=3,
            ),
            "pw-123456",
        )
    session = AssistantSession(password="pw-123456")
    session.results["server_settings"] = result
    report = build_report(session, now=dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC))
    card = dict(report.ontime_settings or [])
    assert card["SSL"] == "ticked" and card["Use Windows Authentication"] == "unticked"
    assert "587" in card["Port"]  # the port 465 advice, as an inference
    assert report.subject == "Mail account works: the settings for OnTime"
    assert "2026-11-27 09:30:00" in render_text(report)
    assert "Server on the local network: yes (address 127.0.0.1)" in render_text(report)


def test_redactor_is_applied_to_every_rendering() -> None:
    report = fixed_report()
    report.redactor = Redactor(["dispatch@contoso.com"])
    for renderer in (render_text, render_markdown, render_html):
        assert "dispatch@contoso.com" not in renderer(report)


def test_causes_fixed_by_the_user_ask_the_provider_nothing(certs) -> None:
    from ontime_assist.engine.probe import run_check
    from ontime_assist.engine.settings import build_settings

    script = Script(
        tls_context=certs.good,
        auth="534-5.7.9 Application-specific password "
        "required.\n534 5.7.9 https://support.google.com",
    )
    with scripted_smtp(script) as (server, _):
        result = run_check(
            build_settings(
                host="127.0.0.1",
                port=server.port,
                cafile=certs.cafile,
                username="d@gmail.com",
                timeout=3,
            ),
            "pw-123456",
        )
    session = AssistantSession(password="pw-123456")
    session.results["credentials"] = result
    report = build_report(session)
    assert report.findings[0].id == "auth.app_password_required"
    assert report.requests == []
    assert "What we would like you to do" not in render_text(report)
