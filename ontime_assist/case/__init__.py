"""The whole case: what was answered and found (Case), and the one reading of it (Verdict)."""

from ontime_assist.case.judge import judge
from ontime_assist.case.model import (
    Audience,
    Case,
    NotificationCheck,
    OnTimeServerOutcome,
    OnTimeSettings,
    StepOutcome,
    TrustedAuthority,
    Verdict,
)

__all__ = [
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
