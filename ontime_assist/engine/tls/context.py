"""TLS: the verifying context, certificate facts, and what a TLS failure means.

Certificates are checked against the operating system's trust store (truststore), which is what
the user's other programs trust, plus any extra CA file the user names. smtplib's own default
context does not verify at all; it is never used.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import ssl
import sys

from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.idn import ascii_name
from ontime_assist.records import NamedTuple

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from typing import Any


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
        # Windows and macOS only: truststore, about 13 ms
        import truststore

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        # The same system authorities either way; from the hashed folder OpenSSL reads only the
        # ones a handshake needs, instead of parsing the whole bundle first (about 40 ms).
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, capath=_hashed_system_store())
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cafile:
        try:
            context.load_verify_locations(cafile=cafile)
        except (OSError, ssl.SSLError):
            raise SettingsError(
                "cafile", f"The certificate file “{cafile}” could not be read as PEM certificates."
            ) from None
    return context


_HEX = frozenset("0123456789abcdef")


def _is_hashed_name(name: str) -> bool:
    """What c_rehash names each authority in the folder: 8 hex digits, a dot, a number."""
    stem, dot, number = name.partition(".")
    return len(stem) == 8 and set(stem) <= _HEX and dot == "." and number.isdigit()


def _hashed_system_store() -> str | None:
    """OpenSSL's default folder of authorities, when it is hashed for lookup one by one; None
    (the whole default bundle, as the standard library loads it) when it is not, or when the
    user pointed OpenSSL elsewhere (SSL_CERT_FILE, SSL_CERT_DIR)."""
    paths = ssl.get_default_verify_paths()
    if os.environ.get(paths.openssl_cafile_env) or os.environ.get(paths.openssl_capath_env):
        return None
    folder = paths.openssl_capath
    if not folder or not os.path.isdir(folder):
        return None
    with os.scandir(folder) as entries:
        if any(_is_hashed_name(entry.name) for entry in entries):
            return folder
    return None


class CertFacts(NamedTuple):
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
        """Certificates name international hosts by their A-labels: compare in that form."""
        return any(_name_matches(name, ascii_name(host)) for name in self.names)


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
    installer). `decoded` is `getpeercert()` of a verified connection; a certificate that
    failed verification is read by cert_der.py, in the same shape; one it cannot read leaves
    the facts at the fingerprint."""
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
    # only for a refused certificate: the DER reader, about 7 ms
    from ontime_assist.engine.tls.cert_der import CertificateFormatError, decode_certificate

    try:
        return decode_certificate(der)
    except CertificateFormatError:
        return {}  # the facts shrink to the fingerprint


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


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _when(text: object) -> dt.datetime:
    """ "Jan  5 09:34:43 2018 GMT", as OpenSSL gives a certificate's dates. Parsed here rather
    than with ssl.cert_time_to_seconds, which loads strptime and the locale machinery into
    every check that verifies a certificate."""
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    if not isinstance(text, str):
        return never
    try:
        month, day, clock, year, _zone = text.split()
        hour, minute, second = (int(part) for part in clock.split(":"))
        return dt.datetime(
            int(year), _MONTHS.index(month) + 1, int(day), hour, minute, second, tzinfo=dt.UTC
        )
    except ValueError:
        return never


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


def error_reason(error: ssl.SSLError) -> str:
    """OpenSSL's short reason ("WRONG_VERSION_NUMBER"), else the error's own words. The errors
    truststore raises on Windows and macOS are made in Python and have no `reason` at all."""
    return getattr(error, "reason", None) or str(error) or type(error).__name__


def is_protocol_too_old(error: ssl.SSLError) -> bool:
    text = f"{error_reason(error)} {error}".upper()
    return any(marker in text for marker in _TOO_OLD)


def is_not_tls(error: ssl.SSLError) -> bool:
    """The peer answered a TLS hello with something that is not TLS (plain SMTP, HTTP…)."""
    text = f"{error_reason(error)} {error}".upper()
    return any(marker in text for marker in _NOT_TLS)


def describe_session(tls_sock: ssl.SSLSocket) -> str:
    cipher = tls_sock.cipher()
    cipher_name = cipher[0] if cipher else "unknown cipher"
    return f"{tls_sock.version()} with {cipher_name}"
