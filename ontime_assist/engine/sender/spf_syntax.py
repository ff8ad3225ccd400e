"""Reading an SPF record (RFC 7208 §4.5, §4.6, §5, §6, §7.1): its terms, checked to the letter.

A record with a syntax error anywhere is a permerror as a whole (§4.6), so the whole record is
read before anything is evaluated. Macro strings are only checked here; spf_macros.py expands
them.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, replace

MECHANISMS = frozenset({"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"})
# The terms that ask DNS, counted against the limit of 10 (§4.6.4); `redirect` counts too.
DNS_MECHANISMS = frozenset({"include", "a", "mx", "ptr", "exists"})
LOOKUP_LIMIT = 10
VOID_LIMIT = 2

DOMAIN_LETTERS = frozenset("slodiphv")  # macro letters allowed in a domain-spec (§7.1)
DELIMITERS = ".-+,/_="

_VERSION = re.compile(r"v=spf1(?: |$)", re.IGNORECASE)
_MODIFIER = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*)=(.*)", re.DOTALL)
_MECHANISM = re.compile(r"([+\-~?]?)([A-Za-z0-9]+)(.*)", re.DOTALL)
_MACRO = re.compile(r"%\{([A-Za-z])([0-9]*)([rR]?)([.\-+,/_=]*)\}")
_TOPLABEL = r"(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])"
_DOMAIN_END = re.compile(r".*\." + _TOPLABEL + r"\.?", re.DOTALL)
_CIDR_TAIL = re.compile(r"(.*?)(?:/([0-9]+))?(?://([0-9]+))?", re.DOTALL)
_DUAL_CIDR = re.compile(r"(?:/([0-9]+))?(?://([0-9]+))?")

QUALIFIERS = {"+": "pass", "-": "fail", "~": "softfail", "?": "neutral"}


class SpfSyntaxError(ValueError):
    """The record breaks RFC 7208's grammar; the message names the term."""


@dataclass(frozen=True)
class Mechanism:
    qualifier: str  # "+", "-", "~" or "?"
    kind: str  # lower case: "all", "include", "a", …
    domain_spec: str = ""  # "" for a, mx and ptr means the domain being checked
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None  # ip4, ip6
    cidr4: int = 32
    cidr6: int = 128
    text: str = ""  # as written in the record

    @property
    def result(self) -> str:
        return QUALIFIERS[self.qualifier]


@dataclass(frozen=True)
class Modifier:
    name: str  # lower case
    value: str
    text: str = ""


@dataclass(frozen=True)
class SpfRecord:
    text: str
    terms: tuple[Mechanism | Modifier, ...]

    @property
    def mechanisms(self) -> tuple[Mechanism, ...]:
        return tuple(t for t in self.terms if isinstance(t, Mechanism))

    @property
    def redirect(self) -> str | None:
        return self._modifier("redirect")

    @property
    def explanation(self) -> str | None:
        return self._modifier("exp")

    def _modifier(self, name: str) -> str | None:
        return next(
            (t.value for t in self.terms if isinstance(t, Modifier) and t.name == name), None
        )


def is_spf_record(text: str) -> bool:
    """An SPF record starts with "v=spf1" (any case) followed by a space or nothing (§4.5)."""
    return _VERSION.match(text) is not None


def parse_record(text: str) -> SpfRecord:
    if not text.isascii():
        raise SpfSyntaxError("the record contains characters other than plain ASCII")
    words = text.split(" ")
    if not is_spf_record(text):
        raise SpfSyntaxError("the record does not start with v=spf1")
    terms: list[Mechanism | Modifier] = []
    for word in words[1:]:
        if word:
            terms.append(parse_term(word))
    for name in ("redirect", "exp"):
        if sum(1 for t in terms if isinstance(t, Modifier) and t.name == name) > 1:
            raise SpfSyntaxError(f"the {name}= modifier appears more than once")
    return SpfRecord(text, tuple(terms))


def parse_term(word: str) -> Mechanism | Modifier:
    modifier = _MODIFIER.fullmatch(word)
    if modifier:
        name, value = modifier.group(1).lower(), modifier.group(2)
        if name in ("redirect", "exp"):
            check_domain_spec(value, word)
        else:
            check_macro_string(value, word)
        return Modifier(name, value, word)
    mechanism = _MECHANISM.fullmatch(word)
    if not mechanism or mechanism.group(2).lower() not in MECHANISMS:
        raise SpfSyntaxError(f"“{word}” is not a mechanism or modifier SPF knows")
    qualifier = mechanism.group(1) or "+"
    kind = mechanism.group(2).lower()
    rest = mechanism.group(3)
    base = Mechanism(qualifier, kind, text=word)
    if kind == "all":
        if rest:
            raise SpfSyntaxError(f"“{word}”: nothing may follow “all”")
        return base
    if kind in ("ip4", "ip6"):
        return _ip_mechanism(base, rest)
    if kind in ("include", "exists"):
        if not rest.startswith(":") or not rest[1:]:
            raise SpfSyntaxError(f"“{word}”: {kind} needs “:” and a domain")
        check_domain_spec(rest[1:], word)
        return _replace(base, domain_spec=rest[1:])
    if kind == "ptr":
        if rest and (not rest.startswith(":") or not rest[1:]):
            raise SpfSyntaxError(f"“{word}”: ptr takes only “:” and a domain")
        if rest:
            check_domain_spec(rest[1:], word)
        return _replace(base, domain_spec=rest[1:])
    return _a_or_mx(base, rest)


