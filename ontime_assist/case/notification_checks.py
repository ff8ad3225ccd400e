"""The checks on the "not your mail server" branch, and what each answer changes: a check
answered "no" is something to put right in OnTime first; one "not checked" is to be checked
first; only when they all hold is OnTime support the next step. Qt-free: the page shows the
questions, the verdict reads the answers."""

from __future__ import annotations

from typing import NamedTuple

YES, NO, NOT_CHECKED = "yes", "no", "not checked"
ANSWERS = (YES, NO, NOT_CHECKED)


class NotificationQuestion(NamedTuple):
    question: str
    if_no: str  # what to do when the answer is "no"
    to_check: str  # what to check when it was not checked


QUESTIONS = (
    NotificationQuestion(
        "The notification is switched on for the event (for example an order status change) "
        "and for the customer or contact concerned.",
        "Switch the notification on in OnTime, for the event and for the customer or contact, "
        "then send a test notification again.",
        "Check that the notification is switched on for the event and for the customer or contact.",
    ),
    NotificationQuestion(
        "The customer or contact has a valid email address (no spaces, nothing missing after @).",
        "Correct the customer's or contact's email address in OnTime (no spaces, nothing "
        "missing after @), then send a test notification again.",
        "Check the customer's or contact's email address in OnTime.",
    ),
    NotificationQuestion(
        "The notification template is not empty and has a subject.",
        "Fill in the notification template in OnTime (a subject and a text), then send a test "
        "notification again.",
        "Check that the notification template has a subject and a text.",
    ),
    NotificationQuestion(
        "The customer looked in their spam or junk folder.",
        "Ask the customer to look in their spam or junk folder first: a notification found "
        "there did go out, and the question becomes why it was filed as spam, not why OnTime "
        "did not send it.",
        "Ask the customer to look in their spam or junk folder.",
    ),
)
CHECKS = tuple(q.question for q in QUESTIONS)


def advice_for_answers(answers: dict[str, str]) -> tuple[list[str], bool]:
    """What to do first, from the answers; and whether OnTime support is the next step now
    (every check holds) rather than only if those do not help."""
    first: list[str] = []
    for q in QUESTIONS:
        answer = answers.get(q.question, NOT_CHECKED)
        if answer == NO:
            first.append(q.if_no)
        elif answer != YES:
            first.append(q.to_check)
    return first, not first
