"""The wizard's two kinds of background work, each one at a time: the live test of a step, and
the search for the settings from the email address. Pages start them and listen; the session
keeps what they found."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from ontime_assist.engine.finding_kinds import Step
from ontime_assist.session import AssistantSession, CheckInputs
from ontime_assist.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from ontime_assist.engine.cancel import CancelToken
    from ontime_assist.engine.check.result import Stage
    from ontime_assist.engine.check.settings import MailSettings
    from ontime_assist.engine.discovery.dns_lookup import Dns
    from ontime_assist.engine.redaction.secret import Secret


class CheckController(QObject):
    """Runs one step's test at a time. A finished test is recorded in the session with the
    inputs it used; a stopped one records nothing."""

    started = Signal(str)  # the tested Step
    stage_changed = Signal(str, object)  # Step, Stage (a copy)
    finished = Signal(str, object)  # Step, CheckResult
    stopped = Signal(str)  # Step: cancelled, or left behind by Back/Next
    failed = Signal(str, str)  # Step, a sentence for the user
    ended = Signal(str)  # Step: after any of the three above

    def __init__(self, session: AssistantSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.task = BackgroundTask("check", self)
        self.task.progress.connect(self._progress)
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        self.running_key: Step | None = None
        self._inputs: CheckInputs | None = None

    @property
    def running(self) -> bool:
        return self.running_key is not None

    def start(
        self, key: Step, settings: MailSettings, password: Secret, inputs: CheckInputs
    ) -> bool:
        """Start `key`'s test; False (and nothing started) while another test runs."""
        if self.running:
            return False
        self.running_key, self._inputs = key, inputs

        def work(cancel: CancelToken, progress: Callable[[object], None]) -> object:
            # Imported on the worker: the SMTP and TLS modules are not needed to show a page.
            from ontime_assist.engine.check.run import run_check

            return run_check(
                settings,
                password if settings.username else None,
                cancel=cancel,
                on_stage=lambda stage: progress(_copy(stage)),
            )

        self.started.emit(key.value)
        self.task.start(work)
        return True

    def cancel(self) -> None:
        key = self.running_key
        if key is None:
            return
        self.task.cancel()
        self.running_key = None
        self.stopped.emit(key.value)
        self.ended.emit(key.value)

    @Slot(object)
    def _progress(self, stage: object) -> None:
        if self.running_key is not None:
            self.stage_changed.emit(self.running_key.value, stage)

    @Slot(object)
    def _finished(self, result: object) -> None:
        # not before the first window: about 24 ms
        from ontime_assist.engine.check.result import CheckResult

        key, inputs = self.running_key, self._inputs
        self.running_key = None
        if key is None or inputs is None or not isinstance(result, CheckResult):
            return
        if any(f.id == "smtp.cancelled" for f in result.findings):
            self.stopped.emit(key.value)
        else:
            # The result as the run's record keeps it (practice's ports, an added authority's
            # warning): the page shows what the summary will say.
            kept = self.session.record(key, result, inputs)
            self.finished.emit(key.value, kept)
        self.ended.emit(key.value)

    @Slot(str)
    def _failed(self, message: str) -> None:
        key = self.running_key
        self.running_key = None
        if key is not None:
            self.failed.emit(key.value, message)
            self.ended.emit(key.value)


class DiscoveryController(QObject):
    """Looks the settings up from the email address in the background, while the user goes on
    typing. A new address replaces the search for the old one."""

    started = Signal(str)  # the address
    probed = Signal(object)  # a Probe, as each host and port is told apart
    finished = Signal(object)  # the Discovery

    def __init__(self, session: AssistantSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.address = ""
        # In practice mode the "provider" is the practice server on loopback: the search
        # tries its two ports instead of looking the practice domain up in DNS.
        self.practice: tuple[str, tuple[int, ...]] | None = None
        self.dns: Dns | None = None  # a chosen DNS server; None for the system's resolver
        self.task = BackgroundTask("discover", self)
        self.task.progress.connect(self.probed)
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)

    @property
    def running(self) -> bool:
        return self.task.running

    def start(self, address: str, *, host: str = "") -> None:
        """Search for `address` (or, with `host`, only that server's ports)."""
        self.address = address
        dns = self.dns
        ports: tuple[int, ...] = ()
        if self.practice is not None:
            host, ports = self.practice
        # An authority trusted for one server goes only to a search of that server: a search
        # by address probes hosts it does not know beforehand.
        cafile = self.session.authority_file(host)

        def work(cancel: CancelToken, progress: Callable[[object], None]) -> object:
            # on the worker thread: the search and dnspython, about 220 ms
            from ontime_assist.engine.discovery.search import discover

            return discover(
                address,
                host=host,
                ports=ports,
                dns=dns,
                cafile=cafile,
                cancel=cancel,
                on_probe=progress,
            )

        self.started.emit(address)
        self.task.start(work)

    def cancel(self) -> None:
        self.task.cancel()

    @Slot(object)
    def _finished(self, found: object) -> None:
        # not before the first window: about 40 ms
        from ontime_assist.engine.discovery.outcome import Discovery

        if isinstance(found, Discovery):
            self.session.adopt(found)
        self.finished.emit(found)

    @Slot(str)
    def _failed(self, _message: str) -> None:
        self.finished.emit(None)


def _copy(stage: Stage) -> Stage:
    # The worker keeps writing to its stage; the UI thread gets a snapshot.
    from ontime_assist.engine.check.result import Stage

    return Stage(stage.name, stage.status, stage.ms, stage.detail)
