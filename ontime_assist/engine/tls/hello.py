"""Does a port that stays silent to a plain connection answer a TLS hello?

The classic mix-up: STARTTLS (or no security) chosen on a port that speaks TLS from the first
byte. A plain connection to such a port hears nothing at all until the time limit. So, while the
plain connection keeps waiting for its greeting, a second connection sends a TLS ClientHello and
looks at the first bytes back: a TLS record (0x16/0x15, 0x03) means the port wants TLS at once;
"220 …" is SMTP that was only slow to greet; "HTTP/1.1 400" is a web server. Nothing but the hello
is ever sent on it.

The two run side by side within the greeting's one time limit (`HelloRace`): a silent server
costs that limit once, and the mix-up is named as soon as the TLS answer arrives.
"""

from __future__ import annotations

import contextlib
import ssl
import threading
from collections.abc import Callable

from ontime_assist.engine.cancel import Cancelled, CancelToken, Deadline
from ontime_assist.engine.connection.connect import MIN_SOCKET_TIMEOUT, Address, open_connection
from ontime_assist.engine.connection.replies import printable_sample
from ontime_assist.records import NamedTuple

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from typing import Literal

# The hello connection never outlives the greeting wait it races: the greeting's side ends it.
# This is only the bound should that side fail to.
HELLO_SAFETY_MARGIN = 1.0


class Sniff(NamedTuple):
    """What a port answered to a TLS hello: "tls", "plain" (with a sample), "closed" or
    "silent"."""

    kind: Literal["tls", "plain", "closed", "silent"]
    sample: str = ""
    raw: bytes = b""

    @property
    def decisive(self) -> bool:
        """True when the answer settles what the port speaks without its greeting: TLS, or
        text that is not an SMTP reply (a web server…). A reply code, silence or a closed
        connection settle nothing: the plain connection's greeting may still come."""
        return self.kind == "tls" or (self.kind == "plain" and not _looks_like_smtp(self.raw))

    def describe(self) -> str:
        if self.kind == "tls":
            return "a TLS answer"
        if self.kind == "plain":
            return f"plain text “{self.sample}”"
        return "nothing" if self.kind == "silent" else "the connection closed"


def _looks_like_smtp(raw: bytes) -> bool:
    code = raw[:3]
    return len(code) == 3 and code.isdigit() and code[:1] in b"2345" and raw[3:4] in (b" ", b"-")


def client_hello(server_name: str) -> bytes:
    """A TLS ClientHello, as this computer would send it. Only the hello is built; the handshake
    never continues on this context."""
    outgoing = ssl.MemoryBIO()
    # No authorities loaded: the hello does not list them, and loading them costs milliseconds.
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).wrap_bio(
        ssl.MemoryBIO(), outgoing, server_hostname=server_name
    )
    with contextlib.suppress(ssl.SSLWantReadError):
        tls.do_handshake()
    return outgoing.read()


class HelloRace:
    """A TLS hello on a second connection, run on a helper thread beside the wait for the
    plain greeting. As soon as its answer settles what the port speaks, `on_decisive` is called
    (on the helper thread) so the greeting's side can end its own wait; `decided` says it was.
    `finish()` ends the hello connection, whatever it is doing, and waits for the helper: after
    it, `on_decisive` is never called."""

    def __init__(
        self,
        address: Address,
        server_name: str,
        deadline: Deadline,
        on_decisive: Callable[[], None],
    ) -> None:
        self._address = address
        self._server_name = server_name
        self._deadline = Deadline(max(deadline.remaining(), 0) + HELLO_SAFETY_MARGIN)
        # Its own token: finish() stops the hello connection alone (a Stop of the whole check
        # ends the greeting's wait, which then finishes the race).
        self._stop = CancelToken()
        self._on_decisive = on_decisive
        self._lock = threading.Lock()
        self._finished = False
        self.decided = False
        self.sniff = Sniff("silent")
        self._thread = threading.Thread(target=self._run, name="tls-hello", daemon=True)
        self._thread.start()

    def finish(self) -> Sniff:
        with self._lock:
            self._finished = True
        self._stop.cancel()
        self._thread.join()
        return self.sniff

    def _run(self) -> None:
        try:
            sniff = self._ask()
        except (Cancelled, OSError, ValueError):  # ValueError: a name TLS cannot carry
            return
        self.sniff = sniff
        if sniff.decisive:
            with self._lock:
                if self._finished:
                    return
                self.decided = True
                self._on_decisive()

    def _ask(self) -> Sniff:
        hello = client_hello(self._server_name)
        sock = open_connection(self._address, self._deadline, self._stop)
        data = b""
        try:
            sock.sendall(hello)
            while len(data) < 5:
                left = self._deadline.remaining()
                if left <= 0:
                    break
                sock.settimeout(max(left, MIN_SOCKET_TIMEOUT))
                chunk = sock.recv(512)
                if not chunk:
                    break
                data += chunk
        except TimeoutError:
            pass
        except OSError:
            if not data:
                return Sniff("closed")
        finally:
            self._stop.unregister(sock)
            sock.close()
        if len(data) >= 2 and data[0] in (0x15, 0x16) and data[1] == 0x03:
            return Sniff("tls", raw=data)
        if data:
            return Sniff("plain", printable_sample(data), raw=data)
        return Sniff("silent")
