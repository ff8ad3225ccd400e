"""#19 (leftover): in practice, the address search never replaces the chosen situation's
settings. The user chose the port mix-up to see that failure; the search finds the practice
server's working port and says so, but the fields keep the situation's port until the user
asks for the found settings ("Use these settings")."""

from __future__ import annotations

import pytest

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.demo import Situation
from ontime_assist.steps import StepId
from tests.wizard_driver import (
    answer_step_one,
    choose,
    click,
    page,
    press_back,
    press_next,
    retype,
    run_test,
)

pytestmark = pytest.mark.gui


def test_the_search_never_replaces_the_mixup_situations_port(qtbot, make_wizard, demo) -> None:
    wizard = make_wizard(demo=demo)
    welcome = page(wizard, StepId.WELCOME)
    press_next(qtbot, wizard)  # "Everything works" first: its search starts on step 2
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
    press_next(qtbot, wizard)
    press_back(qtbot, wizard)
    press_back(qtbot, wizard)
    choose(qtbot, welcome.situation, Situation.PORT_MIXUP.value)
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    credentials = page(wizard, StepId.CREDENTIALS)
    if wizard.discovery.running or wizard.session.discovery is None:
        with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
            retype(qtbot, credentials.email, wizard.session.email)  # searched again
    assert wizard.session.discovery is not None
    assert wizard.session.discovery.recommended.port == demo.starttls_port  # found, said
    assert wizard.session.port == str(demo.implicit_port)  # but not put in the fields
    press_next(qtbot, wizard)
    server = page(wizard, StepId.SERVER_SETTINGS)
    assert server.port.text() == str(demo.implicit_port)
    with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
        click(qtbot, server.find_button)
    assert server.port.text() == str(demo.implicit_port)
    assert "SSL from the very first moment" in run_test(qtbot, wizard, server.test_button)
    click(qtbot, server.use_found)  # only when asked
    assert server.port.text() == str(demo.starttls_port)


def test_find_the_right_settings_says_it_searched_again(qtbot, make_wizard, demo) -> None:
    """Seen in a real window: a search that answers at once, with the same answer as before,
    left the page exactly as it was: no sign that the button did anything."""
    wizard = make_wizard(demo=demo)
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    server = page(wizard, StepId.SERVER_SETTINGS)
    if wizard.discovery.running:  # step 2's search, still under way
        with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
            pass
    before = server.found.text()
    with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
        click(qtbot, server.find_button)
    assert server.found.text() != before
    assert "Searched again at" in server.found.text()
