"""The settings a check runs with, validated the way a person types them.

Every rule here produces one sentence a non-expert can act on; the command line prints it and
exits 2, the wizard shows it under the field.
"""

from __future__ import annotations

from enum import StrEnum

from ontime_assist.engine.check.defaults import DEFAULT_TIMEOUT
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.idn import InvalidName, ascii_name, needs_idna, unicode_name
from ontime_assist.records import NamedTuple


class Security(StrEnum):
    AUTO = "auto"
    STARTTLS = "starttls"
    SSL = "ssl"  # TLS from the first byte (port 465 style)
    NONE = "none"


# Ports where TLS from the first byte is the convention; `auto` tries TLS first there.
IMPLICIT_TLS_PORTS = frozenset({465, 2465})

MIN_TIMEOUT = 0.1
MAX_TIMEOUT = 300.0

_LABEL_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
MAX_LABEL, MAX_NAME = 63, 253  # RFC 1035


def _is_label(label: str) -> bool:
    """One part of a host name: letters, digits and inner hyphens, 1 to 63 of them."""
    return (
        0 < len(label) <= MAX_LABEL
        and not label.startswith("-")
        and not label.endswith("-")
        and set(label) <= _LABEL_CHARACTERS
    )


class CleanedText(NamedTuple):
    """A value with surrounding white space removed, remembering that there was some."""

    value: str
    had_stray_space: bool


def strip_stray_space(raw: str) -> CleanedText:
    value = raw.strip()
    return CleanedText(value, value != raw)


def validate_host(raw: str) -> CleanedText:
    """Return the host as it can be looked up; raise SettingsError with advice otherwise."""
    cleaned = strip_stray_space(raw)
    host = cleaned.value
    if not host:
        raise SettingsError("host", "Enter the mail server's name, for example smtp.gmail.com.")
    if "://" in host:
        raise SettingsError(
            "host",
            f"“{host}” is a web address. Enter only the server name, for example "
            "smtp.office365.com, without “://” or a path.",
        )
    if "@" in host:
        raise SettingsError(
            "host",
            f"“{host}” looks like an email address. The server name looks like smtp.example.com; "
            "your provider's setup page lists it.",
        )
    if any(ch.isspace() for ch in host):
        raise SettingsError(
            "host", f"The server name “{host}” contains a space. Server names never do."
        )
    if "/" in host or "\\" in host:
        raise SettingsError(
            "host", f"“{host}” contains a slash. Enter only the server name, without a path."
        )
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if _is_ip_literal(host):
        return CleanedText(host, cleaned.had_stray_space)
    if host.count(":") == 1:
        name, _, port = host.partition(":")
        raise SettingsError(
            "host",
            f"“{host}” includes a port. Enter the server name ({name}) here and the port "
            f"({port}) in the port field.",
        )
    host = host.rstrip(".")
    if not is_host_name(host):
        raise SettingsError("host", f"“{host}” is not a valid server name.")
    if needs_idna(host):  # kept in its Unicode form for people; ascii_name() for the network
        host = unicode_name(host)
    return CleanedText(host, cleaned.had_stray_space)


def is_host_name(host: str) -> bool:
    """A name that can be looked up: letters, digits and inner hyphens in dot-separated labels
    (RFC 1035), once an international name is in its A-label form (UTS 46). Used for what the
    user types and for every name read from outside (MX records, autoconfig documents)."""
    try:
        ascii_host = ascii_name(host.rstrip("."))
    except InvalidName:
        return False
    if needs_idna(ascii_host) and unicode_name(ascii_host) == ascii_host:
        return False  # an "xn--" label that decodes to nothing valid
    labels = ascii_host.split(".")
    return len(ascii_host) <= MAX_NAME and all(_is_label(label) for label in labels)


def looks_local(host: str) -> bool:
    """A server on the company network, judged from what was typed: a private address, or a
    name without dots or under a local-only suffix. (After a test, CheckResult knows the
    address it really reached.)"""
    import ipaddress  # not on explain's path, which loads this module: about 4 ms

    try:
        return ipaddress.ip_address(host.strip("[]")).is_private
    except ValueError:
        return "." not in host or host.endswith((".local", ".lan", ".internal", ".corp"))


def _is_ip_literal(host: str) -> bool:
    import ipaddress  # not on explain's path, which loads this module: about 4 ms

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


MAX_PORT_DIGITS = 5


