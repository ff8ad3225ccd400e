"""smtplib, with every byte recorded and every wait bounded.

We keep smtplib's command logic (EHLO parsing, MAIL/RCPT/DATA with dot-stuffing, RSET, QUIT) and
replace the two places where it touches the network: `send` (to record what we say) and
`getreply` (to read replies with a deadline and bounded memory). AUTH is done here rather than
by `smtplib.login()`, which tries mechanisms one after another (hiding the first, most telling
refusal), encodes passwords as ASCII only and gives no hook to keep credentials out of the record.
"""

from __future__ import annotations

import base64
import contextlib
import hmac
import re
import smtplib
import socket
import ssl
from typing import TYPE_CHECKING

from ontime_assist.engine.cancel import Cancelled, CancelToken, Deadline, watchdog
from ontime_assist.engine.replies import Reply, ReplyReader
from ontime_assist.engine.transcript import Transcript

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

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


class HandshakeTimeout(Exception):
    """The TLS handshake did not finish within the time limit."""


def helo_name(sock: socket.socket) -> str:
    """An address literal for EHLO: always valid syntax, and it does not reveal the machine name
    or wait for a reverse DNS lookup as smtplib's getfqdn() default would."""
    host = sock.getsockname()[0]
    return f"[IPv6:{host}]" if ":" in host else f"[{host}]"


class SmtpConnection(smtplib.SMTP):
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
        super().__init__(local_hostname=helo_name(sock), timeout=timeout)
        self.sock = sock
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
        self.last_reply: Reply | None = None
        # True while every command sent has had its whole reply: only then can we say QUIT.
        self.in_step = False

    # --- the two places smtplib touches the network -------------------------------------

    def send(self, s: ReadableBuffer | str) -> None:
        data = s.encode(self.command_encoding) if isinstance(s, str) else bytes(s)
        text = data.decode("utf-8", errors="replace")
        for line in text.removesuffix("\r\n").split("\r\n")[:MAX_RECORDED_LINES_PER_SEND]:
            self._transcript.client(line, tls=self.encrypted)
        self._sendall(data)

    def getreply(self) -> tuple[int, bytes]:
        reply = self.read_reply()
        return reply.code, reply.text.encode("utf-8")

    # --- our own additions ----------------------------------------------------------------

    def read_reply(self, timeout: float | None = None) -> Reply:
        reply = self._reader.read_reply(
            Deadline(self.timeout if timeout is None else timeout),
            on_line=lambda line: self._transcript.server(line, tls=self.encrypted),
        )
        self.last_reply = reply
        self.in_step = True
        return reply

    def command(self, line: str) -> Reply:
        self.send(line + "\r\n")
        return self.read_reply()

    # smtplib's commands, returning the parsed reply rather than (code, bytes).

    def ehlo_reply(self) -> Reply:
        self.ehlo()
        return self._last()

    def helo_reply(self) -> Reply:
        self.helo()
        return self._last()

    def mail_reply(self, sender: str) -> Reply:
        self.mail(sender)
        return self._last()

    def rcpt_reply(self, recipient: str) -> Reply:
        self.rcpt(recipient)
        return self._last()

    def message_reply(self, body: bytes) -> Reply:
        """The message after a 354: CRLF line ends, dot-stuffed, ended by a lone dot."""
        lines = re.split(rb"\r\n|\r|\n", body.rstrip(b"\r\n"))
        stuffed = b"".join(
            (b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines
        )
        self.send(stuffed + b".\r\n")
        return self.read_reply()

    def _last(self) -> Reply:
        assert self.last_reply is not None
        return self.last_reply

    def _sendall(self, data: bytes) -> None:
        self.in_step = False
        self._cancel.raise_if_cancelled()
        assert self.sock is not None
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
        with watchdog(self._kill_switch, self.timeout) as fired:
            try:
                tls_sock = context.wrap_socket(raw, server_hostname=self._host)
            except (OSError, ssl.SSLError):
                self._cancel.raise_if_cancelled()
                if fired.is_set():
                    raise HandshakeTimeout() from None
                raise
        self._reader.replace_socket(tls_sock)
        self.sock = tls_sock
        self.encrypted = True
        self.helo_resp = self.ehlo_resp = None
        self.esmtp_features = {}
        self.does_esmtp = False
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
                challenge = base64.b64decode(reply.text.strip() or b"")
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

    def release(self) -> None:
        """Stop managing the socket without closing it (the caller goes on using it)."""
        self._cancel.unregister(self._kill_switch)
        with contextlib.suppress(OSError):
            self._kill_switch.close()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.release()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
