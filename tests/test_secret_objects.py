"""No object that holds the password shows it when printed: repr, str, format, a dataclass's
repr of its fields, an exception. Secrets are unprintable by construction."""

from __future__ import annotations

import base64
import copy
import pickle

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ontime_assist.case import Case, judge
from ontime_assist.engine.cancel import CancelToken
from ontime_assist.engine.check.settings import build_settings
from ontime_assist.engine.check.state import CheckState
from ontime_assist.engine.connection.connect import SYSTEM_RESOLVER
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.session import AssistantSession

passwords = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=6, max_size=40
)


def printed(thing: object) -> str:
    return f"{thing!r} {thing!s} {thing}"


def assert_hidden(thing: object, password: str) -> None:
    shown = printed(thing)
    assert password not in shown
    assert base64.b64encode(password.encode()).decode() not in shown


def holders_of(password: str) -> list[object]:
    secret = Secret(password)
    session = AssistantSession(
        email="a@b.example", username="a@b.example", password=secret, host="smtp.b.example"
    )
    settings_ = build_settings(host="smtp.b.example", port=587, username="a@b.example")
    state = CheckState(settings_, secret, CancelToken(), None, SYSTEM_RESOLVER)
    result = state.result()
    session.record(Step.CREDENTIALS, result, session.inputs(Step.CREDENTIALS))
    holders: list[object] = [
        secret,
        session,
        session.inputs(Step.CREDENTIALS),
        session.records[Step.CREDENTIALS],
        state,
        result,
        Redactor([password]),
        session.case(),
        judge(session.case()),
        copy.deepcopy(secret),
    ]
    assert secret.reveal() == password  # and the value is still there for whoever must use it
    return holders


@settings(max_examples=60, deadline=None)
@given(password=passwords)
def test_no_holder_of_the_password_prints_it(password: str) -> None:
    # A password that is part of what prints anyway ("Settin" in "MailSettings") proves nothing.
    assume(password not in printed(holders_of("Canary-Pa55word!")))
    for holder in holders_of(password):
        assert_hidden(holder, password)


def test_a_secret_is_never_pickled_or_changed() -> None:
    secret = Secret("S3cret-Pa55!word")
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    with pytest.raises(AttributeError):
        secret._value = "other"  # type: ignore[misc]
    assert Secret("a1b2c3") == Secret("a1b2c3") and Secret("a1b2c3") != Secret("x")
    assert not Secret() and bool(secret)


def test_an_exception_carrying_a_secret_does_not_print_it() -> None:
    secret = Secret("S3cret-Pa55!word")
    try:
        raise ValueError(f"could not use {secret}")
    except ValueError as exc:
        assert "S3cret" not in str(exc) and "S3cret" not in repr(exc)


def test_a_case_with_a_password_prints_none() -> None:
    case = Case(secrets=(Redactor(["S3cret-Pa55!word"]),))
    assert "S3cret" not in printed(case)
