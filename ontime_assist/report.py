"""The summary for the provider (or for OnTime support): one model, several renderings.

The model is built from what the assistant found; renderers turn it into an email body (plain
text), Markdown or printable HTML. Nothing here knows about Qt, so `check --report` can write
the same report headlessly. The password is never part of the model, and every rendering is
passed through the redactor once more.
"""

from __future__ import annotations

import datetime as dt
import html
import platform
from dataclasses import dataclass, field

from ontime_assist import __version__
from ontime_assist.engine.findings import Finding, Severity
from ontime_assist.engine.redact import Redactor
from ontime_assist.engine.result import CheckResult
from ontime_assist.engine.settings import looks_local
from ontime_assist.session import AssistantSession, OnTimeServerOutcome

ONTIME_PATH = "Home → General Options → Connections → Email Server → Other Mail Server"

# Causes the user fixes without the provider (in OnTime or their own account): the summary
# asks the provider nothing about them.
FIXED_BY_THE_USER = frozenset(
    {
        "auth.app_password_required",
        "auth.web_login_required",
        "auth.plaintext_refused",
        "auth.requires_tls",
        "auth.windows_only",
        "tls.expects_implicit",
        "tls.not_implicit",
        "tls.required",
        "tls.intercepted",
        "dns.not_found",
        "net.refused",
        "smtp.not_smtp",
        "input.stray_space",
        "smtp.cancelled",
    }
)


@dataclass(frozen=True)
class StepOutcome:
    name: str
    outcome: str


@dataclass(frozen=True)
class ReportFinding:
    id: str
    severity: str
    title: str
    detail: str
    fix: str
    reply: str  # the server's exact reply, or ""


@dataclass
class Report:
    audience: str  # "provider" or "ontime_support"
    problem: str
    steps: list[StepOutcome]
    settings: list[tuple[str, str]]
    findings: list[ReportFinding]
    requests: list[str]
    ontime_settings: list[tuple[str, str]] | None
    transcript: str
    environment: list[tuple[str, str]]
    redactor: Redactor = field(default_factory=Redactor, repr=False)

    @property
    def headline_label(self) -> str:
        has_error = any(f.severity == "error" for f in self.findings)
        return "Problem" if has_error or self.audience == "ontime_support" else "Result"

    @property
    def subject(self) -> str:
        if self.audience == "ontime_support":
            return f"OnTime notifications: {self.problem}"[:140]
        if not any(f.severity == "error" for f in self.findings) and self.ontime_settings:
            return "Mail account works: the settings for OnTime"
        return f"Mail account problem: {self.problem}"[:140]


def _finding(f: Finding) -> ReportFinding:
    reply = f.reply.as_line() if f.reply is not None else ""
    return ReportFinding(f.id, f.severity.value, f.title, f.detail, f.fix, reply)


def _local_network(result: CheckResult) -> str:
    kind = result.address_kind
    if kind is None:
        return "yes, by its name" if looks_local(result.settings.host) else "unknown"
    return f"{'no' if kind == 'public' else 'yes'} (address {result.peer_address})"


def _requests(findings: list[Finding], result: CheckResult | None) -> list[str]:
    s = result.settings if result else None
    mailbox = (s.username if s and s.username else "our mailbox") if s else "our mailbox"
    sender = s.from_addr if s else ""
    wanted: dict[str, str] = {
        "auth.smtp_auth_disabled": f"Please enable SMTP AUTH (authenticated SMTP) for the "
        f"mailbox {mailbox}.",
        "auth.basic_auth_disabled": f"Please allow password-based SMTP AUTH for {mailbox}, or "
        "tell us which sending method you support for a program "
        "that sends notifications.",
        "relay.denied": f"Is relay to outside addresses allowed for {mailbox}? Please allow it "
        "for our notifications.",
        "relay.auth_required": "Which login does this server need to accept our mail?",
        "send.sender_rejected": f"Please allow {mailbox} to send as {sender or 'our From address'}"
        " (Send As), or tell us which From address to use.",
        "send.quota_exceeded": "What is our sending limit, and can it be raised?",
        "smtp.rejected_connection": "Our internet address is refused when connecting. Please "
        "tell us why and lift the block.",
        "server.rate_limited": "We are being rate-limited. What are the limits?",
        "server.temporary_failure": "The server answers with a temporary failure. Is there a "
        "known problem?",
        "tls.cert_expired": "Your server's certificate appears expired. Please renew it.",
        "auth.failed": f"Please confirm the correct user name for {mailbox} and whether SMTP "
        "login is enabled for it.",
    }
    out = []
    for finding in findings:
        text = wanted.get(finding.id)
        if text and text not in out:
            out.append(text)
    root = next((f for f in findings if f.severity is Severity.ERROR), None)
    if not out and root is not None and root.id not in FIXED_BY_THE_USER:
        out.append(
            "Could you look at your logs for the time of this test and tell us why the "
            "server refused?"
        )
    return out


