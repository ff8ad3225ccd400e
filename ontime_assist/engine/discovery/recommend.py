"""Which found setting to recommend: one that works AND that OnTime can use.

OnTime very likely sends through .NET's SmtpClient (an inference): its "SSL" box is STARTTLS,
and it cannot speak TLS from the first byte at all. So the order is:
1. port 587 with STARTTLS and a login;
2. another STARTTLS port with a login (2525, then 25; 25 is often blocked by internet providers);
3. port 465 (SSL from the first byte), only when nothing else offers a login, and then said
   plainly, with the way out: the OnTime Mail Server, or asking the provider for port 587.
A candidate counts only if its certificate verified and it offers a login after encryption.
Among equals the provider's own host wins, then the domain's own document, then the guesses.
"""

from __future__ import annotations

from ontime_assist.engine.check.settings import Security
from ontime_assist.engine.connection.smtp_client import ONTIME_AUTH, TESTABLE_AUTH
from ontime_assist.engine.discovery.outcome import Discovery, Probe, Recommendation
from ontime_assist.engine.findings import make
from ontime_assist.engine.ontime_terms import IMPLICIT_TLS_ADVICE, ONTIME_SETTINGS_PATH
from ontime_assist.engine.providers import policy
from ontime_assist.engine.providers.recognise import provider_by_id

SUBMISSION_PORT = 587
_STARTTLS_PORT_ORDER = {SUBMISSION_PORT: 0, 2525: 1, 25: 2}
_OTHER_STARTTLS_PORT = 3
_IMPLICIT_TLS = 9


def port_rank(probe: Probe) -> int:
    if probe.security is Security.STARTTLS:
        return _STARTTLS_PORT_ORDER.get(probe.port, _OTHER_STARTTLS_PORT)
    return _IMPLICIT_TLS


def usable(probe: Probe) -> bool:
    """Works, encrypted, verified, and offers a login we can test with."""
    return (
        probe.outcome == "ok"
        and probe.security in (Security.STARTTLS, Security.SSL)
        and probe.certificate == "verified"
        and any(m in TESTABLE_AUTH for m in probe.auth)
    )


def rank(probe: Probe) -> tuple[int, int, int]:
    ontime_login = 0 if any(m in ONTIME_AUTH for m in probe.auth) else 1
    return (port_rank(probe), probe.candidate.host_rank, ontime_login)


def add_recommendation(found: Discovery) -> None:
    """Set `found.recommended` and add the findings that explain it."""
    candidates = sorted((p for p in found.probes if usable(p)), key=rank)
    if found.provider is not None:
        found.findings.insert(
            0,
            make(
                "discover.provider",
                f"{found.provider.described}"
                + (f" ({found.provider.evidence})." if found.provider.evidence else "."),
            ),
        )
        provider = provider_by_id(found.provider.id)
        if provider is not None and provider.login_policy == "ended":
            found.findings.append(
                make(
                    "auth.oauth_only_account",
                    f"{found.address} is a {provider.name} address. {policy.ended(provider)}",
                )
            )
        elif provider is not None and provider.login_policy == "retiring":
            found.findings.append(
                make(
                    "auth.basic_auth_retiring",
                    f"{provider.name} hosts {found.address}. OnTime's “Other Mail Server” "
                    "signs in with a password (or an app password). "
                    + policy.password_sign_in(provider),
                    title=policy.retiring_title(provider),
                )
            )
    if not candidates:
        if not found.probes:
            return
        found.findings.append(
            make("discover.no_recommendation", _nothing_works(found), extra_fix=_way_out(found))
        )
        return
    best = candidates[0]
    found.recommended = Recommendation(
        best.host, best.port, best.security or Security.STARTTLS, _why(best, found), best.auth
    )
    if port_rank(best) == _IMPLICIT_TLS:
        found.findings.append(
            make(
                "discover.only_implicit_tls",
                f"Only {best.host} port {best.port} offers a login, and it uses SSL from the "
                "first byte. " + IMPLICIT_TLS_ADVICE,
                extra_fix=_way_out(found),
            )
        )
    if not any(m in ONTIME_AUTH for m in best.auth):
        found.findings.append(
            make(
                "auth.login_not_offered",
                f"{best.host} port {best.port} offers AUTH {' '.join(best.auth)}, but not "
                "AUTH LOGIN.",
            )
        )


def _why(best: Probe, found: Discovery) -> str:
    where = f"{best.host} port {best.port}"
    logins = " ".join(best.auth)
    if best.security is Security.STARTTLS and best.port == SUBMISSION_PORT:
        return (
            f"{where} works with STARTTLS (in OnTime: the SSL box ticked): the connection is "
            f"encrypted, the certificate is valid for {best.host}, and it offers a login "
            f"({logins})."
        )
    submission = found.probe(best.host, SUBMISSION_PORT)
    not_587 = (
        f" Port {SUBMISSION_PORT} did not work here ({_said(submission)})." if submission else ""
    )
    if best.security is Security.STARTTLS:
        blocked = (
            " Many internet providers block port 25; it works from this computer."
            if best.port == 25
            else ""
        )
        return (
            f"{where} works with STARTTLS (in OnTime: the SSL box ticked) and offers a login "
            f"({logins}).{not_587}{blocked}"
        )
    return (
        f"{where} is the only one that offers a login ({logins}), and it uses SSL from the "
        f"first byte, which OnTime probably cannot use (an inference).{not_587}"
    )


def _said(probe: Probe | None) -> str:
    return probe.detail.rstrip(".") if probe is not None else "not tried"


def _nothing_works(found: Discovery) -> str:
    lines = [f"{p.host} port {p.port}: {_said(p)}" for p in found.probes]
    return "No server offered an encrypted login: " + "; ".join(lines) + "."


def _way_out(found: Discovery) -> str:
    who = found.provider.name if found.provider else "your email provider"
    return (
        f"Ask {who} for the outgoing server with port 587 and STARTTLS, or use the OnTime Mail "
        f"Server until then ({ONTIME_SETTINGS_PATH})."
    )
