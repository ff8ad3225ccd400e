"""Recognising the mail provider from a server name or an email address.

The facts live in resources/providers.json."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ontime_assist.resource_files import read_json


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    hosts: tuple[str, ...]
    domains: tuple[str, ...]
    host: str
    port: int
    security: str
    app_password: str
    web_login: str
    smtp_auth: str


@cache
def providers() -> tuple[Provider, ...]:
    raw = read_json("providers.json")
    return tuple(
        Provider(
            id=item["id"],
            name=item["name"],
            hosts=tuple(item["hosts"]),
            domains=tuple(item["domains"]),
            host=item["settings"]["host"],
            port=int(item["settings"]["port"]),
            security=item["settings"]["security"],
            app_password=item["app_password"],
            web_login=item["web_login"],
            smtp_auth=item["smtp_auth"],
        )
        for item in raw["providers"]
    )


def _suffix_match(name: str, suffixes: tuple[str, ...]) -> bool:
    name = name.lower().rstrip(".")
    return any(name == s or name.endswith("." + s) for s in suffixes)


def provider_for(
    host: str = "", address: str = "", *, greeting: str = "", hint: str = ""
) -> Provider | None:
    """The provider of a server name, else the one recognised beforehand (`hint`, an id), else
    the one its greeting names, else that of an address's domain; None when unknown."""
    for provider in providers():
        if host and _suffix_match(host, provider.hosts):
            return provider
    if hint:
        found = next((p for p in providers() if p.id == hint), None)
        if found is not None:
            return found
    greeted = greeting.split(maxsplit=1)[0] if greeting.strip() else ""
    for provider in providers():
        if greeted and _suffix_match(greeted, provider.hosts):
            return provider
    domain = address.rpartition("@")[2] if "@" in address else ""
    for provider in providers():
        if domain and _suffix_match(domain, provider.domains):
            return provider
    return None
