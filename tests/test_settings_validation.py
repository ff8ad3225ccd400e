"""Whatever is typed into a field, the validators answer with a sentence (SettingsError), never
another exception: the command line prints it and exits 2, the wizard shows it under the field."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ontime_assist.engine.check.settings import (
    build_settings,
    validate_address,
    validate_host,
    validate_port,
    validate_timeout,
)
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.discovery.dns_lookup import NameserverError, parse_nameserver
from ontime_assist.flow import Flow
from ontime_assist.session import AssistantSession
from ontime_assist.steps import StepId

# Digits that str.isdigit() accepts but int() does not, digits of other scripts, and numbers
# too long for int() to read.
ODD_NUMBERS = ["²", "5²7", "⁵⁸⁷", "①", "٥٨٧", "５８７", "9" * 5000, "0" * 5000 + "587"]


@pytest.mark.parametrize("port", ["²", "5²7", "⁵⁸⁷", "①", "٥٨٧"])
def test_check_with_a_non_ascii_digit_port_says_so(run_cli, port: str) -> None:
    done = run_cli("check", "--host", "smtp.example.com", "--port", port)
    assert done.code == 2 and done.out == ""
    assert "Traceback" not in done.err
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and "The port must be a number such as 587" in lines[0], done.err


def test_check_with_a_very_long_port_number_says_so(run_cli) -> None:
    done = run_cli("check", "--host", "smtp.example.com", "--port", "9" * 5000)
    assert done.code == 2 and done.out == ""
    assert "between 1 and 65535" in done.err


@pytest.mark.parametrize("nameserver", ["127.0.0.1:²", "127.0.0.1:٥٣"])
def test_a_nameserver_port_in_other_digits_is_bad_input(run_cli, nameserver: str) -> None:
    done = run_cli("discover", "a@b.test", "--nameserver", nameserver)
    assert done.code == 2 and done.out == ""
    assert "--nameserver" in done.err and "Traceback" not in done.err


@pytest.mark.parametrize("timeout", ["²", "١٠"])
def test_a_timeout_in_other_digits_is_bad_input(run_cli, timeout: str) -> None:
    done = run_cli("check", "--host", "smtp.example.com", "--port", "587", "--timeout", timeout)
    assert done.code == 2 and done.out == "" and "number of seconds" in done.err


def test_the_wizard_says_what_is_wrong_with_a_superscript_port() -> None:
    """The server-settings step's blocker is what the page shows under the port field."""
    session = AssistantSession()
    session.host, session.port = "smtp.example.com", "²"
    problem = Flow(session).blocker(StepId.SERVER_SETTINGS)
    assert problem is not None and "The port must be a number such as 587" in problem


def _answers_in_words(validate, text: str) -> None:  # type: ignore[no-untyped-def]
    try:
        validate(text)
    except SettingsError as exc:
        assert exc.message.strip(), "an empty sentence"


VALIDATORS = {
    "host": validate_host,
    "port": validate_port,
    "timeout": validate_timeout,
    "from": lambda text: validate_address(text, "from"),
    "to": lambda text: validate_address(text, "to"),
}

any_text = st.text(max_size=80) | st.sampled_from(ODD_NUMBERS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(VALIDATORS)), text=any_text)
@example(field="port", text="²")
@example(field="host", text="smtp.xn--zz.test")
@example(field="host", text="a_b.test")
@example(field="host", text="[::1")
@example(field="timeout", text="١٠")
def test_every_validator_answers_any_text_with_a_sentence(field: str, text: str) -> None:
    _answers_in_words(VALIDATORS[field], text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    host=any_text,
    port=any_text,
    security=st.text(max_size=10),
    username=st.text(max_size=30),
    from_addr=st.text(max_size=30),
    to_addr=st.text(max_size=30),
    timeout=any_text,
)
def test_build_settings_answers_any_text_with_a_sentence(
    host: str, port: str, security: str, username: str, from_addr: str, to_addr: str, timeout: str
) -> None:
    try:
        build_settings(
            host=host,
            port=port,
            security=security,
            username=username,
            from_addr=from_addr,
            to_addr=to_addr,
            timeout=timeout,
        )
    except SettingsError as exc:
        assert exc.message.strip()


@settings(max_examples=200, deadline=None)
@given(text=any_text)
@example(text="127.0.0.1:²")
@example(text="[::1]:①")
def test_nameserver_parsing_answers_any_text_with_its_error(text: str) -> None:
    with contextlib.suppress(NameserverError):
        parse_nameserver(text)
