"""Reading all the steps' results as one case: which failure is the real cause, which are only
its consequences, and what the case as a whole adds (the server is only reachable inside this
network; Microsoft is switching password sign-in off; the account cannot use a password at all).
"""

from __future__ import annotations

from ontime_assist.case.advice import headline, next_steps, provider_requests, still_failing
from ontime_assist.case.arrival import latest_sender_check
from ontime_assist.case.arrival_verdict import with_arrival
from ontime_assist.case.evidence import case_findings, root_first, step_findings
from ontime_assist.case.for_ontime import for_ontime, ontime_settings
from ontime_assist.case.model import Audience, Case, OnTimeServerOutcome, Verdict
from ontime_assist.case.step_outcomes import step_outcomes
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import Actor, Finding, root_cause
from ontime_assist.engine.redaction.redact import Redactor


def judge(case: Case) -> Verdict:
    results = case.ordered_results()
    checked = [result for _key, result in results]
    bounces = tuple(a.bounce for a in case.arrival if a.bounce is not None)
    # The latest sender check of each kind: step 4's (how the test message went) and step 1's
    # (the OnTime Mail Server); an older one of the same kind was superseded.
    for via_ontime_server in (False, True):
        latest = latest_sender_check(case.sender_checks, via_ontime_server=via_ontime_server)
        bounces += latest.findings if latest is not None else ()
    findings = case_findings(checked, _account(case, checked)) + step_findings(
        checked, case.explained + bounces
    )
    root = root_cause(findings)
    audience = (
        Audience.ONTIME_SUPPORT
        if case.ontime_server is OnTimeServerOutcome.FAILED
        else Audience.PROVIDER
    )
    tested = _reported_result(results, root)
    who = _who(case, root)
    redactor = Redactor().merged(*(r.redactor for _k, r in results), *case.secrets)
    verdict_findings = tuple(root_first(findings))
    settings = ontime_settings(case, tested, root)
    return with_arrival(
        Verdict(
            case=case,
            audience=audience,
            root=root,
            who=who,
            headline=headline(case, root, tested),
            for_ontime=for_ontime(settings)
            if case.ontime_server is not OnTimeServerOutcome.FAILED
            else "",
            findings=verdict_findings,
            # Shown on the page as they are (outside the report): a fix may quote a pasted text.
            next_steps=tuple(
                redactor(step) for step in next_steps(case, root, who, tested, settings)
            ),
            requests=tuple(provider_requests(verdict_findings, root, tested))
            if audience is Audience.PROVIDER
            else (),
            ontime_settings=settings,
            still_failing=tuple(still_failing(case, root, tested)),
            steps=tuple(step_outcomes(case)),
            tested=tested,
            redactor=redactor,
        )
    )


def _reported_result(
    results: list[tuple[Step, CheckResult]], root: Finding | None
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


def _account(case: Case, results: list[CheckResult]) -> str:
    for result in results:
        if "@" in result.settings.username:
            return result.settings.username
    return case.discovery.address if case.discovery else ""