def build_report(
    session: AssistantSession, now: dt.datetime | None = None, system: str | None = None
) -> Report:
    now = now or dt.datetime.now().astimezone()
    result = session.latest_result
    findings = result.ordered_findings if result else list(session.explained)
    redactor = (
        result.redactor if result else Redactor([session.password] if session.password else [])
    )
    if session.password:
        redactor.add(session.password)
    audience = (
        "ontime_support" if session.ontime_server is OnTimeServerOutcome.FAILED else "provider"
    )
    root = next((f for f in findings if f.severity is Severity.ERROR), None)
    if audience == "ontime_support":
        problem = (
            "OnTime's notifications are not sent, neither through our own mail server "
            "nor through the OnTime Mail Server"
        )
    elif root is not None:
        problem = f"{root.title} ({root.id})"
    elif result is not None:
        problem = "The mail account works from this computer with the settings below"
    else:
        problem = "OnTime's notification emails are not going out"
    steps = _steps(session)
    settings_rows: list[tuple[str, str]] = []
    if result is not None:
        s = result.settings
        settings_rows = [
            ("Server", s.host),
            ("Port", str(s.port)),
            ("Encryption", result.security_used),
            ("User name", s.username or "(none)"),
            ("From address", s.from_addr or "(none)"),
            ("Test recipient", s.to_addr or "(none)"),
            (
                "OnTime's “Use Windows Authentication”",
                "ticked" if session.windows_auth else "unticked",
            ),
        ]
    system = system or f"{platform.system()} {platform.release()}"
    environment = [
        ("Tested", now.strftime("%Y-%m-%d %H:%M:%S %Z (UTC%z)")),
        ("From", f"this computer ({system}), OnTime Assist {__version__}"),
    ]
    if result is not None:
        environment.append(("Server on the local network", _local_network(result)))
    return Report(
        audience=audience,
        problem=problem,
        steps=steps,
        settings=settings_rows,
        findings=[_finding(f) for f in findings],
        requests=[] if audience == "ontime_support" else _requests(findings, result),
        ontime_settings=_ontime_card(session, result),
        transcript=result.transcript.render() if result else "",
        environment=environment,
        redactor=redactor,
    )


def _steps(session: AssistantSession) -> list[StepOutcome]:
    ontime = {
        OnTimeServerOutcome.WORKED: "Notifications went out through the OnTime Mail Server: "
        "OnTime works, our own mail account is the problem.",
        OnTimeServerOutcome.FAILED: "Notifications did not go out through the OnTime Mail "
        "Server either.",
        OnTimeServerOutcome.NOT_TRIED: "Not tried (could not switch at the time).",
        OnTimeServerOutcome.NOT_ANSWERED: "Not done.",
    }[session.ontime_server]
    rows = [StepOutcome("1. Try the OnTime Mail Server", ontime)]
    for number, key, name in (
        (2, "credentials", "Account credentials"),
        (3, "server_settings", "Mail server settings"),
        (4, "relay", "Account configuration (SMTP relay)"),
    ):
        result = session.results.get(key)
        if result is None:
            outcome = "Not tested."
        elif result.root_cause is None:
            outcome = "Tested: no problem found."
        else:
            outcome = f"Tested: {result.root_cause.title}."
        rows.append(StepOutcome(f"{number}. {name}", outcome))
    return rows


def _ontime_card(
    session: AssistantSession, result: CheckResult | None
) -> list[tuple[str, str]] | None:
    """The values to type into OnTime, when a test found a working configuration."""
    if result is None or not result.ok or result.stage("connect").status != "ok":
        return None
    s = result.settings
    used = result.security_used
    port = str(s.port)
    advice = ""
    if used == "ssl":
        advice = (
            " (OnTime probably sends through Windows' standard mail component, which "
            "does not support SSL from the first byte: if port 465 times out in OnTime, "
            "use port 587 with SSL ticked — an inference, not confirmed)"
        )
    return [
        ("Email Server", "Other Mail Server"),
        ("Server", s.host),
        ("Port", port + advice),
        ("SSL", "ticked" if used in ("ssl", "starttls") else "unticked"),
        ("User name", s.username or "(leave empty)"),
        ("Password", "the password you tested (not shown here)"),
        ("Use Windows Authentication", "unticked"),
        ("From address", s.from_addr or session.from_addr or "(the mailbox address)"),
    ]


# --- renderers -----------------------------------------------------------------------------


def _greeting(report: Report) -> str:
    if report.audience == "ontime_support":
        return "Hello OnTime support,"
    return "Hello,"


