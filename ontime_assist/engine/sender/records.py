"""The DNS records a fix asks for, written out for the domain and provider: an SPF record to
publish or the existing one changed, a DMARC record. Zone-file form (name, type, value), which
is what DNS admin pages ask for in their three fields."""

from __future__ import annotations

import ipaddress

from ontime_assist.engine.sender.provider_auth import ProviderAuth
from ontime_assist.engine.sender.spf_syntax import Mechanism, Modifier, SpfSyntaxError, parse_term

PLACEHOLDER_INCLUDE = "<your mail provider's include>"


def txt(name: str, value: str) -> str:
    return f'{name}. TXT "{value}"'


def address_terms(addresses: tuple[str, ...]) -> list[str]:
    terms = []
    for text in addresses:
        ip = ipaddress.ip_address(text)
        terms.append(f"ip{ip.version}:{ip}")
    return list(dict.fromkeys(terms))


def new_spf(auth: ProviderAuth | None, addresses: tuple[str, ...]) -> str:
    """The SPF record for a domain that has none: the provider's include, else the sending
    server's addresses, else a placeholder for the provider's include."""
    if auth is not None:
        return f"v=spf1 include:{auth.spf_include} {auth.spf_all}"
    if addresses:
        return "v=spf1 " + " ".join(address_terms(addresses)) + " ~all"
    return f"v=spf1 include:{PLACEHOLDER_INCLUDE} ~all"


def with_terms(record: str, additions: list[str]) -> str:
    """`record` with `additions` placed before its final all (or redirect), where a receiver
    still reaches them; terms already there are not repeated."""
    words = [w for w in record.split(" ") if w]
    present = {w.lower() for w in words}
    new = [t for t in additions if t.lower() not in present and "+" + t.lower() not in present]
    if not new:
        return " ".join(words)
    at = next(
        (i for i, w in enumerate(words) if _is_all(w) or w.lower().startswith("redirect=")),
        len(words),
    )
    return " ".join(words[:at] + new + words[at:])


def merged_spf(records: tuple[str, ...], auth: ProviderAuth | None) -> str:
    """One record holding what several records say: each term once (the records taken in
    sorted order, since DNS gives them in any), ending with the mildest of their endings, so
    that the merge refuses no sender one of them allowed."""
    terms: list[str] = []
    endings: list[str] = []
    for record in sorted(records):
        for word in record.split(" ")[1:]:
            if not word:
                continue
            if _is_all(word):
                endings.append(word)
            elif word.lower() not in (t.lower() for t in terms):
                terms.append(word)
    include = f"include:{auth.spf_include}" if auth is not None else ""
    if include and include.lower() not in (t.lower() for t in terms):
        terms.append(include)
    redirects = [t for t in terms if t.lower().startswith("redirect=")]
    terms = [t for t in terms if t not in redirects]
    # Never advise "+all" (or a bare "all"): it lets anyone on the internet send as the domain.
    safe_endings = [w for w in endings if w[0] in "-~?"]
    if safe_endings:
        tail = [min(safe_endings, key=lambda w: _MILDNESS[w[0]])]
    elif endings:
        tail = ["~all"]
    elif redirects:
        tail = redirects[:1]
    else:
        tail = [auth.spf_all if auth else "~all"]
    return " ".join(["v=spf1", *terms, *tail])


_MILDNESS = {"-": 3, "~": 2, "?": 1}  # lower is milder


def without_bad_terms(record: str) -> tuple[str, list[str]]:
    """The record with the terms that break its syntax left out, and those terms."""
    kept, dropped = ["v=spf1"], []
    for word in record.split(" ")[1:]:
        if not word:
            continue
        try:
            parse_term(word)
        except SpfSyntaxError:
            dropped.append(word)
            continue
        if word.isascii():
            kept.append(word)
        else:
            dropped.append(word)
    return " ".join(kept), dropped


def without_term(record: str, target: str) -> str:
    """The record without the include or redirect naming `target`."""
    words = []
    for word in record.split(" "):
        try:
            term = parse_term(word) if word and not word.lower().startswith("v=spf1") else None
        except SpfSyntaxError:
            term = None
        if (
            isinstance(term, Mechanism)
            and term.kind == "include"
            and _same(term.domain_spec, target)
        ):
            continue
        if isinstance(term, Modifier) and term.name == "redirect" and _same(term.value, target):
            continue
        if word:
            words.append(word)
    return " ".join(words)


def new_dmarc(domain: str) -> str:
    return f"v=DMARC1; p=none; rua=mailto:dmarc-reports@{domain}"


def _is_all(word: str) -> bool:
    return word.lstrip("+-~?").lower() == "all"


def _same(a: str, b: str) -> bool:
    return a.lower().rstrip(".") == b.lower().rstrip(".")
