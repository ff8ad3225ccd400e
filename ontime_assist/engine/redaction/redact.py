"""Keeping the password out of everything we write down.

Redaction happens in two layers. The SMTP client knows which lines carry credentials (the AUTH
exchange) and records them as "[redacted]" without ever formatting the secret. This module is the
second layer, a safety net for anything else (a server that echoes the password back, an exception
text): it removes the secret in the forms it can travel in — plain, base64 (alone or inside an
AUTH PLAIN blob), hex, URL- and quoted-printable-encoded.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable

REDACTED = "[redacted]"

# Shorter secrets would match ordinary words; they are still covered by the first layer.
MIN_SECRET_LENGTH = 3


# Letters a URL never escapes (RFC 3986's unreserved set, as urllib.parse.quote keeps them).
_URL_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")


def percent_encoded(raw: bytes, *, space_as_plus: bool = False) -> str:
    """The bytes as a URL or form would carry them. Written out rather than taken from
    urllib.parse, which a check would otherwise load for this alone."""
    return "".join(
        chr(byte)
        if byte in _URL_UNRESERVED
        else "+"
        if space_as_plus and byte == 0x20
        else f"%{byte:02X}"
        for byte in raw
    )


def _base64(raw: bytes) -> str:
    return binascii.b2a_base64(raw, newline=False).decode("ascii")


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: list[str] = []
        self._forms: list[str] = []
        self._probes: list[bytes] = []
        # Compiled when the first secret arrives: its length sets the shortest run worth decoding.
        self._base64_run: re.Pattern[str] | None = None
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        if len(secret) < MIN_SECRET_LENGTH or secret in self._secrets:
            return
        self._secrets.append(secret)
        raw = secret.encode("utf-8")
        self._probes.append(raw[:-2] if len(raw) > 6 else raw)
        shortest = max(4, min(len(p) * 4 // 3 for p in self._probes))
        # Only runs long enough to hold the shortest probe are decoded at all.
        self._base64_run = re.compile(rf"[A-Za-z0-9+/]{{{shortest},}}={{0,2}}")
        forms = {
            secret,
            secret.strip(),
            _base64(raw),
            _base64(raw).rstrip("="),
            raw.hex(),
            raw.hex().upper(),
            percent_encoded(raw),  # as urllib.parse.quote(secret, safe="")
            percent_encoded(raw, space_as_plus=True),  # as urllib.parse.quote_plus
            binascii.b2a_qp(raw).decode("ascii").rstrip("=\n"),  # as quopri.encodestring
            repr(secret)[1:-1],  # escaped as Python would show it in an exception
            secret.encode("unicode_escape").decode("ascii"),
        }
        self._forms.extend(f for f in forms if len(f) >= MIN_SECRET_LENGTH)
        self._forms.sort(key=len, reverse=True)

    @property
    def active(self) -> bool:
        return bool(self._secrets)

    def merged(self, *others: Redactor) -> Redactor:
        """A new redactor for this one's secrets and the others' (none of them changes)."""
        combined = Redactor(self._secrets)
        for other in others:
            for secret in other._secrets:
                combined.add(secret)
        return combined

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"

    def __call__(self, text: str) -> str:
        if not self._secrets or not text:
            return text
        for form in self._forms:
            if form in text:
                text = text.replace(form, REDACTED)
        assert self._base64_run is not None  # set with the first secret
        return self._base64_run.sub(self._redact_base64_token, text)

    def _redact_base64_token(self, match: re.Match[str]) -> str:
        """A base64 run may hold the secret at any alignment (inside an AUTH PLAIN blob, or
        glued to other base64 text), and its last group may be cut off: decode it from each
        of the four offsets and look for the secret's bytes, less the two a cut may lose."""
        token = match.group(0).rstrip("=")
        for offset in range(4):
            chunk = token[offset:]
            chunk = chunk[: len(chunk) - len(chunk) % 4]
            if len(chunk) < 4:
                continue
            try:
                decoded = binascii.a2b_base64(chunk)  # chunk holds base64 letters only
            except (binascii.Error, ValueError):
                continue
            if any(probe in decoded for probe in self._probes):
                return REDACTED
        return match.group(0)
