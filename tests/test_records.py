"""records.NamedTuple behaves as typing.NamedTuple, and `check` runs without loading typing,
smtplib, the email package or json (what made it start at half swaks's pace), whether it
passes or fails: the speed records.py, `TYPE_CHECKING = False` and resource_tables.py keep."""

from __future__ import annotations

import pickle
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from ontime_assist.records import NamedTuple
from tests.dns_server import Zone, dns_server
from tests.servers import Script, scripted_smtp

ROOT = Path(__file__).resolve().parents[1]


class Point(NamedTuple):
    """A point."""

    x: int
    y: int = 0
    label: str = "origin"

    @property
    def total(self) -> int:
        return self.x + self.y

    def moved(self, by: int) -> Point:
        return self._replace(x=self.x + by)


class TypingPoint(typing.NamedTuple):
    """A point."""

    x: int
    y: int = 0
    label: str = "origin"

    @property
    def total(self) -> int:
        return self.x + self.y

    def moved(self, by: int) -> TypingPoint:
        return self._replace(x=self.x + by)


def test_a_record_is_what_typing_would_build() -> None:
    ours, theirs = Point(3, label="a"), TypingPoint(3, label="a")
    assert ours == theirs == (3, 0, "a")  # type: ignore[comparison-overlap]
    assert Point._fields == TypingPoint._fields
    assert Point._field_defaults == TypingPoint._field_defaults
    assert list(Point.__annotations__) == list(TypingPoint.__annotations__)
    assert repr(ours) == repr(theirs).replace("TypingPoint", "Point")
    assert ours.total == theirs.total == 3
    assert ours.moved(2) == (5, 0, "a") and type(ours.moved(2)) is Point
    assert ours._asdict() == theirs._asdict()
    assert Point.__doc__ == TypingPoint.__doc__ == "A point."
    assert Point.__module__ == __name__ and Point.__qualname__ == "Point"
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert isinstance(ours, tuple) and not hasattr(ours, "__dict__")  # slots, as typing's
    x, y, label = ours
    assert (x, y, label) == (3, 0, "a")


def test_a_field_without_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError):

        class Bad(NamedTuple):
            a: int = 0
            b: int  # type: ignore[misc]


def test_namedtuple_machinery_cannot_be_replaced() -> None:
    with pytest.raises(AttributeError):

        class Bad(NamedTuple):
            a: int

            def _replace(self, **changes: object) -> Bad:  # type: ignore[override, misc]
                return self


HEAVY = (
    "heavy = sorted(m for m in sys.modules if m in ('typing', 'smtplib', 'json')"
    " or m.startswith(('email', 'urllib', 'PySide6')))\n"
)


def run_isolated(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter without site-packages' start-up hooks (some machines'
    .pth files load typing themselves); the checkout first on the path, then (for the sender
    checks) the folder dnspython was installed in, added as a plain path."""
    import dns

    preamble = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        f"sys.path.append({str(Path(dns.__file__).parents[1])!r})\n"
    )
    return subprocess.run(
        [sys.executable, "-S", "-c", preamble + code, *args],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


CHECK = (
    "import io\n"
    "sys.stdin = io.StringIO('secret-password\\n')\n"
    "from ontime_assist.cli import main\n"
    "rc = main(sys.argv[1:])\n" + HEAVY
)


def test_check_loads_none_of_the_heavy_modules(certs) -> None:
    """The whole command up to the recipient: none of the modules that doubled its start-up
    time were loaded, and neither the sender checks nor dnspython (only --send needs them)."""
    code = CHECK + (
        "assert not heavy, heavy\n"
        "late = [m for m in sys.modules if m.startswith(('ontime_assist.engine.sender', 'dns'))"
        " or m == 'publicsuffixlist']\n"
        "assert not late, late\n"
        "sys.exit(rc)\n"
    )
    with scripted_smtp(Script(tls_context=certs.good)) as (server, log):
        completed = run_isolated(
            code, "check", "--host", "127.0.0.1", "--port", str(server.port),
            "--cafile", certs.cafile, "--timeout", "5",
            "--username", "office@example.com", "--password-stdin", "--to", "client@example.org",
        )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "rcpt TO:<client@example.org>" in log  # the conversation ran up to the message


def test_a_failing_check_loads_none_of_the_heavy_modules(certs) -> None:
    """A refused login, the case users run the check for: the diagnosis and its reply context
    load, and still none of the heavy modules (they keep records.py and TYPE_CHECKING = False
    for this path too)."""
    code = CHECK + (
        "assert not heavy, heavy\n"
        "assert 'ontime_assist.engine.diagnosis.diagnose' in sys.modules  # the failure was diagnosed\n"
        "sys.exit(100 + rc)  # a failed assertion exits 1, as a failed check does\n"
    )
    script = Script(tls_context=certs.good, auth="535 5.7.8 Error: authentication failed")
    with scripted_smtp(script) as (server, _log):
        completed = run_isolated(
            code, "check", "--host", "127.0.0.1", "--port", str(server.port),
            "--cafile", certs.cafile, "--timeout", "5",
            "--username", "office@example.com", "--password-stdin", "--to", "client@example.org",
        )  # fmt: skip
    assert completed.returncode == 101, completed.stdout + completed.stderr  # the check: 1
    assert "535" in completed.stdout


def test_a_send_loads_nothing_heavy_beyond_the_sender_checks(certs) -> None:
    """`check --send` also asks DNS whether receivers will trust the From domain (dnspython,
    which loads typing and the email package itself): the send adds nothing heavy of its own
    beyond what loading the sender checks loads alone."""
    baseline = run_isolated(
        "import ontime_assist.engine.sender.runs, dns.resolver, dns.rdtypes.ANY.TXT\n"
        "import ontime_assist.engine.sender.dmarc as d\n"
        "d.organisational_domain('a.example.com')\n" + HEAVY + "print(' '.join(heavy))\n"
    )
    assert baseline.returncode == 0, baseline.stderr
    allowed = baseline.stdout.split()
    code = CHECK + (
        f"heavy = [m for m in heavy if m not in {allowed!r}]\n"
        "assert not heavy, heavy\n"
        "assert 'ontime_assist.engine.sender.runs' in sys.modules\n"
        "sys.exit(rc)\n"
    )
    with (
        dns_server(Zone(every_name_exists=True)) as dns,
        scripted_smtp(Script(tls_context=certs.good)) as (server, log),
    ):
        completed = run_isolated(
            code, "check", "--host", "127.0.0.1", "--port", str(server.port),
            "--cafile", certs.cafile, "--timeout", "5", "--nameserver", dns.address,
            "--username", "office@example.com", "--password-stdin",
            "--to", "client@example.org", "--send",
        )  # fmt: skip
        assert ("example.com", "TXT") in dns.questions  # the sender checks ran
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "DATA" in log  # the whole conversation ran: the message was sent
