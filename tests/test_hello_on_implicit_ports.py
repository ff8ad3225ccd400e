"""A port of the 465 kind (settings.IMPLICIT_TLS_PORTS) that `auto` has just heard greet in plain
text is not then sent a TLS hello on one more connection: the greeting already said what the port
speaks. The test server's port is made one of that kind for the test."""

from __future__ import annotations

import pytest

from ontime_assist.engine.connection import port_mode
from tests.cli_helpers import check
from tests.servers import Script, scripted_smtp


def test_auto_sends_no_tls_hello_to_a_465_style_port_that_greeted_in_plain(
    run_cli, certs, monkeypatch: pytest.MonkeyPatch
) -> None:
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        monkeypatch.setattr(port_mode, "IMPLICIT_TLS_PORTS", frozenset({server.port}))
        result = check(run_cli, server.port, "--cafile", certs.cafile, timeout="5")
    assert result.code == 0, result.out
    assert result.json["settings"]["security"] == "starttls"
    notes = [t["text"] for t in result.json["transcript"] if t["dir"] == "info"]
    assert "the port speaks plain SMTP: switching to STARTTLS" in notes
    assert not any("TLS hello" in note for note in notes), notes
