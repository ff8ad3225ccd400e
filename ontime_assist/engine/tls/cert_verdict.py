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

from ontime_assist.engine.cancel import CancelToken, Deadline
from ontime_assist.engine.tls.context import CertFacts, cert_facts_from_der
from ontime_assist.resource_files import read_json


def _inspection_context() -> ssl.SSLContext:
    """A context that accepts any certificate, used only to *read* a certificate that already
    failed verification, so we can say why. Nothing is ever sent over it: the caller closes
    the connection right after the handshake."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # deliberate: inspection only, see docstring
    context.verify_mode = ssl.CERT_NONE  # deliberate: inspection only, see docstring
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class CertificateUnreadable(Exception):
    """The refused certificate could not be read again; the message says what ended it."""


def read_certificate(
    sock: socket.socket, host: str, deadline: Deadline, cancel: CancelToken
) -> CertFacts:
    """Handshake without verification on a connection ready for TLS and return the server's
    certificate. Used only after verification failed, to explain the failure.

    The handshake runs through memory buffers, so the socket stays ours (a TLS socket would
    take it over): `sock` stays registered with `cancel`, whose Stop shuts it down and wakes
    the wait, and the whole handshake is bounded by `deadline`, a server dripping bytes
    included (the deadline is looked at after every read, not only when a read times out)."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = _inspection_context().wrap_bio(incoming, outgoing, server_hostname=host)
    try:
        while True:
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                pass
            if pending := outgoing.read():
                sock.sendall(pending)
            left = deadline.remaining()
            if left <= 0:
                raise CertificateUnreadable("no answer within the time limit")
            sock.settimeout(left)
            chunk = sock.recv(16384)
            cancel.raise_if_cancelled()
            if not chunk:
                raise CertificateUnreadable("the server closed the connection")
            incoming.write(chunk)
    except TimeoutError:
        raise CertificateUnreadable("no answer within the time limit") from None
    except ssl.SSLError as exc:
        raise CertificateUnreadable(f"the handshake failed ({exc.reason or exc})") from None
    except OSError as exc:
        cancel.raise_if_cancelled()
        raise CertificateUnreadable(f"the connection broke ({exc.strerror or exc})") from None
    der = tls.getpeercert(binary_form=True)
    if not der:
        raise CertificateUnreadable("the server showed no certificate")
    try:
        return cert_facts_from_der(der)
    except ValueError:
        raise CertificateUnreadable("the certificate could not be decoded") from None


class Interceptor(NamedTuple):
    product: str
    setting: str


@cache
def load_interceptors() -> list[tuple[re.Pattern[str], Interceptor]]:
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


# Which check failed, by the code each system's verifier puts in `verify_code`: OpenSSL's
# (x509_vfy.h) on Linux; on Windows and macOS truststore asks the OS and passes on its code
# (Windows CERT_E_* from winerror.h as an unsigned 32-bit number; macOS errSec* from
# SecBase.h). The words differ by system too, so only the codes are read.
_EXPIRED_CODES = frozenset(
    {
        9,  # OpenSSL: certificate is not yet valid
        10,  # OpenSSL: certificate has expired
        0x800B0101,  # Windows CERT_E_EXPIRED (outside its validity period, either side)
        0x800B0102,  # Windows CERT_E_VALIDITYPERIODNESTING
        -67818,  # macOS errSecCertificateExpired
        -67819,  # macOS errSecCertificateNotValidYet
    }
)
_HOSTNAME_CODES = frozenset(
    {
        62,  # OpenSSL: hostname mismatch
        0x800B010F,  # Windows CERT_E_CN_NO_MATCH
        -67602,  # macOS errSecHostNameMismatch
    }
)
_UNTRUSTED_CODES = frozenset(
    {
        2,  # OpenSSL: unable to get issuer certificate
        18,  # OpenSSL: self-signed certificate
        19,  # OpenSSL: self-signed certificate in chain
        20,  # OpenSSL: unable to get local issuer certificate
        21,  # OpenSSL: unable to verify the first certificate
        0x800B0109,  # Windows CERT_E_UNTRUSTEDROOT
        0x800B010A,  # Windows CERT_E_CHAINING
        0x800B0112,  # Windows CERT_E_UNTRUSTEDCA
        0x800B0111,  # Windows CERT_E_UNTRUSTEDTESTROOT
        -67843,  # macOS errSecNotTrusted
    }
)


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
) -> list[CertVerdict]:
    """Every reason the certificate was refused, the most important first: a certificate can
    be expired *and* for another name, and each fault has its own fix."""
    code = getattr(error, "verify_code", None)
    reason = getattr(error, "verify_message", None) or str(error)
    # The verifier's words often end with their own full stop ("…not valid for 'x'.").
    seen = f"This computer refused the certificate ({reason.rstrip('. ')})."
    if cert is None:
        if code in _EXPIRED_CODES:
            return [CertVerdict("tls.cert_expired", seen)]
        if code in _HOSTNAME_CODES:
            return [CertVerdict("tls.cert_hostname_mismatch", seen)]
        return [CertVerdict("tls.cert_untrusted", seen)]
    seen += f" The server showed a {cert.describe()}."
    interceptor = find_interceptor(cert)
    if interceptor is not None:  # the re-signing explains every other fault
        return [
            CertVerdict(
                "tls.intercepted",
                f"{seen} That issuer is {interceptor.product}, not a public authority: it "
                "re-signs mail traffic it scans.",
                f"In {interceptor.product}: {interceptor.setting}.",
            )
        ]
    faults: list[CertVerdict] = []
    if cert.is_expired() or code in _EXPIRED_CODES:
        now = dt.datetime.now(dt.UTC)
        faults.append(
            CertVerdict(
                "tls.cert_expired",
                f"{seen} This computer's clock says {now:%Y-%m-%d %H:%M} UTC.",
            )
        )
    if not cert.matches_host(host) or code in _HOSTNAME_CODES:
        names = ", ".join(cert.names) or "(none)"
        also = "The same certificate is also for another name: y" if faults else f"{seen} Y"
        faults.append(
            CertVerdict(
                "tls.cert_hostname_mismatch",
                f"{also}ou entered “{host}”, but the certificate only covers: {names}.",
            )
        )
    if not faults or code in _UNTRUSTED_CODES:
        issuer = cert.issuer_organization or cert.issuer
        either = (
            " It is not among the authorities trusted for this server either." if extra_ca else ""
        )
        if faults:
            detail = (
                "The same certificate also comes from an authority this computer does not "
                f"know: {issuer}.{either}"
            )
        else:
            detail = (
                f"{seen} The certificate is for the right name ({host}), but it comes from an "
                f"authority this computer does not know: {issuer}.{either}"
            )
        faults.append(CertVerdict("tls.cert_untrusted", detail))
    return faults
