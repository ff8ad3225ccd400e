"""Recognising the mail provider from a server name or an email address.

The facts live in resources/providers.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


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
    raw = json.loads(
        resources.files("ontime_assist.resources").joinpath("providers.json").read_text("utf-8")
    )
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


def provider_for(host: str = "", address: str = "") -> Provider | None:
    """The provider of a server name, else of an address's domain; None when unknown."""
    for provider in providers():
        if host and _suffix_match(host, provider.hosts):
            return provider
    domain = address.rpartition("@")[2] if "@" in address else ""
    for provider in providers():
        if domain and _suffix_match(domain, provider.domains):
            return provider
    return None
