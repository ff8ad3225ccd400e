"""Looking for the test message in the account's own mailbox over IMAP: did it arrive, and in
the inbox or the junk folder?

Read-only by construction: every folder is opened with EXAMINE (never SELECT), the only other
commands are CAPABILITY, STARTTLS, LOGIN, LIST, SEARCH and LOGOUT; nothing is fetched, flagged
or deleted. The standard library's imaplib does the protocol; the socket is made here, so that
the certificate is verified with the same context as SMTP (tls/context.py's verifying_context, plus
an authority the user trusted for that server only) and so that Cancel and the time limit reach
into every wait (engine.cancel). The password is never in the transcript, a log or a message:
imaplib's debug output stays off, the LOGIN line is recorded as [redacted], and every text from
the server or from an exception passes the password's redactor.

Offered only where the same password opens the mailbox over IMAP: not for Microsoft 365 or
Outlook.com, whose IMAP no longer takes passwords (resources/providers.json: their login
policy is "retiring" or "ended").
"""

from __future__ import annotations

import imaplib
import re
import socket
import ssl
import time
from collections.abc import Callable
from typing import NamedTuple, cast

from ontime_assist.engine.cancel import Cancelled, CancelToken, watchdog
from ontime_assist.engine.providers.recognise import Provider, provider_for
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.engine.tls.context import verifying_context

IMAPS_PORT = 993  # TLS from the first byte (RFC 8314)
IMAP_STARTTLS_PORT = 143
NO_PASSWORD_IMAP = ("retiring", "ended")  # login policies whose IMAP takes no password
# The IMAP server of providers whose SMTP server name does not say it (their setup pages).
KNOWN_IMAP_HOSTS = {
    "google": "imap.gmail.com",
    "yahoo": "imap.mail.yahoo.com",
    "yahoo_business": "imap.bizmail.yahoo.com",
    "aol": "imap.aol.com",
    "icloud": "imap.mail.me.com",
    "zoho": "imap.zoho.com",
    "godaddy": "imap.secureserver.net",
    "ionos": "imap.ionos.com",
    "rackspace": "secure.emailsrvr.com",
    "fastmail": "imap.fastmail.com",
    "namecheap": "mail.privateemail.com",
    "hostinger": "imap.hostinger.com",
    "comcast": "imap.comcast.net",
}
# Sending services: there is no mailbox to read.
NO_MAILBOX = ("sendgrid", "mailgun", "smtp2go", "ses")
_LIST_LINE = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<delim>"[^"]*"|NIL) (?P<name>.+)$')
_JUNK_NAMES = ("junk", "spam", "junk e-mail", "junk email", "bulk mail", "[gmail]/spam")


class ImapOffer(NamedTuple):
    """Whether the automatic look-up is offered for an account, and where it would look."""

    offered: bool
    host: str  # the IMAP server to try ("" when not offered)
    why: str  # one sentence: where the server name comes from, or why it is not offered


class ImapAccount(NamedTuple):
    host: str
    port: int
    username: str
    cafile: str | None = None  # an authority trusted for this server only (or practice's)
    implicit_tls: bool = True  # TLS from the first byte (993); False: STARTTLS (143)


def implicit_tls_for(port: int) -> bool:
    """STARTTLS on IMAP's plain port 143; TLS from the first byte on 993 and anywhere else."""
    return port != IMAP_STARTTLS_PORT


class LookupOutcome(NamedTuple):
    host: str
    port: int
    found_in: str  # "inbox", "junk" or "" (not found, or the look-up could not finish)
    folder: str  # the folder's name as the server calls it
    searched: tuple[str, ...]  # the folders searched, by name
    problem: str  # "" when the look-up ran to its end; else what stopped it, for the user
    transcript: tuple[str, ...]  # the conversation, password removed

    @property
    def completed(self) -> bool:
        return not self.problem


def imap_offer(smtp_host: str, address: str, provider_hint: str = "") -> ImapOffer:
    """Where to look for the message over IMAP, decided from the provider table."""
    provider: Provider | None = provider_for(smtp_host, address, hint=provider_hint)
    if provider is not None and provider.login_policy in NO_PASSWORD_IMAP:
        return ImapOffer(
            False,
            "",
            f"{provider.name} no longer lets programs read a mailbox over IMAP with a password, "
            "so the assistant cannot look for the message itself: look in the mailbox.",
        )
    if provider is not None and provider.id in NO_MAILBOX:
        return ImapOffer(False, "", f"{provider.name} sends mail but has no mailbox to look in.")
    if provider is not None and provider.id in KNOWN_IMAP_HOSTS:
        host = KNOWN_IMAP_HOSTS[provider.id]
        extra = " (with the app password, as for sending)" if provider.app_password else ""
        return ImapOffer(True, host, f"{provider.name}'s IMAP server{extra}.")
    return ImapOffer(
        True,
        smtp_host.strip().lower(),
        "The same server as for sending (many hosting providers use one name for both; a "
        "guess: correct it if your provider names another IMAP server).",
    )


