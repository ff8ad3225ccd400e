"""Practice, as the record of evidence says it: advice that names a real provider's ports
(587, 465) names the practice server's own ports, which play their parts, so that what the
practice run recommends is what works on the practice server."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ontime_assist.engine.check.result import CheckResult
    from ontime_assist.session import Practice

PRACTICE_NOTE = (
    "this summary comes from the practice server built into OnTime Assist, not from a real "
    "mail account: there is nothing in it to send to anyone."
)


def practice_ports(text: str, practice: Practice) -> str:
    """`text` with "port 587"/"port 465" as the practice server's ports, and a note saying which
    plays which part when the text names those ports otherwise."""
    if "587" not in text and "465" not in text:
        return text
    out = text.replace("port 587", f"port {practice.starttls_port}").replace(
        "port 465", f"port {practice.implicit_port}"
    )
    return (
        f"{out} (On the practice server, port {practice.starttls_port} is the STARTTLS port, "
        f"the 587 kind, and port {practice.implicit_port} the SSL-from-the-first-byte port, "
        "the 465 kind.)"
    )


def practice_result(result: CheckResult, practice: Practice) -> CheckResult:
    findings = [f._replace(fix=practice_ports(f.fix, practice)) for f in result.findings]
    return result._replace(findings=findings)
