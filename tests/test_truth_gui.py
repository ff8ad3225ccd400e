"""Issue #19, as a first-time user met it, through the real wizard's buttons and keys: the
summary says only what a recorded test showed, names the test, and says "not tested" for what
none did; practice never leaks into real life."""

from __future__ import annotations

import re
import ssl
from pathlib import Path

import pytest
import trustme
from PySide6.QtWidgets import QApplication

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.credentials import service_name
from ontime_assist.demo import Situation
from ontime_assist.report.text import render_text
from ontime_assist.steps import StepId
from ontime_assist.ui.settings_store import SettingsStore
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp
from tests.wizard_driver import (
    answer_step_one,
    choose,
    click,
    page,
    practice_sign_in,
    press_back,
    press_next,
    retype,
    run_test,
    to_server_settings,
)

pytestmark = pytest.mark.gui

USER = "dispatch@courier.example"
RELAY_REFUSED = "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain"
TESTED_AT = re.compile(r"Tested on step (\d) at (\d\d:\d\d)")


def summary_text(wizard) -> str:  # type: ignore[no-untyped-def]
    """The summary as Copy puts it on the clipboard; the page shows the same words."""
    summary = page(wizard, StepId.SUMMARY)
    text = render_text(summary.report)
    shown = " ".join(summary.view.toPlainText().split())
    for line in text.splitlines():
        words = line.strip().lstrip("-– ").rstrip(":").split(": ", 1)[-1].strip()
        if words and not words[0].isdigit():  # (the conversation's times are laid out apart)
            assert " ".join(words.split()) in shown, words
    return text


# --- #19.1: a check claimed that never ran ---------------------------------------------------


def test_step_3_passing_then_step_4_skipped_never_claims_relay(qtbot, make_wizard, certs) -> None:
    """Step 3's test says MAIL FROM then RSET: it names no recipient. With step 4 skipped the
    summary says relay was not tested, and never that the account works."""
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    script = Script(tls_context=certs.good, rcpt=RELAY_REFUSED)
    with scripted_smtp(script) as (server, log):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        status = run_test(qtbot, wizard, page(wizard, StepId.SERVER_SETTINGS).test_button)
        assert "no problem found" in status
        press_next(qtbot, wizard)  # step 4: Next without sending
        press_next(qtbot, wizard)
    assert not any(line.upper().startswith("RCPT") for line in log)  # no recipient was named
    text = summary_text(wizard)
    assert "The mail account works" not in text
    assert "accepts mail to" not in text and "accepted a test message" not in text
    step_4 = next(line for line in text.splitlines() if "Step 4, Account configuration" in line)
    assert "Not tested" in step_4
    assert "sending to an outside address was not tested" in text
    steps = page(wizard, StepId.SUMMARY).next_steps.text()
    assert "on step 4, send a test message" in steps


# --- #19.3: "works" and "OnTime probably cannot use it" ------------------------------------


def test_465_passing_after_587_passed_recommends_587(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    starttls = Script(tls_context=certs.good, expected_password=PASSWORD)
    implicit = Script(tls_context=certs.good, implicit_tls=True, expected_password=PASSWORD)
    with scripted_smtp(starttls) as (port_587, _), scripted_smtp(implicit) as (port_465, _):
        to_server_settings(qtbot, wizard, port_587.port, USER, PASSWORD)
        server = page(wizard, StepId.SERVER_SETTINGS)
        assert "no problem found" in run_test(qtbot, wizard, server.test_button)
        retype(qtbot, server.port, str(port_465.port))
        choose(qtbot, server.security, "ssl")
        status = run_test(qtbot, wizard, server.test_button)
        assert "works from this computer, but OnTime probably cannot use" in status
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    report = summary.report
    settings = dict(report.section("OnTime settings to enter").blocks[1].rows)
    assert settings["Port"] == str(port_587.port)
    assert settings["SSL"].startswith("ticked (STARTTLS")
    text = summary.view.toPlainText()
    assert f"For OnTime: Use 127.0.0.1 port {port_587.port} with the SSL box ticked" in text
    assert f"Port {port_465.port} with SSL from the first byte works from this computer" in text
    assert "OnTime probably cannot use" in text and "an inference" in text
    assert "No STARTTLS port was found" not in text


def test_465_alone_is_never_entered_exactly(qtbot, make_wizard, certs) -> None:
    """Only SSL from the first byte passed: the settings work here, but the app believes
    OnTime cannot use them, so it never says to enter exactly these."""
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    implicit = Script(tls_context=certs.good, implicit_tls=True, expected_password=PASSWORD)
    with scripted_smtp(implicit) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD, security="ssl")
        assert "works from this computer, but OnTime probably cannot" in run_test(
            qtbot, wizard, page(wizard, StepId.SERVER_SETTINGS).test_button
        )
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    steps = summary.next_steps.text()
    text = summary.view.toPlainText()
    assert "Enter exactly these settings" not in steps + text
    assert "OnTime probably cannot use SSL from the first byte" in steps
    assert "OnTime settings to enter" not in text
    assert "OnTime probably cannot use them" in text
    assert "works from this computer" in text


