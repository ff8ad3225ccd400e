"""One probe's check, read as what the port is: what it speaks, its certificate, its logins."""

from __future__ import annotations

from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings import Security
from ontime_assist.engine.check.stages import STAGES
from ontime_assist.engine.discovery.outcome import Candidate, Probe

_CERTIFICATE_WORDS = {
    "tls.cert_untrusted": "not from a trusted authority",
    "tls.cert_hostname_mismatch": "for another server name",
    "tls.cert_expired": "expired",
    "tls.intercepted": "replaced by antivirus or a proxy",
}


def probe_from_result(candidate: Candidate, result: CheckResult) -> Probe:
    ids = {f.id for f in result.findings}
    root = result.root_cause
    if "smtp.cancelled" in ids:
        stopped_at = next((s.name for s in result.stages if s.status == "failed"), "connect")
        # What the probe stopped at the search's deadline was still waiting for.
        outcome = STAGES[stopped_at].timed_out
    else:
        outcome = root.id if root is not None else "ok"
    security = result.security_used if result.security_used is not Security.AUTO else None
    if "tls.ok" in ids:
        certificate = "verified"
    elif root is not None and root.id in _CERTIFICATE_WORDS:
        certificate = _CERTIFICATE_WORDS[root.id]
        if result.certificate is not None:
            certificate += f" ({result.certificate.describe()})"
    else:
        certificate = ""
    return Probe(
        candidate=candidate,
        security=security,
        outcome=outcome,
        ms=sum(s.ms for s in result.stages),
        auth=result.auth_offered,
        certificate=certificate,
        detail=_detail(outcome, security, result),
        result=result,
    )


def _detail(outcome: str, security: Security | None, result: CheckResult) -> str:
    if outcome == "ok":
        speaks = {
            Security.STARTTLS: "STARTTLS",
            Security.SSL: "SSL from the first byte",
            Security.NONE: "plain SMTP without encryption",
        }.get(security or Security.AUTO, "SMTP")
        logins = " ".join(result.auth_offered) if result.auth_offered else "no login"
        return f"speaks {speaks}; offers {logins}"
    root = result.root_cause
    if root is not None and root.id == outcome:
        return root.detail
    return {
        "dns.failed": "the name could not be looked up in time",
        "net.timeout": "no answer to the connection attempt in time",
        "smtp.no_greeting": "connected, but no greeting in time",
        "smtp.reply_timeout": "connected, but the conversation did not finish in time",
    }.get(outcome, outcome)
