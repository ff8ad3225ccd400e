"""The SMTP client: one conversation on a connected socket, with every byte recorded and every
wait bounded.

Built on socket and ssl alone. smtplib would bring the whole email package with it (about a third
of a bare smtplib process's start-up, measured in benchmarks/bench_check_process.py), and of
smtplib we had already replaced both places it touches the network (sending, to record what we
say; reading replies, with a deadline and bounded memory) and AUTH (smtplib.login() tries
mechanisms one after another, hiding the first, most telling refusal, and gives no hook to keep
credentials out of the record). What is left is small and written here to RFC 5321: EHLO and its
extension list (parsed as smtplib parses it), HELO, MAIL, RCPT, the dot-stuffed message, QUIT.
"""

from __future__ import annotations

import binascii
import contextlib
import hmac
import socket
import ssl

from ontime_assist.engine.cancel import Cancelled, CancelToken, Deadline, watchdog
from ontime_assist.engine.connection.replies import ProtocolError, Reply, ReplyReader, ServerClosed
from ontime_assist.engine.connection.transcript import Transcript

# What OnTime signs in with: .NET's SmtpClient (which OnTime very likely uses; an inference)
# knows LOGIN for a user name and password, and NTLM/Negotiate for Windows Authentication; not
# PLAIN or CRAM-MD5. So the check signs in with LOGIN whenever the server offers it, exactly as
# OnTime would, and with PLAIN or CRAM-MD5 only to still test the password where it does not.
ONTIME_AUTH = frozenset({"LOGIN"})
SUPPORTED_AUTH = ("LOGIN", "PLAIN", "CRAM-MD5")  # preference order
TESTABLE_AUTH = frozenset(SUPPORTED_AUTH)
WINDOWS_AUTH = frozenset({"NTLM", "GSSAPI", "KERBEROS_V4", "KERBEROS", "NEGOTIATE", "MSN"})

# A message body is recorded line by line up to this many lines (the transcript is for people).
MAX_RECORDED_LINES_PER_SEND = 200
# QUIT after a stopped check is a courtesy: it may not wait long.
QUIT_COURTESY_SECONDS = 1.0

_KEYWORD_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_KEYWORD_CHARS = _KEYWORD_START | {"-"}


class HandshakeTimeout(Exception):
    """The TLS handshake did not finish within the time limit."""


def helo_name(sock: socket.socket) -> str:
    """An address literal for EHLO: always valid syntax, and it does not reveal the machine name
    or wait for a reverse DNS lookup as smtplib's getfqdn() default would."""
    host = sock.getsockname()[0]
    return f"[IPv6:{host}]" if ":" in host else f"[{host}]"


def parse_extensions(reply: Reply) -> dict[str, str]:
    """The EHLO reply's extensions, keyword (lower case) → parameters, read as smtplib reads
    them: every line after the first is `keyword [parameters]`; old servers' `AUTH=…` lines add
    to AUTH."""
    features: dict[str, str] = {}
    for line in reply.lines[1:]:
        if line[:5].lower() == "auth=":
            features["auth"] = features.get("auth", "") + " " + line[5:]
            continue
        if not line or line[0] not in _KEYWORD_START:
            continue
        end = 1
        while end < len(line) and line[end] in _KEYWORD_CHARS:
            end += 1
        keyword, params = line[:end].lower(), line[end:].strip()
        if keyword == "auth":
            features["auth"] = features.get("auth", "") + " " + params
        else:
            features[keyword] = params
    return features


def angle_address(address: str) -> str:
    """An address as MAIL FROM and RCPT TO take it: in angle brackets."""
    address = address.strip()
    return address if address.startswith("<") and address.endswith(">") else f"<{address}>"


