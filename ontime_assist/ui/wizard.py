"""The troubleshooting wizard: one page per step of Vesigo's article, in its order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QWidget, QWizard, QWizardPage

from ontime_assist import APP_NAME
from ontime_assist.credentials import CredentialError, CredentialStore
from ontime_assist.session import AssistantSession
from ontime_assist.ui.icons import app_icon
from ontime_assist.ui.page_ids import PageId
from ontime_assist.ui.pages.welcome import WelcomePage
from ontime_assist.ui.settings_store import SettingsStore

if TYPE_CHECKING:
    from ontime_assist.demo import DemoServer
    from ontime_assist.ui.pages.testing import TestingPage


class AssistantWizard(QWizard):
    def __init__(
        self,
        *,
        settings_store: SettingsStore | None = None,
        credential_store: CredentialStore | None = None,
        demo: DemoServer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = AssistantSession()
        self.settings_store = settings_store
        self.credentials = credential_store or CredentialStore()
        self.demo = demo
        self.setWindowTitle(APP_NAME + (" — practice mode" if demo else ""))
        # The platform's own wizard style (Aero on Windows, Mac on macOS, Classic elsewhere).
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, False)
        self.setMinimumSize(QSize(780, 640))
        self.setWindowIcon(app_icon())
        situations = None
        if demo is not None:
            from ontime_assist.demo import SITUATION_LABELS

            situations = [(s.value, label) for s, label in SITUATION_LABELS.items()]
        # The first page is built now; the others right after it is on screen (or the moment
        # anything asks for them), so the window appears without waiting for all of them.
        self.pages: dict[PageId, QWizardPage] = {PageId.WELCOME: WelcomePage(situations)}
        self.setPage(int(PageId.WELCOME), self.pages[PageId.WELCOME])
        self.setStartId(int(PageId.WELCOME))
        self._all_built = False
        if settings_store is not None and demo is None:
            settings_store.load_into(self.session)
            self._load_saved_password()

    def ensure_pages(self) -> None:
        if self._all_built:
            return
        self._all_built = True
        from ontime_assist.ui.pages.credentials import CredentialsPage
        from ontime_assist.ui.pages.notifications import NotificationsPage
        from ontime_assist.ui.pages.ontime_server import OnTimeServerPage
        from ontime_assist.ui.pages.relay import RelayPage
        from ontime_assist.ui.pages.server_settings import ServerSettingsPage
        from ontime_assist.ui.pages.summary import SummaryPage

        rest: dict[PageId, QWizardPage] = {
            PageId.ONTIME_SERVER: OnTimeServerPage(),
            PageId.NOTIFICATIONS: NotificationsPage(),
            PageId.CREDENTIALS: CredentialsPage(self.credentials),
            PageId.SERVER_SETTINGS: ServerSettingsPage(),
            PageId.RELAY: RelayPage(),
            PageId.SUMMARY: SummaryPage(),
        }
        for page_id, page in rest.items():
            self.setPage(int(page_id), page)
        self.pages.update(rest)

    def page(self, page_id: int) -> QWizardPage:
        self.ensure_pages()
        return super().page(page_id)

    def next(self) -> None:
        self.ensure_pages()
        super().next()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._all_built:
            # After the first page has been painted: a zero timer could run before it.
            QTimer.singleShot(50, self.ensure_pages)

    def _load_saved_password(self) -> None:
        s = self.session
        if not (s.remember_password and s.host and s.username):
            return
        try:
            s.password = self.credentials.load(s.host, s.username) or ""
        except CredentialError:
            s.password = ""

    def choose_demo_situation(self, value: str) -> None:
        if self.demo is None:
            return
        from ontime_assist.demo import DEMO_PASSWORD, Situation

        situation = Situation(value)
        self.demo.situation = situation
        practice = self.demo.settings_for(situation)

        s = self.session
        s.email = s.username = s.from_addr = practice.username
        s.password = DEMO_PASSWORD
        s.host, s.port, s.security = practice.host, str(practice.port), practice.security
        s.to_addr = "customer@example.org"
        s.cafile = practice.cafile
        s.results.clear()

    def remember(self) -> None:
        if self.settings_store is not None and self.demo is None:
            self.settings_store.save(self.session)

    def testing_pages(self) -> list[TestingPage]:
        from ontime_assist.ui.pages.testing import TestingPage

        return [p for p in self.pages.values() if isinstance(p, TestingPage)]

    def back(self) -> None:
        for page in self.testing_pages():
            page.panel.runner.cancel()
        super().back()

    def shutdown(self) -> None:
        """Cancel running tests, wait for them briefly, keep the settings, stop the demo."""
        for page in self.testing_pages():
            page.panel.runner.wait(3.0)
        self.remember()
        if self.demo is not None:
            self.demo.stop()
            self.demo = None

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
