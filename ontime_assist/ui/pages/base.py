"""What every page shares: the services it works with, and its title and place in the flow."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

# QtCore.Qt inside functions only: its first use builds every Qt enum (about 45 ms), kept
# until the first window is painted (see BasePage.settle and AssistantWizard).
from PySide6 import QtCore
from PySide6.QtWidgets import QFrame, QLineEdit, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from ontime_assist.flow import END, Flow
from ontime_assist.session import AssistantSession
from ontime_assist.steps import STEPS, StepId
from ontime_assist.ui.controllers import CheckController, DiscoveryController
from ontime_assist.ui.password_keeper import PasswordKeeper


class Services(NamedTuple):
    """What the pages work with; the wizard makes one and hands it to every page, so no page
    needs to know the wizard."""

    session: AssistantSession
    flow: Flow
    tests: CheckController
    discovery: DiscoveryController
    passwords: PasswordKeeper  # the password store, asked off the UI thread
    remember: Callable[[], None]  # keep the non-secret settings for next time
    copy_summary: Callable[[], None]  # put the summary on the clipboard
    clock: Callable[[], float] = time.monotonic  # seconds, for waits the user sees counted


class BasePage(QWizardPage):
    step = StepId.WELCOME

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self._scroll_area: QScrollArea | None = None
        self.setTitle(STEPS[self.step].heading)

    @property
    def session(self) -> AssistantSession:
        return self.services.session

    def busy(self) -> bool:
        return False

    def scrolled_body(self) -> QWidget:
        """The widget a page lays its content on, inside a frameless scroll area: in a window
        smaller than the content, the page scrolls instead of drawing its widgets on top of
        each other (a layout squeezed below its minimum overlaps them)."""
        area = QScrollArea(self)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        self._scroll_area = area
        body = QWidget()
        area.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)
        return body

    def settle(self) -> None:
        """What the page sets once the window has been painted (the wizard calls it): the
        scroll area never scrolls sideways (the text wraps instead), and it is no stop for Tab
        (a screen reader would announce an unnamed, empty control; Tab to a field inside
        still scrolls it into view)."""
        if self._scroll_area is not None:
            Qt = QtCore.Qt
            self._scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self._scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def first_field(self) -> QWidget | None:
        """Where the keyboard goes when the page is shown: its first field, or its main
        control. None: the first control in the page's tab order."""
        return None

    def put_focus(self) -> None:
        """Called by the wizard each time the page is shown. Without it the focus stays on a
        widget of the page just left (hidden, but still taking keys: a password field)."""
        target = self.first_field()
        if target is None or not (target.isVisibleTo(self.window()) and target.isEnabled()):
            target = first_in_tab_order(self)
        if target is not None:
            # As if the user had tabbed there: a filled-in field is selected, so typing
            # replaces it rather than adding to its end.
            target.setFocus(QtCore.Qt.FocusReason.TabFocusReason)

    def on_shown(self) -> None:
        """The page became the current one, forward or back. QWizard initialises a page only
        when going forward to it; what a page shows that other pages can change (a result, the
        server the sign-in is tested on) is brought up to date here."""

    def nextId(self) -> int:
        following = self.services.flow.next_step(self.step)
        return int(following) if following is not None else END

    def isComplete(self) -> bool:
        return self.services.flow.blocker(self.step, busy=self.busy()) is None


def first_in_tab_order(page: QWidget) -> QWidget | None:
    widget = page.nextInFocusChain()
    for _ in range(1000):  # the chain is a circle through the whole window
        if widget is None or widget is page:
            return None
        if (
            page.isAncestorOf(widget)
            and widget.isVisibleTo(page)
            and widget.isEnabled()
            and widget.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


def first_empty(*fields: QLineEdit) -> QLineEdit:
    """The first field still to fill in, or the first one when all are filled."""
    return next((f for f in fields if not f.text().strip()), fields[0])
