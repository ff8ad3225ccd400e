"""Expanding SPF macros (RFC 7208 §7): %{s} %{l} %{o} %{d} %{i} %{p} %{v} %{h}, their
transformers (a number of right-hand parts, "r" to reverse, delimiters), %% %_ %- and the
URL-escaping of upper-case macros. The explanation-only letters (c, r, t) are not needed:
explanations (exp=) are not fetched, because nobody reads them here."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

_TOKEN = re.compile(r"%\{([A-Za-z])([0-9]*)([rR]?)([.\-+,/_=]*)\}|%%|%_|%-")
MAX_NAME = 253


@dataclass(frozen=True)
class MacroContext:
    sender: str  # local-part@domain of the envelope sender
    domain: str  # the domain being checked now (changes with include and redirect)
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address
    helo: str
    validated_name: Callable[[], str]  # %{p}: looked up only when a record uses it

    @property
    def local_part(self) -> str:
        return self.sender.rpartition("@")[0]

    @property
    def sender_domain(self) -> str:
        return self.sender.rpartition("@")[2]


def expand(text: str, context: MacroContext) -> str:
    """The macro-string `text` with its macros replaced (syntax already checked)."""

    def replace(match: re.Match[str]) -> str:
        piece = match.group(0)
        if piece == "%%":
            return "%"
        if piece == "%_":
            return " "
        if piece == "%-":
            return "%20"
        letter, digits, reverse, delimiters = match.groups()
        value = _transform(_value(letter.lower(), context), digits, reverse, delimiters)
        return quote(value, safe="") if letter.isupper() else value

    return _TOKEN.sub(replace, text)


def expand_domain(text: str, context: MacroContext) -> str:
    """A domain-spec expanded for a DNS question: without a final dot, and cut from the left
    label by label when longer than 253 characters (§7.3)."""
    name = expand(text, context).rstrip(".") if "%" in text else text.rstrip(".")
    while len(name) > MAX_NAME and "." in name:
        name = name.partition(".")[2]
    return name


def _value(letter: str, context: MacroContext) -> str:
    if letter == "s":
        return context.sender
    if letter == "l":
        return context.local_part
    if letter == "o":
        return context.sender_domain
    if letter == "d":
        return context.domain
    if letter == "i":
        return dotted(context.ip)
    if letter == "p":
        return context.validated_name()
    if letter == "v":
        return "in-addr" if context.ip.version == 4 else "ip6"
    return context.helo  # "h"; the syntax check lets no other letter through


def dotted(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """An IPv4 address as is; an IPv6 address as 32 dot-separated nibbles (§7.3)."""
    if ip.version == 4:
        return str(ip)
    return ".".join(ip.exploded.replace(":", ""))


def _transform(value: str, digits: str, reverse: str, delimiters: str) -> str:
    if not digits and not reverse and not delimiters:
        return value
    parts = re.split("[" + re.escape(delimiters or ".") + "]", value)
    if reverse:
        parts.reverse()
    if digits and len(digits) <= 3:  # more parts than a name can have keeps them all
        parts = parts[-int(digits) :]
    return ".".join(parts)
