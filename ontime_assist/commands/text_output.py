"""Plain-text rendering of a check or an explanation, for the terminal."""

from __future__ import annotations

from ontime_assist.engine.check.stages import STATUS_SIGNS, STATUS_WORDS
from ontime_assist.engine.finding_kinds import SEVERITY_SIGNS
from ontime_assist.engine.findings import Finding, Severity, ordered, root_cause
from ontime_assist.engine.ontime_terms import ssl_setting

TYPE_CHECKING = False  # mypy reads it as True; typing is not loaded (records.py)

if TYPE_CHECKING:
    from ontime_assist.engine.check.result import CheckResult
    from ontime_assist.engine.diagnosis.explain import Explanation
    from ontime_assist.engine.discovery.outcome import Discovery


def _wrap(label: str, text: str) -> list[str]:
    return wrap_words(text, WIDTH, f"    {label:<8}", " " * 12)


WIDTH = 96  # a terminal's 100 columns, less a margin


def wrap_words(text: str, width: int, first: str, rest: str) -> list[str]:
    """Greedy word wrap: what textwrap does for this output, without loading textwrap (and
    its regular expressions) into every check."""
    lines: list[str] = []
    line = indent = first
    for word in text.split():
        if len(line) > len(indent) and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = indent = rest
        line += word if len(line) == len(indent) else " " + word
    lines.append(line.rstrip())
    return lines


def render_findings(findings: list[Finding]) -> list[str]:
    lines: list[str] = []
    for finding in findings:
        mark = f"{SEVERITY_SIGNS[finding.severity]} {finding.severity.value.upper()}"
        lines.append(f"  {mark}  {finding.title}  [{finding.id}]")
        lines.extend(_wrap("Seen:", finding.detail))
        if finding.severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            lines.extend(_wrap("Fix:", finding.fix))
        lines.append("")
    return lines


def render_check(result: CheckResult, findings: list[Finding] | None = None) -> str:
    s = result.settings
    lines = [
        f"OnTime Assist: {s.host} port {s.port}, security {result.security_used}"
        + (f", user {s.username}" if s.username else ""),
        "",
        "Stages:",
    ]
    for stage in result.stages:
        data = stage.to_json()
        ms = f"{data['ms']:>8} ms" if data["status"] != "skipped" else " " * 11
        status = str(data["status"])
        worded = f"{STATUS_SIGNS[status]} {STATUS_WORDS[status].lower()}"
        lines.append(f"  {stage.name:<9}{worded:<11}{ms}  {stage.detail}")
    lines += ["", "Findings:"]
    shown = findings if findings is not None else result.ordered_findings
    lines += render_findings(shown)
    lines.append(f"Result: {_verdict(result, shown)}")
    lines += ["", "Transcript:", result.transcript.render(), ""]
    return result.redactor("\n".join(lines))


def _verdict(result: CheckResult, findings: list[Finding]) -> str:
    root = root_cause(findings)
    if root is None:
        return "no problem found"
    if is_sender(root) and any(s.name == "data" and s.status == "ok" for s in result.stages):
        # The server took the message; what goes wrong happens at the receivers. Say both, so
        # nobody reads "problem found" as "the mail server is broken".
        return (
            "sending worked: the server accepted the test message. But "
            f"{root.title[0].lower()}{root.title[1:]} [{root.id}]."
        )
    return f"problem found: {root.title}"


def is_sender(finding: Finding) -> bool:
    """A finding of the sender checks (SPF, DKIM, DMARC of the From address's domain)."""
    return finding.id.startswith("sender.")


def render_explanation(explanation: Explanation) -> str:
    lines = ["OnTime Assist: explanation of the message", ""]
    lines += render_findings(explanation.ordered_findings)
    return "\n".join(lines)


def render_discovery(found: Discovery) -> str:
    lines = [f"OnTime Assist: settings for {found.address}", ""]
    provider = found.provider
    lines.append(f"Provider: {provider.described}" if provider else "Provider: not recognised")
    if found.mx_hosts:
        lines.append(f"Mail records (MX): {', '.join(found.mx_hosts)}")
    lines += ["", "Tried:"]
    if not found.probes:
        lines.append("  no server: the search ended before any could be tried (see below)")
    for probe in found.probes:
        speaks = probe.security.value if probe.security else "?"
        mark = "✓" if probe.outcome == "ok" else "✗"
        lines.append(
            f"  {mark} {probe.host} port {probe.port:<5} {speaks:<9} {probe.ms:>7.0f} ms  "
            f"{probe.detail}"
        )
        if probe.certificate and probe.certificate != "verified":
            lines.append(f"      certificate: {probe.certificate}")
    lines.append("")
    recommended = found.recommended
    if recommended is not None:
        lines += [
            "Recommended for OnTime:",
            f"  Server: {recommended.host}",
            f"  Port:   {recommended.port}",
            f"  SSL:    {ssl_setting(recommended.security)}",
            *_wrap("Why:", recommended.why),
            "",
        ]
    else:
        lines += ["No setting to recommend.", ""]
    search = [f for f in found.findings if not is_sender(f)]
    sender = [f for f in found.findings if is_sender(f)]
    lines += ["Findings:", *render_findings(ordered(search))]
    if sender:
        if recommended is not None:
            way = f"sending through {recommended.host}"
        else:
            way = f"sending through {provider.name}" if provider else "an unknown way of sending"
        lines += [
            f"Will receivers trust mail from {found.domain}? (SPF, DKIM and DMARC, judged for "
            f"{way})",
            *render_findings(ordered(sender)),
        ]
    return "\n".join(lines)
