"""Bad input typed into the wizard gets its sentence under the field, never the crash dialog
(#20.3): the server page calls the same validators as the command line."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from ontime_assist.steps import StepId
from tests.helpers import PASSWORD
from tests.wizard_driver import button, page, press_next, retype, to_credentials, type_text

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("typed", ["²", "5²7", "٥٨٧"])
def test_a_port_in_other_digits_is_said_under_the_field(qtbot, make_wizard, typed: str) -> None:
    wizard = make_wizard()
    to_credentials(qtbot, wizard)
    credentials = page(wizard, StepId.CREDENTIALS)
    retype(qtbot, credentials.email, "dispatch@courier.example")
    retype(qtbot, credentials.password, PASSWORD)
    press_next(qtbot, wizard)
    server = page(wizard, StepId.SERVER_SETTINGS)
    retype(qtbot, server.host, "smtp.courier.example")
    retype(qtbot, server.port, "")
    type_text(qtbot, server.port, typed)  # a slot that raised would fail the test here
    assert server.port.text() == typed
    assert server.port_error.isVisible()
    assert "The port must be a number such as 587" in server.port_error.text()
    assert not button(wizard, QWizard.WizardButton.NextButton).isEnabled()
