"""records.NamedTuple behaves as typing.NamedTuple, and `check` runs without loading typing,
smtplib, the email package or json (what made it start at half swaks's pace)."""

from __future__ import annotations

import pickle
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from ontime_assist.records import NamedTuple
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
    assert ours == theirs == (3, 0, "a")
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

            def _replace(self, **changes: object) -> Bad:  # type: ignore[override]
                return self


def test_check_loads_none_of_the_heavy_modules(certs) -> None:
    """The whole command, in a fresh interpreter without site-packages' start-up hooks (some
    machines' .pth files load typing themselves): after a full verified send, none of the
    modules that doubled its start-up time were loaded."""
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import io\n"
        "sys.stdin = io.StringIO('secret-password\\n')\n"
        "from ontime_assist.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "heavy = sorted(m for m in sys.modules if m in ('typing', 'smtplib', 'json')"
        " or m.startswith(('email', 'urllib', 'PySide6')))\n"
        "assert not heavy, heavy\n"
        "sys.exit(rc)\n"
    )
    with scripted_smtp(Script(tls_context=certs.good)) as (server, log):
        completed = subprocess.run(
            [
                sys.executable, "-S", "-c", code, "check", "--host", "127.0.0.1",
                "--port", str(server.port), "--cafile", certs.cafile, "--timeout", "5",
                "--username", "office@example.com", "--password-stdin",
                "--to", "client@example.org", "--send",
            ],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "DATA" in log  # the whole conversation ran: the message was sent