def look_up(
    account: ImapAccount,
    password: Secret,
    token: str,
    cancel: CancelToken,
    timeout: float = 15.0,
) -> LookupOutcome:
    """Search the inbox and the junk folder for a message whose subject holds `token`. The
    whole look-up ends within `timeout` seconds (plus the time to close), or at Cancel."""
    redact = Redactor([password.reveal()] if password else [])
    talk = _Talk(redact)
    searched: list[str] = []

    def outcome(found_in: str = "", folder: str = "", problem: str = "") -> LookupOutcome:
        return LookupOutcome(
            account.host,
            account.port,
            found_in,
            folder,
            tuple(searched),
            redact(problem),
            tuple(talk.lines),
        )

    deadline = time.monotonic() + timeout
    try:
        context = verifying_context(account.cafile)
        client = _Client(account, context, cancel, timeout)
    except Cancelled:
        return outcome(problem="The look-up was stopped.")
    except ssl.SSLCertVerificationError as exc:
        return outcome(
            problem=f"The IMAP server's certificate is not trusted: {exc.verify_message}."
        )
    except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
        return outcome(problem=_reach_problem(account, exc, timeout))
    try:
        # The socket changes at STARTTLS: the time limit shuts down whichever is current.
        current = cast(socket.socket, _CurrentSocket(client))
        with watchdog(current, deadline - time.monotonic()) as expired:
            try:
                talk.server(client.welcome)
                return _search(client, account, password, token, talk, searched, outcome)
            except Cancelled:
                return outcome(problem="The look-up was stopped.")
            except (OSError, imaplib.IMAP4.error, ssl.SSLError, EOFError) as exc:
                if cancel.cancelled:
                    return outcome(problem="The look-up was stopped.")
                if expired.is_set():
                    return outcome(
                        problem=f"The IMAP server did not finish within {timeout:g} seconds."
                    )
                return outcome(problem=f"The IMAP server ended the look-up: {_said(exc)}")
    finally:
        client.close_quietly()


def _search(
    client: _Client,
    account: ImapAccount,
    password: Secret,
    token: str,
    talk: _Talk,
    searched: list[str],
    outcome: _Outcome,
) -> LookupOutcome:
    if not client.tls:
        talk.client("STARTTLS")
        client.starttls_verified()
        talk.server("OK (encryption started, certificate verified)")
    talk.client(f"LOGIN {account.username} [redacted]")
    try:
        typ, data = client.login(account.username, password.reveal())
    except imaplib.IMAP4.error as exc:
        talk.server(_said(exc))
        return outcome(
            problem=f"The IMAP server refused the sign-in as {account.username}: {_said(exc)}"
        )
    except UnicodeEncodeError:
        return outcome(problem="The password has letters IMAP's LOGIN cannot carry.")
    talk.response(typ, data)
    talk.client("CAPABILITY")
    offered = client.capability()  # what it offers once signed in (SPECIAL-USE, often)
    last = offered[1][-1] if offered[1] else None
    talk.server(
        f"{offered[0]} ({len(last.split()) if isinstance(last, bytes) else 0} capabilities)"
    )
    if offered[0] == "OK" and isinstance(last, bytes):
        client.capabilities = tuple(last.decode("ascii", "replace").upper().split())
    folders = _folders(client, talk)
    for kind, name in folders:
        talk.client(f"EXAMINE {name}")
        opened = client.select(name, readonly=True)  # EXAMINE: nothing can change
        talk.response(*opened)
        if opened[0] != "OK":
            continue
        searched.append(_display(name))
        talk.client(f'SEARCH SUBJECT "{token}"')
        hits = client.search(None, "SUBJECT", f'"{token}"')
        talk.response(*hits)
        matches = hits[1][0] if hits[1] else b""
        if hits[0] == "OK" and isinstance(matches, bytes) and matches.split():
            return outcome(kind, _display(name))
    talk.client("LOGOUT")
    return outcome()


_Outcome = Callable[..., LookupOutcome]


class _CurrentSocket:
    """What the time limit shuts down: the client's socket as it is when the limit passes."""

    def __init__(self, client: _Client) -> None:
        self._client = client

    def shutdown(self, how: int) -> None:
        self._client.sock.shutdown(how)


def _folders(client: _Client, talk: _Talk) -> list[tuple[str, str]]:
    """The inbox, then the junk folder: by its special-use flag (RFC 6154), else by its usual
    names. Each as (kind, name as the server spells it on the wire)."""
    special = "SPECIAL-USE" in client.capabilities
    talk.client('LIST "" "*"' + (" RETURN (SPECIAL-USE)" if special else ""))
    if special:
        typ, data = client.list('""', '"*" RETURN (SPECIAL-USE)')
    else:
        typ, data = client.list('""', '"*"')
    talk.server(f"{typ} ({len(data or [])} folders)")
    junk_by_flag, junk_by_name = "", ""
    for item in data or []:
        name_flags = _parse_list(item)
        if name_flags is None:
            continue
        name, flags = name_flags
        if "\\junk" in flags and not junk_by_flag:
            junk_by_flag = name
        elif _display(name).lower() in _JUNK_NAMES and not junk_by_name:
            junk_by_name = name
    found = [("inbox", "INBOX")]
    junk = junk_by_flag or junk_by_name
    if junk:
        found.append(("junk", junk))
    return found


