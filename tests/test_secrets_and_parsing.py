"""Passwords never survive into any output; the reply parser survives anything a server sends."""

from __future__ import annotations

import base64
import json
import socket
import threading
import urllib.parse

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ontime_assist.commands.text_output import render_check
from ontime_assist.engine.cancel import CancelToken, Deadline
from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.check.settings import build_settings
from ontime_assist.engine.connection.replies import (
    MAX_LINE_BYTES,
    ProtocolError,
    ReplyReader,
    ReplyTimeout,
    ServerClosed,
    parse_pasted_replies,
)
from ontime_assist.engine.redaction.redact import REDACTED, Redactor, percent_encoded
from tests.servers import LineConn, RawServer

# A password that is part of the marker itself ("[redacte") is "found" in every "[redacted]";
# no output could pass, and none leaks anything: the marker is the same for every password.
passwords = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=8, max_size=40
).filter(lambda p: p.strip() == p and p not in REDACTED)


def encodings(password: str) -> list[str]:
    raw = password.encode("utf-8")
    return [
        password,
        base64.b64encode(raw).decode(),
        base64.b64encode(b"\0office@example.com\0" + raw).decode(),
        raw.hex(),
        urllib.parse.quote(password, safe=""),
    ]


def json_values(tree: object) -> list[str]:
    if isinstance(tree, dict):
        return [v for value in tree.values() for v in json_values(value)]
    if isinstance(tree, list):
        return [v for value in tree for v in json_values(value)]
    return [str(tree)]


def echoing_server(conn: socket.socket) -> None:
    """A hostile server: offers LOGIN only and echoes every credential it gets back, plain and
    base64, in its replies."""
    line = LineConn(conn)
    line.send("220 echo.example.test ESMTP")
    while (text := line.readline(5)) is not None:
        verb = text.split(" ", 1)[0].upper()
        if verb == "EHLO":
            line.send_lines(["250-echo.example.test", "250 AUTH LOGIN"])
        elif verb == "AUTH":
            line.send("334 VXNlcm5hbWU6")
            user = line.readline(5) or ""
            line.send(f"334 got {user}")
            secret_b64 = line.readline(5) or ""
            secret = base64.b64decode(secret_b64).decode("utf-8", "replace")
            line.send_lines([f"535-5.7.8 you sent {secret_b64}", f"535 5.7.8 which is {secret}"])
        elif verb == "QUIT":
            line.send("221 bye")
            return
        else:
            line.send("250 ok")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(password=passwords)
@example(password="SENDING LIMIT")  # echoed back, it once read as a quota, not a wrong password
def test_random_passwords_never_survive_into_transcript_json_or_text(password: str) -> None:
    with RawServer(echoing_server) as server:
        config = build_settings(
            host="127.0.0.1",
            port=server.port,
            security="none",
            username="office@example.com",
            allow_plaintext_auth=True,
            timeout=2,
        )
        result = run_check(config, password)
    assert result.root_cause is not None and result.root_cause.id == "auth.failed"
    # Every value of the JSON (its keys are the fixed contract: a password that happens to be
    # "severity" is not leaked by the key "severity"), both escaped and not, and the text.
    values = json_values(result.to_json())
    outputs = [*values, *(json.dumps(v) for v in values), render_check(result)]
    for output in outputs:
        for form in encodings(password):
            assert form not in output


@given(secret=passwords, prefix=st.text(max_size=20), suffix=st.text(max_size=20))
def test_redactor_removes_every_encoding(secret: str, prefix: str, suffix: str) -> None:
    redact = Redactor([secret])
    for form in encodings(secret):
        assert form not in redact(prefix + form + suffix)


@given(secret=st.text())
def test_percent_encoding_is_urllibs(secret: str) -> None:
    raw = secret.encode("utf-8", "surrogatepass")
    assert percent_encoded(raw) == urllib.parse.quote(raw, safe="")
    assert percent_encoded(raw, space_as_plus=True) == urllib.parse.quote_plus(raw, safe="")


def read_all_replies(data: bytes) -> None:
    """Feed `data` to a ReplyReader over a real socket pair; only the parser's own exceptions
    may come out."""
    server, client = socket.socketpair()
    writer = threading.Thread(target=lambda: (server.sendall(data), server.close()))
    writer.start()
    reader = ReplyReader(client, CancelToken())
    try:
        for _ in range(1000):
            reply = reader.read_reply(Deadline(2))
            assert 200 <= reply.code <= 599
            assert all(len(line) <= MAX_LINE_BYTES for line in reply.lines)
    except (ProtocolError, ServerClosed, ReplyTimeout):
        pass
    finally:
        writer.join()
        client.close()


reply_like = st.lists(
    st.one_of(
        st.binary(max_size=300),
        st.builds(
            lambda c, sep, t: f"{c}{sep}{t}\r\n".encode(),
            st.integers(100, 699),
            st.sampled_from([" ", "-", "", "x"]),
            st.text(max_size=80),
        ),
    ),
    max_size=20,
).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(data=reply_like)
def test_reply_parser_fuzz(data: bytes) -> None:
    read_all_replies(data)


@given(text=st.text(max_size=500))
def test_pasted_reply_parser_fuzz(text: str) -> None:
    for reply in parse_pasted_replies(text):
        assert 200 <= reply.code <= 599


def test_multiline_reply_is_joined() -> None:
    replies = parse_pasted_replies(
        "534-5.7.9 Application-specific password required. For more information, go to\n"
        "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor"
    )
    assert len(replies) == 1
    assert replies[0].code == 534 and replies[0].enhanced == "5.7.9"
    assert len(replies[0].lines) == 2


def test_reader_refuses_plaintext_injected_before_tls() -> None:
    server, client = socket.socketpair()
    server.sendall(b"220 Ready to start TLS\r\n250 injected\r\n")
    reader = ReplyReader(client, CancelToken())
    assert reader.read_reply(Deadline(1)).code == 220
    try:
        reader.replace_socket(client)
        raise AssertionError("injected plaintext was accepted")
    except ProtocolError as exc:
        assert "before the encrypted connection" in exc.reason
    finally:
        server.close()
        client.close()
