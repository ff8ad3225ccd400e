"""Branch: the OnTime Mail Server did not work either, so the mail server is not the problem."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from ontime_assist.ui.page_ids import PageId
from ontime_assist.ui.pages.base import BasePage, paragraph


class NotificationsPage(BasePage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("The problem is not your mail server")
        self.setSubTitle(
            "Notifications also failed through the OnTime Mail Server, so the "
            "way they are set up in OnTime needs a look."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                "Things to check in OnTime:<ul>"
                "<li>The notification is switched on for the event you expect (for example "
                "order status changes), and for the customer or contact concerned.</li>"
                "<li>The customer or contact has a valid email address (no spaces, nothing "
                "missing after the @).</li>"
                "<li>The notification template is not empty and has a subject.</li>"
                "<li>If only some customers get nothing, ask them to look in their spam folder."
                "</li></ul>"
                "If all of this looks right, contact OnTime support. The summary on the last page "
                "is written for them: it says that the OnTime Mail Server was tried and what "
                "happened."
            )
        )
        layout.addStretch(1)

    def nextId(self) -> int:
        return int(PageId.SUMMARY)