def _parse_list(item: object) -> tuple[str, set[str]] | None:
    if isinstance(item, tuple):  # a name sent as a literal: (line with {n}, name)
        head, name_bytes = item[0], item[1]
        found = _LIST_LINE.match(bytes(head))
        if found is None:
            return None
        flags = found.group("flags").decode("ascii", "replace").lower().split()
        return '"' + bytes(name_bytes).decode("utf-8", "replace") + '"', set(flags)
    if not isinstance(item, bytes):
        return None
    found = _LIST_LINE.match(item)
    if found is None:
        return None
    flags = found.group("flags").decode("ascii", "replace").lower().split()
    return found.group("name").decode("utf-8", "replace"), set(flags)


def _display(name: str) -> str:
    return name[1:-1] if len(name) > 1 and name.startswith('"') and name.endswith('"') else name


def _reach_problem(account: ImapAccount, exc: BaseException, timeout: float) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"{account.host} port {account.port} did not answer within {timeout:g} seconds."
    if isinstance(exc, ConnectionRefusedError):
        return f"{account.host} refused a connection on port {account.port} (no IMAP there)."
    if isinstance(exc, socket.gaierror):
        return f"The IMAP server name {account.host} was not found."
    return f"Could not reach the IMAP server {account.host} port {account.port}: {_said(exc)}"


def _said(exc: BaseException) -> str:
    text = str(exc.args[0] if exc.args else exc)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text.strip() or type(exc).__name__


class _Talk:
    """The conversation as the summary shows it, every line through the redactor."""

    def __init__(self, redact: Redactor) -> None:
        self.redact = redact
        self.lines: list[str] = []

    def client(self, line: str) -> None:
        self.lines.append(self.redact(f"C: {line}"))

    def server(self, line: object) -> None:
        text = line.decode("utf-8", "replace") if isinstance(line, bytes) else str(line)
        self.lines.append(self.redact(f"S: {text.strip()}"))

    def response(self, typ: str, data: object) -> None:
        parts = []
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, bytes):
                parts.append(item.decode("utf-8", "replace"))
            elif item is not None and not isinstance(item, tuple):
                parts.append(str(item))
        self.server(f"{typ} {' '.join(parts)}".strip())


class _Client(imaplib.IMAP4):
    """imaplib's protocol on a socket made here: registered with the cancel token, wrapped in
    the verifying context (TLS from the first byte, or after STARTTLS)."""

    def __init__(
        self, account: ImapAccount, context: ssl.SSLContext, cancel: CancelToken, timeout: float
    ) -> None:
        self._context = context
        self._cancel = cancel
        self.tls = account.implicit_tls
        self._implicit = account.implicit_tls
        super().__init__(account.host, account.port, timeout)
        self.debug = 0  # imaplib's debug output would print the LOGIN line: never

    def _log(self, line: str) -> None:
        """imaplib keeps its last commands (the LOGIN line with the password) for its debug
        output: nothing is kept here."""

    def print_log(self) -> None:
        """Nothing kept, nothing to print."""

    def _mesg(self, s: str, secs: float | None = None) -> None:
        """imaplib's debug messages (printed to stderr when imaplib.Debug is set): never."""

    def _create_socket(self, timeout: float | None) -> socket.socket:
        raw = socket.create_connection((self.host, self.port), timeout)
        try:
            self._cancel.register(raw)
            if not self._implicit:
                return raw
            self._cancel.unregister(raw)
            wrapped = self._context.wrap_socket(
                raw, server_hostname=self.host, do_handshake_on_connect=False
            )
        except BaseException:
            self._cancel.unregister(raw)
            raw.close()
            raise
        try:
            self._cancel.register(wrapped)
            wrapped.do_handshake()
        except BaseException:
            self._cancel.unregister(wrapped)
            wrapped.close()
            raise
        return wrapped

    def starttls_verified(self) -> None:
        if "STARTTLS" not in self.capabilities:
            raise imaplib.IMAP4.error("the server does not offer STARTTLS on this port")
        old = self.sock
        self.starttls(self._context)
        self._cancel.unregister(old)
        self._cancel.register(self.sock)
        self.tls = True

    def close_quietly(self) -> None:
        try:
            if self.state in ("AUTH", "SELECTED"):
                self.logout()
            else:
                self.shutdown()
        except (OSError, imaplib.IMAP4.error, ssl.SSLError, EOFError, ValueError, Cancelled):
            pass
        finally:
            self._cancel.unregister(self.sock)
