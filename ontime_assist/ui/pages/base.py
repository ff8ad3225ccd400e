"""What every page shares: the services it works with, and its title and place in the flow."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtWidgets import QWizardPage

from ontime_assist.credentials import CredentialStore
from ontime_assist.flow import END, Flow
from ontime_assist.session import AssistantSession
from ontime_assist.steps import STEPS, StepId
from ontime_assist.ui.controllers import CheckController, DiscoveryController


class Services(NamedTuple):
    """What the pages work with; the wizard makes one and hands it to every page, so no page
    needs to know the wizard."""

    session: AssistantSession
    flow: Flow
    tests: CheckController
    discovery: DiscoveryController
    credentials: CredentialStore
    remember: Callable[[], None]  # keep the non-secret settings for next time
    copy_summary: Callable[[], None]  # put the summary on the clipboard


class BasePage(QWizardPage):
    step = StepId.WELCOME

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.setTitle(STEPS[self.step].heading)

    @property
    def session(self) -> AssistantSession:
        return self.services.session

    def busy(self) -> bool:
        return False

    def on_shown(self) -> None:
        """The page became the current one, forward or back. QWizard initialises a page only
        when going forward to it; what a page shows that other pages can change (a result, the
        server the sign-in is tested on) is brought up to date here."""

    def nextId(self) -> int:
        following = self.services.flow.next_step(self.step)
        return int(following) if following is not None else END

    def isComplete(self) -> bool:
        return self.services.flow.blocker(self.step, busy=self.busy()) is None
