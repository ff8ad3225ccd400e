"""Screenshots of the wizard's pages, taken from a real window on an X server (with its window
manager's frame), driven through its real buttons and keys against the practice server: the
app-password case from the welcome page to the summary, and the "not your mail server" branch.

    xvfb-run -s "-screen 0 1280x1024x24" sh -c "openbox & sleep 1; python docs/make_screenshots.py"

Needs ImageMagick's `import`. Writes docs/screenshots/*.png (used by the README).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "screenshots"
sys.path.insert(0, str(HERE.parent))


class Bot:
    """The few qtbot calls tests/wizard_driver.py makes, with QTest and an event loop, so the
    screenshots are driven exactly as the GUI tests drive the wizard."""

    def mouseClick(self, widget, button, pos=None) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, button, Qt.KeyboardModifier.NoModifier, pos or QPoint())

    def keyClick(self, widget, key, modifier=None) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.keyClick(widget, key, modifier or Qt.KeyboardModifier.NoModifier)

    def keyClicks(self, widget, text: str) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtTest import QTest

        QTest.keyClicks(widget, text)

    @contextlib.contextmanager
    def waitSignal(self, signal, timeout: int = 5000) -> Iterator[None]:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEventLoop, QTimer

        loop, fired = QEventLoop(), []

        def done(*_args: object) -> None:
            fired.append(True)
            loop.quit()

        signal.connect(done)
        yield
        if not fired:
            QTimer.singleShot(timeout, loop.quit)
            loop.exec()
        signal.disconnect(done)
        if not fired:
            raise TimeoutError(f"no signal within {timeout} ms")


def settle(ms: int = 300) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shot(wizard, name: str) -> None:  # type: ignore[no-untyped-def]
    settle()
    target = OUT / f"{name}.png"
    subprocess.run(
        ["import", "-frame", "-window", str(int(wizard.winId())), str(target)], check=True
    )
    print("wrote", target)


def provider_found(bot: Bot) -> None:
    """Microsoft 365 recognised from the domain's MX record, on a loopback DNS server and mail
    server (the discovery tests' world): the credentials page and the server page it fills."""
    import trustme
    from PySide6.QtWidgets import QDialog

    from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
    from ontime_assist.steps import StepId
    from ontime_assist.ui.settings_store import SettingsStore
    from ontime_assist.ui.wizard import AssistantWizard
    from tests.discovery_world import world
    from tests.wizard_driver import page, press_next, retype, to_credentials

    ca = trustme.CA()
    cafile = str(Path(os.environ["ONTIME_ASSIST_HOME"]) / "ca.pem")
    ca.cert_pem.write_to_path(cafile)
    with world(ca, cafile) as net:
        net.zone.add(
            "contoso-courier.test", "MX", "0 contoso-courier-test.mail.protection.outlook.com"
        )
        net.host("smtp.office365.com", "127.0.0.31")
        net.starttls("127.0.0.31", 587, "smtp.office365.com", auth="AUTH LOGIN XOAUTH2")
        wizard = AssistantWizard(settings_store=SettingsStore())
        with bot.waitSignal(wizard.pages_ready):
            wizard.show()
        wizard.session.cafile = cafile  # the test authority, as a company's own CA would be
        wizard.discovery.dns = Dns(parse_nameserver(net.start_dns()))
        to_credentials(bot, wizard)
        credentials = page(wizard, StepId.CREDENTIALS)
        with bot.waitSignal(wizard.discovery.finished, timeout=15000):
            retype(bot, credentials.email, "dispatch@contoso-courier.test")
        shot(wizard, "3b-credentials-provider-found")
        press_next(bot, wizard)
        shot(wizard, "4b-server-settings-found")
        wizard.done(QDialog.DialogCode.Accepted)


def arrival_step(bot: Bot) -> None:
    """Step 4 after a test message the server accepted: did it arrive? (answered: in junk).
    A practice server of its own: closing a practice window stops its server."""
    from PySide6.QtWidgets import QDialog

    from ontime_assist.case import OnTimeServerOutcome
    from ontime_assist.demo import DemoServer, Situation
    from ontime_assist.steps import StepId
    from ontime_assist.ui.settings_store import SettingsStore
    from ontime_assist.ui.wizard import AssistantWizard
    from tests.wizard_driver import answer_step_one, choose, click, page, press_next, run_test

    server = DemoServer()
    server.start()
    wizard = AssistantWizard(settings_store=SettingsStore(), demo=server)
    with bot.waitSignal(wizard.pages_ready):
        wizard.show()
    choose(bot, page(wizard, StepId.WELCOME).situation, Situation.HEALTHY.value)
    press_next(bot, wizard)
    answer_step_one(bot, wizard, OnTimeServerOutcome.WORKED)
    for _ in range(3):
        press_next(bot, wizard)
    relay = page(wizard, StepId.RELAY)
    status = run_test(bot, wizard, relay.send_button)
    assert relay.arrival.isVisible(), status
    click(bot, relay.arrival.junk)
    settle(500)
    shot(wizard, "5b-relay-arrival")
    wizard.done(QDialog.DialogCode.Accepted)
    server.stop()


def sender_checks(bot: Bot) -> None:
    """The sender checks on a loopback DNS server (issue #22's world): step 1 judging the OnTime
    Mail Server for a domain under p=reject, and step 4 after a test message sent through a
    Microsoft 365-like server on loopback, for a domain whose SPF lacks Microsoft's include."""
    import ssl

    import trustme
    from PySide6.QtWidgets import QDialog

    from ontime_assist.case import OnTimeServerOutcome
    from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
    from ontime_assist.steps import StepId
    from ontime_assist.ui.settings_store import SettingsStore
    from ontime_assist.ui.wizard import AssistantWizard
    from tests.dns_server import dns_server
    from tests.servers import Script, scripted_smtp
    from tests.test_sender_cli import M365_GREETING
    from tests.test_sender_everywhere import everywhere_zone
    from tests.wizard_driver import (
        answer_step_one,
        click,
        page,
        press_next,
        retype,
        run_test,
        to_server_settings,
    )

    ca = trustme.CA()
    cafile = str(Path(os.environ["ONTIME_ASSIST_HOME"]) / "sender-ca.pem")
    ca.cert_pem.write_to_path(cafile)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    with dns_server(everywhere_zone()) as dns:
        wizard = AssistantWizard(settings_store=SettingsStore())
        with bot.waitSignal(wizard.pages_ready):
            wizard.show()
        wizard.discovery.dns = Dns(parse_nameserver(dns.address))
        press_next(bot, wizard)
        answer_step_one(bot, wizard, OnTimeServerOutcome.WORKED)
        step_one = page(wizard, StepId.ONTIME_SERVER)
        retype(bot, step_one.sender_address, "dispatch@via-ontime.test")
        with bot.waitSignal(step_one.sender_check.checked, timeout=15000):
            click(bot, step_one.sender_check.button)
        settle(500)
        shot(wizard, "2c-ontime-mail-server-sender-check")
        wizard.done(QDialog.DialogCode.Accepted)

        wizard = AssistantWizard(settings_store=SettingsStore())
        with bot.waitSignal(wizard.pages_ready):
            wizard.show()
        wizard.session.cafile = cafile
        wizard.discovery.dns = Dns(parse_nameserver(dns.address))
        with scripted_smtp(Script(greeting=M365_GREETING, tls_context=context)) as (server, _):
            to_server_settings(bot, wizard, server.port, "dispatch@m365-bad.test", "app-pass-42")
            press_next(bot, wizard)
            relay = page(wizard, StepId.RELAY)
            retype(bot, relay.to_addr, "customer@example.org")
            run_test(bot, wizard, relay.send_button)
        click(bot, relay.arrival.junk)
        with bot.waitSignal(relay.arrival.sender_checked, timeout=15000):
            click(bot, relay.arrival.sender_check.button)
        settle(500)
        shot(wizard, "5c-relay-sender-checks")
        wizard.done(QDialog.DialogCode.Accepted)


def main() -> int:
    if not os.environ.get("DISPLAY"):
        raise SystemExit("run on an X server with a window manager (see the docstring)")
    os.environ["ONTIME_ASSIST_HOME"] = tempfile.mkdtemp(prefix="ontime-shots-")
    from PySide6.QtWidgets import QApplication, QDialog, QWizard

    from ontime_assist.case import OnTimeServerOutcome
    from ontime_assist.demo import DemoServer, Situation
    from ontime_assist.steps import StepId
    from ontime_assist.ui.settings_store import SettingsStore
    from ontime_assist.ui.wizard import AssistantWizard
    from tests.wizard_driver import answer_step_one, choose, click, page, press_next, run_test

    app = QApplication(sys.argv[:1])
    OUT.mkdir(exist_ok=True)
    bot = Bot()
    server = DemoServer()
    server.start()
    try:
        wizard = AssistantWizard(settings_store=SettingsStore(), demo=server)
        with bot.waitSignal(wizard.pages_ready):
            wizard.show()
        welcome = page(wizard, StepId.WELCOME)
        choose(bot, welcome.situation, Situation.APP_PASSWORD.value)
        shot(wizard, "1-welcome")
        press_next(bot, wizard)
        answer_step_one(bot, wizard, OnTimeServerOutcome.WORKED)
        shot(wizard, "2-ontime-mail-server")
        press_next(bot, wizard)
        credentials = page(wizard, StepId.CREDENTIALS)
        run_test(bot, wizard, credentials.test_button)
        shot(wizard, "3-credentials-app-password")
        press_next(bot, wizard)
        settings = page(wizard, StepId.SERVER_SETTINGS)
        run_test(bot, wizard, settings.test_button)
        shot(wizard, "4-server-settings")
        press_next(bot, wizard)
        relay = page(wizard, StepId.RELAY)
        run_test(bot, wizard, relay.send_button)
        shot(wizard, "5-relay")
        press_next(bot, wizard)
        shot(wizard, "6-summary")
        wizard.done(QDialog.DialogCode.Accepted)

        arrival_step(bot)
        sender_checks(bot)

        branch = AssistantWizard(settings_store=SettingsStore())
        with bot.waitSignal(branch.pages_ready):
            branch.show()
        press_next(bot, branch)
        answer_step_one(bot, branch, OnTimeServerOutcome.FAILED)
        click(bot, branch.button(QWizard.WizardButton.NextButton))
        shot(branch, "2b-notifications-branch")
        branch.done(QDialog.DialogCode.Accepted)
        if os.geteuid() == 0:  # mail servers on the real port numbers need root
            provider_found(bot)
    finally:
        server.stop()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
