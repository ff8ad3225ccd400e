"""International domain names, one way: UTS 46 through the `idna` package (IDNA 2008).

The standard library's "idna" codec is IDNA 2003 and dnspython picks whichever it finds, so
"straße.de" could be xn--strae-oqa.de one way and strasse.de the other. Every name that goes
on the network (DNS, connecting, SNI, certificate matching, the envelope) goes through
`ascii_name`; people are shown `unicode_name`. The `idna` package (and the typing module it
loads) is imported only for a name that needs it: a plain ASCII name never pays for it.
"""

from __future__ import annotations

from functools import lru_cache

ACE_PREFIX = "xn--"
CACHED_NAMES = 256  # names typed or read from outside: remembered, but not without end


class InvalidName(ValueError):
    """Not a valid international domain name (a UnicodeError from the codec, said in words)."""


def needs_idna(name: str) -> bool:
    """True for a name with letters beyond ASCII, or with an A-label (a label that starts with
    "xn--") in it. "xn--" inside a label is only letters and hyphens (mail.shopxn--1.example)."""
    if not name.isascii():
        return True
    return any(label[:4].lower() == ACE_PREFIX for label in name.split("."))


@lru_cache(maxsize=CACHED_NAMES)
def ascii_name(name: str) -> str:
    """The A-label form of `name` (UTS 46 mapped, IDNA 2008 checked); ASCII names as they are.
    Raises InvalidName for a name that has no such form."""
    if name.isascii():
        return name
    # only for a non-ASCII name: idna, about 10 ms
    import idna

    try:
        return idna.encode(name, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError) as exc:
        raise InvalidName(str(exc)) from None


@lru_cache(maxsize=CACHED_NAMES)
def unicode_name(name: str) -> str:
    """The form to show people: A-labels turned back into letters; `name` itself when it has
    none, or when they do not decode."""
    if not needs_idna(name):
        return name
    # only for a non-ASCII name: idna, about 10 ms
    import idna

    try:
        return str(idna.decode(ascii_name(name)))
    except (idna.IDNAError, UnicodeError, ValueError, InvalidName):
        return name
