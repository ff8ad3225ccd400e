"""Words on the pages that must be true of the moment they are read: the number of steps,
what closing loses, what the search has (not) found, and a search that shows it is working."""

from __future__ import annotations

import re
import socket

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ontime_assist.steps import STEPS, StepId
from tests.helpers import PASSWORD
from tests.servers import RawServer, Script, scripted_smtp
from tests.wizard_driver import (
    click,
    fill_credentials,
    page,
    press_next,
    retype,
    run_test,
    to_credentials,
    to_server_settings,
    type_text,
)

pytestmark = pytest.mark.gui
USER = "dispatch@courier.example"
NOWHERE = "dispatch@courier.invalid"  # RFC 6761: never exists, answered without asking DNS


def test_the_welcome_page_counts_the_steps_as_the_page_titles_do(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    outline = page(wizard, StepId.WELCOME).subTitle()
    said = re.search(r"in its (\d+) steps", outline)
    assert said is not None, outline
    totals = {
        m.group(1) for info in STEPS.values() for m in [re.search(r"of (\d+)", info.heading)] if m
    }
    assert totals == {said.group(1)}
    assert "four checks" not in outline


# The offscreen platform cannot size native dialogs; it says so on every message box.
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_closing_before_any_test_does_not_say_tests_would_be_lost(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    welcome = page(wizard, StepId.WELCOME)
    welcome.pasted.setFocus()
    type_text(qtbot, welcome.pasted, "535 5.7.139 Authentication unsuccessful")
    click(qtbot, welcome.explain_button)
    asked: list[str] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
        asked.append(box.text())
        stay = next(b for b in box.buttons() if b.text().replace("&", "") == "Keep working")
        qtbot.mouseClick(stay, Qt.MouseButton.LeftButton)

    QTimer.singleShot(200, answer)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible()
    assert len(asked) == 1
    assert "What was tested" not in asked[0]
    assert "No sign-in or sending test was run yet" in asked[0] and "pasted message" in asked[0]


def test_after_the_search_found_nothing_step_2_no_longer_says_type_or_wait(
    qtbot, make_wizard
) -> None:
    wizard = make_wizard()
    to_credentials(qtbot, wizard)
    credentials = page(wizard, StepId.CREDENTIALS)
    with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
        fill_credentials(qtbot, wizard, NOWHERE, PASSWORD)
    note = credentials.server_note.text()
    assert "Type the address first" not in note
    assert "enter it on the next page" in note
    click(qtbot, credentials.test_button)
    problem = credentials.problem.text()
    assert "wait for the search" not in problem
    assert "enter it on the next page" in problem


def test_step_3_does_not_send_the_user_to_the_next_page_for_its_own_fields(
    qtbot, make_wizard
) -> None:
    wizard = make_wizard()
    to_credentials(qtbot, wizard)
    press_next(qtbot, wizard)
    server = page(wizard, StepId.SERVER_SETTINGS)
    retype(qtbot, server.host, "mail.courier.invalid")
    with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
        click(qtbot, server.find_button)
    found = server.found.text()
    assert "No server that OnTime could use was found" in found
    assert "next page" not in found and "enter the server below" in found


def never_speaks(conn: socket.socket) -> None:
    conn.settimeout(30)
    while conn.recv(1024):
        pass


def test_find_the_right_settings_shows_it_is_working_and_can_be_stopped(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    with RawServer(never_speaks) as silent:
        # The search's candidates: one server on loopback that never answers (as the
        # practice server is searched), so the search is still at work when looked at.
        wizard.discovery.practice = ("127.0.0.1", (silent.port,))
        to_credentials(qtbot, wizard)
        press_next(qtbot, wizard)
        server = page(wizard, StepId.SERVER_SETTINGS)
        retype(qtbot, server.host, "127.0.0.1")
        with qtbot.waitSignal(wizard.discovery.started, timeout=3000):
            click(qtbot, server.find_button)
        assert server.searching.isVisible()  # a busy bar: it is working
        assert server.stop_search.isVisible() and not server.find_button.isEnabled()
        click(qtbot, server.stop_search)
        assert not wizard.discovery.running
        assert not server.searching.isVisible() and not server.stop_search.isVisible()
        assert "stopped" in server.found.text() and server.find_button.isEnabled()


def test_the_next_steps_name_onTime_with_its_capital(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    script = Script(tls_context=certs.good, rcpt="554 5.7.1 <c@x.example>: Relay access denied")
    with scripted_smtp(script) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        retype(qtbot, relay.to_addr, "c@x.example")
        run_test(qtbot, wizard, relay.send_button)
    press_next(qtbot, wizard)
    steps = page(wizard, StepId.SUMMARY).next_steps.text()
    assert "test again here" in steps
    assert "onTime" not in steps


def test_last_time_lists_the_steps_in_their_order(qtbot, make_wizard, tmp_home) -> None:
    (tmp_home / "settings.ini").write_text(
        "[results]\n"
        "relay=2026-11-30 10:00: no problem found\n"
        "credentials=2026-11-30 10:00: no problem found\n"
        "server_settings=2026-11-30 10:00: no problem found\n",
        encoding="utf-8",
    )
    wizard = make_wizard()
    said = page(wizard, StepId.WELCOME).last_time.text()
    titles = [
        STEPS[step].title for step in (StepId.CREDENTIALS, StepId.SERVER_SETTINGS, StepId.RELAY)
    ]
    places = [said.index(title) for title in titles]
    assert places == sorted(places), said