def validate_port(raw: str | int) -> int:
    text = str(raw).strip()
    # ASCII digits only: "²".isdigit() is true, but int("²") fails; and a very long number is
    # refused before int() has to read it.
    if not (text.isascii() and text.isdigit()):
        raise SettingsError("port", f"The port must be a number such as 587 or 465, not “{text}”.")
    if len(text.lstrip("0")) > MAX_PORT_DIGITS:
        raise SettingsError(
            "port", f"The port must be between 1 and 65535 (usually 587 or 465), not {text}."
        )
    port = int(text.lstrip("0") or "0")
    if not 1 <= port <= 65535:
        raise SettingsError(
            "port", f"The port must be between 1 and 65535 (usually 587 or 465), not {port}."
        )
    return port


def validate_address(raw: str, field_name: str) -> CleanedText:
    cleaned = strip_stray_space(raw)
    address = cleaned.value
    if address.startswith("<") and address.endswith(">"):
        address = address[1:-1].strip()
    what = "From address" if field_name == "from" else "recipient address"
    if any(ch.isspace() for ch in address) or address.count("@") != 1:
        raise SettingsError(
            field_name, f"The {what} “{address}” is not an email address like name@example.com."
        )
    local, _, domain = address.partition("@")
    if not local or "." not in domain or domain.startswith(".") or domain.endswith("."):
        raise SettingsError(
            field_name, f"The {what} “{address}” is not an email address like name@example.com."
        )
    return CleanedText(address, cleaned.had_stray_space)


def validate_timeout(raw: str | float) -> float:
    try:
        if isinstance(raw, str) and not raw.isascii():
            raise ValueError(raw)  # digits of other scripts: said the same way as any other
        timeout = float(raw)
    except (TypeError, ValueError):
        raise SettingsError(
            "timeout", f"The timeout must be a number of seconds, not “{raw}”."
        ) from None
    if not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
        raise SettingsError(
            "timeout",
            f"The timeout must be between {MIN_TIMEOUT:g} and {MAX_TIMEOUT:g} seconds.",
        )
    return timeout


class MailSettings(NamedTuple):
    """One mail server and account to test. Never holds the password: that travels apart as a
    `Secret` (redaction/secret.py) and is remembered by credentials.py's `CredentialStore`."""

    host: str
    port: int
    security: Security = Security.AUTO
    username: str = ""
    from_addr: str = ""  # MAIL FROM: the From address, else the user name when it is one
    to_addr: str = ""
    send_message: bool = False
    cafile: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    allow_plaintext_auth: bool = False
    stop_after_auth: bool = False  # a sign-in test: no MAIL/RCPT/DATA
    # Values the user typed with a leading or trailing space: worth telling them, since
    # OnTime would send the space along.
    stray_space_in: tuple[str, ...] = ()
    # The provider, when it was recognised before the check (from the address's mail
    # records); its facts then make the fixes specific even for a custom server name.
    provider_hint: str = ""

    @property
    def ascii_host(self) -> str:
        """The server's name as DNS, the connection, SNI and certificate matching use it (the
        A-label form of an international name); `host` is the form shown to people."""
        return ascii_name(self.host)


def build_settings(
    *,
    host: str,
    port: str | int,
    security: str = "auto",
    username: str = "",
    from_addr: str = "",
    to_addr: str = "",
    send_message: bool = False,
    cafile: str | None = None,
    timeout: str | float = DEFAULT_TIMEOUT,
    allow_plaintext_auth: bool = False,
    stop_after_auth: bool = False,
    provider_hint: str = "",
) -> MailSettings:
    """Validate raw input into MailSettings; raise SettingsError on the first bad field."""
    stray: list[str] = []
    host_clean = validate_host(host)
    if host_clean.had_stray_space:
        stray.append("host")
    port_value = validate_port(port)
    try:
        security_value = Security(security.strip().lower())
    except ValueError:
        raise SettingsError(
            "security", "Security must be one of auto, starttls, ssl or none."
        ) from None
    user_clean = strip_stray_space(username)
    if user_clean.had_stray_space:
        stray.append("username")
    from_value = ""
    if from_addr.strip():
        from_clean = validate_address(from_addr, "from")
        from_value = from_clean.value
        if from_clean.had_stray_space:
            stray.append("from")
    elif "@" in user_clean.value and " " not in user_clean.value:
        from_value = user_clean.value
    to_value = ""
    if to_addr.strip():
        to_value = validate_address(to_addr, "to").value
    if send_message and not to_value:
        raise SettingsError("to", "Sending a test message needs a recipient address.")
    return MailSettings(
        host=host_clean.value,
        port=port_value,
        security=security_value,
        username=user_clean.value,
        from_addr=from_value,
        to_addr=to_value,
        send_message=send_message,
        cafile=cafile,
        timeout=validate_timeout(timeout),
        allow_plaintext_auth=allow_plaintext_auth,
        stop_after_auth=stop_after_auth,
        stray_space_in=tuple(stray),
        provider_hint=provider_hint,
    )
