"""The whole case: what was answered and found (Case), and the one reading of it (Verdict).

Names are loaded from their modules when first asked for, so `check` can use the light
ordering of findings (case.evidence) without loading the whole verdict.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from typing import Any

    from ontime_assist.case.answers import OnTimeServerOutcome
    from ontime_assist.case.model import (
        Advice,
        Audience,
        Case,
        NotificationCheck,
        OnTimeSettings,
        StepOutcome,
        TrustedAuthority,
        Verdict,
    )
    from ontime_assist.case.verdict import judge

_WHERE = {
    "judge": "verdict",
    "OnTimeServerOutcome": "answers",
    **dict.fromkeys(
        (
            "Advice",
            "Audience",
            "Case",
            "NotificationCheck",
            "OnTimeSettings",
            "StepOutcome",
            "TrustedAuthority",
            "Verdict",
        ),
        "model",
    ),
}

__all__ = [
    "Advice",
    "Audience",
    "Case",
    "NotificationCheck",
    "OnTimeServerOutcome",
    "OnTimeSettings",
    "StepOutcome",
    "TrustedAuthority",
    "Verdict",
    "judge",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
