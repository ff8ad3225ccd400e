"""What a test showed, in the few words every place that names it uses (step 3's status line,
"Tests run" in the summary, "Last time"): so the page and the summary say the same thing, and a
warning is never called "no problem found"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ontime_assist.engine.check.settings import Security
from ontime_assist.engine.finding_kinds import Severity

if TYPE_CHECKING:
    from ontime_assist.engine.check.result import CheckResult

NO_PROBLEM = "no problem found"


def passed_words(result: CheckResult) -> str:
    """A test with no error: "no problem found", or, when it passed only with a warning (a
    certificate trusted through an authority the user added), that it works from this computer
    with that warning; with SSL from the first byte, that it works here but OnTime probably
    cannot use it (said apart, as the summary says it)."""
    warning = next((f for f in result.ordered_findings if f.severity is Severity.WARNING), None)
    if warning is not None:
        return f"works from this computer, with a warning: {lower_first(warning.title)}"
    if result.security_used is Security.SSL:  # works here; what OnTime can use is apart
        return (
            "works from this computer, but OnTime probably cannot use SSL from the first byte "
            "(an inference)"
        )
    return NO_PROBLEM


def outcome_words(result: CheckResult) -> str:
    """What a test found, to remember for "Last time" (catalog words only, no server text)."""
    root = result.root_cause
    return f"{root.title} ({root.id})" if root else passed_words(result)


def lower_first(title: str) -> str:
    # "The server's certificate…" inside a sentence; an acronym ("SSL …") stays as it is.
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title
