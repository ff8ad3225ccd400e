"""Will receivers trust mail sent the way this account sends? SPF, DKIM and DMARC of the From
address's domain, judged for the path the notifications take, as `sender.*` findings.

What is known and what is inferred is kept apart in the words: the records are looked up now
(a test); that the envelope sender is the From address is how the recognised providers'
submission works and how .NET's SmtpClient sends (inference); whether the provider signs with
DKIM is its own setting, which DNS cannot show; with no provider recognised, evaluating SPF for
the submission server's own addresses assumes mail leaves from them (inference).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ontime_assist.engine.findings import Finding, Severity, ordered
from ontime_assist.engine.idn import InvalidName, ascii_name
from ontime_assist.engine.sender import advice
from ontime_assist.engine.sender.dkim import SelectorCheck, check_selectors
from ontime_assist.engine.sender.dmarc import DmarcLookup, find_policy
from ontime_assist.engine.sender.dns_source import DnsSource, DnsTemporaryError
from ontime_assist.engine.sender.finding import make
from ontime_assist.engine.sender.provider_auth import ProviderAuth, provider_auth
from ontime_assist.engine.sender.spf_eval import SpfOutcome, check_host, valid_name
from ontime_assist.engine.sender.spf_policy import MISSING, UNANSWERED, SpfPolicy, inspect_policy


@dataclass(frozen=True)
class SendingPath:
    """How this account's notifications leave."""

    from_address: str  # the From address; the envelope sender is taken to be the same
    provider_id: str | None = None  # the provider recognised (providers.json id), if any
    provider_name: str = ""  # its name, for the words
    server: str = ""  # the submission server's name, for the words
    server_addresses: tuple[str, ...] = ()  # its addresses (SPF evaluated for them)
    via_ontime_server: bool = False  # the OnTime Mail Server sends, with this From address


@dataclass
class SenderReport:
    domain: str
    findings: list[Finding] = field(default_factory=list)
    spf: SpfPolicy | None = None
    spf_results: dict[str, SpfOutcome] = field(default_factory=dict)  # by server address
    spf_passes: bool | None = None  # for this path; None: not tested
    dkim: tuple[SelectorCheck, ...] = ()
    dkim_passes: bool | None = None  # selectors published; None: not tested
    dmarc: DmarcLookup | None = None
    exists: bool = True  # False: DNS answered that the domain does not exist (NXDOMAIN)

    @property
    def aligned(self) -> bool | None:
        """Would SPF or DKIM pass for the From domain itself? None: not known."""
        if self.spf_passes or self.dkim_passes:
            return True
        if self.spf_passes is None or self.dkim_passes is None:
            return None
        return False


def sender_domain(address: str) -> str:
    domain = address.rpartition("@")[2].strip().rstrip(".").lower()
    try:
        return ascii_name(domain)  # UTS 46 / IDNA 2008, as everywhere else (straße.de stays ß)
    except InvalidName:
        return domain


def judge_sender(path: SendingPath, dns: DnsSource) -> SenderReport:
    """The sender checks for `path`, asking `dns`; Cancelled propagates."""
    report = SenderReport(sender_domain(path.from_address))
    if "." not in report.domain or not valid_name(report.domain):
        return report  # no domain to look up: the address itself is reported as bad input
    auth = provider_auth(path.provider_id) if path.provider_id else None
    try:
        _gather(report, path, auth, dns)
    except DnsTemporaryError as error:
        report.findings = [make("sender.lookup_failed", advice.lookup_failed(report.domain, error))]
        return report
    if not report.exists:
        # Nothing to add records to: the address is wrong (a typo), or the domain is not
        # registered yet. SPF, DKIM and DMARC advice would be beside the point.
        report.findings = [make("sender.domain_missing", *advice.domain_missing(report.domain))]
        return report
    report.findings = ordered(_findings(report, path, auth))
    return report


def _gather(
    report: SenderReport, path: SendingPath, auth: ProviderAuth | None, dns: DnsSource
) -> None:
    report.spf = inspect_policy(report.domain, dns)
    if report.spf.state == UNANSWERED:
        raise DnsTemporaryError(report.spf.problem)
    if dns.missing(report.domain):
        report.exists = False
        return
    report.dmarc = find_policy(report.domain, dns)
    if path.via_ontime_server:
        return
    if auth is not None and auth.dkim_selectors:
        report.dkim = check_selectors(report.domain, auth.dkim_selectors, dns)
        report.dkim_passes = all(check.published for check in report.dkim)
    report.spf_passes = _spf_passes(report, path, auth, dns)


def _spf_passes(
    report: SenderReport, path: SendingPath, auth: ProviderAuth | None, dns: DnsSource
) -> bool | None:
    spf = report.spf
    assert spf is not None
    if spf.state == MISSING or spf.invalid:
        return False  # none and permerror never pass
    if auth is not None:
        return spf.authorises(auth.spf_include) and auth.envelope_is_from
    if not path.server_addresses:
        return None
    for address in path.server_addresses:
        report.spf_results[address] = check_host(address, report.domain, path.from_address, dns)
    results = {outcome.result for outcome in report.spf_results.values()}
    if "temperror" in results:
        return None
    return results == {"pass"}


def _findings(report: SenderReport, path: SendingPath, auth: ProviderAuth | None) -> list[Finding]:
    spf, dmarc, domain = report.spf, report.dmarc, report.domain
    assert spf is not None and dmarc is not None
    found: list[Finding] = []
    if spf.state == MISSING:
        found.append(make("sender.spf_missing", *advice.spf_missing(domain, path, auth)))
    elif spf.invalid:
        found.append(make("sender.spf_invalid", *advice.spf_invalid(spf, path, auth)))
    if dmarc.policy is None:
        found.append(make("sender.dmarc_missing", *advice.dmarc_missing(domain, dmarc)))
    if path.via_ontime_server:
        strict = dmarc.policy is not None and dmarc.policy.strict
        found.append(
            make(
                "sender.ontime_server_unconfirmed",
                *advice.ontime_server(domain, spf, dmarc),
                severity=Severity.WARNING if strict else Severity.INFO,
            )
        )
        return found
    if report.spf_passes is False and spf.state != MISSING and not spf.invalid:
        found.append(
            make("sender.spf_not_authorised", *advice.spf_not_authorised(report, path, auth))
        )
    if report.dkim_passes is False and auth is not None:
        found.append(make("sender.dkim_missing", *advice.dkim_missing(report, path, auth)))
    aligned = report.aligned
    if aligned:
        found.append(make("sender.ok", advice.trusted(report, path, auth)))
    elif dmarc.policy is not None and (report.spf_passes is False or report.dkim_passes is False):
        # Error only when both were tested and fail under a strict policy: with one of them
        # untested, the policy may still be met, so it is a warning that says what was not tested.
        severe = dmarc.policy.strict and aligned is False
        found.append(
            make(
                "sender.dmarc_unaligned",
                *advice.unaligned(report, path, auth),
                severity=Severity.ERROR if severe else Severity.WARNING,
                title=advice.unaligned_title(report),
            )
        )
    elif report.spf_passes is None and not report.dkim_passes:
        # Nothing could be judged for this path: said as not tested, not left unsaid.
        found.append(make("sender.not_tested", *advice.not_tested(report, path)))
    return found
