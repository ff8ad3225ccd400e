"""The wizard's pages, in the order of the vendor's troubleshooting article."""

from enum import IntEnum


class PageId(IntEnum):
    WELCOME = 0
    ONTIME_SERVER = 1  # step 1: try the OnTime Mail Server
    NOTIFICATIONS = 2  # branch: the OnTime Mail Server failed too
    CREDENTIALS = 3  # step 2
    SERVER_SETTINGS = 4  # step 3
    RELAY = 5  # step 4
    SUMMARY = 6  # step 5: contact the provider


STEP_PAGES = {
    "ontime_mail_server": PageId.ONTIME_SERVER,
    "credentials": PageId.CREDENTIALS,
    "server_settings": PageId.SERVER_SETTINGS,
    "relay": PageId.RELAY,
    "provider": PageId.SUMMARY,
}