class SmtpConnection:
    """One SMTP conversation. Commands return the server's parsed reply; transport trouble
    raises ReplyTimeout, ProtocolError, ServerClosed or OSError (check/state.py turns each into
    the finding that names it)."""

    def __init__(
        self,
        sock: socket.socket,
        *,
        server_name: str,
        transcript: Transcript,
        cancel: CancelToken,
        timeout: float,
        encrypted: bool = False,
    ) -> None:
        self.sock: socket.socket | None = sock
        self.local_hostname = helo_name(sock)
        self.timeout = timeout
        self._host = server_name
        self._transcript = transcript
        self._cancel = cancel
        self._reader = ReplyReader(sock, cancel)
        # A duplicate of the socket's descriptor: shutting it down wakes any blocked call on
        # the connection, before and after the TLS wrap (which detaches the original object).
        self._kill_switch = sock.dup()
        # From here the duplicate wakes blocked calls; the connected socket's own registration
        # (made while connecting) is no longer needed.
        cancel.unregister(sock)
        try:
            cancel.register(self._kill_switch)
        except Cancelled:  # stopped between connecting and now: nothing else will close them
            self._kill_switch.close()
            sock.close()
            raise
        self.encrypted = encrypted
        self.esmtp_features: dict[str, str] = {}  # from the last EHLO
        # RFC 6531: commands go out as UTF-8 once MAIL FROM has asked for SMTPUTF8.
        self.utf8 = False
        # True while every command sent has had its whole reply: only then can we say QUIT.
        self.in_step = False

    # --- sending and reading ------------------------------------------------------------------

    def send(self, data: bytes | str) -> None:
        """Send raw protocol bytes, recording them (a message body line by line, up to a limit)."""
        if isinstance(data, str):
            data = data.encode("utf-8" if self.utf8 else "ascii")
        text = data.decode("utf-8", errors="replace")
        for line in text.removesuffix("\r\n").split("\r\n")[:MAX_RECORDED_LINES_PER_SEND]:
            self._transcript.client(line, tls=self.encrypted)
        self._sendall(data)

    def read_reply(self, timeout: float | None = None) -> Reply:
        reply = self._reader.read_reply(
            Deadline(self.timeout if timeout is None else timeout),
            on_line=lambda line: self._transcript.server(line, tls=self.encrypted),
        )
        self.in_step = True
        return reply

    def command(self, line: str) -> Reply:
        """One command line and its reply. A line break inside would smuggle in a second
        command, so it is refused (input is validated long before; this is the last guard)."""
        if "\r" in line or "\n" in line:
            raise ValueError("an SMTP command cannot contain a line break")
        self.send(line + "\r\n")
        return self.read_reply()

    # --- the commands -------------------------------------------------------------------------

    def ehlo(self) -> Reply:
        """EHLO; on 250 the extensions it lists are in `esmtp_features`."""
        self.esmtp_features = {}
        reply = self.command(f"ehlo {self.local_hostname}")
        if reply.code == 250:
            self.esmtp_features = parse_extensions(reply)
        return reply

    def helo(self) -> Reply:
        return self.command(f"helo {self.local_hostname}")

    def has_extn(self, keyword: str) -> bool:
        return keyword.lower() in self.esmtp_features

    def mail(self, sender: str, *, international: bool = False) -> Reply:
        """MAIL FROM. `international` asks for SMTPUTF8 (addresses with non-ASCII letters
        before the @); the caller checks the server offers it."""
        if international:
            self.utf8 = True
            return self.command(f"mail FROM:{angle_address(sender)} SMTPUTF8")
        return self.command(f"mail FROM:{angle_address(sender)}")

    def rcpt(self, recipient: str) -> Reply:
        return self.command(f"rcpt TO:{angle_address(recipient)}")

    def message(self, body: bytes) -> Reply:
        """The message after a 354: CRLF line ends, dot-stuffed, ended by a lone dot."""
        lines = body.rstrip(b"\r\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        stuffed = b"".join(
            (b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines
        )
        self.send(stuffed + b".\r\n")
        return self.read_reply()

    def _sendall(self, data: bytes) -> None:
        self.in_step = False
        self._cancel.raise_if_cancelled()
        if self.sock is None:
            raise ServerClosed(b"")  # closed already (after a failure): nothing to say
        self.sock.settimeout(self.timeout)
        try:
            self.sock.sendall(data)
        except OSError:
            self._cancel.raise_if_cancelled()
            raise

    def start_tls(self, context: ssl.SSLContext) -> ssl.SSLSocket:
        """Wrap the connection in TLS (after a 220 to STARTTLS, or at once for port 465).

        The handshake is bounded as a whole by a watchdog: a server feeding it one byte at a
        time would otherwise reset the socket timeout with every byte."""
        assert self.sock is not None
        raw = self.sock
        raw.settimeout(self.timeout)
        # A socket Stop has already shut down makes the wrap fail before its handshake, in a
        # way that leaves the TLS socket unclosed (CPython's SSLSocket._create): not started.
        self._cancel.raise_if_cancelled()
        with watchdog(self._kill_switch, self.timeout) as fired:
            try:
                tls_sock = context.wrap_socket(raw, server_hostname=self._host)
            except (OSError, ssl.SSLError):
                self._cancel.raise_if_cancelled()
                if fired.is_set():
                    raise HandshakeTimeout() from None
                raise
        if fired.is_set():  # the limit struck as the handshake ended: the connection is shut
            tls_sock.close()
            raise HandshakeTimeout()
        self.sock = tls_sock  # closed with the connection, whatever happens next
        self._reader.replace_socket(tls_sock)
        self.encrypted = True
        # RFC 3207: forget everything learnt before TLS; the client says EHLO again.
        self.esmtp_features = {}
        return tls_sock

    def auth_mechanisms(self) -> list[str]:
        return self.esmtp_features.get("auth", "").upper().split()

    def authenticate(self, mechanism: str, username: str, password: str) -> Reply:
        """Run one AUTH exchange; return the server's final reply. Credentials are recorded
        only as "[redacted]"."""
        user_b, pass_b = username.encode("utf-8"), password.encode("utf-8")
        if mechanism == "PLAIN":
            blob = _b64(b"\0" + user_b + b"\0" + pass_b)
            reply = self._send_secret(f"AUTH PLAIN {blob}", label="AUTH PLAIN")
            if reply.code == 334:  # the server did not take the initial response
                reply = self._send_secret(blob)
            return reply
        if mechanism == "LOGIN":
            reply = self.command("AUTH LOGIN")
            if reply.code == 334:
                reply = self._send_secret(_b64(user_b))
            if reply.code == 334:
                reply = self._send_secret(_b64(pass_b))
            return reply
        if mechanism == "CRAM-MD5":
            reply = self.command("AUTH CRAM-MD5")
            if reply.code == 334:
                try:
                    challenge = binascii.a2b_base64(reply.text.strip())
                except (binascii.Error, ValueError):
                    raise ProtocolError(
                        "a login challenge that is not base64", reply.text.encode()
                    ) from None
                digest = hmac.new(pass_b, challenge, "md5").hexdigest()
                reply = self._send_secret(_b64(user_b + b" " + digest.encode("ascii")))
            return reply
        raise ValueError(f"unsupported mechanism {mechanism}")

    def _send_secret(self, line: str, *, label: str = "") -> Reply:
        self._transcript.client_secret(tls=self.encrypted, label=label)
        self._sendall((line + "\r\n").encode("ascii"))
        return self.read_reply()

    def quit_politely(self, timeout: float = QUIT_COURTESY_SECONDS) -> None:
        """Say QUIT when the conversation is in step (a stopped check should not leave the
        server a dropped connection, which some count against the client)."""
        if not self.in_step or self._cancel.cancelled or self.sock is None:
            return
        self.timeout = min(self.timeout, timeout)
        with contextlib.suppress(Exception):
            self.command("QUIT")

    def interrupt(self) -> None:
        """Wake a wait on this connection from another thread. The connection is shut down:
        the waiting call fails (ServerClosed or OSError) and nothing more can be said on it."""
        with contextlib.suppress(OSError):
            self._kill_switch.shutdown(socket.SHUT_RDWR)

    def release(self) -> None:
        """Stop managing the socket without closing it (the caller goes on using it)."""
        self._cancel.unregister(self._kill_switch)
        with contextlib.suppress(OSError):
            self._kill_switch.close()

    def close(self) -> None:
        sock, self.sock = self.sock, None
        try:
            if sock is not None:
                sock.close()
        finally:
            self.release()


def _b64(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).decode("ascii")
