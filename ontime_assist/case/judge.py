"""Reading all the steps' results as one case: which failure is the real cause, which are only
its consequences, and what the case as a whole adds (the server is only reachable inside this
network; Microsoft is switching password sign-in off; the account cannot use a password at all).
"""

from __future__ import annotations

from ontime_assist.case.advice import (
    headline,
    next_steps,
    ontime_settings,
    provider_requests,
    still_failing,
)
from ontime_assist.case.model import Audience, Case, OnTimeServerOutcome, Verdict
from ontime_assist.case.step_outcomes import step_outcomes
from ontime_assist.engine.findings import Actor, Finding, Severity, make, ordered
from ontime_assist.engine.providers import domain_of, provider_for, provider_for_domain
from ontime_assist.engine.redact import Redactor
from ontime_assist.engine.result import CheckResult
from ontime_assist.steps import StepTest

_OUTSIDE_UNREACHABLE = ("private", "loopback", "link-local")


def judge(case: Case) -> Verdict:
    results = case.ordered_results()
    findings = _case_findings(case, results) + _step_findings(case, results)
    root = _root_cause(findings)
    audience = (
        Audience.ONTIME_SUPPORT
        if case.ontime_server is OnTimeServerOutcome.FAILED
        else Audience.PROVIDER
    )
    tested = _reported_result(results, root)
    who = _who(case, root)
    redactor = Redactor().merged(*(r.redactor for _k, r in results), *case.secrets)
    verdict_findings = tuple(_root_first(findings, root))
    settings = ontime_settings(case, tested, root)
    return Verdict(
        case=case,
        audience=audience,
        root=root,
        who=who,
        headline=headline(case, root, tested),
        findings=verdict_findings,
        next_steps=tuple(next_steps(case, root, who, tested, settings)),
        requests=tuple(provider_requests(verdict_findings, root, tested))
        if audience is Audience.PROVIDER
        else (),
        ontime_settings=settings,
        still_failing=tuple(still_failing(case, root, tested)),
        steps=tuple(step_outcomes(case)),
        tested=tested,
        redactor=redactor,
    )


def _step_findings(case: Case, results: list[tuple[StepTest, CheckResult]]) -> list[Finding]:
    """Every step's findings, the earliest step's first, each id once (a later step that fails
    the same way adds nothing). A pasted message comes after the live tests: it is OnTime's own
    word, but the live tests say more precisely what is wrong now."""
    seen: set[str] = set()
    out: list[Finding] = []
    for _key, result in results:
        for finding in result.ordered_findings:
            if finding.id not in seen:
                seen.add(finding.id)
                out.append(finding)
    for finding in case.explained:
        if finding.id not in seen and finding.id != "explain.not_recognised":
            seen.add(finding.id)
            out.append(finding)
    return out


def _case_findings(case: Case, results: list[tuple[StepTest, CheckResult]]) -> list[Finding]:
    out: list[Finding] = []
    account = _account(case, results)
    consumer = provider_for_domain(domain_of(account))
    signed_in = [r for _k, r in results if r.stage("auth").status == "ok"]
    if consumer is not None and consumer.login_policy == "ended" and not signed_in:
        out.append(make("auth.oauth_only_account", f"{account} is a {consumer.name} address."))
    for result in signed_in:
        provider = provider_for(
            result.settings.host,
            result.settings.username,
            greeting=result.greeting,
            hint=result.settings.provider_hint,
        )
        if provider is not None and provider.login_policy == "retiring":
            out.append(
                make(
                    "auth.basic_auth_retiring",
                    f"{result.settings.username} signed in to {provider.name} "
                    f"({result.settings.host}) with a password. That sign-in is turned off by "
                    "default at the end of December 2026.",
                )
            )
            break
    for _key, result in results:
        kind = result.address_kind
        if kind in _OUTSIDE_UNREACHABLE:
            out.append(
                make(
                    "net.private_address",
                    f"{result.settings.host} is at {result.peer_address}, a {kind} address: "
                    "it answers this computer, but not a sender outside this network.",
                )
            )
            break
    return out


def _account(case: Case, results: list[tuple[StepTest, CheckResult]]) -> str:
    for _key, result in results:
        if "@" in result.settings.username:
            return result.settings.username
    return case.discovery.address if case.discovery else ""


def _root_cause(findings: list[Finding]) -> Finding | None:
    """The first error: case findings (an account that cannot use a password at all) before
    the steps', the steps' in the article's order, so a later step's consequence (a refusal
    after a login that failed earlier) never hides its cause."""
    return next((f for f in findings if f.severity is Severity.ERROR), None)


def _root_first(findings: list[Finding], root: Finding | None) -> list[Finding]:
    rest = ordered([f for f in findings if f is not root])
    return [root, *rest] if root is not None else rest


def _reported_result(
    results: list[tuple[StepTest, CheckResult]], root: Finding | None
) -> CheckResult | None:
    """The test to report: the one where the real cause was seen, else the one that went
    furthest (the relay test before the server test before the sign-in test)."""
    if root is not None:
        for _key, result in results:
            if any(f is root or f.id == root.id for f in result.findings):
                return result
    return results[-1][1] if results else None


def _who(case: Case, root: Finding | None) -> Actor:
    if case.ontime_server is OnTimeServerOutcome.FAILED and (
        root is None or root.who is Actor.USER
    ):
        return Actor.ONTIME_SUPPORT
    return root.who if root is not None else Actor.USER
