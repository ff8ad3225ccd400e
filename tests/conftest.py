from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
import ssl
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import trustme

from ontime_assist.cli import main

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@dataclass
class Certs:
    ca: trustme.CA
    cafile: str
    good: ssl.SSLContext
    wrong_host: ssl.SSLContext
    expired: ssl.SSLContext
    unknown_ca: ssl.SSLContext
    intercepted: ssl.SSLContext
    tls11_only: ssl.SSLContext


def _server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    return context


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    ca = trustme.CA()
    cafile = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    names = ("localhost", "127.0.0.1")
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    expired = ca.issue_cert(*names, not_before=long_ago, not_after=long_ago + dt.timedelta(days=90))
    stranger = trustme.CA()
    avast = trustme.CA(
        organization_name="AVAST Software s.r.o.",
        organization_unit_name="Avast Web/Mail Shield Root",
    )
    tls11 = _server_context(ca.issue_cert(*names))
    with warnings.catch_warnings():  # an old server is the point of this one
        warnings.simplefilter("ignore", DeprecationWarning)
        tls11.maximum_version = ssl.TLSVersion.TLSv1_1
        tls11.minimum_version = ssl.TLSVersion.TLSv1
    tls11.set_ciphers("DEFAULT:@SECLEVEL=0")
    return Certs(
        ca=ca,
        cafile=str(cafile),
        good=_server_context(ca.issue_cert(*names)),
        wrong_host=_server_context(ca.issue_cert("mail.other.test")),
        expired=_server_context(expired),
        unknown_ca=_server_context(stranger.issue_cert(*names)),
        intercepted=_server_context(avast.issue_cert(*names)),
        tls11_only=tls11,
    )


@dataclass
class CliRun:
    code: int
    out: str
    err: str

    @property
    def json(self) -> dict[str, Any]:  # parsed JSON: its shape is what the tests check
        data = json.loads(self.out)
        assert isinstance(data, dict)
        return data

    @property
    def finding_ids(self) -> list[str]:
        return [f["id"] for f in self.json["findings"]]

    @property
    def root_cause(self) -> dict[str, Any]:
        return next(f for f in self.json["findings"] if f["severity"] == "error")


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def run(*args: str, stdin: str = "") -> CliRun:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


@pytest.fixture
def tmp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings and logs go to a temporary folder, never the developer's own."""
    monkeypatch.setenv("ONTIME_ASSIST_HOME", str(tmp_path))
    yield tmp_path


_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto


def _loopback_only_getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
    flags = kwargs.get("flags", args[3] if len(args) > 3 else 0)
    if flags & socket.AI_NUMERICHOST:
        return _real_getaddrinfo(host, *args, **kwargs)  # parses an address; asks no one
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name.endswith(".invalid"):
        # RFC 6761: names under .invalid never exist. Answer as a resolver would, without
        # sending the question to this machine's DNS server (off loopback).
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    if name not in ("localhost", "127.0.0.1", "::1") and not name.startswith("127."):
        raise AssertionError(f"a test tried to resolve {name!r}: tests stay on loopback")
    return _real_getaddrinfo(host, *args, **kwargs)


def _require_loopback(self: socket.socket, address: object, what: str) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        host = str(address[0])
        if not (host.startswith("127.") or host == "::1"):
            raise AssertionError(f"a test tried to {what} {host}: tests stay on loopback")


def _loopback_only_connect(self, address):  # type: ignore[no-untyped-def]
    _require_loopback(self, address, "connect to")
    return _real_connect(self, address)


def _loopback_only_connect_ex(self, address):  # type: ignore[no-untyped-def]
    _require_loopback(self, address, "connect to")
    return _real_connect_ex(self, address)


def _loopback_only_sendto(self, data, *args):  # type: ignore[no-untyped-def]
    _require_loopback(self, args[-1], "send a datagram to")  # DNS questions go this way
    return _real_sendto(self, data, *args)


@pytest.fixture(autouse=True)
def _stay_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test: no DNS question leaves the machine, no connection leaves loopback."""
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", _loopback_only_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _loopback_only_connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", _loopback_only_sendto)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[object]:
    """Every test gets an empty in-memory keyring; the machine's own is never touched."""
    import keyring

    from tests.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def make_wizard(qtbot, tmp_home: Path):  # type: ignore[no-untyped-def]
    """Makes the real wizard, shown, with every page built (tests/wizard_driver.py)."""
    from tests.wizard_driver import wizard_factory

    yield from wizard_factory(qtbot, tmp_home)


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    """The practice mail server, running."""
    from ontime_assist.demo import DemoServer

    server = DemoServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _clipboard_handed_over() -> Iterator[None]:
    """What a test copied is handed over the way the app does when it quits: a Python-made
    clipboard object left for Qt to delete after the interpreter has gone crashes the run."""
    yield
    import sys

    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            from ontime_assist.ui.clipboard import hand_over

            hand_over()