# --- #19.4: a privately trusted authority stays a warning ------------------------------------


@pytest.fixture
def office_authority(tmp_home: Path):  # type: ignore[no-untyped-def]
    office_ca = trustme.CA(organization_name="Courier Office CA")
    office_file = tmp_home / "office-ca.pem"
    office_ca.cert_pem.write_to_path(str(office_file))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    office_ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return office_file, context


def trust_it(qtbot, wizard, monkeypatch, office_file: Path) -> None:  # type: ignore[no-untyped-def]
    settings_page = page(wizard, StepId.SERVER_SETTINGS)
    assert "not from a trusted authority" in run_test(qtbot, wizard, settings_page.test_button)
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a, **k: (str(office_file), "")
    )
    click(qtbot, settings_page.trust_button)


def test_a_trusted_private_authority_stays_a_warning(
    qtbot, make_wizard, monkeypatch, office_authority
) -> None:
    office_file, context = office_authority
    wizard = make_wizard()
    with scripted_smtp(Script(tls_context=context, expected_password=PASSWORD)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        trust_it(qtbot, wizard, monkeypatch, office_file)
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        run_test(qtbot, wizard, settings_page.test_button)
        on_page = settings_page.panel.findings.toPlainText()
        assert "trusted here only because you added" in on_page
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)
    text = summary_text(wizard)
    assert "trusted here only because you added" in text
    assert "OnTime probably does not trust that authority" in text


