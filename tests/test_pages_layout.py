"""The window at the size it opens: nothing drawn on top of anything else, the failing stage
in view, and a window that fits a laptop's screen (and can be made small enough for an
800x600 one). Driven through the real buttons against the practice server on loopback."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QTextEdit,
    QWidget,
)

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.demo import Situation
from ontime_assist.steps import StepId
from ontime_assist.ui.wizard import OPENING_SIZE
from tests.wizard_driver import answer_step_one, choose, page, press_next, run_test

pytestmark = pytest.mark.gui

LEAVES = (QLabel, QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QTextEdit, QProgressBar)
# A 1366x768 laptop screen, less a taskbar (40) and a window's title bar and frame (40, 16).
LAPTOP_ROOM = (1366 - 16, 768 - 40 - 40)
SMALL_SCREEN_ROOM = (800 - 16, 600 - 40 - 40)


def shown_leaves(root: QWidget) -> list[QWidget]:
    """The controls and texts the user sees on `root`, without the parts Qt builds inside
    a control (a combo box's list, a text view's viewport)."""
    found = [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, LEAVES) and w.isVisible() and not w.objectName().startswith("qt_")
    ]
    return [w for w in found if not any(o is not w and o.isAncestorOf(w) for o in found)]


def window_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def overlaps(root: QWidget) -> list[str]:
    leaves = shown_leaves(root)
    return [
        f"{describe(a)} overlaps {describe(b)}"
        for a, b in itertools.combinations(leaves, 2)
        if window_rect(a).intersects(window_rect(b))
    ]


def out_of_view(root: QWidget) -> list[str]:
    """What lies outside the part of the page's scroll area the user sees (needs scrolling)."""
    area = root.findChild(QScrollArea)
    assert area is not None
    seen = QRect(area.viewport().mapTo(root.window(), QPoint(0, 0)), area.viewport().size())
    return [describe(w) for w in shown_leaves(root) if not seen.contains(window_rect(w))]


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton | QLineEdit) else ""
    return f"{type(widget).__name__}({widget.accessibleName() or text[:30]!r})"


def step_3_after_a_failed_test(qtbot, make_wizard, demo):  # type: ignore[no-untyped-def]
    """The busiest step 3: the search's answer, the typed settings differing from it, and a
    failed test with its stages and findings (the practice port mix-up)."""
    wizard = make_wizard(demo=demo)
    choose(qtbot, page(wizard, StepId.WELCOME).situation, Situation.PORT_MIXUP.value)
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
    press_next(qtbot, wizard)
    with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
        press_next(qtbot, wizard)
    server = page(wizard, StepId.SERVER_SETTINGS)
    assert "SSL from the very first moment" in run_test(qtbot, wizard, server.test_button)
    assert server.compare.isVisible()  # the search found another port: said, with its button
    QApplication.processEvents()
    return wizard, server


def test_at_its_opening_size_step_3_shows_everything_without_overlap(
    qtbot, make_wizard, demo
) -> None:
    assert OPENING_SIZE.width() <= LAPTOP_ROOM[0] and OPENING_SIZE.height() <= LAPTOP_ROOM[1]
    wizard, server = step_3_after_a_failed_test(qtbot, make_wizard, demo)
    wizard.resize(OPENING_SIZE)  # as it opens on a screen with room for it (the test's is smaller)
    QApplication.processEvents()
    assert overlaps(server) == []
    assert out_of_view(server) == []  # nothing needs scrolling at the size it opens
    stages = server.panel.stages
    failed = next(
        stages.topLevelItem(i)
        for i in range(stages.topLevelItemCount())
        if stages.topLevelItem(i).text(1) == "Failed"
    )
    assert stages.viewport().rect().contains(stages.visualItemRect(failed))
    first = stages.topLevelItem(0)  # the stages before it are in view too, not scrolled away
    assert stages.viewport().rect().contains(stages.visualItemRect(first))


def test_on_a_small_screen_the_window_shrinks_and_the_page_scrolls_instead_of_overlapping(
    qtbot, make_wizard, demo
) -> None:
    wizard, server = step_3_after_a_failed_test(qtbot, make_wizard, demo)
    room = wizard.screen().availableGeometry()
    assert wizard.width() <= room.width() and wizard.height() <= room.height()  # opened within
    minimum = wizard.minimumSizeHint().expandedTo(wizard.minimumSize())
    assert minimum.width() <= SMALL_SCREEN_ROOM[0] and minimum.height() <= SMALL_SCREEN_ROOM[1]
    wizard.resize(*SMALL_SCREEN_ROOM)
    QApplication.processEvents()
    assert (wizard.width(), wizard.height()) == SMALL_SCREEN_ROOM
    assert overlaps(server) == []
