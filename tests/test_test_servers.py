"""The suite's own servers fail only for their own reasons (#20.13): a fixed address another
program holds is a reason to skip (in CI, to fail loudly), and a listener that could not bind
is closed at once instead of warning later in an unrelated test."""

from __future__ import annotations

import gc
import socket
import warnings
from collections.abc import Iterator

import pytest

from tests.discovery_world import require_real_ports, world
from tests.servers import RawServer, Script, wait_until_closed

HELD_IP = "127.0.0.29"


@pytest.fixture
def held_587() -> Iterator[None]:
    """Port 587 on one loopback address, held by "another program"."""
    require_real_ports()
    holder = socket.socket()
    holder.bind((HELD_IP, 587))
    holder.listen(1)
    try:
        yield
    finally:
        holder.close()


def test_a_listener_that_cannot_bind_is_closed_at_once() -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    try:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            with pytest.raises(OSError):
                RawServer(wait_until_closed, port=port)
            gc.collect()
    finally:
        holder.close()
    leaks = [w for w in seen if issubclass(w.category, ResourceWarning)]
    assert not leaks, [str(w.message) for w in leaks]


def test_a_held_real_port_skips_the_discovery_test_saying_which(
    held_587, certs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ONTIME_ASSIST_REQUIRE_SERVICES", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped, world(certs.ca, certs.cafile) as net:
        net.smtp(HELD_IP, 587, Script())
    assert f"{HELD_IP}:587" in str(skipped.value) and "another program" in str(skipped.value)


def test_in_ci_a_held_real_port_fails_loudly(
    held_587, certs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONTIME_ASSIST_REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception) as failed, world(certs.ca, certs.cafile) as net:
        net.mute(HELD_IP, 587)
    assert "required here but missing" in str(failed.value) and f"{HELD_IP}:587" in str(
        failed.value
    )
