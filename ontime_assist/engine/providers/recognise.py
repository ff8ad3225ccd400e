"""Recognising the mail provider: from a server name, a mailbox domain, an MX host or a greeting.

The facts live in resources/providers.json (public setup pages and Thunderbird's ISPDB),
with each provider's dated changes to password sign-in (`policy`): the one place those dates
are written. engine/providers/policy.py says them in the tense that is true today.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from ontime_assist.records import NamedTuple
from ontime_assist.resource_files import read_json

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from typing import Any, Literal

    LoginPolicy = Literal["password", "app_password", "retiring", "ended"]

DEFAULT_PORTS = (587, 465, 25)


class MxRule(NamedTuple):
    suffix: str
    submission: str  # "" means the provider's usual submission host


class Milestone(NamedTuple):
    """One dated change to a provider's password sign-in, and the source it rests on."""

    id: str
    date: dt.date | None  # None until the provider names it
    at: str  # the date in words, with its preposition, as a sentence says it
    will: str  # what changes, said before the date
    doing: str  # said on the day
    did: str  # said after it
    source_title: str
    source_url: str = ""


class Provider(NamedTuple):
    id: str
    name: str
    domains: tuple[str, ...]  # the provider's own mailbox domains (gmail.com)
    hosts: tuple[str, ...]  # its SMTP server names (suffixes)
    mx: tuple[MxRule, ...]  # how a custom domain it hosts is recognised
    submission: str  # where to send through
    ports: tuple[int, ...]  # what discovery probes there
    login_policy: LoginPolicy
    app_password: str
    web_login: str
    smtp_auth: str
    replies: tuple[str, ...] = ()  # words only its servers' replies carry ("gsmtp")
    custom_domain: str = ""  # what differs for an account on the customer's own domain
    policy: tuple[Milestone, ...] = ()  # dated changes to password sign-in, earliest first

    def milestone(self, milestone_id: str) -> Milestone:
        """The policy milestone `milestone_id`; KeyError when the table lacks it."""
        for found in self.policy:
            if found.id == milestone_id:
                return found
        raise KeyError(f"{self.id} has no policy milestone {milestone_id!r}")

    def submission_for_mx(self, mx_host: str) -> str:
        for rule in self.mx:
            if suffix_match(mx_host, (rule.suffix,)):
                return rule.submission or self.submission
        return self.submission


@cache
def providers() -> tuple[Provider, ...]:
    raw = read_json("providers.json")
    return tuple(
        Provider(
            id=item["id"],
            name=item["name"],
            domains=tuple(item.get("domains", ())),
            hosts=tuple(item.get("hosts", ())),
            mx=tuple(
                MxRule(rule["suffix"], rule.get("submission", "")) for rule in item.get("mx", ())
            ),
            submission=item.get("submission", ""),
            ports=tuple(item.get("ports", DEFAULT_PORTS)),
            login_policy=item.get("login_policy", "password"),
            app_password=item.get("app_password", ""),
            web_login=item.get("web_login", ""),
            smtp_auth=item.get("smtp_auth", ""),
            replies=tuple(item.get("replies", ())),
            custom_domain=item.get("custom_domain", ""),
            policy=tuple(_milestone(m) for m in item.get("policy", ())),
        )
        for item in raw["providers"]
    )


def _milestone(item: dict[str, Any]) -> Milestone:
    return Milestone(
        id=item["id"],
        date=dt.date.fromisoformat(item["date"]) if item["date"] else None,
        at=item["at"],
        will=item["will"],
        doing=item["doing"],
        did=item["did"],
        source_title=item["source"]["title"],
        source_url=item["source"].get("url", ""),
    )


def facts_checked() -> dt.date:
    """When the providers' policy facts were last checked against their sources."""
    return dt.date.fromisoformat(read_json("providers.json")["facts_checked"])


def suffix_match(name: str, suffixes: tuple[str, ...]) -> bool:
    name = name.lower().rstrip(".")
    return any(name == s or name.endswith("." + s) for s in suffixes)


def provider_by_id(provider_id: str) -> Provider | None:
    return next((p for p in providers() if p.id == provider_id), None)


def provider_for_host(host: str) -> Provider | None:
    """The provider whose SMTP server this is (smtp.office365.com → Microsoft 365)."""
    if not host:
        return None
    return next((p for p in providers() if suffix_match(host, p.hosts)), None)


def provider_for_domain(domain: str) -> Provider | None:
    """The provider whose own mailbox domain this is (gmail.com → Google)."""
    if not domain:
        return None
    return next((p for p in providers() if suffix_match(domain, p.domains)), None)


def provider_for_mx(mx_host: str) -> Provider | None:
    """The provider hosting a custom domain, from one of its MX hosts."""
    for provider in providers():
        if any(suffix_match(mx_host, (rule.suffix,)) for rule in provider.mx):
            return provider
    return None


def provider_for_reply(text: str) -> Provider | None:
    """The provider whose server wrote this reply, by words only its replies carry (Google's
    "gsmtp" signature, its support.google.com links): true whatever the server's name or the
    address's domain."""
    lowered = text.lower()
    return next((p for p in providers() if any(w in lowered for w in p.replies)), None)


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].strip().lower() if "@" in address else ""


def provider_for(
    host: str = "", address: str = "", *, greeting: str = "", hint: str = ""
) -> Provider | None:
    """The provider of a server name, else the one recognised beforehand (`hint`, an id), else
    the one its greeting names, else that of an address's domain; None when unknown."""
    found = provider_for_host(host)
    if found is None and hint:
        found = provider_by_id(hint)
    if found is None and greeting.strip():
        found = provider_for_host(greeting.split(maxsplit=1)[0])
    if found is None:
        found = provider_for_domain(domain_of(address))
    return found
