"""Per-provider sender authentication facts (resources/sender_auth.json): the SPF include a
provider's setup page names, and the DKIM selectors it signs with, each with its source."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ontime_assist.resource_files import read_json


@dataclass(frozen=True)
class DkimSelector:
    name: str  # published under <name>._domainkey.<domain>
    type: str  # "CNAME" (the provider keeps the key) or "TXT" (the key itself)
    targets: tuple[str, ...]  # suffixes a CNAME's target ends with
    record: str  # the record to publish, with {domain} and {domain_dashes}


@dataclass(frozen=True)
class ProviderAuth:
    provider_id: str
    spf_include: str
    spf_all: str  # the ending the provider recommends: "-all" or "~all"
    spf_source: str
    envelope_is_from: bool  # SPF is checked for the From address's own domain
    dkim_selectors: tuple[DkimSelector, ...]  # () when the admin chooses the selector
    dkim_where: str
    dkim_source: str


@cache
def provider_auth(provider_id: str) -> ProviderAuth | None:
    """The facts for a provider id of providers.json; None when none are recorded."""
    item = read_json("sender_auth.json")["providers"].get(provider_id)
    if item is None:
        return None
    dkim = item.get("dkim", {})
    return ProviderAuth(
        provider_id=provider_id,
        spf_include=item["spf"]["include"],
        spf_all=item["spf"]["all"],
        spf_source=item["spf"]["source"],
        envelope_is_from=item.get("envelope") == "from",
        dkim_selectors=tuple(
            DkimSelector(s["name"], s["type"], tuple(s.get("targets", ())), s["record"])
            for s in dkim.get("selectors", ())
        ),
        dkim_where=dkim.get("where", ""),
        dkim_source=dkim.get("source", ""),
    )


def fill(template: str, domain: str) -> str:
    """A record template written out for `domain`."""
    return template.replace("{domain}", domain).replace("{domain_dashes}", domain.replace(".", "-"))
