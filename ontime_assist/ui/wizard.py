"""The troubleshooting wizard: one page per step of Vesigo's article, in its order.

The flow (ontime_assist.flow) decides which page follows which and when Next is allowed; the
pages show and collect. The wizard owns what pages share: the session, one test at a time,
the background search, the password store, and practice mode. It hooks only into what Qt
itself calls: page changes (currentIdChanged), reject() for Escape, Cancel and the close box.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget, QWizard, QWizardPage

from ontime_assist import APP_NAME
from ontime_assist.credentials import CredentialStore
from ontime_assist.flow import Flow
from ontime_assist.session import PRACTICE_NO_KEYRING, AssistantSession
from ontime_assist.steps import StepId
from ontime_assist.ui.controllers import CheckController, DiscoveryController
from ontime_assist.ui.pages.base import BasePage, Services
from ontime_assist.ui.pages.welcome import WelcomePage
from ontime_assist.ui.password_keeper import PasswordKeeper
from ontime_assist.ui.settings_store import SettingsStore
from ontime_assist.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent, QShowEvent

    from ontime_assist.demo import DemoServer

SHUTDOWN_WAIT_SECONDS = 3.0
# Room for step 3 with a search result, a failed test, its stages and its findings, without
# scrolling; with a title bar and a taskbar it still fits a 1366x768 laptop screen.
OPENING_SIZE = QSize(860, 680)
MINIMUM_SIZE = QSize(640, 460)
# What a window manager's frame and title bar take, at most, around the window.
FRAME_ALLOWANCE = QSize(16, 40)


class AssistantWizard(QWizard):
    pages_ready = Signal()  # every page exists (the first one is built before the window shows)
    first_painted = Signal()  # the window is on the screen: what can wait for it starts now

    def __init__(
        self,
        *,
        settings_store: SettingsStore | None = None,
        credential_store: CredentialStore | None = None,
        demo: DemoServer | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = AssistantSession()
        self.settings_store = settings_store
        self.credentials = credential_store or CredentialStore()
        self.passwords = PasswordKeeper(self.credentials, self.keyring_allowed, self)
        self.demo: DemoServer | None = None
        self.tests = CheckController(self.session, self)
        self.discovery = DiscoveryController(self.session, self)
        self.services = Services(
            session=self.session,
            flow=Flow(self.session),
            tests=self.tests,
            discovery=self.discovery,
            passwords=self.passwords,
            remember=self.remember,
            copy_summary=self.copy_summary,
            clock=clock,
        )
        self.setWindowTitle(APP_NAME)
        # The platform's own wizard style (Aero on Windows, Mac on macOS, Classic elsewhere).
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, False)
        # Small enough for an 800x600 screen (the pages scroll when their content does not
        # fit); it opens larger, within the screen (see showEvent).
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(OPENING_SIZE)
        self.welcome = WelcomePage(
            self.services,
            situations=None,
            start_practice=self.start_practice,
            choose_situation=self.choose_situation,
            go_to=self.go_to,
            before_leaving=self.ensure_pages,
        )
        self.pages: dict[StepId, QWizardPage] = {StepId.WELCOME: self.welcome}
        self.setPage(int(StepId.WELCOME), self.welcome)
        self.setStartId(int(StepId.WELCOME))
        self._all_built = False
        self.currentIdChanged.connect(self._page_changed)
        # The other pages (and the icon) come once the first page has been painted, so the
        # window appears without waiting for them (or at once, if anything needs them sooner).
        self._first_paint_seen = False
        self._sized_to_screen = False
        if demo is not None:
            self.enter_practice(demo)
        elif settings_store is not None:
            # The saved password is not read here: the credentials page asks the store when
            # it is shown (a locked store's prompt must not greet the user at launch).
            settings_store.load_into(self.session)

    # --- pages ------------------------------------------------------------------------------

    def ensure_pages(self) -> None:
        if self._all_built:
            return
        self._all_built = True
        # after the first paint: the other pages, about 160 ms
        from ontime_assist.ui.pages.credentials import CredentialsPage
        from ontime_assist.ui.pages.notifications import NotificationsPage
        from ontime_assist.ui.pages.ontime_server import OnTimeServerPage
        from ontime_assist.ui.pages.relay import RelayPage
        from ontime_assist.ui.pages.server_settings import ServerSettingsPage
        from ontime_assist.ui.pages.summary import SummaryPage

        for page_class in (
            OnTimeServerPage,
            NotificationsPage,
            CredentialsPage,
            ServerSettingsPage,
            RelayPage,
            SummaryPage,
        ):
            page = page_class(self.services)
            self.pages[page.step] = page
            self.setPage(int(page.step), page)
        for built in self.pages.values():
            if isinstance(built, BasePage):
                built.settle()
        # Next now has a page to go to: let QWizard look at its buttons again.
        self.welcome.completeChanged.emit()
        self.pages_ready.emit()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._sized_to_screen:
            self._sized_to_screen = True
            self._fit_screen()
        super().showEvent(event)

    def _fit_screen(self) -> None:
        """On a screen smaller than the opening size, open as large as the screen allows."""
        room = self.screen().availableGeometry().size() - FRAME_ALLOWANCE
        self.resize(self.size().boundedTo(room).expandedTo(self.minimumSize()))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._first_paint_seen:
            self._first_paint_seen = True
            QTimer.singleShot(0, self._after_first_paint)

    @Slot()
    def _after_first_paint(self) -> None:
        # Qt's icon classes cost measurable start-up time; the window manager takes the icon
        # as well a moment later.
        from ontime_assist.ui.icons import app_icon

        self.setWindowIcon(app_icon())
        self.ensure_pages()
        # The focus waits for the paint too: naming its reason builds Qt's enums (about 45 ms).
        current = self.currentPage()
        if isinstance(current, BasePage):
            current.put_focus()
        self.first_painted.emit()

    @Slot(int)
    def _page_changed(self, page_id: int) -> None:
        # Whatever the way off a page (Back, Next, a jump), a test still running there stops:
        # its answer would land on a page the user has left. One test at a time.
        self.tests.cancel()
        self.session.jump_to = None
        shown = self.page(page_id)
        if isinstance(shown, BasePage):
            shown.on_shown()
            if self._first_paint_seen:  # the first page's focus is placed once it is painted
                shown.put_focus()

    def go_to(self, step: StepId) -> None:
        """Jump forward to `step` (the welcome page's "go to the step" for a pasted message)."""
        self.ensure_pages()
        self.session.jump_to = step
        self.next()

    # --- the password store -----------------------------------------------------------------

    def keyring_allowed(self) -> bool:
        """Whether the user's real password store may be asked: the one place that decides
        (practice never touches it): the session's rule, so the Qt-free flow decides."""
        return self.session.keyring_allowed

    # --- practice mode ----------------------------------------------------------------------
    # What practice may touch is the session's decision (session.practice): the real settings,
    # "Last time", the Save folder and the keyring are neither read nor written in practice.

    def start_practice(self) -> None:
        """The welcome page's "Practice without an account…". In the middle of a real run it
        asks first: what was tested is put aside, and practice replaces the fields."""
        question = self.services.flow.practice_question()
        if question is not None and not self._confirm_practice(question):
            return
        self.remember()  # the real run's fields as they are, before practice replaces them
        from ontime_assist.demo import DemoServer  # practice only: about 35 ms

        server = DemoServer()
        server.start()
        self.enter_practice(server)

    def _confirm_practice(self, question: str) -> bool:
        # PySide6 builds a class's enums when it is imported (QMessageBox: about 2.5 ms)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(APP_NAME)
        box.setText(question)
        box.setInformativeText(
            "Practice uses a practice account on a practice server. Nothing of it is saved, "
            "and your own settings are kept as they were for the next start."
        )
        start = box.addButton("&Start practice", QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton("&Keep working", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is start

    def enter_practice(self, server: DemoServer) -> None:
        # practice only: the practice server, about 35 ms
        from ontime_assist.demo import SITUATION_LABELS

        self.tests.cancel()
        self.discovery.cancel()  # a search for the real address must not land in practice
        self.demo = server
        self.session.enter_practice(server.practice())
        session = self.session
        self.credentials.refusal = lambda: None if session.keyring_allowed else PRACTICE_NO_KEYRING
        self._password_to_load = False
        self.setWindowTitle(f"{APP_NAME} — practice mode")
        self.discovery.practice = server.discovery_target()
        self.welcome.show_practice([(s.value, label) for s, label in SITUATION_LABELS.items()])

    def choose_situation(self, value: str) -> None:
        if self.demo is None:
            return
        # practice only: the practice server, about 35 ms
        from ontime_assist.demo import apply_situation

        apply_situation(self.demo, value, self.session)

    # --- remembering and leaving -----------------------------------------------------------

    def remember(self) -> None:
        if self.settings_store is not None and self.session.may_remember:
            self.settings_store.save(self.session)

    def copy_summary(self) -> None:
        # only when copied: the verdict and the report, about 100 ms
        from ontime_assist.case import judge
        from ontime_assist.report.build import build_report
        from ontime_assist.ui.pages.summary import copy_summary

        copy_summary(build_report(judge(self.session.case())))

    def has_work_to_lose(self) -> bool:
        return self.session.has_work() and self.currentId() != int(StepId.SUMMARY)

    def reject(self) -> None:
        """Escape, Cancel and the close box (QDialog routes it here): ask first when results
        would be lost."""
        if self.has_work_to_lose() and not self._confirm_close():
            return
        super().reject()

    def _what_would_be_lost(self) -> str:
        """Said as it is: tests only when a test ran."""
        s = self.session
        if s.records:
            return "What was tested so far will be lost."
        kept = []
        if s.discovery:
            kept.append("the settings looked up from the address")
        if s.explained:
            kept.append("the explanation of the pasted message")
        if s.sender_checks:
            kept.append("the sender checks (SPF, DKIM, DMARC)")
        return f"No sign-in or sending test was run yet, but {' and '.join(kept)} would be lost."

    def _confirm_close(self) -> bool:
        # PySide6 builds a class's enums when it is imported (QMessageBox: about 2.5 ms)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(APP_NAME)
        box.setText(f"Close OnTime Assist? {self._what_would_be_lost()}")
        box.setInformativeText("The summary can be copied first, to paste into an email.")
        copy = box.addButton("&Copy the summary and close", QMessageBox.ButtonRole.AcceptRole)
        close = box.addButton("C&lose", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("&Keep working", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        if box.clickedButton() is copy:
            self.copy_summary()
            return True
        return box.clickedButton() is close

    def shutdown(self) -> None:
        """Stop every task (the test, the search, step 4's look-up, the sender checks), keep
        the settings, stop the practice server."""
        tasks = self.findChildren(BackgroundTask)
        for task in tasks:  # all stopped at once, then each given its moment to end
            task.cancel()
        for task in tasks:
            task.close(SHUTDOWN_WAIT_SECONDS)
        self.passwords.close()
        self.remember()
        if self.demo is not None:
            self.demo.stop()
            self.demo = None

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)