def _a_or_mx(base: Mechanism, rest: str) -> Mechanism:
    word = base.text
    if rest.startswith(":"):
        split = _CIDR_TAIL.fullmatch(rest[1:])
        assert split is not None  # the pattern matches any string
        domain, cidr4, cidr6 = split.groups()
        if not domain:
            raise SpfSyntaxError(f"“{word}”: the domain after “:” is empty")
        check_domain_spec(domain, word)
    else:
        dual = _DUAL_CIDR.fullmatch(rest)
        if dual is None:
            raise SpfSyntaxError(f"“{word}”: not a valid prefix length")
        domain = ""
        cidr4, cidr6 = dual.groups()
    return _replace(
        base,
        domain_spec=domain,
        cidr4=_prefix(cidr4, 32, word),
        cidr6=_prefix(cidr6, 128, word),
    )


def _ip_mechanism(base: Mechanism, rest: str) -> Mechanism:
    word = base.text
    if not rest.startswith(":"):
        raise SpfSyntaxError(f"“{word}”: {base.kind} needs “:” and an address")
    address, *lengths = rest[1:].split("/")
    if len(lengths) > 1:
        raise SpfSyntaxError(f"“{word}”: one prefix length at most")
    limit = 32 if base.kind == "ip4" else 128
    length = _prefix(lengths[0] if lengths else None, limit, word)
    try:
        parsed = (
            ipaddress.IPv4Address(address) if base.kind == "ip4" else ipaddress.IPv6Address(address)
        )
    except ValueError:
        raise SpfSyntaxError(f"“{word}”: “{address}” is not an {base.kind} address") from None
    network = ipaddress.ip_network(f"{parsed}/{length}", strict=False)
    return _replace(base, network=network)


def _prefix(text: str | None, limit: int, word: str) -> int:
    if text is None:
        return limit
    # At most three digits before int(): a record can hold thousands, which int() refuses.
    if len(text) > 3 or (len(text) > 1 and text.startswith("0")) or not 0 <= int(text) <= limit:
        raise SpfSyntaxError(f"“{word}”: the prefix length must be 0 to {limit}")
    return int(text)


def _replace(base: Mechanism, **changes: object) -> Mechanism:
    return replace(base, **changes)  # type: ignore[arg-type]


def check_macro_string(text: str, word: str, letters: frozenset[str] = DOMAIN_LETTERS) -> None:
    """Raises SpfSyntaxError unless `text` is a macro-string (§7.1): visible characters, and
    each "%" starts %{…}, %%, %_ or %-."""
    position = 0
    while position < len(text):
        char = text[position]
        if char == "%":
            following = text[position + 1 : position + 2]
            if following in ("%", "_", "-"):
                position += 2
                continue
            macro = _MACRO.match(text, position)
            if macro is None or macro.group(1).lower() not in letters:
                raise SpfSyntaxError(f"“{word}”: a “%” that does not start a valid macro")
            if macro.group(2) and not macro.group(2).strip("0"):  # all zeros, of any length
                raise SpfSyntaxError(f"“{word}”: a macro keeps at least one part")
            position = macro.end()
            continue
        if not 0x21 <= ord(char) <= 0x7E:
            raise SpfSyntaxError(f"“{word}”: a character that may not appear in a domain")
        position += 1


def check_domain_spec(text: str, word: str) -> None:
    """A domain-spec: a macro-string ending in a macro or in "." and a top label (§7.1)."""
    if not text:
        raise SpfSyntaxError(f"“{word}”: the domain is empty")
    check_macro_string(text, word)
    if _ends_with_macro(text):
        return
    tail = text[_last_macro_end(text) :]
    if not _DOMAIN_END.fullmatch(tail):
        raise SpfSyntaxError(f"“{word}”: “{text}” does not end in a valid top-level label")


def _ends_with_macro(text: str) -> bool:
    return _last_macro_end(text) == len(text) and "%" in text


def _last_macro_end(text: str) -> int:
    """Where the text after the last macro starts (0 when there is none)."""
    end, position = 0, 0
    while position < len(text):
        if text[position] == "%":
            macro = _MACRO.match(text, position)
            position = macro.end() if macro else position + 2
            end = position
        else:
            position += 1
    return end
