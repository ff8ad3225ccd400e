"""A server trusted only through a certificate authority the user added: the test passes here,
but OnTime (which may send from Vesigo's servers) would not trust that authority. The warning
stays wherever the authority was needed — on the step's result and in the summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ontime_assist.engine.findings import Severity, make

if TYPE_CHECKING:
    from ontime_assist.case.model import TrustedAuthority
    from ontime_assist.engine.result import CheckResult

PRIVATE_AUTHORITY_FIX = (
    "Ask your mail administrator for a certificate from a public authority for this server. "
    "Until then OnTime, which does not know the authority you added here, probably cannot "
    "send through it (an inference: OnTime may send from Vesigo's servers, which trust only "
    "public authorities)."
)


def authority_needed(result: CheckResult, authority: TrustedAuthority) -> bool:
    """Whether the test's encryption rested on the added authority: the server's certificate
    was issued by it (when the certificate was not seen, assume it did)."""
    if result.stage("tls").status != "ok":
        return False
    cert = result.certificate
    return cert is None or cert.issuer == authority.subject


def authority_warning(result: CheckResult, authority: TrustedAuthority) -> CheckResult:
    if not authority_needed(result, authority):
        return result
    warning = make(
        "tls.cert_untrusted",
        f"The certificate of {result.settings.host} is trusted here only because you added "
        f"“{authority.subject}” for this server (SHA-256 {authority.fingerprint}). A sender "
        "that does not have that authority, such as OnTime if it sends from Vesigo's servers, "
        "would refuse the certificate.",
        fix=PRIVATE_AUTHORITY_FIX,
        severity=Severity.WARNING,
    )
    return result._replace(findings=[*result.findings, warning])