def test_an_authority_trusted_for_one_server_is_not_used_for_another(
    qtbot, make_wizard, monkeypatch, office_authority
) -> None:
    """#20.2: trusted for 127.0.0.1 only; the same server under another name ("localhost") is
    tested without it, in this run and the next."""
    office_file, context = office_authority
    wizard = make_wizard()
    with scripted_smtp(Script(tls_context=context, expected_password=PASSWORD)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        trust_it(qtbot, wizard, monkeypatch, office_file)
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        assert "works from this computer, with a warning" in run_test(
            qtbot, wizard, settings_page.test_button
        )
        retype(qtbot, settings_page.host, "localhost")
        status = run_test(qtbot, wizard, settings_page.test_button)
        assert "not from a trusted authority" in status
        wizard.remember()
    again = make_wizard()  # the next start: kept for 127.0.0.1, used for no other server
    assert again.session.trusted_authority is not None
    assert again.session.host == "localhost" and again.session.cafile is None


# --- #19.6: "not tested" for steps that ran ---------------------------------------------------


def test_app_password_practice_says_what_step_4_showed(qtbot, make_wizard, demo) -> None:
    wizard = make_wizard(demo=demo)
    practice_sign_in(qtbot, wizard, Situation.APP_PASSWORD)
    credentials = page(wizard, StepId.CREDENTIALS)
    assert "An app password is needed" in run_test(qtbot, wizard, credentials.test_button)
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    relay = page(wizard, StepId.RELAY)
    assert relay.to_addr.text() == "customer@example.org"
    run_test(qtbot, wizard, relay.send_button)
    press_next(qtbot, wizard)
    text = summary_text(wizard)
    step_4 = next(line for line in text.splitlines() if "Step 4, Account configuration" in line)
    assert "Not tested" not in step_4
    assert "Tested on step 4 at" in step_4 and "customer@example.org" in step_4
    assert "stopped at the sign-in" in step_4


def test_mixup_practice_says_what_step_2_showed(qtbot, make_wizard, demo) -> None:
    wizard = make_wizard(demo=demo)
    practice_sign_in(qtbot, wizard, Situation.PORT_MIXUP)
    run_test(qtbot, wizard, page(wizard, StepId.CREDENTIALS).test_button)
    for _ in range(3):
        press_next(qtbot, wizard)
    text = summary_text(wizard)
    step_2 = next(line for line in text.splitlines() if "Step 2, Account credentials" in line)
    assert "Tested on step 2 at" in step_2 and "Not tested" not in step_2


# --- #19.11: the notifications branch's answers ------------------------------------------------


def test_each_notification_answer_changes_the_advice_and_the_title_names_the_reader(
    qtbot, make_wizard
) -> None:
    wizard = make_wizard()
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.FAILED)
    press_next(qtbot, wizard)
    branch = page(wizard, StepId.NOTIFICATIONS)
    for question, group in branch.answers.items():
        click(qtbot, group.button(2 if "spam" in question else 1))  # spam: "No"; others: "Yes"
    press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    steps = summary.next_steps.text()
    assert summary.title().endswith("Summary for OnTime support")
    assert "spam or junk folder first" in steps
    assert "If the test notification still does not arrive after that" in steps
    assert "Put right what the checks found first" in summary.subTitle()
    press_back(qtbot, wizard)
    spam = next(group for q, group in branch.answers.items() if "spam" in q)
    click(qtbot, spam.button(1))  # "Yes": they looked
    press_next(qtbot, wizard)
    steps = summary.next_steps.text()
    assert "spam" not in steps and steps.count("Send this summary to OnTime support") == 1
    assert summary.subTitle().endswith("Send this to OnTime support.")


# --- #19.14: words true of the moment -----------------------------------------------------------


def test_last_time_lists_the_steps_in_order(qtbot, make_wizard, tmp_home) -> None:
    store = SettingsStore(tmp_home / "settings.ini")
    for step in ("relay", "credentials", "server_settings"):
        store._qsettings.setValue(f"results/{step}", f"2026-11-26 10:00: {step} result")
    store._qsettings.sync()
    wizard = make_wizard()
    shown = page(wizard, StepId.WELCOME).last_time.text()
    order = [shown.index(f"{step} result") for step in ("credentials", "server_settings", "relay")]
    assert order == sorted(order)


def test_loopback_words_do_not_repeat_the_address(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        run_test(qtbot, wizard, page(wizard, StepId.SERVER_SETTINGS).test_button)
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)
    text = summary_text(wizard)
    assert "127.0.0.1, 127.0.0.1" not in text and "127.0.0.1 is at 127.0.0.1" not in text
    assert "this server (127.0.0.1) is reachable only inside this network" in text


def test_save_dialog_remembers_the_folder_and_type(
    qtbot, make_wizard, certs, tmp_home, monkeypatch
) -> None:
    asked: list[tuple[str, str]] = []
    folder = tmp_home / "summaries"
    folder.mkdir()

    def save_dialog(_parent, _title, start, _filters, chosen="", *a, **k):  # type: ignore[no-untyped-def]
        asked.append((start, chosen))
        return str(folder / "for the provider.md"), "Markdown (*.md)"

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_dialog)
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good, rcpt=RELAY_REFUSED)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    click(qtbot, summary.save_button)
    click(qtbot, summary.save_button)
    assert Path(asked[1][0]).parent == folder and asked[1][0].endswith(".md")
    assert asked[1][1] == "Markdown (*.md)"
    wizard.done(0)
    again = make_wizard()  # the next start too
    again.ensure_pages()
    assert again.session.save_folder == str(folder) and again.session.save_format == ".md"


