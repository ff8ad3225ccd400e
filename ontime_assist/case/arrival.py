"""Did the test message arrive? What the user answered (or the IMAP look-up found) about the
message step 4 sent, and what each answer means: the claim it makes (naming the test and the
look), and the advice that follows. Qt-free: the arrival panel asks, the session keeps the
answers, the verdict and the summary read them from here.

The message is identified by its token (in its subject and body), its Message-ID and the time
of the test in UTC: what a provider's message trace asks for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ontime_assist.engine.findings import Finding

WAIT_MINUTES = 10  # "not there" is a fair answer only after this long (queues, greylisting)


class ArrivalAnswer(StrEnum):
    INBOX = "inbox"
    JUNK = "junk"
    NOT_THERE = "not_there"
    BOUNCED = "bounced"
    # The automatic look-up did not find it before WAIT_MINUTES had passed: too early to call
    # it lost, so it is said as "not found yet" and leads to looking again, not to a trace.
    NOT_YET = "not_yet"


ANSWER_WORDS = {
    ArrivalAnswer.INBOX: "found in the inbox",
    ArrivalAnswer.JUNK: "found in the junk (spam) folder",
    ArrivalAnswer.NOT_THERE: "not there",
    ArrivalAnswer.BOUNCED: "it bounced",
    ArrivalAnswer.NOT_YET: "not found yet",
}
NOT_FOUND = (ArrivalAnswer.NOT_THERE, ArrivalAnswer.NOT_YET)


@dataclass(frozen=True)
class ArrivalCheck:
    """One answer to "did it arrive?", for one test message."""

    answer: ArrivalAnswer
    at: dt.datetime  # when it was answered (or looked up)
    test_number: int  # the test (the run's record of evidence) that sent the message
    test_source: str  # "step 4 at 10:41"
    sent_at: dt.datetime  # when the test sent it
    to_addr: str
    token: str
    message_id: str
    practice: bool = False
    waited_minutes: int = 0  # minutes between sending and the answer
    looked_at: str = ""  # "imap.example.com": found by the automatic look-up; "": the user
    folder: str = ""  # the folder it was found in, as the server names it
    bounce: Finding | None = None  # the pasted bounce, explained
    searched: tuple[str, ...] = ()  # the folders the look-up searched

    @property
    def sent_utc(self) -> str:
        return f"{self.sent_at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC"

    @property
    def claim(self) -> str:
        """The sentence the summary and the page say, naming the test and the look."""
        when = f"{self.at:%H:%M}"
        what = ANSWER_WORDS[self.answer]
        if self.looked_at:
            where = "Junk" if self.answer is ArrivalAnswer.JUNK else "the inbox"
            if self.folder and self.answer is ArrivalAnswer.JUNK:
                where = self.folder
            searched = ", ".join(self.searched) or "nothing"
            found = (
                f"found in {where}"
                if self.answer not in NOT_FOUND
                else f"{ANSWER_WORDS[self.answer]} (searched {searched}, "
                f"{self.waited_minutes} minutes after sending)"
            )
            head = f"Looked for the test message at {self.looked_at} at {when}: {found}"
        else:
            if self.answer is ArrivalAnswer.NOT_THERE:
                what = f"not there after {self.waited_minutes} minutes"
            head = f"Looked for the test message at {self.to_addr} at {when} (by you): {what}"
        return (
            f"{head} (the message {self.token} sent by the test on {self.test_source}, "
            f"test {self.test_number})"
        )


@dataclass(frozen=True)
class SenderCheck:
    """The sender checks (SPF, DKIM, DMARC of the From address's domain, from DNS): run from
    step 4 for the way the test message was sent, or from step 1 for the OnTime Mail Server
    sending with the company's address."""

    at: dt.datetime
    from_address: str
    domain: str
    findings: tuple[Finding, ...]
    practice: bool = False
    problem: str = ""  # what stopped it before it could judge ("" when it ran to its end)
    judged_for: str = ""  # "sending through smtp.office365.com", "the OnTime Mail Server …"
    via_ontime_server: bool = False  # step 1's check, not the test message's way

    @property
    def head(self) -> str:
        """What was checked, when and for which way of sending (the claim without results);
        "tried to check" when DNS did not answer (nothing was checked then)."""
        unanswered = any(f.id == "sender.lookup_failed" for f in self.findings)
        verb = "Tried to check" if unanswered else "Checked"
        head = (
            f"{verb} the sender authentication (SPF, DKIM, DMARC) of {self.domain} in DNS at "
            f"{self.at:%H:%M}"
        )
        return f"{head}, for {self.judged_for}" if self.judged_for else head

    @property
    def claim(self) -> str:
        head = self.head
        if self.problem:
            return f"{head}: it could not finish ({self.problem.rstrip('.')})"
        titles = "; ".join(f.title for f in self.findings) or "nothing to report"
        return f"{head}: {titles}"


def latest_sender_check(
    checks: tuple[SenderCheck, ...] | list[SenderCheck], *, via_ontime_server: bool = False
) -> SenderCheck | None:
    """The last sender check of one kind: step 4's (the test message's way) or step 1's."""
    return next((c for c in reversed(checks) if c.via_ontime_server is via_ontime_server), None)


def verdict_words(check: ArrivalCheck) -> str:
    """The conclusion the answer adds to the verdict."""
    if check.answer is ArrivalAnswer.INBOX:
        return f"the test message was delivered to {check.to_addr}'s inbox"
    if check.answer is ArrivalAnswer.JUNK:
        return (
            f"the test message was delivered to {check.to_addr}, but into the junk folder: "
            "receivers may not trust mail from this sender"
        )
    if check.answer is ArrivalAnswer.NOT_THERE:
        return (
            f"the server accepted the test message, but it had not arrived at {check.to_addr} "
            f"after {check.waited_minutes} minutes"
        )
    if check.answer is ArrivalAnswer.NOT_YET:
        return (
            f"the server accepted the test message; it was not in {check.to_addr}'s mailbox yet "
            f"{check.waited_minutes} minutes after sending (too early to call it lost)"
        )
    title = check.bounce.title if check.bounce is not None else "a bounce came back"
    return f"the server accepted the test message, but it bounced: {title}"


def arrival_next_steps(check: ArrivalCheck, sender: SenderCheck | None = None) -> list[str]:
    """What to do next, from the answer (each rests on the claim above)."""
    if check.answer is ArrivalAnswer.INBOX:
        return []
    if check.answer is ArrivalAnswer.JUNK:
        if sender is not None and not sender.problem:
            checked = f"{sender.claim}: the findings say what to add or change."
        else:
            checked = (
                "Check the sender authentication of the From address's domain (SPF, DKIM and "
                "DMARC): mail filed as junk is most often mail the receiving server could not "
                "match to the sending domain. (Not tested yet: “Check the sender "
                "authentication” on step 4 does it.)"
            )
        return [
            checked,
            "Ask the customers to mark a notification as not junk, so their mailbox learns it.",
        ]
    if check.answer is ArrivalAnswer.NOT_YET:
        return [
            "Look again in a few minutes (“Look for it automatically” on step 4): mail can "
            f"take several minutes. After {WAIT_MINUTES} minutes without it, ask your provider "
            "to trace it."
        ]
    if check.answer is ArrivalAnswer.NOT_THERE:
        return [
            "Ask your provider to trace the test message (see what to ask them below): the "
            "trace says whether it left their servers and what the receiving server said.",
            "Look in the junk folder too, and at any quarantine your organisation uses.",
        ]
    if check.bounce is not None:
        return [check.bounce.fix] if check.bounce.fix else []
    return ["Paste the bounce message on step 4, to have it explained."]


def arrival_requests(check: ArrivalCheck) -> list[str]:
    """What to ask the provider, with what their message trace needs."""
    if check.answer not in (ArrivalAnswer.NOT_THERE, ArrivalAnswer.BOUNCED):
        return []
    return [
        f"Please trace our test message in your message trace (or mail logs): sent "
        f"{check.sent_utc} to {check.to_addr}, subject containing {check.token}, "
        f"Message-ID {check.message_id}. Did it leave your servers, and what did the receiving "
        "server answer?"
    ]
