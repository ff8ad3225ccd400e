"""connect.open_connection's reading of what a non-blocking connect() answers."""

from __future__ import annotations

import errno
import socket

import pytest

from ontime_assist.engine.cancel import CancelToken, Deadline
from ontime_assist.engine.connection import connect


def test_no_free_local_port_is_a_failure_not_a_connect_under_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Linux answers EAGAIN when every local port is taken; nothing on loopback can make it do
    # so on demand, so connect_ex gives that answer here. Taken for "under way", the socket
    # would have been handed on as connected, and failed later as if the server had broken it.
    monkeypatch.setattr(socket.socket, "connect_ex", lambda _sock, _address: errno.EAGAIN)
    address = (socket.AF_INET, ("127.0.0.1", 9))
    with pytest.raises(BlockingIOError):
        connect.open_connection(address, Deadline(5), CancelToken())
