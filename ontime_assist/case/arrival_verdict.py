"""What the answer to "did it arrive?" changes in the verdict: the headline says how far the
message got, and the next steps and the requests to the provider follow from the answer."""

from __future__ import annotations

import dataclasses

from ontime_assist.case.arrival import (
    ArrivalAnswer,
    ArrivalCheck,
    arrival_next_steps,
    arrival_requests,
    latest_sender_check,
    verdict_words,
)
from ontime_assist.case.model import Audience, Verdict


def latest_arrival(verdict: Verdict) -> ArrivalCheck | None:
    """The last answer about a message sent by a test whose settings are still current."""
    current = {r.number for r in verdict.case.current_tests}
    return next((a for a in reversed(verdict.case.arrival) if a.test_number in current), None)


def with_arrival(verdict: Verdict) -> Verdict:
    check = latest_arrival(verdict)
    if check is None:
        return verdict
    headline = verdict.headline
    if verdict.root is None or check.answer is not ArrivalAnswer.BOUNCED:
        headline = f"{headline.rstrip('.')}; {verdict_words(check)}"
    sender = latest_sender_check(verdict.case.sender_checks)
    steps = tuple(arrival_next_steps(check, sender))
    requests = tuple(arrival_requests(check)) if verdict.audience is Audience.PROVIDER else ()
    return dataclasses.replace(
        verdict,
        headline=headline,
        next_steps=tuple(verdict.redactor(s) for s in steps) + verdict.next_steps,
        requests=requests + verdict.requests,
    )
