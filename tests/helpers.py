"""What many tests share: the test password, and skipping (or failing, in CI) when a system
service a suite needs is missing."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

from ontime_assist.engine.redaction.secret import Secret

PASSWORD = "S3cret-Pa55!word"
SECRET = Secret(PASSWORD)


def service_missing(reason: str) -> NoReturn:
    """Skip with `reason` (one line: what to install); in CI, where
    ONTIME_ASSIST_REQUIRE_SERVICES is set, fail instead: there everything must run."""
    if os.environ.get("ONTIME_ASSIST_REQUIRE_SERVICES"):
        pytest.fail(f"required here but missing: {reason}")
    pytest.skip(reason)