def render_text(report: Report) -> str:
    lines = [
        _greeting(report),
        "",
        f"{report.headline_label}: {report.problem}.",
        "",
    ]
    if report.ontime_settings:
        lines += [
            f"OnTime settings to enter ({ONTIME_PATH}):",
            *[f"  {k}: {v}" for k, v in report.ontime_settings],
            "",
        ]
    lines += [
        "What was tried:",
        *[f"  {s.name}: {s.outcome}" for s in report.steps],
        "",
    ]
    if report.requests:
        lines += [
            "What we would like you to do or answer:",
            *[f"  - {r}" for r in report.requests],
            "",
        ]
    if report.settings:
        lines += ["Settings used:", *[f"  {k}: {v}" for k, v in report.settings], ""]
    if report.findings:
        lines.append("Findings (most important first):")
        for f in report.findings:
            lines.append(f"  [{f.severity}] {f.title} ({f.id})")
            lines.append(f"      Seen: {f.detail}")
            if f.reply:
                lines.append(f"      Server reply: {f.reply}")
            if f.severity != "ok":
                lines.append(f"      Fix: {f.fix}")
        lines.append("")
    lines += ["When and where:", *[f"  {k}: {v}" for k, v in report.environment], ""]
    if report.transcript:
        lines += ["Conversation with the server (password removed):", report.transcript, ""]
    lines.append("Thank you.")
    return report.redactor("\n".join(lines) + "\n")


def render_markdown(report: Report) -> str:
    md = [
        f"# {report.subject}",
        "",
        _greeting(report),
        "",
        f"**{report.headline_label}:** {report.problem}.",
        "",
    ]
    if report.ontime_settings:
        md += [
            f"## OnTime settings to enter ({ONTIME_PATH})",
            "",
            "| Field | Value |",
            "| --- | --- |",
            *[f"| {k} | {_md_cell(v)} |" for k, v in report.ontime_settings],
            "",
        ]
    md += ["## What was tried", *[f"- **{s.name}:** {s.outcome}" for s in report.steps], ""]
    if report.requests:
        md += [
            "## What we would like you to do or answer",
            *[f"- {r}" for r in report.requests],
            "",
        ]
    if report.settings:
        md += [
            "## Settings used",
            "",
            "| Setting | Value |",
            "| --- | --- |",
            *[f"| {k} | {_md_cell(v)} |" for k, v in report.settings],
            "",
        ]
    if report.findings:
        md += ["## Findings (most important first)", ""]
        for f in report.findings:
            md += [f"### {f.title} (`{f.id}`, {f.severity})", "", f"- Seen: {f.detail}"]
            if f.reply:
                md.append(f"- Server reply: `{f.reply}`")
            if f.severity != "ok":
                md.append(f"- Fix: {f.fix}")
            md.append("")
    md += ["## When and where", *[f"- {k}: {v}" for k, v in report.environment], ""]
    if report.transcript:
        md += [
            "## Conversation with the server (password removed)",
            "",
            "```",
            report.transcript,
            "```",
            "",
        ]
    return report.redactor("\n".join(md))


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_html(report: Report) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{e(report.subject)}</title>",
        "<style>body{font-family:sans-serif;max-width:48em;margin:1em auto;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;"
        "text-align:left;vertical-align:top}pre{white-space:pre-wrap;font-size:.85em}"
        "@media print{pre{font-size:.75em}}</style></head><body>",
        f"<h1>{e(report.subject)}</h1>",
        f"<p>{e(_greeting(report))}</p>",
        f"<p><b>{report.headline_label}:</b> {e(report.problem)}.</p>",
    ]
    if report.ontime_settings:
        parts += [
            f"<h2>OnTime settings to enter</h2><p>{e(ONTIME_PATH)}</p><table>",
            *[f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in report.ontime_settings],
            "</table>",
        ]
    parts += [
        "<h2>What was tried</h2><ul>",
        *[f"<li><b>{e(s.name)}:</b> {e(s.outcome)}</li>" for s in report.steps],
        "</ul>",
    ]
    if report.requests:
        parts += [
            "<h2>What we would like you to do or answer</h2><ul>",
            *[f"<li>{e(r)}</li>" for r in report.requests],
            "</ul>",
        ]
    if report.settings:
        parts += [
            "<h2>Settings used</h2><table>",
            *[f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in report.settings],
            "</table>",
        ]
    if report.findings:
        parts.append("<h2>Findings (most important first)</h2>")
        for f in report.findings:
            parts.append(
                f"<h3>{e(f.title)} <small>({e(f.id)}, {e(f.severity)})</small></h3><ul>"
                f"<li>Seen: {e(f.detail)}</li>"
            )
            if f.reply:
                parts.append(f"<li>Server reply: <code>{e(f.reply)}</code></li>")
            if f.severity != "ok":
                parts.append(f"<li>Fix: {e(f.fix)}</li>")
            parts.append("</ul>")
    parts += [
        "<h2>When and where</h2><ul>",
        *[f"<li>{e(k)}: {e(v)}</li>" for k, v in report.environment],
        "</ul>",
    ]
    if report.transcript:
        parts += [
            "<h2>Conversation with the server (password removed)</h2>",
            f"<pre>{e(report.transcript)}</pre>",
        ]
    parts.append("</body></html>")
    return report.redactor("".join(parts))
