"""A server trusted only through a certificate authority the user added: the test passes here,
but OnTime (which may send from Vesigo's servers) would not trust that authority. The warning
stays wherever the authority was needed — on the step's result and in the summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ontime_assist.engine.findings import Severity, make

if TYPE_CHECKING:
    from ontime_assist.case.model import TrustedAuthority
    from ontime_assist.engine.check.result import CheckResult

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


def certificate_refused(result: CheckResult) -> bool:
    """Whether the test refused the server's certificate as from an authority this computer
    does not know: an error. A test that passed through an added authority keeps a warning
    under the same id; that is not a refusal."""
    return any(
        f.id == "tls.cert_untrusted" and f.severity is Severity.ERROR for f in result.findings
    )


def trusted_note(authority: TrustedAuthority, issuer: str, missed: bool) -> str:
    """What step 3 says of the authority trusted for the server; `missed`: a test with it was
    still refused, so it is not the authority that issued the server's certificate."""
    text = f"Also trusting, for {authority.host} only: {authority.subject} (from {authority.path})."
    if missed:
        issued = f" (it was issued by {issuer})" if issuer else ""
        text += (
            " <b>It did not make the server's certificate trusted</b>: it is not the "
            f"authority that issued that certificate{issued}. Choose that authority's "
            "certificate instead."
        )
    return text


class TrustOffer(NamedTuple):
    """What step 3 offers about a company's own authority for the server entered now."""

    offer_trust: bool  # "Trust a certificate authority file…"
    trusted_here: bool  # "Stop trusting that authority", and `note`
    note: str


def trust_offer(
    authority: TrustedAuthority | None,
    host: str,
    last: CheckResult | None,
    last_host: str,
    last_cafile: str | None,
    cafile_now: str | None,
) -> TrustOffer:
    """From the step's last test of this server (even if the settings changed since: trusting
    or no longer trusting an authority changes them), whether its certificate needs an
    authority this computer does not know, and what is trusted for `host` now."""
    host = host.strip().lower()
    trusted_here = authority is not None and authority.host == host
    untrusted = (
        last is not None
        and last_host.lower() == host
        and (certificate_refused(last) or (last_cafile is not None and cafile_now is None))
    )
    if not trusted_here or authority is None:
        return TrustOffer(untrusted, False, "")
    # Tested with it and still refused: it is not the authority that issued the server's
    # certificate. Said, and another file can be chosen.
    missed = untrusted and last_cafile == authority.path
    shown = last.certificate if last is not None else None
    return TrustOffer(missed, True, trusted_note(authority, shown.issuer if shown else "", missed))
