"""The sender checks as the commands run them.

`check --send`: from the start of the run, beside the SMTP test (their imports and questions
take about as long as the test itself), judged when the test is done for the path it took (the
provider its server name, greeting or earlier recognition shows; the address it connected to),
within the run's --timeout.
`discover`: beside the search, from the moment the provider is recognised, so that the whole
run still ends within its --timeout (the DNS answers they need do not depend on the probes);
judged at the end for the recommended way of sending, mostly from the answers already in hand.

The server's address is evaluated against SPF only when it is public: mail from a server at a
private or loopback address reaches receivers from some other, public address, which this
computer cannot see (adding the private one to SPF would be wrong advice).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from ontime_assist.engine.cancel import Cancelled, CancelToken, Deadline
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings import MailSettings
from ontime_assist.engine.connection.connect import CANCEL_POLL_SECONDS, address_kind
from ontime_assist.engine.discovery.dns_lookup import Dns
from ontime_assist.engine.discovery.outcome import Discovery
from ontime_assist.engine.findings import Finding, ordered, root_cause
from ontime_assist.engine.providers.recognise import provider_for
from ontime_assist.engine.sender import advice
from ontime_assist.engine.sender.dns_source import QUESTION_SECONDS, ResolverSource
from ontime_assist.engine.sender.finding import make
from ontime_assist.engine.sender.judge import SenderReport, SendingPath, judge_sender, sender_domain

# discover's sender checks may end this long after the search's own limit (the contract allows
# "about a second" beyond --timeout): the last, mostly answered, judgement fits in it.
GRACE_SECONDS = 0.5


def question_seconds(timeout: float) -> float:
    return min(QUESTION_SECONDS, timeout)


def public_addresses(*addresses: str) -> tuple[str, ...]:
    return tuple(a for a in addresses if a and address_kind(a) == "public")


# --- check --send ---------------------------------------------------------------------------


def path_for_check(result: CheckResult) -> SendingPath | None:
    """How mail sent with these settings leaves: the provider recognised by the server's name,
    the provider recognised beforehand, or the server's greeting; not by the From address's
    domain, which names the mailbox's provider, not the server this account sends through."""
    s = result.settings
    if not s.from_addr:
        return None  # nothing is sent without a From address
    provider = provider_for(s.host, greeting=result.greeting, hint=s.provider_hint)
    return SendingPath(
        from_address=s.from_addr,
        provider_id=provider.id if provider else None,
        provider_name=provider.name if provider else "",
        server=s.host,
        server_addresses=public_addresses(result.peer_address),
    )


def path_before_check(settings: MailSettings) -> SendingPath | None:
    """The path as far as it is known before the test: the provider by the server's name."""
    if not settings.from_addr:
        return None  # nothing is sent without a From address
    provider = provider_for(settings.host, hint=settings.provider_hint)
    return SendingPath(
        from_address=settings.from_addr,
        provider_id=provider.id if provider else None,
        provider_name=provider.name if provider else "",
        server=settings.host,
    )


def combined(check_findings: Sequence[Finding], sender: Sequence[Finding]) -> list[Finding]:
    """The contract's order for both together: the root cause first, then the rest, most
    important first. A failure of the check itself stays the root cause: that the domain's
    DNS would not be trusted matters only once mail goes out at all; when the check found no
    error, a sender error (a strict DMARC policy nothing passes) is the root cause."""
    root = root_cause(check_findings) or root_cause(sender)
    rest = ordered([f for f in [*check_findings, *sender] if f is not root])
    return [root, *rest] if root is not None else rest


# --- discover -------------------------------------------------------------------------------


def path_for_discovery(found: Discovery) -> SendingPath:
    """The recommended way of sending: the provider found, the recommended server and (when
    public) the address its probe connected to."""
    provider, best = found.provider, found.recommended
    addresses: tuple[str, ...] = ()
    if best is not None:
        probe = found.probe(best.host, best.port)
        if probe is not None and probe.result is not None:
            addresses = public_addresses(probe.result.peer_address)
    return SendingPath(
        from_address=found.address,
        provider_id=provider.id if provider else None,
        provider_name=provider.name if provider else "",
        server=best.host if best else "",
        server_addresses=addresses,
    )


class SenderAlongside:
    """The sender checks beside the test or the search: `start_path` asks for the domain's
    records on a thread; `finish_path` judges them for the way of sending known at the end,
    from the answers in hand. All within `timeout` + GRACE_SECONDS from construction.
    `discover` starts them when the provider is recognised (its on_recognised) and finishes
    them for the recommended way of sending."""

    def __init__(self, dns: Dns, timeout: float) -> None:
        self.cancel = CancelToken()
        total = timeout + GRACE_SECONDS
        self.deadline = Deadline(total)
        self.source = ResolverSource(
            dns, self.cancel, total=total, question=question_seconds(timeout)
        )
        self.path: SendingPath | None = None
        self.report: SenderReport | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def start(self, found: Discovery) -> None:
        provider = found.provider
        self.start_path(
            SendingPath(
                found.address, provider.id if provider else None, provider.name if provider else ""
            )
        )

    def start_path(self, path: SendingPath) -> None:
        self.path = path
        threading.Thread(target=self._run, args=(path,), name="sender", daemon=True).start()

    def _run(self, path: SendingPath) -> None:
        try:
            self.report = judge_sender(path, self.source)
        except Cancelled:
            pass
        except BaseException as error:  # handed to `finish`, on the command's thread
            self.error = error
        finally:
            self.done.set()

    def stop(self) -> None:
        """Ends every wait (Ctrl+C, or the time ran out)."""
        self.cancel.cancel()

    def finish(self, found: Discovery) -> list[Finding]:
        return self.finish_path(path_for_discovery(found), "the search's time limit")

    def finish_path(
        self, final: SendingPath | None, limit: str = "the time limit"
    ) -> list[Finding]:
        if self.path is None or final is None:
            return []  # never started: the domain does not exist, or the search was cancelled
        while not self.done.wait(min(CANCEL_POLL_SECONDS, max(self.deadline.remaining(), 0))):
            if self.deadline.remaining() <= 0:
                self.stop()
                late = TimeoutError(f"no answer within {limit} (--timeout)")
                detail = advice.lookup_failed(sender_domain(final.from_address), late)
                return [make("sender.lookup_failed", detail)]
        if self.error is not None:
            raise self.error
        report = self.report
        assert report is not None
        if final != self.path:
            # The same records, now judged for the way of sending known at the end: answered
            # from what was asked already, except an SPF evaluation for the server's address.
            again = judge_sender(final, self.source)
            if not _failed(again) or _failed(report):
                report = again
        return report.findings


def _failed(report: SenderReport) -> bool:
    return [f.id for f in report.findings] == ["sender.lookup_failed"]
