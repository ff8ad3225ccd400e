"""What the user has entered and found in one run of the assistant. No Qt here: the wizard's
pages show and change it, the flow decides from it, and tests drive it without a display.

Test results belong to the settings they were made with: each is kept with the inputs it used,
and one whose inputs have changed since is no longer the step's result (the page says what
changed and offers to test again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ontime_assist.case.answers import OnTimeServerOutcome
from ontime_assist.engine.defaults import SettingsError
from ontime_assist.engine.secret import Secret
from ontime_assist.steps import StepId, StepTest

if TYPE_CHECKING:  # what results and settings are: loaded when a test or a search needs them
    import datetime as dt

    from ontime_assist.case import Case, TrustedAuthority
    from ontime_assist.engine.discovery.outcome import Discovery
    from ontime_assist.engine.findings import Finding
    from ontime_assist.engine.result import CheckResult
    from ontime_assist.engine.settings import MailSettings

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


class CheckInputs(NamedTuple):
    """Everything a test's outcome depends on. Compared, never shown (it holds the password)."""

    host: str
    port: str
    security: str
    username: str
    password: Secret  # its repr is "[hidden]"
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


class CheckRecord(NamedTuple):
    result: CheckResult
    inputs: CheckInputs


class AssistantSession:
    """One run's answers, settings and results. A plain class (not a dataclass): it is built
    when the window opens, and generating a dataclass's methods is measurable start-up time."""

    def __init__(
        self,
        *,
        email: str = "",
        username: str = "",
        password: Secret | None = None,
        host: str = "",
        port: str = DEFAULT_PORT,
        security: str = "auto",
        windows_auth: bool = False,
        from_addr: str = "",
        to_addr: str = "",
        mfa: bool = False,
        remember_password: bool = False,
        jump_to: StepId | None = None,
    ) -> None:
        self.email = email
        self.username = username
        self.password = Secret() if password is None else password  # in memory only
        self.mfa = mfa
        self.remember_password = remember_password
        self.host = host
        self.port = port
        self.security = security
        self.windows_auth = windows_auth  # as the user has OnTime's "Use Windows Authentication"
        self.from_addr = from_addr
        self.to_addr = to_addr
        # The practice server's authority, or one the user trusted for `host`.
        self.cafile: str | None = None
        self.trusted_authority: TrustedAuthority | None = None
        self.ontime_server = OnTimeServerOutcome.NOT_ANSWERED
        self.switched_at: dt.datetime | None = None  # when the 10-minute wait was started
        self.test_notification_at: dt.datetime | None = None
        self.notification_checks: dict[str, str] = {}
        self.explained: list[Finding] = []
        self.jump_to = jump_to  # where the pasted message's problem is looked at
        self.discovery: Discovery | None = None
        # The server settings last filled in from the search (host, port, security): while
        # the fields still hold them, a newer search may replace them; once typed over, never.
        self.filled_from_search: tuple[str, str, str] | None = None
        self.records: dict[StepTest, CheckRecord] = {}
        # What the tests of the last session found, one line per step (catalog titles only).
        self.previous_results: dict[str, str] = {}

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
        from ontime_assist.engine.settings import build_settings

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
            from ontime_assist.engine.ontime_terms import security_words
            from ontime_assist.engine.settings import Security

            mine = security_words(Security(self.security))
            out.append(f"SSL: {mine} (found: {security_words(best.security)})")
        return out

    @property
    def provider_hint(self) -> str:
        found = self.discovery
        return found.provider.id if found and found.provider else ""

    # --- the whole case ---------------------------------------------------------------------

    def case(self) -> Case:
        from ontime_assist.case import Case, NotificationCheck

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
