"""The stages of a check, in the order they run, and every way a stage and its status are put
in words (the wizard's list, the terminal, the diagnosis, the summary). Kept apart from result.py,
and free of imports, so `explain` and the wizard's first page can word a stage without loading
the check (some 15 ms)."""

from __future__ import annotations

from ontime_assist.records import NamedTuple


class StageWords(NamedTuple):
    """How one stage is put in words, wherever it is named."""

    label: str  # its row in the wizard's list of steps: "Sign in"
    done: str  # that row's note when it passed: "signed in"
    stopped_at: str  # where a test stopped: "stopped at the sign-in"
    replied_at: str  # the server's reply to it: "At the login step the server replied: …"
    timed_out: str  # the finding when a search's deadline cut it short while it ran


# The stages of a check, in the order they run. dns, connect and quit get no reply to judge:
# their `replied_at` is never shown.
STAGES = {
    "dns": StageWords(
        "Find the server", "found", "finding the server's address", "dns", "dns.failed"
    ),
    "connect": StageWords("Connect", "connected", "connecting", "connect", "net.timeout"),
    "greeting": StageWords(
        "Server says hello",
        "answered",
        "the server's greeting",
        "connection",
        "smtp.no_greeting",
    ),
    "ehlo": StageWords(
        "Introduce ourselves",
        "understood",
        "the server's introduction (EHLO)",
        "introduction (EHLO)",
        "smtp.reply_timeout",
    ),
    "tls": StageWords(
        "Encrypt the connection",
        "encrypted, certificate valid",
        "encryption",
        "encryption (STARTTLS)",
        "smtp.reply_timeout",
    ),
    "auth": StageWords("Sign in", "signed in", "the sign-in", "login", "smtp.reply_timeout"),
    "mail": StageWords(
        "Sender address",
        "sender accepted",
        "the From address",
        "sender (MAIL FROM)",
        "smtp.reply_timeout",
    ),
    "rcpt": StageWords(
        "Recipient address",
        "recipient accepted",
        "the recipient",
        "recipient (RCPT TO)",
        "smtp.reply_timeout",
    ),
    "data": StageWords(
        "Test message",
        "message accepted",
        "sending the message",
        "message (DATA)",
        "smtp.reply_timeout",
    ),
    "quit": StageWords("Say goodbye", "done", "saying goodbye", "quit", "smtp.reply_timeout"),
}
STAGE_NAMES = tuple(STAGES)

# A stage's status in words, wherever a stage's result is shown: the wizard's list of steps and
# the terminal (which adds a sign, as it does for severities, so colour is never the only cue).
STATUS_WORDS = {
    "pending": "Waiting",
    "running": "Testing…",
    "ok": "Passed",
    "failed": "Failed",
    "skipped": "Skipped",
}
STATUS_SIGNS = {"pending": " ", "running": "…", "ok": "✓", "failed": "✗", "skipped": "–"}
