"""OnTime's own words for mail settings, so every screen and summary speaks one vocabulary.

OnTime's "Other Mail Server" settings have a server, a port, an "SSL" box, a user name, a
password and "Use Windows Authentication". What a mail administrator calls STARTTLS is, in
OnTime, the SSL box ticked on port 587. TLS from the first byte (port 465) very likely does not
work in OnTime at all: OnTime is a .NET program, and .NET's SmtpClient only speaks STARTTLS
(Microsoft documents it; that OnTime uses SmtpClient is an inference, not confirmed).
"""

from __future__ import annotations

from ontime_assist.engine.check.settings import Security

ONTIME_SETTINGS_PATH = "Home → General Options → Connections → Email Server"
OTHER_MAIL_SERVER_PATH = f"{ONTIME_SETTINGS_PATH} → Other Mail Server"
# OnTime picks up mail server changes within this time (Vesigo's article).
ONTIME_APPLY_MINUTES = 10

IMPLICIT_TLS_ADVICE = (
    "OnTime probably cannot use SSL from the first byte (Windows' standard mail component, "
    "which OnTime very likely uses, only supports the STARTTLS kind; an inference, not "
    "confirmed). In OnTime, use port 587 with the SSL box ticked if your provider offers it."
)

_SECURITY_WORDS = {
    Security.STARTTLS: "STARTTLS, the port 587 kind",
    Security.SSL: "SSL from the first byte, the port 465 kind",
    Security.NONE: "no encryption",
    Security.AUTO: "found out automatically",
}


def security_words(security: Security) -> str:
    """What a security mode is, said so that OnTime's single SSL box can be matched to it."""
    return _SECURITY_WORDS[security]


def ssl_setting(security: Security) -> str:
    """OnTime's SSL box for a mode, with what it means: "ticked (STARTTLS, the port 587 kind)"."""
    return f"{ssl_box(security)} ({security_words(security)})"


def ssl_box(security: Security) -> str:
    """How OnTime's SSL box should be for a mode: OnTime has only the one box."""
    return "unticked" if security is Security.NONE else "ticked"


def ssl_box_advice(port: int) -> str:
    if port == 465:
        return (
            "Your provider's port 465 does not use SSL from the first byte here; use "
            "port 587 with the SSL box ticked."
        )
    return f"Use port 587 with the SSL box ticked (port {port} expects STARTTLS)."
