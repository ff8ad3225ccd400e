"""What one run leaves for the next: the non-secret settings (never the password) and, one line
per step, what its tests found. The settings store writes and reads them; practice never does
(session.may_remember)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ontime_assist.steps import TESTED_STEPS, page_of

if TYPE_CHECKING:
    from ontime_assist.session import AssistantSession

# Non-secret fields remembered between runs (the password never is).
REMEMBERED_FIELDS = (
    "email",
    "username",
    "host",
    "port",
    "security",
    "windows_auth",
    "from_addr",
    "to_addr",
    "mfa",
    "remember_password",
    "save_folder",
    "save_format",
)


def remembered(session: AssistantSession) -> dict[str, object]:
    return {name: getattr(session, name) for name in REMEMBERED_FIELDS}


def restore(session: AssistantSession, values: dict[str, object]) -> None:
    for name in REMEMBERED_FIELDS:
        if name not in values:
            continue
        current = getattr(session, name)
        value = values[name]
        if isinstance(current, bool):
            setattr(session, name, str(value).lower() in ("true", "1"))
        elif isinstance(value, str):
            setattr(session, name, value)


def result_lines(session: AssistantSession, when: str) -> dict[str, str]:
    """This run's outcomes, worded for remembering (no server text, no secrets)."""
    # only when a run is remembered: about 4 ms
    from ontime_assist.case.outcome import outcome_words

    results = session.current_results()
    return {key.value: f"{when}: {outcome_words(result)}" for key, result in results.items()}


def last_time(session: AssistantSession) -> list[tuple[str, str]]:
    """What the last run's tests found, by step title, in the order of the steps."""
    return [
        (page_of(key).title, session.previous_results[key.value])
        for key in TESTED_STEPS
        if key.value in session.previous_results
    ]
