"""A certificate's names and dates read from its DER bytes, for a certificate the server sent
but verification refused (the `ssl` module decodes only a verified peer's certificate).

Only the fields the app shows or judges by: subject and issuer names, subjectAltName DNS names
and IP addresses, and the validity dates, in the shape `SSLSocket.getpeercert()` gives them, so
a refused certificate reads exactly like an accepted one (tests compare the two). A small reader
of our own: the public alternatives are a crypto package (15 MB in the installer) or CPython's
private `ssl._ssl._test_decode_cert`. Anything it cannot read raises CertificateFormatError.
"""

from __future__ import annotations

# Loaded only for a refused certificate, after cert_verdict.py (which loads typing), or by the
# wizard (PySide6 loads it): importing typing here costs nothing.
from typing import Any


class CertificateFormatError(ValueError):
    """Bytes that are not a certificate this reader understands."""


_SEQUENCE, _SET, _OID, _OCTETS, _BOOLEAN = 0x30, 0x31, 0x06, 0x04, 0x01
_UTC_TIME, _GENERALIZED_TIME = 0x17, 0x18
_DNS_NAME, _IP_ADDRESS = 0x82, 0x87  # GeneralName [2] and [7], implicitly tagged
_SUBJECT_ALT_NAME = "2.5.29.17"

# The attribute names getpeercert() uses (OpenSSL's long names) for the usual attributes.
_ATTRIBUTES = {
    "2.5.4.3": "commonName",
    "2.5.4.4": "surname",
    "2.5.4.5": "serialNumber",
    "2.5.4.6": "countryName",
    "2.5.4.7": "localityName",
    "2.5.4.8": "stateOrProvinceName",
    "2.5.4.9": "streetAddress",
    "2.5.4.10": "organizationName",
    "2.5.4.11": "organizationalUnitName",
    "2.5.4.42": "givenName",
    "0.9.2342.19200300.100.1.25": "domainComponent",
    "1.2.840.113549.1.9.1": "emailAddress",
}
_STRING_CODECS = {
    0x0C: "utf-8",  # UTF8String
    0x13: "ascii",  # PrintableString
    0x16: "ascii",  # IA5String
    0x14: "latin-1",  # TeletexString, as OpenSSL reads it
    0x1E: "utf-16-be",  # BMPString
    0x1C: "utf-32-be",  # UniversalString
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _read(data: bytes, at: int) -> tuple[int, bytes, int]:
    """(tag, contents, where the next element starts) of the element at `at`."""
    try:
        tag, length = data[at], data[at + 1]
        at += 2
        if length & 0x80:
            size = length & 0x7F
            if not 0 < size <= 4:
                raise CertificateFormatError("unsupported length")
            length = int.from_bytes(data[at : at + size], "big")
            at += size
    except IndexError as error:
        raise CertificateFormatError("truncated") from error
    if at + length > len(data):
        raise CertificateFormatError("truncated")
    return tag, data[at : at + length], at + length


def _children(data: bytes) -> list[tuple[int, bytes]]:
    out, at = [], 0
    while at < len(data):
        tag, contents, at = _read(data, at)
        out.append((tag, contents))
    return out


def _oid(contents: bytes) -> str:
    if not contents:
        raise CertificateFormatError("empty object identifier")
    parts = [min(contents[0] // 40, 2), contents[0] - 40 * min(contents[0] // 40, 2)]
    value = 0
    for byte in contents[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(map(str, parts))


def _string(tag: int, contents: bytes) -> str:
    try:
        return contents.decode(_STRING_CODECS.get(tag, "latin-1"))
    except UnicodeDecodeError as error:
        raise CertificateFormatError("badly encoded name") from error


def _name(contents: bytes) -> tuple[tuple[tuple[str, str], ...], ...]:
    relative_names = []
    for set_tag, attributes in _children(contents):
        if set_tag != _SET:
            raise CertificateFormatError("name is not a sequence of sets")
        pairs = []
        for _, attribute in _children(attributes):
            (_, oid), (value_tag, value) = _children(attribute)[:2]
            key = _oid(oid)
            pairs.append((_ATTRIBUTES.get(key, key), _string(value_tag, value)))
        relative_names.append(tuple(pairs))
    return tuple(relative_names)


def _time(tag: int, contents: bytes) -> str:
    """As OpenSSL prints it, and getpeercert() gives it: "Jan  5 09:34:43 2018 GMT"."""
    text = contents.decode("ascii", "replace").rstrip("Z")
    if tag == _UTC_TIME:
        year, text = int(text[:2]), text[2:]
        year += 2000 if year < 50 else 1900
    elif tag == _GENERALIZED_TIME:
        year, text = int(text[:4]), text[4:]
    else:
        raise CertificateFormatError("unknown time type")
    try:
        month, day, hour, minute, second = (int(text[i : i + 2]) for i in range(0, 10, 2))
        return f"{_MONTHS[month - 1]} {day:2d} {hour:02d}:{minute:02d}:{second:02d} {year} GMT"
    except (ValueError, IndexError) as error:
        raise CertificateFormatError("bad time") from error


def _ip_address(contents: bytes) -> str:
    if len(contents) == 4:
        return ".".join(str(b) for b in contents)
    if len(contents) == 16:  # as CPython's _ssl writes it: upper-case groups, no compression
        return ":".join(f"{int.from_bytes(contents[i : i + 2], 'big'):X}" for i in range(0, 16, 2))
    return "<invalid>"


def _alt_names(general_names: bytes) -> tuple[tuple[str, str], ...]:
    out = []
    for tag, value in _children(general_names):
        if tag == _DNS_NAME:
            out.append(("DNS", value.decode("ascii", "replace")))
        elif tag == _IP_ADDRESS:
            out.append(("IP Address", _ip_address(value)))
    return tuple(out)


def decode_certificate(der: bytes) -> dict[str, Any]:
    """subject, issuer, notBefore, notAfter and (when present) subjectAltName's DNS and IP
    entries, as `getpeercert()` holds them."""
    tag, certificate, _ = _read(der, 0)
    tbs_tag, tbs, _ = _read(certificate, 0)
    if tag != _SEQUENCE or tbs_tag != _SEQUENCE:
        raise CertificateFormatError("not a certificate")
    fields = _children(tbs)
    if fields and fields[0][0] == 0xA0:  # [0] version, absent in version 1
        fields = fields[1:]
    if len(fields) < 6:
        raise CertificateFormatError("certificate too short")
    issuer, validity, subject = fields[2][1], fields[3][1], fields[4][1]
    (before_tag, before), (after_tag, after) = _children(validity)[:2]
    decoded: dict[str, Any] = {
        "subject": _name(subject),
        "issuer": _name(issuer),
        "notBefore": _time(before_tag, before),
        "notAfter": _time(after_tag, after),
    }
    for tag, extensions in fields[6:]:
        if tag != 0xA3:  # [3] extensions
            continue
        for _, extension in _children(_read(extensions, 0)[1]):
            parts = _children(extension)
            if parts and _oid(parts[0][1]) == _SUBJECT_ALT_NAME:
                decoded["subjectAltName"] = _alt_names(_read(parts[-1][1], 0)[1])
    return decoded
