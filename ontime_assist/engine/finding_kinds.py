"""The kinds a finding is sorted by: how serious it is (and how that is said), which step of the
article it belongs to, and who can fix it. Apart from the catalog (findings.py) so the wizard's
step list can name them without loading the catalog."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OK = "ok"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.OK: 3}
# How each severity is told to a person (the wizard's "Problem: …", the summary's "(problem)"),
# and the sign the terminal puts before its name ("✗ ERROR").
SEVERITY_WORDS = {
    Severity.ERROR: "Problem",
    Severity.WARNING: "Warning",
    Severity.INFO: "Note",
    Severity.OK: "Works",
}
SEVERITY_SIGNS = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i", Severity.OK: "✓"}


class Actor(StrEnum):
    """Who can make the fix: the person at the desk (in OnTime or their own account), the mail
    administrator (the organisation's settings, its network), the provider, or OnTime support."""

    USER = "user"
    ADMINISTRATOR = "administrator"
    PROVIDER = "provider"
    ONTIME_SUPPORT = "ontime_support"


class Step(StrEnum):
    """A step of the article, the one name for it everywhere: a finding's step (the catalog's
    "step" strings, part of the contract), a test's key, a wizard page's step (steps.py)."""

    ONTIME_MAIL_SERVER = "ontime_mail_server"
    CREDENTIALS = "credentials"
    SERVER_SETTINGS = "server_settings"
    RELAY = "relay"
    PROVIDER = "provider"
