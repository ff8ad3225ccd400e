"""What was said on the wire, timed, in the style of swaks.

Lines are redacted when they are recorded, not when they are shown: a secret never sits in a
transcript object, so no later view, report or crash dump can leak it.
"""

from __future__ import annotations

import threading
import time

from ontime_assist.engine.redaction.redact import REDACTED, Redactor
from ontime_assist.records import NamedTuple

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from typing import Literal

    Direction = Literal["client", "server", "info"]


# swaks' arrows: -> sent, <- received, ~> / <~ inside TLS, *** our own notes.
_ARROWS: dict[tuple[Direction, bool], str] = {
    ("client", False): "->",
    ("server", False): "<-",
    ("client", True): "~>",
    ("server", True): "<~",
    ("info", False): "***",
    ("info", True): "***",
}

MAX_ENTRIES = 2000  # a server flooding us must not grow the transcript without end


class Entry(NamedTuple):
    t_ms: float
    dir: Direction
    text: str
    tls: bool = False

    def to_json(self) -> dict[str, object]:
        return {"t_ms": round(self.t_ms, 1), "dir": self.dir, "text": self.text, "tls": self.tls}

    def render(self) -> str:
        return f"{self.t_ms:8.1f} ms  {_ARROWS[(self.dir, self.tls)]} {self.text}"


class Transcript:
    def __init__(self, redactor: Redactor | None = None) -> None:
        self._start = time.perf_counter()
        self._redact = redactor or Redactor()
        self._entries: list[Entry] = []
        self._lock = threading.Lock()
        self._dropped = 0

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self._start) * 1000.0

    def client(self, text: str, *, tls: bool) -> None:
        self._add("client", text, tls)

    def client_secret(self, *, tls: bool, label: str = "") -> None:
        """A line that carried credentials: only the fact that it was sent is recorded."""
        self._add("client", f"{label} {REDACTED}".strip(), tls)

    def server(self, text: str, *, tls: bool) -> None:
        self._add("server", text, tls)

    def info(self, text: str) -> None:
        self._add("info", text, False)

    def _add(self, direction: Direction, text: str, tls: bool) -> None:
        entry = Entry(self.elapsed_ms(), direction, self._redact(text), tls)
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._dropped += 1
                return
            self._entries.append(entry)

    @property
    def entries(self) -> list[Entry]:
        with self._lock:
            return list(self._entries)

    def render(self) -> str:
        lines = [entry.render() for entry in self.entries]
        if self._dropped:
            lines.append(f"*** {self._dropped} more lines not kept")
        return "\n".join(lines)

    def to_json(self) -> list[dict[str, object]]:
        return [entry.to_json() for entry in self.entries]
