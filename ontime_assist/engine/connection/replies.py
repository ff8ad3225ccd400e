"""SMTP replies: parsing them (from a socket or from pasted text) with bounded memory.

RFC 5321 limits a reply line to 512 octets; real servers exceed that in EHLO lists, so the limits
here are generous but finite: a hostile server cannot make us buffer without end.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

from ontime_assist.engine.cancel import CancelToken, Deadline, WaitExpired
from ontime_assist.records import NamedTuple

MAX_LINE_BYTES = 4096
MAX_REPLY_LINES = 100

_CLASSES, _SUBJECTS = "245", "01234567"  # RFC 3463: success, persistent, permanent; subjects 0-7


NO_CODE = 0  # a reply quoted without its three-digit code (pasted text with none in it)


class Reply(NamedTuple):
    code: int  # NO_CODE when the code is not known
    text: str  # the lines' texts joined by "\n", enhanced code included as the server sent it
    lines: tuple[str, ...] = ()

    @property
    def enhanced(self) -> str | None:
        """The RFC 3463 enhanced status code (e.g. "5.7.8"), when the server gave one."""
        return enhanced_code(self.text)

    def as_line(self) -> str:
        words = " ".join(self.text.split())
        return f"{self.code} {words}".strip() if self.code != NO_CODE else words

    def to_json(self) -> dict[str, object]:
        code = self.code if self.code != NO_CODE else None
        return {"code": code, "enhanced": self.enhanced, "text": " ".join(self.text.split())}


def enhanced_code(text: str) -> str | None:
    """The first line's leading RFC 3463 code ("5.7.8"), if a line starts with one. Parsed by
    hand: every reply is read through here, and a check should not wait to compile patterns."""
    for line in text.split("\n"):
        words = line.split(None, 1)
        if words and _is_enhanced(words[0]):
            return words[0]
    return None


def _is_enhanced(word: str) -> bool:
    parts = word.split(".")
    return (
        len(parts) == 3
        and parts[0] in _CLASSES
        and len(parts[1]) == 1
        and parts[1] in _SUBJECTS
        and 1 <= len(parts[2]) <= 3
        and parts[2].isascii()
        and parts[2].isdigit()
    )


class ProtocolError(Exception):
    """The peer's bytes are not SMTP replies. `sample` is what it sent, printable and short."""

    def __init__(self, reason: str, sample: bytes) -> None:
        super().__init__(reason)
        self.reason = reason
        self.sample = printable_sample(sample)


class ReplyTimeout(Exception):
    """No complete reply arrived before the deadline. `partial` holds what did arrive."""

    def __init__(self, partial: bytes) -> None:
        super().__init__("no complete reply in time")
        self.partial = partial


class ServerClosed(Exception):
    """The server closed the connection. `partial` holds bytes of an unfinished reply."""

    def __init__(self, partial: bytes) -> None:
        super().__init__("the server closed the connection")
        self.partial = partial


def printable_sample(data: bytes, limit: int = 120) -> str:
    text = data[:limit].decode("latin-1")
    cleaned = "".join(ch if ch.isprintable() else "·" for ch in text.replace("\r\n", " ⏎ "))
    return cleaned + ("…" if len(data) > limit else "")


def parse_reply_line(raw: bytes) -> tuple[int, bool, str]:
    """Split one reply line into (code, is_last, text); raise ProtocolError if it is not one."""
    line = raw.rstrip(b"\r\n")
    code, separator = line[:3], line[3:4]
    well_formed = len(code) == 3 and code.isdigit() and code[:1] in (b"2", b"3", b"4", b"5")
    if not (well_formed and separator in (b" ", b"-", b"")):
        raise ProtocolError("not an SMTP reply line", raw)
    return int(code), separator != b"-", line[4:].decode("utf-8", errors="replace")


