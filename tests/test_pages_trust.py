"""Step 3's "Trust a certificate authority file…" as a user meets it: the server's own
certificate chosen by mistake is said, not accepted; after "Stop trusting that authority" the
way back (Trust…) is still there."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
import trustme

from ontime_assist.steps import StepId
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp
from tests.wizard_driver import click, page, run_test, to_server_settings

pytestmark = pytest.mark.gui
USER = "dispatch@courier.example"


@pytest.fixture
def office(tmp_home: Path):  # type: ignore[no-untyped-def]
    """A company's own authority, its file, and a server certificate it issued."""
    authority = trustme.CA(organization_name="Courier Office CA")
    authority_file = tmp_home / "office-ca.pem"
    authority.cert_pem.write_to_path(str(authority_file))
    leaf = authority.issue_cert("127.0.0.1")
    leaf_file = tmp_home / "mail-server.crt"
    leaf.cert_chain_pems[0].write_to_path(str(leaf_file))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    leaf.configure_cert(context)
    return authority_file, leaf_file, context


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """What the user picks in the file dialog (a native dialog the test cannot click in)."""
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a, **k: (str(path), "")
    )


def test_the_servers_own_certificate_chosen_as_the_authority_is_said_not_accepted(
    qtbot, make_wizard, office, monkeypatch: pytest.MonkeyPatch
) -> None:
    _authority_file, leaf_file, context = office
    wizard = make_wizard()
    with scripted_smtp(Script(tls_context=context, expected_password=PASSWORD)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        assert "not from a trusted authority" in run_test(qtbot, wizard, settings_page.test_button)
        choose_file(monkeypatch, leaf_file)
        click(qtbot, settings_page.trust_button)
    problem = settings_page.problem.text()
    assert settings_page.problem.isVisible()
    assert "mail-server.crt" in problem and "certificate of the server itself" in problem
    assert "cannot work" in problem and "Courier Office CA" in problem  # what to ask for
    assert wizard.session.trusted_authority is None  # not accepted
    assert settings_page.trust_button.isVisible()  # the right file can still be chosen


def test_after_stop_trusting_the_trust_button_is_back(
    qtbot, make_wizard, office, monkeypatch: pytest.MonkeyPatch
) -> None:
    authority_file, _leaf_file, context = office
    wizard = make_wizard()
    with scripted_smtp(Script(tls_context=context, expected_password=PASSWORD)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        run_test(qtbot, wizard, settings_page.test_button)
        choose_file(monkeypatch, authority_file)
        click(qtbot, settings_page.trust_button)
        assert "Courier Office CA" in settings_page.trusted.text()
        assert "no problem found" in run_test(qtbot, wizard, settings_page.test_button)
        click(qtbot, settings_page.untrust_button)
    assert not settings_page.untrust_button.isVisible()
    assert settings_page.trust_button.isVisible()  # without a new test first


def test_an_authority_that_did_not_help_is_said_after_the_test(
    qtbot, make_wizard, office, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _authority_file, _leaf_file, context = office
    stranger = trustme.CA(organization_name="Some Other CA")
    stranger_file = tmp_home / "other-ca.pem"
    stranger.cert_pem.write_to_path(str(stranger_file))
    wizard = make_wizard()
    with scripted_smtp(Script(tls_context=context, expected_password=PASSWORD)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        run_test(qtbot, wizard, settings_page.test_button)
        choose_file(monkeypatch, stranger_file)
        click(qtbot, settings_page.trust_button)
        assert "not from a trusted authority" in run_test(qtbot, wizard, settings_page.test_button)
    said = settings_page.trusted.text()
    assert "did not make the server's certificate trusted" in said
    assert "Courier Office CA" in said  # the one that did issue it
    assert settings_page.trust_button.isVisible()
