"""What the user has entered and found in one run of the assistant. No Qt here: the wizard's
pages show and change it, the flow decides from it, and tests drive it without a display.

Test results belong to the settings they were made with: each is kept with the inputs it used,
and one whose inputs have changed since is no longer the step's result (the page says what
changed and offers to test again).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ontime_assist.case import Case, NotificationCheck, OnTimeServerOutcome, TrustedAuthority
from ontime_assist.engine.discovery.outcome import Discovery
from ontime_assist.engine.findings import Finding
from ontime_assist.engine.ontime_terms import security_words
from ontime_assist.engine.result import CheckResult
from ontime_assist.engine.secret import Secret
from ontime_assist.engine.settings import MailSettings, Security, SettingsError, build_settings
from ontime_assist.steps import StepId, StepTest

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
DEFAULT_PORT = "587"


@dataclass(frozen=True)
class CheckInputs:
    """Everything a test's outcome depends on. Compared, never shown (it holds the password)."""

    host: str
    port: str
    security: str
    username: str
    password: Secret = field(repr=False)
    cafile: str | None
    from_addr: str = ""
    to_addr: str = ""

    def changes_since(self, before: CheckInputs) -> list[str]:
        """What differs, in words ("port 10025 → 10587"), never showing the password."""
        out = []
        for name, words in (
            ("host", "server"),
            ("port", "port"),
            ("security", "encryption"),
            ("username", "user name"),
            ("from_addr", "From address"),
            ("to_addr", "test recipient"),
        ):
            old, new = getattr(before, name), getattr(self, name)
            if old != new:
                out.append(f"{words} {old or '(empty)'} → {new or '(empty)'}")
        if before.password != self.password:
            out.append("password")
        if before.cafile != self.cafile:
            out.append("trusted certificate authority")
        return out


@dataclass(frozen=True)
class CheckRecord:
    result: CheckResult
    inputs: CheckInputs


@dataclass
class AssistantSession:
    email: str = ""
    username: str = ""
    password: Secret = field(default_factory=Secret)  # in memory only
    mfa: bool = False
    remember_password: bool = False
    host: str = ""
    port: str = DEFAULT_PORT
    security: str = "auto"
    windows_auth: bool = False  # as the user has OnTime's "Use Windows Authentication" box
    from_addr: str = ""
    to_addr: str = ""
    cafile: str | None = None  # the practice server's authority, or one trusted for `host`
    trusted_authority: TrustedAuthority | None = None
    ontime_server: OnTimeServerOutcome = OnTimeServerOutcome.NOT_ANSWERED
    switched_at: dt.datetime | None = None  # when the 10-minute wait was started
    test_notification_at: dt.datetime | None = None
    notification_checks: dict[str, str] = field(default_factory=dict)
    explained: list[Finding] = field(default_factory=list)
    jump_to: StepId | None = None  # where the pasted message's problem is looked at
    discovery: Discovery | None = None
    # The server settings last filled in from the search (host, port, security): while the
    # fields still hold them, a newer search may replace them; once typed over, never.
    filled_from_search: tuple[str, str, str] | None = None
    records: dict[StepTest, CheckRecord] = field(default_factory=dict)
    # What the tests of the last session found, one line per step (catalog titles only).
    previous_results: dict[str, str] = field(default_factory=dict)

    # --- tests and their results ------------------------------------------------------------

    def inputs(self, key: StepTest) -> CheckInputs:
        relay = key is StepTest.RELAY
        return CheckInputs(
            host=self.host.strip(),
            port=self.port.strip(),
            security=self.security,
            username=self.username.strip(),
            password=self.password,
            cafile=self.cafile,
            from_addr=(self.from_addr or self.email).strip() if relay else "",
            to_addr=self.to_addr.strip() if relay else "",
        )

    def record(self, key: StepTest, result: CheckResult, inputs: CheckInputs) -> None:
        self.records[key] = CheckRecord(result, inputs)

    def result(self, key: StepTest) -> CheckResult | None:
        """The step's result, if it was made with the settings as they are now."""
        record = self.records.get(key)
        if record is None or record.inputs != self.inputs(key):
            return None
        return record.result

    def outdated(self, key: StepTest) -> list[str]:
        """What changed since the step's last test ([] when it is current or never ran)."""
        record = self.records.get(key)
        if record is None:
            return []
        return self.inputs(key).changes_since(record.inputs)

    def current_results(self) -> dict[StepTest, CheckResult]:
        found = {key: self.result(key) for key in StepTest}
        return {key: result for key, result in found.items() if result is not None}

    def mail_settings(
        self, key: StepTest, *, security: str | None = None, timeout: float | None = None
    ) -> MailSettings:
        """The settings for a step's test; raises SettingsError with a sentence for the user."""
        if not self.host.strip():
            raise SettingsError("host", "Enter the mail server's name on the Mail server page.")
        inputs = self.inputs(key)
        extra = {"timeout": timeout} if timeout is not None else {}
        return build_settings(
            host=inputs.host,
            port=inputs.port,
            security=security or inputs.security,
            username=inputs.username,
            from_addr=inputs.from_addr if key is StepTest.RELAY else "",
            to_addr=inputs.to_addr,
            send_message=key is StepTest.RELAY,
            cafile=inputs.cafile,
            stop_after_auth=key is StepTest.CREDENTIALS,
            provider_hint=self.provider_hint,
            **extra,  # type: ignore[arg-type]
        )

    def adopt(self, found: Discovery) -> bool:
        """Fill the server settings from a search, unless the user has typed their own (then
        the page compares the two). True when they were filled."""
        self.discovery = found
        best = found.recommended
        if best is None:
            return False
        typed = (self.host.strip(), self.port.strip(), self.security)
        if self.host.strip() and typed != self.filled_from_search:
            return False
        self.host, self.port, self.security = best.host, str(best.port), best.security.value
        self.filled_from_search = (self.host, self.port, self.security)
        return True

    def differs_from_search(self) -> list[str]:
        """How the entered settings differ from the recommended ones, in words."""
        best = self.discovery.recommended if self.discovery else None
        if best is None or not self.host.strip():
            return []
        out = []
        if self.host.strip().lower() != best.host:
            out.append(f"server {self.host.strip()} (found: {best.host})")
        if self.port.strip() != str(best.port):
            out.append(f"port {self.port.strip()} (found: {best.port})")
        if self.security not in ("auto", best.security.value):
            mine = security_words(Security(self.security))
            out.append(f"SSL: {mine} (found: {security_words(best.security)})")
        return out

    @property
    def provider_hint(self) -> str:
        found = self.discovery
        return found.provider.id if found and found.provider else ""

    # --- the whole case ---------------------------------------------------------------------

    def case(self) -> Case:
        return Case(
            results=self.current_results(),
            ontime_server=self.ontime_server,
            discovery=self.discovery,
            explained=tuple(self.explained),
            windows_auth=self.windows_auth,
            notification_checks=tuple(
                NotificationCheck(q, a) for q, a in self.notification_checks.items()
            ),
            switched_at=self.switched_at,
            test_notification_at=self.test_notification_at,
            trusted_authority=self.trusted_authority,
        )

    def result_lines(self, when: str) -> dict[str, str]:
        """This session's outcomes, worded for remembering (no server text, no secrets)."""
        lines = {}
        for key, result in self.current_results().items():
            root = result.root_cause
            outcome = f"{root.title} ({root.id})" if root else "no problem found"
            lines[key.value] = f"{when}: {outcome}"
        return lines

    # --- remembering between runs -------------------------------------------------------------

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
