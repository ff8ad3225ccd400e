"""Today's date, for the sentences whose truth depends on it (providers' dated policy).

Everything that says a provider's policy asks `today()`, never the machine's clock directly, so
a test can set the day. The test hook is the environment variable ONTIME_ASSIST_TODAY
(YYYY-MM-DD), read here only. An environment variable rather than an option: it reaches the
command line, the wizard and the engine alike, including a command run in a child process, and
the command line's options (the outside contract) stay as they are. It changes nothing but the
tense of what is said about providers' dates. A value that is not a date is ignored.
"""

from __future__ import annotations

import datetime as dt
import os

TODAY_VARIABLE = "ONTIME_ASSIST_TODAY"


def today() -> dt.date:
    """The local date, or the one a test set in ONTIME_ASSIST_TODAY."""
    fixed = os.environ.get(TODAY_VARIABLE, "").strip()
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            pass  # a test hook, not a user's setting: a bad value falls back to the real date
    return dt.date.today()
