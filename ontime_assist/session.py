"""What the user has entered and found in one run of the assistant. No Qt here: the wizard's
pages show and change it, the flow decides from it, and tests drive it without a display.

Test results belong to the settings they were made with: each is kept with the inputs it used,
and one whose inputs have changed since is no longer the step's result (the page says what
changed and offers to test again). Every test is also kept, in order, as the run's record of
evidence (ontime_assist.case.record): the summary is read from that record alone.

What practice may touch is decided here, not in the pages: in practice the real settings,
"Last time", the Save folder and the keyring are neither read nor written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from ontime_assist.case.answers import OnTimeServerOutcome
from ontime_assist.case.practice import practice_result
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.engine.redaction.scrub import scrub_credentials
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.logs import active_log
from ontime_assist.session_records import PRACTICE_NO_KEYRING as PRACTICE_NO_KEYRING
from ontime_assist.session_records import CheckInputs as CheckInputs
from ontime_assist.session_records import CheckRecord as CheckRecord
from ontime_assist.session_records import Evidence as Evidence
from ontime_assist.session_records import HeldSecrets, redacted_finding
from ontime_assist.session_records import Practice as Practice
from ontime_assist.steps import TESTED_STEPS, StepId

if TYPE_CHECKING:  # what results and settings are: loaded when a test or a search needs them
    import datetime as dt

    from ontime_assist.case import Case, TrustedAuthority
    from ontime_assist.case.arrival import ArrivalAnswer, ArrivalCheck, SenderCheck
    from ontime_assist.engine.check.result import CheckResult
    from ontime_assist.engine.check.settings import MailSettings
    from ontime_assist.engine.discovery.outcome import Discovery
    from ontime_assist.engine.findings import Finding
    from ontime_assist.engine.redaction.redact import Redactor
    from ontime_assist.engine.sending.envelope import SentMessage
    from ontime_assist.session_arrival import ArrivalDetails

DEFAULT_PORT = "587"


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
        self._held = HeldSecrets()  # every password the run gave up: kept out of texts
        self.password = Secret() if password is None else password  # in memory only
        self.mfa = mfa
        self.remember_password = remember_password
        self.host = host
        self.port = port
        self.security = security
        self.windows_auth = windows_auth  # as the user has OnTime's "Use Windows Authentication"
        self.from_addr = from_addr
        self.to_addr = to_addr
        # Authorities trusted for every server, as the system's (tests: their loopback one);
        # one the user trusted for one server stays with it (trusted_authority).
        self._any_host_cafile: str | None = None
        self.trusted_authority: TrustedAuthority | None = None
        self.practice: Practice | None = None
        self.save_folder = ""  # where the summary was last saved, and as what
        self.save_format = ""
        self.evidence: list[Evidence] = []  # every test of the run, in order
        self.arrival: list[ArrivalCheck] = []  # did step 4's test message arrive (answers)
        self.sender_checks: list[SenderCheck] = []  # SPF/DKIM/DMARC, run after junk
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
        self.records: dict[Step, CheckRecord] = {}
        # What the tests of the last session found, one line per step (catalog titles only).
        self.previous_results: dict[str, str] = {}

    # --- the password and every secret the run has known -------------------------------------

    @property
    def password(self) -> Secret:
        return self._password

    @password.setter
    def password(self, value: Secret) -> None:
        self._held.replaced(self.__dict__.get("_password"), value)
        self._password = value

    def known_secrets(self) -> list[str]:
        """Every password the run has held (typed, remembered, practice): kept out of texts."""
        return self._held.known(self._password)

    def redactor(self) -> Redactor:
        """Removes every password the run has held, in every form it may travel in."""
        return Redactor(self.known_secrets())

    def redact(self, text: str) -> str:
        """Outside text (pasted, a server's) without the run's passwords or credential shapes."""
        return scrub_credentials(self.redactor()(text))

    # --- what may be touched: practice never touches the real settings or the keyring ------

    @property
    def keyring_allowed(self) -> bool:
        """Whether the real password store may be read or written (never in practice)."""
        return self.practice is None

    @property
    def may_remember(self) -> bool:
        """Whether the real settings, "Last time" and the Save folder may be read or written."""
        return self.practice is None

    def enter_practice(self, practice: Practice) -> None:
        """From now on this run is practice: what the real run found is put aside (the
        wizard asks first), and nothing of the real settings is shown or kept."""
        self.practice = practice
        self.records.clear()
        self.evidence.clear()
        self.arrival.clear()
        self.sender_checks.clear()
        self.explained = []
        self.discovery = None
        self.filled_from_search = None
        self.previous_results = {}
        self.trusted_authority = None
        self.remember_password = False
        self.save_folder = self.save_format = ""

    def has_work(self) -> bool:
        """Whether something was tested, explained or looked up that leaving would lose."""
        return bool(
            self.records or self.explained or self.discovery or self.arrival or self.sender_checks
        )

    # --- certificate authorities --------------------------------------------------------------

    @property
    def cafile(self) -> str | None:
        """The extra authority for a test of the entered server."""
        return self.authority_file(self.host)

    @cafile.setter
    def cafile(self, value: str | None) -> None:
        # The authority trusted for one server stays with that server (trusted_authority):
        # naming its file here does not widen it to every server.
        authority = self.trusted_authority
        if value is not None and authority is not None and value == authority.path:
            return
        self._any_host_cafile = value

    def authority_file(self, host: str) -> str | None:
        """The extra authority trusted for `host`: the practice server's for practice, the
        one the user trusted for exactly that server, or one trusted for every server."""
        if self.practice is not None:
            return self.practice.cafile
        authority = self.trusted_authority
        if authority is not None and authority.host == host.strip().lower():
            return authority.path
        return self._any_host_cafile

    def authority_for(self, host: str) -> TrustedAuthority | None:
        authority = self.trusted_authority
        if authority is not None and authority.host == host.strip().lower():
            return authority
        return None

    # --- tests and their results ------------------------------------------------------------

    def inputs(self, key: Step) -> CheckInputs:
        relay = key is Step.RELAY
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

    def record(
        self,
        key: Step,
        result: CheckResult,
        inputs: CheckInputs,
        at: dt.datetime | None = None,
    ) -> CheckResult:
        """Keep a finished test as the step's result and in the run's record of evidence; the
        result as kept is returned (in practice its advice names the practice server's ports;
        a server trusted only through an authority the user added keeps that warning)."""
        # not before the first window: datetime and the trust warning, about 25 ms
        import datetime as dt

        from ontime_assist.case.trust import authority_warning

        authority = self.authority_for(inputs.host) if inputs.cafile else None
        if authority is not None and authority.path == inputs.cafile:
            result = authority_warning(result, authority)
        else:
            authority = None
        if self.practice is not None:
            result = practice_result(result, self.practice)
        self._held.keep(inputs.password)  # a password a test used stays a secret of the run
        self.records[key] = CheckRecord(result, inputs)
        self.evidence.append(
            Evidence(
                number=len(self.evidence) + 1,
                key=key,
                result=result,
                at=at or dt.datetime.now().astimezone(),
                practice=self.practice is not None,
                authority=authority.subject if authority is not None else "",
            )
        )
        return result

    def result(self, key: Step) -> CheckResult | None:
        """The step's result, if it was made with the settings as they are now."""
        record = self.records.get(key)
        if record is None or record.inputs != self.inputs(key):
            return None
        return record.result

    def outdated(self, key: Step) -> list[str]:
        """What changed since the step's last test ([] when it is current or never ran)."""
        record = self.records.get(key)
        if record is None:
            return []
        return self.inputs(key).changes_since(record.inputs)

    def current_results(self) -> dict[Step, CheckResult]:
        found = {key: self.result(key) for key in TESTED_STEPS}
        return {key: result for key, result in found.items() if result is not None}

    def mail_settings(
        self, key: Step, *, security: str | None = None, timeout: float | None = None
    ) -> MailSettings:
        """The settings for a step's test; raises SettingsError with a sentence for the user."""
        # not before the first window: the settings' rules, about 4 ms
        from ontime_assist.engine.check.settings import build_settings

        if not self.host.strip():
            raise SettingsError("host", "Enter the mail server's name on the Mail server page.")
        inputs = self.inputs(key)
        extra = {"timeout": timeout} if timeout is not None else {}
        return build_settings(
            host=inputs.host,
            port=inputs.port,
            security=security or inputs.security,
            username=inputs.username,
            from_addr=inputs.from_addr if key is Step.RELAY else "",
            to_addr=inputs.to_addr,
            send_message=key is Step.RELAY,
            cafile=inputs.cafile,
            stop_after_auth=key is Step.CREDENTIALS,
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
            # not before the first window: about 8 ms
            from ontime_assist.engine.check.settings import Security
            from ontime_assist.engine.ontime_terms import security_words

            mine = security_words(Security(self.security))
            out.append(f"SSL: {mine} (found: {security_words(best.security)})")
        return out

    @property
    def provider_hint(self) -> str:
        found = self.discovery
        return found.provider.id if found and found.provider else ""

    # --- the whole case ---------------------------------------------------------------------

    def case(self) -> Case:
        """The whole case, from the record of evidence: every test with whether its settings
        are still the entered ones, and every secret the run knows, to keep out of texts."""
        # only for the summary: the case and its record (about 36 ms, and the verdict)
        from ontime_assist.case import Case, NotificationCheck
        from ontime_assist.case.record import TestRecord

        current = self.current_results()
        tests = tuple(
            TestRecord(
                number=e.number,
                step=e.key,
                result=e.result,
                at=e.at,
                practice=e.practice,
                current=current.get(e.key) is e.result,
                authority=e.authority,
            )
            for e in self.evidence
        )
        redactor = self.redactor()
        return Case(
            results=current,
            tests=tests,
            practice=self.practice is not None,
            secrets=(redactor,),
            ontime_server=self.ontime_server,
            discovery=self.discovery,
            explained=tuple(redacted_finding(f, self.redact) for f in self.explained),
            windows_auth=self.windows_auth,
            notification_checks=tuple(
                NotificationCheck(q, a) for q, a in self.notification_checks.items()
            ),
            switched_at=self.switched_at,
            test_notification_at=self.test_notification_at,
            trusted_authority=self.trusted_authority,
            log_file=str(active_log() or ""),
            arrival=tuple(self.arrival),
            sender_checks=tuple(self.sender_checks),
        )

    # --- did the test message arrive? -----------------------------------------------------

    def sent_test(self) -> tuple[Evidence, SentMessage] | None:
        """The latest test message the server accepted, if its settings are still current."""
        # only once a test message was sent: about 37 ms with the envelope
        from ontime_assist.session_arrival import sent_test

        return sent_test(self.evidence, self.result(Step.RELAY))

    def answer_arrival(
        self, answer: ArrivalAnswer, **details: Unpack[ArrivalDetails]
    ) -> ArrivalCheck | None:
        """Keep an answer about the last accepted test message, with its time (None: there is
        no such message). A pasted bounce is explained and kept without the run's secrets."""
        # only once a test message was sent: about 37 ms with the envelope
        from ontime_assist.session_arrival import arrival_check

        sent = self.sent_test()
        if sent is None:
            return None
        check = arrival_check(*sent, answer, self.redact, details)
        self.arrival.append(check)
        return check
