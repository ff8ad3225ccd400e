"""Why a certificate was refused: untrusted, for another name, expired, or re-signed by
antivirus or a proxy that intercepts mail. Loaded only when verification fails; the refused
certificate is read again, without verification, only to be described."""

from __future__ import annotations

import datetime as dt
import re
import socket
import ssl
from functools import cache
from typing import NamedTuple

from ontime_assist.engine.tls import CertFacts, cert_facts_from_der


def _inspection_context() -> ssl.SSLContext:
    """A context that accepts any certificate, used only to *read* a certificate that already
    failed verification, so we can say why. Nothing is ever sent over it: the caller closes
    the connection right after the handshake."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # deliberate: inspection only, see docstring
    context.verify_mode = ssl.CERT_NONE  # deliberate: inspection only, see docstring
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def read_certificate(sock: socket.socket, host: str, timeout: float) -> CertFacts | None:
    """Handshake without verification on a connection ready for TLS, return the server's
    certificate and close. Used only after verification failed, to explain the failure."""
    sock.settimeout(timeout)
    try:
        with _inspection_context().wrap_socket(sock, server_hostname=host) as tls_sock:
            der = tls_sock.getpeercert(binary_form=True)
    except (OSError, ValueError):
        return None
    if not der:
        return None
    try:
        return cert_facts_from_der(der)
    except ValueError:
        return None


class Interceptor(NamedTuple):
    product: str
    setting: str


@cache
def load_interceptors() -> list[tuple[re.Pattern[str], Interceptor]]:
    from ontime_assist.resource_files import read_json

    raw = read_json("intercepting_issuers.json")
    return [
        (
            re.compile(rf"\b{re.escape(item['match'])}\b", re.IGNORECASE),
            Interceptor(item["product"], item["setting"]),
        )
        for item in raw["issuers"]
    ]


def find_interceptor(cert: CertFacts) -> Interceptor | None:
    for pattern, interceptor in load_interceptors():
        if pattern.search(cert.issuer) or pattern.search(cert.issuer_organization):
            return interceptor
    return None


# OpenSSL verify codes (x509_vfy.h) that say which check failed.
_EXPIRED_CODES = {9, 10}  # not yet valid, has expired
_HOSTNAME_CODE = 62


class CertVerdict(NamedTuple):
    finding_id: str
    detail: str
    extra_fix: str = ""


def judge_certificate_failure(
    error: ssl.SSLCertVerificationError,
    cert: CertFacts | None,
    host: str,
    *,
    extra_ca: bool = False,
) -> CertVerdict:
    """Name the most specific reason a certificate was refused."""
    reason = error.verify_message or str(error)
    seen = f"This computer refused the certificate ({reason})."
    if cert is not None:
        seen += f" The server showed a {cert.describe()}."
        interceptor = find_interceptor(cert)
        if interceptor is not None:
            return CertVerdict(
                "tls.intercepted",
                f"{seen} That issuer is {interceptor.product}, not a public authority: it "
                "re-signs mail traffic it scans.",
                f"In {interceptor.product}: {interceptor.setting}.",
            )
        if cert.is_expired() or error.verify_code in _EXPIRED_CODES:
            now = dt.datetime.now(dt.UTC)
            return CertVerdict(
                "tls.cert_expired",
                f"{seen} This computer's clock says {now:%Y-%m-%d %H:%M} UTC.",
            )
        if not cert.matches_host(host) or error.verify_code == _HOSTNAME_CODE:
            names = ", ".join(cert.names) or "(none)"
            return CertVerdict(
                "tls.cert_hostname_mismatch",
                f"{seen} You entered “{host}”, but the certificate only covers: {names}.",
            )
        issuer = cert.issuer_organization or cert.issuer
        also = (
            " It is not among the authorities trusted for this server either." if extra_ca else ""
        )
        return CertVerdict(
            "tls.cert_untrusted",
            f"{seen} The certificate is for the right name ({host}), but it comes from an "
            f"authority this computer does not know: {issuer}.{also}",
        )
    if error.verify_code in _EXPIRED_CODES:
        return CertVerdict("tls.cert_expired", seen)
    if error.verify_code == _HOSTNAME_CODE:
        return CertVerdict("tls.cert_hostname_mismatch", seen)
    return CertVerdict("tls.cert_untrusted", seen)
