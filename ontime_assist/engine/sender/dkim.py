"""Are the provider's DKIM selectors published for the domain? (Whether the provider then
signs is its own setting, which DNS cannot show: said as such.)"""

from __future__ import annotations

from dataclasses import dataclass

from ontime_assist.engine.sender.dns_source import DnsSource
from ontime_assist.engine.sender.provider_auth import DkimSelector


@dataclass(frozen=True)
class SelectorCheck:
    selector: DkimSelector
    name: str  # <selector>._domainkey.<domain>
    published: bool
    seen: str  # what DNS holds there, in words


def check_selectors(
    domain: str, selectors: tuple[DkimSelector, ...], dns: DnsSource
) -> tuple[SelectorCheck, ...]:
    """Each selector at `domain`; DnsTemporaryError when DNS does not answer."""
    return tuple(_check(domain, selector, dns) for selector in selectors)


def _check(domain: str, selector: DkimSelector, dns: DnsSource) -> SelectorCheck:
    name = f"{selector.name}._domainkey.{domain}"
    if selector.type == "CNAME":
        targets = dns.lookup(name, "CNAME")
        if targets:
            target = targets[0]
            expected = any(_within(target, suffix) for suffix in selector.targets)
            seen = f"{name} is a CNAME to {target}"
            if not expected:
                seen += f" (not the provider's: it should end in {' or '.join(selector.targets)})"
            return SelectorCheck(selector, name, expected, seen)
    keys = [text for text in dns.lookup(name, "TXT") if _is_key(text)]
    if keys:
        return SelectorCheck(selector, name, True, f"{name} holds a DKIM key")
    return SelectorCheck(selector, name, False, f"nothing is published at {name}")


def _is_key(text: str) -> bool:
    """A DKIM key record with a key in it (an empty p= means the key was revoked)."""
    tags = dict(
        (part.partition("=")[0].strip().lower(), part.partition("=")[2].strip())
        for part in text.split(";")
        if "=" in part
    )
    return bool(tags.get("p")) and tags.get("v", "DKIM1") == "DKIM1"


def _within(name: str, suffix: str) -> bool:
    name, suffix = name.lower().rstrip("."), suffix.lower().rstrip(".")
    return name == suffix or name.endswith("." + suffix)
