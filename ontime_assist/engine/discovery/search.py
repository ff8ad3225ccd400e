"""Finding the settings from an email address alone.

1. The provider: its own mailbox domains (gmail.com), else the domain's MX records (a custom
   domain hosted by Microsoft 365, Google, GoDaddy…), else the domain's own autoconfig document.
2. The candidates: the provider's submission host; else the autoconfig hosts, smtp.DOMAIN,
   mail.DOMAIN and the MX hosts.
3. Every candidate host and port is probed at once (587, 465 and 25, and 2525 where the provider
   uses it): what the port speaks, whether its certificate verifies, which logins it offers. No
   password is sent: a probe is a check without a user name, which stops before the login.
4. The whole search ends at one deadline, however many candidates there are; whatever is still
   waiting then is stopped and reported as what it was waiting for.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from ontime_assist.engine.cancel import Cancelled, CancelToken, Deadline
from ontime_assist.engine.check.defaults import DEFAULT_SEARCH_SECONDS
from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.check.settings import (
    MIN_TIMEOUT,
    build_settings,
    is_host_name,
    validate_address,
)
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.connection.connect import CANCEL_POLL_SECONDS, NetworkError
from ontime_assist.engine.discovery.autoconfig import Autoconfig, find_autoconfig
from ontime_assist.engine.discovery.dns_lookup import Dns
from ontime_assist.engine.discovery.outcome import (
    Candidate,
    CandidateSource,
    Discovery,
    Probe,
    ProviderMatch,
)
from ontime_assist.engine.discovery.probe_outcome import probe_from_result
from ontime_assist.engine.discovery.recommend import add_recommendation
from ontime_assist.engine.findings import make
from ontime_assist.engine.idn import ascii_name, unicode_name
from ontime_assist.engine.providers.recognise import (
    DEFAULT_PORTS,
    Provider,
    provider_for_domain,
    provider_for_host,
    provider_for_mx,
)
from ontime_assist.engine.tls.context import verifying_context

# A probe started with less time than this left could not tell anything apart.
MIN_PROBE_SECONDS = 0.5
# Once stopped at the deadline, probes wake at once; this bounds waiting for them to say so.
STOP_GRACE_SECONDS = 1.0

ProbeListener = Callable[[Probe], None]
# Told once the provider is known (or known to be unknown) and the domain exists: what does
# not depend on the probes (the sender checks of `discover`) can start then.
RecognisedListener = Callable[[Discovery], None]

# Which hosts are preferred when several work equally well: the provider's own submission host,
# then what the domain's own document names, then the usual names, then the MX hosts (which are
# often only for receiving).
HOST_RANK: dict[CandidateSource, int] = {"provider": 0, "autoconfig": 10, "guess": 20, "mx": 30}


@dataclass(frozen=True)
class _Event:
    kind: str  # "probe" or "autoconfig"
    value: object


def discover(
    address: str,
    *,
    dns: Dns | None = None,
    cafile: str | None = None,
    timeout: float = DEFAULT_SEARCH_SECONDS,
    cancel: CancelToken | None = None,
    on_probe: ProbeListener | None = None,
    host: str = "",
    ports: tuple[int, ...] = (),
    on_recognised: RecognisedListener | None = None,
) -> Discovery:
    """Find the provider and the settings for `address` within `timeout` seconds; with `host`,
    only what that server's ports speak (`ports`, or the usual ones). Raises SettingsError for
    an address that is not one; everything else is in the result."""
    cleaned = validate_address(address, "address").value
    domain = cleaned.rpartition("@")[2].lower().rstrip(".")
    if not is_host_name(domain):
        raise SettingsError(
            "address", f"“{domain}” in the address “{cleaned}” is not a valid domain name."
        )
    # People see the domain's letters; DNS, the guesses' connections and the settings
    # document's address use its A-label form (engine/idn.py).
    domain = unicode_name(domain)
    search = _Search(cleaned, domain, dns or Dns(), cafile, timeout, cancel or CancelToken())
    if host:
        return search.run_for_host(host, ports, on_probe)
    return search.run(on_probe, on_recognised)


class _Search:
    def __init__(
        self,
        address: str,
        domain: str,
        dns: Dns,
        cafile: str | None,
        timeout: float,
        outer_cancel: CancelToken,
    ) -> None:
        self.found = Discovery(address=address, domain=domain)
        self.ascii_domain = ascii_name(domain)
        self.dns = dns
        self.cafile = cafile
        self.deadline = Deadline(timeout)
        self.outer_cancel = outer_cancel
        # The probes' own token: stopped at the deadline without touching the caller's.
        self.cancel = CancelToken()
        self.events: queue.SimpleQueue[_Event] = queue.SimpleQueue()
        self.waiting = 0
        self.candidates: list[Candidate] = []

    def run(
        self, on_probe: ProbeListener | None, on_recognised: RecognisedListener | None = None
    ) -> Discovery:
        found = self.found
        try:
            provider, mx_host = self._recognise()
        except Cancelled:
            found.cancelled = True
            return found
        if found.findings and found.findings[-1].id == "dns.not_found":
            return found  # the domain does not exist: nothing to try
        if on_recognised is not None:
            on_recognised(found)
        if provider is not None:
            host = provider.submission_for_mx(mx_host) if mx_host else provider.submission
            self._start(host, provider.ports, "provider", HOST_RANK["provider"])
        else:
            self._start_autoconfig()
            guesses = (f"smtp.{found.domain}", f"mail.{found.domain}")
            for offset, host in enumerate(guesses):
                self._start(host, DEFAULT_PORTS, "guess", HOST_RANK["guess"] + offset)
            for offset, host in enumerate(found.mx_hosts):
                self._start(host, DEFAULT_PORTS, "mx", HOST_RANK["mx"] + offset)
        self._collect(on_probe)
        add_recommendation(found)
        return found

    def run_for_host(
        self, host: str, ports: tuple[int, ...], on_probe: ProbeListener | None
    ) -> Discovery:
        provider = provider_for_host(host)
        if provider is not None:
            self.found.provider = ProviderMatch(provider.id, provider.name, "host", host)
        default = provider.ports if provider is not None else DEFAULT_PORTS
        self._start(host, ports or default, "provider", HOST_RANK["provider"])
        self._collect(on_probe)
        add_recommendation(self.found)
        return self.found

    # --- 1. the provider --------------------------------------------------------------------

    def _recognise(self) -> tuple[Provider | None, str]:
        found = self.found
        provider = provider_for_domain(found.domain)
        if provider is not None:
            found.provider = ProviderMatch(provider.id, provider.name, "domain", found.domain)
            return provider, ""
        try:
            answer = self.dns.mx(self.ascii_domain, self._left(), self.outer_cancel)
        except NetworkError as exc:
            detail = exc.detail.replace(self.ascii_domain, found.domain)  # as people know it
            found.findings.append(make(exc.finding_id, detail))
            return None, ""
        if not answer.exists:
            found.findings.append(
                make("dns.not_found", f"The domain “{found.domain}” does not exist in DNS.")
            )
            return None, ""
        found.mx_hosts = tuple(unicode_name(host) for host in answer.hosts)
        for name in answer.invalid:
            found.findings.append(
                make(
                    "discover.invalid_host",
                    f"The mail records (MX) of “{found.domain}” name “{name}”, which is not a "
                    "valid server name: it was not tried.",
                )
            )
        if not answer.hosts:
            found.findings.append(
                make(
                    "discover.no_mail_records",
                    f"“{found.domain}” has no mail records (MX): its usual server names "
                    "were tried instead.",
                )
            )
        for mx_host in answer.hosts:
            provider = provider_for_mx(mx_host)
            if provider is not None:
                found.provider = ProviderMatch(provider.id, provider.name, "mx", mx_host)
                return provider, mx_host
        return None, ""

    # --- 2 and 3. candidates, probed at once ------------------------------------------------

    def _start(self, host: str, ports: tuple[int, ...], source: CandidateSource, rank: int) -> None:
        host = unicode_name(host.lower().rstrip("."))  # one form, whatever the source wrote
        for port in ports:
            if any(c.host == host and c.port == port for c in self.candidates):
                continue
            if self._left() < MIN_PROBE_SECONDS:
                return
            candidate = Candidate(host, port, source, rank)
            self.candidates.append(candidate)
            self.waiting += 1
            threading.Thread(
                target=self._probe, args=(candidate,), name="discover-probe", daemon=True
            ).start()

    def _probe(self, candidate: Candidate) -> None:
        """Every probe reports, whatever happens: the search waits for exactly that many."""
        try:
            settings = build_settings(
                host=candidate.host,
                port=candidate.port,
                cafile=self.cafile,
                timeout=max(self._left(), MIN_TIMEOUT),
            )
            result = run_check(settings, cancel=self.cancel, resolver=self.dns)
            probe = probe_from_result(candidate, result)
        except SettingsError as exc:  # hosts are checked where read; this is the last guard
            probe = Probe(candidate, None, "discover.invalid_host", 0.0, (), "", exc.message)
        except Exception as exc:  # a bug must not hang the search: report it as such
            probe = Probe(candidate, None, "internal_error", 0.0, (), "", type(exc).__name__)
        self.events.put(_Event("probe", probe))

    def _start_autoconfig(self) -> None:
        self.waiting += 1
        context = verifying_context(self.cafile)

        def fetch() -> None:
            document = None
            try:
                document = find_autoconfig(
                    self.ascii_domain,
                    self.found.address,
                    self.dns,
                    context,
                    self.deadline,
                    self.cancel,
                )
            finally:
                self.events.put(_Event("autoconfig", document))

        threading.Thread(target=fetch, name="discover-autoconfig", daemon=True).start()

    def _collect(self, on_probe: ProbeListener | None) -> None:
        stopped = False
        grace = Deadline(0)
        while self.waiting:
            if not stopped and (self.deadline.remaining() <= 0 or self.outer_cancel.cancelled):
                stopped = True
                self.found.cancelled = self.outer_cancel.cancelled
                self.cancel.cancel()
                grace = Deadline(STOP_GRACE_SECONDS)
            if stopped and grace.remaining() <= 0:
                break
            try:
                event = self.events.get(timeout=CANCEL_POLL_SECONDS)
            except queue.Empty:
                continue
            self.waiting -= 1
            if event.kind == "probe":
                assert isinstance(event.value, Probe)
                self.found.probes.append(event.value)
                if on_probe is not None:
                    on_probe(event.value)
            elif isinstance(event.value, Autoconfig) and not stopped:
                self._adopt_autoconfig(event.value)
        self.found.probes.sort(key=lambda p: (p.candidate.host_rank, p.host, _port_order(p.port)))

    def _adopt_autoconfig(self, document: Autoconfig) -> None:
        found = self.found
        for name in document.rejected:
            found.findings.append(
                make(
                    "discover.invalid_host",
                    f"The settings document at {document.url} names “{name}”, which is not a "
                    "valid server name and port: it was not tried.",
                )
            )
        if not document.servers:
            return
        first = document.servers[0].host
        known = provider_for_host(first)
        if found.provider is None:
            if known is not None:
                found.provider = ProviderMatch(known.id, known.name, "autoconfig", document.url)
            else:
                found.provider = ProviderMatch(
                    f"autoconfig:{document.provider_id}", document.name, "autoconfig", document.url
                )
        for offset, server in enumerate(document.servers):
            ports = (server.port, *(p for p in DEFAULT_PORTS if p != server.port))
            self._start(server.host, ports, "autoconfig", HOST_RANK["autoconfig"] + offset)

    def _left(self) -> float:
        return max(self.deadline.remaining(), 0.0)


def _port_order(port: int) -> int:
    """Ports listed the way they are preferred (587 first), others after in number order."""
    preferred = (587, 2525, 465, 25)
    return preferred.index(port) if port in preferred else len(preferred) + port
