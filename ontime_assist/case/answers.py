"""The answer to step 1: did notifications go out through the OnTime Mail Server? Its own small
module: the wizard's flow branches on it from the first page on."""

from __future__ import annotations

from enum import StrEnum


class OnTimeServerOutcome(StrEnum):
    NOT_ANSWERED = ""
    WORKED = "worked"  # notifications went out through the OnTime Mail Server
    FAILED = "failed"  # they did not: the problem is not the own mail server
    NOT_TRIED = "not_tried"  # the user could not switch now
