"""A password that cannot be printed by accident.

The app passes a password from object to object as a `Secret`: `repr()`, `str()`, f-strings,
logging, pickling and dataclass reprs all show "[hidden]". The value comes out only through
`reveal()`, so every place that needs it is a line a reviewer can find with grep.

A `Secret` is not the only holder; these hold the plain text, in memory: the redactor
(redact.py), which keeps the password and patterns for its encodings (base64, hex, URL- and
quoted-printable) to find them in what it scrubs; the password field while it is typed into;
the SMTP client's AUTH exchange (sending/login.py) and imaplib's LOGIN
(arrival/imap_lookup.py), built from the revealed value. The keyring stores the remembered one.
Each gets it through a `reveal()` call.
"""

from __future__ import annotations

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from typing import NoReturn


HIDDEN = "[hidden]"


class Secret:
    __slots__ = ("_value",)

    def __init__(self, value: str = "") -> None:
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        value: str = object.__getattribute__(self, "_value")
        return value

    def __bool__(self) -> bool:
        return bool(self.reveal())

    def __len__(self) -> int:
        return len(self.reveal())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        import hmac  # OpenSSL's library: only when passwords are compared

        return hmac.compare_digest(self.reveal().encode(), other.reveal().encode())

    __hash__ = None  # type: ignore[assignment]  # mutable holders compare by value

    def __repr__(self) -> str:
        return f"Secret({HIDDEN!r})" if self.reveal() else "Secret('')"

    def __str__(self) -> str:
        return HIDDEN

    def __format__(self, _spec: str) -> str:
        return HIDDEN

    def __setattr__(self, _name: str, _value: object) -> NoReturn:
        raise AttributeError("a Secret cannot be changed; make a new one")

    # Immutable: copies (dataclasses.replace, deepcopy) may share it.
    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, _memo: object) -> Secret:
        return self

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret is never pickled (it would be written out in plain text)")


def as_secret(value: Secret | str | None) -> Secret:
    if isinstance(value, Secret):
        return value
    return Secret(value or "")
