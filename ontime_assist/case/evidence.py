"""The findings of a whole case, in the order that tells the story: the real cause first.

Light on purpose: `check` orders its findings with this alone, without the rest of the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.findings import Finding, make, ordered, root_cause
from ontime_assist.engine.providers import policy
from ontime_assist.engine.providers.recognise import domain_of, provider_for, provider_for_domain

_OUTSIDE_UNREACHABLE = ("private", "loopback", "link-local")


def case_findings(results: Sequence[CheckResult], account: str) -> list[Finding]:
    """What the tests say together that none says alone: the account cannot use a password at
    all; Microsoft is retiring the sign-in that worked; the server is reachable only inside
    this network."""
    out: list[Finding] = []
    consumer = provider_for_domain(domain_of(account))
    signed_in = [r for r in results if r.stage("auth").status == "ok"]
    if consumer is not None and consumer.login_policy == "ended" and not signed_in:
        said = policy.ended(consumer)
        out.append(
            make("auth.oauth_only_account", f"{account} is a {consumer.name} address. {said}")
        )
    for result in signed_in:
        s = result.settings
        provider = provider_for(s.host, s.username, greeting=result.greeting, hint=s.provider_hint)
        if provider is not None and provider.login_policy == "retiring":
            out.append(
                make(
                    "auth.basic_auth_retiring",
                    f"{s.username} signed in to {provider.name} ({s.host}) with a password. "
                    + policy.working_login(provider),
                    title=policy.retiring_title(provider),
                )
            )
            break
    for result in results:
        kind = result.address_kind
        if kind in _OUTSIDE_UNREACHABLE:
            host, address = result.settings.host, result.peer_address
            where = (
                f"{host} is a {kind} address"
                if host.strip("[]").lower() == address.lower()
                else f"{host} is at {address}, a {kind} address"
            )
            out.append(
                make(
                    "net.private_address",
                    f"{where}: it answers this computer, but not a sender outside this network.",
                )
            )
            break
    return out


def step_findings(
    results: Sequence[CheckResult], explained: Iterable[Finding] = ()
) -> list[Finding]:
    """Every step's findings, the earliest step's first, each id once (a later step that fails
    the same way adds nothing). A pasted message comes after the live tests: it is OnTime's own
    word, but the live tests say more precisely what is wrong now."""
    seen: set[str] = set()
    out: list[Finding] = []
    for result in results:
        for finding in result.ordered_findings:
            if finding.id not in seen:
                seen.add(finding.id)
                out.append(finding)
    for finding in explained:
        if finding.id not in seen and finding.id != "explain.not_recognised":
            seen.add(finding.id)
            out.append(finding)
    return out


def root_first(findings: Sequence[Finding]) -> list[Finding]:
    """The contract's order: the root cause first, then the rest, most important first."""
    root = root_cause(findings)
    rest = ordered([f for f in findings if f is not root])
    return [root, *rest] if root is not None else rest


def judged_findings(results: Sequence[CheckResult], account: str = "") -> list[Finding]:
    if not account:
        account = next((r.settings.username for r in results if "@" in r.settings.username), "")
    return root_first(case_findings(results, account) + step_findings(results))
