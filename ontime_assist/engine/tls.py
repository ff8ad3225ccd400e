"""TLS: the verifying context, certificate facts, and what a TLS failure means.

Certificates are checked against the operating system's trust store (truststore), which is what
the user's other programs trust, plus any extra CA file the user names. smtplib's own default
context does not verify at all; it is never used.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import socket
import ssl
import sys
from dataclasses import dataclass
from functools import cache
from typing import Any

from ontime_assist.engine.settings import SettingsError


def verifying_context(cafile: str | None = None) -> ssl.SSLContext:
    """The verifying context for `cafile`, built once per process (and per version of the file):
    loading the system's trust bundle costs tens of milliseconds, a handshake only a few."""
    stamp = os.stat(cafile).st_mtime_ns if cafile and os.path.exists(cafile) else 0
    return _cached_context(cafile, stamp)


@functools.lru_cache(maxsize=8)
def _cached_context(cafile: str | None, _stamp: int) -> ssl.SSLContext:
    """A context that verifies the server against the OS trust store plus `cafile`.

    On Windows and macOS truststore asks the OS (so corporate and antivirus roots the user's
    other programs trust are trusted here too). Elsewhere truststore only points OpenSSL at the
    system bundle, which the standard default context does as well, but truststore reloads it
    on every handshake (30-60 ms measured); the default context loads it once."""
    context: ssl.SSLContext
    if sys.platform in ("win32", "darwin"):
        import truststore

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cafile:
        try:
            context.load_verify_locations(cafile=cafile)
        except (OSError, ssl.SSLError):
            raise SettingsError(
                "cafile", f"The certificate file “{cafile}” could not be read as PEM certificates."
            ) from None
    return context


def _inspection_context() -> ssl.SSLContext:
    """A context that accepts any certificate, used only to *read* a certificate that already
    failed verification, so we can say why. Nothing is ever sent over it: the caller closes
    the connection right after the handshake."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # deliberate: inspection only, see docstring
    context.verify_mode = ssl.CERT_NONE  # deliberate: inspection only, see docstring
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@dataclass(frozen=True)
class CertFacts:
    subject: str
    issuer: str
    issuer_organization: str
    names: tuple[str, ...]
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str

    def describe(self) -> str:
        names = ", ".join(self.names) or "(none)"
        return (
            f"certificate for {names}; issued by {self.issuer}; "
            f"valid {self.not_before:%Y-%m-%d} to {self.not_after:%Y-%m-%d}"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "names": list(self.names),
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "sha256": self.sha256,
        }

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC)
        return not self.not_before <= now <= self.not_after

    def matches_host(self, host: str) -> bool:
        return any(_name_matches(name, host) for name in self.names)


def _name_matches(pattern: str, host: str) -> bool:
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if pattern == host:
        return True
    if pattern.startswith("*."):
        suffix = pattern[1:]
        return host.endswith(suffix) and "." not in host[: -len(suffix)]
    return False


def cert_facts_from_der(der: bytes, decoded: dict[str, Any] | None = None) -> CertFacts:
    """Certificate facts with the standard library alone (no 15 MB crypto package in the
    installer). `decoded` is `getpeercert()` of a verified connection; for a certificate that
    failed verification it is decoded here with `ssl._ssl._test_decode_cert`, private but in
    CPython's own tests for years; should it go, the facts shrink to the fingerprint."""
    import hashlib

    sha256 = hashlib.sha256(der).hexdigest()
    fingerprint = ":".join(sha256[i : i + 2] for i in range(0, len(sha256), 2))
    decoded = decoded or _decode_der(der)
    subject = _name(decoded.get("subject"))
    issuer = _name(decoded.get("issuer"))
    sans = decoded.get("subjectAltName")
    names = tuple(
        str(value)
        for kind, value in (sans if isinstance(sans, tuple) else ())
        if kind in ("DNS", "IP Address")
    )
    if not names:
        names = tuple(v for k, v in _pairs(decoded.get("subject")) if k == "commonName")
    issuer_pairs = _pairs(decoded.get("issuer"))
    organization = next((v for k, v in issuer_pairs if k == "organizationName"), "")
    return CertFacts(
        subject=subject,
        issuer=issuer,
        issuer_organization=organization,
        names=names,
        not_before=_when(decoded.get("notBefore")),
        not_after=_when(decoded.get("notAfter")),
        sha256=fingerprint,
    )


def _decode_der(der: bytes) -> dict[str, Any]:
    import tempfile

    decode = getattr(getattr(ssl, "_ssl", None), "_test_decode_cert", None)
    if decode is None:
        return {}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "cert.pem")
        with open(path, "w", encoding="ascii") as out:
            out.write(ssl.DER_cert_to_PEM_cert(der))
        try:
            decoded: dict[str, Any] = decode(path)
        except (ssl.SSLError, ValueError, OSError):
            return {}
    return decoded


def _pairs(name: object) -> list[tuple[str, str]]:
    if not isinstance(name, tuple):
        return []
    return [(str(k), str(v)) for rdn in name for k, v in rdn]


_SHORT = {
    "commonName": "CN",
    "organizationName": "O",
    "organizationalUnitName": "OU",
    "countryName": "C",
    "localityName": "L",
    "stateOrProvinceName": "ST",
}


def _name(name: object) -> str:
    pairs = _pairs(name)
    return ",".join(f"{_SHORT.get(k, k)}={v}" for k, v in reversed(pairs)) or "(unknown)"


def _when(text: object) -> dt.datetime:
    if not isinstance(text, str):
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return dt.datetime.fromtimestamp(ssl.cert_time_to_seconds(text), dt.UTC)


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


@dataclass(frozen=True)
class Interceptor:
    product: str
    setting: str


@cache
def _interceptors() -> list[tuple[re.Pattern[str], Interceptor]]:
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
    for pattern, interceptor in _interceptors():
        if pattern.search(cert.issuer) or pattern.search(cert.issuer_organization):
            return interceptor
    return None


# OpenSSL verify codes (x509_vfy.h) that say which check failed.
_EXPIRED_CODES = {9, 10}  # not yet valid, has expired
_HOSTNAME_CODE = 62


@dataclass(frozen=True)
class CertVerdict:
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
            " It is not among the authorities trusted for this server either."
            if extra_ca
            else ""
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


_TOO_OLD = (
    "UNSUPPORTED_PROTOCOL",
    "TLSV1_ALERT_PROTOCOL_VERSION",
    "NO_PROTOCOLS_AVAILABLE",
    "VERSION_TOO_LOW",
    "WRONG_SSL_VERSION",
    "NO_CIPHERS_AVAILABLE",
)
_NOT_TLS = (
    "WRONG_VERSION_NUMBER",
    "RECORD_LAYER_FAILURE",
    "PACKET_LENGTH_TOO_LONG",
    "HTTP_REQUEST",
    "UNKNOWN_PROTOCOL",
    "RECORD_TOO_LARGE",
)


def is_protocol_too_old(error: ssl.SSLError) -> bool:
    text = f"{error.reason} {error}".upper()
    return any(marker in text for marker in _TOO_OLD)


def is_not_tls(error: ssl.SSLError) -> bool:
    """The peer answered a TLS hello with something that is not TLS (plain SMTP, HTTP…)."""
    text = f"{error.reason} {error}".upper()
    return any(marker in text for marker in _NOT_TLS)


def describe_session(tls_sock: ssl.SSLSocket) -> str:
    cipher = tls_sock.cipher()
    cipher_name = cipher[0] if cipher else "unknown cipher"
    return f"{tls_sock.version()} with {cipher_name}"
