"""The session's side of "did the test message arrive?": which accepted test message the
answer is about, and the answer made into a record (a pasted bounce explained, without the
run's secrets). Kept apart from session.py so that stays one job: what the user entered and
what the tests found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypedDict

from ontime_assist.case.arrival import ArrivalAnswer, ArrivalCheck, SenderCheck
from ontime_assist.engine.cancel import Cancelled
from ontime_assist.engine.check.settings import validate_address
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.providers.recognise import provider_for
from ontime_assist.session_records import Evidence, redacted_finding

if TYPE_CHECKING:
    from ontime_assist.engine.cancel import CancelToken
    from ontime_assist.engine.check.result import CheckResult
    from ontime_assist.engine.discovery.dns_lookup import Dns
    from ontime_assist.engine.sender.judge import SendingPath
    from ontime_assist.engine.sending.envelope import SentMessage


class ArrivalDetails(TypedDict, total=False):
    at: dt.datetime  # when answered (now when not given)
    bounce_text: str  # the bounce the user pasted
    looked_at: str  # the IMAP server the automatic look-up searched
    folder: str  # the folder it found the message in
    searched: tuple[str, ...]  # the folders it searched
    waited_minutes: int  # minutes since sending, as the page's timer counted them


def sent_test(
    evidence: Sequence[Evidence], current: CheckResult | None
) -> tuple[Evidence, SentMessage] | None:
    """The step-4 test that sent the latest accepted message, if it is the step's current
    result (a message sent with other settings no longer answers the question)."""
    # only once a message was sent: the envelope (email package), about 60 ms
    from ontime_assist.engine.sending.envelope import sent_message

    for e in reversed(evidence):
        if e.key is Step.RELAY:
            sent = sent_message(e.result) if e.result is current else None
            return (e, sent) if sent is not None else None
    return None


def arrival_check(
    test: Evidence,
    message: SentMessage,
    answer: ArrivalAnswer,
    redact: Callable[[str], str],
    details: ArrivalDetails,
) -> ArrivalCheck:
    now = details.get("at") or dt.datetime.now().astimezone()
    bounce = None
    text = details.get("bounce_text", "")
    if answer is ArrivalAnswer.BOUNCED and text.strip():
        from ontime_assist.engine.diagnosis.explain import explain  # its rules load on first use

        found = explain(text).ordered_findings
        if found:
            bounce = redacted_finding(found[0], redact)
    waited = details.get("waited_minutes")
    if waited is None:
        waited = max(0, int((now - test.at).total_seconds() // 60))
    return ArrivalCheck(
        answer=answer,
        at=now,
        test_number=test.number,
        test_source=f"step 4 at {test.at:%H:%M}",
        sent_at=test.at,
        to_addr=test.result.settings.to_addr,
        token=message.token,
        message_id=message.message_id,
        practice=test.practice,
        waited_minutes=waited,
        looked_at=details.get("looked_at", ""),
        folder=details.get("folder", ""),
        bounce=bounce,
        searched=details.get("searched", ()),
    )


def sending_path(test: Evidence, from_address: str, provider_hint: str) -> SendingPath:
    """How the test message left: its From address, the provider recognised, and the address
    of the submission server it went through (SPF is evaluated for that address)."""
    # only for the sender checks: dnspython, about 115 ms
    from ontime_assist.engine.sender.judge import SendingPath

    result = test.result
    provider = provider_for(
        result.settings.host, from_address, greeting=result.greeting, hint=provider_hint
    )
    return SendingPath(
        from_address=from_address,
        provider_id=provider.id if provider is not None else None,
        provider_name=provider.name if provider is not None else "",
        server=result.settings.host,
        server_addresses=(result.peer_address,) if result.peer_address else (),
    )


def run_sender_check(path: SendingPath, dns: Dns | None, cancel: CancelToken) -> SenderCheck:
    """The sender checks for `path` (engine.sender), as a record; on a worker thread."""
    # on a worker thread: dnspython and the checks, about 190 ms
    from ontime_assist.engine.discovery.dns_lookup import Dns
    from ontime_assist.engine.sender.check import check_sender
    from ontime_assist.engine.sender.judge import sender_domain

    domain = sender_domain(path.from_address)
    now = dt.datetime.now().astimezone()
    judged_for = judged_for_words(path)
    try:
        report = check_sender(path, dns or Dns(), cancel)
    except Cancelled:
        return SenderCheck(
            now,
            path.from_address,
            domain,
            (),
            problem="it was stopped",
            judged_for=judged_for,
            via_ontime_server=path.via_ontime_server,
        )
    return SenderCheck(
        dt.datetime.now().astimezone(),
        path.from_address,
        domain,
        tuple(report.findings),
        judged_for=judged_for,
        via_ontime_server=path.via_ontime_server,
    )


def judged_for_words(path: SendingPath) -> str:
    """Which way of sending the checks judged, for the claim ("…, for sending through …")."""
    if path.via_ontime_server:
        return f"the OnTime Mail Server sending as {path.from_address}"
    if path.server:
        by = f" ({path.provider_name})" if path.provider_name else ""
        return f"sending through {path.server}{by}"
    return ""


def ontime_server_path(from_address: str) -> SendingPath | str:
    """Step 1's sender check: the OnTime Mail Server sending with `from_address` as sender;
    or why it cannot be judged."""
    # only for the sender checks: dnspython, about 115 ms
    from ontime_assist.engine.sender.judge import SendingPath

    if not from_address.strip():
        return "Enter the address the notifications are sent from, such as dispatch@example.com."
    try:
        address = validate_address(from_address, "from").value  # as the From field is checked
    except SettingsError as error:
        return error.message
    return SendingPath(from_address=address, via_ontime_server=True)
