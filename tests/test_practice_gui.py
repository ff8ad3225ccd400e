"""Issue #19.5 through the real wizard's buttons and keys: practice never reads or writes the
real settings, the keyring or "Last time", and everything it shows and saves says it is
practice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ontime_assist.demo import DEMO_USER, Situation
from ontime_assist.session import AssistantSession
from ontime_assist.steps import StepId
from ontime_assist.ui.settings_store import SettingsStore
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp
from tests.wizard_driver import (
    click,
    page,
    practice_sign_in,
    press_back,
    press_next,
    run_test,
    store_answers,
    to_server_settings,
)

pytestmark = pytest.mark.gui

USER = "dispatch@courier.example"


def answer_box(qtbot, label: str, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Click `label` in the message box that is open (as a person would); what it asked is
    kept in `seen`."""
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    seen.append(box.text())
    target = next(b for b in box.buttons() if b.text().replace("&", "") == label)
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


# --- #19.5: practice never leaks into real life -----------------------------------------------


def test_practice_writes_nothing_real(qtbot, make_wizard, demo, tmp_home, memory_keyring) -> None:
    """--demo: the real settings, "Last time" and the keyring are untouched, however the window
    is closed (the app stops the wizard once more after its window has closed)."""
    home_settings = tmp_home / "settings.ini"
    wizard = make_wizard(demo=demo)
    with store_answers(qtbot, wizard, "status"):  # answered at once, from the event loop
        practice_sign_in(qtbot, wizard)
    credentials = page(wizard, StepId.CREDENTIALS)
    assert not credentials.remember.isEnabled()
    assert "Practice mode" in credentials.keyring_note.text()
    assert "no problem found" in run_test(qtbot, wizard, credentials.test_button)
    wizard.done(0)  # Finish, Cancel or the close box
    wizard.shutdown()  # what run_gui does once the event loop has ended
    fresh = AssistantSession()
    SettingsStore(home_settings).load_into(fresh)
    assert fresh.email != DEMO_USER and fresh.host != "127.0.0.1"
    assert fresh.previous_results == {}
    assert memory_keyring.store == {}


# The offscreen platform cannot size native dialogs; it says so on every message box.
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_practice_in_the_middle_of_a_real_run_asks_first(
    qtbot, make_wizard, certs, memory_keyring
) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        run_test(qtbot, wizard, page(wizard, StepId.SERVER_SETTINGS).test_button)
    for _ in range(3):
        press_back(qtbot, wizard)
    assert wizard.currentId() == StepId.WELCOME
    welcome = page(wizard, StepId.WELCOME)
    asked: list[str] = []
    QTimer.singleShot(200, lambda: answer_box(qtbot, "Keep working", asked))
    click(qtbot, welcome.practice_button)
    assert asked and "Start practice now?" in asked[0]
    assert wizard.session.practice is None and wizard.session.records  # nothing changed
    QTimer.singleShot(200, lambda: answer_box(qtbot, "Start practice", asked))
    click(qtbot, welcome.practice_button)
    assert wizard.session.practice is not None and "practice mode" in wizard.windowTitle()
    wizard.done(0)
    wizard.shutdown()
    fresh = AssistantSession()
    SettingsStore(Path(wizard.settings_store.path)).load_into(fresh)
    assert fresh.email == USER and fresh.host == "127.0.0.1"  # the real run's, kept
    assert fresh.port == str(server.port)


def test_practice_hides_last_time_and_the_summary_says_practice(
    qtbot, make_wizard, demo, tmp_home
) -> None:
    store = SettingsStore(tmp_home / "settings.ini")
    real = AssistantSession(email=USER, host="smtp.courier.example")
    real.previous_results = {"credentials": "2026-11-26 10:00: no problem found"}
    store.save(real)
    store._qsettings.setValue("results/credentials", "2026-11-26 10:00: no problem found")
    store._qsettings.sync()
    wizard = make_wizard()
    welcome = page(wizard, StepId.WELCOME)
    assert welcome.last_time.isVisible()
    click(qtbot, welcome.practice_button)  # nothing tested yet: no question
    assert not welcome.last_time.isVisible()
    practice_sign_in(qtbot, wizard)
    run_test(qtbot, wizard, page(wizard, StepId.CREDENTIALS).test_button)
    for _ in range(3):
        press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    assert summary.report.subject.startswith("[Practice]")
    assert "there is no one to send it to" in summary.audience.text()
    assert "Practice: This summary comes from the practice server" in summary.view.toPlainText()


def test_practice_mixup_advice_names_the_practice_servers_working_port(
    qtbot, make_wizard, demo
) -> None:
    wizard = make_wizard(demo=demo)
    practice_sign_in(qtbot, wizard, Situation.PORT_MIXUP)
    press_next(qtbot, wizard)
    server = page(wizard, StepId.SERVER_SETTINGS)
    assert "SSL from the very first moment" in run_test(qtbot, wizard, server.test_button)
    advice = server.panel.findings.toPlainText()
    assert f"port {demo.starttls_port}" in advice


def test_a_practice_summary_is_saved_as_practice_and_its_folder_is_not_kept(
    qtbot, make_wizard, demo, tmp_home, monkeypatch
) -> None:
    asked: list[str] = []

    def save_dialog(_parent, _title, start, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(tmp_home / Path(start).name), "Text (*.txt)"

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_dialog)
    wizard = make_wizard(demo=demo)
    practice_sign_in(qtbot, wizard)
    for _ in range(3):
        press_next(qtbot, wizard)
    click(qtbot, page(wizard, StepId.SUMMARY).save_button)
    assert asked == ["OnTime mail summary (practice).txt"]
    saved = (tmp_home / asked[0]).read_text("utf-8")
    assert "Practice: This summary comes from the practice server" in saved
    assert (
        not (tmp_home / "settings.ini").exists()
        or "save_folder" not in (tmp_home / "settings.ini").read_text()
    )


def test_practice_leaves_the_real_settings_folder_as_it_found_it(qtbot, tmp_path, demo) -> None:
    """--demo: not even the real settings' folder is made."""
    from ontime_assist.ui.wizard import AssistantWizard

    home = tmp_path / "OnTime Assist"
    wizard = AssistantWizard(settings_store=SettingsStore(home / "settings.ini"), demo=demo)
    with qtbot.waitSignal(wizard.pages_ready, timeout=5000):
        wizard.show()
    practice_sign_in(qtbot, wizard)
    run_test(qtbot, wizard, page(wizard, StepId.CREDENTIALS).test_button)
    wizard.done(0)
    wizard.shutdown()
    wizard.deleteLater()
    assert not home.exists()


def test_a_real_run_still_keeps_its_settings_in_a_new_folder(qtbot, tmp_path) -> None:
    from ontime_assist.ui.wizard import AssistantWizard

    home = tmp_path / "OnTime Assist"
    wizard = AssistantWizard(settings_store=SettingsStore(home / "settings.ini"))
    wizard.session.email = USER
    wizard.done(0)
    wizard.deleteLater()
    fresh = AssistantSession()
    SettingsStore(home / "settings.ini").load_into(fresh)
    assert fresh.email == USER
