"""What the user has entered and found in one run of the assistant. No Qt here: the wizard
renders it, the report reads it, and tests can drive it without a display."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from ontime_assist.engine.settings import MailSettings, SettingsError, build_settings

if TYPE_CHECKING:
    from ontime_assist.engine.findings import Finding
    from ontime_assist.engine.result import CheckResult


class OnTimeServerOutcome(StrEnum):
    NOT_ANSWERED = ""
    WORKED = "worked"  # notifications went out through the OnTime Mail Server
    FAILED = "failed"  # they did not: the problem is not the own mail server
    NOT_TRIED = "not_tried"  # the user could not switch now


# Non-secret fields remembered between runs (the password never is).
REMEMBERED_FIELDS = (
    "email",
    "username",
    "host",
    "port",
    "security",
    "windows_auth",
    "from_addr",
    "to_addr",
    "mfa",
    "remember_password",
)


@dataclass
class AssistantSession:
    email: str = ""
    username: str = ""
    password: str = ""  # in memory only
    mfa: bool = False
    remember_password: bool = False
    host: str = ""
    port: str = "587"
    security: str = "auto"
    windows_auth: bool = False  # as the user has OnTime's "Use Windows Authentication" box
    from_addr: str = ""
    to_addr: str = ""
    cafile: str | None = None  # the practice server's authority in --demo
    ontime_server: OnTimeServerOutcome = OnTimeServerOutcome.NOT_ANSWERED
    pasted_error: str = ""
    explained: list[Finding] = field(default_factory=list)
    # The latest result of each test, by wizard step: "credentials", "server_settings", "relay".
    results: dict[str, CheckResult] = field(default_factory=dict)
    # What the tests of the last session found, as one line per step (catalog titles only).
    previous_results: dict[str, str] = field(default_factory=dict)

    def result_lines(self, when: str) -> dict[str, str]:
        """This session's outcomes, worded for remembering (no server text, no secrets)."""
        lines = {}
        for step, result in self.results.items():
            root = result.root_cause
            outcome = f"{root.title} ({root.id})" if root else "no problem found"
            lines[step] = f"{when}: {outcome}"
        return lines

    def mail_settings(
        self, *, stop_after_auth: bool = False, send: bool = False, security: str | None = None
    ) -> MailSettings:
        """The settings for a check; raises SettingsError with a sentence for the user."""
        if not self.host.strip():
            raise SettingsError("host", "Enter the mail server's name on the Mail server page.")
        return build_settings(
            host=self.host,
            port=self.port,
            security=security or self.security,
            username=self.username,
            from_addr="" if stop_after_auth else (self.from_addr or ""),
            to_addr="" if stop_after_auth else self.to_addr,
            send_message=send,
            cafile=self.cafile,
            stop_after_auth=stop_after_auth,
        )

    def remembered(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in REMEMBERED_FIELDS}

    def restore(self, values: dict[str, object]) -> None:
        for name in REMEMBERED_FIELDS:
            if name not in values:
                continue
            current = getattr(self, name)
            value = values[name]
            if isinstance(current, bool):
                setattr(self, name, str(value).lower() in ("true", "1"))
            elif isinstance(value, str):
                setattr(self, name, value)

    @property
    def latest_result(self) -> CheckResult | None:
        for step in ("relay", "server_settings", "credentials"):
            if step in self.results:
                return self.results[step]
        return None