class ReplyReader:
    """Reads SMTP replies from a socket, each bounded by a deadline, size and line count.

    Lines of an unfinished reply survive a ReplyTimeout, so the caller can keep waiting on the
    same connection (port_mode's first short wait for a greeting, before a TLS hello is raced).
    """

    def __init__(self, sock: socket.socket, cancel: CancelToken) -> None:
        self._sock = sock
        self._cancel = cancel
        self._buffer = bytearray()
        self._pending: list[tuple[int, str]] = []

    def replace_socket(self, sock: socket.socket) -> None:
        """Switch to the TLS-wrapped socket. Plaintext left in the buffer would be an injection
        (bytes sent before the handshake, read as if they came after it), so it is refused."""
        if self._buffer:
            raise ProtocolError(
                "data sent before the encrypted connection began", bytes(self._buffer)
            )
        self._sock = sock

    def read_reply(self, deadline: Deadline, on_line: Callable[[str], None] | None = None) -> Reply:
        """Read one whole reply; `on_line` sees each raw line as it arrives (the transcript)."""
        while True:
            raw = self._read_line(deadline)
            if on_line is not None:
                on_line(raw.rstrip(b"\r\n").decode("utf-8", errors="replace"))
            code, is_last, text = parse_reply_line(raw)
            if self._pending and code != self._pending[0][0]:
                raise ProtocolError("reply lines with different codes", raw)
            self._pending.append((code, text))
            if len(self._pending) > MAX_REPLY_LINES:
                raise ProtocolError(f"a reply of more than {MAX_REPLY_LINES} lines", raw)
            if is_last:
                lines = tuple(t for _, t in self._pending)
                self._pending = []
                return Reply(code=code, text="\n".join(lines), lines=lines)

    def _read_line(self, deadline: Deadline) -> bytes:
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line = bytes(self._buffer[: newline + 1])
                del self._buffer[: newline + 1]
                if len(line) > MAX_LINE_BYTES:
                    raise ProtocolError(f"a reply line longer than {MAX_LINE_BYTES} bytes", line)
                return line
            if len(self._buffer) > MAX_LINE_BYTES:
                raise ProtocolError(
                    f"a reply line longer than {MAX_LINE_BYTES} bytes", bytes(self._buffer)
                )
            self._buffer.extend(self._recv(deadline))

    def _recv(self, deadline: Deadline) -> bytes:
        self._cancel.raise_if_cancelled()
        try:
            self._sock.settimeout(deadline.remaining_or_raise())
            chunk = self._sock.recv(4096)
        except (TimeoutError, WaitExpired):
            raise ReplyTimeout(self._partial()) from None
        except OSError:
            self._cancel.raise_if_cancelled()
            raise
        self._cancel.raise_if_cancelled()
        if not chunk:
            raise ServerClosed(self._partial())
        return chunk

    def _partial(self) -> bytes:
        done = "".join(f"{code} {text}\n" for code, text in self._pending).encode()
        return done + bytes(self._buffer)


def parse_pasted_replies(text: str) -> list[Reply]:
    """Find SMTP replies in pasted text (a log, a bounce): "535-5.7.8 …" lines, possibly
    several, possibly multi-line. Lines that are not replies are skipped."""
    replies: list[Reply] = []
    pending: list[tuple[int, str]] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        try:
            code, is_last, body = parse_reply_line(line.encode("utf-8"))
        except ProtocolError:
            continue
        if pending and pending[0][0] != code:
            replies.append(_join(pending))
            pending = []
        pending.append((code, body))
        if is_last:
            replies.append(_join(pending))
            pending = []
    if pending:
        replies.append(_join(pending))
    return replies


def _join(lines: list[tuple[int, str]]) -> Reply:
    texts = tuple(t for _, t in lines)
    return Reply(code=lines[0][0], text="\n".join(texts), lines=texts)


__all__ = [
    "MAX_LINE_BYTES",
    "MAX_REPLY_LINES",
    "ProtocolError",
    "Reply",
    "ReplyReader",
    "ReplyTimeout",
    "ServerClosed",
    "enhanced_code",
    "parse_pasted_replies",
    "parse_reply_line",
]
