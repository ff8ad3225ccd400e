"""The RFC 7208 test suite (tests/data/rfc7208/, with its source) run through check_host().

Each scenario's zone is served by an in-memory DnsSource that follows the suite's own rules as
its reference driver (pyspf's test/testspf.py) applies them; see tests/data/rfc7208/README.md.
The real resolver path (dnspython through a DNS server) is tested in test_sender_world.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from ontime_assist.engine.sender.dns_source import DnsTemporaryError
from ontime_assist.engine.sender.spf_eval import check_host

SUITE = Path(__file__).parent / "data" / "rfc7208" / "rfc7208-tests.yml"
CNAME_DEPTH = 8

# Cases not run, each with why. Empty: every case of the suite runs.
SKIPPED: dict[str, str] = {}


class SuiteZone:
    """A scenario's `zonedata` answering as the suite's driver does: `SPF:` records stand for
    TXT records unless the name has TXT records of its own (`TXT: NONE` says it has none), a
    `TIMEOUT` entry times out a question no earlier entry answered, an unknown name does not
    exist (or times out when it starts with "error."), and a CNAME is followed."""

    def __init__(self, zonedata: dict[str, list[Any]]) -> None:
        self.entries = {name.lower(): list(_entries(name, data)) for name, data in zonedata.items()}

    def lookup(self, name: str, kind: str) -> tuple[str, ...]:
        return tuple(self._lookup(name, kind, 0))

    def missing(self, name: str) -> bool:
        return name.lower().rstrip(".") not in self.entries

    def _lookup(self, name: str, kind: str, depth: int) -> list[str]:
        labels = [label for label in name.split(".") if label]
        if any(len(label) > 63 for label in labels):
            raise DnsTemporaryError("DNS label too long")
        key = ".".join(labels).lower()
        if key not in self.entries:
            if key.startswith("error."):
                raise DnsTemporaryError("timeout")
            return []
        found: list[tuple[Any, str]] = []
        answered = False
        for entry in self.entries[key]:
            if entry == "TIMEOUT":
                if not answered:
                    raise DnsTemporaryError("timeout")
                break
            rtype, value = entry
            if rtype == kind:
                answered = True
                found.append((value, rtype))
            elif rtype == "CNAME" and kind != "CNAME":
                if depth >= CNAME_DEPTH:
                    raise DnsTemporaryError("CNAME loop")
                return self._lookup(str(value), kind, depth + 1)
        if kind == "MX":
            found.sort(key=lambda item: int(item[0][0]))
        return [_text(rtype, value) for value, rtype in found]


def _entries(name: str, data: list[Any]) -> list[Any]:
    """pyspf's getrdata(): SPF records doubled as TXT unless TXT records are given."""
    out: list[Any] = []
    generated: list[Any] = []
    has_txt = False
    for item in data:
        if not isinstance(item, dict):
            out.append(item)  # TIMEOUT
            continue
        for rtype, value in item.items():
            if rtype in ("TXT", "SPF") and isinstance(value, str):
                value = (value,)
            if rtype == "TXT":
                has_txt = True
            elif rtype == "SPF" and not has_txt:
                generated.append(("TXT", value))
            if value != ("NONE",):
                out.append((rtype, value))
    if not has_txt:
        out.extend(generated)
    return out


def _text(rtype: str, value: Any) -> str:
    if rtype in ("TXT", "SPF"):
        return "".join(value)
    if rtype == "MX":
        return str(value[1]).rstrip(".").lower()
    if rtype in ("PTR", "CNAME"):
        return str(value).rstrip(".")
    return str(value)


def _cases() -> list[Any]:
    cases = []
    with SUITE.open("rb") as stream:
        for scenario in yaml.safe_load_all(stream):
            zone = scenario["zonedata"]
            for test_id, case in scenario["tests"].items():
                marks = [pytest.mark.skip(reason=SKIPPED[test_id])] if test_id in SKIPPED else []
                cases.append(pytest.param(zone, case, id=test_id, marks=marks))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("zone", "case"), CASES)
def test_rfc7208_suite(zone: dict[str, list[Any]], case: dict[str, Any]) -> None:
    sender = case["mailfrom"]
    domain = sender.rpartition("@")[2] if sender else case["helo"]
    outcome = check_host(case["host"], domain, sender, SuiteZone(zone), helo=case["helo"])
    expected = case["result"] if isinstance(case["result"], list) else [case["result"]]
    assert outcome.result in expected, f"{outcome} ({case.get('description', '')})"


def test_the_whole_suite_is_there() -> None:
    """The copy is the full suite (a truncated file would pass with fewer cases)."""
    assert len(CASES) == 203