def test_no_then_ontime_in_lower_case(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    wizard.session.to_addr = "customer@example.org"
    script = Script(tls_context=certs.good, rcpt=RELAY_REFUSED)
    with scripted_smtp(script) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        press_next(qtbot, wizard)
        run_test(qtbot, wizard, page(wizard, StepId.RELAY).send_button)
        press_next(qtbot, wizard)
    steps = page(wizard, StepId.SUMMARY).next_steps.text()
    assert "onTime" not in steps and "then OnTime uses" in steps


def test_every_test_the_summary_names_was_run(qtbot, make_wizard, demo) -> None:
    """Whatever the summary says was tested names a test of this run, at its time."""
    wizard = make_wizard(demo=demo)
    practice_sign_in(qtbot, wizard, Situation.RELAY_DENIED)
    run_test(qtbot, wizard, page(wizard, StepId.CREDENTIALS).test_button)
    press_next(qtbot, wizard)
    run_test(qtbot, wizard, page(wizard, StepId.SERVER_SETTINGS).test_button)
    press_next(qtbot, wizard)
    run_test(qtbot, wizard, page(wizard, StepId.RELAY).send_button)
    press_next(qtbot, wizard)
    ran = {(str(e.number), e.key.value, f"{e.at:%H:%M}") for e in wizard.session.evidence}
    steps = {"2": "credentials", "3": "server_settings", "4": "relay"}
    for number, when in TESTED_AT.findall(summary_text(wizard)):
        assert any(key == steps[number] and at == when for _n, key, at in ran)
    assert service_name("127.0.0.1")  # (the practice server is on loopback)


# --- #20.1: a password pasted with an error message ---------------------------------------------


def test_a_pasted_message_with_the_typed_password_never_shows_it(qtbot, make_wizard) -> None:
    from tests.wizard_driver import fill_credentials, to_credentials, type_text

    wizard = make_wizard()
    to_credentials(qtbot, wizard, OnTimeServerOutcome.WORKED)
    fill_credentials(qtbot, wizard, USER, PASSWORD)
    press_back(qtbot, wizard)
    press_back(qtbot, wizard)
    welcome = page(wizard, StepId.WELCOME)
    welcome.pasted.setFocus()
    type_text(qtbot, welcome.pasted, f"535 5.7.3 Authentication unsuccessful (tried {PASSWORD})")
    click(qtbot, welcome.explain_button)
    assert PASSWORD not in welcome.pasted.toPlainText()
    assert PASSWORD not in welcome.explanation.toPlainText()
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)  # step 2, then 3 and 4 untested, then the summary
    for _ in range(3):
        press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    assert "Authentication unsuccessful" in summary.view.toPlainText()
    shown = summary.view.toPlainText() + summary.next_steps.text() + render_text(summary.report)
    assert PASSWORD not in shown
    click(qtbot, summary.copy_button)
    assert PASSWORD not in QApplication.clipboard().text()


def test_find_the_right_settings_carries_an_authority_only_to_its_own_server(
    qtbot, make_wizard, monkeypatch, tmp_home
) -> None:
    """#20.2 (the search): "Find the right settings" for another server gets no authority that
    was trusted for one server only; for that server it does."""
    from ontime_assist.engine.discovery.outcome import Discovery
    from ontime_assist.trusted_ca import load_authority

    office_ca = trustme.CA(organization_name="Courier Office CA")
    office_file = tmp_home / "office-ca.pem"
    office_ca.cert_pem.write_to_path(str(office_file))
    handed: list[tuple[str, str | None]] = []

    def search(address: str, *, host: str = "", cafile: str | None = None, **_: object):  # type: ignore[no-untyped-def]
        handed.append((host, cafile))  # what the search would trust, for which server
        return Discovery(address=address, domain=host)

    monkeypatch.setattr("ontime_assist.engine.discovery.search.discover", search)
    wizard = make_wizard()
    authority = load_authority(str(office_file), "mail.courier.example")
    wizard.session.trusted_authority = authority  # as the page's Trust button sets it
    wizard.session.cafile = authority.path
    to_server_settings(qtbot, wizard, 25, "", "")
    server = page(wizard, StepId.SERVER_SETTINGS)
    for host in ("smtp.other.example", "mail.courier.example"):
        retype(qtbot, server.host, host)
        with qtbot.waitSignal(wizard.discovery.finished, timeout=5000):
            click(qtbot, server.find_button)
    assert handed == [
        ("smtp.other.example", None),
        ("mail.courier.example", wizard.session.trusted_authority.path),
    ]
