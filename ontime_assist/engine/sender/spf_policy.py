"""The domain's SPF policy as a whole, whatever address mail comes from: is there exactly one
record, is it valid, does it stay within the limits of 10 DNS-querying terms and 2 void
look-ups (RFC 7208 §4.6.4), and which includes can authorise a sender?

check_host() stops at the first term that matches, so a policy over the limits can pass some
addresses and fail others. This walk follows every include and redirect a receiver could
reach, as the DNS checkers do, so a broken policy is found whichever address is tested.
Terms with macros depend on the sender and are counted but not followed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ontime_assist.engine.sender.dns_source import DnsSource, DnsTemporaryError
from ontime_assist.engine.sender.spf_eval import MX_LIMIT, spf_records, valid_name
from ontime_assist.engine.sender.spf_syntax import (
    DNS_MECHANISMS,
    LOOKUP_LIMIT,
    VOID_LIMIT,
    Mechanism,
    SpfRecord,
    SpfSyntaxError,
    parse_record,
)

# States of a policy. "ok" says nothing yet about whether it authorises a given sender.
OK, MISSING, SEVERAL, SYNTAX, TOO_MANY_LOOKUPS, TOO_MANY_VOIDS, BROKEN_INCLUDE, UNANSWERED = (
    "ok",
    "missing",
    "several",
    "syntax",
    "too_many_lookups",
    "too_many_voids",
    "broken_include",
    "unanswered",
)
INVALID = frozenset({SEVERAL, SYNTAX, TOO_MANY_LOOKUPS, TOO_MANY_VOIDS, BROKEN_INCLUDE})
WALK_LIMIT = 40  # records followed at most: enough to count a policy far over the limit


@dataclass
class SpfPolicy:
    domain: str
    state: str = OK
    records: tuple[str, ...] = ()  # the SPF records published at the domain itself
    record: SpfRecord | None = None  # the one record, when there is exactly one and it is valid
    problem: str = ""  # what is wrong, in words ("" when nothing is)
    lookups: int = 0  # DNS-querying terms a receiver may evaluate (limit 10)
    voids: int = 0  # of those, the ones that find nothing (limit 2)
    # include/redirect targets that can give "pass", in the order reached (lower case)
    authorising: list[str] = field(default_factory=list)
    # each top-level term that asks DNS, with the look-ups it costs (for the fix)
    cost_by_term: list[tuple[str, int]] = field(default_factory=list)
    # the include or redirect of the domain's own record through which a broken record is reached
    broken_target: str = ""

    @property
    def invalid(self) -> bool:
        return self.state in INVALID

    def authorises(self, include: str) -> bool:
        return include.lower().rstrip(".") in self.authorising


class _Stop(Exception):
    """The walk has seen enough: the state is set."""


def inspect_policy(domain: str, dns: DnsSource) -> SpfPolicy:
    policy = SpfPolicy(domain.lower().rstrip("."))
    try:
        policy.records = spf_records(policy.domain, dns)
    except DnsTemporaryError as error:
        return _unanswered(policy, str(error))
    if not policy.records:
        policy.state, policy.problem = MISSING, f"“{policy.domain}” publishes no SPF record"
        return policy
    if len(policy.records) > 1:
        policy.state = SEVERAL
        policy.problem = (
            f"“{policy.domain}” publishes {len(policy.records)} SPF records; receivers treat "
            "that as an error (permerror): there must be exactly one"
        )
        return policy
    walk = _Walk(policy, dns)
    try:
        policy.record = walk.record(policy.domain, policy.records[0], via="")
        walk.terms(policy.record, policy.domain, reachable=True, top=True)
    except _Stop:
        return policy
    except DnsTemporaryError as error:
        return _unanswered(policy, str(error))
    if policy.lookups > LOOKUP_LIMIT:
        policy.state = TOO_MANY_LOOKUPS
        policy.problem = (
            f"the SPF policy of “{policy.domain}” needs {policy.lookups} DNS look-ups; receivers "
            f"stop at {LOOKUP_LIMIT} and treat the policy as an error (permerror)"
        )
    elif policy.voids > VOID_LIMIT:
        policy.state = TOO_MANY_VOIDS
        policy.problem = (
            f"{policy.voids} names in the SPF policy of “{policy.domain}” do not exist or have "
            f"no records; receivers allow {VOID_LIMIT} and then treat the policy as an error"
        )
    return policy


def _unanswered(policy: SpfPolicy, detail: str) -> SpfPolicy:
    policy.state, policy.problem = UNANSWERED, f"the SPF look-ups got no answer: {detail}"
    return policy


class _Walk:
    def __init__(self, policy: SpfPolicy, dns: DnsSource) -> None:
        self.policy = policy
        self.dns = dns
        self.followed = 0
        self.top_target = ""  # what the term of the domain's own record being followed names
        self.top_term = ""  # that term, as written ("include:x" or "redirect:x")

    def record(self, domain: str, text: str, via: str) -> SpfRecord:
        try:
            return parse_record(text)
        except SpfSyntaxError as error:
            where = f" (reached through {via})" if via else ""
            self._stop(SYNTAX, f"the SPF record of “{domain}”{where} is invalid: {error}")
            raise  # not reached: _stop raises

    def terms(self, record: SpfRecord, domain: str, *, reachable: bool, top: bool = False) -> None:
        for mechanism in record.mechanisms:
            if top:
                self.top_target = ""
            before = self.policy.lookups
            self.mechanism(mechanism, domain, reachable=reachable)
            if top and self.policy.lookups > before:
                self.policy.cost_by_term.append((mechanism.text, self.policy.lookups - before))
            if mechanism.kind == "all":
                return  # nothing after "all" is ever evaluated, and redirect is ignored
        if record.redirect is not None:
            before = self.policy.lookups
            self.policy.lookups += 1
            self.follow(record.redirect, domain, reachable=reachable, how="redirect")
            if top:
                self.policy.cost_by_term.append(
                    (f"redirect={record.redirect}", self.policy.lookups - before)
                )

    def mechanism(self, mechanism: Mechanism, domain: str, *, reachable: bool) -> None:
        if mechanism.kind not in DNS_MECHANISMS:
            return
        self.policy.lookups += 1
        target = mechanism.domain_spec or domain
        if "%" in target:
            return  # depends on the sender: counted, not followed
        target = target.rstrip(".").lower()
        if mechanism.kind == "include":
            passes = reachable and mechanism.qualifier == "+"
            self.follow(target, domain, reachable=passes, how="include")
        elif mechanism.kind == "a":
            if not (self._ask(target, "A") or self._ask(target, "AAAA")):
                self.policy.voids += 1
        elif mechanism.kind == "mx":
            hosts = self._ask(target, "MX")
            if not hosts:
                self.policy.voids += 1
            elif len(hosts) > MX_LIMIT:
                self._stop(SYNTAX, f"“{target}” has {len(hosts)} MX records; SPF allows 10")
        elif mechanism.kind == "exists" and not self._ask(target, "A"):
            self.policy.voids += 1

    def follow(self, target: str, domain: str, *, reachable: bool, how: str) -> None:
        if "%" in target:
            return
        target = target.rstrip(".").lower()
        if domain == self.policy.domain:
            self.top_target, self.top_term = target, _as_written(how, target)
        self.followed += 1
        if self.followed > WALK_LIMIT or self.policy.lookups > 4 * LOOKUP_LIMIT:
            return  # far over the limit already (or a loop): enough to say so
        records = spf_records(target, self.dns) if valid_name(target) else ()
        if len(records) != 1:
            found = "no SPF record" if not records else f"{len(records)} SPF records"
            self._stop(
                BROKEN_INCLUDE,
                f"{_as_written(how, target)} in the SPF policy of “{domain}” leads to {found}; "
                "receivers treat the policy as an error (permerror)",
            )
        if reachable:
            self.policy.authorising.append(target)
        self.terms(self.record(target, records[0], via=self.top_term), target, reachable=reachable)

    def _ask(self, name: str, kind: str) -> tuple[str, ...]:
        return self.dns.lookup(name, kind) if valid_name(name) else ()

    def _stop(self, state: str, problem: str) -> None:
        self.policy.state, self.policy.problem = state, problem
        self.policy.broken_target = self.top_target
        raise _Stop()


def _as_written(how: str, target: str) -> str:
    """The term as SPF writes it: "include:x" is a mechanism, "redirect=x" a modifier."""
    return f"{how}={target}" if how == "redirect" else f"{how}:{target}"
